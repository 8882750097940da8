"""Places in rankings: "fifth place", "ranks first in Russia", "top spot", "one of the top three", "among the
ten largest producers", "the second largest in the country", "Russia's biggest producer".

Each reader looks at one token that may begin a place. A reader either takes the token (and gives a
place, or decides there is none) or passes it to the next; the first that takes it decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.numbers import parse_number, parse_ordinal
from regional_report.extract.spans import Span, low, match_at, words_at
from regional_report.extract.text import Phrases, Tokens


class _Pass:
    """A reader's answer when the token is not one it reads."""


PASS: Final = _Pass()
# A reader's answer: a place, no place (None), or PASS to the next reader.
Reading = Span | None | _Pass

_SEVERAL_BEFORE: Final = Phrases(lx.SEVERAL_BEFORE)
_RANGE_ENDS: Final = lx.RANGE_FROM | lx.RANGE_TO
# The rank tables by first word, so a token looks up only the phrases it can begin.
_RANK_PHRASES_BY_FIRST: Final = {w: [k for k in lx.RANK_PHRASES if k[0] == w] for w, *_ in lx.RANK_PHRASES}
_TOP_WORDS_BY_FIRST: Final = {w: [k for k in lx.TOP_WORDS if k[0] == w] for w, *_ in lx.TOP_WORDS}
# The words that may begin a place (numbers may too: "5th").
RANK_STARTS: Final = frozenset(
    {
        *(k[0] for k in lx.RANK_PHRASES),
        *(k[0] for k in lx.TOP_WORDS),
        *lx.TOP_WORDS_BEFORE_N,
        lx.AMONG_THE[0],
        *lx.ORDINALS,
        *lx.SUPERLATIVES,
    }
)


