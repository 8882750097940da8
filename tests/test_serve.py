"""`regional-report serve` without a server, its schedule checks, `prefect.yaml` agreeing with it, the task runner."""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from flows.serve import DEFAULT_NAME, ServeError, schedule
from regional_report.settings import PROJECT_ROOT, Settings

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "regional-report"), "serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_without_a_server_says_how_to_start_one(tmp_path: Path) -> None:
    """It exits 2 with the commands to run when PREFECT_API_URL is unset, or nothing answers there."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path)  # no profile that sets an API URL

    unset = serve(env)
    assert unset.returncode == 2
    assert "PREFECT_API_URL is not set" in unset.stderr
    assert "prefect server start" in unset.stderr and "export PREFECT_API_URL=" in unset.stderr

    nobody = serve({**env, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"})
    assert nobody.returncode == 2
    assert "no Prefect server answers at http://127.0.0.1:" in nobody.stderr


@pytest.mark.parametrize(
    ("cron", "timezone", "message"),
    [("every morning", "UTC", "invalid cron expression"), ("0 6 * * *", "Mars/Olympus", "unknown time zone")],
)
def test_a_bad_schedule_is_refused_before_serving(cron: str, timezone: str, message: str) -> None:
    """It checks the cron expression and time zone itself, before any server is contacted."""
    with pytest.raises(ServeError, match=message):
        schedule(cron, timezone)


def test_the_default_schedule_is_daily() -> None:
    """It serves daily at 06:00 UTC unless told otherwise."""
    when = schedule(Settings().schedule_cron, Settings().schedule_timezone)
    assert (when.cron, when.timezone) == ("0 6 * * *", "UTC")


def test_prefect_yaml_deploys_the_same_flow_and_schedule_under_its_own_name() -> None:
    """It ships prefect.yaml with the served deployment's flow and default schedule, on a work pool, under a
    name of its own: a deployment is keyed on flow and name, so the served one's would take it over."""
    project = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    (deployment,) = project["deployments"]
    assert deployment["name"] and deployment["name"] != DEFAULT_NAME
    assert deployment["schedules"] == [
        {"cron": Settings().schedule_cron, "timezone": Settings().schedule_timezone}
    ]
    assert deployment["work_pool"]["name"]
    path, name = deployment["entrypoint"].split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert getattr(module, name).name == "regional-report"


def test_the_task_runner_is_a_setting() -> None:
    """It runs tasks on a thread pool by default, on an existing Dask scheduler when told, never half-set."""
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask.task_runners import DaskTaskRunner

    from flows.pipeline import task_runner

    threads = task_runner(Settings())
    assert (
        isinstance(threads, ThreadPoolTaskRunner) and threads._max_workers == 2
    )  # the GIL: more only contend
    assert task_runner(Settings(threads=4))._max_workers == 4
    dask = task_runner(Settings(task_runner="dask", dask_address="tcp://127.0.0.1:8786"))
    assert isinstance(dask, DaskTaskRunner) and dask.address == "tcp://127.0.0.1:8786"
    with pytest.raises(ValueError, match="needs dask_address"):
        Settings(task_runner="dask")
