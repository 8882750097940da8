"""Pandera contracts, one DataFrameModel per boundary of the pipeline."""

from schemas.documents import SourceFrame
from schemas.figures import FigureFrame, RawFigureFrame
from schemas.report import ComparisonFrame, IssueFrame

__all__ = ["ComparisonFrame", "FigureFrame", "IssueFrame", "RawFigureFrame", "SourceFrame"]
