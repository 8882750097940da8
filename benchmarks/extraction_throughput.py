"""Extraction throughput of our extractor and of quantulum3 on the same texts, in one run.

Run: uv run --with quantulum3 python benchmarks/extraction_throughput.py [--docs 200] [--seed 7]
     uv run --with quantulum3 python benchmarks/extraction_throughput.py --source ../shared/corpus/en
Prints MB/s and documents/s for each and the ratio. quantulum3 is optional: without it only our
extractor is measured. Both run in this one process, on one core; the ratio is one core against one core.
The resampled corpus repeats sentences across documents, and the extractor keeps a few results per
sentence text (cue and year mentions, `context.py`), so it reads a resample about 20 % faster than real
text; `--source` measures real documents as they are (the 60 of ../shared/corpus/en: no such repeats).
Our extractor is also measured as the pipeline runs large batches, on a pool of `parallel.WORKERS`
processes (`regional_report.parallel.extract_many`, the pool started before the clock): that row shows
what both cores buy, and its ratio is printed apart.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from make_corpus import make_corpus

from regional_report.extract import parallel
from regional_report.extract.engine import extract_figures
from regional_report.read import read_documents


def measure(name: str, texts: list[str], fn) -> float:  # type: ignore[no-untyped-def]
    fn(texts[0])  # warm up (quantulum3 loads its tables on first use)
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return report(name, texts, time.perf_counter() - start)


def report(name: str, texts: list[str], elapsed: float) -> float:
    """Print one row of throughput (MB/s, documents/s) for `texts` done in `elapsed` seconds; return it."""
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(
        f"{name:14} {len(texts):6} docs {mb:7.2f} MB {elapsed:8.2f} s {mb / elapsed:8.3f} MB/s "
        f"{len(texts) / elapsed:9.1f} docs/s"
    )
    return elapsed


def measure_pool(texts: list[str]) -> float | None:
    """Seconds for our extractor over `texts` on the pipeline's process pool (None on a one-core machine)."""
    if len(texts) < parallel.POOL_MIN_DOCUMENTS or (os.cpu_count() or 1) < 2:
        print(f"pool not measured: it needs {parallel.POOL_MIN_DOCUMENTS}+ documents and 2+ cores")
        return None
    jobs = [(t, None) for t in texts]
    parallel.extract_many(extract_figures, jobs[: parallel.POOL_MIN_DOCUMENTS])  # start the workers
    start = time.perf_counter()
    parallel.extract_many(extract_figures, jobs)
    return report(f"ours, {parallel.WORKERS} procs", texts, time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--source",
        type=Path,
        help="measure these documents as they are (e.g. ../shared/corpus/en), not a resample",
    )
    args = parser.parse_args()
    if args.source:
        texts = [o.document.text for o in read_documents([args.source], max_bytes=10**8) if o.document]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            paths = make_corpus(args.docs, Path(tmp), seed=args.seed)
            texts = [o.document.text for o in read_documents(paths, max_bytes=10**8) if o.document]
    ours = measure("regional-report", texts, extract_figures)
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
