"""Bytes into text: byte-order marks, an HTML page's declared charset, UTF-8, then detection among the
legacy encodings a Russian report is likely to use; binary junk and empty files are refused with a reason.

In: a file's bytes. Out: its text and encoding, or why it is not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

import charset_normalizer

# The legacy encodings a report about Russia plausibly comes in; detection is tried within them first.
_LEGACY_ENCODINGS: Final = ["cp1251", "koi8_r", "cp866", "iso8859_5", "cp1252", "latin_1", "iso8859_15"]
_JUNK_SHARE: Final = 0.25  # above this share of control/replacement characters, a "text" is binary
_JUNK_CHARS: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]+")
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


# --- decoding -----------------------------------------------------------------------------------


def decode(raw: bytes, *, html: bool) -> Decoded | str:
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
            decoded = Decoded(raw.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _detect(raw)
    if decoded is None or _is_junk(decoded.text):
        return "binary file: not text"
    if not decoded.text.replace("\ufeff", "").strip():
        return "only whitespace"
    return decoded


def _decode_with_bom(raw: bytes) -> Decoded | None:
    """UTF-32 or UTF-16 text announced by a byte-order mark (UTF-8's BOM is left to the UTF-8 path)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue
    return None


def _decode_declared(raw: bytes) -> Decoded | None:
    """HTML decoded with the charset its `<meta>` declares, if that works."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        encoding = codecs.lookup(match.group(1).decode("ascii")).name
        if encoding.startswith(("utf-16", "utf-32")):
            return None  # a byte-oriented <meta> cannot be UTF-16/32; browsers ignore such a claim too
        return Decoded(raw.decode(encoding), encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(raw: bytes) -> Decoded | None:
    """Legacy-encoded text, detected first among the encodings a Russian report is likely to use."""
    best = charset_normalizer.from_bytes(raw, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    return Decoded(str(best), best.encoding)


def _is_junk(text: str) -> bool:
    """Whether decoded text is mostly control, surrogate, private-use or replacement characters."""
    return count_chars(_JUNK_CHARS, text) > _JUNK_SHARE * len(text)


def count_chars(runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the character class `runs` (a `[...]+` pattern) matches."""
    return sum(map(len, runs.findall(text)))
