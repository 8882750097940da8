"""The regional report flow: documents → figures → validated tables → comparison → workbook."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from prefect import flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows import tasks
from regional_report.extract import parallel
from regional_report.extract.batches import batches
from regional_report.frames.summary import RunSummary
from regional_report.settings import Settings, get_settings
from schemas import FigureFrame, RawFigureFrame

# Flow-run heartbeats feed Prefect's zombie-run detection, an automation of a running server's services. A
# one-off run has no use for them, and each flow run waits for its heartbeat thread's one-second sleep to
# end (Prefect 3.9: `flow_engine._send_heartbeats` joins it on exit): up to a second per run, most of
# Prefect's own cost in a 1,000-document run. `run` turns them off unless the user set a frequency; `serve`
# keeps Prefect's default.
_HEARTBEAT_VARIABLES = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


@contextlib.contextmanager
def one_off_run() -> Iterator[None]:
    """Prefect's settings for one `run` of the flow: no flow-run heartbeats unless the user set them."""
    if any(name in os.environ for name in _HEARTBEAT_VARIABLES):
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def task_runner(settings: Settings) -> TaskRunner[Any]:
    """The settings' task runner: a pool of `threads` threads here, or the workers of an existing Dask scheduler."""
    if settings.task_runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner  # imports dask.distributed: only when asked for

        return DaskTaskRunner(address=settings.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.threads)


# The runner is chosen when this module is imported (by `regional-report`, a served deployment's run, or a
# work pool's worker), from REGIONAL_REPORT_TASK_RUNNER / REGIONAL_REPORT_DASK_ADDRESS.
@flow(name="regional-report", task_runner=task_runner(get_settings()))
def regional_report_flow(
    inputs: list[str] | None = None, out: str | None = None, batch_size: int | None = None
) -> RunSummary:
    """Read the report files under `inputs`, extract and validate their figures, write the comparison workbook.

    Args:
        inputs: Files or folders to read (default: the settings' inputs, `seeds/`).
        out: The workbook to write (default: `outputs/regional_report.xlsx`).
        batch_size: Documents per extraction task (default: the settings' batch size).

    Returns:
        The run's counts and the workbook's path.
    """
    settings = get_settings(inputs=inputs, out=out, batch_size=batch_size)
    paths = sorted({str(p) for p in settings.inputs})  # the same inputs in any order: the same workbook

    # What the last run over these inputs read and found (with the cache on): unchanged files are not read
    # again, and documents it extracted are not extracted again.
    last_run = tasks.run_snapshot(settings, paths)

    # Read: every input file becomes an Outcome, processed or set aside with its reason.
    outcomes = tasks.read_documents(paths, settings.max_document_bytes, last_run)
    documents = tasks.opaque(outcomes)  # handed to tasks as is: Prefect would walk every document

    # Extract: one task per batch of the documents the last run did not extract, never per figure;
    # documents any earlier run extracted (same sha256, same extractor version) come from the figure cache.
    recalled = tasks.recall_figures(documents, last_run)
    work = batches(recalled.pending, settings.batch_size, settings.max_batches)
    with parallel.extraction_pool():  # one process pool for every batch, shut down before the run goes on
        extracted = tasks.opaque(
            tasks.extract_batches(
                work, str(settings.cache_dir) if settings.cache else None, settings.max_sentence_chars
            )
        )
    long_sentences = tasks.long_sentences(documents, settings.max_sentence_chars)  # listed in Issues
    raw = tasks.figures_table(documents, extracted, recalled.figures)
    tasks.remember_figures(raw, documents, last_run)

    # Validate and normalize: rows breaking a contract leave their frame for Issues.
    valid_raw, raw_issues = tasks.validate(RawFigureFrame, raw, "validate", "doc")
    facts, fact_issues = tasks.validate(
        FigureFrame, tasks.normalize(valid_raw, documents), "normalize", "doc"
    )

    # Analyse: one frame per sheet (each region's latest value per column, ranked; conflicts; per capita;
    # rankings; trends; charts; sources), each through its contract.
    sheets = tasks.analyse(documents, facts, settings.ranking_min_regions, settings.max_charts)

    # Report.
    issues = tasks.collect_issues(documents, sheets, long_sentences, raw_issues, fact_issues)
    summary = tasks.summarize(documents, raw, facts, issues, str(settings.out), extracted, recalled.documents)
    workbook = tasks.render_workbook(settings, paths, summary, sheets, facts, issues)

    # Publish: artifacts under stable keys, so the UI keeps their history across runs.
    tasks.publish(summary, facts, sheets.sources, issues, workbook)
    return tasks.with_stage_seconds(summary)  # seconds per stage, measured inside the tasks
