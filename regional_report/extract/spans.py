"""A figure as the grammar first finds it (`Span`), and the look-ups every rule makes in a sentence's tokens.

Each look-up reads the lexicon's phrases (tuples of lower-case tokens) at a position: the word at a
token, a phrase starting or ending there, a unit, a qualifier.
"""

from __future__ import annotations

from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.numbers import Number
from regional_report.extract.text import Phrases, Tokens, low, words_at, words_before

__all__ = [
    "Phrase",
    "Sign",
    "Span",
    "Unit",
    "low",
    "match_at",
    "qualifier_before",
    "unit_at",
    "words_at",
    "words_before",
]
from regional_report.model import Kind, Qualifier


class Span:
    """A figure before its context is read: tokens [i, j) and what the grammar made of them;
    `noun_i`: the token index of the counted noun, if any.

    A plain class with slots: compiled (`make compile`) it is a native class, made without a call into
    the interpreter.
    """

    __slots__ = ("i", "j", "kind", "noun_i", "qualifier", "unit", "value", "value_max")

    def __init__(
        self,
        i: int,
        j: int,
        kind: Kind,
        value: float,
        unit: str,
        qualifier: Qualifier = "exact",
        value_max: float | None = None,
        noun_i: int = -1,
    ) -> None:
        self.i = i
        self.j = j
        self.kind: Kind = kind
        self.value = value
        self.unit = unit
        self.qualifier: Qualifier = qualifier
        self.value_max = value_max
        self.noun_i = noun_i

    def recast(self, kind: Kind, value: float, value_max: float | None) -> Span:
        """The same figure read as `kind`, with these values."""
        return Span(self.i, self.j, kind, value, self.unit, self.qualifier, value_max, self.noun_i)


# A unit as read after a number: (canonical unit, factor, end token); an empty unit marks a speed.
Unit = tuple[str, float, int]
# The sign of a change, and whether it adds to an earlier one ("by another 17 percent").
Sign = tuple[int, bool]


class Phrase:
    """A number phrase as the reading steps of `phrases.py` fill it in, token by token.

    Starts as the bare number `num` at tokens [num.i, num.j); the steps add its currency
    or unit, the other end of a range, its qualifier, its counted noun and the words that make it a
    change. A step that settles the figure on its own (a duration, a level in "rose from 30 to 45
    percent") sets `done` and `span`. A plain class with slots, made with every field at its start:
    compiled (`make compile`) it is a native class, made without a call into the interpreter.
    """

    __slots__ = (
        "after",
        "between",
        "done",
        "end",
        "factor",
        "noun_i",
        "num",
        "q_start",
        "qualifier",
        "range_end",
        "scaled_range",
        "sign_after",
        "sign_before",
        "span",
        "start",
        "unit",
        "unit_end",
        "value",
        "value_max",
    )

    def __init__(self, num: Number) -> None:
        self.num = num
        self.start = num.i  # the number's first token, or its currency sign's ("$5 billion")
        self.end = num.j  # the token after the phrase read so far
        self.value = num.value
        self.unit: str | None = None
        self.factor = 1.0
        self.after: Unit | None = None  # the unit written after the number, also after a currency sign
        self.unit_end = num.j  # the token after that unit (the number's end when none)
        self.value_max: float | None = None
        self.range_end: int | None = None
        self.scaled_range = False  # the range's upper end has a scale word ("10 to 12 billion")
        self.between = False  # "between 20 and 25 percent"
        self.qualifier: Qualifier = "exact"
        self.q_start = num.i  # the figure's first token: the qualifier's, or the number's
        self.noun_i = -1  # the counted noun's token
        self.sign_before: Sign | None = None
        self.sign_after: int | None = None
        self.done = False
        self.span: Span | None = None


_UNIT_INDEX: Final = {key[0]: [k for k in lx.UNITS if k[0] == key[0]] for key in lx.UNITS}
_QUAL_MAX: Final = max(len(k) for k in lx.QUALIFIERS)
_QUAL_LAST: Final = frozenset(k[-1] for k in lx.QUALIFIERS)
_SPEEDS: Final = Phrases(lx.SPEEDS)
_BOUND_FLIPS: Final[dict[str, Qualifier]] = {"min": "max", "max": "min"}
_QUALIFIERS: Final = frozenset({"exact", "approx", "min", "max"})


def match_at(toks: Tokens, i: int, keys: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest key whose words match the tokens from i."""
    best: tuple[str, ...] | None = None
    for key in keys:
        fits = i + len(key) <= len(toks) and all(toks[i + n].low == w for n, w in enumerate(key))
        if fits and (best is None or len(key) > len(best)):
            best = key
    return best


def unit_at(toks: Tokens, i: int) -> Unit | None:
    """A unit starting at token i -> (unit, factor, end); the unit is "" for a speed ("km per hour")."""
    if i >= len(toks):
        return None
    key = match_at(toks, i, _UNIT_INDEX.get(toks[i].low, []))
    if key is None:
        return None
    unit, factor = lx.UNITS[key]
    # "t" must stand apart and in lower case ("5 t", not "5t" in "25th" nor a capital "T")
    if key in lx.LOWER_CASE_UNITS and (toks[i].text != key[0] or not toks[i].space):
        return None
    end = i + len(key)
    if key in lx.MULTIPLE_UNITS and low(toks, end) in lx.FREQUENCY_WORDS:
        return None  # "three times a week"
    if _SPEEDS.at(toks, end):
        return "", 0.0, end  # a speed: not a figure of the spec, and its number is no count either
    return unit, float(factor), end


def qualifier_before(toks: Tokens, i: int) -> tuple[Qualifier, int] | None:
    """A qualifier ending right before token i -> (qualifier, its first token).

    "about" after a word of speech is a preposition ("we speak about 29 percent"); a negation before
    the qualifier turns its bound around ("cannot show more than 1.5 percent": at most).
    """
    if 0 < i <= len(toks) and toks[i - 1].low not in _QUAL_LAST:
        return None
    for size in range(_QUAL_MAX, 0, -1):
        k = i - size
        if k < 0:
            continue
        key = tuple(t.low for t in toks[k:i])
        if key in lx.QUALIFIERS:
            if low(toks, k - 1) in lx.PREPOSITION_AFTER.get(key[0], ()):
                return None
            q = lx.QUALIFIERS[key]
            if any(low(toks, m) in lx.NEGATIONS for m in range(k - 3, k)):
                q = _BOUND_FLIPS.get(q, q)
            if q in _QUALIFIERS:
                return q, k  # type: ignore[return-value]
    return None


def sentence_has(toks: Tokens, cues: tuple[str, ...]) -> bool:
    """Whether any cue is a substring of the sentence's lower-cased words joined by spaces."""
    joined = " ".join(t.low for t in toks)
    return any(c in joined for c in cues)


def signed(value: float | None, sign: int) -> float | None:
    """A range's upper end carries the change's sign too ("fell by 10-12 percent": -10 to -12)."""
    return None if value is None else sign * value
