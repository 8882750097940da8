"""Figures into frames: the raw figure table, and facts with their place (region, district, date) and metric label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from regional_report.metrics import metrics
from regional_report.model import Document, Figure, Outcome
from regional_report.regions import canonical_region
from schemas import FigureFrame, RawFigureFrame
from schemas.build import frame_of, polars_schema


@dataclass(frozen=True, slots=True)
class Place:
    """Where and when a document is set: its region (canonical when known) and meeting date."""

    region: str | None
    region_iso: str | None
    federal_district: str | None
    meeting_date: date | None


def place(document: Document | None) -> Place:
    """The document's region resolved against the reference table; the name as written when it is not there."""
    if document is None:
        return Place(None, None, None, None)
    found = canonical_region(document.region) if document.region else None
    if found is None:
        return Place(document.region, None, None, document.meeting_date)
    return Place(found.name, found.iso, found.federal_district, document.meeting_date)


def figures_frame(
    outcomes: Sequence[Outcome],
    figures_by_sha: Mapping[str, Sequence[Figure]],
    known: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One RawFigureFrame row per figure of each processed document (not yet validated), in input order.

    `known` holds figure rows (RawFigureFrame's columns but `doc`) that an earlier run found, for
    documents not in `figures_by_sha` (`cache.Cache.recall`); they join the table as they are.
    """
    columns: dict[str, list[object]] = {name: [] for name in polars_schema(RawFigureFrame)}
    for outcome in outcomes:
        if outcome.status != "processed":
            continue
        for f in figures_by_sha.get(outcome.sha256, ()):
            row: dict[str, object] = {
                "doc": outcome.name,
                "doc_sha256": outcome.sha256,
                "start": f.start,
                "end": f.end,
                "surface": f.surface,
                "kind": f.kind,
                "value": f.value,
                "value_max": f.value_max,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "metric": f.metric,
                "subject": f.subject,
                "year": f.year,
                "scope": f.scope,
                "status": f.status,
                "period": f.period,
                "per": f.per,
                "sentence": f.sentence,
            }
            for name, values in columns.items():
                values.append(row[name])
    found = frame_of(RawFigureFrame, columns)
    if known is None or known.is_empty():
        return found
    order = pl.DataFrame(
        [(o.name, o.sha256, i) for i, o in enumerate(outcomes) if o.status == "processed"],
        schema={"doc": pl.String, "doc_sha256": pl.String, "position": pl.Int64},
        orient="row",
    )
    recalled = (
        known.join(order, on="doc_sha256", how="inner", maintain_order="left")
        .filter(~pl.col("doc_sha256").is_in(list(figures_by_sha)))
        .select(*found.columns, "position")
    )
    placed = found.join(order.select("doc_sha256", "position"), on="doc_sha256", maintain_order="left")
    return (
        pl.concat([placed, recalled.cast(placed.schema)])
        .sort("position", maintain_order=True)
        .drop("position")
    )


def normalized_frame(raw: pl.DataFrame, outcomes: Sequence[Outcome]) -> pl.DataFrame:
    """FigureFrame rows: validated raw figures with their document's region and date and their metric's label.

    A figure whose document has no region or date, or whose metric id is unknown, keeps nulls there; the
    FigureFrame and ComparisonFrame contracts then send it to Issues.
    """
    places: dict[str, list[object]] = {
        "doc_sha256": [],
        "region": [],
        "region_iso": [],
        "federal_district": [],
        "meeting_date": [],
    }
    seen: set[str] = set()
    for outcome in outcomes:
        if outcome.status != "processed" or outcome.sha256 in seen:
            continue
        seen.add(outcome.sha256)
        p = place(outcome.document)
        for name, value in (
            ("doc_sha256", outcome.sha256),
            ("region", p.region),
            ("region_iso", p.region_iso),
            ("federal_district", p.federal_district),
            ("meeting_date", p.meeting_date),
        ):
            places[name].append(value)
    documents = pl.DataFrame(
        places,
        schema={
            "doc_sha256": pl.String,
            "region": pl.String,
            "region_iso": pl.String,
            "federal_district": pl.String,
            "meeting_date": pl.Date,
        },
    )
    taxonomy = pl.DataFrame(
        {
            "metric": list(metrics()),
            "metric_label": [m.label for m in metrics().values()],
            "topic": [m.topic for m in metrics().values()],
        },
        schema={"metric": pl.String, "metric_label": pl.String, "topic": pl.String},
    )
    return (
        raw.join(documents, on="doc_sha256", how="left", maintain_order="left")
        .join(taxonomy, on="metric", how="left", maintain_order="left")
        .select(list(polars_schema(FigureFrame)))
    )
