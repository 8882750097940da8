"""The comparison's rules on small hand-made facts: which figures compare, which wins a cell, what is kept
apart (plans, parts of a region, several years), index against change, columns of too few regions,
outliers, and values per resident."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from factories import fact

from regional_report import validate as validation
from regional_report.frames import comparable
from regional_report.frames import sheets as analysis
from schemas import (
    ComparisonFrame,
    FactsFrame,
    FigureFrame,
    HistoryFrame,
    PerCapitaFrame,
    PlanFrame,
    ProjectFrame,
    RankingFrame,
    build,
)
from schemas import sheets as S

REGIONS = ("Smolensk Region", "Kaluga Region", "Republic of Tatarstan", "Amur Region")
INDUSTRY = {"metric": "industrial_production", "metric_label": "Industrial production", "topic": "industry"}
UNEMPLOYMENT = {"metric": "unemployment", "metric_label": "Unemployment", "topic": "labour", "kind": "percent",
                "unit": "%", "value": 5.0}  # fmt: skip


def facts(*rows: dict[str, Any]) -> pl.DataFrame:
    frame = pl.DataFrame(list(rows), schema=build.polars_schema(FigureFrame))
    return pl.DataFrame(FigureFrame.validate(frame, lazy=True))


def sheets(*rows: dict[str, Any], min_regions: int = 1) -> analysis.SheetFrames:
    """Every sheet's frame from `rows`; none of their contracts may refuse a row."""
    frames = analysis.sheet_frames([], facts(*rows), ranking_min_regions=min_regions, max_charts=8)
    assert frames.checks.is_empty(), frames.checks.to_dicts()
    return frames


def placements(frames: analysis.SheetFrames) -> dict[tuple[str, int], str]:
    """Each figure's placement by (region, start)."""
    return {(r["region"], r["start"]): r["placement"] for r in frames.facts.iter_rows(named=True)}


def cells(frames: analysis.SheetFrames) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["region"], r["column"]): r for r in frames.comparison.iter_rows(named=True)}


# --- what compares -------------------------------------------------------------------------------------------


def test_only_the_regions_own_achieved_figures_for_a_year_or_a_level_compare() -> None:
    """It puts on Comparison only region-wide actual figures of one year or a level; every other figure gets
    its own place, and each figure exactly one."""
    frames = sheets(
        fact(start=0, end=10),  # region, actual, one year: compared
        fact(start=20, end=30, period=None, year=None),  # investment over an unstated time: Facts only
        fact(start=30, end=35, period=None, year=None, **UNEMPLOYMENT),  # a level: compared in its column
        fact(start=40, end=50, status="plan", year=2030),  # a target: Plans
        fact(start=60, end=70, scope="part"),  # one plant: Projects
        fact(start=80, end=90, scope="part", status="plan"),  # a plant's plan: Projects, with its status
        fact(start=100, end=110, period="years"),  # five years' total: Facts only
        fact(start=120, end=130, period="part_year"),  # January to May: Facts only
        fact(start=140, end=150, status="past", year=None),  # an earlier value without its year
        fact(start=160, end=170, metric=None, metric_label=None, topic=None),  # no metric
    )
    assert placements(frames) == {
        ("Smolensk Region", 0): S.COMPARED,
        ("Smolensk Region", 20): S.FLOW_NO_PERIOD,
        ("Smolensk Region", 30): S.COMPARED,
        ("Smolensk Region", 40): S.PLANS,
        ("Smolensk Region", 60): S.PROJECTS,
        ("Smolensk Region", 80): S.PROJECTS,
        ("Smolensk Region", 100): S.SEVERAL_YEARS,
        ("Smolensk Region", 120): S.PART_OF_YEAR,
        ("Smolensk Region", 140): S.PAST_NO_YEAR,
        ("Smolensk Region", 160): S.NO_METRIC,
    }
    assert sorted(frames.comparison.get_column("start").to_list()) == [0, 30]
    assert frames.plans.select("start", "year").rows() == [(40, 2030)]
    assert frames.projects.select("start", "status").rows() == [(60, "actual"), (80, "plan")]
    assert 40 not in frames.rankings.get_column("start").to_list()  # a promise is never ranked


