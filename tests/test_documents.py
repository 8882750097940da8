"""Tests for the document reader.

Corpus cases compare against ../shared/corpus/SOURCES.tsv (skipped when the shared folder is absent).
The small files in tests/data/documents/ were written for these tests: each exercises one encoding or
page shape (cp1251, Latin-1, UTF-16 and UTF-8 with BOM, CRLF, empty, whitespace, binary, HTML).
Cases that need odd file-system states (symlink loops, duplicates, odd names) are built in tmp_path.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import tsv_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lanes import examples

from regional_report.model import Outcome
from regional_report.read import document_from_text, parse_date, read_document, read_documents
from regional_report.regions import canonical_region

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "smolensk-region_2025-09-10.txt"
FIXTURES = Path(__file__).resolve().parent / "data" / "documents"
LIMIT = 20_000_000

needs_corpus = pytest.mark.skipif(not (CORPUS / "SOURCES.tsv").is_file(), reason="shared corpus absent")


def corpus_rows(*folders: str) -> list[dict[str, str]]:
    """The SOURCES.tsv rows of files in the given corpus folders (none when the corpus is absent)."""
    return [row for row in tsv_rows(CORPUS / "SOURCES.tsv") if row["file"].split("/")[0] in folders]


def english_region(value: str) -> str:
    """The English name from a SOURCES.tsv region cell ("Брянская область (Bryansk Region)")."""
    if value.endswith(")") and "(" in value:
        return value[value.rindex("(") + 1 : -1]
    return value


def read_one(path: Path, *, max_bytes: int = LIMIT) -> Outcome:
    outcome = read_document(path, max_bytes=max_bytes)
    assert outcome.path == str(path)
    assert outcome.name == path.name
    return outcome


def utf8_with_newlines_kept(path: Path) -> str:
    """The text as the scorer reads it."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


# --- the real corpus ----------------------------------------------------------------------------


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", corpus_rows("en", "ru"), ids=lambda row: row["file"])
def test_corpus_document_has_the_listed_region_and_date(row: dict[str, str]) -> None:
    """It reads the region and meeting date that SOURCES.tsv lists for each single-region report."""
    path = CORPUS / row["file"]
    outcome = read_one(path)
    expected = canonical_region(english_region(row["region"]))
    assert expected is not None, row["region"]
    if row["language"] == "ru":
        assert outcome.status == "quarantined"
        assert outcome.reason == "Russian-language text: the figure grammar reads English only"
    else:
        assert outcome.status == "processed", outcome.reason
    assert outcome.document is not None
    assert outcome.document.region == expected.name
    assert outcome.document.meeting_date == date.fromisoformat(row["date"])
    assert outcome.document.title == row["title"]
    assert outcome.document.text == utf8_with_newlines_kept(path)


@needs_corpus
@pytest.mark.corpus
def test_corpus_folders_hold_exactly_the_listed_files() -> None:
    """It has a SOURCES.tsv row for every file in en/ and ru/, so no file escapes the check above."""
    listed = {row["file"] for row in corpus_rows("en", "ru")}
    on_disk = {
        f"{path.parent.name}/{path.name}" for folder in ("en", "ru") for path in (CORPUS / folder).iterdir()
    }
    assert listed == on_disk


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", corpus_rows("en-multi"), ids=lambda row: row["file"])
def test_multi_region_document_has_no_region(row: dict[str, str]) -> None:
    """It sets no region for a meeting with several regional heads, and says why."""
    outcome = read_one(CORPUS / row["file"])
    assert outcome.status == "quarantined"
    assert "region" in outcome.reason
    assert outcome.document is not None
    assert outcome.document.region is None
    assert outcome.document.meeting_date == date.fromisoformat(row["date"])


