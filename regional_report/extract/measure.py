"""What a figure measures: its metric (from the taxonomy) and a short subject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

import yaml

from regional_report.extract.text import FOLDS_TO_ASCII, word_alternation
from regional_report.metrics import metrics
from regional_report.settings import DATA_DIR

# A cue farther than this (in score points, roughly characters) from its figure does not name it.
MAX_CUE_SCORE: Final = 160
# Cues farther than this many characters from a figure cannot reach MAX_CUE_SCORE: they are not read.
CUE_WINDOW: Final = 240
# "74 percent of allocated hospital beds": a cue within a few words after "of" names what the share is of.
_OF_PHRASE: Final = re.compile(r"\s+of\s+(?:[\w'’-]+\s+){0,3}$")
_CLAUSE_BREAK_RE: Final = re.compile(r";|:|\bwhile\b|\bwhereas\b|\bbut\b|\.\s")
_LEVEL_AFTER_VERB: Final = re.compile(
    r"\b(?:fallen|fell|dropped|decreased|declined|risen|rose|grown|grew|increased|reached|amounted)\s+to\s+$",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE: Final = re.compile(
    r"\b(at|in|from|for|on|with|to|by|of)\s+(?:the\s+|its\s+|our\s+|rural\s+|small\s+)?$", re.IGNORECASE
)
_STOP_SUBJECT: Final = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "have",
        "has",
        "had",
        "will",
        "would",
        "to",
        "in",
        "at",
        "by",
        "for",
        "on",
        "with",
        "from",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "this",
        "it",
        "we",
        "they",
        "per",
        "a",
        "an",
        "the",
        "than",
        "more",
        "as",
        "of",
        "over",
        "into",
        "each",
        "every",
        "year",
        "years",
    }
)
_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_AND: Final = re.compile(r"\band\b")
# The gap between a count and its counted noun: "14 fitness centres"
_NOUN_GAP: Final = re.compile(r"\s+(?:[a-z-]+\s+)?")
_LAST_TWO_WORDS: Final = re.compile(r"([A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*)?)\s*$")
_KEY_LETTERS: Final = re.compile(r"[a-z]{1,3}")
_THREE_LETTERS: Final = re.compile(r"[a-z]{3}")


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase of a metric, compiled."""

    metric: str
    words: int
    pattern: re.Pattern[str]
    weak: bool = False
    key: str = ""  # the first three letters of its first word: a cheap filter before the regex


@cache
def cues() -> tuple[Cue, ...]:
    """Every cue of every metric: the taxonomy's own cues plus the project's extra wording."""
    extra = yaml.safe_load((DATA_DIR / "metric_cues.yaml").read_text(encoding="utf-8")) or {}
    out: list[Cue] = []
    for m in metrics().values():
        phrases = {c.lower() for c in m.cues} | {str(c).lower() for c in extra.get(m.id, [])}
        for phrase in sorted(phrases):
            weak = phrase.startswith("~")
            word = phrase.lstrip("~")
            prefix = word.endswith("*")
            body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
            tail = r"[a-z]*" if prefix else r"(?:s|es)?"
            pattern = re.compile(rf"\b{body}{tail}\b", re.IGNORECASE)
            out.append(Cue(m.id, word.count(" ") + 1, pattern, weak, word[:3]))
    return tuple(out)


@cache
def _cues_by_key() -> dict[str, tuple[tuple[int, Cue], ...]]:
    """The cues with their taxonomy order, grouped by key."""
    index: dict[str, list[tuple[int, Cue]]] = {}
    for order, cue in enumerate(cues()):
        index.setdefault(cue.key, []).append((order, cue))
    return {key: tuple(group) for key, group in index.items()}


@cache
def _cue_key_re() -> re.Pattern[str]:
    """The starts of the words whose key has cues: a word is a run of ASCII letters, its key the first three
    of them lower-cased (a shorter word is its own key). Keys that no such word can have are left out."""
    keys = [key for key in _cues_by_key() if _KEY_LETTERS.fullmatch(key)]
    three = word_alternation(k for k in keys if len(k) == 3)
    short = word_alternation(k for k in keys if len(k) < 3)
    branches = [b for b in (three, f"(?:{short})(?![A-Za-z])" if short else "") if b]
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(branches) or '(?!)'})", re.IGNORECASE | re.ASCII)


@lru_cache(maxsize=2048)
def cue_matches(sentence: str) -> tuple[tuple[int, int, int, Cue], ...]:
    """Every cue occurrence in a sentence as (start, end, taxonomy order, cue), sorted by start.

    Computed once per sentence; figures then look only at the cues near them. A cue whose key is three
    ASCII letters can only match where a word with those letters starts, so it is tried there alone,
    unless the sentence holds a letter that matches an ASCII one only when case is ignored. One regex
    finds the starts of the words whose key has any cue; the other words are never looked at.
    """
    starts: dict[str, list[int]] = {}
    for word in _cue_key_re().finditer(sentence):
        starts.setdefault(word.group().lower(), []).append(word.start())
    if not starts:
        return ()
    anywhere = FOLDS_TO_ASCII.search(sentence) is not None
    by_key = _cues_by_key()
    found: list[tuple[int, int, int, Cue]] = []
    for key, positions in starts.items():
        for order, cue in by_key[key]:
            if anywhere or not _THREE_LETTERS.fullmatch(key):
                found.extend((m.start(), m.end(), order, cue) for m in cue.pattern.finditer(sentence))
                continue
            end = 0
            for p in positions:
                if p >= end and (m := cue.pattern.match(sentence, p)) is not None:
                    found.append((p, m.end(), order, cue))
                    end = m.end()
    found.sort(key=lambda f: (f[0], f[2]))
    return tuple(found)