def test_a_flow_compares_only_as_one_years() -> None:
    """It compares a flow (investment, kindergartens built) only where its text says it is one year's: over an
    unstated time it may be a year's or a governor's term's; a level (unemployment, beds) needs no period."""
    schools = {"metric": "kindergartens", "metric_label": "Kindergartens and their places", "topic": "education",
               "kind": "count", "unit": "count"}  # fmt: skip
    frames = sheets(
        fact(period="year", year=2024),
        fact("Kaluga Region", period=None, year=None),  # "investment exceeds 21 billion": over what time?
        fact("Republic of Tatarstan", period=None, year=2024),  # a year, but not said to be one year's flow
        fact(
            value=44.0, period=None, year=None, start=20, end=30, **schools
        ),  # "helped build 44 kindergartens"
        fact("Kaluga Region", value=12.0, period="year", year=2024, start=20, end=30, **schools),
        fact("Amur Region", period=None, year=None, **UNEMPLOYMENT),
    )
    assert set(cells(frames)) == {
        ("Smolensk Region", "investment|amount|RUB"),
        ("Kaluga Region", "kindergartens|count|count"),
        ("Amur Region", "unemployment|percent|%"),
    }
    assert placements(frames)[("Kaluga Region", 0)] == S.FLOW_NO_PERIOD
    assert placements(frames)[("Smolensk Region", 20)] == S.FLOW_NO_PERIOD


def test_a_percent_of_a_money_flow_is_a_share_of_an_unstated_whole() -> None:
    """It keeps a percent level of GRP or a budget on Facts: "manufacturing accounts for 35 percent of the
    economy" and "110 percent of the approved plan" do not compare; GRP's change in % and a rate do."""
    grp = {"metric": "grp", "metric_label": "Gross regional product", "topic": "economy", "unit": "%",
           "period": None}  # fmt: skip
    frames = sheets(
        fact(kind="percent", value=35.0, **grp),
        fact("Kaluga Region", kind="change", value=3.0, **grp),
        fact("Amur Region", **UNEMPLOYMENT),
    )
    assert set(cells(frames)) == {
        ("Kaluga Region", "grp|change|%"),
        ("Amur Region", "unemployment|percent|%"),
    }
    assert placements(frames)[("Smolensk Region", 0)] == S.SHARE


def test_a_population_far_from_the_census_is_a_part_of_it() -> None:
    """It compares a region's population only where it lies within a factor of two of its census population:
    "353,000 local residents live in the contaminated area" counts a part of the population."""
    people = {"metric": "population", "metric_label": "Population", "topic": "demography", "kind": "count",
              "unit": "count", "period": None, "year": None}  # fmt: skip
    frames = sheets(
        fact(value=900_000.0, **people),  # Smolensk: 888,421 in the census
        fact("Kaluga Region", value=353_000.0, **people),  # Kaluga: 1,069,904
        fact("Republic of Tatarstan", value=5.0, **people),
        fact("Donetsk People's Republic", value=2_000_000.0, **people),  # no census population: not checked
    )
    assert {r for r, _ in cells(frames)} == {"Smolensk Region", "Donetsk People's Republic"}
    assert placements(frames)[("Kaluga Region", 0)] == S.NOT_REGION_POPULATION
    assert placements(frames)[("Republic of Tatarstan", 0)] == S.NOT_REGION_POPULATION


def test_a_figure_for_a_year_after_its_meeting_is_a_plan_whatever_its_tense() -> None:
    """It sends a figure for a year after its meeting's to Plans even when the text's status says actual."""
    frames = sheets(fact(year=2030, start=0, end=10), fact("Kaluga Region", year=2024))
    assert placements(frames)[("Smolensk Region", 0)] == S.PLANS
    assert frames.plans.select("region", "year").rows() == [("Smolensk Region", 2030)]
    assert set(cells(frames)) == {("Kaluga Region", "investment|amount|RUB")}


