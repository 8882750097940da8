"""Golden cases for `extract_figures`: sentences in, figures out.

Where the cases came from: the team wrote every sentence itself, in the style of the English
reports of the President's meetings with regional heads, to pin down one phenomenon of the figure
spec (``../shared/spec/figures.md``) at a time. No sentence is copied from the corpus or the gold.
The cases are data, one YAML file per phenomenon in ``tests/golden/`` (numbers, scales, ranges,
qualifiers, changes, ranks, money, units, years, exclusions, metrics, metrics_v2, status, period, per,
scope).

Each case has ``text``, an optional ``meeting_date`` and ``expected``: the figures in order of
appearance, each giving only the fields it checks (``surface``, ``kind``, ``value``, ``unit``,
``qualifier``, ``value_max``, ``metric``, ``year``, and of spec version 2 ``scope``, ``status``,
``period``, ``per``). An empty list means the text has no figure.
A case the extractor gets wrong today keeps ``known_miss: "<why>"`` and runs as a strict xfail,
so fixing the grammar turns it into an XPASS failure until the marker is removed.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from regional_report.extract.engine import extract_figures
from regional_report.model import Figure

GOLDEN_DIR = Path(__file__).parent / "golden"
FIELDS = (
    "surface",
    "kind",
    "value",
    "unit",
    "qualifier",
    "value_max",
    "metric",
    "year",
    "scope",
    "status",
    "period",
    "per",
)
NUMERIC_FIELDS = frozenset({"value", "value_max"})
REL_TOL = 1e-6


def _meeting_date(raw: Any) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    return date.fromisoformat(str(raw))


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(GOLDEN_DIR.glob("*.yaml")):
        cases = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
        for n, case in enumerate(cases):
            unknown = set(case) - {"text", "meeting_date", "expected", "known_miss"}
            assert not unknown, f"{path.name} case {n}: unknown keys {sorted(unknown)}"
            for fig in case["expected"]:
                bad = set(fig) - set(FIELDS)
                assert not bad, f"{path.name} case {n}: unknown figure fields {sorted(bad)}"
            case_id = f"{path.name}:{case['text'][:50]}"
            if case.get("meeting_date"):
                case_id += f" @{case['meeting_date']}"
            marks = []
            if case.get("known_miss"):
                marks.append(pytest.mark.xfail(strict=True, reason=case["known_miss"]))
            params.append(pytest.param(case, id=case_id, marks=marks))
    ids = [p.id for p in params]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"golden case ids must be unique: {duplicates}"
    return params


CASES = _load_cases()


def _same(field: str, want: Any, got: Any) -> bool:
    if field in NUMERIC_FIELDS and want is not None:
        return got is not None and math.isclose(float(want), float(got), rel_tol=REL_TOL)
    return bool(want == got)


def _show(figures: list[Figure]) -> str:
    if not figures:
        return "  (no figures)"
    rows = []
    for f in figures:
        d = asdict(f)
        rows.append("  " + ", ".join(f"{k}={d[k]!r}" for k in ("start", "end", *FIELDS, "subject")))
    return "\n".join(rows)


def test_golden_files_are_present() -> None:
    """It finds the golden files and enough cases in them to mean something."""
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: dict[str, Any]) -> None:
    """It extracts exactly the expected figures, in order, with the given fields."""
    text = case["text"]
    figures = extract_figures(text, _meeting_date(case.get("meeting_date")))
    expected = case["expected"]
    problems = []
    if len(figures) != len(expected):
        problems.append(f"expected {len(expected)} figure(s), got {len(figures)}")
    for n, (want, got) in enumerate(zip(expected, figures, strict=False)):
        for field, value in want.items():
            actual = getattr(got, field)
            if not _same(field, value, actual):
                problems.append(f"figure {n}: {field} expected {value!r}, got {actual!r}")
    assert not problems, "\n".join([f"text: {text!r}", *problems, "extracted:", _show(figures)])
