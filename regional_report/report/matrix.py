"""The region × column sheets: Comparison (latest values) and Per capita (values per resident).

Both have region columns on the left, then one column per (metric, kind, unit) grouped by topic under a
band, each with its own colour scale; every value cell carries a note with its rank and provenance, a
qualifier marker in its number format, and a red frame when the region's figures conflict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from regional_report.metrics import column_sort_key, per_capita_measures
from regional_report.report import cells as C
from regional_report.report import layout as L

Worksheet = Any


@dataclass(frozen=True)
class Column:
    """One value column: its key, topic, header, the kind that sets its colour scale, and a header note."""

    key: str
    topic: str
    header: str
    kind: str
    unit: str
    note: str | None = None


@dataclass(frozen=True)
class Value:
    """One value cell: the number stored, its format, qualifier, note and conflict flag."""

    number: float
    fmt: str
    qualifier: str
    note: str
    conflict: bool


FIXED_FORMATS: Mapping[str, str] = {
    "documents": L.FMT_COUNT,
    "figures": L.FMT_COUNT,
    "population": L.FMT_COUNT,
    "population_year": L.FMT_INTEGER,
}
CENTRED = frozenset({"population_year", "latest_meeting"})
WRAPPED: Mapping[str, int] = {"population_source": L.PER_CAPITA_SOURCE_WIDTH}


def _columns(frame: pl.DataFrame, header: Any, note: Any = None) -> list[Column]:
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


# A qualified value's line in its note, by qualifier (exact values have none).
QUALIFIER_LINES: Mapping[str, str] = {
    q: f"{marker} {L.QUALIFIER_WORDS[q]} ({q})\n" for q, marker in L.QUALIFIER_MARKERS.items()
}


def _note(what: str = "") -> pl.Expr:
    """Each row's note, a whole frame at once: rank (among the regions, `what`), qualifier, year and source,
    and any conflict."""
    year = pl.col("year").cast(pl.String)
    return pl.concat_str(
        pl.format(f"Rank {{}} of {{}} regions{what}\n", "rank", "reporters"),
        pl.col("qualifier").replace_strict(QUALIFIER_LINES, default="", return_dtype=pl.String),
        pl.format(
            "Year: {}\nSource: {} (meeting of {})",
            year.fill_null("not stated"),
            "doc",
            pl.col("meeting_date").dt.to_string("%Y-%m-%d"),
        ),
        pl.when("conflict")
        .then(
            # a conflict is between figures of one stated year; "None" as the note has always said otherwise
            pl.format(
                "\nCONFLICT: the region gives different values for {}; see Issues.", year.fill_null("None")
            )
        )
        .otherwise(pl.lit("")),
    )


# --- Comparison ----------------------------------------------------------------------------------------------------


def comparison(ws: Worksheet, regions: pl.DataFrame, cells: pl.DataFrame) -> tuple[int, int]:
    """The Comparison sheet: RegionFrame rows × ComparisonFrame columns; (first, last) region row."""
    columns = _columns(cells, lambda r: C.comparison_header(r["metric_label"], r["kind"], r["unit"]))
    rows = cells.filter(pl.col("value").is_finite()).select(
        "region", "column", "kind", "unit", "value", "qualifier", _note(), "conflict"
    )
    values = {
        (region, key): Value(
            C.cell_number(unit, value),
            C.number_format(kind, unit, value, qualifier),
            qualifier,
            note,
            conflict,
        )
        for region, key, kind, unit, value, qualifier, note, conflict in rows.iter_rows()
    }
    return _matrix(ws, L.COMPARISON_REGION_COLUMNS, regions, columns, values, top=L.MATRIX_TOPIC_ROW)


# --- Per capita ----------------------------------------------------------------------------------------------------


def per_capita(ws: Worksheet, regions: pl.DataFrame, cells: pl.DataFrame) -> None:
    """The Per capita sheet: a note, then the regions with a value per resident × the per-capita columns."""
    measures = per_capita_measures()
    columns = _columns(
        cells,
        lambda r: C.per_capita_header(r["metric_label"], r["unit"], r["per"]),
        lambda r: (
            measures[(r["metric"], r["kind"], r["unit"])].why
            if (r["metric"], r["kind"], r["unit"]) in measures
            else None
        ),
    )
    values: dict[tuple[str, str], Value] = {}
    rows = cells.filter(pl.col("per_capita").is_finite()).with_columns(_note(" per resident").alias("note"))
    for r in rows.iter_rows(named=True):
        fmt = C.per_capita_format(r["per_capita"], r["qualifier"])
        per = "" if r["per"] == 1 else f" × {r['per']:,}"
        computed = (
            f"{C.shown_value(r['kind'], r['unit'], r['value'], r['qualifier'])} ÷ {r['population']:,} residents "
            f"({r['population_year']}){per} = {C.shown(r['per_capita'], fmt)}\n"
        )
        values[(r["region"], r["column"])] = Value(
            r["per_capita"], fmt, r["qualifier"], computed + r["note"], r["conflict"]
        )
    shown_regions = regions.filter(pl.col("region").is_in(cells.get_column("region").unique().implode()))
    note_cell = C.put_text(ws, 1, 1, L.PER_CAPITA_NOTE)
    note_cell.font = C.NOTE_FONT
    note_cell.alignment = C.TOP_WRAP
    span = len(L.PER_CAPITA_REGION_COLUMNS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    _matrix(ws, L.PER_CAPITA_REGION_COLUMNS, shown_regions, columns, values, top=L.MATRIX_TOPIC_ROW + 1)
    fixed_width = sum(
        ws.column_dimensions[get_column_letter(c)].width or L.MIN_WIDTH for c in range(1, span + 1)
    )
    C.fit_row(ws, 1, C.lines(L.PER_CAPITA_NOTE, fixed_width) + 1)


# --- the shared grid -----------------------------------------------------------------------------------------------


def _matrix(
    ws: Worksheet,
    fixed: Sequence[tuple[str, str]],
    regions: pl.DataFrame,
    columns: Sequence[Column],
    values: Mapping[tuple[str, str], Value],
    *,
    top: int,
) -> tuple[int, int]:
    """Topic band in row `top`, headers below it, then one row per region (by federal district, then name).

    Returns:
        The first and last region row.
    """
    head, first = top + 1, top + 2
    n_fixed = len(fixed)
    widths = C.Widths()
    C.header(ws, head, [h for _, h in fixed], widths)
    for col in range(1, n_fixed + 1):
        ws.cell(row=top, column=col).fill = C.HEADER_FILL

    # Topic band and headers; a group's columns share a fill, and each group opens with a left edge.
    starts: set[int] = set()
    spans: list[tuple[str, int, int]] = []
    group = -1
    for col, column in enumerate(columns, start=n_fixed + 1):
        if not spans or spans[-1][0] != column.topic:
            group += 1
            starts.add(col)
            spans.append((column.topic, col, col))
        spans[-1] = (spans[-1][0], spans[-1][1], col)
        cell = C.put_text(ws, head, col, column.header)
        cell.font = C.HEADER_FONT
        cell.fill = C.fill(L.TOPIC_HEADER_FILLS[group % 2])
        cell.alignment = C.TOP_WRAP
        if column.note:
            C.note(cell, column.note)
    for g, (topic, lo, hi) in enumerate(spans):
        cell = C.put_text(ws, top, lo, C.topic_label(topic))
        cell.font = C.HEADER_FONT
        cell.alignment = C.CENTER
        for c in range(lo, hi + 1):
            ws.cell(row=top, column=c).fill = C.fill(L.TOPIC_FILLS[g % 2])
        if hi > lo:
            ws.merge_cells(start_row=top, start_column=lo, end_row=top, end_column=hi)
    for c in starts:
        ws.cell(row=top, column=c).border = C.GROUP_EDGE
        ws.cell(row=head, column=c).border = C.GROUP_EDGE

    looks = C.Looks()
    row = first
    for region in C.sorted_rows(regions, ["federal_district", "region"]).iter_rows(named=True):
        height = 1
        for c, (name, _) in enumerate(fixed, start=1):
            cell = C.put(ws, row, c, region[name], FIXED_FORMATS.get(name))
            cell.alignment = C.TOP_CENTER if name in CENTRED else C.TOP
            if name in WRAPPED and isinstance(region[name], str):
                cell.alignment = C.TOP_WRAP
                height = max(height, C.lines(region[name], WRAPPED[name]))
            else:
                widths.see(c, region[name], FIXED_FORMATS.get(name))
        for c, column in enumerate(columns, start=n_fixed + 1):
            value = values.get((region["region"], column.key))
            edge = C.GROUP_EDGE if c in starts else None
            if value is None:
                if edge is not None:  # an empty cell stays unwritten unless it opens a group
                    looks.style(ws.cell(row=row, column=c), border=edge)
                continue
            cell = C.put(ws, row, c, value.number)
            font = C.QUALIFIER_FONTS.get(value.qualifier)
            looks.style(cell, value.fmt, C.TOP, font, C.CONFLICT_FRAME if value.conflict else edge)
            widths.see(c, value.number, value.fmt)
            C.note(cell, value.note)
        C.fit_row(ws, row, height)
        row += 1
    last_row = row - 1

    numbers: dict[str, list[float]] = {}
    for (_, key), value in values.items():
        numbers.setdefault(key, []).append(value.number)
    for c, column in enumerate(columns, start=n_fixed + 1):
        _colour_scale(ws, c, first, last_row, column, numbers.get(column.key, []))

    last_col = get_column_letter(n_fixed + len(columns))
    ws.auto_filter.ref = f"A{head}:{last_col}{max(head, last_row)}"
    ws.freeze_panes = f"{get_column_letter(n_fixed + 1)}{first}"

    lo_w, hi_w = L.COMPARISON_VALUE_WIDTH
    fixed_widths: dict[int, float] = {
        c: WRAPPED[name] for c, (name, _) in enumerate(fixed, start=1) if name in WRAPPED
    }
    header_lines = max((C.lines(h, 30, L.CHARS_PER_LINE_BOLD) for _, h in fixed), default=1)
    for c, column in enumerate(columns, start=n_fixed + 1):
        width = min(max(widths.chars.get(c, 0) + 2, math.ceil(len(column.header) / 3) + 2, lo_w), hi_w)
        fixed_widths[c] = width
        header_lines = max(header_lines, C.lines(column.header, width - 1, L.CHARS_PER_LINE_BOLD))
    widths.apply(ws, fixed_widths)
    ws.row_dimensions[top].height = L.LINE_HEIGHT * 1.4
    C.fit_row(ws, head, header_lines)
    C.landscape(ws, f"{top}:{head}", fit_width=False, fit_height=True)
    ws.print_title_cols = "A:A"  # the region's name on every page; its other columns once
    return first, last_row


def _colour_scale(
    ws: Worksheet, col: int, first: int, last: int, column: Column, numbers: Sequence[float]
) -> None:
    """A colour scale over one value column with two values or more; its colours follow the column's kind.

    Changes diverge at no change (0, or 1 for multiples): falls orange, rises green; a column whose changes
    all lie on one side gets only that side's colours.
    """
    if len(numbers) < 2 or last < first:
        return
    letter = get_column_letter(col)
    cells = f"{letter}{first}:{letter}{last}"
    if column.kind == "change":
        middle = 1 if column.unit == L.MULTIPLE_UNIT else 0
        if min(numbers) >= middle:
            rule = ColorScaleRule(
                start_type="num", start_value=middle, start_color=L.SCALE_LOW,
                end_type="max", end_color=L.SCALE_RISE,
            )  # fmt: skip
        elif max(numbers) <= middle:
            rule = ColorScaleRule(
                start_type="min", start_color=L.SCALE_FALL,
                end_type="num", end_value=middle, end_color=L.SCALE_LOW,
            )  # fmt: skip
        else:
            rule = ColorScaleRule(
                start_type="min", start_color=L.SCALE_FALL,
                mid_type="num", mid_value=middle, mid_color=L.SCALE_LOW,
                end_type="max", end_color=L.SCALE_RISE,
            )  # fmt: skip
    elif column.kind == "rank":
        rule = ColorScaleRule(
            start_type="min", start_color=L.SCALE_HIGH, end_type="max", end_color=L.SCALE_LOW
        )
    else:
        rule = ColorScaleRule(
            start_type="min", start_color=L.SCALE_LOW, end_type="max", end_color=L.SCALE_HIGH
        )
    ws.conditional_formatting.add(cells, rule)
