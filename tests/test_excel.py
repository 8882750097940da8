"""The Excel renderer: small hand-made frames that pass their schemas, rendered to tmp_path and read back.

Tests compare cell values and styles, never bytes: openpyxl stamps the save time into every file. The
facts, sources, regions and issues frames are written by hand; the other sheets' frames are derived from
them with the pure functions of `regional_report.frames` (their rules are tested in test_comparable.py and
test_analysis.py).
"""

from __future__ import annotations

import functools
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
from regional_report.report import (
    RunInfo,
    build_workbook,
    matrix,
    pages,
    render,
    render_report,
    stream,
    write_workbook,
)
from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report.cells import number_format, put, put_text, shown
from schemas import FigureFrame, build

EARLIER = date(2020, 5, 27)
HYPERLINK = '=HYPERLINK("http://x","y")'
BN = '#,##0.0,,," bn"'
INFO = RunInfo(
    generated_at=datetime(2025, 9, 12, 8, 30, tzinfo=UTC),
    inputs=("seeds/",),
    documents_read=6,
    documents_processed=4,
    documents_quarantined=2,
    figures=14,
    figures_quarantined=1,
    extractor_version="0.1.0",
    batch_size=64,
    max_document_bytes=20_000_000,
    ranking_min_regions=2,
    max_charts=8,
)
POPULATION = {"Smolensk Region": 888_421, "Kaluga Region": 1_069_904, "Amur Region": 766_912,
              "Republic of Tatarstan": 4_004_809, "Tula Region": 1_501_214}  # fmt: skip
CENSUS = "2021 census (1 Oct 2021), Rosstat"
GRP = {"metric": "grp", "metric_label": "Gross regional product", "topic": "economy", "subject": "GRP"}
CLIMATE = {"metric": "investment_climate", "metric_label": "National investment climate rating",
           "topic": "investment", "kind": "rank", "unit": "rank", "period": None, "year": None}  # fmt: skip
UNEMPLOYMENT = {"metric": "unemployment", "metric_label": "Unemployment", "topic": "labour", "kind": "percent",
                "unit": "%", "period": None}  # fmt: skip

SHEETS = [
    "Overview", "Comparison", "Per capita", "Rankings", "History", "Plans", "Projects", "Charts", "Regions", "Facts",
    "Sources", "Issues",
]  # fmt: skip
NO_ISSUES = "No issues: every input was processed and every figure passed validation."


def fact(region: str = "Smolensk Region", **over: Any) -> dict[str, Any]:
    """A Facts row, by default Smolensk's approximate investment of 2024, overridable field by field."""
    approx = {
        "surface": "about 60 billion",
        "qualifier": "approx",
        "sentence": "Investment reached about 60 billion roubles.",
    }
    return factories.fact(region, **{**approx, **over})


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


def facts_rows() -> list[dict[str, Any]]:
    """Figures of four regions: compared ones, an outlier, a conflict, an index beside a change, history, a
    plan, a plant's figure, and texts that look like formulas."""
    return [
        fact(),
        fact(start=20, end=35, surface="by 40 percent", kind="change", value=40.0, unit="%", qualifier="exact",
             **GRP),
        fact(start=40, end=51, surface="fifth place", value=5.0, qualifier="exact", **CLIMATE),
        fact(start=60, end=62, surface="-2", kind="count", metric=None, metric_label=None, topic=None,
             subject="+1", value=273.0, unit="count", qualifier="exact", sentence=HYPERLINK),
        fact(start=70, end=80, surface="@SUM(A1)", value=7.1, qualifier="min", subject="\tunemployment",
             value_max=float("nan"), sentence="\rUnemployment fell to 7.1\x0c percent.", **UNEMPLOYMENT),
        fact(start=90, end=99, surface="8 percent", value=8.0, qualifier="exact", year=2024, **UNEMPLOYMENT),
        fact(meeting_date=EARLIER, doc="smolensk-2020.txt", value=1e9, qualifier="exact", year=2019,
             surface="1 billion roubles", start=5, end=22),
        fact("Kaluga Region", value=1.5e9, qualifier="exact", surface="1.5 billion roubles"),
        fact("Kaluga Region", start=40, end=51, surface="second place", value=2.0, qualifier="exact", **CLIMATE),
        fact("Kaluga Region", start=60, end=70, surface="5 percent", value=5.0, qualifier="exact", **UNEMPLOYMENT),
        fact("Republic of Tatarstan", start=20, end=35, surface="97.5 percent", kind="index", value=97.5,
             unit="%", qualifier="max", **GRP),
        fact("Republic of Tatarstan", value=9e12, qualifier="exact", surface="9 trillion roubles"),
        fact("Amur Region", value=2e11, status="plan", year=2030, qualifier="exact", surface="200 billion"),
        fact("Amur Region", start=70, end=80, value=3e10, qualifier="exact", surface="30 billion roubles"),
        fact("Tula Region", value=4e10, qualifier="exact", surface="40 billion roubles"),
        fact("Amur Region", start=50, end=60, kind="count", unit="count", value=300.0, metric="jobs",
             metric_label="Jobs created", topic="labour", scope="part", qualifier="exact", surface="300 jobs",
             subject="jobs at the new plant"),
    ]  # fmt: skip


