"""The analysis frames as pure functions: hand-made facts in, frames that pass their contracts out."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from factories import MEETING, PLACES, SHA, fact

from regional_report import validate as validation
from regional_report.frames import sheets as analysis
from regional_report.frames import tables as frame_tables
from regional_report.frames.comparable import placed_figures
from regional_report.metrics import metrics, per_capita_measures
from schemas import (
    ChartFrame,
    ComparisonFrame,
    ConflictFrame,
    FigureFrame,
    IssueFrame,
    PerCapitaFrame,
    RankingFrame,
    RegionFrame,
    SourceFrame,
    build,
)
from schemas.figures import UNITS


def facts(*rows: dict[str, Any]) -> pl.DataFrame:
    frame = pl.DataFrame(list(rows), schema=build.polars_schema(FigureFrame))
    return pl.DataFrame(FigureFrame.validate(frame, lazy=True))


def valid(model: Any, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` after its contract, which it must pass whole."""
    checked, issues = validation.validate(model, frame, "report", "doc")
    assert issues.is_empty(), issues.to_dicts()
    return checked


def compare(rows: pl.DataFrame, min_regions: int = 1) -> pl.DataFrame:
    placed = placed_figures(rows, min_regions)
    conflicts = valid(ConflictFrame, analysis.conflicts_frame(placed))
    return valid(ComparisonFrame, frame_tables.comparison_frame(placed, conflicts))


def conflicts_of(rows: pl.DataFrame) -> pl.DataFrame:
    return analysis.conflicts_frame(placed_figures(rows, 1))


# --- conflicts -------------------------------------------------------------------------------------------------


def test_conflicts_are_different_values_for_one_region_column_and_year() -> None:
    """It flags one region's different values for the same column and stated year, with every figure quoted."""
    given = facts(
        fact(surface="60 billion", start=0, end=10),
        fact(surface="70 billion", value=7e10, start=50, end=60),
        fact(surface="about 60 billion", qualifier="approx", start=80, end=96),  # same value: no conflict
        fact(surface="5 billion", value=5e9, year=2023, start=100, end=109),  # another year
        fact(surface="6 billion", value=6e9, year=None, start=120, end=129),  # no year: not compared
        fact("Kaluga Region", surface="1 billion", value=1e9),
    )
    conflicts = valid(ConflictFrame, conflicts_of(given))
    assert conflicts.height == 1
    row = conflicts.row(0, named=True)
    assert (row["region"], row["column"], row["year"]) == ("Smolensk Region", "investment|amount|RUB", 2024)
    assert (row["figures"], row["values"], row["low"], row["high"]) == (3, 2, 6e10, 7e10)
    assert row["surfaces"] == "60 billion | 70 billion | about 60 billion"
    assert row["detail"] == (
        "3 figures, 2 different values: “60 billion” (0–10); “70 billion” (50–60); “about 60 billion” (80–96)"
    )


def test_values_equal_but_for_float_noise_do_not_conflict() -> None:
    """It takes values equal to nine significant digits as the same value."""
    given = facts(
        fact(value=0.1 + 0.2, unit="%", kind="percent"), fact(value=0.3, unit="%", kind="percent", start=20)
    )
    assert conflicts_of(given).is_empty()


def test_conflict_issues_name_the_check_and_the_values() -> None:
    """It turns each conflict into a compare-stage issue: check "conflict", the values as written."""
    given = facts(fact(doc="a.txt"), fact(doc="b.txt", value=7e10, surface="70 billion", start=30, end=40))
    issues = analysis.conflict_issues(conflicts_of(given))
    IssueFrame.validate(issues, lazy=True)
    assert issues.select("stage", "doc", "region", "check", "column", "value").rows() == [
        ("compare", "a.txt | b.txt", "Smolensk Region", "conflict", "investment|amount|RUB",
         "60 billion | 70 billion"),
    ]  # fmt: skip
    assert issues.item(0, "message").startswith("Investment volume (amount, RUB) in 2024: 2 figures")
    assert "(a.txt, 0–10)" in issues.item(0, "message")
    assert analysis.conflict_issues(conflicts_of(facts(fact()))).is_empty()


def test_comparison_marks_conflicts_of_the_value_shown() -> None:
    """It marks a Comparison cell when the region's figures for its column and year conflict."""
    given = facts(
        fact(),
        fact(value=7e10, start=30, end=40),
        fact(metric="grp", metric_label="Gross regional product", topic="economy", value=5e11),
    )
    cells = {r["column"]: r["conflict"] for r in compare(given).iter_rows(named=True)}
    assert cells == {"investment|amount|RUB": True, "grp|amount|RUB": False}


