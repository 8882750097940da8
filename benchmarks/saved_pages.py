"""Saved pages of the President's website reduced to text, by ours and by maintained main-text extractors.

Run: uv run python benchmarks/saved_pages.py [--pages]
     uv run --with trafilatura --with readability-lxml --with justext --with boilerpy3 \
         python benchmarks/saved_pages.py [--pages]
For each of the 48 saved meeting pages of ../shared/html/regional, the text each extractor gives is set
against the page's text in ../shared/corpus/en (../shared/html/SOURCES.tsv maps them): lines of the text
lost and lines added (title, date line, place and paragraphs, compared whole, zero-width spaces aside),
closeness (difflib's ratio over the words), page furniture left ("Direct link", "See also", tag
counters, the tag and status headings), and figures that differ (the figures of the page's text and of
the corpus text, by the same extractor, compared on everything but their offsets). Times are the
reduction of a decoded page, median and slowest, after a warm-up; `read` is our whole reader on the file
(bytes, decoding, reduction, header). The other extractors give no date line: `+ header` rows put our
title, date line, place and lead before their text, as the pipeline would have to. Extractors that are
not installed are skipped. `--pages` prints one row per page for each extractor.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

from regional_report.extract import extract_figures
from regional_report.read import read_document
from regional_report.read.decode import decode
from regional_report.read.header import read_header
from regional_report.read.html import render_html

SHARED = Path(__file__).resolve().parents[2] / "shared"
ZERO_WIDTH = re.compile("[\u200b\u00ad]")
FURNITURE = re.compile(
    r"Direct link|kremlin\.ru/d/|See also|Publication (?:status|date)|Published in section|Text version"
    r"|Last updated|Send by email|\b\d+ more\b|^(?:Events|Geography|Topics|Persons|Share|Print)$",
    re.MULTILINE,
)

PLACEHOLDER = "(the article body)"
Reducer = Callable[[str], str]


def trafilatura_text(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_tables=True) or ""


def readability_text(markup: str) -> str:
    from readability import Document

    document = Document(markup)
    root = lxml.html.fromstring(document.summary(html_partial=True))
    blocks = [
        " ".join(e.text_content().split()) for e in root.iter("p", "h1", "h2", "h3", "li", "blockquote")
    ]
    return "\n".join([document.title(), *blocks])


def justext_text(markup: str) -> str:
    import justext

    paragraphs = justext.justext(markup.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def boilerpy3_text(markup: str) -> str:
    from boilerpy3 import extractors

    return str(extractors.ArticleExtractor(raise_on_failure=False).get_content(markup))


def header_of(markup: str) -> str:
    """Our title, date line, place and lead of a page: its rendering with the article body left out."""
    root = lxml.html.document_fromstring(markup)
    for body in root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' e-content ')]"):
        for child in list(body):
            body.remove(child)
        body.text = PLACEHOLDER
    rendered = render_html(lxml.html.tostring(root, encoding="unicode")) or ""
    return rendered.replace(PLACEHOLDER, "")


def with_header(reduce: Reducer) -> Reducer:
    return lambda markup: header_of(markup) + "\n" + reduce(markup)


def available() -> dict[str, Reducer]:
    reducers: dict[str, Reducer] = {"ours": lambda markup: render_html(markup) or ""}
    for name, module, reduce in (
        ("trafilatura", "trafilatura", trafilatura_text),
        ("readability-lxml", "readability", readability_text),
        ("justext", "justext", justext_text),
        ("boilerpy3", "boilerpy3", boilerpy3_text),
    ):
        try:
            __import__(module)
        except ImportError:
            print(f"({name} not installed: skipped)")
            continue
        reducers[name] = reduce
        reducers[f"{name} + header"] = with_header(reduce)
    return reducers


def lines(text: str) -> list[str]:
    return [" ".join(ZERO_WIDTH.sub("", line).split()) for line in text.splitlines() if line.strip()]


def figures(text: str) -> Counter[tuple[object, ...]]:
    date = read_header(text).meeting_date
    return Counter(
        (f.surface, f.kind, f.value, f.unit, f.qualifier, f.value_max, f.metric, f.subject, f.year,
         f.scope, f.status, f.period, f.per)
        for f in extract_figures(text, date)
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", action="store_true", help="one row per page for each extractor")
    args = parser.parse_args()
    with (SHARED / "html" / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["kind"] == "regional"]
    pages = [(row["file"], decode((SHARED / "html" / row["file"]).read_bytes(), html=True)) for row in rows]
    texts = [(SHARED / "corpus" / row["corpus_file"]).read_text(encoding="utf-8") for row in rows]
    corpus_figures = [figures(text) for text in texts]
    print(f"{len(rows)} pages; {sum(len(lines(t)) for t in texts)} lines and "
          f"{sum(sum(c.values()) for c in corpus_figures)} figures in their corpus texts")  # fmt: skip
    print(f"{'extractor':28} {'same':>5} {'close':>6} {'lost':>5} {'added':>6} {'furn':>5} {'figdiff':>8} "
          f"{'ms med':>7} {'ms max':>7}")  # fmt: skip
    for name, reduce in available().items():
        reduce(pages[0][1].text if not isinstance(pages[0][1], str) else "")  # warm up (imports, tables)
        same = lost = added = furniture = figure_diffs = 0
        closeness: list[float] = []
        times: list[float] = []
        for (file, decoded), text, text_figures in zip(pages, texts, corpus_figures, strict=True):
            assert not isinstance(decoded, str), decoded
            start = time.perf_counter()
            reduced = reduce(decoded.text)
            times.append(time.perf_counter() - start)
            want, got = lines(text), lines(reduced)
            page_lost, page_added = len(Counter(want) - Counter(got)), len(Counter(got) - Counter(want))
            ratio = difflib.SequenceMatcher(None, text.split(), reduced.split(), autojunk=False).ratio()
            page_furniture = len(FURNITURE.findall(reduced))
            page_figures = figures(reduced)
            diffs = sum(((page_figures - text_figures) + (text_figures - page_figures)).values())
            same += want == got
            lost, added, furniture, figure_diffs = (
                lost + page_lost, added + page_added, furniture + page_furniture, figure_diffs + diffs)  # fmt: skip
            closeness.append(ratio)
            if args.pages:
                print(f"   {name:24} {file:22} close {ratio:.4f} lost {page_lost:3} added {page_added:3} "
                      f"furniture {page_furniture:3} figures differing {diffs:3}")  # fmt: skip
        print(f"{name:28} {same:5} {statistics.mean(closeness):6.4f} {lost:5} {added:6} {furniture:5} "
              f"{figure_diffs:8} {1000 * statistics.median(times):7.1f} {1000 * max(times):7.1f}")  # fmt: skip
    read_times = []
    for row in rows:
        start = time.perf_counter()
        read_document(SHARED / "html" / row["file"], max_bytes=20_000_000)
        read_times.append(time.perf_counter() - start)
    print(f"{'read (ours, whole file)':28} {'':5} {'':6} {'':5} {'':6} {'':5} {'':8} "
          f"{1000 * statistics.median(read_times):7.1f} {1000 * max(read_times):7.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
