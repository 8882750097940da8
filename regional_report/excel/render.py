"""Render validated frames into the analysts' workbook, and save it atomically.

Looks live in `layout.py`; this module decides only what goes into which cell. Every string reaches a cell
through `put_text`, so no text from a document can ever become a formula.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import polars as pl
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from pandera.config import ValidationDepth, config_context

from regional_report.excel import layout as L
from regional_report.metrics import metrics
from schemas import ComparisonFrame, FigureFrame, IssueFrame, SourceFrame
from schemas.report import STAGES

__all__ = ["RunInfo", "build_workbook", "number_format", "put_text", "render_report", "write_workbook"]

# openpyxl ships no type information: its objects are Any to mypy, named here for the reader.
Worksheet = Any
Cell = Any

EXCEL_MAX_TEXT = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ELLIPSIS = "…"


def _font(**style: Any) -> Font:
    """A font in the workbook's face and size unless told otherwise (a nameless font falls back to serif)."""
    return Font(**{"name": L.FONT_NAME, "size": L.FONT_SIZE, **style})


BOLD = _font(bold=True)
HEADER_FONT = _font(bold=True, color=L.HEADER_FONT_COLOR)
HEADER_FILL = PatternFill("solid", fgColor=L.HEADER_FILL)
TITLE_FONT = _font(bold=True, size=L.TITLE_SIZE, color=L.HEADER_FONT_COLOR)
SECTION_FONT = _font(bold=True, size=L.SECTION_SIZE, color=L.HEADER_FONT_COLOR)
NOTE_FONT = _font(italic=True, color=L.NOTE_COLOR)
LINK_FONT = _font(bold=True, color=L.LINK_COLOR, underline="single")
MONO_FONT = _font(name=L.MONO_FONT_NAME, size=L.MONO_FONT_SIZE)
QUALIFIER_FONTS = {q: _font(italic=True, color=c) for q, c in L.QUALIFIER_COLORS.items()}
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_LEFT = Alignment(vertical="top", horizontal="left")
TOPIC_ALIGN = Alignment(horizontal="center", vertical="center")
GROUP_EDGE = Border(left=Side(style="thin", color=L.GROUP_BORDER_COLOR))


@dataclass(frozen=True)
class RunInfo:
    """What the Overview sheet says about the run that produced the workbook."""

    generated_at: datetime
    inputs: tuple[str, ...]
    documents_read: int
    documents_processed: int
    documents_quarantined: int
    figures: int
    figures_quarantined: int
    extractor_version: str


# --- cells --------------------------------------------------------------------------------------------------------


def put_text(ws: Worksheet, row: int, col: int, text: str) -> Cell:
    """Write `text` as a plain string cell, never a formula; the one way strings reach a cell.

    Characters XML cannot carry are replaced by spaces and text beyond Excel's cell limit is cut with "…".
    Text that a spreadsheet would read as a formula (starting with = + - @, tab or CR) is forced to a
    string cell with Excel's quote prefix, so it shows as written and is never evaluated.
    """
    clean = ILLEGAL_CHARACTERS_RE.sub(" ", text)
    if len(clean) > EXCEL_MAX_TEXT:
        clean = clean[: EXCEL_MAX_TEXT - 1] + ELLIPSIS
    cell = ws.cell(row=row, column=col)
    cell.value = clean
    cell.data_type = "s"  # openpyxl makes "=..." a formula on assignment; undo that unconditionally
    if clean.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, col: int, value: object, fmt: str | None = None) -> Cell:
    """Write any value: strings through `put_text`, finite numbers and dates as such, anything else empty."""
    if isinstance(value, str):
        return put_text(ws, row, col, value)
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None:
        cell.value = None
    elif isinstance(value, int | float):
        cell.value = value if math.isfinite(value) else None  # NaN or inf would corrupt the file
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = L.FMT_DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = L.FMT_DATE
    else:
        return put_text(ws, row, col, str(value))
    if fmt is not None and cell.value is not None:
        cell.number_format = fmt
    return cell


