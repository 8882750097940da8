"""What a figure measures and when: metric by cue words, a short subject, and the year it refers to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

import yaml

from regional_report.metrics import metrics
from regional_report.settings import DATA_DIR

# A cue farther than this (in score points, roughly characters) from its figure does not name it.
MAX_CUE_SCORE: Final = 160
_CLAUSE_BREAK_RE: Final = re.compile(r";|:| – | — |\bwhile\b|\bwhereas\b|\bbut\b")
_YEAR_RE: Final = re.compile(
    r"\b(?:(this|last|next|the\s+current|the\s+previous|the\s+past|the\s+coming)\s+year)\b|\b(1[89]\d\d|20\d\d)\b(?![.,]?\d)",
    re.IGNORECASE,
)
# Words before a year that make it a comparison base, not the figure's year.
_BASE_BEFORE: Final = re.compile(
    r"(since|compared\s+(?:with|to)|than(?:\s+in)?|relative\s+to|versus|vs\.?|against|over|on|from|"
    r"as\s+against|with|in\s+comparison\s+with|before|after|until|till|back\s+to)\s+"
    r"(?:(?:the\s+)?(?:end|beginning|start|middle|level|levels)\s+of\s+)?(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)
_BASE_AFTER: Final = re.compile(r"^\s*(levels?|figures?|indicators?)\b", re.IGNORECASE)
_RELATIVE: Final = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "the past": -1, "next": 1, "the coming": 1}
_STOP_SUBJECT: Final = frozenset({
    "is", "are", "was", "were", "be", "been", "have", "has", "had", "will", "would", "to", "in", "at", "by",
    "for", "on", "with", "from", "and", "or", "but", "that", "which", "who", "this", "it", "we", "they",
    "per", "a", "an", "the", "than", "more", "as", "of", "over", "into", "each", "every", "year", "years",
})
_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase of a metric, compiled."""

    metric: str
    words: int
    pattern: re.Pattern[str]


@cache
def cues() -> tuple[Cue, ...]:
    """Every cue of every metric: the taxonomy's own cues plus the project's extra wording."""
    extra = yaml.safe_load((DATA_DIR / "metric_cues.yaml").read_text(encoding="utf-8")) or {}
    out: list[Cue] = []
    for m in metrics().values():
        phrases = {c.lower() for c in m.cues} | {str(c).lower() for c in extra.get(m.id, [])}
        for phrase in sorted(phrases):
            prefix = phrase.endswith("*")
            body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
            tail = r"[a-z]*" if prefix else r"(?:s|es)?"
            out.append(Cue(m.id, phrase.count(" ") + 1, re.compile(rf"\b{body}{tail}\b", re.IGNORECASE)))
    return tuple(out)


def choose_metric(sentence: str, fs: int, fe: int, kind: str, unit: str) -> str | None:
    """The metric whose cue sits closest to the figure at sentence[fs:fe], compatible with its unit."""
    best: tuple[float, str] | None = None
    table = metrics()
    for cue in cues():
        units = table[cue.metric].units
        penalty = 0.0
        if kind in ("amount", "count", "percent") and unit not in units:
            if not (kind == "percent" and "%" in units):
                penalty += 90
        if kind == "change" and unit not in ("%", "x", "pp") and unit not in units:
            penalty += 90
        for m in cue.pattern.finditer(sentence):
            a, b = m.start(), m.end()
            if b <= fs:
                gap = sentence[b:fs]
                d = fs - b
            elif a >= fe:
                gap = sentence[fe:a]
                d = (a - fe) * 1.3 + 4
            else:
                gap, d = "", 0
            d += 45 * len(_CLAUSE_BREAK_RE.findall(gap)) + 8 * gap.count(",")
            score = d + penalty - 3 * cue.words
            if best is None or score < best[0]:
                best = (score, cue.metric)
    if best is None or best[0] > MAX_CUE_SCORE:
        return None
    return best[1]


def figure_year(sentence: str, fs: int, fe: int, meeting: date | None) -> int | None:
    """The year the figure at sentence[fs:fe] refers to, when its own sentence says so."""
    best: tuple[float, int] | None = None
    for m in _YEAR_RE.finditer(sentence):
        a, b = m.start(), m.end()
        if a < fe and b > fs:
            continue
        if m.group(2):
            year = int(m.group(2))
            before = sentence[max(0, a - 40) : a]
            if _BASE_BEFORE.search(before) or _BASE_AFTER.match(sentence[b:]):
                continue
            if re.search(r"[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d", sentence[b:]):
                continue  # spans of years ("2019-2024") frame periods, not one year
        else:
            if meeting is None:
                continue
            rel = re.sub(r"\s+", " ", m.group(1).lower())
            year = meeting.year + _RELATIVE.get(rel, 0)
        d = fs - b if b <= fs else (a - fe) * 1.5
        d += 60 * len(_CLAUSE_BREAK_RE.findall(sentence[min(b, fe) : max(a, fs)]))
        if best is None or d < best[0]:
            best = (d, year)
    return None if best is None else best[1]


def subject_of(sentence: str, fs: int, fe: int, metric: str | None, noun: str | None) -> str:
    """A short phrase saying what the figure counts or measures."""
    after = sentence[fe:]
    words = _WORD_RE.findall(after[:80])
    if noun is None and words and words[0].lower() == "of":
        words = words[1:]
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
    elif noun is None:
        words = []
    phrase: list[str] = []
    for w in words:
        if w.lower() in _STOP_SUBJECT or len(phrase) >= 4:
            break
        phrase.append(w)
    if noun is not None and phrase:
        return " ".join(phrase)
    if phrase:
        return " ".join(phrase)
    if metric is not None:
        return metrics()[metric].label
    before = _WORD_RE.findall(sentence[max(0, fs - 60) : fs])
    tail: list[str] = []
    for w in reversed(before):
        if w.lower() in _STOP_SUBJECT:
            if tail:
                break
            continue
        tail.insert(0, w)
        if len(tail) >= 3:
            break
    return " ".join(tail)


def describe(
    sentence: str, offset: int, start: int, end: int, kind: str, unit: str, meeting: date | None, noun: str | None
) -> tuple[str | None, str, int | None]:
    """(metric, subject, year) of the figure at text[start:end] in a sentence starting at `offset`."""
    fs, fe = start - offset, end - offset
    metric = choose_metric(sentence, fs, fe, kind, unit)
    return metric, subject_of(sentence, fs, fe, metric, noun), figure_year(sentence, fs, fe, meeting)
