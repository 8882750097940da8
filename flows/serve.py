"""`regional-report serve`: the flow as a deployment on a cron schedule, served by this process (Prefect's
`Runner`, as `flow.serve` uses it), through server outages.

Serving needs a real Prefect server (`prefect server start`, or `make server`) and `PREFECT_API_URL`
pointing at it: Prefect's temporary local API has no scheduler, so this module refuses to start without one.
Once serving, it keeps going when the server goes away: it waits for it and serves again.
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import State, StateType
from prefect.exceptions import ObjectNotFound
from prefect.logging import get_logger
from prefect.runner import Runner
from prefect.schedules import Cron, Schedule
from prefect.settings import get_current_settings
from prefect.states import Crashed, Scheduled

from flows.pipeline import regional_report_flow

logger = get_logger("regional_report.serve")

DESCRIPTION: Final = (
    "Figures from reports of the President's meetings with regional heads, compared in Excel."
)
HEALTH_WAITS: Final = (1.0, 2.0, 5.0, 10.0)
"""Seconds between health checks while the server does not answer; then every 10 s."""
STEADY_SECONDS: Final = 60.0
"""A runner that stops sooner than this after its start counts as a quick failure: the next start waits
1, 3, 7... seconds, at most `RESTART_MAX_SECONDS`, so that a runner failing at once is not restarted in a
busy loop."""
RESTART_MAX_SECONDS: Final = 60.0

DEFAULT_NAME = "served"
"""The deployment's name: runs are started with `prefect deployment run regional-report/served`. prefect.yaml's
deployment for a work pool is `regional-report/worker`: a deployment is keyed on its flow and name, so
one of them registered under the other's name would take the other over."""

