"""Numbers as written in English prose: digit groups, number words, scale words and fractions."""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from regional_report.extract.lexicon import (
    FRACTIONS,
    HUNDRED,
    ORDINAL_SUFFIXES,
    ORDINALS,
    SCALES,
    SMALL_NUMBERS,
    TENS,
)
from regional_report.extract.text import Lexeme, Token, Tokens

_GROUPED: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN: Final = re.compile(r"\d+(?:\.\d+)?")
# Scale words that need a number before them ("bn" alone is not a number).
BARE_SCALES: Final = frozenset({"thousand", "million", "billion", "trillion", "hundred"})
_PLURAL_SCALES: Final = frozenset({"thousands", "millions", "billions", "hundreds"})
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


class Number(NamedTuple):
    """A number phrase over tokens [i, j): its value, whether it used words, and its scale word.

    A named tuple: the grammar makes one per number it reads, and a tuple is made faster than a frozen
    dataclass.
    """

    value: float
    i: int
    j: int
    words: bool
    scale: float = 1.0
    plain_digits: str = ""

    @property
    def scaled(self) -> bool:
        return self.scale > 1.0


def word_value(tok: Token | Lexeme) -> int | None:
    """The value of a single number word ("five" -> 5), else None."""
    return SMALL_NUMBERS.get(tok.low, TENS.get(tok.low))


def parse_number(toks: Tokens, i: int) -> Number | None:
    """The longest number phrase starting at token i, or None.

    Handles "4,000", "1.5 million", "Fifty", "twenty-five", "one and a half", "half a million",
    "a million", "Two trillion and 818 million", "three hundred".
    """
    n = len(toks)
    if i >= n:
        return None
    first = toks[i]
    # "a quarter of a million"
    frac = parse_fraction(toks, i) if i < 0 or first.low in FRACTION_FIRST else None
    if (
        frac is not None
        and frac[1] + 2 < n
        and toks[frac[1]].low == "of"
        and toks[frac[1] + 1].low == "a"
        and toks[frac[1] + 2].low in BARE_SCALES
    ):
        factor = SCALES.get(toks[frac[1] + 2].low, 100.0)
        return Number(frac[0] * factor, i, frac[1] + 3, True, factor)
    # "half a million"
    if first.low == "half" and i + 2 < n and toks[i + 1].low == "a" and toks[i + 2].low in SCALES:
        return Number(0.5 * SCALES[toks[i + 2].low], i, i + 3, True, SCALES[toks[i + 2].low])
    if first.low == "a" and i + 1 < n and toks[i + 1].low in BARE_SCALES:
        start = i + 1
        current = 1.0
    elif first.is_num:
        v = parse_digits(first.text)
        if v is None:
            return None
        start = i + 1
        current = v
    elif word_value(first) is not None:
        start = i + 1
        current = float(word_value(first) or 0)
        # twenty-five
        if (
            first.low in TENS
            and i + 2 < n
            and toks[i + 1].text == "-"
            and not toks[i + 1].space
            and not toks[i + 2].space
            and toks[i + 2].low in SMALL_NUMBERS
            and SMALL_NUMBERS[toks[i + 2].low] < 10
        ):
            current += SMALL_NUMBERS[toks[i + 2].low]
            start = i + 3
    else:
        return None
    words = not first.is_num
    total = 0.0
    scale = 1.0
    k = start
    last_was_tens = first.low in TENS and start == i + 1
    while k < n:
        t = toks[k]
        if t.low == HUNDRED and current < 100:
            current = (current or 1) * 100
            words = True
            k += 1
            last_was_tens = False
            continue
        if (
            t.low in SCALES
            and t.low not in _PLURAL_SCALES
            and (t.space or t.low in ("bn", "mln", "mn", "trn"))
        ):
            if t.low == "k" or (t.low in ("t", "tn") and k + 1 < n and toks[k + 1].low == "per"):
                break
            factor = SCALES[t.low]
            if current == 0 and total > 0:
                return None  # "trillion trillion": a scale on a scale is no number of this genre
            total += (current or 1) * factor
            scale = max(scale, factor)
            current = 0.0
            k += 1
            last_was_tens = False
            # "... and 818 million": continue only into a smaller scaled part
            if (
                k + 2 < n
                and toks[k].low == "and"
                and (toks[k + 1].is_num or word_value(toks[k + 1]) is not None)
            ):
                nxt = parse_number(toks, k + 1)
                if nxt is not None and nxt.scaled and nxt.scale < factor:
                    return Number(total + nxt.value, i, nxt.j, True, scale)
            continue
        # "one hundred and twenty"
        if t.low == "and" and k + 1 < n and current >= 100 and current % 100 == 0 and words:
            sub = parse_number(toks, k + 1)
            if sub is not None and sub.words and sub.value < 100 and not sub.scaled:
                current += sub.value
                k = sub.j
                continue
        if t.low == "and" and k + 2 < n and toks[k + 1].low == "a" and toks[k + 2].low == "half":
            current += 0.5
            words = True
            k += 3
            continue
        if last_was_tens and word_value(t) is not None and (word_value(t) or 0) < 10 and t.space:
            current += word_value(t) or 0
            k += 1
            last_was_tens = False
            continue
        break
    value = total + current
    if value >= MAX_MAGNITUDE:
        return None
    plain = first.text if (first.is_num and k == i + 1) else ""
    return Number(value, i, k, words, scale, plain)


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
