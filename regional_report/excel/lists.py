"""The list sheets: Rankings, Trends, Facts, Sources and Issues; one row per record under a frozen header."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import polars as pl
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from regional_report.excel import cells as C
from regional_report.excel import layout as L
from regional_report.metrics import column_sort_key
from schemas.report import STAGES

Worksheet = Any

Role = Literal[
    "text", "tag", "wrap", "mono", "date", "integer", "count", "measure", "bound", "status", "flag"
]
# Roles whose short values read best centred under their header (and kept apart from their neighbours).
CENTRED: frozenset[Role] = frozenset({"tag", "date", "integer", "flag"})

FACTS_ROLES: dict[str, Role] = {
    "region": "wrap",
    "metric_label": "wrap",
    "subject": "wrap",
    "meeting_date": "date",
    "kind": "tag",
    "unit": "tag",
    "qualifier": "tag",
    "value": "measure",
    "value_max": "bound",
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
ISSUES_ROLES: dict[str, Role] = {"stage": "tag", "check": "tag", "value": "wrap", "message": "wrap"}
RANKINGS_ROLES: dict[str, Role] = {
    "header": "text",
    "rank": "integer",
    "reporters": "integer",
    "value": "measure",
    "qualifier": "tag",
    "year": "integer",
    "meeting_date": "date",
    "conflict_text": "flag",
}
WRAP_WIDTHS: Mapping[str, float] = {"message": L.MESSAGE_WIDTH}
STATUS_FILLS = {s: C.fill(fill) for s, (fill, _) in L.STATUS_STYLES.items()}
STATUS_FONTS = {s: C.font(bold=True, color=color) for s, (_, color) in L.STATUS_STYLES.items()}
BLOCK_TOP = Border(top=Side(style="thin", color=L.GROUP_BORDER_COLOR))


def rows(
    ws: Worksheet,
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    records: Iterable[Mapping[str, Any]],
    *,
    first_row: int = 1,
    wrap_widths: Mapping[str, float] = WRAP_WIDTHS,
) -> int:
    """Write a header and one row per record; return the last row written (the header's when none).

    A column of role "wrap" listed in `wrap_widths` gets that fixed width; other columns fit their content.
    """
    widths = C.Widths()
    C.header(ws, first_row, [h for _, h in columns], widths)
    wrap_width = _wrap_width(columns, wrap_widths)
    row = first_row
    for record in records:
        row += 1
        cells, height = _plan_row(record, columns, roles, wrap_width, wrap_widths, widths)
        for c, (value, fmt, (alignment, font, fill)) in enumerate(cells, start=1):
            cell = C.put(ws, row, c, value, fmt)
            cell.alignment = alignment
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
        C.fit_row(ws, row, height)
    widths.apply(ws, _fixed_widths(columns, roles, wrap_widths))
    return row


def stream_rows(
    ws: Worksheet,
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    frame: pl.DataFrame,
    *,
    wrap_widths: Mapping[str, float] = WRAP_WIDTHS,
) -> int:
    """`rows` for a write-only sheet, from row 1: the same cells, looks, widths and heights.

    A write-only sheet writes its column widths before its first row, so a first pass over the records
    sizes the columns and rows, and a second writes the cells. Set the freeze panes and page setup first.
    """
    widths = C.Widths()
    headers = [h for _, h in columns]
    for col, text in enumerate(headers, start=1):
        widths.see(col, text, extra=L.HEADER_PADDING)
    wrap_width = _wrap_width(columns, wrap_widths)
    heights = [
        _plan_row(record, columns, roles, wrap_width, wrap_widths, widths)[1]
        for record in frame.iter_rows(named=True)
    ]
    widths.apply(ws, _fixed_widths(columns, roles, wrap_widths))
    stream = C.StreamCells(ws)
    ws.append([stream.cell(h, None, (C.TOP, C.HEADER_FONT, C.HEADER_FILL)) for h in headers])
    unused = C.Widths()
    for row, (record, height) in enumerate(zip(frame.iter_rows(named=True), heights, strict=True), start=2):
        cells, _ = _plan_row(record, columns, roles, wrap_width, wrap_widths, unused)
        C.fit_row(ws, row, height)  # a row's height must be known before the row is written
        ws.append([stream.cell(value, fmt, look) for value, fmt, look in cells])
    return len(heights) + 1


def _wrap_width(columns: Sequence[tuple[str, str]], wrap_widths: Mapping[str, float]) -> dict[int, float]:
    return {c: wrap_widths.get(key, float(L.MAX_WIDTH)) for c, (key, _) in enumerate(columns, 1)}


def _fixed_widths(
    columns: Sequence[tuple[str, str]], roles: Mapping[str, Role], wrap_widths: Mapping[str, float]
) -> dict[int, float]:
    return {
        c: wrap_widths[key]
        for c, (key, _) in enumerate(columns, 1)
        if key in wrap_widths and roles.get(key) == "wrap"
    }


def _plan_row(
    record: Mapping[str, Any],
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    wrap_width: Mapping[int, float],
    wrap_widths: Mapping[str, float],
    widths: C.Widths,
) -> tuple[list[tuple[Any, str | None, C.Look]], int]:
    """Each cell of a record's row as (value, number format, look), and the row's height in lines.

    Counts every cell towards its column's width in `widths`.
    """
    cells: list[tuple[Any, str | None, C.Look]] = []
    height = 1
    for c, (key, _) in enumerate(columns, start=1):
        value = record[key]
        role = roles.get(key, "text")
        fmt: str | None = None
        if role in ("measure", "bound") and value is not None and math.isfinite(value):
            qualifier = record.get("qualifier", "exact") if role == "measure" else "exact"
            fmt = C.number_format(record["kind"], record["unit"], value, qualifier)
            value = C.cell_number(record["unit"], value)
        elif role == "integer":
            fmt = L.FMT_INTEGER
        elif role == "count":
            fmt = L.FMT_COUNT
        alignment = C.TOP_CENTER if role in CENTRED else C.TOP
        font: Font | None = None
        fill: PatternFill | None = None
        if role == "wrap":
            alignment = C.TOP_WRAP
            if isinstance(value, str):
                height = max(height, C.lines(value, wrap_width[c]))
        elif role == "mono":
            font = C.MONO_FONT
        elif role == "measure" and record.get("qualifier") in C.QUALIFIER_FONTS:
            font = C.QUALIFIER_FONTS[record["qualifier"]]
        elif role == "status" and value in STATUS_FILLS:
            fill = STATUS_FILLS[value]
            font = STATUS_FONTS[value]
        elif role == "flag" and value:
            font = C.CONFLICT_FONT
        if role in ("status", "flag"):
            widths.see(c, value, extra=2)  # bold
        elif role in CENTRED:
            widths.see(c, value, fmt, extra=2)  # a margin either side
        elif role == "mono":
            widths.see(c, "0" * math.ceil(len(value or "") * 0.85))  # 9 pt Consolas is narrower
        elif role != "wrap" or key not in wrap_widths:
            widths.see(c, value, fmt)
        cells.append((value, fmt, (alignment, font, fill)))
    return cells, height


# --- Facts, Sources, Issues -----------------------------------------------------------------------------------------


def facts(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Facts sheet, the largest: an Excel table (filterable, banded) with the sentences wrapped.

    `ws` is a write-only sheet (`render.stream_sheet`): its rows go straight to the file as XML.
    """
    ws.freeze_panes = L.FREEZE[L.FACTS]  # a write-only sheet writes its view and setup before its rows
    C.landscape(ws, "1:1", fit_width=True)
    last = stream_rows(
        ws,
        L.FACTS_COLUMNS,
        FACTS_ROLES,
        C.sorted_rows(frame, L.FACTS_SORT),
        wrap_widths=L.FACTS_WRAP_WIDTHS,
    )
    ref = f"A1:{get_column_letter(len(L.FACTS_COLUMNS))}{max(last, 2)}"  # a table needs one body row
    table = Table(displayName=L.FACTS_TABLE_NAME, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=L.FACTS_TABLE_STYLE, showRowStripes=True)
    table._initialise_columns()  # a write-only sheet cannot read its headers back: name the columns here
    for column, (_, heading) in zip(table.tableColumns, L.FACTS_COLUMNS, strict=True):
        column.name = heading
    with warnings.catch_warnings():  # "In write-only mode you must add table columns manually": done above
        warnings.simplefilter("ignore", UserWarning)
        ws.add_table(table)  # the table carries the autofilter; a sheet filter on top would clash with it


def sources(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Sources sheet: every input file with its status, coloured."""
    last = rows(
        ws, L.SOURCES_COLUMNS, SOURCES_ROLES, C.sorted_rows(frame, L.SOURCES_SORT).iter_rows(named=True)
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.SOURCES_COLUMNS))}{last}"
    ws.freeze_panes = L.FREEZE[L.SOURCES]
    C.landscape(ws, "1:1", fit_width=True)


def issues(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Issues sheet: by stage, then check; a note when there is nothing to report."""
    stage_order = pl.col("stage").replace_strict(STAGES, list(range(len(STAGES))), default=len(STAGES))
    ordered = C.sorted_rows(frame.with_columns(stage_order.alias("stage_order")), L.ISSUES_SORT)
    last = rows(ws, L.ISSUES_COLUMNS, ISSUES_ROLES, ordered.iter_rows(named=True))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.ISSUES_COLUMNS))}{last}"
    if last == 1:  # a note, not data: outside the filter range, in italics
        C.put_text(ws, 2, 1, L.NO_ISSUES).font = C.NOTE_FONT
    ws.freeze_panes = L.FREEZE[L.ISSUES]
    C.landscape(ws, "1:1", fit_width=True)


