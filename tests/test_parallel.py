"""The extraction pool never outlives its run: not after a call, not after a block, not after a flow run."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import psutil
import pytest
from factories import synthetic_reports

from regional_report.extract import parallel
from regional_report.extract.engine import extract_figures
from regional_report.model import Figure

TEXT = "The region harvested 1.2 million tonnes of grain in 2024, up 5 percent."
pytestmark = pytest.mark.startup  # every test starts worker processes

JOBS: list[tuple[str, date | None]] = [(TEXT, None)] * parallel.POOL_MIN_DOCUMENTS
_EARLIER: set[int] = set()


@pytest.fixture(scope="module", autouse=True)
def _earlier_processes() -> None:
    """The processes running before this module's first test (not this module's to stop)."""
    _EARLIER.update(p.pid for p in psutil.Process().children(recursive=True))


def children() -> list[psutil.Process]:
    """This process's descendants started since this module's first test, bar multiprocessing's resource
    tracker: one per process, started with the first pool and kept until the process exits, as its spawned
    processes may need it. (Earlier tests of the session may have started processes that outlive them on
    purpose, as the Prefect test harness's API server.)"""
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if p.pid not in _EARLIER and "resource_tracker" not in _command(p)
    ]


def _command(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # it exited while we looked
        return ""


def worker_pids() -> set[int]:
    """The pids of the processes that ran a pooled call (the pool is alive while we look)."""
    parallel.extract_many(extract_figures, JOBS)
    return {p.pid for p in children()}


def test_a_call_outside_a_block_stops_its_pool() -> None:
    """It extracts a large batch on a pool of its own, and no process is left when it returns."""
    found = parallel.extract_many(extract_figures, JOBS)
    assert found == [extract_figures(TEXT, None)] * len(JOBS)
    assert children() == []


def test_a_block_shares_one_pool_and_stops_it_at_the_end() -> None:
    """Inside `extraction_pool()` every call uses the same worker processes; none is left after the block."""
    with parallel.extraction_pool():
        first = worker_pids()
        assert len(first) >= parallel.WORKERS
        with parallel.extraction_pool():  # nested: the same pool
            assert worker_pids() == first
        assert worker_pids() == first  # the inner block's end does not stop it
    assert children() == []


def _hang(text: str, day: date | None) -> list[Figure]:
    threading.Event().wait()  # a worker that never answers
    return []


def test_a_pool_that_does_not_answer_in_time_is_stopped() -> None:
    """With a timeout, a stuck pool raises TimeoutError, and its workers are killed rather than left behind."""
    with pytest.raises(TimeoutError), parallel.extraction_pool():
        parallel.extract_many(_hang, JOBS, timeout=2)
    assert children() == []


@pytest.mark.prefect
def test_flow_runs_leave_no_process_or_thread_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three flow runs of 200 documents (one batch, on the pool) in this process: after each, the child
    processes are those of before (the harness's API server), the threads are those after the first run, and
    the memory does not grow run after run."""
    from flows.pipeline import regional_report_flow

    monkeypatch.setenv("REGIONAL_REPORT_CACHE", "false")  # every run extracts all 200 documents
    corpus = tmp_path / "corpus"
    synthetic_reports(corpus, 200)
    assert parallel.POOL_MIN_DOCUMENTS <= 200  # one batch, large enough for the pool
    before = {p.pid for p in children()}

    def run() -> tuple[set[int], int]:
        summary = regional_report_flow(inputs=[str(corpus)], out=str(tmp_path / "report.xlsx"))
        assert summary.documents_processed == 200 and summary.figures > 0
        assert {p.pid for p in children()} == before
        return {t.ident or 0 for t in threading.enumerate()}, psutil.Process().memory_info().rss

    threads, _ = run()  # the first run starts Prefect's own services, which stay for the process
    rss = []
    for _ in range(2):
        after, memory = run()
        assert after == threads, [t.name for t in threading.enumerate() if t.ident not in threads]
        rss.append(memory)
    assert rss[-1] - rss[0] < 60 * 2**20, [f"{r / 2**20:.0f} MB" for r in rss]
