"""Documents into extraction batches, and the batches' figures back into one mapping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from regional_report.model import Document, Figure, Outcome, processed


def batches(outcomes: Sequence[Outcome], size: int, max_batches: int | None = None) -> list[list[Document]]:
    """The processed documents, in input order, in batches of at most `size` (one extraction task each).

    With `max_batches`, batches grow past `size` so that there are no more than that many: each Prefect
    task costs tens of milliseconds, and a large batch is extracted on both cores (`parallel`).
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    documents = [o.document for o in processed(outcomes) if o.document is not None]
    if max_batches is not None and max_batches >= 1:
        size = max(size, -(-len(documents) // max_batches))
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def merge_figures(results: Iterable[Mapping[str, list[Figure]]]) -> dict[str, list[Figure]]:
    """One mapping of document sha256 to figures from the extraction batches' results."""
    merged: dict[str, list[Figure]] = {}
    for result in results:
        merged.update(result)
    return merged
