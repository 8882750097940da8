"""The list sheets: Rankings, Trends, Facts, Sources and Issues; one row per record under a frozen header."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import polars as pl
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from regional_report.metrics import column_sort_key
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report.stream import Looks, Role, write_rows
from schemas.report import STAGES

Worksheet = Any

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
BLOCK_TOP = Border(top=Side(style="thin", color=L.GROUP_BORDER_COLOR))
BLOCK_SHADES = tuple(C.fill(color) for color in L.BLOCK_FILLS)


# --- Facts, Sources, Issues -----------------------------------------------------------------------------------------


def facts(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Facts sheet, the largest: an Excel table (filterable, banded) with the sentences wrapped.

    `ws` is a write-only sheet (`render.stream_sheet`), as are all the list sheets but Trends: their rows
    go straight to the file as XML (`stream.write_rows`).
    """
    ws.freeze_panes = L.FREEZE[L.FACTS]  # a write-only sheet writes its view and setup before its rows
    C.landscape(ws, "1:1", fit_width=True)
    last = write_rows(
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
    ws.freeze_panes = L.FREEZE[L.SOURCES]
    C.landscape(ws, "1:1", fit_width=True)
    last = write_rows(
        ws, L.SOURCES_COLUMNS, SOURCES_ROLES, C.sorted_rows(frame, L.SOURCES_SORT), wrap_widths=WRAP_WIDTHS
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.SOURCES_COLUMNS))}{last}"


def issues(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Issues sheet: by stage, then check; a note when there is nothing to report."""
    stage_order = pl.col("stage").replace_strict(STAGES, list(range(len(STAGES))), default=len(STAGES))
    ordered = C.sorted_rows(frame.with_columns(stage_order.alias("stage_order")), L.ISSUES_SORT)
    ws.freeze_panes = L.FREEZE[L.ISSUES]
    C.landscape(ws, "1:1", fit_width=True)
    # When there are none, a note in italics under the header: not data, so outside the filter range.
    note = (L.NO_ISSUES, C.NOTE_FONT)
    last = write_rows(ws, L.ISSUES_COLUMNS, ISSUES_ROLES, ordered, wrap_widths=WRAP_WIDTHS, empty_note=note)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.ISSUES_COLUMNS))}{last}"


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
    ws.freeze_panes = L.FREEZE[L.RANKINGS]
    C.landscape(ws, "1:1", fit_width=True)
    # Shade metric blocks alternately and rule a line above each (its first cell bold), so one metric reads
    # as one group.
    looks = Looks(ws)
    starts = pl.col("column").ne_missing(pl.col("column").shift(1)).fill_null(True)
    block = starts.cum_sum() - 1
    restyle = ordered.select(
        pl.when(block % 2 == 0)
        .then(pl.lit(looks.code(BLOCK_SHADES[0])))
        .otherwise(pl.lit(looks.code(BLOCK_SHADES[1])))
        .alias("fill"),
        pl.when(starts).then(pl.lit(looks.code(BLOCK_TOP))).alias("border"),
        pl.when(starts).then(pl.lit(looks.code(C.BOLD))).alias("first_font"),
    )
    last = write_rows(
        ws, L.RANKINGS_COLUMNS, RANKINGS_ROLES, ordered, wrap_widths=WRAP_WIDTHS, looks=looks, restyle=restyle
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(len(L.RANKINGS_COLUMNS))}{last}"


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
