"""The region × column sheets: Comparison (latest comparable values) and Per capita (values per resident).

Both stack one block per topic: a band naming the topic, a header row (the region columns, then one column
per metric, kind, unit and rate base), then the regions with a value in the block. A topic with more
columns than fit across a landscape page at `layout.MIN_PRINT_SCALE` is split into several blocks, so every
block prints one page wide; a block that runs over a page repeats its band and header there. Each value
column has its own colour scale over its ranked values; each value cell carries a note (rank, source,
history), a qualifier marker and its year in its number format, a red frame on a conflict, and a grey fill
with an orange frame when it is an outlier.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter

from regional_report.metrics import column_sort_key, per_capita_measures
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report import pages

Worksheet = Any

OUTLIER_FRAME = Border(**{side: Side(style="mediumDashed", color=L.OUTLIER_COLOR) for side in
                          ("left", "right", "top", "bottom")})  # fmt: skip
OUTLIER_FILL = C.fill(L.OUTLIER_FILL)
BAND_FILLS = tuple(C.fill(color) for color in L.TOPIC_FILLS)
HEADER_FILLS = tuple(C.fill(color) for color in L.TOPIC_HEADER_FILLS)
FIXED_FORMATS: Mapping[str, str] = {"population": L.FMT_COUNT}


@dataclass(frozen=True)
class Column:
    """One value column: its key, topic, header, the kind and unit that set its colour scale, a header note."""

    key: str
    topic: str
    header: str
    kind: str
    unit: str
    note: str | None = None


@dataclass(frozen=True)
class Value:
    """One value cell: the number stored, its format, qualifier, note, and its conflict and outlier flags."""

    number: float
    fmt: str
    qualifier: str
    note: str
    conflict: bool = False
    outlier: bool = False


@dataclass(frozen=True)
class Grid:
    """What a stacked sheet shows: its note, the region columns, the value columns and the cells."""

    note: str
    fixed: Sequence[tuple[str, str]]
    regions: Mapping[str, Mapping[str, Any]]
    """Each region's row of fixed values (by frame column), by region name."""
    columns: Sequence[Column]
    values: Mapping[tuple[str, str], Value]
    """The cells by (region, column key)."""


@dataclass
class _Sheet:
    """A stacked sheet as it is written: the pages, the cell styles, each column's cells and scale values."""

    ws: Worksheet
    grid: Grid
    pager: pages.Pager
    looks: C.Looks = field(default_factory=C.Looks)
    widths: C.Widths = field(default_factory=C.Widths)
    value_width: float = L.COMPARISON_VALUE_WIDTH[0]
    cells: dict[str, list[str]] = field(default_factory=dict)
    """Each value column's cell coordinates."""

    def header_lines(self, block: Sequence[Column]) -> int:
        """The lines the tallest header of `block` takes (the fixed headers take one)."""
        return max((C.lines(c.header, self.value_width - 1, L.CHARS_PER_LINE_BOLD) for c in block), default=1)


def _columns(frame: pl.DataFrame, header: Callable[[Mapping[str, Any]], str],
             note: Callable[[Mapping[str, Any]], str | None] | None = None) -> list[Column]:  # fmt: skip
    """Distinct columns of a long frame in taxonomy order, with `header(row)` and `note(row)` for each."""
    firsts = C.sorted_rows(frame, ["column", "region"]).unique(
        subset="column", keep="first", maintain_order=True
    )
    rows = sorted(
        firsts.iter_rows(named=True),
        key=lambda r: (column_sort_key(r["metric"], r["kind"], r["unit"]), r["column"]),
    )
    return [
        Column(r["column"], r["topic"], header(r), r["kind"], r["unit"], note(r) if note else None)
        for r in rows
    ]


def _header(row: Mapping[str, Any]) -> str:
    return C.comparison_header(row["metric_label"], row["kind"], row["unit"], row.get("per"))


def _when(row: Mapping[str, Any]) -> str:
    """The year a cell is for, as its format says it: the stated year, else the meeting's month."""
    if row["year"] is not None:
        return str(row["year"])
    return str(row["meeting_date"].strftime(L.MEETING_SUFFIX_DATE))


# --- Comparison ----------------------------------------------------------------------------------------------------


def comparison_format(row: Mapping[str, Any]) -> str:
    """A Comparison cell's number format: qualifier marker, the text's own form where it was converted, the
    number in its unit's format, then the year ("≈ index 105.0% = +5.0% (2024)")."""
    before = ""
    marker = L.QUALIFIER_MARKERS.get(row["qualifier"])
    if marker:
        before = f"{marker} "
    if row["written_kind"] != row["kind"]:
        written = C.shown_value(row["written_kind"], row["unit"], row["written_value"])
        before += L.FORM_PREFIXES[row["written_kind"]].format(written=written)
    base = C.number_format(row["kind"], row["unit"], row["value"])
    return C.decorate(base, before, L.YEAR_SUFFIX.format(year=_when(row)))


