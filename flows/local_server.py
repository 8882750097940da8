"""A throwaway `prefect server start` on a free loopback port, for the server tests and the benchmarks.

Its own PREFECT_HOME (SQLite there), analytics off, no UI; stopped with SIGTERM (Prefect shuts down
gracefully on it), then SIGKILL. Scheduled runs talk to a long-running server (`make server`); this one
lives for a test module or a benchmark.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

STARTUP_SECONDS = 90.0
"""A fresh database's migrations take about 10-20 s on two cores."""


class ServerError(RuntimeError):
    """The server exited, or did not answer in time; the message says which and quotes its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def local_server(home: Path, timeout: float = STARTUP_SECONDS) -> Iterator[str]:
    """Start the server with PREFECT_HOME `home`, wait for its /health, yield its API URL, stop it.

    Raises:
        ServerError: it exited before answering, or did not answer within `timeout` seconds.
    """
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log_path = home / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([*command, "--no-ui", "--analytics-off"], env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if process.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-3000:]
                    raise ServerError(f"the Prefect server exited ({process.returncode}):\n{tail}")
                if time.monotonic() > deadline:
                    raise ServerError(
                        f"the Prefect server did not answer within {timeout:.0f} s (log: {log_path})"
                    )
                time.sleep(0.2)
            yield url
        finally:
            stop(process)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
