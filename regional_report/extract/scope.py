"""How much of the region a figure covers: `region` (the region as a whole, for its metric) or `part`
(one project, company, plant, facility or programme, one city or district, one sector inside a wider
metric, or a named subset of people).

It reads the figure's sentence as `measure` does (its words and the head phrase the figure quantifies),
and the sentence before where this one continues it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

import yaml

from regional_report.extract.lexicon import MONEY_UNITS
from regional_report.extract.measure import (
    MAX_CLAUSE,
    NO_METRIC,
    NOMINAL,
    Cue,
    Head,
    Measure,
    Phrase,
    Words,
    cue_nouns,
    find_head,
    fold,
    grammar,
    is_light,
    is_year,
    noun_phrase,
    np_ending,
    per_sentence,
    phrase_match,
    phrase_metric,
    subject,
    verb_before,
    verb_forms,
    words_of,
)
from regional_report.extract.text import sentence_spans
from regional_report.model import Scope
from regional_report.regions import find_regions

SCOPE_FILE: Final = Path(__file__).resolve().parent / "data" / "scope.yaml"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of `data/scope.yaml`, as look-up tables (nouns as folded stems)."""

    part_nouns: frozenset[str]
    subset_markers: tuple[tuple[str, ...], ...]
    increments: frozenset[str]
    region_words: frozenset[str]
    places: frozenset[str]
    place_adverbs: frozenset[str]
    equipping: frozenset[str]
    programme_openers: frozenset[str]
    reporting: frozenset[str]
    part_count_metrics: frozenset[str]
    set_aside_nouns: frozenset[str]
    set_aside: frozenset[str]
    demonstratives: frozenset[str]
    owner_pronouns: frozenset[str]
    personal_possessives: frozenset[str]
    plural_pronouns: frozenset[str]
    region_nouns: frozenset[str]
    titles: frozenset[str]
    economy_metrics: frozenset[str]
    motion_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    areas: frozenset[str]
    receiving: frozenset[str]
    unit_prepositions: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    """Scope's words, loaded once."""
    raw: dict[str, list[str]] = yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8"))

    def stems(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in raw[key])

    return Vocabulary(
        part_nouns=stems("part_nouns"),
        subset_markers=tuple(tuple(p.split()) for p in raw["subset_markers"]),
        increments=frozenset(raw["increment_words"]),
        region_words=stems("region_words"),
        places=stems("place_nouns"),
        place_adverbs=frozenset(raw["place_adverbs"]),
        equipping=frozenset(raw["equipping_participles"]),
        programme_openers=frozenset(raw["programme_openers"]),
        reporting=frozenset(raw["reporting_verbs"]),
        part_count_metrics=frozenset(raw["part_count_metrics"]),
        set_aside_nouns=stems("set_aside_nouns"),
        set_aside=frozenset(raw["set_aside_participles"]),
        demonstratives=frozenset(raw["demonstratives"]),
        owner_pronouns=frozenset(raw["owner_pronouns"]),
        personal_possessives=frozenset(raw["personal_possessives"]),
        plural_pronouns=frozenset(raw["plural_pronouns"]),
        region_nouns=stems("region_nouns"),
        titles=stems("titles"),
        economy_metrics=frozenset(raw["economy_metrics"]),
        motion_verbs=frozenset(form for base in raw["motion_verbs"] for form in verb_forms(base)),
        place_prepositions=frozenset(raw["place_prepositions"]),
        areas=stems("area_nouns"),
        unit_prepositions=frozenset(raw["unit_prepositions"]),
        receiving=frozenset(form for base in raw["receiving_verbs"] for form in verb_forms(base)),
    )


