"""A figure in its sentence: what it measures and how it may be compared.

`describe` gathers what the figure's own sentence (and, for the metric only, the sentences just before)
says about a figure the grammar found: its metric and subject (`measure`), and the year it refers to
(`timing`), with the spec's version-2 fields: scope, status, period and the rate's denominator.
"""

from __future__ import annotations

from datetime import date

from regional_report.extract.measure import Words, measure_figure
from regional_report.extract.scope import figure_scope
from regional_report.extract.timing import figure_timing
from regional_report.model import FigureStatus, Period, Scope


class Description:
    """What the context says about one figure."""

    __slots__ = ("metric", "per", "period", "scope", "status", "subject", "year")

    def __init__(
        self,
        metric: str | None,
        subject: str,
        year: int | None,
        scope: Scope = "region",
        status: FigureStatus = "actual",
        period: Period | None = None,
        per: str | None = None,
    ) -> None:
        self.metric = metric
        self.subject = subject
        self.year = year
        self.scope: Scope = scope
        self.status: FigureStatus = status
        self.period = period
        self.per = per


def describe(
    sentence: str,
    offset: int,
    start: int,
    end: int,
    kind: str,
    unit: str,
    meeting: date | None,
    noun: str | None,
    before: str = "",
    words: Words | None = None,
) -> Description:
    """The description of the figure at text[start:end] in a sentence starting at `offset`.

    `before` is the text of the sentences just before, read for a metric only when this one's head
    phrase is a pronoun or a light noun that stands for a phrase of the sentence before, and for the
    period of a change whose own sentence names no time. `words` are the sentence's words, when the
    caller has read them (`measure.words_of_tokens`).
    """
    fs, fe = start - offset, end - offset
    measured = measure_figure(sentence, fs, fe, kind, unit, before, noun, words)
    when = figure_timing(sentence, fs, fe, kind, unit, meeting, before)
    return Description(
        measured.metric,
        measured.subject,
        when.year,
        scope=figure_scope(measured, kind, unit, before),
        status=when.status,
        period=when.period,
        per=when.per,
    )
