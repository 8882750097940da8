"""Contracts for the analysis sheets: regions, conflicts, per capita, rankings, trends and charts."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.figures import KINDS, QUALIFIERS, UNITS
from schemas.report import RegionCell, RegionValue

# How far a stored per-resident value may stray from value / population × per (float rounding only).
PER_CAPITA_TOLERANCE = 1e-9


class RegionFrame(pa.DataFrameModel):
    """One region with a processed document: its coverage in this run and its population reference.

    `population` comes from the project's region table (`data/regions.csv`) with its year and source;
    it is null where no official figure is published or the region is not in the table.
    """

    region: str = pa.Field(str_length={"min_value": 1}, unique=True)
    region_iso: str = pa.Field(nullable=True)
    federal_district: str = pa.Field(nullable=True)
    documents: int = pa.Field(ge=1)
    figures: int = pa.Field(ge=0)
    compared: int = pa.Field(ge=0)
    first_meeting: pl.Date
    latest_meeting: pl.Date
    population: int = pa.Field(nullable=True, ge=1)
    population_year: int = pa.Field(nullable=True, in_range={"min_value": 1800, "max_value": 2100})
    population_source: str = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="the first meeting cannot be after the latest")
    def meetings_are_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("first_meeting") <= pl.col("latest_meeting"))

    @pa.dataframe_check(error="figures on Comparison cannot exceed the region's figures")
    def compared_within_figures(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("compared") <= pl.col("figures"))

    @pa.dataframe_check(error="a population states its year and source")
    def population_has_provenance(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("population").is_null()
            | (pl.col("population_year").is_not_null() & pl.col("population_source").is_not_null())
        )


class ConflictFrame(pa.DataFrameModel):
    """Figures that disagree: one region, one (metric, kind, unit) column, one stated year, several values."""

    region: str
    column: str = pa.Field(str_length={"min_value": 1})
    metric: str
    metric_label: str
    kind: str = pa.Field(isin=KINDS)
    unit: str = pa.Field(isin=UNITS)
    year: int = pa.Field(in_range={"min_value": 1800, "max_value": 2100})
    figures: int = pa.Field(ge=2)
    values: int = pa.Field(ge=2)
    low: float
    high: float
    surfaces: str = pa.Field(str_length={"min_value": 1})
    docs: str = pa.Field(str_length={"min_value": 1})
    detail: str

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column", "year"]

    @pa.dataframe_check(error="conflicting values differ")
    def low_below_high(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("low") <= pl.col("high"))

    @pa.dataframe_check(error="distinct values cannot outnumber figures")
    def values_within_figures(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("values") <= pl.col("figures"))


class PerCapitaFrame(RegionCell):
    """One cell of the Per capita sheet: a region's latest value of an amount or count, per resident(s)."""

    kind: str = pa.Field(isin=["amount", "count"])
    population: int = pa.Field(ge=1)
    population_year: int = pa.Field(in_range={"min_value": 1800, "max_value": 2100})
    population_source: str = pa.Field(str_length={"min_value": 1})
    per: int = pa.Field(ge=1)
    per_capita: float

    @pa.dataframe_check(error="per_capita must equal value / population × per")
    def per_capita_is_the_quotient(cls, data: pa.PolarsData) -> pl.LazyFrame:
        expected = pl.col("value") / pl.col("population") * pl.col("per")
        return data.lazyframe.select(
            (pl.col("per_capita") - expected).abs() <= PER_CAPITA_TOLERANCE * expected.abs().clip(1.0)
        )


class RankingFrame(RegionCell):
    """One row of the Rankings sheet: a region's place in a column reported by enough regions."""


class TrendFrame(RegionValue):
    """One cell of the Trends sheet: a region's figure for a column at one of its several meetings."""

    meetings: int = pa.Field(ge=2)

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column", "meeting_date"]


class ChartFrame(pa.DataFrameModel):
    """One bar of the Charts sheet: chart number, its column, and a region's value and place in it."""

    chart: int = pa.Field(ge=1)
    column: str = pa.Field(str_length={"min_value": 1})
    metric: str
    metric_label: str
    kind: str = pa.Field(isin=KINDS)
    unit: str = pa.Field(isin=UNITS)
    reporters: int = pa.Field(ge=1)
    rank: int = pa.Field(ge=1)
    region: str
    value: float
    qualifier: str = pa.Field(isin=QUALIFIERS)
    year: int = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        unique = ["chart", "region"]