def scope_of(
    words: Words, head: Head | None, i: int, j: int, kind: str, unit: str, before: str = ""
) -> Scope:
    """Whether the figure at words [i, j) measures the region as a whole or a part of it.

    A part: what a figure it restates is ("380 tonnes, or 38 percent more"); a clinic, house of culture
    or sports centre built; beds set aside ("2,000 beds have been allocated"); people receiving something
    ("covered by support measures"); a piece named before it ("of which"); a unit the sentence points
    back to ("this line", "these projects"); a programme's ("under the programme", "since the beginning
    of the programme"); what a pronoun owner stands for ("its order book" after a sentence on a
    shipyard); a bare sum "the investment" after a sentence on a project; an increment of money
    ("another 250 million"); a kind within its metric ("gold extraction") or a narrowing modifier or
    complement ("metallurgical industry", "spending on healthcare"); a unit it belongs to (its clause's
    subject, its agent or the phrase it is given "with" is a project, a plant, a named company: "a
    hospital with 600 beds", "a new factory is operating to produce 120 million masks"); money for a
    purpose ("spent 520 million on equipment"); a place inside the region or some units ("in 12
    districts", "from landslide-prone areas", "there", "at large enterprises"). Anything else is the
    region's.
    """
    part = (
        _restates_part(words, i, before)
        or _counted_part(head, kind)
        or _set_aside(words, head, i, j)
        or (kind == "count" and _recipients(words, i, j))
        or _subset_before(words, i)
        or _demonstrative_part(words)
        or _under_programme(words, head)
        or _owned_by_pronoun(words, head, i, before)
        or (kind == "amount" and _definite_after_unit(words, head, before))
        or (unit in MONEY_UNITS and i > 0 and words.low[i - 1] in vocabulary().increments)
        or _narrowed(head)
        or _owned(words, head, i, kind)
        or _purpose(words, j, unit in MONEY_UNITS)
        or (kind == "count" and _restricted_count(words, j))
        or (kind != "rank" and _in_place(words, i, j))
    )
    return "part" if part else "region"


def _restates_part(words: Words, i: int, before: str) -> bool:
    """A figure after "or" restates the figure before it and is that one's: "380 tonnes of milk a day, or
    38 percent more", "including 340 with oxygen, or 100 percent of the norm"."""
    if i < 2 or words.low[i - 1] != "or":
        return False
    for k in range(i - 2, max(-1, i - 8), -1):
        if words.role[k] == "n" and not is_year(words, k):
            a = k
            while a > 0 and words.role[a - 1] == "n":
                a -= 1
            head = find_head(words, a, k + 1, "count", "")
            return scope_of(words, head, a, k + 1, "count", "", before) == "part"
        if words.role[k] == "p" and words.low[k] != ",":
            return False
    return False


def _counted_part(head: Head | None, kind: str) -> bool:
    """A count of units that are each a part: medical, cultural and sports facilities built."""
    return kind == "count" and head is not None and head.metric in vocabulary().part_count_metrics


def _set_aside(words: Words, head: Head | None, i: int, j: int) -> bool:
    """Units of a stock set aside for a purpose: "2,000 beds have been allocated", "74 percent of
    allocated hospital beds", "we prepared 500 beds"."""
    vocab = vocabulary()
    if head is None or head.words is not words or words.stem[head.h] not in vocab.set_aside_nouns:
        return False
    end = min(len(words.low), max(j, head.b) + 5)
    return any(words.low[k] in vocab.set_aside for k in range(max(0, i - 4), end))


@per_sentence
def _demonstrative_part(words: Words) -> bool:
    """A unit or a place pointed back to with "this", "these" or "those" in the sentence: the figure is
    that one's ("Now 330,000 passengers use this line", "These projects could create 10,000 jobs", "80
    percent of this village")."""
    vocab = vocabulary()
    for k in range(len(words.low) - 1):
        if words.low[k] in vocab.demonstratives:
            np = noun_phrase(words, k)
            units = vocab.part_nouns | vocab.places
            if np is not None and any(words.stem[m] in units for m in range(np.a, np.h + 1)):
                return True
    return False


def _recipients(words: Words, i: int, j: int) -> bool:
    """People said to receive or be covered by something are its recipients, a named subset of the
    people: "880,000 people are covered by support measures", "measures cover another 55,000 families",
    "1.6 million residents will receive new housing"."""
    vocab = vocabulary()
    persons = grammar().persons
    counted = j < len(words.low) and words.stem[j] in persons
    if not (counted or words.stem[j - 1] in persons):
        return False
    after = j + 1 if counted else j
    return any(words.low[k] in vocab.receiving for k in range(max(0, i - 4), min(len(words.low), after + 4)))


