"""Numbers as written in English prose: digit groups, number words, scale words and fractions."""

from __future__ import annotations

import re
from typing import Final

from regional_report.extract.lexicon import (
    AND_A_HALF,
    BARE_SCALES,
    FRACTION_OF_SCALE,
    FRACTIONS,
    GLUED_SCALES,
    HALF_A_SCALE,
    HUNDRED,
    HYPHEN,
    NUMBER_JOINERS,
    ORDINAL_SUFFIXES,
    ORDINALS,
    PLURAL_SCALES,
    RATE_WORDS,
    SCALE_ARTICLES,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    TONNE_SCALES,
    UNREAD_SCALES,
)
from regional_report.extract.text import Lexeme, Tokens, low, words_at

_GROUPED: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN: Final = re.compile(r"\d+(?:\.\d+)?")
MAX_MAGNITUDE: Final = 1e18
FRACTION_FIRST: Final = frozenset(k[0] for k in FRACTIONS)


def parse_digits(s: str) -> float | None:
    """The value of a digit group, or None when its separators are not a number's.

    >>> parse_digits("4,000"), parse_digits("1.5"), parse_digits("1,2,3"), parse_digits("99999999999999999999")
    (4000.0, 1.5, None, None)
    """
    if s.isdecimal():  # digits alone: what _PLAIN matches with no decimal point, the common case
        value = float(s)
    elif _GROUPED.fullmatch(s):
        value = float(s.replace(",", ""))
    elif _PLAIN.fullmatch(s):
        value = float(s)
    else:
        return None
    return value if value < MAX_MAGNITUDE else None


class Number:
    """A number phrase over tokens [i, j): its value, whether it used words, and its scale word.

    A plain class with slots: the grammar makes one per number it reads; compiled (`make compile`) it
    is a native class, made without a call into the interpreter.
    """

    __slots__ = ("i", "j", "plain_digits", "scale", "value", "words")

    def __init__(
        self, value: float, i: int, j: int, words: bool, scale: float = 1.0, plain_digits: str = ""
    ) -> None:
        self.value = value
        self.i = i
        self.j = j
        self.words = words
        self.scale = scale
        self.plain_digits = plain_digits

    @property
    def scaled(self) -> bool:
        return self.scale > 1.0


def word_value(tok: Lexeme) -> int | None:
    """The value of a single number word ("five" -> 5), else None."""
    return SMALL_NUMBERS.get(tok.low, TENS.get(tok.low))


def parse_number(toks: Tokens, i: int) -> Number | None:
    """The longest number phrase starting at token i, or None.

    Handles "4,000", "1.5 million", "Fifty", "twenty-five", "one and a half", "half a million",
    "a million", "Two trillion and 818 million", "three hundred".

    >>> from regional_report.extract.text import tokenize
    >>> parse_number(tokenize("Two trillion and 818 million roubles"), 0).value
    2000818000000.0
    """
    if not 0 <= i < len(toks):
        return None
    first = toks[i]
    special = first.low in FRACTION_FIRST and (_fraction_of_scale(toks, i) or _half_a_scale(toks, i))
    if special:
        return special
    lead = _leading_value(toks, i)
    if lead is None:
        return None
    value, k = lead
    if k < len(toks) and toks[k].low in _TAIL_STARTS:
        st = _Reading(i, k, value, not first.is_num, first.low in TENS and k == i + 1)
        return _read_tails(toks, st)
    if value >= MAX_MAGNITUDE:
        return None
    return Number(value, i, k, not first.is_num, 1.0, first.text if first.is_num and k == i + 1 else "")


