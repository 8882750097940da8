"""Figure extraction: the engine that walks a sentence's tokens and applies the grammar in `lexicon.py`.

For each sentence it finds, in this order, whole-phrase changes ("cut in half", "doubled"), ranks
("fifth place", "ranks first in the country", "top spot", "the second largest in the country"),
and number phrases with their qualifier, range partner, unit and change context. Every figure keeps
its character span; what it measures and when (metric, subject, year, scope, status, period, per)
come from `context.py`.

Extraction is total: odd text yields fewer figures, never an exception.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from pathlib import Path
from typing import Final, NamedTuple

from regional_report.extract import lexicon as lx
from regional_report.extract.context import describe
from regional_report.extract.numbers import (
    BARE_SCALES,
    FRACTION_FIRST,
    Number,
    parse_fraction,
    parse_number,
    parse_ordinal,
)
from regional_report.extract.text import FOLDS_TO_ASCII, LexemeTable, Tokens, sentence_spans, word_alternation
from regional_report.model import Figure, Kind, Qualifier

# The grammar's release; EXTRACTOR_VERSION adds a fingerprint of the grammar's code and data, so any
# change to a rule or a table is a new version and no cache serves figures of an older grammar.
GRAMMAR_RELEASE: Final = "1.1.0"
_STAGE: Final = Path(__file__).resolve().parent
_PACKAGE: Final = _STAGE.parent
# Every module and data file of the extract stage, the figure record and the taxonomy it reads.
GRAMMAR_FILES: Final = (
    *sorted(_STAGE.glob("*.py")),
    *sorted(_STAGE.glob("data/*")),
    *(_PACKAGE / name for name in ("model.py", "metrics.py", "data/metrics.yaml", "data/metric_cues.yaml")),
)


def grammar_fingerprint(paths: tuple[Path, ...]) -> str:
    """A short hash of the files' bytes, in order; a missing file counts as empty."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION: Final = f"{GRAMMAR_RELEASE}+{grammar_fingerprint(GRAMMAR_FILES)}"
# Sentences before a figure's own that are read for its metric when its own sentence names none.
CONTEXT_SENTENCES: Final = 2

log = logging.getLogger(__name__)

_UNIT_INDEX: Final = {key[0]: [k for k in lx.UNITS if k[0] == key[0]] for key in lx.UNITS}
_QUAL_MAX: Final = max(len(k) for k in lx.QUALIFIERS)
_QUAL_LAST: Final = frozenset(k[-1] for k in lx.QUALIFIERS)
# The rank tables by first word, so a token looks up only the phrases it can begin.
_RANK_PHRASES_BY_FIRST: Final = {w: [k for k in lx.RANK_PHRASES if k[0] == w] for w, *_ in lx.RANK_PHRASES}
_TOP_WORDS_BY_FIRST: Final = {w: [k for k in lx.TOP_WORDS if k[0] == w] for w, *_ in lx.TOP_WORDS}
# Words that can begin a number phrase, a whole-phrase change or a rank: every other token is skipped fast.
_NUMBER_STARTS: Final = frozenset(
    {*lx.SMALL_NUMBERS, *lx.TENS, *(k[0] for k in lx.FRACTIONS), "a", "half", "one"}
)
_PHRASE_STARTS: Final = frozenset({*(k[0] for k in lx.CHANGE_PHRASES), "every"})
_CHANGE_PHRASES_BY_FIRST: Final = {
    w: [k for k in lx.CHANGE_PHRASES if k[0] == w] for w, *_ in lx.CHANGE_PHRASES
}
_RANK_STARTS: Final = frozenset(
    {
        *(k[0] for k in lx.RANK_PHRASES),
        *(k[0] for k in lx.TOP_WORDS),
        "top",
        "among",
        *lx.ORDINALS,
        *lx.SUPERLATIVES,
    }
)
_FIGURE_STARTS: Final = _NUMBER_STARTS | _PHRASE_STARTS | _RANK_STARTS
# A sentence with neither a digit nor any word that can start a figure has none: skip it untokenized.
# "a" starts a figure only before a scale or a fraction ("a million", "a third"). The words are one
# prefix-factored alternation, so the regex engine tries a few branches per word, not one per word.
_HAS_DIGIT: Final = re.compile(r"\d")
_MAY_HOLD_WORD: Final = re.compile(
    r"\b(?:a\s+"
    + word_alternation({*BARE_SCALES, *(k[1] for k in lx.FRACTIONS if k[0] == "a")})
    + "|"
    + word_alternation(_FIGURE_STARTS - {"a"})
    + r")\b",
    re.IGNORECASE,
)
# The same words, case-sensitive, for a lower-cased text: the regex engine then skips branches by
# their first letter. Read `word_prefilter` for when a lower-cased text is exactly equivalent.
_MAY_HOLD_LOWER_WORD: Final = re.compile(_MAY_HOLD_WORD.pattern)
# The lexemes of the tokens seen so far, marked when they may begin a figure.
_LEXEMES: Final = LexemeTable(_FIGURE_STARTS)
# The first words of the thresholds: a number followed by none of them is no threshold.
_THRESHOLD_FIRST: Final = frozenset(th[0] for th in lx.THRESHOLD_AFTER)
_LEVEL_KIND: Final[dict[str, Kind]] = {"%": "percent", "count": "count", "x": "change", "pp": "change"}


