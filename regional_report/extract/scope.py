"""How much of the region a figure covers: `region` (the region as a whole, for its metric) or `part`
(one project, company, plant, facility or programme, one city or district, one sector inside a wider
metric, or a named subset of people).

It reads the figure's sentence as `measure` does (its words and the head phrase the figure quantifies),
and the sentence before where this one continues it.
"""

from __future__ import annotations

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
    recipients: frozenset[str]
    demonym_endings: tuple[str, ...]
    counting_nouns: frozenset[str]
    restating_nouns: frozenset[str]
    workers: frozenset[str]
    selective: frozenset[str]
    units_and_places: frozenset[str]
    example_markers: tuple[tuple[str, ...], ...]
    example_ends: frozenset[str]
    trading: frozenset[str]
    money_nouns: frozenset[str]
    outside_sources: frozenset[str]
    source_nouns: frozenset[str]
    people: frozenset[str]
    place_triggers: frozenset[str]
    activity: frozenset[str]
    unit_prepositions: frozenset[str]
    states: frozenset[str]


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
        states=stems("state_nouns"),
        counting_nouns=stems("counting_nouns"),
        restating_nouns=stems("restating_nouns"),
        workers=stems("worker_nouns"),
        selective=frozenset(raw["selective_modifiers"]),
        units_and_places=stems("part_nouns") | stems("place_nouns"),
        example_markers=tuple(tuple(p.split()) for p in raw["example_markers"]),
        example_ends=frozenset(p.split()[-1] for p in raw["example_markers"]),
        trading=frozenset(form for base in raw["trading_verbs"] for form in verb_forms(base)),
        money_nouns=stems("money_nouns"),
        outside_sources=frozenset(raw["outside_sources"]),
        source_nouns=stems("source_nouns"),
        activity=frozenset(raw["activity_participles"]),
        receiving=frozenset(form for base in raw["receiving_verbs"] for form in verb_forms(base)),
        recipients=stems("resident_nouns") | grammar().persons,
        demonym_endings=tuple(raw["demonym_endings"]),
        people=stems("worker_nouns") | grammar().persons,
        place_triggers=stems("place_nouns")
        | stems("area_nouns")
        | frozenset(raw["place_adverbs"])
        | frozenset(raw["unit_prepositions"]),
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
    purpose ("spent 520 million on equipment"); money from outside the region's purse ("aid from the
    federal budget"); a place inside the region or some units ("in 12
    districts", "from landslide-prone areas", "there", "at large enterprises"). Anything else is the
    region's.
    """
    part = (
        _restates_part(words, i, before)
        or _answers_about_part(words, before)
        or (kind == "percent" and _share_that_is(words, j))
        or _counted_part(head, kind)
        or (kind == "count" and _selected_units(words, i, j))
        or _set_aside(words, head, i, j, before)
        or (kind == "count" and _recipients(words, i, j))
        or (kind == "amount" and unit not in MONEY_UNITS and _traded_product(words, i, j))
        or _people_by_activity(words, j)
        or _people_of_sector(words, i, j)
        or _subset_before(words, i)
        or _demonstrative_part(words)
        or _under_programme(words, head)
        or _owned_by_pronoun(words, head, i, before)
        or (kind == "amount" and _definite_after_unit(words, head, before))
        or (unit in MONEY_UNITS and i > 0 and words.low[i - 1] in vocabulary().increments)
        or _narrowed(head, unit)
        or _kind_in_terms(words, head, j)
        or _owned(words, head, i, kind)
        or _sector_owner(words, head, i)
        or _purpose(words, j, unit in MONEY_UNITS)
        or (unit in MONEY_UNITS and _money_pointed_back(words, i, before))
        or (unit in MONEY_UNITS and _outside_money(words))
        or (kind == "count" and _restricted_count(words, j))
        or (kind != "rank" and _in_place(words, i, j))
        or (kind != "rank" and _in_named_place(words, i, j))
    )
    return "part" if part else "region"


def _restates_part(words: Words, i: int, before: str) -> bool:
    """A figure that restates one before it is that one's: after "or" ("380 tonnes of milk a day, or 38
    percent more", "including 340 with oxygen, or 100 percent of the norm"), or of "this figure" ("the
    centre received 99 million, and this year this figure will increase to 101 million")."""
    if i >= 2 and words.low[i - 1] == "or":
        k = _figure_before(words, i - 2, max(-1, i - 8))
    elif _restating_subject(words, i):
        k = _figure_before(words, i - 1, -1)
    else:
        return False
    if k is None:
        return False
    a = k
    while a > 0 and words.role[a - 1] == "n":
        a -= 1
    head = find_head(words, a, k + 1, "count", "")
    return scope_of(words, head, a, k + 1, "count", "", before) == "part"


