"""The read stage's file index: a file whose stamp is unchanged is not read again; one changed is.

The index is what the cache keeps of each set of inputs (`cache.Cache.file_index`); these tests hold the
reader to it in memory.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from factories import FileReads, full

from regional_report.read import SETTLE_NS, FileIndex, read_documents

LIMIT = 20_000_000
LATER = 10 * SETTLE_NS  # an index's clock this far ahead sees every file as settled


def settled_index(known: FileIndex | None = None) -> FileIndex:
    return FileIndex(known.entries if known else None, now_ns=time.time_ns() + LATER)


def test_unchanged_files_are_not_read_again(folder: Path, file_reads: FileReads) -> None:
    first_index = settled_index()
    first = read_documents([folder], max_bytes=LIMIT, index=first_index)
    mark = len(file_reads.names)
    again_index = settled_index(first_index)
    again = read_documents([folder], max_bytes=LIMIT, index=again_index)
    assert file_reads.since(mark) == []
    assert again_index.recalled == 3
    assert full(again) == full(first)


def test_a_rewritten_file_is_read_again_even_with_its_old_size_and_time(
    folder: Path, file_reads: FileReads
) -> None:
    """Copies that keep a file's modification time (cp -p, rsync -t) still change its change time."""
    index = settled_index()
    read_documents([folder], max_bytes=LIMIT, index=index)
    path = folder / "b.txt"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Archive copy.", "Archive COPY."), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    mark = len(file_reads.names)
    again = read_documents([folder], max_bytes=LIMIT, index=settled_index(index))
    assert file_reads.since(mark) == ["b.txt"]
    document = next(o.document for o in again if o.name == "b.txt")
    assert document is not None and "Archive COPY." in document.text


def test_a_file_changed_just_now_is_not_remembered(folder: Path) -> None:
    """A second write within the clock's resolution could keep its stamp: such a file is read next time."""
    index = FileIndex(now_ns=time.time_ns())
    read_documents([folder], max_bytes=LIMIT, index=index)
    assert index.entries == {}


def test_files_that_could_not_be_read_are_not_remembered(folder: Path) -> None:
    (folder / "big.txt").write_text("x" * 200, encoding="utf-8")
    index = settled_index()
    outcomes = read_documents([folder], max_bytes=100, index=index)
    assert "over the limit" in next(o.reason for o in outcomes if o.name == "big.txt")
    assert [Path(key).name for key in index.entries] == ["c.txt"]  # the only file within 100 bytes


def test_a_lower_size_limit_still_quarantines_a_remembered_file(folder: Path) -> None:
    index = settled_index()
    read_documents([folder], max_bytes=LIMIT, index=index)
    small = (folder / "c.txt").stat().st_size + 1
    outcomes = {o.name: o for o in read_documents([folder], max_bytes=small, index=settled_index(index))}
    assert outcomes["a.txt"].status == "quarantined"
    assert "over the limit" in outcomes["a.txt"].reason


def test_duplicates_are_found_among_remembered_files(folder: Path) -> None:
    shutil.copy(folder / "a.txt", folder / "a-copy.txt")
    index = settled_index()
    read_documents([folder], max_bytes=LIMIT, index=index)
    again = {o.name: o for o in read_documents([folder], max_bytes=LIMIT, index=settled_index(index))}
    assert again["a.txt"].status == "duplicate"  # "a-copy.txt" comes first by name
    assert again["a.txt"].reason == "same content as a-copy.txt"