class Span(NamedTuple):
    """A figure before its context is read: tokens [i, j) and what the grammar made of them.

    A named tuple, made faster than a frozen dataclass.
    """

    i: int
    j: int
    kind: Kind
    value: float
    unit: str
    qualifier: Qualifier = "exact"
    value_max: float | None = None
    noun_i: int = -1  # token index of the counted noun, if any


def extract_figures(text: str, meeting_date: date | None = None) -> list[Figure]:
    """Every figure in `text`, in order of appearance. Never raises.

    >>> [(f.surface, f.kind, f.value, f.unit, f.qualifier) for f in extract_figures("Output grew by 40 percent.")]
    [('40 percent', 'change', 40.0, '%', 'exact')]
    """
    figures: list[Figure] = []
    if not isinstance(text, str):
        return figures
    spans = sentence_spans(text)
    words, word_text = word_prefilter(text)
    for n, (a, b) in enumerate(spans):
        if not (_HAS_DIGIT.search(text, a, b) or words.search(word_text, a, b)):
            continue  # no digit and no word that can start a figure
        # the context sentences' text, at most its last 400 characters
        context_end = spans[n - 1][1] if n else 0
        context_start = spans[n - CONTEXT_SENTENCES][0] if n >= CONTEXT_SENTENCES else 0
        before = text[max(context_start, context_end - 400) : context_end]
        try:
            figures.extend(_figures_of(text, a, b, meeting_date, before))
        except Exception:  # a grammar bug must not lose the rest of the document
            log.exception("extraction failed on the sentence at %d-%d; skipped", a, b)
    return figures


def sentence_figures(text: str, a: int, b: int, meeting_date: date | None, before: str = "") -> list[Figure]:
    """The figures of the sentence text[a:b]."""
    return _figures_of(text, a, b, meeting_date, before) if _may_hold_figure(text, a, b) else []


def _may_hold_figure(text: str, a: int, b: int) -> bool:
    """Whether the sentence text[a:b] has a digit or a word that can start a figure."""
    return bool(_HAS_DIGIT.search(text, a, b) or _MAY_HOLD_WORD.search(text, a, b))


def word_prefilter(text: str) -> tuple[re.Pattern[str], str]:
    """The word half of the prefilter for `text`, and the text it searches: text[a:b] may hold a
    figure's word when the pattern finds one between a and b.

    A case-sensitive search of the lower-cased text finds exactly what a case-ignoring search of the
    text does when lower-casing keeps every character's offset (the length is kept) and no character
    beyond ASCII matches an ASCII letter only when case is ignored; lower-casing keeps what is a
    letter, a digit or a space.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and FOLDS_TO_ASCII.search(text) is None:
        return _MAY_HOLD_LOWER_WORD, lowered
    return _MAY_HOLD_WORD, text


def _figures_of(text: str, a: int, b: int, meeting_date: date | None, before: str) -> list[Figure]:
    toks, offsets, starts = _LEXEMES.lexemes(text, a, b)
    spans = find_spans(toks, starts)
    sentence = text[a:b]
    out = []
    for s in spans:
        start, end = offsets[s.i + 1] - len(toks[s.i].text), offsets[s.j]
        about = describe(
            sentence,
            a,
            start,
            end,
            s.kind,
            s.unit,
            meeting_date,
            toks[s.noun_i].low if s.noun_i >= 0 else None,
            before,
        )
        out.append(
            Figure(
                start=start,
                end=end,
                surface=text[start:end],
                kind=s.kind,
                value=round(s.value, 6),
                unit=s.unit,
                qualifier=s.qualifier,
                value_max=None if s.value_max is None else round(s.value_max, 6),
                metric=about.metric,
                subject=about.subject,
                year=about.year,
                sentence=sentence,
                scope=about.scope,
                status=about.status,
                period=about.period,
                per=about.per,
            )
        )
    return out


def find_spans(toks: Tokens, starts: list[int] | None = None) -> list[Span]:
    """All figure spans in one sentence's tokens, non-overlapping, in order.

    `starts` are the indices of the tokens that may begin a figure (numbers and `_FIGURE_STARTS`), as
    `LexemeTable.lexemes` gives them; found here when not given.
    """
    used = [False] * len(toks)
    found: list[Span] = []
    # the tokens that may begin a figure: every finder walks these alone
    if starts is None:
        starts = [i for i, t in enumerate(toks) if t.is_num or t.low in _FIGURE_STARTS]
    for finder in (_phrase_changes, _ranks, _numbers):
        for s in finder(toks, used, starts):
            if any(used[s.i : s.j]):
                continue
            for k in range(s.i, s.j):
                used[k] = True
            found.append(s)
    found.sort(key=lambda s: s.i)
    return _levels_in_context(toks, found)


def _levels_in_context(toks: Tokens, spans: list[Span]) -> list[Span]:
    """Percent levels that their sentence makes indices or growth rates.

    "the industrial production index was 105 percent, and manufacturing, 120 percent" (both indices),
    "107 percent of the 2017 level", "101.3 percent compared to the same period last year", "economic
    growth 16 percent" (a change), "the growth rate is 126 percent" (an index).
    """
    out: list[Span] = []
    in_index = False  # a word of INDEX_NOUNS stood before, and only percent levels since
    prev_end = 0
    for s in spans:
        between = [t.low for t in toks[prev_end : s.i]]
        words = set(between)
        share = not words.isdisjoint(lx.SHARE_NOUNS)
        in_index = not share and (
            (in_index and s.kind in ("percent", "index")) or not words.isdisjoint(lx.INDEX_NOUNS)
        )
        if s.kind == "percent":
            s = _recast_level(toks, s, in_index, not share and _growth_governs(between))
        out.append(s)
        prev_end = s.j
    return out


def _growth_governs(words: list[str]) -> bool:
    """Whether a growth noun among the words before a number is its subject: near, in the same clause
    or taken up by a pronoun after the clause's end ("growth ..., and it amounted to")."""
    last = max((k for k, w in enumerate(words) if w in lx.GROWTH_NOUNS), default=-1)
    if last < 0 or len(words) - last > lx.GROWTH_REACH:
        return False
    tail = words[last + 1 :]
    breaks = [k for k, w in enumerate(tail) if w in lx.CLAUSE_BREAKS]
    if not breaks:
        return True
    after = [w for w in tail[breaks[-1] + 1 :] if w != "and"]
    return bool(after) and after[0] in lx.PRONOUN_SUBJECTS


