"""Incremental re-runs and scale-out, through the real flow under the session's Prefect test harness.

A re-run extracts only new or changed documents (the figure cache), and the flow run on a Dask cluster
writes the same workbook as on one machine.
"""

from __future__ import annotations

import datetime as dt
import string
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from distributed import LocalCluster, get_worker
from factories import FileReads
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect_dask.task_runners import DaskTaskRunner

from flows.pipeline import regional_report_flow, task_runner
from regional_report import pipeline
from regional_report.extract.engine import extract_figures
from regional_report.model import Figure
from regional_report.read import SETTLE_NS
from regional_report.settings import get_settings

pytestmark = pytest.mark.prefect


def write_corpus(seed: Path, folder: Path, n: int) -> list[Path]:
    """`n` distinct reports: the seed with a different closing line each (same region and date)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = seed.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        tag = string.ascii_lowercase[i % 26] * (1 + i // 26)
        path = folder / f"{seed.stem}-{i:03}.txt"
        path.write_text(f"{text.rstrip()}\nArchive copy {tag}.\n", encoding="utf-8")
        paths.append(path)
    return paths


class CountingExtractor:
    """The real extractor, leaving one file per call in `folder` that says whether a Dask worker ran it.

    Files, not counters: on Dask the task's code travels pickled, and so would a counter.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, text: str, meeting_date: date | None) -> list[Figure]:
        try:
            get_worker()
            where = "dask"
        except ValueError:
            where = "here"
        tempfile.mkstemp(dir=self.folder, prefix=f"{where}-")
        return extract_figures(text, meeting_date)

    @property
    def calls(self) -> int:
        return len(list(self.folder.iterdir()))

    @property
    def on_dask_worker(self) -> int:
        return len(list(self.folder.glob("dask-*")))


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CountingExtractor:
    counting = CountingExtractor(tmp_path / "extractor-calls")
    monkeypatch.setattr(pipeline, "extract_figures", counting)
    return counting


def sheet_values(workbook: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, row by row; the Overview's generation time is blanked (it differs per run)."""
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    values: dict[str, list[tuple[Any, ...]]] = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if row and row[0] == "Generated at":
                row = tuple("<time>" if isinstance(v, dt.datetime) else v for v in row)
            rows.append(row)
        values[sheet.title] = rows
    book.close()
    return values


def test_rerun_reads_and_extracts_only_the_changed_document(
    seeds_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extractor: CountingExtractor,
    file_reads: FileReads,
) -> None:
    """It reads and extracts 12 documents, then none on a re-run, then only the one that changed; the
    workbooks are the same as a run without the cache."""
    monkeypatch.setenv("REGIONAL_REPORT_CACHE_DIR", str(tmp_path / "cache"))
    paths = write_corpus(next(seeds_dir.glob("*.txt")), tmp_path / "corpus", 12)
    time.sleep(SETTLE_NS / 1e9 + 0.1)  # files changed just now are read again: wait until they are not

    def run(name: str) -> Any:
        before, read_before = extractor.calls, len(file_reads.names)
        summary = regional_report_flow(
            inputs=[str(tmp_path / "corpus")], out=str(tmp_path / f"{name}.xlsx"), batch_size=5
        )
        return summary, extractor.calls - before, len(file_reads.since(read_before))

    first, extracted, read = run("first")
    assert (read, extracted, first.documents_processed, first.documents_cached) == (12, 12, 12, 0)

    again, extracted, read = run("again")
    assert (read, extracted, again.documents_cached) == (0, 0, 12)
    assert sheet_values(tmp_path / "again.xlsx") == sheet_values(tmp_path / "first.xlsx")

    paths[7].write_text(paths[7].read_text(encoding="utf-8") + "Revised.\n", encoding="utf-8")
    changed, extracted, read = run("changed")
    assert (read, extracted, changed.documents_cached, changed.documents_processed) == (1, 1, 11, 12)
    monkeypatch.setenv("REGIONAL_REPORT_CACHE", "false")
    uncached, extracted, read = run("uncached")
    assert (read, extracted, uncached.documents_cached) == (12, 12, 0)
    assert sheet_values(tmp_path / "changed.xlsx") == sheet_values(tmp_path / "uncached.xlsx")


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A local Dask cluster on loopback TCP (two in-process workers); its scheduler's address."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield str(cluster.scheduler_address)


def test_dask_cluster_writes_the_same_workbook(
    seeds_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extractor: CountingExtractor,
    dask_scheduler: str,
) -> None:
    """It runs the extraction tasks on the Dask workers and writes the single-machine workbook's values."""
    monkeypatch.setenv("REGIONAL_REPORT_CACHE", "false")  # both runs really extract
    write_corpus(next(seeds_dir.glob("*.txt")), tmp_path / "corpus", 6)
    inputs = [str(tmp_path / "corpus")]

    local = regional_report_flow(inputs=inputs, out=str(tmp_path / "local.xlsx"), batch_size=2)
    assert (extractor.calls, extractor.on_dask_worker) == (6, 0)

    runner = task_runner(get_settings(task_runner="dask", dask_address=dask_scheduler))
    assert isinstance(runner, DaskTaskRunner)
    state = regional_report_flow.with_options(task_runner=runner)(
        inputs=inputs, out=str(tmp_path / "dask.xlsx"), batch_size=2, return_state=True
    )
    on_dask = state.result()
    assert (extractor.calls, extractor.on_dask_worker) == (12, 6)
    assert dask_scheduler.startswith("tcp://127.0.0.1:")

    assert on_dask.documents_processed == local.documents_processed == 6
    assert sheet_values(on_dask.workbook) == sheet_values(local.workbook)

    # The tasks that ran on Dask are recorded like any other (they arrive as events: wait a little).
    extract_runs = {f"extract batch {k} of 3" for k in (1, 2, 3)}
    deadline = time.monotonic() + 30
    with get_client(sync_client=True) as client:
        while True:
            task_runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
            )
            recorded = {t.name for t in task_runs if t.state is not None and t.state.is_completed()}
            if extract_runs <= recorded or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert extract_runs <= recorded
