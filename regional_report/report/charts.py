"""Charts: the Charts sheet (one bar chart per most-reported column, beside its data) and the Overview's chart.

Charts read their data from cells of their own sheet, so sorting or filtering another sheet never
changes them.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties
from openpyxl.worksheet.pagebreak import Break

from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report import pages

Worksheet = Any

CM_PER_ROW = L.LINE_HEIGHT / 72 * 2.54  # a default row (15 pt) in centimetres


def _text(size: int, bold: bool = False, rotate: int = 0) -> RichText:
    """Chart text at `size` points (openpyxl sizes are in 1/100 pt), turned by `rotate` degrees."""
    props = CharacterProperties(sz=size * 100, b=bold)
    body = RichTextProperties(rot=rotate * 60000, vert="horz") if rotate else None
    return RichText(bodyPr=body, p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _bar_chart(title: str, horizontal: bool) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.legend = None
    chart.gapWidth = 40
    chart.x_axis.delete = False  # openpyxl 3.1 leaves axes unset, which some readers take as hidden
    chart.y_axis.delete = False
    chart.x_axis.txPr = _text(8)
    chart.y_axis.txPr = _text(8)
    return chart


def _style_series(chart: BarChart) -> None:
    for series in chart.series:
        series.graphicalProperties.solidFill = L.CHART_BAR_COLOR
        series.graphicalProperties.line.solidFill = L.CHART_BAR_COLOR


# --- the Charts sheet -----------------------------------------------------------------------------------------------


def charts(ws: Worksheet, frame: pl.DataFrame) -> None:
    """One horizontal bar chart per chart number of ChartFrame, its data table (Rank, Region, Value) beside it."""
    note = C.put_text(ws, 1, 1, L.CHARTS_NOTE)
    note.font = C.NOTE_FONT
    note.alignment = C.TOP_WRAP
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
    ws.row_dimensions[1].height = L.LINE_HEIGHT * 2
    for letter, width in L.CHART_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.sheet_view.showGridLines = False
    pages.landscape(ws, None, fit_width=False)
    ws.page_setup.scale = L.CHARTS_PRINT_SCALE  # a fixed scale: fitting to pages would drop the page breaks
    if frame.is_empty():
        C.put_text(ws, 3, 1, L.NO_CHARTS).font = C.NOTE_FONT
        return
    row = 3
    for (_,), bars in C.sorted_rows(frame, ["chart", "rank", "region"]).group_by(
        ["chart"], maintain_order=True
    ):
        if row > 3:
            ws.row_breaks.append(Break(id=row - 1))  # in print, each chart starts a page
        row = _chart_block(ws, bars, row) + L.CHART_GAP_ROWS


def _chart_block(ws: Worksheet, bars: pl.DataFrame, row: int) -> int:
    """A title, the data table and its chart from `row`; the first row after the block."""
    first = bars.row(0, named=True)
    header = C.comparison_header(first["metric_label"], first["kind"], first["unit"])
    title = f"{header} ({first['reporters']} regions)"
    C.put_text(ws, row, 1, title).font = C.SECTION_FONT
    top = row + 1
    widths = C.Widths()
    C.header(ws, top, L.CHART_COLUMNS, widths)
    r = top
    for bar in bars.iter_rows(named=True):
        r += 1
        C.put(ws, r, 1, bar["rank"], L.FMT_RANK).alignment = C.CENTER
        C.put_text(ws, r, 2, bar["region"])
        C.put_figure(ws, r, 3, bar["kind"], bar["unit"], bar["value"], bar["qualifier"])
    last = r

    chart = _bar_chart(header, horizontal=True)
    chart.title = None  # the title row above says it; a chart title would take the bars' room
    chart.add_data(Reference(ws, min_col=3, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=top + 1, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top, as in the table
    chart.x_axis.tickLblPos = "low"  # region names stay left of negative bars
    chart.y_axis.crosses = "max"  # the value axis at the bottom, under the last bar
    peak = max((abs(v) for v in bars.get_column("value").to_list() if math.isfinite(v)), default=0.0)
    chart.y_axis.number_format = C.number_format(first["kind"], first["unit"], peak)
    chart.y_axis.majorGridlines = None
    chart.dataLabels = DataLabelList(
        showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False
    )
    chart.dataLabels.txPr = _text(8)
    _style_series(chart)
    height = max(L.CHART_MIN_HEIGHT_CM, L.CHART_PADDING_CM + L.CHART_BAR_CM * bars.height)
    chart.width, chart.height = L.CHART_WIDTH_CM, height
    ws.add_chart(chart, f"{L.CHART_ANCHOR_COLUMN}{top}")
    chart_rows = math.ceil(height / CM_PER_ROW)
    return max(last + 1, top + chart_rows)


# --- the Overview's chart -------------------------------------------------------------------------------------------


def figures_per_region(ws: Worksheet, anchor: str, source: Worksheet, rows: tuple[int, int]) -> None:
    """A column chart of figures per region on `ws` at `anchor`, from the Region and Figures columns of
    `source` (the Regions sheet) between `rows` (first, last data row)."""
    first, last = rows
    keys = [key for key, _ in L.REGIONS_COLUMNS]
    region, figures = keys.index("region") + 1, keys.index("figures") + 1
    chart = _bar_chart(L.OVERVIEW_CHART_TITLE, horizontal=False)
    chart.title = None
    chart.add_data(Reference(source, min_col=figures, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(source, min_col=region, min_row=first, max_row=last))
    chart.x_axis.txPr = _text(7, rotate=-90)
    chart.x_axis.tickLblSkip = 1
    chart.y_axis.number_format = L.FMT_COUNT
    chart.gapWidth = 30
    # Leave the lower part of the chart to the region names: LibreOffice would otherwise cut them.
    chart.plot_area.layout = Layout(
        manualLayout=ManualLayout(
            layoutTarget="inner", xMode="edge", yMode="edge", x=0.05, y=0.04, w=0.93, h=0.56
        )
    )
    _style_series(chart)
    chart.width, chart.height = L.OVERVIEW_CHART_CM
    ws.add_chart(chart, anchor)
