"""The report stage alone: `render_report` over the frames of N synthetic documents, timed per sheet.

Run: uv run python benchmarks/report_render.py --docs 10000
     uv run python benchmarks/report_render.py --docs 10000 --repeat 3 --profile /tmp/render.prof

The frames are built once per (N, seed) by the flow's pipeline run without Prefect (`regional_report.pipeline`
with its direct runner: read, bounded extraction on a process pool, tables, validation, frames), and
kept as Parquet in `--frames` (default: the system temp folder; `--rebuild` to build them again); later
runs load them in a second. Then
`render_report` writes the workbook `--repeat` times; each run prints the seconds of each stage of the
render (validation, each sheet's module function, the save) and the run's wall time, and the best run is
summarised. The process's peak RSS is printed at the end (getrusage: the frames are part of it, as in a
flow). `--profile FILE` writes a cProfile of the last run (read it with `python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from make_corpus import make_corpus

from regional_report import pipeline
from regional_report.extract.engine import EXTRACTOR_VERSION
from regional_report.report import RunInfo, lists, matrix, render, render_report
from regional_report.report import charts as chart_sheets
from regional_report.settings import get_settings

FRAMES = tuple(render.FRAME_MODELS)


def build_frames(n: int, seed: int, folder: Path) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """The validated frames `render_report` takes, for `make_corpus(n, seed=seed)`, as the flow builds them
    (`regional_report.pipeline`, run directly, its workbook written in `folder`)."""
    corpus = folder / "corpus"
    make_corpus(n, corpus, seed=seed)
    settings = get_settings(inputs=[corpus], out=folder / "workbook.xlsx", cache=False)
    report = pipeline.run(settings, pipeline.Direct())
    summary = report.summary
    counts = {
        "documents_read": summary.documents_read,
        "documents_processed": summary.documents_processed,
        "documents_quarantined": summary.documents_quarantined,
        "figures": summary.figures,
        "figures_quarantined": summary.figures_quarantined,
    }
    frames = {**report.sheets.sheets(), "issues": report.issues}
    return frames, counts


def load_frames(
    n: int, seed: int, store: Path, *, rebuild: bool = False
) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """The frames of `build_frames`, from Parquet in `store` when an earlier run kept them (unless `rebuild`).

    They are kept by (N, seed) only, not by extractor version: the renderer's input stays the same while
    the grammar changes, so runs before and after a renderer change compare like with like.
    """
    folder = store / f"regional-report-frames-{n}-seed{seed}"
    if (folder / "counts.parquet").exists() and not rebuild:
        counts = pl.read_parquet(folder / "counts.parquet").row(0, named=True)
        return {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAMES}, counts
    with tempfile.TemporaryDirectory(prefix="regional-report-corpus-") as tmp:
        started = time.perf_counter()
        frames, counts = build_frames(n, seed, Path(tmp))
        print(f"frames built in {time.perf_counter() - started:.1f} s", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.write_parquet(folder / f"{name}.parquet")
    pl.DataFrame([counts]).write_parquet(folder / "counts.parquet")
    return frames, counts


class Clock:
    """Wall seconds per named stage of one render."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed_fn(*args: Any, **kwargs: Any) -> Any:
            with self.timed(name):
                return fn(*args, **kwargs)

        return timed_fn


# (module, attribute, stage name): the functions `build_workbook` and `render_report` call, one per stage.
STAGES = (
    (render, "overview", "Overview"),
    (matrix, "comparison", "Comparison"),
    (chart_sheets, "figures_per_region", "Overview chart"),
    (matrix, "per_capita", "Per capita"),
    (lists, "rankings", "Rankings"),
    (lists, "history", "History"),
    (lists, "plans", "Plans"),
    (lists, "projects", "Projects"),
    (chart_sheets, "charts", "Charts"),
    (lists, "regions", "Regions"),
    (lists, "facts", "Facts"),
    (lists, "sources", "Sources"),
    (lists, "issues", "Issues"),
    (render, "write_workbook", "save (zip)"),
)


def render_once(frames: dict[str, pl.DataFrame], info: RunInfo, out: Path) -> dict[str, float]:
    """One `render_report`, with each stage's seconds ("validate" is the rest before the first sheet)."""
    clock = Clock()
    originals = [(module, attr, getattr(module, attr)) for module, attr, _ in STAGES]
    try:
        for module, attr, name in STAGES:
            setattr(module, attr, clock.wrap(name, getattr(module, attr)))
        started = time.perf_counter()
        render_report(out, info=info, **frames)
        total = time.perf_counter() - started
    finally:
        for module, attr, fn in originals:
            setattr(module, attr, fn)
    seconds = {"validate + counts": total - sum(clock.seconds.values()), **clock.seconds}
    seconds["total"] = total
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--frames", type=Path, default=Path(tempfile.gettempdir()), help="Parquet store")
    parser.add_argument("--rebuild", action="store_true", help="build the frames again, even if kept")
    parser.add_argument("--out", type=Path, default=None, help="the workbook (default: a temp file)")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of the last run here")
    args = parser.parse_args()

    frames, counts = load_frames(args.docs, args.seed, args.frames, rebuild=args.rebuild)
    print(f"{args.docs:,} documents: {frames['facts'].height:,} Facts rows, {frames['sources'].height:,} "
          f"Sources, {frames['rankings'].height:,} Rankings, {frames['issues'].height:,} Issues rows")  # fmt: skip
    info = RunInfo(
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
        inputs=("corpus",),
        extractor_version=EXTRACTOR_VERSION,
        batch_size=64,
        max_document_bytes=20_000_000,
        ranking_min_regions=3,
        max_charts=8,
        **counts,
    )
    runs = []
    with tempfile.TemporaryDirectory(prefix="regional-report-render-") as tmp:
        out = args.out or Path(tmp) / "report.xlsx"
        for k in range(args.repeat):
            profiler = cProfile.Profile() if args.profile and k == args.repeat - 1 else None
            if profiler:
                profiler.enable()
            seconds = render_once(frames, info, out)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            runs.append(seconds)
            print(f"run {k + 1}: " + ", ".join(f"{s} {v:.2f}" for s, v in seconds.items()), flush=True)
        size = out.stat().st_size / 1e6
    best = min(runs, key=lambda r: r["total"])
    print(f"best of {len(runs)}: {best['total']:.2f} s (Facts {best['Facts']:.2f} s), workbook {size:.1f} MB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
