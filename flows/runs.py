"""What a flow run settles with the Prefect API around the pipeline: whether it runs at all (the catch-up
policy).

The catch-up policy: of the runs of a deployment that came due while nothing ran them (the server or `serve`
was down, a worker was stopped), only the newest runs; each older one ends as soon as it starts, Cancelled
with the state name "Skipped" and a message that names the run that catches up. A run that starts on time
is never skipped. The rule lives in the flow, not in `serve`, so it holds however the runs are started: by
`regional-report serve`, by a work pool's worker, or all at once when the server comes back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterId,
)
from prefect.client.schemas.sorting import FlowRunSort
from prefect.context import FlowRunContext
from prefect.states import Cancelled

SKIPPED = "Skipped"
"""The name of a Cancelled state that a superseded run ends in."""


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
        f"missed: due at {due:%Y-%m-%d %H:%M:%S} UTC, started {late:,.0f} s late, when run {newer[0].name!r}"
        f" (due at {newer[0].expected_start_time:%Y-%m-%d %H:%M:%S} UTC) was due too: of the runs missed, only"
        " the newest runs (the catch-up policy)"
    )


def skipped(reason: str) -> Any:
    """The state a superseded run ends in (Cancelled, named "Skipped", with the reason). A flow that returns a
    State ends in it; typed Any, as the flow's annotation names the value it returns otherwise."""
    return Cancelled(name=SKIPPED, message=reason)
