"""The workbook's analysis frames: comparison, regions, conflicts, per capita, rankings, history, plans,
projects, charts, and the Facts sheet with where each figure went.

Pure, Prefect-free functions over frames that already passed their contracts (FigureFrame, SourceFrame,
ComparisonFrame). Each `*_frame` function returns rows for one contract of `schemas/`, not yet validated;
`sheet_frames` builds them all in order and validates each through its contract, so a bad row goes to
Issues, never silently away. Which figure goes where is `comparable.placed_figures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from regional_report.frames.comparable import effective_year, placed_figures
from regional_report.frames.issues import issue_rows_for_quarantine
from regional_report.frames.tables import (
    OUTLIER_FACTOR,
    comparison_frame,
    figure_counts,
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
    FactsFrame,
    HistoryFrame,
    IssueFrame,
    PerCapitaFrame,
    PlanFrame,
    ProjectFrame,
    RankingFrame,
    RegionFrame,
    SourceFrame,
)
from schemas import sheets as S
from schemas.build import polars_schema

__all__ = [
    "SIGNIFICANT_DIGITS",
    "SheetFrames",
    "all_issues",
    "charts_frame",
    "conflict_issues",
    "conflicts_frame",
    "facts_with_placement",
    "history_frame",
    "outlier_issues",
    "per_capita_frame",
    "plans_frame",
    "projects_frame",
    "rankings_frame",
    "regions_frame",
    "sheet_frames",
    "sorted_by_column",
]

# Two values that agree to this many significant digits are the same value (float noise is no conflict).
SIGNIFICANT_DIGITS: Final = 9
SURFACE_SEPARATOR: Final = " | "
CONFLICT_CHECK: Final = "conflict"
OUTLIER_CHECK: Final = "outlier"


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
    history: pl.DataFrame
    plans: pl.DataFrame
    projects: pl.DataFrame
    charts: pl.DataFrame
    facts: pl.DataFrame
    """FactsFrame rows: every valid figure with its placement."""
    checks: pl.DataFrame
    """IssueFrame rows of every failed check, in the order the frames were built."""

    def tables(self, issues: pl.DataFrame) -> dict[str, pl.DataFrame]:
        """Every frame of the run as a table of its own (the export): the sheets', the Issues and conflicts."""
        return {**self.sheets(), "issues": issues, "conflicts": self.conflicts}

    def sheets(self) -> dict[str, pl.DataFrame]:
        """The frames the workbook's sheets are drawn from, by name."""
        return {
            "regions": self.regions,
            "comparison": self.comparison,
            "per_capita": self.per_capita,
            "rankings": self.rankings,
            "history": self.history,
            "plans": self.plans,
            "projects": self.projects,
            "charts": self.charts,
            "facts": self.facts,
            "sources": self.sources,
        }


def sheet_frames(
    outcomes: Sequence[Outcome], facts: pl.DataFrame, *, ranking_min_regions: int, max_charts: int
) -> SheetFrames:
    """Every analysis frame from the valid figures, each validated through its contract in turn."""
    placed = placed_figures(facts, ranking_min_regions)
    conflicts, conflict_checks = validate(ConflictFrame, conflicts_frame(placed), "compare", "docs")
    comparison, comparison_checks = validate(
        ComparisonFrame, comparison_frame(placed, conflicts), "compare", "doc"
    )
    sources, source_checks = validate(
        SourceFrame, sources_frame(outcomes, figure_counts(facts)), "read", "file"
    )
    regions, region_checks = validate(RegionFrame, regions_frame(sources, facts, comparison), "report", "doc")
    per_capita, per_capita_checks = validate(
        PerCapitaFrame, per_capita_frame(comparison, regions), "report", "doc"
    )
    rankings, ranking_checks = validate(RankingFrame, rankings_frame(comparison), "report", "doc")
    history, history_checks = validate(HistoryFrame, history_frame(placed), "report", "doc")
    plans, plan_checks = validate(PlanFrame, plans_frame(placed), "report", "doc")
    projects, project_checks = validate(ProjectFrame, projects_frame(placed), "report", "doc")
    charts, chart_checks = validate(ChartFrame, charts_frame(rankings, max_charts), "report", "doc")
    facts_sheet, facts_checks = validate(FactsFrame, facts_with_placement(facts, placed), "report", "doc")
    checks = issues_frame(
        conflict_checks,
        comparison_checks,
        source_checks,
        region_checks,
        per_capita_checks,
        ranking_checks,
        history_checks,
        plan_checks,
        project_checks,
        chart_checks,
        facts_checks,
    )
    return SheetFrames(
        conflicts,
        comparison,
        sources,
        regions,
        per_capita,
        rankings,
        history,
        plans,
        projects,
        charts,
        facts_sheet,
        checks,
    )


