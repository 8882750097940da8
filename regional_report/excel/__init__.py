"""The analysts' Excel workbook: layout constants apart, one renderer, one atomic save."""

from regional_report.excel.render import RunInfo, build_workbook, render_report, write_workbook

__all__ = ["RunInfo", "build_workbook", "render_report", "write_workbook"]
