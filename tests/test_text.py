"""The extractor's fast paths agree with the plain definitions they replaced.

Sentence splitting, tokenizing, the figure prefilter and the cue search were each rewritten for speed
(issue 7), then the tokens became cached lexemes, digit strings got a shortcut, and the cue scoring and
the change sign skip work they cannot need. Each plain version is kept here as the oracle, and the fast one must give exactly the same
result on genre text, on odd Unicode and on text built to hit the edges (runs of marks, abbreviations,
letters that match ASCII ones only when case is ignored).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_extract_properties import genre_text

from regional_report.extract import engine as ex
from regional_report.extract import lexicon as lx
from regional_report.extract import limits
from regional_report.extract import measure as context
from regional_report.extract.lexicon import ABBREVIATIONS
from regional_report.extract.numbers import parse_digits
from regional_report.extract.text import (
    FOLDS_TO_ASCII,
    LexemeTable,
    Token,
    sentence_spans,
    tokenize,
    word_alternation,
)

# --- the plain versions ---------------------------------------------------------------------------


def plain_sentence_spans(text: str) -> list[tuple[int, int]]:
    """The character loop `sentence_spans` used to be."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\r\n]+", text):
        a, b = line.start(), line.end()
        seg_start = a
        for i in range(a, b):
            if text[i] in ".!?" and _plain_ends_sentence(text, i, b):
                spans.append(_plain_trimmed(text, seg_start, i + 1))
                seg_start = i + 1
        if seg_start < b and text[seg_start:b].strip():
            spans.append(_plain_trimmed(text, seg_start, b))
    return [s for s in spans if s[1] > s[0]]


