"""Figures extracted by earlier runs, kept on disk: one JSON file per document and extractor version.

A re-run reads the figures of every unchanged document from here and extracts only new or changed ones.
An entry is keyed on the document's sha256 (of its bytes) and the extractor version, so a new
`EXTRACTOR_VERSION` never reuses figures of an older grammar. It also records a hash of the text the
figures were found in and the meeting date they were read with: if the reader decodes the same bytes
differently, the entry is stale and the document is extracted again.

Entries are written atomically (a temporary file in the same folder, then a rename), without fsync: an
entry is only a shortcut, so one torn by a power cut is found unreadable and recomputed (an fsync per
entry cost 0.4 ms, 4 s of a 10,000-document run). An entry that cannot be read, or does not hold what its
key says, is reported and recomputed: the cache can make a run faster, never fail it. Prefect's own task caching is not used: its default policy does not cross flow
runs, and its result files are written in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

from pydantic import TypeAdapter, ValidationError

from regional_report.model import Document, Figure

__all__ = ["FORMAT", "BatchFigures", "CacheEntryError", "FigureCache", "extract_batch"]

FORMAT: Final = 1
"""The layout of an entry; entries of another layout are recomputed."""

_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_FIGURES: Final = TypeAdapter(list[Figure])

Extractor = Callable[[str, date | None], list[Figure]]


class CacheEntryError(Exception):
    """An entry exists but cannot be used: unreadable, not JSON, or not what its key says."""


@dataclass(frozen=True, slots=True)
class BatchFigures:
    """The figures of one batch of documents, by document sha256, and where they came from."""

    figures: dict[str, list[Figure]]
    cached: int = 0
    """Documents whose figures were read from the cache."""
    extracted: int = 0
    """Documents run through the extractor (new, changed, stale or corrupt entries, or no cache)."""
    seconds: float = 0.0
    problems: tuple[str, ...] = field(default=())
    """One message per entry that could not be read or written; the run goes on without it."""

    @property
    def documents(self) -> int:
        """Documents in the batch."""
        return self.cached + self.extracted


class FigureCache:
    """Entries under `directory/extractor-<version>/<sha256>.json`.

    Several processes may share the folder (threads, Dask workers on one file system): each write
    replaces its entry whole, so a reader sees the old entry, the new one, or none.
    """

    def __init__(self, directory: Path, version: str) -> None:
        self.directory = Path(directory)
        self.version = version
        self.folder = self.directory / f"extractor-{re.sub(r'[^0-9A-Za-z._-]', '_', version)}"
        self._prefix = f"{self.folder}{os.sep}"

    def entry(self, sha256: str) -> Path:
        """The file that holds the figures of the document with this sha256."""
        return Path(self._path(sha256))

    def _path(self, sha256: str) -> str:
        """`entry` as a string: loading builds no Path (20 us an entry, 0.2 s for 10,000)."""
        return f"{self._prefix}{sha256}.json"

    def load(self, document: Document) -> list[Figure] | None:
        """The document's cached figures; None when there is no entry, or it was made from other text.

        Raises:
            CacheEntryError: the entry exists but cannot be read or is malformed.
        """
        if not _SHA256.fullmatch(document.sha256):
            return None
        path = self._path(document.sha256)
        try:
            with open(path, "rb") as entry:  # noqa: PTH123 - a str path, see `_path`
                raw = entry.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CacheEntryError(f"{path}: cannot be read: {error}") from error
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CacheEntryError(f"{path}: not JSON: {error}") from error
        if not isinstance(record, dict):
            raise CacheEntryError(f"{path}: not a cache entry")
        expected = {"format": FORMAT, "extractor_version": self.version, "sha256": document.sha256}
        for name, value in expected.items():
            if record.get(name) != value:
                raise CacheEntryError(f"{path}: {name} is {record.get(name)!r}, expected {value!r}")
        if record.get("text_sha256") != _text_sha256(document) or record.get("meeting_date") != _iso(
            document.meeting_date
        ):
            return None  # the same bytes were read into other text: extract again
        try:
            return _FIGURES.validate_python(record.get("figures"))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise CacheEntryError(f"{path}: figures are malformed ({where}: {first['msg']})") from error

    def store(self, document: Document, figures: Sequence[Figure]) -> None:
        """Write the document's entry atomically; nothing happens for a document without a sha256.

        Raises:
            OSError: the entry could not be written (the previous entry, if any, is left whole).
        """
        if not _SHA256.fullmatch(document.sha256):
            return
        record = {
            "format": FORMAT,
            "extractor_version": self.version,
            "sha256": document.sha256,
            "text_sha256": _text_sha256(document),
            "meeting_date": _iso(document.meeting_date),
            "figures": [asdict(f) for f in figures],
        }
        data = json.dumps(record, separators=(",", ":")).encode("ascii")  # \u escapes survive lone surrogates
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.entry(document.sha256)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{document.sha256[:16]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def extract_batch(
    documents: Sequence[Document],
    extract: Extractor,
    cache: FigureCache | None,
    extract_many: Callable[[Extractor, Sequence[tuple[str, date | None]]], list[list[Figure]]] | None = None,
) -> BatchFigures:
    """The figures of each document: from `cache` when it holds them, otherwise from `extract` (then cached).

    An entry that cannot be read, or cannot be written, becomes a message in `problems`; the document's
    figures are extracted as if there were no cache. `extract_many(extract, [(text, meeting date), ...])`
    runs the extractor over the documents the cache does not hold (default: one after the other here;
    `parallel.extract_many` for a process pool).
    """
    extract_many = extract_many or _one_by_one
    started = time.perf_counter()
    figures: dict[str, list[Figure]] = {}
    problems: list[str] = []
    missing: list[Document] = []
    for document in documents:
        found: list[Figure] | None = None
        if cache is not None:
            try:
                found = cache.load(document)
            except CacheEntryError as error:
                problems.append(f"{document.name}: cache entry recomputed: {error}")
        if found is not None:
            figures[document.sha256] = found
        else:
            missing.append(document)
    cached = len(documents) - len(missing)
    found_now = extract_many(extract, [(d.text, d.meeting_date) for d in missing])
    for document, found_figures in zip(missing, found_now, strict=True):
        figures[document.sha256] = found_figures
        if cache is not None:
            try:
                cache.store(document, found_figures)
            except OSError as error:
                problems.append(f"{document.name}: cache entry not written: {error}")
    figures = {d.sha256: figures[d.sha256] for d in documents}  # in batch order, as before
    return BatchFigures(
        figures=figures,
        cached=cached,
        extracted=len(documents) - cached,
        seconds=time.perf_counter() - started,
        problems=tuple(problems),
    )


def _one_by_one(extract: Extractor, texts: Sequence[tuple[str, date | None]]) -> list[list[Figure]]:
    return [extract(text, day) for text, day in texts]


def _text_sha256(document: Document) -> str:
    return hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
