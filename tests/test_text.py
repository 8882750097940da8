"""Sentences, tokens, lexemes, digit groups and the figure prefilter: what they must give on any text.

Each part of the extractor's ground floor is checked two ways: hand-written expectations on the
genre's own edge cases (abbreviations, runs of marks, numbers with separators, letters that match
ASCII ones only when case is ignored), and properties that hold for any text: tokens and sentences
cover the text's non-space characters exactly once, in order, and the prefilter never skips a
sentence the grammar finds a figure in.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_extract_properties import genre_text

from regional_report.extract import engine as ex
from regional_report.extract import limits
from regional_report.extract.numbers import parse_digits
from regional_report.extract.text import (
    FOLDS_TO_ASCII,
    LexemeTable,
    sentence_spans,
    tokenize,
    word_alternation,
)

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


# --- sentences ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Ivanov spoke. Output grew 5%.\nNext line",
            ["Mr. Ivanov spoke.", "Output grew 5%.", "Next line"],
        ),
        ("Output grew 1.5 times. Good.", ["Output grew 1.5 times.", "Good."]),
        ("Plant No. 1 works. It is new.", ["Plant No. 1 works.", "It is new."]),
        ("See e.g. the plan. Then act.", ["See e.g. the plan.", "Then act."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("Wait... Now.", ["Wait...", "Now."]),
        ('He said: "It grew." Then he left.', ['He said: "It grew."', "Then he left."]),
        ("It grew (by 5%.) Good.", ["It grew (by 5%.)", "Good."]),
        ("It grew. and fell.", ["It grew. and fell."]),  # no capital after the stop
        ("Ends with 2024. 2025 began.", ["Ends with 2024.", "2025 began."]),
        ("One\r\nTwo\n\n  Three  ", ["One", "Two", "Three"]),
        ("   \n  ", []),
        ("U.S. dollars", ["U.S. dollars"]),
    ],
)
def test_sentence_spans_split_the_genre(text: str, sentences: list[str]) -> None:
    """It splits at line breaks and at . ! ? before a capital, a digit or an opener, not after an
    abbreviation or a single letter, and trims each sentence."""
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


@given(texts)
def test_sentences_cover_the_text_once(text: str) -> None:
    """Sentences are in order, apart, trimmed, within one line each, and every character outside them
    is a space."""
    spans = sentence_spans(text)
    previous = 0
    for a, b in spans:
        assert previous <= a < b <= len(text)
        sentence = text[a:b]
        assert sentence == sentence.strip() and "\n" not in sentence and "\r" not in sentence
        assert text[previous:a].isspace() or previous == a
        previous = b
    assert text[previous:].isspace() or previous == len(text)


@given(texts)
def test_a_sentence_ends_at_a_stop_or_a_line_end(text: str) -> None:
    """Each sentence but a line's last ends with a full stop, ! or ? (and any closers after it)."""
    for a, b in sentence_spans(text):
        line_end = min((k for k in (text.find("\n", b), text.find("\r", b)) if k >= 0), default=len(text))
        if text[b:line_end].strip():
            assert re.search(r"[.!?][.!?\"'”’)\]»]*$", text[a:b]), text[a:b]


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


# --- tokens and lexemes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("over 4,000 tonnes.", [("over", "word"), ("4,000", "num"), ("tonnes", "word"), (".", "sym")]),
        ("1.5-fold", [("1.5", "num"), ("-", "sym"), ("fold", "word")]),
        ("40km2 and 5 m3", [("40", "num"), ("km2", "word"), ("and", "word"), ("5", "num"), ("m3", "word")]),
        ("Su-57", [("Su", "word"), ("-", "sym"), ("57", "num")]),
        ("1,2,3", [("1,2,3", "num")]),  # separators are read, and judged, later
        ("5%!", [("5", "num"), ("%", "sym"), ("!", "sym")]),
        ("Russia’s", [("Russia", "word"), ("’", "sym"), ("s", "word")]),
        ("one_two", [("one", "word"), ("_", "sym"), ("two", "word")]),
    ],
)
def test_tokens_of_the_genre(text: str, tokens: list[tuple[str, str]]) -> None:
    """It splits digit groups, words (and the glued units km2, m2, m3) and single symbols."""
    assert [(t.text, t.kind) for t in tokenize(text)] == tokens