def _plain_ends_sentence(text: str, i: int, line_end: int) -> bool:
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
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«(["):
        return False
    if text[i] == ".":
        k = i
        while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
            k -= 1
        word = text[k:i].lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _plain_trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_PLAIN_TOKEN_RE = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>(?:k?m)[23](?![\w])|[^\W\d_]+)|(?P<sym>\S)")


def plain_tokens(text: str) -> list[tuple[str, str, int, int, str, bool]]:
    """(text, low, start, end, kind, space) of each token, one regex match at a time."""
    out = []
    prev_end = 0
    for m in _PLAIN_TOKEN_RE.finditer(text):
        s = m.group()
        out.append((s, s.lower(), m.start(), m.end(), m.lastgroup or "sym", m.start() > prev_end))
        prev_end = m.end()
    return out


_PLAIN_PREFILTER = re.compile(
    r"\d|\ba\s+(?:hundred|thousand|million|billion|trillion|third|quarter|fifth|half)\b|\b(?:"
    + "|".join(
        sorted((ex._NUMBER_STARTS | ex._PHRASE_STARTS | ex._RANK_STARTS) - {"a"}, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


def plain_cue_matches(sentence: str) -> tuple[tuple[int, int, int, context.Cue], ...]:
    """Every cue's own regex run over the whole sentence."""
    found = [
        (m.start(), m.end(), order, cue)
        for order, cue in enumerate(context.cues())
        for m in cue.pattern.finditer(sentence)
    ]
    found.sort(key=lambda f: (f[0], f[2]))
    return tuple(found)


# --- texts ----------------------------------------------------------------------------------------

_EDGES = (
    "...",
    "?!",
    "!!",
    ". ",
    '."',
    ".) ",
    "»",
    "Mr.",
    "No. 5",
    "e.g.",
    "St.",
    "U.S.",
    "a.",
    " A ",
    "a\n",
    "\r\n",
    "\u2028",
    "\x0b",
    "\x1c",
    "\u00a0",
    "_",
    "٣",
    "²",
    "İ",
    "ı",
    "ſ",
    "K",
    "ǅ",
    "tax",
    "TAX",
    "ta\u212ax",
    "inveſtment",
    "investment",
    "a hundred",
    "a\nhalf",
    "A  Third",
    "one_two",
    "km2",
    "m3",
    "   ",
)
texts = st.one_of(
    genre_text,
    st.text(),
    st.lists(st.sampled_from(_EDGES) | genre_text | st.text(max_size=3), max_size=30).map("".join),
)


# --- the checks -----------------------------------------------------------------------------------


@given(texts)
def test_sentence_spans_split_as_the_character_loop(text: str) -> None:
    """It splits exactly where the plain character loop split."""
    assert sentence_spans(text) == plain_sentence_spans(text)


@given(texts)
def test_tokens_are_the_regex_matches(text: str) -> None:
    """It yields the same tokens, offsets, classes and spacing as one match per token."""
    toks = tokenize(text)
    assert [(t.text, t.low, t.start, t.end, t.kind, t.space) for t in toks] == plain_tokens(text)
    assert all(t.is_num == (t.kind == "num") and t.is_word == (t.kind == "word") for t in toks)


@given(texts)
def test_prefilter_agrees_with_the_plain_alternation(text: str) -> None:
    """The digit search plus the factored alternation pass exactly the sentences the plain one did."""
    for a, b in sentence_spans(text):
        fast = bool(ex._HAS_DIGIT.search(text, a, b) or ex._MAY_HOLD_WORD.search(text, a, b))
        assert fast == bool(_PLAIN_PREFILTER.search(text, a, b)), text[a:b]


@given(texts)
def test_prefilter_on_lower_cased_text_agrees_with_the_plain_alternation(text: str) -> None:
    """The word search the extractor picks for a whole text passes exactly the sentences the plain one did."""
    words, word_text = ex.word_prefilter(text)
    for a, b in sentence_spans(text):
        fast = bool(ex._HAS_DIGIT.search(text, a, b) or words.search(word_text, a, b))
        assert fast == bool(_PLAIN_PREFILTER.search(text, a, b)), text[a:b]


def test_lower_casing_keeps_letters_digits_and_spaces() -> None:
    """Lower-casing a character to one character never changes whether a regex sees it as \\w, \\d or \\s."""
    for c in map(chr, range(0x110000)):
        low = c.lower()
        if len(low) == 1:
            assert (low.isalnum(), low.isdecimal(), low.isspace()) == (
                c.isalnum(),
                c.isdecimal(),
                c.isspace(),
            )
    assert "ς".isalnum()  # the final sigma "Σ" lower-cases to inside a word


@given(texts)
def test_cue_matches_are_every_cue_run_over_the_sentence(text: str) -> None:
    """Trying cues only where a word with their key starts finds every occurrence and no other."""
    assert context.cue_matches(text) == plain_cue_matches(text)


@pytest.mark.parametrize("text", ["Harvest: ſix tonnes.", "We were fıfth.", "LARGEST", "The ſeventh.\nfİrst"])
def test_prefilter_on_case_folding_letters(text: str) -> None:
    """A text with letters that match ASCII ones only when case is ignored is searched as written."""
    words, word_text = ex.word_prefilter(text)
    for a, b in sentence_spans(text):
        assert bool(words.search(word_text, a, b)) == bool(_PLAIN_PREFILTER.search(text, a, b))
    assert any(_PLAIN_PREFILTER.search(text, a, b) for a, b in sentence_spans(text))


@pytest.mark.parametrize(
    "sentence",
    [
        "Investment in fixed capital grew, and investments in agriculture too.",
        "INVESTMENT in the regional economy; gross regional product and GRP per capita.",
        "Salaries and ſalaries, investment and ınvestment, \u212aindergartens and kindergartens",
        "Grain harvest: grain, grains and the harvest of grain crops.",
    ],
)
def test_cue_matches_on_known_sentences(sentence: str) -> None:
    """It finds the cues of sentences of the genre, and of ones with case-folding letters."""
    assert context.cue_matches(sentence) == plain_cue_matches(sentence)
    assert context.cue_matches(sentence)


def test_the_case_folding_letters_are_all_listed() -> None:
    """No character beyond ASCII but the listed ones matches an ASCII letter when case is ignored."""
    folding = [chr(c) for c in range(128, 0x110000) if re.fullmatch(r"(?i)[a-z]", chr(c))]
    assert folding == ["\u0130", "\u0131", "\u017f", "\u212a"]
    assert all(FOLDS_TO_ASCII.fullmatch(c) for c in folding)


@pytest.mark.parametrize(
    "words", [["four", "fourth", "five"], ["a"], ["half", "halved", "hal"], ["one", "once", "on", "o"]]
)
def test_word_alternation_matches_exactly_its_words(words: list[str]) -> None:
    """The factored alternation matches each word and nothing else among its prefixes and extensions."""
    pattern = re.compile(word_alternation(words))
    probes = {w[:k] for w in words for k in range(len(w) + 1)} | {w + "s" for w in words}
    assert {p for p in probes if pattern.fullmatch(p)} == set(words)


def test_digits_have_no_case() -> None:
    """The tokenizer keeps a number's text as its lower-cased text: no decimal digit has a lower case."""
    assert all(chr(c).lower() == chr(c) for c in range(0x110000) if chr(c).isdecimal())


@given(
    st.lists(
        st.sampled_from(["Output grew. ", "X" * 7, "\n", "\r", "\r\n", " ", "Mr. Ivanov. "]), max_size=30
    ),
    st.integers(min_value=1, max_value=40),
)
def test_long_sentences_shortcut_finds_every_long_sentence(parts: list[str], max_chars: int) -> None:
    """The line-length shortcut of `long_sentences` finds exactly the sentences a full split finds."""
    text = "".join(parts)
    assert limits.long_sentences(text, max_chars) == [
        (a, b) for a, b in sentence_spans(text) if b - a > max_chars
    ]


# --- the lexeme table, the digit fast path, the clause-break guard and the change sign -----------------


def _plain_marked(text: str) -> list[int]:
    """The tokens that may begin a figure, as `find_spans` picks them from `tokenize`."""
    return [i for i, t in enumerate(tokenize(text)) if t.is_num or t.low in ex._FIGURE_STARTS]


@given(texts)
def test_lexemes_are_the_tokens_without_offsets(text: str) -> None:
    """Lexemes, offsets and marks give exactly the tokens of `tokenize`, also from a table that is
    cleared at every other entry and keeps no raw token longer than three characters."""
    for table in (ex._LEXEMES, LexemeTable(ex._FIGURE_STARTS, limit=2, longest=3)):
        lexemes, offsets, marked = table.lexemes(text, 0, len(text))
        assert [
            (
                x.text,
                x.low,
                offsets[k + 1] - len(x.text),
                offsets[k + 1],
                x.kind,
                x.space,
                x.is_num,
                x.is_word,
            )
            for k, x in enumerate(lexemes)
        ] == [tuple(t) for t in tokenize(text)]
        assert marked == _plain_marked(text)
        assert len(offsets) == len(lexemes) + 1 and offsets[0] == 0


@given(texts, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_lexemes_of_a_slice_are_its_tokens(text: str, a: int, b: int) -> None:
    """Within `text[a:b]`, offsets are the tokens' offsets into the whole text."""
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    lexemes, offsets, _ = ex._LEXEMES.lexemes(text, a, b)
    assert [(x.text, offsets[k + 1]) for k, x in enumerate(lexemes)] == [
        (t.text, t.end) for t in tokenize(text, a, b)
    ]


_PLAIN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def plain_parse_digits(s: str) -> float | None:
    """`parse_digits` before its all-digits shortcut."""
    if _PLAIN_GROUPED.fullmatch(s):
        value = float(s.replace(",", ""))
    elif _PLAIN_DIGITS.fullmatch(s):
        value = float(s)
    else:
        return None
    return value if value < 1e18 else None


@given(st.from_regex(r"[0-9٣٤۵१]{0,22}([.,][0-9٣]{1,4}){0,3}", fullmatch=True) | st.text(max_size=8))
def test_parse_digits_agrees_with_the_two_patterns(s: str) -> None:
    """The shortcut for a string of decimal digits reads what the patterns read, Unicode digits too."""
    assert parse_digits(s) == plain_parse_digits(s)


@given(texts)
def test_clause_break_guard_never_hides_a_break(text: str) -> None:
    """A gap the guard passes over has no clause break for the pattern to find."""
    if not context._may_break_clause(text):
        assert not context._CLAUSE_BREAK_RE.findall(text)


def _plain_low(toks: list[Token], i: int) -> str:
    return toks[i].low if 0 <= i < len(toks) else ""


def plain_change_sign_before(toks: list[Token], k: int) -> tuple[int, bool] | None:
    """`_change_sign_before` as it read every word afresh."""
    p = k - 1
    another = False
    if _plain_low(toks, p) == "from" and _plain_low(toks, p - 1) == "anywhere":
        p -= 2
    if _plain_low(toks, p) in ("another", "further", "additional") or (
        _plain_low(toks, p) == "a" and _plain_low(toks, p + 1) == "further"
    ):
        another = True
        p -= 1
        if _plain_low(toks, p) in ("a", "an"):
            p -= 1
    if _plain_low(toks, p) == "by":
        for q in range(p - 1, max(-1, p - 6), -1):
            w = _plain_low(toks, q)
            if w in lx.CHANGE_VERBS:
                return lx.CHANGE_VERBS[w], another
            if w in (",", ".", ";") or (toks[q].is_num if 0 <= q < len(toks) else False):
                break
        for q in range(p - 1, max(-1, p - 14), -1):
            w = _plain_low(toks, q)
            if w in (";", "."):
                break
            if w in lx.CHANGE_VERBS and w not in ("more", "less", "higher", "lower", "up", "down", "went"):
                return lx.CHANGE_VERBS[w], another
        if another:
            return 1, True
        return None
    if _plain_low(toks, p) == "of" and _plain_low(toks, p - 1) in lx.CHANGE_NOUNS_OF:
        return lx.CHANGE_NOUNS_OF[_plain_low(toks, p - 1)], another
    if (
        _plain_low(toks, p) == "of"
        and _plain_low(toks, p - 2) in lx.CHANGE_NOUNS_OF
        and _plain_low(toks, p - 1) in ("annual", "further")
    ):
        return lx.CHANGE_NOUNS_OF[_plain_low(toks, p - 2)], another
    if _plain_low(toks, p) in ("up", "down") and _plain_low(toks, p - 1) not in (
        "set",
        "sum",
        "add",
        "made",
        "end",
        "ended",
    ):
        return (1 if _plain_low(toks, p) == "up" else -1), another
    if not another:
        w = _plain_low(toks, p)
        if w in lx.DIRECT_CHANGE_VERBS:
            return lx.CHANGE_VERBS[w], False
    return None


_CHANGE_WORDS = (
    "by",
    "another",
    "a further",
    "an",
    "of",
    "growth of",
    "annual",
    "up",
    "down",
    "set up",
    "from anywhere",
)
change_text = st.lists(
    st.sampled_from(_CHANGE_WORDS) | st.sampled_from(sorted(lx.CHANGE_VERBS)) | genre_text, max_size=12
).map(" ".join)


@given(change_text | genre_text)
def test_change_sign_before_reads_as_the_plain_one(text: str) -> None:
    """Reading the word before the number once gives the sign the plain version gives, at every token."""
    toks = tokenize(text)
    for k in range(len(toks) + 2):
        assert ex._change_sign_before(toks, k) == plain_change_sign_before(toks, k)
