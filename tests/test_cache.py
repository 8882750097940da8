"""The cache: re-runs extract only new or changed documents and read only changed files; whatever is wrong
with the cache, a run reads and extracts as if it were not there, and says so."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from factories import FileReads, full

from regional_report import normalize, pipeline
from regional_report.cache import Cache, store
from regional_report.cache.store import MAX_INDEXES, MAX_SEGMENTS, READER_FILES
from regional_report.extract.engine import extract_figures
from regional_report.model import Document, Figure, Outcome
from regional_report.read import SETTLE_NS, FileIndex, Stamp, files, read_documents

LIMIT = 20_000_000
MAX_CHARS = 2_000


def document(text: str, name: str = "doc.txt", meeting_date: date | None = date(2025, 9, 10)) -> Document:
    """A document as the reader makes it: its sha256 is that of its bytes."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(path=f"in/{name}", name=name, sha256=sha, text=text, meeting_date=meeting_date)


def corpus(n: int) -> list[Document]:
    return [document(f"The plant made {i + 1} tonnes of cheese.", name=f"doc-{i:04}.txt") for i in range(n)]


class CountingExtractor:
    """The real extractor, counting the texts it is given."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, text: str, meeting_date: date | None) -> list[Figure]:
        self.calls.append(text)
        return extract_figures(text, meeting_date)


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch) -> CountingExtractor:
    counting = CountingExtractor()
    monkeypatch.setattr(pipeline, "extract_figures", counting)
    return counting


def extract(documents: list[Document], cache: Cache) -> tuple[pipeline.Recalled, list[pipeline.Batch]]:
    """What a run does: recall what the cache holds, extract the rest in batches (which keep their figures)."""
    recalled = pipeline.recall(documents, cache)
    batches = [pipeline.extract_batch(b, cache, MAX_CHARS) for b in pipeline.batches(recalled.pending, 100)]
    return recalled, batches


# --- figures ----------------------------------------------------------------------------------------------


def test_rerun_over_1000_documents_with_one_changed_extracts_one(
    tmp_path: Path, extractor: CountingExtractor
) -> None:
    """It extracts all 1,000 documents once, none on an unchanged re-run, and only the changed one after."""
    cache = Cache(tmp_path, MAX_CHARS)
    documents = corpus(1000)
    recalled, batches = extract(documents, cache)
    assert (len(extractor.calls), recalled.documents) == (1000, 0)
    assert all(b.problems == () for b in batches)

    recalled, batches = extract(documents, cache)
    assert (len(extractor.calls), recalled.documents, recalled.pending, batches) == (1000, 1000, [], [])
    assert recalled.figures.height == 1000  # one figure each, as rows

    documents[500] = document("The plant made 77 tonnes of butter.", name="doc-0500.txt")
    recalled, batches = extract(documents, cache)
    assert extractor.calls[1000:] == ["The plant made 77 tonnes of butter."]
    assert (recalled.documents, recalled.problems) == (999, ())


def test_recalled_figures_make_the_same_table_as_extracting_again(seeds_dir: Path, tmp_path: Path) -> None:
    """It gives back the seed's figures field for field, and a document without figures as one without."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    seed = next(seeds_dir.glob("*.txt"))
    shutil.copy(seed, folder / "a.txt")
    (folder / "b.txt").write_text(
        "\n".join(seed.read_text(encoding="utf-8").splitlines()[:6]) + "\nNothing to count here.\n",
        encoding="utf-8",
    )
    outcomes = read_documents([folder], max_bytes=LIMIT)
    documents = pipeline.documents_of(outcomes)
    cache = Cache(tmp_path / "cache", MAX_CHARS)
    _, batches = extract(documents, cache)
    fresh = {sha: figures for b in batches for sha, figures in b.figures.items()}
    assert sorted(len(f) > 0 for f in fresh.values()) == [False, True]
    table = normalize.figures_frame(outcomes, fresh)

    again = pipeline.recall(documents, cache)
    assert (again.pending, again.documents) == ([], 2)
    assert normalize.figures_frame(outcomes, {}, known=again.figures).equals(table)
    one = {documents[0].sha256: fresh[documents[0].sha256]}  # extracted again: its fresh figures win
    assert normalize.figures_frame(outcomes, one, known=again.figures).equals(table)