def test_the_rate_base_is_part_of_the_column() -> None:
    """It keeps a rate per 1000 people apart from a count of the same metric: another column."""
    beds = {"metric": "hospital_beds", "metric_label": "Hospital beds", "topic": "health", "kind": "count",
            "unit": "count", "period": None}  # fmt: skip
    frames = sheets(fact(value=8000.0, **beds), fact("Kaluga Region", value=9.1, per="1000 people", **beds))
    assert set(cells(frames)) == {
        ("Smolensk Region", "hospital_beds|count|count"),
        ("Kaluga Region", "hospital_beds|count|count|1000 people"),
    }
    assert all(r["reporters"] == 1 for r in frames.comparison.iter_rows(named=True))


def test_a_share_said_the_other_way_round_is_another_column_with_its_own_label() -> None:
    """It keeps shares of roads failing the standards apart from shares in standard condition (one metric,
    opposite meanings), each column labelled with what it holds, and ranks only like with like."""
    roads = {"metric": "roads", "metric_label": "Roads built or repaired", "topic": "infrastructure",
             "kind": "percent", "unit": "%", "period": None, "year": None}  # fmt: skip
    frames = sheets(
        fact(value=35.0, sentence="Only 35 percent of our roads were in good condition.", **roads),
        fact(
            "Kaluga Region",
            value=80.0,
            sentence="Almost 80 percent of regional roads do not meet the norms.",
            **roads,
        ),
        fact(
            "Amur Region",
            value=83.1,
            sentence="83.1 percent of regional roads fail to comply with them.",
            **roads,
        ),
    )
    failing, standard = (
        "roads|percent|%|Roads failing the standards",
        "roads|percent|%|Roads in standard condition",
    )
    shown = cells(frames)
    assert set(shown) == {("Smolensk Region", standard), ("Kaluga Region", failing), ("Amur Region", failing)}
    assert {r["metric_label"] for r in frames.comparison.iter_rows(named=True)} == {
        "Roads failing the standards",
        "Roads in standard condition",
    }
    assert shown[("Smolensk Region", standard)]["reporters"] == 1
    assert shown[("Kaluga Region", failing)]["reporters"] == 2


def test_a_column_without_two_ways_of_saying_keeps_its_metric_label() -> None:
    """A metric the meanings table does not list keeps its column and label, whatever its sentence says."""
    frames = sheets(fact(sentence="Investment that does not meet the plan reached 60 billion roubles."))
    assert set(cells(frames)) == {("Smolensk Region", "investment|amount|RUB")}
    assert frames.comparison.get_column("metric_label").to_list() == ["Investment volume"]


# --- the latest year wins, the rest is history ---------------------------------------------------------------


def test_the_latest_year_wins_and_the_others_are_history() -> None:
    """It shows a region's figure of the latest year and keeps every other one on History, latest first."""
    earlier = date(2020, 5, 27)
    frames = sheets(
        fact(value=5e10, year=2023, start=0, end=10),
        fact(value=6e10, year=2024, start=20, end=30),
        fact(value=4e10, year=2019, doc="old.txt", meeting_date=earlier),
        fact(value=3e10, year=2017, status="past", start=40, end=50),  # set against the later value
        fact("Kaluga Region", value=7e10),
    )
    cell = cells(frames)[("Smolensk Region", "investment|amount|RUB")]
    assert (cell["value"], cell["year"], cell["history"]) == (6e10, 2024, 3)
    history = frames.history.select("region", "year", "status", "shown").rows()
    assert history == [
        ("Smolensk Region", 2024, "actual", True),
        ("Smolensk Region", 2023, "actual", False),
        ("Smolensk Region", 2019, "actual", False),
        ("Smolensk Region", 2017, "past", False),
    ]  # Kaluga has one figure: no history
    assert cells(frames)[("Kaluga Region", "investment|amount|RUB")]["history"] == 0


