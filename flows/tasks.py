"""Prefect tasks: thin adapters over the Prefect-free functions of `regional_report`.

Every task opts out of Prefect's input hashing (`NO_CACHE`): they take documents or frames, which the
default policy would pickle just to make a cache key, and reads must see the files as they are now.
Re-runs reuse extracted figures through the project's own cache instead (`regional_report.cache`: keyed on
each document's sha256 and the extractor version, across runs). Local reads get no retries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar, cast

import pandera.polars as pa
import polars as pl
from prefect import get_run_logger, task, unmapped
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from regional_report import monitor
from regional_report.cache import figures as cache
from regional_report.cache import snapshot
from regional_report.extract import limits, parallel
from regional_report.extract.batches import merge_figures
from regional_report.extract.engine import EXTRACTOR_VERSION, extract_figures
from regional_report.frames import sheets as analysis
from regional_report.frames.issues import long_sentence_issues
from regional_report.frames.summary import RunSummary, run_summary, summary_markdown
from regional_report.model import Document, Outcome, processed
from regional_report.normalize import figures_frame, normalized_frame
from regional_report.read import files as documents
from regional_report.report import RunInfo, render_report
from regional_report.settings import Settings
from regional_report.validate import validate as validate_frame

# Artifact keys: stable, lowercase and dashes, so the UI's Artifacts page keeps each one's history.
SUMMARY_ARTIFACT_KEY = "regional-report-summary"
REGIONS_ARTIFACT_KEY = "regional-report-regions"
WORKBOOK_ARTIFACT_KEY = "regional-report-workbook"
# Cache problems logged one by one per batch; the rest are counted.
_PROBLEMS_SHOWN = 5
# Seconds spent in each stage's plain functions, per flow run (`stage_seconds` of the run's summary).
_CLOCK = monitor.StageClock()

T = TypeVar("T")


def opaque(value: T) -> T:
    """`value`, marked so that Prefect hands it to a task as it is, without walking it.

    Prefect visits every element of a task's arguments looking for futures (prefect's `quote`): about
    3 ms per thousand objects, seconds per task for the lists of documents and figures of a large run.
    """
    return cast(T, quote(value))


@contextmanager
def _timed(stage: str) -> Iterator[None]:
    """Count the block's wall time towards `stage` of the current flow run (nothing outside a flow)."""
    run = flow_run.get_id()
    if run is None:
        yield
        return
    with _CLOCK.timed(run, stage):
        yield


def with_stage_seconds(summary: RunSummary) -> RunSummary:
    """The summary with the current flow run's seconds per stage (`monitor.STAGES`). Not a task."""
    run = flow_run.get_id()
    seconds = _CLOCK.pop(run) if run is not None else {}
    return dataclasses.replace(summary, stage_seconds=tuple(seconds.items()))


def run_snapshot(settings: Settings, inputs: list[str]) -> snapshot.Snapshot | None:
    """Where the last run over these inputs left what it read and found (None: the cache is off). Not a task."""
    if not settings.cache:
        return None
    return snapshot.Snapshot(
        settings.cache_dir, inputs, snapshot.figures_version(settings.max_sentence_chars)
    )


@task(name="read documents", cache_policy=NO_CACHE)
def read_documents(inputs: list[str], max_bytes: int, last_run: snapshot.Snapshot | None) -> list[Outcome]:
    """Read every input file, but those unchanged since the last run; log one warning per file set aside."""
    with _timed("read"):
        index = last_run.file_index() if last_run else None
        outcomes = documents.read_documents([Path(p) for p in inputs], max_bytes=max_bytes, index=index)
        if last_run and index:
            last_run.save_file_index(index)
    logger = get_run_logger()
    if index and index.recalled:
        logger.info("%d files unchanged since the last run: not read again", index.recalled)
    for o in outcomes:
        if o.status != "processed":
            logger.warning("%s %s: %s", o.status, o.path, o.reason)
    _log_problems(last_run)
    return outcomes


