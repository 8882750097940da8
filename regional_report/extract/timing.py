"""When and at what rate a figure holds: its year, status (actual, plan, past), period and rate base.

Everything is read from the figure's own sentence (a change's period also from the sentences just
before, when its own names no time; the status of a sentence that only goes on about the one before,
"This involves ...", from that one), never from the document as a whole. The English it reacts to
lives in `data/timing.yaml`; the patterns here are built from those tables.

A sentence is read once for all its figures (`read_sentence`, cached): one regex finds the words a
status, period or rate phrase may start with, and only the phrases starting with that word are tried
there; another finds the words and marks that end a clause. Each figure then looks at the phrases of
its own clause, and reads the words around it (levels, flows, verbs) only when its decision needs them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from functools import cache, lru_cache
from typing import Any, Final, NamedTuple

import yaml

from regional_report.extract.lexicon import SMALL_NUMBERS, TENS
from regional_report.extract.text import word_alternation
from regional_report.model import FigureStatus, Period
from regional_report.settings import DATA_DIR

# A year or a time phrase farther than this (in score points, roughly characters) from its figure
# does not date it.
MAX_DISTANCE: Final = 100
# Score points for what lies between a figure and a time phrase.
_COMMA_COST: Final = 20
_JOINT_COST: Final = 40
_HARD_BREAK_COST: Final = 40
_FRONTED_SCORE: Final = 10.0
# How far (in characters) from a figure the words that decide its status are read.
_PLAN_AFTER_REACH: Final = 60
_PAST_REACH: Final = 60
_AGAINST_REACH: Final = 30
_NOW_VALUE_REACH: Final = 40
_FROM_REACH: Final = 6
_APPOSED_REACH: Final = 40
_YEAR_CONTEXT: Final = 40
_ATTACHED_REACH: Final = 50
# How far (in characters) before a figure the words that make it a level ("there are 12") are read.
_LEVEL_BEFORE_WINDOW: Final = 16
# A flow word this near after a figure makes it a flow ("16 new bridges built").
_FLOW_AFTER_REACH: Final = 25
_LEVEL_AFTER_REACH: Final = 12
# "the past 18 months" is more than part of a year.
_MONTHS: Final = 12
_CHANGES: Final = frozenset({"change", "index"})
_PERIODS: Final[dict[str, Period]] = {
    "year": "year",
    "year_end": "year",
    "years": "years",
    "part_year": "part_year",
}
_PHRASE_ROLES: Final = ("plan", "not_plan", "measured", "past", "not_past", "past_after", "now", "continuing")
_PERIOD_VALUES: Final = (
    "part_year",
    "years",
    "year",
    "year_end",
    "moment",
    "date",
    "previous",
    "none",
    "first_time",
)
# Period phrases that date no figure of their own and hide the phrases inside them; "first_time" dates
# a change ("grew 3 percent for the first time in three years": one year's).
_HIDING: Final = ("none", "first_time")
_WORD_ROLES: Final = {"level": "level_words", "flow": "flow_words", "annual": "annual_words"}
_FOLD: Final = (("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-"), ("\u2011", "-"))
_DIGIT: Final = re.compile(r"\d")
_DIGITS: Final = re.compile(r"\d+")
_WORDS: Final = re.compile(r"[a-z]+")
_LAST_WORD: Final = re.compile(r"[a-z][a-z'-]*$")
_SPACES: Final = re.compile(r"\s+")
_LAST_SENTENCE: Final = re.compile(r"(?:[.!?]\s+|\n)(?=\S)")
_CLAUSE_END: Final = re.compile(r"\s*(?:[,;:.!?)]|$)")
# How many words after a phrase's first word the scan checks before trying the phrase there.
_FOLLOW_WORDS: Final = 1
_END: Final = r"(?![a-z0-9])"

YearChoice = tuple[float, int, "YearMention"]


class Timing:
    """When and at what rate one figure holds."""

    __slots__ = ("per", "period", "status", "year")

    def __init__(
        self,
        year: int | None,
        status: FigureStatus = "actual",
        period: Period | None = None,
        per: str | None = None,
    ) -> None:
        self.year = year
        self.status: FigureStatus = status
        self.period = period
        self.per = per


class Cue:
    """A phrase of the timing tables found in a sentence: where, its role and its value. Cues compare
    as the tuples (start, end, role, value): in order of their place in the sentence."""

    __slots__ = ("end", "role", "start", "value")

    def __init__(self, start: int, end: int, role: str, value: str) -> None:
        self.start = start
        self.end = end
        self.role = role
        self.value = value

    def key(self) -> tuple[int, int, str, str]:
        return self.start, self.end, self.role, self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cue) and self.key() == other.key()

    def __lt__(self, other: Cue) -> bool:
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"Cue{self.key()!r}"


class YearMention:
    """A year in a sentence ("2019", "last year") and what the words around it make of it."""

    __slots__ = ("base", "deadline", "end", "fronted", "relative", "span", "start", "written")

    def __init__(
        self,
        start: int,
        end: int,
        relative: int | None,
        written: int | None,
        base: bool,
        span: bool,
        fronted: bool,
        deadline: bool,
    ) -> None:
        self.start = start
        self.end = end
        self.relative = relative  # offset from the meeting's year ("last year": -1), None for a written year
        self.written = written
        self.base = base  # a comparison base ("compared with 2014", "2019 levels")
        self.span = span  # one end of a span of years ("2019-2024", "between 2019 and 2024", "2018 and 2019")
        self.fronted = fronted  # it opens its sentence or clause and dates what follows ("In 2019, ...")
        self.deadline = deadline  # "by 2030", "before 2025": it dates every figure of its clause


class Reading:
    """A sentence read once for all its figures."""

    __slots__ = ("breaks", "low", "openers", "roles", "times", "years")

    def __init__(
        self,
        low: str,
        roles: dict[str, list[Cue]],
        breaks: tuple[Cue, ...],
        years: tuple[YearMention, ...],
        times: tuple[tuple[int, int], ...],
        openers: frozenset[int],
    ) -> None:
        self.low = low  # lower-cased, apostrophes and dashes made plain
        self.roles = roles  # the status, period and rate phrases found, by role, each by start
        self.breaks = breaks  # what ends a clause: ";", ":", "but" ("hard"), "while" ("contrast")
        self.years = years
        self.times = times  # where it names a time: its years and time phrases, no base
        self.openers = openers  # the starts of the time phrases that open their clause


class Spot:
    """A figure in its sentence: its offsets, its clause [a, b) and what the grammar made of it."""

    __slots__ = ("a", "b", "fe", "fs", "kind", "meeting", "r", "unit")

    def __init__(
        self, r: Reading, fs: int, fe: int, a: int, b: int, kind: str, unit: str, meeting: date | None
    ) -> None:
        self.r = r
        self.fs = fs
        self.fe = fe
        self.a = a
        self.b = b
        self.kind = kind
        self.unit = unit
        self.meeting = meeting

    def moved(self, fs: int, fe: int, kind: str) -> Spot:
        """The figure at [fs, fe) of the same clause, of `kind`."""
        return Spot(self.r, fs, fe, self.a, self.b, kind, self.unit, self.meeting)


# --- the tables and the patterns built from them -----------------------------------------------


@cache
def tables() -> dict[str, Any]:
    """The timing vocabulary, as written in data/timing.yaml."""
    loaded: dict[str, Any] = yaml.safe_load((DATA_DIR / "timing.yaml").read_text(encoding="utf-8"))
    return loaded


@cache
def _slots() -> dict[str, str]:
    """What each placeholder of a phrase matches."""
    words = word_alternation([*SMALL_NUMBERS, *TENS])
    number_word = rf"(?:{words})(?:\s*-\s*(?:{words}))?"
    return {
        "{n}": rf"(?:\d[\d,.]*(?:\s*-\s*\d[\d,.]*)?|{number_word})",
        "{year}": r"(?:1[89]\d\d|20\d\d)(?!\d)",
        "{month}": f"(?:{word_alternation(tables()['months'])})",
        "{word}": r"[a-z][a-z'-]*",
    }


def _alternatives(token: str) -> str:
    """The regex of one word of a phrase: "is|are" -> (?:is|are); placeholders as `_slots` says."""
    slots = _slots()
    parts = [slots.get(w) or re.escape(w).replace(r"\-", r"\s*-\s*") for w in token.split("|")]
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def phrase_pattern(phrase: str) -> str:
    """The regex of a phrase of the tables (see the head of data/timing.yaml), for folded text.

    >>> bool(re.fullmatch(phrase_pattern("in [the] past {n} years"), "in the past five years"))
    True
    >>> bool(re.fullmatch(phrase_pattern("{year} - {year}"), "2019-2024"))
    True
    >>> bool(re.match(phrase_pattern("over the period !of"), "over the period of growth"))
    False
    """
    out = ""
    for token in phrase.split():
        if token == "-":
            out += r"\s*-\s*"
            continue
        if token.startswith("!"):  # not followed by these words
            out += rf"(?!\s+{_alternatives(token[1:])}{_END})"
            continue
        sep = "" if not out or out.endswith(r"\s*") else r"\s+"
        if token.startswith("["):
            if out:  # a leading optional word is left out: the rest matches without it
                out += f"(?:{sep}{_alternatives(token.strip('[]'))})?"
            continue
        out += sep + _alternatives(token)
    return out + _END


def _alternation(phrases: list[str]) -> str:
    """One regex for a list of phrases, open at its end: plain words factored, the longest tried first."""
    plain = [p for p in phrases if p.isalpha()]
    others = sorted((p for p in phrases if not p.isalpha()), key=len, reverse=True)
    branches = [phrase_pattern(p).removesuffix(_END) for p in others]
    if plain:
        branches.append(word_alternation(plain))
    return "|".join(branches)


def _words_regex(phrases: list[str]) -> re.Pattern[str]:
    """A regex finding any of `phrases` as whole words in folded text."""
    return re.compile(rf"\b(?:{_alternation(phrases)})\b")


def _first_words(phrase: str) -> list[str]:
    """The words a phrase can start with, its leading optional words left out."""
    token = next(t for t in phrase.split() if not t.startswith("["))
    keys: list[str] = []
    for word in token.split("|"):
        if word in ("{n}", "{year}", "{word}"):
            raise ValueError(f"a phrase must start with words, not {word}: {phrase!r}")
        keys.extend(tables()["months"] if word == "{month}" else [word])
    return keys


def _cue_phrases() -> list[tuple[str, str, str]]:
    """Every phrase looked for anywhere in a sentence, as (role, value, phrase)."""
    t = tables()
    rows = [(role, "", p) for role in _PHRASE_ROLES for p in t["status"][role]]
    rows += [("period", value, p) for value in _PERIOD_VALUES for p in t["period"][value]]
    rows += [(role, "", p) for role, table in _WORD_ROLES.items() for p in t["period"][table]]
    rows += [("against", "", p) for p in t["status"]["against_before"]]
    rows += [("from", "", p) for p in t["status"]["from_before"]]
    rows += [("relative_year", str(offset), p) for p, offset in t["year"]["relative"].items()]
    rows += [(role, "", p) for role in ("hard", "contrast") for p in t["clauses"][role]]
    rows += [("per", value, p) for value, phrases in t["per"]["rates"].items() for p in phrases]
    rows += [("not_rate", "", p) for p in t["per"]["not_rate"]]
    return rows


class _Phrases(NamedTuple):
    """The phrases that start with one word, as one regex: a marker group after each phrase, the more
    specific first (`_specificity`); `meanings` gives each marker's roles and values (a phrase may
    have several: "output" is a flow word and an annual statistic). Where phrases overlap, the longest
    that matches is read ("would like" is no plan; "in the past five years" is a period, not "in the
    past"). `alone` holds the meanings of a word that is its only phrase ("investment"): found, it
    needs no regex."""

    meanings: dict[str, tuple[tuple[str, str], ...]]
    pattern: re.Pattern[str]
    alone: tuple[tuple[str, str], ...] | None


def _specificity(phrase: str) -> tuple[int, int, int]:
    """How specific a phrase is, to try the more specific first: more words, fewer placeholders, longer."""
    return len(phrase.split()), -phrase.count("{"), len(phrase)


def _follower(phrase: str) -> str | None:
    """The regex of what must follow a phrase's first word: its next words (up to `_FOLLOW_WORDS` of
    them, the optional ones between optional); None when the first word alone is the phrase.

    >>> [bool(re.match(_follower("in [the] past {n} years"), after)) for after in (" the past", " past", " the sea")]
    [True, True, False]
    >>> _follower("annual") is None
    True
    """
    tokens = phrase.split()
    first = next(n for n, t in enumerate(tokens) if not t.startswith("["))
    rest: list[str] = []
    needed = 0
    for token in tokens[first + 1 :]:
        if needed == _FOLLOW_WORDS:
            break
        rest.append(token)
        needed += not token.startswith(("[", "!"))
    return phrase_pattern(" ".join(["_", *rest])).removeprefix("_").removesuffix(_END) if needed else None


def _key_trie(followers: dict[str, str | None]) -> str:
    """An alternation of words factored by shared prefixes, each word whole and followed by what its
    phrases need after it (`_follower`): the scan rejects "in" before a word no phrase of "in" has."""
    heads: dict[str, dict[str, str | None]] = {}
    for word, after in sorted(followers.items()):
        heads.setdefault(word[:1], {})[word[1:]] = after
    branches = [re.escape(h) + _key_trie(rest) for h, rest in heads.items() if h]
    if "" in followers:
        after = followers[""]
        branches.append(_END if after is None else f"(?={after})")
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@cache
def _reader() -> tuple[re.Pattern[str], dict[str, _Phrases]]:
    """The one regex a sentence (after a space) is read with: a character that is no part of a word,
    then a word a phrase may start with, or a year; or that character a clause mark (";", ":", a full
    stop); and the phrases by their first word. (All its matches start with such a character, so the
    regex engine skips the letters between at C speed.)"""
    grouped: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for role, value, phrase in _cue_phrases():
        for key in _first_words(phrase):
            grouped.setdefault(key, {}).setdefault(phrase, []).append((role, value))
    by_key: dict[str, _Phrases] = {}
    followers: dict[str, str | None] = {}
    for key, phrases in grouped.items():
        ordered = sorted(phrases, key=_specificity, reverse=True)
        pattern = "|".join(f"{phrase_pattern(phrase)}(?P<p{n}>)" for n, phrase in enumerate(ordered))
        meanings = {f"p{n}": tuple(phrases[phrase]) for n, phrase in enumerate(ordered)}
        alone = tuple(phrases[key]) if list(phrases) == [key] else None
        by_key[key] = _Phrases(meanings, re.compile(pattern), alone)
        after = [_follower(phrase) for phrase in phrases]
        followers[key] = None if None in after else "|".join(sorted({a for a in after if a}))
    scan = re.compile(
        rf"[^a-z0-9'](?:(?P<word>{_key_trie(followers)})|(?P<year>(?:1[89]|20)\d\d)(?![.,]?\d)"
        r"|(?<=[;:])|(?<=\.)(?=\s))"
    )
    return scan, by_key


@cache
def _clause_patterns() -> dict[str, re.Pattern[str]]:
    """The clause tables as regexes: joints (relative, coordinating, contrasting words), finite verbs."""
    c = tables()["clauses"]
    relative, finite, joint = (_alternation(c[k]) for k in ("relative", "finite", "coordination"))
    return {
        "joints": _words_regex([*c["relative"], *c["coordination"], *c["contrast"]]),
        "relative": _words_regex(c["relative"]),
        "coordination": _words_regex(c["coordination"]),
        "finite": _words_regex(c["finite"]),
        # a list of nouns: ", clinics and", ", clinics, schools and" (a comma, a few words, a joint)
        "list": re.compile(
            rf"(?:,\s+[a-z0-9'-]+(?:\s+[a-z0-9'-]+){{0,2}})+,?\s+(?:{_alternation(c['list'])})\s"
        ),
        # an aside set off by commas: ", including around 25,000 foreign tourists,"
        "aside": re.compile(rf",\s+(?:{_alternation(c['aside'])})\s[^,;:]*,"),
        # a participle's phrase after a noun, its own past: "greenhouse farms built on 10 hectares"
        "reduced_relative": re.compile(
            rf"(?<![a-z'])(?!(?:{_alternation(c['not_nouns'])})\s)[a-z]+\s+"
            rf"(?:{_alternation(c['participles'])}|[a-z]+ed)\s+(?:{_alternation(c['participle_prepositions'])})\s"
        ),
        # what ends a figure's reach as the subject of a later plan word
        "subject_end": re.compile(rf"\b(?:{finite}|{relative})\b|,\s*(?:{joint})\b"),
        "standing": re.compile(_alternation(c["standing"]) + _END),
        "standing_prepositions": _words_regex(c["standing_prepositions"]),
    }


def folded(sentence: str) -> str:
    """The sentence lower-cased, curly apostrophes and dashes made plain, every offset kept."""
    low = sentence.lower()
    if len(low) != len(sentence):  # a letter whose lower case is longer: fold letter by letter
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in sentence)
    for mark, plain in _FOLD:
        if mark in low:
            low = low.replace(mark, plain)
    return low


def _scan(low: str) -> tuple[dict[str, list[Cue]], list[Cue]]:
    """The phrases of the timing tables in folded text by role (only the roles found), each by start
    (for each role and place the first phrase of its regex that matches, the longer tried first),
    with the clause marks among them (role "hard", value the mark); and the years ("2019": value
    "2019"; "last year": value "-1", role "relative_year")."""
    scan, by_key = _reader()
    found: dict[str, list[Cue]] = {}
    years: list[Cue] = []
    spaced = " " + low  # the match at spaced[p] is of the word at low[p], after low[p - 1]
    for hit in scan.finditer(spaced):
        p = hit.start()
        mark = spaced[p]
        if mark in ";:" or (mark == "." and spaced[p + 1 : p + 2].isspace()):  # alone or before a word
            found.setdefault("hard", []).append(Cue(p - 1, p + (mark == "."), "hard", mark))
        word = hit.group("word")
        if word is not None:
            phrases = by_key[word]
            if phrases.alone is not None:
                for role, value in phrases.alone:
                    found.setdefault(role, []).append(Cue(p, p + len(word), role, value))
                continue
            m = phrases.pattern.match(low, p)
            if m is not None:
                for role, value in phrases.meanings[m.lastgroup or ""]:
                    found.setdefault(role, []).append(Cue(p, m.end(), role, value))
        elif hit.lastgroup == "year":
            years.append(Cue(p, hit.end() - 1, "year", hit.group("year")))
    years.extend(found.pop("relative_year", ()))
    return found, sorted(years)


def _breaks(roles: dict[str, list[Cue]]) -> tuple[Cue, ...]:
    """What ends a clause, by start: punctuation and the hard table's words ("but"), role "hard"; the
    contrast table's ("while"), role "contrast"."""
    return tuple(sorted([*roles.get("hard", ()), *roles.get("contrast", ())]))


