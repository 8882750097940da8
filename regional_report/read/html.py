"""A saved web page reduced to plain text: title, date line, then the article's paragraphs.

In: decoded HTML. Out: the page's text (None when it holds none)."""

from __future__ import annotations

import re
from typing import Final

import lxml.html
from lxml import etree

from regional_report.read.header import parse_date

_NOISE_TAGS: Final = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template", "svg"}
)
_NOISE_MARK: Final = re.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|footer|share|sharing|social|breadcrumbs?|cookies?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_KEEP_TAGS: Final = frozenset({"html", "body", "article", "main"})
_BLOCK_TAGS: Final = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
        "blockquote", "pre", "dd", "dt", "dl", "figcaption", "figure", "table", "tr", "td", "th", "hr",
        "address", "center",
    }
)  # fmt: skip
_MAIN_XPATHS: Final = (
    "//article",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' read__internal_content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//main",
)
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_TITLE_SUFFIX: Final = re.compile(r"\s+[•|]\s+.*$")


# --- HTML ---------------------------------------------------------------------------------------


def render_html(markup: str) -> str | None:
    """The page as plain text: title, date line, then the article's paragraphs separated by blank lines."""
    markup = _XML_CONTROL.sub("", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return None
    try:
        return _render_tree(lxml.html.document_fromstring(markup))
    except (etree.LxmlError, ValueError):
        return None


def _render_tree(root: lxml.html.HtmlElement) -> str | None:
    """Render a parsed page (see `render_html`); None when it holds no title and no text."""
    for comment in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(comment)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _is_noise(element):
            _drop(element)
    main = _main_block(root)
    title_element = _title_element(main, root)
    title = _squash(title_element.text_content()) if title_element is not None else ""
    if not title:
        title = _TITLE_SUFFIX.sub("", _squash(" ".join(_xpath_strings(root, "//title//text()"))))
        title_element = None
    time_element = next(iter(main.iter("time")), None)
    if time_element is None:
        time_element = next(iter(root.iter("time")), None)
    date_line = _squash(time_element.text_content()) if time_element is not None else ""
    if time_element is not None and parse_date(date_line) is None:
        date_line = _squash(str(time_element.get("datetime") or "")) or date_line
    if not date_line:
        published = _xpath_strings(
            root, "//meta[@property='article:published_time' or @name='date']/@content"
        )
        date_line = _squash(published[0]) if published else ""
    skip = {element for element in (title_element, time_element) if element is not None}
    paragraphs = [block for block in _blocks(main, skip) if block != title]
    if not title and not paragraphs:
        return None
    header = "\n".join(part for part in (title, date_line) if part)
    return "\n\n".join(part for part in (header, *paragraphs) if part) + "\n"


def _xpath_strings(root: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """The string results of an XPath query (text nodes, attribute values)."""
    result = root.xpath(xpath)
    return [str(item) for item in result if isinstance(item, str)] if isinstance(result, list) else []


def _is_noise(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag.lower()
    if tag in _NOISE_TAGS:
        return True
    if tag in _KEEP_TAGS:
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_NOISE_MARK.search(marks))


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _main_block(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article: `<article>`, a known article class, `<main>`, else the richest block."""
    for xpath in _MAIN_XPATHS:
        found = root.xpath(xpath)
        if found and _squash(found[0].text_content()):
            element: lxml.html.HtmlElement = found[0]
            return element
    weights: dict[lxml.html.HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            weights[parent] = weights.get(parent, 0) + len(_squash(paragraph.text_content()))
    if weights:
        return max(weights, key=lambda element: weights[element])
    body = root.find("body")
    return body if body is not None else root


def _title_element(main: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for scope in (main, root):
        heading = next(iter(scope.iter("h1")), None)
        if heading is not None and _squash(heading.text_content()):
            return heading
    return None


def _blocks(element: lxml.html.HtmlElement, skip: set[lxml.html.HtmlElement]) -> list[str]:
    """The text of `element` cut at block-level tags, each piece squashed to one line."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        piece = _squash("".join(buffer))
        buffer.clear()
        if piece:
            out.append(piece)

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if node in skip:
            flush()
        else:
            is_block = tag in _BLOCK_TAGS
            if is_block:
                flush()
            if tag == "br":
                buffer.append(" ")
            buffer.append(node.text or "")
            for child in node:
                walk(child)
            if is_block:
                flush()
        buffer.append(node.tail or "")

    buffer.append(element.text or "")
    for child in element:
        walk(child)
    flush()
    return out


def _squash(text: str) -> str:
    """One line: entities already decoded by lxml, NBSP and other spaces collapsed to single spaces."""
    return " ".join(text.replace("\u00ad", "").replace("\u200b", "").split())