def number_format(kind: str, unit: str, value: float) -> str:
    """The number format for a figure of this kind and unit; money is scaled by the value's magnitude."""
    if unit == L.PERCENT_UNIT:
        return L.FMT_PERCENT
    if unit == L.PP_UNIT:
        return L.FMT_PP
    if unit == L.MULTIPLE_UNIT:
        return L.FMT_MULTIPLE
    if unit == L.RANK_UNIT or kind == "rank":
        return L.FMT_RANK
    if unit in L.MONEY_UNITS:
        for threshold, fmt in L.MONEY_SCALES:
            if abs(value) >= threshold:
                return fmt
    return L.FMT_COUNT if float(value).is_integer() else L.FMT_AMOUNT


def cell_number(unit: str, value: float) -> float:
    """The number a cell stores: percentages as fractions (40 % → 0.4, without float noise), else the value."""
    if unit == L.PERCENT_UNIT and math.isfinite(value):
        return float(Decimal(repr(value)).scaleb(-2))
    return value


def _shown(value: object, fmt: str | None) -> str:
    """Roughly what a cell displays, to size its column."""
    if isinstance(value, str):
        return max(value.splitlines() or [""], key=len)
    if isinstance(value, datetime):
        return "0000-00-00 00:00:00 UTC"
    if isinstance(value, date):
        return "0000-00-00"
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return ""
    number = float(value)
    if fmt == L.FMT_PERCENT:
        return f"{number * 100:,.1f}%"
    if fmt == L.FMT_PP:
        return f"{number:+.1f} pp"
    if fmt == L.FMT_MULTIPLE:
        return f"{number:.1f}×"
    if fmt in (L.FMT_RANK, L.FMT_INTEGER):
        return f"{number:.0f}"
    for threshold, money in L.MONEY_SCALES:
        if fmt == money:
            return f"{number / threshold:,.1f} bn"
    if fmt == L.FMT_AMOUNT:
        return f"{number:,.2f}"
    return f"{number:,.0f}"


class _Widths:
    """The widest text shown per column, turned into bounded column widths."""

    def __init__(self) -> None:
        self.chars: dict[int, int] = {}

    def see(self, col: int, value: object, fmt: str | None = None, extra: int = 0) -> None:
        self.chars[col] = max(self.chars.get(col, 0), len(_shown(value, fmt)) + extra)

    def apply(self, ws: Worksheet, fixed: Mapping[int, float] | None = None) -> None:
        fixed = fixed or {}
        for col in sorted(self.chars.keys() | fixed.keys()):
            width = fixed.get(col, min(max(self.chars.get(col, 0) + 1, L.MIN_WIDTH), L.MAX_WIDTH))
            ws.column_dimensions[get_column_letter(col)].width = width


def _lines(text: str, width: float, factor: float = L.CHARS_PER_LINE) -> int:
    """How many lines `text` takes, word-wrapped in a column `width` characters wide (estimated high)."""
    per_line = max(1, int(width * factor))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
            while used > per_line:  # a word wider than the column breaks inside
                lines, used = lines + 1, used - per_line
        total += lines
    return total


