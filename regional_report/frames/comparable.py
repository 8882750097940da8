"""Which figures compare, and where every figure goes: the rules of the comparison.

Two figures stand in one comparison column when their metric, kind, unit and rate base (`per`) agree, they
say it the same way round (`column_meanings`: a share of roads in standard condition is not a share of roads
failing the standards; the column's label says which), and each is the region's own (scope region),
achieved (status actual), for one year or a level: period year, or none for a level (a flow, such as
investment or schools built, needs its year's period: `flow_measures`). Everything else has another place
(`schemas.sheets.PLACEMENTS`): plans go to Plans (and so does a figure for a year after its meeting, whatever
its tense: it cannot have been achieved), a part of the region (a plant, a programme) to Projects, several
years, part of a year, a flow over an unstated time, a percent of a money flow (a share of a whole the column
does not name: `share_measures`) or a "population" far from the region's census population stay on Facts.
Of a region's figures for one column the latest year wins; the others are its
history. An index and a change of one metric are one statement in two forms (105 % = +5 %): where both
meet, the column takes the form more regions used and each converted cell keeps the form its text used.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final, NamedTuple

import polars as pl

from regional_report.metrics import data_rows
from regional_report.regions import canonical_region
from schemas import sheets as S

__all__ = [
    "COLUMN_KEY_SEPARATOR",
    "INDEX_BASE",
    "change_to_index",
    "column_key",
    "column_meanings",
    "effective_year",
    "flow_measures",
    "index_to_change",
    "placed_figures",
    "share_measures",
]

COLUMN_KEY_SEPARATOR: Final = "|"
INDEX_BASE: Final = 100.0  # an index of 100 % is no change
# The units in which an index and a change are the same statement: a change in % against an index in %.
INDEX_UNIT: Final = "%"
_FORMS: Final = ("index", "change")


def index_to_change(index: float) -> float:
    """A level against a base, as a change: index 105 % is a change of +5 %.

    >>> index_to_change(105.0), index_to_change(92.5)
    (5.0, -7.5)
    """
    return index - INDEX_BASE


def change_to_index(change: float) -> float:
    """A relative change as a level against the base: +5 % is an index of 105 %.

    >>> change_to_index(5.0), change_to_index(-7.5)
    (105.0, 92.5)
    """
    return change + INDEX_BASE


def column_key() -> pl.Expr:
    """The key of a (metric, kind, unit[, per][, meaning]) column: "investment|amount|RUB", "beds|count|count|1000
    people", "roads|percent|%|Roads in standard condition" (`meaning`: the label of its `column_meanings`)."""
    key = pl.concat_str(["metric", "kind", "unit"], separator=COLUMN_KEY_SEPARATOR)
    for part in ("per", "meaning"):
        key = pl.when(pl.col(part).is_null()).then(key).otherwise(key + COLUMN_KEY_SEPARATOR + pl.col(part))
    return key.alias("column")


class Meaning(NamedTuple):
    """One of the ways a column's figures are said (`data/column_meanings.csv`): its label, and the words of
    the sentence that say it (none: the meaning of a figure no other meaning's words claim)."""

    metric: str
    kind: str
    unit: str
    label: str
    words: tuple[str, ...]


@cache
def column_meanings() -> tuple[Meaning, ...]:
    """The meanings of `data/column_meanings.csv`, those with words first (they claim a figure before the
    meaning without words does)."""
    meanings = [
        Meaning(
            r["metric"].strip(),
            r["kind"].strip(),
            r["unit"].strip(),
            r["label"].strip(),
            tuple(w.strip().lower() for w in (r["words"] or "").split(";") if w.strip()),
        )
        for r in data_rows("column_meanings.csv")
    ]
    return tuple(sorted(meanings, key=lambda m: not m.words))


def _meaning() -> pl.Expr:
    """The label of the meaning a figure's sentence gives its column (`column_meanings`), else null."""
    chosen = pl.lit(None, pl.String)
    for m in reversed(column_meanings()):
        said = (pl.col("metric") == m.metric) & (pl.col("kind") == m.kind) & (pl.col("unit") == m.unit)
        if m.words:
            words = "|".join(re.escape(w) for w in m.words)
            said = said & pl.col("sentence").str.to_lowercase().str.contains(rf"\b(?:{words})\b")
        chosen = pl.when(said.fill_null(False)).then(pl.lit(m.label)).otherwise(chosen)
    return chosen.alias("meaning")


def _future() -> pl.Expr:
    """A figure for a year after its meeting's: a target or forecast, whatever its tense says."""
    return (pl.col("year") > pl.col("meeting_date").dt.year()).fill_null(False)