def _under_programme(words: Words, head: Head | None) -> bool:
    """ "Under the modernisation programme, 30 stations ...", "within the framework of this project",
    "since the beginning of the programme": a programme's figure. A programme owns no figure of the
    whole economy ("double the GRP under the Programme for the Development of the Far East")."""
    vocab = vocabulary()
    openers = vocab.programme_openers
    if not any(w in openers for w in words.low) or (
        head is not None and head.metric in vocab.economy_metrics
    ):
        return False
    for k in range(len(words.low) - 1):
        after = k + 2 if words.low[k + 1] == "of" else k + 1  # "the framework of", "as part of"
        np = noun_phrase(words, after) if words.low[k] in openers else None
        if np is None or not _has_part_noun(words, np.a, np.b):
            continue
        match = phrase_match(words, np)
        if match is None or match[2].metric != NO_METRIC:  # "under national projects": every region's
            return True
    return False


def _subset_before(words: Words, i: int) -> bool:
    """ "7.7 billion, of which 7.3 billion", "1,721 beds, including 1,556"."""
    for marker in vocabulary().subset_markers:
        n = len(marker)
        if i >= n and words.low[i - n : i] == marker:
            return True
    return False


def _narrowed(head: Head | None) -> bool:
    """Whether the head's cue is a kind within its metric, or its noun has a modifier or complement
    that narrows it ("gold extraction", "metallurgical industry", "spending on healthcare")."""
    if head is None or head.metric is None or head.how in ("verb", "passive", "unit"):
        return False
    words = head.words
    match = phrase_match(words, Phrase(head.a, head.h, head.b))
    if match is None:
        return False
    start, end, cue = match
    return (
        cue.part
        or _kind_within(words, start, end, cue.metric)
        or _narrowing_modifier(words, head.a, start)
        or _narrowing_complement(words, end, head.b, head.metric)
    )


def _kind_within(words: Words, start: int, end: int, metric: str) -> bool:
    """Whether a longer cue covers a cue of a kind within its metric ("rabbit breeding": rabbit meat)."""
    for k in range(start, end):
        for cue in words.cues[k]:
            n = len(cue.words)
            if cue.part and cue.metric == metric and k + n <= end and _cue_at(words, k, cue):
                return True
    return False


def _cue_at(words: Words, k: int, cue: Cue) -> bool:
    """Whether the cue's words are the words from k on."""
    forms = words.low if cue.exact else words.stem
    last = len(cue.words) - 1
    return all(
        forms[k + m].startswith(w) if m == last and cue.prefix else forms[k + m] == w
        for m, w in enumerate(cue.words)
    )


def _narrowing_modifier(words: Words, a: int, start: int) -> bool:
    """A nominal word right before the cue that is no neutral modifier ("metallurgical industry")."""
    g = grammar()
    k = start - 1
    while k >= a and words.role[k] == NOMINAL and words.low[k] != "'s":
        if words.low[k] not in g.neutral and not (words.capital[k] and k > 0):
            return True
        k -= 1
    return False


def _narrowing_complement(words: Words, end: int, b: int, metric: str) -> bool:
    """A complement right after the cue that names something else than the region, a time or the same
    metric ("spending on healthcare", "beds for coronavirus patients"; not "investment in fixed
    capital", "revenue of the regional budget")."""
    if end >= b or words.role[end] not in "fr" or words.low[end] in ("per", "than", "as", "since", "by"):
        return False
    np = noun_phrase(words, end + 1, b)
    return np is not None and _names_other(words, np, metric)


def _names_other(words: Words, np: Phrase, metric: str | None = None) -> bool:
    """Whether a phrase names something narrower than the region: not the region or a name, a time, or
    the figure's own metric ("investment in fixed assets")."""
    g = grammar()
    vocab = vocabulary()
    if any(words.stem[k] in vocab.region_words or words.capital[k] for k in range(np.a, np.b)):
        return False
    if any(is_year(words, k) or words.stem[k] in g.times for k in range(np.a, np.b)):
        return False
    return metric is None or phrase_metric(words, np) != metric


