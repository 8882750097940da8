"""Places in rankings (`ranks.py`), reader by reader, on hand-made token sequences.

"[" marks the token a reader is asked about. A reader gives a place, decides there is none (None),
or passes the token on (PASS).
"""

from __future__ import annotations

import pytest
from grammar_tokens import tokens_at

from regional_report.extract import ranks as rk
from regional_report.extract.text import tokenize


def _read(reader: rk.Callable[[rk.Tokens, int, bool], rk.Reading], text: str) -> object:
    toks, i = tokens_at(text)
    found = reader(toks, i, rk.one_of_several(toks, i))
    if isinstance(found, rk.Span):
        return (
            text.replace("[", "")[toks[found.i].start : toks[found.j - 1].end],
            found.value,
            found.qualifier,
        )
    return found


@pytest.mark.parametrize(
    ("reader", "text", "found"),
    [
        (rk.rank_phrase, "We are [second only to Moscow", ("second", 2.0, "exact")),
        (rk.rank_phrase, "We are [second in line", rk.PASS),
        (rk.top_word, "We took the [top spot", ("top spot", 1.0, "exact")),
        (rk.top_word, "We are the [leader in the country", ("leader", 1.0, "exact")),
        (rk.top_word, "We are [leader of the pack", None),
        (rk.top_word, "The region [leads the country in housing", ("leads", 1.0, "exact")),
        (rk.top_word, "The region [leads the Far East in housing", ("leads", 1.0, "exact")),
        (rk.top_word, "The region [leads talks with investors", None),
        (rk.top_word, "one of the [leading position", None),
        (rk.top_word, "The region is [top", rk.PASS),
        (rk.top_word, "to reach a [leading position in this segment", None),
        (rk.top_n, "one of the [top three in Russia", ("top three", 3.0, "max")),
        (rk.top_n, "a [top-ten region", ("top-ten", 10.0, "max")),
        (rk.top_n, "entered the [top 10", ("top 10", 10.0, "max")),
        (rk.top_n, "the [top 10 projects", None),
        (rk.top_n, "the [top 500 companies", None),
        (rk.top_n, "in the [first place", rk.PASS),
        (
            rk.among_the_n,
            "The region is [among the ten largest producers",
            ("among the ten largest", 10.0, "max"),
        ),
        (rk.among_the_n, "Plants are [among the ten largest", None),  # the region is not the subject
        (rk.among_the_n, "The region is [among the leaders", None),
        (rk.ordinal_place, "took [fifth place in the rating", ("fifth place", 5.0, "exact")),
        (rk.ordinal_place, "won [first place prize", None),
        (rk.ordinal_place, "The region ranks [first in flax", ("first", 1.0, "exact")),
        (rk.ordinal_place, "The region is [third in Russia", ("third", 3.0, "exact")),
        (
            rk.ordinal_place,
            "The region is the [second-largest producer in Russia",
            ("second-largest", 2.0, "exact"),
        ),
        (rk.ordinal_place, "the [first stage of the plant", None),
        (rk.ordinal_place, "is the [first in Russia to launch it", None),
        (rk.ordinal_place, "(the [10th among the regions)", ("10th", 10.0, "exact")),
        (rk.ordinal_place, "the [largest", rk.PASS),
        (rk.ordinal_place, "up in the ranking, from [53rd to 29th", ("53rd", 53.0, "exact")),
        (rk.ordinal_place, "up in the ranking, from 53rd to [29th", ("29th", 29.0, "exact")),
        (rk.ordinal_place, "moved from [3rd to 5th floor", None),  # no ranking named
        (rk.ordinal_place, "The region comes one of the [first in Russia", None),
        (
            rk.superlative_place,
            "The region is the [largest flax grower in the district",
            ("largest", 1.0, "exact"),
        ),
        (
            rk.superlative_place,
            "Our region is Russia's [biggest producer of apples",
            ("biggest", 1.0, "exact"),
        ),
        (rk.superlative_place, "It is Europe's [largest museum", None),
        (rk.superlative_place, "Chechnya is the [safest republic in the country", ("safest", 1.0, "exact")),
        (rk.superlative_place, "The region has the [biggest plant in the world", None),
        (rk.superlative_place, "We think they are the [best in Russia", None),
        (rk.superlative_place, "The region is one of the [largest producers in Russia", None),
    ],
)
def test_reader(reader: rk.Callable[[rk.Tokens, int, bool], rk.Reading], text: str, found: object) -> None:
    """Each reader gives its place, no place, or passes a token it does not read."""
    assert _read(reader, text) == found


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("The region took fifth place and is among the top three in Russia.", [5.0, 3.0]),
        ("The region is one of the top three in the country.", [3.0]),
        ("Salaries are among the highest in the country.", []),
        ("We were the first to open a school.", []),
    ],
)
def test_ranks_in_a_sentence(text: str, places: list[float]) -> None:
    """The first reader that reads a token decides; every place of the sentence is found."""
    toks = tokenize(text)
    assert [s.value for s in rk.ranks(toks, [False] * len(toks), list(range(len(toks))))] == places


@pytest.mark.parametrize(
    ("text", "scoped"),
    [
        ("[in the country in housing", True),
        ("[among Russian regions", True),
        ("[in the Far East", True),
        ("[in the world", False),
        ("[in Russia and Europe", False),
        ("[in the North Caucasus", True),  # not the foreign "in the north"
        ("[in our city", False),
    ],
)
def test_has_scope(text: str, scoped: bool) -> None:
    """A scope names the country, a district or the regions, and no other place."""
    toks, j = tokens_at(text)
    assert rk.has_scope(toks, j, 10) == scoped


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("leads [the country", True),
        ("leads [Russia in", True),
        ("leads [the Siberian Federal District", True),
        ("leads [the Urals", True),
        ("leads [the talks", False),
    ],
)
def test_names_scope(text: str, named: bool) -> None:
    """What "leads" leads is the country, a district or a federal district by its short name."""
    toks, j = tokens_at(text)
    assert rk.names_scope(toks, j) == named


@pytest.mark.parametrize(
    ("text", "is_denied"),
    [
        ("This is not a [top spot", True),
        ("We are not only the [largest", False),
        ("It is now the [top spot", False),
    ],
)
def test_denied(text: str, is_denied: bool) -> None:
    """A negation just before a place denies it; "not only" does not."""
    toks, i = tokens_at(text)
    assert rk.denied(toks, i) == is_denied


def test_helpers_on_hand_made_tokens() -> None:
    """The possessive scope, the agent noun, the subject and "the first to" read what they say."""
    toks, i = tokens_at("Russia's [biggest producer")
    assert rk.possessive_scope(toks, i) and rk.agent_after(toks, i + 1) == i + 1
    toks, i = tokens_at("the [largest modern grain producer")
    assert rk.agent_after(toks, i + 1) == i + 3
    toks, i = tokens_at("the [largest modern grain and meat producer")
    assert rk.agent_after(toks, i + 1) is None  # more than two modifiers: too far
    toks, i = tokens_at("the region said that they are the [best")
    assert not rk.self_is_subject(toks, i)
    toks, i = tokens_at("they said the region is the [best")
    assert rk.self_is_subject(toks, i)
    toks, j = tokens_at("first [in Russia to build it")
    assert rk.first_to_do(toks, j)