def _planned() -> pl.Expr:
    """A plan, target or forecast: said so, or for a year after the meeting."""
    return (pl.col("status") == "plan") | _future()


def _columns_of(table: str) -> frozenset[tuple[str, str]]:
    """The (metric, kind) pairs of a data table of columns (`data/<table>`: metric,kind,why; # comments)."""
    return frozenset((r["metric"].strip(), r["kind"].strip()) for r in data_rows(table))


@cache
def flow_measures() -> frozenset[tuple[str, str]]:
    """The (metric, kind) columns whose figures are flows over a time (`data/flow_metrics.csv`)."""
    return _columns_of("flow_metrics.csv")


@cache
def share_measures() -> frozenset[tuple[str, str]]:
    """The (metric, kind) columns whose figures are shares of a whole they do not name (`data/share_metrics.csv`)."""
    return _columns_of("share_metrics.csv")


def _in(columns: frozenset[tuple[str, str]]) -> pl.Expr:
    """Whether a figure's (metric, kind) is one of `columns`."""
    return pl.concat_str(["metric", "kind"], separator="|").is_in([f"{m}|{k}" for m, k in columns])


def _flow_without_period() -> pl.Expr:
    """A flow (`flow_measures`: an amount produced or spent, a count of things built) whose text does
    not say over what time: not one year's for sure, so not comparable."""
    return _in(flow_measures()) & pl.col("period").is_null()


def _share_of_unnamed_whole() -> pl.Expr:
    """A percent of a money flow (`share_measures`): a share whose whole the column does not name."""
    return _in(share_measures()).fill_null(False)


POPULATION_METRIC: Final = "population"
POPULATION_SLACK: Final = 2.0
"""A figure given as a region's population is the region's when it lies within this factor of its census
population (regions.csv); further off, it counts a part of the population ("353,000 local residents live in
the contaminated area")."""


def census_population(regions: pl.Series) -> pl.Series:
    """Each region's census population from the region table (null where it has none)."""
    known = {
        name: (r.population if (r := canonical_region(name)) else None) for name in regions.unique().to_list()
    }
    return regions.replace_strict(known, default=None, return_dtype=pl.Float64)


def _not_the_regions_population() -> pl.Expr:
    """A count of the region's population far from its census population: a part of the population."""
    ratio = pl.col("value") / pl.col("__census")
    off = (ratio > POPULATION_SLACK) | (ratio < 1 / POPULATION_SLACK)
    return ((pl.col("metric") == POPULATION_METRIC) & (pl.col("kind") == "count") & off).fill_null(False)


def _candidate() -> pl.Expr:
    """A figure that could stand in a comparison (or its history): the region's own, with a metric, for one
    year or a level, achieved now or earlier."""
    return (
        pl.col("metric").is_not_null()
        & (pl.col("scope") == "region")
        & pl.col("status").is_in(["actual", "past"])
        & ~_future()
        & (pl.col("period").is_null() | (pl.col("period") == "year"))
        & ~_flow_without_period().fill_null(False)
        & ~_share_of_unnamed_whole()
        & ~_not_the_regions_population()
    )


def _in_column_form(figures: pl.DataFrame) -> pl.DataFrame:
    """`figures` with `written_kind`/`written_value` (as the text gave them) and kind, value and value_max in
    their column's form: where indices and changes in % of one metric and base meet among the candidates,
    all take the form used by more regions (a tie: change)."""
    figures = figures.with_columns(
        pl.col("kind").alias("written_kind"), pl.col("value").alias("written_value")
    )
    meeting = figures.filter(_candidate() & pl.col("kind").is_in(_FORMS) & (pl.col("unit") == INDEX_UNIT))
    regions = meeting.group_by("metric", "per", "kind").agg(pl.col("region").n_unique().alias("regions"))
    forms = (
        regions.pivot(on="kind", index=["metric", "per"], values="regions")
        if regions.height
        else pl.DataFrame(schema={"metric": pl.String, "per": pl.String})
    )
    for form in _FORMS:
        if form not in forms.columns:
            forms = forms.with_columns(pl.lit(0, pl.UInt32).alias(form))
    forms = forms.filter((pl.col("index") > 0) & (pl.col("change") > 0)).select(
        "metric",
        "per",
        pl.when(pl.col("index") > pl.col("change"))
        .then(pl.lit("index"))
        .otherwise(pl.lit("change"))
        .alias("form"),
    )
    joined = figures.join(forms, on=["metric", "per"], how="left", nulls_equal=True, maintain_order="left")
    convert = (
        _candidate()
        & pl.col("form").is_not_null()
        & pl.col("kind").is_in(_FORMS)
        & (pl.col("unit") == INDEX_UNIT)
        & (pl.col("kind") != pl.col("form"))
    )
    shift = pl.when(pl.col("form") == "change").then(-INDEX_BASE).otherwise(INDEX_BASE)
    return joined.with_columns(
        pl.when(convert).then(pl.col("form")).otherwise(pl.col("kind")).alias("kind"),
        pl.when(convert).then(pl.col("value") + shift).otherwise(pl.col("value")).alias("value"),
        pl.when(convert).then(pl.col("value_max") + shift).otherwise(pl.col("value_max")).alias("value_max"),
    ).drop("form")