def _read_tails(toks: Tokens, st: _Reading) -> Number | None:
    """The number whose first words `st` holds, read on through what may follow them."""
    while st.k < len(toks) and not st.done and toks[st.k].low in _TAIL_STARTS:
        if not any(tail(toks, st) for tail in _TAILS):
            break
    if st.failed:
        return None
    if st.result is not None:
        return st.result
    value = st.total + st.current
    if value >= MAX_MAGNITUDE:
        return None
    first = toks[st.i]
    plain = first.text if (first.is_num and st.k == st.i + 1) else ""
    return Number(value, st.i, st.k, st.words, st.scale, plain)


class _Reading:
    """A number phrase being read: token `k` is the next one, `current` the value since the last scale."""

    __slots__ = ("current", "done", "failed", "i", "k", "last_was_tens", "result", "scale", "total", "words")

    def __init__(self, i: int, k: int, current: float, words: bool, last_was_tens: bool) -> None:
        self.i = i
        self.k = k
        self.current = current
        self.total = 0.0
        self.scale = 1.0
        self.words = words
        self.last_was_tens = last_was_tens  # "twenty" was just read: "twenty five" may follow
        self.done = False
        self.failed = False
        self.result: Number | None = None  # the whole number, read to its end by a nested phrase


def _fraction_of_scale(toks: Tokens, i: int) -> Number | None:
    """ "a quarter of a million"."""
    frac = parse_fraction(toks, i) if toks[i].low in FRACTION_FIRST else None
    if frac is None or not words_at(toks, frac[1], FRACTION_OF_SCALE):
        return None
    scale = low(toks, frac[1] + len(FRACTION_OF_SCALE))
    if scale not in BARE_SCALES:
        return None
    factor = SCALES.get(scale, 100.0)
    return Number(frac[0] * factor, i, frac[1] + len(FRACTION_OF_SCALE) + 1, True, factor)


def _half_a_scale(toks: Tokens, i: int) -> Number | None:
    """ "half a million"."""
    scale = low(toks, i + len(HALF_A_SCALE))
    if not words_at(toks, i, HALF_A_SCALE) or scale not in SCALES:
        return None
    return Number(0.5 * SCALES[scale], i, i + len(HALF_A_SCALE) + 1, True, SCALES[scale])


def _leading_value(toks: Tokens, i: int) -> tuple[float, int] | None:
    """The value of the phrase's first words and the token after them: "a" before a scale (1), digits, a
    number word, "twenty-five"."""
    first = toks[i]
    if first.low in SCALE_ARTICLES and low(toks, i + 1) in BARE_SCALES:
        return 1.0, i + 1
    if first.is_num:
        v = parse_digits(first.text)
        return None if v is None else (v, i + 1)
    value = word_value(first)
    if value is None:
        return None
    units = low(toks, i + 2)
    hyphened = i + 2 < len(toks) and toks[i + 1].text == HYPHEN and not toks[i + 1].space
    if first.low in TENS and hyphened and not toks[i + 2].space and SMALL_NUMBERS.get(units, 10) < 10:
        return float(value + SMALL_NUMBERS[units]), i + 3  # "twenty-five"
    return float(value), i + 1


def _hundred(toks: Tokens, st: _Reading) -> bool:
    """ "three hundred"."""
    if toks[st.k].low != HUNDRED or st.current >= 100:
        return False
    st.current = (st.current or 1) * 100
    st.words, st.last_was_tens = True, False
    st.k += 1
    return True


def _hyphened_scale(toks: Tokens, st: _Reading) -> bool:
    """ "the 17-million tonne mark", "a 1.5-billion-rouble plant": a scale hyphened to its number."""
    t, k = toks[st.k], st.k + 1
    if t.text != HYPHEN or t.space or st.total or k >= len(toks) or toks[k].space:
        return False
    if toks[k].low not in SCALES or toks[k].low in PLURAL_SCALES or toks[k].low in UNREAD_SCALES:
        return False
    st.k = k
    return _scale(toks, st, glued=True)