def _owned(words: Words, head: Head | None, i: int, kind: str) -> bool:
    """Whether the figure belongs to one unit of the region: the subject of its clause, the phrase it is
    given "with" or "worth", or its head phrase names a project, plant, company or other part noun, or
    a name ("a plant with investment exceeding 10 billion", "Five laboratories are conducting 1,500
    tests"), or "its"/"their" stands for one. A count of such units is the region's ("25 projects")."""
    for phrase, named in _owners(words, head, i, kind):
        if _has_part_noun(words, phrase.a, phrase.b) or (named and _has_name(words, phrase)):
            return True
    return False


def _owned_by_pronoun(words: Words, head: Head | None, i: int, before: str) -> bool:
    """A figure whose owner is a pronoun ("Its order book is worth 4 billion", "it has invested 18
    billion", "their capitalisation") belongs to what the pronoun stands for: "his" or "her" to one
    person; "they" or "their" to the plural noun before it (in this sentence or the one before), a part
    when that names units ("Udmurtia has 12 defence plants. ... their civilian products"); "it" or
    "its" to what the sentence before (or this one, earlier) was about, a part unless that names the
    region ("Its GRP grew" after a sentence on the region)."""
    k = _owner_pronoun(words, head, i)
    if k is None:
        return False
    vocab = vocabulary()
    previous = _antecedent_sentences(before) if before else ()
    if words.low[k] in vocab.personal_possessives:
        return k + 1 >= len(words.low) or words.stem[k + 1] not in vocab.region_nouns  # not "his region"
    if words.low[k] in vocab.plural_pronouns:
        return _plural_antecedent_part(words, k) or any(_plural_antecedent_part(p) for p in previous[:1])
    if (
        previous
        and (s := _sentence_subject(previous[-1])) is not None
        and _has_part_noun(previous[-1], s.a, s.b)
    ):
        return True  # "The dairy holding is a major investor in the region's farms. It has invested"
    about = [w for w in words.stem[:k] if w] + [w for p in previous for w in p.stem]
    named = " ".join(words.low[:k]) + " " + " ".join(w for p in previous for w in p.low)
    unit = any(w in vocab.part_nouns for w in about)
    return unit and not (any(w in vocab.region_nouns for w in about) or find_regions(named))


def _sentence_subject(words: Words) -> Phrase | None:
    """The subject of a sentence's first verb, when it is a noun phrase."""
    v = next((k for k in range(len(words.low)) if words.role[k] in "lgvx"), None)
    s = subject(words, v) if v is not None else None
    return s if isinstance(s, Phrase) else None


def _definite_after_unit(words: Words, head: Head | None, before: str) -> bool:
    """A bare head with "the" after a sentence about a project or a plant is that one's ("A project to
    build a plant is being signed. The investment exceeds 21 billion")."""
    if head is None or head.words is not words or words.low[head.a] != "the" or not before:
        return False
    if any(words.role[k] in "fr" for k in range(head.a, head.b)):
        return False  # "the investment in the region": it says whose
    previous = _antecedent_sentences(before)
    return bool(previous) and any(w in vocabulary().part_nouns for w in previous[0].stem)


@lru_cache(maxsize=256)
def _antecedent_sentences(before: str) -> tuple[Words, ...]:
    """The sentence before, and the one before that when the former names no unit and only goes on
    about it with a pronoun ("The shipyard was rebuilt. Now it is working at full capacity. Its
    portfolio of orders is worth 9 billion")."""
    spans = sentence_spans(before)
    if not spans:
        return ()
    last = words_of(before[spans[-1][0] : spans[-1][1]])
    vocab = vocabulary()
    if (
        len(spans) > 1
        and not any(w in vocab.part_nouns for w in last.stem)
        and any(w in vocab.owner_pronouns for w in last.low)
    ):
        return (last, words_of(before[spans[-2][0] : spans[-2][1]]))
    return (last,)


