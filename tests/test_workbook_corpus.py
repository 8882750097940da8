"""The workbook of the shared English corpus plus the seed, written by the Prefect flow and read back.

One flow run (about ten seconds) checks the workbook whole: Regions covers 61 documents from 60 regions,
every figure of Facts has its placement, Comparison and Rankings hold the same cells, each column of at
least 3 regions, each cell a number that says its year, and no cell holds a formula.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from flows.pipeline import regional_report_flow

pytestmark = [pytest.mark.prefect, pytest.mark.corpus]


@pytest.fixture(scope="module")
def corpus_run(
    shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, prefect_harness: None
) -> dict[str, Any]:
    """One flow run over ../shared/corpus/en and ../shared/seeds, without the figure cache."""
    corpus, seeds = shared_dir / "corpus" / "en", shared_dir / "seeds"
    if not corpus.is_dir() or not seeds.is_dir():
        pytest.skip("the shared corpus or seeds are absent")
    out = tmp_path_factory.mktemp("corpus") / "regional_report.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGIONAL_REPORT_CACHE", "false")
        summary = regional_report_flow(inputs=[str(corpus), str(seeds)], out=str(out))
    return {"summary": summary, "out": out, "book": openpyxl.load_workbook(out)}


def _rows(ws: Any) -> list[dict[str, Any]]:
    """A list sheet's records by header."""
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def test_corpus_workbook_meets_the_issue(corpus_run: dict[str, Any]) -> None:
    """It writes every sheet: 61 documents from 60 regions; each compared column of at least 3 regions,
    ranked; each value per resident the Comparison value over the population; every figure placed."""
    book, summary = corpus_run["book"], corpus_run["summary"]
    assert book.sheetnames == [
        "Overview", "Comparison", "Per capita", "Rankings", "History", "Plans", "Projects", "Charts", "Regions",
        "Facts", "Sources", "Issues",
    ]  # fmt: skip

    regions = _rows(book["Regions"])
    assert len(regions) == 60 == len({r["Region"] for r in regions})
    assert sum(r["Documents"] for r in regions) == 61
    assert sum(r["Figures"] for r in regions) == summary.figures - summary.figures_quarantined

    facts = _rows(book["Facts"])
    assert len(facts) == summary.figures - summary.figures_quarantined
    compared = [f for f in facts if f["Placement"] == "Comparison"]
    rankings = _rows(book["Rankings"])
    assert len(rankings) == len(compared) > 0
    assert sum(r["Compared"] for r in regions) == len(compared)
    per_column: dict[str, list[dict[str, Any]]] = {}
    for row in rankings:
        per_column.setdefault(row["Metric"], []).append(row)
    for metric, cells in per_column.items():
        assert len(cells) >= 3, metric  # a column of fewer regions is on Facts only
        ranked = [c for c in cells if c["Rank"] is not None]
        assert all(1 <= c["Rank"] <= c["Of"] == len(ranked) for c in ranked), metric
        assert all(c["Flag"] == "outlier: not ranked" for c in cells if c["Rank"] is None), metric

    comparison = book["Comparison"]
    cells = [c for row in comparison.iter_rows(min_row=3) for c in row[2:] if c.value is not None]
    numbers = [c for c in cells if c.data_type == "n"]
    assert len(numbers) == len(compared)
    assert all(c.number_format.endswith(')"') for c in numbers)  # "60.0 bn (2024)"
    assert all(c.comment is not None for c in numbers)

    per_capita = book["Per capita"]
    population = {r["Region"]: r["Population"] for r in regions}
    for row in per_capita.iter_rows(min_row=3):
        region, value = row[0].value, row[2].value
        if region in population and isinstance(value, float):
            assert value > 0 and "÷" in row[2].comment.text

    history = _rows(book["History"])
    shown = {(h["Region"], h["Metric"]) for h in history if h["On Comparison"]}
    assert shown <= {(r["Region"], r["Metric"]) for r in rankings}
    assert len(book["Charts"]._charts) >= 1
    assert len(book["Overview"]._charts) == 1


def test_corpus_workbook_has_no_formula(corpus_run: dict[str, Any]) -> None:
    """It writes no formula anywhere, whatever the documents say."""
    for sheet in corpus_run["book"].worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), sheet.title
    with zipfile.ZipFile(corpus_run["out"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name
