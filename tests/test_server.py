"""Against a real Prefect server: `regional-report run` and `regional-report serve` as a user runs them.

One `prefect server start` subprocess for the module, with its own PREFECT_HOME and a free loopback port.
The commands under test run as subprocesses pointed at it with PREFECT_API_URL; this process only reads
the results through a client bound to that URL. Nothing here enters a Prefect test harness, so the
session's harness (tests marked `prefect`) and this server never meet.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import psutil
import pytest
from factories import synthetic_reports
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterDeploymentId,
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


def assert_run_recorded(client: SyncPrefectClient, run: FlowRun, workbook: Path, documents: int = 1) -> None:
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
    assert f"| Documents read | {documents} |" in str(by_key[SUMMARY_ARTIFACT_KEY])
    regions = json.loads(str(by_key[REGIONS_ARTIFACT_KEY]))
    assert regions[0]["Region"] == "Smolensk Region" and regions[0]["Figures"] > 0
    where = str(by_key[WORKBOOK_ARTIFACT_KEY])  # the path, as a browser opens no file:// link from a page
    assert f"`{workbook.resolve()}` on `{socket.gethostname()}`" in where and "| Regions | 1 |" in where


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

    # A folder that is not there: exit 1, the run Failed on the server with the reason, the workbook kept.
    good = out.read_bytes()
    missing = tmp_path / "no-such-folder"
    failed = subprocess.run(
        [str(BIN / "regional-report"), "run", str(missing), "--out", str(out)],
        env=client_env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert failed.returncode == 1, failed.stderr.decode()[-3000:]
    assert out.read_bytes() == good
    with SyncPrefectClient(api=server) as client:
        (run,) = [r for r in client.read_flow_runs() if r.parameters.get("inputs") == [str(missing)]]
        assert run.state is not None and run.state.is_failed()
        assert (run.state.message or "").startswith(
            "no document could be processed (1 file read: no-such-folder"
        )


def test_serve_runs_triggered_runs_and_leaves_nothing_behind(
    server: str, client_env: dict[str, str], tmp_path: Path
) -> None:
    """`regional-report serve` registers a cron deployment and runs three triggered runs of 200 documents
    (extracted on the process pool, the cache off); after each, no process of the run is left, and the serving
    process's memory and threads do not grow. It pauses the deployment on SIGTERM."""
    corpus = tmp_path / "corpus"
    synthetic_reports(corpus, 200)
    out = tmp_path / "served.xlsx"
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    command = [str(BIN / "regional-report"), "serve", "--cron", "30 5 * * 1", "--name", "test-serve"]
    serving = subprocess.Popen(
        [*command, "--input", str(corpus), "--out", str(out)],
        env=client_env | {"REGIONAL_REPORT_CACHE": "false"},
        stdout=log,
        stderr=log,
    )
    try:
        with SyncPrefectClient(api=server) as client:
            registered = wait_for(
                "the served deployment",
                lambda: _deployment(client, "regional-report/test-serve", serving),
                90,
            )
            assert [s.schedule.cron for s in registered.schedules] == ["30 5 * * 1"]  # type: ignore[union-attr]
            assert registered.parameters == {"inputs": [str(corpus.resolve())], "out": str(out.resolve())}

            serve = psutil.Process(serving.pid)
            after: list[tuple[int, int]] = []  # (RSS, threads) of the serving process after each run
            for k in range(3):
                triggered = client.create_flow_run_from_deployment(registered.id)

                def finished(run_id: UUID = triggered.id) -> FlowRun | None:
                    run = flow_run(client, run_id)
                    return run if run.state is not None and run.state.is_final() else None

                run = wait_for(f"triggered run {k + 1} to finish", finished, timeout=240, interval=1)
                if k == 0:
                    assert_run_recorded(client, run, out, documents=200)
                assert run.state is not None and run.state.is_completed(), run.state
                left = wait_for(
                    f"the processes of run {k + 1} to exit",
                    lambda: not descendants(serving.pid) or None,
                    timeout=60,
                )
                assert left, [p.cmdline() for p in descendants(serving.pid)]
                after.append((serve.memory_info().rss, serve.num_threads()))
            (rss1, threads1), _, (rss3, threads3) = after
            assert rss3 - rss1 < 30 * 2**20, [f"{r / 2**20:.0f} MB" for r, _ in after]
            assert threads3 <= threads1 + 2, after  # anyio keeps an idle worker thread or two for a while
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


