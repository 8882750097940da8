"""The figure cache: incremental re-runs extract only new or changed documents; bad entries never fail a run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from regional_report.cache.figures import BatchFigures, CacheEntryError, Extractor, FigureCache, extract_batch
from regional_report.extract.engine import EXTRACTOR_VERSION, extract_figures
from regional_report.model import Document, Figure
from regional_report.read import read_documents


def document(text: str, name: str = "doc.txt", meeting_date: date | None = date(2025, 9, 10)) -> Document:
    """A document as the reader makes it: its sha256 is that of its bytes."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(path=f"in/{name}", name=name, sha256=sha, text=text, meeting_date=meeting_date)


class CountingExtractor:
    """A stand-in extractor that counts its calls and finds one figure per document."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, text: str, meeting_date: date | None) -> list[Figure]:
        self.calls.append(text)
        return [Figure(start=0, end=1, surface=text[:1], kind="count", value=float(len(text)), unit="")]


def corpus(n: int) -> list[Document]:
    return [document(f"Report number {i}.", name=f"doc-{i:04}.txt") for i in range(n)]


def test_rerun_over_1000_documents_with_one_changed_extracts_one(tmp_path: Path) -> None:
    """It extracts all 1,000 documents once, none on an unchanged re-run, and only the changed one after."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    documents = corpus(1000)

    first = CountingExtractor()
    result = extract_batch(documents, first, cache)
    assert (len(first.calls), result.cached, result.extracted) == (1000, 0, 1000)

    again = CountingExtractor()
    unchanged = extract_batch(documents, again, cache)
    assert (len(again.calls), unchanged.cached) == (0, 1000)
    assert unchanged.figures == result.figures

    documents[500] = document("Report number 500, revised.", name="doc-0500.txt")
    changed = CountingExtractor()
    rerun = extract_batch(documents, changed, cache)
    assert changed.calls == ["Report number 500, revised."]
    assert (rerun.cached, rerun.extracted, rerun.problems) == (999, 1, ())


def test_cached_figures_equal_the_extractors(seeds_dir: Path, tmp_path: Path) -> None:
    """It gives back exactly the figures the real extractor found in the seed, field for field."""
    seed = next(o.document for o in read_documents([seeds_dir], max_bytes=20_000_000) if o.document)
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    fresh = extract_batch([seed], extract_figures, cache).figures
    again = extract_batch([seed], CountingExtractor(), cache)
    assert again.cached == 1
    assert again.figures == fresh and fresh[seed.sha256]


def test_a_new_extractor_version_reuses_nothing(tmp_path: Path) -> None:
    """It keys entries on the extractor version: a new grammar extracts every document again."""
    documents = corpus(3)
    extract_batch(documents, CountingExtractor(), FigureCache(tmp_path, "1.0.0"))
    newer = CountingExtractor()
    extract_batch(documents, newer, FigureCache(tmp_path, "1.1.0"))
    assert len(newer.calls) == 3


def test_same_bytes_read_into_other_text_is_extracted_again(tmp_path: Path) -> None:
    """It recomputes an entry made from other text or another meeting date (e.g. after a reader change)."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    original = document("Text as read before.")
    extract_batch([original], CountingExtractor(), cache)
    reread = Document(
        path=original.path, name=original.name, sha256=original.sha256, text="Text as read now.",
        meeting_date=original.meeting_date,
    )  # fmt: skip
    redated = Document(
        path=original.path, name=original.name, sha256=original.sha256, text=original.text, meeting_date=None
    )
    for changed in (reread, redated):
        extractor = CountingExtractor()
        result = extract_batch([changed], extractor, cache)
        assert (len(extractor.calls), result.problems) == (1, ())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": 1}',
        b"TRUNCATED",
    ],
    ids=["empty", "broken-json", "not-utf8", "not-an-object", "wrong-key", "truncated"],
)
def test_a_corrupt_entry_is_recomputed_reported_and_repaired(tmp_path: Path, content: bytes) -> None:
    """It reports a corrupt entry, extracts the document again and rewrites the entry; never raises."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    doc = document("Some report.")
    extract_batch([doc], CountingExtractor(), cache)
    entry = cache.entry(doc.sha256)
    if content == b"TRUNCATED":
        content = entry.read_bytes()[:40]
    entry.write_bytes(content)

    extractor = CountingExtractor()
    result = extract_batch([doc], extractor, cache)
    assert len(extractor.calls) == 1
    assert len(result.problems) == 1 and "cache entry recomputed" in result.problems[0]
    assert str(entry) in result.problems[0]
    assert cache.load(doc) == result.figures[doc.sha256]  # repaired


def test_malformed_figures_are_a_corrupt_entry(tmp_path: Path) -> None:
    """It checks the figures' fields and types, not just that the entry is JSON."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    doc = document("Some report.")
    extract_batch([doc], CountingExtractor(), cache)
    record = json.loads(cache.entry(doc.sha256).read_text())
    record["figures"][0]["kind"] = "furlongs"
    cache.entry(doc.sha256).write_text(json.dumps(record))
    with pytest.raises(CacheEntryError, match="figures are malformed"):
        cache.load(doc)


def test_an_unwritable_entry_is_reported_not_fatal(tmp_path: Path) -> None:
    """It goes on when an entry cannot be written (here: a folder is in the way), and says so."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    doc = document("Some report.")
    cache.entry(doc.sha256).mkdir(parents=True)
    result = extract_batch([doc], CountingExtractor(), cache)
    assert result.extracted == 1 and result.figures[doc.sha256]
    assert any("not written" in p for p in result.problems)
    assert not list(cache.folder.glob("*.tmp")), "the temporary file is removed"


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    """It writes each entry through a temporary file renamed into place."""
    cache = FigureCache(tmp_path, EXTRACTOR_VERSION)
    extract_batch(corpus(5), CountingExtractor(), cache)
    assert sorted(p.suffix for p in cache.folder.iterdir()) == [".json"] * 5


def test_without_a_cache_every_document_is_extracted() -> None:
    """It extracts every document when no cache is given."""
    extractor = CountingExtractor()
    result = extract_batch(corpus(4), extractor, None)
    assert result == BatchFigures(
        figures=result.figures, cached=0, extracted=4, seconds=result.seconds, problems=()
    )
    assert len(extractor.calls) == 4


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


def test_extract_many_gets_only_the_documents_the_cache_lacks(tmp_path: Path) -> None:
    """It hands the misses to `extract_many` in one call, and keeps the batch's order."""
    documents = corpus(4)
    cache = FigureCache(tmp_path, "1.0.0")
    extract_batch(documents[:2], CountingExtractor(), cache)
    calls: list[int] = []

    def extract_many(extract: Extractor, texts: Sequence[tuple[str, date | None]]) -> list[list[Figure]]:
        calls.append(len(texts))
        return [extract(text, day) for text, day in texts]

    result = extract_batch(documents, CountingExtractor(), cache, extract_many)
    assert calls == [2]
    assert (result.cached, result.extracted) == (2, 2)
    assert list(result.figures) == [d.sha256 for d in documents]
