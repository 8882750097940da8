"""The export: every sheet's frame as Parquet and CSV with a manifest, CSV safe from formulas, and the
Comparison in long form with the offsets of every value (the pipeline without Prefect, `pipeline.Direct`)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from regional_report import pipeline
from regional_report.export import MANIFEST, export_frames, formula_safe
from regional_report.settings import get_settings
from schemas import ComparisonFrame

TRICKY = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\ry", "plain", "a=b", None]


def test_text_that_starts_like_a_formula_gets_an_apostrophe() -> None:
    """It prefixes text starting with = + - @, a tab or a CR, and leaves other text, numbers and dates alone."""
    frame = pl.DataFrame(
        {"text": TRICKY, "number": [-1.5] * len(TRICKY), "day": [date(2025, 9, 10)] * len(TRICKY)}
    )
    safe = formula_safe(frame)
    assert safe.get_column("text").to_list() == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\ry", "plain", "a=b", None,
    ]  # fmt: skip
    assert safe.get_column("number").to_list() == frame.get_column("number").to_list()
    assert safe.schema == frame.schema


def test_every_frame_is_written_as_parquet_and_csv_with_a_manifest(tmp_path: Path) -> None:
    """It writes each frame twice: Parquet as it is, CSV formula-safe; and a manifest of rows and columns."""
    frames = {
        "facts": pl.DataFrame({"sentence": TRICKY, "value": [float(i) for i in range(len(TRICKY))]}),
        "issues": pl.DataFrame(schema={"stage": pl.String, "message": pl.String}),
    }
    manifest = export_frames(tmp_path / "export", frames, about={"workbook": "report.xlsx"})
    assert sorted(p.name for p in manifest.parent.iterdir()) == [
        "facts.csv", "facts.parquet", "issues.csv", "issues.parquet", MANIFEST,
    ]  # fmt: skip
    assert pl.read_parquet(tmp_path / "export" / "facts.parquet").equals(frames["facts"])
    with (tmp_path / "export" / "facts.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["sentence"] for r in rows][:4] == ['\'=HYPERLINK("http://x","y")', "'+1", "'-2", "'@SUM(A1)"]
    assert rows[2]["value"] == "2.0"
    described = json.loads(manifest.read_text(encoding="utf-8"))
    assert described["run"] == {"workbook": "report.xlsx"}
    assert described["frames"]["facts"] == {
        "rows": len(TRICKY), "columns": ["sentence", "value"], "parquet": "facts.parquet", "csv": "facts.csv",
    }  # fmt: skip
    assert described["frames"]["issues"]["rows"] == 0


@pytest.mark.corpus
def test_a_run_exports_the_comparison_in_long_form_with_each_values_offsets(
    shared_dir: Path, tmp_path: Path
) -> None:
    """It exports every sheet's frame of a run; each Comparison value names its document and offsets, and the
    figure there is the one the Facts export places on Comparison."""
    corpus = shared_dir / "corpus" / "en"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is absent")
    documents = sorted(corpus.glob("*.txt"))[:12]
    out, folder = tmp_path / "report.xlsx", tmp_path / "export"
    settings = get_settings(inputs=documents, out=out, export=folder, ranking_min_regions=2, cache=False)
    pipeline.run(settings, pipeline.Direct(), datetime.now(UTC))
    names = {p.stem for p in folder.glob("*.parquet")}
    assert names == {
        "comparison", "per_capita", "rankings", "history", "plans", "projects", "charts", "regions", "facts",
        "sources", "issues", "conflicts",
    }  # fmt: skip
    comparison = pl.read_parquet(folder / "comparison.parquet")
    ComparisonFrame.validate(comparison, lazy=True)
    assert comparison.height > 0
    facts = pl.read_parquet(folder / "facts.parquet")
    shown = facts.filter(pl.col("placement") == "Comparison").select("doc", "start", "end").sort(pl.all())
    assert comparison.select("doc", "start", "end").sort(pl.all()).equals(shown)
    text = {p.name: p.read_text(encoding="utf-8") for p in documents}
    for doc, start, end, surface in comparison.select("doc", "start", "end", "surface").iter_rows():
        assert text[doc][start:end] == surface
    described = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert described["frames"]["comparison"]["rows"] == comparison.height
    assert described["run"]["ranking_min_regions"] == 2
