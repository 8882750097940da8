"""Number phrases (`phrases.py`), reading step by reading step, on hand-made token sequences.

Each step gets the `Phrase` of a bare number ("[" marks it; the first number when unmarked), after
the steps before it where it needs them, and is checked on what it adds or whether it rejects.
"""

from __future__ import annotations

import pytest
from grammar_tokens import phrase_at, tokens_at

from regional_report.extract import phrases as ph
from regional_report.extract.spans import Phrase
from regional_report.extract.text import Token, tokenize


def _through(step: ph.Step, text: str) -> tuple[list[Token], Phrase, bool]:
    """The phrase after every step before `step`, then `step` itself; and the step's verdict."""
    toks, phrase = phrase_at(text)
    for earlier in ph.ALL_STEPS[: ph.ALL_STEPS.index(step)]:
        assert earlier(toks, phrase), (earlier.__name__, text)
    return toks, phrase, step(toks, phrase)


@pytest.mark.parametrize(
    ("text", "keeps"),
    [
        ("a five-storey house", False),
        ("a 10-year plan", False),
        ("a 15-percent rise", True),
        ("a two-fold rise", True),
        ("5 - 7 days", True),
    ],
)
def test_hyphen_modifier(text: str, keeps: bool) -> None:
    """A number hyphened to a word modifies it, unless the word is a unit."""
    assert _through(ph.hyphen_modifier, text)[2] == keeps


@pytest.mark.parametrize(
    ("text", "unit", "factor", "start_back", "end"),
    [
        ("over 4,000 tonnes of meat", "t", 1.0, 0, "tonnes"),
        ("$5 billion", "USD", 1.0, 1, "billion"),
        ("RUB 10 billion", "RUB", 1.0, 1, "billion"),
        ("2,000 kilograms", "t", 1e-3, 0, "kilograms"),
        ("a 150-MW plant", "MW", 1.0, 0, "MW"),
        ("600 beds", None, 1.0, 0, "600"),
    ],
)
def test_read_unit(text: str, unit: str | None, factor: float, start_back: int, end: str) -> None:
    """It reads the currency before the number or the unit after it, and where the phrase ends."""
    toks, phrase, ok = _through(ph.read_unit, text)
    assert ok and (phrase.unit, phrase.factor) == (unit, factor)
    assert phrase.start == phrase.num.i - start_back
    assert toks[phrase.end - 1].text == end


def test_read_unit_rejects_a_speed() -> None:
    """ "60 kilometres per hour" is no figure."""
    assert not _through(ph.read_unit, "at 60 kilometres per hour")[2]


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit", "end"),
    [
        ("18–20 tons", 18.0, 20.0, "t", "tons"),
        ("10 to 12 billion roubles", 10e9, 12e9, "RUB", "roubles"),
        ("107 or 108 percent", 107.0, 108.0, "%", "percent"),
        ("between [20 and 25 percent", 20.0, 25.0, "%", "percent"),
        ("20% to 25%", 20.0, 25.0, "%", "%"),
        ("5 – 3 percent", 5.0, None, None, "5"),  # the upper end below the lower: no range
        ("from 4.5 tons in 2007 to 18 tons", 4.5, None, "t", "tons"),
    ],
)
def test_read_range(text: str, value: float, value_max: float | None, unit: str | None, end: str) -> None:
    """It reads the other end of a range and the unit written after it; a range is scaled by its
    upper end's scale word."""
    toks, phrase, ok = _through(ph.read_range, text)
    assert ok and not phrase.done
    assert (phrase.value, phrase.value_max, phrase.unit) == (value, value_max, unit)
    assert toks[phrase.end - 1].text == end


def test_read_range_settles_a_falling_level() -> None:
    """ "cut from 30 to 15 percent": no range (the second end is lower) but two levels."""
    _, phrase, ok = _through(ph.read_range, "They cut the rate from [30 to 15 percent.")
    assert ok and phrase.done and phrase.span is not None
    assert (phrase.span.kind, phrase.span.value, phrase.span.unit) == ("percent", 30.0, "%")


def test_read_range_of_counts_in_words() -> None:
    """ "fourteen to twenty seats": one count with its range."""
    _, phrase, ok = _through(ph.read_range, "planes with fourteen to twenty seats")
    assert ok and (phrase.value, phrase.value_max) == (14.0, 20.0)


def test_read_range_settles_a_level_from_to() -> None:
    """ "rose from 30 to 45 percent": two levels, this one borrowing the unit written after the other."""
    _, phrase, ok = _through(ph.read_range, "The share rose from [30 to 45 percent.")
    assert ok and phrase.done and phrase.span is not None
    assert (phrase.span.kind, phrase.span.value, phrase.span.unit) == ("percent", 30.0, "%")


