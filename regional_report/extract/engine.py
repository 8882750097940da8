"""Figure extraction: the engine that walks a sentence's tokens and applies the grammar in `lexicon.py`.

For each sentence it runs the finders in order: whole-phrase changes ("cut in half", "doubled";
`changes.py`), ranks ("fifth place", "ranks first in the country", "top spot", "the second largest in
the country"; `ranks.py`), and number phrases with their qualifier, range partner, unit and change
context (`phrases.py`, `kinds.py`); then the sentence's own words recast percent levels as indices or
growth rates (`kinds.levels_in_context`). Every figure keeps its character span; what it measures and
when (metric, subject, year, scope, status, period, per) come from `context.py`.

Extraction is total: odd text yields fewer figures, never an exception.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.changes import PHRASE_STARTS, phrase_changes
from regional_report.extract.context import describe
from regional_report.extract.kinds import levels_in_context, restatements
from regional_report.extract.measure import words_of_tokens
from regional_report.extract.numbers import FRACTION_FIRST
from regional_report.extract.phrases import number_span
from regional_report.extract.ranks import RANK_STARTS, ranks
from regional_report.extract.spans import Span
from regional_report.extract.text import (
    FOLDS_TO_ASCII,
    Lexeme,
    LexemeTable,
    Tokens,
    sentence_spans,
    word_alternation,
)
from regional_report.model import Figure

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
CONTEXT_SENTENCES: Final = 3

log = logging.getLogger(__name__)

# Words that can begin a number phrase, a whole-phrase change or a rank: every other token is skipped fast.
NUMBER_STARTS: Final = frozenset({*lx.SMALL_NUMBERS, *lx.TENS, *FRACTION_FIRST})
FIGURE_STARTS: Final = NUMBER_STARTS | PHRASE_STARTS | RANK_STARTS
# A sentence with neither a digit nor any word that can start a figure has none: skip it untokenized.
# An article starts a figure only before a scale or a fraction ("a million", "a third"). The words are
# one prefix-factored alternation, so the regex engine tries a few branches per word, not one per word.
# A word token is a run of letters: \w but for digits and "_". A regex word boundary splits at every
# other character, so a sentence with a digit or a "_" ("_TWO") is read whatever the words say.
_HAS_DIGIT: Final = re.compile(r"[\d_]")
_ARTICLE_STARTS: Final = {*lx.BARE_SCALES, *(k[1] for k in lx.FRACTIONS if k[0] in lx.INDEFINITE_ARTICLES)}
_MAY_HOLD_WORD: Final = re.compile(
    r"\b(?:"
    + word_alternation(lx.INDEFINITE_ARTICLES & FIGURE_STARTS)
    + r"\s+"
    + word_alternation(_ARTICLE_STARTS)
    + "|"
    + word_alternation(FIGURE_STARTS - lx.INDEFINITE_ARTICLES)
    + r")\b",
    re.IGNORECASE,
)
# The prefilter in one search, for a text with a space put before it (`prefilter`): a digit or "_", or
# one of the words after a character that is no word character. Every match starts at a character
# that is no ASCII lower-case letter: the regex engine skips those at C speed with a range test (where
# a leading \b, or a class of Unicode categories, costs a look-up in the Unicode tables at each), and
# the lookbehinds then say exactly which of the two the character is. (Every word starts with a letter,
# so the leading \b of `_MAY_HOLD_WORD` is exactly "no word character before".) Case-sensitive, for a
# lower-cased text: the regex engine then skips branches by their first letter. Read `prefilter` for
# when a lower-cased text is exactly equivalent.
_SPACED: Final = "[^a-z](?:(?<=[\\d_])|(?<=[^\\w])" + _MAY_HOLD_WORD.pattern.removeprefix(r"\b") + ")"
_MAY_HOLD_SPACED: Final = re.compile(_SPACED, re.IGNORECASE)
_MAY_HOLD_SPACED_LOWER: Final = re.compile(_SPACED)
if not all(w[:1].isalpha() for w in FIGURE_STARTS):
    raise ValueError("a word that can start a figure must start with a letter (see _SPACED)")
# The lexemes of the tokens seen so far, marked when they may begin a figure.
_LEXEMES: Final = LexemeTable(FIGURE_STARTS)


def extract_figures(text: str, meeting_date: date | None = None) -> list[Figure]:
    """Every figure in `text`, in order of appearance. Never raises.

    The grammar reads every sentence first; then each figure it found is described (`describe`: its
    metric, year, scope ...). Stage by stage, each stage's tables and code stay warm in the processor's
    caches: on real reports about 3 % faster than describing a sentence's figures as it is read.

    >>> [(f.surface, f.kind, f.value, f.unit, f.qualifier) for f in extract_figures("Output grew by 40 percent.")]
    [('40 percent', 'change', 40.0, '%', 'exact')]
    """
    figures: list[Figure] = []
    if not isinstance(text, str):
        return figures
    spans = sentence_spans(text)
    candidates = prefilter(text)
    found: list[tuple[int, Grammar]] = []
    for n, (a, b) in enumerate(spans):
        if not candidates.may_hold(a, b):
            continue  # no digit and no word that can start a figure
        try:
            read = _grammar_of(text, a, b)
        except Exception:  # a grammar bug must not lose the rest of the document
            log.exception("extraction failed on the sentence at %d-%d; skipped", a, b)
            continue
        if read.spans:
            found.append((n, read))
    for n, read in found:
        # the context sentences' text, at most its last 400 characters
        context_end = spans[n - 1][1] if n else 0
        context_start = spans[n - CONTEXT_SENTENCES][0] if n >= CONTEXT_SENTENCES else 0
        before = text[max(context_start, context_end - 400) : context_end]
        try:
            figures.extend(_described(text, read, meeting_date, before))
        except Exception:
            log.exception("extraction failed on the sentence at %d-%d; skipped", *spans[n])
    return figures


def sentence_figures(text: str, a: int, b: int, meeting_date: date | None, before: str = "") -> list[Figure]:
    """The figures of the sentence text[a:b]."""
    return _figures_of(text, a, b, meeting_date, before) if _may_hold_figure(text, a, b) else []


def _may_hold_figure(text: str, a: int, b: int) -> bool:
    """Whether the sentence text[a:b] has a digit or a word that can start a figure."""
    return bool(_HAS_DIGIT.search(text, a, b) or _MAY_HOLD_WORD.search(text, a, b))


class Prefilter:
    """The prefilter for one text: `pattern` searched in `text`, a space and then the text, lower-cased
    where that is exactly equivalent (see `prefilter`)."""

    __slots__ = ("pattern", "text")

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text

    def may_hold(self, a: int, b: int) -> bool:
        """Whether the text's characters [a, b) (a sentence) hold a digit or a word that can start a
        figure: `_may_hold_figure(text, a, b)`, for a sentence with no word character just before it."""
        return self.pattern.search(self.text, a, b + 1) is not None


def prefilter(text: str) -> Prefilter:
    """The prefilter for the sentences of `text`.

    A case-sensitive search of the lower-cased text finds exactly what a case-ignoring search of the
    text does when lower-casing keeps every character's offset (the length is kept) and no character
    beyond ASCII matches an ASCII letter only when case is ignored; lower-casing keeps what is a
    letter, a digit or a space. The space put before the text stands for the start of the text: no
    word character there.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and all(c not in text for c in FOLDS_TO_ASCII):
        return Prefilter(_MAY_HOLD_SPACED_LOWER, " " + lowered)
    return Prefilter(_MAY_HOLD_SPACED, " " + text)


