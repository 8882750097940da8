"""The list sheets: Rankings, History, Plans, Projects, Regions, Facts, Sources and Issues; one row per
record under a header row that repeats on every printed page."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from regional_report.metrics import column_sort_key
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report import pages
from regional_report.report.stream import Looks, Role, write_rows
from schemas.report import STAGES

Worksheet = Any

FIGURE_ROLES: dict[str, Role] = {
    "region": "wrap",
    "metric_label": "wrap",
    "subject": "wrap",
    "meeting_date": "date",
    "kind": "tag",
    "unit": "tag",
    "qualifier": "tag",
    "scope": "tag",
    "status": "tag",
    "period": "tag",
    "per": "tag",
    "placement": "placement",
    "value": "measure",
    "value_max": "bound",
    "year": "integer",
    "start": "integer",
    "end": "integer",
    "sentence": "wrap",
}
SOURCES_ROLES: dict[str, Role] = {
    "file": "wrap",
    "title": "wrap",
    "region": "wrap",
    "sha256": "mono",
    "meeting_date": "date",
    "figures": "count",
    "status": "status",
    "reason": "wrap",
}
ISSUES_ROLES: dict[str, Role] = {
    "stage": "tag",
    "check": "tag",
    "region": "wrap",
    "column": "wrap",
    "value": "wrap",
    "message": "wrap",
}
RANKINGS_ROLES: dict[str, Role] = {
    "header": "wrap",
    "region": "wrap",
    "rank": "integer",
    "reporters": "integer",
    "value": "measure",
    "year": "integer",
    "written": "text",
    "flag": "flag",
    "meeting_date": "date",
    "start": "integer",
    "end": "integer",
}
HISTORY_ROLES: dict[str, Role] = {**RANKINGS_ROLES, "status": "tag", "shown_text": "tag", "surface": "wrap"}
REGIONS_ROLES: dict[str, Role] = {
    "region": "wrap",
    "region_iso": "tag",
    "documents": "count",
    "figures": "count",
    "compared": "count",
    "first_meeting": "date",
    "latest_meeting": "date",
    "population": "count",
    "population_year": "integer",
    "population_source": "wrap",
}
BLOCK_TOP = Border(top=Side(style="thin", color=L.GROUP_BORDER_COLOR))
BLOCK_SHADES = tuple(C.fill(color) for color in L.BLOCK_FILLS)


def _list_sheet(
    ws: Worksheet,
    sheet: str,
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    frame: pl.DataFrame,
    wrap_widths: Mapping[str, float],
    *,
    print_columns: int | None = None,
    empty: str | None = None,
    looks: Looks | None = None,
    restyle: pl.DataFrame | None = None,
) -> int:
    """A list sheet: header and rows (`stream.write_rows`), frozen panes, a filter, printed one page wide with
    its header on every page (its first `print_columns` columns only, when given); the last row written."""
    ws.freeze_panes = L.FREEZE[sheet]  # a write-only sheet writes its view and setup before its rows
    pages.landscape(ws, "1:1", fit_width=True)
    note = (empty, C.NOTE_FONT) if empty else None
    last = write_rows(
        ws, columns, roles, frame, wrap_widths=wrap_widths, looks=looks, restyle=restyle, empty_note=note
    )
    if print_columns is not None:  # the print area is the workbook's, written when it is saved
        ws.print_area = f"A1:{get_column_letter(print_columns)}{max(last, 1)}"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 1)}"
    return last


# --- Facts, Sources, Issues, Regions, Plans, Projects -------------------------------------------------------------


def facts(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Facts sheet, the largest: an Excel table (filterable, banded) with the sentences wrapped.

    `ws` is a write-only sheet (`render.stream_sheet`), as are all the list sheets: their rows go straight
    to the file as XML (`stream.write_rows`).
    """
    ws.freeze_panes = L.FREEZE[L.FACTS]
    pages.landscape(ws, "1:1", fit_width=True)
    last = write_rows(
        ws, L.FACTS_COLUMNS, FIGURE_ROLES, C.sorted_rows(frame, L.FACTS_SORT), wrap_widths=L.FACTS_WRAP_WIDTHS
    )
    ws.print_area = f"A1:{get_column_letter(L.FACTS_PRINT_COLUMNS)}{max(last, 2)}"
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
    _list_sheet(ws, L.SOURCES, L.SOURCES_COLUMNS, SOURCES_ROLES, C.sorted_rows(frame, L.SOURCES_SORT),
                L.SOURCES_WRAP_WIDTHS, print_columns=L.SOURCES_PRINT_COLUMNS)  # fmt: skip


