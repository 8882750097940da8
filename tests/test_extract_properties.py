"""Properties of `extract_figures` that hold for any text: it never raises, and what it returns is well formed.

Two kinds of input: arbitrary Unicode (`st.text()`), and text assembled from the genre's own
pieces (digit groups, scale and unit words, qualifiers, change and rank words, dashes, "%",
newlines), which reaches far deeper into the grammar than random characters do.

Hypothesis's profiles are set in conftest.py ("dev", 200 examples a test, by default). The test marked
`slow` always runs the ci-slow budget (10,000 examples); deselect it with `-m "not slow"`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regional_report.extract.engine import extract_figures
from regional_report.model import Figure

# The closed sets of ../shared/spec/figures.md, written out here rather than imported, so that
# the test checks the extractor against the spec and not against itself.
SPEC_KINDS = frozenset({"count", "amount", "percent", "change", "rank", "index"})
SPEC_QUALIFIERS = frozenset({"exact", "approx", "min", "max"})
SPEC_UNITS = frozenset(
    {"t", "RUB", "USD", "EUR", "CNY", "ha", "m2", "km", "%", "pp", "x", "t/ha", "rank", "count"}
    | {"year", "MW", "m3", "kWh", "Gcal", "l"}
)
NOT_AMOUNT_UNITS = frozenset({"%", "pp", "x", "rank", "count"})
# The version-2 fields that say whether two figures compare.
SPEC_SCOPES = frozenset({"region", "part"})
SPEC_STATUSES = frozenset({"actual", "plan", "past"})
SPEC_PERIODS = frozenset({"year", "years", "part_year", None})

# --- strategies ----------------------------------------------------------------------------------

# The genre's words, symbols and separators (tests/data/genre_vocabulary.yaml, shared with
# benchmarks/extraction_guard.py).
_VOCABULARY = yaml.safe_load(
    (Path(__file__).parent / "data" / "genre_vocabulary.yaml").read_text(encoding="utf-8")
)
WORDS = tuple(_VOCABULARY["words"].split())
SYMBOLS = tuple(_VOCABULARY["symbols"])
SEPARATORS = tuple(_VOCABULARY["separators"])

digit_groups = st.from_regex(
    r"[0-9]{1,4}(,[0-9]{3}){0,2}(\.[0-9]{1,2})?|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}",
    fullmatch=True,
)
genre_tokens = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(str.capitalize),
    digit_groups,
    st.integers(min_value=0, max_value=2100).map(str),
    st.sampled_from(SYMBOLS),
)
genre_text = st.lists(st.tuples(genre_tokens, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(tok + sep for tok, sep in parts)
)
meeting_dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


# --- checks --------------------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_swallowed_errors() -> Iterator[None]:
    """Fail if the extractor skipped a sentence because its grammar raised.

    `extract_figures` catches an exception per sentence and logs it, so "never raises" alone
    would hide grammar bugs; the log record shows them (with the traceback) instead.
    """
    handler = _Collect()
    logger = logging.getLogger("regional_report.extract")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.records:
        record = handler.records[0]
        trace = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        pytest.fail(f"a sentence was skipped: {record.getMessage()}\n{trace}")


def extract_checked(text: str, meeting: date | None = None) -> list[Figure]:
    """`extract_figures`, failing the test on any exception it swallowed."""
    with no_swallowed_errors():
        return extract_figures(text, meeting)


def assert_well_formed(text: str, figures: list[Figure]) -> None:
    """Every figure points at its own words, uses the spec's vocabulary, and has finite values."""
    assert isinstance(figures, list)
    previous_end = 0
    for f in figures:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.surface == text[f.start : f.end], f
        assert f.surface == f.surface.strip(), f
        assert f.start >= previous_end, f"figures overlap or are out of order: {figures}"
        previous_end = f.end
        assert f.kind in SPEC_KINDS, f
        assert f.qualifier in SPEC_QUALIFIERS, f
        assert f.unit in SPEC_UNITS, f
        assert isinstance(f.value, float) and math.isfinite(f.value), f
        assert f.value_max is None or math.isfinite(f.value_max), f
        assert f.year is None or isinstance(f.year, int), f
        assert f.scope in SPEC_SCOPES, f
        assert f.status in SPEC_STATUSES, f
        assert f.period in SPEC_PERIODS, f
        assert f.per is None or (isinstance(f.per, str) and f.per.strip() == f.per != ""), f
        # kinds and units agree as the spec's tables pair them
        assert (f.kind == "rank") == (f.unit == "rank"), f
        if f.kind in ("percent", "index"):
            assert f.unit == "%", f
        if f.kind == "count":
            assert f.unit == "count", f
        if f.kind == "amount":
            assert f.unit not in NOT_AMOUNT_UNITS, f
        if f.unit in ("pp", "x"):
            assert f.kind == "change", f
        if f.value_max is not None:
            assert f.qualifier == "min", f


# --- properties ----------------------------------------------------------------------------------


@given(text=st.text(), meeting=meeting_dates)
def test_never_raises_on_arbitrary_text(text: str, meeting: date | None) -> None:
    """It returns a well-formed list for any Unicode text, never raises and skips no sentence."""
    assert_well_formed(text, extract_checked(text, meeting))


@given(text=genre_text, meeting=meeting_dates)
def test_never_raises_on_genre_text(text: str, meeting: date | None) -> None:
    """It returns a well-formed list for text made of the genre's numbers, units and cue words."""
    assert_well_formed(text, extract_checked(text, meeting))


@given(text=genre_text, meeting=meeting_dates)
def test_deterministic(text: str, meeting: date | None) -> None:
    """It gives the same figures for the same text, every time."""
    assert extract_figures(text, meeting) == extract_figures(text, meeting)


@given(text=genre_text)
def test_offsets_are_into_the_whole_text(text: str) -> None:
    """It reports offsets into the text it was given: a leading blank line shifts every figure by one."""
    shifted = [replace(f, start=f.start + 1, end=f.end + 1) for f in extract_figures(text)]
    assert extract_figures("\n" + text) == shifted


@given(
    verb=st.sampled_from(["fell by", "decreased by", "dropped by", "was cut by"]),
    low=st.integers(min_value=1, max_value=40),
    extra=st.integers(min_value=1, max_value=20),
    unit=st.sampled_from(["percent", "%", "percentage points", "hectares", "tonnes"]),
)
def test_falling_range_is_negative_at_both_ends(verb: str, low: int, extra: int, unit: str) -> None:
    """It signs both ends of a range that falls ("fell by 10-12 percent")."""
    text = f"Road accidents {verb} {low}-{low + extra} {unit}."
    (fig,) = extract_figures(text)
    assert fig.kind == "change"
    assert fig.value < 0
    assert fig.value_max is not None and fig.value_max < 0


@pytest.mark.slow
@settings(settings.get_profile("ci-slow"))
@given(text=genre_text, meeting=meeting_dates)
def test_never_raises_on_genre_text_at_length(text: str, meeting: date | None) -> None:
    """It stays total and well formed over the ci-slow budget of genre text (10,000 examples)."""
    assert_well_formed(text, extract_checked(text, meeting))
