"""What the last run over the same inputs read and found, kept on disk so that a re-run does not do it again.

A scheduled run sees mostly the files it saw yesterday. Two files per set of inputs, in
`cache_dir/runs/<hash of the inputs' absolute paths>/`, spare it the work on those:

- `files-<reader version>.parquet`, the `documents.FileIndex`: each file's stamp (size, times, inode) and
  what reading it gave (its Outcome and Document, text included). A file whose stamp is unchanged is not
  read, decoded or hashed again.
- `figures-<reader version>-<figures version>.parquet`: the raw figure rows of every document the run
  processed, by sha256, one row per document with its figures as a list (a document without figures is
  a row with none). A document found there is not extracted again, and its figures are not rebuilt one
  by one: they join the table as a frame.

The reader version is a fingerprint of the reading code and region table plus the versions of the
libraries that decode and parse (charset-normalizer, lxml): the same bytes read by another reader may be
other text. The figures version is the extractor's (with its sentence-length limit, see
`figures_version`). A file of another version is not read.

Both files are shortcuts. One that cannot be read is reported and ignored, and the run reads and extracts
as if it were not there; one that cannot be written is reported, and the run has lost nothing but the
shortcut. They are written atomically (a temporary file, then a rename) and replace the previous ones.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Final

import polars as pl

from regional_report.extract.engine import EXTRACTOR_VERSION, grammar_fingerprint
from regional_report.model import Document, Outcome, processed
from regional_report.read import FileIndex, Stamp
from schemas import RawFigureFrame
from schemas.build import polars_schema

__all__ = ["MAX_SNAPSHOTS", "READER_VERSION", "Recalled", "Snapshot", "figures_version", "no_figures"]

_PACKAGE: Final = Path(__file__).resolve().parent
READER_VERSION: Final = "+".join(
    (
        grammar_fingerprint(
            tuple(_PACKAGE / name for name in ("documents.py", "regions.py", "model.py", "data/regions.csv"))
        ),
        *(f"{name}-{metadata.version(name)}" for name in ("charset-normalizer", "lxml")),
    )
)
"""What the text, title, date and region read from a file's bytes depend on."""

MAX_SNAPSHOTS: Final = 8
"""Sets of inputs whose snapshot is kept; the least recently written beyond these are removed. A snapshot
holds its documents' text (compressed), so ad hoc runs over many folders must not pile them up."""

_FIGURE_FIELDS: Final = pl.Schema(
    {
        name: dtype
        for name, dtype in polars_schema(RawFigureFrame).items()
        if name not in ("doc", "doc_sha256")
    }
)
"""A raw figure row (`schemas.RawFigureFrame`) but for its document's columns."""