def _scale(toks: Tokens, st: _Reading, glued: bool = False) -> bool:
    """ "1.5 million", "12bn", "Two trillion and 818 million"; "trillion trillion" is no number."""
    t = toks[st.k]
    if t.low not in SCALES or t.low in PLURAL_SCALES or not (t.space or glued or t.low in GLUED_SCALES):
        return False
    st.done = t.low in UNREAD_SCALES or (t.low in TONNE_SCALES and low(toks, st.k + 1) in RATE_WORDS)
    if st.done:
        return True
    factor = SCALES[t.low]
    if st.current == 0 and st.total > 0:
        st.done = st.failed = True
        return True
    st.total += (st.current or 1) * factor
    st.scale = max(st.scale, factor)
    st.current, st.last_was_tens = 0.0, False
    st.k += 1
    rest = _smaller_scaled_part(toks, st.k, factor)
    if rest is not None:
        st.result = Number(st.total + rest.value, st.i, rest.j, True, st.scale)
        st.done = True
    return True


def _smaller_scaled_part(toks: Tokens, k: int, factor: float) -> Number | None:
    """ "... and 818 million" after a larger scale: the number continues into a smaller scaled part."""
    if not (k + 2 < len(toks) and toks[k].low in NUMBER_JOINERS):
        return None
    if not (toks[k + 1].is_num or word_value(toks[k + 1]) is not None):
        return None
    rest = parse_number(toks, k + 1)
    return rest if rest is not None and rest.scaled and rest.scale < factor else None


def _and_tens(toks: Tokens, st: _Reading) -> bool:
    """ "one hundred and twenty"."""
    if not (
        toks[st.k].low in NUMBER_JOINERS
        and st.k + 1 < len(toks)
        and st.current >= 100
        and st.current % 100 == 0
        and st.words
    ):
        return False
    sub = parse_number(toks, st.k + 1)
    if sub is None or not sub.words or sub.value >= 100 or sub.scaled:
        return False
    st.current += sub.value
    st.k = sub.j
    return True


def _and_a_half(toks: Tokens, st: _Reading) -> bool:
    """ "one and a half"."""
    if not words_at(toks, st.k, AND_A_HALF):
        return False
    st.current += 0.5
    st.words = True
    st.k += len(AND_A_HALF)
    return True


def _tens_units(toks: Tokens, st: _Reading) -> bool:
    """ "twenty five" written without a hyphen."""
    t = toks[st.k]
    units = word_value(t)
    if not (st.last_was_tens and units is not None and units < 10 and t.space):
        return False
    st.current += units
    st.k += 1
    st.last_was_tens = False
    return True


# What may follow a number's first words, tried in order at each next token.
_TAILS: Final = (_hundred, _scale, _hyphened_scale, _and_tens, _and_a_half, _tens_units)
# The words a tail may begin with: a number followed by none of them ends there.
_TAIL_STARTS: Final = frozenset({HUNDRED, *SCALES, HYPHEN, *NUMBER_JOINERS, *SMALL_NUMBERS})


def parse_fraction(toks: Tokens, i: int) -> tuple[float, int] | None:
    """A fraction phrase at token i ("a third", "two thirds", "half") -> (value, end), else None."""
    if 0 <= i < len(toks) and toks[i].low not in FRACTION_FIRST:
        return None
    for size in (3, 2, 1):
        key = tuple(t.low for t in toks[i : i + size])
        if len(key) == size and key in FRACTIONS:
            return FRACTIONS[key], i + size
    return None


def parse_ordinal(toks: Tokens, i: int) -> tuple[int, int] | None:
    """An ordinal at token i ("fifth", "5th", "second-largest" -> 2) -> (value, end), else None."""
    t = toks[i]
    if t.low in ORDINALS:
        return ORDINALS[t.low], i + 1
    if (
        t.is_num
        and i + 1 < len(toks)
        and toks[i + 1].low in ORDINAL_SUFFIXES
        and not toks[i + 1].space
        and t.text.isdigit()
    ):
        return int(t.text), i + 2
    return None
