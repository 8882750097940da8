"""The kind of a number phrase: count, amount, percent, change or index, from its unit and change words,
then from its sentence (an index noun before it, a base period after it, a growth noun as its subject).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from regional_report.extract import lexicon as lx
from regional_report.extract.spans import Phrase, Span, low, sentence_has, signed, words_at
from regional_report.extract.text import Phrases, Tokens
from regional_report.model import Kind

_NON_MONEY_BEFORE: Final = Phrases(lx.NON_MONEY_BEFORE)
# The kinds of figures that may restate a change before them.
_RESTATABLE: Final = frozenset({"percent", "amount", "count"})
# The kind of a level by its unit, in "rose from 30 to 45 percent" ("amount" for any other unit).
_LEVEL_KINDS: Final[dict[str, Kind]] = {"%": "percent", "count": "count", "x": "change", "pp": "change"}


def level_kind(unit: str) -> Kind:
    """The kind of a level written in `unit`."""
    return _LEVEL_KINDS.get(unit, "amount")


def kind_of(toks: Tokens, ph: Phrase) -> Span:
    """The figure a fully read phrase states: its kind by its unit, signed when it is a change."""
    return _BY_UNIT.get(ph.unit or "", measured)(toks, ph)


def multiple(toks: Tokens, ph: Phrase) -> Span:
    """ "grew 2.5 times": a multiple, a change that stays unsigned."""
    return Span(ph.q_start, ph.end, "change", ph.value, "x", ph.qualifier, ph.value_max)


def points(toks: Tokens, ph: Phrase) -> Span:
    """ "fell by 1.2 percentage points": a change in points, rising unless the words say otherwise."""
    sign = ph.sign_before[0] if ph.sign_before else (ph.sign_after or 1)
    return Span(ph.q_start, ph.end, "change", sign * ph.value, "pp", ph.qualifier, signed(ph.value_max, sign))


def percentage(toks: Tokens, ph: Phrase) -> Span:
    """A percent level, a relative change ("grew by 5 percent", "a 2 percent increase"), or a translated
    index ("grew by 107 percent", "a 105 percent increase")."""
    sign = ph.sign_before[0] if ph.sign_before else ph.sign_after
    if sign is None:
        return Span(ph.q_start, ph.end, "percent", ph.value, "%", ph.qualifier, ph.value_max)
    if sign > 0 and translated_index(toks, ph):
        return Span(ph.q_start, ph.end, "index", ph.value, "%", ph.qualifier, ph.value_max)
    return Span(ph.q_start, ph.end, "change", sign * ph.value, "%", ph.qualifier, signed(ph.value_max, sign))


def translated_index(toks: Tokens, ph: Phrase) -> bool:
    """A rise of INDEX_BAND_OF_RISE is the translated index it reads as (more than doubled is far less
    likely): by "by" ("grew by 107 percent"; not "by another", nor "by 107 percent more"), or before a
    noun of growth ("a 105 percent increase"; not "105 percent more", a comparison)."""
    low_rise, high_rise = lx.INDEX_BAND_OF_RISE
    if not low_rise < ph.value < high_rise:
        return False
    after = low(toks, ph.end)
    if ph.sign_before is None:
        return after in lx.INDEX_RISE_NOUNS
    return not ph.sign_before[1] and after not in lx.CHANGE_AFTER


def bare(toks: Tokens, ph: Phrase) -> Span:
    """A number with no unit: roubles when scaled in a money sentence ("investment of 60 billion"), else
    a count of its noun, or a change in that count ("increased by 750")."""
    if is_money(toks, ph) and ph.noun_i < 0:
        ph.unit, ph.factor = "RUB", 1.0
        return measured(toks, ph)
    end = ph.noun_i + 1 if ph.noun_i >= 0 else ph.end
    if ph.sign_before is None:
        return Span(ph.q_start, end, "count", ph.value, "count", ph.qualifier, ph.value_max, ph.noun_i)
    sign = ph.sign_before[0]
    return Span(
        ph.q_start,
        end,
        "change",
        sign * ph.value,
        "count",
        ph.qualifier,
        signed(ph.value_max, sign),
        ph.noun_i,
    )


def is_money(toks: Tokens, ph: Phrase) -> bool:
    """A scaled number with no unit is roubles in a sentence about money; billions standing alone
    always are ("3 billion to complete")."""
    end = ph.end
    nxt = low(toks, end)
    alone = end >= len(toks) or not toks[end].is_word or nxt in lx.FUNCTION_WORDS
    bare_billions = ph.num.scale >= lx.BARE_MONEY_SCALE and alone
    return (
        (ph.num.scaled or ph.scaled_range)
        and (bare_billions or sentence_has(toks, lx.MONEY_CUES))
        and nxt not in lx.NON_MONEY_NOUNS
        and not _NON_MONEY_BEFORE.before(toks, ph.q_start)
    )


def measured(toks: Tokens, ph: Phrase) -> Span:
    """A quantity in a physical or money unit: an amount, or a change of it ("fell by 3,000 hectares")."""
    unit = ph.unit or ""
    value = ph.value * ph.factor
    value_max = ph.value_max * ph.factor if ph.value_max is not None else None
    if ph.sign_before is None:
        return Span(ph.q_start, ph.end, "amount", value, unit, ph.qualifier, value_max)
    sign = ph.sign_before[0]
    return Span(ph.q_start, ph.end, "change", sign * value, unit, ph.qualifier, signed(value_max, sign))


_BY_UNIT: Final[dict[str, Callable[[Tokens, Phrase], Span]]] = {
    "x": multiple,
    "pp": points,
    "%": percentage,
    "": bare,
}


# --- the kind a sentence gives a figure ----------------------------------------------------------------


def restatements(toks: Tokens, spans: list[Span]) -> list[Span]:
    """A level or amount that restates the change before it is that change in another unit: "investment
    has grown 30 percent, or 600 billion rubles", "fell by 6.9 percent – almost 7 percent"."""
    if len(spans) < 2:
        return spans
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "change"
            and prev.unit != "x"
            and s.kind in _RESTATABLE
            and tuple(t.low for t in toks[prev.j : s.i]) in lx.RESTATEMENT_JOINERS
        ):
            sign = 1 if prev.value > 0 else -1
            s = s.recast("change", sign * s.value, signed(s.value_max, sign))
        out.append(s)
    return out