def test_a_stated_year_beats_an_undated_figure_of_the_same_meeting() -> None:
    """It counts a figure without a year as of the year before its meeting: a stated year of the meeting's
    year wins over it, and it wins over a stated year before that."""
    this_year = sheets(
        fact(year=None, value=1.0, start=0, end=5), fact(year=2025, value=2.0, start=10, end=15)
    )
    assert this_year.comparison.get_column("value").to_list() == [2.0]
    last_year = sheets(
        fact(year=None, value=1.0, start=0, end=5), fact(year=2024, value=2.0, start=10, end=15)
    )
    assert last_year.comparison.get_column("value").to_list() == [2.0]  # a tie: the stated year
    older = sheets(fact(year=None, value=1.0, start=0, end=5), fact(year=2023, value=2.0, start=10, end=15))
    assert older.comparison.get_column("value").to_list() == [1.0]


# --- index and change ----------------------------------------------------------------------------------------


def test_index_and_change_convert_both_ways() -> None:
    """It reads an index of 105 % as a change of +5 %, and back."""
    assert comparable.index_to_change(105.0) == 5.0
    assert comparable.change_to_index(-7.5) == 92.5
    assert comparable.change_to_index(comparable.index_to_change(98.2)) == pytest.approx(98.2)


def test_where_an_index_and_a_change_meet_the_column_takes_the_form_more_regions_used() -> None:
    """It puts the indices and changes in % of one metric in one column, in the form of the most regions,
    each converted cell keeping its text's form and value."""
    frames = sheets(
        fact(kind="index", unit="%", value=105.0, **INDUSTRY),
        fact("Kaluga Region", kind="change", unit="%", value=3.0, **INDUSTRY),
        fact("Republic of Tatarstan", kind="change", unit="%", value=-2.0, **INDUSTRY),
        fact("Amur Region", kind="change", unit="pp", value=1.0, **INDUSTRY),  # points: another statement
    )
    found = {k: (r["kind"], r["value"], r["written_kind"], r["written_value"], r["rank"])
             for k, r in cells(frames).items()}  # fmt: skip
    assert found == {
        ("Smolensk Region", "industrial_production|change|%"): ("change", 5.0, "index", 105.0, 1),
        ("Kaluga Region", "industrial_production|change|%"): ("change", 3.0, "change", 3.0, 2),
        ("Republic of Tatarstan", "industrial_production|change|%"): ("change", -2.0, "change", -2.0, 3),
        ("Amur Region", "industrial_production|change|pp"): ("change", 1.0, "change", 1.0, 1),
    }
    # Facts keep each figure as the text gave it.
    assert frames.facts.filter(pl.col("region") == "Smolensk Region").select("kind", "value").row(0) == (
        "index",
        105.0,
    )


def test_indices_of_more_regions_make_an_index_column_and_alone_stay_as_they_are() -> None:
    """It converts changes to indices where more regions gave an index, and leaves an index column alone."""
    frames = sheets(
        fact(kind="index", unit="%", value=105.0, **INDUSTRY),
        fact("Kaluga Region", kind="index", unit="%", value=99.0, **INDUSTRY),
        fact("Republic of Tatarstan", kind="change", unit="%", value=-2.0, **INDUSTRY),
        fact(kind="index", unit="%", value=110.0, metric="grp", metric_label="Gross regional product",
             topic="economy", start=50, end=60),
    )  # fmt: skip
    found = {k: (r["value"], r["written_kind"]) for k, r in cells(frames).items()}
    assert found == {
        ("Smolensk Region", "industrial_production|index|%"): (105.0, "index"),
        ("Kaluga Region", "industrial_production|index|%"): (99.0, "index"),
        ("Republic of Tatarstan", "industrial_production|index|%"): (98.0, "change"),
        ("Smolensk Region", "grp|index|%"): (110.0, "index"),
    }


