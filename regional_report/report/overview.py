"""The Overview sheet: what the workbook holds, the run's parameters, a chart of figures per region, and a
guide to every sheet and column."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break

from regional_report.model import display_path
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report import pages

if TYPE_CHECKING:
    from regional_report.frames.summary import RunSummary
    from regional_report.settings import Settings

Worksheet = Any


@dataclass(frozen=True)
class RunInfo:
    """What the Overview sheet says about the run that produced the workbook, and the run's parameters."""

    generated_at: datetime
    inputs: tuple[str, ...]
    documents_read: int
    documents_processed: int
    documents_quarantined: int
    figures: int
    figures_quarantined: int
    extractor_version: str
    batch_size: int
    max_document_bytes: int
    ranking_min_regions: int
    max_charts: int

    def about(self) -> dict[str, object]:
        """The run as plain JSON-ready values (the export's manifest)."""
        about = dataclasses.asdict(self)
        about["generated_at"] = self.generated_at.isoformat()
        about["inputs"] = list(self.inputs)
        return about

    @classmethod
    def of(
        cls,
        summary: RunSummary,
        settings: Settings,
        inputs: Sequence[str | Path],
        generated_at: datetime,
        extractor_version: str,
    ) -> RunInfo:
        """The run's counts from its summary, its parameters from its settings, its inputs as shown."""
        return cls(
            generated_at=generated_at,
            inputs=tuple(display_path(p) for p in inputs),  # a name that is not UTF-8 shows escaped
            documents_read=summary.documents_read,
            documents_processed=summary.documents_processed,
            documents_quarantined=summary.documents_quarantined,
            figures=summary.figures,
            figures_quarantined=summary.figures_quarantined,
            extractor_version=extractor_version,
            batch_size=settings.batch_size,
            max_document_bytes=settings.max_document_bytes,
            ranking_min_regions=settings.ranking_min_regions,
            max_charts=settings.max_charts,
        )


@dataclass(frozen=True)
class Counts:
    """What the validated frames hold, for the Overview's summary."""

    regions: int
    documents: int
    comparison_cells: int
    comparison_columns: int
    outliers: int
    history: int
    plans: int
    projects: int
    few_regions: int
    """Figures left on Facts because their column has too few regions."""
    charts: int
    conflicts: int
    overrides: int
    issues: int


