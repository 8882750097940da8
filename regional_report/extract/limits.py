"""Limits that keep hostile input from stalling a run or passing unnoticed.

`max_sentence_chars`: the figure grammar's cost grows faster than a sentence's length, so a
run-on "sentence" (a table flattened onto one line, a page with no full stops) could stall a whole batch;
such a sentence is left out of extraction and listed in Issues (`frames.issues.long_sentence_issues`), never
dropped silently. This module imports only the extractor: the worker processes of `parallel` run it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from regional_report.extract.engine import extract_figures
from regional_report.extract.text import sentence_spans
from regional_report.model import Figure

__all__ = [
    "extract_bounded",
    "long_sentences",
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
    `long_sentences` (or `issue_rows.long_sentence_issues`).
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
