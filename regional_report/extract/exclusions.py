"""Numbers that are not figures: clock times, dates, years, identifiers and codes, versions, list numbering.

Each rule is a predicate over a number phrase in its sentence's tokens; a number any rule holds for is
excluded. The rules of `DIGIT_RULES` read only numbers written in digits. Most rules react to the word
before or after the number: `TRIGGERS` says which, so a number between other words asks only the
rules that read its shape (`SHAPE_RULES`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.numbers import Number
from regional_report.extract.spans import low, unit_at
from regional_report.extract.text import Lexeme, Tokens

Rule = Callable[[Tokens, Number, bool], bool]
NUMBER_WORDS: Final = frozenset({*lx.SMALL_NUMBERS, *lx.TENS})
_RANGE_JOINS: Final = lx.RANGE_TO | lx.RANGE_AND | lx.DASHES
_RANGE_OPENS: Final = lx.RANGE_FROM | lx.RANGE_BETWEEN


def is_excluded_number(toks: Tokens, num: Number, *, range_end: bool = False) -> bool:
    """Whether the number phrase `num` is no figure; `range_end`: it ends a range ("2020–2024" is one)."""
    digits = toks[num.i].is_num
    shape, by_prev, by_next = (
        (SHAPE_RULES, _BY_PREV, _BY_NEXT) if digits else (WORD_SHAPE_RULES, _WORD_BY_PREV, _WORD_BY_NEXT)
    )
    return (
        _holds(shape, toks, num, range_end)
        or _holds(by_prev.get(low(toks, num.i - 1), ()), toks, num, range_end)
        or _holds(by_next.get(low(toks, num.j), ()), toks, num, range_end)
    )


def _holds(rules: tuple[Rule, ...], toks: Tokens, num: Number, range_end: bool) -> bool:
    """Whether any of the rules holds for the number (a loop: faster than any() on every number read)."""
    for rule in rules:  # noqa: SIM110
        if rule(toks, num, range_end):
            return True
    return False


def clock_time(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "14:10", "3:1": digits on either side of a colon with no space."""
    i, j = num.i, num.j
    before = low(toks, i - 1) in lx.CLOCK_MARKS and i >= 2 and toks[i - 2].is_num and not toks[i].space
    after = low(toks, j) in lx.CLOCK_MARKS and j + 1 < len(toks) and toks[j + 1].is_num and not toks[j].space
    return before or after


