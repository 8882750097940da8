"""When a figure holds: the year it refers to."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Final

_YEAR_RE: Final = re.compile(
    r"\b(?:(this|last|next|the\s+current|the\s+previous|the\s+past|the\s+coming)\s+year)\b|\b(1[89]\d\d|20\d\d)\b(?![.,]?\d)",
    re.IGNORECASE,
)
# Words before a year that make it a comparison base, not the figure's year.
_BASE_BEFORE: Final = re.compile(
    r"(since|compared\s+(?:with|to)|than(?:\s+in)?|as(?:\s+in)?|relative\s+to|versus|vs\.?|against|over|on|from|"
    r"as\s+against|with|in\s+comparison\s+with|after|back\s+to)\s+"
    r"(?:(?:the\s+)?(?:end|beginning|start|middle|level|levels)\s+of\s+)?(?:the\s+same\s+period\s+(?:of|in)?\s*)?"
    r"(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)
# "from 4.5 tons in 2007 to 18 tons": a year right after a figure belongs to that figure alone.
_ATTACHED_TO_FIGURE: Final = re.compile(r"\d[\d,.]*(?:\s+[a-z]+){0,2}\s+in\s+$", re.IGNORECASE)
_YEAR_HARD_BREAK: Final = re.compile(
    r";|:|\.\s|\bwhile\b|\bwhereas\b|\bbut\b|\bbecause\b|\balthough\b|\bhowever\b", re.IGNORECASE
)
_YEAR_SOFT_BREAK: Final = re.compile(r"\band\b|\bwhich\b|\bthat\b|\bwho\b", re.IGNORECASE)
# Only a preposition or a time adverb before the year: it opens the sentence and dates all of it.
_FRONTED: Final = re.compile(
    r"^\s*(?:(?:in|by|during|over|for|of|as\s+of|at\s+the\s+end\s+of|the\s+first\s+(?:half|quarter)\s+of|"
    r"earlier|later|the|early|late|mid-)\s*)*$",
    re.IGNORECASE,
)
# "in 2020, ..." / "By the end of 2019, ...": an introductory year dates the rest of its sentence.
_INTRODUCTORY: Final = re.compile(r"^\s*,")
_ADJACENT_AFTER: Final = re.compile(
    r"\s+(?:in|by|for|of|as\s+of|until|before)\s+(?:the\s+end\s+of\s+|early\s+|late\s+|mid-)?", re.IGNORECASE
)
MAX_YEAR_DISTANCE: Final = 100
_FROM_BEFORE: Final = re.compile(r"\bfrom\s+$")
_IN_OR_OF: Final = re.compile(r"\s+(?:in|of)\s+")
# "2019-2024", "between 2019 and 2024": spans of years
_DASH_BEFORE: Final = re.compile(r"[-–]\s*$")
_DASH_AFTER: Final = re.compile(r"\s*[-–]\s*\d")
_BETWEEN_YEAR_AND: Final = re.compile(r"\bbetween\s+\d{4}\s+and\s+$", re.IGNORECASE)
_BETWEEN: Final = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AND_YEAR_AFTER: Final = re.compile(r"\s+and\s+\d{4}")
_SPACES: Final = re.compile(r"\s+")
_BASE_AFTER: Final = re.compile(r"^\s*(levels?|figures?|indicators?)\b", re.IGNORECASE)
_RELATIVE: Final = {
    "this": 0,
    "the current": 0,
    "last": -1,
    "the previous": -1,
    "the past": -1,
    "next": 1,
    "the coming": 1,
}


@lru_cache(maxsize=2048)
def _year_mentions(sentence: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every year or relative year ("last year") in a sentence: (start, end, relative words, digits)."""
    return tuple(
        (m.start(), m.end(), m.group(1) or "", m.group(2) or "") for m in _YEAR_RE.finditer(sentence)
    )


def figure_year(sentence: str, fs: int, fe: int, meeting: date | None) -> int | None:
    """The year the figure at sentence[fs:fe] refers to, when its own sentence says so.

    A fronted year ("In 2019, ...", "This year, ...") dates the whole sentence; any other year dates
    only figures of its own clause nearby. A comparison base ("compared with 2017", "since 2007") is
    not the figure's year; nor is one that belongs to another figure ("from 4.5 tons in 2007 to 18 tons").
    """
    just_before = sentence[max(0, fs - 6) : fs]
    from_base = "from" in just_before and _FROM_BEFORE.search(just_before) is not None
    best: tuple[float, int] | None = None
    for a, b, relative, written in _year_mentions(sentence):
        if a < fe and b > fs:
            continue
        between = sentence[b:fs] if b <= fs else sentence[fe:a]
        if from_base and not (a >= fe and _IN_OR_OF.fullmatch(between)):
            continue  # "from 1.6 million": the base level of a change has no year of its own
        if b <= fs and _ATTACHED_TO_FIGURE.search(sentence[max(0, a - 40) : a]):
            continue
        if _YEAR_HARD_BREAK.search(between):
            continue
        before = sentence[max(0, a - 40) : a]
        if _BASE_BEFORE.search(before) or _BASE_AFTER.match(sentence[b:]):
            continue
        if written:
            year = int(written)
            if _DASH_BEFORE.search(before) or _DASH_AFTER.match(sentence[b:]):
                continue  # spans of years ("2019-2024") frame periods, not one year
            if _BETWEEN_YEAR_AND.search(before) or (
                _BETWEEN.search(before) and _AND_YEAR_AFTER.match(sentence[b:])
            ):
                continue  # "between 2019 and 2024" frames a period too
        else:
            if meeting is None:
                continue
            rel = _SPACES.sub(" ", relative.lower())
            year = meeting.year + _RELATIVE.get(rel, 0)
        if a >= fe and _ADJACENT_AFTER.fullmatch(between):
            d = 0.0  # "17 percent in early 2025"
        elif b <= fs and (_FRONTED.match(sentence[:a]) or _INTRODUCTORY.match(sentence[b:])):
            d = 10.0
        else:
            d = len(between) + 20 * between.count(",") + 40 * len(_YEAR_SOFT_BREAK.findall(between))
        if best is None or d < best[0]:
            best = (d, year)
    return None if best is None or best[0] > MAX_YEAR_DISTANCE else best[1]