def facts_with_placement(facts: pl.DataFrame, placed: pl.DataFrame) -> pl.DataFrame:
    """FactsFrame rows: every fact as the text gave it (an index stays an index), with its placement
    (`placed` holds the same figures in the same order: `comparable.placed_figures`)."""
    return facts.with_columns(placed.get_column("placement")).select(list(polars_schema(FactsFrame)))


def all_issues(outcomes: Sequence[Outcome], sheets: SheetFrames, *stages: pl.DataFrame) -> pl.DataFrame:
    """Every Issues row, in the sheet's order: files set aside, conflicting figures, outliers, each stage's
    failed checks (`stages`, in the order given), then the failed checks of the sheets' frames."""
    return issues_frame(
        issue_rows_for_quarantine(outcomes),
        conflict_issues(sheets.conflicts),
        outlier_issues(sheets.comparison, "Comparison"),
        outlier_issues(sheets.per_capita, "Per capita"),
        *stages,
        sheets.checks,
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


def conflicts_frame(placed: pl.DataFrame) -> pl.DataFrame:
    """ConflictFrame rows: where one region gives different values for one column and one stated year.

    Only the actual figures of compared columns (`comparable.placed_figures`) with a stated year are
    compared: figures without a year may well be about different periods, and a plan or a plant's figure
    is another statement. Values are the same when they agree to `SIGNIFICANT_DIGITS` (a range by both
    ends, in the column's form); qualifiers are not compared ("about 60" and "60" agree).
    """
    schema = polars_schema(ConflictFrame)
    comparable = pl.col("placement").is_in([S.COMPARED, S.HISTORY]) & (pl.col("status") == "actual")
    figures = placed.filter(comparable & pl.col("year").is_not_null()).with_columns(
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


def _compare_issues(check: str, rows: Sequence[tuple[str, str, str, str, str]]) -> pl.DataFrame:
    """Compare-stage IssueFrame rows of one check from (doc, region, column, value, message) tuples."""
    names = ("doc", "region", "column", "value", "message")
    columns: dict[str, list[object]] = {name: [r[i] for r in rows] for i, name in enumerate(names)}
    columns.update(stage=["compare"] * len(rows), check=[check] * len(rows))
    return pl.DataFrame(
        {name: columns[name] for name in polars_schema(IssueFrame)}, schema=polars_schema(IssueFrame)
    )


def conflict_issues(conflicts: pl.DataFrame) -> pl.DataFrame:
    """One compare-stage IssueFrame row per conflict: check "conflict", the values as written, the detail."""
    return _compare_issues(
        CONFLICT_CHECK,
        [
            (c["docs"], c["region"], c["column"], c["surfaces"],
             f"{c['metric_label']} ({c['kind']}, {c['unit']}) in {c['year']}: {c['detail']}")
            for c in conflicts.iter_rows(named=True)
        ],
    )  # fmt: skip


# --- per capita ----------------------------------------------------------------------------------------------


def per_capita_frame(comparison: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """PerCapitaFrame rows: each Comparison cell of a column listed in `data/per_capita.csv`, per resident.

    `per_capita` = value / population × per_residents. Only Comparison cells are divided, so never a plant's
    or a programme's figure, a plan, or several years' total; a rate with its own base (`per`) is not
    divided again, and regions without a population are left out. Ranks are recomputed over the values per
    resident, with their own outliers flagged.
    """
    measures = per_capita_measures()
    table = pl.DataFrame(
        {
            "metric": [m.metric for m in measures.values()],
            "kind": [m.kind for m in measures.values()],
            "unit": [m.unit for m in measures.values()],
            "per_residents": [m.per for m in measures.values()],
        },
        schema={"metric": pl.String, "kind": pl.String, "unit": pl.String, "per_residents": pl.Int64},
    )
    population = regions.select("region", "population", "population_year", "population_source").filter(
        pl.col("population").is_not_null()
    )
    cells = (
        comparison.filter(pl.col("per").is_null())
        .drop("rank", "reporters", "outlier", "outlier_ratio")
        .join(table, on=["metric", "kind", "unit"], how="inner")
        .join(population, on="region", how="inner")
        .with_columns((pl.col("value") / pl.col("population") * pl.col("per_residents")).alias("per_capita"))
    )
    return (
        ranked(cells, value="per_capita")
        .select(list(polars_schema(PerCapitaFrame)))
        .sort(["region", "column"])
    )


def outlier_issues(cells: pl.DataFrame, sheet: str) -> pl.DataFrame:
    """One compare-stage IssueFrame row per outlier of a Comparison or Per capita frame: flagged, not ranked."""
    rows = []
    for c in cells.filter(pl.col("outlier")).iter_rows(named=True):
        message = (
            f"{sheet}: {c['metric_label']} ({c['kind']}, {c['unit']}): “{c['surface']}” ({c['start']}–{c['end']})"
            f" is {c['outlier_ratio']:,.0f}× the median of the column's values, beyond {OUTLIER_FACTOR:g}×: shown"
            " flagged, not ranked. Check that it is the region's own figure (an override can correct or exclude it)."
        )
        rows.append((c["doc"], c["region"], c["column"], c["surface"], message))
    return _compare_issues(OUTLIER_CHECK, rows)


# --- rankings and charts ---------------------------------------------------------------------------------------


def rankings_frame(comparison: pl.DataFrame) -> pl.DataFrame:
    """RankingFrame rows: every Comparison cell, column by column (taxonomy order), by place; outliers last.

    Every Comparison column is reported by enough regions already (`comparable.placed_figures`).
    """
    return sorted_by_column(comparison, ["rank", "region"]).select(list(polars_schema(RankingFrame)))


def charts_frame(rankings: pl.DataFrame, max_charts: int) -> pl.DataFrame:
    """ChartFrame rows: the `max_charts` most-reported columns of Rankings, one bar per ranked region.

    Charts are numbered by the number of regions ranked (most first), then taxonomy column order; bars
    come by place. Outliers have no bar: one would flatten every other.
    """
    if max_charts < 0:
        raise ValueError(f"max_charts cannot be negative, got {max_charts}")
    bars = rankings.filter(~pl.col("outlier"))
    columns = sorted_by_column(
        bars.group_by("column").agg(pl.col("metric", "kind", "unit", "reporters").first())
    )
    order = columns.with_row_index("__order").sort(["reporters", "__order"], descending=[True, False])
    chosen = (
        order.head(max_charts)
        .with_row_index("chart", offset=1)
        .select(pl.col("chart").cast(pl.Int64), "column")
    )
    return (
        bars.join(chosen, on="column", how="inner")
        .sort(["chart", "rank", "region"])
        .select(list(polars_schema(ChartFrame)))
    )


# --- history, plans, projects ------------------------------------------------------------------------------------


def history_frame(placed: pl.DataFrame) -> pl.DataFrame:
    """HistoryFrame rows: every figure of a region and Comparison column that has more than the one shown.

    The figure shown on Comparison (`shown`) and the others: older or other actual figures, and earlier
    values the text sets against a later one, with their year. Rows by region, column, then latest first.
    """
    kept = pl.col("placement").is_in([S.COMPARED, S.HISTORY])
    several = (
        placed.filter(kept)
        .group_by("region", "column")
        .agg((pl.col("placement") == S.HISTORY).any().alias("__several"))
        .filter(pl.col("__several"))
        .drop("__several")
    )
    rows = placed.filter(kept).join(several, on=["region", "column"], how="inner")
    effective = effective_year()
    return (
        sorted_by_column(rows.with_columns(effective.alias("__when")), [])
        .pipe(lambda f: f.with_columns(pl.col("column").rle_id().alias("__column_order")))
        .sort(
            ["region", "__column_order", "shown", "__when", "meeting_date", "start"],
            descending=[False, False, True, True, True, False],
            nulls_last=True,
            maintain_order=True,
        )
        .select(list(polars_schema(HistoryFrame)))
    )


def plans_frame(placed: pl.DataFrame) -> pl.DataFrame:
    """PlanFrame rows: every region-wide plan, target or forecast, by region, target year, then position."""
    return (
        placed.filter(pl.col("placement") == S.PLANS)
        .sort(["region", "year", "meeting_date", "doc", "start"], nulls_last=True)
        .select(list(polars_schema(PlanFrame)))
    )


def projects_frame(placed: pl.DataFrame) -> pl.DataFrame:
    """ProjectFrame rows: every figure about a part of a region (a plant, a programme, a district), any
    status, by region, then document and position."""
    return (
        placed.filter(pl.col("placement") == S.PROJECTS)
        .sort(["region", "meeting_date", "doc", "start"], nulls_last=True)
        .select(list(polars_schema(ProjectFrame)))
    )