UNDATED_LAG: Final = 1
"""A figure that states no year counts as of the year before its meeting's: a meeting reports the last full
year, and a level said to hold "now" is at most months newer."""


def effective_year() -> pl.Expr:
    """The year a figure counts as of when figures are ordered: the year it states, else the year before its
    meeting's (`UNDATED_LAG`)."""
    undated = pl.col("meeting_date").dt.year().cast(pl.Int64) - UNDATED_LAG
    return pl.coalesce(pl.col("year").cast(pl.Int64), undated)


def _latest_first() -> list[pl.Expr]:
    """The order in which a region's figures of a column count as latest: the latest year (`effective_year`),
    then the later meeting, a stated year before none, then the first mention."""
    return [effective_year(), pl.col("meeting_date"), pl.col("year").is_not_null(), -pl.col("start")]


def placed_figures(facts: pl.DataFrame, min_regions: int) -> pl.DataFrame:
    """The facts (FigureFrame rows, in their order), each with its column in its column's form and its
    `placement`.

    Adds `column`, `written_kind`, `written_value`, `placement` (one of `schemas.sheets.PLACEMENTS`) and
    `shown` (the figure a Comparison cell holds). A column needs actual figures of at least `min_regions`
    regions to be compared; of one region's figures in a compared column, the latest (`_latest_first`)
    is shown and the rest are history.
    """
    if min_regions < 1:
        raise ValueError(f"min_regions must be at least 1, got {min_regions}")
    figures = (
        _in_column_form(facts.with_columns(census_population(facts.get_column("region")).alias("__census")))
        .with_columns(_meaning())
        .with_columns(
            column_key(),
            _candidate().alias("__candidate"),
            pl.coalesce("meaning", "metric_label").alias("metric_label"),
        )
        .with_row_index("__row")
    )
    actual = pl.col("__candidate") & (pl.col("status") == "actual")
    reporters = (
        figures.filter(actual)
        .group_by("column")
        .agg(pl.col("region").n_unique().alias("__regions"))
        .filter(pl.col("__regions") >= min_regions)
        .select("column", pl.lit(True).alias("__compared"))
    )
    figures = figures.join(reporters, on="column", how="left", maintain_order="left").with_columns(
        pl.col("__compared").fill_null(False)
    )
    order = _latest_first()
    latest = (
        figures.filter(actual & pl.col("__compared"))
        .sort([*order, "doc", "end"], descending=[True] * len(order) + [False, False], nulls_last=True)
        .unique(["region", "column"], keep="first", maintain_order=True)
        .select("__row", pl.lit(True).alias("shown"))
    )
    figures = figures.join(latest, on="__row", how="left", maintain_order="left")
    placement = (
        pl.when(pl.col("scope") == "part")
        .then(pl.lit(S.PROJECTS))
        .when(_planned())
        .then(pl.lit(S.PLANS))
        .when(pl.col("metric").is_null())
        .then(pl.lit(S.NO_METRIC))
        .when(pl.col("period") == "years")
        .then(pl.lit(S.SEVERAL_YEARS))
        .when(pl.col("period") == "part_year")
        .then(pl.lit(S.PART_OF_YEAR))
        .when(_flow_without_period())
        .then(pl.lit(S.FLOW_NO_PERIOD))
        .when(_share_of_unnamed_whole())
        .then(pl.lit(S.SHARE))
        .when(_not_the_regions_population())
        .then(pl.lit(S.NOT_REGION_POPULATION))
        .when((pl.col("status") == "past") & pl.col("year").is_null())
        .then(pl.lit(S.PAST_NO_YEAR))
        .when(~pl.col("__compared"))
        .then(pl.lit(S.FEW_REGIONS))
        .when(pl.col("shown").fill_null(False))
        .then(pl.lit(S.COMPARED))
        .otherwise(pl.lit(S.HISTORY))
    )
    return figures.with_columns(placement.alias("placement"), pl.col("shown").fill_null(False)).drop(
        "__candidate", "__compared", "__row", "__census", "meaning"
    )
