"""Report: the analysts' Excel workbook.

In: every sheet's frame (`FRAME_MODELS`: validated again here) and the run's facts (`RunInfo`). Out: the
workbook, saved atomically. Modules: `render` (the workbook and its save), `layout` (constants), `matrix`
(Comparison, Per capita), `lists` and `stream` (the list sheets, written a column at a time), `overview`,
`charts`, `pages` (print setup), `cells` (number formats, text never a formula).
"""

from regional_report.report.render import FRAME_MODELS, RunInfo, build_workbook, render_report, write_workbook

__all__ = ["FRAME_MODELS", "RunInfo", "build_workbook", "render_report", "write_workbook"]
