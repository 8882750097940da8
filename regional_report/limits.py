"""Limits that keep hostile input from stalling a run or passing unnoticed.

Two settings. `max_sentence_chars`: the figure grammar's cost grows faster than a sentence's length, so a
run-on "sentence" (a table flattened onto one line, a page with no full stops) could stall a whole batch;
such a sentence is left out of extraction and listed in Issues (`tables.long_sentence_issues`), never
dropped silently. This module imports only the extractor: the worker processes of `parallel` run it.
`max_quarantine_ratio`: a run that had to set aside more than this share of its documents fails, though
its workbook is still written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from regional_report.extract import extract_figures
from regional_report.model import Figure
from regional_report.text import sentence_spans

if TYPE_CHECKING:
    from regional_report.tables import RunSummary

__all__ = [
    "extract_bounded",
    "long_sentences",
    "quarantine_problem",
    "quarantine_ratio",
]


def long_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of `text` longer than `max_chars` characters.

    A sentence never spans a line break, so only the lines longer than `max_chars` are split.

    >>> long_sentences("Short. " + "X" * 30 + "\\nShort again.", 20)
    [(7, 37)]
    """
    found: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end
        if end - start > max_chars:
            line = text[start:end]
            found += [(start + a, start + b) for a, b in sentence_spans(line) if b - a > max_chars]
        start = end + 1
    return found


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
    `long_sentences` (or `tables.long_sentence_issues`).
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