@pytest.mark.skipif(not SEED.is_file(), reason="shared seed absent")
def test_seed_is_smolensk_on_10_september_2025() -> None:
    """It reads the seed as a processed Smolensk Region meeting of 2025-09-10, offsets as the scorer's."""
    outcome = read_one(SEED)
    assert outcome.status == "processed"
    assert outcome.document is not None
    assert outcome.document.region == "Smolensk Region"
    assert outcome.document.meeting_date == date(2025, 9, 10)
    assert outcome.document.title == "Meeting with Smolensk Region Governor Vasily Anokhin"
    assert outcome.document.text == utf8_with_newlines_kept(SEED)


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encodings", "region", "meeting_date"),
    [
        ("cp1251_bryansk.txt", {"cp1251"}, "Bryansk Region", date(2025, 2, 13)),
        ("latin1_smolensk.txt", {"cp1252", "latin_1", "iso8859_15"}, "Smolensk Region", date(2025, 9, 10)),
        ("utf16_tatarstan.txt", {"utf-16"}, "Republic of Tatarstan", date(2019, 2, 12)),
        ("kremlin_cp1251.htm", {"cp1251"}, "Chuvash Republic", date(2025, 3, 26)),
    ],
)
def test_legacy_encodings_are_decoded(
    name: str, encodings: set[str], region: str, meeting_date: date
) -> None:
    """It decodes cp1251, Latin-1, UTF-16 and meta-declared charsets and records the encoding.

    Russian texts decode fully but are set aside: the figure grammar reads English only.
    """
    outcome = read_one(FIXTURES / name)
    assert outcome.document is not None
    if outcome.document.language == "ru":
        assert outcome.reason == "Russian-language text: the figure grammar reads English only"
    else:
        assert outcome.status == "processed", outcome.reason
    assert outcome.document is not None
    assert outcome.document.encoding in encodings
    assert outcome.document.region == region
    assert outcome.document.meeting_date == meeting_date
    assert "\ufffd" not in outcome.document.text


def test_latin1_text_keeps_its_accents() -> None:
    """It restores the accented letters of a Latin-1 file."""
    outcome = read_one(FIXTURES / "latin1_smolensk.txt")
    assert outcome.document is not None
    expected = (FIXTURES / "latin1_smolensk.txt").read_bytes().decode("latin-1")
    assert outcome.document.text == expected
    assert "café" in outcome.document.text


def test_utf8_bom_is_kept_in_text_but_not_in_title() -> None:
    """It keeps a UTF-8 BOM, as the scorer's reading does, yet titles the document without it."""
    path = FIXTURES / "utf8_bom_sevastopol.txt"
    outcome = read_one(path)
    assert outcome.document is not None
    assert outcome.document.text.startswith("\ufeff")
    assert outcome.document.text == utf8_with_newlines_kept(path)
    assert outcome.document.title == "Meeting with Governor of Sevastopol"
    assert outcome.document.region == "Sevastopol"


def test_crlf_newlines_are_kept_as_they_are() -> None:
    """It keeps CRLF line ends, so offsets equal those of open(..., newline="")."""
    path = FIXTURES / "crlf_pskov.txt"
    outcome = read_one(path)
    assert outcome.document is not None
    assert "\r\n" in outcome.document.text
    assert outcome.document.text == utf8_with_newlines_kept(path)
    assert outcome.document.region == "Pskov Region"


# --- files that are not documents ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "only whitespace"),
        ("binary_junk.txt", "binary file: not text"),
    ],
)
def test_non_documents_are_quarantined_with_a_reason(name: str, reason: str) -> None:
    """It sets aside empty, blank and binary files, saying which."""
    outcome = read_one(FIXTURES / name)
    assert outcome.status == "quarantined"
    assert outcome.reason == reason
    assert outcome.document is None


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    """It takes text that decodes but is mostly control characters for binary junk."""
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 9)) * 100)
    outcome = read_one(path)
    assert outcome.status == "quarantined"
    assert outcome.reason == "binary file: not text"


def test_oversize_file_is_quarantined_unread(tmp_path: Path) -> None:
    """It quarantines a file over the size limit and names the setting."""
    path = tmp_path / "big.txt"
    path.write_text("Meeting with Governor of Pskov Region\n" * 100, encoding="utf-8")
    size = path.stat().st_size
    outcome = read_one(path, max_bytes=1000)
    assert outcome.status == "quarantined"
    assert outcome.reason == (
        f"file is {size} bytes, over the limit of 1000 (REGIONAL_REPORT_MAX_DOCUMENT_BYTES)"
    )


