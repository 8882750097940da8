"""Reading report files into Documents: decoding, HTML to text, and the title, date and region they state."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from time import sleep as _sleep
from time import time_ns
from typing import Final, NamedTuple

import charset_normalizer
import lxml.html
from lxml import etree

from regional_report.model import Document, Outcome, Status
from regional_report.regions import Region, find_regions

TEXT_SUFFIXES: Final = frozenset({".txt"})
HTML_SUFFIXES: Final = frozenset({".html", ".htm"})
FOLDER_SUFFIXES: Final = TEXT_SUFFIXES | HTML_SUFFIXES

# The legacy encodings a report about Russia plausibly comes in; detection is tried within them first.
_LEGACY_ENCODINGS: Final = ["cp1251", "koi8_r", "cp866", "iso8859_5", "cp1252", "latin_1", "iso8859_15"]
_JUNK_SHARE: Final = 0.25  # above this share of control/replacement characters, a "text" is binary
_JUNK_CHARS: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]+")
_HEADER_LINES: Final = 6  # the date line is looked for among the first non-empty lines
_DATE_FALLBACK_CHARS: Final = 600
_LEAD_LINES: Final = 3
_PLACE_LINE_MAX: Final = 60

# Read errors worth another try: a share, a busy device or a file being replaced may answer a moment later.
# Any other error (missing, no permission, a folder, a symlink loop) quarantines the file at once.
_TRANSIENT_ERRNOS: Final = frozenset(
    getattr(errno, name) for name in ("EAGAIN", "EWOULDBLOCK", "EINTR", "EIO", "EBUSY", "ETIMEDOUT", "ESTALE")
    if hasattr(errno, name)
)  # fmt: skip
_RETRY_DELAYS: Final = (0.05, 0.2, 0.5)  # seconds before the second, third and fourth attempt
VANISHED: Final = "file disappeared before it could be read"

_MONTH_NAMES_EN: Final = (
    "january jan", "february feb", "march mar", "april apr", "may", "june jun",
    "july jul", "august aug", "september sep sept", "october oct", "november nov", "december dec",
)  # fmt: skip
_MONTH_NAMES_RU: Final = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_MONTHS_EN: Final = {name: n for n, names in enumerate(_MONTH_NAMES_EN, 1) for name in names.split()}
_MONTHS_RU: Final = {name: n for n, name in enumerate(_MONTH_NAMES_RU, 1)}
_EN_MONTH: Final = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_RU_MONTH: Final = "|".join(_MONTHS_RU)
_DATE: Final = re.compile(
    rf"""
    (?<![\d-])(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})         # 2021-11-04
        (?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?  # T20:15:00Z
    | \b(?P<mdy_m>{_EN_MONTH})\.?\s+(?P<mdy_d>\d{{1,2}}),?\s+(?P<mdy_y>\d{{4}})\b   # September 10, 2025
    | \b(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_EN_MONTH})\.?,?\s+(?P<dmy_y>\d{{4}})\b   # 10 September 2025
    | (?<!\d)(?P<ru_d>\d{{1,2}})\s+(?P<ru_m>{_RU_MONTH})\s+(?P<ru_y>\d{{4}})        # 10 сентября 2025
        (?:\s*(?:года|г\.))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may surround the date on a line that is only a date: a clock time, "года", punctuation.
_DATE_LINE_REST: Final = re.compile(r"[\s,.;:|·•–—-]*(?:\d{1,2}:\d{2}(?::\d{2})?)?[\s,.;:|·•–—-]*")
_TIME_LINE: Final = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_ROLE_BEFORE: Final = re.compile(
    r"""(?:\b(?:governor|head|mayor|president|chief)\s+(?:of\s+)?(?:the\s+)?
        |(?:губернатор[а-я]*|глав(?:а|ы|е|у|ой|ою)|мэр[а-я]*)\s+)$""",
    re.IGNORECASE | re.VERBOSE,
)
_ROLE_AFTER: Final = re.compile(
    r"\s*(?:acting\s+)?(?:administration\s+)?(?:governor|head|mayor)\b", re.IGNORECASE
)

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
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_TITLE_SUFFIX: Final = re.compile(r"\s+[•|]\s+.*$")


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class _Header:
    """What the first lines of a document say about it, and why a field is missing."""

    title: str
    meeting_date: date | None
    region: Region | None
    problems: tuple[str, ...]
    language: str = "en"


class Stamp(NamedTuple):
    """What a file's status says about its bytes: rewriting, replacing or touching a file changes it.

    The change time cannot be set back by a user (copies that keep the modification time still change it),
    and the inode and device tell a file replaced by another apart.
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        """The file's stamp now; None when it cannot be had (the file is then read, and fails as it fails)."""
        try:
            info = path.stat()
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