def _figure_before(words: Words, start: int, stop: int) -> int | None:
    """The last word of the nearest figure's number from `start` back to `stop`, within its clause."""
    for k in range(start, stop, -1):
        if words.role[k] == "n" and not is_year(words, k):
            return k
        if words.role[k] == "p" and words.low[k] not in (",", "(", ")"):
            return None
    return None


def _restating_subject(words: Words, i: int) -> bool:
    """Whether the figure's clause, before it, points back to a figure ("this figure will increase to")."""
    pointers = _pointers_to_figures(words)
    if not pointers:
        return False
    pointers = tuple(k for k in pointers if k < i - 1)
    return bool(pointers) and pointers[-1] >= _clause_around(words, i, i + 1)[0]


@per_sentence
def _pointers_to_figures(words: Words) -> tuple[int, ...]:
    """Where the sentence says "this figure", "this amount" (the demonstrative's index)."""
    vocab = vocabulary()
    if vocab.demonstratives.isdisjoint(words.forms):
        return ()
    return tuple(
        k
        for k in range(len(words.low) - 1)
        if words.low[k] in vocab.demonstratives and words.stem[k + 1] in vocab.restating_nouns
    )


def _answers_about_part(words: Words, before: str) -> bool:
    """A verbless answer ("About 360,000.") to a question about a unit or a place ("How many people
    live in this area?", "How many people work there now?") is that one's."""
    if not before.rstrip().endswith("?") or any(r in "lgvx" for r in words.role):
        return False
    previous = _antecedent_sentences(before)
    if not previous:
        return False
    question, adverbs = previous[0], vocabulary().place_adverbs
    return _demonstrative_part(question, True) or any(
        w in adverbs and _locates(question, k) for k, w in enumerate(question.low)
    )


def _share_that_is(words: Words, j: int) -> bool:
    """A share of a whole that is said to be one kind of it: "About 70 percent of that is social
    spending" (not "90 percent of equipment is of Russian make")."""
    if j >= len(words.low) or words.low[j] != "of":
        return False
    k = j + 1
    while k < min(len(words.low), j + 8) and words.role[k] not in "xlgvcp":
        k += 1
    if k + 1 >= len(words.low) or words.low[k] not in ("is", "are") or words.role[k + 1] not in "dw":
        return False
    np = noun_phrase(words, k + 1)  # "is social spending"; not "is efficiently cultivated"
    return np is not None and words.role[np.h] == NOMINAL and _names_other(words, np)


def _counted_part(head: Head | None, kind: str) -> bool:
    """A count of units that are each a part: medical, cultural and sports facilities built."""
    return kind == "count" and head is not None and head.metric in vocabulary().part_count_metrics