@task(name="recall figures", cache_policy=NO_CACHE)
def recall_figures(outcomes: list[Outcome], last_run: snapshot.Snapshot | None) -> snapshot.Recalled:
    """The figures the last run found in documents read again now; the documents left to extract."""
    with _timed("extract"):
        if last_run is None:
            return snapshot.Recalled(snapshot.no_figures(), processed(outcomes))
        recalled = last_run.recall_figures(outcomes)
    _log_problems(last_run)
    return recalled


@task(name="remember figures", cache_policy=NO_CACHE)
def remember_figures(raw: pl.DataFrame, outcomes: list[Outcome], last_run: snapshot.Snapshot | None) -> None:
    """Keep this run's figures for the next run over the same inputs."""
    if last_run is None:
        return
    with _timed("extract"):
        last_run.save_figures(raw, outcomes)
    _log_problems(last_run)


def _log_problems(last_run: snapshot.Snapshot | None) -> None:
    """Warn about each snapshot file that could not be read or written (the run went on without it)."""
    if last_run is None:
        return
    for problem in last_run.take_problems():
        get_run_logger().warning(problem)


def extract_batches(
    batches: list[list[Document]], cache_dir: str | None, max_sentence_chars: int
) -> list[cache.BatchFigures]:
    """Run one extraction task per batch on the flow's task runner; log progress as batches finish.

    Not a task: it submits them, and logs at most about twenty progress lines whatever the corpus size.
    Returns the batches' results in batch order.
    """
    futures = extract_batch.map(
        batches,
        range(1, len(batches) + 1),
        unmapped(len(batches)),
        unmapped(cache_dir),
        unmapped(max_sentence_chars),
    )
    progress = monitor.Progress(batches=len(batches), documents=sum(len(b) for b in batches))
    logger = get_run_logger()
    for future in as_completed(list(futures)):
        line = progress.update(future.result())
        if line:
            logger.info(line)
    return [future.result() for future in futures]


@task(name="extract figures", cache_policy=NO_CACHE, task_run_name="extract batch {number} of {total}")
def extract_batch(
    batch: list[Document], number: int, total: int, cache_dir: str | None, max_sentence_chars: int
) -> cache.BatchFigures:
    """The figures of one batch of documents, by sha256: from the figure cache when an earlier run has them.

    Sentences over `max_sentence_chars` are left out (`limits.extract_bounded`); the limit is part of the
    cache's version, so a changed limit never reuses figures found under another. A batch of at least
    `parallel.POOL_MIN_DOCUMENTS` documents is extracted on a process pool over both cores.
    """
    version = snapshot.figures_version(max_sentence_chars)
    store = cache.FigureCache(Path(cache_dir), version) if cache_dir else None
    extract = partial(limits.extract_bounded, max_sentence_chars=max_sentence_chars, extract=extract_figures)
    with _timed("extract"):
        result = cache.extract_batch(batch, extract, store, parallel.extract_many)
    logger = get_run_logger()
    for problem in result.problems[:_PROBLEMS_SHOWN]:
        logger.warning(problem)
    if len(result.problems) > _PROBLEMS_SHOWN:
        logger.warning("... and %d more cache problems in this batch", len(result.problems) - _PROBLEMS_SHOWN)
    logger.debug(
        "%d documents: %d from cache, %d extracted in %.2f s",
        result.documents,
        result.cached,
        result.extracted,
        result.seconds,
    )
    return result


@task(name="tabulate figures", cache_policy=NO_CACHE)
def figures_table(
    outcomes: list[Outcome], extracted: list[cache.BatchFigures], recalled: pl.DataFrame
) -> pl.DataFrame:
    """All figures as one raw table: those extracted now, and those recalled from the last run."""
    with _timed("normalize"):
        return figures_frame(outcomes, merge_figures(b.figures for b in extracted), known=recalled)


@task(name="find long sentences", cache_policy=NO_CACHE)
def long_sentences(outcomes: list[Outcome], max_chars: int) -> pl.DataFrame:
    """Issues rows for the sentences left out of extraction for their length."""
    with _timed("extract"):
        return long_sentence_issues(outcomes, max_chars)


