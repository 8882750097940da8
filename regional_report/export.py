"""Export: every sheet's validated frame as Parquet and CSV, for programs and notebooks.

`regional-report run --export DIR` writes, beside the workbook, one `<sheet>.parquet` and one `<sheet>.csv`
per frame (Comparison in long form: one row per cell with the `doc`, `start` and `end` of its figure), and
`manifest.json` (the run, and each file's rows and columns). Parquet keeps the frames as they are. CSV is
for spreadsheets too, so a text cell that a spreadsheet would read as a formula (starting with = + - @, a
tab or a carriage return) is written with a leading apostrophe, as OWASP advises for CSV injection.
Each file is written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

import polars as pl

__all__ = ["FORMULA_TRIGGERS", "MANIFEST", "export_frames", "formula_safe"]

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
SAFE_PREFIX: Final = "'"
MANIFEST: Final = "manifest.json"


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that starts like a formula prefixed with an apostrophe (numbers, dates
    and other types are left alone: a negative number is not a formula)."""
    pattern = "^[" + "".join(f"\\x{{{ord(c):X}}}" for c in FORMULA_TRIGGERS) + "]"
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit(SAFE_PREFIX) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )


def export_frames(
    directory: Path, frames: Mapping[str, pl.DataFrame], about: Mapping[str, object] | None = None
) -> Path:
    """Write each frame as `<name>.parquet` and `<name>.csv` in `directory` (created if needed), and a
    manifest of the run (`about`) and the files; the manifest's path."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    for name, frame in frames.items():
        parquet, csv = directory / f"{name}.parquet", directory / f"{name}.csv"
        _atomic(parquet, frame.write_parquet)
        _atomic(csv, formula_safe(frame).write_csv)
        files[name] = {
            "rows": frame.height,
            "columns": list(frame.columns),
            "parquet": parquet.name,
            "csv": csv.name,
        }
    manifest = directory / MANIFEST
    text = json.dumps({"run": dict(about or {}), "frames": files}, indent=2, default=str, ensure_ascii=False)
    _atomic(manifest, lambda path: Path(path).write_text(text + "\n", encoding="utf-8"))
    return manifest


def _atomic(path: Path, write: Callable[[str], object]) -> None:
    """Write `path` through `write(temporary path)`, then rename it into place."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(name)
        Path(name).replace(path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
