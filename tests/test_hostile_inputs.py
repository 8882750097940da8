"""Hostile and broken inputs (issue 6): every input accounted for, nothing lost, no formula from text.

The inputs are built by tests/make_hostile_inputs.py into a temporary folder once per module (the 50 MB
text included; nothing is committed). Most tests call the Prefect-free functions the flow's tasks call, or
run the flow's pipeline without Prefect (`report_without_prefect`: `regional_report.pipeline` with its
direct runner). One test runs the real flow through the command line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from make_hostile_inputs import (
    ABSURD_NUMBERS,
    FORMULA_NAME,
    FORMULA_TEXTS,
    FORMULAS,
    HTML_ENTITIES,
    HTML_FURNITURE,
    HUGE,
    LONG_LINES,
    MIXED_NEWLINES,
    RUN_ON_CHARS,
    TURNS_UNREADABLE,
    TWINS,
    VANISHING,
    Hostile,
    build,
)
from test_extract_properties import genre_text, meeting_dates

from flows import cli
from regional_report import normalize, pipeline
from regional_report.extract import limits
from regional_report.extract.engine import extract_figures
from regional_report.frames import issues as issue_rows
from regional_report.frames import summary as run_summaries
from regional_report.frames import tables as frame_tables
from regional_report.model import Outcome
from regional_report.read import VANISHED, document_from_text, read_document, read_documents
from regional_report.read import files as documents
from regional_report.report import write_workbook
from regional_report.settings import Settings, get_settings

LIMIT = 20_000_000
GENERATED_AT = dt.datetime(2025, 9, 12, 8, 30, tzinfo=dt.UTC)
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cell formula in SpreadsheetML: <f>...</f>
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file-system features")


@dataclasses.dataclass(frozen=True)
class Hostiles:
    """The folder of hostile inputs and its manifest, by name."""

    folder: Path
    manifest: dict[str, Hostile]

    def files(self) -> list[Path]:
        """Every entry that is read as a file (not the looping folders), by path."""
        return [h.path_in(self.folder) for _, h in sorted(self.manifest.items()) if h.status is not None]

    def outcome(self, outcomes: Sequence[Outcome], name: str) -> Outcome:
        [found] = [o for o in outcomes if self.relative(o.path) == name]
        return found

    def relative(self, path: str) -> str:
        return Path(path).relative_to(self.folder).as_posix()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostiles:
    """The hostile inputs, 50 MB text included, and what must happen to each."""
    folder = tmp_path_factory.mktemp("hostile")
    return Hostiles(folder, {h.name: h for h in build(folder)})


@pytest.fixture(scope="module")
def outcomes(hostile: Hostiles) -> list[Outcome]:
    return read_documents([hostile.folder], max_bytes=LIMIT)


# --- the run without Prefect ------------------------------------------------------------------------------


def report_without_prefect(
    inputs: Sequence[Path], out: Path, settings: Settings | None = None
) -> tuple[run_summaries.RunSummary, Path]:
    """The flow's pipeline run directly (`pipeline.Direct`): no cache, a fixed time."""
    settings = (settings or get_settings(cache=False)).model_copy(update={"inputs": list(inputs), "out": out})
    done = pipeline.run(settings, pipeline.Direct(), GENERATED_AT)
    return done.summary, done.workbook


def sheet_values(workbook: Path, *, skip: Sequence[str] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, row by row (sheets named in `skip` left out)."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    values = {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
        if sheet.title not in skip
    }
    book.close()
    return values


def sheet_records(workbook: Path, sheet: str) -> list[dict[str, Any]]:
    rows = sheet_values(workbook)[sheet]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def workbook(
    hostile: Hostiles, tmp_path_factory: pytest.TempPathFactory
) -> tuple[run_summaries.RunSummary, Path]:
    """The workbook of one run over the hostile folder."""
    return report_without_prefect([hostile.folder], tmp_path_factory.mktemp("out") / "report.xlsx")


# --- every input accounted for ----------------------------------------------------------------------------


