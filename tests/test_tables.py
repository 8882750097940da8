"""The pipeline's tables as pure functions: hand-made documents and figures, no Prefect."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pandera.errors import SchemaErrors

from regional_report import normalize
from regional_report import validate as validation
from regional_report.extract.engine import extract_figures
from regional_report.frames import issues as issue_rows
from regional_report.frames import summary as run_summaries
from regional_report.frames import tables as frame_tables
from regional_report.frames.comparable import placed_figures
from regional_report.model import Document, Figure, Outcome
from regional_report.read import read_documents
from schemas import ComparisonFrame, FigureFrame, IssueFrame, RawFigureFrame, SourceFrame, build

SHA_A = "a" * 64
SHA_B = "b" * 64
SHA_C = "c" * 64


def document(sha: str, name: str, region: str | None, meeting: date | None) -> Document:
    return Document(path=f"in/{name}", name=name, sha256=sha, text="...", title=f"Meeting on {name}",
                    meeting_date=meeting, region=region)  # fmt: skip


def processed(
    sha: str, name: str, region: str = "Smolensk Region", meeting: date = date(2025, 9, 10)
) -> Outcome:
    return Outcome(f"in/{name}", name, "processed", sha256=sha, document=document(sha, name, region, meeting))


def figure(**over: Any) -> Figure:
    base: dict[str, Any] = {
        "start": 10,
        "end": 26,
        "surface": "about 60 billion",
        "kind": "amount",
        "value": 6e10,
        "unit": "RUB",
        "qualifier": "approx",
        "metric": "investment",
        "subject": "investment",
        "year": None,
        "period": "year",
        "sentence": "Last year, investment was about 60 billion.",
    }
    return Figure(**{**base, **over})


def facts_for(outcomes: list[Outcome], figures_by_sha: dict[str, list[Figure]]) -> pl.DataFrame:
    raw, raw_issues = validation.validate(
        RawFigureFrame, normalize.figures_frame(outcomes, figures_by_sha), "validate", "doc"
    )
    facts, fact_issues = validation.validate(
        FigureFrame, normalize.normalized_frame(raw, outcomes), "normalize", "doc"
    )
    assert raw_issues.is_empty() and fact_issues.is_empty()
    return facts


# --- building frames ---------------------------------------------------------------------------------------


def test_figures_frame_has_one_row_per_figure_of_processed_documents() -> None:
    """It tabulates the figures of processed documents only, with the contract's columns and dtypes."""
    outcomes = [
        processed(SHA_A, "a.txt"),
        Outcome(
            "in/b.txt",
            "b.txt",
            "quarantined",
            "no meeting date found",
            SHA_B,
            document(SHA_B, "b.txt", None, None),
        ),
        Outcome("in/c.txt", "c.txt", "duplicate", "same content as a.txt", SHA_A),
    ]
    frame = normalize.figures_frame(
        outcomes, {SHA_A: [figure(), figure(start=40, end=45)], SHA_B: [figure()]}
    )
    assert frame.height == 2
    assert frame.get_column("doc").to_list() == ["a.txt", "a.txt"]
    assert frame.schema == pl.Schema(build.polars_schema(RawFigureFrame))


def test_empty_frames_keep_their_contract_types() -> None:
    """It builds typed empty frames that pass their contracts when there is nothing to tabulate."""
    raw = normalize.figures_frame([], {})
    valid, issues = validation.validate(RawFigureFrame, raw, "validate", "doc")
    assert valid.is_empty() and issues.is_empty()
    assert issues.schema == pl.Schema(build.polars_schema(IssueFrame))