@lru_cache(maxsize=2048)
def read_sentence(sentence: str) -> Reading:
    """A sentence read once for all its figures."""
    low = folded(sentence)
    roles, found = _scan(low)
    years = _year_mentions(low, found)
    spans = [Cue(m.start, m.end, "period", "years") for m in years if m.span]
    if spans:  # "in 2019-2024", "between 2019 and 2024": several years
        roles["period"] = sorted([*roles.get("period", ()), *spans])
    breaks, cues = _breaks(roles), roles.get("period", ())
    bases = [m.start for m in years if m.base]
    times = [(m.start, m.end) for m in years if not m.base]
    times += [  # "over the previous year" is a base, no time of the figure's own
        (c.start, c.end)
        for c in cues
        if c.value not in _HIDING and not any(c.start <= b < c.end for b in bases)
    ]
    opening = frozenset(c.start for c in cues if _opens_clause(low, breaks, c.start))
    return Reading(low, roles, breaks, years, tuple(times), opening)


def _spot(sentence: str, fs: int, fe: int, kind: str, unit: str, meeting: date | None) -> Spot:
    """The figure at sentence[fs:fe] in its sentence and clause: from the last break before it (";",
    ":", "but", "while" ...) to the first one after it."""
    r = read_sentence(sentence)
    a, b = 0, len(sentence)
    for c in r.breaks:
        if c.end <= fs:
            a = c.end
        elif c.start >= fe:
            b = c.start
            break
    return Spot(r, fs, fe, a, b, kind, unit, meeting)


