"""Contracts for what the workbook shows besides facts: comparison cells and issues."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.figures import KINDS, QUALIFIERS, UNITS

STAGES = ["read", "extract", "validate", "normalize", "compare"]


class ComparisonFrame(pa.DataFrameModel):
    """One cell of the Comparison sheet in long form: a region's latest value of one (metric, kind, unit)."""

    region: str
    region_iso: str = pa.Field(nullable=True)
    federal_district: str = pa.Field(nullable=True)
    column: str = pa.Field(str_length={"min_value": 1})
    metric: str
    metric_label: str
    topic: str
    kind: str = pa.Field(isin=KINDS)
    unit: str = pa.Field(isin=UNITS)
    value: float
    qualifier: str = pa.Field(isin=QUALIFIERS)
    year: int = pa.Field(nullable=True)
    meeting_date: pl.Date
    doc: str

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column"]


class IssueFrame(pa.DataFrameModel):
    """Something the run set aside or doubts: a quarantined file, a failed check, a conflict."""

    stage: str = pa.Field(isin=STAGES)
    doc: str
    check: str
    column: str = pa.Field(nullable=True)
    value: str = pa.Field(nullable=True)
    message: str

    class Config:
        strict = True
        coerce = True
