"""The pipeline's definition run without Prefect (`regional_report.pipeline.Direct`): batches, notes, timing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from regional_report import pipeline
from regional_report.model import Document
from regional_report.settings import get_settings


def documents(names: str) -> list[Document]:
    return [Document(path=f"in/{c}.txt", name=f"{c}.txt", sha256=c * 64, text="...") for c in names]


def test_batches_hold_the_documents_in_order() -> None:
    """It cuts the documents into batches of at most `size`, in order."""
    batches = pipeline.batches(documents("abcde"), 2)
    assert [[d.name for d in b] for b in batches] == [["a.txt", "b.txt"], ["c.txt", "d.txt"], ["e.txt"]]
    with pytest.raises(ValueError, match="at least 1"):
        pipeline.batches(documents("abcde"), 0)


def test_batches_grow_to_stay_under_max_batches() -> None:
    """It makes batches larger than `size` rather than more than `max_batches` of them."""
    assert [len(b) for b in pipeline.batches(documents("abcde"), 1, max_batches=2)] == [3, 2]
    assert [len(b) for b in pipeline.batches(documents("abcde"), 2, max_batches=10)] == [2, 2, 1]


def test_direct_runner_calls_the_step_logs_its_notes_and_times_its_stage() -> None:
    """It returns the step function's result, logs what the step's notes say, and counts the time."""
    said: list[tuple[int, str]] = []
    runner = pipeline.Direct(log=lambda level, message: said.append((level, message)))
    step = pipeline.Step(
        "double", "extract", lambda x: 2 * x, notes=lambda r: [(logging.WARNING, f"got {r}")]
    )
    assert runner(step, 21) == 42
    assert said == [(logging.WARNING, "got 42")]
    assert list(runner.stage_seconds()) == ["extract"]
    assert runner.stage_seconds() == {}  # read once


def test_direct_runner_maps_in_order_with_progress_lines() -> None:
    """It runs a step over each item in turn and logs the progress the step reports."""
    said: list[str] = []

    def progress(items: object) -> Callable[[int], str]:
        done = iter(range(1, 100))
        return lambda result: f"{next(done)} done"

    runner = pipeline.Direct(log=lambda level, message: said.append(message))
    step = pipeline.Step("add", "extract", lambda x, y: x + y, progress=progress)
    assert runner.map(step, [1, 2, 3], 10) == [11, 12, 13]
    assert said == ["1 done", "2 done", "3 done"]


def test_run_writes_the_workbook_and_times_every_stage(seeds_dir: Path, tmp_path: Path) -> None:
    """It runs every stage over the seed, writes the workbook, and reports the seconds of each stage."""
    runner = pipeline.Direct()
    settings = get_settings(inputs=[seeds_dir], out=tmp_path / "report.xlsx", cache=False)
    done = pipeline.run(settings, runner, datetime(2026, 1, 1, tzinfo=UTC))
    assert done.workbook == tmp_path / "report.xlsx" and done.workbook.exists()
    assert (done.summary.documents_processed, done.summary.regions) == (1, 1)
    assert done.facts.height == done.summary.figures - done.summary.figures_quarantined > 0
    assert list(runner.stage_seconds()) == ["read", "extract", "validate", "normalize", "analyse", "report"]