def test_every_input_gets_its_outcome_and_a_specific_reason(
    hostile: Hostiles, outcomes: list[Outcome]
) -> None:
    """It gives each hostile input exactly one Outcome: processed, or set aside with the reason it must have."""
    got = {hostile.relative(o.path): o for o in outcomes}
    assert len(got) == len(outcomes), "a file was read twice"
    expected = {name: h for name, h in hostile.manifest.items() if h.status is not None}
    assert sorted(got) == sorted(expected), "every file once, and nothing else (the loops are walked once)"
    wrong = {
        name: (o.status, o.reason)
        for name, o in got.items()
        if o.status != expected[name].status or not expected[name].expects(o.reason)
    }
    assert not wrong, f"unexpected outcomes: {wrong}"
    assert all(o.reason and o.reason != "error" for o in outcomes if o.status != "processed")


def test_workbook_sources_list_every_input_once(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path]
) -> None:
    """It lists every input file in Sources, once, with its status and reason, and each one set aside in Issues."""
    summary, path = workbook
    sources = sheet_records(path, "Sources")
    by_path = {hostile.relative(r["Path"]): r for r in sources}
    assert len(by_path) == len(sources)
    expected = {name: h for name, h in hostile.manifest.items() if h.status is not None}
    assert sorted(by_path) == sorted(expected)
    for name, row in by_path.items():
        assert row["Status"] == expected[name].status, name
        assert expected[name].expects(row["Reason"] or ""), (name, row["Reason"])
    set_aside = [o for o in expected.values() if o.status != "processed"]
    issues = [r for r in sheet_records(path, "Issues") if r["Stage"] == "read"]
    assert len(issues) == len(set_aside) == summary.documents_quarantined


def test_duplicates_are_recognized_by_content_and_reported_once(
    hostile: Hostiles, outcomes: list[Outcome], workbook: tuple[run_summaries.RunSummary, Path]
) -> None:
    """It keeps the first of two identical files and marks the other a duplicate; its figures count once."""
    first, second = (hostile.outcome(outcomes, name) for name in TWINS)
    assert (first.status, second.status) == ("processed", "duplicate")
    assert first.sha256 == second.sha256 and second.document is None
    assert [o.status for o in outcomes].count("duplicate") == 1
    summary, path = workbook
    assert summary.duplicates == 1
    facts = [r for r in sheet_records(path, "Facts") if r["Document"] in TWINS]
    assert {r["Document"] for r in facts} == {TWINS[0]}
    assert len(facts) == len({(r["Start"], r["End"]) for r in facts})


def test_the_order_of_inputs_changes_nothing(hostile: Hostiles, outcomes: list[Outcome]) -> None:
    """It reads the same Outcomes, first copies included, whatever order the files come in, each path once."""
    files = hostile.files()
    shuffled = files[:]
    random.Random(6).shuffle(shuffled)

    def seen(paths: Sequence[Path]) -> list[tuple[str, str, str, str]]:
        return [(o.path, o.status, o.reason, o.sha256) for o in read_documents(paths, max_bytes=LIMIT)]

    expected = seen([hostile.folder])
    assert seen(files) == expected
    assert seen(files[::-1]) == expected
    assert seen(shuffled) == expected
    assert seen([*files, hostile.folder, files[0]]) == expected, "a path named twice is read once"


# --- size and memory --------------------------------------------------------------------------------------


