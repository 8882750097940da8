"""Extraction over both cores: a process pool for batches large enough to pay for it.

The extractor is pure Python, so threads share one core (the GIL). A batch of at least
`POOL_MIN_DOCUMENTS` documents is extracted in chunks by a pool of `WORKERS` processes; smaller batches
(tests, small runs) are extracted in the calling thread. Workers are started with "spawn", never forked from
a process that runs Prefect's threads, and import only the extractor (and, as spawn does, the main module: a
script that calls the flow needs `if __name__ == "__main__":`). A pool whose worker dies is dropped and the
batch extracted here instead.

The pool never outlives its run. Inside `extraction_pool()` (a flow run wraps its extraction in it) one pool,
started on first need, serves every batch, from any thread; it is shut down when the block ends, its workers
joined, or killed after `STOP_SECONDS` (at once when the pool timed out). Outside such a block, each call that needs a pool starts one and
shuts it down before returning. (A pool left running kept each served flow run's process alive for ever:
multiprocessing joins a process's children before it lets the process exit.)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Final

from regional_report.model import Figure

__all__ = [
    "CHUNK_DOCUMENTS",
    "POOL_MIN_DOCUMENTS",
    "STOP_SECONDS",
    "WORKERS",
    "extract_many",
    "extraction_pool",
]

WORKERS: Final = 2
"""Worker processes: the cores of the machine the targets are set on."""
POOL_MIN_DOCUMENTS: Final = 128
"""Smaller batches are extracted in the calling thread: starting and feeding the pool would cost more."""
CHUNK_DOCUMENTS: Final = 16
"""Documents sent to a worker at a time."""
STOP_SECONDS: Final = 10.0
"""How long a stopping pool's workers get to exit before they are killed."""

Extractor = Callable[[str, date | None], list[Figure]]


class _Shared:
    """The pool of the open `extraction_pool()` blocks: how many are open, and the pool once started."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.scopes = 0
        self.pool: ProcessPoolExecutor | None = None


_shared = _Shared()


@contextlib.contextmanager
def extraction_pool() -> Iterator[None]:
    """Share one process pool between the extractions inside the block; shut it down when the block ends.

    Blocks may nest and may be open in several threads at once: the pool stops when the last one ends.
    """
    with _shared.lock:
        _shared.scopes += 1
    try:
        yield
    finally:
        with _shared.lock:
            _shared.scopes -= 1
            pool = _shared.pool if _shared.scopes == 0 else None
            if pool is not None:
                _shared.pool = None
        if pool is not None:
            _stop(pool)


def extract_many(
    extract: Extractor,
    texts: Sequence[tuple[str, date | None]],
    *,
    workers: int = WORKERS,
    timeout: float | None = None,
) -> list[list[Figure]]:
    """`[extract(text, day) for text, day in texts]`, on a process pool when there are enough of them.

    `extract` must be picklable (a module-level function, or a `functools.partial` of one). With `timeout`,
    a pool that has not returned every result after that many seconds raises TimeoutError (and is stopped).
    """
    if len(texts) < POOL_MIN_DOCUMENTS or workers < 2 or (os.cpu_count() or 1) < 2:
        return [extract(text, day) for text, day in texts]
    with _pool(workers) as pool:
        try:
            return list(
                pool.map(extract, *zip(*texts, strict=True), chunksize=CHUNK_DOCUMENTS, timeout=timeout)
            )
        except BrokenProcessPool:  # a worker died (killed, or a main module that runs a flow on import)
            _drop(pool)
            return [extract(text, day) for text, day in texts]
        except TimeoutError:
            _drop(pool, grace=0.0)  # its workers are stuck: no use waiting for them
            raise


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """The open block's pool (started now if need be), or else a pool for this call alone."""
    with _shared.lock:
        if _shared.scopes:
            if _shared.pool is None:
                _shared.pool = _start(workers)
            pool, own = _shared.pool, False
        else:
            pool, own = _start(workers), True
    try:
        yield pool
    finally:
        if own:
            _stop(pool)


def _start(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def _drop(pool: ProcessPoolExecutor, grace: float = STOP_SECONDS) -> None:
    """Stop a pool that failed; the open block starts a new one when it needs one."""
    with _shared.lock:
        if _shared.pool is pool:
            _shared.pool = None
    _stop(pool, grace)


def _stop(pool: ProcessPoolExecutor, grace: float = STOP_SECONDS) -> None:
    """Shut the pool down and wait for its workers: those still busy after `grace` seconds are killed."""
    workers = list((pool._processes or {}).values())  # the executor forgets them on shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.join(grace)
        if worker.is_alive():
            worker.kill()
            worker.join(STOP_SECONDS)
    pool.shutdown(wait=True)  # joins the executor's management thread
