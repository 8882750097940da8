"""The change words around a number (`changes.py`), rule by rule, on hand-made token sequences.

"[" marks the token the rule is asked about: the first token of the number phrase (or of its qualifier).
"""

from __future__ import annotations

import pytest
from grammar_tokens import tokens_at

from regional_report.extract.changes import (
    change_sign_after,
    change_sign_before,
    multiple_word_ok,
    phrase_changes,
)
from regional_report.extract.text import tokenize


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Output grew by [5 percent.", (1, False)),
        ("Road deaths fell by [12 percent.", (-1, False)),
        ("The area will grow by another [17 percent.", (1, True)),
        ("It rose by a further [3 percent.", (1, True)),
        ("Production increased this year by [4 percent.", (1, False)),  # the verb further back in the clause
        ("The plan was, by [2025, done.", None),  # "by" with no change verb
        ("It was more, by [2 percent.", None),  # a comparative acts only right before "by"
        ("It was more by [2 percent.", (1, False)),
        ("Prices grew; by [5 percent the wages.", None),  # the clause ended
        ("It will add by another [5 percent.", (1, True)),
        ("They fell by anywhere from [10 to 12 percent.", (-1, False)),
        ("A growth of [5 percent.", (1, False)),
        ("An annual increase of [7 percent.", (1, False)),
        ("A decline of [3 percent.", (-1, False)),
        ("A share of [3 percent.", None),
        ("Sales were up [5 percent.", (1, False)),
        ("Sales were down [5 percent.", (-1, False)),
        ("They set up [5 centres.", None),  # a phrasal verb's "up"
        ("GRP increased [1.3 percent.", (1, False)),
        ("They invested [5 billion.", None),
        ("Next year another [5 schools.", None),  # "another" with no change word
    ],
)
def test_change_sign_before(text: str, sign: tuple[int, bool] | None) -> None:
    """It reads the sign from "<verb> by", "by another", "<change noun> of", "up"/"down" and a change
    verb right before the number."""
    toks, k = tokens_at(text)
    assert change_sign_before(toks, k) == sign


def test_change_sign_before_at_the_edges() -> None:
    """It reads nothing before the first token and nothing past the last."""
    toks = tokenize("grew by")
    assert change_sign_before(toks, 0) is None
    assert change_sign_before(toks, len(toks) + 1) is None


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("a 2 percent [increase", 1),
        ("10 percent [more", 1),
        ("a 3 percent [decline", -1),
        ("5 percent [fewer", -1),
        ("5 percent [of", None),
        ("a 3–5 percent [annual growth", 1),
        ("a 2 percent [average annual decline", -1),
    ],
)
def test_change_sign_after(text: str, sign: int | None) -> None:
    """It reads the sign of a change from the noun or comparative after a percentage."""
    toks, j = tokens_at(text)
    assert change_sign_after(toks, j) == sign


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The queue was cut in half.", [("cut in half", -50.0, "%", "exact")]),
        ("Exports doubled.", [("doubled", 2.0, "x", "exact")]),
        ("Exports have almost doubled.", [("almost doubled", 2.0, "x", "approx")]),
        ("The debt has almost been halved.", [("almost been halved", -50.0, "%", "approx")]),
        ("Output grew two-fold.", [("two-fold", 2.0, "x", "exact")]),
        ("Every third resident is a pensioner.", [("Every third", 100 / 3, "%", "exact")]),
        ("Every first Monday.", []),  # "every first" is no share
        ("We meet twice a week.", []),
        ("Output is twice as high.", [("twice", 2.0, "x", "exact")]),
        ("We will double the output.", [("double", 2.0, "x", "exact")]),
        ("A double-digit rise.", []),
    ],
)
def test_phrase_changes(text: str, found: list[tuple[str, float, str, str]]) -> None:
    """It finds whole-phrase changes and shares by an ordinal, with the qualifier before them."""
    toks = tokenize(text)
    spans = phrase_changes(toks, [False] * len(toks), list(range(len(toks))))
    got = [(text[toks[s.i].start : toks[s.j - 1].end], round(s.value, 6), s.unit, s.qualifier) for s in spans]
    assert got == [(surface, round(value, 6), unit, q) for surface, value, unit, q in found]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("[twice as many", True),
        ("[twice a week", False),
        ("will [double output", True),
        ("a [double room", False),
        ("a [double-digit rise", False),
        ("to [triple the", True),
    ],
)
def test_multiple_word_ok(text: str, ok: bool) -> None:
    """ "twice" multiplies before a comparison; "double" and "triple" after a verb's helper or before a
    determiner; never in a hyphened word."""
    toks, i = tokens_at(text)
    assert multiple_word_ok(toks, i, i + 1) == ok
