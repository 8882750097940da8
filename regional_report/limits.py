"""Limits that keep hostile input from stalling a run or passing unnoticed.

Two settings. `max_sentence_chars`: the figure grammar's cost grows faster than a sentence's length, so a
run-on "sentence" (a table flattened onto one line, a page with no full stops) could stall a whole batch;
such a sentence is left out of extraction and listed in Issues, never dropped silently.
`max_quarantine_ratio`: a run that had to set aside more than this share of its documents fails, though
its workbook is still written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Final

import polars as pl

from regional_report.extract import extract_figures
from regional_report.model import Figure, Outcome
from regional_report.tables import polars_schema
from regional_report.text import sentence_spans
from schemas import IssueFrame

if TYPE_CHECKING:
    from regional_report.tables import RunSummary

__all__ = [
    "LONG_SENTENCE_CHECK",
    "extract_bounded",
    "long_sentence_issues",
    "long_sentences",
    "quarantine_problem",
    "quarantine_ratio",
]

LONG_SENTENCE_CHECK: Final = "sentence_too_long"
_QUOTED_CHARS: Final = 80  # how much of an overlong sentence its Issue quotes


def long_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of `text` longer than `max_chars` characters.

    >>> long_sentences("Short. " + "X" * 30 + "\\nShort again.", 20)
    [(7, 37)]
    """
    if max(map(len, text.split("\n")), default=0) <= max_chars:
        return []  # a sentence never spans a line break: no line this long, no sentence this long
    return [(a, b) for a, b in sentence_spans(text) if b - a > max_chars]


def extract_bounded(
    text: str,
    meeting_date: date | None = None,
    *,
    max_sentence_chars: int,
    extract: Callable[[str, date | None], list[Figure]] = extract_figures,
) -> list[Figure]:
    """`extract(text, meeting_date)`, with every sentence longer than `max_sentence_chars` left out.

    The overlong sentences are blanked with line breaks before extraction, so the text keeps its length
    and every figure's offsets and surface still refer to the original text. List what was left out with
    `long_sentences` (or `long_sentence_issues`).
    """
    spans = long_sentences(text, max_sentence_chars)
    if not spans:
        return extract(text, meeting_date)
    parts: list[str] = []
    done = 0
    for a, b in spans:
        parts += [text[done:a], "\n" * (b - a)]
        done = b
    parts.append(text[done:])
    return extract("".join(parts), meeting_date)


def long_sentence_issues(outcomes: Iterable[Outcome], max_chars: int) -> pl.DataFrame:
    """IssueFrame rows (stage "extract"), one per sentence of a processed document that was not extracted."""
    schema = polars_schema(IssueFrame)
    rows: list[dict[str, object]] = []
    for outcome in outcomes:
        document = outcome.document
        if outcome.status != "processed" or document is None:
            continue
        for a, b in long_sentences(document.text, max_chars):
            quoted = document.text[a : a + _QUOTED_CHARS]
            rows.append(
                {
                    "stage": "extract",
                    "doc": outcome.name,
                    "region": document.region,
                    "check": LONG_SENTENCE_CHECK,
                    "value": quoted + ("…" if b - a > _QUOTED_CHARS else ""),
                    "message": (
                        f"the sentence at characters {a:,}–{b:,} is {b - a:,} characters long, over the limit"
                        f" of {max_chars:,} (REGIONAL_REPORT_MAX_SENTENCE_CHARS): its figures were not"
                        " extracted"
                    ),
                }
            )
    return pl.DataFrame({name: [row.get(name) for row in rows] for name in schema}, schema=schema)


def quarantine_ratio(outcomes_read: int, quarantined: int, duplicates: int) -> float:
    """The share of distinct documents that were quarantined: duplicates count on neither side.

    >>> quarantine_ratio(10, 4, 2), quarantine_ratio(0, 0, 0)
    (0.25, 0.0)
    """
    distinct = outcomes_read - duplicates
    return (quarantined - duplicates) / distinct if distinct > 0 else 0.0


def quarantine_problem(summary: RunSummary, max_ratio: float) -> str | None:
    """Why the run must fail for quarantining too much, or None when its share is within `max_ratio`."""
    distinct = summary.documents_read - summary.duplicates
    set_aside = summary.documents_quarantined - summary.duplicates
    ratio = quarantine_ratio(summary.documents_read, summary.documents_quarantined, summary.duplicates)
    if ratio <= max_ratio:
        return None
    return (
        f"{set_aside:,} of {distinct:,} documents were quarantined ({ratio:.1%}), over the limit of"
        f" {max_ratio:.1%} (REGIONAL_REPORT_MAX_QUARANTINE_RATIO); the workbook was written, see its Sources"
        " and Issues sheets"
    )