def _hard_between(r: Reading, lo: int, hi: int) -> int:
    """How many hard breaks (";", ":", "but" ...; not "while") lie inside [lo, hi)."""
    return sum(1 for c in r.breaks if c.role == "hard" and lo <= c.start and c.end <= hi)


def _gap_cost(r: Reading, lo: int, hi: int) -> float:
    """Score points for the text between a figure and a time phrase: its length, commas and joints
    (not those inside a time phrase, "between January and August", nor those of a list of nouns,
    "12 hospitals, clinics and first-aid posts will be built in 2025 and 2026", nor those of an aside,
    "300,000 tourists, including 25,000 foreign tourists, visited the republic last year")."""
    cost = hi - lo + _COMMA_COST * r.low.count(",", lo, hi)
    inside = [(c.start, c.end) for c in r.roles.get("period", ())]
    pats = _clause_patterns()
    lists = [(m.start(), m.end()) for k in ("list", "aside") for m in pats[k].finditer(r.low, lo, hi)]
    cost -= _COMMA_COST * sum(r.low.count(",", a, b) for a, b in lists)
    for m in pats["joints"].finditer(r.low, lo, hi):
        if not any(a <= m.start() < b for a, b in inside + lists):
            cost += _JOINT_COST
    return cost


def _clause_start(low: str, breaks: tuple[Cue, ...], at: int) -> int:
    """Where the clause holding position `at` starts, counting commas and joints as openers too."""
    start = max(0, low.rfind(",", 0, at) + 1)
    start = max([start, *(c.end for c in breaks if c.end <= at)])
    joints = _clause_patterns()["joints"]
    return max([start, *(m.end() for m in joints.finditer(low, start, at))])


# --- year --------------------------------------------------------------------------------------


