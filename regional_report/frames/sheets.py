"""The workbook's analysis frames: regions, conflicts, per capita, rankings, trends and charts.

Pure, Prefect-free functions over frames that already passed their contracts (FigureFrame, SourceFrame,
ComparisonFrame). Each `*_frame` function returns rows for one contract of `schemas/`, not yet validated;
`sheet_frames` builds them all in order and validates each through its contract, so a bad row goes to
Issues, never silently away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from regional_report.frames.issues import issue_rows_for_quarantine
from regional_report.frames.tables import (
    column_key,
    comparison_frame,
    figure_counts,
    latest_figures,
    ranked,
    sources_frame,
)
from regional_report.metrics import column_sort_key, per_capita_measures
from regional_report.model import Outcome
from regional_report.regions import canonical_region
from regional_report.validate import issues_frame, validate
from schemas import (
    ChartFrame,
    ComparisonFrame,
    ConflictFrame,
    IssueFrame,
    PerCapitaFrame,
    RankingFrame,
    RegionFrame,
    SourceFrame,
    TrendFrame,
)
from schemas.build import polars_schema

__all__ = [
    "SIGNIFICANT_DIGITS",
    "SheetFrames",
    "all_issues",
    "charts_frame",
    "conflict_issues",
    "conflicts_frame",
    "per_capita_frame",
    "rankings_frame",
    "regions_frame",
    "sheet_frames",
    "sorted_by_column",
    "trends_frame",
]

# Two values that agree to this many significant digits are the same value (float noise is no conflict).
SIGNIFICANT_DIGITS: Final = 9
SURFACE_SEPARATOR: Final = " | "
CONFLICT_CHECK: Final = "conflict"


def sorted_by_column(frame: pl.DataFrame, then: Sequence[str] = ()) -> pl.DataFrame:
    """`frame` in taxonomy column order (topic, metric, kind, unit; see `column_sort_key`), then by `then`."""
    keys = frame.select("column", "metric", "kind", "unit").unique()
    order = sorted(keys.iter_rows(), key=lambda r: (column_sort_key(r[1], r[2], r[3]), r[0]))
    rank = {row[0]: i for i, row in enumerate(order)}
    position = pl.col("column").replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
    return (
        frame.with_columns(position.alias("__column_order"))
        .sort(["__column_order", *then], nulls_last=True, maintain_order=True)
        .drop("__column_order")
    )


# --- every sheet's frame, validated ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetFrames:
    """The validated frame of each analysis sheet, plus the conflicts and the rows their contracts refused."""

    conflicts: pl.DataFrame
    comparison: pl.DataFrame
    sources: pl.DataFrame
    regions: pl.DataFrame
    per_capita: pl.DataFrame
    rankings: pl.DataFrame
    trends: pl.DataFrame
    charts: pl.DataFrame
    checks: pl.DataFrame
    """IssueFrame rows of every failed check, in the order the frames were built."""

    def sheets(self) -> dict[str, pl.DataFrame]:
        """The frames the workbook's sheets are drawn from, by name."""
        return {
            "regions": self.regions,
            "comparison": self.comparison,
            "per_capita": self.per_capita,
            "rankings": self.rankings,
            "trends": self.trends,
            "charts": self.charts,
            "sources": self.sources,
        }


def sheet_frames(
    outcomes: Sequence[Outcome], facts: pl.DataFrame, *, ranking_min_regions: int, max_charts: int
) -> SheetFrames:
    """Every analysis frame from the valid figures, each validated through its contract in turn."""
    conflicts, conflict_checks = validate(ConflictFrame, conflicts_frame(facts), "compare", "docs")
    comparison, comparison_checks = validate(
        ComparisonFrame, comparison_frame(facts, conflicts), "compare", "doc"
    )
    sources, source_checks = validate(
        SourceFrame, sources_frame(outcomes, figure_counts(facts)), "read", "file"
    )
    regions, region_checks = validate(RegionFrame, regions_frame(sources, facts, comparison), "report", "doc")
    per_capita, per_capita_checks = validate(
        PerCapitaFrame, per_capita_frame(comparison, regions), "report", "doc"
    )
    rankings, ranking_checks = validate(
        RankingFrame, rankings_frame(comparison, ranking_min_regions), "report", "doc"
    )
    trends, trend_checks = validate(TrendFrame, trends_frame(facts), "report", "doc")
    charts, chart_checks = validate(ChartFrame, charts_frame(rankings, max_charts), "report", "doc")
    checks = issues_frame(
        conflict_checks,
        comparison_checks,
        source_checks,
        region_checks,
        per_capita_checks,
        ranking_checks,
        trend_checks,
        chart_checks,
    )
    return SheetFrames(conflicts, comparison, sources, regions, per_capita, rankings, trends, charts, checks)


