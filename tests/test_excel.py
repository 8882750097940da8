"""The Excel renderer: small hand-made frames that pass their schemas, rendered to tmp_path and read back.

Tests compare cell values and styles, never bytes: openpyxl stamps the save time into every file.
"""

from __future__ import annotations

import math
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandera.errors
import polars as pl
import pytest
from pandera.config import config_context

from regional_report.excel import RunInfo, build_workbook, render_report, write_workbook
from regional_report.excel import layout as L

SHA = "a" * 64
MEETING = date(2025, 9, 10)
HYPERLINK = '=HYPERLINK("http://x","y")'
INFO = RunInfo(
    generated_at=datetime(2025, 9, 12, 8, 30, tzinfo=UTC),
    inputs=("seeds/",),
    documents_read=5,
    documents_processed=3,
    documents_quarantined=1,
    figures=6,
    figures_quarantined=1,
    extractor_version="0.1.0",
)

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
    "sentence": pl.String,
}


def fact(**over: Any) -> dict[str, Any]:
    """A Facts row for Smolensk, overridable field by field."""
    row: dict[str, Any] = {
        "region": "Smolensk Region",
        "region_iso": "RU-SMO",
        "federal_district": "Central",
        "meeting_date": MEETING,
        "doc": "smolensk.txt",
        "doc_sha256": SHA,
        "start": 0,
        "end": 10,
        "surface": "about 60 billion",
        "kind": "amount",
        "metric": "investment",
        "metric_label": "Investment volume",
        "topic": "investment",
        "subject": "investment",
        "value": 6e10,
        "value_max": None,
        "unit": "RUB",
        "qualifier": "approx",
        "year": 2024,
        "sentence": "Investment reached about 60 billion roubles.",
    }
    row.update(over)
    return row


def cell(region: str, key: str, value: float, qualifier: str = "exact", **over: Any) -> dict[str, Any]:
    """A Comparison cell in long form; the key is metric|kind|unit."""
    metric, kind, unit = key.split("|")
    label, topic = {
        "investment": ("Investment volume", "investment"),
        "grp": ("Gross regional product", "economy"),
        "investment_climate": ("National investment climate rating", "investment"),
        "unemployment": ("Unemployment", "labour"),
    }[metric]
    iso, district = {
        "Smolensk Region": ("RU-SMO", "Central"),
        "Kaluga Region": ("RU-KLU", "Central"),
        "Republic of Tatarstan": ("RU-TA", "Volga"),
    }[region]
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
    }
    row.update(over)
    return row


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
    """Frames for three Central/Volga/Far Eastern regions that pass every schema."""
    facts = [
        fact(),
        fact(
            start=20,
            end=35,
            surface="by 40 percent",
            kind="change",
            metric="grp",
            topic="economy",
            metric_label="Gross regional product",
            subject="GRP",
            value=40.0,
            unit="%",
            qualifier="exact",
        ),
        fact(
            start=40,
            end=51,
            surface="fifth place",
            kind="rank",
            metric="investment_climate",
            value=5.0,
            metric_label="National investment climate rating",
            unit="rank",
            qualifier="exact",
            year=None,
        ),
        fact(
            start=60,
            end=62,
            surface="-2",
            kind="count",
            metric=None,
            metric_label=None,
            topic=None,
            subject="+1",
            value=273.0,
            unit="count",
            qualifier="exact",
            sentence=HYPERLINK,
        ),
        fact(
            start=70,
            end=80,
            surface="@SUM(A1)",
            kind="percent",
            metric="unemployment",
            topic="labour",
            metric_label="Unemployment",
            subject="\tunemployment",
            value=7.1,
            unit="%",
            qualifier="min",
            value_max=float("nan"),
            sentence="\rUnemployment fell to 7.1\x0c percent.",
        ),
        fact(
            region="Kaluga Region",
            region_iso="RU-KLU",
            doc="kaluga.txt",
            value=1.5e9,
            qualifier="exact",
            surface="1.5 billion roubles",
        ),
    ]
    comparison = [
        cell("Smolensk Region", "investment|amount|RUB", 6e10, "approx"),
        cell("Smolensk Region", "grp|change|%", 40.0),
        cell("Smolensk Region", "investment_climate|rank|rank", 5.0, year=None),
        cell("Smolensk Region", "unemployment|percent|%", 7.1, "min"),
        cell("Kaluga Region", "investment|amount|RUB", 1.5e9),
        cell("Republic of Tatarstan", "grp|change|%", -2.5, "max"),
    ]
    sources = [
        source(
            "smolensk.txt",
            region="Smolensk Region",
            region_iso="RU-SMO",
            federal_district="Central",
            figures=5,
            title="@SUM(A1)",
        ),
        source(
            "kaluga.txt", region="Kaluga Region", region_iso="RU-KLU", federal_district="Central", figures=1
        ),
        source("amur.txt", region="Amur Region", region_iso="RU-AMU", federal_district="Far Eastern"),
        source(
            "tatarstan.txt",
            region="Republic of Tatarstan",
            region_iso="RU-TA",
            federal_district="Volga",
            figures=1,
        ),
        source("broken.txt", status="quarantined", meeting_date=None, reason="=cmd|' /C calc'!A0"),
        source("copy.txt", status="duplicate"),
    ]
    issue_rows = (
        [
            {
                "stage": "read",
                "doc": "broken.txt",
                "check": "decode",
                "column": None,
                "value": None,
                "message": "not UTF-8",
            }
        ]
        if issues
        else []
    )
    issue_schema = dict.fromkeys(("stage", "doc", "check", "column", "value", "message"), pl.String)
    return {
        "facts": pl.DataFrame(facts, schema=FACT_SCHEMA),
        "comparison": pl.DataFrame(comparison, infer_schema_length=None),
        "sources": pl.DataFrame(sources, infer_schema_length=None),
        "issues": pl.DataFrame(issue_rows, schema=issue_schema),
    }


