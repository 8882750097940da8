"""The last run's snapshot: unchanged files are not read again, extracted documents not extracted again.

A snapshot is a shortcut: whatever is wrong with it, the run reads and extracts as if it were not there,
and says so.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polars as pl
import pytest
from factories import FileReads

from regional_report import model, normalize
from regional_report.cache.snapshot import MAX_SNAPSHOTS, Snapshot, figures_version
from regional_report.extract.engine import extract_figures
from regional_report.model import Document, Outcome
from regional_report.read import SETTLE_NS, FileIndex, Stamp, read_documents

LIMIT = 20_000_000
LATER = 10 * SETTLE_NS  # an index's clock this far ahead sees every file as settled


@pytest.fixture
def folder(tmp_path: Path, seeds_dir: Path) -> Path:
    """Three report files: the seed, a copy with a closing line of its own, and a file with no region."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    seed = next(seeds_dir.glob("*.txt"))
    shutil.copy(seed, inputs / "a.txt")
    (inputs / "b.txt").write_text(seed.read_text(encoding="utf-8") + "\nArchive copy.\n", encoding="utf-8")
    (inputs / "c.txt").write_text("No date, no region, 5 tonnes.\n", encoding="utf-8")
    return inputs


def settled_index(known: FileIndex | None = None) -> FileIndex:
    return FileIndex(known.entries if known else None, now_ns=time.time_ns() + LATER)


def full(outcomes: list[Outcome]) -> list[tuple[Outcome, object]]:
    """Outcomes with their documents (Outcome equality leaves the document out)."""
    return [(o, o.document) for o in outcomes]


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


def test_the_file_index_survives_the_snapshot(folder: Path, tmp_path: Path, file_reads: FileReads) -> None:
    index = settled_index()
    first = read_documents([folder], max_bytes=LIMIT, index=index)
    snapshot = Snapshot(tmp_path / "cache", [str(folder)], figures_version(2_000))
    snapshot.save_file_index(index)
    mark = len(file_reads.names)
    loaded = Snapshot(tmp_path / "cache", [str(folder)], figures_version(2_000)).file_index()
    again = read_documents([folder], max_bytes=LIMIT, index=loaded)
    assert file_reads.since(mark) == []
    assert full(again) == full(first)  # quarantined outcomes, missing dates and all
    assert snapshot.take_problems() == []


def test_other_inputs_have_a_snapshot_of_their_own(folder: Path, tmp_path: Path) -> None:
    one = Snapshot(tmp_path / "cache", [str(folder)], "v")
    other = Snapshot(tmp_path / "cache", [str(folder / "a.txt")], "v")
    same = Snapshot(tmp_path / "cache", [str(folder), str(folder)], "v")
    assert one.folder != other.folder
    assert one.folder == same.folder


def test_a_damaged_snapshot_is_reported_and_ignored(folder: Path, tmp_path: Path) -> None:
    snapshot = Snapshot(tmp_path / "cache", [str(folder)], figures_version(2_000))
    snapshot.folder.mkdir(parents=True)
    snapshot.files_path.write_bytes(b"not parquet")
    snapshot.figures_path.write_bytes(b"PAR1 torn")
    assert snapshot.file_index().entries == {}
    outcomes = read_documents([folder], max_bytes=LIMIT)
    recalled = snapshot.recall_figures(outcomes)
    assert [o.name for o in recalled.pending] == ["a.txt", "b.txt"]
    problems = snapshot.take_problems()
    assert len(problems) == 2
    assert all("snapshot ignored, it cannot be read" in p for p in problems)


def test_a_snapshot_that_cannot_be_written_loses_only_the_shortcut(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    snapshot = Snapshot(blocker, [str(folder)], "v")
    snapshot.save_file_index(settled_index())
    [problem] = snapshot.take_problems()
    assert "snapshot not written" in problem


def test_recalled_figures_make_the_same_table_as_extracting_again(folder: Path, tmp_path: Path) -> None:
    (folder / "d.txt").write_text(
        "\n".join((folder / "a.txt").read_text(encoding="utf-8").splitlines()[:6])
        + "\nNothing to count here.\n",
        encoding="utf-8",
    )
    outcomes = read_documents([folder], max_bytes=LIMIT)
    extracted = {
        o.sha256: extract_figures(o.document.text, o.document.meeting_date)
        for o in model.processed(outcomes)
        if o.document
    }
    assert any(not figures for figures in extracted.values())  # a document without figures is remembered too
    table = normalize.figures_frame(outcomes, extracted)
    snapshot = Snapshot(tmp_path / "cache", [str(folder)], figures_version(2_000))
    snapshot.save_figures(table, outcomes)

    recalled = snapshot.recall_figures(outcomes)
    assert recalled.pending == []
    assert recalled.documents == len(extracted)
    assert normalize.figures_frame(outcomes, {}, known=recalled.figures).equals(table)

    changed = model.processed(outcomes)[1]  # extracted again: its fresh figures win over the recalled ones
    fresh = {changed.sha256: extracted[changed.sha256]}
    assert normalize.figures_frame(outcomes, fresh, known=recalled.figures).equals(table)


def test_figures_of_another_extractor_version_are_not_recalled(folder: Path, tmp_path: Path) -> None:
    outcomes = read_documents([folder], max_bytes=LIMIT)
    table = normalize.figures_frame(outcomes, {})
    Snapshot(tmp_path / "cache", [str(folder)], figures_version(2_000)).save_figures(table, outcomes)
    for version in (figures_version(3_000), "another-grammar"):
        recalled = Snapshot(tmp_path / "cache", [str(folder)], version).recall_figures(outcomes)
        assert len(recalled.pending) == 2
        assert recalled.figures.is_empty()
        assert isinstance(recalled.figures, pl.DataFrame)


def test_a_snapshot_that_cannot_hold_a_value_is_reported_not_raised(tmp_path: Path) -> None:
    """Parquet holds UTF-8 only: a lone surrogate in a text makes the snapshot unwritable, not the run."""
    document = Document(path="odd.txt", name="odd.txt", sha256="a" * 64, text="bad \udcff text")
    outcome = Outcome(path="odd.txt", name="odd.txt", status="processed", sha256="a" * 64, document=document)
    index = FileIndex({"odd.txt": (Stamp(1, 2, 3, 4, 5), outcome)})
    index.recall("odd.txt", Stamp(1, 2, 3, 4, 5), LIMIT)
    index.entries["new.txt"] = (Stamp(1, 2, 3, 4, 6), outcome)  # one entry read this run: it must be saved
    snapshot = Snapshot(tmp_path / "cache", ["odd.txt"], "v")
    snapshot.save_file_index(index)
    [problem] = snapshot.take_problems()
    assert "snapshot not written" in problem
    assert not snapshot.files_path.exists()


def test_only_the_most_recent_snapshots_are_kept(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    kept = []
    for n in range(MAX_SNAPSHOTS + 3):
        inputs = tmp_path / f"inputs-{n}"
        inputs.mkdir()
        snapshot = Snapshot(cache, [str(inputs)], "v")
        snapshot.save_figures(normalize.figures_frame([], {}), [])
        os.utime(snapshot.folder, ns=(n * SETTLE_NS, n * SETTLE_NS))  # written in this order
        kept.append(snapshot.folder)
    assert sorted((cache / "runs").iterdir()) == sorted(kept[-MAX_SNAPSHOTS:])