# --- ranks -----------------------------------------------------------------------------------------------------


def test_ranks_put_the_highest_first_and_share_ties() -> None:
    """It ranks each column's regions by value, highest first; equal values share a place."""
    given = facts(
        fact(value=6e10),
        fact("Kaluga Region", value=9e10),
        fact("Republic of Tatarstan", value=6e10),
    )
    ranks = {r["region"]: (r["rank"], r["reporters"]) for r in compare(given).iter_rows(named=True)}
    assert ranks == {"Kaluga Region": (1, 3), "Smolensk Region": (2, 3), "Republic of Tatarstan": (2, 3)}


def test_ranks_of_places_put_the_best_place_first() -> None:
    """It ranks a column of places (kind rank) by the place: first place ranks first."""
    place = {"kind": "rank", "unit": "rank", "metric": "investment_climate",
             "metric_label": "National investment climate rating"}  # fmt: skip
    given = facts(fact(value=5.0, **place), fact("Kaluga Region", value=2.0, **place))
    ranks = {r["region"]: r["rank"] for r in compare(given).iter_rows(named=True)}
    assert ranks == {"Kaluga Region": 1, "Smolensk Region": 2}


# --- regions and per capita ------------------------------------------------------------------------------------


def sources(*rows: tuple[str, str | None, date | None, str]) -> pl.DataFrame:
    """SourceFrame rows from (file, region, meeting date, status)."""
    records = []
    for file, region, meeting, status in rows:
        iso, district = PLACES.get(region or "", (None, None))
        records.append({
            "file": file, "path": f"in/{file}", "sha256": SHA, "title": file, "region": region,
            "region_iso": iso, "federal_district": district, "meeting_date": meeting, "figures": 0,
            "status": status, "reason": None if status == "processed" else "set aside",
        })  # fmt: skip
    return pl.DataFrame(records, schema=build.polars_schema(SourceFrame))


def test_regions_count_documents_and_state_population() -> None:
    """It lists each region with processed documents, its meetings, figures and population reference."""
    given = facts(
        fact(), fact(start=30, end=40, metric=None, metric_label=None, topic=None), fact("Kaluga Region")
    )
    comparison = compare(given)
    files = sources(
        ("a.txt", "Smolensk Region", date(2020, 5, 27), "processed"),
        ("b.txt", "Smolensk Region", MEETING, "processed"),
        ("c.txt", "Kaluga Region", MEETING, "processed"),
        ("d.txt", "Smolensk Region", MEETING, "duplicate"),
        ("e.txt", None, None, "quarantined"),
        ("f.txt", "Donetsk People's Republic", MEETING, "processed"),
    )
    regions = valid(RegionFrame, analysis.regions_frame(files, given, comparison))
    rows = {r["region"]: r for r in regions.iter_rows(named=True)}
    assert set(rows) == {"Smolensk Region", "Kaluga Region", "Donetsk People's Republic"}
    smolensk = rows["Smolensk Region"]
    assert (smolensk["documents"], smolensk["figures"], smolensk["compared"]) == (2, 2, 1)
    assert (smolensk["first_meeting"], smolensk["latest_meeting"]) == (date(2020, 5, 27), MEETING)
    assert (smolensk["population"], smolensk["population_year"]) == (888_421, 2021)
    assert "Rosstat" in smolensk["population_source"]
    donetsk = rows["Donetsk People's Republic"]
    assert (donetsk["population"], donetsk["figures"]) == (None, 0)
    assert "no Rosstat population" in donetsk["population_source"]