class _Rows:
    """The Overview written top to bottom: `row` is the next free row."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 3

    def fact(self, label: str, value: object, fmt: str | None = None) -> None:
        """A bold label and its value."""
        label_cell = C.put_text(self.ws, self.row, 1, label)
        label_cell.font, label_cell.alignment = C.BOLD, C.TOP
        C.put(self.ws, self.row, 2, value, fmt).alignment = C.TOP_LEFT
        self.row += 1

    def section(self, title: str) -> None:
        """A blank row, then a section title."""
        self.row += 1
        C.put_text(self.ws, self.row, 1, title).font = C.SECTION_FONT
        self.row += 1

    def text(self, label: str, text: str, *, link: bool = False) -> None:
        """A label (bold, or a link to the sheet it names) and a paragraph that wraps beside it."""
        if link:
            _link(self.ws, self.row, label)
        else:
            label_cell = C.put_text(self.ws, self.row, 1, label)
            label_cell.font, label_cell.alignment = C.BOLD, C.TOP
        C.put_text(self.ws, self.row, 2, text).alignment = C.TOP_WRAP
        C.fit_row(
            self.ws,
            self.row,
            max(C.lines(text, L.OVERVIEW_WIDTHS["B"]), C.lines(label, L.OVERVIEW_WIDTHS["A"])),
        )
        self.row += 1


def overview(ws: Worksheet, info: RunInfo, counts: Counts) -> str:
    """Lay out the Overview: summary and parameters, room for the chart, the reading guide and the column guide.

    Returns:
        The cell where the chart of figures per region goes (`charts.figures_per_region`).
    """
    C.put_text(ws, 1, 1, L.TITLE).font = C.TITLE_FONT
    ws.row_dimensions[1].height = 24
    C.put_text(ws, 2, 1, "This run").font = C.SECTION_FONT
    rows = _Rows(ws)
    _this_run(rows, info, counts)
    ws.row_breaks.append(Break(id=rows.row))  # in print, the chart has a page of its own
    rows.section(L.OVERVIEW_CHART_TITLE)
    C.put_text(ws, rows.row, 1, L.OVERVIEW_CHART_NOTE if counts.regions else L.NO_REGIONS).font = C.NOTE_FONT
    chart_anchor = f"A{rows.row + 1}"
    rows.row += L.OVERVIEW_CHART_ROWS
    ws.row_breaks.append(Break(id=rows.row))  # in print, the guide starts a page
    _parameters(rows, info)
    _guide(rows, info)
    for letter, w in L.OVERVIEW_WIDTHS.items():
        ws.column_dimensions[letter].width = w
    ws.sheet_view.showGridLines = False
    pages.landscape(ws, None, fit_width=True)
    return chart_anchor


def _this_run(rows: _Rows, info: RunInfo, counts: Counts) -> None:
    generated = info.generated_at
    if generated.tzinfo is not None:  # Excel has no time zones: show UTC and say so
        generated = generated.astimezone(UTC).replace(tzinfo=None)
        rows.fact("Generated at", generated, L.FMT_DATETIME + '" UTC"')
    else:
        rows.fact("Generated at", generated, L.FMT_DATETIME)
    for i, source in enumerate(info.inputs or ("(none)",)):
        rows.fact("Inputs" if i == 0 else "", source)
    rows.fact("Documents read", info.documents_read, L.FMT_COUNT)
    rows.fact("Documents processed", info.documents_processed, L.FMT_COUNT)
    rows.fact("Documents quarantined", info.documents_quarantined, L.FMT_COUNT)
    rows.fact("Figures", info.figures, L.FMT_COUNT)
    rows.fact("Figures quarantined", info.figures_quarantined, L.FMT_COUNT)
    rows.fact(
        "Compared",
        f"{_plural(counts.documents, 'document')} from {_plural(counts.regions, 'region')}; "
        f"{_plural(counts.comparison_cells, 'value')} in {_plural(counts.comparison_columns, 'column')} "
        f"({counts.outliers:,} flagged as outliers, {counts.charts:,} columns charted)",
    )
    rows.fact(
        "Kept apart",
        f"{_plural(counts.history, 'figure')} on History, {_plural(counts.plans, 'plan')} on Plans, "
        f"{_plural(counts.projects, 'figure')} on Projects; {_plural(counts.few_regions, 'figure')} of columns "
        f"with fewer than {info.ranking_min_regions} regions on Facts only",
    )
    rows.fact("Conflicts", counts.conflicts, L.FMT_COUNT)
    rows.fact("Overrides", f"{counts.overrides:,} Issues rows of the analyst's overrides file")
    rows.fact("Issues", counts.issues, L.FMT_COUNT)
    rows.fact("Extractor version", info.extractor_version)


def _parameters(rows: _Rows, info: RunInfo) -> None:
    rows.section("Run parameters")
    rows.fact("Batch size", info.batch_size, L.FMT_COUNT)
    rows.fact("Max document size", f"{info.max_document_bytes:,} bytes (larger files are quarantined)")
    rows.fact("Comparison", f"columns reported by at least {info.ranking_min_regions} regions")
    rows.fact("Charts", f"at most {info.max_charts}, the most-reported columns")


def _guide(rows: _Rows, info: RunInfo) -> None:
    rows.section("How to read this workbook")
    for sheet, text in L.SHEET_GUIDE:
        rows.text(
            sheet, text.format(min_regions=info.ranking_min_regions, max_charts=info.max_charts), link=True
        )
    for label, text in L.READING_GUIDE:
        rows.text(label, text)
    rows.section("Qualified values")
    C.put_text(rows.ws, rows.row, 2, L.QUALIFIER_NOTE).alignment = C.TOP_WRAP
    C.fit_row(rows.ws, rows.row, C.lines(L.QUALIFIER_NOTE, L.OVERVIEW_WIDTHS["B"]))
    rows.row += 1
    for qualifier, sample, text in L.QUALIFIER_GUIDE:
        cell, _ = C.put_figure(rows.ws, rows.row, 1, "count", "count", sample, qualifier)
        cell.alignment = C.TOP_LEFT
        words = f"{L.QUALIFIER_MARKERS[qualifier]} {L.QUALIFIER_WORDS[qualifier]} ({qualifier}): {text}"
        C.put_text(rows.ws, rows.row, 2, words).alignment = C.TOP_WRAP
        rows.row += 1
    rows.section("Columns of each sheet")
    for i, (sheet, columns) in enumerate(L.COLUMN_GUIDE):
        rows.row += 1 if i else 0
        _link(rows.ws, rows.row, sheet)
        rows.row += 1
        for name, meaning in columns:
            rows.text(name, meaning)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _link(ws: Worksheet, row: int, sheet: str) -> None:
    link = C.put_text(ws, row, 1, sheet)
    link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!A1")  # within the workbook
    link.font = C.LINK_FONT
    link.alignment = C.TOP
