"""Extraction throughput of our extractor and of quantulum3 on the same texts, in one run.

Run: uv run --with quantulum3 python benchmarks/extraction_throughput.py [--docs 200] [--seed 7]
     uv run --with quantulum3 python benchmarks/extraction_throughput.py --source ../shared/corpus/en
Prints MB/s and documents/s for each and the ratio. quantulum3 is optional: without it only our
extractor is measured. Both run in this one process, on one core; the ratio is one core against one core.

Our extractor is measured on a cold first pass: before each document every bounded per-input cache of
the extract stage (the `functools.lru_cache`s that keep results per sentence text, e.g. cue and year
mentions) is cleared, outside the clock, so no document is read faster because a sentence was seen
before. The unbounded caches that load tables once per process stay; so does the lexeme table (one
entry per distinct token with its spaces, a vocabulary rather than a result). `--repeat N` makes N such
passes and prints the median and the best by the wall clock, and the median by the process's CPU time
(what one core spent, whatever else shares the machine). The warm row (caches kept across documents, as
a long pipeline run keeps them) is printed apart: on a resample, which repeats sentences across
documents, it is the faster one; on real documents (`--source`) the two are close.
`--grammar-only` adds a cold pass with `describe` (the metric, subject, scope, year, status, period and
rate read after the grammar finds a figure) stubbed: the grammar's own share of the time (pure-Python
modules only: the compiled engine calls `describe` directly).
The first line says whether the extract stage runs compiled (`make compile`, mypyc) or as pure Python.
Our extractor is also measured as the pipeline runs large batches, on a pool of `parallel.WORKERS`
processes (`regional_report.parallel.extract_many`, the pool started before the clock): that row shows
what both cores buy, and its ratio is printed apart.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_corpus import make_corpus

import regional_report.extract
from regional_report.extract import engine, parallel
from regional_report.extract.context import Description
from regional_report.extract.engine import extract_figures
from regional_report.read import read_documents


def measure(name: str, texts: list[str], fn, repeat: int = 1) -> float:  # type: ignore[no-untyped-def]
    """`fn` over `texts`, after one warm-up call (quantulum3 loads its tables on first use); median of passes."""
    fn(texts[0])
    passes = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        passes.append((time.perf_counter() - wall, time.process_time() - cpu))
    return report(name, texts, passes)


def per_input_caches() -> list[Callable[[], None]]:
    """The `cache_clear` of every bounded `lru_cache` in the extract stage's modules (per-input results)."""
    clears = []
    for info in pkgutil.iter_modules(regional_report.extract.__path__, "regional_report.extract."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if callable(params) and params().get("maxsize") is not None:
                clears.append(value.cache_clear)
    return clears


def measure_cold(name: str, texts: list[str], repeat: int) -> float:
    """Our extractor on each document with the per-input caches cleared before it; the median of passes."""
    clears = per_input_caches()
    extract_figures(texts[0])  # import-time work and the tables loaded once per process
    passes = []
    for _ in range(repeat):
        wall = cpu = 0.0
        for t in texts:
            for clear in clears:
                clear()
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            extract_figures(t)
            wall += time.perf_counter() - wall_start
            cpu += time.process_time() - cpu_start
        passes.append((wall, cpu))
    print(f"cold pass: {len(clears)} per-input caches cleared before each document; median of {repeat}")
    return report(name, texts, passes)


def compiled() -> bool:
    """Whether the extract stage runs as the extension modules of `make compile`."""
    return not engine.__file__ or not engine.__file__.endswith(".py")


def measure_grammar_only(texts: list[str], repeat: int) -> float | None:
    """The cold pass with `describe` (the metric, subject, scope, year, status, period and rate read
    after the grammar finds a figure) replaced by a constant: the grammar's own share of the time."""
    if compiled():
        print(
            "grammar alone not measured: the compiled engine calls describe directly"
            " (make clean-compiled, or COMPILE=0 make ...)"
        )
        return None
    real = engine.describe
    engine.describe = lambda *args, **kwargs: Description(None, "", None)  # type: ignore[assignment]
    try:
        return measure_cold("grammar alone", texts, repeat)
    finally:
        engine.describe = real


def report(name: str, texts: list[str], passes: list[tuple[float, float]]) -> float:
    """Print one row of throughput for `texts` done in `passes` (wall and CPU seconds each); return the
    median wall seconds.

    The row gives the median pass by the wall clock (MB/s, documents/s), the best pass, and the median by
    the process's CPU time: on a machine other work shares, the CPU time is what one core spent.
    """
    mb = sum(len(t.encode()) for t in texts) / 1e6
    walls, cpus = [w for w, _ in passes], [c for _, c in passes]
    elapsed, cpu = statistics.median(walls), statistics.median(cpus)
    fastest = f", best {mb / min(walls):.3f}" if len(passes) > 1 else ""
    print(
        f"{name:14} {len(texts):6} docs {mb:7.2f} MB {elapsed:8.2f} s {mb / elapsed:8.3f} MB/s "
        f"{len(texts) / elapsed:9.1f} docs/s (wall{fastest}; CPU {mb / cpu:.3f} MB/s)"
    )
    return elapsed


def measure_pool(texts: list[str]) -> float | None:
    """Seconds for our extractor over `texts` on the pipeline's process pool (None on a one-core machine)."""
    if len(texts) < parallel.POOL_MIN_DOCUMENTS or (os.cpu_count() or 1) < 2:
        print(f"pool not measured: it needs {parallel.POOL_MIN_DOCUMENTS}+ documents and 2+ cores")
        return None
    jobs = [(t, None) for t in texts]
    with parallel.extraction_pool():  # one pool for both calls, as a flow run has
        parallel.extract_many(extract_figures, jobs[: parallel.POOL_MIN_DOCUMENTS])  # start the workers
        start, cpu = time.perf_counter(), time.process_time()
        parallel.extract_many(extract_figures, jobs)
        elapsed = (time.perf_counter() - start, time.process_time() - cpu)  # CPU: the parent's alone
    return report(f"ours, {parallel.WORKERS} procs", texts, [elapsed])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--source",
        type=Path,
        help="measure these documents as they are (e.g. ../shared/corpus/en), not a resample",
    )
    parser.add_argument("--repeat", type=int, default=5, help="cold passes of ours; the median is printed")
    parser.add_argument(
        "--grammar-only",
        action="store_true",
        help="also time ours with what is read after the grammar (metric, scope, year, status...) stubbed",
    )
    args = parser.parse_args()
    if args.source:
        texts = [o.document.text for o in read_documents([args.source], max_bytes=10**8) if o.document]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            paths = make_corpus(args.docs, Path(tmp), seed=args.seed)
            texts = [o.document.text for o in read_documents(paths, max_bytes=10**8) if o.document]
    print(f"extract stage: {'compiled by mypyc (as make installs it)' if compiled() else 'pure Python'}")
    ours = measure_cold("regional-report", texts, max(1, args.repeat))
    if args.grammar_only:
        measure_grammar_only(texts, max(1, args.repeat))
    measure("ours, warm", texts, extract_figures, max(1, args.repeat))
    pooled = measure_pool(texts)
    try:
        from quantulum3 import parser as q3
    except ImportError:
        print("quantulum3 not installed: run with `uv run --with quantulum3 ...` for the ratio")
        return
    theirs = measure("quantulum3", texts, q3.parse)
    print(f"ratio: regional-report is {theirs / ours:.1f}x quantulum3's throughput (one core each)")
    if pooled is not None:
        print(
            f"ratio: regional-report on {parallel.WORKERS} processes is {theirs / pooled:.1f}x quantulum3's"
        )


if __name__ == "__main__":
    main()