def comparison_note(row: Mapping[str, Any], history: Sequence[Mapping[str, Any]]) -> str:
    """A Comparison cell's note: its place, how it was written, its source and its earlier figures."""
    lines = [
        f"Rank {row['rank']} of {row['reporters']} regions"
        if row["rank"] is not None
        else f"OUTLIER: {row['outlier_ratio']:,.0f}× the column's median; not ranked (see Issues)",
    ]
    if row["qualifier"] != "exact":
        lines.append(f"{L.QUALIFIER_MARKERS[row['qualifier']]} {L.QUALIFIER_WORDS[row['qualifier']]}")
    lines.append(f"Year: {row['year'] if row['year'] is not None else 'not stated'}")
    lines.append(f"As written: “{row['surface']}”")
    lines.append(
        f"Source: {row['doc']}, characters {row['start']}–{row['end']} (meeting of {row['meeting_date']:%Y-%m-%d})"
    )
    if row["conflict"]:
        lines.append(f"CONFLICT: the region gives different values for {row['year']}; see Issues.")
    if history:
        lines.append("Also:")
        for h in history[: L.HISTORY_NOTE_LINES]:
            year = h["year"] if h["year"] is not None else f"meeting of {h['meeting_date']:%Y-%m-%d}"
            past = ", an earlier value" if h["status"] == "past" else ""
            lines.append(f"  {C.shown_value(h['kind'], h['unit'], h['value'])} ({year}{past}), {h['doc']}")
        if len(history) > L.HISTORY_NOTE_LINES:
            lines.append(f"  … {len(history) - L.HISTORY_NOTE_LINES} more on History")
    return "\n".join(lines)


def comparison(ws: Worksheet, cells: pl.DataFrame, history: pl.DataFrame, min_regions: int) -> None:
    """The Comparison sheet from ComparisonFrame cells, their notes listing the HistoryFrame rows not shown."""
    earlier: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for h in history.filter(~pl.col("shown")).iter_rows(named=True):
        earlier.setdefault((h["region"], h["column"]), []).append(h)
    values = {}
    for r in cells.filter(pl.col("value").is_finite()).iter_rows(named=True):
        values[(r["region"], r["column"])] = Value(
            C.cell_number(r["unit"], r["value"]),
            comparison_format(r),
            r["qualifier"],
            comparison_note(r, earlier.get((r["region"], r["column"]), [])),
            r["conflict"],
            r["outlier"],
        )
    regions = {
        r["region"]: r for r in cells.select("region", "federal_district").unique().iter_rows(named=True)
    }
    note = L.COMPARISON_NOTE.format(min_regions=min_regions)
    stacked(ws, Grid(note, L.COMPARISON_REGION_COLUMNS, regions, _columns(cells, _header), values))


# --- Per capita ----------------------------------------------------------------------------------------------------


def per_capita(ws: Worksheet, cells: pl.DataFrame) -> None:
    """The Per capita sheet from PerCapitaFrame cells: the regions with a value per resident × its columns."""
    measures = per_capita_measures()
    columns = _columns(
        cells,
        lambda r: C.per_capita_header(r["metric_label"], r["unit"], r["per_residents"]),
        lambda r: m.why if (m := measures.get((r["metric"], r["kind"], r["unit"]))) else None,
    )
    values: dict[tuple[str, str], Value] = {}
    for r in cells.filter(pl.col("per_capita").is_finite()).iter_rows(named=True):
        fmt = C.decorate(
            C.per_capita_format(r["per_capita"], r["qualifier"]), after=L.YEAR_SUFFIX.format(year=_when(r))
        )
        per = "" if r["per_residents"] == 1 else f" × {r['per_residents']:,}"
        place = (
            f"Rank {r['rank']} of {r['reporters']} regions per resident"
            if r["rank"] is not None
            else f"OUTLIER: {r['outlier_ratio']:,.0f}× the column's median per resident; not ranked"
        )
        note = (
            f"{C.shown_value(r['kind'], r['unit'], r['value'], r['qualifier'])} ({_when(r)}) ÷ "
            f"{r['population']:,} residents ({r['population_year']}){per} = {C.shown(r['per_capita'], fmt)}\n"
            f"{place}\nSource: {r['doc']}, characters {r['start']}–{r['end']}"
        )
        values[(r["region"], r["column"])] = Value(
            r["per_capita"], fmt, r["qualifier"], note, r["conflict"], r["outlier"]
        )
    regions = {r["region"]: r for r in cells.select("region", "population").unique().iter_rows(named=True)}
    sources = sorted(set(cells.get_column("population_source").to_list())) or ["none"]
    note = L.PER_CAPITA_NOTE.format(source="; ".join(sources))
    stacked(ws, Grid(note, L.PER_CAPITA_REGION_COLUMNS, regions, columns, values))


