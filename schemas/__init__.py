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

# The frame of each sheet of the workbook, with the contract it passes (in sheet order): what the workbook is
# drawn from (`regional_report.report.render_report` takes one frame per name).
SHEET_CONTRACTS = {
    "comparison": ComparisonFrame,
    "per_capita": PerCapitaFrame,
    "rankings": RankingFrame,
    "history": HistoryFrame,
    "plans": PlanFrame,
    "projects": ProjectFrame,
    "charts": ChartFrame,
    "regions": RegionFrame,
    "facts": FactsFrame,
    "sources": SourceFrame,
    "issues": IssueFrame,
}

__all__ = [
    "SHEET_CONTRACTS",
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
