"""The Excel renderer: small hand-made frames that pass their schemas, rendered to tmp_path and read back.

Tests compare cell values and styles, never bytes: openpyxl stamps the save time into every file. The
facts, sources, regions, comparison and issues frames are written by hand; the other sheets' frames are
derived from them with the pure functions of `regional_report.analysis` (tested in test_analysis.py).
"""

from __future__ import annotations

import math
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import factories
import openpyxl
import pandera.errors
import polars as pl
import pytest
from factories import MEETING, PLACES, SHA
from openpyxl.utils import get_column_letter
from pandera.config import config_context

from regional_report.frames import sheets as analysis
from regional_report.report import RunInfo, build_workbook, render, render_report, stream, write_workbook
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report.cells import number_format, per_capita_format, put, put_text, shown, with_marker

EARLIER = date(2020, 5, 27)
HYPERLINK = '=HYPERLINK("http://x","y")'
BN = '#,##0.0,,," bn"'
INFO = RunInfo(
    generated_at=datetime(2025, 9, 12, 8, 30, tzinfo=UTC),
    inputs=("seeds/",),
    documents_read=6,
    documents_processed=4,
    documents_quarantined=2,
    figures=8,
    figures_quarantined=1,
    extractor_version="0.1.0",
    batch_size=64,
    max_document_bytes=20_000_000,
    ranking_min_regions=2,
    max_charts=8,
)
POPULATION = {"Smolensk Region": 888_421, "Kaluga Region": 1_069_904, "Amur Region": 766_912,
              "Republic of Tatarstan": 4_004_809}  # fmt: skip
CENSUS = "2021 census (1 Oct 2021), Rosstat"

FACT_SCHEMA: dict[str, Any] = {
    "region": pl.String,
    "region_iso": pl.String,
    "federal_district": pl.String,
    "meeting_date": pl.Date,
    "doc": pl.String,
    "doc_sha256": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "kind": pl.String,
    "metric": pl.String,
    "metric_label": pl.String,
    "topic": pl.String,
    "subject": pl.String,
    "value": pl.Float64,
    "value_max": pl.Float64,
    "unit": pl.String,
    "qualifier": pl.String,
    "year": pl.Int64,
    "scope": pl.String,
    "status": pl.String,
    "period": pl.String,
    "per": pl.String,
    "sentence": pl.String,
}


def fact(**over: Any) -> dict[str, Any]:
    """A Facts row for Smolensk, an approximate amount, overridable field by field."""
    approx = {
        "surface": "about 60 billion",
        "qualifier": "approx",
        "sentence": "Investment reached about 60 billion roubles.",
    }
    return factories.fact(**{**approx, **over})


def cell(
    region: str,
    key: str,
    value: float,
    qualifier: str = "exact",
    rank: int = 1,
    reporters: int = 1,
    **over: Any,
) -> dict[str, Any]:
    """A Comparison cell in long form; the key is metric|kind|unit."""
    metric, kind, unit = key.split("|")
    label, topic = {
        "investment": ("Investment volume", "investment"),
        "grp": ("Gross regional product", "economy"),
        "investment_climate": ("National investment climate rating", "investment"),
        "unemployment": ("Unemployment", "labour"),
    }[metric]
    iso, district = PLACES[region]
    row: dict[str, Any] = {
        "region": region,
        "region_iso": iso,
        "federal_district": district,
        "column": key,
        "metric": metric,
        "metric_label": label,
        "topic": topic,
        "kind": kind,
        "unit": unit,
        "value": value,
        "qualifier": qualifier,
        "year": 2024,
        "meeting_date": MEETING,
        "doc": f"{region.split()[0].lower()}.txt",
        "rank": rank,
        "reporters": reporters,
        "conflict": False,
    }
    row.update(over)
    return row


def region(name: str, documents: int, figures: int, compared: int, first: date = MEETING) -> dict[str, Any]:
    """A RegionFrame row with the region table's population."""
    iso, district = PLACES[name]
    return {
        "region": name,
        "region_iso": iso,
        "federal_district": district,
        "documents": documents,
        "figures": figures,
        "compared": compared,
        "first_meeting": first,
        "latest_meeting": MEETING,
        "population": POPULATION[name],
        "population_year": 2021,
        "population_source": CENSUS,
    }


def source(file: str, status: str = "processed", **over: Any) -> dict[str, Any]:
    """A Sources row, processed unless told otherwise."""
    row: dict[str, Any] = {
        "file": file,
        "path": f"seeds/{file}",
        "sha256": SHA,
        "title": f"Meeting about {file}",
        "region": None,
        "region_iso": None,
        "federal_district": None,
        "meeting_date": MEETING,
        "figures": 0,
        "status": status,
        "reason": None if status == "processed" else f"{status}: see log",
    }
    row.update(over)
    return row


