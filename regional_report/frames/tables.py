"""The comparison's building blocks: sources, each region's latest figure per column, ranks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import polars as pl

from regional_report.model import Outcome
from regional_report.normalize import place
from schemas import ComparisonFrame, SourceFrame
from schemas.build import frame_of, polars_schema

__all__ = [
    "COLUMN_KEY_SEPARATOR",
    "column_key",
    "comparison_frame",
    "figure_counts",
    "latest_figures",
    "ranked",
    "sources_frame",
]

COLUMN_KEY_SEPARATOR: Final = "|"


# --- the report's frames ------------------------------------------------------------------------------------------


def figure_counts(facts: pl.DataFrame) -> dict[str, int]:
    """How many valid figures each document contributed, by document sha256."""
    counts = facts.group_by("doc_sha256").len()
    return dict(
        zip(counts.get_column("doc_sha256").to_list(), counts.get_column("len").to_list(), strict=True)
    )


def sources_frame(outcomes: Sequence[Outcome], figure_counts: Mapping[str, int]) -> pl.DataFrame:
    """One SourceFrame row per input file: processed, quarantined or duplicate, with its reason (not validated)."""
    columns: dict[str, list[object]] = {name: [] for name in polars_schema(SourceFrame)}
    for outcome in outcomes:
        p = place(outcome.document)
        document = outcome.document
        row: dict[str, object] = {
            "file": outcome.name,
            "path": outcome.path,
            "sha256": outcome.sha256 or None,
            "title": (document.title or None) if document is not None else None,
            "region": p.region,
            "region_iso": p.region_iso,
            "federal_district": p.federal_district,
            "meeting_date": p.meeting_date,
            "figures": figure_counts.get(outcome.sha256, 0) if outcome.status == "processed" else 0,
            "status": outcome.status,
            "reason": outcome.reason or None,
        }
        for name, values in columns.items():
            values.append(row[name])
    return frame_of(SourceFrame, columns)


def latest_figures(facts: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per group of `by`, the figure that counts as latest; figures with no metric are left out.

    Latest means the latest meeting date; ties go to the figure with the later year (a figure with no
    year counts as oldest), then the earlier offset, then the document name.
    """
    return (
        facts.filter(pl.col("metric").is_not_null())
        .sort(
            ["meeting_date", "year", "start", "doc", "end"],
            descending=[True, True, False, False, False],
            nulls_last=True,
            maintain_order=True,
        )
        .unique(list(by), keep="first", maintain_order=True)
    )


def column_key() -> pl.Expr:
    """The key of a (metric, kind, unit) column, e.g. "investment|amount|RUB"."""
    return pl.concat_str(["metric", "kind", "unit"], separator=COLUMN_KEY_SEPARATOR).alias("column")


def ranked(frame: pl.DataFrame, value: str = "value", over: str = "column") -> pl.DataFrame:
    """`frame` with `rank` and `reporters` per group `over`: 1 = the highest value, ties share a place.

    For a column of ranks (kind "rank") the order is reversed: place 1 is the best, so it ranks first.
    """
    score = pl.when(pl.col("kind") == "rank").then(pl.col(value)).otherwise(-pl.col(value))
    return frame.with_columns(
        score.rank(method="min").over(over).cast(pl.Int64).alias("rank"),
        pl.len().over(over).cast(pl.Int64).alias("reporters"),
    )


def comparison_frame(facts: pl.DataFrame, conflicts: pl.DataFrame | None = None) -> pl.DataFrame:
    """ComparisonFrame rows (long form): per region and (metric, kind, unit), the latest figure, ranked.

    A range keeps its lower end (`value`) and its qualifier. Each cell gets its place among the regions
    reporting the column (`ranked`), and `conflict` when `conflicts` (ConflictFrame rows) lists the
    region, column and the value's year. Not validated here.
    """
    latest = latest_figures(facts, ["region", "metric", "kind", "unit"]).with_columns(column_key())
    contested = pl.DataFrame(schema={"region": pl.String, "column": pl.String, "year": pl.Int64})
    if conflicts is not None:
        contested = conflicts.select("region", "column", pl.col("year").cast(pl.Int64)).unique()
    return (
        ranked(latest)
        .join(
            contested.with_columns(pl.lit(True).alias("conflict")),
            on=["region", "column", "year"],
            how="left",
        )
        .with_columns(pl.col("conflict").fill_null(False))
        .select(list(polars_schema(ComparisonFrame)))
        .sort(["region", "column"])
    )