def test_another_version_reuses_nothing_and_replaces_the_old(
    tmp_path: Path, extractor: CountingExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It keeps one version: a new sentence limit or extractor extracts everything again; the old goes."""
    documents = corpus(3)
    old = Cache(tmp_path, MAX_CHARS)
    extract(documents, old)
    for newer in (Cache(tmp_path, 3_000), _with_extractor(monkeypatch, tmp_path, "9.9.9")):
        assert newer.folder != old.folder
        recalled, _ = extract(documents, newer)
        assert recalled.documents == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == [newer.folder.name]
    assert len(extractor.calls) == 9


def _with_extractor(monkeypatch: pytest.MonkeyPatch, folder: Path, version: str) -> Cache:
    monkeypatch.setattr(store, "EXTRACTOR_VERSION", version)
    return Cache(folder, MAX_CHARS)


def test_segments_are_merged_and_the_latest_figures_win(tmp_path: Path) -> None:
    """It merges the segments of many batches into one, keeping each document's latest figures."""
    cache = Cache(tmp_path, MAX_CHARS)
    documents = corpus(MAX_SEGMENTS + 2)
    for d in documents:
        cache.store({d.sha256: extract_figures(d.text, d.meeting_date)})
    newer = Figure(start=0, end=3, surface="The", kind="count", value=1.0, unit="")
    cache.store({documents[0].sha256: [newer]})
    recalled = cache.recall(documents)
    assert recalled.documents == len(documents) and recalled.problems == ()
    assert len(list((cache.folder / "figures").glob("*.parquet"))) == 1
    first = recalled.figures.filter(recalled.figures["doc_sha256"] == documents[0].sha256)
    assert first.select("surface", "value").rows() == [("The", 1.0)]
    assert cache.recall(documents).figures.equals(recalled.figures)


@pytest.mark.parametrize(
    "content", [b"", b"not parquet", b"PAR1 torn", "columns"], ids=["empty", "junk", "torn", "other-columns"]
)
def test_a_damaged_segment_is_reported_removed_and_its_documents_extracted_again(
    tmp_path: Path, content: bytes | str, extractor: CountingExtractor
) -> None:
    """It says which file it ignored, removes it, extracts its documents again; the next run is quiet."""
    cache = Cache(tmp_path, MAX_CHARS)
    documents = corpus(2)
    extract(documents, cache)
    [segment] = (cache.folder / "figures").glob("*.parquet")
    if content == "columns":
        store.no_figures().write_parquet(segment)
    else:
        segment.write_bytes(content)
    recalled, _ = extract(documents, cache)
    assert [d.name for d in recalled.pending] == ["doc-0000.txt", "doc-0001.txt"]
    [problem] = recalled.problems
    assert str(segment) in problem and "ignored and removed" in problem
    assert not segment.exists()
    again = pipeline.recall(documents, cache)
    assert (again.documents, again.problems) == (2, ())


def test_a_cache_that_cannot_be_written_loses_only_the_shortcut(tmp_path: Path) -> None:
    """It extracts and goes on when the cache folder cannot be made (a file in its way), and says so."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    batch = pipeline.extract_batch(corpus(2), Cache(blocker, MAX_CHARS), MAX_CHARS)
    assert len(batch.figures) == 2 and all(batch.figures.values())
    [problem] = batch.problems
    assert "cache file not written" in problem


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    """It writes each file through a temporary file renamed into place."""
    cache = Cache(tmp_path, MAX_CHARS)
    extract(corpus(5), cache)
    written = [p for p in cache.folder.rglob("*") if p.is_file()]
    assert [p.suffix for p in written] == [".parquet"]


def test_without_a_cache_every_document_is_pending() -> None:
    """It extracts every document when the cache is off."""
    documents = corpus(4)
    recalled = pipeline.recall(documents, None)
    assert (recalled.pending, recalled.documents, recalled.figures.height) == (documents, 0, 0)
    assert pipeline.extract_batch(documents, None, MAX_CHARS).problems == ()


# --- the file index --------------------------------------------------------------------------------------


def test_the_file_index_spares_reading_unchanged_files(
    folder: Path, tmp_path: Path, file_reads: FileReads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It keeps what reading gave, quarantined outcomes and missing dates included: no file is read again."""
    cache = Cache(tmp_path / "cache", MAX_CHARS)
    later = time.time_ns() + 10 * SETTLE_NS  # the files' change times are now: seen from later, they settled
    monkeypatch.setattr(files, "time_ns", lambda: later)
    first = pipeline.read_inputs([str(folder)], LIMIT, cache)
    assert (first.unchanged, first.problems) == (0, ())
    mark = len(file_reads.names)
    again = pipeline.read_inputs([str(folder)], LIMIT, cache)
    assert (file_reads.since(mark), again.unchanged, again.problems) == ([], 3, ())
    assert full(again.outcomes) == full(first.outcomes)


def test_other_inputs_have_an_index_of_their_own(folder: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path, MAX_CHARS)
    one = cache.index_path([str(folder)])
    assert one != cache.index_path([str(folder / "a.txt")])
    assert one == cache.index_path([str(folder), str(folder)])


def test_a_damaged_index_is_reported_removed_and_ignored(folder: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path, MAX_CHARS)
    path = cache.index_path([str(folder)])
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not parquet")
    index, problems = cache.file_index([str(folder)])
    assert index.entries == {}
    assert len(problems) == 1 and "ignored and removed" in problems[0] and not path.exists()


def test_an_index_that_cannot_hold_a_value_is_reported_not_raised(tmp_path: Path) -> None:
    """Parquet holds UTF-8 only: a lone surrogate in a text makes the index unwritable, not the run."""
    document = Document(path="odd.txt", name="odd.txt", sha256="a" * 64, text="bad \udcff text")
    outcome = Outcome(path="odd.txt", name="odd.txt", status="processed", sha256="a" * 64, document=document)
    index = FileIndex()
    index.entries["odd.txt"] = (Stamp(1, 2, 3, 4, 5), outcome)
    cache = Cache(tmp_path, MAX_CHARS)
    [problem] = cache.save_file_index(["odd.txt"], index)
    assert "cache file not written" in problem
    assert not cache.index_path(["odd.txt"]).exists()


def test_only_the_most_recent_indexes_are_kept(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", MAX_CHARS)
    kept = []
    for n in range(MAX_INDEXES + 3):
        index = FileIndex()
        index.entries[f"f{n}"] = (
            Stamp(1, 2, 3, 4, n),
            Outcome(f"f{n}", f"f{n}", "quarantined", "empty file"),
        )
        inputs = [str(tmp_path / f"inputs-{n}")]
        assert cache.save_file_index(inputs, index) == []
        os.utime(cache.index_path(inputs), ns=(n * SETTLE_NS, n * SETTLE_NS))  # written in this order
        kept.append(cache.index_path(inputs))
    assert sorted((cache.folder / "files").iterdir()) == sorted(kept[-MAX_INDEXES:])


# --- versions ---------------------------------------------------------------------------------------------


def test_the_reader_version_covers_the_read_stage() -> None:
    """It fingerprints files that exist: the read stage's modules, the region table, the records."""
    names = {p.name for p in READER_FILES}
    assert {"files.py", "decode.py", "html.py", "header.py", "regions.csv", "model.py"} <= names
    assert all(p.is_file() for p in READER_FILES)


def test_extractor_version_follows_the_grammar(tmp_path: Path) -> None:
    """It gives a new extractor version whenever a grammar file changes, so no cache serves old figures."""
    from regional_report.extract.engine import GRAMMAR_FILES, grammar_fingerprint

    copies = []
    for source in GRAMMAR_FILES:
        copy = tmp_path / source.name
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    before = grammar_fingerprint(tuple(copies))
    assert before == grammar_fingerprint(GRAMMAR_FILES)
    lexicon = next(c for c in copies if c.name == "lexicon.py")
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# one more rule\n", encoding="utf-8")
    assert grammar_fingerprint(tuple(copies)) != before