def frames(issues: bool = True) -> dict[str, pl.DataFrame]:
    """Every frame `render_report` takes, for four Central/Volga/Far Eastern regions, passing every schema
    (a new dict each call; the frames are built once: polars frames are never changed in place)."""
    return dict(_frames(issues))


@functools.cache
def _frames(issues: bool) -> dict[str, pl.DataFrame]:
    facts = pl.DataFrame(facts_rows(), schema=build.polars_schema(FigureFrame))
    regions = pl.DataFrame(
        [
            region("Smolensk Region", documents=2, figures=7, compared=4, first=EARLIER),
            region("Kaluga Region", documents=1, figures=3, compared=3),
            region("Amur Region", documents=1, figures=3, compared=1),
            region("Republic of Tatarstan", documents=1, figures=2, compared=2),
            region("Tula Region", documents=1, figures=1, compared=1),
        ],
        infer_schema_length=None,
    )
    built = analysis.sheet_frames([], facts, ranking_min_regions=INFO.ranking_min_regions, max_charts=8)
    sources = [
        source("smolensk.txt", region="Smolensk Region", region_iso="RU-SMO", federal_district="Central",
               figures=6, title="@SUM(A1)"),
        source("smolensk-2020.txt", region="Smolensk Region", region_iso="RU-SMO", federal_district="Central",
               figures=1, meeting_date=EARLIER),
        source("kaluga.txt", region="Kaluga Region", region_iso="RU-KLU", federal_district="Central", figures=3),
        source("amur.txt", region="Amur Region", region_iso="RU-AMU", federal_district="Far Eastern", figures=3),
        source("tatarstan.txt", region="Republic of Tatarstan", region_iso="RU-TA", federal_district="Volga",
               figures=2),
        source("tula.txt", region="Tula Region", region_iso="RU-TUL", federal_district="Central", figures=1),
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
    return {
        **built.sheets(),
        "regions": regions,
        "per_capita": analysis.per_capita_frame(built.comparison, regions),
        "sources": pl.DataFrame(sources, infer_schema_length=None),
        "issues": pl.DataFrame(issue_rows if issues else [], schema=issue_schema),
    }


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_report(tmp_path_factory.mktemp("book") / "report.xlsx", info=INFO, **frames())


@pytest.fixture(scope="module")
def workbook(book_path: Path) -> openpyxl.Workbook:
    """The module's workbook, read back once (the tests only read it)."""
    return openpyxl.load_workbook(book_path)


def headers(ws: Any, row: int = 1) -> list[Any]:
    return [c.value for c in ws[row]]


def find(ws: Any, header: str, row: int = 1) -> int:
    """The column number of a header."""
    return headers(ws, row).index(header) + 1


def blocks(ws: Any) -> dict[str, dict[str, Any]]:
    """A stacked sheet's blocks by topic band: their header row, headers and region rows by name."""
    found: dict[str, dict[str, Any]] = {}
    row = 3
    while row <= ws.max_row:
        band = ws.cell(row, 1).value
        if band and ws.cell(row + 1, 1).value == "Region":
            named = [h for h in headers(ws, row + 1) if h is not None]
            block: dict[str, Any] = {"head": row + 1, "headers": named, "rows": {}}
            row += 2
            while ws.cell(row, 1).value:
                block["rows"][ws.cell(row, 1).value] = row
                row += 1
            found[band] = block
        row += 1
    return found


def value_cell(ws: Any, band: str, region_name: str, header: str) -> Any:
    """The cell of a stacked sheet under `header` in block `band`, in the row of `region_name`."""
    block = blocks(ws)[band]
    return ws.cell(block["rows"][region_name], block["headers"].index(header) + 1)


def displayed(cell: Any) -> str:
    """What a spreadsheet shows for a number cell, from its value and number format."""
    return shown(cell.value, cell.number_format)


# --- sheets and headers ----------------------------------------------------------------------------------------


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    """It writes the twelve sheets in the layout's order."""
    assert workbook.sheetnames == SHEETS


def test_headers(workbook: openpyxl.Workbook) -> None:
    """It heads each list sheet with the layout's headers, bold."""
    assert headers(workbook["Facts"]) == [
        "Region", "Meeting date", "Metric", "Subject", "Kind", "Value", "Unit", "Year", "Scope", "Status",
        "Period", "Placement", "Sentence", "Document", "Start", "End", "Per", "Qualifier", "Max value",
        "Surface", "Federal district", "Metric id",
    ]  # fmt: skip
    assert headers(workbook["Rankings"]) == [
        "Metric", "Rank", "Of", "Region", "Value", "Year", "As written", "Flag", "Meeting date", "Document",
        "Start", "End", "Topic",
    ]  # fmt: skip
    assert headers(workbook["Sources"]) == [
        "File", "Title", "Region", "Meeting date", "Figures", "Status", "Reason", "Federal district", "SHA-256",
        "Path",
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
    assert headers(workbook["History"]) == [
        "Region", "Metric", "Year", "Value", "As written", "Status", "On Comparison", "Meeting date", "Surface",
        "Document", "Start", "End",
    ]  # fmt: skip
    assert headers(workbook["Plans"]) == [
        "Region", "Metric", "Subject", "Target", "Unit", "Target year", "Kind", "Meeting date", "Sentence",
        "Document", "Start", "End",
    ]  # fmt: skip
    assert headers(workbook["Projects"]) == [
        "Region", "Subject", "Metric", "Value", "Unit", "Year", "Status", "Period", "Meeting date", "Sentence",
        "Document", "Start", "End",
    ]  # fmt: skip
    assert headers(workbook["Regions"]) == [
        "Region", "Federal district", "ISO code", "Documents", "Figures", "Compared", "First meeting",
        "Latest meeting", "Population", "Population year", "Population source",
    ]  # fmt: skip
    for name in ("Facts", "Sources", "Issues", "Rankings", "History", "Plans", "Projects", "Regions"):
        assert all(c.font.b for c in workbook[name][1]), name


# --- Comparison -------------------------------------------------------------------------------------------------


def test_comparison_stacks_one_block_per_topic(workbook: openpyxl.Workbook) -> None:
    """It writes one block per topic in taxonomy order, each with its own header row and only the regions
    with a value in it (by federal district, then name); a plan, a plant's figure and a text without a
    metric are not there."""
    ws = workbook["Comparison"]
    assert ws["A1"].value == L.COMPARISON_NOTE.format(min_regions=2)
    found = blocks(ws)
    assert list(found) == ["Economy", "Investment", "Labour and income"]
    assert found["Economy"]["headers"] == ["Region", "Federal district", "Gross regional product — change, %"]
    assert found["Investment"]["headers"][2:] == [
        "Investment volume — amount, RUB",
        "National investment climate rating — rank",
    ]
    assert list(found["Investment"]["rows"]) == [
        "Kaluga Region", "Smolensk Region", "Tula Region", "Amur Region", "Republic of Tatarstan",
    ]  # fmt: skip
    assert list(found["Economy"]["rows"]) == ["Smolensk Region", "Republic of Tatarstan"]
    assert all(r != "Amur Region" for b in ("Economy", "Labour and income") for r in found[b]["rows"])
    smolensk = found["Economy"]["rows"]["Smolensk Region"]
    assert ws.cell(smolensk, 2).value == "Central"


def test_comparison_cells_are_numbers_that_show_their_year(workbook: openpyxl.Workbook) -> None:
    """It stores numbers as numbers, formatted with their unit, qualifier marker and year: "≈ 60.0 bn (2024)";
    a figure without a year shows the month of its meeting."""
    ws = workbook["Comparison"]
    investment = value_cell(ws, "Investment", "Smolensk Region", "Investment volume — amount, RUB")
    assert (investment.value, investment.data_type) == (6e10, "n")
    assert displayed(investment) == "≈ 60.0 bn (2024)"
    assert investment.number_format == f'"≈ "{BN}" (2024)";"≈ -"{BN}" (2024)"'
    grp = value_cell(ws, "Economy", "Smolensk Region", "Gross regional product — change, %")
    assert (grp.value, displayed(grp)) == (pytest.approx(0.4), "+40.0% (2024)")
    rank = value_cell(ws, "Investment", "Kaluga Region", "National investment climate rating — rank")
    assert (rank.value, displayed(rank)) == (2, "2 (Sep 2025)")
    unemployment = value_cell(ws, "Labour and income", "Kaluga Region", "Unemployment — percent, %")
    assert unemployment.value == 0.05  # exactly, no float noise from 5 / 100


def test_an_index_beside_changes_shows_both_forms(workbook: openpyxl.Workbook) -> None:
    """It shows an index that meets changes of its metric in the change form, saying its text's form."""
    ws = workbook["Comparison"]
    tatarstan = value_cell(ws, "Economy", "Republic of Tatarstan", "Gross regional product — change, %")
    assert tatarstan.value == pytest.approx(-0.025)
    assert displayed(tatarstan) == "< index 97.5% = -2.5% (2024)"
    assert "As written: “97.5 percent”" in tatarstan.comment.text


def test_qualified_values_are_marked(workbook: openpyxl.Workbook) -> None:
    """It marks a qualified value with ≈ > < in its number format, an italic colour and its note."""
    ws = workbook["Comparison"]
    approx = value_cell(ws, "Investment", "Smolensk Region", "Investment volume — amount, RUB")
    assert approx.font.i
    assert approx.font.color.rgb.endswith(L.QUALIFIER_COLORS["approx"])
    assert "≈ about" in approx.comment.text
    exact = value_cell(ws, "Investment", "Kaluga Region", "Investment volume — amount, RUB")
    assert not exact.font.i


def test_each_value_notes_its_rank_source_and_history(workbook: openpyxl.Workbook) -> None:
    """It gives every value a note: its rank among the regions ranked, year, source with offsets, and the
    region's other figures of the column."""
    ws = workbook["Comparison"]
    kaluga = value_cell(ws, "Investment", "Kaluga Region", "Investment volume — amount, RUB").comment.text
    assert kaluga.startswith("Rank 4 of 4 regions")
    assert "Year: 2024" in kaluga
    assert "Source: kaluga.txt, characters 0–10 (meeting of 2025-09-10)" in kaluga
    smolensk = value_cell(ws, "Investment", "Smolensk Region", "Investment volume — amount, RUB").comment.text
    assert "Also:\n  1.0 bn RUB (2019), smolensk-2020.txt" in smolensk
    place = value_cell(ws, "Investment", "Kaluga Region", "National investment climate rating — rank")
    assert "Year: not stated" in place.comment.text


def test_conflicts_are_framed_in_red_and_outliers_greyed(workbook: openpyxl.Workbook) -> None:
    """It frames a conflicting value in red; it greys an outlier with a dashed orange frame and says it is
    not ranked; other values keep no frame."""
    ws = workbook["Comparison"]
    conflict = value_cell(ws, "Labour and income", "Smolensk Region", "Unemployment — percent, %")
    assert conflict.border.left.color.rgb.endswith(L.CONFLICT_COLOR)
    assert conflict.border.top.style == "medium"
    assert "CONFLICT" in conflict.comment.text
    outlier = value_cell(ws, "Investment", "Republic of Tatarstan", "Investment volume — amount, RUB")
    assert outlier.border.top.style == "mediumDashed"
    assert outlier.fill.fgColor.rgb.endswith(L.OUTLIER_FILL)
    assert outlier.comment.text.startswith("OUTLIER: 225× the column's median; not ranked")
    plain = value_cell(ws, "Investment", "Kaluga Region", "Investment volume — amount, RUB")
    assert plain.border.top is None or plain.border.top.style is None
    assert "CONFLICT" not in plain.comment.text


def test_colour_scales_per_column_leave_outliers_out(workbook: openpyxl.Workbook) -> None:
    """It gives each column with two ranked values or more its own colour scale over those cells only;
    changes diverge at zero."""
    ws = workbook["Comparison"]
    scales = {
        str(rng.sqref): rules[0].colorScale for rng, rules in ws.conditional_formatting._cf_rules.items()
    }
    ranked = ("Kaluga Region", "Smolensk Region", "Tula Region", "Amur Region")  # the outlier is left out
    investment = [
        value_cell(ws, "Investment", r, "Investment volume — amount, RUB").coordinate for r in ranked
    ]
    level = scales[" ".join(investment)]
    assert [c.rgb[-6:] for c in level.color] == [L.SCALE_LOW, L.SCALE_HIGH]
    grp = [value_cell(ws, "Economy", r, "Gross regional product — change, %").coordinate
           for r in ("Smolensk Region", "Republic of Tatarstan")]  # fmt: skip
    change = scales[" ".join(grp)]
    assert [v.type for v in change.cfvo] == ["min", "num", "max"]
    assert [c.rgb[-6:] for c in change.color] == [L.SCALE_FALL, L.SCALE_LOW, L.SCALE_RISE]


def test_comparison_prints_one_page_wide_with_its_note_on_every_page(workbook: openpyxl.Workbook) -> None:
    """It prints Comparison in landscape at a scale at which its widest block fits across the page, the note
    repeated on every page."""
    ws = workbook["Comparison"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    assert pages.width_pt(widths) * ws.page_setup.scale / 100 <= pages.PRINTABLE_WIDTH_PT
    assert ws.page_setup.scale >= L.MIN_PRINT_SCALE


def test_blocks_split_where_a_topic_is_wider_than_a_page() -> None:
    """It splits a topic's columns into blocks that each fit across a landscape page at the minimum scale."""
    columns = [matrix.Column(f"k{i}", "economy", f"h{i}", "amount", "RUB") for i in range(20)]
    columns += [matrix.Column("x", "industry", "x", "amount", "RUB")]
    grouped = matrix.blocks(columns, fixed_width=40, value_width=20)
    assert [len(b) for b in grouped[:-1]] == [len(grouped[0])] * (len(grouped) - 1) or len(
        grouped[-2]
    ) <= len(grouped[0])
    assert [c.key for c in grouped[-1]] == ["x"]
    for block in grouped:
        assert (
            pages.width_pt([40.0] + [20.0] * len(block)) * L.MIN_PRINT_SCALE / 100 <= pages.PRINTABLE_WIDTH_PT
        )
    assert sum(len(b) for b in grouped) == 21


def test_a_block_longer_than_a_page_repeats_its_header(tmp_path: Path) -> None:
    """It breaks pages between blocks and inside a block too long for one page, where it repeats the
    block's band and header."""
    names = [f"Region {i:03d}" for i in range(120)]
    values = {(n, "k"): matrix.Value(float(i), "#,##0", "exact", "note") for i, n in enumerate(names)}
    regions = {n: {"region": n, "federal_district": "Central"} for n in names}
    wb = openpyxl.Workbook()
    grid = matrix.Grid("A note.", L.COMPARISON_REGION_COLUMNS, regions,
                       [matrix.Column("k", "economy", "Metric — amount, RUB", "amount", "RUB")], values)  # fmt: skip
    matrix.stacked(wb.active, grid)
    ws = wb.active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "120 regions do not fit one page"
    for brk in breaks:
        assert ws.cell(brk + 1, 1).value == "Economy" + L.CONTINUED
        assert ws.cell(brk + 2, 1).value == "Region"
    per_page = pages.PRINTABLE_HEIGHT_PT * 100 / ws.page_setup.scale / L.LINE_HEIGHT
    assert breaks[0] <= per_page


# --- Per capita, Rankings, History, Plans, Projects, Charts --------------------------------------------------------


def test_per_capita(workbook: openpyxl.Workbook) -> None:
    """It divides the per-capita columns by population, states the population and its source, and flags a
    value per resident far outside the others."""
    ws = workbook["Per capita"]
    assert CENSUS in ws["A1"].value
    found = blocks(ws)
    assert list(found) == ["Investment"]
    assert found["Investment"]["headers"] == ["Region", "Population", "Investment volume — RUB per resident"]
    rows = found["Investment"]["rows"]
    assert set(rows) == {
        "Kaluga Region",
        "Smolensk Region",
        "Tula Region",
        "Amur Region",
        "Republic of Tatarstan",
    }
    assert ws.cell(rows["Smolensk Region"], 2).value == 888_421
    value = ws.cell(rows["Smolensk Region"], 3)
    assert value.value == pytest.approx(6e10 / 888_421)
    assert displayed(value) == "≈ 67,536 (2024)"
    assert "÷ 888,421 residents (2021)" in value.comment.text
    assert "Rank 1 of 4 regions per resident" in value.comment.text
    assert "OUTLIER" in ws.cell(rows["Republic of Tatarstan"], 3).comment.text


def test_rankings(workbook: openpyxl.Workbook) -> None:
    """It lists every Comparison cell by column and place, outliers last and flagged, with the text's own
    form where it was converted, and the source with its offsets."""
    ws = workbook["Rankings"]
    rows = [dict(zip(headers(ws), (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert [(r["Metric"], r["Rank"], r["Of"], r["Region"], r["Flag"]) for r in rows] == [
        ("Gross regional product — change, %", 1, 2, "Smolensk Region", None),
        ("Gross regional product — change, %", 2, 2, "Republic of Tatarstan", None),
        ("Investment volume — amount, RUB", 1, 4, "Smolensk Region", None),
        ("Investment volume — amount, RUB", 2, 4, "Tula Region", None),
        ("Investment volume — amount, RUB", 3, 4, "Amur Region", None),
        ("Investment volume — amount, RUB", 4, 4, "Kaluga Region", None),
        ("Investment volume — amount, RUB", None, 4, "Republic of Tatarstan", "outlier: not ranked"),
        ("National investment climate rating — rank", 1, 2, "Kaluga Region", None),
        ("National investment climate rating — rank", 2, 2, "Smolensk Region", None),
        ("Unemployment — percent, %", 1, 2, "Smolensk Region", "conflict"),
        ("Unemployment — percent, %", 2, 2, "Kaluga Region", None),
    ]
    assert rows[1]["As written"] == "index 97.5%"
    assert (rows[5]["Document"], rows[5]["Start"], rows[5]["End"]) == ("kaluga.txt", 0, 10)
    assert ws.cell(3, find(ws, "Value")).number_format == '"< "+0.0%;"< "-0.0%;"< "0.0%'
    assert ws.cell(2, 1).font.b and not ws.cell(3, 1).font.b  # each metric's first row opens its block
    assert ws.auto_filter.ref == "A1:M12"
    assert ws.freeze_panes == "B2"


def test_history(workbook: openpyxl.Workbook) -> None:
    """It lists each region's figures of a column with several, the one on Comparison first."""
    ws = workbook["History"]
    rows = [dict(zip(headers(ws), (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert [
        (r["Region"], r["Metric"], r["Year"], r["Status"], r["On Comparison"], r["Document"]) for r in rows
    ] == [
        (
            "Smolensk Region",
            "Investment volume — amount, RUB",
            2024,
            "actual",
            "shown",
            "smolensk.txt",
        ),
        ("Smolensk Region", "Investment volume — amount, RUB", 2019, "actual", None, "smolensk-2020.txt"),
        ("Smolensk Region", "Unemployment — percent, %", 2024, "actual", "shown", "smolensk.txt"),
        ("Smolensk Region", "Unemployment — percent, %", 2024, "actual", None, "smolensk.txt"),
    ]


def test_plans_and_projects(workbook: openpyxl.Workbook) -> None:
    """It lists a region's target with its target year on Plans and a plant's figure on Projects."""
    plans = workbook["Plans"]
    row = dict(zip(headers(plans), (c.value for c in plans[2]), strict=True))
    assert (row["Region"], row["Target"], row["Target year"], row["Document"]) == (
        "Amur Region", 2e11, 2030, "amur.txt",
    )  # fmt: skip
    assert shown(
        plans.cell(2, find(plans, "Target")).value, plans.cell(2, find(plans, "Target")).number_format
    ) == ("200.0 bn")
    assert plans.max_row == 2
    projects = workbook["Projects"]
    row = dict(zip(headers(projects), (c.value for c in projects[2]), strict=True))
    assert (row["Region"], row["Subject"], row["Value"], row["Status"]) == (
        "Amur Region", "jobs at the new plant", 300, "actual",
    )  # fmt: skip


def test_charts(workbook: openpyxl.Workbook) -> None:
    """It draws one bar chart per ranked column beside its data table, bars by place, outliers left out."""
    ws = workbook["Charts"]
    assert len(ws._charts) == 4
    chart = ws._charts[0]
    assert (chart.tagname, chart.type) == ("barChart", "bar")
    assert chart.series[0].val.numRef.f == "'Charts'!$C$5:$C$8"  # the most-reported column first
    assert chart.series[0].cat.numRef.f == "'Charts'!$B$5:$B$8"
    titles = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Investment volume — amount, RUB (4 regions)" in titles
    bars = [(ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(1, ws.max_row + 1)]
    assert ("Republic of Tatarstan", 9e12) not in bars  # the outlier has no bar
    assert ("Kaluga Region", 1.5e9) in bars


# --- Overview and Regions ------------------------------------------------------------------------------------------


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
    assert values["Compared"] == (
        "6 documents from 5 regions; 11 values in 4 columns (1 flagged as outliers, 4 columns charted)"
    )
    assert values["Kept apart"] == (
        "4 figures on History, 1 plan on Plans, 1 figure on Projects; 0 figures of columns with fewer than 2 "
        "regions on Facts only"
    )
    assert (values["Conflicts"], values["Issues"]) == (1, 2)
    assert values["Batch size"] == 64
    assert values["Comparison"] == "columns reported by at least 2 regions"
    links = {c.value: c.hyperlink.location for (c,) in ws.iter_rows(max_col=1) if c.hyperlink}
    assert set(links) == set(SHEETS[1:])  # every sheet is explained, with a link to it
    assert links["Per capita"] == "'Per capita'!A1"
    assert values["What compares"].startswith("Two figures stand in one column")
    markers = [row[0] for row in ws.iter_rows(max_col=1) if row[0].number_format.startswith('"')]
    assert [m.number_format[:3] for m in markers] == ['"≈ ', '"> ', '"< ']
    assert {"<Metric> — <kind>, <unit>", "Scope", "Placement", "Overrides"} <= set(values)


def test_regions_sheet_and_the_overview_chart(workbook: openpyxl.Workbook) -> None:
    """It lists every region with its coverage and population, and the Overview charts its Figures column."""
    ws = workbook["Regions"]
    rows = [[ws.cell(r, c).value for c in range(1, 7)] for r in range(2, ws.max_row + 1)]
    assert rows == [
        ["Kaluga Region", "Central", "RU-KLU", 1, 3, 3],
        ["Smolensk Region", "Central", "RU-SMO", 2, 7, 4],
        ["Tula Region", "Central", "RU-TUL", 1, 1, 1],
        ["Amur Region", "Far Eastern", "RU-AMU", 1, 3, 1],
        ["Republic of Tatarstan", "Volga", "RU-TA", 1, 2, 2],
    ]
    chart = workbook["Overview"]._charts[0]
    assert chart.type == "col"
    assert chart.series[0].val.numRef.f == "'Regions'!$E$2:$E$6"
    assert chart.series[0].cat.numRef.f == "'Regions'!$A$2:$A$6"


# --- Facts, Sources, Issues -------------------------------------------------------------------------------------


def test_facts_numbers_dates_and_placements(workbook: openpyxl.Workbook) -> None:
    """It writes Facts values with their unit's format and marker, dates as dates, years without separators,
    each figure as its text gave it, and where it went, coloured."""
    ws = workbook["Facts"]
    value, date_col, year = find(ws, "Value"), find(ws, "Meeting date"), find(ws, "Year")
    by_surface = {ws.cell(r, find(ws, "Surface")).value: r for r in range(2, ws.max_row + 1)}
    r = by_surface["about 60 billion"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (6e10, f'"≈ "{BN};"≈ -"{BN}')
    assert ws.cell(r, date_col).value == datetime(2025, 9, 10)
    assert ws.cell(r, date_col).number_format == "yyyy-mm-dd"
    assert (ws.cell(r, year).value, ws.cell(r, year).number_format) == (2024, "0")
    placement = find(ws, "Placement")
    assert ws.cell(r, placement).value == "Comparison"
    assert ws.cell(r, placement).fill.fgColor.rgb.endswith(L.PLACEMENT_STYLES["Comparison"][0])
    r = by_surface["by 40 percent"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (
        pytest.approx(0.4),
        "+0.0%;-0.0%;0.0%",
    )
    r = by_surface["97.5 percent"]
    assert (ws.cell(r, find(ws, "Kind")).value, ws.cell(r, value).value) == ("index", pytest.approx(0.975))
    assert ws.cell(by_surface["200 billion"], placement).value == "Plans"
    assert ws.cell(by_surface["300 jobs"], placement).value == "Projects"
    assert ws.cell(by_surface["300 jobs"], find(ws, "Scope")).value == "part"
    r = by_surface["-2"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (273, "#,##0")
    assert ws.cell(r, find(ws, "Metric")).value is None
    assert ws.cell(r, placement).value == "Facts only: no metric"
    r = by_surface["@SUM(A1)"]
    assert ws.cell(r, find(ws, "Max value")).value is None  # NaN is never written


def test_facts_table_and_print_area(workbook: openpyxl.Workbook) -> None:
    """It lays a banded Excel table over Facts, wraps the sentence in view, and prints the figure, its
    placement, sentence and source, one page wide."""
    ws = workbook["Facts"]
    table = ws.tables["Facts"]
    assert table.ref == f"A1:V{ws.max_row}"  # the 22 columns of Facts
    assert table.tableStyleInfo.showRowStripes
    sentence = find(ws, "Sentence")
    assert ws.column_dimensions[get_column_letter(sentence)].width <= L.SENTENCE_WIDTH
    assert ws.cell(2, sentence).alignment.wrap_text
    assert ws.print_area == f"'Facts'!$A$1:$P${ws.max_row}"  # Region to End
    assert headers(ws)[15] == "End"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"


def test_list_sheets_print_one_page_wide_with_their_header_on_every_page(workbook: openpyxl.Workbook) -> None:
    """It prints every list sheet in landscape, one page wide, its header row repeated, with a footer."""
    for name in ("Rankings", "History", "Plans", "Projects", "Regions", "Facts", "Sources", "Issues"):
        ws = workbook[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.oddFooter.center.text == pages.FOOTER, name


def test_frozen_panes_and_filters(workbook: openpyxl.Workbook) -> None:
    """It freezes the headers and puts a filter on every list sheet (the Facts table carries its own)."""
    assert workbook["Facts"].freeze_panes == "B2"
    assert workbook["Sources"].freeze_panes == "B2"
    assert workbook["Issues"].freeze_panes == "A2"
    assert workbook["History"].freeze_panes == "B2"
    assert workbook["Sources"].auto_filter.ref == "A1:J9"
    assert workbook["Issues"].auto_filter.ref == "A1:G3"
    assert workbook["Plans"].auto_filter.ref == "A1:L2"
    assert workbook["Facts"].tables["Facts"].autoFilter.ref == f"A1:V{workbook['Facts'].max_row}"


def test_column_widths_are_bounded(workbook: openpyxl.Workbook) -> None:
    """It fits column widths to content within 8..60 characters, wrapped text within its layout width."""
    for name in ("Comparison", "Per capita", "Rankings", "History", "Facts", "Sources", "Issues", "Regions"):
        widths = [d.width for d in workbook[name].column_dimensions.values() if d.width]
        assert widths, name
        assert all(8 <= w <= max(L.SENTENCE_WIDTH, L.MESSAGE_WIDTH) for w in widths), name


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
    assert all(c.value != NO_ISSUES for row in ws.iter_rows() for c in row)


def test_issues_note_when_empty(tmp_path: Path) -> None:
    """It puts an italic note under the Issues header when there are no issues, outside the filter range."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames(issues=False))
    ws = openpyxl.load_workbook(path)["Issues"]
    assert ws.auto_filter.ref == "A1:G1"
    assert ws["A2"].value == NO_ISSUES
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
        schema=build.polars_schema(FigureFrame),
    ).with_columns(pl.lit("Comparison").alias("placement"))
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
    facts = workbook["Facts"]
    columns = [find(facts, h) for h in ("Region", "Metric", "Subject", "Placement", "Sentence")]
    widths = [facts.column_dimensions[get_column_letter(c)].width for c in columns]
    for r in range(2, facts.max_row + 1):
        texts = [facts.cell(r, c).value for c in columns]
        lines = max(C.lines(t, w) for t, w in zip(texts, widths, strict=True) if isinstance(t, str))
        assert (facts.row_dimensions[r].height or L.LINE_HEIGHT) >= L.LINE_HEIGHT * lines
    assert any(facts.row_dimensions[r].height for r in range(2, facts.max_row + 1))


def test_list_sheets_span_many_chunks(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It writes the same rows however many chunks they are written in, and declares each sheet's extent."""
    monkeypatch.setattr(stream, "CHUNK_ROWS", 3)
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    chunked, whole = openpyxl.load_workbook(path), openpyxl.load_workbook(book_path)
    expected = {L.RANKINGS: 12, L.FACTS: 17, L.SOURCES: 9, L.ISSUES: 3, L.HISTORY: 5}
    for name, count in expected.items():
        rows = [list(wb[name].iter_rows(values_only=True)) for wb in (chunked, whole)]
        assert rows[0] == rows[1], name
        assert len(rows[0]) == count, name
    lazy = openpyxl.load_workbook(path, read_only=True)  # reads each sheet's extent from the file
    assert {name: lazy[name].max_row for name in expected} == expected


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
    assert openpyxl.load_workbook(path)["Issues"]["A2"].value == NO_ISSUES
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
        ("history", "status", "plan"),
        ("plans", "scope", "part"),
        ("facts", "placement", "nowhere"),
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
    del given["history"]
    with pytest.raises(TypeError, match="history"):
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
    assert value_cell(ws, "Investment", "Smolensk Region", "Investment volume — amount, RUB").value == 6e10
    assert "Kaluga Region" not in blocks(ws)["Investment"]["rows"] or (
        value_cell(ws, "Investment", "Kaluga Region", "Investment volume — amount, RUB").value is None
    )
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
    assert wb.sheetnames == SHEETS
    assert blocks(wb["Comparison"]) == {}
    assert wb["Comparison"]["A3"].value == "No column is reported by enough regions."
    assert wb["Facts"].tables["Facts"].ref == "A1:V2"
    assert wb["Issues"]["A2"].value == NO_ISSUES
    assert (
        wb["History"]["A2"].value == "No region has more than one comparable figure for a Comparison column."
    )
    assert wb["Plans"]["A2"].value == "No region-wide plan, target or forecast was found."
    assert wb["Charts"]["A3"].value == "No column is reported by enough regions for a chart (see Rankings)."
    assert not wb["Overview"]._charts and not wb["Charts"]._charts


# --- number formats ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit", "value", "qualifier", "fmt", "text"),
    [
        ("amount", "RUB", 6e10, "approx", f'"≈ "{BN};"≈ -"{BN}', "≈ 60.0 bn"),
        ("amount", "RUB", 1.7e12, "exact", '#,##0.00,,,," tn"', "1.70 tn"),
        ("amount", "RUB", 2.5e6, "exact", '#,##0.0,," mn"', "2.5 mn"),
        ("amount", "t", 1234.5, "exact", "#,##0.0#", "1,234.50"),
        ("change", "%", -2.5, "max", '"< "+0.0%;"< "-0.0%;"< "0.0%', "< -2.5%"),
        ("change", "%", 4.0, "exact", "+0.0%;-0.0%;0.0%", "+4.0%"),
        ("index", "%", 105.0, "exact", "0.0%", "105.0%"),
        ("percent", "%", 7.1, "min", '"> "0.0%;"> -"0.0%', "> 7.1%"),
        ("change", "pp", 1.5, "min", '"> "+0.0" pp";"> "-0.0" pp";"> "0.0" pp"', "> +1.5 pp"),
        ("count", "count", 4000, "min", '"> "#,##0;"> -"#,##0', "> 4,000"),
        ("count", "count", -3, "exact", "#,##0", "-3"),
        ("rank", "rank", 5, "exact", "0", "5"),
        ("change", "x", 2.0, "exact", '0.0"×"', "2.0×"),
    ],
)
def test_number_formats(kind: str, unit: str, value: float, qualifier: str, fmt: str, text: str) -> None:
    """It formats each kind and unit for reading, with the qualifier's marker before the number, and says
    what a spreadsheet shows for it."""
    assert number_format(kind, unit, value, qualifier) == fmt
    stored = value / 100 if unit == "%" else value
    assert shown(stored, fmt) == text


def test_text_around_a_number_keeps_the_cell_a_number() -> None:
    """It puts text before and after the number in every section of a format, the sign after the text."""
    fmt = C.decorate(L.FMT_COUNT, "≈ ", " (2024)")
    assert fmt == '"≈ "#,##0" (2024)";"≈ -"#,##0" (2024)"'
    assert (shown(1500, fmt), shown(-1500, fmt)) == ("≈ 1,500 (2024)", "≈ -1,500 (2024)")
    assert C.decorate(L.FMT_COUNT) == L.FMT_COUNT
    converted = C.decorate(L.FMT_CHANGE_PERCENT, "index 105.0% = ", " (2024)")
    assert shown(0.05, converted) == "index 105.0% = +5.0% (2024)"
    assert shown(0.0, converted) == "index 105.0% = 0.0% (2024)"
