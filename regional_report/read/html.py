"""A saved web page reduced to plain text: title, date line, then the article's paragraphs.

In: decoded HTML. Out: the page's text (None when it holds none)."""

from __future__ import annotations

import re
from typing import Final, NamedTuple

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


class _Marks(NamedTuple):
    """How a part of an entry is marked: microformats classes, schema.org itemprops, else a tag."""

    classes: frozenset[str]
    itemprops: frozenset[str]
    tag: str = ""


_ENTRY_CLASSES: Final = frozenset({"h-entry", "hentry"})
_ENTRY_BODY: Final = _Marks(frozenset({"e-content", "entry-content"}), frozenset({"articleBody"}))
_ENTRY_TITLE: Final = _Marks(frozenset({"p-name", "entry-title"}), frozenset({"headline"}), "h1")
_ENTRY_PUBLISHED: Final = _Marks(
    frozenset({"dt-published", "published"}), frozenset({"datePublished"}), "time"
)
_ENTRY_PLACE: Final = _Marks(frozenset({"p-location"}), frozenset({"contentLocation", "locationCreated"}))
_ENTRY_LEAD: Final = _Marks(frozenset({"p-summary", "entry-summary"}), frozenset({"description"}))
# Inside an entry, what is not its text: the site's mark for blocks left out of quoted text ("masha-ignore":
# photo sliders, pop-up person cards, "See also", tags, the publication status), hidden elements, asides.
_FURNITURE_CLASSES: Final = frozenset({"hidden", "masha-ignore", "hidden-copy"})
_FURNITURE_ROLES: Final = frozenset(  # landmarks around an article, and widgets (a photo slider is a listbox)
    {"complementary", "navigation", "banner", "contentinfo", "search", "dialog", "tooltip", "listbox", "menu",
     "menubar", "toolbar", "tablist", "button"}
)  # fmt: skip
# The noise tags bar <header>, which in an entry holds its title and date; and media with their captions.
_ENTRY_FURNITURE_TAGS: Final = (_NOISE_TAGS - {"header"}) | {"button", "figure", "img", "video", "audio"}
_HIDDEN_STYLE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CLOCK: Final = re.compile(r"\b\d{1,2}:\d{2}\b")
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
    entry = _entry(root)
    if entry is not None:
        rendered = _render_entry(entry)
        if rendered is not None:
            return rendered
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _is_noise(element):
            _drop(element)
    main = _main_block(root)
    title_element = _title_element(main, root)
    title = _squash(title_element.text_content()) if title_element is not None else ""
    if not title:
        title = _TITLE_SUFFIX.sub("", _squash(" ".join(_xpath_strings(root, "//title//text()"))))
        title_element = None
    time_element, date_line = _dated_by(main, root)
    skip = {element for element in (title_element, time_element) if element is not None}
    paragraphs = [block for block in _blocks(main, skip) if block != title]
    if not title and not paragraphs:
        return None
    header = "\n".join(part for part in (title, date_line) if part)
    return "\n\n".join(part for part in (header, *paragraphs) if part) + "\n"


def _dated_by(
    main: lxml.html.HtmlElement, root: lxml.html.HtmlElement
) -> tuple[lxml.html.HtmlElement | None, str]:
    """The page's `<time>` element (the main block's first, else the page's) and its date line: its text, or
    its `datetime` when the text is no date; without one, the page's published-time meta tag."""
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
    return time_element, date_line


# --- an article marked up as an entry -----------------------------------------------------------


def _entry(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The article marked up as an entry (microformats h-entry/hentry, or schema.org's Article with its
    articleBody), when the page has one with a body; else None."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = _classes(element)
        is_entry = bool(classes & _ENTRY_CLASSES) or (
            element.get("itemscope") is not None and "Article" in str(element.get("itemtype") or "")
        )
        if is_entry and _entry_part(element, _ENTRY_BODY) is not None:
            return element
    return None


def _render_entry(entry: lxml.html.HtmlElement) -> str | None:
    """An entry as the site's text: title, date line (with the clock time printed beside the date),
    place; then the lead's and the body's paragraphs. None when its body holds no text."""
    for element in list(entry.iter()):
        if isinstance(element.tag, str) and _is_entry_furniture(element):
            _drop(element)
    body = _entry_part(entry, _ENTRY_BODY)
    if body is None:
        return None
    title_element = _entry_part(entry, _ENTRY_TITLE)
    title = _squash(title_element.text_content()) if title_element is not None else ""
    published = _entry_part(entry, _ENTRY_PUBLISHED)
    place_element = _entry_part(entry, _ENTRY_PLACE)
    place = _squash(place_element.text_content()) if place_element is not None else ""
    lead = _entry_part(entry, _ENTRY_LEAD)
    header = [part for part in (title, _date_line(published), place) if part]
    skip = {element for element in (title_element, published, place_element) if element is not None}
    paragraphs = [] if lead is None or _is_inside(lead, body) else _blocks(lead, skip)
    paragraphs += _blocks(body, skip | ({lead} if lead is not None else set()))
    if not paragraphs:
        return None
    return "\n\n".join(part for part in ("\n".join(header), *paragraphs) if part) + "\n"


def _entry_part(entry: lxml.html.HtmlElement, marks: _Marks) -> lxml.html.HtmlElement | None:
    """The entry's first element with one of the marks that holds text (or a date, for the published time)."""
    for element in entry.iter():
        if not isinstance(element.tag, str) or element is entry or element.tag.lower() == "meta":
            continue
        marked = bool(_classes(element) & marks.classes) or element.get("itemprop") in marks.itemprops
        if marked and _squash(element.text_content()):
            return element
    if marks.tag:
        return next((e for e in entry.iter(marks.tag) if _squash(e.text_content())), None)
    return None


def _date_line(published: lxml.html.HtmlElement | None) -> str:
    """The published date as printed, with a clock time printed right after it ("May 27, 2020, 16:50")."""
    if published is None:
        return ""
    line = _squash(published.text_content())
    if parse_date(line) is None:
        line = _squash(str(published.get("datetime") or "")) or line
    following = published.getnext()
    if following is not None and not _CLOCK.search(line):
        clock = _squash(following.text_content())
        if _CLOCK.fullmatch(clock):
            line = f"{line}, {clock}"
    return line


def _is_entry_furniture(element: lxml.html.HtmlElement) -> bool:
    """Inside an entry: hidden elements (pop-up cards), blocks marked as not the text, asides and the like."""
    if element.tag.lower() in _ENTRY_FURNITURE_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in _FURNITURE_ROLES:
        return True
    if _HIDDEN_STYLE.search(str(element.get("style") or "")):
        return True
    return bool(_classes(element) & _FURNITURE_CLASSES)


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set(str(element.get("class") or "").split())


def _is_inside(element: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


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
