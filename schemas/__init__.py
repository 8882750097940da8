"""Pandera contracts, one DataFrameModel per boundary of the pipeline and per sheet of the workbook."""

from schemas.documents import SourceFrame
from schemas.figures import FigureFrame, RawFigureFrame
from schemas.report import ComparisonFrame, IssueFrame
from schemas.sheets import ChartFrame, ConflictFrame, PerCapitaFrame, RankingFrame, RegionFrame, TrendFrame

__all__ = [
    "ChartFrame",
    "ComparisonFrame",
    "ConflictFrame",
    "FigureFrame",
    "IssueFrame",
    "PerCapitaFrame",
    "RankingFrame",
    "RawFigureFrame",
    "RegionFrame",
    "SourceFrame",
    "TrendFrame",
]
