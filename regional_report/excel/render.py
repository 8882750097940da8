"""Render validated frames into the analysts' workbook, and save it atomically.

Looks live in `layout.py`; the sheet modules (`overview`, `matrix`, `lists`, `charts`) decide only what
goes into which cell. Every string reaches a cell through `cells.put_text`, so no text from a document can
ever become a formula. `render_report` validates every frame against its contract first: the renderer
only renders validated frames.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandera.polars as pa
import polars as pl
from openpyxl import Workbook
from pandera.config import ValidationDepth, config_context

from regional_report.excel import charts as chart_sheets
from regional_report.excel import layout as L
from regional_report.excel import lists, matrix
from regional_report.excel.cells import number_format, put_text
from regional_report.excel.overview import Counts, RunInfo, overview
from schemas import (
    ChartFrame,
    ComparisonFrame,
    FigureFrame,
    IssueFrame,
    PerCapitaFrame,
    RankingFrame,
    RegionFrame,
    SourceFrame,
    TrendFrame,
)

__all__ = [
    "FRAME_MODELS",
    "RunInfo",
    "build_workbook",
    "number_format",
    "put_text",
    "render_report",
    "write_workbook",
]

# Each frame the workbook is built from, with the contract it must pass (in sheet order).
FRAME_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "regions": RegionFrame,
    "comparison": ComparisonFrame,
    "per_capita": PerCapitaFrame,
    "rankings": RankingFrame,
    "trends": TrendFrame,
    "charts": ChartFrame,
    "facts": FigureFrame,
    "sources": SourceFrame,
    "issues": IssueFrame,
}


def build_workbook(
    *,
    info: RunInfo,
    regions: pl.DataFrame,
    comparison: pl.DataFrame,
    per_capita: pl.DataFrame,
    rankings: pl.DataFrame,
    trends: pl.DataFrame,
    charts: pl.DataFrame,
    facts: pl.DataFrame,
    sources: pl.DataFrame,
    issues: pl.DataFrame,
) -> Workbook:
    """Lay out the workbook in memory from frames that already passed their contracts (`FRAME_MODELS`).

    Args:
        info: what the Overview says about the run, and its parameters.
        regions: RegionFrame rows: the rows of Comparison, whose Figures column the Overview charts.
        comparison: ComparisonFrame cells in long form, one per (region, column).
        per_capita: PerCapitaFrame cells in long form.
        rankings: RankingFrame rows.
        trends: TrendFrame cells.
        charts: ChartFrame bars.
        facts: FigureFrame rows, one per figure.
        sources: SourceFrame rows, one per input file.
        issues: IssueFrame rows.

    Returns:
        An unsaved openpyxl Workbook with the sheets of `layout.SHEETS`, in that order.
    """
    wb = Workbook()
    wb.properties.title = L.TITLE
    wb.properties.creator = "regional-report"
    counts = Counts(
        regions=regions.height,
        documents=int(regions.get_column("documents").sum()) if regions.height else 0,
        comparison_cells=comparison.height,
        comparison_columns=comparison.get_column("column").n_unique(),
        ranked_columns=rankings.get_column("column").n_unique(),
        trend_regions=trends.get_column("region").n_unique(),
        charts=charts.get_column("chart").n_unique(),
        conflicts=issues.filter(pl.col("check") == "conflict").height,
        issues=issues.height,
    )
    first = wb.active
    first.title = L.OVERVIEW
    chart_anchor = overview(first, info, counts)
    compared = wb.create_sheet(L.COMPARISON)
    rows = matrix.comparison(compared, regions, comparison)
    if regions.height:
        chart_sheets.figures_per_region(first, chart_anchor, compared, rows)
    matrix.per_capita(wb.create_sheet(L.PER_CAPITA), regions, per_capita)
    lists.rankings(wb.create_sheet(L.RANKINGS), rankings)
    lists.trends(wb.create_sheet(L.TRENDS), trends)
    chart_sheets.charts(wb.create_sheet(L.CHARTS), charts)
    lists.facts(wb.create_sheet(L.FACTS), facts)
    lists.sources(wb.create_sheet(L.SOURCES), sources)
    lists.issues(wb.create_sheet(L.ISSUES), issues)
    return wb


def write_workbook(wb: Workbook, path: Path) -> Path:
    """Save `wb` to `path` atomically: a temp file in the same folder, fsync, then rename over `path`.

    A failure leaves any previous file at `path` as it was and removes the temp file.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            wb.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder (POSIX)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_report(path: Path, *, info: RunInfo, **frames: pl.DataFrame) -> Path:
    """Validate each frame against its contract, then build the workbook and write it atomically to `path`.

    `frames` are the keyword arguments of `build_workbook` besides `info`, each checked by its model in
    `FRAME_MODELS`. Validation runs with `lazy=True` and is forced on (schema and data) whatever pandera's
    environment switches say, so the renderer only ever renders validated frames.

    Raises:
        TypeError: a frame is missing or unknown.
        pandera.errors.SchemaErrors: a frame breaks its contract; nothing is written.
    """
    if set(frames) != set(FRAME_MODELS):
        missing, extra = set(FRAME_MODELS) - set(frames), set(frames) - set(FRAME_MODELS)
        raise TypeError(f"render_report needs the frames {sorted(FRAME_MODELS)}; missing {sorted(missing)}, "
                        f"unknown {sorted(extra)}")  # fmt: skip
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        valid = {
            name: pl.DataFrame(FRAME_MODELS[name].validate(frame, lazy=True))
            for name, frame in frames.items()
        }
    wb = build_workbook(info=info, **valid)
    return write_workbook(wb, path)