@pytest.fixture
def workbook(tmp_path: Path) -> openpyxl.Workbook:
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    return openpyxl.load_workbook(path)


def headers(ws: Any, row: int = 1) -> list[Any]:
    return [c.value for c in ws[row]]


def find(ws: Any, header: str, row: int = 1) -> int:
    """The column number of a header."""
    return headers(ws, row).index(header) + 1


def comparison_rows(ws: Any) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(L.COMPARISON_FIRST_DATA_ROW, ws.max_row + 1)}


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    """It writes Overview, Comparison, Facts, Sources and Issues, in that order."""
    assert workbook.sheetnames == ["Overview", "Comparison", "Facts", "Sources", "Issues"]


def test_headers(workbook: openpyxl.Workbook) -> None:
    """It heads each data sheet with the layout's headers, bold."""
    assert headers(workbook["Facts"]) == [
        "Region", "Federal district", "Meeting date", "Metric", "Metric id", "Subject", "Kind", "Value",
        "Max value", "Unit", "Qualifier", "Year", "Surface", "Sentence", "Document", "Start", "End",
    ]  # fmt: skip
    assert headers(workbook["Sources"]) == [
        "File", "Path", "SHA-256", "Title", "Region", "Federal district", "Meeting date", "Figures", "Status",
        "Reason",
    ]  # fmt: skip
    assert headers(workbook["Issues"]) == ["Stage", "Document", "Check", "Column", "Value", "Message"]
    assert headers(workbook["Comparison"], 2)[:3] == ["Region", "Federal district", "ISO code"]
    for name in ("Facts", "Sources", "Issues"):
        assert all(c.font.b for c in workbook[name][1])


def test_comparison_headers_and_topics(workbook: openpyxl.Workbook) -> None:
    """It heads each (metric, kind, unit) column with label, kind and unit, under its topic, in taxonomy order."""
    ws = workbook["Comparison"]
    assert headers(ws, 2)[3:] == [
        "Gross regional product — change, %",
        "Investment volume — amount, RUB",
        "National investment climate rating — rank",
        "Unemployment — percent, %",
    ]
    assert [ws.cell(1, c).value for c in range(4, 8)] == ["Economy", "Investment", None, "Labour and income"]
    assert "E1:F1" in {str(r) for r in ws.merged_cells.ranges}


def test_comparison_rows(workbook: openpyxl.Workbook) -> None:
    """It gives one row per processed region, by federal district then name, reported or not."""
    ws = workbook["Comparison"]
    rows = [
        [ws.cell(r, c).value for c in range(1, 4)] for r in range(L.COMPARISON_FIRST_DATA_ROW, ws.max_row + 1)
    ]
    assert rows == [
        ["Kaluga Region", "Central", "RU-KLU"],
        ["Smolensk Region", "Central", "RU-SMO"],
        ["Amur Region", "Far Eastern", "RU-AMU"],
        ["Republic of Tatarstan", "Volga", "RU-TA"],
    ]
    amur = comparison_rows(ws)["Amur Region"]
    assert all(ws.cell(amur, c).value is None for c in range(4, 8))


