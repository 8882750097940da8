"""Number parsing as tables: digit groups, number phrases, fractions and ordinals.

The phrase parsers work on tokens, so every text goes through `regional_report.text.tokenize`
first, exactly as the extractor feeds them. Known misses are strict xfails.
"""

from __future__ import annotations

import math

import pytest

from regional_report.extract.numbers import parse_digits, parse_fraction, parse_number, parse_ordinal
from regional_report.extract.text import tokenize


def _phrase(text: str, i: int, j: int) -> str:
    toks = tokenize(text)
    return text[toks[i].start : toks[j - 1].end]


# --- parse_digits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("4,000", 4000.0),
        ("1,000,000", 1_000_000.0),
        ("1,000.5", 1000.5),
        ("1.5", 1.5),
        ("0.74", 0.74),
        ("2024", 2024.0),
        ("330000", 330_000.0),
        ("007", 7.0),
        ("1,2,3", None),  # commas that do not group thousands
        ("12,34", None),  # a decimal comma is not read as a number
        ("1,0000", None),
        ("1,00", None),
        ("1.2.3", None),
        ("99999999999999999999", None),  # beyond the magnitude limit
        ("", None),
    ],
)
def test_parse_digits(digits: str, value: float | None) -> None:
    """It reads "," as a thousands separator and "." as the decimal point, and rejects anything else."""
    assert parse_digits(digits) == value


# --- parse_number --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "phrase"),
    [
        ("4,000 tonnes", 4000.0, "4,000"),
        ("1.5 million roubles", 1_500_000.0, "1.5 million"),
        ("12 bn roubles", 12e9, "12 bn"),
        ("5 mln tonnes", 5e6, "5 mln"),
        ("1.5 thousand jobs", 1500.0, "1.5 thousand"),
        ("Fifty projects", 50.0, "Fifty"),
        ("twenty-five schools", 25.0, "twenty-five"),
        ("twenty five schools", 25.0, "twenty five"),
        ("ninety-nine thousand people", 99_000.0, "ninety-nine thousand"),
        ("three hundred volunteers", 300.0, "three hundred"),
        ("two thousand families", 2000.0, "two thousand"),
        ("one and a half million tonnes", 1_500_000.0, "one and a half million"),
        ("two and a half times", 2.5, "two and a half"),
        ("half a million square metres", 500_000.0, "half a million"),
        ("a million visitors", 1_000_000.0, "a million"),
        ("Two trillion and 818 million roubles", 2_000_818_000_000.0, "Two trillion and 818 million"),
        ("2 million and 300 thousand", 2_300_000.0, "2 million and 300 thousand"),
        # a larger scale after "and" starts a new number
        ("5 billion and 3 trillion", 5e9, "5 billion"),
        ("10 t per hectare", 10.0, "10"),
        ("5 tn per hectare", 5.0, "5"),  # tonnes, not trillions, before "per"
        ("5 k runners", 5.0, "5"),  # "k" is read as no scale
        ("12bn roubles", 12e9, "12bn"),
        ("one hundred and twenty families", 120.0, "one hundred and twenty"),
        ("a quarter of a million tonnes", 250_000.0, "a quarter of a million"),
        ("three quarters of a hundred", 75.0, "three quarters of a hundred"),
        ("twenty-", 20.0, "twenty"),
        ("17-million tonne mark", 17e6, "17-million"),
        ("1.5-billion-rouble plant", 1.5e9, "1.5-billion"),
        ("5-k run", 5.0, "5"),
    ],
)
def test_parse_number(text: str, value: float, phrase: str) -> None:
    """It reads the longest number phrase at the start, with its scale words."""
    num = parse_number(tokenize(text), 0)
    assert num is not None
    assert math.isclose(num.value, value, rel_tol=1e-9)
    assert _phrase(text, num.i, num.j) == phrase


@pytest.mark.parametrize(
    ("text", "words", "scale", "plain"),
    [
        ("2024", False, 1.0, "2024"),
        ("4,000 tonnes", False, 1.0, "4,000"),
        ("1.5 million", False, 1e6, ""),
        ("Fifty", True, 1.0, ""),
        ("a million", True, 1e6, ""),
    ],
)
def test_parse_number_attributes(text: str, words: bool, scale: float, plain: str) -> None:
    """It says whether the phrase used words, its largest scale, and the lone digit group if that is all."""
    num = parse_number(tokenize(text), 0)
    assert num is not None
    assert (num.words, num.scale, num.plain_digits) == (words, scale, plain)


@pytest.mark.parametrize(
    "text",
    [
        "the plan",
        "Thousands of people",
        "millions of tourists",
        "a",
        "1,2,3 items",
        "bn",
        "",
        "5 trillion trillion",
    ],
)
def test_parse_number_none(text: str) -> None:
    """It returns None when no number phrase starts at the token (plural scales are not numbers)."""
    assert parse_number(tokenize(text), 0) is None


def test_parse_number_at_offset() -> None:
    """It starts at the given token index and reports token indices into the same list."""
    text = "Output reached 3.4 billion roubles"
    toks = tokenize(text)
    num = parse_number(toks, 2)
    assert num is not None
    assert (num.value, num.i, num.j) == (3.4e9, 2, 4)
    assert parse_number(toks, len(toks)) is None
    assert parse_number(toks, -1) is None


# --- parse_fraction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "size"),
    [
        ("half of the budget", 0.5, 1),
        ("a half", 0.5, 2),
        ("a third of the land", 1 / 3, 2),
        ("one third", 1 / 3, 2),
        ("two thirds of the grain", 2 / 3, 2),
        ("a quarter of the roads", 0.25, 2),
        ("three quarters", 0.75, 2),
        ("one fifth", 0.2, 2),
        ("A Third", 1 / 3, 2),
        ("one-third of the roads", 1 / 3, 3),
    ],
)
def test_parse_fraction(text: str, value: float, size: int) -> None:
    """It reads a fraction phrase and returns its value and the token index after it."""
    assert parse_fraction(tokenize(text), 0) == pytest.approx((value, size))


@pytest.mark.parametrize("text", ["third", "two", "a fourth", "halves"])
def test_parse_fraction_none(text: str) -> None:
    """It returns None for words that are not a fraction on their own ("third" is an ordinal)."""
    assert parse_fraction(tokenize(text), 0) is None


# --- parse_ordinal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("first", 1, 1),
        ("First", 1, 1),
        ("fifth place", 5, 1),
        ("twentieth", 20, 1),
        ("second-largest", 2, 1),
        ("5th place", 5, 2),
        ("21st", 21, 2),
        ("2nd", 2, 2),
        ("3rd", 3, 2),
        ("12th position", 12, 2),
        ("5TH", 5, 2),
    ],
)
def test_parse_ordinal(text: str, value: int, end: int) -> None:
    """It reads ordinal words and digits with a glued suffix, and returns the token index after them."""
    assert parse_ordinal(tokenize(text), 0) == (value, end)


@pytest.mark.parametrize("text", ["5", "1 st place", "1.5th", "hundredth", "place", "one"])
def test_parse_ordinal_none(text: str) -> None:
    """It returns None for cardinals, a detached suffix, decimals and unknown ordinal words."""
    assert parse_ordinal(tokenize(text), 0) is None