def test_over_limit_file_is_quarantined_without_being_opened(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It quarantines the 50 MB text by its size alone: never opened, memory stays small."""
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    path = hostile.folder / HUGE
    tracemalloc.start()
    try:
        outcome = read_document(path, max_bytes=LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert path.stat().st_size == 50 * 2**20
    assert outcome.reason == (
        f"file is {50 * 2**20} bytes, over the limit of {LIMIT} (REGIONAL_REPORT_MAX_DOCUMENT_BYTES)"
    )
    assert opened == []
    assert peak < 1_000_000


def test_file_that_grows_while_read_is_cut_at_the_limit(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It reads at most limit + 1 bytes even when the size it saw first was small (the file grew)."""
    path = hostile.folder / HUGE
    real_stat, real_open = Path.stat, Path.open
    reads: list[int] = []

    def small_stat(self: Path, **kwargs: Any) -> os.stat_result:
        info = real_stat(self, **kwargs)
        if self != path:
            return info
        fields = list(info)
        fields[6] = 10  # st_size, after st_mode, st_ino, st_dev, st_nlink, st_uid and st_gid
        return os.stat_result(fields)

    class Counting:
        """The real file, recording how much each read asks for."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            data: bytes = self.handle.read(size)
            return data

    def counting_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return Counting(handle) if self == path else handle

    monkeypatch.setattr(Path, "stat", small_stat)
    monkeypatch.setattr(Path, "open", counting_open)
    outcome = read_document(path, max_bytes=1000)
    assert outcome.reason == (
        "file grew past the limit of 1000 bytes while it was read (REGIONAL_REPORT_MAX_DOCUMENT_BYTES)"
    )
    assert reads == [1001]


# --- read errors ------------------------------------------------------------------------------------------


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The reader's backoff delays, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(documents, "_sleep", slept.append)
    return slept


def failing_open(
    monkeypatch: pytest.MonkeyPatch, target: Path, code: int, times: int | None
) -> Callable[[], int]:
    """Make opening `target` raise OSError(`code`) the first `times` times (None: always); calls so far."""
    real_open = Path.open
    calls = 0

    def flaky(self: Path, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        if self == target:
            calls += 1
            if times is None or calls <= times:
                raise OSError(code, os.strerror(code), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", flaky)
    return lambda: calls


@pytest.mark.parametrize(
    "code", [errno.EAGAIN, errno.EIO, errno.EBUSY, errno.ETIMEDOUT], ids=errno.errorcode.get
)
def test_transient_read_errors_are_retried(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch, sleeps: list[float], code: int
) -> None:
    """It tries again after a short, growing pause when a read fails with a transient error."""
    path = hostile.folder / TWINS[0]
    calls = failing_open(monkeypatch, path, code, times=2)
    outcome = read_document(path, max_bytes=LIMIT)
    assert outcome.status == "processed"
    assert calls() == 3
    assert sleeps == [0.05, 0.2]


def test_transient_error_that_persists_is_quarantined_after_the_retries(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    """It gives up after four attempts (under a second of waiting) and says so."""
    path = hostile.folder / TWINS[0]
    calls = failing_open(monkeypatch, path, errno.EIO, times=None)
    outcome = read_document(path, max_bytes=LIMIT)
    assert (outcome.status, outcome.reason) == (
        "quarantined",
        "cannot read the file after 4 attempts: Input/output error",
    )
    assert calls() == 4
    assert sleeps == [0.05, 0.2, 0.5]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "cannot read the file: Permission denied"),
        (errno.EPERM, "cannot read the file: Operation not permitted"),
        (errno.EISDIR, "cannot read the file: Is a directory"),
        (errno.ELOOP, "cannot read the file: Too many levels of symbolic links"),
        (errno.ENOENT, VANISHED),  # the file was there a moment ago: its stat worked
    ],
    ids=lambda v: errno.errorcode.get(v, "") if isinstance(v, int) else "",
)
def test_permanent_read_errors_are_quarantined_at_once(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch, sleeps: list[float], code: int, reason: str
) -> None:
    """It quarantines a file on a permanent error at the first attempt, with the error's own words."""
    path = hostile.folder / TWINS[0]
    calls = failing_open(monkeypatch, path, code, times=None)
    outcome = read_document(path, max_bytes=LIMIT)
    assert (outcome.status, outcome.reason) == ("quarantined", reason)
    assert calls() == 1
    assert sleeps == []


def test_files_that_vanish_or_lock_after_listing_are_quarantined(
    hostile: Hostiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    """It quarantines a listed file deleted before it was read, and one that lost its read permission."""
    for name in (VANISHING, TURNS_UNREADABLE, TWINS[0]):
        shutil.copy(hostile.folder / name, tmp_path / name)
    change_after_listing(monkeypatch, tmp_path)
    outcomes = {o.name: o for o in read_documents([tmp_path], max_bytes=LIMIT)}
    assert sorted(outcomes) == sorted([VANISHING, TURNS_UNREADABLE, TWINS[0]])
    assert (outcomes[VANISHING].status, outcomes[VANISHING].reason) == ("quarantined", VANISHED)
    assert (outcomes[TURNS_UNREADABLE].status, outcomes[TURNS_UNREADABLE].reason) == (
        "quarantined",
        "cannot read the file: Permission denied",
    )
    assert outcomes[TWINS[0]].status == "processed"
    assert sleeps == []


def change_after_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Once `folder` is listed: delete VANISHING and take the read permission from TURNS_UNREADABLE.

    Root reads any file whatever its mode, so there the open itself is made to fail as it would.
    """
    real_walk = documents._walk

    def walk_then_change(top: Path) -> Iterator[Any]:
        listed = list(real_walk(top))
        if Path(top) == folder:
            (folder / VANISHING).unlink()
            (folder / TURNS_UNREADABLE).chmod(0)
            if os.name != "posix" or os.geteuid() == 0:
                failing_open(monkeypatch, folder / TURNS_UNREADABLE, errno.EACCES, times=None)
        return iter(listed)

    monkeypatch.setattr(documents, "_walk", walk_then_change)


def test_folder_that_cannot_be_listed_is_accounted_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It gives an unlistable folder an Outcome of its own instead of skipping what is in it silently."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "report.txt").write_text(
        "Meeting with Governor of Tula Region\nMay 5, 2020\n", encoding="utf-8"
    )
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(documents.os, "scandir", scandir)
    [outcome] = read_documents([tmp_path], max_bytes=LIMIT)
    assert (outcome.path, outcome.status, outcome.reason) == (
        str(locked),
        "quarantined",
        "cannot list the folder: Permission denied",
    )


# --- what the text holds ----------------------------------------------------------------------------------


def test_mixed_newlines_keep_the_offsets_of_a_newline_preserving_read(
    hostile: Hostiles, outcomes: list[Outcome]
) -> None:
    """It keeps CRLF, LF and CR as written, so every offset is the one open(..., newline="") gives."""
    path = hostile.folder / MIXED_NEWLINES
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    document = hostile.outcome(outcomes, MIXED_NEWLINES).document
    assert document is not None and document.text == text
    assert {"\r\n", "\r\r\n", "\n\r\n"} <= {m.group() for m in re.finditer(r"[\r\n]+", text)}
    figures = extract_figures(text, document.meeting_date)
    assert {f.surface for f in figures} >= {"24 billion roubles", "1.9 percent", "Some 300 families"}
    assert all(text[f.start : f.end] == f.surface for f in figures)


def test_html_keeps_the_article_and_drops_the_page_furniture(
    hostile: Hostiles, outcomes: list[Outcome]
) -> None:
    """It keeps the article's title, date and paragraphs; scripts, styles, menus, banners and footers go."""
    document = hostile.outcome(outcomes, HTML_FURNITURE).document
    assert document is not None
    assert document.text == (
        "Meeting with Kursk Region Governor Alexander Khinshtein\nJanuary 20, 2025\n\n"
        "The Governor reported that 42 schools had been repaired.\n\n"
        "Grain exports reached 1.8 million tonnes.\n"
    )
    for furniture in ("Style", "Script", "=cmd", "Header", "Nav", "Cookies", "Aside", "Footer", "Noscript"):
        assert furniture not in document.text


def test_html_entities_and_non_breaking_spaces_are_plain_text(
    hostile: Hostiles, outcomes: list[Outcome]
) -> None:
    """It decodes entities and turns non-breaking spaces into spaces, so figures read as in plain text."""
    document = hostile.outcome(outcomes, HTML_ENTITIES).document
    assert document is not None
    assert (
        "The region’s investment grew by 40 percent & reached 90 billion roubles — a record «for the decade»."
        in (document.text)
    )
    assert "\u00a0" not in document.text and "&" + "nbsp;" not in document.text
    surfaces = {f.surface for f in extract_figures(document.text, document.meeting_date)}
    assert {"40 percent", "90 billion roubles", "Some 1,500 hectares"} <= surfaces


@posix_only
def test_a_name_that_is_not_utf8_is_shown_with_escapes(hostile: Hostiles, outcomes: list[Outcome]) -> None:
    """It shows undecodable bytes of a file name as \\xNN, which tables, workbooks and JSON all accept."""
    [outcome] = [o for o in outcomes if o.name.startswith("bad-")]
    assert outcome.name == "bad-\\xff-bytes.txt"
    assert outcome.status == "processed"
    outcome.path.encode("utf-8")  # no lone surrogates


# --- absurd numbers ---------------------------------------------------------------------------------------


def test_absurd_numbers_give_no_figure_or_an_issue_never_a_silent_drop(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path]
) -> None:
    """It reads no figure from "1,2,3,4 percent" or an overflowing number, and every figure it does read
    is either in Facts or in Issues."""
    _, path = workbook
    facts = [r for r in sheet_records(path, "Facts") if r["Document"] == ABSURD_NUMBERS]
    surfaces = {r["Surface"] for r in facts}
    assert "61 million tonnes" in surfaces
    assert not any(("1,2" in s or "9999" in s or "quadrillion" in s) for s in surfaces), surfaces
    issues = [r for r in sheet_records(path, "Issues") if r["Document"] == ABSURD_NUMBERS]
    outcomes = read_documents([hostile.folder / ABSURD_NUMBERS], max_bytes=LIMIT)
    document = outcomes[0].document
    assert document is not None
    for figure in extract_figures(document.text, document.meeting_date):
        in_facts = any(r["Start"] == figure.start and r["End"] == figure.end for r in facts)
        in_issues = any(f"at {figure.start}–{figure.end}" in r["Message"] for r in issues)
        assert in_facts or in_issues, f"{figure.surface!r} at {figure.start} was dropped silently"


def test_a_power_of_ten_is_not_read_as_a_quantity() -> None:
    """It reads no figure, or one worth 1e30, from "10^30 tonnes"; never 10 or 30."""
    figures = extract_figures("The port handled 10^30 tonnes of cargo.")
    assert all(f.value >= 1e30 for f in figures), [(f.surface, f.value, f.unit) for f in figures]


@pytest.mark.parametrize(
    "text", ["Output was 900 trillion trillion roubles.", "It has 1.5 billion billion people."]
)
def test_a_doubled_scale_word_does_not_add_up(text: str) -> None:
    """It reads no figure, or the product, from "900 trillion trillion"; never the sum of the scales."""
    figures = extract_figures(text)
    assert all(f.value >= 1e18 for f in figures), [(f.surface, f.value) for f in figures]


# --- long lines -------------------------------------------------------------------------------------------


def test_a_run_on_line_is_left_out_with_an_issue_in_bounded_time(
    hostile: Hostiles, outcomes: list[Outcome]
) -> None:
    """It skips a 300,000-character sentence in well under a second, lists it in Issues, keeps the rest."""
    outcome = hostile.outcome(outcomes, LONG_LINES)
    document = outcome.document
    assert document is not None
    max_chars = get_settings().max_sentence_chars
    started = time.perf_counter()
    figures = limits.extract_bounded(document.text, document.meeting_date, max_sentence_chars=max_chars)
    elapsed = time.perf_counter() - started
    [(a, b)] = limits.long_sentences(document.text, max_chars)
    assert b - a >= RUN_ON_CHARS - 2  # the run-on line, bar its trailing ", "
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert {f.sentence for f in figures} == {
        "The territory built 12 bridges in 2021.",
        "Timber exports reached 4.5 million cubic metres.",
    }
    assert all(f.end <= a or f.start >= b for f in figures)
    assert all(document.text[f.start : f.end] == f.surface for f in figures)
    issues = issue_rows.long_sentence_issues([outcome], max_chars)
    assert issues.select("stage", "doc", "check").rows() == [("extract", LONG_LINES, "sentence_too_long")]
    assert issues.item(0, "message") == (
        f"the sentence at characters {a:,}–{b:,} is {b - a:,} characters long, over the limit of"
        f" {max_chars:,} (REGIONAL_REPORT_MAX_SENTENCE_CHARS): its figures were not extracted"
    )


@settings(deadline=None)
@given(text=genre_text, meeting=meeting_dates, max_chars=st.integers(min_value=1, max_value=120))
def test_bounded_extraction_only_ever_leaves_out_long_sentences(
    text: str, meeting: dt.date | None, max_chars: int
) -> None:
    """It finds what `extract_figures` finds when no sentence is over the limit, and otherwise only figures
    outside the long sentences, at the original text's offsets."""
    long = limits.long_sentences(text, max_chars)
    figures = limits.extract_bounded(text, meeting, max_sentence_chars=max_chars)
    if not long:
        assert figures == extract_figures(text, meeting)
    for f in figures:
        assert text[f.start : f.end] == f.surface
        assert all(f.end <= a or f.start >= b for a, b in long)


# --- the workbook -----------------------------------------------------------------------------------------


def test_no_formula_is_ever_written_from_input_text(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path]
) -> None:
    """It writes text that starts with = + - @ as plain strings: no sheet of the saved file holds a formula."""
    _, path = workbook
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        formulas = {n: FORMULA_ELEMENT.findall(archive.read(n)) for n in sheets}
    assert not any(formulas.values()), formulas
    book = openpyxl.load_workbook(path)
    strings = {
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s" and isinstance(cell.value, str)
    }
    assert FORMULA_NAME in strings
    title, *sentences = FORMULA_TEXTS
    assert title in strings
    facts = sheet_records(path, "Facts")
    written = {r["Sentence"] for r in facts if r["Document"] == FORMULAS}
    assert set(sentences) <= written, written


