"""The comparison's building blocks: sources, ranks with outliers flagged, and the Comparison cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import polars as pl

from regional_report.model import Outcome
from regional_report.normalize import place
from schemas import ComparisonFrame, SourceFrame
from schemas.build import frame_of, polars_schema
from schemas.sheets import COMPARED, HISTORY

__all__ = [
    "OUTLIER_FACTOR",
    "comparison_frame",
    "figure_counts",
    "ranked",
    "sources_frame",
]


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


OUTLIER_FACTOR: Final = 10.0
"""A cell beyond this many times its column's median (of absolute values) is far outside the others."""
OUTLIER_MIN_CELLS: Final = 5
"""A median of fewer cells says little about what is far outside: of three values, one of them wrong (a
plant's figure in a column of regions), the median may be the wrong one, and the right value is flagged."""


def ranked(frame: pl.DataFrame, value: str = "value", over: str = "column") -> pl.DataFrame:
    """`frame` with `rank`, `reporters`, `outlier` and `outlier_ratio` per group `over`.

    A value beyond `OUTLIER_FACTOR` times the median of the group's absolute values (in a group of at least
    `OUTLIER_MIN_CELLS` values, places aside) is an outlier: flagged with its ratio to the median, not
    ranked. The others are ranked: 1 = the highest value, ties share a place; for a column of places (kind
    "rank") 1 = the best place. `reporters` counts the values ranked.
    """
    magnitude = pl.col(value).abs()
    median = magnitude.median().over(over)
    ratio = pl.when(median > 0).then(magnitude / median)
    outlier = (
        (pl.col("kind") != "rank")
        & (pl.len().over(over) >= OUTLIER_MIN_CELLS)
        & (ratio > OUTLIER_FACTOR).fill_null(False)
    )
    score = pl.when(pl.col("kind") == "rank").then(pl.col(value)).otherwise(-pl.col(value))
    return frame.with_columns(
        ratio.alias("outlier_ratio"),
        outlier.alias("outlier"),
    ).with_columns(
        pl.when(~pl.col("outlier")).then(score).rank(method="min").over(over).cast(pl.Int64).alias("rank"),
        (~pl.col("outlier")).sum().over(over).cast(pl.Int64).alias("reporters"),
    )


def comparison_frame(placed: pl.DataFrame, conflicts: pl.DataFrame | None = None) -> pl.DataFrame:
    """ComparisonFrame rows (long form): the figure each Comparison cell holds (`comparable.placed_figures`),
    ranked, with its outlier flag, its conflict flag and how many other figures its history holds.

    `conflict` is set where `conflicts` (ConflictFrame rows) lists the region, column and the value's year.
    Not validated here.
    """
    contested = pl.DataFrame(schema={"region": pl.String, "column": pl.String, "year": pl.Int64})
    if conflicts is not None:
        contested = conflicts.select("region", "column", pl.col("year").cast(pl.Int64)).unique()
    history = (
        placed.filter(pl.col("placement") == HISTORY)
        .group_by("region", "column")
        .agg(pl.len().cast(pl.Int64).alias("history"))
    )
    cells = placed.filter(pl.col("placement") == COMPARED)
    return (
        ranked(cells)
        .join(
            contested.with_columns(pl.lit(True).alias("conflict")),
            on=["region", "column", "year"],
            how="left",
            nulls_equal=False,
        )
        .join(history, on=["region", "column"], how="left")
        .with_columns(pl.col("conflict").fill_null(False), pl.col("history").fill_null(0))
        .select(list(polars_schema(ComparisonFrame)))
        .sort(["region", "column"])
    )
