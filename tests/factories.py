"""Rows of the frames the analysis and the workbook are built from, for tests: one builder, overridable."""

from __future__ import annotations

import csv
import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from regional_report.model import Outcome
from regional_report.read import files as documents

SHA = "a" * 64
MEETING = date(2025, 9, 10)
# Regions the tests use: ISO 3166-2 code (None for one without) and federal district.
PLACES: dict[str, tuple[str | None, str]] = {
    "Smolensk Region": ("RU-SMO", "Central"),
    "Kaluga Region": ("RU-KLU", "Central"),
    "Republic of Tatarstan": ("RU-TA", "Volga"),
    "Amur Region": ("RU-AMU", "Far Eastern"),
    "Tula Region": ("RU-TUL", "Central"),
    "Donetsk People's Republic": (None, "Southern"),
}


def fact(region: str = "Smolensk Region", **over: Any) -> dict[str, Any]:
    """A FigureFrame row: an investment amount of 60 billion roubles in 2024, overridable field by field."""
    iso, district = PLACES[region]
    row: dict[str, Any] = {
        "region": region,
        "region_iso": iso,
        "federal_district": district,
        "meeting_date": MEETING,
        "doc": f"{region.split()[0].lower()}.txt",
        "doc_sha256": SHA,
        "start": 0,
        "end": 10,
        "surface": "60 billion",
        "kind": "amount",
        "metric": "investment",
        "metric_label": "Investment volume",
        "topic": "investment",
        "subject": "investment",
        "value": 6e10,
        "value_max": None,
        "unit": "RUB",
        "qualifier": "exact",
        "year": 2024,
        "scope": "region",
        "status": "actual",
        "period": "year",
        "per": None,
        "sentence": "Investment reached 60 billion roubles.",
    }
    row.update(over)
    return row


class FileReads:
    """The names of the files read from disk (`documents._read_bytes`), in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = documents._read_bytes

        def counting(path: Path, max_bytes: int, *, listed: bool = False) -> bytes | str:
            self.names.append(path.name)
            return real(path, max_bytes, listed=listed)

        monkeypatch.setattr(documents, "_read_bytes", counting)

    def since(self, mark: int) -> list[str]:
        """The files read after the first `mark` reads."""
        return self.names[mark:]


def synthetic_reports(folder: Path, n: int, *, seed: int = 7) -> list[Path]:
    """`n` distinct reports in `folder`, made as `benchmarks/make_corpus.py` makes its corpus, from seeds/ alone
    (the seed's header, its paragraphs in another order): recognised, processed, with figures."""
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.make_corpus(n, folder, seed=seed, sources=[script.parents[1] / "seeds"])
    return paths


def tsv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated table with a header row (a shared folder's SOURCES.tsv); none when absent."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def full(outcomes: list[Outcome]) -> list[tuple[Outcome, object]]:
    """Outcomes with their documents (Outcome equality leaves the document out)."""
    return [(o, o.document) for o in outcomes]