# --- the stacked blocks --------------------------------------------------------------------------------------------


def _value_width(grid: Grid) -> int:
    """One width for every value column: the widest cell shown, and room for each header in three lines,
    within `layout.COMPARISON_VALUE_WIDTH`."""
    lo, hi = L.COMPARISON_VALUE_WIDTH
    widest = max((len(C.shown(v.number, v.fmt)) for v in grid.values.values()), default=0)
    headers = max((math.ceil(len(c.header) / 3) + 2 for c in grid.columns), default=0)
    return min(max(widest + 2, headers, lo), hi)


def _fixed_widths(grid: Grid) -> list[float]:
    """The region columns' widths: their longest text, within `layout.REGION_COLUMN_WIDTHS`' bounds."""
    widths = []
    for name, header in grid.fixed:
        lo, hi = L.REGION_COLUMN_WIDTHS[name]
        fmt = FIXED_FORMATS.get(name)
        longest = max((len(C.shown(r.get(name), fmt)) for r in grid.regions.values()), default=0)
        widths.append(float(min(max(longest + 2, len(header) + 2, lo), hi)))
    return widths


def blocks(columns: Sequence[Column], fixed_width: float, value_width: float) -> list[list[Column]]:
    """The columns in blocks: one per topic, split where it has more columns than fit across a landscape page
    at `layout.MIN_PRINT_SCALE` beside the region columns (`fixed_width`)."""
    room = pages.PRINTABLE_WIDTH_PT * 100 / L.MIN_PRINT_SCALE - pages.width_pt([fixed_width])
    per_block = max(1, math.floor(room / pages.width_pt([value_width])))
    grouped: list[list[Column]] = []
    for column in columns:
        if grouped and grouped[-1][0].topic == column.topic and len(grouped[-1]) < per_block:
            grouped[-1].append(column)
        else:
            grouped.append([column])
    return grouped


def stacked(ws: Worksheet, grid: Grid) -> None:
    """Write `grid` as stacked topic blocks under its note; set widths, colour scales and the print setup."""
    fixed_widths = _fixed_widths(grid)
    value_width = _value_width(grid)
    grouped = blocks(grid.columns, sum(fixed_widths), value_width)
    span = len(grid.fixed) + max((len(b) for b in grouped), default=0)
    widths = fixed_widths + [float(value_width)] * (span - len(grid.fixed))
    scale = pages.scale_for(widths)

    note = C.put_text(ws, 1, 1, grid.note)
    note.font, note.alignment = C.NOTE_FONT, C.TOP_WRAP
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(span, 2))
    note_lines = C.lines(
        grid.note, sum(widths), factor=1.0
    )  # estimated high: it is merged, not wrapped per cell
    C.fit_row(ws, 1, note_lines)
    sheet = _Sheet(
        ws, grid, pages.Pager(ws, scale, L.LINE_HEIGHT * max(note_lines, 1)), value_width=value_width
    )
    row = 3
    if not grid.columns:
        C.put_text(ws, row, 1, "No column is reported by enough regions.").font = C.NOTE_FONT
    for number, block in enumerate(grouped):
        row = _block(sheet, block, number, row) + 1
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _colour_scales(sheet)
    pages.landscape(ws, "1:1", fit_width=False)
    ws.page_setup.scale = scale
    ws.sheet_view.showGridLines = False


def _block(sheet: _Sheet, block: Sequence[Column], number: int, row: int) -> int:
    """One block from `row`: band, header and the regions with a value in it; the first row after it."""
    keys = {c.key for c in block}
    members = sorted(
        (r for r in sheet.grid.regions.values() if any((r["region"], k) in sheet.grid.values for k in keys)),
        key=lambda r: (r.get("federal_district") or "", r["region"]),
    )
    head_pt = L.TOPIC_BAND_HEIGHT + L.LINE_HEIGHT * sheet.header_lines(block)
    if not sheet.pager.fits(head_pt + L.LINE_HEIGHT * min(3, len(members))):
        sheet.pager.new_page(row)
    row = _block_head(sheet, block, number, row, continued=False)
    for region in members:
        if not sheet.pager.fits(L.LINE_HEIGHT):
            sheet.pager.new_page(row)
            row = _block_head(sheet, block, number, row, continued=True)
        _region_row(sheet, block, region, row)
        sheet.ws.row_dimensions[row].height = L.LINE_HEIGHT  # a set height: the pages are planned with it
        sheet.pager.take(L.LINE_HEIGHT)
        row += 1
    sheet.pager.take(L.LINE_HEIGHT)  # the blank row after the block
    return row