def test_comparison_numbers(workbook: openpyxl.Workbook) -> None:
    """It stores numbers as numbers: RUB with a " bn" format, percent as a fraction, ranks as places."""
    ws = workbook["Comparison"]
    rows = comparison_rows(ws)
    smolensk, kaluga = rows["Smolensk Region"], rows["Kaluga Region"]
    investment = ws.cell(smolensk, find(ws, "Investment volume — amount, RUB", 2))
    assert investment.value == 6e10
    assert investment.data_type == "n"
    assert investment.number_format == '#,##0.0,,," bn"'
    grp = ws.cell(smolensk, find(ws, "Gross regional product — change, %", 2))
    assert grp.value == pytest.approx(0.4)
    assert grp.number_format == "0.0%"
    unemployment = ws.cell(smolensk, find(ws, "Unemployment — percent, %", 2))
    assert unemployment.value == 0.071  # exactly, no float noise from 7.1 / 100
    rank = ws.cell(smolensk, find(ws, "National investment climate rating — rank", 2))
    assert (rank.value, rank.number_format) == (5, "0")
    assert ws.cell(kaluga, find(ws, "Investment volume — amount, RUB", 2)).value == 1.5e9


def test_qualified_values_are_marked(workbook: openpyxl.Workbook) -> None:
    """It marks an approximate, minimum or maximum value with a comment and an italic colour, not with text."""
    ws = workbook["Comparison"]
    rows = comparison_rows(ws)
    approx = ws.cell(rows["Smolensk Region"], find(ws, "Investment volume — amount, RUB", 2))
    assert approx.data_type == "n"
    assert approx.comment is not None
    assert "about" in approx.comment.text
    assert "2024" in approx.comment.text
    assert "smolensk.txt" in approx.comment.text
    assert approx.font.i
    assert approx.font.color.rgb.endswith(L.QUALIFIER_COLORS["approx"])
    at_most = ws.cell(rows["Republic of Tatarstan"], find(ws, "Gross regional product — change, %", 2))
    assert at_most.comment is not None
    assert "at most" in at_most.comment.text
    exact = ws.cell(rows["Kaluga Region"], find(ws, "Investment volume — amount, RUB", 2))
    assert exact.comment is None
    assert not exact.font.i


def test_facts_numbers_and_dates(workbook: openpyxl.Workbook) -> None:
    """It writes Facts values with their unit's format, dates as dates and years without separators."""
    ws = workbook["Facts"]
    value, date_col, year = find(ws, "Value"), find(ws, "Meeting date"), find(ws, "Year")
    by_surface = {ws.cell(r, find(ws, "Surface")).value: r for r in range(2, ws.max_row + 1)}
    r = by_surface["about 60 billion"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (6e10, '#,##0.0,,," bn"')
    assert ws.cell(r, date_col).value == datetime(2025, 9, 10)
    assert ws.cell(r, date_col).number_format == "yyyy-mm-dd"
    assert (ws.cell(r, year).value, ws.cell(r, year).number_format) == (2024, "0")
    r = by_surface["by 40 percent"]
    assert ws.cell(r, value).value == pytest.approx(0.4)
    assert ws.cell(r, value).number_format == "0.0%"
    r = by_surface["1.5 billion roubles"]
    assert ws.cell(r, value).number_format == '#,##0.0,,," bn"'
    r = by_surface["-2"]
    assert (ws.cell(r, value).value, ws.cell(r, value).number_format) == (273, "#,##0")
    assert ws.cell(r, find(ws, "Metric")).value is None
    r = by_surface["@SUM(A1)"]
    assert ws.cell(r, find(ws, "Max value")).value is None  # NaN is never written


def test_frozen_panes_and_filters(workbook: openpyxl.Workbook) -> None:
    """It freezes the headers and puts a filter on every data sheet (the Facts table carries its own)."""
    assert workbook["Comparison"].freeze_panes == "D3"
    assert workbook["Facts"].freeze_panes == "B2"
    assert workbook["Sources"].freeze_panes == "B2"
    assert workbook["Issues"].freeze_panes == "A2"
    assert workbook["Comparison"].auto_filter.ref == "A2:G6"
    assert workbook["Sources"].auto_filter.ref == "A1:J7"
    assert workbook["Issues"].auto_filter.ref == "A1:F2"
    assert workbook["Facts"].tables["Facts"].autoFilter.ref == "A1:Q7"


def test_facts_table(workbook: openpyxl.Workbook) -> None:
    """It lays a banded Excel table over the Facts range and wraps a wide Sentence column."""
    ws = workbook["Facts"]
    table = ws.tables["Facts"]
    assert table.ref == "A1:Q7"
    assert table.tableStyleInfo.name == "tableStyleMedium2"
    assert table.tableStyleInfo.showRowStripes
    sentence = find(ws, "Sentence")
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(sentence)].width == 80
    assert ws.cell(2, sentence).alignment.wrap_text


