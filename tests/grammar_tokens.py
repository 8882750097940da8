"""Hand-made token sequences for the grammar's unit tests: a text and the token a rule is asked about."""

from __future__ import annotations

from regional_report.extract.numbers import parse_number
from regional_report.extract.spans import Phrase
from regional_report.extract.text import Token, tokenize


def tokens_at(text: str, marked: str | None = None) -> tuple[list[Token], int]:
    """The tokens of `text`, with "[" before the token asked about removed, and that token's index.

    >>> toks, i = tokens_at("grew by [5 percent")
    >>> toks[i].text
    '5'
    """
    if "[" not in text:
        toks = tokenize(text)
        return toks, next(k for k, t in enumerate(toks) if marked is None or t.low == marked)
    before, after = text.split("[", 1)
    toks = tokenize(before + after)
    return toks, len(tokenize(before))


def phrase_at(text: str) -> tuple[list[Token], Phrase]:
    """The tokens of `text` and the bare phrase of the number marked by "[" (the first number if none)."""
    toks, i = tokens_at(text) if "[" in text else (tokenize(text), -1)
    if i < 0:
        i = next(k for k, t in enumerate(toks) if t.is_num or parse_number(toks, k) is not None)
    num = parse_number(toks, i)
    assert num is not None, text
    return toks, Phrase(num)
