"""Analyst overrides: the file's format, what a bad file or entry gives, how entries apply, and a run with an
overrides file beside the workbook, end to end (the pipeline without Prefect: `pipeline.Direct`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from factories import fact

from regional_report import overrides, pipeline
from regional_report.overrides import apply_overrides, parse_overrides, read_overrides
from regional_report.settings import get_settings
from regional_report.validate import validate
from schemas import FigureFrame, IssueFrame, build


def facts(*rows: dict[str, Any]) -> pl.DataFrame:
    frame = pl.DataFrame(list(rows), schema=build.polars_schema(FigureFrame))
    return pl.DataFrame(FigureFrame.validate(frame, lazy=True))


GIVEN = facts(
    fact(doc="a.txt", start=10, end=20, surface="60 billion"),
    fact(doc="a.txt", start=40, end=50, surface="5 percent", kind="percent", unit="%", value=5.0,
         metric="unemployment", metric_label="Unemployment", topic="labour",
         sentence="Unemployment fell to 5 percent."),
    fact(doc="a.txt", start=70, end=80, surface="5 percent", kind="change", unit="%", value=5.0,
         metric="grp", metric_label="Gross regional product", topic="economy", sentence="GRP grew 5 percent."),
    fact("Kaluga Region", doc="b.txt", start=10, end=20),
)  # fmt: skip


def applied(text: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts after the overrides of `text`, and the Issues rows, which pass their contract."""
    result, issues = apply_overrides(GIVEN, parse_overrides(text, "overrides.yaml"))
    IssueFrame.validate(issues, lazy=True)
    return result, issues


# --- the format -------------------------------------------------------------------------------------------------


def test_entries_name_a_figure_by_offsets_or_content_and_say_what_to_do() -> None:
    """It reads each entry's document, offsets or words, and its exclusion or fields, with its line."""
    parsed = parse_overrides(
        """# corrections
overrides:
  - doc: a.txt
    start: 10
    end: 20
    exclude: true
    why: a plant's investment
  - doc: a.txt
    surface: 5 percent
    sentence: unemployment
    set: {metric: null, scope: part, year: 2023}
""",
        "overrides.yaml",
    )
    assert parsed.problems.is_empty()
    first, second = parsed.overrides
    assert (first.number, first.line, first.start, first.end, first.exclude, first.why) == (
        1, 3, 10, 20, True, "a plant's investment",
    )  # fmt: skip
    assert (second.line, second.surface, second.sentence, dict(second.changes)) == (
        8, "5 percent", "unemployment", {"metric": None, "scope": "part", "year": 2023},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{start: 1, exclude: true}", "`doc` must name the figure's document"),
        ("{doc: a.txt, exclude: true}", "name the figure by `start`"),
        ("{doc: a.txt, start: -1, exclude: true}", "`start` must be a character offset"),
        ("{doc: a.txt, start: 1}", "say what to do"),
        ("{doc: a.txt, start: 1, exclude: true, set: {scope: part}}", "not both"),
        ("{doc: a.txt, start: 1, set: {kind: volume}}", "kind must be one of count, amount"),
        ("{doc: a.txt, start: 1, set: {metric: sugar_beet}}", "metric 'sugar_beet' is not in the taxonomy"),
        ("{doc: a.txt, start: 1, set: {year: 20}}", "year must be a year from 1800 to 2100"),
        ("{doc: a.txt, start: 1, set: {value: 3}}", "`set` cannot change 'value'"),
        ("{doc: a.txt, start: 1, exclude: yes please}", "`exclude` must be true or false"),
        ("{doc: a.txt, offset: 1, exclude: true}", "unknown key offset"),
        ("just text", "an entry must be a mapping"),
    ],
)
def test_an_entry_that_is_not_well_formed_is_reported_and_the_others_apply(entry: str, problem: str) -> None:
    """It reports a bad entry with its place in the file and what is wrong, and still applies the good ones."""
    result, issues = applied(f"overrides:\n  - {entry}\n  - {{doc: b.txt, start: 10, exclude: true}}\n")
    assert issues.get_column("check").to_list() == ["override_invalid", "override_excluded"]
    message = issues.item(0, "message")
    assert message.startswith("overrides.yaml entry 1 (line 2): ") and problem in message, message
    assert message.endswith("not applied")
    assert "b.txt" not in result.get_column("doc").to_list()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "overrides:\n  - doc: a.txt\n   start: 1\n",
            "is not valid YAML: line 3, column 4: expected <block end>",
        ),
        ("- doc: a.txt\n", "must hold one key, `overrides`"),
        ("overrides: {doc: a.txt}\n", "must hold one key, `overrides`"),
        ("overrides: []\nextra: 1\n", "must hold one key, `overrides`"),
    ],
)
def test_a_file_that_cannot_be_parsed_is_one_issue_and_changes_nothing(text: str, problem: str) -> None:
    """It turns a file it cannot parse into one Issues row saying where and why, and applies nothing."""
    result, issues = applied(text)
    assert result.equals(GIVEN)
    assert issues.select("stage", "check").rows() == [("override", "override_file")]
    assert problem in issues.item(0, "message")
    assert issues.item(0, "message").endswith("no override was applied")