@cache
def _year_patterns() -> dict[str, re.Pattern[str]]:
    """The year tables as regexes over the folded text around a year."""
    y = tables()["year"]
    modifiers = rf"(?:(?:{_alternation(y['modifiers'])})\s*){{0,2}}"
    frame, over = rf"(?:(?:{_alternation(y['base_frames'])})\s+)", _alternation(y["over"])
    compared = rf"(?:{_alternation(y['comparison_before_over'])})\s+(?:{over})\s+{frame}?"
    base = rf"(?<![a-z])(?:(?:{_alternation(y['base_before'])})\s+{frame}?|{compared}|(?:{over})\s+{frame}){modifiers}"
    deadline = rf"(?<![a-z])(?:{_alternation(y['deadline'])})\s+{modifiers}"
    joint = _alternation(y["span_joint"])
    between = rf"(?<![a-z])(?:{_alternation(y['span_open'])})\s+(?:(?P<opened>\d{{4}}\s+(?:{joint}))\s+)?"
    status = tables()["status"]
    from_before = _alternation([*status["from_before"], *status["against_before"]])
    return {
        # what the words right before a year make of it, in one search
        "before": re.compile(
            rf"(?:(?P<base>{base})|(?P<over>(?<![a-z])(?:{over})\s+{modifiers})|(?P<deadline>{deadline})"
            rf"|(?P<dash>-\s*)|(?P<between>{between})|(?P<pair>\d{{4}}\s+(?:{joint})\s+))$"
        ),
        "after": re.compile(
            rf"\s*(?:(?P<base>{_alternation(y['base_after'])}){_END}|(?P<span>-\s*\d|(?:{joint})\s+\d{{4}}))"
        ),
        "period_before": re.compile(
            rf"(?<![a-z])(?:{over})\s+(?:{_alternation(y['period_not_base_years'])})$"
        ),
        "fronted": re.compile(rf"\s*(?:(?:{_alternation(y['fronted'])})\s*)*"),
        "comma": re.compile(r"\s*,"),
        "pronoun": re.compile(rf"\s+(?:{_alternation(y['subject_pronouns'])}){_END}"),
        "adjacent": re.compile(rf"\s+(?:{_alternation(y['adjacent_after'])})\s+{modifiers}"),
        "attached": re.compile(
            rf"(?<![a-z])(?:{from_before})\s+\d[\d,.]*(?:\s+[a-z]+){{0,2}}\s+(?:{_alternation(y['attached'])})\s+$"
        ),
        "from_year": re.compile(rf"\s+(?:{_alternation(y['from_year_joint'])})\s+"),
    }


def _year_mentions(low: str, years: list[Cue]) -> tuple[YearMention, ...]:
    """The years of folded text ("2019", "last year"), with what their neighbours make of them."""
    pats = _year_patterns()
    out = []
    for y in years:
        a, b = y.start, y.end
        found = pats["before"].search(low, max(0, a - _YEAR_CONTEXT), a)
        before = found.lastgroup if found else None
        after = pats["after"].match(low, b)
        written = int(y.value) if y.role == "year" else None
        rel = None if written else int(y.value)
        base = before == "base" or (after is not None and after.lastgroup == "base")
        if before == "over" and rel is not None:  # "over last year" is a base; "over this year" is none
            base = not pats["period_before"].search(low, max(0, a - 16), b)
        span = written is not None and (
            before in ("dash", "pair")
            or (before == "between" and found is not None and found.group("opened") is not None)
            or (after is not None and after.lastgroup == "span")
        )
        fronted = bool(pats["fronted"].fullmatch(low, 0, a)) or _introduces(low, a, b)
        out.append(YearMention(a, b, rel, written, base, span, fronted, before == "deadline"))
    return tuple(out)


def _introduces(low: str, a: int, b: int) -> bool:
    """Whether the year at low[a:b] opens its clause and a comma or the clause's subject pronoun follows
    it: "..., and in 2020, the plant made ...", "As part of the strategy, in 2019 we are finishing ..."
    date what follows; "... opened last year, 54 were built ..." does not."""
    pats = _year_patterns()
    if not (pats["comma"].match(low, b) or pats["pronoun"].match(low, b)):
        return False
    start = max(0, low.rfind(",", 0, a) + 1, low.rfind(";", 0, a) + 1)
    start = max([start, *(m.end() for m in _clause_patterns()["joints"].finditer(low, start, a))])
    return bool(pats["fronted"].fullmatch(low, start, a))


def _resolved(m: YearMention, meeting: date | None) -> int | None:
    if m.written is not None:
        return m.written
    return None if meeting is None or m.relative is None else meeting.year + m.relative


def _year_distance(s: Spot, m: YearMention, from_base: bool) -> float | None:
    """How far the year `m` is from the figure in score points; None when it cannot date it."""
    pats, low = _year_patterns(), s.r.low
    after = m.start >= s.fe
    lo, hi = (s.fe, m.start) if after else (m.end, s.fs)
    if from_base and not (after and pats["from_year"].fullmatch(low, lo, hi)):
        return None  # "from 1.6 million": the base level of a change has no year of its own
    attached = pats["attached"].search(low, max(0, m.start - _ATTACHED_REACH), m.start)
    if attached is not None and (not after or attached.start() >= s.fe):
        return None  # "from 4.5 tons in 2007 to 18 tons", "85 percent, compared to 53 percent in 2013"
    if _hard_between(s.r, lo, hi):
        return None
    if after and pats["adjacent"].fullmatch(low, lo, hi):
        return 0.0  # "17 percent in early 2025"
    if not after and m.fronted and _standing_between(low, lo, hi):
        return None  # "In 2019, ... the countryside, which is home to 40 percent": what holds now
    if (not after and m.fronted and not _nearer_year(s, m)) or (m.deadline and "," not in low[lo:hi]):
        # "In 2019, ...": the whole sentence's; "... will be built before 2025": the whole clause's
        return _FRONTED_SCORE + (hi - lo) / 1000
    return _gap_cost(s.r, lo, hi)


def _standing_between(low: str, lo: int, hi: int) -> bool:
    """Whether a relative clause of what holds now opens in low[lo:hi] and the figure at hi is in a
    phrase of it ("..., which is home to 40 percent"; not "..., which is 26 percent more")."""
    pats = _clause_patterns()
    found = pats["standing"].search(low, lo, hi)
    return found is not None and pats["standing_prepositions"].search(low, found.end(), hi) is not None


def _nearer_year(s: Spot, m: YearMention) -> bool:
    """Whether another clause between an opening year `m` and the figure names a year of its own
    ("Last year, X received 99 million, and this year it will get 101 million"; not "In late 2018 or
    early 2019, ...")."""
    joints, low = _clause_patterns()["joints"], s.r.low
    return any(
        m.end <= y.start < s.fs
        and not y.base
        and ("," in low[m.end : y.start] or joints.search(low, m.end, y.start))
        for y in s.r.years
    )


def _own_clause(s: Spot) -> tuple[int, int] | None:
    """The figure's own clause, between the commas or breaks around it, when it names a time of its
    own (a year, a time phrase): then no year of another clause dates the figure ("Last year, 400
    flats were built, and 500 will be built this year"; "9 clinics opened last year, 30 parks were
    laid out over three years"). A year opening the sentence before a comma is of every clause's."""
    r = s.r
    if len(r.times) < 2:
        return None  # the year itself, if any: no other to tell from
    lo = max([r.low.rfind(",", 0, s.fs) + 1, *(c.end for c in r.breaks if c.end <= s.fs)])
    comma = r.low.find(",", s.fe)
    hi = min([len(r.low) if comma < 0 else comma, *(c.start for c in r.breaks if c.start >= s.fe)])
    if any(lo <= a and b <= hi and not (a < s.fe and b > s.fs) for a, b in r.times):
        return lo, hi
    return None


def _in_clause(s: Spot, m: YearMention, clause: tuple[int, int]) -> bool:
    """Whether a year lies in the clause, or opens the sentence and its comma opens the clause."""
    lo, hi = clause
    if lo <= m.start and m.end <= hi:
        return True
    comma = _year_patterns()["comma"].match(s.r.low, m.end)
    return m.fronted and comma is not None and comma.end() == lo