def test_missing_file_and_directory_are_quarantined_with_the_os_message(tmp_path: Path) -> None:
    """It reports a vanished file, a folder and a broken symlink with the operating system's words."""
    missing = read_one(tmp_path / "gone.txt")
    assert missing.status == "quarantined"
    assert missing.reason == "cannot read the file: No such file or directory"
    folder = read_one(tmp_path)
    assert folder.reason == "cannot read the file: Is a directory"
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    assert read_one(broken).reason == "cannot read the file: No such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_quarantined(tmp_path: Path) -> None:
    """It reports a file without read permission."""
    path = tmp_path / "secret.txt"
    path.write_text("Meeting with Governor of Pskov Region\nAugust 14, 2017\n", encoding="utf-8")
    path.chmod(0)
    try:
        outcome = read_one(path)
    finally:
        path.chmod(0o600)
    assert outcome.reason == "cannot read the file: Permission denied"


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_is_rendered_to_its_article() -> None:
    """It keeps the article's title, date and paragraphs and drops scripts, menus, asides and footers."""
    outcome = read_one(FIXTURES / "article.html")
    assert outcome.status == "processed", outcome.reason
    assert outcome.document is not None
    assert outcome.document.text == (
        "Meeting with Kursk Region Governor Alexander Mikhailov\n"
        "October 16, 2017, 14:15\n"
        "\n"
        "Sochi\n"
        "\n"
        "Vladimir Putin had a meeting with Kursk Region Governor Alexander Mikhailov & discussed the"
        " region’s budget.\n"
        "\n"
        "The grain harvest reached 5.2 million tonnes — a record.\n"
    )
    assert outcome.document.region == "Kursk Region"
    assert outcome.document.meeting_date == date(2017, 10, 16)


