"""The Overview sheet: what the workbook holds, the run's parameters, a chart of figures per region, and a
guide to every sheet and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break

from regional_report.read import display_path
from regional_report.report import cells as C
from regional_report.report import layout as L

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
    ranked_columns: int
    trend_regions: int
    charts: int
    conflicts: int
    issues: int


def overview(ws: Worksheet, info: RunInfo, counts: Counts) -> str:
    """Lay out the Overview: summary and parameters, room for the chart, the reading guide and the column guide.

    Returns:
        The cell where the chart of figures per region goes (`charts.figures_per_region`).
    """
    C.put_text(ws, 1, 1, L.TITLE).font = C.TITLE_FONT
    ws.row_dimensions[1].height = 24
    row = 3

    def fact(label: str, value: object, fmt: str | None = None) -> None:
        nonlocal row
        label_cell = C.put_text(ws, row, 1, label)
        label_cell.font, label_cell.alignment = C.BOLD, C.TOP
        C.put(ws, row, 2, value, fmt).alignment = C.TOP_LEFT
        row += 1

    def section(title: str) -> None:
        nonlocal row
        row += 1
        C.put_text(ws, row, 1, title).font = C.SECTION_FONT
        row += 1

    C.put_text(ws, 2, 1, "This run").font = C.SECTION_FONT
    generated = info.generated_at
    if generated.tzinfo is not None:  # Excel has no time zones: show UTC and say so
        generated = generated.astimezone(UTC).replace(tzinfo=None)
        fact("Generated at", generated, L.FMT_DATETIME + '" UTC"')
    else:
        fact("Generated at", generated, L.FMT_DATETIME)
    for i, source in enumerate(info.inputs or ("(none)",)):
        label_cell = C.put_text(ws, row, 1, "Inputs" if i == 0 else "")
        label_cell.font, label_cell.alignment = C.BOLD, C.TOP
        C.put_text(ws, row, 2, source).alignment = C.TOP_LEFT
        row += 1
    fact("Documents read", info.documents_read, L.FMT_COUNT)
    fact("Documents processed", info.documents_processed, L.FMT_COUNT)
    fact("Documents quarantined", info.documents_quarantined, L.FMT_COUNT)
    fact("Figures", info.figures, L.FMT_COUNT)
    fact("Figures quarantined", info.figures_quarantined, L.FMT_COUNT)
    fact(
        "Compared",
        f"{_plural(counts.documents, 'document')} from {_plural(counts.regions, 'region')}; "
        f"{_plural(counts.comparison_cells, 'value')} in {_plural(counts.comparison_columns, 'column')} "
        f"({counts.ranked_columns:,} ranked, {counts.charts:,} charted)",
    )
    fact("Trends", f"{_plural(counts.trend_regions, 'region')} reported at several meetings")
    fact("Conflicts", counts.conflicts, L.FMT_COUNT)
    fact("Issues", counts.issues, L.FMT_COUNT)
    fact("Extractor version", info.extractor_version)

    section(L.OVERVIEW_CHART_TITLE)
    C.put_text(ws, row, 1, L.OVERVIEW_CHART_NOTE if counts.regions else L.NO_REGIONS).font = C.NOTE_FONT
    chart_anchor = f"A{row + 1}"
    row += L.OVERVIEW_CHART_ROWS
    ws.row_breaks.append(Break(id=row))  # in print, the guide starts a page

    section("Run parameters")
    fact("Batch size", info.batch_size, L.FMT_COUNT)
    fact("Max document size", f"{info.max_document_bytes:,} bytes (larger files are quarantined)")
    fact("Rankings", f"columns reported by at least {info.ranking_min_regions} regions")
    fact("Charts", f"at most {info.max_charts}, the most-reported ranked columns")

    width = L.OVERVIEW_WIDTHS["B"]
    section("How to read this workbook")
    for sheet, text in L.SHEET_GUIDE:
        body = text.format(min_regions=info.ranking_min_regions, max_charts=info.max_charts)
        _link(ws, row, sheet)
        C.put_text(ws, row, 2, body).alignment = C.TOP_WRAP
        C.fit_row(ws, row, C.lines(body, width))
        row += 1
    for label, text in L.READING_GUIDE:
        label_cell = C.put_text(ws, row, 1, label)
        label_cell.font, label_cell.alignment = C.BOLD, C.TOP
        C.put_text(ws, row, 2, text).alignment = C.TOP_WRAP
        C.fit_row(ws, row, C.lines(text, width))
        row += 1

    section("Qualified values")
    C.put_text(ws, row, 2, L.QUALIFIER_NOTE).alignment = C.TOP_WRAP
    C.fit_row(ws, row, C.lines(L.QUALIFIER_NOTE, width))
    row += 1
    for qualifier, sample, text in L.QUALIFIER_GUIDE:
        cell, _ = C.put_figure(ws, row, 1, "count", "count", sample, qualifier)
        cell.alignment = C.TOP_LEFT
        words = f"{L.QUALIFIER_MARKERS[qualifier]} {L.QUALIFIER_WORDS[qualifier]} ({qualifier}): {text}"
        C.put_text(ws, row, 2, words).alignment = C.TOP_WRAP
        row += 1

    section("Columns of each sheet")
    for i, (sheet, columns) in enumerate(L.COLUMN_GUIDE):
        row += 1 if i else 0
        _link(ws, row, sheet)
        row += 1
        for name, meaning in columns:
            C.put_text(ws, row, 1, name).alignment = C.TOP_WRAP
            C.put_text(ws, row, 2, meaning).alignment = C.TOP_WRAP
            C.fit_row(ws, row, max(C.lines(meaning, width), C.lines(name, L.OVERVIEW_WIDTHS["A"])))
            row += 1

    for letter, w in L.OVERVIEW_WIDTHS.items():
        ws.column_dimensions[letter].width = w
    ws.sheet_view.showGridLines = False
    C.landscape(ws, None, fit_width=True)
    return chart_anchor


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _link(ws: Worksheet, row: int, sheet: str) -> None:
    link = C.put_text(ws, row, 1, sheet)
    link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!A1")  # within the workbook
    link.font = C.LINK_FONT
    link.alignment = C.TOP