def _owner_pronoun(words: Words, head: Head | None, i: int) -> int | None:
    """The pronoun that owns the figure: one opening its head phrase ("its order book"), or its clause's
    subject or the subject's possessor ("it has invested", "its depth should be increased to")."""
    owners = vocabulary().owner_pronouns
    if head is not None and head.words is words and words.low[head.a] in owners:
        return head.a
    v = verb_before(words, i - 1) if i > 0 else None
    s = subject(words, v) if v is not None else None
    if isinstance(s, int):
        return s if words.low[s] in owners else None
    if isinstance(s, Phrase):  # "its depth", "the share of their products"
        return next((k for k in range(s.a, s.b) if words.low[k] in owners), None)
    return None


def _plural_antecedent_part(words: Words, end: int | None = None) -> bool:
    """Whether the last plural noun before word `end` (of the whole sentence when None) names units or
    places of the region ("12 defence plants", "the buildings")."""
    vocab = vocabulary()
    stop = len(words.low) if end is None else end
    for k in range(stop - 1, -1, -1):
        if words.role[k] == NOMINAL and words.stem[k] != words.low[k] and words.low[k] != "'s":
            unit = words.stem[k] in vocab.part_nouns or words.stem[k] in vocab.places
            return unit and not _all_of_the_region(words, k)
    return False


def _all_of_the_region(words: Words, h: int) -> bool:
    """Whether the plural noun at h stands for all such units of the region: bare ("at hospitals") or
    the region's ("the region's companies", "our plants"); not "the region's oil companies" (some)."""
    if h == 0:
        return True
    before = words.low[h - 1]
    if before == "'s":
        return h > 1 and words.stem[h - 2] in vocabulary().region_nouns
    return before == "our" or words.role[h - 1] not in "dnw"


def _owners(words: Words, head: Head | None, i: int, kind: str) -> list[tuple[Phrase, bool]]:
    """The phrases a figure may belong to, each with whether a name in it counts: its head phrase (for
    a counted noun only what it is of: "25 projects" are the region's), the subject of its clause, and
    the noun before "with", "worth" or "for" that introduces it."""
    owners = []
    if head is not None and head.words is words and head.how not in ("verb", "unit", "passive"):
        # a counted noun is measured, not an owner (what follows it may be); a light head's complement is
        # measured, its modifiers may own it ("the project cost")
        counted = head.how == "after"
        start = head.h + 1 if counted else head.a
        end = head.h if not counted and is_light(words, head.h) else head.b
        if start < end:
            owners.append((Phrase(start, head.h, end), False))
        if head.b < len(words.low) and words.low[head.b] == "by":  # "investment by the oil companies"
            agent = noun_phrase(words, head.b + 1)
            owners.extend([(agent, True)] if agent is not None else [])
    v = verb_before(words, i - 1) if i > 0 else None
    if v is not None and not _reports(words, v):
        owners.extend(_subject_owner(words, v))
    elif v is None and kind != "rank" and (v := _clause_verb(words, i)) is not None:
        owners.extend(o for o in _subject_owner(words, v) if not _plural(words, o[0]))
    k = _with_before(words, i)
    if k is not None:
        np = np_ending(words, k)
        if np is not None:
            owners.append((np, True))
        else:  # "Fifty projects are being implemented with an investment volume of": the clause's subject
            owners.extend(_subject_owner(words, verb_before(words, k - 1)))
    return owners


@per_sentence
def _clause_verb(words: Words, i: int) -> int | None:
    """The nearest verb before word i in its clause, whose subject the figure's phrase hangs on ("A new
    factory is operating to produce 120 million masks", "a project was implemented, including the
    construction of 60 wind turbines")."""
    for k in range(i - 1, max(-1, i - MAX_CLAUSE), -1):
        r = words.role[k]
        if r in "lgvx":
            return None if _reports(words, k) else k
        if (r == "p" and words.low[k] in (";", ":", ".", "?", "!")) or (
            r == "c" and words.low[k] not in ("and", "or")
        ):
            return None  # the clause starts here: "..., because 20,000 cars pass"
    return None


