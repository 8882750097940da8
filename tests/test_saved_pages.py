"""Saved pages of the President's website read exactly as well as their text.

Real cases come from ../shared/html (skipped when the shared folder is absent): `regional/` holds 48 saved
meeting pages whose text is in ../shared/corpus/en (its SOURCES.tsv maps each page to its text), `other/`
24 pages that are not a meeting with a regional head (a few marked `borderline`: a visit to a region, a
leadership change). The figures of a page are compared with those of its corpus text extracted by the same
code, so a change to the extractor cannot break the comparison. tests/data/documents/entry_page.html
was written for these tests in the site's markup, with its furniture (photo slider, person card, video,
"See also", tags and their counter, publication status, direct link, share buttons).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from factories import tsv_rows

from regional_report.extract import extract_figures
from regional_report.model import Document, Figure, Outcome
from regional_report.read import NOT_A_MEETING, document_from_text, read_document
from regional_report.read.header import read_header
from regional_report.read.html import render_html

SHARED = Path(__file__).resolve().parents[2] / "shared"
PAGES = SHARED / "html"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "data" / "documents"
LIMIT = 20_000_000
ZERO_WIDTH = re.compile("[\u200b\u00ad]")  # the corpus texts keep a few zero-width spaces; pages drop them
# What a page shows around the article and must not reach its text.
FURNITURE = re.compile(
    r"Direct link|kremlin\.ru/d/|See also|Publication (?:status|date)|Published in section|Text version"
    r"|Last updated|Send by email|\b\d+ more\b|^(?:Events|Geography|Topics|Persons|Share|Print)$",
    re.MULTILINE,
)
COMPARED = ("kind", "value", "unit", "qualifier", "value_max", "metric", "subject", "year", "scope", "status",
            "period", "per")  # fmt: skip

needs_pages = pytest.mark.skipif(not (PAGES / "SOURCES.tsv").is_file(), reason="shared saved pages absent")


def page_rows(*kinds: str) -> list[dict[str, str]]:
    """The rows of ../shared/html/SOURCES.tsv of the given kinds (none when the folder is absent)."""
    return [row for row in tsv_rows(PAGES / "SOURCES.tsv") if row["kind"] in kinds]


def read(path: Path) -> Outcome:
    outcome = read_document(path, max_bytes=LIMIT)
    assert outcome.document is not None, outcome.reason
    return outcome


def figures_of(document: Document) -> list[Figure]:
    return extract_figures(document.text, document.meeting_date)


def figure_differences(name: str, page: list[Figure], text: list[Figure]) -> list[str]:
    """One line per difference between the figures of a page and of its text, paired by surface in order."""
    by_surface: dict[str, tuple[list[Figure], list[Figure]]] = defaultdict(lambda: ([], []))
    for figure in page:
        by_surface[figure.surface][0].append(figure)
    for figure in text:
        by_surface[figure.surface][1].append(figure)
    lines: list[str] = []
    for surface, (in_page, in_text) in by_surface.items():
        for a, b in zip(in_page, in_text, strict=False):
            changed = [f"{field} {getattr(b, field)!r} -> {getattr(a, field)!r}" for field in COMPARED
                       if getattr(a, field) != getattr(b, field)]  # fmt: skip
            if changed:
                lines.append(f"{name}: {surface!r}: {'; '.join(changed)} (text -> page)")
        lines += [
            f"{name}: {surface!r}: only in the page ({f.kind}, {f.value})" for f in in_page[len(in_text) :]
        ]
        lines += [
            f"{name}: {surface!r}: only in the text ({f.kind}, {f.value})" for f in in_text[len(in_page) :]
        ]
    return lines


def paragraphs(text: str) -> list[str]:
    return [
        " ".join(ZERO_WIDTH.sub("", block).split()) for block in re.split(r"\n\s*\n", text) if block.strip()
    ]


# --- the 48 regional pages against their texts --------------------------------------------------


@needs_pages
@pytest.mark.corpus
def test_each_regional_page_gives_the_figures_of_its_text() -> None:
    """It extracts from each saved meeting page the figures of its corpus text: values, kinds, metrics."""
    rows = page_rows("regional")
    assert len(rows) == 48
    differences: list[str] = []
    total = 0
    for row in rows:
        page = read(PAGES / row["file"]).document
        text = read(CORPUS / row["corpus_file"]).document
        assert page is not None and text is not None
        page_figures, text_figures = figures_of(page), figures_of(text)
        total += len(text_figures)
        differences += figure_differences(row["file"], page_figures, text_figures)
    assert total > 500  # the comparison saw the corpus's figures, not empty texts
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences)


@needs_pages
@pytest.mark.corpus
@pytest.mark.parametrize("row", page_rows("regional"), ids=lambda row: row["file"])
def test_regional_page_reads_as_its_text(row: dict[str, str]) -> None:
    """It reduces a saved meeting page to its text: title, date line, place, lead and every paragraph."""
    page = read(PAGES / row["file"])
    text = read(CORPUS / row["corpus_file"])
    assert page.status == "processed", page.reason
    assert page.document is not None and text.document is not None
    assert paragraphs(page.document.text) == paragraphs(text.document.text)
    assert (page.document.title, page.document.meeting_date, page.document.region) == (
        text.document.title,
        text.document.meeting_date,
        text.document.region,
    )


@needs_pages
@pytest.mark.parametrize("row", page_rows("regional", "other", "borderline"), ids=lambda row: row["file"])
def test_saved_page_keeps_no_furniture(row: dict[str, str]) -> None:
    """It leaves out links, tags and their counters, "See also", person cards, sharing and the direct link."""
    document = read(PAGES / row["file"]).document
    assert document is not None
    assert document.title == row["title"]
    assert FURNITURE.findall(document.text) == []


# --- pages that are not a meeting with a regional head ------------------------------------------


@needs_pages
@pytest.mark.parametrize("row", page_rows("other"), ids=lambda row: row["file"])
def test_page_of_another_event_is_quarantined_saying_so(row: dict[str, str]) -> None:
    """It quarantines a call, a meeting with a foreign leader, a minister or a company head, saying what it is."""
    outcome = read(PAGES / row["file"])
    title = row["title"]
    assert outcome.status == "quarantined"
    assert outcome.reason == f"{NOT_A_MEETING}: {title[0].lower()}{title[1:]}"
    assert outcome.document is not None and outcome.document.region is None


@needs_pages
@pytest.mark.parametrize("row", page_rows("borderline"), ids=lambda row: row["file"])
def test_borderline_page_is_a_meeting_only_when_it_names_a_regional_head(row: dict[str, str]) -> None:
    """It processes a meeting whose lead names a region's head (a leadership change); a visit is quarantined."""
    outcome = read(PAGES / row["file"])
    assert outcome.document is not None
    if row["title"].lower().startswith("meeting with"):
        assert outcome.status == "processed", outcome.reason
        assert outcome.document.region is not None
    else:
        assert outcome.status == "quarantined"
        assert outcome.reason.startswith(f"{NOT_A_MEETING}: visit")