# --- Rankings -------------------------------------------------------------------------------------------------------


def _column_order(frame: pl.DataFrame) -> pl.Expr:
    """Each row's column position in taxonomy order, as an expression over `column`."""
    keys = frame.select("column", "metric", "kind", "unit").unique().rows()
    ordered = sorted(keys, key=lambda r: (column_sort_key(r[1], r[2], r[3]), r[0]))
    return pl.col("column").replace_strict(
        {key[0]: i for i, key in enumerate(ordered)}, default=len(ordered), return_dtype=pl.Int64
    )


def rankings(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Rankings sheet: one filterable table, metric by metric, regions by place; metrics alternate shading."""
    headers = [
        C.comparison_header(label, kind, unit)
        for label, kind, unit in frame.select("metric_label", "kind", "unit").iter_rows()
    ]
    topics = [C.topic_label(t) for t in frame.get_column("topic").to_list()]
    shown = frame.with_columns(
        pl.Series("header", headers, pl.String),
        pl.Series("topic_label", topics, pl.String),
        pl.when(pl.col("conflict")).then(pl.lit(L.CONFLICT_TEXT)).otherwise(None).alias("conflict_text"),
        _column_order(frame).alias("column_order") if frame.height else pl.lit(0).alias("column_order"),
    )
    ordered = C.sorted_rows(shown, L.RANKINGS_SORT)
    last = rows(ws, L.RANKINGS_COLUMNS, RANKINGS_ROLES, ordered.iter_rows(named=True))
    # Shade metric blocks alternately and rule a line above each, so one metric reads as one group.
    block, previous = -1, None
    n = len(L.RANKINGS_COLUMNS)
    for row, column in enumerate(ordered.get_column("column").to_list(), start=2):
        if column != previous:
            block, previous = block + 1, column
            for c in range(1, n + 1):
                ws.cell(row=row, column=c).border = BLOCK_TOP
            ws.cell(row=row, column=1).font = C.BOLD
        shade = C.fill(L.BLOCK_FILLS[block % 2])
        for c in range(1, n + 1):
            ws.cell(row=row, column=c).fill = shade
    ws.auto_filter.ref = f"A1:{get_column_letter(n)}{last}"
    ws.freeze_panes = L.FREEZE[L.RANKINGS]
    C.landscape(ws, "1:1", fit_width=True)


# --- Trends ---------------------------------------------------------------------------------------------------------


def trends(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Trends sheet: one block per region with several meetings; a column pair (value, year) per meeting."""
    note = C.put_text(ws, 1, 1, L.TRENDS_NOTE)
    note.font = C.NOTE_FONT
    note.alignment = C.TOP_WRAP
    widths = L.TRENDS_WIDTHS
    ws.column_dimensions["A"].width = widths["topic"]
    ws.column_dimensions["B"].width = widths["metric"]
    max_meetings = max(frame.get_column("meetings").to_list(), default=2)
    for i in range(max_meetings):
        ws.column_dimensions[get_column_letter(3 + 2 * i)].width = widths["value"]
        ws.column_dimensions[get_column_letter(4 + 2 * i)].width = widths["year"]
    span = 2 + 2 * max_meetings
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    total = widths["topic"] + widths["metric"] + max_meetings * (widths["value"] + widths["year"])
    C.fit_row(ws, 1, C.lines(L.TRENDS_NOTE, total))
    ws.freeze_panes = L.FREEZE[L.TRENDS]
    C.landscape(ws, "1:1", fit_width=True)
    if frame.is_empty():
        C.put_text(ws, 3, 1, L.NO_TRENDS).font = C.NOTE_FONT
        return
    row = 3
    for (region,), block in C.sorted_rows(frame, ["federal_district", "region"]).group_by(
        ["region"], maintain_order=True
    ):
        row = _trend_block(ws, str(region), block, row) + 2


def _trend_block(ws: Worksheet, region: str, block: pl.DataFrame, row: int) -> int:
    """One region's block: a title, the meetings as headers, the documents, then a row per column."""
    first = block.row(0, named=True)
    meetings = sorted(set(block.get_column("meeting_date").to_list()))
    title = " · ".join(
        part
        for part in (region, first["federal_district"] and f"{first['federal_district']} federal district",
                     first["region_iso"], f"{len(meetings)} meetings")
        if part
    )  # fmt: skip
    C.put_text(ws, row, 1, title).font = C.SECTION_FONT
    row += 1
    widths = C.Widths()
    headers = [*L.TRENDS_FIXED_COLUMNS]
    for meeting in meetings:
        headers += [f"Meeting of {meeting.isoformat()}", "Year"]
    C.header(ws, row, headers, widths)
    for c in range(3, 3 + 2 * len(meetings)):
        ws.cell(row=row, column=c).alignment = C.TOP_WRAP
    C.fit_row(ws, row, 2)
    row += 1
    docs = dict(block.select("meeting_date", "doc").unique().sort("doc").iter_rows())
    label = C.put_text(ws, row, 2, "Document")
    label.font = C.NOTE_FONT
    label.alignment = C.TOP
    doc_width = L.TRENDS_WIDTHS["value"] + L.TRENDS_WIDTHS["year"]
    height = 1
    for i, meeting in enumerate(meetings):
        cell = C.put_text(ws, row, 3 + 2 * i, docs.get(meeting, ""))
        cell.font = C.NOTE_FONT
        cell.alignment = C.TOP_WRAP
        ws.merge_cells(start_row=row, start_column=3 + 2 * i, end_row=row, end_column=4 + 2 * i)
        height = max(height, C.lines(cell.value, doc_width))
    C.fit_row(ws, row, height)
    row += 1

    by_column: dict[str, dict[Any, Mapping[str, Any]]] = {}
    for r in block.iter_rows(named=True):
        by_column.setdefault(r["column"], {})[r["meeting_date"]] = r
    keyed = sorted(
        by_column.items(),
        key=lambda item: (
            len(item[1]) < 2,
            column_sort_key(*next(iter(item[1].values()))["column"].split("|")),
            item[0],
        ),
    )
    previous_group: bool | None = None
    for _, per_meeting in keyed:
        several = len(per_meeting) >= 2
        if several != previous_group:
            heading = C.put_text(ws, row, 1, L.TRENDS_SEVERAL if several else L.TRENDS_SINGLE)
            heading.font = C.BOLD
            previous_group = several
            row += 1
        any_row = next(iter(per_meeting.values()))
        C.put_text(ws, row, 1, C.topic_label(any_row["topic"])).alignment = C.TOP
        metric = C.put_text(
            ws, row, 2, C.comparison_header(any_row["metric_label"], any_row["kind"], any_row["unit"])
        )
        metric.alignment = C.TOP_WRAP
        C.fit_row(ws, row, C.lines(metric.value, L.TRENDS_WIDTHS["metric"]))
        for i, meeting in enumerate(meetings):
            given = per_meeting.get(meeting)
            if given is None:
                continue
            cell, _ = C.put_figure(
                ws, row, 3 + 2 * i, given["kind"], given["unit"], given["value"], given["qualifier"]
            )
            cell.alignment = C.TOP
            C.put(ws, row, 4 + 2 * i, given["year"], L.FMT_INTEGER).alignment = C.TOP_CENTER
        row += 1
    return row
