"""Pandera contracts, one DataFrameModel per boundary of the pipeline and per sheet of the workbook."""

from schemas.documents import SourceFrame
from schemas.figures import FigureFrame, RawFigureFrame
from schemas.report import ComparisonFrame, IssueFrame
from schemas.sheets import (
    ChartFrame,
    ConflictFrame,
    FactsFrame,
    HistoryFrame,
    PerCapitaFrame,
    PlanFrame,
    ProjectFrame,
    RankingFrame,
    RegionFrame,
)

__all__ = [
    "ChartFrame",
    "ComparisonFrame",
    "ConflictFrame",
    "FactsFrame",
    "FigureFrame",
    "HistoryFrame",
    "IssueFrame",
    "PerCapitaFrame",
    "PlanFrame",
    "ProjectFrame",
    "RankingFrame",
    "RawFigureFrame",
    "RegionFrame",
    "SourceFrame",
]