def _year_choice(s: Spot) -> YearChoice | None:
    """The figure's distance to its year, the year, and the mention it comes from, if any dates it."""
    if not s.r.years:
        return None
    from_base = _after_from(s)
    clause = _own_clause(s)
    best: YearChoice | None = None
    for m in s.r.years:
        if (m.start < s.fe and m.end > s.fs) or m.base or m.span:
            continue
        if clause is not None and not _in_clause(s, m, clause):
            continue
        year = _resolved(m, s.meeting)
        d = None if year is None else _year_distance(s, m, from_base)
        if year is not None and d is not None and (best is None or d < best[0]):
            best = (d, year, m)
    return None if best is None or best[0] > MAX_DISTANCE else best


def figure_year(sentence: str, fs: int, fe: int, meeting: date | None) -> int | None:
    """The year the figure at sentence[fs:fe] refers to, when its own sentence says so.

    A fronted year ("In 2019, ...", "This year, ...") dates the whole sentence, and a deadline ("by
    2030") its whole clause; any other year dates only figures of its own clause nearby. A comparison
    base ("compared with 2017", "since 2007") is not the figure's year; nor is one that belongs to
    another figure ("from 4.5 tons in 2007 to 18 tons").
    """
    chosen = _year_choice(_spot(sentence, fs, fe, "", "", meeting))
    return None if chosen is None else chosen[1]


# --- per: the denominator of a rate ------------------------------------------------------------


def _rate(s: Spot) -> str | None:
    """The denominator of the figure's rate ("person", "100000 people", "day"), if its clause gives one.

    A rate phrase counts right after the figure ("1,500 tests a day") or right before it ("a daily
    capacity of 300 tonnes"), with no other number and no joint between them; one right after another
    number is that number's ("380 tonnes of milk daily, 38 percent more").
    """
    r, per = s.r, tables()["per"]
    denied = r.roles.get("not_rate", ())
    best: tuple[int, str | None] | None = None
    for c in r.roles.get("per", ()):
        after = c.start >= s.fe
        lo, hi = (s.fe, c.start) if after else (c.end, s.fs)
        if hi < lo or not s.a <= c.start < s.b or hi - lo > per["reach_after" if after else "reach_before"]:
            continue
        if _DIGIT.search(r.low, lo, hi) or _clause_patterns()["joints"].search(r.low, lo, hi):
            continue
        if not after and _DIGIT.search(r.low, max(0, c.start - per["reach_after"]), c.start):
            continue
        if any(n.start <= c.start < n.end for n in denied):
            continue  # "per cent", "as per your instructions"
        if best is None or hi - lo < best[0]:
            best = (hi - lo, _rate_value(r, c))
    if best is None or (s.unit == "t/ha" and best[1] == "hectare"):
        return None
    return best[1]


def _rate_value(r: Reading, c: Cue) -> str | None:
    """The rate's denominator: the table's name for it, or the noun after "per" in the singular."""
    if c.value == "people":
        digits = "".join(_DIGITS.findall(r.low, c.start, c.end))
        return f"{int(digits)} people" if digits else None
    if c.value != "other":
        return c.value
    found = _LAST_WORD.search(r.low, c.start, c.end)
    noun = found.group() if found else c.value
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 1 else noun


# --- status: actual, plan or past --------------------------------------------------------------


@cache
def _status_patterns() -> dict[str, re.Pattern[str]]:
    """The status tables read at fixed places around a figure, as regexes over folded text."""
    t = tables()["status"]
    number = _slots()["{n}"]
    to = _alternation(t["to_after"])
    return {
        "to": re.compile(rf"(?:\s+[a-z0-9,.]+){{0,3}}?\s+(?:{to})\s+(?:[a-z]+\s+){{0,2}}?{number}"),
        "change": _words_regex(t["change_before"]),
        "earlier": re.compile(rf"(?:\s+[a-z]+){{0,3}}?\s+(?:{_alternation(t['earlier_after'])}){_END}"),
        "range": re.compile(rf"\s(?:{to})\s|\d\s*-\s*\d"),
        "number": re.compile(rf"(?<![a-z]){number}"),
        # a number right before a figure, a comma between: "2 million people, 1.9 million"
        "apposed": re.compile(rf"(?<![a-z0-9,.])(?P<n>{number})(?:\s+[a-z]+){{0,2}}\s*,\s*$"),
        "year": re.compile(_slots()["{year}"]),
        # the figures listed right after a figure: "1 percent and 1.7 percent", "10, 12 or 15 tonnes"
        "listed": re.compile(
            rf"(?:(?:\s*,)?\s+(?:(?:{_alternation(tables()['clauses']['list'])})\s+)?{number}(?:\s*%|\s+[a-z]+)?)+"
        ),
    }


def _status(s: Spot, chosen: YearChoice | None) -> FigureStatus:
    """Whether the figure is achieved (actual), a plan, or an earlier value set against a later (past)."""
    future = chosen is not None and s.meeting is not None and chosen[1] > s.meeting.year
    plan = future or (_is_plan(s) and not _measured(s))
    if _is_from_value(s):
        return "actual" if plan else "past"  # "will grow from 10 to 12": 10 is today's value
    if plan:
        return "plan"
    return "past" if _is_past(s, chosen) else "actual"


def _measured(s: Spot) -> bool:
    """Whether the figure's clause says it is read off results ("according to preliminary results")."""
    return _measured_in(s.r, s.a, s.b)


def _measured_in(r: Reading, a: int, b: int) -> bool:
    """Whether the text [a, b) of a sentence says it was read off results."""
    return any(a <= c.start < b for c in r.roles.get("measured", ()))


def _is_plan(s: Spot) -> bool:
    """A plan word before the figure in its clause ("will build 10 schools"), or right after it when the
    figure opens the clause's subject ("about 1,500 new jobs will be created"), unless the figure sits in
    a participle's phrase of its own ("Greenhouse farms built on 10 hectares will produce")."""
    r = s.r
    plans = r.roles.get("plan")
    if not plans:
        return False
    denied = {c.start for c in r.roles.get("not_plan", ())}
    plans = [c for c in plans if c.start not in denied and s.a <= c.start < s.b]
    later = next((c.start for c in plans if s.fe <= c.start < s.fe + _PLAN_AFTER_REACH), None)
    subject_of_plan = later is not None and not any(s.fe <= p < later for p in denied)
    if subject_of_plan and later is not None:
        subject_of_plan = not _clause_patterns()["subject_end"].search(r.low, s.fe, later)
    if subject_of_plan and not _clause_patterns()["reduced_relative"].search(r.low, s.a, s.fs):
        return True
    return any(c.end <= s.fs and _plan_reaches(s, c.end) for c in plans)


def _plan_reaches(s: Spot, lo: int) -> bool:
    """Whether a plan word ending at `lo` governs the figure: no relative clause opens between them ("a
    plant that employs 500"), and no clause joined by "and" with a verb of its own ("we can sell 20,000
    tonnes, and we have delivered 48"; "..., and 70 houses have been rebuilt")."""
    pats, low = _clause_patterns(), s.r.low
    if pats["relative"].search(low, lo, s.fs):
        return False
    joint = pats["coordination"].search(low, lo, s.fs)
    if joint is None:
        return True
    if pats["finite"].search(low, joint.end(), s.fs):
        return False
    own = pats["finite"].search(low, s.fe, min(s.b, s.fe + _PLAN_AFTER_REACH))
    return own is None or "," in low[s.fe : own.start()]