def issues(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Issues sheet: by stage, then check; a note when there is nothing to report."""
    stage_order = pl.col("stage").replace_strict(STAGES, list(range(len(STAGES))), default=len(STAGES))
    ordered = C.sorted_rows(frame.with_columns(stage_order.alias("stage_order")), L.ISSUES_SORT)
    _list_sheet(
        ws, L.ISSUES, L.ISSUES_COLUMNS, ISSUES_ROLES, ordered, L.ISSUES_WRAP_WIDTHS, empty=L.NO_ISSUES
    )


def regions(ws: Worksheet, frame: pl.DataFrame) -> int:
    """The Regions sheet (by federal district, then name); the last row written (the Overview charts it)."""
    ordered = C.sorted_rows(frame, L.REGIONS_SORT)
    return _list_sheet(ws, L.REGIONS, L.REGIONS_COLUMNS, REGIONS_ROLES, ordered, L.REGIONS_WRAP_WIDTHS)


def plans(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Plans sheet: region-wide targets with their target year; never ranked."""
    ordered = C.sorted_rows(frame, L.PLANS_SORT)
    _list_sheet(ws, L.PLANS, L.PLANS_COLUMNS, FIGURE_ROLES, ordered, L.LISTING_WRAP_WIDTHS, empty=L.NO_PLANS)


def projects(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Projects sheet: figures about one part of a region, any status."""
    ordered = C.sorted_rows(frame, L.PROJECTS_SORT)
    _list_sheet(ws, L.PROJECTS, L.PROJECTS_COLUMNS, FIGURE_ROLES, ordered, L.LISTING_WRAP_WIDTHS,
                empty=L.NO_PROJECTS)  # fmt: skip


# --- Rankings and History ------------------------------------------------------------------------------------------


def _column_order(frame: pl.DataFrame) -> pl.Expr:
    """Each row's column position in taxonomy order, as an expression over `column`."""
    keys = frame.select("column", "metric", "kind", "unit").unique().rows()
    ordered = sorted(keys, key=lambda r: (column_sort_key(r[1], r[2], r[3]), r[0]))
    return pl.col("column").replace_strict(
        {key[0]: i for i, key in enumerate(ordered)}, default=len(ordered), return_dtype=pl.Int64
    )


def _cell_texts(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (Comparison cells or History rows) with what the list sheets show beside the values: the
    column's header and topic, the text's own form where it was converted, and the column order."""
    headers = [
        C.comparison_header(label, kind, unit, per)
        for label, kind, unit, per in frame.select("metric_label", "kind", "unit", "per").iter_rows()
    ]
    written = [
        C.shown_value(wk, unit, wv) if wk != kind else None
        for kind, wk, unit, wv in frame.select("kind", "written_kind", "unit", "written_value").iter_rows()
    ]
    return frame.with_columns(
        pl.Series("header", headers, pl.String),
        pl.Series("topic_label", [C.topic_label(t) for t in frame.get_column("topic").to_list()], pl.String),
        pl.Series("written", [f"{k} {w}" if w else None for k, w in
                              zip(frame.get_column("written_kind").to_list(), written, strict=True)], pl.String),
        _column_order(frame).alias("column_order") if frame.height else pl.lit(0, pl.Int64).alias("column_order"),
    )  # fmt: skip


def _block_styles(ordered: pl.DataFrame, looks: Looks) -> pl.DataFrame:
    """Row looks that shade metric blocks alternately and rule a line above each (its first cell bold)."""
    starts = pl.col("column").ne_missing(pl.col("column").shift(1)).fill_null(True)
    block = starts.cum_sum() - 1
    return ordered.select(
        pl.when(block % 2 == 0)
        .then(pl.lit(looks.code(BLOCK_SHADES[0])))
        .otherwise(pl.lit(looks.code(BLOCK_SHADES[1])))
        .alias("fill"),
        pl.when(starts).then(pl.lit(looks.code(BLOCK_TOP))).alias("border"),
        pl.when(starts).then(pl.lit(looks.code(C.BOLD))).alias("first_font"),
    )


def rankings(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The Rankings sheet: one filterable table, metric by metric, regions by place, outliers last."""
    flag = (
        pl.when(pl.col("outlier"))
        .then(pl.lit(L.OUTLIER_TEXT))
        .when(pl.col("conflict"))
        .then(pl.lit(L.CONFLICT_TEXT))
        .otherwise(None)
    )
    ordered = C.sorted_rows(_cell_texts(frame).with_columns(flag.alias("flag")), L.RANKINGS_SORT)
    looks = Looks(ws)
    _list_sheet(ws, L.RANKINGS, L.RANKINGS_COLUMNS, RANKINGS_ROLES, ordered, L.RANKINGS_WRAP_WIDTHS,
                looks=looks, restyle=_block_styles(ordered, looks))  # fmt: skip


def history(ws: Worksheet, frame: pl.DataFrame) -> None:
    """The History sheet: each region's figures of a column with several, the one on Comparison first."""
    shown = pl.when(pl.col("shown")).then(pl.lit(L.HISTORY_SHOWN)).otherwise(None).alias("shown_text")
    texts = (
        _cell_texts(frame)
        .with_columns(shown)
        .sort(
            ["region", "column_order", "shown", "year", "meeting_date", "doc", "start"],
            descending=[False, False, True, True, True, False, False],
            nulls_last=True,
            maintain_order=True,
        )
    )  # the one shown first, then the latest year
    ordered = texts.with_columns(
        pl.concat_str(["region", "column"]).alias("column")
    )  # a block per region and column
    looks = Looks(ws)
    _list_sheet(ws, L.HISTORY, L.HISTORY_COLUMNS, HISTORY_ROLES, ordered, L.HISTORY_WRAP_WIDTHS,
                empty=L.NO_HISTORY, looks=looks, restyle=_block_styles(ordered, looks))  # fmt: skip
