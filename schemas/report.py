"""Contracts for what the workbook shows besides facts: comparison cells and issues."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.figures import KINDS, PERIODS, QUALIFIERS, UNITS

STAGES = ["read", "extract", "validate", "normalize", "override", "compare", "report"]
# The two forms of one statement about a level against a base: "index 105 %" is "a change of +5 %".
INDEX_FORMS = ["index", "change"]


class Cell(pa.DataFrameModel):
    """A region's value in one comparison column (metric, kind, unit, per), tied to the figure it comes from.

    `value` is in the column's form; `written_kind` and `written_value` are the figure as the text gave it
    (they differ only where an index and a change of one metric meet in one column: 105 % ↔ +5 %).
    """

    region: str
    region_iso: str = pa.Field(nullable=True)
    federal_district: str = pa.Field(nullable=True)
    column: str = pa.Field(str_length={"min_value": 1})
    metric: str
    metric_label: str
    topic: str
    kind: str = pa.Field(isin=KINDS)
    unit: str = pa.Field(isin=UNITS)
    per: str = pa.Field(nullable=True, str_length={"min_value": 1})
    value: float
    qualifier: str = pa.Field(isin=QUALIFIERS)
    written_kind: str = pa.Field(isin=KINDS)
    written_value: float
    year: int = pa.Field(nullable=True, in_range={"min_value": 1800, "max_value": 2100})
    period: str = pa.Field(nullable=True, isin=PERIODS)
    meeting_date: pl.Date
    doc: str = pa.Field(str_length={"min_value": 1})
    start: int = pa.Field(ge=0)
    end: int = pa.Field(ge=1)
    surface: str

    @pa.dataframe_check(
        error="a cell in another form than its text's is an index or a change in %, converted"
    )
    def forms_convert(cls, data: pa.PolarsData) -> pl.LazyFrame:
        same = pl.col("written_kind") == pl.col("kind")
        as_change = (pl.col("kind") == "change") & (pl.col("written_kind") == "index")
        as_index = (pl.col("kind") == "index") & (pl.col("written_kind") == "change")
        converted = (pl.col("unit") == "%") & (
            (as_change & ((pl.col("value") - (pl.col("written_value") - 100)).abs() < 1e-9))
            | (as_index & ((pl.col("value") - (pl.col("written_value") + 100)).abs() < 1e-9))
        )
        return data.lazyframe.select((same & (pl.col("value") == pl.col("written_value"))) | converted)


class Placed(pa.DataFrameModel):
    """A cell's place among the column's cells: ranked, or flagged as far outside the others.

    `rank` is the place among the `reporters` cells ranked (1 = the highest value; in a column of places,
    the best place); an `outlier` (beyond `outlier_ratio` times the column's median) is not ranked.
    """

    rank: int = pa.Field(nullable=True, ge=1)
    reporters: int = pa.Field(ge=1)
    outlier: bool
    outlier_ratio: float = pa.Field(nullable=True, ge=0)
    conflict: bool

    @pa.dataframe_check(error="a cell is ranked unless it is an outlier")
    def ranked_unless_outlier(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("rank").is_null() == pl.col("outlier"))

    @pa.dataframe_check(error="a rank cannot exceed the number of regions ranked")
    def rank_within_reporters(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("rank").is_null() | (pl.col("rank") <= pl.col("reporters")))


class ComparisonFrame(Placed, Cell):
    """One cell of the Comparison sheet in long form: a region's latest comparable figure of one column.

    Only figures that compare get here: a metric, scope region, status actual, period one year or a level,
    in a column reported by enough regions. `history` counts the region's other figures of the column
    (on the History sheet); `conflict` says that its figures for the cell's year disagree (ConflictFrame).
    """

    history: int = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column"]


class IssueFrame(pa.DataFrameModel):
    """Something the run set aside, doubts or was told: a quarantined file, a failed check, a conflict, an
    override applied or not."""

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
