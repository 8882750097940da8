"""Number phrases: a number with its currency or unit, range partner, qualifier, counted noun and change words.

`number_span` reads the number at a token, then runs the reading steps over a `Phrase` record, in
order (`steps_of`: those of `STEPS`, of `BARE_STEPS` for a number with no unit, of `LAST_STEPS`).
A step returns False when the number is no figure after all ("five-storey", "two issues", "three
or more children"); a step may also settle the figure itself (`Phrase.done`). The kind is decided
last, from the unit and the change words (`kinds.kind_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.changes import change_sign_after, change_sign_before
from regional_report.extract.exclusions import is_excluded_number
from regional_report.extract.kinds import kind_of, level_kind
from regional_report.extract.numbers import FRACTION_FIRST, Number, parse_fraction, parse_number
from regional_report.extract.spans import (
    Phrase,
    Span,
    Unit,
    low,
    qualifier_before,
    unit_at,
    words_at,
)
from regional_report.extract.text import Phrases, Tokens
from regional_report.model import Qualifier

Step = Callable[[Tokens, Phrase], bool]
# What may follow an article that begins a number phrase: "a million", "a third", "a half".
_AFTER_ARTICLE: Final = frozenset(
    {*lx.BARE_SCALES, *(k[1] for k in lx.FRACTIONS if k[0] in lx.INDEFINITE_ARTICLES)}
)
_OTHER_PLACE_BEFORE: Final = Phrases(lx.OTHER_PLACE_BEFORE)
_OTHER_PLACE_AFTER: Final = Phrases(lx.OTHER_PLACE_AFTER)
_COMPARED_TO: Final = Phrases(lx.COMPARED_TO)
_OTHER_PLACE_NEAR: Final = Phrases(lx.OTHER_PLACE_NEAR)
_SAMPLE_BEFORE: Final = Phrases(lx.SAMPLE_BEFORE)
_THRESHOLDS: Final = Phrases(lx.THRESHOLD_AFTER)
_THRESHOLDS_AFTER_NOUN: Final = Phrases(lx.THRESHOLDS_AFTER_NOUN)


def number_span(toks: Tokens, i: int) -> Span | None:
    """The figure that a number phrase starting at token i states, or None."""
    if toks[i].low in lx.INDEFINITE_ARTICLES and low(toks, i + 1) not in _AFTER_ARTICLE:
        return None  # an article begins a figure only as "a million", "a third"
    share = share_one_in(toks, i)
    if share is None and toks[i].low in FRACTION_FIRST:
        share = fraction_span(toks, i)
    if share is not None:
        return share
    num = parse_number(toks, i)
    if num is None or is_excluded_number(toks, num):
        return None
    ph = Phrase(num)
    for step in steps_of(ph):
        if not step(toks, ph):
            return None
        if ph.done:
            return ph.span
    return kind_of(toks, ph)


def share_one_in(toks: Tokens, i: int) -> Span | None:
    """ "one in three", "one out of four": a share of 33.3 %, 25 %."""
    if toks[i].low not in lx.SHARE_ONE:
        return None
    for key in lx.SHARE_OF:
        if words_at(toks, i + 1, key):
            other = parse_number(toks, i + 1 + len(key))
            if other is not None and other.value >= 2:
                return Span(i, other.j, "percent", 100.0 / other.value, "%")
    return None


def fraction_span(toks: Tokens, i: int) -> Span | None:
    """A fraction as a share ("a third of", "half the schools") or a change ("rose by a third")."""
    t = toks[i]
    frac = parse_fraction(toks, i)
    if frac is None or (t.low in lx.HALF_WORDS and low(toks, i - 1) in lx.HALF_NOT_AFTER):
        return None
    if t.low in lx.INDEFINITE_ARTICLES and low(toks, i - 1) in lx.NUMBER_JOINERS:
        return None  # "one and a half"
    value, j = frac
    nxt = low(toks, j)
    if words_at(toks, j, lx.FRACTION_OF_SCALE) and low(toks, j + 2) in lx.SCALES:
        return None  # "a quarter of a million tonnes" is a number phrase
    q = qualifier_before(toks, i)
    start = q[1] if q else i
    qualifier: Qualifier = q[0] if q else "exact"
    sign = change_sign_before(toks, start)
    if sign is not None and nxt not in lx.SHARE_MARKS:
        return Span(start, j, "change", sign[0] * value * 100, "%", qualifier)
    if nxt in lx.SHARE_MARKS or (t.low in lx.HALF_WORDS and nxt in lx.HALF_DETERMINERS):
        return Span(start, j, "percent", value * 100, "%", qualifier)
    return None


# --- the reading steps, in order -------------------------------------------------------------------


def _glued_word(toks: Tokens, j: int) -> bool:
    """Whether a dash glued on both sides follows the number at token j ("five-storey", "15-percent")."""
    return low(toks, j) in lx.DASHES and not toks[j].space and j + 1 < len(toks) and not toks[j + 1].space


def hyphen_modifier(toks: Tokens, ph: Phrase) -> bool:
    """ "five-storey", "10-year", "300-bed": a number hyphened to a word other than a unit modifies it."""
    j = ph.num.j
    if not (_glued_word(toks, j) and toks[j + 1].is_word):
        return True
    return unit_at(toks, j + 1) is not None or low(toks, j + 1) in lx.HYPHEN_UNIT_WORDS


def read_unit(toks: Tokens, ph: Phrase) -> bool:
    """The currency before the number ("$5 billion", "RUB 10 billion") or the unit after it ("40
    percent", "a 150-MW plant"); a speed ("60 kilometres per hour") is no figure."""
    i, j = ph.num.i, ph.num.j
    currency = lx.CURRENCY_PREFIXES.get(low(toks, i - 1)) if i > 0 else None
    after = unit_at(toks, j)
    if after is None and _glued_word(toks, j):
        after = unit_at(toks, j + 1)  # a unit as a modifier: "a 15-percent increase", "a 150-MW plant"
    if after is not None and not after[0]:
        return False
    ph.after = after
    if currency:
        ph.start, ph.unit = i - 1, currency
    elif after is not None:
        ph.unit, ph.factor, ph.unit_end = after
    ph.end = ph.unit_end if ph.unit is not None else j
    return True


def read_range(toks: Tokens, ph: Phrase) -> bool:
    """The other end of a range: "18–20 tons", "10 to 12 billion roubles", "107 or 108 percent",
    "between 20 and 25 percent". "rose from 30 to 45 percent" is no range but two levels: this one
    borrows the unit written after the other."""
    before = low(toks, ph.num.i - 1)
    ph.between = before in lx.RANGE_BETWEEN or (
        before in lx.CURRENCY_PREFIXES and low(toks, ph.num.i - 2) in lx.RANGE_BETWEEN
    )
    partner = range_partner(toks, ph)
    if partner is None:
        return True
    conn, other = partner
    other_unit = unit_at(toks, other.j)
    if other_unit is not None and not other_unit[0]:
        return not is_range(toks, ph, conn, other, other_unit)
    low_end = ph.value * (other.scale if other.scaled and not ph.num.scaled else 1)
    falls = conn in lx.RANGE_TO and low(toks, ph.start - 1) in lx.RANGE_FROM and other.value < low_end
    if falls and ph.after is None and other_unit is not None:
        return _level(ph, low_end, other_unit)  # "cut contributions from 30 to 15 percent"
    if not is_range(toks, ph, conn, other, other_unit):
        return True
    if conn in lx.RANGE_TO and from_after_change(toks, ph.start):
        return _level(ph, low_end, other_unit)
    if other_unit is not None:
        ph.unit, ph.factor, ph.unit_end = other_unit
    else:
        ph.unit_end = other.j
    ph.value, ph.value_max = low_end, other.value
    ph.range_end = ph.end = ph.unit_end
    ph.scaled_range = other.scaled
    return True


def _level(ph: Phrase, value: float, unit: Unit | None) -> bool:
    """Settle the phrase as a level in the unit written after the range's other number ("from 30 to 45
    percent": 30 percent); a count when none is written."""
    name, factor = (unit[0], unit[1]) if unit is not None else ("count", 1.0)
    ph.done = True
    ph.span = Span(ph.start, ph.num.j, level_kind(name), value * factor, name)
    return True


def range_partner(toks: Tokens, ph: Phrase) -> tuple[str, Number] | None:
    """The word joining a range ("-", "to", "or", "and" after "between") and the number after it."""
    conn_i = ph.num.j if ph.after is None else ph.unit_end
    conn = low(toks, conn_i)
    joins = conn in lx.DASHES or conn in lx.RANGE_WORDS or (conn in lx.RANGE_AND and ph.between)
    if not joins or conn_i + 1 >= len(toks):
        return None
    skip = 2 if low(toks, conn_i + 1) in lx.CURRENCY_PREFIXES else 1
    other = parse_number(toks, conn_i + skip)
    if other is None or is_excluded_number(toks, other, range_end=True):
        return None
    # a dash spaced on one side only, before the number: a dash of the sentence ("5 –10 more")
    if conn in lx.DASHES and toks[conn_i].space != toks[conn_i + 1].space and toks[conn_i + 1].space:
        return None
    return conn, other


def is_range(toks: Tokens, ph: Phrase, conn: str, other: Number, other_unit: Unit | None) -> bool:
    """Whether the number and `other` are the two ends of one range, the upper end not below the lower."""
    after = ph.after
    same_unit = other_unit is not None and (after is None or other_unit[0] == ph.unit)
    timed = low(toks, other.j) in lx.TIME_UNITS
    # "fourteen to twenty seats", "three or four schools": one count (not "from 14 to 20 seats": two)
    counted = low(toks, other.j) in lx.COUNT_NOUNS and low(toks, ph.start - 1) not in lx.RANGE_FROM
    single_unit = after is None and (
        other_unit is not None or conn in lx.DASHES or ph.between or timed or counted
    )
    # "from 4.5 tons in 2007 to 18 tons" keeps two figures; "20% to 25%" is one range
    adjacent_pair = conn in lx.DASHES or (
        conn in lx.RANGE_TO
        and (low(toks, ph.start - 1) not in lx.RANGE_FROM or words_at(toks, ph.start - 2, lx.RANGE_OPENER))
    )
    scale = other.scale / ph.num.scale if other.scaled and not ph.num.scaled else 1
    return (
        single_unit or (after is not None and same_unit and adjacent_pair)
    ) and other.value >= ph.value * scale


def from_after_change(toks: Tokens, start: int) -> bool:
    """ "rose from 30 to 45 percent": "from" after a change verb before the number at `start`."""
    verb = low(toks, start - 2)
    return low(toks, start - 1) in lx.RANGE_FROM and (verb in lx.CHANGE_VERBS or (verb,) in lx.CHANGE_PHRASES)


def read_qualifier(toks: Tokens, ph: Phrase) -> bool:
    """The qualifier before the phrase ("about", "more than", "between" ... "and"); a range is "min"."""
    start = ph.start
    qual = qualifier_before(toks, start if not ph.between else start - 1)
    if qual is not None:
        ph.qualifier, ph.q_start = qual
    else:
        ph.q_start = start
    if ph.between:
        ph.q_start = min(ph.q_start, start - 1)
    if ph.value_max is not None:
        ph.qualifier = "min"
    return True


def reject_other_place(toks: Tokens, ph: Phrase) -> bool:
    """A figure of the country or another place set beside the region's: "the national average is 3.8
    percent", "20 percent nationwide", "compared to 10 percent in the North Caucasus Federal District"."""
    k = ph.q_start
    while k > ph.q_start - lx.LINKING_REACH and low(toks, k - 1) in lx.LINKING_WORDS:
        k -= 1
    if _OTHER_PLACE_BEFORE.before(toks, k) or _OTHER_PLACE_AFTER.at(toks, ph.end):
        return False
    if not _COMPARED_TO.before(toks, ph.q_start):
        return True
    return not any(_OTHER_PLACE_NEAR.at(toks, m) for m in range(ph.end, ph.end + lx.OTHER_PLACE_REACH))


def read_counted_noun(toks: Tokens, ph: Phrase) -> bool:
    """The counted noun of a bare number, right after it or after one modifier ("600 beds", "27 new
    kindergartens")."""
    if ph.unit is not None:
        return True
    for k in range(ph.end, ph.end + lx.NOUN_MODIFIERS_REACH + 1):
        if low(toks, k) in lx.COUNT_NOUNS:
            ph.noun_i = k
            break
        if k >= len(toks) or not toks[k].is_word or toks[k].low in lx.NOT_NOUN_MODIFIERS:
            break
    return True


def read_duration(toks: Tokens, ph: Phrase) -> bool:
    """A bare number of time units is a duration: a figure only as the measured thing ("life
    expectancy reached 72 years")."""
    end = ph.end
    nxt = low(toks, end)
    if ph.unit is not None or not (
        nxt in lx.TIME_UNITS or (nxt == lx.HYPHEN and low(toks, end + 1) in lx.TIME_UNITS)
    ):
        return True
    ph.done = True
    ph.span = measured_duration(toks, ph.q_start, end, ph.value, ph.value_max, ph.qualifier)
    return True


def measured_duration(
    toks: Tokens, i: int, end: int, value: float, value_max: float | None, q: Qualifier
) -> Span | None:
    """A number of years is a figure only when it is the measured thing (life expectancy, service life)."""
    hyphened = low(toks, end) == lx.HYPHEN
    if low(toks, end + 1 if hyphened else end) not in lx.YEAR_UNITS:
        return None
    before, after = lx.DURATION_CUE_REACH
    context = " ".join(t.low for t in toks[max(0, i - before) : end + after])
    if not any(c in context for c in lx.MEASURED_DURATION_CUES):
        return None
    return Span(i, end + 2 if hyphened else end + 1, "amount", value, "year", q, value_max)


def reject_modifier(toks: Tokens, ph: Phrase) -> bool:
    """ "an excellent 9–12 seat aircraft", "a 300 bed hospital": a number before a singular noun sizes the
    thing named after it; it counts nothing ("10 apartment buildings" counts buildings)."""
    if ph.unit is not None or ph.value == 1 or low(toks, ph.end) not in lx.SINGULAR_COUNT_NOUNS:
        return True
    head = low(toks, ph.end + 1)
    return head in lx.COUNT_NOUNS or (
        head.endswith(lx.PLURAL_ENDING) and not head.endswith(lx.SINGULARS_IN_S)
    )


def reject_sample(toks: Tokens, ph: Phrase) -> bool:
    """ "a survey of 330,000 people": a poll's sample; "The governor mentioned two projects": a speaker
    announcing what follows."""
    if _SAMPLE_BEFORE.before(toks, ph.q_start):
        return False
    announced = (
        ph.unit is None and ph.num.words and ph.value <= 10 and low(toks, ph.q_start - 1) in lx.SPEECH_VERBS
    )
    return not announced


def reject_conversation(toks: Tokens, ph: Phrase) -> bool:
    """ "two issues", "three questions", "in two shifts": counts about the conversation itself, or of the
    parts of a process."""
    end = ph.end
    if ph.unit is not None:
        return True
    if low(toks, end) in lx.CONVERSATION_NOUNS or low(toks, end) in lx.PROCESS_PARTS:
        return False
    return not (
        end < len(toks)
        and toks[ph.num.i].is_word
        and low(toks, end + 1) in lx.CONVERSATION_NOUNS
        and toks[end].is_word
    )


def reject_threshold(toks: Tokens, ph: Phrase) -> bool:
    """ "three or more children", "three children or more": a threshold defining a category."""
    if ph.unit is not None:
        return True
    return not (
        _THRESHOLDS.at(toks, ph.end) or (ph.noun_i >= 0 and _THRESHOLDS_AFTER_NOUN.at(toks, ph.noun_i + 1))
    )


def reject_word_number(toks: Tokens, ph: Phrase) -> bool:
    """A lone number word that refers rather than counts: "one" without a noun, "two of", "the three",
    "one another", "than three,"."""
    num = ph.num
    t = toks[num.i]
    if ph.unit is not None or not (t.is_word and not num.scaled and num.j == num.i + 1):
        return True
    if t.low in lx.ONE and ph.noun_i < 0:
        return False
    nxt, prev = low(toks, ph.end), low(toks, num.i - 1)
    possessive_of = nxt in lx.PARTITIVE_OF and low(toks, ph.end + 1) in lx.POSSESSIVES and t.low not in lx.ONE
    counted_after = prev in lx.COUNTED_AFTER and ph.noun_i >= 0  # "the four large federal projects"
    if (nxt in lx.WORD_NUMBER_NOT_BEFORE and not possessive_of) or (
        prev in lx.WORD_NUMBER_NOT_AFTER and not counted_after
    ):
        return False
    return not (nxt in lx.CLAUSE_MARKS and prev in lx.WORD_NUMBER_NOT_AFTER_AT_END)


def reject_zero(toks: Tokens, ph: Phrase) -> bool:
    """A bare zero in digits ("0") counts nothing."""
    num = ph.num
    return ph.unit is not None or not (num.plain_digits == "0" or (ph.value == 0 and not num.words))


def read_change_words(toks: Tokens, ph: Phrase) -> bool:
    """The words that make the phrase a change: before it ("grew by", "up"), after it ("a 2 percent
    increase"), or after a parallel one ("1 percent and 1.7 percent increases")."""
    ph.sign_before = change_sign_before(toks, ph.q_start)
    if ph.unit is not None:
        ph.sign_after = change_sign_after(toks, ph.end)
    if ph.sign_after is None and ph.unit == "%" and low(toks, ph.end) in lx.PARALLEL_JOINERS:
        other = parse_number(toks, ph.end + 1)
        other_unit = None if other is None else unit_at(toks, other.j)
        if other_unit is not None and other_unit[0] == "%":
            ph.sign_after = change_sign_after(toks, other_unit[2])
    word, verb = low(toks, ph.q_start), low(toks, ph.q_start - 1)
    # "rose above 4.5 trillion rubles" reaches a level; "topped 103 billion" keeps its verb as qualifier
    if (word in lx.LEVEL_PREPOSITIONS and verb in lx.DIRECT_CHANGE_VERBS) or (
        ph.qualifier == "min" and word in lx.VERB_QUALIFIERS
    ):
        ph.sign_before = None
    return True


# The steps of every phrase, then those of a phrase with no unit (a count), then the change words.
STEPS: Final[tuple[Step, ...]] = (
    hyphen_modifier,
    read_unit,
    read_range,
    read_qualifier,
    reject_other_place,
    reject_sample,
)
BARE_STEPS: Final[tuple[Step, ...]] = (
    reject_modifier,
    read_counted_noun,
    read_duration,
    reject_conversation,
    reject_threshold,
    reject_word_number,
    reject_zero,
)
LAST_STEPS: Final[tuple[Step, ...]] = (read_change_words,)
ALL_STEPS: Final = (*STEPS, *BARE_STEPS, *LAST_STEPS)


def steps_of(ph: Phrase) -> Iterator[Step]:
    """The steps a phrase goes through, in order: those of a bare number only when it has no unit."""
    yield from STEPS
    if ph.unit is None:
        yield from BARE_STEPS
    yield from LAST_STEPS
