"""How a flow run ends, under the session's Prefect test harness: Failed with the reason when it has nothing
to show (its workbook beside the last good one, never over it), "Completed with quarantines" when it set
anything aside, waiting for or giving up on another run writing the same workbook, the write tried again
after a passing error, a stage that hangs stopped by its timeout."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.concurrency.sync import concurrency

import flows.tasks
import regional_report.pipeline
from flows import runs
from flows.pipeline import regional_report_flow
from regional_report.pipeline import RunRejected

pytestmark = pytest.mark.prefect

GOOD = b"the last good workbook"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """An output path where the last good run left its workbook."""
    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    out.write_bytes(GOOD)
    return out


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "bad" / "empty.txt"
    path.parent.mkdir()
    path.write_bytes(b"")
    return path


def run_state(**parameters: Any) -> Any:
    return regional_report_flow(**parameters, return_state=True)


def flow_run_name(state: Any) -> str:
    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id).name


def test_a_run_with_no_document_fails_and_keeps_the_good_workbook(good: Path, empty: Path) -> None:
    """No document processed: the run ends Failed with the reason as its message, writes its workbook beside
    the last good one, which it leaves byte for byte, and a caller of the flow gets RunRejected."""
    state = run_state(inputs=[str(empty)], out=str(good))
    assert state.is_failed()
    assert state.message.startswith("no document could be processed (1 file read: empty.txt: empty file)")
    failed = good.with_name("report.failed.xlsx")
    assert str(failed) in state.message and failed.is_file()
    assert good.read_bytes() == GOOD
    with pytest.raises(RunRejected) as rejected:
        regional_report_flow(inputs=[str(tmp) for tmp in (empty.parent / "missing",)], out=str(good))
    assert rejected.value.summary.documents_processed == 0 and good.read_bytes() == GOOD


def test_a_run_over_the_quarantine_ratio_fails(good: Path, empty: Path, seeds_dir: Path) -> None:
    """Half the documents quarantined against a limit of 40 %: Failed, saying so; the good workbook stays."""
    state = run_state(inputs=[str(seeds_dir), str(empty)], out=str(good), max_quarantine_ratio=0.4)
    assert state.is_failed()
    assert state.message.startswith("1 of 2 documents were quarantined (50.0%), over the limit of 40.0%")
    assert good.read_bytes() == GOOD and good.with_name("report.failed.xlsx").is_file()


def test_a_run_that_quarantined_says_so_and_its_name_says_what_and_when(
    tmp_path: Path, empty: Path, seeds_dir: Path
) -> None:
    """A completed run that set a file aside ends "Completed with quarantines" with what it set aside; a clean
    one ends Completed. Runs are named after their inputs, their workbook and their time."""
    out = tmp_path / "report.xlsx"
    state = run_state(inputs=[str(seeds_dir), str(empty)], out=str(out))
    assert state.is_completed() and state.name == runs.WITH_QUARANTINES
    assert state.message.startswith("quarantined: 1 of 2 documents")
    assert state.result().documents_processed == 1 and out.is_file()
    assert flow_run_name(state).startswith("seeds, empty.txt -> report.xlsx, 20")
    assert flow_run_name(state).endswith(" UTC")

    clean = run_state(inputs=[str(seeds_dir)], out=str(out))
    assert clean.is_completed() and clean.name == "Completed" and not clean.message


def _hold(out: Path, seconds: float, held: threading.Event) -> None:
    """Be another run writing `out` for `seconds`."""
    name = runs.output_limit(out)
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, limit=1)
    with concurrency(name, occupy=1, strict=True):
        held.set()
        time.sleep(seconds)


def test_a_second_run_on_the_same_workbook_waits_for_the_first(
    tmp_path: Path, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """While another run holds the workbook's slot, a run waits, then runs once the slot is free."""
    out = tmp_path / "report.xlsx"
    held = threading.Event()
    other = threading.Thread(target=_hold, args=(out, 4.0, held))
    other.start()
    assert held.wait(30)
    began = time.monotonic()
    state = run_state(inputs=[str(seeds_dir)], out=str(out))
    other.join()
    assert state.is_completed() and out.is_file()
    assert time.monotonic() - began >= 2.0  # it waited for the other run's slot
    assert f"another run is writing {out}" in caplog.text


def test_a_run_gives_up_on_a_workbook_another_run_keeps(
    good: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past REGIONAL_REPORT_OUTPUT_WAIT_SECONDS the run fails saying why, having touched nothing."""
    monkeypatch.setenv("REGIONAL_REPORT_OUTPUT_WAIT_SECONDS", "2")
    held = threading.Event()
    other = threading.Thread(target=_hold, args=(good, 8.0, held))
    other.start()
    assert held.wait(30)
    state = run_state(inputs=[str(seeds_dir)], out=str(good))
    other.join()
    assert state.is_failed() and state.message.startswith(
        f"another run kept writing {good} for more than 2 s"
    )
    assert good.read_bytes() == GOOD


def test_the_workbook_write_is_tried_again_after_a_passing_error(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk twice, then room: the write succeeds on its third try (after the backoff's delays); a
    permission error is not tried again."""
    monkeypatch.setattr(flows.tasks, "RETRY_DELAYS", (0.1, 0.2, 0.4))
    real = regional_report.pipeline.render_report
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(regional_report.pipeline, "render_report", flaky)
    out = tmp_path / "report.xlsx"
    state = run_state(inputs=[str(seeds_dir)], out=str(out))
    assert state.is_completed() and out.is_file() and len(calls) == 3

    calls.clear()

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(regional_report.pipeline, "render_report", forbidden)
    assert run_state(inputs=[str(seeds_dir)], out=str(out)).is_failed() and len(calls) == 1


def test_a_write_that_hangs_is_stopped_by_the_stage_timeout(
    good: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook write that never returns fails the run after REGIONAL_REPORT_STAGE_TIMEOUT_SECONDS."""
    monkeypatch.setenv("REGIONAL_REPORT_STAGE_TIMEOUT_SECONDS", "3")

    def hangs(*args: Any, **kwargs: Any) -> Any:
        time.sleep(120)

    monkeypatch.setattr(regional_report.pipeline, "render_report", hangs)
    began = time.monotonic()
    state = run_state(inputs=[str(seeds_dir)], out=str(good))
    assert state.is_failed() and time.monotonic() - began < 60
    assert good.read_bytes() == GOOD