@task(name="normalize figures", cache_policy=NO_CACHE)
def normalize(raw: pl.DataFrame, outcomes: list[Outcome]) -> pl.DataFrame:
    """Figures with their region, date and metric label."""
    with _timed("normalize"):
        return normalized_frame(raw, outcomes)


@task(name="analyse", cache_policy=NO_CACHE)
def analyse(
    outcomes: list[Outcome], facts: pl.DataFrame, ranking_min_regions: int, max_charts: int
) -> analysis.SheetFrames:
    """Every sheet's frame (conflicts, comparison, sources, regions, per capita, rankings, trends, charts),
    each validated through its contract; rows a contract refuses go to Issues."""
    with _timed("analyse"):
        frames = analysis.sheet_frames(
            outcomes, facts, ranking_min_regions=ranking_min_regions, max_charts=max_charts
        )
    if frames.checks.height:
        get_run_logger().warning("analysis: %d failed checks; their rows are in Issues", frames.checks.height)
    return frames


@task(name="validate", cache_policy=NO_CACHE, task_run_name="validate {model.__name__}")
def validate(
    model: type[pa.DataFrameModel], frame: pl.DataFrame, stage: str, doc_column: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows, Issues rows) of a frame checked against its contract."""
    with _timed("validate"):
        valid, issues = validate_frame(model, frame, stage, doc_column)
    if issues.height:
        get_run_logger().warning(
            "%s: %d failed checks; their rows are in Issues", model.__name__, issues.height
        )
    return valid, issues


@task(name="collect issues", cache_policy=NO_CACHE)
def collect_issues(
    outcomes: list[Outcome], sheets: analysis.SheetFrames, *stages: pl.DataFrame
) -> pl.DataFrame:
    """Every Issues row: files set aside, conflicting figures, each stage's failed checks, then the sheets'."""
    with _timed("analyse"):
        return analysis.all_issues(outcomes, sheets, *stages)


@task(name="summarize", cache_policy=NO_CACHE)
def summarize(
    outcomes: list[Outcome],
    raw: pl.DataFrame,
    facts: pl.DataFrame,
    issues: pl.DataFrame,
    out: str,
    extracted: list[cache.BatchFigures],
    recalled: int,
) -> RunSummary:
    """The run's counts; `recalled` documents had their figures from the last run's snapshot."""
    cached = sum(b.cached for b in extracted) + recalled
    with _timed("analyse"):
        return run_summary(outcomes, raw, facts, issues, workbook=out, documents_cached=cached)


@task(name="render workbook", cache_policy=NO_CACHE)
def render_workbook(
    settings: Settings,
    inputs: list[str],
    summary: RunSummary,
    sheets: analysis.SheetFrames,
    facts: pl.DataFrame,
    issues: pl.DataFrame,
) -> str:
    """Write the workbook atomically and return its path."""
    info = RunInfo.of(summary, settings, inputs, datetime.now(UTC), EXTRACTOR_VERSION)
    with _timed("report"):
        written = render_report(settings.out, info=info, facts=facts, issues=issues, **sheets.sheets())
    return str(written)


@task(name="publish artifacts", cache_policy=NO_CACHE)
def publish(
    summary: RunSummary,
    facts: pl.DataFrame,
    sources: pl.DataFrame,
    issues: pl.DataFrame,
    workbook: str,
) -> None:
    """The run's artifacts, each under a stable key so the UI keeps its history: the summary (markdown),
    documents, figures and issues per region (a table), and a link to the workbook (a file:// URL: open it
    on the machine that ran the flow)."""
    with _timed("report"):
        markdown = summary_markdown(summary)
        table = monitor.region_rows(facts, sources, issues)
    create_markdown_artifact(markdown=markdown, key=SUMMARY_ARTIFACT_KEY, description="Regional report run")
    create_table_artifact(
        table=table,
        key=REGIONS_ARTIFACT_KEY,
        description="Documents processed, valid figures and issues per region",
    )
    path = Path(workbook).resolve()
    create_link_artifact(
        link=path.as_uri(), link_text=path.name, key=WORKBOOK_ARTIFACT_KEY, description=f"Workbook: `{path}`"
    )