def _is_from_value(s: Spot) -> bool:
    """ "grew from 380 billion to 730 billion": the value after "from" that a change earlier in its clause
    sets against a later one; "children from three to seven" is a range, no change."""
    pats, low = _status_patterns(), s.r.low
    if not _after_from(s) or pats["range"].search(low, s.fs, s.fe):
        return False
    return bool(pats["change"].search(low, s.a, s.fs))


def _after_from(s: Spot) -> bool:
    """Whether "from" stands right before the figure ("from 1.6 million")."""
    return any(
        s.fs - _FROM_REACH <= c.start and c.end < s.fs and not s.r.low[c.end : s.fs].strip()
        for c in s.r.roles.get("from", ())
    )


def _is_past(s: Spot, chosen: YearChoice | None) -> bool:
    """An earlier value: set against a base of an earlier time ("against 9 percent last year"), opened
    by a past phrase ("Back in 1964, ...", "Five years ago, ..."), or followed in its sentence by a
    later value ("76 percent, today 12"; "in 2012, 9 percent, and in 2019, 22 percent")."""
    r = s.r
    against = any(0 <= s.fs - c.end <= 2 for c in r.roles.get("against", ()))
    if against and _status_patterns()["earlier"].match(r.low, s.fe, s.fe + _PAST_REACH):
        return True
    denied = r.roles.get("not_past", ())
    for c in r.roles.get("past", ()):
        if s.a <= c.start and c.end <= s.fs and not any(n.start <= c.start < n.end for n in denied):
            return True  # "Back in 1964, ..."; not "the funding was used to repair 120 km"
    if any(_closes_clause(s, c) for c in r.roles.get("past_after", ())):
        return True  # "we saw increases of 1 percent and 1.7 percent before"
    return s.kind != "change" and _later_value(s, chosen)


def _closes_clause(s: Spot, c: Cue) -> bool:
    """Whether a phrase follows the figure in its clause, with no other number between but those listed
    with it ("we saw 1 percent and 1.7 percent increases before"), and ends that clause (or the
    sentence)."""
    if c.start < s.fe or c.start > s.b:
        return False
    pats = _status_patterns()
    listed = pats["listed"].match(s.r.low, s.fe, c.start)
    if pats["number"].search(s.r.low, s.fe if listed is None else listed.end(), c.start):
        return False
    return c.end >= s.b or _CLAUSE_END.match(s.r.low, c.end) is not None


def _later_value(s: Spot, chosen: YearChoice | None) -> bool:
    """Whether a value of a later time follows the figure before its sentence's next ";" or ":": one
    after "now" ("..., whereas now it is 14 billion") or after a later year than the figure's."""
    r = s.r
    nows = r.roles.get("now", ())
    if not nows and (chosen is None or len(r.years) < 2):
        return False
    if any(s.a <= c.start < s.fs for c in nows):
        return False  # "today 12" is no earlier value itself
    stop = next((c.start for c in r.breaks if c.start >= s.fe and c.value), len(r.low))
    number = _status_patterns()["number"]
    if any(s.fe <= c.start < stop and number.search(r.low, c.end, c.end + _NOW_VALUE_REACH) for c in nows):
        return True
    if chosen is None or any(s.fe <= c.start < stop for c in r.roles.get("plan", ())):
        return False  # "in 2021 it produced 1.5 million tonnes, and in 2022 it plans 1.7": no later result
    return any(
        not m.base and m.written is not None and m.written > chosen[1] and s.fe <= m.start < stop
        for m in r.years
    )


# --- period: one year, several years, part of a year -------------------------------------------


@cache
def _period_patterns() -> dict[str, re.Pattern[str]]:
    """The period's word lists as regexes over folded text."""
    p = tables()["period"]
    return {
        "level_before": re.compile(rf"(?<![a-z])(?:{_alternation(p['level_before'])})\s*$"),
        "level_after": re.compile(rf"(?<![a-z])(?:{_alternation(p['level_after'])})\s+$"),
        "continues": re.compile(rf"\W*(?:{_alternation(p['continues'])}){_END}"),
        "share_of_before": re.compile(rf"\s+(?:{_alternation(p['share_of_before'])}){_END}"),
        "reaches": re.compile(rf"\s+(?:{_alternation(p['level_after'])}){_END}"),
    }


def _period_cue(s: Spot) -> tuple[float, Cue] | None:
    """The time phrase that governs the figure, with its distance: the nearest in its clause, or one
    opening its clause (that one reaches across clauses: "In the past five years, ...; ..."). A phrase
    that dates nothing ("a year ago") hides the ones inside it; so does one that dates only a change
    ("for the first time in three years": one year's)."""
    r = s.r
    cues = r.roles.get("period", ())
    hidden = [c for c in cues if c.value in _HIDING]
    best: tuple[float, Cue] | None = None
    for c in cues:
        if c.value == "none" or (c.value == "first_time" and s.kind not in _CHANGES):
            continue  # it dates nothing, or only a change
        after = c.start >= s.fe
        lo, hi = (s.fe, c.start) if after else (c.end, s.fs)
        if hi < lo or any(h is not c and h.start <= c.start < h.end for h in hidden):
            continue  # it overlaps the figure, or it is part of a phrase that dates nothing
        breaks = _hard_between(r, lo, hi)
        opening = not after and c.start in r.openers
        if breaks and not opening:
            continue
        d = _FRONTED_SCORE + _HARD_BREAK_COST * breaks if opening else _gap_cost(r, lo, hi)
        if best is None or d < best[0]:
            best = (d, c)
    return None if best is None or best[0] > MAX_DISTANCE else best


def _opens_clause(low: str, breaks: tuple[Cue, ...], at: int) -> bool:
    """Whether a time phrase starting at `at` opens its sentence or clause ("In the past five years,
    ...", "... said that over the three years he has been in office, ...")."""
    return bool(_year_patterns()["fronted"].fullmatch(low, _clause_start(low, breaks, at), at))


def _time_phrase(s: Spot, chosen: YearChoice | None) -> Cue | YearMention | None:
    """What dates the figure: the nearer of its time phrase ("in the past five years") and its year;
    the phrase when it holds the year ("in early 2025") or is as near."""
    cue = _period_cue(s) if s.r.roles.get("period") else None
    if chosen is None or cue is None:
        return cue[1] if cue else chosen[2] if chosen else None
    distance, _, mention = chosen
    d, c = cue
    holds_year = c.start <= mention.start and mention.end <= c.end
    return c if holds_year or d <= distance else mention


def _nearest(s: Spot, role: str, far: int) -> int:
    """Characters between the figure and the nearest phrase of `role` in its clause (`far` if none)."""
    found = far
    for c in s.r.roles.get(role, ()):
        if s.a <= c.start < s.b:
            d = s.fs - c.end if c.end <= s.fs else c.start - s.fe
            found = d if 0 <= d < found else found
    return found


def _is_level(s: Spot) -> bool:
    """Whether a dated figure is a level at a moment (an area, a capacity, a share), not a year's flow.

    A flow word right after it ("16 bridges built") makes a flow, a level word right before it ("has
    12 plants", "with 600 beds") a level; else the nearer of a level word and a flow word in its clause
    decides; with neither near, a percent is a level and so is a figure in a level unit (hectares).
    """
    if s.kind in _CHANGES:
        return False
    period, low = tables()["period"], s.r.low
    flows = s.r.roles.get("flow", ())
    if any(
        s.fe <= c.start <= min(s.b, s.fe + _FLOW_AFTER_REACH) and not _DIGIT.search(low, s.fe, c.start)
        for c in flows
    ):
        return False  # "16 new bridges built"; not "12 billion, or 15 percent of own revenues"
    if _period_patterns()["level_before"].search(low, max(s.a, s.fs - _LEVEL_BEFORE_WINDOW), s.fs):
        return True
    far = period["level_reach"] + 1
    level, flow = _nearest(s, "level", far), _nearest(s, "flow", far)
    if level < far or flow < far:
        return level < flow
    return s.kind == "percent" or s.unit in period["level_units"]