@given(texts)
def test_tokens_cover_the_text(text: str) -> None:
    """Tokens are the text's non-space characters in order, each token's offsets are its text, its
    lower case and class are its own, and `space` says whether a space comes before it."""
    previous = 0
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text and t.start >= previous
        gap = text[previous : t.start]
        assert gap == "" or gap.isspace()
        assert t.space == (gap != "")
        assert t.low == t.text.lower()
        assert t.is_num == (t.kind == "num") and t.is_word == (t.kind == "word")
        if t.kind == "num":
            assert re.fullmatch(r"\d+(?:[.,]\d+)*", t.text)
        elif t.kind == "sym":
            assert len(t.text) == 1 and not t.text.isspace()
        previous = t.end
    assert text[previous:] == "" or text[previous:].isspace()


@given(texts)
def test_lexemes_are_the_tokens_without_offsets(text: str) -> None:
    """Lexemes, offsets and marks give exactly the tokens of `tokenize`, also from a table that is
    cleared at every other entry and keeps no raw token longer than three characters."""
    for table in (ex._LEXEMES, LexemeTable(ex.FIGURE_STARTS, limit=2, longest=3)):
        lexemes, offsets, marked = table.lexemes(text, 0, len(text))
        tokens = tokenize(text)
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
        ] == [(t.text, t.low, t.start, t.end, t.kind, t.space, t.is_num, t.is_word) for t in tokens]
        assert marked == [k for k, t in enumerate(tokens) if t.is_num or t.low in ex.FIGURE_STARTS]
        assert len(offsets) == len(lexemes) + 1 and offsets[0] == 0


@given(texts, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_lexemes_of_a_slice_are_its_tokens(text: str, a: int, b: int) -> None:
    """Within `text[a:b]`, offsets are the tokens' offsets into the whole text."""
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    lexemes, offsets, _ = ex._LEXEMES.lexemes(text, a, b)
    assert [(x.text, offsets[k + 1]) for k, x in enumerate(lexemes)] == [
        (t.text, t.end) for t in tokenize(text, a, b)
    ]


def test_digits_have_no_case() -> None:
    """The tokenizer keeps a number's text as its lower-cased text: no decimal digit has a lower case."""
    assert all(chr(c).lower() == chr(c) for c in range(0x110000) if chr(c).isdecimal())


# --- digit groups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("٣", 3.0),  # Arabic-Indic three
        ("١٢,٣٤٥", 12345.0),
        ("१.५", 1.5),  # Devanagari
        ("12,34", None),
        ("1,2,3", None),
        ("1.", None),
        (",5", None),
        ("", None),
    ],
)
def test_parse_digits_reads_any_script_of_digits(digits: str, value: float | None) -> None:
    """It reads decimal digits of any script as their values, with the separators of ASCII ones."""
    assert parse_digits(digits) == value


@given(st.integers(min_value=0, max_value=10**17 - 1), st.integers(min_value=0, max_value=9999))
def test_parse_digits_reads_grouped_and_decimal_numbers(whole: int, fraction: int) -> None:
    """Thousands commas do not change a number; a decimal part adds its digits' value."""
    grouped = f"{whole:,}"
    assert parse_digits(str(whole)) == parse_digits(grouped) == float(whole)
    decimals = str(fraction)
    assert parse_digits(f"{grouped}.{decimals}") == float(f"{whole}.{decimals}")