def test_html_without_article_uses_the_richest_block_and_the_page_title(tmp_path: Path) -> None:
    """It falls back to <title> and to the block with the most paragraph text."""
    path = tmp_path / "plain.htm"
    path.write_text(
        "<html><head><title>Meeting with Tomsk Region Governor | President of Russia</title></head><body>"
        "<div class='menu'><p>Home</p></div><div><p>Short.</p></div>"
        "<div><p>August 21, 2017</p><p>The Governor said 40&nbsp;schools were built in the region.</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    outcome = read_one(path)
    assert outcome.document is not None
    assert outcome.document.title == "Meeting with Tomsk Region Governor"
    assert outcome.document.region == "Tomsk Region"
    assert outcome.document.meeting_date == date(2017, 8, 21)
    assert "Home" not in outcome.document.text
    assert "40 schools" in outcome.document.text


def test_html_without_text_is_quarantined(tmp_path: Path) -> None:
    """It quarantines a page whose markup holds no readable text."""
    path = tmp_path / "blank.html"
    path.write_text(
        "<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>", encoding="utf-8"
    )
    outcome = read_one(path)
    assert outcome.status == "quarantined"
    assert outcome.reason == "HTML page has no readable text"


# --- folders, duplicates, names -----------------------------------------------------------------


def test_folder_is_read_recursively_in_path_order_skipping_hidden_files(tmp_path: Path) -> None:
    """It reads report files under a folder, sorted, skipping hidden files and other extensions."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(FIXTURES / "crlf_pskov.txt", tmp_path / "b" / "pskov.txt")
    shutil.copy(FIXTURES / "article.html", tmp_path / "a.html")
    shutil.copy(FIXTURES / "cp1251_bryansk.txt", tmp_path / ".hidden" / "bryansk.txt")
    shutil.copy(FIXTURES / "utf16_tatarstan.txt", tmp_path / ".secret.txt")
    (tmp_path / "notes.md").write_text("Meeting with Governor of Tula Region\n", encoding="utf-8")
    outcomes = read_documents([tmp_path], max_bytes=LIMIT)
    assert [Path(outcome.path).relative_to(tmp_path).as_posix() for outcome in outcomes] == [
        "a.html",
        "b/pskov.txt",
    ]


def test_explicit_file_of_any_extension_is_read(tmp_path: Path) -> None:
    """It reads a file named directly whatever its extension, as text."""
    path = tmp_path / "report.md"
    path.write_text("Meeting with Governor of Tula Region\nMay 5, 2020\n\nText.\n", encoding="utf-8")
    [outcome] = read_documents([path], max_bytes=LIMIT)
    assert outcome.status == "processed"
    assert outcome.document is not None
    assert outcome.document.region == "Tula Region"


def test_duplicates_after_the_first_are_marked(tmp_path: Path) -> None:
    """It marks a file with the same bytes as an earlier one as a duplicate of that file."""
    shutil.copy(FIXTURES / "crlf_pskov.txt", tmp_path / "1-first.txt")
    shutil.copy(FIXTURES / "crlf_pskov.txt", tmp_path / "2-copy.txt")
    shutil.copy(FIXTURES / "cp1251_bryansk.txt", tmp_path / "3-other.txt")
    outcomes = read_documents([tmp_path], max_bytes=LIMIT)
    assert [outcome.status for outcome in outcomes] == ["processed", "duplicate", "quarantined"]
    assert outcomes[1].reason == "same content as 1-first.txt"
    assert outcomes[1].sha256 == outcomes[0].sha256
    assert outcomes[1].document is None


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    """It enters each real folder once, so a symlink pointing back up ends the walk."""
    inner = tmp_path / "inner"
    inner.mkdir()
    shutil.copy(FIXTURES / "crlf_pskov.txt", inner / "pskov.txt")
    (inner / "loop").symlink_to(tmp_path, target_is_directory=True)
    (inner / "self").symlink_to(inner, target_is_directory=True)
    outcomes = read_documents([tmp_path], max_bytes=LIMIT)
    assert [outcome.name for outcome in outcomes] == ["pskov.txt"]
    assert outcomes[0].status == "processed"


def test_file_names_with_spaces_unicode_and_leading_dash_are_read(tmp_path: Path) -> None:
    """It reads files whose names have spaces, non-ASCII letters or a leading dash."""
    names = ["-leading dash.txt", "Смоленск report é.txt", "with  two spaces.txt"]
    for index, name in enumerate(names):
        (tmp_path / name).write_text(
            f"Meeting with Smolensk Region Governor\nSeptember {index + 1}, 2025\n\nText.\n", encoding="utf-8"
        )
    outcomes = read_documents([tmp_path], max_bytes=LIMIT)
    assert sorted(outcome.name for outcome in outcomes) == sorted(names)
    assert all(outcome.status == "processed" for outcome in outcomes)


def test_missing_input_path_gives_an_outcome(tmp_path: Path) -> None:
    """It returns a quarantined Outcome, not an error, for an input path that does not exist."""
    [outcome] = read_documents([tmp_path / "nope.txt"], max_bytes=LIMIT)
    assert outcome.status == "quarantined"
    assert "No such file or directory" in outcome.reason


# --- title, date and region from text -----------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("September 10, 2025", date(2025, 9, 10)),
        ("September 10, 2025, 14:10", date(2025, 9, 10)),
        ("2021-11-04T20:15:00Z", date(2021, 11, 4)),
        ("10 September 2025", date(2025, 9, 10)),
        ("10 сентября 2025 года", date(2025, 9, 10)),
        ("Sept. 3, 2024", date(2024, 9, 3)),
    ],
)
def test_meeting_date_formats(date_line: str, expected: date) -> None:
    """It reads the date line in English, ISO and Russian forms."""
    document = document_from_text(f"Meeting with Governor of Omsk Region\n{date_line}\nOmsk\n\nText.\n")
    assert document.meeting_date == expected


def test_meeting_date_falls_back_to_the_first_date_near_the_top() -> None:
    """It takes the first valid date in the first 600 characters when no line is only a date."""
    text = "Meeting with Governor of Omsk Region\n\nOn February 30, 2020 nothing; on March 3, 2020 the talks began.\n"
    assert document_from_text(text).meeting_date == date(2020, 3, 3)
    late = "Meeting with Governor of Omsk Region\n\n" + "x " * 400 + "March 3, 2020\n"
    assert document_from_text(late).meeting_date is None


def test_title_is_the_first_non_empty_line() -> None:
    """It titles a document with its first non-empty line, stripped."""
    document = document_from_text("\n\n  Meeting with Governor of Omsk Region  \nMay 1, 2020\n")
    assert document.title == "Meeting with Governor of Omsk Region"
    assert document.region == "Omsk Region"


def test_region_comes_from_a_role_phrase_in_the_lead_when_the_title_has_none() -> None:
    """It finds the head's region in the lead paragraph, never in the place line."""
    text = (
        "Working meeting with a regional head\n"
        "August 14, 2017, 14:50\n"
        "Novo-Ogaryovo, Moscow Region\n"
        "\n"
        "Vladimir Putin had a working meeting with Governor of the Pskov Region Andrei Turchak.\n"
    )
    assert document_from_text(text).region == "Pskov Region"


def test_place_line_is_never_the_region(tmp_path: Path) -> None:
    """It quarantines a report whose only region is in the place line."""
    path = tmp_path / "nowhere.txt"
    path.write_text(
        "Working meeting\nAugust 14, 2017\nNovo-Ogaryovo, Moscow Region\n\nThe talks went well.\n",
        encoding="utf-8",
    )
    outcome = read_one(path)
    assert outcome.status == "quarantined"
    assert outcome.reason == "no region found in the title or lead paragraph"
    assert outcome.document is not None
    assert outcome.document.region is None
    assert outcome.document.meeting_date == date(2017, 8, 14)


def test_several_regions_in_the_title_give_no_region(tmp_path: Path) -> None:
    """It sets no region when the title names several, and lists them in the reason."""
    path = tmp_path / "two.txt"
    path.write_text(
        "Meeting with governors of Tula Region and Kaluga Region\nMay 5, 2020\n\nText.\n", encoding="utf-8"
    )
    outcome = read_one(path)
    assert outcome.status == "quarantined"
    assert outcome.reason.startswith("several regions in the title (Tula Region, Kaluga Region)")


def test_missing_date_is_quarantined_with_the_document(tmp_path: Path) -> None:
    """It keeps the Document of a report without a date but quarantines it with a reason."""
    path = tmp_path / "undated.txt"
    path.write_text("Meeting with Governor of Tula Region\n\nThe Governor reported.\n", encoding="utf-8")
    outcome = read_one(path)
    assert outcome.status == "quarantined"
    assert outcome.reason == "no meeting date found in the first lines"
    assert outcome.document is not None
    assert outcome.document.region == "Tula Region"


def test_document_from_text_checksums_the_given_bytes() -> None:
    """It names the document after its path and hashes the raw bytes when given."""
    document = document_from_text("Meeting with Governor of Tula Region\n", path="/x/y/tula.txt", raw=b"abc")
    assert document.name == "tula.txt"
    assert document.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_parse_date_skips_impossible_dates() -> None:
    """It ignores a date that does not exist and takes the next one."""
    assert parse_date("February 30, 2021 or 2021-02-28") == date(2021, 2, 28)
    assert parse_date("no date here") is None


@settings(max_examples=examples(100), deadline=None)
@given(st.text())
def test_document_from_text_never_raises(text: str) -> None:
    """It builds a Document from any text."""
    document = document_from_text(text)
    assert document.text == text


@settings(
    max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000))
def test_read_document_never_raises(tmp_path: Path, content: bytes) -> None:
    """It returns an Outcome with a reason for any bytes at all."""
    path = tmp_path / "any.txt"
    path.write_bytes(content)
    outcome = read_document(path, max_bytes=LIMIT)
    assert outcome.status in {"processed", "quarantined"}
    assert outcome.status == "processed" or outcome.reason


MARKUP = st.sampled_from(
    ["<p>", "</p>", "<article>", "<h1>", "</h1>", "<br>", "<nav class='menu'>", "<!--", "-->", "<script>",
     "&nbsp;", "&amp;", "\x00", "\x0b", "\x1f", "<?xml version='1.0' encoding='utf-8'?>", "<title>",
     "<meta charset='bogus'>", "Tula Region", "May 5, 2020"]
)  # fmt: skip


@settings(
    max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=20))
def test_read_document_never_raises_on_html(tmp_path: Path, parts: list[str]) -> None:
    """It returns an Outcome for any markup, however broken."""
    path = tmp_path / "any.html"
    path.write_bytes("".join(parts).encode("utf-8", errors="surrogatepass"))
    outcome = read_document(path, max_bytes=LIMIT)
    assert outcome.status == "processed" or outcome.reason
