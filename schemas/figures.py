"""Contracts for figures: as extracted (raw) and in normalized units, one row per figure."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

KINDS = ["count", "amount", "percent", "change", "rank", "index"]
QUALIFIERS = ["exact", "approx", "min", "max"]
# Spec version 2: what makes two figures of one metric comparable (see ../shared/spec/figures.md).
SCOPES = ["region", "part"]
STATUSES = ["actual", "plan", "past"]
PERIODS = ["year", "years", "part_year"]
UNITS = [
    "t",
    "RUB",
    "USD",
    "EUR",
    "CNY",
    "ha",
    "m2",
    "km",
    "%",
    "pp",
    "x",
    "t/ha",
    "rank",
    "count",
    "year",
    "MW",
    "m3",
    "kWh",
    "Gcal",
    "l",
]
# A single figure beyond this magnitude is not a statement about a region (1e15 RUB is ~7x Russia's GDP).
MAX_ABS_VALUE = 1e15


class RawFigureFrame(pa.DataFrameModel):
    """A figure as the extractor found it, tied to its document and span."""

    doc: str = pa.Field(str_length={"min_value": 1})
    doc_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    start: int = pa.Field(ge=0)
    end: int = pa.Field(ge=1)
    surface: str = pa.Field(str_length={"min_value": 1})
    kind: str = pa.Field(isin=KINDS)
    value: float
    value_max: float = pa.Field(nullable=True)
    unit: str = pa.Field(isin=UNITS)
    qualifier: str = pa.Field(isin=QUALIFIERS)
    metric: str = pa.Field(nullable=True)
    subject: str
    year: int = pa.Field(nullable=True, in_range={"min_value": 1800, "max_value": 2100})
    scope: str = pa.Field(isin=SCOPES)
    status: str = pa.Field(isin=STATUSES)
    period: str = pa.Field(nullable=True, isin=PERIODS)
    per: str = pa.Field(nullable=True, str_length={"min_value": 1})
    sentence: str

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="end must be after start")
    def span_is_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end") > pl.col("start"))

    @pa.dataframe_check(error="value must be a finite number")
    def value_is_finite(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("value").is_finite())


class FigureFrame(pa.DataFrameModel):
    """A validated figure in normalized units with its document's region and date: the Facts sheet's rows."""

    region: str = pa.Field(str_length={"min_value": 1})
    region_iso: str = pa.Field(nullable=True)
    federal_district: str = pa.Field(nullable=True)
    meeting_date: pl.Date
    doc: str
    doc_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    start: int = pa.Field(ge=0)
    end: int = pa.Field(ge=1)
    surface: str
    kind: str = pa.Field(isin=KINDS)
    metric: str = pa.Field(nullable=True)
    metric_label: str = pa.Field(nullable=True)
    topic: str = pa.Field(nullable=True)
    subject: str
    value: float = pa.Field(in_range={"min_value": -MAX_ABS_VALUE, "max_value": MAX_ABS_VALUE})
    value_max: float = pa.Field(nullable=True)
    unit: str = pa.Field(isin=UNITS)
    qualifier: str = pa.Field(isin=QUALIFIERS)
    year: int = pa.Field(nullable=True, in_range={"min_value": 1800, "max_value": 2100})
    scope: str = pa.Field(isin=SCOPES)
    status: str = pa.Field(isin=STATUSES)
    period: str = pa.Field(nullable=True, isin=PERIODS)
    per: str = pa.Field(nullable=True, str_length={"min_value": 1})
    sentence: str

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="a percentage level or index must lie between 0 and 1000")
    def percent_level_in_range(cls, data: pa.PolarsData) -> pl.LazyFrame:
        level = pl.col("kind").is_in(["percent", "index"])
        return data.lazyframe.select(~level | pl.col("value").is_between(0, 1000))

    @pa.dataframe_check(error="a rank must be a whole number of at least 1")
    def rank_is_positive_integer(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("kind") != "rank")
            | ((pl.col("value") >= 1) & (pl.col("value").round(0) == pl.col("value")))
        )

    @pa.dataframe_check(error="a count cannot be negative")
    def count_is_not_negative(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("kind") != "count") | (pl.col("value") >= 0))