def _recast_level(toks: Tokens, s: Span, in_index: bool, after_growth: bool) -> Span:
    """A percent level as an index or a growth rate when its context says so; else as it is."""
    low, high = lx.INDEX_LEVELS
    if _low(toks, s.j) == "of":
        is_base = any(_low(toks, k) in lx.BASE_LEVEL_NOUNS for k in range(s.j + 1, s.j + 6))
        return s._replace(kind="index") if is_base else s  # else a share: "67 percent of the trade"
    if _base_comparison_after(toks, s.j) and 100 <= s.value < high:
        return s._replace(kind="index")
    if in_index and low <= s.value < high:
        return s._replace(kind="index")
    if after_growth:
        return s._replace(kind="index" if 100 <= s.value < high else "change")
    return s


def _base_comparison_after(toks: Tokens, j: int) -> bool:
    """ "compared to 2019", "compared with the same period": a base period after token j, not a number."""
    for key in lx.BASE_COMPARISONS:
        if tuple(_low(toks, j + k) for k in range(len(key))) == key:
            k = j + len(key)
            return k < len(toks) and (not toks[k].is_num or _is_year(toks[k].text))
    return False


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100


# --- helpers ---------------------------------------------------------------------------------------


def _low(toks: Tokens, i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) else ""


def _match_at(toks: Tokens, i: int, keys: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest key whose words match the tokens from i."""
    best: tuple[str, ...] | None = None
    for key in keys:
        fits = i + len(key) <= len(toks) and all(toks[i + n].low == w for n, w in enumerate(key))
        if fits and (best is None or len(key) > len(best)):
            best = key
    return best


def _unit_at(toks: Tokens, i: int) -> tuple[str, float, int] | None:
    """A unit starting at token i -> (unit, factor, end)."""
    if i >= len(toks):
        return None
    key = _match_at(toks, i, _UNIT_INDEX.get(toks[i].low, []))
    if key is None:
        return None
    unit, factor = lx.UNITS[key]
    # "t" and "m2" style abbreviations must stand apart ("5 t", not "5t" in "25th") - tokens already split
    if key == ("t",) and (toks[i].text != "t" or not toks[i].space):
        return None
    if key in (("times",), ("fold",)) and i + 1 < len(toks) and toks[i + 1].low in ("a", "per"):
        return None  # "three times a week"
    end = i + len(key)
    if _low(toks, end) == "per" and _low(toks, end + 1) in ("second", "hour", "minute"):
        return "", 0.0, end  # a speed: not a figure of the spec, and its number is no count either
    return unit, float(factor), i + len(key)


def _qualifier_before(toks: Tokens, i: int) -> tuple[Qualifier, int] | None:
    """A qualifier ending right before token i -> (qualifier, its first token)."""
    if 0 < i <= len(toks) and toks[i - 1].low not in _QUAL_LAST:
        return None
    for size in range(_QUAL_MAX, 0, -1):
        k = i - size
        if k < 0:
            continue
        key = tuple(t.low for t in toks[k:i])
        if key in lx.QUALIFIERS:
            if _low(toks, k - 1) in lx.PREPOSITION_AFTER.get(key[0], ()):
                return None  # "we speak about 29 percent growth"
            q = lx.QUALIFIERS[key]
            if any(_low(toks, m) in lx.NEGATIONS for m in range(k - 3, k)):
                q = {"min": "max", "max": "min"}.get(q, q)  # "cannot show more than 1.5 percent"
            if q in ("exact", "approx", "min", "max"):
                return q, k  # type: ignore[return-value]
    return None


def _sentence_has(toks: Tokens, cues: tuple[str, ...]) -> bool:
    joined = " ".join(t.low for t in toks)
    return any(c in joined for c in cues)


def _change_sign_before(toks: Tokens, k: int) -> tuple[int, bool] | None:
    """Sign of a change whose number (or qualifier) starts at token k, from the words before it.

    Returns (sign, is_another). Looks for "<verb> by", "by another", "growth of", "up"/"down".
    """
    p = k - 1
    another = False
    if _low(toks, p) == "from" and _low(toks, p - 1) == "anywhere":
        p -= 2
    w = _low(toks, p)  # the word before the number, once "another" and its article are passed
    if w in ("another", "further", "additional") or (w == "a" and _low(toks, p + 1) == "further"):
        another = True
        p -= 1
        if _low(toks, p) in ("a", "an"):
            p -= 1
        w = _low(toks, p)
    if w == "by":
        for q in range(p - 1, max(-1, p - 6), -1):
            w = _low(toks, q)
            if w in lx.CHANGE_VERBS:
                return lx.CHANGE_VERBS[w], another
            if w in (",", ".", ";") or (toks[q].is_num if 0 <= q < len(toks) else False):
                break
        # "by" + number with a change verb earlier in the clause
        for q in range(p - 1, max(-1, p - 14), -1):
            w = _low(toks, q)
            if w in (";", "."):
                break
            if w in lx.CHANGE_VERBS and w not in ("more", "less", "higher", "lower", "up", "down", "went"):
                return lx.CHANGE_VERBS[w], another
        if another:
            return 1, True
        return None
    if w == "of" and _low(toks, p - 1) in lx.CHANGE_NOUNS_OF:
        return lx.CHANGE_NOUNS_OF[_low(toks, p - 1)], another
    if w == "of" and _low(toks, p - 2) in lx.CHANGE_NOUNS_OF and _low(toks, p - 1) in ("annual", "further"):
        return lx.CHANGE_NOUNS_OF[_low(toks, p - 2)], another
    if w in ("up", "down") and _low(toks, p - 1) not in (
        "set",
        "sum",
        "add",
        "made",
        "end",
        "ended",
    ):
        return (1 if w == "up" else -1), another
    # a change verb right before the number: "GRP increased 1.3 percent", "went up 1.9 percent"
    if not another and w in lx.DIRECT_CHANGE_VERBS:
        return lx.CHANGE_VERBS[w], False
    return None


def _change_sign_after(toks: Tokens, j: int) -> int | None:
    """Sign of a change from the word after a percentage ("a 2 percent increase", "10 percent more")."""
    return lx.CHANGE_AFTER.get(_low(toks, j))


# --- finders ---------------------------------------------------------------------------------------


def _phrase_changes(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Whole-phrase changes: "cut in half", "doubled", "two-fold", "almost double"."""
    out: list[Span] = []
    for i in starts:
        t = toks[i]
        if t.low not in _PHRASE_STARTS:
            continue
        # "every third resident" -> a share of 33.3 %
        if t.low == "every" and i + 1 < len(toks):
            ordv = parse_ordinal(toks, i + 1)
            if ordv is not None and ordv[0] >= 2:
                out.append(Span(i, ordv[1], "percent", 100.0 / ordv[0], "%"))
                continue
        key = _match_at(toks, i, _CHANGE_PHRASES_BY_FIRST.get(t.low, []))
        if key is None:
            continue
        j = i + len(key)
        if key[0] in lx.MULTIPLE_WORDS_NEEDING_CONTEXT and not _multiple_word_ok(toks, i, j):
            continue
        value, unit = lx.CHANGE_PHRASES[key]
        q: Qualifier = "exact"
        start = i
        qual = _qualifier_before(toks, i)
        if qual is None and _low(toks, i - 1) in lx.AUXILIARIES:
            qual = _qualifier_before(toks, i - 1)  # "has almost been cut in half"
        if qual is not None:
            q, start = qual
        out.append(Span(start, j, "change", value, unit, q))
    return out


def _multiple_word_ok(toks: Tokens, i: int, j: int) -> bool:
    prev, nxt = _low(toks, i - 1), _low(toks, j)
    if nxt == "-" or prev == "-":
        return False
    if toks[i].low == "twice":
        return nxt in ("as", "the", "more", "higher", "larger", "that", "what", "over", "in", "compared")
    return prev in (
        "to",
        "will",
        "almost",
        "nearly",
        "would",
        "could",
        "must",
        "should",
        "than",
        "can",
        "did",
        "and",
        "or",
        "practically",
        "virtually",
        "more",
        "over",
        "is",
        "was",
        "are",
        "were",
        "be",
        "planned",
    ) or nxt in ("the", "its", "their", "by", "in", "from", "compared", "our", "this", "that", "it")


def _ranks(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Places in rankings: "fifth place", "ranks first in ...", "top spot", "the second largest in the country"."""
    out: list[Span] = []
    n = len(toks)
    for i in starts:
        t = toks[i]
        if used[i] or not (t.is_num or t.low in _RANK_STARTS):
            continue
        # "one of the largest", "among the highest": one of several, no place
        one_of = _low(toks, i - 1) == "the" and (
            _low(toks, i - 2) == "among" or (_low(toks, i - 2) == "of" and _low(toks, i - 3) == "one")
        )
        # second only to Moscow
        key = _match_at(toks, i, _RANK_PHRASES_BY_FIRST.get(t.low, []))
        if key is not None:
            out.append(Span(i, i + 1, "rank", float(lx.RANK_PHRASES[key]), "rank"))
            continue
        # top spot / leading position / leader ... in the country / leads the country
        key = _match_at(toks, i, _TOP_WORDS_BY_FIRST.get(t.low, []))
        if key is not None:
            j = i + len(key)
            if one_of or (
                key == ("leader",) and _low(toks, i - 1) not in ("the", "a", "an", "absolute", "undisputed")
            ):
                continue
            if (
                key in lx.PLACE_PHRASES
                or _has_scope(toks, j, 10)
                or (key == ("leads",) and _names_scope(toks, j))
            ):
                out.append(Span(i, j, "rank", float(lx.TOP_WORDS[key]), "rank"))
            continue
        # one of the top three / in the top 10
        if t.low == "top" and i + 1 < n:
            num = parse_number(toks, i + 1) if toks[i + 1].text != "-" else parse_number(toks, i + 2)
            if num is not None and 2 <= num.value <= 100:
                start = i - 1 if _low(toks, i - 1) == "the" else i
                hyphenated = toks[i + 1].text == "-" and not toks[i + 1].space  # "a top-ten region"
                if (
                    hyphenated
                    or _low(toks, start - 1) in ("of", "among", "in", "into", "entered")
                    or _low(toks, start - 2) == "one"
                ):
                    out.append(Span(i, num.j, "rank", num.value, "rank", "max"))
            continue
        # among the ten largest producers
        if t.low == "among" and _low(toks, i + 1) == "the":
            num = parse_number(toks, i + 2)
            self_named = any(w.low in lx.REGION_SELVES for w in toks[max(0, i - 10) : i])
            if (
                num is not None
                and 2 <= num.value <= 100
                and _low(toks, num.j) in lx.SUPERLATIVES
                and self_named
            ):
                out.append(Span(i, num.j + 1, "rank", num.value, "rank", "max"))
            continue
        ordv = parse_ordinal(toks, i)
        if ordv is not None:
            value, j = ordv
            nxt = _low(toks, j)
            if nxt in lx.RANK_NOUNS:
                if _low(toks, j + 1) in ("prize", "award"):
                    continue
                out.append(Span(i, j + 1, "rank", float(value), "rank"))
                continue
            if nxt == "-" and _low(toks, j + 1) in lx.SUPERLATIVES:
                nxt, j = _low(toks, j + 1), j + 1
            if nxt in lx.SUPERLATIVES and _superlative_ranks(toks, i, j + 1):
                out.append(Span(i, j + 1, "rank", float(value), "rank"))
                continue
            if nxt in lx.ORDINAL_EVENT_NOUNS:
                continue
            verb = _low(toks, i - 1) if _low(toks, i - 1) != "the" else _low(toks, i - 2)
            # "ranks first", "came third in the country", "is first in Russia", "(10th among the regions)"
            placed = verb in lx.RANKING_VERBS or _has_scope(toks, j, 10)
            scoped_here = _low(toks, j) in ("in", "among") and _has_scope(toks, j, 10)
            if ((verb in lx.RANK_VERBS and placed) or scoped_here) and not _first_to_do(toks, j):
                out.append(Span(i, j, "rank", float(value), "rank"))
            continue
        if t.low in lx.SUPERLATIVES and t.low != "top" and not one_of:
            if _possessive_scope(toks, i):
                if _agent_after(toks, i + 1) is not None:
                    out.append(Span(i, i + 1, "rank", 1.0, "rank"))
                continue
            agent = _agent_after(toks, i + 1)
            # "the safest republic in the country" places a region whatever its name
            self_named = _self_named(toks, i) or (agent is not None and toks[agent].low in lx.REGION_SELVES)
            if (
                _low(toks, i - 1) in ("the", "its", "our")
                and self_named
                and _superlative_ranks(toks, i, i + 1)
            ):
                out.append(Span(i, i + 1, "rank", 1.0, "rank"))
    return out


def _self_named(toks: Tokens, i: int) -> bool:
    """Whether the region itself is the last subject named in the ten tokens before token i."""
    for t in reversed(toks[max(0, i - 10) : i]):
        if t.low in lx.OTHER_SUBJECTS:
            return False
        if t.low in lx.REGION_SELVES:
            return True
    return False


def _first_to_do(toks: Tokens, j: int) -> bool:
    """ "the first in Russia to launch ...": an ordinal of events, not a place in a ranking."""
    return any(_low(toks, k) == "to" and k + 1 < len(toks) and toks[k + 1].is_word for k in range(j, j + 6))


def _has_scope(toks: Tokens, j: int, window: int) -> bool:
    tail = " ".join(t.low for t in toks[j : j + window])
    if any(f" {s} " in f" {tail} " for s in lx.FOREIGN_SCOPES):
        return False
    if any(t.low in lx.FOREIGN_WORDS for t in toks[j : j + window]):
        return False
    return any(tail.startswith(s) or f" {s}" in f" {tail}" for s in lx.RANK_SCOPES)


def _names_scope(toks: Tokens, j: int) -> bool:
    """Whether the words from j name the country or a district ("leads the country", "leads Russia")."""
    tail = " ".join(t.low for t in toks[j : j + 6]) + " "
    return any(tail.startswith(scope + " ") for scope in lx.LEAD_SCOPES) or bool(
        _low(toks, j) == "the" and "district" in tail
    )


def _possessive_scope(toks: Tokens, i: int) -> bool:
    """Whether a possessive of the country or a district stands before token i ("Russia's biggest")."""
    return (
        _low(toks, i - 1) == "s"
        and _low(toks, i - 2) in ("'", "’")
        and _low(toks, i - 3) in lx.POSSESSIVE_SCOPES
    )


def _agent_after(toks: Tokens, j: int) -> int | None:
    """The token index of an agent noun ("grower", "producer") within two modifier words from j."""
    for k in range(j, min(j + 3, len(toks))):
        if _low(toks, k) in lx.RANK_AGENT_NOUNS:
            return k
        if not toks[k].is_word:
            return None
    return None


def _superlative_ranks(toks: Tokens, i: int, j: int) -> bool:
    """A superlative places the region when it heads an agent noun or stands alone before a scope."""
    if _low(toks, i - 1) in ("'", "’") or (_low(toks, i - 1) == "s" and _low(toks, i - 2) in ("'", "’")):
        return False
    agent = _agent_after(toks, j)
    if agent is not None:
        k = agent + 1
        if _low(toks, k) == "of":
            k += 2
        return _has_scope(toks, k, 8)
    return _low(toks, j) in ("in", "among") and _has_scope(toks, j, 8)


def _numbers(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Number phrases with their qualifier, range, unit and change context."""
    out: list[Span] = []
    resume = 0  # a number phrase's tokens start no other
    for i in starts:
        if i < resume or used[i] or not (toks[i].is_num or toks[i].low in _NUMBER_STARTS):
            continue
        span = _number_span(toks, i)
        if span is not None:
            out.append(span)
            resume = span.j
    return out


def _is_excluded_number(toks: Tokens, num: Number, *, range_end: bool = False) -> bool:
    """Dates, clock times, years, identifiers, list numbering: numbers that are not figures."""
    i, j = num.i, num.j
    t = toks[i]
    n = len(toks)
    prev = toks[i - 1].low if 0 < i <= n else ""
    nxt = toks[j].low if 0 <= j < n else ""
    if t.is_num:
        # clock time 14:10, ratios
        if (nxt == ":" and j + 1 < len(toks) and toks[j + 1].is_num and not toks[j].space) or (
            prev == ":" and i >= 2 and toks[i - 2].is_num and not t.space
        ):
            return True
        # identifiers: Su-57, COVID-19, No. 44, 5G, Article 5
        if prev in lx.DASHES and not t.space and i >= 2 and toks[i - 2].is_word and not toks[i - 1].space:
            return True
        if i >= 1 and toks[i - 1].is_word and not t.space:
            return True  # letters glued to digits: "M54", "A320"
        if j < len(toks) and toks[j].is_word and not toks[j].space and toks[j].low not in lx.TIGHT_UNITS:
            return True
        if (
            not range_end
            and prev in lx.DASHES
            and not t.space
            and i >= 2
            and toks[i - 2].is_num
            and not toks[i - 1].space
        ):
            return True  # the tail of a date or code: 2022-04-28
        if prev == "." and _low(toks, i - 2) in ("no", "nos"):
            return True
        if prev in ("no", "nos", "#", "№", "per") or prev in lx.DOCUMENT_PLACES:
            return True
        if (
            i >= 1
            and toks[i - 1].is_word
            and toks[i - 1].text[:1].isupper()
            and prev in lx.IDENTIFIER_PREFIXES
        ):
            return True
        # versions after a name: "Akademgorodok 2.0", "Industry 4.0"
        after_name = i >= 2 and toks[i - 1].is_word and toks[i - 1].text[:1].isupper()
        if (
            "." in t.text
            and after_name
            and prev not in lx.CURRENCY_PREFIXES
            and _unit_at(toks, j) is None
            and _low(toks, j) not in lx.SCALES
        ):
            return True
        # list numbering at a line start: "1." or "2)"
        if i == 0 and nxt in (".", ")") and j + 1 >= len(toks):
            return True
    # dates: "September 10", "10 September 2025"
    if nxt == "^" or prev == "^":
        return True  # powers written with a caret ("10^30") are not this genre's notation
    # "the 85 regions of Russia": the size of the country's list, not a figure about the region
    if 80 <= num.value <= 89 and nxt in ("regions", "constituent", "subjects") and prev == "the":
        return True
    if prev in lx.MONTHS or nxt in lx.MONTHS:
        return True
    if prev == "the" and nxt == "of" and _low(toks, j + 1) in lx.MONTHS:
        return True
    # years: 1800-2100 written plainly, used as time references; decades ("1990s")
    year_like = num.plain_digits.isdigit() and len(num.plain_digits) == 4 and 1800 <= num.value <= 2100
    if year_like and (_unit_at(toks, j) is None or _low(toks, j) in ("year", "years")):
        return True
    return t.is_num and nxt == "s" and not toks[j].space


def _fraction_span(toks: Tokens, i: int) -> Span | None:
    """A fraction as a share ("a third of", "half the schools") or a change ("rose by a third")."""
    t = toks[i]
    frac = parse_fraction(toks, i)
    if frac is None or (t.low == "half" and _low(toks, i - 1) in ("first", "second", "and")):
        return None
    if t.low == "a" and _low(toks, i - 1) == "and":
        return None  # "one and a half"
    value, j = frac
    nxt = _low(toks, j)
    if nxt == "of" and _low(toks, j + 1) == "a" and _low(toks, j + 2) in lx.SCALES:
        return None  # "a quarter of a million tonnes" is a number phrase
    q = _qualifier_before(toks, i)
    start = q[1] if q else i
    qualifier: Qualifier = q[0] if q else "exact"
    sign = _change_sign_before(toks, start)
    if sign is not None and nxt not in ("of",):
        return Span(start, j, "change", sign[0] * value * 100, "%", qualifier)
    if nxt == "of" or (t.low == "half" and nxt in ("the", "all", "our", "its")):
        return Span(start, j, "percent", value * 100, "%", qualifier)
    return None


def _number_span(toks: Tokens, i: int) -> Span | None:
    n = len(toks)
    t = toks[i]
    # "one in three", "one out of four" -> a share
    if t.low == "one":
        for key in lx.SHARE_OF:
            if tuple(_low(toks, i + 1 + k) for k in range(len(key))) == key:
                other = parse_number(toks, i + 1 + len(key))
                if other is not None and other.value >= 2:
                    return Span(i, other.j, "percent", 100.0 / other.value, "%")
    frac = _fraction_span(toks, i) if t.low in FRACTION_FIRST else None
    if frac is not None:
        return frac
    num = parse_number(toks, i)
    if num is None:
        return None
    if _is_excluded_number(toks, num):
        return None
    j = num.j
    value = num.value
    after = _low(toks, j)  # the word after the number, and the one before
    before = _low(toks, i - 1)
    # hyphenated modifiers: "five-storey", "10-year", "300-bed"
    if (
        after in lx.DASHES
        and not toks[j].space
        and j + 1 < n
        and not toks[j + 1].space
        and toks[j + 1].is_word
    ):
        u = _unit_at(toks, j + 1)
        if u is None and _low(toks, j + 1) != "fold":
            return None
    # currency before the number: "$5 billion", "RUB 10 billion"
    unit: str | None = None
    factor = 1.0
    pre_currency = lx.CURRENCY_PREFIXES.get(before) if i > 0 else None
    start = i - 1 if pre_currency else i
    unit_end = j
    u = _unit_at(toks, j)
    if u is None and after in lx.DASHES and not toks[j].space and j + 1 < n and not toks[j + 1].space:
        u = _unit_at(toks, j + 1)  # a unit as a modifier: "a 15-percent increase", "a 150-MW plant"
    if u is not None and not u[0]:
        return None
    if pre_currency:
        unit = pre_currency
    elif u is not None:
        unit, factor, unit_end = u
    # ranges: "18–20 tons", "10 to 12 billion roubles", "107 or 108 percent", "between 20 and 25 percent"
    value_max: float | None = None
    range_end = None
    scaled_range = False
    between = before == "between" or (before in lx.CURRENCY_PREFIXES and _low(toks, i - 2) == "between")
    conn_i = j if u is None else unit_end
    conn = _low(toks, conn_i)
    if (conn in lx.DASHES or conn in lx.RANGE_WORDS or (conn == "and" and between)) and conn_i + 1 < n:
        other = (
            parse_number(toks, conn_i + 1)
            if _low(toks, conn_i + 1) not in lx.CURRENCY_PREFIXES
            else parse_number(toks, conn_i + 2)
        )
        if (
            other is not None
            and not _is_excluded_number(toks, other, range_end=True)
            and not (
                conn in lx.DASHES
                and (toks[conn_i].space != toks[conn_i + 1].space and toks[conn_i + 1].space)
            )
        ):
            u2 = _unit_at(toks, other.j)
            same_unit = u2 is not None and (u is None or u2[0] == unit)
            timed = _low(toks, other.j) in lx.TIME_UNITS
            single_unit_range = u is None and (u2 is not None or conn in lx.DASHES or between or timed)
            # "from 4.5 tons in 2007 to 18 tons" keeps two figures; "20% to 25%" is one range
            adjacent_pair = conn in lx.DASHES or (
                conn == "to" and (_low(toks, start - 1) != "from" or _low(toks, start - 2) == "anywhere")
            )
            if (
                single_unit_range or (u is not None and same_unit and adjacent_pair)
            ) and other.value >= value * (other.scale / num.scale if other.scaled and not num.scaled else 1):
                lo = value * (other.scale if other.scaled and not num.scaled else 1)
                if u2 is not None and not u2[0]:
                    return None
                if (
                    conn == "to"
                    and _low(toks, start - 1) == "from"
                    and (
                        _low(toks, start - 2) in lx.CHANGE_VERBS
                        or (_low(toks, start - 2),) in lx.CHANGE_PHRASES
                    )
                ):
                    # "rose from 30 to 45 percent": two levels; this one borrows the unit written after the other
                    level_unit, level_factor = (u2[0], u2[1]) if u2 is not None else ("count", 1.0)
                    level_kind: Kind = _LEVEL_KIND.get(level_unit, "amount")
                    return Span(start, j, level_kind, lo * level_factor, level_unit)
                if u2 is not None:
                    unit, factor, unit_end = u2
                else:
                    unit_end = other.j
                value, value_max = lo, other.value
                range_end = unit_end
                scaled_range = other.scaled
    end = range_end if range_end is not None else (unit_end if unit is not None else j)
    # qualifier
    q_start = start
    qualifier: Qualifier = "exact"
    qual = _qualifier_before(toks, start if not between else start - 1)
    if qual is not None:
        qualifier, q_start = qual
    if between:
        q_start = min(q_start, start - 1)
    if value_max is not None:
        qualifier = "min"
    surface_start = q_start
    # the counted noun ("600 beds"), kept in the surface
    noun_i = -1
    if unit is None:
        k = end
        if _low(toks, k) in lx.COUNT_NOUNS:
            noun_i = k
        elif (
            k + 1 < n
            and toks[k].is_word
            and _low(toks, k + 1) in lx.COUNT_NOUNS
            and _low(toks, k) not in ("of", "and", "or", "to", "in", "per")
        ):
            noun_i = k + 1
    # duration, conversation, threshold exclusions for bare numbers
    nxt = _low(toks, end)
    if unit is None:
        if nxt in lx.TIME_UNITS or (nxt in ("-",) and _low(toks, end + 1) in lx.TIME_UNITS):
            return _duration(toks, surface_start, end, value, value_max, qualifier)
        if nxt in lx.CONVERSATION_NOUNS or (
            toks[i].is_word and _low(toks, end + 1) in lx.CONVERSATION_NOUNS and toks[end].is_word
            if end < n
            else False
        ):
            return None
        for th in (
            lx.THRESHOLD_AFTER
            if nxt in _THRESHOLD_FIRST or _low(toks, noun_i + 1) in _THRESHOLD_FIRST
            else ()
        ):
            for at in (end, noun_i + 1) if noun_i >= 0 and th[-1] == "more" else (end,):
                if _low(toks, at) == th[0] and tuple(_low(toks, at + k) for k in range(len(th))) == th:
                    return None  # "three or more children", "three children or more"
        if toks[i].is_word and not num.scaled and num.j == i + 1:
            if t.low == "one" and noun_i < 0:
                return None
            possessive_of = (
                nxt == "of" and _low(toks, end + 1) in ("the", "its", "our", "their") and t.low != "one"
            )
            if (nxt in ("of", "-", "another", "'", "’") and not possessive_of) or _low(toks, i - 1) in (
                "the",
                "these",
                "those",
                "all",
                "every",
                "each",
                "first",
                "last",
                "only",
            ):
                return None
            if nxt in (".", ",", ";") and _low(toks, i - 1) in ("of", "than", "to", "the"):
                return None
        if num.plain_digits == "0" or (value == 0 and not num.words):
            return None
    # change context
    sign_before = _change_sign_before(toks, surface_start)
    sign_after = _change_sign_after(toks, end) if unit is not None else None
    if (
        unit is None
        and sign_after is None
        and _low(toks, end) in ("more", "fewer")
        and _low(toks, end + 1) in lx.COUNT_NOUNS
    ):
        sign_after = 1 if _low(toks, end) == "more" else -1
    # the parallel construction "1 percent and 1.7 percent increases"
    if sign_after is None and unit == "%" and _low(toks, end) == "and":
        nxt_num = parse_number(toks, end + 1)
        if nxt_num is not None:
            u3 = _unit_at(toks, nxt_num.j)
            if u3 is not None and u3[0] == "%":
                sign_after = _change_sign_after(toks, u3[2])
    # "rose above 4.5 trillion rubles" reaches a level; it is no change of that size
    if _low(toks, q_start) in ("above", "beyond") and _low(toks, q_start - 1) in lx.DIRECT_CHANGE_VERBS:
        sign_before = None
    # verb qualifiers stay in the surface ("topped 103 billion rubles")
    if qualifier == "min" and _low(toks, q_start) in lx.VERB_QUALIFIERS:
        sign_before = None
    span_value = value * factor
    span_max = value_max * factor if value_max is not None else None
    if unit == "x":
        return Span(surface_start, end, "change", value, "x", qualifier, value_max)
    if unit == "pp":
        pp_sign = sign_before[0] if sign_before else (sign_after or 1)
        return Span(
            surface_start, end, "change", pp_sign * value, "pp", qualifier, _times(value_max, pp_sign)
        )
    if unit == "%":
        pct_sign = sign_before[0] if sign_before else sign_after
        if pct_sign is not None:
            # "grew by 107 percent compared with 2017": a translated index, a level of 107 %
            low_rise, high_rise = lx.INDEX_BAND_OF_RISE
            if (
                pct_sign > 0
                and low_rise < value < high_rise
                and sign_before is not None
                and not sign_before[1]
                and _low(toks, end) not in lx.CHANGE_AFTER
            ):
                return Span(surface_start, end, "index", value, "%", qualifier, value_max)
            return Span(
                surface_start, end, "change", pct_sign * value, "%", qualifier, _times(value_max, pct_sign)
            )
        return Span(surface_start, end, "percent", value, "%", qualifier, value_max)
    if unit is None:
        # a scaled number with no unit is roubles in a money sentence; billions standing alone always are
        bare_billions = num.scale >= 1e9 and (end >= n or not toks[end].is_word or nxt in lx.FUNCTION_WORDS)
        money = (
            (num.scaled or scaled_range)
            and (bare_billions or _sentence_has(toks, lx.MONEY_CUES))
            and _low(toks, end) not in lx.NON_MONEY_NOUNS
        )
        if money and noun_i < 0:
            unit, span_value, span_max = "RUB", value, value_max
        else:
            if noun_i >= 0:
                end = noun_i + 1
            if sign_before is None:
                return Span(surface_start, end, "count", value, "count", qualifier, value_max, noun_i)
            sign = sign_before[0]
            return Span(
                surface_start,
                end,
                "change",
                sign * value,
                "count",
                qualifier,
                _times(value_max, sign),
                noun_i,
            )
    assert unit is not None
    if sign_before is not None:
        sign = sign_before[0]
        return Span(surface_start, end, "change", sign * span_value, unit, qualifier, _times(span_max, sign))
    return Span(surface_start, end, "amount", span_value, unit, qualifier, span_max)


def _times(value: float | None, sign: int) -> float | None:
    """A range's upper end carries the change's sign too ("fell by 10-12 percent": -10 to -12)."""
    return None if value is None else sign * value


def _duration(
    toks: Tokens, i: int, end: int, value: float, value_max: float | None, q: Qualifier
) -> Span | None:
    """A number of years is a figure only when it is the measured thing (life expectancy, service life)."""
    unit_word = _low(toks, end) if _low(toks, end) != "-" else _low(toks, end + 1)
    if unit_word not in ("years", "year"):
        return None
    context = " ".join(t.low for t in toks[max(0, i - 8) : end + 3])
    if not any(c in context for c in lx.MEASURED_DURATION_CUES):
        return None
    stop = end + 1 if _low(toks, end) != "-" else end + 2
    return Span(i, stop, "amount", value, "year", q, value_max)