def choose_metric(sentence: str, fs: int, fe: int, kind: str, unit: str, before: str = "") -> str | None:
    """The metric whose cue sits closest to the figure at sentence[fs:fe], compatible with its unit.

    When the sentence itself has no cue, the preceding sentences (`before`) are read, at a cost.
    """
    found = _best_cue(sentence, fs, fe, kind, unit)
    if found is None and before:
        found = _best_cue(before, len(before) + 40, len(before) + 40, kind, unit)
    if found is None or found[0] > MAX_CUE_SCORE:
        return None
    return found[1]


def _may_break_clause(gap: str) -> bool:
    """Whether `gap` holds what each branch of `_CLAUSE_BREAK_RE` needs: without it, there is no break."""
    return ";" in gap or ":" in gap or "." in gap or "but" in gap or "while" in gap or "whereas" in gap


def _best_cue(sentence: str, fs: int, fe: int, kind: str, unit: str) -> tuple[float, str] | None:
    best: tuple[float, int, str] | None = None
    table = metrics()
    after_weight = 0.8 if kind in ("count", "amount") else 2.0
    first, last = fs - CUE_WINDOW, fe + CUE_WINDOW
    for a, b, order, cue in cue_matches(sentence):  # sorted by start; a sentence holds a few
        if a < first:
            continue
        if a > last:
            break
        units = table[cue.metric].units
        penalty = 15.0 if cue.weak else 0.0
        if kind in ("amount", "count") and unit not in units:
            penalty += 90
        if kind == "change" and unit not in ("%", "x", "pp") and unit not in units:
            penalty += 90
        if b <= fs:
            gap = sentence[b:fs]
            d = fs - b + (30.0 * len(_AND.findall(gap)) if "and" in gap else 0.0)
            if _PREPOSITION_BEFORE.search(sentence[max(0, a - 12) : a]):
                d += 25  # inside a prepositional phrase: a modifier, not the measured thing
        elif a >= fe:
            gap = sentence[fe:a]
            d = (a - fe) * after_weight + 4
            if kind == "count" and _NOUN_GAP.fullmatch(gap):
                d = 0  # the counted noun itself: "14 fitness centres"
            # "74 percent of allocated beds" names what it is a share of, unless a level after a verb
            # already has its subject: "debt has fallen to 12 percent of own revenues"
            if "of" in gap and _OF_PHRASE.match(gap):
                level_of_subject = _LEVEL_AFTER_VERB.search(sentence[max(0, fs - 30) : fs])
                d = d + 25 if level_of_subject else min(d, 6)
            if "and" in gap:
                d += 30 * len(_AND.findall(gap))
        else:
            gap, d = "", 0
        # the searches are skipped when the gap lacks the text they need: most gaps are a few words
        if _may_break_clause(gap):
            d += 45 * len(_CLAUSE_BREAK_RE.findall(gap))
        d += 8 * gap.count(",")
        score = d + penalty - 3 * cue.words
        if best is None or (score, order) < best[:2]:
            best = (score, order, cue.metric)
    return None if best is None else (best[0], best[2])


def subject_of(sentence: str, fs: int, fe: int, metric: str | None, noun: str | None) -> str:
    """A short phrase saying what the figure counts or measures.

    The counted noun ("5,000 children"), else what follows "of" ("4,000 tonnes of meat"), else the
    metric's label, else the content words just before the figure.
    """
    words = _WORD_RE.findall(sentence[fe : fe + 80])
    if noun is not None:
        surface = sentence[fs:fe]
        head = _LAST_TWO_WORDS.search(surface)
        return head.group(1) if head else noun
    if words and words[0].lower() == "of":
        phrase = _phrase(
            words[1:] if words[1:2] and words[1].lower() not in ("the", "a", "an") else words[2:]
        )
        if phrase:
            return phrase
    if metric is not None:
        return metrics()[metric].label
    before = _WORD_RE.findall(sentence[max(0, fs - 60) : fs])
    tail: list[str] = []
    for w in reversed(before):
        lw = w.lower()
        if lw in _STOP_SUBJECT or lw.endswith(("ly", "ed", "ing")) or (w[:1].isupper() and not tail):
            if tail:
                break
            continue
        tail.insert(0, w)
        if len(tail) >= 3:
            break
    return " ".join(tail)


def _phrase(words: list[str]) -> str:
    phrase: list[str] = []
    for w in words:
        if w.lower() in _STOP_SUBJECT or len(phrase) >= 4:
            break
        phrase.append(w)
    return " ".join(phrase)