def _fit_row(ws: Worksheet, row: int, lines: int) -> None:
    if lines > 1:
        ws.row_dimensions[row].height = L.LINE_HEIGHT * lines


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: _Widths) -> None:
    for col, text in enumerate(headers, start=1):
        cell = put_text(ws, row, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP
        widths.see(col, text, extra=L.HEADER_PADDING)


def _landscape(ws: Worksheet, title_rows: str | None, fit_width: bool) -> None:
    ws.page_setup.orientation = "landscape"
    if title_rows:
        ws.print_title_rows = title_rows
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0


def _sorted(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Rows in a stable order that depends on their values only (nulls last)."""
    return frame.sort(list(by), nulls_last=True, maintain_order=True)


# --- Overview -------------------------------------------------------------------------------------------------------


def _overview(ws: Worksheet, info: RunInfo) -> None:
    put_text(ws, 1, 1, L.TITLE).font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    row = 3

    def fact(label: str, value: object, fmt: str | None = None) -> None:
        nonlocal row
        label_cell = put_text(ws, row, 1, label)
        label_cell.font, label_cell.alignment = BOLD, TOP
        put(ws, row, 2, value, fmt).alignment = TOP_LEFT
        row += 1

    generated = info.generated_at
    if generated.tzinfo is not None:  # Excel has no time zones: show UTC and say so
        generated = generated.astimezone(UTC).replace(tzinfo=None)
        fact("Generated at", generated, L.FMT_DATETIME + '" UTC"')
    else:
        fact("Generated at", generated, L.FMT_DATETIME)
    for i, source in enumerate(info.inputs or ("(none)",)):
        label_cell = put_text(ws, row, 1, "Inputs" if i == 0 else "")
        label_cell.font, label_cell.alignment = BOLD, TOP
        put_text(ws, row, 2, source).alignment = TOP_LEFT
        row += 1
    fact("Documents read", info.documents_read, L.FMT_COUNT)
    fact("Documents processed", info.documents_processed, L.FMT_COUNT)
    fact("Documents quarantined", info.documents_quarantined, L.FMT_COUNT)
    fact("Figures", info.figures, L.FMT_COUNT)
    fact("Figures quarantined", info.figures_quarantined, L.FMT_COUNT)
    fact("Extractor version", info.extractor_version)

    row += 1
    put_text(ws, row, 1, "How to read this workbook").font = SECTION_FONT
    row += 1
    guide_width = L.OVERVIEW_WIDTHS["B"]
    for sheet, text in L.SHEET_GUIDE:
        link = put_text(ws, row, 1, sheet)
        link.hyperlink = f"#'{sheet}'!A1"
        link.font = LINK_FONT
        link.alignment = TOP
        put_text(ws, row, 2, text).alignment = TOP_WRAP
        _fit_row(ws, row, _lines(text, guide_width))
        row += 1
    label_cell = put_text(ws, row, 1, "Numbers")
    label_cell.font, label_cell.alignment = BOLD, TOP
    put_text(ws, row, 2, L.NUMBER_GUIDE).alignment = TOP_WRAP
    _fit_row(ws, row, _lines(L.NUMBER_GUIDE, guide_width))
    row += 2

    put_text(ws, row, 1, "Qualified values").font = SECTION_FONT
    row += 1
    put_text(ws, row, 2, L.QUALIFIER_NOTE).alignment = TOP_WRAP
    _fit_row(ws, row, _lines(L.QUALIFIER_NOTE, guide_width))
    row += 1
    for qualifier, sample, text in L.QUALIFIER_GUIDE:
        marker = put_text(ws, row, 1, sample)
        marker.font = QUALIFIER_FONTS[qualifier]
        marker.alignment = TOP
        put_text(ws, row, 2, f"{L.QUALIFIER_WORDS[qualifier]} ({qualifier}): {text}").alignment = TOP_WRAP
        row += 1

    for letter, width in L.OVERVIEW_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.sheet_view.showGridLines = False
    _landscape(ws, None, fit_width=True)


# --- Comparison -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One comparison column: a (metric, kind, unit) key with its header and topic."""

    key: str
    topic: str
    header: str


def comparison_header(label: str, kind: str, unit: str) -> str:
    """The header of a (metric, kind, unit) column, e.g. "Investment volume — amount, RUB"."""
    if unit in L.UNITS_SAME_AS_KIND and unit == kind:
        return f"{label}{L.HEADER_SEPARATOR}{kind}"
    return f"{label}{L.HEADER_SEPARATOR}{kind}, {L.UNIT_LABELS.get(unit, unit)}"


def topic_label(topic: str) -> str:
    """How a topic id is shown above its group of columns."""
    return L.TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def _comparison_columns(comparison: pl.DataFrame) -> list[_Column]:
    """Distinct column keys in taxonomy order: topic, metric, kind, then the metric's own unit order."""
    taxonomy = metrics()
    metric_rank = {mid: i for i, mid in enumerate(taxonomy)}
    topic_rank: dict[str, int] = {}
    for m in taxonomy.values():
        topic_rank.setdefault(m.topic, len(topic_rank))
    kind_rank = {k: i for i, k in enumerate(L.KIND_ORDER)}

    firsts = _sorted(comparison, ["column", "region"]).unique(
        subset="column", keep="first", maintain_order=True
    )
    keyed: list[tuple[tuple[int, str, int, str, int, int, str, str], _Column]] = []
    for r in firsts.iter_rows(named=True):
        metric = taxonomy.get(r["metric"])
        units = metric.units if metric is not None else ()
        unit_rank = units.index(r["unit"]) if r["unit"] in units else len(units)
        order = (
            topic_rank.get(r["topic"], len(topic_rank)),
            r["topic"],
            metric_rank.get(r["metric"], len(metric_rank)),
            r["metric_label"],
            kind_rank.get(r["kind"], len(kind_rank)),
            unit_rank,
            r["unit"],
            r["column"],
        )
        header = comparison_header(r["metric_label"], r["kind"], r["unit"])
        keyed.append((order, _Column(r["column"], r["topic"], header)))
    keyed.sort(key=lambda pair: pair[0])
    return [column for _, column in keyed]


def _comparison_regions(comparison: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Every region with a comparable figure or a processed document, by federal district then name."""
    cols = [name for name, _ in L.COMPARISON_REGION_COLUMNS]
    processed = sources.filter(pl.col("status") == "processed").filter(pl.col("region").is_not_null())
    both = pl.concat(
        [comparison.select(cols).cast(pl.String), processed.select(cols).cast(pl.String)], how="vertical"
    )
    merged = both.group_by("region", maintain_order=True).agg(
        pl.col("federal_district").drop_nulls().first(), pl.col("region_iso").drop_nulls().first()
    )
    return _sorted(merged.select(cols), ["federal_district", "region"])


def _qualifier_note(r: Mapping[str, Any]) -> str:
    year = r["year"] if r["year"] is not None else "not stated"
    return (
        f"{L.QUALIFIER_WORDS[r['qualifier']]} ({r['qualifier']})\n"
        f"Year: {year}\n"
        f"Source: {r['doc']}, meeting of {r['meeting_date']:%Y-%m-%d}"
    )


def _comparison(ws: Worksheet, comparison: pl.DataFrame, sources: pl.DataFrame) -> None:
    columns = _comparison_columns(comparison)
    regions = _comparison_regions(comparison, sources)
    cells = {(r["region"], r["column"]): r for r in comparison.iter_rows(named=True)}
    n_fixed = len(L.COMPARISON_REGION_COLUMNS)
    widths = _Widths()
    top, head, first = L.COMPARISON_TOPIC_ROW, L.COMPARISON_HEADER_ROW, L.COMPARISON_FIRST_DATA_ROW

    _header(ws, head, [h for _, h in L.COMPARISON_REGION_COLUMNS], widths)
    for col in range(1, n_fixed + 1):
        ws.cell(row=top, column=col).fill = HEADER_FILL

    # Topic band and headers; a group's columns share a fill, and each group opens with a left edge.
    starts: set[int] = set()
    col = n_fixed + 1
    group = -1
    previous: str | None = None
    spans: list[tuple[str, int, int]] = []
    for column in columns:
        if column.topic != previous:
            group += 1
            starts.add(col)
            spans.append((column.topic, col, col))
            previous = column.topic
        spans[-1] = (spans[-1][0], spans[-1][1], col)
        cell = put_text(ws, head, col, column.header)
        cell.font = HEADER_FONT
        cell.fill = PatternFill("solid", fgColor=L.TOPIC_HEADER_FILLS[group % 2])
        cell.alignment = TOP_WRAP
        col += 1
    for g, (topic, lo, hi) in enumerate(spans):
        cell = put_text(ws, top, lo, topic_label(topic))
        cell.font = HEADER_FONT
        cell.alignment = TOPIC_ALIGN
        for c in range(lo, hi + 1):
            ws.cell(row=top, column=c).fill = PatternFill("solid", fgColor=L.TOPIC_FILLS[g % 2])
        if hi > lo:
            ws.merge_cells(start_row=top, start_column=lo, end_row=top, end_column=hi)
    for c in starts:
        ws.cell(row=top, column=c).border = GROUP_EDGE
        ws.cell(row=head, column=c).border = GROUP_EDGE

    row = first
    for region in regions.iter_rows(named=True):
        for c, (name, _) in enumerate(L.COMPARISON_REGION_COLUMNS, start=1):
            put(ws, row, c, region[name])
            widths.see(c, region[name])
        for c, column in enumerate(columns, start=n_fixed + 1):
            r = cells.get((region["region"], column.key))
            if r is None or not math.isfinite(r["value"]):
                cell = ws.cell(row=row, column=c)
            else:
                fmt = number_format(r["kind"], r["unit"], r["value"])
                number = cell_number(r["unit"], r["value"])
                cell = put(ws, row, c, number, fmt)
                widths.see(c, number, fmt)
                if r["qualifier"] in QUALIFIER_FONTS:
                    cell.font = QUALIFIER_FONTS[r["qualifier"]]
                    note = Comment(_qualifier_note(r), "regional-report")
                    note.width, note.height = 260, 80
                    cell.comment = note
            if c in starts:
                cell.border = GROUP_EDGE
        row += 1

    last_col = get_column_letter(max(n_fixed, n_fixed + len(columns)))
    ws.auto_filter.ref = f"A{head}:{last_col}{max(head, row - 1)}"
    ws.freeze_panes = L.FREEZE[L.COMPARISON]

    lo_w, hi_w = L.COMPARISON_VALUE_WIDTH
    fixed: dict[int, float] = {}
    header_lines = 1
    for c, column in enumerate(columns, start=n_fixed + 1):
        width = min(max(widths.chars.get(c, 0) + 2, math.ceil(len(column.header) / 3) + 2, lo_w), hi_w)
        fixed[c] = width
        header_lines = max(header_lines, _lines(column.header, width - 1, L.CHARS_PER_LINE_BOLD))
    widths.apply(ws, fixed)
    ws.row_dimensions[top].height = L.LINE_HEIGHT * 1.4
    _fit_row(ws, head, header_lines)
    _landscape(ws, f"{top}:{head}", fit_width=False)
    ws.print_title_cols = f"A:{get_column_letter(n_fixed)}"


# --- Facts, Sources, Issues --------------------------------------------------------------------------------------

Role = Literal["text", "wrap", "mono", "date", "integer", "count", "measure", "status"]

FACTS_ROLES: dict[str, Role] = {
    "meeting_date": "date",
    "value": "measure",
    "value_max": "measure",
    "year": "integer",
    "start": "integer",
    "end": "integer",
    "sentence": "wrap",
}
SOURCES_ROLES: dict[str, Role] = {
    "sha256": "mono",
    "meeting_date": "date",
    "figures": "count",
    "status": "status",
    "reason": "wrap",
}
ISSUES_ROLES: dict[str, Role] = {"value": "wrap", "message": "wrap"}
WRAP_WIDTHS = {"sentence": float(L.SENTENCE_WIDTH)}
STATUS_FILLS = {s: PatternFill("solid", fgColor=fill) for s, (fill, _) in L.STATUS_STYLES.items()}
STATUS_FONTS = {s: _font(bold=True, color=color) for s, (_, color) in L.STATUS_STYLES.items()}


def _rows(
    ws: Worksheet,
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    records: Iterable[Mapping[str, Any]],
) -> int:
    """Write a header and one row per record; return the last row written (1 when there are none)."""
    widths = _Widths()
    _header(ws, 1, [h for _, h in columns], widths)
    wrap_width = {c: WRAP_WIDTHS.get(key, float(L.MAX_WIDTH)) for c, (key, _) in enumerate(columns, 1)}
    row = 1
    for record in records:
        row += 1
        lines = 1
        for c, (key, _) in enumerate(columns, start=1):
            value = record[key]
            role = roles.get(key, "text")
            fmt: str | None = None
            if role == "measure" and value is not None:
                fmt = number_format(record["kind"], record["unit"], value)
                value = cell_number(record["unit"], value)
            elif role == "integer":
                fmt = L.FMT_INTEGER
            elif role == "count":
                fmt = L.FMT_COUNT
            cell = put(ws, row, c, value, fmt)
            cell.alignment = TOP
            if role == "wrap":
                cell.alignment = TOP_WRAP
                if isinstance(value, str):
                    lines = max(lines, _lines(value, wrap_width[c]))
            elif role == "mono":
                cell.font = MONO_FONT
            elif role == "measure" and record.get("qualifier") in QUALIFIER_FONTS:
                cell.font = QUALIFIER_FONTS[record["qualifier"]]
            elif role == "status" and value in STATUS_FILLS:
                cell.fill = STATUS_FILLS[value]
                cell.font = STATUS_FONTS[value]
            if role == "status":
                widths.see(c, value, extra=2)  # bold
            elif role != "mono":
                widths.see(c, value, fmt)
            else:
                widths.see(c, "0" * math.ceil(len(value or "") * 0.85))  # 9 pt Consolas is narrower
        _fit_row(ws, row, lines)
    fixed = {c: L.SENTENCE_WIDTH for c, (key, _) in enumerate(columns, 1) if key in WRAP_WIDTHS}
    widths.apply(ws, fixed)
    return row


def _facts(ws: Worksheet, facts: pl.DataFrame) -> None:
    last = _rows(ws, L.FACTS_COLUMNS, FACTS_ROLES, _sorted(facts, L.FACTS_SORT).iter_rows(named=True))
    ref = f"A1:{get_column_letter(len(L.FACTS_COLUMNS))}{max(last, 2)}"  # a table needs one body row
    table = Table(displayName=L.FACTS_TABLE_NAME, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=L.FACTS_TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)  # the table carries the autofilter; a sheet filter on top would clash with it
    ws.freeze_panes = L.FREEZE[L.FACTS]
    _landscape(ws, "1:1", fit_width=True)


def _sources(ws: Worksheet, sources: pl.DataFrame) -> None:
    last = _rows(ws, L.SOURCES_COLUMNS, SOURCES_ROLES, _sorted(sources, L.SOURCES_SORT).iter_rows(named=True))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.SOURCES_COLUMNS))}{last}"
    ws.freeze_panes = L.FREEZE[L.SOURCES]
    _landscape(ws, "1:1", fit_width=True)


def _issues(ws: Worksheet, issues: pl.DataFrame) -> None:
    stage_order = pl.col("stage").replace_strict(STAGES, list(range(len(STAGES))), default=len(STAGES))
    ordered = _sorted(issues.with_columns(stage_order.alias("stage_order")), L.ISSUES_SORT)
    last = _rows(ws, L.ISSUES_COLUMNS, ISSUES_ROLES, ordered.iter_rows(named=True))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.ISSUES_COLUMNS))}{last}"
    if last == 1:  # a note, not data: outside the filter range, in italics
        put_text(ws, 2, 1, L.NO_ISSUES).font = NOTE_FONT
    ws.freeze_panes = L.FREEZE[L.ISSUES]
    _landscape(ws, "1:1", fit_width=True)


# --- the workbook ---------------------------------------------------------------------------------------------------


def build_workbook(
    *,
    facts: pl.DataFrame,
    sources: pl.DataFrame,
    comparison: pl.DataFrame,
    issues: pl.DataFrame,
    info: RunInfo,
) -> Workbook:
    """Lay out the workbook in memory from frames that already passed their schemas.

    Args:
        facts: FigureFrame rows, one per figure.
        sources: SourceFrame rows, one per input file.
        comparison: ComparisonFrame cells in long form, one per (region, column).
        issues: IssueFrame rows.
        info: what the Overview says about the run.

    Returns:
        An unsaved openpyxl Workbook with the sheets of `layout.SHEETS`, in that order.
    """
    wb = Workbook()
    wb.properties.title = L.TITLE
    wb.properties.creator = "regional-report"
    overview = wb.active
    overview.title = L.OVERVIEW
    _overview(overview, info)
    _comparison(wb.create_sheet(L.COMPARISON), comparison, sources)
    _facts(wb.create_sheet(L.FACTS), facts)
    _sources(wb.create_sheet(L.SOURCES), sources)
    _issues(wb.create_sheet(L.ISSUES), issues)
    return wb


def write_workbook(wb: Workbook, path: Path) -> Path:
    """Save `wb` to `path` atomically: a temp file in the same folder, fsync, then rename over `path`.

    A failure leaves any previous file at `path` as it was and removes the temp file.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            wb.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder (POSIX)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_report(
    path: Path,
    *,
    facts: pl.DataFrame,
    sources: pl.DataFrame,
    comparison: pl.DataFrame,
    issues: pl.DataFrame,
    info: RunInfo,
) -> Path:
    """Validate each frame against its contract, then build the workbook and write it atomically to `path`.

    Validation runs with `lazy=True` and is forced on (schema and data) whatever pandera's environment
    switches say, so the renderer only ever renders validated frames.

    Raises:
        pandera.errors.SchemaErrors: a frame breaks its contract; nothing is written.
    """
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        valid_facts = pl.DataFrame(FigureFrame.validate(facts, lazy=True))
        valid_sources = pl.DataFrame(SourceFrame.validate(sources, lazy=True))
        valid_comparison = pl.DataFrame(ComparisonFrame.validate(comparison, lazy=True))
        valid_issues = pl.DataFrame(IssueFrame.validate(issues, lazy=True))
    wb = build_workbook(
        facts=valid_facts, sources=valid_sources, comparison=valid_comparison, issues=valid_issues, info=info
    )
    return write_workbook(wb, path)