def test_per_capita_divides_listed_columns_by_population() -> None:
    """It divides only the per-capita table's columns by population (× the base) and ranks per resident."""
    given = facts(
        fact(value=6e10),
        fact("Kaluga Region", value=6e10),
        fact(metric="jobs", metric_label="Jobs created", topic="labour", kind="count", unit="count", value=2000.0),
        fact(metric="unemployment", metric_label="Unemployment", topic="labour", kind="percent", unit="%", value=5.0),
        fact("Donetsk People's Republic", value=1e9),
    )  # fmt: skip
    comparison = compare(given)
    files = sources(
        ("a.txt", "Smolensk Region", MEETING, "processed"),
        ("b.txt", "Kaluga Region", MEETING, "processed"),
        ("c.txt", "Donetsk People's Republic", MEETING, "processed"),
    )
    regions = valid(RegionFrame, analysis.regions_frame(files, given, comparison))
    per_capita = valid(PerCapitaFrame, analysis.per_capita_frame(comparison, regions))
    cells = {(r["region"], r["column"]): r for r in per_capita.iter_rows(named=True)}
    assert set(cells) == {
        ("Smolensk Region", "investment|amount|RUB"),
        ("Kaluga Region", "investment|amount|RUB"),
        ("Smolensk Region", "jobs|count|count"),
    }  # unemployment is a rate; Donetsk has no population
    smolensk = cells[("Smolensk Region", "investment|amount|RUB")]
    assert smolensk["per_capita"] == pytest.approx(6e10 / 888_421)
    assert (smolensk["rank"], smolensk["reporters"]) == (1, 2)  # the smaller region has more per resident
    jobs = cells[("Smolensk Region", "jobs|count|count")]
    assert (jobs["per_residents"], jobs["per_capita"]) == (1000, pytest.approx(2000 / 888_421 * 1000))


def test_per_capita_table_names_known_metrics_and_units() -> None:
    """It lists only taxonomy metrics, amount or count kinds, known units and a positive base, each with a why."""
    measures = per_capita_measures()
    assert ("investment", "amount", "RUB") in measures
    for (metric, kind, unit), measure in measures.items():
        assert metric in metrics()
        assert kind in ("amount", "count") and unit in UNITS
        assert measure.per >= 1 and measure.why


# --- rankings and charts ---------------------------------------------------------------------------------------


def test_rankings_list_every_comparison_column_in_taxonomy_order() -> None:
    """It ranks every Comparison column (each reported by enough regions), in taxonomy order, then by place."""
    grp = {"metric": "grp", "metric_label": "Gross regional product", "topic": "economy"}
    given = facts(
        fact(value=1e9), fact("Kaluga Region", value=2e9), fact("Republic of Tatarstan", value=3e9),
        fact(value=5e11, **grp), fact("Kaluga Region", value=6e11, **grp),
    )  # fmt: skip
    rankings = valid(RankingFrame, analysis.rankings_frame(compare(given, 3)))
    assert rankings.select("column", "rank", "region").rows() == [
        ("investment|amount|RUB", 1, "Republic of Tatarstan"),
        ("investment|amount|RUB", 2, "Kaluga Region"),
        ("investment|amount|RUB", 3, "Smolensk Region"),
    ]
    two = valid(RankingFrame, analysis.rankings_frame(compare(given, 2)))
    assert two.get_column("column").unique(maintain_order=True).to_list() == [
        "grp|amount|RUB",  # economy comes before investment in the taxonomy
        "investment|amount|RUB",
    ]


def test_charts_take_the_most_reported_columns() -> None:
    """It charts the columns reported by the most regions, at most `max_charts`, bars by place."""
    grp = {"metric": "grp", "metric_label": "Gross regional product", "topic": "economy"}
    given = facts(
        fact(value=1e9), fact("Kaluga Region", value=2e9), fact("Republic of Tatarstan", value=3e9),
        fact(value=5e11, **grp), fact("Kaluga Region", value=6e11, **grp),
    )  # fmt: skip
    rankings = valid(RankingFrame, analysis.rankings_frame(compare(given, 2)))
    charts = valid(ChartFrame, analysis.charts_frame(rankings, 1))
    assert charts.select("chart", "column", "rank", "region").rows() == [
        (1, "investment|amount|RUB", 1, "Republic of Tatarstan"),
        (1, "investment|amount|RUB", 2, "Kaluga Region"),
        (1, "investment|amount|RUB", 3, "Smolensk Region"),
    ]
    both = valid(ChartFrame, analysis.charts_frame(rankings, 8))
    assert both.group_by("chart").agg(pl.col("column").first()).sort("chart").rows() == [
        (1, "investment|amount|RUB"),
        (2, "grp|amount|RUB"),
    ]
    assert analysis.charts_frame(rankings, 0).is_empty()


def test_empty_facts_give_empty_frames() -> None:
    """It builds every analysis frame from no figures without error, each empty and typed."""
    empty = facts()
    frames = analysis.sheet_frames([], empty, ranking_min_regions=3, max_charts=8)
    assert frames.checks.is_empty()
    for name, frame in frames.sheets().items():
        assert frame.is_empty(), name
    assert frames.conflicts.is_empty()