NO_SERVER = (
    "serving needs a Prefect server: start one with `make server` (or `prefect server start`), then "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


class ServeError(Exception):
    """The deployment cannot be served: a bad schedule, or no Prefect server to serve it to."""


def schedule(cron: str, timezone: str) -> Schedule:
    """The cron schedule, checked: a bad expression or time zone is a ServeError, not a server-side failure."""
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ServeError(f"unknown time zone {timezone!r}") from error
    try:
        return Cron(cron, timezone=timezone)
    except ValueError as error:
        raise ServeError(
            f"invalid cron expression {cron!r}: expected five fields, e.g. '0 6 * * *'"
        ) from error


def api_url() -> str:
    """The Prefect server's API URL (PREFECT_API_URL, from the environment or the active profile), reachable.

    Raises:
        ServeError: no URL is set, or no healthy server answers there.
    """
    url = get_current_settings().api.url
    if not url:
        raise ServeError(f"PREFECT_API_URL is not set; {NO_SERVER}")
    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    if error is not None:
        raise ServeError(f"no Prefect server answers at {url} ({type(error).__name__}: {error}); {NO_SERVER}")
    return url


def _not_a_work_pools(deployment: str) -> None:
    """Refuse to serve under the name of a deployment that a work pool runs: serving would take it over
    (Prefect clears its work pool), and its worker's runs would silently become this process's."""
    with get_client(sync_client=True) as client:
        try:
            existing = client.read_deployment_by_name(deployment)
        except ObjectNotFound:
            return
    if existing.work_pool_name:
        raise ServeError(
            f"deployment {deployment} belongs to work pool {existing.work_pool_name!r}; serving it would take it"
            " over: serve under another name (--name)"
        )


def serve(
    *,
    name: str = DEFAULT_NAME,
    cron: str,
    timezone: str,
    inputs: Sequence[str] = (),
    out: str | None = None,
) -> None:
    """Serve the flow as deployment `regional-report/<name>` until stopped (SIGTERM, Ctrl-C); each run is a
    subprocess.

    `inputs` and `out` become the deployment's default parameters (as absolute paths); when omitted, each run
    takes them from the settings. Serving survives the server: when Prefect's runner gives up on an API that
    no longer answers, this process waits for the server and serves again (see `_serve_until_stopped`). The
    schedule is paused when this process stops, so runs do not pile up while nothing serves them.

    Raises:
        ServeError: a bad schedule, no server, or a name a work pool's deployment has.
    """
    when = schedule(cron, timezone)
    url = api_url()
    deployment = f"{regional_report_flow.name}/{name}"
    _not_a_work_pools(deployment)
    parameters: dict[str, object] = {}
    if inputs:
        parameters["inputs"] = [str(Path(p).resolve()) for p in inputs]
    if out:
        parameters["out"] = str(Path(out).resolve())
    served = _Served(
        name=name,
        url=url,
        options={
            "name": name,
            "schedules": [when],
            "parameters": parameters,
            "description": DESCRIPTION,
            "tags": ["regional-report"],
        },
    )
    signal.signal(signal.SIGTERM, _stop)  # until a runner takes SIGTERM over, and between runners
    try:
        asyncio.run(_serve_until_stopped(served))
    finally:
        _pause(served)


@dataclass
class _Served:
    """What is served, and the deployment's id once registered."""

    name: str
    url: str
    options: dict[str, Any]
    deployment_id: UUID | None = None


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


async def _serve_until_stopped(served: _Served) -> None:
    """Register the deployment and run Prefect's runner; when the runner fails, wait for the server and again.

    Prefect's runner polls the API for scheduled runs; its client retries a lost connection for about a
    minute per request, and after three failed polls in a row the runner stops with an error (after about
    three minutes, or at once when it never reached the server). It returns without one only when it is told
    to stop (SIGTERM). Each new runner registers the deployment again (the server may have lost it) and is
    Ready again once it polls. Runs that came due while nothing served them are handled by the flow itself:
    only the newest of them runs (`flows.runs.superseded`).
    """
    quick_failures = 0
    while True:
        await _until_answering(served.url)
        runner = Runner(name=served.name, pause_on_shutdown=False)  # paused by `serve` when it stops
        began = time.monotonic()
        try:
            served.deployment_id = await runner.aadd_flow(regional_report_flow, **served.options)
            logger.info(
                "serving %s/%s to %s; a run now: prefect deployment run '%s/%s'",
                regional_report_flow.name,
                served.name,
                served.url,
                regional_report_flow.name,
                served.name,
            )
            await _recover_orphans(served.deployment_id)
            await runner.start()
        except Exception as error:  # noqa: BLE001 - whatever stopped the runner, serving goes on
            lived = time.monotonic() - began
            quick_failures = quick_failures + 1 if lived < STEADY_SECONDS else 0
            logger.warning(
                "the runner stopped after %.0f s: %s; serving again when the server answers",
                lived,
                _cause(error),
            )
            await asyncio.sleep(min(RESTART_MAX_SECONDS, 2.0**quick_failures - 1))
            continue
        return  # told to stop


async def _recover_orphans(deployment_id: UUID) -> None:
    """Settle the runs a previous runner of this deployment left behind when it stopped (the server went
    away while it started or ran them): a run still Pending goes back to Scheduled at its time, so the new
    runner takes it up (and the catch-up policy decides whether it runs); a run still Running ends Crashed,
    its process gone with the runner that started it. A new runner has no run of its own yet."""
    async with get_client() as client:
        left = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]),
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING])
                ),
            )
        )
        for run in left:
            if run.state_type == StateType.PENDING:
                state: State[Any] = Scheduled(scheduled_time=run.expected_start_time)
            else:
                state = Crashed(
                    message="the process serving it stopped (the Prefect server went away) while it ran"
                )
            await client.set_flow_run_state(run.id, state, force=True)
            logger.warning(
                "run %s was left %s by the runner that stopped: now %s", run.name, run.state_name, state.name
            )


async def _until_answering(url: str) -> None:
    """Return once the Prefect server answers its health check; log when it does not, and when it is back."""
    waits = itertools.chain(HEALTH_WAITS, itertools.repeat(HEALTH_WAITS[-1]))
    since: float | None = None
    while True:
        async with get_client() as client:  # a new client: no retries before its first connection
            error = await client.api_healthcheck()
        if error is None:
            if since is not None:
                logger.info(
                    "the Prefect server at %s answers again, after %.0f s", url, time.monotonic() - since
                )
            return
        if since is None:
            since = time.monotonic()
            logger.warning("no Prefect server answers at %s (%s); waiting for it", url, _cause(error))
        await asyncio.sleep(next(waits))


def _cause(error: BaseException) -> str:
    """The first exception inside (exception groups unwrapped), as `Type: message`."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}"


def _pause(served: _Served) -> None:
    """Pause the deployment's schedule, if the server answers; its scheduled runs are deleted with it."""
    if served.deployment_id is None:
        return
    with get_client(sync_client=True) as client:
        if client.api_healthcheck() is not None:
            logger.warning("the schedule of %s could not be paused: the server does not answer", served.name)
            return
        client.pause_deployment(served.deployment_id)
    logger.info("paused the schedule of %s/%s", regional_report_flow.name, served.name)