SETTLE_NS: Final = 2_000_000_000
"""A file changed this recently is not remembered: a second write within the file system's clock
resolution could leave its stamp unchanged (git's "racily clean" entries)."""


class FileIndex:
    """What earlier runs read from each file, by path and stamp: an unchanged file is not read again.

    `read_documents` asks it before reading a file and tells it what each read file gave. Only outcomes that
    depend on the bytes alone are remembered (a document, or a reason found in its bytes); a file that
    could not be read, or is over the size limit, is looked at again each run. `entries` is what the next
    run can start from: this run's files, recalled or read.
    """

    def __init__(
        self, known: dict[str, tuple[Stamp, Outcome]] | None = None, *, now_ns: int | None = None
    ) -> None:
        self._known = known or {}
        self._now_ns = now_ns
        self.entries: dict[str, tuple[Stamp, Outcome]] = {}
        self.recalled = 0
        """Files whose outcome came from the index this run."""

    def recall(self, key: str, stamp: Stamp, max_bytes: int) -> Outcome | None:
        """The outcome remembered for this file, if its stamp is unchanged and it is within the size limit."""
        found = self._known.get(key)
        if found is None or found[0] != stamp or stamp.size > max_bytes:
            return None
        self.entries[key] = found
        self.recalled += 1
        return found[1]

    def remember(self, key: str, stamp: Stamp, outcome: Outcome) -> None:
        """Keep what reading the file gave, unless it says nothing about the bytes or the file is too fresh."""
        now = self._now_ns if self._now_ns is not None else time_ns()
        if not outcome.sha256 or now - max(stamp.mtime_ns, stamp.ctime_ns) < SETTLE_NS:
            return
        self.entries[key] = (stamp, outcome)


# --- public API ---------------------------------------------------------------------------------


def read_documents(paths: Iterable[Path], *, max_bytes: int, index: FileIndex | None = None) -> list[Outcome]:
    """Read every file named or found under the given paths, one Outcome per file.

    Folders are walked recursively for `.txt`, `.html` and `.htm` files (hidden entries skipped, each real
    folder visited once, so symlink loops end); plain files are read whatever their extension. Files are
    read in path order and each path once, so the order of `paths` changes nothing. A file whose bytes
    equal an earlier file's is marked "duplicate" and carries no Document. A folder that cannot be listed
    gets an Outcome of its own, so nothing under the inputs goes unaccounted for.

    Args:
        paths: Files and folders to read.
        max_bytes: Files larger than this are quarantined unread.
        index: What earlier runs read: files with an unchanged stamp are taken from it, not read; every
            file read is told to it.

    Returns:
        One Outcome per file (or unlistable folder), in path order.
    """
    outcomes: list[Outcome] = []
    first_by_sha: dict[str, str] = {}
    for entry in _expand(paths):
        if entry.problem is not None:
            outcomes.append(_quarantined(entry.path, entry.problem))
            continue
        outcome = (
            _read_indexed(entry, max_bytes, index)
            if index is not None
            else _read(entry.path, max_bytes, listed=entry.listed)
        )
        if outcome.document is not None and outcome.sha256:
            first = first_by_sha.get(outcome.sha256)
            if first is None:
                first_by_sha[outcome.sha256] = outcome.name
            else:
                outcome = Outcome(
                    path=outcome.path,
                    name=outcome.name,
                    status="duplicate",
                    reason=f"same content as {first}",
                    sha256=outcome.sha256,
                )
        outcomes.append(outcome)
    return outcomes


def read_document(path: Path, *, max_bytes: int) -> Outcome:
    """Read one file into an Outcome. Never raises.

    At most `max_bytes + 1` bytes are ever read: the size is checked before reading, and a file that grows
    past the limit while it is read is quarantined too. Transient read errors (EAGAIN, EIO, EBUSY, ...)
    are retried a few times with a short backoff; other errors quarantine the file at once.

    Args:
        path: The file; `.html`/`.htm` files are rendered to plain text, anything else is read as text.
        max_bytes: Files larger than this are quarantined unread.

    Returns:
        "processed" with its Document when the text names one region and a meeting date; otherwise
        "quarantined" with a specific reason (the Document is still attached when the file was text).
    """
    return _read(Path(path), max_bytes, listed=False)


