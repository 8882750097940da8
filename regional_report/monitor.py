"""What a run tells the people watching it: progress lines while it extracts, a per-region table at the end."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final

import polars as pl

__all__ = ["NO_REGION", "STAGES", "Progress", "StageClock", "region_rows"]

NO_REGION: Final = "(no region)"
"""The region row for documents and issues with no region."""
STAGES: Final = ("read", "extract", "validate", "normalize", "analyse", "report")
"""The stages a run's time is reported in, in flow order."""


@dataclass(slots=True)
class Progress:
    """The extraction's progress over `batches` batches holding `documents` documents.

    `update` is called once per finished batch, in the order they finish. It returns a log line for at
    most about `lines` of them (every batch when there are fewer), always for the last one, so a run
    over 100,000 documents logs as many lines as a run over 1,000.
    """

    batches: int
    documents: int
    lines: int = 20
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    done_documents: int = 0
    started: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def update(self, documents: int) -> str | None:
        """Count a finished batch of `documents`; the line to log, or None when this batch is not one to report."""
        self.done += 1
        self.done_documents += documents
        step = self.done * self.lines // max(self.batches, 1)
        previous = (self.done - 1) * self.lines // max(self.batches, 1)
        if self.done < self.batches and step == previous:
            return None
        return self.line()

    def line(self) -> str:
        """e.g. "batch 4 of 16 done: 256 of 1,000 documents (26%), 180 documents/s, ~4 s left"."""
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done_documents / elapsed
        share = self.done_documents / self.documents if self.documents else 1.0
        text = (
            f"batch {self.done:,} of {self.batches:,} done: {self.done_documents:,} of {self.documents:,}"
            f" documents ({share:.0%}), {rate:,.0f} documents/s"
        )
        if self.done >= self.batches:
            return f"{text}, {_duration(elapsed)} in all"
        left = (self.documents - self.done_documents) / rate if rate else 0.0
        return f"{text}, ~{_duration(left)} left" if left >= 1 else text  # no ETA for the last second


class StageClock:
    """Wall seconds spent in each stage's plain functions, per flow run, as measured inside its tasks.

    Tasks of one stage may overlap (extraction batches on a thread pool): a stage's time is the length of
    the union of its intervals, so two batches running side by side count once. What a run spends outside
    every interval is the orchestrator's (Prefect's) overhead. Thread-safe; intervals measured in another
    process (a Dask worker) are not seen here.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._runs: dict[str, dict[str, list[tuple[float, float]]]] = {}

    @contextmanager
    def timed(self, run: str, stage: str) -> Iterator[None]:
        """Count the time spent in the `with` block towards `stage` of run `run`."""
        start = self._clock()
        try:
            yield
        finally:
            end = self._clock()
            with self._lock:
                self._runs.setdefault(run, {}).setdefault(stage, []).append((start, end))

    def pop(self, run: str) -> dict[str, float]:
        """The run's seconds per stage (`STAGES` order, then any other), forgetting the run."""
        with self._lock:
            stages = self._runs.pop(run, {})
        order = [s for s in STAGES if s in stages] + sorted(set(stages) - set(STAGES))
        return {s: _union(stages[s]) for s in order}


def _union(intervals: list[tuple[float, float]]) -> float:
    """The total length covered by `intervals`, overlaps counted once."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _duration(seconds: float) -> str:
    """0.04 s, 1.2 s, 45 s, 3 min 20 s, 2 h 5 min."""
    if seconds < 1:
        return f"{seconds:.2f} s"
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


def region_rows(facts: pl.DataFrame, sources: pl.DataFrame, issues: pl.DataFrame) -> list[dict[str, object]]:
    """One row per region: documents processed, valid figures, issues; regionless ones last as NO_REGION.

    `facts` are FigureFrame rows, `sources` SourceFrame rows and `issues` IssueFrame rows. An issue is
    counted under its own `region` when the frame has one, else under the region of its document.
    """
    file_region = sources.select(pl.col("file").alias("doc"), pl.col("region").alias("doc_region")).unique(
        "doc", keep="first", maintain_order=True
    )
    issue_region = issues.join(file_region, on="doc", how="left", maintain_order="left")
    region = (
        pl.coalesce("region", "doc_region") if "region" in issues.columns else pl.col("doc_region")
    ).fill_null(NO_REGION)
    counts = [
        sources.filter(pl.col("status") == "processed")
        .group_by(pl.col("region").fill_null(NO_REGION))
        .agg(pl.len().alias("Documents")),
        facts.group_by(pl.col("region").fill_null(NO_REGION)).agg(pl.len().alias("Figures")),
        issue_region.group_by(region.alias("region")).agg(pl.len().alias("Issues")),
    ]
    regions = pl.concat([c.select("region") for c in counts]).unique()
    table = regions
    for c in counts:
        table = table.join(c, on="region", how="left")
    table = table.with_columns(pl.col("Documents", "Figures", "Issues").fill_null(0)).sort(
        [pl.col("region") == NO_REGION, "region"]
    )
    return [
        {"Region": r["region"], "Documents": r["Documents"], "Figures": r["Figures"], "Issues": r["Issues"]}
        for r in table.iter_rows(named=True)
    ]
