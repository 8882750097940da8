"""The domain's plain records: a document as read, a figure as extracted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["count", "amount", "percent", "change", "rank"]
Qualifier = Literal["exact", "approx", "min", "max"]
Status = Literal["processed", "quarantined", "duplicate"]

KINDS: tuple[Kind, ...] = ("count", "amount", "percent", "change", "rank")
QUALIFIERS: tuple[Qualifier, ...] = ("exact", "approx", "min", "max")


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric statement found in a document, already in normalized units.

    `start`/`end` are offsets of `surface` in the document text (end exclusive).
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