def _selected_units(words: Words, i: int, j: int) -> bool:
    """A count of units picked out by their size or standing, or by what they are for, is a selection
    of them, not the region's count: "ten major projects", "four special investment contracts",
    "eight projects on wind energy"."""
    vocab = vocabulary()
    if vocab.part_nouns.isdisjoint(words.forms):
        return False
    # the counted noun may be in the figure ("ten major projects")
    k = max((n for n in range(i, j) if words.role[n] == "n"), default=j - 1) + 1
    np = noun_phrase(words, k) if k < len(words.low) else None
    if np is None or words.stem[np.h] not in vocab.part_nouns:
        return False
    if any(words.low[m] in vocab.selective for m in range(np.a, np.h)):
        return True
    # "eight projects on wind energy", "three facilities for the manufacture of parts": of one kind
    m = np.h + 1
    kind = noun_phrase(words, m + 1) if m + 1 < len(words.low) and words.low[m] in ("on", "for") else None
    return kind is not None and _names_other(words, kind)


def _set_aside(words: Words, head: Head | None, i: int, j: int, before: str) -> bool:
    """Units of a stock set aside for a purpose: "2,000 beds have been allocated", "74 percent of
    allocated hospital beds", "we prepared 500 beds"."""
    vocab = vocabulary()
    if head is None or head.words is not words or words.stem[head.h] not in vocab.set_aside_nouns:
        return False
    end = min(len(words.low), max(j, head.b) + 5)
    if any(words.low[k] in vocab.set_aside for k in range(max(0, i - 4), end)):
        return True
    previous = _antecedent_sentences(before)[:1] if before else ()  # "3,000 beds have been created.
    return any(  # Currently, 1,721 beds are functional": the same beds
        any(w in vocab.set_aside_nouns for w in p.stem) and any(w in vocab.set_aside for w in p.low)
        for p in previous
    )


@per_sentence
def _demonstrative_part(words: Words, areas: bool = False) -> bool:
    """A unit or a place pointed back to with "this", "these" or "those" in the sentence: the figure is
    that one's ("Now 330,000 passengers use this line", "These projects could create 10,000 jobs", "80
    percent of this village"); with `areas`, an area too ("How many people live in this area?")."""
    vocab = vocabulary()
    units = vocab.units_and_places | vocab.areas if areas else vocab.units_and_places
    lexicon = words.forms
    if vocab.demonstratives.isdisjoint(lexicon) or units.isdisjoint(lexicon):
        return False
    for k in range(len(words.low) - 1):
        if words.low[k] in vocab.demonstratives:
            np = noun_phrase(words, k)
            if np is not None and any(words.stem[m] in units for m in range(np.a, np.h + 1)):
                return True
    return False


def _recipients(words: Words, i: int, j: int) -> bool:
    """People said to receive or be covered by something are its recipients, a named subset of the
    people: "880,000 people are covered by support measures", "measures cover another 55,000 families",
    "1.6 million residents will receive new housing"."""
    vocab = vocabulary()
    if vocab.receiving.isdisjoint(words.forms):
        return False
    counted = j < len(words.low) and _is_person(words, j)
    if not (counted or _is_person(words, j - 1)):
        return False
    after = j + 1 if counted else j
    return any(words.low[k] in vocab.receiving for k in range(max(0, i - 4), min(len(words.low), after + 4)))


def _is_person(words: Words, k: int) -> bool:
    """Whether word k names people: a person noun, "residents", or a people's name ("Muscovites")."""
    vocab = vocabulary()
    return words.stem[k] in vocab.recipients or (
        words.capital[k] and words.role[k] == NOMINAL and words.low[k].endswith(vocab.demonym_endings)
    )


def _traded_product(words: Words, i: int, j: int) -> bool:
    """A quantity of one product the region sells is a part of its trade: "we can market up to 20,000
    tonnes of apples", "we have delivered 48 tonnes of honey"."""
    if vocabulary().trading.isdisjoint(words.forms):
        return False
    v = verb_before(words, i - 1) if i > 0 else None
    if v is None or words.low[v] not in vocabulary().trading:
        return False
    return j + 1 < len(words.low) and words.low[j] == "of" and noun_phrase(words, j + 1) is not None