def _read_indexed(entry: _Entry, max_bytes: int, index: FileIndex) -> Outcome:
    """`_read` through the index: its outcome when the file's stamp is unchanged, else read and remembered.

    The stamp is taken before reading: a file changed while it is read has a newer stamp next time.
    """
    stamp = Stamp.of(entry.path)
    if stamp is None:
        return _read(entry.path, max_bytes, listed=entry.listed)
    key = display_path(entry.path)  # as listed, so a recalled outcome names the file as this run does
    outcome = index.recall(key, stamp, max_bytes)
    if outcome is None:
        outcome = _read(entry.path, max_bytes, listed=entry.listed)
        index.remember(key, stamp, outcome)
    return outcome


def _read(path: Path, max_bytes: int, *, listed: bool) -> Outcome:
    """`read_document`; `listed` says the file was seen in its folder's listing (so ENOENT means it vanished)."""
    raw_or_reason = _read_bytes(path, max_bytes, listed=listed)
    if isinstance(raw_or_reason, str):
        return _quarantined(path, raw_or_reason)
    raw = raw_or_reason
    sha256 = hashlib.sha256(raw).hexdigest()
    is_html = path.suffix.lower() in HTML_SUFFIXES
    decoded = _decode(raw, html=is_html)
    if isinstance(decoded, str):
        return _quarantined(path, decoded, sha256=sha256)
    text = decoded.text
    if is_html:
        rendered = _render_html(text)
        if rendered is None:
            return _quarantined(path, "HTML page has no readable text", sha256=sha256)
        text = rendered
    header = _read_header(text)
    document = Document(
        path=display_path(path),
        name=display_path(path.name),
        sha256=sha256,
        text=text,
        title=header.title,
        meeting_date=header.meeting_date,
        region=header.region.name if header.region else None,
        encoding=decoded.encoding,
        language=header.language,
    )
    status: Status = "quarantined" if header.problems else "processed"
    return Outcome(
        path=document.path,
        name=document.name,
        status=status,
        reason="; ".join(header.problems),
        sha256=sha256,
        document=document,
    )


def document_from_text(text: str, *, path: str = "<text>", raw: bytes | None = None) -> Document:
    """A Document from already-decoded text, with the title, meeting date and region its text states.

    Args:
        text: The decoded text; offsets in later processing refer to it unchanged.
        path: Where the text came from (its file name becomes `Document.name`).
        raw: The file's bytes for the checksum; defaults to the text encoded as UTF-8.

    Returns:
        The Document; `meeting_date` and `region` are None when the text does not state them.
    """
    header = _read_header(text)
    content = raw if raw is not None else text.encode("utf-8", errors="surrogatepass")
    return Document(
        path=path,
        name=Path(path).name,
        sha256=hashlib.sha256(content).hexdigest(),
        text=text,
        title=header.title,
        meeting_date=header.meeting_date,
        region=header.region.name if header.region else None,
        language=header.language,
    )


def parse_date(text: str) -> date | None:
    """The first valid date written in `text` (English, ISO or Russian style), or None.

    >>> parse_date("September 10, 2025, 14:10")
    datetime.date(2025, 9, 10)
    >>> parse_date("13 февраля 2025 года")
    datetime.date(2025, 2, 13)
    """
    for match in _DATE.finditer(text):
        found = _date_of(match)
        if found is not None:
            return found
    return None


# --- files and folders --------------------------------------------------------------------------


