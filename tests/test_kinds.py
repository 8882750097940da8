"""The kind of a number phrase (`kinds.py`): by its unit and change words, then by its sentence.

The unit's rules get hand-made `Phrase` records; the sentence's rules get the spans of hand-made
sentences.
"""

from __future__ import annotations

import pytest
from grammar_tokens import tokens_at

from regional_report.extract import kinds as kd
from regional_report.extract.engine import find_spans
from regional_report.extract.numbers import Number
from regional_report.extract.spans import Phrase, Span
from regional_report.extract.text import tokenize


def _phrase(text: str, **fields: object) -> tuple[list, Phrase]:  # type: ignore[type-arg]
    """The tokens of `text` and a phrase over its first number (or number word) with `fields` set."""
    toks = tokenize(text)
    i = next(k for k, t in enumerate(toks) if t.is_num)
    j = fields.pop("j", i + 1)
    scale = fields.pop("scale", 1.0)
    num = Number(float(toks[i].text.replace(",", "")), i, int(j), False, float(scale))  # type: ignore[arg-type]
    phrase = Phrase(num)
    phrase.end = int(fields.pop("end", j))  # type: ignore[arg-type]
    for name, value in fields.items():
        setattr(phrase, name, value)
    return toks, phrase


def _kind(span: Span) -> tuple[str, float, str, float | None]:
    return span.kind, round(span.value, 6), span.unit, span.value_max


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"unit": "x"}, ("change", 3.0, "x", None)),
        ({"unit": "pp"}, ("change", 3.0, "pp", None)),
        ({"unit": "pp", "sign_before": (-1, False)}, ("change", -3.0, "pp", None)),
        ({"unit": "pp", "sign_after": -1}, ("change", -3.0, "pp", None)),
        ({"unit": "%"}, ("percent", 3.0, "%", None)),
        ({"unit": "%", "sign_before": (-1, False), "value_max": 5.0}, ("change", -3.0, "%", -5.0)),
        ({"unit": "%", "sign_after": 1}, ("change", 3.0, "%", None)),
        ({"unit": "t", "factor": 0.1}, ("amount", 0.3, "t", None)),
        ({"unit": "ha", "sign_before": (-1, False)}, ("change", -3.0, "ha", None)),
        ({}, ("count", 3.0, "count", None)),
        ({"sign_before": (1, False)}, ("change", 3.0, "count", None)),
    ],
)
def test_kind_by_unit(fields: dict[str, object], kind: tuple[str, float, str, float | None]) -> None:
    """Multiples stay unsigned; points, percentages, quantities and counts are signed by their change words."""
    toks, phrase = _phrase("It was 3 then.", **fields)
    assert _kind(kd.kind_of(toks, phrase)) == kind


@pytest.mark.parametrize(
    ("value", "sign_before", "after", "kind"),
    [
        (107.0, (1, False), "", "index"),  # "grew by 107 percent": the translated index
        (148.0, (1, False), "", "change"),  # too large a rise for an index
        (100.0, (1, False), "", "change"),  # "grew by 100 percent": doubled
        (107.0, (1, True), "", "change"),  # "by another 107 percent"
        (107.0, (-1, False), "", "change"),
        (107.0, (1, False), "increase", "change"),
    ],
)
def test_translated_index(value: float, sign_before: tuple[int, bool], after: str, kind: str) -> None:
    """A rise "by" 100 to 140 percent is the translated index; other rises stay changes."""
    toks, phrase = _phrase(f"It grew by {value:g} percent {after}.", unit="%", sign_before=sign_before, end=5)
    assert kd.percentage(toks, phrase).kind == kind


@pytest.mark.parametrize(
    ("text", "scale", "end", "money"),
    [
        ("Investment reached 60 billion in total.", 1e9, 5, True),
        ("We spent 3 million on roads.", 1e6, 4, True),
        ("The region has 3 million people.", 1e6, 5, False),
        ("Visitors: 3 million last year.", 1e6, 4, False),
        ("It needs 3 billion to finish.", 1e9, 4, True),  # billions standing alone
        ("Built: 3 thousand homes.", 1e3, 4, False),
        ("Paid to cities with a population of 3 million.", 1e6, 10, False),
    ],
)
def test_is_money(text: str, scale: float, end: int, money: bool) -> None:
    """A scaled number with no unit is money in a money sentence, or as billions standing alone."""
    toks, phrase = _phrase(text, scale=scale, end=end)
    assert kd.is_money(toks, phrase) == money


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("The industrial production index was 105 percent.", ["index"]),
        ("The index was 111 percent, and manufacturing, 120 percent.", ["index", "index"]),
        ("The index was 111 percent, and the share of exports 60 percent.", ["index", "percent"]),
        ("The production index finally grew to 1.6 percent.", ["percent"]),  # too low for an index
        ("Output reached 85 percent of the 2019 level.", ["index"]),
        ("Exports were 67 percent of the trade.", ["percent"]),
        ("Output was 104 percent compared to 2019.", ["index"]),
        ("Unemployment was 4 percent compared with 6 percent.", ["percent", "percent"]),
        ("Economic growth 16 percent.", ["change"]),
        ("The growth rate is 126 percent.", ["index"]),
        ("Growth came early, and it amounted to 8 percent.", ["change"]),
        ("Growth came early, where unemployment is 2 percent.", ["percent"]),
    ],
)
def test_levels_in_context(sentence: str, kinds: list[str]) -> None:
    """A percent level after an index noun, of a base level, compared to a base period or after a
    growth noun becomes an index or a change."""
    toks = tokenize(sentence)
    assert [s.kind for s in find_spans(toks)] == kinds


@pytest.mark.parametrize(
    ("words", "governs"),
    [
        ("economic growth", True),
        ("growth came early , and it amounted to", True),
        ("growth came early , where unemployment reached", False),
        ("growth " + "word " * 20, False),
        ("investment reached", False),
    ],
)
def test_growth_governs(words: str, governs: bool) -> None:
    """A growth noun governs the number after it when near and in its clause, or taken up by a pronoun."""
    assert kd.growth_governs(words.split()) == governs


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("105 percent [compared to 2019", True),
        ("105 percent [compared with the same period", True),
        ("4 percent [compared to 6 percent", False),
        ("4 percent [against", False),
    ],
)
def test_base_comparison_after(text: str, base: bool) -> None:
    """ "compared to/with" a year or a period is a base; "compared to" a number is another level."""
    toks, j = tokens_at(text)
    assert kd.base_comparison_after(toks, j) == base


def test_level_kind() -> None:
    """A level in "rose from 30 to 45 <unit>" takes its kind from the unit."""
    assert [kd.level_kind(u) for u in ("%", "count", "x", "pp", "t")] == [
        "percent",
        "count",
        "change",
        "change",
        "amount",
    ]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Investment has grown 30 percent, or 600 billion rubles.", [("change", 30.0), ("change", 6e11)]),
        ("Unemployment fell by 6.9 percent – almost 7 percent.", [("change", -6.9), ("change", -7.0)]),
        ("It went up by 11 percent or 220,000 people.", [("change", 11.0), ("change", 220000.0)]),
        ("Output grew 5 percent, and exports were 2 billion dollars.", [("change", 5.0), ("amount", 2e9)]),
        ("It doubled, or 300 tonnes.", [("change", 2.0), ("amount", 300.0)]),  # a multiple restates nothing
    ],
)
def test_restatements(sentence: str, kinds: list[tuple[str, float]]) -> None:
    """A figure joined to the change before it by ", or", "or", a dash or a bracket is that change again."""
    assert [(s.kind, s.value) for s in find_spans(tokenize(sentence))] == kinds
