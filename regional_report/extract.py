"""Figure extraction (being written; see issue 3)."""

from __future__ import annotations

from datetime import date

from regional_report.model import Figure


def extract_figures(text: str, meeting_date: date | None = None) -> list[Figure]:
    """Every figure in `text`, in order of appearance. Never raises."""
    return []