class Grammar:
    """What the grammar read in the sentence text[a:b]: its tokens (raw, with the spaces before each,
    and as lexemes), their offsets and the figure spans."""

    __slots__ = ("a", "b", "offsets", "raws", "spans", "toks")

    def __init__(
        self, a: int, b: int, raws: list[str], toks: list[Lexeme], offsets: list[int], spans: list[Span]
    ) -> None:
        self.a = a
        self.b = b
        self.raws = raws
        self.toks = toks
        self.offsets = offsets
        self.spans = spans


def _grammar_of(text: str, a: int, b: int) -> Grammar:
    raws, toks, offsets, starts = _LEXEMES.read(text, a, b)
    return Grammar(a, b, raws, toks, offsets, find_spans(toks, starts))


def _figures_of(text: str, a: int, b: int, meeting_date: date | None, before: str) -> list[Figure]:
    return _described(text, _grammar_of(text, a, b), meeting_date, before)


def _described(text: str, read: Grammar, meeting_date: date | None, before: str) -> list[Figure]:
    """The figures of the grammar's spans in one sentence, each with what its context says of it."""
    a, toks, offsets = read.a, read.toks, read.offsets
    sentence = text[a : read.b]
    words = words_of_tokens(read.raws, toks)  # its words, read once for all its figures
    out = []
    for s in read.spans:
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
            words,
        )
        # the fields in Figure's order, by position: a class's call with keywords builds a dict of them
        out.append(
            Figure(
                start,
                end,
                text[start:end],  # surface
                s.kind,
                round(s.value, 6),
                s.unit,
                s.qualifier,
                None if s.value_max is None else round(s.value_max, 6),
                about.metric,
                about.subject,
                about.year,
                sentence,
                about.scope,
                about.status,
                about.period,
                about.per,
            )
        )
    return out


def numbers(toks: Tokens, used: list[bool], starts: list[int]) -> list[Span]:
    """Number phrases with their qualifier, range, unit and change context."""
    out: list[Span] = []
    resume = 0  # a number phrase's tokens start no other
    for i in starts:
        if i < resume or used[i] or not (toks[i].is_num or toks[i].low in NUMBER_STARTS):
            continue
        span = number_span(toks, i)
        if span is not None:
            out.append(span)
            resume = span.j
    return out


# The finders, in order: a token one of them took is no part of a later one's figure.
FINDERS: Final[tuple[Callable[[Tokens, list[bool], list[int]], list[Span]], ...]] = (
    phrase_changes,
    ranks,
    numbers,
)


def find_spans(toks: Tokens, starts: list[int] | None = None) -> list[Span]:
    """All figure spans in one sentence's tokens, non-overlapping, in order.

    `starts` are the indices of the tokens that may begin a figure (numbers and `_FIGURE_STARTS`), as
    `LexemeTable.lexemes` gives them; found here when not given.
    """
    used = [False] * len(toks)
    found: list[Span] = []
    # the tokens that may begin a figure: every finder walks these alone
    if starts is None:
        starts = [i for i, t in enumerate(toks) if t.is_num or t.low in FIGURE_STARTS]
    for finder in FINDERS:
        for s in finder(toks, used, starts):
            if any(used[s.i : s.j]):
                continue
            for k in range(s.i, s.j):
                used[k] = True
            found.append(s)
    found.sort(key=lambda s: s.i)
    return levels_in_context(toks, restatements(toks, found))
