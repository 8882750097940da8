"""Extraction over both cores: a process pool for batches large enough to pay for it.

The extractor is pure Python, so threads share one core (the GIL). A batch of at least
`POOL_MIN_DOCUMENTS` documents is extracted in chunks by a pool of `WORKERS` processes; smaller batches
(tests, small runs) are extracted in the calling thread, as before. The pool is started on first use, once
per process, and shared by every task of the process (threads submit to it side by side); its workers are
started with "spawn", never forked from a process that runs Prefect's threads, and import only the extractor
(and, as spawn does, the main module: a script that calls the flow needs `if __name__ == "__main__":`).
A pool whose worker dies is dropped and the batch extracted here instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Final

from regional_report.model import Figure

__all__ = ["CHUNK_DOCUMENTS", "POOL_MIN_DOCUMENTS", "WORKERS", "extract_many"]

WORKERS: Final = 2
"""Worker processes: the cores of the machine the targets are set on."""
POOL_MIN_DOCUMENTS: Final = 128
"""Smaller batches are extracted in the calling thread: starting and feeding the pool would cost more."""
CHUNK_DOCUMENTS: Final = 16
"""Documents sent to a worker at a time."""

Extractor = Callable[[str, date | None], list[Figure]]

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def extract_many(
    extract: Extractor, texts: Sequence[tuple[str, date | None]], *, workers: int = WORKERS
) -> list[list[Figure]]:
    """`[extract(text, day) for text, day in texts]`, on a process pool when there are enough of them.

    `extract` must be picklable (a module-level function, or a `functools.partial` of one).
    """
    if len(texts) < POOL_MIN_DOCUMENTS or workers < 2 or (os.cpu_count() or 1) < 2:
        return [extract(text, day) for text, day in texts]
    pool = _shared_pool(workers)
    try:
        return list(pool.map(extract, *zip(*texts, strict=True), chunksize=CHUNK_DOCUMENTS))
    except BrokenProcessPool:  # a worker died (killed, or a main module that runs a flow on import)
        _drop_pool(pool)
        return [extract(text, day) for text, day in texts]


def _shared_pool(workers: int) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _drop_pool(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