def _reports(words: Words, v: int) -> bool:
    """Whether the verb at v reports what someone said ("the Governor reported that")."""
    return grammar().base_of.get(words.low[v]) in vocabulary().reporting


def _plural(words: Words, phrase: Phrase) -> bool:
    """Whether a phrase's head is plural: "the region's companies", "16 facilities" (all the region's)."""
    return words.stem[phrase.h] != words.low[phrase.h]


def _subject_owner(words: Words, v: int | None) -> list[tuple[Phrase, bool]]:
    """The subject of the verb at v as an owner; for a relative "that"/"which", the noun it follows
    ("a farm that is turning out 380 tonnes")."""
    s = subject(words, v) if v is not None else None
    if isinstance(s, int) and words.low[s] in ("that", "which", "who"):
        s = np_ending(words, s)
    return [(s, True)] if isinstance(s, Phrase) else []


def _with_before(words: Words, i: int) -> int | None:
    """The "with", "worth" or "for" that introduces the figure's phrase ("a plant with investment of",
    "projects worth", "farms for 6,600 head"), a few words before it."""
    for k in range(i - 1, max(0, i - 9), -1):
        w = words.low[k]
        if w in ("with", "worth", "for"):
            return k
        if words.role[k] not in "dwanf" and w != "and":
            return None
    return None


def _has_part_noun(words: Words, a: int, b: int) -> bool:
    """Whether words [a, b) name units of the region ("the plant", "ten projects")."""
    parts = vocabulary().part_nouns
    return any(words.stem[k] in parts for k in range(a, b) if words.role[k] == NOMINAL)


def _has_name(words: Words, phrase: Phrase) -> bool:
    """Whether a phrase holds a name other than a region's or the country's ("Segezha Group")."""
    vocab = vocabulary()
    cue_words = cue_nouns()
    for k in range(phrase.a, phrase.b):
        if not words.capital[k] or k == 0 or words.role[k] != NOMINAL or words.stem[k] in cue_words:
            continue
        nxt = words.low[k + 1] if k + 1 < len(words.low) else ""
        if words.stem[k] in vocab.region_words or fold(nxt) in vocab.region_words or nxt == "'s":
            continue
        if words.stem[k] in vocab.titles:  # "the President", "the Governor": a person's office
            continue
        if k not in _region_mentions(words):  # "in Karelia", "in Moscow": the region itself
            return True
    return False


@per_sentence
def _region_mentions(words: Words) -> frozenset[int]:
    """The words of the sentence that name a federal subject (`regions.find_regions`)."""
    text = " ".join(words.low)
    starts = list(itertools.accumulate((len(w) + 1 for w in words.low[:-1]), initial=0))
    found: set[int] = set()
    for a, b, _ in find_regions(text):
        found.update(k for k, s in enumerate(starts) if a <= s < b)
    return frozenset(found)


def _purpose(words: Words, j: int, money: bool) -> bool:
    """A figure for a purpose: "beds deployed for treating patients", "spent on purchasing
    equipment"; and money for something ("500 million for healthcare", "invested 32 billion in
    livestock production")."""
    for k in range(j, min(len(words.low), j + 16)):
        w, r = words.low[k], words.role[k]
        if w in ("on", "for", "into", "in") and k + 1 < len(words.low):
            if words.role[k + 1] == "i" and w != "in":  # "for treating", "on purchasing"
                return True
            np = noun_phrase(words, k + 1) if money else None
            if np is not None and (w != "in" or words.stem[np.h] not in vocabulary().region_words):
                return _names_other(words, np)
        if r in "pc" and w != ",":
            return False
    return False


def _restricted_count(words: Words, j: int) -> bool:
    """A count narrowed by what its units are equipped with: "including 490 with oxygen", "984 beds
    that are equipped with ventilators"."""
    equipping = vocabulary().equipping
    k = j
    while k < min(len(words.low), j + 4) and words.role[k] in "xo":
        k += 1
    bare = j < len(words.low) and words.role[j - 1] == "n"
    if k < len(words.low) and words.low[k] in equipping:
        k += 1
    elif not bare:
        return False
    if k < len(words.low) and words.low[k] == "with":
        np = noun_phrase(words, k + 1)
        return np is not None and _names_other(words, np)
    return False