def test_identical_inputs_give_identical_cells(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path], tmp_path: Path
) -> None:
    """It writes the same cell values, sheet by sheet, when run again on the same inputs."""
    _, again = report_without_prefect([hostile.folder], tmp_path / "again.xlsx")
    assert sheet_values(again) == sheet_values(workbook[1])


def test_reordered_inputs_give_the_same_workbook(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path], tmp_path: Path
) -> None:
    """It writes the same workbook whatever order the files are named in, and as when given their folder."""
    files = hostile.files()
    shuffled = files[:]
    random.Random(1).shuffle(shuffled)
    _, reversed_ = report_without_prefect(files[::-1], tmp_path / "reversed.xlsx")
    _, mixed = report_without_prefect(shuffled, tmp_path / "shuffled.xlsx")
    assert sheet_values(mixed) == sheet_values(reversed_)
    overview = "Overview"  # it lists the inputs as given: the folder, or its files
    assert sheet_values(mixed, skip=[overview]) == sheet_values(workbook[1], skip=[overview])


SAVE_AND_HANG = """
import sys, time, zipfile
from pathlib import Path
import openpyxl
from regional_report.report import write_workbook

point, out = sys.argv[1], Path(sys.argv[2])
wb = openpyxl.Workbook()
for r in range(2000):
    wb.active.append([f"new {r}-{c}" for c in range(10)])

def hang() -> None:
    print("hanging", flush=True)
    time.sleep(120)

if point == "mid-write":  # a few parts of the zip are written, the rest are not
    real_writestr, calls = zipfile.ZipFile.writestr, []
    def writestr(self, *args, **kwargs):
        real_writestr(self, *args, **kwargs)
        calls.append(1)
        if len(calls) == 3:
            hang()
    zipfile.ZipFile.writestr = writestr
else:  # the temporary file is complete and synced, the rename has not happened
    real_replace = Path.replace
    def replace(self, target):
        hang()
    Path.replace = replace
write_workbook(wb, out)
"""