def all_issues(outcomes: Sequence[Outcome], sheets: SheetFrames, *stages: pl.DataFrame) -> pl.DataFrame:
    """Every Issues row, in the sheet's order: files set aside, conflicting figures, each stage's failed
    checks (`stages`, in the order given), then the failed checks of the sheets' frames."""
    return issues_frame(
        issue_rows_for_quarantine(outcomes), conflict_issues(sheets.conflicts), *stages, sheets.checks
    )


# --- regions ---------------------------------------------------------------------------------------------------


def regions_frame(sources: pl.DataFrame, facts: pl.DataFrame, comparison: pl.DataFrame) -> pl.DataFrame:
    """RegionFrame rows: every region with a processed document, its coverage and its population reference.

    `documents` counts processed documents (duplicates are not processed), `figures` the region's valid
    figures, `compared` its cells on the Comparison sheet. Population, its year and source come from
    the region table; a region the table does not know gets nulls there.
    """
    processed = sources.filter((pl.col("status") == "processed") & pl.col("region").is_not_null())
    coverage = processed.group_by("region").agg(
        pl.col("region_iso").drop_nulls().first(),
        pl.col("federal_district").drop_nulls().first(),
        pl.len().alias("documents"),
        pl.col("meeting_date").min().alias("first_meeting"),
        pl.col("meeting_date").max().alias("latest_meeting"),
    )
    figures = facts.group_by("region").agg(pl.len().alias("figures"))
    compared = comparison.group_by("region").agg(pl.len().alias("compared"))
    names = coverage.get_column("region").to_list()
    references = [canonical_region(name) for name in names]
    population = pl.DataFrame(
        {
            "region": names,
            "population": [r.population if r else None for r in references],
            "population_year": [r.population_year if r else None for r in references],
            "population_source": [(r.population_source or None) if r else None for r in references],
        },
        schema={
            "region": pl.String,
            "population": pl.Int64,
            "population_year": pl.Int64,
            "population_source": pl.String,
        },
    )
    return (
        coverage.join(figures, on="region", how="left")
        .join(compared, on="region", how="left")
        .join(population, on="region", how="left")
        .with_columns(pl.col("figures", "compared").fill_null(0))
        .select(list(polars_schema(RegionFrame)))
        .sort("region")
    )


# --- conflicts -----------------------------------------------------------------------------------------------


def conflicts_frame(facts: pl.DataFrame) -> pl.DataFrame:
    """ConflictFrame rows: where one region gives different values for one column and one stated year.

    Only figures with a metric and a stated year are compared: figures without a year may well be about
    different periods. Values are the same when they agree to `SIGNIFICANT_DIGITS` (a range by both
    ends); qualifiers are not compared ("about 60" and "60" agree).
    """
    schema = polars_schema(ConflictFrame)
    figures = facts.filter(pl.col("metric").is_not_null() & pl.col("year").is_not_null()).with_columns(
        column_key(),
        pl.struct(
            pl.col("value").round_sig_figs(SIGNIFICANT_DIGITS),
            pl.col("value_max").round_sig_figs(SIGNIFICANT_DIGITS),
        ).alias("__same"),
    )
    groups = (
        figures.sort(["region", "column", "year", "doc", "start", "end"])
        .group_by(["region", "column", "year"], maintain_order=True)
        .agg(
            pl.col("metric", "metric_label", "kind", "unit").first(),
            pl.len().alias("figures"),
            pl.col("__same").n_unique().alias("values"),
            pl.col("value").min().alias("low"),
            pl.col("value").max().alias("high"),
            pl.col("surface"),
            pl.col("doc"),
            pl.col("start"),
            pl.col("end"),
        )
        .filter(pl.col("values") >= 2)
    )
    if groups.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        groups.with_columns(
            pl.col("surface").list.join(SURFACE_SEPARATOR).alias("surfaces"),
            pl.col("doc").list.unique(maintain_order=True).list.join(SURFACE_SEPARATOR).alias("docs"),
            pl.Series("detail", [_conflict_detail(r) for r in groups.iter_rows(named=True)], pl.String),
        )
        .select(list(schema))
        .sort(["region", "column", "year"])
    )