def _people_by_activity(words: Words, j: int) -> bool:
    """People named by what they do or where they work, a subset of the people: "2,000 medical workers
    are involved in treating patients", "90 percent of employees in the social sector"."""
    vocab = vocabulary()
    people = vocab.people
    if people.isdisjoint(words.forms):
        return False
    if words.stem[j - 1] in people:  # the noun is in the figure: "2,153 medical workers"
        m = j
    else:
        k = j + 1 if j < len(words.low) and words.low[j] == "of" else j
        np = noun_phrase(words, k) if k < len(words.low) else None
        if np is None or words.stem[np.h] not in people:
            return False
        m = np.h + 1
    while m < len(words.low) and words.role[m] in "xa":
        m += 1
    if m + 2 < len(words.low) and words.low[m] in vocab.activity and words.low[m + 1] == "in":
        return _works_in_part(words, m + 2)
    if m < len(words.low) and words.low[m] == "in":
        place = noun_phrase(words, m + 1)  # "employees in the social sector"
        return place is not None and words.stem[place.h] in grammar().sectors
    return False


def _works_in_part(words: Words, k: int) -> bool:
    """Whether what people work in, from word k, is a part of the economy: "in agriculture", "in the
    sector", "in the processing industry"; not "in the region", "in the economy"."""
    if words.stem[k] in vocabulary().region_words:
        return False
    if words.low[k] != "the":
        return True
    place = noun_phrase(words, k)  # "working in the sector": the sector the sentence is about
    return place is not None and words.stem[place.h] in grammar().sectors


def _people_of_sector(words: Words, i: int, j: int) -> bool:
    """People named by the sector they work in, in the figure's clause, are a subset of the people, and
    a figure of them (their number, their wages) is theirs: "the wages of 43,000 public sector workers",
    "industry employees"."""
    sectors = grammar().sectors
    if sectors.isdisjoint(words.forms):
        return False
    people = vocabulary().people
    a, b = _clause_around(words, i, j)
    return any(words.stem[k] in people and words.stem[k - 1] in sectors for k in range(max(a, 1), b))


def _under_programme(words: Words, head: Head | None) -> bool:
    """ "Under the modernisation programme, 30 stations ...", "within the framework of this project",
    "since the beginning of the programme": a programme's figure. A programme owns no figure of the
    whole economy ("double the GRP under the Programme for the Development of the Far East")."""
    vocab = vocabulary()
    openers = vocab.programme_openers
    if openers.isdisjoint(words.forms) or (head is not None and head.metric in vocab.economy_metrics):
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


def _outside_money(words: Words) -> bool:
    """Whether the sentence says its money comes from outside the region's own purse ("received 685
    million rubles worth of aid from the federal budget"): a source word before a noun of money."""
    vocab = vocabulary()
    if vocab.outside_sources.isdisjoint(words.forms):
        return False
    n = len(words.low)
    return any(
        words.low[k] in vocab.outside_sources and not vocab.source_nouns.isdisjoint(words.stem[k + 1 : k + 3])
        for k in range(n - 1)
    )


def _subset_before(words: Words, i: int) -> bool:
    """ "7.7 billion, of which 7.3 billion", "1,721 beds, including 1,556"."""
    for marker in vocabulary().subset_markers:
        n = len(marker)
        if i >= n and words.low[i - n : i] == marker:
            return True
    return False


def _narrowed(head: Head | None, unit: str) -> bool:
    """Whether the head's cue is a kind within its metric, or its noun has a modifier or complement
    that narrows it ("gold extraction", "metallurgical industry", "spending on healthcare")."""
    if head is None or head.metric is None or head.how in ("verb", "passive", "unit"):
        return False
    words = head.words
    if _example(words, head.a):
        return False  # "The industry, in particular the manufacturing sector, has begun to recover"
    match = phrase_match(words, Phrase(head.a, head.h, head.b), unit)  # the match measure made
    if match is None:
        return False
    start, end, cue = match
    return (
        cue.part
        or _kind_within(words, start, end, cue.metric)
        or (words.role[start] == NOMINAL and _narrowing_modifier(words, head.a, start))
        or _narrowing_complement(words, end, head.b, head.metric)
    )


