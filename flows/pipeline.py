"""The regional report flow: the pipeline of `regional_report.pipeline`, each step a Prefect task.

The flow adds what only Prefect has: its task runner (threads, or an existing Dask cluster), the run's
artifacts, and the settings of a one-off run (no heartbeats); and, from `flows.runs`, the run's name, the
catch-up policy, one run per output file, and the state it ends in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from typing import Any

from prefect import flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows import runs, tasks
from regional_report import pipeline
from regional_report.frames.summary import RunSummary
from regional_report.settings import Settings, get_settings

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
@flow(name="regional-report", task_runner=task_runner(get_settings()), flow_run_name=runs.run_name)
def regional_report_flow(
    inputs: list[str] | None = None,
    out: str | None = None,
    batch_size: int | None = None,
    export: str | None = None,
    max_quarantine_ratio: float | None = None,
) -> RunSummary:
    """Read the report files under `inputs`, extract and validate their figures, write the comparison workbook.

    The stages, in order, are `regional_report.pipeline.run`: each runs here as a Prefect task.

    Args:
        inputs: Files or folders to read (default: the settings' inputs, `seeds/`).
        out: The workbook to write (default: `outputs/regional_report.xlsx`).
        batch_size: Documents per extraction task (default: the settings' batch size).
        export: A folder to write every sheet's frame to as Parquet and CSV (default: the settings', none).
        max_quarantine_ratio: Above this share of quarantined documents the run fails (default: the
            settings', 1: never).

    Returns:
        The run's counts, the workbook's path and the seconds spent in each stage. The run ends Failed (and
        raises `RunRejected` to a caller) when no document could be processed or too many were quarantined:
        its workbook is then written beside the last good one, not over it. It ends "Completed with
        quarantines" when it set anything aside, Cancelled "Skipped" when a newer run of its deployment is
        due too, Failed with `OutputBusy` when another run kept writing the same workbook for too long.
    """
    if (reason := runs.superseded()) is not None:  # a newer run of this deployment is due too: it catches up
        return runs.skipped(reason)  # type: ignore[no-any-return]  # a flow may return the State it ends in
    settings = get_settings(
        inputs=inputs,
        out=out,
        batch_size=batch_size,
        export=export,
        max_quarantine_ratio=max_quarantine_ratio,
    )
    runner = tasks.PrefectRunner()
    try:
        with runs.one_run_per_output(settings.out, settings.output_wait_seconds):
            run = pipeline.run(
                settings, runner
            )  # read, extract, normalize, validate, frames, render: a task each
    except runs.OutputBusy as busy:
        return runs.failed(str(busy), busy)  # type: ignore[no-any-return]
    tasks.publish(tasks.opaque(run))  # artifacts under stable keys, so the UI keeps their history across runs
    summary = dataclasses.replace(run.summary, stage_seconds=tuple(runner.stage_seconds().items()))
    return runs.end_state(summary, run.problem)  # type: ignore[no-any-return]