def _conflict_detail(group: Mapping[str, Any]) -> str:
    """'2 figures, 2 different values: “by 10 percent” (120–134); “by 20 percent” (300–314)'.

    Each figure is quoted with its offsets, and its document when the figures come from several.
    """
    several = len(set(group["doc"])) > 1
    quoted = [
        f"“{surface}” ({f'{doc}, ' if several else ''}{start}–{end})"
        for surface, doc, start, end in zip(
            group["surface"], group["doc"], group["start"], group["end"], strict=True
        )
    ]
    return f"{group['figures']} figures, {group['values']} different values: {'; '.join(quoted)}"


def conflict_issues(conflicts: pl.DataFrame) -> pl.DataFrame:
    """One compare-stage IssueFrame row per conflict: check "conflict", the values as written, the detail."""
    schema = polars_schema(IssueFrame)
    rows = [
        {
            "stage": "compare",
            "doc": c["docs"],
            "region": c["region"],
            "check": CONFLICT_CHECK,
            "column": c["column"],
            "value": c["surfaces"],
            "message": f"{c['metric_label']} ({c['kind']}, {c['unit']}) in {c['year']}: {c['detail']}",
        }
        for c in conflicts.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


# --- per capita ----------------------------------------------------------------------------------------------


def per_capita_frame(comparison: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """PerCapitaFrame rows: each Comparison cell listed in `data/per_capita.csv`, divided by population.

    `per_capita` = value / population × per; regions without a population are left out. Ranks are
    recomputed among the regions that have a value per resident.
    """
    measures = per_capita_measures()
    table = pl.DataFrame(
        {
            "metric": [m.metric for m in measures.values()],
            "kind": [m.kind for m in measures.values()],
            "unit": [m.unit for m in measures.values()],
            "per": [m.per for m in measures.values()],
        },
        schema={"metric": pl.String, "kind": pl.String, "unit": pl.String, "per": pl.Int64},
    )
    population = regions.select("region", "population", "population_year", "population_source").filter(
        pl.col("population").is_not_null()
    )
    cells = (
        comparison.drop("rank", "reporters")
        .join(table, on=["metric", "kind", "unit"], how="inner")
        .join(population, on="region", how="inner")
        .with_columns((pl.col("value") / pl.col("population") * pl.col("per")).alias("per_capita"))
    )
    return (
        ranked(cells, value="per_capita")
        .select(list(polars_schema(PerCapitaFrame)))
        .sort(["region", "column"])
    )


# --- rankings and charts ---------------------------------------------------------------------------------------


def rankings_frame(comparison: pl.DataFrame, min_regions: int) -> pl.DataFrame:
    """RankingFrame rows: every Comparison column reported by at least `min_regions` regions, ranked.

    Rows come in taxonomy column order, then by place, then by region name.
    """
    if min_regions < 1:
        raise ValueError(f"min_regions must be at least 1, got {min_regions}")
    chosen = comparison.filter(pl.col("reporters") >= min_regions)
    return sorted_by_column(chosen, ["rank", "region"]).select(list(polars_schema(RankingFrame)))


def charts_frame(rankings: pl.DataFrame, max_charts: int) -> pl.DataFrame:
    """ChartFrame rows: the `max_charts` most-reported columns of Rankings, one bar per region.

    Charts are numbered by the number of regions reporting (most first), then taxonomy column order;
    bars come by place.
    """
    if max_charts < 0:
        raise ValueError(f"max_charts cannot be negative, got {max_charts}")
    columns = sorted_by_column(
        rankings.group_by("column").agg(pl.col("metric", "kind", "unit", "reporters").first())
    )
    order = columns.with_row_index("__order").sort(["reporters", "__order"], descending=[True, False])
    chosen = (
        order.head(max_charts)
        .with_row_index("chart", offset=1)
        .select(pl.col("chart").cast(pl.Int64), "column")
    )
    return (
        rankings.join(chosen, on="column", how="inner")
        .sort(["chart", "rank", "region"])
        .select(list(polars_schema(ChartFrame)))
    )


# --- trends --------------------------------------------------------------------------------------------------


def trends_frame(facts: pl.DataFrame) -> pl.DataFrame:
    """TrendFrame rows: for each region with figures from several meeting dates, each column per meeting.

    Within one meeting the figure is chosen as on Comparison (the later year, then the earlier offset).
    """
    meetings = (
        facts.filter(pl.col("metric").is_not_null())
        .group_by("region")
        .agg(pl.col("meeting_date").n_unique().cast(pl.Int64).alias("meetings"))
        .filter(pl.col("meetings") >= 2)
    )
    several = facts.join(meetings, on="region", how="inner")
    latest = latest_figures(several, ["region", "metric", "kind", "unit", "meeting_date"])
    return (
        latest.with_columns(column_key())
        .select(list(polars_schema(TrendFrame)))
        .sort(["region", "column", "meeting_date"])
    )