def _kind_in_terms(words: Words, head: Head | None, j: int) -> bool:
    """A figure whose clause says it is "in terms of" a kind of its metric is that kind's: "at over
    4,000 tonnes of meat the region ranked first in terms of rabbit breeding" (rabbit meat)."""
    if head is None or head.metric is None or "terms" not in words.forms:
        return False
    end = next((k for k in range(j, len(words.low)) if _clause_break(words, k)), len(words.low))
    for k in range(j, end - 3):
        if words.low[k : k + 3] == ("in", "terms", "of") and (np := noun_phrase(words, k + 3)) is not None:
            return _kind_within(words, np.a, np.b, head.metric)
    return False


def _example(words: Words, a: int) -> bool:
    """Whether the phrase at a is an example given of a wider one ("in particular the manufacturing
    sector", "notably metallurgy"), set off after it."""
    vocab = vocabulary()
    if not a or words.low[a - 1] not in vocab.example_ends:
        return False
    return any(a >= len(m) and words.low[a - len(m) : a] == m for m in vocab.example_markers)


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
    """A nominal word right before the cue that is no neutral modifier ("metallurgical industry"); a
    cue that is a participle has no modifier, the noun before it is what it says of ("the volume of
    funds invested in the city")."""
    g = grammar()
    k = start - 1
    while k >= a and words.role[k] == NOMINAL and words.low[k] != "'s":
        if words.low[k] not in g.neutral and not (words.capital[k] and k > 0):
            return True
        k -= 1
    return False


def _narrowing_complement(words: Words, end: int, b: int, metric: str) -> bool:
    """A complement right after the cue that names something else than the region, a time, a state its
    units are in or the same metric ("spending on healthcare", "beds for coronavirus patients"; not
    "investment in fixed capital", "revenue of the regional budget", "roads in good condition")."""
    if end >= b or words.role[end] not in "fr" or words.low[end] in ("per", "than", "as", "since", "by"):
        return False
    np = noun_phrase(words, end + 1, b)
    if np is None or (words.low[end] == "in" and words.stem[np.h] in vocabulary().states):
        return False
    return _names_other(words, np, metric)


def _names_other(words: Words, np: Phrase, metric: str | None = None) -> bool:
    """Whether a phrase names something narrower than the region: not the region or a name, a time, or
    the figure's own metric ("investment in fixed assets")."""
    g = grammar()
    vocab = vocabulary()
    # "the development of healthcare in the region": where it is does not make it the region's
    end = next((k for k in range(np.h + 1, np.b) if words.low[k] == "in"), np.b)
    if any(words.stem[k] in vocab.region_words or words.capital[k] for k in range(np.a, end)):
        return False
    # a time, or a part of one ("the first half of the year", "the first quarter of 2024")
    stop = min(len(words.low), np.b + 3 if words.low[np.b : np.b + 1] == ("of",) else np.b)
    if any(is_year(words, k) or words.stem[k] in g.times for k in range(np.a, stop)):
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


def _sector_owner(words: Words, head: Head | None, i: int) -> bool:
    """A figure of one metric whose clause's subject is a sector named by its kind ("The region's
    agro-industrial sector has created 2,400 jobs") is that sector's share of it, a part; not the
    sector's own metric ("the construction sector grew by 60 percent")."""
    if head is None or head.metric is None or grammar().sectors.isdisjoint(words.forms):
        return False
    v = verb_before(words, i - 1) if i > 0 else None
    v = _clause_verb(words, i) if v is None else v
    s = subject(words, v) if v is not None and not _reports(words, v) else None
    if not isinstance(s, Phrase) or words.stem[s.h] not in grammar().sectors or s.h == s.a:
        return False
    named = phrase_metric(words, s)
    return named is not None and named != head.metric