def ranks(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Every place in a sentence's tokens, tried at the tokens in `starts` not yet `used`."""
    out: list[Span] = []
    for i in starts:
        t = toks[i]
        if used[i] or not (t.is_num or t.low in RANK_STARTS):
            continue
        if t.is_num and low(toks, i + 1) not in lx.ORDINAL_SUFFIXES:
            continue  # a number is a place only as an ordinal ("5th")
        several = one_of_several(toks, i)
        for reader in READERS:
            found = reader(toks, i, several)
            if not isinstance(found, _Pass):
                if found is not None and not denied(toks, found.i):
                    out.append(found)
                break
    return out


def denied(toks: Tokens, i: int) -> bool:
    """ "This is not a top spot": a negation just before the place ("not only the largest" is no denial)."""
    return any(
        low(toks, k) in lx.NEGATIONS and low(toks, k + 1) not in lx.NOT_NEGATING_AFTER
        for k in range(i - lx.NEGATION_REACH, i)
    )


def one_of_several(toks: Tokens, i: int) -> bool:
    """ "one of the largest", "among the highest": one of several, no place."""
    return _SEVERAL_BEFORE.before(toks, i)


def rank_phrase(toks: Tokens, i: int, several: bool) -> Reading:
    """ "second only to Moscow"."""
    key = match_at(toks, i, _RANK_PHRASES_BY_FIRST.get(toks[i].low, []))
    if key is None:
        return PASS
    return Span(i, i + 1, "rank", float(lx.RANK_PHRASES[key]), "rank")


def top_word(toks: Tokens, i: int, several: bool) -> Reading:
    """ "top spot", "leading position", "the leader in the country", "leads the country"."""
    key = match_at(toks, i, _TOP_WORDS_BY_FIRST.get(toks[i].low, []))
    if key is None:
        return PASS
    j = i + len(key)
    if several or (key in lx.LEADER_KEYS and low(toks, i - 1) not in lx.LEADER_ARTICLES):
        return None
    if key in lx.PLACE_PHRASES and low(toks, i - 1) in lx.INDEFINITE_ARTICLES:
        return None  # "to reach a leading position": one of several
    if (
        key in lx.PLACE_PHRASES
        or has_scope(toks, j, lx.SCOPE_REACH)
        or (key in lx.LEAD_KEYS and names_scope(toks, j))
    ):
        return Span(i, j, "rank", float(lx.TOP_WORDS[key]), "rank")
    return None


def top_n(toks: Tokens, i: int, several: bool) -> Reading:
    """ "one of the top three", "in the top 10", "a top-ten region": a place of n at most."""
    if toks[i].low not in lx.TOP_WORDS_BEFORE_N or i + 1 >= len(toks):
        return PASS
    hyphen = toks[i + 1].text == lx.HYPHEN
    num = parse_number(toks, i + 2 if hyphen else i + 1)
    least, most = lx.TOP_N_RANGE
    if num is None or not least <= num.value <= most:
        return None
    start = i - 1 if low(toks, i - 1) in lx.DEFINITE_ARTICLES else i
    if (
        (hyphen and not toks[i + 1].space)
        or low(toks, start - 1) in lx.TOP_N_BEFORE
        or low(toks, start - 2) in lx.ONE
    ):
        return Span(i, num.j, "rank", num.value, "rank", "max")
    return None


def among_the_n(toks: Tokens, i: int, several: bool) -> Reading:
    """ "among the ten largest producers", said of the region: a place of ten at most."""
    if not words_at(toks, i, lx.AMONG_THE):
        return PASS
    num = parse_number(toks, i + len(lx.AMONG_THE))
    least, most = lx.TOP_N_RANGE
    self_named = any(w.low in lx.REGION_SELVES for w in toks[max(0, i - lx.SELF_REACH) : i])
    if num is not None and least <= num.value <= most and low(toks, num.j) in lx.SUPERLATIVES and self_named:
        return Span(i, num.j + 1, "rank", num.value, "rank", "max")
    return None


def ordinal_place(toks: Tokens, i: int, several: bool) -> Reading:
    """ "fifth place", "the second-largest producer in ...", "ranks first", "is third in Russia"."""
    ordinal = parse_ordinal(toks, i)
    if ordinal is None:
        return PASS
    if several:
        return None  # "one of the first in Russia"
    value, j = ordinal
    nxt = low(toks, j)
    if nxt in lx.RANK_NOUNS:
        return None if low(toks, j + 1) in lx.PRIZE_NOUNS else Span(i, j + 1, "rank", float(value), "rank")
    if nxt == lx.HYPHEN and low(toks, j + 1) in lx.SUPERLATIVES:
        nxt, j = low(toks, j + 1), j + 1
    if nxt in lx.SUPERLATIVES and superlative_ranks(toks, i, j + 1):
        return Span(i, j + 1, "rank", float(value), "rank")
    if nxt in lx.ORDINAL_EVENT_NOUNS or not ordinal_placed(toks, i, j):
        return None
    return Span(i, j, "rank", float(value), "rank")


def ordinal_placed(toks: Tokens, i: int, j: int) -> bool:
    """Whether the ordinal at tokens [i, j) is a place: after a verb of ranking, or of being with a
    scope after it ("ranks first", "came third in the country", "(10th among the regions)")."""
    verb = low(toks, i - 1) if low(toks, i - 1) not in lx.DEFINITE_ARTICLES else low(toks, i - 2)
    placed = verb in lx.RANKING_VERBS or has_scope(toks, j, lx.SCOPE_REACH)
    scoped_here = low(toks, j) in lx.SCOPE_PREPOSITIONS and has_scope(toks, j, lx.SCOPE_REACH)
    return (
        (verb in lx.RANK_VERBS and placed) or scoped_here or moved_in_ranking(toks, i)
    ) and not first_to_do(toks, j)


def moved_in_ranking(toks: Tokens, i: int) -> bool:
    """ "gone up in the ranking, from 53rd to 29th": an ordinal after "from" or "to" in a sentence that
    names a ranking before it."""
    if low(toks, i - 1) not in _RANGE_ENDS:
        return False
    return any(t.low in lx.RANKING_NOUNS for t in toks[max(0, i - lx.RANKING_REACH) : i])


def superlative_place(toks: Tokens, i: int, several: bool) -> Reading:
    """ "Russia's biggest producer", "the largest flax grower in the district", "the safest republic in
    the country": a bare superlative said of the region places it first."""
    t = toks[i]
    if t.low not in lx.SUPERLATIVES or t.low in lx.NOT_BARE_SUPERLATIVES or several:
        return None
    agent = agent_after(toks, i + 1)
    if possessive_scope(toks, i):
        return None if agent is None else Span(i, i + 1, "rank", 1.0, "rank")
    # "the safest republic in the country" places a region whatever its name
    self_named = self_is_subject(toks, i) or (agent is not None and toks[agent].low in lx.REGION_SELVES)
    if low(toks, i - 1) in lx.SUPERLATIVE_DETERMINERS and self_named and superlative_ranks(toks, i, i + 1):
        return Span(i, i + 1, "rank", 1.0, "rank")
    return None


READERS: Final[tuple[Callable[[Tokens, int, bool], Reading], ...]] = (
    rank_phrase,
    top_word,
    top_n,
    among_the_n,
    ordinal_place,
    superlative_place,
)


def self_is_subject(toks: Tokens, i: int) -> bool:
    """Whether the region itself is the last subject named in the tokens just before token i."""
    for t in reversed(toks[max(0, i - lx.SELF_REACH) : i]):
        if t.low in lx.OTHER_SUBJECTS:
            return False
        if t.low in lx.REGION_SELVES:
            return True
    return False


def first_to_do(toks: Tokens, j: int) -> bool:
    """ "the first in Russia to launch ...": an ordinal of events, not a place in a ranking."""
    return any(
        low(toks, k) in lx.INFINITIVE_MARKS and k + 1 < len(toks) and toks[k + 1].is_word
        for k in range(j, j + lx.FIRST_TO_REACH)
    )


def has_scope(toks: Tokens, j: int, window: int) -> bool:
    """Whether the `window` tokens from j name a ranking's scope among regions, and no other place."""
    words = toks[j : j + window]
    tail = " ".join(t.low for t in words)
    domestic = f" {tail} "
    for s in lx.RANK_SCOPES:  # "in the North Caucasus" is no "in the north"
        domestic = domestic.replace(f" {s} ", " _ ")
    if any(f" {s} " in domestic for s in lx.FOREIGN_SCOPES):
        return False
    if any(t.low in lx.FOREIGN_WORDS for t in words):
        return False
    return any(tail.startswith(s) or f" {s}" in f" {tail}" for s in lx.RANK_SCOPES)


def names_scope(toks: Tokens, j: int) -> bool:
    """Whether the words from j name the country or a district ("leads the country", "leads Russia")."""
    tail = " ".join(t.low for t in toks[j : j + lx.LEAD_REACH]) + " "
    return any(tail.startswith(scope + " ") for scope in lx.LEAD_SCOPES) or (
        low(toks, j) in lx.DEFINITE_ARTICLES and any(w in tail for w in lx.DISTRICT_WORDS)
    )


def possessive_scope(toks: Tokens, i: int) -> bool:
    """Whether a possessive of the country or a district stands before token i ("Russia's biggest")."""
    return (
        low(toks, i - 1) in lx.POSSESSIVE_S
        and low(toks, i - 2) in lx.APOSTROPHES
        and low(toks, i - 3) in lx.POSSESSIVE_SCOPES
    )


def agent_after(toks: Tokens, j: int) -> int | None:
    """The token index of an agent noun ("grower", "producer") within two modifier words from j."""
    for k in range(j, min(j + lx.AGENT_REACH, len(toks))):
        if toks[k].low in lx.RANK_AGENT_NOUNS:
            return k
        if not toks[k].is_word:
            return None
    return None


def superlative_ranks(toks: Tokens, i: int, j: int) -> bool:
    """A superlative places the region when it heads an agent noun or stands alone before a scope."""
    if low(toks, i - 1) in lx.APOSTROPHES or (
        low(toks, i - 1) in lx.POSSESSIVE_S and low(toks, i - 2) in lx.APOSTROPHES
    ):
        return False
    agent = agent_after(toks, j)
    if agent is not None:
        k = agent + 1
        if low(toks, k) in lx.AGENT_OF:
            k += 2
        return has_scope(toks, k, lx.SUPERLATIVE_SCOPE_REACH)
    return low(toks, j) in lx.SCOPE_PREPOSITIONS and has_scope(toks, j, lx.SUPERLATIVE_SCOPE_REACH)