# --- columns of too few regions, outliers --------------------------------------------------------------------


def test_a_column_of_too_few_regions_stays_on_facts_only() -> None:
    """It leaves out of Comparison a column that fewer than `min_regions` regions report; its figures stay
    on Facts, saying why."""
    grp = {"metric": "grp", "metric_label": "Gross regional product", "topic": "economy"}
    frames = sheets(
        *(fact(region, value=1e9 * (i + 1)) for i, region in enumerate(REGIONS[:3])),
        fact(value=5e11, start=50, end=60, **grp),
        fact("Kaluga Region", value=6e11, start=50, end=60, **grp),
        fact("Amur Region", value=7e10, status="plan", year=2030),  # a plan never counts towards a column
        min_regions=3,
    )
    assert set(frames.comparison.get_column("column").to_list()) == {"investment|amount|RUB"}
    assert placements(frames)[("Smolensk Region", 50)] == S.FEW_REGIONS
    assert frames.facts.height == 6
    with pytest.raises(ValueError, match="at least 1"):
        comparable.placed_figures(facts(fact()), 0)


def test_a_value_far_outside_the_others_is_flagged_not_ranked() -> None:
    """It flags a value beyond 10× its column's median as an outlier, ranks the others among themselves, and
    lists the outlier on Issues."""
    frames = sheets(
        fact(value=6e10),
        fact("Kaluga Region", value=7e10),
        fact("Republic of Tatarstan", value=5e10),
        fact("Tula Region", value=6.5e10),
        fact("Amur Region", value=9e12, surface="9 trillion"),
    )
    ranks = {
        r["region"]: (r["rank"], r["reporters"], r["outlier"])
        for r in frames.comparison.iter_rows(named=True)
    }
    assert ranks == {
        "Kaluga Region": (1, 4, False),
        "Tula Region": (2, 4, False),
        "Smolensk Region": (3, 4, False),
        "Republic of Tatarstan": (4, 4, False),
        "Amur Region": (None, 4, True),
    }
    amur = cells(frames)[("Amur Region", "investment|amount|RUB")]
    assert amur["outlier_ratio"] == pytest.approx(9e12 / 6.5e10)
    outliers = analysis.all_issues([], frames).filter(pl.col("check") == analysis.OUTLIER_CHECK)
    assert outliers.select("region", "column", "value").rows() == [
        ("Amur Region", "investment|amount|RUB", "9 trillion")
    ]
    assert "not ranked" in outliers.item(0, "message")
    assert frames.rankings.get_column("region").to_list()[-1] == "Amur Region"  # outliers last
    assert "Amur Region" not in frames.charts.get_column("region").to_list()


def test_few_values_or_places_have_no_outliers() -> None:
    """It flags nothing in a column of fewer than five values, nor in a column of places."""
    four = sheets(
        *(fact(region, value=v) for region, v in zip(REGIONS, (1.0, 1.0, 2.0, 1000.0), strict=True))
    )
    assert not four.comparison.get_column("outlier").any()
    place = {"kind": "rank", "unit": "rank", "metric": "investment_climate",
             "metric_label": "National investment climate rating", "period": None}  # fmt: skip
    places = sheets(
        *(fact(region, value=v, **place) for region, v in zip(REGIONS, (1.0, 2.0, 3.0, 80.0), strict=True))
    )
    assert not places.comparison.get_column("outlier").any()
    assert places.comparison.sort("rank").get_column("region").to_list()[0] == "Smolensk Region"


# --- conflicts and values per resident ---------------------------------------------------------------------


