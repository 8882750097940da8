"""Frames: the validated facts into one frame per sheet of the workbook.

In: the facts (FigureFrame) and the Outcomes of the inputs. Out: `SheetFrames` (facts with their placement,
comparison, conflicts, sources, regions, per capita, rankings, history, plans, projects, charts), each
through its contract in `schemas/`, the Issues rows, and the run's summary. Modules: `comparable` (which
figures compare and where each goes), `tables` (sources, latest figure per column, ranks), `sheets`
(every sheet's frame), `issues` (Issues rows no contract raises), `summary` (the run in counts).
"""