@posix_only
@pytest.mark.startup
@pytest.mark.parametrize("point", ["mid-write", "before-rename"])
def test_kill_9_during_the_save_leaves_the_previous_workbook_intact(
    hostile: Hostiles, workbook: tuple[run_summaries.RunSummary, Path], tmp_path: Path, point: str
) -> None:
    """It keeps the previous workbook whole and loadable when the saving process is killed outright."""
    out = tmp_path / "report.xlsx"
    shutil.copy(workbook[1], out)
    before = out.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", SAVE_AND_HANG, point, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as saver:
        assert saver.stdout is not None
        line = saver.stdout.readline()
        assert line == "hanging\n", saver.stderr.read() if saver.stderr else ""
        partial = list(tmp_path.glob(f".{out.name}.*.tmp"))
        assert len(partial) == 1 and partial[0].stat().st_size > 0, "the save was under way"
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=10)
    assert saver.returncode == -signal.SIGKILL
    assert out.read_bytes() == before
    assert sheet_values(out) == sheet_values(workbook[1])
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted([out.name, partial[0].name]), "only the dead save's hidden temp file is left"
    fresh = openpyxl.Workbook()
    write_workbook(fresh, out)  # the next save still works
    assert openpyxl.load_workbook(out).sheetnames == ["Sheet"]