def _block_head(sheet: _Sheet, block: Sequence[Column], number: int, row: int, *, continued: bool) -> int:
    """The topic band and the header row of a block at `row`; the row after them."""
    ws, n_fixed = sheet.ws, len(sheet.grid.fixed)
    last = n_fixed + len(block)
    band = C.put_text(ws, row, 1, C.topic_label(block[0].topic) + (L.CONTINUED if continued else ""))
    band.font, band.alignment = C.HEADER_FONT, C.TOP
    for col in range(1, last + 1):
        ws.cell(row=row, column=col).fill = BAND_FILLS[number % 2]
    ws.row_dimensions[row].height = L.TOPIC_BAND_HEIGHT
    head = row + 1
    for col, (_, text) in enumerate(sheet.grid.fixed, start=1):
        cell = C.put_text(ws, head, col, text)
        cell.font, cell.fill, cell.alignment = C.HEADER_FONT, HEADER_FILLS[number % 2], C.TOP_WRAP
    for col, column in enumerate(block, start=n_fixed + 1):
        cell = C.put_text(ws, head, col, column.header)
        cell.font, cell.fill, cell.alignment = C.HEADER_FONT, HEADER_FILLS[number % 2], C.TOP_WRAP
        if column.note and not continued:
            C.note(cell, column.note)
    lines = sheet.header_lines(block)
    C.fit_row(ws, head, lines)
    sheet.pager.take(L.TOPIC_BAND_HEIGHT + L.LINE_HEIGHT * lines)
    return head + 1


def _region_row(sheet: _Sheet, block: Sequence[Column], region: Mapping[str, Any], row: int) -> None:
    """One region's row of a block: its fixed values, then its value cells."""
    ws = sheet.ws
    for col, (name, _) in enumerate(sheet.grid.fixed, start=1):
        C.put(ws, row, col, region.get(name), FIXED_FORMATS.get(name)).alignment = C.TOP
    for col, column in enumerate(block, start=len(sheet.grid.fixed) + 1):
        value = sheet.grid.values.get((region["region"], column.key))
        if value is None:
            continue
        cell = C.put(ws, row, col, value.number)
        frame = OUTLIER_FRAME if value.outlier else C.CONFLICT_FRAME if value.conflict else None
        sheet.looks.style(cell, value.fmt, C.TOP, C.QUALIFIER_FONTS.get(value.qualifier), frame)
        if value.outlier:
            cell.fill = OUTLIER_FILL
        C.note(cell, value.note)
        if not value.outlier:
            sheet.cells.setdefault(column.key, []).append(cell.coordinate)


def _colour_scales(sheet: _Sheet) -> None:
    """A colour scale per value column over its ranked cells (outliers keep their grey)."""
    numbers: dict[str, list[float]] = {}
    for (_, key), value in sheet.grid.values.items():
        if not value.outlier:
            numbers.setdefault(key, []).append(value.number)
    for column in sheet.grid.columns:
        coordinates = sheet.cells.get(column.key, [])
        found = numbers.get(column.key, [])
        if len(found) >= 2 and coordinates:
            sheet.ws.conditional_formatting.add(" ".join(coordinates), colour_rule(column, found))


def colour_rule(column: Column, numbers: Sequence[float]) -> ColorScaleRule:
    """A column's colour scale, by its kind: changes diverge at no change (0, or 1 for multiples), falls
    orange and rises green (one side only where all lie on one side); places from blue (1st) to white;
    levels from white to blue."""
    if column.kind == "rank":
        return ColorScaleRule(
            start_type="min", start_color=L.SCALE_HIGH, end_type="max", end_color=L.SCALE_LOW
        )
    if column.kind != "change":
        return ColorScaleRule(
            start_type="min", start_color=L.SCALE_LOW, end_type="max", end_color=L.SCALE_HIGH
        )
    middle = 1 if column.unit == L.MULTIPLE_UNIT else 0
    if min(numbers) >= middle:
        return ColorScaleRule(start_type="num", start_value=middle, start_color=L.SCALE_LOW,
                              end_type="max", end_color=L.SCALE_RISE)  # fmt: skip
    if max(numbers) <= middle:
        return ColorScaleRule(start_type="min", start_color=L.SCALE_FALL,
                              end_type="num", end_value=middle, end_color=L.SCALE_LOW)  # fmt: skip
    return ColorScaleRule(start_type="min", start_color=L.SCALE_FALL, mid_type="num", mid_value=middle,
                          mid_color=L.SCALE_LOW, end_type="max", end_color=L.SCALE_RISE)  # fmt: skip
