"""Prefect's side of the pipeline: each step of `regional_report.pipeline` run as a task, and the artifacts.

`PrefectRunner` is the pipeline's runner under a flow. Each step becomes a task named after it (one thin
adapter, `_step`, over the step's plain function): it times the function towards its stage, then logs the
step's notes to the task run's logger. Steps over many items (extraction batches) are submitted to the
flow's task runner side by side, with progress lines in the flow's log as they finish.

Every task opts out of Prefect's input hashing (`NO_CACHE`): they take documents or frames, which the
default policy would pickle just to make a cache key, and reads must see the files as they are now.
Re-runs reuse extracted figures through the project's own cache instead (`regional_report.cache`). Their
arguments are handed over as they are (`opaque`): Prefect would otherwise walk every document looking for
futures. Local reads get no retries.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import Task, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from regional_report import monitor
from regional_report.frames.summary import summary_markdown, workbook_markdown
from regional_report.pipeline import RETRY_DELAYS, Run, Step

# Artifact keys: stable, lowercase and dashes, so the UI's Artifacts page keeps each one's history.
SUMMARY_ARTIFACT_KEY = "regional-report-summary"
REGIONS_ARTIFACT_KEY = "regional-report-regions"
WORKBOOK_ARTIFACT_KEY = "regional-report-workbook"
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


@task(cache_policy=NO_CACHE, task_run_name="{run_name}")
def _step(step: Step[..., Any], run_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
    """One step of the pipeline: its function, timed towards its stage; its notes to this task run's log."""
    with _timed(step.stage):
        result = step.function(*args, **kwargs)
    logger = get_run_logger()
    for level, message in step.notes(result):
        logger.log(level, message)
    return result


class PrefectRunner:
    """Runs the pipeline's steps as Prefect tasks of the current flow run (see `regional_report.pipeline`)."""

    def __init__(self) -> None:
        self._tasks: dict[tuple[str, float | None], Task[..., Any]] = {}

    def _task(self, step: Step[..., Any]) -> Task[..., Any]:
        """The step's task: named after it, with its timeout, tried again after the errors it accepts."""
        key = (step.name, step.timeout_seconds)
        if key not in self._tasks:
            retry_if = step.retry_if
            self._tasks[key] = _step.with_options(
                name=step.name,
                timeout_seconds=step.timeout_seconds,
                retries=len(RETRY_DELAYS) if retry_if else 0,
                retry_delay_seconds=list(RETRY_DELAYS),
                retry_condition_fn=(lambda task, run, state: _failed_with(state, retry_if))
                if retry_if
                else None,
            )
        return self._tasks[key]

    def __call__(self, step: Step[..., T], /, *args: Any, **kwargs: Any) -> T:
        return cast(
            T, self._task(step)(opaque(step), step.run_name or step.name, opaque(args), opaque(kwargs))
        )

    def map(self, step: Step[..., T], items: Sequence[Any], /, *args: Any, **kwargs: Any) -> list[T]:
        """Submit one task per item to the flow's task runner; log progress as they finish; results in order."""
        name = step.run_name or step.name
        # Plain arguments: a Dask task runner takes tuples (and Prefect's annotations, which are tuples) for
        # tasks of its own graph. Each item is small (a batch of documents), so Prefect's walk costs little.
        futures = [
            self._task(step).submit(
                step, name.format(number=i, total=len(items)), [item, *args], dict(kwargs)
            )
            for i, item in enumerate(items, start=1)
        ]
        progress = step.progress(items) if step.progress else None
        logger = get_run_logger()
        for future in as_completed(futures):
            line = progress(future.result()) if progress else None
            if line:
                logger.info(line)
        return [cast(T, future.result()) for future in futures]

    def stage_seconds(self) -> dict[str, float]:
        """The current flow run's seconds per stage, measured inside its tasks."""
        run = flow_run.get_id()
        return _CLOCK.pop(run) if run is not None else {}


def _failed_with(state: State[Any], accepts: Callable[[Exception], bool]) -> bool:
    error = state.result(raise_on_failure=False)
    return isinstance(error, Exception) and accepts(error)


@task(name="publish artifacts", cache_policy=NO_CACHE)
def publish(run: Run) -> None:
    """The run's artifacts, each under a stable key so the UI keeps its history: the summary (markdown),
    documents, figures and issues per region (a table), and where the workbook is (markdown: its path on
    the machine that ran the flow, its size, the main counts; a browser does not follow a file:// link)."""
    with _timed("report"):
        markdown = summary_markdown(run.summary)
        table = monitor.region_rows(run.facts, run.sheets.sources, run.issues)
        path = Path(run.workbook).resolve()
        size = path.stat().st_size if path.is_file() else None
        workbook = workbook_markdown(run.summary, socket.gethostname(), size, run.problem)
    create_markdown_artifact(markdown=markdown, key=SUMMARY_ARTIFACT_KEY, description="Regional report run")
    create_table_artifact(
        table=table,
        key=REGIONS_ARTIFACT_KEY,
        description="Documents processed, valid figures and issues per region",
    )
    create_markdown_artifact(
        markdown=workbook, key=WORKBOOK_ARTIFACT_KEY, description=f"Workbook: {path.name}"
    )