# --- exit status and the command line ---------------------------------------------------------------------


def test_quarantine_ratio_counts_distinct_documents() -> None:
    """It leaves duplicates out of both sides of the share of quarantined documents."""
    assert run_summaries.quarantine_ratio(10, 4, 2) == 0.25
    assert run_summaries.quarantine_ratio(3, 3, 3) == 0.0
    assert run_summaries.quarantine_ratio(0, 0, 0) == 0.0


def summary(read: int, quarantined: int, duplicates: int = 0) -> run_summaries.RunSummary:
    return run_summaries.RunSummary(
        documents_read=read,
        documents_processed=read - quarantined,
        documents_quarantined=quarantined,
        duplicates=duplicates,
        figures=0,
        figures_quarantined=0,
        regions=0,
        issues=quarantined,
        workbook="report.xlsx",
    )


def test_quarantine_problem_names_the_share_and_the_setting() -> None:
    """It fails a run only above the configured share, and says by how much and which setting to change."""
    assert run_summaries.quarantine_problem(summary(10, 9), 1.0) is None  # the default never fails
    assert run_summaries.quarantine_problem(summary(10, 5), 0.5) is None
    assert run_summaries.quarantine_problem(summary(10, 5, duplicates=4), 0.2) is None  # 1 of 6
    assert run_summaries.quarantine_problem(summary(10, 6), 0.5) == (
        "6 of 10 documents were quarantined (60.0%), over the limit of 50.0% (REGIONAL_REPORT_MAX_QUARANTINE_RATIO)"
    )