def test_conflicts_are_only_between_comparable_figures() -> None:
    """It compares values of one year only between the region's own achieved figures: a plant's figure or
    a five-year total of the same year is another statement."""
    frames = sheets(
        fact(start=0, end=10),
        fact(value=7e10, start=20, end=30, scope="part"),
        fact(value=8e10, start=40, end=50, period="years"),
    )
    assert frames.conflicts.is_empty()
    clash = sheets(fact(start=0, end=10), fact(value=7e10, start=20, end=30))
    assert clash.conflicts.select("region", "year", "values").rows() == [("Smolensk Region", 2024, 2)]
    assert clash.comparison.item(0, "conflict")


def test_values_per_resident_divide_only_the_regions_own_cells_of_their_own_metric() -> None:
    """It divides by population only Comparison cells of a per-capita column: never a plant's figure, a plan,
    a rate with its own base, or another metric's figure."""
    grain = {"metric": "grain", "metric_label": "Grain harvest", "topic": "agriculture", "kind": "amount",
             "unit": "t", "value": 1.5e6}  # fmt: skip
    frames = analysis.sheet_frames(
        [],
        facts(
            fact(**grain),
            fact("Kaluga Region", start=20, end=30, scope="part", **grain),  # one farm's harvest
            fact("Republic of Tatarstan", start=40, end=50, status="plan", year=2030, **grain),
            fact("Amur Region", start=60, end=70, per="person", **grain),  # already per resident
            fact(
                "Kaluga Region",
                metric="sown_area",
                metric_label="Sown and cultivated area",
                kind="amount",
                unit="ha",
                value=2e5,
                topic="agriculture",
            ),  # not a per-capita column
        ),
        ranking_min_regions=1,
        max_charts=8,
    )
    assert frames.per_capita.is_empty()  # no Sources: no population yet
    comparison = valid_comparison(frames)
    regions = pl.DataFrame(
        {"region": list(REGIONS), "population": [888_421, 1_000_000, 4_000_000, 800_000],
         "population_year": [2021] * 4, "population_source": ["Rosstat"] * 4},
    )  # fmt: skip
    per_capita = validation.validate(
        PerCapitaFrame, analysis.per_capita_frame(comparison, regions), "report", "doc"
    )
    rows = per_capita[0].select("region", "column", "per_capita").rows()
    assert rows == [("Smolensk Region", "grain|amount|t", pytest.approx(1.5e6 / 888_421 * 1000))]
    assert per_capita[1].is_empty()


def valid_comparison(frames: analysis.SheetFrames) -> pl.DataFrame:
    assert ComparisonFrame.validate(frames.comparison, lazy=True) is not None
    return frames.comparison


# --- contracts -----------------------------------------------------------------------------------------------


def test_every_sheet_frame_passes_its_contract() -> None:
    """It builds frames that pass their contracts whole, and the contracts refuse what the rules forbid."""
    frames = sheets(
        fact(), fact("Kaluga Region", status="plan", year=2030), fact("Amur Region", scope="part"),
        fact(value=5e10, year=2023, start=20, end=30),
    )  # fmt: skip
    for model, frame in (
        (ComparisonFrame, frames.comparison),
        (RankingFrame, frames.rankings),
        (HistoryFrame, frames.history),
        (PlanFrame, frames.plans),
        (ProjectFrame, frames.projects),
        (FactsFrame, frames.facts),
    ):
        model.validate(frame, lazy=True)
    ranked_outlier = frames.comparison.with_columns(pl.lit(True).alias("outlier"))
    _, refused = validation.validate(ComparisonFrame, ranked_outlier, "compare", "doc")
    assert "a cell is ranked unless it is an outlier" in refused.get_column("check").to_list()
    actual_plan = frames.projects.with_columns(pl.lit("region").alias("scope"))
    _, refused = validation.validate(ProjectFrame, actual_plan, "report", "doc")
    assert not refused.is_empty()
    unconverted = frames.comparison.with_columns(pl.lit("index").alias("written_kind"))
    _, refused = validation.validate(ComparisonFrame, unconverted, "compare", "doc")
    assert not refused.is_empty()