def test_normalized_frame_adds_region_district_and_metric_label() -> None:
    """It adds the canonical region, ISO code, federal district, meeting date, metric label and topic."""
    outcomes = [processed(SHA_A, "a.txt", region="Smolensk Oblast")]
    facts = facts_for(outcomes, {SHA_A: [figure(), figure(start=40, end=45, metric=None)]})
    first = facts.row(0, named=True)
    assert (first["region"], first["region_iso"], first["federal_district"]) == (
        "Smolensk Region",
        "RU-SMO",
        "Central",
    )
    assert first["meeting_date"] == date(2025, 9, 10)
    assert (first["metric_label"], first["topic"]) == ("Investment volume", "investment")
    assert facts.row(1, named=True)["metric_label"] is None


# --- validation routes bad rows to Issues ------------------------------------------------------------------


def test_validation_routes_bad_rows_to_issues_with_the_check_name() -> None:
    """It removes each row that fails a check and reports the check, column and offending value."""
    outcomes = [processed(SHA_A, "a.txt")]
    figures = [
        figure(),
        figure(start=30, end=35, kind="bogus"),
        figure(start=50, end=45),
        figure(start=60, end=70),
    ]
    valid, issues = validation.validate(
        RawFigureFrame, normalize.figures_frame(outcomes, {SHA_A: figures}), "validate", "doc"
    )

    assert valid.get_column("start").to_list() == [10, 60]
    by_check = {row["check"]: row for row in issues.iter_rows(named=True)}
    assert set(by_check) == {
        "isin(['count', 'amount', 'percent', 'change', 'rank', 'index'])",
        "end must be after start",
    }
    bogus = by_check["isin(['count', 'amount', 'percent', 'change', 'rank', 'index'])"]
    assert (bogus["stage"], bogus["doc"], bogus["column"], bogus["value"]) == (
        "validate",
        "a.txt",
        "kind",
        "bogus",
    )
    assert "30" in bogus["message"]
    assert by_check["end must be after start"]["column"] is None
    IssueFrame.validate(issues, lazy=True)


def test_every_failure_of_a_row_is_an_issue_but_the_row_leaves_once() -> None:
    """It writes one Issues row per failure case, and removes a row failing two checks once."""
    outcomes = [processed(SHA_A, "a.txt")]
    twice_bad = figure(start=30, end=35, kind="bogus", year=3000)
    valid, issues = validation.validate(
        RawFigureFrame, normalize.figures_frame(outcomes, {SHA_A: [figure(), twice_bad]}), "validate", "doc"
    )
    assert valid.height == 1
    assert sorted(issues.get_column("column").to_list()) == ["kind", "year"]


def test_a_value_that_cannot_be_coerced_is_an_issue() -> None:
    """It routes a row whose value cannot take the contract's type, and validates the rest."""
    raw = normalize.figures_frame([processed(SHA_A, "a.txt")], {SHA_A: [figure(), figure(start=40, end=50)]})
    raw = raw.with_columns(pl.Series("year", ["2024", "next year"]))
    valid, issues = validation.validate(RawFigureFrame, raw, "validate", "doc")
    assert valid.get_column("year").to_list() == [2024]
    assert valid.schema["year"] == pl.Int64
    assert issues.select("check", "column", "value").rows() == [("coerce_dtype", "year", "next year")]


def test_normalized_figures_out_of_range_go_to_issues() -> None:
    """It sends a percentage level over 1000 and a rank of 0 from the facts to Issues."""
    outcomes = [processed(SHA_A, "a.txt")]
    figures = [figure(), figure(start=30, end=35, kind="percent", unit="%", value=4000.0),
               figure(start=40, end=45, kind="rank", unit="rank", value=0.0)]  # fmt: skip
    raw, _ = validation.validate(
        RawFigureFrame, normalize.figures_frame(outcomes, {SHA_A: figures}), "validate", "doc"
    )
    facts, issues = validation.validate(
        FigureFrame, normalize.normalized_frame(raw, outcomes), "normalize", "doc"
    )
    assert facts.height == 1
    assert set(issues.get_column("check")) == {
        "a percentage level or index must lie between 0 and 1000",
        "a rank must be a whole number of at least 1",
    }
    assert set(issues.get_column("stage")) == {"normalize"}


