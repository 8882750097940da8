"""Numbers that are no figures (`exclusions.py`), rule by rule, on hand-made token sequences.

"[" marks the number asked about. Each rule is checked on the numbers it excludes and on a near
miss it must leave alone.
"""

from __future__ import annotations

import pytest
from grammar_tokens import tokens_at

from regional_report.extract import exclusions as ex
from regional_report.extract.numbers import parse_number


def _number(text: str):  # type: ignore[no-untyped-def]
    toks, i = tokens_at(text)
    num = parse_number(toks, i)
    assert num is not None, text
    return toks, num


@pytest.mark.parametrize(
    ("rule", "text", "excluded"),
    [
        (ex.clock_time, "at [14:10 today", True),
        (ex.clock_time, "at 14:[10 today", True),
        (ex.clock_time, "ratio [3 : 1", False),
        (ex.identifier_after_dash, "the Su-[57 jet", True),
        (ex.identifier_after_dash, "grew - [57 percent", False),
        (ex.glued_to_letters, "the M[54 road", True),
        (ex.glued_to_letters, "a [5G network", True),
        (ex.glued_to_letters, "a [40km road", False),
        (ex.code_tail, "on 2022-04-[28", True),
        (ex.code_tail, "on 2022-[04-28", True),
        (ex.numbered, "Plant No. [1", True),
        (ex.numbered, "see slide [5", True),
        (ex.numbered, "under Article [5", True),
        (ex.numbered, "240 per [100,000 people", True),
        (ex.numbered, "an order for [5 planes", False),  # a name's word only when capitalised
        (ex.numbered, "an Order for [5 planes", False),  # ... and right before the number
        (ex.version, "the Industry [4.0 programme", True),
        (ex.version, "the Industry [4.0 percent", False),
        (ex.list_number, "[1.", True),
        (ex.list_number, "[1. Roads", False),
        (ex.power, "10^[30", True),
        (ex.country_list_size, "the [85 regions of Russia", True),
        (ex.country_list_size, "the [95 regions", False),
        (ex.date, "September [10", True),
        (ex.date, "[10 September 2025", True),
        (ex.date, "the [5th of May", False),  # an ordinal: parse_number reads "5" only, then "th"
        (ex.year, "In [2024, output", True),
        (ex.year, "[2024 tonnes", False),
        (ex.year, "for [2024 years", True),
        (ex.year, "[2,024 people", False),
        (ex.decade, "the [1990s", True),
        (ex.decade, "the [1990 s", False),
    ],
)
def test_rule(rule: ex.Rule, text: str, excluded: bool) -> None:
    """Each rule excludes its numbers and leaves the near miss."""
    toks, num = _number(text)
    assert rule(toks, num, False) == excluded


def test_a_range_end_may_follow_a_dash() -> None:
    """ "2020–2024": the second number of a range is no code's tail."""
    toks, num = _number("in 20–[25 percent")
    assert ex.code_tail(toks, num, False)
    assert not ex.code_tail(toks, num, True)


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("on May 6, [7 and 8", True),
        ("by May 6, [85 beds", False),
        ("Plant No. [1", True),
        ("built [five schools", False),
        ("[2024", True),
    ],
)
def test_is_excluded_number(text: str, excluded: bool) -> None:
    """A number is excluded when any rule holds; the digit rules pass number words by."""
    toks, num = _number(text)
    assert ex.is_excluded_number(toks, num) == excluded


@pytest.mark.parametrize(
    ("rule", "text", "excluded"),
    [
        (ex.age, "children from age [five upwards", True),
        (ex.age, "residents aged [65 and older", True),
        (ex.age, "children aged 3 to [7", True),
        (ex.age, "children and teenagers from [8 to 14", True),
        (ex.age, "children and teenagers from 8 to [14 will join", True),
        (ex.age, "children from [50 families", False),  # a number before a noun counts it
        (ex.age, "output grew from [8 to 14 percent", False),  # no age noun before "from"
        (ex.listed_date, "on May 6, [7 and 8", True),
        (ex.listed_date, "on May 6, 7 and [8", True),
        (ex.listed_date, "by May 6, [20 beds were ready", False),
        (ex.listed_date, "by May 6, [485 were ready", False),  # no day of a month
        (ex.named, "brings us to number [three", True),
        (ex.named, "a total of [three", False),
    ],
)
def test_context_rule(rule: ex.Rule, text: str, excluded: bool) -> None:
    """Ages, days listed after a date and numbered items are excluded; counts near them are not."""
    toks, num = _number(text)
    assert rule(toks, num, False) == excluded
