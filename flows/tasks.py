"""Prefect tasks: thin adapters over the Prefect-free functions of `regional_report`.

Every task opts out of Prefect's input hashing (`NO_CACHE`): they take documents or frames, which the
default policy would pickle just to make a cache key, and reads must see the files as they are now.
Local reads get no retries.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pandera.polars as pa
import polars as pl
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from regional_report import documents, tables
from regional_report.excel import RunInfo, render_report
from regional_report.extract import EXTRACTOR_VERSION, extract_figures
from regional_report.model import Document, Figure, Outcome

SUMMARY_ARTIFACT_KEY = "regional-report-summary"


@task(name="read documents", cache_policy=NO_CACHE)
def read_documents(inputs: list[str], max_bytes: int) -> list[Outcome]:
    """Read every input file; log one warning per file set aside."""
    outcomes = documents.read_documents([Path(p) for p in inputs], max_bytes=max_bytes)
    for o in outcomes:
        if o.status != "processed":
            get_run_logger().warning("%s %s: %s", o.status, o.path, o.reason)
    return outcomes


@task(name="extract figures", cache_policy=NO_CACHE, task_run_name="extract batch {number} of {total}")
def extract_batch(batch: list[Document], number: int, total: int) -> dict[str, list[Figure]]:
    """The figures of one batch of documents, by document sha256; logs the batch's progress."""
    started = time.perf_counter()
    found = {d.sha256: extract_figures(d.text, d.meeting_date) for d in batch}
    rate = len(batch) / max(time.perf_counter() - started, 1e-6)
    figures = sum(len(f) for f in found.values())
    get_run_logger().info(
        f"batch {number} of {total}: {len(batch)} documents, {figures} figures, {rate:.0f} documents/s"
    )
    return found


@task(name="tabulate figures", cache_policy=NO_CACHE)
def figures_table(outcomes: list[Outcome], extracted: list[dict[str, list[Figure]]]) -> pl.DataFrame:
    """All extracted figures as one raw table."""
    return tables.figures_frame(outcomes, tables.merge_figures(extracted))


@task(name="normalize figures", cache_policy=NO_CACHE)
def normalize(raw: pl.DataFrame, outcomes: list[Outcome]) -> pl.DataFrame:
    """Figures with their region, date and metric label."""
    return tables.normalized_frame(raw, outcomes)


@task(name="compare regions", cache_policy=NO_CACHE)
def compare(facts: pl.DataFrame) -> pl.DataFrame:
    """Each region's latest value per comparison column."""
    return tables.comparison_frame(facts)


@task(name="list sources", cache_policy=NO_CACHE)
def sources(outcomes: list[Outcome], facts: pl.DataFrame) -> pl.DataFrame:
    """One row per input file with its status and figure count."""
    return tables.sources_frame(outcomes, tables.figure_counts(facts))


@task(name="validate", cache_policy=NO_CACHE, task_run_name="validate {model.__name__}")
def validate(
    model: type[pa.DataFrameModel], frame: pl.DataFrame, stage: str, doc_column: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows, Issues rows) of a frame checked against its contract."""
    valid, issues = tables.validate(model, frame, stage, doc_column)
    if issues.height:
        get_run_logger().warning(
            "%s: %d failed checks; their rows are in Issues", model.__name__, issues.height
        )
    return valid, issues


@task(name="collect issues", cache_policy=NO_CACHE)
def collect_issues(outcomes: list[Outcome], *stages: pl.DataFrame) -> pl.DataFrame:
    """Every Issues row: files set aside, then each stage's failed checks."""
    return tables.issues_frame(tables.issue_rows_for_quarantine(outcomes), *stages)


@task(name="summarize", cache_policy=NO_CACHE)
def summarize(
    outcomes: list[Outcome], raw: pl.DataFrame, facts: pl.DataFrame, issues: pl.DataFrame, out: str
) -> tables.RunSummary:
    """The run's counts."""
    return tables.run_summary(outcomes, raw, facts, issues, workbook=out)


@task(name="render workbook", cache_policy=NO_CACHE)
def render_workbook(
    out: str,
    inputs: list[str],
    summary: tables.RunSummary,
    *,
    facts: pl.DataFrame,
    sources: pl.DataFrame,
    comparison: pl.DataFrame,
    issues: pl.DataFrame,
) -> str:
    """Write the workbook atomically and return its path."""
    info = RunInfo(
        generated_at=datetime.now(UTC),
        inputs=tuple(inputs),
        documents_read=summary.documents_read,
        documents_processed=summary.documents_processed,
        documents_quarantined=summary.documents_quarantined,
        figures=summary.figures,
        figures_quarantined=summary.figures_quarantined,
        extractor_version=EXTRACTOR_VERSION,
    )
    written = render_report(
        Path(out), facts=facts, sources=sources, comparison=comparison, issues=issues, info=info
    )
    return str(written)


@task(name="publish summary", cache_policy=NO_CACHE)
def publish_summary(summary: tables.RunSummary) -> None:
    """The run's summary as a markdown artifact, under a stable key so the UI keeps its history."""
    create_markdown_artifact(
        markdown=tables.summary_markdown(summary), key=SUMMARY_ARTIFACT_KEY, description="Regional report run"
    )