def test_the_file_is_optional_beside_the_workbook_and_required_where_named(tmp_path: Path) -> None:
    """It reads nothing from a missing file in the default place, but reports a missing or unreadable file
    that the settings name."""
    assert read_overrides(tmp_path / "overrides.yaml").overrides == ()
    assert read_overrides(tmp_path / "overrides.yaml").problems.is_empty()
    missing = read_overrides(tmp_path / "mine.yaml", required=True).problems
    assert "does not exist" in missing.item(0, "message")
    (tmp_path / "latin1.yaml").write_bytes("overrides: [{doc: caf\xe9}]".encode("latin-1"))
    unreadable = read_overrides(tmp_path / "latin1.yaml").problems
    assert unreadable.item(0, "check") == "override_file" and "cannot be read" in unreadable.item(
        0, "message"
    )
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert read_overrides(tmp_path / "empty.yaml").problems.is_empty()
    settings = get_settings(out=tmp_path / "book.xlsx")
    assert settings.overrides_file() == (tmp_path / overrides.FILE_NAME, False)
    assert get_settings(overrides=tmp_path / "mine.yaml").overrides_file() == (tmp_path / "mine.yaml", True)


# --- applying them ----------------------------------------------------------------------------------------------


def test_an_override_excludes_or_corrects_the_one_figure_it_names() -> None:
    """It excludes the figure named by offsets, corrects the one named by its words (its metric's label and
    topic with it), and records each on Issues."""
    result, issues = applied(
        """overrides:
  - {doc: b.txt, start: 10, exclude: true, why: one plant}
  - doc: a.txt
    surface: 5 percent
    sentence: GRP grew
    set: {metric: industrial_production, kind: index, year: 2023}
  - {doc: a.txt, start: 40, set: {metric: null, scope: part}}
"""
    )
    assert result.get_column("doc").to_list() == ["a.txt", "a.txt", "a.txt"]
    grp = result.filter(pl.col("start") == 70).row(0, named=True)
    assert (grp["metric"], grp["metric_label"], grp["topic"], grp["kind"], grp["year"]) == (
        "industrial_production", "Industrial production", "industry", "index", 2023,
    )  # fmt: skip
    cleared = result.filter(pl.col("start") == 40).row(0, named=True)
    assert (cleared["metric"], cleared["metric_label"], cleared["topic"], cleared["scope"]) == (
        None, None, None, "part",
    )  # fmt: skip
    assert issues.select("check", "doc", "column", "value").rows() == [
        ("override_excluded", "b.txt", None, "60 billion"),
        ("override_applied", "a.txt", "metric, kind, year", "5 percent"),
        ("override_applied", "a.txt", "metric, scope", "5 percent"),
    ]
    assert issues.item(0, "message") == (
        "overrides.yaml entry 1 (line 2): “60 billion” (10–20) excluded (why: one plant)"
    )
    assert "metric grp → industrial_production, kind change → index, year 2024 → 2023" in issues.item(
        1, "message"
    )
    FigureFrame.validate(result, lazy=True)


def test_an_override_that_names_no_figure_or_several_changes_nothing() -> None:
    """It applies no entry that matches no figure (the document changed) or several, and says which."""
    result, issues = applied(
        """overrides:
  - {doc: a.txt, surface: 5 percent, exclude: true}
  - {doc: a.txt, start: 999, exclude: true}
  - {doc: gone.txt, surface: 60 billion, set: {scope: part}}
"""
    )
    assert result.equals(GIVEN)
    assert issues.get_column("check").to_list() == [
        "override_ambiguous",
        "override_unmatched",
        "override_unmatched",
    ]
    assert "2 figures at a.txt, “5 percent”: “5 percent” (40–50); “5 percent” (70–80)" in issues.item(
        0, "message"
    )
    assert "no figure at a.txt, start 999" in issues.item(1, "message")


def test_entries_on_one_figure_apply_in_the_files_order() -> None:
    """It applies two entries on one figure one after the other: the later one says what it changes from."""
    result, issues = applied(
        """overrides:
  - {doc: a.txt, start: 10, set: {year: 2022}}
  - {doc: a.txt, start: 10, end: 20, set: {year: 2021, status: past}}
"""
    )
    assert result.filter(pl.col("start") == 10).select("year", "status").row(0) == (2021, "past")
    assert "year 2022 → 2021" in issues.item(1, "message")