def test_a_failure_that_names_no_row_is_raised() -> None:
    """It re-raises a schema-level failure (here an extra column): that is a bug, not bad data."""
    raw = normalize.figures_frame([processed(SHA_A, "a.txt")], {SHA_A: [figure()]}).with_columns(
        pl.lit(1).alias("x")
    )
    with pytest.raises(SchemaErrors):
        validation.validate(RawFigureFrame, raw, "validate", "doc")


# --- comparison ------------------------------------------------------------------------------------------


def test_comparison_picks_the_latest_meeting() -> None:
    """It keeps, per region and (metric, kind, unit), the value from the latest meeting."""
    outcomes = [
        processed(SHA_A, "old.txt", meeting=date(2020, 5, 27)),
        processed(SHA_B, "new.txt", meeting=date(2025, 9, 10)),
        processed(SHA_C, "kursk.txt", region="Kursk Region", meeting=date(2019, 1, 1)),
    ]
    facts = facts_for(
        outcomes,
        {SHA_A: [figure(value=1e9, year=2020)], SHA_B: [figure(value=6e10)], SHA_C: [figure(value=2e9)]},
    )
    comparison, issues = validation.validate(
        ComparisonFrame, frame_tables.comparison_frame(placed_figures(facts, 1)), "compare", "doc"
    )
    assert issues.is_empty()
    rows = {(r["region"], r["column"]): r for r in comparison.iter_rows(named=True)}
    assert set(rows) == {
        ("Kursk Region", "investment|amount|RUB"),
        ("Smolensk Region", "investment|amount|RUB"),
    }
    latest = rows[("Smolensk Region", "investment|amount|RUB")]
    assert (latest["value"], latest["doc"], latest["qualifier"]) == (6e10, "new.txt", "approx")


def test_comparison_ties_go_to_the_later_year_then_the_earlier_offset() -> None:
    """It breaks a same-meeting tie by the figure's year (none counts as oldest), then by position."""
    outcomes = [processed(SHA_A, "a.txt")]
    facts = facts_for(
        outcomes,
        {
            SHA_A: [
                figure(start=10, end=20, value=1.0, year=None),
                figure(start=30, end=40, value=2.0, year=2024),
                figure(start=50, end=60, value=3.0, year=2024),
                figure(start=70, end=80, value=4.0, year=2023),
            ]
        },
    )
    comparison = frame_tables.comparison_frame(placed_figures(facts, 1))
    assert comparison.get_column("value").to_list() == [2.0]


def test_comparison_keeps_a_range_lower_end_and_skips_figures_without_metric() -> None:
    """It compares a range by its lower value with its qualifier, and leaves out figures with no metric."""
    outcomes = [processed(SHA_A, "a.txt")]
    ranged = figure(
        kind="percent", unit="%", value=10.0, value_max=12.0, qualifier="min", metric="unemployment"
    )
    facts = facts_for(outcomes, {SHA_A: [ranged, figure(start=40, end=45, metric=None)]})
    comparison = frame_tables.comparison_frame(placed_figures(facts, 1))
    assert comparison.select("column", "value", "qualifier").rows() == [
        ("unemployment|percent|%", 10.0, "min")
    ]


# --- sources and quarantine ------------------------------------------------------------------------------


def test_every_input_file_appears_in_sources() -> None:
    """It lists every file: processed ones with their figure count, the others with status and reason."""
    outcomes = [
        processed(SHA_A, "a.txt"),
        Outcome("in/empty.txt", "empty.txt", "quarantined", "empty file", ""),
        Outcome("in/copy.txt", "copy.txt", "duplicate", "same content as a.txt", SHA_A),
    ]
    facts = facts_for(outcomes, {SHA_A: [figure(), figure(start=40, end=45)]})
    sources, issues = validation.validate(
        SourceFrame, frame_tables.sources_frame(outcomes, frame_tables.figure_counts(facts)), "read", "file"
    )
    assert issues.is_empty()
    assert sources.select("file", "status", "figures", "reason").rows() == [
        ("a.txt", "processed", 2, None),
        ("empty.txt", "quarantined", 0, "empty file"),
        ("copy.txt", "duplicate", 0, "same content as a.txt"),
    ]
    assert sources.row(0, named=True)["region_iso"] == "RU-SMO"