def _is_annual(s: Spot) -> bool:
    """Whether the figure is an amount of a statistic that is a year's by nature (a harvest, GRP): such
    a word near it, with no clause joined between them ("investment exceeds 21 billion, and it will be
    the largest production line" is no production figure)."""
    period = tables()["period"]
    if s.kind != "amount" or s.unit in period["level_units"]:
        return False
    reach, joints = int(period["level_reach"]), _clause_patterns()["joints"]
    for c in s.r.roles.get("annual", ()):
        lo, hi = (c.end, s.fs) if c.end <= s.fs else (s.fe, c.start)
        if s.a <= c.start < s.b and 0 <= hi - lo <= reach and not joints.search(s.r.low, lo, hi):
            return True
    return False


def _months(text: str) -> int:
    """The number of months a time phrase counts ("the past 18 months", "eighteen months"), read before
    its month word ("the first nine months of 2021": nine); 0 if none."""
    words = text.split()
    month = next((n for n, w in enumerate(words) if w in tables()["period"]["month_words"]), None)
    if month is None:
        return 0
    counted = " ".join(words[:month])
    digits = _DIGITS.search(counted)
    if digits:
        return int(digits.group())
    return sum(SMALL_NUMBERS.get(w, 0) + TENS.get(w, 0) for w in _WORDS.findall(counted))


def _period(s: Spot, chosen: YearChoice | None, per: str | None, before: str) -> Period | None:
    """How much time the figure covers: one year, several years, part of a year; None for a level at a
    moment (a rank, a population, a capacity, a rate per day) or when its sentences do not say."""
    if s.kind == "rank" or per in tables()["period"]["short_rates"]:
        return None
    when = _time_phrase(s, chosen)
    if isinstance(when, Cue):
        return _previous_period(before, s.meeting) if when.value == "previous" else _phrase_period(s, when)
    period = _stated_period(s, when)
    if period is None:
        return _unstated_period(s, before)
    return None if _is_level(s) else period


def _phrase_period(s: Spot, c: Cue) -> Period | None:
    """The period a time phrase gives the figure."""
    if c.value in ("year", "first_time"):
        return "year"  # "annual output", "every year": an annual rate; a change "for the first time in years"
    if c.value == "date":
        return "part_year" if s.kind in _CHANGES else None  # "as of July 1, output was up 7 percent"
    if c.value == "part_year" and _months(s.r.low[c.start : c.end]) >= _MONTHS:
        return "years"  # "over the last eighteen months"
    period = _PERIODS.get(c.value)
    if period == "years" and _reached_level(s):
        return "year" if _is_annual(s) else None  # "GRP doubled since 2011 to 600 billion"
    return None if period is None or _is_level(s) else period


def _reached_level(s: Spot) -> bool:
    """Whether the figure is the level a change reaches ("grew ... to 600 billion"): "to" right before it
    and a change word before that in its clause (not where "to" says where to: "relocated 160,000
    families to 6 million square metres"), or in apposition to a change ("by 30 percent, exceeding 50
    billion rubles")."""
    after = _period_patterns()["level_after"]
    if s.kind in _CHANGES:
        return False
    found = after.search(s.r.low, max(0, s.fs - _LEVEL_AFTER_REACH), s.fs)
    if found is None:  # "grew by 30 percent, exceeding 50 billion rubles": in apposition to the change
        restated = _restated(s)
        return restated is not None and restated.kind == "change"
    return bool(_status_patterns()["change"].search(s.r.low, s.a, found.start()))


def _stated_period(s: Spot, when: YearMention | None) -> Period | None:
    """The period the figure's own sentence states by a base year, or by a year dating it."""
    p = tables()["period"]
    year = None if when is None else _resolved(when, s.meeting)
    base = _base_years_back(s, when) if s.kind in _CHANGES else None
    if base is not None:
        return "years" if base >= p["years_from_base"] else "year"
    if when is None or year is None:
        return None
    if when.deadline and s.meeting is not None and s.kind in ("change", "count"):
        return "years" if year - s.meeting.year >= p["years_to_deadline"] else "year"
    return "year"


def _base_years_back(s: Spot, when: YearMention | None) -> int | None:
    """How many years back the base of a change lies ("up 19 percent on 2019" in 2022: 3; "compared
    with the previous year": 1), when its sentence names one."""
    base = _base_year(s)
    if base is None:
        return None
    if base.relative is not None and (when is None or when.relative is not None):
        own = 0 if when is None or when.relative is None else when.relative
        return own - base.relative  # both counted from the meeting's year
    start, end = _resolved(base, s.meeting), None if when is None else _resolved(when, s.meeting)
    reference = end or (s.meeting.year if s.meeting else None)
    return None if start is None or reference is None else reference - start


def _base_year(s: Spot) -> YearMention | None:
    """The year a change is measured against ("up 19 percent on 2019"), named in its clause or before it
    in its sentence up to a ";" ("back to 2019 levels: industry stood at 117 percent")."""
    stops = [c.start for c in s.r.breaks if c.value in (";", ".")]
    for m in s.r.years:
        if not m.base or m.start >= s.b:
            continue
        if m.start >= s.fe or not any(m.end <= p < s.fs for p in stops):
            return m
    return None


def _unstated_period(s: Spot, before: str) -> Period | None:
    """The period of a figure whose sentence names no time: a change's, an index's or a flow's (things
    built, opened, produced) is the one the sentences before name ("Over the past five years, ... 27
    kindergartens were built"), an index's otherwise one year's (against the year before); an amount
    of a statistic that is a year's by nature is a year's."""
    p = tables()["period"]
    inherited = None
    if s.kind in p["inherit_kinds"]:
        inherited = _previous_period(before, s.meeting)
    elif (_period_patterns()["continues"].match(s.r.low) and _is_flow(s)) or _share_of_before(s):
        inherited = _previous_period(before, s.meeting, last=True)
    if inherited or s.kind in p["annual_kinds"]:
        return inherited or "year"
    # not "the debt is 12 billion, or 15 percent of own revenues": a level word nearer than a flow word
    return "year" if _is_annual(s) and not _is_level(s) else None


def _share_of_before(s: Spot) -> bool:
    """Whether the figure is a share of what a pronoun after it stands for ("70 percent of that")."""
    return s.kind == "percent" and _period_patterns()["share_of_before"].match(s.r.low, s.fe) is not None


def _is_flow(s: Spot) -> bool:
    """Whether a count or an amount is a flow: a flow word ("built", "opened", "produced") governs it,
    nearer than any level word."""
    if s.kind not in ("count", "amount") or not s.r.roles.get("flow"):
        return False
    far = tables()["period"]["level_reach"] + 1
    flow = _nearest(s, "flow", far)
    return flow < far and flow < _nearest(s, "level", far) and not _is_level(s)


@lru_cache(maxsize=256)
def _previous_period(before: str, meeting: date | None, last: bool = False) -> Period | None:
    """The period the sentence before names, if it names exactly one; when it names none, the one the
    sentence before that names ("In the past three years, income grew 13 percent. Revenue rose 1.8
    times. Debt fell by a third."). With `last`, the one the sentence before names last."""
    reach = tables()["period"]["continue_sentences" if last else "inherit_sentences"]
    for sentence in itertools.islice(_sentences_back(before), reach):
        found = _named_periods(read_sentence(sentence), meeting) if _may_name_time(sentence) else []
        if found:
            named = {value for _, value in found}
            return _PERIODS.get(found[-1][1]) if last or len(named) == 1 else None
        if not _tells_change(read_sentence(sentence)):
            return None  # a sentence of something else ends the list of changes
    return None