def test_column_widths_are_bounded(workbook: openpyxl.Workbook) -> None:
    """It fits column widths to content within 8..60 characters, except the 80-wide sentence."""
    for name in ("Comparison", "Facts", "Sources", "Issues"):
        widths = [d.width for d in workbook[name].column_dimensions.values() if d.width]
        assert widths
        assert all(8 <= w <= 80 for w in widths)
        assert all(w <= 60 for w in widths if w != 80)


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    """It stores document text that looks like a formula as plain strings, and writes no formula at all."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    wb = openpyxl.load_workbook(path)
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
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name)


def test_illegal_characters_are_replaced(workbook: openpyxl.Workbook) -> None:
    """It replaces characters XML cannot carry instead of failing, and keeps a leading CR as text."""
    ws = workbook["Facts"]
    sentences = [ws.cell(r, find(ws, "Sentence")).value for r in range(2, ws.max_row + 1)]
    assert "\rUnemployment fell to 7.1  percent." in sentences


def test_issues_note_when_empty(tmp_path: Path) -> None:
    """It puts an italic note under the Issues header when there are no issues, outside the filter range."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames(issues=False))
    ws = openpyxl.load_workbook(path)["Issues"]
    assert ws.auto_filter.ref == "A1:F1"
    assert ws["A2"].value == L.NO_ISSUES
    assert ws["A2"].font.i
    assert ws.max_row == 2


def test_no_issues_note_when_there_are_issues(workbook: openpyxl.Workbook) -> None:
    """It writes issue rows as data and no note when there are issues."""
    ws = workbook["Issues"]
    assert [c.value for c in ws[2]] == ["read", "broken.txt", "decode", None, None, "not UTF-8"]
    assert all(c.value != L.NO_ISSUES for row in ws.iter_rows() for c in row)


def test_sources_status_colours(workbook: openpyxl.Workbook) -> None:
    """It colours each status cell: processed green, quarantined red, duplicate grey."""
    ws = workbook["Sources"]
    status = find(ws, "Status")
    fills = {ws.cell(r, status).value: ws.cell(r, status).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert {s: rgb[-6:] for s, rgb in fills.items()} == {s: fill for s, (fill, _) in L.STATUS_STYLES.items()}


def test_overview(workbook: openpyxl.Workbook) -> None:
    """It summarises the run and explains every sheet and the qualifier markers."""
    ws = workbook["Overview"]
    values = {row[0].value: row[1].value for row in ws.iter_rows(max_col=2) if row[0].value}
    assert values["Generated at"] == datetime(2025, 9, 12, 8, 30)
    assert values["Inputs"] == "seeds/"
    assert values["Documents read"] == 5
    assert values["Documents quarantined"] == 1
    assert values["Figures quarantined"] == 1
    assert values["Extractor version"] == "0.1.0"
    for sheet in ("Comparison", "Facts", "Sources", "Issues"):
        assert sheet in values
    assert "about (approx)" in values["about 60"]


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
        assert one == two


def test_atomic_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It leaves the previous workbook byte-identical and no temp file behind when saving fails midway."""
    path = render_report(tmp_path / "report.xlsx", info=INFO, **frames())
    before = path.read_bytes()

    def broken_save(self: openpyxl.Workbook, target: Any) -> None:
        target.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
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
    [("facts", "kind", "bogus"), ("comparison", "unit", "parsecs"), ("sources", "status", "lost")],
)
def test_invalid_frame_is_not_rendered(tmp_path: Path, frame: str, column: str, bad: str) -> None:
    """It raises pandera's SchemaErrors for a frame that breaks its contract, before writing any file."""
    given = frames()
    given[frame] = given[frame].with_columns(pl.lit(bad).alias(column))
    path = tmp_path / "report.xlsx"
    with pytest.raises(pandera.errors.SchemaErrors):
        render_report(path, info=INFO, **given)
    assert list(tmp_path.iterdir()) == []


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
    assert (
        ws.cell(comparison_rows(ws)["Kaluga Region"], find(ws, "Investment volume — amount, RUB", 2)).value
        is None
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
    """It renders a run with no documents: headers, an empty Facts table body and the no-issues note."""
    empty = {name: frame.clear() for name, frame in frames(issues=False).items()}
    wb = openpyxl.load_workbook(render_report(tmp_path / "report.xlsx", info=INFO, **empty))
    assert wb.sheetnames == list(L.SHEETS)
    assert headers(wb["Comparison"], 2) == ["Region", "Federal district", "ISO code"]
    assert wb["Comparison"].max_row == 2
    assert wb["Facts"].tables["Facts"].ref == "A1:Q2"
    assert wb["Issues"]["A2"].value == L.NO_ISSUES
