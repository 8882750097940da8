"""The analysts' Excel workbook: layout constants apart, one module per kind of sheet, one atomic save."""

from regional_report.report.render import FRAME_MODELS, RunInfo, build_workbook, render_report, write_workbook

__all__ = ["FRAME_MODELS", "RunInfo", "build_workbook", "render_report", "write_workbook"]
