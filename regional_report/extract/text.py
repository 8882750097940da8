"""Tokens and sentences with character offsets: the ground the figure grammar walks on."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias

from regional_report.extract.lexicon import ABBREVIATIONS

# The spaces before a token, then the token: digits with separators ("4,000", "1.5", "1,2,3" - validated
# later), words, single symbols. Every character but a space starts a token.
_TOKEN_RE: Final = re.compile(r"(\s*)(?:(\d+(?:[.,]\d+)*)|((?:k?m)[23](?![\w])|[^\W\d_]+)|(\S))")
_LINE_RE: Final = re.compile(r"[^\r\n]+")
# A full stop, ! or ? with the closers after it, then the spaces that follow (up to the line's end).
_STOP_RE: Final = re.compile(r"[.!?][.!?\"'”’)\]»]*(\s*)")
# The same two, for a text with no "\r" and a line with no "!" or "?" (most of them): led by one
# character, which the regex engine finds by a plain loop instead of a test of a class at every
# character (about 3 times as fast).
_NEWLINE_LINE_RE: Final = re.compile(r"[^\n]+")
_FULL_STOP_RE: Final = re.compile(r"\.[.!?\"'”’)\]»]*(\s*)")
_OPENERS: Final = frozenset("\"'“‘«([")
# The only characters beyond ASCII that a case-ignoring regex matches to ASCII letters (İ ı ſ K).
FOLDS_TO_ASCII: Final = ("\u0130", "\u0131", "\u017f", "\u212a")


class Lexeme:
    """A token without its offsets: what the grammar reads of it, the same wherever the token stands.

    `marked`: a number, or a word of the `LexemeTable`'s marks (the words that may begin a figure).
    A plain class with slots: compiled (`make compile`), the grammar reads its fields as a native
    class's, not by attribute look-ups, thousands of times a document.
    """

    __slots__ = ("is_num", "is_word", "kind", "low", "marked", "space", "text")

    def __init__(
        self, text: str, low: str, kind: str, space: bool, is_num: bool, is_word: bool, marked: bool
    ) -> None:
        self.text = text
        self.low = low
        self.kind = kind
        self.space = space
        self.is_num = is_num
        self.is_word = is_word
        self.marked = marked


class Token(Lexeme):
    """One token: its text, lower-cased text, offsets, class (num, word, sym) and whether space precedes
    it: a lexeme where it stands (not marked: `find_spans` finds the tokens that may begin a figure)."""

    __slots__ = ("end", "start")

    def __init__(
        self, text: str, low: str, start: int, end: int, kind: str, space: bool, is_num: bool, is_word: bool
    ) -> None:
        super().__init__(text, low, kind, space, is_num, is_word, False)
        self.start = start
        self.end = end


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation matching exactly `words`, factored by shared prefixes.

    Python's regex engine tries an alternation's branches one by one; factored, it tries a few per
    letter instead of one per word.

    >>> word_alternation(["four", "fourth", "five"])
    'f(?:ive|our(?:th)?)'
    """
    tails: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        tails.setdefault(word[:1], []).append(word[1:])
    optional = tails.pop("", None) is not None
    branches = [re.escape(head) + word_alternation(rest) for head, rest in tails.items()]
    if not branches:
        return ""
    body = "|".join(branches)
    return f"(?:{body})?" if optional else body if len(branches) == 1 else f"(?:{body})"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]` with offsets into `text`.

    >>> [t.text for t in tokenize("over 4,000 tonnes.")]
    ['over', '4,000', 'tonnes', '.']
    """
    out: list[Token] = []
    pos = start
    stop = len(text) if end is None else end
    while stop > start and text[stop - 1].isspace():
        stop -= 1  # trailing spaces would make the regex retry at each of them
    for space, num, word, sym in _TOKEN_RE.findall(text, start, stop):
        a = pos + len(space)
        if num:  # digits and separators have no case
            pos = a + len(num)
            out.append(Token(num, num, a, pos, "num", space != "", True, False))
        elif word:
            pos = a + len(word)
            out.append(Token(word, word.lower(), a, pos, "word", space != "", False, True))
        else:
            pos = a + 1
            out.append(Token(sym, sym.lower(), a, pos, "sym", space != "", False, False))
    return out


# What the grammar walks: the tokens of `tokenize`, or the lexemes of a `LexemeTable`.
Tokens: TypeAlias = Sequence[Lexeme]

_RAW_TOKEN_RE: Final = re.compile(r"\s*(?:\d+(?:[.,]\d+)*|(?:k?m)[23](?![\w])|[^\W\d_]+|\S)")


class LexemeTable(dict[str, Lexeme]):
    """The lexeme of each raw token (its spaces, then the token), made on first sight and kept.

    A token's lexeme depends on its text and whether spaces precede it, so a text's tokens become
    lexemes by dictionary look-ups. The table holds at most `limit` entries (it starts afresh when full),
    and no raw token longer than `longest`.
    """

    def __init__(self, marks: frozenset[str], limit: int = 50_000, longest: int = 40) -> None:
        super().__init__()
        self.marks = marks
        self.limit = limit
        self.longest = longest

    def __missing__(self, raw: str) -> Lexeme:
        tok = raw.lstrip()
        space = len(tok) != len(raw)
        m = _TOKEN_RE.fullmatch(tok)
        if m is not None and m.group(2):
            lex = Lexeme(tok, tok, "num", space, True, False, True)
        else:
            kind = "word" if m is not None and m.group(3) else "sym"
            low = tok.lower()
            lex = Lexeme(tok, low, kind, space, False, kind == "word", low in self.marks)
        if len(raw) <= self.longest:
            if len(self) >= self.limit:
                self.clear()
            self[raw] = lex
        return lex

    def lexemes(self, text: str, start: int, end: int) -> tuple[list[Lexeme], list[int], list[int]]:
        """The tokens of `text[start:end]` as lexemes, their offsets (token k spans
        `offsets[k + 1] - len(lexemes[k].text)` to `offsets[k + 1]`) and the indices of the marked ones.

        The same tokens as `tokenize(text, start, end)`: the raw tokens are its matches with their spaces.
        """
        _, toks, offsets, marked = self.read(text, start, end)
        return toks, offsets, marked

    def read(self, text: str, start: int, end: int) -> tuple[list[str], list[Lexeme], list[int], list[int]]:
        """`lexemes`, with the raw tokens first (each token with the spaces before it)."""
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        raws = _RAW_TOKEN_RE.findall(text, start, stop)
        toks = list(map(self.__getitem__, raws))
        offsets = list(itertools.accumulate(map(len, raws), initial=start))
        marked = [k for k, lexeme in enumerate(toks) if lexeme.marked]
        return raws, toks, offsets, marked


def low(toks: Tokens, i: int) -> str:
    """The lower-cased token i, or "" outside the sentence.

    >>> low(tokenize("Grew BY"), 1), low(tokenize("Grew BY"), 5), low(tokenize("Grew BY"), -1)
    ('by', '', '')
    """
    return toks[i].low if 0 <= i < len(toks) else ""


def words_at(toks: Tokens, i: int, key: tuple[str, ...]) -> bool:
    """Whether the tokens from i are the words of `key` (lower-cased; no key word is empty).

    >>> words_at(tokenize("It grew by 5"), 1, ("grew", "by")), words_at(tokenize("It grew"), 1, ("grew", "by"))
    (True, False)
    """
    if i < 0 or i + len(key) > len(toks):
        return False
    for n, word in enumerate(key):  # noqa: SIM110 - a loop: the grammar's hottest look-up, faster than all()
        if toks[i + n].low != word:
            return False
    return True


def words_before(toks: Tokens, i: int, key: tuple[str, ...]) -> bool:
    """Whether the words of `key` end right before token i."""
    return words_at(toks, i - len(key), key)


class Phrases:
    """A table of phrases (tuples of lower-case words), looked up at a token by its first or last word:
    a token that begins or ends none of them costs one dictionary look-up.

    >>> table = Phrases([("national", "average"), ("nationwide",)])
    >>> toks = tokenize("the national average is 3 percent nationwide")
    >>> table.at(toks, 1), table.at(toks, 2), table.before(toks, 3), table.at(toks, 6)
    (True, False, True, True)
    """

    def __init__(self, keys: Iterable[tuple[str, ...]]) -> None:
        self.keys = tuple(keys)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for key in self.keys:
            self._by_first.setdefault(key[0], []).append(key)
            self._by_last.setdefault(key[-1], []).append(key)

    def at(self, toks: Tokens, i: int) -> bool:
        """Whether one of the phrases starts at token i."""
        keys = self._by_first.get(low(toks, i))
        return keys is not None and any(words_at(toks, i, key) for key in keys)

    def before(self, toks: Tokens, i: int) -> bool:
        """Whether one of the phrases ends right before token i."""
        keys = self._by_last.get(low(toks, i - 1))
        return keys is not None and any(words_before(toks, i, key) for key in keys)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences: split at line breaks and at . ! ? before a capital or an opener.

    A full stop after a known abbreviation ("Mr.", "No.") or inside a number does not end a sentence.

    >>> text = "Mr. Ivanov spoke. Output grew 5%.\\nNext line"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Ivanov spoke.', 'Output grew 5%.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    for line in (_LINE_RE if "\r" in text else _NEWLINE_LINE_RE).finditer(text):
        a, b = line.span()
        seg_start = a
        for stop in _stops(text, a, b).finditer(text, a, b):
            # a run of marks ("?!", "...") ends the sentence when any of its marks does; the sentence
            # keeps the run and the closers after it ('"It grew."', "(in 2024.)")
            i, run_end = stop.start(), stop.start(1)
            if _ends_sentence(text, i, b, stop) or any(
                text[k] in ".!?" and _ends_sentence(text, k, b, _STOP_RE.match(text, k, b))
                for k in range(i + 1, run_end)
            ):
                spans.append(_trimmed(text, seg_start, run_end))
                seg_start = run_end
        if seg_start < b and not text[seg_start:b].isspace():
            spans.append(_trimmed(text, seg_start, b))
    return [s for s in spans if s[1] > s[0]]


def _stops(text: str, a: int, b: int) -> re.Pattern[str]:
    """The regex of the marks that may end a sentence, for the line text[a:b]."""
    return _STOP_RE if text.find("!", a, b) >= 0 or text.find("?", a, b) >= 0 else _FULL_STOP_RE


def _ends_sentence(text: str, i: int, line_end: int, stop: re.Match[str] | None) -> bool:
    """Whether the mark at text[i] (matched by `stop`, closers and spaces after it) ends a sentence."""
    if stop is None:
        return False
    j, k = stop.span(1)
    if j >= line_end or k >= line_end:
        return True  # the line ends after the closers, or after the spaces
    if j == k:
        return False  # glued to the next word: "1.5", "e.g"
    nxt = text[k]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if text[i] == ".":
        w = i
        while w > 0 and (text[w - 1].isalpha() or text[w - 1] == "."):
            w -= 1
        word = text[w:i].lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
