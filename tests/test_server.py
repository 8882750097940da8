"""Against a real Prefect server: `regional-report run` and `regional-report serve` as a user runs them.

One `prefect server start` subprocess for the module, with its own PREFECT_HOME and a free loopback port.
The commands under test run as subprocesses pointed at it with PREFECT_API_URL; this process only reads
the results through a client bound to that URL. Nothing here enters a Prefect test harness, so the
session's harness (tests marked `prefect`) and this server never meet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.client.schemas.objects import FlowRun

from flows.local_server import ServerError, local_server, stop
from flows.tasks import REGIONS_ARTIFACT_KEY, SUMMARY_ARTIFACT_KEY, WORKBOOK_ARTIFACT_KEY

pytestmark = pytest.mark.server

BIN = Path(sys.executable).parent
T = TypeVar("T")

# Task runs every flow run must have (task-run names carry a suffix, except those with a task_run_name).
EXPECTED_TASK_RUNS = (
    "read documents",
    "extract batch 1 of 1",
    "render workbook",
    "build sheet frames",
    "publish artifacts",
)
# Prefect 3.9 stores a link artifact as markdown, "[text](link)".
ARTIFACTS = {
    SUMMARY_ARTIFACT_KEY: "markdown",
    REGIONS_ARTIFACT_KEY: "table",
    WORKBOOK_ARTIFACT_KEY: "markdown",
}


def wait_for(what: str, check: Callable[[], T | None], timeout: float, interval: float = 0.5) -> T:
    """Poll `check` until it returns a value other than None (or False); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prefect server (SQLite, no UI) on a free loopback port; its API URL."""
    try:
        with local_server(tmp_path_factory.mktemp("prefect-server-home")) as url:
            yield url
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture
def client_env(server: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a `regional-report` subprocess that talks to the module's server."""
    env = {
        **os.environ,
        "PREFECT_API_URL": server,
        "PREFECT_HOME": str(tmp_path / "client-home"),
        "REGIONAL_REPORT_CACHE_DIR": str(tmp_path / "figure-cache"),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # `serve` picks a triggered run up within a second
    }
    return env


def flow_run(client: SyncPrefectClient, flow_run_id: UUID) -> FlowRun:
    return client.read_flow_run(flow_run_id)


def assert_run_recorded(client: SyncPrefectClient, run: FlowRun, workbook: Path) -> None:
    """The flow run completed, its task runs arrived, and it published the three artifacts."""
    assert run.state is not None and run.state.is_completed(), run.state

    def task_runs() -> list[str] | None:  # task runs arrive as events, after the flow run ends
        names = [
            t.name
            for t in client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
            if t.state is not None and t.state.is_completed()
        ]
        found = all(any(n == e or n.startswith(f"{e}-") for n in names) for e in EXPECTED_TASK_RUNS)
        return names if found else None

    names = wait_for(f"the task runs of {run.name}", task_runs, timeout=60)
    assert len(names) >= len(EXPECTED_TASK_RUNS)

    artifacts = client.read_artifacts(
        artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
    )
    assert {a.key: a.type for a in artifacts} == ARTIFACTS
    by_key: dict[str | None, Any] = {a.key: a.data for a in artifacts}
    assert "| Documents read | 1 |" in str(by_key[SUMMARY_ARTIFACT_KEY])
    regions = json.loads(str(by_key[REGIONS_ARTIFACT_KEY]))
    assert regions[0]["Region"] == "Smolensk Region" and regions[0]["Figures"] > 0
    assert by_key[WORKBOOK_ARTIFACT_KEY] == f"[{workbook.name}]({workbook.resolve().as_uri()})"


def test_run_through_a_real_server(
    server: str, client_env: dict[str, str], seeds_dir: Path, tmp_path: Path
) -> None:
    """`regional-report run` records a completed flow run, its task runs and three artifacts on the server."""
    out = tmp_path / "report.xlsx"
    done = subprocess.run(
        [str(BIN / "regional-report"), "run", str(seeds_dir), "--out", str(out)],
        env=client_env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert out.is_file()

    with SyncPrefectClient(api=server) as client:
        runs = [
            r
            for r in client.read_flow_runs()
            if r.parameters.get("out") == str(out)  # the run this test started
        ]
        assert len(runs) == 1
        assert_run_recorded(client, runs[0], out)


def test_serve_runs_the_deployment_when_triggered(
    server: str, client_env: dict[str, str], seeds_dir: Path, tmp_path: Path
) -> None:
    """`regional-report serve` registers a cron deployment, runs a triggered run, and pauses it on SIGTERM."""
    out = tmp_path / "served.xlsx"
    log = (tmp_path / "serve.log").open("wb")
    command = [str(BIN / "regional-report"), "serve", "--cron", "30 5 * * 1", "--name", "test-serve"]
    serving = subprocess.Popen(
        [*command, "--input", str(seeds_dir), "--out", str(out)], env=client_env, stdout=log, stderr=log
    )
    try:
        with SyncPrefectClient(api=server) as client:

            def deployment() -> Any:
                if serving.poll() is not None:
                    pytest.fail(
                        f"serve exited ({serving.returncode}):\n{(tmp_path / 'serve.log').read_text()}"
                    )
                try:
                    return client.read_deployment_by_name("regional-report/test-serve")
                except Exception:  # noqa: BLE001 - not registered yet
                    return None

            registered = wait_for("the served deployment", deployment, timeout=60)
            assert [s.schedule.cron for s in registered.schedules] == ["30 5 * * 1"]  # type: ignore[union-attr]
            assert registered.parameters == {"inputs": [str(seeds_dir.resolve())], "out": str(out.resolve())}

            triggered = client.create_flow_run_from_deployment(registered.id)

            def finished() -> FlowRun | None:
                run = flow_run(client, triggered.id)
                return run if run.state is not None and run.state.is_final() else None

            run = wait_for("the triggered run to finish", finished, timeout=120, interval=1)
            assert_run_recorded(client, run, out)
            assert out.is_file()

            stop(serving)
            assert client.read_deployment(registered.id).paused  # paused on shutdown: no runs pile up
    finally:
        stop(serving)
        log.close()


def test_serve_refuses_to_take_over_a_work_pools_deployment(server: str, client_env: dict[str, str]) -> None:
    """Serving under the name of a deployment that a work pool runs would take it over: it exits 2 and says so."""
    from prefect.client.schemas.actions import WorkPoolCreate

    with SyncPrefectClient(api=server) as client:
        client.create_work_pool(WorkPoolCreate(name="test-pool", type="process"))
        flow_id = client.create_flow_from_name("regional-report")
        client.create_deployment(flow_id=flow_id, name="pooled", work_pool_name="test-pool")
    refused = subprocess.run(
        [str(BIN / "regional-report"), "serve", "--name", "pooled"],
        env=client_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2, refused.stderr
    assert "deployment regional-report/pooled belongs to work pool 'test-pool'" in refused.stderr
    with SyncPrefectClient(api=server) as client:
        assert client.read_deployment_by_name("regional-report/pooled").work_pool_name == "test-pool"