def test_a_change_the_contract_refuses_goes_to_issues() -> None:
    """It sends a figure whose corrected fields break the facts' contract to Issues, not to the sheets."""
    given = facts(fact(doc="a.txt", start=10, end=20, value=2.5))
    text = "overrides: [{doc: a.txt, start: 10, set: {kind: rank}}]"
    changed, _ = apply_overrides(given, parse_overrides(text, "overrides.yaml"))
    valid, refused = validate(FigureFrame, changed, "override", "doc")
    assert valid.is_empty()
    assert refused.select("stage", "check").row(0) == (
        "override",
        "a rank must be a whole number of at least 1",
    )


# --- a run, end to end -------------------------------------------------------------------------------------------

MEETING = """Meeting with {region} Governor {governor}
Vladimir Putin held a working meeting with {region} Governor {governor}.
September 10, 2025
The Kremlin, Moscow
The Governor reported on the region's economy. In 2024, investment in fixed capital reached {amount} billion \
roubles. Unemployment fell to {rate} percent.
"""
REGIONS = (
    ("Kaluga Region", "Vladislav Shapsha", 120, 2.1),
    ("Tula Region", "Dmitry Milyaev", 95, 1.8),
    ("Omsk Region", "Vitaly Khotsenko", 80, 2.4),
)


def _sheet(book: openpyxl.Workbook, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def test_a_run_applies_the_overrides_file_beside_the_workbook(tmp_path: Path) -> None:
    """It applies the overrides file beside the workbook: an excluded figure leaves every sheet, a figure
    made a part of its region moves from Comparison to Projects, and Issues lists every entry, applied or not."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for region, governor, amount, rate in REGIONS:
        name = region.lower().replace(" ", "-") + ".txt"
        (inputs / name).write_text(MEETING.format(region=region, governor=governor, amount=amount, rate=rate))
    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    settings = get_settings(inputs=[inputs], out=out, ranking_min_regions=2, cache=False)
    when = datetime(2025, 9, 12, tzinfo=UTC)

    pipeline.run(settings, pipeline.Direct(), when)
    before = openpyxl.load_workbook(out)
    investment = [r for r in _sheet(before, "Rankings") if r["Metric"] == "Investment volume — amount, RUB"]
    assert {r["Region"] for r in investment} == {"Kaluga Region", "Tula Region", "Omsk Region"}
    tula = next(
        r
        for r in _sheet(before, "Facts")
        if r["Region"] == "Tula Region" and r["Metric"] == "Investment volume"
    )

    (out.parent / "overrides.yaml").write_text(
        f"""overrides:
  - doc: omsk-region.txt
    surface: 80 billion roubles
    exclude: true
    why: a single plant's investment
  - doc: tula-region.txt
    start: {tula["Start"]}
    set: {{scope: part}}
  - {{doc: kursk-region.txt, start: 5, exclude: true}}
  - {{doc: tula-region.txt, start: 1, set: {{colour: red}}}}
""",
        encoding="utf-8",
    )
    summary = pipeline.run(settings, pipeline.Direct(), when).summary
    after = openpyxl.load_workbook(out)
    facts_after = _sheet(after, "Facts")
    assert not [r for r in facts_after if r["Region"] == "Omsk Region" and r["Metric"] == "Investment volume"]
    moved = next(
        r for r in facts_after if r["Region"] == "Tula Region" and r["Metric"] == "Investment volume"
    )
    assert (moved["Scope"], moved["Placement"]) == ("part", "Projects")
    assert [r["Region"] for r in _sheet(after, "Projects")] == ["Tula Region"]
    assert not [r for r in _sheet(after, "Rankings") if r["Metric"] == "Investment volume — amount, RUB"]
    unemployment = [r for r in _sheet(after, "Rankings") if r["Metric"] == "Unemployment — percent, %"]
    assert len(unemployment) == 3  # untouched
    issues = [r for r in _sheet(after, "Issues") if r["Stage"] == "override"]
    assert [(r["Check"], r["Document"]) for r in issues] == [
        ("override_applied", "tula-region.txt"),
        ("override_excluded", "omsk-region.txt"),
        ("override_invalid", "tula-region.txt"),
        ("override_unmatched", "kursk-region.txt"),
    ]  # the sheet's order: by check, then region and document
    assert "why: a single plant's investment" in next(
        r["Message"] for r in issues if r["Check"] == "override_excluded"
    )
    assert "unknown key" not in issues[2]["Message"] and "cannot change 'colour'" in issues[2]["Message"]
    assert (summary.figures_excluded, summary.figures_quarantined) == (
        1,
        0,
    )  # left out on purpose, not refused
