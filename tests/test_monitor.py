"""What a run tells its watchers: bounded progress lines, and the per-region table artifact's rows."""

from __future__ import annotations

from datetime import date

import polars as pl

from regional_report.monitor import NO_REGION, Progress, StageClock, region_rows


class Clock:
    """A clock that advances one second per reading."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_progress_logs_every_batch_of_a_small_run() -> None:
    """It reports each of a few batches, with documents done, share, rate and time left."""
    progress = Progress(batches=3, documents=150, clock=Clock())
    lines = [progress.update(64), progress.update(64), progress.update(22)]
    assert lines[0] == "batch 1 of 3 done: 64 of 150 documents (43%), 64 documents/s, ~1.3 s left"
    assert lines[1] == "batch 2 of 3 done: 128 of 150 documents (85%), 64 documents/s"
    assert lines[2] is not None and lines[2].startswith("batch 3 of 3 done: 150 of 150 documents (100%)")
    assert lines[2].endswith("in all")


def test_progress_lines_are_bounded_whatever_the_corpus_size() -> None:
    """It logs at most about twenty lines for 1,563 batches, and always the last one."""
    progress = Progress(batches=1563, documents=100_000, clock=Clock())
    lines = [progress.update(64) for _ in range(1563)]
    logged = [line for line in lines if line]
    assert 19 <= len(logged) <= 21
    assert lines[-1] is not None and lines[-1].startswith("batch 1,563 of 1,563 done")


def test_region_rows_count_documents_figures_and_issues() -> None:
    """It counts per region; issues without a region fall back to their document's, then to NO_REGION."""
    sources = pl.DataFrame(
        {
            "file": ["a.txt", "b.txt", "c.txt", "empty.txt"],
            "region": ["Smolensk Region", "Tver Region", "Smolensk Region", None],
            "status": ["processed", "processed", "processed", "quarantined"],
        }
    )
    facts = pl.DataFrame(
        {"region": ["Smolensk Region"] * 3 + ["Tver Region"], "meeting_date": [date(2025, 9, 10)] * 4}
    )
    issues = pl.DataFrame(
        {
            "doc": ["empty.txt", "b.txt", "a.txt"],
            "region": [None, None, "Smolensk Region"],
            "check": ["quarantine", "in_range", "isin"],
        }
    )
    expected = [
        {"Region": "Smolensk Region", "Documents": 2, "Figures": 3, "Issues": 1},
        {"Region": "Tver Region", "Documents": 1, "Figures": 1, "Issues": 1},
        {"Region": NO_REGION, "Documents": 0, "Figures": 0, "Issues": 1},
    ]
    assert region_rows(facts, sources, issues) == expected
    assert region_rows(facts, sources, issues.drop("region")) == expected


def test_region_rows_of_an_empty_run() -> None:
    """It gives no rows when nothing was read."""
    empty = pl.DataFrame(schema={"file": pl.String, "region": pl.String, "status": pl.String})
    facts = pl.DataFrame(schema={"region": pl.String})
    issues = pl.DataFrame(schema={"doc": pl.String, "region": pl.String})
    assert region_rows(facts, empty, issues) == []


def test_stage_clock_counts_overlapping_intervals_once() -> None:
    """It adds up each stage's intervals per run, overlaps once, in flow order, and forgets a popped run."""
    ticks = iter([0.0, 2.0, 1.0, 3.0, 5.0, 6.0, 10.0, 11.0])
    clock = StageClock(clock=lambda: next(ticks))
    with clock.timed("run", "extract"):  # 0 .. 2
        pass
    with clock.timed("run", "extract"):  # 1 .. 3: overlaps the first
        pass
    with clock.timed("run", "read"):  # 5 .. 6
        pass
    with clock.timed("other", "report"):  # 10 .. 11
        pass
    assert clock.pop("run") == {"read": 1.0, "extract": 3.0}
    assert clock.pop("run") == {}
    assert clock.pop("other") == {"report": 1.0}
