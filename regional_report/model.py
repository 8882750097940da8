"""The domain's plain records: a document as read, a figure as extracted; a path as the records show it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

Kind = Literal["count", "amount", "percent", "change", "rank", "index"]
Qualifier = Literal["exact", "approx", "min", "max"]
Status = Literal["processed", "quarantined", "duplicate"]
# Spec version 2: what makes two figures of one metric comparable.
Scope = Literal["region", "part"]
FigureStatus = Literal["actual", "plan", "past"]
Period = Literal["year", "years", "part_year"]

KINDS: tuple[Kind, ...] = ("count", "amount", "percent", "change", "rank", "index")
QUALIFIERS: tuple[Qualifier, ...] = ("exact", "approx", "min", "max")
SCOPES: tuple[Scope, ...] = ("region", "part")
FIGURE_STATUSES: tuple[FigureStatus, ...] = ("actual", "plan", "past")
PERIODS: tuple[Period, ...] = ("year", "years", "part_year")


@dataclass(slots=True, unsafe_hash=True)
class Figure:
    """One numeric statement found in a document, already in normalized units.

    `start`/`end` are offsets of `surface` in the document text (end exclusive).

    A value: made once by the extractor and never changed (`dataclasses.replace` makes another); equal
    and hashed by its fields, as a frozen one would be. Not `frozen`: a frozen dataclass's `__init__`
    sets each field through `object.__setattr__`, and the extractor makes a record per figure (about
    4 times as costly as this one's, 4 % of a compiled pass).
    """

    start: int
    end: int
    surface: str
    kind: Kind
    value: float
    unit: str
    qualifier: Qualifier = "exact"
    value_max: float | None = None
    metric: str | None = None
    subject: str = ""
    year: int | None = None
    sentence: str = ""
    scope: Scope = "region"
    """`region`: the figure measures the region as a whole for its metric; `part`: one project, company,
    place, sector or group inside it."""
    status: FigureStatus = "actual"
    """`actual`: achieved (now or in its year); `plan`: a target, plan, forecast or promise; `past`: an
    earlier value set against a later one."""
    period: Period | None = None
    """How much time the figure covers: one year, several years, part of a year; None for a level at a
    moment, or when the text does not say."""
    per: str | None = None
    """The denominator of a rate ("person", "100000 people", "day"), or None."""


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read from disk: decoded text plus what its own text says about it."""

    path: str
    name: str
    sha256: str
    text: str
    title: str = ""
    meeting_date: date | None = None
    region: str | None = None
    encoding: str = "utf-8"
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input file: processed, or set aside with a specific reason."""

    path: str
    name: str
    status: Status
    reason: str = ""
    sha256: str = ""
    document: Document | None = field(default=None, compare=False)


def processed(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes of the documents processed, in input order."""
    return [o for o in outcomes if o.status == "processed" and o.document is not None]


def display_path(path: Path | str) -> str:
    """A path as text that any file, table or terminal can hold.

    A name that is not valid UTF-8 reaches Python with lone surrogates ("bad\\udcff.txt"), which polars,
    openpyxl and JSON all refuse; its undecodable bytes are shown as escapes instead ("bad\\xff.txt").

    >>> display_path("bad\\udcff.txt"), display_path("Смоленск.txt")
    ('bad\\\\xff.txt', 'Смоленск.txt')
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(text)  # the bytes the name had on disk
        except UnicodeEncodeError:
            raw = text.encode("utf-8", errors="surrogatepass")
        return raw.decode("utf-8", errors="backslashreplace")
    return text
