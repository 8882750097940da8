"""The workbook of the shared English corpus plus the seed, written by the Prefect flow and read back.

One flow run (about ten seconds) checks the issue's "done when": Comparison covers 61 documents from 60
regions, Rankings lists every column reported by at least 3 regions, Trends shows Smolensk Region at its
2020 and 2025 meetings, Charts holds at least 6 charts, and no cell holds a formula.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from flows.pipeline import regional_report_flow
from regional_report.report import layout as L

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


def test_corpus_workbook_meets_the_issue(corpus_run: dict[str, Any]) -> None:
    """It writes every sheet: 61 documents from 60 regions compared, ranked, per capita, trends and charts."""
    book, summary = corpus_run["book"], corpus_run["summary"]
    assert book.sheetnames == list(L.SHEETS)

    comparison = book["Comparison"]
    assert [c.value for c in comparison[2]][:6] == [h for _, h in L.COMPARISON_REGION_COLUMNS]
    regions = [r for r in comparison.iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(regions) == 60 == len({r[0] for r in regions})
    assert sum(r[3] for r in regions) == 61
    assert sum(r[4] for r in regions) == summary.figures - summary.figures_quarantined
    headers = [c.value for c in comparison[2]][6:]
    reported = {header: sum(1 for r in regions if r[6 + i] is not None) for i, header in enumerate(headers)}

    rankings = book["Rankings"]
    ranked: dict[str, int] = {}
    for metric, _, rank, of, *_ in rankings.iter_rows(min_row=2, values_only=True):
        ranked[metric] = of
        assert 1 <= rank <= of
    assert ranked == {h: n for h, n in reported.items() if n >= 3}

    trends = list(book["Trends"].iter_rows(values_only=True))
    assert trends[2][0].startswith("Smolensk Region")
    assert trends[3][2:6] == ("Meeting of 2020-05-27", "Year", "Meeting of 2025-09-10", "Year")

    charts = book["Charts"]
    assert len(charts._charts) >= 6
    assert charts["A3"].value == "Investment volume — amount, RUB (27 regions)"
    assert len(book["Overview"]._charts) == 1

    per_capita = book["Per capita"]
    head = [c.value for c in per_capita[3]]
    investment = head.index("Investment volume — RUB per resident") + 1
    smolensk = next(
        r for r in range(4, per_capita.max_row + 1) if per_capita.cell(r, 1).value == "Smolensk Region"
    )
    population = per_capita.cell(smolensk, 4).value
    compared = next(r for r in regions if r[0] == "Smolensk Region")[
        6 + headers.index("Investment volume — amount, RUB")
    ]
    assert per_capita.cell(smolensk, investment).value == pytest.approx(compared / population)
    assert per_capita.cell(smolensk, 5).value == 2021

    money = [c for row in comparison.iter_rows(min_row=3) for c in row if c.number_format.endswith(' bn"')]
    assert money and all(c.data_type == "n" for c in money)


def test_corpus_workbook_has_no_formula(corpus_run: dict[str, Any]) -> None:
    """It writes no formula anywhere, whatever the documents say."""
    for sheet in corpus_run["book"].worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), sheet.title
    with zipfile.ZipFile(corpus_run["out"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name
