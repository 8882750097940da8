"""The cache: what earlier runs read and extracted, kept on disk so that a re-run redoes only what changed.

One folder, `REGIONAL_REPORT_CACHE_DIR`, holds one folder per cache version:

    <cache_dir>/cache-<version>/
        figures/<segment>.parquet     the figures of documents, by their sha256 (any run, any inputs)
        files/<inputs hash>.parquet   the file index of one set of inputs (its MAX_INDEXES most recent)

- *Figures*, keyed by each document's sha256 (of its bytes): one row per document with its raw figure rows
  as a list (a document without figures is a row with none). Each extraction batch writes the figures it
  found as a segment of its own (threads and Dask workers never write the same file); when there are more
  than `MAX_SEGMENTS`, the next recall merges them into one. A document found here is not extracted
  again, by any run over any inputs, and its figures join the table as a frame.
- *File index*, per set of inputs (a hash of their absolute paths): each file's stamp (size, modification
  and change times, inode, device) and what reading it gave (`read.FileIndex`). A file whose stamp is
  unchanged is not read, decoded or hashed again; a file changed less than `read.SETTLE_NS` before it was
  read is not remembered.

One version covers both: what the reader makes of a file's bytes (the read stage's code, the region table,
charset-normalizer's and lxml's versions), what the extractor makes of a text (`EXTRACTOR_VERSION`), the
sentence-length limit, and this layout (`FORMAT`). A run of another version neither reads nor writes this
folder; the first write of a version removes the folders of other versions.

Everything here is a shortcut. A file that cannot be read (torn, truncated, of another layout) is reported,
removed and ignored: its files are read and its documents extracted again. One that cannot be written is
reported, and the run loses nothing but the shortcut. Files are written atomically (a temporary file in the
same folder, then a rename), so a reader sees a whole file or none. Prefect's own task caching is not used:
its default policy does not cross flow runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from time import time_ns
from typing import Final

import polars as pl

from regional_report.extract.engine import EXTRACTOR_VERSION, grammar_fingerprint
from regional_report.model import Document, Figure, Outcome
from regional_report.read import FileIndex, Stamp
from schemas import RawFigureFrame
from schemas.build import polars_schema

__all__ = [
    "FORMAT",
    "MAX_INDEXES",
    "MAX_SEGMENTS",
    "READER_FILES",
    "READER_VERSION",
    "Cache",
    "Recalled",
    "no_figures",
]

FORMAT: Final = 2
"""The layout of the cache's files; a new layout is a new version."""
MAX_INDEXES: Final = 8
"""Sets of inputs whose file index is kept; the least recently written beyond these are removed. An index
holds its documents' text (compressed), so ad hoc runs over many folders must not pile them up."""
MAX_SEGMENTS: Final = 8
"""Figure segments beyond which a recall merges them into one."""

_PACKAGE: Final = Path(__file__).resolve().parents[1]
READER_FILES: Final = (
    *sorted((_PACKAGE / "read").glob("*.py")),
    *(_PACKAGE / name for name in ("regions.py", "model.py", "data/regions.csv")),
)
"""The code and data that what the read stage makes of a file's bytes depends on."""
READER_VERSION: Final = "+".join(
    (
        grammar_fingerprint(READER_FILES),
        *(f"{name}-{metadata.version(name)}" for name in ("charset-normalizer", "lxml")),
    )
)
"""What the text, title, date and region read from a file's bytes depend on."""

_FIGURE_FIELDS: Final = pl.Schema(
    {
        name: dtype
        for name, dtype in polars_schema(RawFigureFrame).items()
        if name not in ("doc", "doc_sha256")
    }
)
"""A raw figure row (`schemas.RawFigureFrame`) but for its document's columns: the fields of a `Figure`."""
_FIGURES_SCHEMA: Final = pl.Schema({"doc_sha256": pl.String(), "figures": pl.List(pl.Struct(_FIGURE_FIELDS))})
_INDEX_SCHEMA: Final = pl.Schema(
    {
        "key": pl.String(),
        **dict.fromkeys(Stamp._fields, pl.Int64()),
        "path": pl.String(),
        "name": pl.String(),
        "status": pl.String(),
        "reason": pl.String(),
        "sha256": pl.String(),
        "has_document": pl.Boolean(),
        "document_path": pl.String(),
        "document_name": pl.String(),
        "text": pl.String(),
        "title": pl.String(),
        "meeting_date": pl.Date(),
        "region": pl.String(),
        "encoding": pl.String(),
        "language": pl.String(),
    }
)
_PREFIX: Final = "cache-"


