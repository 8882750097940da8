"""A throwaway `prefect server start` on a free loopback port, for the server tests and the benchmarks.

Its own PREFECT_HOME (SQLite and the concurrency leases there, so both survive a restart), analytics off, no
UI; stopped with SIGTERM (Prefect shuts down gracefully on it), then SIGKILL. `LocalServer` can be stopped and
started again on the same port and database, as an outage looks to the clients. Scheduled runs talk to a
long-running server (`make server`); this one lives for a test module or a benchmark.
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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

STARTUP_SECONDS = 90.0
"""A fresh database's migrations take about 10-20 s on two cores."""
LEASE_STORAGE = "prefect.server.concurrency.lease_storage.filesystem"
"""Concurrency-limit leases in PREFECT_HOME rather than in the server's memory: a slot held when the server
stops is still known after it starts again, and expires as it should."""


class ServerError(RuntimeError):
    """The server exited, or did not answer in time; the message says which and quotes its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen[bytes], *, session: bool = False) -> None:
    """SIGTERM, then SIGKILL after 20 s; to the process's whole session with `session` (it leads one)."""
    if process.poll() is None:
        _signal(process, signal.SIGTERM, session)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL, session)
            process.wait(timeout=10)
    if session:  # what is left of the session once its leader is gone: 20 s to end, then SIGKILL
        deadline = time.monotonic() + 20
        with contextlib.suppress(ProcessLookupError):
            while time.monotonic() < deadline:
                os.killpg(process.pid, 0)
                time.sleep(0.1)
            os.killpg(process.pid, signal.SIGKILL)


def _signal(process: subprocess.Popen[bytes], number: signal.Signals, session: bool) -> None:
    if session:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, number)
    else:
        process.send_signal(number)


def _prefect_server_start(port: int) -> list[str]:
    return [
        *(sys.executable, "-m", "prefect", "server", "start"),
        *("--host", "127.0.0.1", "--port", str(port), "--no-ui", "--analytics-off"),
    ]


class LocalServer:
    """`prefect server start` with PREFECT_HOME `home` on a port of its own, which it keeps across restarts.

    `command(port)` is what starts it (default: `python -m prefect server start` on 127.0.0.1:port, no UI);
    it runs in a session of its own, and stopping signals the whole session (a `make server` and its server).
    """

    def __init__(
        self, home: Path, port: int | None = None, command: Callable[[int], Sequence[str]] | None = None
    ) -> None:
        self.home = home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.log_path = home / "server.log"
        self.command = command or _prefect_server_start
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = STARTUP_SECONDS) -> str:
        """Start the server, wait for its /health; its API URL.

        Raises:
            ServerError: it exited before answering, or did not answer within `timeout` seconds.
        """
        self.home.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PREFECT_HOME": str(self.home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
            "PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE": LEASE_STORAGE,
        }
        env.pop("PREFECT_API_URL", None)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                list(self.command(self.port)), env=env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while not healthy(self.url):
            if self._process.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-3000:]
                raise ServerError(f"the Prefect server exited ({self._process.returncode}):\n{tail}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(
                    f"the Prefect server did not answer within {timeout:.0f} s (log: {self.log_path})"
                )
            time.sleep(0.2)
        return self.url

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL); nothing answers on its port afterwards."""
        if self._process is not None:
            stop(self._process, session=True)
            self._process = None


@contextlib.contextmanager
def local_server(home: Path, timeout: float = STARTUP_SECONDS) -> Iterator[str]:
    """Start a `LocalServer` with PREFECT_HOME `home`, yield its API URL, stop it.

    Raises:
        ServerError: it exited before answering, or did not answer within `timeout` seconds.
    """
    server = LocalServer(home)
    server.start(timeout)
    try:
        yield server.url
    finally:
        server.stop()


def healthy(url: str) -> bool:
    """Whether a Prefect server answers /health at the API URL `url`."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
