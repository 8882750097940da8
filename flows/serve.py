"""`regional-report serve`: the flow as a deployment on a cron schedule, served by this process (`flow.serve`).

Serving needs a real Prefect server (`prefect server start`, or `make server`) and `PREFECT_API_URL`
pointing at it: Prefect's temporary local API has no scheduler, so this module refuses to start without one.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectNotFound
from prefect.schedules import Cron, Schedule
from prefect.settings import get_current_settings

from flows.pipeline import regional_report_flow

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
    """Serve the flow as deployment `regional-report/<name>` until interrupted; each run is a subprocess.

    `inputs` and `out` become the deployment's default parameters (as absolute paths); when omitted, each
    run takes them from the settings. The schedule is paused when this process stops (Prefect's default),
    so runs do not pile up while nothing serves them.
    """
    when = schedule(cron, timezone)
    api_url()
    _not_a_work_pools(f"{regional_report_flow.name}/{name}")
    parameters: dict[str, object] = {}
    if inputs:
        parameters["inputs"] = [str(Path(p).resolve()) for p in inputs]
    if out:
        parameters["out"] = str(Path(out).resolve())
    regional_report_flow.serve(
        name=name,
        schedules=[when],
        parameters=parameters,
        description="Figures from reports of the President's meetings with regional heads, compared in Excel.",
        tags=["regional-report"],
    )
