"""Issues rows that no contract raises: files set aside when read, sentences left out for their length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import polars as pl

from regional_report.extract import limits
from regional_report.model import Outcome
from regional_report.normalize import place
from schemas import IssueFrame
from schemas.build import frame_of, polars_schema

LONG_SENTENCE_CHECK: Final = "sentence_too_long"
_QUOTED_CHARS: Final = 80  # how much of an overlong sentence its Issue quotes


def long_sentence_issues(outcomes: Iterable[Outcome], max_chars: int) -> pl.DataFrame:
    """IssueFrame rows (stage "extract"), one per sentence of a processed document that was not extracted."""
    schema = polars_schema(IssueFrame)
    rows: list[dict[str, object]] = []
    for outcome in outcomes:
        document = outcome.document
        if outcome.status != "processed" or document is None:
            continue
        for a, b in limits.long_sentences(document.text, max_chars):
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


def issue_rows_for_quarantine(outcomes: Sequence[Outcome]) -> pl.DataFrame:
    """One read-stage Issues row per input file set aside: quarantined or a duplicate, with its reason."""
    set_aside = [o for o in outcomes if o.status != "processed"]
    return frame_of(
        IssueFrame,
        {
            "stage": ["read"] * len(set_aside),
            "doc": [o.name for o in set_aside],
            "region": [place(o.document).region for o in set_aside],
            "check": ["duplicate" if o.status == "duplicate" else "quarantine" for o in set_aside],
            "column": [None] * len(set_aside),
            "value": [o.path for o in set_aside],
            "message": [o.reason or o.status for o in set_aside],
        },
    )