def frames(issues: bool = True) -> dict[str, pl.DataFrame]:
    """Frames for four Central/Volga/Far Eastern regions that pass every schema."""
    facts = [
        fact(),
        fact(start=20, end=35, surface="by 40 percent", kind="change", metric="grp", topic="economy",
             metric_label="Gross regional product", subject="GRP", value=40.0, unit="%", qualifier="exact"),
        fact(start=40, end=51, surface="fifth place", kind="rank", metric="investment_climate", value=5.0,
             metric_label="National investment climate rating", unit="rank", qualifier="exact", year=None),
        fact(start=60, end=62, surface="-2", kind="count", metric=None, metric_label=None, topic=None,
             subject="+1", value=273.0, unit="count", qualifier="exact", sentence=HYPERLINK),
        fact(start=70, end=80, surface="@SUM(A1)", kind="percent", metric="unemployment", topic="labour",
             metric_label="Unemployment", subject="\tunemployment", value=7.1, unit="%", qualifier="min",
             value_max=float("nan"), sentence="\rUnemployment fell to 7.1\x0c percent."),
        fact(region="Kaluga Region", region_iso="RU-KLU", doc="kaluga.txt", value=1.5e9, qualifier="exact",
             surface="1.5 billion roubles"),
        fact(meeting_date=EARLIER, doc="smolensk-2020.txt", value=1e9, qualifier="exact", year=2019,
             surface="1 billion roubles", start=5, end=22),
    ]  # fmt: skip
    comparison = [
        cell("Smolensk Region", "investment|amount|RUB", 6e10, "approx", rank=1, reporters=2),
        cell("Smolensk Region", "grp|change|%", 40.0, rank=1, reporters=2),
        cell("Smolensk Region", "investment_climate|rank|rank", 5.0, year=None),
        cell("Smolensk Region", "unemployment|percent|%", 7.1, "min", conflict=True),
        cell("Kaluga Region", "investment|amount|RUB", 1.5e9, rank=2, reporters=2),
        cell("Republic of Tatarstan", "grp|change|%", -2.5, "max", rank=2, reporters=2),
    ]
    regions = [
        region("Smolensk Region", documents=2, figures=6, compared=4, first=EARLIER),
        region("Kaluga Region", documents=1, figures=1, compared=1),
        region("Amur Region", documents=1, figures=0, compared=0),
        region("Republic of Tatarstan", documents=1, figures=1, compared=1),
    ]
    sources = [
        source("smolensk.txt", region="Smolensk Region", region_iso="RU-SMO", federal_district="Central",
               figures=5, title="@SUM(A1)"),
        source("smolensk-2020.txt", region="Smolensk Region", region_iso="RU-SMO", federal_district="Central",
               figures=1, meeting_date=EARLIER),
        source("kaluga.txt", region="Kaluga Region", region_iso="RU-KLU", federal_district="Central", figures=1),
        source("amur.txt", region="Amur Region", region_iso="RU-AMU", federal_district="Far Eastern"),
        source("tatarstan.txt", region="Republic of Tatarstan", region_iso="RU-TA", federal_district="Volga",
               figures=1),
        source("broken.txt", status="quarantined", meeting_date=None, reason="=cmd|' /C calc'!A0"),
        source("copy.txt", status="duplicate"),
    ]  # fmt: skip
    issue_rows = [
        {"stage": "read", "doc": "broken.txt", "region": None, "check": "decode", "column": None, "value": None,
         "message": "not UTF-8"},
        {"stage": "compare", "doc": "smolensk.txt", "region": "Smolensk Region", "check": "conflict",
         "column": "unemployment|percent|%", "value": "7.1 percent | 8 percent",
         "message": "Unemployment (percent, %) in 2024: 2 figures, 2 different values"},
    ]  # fmt: skip
    issue_schema = dict.fromkeys(("stage", "doc", "region", "check", "column", "value", "message"), pl.String)
    comparison_frame = pl.DataFrame(comparison, infer_schema_length=None)
    regions_frame = pl.DataFrame(regions, infer_schema_length=None)
    facts_frame = pl.DataFrame(facts, schema=FACT_SCHEMA)
    rankings = analysis.rankings_frame(comparison_frame, min_regions=2)
    return {
        "regions": regions_frame,
        "comparison": comparison_frame,
        "per_capita": analysis.per_capita_frame(comparison_frame, regions_frame),
        "rankings": rankings,
        "trends": analysis.trends_frame(facts_frame),
        "charts": analysis.charts_frame(rankings, max_charts=8),
        "facts": facts_frame,
        "sources": pl.DataFrame(sources, infer_schema_length=None),
        "issues": pl.DataFrame(issue_rows if issues else [], schema=issue_schema),
    }


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_report(tmp_path_factory.mktemp("book") / "report.xlsx", info=INFO, **frames())


