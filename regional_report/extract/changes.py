"""Changes: the sign a number's words give it ("grew by", "a 2 percent increase", "up 5 percent") and the
whole-phrase changes that carry their own value ("cut in half", "doubled", "two-fold").
"""

from __future__ import annotations

from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.numbers import parse_ordinal
from regional_report.extract.spans import Sign, Span, low, match_at, qualifier_before, words_before
from regional_report.extract.text import Tokens
from regional_report.model import Qualifier

# The words that may begin a whole-phrase change, or a share by an ordinal ("every third").
PHRASE_STARTS: Final = frozenset({*(k[0] for k in lx.CHANGE_PHRASES), *lx.SHARE_BY_ORDINAL})
_CHANGE_PHRASES_BY_FIRST: Final = {
    w: [k for k in lx.CHANGE_PHRASES if k[0] == w] for w, *_ in lx.CHANGE_PHRASES
}


def change_sign_before(toks: Tokens, k: int) -> Sign | None:
    """The sign of a change whose number (or qualifier) starts at token k, from the words before it.

    Returns (sign, is_another): "<verb> by", "by another", "growth of", "up"/"down", "grew 5 percent".
    """
    p = k - 1
    if words_before(toks, p + 1, lx.RANGE_OPENER):
        p -= len(lx.RANGE_OPENER)  # "anywhere from 10 to 12 percent"
    another = low(toks, p) in lx.INCREMENT_WORDS
    if another:
        p -= 1
        if low(toks, p) in lx.INDEFINITE_ARTICLES:
            p -= 1
    w = low(toks, p)  # the word before the number, once "another" and its article are passed
    if w in lx.CHANGE_BY:
        return _sign_of_by(toks, p, another)
    if w in lx.CHANGE_OF:
        return _sign_of_noun(toks, p, another)
    if w in lx.UP_DOWN:
        return None if low(toks, p - 1) in lx.PHRASAL_UP_VERBS else (lx.UP_DOWN[w], another)
    if not another and w in lx.DIRECT_CHANGE_VERBS:
        return lx.CHANGE_VERBS[w], False  # "GRP increased 1.3 percent", "went up 1.9 percent"
    return None


def _sign_of_by(toks: Tokens, p: int, another: bool) -> Sign | None:
    """The sign of "by" at token p: its verb near it, else a change verb earlier in the clause."""
    verb = _verb_near_by(toks, p)
    if verb is None:
        verb = _verb_in_clause(toks, p)
    if verb is not None:
        return lx.CHANGE_VERBS[verb], another
    return (1, True) if another else None


def _verb_near_by(toks: Tokens, p: int) -> str | None:
    """A change word right before "by" at token p, with no clause mark or number between."""
    for q in range(p - 1, max(-1, p - 1 - lx.BY_VERB_REACH), -1):
        w = low(toks, q)
        if w in lx.CHANGE_VERBS:
            return w
        if w in lx.NEAR_CLAUSE_ENDS or (q < len(toks) and toks[q].is_num):
            return None
    return None


def _verb_in_clause(toks: Tokens, p: int) -> str | None:
    """A change verb (not a comparative) earlier in the clause of "by" at token p."""
    for q in range(p - 1, max(-1, p - 1 - lx.BY_CLAUSE_REACH), -1):
        w = low(toks, q)
        if w in lx.CLAUSE_ENDS:
            return None
        if w in lx.CHANGE_VERBS and w not in lx.NEAR_ONLY_CHANGE_WORDS:
            return w
    return None


def _sign_of_noun(toks: Tokens, p: int, another: bool) -> Sign | None:
    """The sign of "of" at token p after a change noun: "growth of", "an annual increase of"."""
    noun = low(toks, p - 1)
    if noun not in lx.CHANGE_NOUNS_OF and noun in lx.CHANGE_NOUN_MODIFIERS:
        noun = low(toks, p - 2)
    return (lx.CHANGE_NOUNS_OF[noun], another) if noun in lx.CHANGE_NOUNS_OF else None


def change_sign_after(toks: Tokens, j: int) -> int | None:
    """The sign of a change from the word after a percentage ("a 2 percent increase", "10 percent more")."""
    while low(toks, j) in lx.CHANGE_AFTER_MODIFIERS:
        j += 1
    return lx.CHANGE_AFTER.get(low(toks, j))


def phrase_changes(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Whole-phrase changes ("cut in half", "doubled", "two-fold", "almost double") and shares by an
    ordinal ("every third resident")."""
    out: list[Span] = []
    for i in starts:
        if toks[i].low in PHRASE_STARTS:
            span = _ordinal_share(toks, i) or _change_phrase(toks, i)
            if span is not None:
                out.append(span)
    return out


def _ordinal_share(toks: Tokens, i: int) -> Span | None:
    """ "every third resident" -> a share of 33.3 %."""
    if toks[i].low not in lx.SHARE_BY_ORDINAL or i + 1 >= len(toks):
        return None
    ordinal = parse_ordinal(toks, i + 1)
    if ordinal is None or ordinal[0] < 2:
        return None
    return Span(i, ordinal[1], "percent", 100.0 / ordinal[0], "%")


def _change_phrase(toks: Tokens, i: int) -> Span | None:
    """A whole-phrase change at token i with its qualifier ("almost doubled", "has almost been halved")."""
    key = match_at(toks, i, _CHANGE_PHRASES_BY_FIRST.get(toks[i].low, []))
    if key is None:
        return None
    j = i + len(key)
    if key[0] in lx.MULTIPLE_WORDS_NEEDING_CONTEXT and not multiple_word_ok(toks, i, j):
        return None
    value, unit = lx.CHANGE_PHRASES[key]
    qual = qualifier_before(toks, i)
    if qual is None and low(toks, i - 1) in lx.AUXILIARIES:
        qual = qualifier_before(toks, i - 1)
    q: Qualifier = "exact" if qual is None else qual[0]
    return Span(i if qual is None else qual[1], j, "change", value, unit, q)


def multiple_word_ok(toks: Tokens, i: int, j: int) -> bool:
    """Whether "double", "twice" or "triple" at tokens [i, j) multiply something measured, not "twice a week"."""
    prev, nxt = low(toks, i - 1), low(toks, j)
    if lx.HYPHEN in (prev, nxt):
        return False
    if toks[i].low in lx.TWICE_WORDS:
        return nxt in lx.TWICE_FOLLOWERS
    return prev in lx.MULTIPLE_PRECEDERS or nxt in lx.MULTIPLE_FOLLOWERS