def test_max_quarantine_ratio_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It defaults to 1 (never fail), reads REGIONAL_REPORT_MAX_QUARANTINE_RATIO, and refuses a share above 1."""
    monkeypatch.delenv("REGIONAL_REPORT_MAX_QUARANTINE_RATIO", raising=False)
    assert Settings().max_quarantine_ratio == 1.0
    monkeypatch.setenv("REGIONAL_REPORT_MAX_QUARANTINE_RATIO", "0.25")
    assert get_settings().max_quarantine_ratio == 0.25
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "--max-quarantine-ratio", "1.5"])
    assert exit_info.value.code == 2
    assert "must be between 0 and 1" in capsys.readouterr().err


def test_leading_dash_names_are_read_after_a_double_dash(
    hostile: Hostiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It reads a file named like an option once `--` ends the options, as Unix commands do."""
    monkeypatch.chdir(hostile.folder)
    with pytest.raises(SystemExit):
        cli.main(["extract", "-leading-dash.txt"])  # without `--` it is an unknown option
    capsys.readouterr()
    assert cli.main(["extract", "--", "-leading-dash.txt", "name with  spaces.txt"]) == 0
    docs = {line.split('"doc": ')[1].split('"')[1] for line in capsys.readouterr().out.splitlines()}
    assert docs == {"-leading-dash.txt", "name with  spaces.txt"}


