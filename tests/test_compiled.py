"""A compiled module (`make compile`) older than its source is refused: Python would run the old rules."""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from regional_report.extract import stale_compiled

SUFFIX = EXTENSION_SUFFIXES[0]


def test_a_compiled_module_older_than_its_source_is_stale(tmp_path: Path) -> None:
    source, compiled = tmp_path / "measure.py", tmp_path / f"measure{SUFFIX}"
    compiled.write_bytes(b"")
    source.write_text("x = 1\n")
    os.utime(compiled, (1_000_000, 1_000_000))  # built long before the source was edited
    assert stale_compiled(tmp_path) == [compiled.name]


def test_a_module_compiled_after_its_source_edit_is_not_stale(tmp_path: Path) -> None:
    source, compiled = tmp_path / "measure.py", tmp_path / f"measure{SUFFIX}"
    source.write_text("x = 1\n")
    compiled.write_bytes(b"")
    os.utime(source, (1_000_000, 1_000_000))
    assert stale_compiled(tmp_path) == []


def test_an_extension_without_a_source_beside_it_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / f"other{SUFFIX}").write_bytes(b"")
    assert stale_compiled(tmp_path) == []