@dataclass(frozen=True, slots=True)
class Recalled:
    """The figure rows the cache holds for a run's documents, and the documents it does not hold."""

    figures: pl.DataFrame
    """Rows of a `Figure`'s fields plus `doc_sha256`, for the documents found."""
    pending: list[Document]
    """The documents whose figures it does not hold, in input order: to extract."""
    documents: int = 0
    """Documents whose figures were found."""
    problems: tuple[str, ...] = field(default=())
    """Cache files that could not be read or merged (the run went on without them)."""


class Cache:
    """The cache of one version under `cache_dir` (see the module's docstring). Holds no state but paths:
    threads and processes share it by sharing the folder."""

    def __init__(self, cache_dir: Path, max_sentence_chars: int) -> None:
        version = f"{FORMAT}-{READER_VERSION}-{EXTRACTOR_VERSION}-s{max_sentence_chars}"
        self.cache_dir = Path(cache_dir)
        self.folder = self.cache_dir / f"{_PREFIX}{hashlib.sha256(version.encode()).hexdigest()[:16]}"
        self.version = version

    # --- the files read ---------------------------------------------------------------------------------

    def index_path(self, inputs: Iterable[str]) -> Path:
        """The file holding the file index of this set of inputs (the same in any order)."""
        absolute = sorted({str(Path(p).absolute()) for p in inputs})
        name = hashlib.sha256("\n".join(absolute).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.folder / "files" / f"{name}.parquet"

    def file_index(self, inputs: Iterable[str]) -> tuple[FileIndex, list[str]]:
        """The index the last run over these inputs left (or an empty one); the problems reading it."""
        problems: list[str] = []
        frame = _read(self.index_path(inputs), _INDEX_SCHEMA, problems)
        return (_index_of(frame) if frame is not None else FileIndex()), problems

    def save_file_index(self, inputs: Iterable[str], index: FileIndex) -> list[str]:
        """Keep this run's entries for the next run over these inputs; the problems doing so. Nothing is
        written when every entry came from the index."""
        path = self.index_path(inputs)
        if index.recalled == len(index.entries) and path.exists():
            return []
        problems = self._write(path, lambda: _index_frame(index))
        _prune(path.parent, keep=path, count=MAX_INDEXES)
        return problems

    # --- the figures found ------------------------------------------------------------------------------

    def recall(self, documents: Sequence[Document]) -> Recalled:
        """The figure rows of the documents any earlier run extracted; the others pending, in order."""
        problems: list[str] = []
        segments = sorted((self.folder / "figures").glob("*.parquet"))
        frames = [f for f in (_read(path, _FIGURES_SCHEMA, problems) for path in segments) if f is not None]
        stored = pl.concat(frames).unique("doc_sha256", keep="last", maintain_order=True) if frames else None
        if stored is not None and len(frames) > MAX_SEGMENTS:
            problems += self._merge(stored, segments)
        if stored is None:
            return Recalled(no_figures(), list(documents), 0, tuple(problems))
        wanted = pl.DataFrame({"doc_sha256": [d.sha256 for d in documents]}, schema={"doc_sha256": pl.String})
        found = stored.join(wanted, on="doc_sha256", how="semi")
        held = set(found.get_column("doc_sha256").to_list())
        figures = found.explode("figures").drop_nulls("figures").unnest("figures")
        pending = [d for d in documents if d.sha256 not in held]
        return Recalled(figures.select("doc_sha256", *_FIGURE_FIELDS), pending, len(held), tuple(problems))

    def store(self, figures: Mapping[str, Sequence[Figure]]) -> list[str]:
        """Keep the figures of these documents (by sha256) as one new segment; the problems doing so."""
        if not figures:
            return []
        name = f"{time_ns():020d}-{uuid.uuid4().hex[:12]}.parquet"  # in the order written; never the same
        return self._write(self.folder / "figures" / name, lambda: _figures_frame(figures))

    def _merge(self, stored: pl.DataFrame, segments: list[Path]) -> list[str]:
        """Replace `segments` by one holding `stored`; a segment written meanwhile is left alone."""
        problems = self._write(self.folder / "figures" / f"{time_ns():020d}-merged.parquet", lambda: stored)
        if not problems:
            for path in segments:
                path.unlink(missing_ok=True)
        return problems

    # --- files ------------------------------------------------------------------------------------------

    def _write(self, path: Path, build: Callable[[], pl.DataFrame]) -> list[str]:
        """Write the frame `build` makes to `path` atomically; the first write of this version removes the
        folders of other versions. The problems doing so (none: written)."""
        try:
            frame = build()
            if not self.folder.is_dir():
                for other in self.cache_dir.glob(f"{_PREFIX}*"):
                    shutil.rmtree(other, ignore_errors=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
            os.close(fd)
            try:
                frame.write_parquet(tmp, compression="zstd")
                Path(tmp).replace(path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except Exception as error:  # noqa: BLE001 - a shortcut that cannot be kept never fails the run
            return [f"{path}: cache file not written: {error}"]
        return []


def no_figures() -> pl.DataFrame:
    """A frame of recalled figure rows without rows."""
    return pl.DataFrame(schema={"doc_sha256": pl.String, **_FIGURE_FIELDS})


def _read(path: Path, schema: pl.Schema, problems: list[str]) -> pl.DataFrame | None:
    """The frame in `path`; None when there is none, or when it is damaged (then removed, and said)."""
    try:
        frame = pl.read_parquet(path)
    except FileNotFoundError:  # never written, or merged away by another run meanwhile
        return None
    except Exception as error:  # noqa: BLE001 - a damaged shortcut of any kind is ignored, and said
        problems.append(f"{path}: cache file ignored and removed, it cannot be read: {error}")
        path.unlink(missing_ok=True)
        return None
    if frame.schema != schema:
        problems.append(f"{path}: cache file ignored and removed, its columns are not this version's")
        path.unlink(missing_ok=True)
        return None
    return frame


def _prune(folder: Path, keep: Path, count: int) -> None:
    """Remove all but the `count` most recently written files of `folder` (`keep` among them)."""
    try:
        files = sorted(
            (f for f in folder.glob("*.parquet") if f != keep), key=lambda f: f.stat().st_mtime, reverse=True
        )
    except OSError:
        return
    for old in files[count - 1 :]:
        old.unlink(missing_ok=True)


def _index_of(frame: pl.DataFrame) -> FileIndex:
    """The file index a frame of `_INDEX_SCHEMA` holds."""
    known: dict[str, tuple[Stamp, Outcome]] = {}
    columns = {name: frame.get_column(name).to_list() for name in frame.columns}  # 3x iter_rows' speed
    for i, key in enumerate(columns["key"]):
        row = {name: values[i] for name, values in columns.items()}
        document = (
            Document(
                path=row["document_path"],
                name=row["document_name"],
                sha256=row["sha256"],
                text=row["text"],
                title=row["title"],
                meeting_date=row["meeting_date"],
                region=row["region"],
                encoding=row["encoding"],
                language=row["language"],
            )
            if row["has_document"]
            else None
        )
        outcome = Outcome(
            path=row["path"],
            name=row["name"],
            status=row["status"],
            reason=row["reason"],
            sha256=row["sha256"],
            document=document,
        )
        known[key] = (Stamp(*(row[name] for name in Stamp._fields)), outcome)
    return FileIndex(known)


def _index_frame(index: FileIndex) -> pl.DataFrame:
    """One row per file of the index: its key, stamp, Outcome and Document."""
    columns: dict[str, list[object]] = {name: [] for name in _INDEX_SCHEMA}
    for key, (stamp, outcome) in index.entries.items():
        doc = outcome.document
        row: dict[str, object] = {
            "key": key,
            **stamp._asdict(),
            "path": outcome.path,
            "name": outcome.name,
            "status": outcome.status,
            "reason": outcome.reason,
            "sha256": outcome.sha256,
            "has_document": doc is not None,
            "document_path": doc.path if doc else None,
            "document_name": doc.name if doc else None,
            "text": doc.text if doc else None,
            "title": doc.title if doc else None,
            "meeting_date": doc.meeting_date if doc else None,
            "region": doc.region if doc else None,
            "encoding": doc.encoding if doc else None,
            "language": doc.language if doc else None,
        }
        for name, values in columns.items():
            values.append(row[name])
    return pl.DataFrame(columns, schema=_INDEX_SCHEMA)


def _figures_frame(figures: Mapping[str, Sequence[Figure]]) -> pl.DataFrame:
    """One row per document: its sha256 and its figures as a list of `_FIGURE_FIELDS` structs."""
    fields = list(_FIGURE_FIELDS)

    def row(figure: Figure) -> dict[str, object]:
        values = asdict(figure)
        return {name: values[name] for name in fields}

    return pl.DataFrame(
        {"doc_sha256": list(figures), "figures": [[row(f) for f in found] for found in figures.values()]},
        schema=_FIGURES_SCHEMA,
    )