def _owned_by_pronoun(words: Words, head: Head | None, i: int, before: str) -> bool:
    """A figure whose owner is a pronoun ("Its order book is worth 4 billion", "it has invested 18
    billion", "their capitalisation") belongs to what the pronoun stands for: "his" or "her" to one
    person; "they" or "their" to the plural noun before it (in this sentence or the one before), a part
    when that names units ("Udmurtia has 12 defence plants. ... their civilian products"); "it" or
    "its" to what the sentence before (or this one, earlier) was about, a part unless that names the
    region ("Its GRP grew" after a sentence on the region); to a metric its own sentence names before it
    and no unit, the region's."""
    k = _owner_pronoun(words, head, i)
    if k is None:
        return False
    vocab = vocabulary()
    previous = _antecedent_sentences(before) if before else ()
    if words.low[k] in vocab.personal_possessives:
        return k + 1 >= len(words.low) or words.stem[k + 1] not in vocab.region_nouns  # not "his region"
    if words.low[k] in vocab.plural_pronouns:
        return _plural_antecedent_part(words, k) or any(_plural_antecedent_part(p) for p in previous[:1])
    if _metric_before(words, k):
        return False  # "On the subject of unemployment, in 2007, it stood at 76 percent": its own sentence's
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


def _metric_before(words: Words, k: int) -> bool:
    """Whether the sentence names a metric before word k (a noun of a cue, no time) and no unit: what a
    pronoun at k stands for ("On the subject of unemployment, ... it stood at 76 percent")."""
    cues, times, parts = cue_nouns(), grammar().times, vocabulary().part_nouns
    nouns = [words.stem[m] for m in range(k) if words.role[m] == NOMINAL]
    return not parts.intersection(nouns) and any(w in cues and w not in times for w in nouns)


def _sentence_subject(words: Words) -> Phrase | None:
    """The subject of a sentence's first verb, when it is a noun phrase."""
    v = next((k for k in range(len(words.low)) if words.role[k] in "lgvx"), None)
    s = subject(words, v) if v is not None else None
    return s if isinstance(s, Phrase) else None


def _definite_after_unit(words: Words, head: Head | None, before: str) -> bool:
    """A bare head with "the" after a sentence about a project or a plant, or opening a clause after a
    semicolon that follows one, is that one's ("A project to build a plant is being signed. The
    investment exceeds 21 billion")."""
    if head is None or head.words is not words:
        return False
    after_semicolon = head.a > 0 and words.low[head.a - 1] == ";"
    if not (words.low[head.a] == "the" or after_semicolon):
        return False
    if any(words.role[k] in "fr" for k in range(head.a, head.b)):
        return False  # "the investment in the region": it says whose
    parts = vocabulary().part_nouns
    if after_semicolon:  # "a plant with a capacity of 300 tonnes; investment volumes are estimated at"
        return any(w in parts for w in words.stem[: head.a])
    previous = _antecedent_sentences(before) if before else ()
    return bool(previous) and any(w in parts for w in previous[0].stem)


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
    if owners.isdisjoint(words.forms):
        return None
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
    if (
        head is not None
        and head.words is words
        and head.how not in ("verb", "unit", "passive")
        and kind != "rank"
    ):
        # a counted noun is measured, not an owner (what follows it may be); a light head's complement is
        # measured, its modifiers may own it ("the project cost")
        counted = head.how == "after" or kind == "count"
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
    if i > 1 and words.low[i - 1] == "(":
        owners.extend(_bracketed_owner(words, i - 1))
    k = _with_before(words, i)
    if k is not None:
        aside = words.low[k - 1] == ","  # "a project of the Bazhen Formation, with investment of"
        np = np_ending(words, k - 1 if aside else k)
        if np is not None:
            owners.extend([] if aside and _plural(words, np) else [(_with_name(words, np), True)])
        else:  # "Fifty projects are being implemented with an investment volume of": the clause's subject
            owners.extend(_subject_owner(words, verb_before(words, k - 1)))
    return owners


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