def _in_place(words: Words, i: int, j: int) -> bool:
    """A place inside the region near the figure: "there", "in 12 districts", "in the city of X",
    "in rural areas", "from landslide-prone areas"; not "shipped there" (a destination)."""
    vocab = vocabulary()
    if not _has_place_words(words):
        return False
    for k in range(*_clause_around(words, i, j)):
        w = words.low[k]
        if w in vocab.place_adverbs and _locates(words, k):
            return True
        if (w in vocab.place_prepositions or w in vocab.unit_prepositions) and not i <= k < j:
            m = k + 1
            while m < len(words.low) and words.role[m] == "n":  # "in 12 districts"
                m += 1
            np = noun_phrase(words, m)
            if np is not None and (_is_place(words, np) or _at_unit(words, w, np)):
                return True
    return False


def _at_unit(words: Words, preposition: str, np: Phrase) -> bool:
    """ "jobs at large enterprises", "passengers travelling through the airport": at one or some units;
    not "at hospitals" (at all of them)."""
    if preposition not in vocabulary().unit_prepositions or not _has_part_noun(words, np.a, np.b):
        return False
    return not (_plural(words, np) and _all_of_the_region(words, np.h))


def _clause_around(words: Words, i: int, j: int) -> tuple[int, int]:
    """The words near the figure at [i, j) within its clause: at most 8 before and 10 after, up to a
    semicolon, a colon or a clause word ("but", "while", ", and")."""
    a = i
    while a > max(0, i - 8) and not _clause_break(words, a - 1):
        a -= 1
    b = j
    while b < min(len(words.low), j + 10) and not _clause_break(words, b):
        b += 1
    return a, b


def _clause_break(words: Words, k: int) -> bool:
    w, r = words.low[k], words.role[k]
    if r == "p":
        return w in (";", ":")
    return r == "c" and (w not in ("and", "or") or (k > 0 and words.low[k - 1] == ","))


def _locates(words: Words, k: int) -> bool:
    """Whether the "there" at k says where (not "there are", nor "shipped there": a destination)."""
    if k + 1 < len(words.low) and words.role[k + 1] in "xlgv":
        return False
    return not (k and words.low[k - 1] in vocabulary().motion_verbs)


@per_sentence
def _has_place_words(words: Words) -> bool:
    vocab = vocabulary()
    return any(
        s in vocab.places or s in vocab.place_adverbs or s in vocab.areas or s in vocab.unit_prepositions
        for s in words.stem
    )


def _is_place(words: Words, np: Phrase) -> bool:
    """ "12 districts", "rural areas", "small towns", "the city of X", "landslide-prone areas", "the
    area of contamination"."""
    vocab = vocabulary()
    for k in range(np.a, np.b):
        if words.stem[k] in vocab.areas and not words.capital[k]:
            return _narrowed_area(words, np, k)
        if words.stem[k] not in vocab.places or (k and words.low[k - 1] == "federal"):
            continue  # "the Central Federal District" is beyond the region
        if words.low[k] not in ("city", "cities") or words.low[k + 1 : k + 2] == ("of",):
            return True
    return False


def _narrowed_area(words: Words, np: Phrase, k: int) -> bool:
    """Whether the area at k is marked out by a modifier or a complement ("landslide-prone areas", "the
    area of radioactive contamination"), not the region itself ("the area", "our area")."""
    neutral = grammar().neutral
    modified = any(words.role[m] == NOMINAL and words.low[m] not in neutral for m in range(np.a, k))
    return modified or words.low[k + 1 : k + 2] == ("of",)


# --- the figure -----------------------------------------------------------------------------------


def figure_scope(measured: Measure, kind: str, unit: str, before: str = "") -> Scope:
    """The scope of a figure `measure_figure` read (`region` when its sentence has no words)."""
    if not measured.words.low:
        return "region"
    return scope_of(measured.words, measured.head, measured.i, measured.j, kind, unit, before)
