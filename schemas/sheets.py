"""Contracts for the analysis sheets: regions, conflicts, per capita, rankings, history, plans, projects,
charts, and the Facts sheet's rows with where each figure went."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.figures import KINDS, QUALIFIERS, STATUSES, UNITS, FigureFrame
from schemas.report import Cell, ComparisonFrame, Placed

# How far a stored per-resident value may stray from value / population × per_residents (float rounding only).
PER_CAPITA_TOLERANCE = 1e-9

# Where a figure went (the Facts sheet's Placement column): exactly one of these per figure.
COMPARED = "Comparison"
HISTORY = "History"
PLANS = "Plans"
PROJECTS = "Projects"
NO_METRIC = "Facts only: no metric"
SEVERAL_YEARS = "Facts only: several years"
PART_OF_YEAR = "Facts only: part of a year"
FLOW_NO_PERIOD = "Facts only: a flow over an unstated time"
NOT_REGION_POPULATION = "Facts only: not the region's population (census)"
SHARE = "Facts only: a share of an unstated whole"
PAST_NO_YEAR = "Facts only: an earlier value without its year"
FEW_REGIONS = "Facts only: a column of too few regions"
PLACEMENTS = [
    COMPARED,
    HISTORY,
    PLANS,
    PROJECTS,
    NO_METRIC,
    SEVERAL_YEARS,
    PART_OF_YEAR,
    FLOW_NO_PERIOD,
    NOT_REGION_POPULATION,
    SHARE,
    PAST_NO_YEAR,
    FEW_REGIONS,
]


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
    """Comparable figures that disagree: one region, one column, one stated year, several values."""

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


class PerCapitaFrame(Placed, Cell):
    """One cell of the Per capita sheet: a region's Comparison value of an amount or count, per resident(s).

    Only Comparison cells (region-wide, actual, one year or a level, no rate base of their own) of the
    columns listed in `data/per_capita.csv`; ranks are over the values per resident, outliers flagged.
    """

    kind: str = pa.Field(isin=["amount", "count"])
    population: int = pa.Field(ge=1)
    population_year: int = pa.Field(in_range={"min_value": 1800, "max_value": 2100})
    population_source: str = pa.Field(str_length={"min_value": 1})
    per_residents: int = pa.Field(ge=1)
    per_capita: float

    class Config:
        strict = True
        coerce = True
        unique = ["region", "column"]

    @pa.dataframe_check(error="a rate (a figure with its own base, `per`) is never divided by population")
    def no_rate_divided(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("per").is_null())

    @pa.dataframe_check(error="per_capita must equal value / population × per_residents")
    def per_capita_is_the_quotient(cls, data: pa.PolarsData) -> pl.LazyFrame:
        expected = pl.col("value") / pl.col("population") * pl.col("per_residents")
        return data.lazyframe.select(
            (pl.col("per_capita") - expected).abs() <= PER_CAPITA_TOLERANCE * expected.abs().clip(1.0)
        )


class RankingFrame(ComparisonFrame):
    """One row of the Rankings sheet: a Comparison cell in its column's order (outliers last, unranked)."""


class HistoryFrame(Cell):
    """One row of the History sheet: a comparable figure of a region and column that has several.

    `status` actual or past (an earlier value the text sets against a later one, with its year); `shown`
    marks the figure the Comparison cell holds (the latest year).
    """

    status: str = pa.Field(isin=["actual", "past"])
    shown: bool

    class Config:
        strict = True
        coerce = True
        unique = ["doc", "start", "end"]


class PlanFrame(FigureFrame):
    """One row of the Plans sheet: a region-wide target, plan or forecast (its year is the target year):
    status plan, or a figure for a year after its meeting's."""

    scope: str = pa.Field(isin=["region"])

    @pa.dataframe_check(error="a plan says so (status plan) or is for a year after its meeting")
    def is_planned(cls, data: pa.PolarsData) -> pl.LazyFrame:
        future = (pl.col("year") > pl.col("meeting_date").dt.year()).fill_null(False)
        return data.lazyframe.select((pl.col("status") == "plan") | future)


class ProjectFrame(FigureFrame):
    """One row of the Projects sheet: a figure about one part of a region (a plant, programme, district)."""

    scope: str = pa.Field(isin=["part"])
    status: str = pa.Field(isin=STATUSES)


class FactsFrame(FigureFrame):
    """One row of the Facts sheet: a valid figure and where it went (`placement`, one of PLACEMENTS)."""

    placement: str = pa.Field(isin=PLACEMENTS)


class ChartFrame(pa.DataFrameModel):
    """One bar of the Charts sheet: chart number, its column, and a ranked region's value and place in it."""

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


__all__ = [
    "PLACEMENTS",
    "ChartFrame",
    "ComparisonFrame",
    "ConflictFrame",
    "FactsFrame",
    "HistoryFrame",
    "PerCapitaFrame",
    "PlanFrame",
    "ProjectFrame",
    "RankingFrame",
    "RegionFrame",
]
