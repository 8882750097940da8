"""Print setup: A4 landscape pages, repeated header rows, a footer, and page breaks planned in points.

List sheets print one page wide (`landscape(..., fit_width=True)`), their header row on every page. The
stacked sheets (Comparison, Per capita) print at a scale chosen from their width (`scale_for`) and plan
their own page breaks (`Pager`), so that a block never starts at the foot of a page and a block that runs
over a page repeats its header there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from regional_report.report import layout as L

Worksheet = Any

PRINTABLE_WIDTH_PT = L.PAGE_WIDTH_PT - 2 * L.MARGIN_SIDE_IN * 72
PRINTABLE_HEIGHT_PT = L.PAGE_HEIGHT_PT - 2 * L.MARGIN_TOP_IN * 72
FOOTER = "&A — page &P of &N"  # the sheet's name and the page number, centred under every page


def landscape(ws: Worksheet, title_rows: str | None, fit_width: bool, fit_height: bool = False) -> None:
    """Print in landscape on A4 with the workbook's margins and footer, repeating `title_rows` on every page;
    optionally one page wide (as many pages tall as it takes) or one page tall."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins = PageMargins(
        left=L.MARGIN_SIDE_IN,
        right=L.MARGIN_SIDE_IN,
        top=L.MARGIN_TOP_IN,
        bottom=L.MARGIN_TOP_IN,
        header=L.MARGIN_HEADER_IN,
        footer=L.MARGIN_HEADER_IN,
    )
    ws.oddFooter.center.text = FOOTER
    if title_rows:
        ws.print_title_rows = title_rows
    if fit_width or fit_height:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1 if fit_width else 0
        ws.page_setup.fitToHeight = 1 if fit_height else 0


def width_pt(widths: Iterable[float]) -> float:
    """The printed width of columns of these widths (Excel character units), at 100 %."""
    return sum(widths) * L.PT_PER_WIDTH_UNIT


def scale_for(widths: Iterable[float]) -> int:
    """The largest print scale (percent, at most 100) at which columns of these widths fit across a page."""
    total = width_pt(widths)
    return 100 if total <= 0 else max(10, min(100, math.floor(PRINTABLE_WIDTH_PT / total * 100)))


class Pager:
    """Rows laid out on pages of a sheet printed at `scale` %, with `title_pt` points of repeated title rows.

    Only `layout.PAGE_FILL` of a page is planned: a spreadsheet may draw a wrapped row a line taller than
    estimated.

    `fits` says whether rows of so many points still fit on the current page; `new_page` breaks the page
    before a row. Heights are the rows' heights in points at 100 %.
    """

    def __init__(self, ws: Worksheet, scale: int, title_pt: float) -> None:
        self._ws = ws
        self._title_pt = title_pt
        self.capacity = PRINTABLE_HEIGHT_PT * L.PAGE_FILL * 100 / scale
        self.used = title_pt

    def fits(self, points: float) -> bool:
        """Whether `points` more fit on the current page."""
        return self.used + points <= self.capacity

    def take(self, points: float) -> None:
        """Count a row of `points` on the current page."""
        self.used += points

    def new_page(self, row: int) -> None:
        """Start a new page at `row` (the break goes after the row before it)."""
        if row > 1:
            self._ws.row_breaks.append(Break(id=row - 1))
        self.used = self._title_pt