# --- the site's markup, on a page written for these tests ---------------------------------------


def test_entry_page_is_reduced_to_title_date_place_lead_and_transcript() -> None:
    """It renders an h-entry as the site's text: the date line with its clock time, no furniture."""
    outcome = read(FIXTURES / "entry_page.html")
    assert outcome.status == "processed", outcome.reason
    assert outcome.document is not None
    assert outcome.document.text == (
        "Working meeting with Tver Region Governor Igor Rudenya\n"
        "June 3, 2021, 15:20\n"
        "The Kremlin, Moscow\n"
        "\n"
        "The Governor briefed the President on the region’s socioeconomic situation.\n"
        "\n"
        "President of Russia Vladimir Putin: Mr Rudenya, how is the harvest?\n"
        "\n"
        "Governor of Tver Region Igor Rudenya: Mr President, the region harvested 420,000 tonnes of grain,"
        " up 12 percent. We built 14 schools.\n"
        "\n"
        "<…>\n"
    )
    assert (outcome.document.region, outcome.document.meeting_date) == ("Tver Region", date(2021, 6, 3))
    surfaces = [figure.surface for figure in figures_of(outcome.document)]
    assert surfaces == ["420,000 tonnes", "12 percent", "14 schools"]


def test_microformats_entry_of_any_site_is_read_the_same_way() -> None:
    """It reads an h-entry written by another site: title and date in its <header>, hidden text left out."""
    page = (
        "<html><body><nav>Home</nav><article class='h-entry'><header>"
        "<h1 class='p-name'>Meeting with Governor of Tula Region Alexei Dyumin</h1>"
        "<p>By <a class='p-author h-card'>Staff</a> on <time class='dt-published' datetime='2024-05-02'>"
        "May 2, 2024</time></p></header><p class='p-summary'>The Governor reported on the harvest.</p>"
        "<div class='e-content'><p>The region harvested 3 million tonnes.</p>"
        "<p style='display: none'>Hidden 99 tonnes</p></div>"
        "<footer><a rel='tag' href='/t'>Tula Region</a> <span>3 more</span></footer></article></body></html>"
    )
    assert render_html(page) == (
        "Meeting with Governor of Tula Region Alexei Dyumin\nMay 2, 2024\n\n"
        "The Governor reported on the harvest.\n\nThe region harvested 3 million tonnes.\n"
    )


