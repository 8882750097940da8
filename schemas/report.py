"""Contracts for what the workbook shows besides facts: comparison cells and issues."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.figures import KINDS, QUALIFIERS, UNITS

STAGES = ["read", "extract", "validate", "normalize", "compare", "report"]


class Ranked(pa.DataFrameModel):
    """A region's place in a column: `rank` among the `reporters` regions that have a value there."""

    rank: int = pa.Field(ge=1)
    reporters: int = pa.Field(ge=1)

    @pa.dataframe_check(error="a rank cannot exceed the number of regions ranked")
    def rank_within_reporters(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("rank") <= pl.col("reporters"))


class RegionValue(pa.DataFrameModel):
    """A region's value in one comparison column (metric, kind, unit), with the meeting and document it is from."""

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


class RegionCell(Ranked, RegionValue):
    """A region's latest value in one comparison column, with its place and whether its figures disagree."""

    conflict: bool

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column"]


class ComparisonFrame(RegionCell):
    """One cell of the Comparison sheet in long form: a region's latest value of one (metric, kind, unit).

    `rank` is the region's place among the `reporters` regions that have a value in the column (1 = the
    highest value; for a column of ranks, 1 = the best place); `conflict` says that the region's figures
    for this column and the value's year disagree (see ConflictFrame).
    """


class IssueFrame(pa.DataFrameModel):
    """Something the run set aside or doubts: a quarantined file, a failed check, a conflict."""

    stage: str = pa.Field(isin=STAGES)
    doc: str
    region: str = pa.Field(nullable=True)
    check: str
    column: str = pa.Field(nullable=True)
    value: str = pa.Field(nullable=True)
    message: str

    class Config:
        strict = True
        coerce = True