@pytest.mark.parametrize(
    ("text", "qualifier", "first"),
    [
        ("about 60 billion", "approx", "about"),
        ("more than 300 schools", "min", "more"),
        ("between 20 and 25 percent", "min", "between"),
        ("we speak about 29 percent", "exact", "29"),
        ("it cannot show more than 15 percent", "max", "more"),
        ("As many as 93 percent", "exact", "As"),
    ],
)
def test_read_qualifier(text: str, qualifier: str, first: str) -> None:
    """It reads the qualifier before the phrase, and the token the figure starts at."""
    toks, phrase, ok = _through(ph.read_qualifier, text)
    assert ok and phrase.qualifier == qualifier and toks[phrase.q_start].text == first


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("600 beds", "beds"),
        ("27 new kindergartens", "kindergartens"),
        ("5 of students", None),
        ("5 tonnes of grain", None),
    ],
)
def test_read_counted_noun(text: str, noun: str | None) -> None:
    """It finds the counted noun of a bare number, right after it or after one modifier."""
    toks, phrase, ok = _through(ph.read_counted_noun, text)
    assert ok and (toks[phrase.noun_i].text if phrase.noun_i >= 0 else None) == noun


@pytest.mark.parametrize(
    ("text", "settled", "value"),
    [
        ("life expectancy reached 72 years", True, 72.0),
        ("in the next two years", True, None),  # a duration that frames time: settled as no figure
        ("the average age of the fleet is 12 years", True, 12.0),
        ("72 tonnes", False, None),
    ],
)
def test_read_duration(text: str, settled: bool, value: float | None) -> None:
    """A bare number of time units is settled as a duration: a figure only as the measured thing."""
    _, phrase, ok = _through(ph.read_duration, text)
    assert ok and phrase.done == settled
    assert (phrase.span.value if phrase.span else None) == value


@pytest.mark.parametrize(
    ("step", "text", "keeps"),
    [
        (ph.reject_conversation, "I have two issues", False),
        (ph.reject_conversation, "I have two brief questions", False),
        (ph.reject_conversation, "We have two schools", True),
        (ph.reject_conversation, "schools working in two shifts", False),
        (ph.reject_threshold, "families with three or more children", False),
        (ph.reject_threshold, "families with three children or more", False),
        (ph.reject_threshold, "families with three children", True),
        (ph.reject_word_number, "one of the plants", False),
        (ph.reject_word_number, "three of its plants", True),
        (ph.reject_word_number, "the two regions", False),
        (ph.reject_word_number, "We built one of the schools", False),
        (ph.reject_word_number, "We hired one teacher and two doctors", False),  # "one" needs a plural noun
        (ph.reject_word_number, "the four large federal projects", True),  # a definite count of things
        (ph.reject_word_number, "We built one", False),
        (ph.reject_word_number, "more than three, and", False),
        (ph.reject_word_number, "built five schools", True),
        (ph.reject_zero, "zero accidents", True),
        (ph.reject_zero, "0 accidents", False),
        (ph.reject_zero, "0 percent", True),  # a unit keeps it: the rule is for bare numbers
    ],
)
def test_rejecting_steps(step: ph.Step, text: str, keeps: bool) -> None:
    """Counts about the conversation, thresholds, referring number words and a bare zero are no figures."""
    assert _through(step, text)[2] == keeps


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("Output grew by 5 percent", (1, False), None),
        ("a 2 percent increase", None, 1),
        ("1 percent and 1.7 percent increases", None, 1),
        ("GRP rose above 4.5 trillion rubles", None, None),
        ("investment topped 103 billion rubles", None, None),
    ],
)
def test_read_change_words(text: str, before: tuple[int, bool] | None, after: int | None) -> None:
    """It reads the change words before and after the phrase; a level reached is no change."""
    _, phrase, ok = _through(ph.read_change_words, text)
    assert ok and (phrase.sign_before, phrase.sign_after) == (before, after)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("one in three residents", ("percent", 100 / 3)),
        ("one out of four", ("percent", 25.0)),
        ("a third of the budget", ("percent", 100 / 3)),
        ("half the schools", ("percent", 50.0)),
        ("rose by a third", ("change", 100 / 3)),
        ("one and a half", None),
        ("the first half of the year", None),
    ],
)
def test_shares(text: str, found: tuple[str, float] | None) -> None:
    """ "one in three", fractions as shares or changes."""
    toks = tokenize(text)
    i = next(k for k, t in enumerate(toks) if t.low in ("one", "a", "half"))
    span = ph.share_one_in(toks, i) or (
        ph.fraction_span(toks, i) if toks[i].low in ph.FRACTION_FIRST else None
    )
    got = None if span is None else (span.kind, round(span.value, 6))
    assert got == (None if found is None else (found[0], round(found[1], 6)))


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("over 4,000 tonnes of meat", "amount", 4000.0, "t"),
        ("investment of about 60 billion", "amount", 60e9, "RUB"),
        ("Road deaths fell by 12 percent", "change", -12.0, "%"),
        ("273 demobilised servicemen", "count", 273.0, "count"),
        ("a five-storey house", None, None, None),
    ],
)
def test_number_span(text: str, kind: str | None, value: float | None, unit: str | None) -> None:
    """The whole pipeline: the figure a number phrase states, or none."""
    toks, i = tokens_at(text, None)
    i = next(k for k, t in enumerate(toks) if t.is_num or t.low in ("five", "about"))
    if toks[i].low == "about":
        i += 1
    span = ph.number_span(toks, i)
    assert (None if span is None else (span.kind, span.value, span.unit)) == (
        None if kind is None else (kind, value, unit)
    )
