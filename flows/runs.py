"""What a flow run settles with the Prefect API around the pipeline: its name, whether it runs at all (the
catch-up policy), that it is the only run writing its workbook (a global concurrency limit per output file),
and the state it ends in.

The catch-up policy: of the runs of a deployment that came due while nothing ran them (the server or `serve`
was down, a worker was stopped), only the newest runs; each older one ends as soon as it starts, Cancelled
with the state name "Skipped" and a message that names the run that catches up. A run that starts on time
is never skipped. The rule lives in the flow, not in `serve`, so it holds however the runs are started: by
`regional-report serve`, by a work pool's worker, or all at once when the server comes back.

One run per output file: a run holds the slot of a global concurrency limit of 1 named after its workbook's
path (`output_limit`) from its first read to its last write. A run that finds the slot taken waits for it
(the settings' `output_wait_seconds`, 600 s), then fails saying so (`OutputBusy`), having done nothing. The
limit needs a Prefect server (served and deployed runs, `regional-report run` with PREFECT_API_URL): the
temporary API of a one-off `run` knows no other run, and it does not expire the slot of a run that died.

The end state: Failed with the reason when the run processed no document or quarantined too many (its
workbook written beside the last good one, `pipeline.RunRejected` as its result); "Completed with
quarantines" with what was set aside when it quarantined anything; Completed otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterId,
)
from prefect.client.schemas.objects import ConcurrencyLeaseHolder
from prefect.client.schemas.sorting import FlowRunSort
from prefect.concurrency.sync import concurrency
from prefect.context import FlowRunContext
from prefect.logging import get_run_logger
from prefect.runtime import flow_run
from prefect.settings import get_current_settings
from prefect.states import Cancelled, Completed, Failed

from regional_report.frames.summary import RunSummary, quarantine_note
from regional_report.pipeline import RunRejected
from regional_report.settings import get_settings

SKIPPED: Final = "Skipped"
"""The name of a Cancelled state that a superseded run ends in."""
WITH_QUARANTINES: Final = "Completed with quarantines"
"""The name of a Completed state of a run that set documents or figures aside."""
LEASE_SECONDS: Final = 60.0
"""A run's hold on its output's slot lasts this long unless renewed (every 45 s while it runs): the slot of
a run that died is free again about a minute later (on a server whose leases outlive a restart: see
`make server`)."""


def run_name() -> str:
    """The flow run's name: what it reads, what it writes, and when it was due, e.g.
    `seeds -> regional_report.xlsx, 2026-12-07 06:00 UTC`."""
    parameters = flow_run.parameters
    settings = get_settings(inputs=parameters.get("inputs"), out=parameters.get("out"))
    when = flow_run.scheduled_start_time.astimezone(UTC)
    return f"{_names(settings.inputs)} -> {settings.out.name}, {when:%Y-%m-%d %H:%M} UTC"


def _names(paths: Sequence[Path]) -> str:
    names = [Path(p).name or str(p) for p in paths]
    return ", ".join(names) if len(names) <= 2 else f"{names[0]}, {names[1]} and {len(names) - 2:,} more"


class OutputBusy(Exception):
    """Another run kept the output's slot for longer than this run would wait."""


def output_limit(out: Path) -> str:
    """The global concurrency limit of runs that write `out`: its file name and a digest of its full path."""
    resolved = out.resolve()
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", resolved.name)[:60]
    return f"regional-report-output-{stem}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:12]}"


@contextlib.contextmanager
def one_run_per_output(out: Path, wait_seconds: float) -> Iterator[None]:
    """Hold the slot of `out`'s concurrency limit (created with a limit of 1 if need be) for the block.

    Raises:
        OutputBusy: another run held it for more than `wait_seconds`.
    """
    if get_current_settings().api.url is None:  # a one-off run's temporary API: no other run to meet
        yield
        return
    name = output_limit(out)
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, limit=1)
        busy = client.read_global_concurrency_limit_by_name(name).active_slots
    if busy:
        get_run_logger().info("another run is writing %s; waiting for it, up to %.0f s", out, wait_seconds)
    run = FlowRunContext.get()
    holder = ConcurrencyLeaseHolder(type="flow_run", id=run.flow_run.id) if run and run.flow_run else None
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(
                concurrency(
                    name,
                    occupy=1,
                    timeout_seconds=wait_seconds,
                    lease_duration=LEASE_SECONDS,
                    strict=True,
                    holder=holder,
                )
            )
        except TimeoutError as error:
            raise OutputBusy(
                f"another run kept writing {out} for more than {wait_seconds:.0f} s"
                f" (REGIONAL_REPORT_OUTPUT_WAIT_SECONDS); this run did nothing (limit {name})"
            ) from error
        yield


def end_state(summary: RunSummary, problem: str | None) -> Any:
    """The state the flow run ends in, carrying its summary (typed Any: a flow returns a value or a State)."""
    if problem is not None:
        return Failed(message=problem, data=RunRejected(problem, summary))
    note = quarantine_note(summary)
    if note is not None:
        return Completed(name=WITH_QUARANTINES, message=note, data=summary)
    return Completed(data=summary)


def failed(message: str, error: Exception) -> Any:
    """A Failed state with `message`, raising `error` to whoever called the flow."""
    return Failed(message=message, data=error)


def superseded() -> str | None:
    """Why the current flow run must not run: a newer run of its deployment is also due. None otherwise
    (and outside a deployment's run: a direct call, `regional-report run`)."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None or context.flow_run.deployment_id is None:
        return None
    me, deployment = context.flow_run, context.flow_run.deployment_id
    due = me.expected_start_time
    if due is None:
        return None
    now = datetime.now(UTC)
    with get_client(sync_client=True) as client:
        newer = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(not_any_=[me.id]),
                deployment_id=FlowRunFilterDeploymentId(any_=[deployment]),
                expected_start_time=FlowRunFilterExpectedStartTime.model_validate(
                    {"after_": due, "before_": now}
                ),
            ),
            sort=FlowRunSort.EXPECTED_START_TIME_DESC,
            limit=1,
        )
    if not newer or newer[0].expected_start_time is None or newer[0].expected_start_time <= due:
        return None
    late = (now - due).total_seconds()
    return (
        f"missed: due at {due:%Y-%m-%d %H:%M:%S} UTC, started {late:,.0f} s late, when the run due at"
        f" {newer[0].expected_start_time:%Y-%m-%d %H:%M:%S} UTC was due too: of the runs missed, only the"
        " newest runs (the catch-up policy)"
    )


def skipped(reason: str) -> Any:
    """The state a superseded run ends in (Cancelled, named "Skipped", with the reason). A flow that returns a
    State ends in it; typed Any, as the flow's annotation names the value it returns otherwise."""
    return Cancelled(name=SKIPPED, message=reason)