def test_extract_command_survives_the_hostile_folder(
    hostile: Hostiles, capsys: pytest.CaptureFixture[str]
) -> None:
    """It prints valid JSON Lines for the readable files, names each skipped file and long sentence on
    stderr, and exits 0."""
    assert cli.main(["extract", str(hostile.folder)]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert {"bad-\\xff-bytes.txt", FORMULA_NAME, LONG_LINES} <= {r["doc"] for r in records}
    assert f"{LONG_LINES}: the sentence at " in captured.err
    assert "(REGIONAL_REPORT_MAX_SENTENCE_CHARS); its figures are not extracted" in captured.err
    assert f"skipped {hostile.folder / HUGE}: file is " in captured.err


@pytest.mark.prefect
def test_flow_run_over_the_hostile_folder_goes_on_and_writes_the_workbook(
    hostile: Hostiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It runs the real flow past every bad input (files vanishing and locking mid-run included), writes the
    workbook with every input in Sources, and exits 1 only because the quarantine share is over the limit (so
    the workbook goes beside the output, `report.failed.xlsx`, never over it)."""
    for name, value in cli.PREFECT_DEFAULTS.items():
        monkeypatch.setenv(name, os.environ.get(name, value))
    monkeypatch.setenv("REGIONAL_REPORT_CACHE", "false")
    folder = tmp_path / "inputs"
    build(folder)
    change_after_listing(monkeypatch, folder)
    extra = tmp_path / "cwd"
    extra.mkdir()
    shutil.copy(hostile.folder / "-leading-dash.txt", extra / "--looks-like-an-option.txt")
    (extra / "--looks-like-an-option.txt").write_text(
        "Meeting with Governor of Tula Region\nMay 6, 2020\n\nThe region built 3 schools.\n", encoding="utf-8"
    )
    monkeypatch.chdir(extra)
    out = tmp_path / "report.xlsx"

    args = [
        "--out",
        str(out),
        "--max-quarantine-ratio",
        "0.3",
        "--",
        str(folder),
        "--looks-like-an-option.txt",
    ]
    status = cli.main(["run", *args])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    assert re.search(
        r"\d+ of \d+ documents were quarantined \(\d+\.\d%\), over the limit of 30\.0%", captured.err
    )
    assert not out.exists()
    out = out.with_name("report.failed.xlsx")
    sources = {r["Path"]: r for r in sheet_records(out, "Sources")}
    expected = {str(folder / name) for name, h in hostile.manifest.items() if h.status is not None}
    assert set(sources) == expected | {"--looks-like-an-option.txt"}
    assert sources[str(folder / VANISHING)]["Reason"] == VANISHED
    assert sources[str(folder / TURNS_UNREADABLE)]["Reason"] == "cannot read the file: Permission denied"
    assert sources["--looks-like-an-option.txt"]["Status"] == "processed"
    assert sources[str(folder / LONG_LINES)]["Status"] == "processed"
    issues = sheet_records(out, "Issues")
    assert any(r["Check"] == "sentence_too_long" and r["Document"] == LONG_LINES for r in issues)
    with zipfile.ZipFile(out) as archive:
        assert not any(
            FORMULA_ELEMENT.search(archive.read(n))
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )


# --- never raises, at length ------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1")
TITLES = ("Meeting with Governor of Tula Region", '=HYPERLINK("x")', "", "Встреча с губернатором")
document_text = st.one_of(
    st.text(),
    st.builds(
        lambda title, day, body, newline: newline.join([title, day, "", body]),
        st.sampled_from(TITLES) | st.text(max_size=60),
        st.sampled_from(["May 5, 2020", "2021-11-04", "5 мая 2020 года", "February 30, 2021", ""]),
        genre_text,
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
)


@pytest.mark.slow
@settings(settings.get_profile("ci-slow"))
@given(
    text=document_text,
    encoding=st.sampled_from(ENCODINGS),
    html=st.booleans(),
    max_chars=st.sampled_from([40, 2_000]),
)
def test_reading_extraction_and_normalization_never_raise_at_length(
    tmp_path_factory: pytest.TempPathFactory, text: str, encoding: str, html: bool, max_chars: int
) -> None:
    """It reads, extracts and tabulates any text in any of the usual encodings, as a file or as HTML,
    without raising, over the ci-slow budget (10,000 examples); every figure points at its own words."""
    folder = tmp_path_factory.getbasetemp() / "never-raises"
    folder.mkdir(exist_ok=True)
    path = folder / ("page.html" if html else "report.txt")
    content = f"<html><body><article><p>{text}</p></article></body></html>" if html else text
    path.write_bytes(content.encode(encoding, errors="replace"))
    outcome = read_document(path, max_bytes=LIMIT)
    assert outcome.status == "processed" or outcome.reason
    document = outcome.document or document_from_text(text)
    figures = limits.extract_bounded(document.text, document.meeting_date, max_sentence_chars=max_chars)
    assert all(document.text[f.start : f.end] == f.surface for f in figures)
    normalized = dataclasses.replace(outcome, status="processed", sha256=document.sha256, document=document)
    raw = normalize.figures_frame([normalized], {document.sha256: figures})
    facts = normalize.normalized_frame(raw, [normalized])
    assert facts.height == raw.height == len(figures)
    assert frame_tables.sources_frame([normalized], frame_tables.figure_counts(facts)).height == 1
    assert isinstance(issue_rows.long_sentence_issues([normalized], max_chars), pl.DataFrame)