_FIGURES_SCHEMA: Final = pl.Schema({"doc_sha256": pl.String(), "figures": pl.List(pl.Struct(_FIGURE_FIELDS))})
_OUTCOME_SCHEMA: Final = pl.Schema(
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


def figures_version(max_sentence_chars: int) -> str:
    """The version of the figures found with this sentence-length limit: the limit changes what is found."""
    return f"{EXTRACTOR_VERSION}+max-sentence-{max_sentence_chars}"


@dataclass(frozen=True, slots=True)
class Recalled:
    """The figure rows a snapshot holds for this run's documents, and the documents it does not hold."""

    figures: pl.DataFrame
    """Rows of `_FIGURE_FIELDS` plus `doc_sha256`, for the documents found."""
    pending: list[Outcome]
    """The processed documents' outcomes whose figures it does not hold, in input order: to extract."""
    documents: int = 0
    """Documents whose figures were found."""
    problems: tuple[str, ...] = ()
    """Snapshot files that could not be read (the run went on without them)."""


class Snapshot:
    """The snapshot of one set of inputs under `cache_dir`."""

    def __init__(self, cache_dir: Path, inputs: Iterable[str], figures_version: str) -> None:
        absolute = sorted({str(Path(p).absolute()) for p in inputs})
        name = hashlib.sha256("\n".join(absolute).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.folder = Path(cache_dir) / "runs" / name
        self.files_path = self.folder / f"files-{_safe(READER_VERSION)}.parquet"
        self.figures_path = self.folder / f"figures-{_safe(READER_VERSION)}-{_safe(figures_version)}.parquet"
        self._problems: list[str] = []
        self._holds_all = False  # the last recall found every document: nothing new to save

    def take_problems(self) -> list[str]:
        """The snapshot files that could not be read or written since the last call; the run went on."""
        problems, self._problems = self._problems, []
        return problems

    # --- the files read -------------------------------------------------------------------------------

    def file_index(self) -> FileIndex:
        """The index the last run left, or an empty one."""
        frame = self._read(self.files_path, _OUTCOME_SCHEMA)
        if frame is None:
            return FileIndex()
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

    def save_file_index(self, index: FileIndex) -> None:
        """Keep this run's entries for the next run (nothing is written when they are the last run's)."""
        if index.recalled == len(index.entries) and self.files_path.exists():
            return
        self._write(self.files_path, lambda: _index_frame(index), prefix="files-")

    # --- the figures found ----------------------------------------------------------------------------

    def recall_figures(self, outcomes: Sequence[Outcome]) -> Recalled:
        """The figure rows of this run's processed documents that the last run extracted; the rest pending."""
        documents = processed(outcomes)
        stored = self._read(self.figures_path, _FIGURES_SCHEMA)
        if stored is None:
            return Recalled(no_figures(), documents)
        wanted = pl.DataFrame({"doc_sha256": [d.sha256 for d in documents]}, schema={"doc_sha256": pl.String})
        found = stored.join(wanted, on="doc_sha256", how="semi")
        held = set(found["doc_sha256"].to_list())
        figures = found.explode("figures").drop_nulls("figures").unnest("figures")
        pending = [o for o in documents if o.sha256 not in held]
        self._holds_all = not pending
        return Recalled(figures.select("doc_sha256", *_FIGURE_FIELDS), pending, len(held))

    def save_figures(self, raw: pl.DataFrame, outcomes: Sequence[Outcome]) -> None:
        """Keep the raw figure rows of every processed document, documents without figures included.

        Nothing is written when the last `recall_figures` found every document (the file holds them all).
        """
        if not self._holds_all:
            self._write(self.figures_path, lambda: _figures_frame(raw, outcomes), prefix="figures-")

    # --- files ----------------------------------------------------------------------------------------

    def _read(self, path: Path, schema: pl.Schema) -> pl.DataFrame | None:
        if not path.exists():
            return None
        try:
            frame = pl.read_parquet(path)
        except Exception as error:  # noqa: BLE001 - a damaged shortcut of any kind is ignored, and said
            self._problems.append(f"{path}: snapshot ignored, it cannot be read: {error}")
            return None
        if frame.schema != schema:
            self._problems.append(f"{path}: snapshot ignored, its columns are not this version's")
            return None
        return frame

    def _write(self, path: Path, build: Callable[[], pl.DataFrame], *, prefix: str) -> None:
        """Write the frame `build` makes to `path` atomically, and remove other versions' files."""
        try:
            frame = build()
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{prefix}", suffix=".tmp")
            os.close(fd)
            try:
                frame.write_parquet(tmp, compression="zstd")
                Path(tmp).replace(path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            for old in self.folder.glob(f"{prefix}*.parquet"):  # other versions' snapshots: never read again
                if old != path:
                    old.unlink(missing_ok=True)
            _prune(self.folder.parent, keep=self.folder)
        except Exception as error:  # noqa: BLE001 - a shortcut that cannot be kept never fails the run
            self._problems.append(f"{path}: snapshot not written: {error}")


def _prune(runs: Path, keep: Path) -> None:
    """Remove the snapshots of all but the `MAX_SNAPSHOTS` sets of inputs written to most recently."""
    folders = sorted(
        (f for f in runs.iterdir() if f.is_dir() and f != keep), key=lambda f: f.stat().st_mtime, reverse=True
    )
    for folder in folders[MAX_SNAPSHOTS - 1 :]:
        shutil.rmtree(folder, ignore_errors=True)


def _index_frame(index: FileIndex) -> pl.DataFrame:
    """One row per file of the index: its key, stamp, Outcome and Document."""
    columns: dict[str, list[object]] = {name: [] for name in _OUTCOME_SCHEMA}
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
    return pl.DataFrame(columns, schema=_OUTCOME_SCHEMA)


def _figures_frame(raw: pl.DataFrame, outcomes: Sequence[Outcome]) -> pl.DataFrame:
    """One row per processed document: its sha256 and its raw figure rows as a list (empty: none)."""
    documents = pl.DataFrame(
        {"doc_sha256": [o.sha256 for o in processed(outcomes)]}, schema={"doc_sha256": pl.String}
    ).unique(maintain_order=True)
    grouped = (
        raw.select("doc_sha256", pl.struct(*_FIGURE_FIELDS).alias("figures"))
        .group_by("doc_sha256", maintain_order=True)
        .agg(pl.col("figures"))
    )
    frame = documents.join(grouped, on="doc_sha256", how="left", maintain_order="left").with_columns(
        pl.col("figures").fill_null(pl.lit([], dtype=_FIGURES_SCHEMA["figures"]))
    )
    return frame.cast(_FIGURES_SCHEMA)


def no_figures() -> pl.DataFrame:
    """A frame of recalled figure rows without rows."""
    return pl.DataFrame(schema={"doc_sha256": pl.String, **_FIGURE_FIELDS})


def _safe(version: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]", "_", version)