def display_path(path: Path | str) -> str:
    """A path as text that any file, table or terminal can hold.

    A name that is not valid UTF-8 reaches Python with lone surrogates ("bad\\udcff.txt"), which polars,
    openpyxl and JSON all refuse; its undecodable bytes are shown as escapes instead ("bad\\xff.txt").

    >>> display_path("bad\\udcff.txt"), display_path("Смоленск.txt")
    ('bad\\\\xff.txt', 'Смоленск.txt')
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(text)  # the bytes the name had on disk
        except UnicodeEncodeError:
            raw = text.encode("utf-8", errors="surrogatepass")
        return raw.decode("utf-8", errors="backslashreplace")
    return text


@dataclass(frozen=True, slots=True)
class _Entry:
    """A file to read: named directly, or listed in a folder; or a folder that could not be listed."""

    path: Path
    listed: bool = False
    problem: str | None = None


def _expand(paths: Iterable[Path]) -> list[_Entry]:
    """Files named directly and the report files under named folders: each path once, in path order."""
    entries: dict[Path, _Entry] = {}
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        for entry in _walk(path) if is_dir else [_Entry(path)]:
            entries.setdefault(entry.path, entry)
    return [entries[path] for path in sorted(entries)]


def _walk(folder: Path) -> Iterator[_Entry]:
    """Report files under `folder`, following symlinks but entering each real folder once.

    Folders are entered in name order, so a folder reachable by several paths (through a symlink) is always
    listed under the same one, whatever order the file system returns entries in.
    """
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield _Entry(current, listed=True, problem=f"cannot list the folder: {error.strerror or error}")
            continue
        folders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(child)
            elif child.suffix.lower() in FOLDER_SUFFIXES:
                yield _Entry(child, listed=True)
        stack.extend(reversed(folders))  # the first folder by name is entered first


def _read_bytes(path: Path, max_bytes: int, *, listed: bool = False) -> bytes | str:
    """The file's bytes, or the reason they could not be read; never more than `max_bytes + 1` are read."""
    attempt = 0
    while True:
        attempt += 1
        seen = listed  # the file existed a moment ago: in its folder's listing, or to a stat that worked
        try:
            info = path.stat()
            seen = True
            if stat.S_ISDIR(info.st_mode):
                return f"cannot read the file: {os.strerror(errno.EISDIR)}"
            if not stat.S_ISREG(info.st_mode):
                return "cannot read the file: not a regular file"
            if info.st_size > max_bytes:
                return _over_limit(info.st_size, max_bytes)
            with path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
        except OSError as error:
            if error.errno in _TRANSIENT_ERRNOS and attempt <= len(_RETRY_DELAYS):
                _sleep(_RETRY_DELAYS[attempt - 1])
                continue
            return _read_failure(path, error, seen=seen, attempts=attempt)
        if len(raw) > max_bytes:
            return (
                f"file grew past the limit of {max_bytes} bytes while it was read"
                " (REGIONAL_REPORT_MAX_DOCUMENT_BYTES)"
            )
        return raw


def _read_failure(path: Path, error: OSError, *, seen: bool, attempts: int) -> str:
    """Why a file could not be read, in the operating system's words, or that it vanished."""
    if error.errno == errno.ENOENT and seen:
        try:
            dangling = path.is_symlink()
        except OSError:
            dangling = False
        if not dangling:
            return VANISHED
    message = error.strerror or str(error)
    if attempts > 1:
        return f"cannot read the file after {attempts} attempts: {message}"
    return f"cannot read the file: {message}"


def _over_limit(size: int, max_bytes: int) -> str:
    return f"file is {size} bytes, over the limit of {max_bytes} (REGIONAL_REPORT_MAX_DOCUMENT_BYTES)"


def _quarantined(path: Path, reason: str, *, sha256: str = "") -> Outcome:
    return Outcome(
        path=display_path(path),
        name=display_path(path.name or path),  # "/" and "." have no name of their own
        status="quarantined",
        reason=reason,
        sha256=sha256,
    )


# --- decoding -----------------------------------------------------------------------------------


