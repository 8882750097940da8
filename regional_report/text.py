"""Tokens and sentences with character offsets: the ground the figure grammar walks on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from regional_report.lexicon import ABBREVIATIONS

# Digits with separators ("4,000", "1.5", "1,2,3" - validated later), words, single symbols.
_TOKEN_RE: Final = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>(?:k?m)[23](?![\w])|[^\W\d_]+)|(?P<sym>\S)")
_SENTENCE_END: Final = frozenset(".!?")
_OPENERS: Final = frozenset("\"'“‘«([")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text, lower-cased text, offsets, class (num, word, sym) and whether space precedes it."""

    text: str
    low: str
    start: int
    end: int
    kind: str
    space: bool

    @property
    def is_num(self) -> bool:
        return self.kind == "num"

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]` with offsets into `text`.

    >>> [t.text for t in tokenize("over 4,000 tonnes.")]
    ['over', '4,000', 'tonnes', '.']
    """
    out: list[Token] = []
    stop = len(text) if end is None else end
    prev_end = start
    for m in _TOKEN_RE.finditer(text, start, stop):
        kind = m.lastgroup or "sym"
        s = m.group()
        out.append(Token(s, s.lower(), m.start(), m.end(), kind, m.start() > prev_end))
        prev_end = m.end()
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences: split at line breaks and at . ! ? before a capital or an opener.

    A full stop after a known abbreviation ("Mr.", "No.") or inside a number does not end a sentence.

    >>> text = "Mr. Ivanov spoke. Output grew 5%.\\nNext line"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Ivanov spoke.', 'Output grew 5%.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\r\n]+", text):
        a, b = line.start(), line.end()
        seg_start = a
        i = a
        while i < b:
            ch = text[i]
            if ch in _SENTENCE_END and _ends_sentence(text, i, b):
                spans.append(_trimmed(text, seg_start, i + 1))
                seg_start = i + 1
            i += 1
        if seg_start < b and text[seg_start:b].strip():
            spans.append(_trimmed(text, seg_start, b))
    return [s for s in spans if s[1] > s[0]]


def _ends_sentence(text: str, i: int, line_end: int) -> bool:
    j = i + 1
    while j < line_end and text[j] in ".!?\"'”’)]»":
        j += 1
    if j >= line_end:
        return True
    if not text[j].isspace():
        return False
    while j < line_end and text[j].isspace():
        j += 1
    if j >= line_end:
        return True
    nxt = text[j]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if text[i] == ".":
        k = i
        while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
            k -= 1
        word = text[k:i].lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