def test_serve_keeps_going_through_a_server_restart(
    client_env: dict[str, str], seeds_dir: Path, tmp_path: Path
) -> None:
    """`regional-report serve` outlives a restart of `make server PORT=...` under it. Three runs come due while
    the server is down, and two were left by a runner that stopped mid-way (one Pending, one Running): when
    the server is back, the Running one ends Crashed, only the newest of the missed runs runs and the three
    older (the Pending one included) end Skipped with the reason; the next scheduled run then runs once, on a
    deployment that is Ready again.

    Runs scheduled through the API stand in for the cron's (a test of minutes, not hours). The serving
    process has no client retries, so Prefect's runner gives up within seconds of the outage, as it does after
    about three minutes with Prefect's defaults: `serve` must wait for the server and serve again.
    """
    from prefect.client.schemas.objects import DeploymentStatus
    from prefect.states import Pending, Running, Scheduled

    from flows.local_server import LocalServer
    from flows.runs import SKIPPED

    server = LocalServer(
        tmp_path / "server-home", command=lambda port: ["make", "-s", "server", f"PORT={port}"]
    )
    try:
        server.start()
    except ServerError as error:
        pytest.fail(str(error))
    env = client_env | {"PREFECT_API_URL": server.url, "PREFECT_CLIENT_MAX_RETRIES": "0"}
    out, log_path = tmp_path / "restart.xlsx", tmp_path / "serve.log"
    log = log_path.open("wb")
    command = [str(BIN / "regional-report"), "serve", "--name", "restart", "--input", str(seeds_dir)]
    serving = subprocess.Popen([*command, "--out", str(out)], env=env, stdout=log, stderr=log)

    def scheduled(client: SyncPrefectClient, seconds: float) -> UUID:
        when = datetime.now(UTC) + timedelta(seconds=seconds)
        return client.create_flow_run_from_deployment(deployment.id, state=Scheduled(scheduled_time=when)).id

    def final(client: SyncPrefectClient, run_id: UUID) -> Callable[[], FlowRun | None]:
        def check() -> FlowRun | None:
            run = client.read_flow_run(run_id)
            return run if run.state is not None and run.state.is_final() else None

        return check

    try:
        with SyncPrefectClient(api=server.url) as client:
            deployment = wait_for(
                "the served deployment", lambda: _deployment(client, "regional-report/restart", serving), 90
            )
            # What a runner that stops mid-way leaves: a run it had taken up (Pending), one it was running.
            pending, running = (
                client.create_flow_run_from_deployment(deployment.id, state=state).id
                for state in (Pending(), Running())
            )
            missed = [pending, *(scheduled(client, s) for s in (4, 6, 8))]
            due = datetime.now(UTC) + timedelta(seconds=8)
        server.stop()  # the three come due while it is down
        wait_for("serve to notice", lambda: b"waiting for it" in log_path.read_bytes(), 60, interval=1)
        time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
        assert serving.poll() is None, log_path.read_text()
        server.start()

        with SyncPrefectClient(api=server.url) as client:
            older = [wait_for("a missed run to end", final(client, r), 240, interval=1) for r in missed]
            later = scheduled(client, 5)  # the next run of the schedule
            nxt = wait_for("the next scheduled run", final(client, later), 180, interval=1)
            newest = older.pop()
            assert newest.state is not None and newest.state.is_completed(), newest.state
            for run in older:
                assert run.state is not None and run.state.is_cancelled() and run.state.name == SKIPPED
                assert newest.expected_start_time is not None
                due = f"when the run due at {newest.expected_start_time:%Y-%m-%d %H:%M:%S} UTC was due too"
                assert due in (run.state.message or ""), run.state.message
            assert nxt.state is not None and nxt.state.is_completed() and nxt.run_count == 1, nxt.state
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(any_=[deployment.id]))
            )
            started = [r.id for r in runs if r.start_time is not None]
            assert sorted(started) == sorted([*missed, running, later])  # no run twice, no other run
            crashed = client.read_flow_run(running).state
            assert crashed is not None and crashed.is_crashed(), crashed  # its process went with its runner
            assert client.read_deployment(deployment.id).status == DeploymentStatus.READY
            assert serving.poll() is None
            wait_for("the runs' processes to exit", lambda: not descendants(serving.pid), 60)
            stop(serving)
            assert serving.returncode == 0, log_path.read_text()[-3000:]
            assert client.read_deployment(deployment.id).paused
        assert b"answers again" in log_path.read_bytes()
    finally:
        stop(serving)
        log.close()
        server.stop()


def descendants(pid: int) -> list[psutil.Process]:
    """The processes under `pid`, bar multiprocessing's resource tracker (one per process that spawns, kept
    until it exits)."""
    found = []
    for process in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "resource_tracker" not in " ".join(process.cmdline()):
                found.append(process)
    return found


def _deployment(client: SyncPrefectClient, name: str, serving: subprocess.Popen[bytes]) -> Any:
    if serving.poll() is not None:
        pytest.fail(f"serve exited ({serving.returncode})")
    try:
        return client.read_deployment_by_name(name)
    except Exception:  # noqa: BLE001 - not registered yet
        return None