def _bracketed_owner(words: Words, bracket: int) -> list[tuple[Phrase, bool]]:
    """What a figure in brackets measures: the phrase before the bracket, back to its verb ("a gas
    pipeline from Volkhov to Murmansk (1,367 km)")."""
    a = bracket
    while a > max(0, bracket - 12) and words.role[a - 1] in "wdrfa":
        a -= 1
    return [(Phrase(a, bracket - 1, bracket), True)] if a < bracket else []


def _plural(words: Words, phrase: Phrase) -> bool:
    """Whether a phrase's head is plural: "the region's companies", "16 facilities" (all the region's)."""
    return words.stem[phrase.h] != words.low[phrase.h]


@per_sentence
def _subject_owner(words: Words, v: int | None) -> tuple[tuple[Phrase, bool], ...]:
    """The subject of the verb at v as an owner; for a relative "that"/"which", the noun it follows
    ("a farm that is turning out 380 tonnes"); for a participle after a noun, that noun too ("a project
    covering three cities")."""
    if v is None:
        return ()
    owners: tuple[tuple[Phrase, bool], ...] = ()
    if words.role[v] == "i" and v and words.role[v - 1] == NOMINAL:
        np = np_ending(words, v)
        owners = ((np, True),) if np is not None else ()
    f = _finite(words, v)
    s = subject(words, f) if f is not None else None
    if isinstance(s, int) and words.low[s] in ("that", "which", "who"):
        s = np_ending(words, s - 1 if s and words.low[s - 1] == "," else s)  # "The programme, which"
    if not isinstance(s, Phrase):
        return owners
    s = _before_aside(words, s, f) if f is not None else s
    if words.stem[s.h] in vocabulary().counting_nouns:  # "the number of farms increased": counted, not owners
        s = Phrase(s.a, s.h, s.h + 1)
    return (*owners, (_with_name(words, s), True))


def _before_aside(words: Words, s: Phrase, v: int) -> Phrase:
    """The subject of the verb at v past an aside set off by commas, when what was read as its subject is
    the aside ("The project, worth 15 billion rubles, will create 800 jobs": the project): the noun
    phrase that opens the clause right before the aside's first comma."""
    if s.a < 2 or words.low[s.a - 1] != "," or "," not in words.low[s.b : v]:
        return s
    np = np_ending(words, s.a - 1)
    if np is None or not (np.a == 0 or words.role[np.a - 1] in "pc"):
        return s
    return np


def _with_name(words: Words, np: Phrase) -> Phrase:
    """A phrase with the name its head is "of" ("the Republic of Belarus", "the city of Sharya")."""
    b = np.b
    if b + 1 < len(words.low) and words.low[b] == "of" and words.capital[b + 1]:
        b += 1
        while b < len(words.low) and words.capital[b] and words.role[b] == NOMINAL:
            b += 1
    return Phrase(np.a, np.h, b)


def _finite(words: Words, v: int) -> int | None:
    """The verb whose subject an infinitive, a gerund or a participle at v shares: "is operating ... to
    produce", "is capable of producing", "was the key partner accounting for" (the nearest verb before)."""
    k = v - 1
    while k >= 0 and words.role[k] == "a":
        k -= 1
    if k < 0 or (words.role[v] != "i" and words.low[k] != "to"):
        return v  # a finite verb; a participle takes the clause's subject ("a partner accounting for")
    for m in range(k - 1, max(-1, k - 12), -1):
        if words.role[m] in "lgvx":
            return m
        if words.role[m] == "p" or (words.role[m] == "c" and words.low[m] not in ("and", "or")):
            return None
    return None