# --- the genre rule on plain text ---------------------------------------------------------------


def text_of(title: str, lead: str, place: str = "The Kremlin, Moscow") -> str:
    return f"{title}\nMarch 4, 2013, 13:30\n{place}\n\n{lead}\n\nThe region built 14 schools.\n"


@pytest.mark.parametrize(
    ("title", "lead", "event"),
    [
        ("Telephone conversation with President of France Francois Hollande",
         "Vladimir Putin had a telephone conversation with President of France Francois Hollande.",
         "telephone conversation with President of France Francois Hollande"),
        ("Meeting with Minister of Agriculture Dmitry Patrushev",
         "The Minister reported on the harvest in Kursk Region.",
         "meeting with Minister of Agriculture Dmitry Patrushev"),
        ("Meeting with CEO of Rosatom Alexei Likhachev",
         "Alexei Likhachev briefed the President on the corporation's work.",
         "meeting with CEO of Rosatom Alexei Likhachev"),
        ("Meeting with Central Bank Governor Elvira Nabiullina",
         "The Governor reported on inflation.",
         "meeting with Central Bank Governor Elvira Nabiullina"),
        ("Working trip to Tula Region",
         "Vladimir Putin met with Governor of Tula Region Alexei Dyumin.",
         "working trip to Tula Region"),
        ("Meeting on economic issues",
         "The President held a meeting with members of the Government.",
         "meeting on economic issues"),
        ("Security Council meeting", "The President held a meeting of the Security Council.",
         "Security Council meeting"),
        ("Russian-Chinese talks", "The talks took place in the Kremlin.", "Russian-Chinese talks"),
    ],
    ids=lambda value: value[:40],
)  # fmt: skip
def test_text_of_another_event_is_quarantined_saying_so(title: str, lead: str, event: str) -> None:
    """It decides from an English title and lead that a plain text is not a meeting with a regional head."""
    document = document_from_text(text_of(title, lead))
    assert document.region is None
    assert read_reason(text_of(title, lead)) == f"{NOT_A_MEETING}: {event}"


@pytest.mark.parametrize(
    ("title", "lead", "region"),
    [
        ("Meeting with Acting Governor of Omsk Region Alexander Burkov", "Mr Burkov briefed the President.",
         "Omsk Region"),
        ("Meeting with Vladimir Gruzdev and Alexei Dyumin",
         "The President accepted the resignation of Tula Region Governor Vladimir Gruzdev.", "Tula Region"),
        ("Telephone conversation with Head of Daghestan Sergei Melikov", "They discussed the floods.",
         "Republic of Daghestan"),
        ("Meeting with the Mayor of Moscow", "Sergei Sobyanin reported on the city's budget.", "Moscow"),
        ("Meeting on the development of Smolensk Region",
         "The President met with Governor of Smolensk Region Vasily Anokhin.", "Smolensk Region"),
    ],
    ids=lambda value: value[:40],
)  # fmt: skip
def test_meeting_with_a_regional_head_stays_processed(title: str, lead: str, region: str) -> None:
    """It keeps a meeting, talk or call with a region's head named in the title or lead."""
    assert read_reason(text_of(title, lead)) == ""
    assert document_from_text(text_of(title, lead)).region == region


def test_meeting_with_several_regional_heads_keeps_its_region_reason() -> None:
    """It leaves a meeting with regional heads together to the region rule (no single region)."""
    text = text_of("Meeting with regional heads on countering the coronavirus", "The meeting was held.")
    assert read_reason(text) == "no region found in the title or lead paragraph"


def test_title_that_names_no_event_is_left_to_the_region_rule() -> None:
    """It decides nothing from a title that names no event or no one ("Notes", "Working meeting")."""
    assert read_reason("Notes\n\nThe harvest grew by 5 percent.\n") == (
        "no region found in the title or lead paragraph; no meeting date found in the first lines"
    )
    assert read_reason(text_of("Working meeting", "The talks went well.")) == (
        "no region found in the title or lead paragraph"
    )


def read_reason(text: str) -> str:
    """Why a .txt file with this text is quarantined ("" when it is processed)."""
    return "; ".join(read_header(text).problems)