def test_each_file_set_aside_is_an_issue() -> None:
    """It writes a read-stage Issues row for each quarantined or duplicate file, with its reason."""
    outcomes = [
        processed(SHA_A, "a.txt"),
        Outcome("in/empty.txt", "empty.txt", "quarantined", "empty file", ""),
        Outcome("in/copy.txt", "copy.txt", "duplicate", "same content as a.txt", SHA_A),
    ]
    issues = issue_rows.issue_rows_for_quarantine(outcomes)
    IssueFrame.validate(issues, lazy=True)
    assert issues.select("stage", "doc", "check", "message").rows() == [
        ("read", "empty.txt", "quarantine", "empty file"),
        ("read", "copy.txt", "duplicate", "same content as a.txt"),
    ]


def test_summary_counts_documents_figures_and_regions() -> None:
    """It counts what the run did, and its markdown names each quarantined file with its reason."""
    outcomes = [
        processed(SHA_A, "a.txt"),
        Outcome("in/empty.txt", "empty.txt", "quarantined", "empty file", ""),
        Outcome("in/copy.txt", "copy.txt", "duplicate", "same content as a.txt", SHA_A),
    ]
    raw = normalize.figures_frame(outcomes, {SHA_A: [figure(), figure(start=30, end=35, kind="bogus")]})
    valid, raw_issues = validation.validate(RawFigureFrame, raw, "validate", "doc")
    facts, _ = validation.validate(
        FigureFrame, normalize.normalized_frame(valid, outcomes), "normalize", "doc"
    )
    issues = validation.issues_frame(issue_rows.issue_rows_for_quarantine(outcomes), raw_issues)
    summary = run_summaries.run_summary(outcomes, raw, facts, issues, workbook="out.xlsx")
    assert (summary.documents_read, summary.documents_processed, summary.documents_quarantined) == (3, 1, 2)
    assert (summary.duplicates, summary.figures, summary.figures_quarantined) == (1, 2, 1)
    assert (summary.regions, summary.issues) == (1, 3)
    markdown = run_summaries.summary_markdown(summary)
    assert "| empty.txt | empty file |" in markdown
    assert "out.xlsx" in markdown


# --- the seed, end to end, without Prefect -------------------------------------------------------------------


def test_seed_tables_pass_every_contract(seeds_dir: Path) -> None:
    """It turns the seed into facts, comparison and sources that pass their contracts with no issues."""
    outcomes = read_documents([seeds_dir], max_bytes=20_000_000)
    figures = {o.sha256: extract_figures(o.document.text, o.document.meeting_date)
               for o in outcomes if o.document is not None}  # fmt: skip
    facts = facts_for(outcomes, figures)
    comparison, comparison_issues = validation.validate(
        ComparisonFrame, frame_tables.comparison_frame(placed_figures(facts, 1)), "compare", "doc"
    )
    sources, source_issues = validation.validate(
        SourceFrame, frame_tables.sources_frame(outcomes, frame_tables.figure_counts(facts)), "read", "file"
    )
    assert facts.height > 0 and comparison.height > 0
    assert comparison_issues.is_empty() and source_issues.is_empty()
    assert set(facts.get_column("region")) == {"Smolensk Region"}
    processed_files = {o.name for o in outcomes if o.status == "processed"}
    assert processed_files <= set(sources.get_column("file"))
    assert sources.get_column("figures").sum() == facts.height