def _with_before(words: Words, i: int) -> int | None:
    """The "with", "worth" or "for" that introduces the figure's phrase ("a plant with investment of",
    "projects worth", "farms for 6,600 head"), a few words before it."""
    for k in range(i - 1, max(0, i - 9), -1):
        w = words.low[k]
        if w in ("with", "worth", "for"):
            return k
        if words.role[k] not in "dwanf" and w != "and" and w not in grammar().verb_group:
            return None  # "with investment estimated at"
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
        if words.stem[k] in vocab.titles or _months(words.low[k]):
            continue  # "the President", "the Governor": a person's office; "January-June": a time
        if not _names_region(words, k):  # "in Karelia", "in Moscow": the region itself
            return True
    return False


def _months(word: str) -> bool:
    """Whether a word is a month's name or a span of them ("January-June")."""
    months = grammar().months
    return word in months or all(part in months for part in word.split("-"))


@per_sentence
def _names_region(words: Words, k: int) -> bool:
    """Whether word k is in the name of a federal subject (`regions.find_regions`, read on the few
    words around it: a name is at most a few words long)."""
    a = max(0, k - _NAME_WORDS)
    near = words.low[a : k + _NAME_WORDS + 1]
    start = sum(len(w) + 1 for w in near[: k - a])  # where word k starts in the joined words
    return any(s <= start < e for s, e, _ in find_regions(" ".join(near)))


# The most words a federal subject's name has on either side of one of its words.
_NAME_WORDS: Final = 4


def _purpose(words: Words, j: int, money: bool) -> bool:
    """A figure for a purpose: "beds deployed for treating patients", "spent on purchasing
    equipment"; and money for something ("500 million for healthcare", "invested 32 billion in
    livestock production", "2 billion rubles to repair roads")."""
    for k in range(j, min(len(words.low), j + 16)):
        w, r = words.low[k], words.role[k]
        if money and w == "to" and k + 1 < len(words.low) and words.role[k + 1] == "v":
            return True  # "spent 2 billion rubles to repair roads": an infinitive of purpose
        if w in ("on", "for", "into", "in") and k + 1 < len(words.low):
            if words.role[k + 1] == "i" and w != "in":  # "for treating", "on purchasing"
                return True
            np = noun_phrase(words, k + 1) if money else None
            if np is not None and (w != "in" or words.stem[np.h] not in vocabulary().region_words):
                return _names_other(words, np)
        if r in "pc" and w != ",":
            return False
    return False


def _money_pointed_back(words: Words, i: int, before: str) -> bool:
    """ "These funds", "this money" before the figure stand for money the sentence before set aside for a
    purpose ("The region is spending more money on major repairs. In 2019, these funds amounted to 200
    million")."""
    vocab = vocabulary()
    if vocab.money_nouns.isdisjoint(words.forms):
        return False
    if not any(
        words.low[k] in vocab.demonstratives and words.stem[k + 1] in vocab.money_nouns for k in range(i - 1)
    ):
        return False
    previous = _antecedent_sentences(before)[:1] if before else ()
    return any(
        _purpose(p, k + 1, True)
        for p in previous
        for k in range(len(p.low))
        if p.stem[k] in vocab.money_nouns
    )


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


def _in_named_place(words: Words, i: int, j: int) -> bool:
    """ "in Izhevsk": a place named right after "in" in the figure's clause, no region of the federation
    nor the country (whose names are the region's: "in Karelia", "in Moscow" for Moscow)."""
    vocab = vocabulary()
    if "in" not in words.forms:
        return False
    for k in range(*_clause_around(words, i, j)):
        if words.low[k] != "in" or k + 1 >= len(words.low) or i <= k < j:
            continue
        m = k + 1
        if not words.capital[m] or words.role[m] != NOMINAL or words.stem[m] in vocab.region_words:
            continue
        if words.stem[m] in vocab.titles or _months(words.low[m]) or _names_region(words, m):
            continue
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
    return not vocabulary().place_triggers.isdisjoint(words.forms)


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