def _sentences_back(text: str) -> Iterator[str]:
    """The sentences of `text`, the last first, each without the spaces around it."""
    end = len(text)
    for start in reversed([0, *(m.end() for m in _LAST_SENTENCE.finditer(text))]):
        if end <= 0:
            return
        yield text[start:end].strip()
        end = start


def _tells_change(r: Reading) -> bool:
    """Whether a sentence tells a change, one more of a list ("Revenue rose 1.8 times."): by a change
    word not followed by the level it reaches ("Dependence on subsidies has dropped to 15 percent" tells
    a level), or by a value set against today's ("It had a deficit of 8 billion, whereas now it has a
    surplus of 14 billion")."""
    low, pats = r.low, _status_patterns()
    reached = _period_patterns()["reaches"]
    if any(not reached.match(low, m.end()) for m in pats["change"].finditer(low)):
        return True
    number = pats["number"]
    return any(
        number.search(low, 0, c.start) and number.search(low, c.end, c.end + _NOW_VALUE_REACH)
        for c in r.roles.get("now", ())
    )


@cache
def _time_anchors() -> re.Pattern[str]:
    """A regex that finds something in every sentence that names a period or a year: a digit, or the
    last word every such phrase must have ("years" of "in the past five years", a month's name)."""
    t, words = tables(), set[str]()
    phrases = [*(p for v in _PERIODS for p in t["period"][v]), *t["year"]["relative"]]
    for phrase in phrases:
        last = [w for w in phrase.split() if not w.startswith(("[", "!")) and w != "-"][-1]
        for word in last.split("|"):
            if word == "{word}":
                raise ValueError(f"a period phrase must end in a word or a number: {phrase!r}")
            words.update(
                t["months"] if word == "{month}" else [*SMALL_NUMBERS, *TENS] if word == "{n}" else [word]
            )
    words -= {"{year}"}  # a year has digits
    return re.compile(rf"\d|\b(?:{word_alternation(words)})\b", re.IGNORECASE)


def _may_name_time(sentence: str) -> bool:
    """Whether a sentence may name a period or a year (a cheap test before reading it)."""
    return _time_anchors().search(sentence) is not None


def _named_periods(r: Reading, meeting: date | None) -> list[tuple[int, str]]:
    """The periods a sentence names, by where: by its time phrases, its years, a change against a base
    year."""
    cues = r.roles.get("period", ())
    hidden = [c for c in cues if c.value in _HIDING]
    found = [
        (c.start, c.value)
        for c in cues
        if c.value in _PERIODS and not any(h.start <= c.start < h.end for h in hidden)
    ]
    years = [(m.start, _resolved(m, meeting)) for m in r.years if not m.base and not m.span]
    base = next((m for m in r.years if m.base), None)
    start = None if base is None else _resolved(base, meeting)
    reference = next((y for _, y in years if y), meeting.year if meeting else None)
    if base is not None and start is not None and reference is not None:
        far = reference - start >= tables()["period"]["years_from_base"]
        found.append((base.start, "years" if far else "year"))
    elif years:
        found += [(at, "year") for at, _ in years]
    return sorted(found)


# --- the figure's timing -----------------------------------------------------------------------


def figure_timing(
    sentence: str,
    fs: int,
    fe: int,
    kind: str,
    unit: str,
    meeting: date | None,
    before: str = "",
) -> Timing:
    """The year, status, period and rate base of the figure at sentence[fs:fe].

    `before` is the text just before the sentence; its last sentences are read for the period of a
    change whose own sentence names no time.
    """
    s = _spot(sentence, fs, fe, kind, unit, meeting)
    chosen = _year_choice(s)
    per = _rate(s) if s.r.roles.get("per") else None
    status, period = _status(s, chosen), _period(s, chosen, per, before)
    if status == "actual" and s.r.roles.get("continuing") and _continues_plan(s, before):
        status = "plan"
    restated = _restated(s) if chosen is None and period is None else None
    if restated is not None:  # "nearly 2 million people, 1.9 million, to be more precise": that one's time
        chosen, period = _restated_timing(s, restated, per, before)
    if period == "year" and status == "actual" and _of_meeting_year(s, chosen):
        period = "part_year"
    return Timing(None if chosen is None else chosen[1], status, period, per)


def _continues_plan(s: Spot, before: str) -> bool:
    """Whether the figure's sentence, or its clause after a semicolon, opens with words that go on about
    what was said before it ("This involves investment of 6 billion"; "...; investment volumes are
    estimated at"), names no time of its own, and what was said before states a plan (the sentence
    before: "the investor has put forward a project to build a resort"; the clause before the
    semicolon: "the region is to open a plant ...")."""
    r = s.r
    opened = any(not r.low[s.a : c.start].strip(" ;") for c in r.roles.get("continuing", ()))
    if not opened or r.roles.get("now") or any(s.a <= t < s.b for t, _ in r.times):
        return False
    if s.a > 0:
        return r.low[: s.a].rstrip().endswith(";") and _plan_in(r, 0, s.a)
    return bool(before) and _states_plan(before)


@lru_cache(maxsize=256)
def _states_plan(before: str) -> bool:
    """Whether the last sentence of `before` states a plan: a plan word no table denies, and no word
    that it was read off results."""
    r = read_sentence(next(_sentences_back(before), ""))
    return _plan_in(r, 0, len(r.low))


def _plan_in(r: Reading, a: int, b: int) -> bool:
    """Whether the text [a, b) of a sentence states a plan: a plan word no table denies, and no word that
    it was read off results."""
    if _measured_in(r, a, b):
        return False
    denied = {c.start for c in r.roles.get("not_plan", ())}
    return any(a <= c.start < b and c.start not in denied for c in r.roles.get("plan", ()))


def _restated_timing(
    s: Spot, restated: Spot, per: str | None, before: str
) -> tuple[YearChoice | None, Period | None]:
    """The year and period of a figure from the one it restates; the level a change over several years
    reached is the last year's, a flow's that year's ("investment grew by 40 percent since 2017,
    exceeding 70 billion rubles")."""
    chosen = _year_choice(restated)
    period = _period(restated, chosen, per, before)
    if period == "years" and restated.kind != s.kind and s.kind not in _CHANGES:
        period = "year" if _is_annual(s) or _is_flow(s) else None
    return chosen, period


def _restated(s: Spot) -> Spot | None:
    """The figure that this one restates in apposition, when only a comma stands between them ("nearly
    2 million people, 1.9 million, to be more precise"; "grew by 40 percent, exceeding 70 billion": a
    change, after a change word); not a year ("in 2015, 1.9 million")."""
    pats = _status_patterns()
    found = pats["apposed"].search(s.r.low, max(s.a, s.fs - _APPOSED_REACH), s.fs)
    if found is None or pats["year"].fullmatch(found.group("n")):
        return None
    start = found.start("n")
    # "investment, by 40 percent, exceeding 70 billion rubles": a change's level, the change's time
    kind = "change" if pats["change"].search(s.r.low, s.a, start) else s.kind
    return s.moved(start, found.end("n"), kind)


def _of_meeting_year(s: Spot, chosen: YearChoice | None) -> bool:
    """Whether the figure is an index (or another kind of `year_so_far_kinds`) of the meeting's own year:
    reported as achieved at a meeting held in that year, it covers the year so far ("In 2022, the growth
    rate is 126 percent", said in May 2022)."""
    if s.kind not in tables()["period"]["year_so_far_kinds"] or chosen is None or s.meeting is None:
        return False
    return chosen[1] == s.meeting.year