def identifier_after_dash(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "Su-57", "COVID-19": letters, a dash and digits with no space."""
    i = num.i
    return (
        low(toks, i - 1) in lx.DASHES
        and not toks[i].space
        and i >= 2
        and toks[i - 2].is_word
        and not toks[i - 1].space
    )


def glued_to_letters(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "M54", "A320", "5G": digits glued to letters (but "40km", "12bn" are a number and its unit)."""
    i, j = num.i, num.j
    if i >= 1 and toks[i - 1].is_word and not toks[i].space:
        return True
    return j < len(toks) and toks[j].is_word and not toks[j].space and toks[j].low not in lx.TIGHT_UNITS


def code_tail(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "2022-04-28": the tail of a date or a code (a range's end may follow a dash)."""
    i = num.i
    return (
        not range_end
        and low(toks, i - 1) in lx.DASHES
        and not toks[i].space
        and i >= 2
        and toks[i - 2].is_num
        and not toks[i - 1].space
    )


def numbered(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "No. 44", "# 5", "slide 5", "Article 5", "per 100,000": a number naming or dividing, not counting."""
    i = num.i
    prev = low(toks, i - 1)
    if prev in lx.FULL_STOPS and low(toks, i - 2) in lx.NUMBER_ABBREVIATIONS:
        return True
    if prev in lx.NUMBER_SIGNS or prev in lx.DOCUMENT_PLACES:
        return True
    return (
        i >= 1 and toks[i - 1].is_word and toks[i - 1].text[:1].isupper() and prev in lx.IDENTIFIER_PREFIXES
    )


def version(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "Akademgorodok 2.0", "Industry 4.0": a decimal after a name, with no unit or scale."""
    i, j = num.i, num.j
    after_name = i >= 2 and toks[i - 1].is_word and toks[i - 1].text[:1].isupper()
    return (
        "." in toks[i].text
        and after_name
        and low(toks, i - 1) not in lx.CURRENCY_PREFIXES
        and unit_at(toks, j) is None
        and low(toks, j) not in lx.SCALES
    )


def list_number(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "1." or "2)" alone at a line's start."""
    return num.i == 0 and low(toks, num.j) in lx.LIST_MARKS and num.j + 1 >= len(toks)


def power(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "10^30": powers written with a caret are not this genre's notation."""
    return low(toks, num.j) in lx.POWER_MARKS or low(toks, num.i - 1) in lx.POWER_MARKS


def country_list_size(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "the 85 regions of Russia": the size of the country's list, not a figure about the region."""
    least, most = lx.COUNTRY_REGION_COUNTS
    return (
        least <= num.value <= most
        and low(toks, num.j) in lx.COUNTRY_LIST_NOUNS
        and low(toks, num.i - 1) in lx.DEFINITE_ARTICLES
    )


def date(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "September 10", "10 September 2025", "the 5th of May"."""
    prev, nxt = low(toks, num.i - 1), low(toks, num.j)
    if prev in lx.MONTHS or nxt in lx.MONTHS:
        return True
    return prev in lx.DEFINITE_ARTICLES and nxt in lx.DATE_OF and low(toks, num.j + 1) in lx.MONTHS


def listed_date(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "on May 6, 7 and 8": numbers listed after a date are days of it (a day alone, with no noun)."""
    if low(toks, num.i - 1) not in lx.DATE_LIST_JOINERS:
        return False
    counted = unit_at(toks, num.j) is not None or any(
        low(toks, k) in lx.COUNT_NOUNS for k in range(num.j, num.j + lx.NOUN_MODIFIERS_REACH + 1)
    )
    if num.value > lx.DAYS_IN_MONTH or counted:
        return False
    k = num.i - 1
    while low(toks, k) in lx.DATE_LIST_JOINERS and k >= 1 and toks[k - 1].is_num:
        k -= 2
        if low(toks, k) in lx.MONTHS:
            return True
    return False


def named(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "which brings us to number three": a number naming an item."""
    return low(toks, num.i - 1) in lx.NUMBER_NAMES


def year(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "In 2024": a year written plainly, a time reference (unless a unit other than years follows)."""
    first, last = lx.YEAR_RANGE
    digits = num.plain_digits
    if not (digits.isdigit() and len(digits) == 4 and first <= num.value <= last):
        return False
    return unit_at(toks, num.j) is None or low(toks, num.j) in lx.YEAR_UNITS


def age(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "from age five upwards", "aged 3 to 7", "children and teenagers from 8 to 14": ages, not counts."""
    i = num.i
    if low(toks, i - 1) in _RANGE_JOINS and i >= 2 and _is_number(toks[i - 2]):
        i -= 2  # a range's end: read where its start stands
    elif num.j < len(toks) and toks[num.j].is_word and low(toks, num.j) not in lx.AGE_FOLLOWERS:
        return False  # a number before a noun counts it
    prev = low(toks, i - 1)
    if prev in lx.AGE_WORDS:
        return True
    return prev in _RANGE_OPENS and any(
        low(toks, k) in lx.AGE_NOUNS for k in range(i - 1 - lx.AGE_REACH, i - 1)
    )


def _is_number(tok: Lexeme) -> bool:
    return tok.is_num or tok.low in NUMBER_WORDS


def decade(toks: Tokens, num: Number, range_end: bool) -> bool:
    """ "the 1990s"."""
    j = num.j
    return toks[num.i].is_num and low(toks, j) in lx.DECADE_SUFFIXES and not toks[j].space


DIGIT_RULES: Final = frozenset(
    {clock_time, identifier_after_dash, glued_to_letters, code_tail, numbered, version, list_number}
)
# The rules that read the number's own shape and spacing, asked of every number (of digits: all of them).
SHAPE_RULES: Final[tuple[Rule, ...]] = (glued_to_letters, version, list_number, year)
WORD_SHAPE_RULES: Final[tuple[Rule, ...]] = (year,)
# The other rules, by the words before and after the number that they react to.
TRIGGERS: Final[tuple[tuple[Rule, frozenset[str], frozenset[str]], ...]] = (
    (clock_time, lx.CLOCK_MARKS, lx.CLOCK_MARKS),
    (identifier_after_dash, lx.DASHES, frozenset()),
    (code_tail, lx.DASHES, frozenset()),
    (numbered, lx.FULL_STOPS | lx.NUMBER_SIGNS | lx.DOCUMENT_PLACES | lx.IDENTIFIER_PREFIXES, frozenset()),
    (power, lx.POWER_MARKS, lx.POWER_MARKS),
    (country_list_size, lx.DEFINITE_ARTICLES, frozenset()),
    (date, lx.MONTHS | lx.DEFINITE_ARTICLES, lx.MONTHS),
    (listed_date, lx.DATE_LIST_JOINERS, frozenset()),
    (named, lx.NUMBER_NAMES, frozenset()),
    (age, lx.AGE_WORDS | _RANGE_JOINS | _RANGE_OPENS, frozenset()),
    (decade, frozenset(), lx.DECADE_SUFFIXES),
)
RULES: Final[tuple[Rule, ...]] = (*SHAPE_RULES, *(rule for rule, _, _ in TRIGGERS))
_BY_PREV: Final = {w: tuple(r for r, before, _ in TRIGGERS if w in before) for _, b, _ in TRIGGERS for w in b}
_BY_NEXT: Final = {w: tuple(r for r, _, after in TRIGGERS if w in after) for _, _, a in TRIGGERS for w in a}
# ... for a number written in words: the rules of digits left out.
_WORD_BY_PREV: Final = {w: tuple(r for r in rules if r not in DIGIT_RULES) for w, rules in _BY_PREV.items()}
_WORD_BY_NEXT: Final = {w: tuple(r for r in rules if r not in DIGIT_RULES) for w, rules in _BY_NEXT.items()}
