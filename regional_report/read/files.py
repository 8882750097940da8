"""Files and folders into Outcomes: walking the inputs, bounded reads with retries, the file index of
earlier runs, duplicates by content; each readable file becomes a Document (decoded, HTML reduced, its header read).

In: paths. Out: one `Outcome` per file (processed, quarantined with its reason, or a duplicate)."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from time import sleep as _sleep
from time import time_ns
from typing import Final, NamedTuple

from regional_report.model import Document, Outcome, Status, display_path
from regional_report.read.decode import decode
from regional_report.read.header import read_header
from regional_report.read.html import render_html

TEXT_SUFFIXES: Final = frozenset({".txt"})
HTML_SUFFIXES: Final = frozenset({".html", ".htm"})
FOLDER_SUFFIXES: Final = TEXT_SUFFIXES | HTML_SUFFIXES

# Read errors worth another try: a share, a busy device or a file being replaced may answer a moment later.
# Any other error (missing, no permission, a folder, a symlink loop) quarantines the file at once.
_TRANSIENT_ERRNOS: Final = frozenset(
    getattr(errno, name) for name in ("EAGAIN", "EWOULDBLOCK", "EINTR", "EIO", "EBUSY", "ETIMEDOUT", "ESTALE")
    if hasattr(errno, name)
)  # fmt: skip
_RETRY_DELAYS: Final = (0.05, 0.2, 0.5)  # seconds before the second, third and fourth attempt
VANISHED: Final = "file disappeared before it could be read"


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
    decoded = decode(raw, html=is_html)
    if isinstance(decoded, str):
        return _quarantined(path, decoded, sha256=sha256)
    text = decoded.text
    if is_html:
        rendered = render_html(text)
        if rendered is None:
            return _quarantined(path, "HTML page has no readable text", sha256=sha256)
        text = rendered
    header = read_header(text)
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
    header = read_header(text)
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


# --- files and folders --------------------------------------------------------------------------


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