@given(st.from_regex(r"[0-9٣٤۵१]{0,22}([.,][0-9٣]{1,4}){0,3}", fullmatch=True) | st.text(max_size=8))
def test_parse_digits_is_the_value_of_the_ascii_digits(s: str) -> None:
    """A digit group reads as the same group in ASCII digits; what is no number of this genre is None:
    letters, a comma not grouping thousands, a second decimal point, 1e18 or more."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in s)
    value = parse_digits(s)
    assert value == parse_digits(ascii_digits)
    valid = re.fullmatch(r"\d+(\.\d+)?|\d{1,3}(,\d{3})+(\.\d+)?", ascii_digits, re.ASCII)
    if value is not None:
        assert valid and value == float(ascii_digits.replace(",", "")) < 1e18
    elif valid:
        assert float(ascii_digits.replace(",", "")) >= 1e18


# --- the figure prefilter -------------------------------------------------------------------------


@given(texts)
def test_prefilter_skips_no_sentence_with_a_figure(text: str) -> None:
    """A sentence the prefilter skips has no figure for the grammar to find."""
    for a, b in sentence_spans(text):
        if not ex._may_hold_figure(text, a, b):
            assert ex._figures_of(text, a, b, None, "") == [], text[a:b]


@pytest.mark.parametrize(
    ("sentence", "passes"),
    [
        ("We built a hundred schools.", True),
        ("A third of the budget.", True),
        ("Output doubled.", True),
        ("It ranks first.", True),
        ("It grew 5%.", True),
        ("A plan was adopted.", False),
        ("We discussed the region's roads.", False),
        ("The harvest was good.", False),
    ],
)
def test_prefilter_on_sentences(sentence: str, passes: bool) -> None:
    """It passes a sentence with a digit or a word that may begin a figure, and only those."""
    assert ex._may_hold_figure(sentence, 0, len(sentence)) == passes


@given(texts)
def test_prefilter_on_lower_cased_text_is_the_case_ignoring_one(text: str) -> None:
    """The search the extractor picks for a whole text passes exactly the sentences that the
    case-ignoring search passes."""
    candidates = ex.prefilter(text)
    for a, b in sentence_spans(text):
        assert candidates.may_hold(a, b) == ex._may_hold_figure(text, a, b), text[a:b]


@pytest.mark.parametrize("text", ["Harvest: ſix tonnes.", "We were fıfth.", "LARGEſT", "The ſeventh.\nfİrst"])
def test_prefilter_on_case_folding_letters(text: str) -> None:
    """A text with letters that match ASCII ones only when case is ignored is searched as written."""
    candidates = ex.prefilter(text)
    assert candidates.text == " " + text
    for a, b in sentence_spans(text):
        assert candidates.may_hold(a, b) == ex._may_hold_figure(text, a, b)


def test_lower_casing_keeps_letters_digits_and_spaces() -> None:
    """Lower-casing a character to one character never changes whether a regex sees it as \\w, \\d or \\s."""
    for c in map(chr, range(0x110000)):
        low = c.lower()
        if len(low) == 1 and low != c:  # a character lower-cased to itself keeps its classes
            assert (low.isalnum(), low.isdecimal(), low.isspace()) == (
                c.isalnum(),
                c.isdecimal(),
                c.isspace(),
            )
    assert "ς".isalnum()  # the final sigma "Σ" lower-cases to inside a word


def test_the_case_folding_letters_are_all_listed() -> None:
    """No character beyond ASCII but the listed ones matches an ASCII letter when case is ignored."""
    beyond_ascii = "".join(map(chr, range(128, 0x110000)))
    folding = re.findall(r"(?i)[a-z]", beyond_ascii)  # one character a match: each character on its own
    assert folding == ["\u0130", "\u0131", "\u017f", "\u212a"]
    assert tuple(folding) == FOLDS_TO_ASCII


@pytest.mark.parametrize(
    "words", [["four", "fourth", "five"], ["a"], ["half", "halved", "hal"], ["one", "once", "on", "o"]]
)
def test_word_alternation_matches_exactly_its_words(words: list[str]) -> None:
    """The factored alternation matches each word and nothing else among its prefixes and extensions."""
    pattern = re.compile(word_alternation(words))
    probes = {w[:k] for w in words for k in range(len(w) + 1)} | {w + "s" for w in words}
    assert {p for p in probes if pattern.fullmatch(p)} == set(words)