@pytest.fixture
def workbook(book_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(book_path)


def headers(ws: Any, row: int = 1) -> list[Any]:
    return [c.value for c in ws[row]]


def find(ws: Any, header: str, row: int = 1) -> int:
    """The column number of a header."""
    return headers(ws, row).index(header) + 1


def region_rows(ws: Any, first: int = 3) -> dict[str, int]:
    """Row numbers of a matrix sheet's regions by name."""
    return {ws.cell(r, 1).value: r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value}


# --- sheets and headers ----------------------------------------------------------------------------------------


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    """It writes the nine sheets in the issue's order."""
    assert workbook.sheetnames == [
        "Overview", "Comparison", "Per capita", "Rankings", "Trends", "Charts", "Facts", "Sources", "Issues",
    ]  # fmt: skip


def test_headers(workbook: openpyxl.Workbook) -> None:
    """It heads each list sheet with the layout's headers, bold."""
    assert headers(workbook["Facts"]) == [
        "Region", "Meeting date", "Metric", "Subject", "Kind", "Value", "Unit", "Qualifier", "Year", "Sentence",
        "Max value", "Surface", "Document", "Start", "End", "Federal district", "Metric id",
    ]  # fmt: skip
    assert headers(workbook["Sources"]) == [
        "File", "Path", "SHA-256", "Title", "Region", "Federal district", "Meeting date", "Figures", "Status",
        "Reason",
    ]  # fmt: skip
    assert headers(workbook["Issues"]) == [
        "Stage",
        "Check",
        "Region",
        "Document",
        "Column",
        "Value",
        "Message",
    ]
    assert headers(workbook["Rankings"]) == [
        "Metric", "Topic", "Rank", "Of", "Region", "Federal district", "Value", "Qualifier", "Year",
        "Meeting date", "Document", "Conflict",
    ]  # fmt: skip
    assert headers(workbook["Comparison"], 2)[:6] == [
        "Region", "Federal district", "ISO code", "Documents", "Figures", "Latest meeting",
    ]  # fmt: skip
    assert headers(workbook["Per capita"], 3)[:6] == [
        "Region", "Federal district", "ISO code", "Population", "Population year", "Population source",
    ]  # fmt: skip
    for name in ("Facts", "Sources", "Issues", "Rankings"):
        assert all(c.font.b for c in workbook[name][1])


# --- Comparison -------------------------------------------------------------------------------------------------


def test_comparison_headers_and_topics(workbook: openpyxl.Workbook) -> None:
    """It heads each (metric, kind, unit) column with label, kind and unit, under its topic, in taxonomy order."""
    ws = workbook["Comparison"]
    assert headers(ws, 2)[6:] == [
        "Gross regional product — change, %",
        "Investment volume — amount, RUB",
        "National investment climate rating — rank",
        "Unemployment — percent, %",
    ]
    assert [ws.cell(1, c).value for c in range(7, 11)] == ["Economy", "Investment", None, "Labour and income"]
    assert "H1:I1" in {str(r) for r in ws.merged_cells.ranges}


def test_comparison_rows_cover_every_processed_region(workbook: openpyxl.Workbook) -> None:
    """It gives one row per region, by federal district then name, with its documents and figures."""
    ws = workbook["Comparison"]
    rows = [[ws.cell(r, c).value for c in range(1, 6)] for r in range(3, ws.max_row + 1)]
    assert rows == [
        ["Kaluga Region", "Central", "RU-KLU", 1, 1],
        ["Smolensk Region", "Central", "RU-SMO", 2, 6],
        ["Amur Region", "Far Eastern", "RU-AMU", 1, 0],
        ["Republic of Tatarstan", "Volga", "RU-TA", 1, 1],
    ]
    assert ws.cell(3, 6).value == datetime(2025, 9, 10)
    amur = region_rows(ws)["Amur Region"]
    assert all(ws.cell(amur, c).value is None for c in range(7, 11))


def test_comparison_numbers(workbook: openpyxl.Workbook) -> None:
    """It stores numbers as numbers: RUB with a " bn" format, percent as a fraction, ranks as places."""
    ws = workbook["Comparison"]
    rows = region_rows(ws)
    smolensk, kaluga = rows["Smolensk Region"], rows["Kaluga Region"]
    investment = ws.cell(smolensk, find(ws, "Investment volume — amount, RUB", 2))
    assert (investment.value, investment.data_type) == (6e10, "n")
    assert investment.number_format == f'"≈ "{BN};"≈ -"{BN}'
    grp = ws.cell(smolensk, find(ws, "Gross regional product — change, %", 2))
    assert (grp.value, grp.number_format) == (pytest.approx(0.4), "0.0%")
    unemployment = ws.cell(smolensk, find(ws, "Unemployment — percent, %", 2))
    assert unemployment.value == 0.071  # exactly, no float noise from 7.1 / 100
    rank = ws.cell(smolensk, find(ws, "National investment climate rating — rank", 2))
    assert (rank.value, rank.number_format) == (5, "0")
    exact = ws.cell(kaluga, find(ws, "Investment volume — amount, RUB", 2))
    assert (exact.value, exact.number_format) == (1.5e9, BN)


def test_qualified_values_are_marked(workbook: openpyxl.Workbook) -> None:
    """It marks a qualified value with ≈ > < in its number format, an italic colour and its note."""
    ws = workbook["Comparison"]
    rows = region_rows(ws)
    approx = ws.cell(rows["Smolensk Region"], find(ws, "Investment volume — amount, RUB", 2))
    assert approx.number_format.startswith('"≈ "')
    assert approx.font.i
    assert approx.font.color.rgb.endswith(L.QUALIFIER_COLORS["approx"])
    assert "about (approx)" in approx.comment.text
    at_most = ws.cell(rows["Republic of Tatarstan"], find(ws, "Gross regional product — change, %", 2))
    assert at_most.number_format == '"< "0.0%;"< -"0.0%'
    assert "up to" in at_most.comment.text
    at_least = ws.cell(rows["Smolensk Region"], find(ws, "Unemployment — percent, %", 2))
    assert at_least.number_format.startswith('"> "')
    exact = ws.cell(rows["Kaluga Region"], find(ws, "Investment volume — amount, RUB", 2))
    assert not exact.font.i


def test_each_value_notes_its_rank_year_and_source(workbook: openpyxl.Workbook) -> None:
    """It gives every value a note with its rank among the reporting regions, year and source document."""
    ws = workbook["Comparison"]
    rows = region_rows(ws)
    kaluga = ws.cell(rows["Kaluga Region"], find(ws, "Investment volume — amount, RUB", 2)).comment.text
    assert kaluga.startswith("Rank 2 of 2 regions")
    assert "Year: 2024" in kaluga
    assert "kaluga.txt (meeting of 2025-09-10)" in kaluga
    place = ws.cell(rows["Smolensk Region"], find(ws, "National investment climate rating — rank", 2))
    assert "Year: not stated" in place.comment.text


def test_conflicts_are_framed_in_red(workbook: openpyxl.Workbook) -> None:
    """It frames a conflicting value in red and says so in its note; other values keep no frame."""
    ws = workbook["Comparison"]
    rows = region_rows(ws)
    conflict = ws.cell(rows["Smolensk Region"], find(ws, "Unemployment — percent, %", 2))
    assert conflict.border.left.color.rgb.endswith(L.CONFLICT_COLOR)
    assert conflict.border.top.style == "medium"
    assert "CONFLICT" in conflict.comment.text
    plain = ws.cell(rows["Kaluga Region"], find(ws, "Investment volume — amount, RUB", 2))
    assert plain.border.top is None or plain.border.top.style is None
    assert "CONFLICT" not in plain.comment.text


def test_colour_scales_per_column(workbook: openpyxl.Workbook) -> None:
    """It gives each column with two values or more its own colour scale; changes diverge at zero."""
    ws = workbook["Comparison"]
    scales = {str(rng.sqref): rules for rng, rules in ws.conditional_formatting._cf_rules.items()}
    grp = get_column_letter(find(ws, "Gross regional product — change, %", 2))
    investment = get_column_letter(find(ws, "Investment volume — amount, RUB", 2))
    assert set(scales) == {f"{grp}3:{grp}6", f"{investment}3:{investment}6"}
    change = scales[f"{grp}3:{grp}6"][0].colorScale
    assert [v.type for v in change.cfvo] == ["min", "num", "max"]
    assert [c.rgb[-6:] for c in change.color] == [L.SCALE_FALL, L.SCALE_LOW, L.SCALE_RISE]
    level = scales[f"{investment}3:{investment}6"][0].colorScale
    assert [c.rgb[-6:] for c in level.color] == [L.SCALE_LOW, L.SCALE_HIGH]


# --- Per capita, Rankings, Trends, Charts ------------------------------------------------------------------------


def test_per_capita(workbook: openpyxl.Workbook) -> None:
    """It divides the per-capita columns by population and states the population, its year and source."""
    ws = workbook["Per capita"]
    assert ws["A1"].value == L.PER_CAPITA_NOTE
    assert headers(ws, 3)[6:] == ["Investment volume — RUB per resident"]
    assert ws.cell(2, 7).value == "Investment"
    rows = region_rows(ws, first=4)
    assert set(rows) == {"Kaluga Region", "Smolensk Region"}  # no per-capita column for the others
    smolensk = rows["Smolensk Region"]
    assert [ws.cell(smolensk, c).value for c in range(4, 7)] == [888_421, 2021, CENSUS]
    value = ws.cell(smolensk, 7)
    assert value.value == pytest.approx(6e10 / 888_421)
    assert value.number_format == '"≈ "#,##0;"≈ -"#,##0'
    assert "÷ 888,421 residents (2021)" in value.comment.text
    assert "Rank 1 of 2 regions per resident" in value.comment.text
    assert ws.freeze_panes == "G4"


def test_rankings(workbook: openpyxl.Workbook) -> None:
    """It lists the columns reported by enough regions, regions by place, with value, year and document."""
    ws = workbook["Rankings"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("Gross regional product — change, %", 1, 2, "Smolensk Region"),
        ("Gross regional product — change, %", 2, 2, "Republic of Tatarstan"),
        ("Investment volume — amount, RUB", 1, 2, "Smolensk Region"),
        ("Investment volume — amount, RUB", 2, 2, "Kaluga Region"),
    ]
    value = find(ws, "Value")
    assert ws.cell(3, value).value == pytest.approx(-0.025)
    assert ws.cell(3, value).number_format == '"< "0.0%;"< -"0.0%'
    assert ws.cell(4, value).number_format.endswith(f'"≈ -"{BN}')
    assert [ws.cell(r, find(ws, "Document")).value for r in (4, 5)] == ["smolensk.txt", "kaluga.txt"]
    assert ws.cell(2, 1).font.b and not ws.cell(3, 1).font.b  # each metric's first row opens its block
    assert ws.auto_filter.ref == "A1:L5"
    assert ws.freeze_panes == "C2"


def test_trends(workbook: openpyxl.Workbook) -> None:
    """It shows a region reported at several meetings with each metric per meeting, side by side."""
    ws = workbook["Trends"]
    texts = [[c.value for c in row] for row in ws.iter_rows()]
    assert texts[2][0] == "Smolensk Region · Central federal district · RU-SMO · 2 meetings"
    assert texts[3][:6] == [
        "Topic",
        "Metric",
        "Meeting of 2020-05-27",
        "Year",
        "Meeting of 2025-09-10",
        "Year",
    ]
    assert texts[4][2] == "smolensk-2020.txt" and texts[4][4] == "smolensk.txt"
    assert texts[5][0] == L.TRENDS_SEVERAL
    investment = next(r for r in texts if r[1] == "Investment volume — amount, RUB")
    assert investment[2:6] == [1e9, 2019, 6e10, 2024]
    assert L.TRENDS_SINGLE in [r[0] for r in texts]


def test_charts(workbook: openpyxl.Workbook) -> None:
    """It draws one bar chart per ranked column beside its data table, bars by place."""
    ws = workbook["Charts"]
    assert len(ws._charts) == 2
    chart = ws._charts[0]
    assert (chart.tagname, chart.type) == ("barChart", "bar")
    assert chart.series[0].val.numRef.f == "'Charts'!$C$5:$C$6"
    assert chart.series[0].cat.numRef.f == "'Charts'!$B$5:$B$6"
    assert ws["A3"].value == "Gross regional product — change, % (2 regions)"
    assert [ws.cell(r, 2).value for r in (5, 6)] == ["Smolensk Region", "Republic of Tatarstan"]
    assert ws.cell(6, 3).value == pytest.approx(-0.025)
    assert len(ws.row_breaks.brk) == 1  # the second chart starts a printed page


# --- Overview -------------------------------------------------------------------------------------------------------


def test_overview(workbook: openpyxl.Workbook) -> None:
    """It summarises the run and its parameters, charts figures per region, and explains every sheet."""
    ws = workbook["Overview"]
    values: dict[Any, Any] = {}
    for label, value in ws.iter_rows(max_col=2, values_only=True):
        if label:
            values.setdefault(label, value)  # the first: run facts come before the guide's sheet names
    assert values["Generated at"] == datetime(2025, 9, 12, 8, 30)
    assert values["Inputs"] == "seeds/"
    assert (values["Documents read"], values["Documents quarantined"], values["Figures quarantined"]) == (
        6,
        2,
        1,
    )
    assert values["Compared"] == "5 documents from 4 regions; 6 values in 4 columns (2 ranked, 2 charted)"
    assert values["Trends"] == "1 region reported at several meetings"
    assert (values["Conflicts"], values["Issues"]) == (1, 2)
    assert values["Batch size"] == 64
    assert values["Rankings"] == "columns reported by at least 2 regions"
    links = {c.value: c.hyperlink.location for (c,) in ws.iter_rows(max_col=1) if c.hyperlink}
    assert set(links) == set(L.SHEETS[1:])  # every sheet is explained, with a link to it
    assert links["Per capita"] == "'Per capita'!A1"
    guide = [str(v) for v in ws.iter_cols(min_col=2, max_col=2, values_only=True).__next__()]
    assert any(text.startswith("Every Comparison column reported by at least 2 regions") for text in guide)
    assert values["Ranks"].startswith("A region's rank")
    assert "Sort and filter" in values
    markers = [row[0] for row in ws.iter_rows(max_col=1) if row[0].number_format.startswith('"')]
    assert [m.number_format[:3] for m in markers] == ['"≈ ', '"> ', '"< ']
    assert {"<Metric> — <kind>, <unit>", "Population source", "Conflict", "Sentence"} <= set(values)


def test_overview_chart_reads_comparison(workbook: openpyxl.Workbook) -> None:
    """It charts figures per region from Comparison's Region and Figures columns."""
    chart = workbook["Overview"]._charts[0]
    assert chart.type == "col"
    assert chart.series[0].val.numRef.f == "'Comparison'!$E$3:$E$6"
    assert chart.series[0].cat.numRef.f == "'Comparison'!$A$3:$A$6"


# --- Facts, Sources, Issues -------------------------------------------------------------------------------------


def test_facts_numbers_and_dates(workbook: openpyxl.Workbook) -> None:
    """It writes Facts values with their unit's format and marker, dates as dates, years without separators."""
    ws = workbook["Facts"]
    value, date_col, year = find(ws, "Value"), find(ws, "Meeting date"), find(ws, "Year")
    by_surface = {ws.cell(r, find(ws, "Surface")).value: r for r in range(2, ws.max_row + 1)}
    r = by_surface["about 60 billion"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (6e10, f'"≈ "{BN};"≈ -"{BN}')
    assert ws.cell(r, date_col).value == datetime(2025, 9, 10)
    assert ws.cell(r, date_col).number_format == "yyyy-mm-dd"
    assert (ws.cell(r, year).value, ws.cell(r, year).number_format) == (2024, "0")
    r = by_surface["by 40 percent"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (pytest.approx(0.4), "0.0%")
    r = by_surface["1.5 billion roubles"]
    assert ws.cell(r, value).number_format == BN
    r = by_surface["-2"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (273, "#,##0")
    assert ws.cell(r, find(ws, "Metric")).value is None
    r = by_surface["@SUM(A1)"]
    assert ws.cell(r, find(ws, "Max value")).value is None  # NaN is never written


def test_facts_table(workbook: openpyxl.Workbook) -> None:
    """It lays a banded Excel table over Facts and wraps the sentence in view, right of a few narrow columns."""
    ws = workbook["Facts"]
    table = ws.tables["Facts"]
    assert table.ref == "A1:Q8"
    assert table.tableStyleInfo.name == "tableStyleMedium2"
    assert table.tableStyleInfo.showRowStripes
    sentence = find(ws, "Sentence")
    assert ws.column_dimensions[get_column_letter(sentence)].width == 80
    assert ws.cell(2, sentence).alignment.wrap_text
    before = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, sentence))
    assert before <= 135  # the sentence starts within about 1,000 pixels of the left edge


def test_frozen_panes_and_filters(workbook: openpyxl.Workbook) -> None:
    """It freezes the headers and puts a filter on every data sheet (the Facts table carries its own)."""
    assert workbook["Comparison"].freeze_panes == "G3"
    assert workbook["Facts"].freeze_panes == "B2"
    assert workbook["Sources"].freeze_panes == "B2"
    assert workbook["Issues"].freeze_panes == "A2"
    assert workbook["Trends"].freeze_panes == "C2"
    assert workbook["Comparison"].auto_filter.ref == "A2:J6"
    assert workbook["Per capita"].auto_filter.ref == "A3:G5"
    assert workbook["Sources"].auto_filter.ref == "A1:J8"
    assert workbook["Issues"].auto_filter.ref == "A1:G3"
    assert workbook["Facts"].tables["Facts"].autoFilter.ref == "A1:Q8"


def test_column_widths_are_bounded(workbook: openpyxl.Workbook) -> None:
    """It fits column widths to content within 8..60 characters, except the 80-wide sentence and message."""
    for name in ("Comparison", "Per capita", "Rankings", "Facts", "Sources", "Issues"):
        widths = [d.width for d in workbook[name].column_dimensions.values() if d.width]
        assert widths, name
        assert all(8 <= w <= 80 for w in widths), name
        assert all(w <= 60 for w in widths if w != 80), name


def test_sources_status_colours(workbook: openpyxl.Workbook) -> None:
    """It colours each status cell: processed green, quarantined red, duplicate grey."""
    ws = workbook["Sources"]
    status = find(ws, "Status")
    fills = {ws.cell(r, status).value: ws.cell(r, status).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert {s: rgb[-6:] for s, rgb in fills.items()} == {s: fill for s, (fill, _) in L.STATUS_STYLES.items()}


def test_issues_list_checks_and_conflicts(workbook: openpyxl.Workbook) -> None:
    """It writes issue rows by stage, the conflict with its region, column and offending values."""
    ws = workbook["Issues"]
    assert [c.value for c in ws[2]] == ["read", "decode", None, "broken.txt", None, None, "not UTF-8"]
    conflict = [c.value for c in ws[3]]
    assert conflict[:6] == ["compare", "conflict", "Smolensk Region", "smolensk.txt", "unemployment|percent|%",
                            "7.1 percent | 8 percent"]  # fmt: skip
    assert all(c.value != L.NO_ISSUES for row in ws.iter_rows() for c in row)


def test_issues_note_when_empty(tmp_path: Path) -> None:
    """It puts an italic note under the Issues header when there are no issues, outside the filter range."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames(issues=False))
    ws = openpyxl.load_workbook(path)["Issues"]
    assert ws.auto_filter.ref == "A1:G1"
    assert ws["A2"].value == L.NO_ISSUES
    assert ws["A2"].font.i
    assert ws.max_row == 2


# --- safety and determinism -------------------------------------------------------------------------------------


def test_text_is_never_a_formula(book_path: Path) -> None:
    """It stores document text that looks like a formula as plain strings, and writes no formula at all."""
    wb = openpyxl.load_workbook(book_path)
    ws = wb["Facts"]
    texts = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (HYPERLINK, "+1", "-2", "@SUM(A1)", "\tunemployment"):
        assert texts[text].data_type == "s"
        assert texts[text].quotePrefix
    assert "Investment volume" in texts
    assert not texts["Investment volume"].quotePrefix
    sources = {c.value: c for row in wb["Sources"].iter_rows() for c in row if isinstance(c.value, str)}
    assert sources["=cmd|' /C calc'!A0"].data_type == "s"
    assert sources["@SUM(A1)"].quotePrefix
    for sheet in wb.worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), sheet.title
    with zipfile.ZipFile(book_path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name


def test_illegal_characters_are_replaced(workbook: openpyxl.Workbook) -> None:
    """It replaces characters XML cannot carry instead of failing, and keeps a leading CR as text."""
    ws = workbook["Facts"]
    sentences = [ws.cell(r, find(ws, "Sentence")).value for r in range(2, ws.max_row + 1)]
    assert "\rUnemployment fell to 7.1  percent." in sentences


TRICKY_TEXTS = (
    "  spaces either side  ",
    " leading space",
    "trailing tab\t",
    "\x01control first",
    "line\r\nbreaks\nand\ttabs",
    "x & y < z > w ]]> \"quoted\" 'single'",
    "Ü — “curly” 😀 \u2028 \xa0",
    "U+FFFE \ufffe and U+FFFF \uffff",
    "",
    "=1+1",
    "-5",
    "#N/A",
    "x" * 40_000,
)


def test_list_sheets_write_text_as_put_text_does(tmp_path: Path) -> None:
    """It writes every text of the list sheets as `put_text` writes a cell: same value, type and quote prefix."""
    reference = openpyxl.Workbook()
    for row, text in enumerate(TRICKY_TEXTS, start=1):
        put_text(reference.active, row, 1, text)
    reference.save(tmp_path / "reference.xlsx")
    expected = [
        (c.value, c.data_type, c.quotePrefix)
        for (c,) in openpyxl.load_workbook(tmp_path / "reference.xlsx").active.iter_rows()
    ]
    given = frames()
    given["facts"] = pl.DataFrame(
        [fact(start=k, end=k + 1, sentence=text, subject=text) for k, text in enumerate(TRICKY_TEXTS)],
        schema=FACT_SCHEMA,
    )
    given["sources"] = pl.DataFrame(
        [source(f"{k:02d}.txt", title=text, region="Amur Region") for k, text in enumerate(TRICKY_TEXTS)],
        infer_schema_length=None,
    )
    wb = openpyxl.load_workbook(render_report(tmp_path / "report.xlsx", info=INFO, **given))
    facts, sources = wb["Facts"], wb["Sources"]
    for ws, header in ((facts, "Sentence"), (facts, "Subject"), (sources, "Title")):
        col = find(ws, header)
        written = [
            (c.value, c.data_type, c.quotePrefix)
            for c in (ws.cell(r, col) for r in range(2, len(TRICKY_TEXTS) + 2))
        ]
        assert written == expected, header
    # Byte for byte, the sentences are the inline strings openpyxl itself writes (xml:space, escapes).
    with zipfile.ZipFile(tmp_path / "reference.xlsx") as archive:
        reference_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    with zipfile.ZipFile(tmp_path / "report.xlsx") as archive:
        facts_xml = archive.read(f"xl/worksheets/sheet{L.SHEETS.index(L.FACTS) + 1}.xml").decode()
    sentence = get_column_letter(find(facts, "Sentence"))
    assert _cells(facts_xml, sentence)[1:] == _cells(reference_xml, "A")


def _cells(xml: str, column: str) -> list[str]:
    """The type and content of each cell of a column, in a sheet's XML."""
    return re.findall(rf'<c r="{column}\d+"(?: s="\d+")? (t="\w+">.*?)</c>', xml, flags=re.DOTALL)


def test_streamed_values_read_back_as_put_writes_them(tmp_path: Path) -> None:
    """It writes every kind of value of a streamed sheet as `put` writes it: numbers, dates, times, flags."""
    frame = pl.DataFrame(
        {
            "count": [1, None, 12_345_678],
            "ratio": [0.1, math.inf, -2.5],
            "day": [MEETING, None, EARLIER],
            "moment": [datetime(2025, 9, 10, 8, 30), None, datetime(1999, 12, 31, 23, 59, 59)],
            "flag": [True, False, None],
            "text": ["a", None, "=b"],
        }
    )
    roles: dict[str, Any] = {"count": "count", "ratio": "text", "day": "date", "moment": "text"}
    wb = openpyxl.Workbook()
    plain = wb.active
    streamed = render.stream_sheet(wb, "streamed")
    stream.write_rows(streamed, [(k, k) for k in frame.columns], roles, frame, wrap_widths={})
    for r, record in enumerate(frame.iter_rows(named=True), start=2):
        for c, (key, value) in enumerate(record.items(), start=1):
            put(plain, r, c, value, L.FMT_COUNT if roles.get(key) == "count" else None)
    write_workbook(wb, tmp_path / "kinds.xlsx")
    book = openpyxl.load_workbook(tmp_path / "kinds.xlsx")
    for row in range(2, 5):
        for col in range(1, len(frame.columns) + 1):
            want, got = book[plain.title].cell(row, col), book["streamed"].cell(row, col)
            assert (got.value, got.data_type, got.number_format) == (
                want.value,
                want.data_type,
                want.number_format,
            ), (row, col)


def test_wrapped_rows_are_tall_enough(workbook: openpyxl.Workbook) -> None:
    """It makes a row as tall as its most wrapped text, and leaves one-line rows at the default height."""
    ws = workbook["Issues"]
    message = find(ws, "Message")
    for r in range(2, ws.max_row + 1):
        lines = C.lines(ws.cell(r, message).value, L.MESSAGE_WIDTH)
        assert ws.row_dimensions[r].height == (L.LINE_HEIGHT * lines if lines > 1 else None)
    facts = workbook["Facts"]
    columns = [find(facts, h) for h in ("Region", "Metric", "Subject", "Sentence")]
    widths = [facts.column_dimensions[get_column_letter(c)].width for c in columns]
    for r in range(2, facts.max_row + 1):
        texts = [facts.cell(r, c).value for c in columns]
        lines = max(C.lines(t, w) for t, w in zip(texts, widths, strict=True) if isinstance(t, str))
        assert facts.row_dimensions[r].height == (L.LINE_HEIGHT * lines if lines > 1 else None)
    assert any(facts.row_dimensions[r].height for r in range(2, facts.max_row + 1))


def test_list_sheets_span_many_chunks(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It writes the same rows however many chunks they are written in, and declares each sheet's extent."""
    monkeypatch.setattr(stream, "CHUNK_ROWS", 3)
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    chunked, whole = openpyxl.load_workbook(path), openpyxl.load_workbook(book_path)
    for name in (L.RANKINGS, L.FACTS, L.SOURCES, L.ISSUES):
        rows = [list(wb[name].iter_rows(values_only=True)) for wb in (chunked, whole)]
        assert rows[0] == rows[1], name
        assert len(rows[0]) == {L.RANKINGS: 5, L.FACTS: 8, L.SOURCES: 8, L.ISSUES: 3}[name]
    lazy = openpyxl.load_workbook(path, read_only=True)  # reads each sheet's extent from the file
    assert [lazy[name].max_row for name in (L.RANKINGS, L.FACTS, L.SOURCES, L.ISSUES)] == [5, 8, 8, 3]


def test_deterministic(tmp_path: Path) -> None:
    """It writes the same cell values for the same frames, whatever their row order."""
    given = frames()
    shuffled = {name: frame.sample(fraction=1.0, shuffle=True, seed=7) for name, frame in given.items()}
    books = [
        openpyxl.load_workbook(render_report(tmp_path / f"{i}.xlsx", info=INFO, **f))
        for i, f in enumerate((given, shuffled))
    ]
    for name in L.SHEETS:
        one, two = ([[c.value for c in row] for row in wb[name].iter_rows()] for wb in books)
        assert one == two, name


def test_atomic_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It leaves the previous workbook byte-identical and no temp file behind when saving fails midway."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    before = path.read_bytes()

    def broken_save(self: openpyxl.Workbook, target: Any) -> None:
        target.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(render, "save_workbook", broken_save)  # the one save (Facts is write-only)
    with pytest.raises(OSError, match="disk full"):
        render_report(path, info=INFO, **frames(issues=False))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_write_workbook_replaces(tmp_path: Path) -> None:
    """It replaces an existing workbook in one step and leaves no temp file."""
    path = tmp_path / "out" / "report.xlsx"
    for issues in (True, False):
        wb = build_workbook(info=INFO, **frames(issues=issues))
        assert write_workbook(wb, path) == path
    assert openpyxl.load_workbook(path)["Issues"]["A2"].value == L.NO_ISSUES
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]


@pytest.mark.parametrize(
    ("frame", "column", "bad"),
    [
        ("facts", "kind", "bogus"),
        ("comparison", "unit", "parsecs"),
        ("sources", "status", "lost"),
        ("rankings", "rank", 0),
        ("per_capita", "per_capita", 1.0),
        ("regions", "documents", 0),
        ("charts", "chart", 0),
        ("trends", "meetings", 1),
    ],
)
def test_invalid_frame_is_not_rendered(tmp_path: Path, frame: str, column: str, bad: object) -> None:
    """It raises pandera's SchemaErrors for a frame that breaks its contract, before writing any file."""
    given = frames()
    given[frame] = given[frame].with_columns(pl.lit(bad).alias(column))
    path = tmp_path / "report.xlsx"
    with pytest.raises(pandera.errors.SchemaErrors):
        render_report(path, info=INFO, **given)
    assert list(tmp_path.iterdir()) == []


def test_every_frame_is_required(tmp_path: Path) -> None:
    """It refuses to render without every sheet's frame."""
    given = frames()
    del given["trends"]
    with pytest.raises(TypeError, match="trends"):
        render_report(tmp_path / "report.xlsx", info=INFO, **given)


def test_nan_is_left_empty(tmp_path: Path) -> None:
    """It leaves a cell empty rather than write a NaN or infinity, which would corrupt the file."""
    given = frames()
    given["comparison"] = given["comparison"].with_columns(
        pl.when(pl.col("region") == "Kaluga Region").then(math.nan).otherwise(pl.col("value")).alias("value")
    )
    given["facts"] = given["facts"].with_columns(pl.lit(math.inf).alias("value_max"))
    path = write_workbook(build_workbook(info=INFO, **given), tmp_path / "r.xlsx")  # pandera would refuse NaN
    wb = openpyxl.load_workbook(path)
    ws = wb["Comparison"]
    kaluga = region_rows(ws)["Kaluga Region"]
    assert ws.cell(kaluga, find(ws, "Investment volume — amount, RUB", 2)).value is None
    facts = wb["Facts"]
    assert all(facts.cell(r, find(facts, "Max value")).value is None for r in range(2, facts.max_row + 1))


def test_validation_cannot_be_switched_off(tmp_path: Path) -> None:
    """It validates the frames even when pandera's validation is switched off around it."""
    given = frames()
    given["facts"] = given["facts"].with_columns(pl.lit("bogus").alias("kind"))
    with config_context(validation_enabled=False), pytest.raises(pandera.errors.SchemaErrors):
        render_report(tmp_path / "report.xlsx", info=INFO, **given)
    assert list(tmp_path.iterdir()) == []


def test_empty_run(tmp_path: Path) -> None:
    """It renders a run with no documents: headers, notes, an empty Facts table body and no charts."""
    empty = {name: frame.clear() for name, frame in frames(issues=False).items()}
    wb = openpyxl.load_workbook(render_report(tmp_path / "report.xlsx", info=INFO, **empty))
    assert wb.sheetnames == list(L.SHEETS)
    assert headers(wb["Comparison"], 2) == [h for _, h in L.COMPARISON_REGION_COLUMNS]
    assert wb["Comparison"].max_row == 2
    assert wb["Facts"].tables["Facts"].ref == "A1:Q2"
    assert wb["Issues"]["A2"].value == L.NO_ISSUES
    assert wb["Trends"]["A3"].value == L.NO_TRENDS
    assert wb["Charts"]["A3"].value == L.NO_CHARTS
    assert not wb["Overview"]._charts and not wb["Charts"]._charts


# --- number formats ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit", "value", "qualifier", "fmt", "text"),
    [
        ("amount", "RUB", 6e10, "approx", f'"≈ "{BN};"≈ -"{BN}', "≈ 60.0 bn"),
        ("amount", "RUB", 1.7e12, "exact", '#,##0.00,,,," tn"', "1.70 tn"),
        ("amount", "RUB", 2.5e6, "exact", '#,##0.0,," mn"', "2.5 mn"),
        ("change", "%", -2.5, "max", '"< "0.0%;"< -"0.0%', "< -2.5%"),
        ("change", "pp", 1.5, "min", '"> "+0.0" pp";"> "-0.0" pp";"> "0.0" pp"', "> +1.5 pp"),
        ("count", "count", 4000, "min", '"> "#,##0;"> -"#,##0', "> 4,000"),
        ("rank", "rank", 5, "exact", "0", "5"),
        ("change", "x", 2.0, "exact", '0.0"×"', "2.0×"),
    ],
)
def test_number_formats(kind: str, unit: str, value: float, qualifier: str, fmt: str, text: str) -> None:
    """It formats each kind and unit for reading, with the qualifier's marker before the number."""
    assert number_format(kind, unit, value, qualifier) == fmt
    stored = value / 100 if unit == "%" else value
    assert shown(stored, fmt) == text


def test_markers_keep_the_sign_after_the_marker() -> None:
    """It puts a negative number's minus after the marker ("≈ -5", not "-≈ 5")."""
    assert with_marker("#,##0", "approx") == '"≈ "#,##0;"≈ -"#,##0'
    assert with_marker("#,##0", "exact") == "#,##0"
    assert per_capita_format(67_535.2) == "#,##0"
    assert per_capita_format(2.58, "approx") == '"≈ "#,##0.00;"≈ -"#,##0.00'