def levels_in_context(toks: Tokens, spans: list[Span]) -> list[Span]:
    """Percent levels that their sentence makes indices or growth rates.

    "the industrial production index was 105 percent, and manufacturing, 120 percent" (both indices),
    "107 percent of the 2017 level", "101.3 percent compared to the same period last year", "economic
    growth 16 percent" (a change), "the growth rate is 126 percent" (an index).
    """
    if not any(s.kind == "percent" for s in spans):
        return spans
    out: list[Span] = []
    in_index = False  # a word of INDEX_NOUNS stood before, and only percent levels since
    prev_end = 0
    for s in spans:
        between = [t.low for t in toks[prev_end : s.i]]
        words = set(between)
        share = not words.isdisjoint(lx.SHARE_NOUNS)
        in_index = not share and (
            (in_index and s.kind in ("percent", "index")) or not words.isdisjoint(lx.INDEX_NOUNS)
        )
        if s.kind == "percent":
            s = recast_level(toks, s, in_index, not share and growth_governs(between), share)
        out.append(s)
        prev_end = s.j
    return out


def growth_governs(words: list[str]) -> bool:
    """Whether a growth noun among the words before a number is its subject: near, in the same clause
    or taken up by a pronoun after the clause's end ("growth ..., and it amounted to")."""
    last = max((k for k, w in enumerate(words) if w in lx.GROWTH_NOUNS), default=-1)
    if last < 0 or len(words) - last > lx.GROWTH_REACH:
        return False
    tail = words[last + 1 :]
    breaks = [k for k, w in enumerate(tail) if w in lx.CLAUSE_BREAKS]
    if not breaks:
        return True
    after = [w for w in tail[breaks[-1] + 1 :] if w not in lx.PRONOUN_JOINERS]
    return bool(after) and after[0] in lx.PRONOUN_SUBJECTS


def recast_level(toks: Tokens, s: Span, in_index: bool, after_growth: bool, share: bool = False) -> Span:
    """A percent level as an index or a growth rate when its context says so ("98 percent compared to
    2020", not after a share noun), or when it is above 100 and no share of a whole ("agricultural output
    reached 108 percent"; not "110 percent of the plan"); else as it is."""
    least, most = lx.INDEX_LEVELS
    if low(toks, s.j) in lx.SHARE_MARKS:
        reach = range(s.j + 1, s.j + 1 + lx.BASE_LEVEL_REACH)
        is_base = any(low(toks, k) in lx.BASE_LEVEL_NOUNS for k in reach)
        return (
            s.recast("index", s.value, s.value_max) if is_base else s
        )  # else a share: "67 percent of the trade"
    lowest = 100 if share else least  # "98 percent compared to 2020"; a share below 100 stays a share
    if (base_comparison_after(toks, s.j) and lowest <= s.value < most) or 100 < s.value < most:
        return s.recast("index", s.value, s.value_max)  # above 100 and of no whole: a level against a base
    if in_index and least <= s.value < most:
        return s.recast("index", s.value, s.value_max)
    if after_growth:
        return s.recast("index" if 100 <= s.value < most else "change", s.value, s.value_max)
    return s


def base_comparison_after(toks: Tokens, j: int) -> bool:
    """ "compared to 2019", "compared with the same period": a base period after token j, not a number."""
    for key in lx.BASE_COMPARISONS:
        if words_at(toks, j, key):
            k = j + len(key)
            return k < len(toks) and (not toks[k].is_num or _is_year(toks[k].text))
    return False


def _is_year(text: str) -> bool:
    first, last = lx.YEAR_RANGE
    return len(text) == 4 and text.isdigit() and first <= int(text) <= last