def _decode(raw: bytes, *, html: bool) -> _Decoded | str:
    """The text of `raw` and its encoding, or why it is not text."""
    if not raw:
        return "empty file"
    decoded = _decode_with_bom(raw)
    if decoded is None and b"\x00" in raw:
        return "binary file: not text"
    if decoded is None and html:
        decoded = _decode_declared(raw)
    if decoded is None:
        try:
            decoded = _Decoded(raw.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _detect(raw)
    if decoded is None or _is_junk(decoded.text):
        return "binary file: not text"
    if not decoded.text.replace("\ufeff", "").strip():
        return "only whitespace"
    return decoded


def _decode_with_bom(raw: bytes) -> _Decoded | None:
    """UTF-32 or UTF-16 text announced by a byte-order mark (UTF-8's BOM is left to the UTF-8 path)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return _Decoded(raw.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue
    return None


def _decode_declared(raw: bytes) -> _Decoded | None:
    """HTML decoded with the charset its `<meta>` declares, if that works."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        encoding = codecs.lookup(match.group(1).decode("ascii")).name
        if encoding.startswith(("utf-16", "utf-32")):
            return None  # a byte-oriented <meta> cannot be UTF-16/32; browsers ignore such a claim too
        return _Decoded(raw.decode(encoding), encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(raw: bytes) -> _Decoded | None:
    """Legacy-encoded text, detected first among the encodings a Russian report is likely to use."""
    best = charset_normalizer.from_bytes(raw, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    return _Decoded(str(best), best.encoding)


def _is_junk(text: str) -> bool:
    """Whether decoded text is mostly control, surrogate, private-use or replacement characters."""
    return _count(_JUNK_CHARS, text) > _JUNK_SHARE * len(text)


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the character class `runs` (a `[...]+` pattern) matches."""
    return sum(map(len, runs.findall(text)))


# --- HTML ---------------------------------------------------------------------------------------


def _render_html(markup: str) -> str | None:
    """The page as plain text: title, date line, then the article's paragraphs separated by blank lines."""
    markup = _XML_CONTROL.sub("", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return None
    try:
        return _render_tree(lxml.html.document_fromstring(markup))
    except (etree.LxmlError, ValueError):
        return None


def _render_tree(root: lxml.html.HtmlElement) -> str | None:
    """Render a parsed page (see `_render_html`); None when it holds no title and no text."""
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


# --- title, date and region ---------------------------------------------------------------------


def _read_header(text: str) -> _Header:
    lines = [line.replace("\ufeff", "").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    title = lines[0] if lines else ""
    meeting_date = _meeting_date(text, lines)
    region, region_problem = _region(title, lines[1:])
    language = language_of(text)
    problems = tuple(
        problem
        for problem in (
            region_problem,
            None if meeting_date else "no meeting date found in the first lines",
            None if language == "en" else LANGUAGE_PROBLEM,
        )
        if problem
    )
    return _Header(title, meeting_date, region, problems, language)


LANGUAGE_PROBLEM: Final = "Russian-language text: the figure grammar reads English only"
_CYRILLIC: Final = re.compile(r"[\u0400-\u04FF]+")
_LATIN: Final = re.compile(r"[A-Za-z]+")


def language_of(text: str) -> str:
    """'ru' when most letters of the text are Cyrillic, else 'en'.

    >>> language_of("Встреча с губернатором"), language_of("Meeting with the Governor")
    ('ru', 'en')
    """
    sample = text[:20_000]
    cyrillic = _count(_CYRILLIC, sample)
    return "ru" if cyrillic and cyrillic > _count(_LATIN, sample) else "en"


def _date_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso_y"]:
            return date(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
        if groups["mdy_y"]:
            return date(int(groups["mdy_y"]), _MONTHS_EN[groups["mdy_m"].lower()], int(groups["mdy_d"]))
        if groups["dmy_y"]:
            return date(int(groups["dmy_y"]), _MONTHS_EN[groups["dmy_m"].lower()], int(groups["dmy_d"]))
        if groups["ru_y"]:
            return date(int(groups["ru_y"]), _MONTHS_RU[groups["ru_m"].lower()], int(groups["ru_d"]))
    except (KeyError, ValueError):
        return None
    return None


def _date_line(line: str) -> date | None:
    """The date on a line that holds nothing else (bar a clock time, "года" and punctuation)."""
    for match in _DATE.finditer(line):
        found = _date_of(match)
        if found is not None and _DATE_LINE_REST.fullmatch(line[: match.start()] + " " + line[match.end() :]):
            return found
    return None


def _meeting_date(text: str, lines: list[str]) -> date | None:
    for line in lines[:_HEADER_LINES]:
        found = _date_line(line)
        if found is not None:
            return found
    return parse_date(text[:_DATE_FALLBACK_CHARS])


def _is_furniture(line: str) -> bool:
    """A date, time or place line of the page header ("The Kremlin, Moscow"), not a sentence."""
    if _date_line(line) is not None or _TIME_LINE.fullmatch(line):
        return True
    return len(line) <= _PLACE_LINE_MAX and not line.endswith((".", "!", "?", "…", ":", ";"))


def _region(title: str, rest: list[str]) -> tuple[Region | None, str | None]:
    """The one region the document is about, else None and why."""
    in_title = _distinct(region for _, _, region in find_regions(title))
    if len(in_title) == 1:
        return in_title[0], None
    if in_title:
        names = ", ".join(region.name for region in in_title)
        return None, f"several regions in the title ({names}): no single region for a multi-region meeting"
    lead = list(islice((line for line in rest if not _is_furniture(line)), _LEAD_LINES))
    heads: list[Region] = []
    mentioned: list[Region] = []
    for line in lead:
        for start, end, region in find_regions(line):
            mentioned.append(region)
            if _ROLE_BEFORE.search(line[max(0, start - 40) : start]) or _ROLE_AFTER.match(line, end):
                heads.append(region)
    distinct_heads = _distinct(heads)
    if len(distinct_heads) == 1:
        return distinct_heads[0], None
    named = _distinct(distinct_heads or mentioned)
    if len(named) > 1:
        names = ", ".join(region.name for region in named)
        return None, f"no single region: the title names none and the lead paragraph names several ({names})"
    return None, "no region found in the title or lead paragraph"


def _distinct(regions: Iterable[Region]) -> list[Region]:
    return list(dict.fromkeys(regions))
