"""What a figure measures: its metric (from the taxonomy) and a short subject (its scope: `scope.py`).

The metric comes from the phrase the number quantifies, its head phrase, never from a cue word
elsewhere in the sentence. The head phrase is found by a few rules of English, tried in order on the
figure's own sentence:

1. the counted noun ("600 beds"), or the phrase after a quantity ("4,000 tonnes of meat",
   "67 percent of the region's trade", "a 5 percent rise in exports"), or what a place is in
   ("ranks fifth in investment");
2. a verb after the figure that governs it ("60 billion was allocated");
3. the noun the figure complements ("a grain harvest of 1.2 million tonnes"), a noun phrase right
   before it with no verb between ("and investment, by 40 percent"), or the verb whose object it is
   ("we invested 60 billion");
4. the subject of the level or change verb it belongs to ("the unemployment rate fell to 4 percent",
   "investment reached 60 billion");
5. when the phrase found is a pronoun or a light noun that names nothing ("It grew by 5 percent",
   "an increase of 20 percent"): the figure it restates in the sentence ("nearly 2 million, 1.9
   million"), a sector after it ("in housing construction"), the sentence's topic ("On the subject of
   unemployment, ... it stood at"), or the sentence before.

The head phrase's words are then looked up in the cue table (`data/metric_cues.yaml` and the
taxonomy's cues): a cue that covers the phrase's head word names the metric; a light head ("the
number of", "the volume of", "a wage increase") passes to its complement, then its modifiers. A head
that is neither light nor a cue names nothing. No cue, no metric.

The vocabulary is data: `extract/data/measure.yaml` (parts of speech, verbs, light nouns) and the cue
table. Each sentence is split into words once (a figure's own from the grammar's tokens of it, the sentences
before by the words' regex, cached); a figure reads only the words near it.
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

import yaml

from regional_report.extract.lexicon import ORDINALS, SCALES, SMALL_NUMBERS, SUPERLATIVES, TENS
from regional_report.extract.text import Lexeme, sentence_spans
from regional_report.metrics import metrics
from regional_report.settings import DATA_DIR

GRAMMAR_FILE: Final = Path(__file__).resolve().parent / "data" / "measure.yaml"
# libyaml's safe loader where PyYAML was built with it (several times faster), else the pure one
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CUES_FILE: Final = DATA_DIR / "metric_cues.yaml"

# A word: a word of letters keeps its inner hyphens ("first-aid", "COVID-19"); a clitic "'s" is a word
# of its own (a possessive, or "is" after a pronoun); digits with their separators; any other character
# alone. Every character but a space is in a word.
_WORD_RE: Final = re.compile(r"[^\W\d_](?:[\w-]*[^\W_])?|['’]s\b|\d(?:[\d.,]*\d)?|\S")
# The longest noun phrase read, in words; how far back a clause's start is looked for.
MAX_PHRASE: Final = 10
MAX_CLAUSE: Final = 30
# How many figures a restated figure may pass on its head through ("1.9 million" -> "2 million" -> ...).
MAX_HOPS: Final = 3

# Roles of words, one character each, so that a sentence's roles are one string:
# n number, p mark, d determiner or possessive, o pronoun, e expletive, x auxiliary, l level verb,
# g change verb, v other verb, r preposition, f "of", c clause word, a adverb, w any other word (a noun
# or an adjective). A capital verb role marks a form that may be a noun ("exports", "increase"),
# settled by the words around it.
NOMINAL: Final = "w"


@dataclass(frozen=True, slots=True)
class Grammar:
    """The word lists of `data/measure.yaml`, as look-up tables."""

    roles: dict[str, str]
    base_of: dict[str, str]  # a verb form -> its base form
    light: frozenset[str]
    persons: frozenset[str]
    units: frozenset[str]
    sectors: frozenset[str]
    times: frozenset[str]
    nouns: frozenset[str]  # the folded words of every cue, light, unit and person noun
    verb_group: frozenset[str]
    count_modifiers: frozenset[str]
    places: frozenset[str]  # places a count may be of ("in 12 districts")
    place_prepositions: frozenset[str]
    intro_words: frozenset[str]
    apposition: frozenset[str]
    lead_words: frozenset[str]
    absolute: frozenset[str]
    topic_openers: tuple[tuple[str, ...], ...]
    openers: tuple[tuple[str, ...], ...]
    rank_heads: frozenset[str]
    ly_adjectives: frozenset[str]
    neutral: frozenset[str]
    passive_complements: frozenset[str]
    count_heads: frozenset[str]
    home_phrases: tuple[tuple[str, ...], ...]  # "home to", "have": a place's people after them
    home_subjects: frozenset[str]
    shares: frozenset[str]  # a part of a whole: "in" names the whole ("its share in the GRP")
    pointing: frozenset[str]  # possessives that stand for a phrase named before ("its", "their")
    generic: frozenset[str]  # built things of any kind: their modifier says which ("bridge structures")
    companies: frozenset[str]  # companies of any kind: what they do says which ("40 enterprises export")
    compound_heads: frozenset[str]  # units an -ing form before them names a kind of ("a processing plant")
    receiving: frozenset[str]  # verbs whose object says what people get or have ("received support")
    agent_prepositions: frozenset[str]  # "by" of "allocation by the region of 1.5 billion rubles"
    relative_words: frozenset[str]
    owner_prepositions: frozenset[str]
    time_openers: frozenset[str]
    paired: dict[str, str]  # the second word of a pair around a figure -> the first
    speakers: frozenset[str]
    stock_verbs: frozenset[str]
    light_units_persons: frozenset[str]  # every word `is_light`
    months: frozenset[str]


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue phrase of a metric: its words as folded stems; a last word ending in * is a prefix."""

    metric: str
    words: tuple[str, ...]
    prefix: bool
    weak: bool
    part: bool = False  # a kind within the metric ("gold" in mining): its figures are a part
    exact: bool = False  # matches its words as written, not their stems ("homes", not "home")
    bare: bool = False  # a weak cue that names its metric only unmodified ("its output", no "sugar output")


class Words(NamedTuple):
    """A sentence as words: lower-cased, folded to stems, their offsets, one role character each, the
    cues whose first word each is (to be checked against the words after it), and every word and stem
    of the sentence as a set (a rule whose words are not among them has nothing to read)."""

    low: tuple[str, ...]
    stem: tuple[str, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]
    role: str
    capital: tuple[bool, ...]
    cues: tuple[tuple[Cue, ...], ...]
    memo: dict[tuple[Hashable, ...], Any]  # results of the phrase rules on this sentence (see `per_sentence`)
    forms: frozenset[str] = frozenset()


class Phrase:
    """A noun phrase: words [a, b) with head word h. Equal to another of the same words (a phrase rule's
    results are kept by its arguments, `per_sentence`)."""

    __slots__ = ("a", "b", "h")

    def __init__(self, a: int, h: int, b: int) -> None:
        self.a = a
        self.h = h
        self.b = b

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and self.a == other.a and self.h == other.h and self.b == other.b

    def __hash__(self) -> int:
        return hash((self.a, self.h, self.b))

    def __repr__(self) -> str:
        return f"Phrase({self.a}, {self.h}, {self.b})"


class Head:
    """The phrase a figure quantifies: words [a, b) of `words`, head word h, its metric and the rule
    that found it (`how`). `words` is the figure's sentence, or the sentence before it. `refers`: a
    pronoun or a light noun naming nothing, it stands for a phrase elsewhere."""

    __slots__ = ("a", "b", "h", "how", "metric", "refers", "words")

    def __init__(
        self, metric: str | None, a: int, b: int, h: int, how: str, words: Words, refers: bool = False
    ) -> None:
        self.metric = metric
        self.a = a
        self.b = b
        self.h = h
        self.how = how
        self.words = words
        self.refers = refers

    def replaced(self, metric: str | None, refers: bool) -> Head:
        """The same phrase, naming `metric`, standing for a phrase elsewhere or not (`refers`)."""
        return Head(metric, self.a, self.b, self.h, self.how, self.words, refers)


# --- tables ---------------------------------------------------------------------------------------


def fold(word: str) -> str:
    """A word's stem for matching: lower case, no plural ending.

    >>> [fold(w) for w in ("Beds", "facilities", "businesses", "gas", "SMEs", "centres", "analysis", "areas")]
    ['bed', 'facility', 'business', 'gas', 'sme', 'centre', 'analysis', 'area']
    """
    w = word.lower()
    if len(w) <= 3 or not w.endswith("s") or (w.endswith(("ss", "us", "is", "as")) and not w.endswith("eas")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    return w[:-1]


def verb_forms(base: str) -> tuple[str, ...]:
    """The regular forms of a verb: base, -s, -ed, -ing (a doubled last consonant, y -> ied).

    >>> verb_forms("total")
    ('total', 'totals', 'totaled', 'totaling', 'totalled', 'totalling')
    """
    if base.endswith("e"):
        return (base, base + "s", base + "d", base[:-1] + "ing")
    if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    s = base + "es" if base.endswith(("s", "sh", "ch", "x", "o")) else base + "s"
    forms: tuple[str, ...] = (base, s, base + "ed", base + "ing")
    if len(base) >= 3 and base[-1] in "bdglmnprt" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms += (base + base[-1] + "ed", base + base[-1] + "ing")
    return forms


def _all_forms(base: str, irregular: dict[str, list[str]]) -> tuple[str, ...]:
    return (*verb_forms(base), *irregular.get(base, ()))


@cache
def _raw_grammar() -> dict[str, object]:
    return dict(yaml.load(GRAMMAR_FILE.read_text(encoding="utf-8"), Loader=_LOADER))


def _words(key: str) -> list[str]:
    value = _raw_grammar()[key]
    assert isinstance(value, list), f"{GRAMMAR_FILE.name}: {key} must be a list"
    return [str(w) for w in value]


def _pairs(key: str) -> dict[str, str]:
    value = _raw_grammar()[key]
    assert isinstance(value, dict), f"{GRAMMAR_FILE.name}: {key} must be a mapping"
    return {str(k): str(v) for k, v in value.items()}


def _irregular() -> dict[str, list[str]]:
    value = _raw_grammar()["irregular"]
    assert isinstance(value, dict), f"{GRAMMAR_FILE.name}: irregular must be a mapping"
    return {str(k): [str(w) for w in v] for k, v in value.items()}


@cache
def grammar() -> Grammar:
    """The grammar words, loaded once."""
    irregular = _irregular()
    nouns = {
        fold(w) for w in _words("light_nouns") + _words("person_nouns") + _words("unit_nouns")
    } | cue_nouns()
    roles: dict[str, str] = {}
    base_of: dict[str, str] = {}
    for key, role in (
        ("auxiliaries", "x"),
        ("determiners", "d"),
        ("pronouns", "o"),
        ("expletives", "e"),
        ("prepositions", "r"),
    ):
        roles.update((w, role) for w in _words(key) if w not in roles)
    for key, role in (("level_verbs", "l"), ("change_verbs", "g"), ("other_verbs", "v")):
        for base in _words(key):
            forms = _all_forms(base, irregular)
            for form in forms:
                base_of.setdefault(form, base)
                # a form that may be a noun ("exports", "increase") is a verb only where context says so
                noun_like = form in forms[:2] and fold(form) in nouns
                roles.setdefault(form, role.upper() if noun_like else role)
    base_of.update({"'s": "be", "’s": "be"})
    for key, role in (("clause_words", "c"), ("adverbs", "a")):
        roles.update((w, role) for w in _words(key) if w not in roles)
    roles["of"] = "f"
    roles.update((w, "n") for w in (*SMALL_NUMBERS, *TENS, *SCALES, "hundred", "dozen"))
    return Grammar(
        roles=roles,
        base_of=base_of,
        light=frozenset(fold(w) for w in _words("light_nouns")),
        nouns=frozenset(nouns),
        persons=frozenset(fold(w) for w in _words("person_nouns")),
        units=frozenset(fold(w) for w in _words("unit_nouns")),
        sectors=frozenset(fold(w) for w in _words("sector_nouns")),
        times=frozenset(fold(w) for w in _words("time_nouns")),
        openers=tuple(tuple(p.split()) for p in _words("phrase_openers")),
        rank_heads=frozenset(fold(w) for w in _words("rank_heads")),
        ly_adjectives=frozenset(_words("ly_adjectives")),
        neutral=frozenset(_words("neutral_modifiers")),
        passive_complements=frozenset(_words("passive_complements")),
        count_heads=frozenset(fold(w) for w in _words("count_heads")),
        home_phrases=tuple(tuple(p.split()) for p in _words("home_phrases")),
        home_subjects=frozenset(fold(w) for w in _words("home_subjects")),
        shares=frozenset(fold(w) for w in _words("share_nouns")),
        pointing=frozenset(_words("pointing_possessives")),
        generic=frozenset(fold(w) for w in _words("generic_heads")),
        companies=frozenset(fold(w) for w in _words("company_nouns")),
        compound_heads=frozenset(fold(w) for w in _words("compound_heads")),
        receiving=frozenset(_words("receiving_verbs")),
        agent_prepositions=frozenset(_words("agent_prepositions")),
        relative_words=frozenset(_words("relative_words")),
        owner_prepositions=frozenset(_words("owner_prepositions")),
        time_openers=frozenset(_words("time_openers")),
        paired=_pairs("paired_prepositions"),
        speakers=frozenset(_words("speaker_pronouns")),
        stock_verbs=frozenset(_words("stock_verbs")),
        months=frozenset(_words("month_names")),
        light_units_persons=frozenset(
            fold(w) for key in ("light_nouns", "person_nouns", "unit_nouns") for w in _words(key)
        ),
        verb_group=frozenset(_words("verb_group_words")),
        count_modifiers=frozenset(_words("count_modifiers")),
        places=frozenset(fold(w) for w in _words("place_nouns")),
        place_prepositions=frozenset(_words("place_prepositions")),
        intro_words=frozenset(_words("intro_words")),
        apposition=frozenset(_words("apposition_words")),
        lead_words=frozenset(_words("lead_words")),
        absolute=frozenset(_words("absolute_prepositions")),
        topic_openers=tuple(tuple(p.split()) for p in _words("topic_openers")),
    )


@cache
def _cue_file() -> dict[str, Any]:
    return dict(yaml.load(CUES_FILE.read_text(encoding="utf-8"), Loader=_LOADER))


NO_METRIC: Final = ""  # the "metric" of the phrases that name none (`none` in metric_cues.yaml)


def _cue_phrases() -> dict[str, list[str]]:
    """Every metric's noun cues: the taxonomy's own and the project's (`metric_cues.yaml`), and the
    phrases that name no metric under NO_METRIC."""
    raw = _cue_file()
    extra: dict[str, list[str]] = raw["nouns"]
    phrases = {m.id: [*m.cues, *extra.get(m.id, ())] for m in metrics().values()}
    phrases[NO_METRIC] = list(raw["none"])
    return phrases


@cache
def cue_nouns() -> frozenset[str]:
    """The folded words of every noun cue."""
    phrases = (p for ps in _cue_phrases().values() for p in ps)
    return frozenset(fold(w.strip("~+=*")) for p in phrases for w in p.lower().split())


@cache
def cue_index() -> dict[str, tuple[Cue, ...]]:
    """The noun cues by their first word's stem (a one-word prefix cue under its prefix), longest first."""
    index: dict[str, list[Cue]] = {}
    for metric, phrases in _cue_phrases().items():
        for phrase in sorted({p.lower() for p in phrases}):
            mark = phrase[0] if phrase[0] in "~+=^" else ""
            words = phrase.lstrip("~+=^").split()
            prefix = words[-1].endswith("*")
            stems = (*map(fold, words[:-1]), words[-1].rstrip("*") if prefix else fold(words[-1]))
            cue = Cue(
                metric,
                tuple(words) if mark == "=" else stems,
                prefix,
                weak=mark in "~^" and mark != "",
                part=mark == "+",
                exact=mark == "=",
                bare=mark == "^",
            )
            index.setdefault(stems[0], []).append(cue)
    return {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in index.items()}


@cache
def _prefix_re() -> re.Pattern[str]:
    """The one-word prefix cues ("invest*"), as one pattern for a word's start."""
    prefixes = sorted(
        (k for k, cues in cue_index().items() if any(c.prefix and len(c.words) == 1 for c in cues)),
        key=len,
        reverse=True,
    )
    return re.compile("|".join(map(re.escape, prefixes)) or "(?!)")


@cache
def verb_metrics() -> dict[str, str]:
    """The metric of each verb form that governs a figure of it ("invested" -> investment); a verb with
    a particle under its form and the particle ("made available" -> budget spending)."""
    irregular = _irregular()
    return {
        " ".join((form, *particle)): metric
        for metric, bases in _cue_file()["verbs"].items()
        for base, *particle in map(str.split, bases)
        for form in _all_forms(base, irregular)
    }


@cache
def narrowing() -> dict[str, str]:
    """The metrics that a narrower one takes in where the figure's sentence names it before the figure."""
    return {
        broad: NO_METRIC if narrow == "none" else narrow
        for narrow, broads in _cue_file()["narrows"].items()
        for broad in broads
    }


@cache
def places_metric() -> dict[str, str]:
    """The metric of the places in facilities of a metric (kindergartens -> kindergartens, schools ->
    school places)."""
    return {str(k): str(v) for k, v in _cue_file()["places"].items()}


@cache
def destinations() -> dict[str, frozenset[str]]:
    """The metrics that money brought or paid to a phrase of them is a figure of, by the preposition
    before that phrase ("to the regional budget": budget revenue)."""
    found: dict[str, set[str]] = {}
    for metric, prepositions in _cue_file()["destinations"].items():
        for preposition in prepositions:
            found.setdefault(str(preposition), set()).add(str(metric))
    return {preposition: frozenset(metrics) for preposition, metrics in found.items()}


@cache
def agents() -> dict[str, str]:
    """The metric that counts the companies doing what a metric measures (exports -> exporters)."""
    return {str(k): str(v) for k, v in _cue_file()["agents"].items()}


@cache
def people_metrics() -> frozenset[str]:
    """The metrics that count people as such: what their phrase says of them names another."""
    return frozenset(_cue_file()["people"])


@cache
def flow_metrics() -> frozenset[str]:
    """The metrics of things built or done (housing commissioned), of which a stock is no figure."""
    return frozenset(_cue_file()["flows"])


# --- words ----------------------------------------------------------------------------------------


CueMatch = tuple[int, int, Cue]  # a cue found at words [start, end)


class _Word(NamedTuple):
    """What is known of a word on its own: its lower-cased text, its stem, its role before its neighbours
    are read, the cues whose first word it is, whether its role depends on its neighbours, its length
    in the sentence, and whether it is written with a capital."""

    low: str
    stem: str
    role: str
    cues: tuple[Cue, ...]
    settle: bool
    size: int
    capital: bool


def _word(w: str, size: int, capital: bool) -> _Word:
    """What the lower-cased word w (`size` characters in its sentence, with a `capital` or not) is on
    its own."""
    first = w[0]
    role = "n" if first.isdigit() else grammar().roles.get(w, NOMINAL) if first.isalpha() else "p"
    stem = fold(w)
    if (
        role == NOMINAL
        and w.endswith("ly")
        and stem not in grammar().nouns
        and w not in grammar().ly_adjectives
    ):
        role = "a"  # "officially", "annually": an adverb
    cues: tuple[Cue, ...] = ()
    if role not in "np":
        index = cue_index()
        cues = index.get(stem, ())
        if (m := _prefix_re().match(stem)) is not None and m.group() != stem:
            cues = (*cues, *index[m.group()])
        cues = tuple(c for c in cues if _first_word_fits(w, stem, c))
    settle = w == "'s" or role in ("L", "G", "V", "l", "g", "v") or w.endswith(("ing", "ed"))
    return _Word(w, stem, role, cues, settle, size, capital)


def _first_word_fits(low: str, stem: str, cue: Cue) -> bool:
    """Whether the cue's first word is the word (`_cue_fits` at its first word)."""
    form = low if cue.exact else stem
    first = cue.words[0]
    return form.startswith(first) if cue.prefix and len(cue.words) == 1 else form == first


class _WordTable(dict[str, _Word]):
    """What each raw word (its spaces, then the word as written) is on its own, made on first sight and
    kept: the vocabulary of the genre is small, so a sentence becomes words by dictionary look-ups. It
    holds at most `limit` entries (it starts afresh when full), and no raw word longer than `longest`."""

    def __init__(self, limit: int = 50_000, longest: int = 40) -> None:
        super().__init__()
        self.limit = limit
        self.longest = longest

    def __missing__(self, raw: str) -> _Word:
        w = raw.lstrip()  # lower-cased word by word: a word's lower case may be longer
        info = _word(w.lower(), len(w), w[0].isupper())
        if len(raw) <= self.longest:
            if len(self) >= self.limit:
                self.clear()
            self[raw] = info
        return info


# A word with the spaces before it: the words of `_WORD_RE`, and the offsets by their lengths.
_RAW_WORD_RE: Final = re.compile(rf"\s*(?:{_WORD_RE.pattern})")
_WORDS: Final = _WordTable()
_NO_WORDS: Final = Words((), (), (), (), "", (), (), {})


@lru_cache(maxsize=1024)
def words_of(sentence: str) -> Words:
    """The sentence's words with their roles (cached: a sentence holds several figures)."""
    return _read_words(_RAW_WORD_RE.findall(_straight(sentence)))


def _straight(text: str) -> str:
    """The text with its typographic apostrophes made plain: one character for another, the offsets
    hold."""
    return text.replace("’", "'") if "’" in text else text


# Marks that no word runs on across, after a token or before one: a word of letters takes in no mark
# but "-", a number takes in "." and "," only between digits, and "'" begins a clitic ("'s").
_ENDS_WORD: Final = frozenset(',.;:!?)]}"”»…%')
_OPENS_WORD: Final = frozenset('([{"“«')


def words_of_tokens(raws: list[str], toks: list[Lexeme]) -> Words:
    """`words_of` of a sentence from the grammar's tokens of it (`raws`: each token with the spaces
    before it, as `LexemeTable.read` reads them; `toks`: their lexemes): the same words, without
    reading the sentence again.

    Words, like tokens, never span a space, so the sentence's words are those of each run of tokens
    with no space between. A run whose tokens are parted by marks no word runs on across ("grew 5%.",
    "(in") has a word for each token; any other run ("first-aid", "region's", "COVID-19") is read
    by the words' regex.
    """
    out: list[str] = []
    n = len(raws)
    k = 0
    while k < n:
        j = k + 1
        while j < n and not toks[j].space:
            j += 1
        if j == k + 1:
            out.append(_straight(raws[k]))
        elif all(_parted(toks, m) for m in range(k + 1, j)):
            out.extend(raws[k:j])
        else:
            out.extend(_RAW_WORD_RE.findall(_straight("".join(raws[k:j]))))
        k = j
    return _read_words(out)


def _parted(toks: list[Lexeme], k: int) -> bool:
    """Whether no word runs on across the start of token k, which no space parts from token k - 1."""
    before, mark = toks[k - 1].text, toks[k].text
    if "’" in (before, mark):
        return False  # read as "'", by the regex
    if before in _OPENS_WORD:
        return True
    if mark not in _ENDS_WORD:
        return False
    if mark not in ".," or not toks[k - 1].is_num:
        return True
    m = k + 1  # a number runs on across "." and "," to a digit: "1..2"
    while m < len(toks) and not toks[m].space and toks[m].text in ".,":
        m += 1
    return m == len(toks) or toks[m].space or not toks[m].is_num


def _read_words(raws: Sequence[str]) -> Words:
    """The words of a sentence from its raw words (each with the spaces before it)."""
    if not raws:
        return _NO_WORDS
    low, stem, roles, cues, settle, sizes, capital = zip(*map(_WORDS.__getitem__, raws), strict=True)
    end = tuple(itertools.accumulate(map(len, raws)))
    start = tuple(map(operator.sub, end, sizes))
    which = list(itertools.compress(range(len(settle)), settle))
    return Words(
        low,
        stem,
        start,
        end,
        _settle(list(roles), low, which) if which else "".join(roles),
        capital,
        cues,
        {},
        frozenset(low).union(stem),
    )


T = TypeVar("T")
_UNSET: Final = object()


def per_sentence(rule: Callable[..., T]) -> Callable[..., T]:
    """Keep a phrase rule's results on its sentence: a figure's rules ask the same questions of the
    same words (the subject of a verb, the phrase at a word) several times, and a sentence's figures
    ask them again."""
    name = rule.__name__

    @wraps(rule)
    def kept(words: Words, *args: Hashable) -> T:
        key = (name, args)  # (a pair: made without the list that (name, *args) would build)
        memo = words.memo
        result = memo.get(key, _UNSET)
        if result is _UNSET:
            result = memo[key] = rule(words, *args)
        return result  # type: ignore[no-any-return]

    return kept


def _year_at(low: Sequence[str], k: int) -> bool:
    return k < len(low) and len(low[k]) == 4 and low[k].isdigit()


def _to_number(role: list[str], low: Sequence[str], k: int) -> bool:
    """Whether "to" at k leads to a number that is no year ("amounts to 60 percent"): a level or change
    verb's, after a noun ("Public debt amounts to 60 percent"; not "heating costs by 30 percent")."""
    return k + 1 < len(role) and low[k] == "to" and role[k + 1] == "n" and not _year_at(low, k + 1)


def _settle(role: list[str], low: Sequence[str], which: list[int]) -> str:
    """The roles that depend on the words around.

    A clitic "'s" is "is" after a pronoun and a possessive elsewhere. A form that may be a verb or a
    noun is a verb after an auxiliary, "to" or a pronoun, or after a noun when a number or a determiner
    follows ("the region exports meat", "exports grew"), unless that noun is a unit ("a 4 percent
    increase this year"). An -ing form is a verb after an auxiliary, a noun when it names one
    ("spending on health"), else a participle (role i: no clause ends at it). Any other verb form after
    a preposition or a determiner is a noun ("on flood relief"). An unknown word in -ed is a past form
    or a participle (role v).
    """
    nouns, units = grammar().nouns, grammar().units
    out = role
    for k in which:
        r, w = role[k], low[k]
        prev = out[k - 1] if k else "p"
        if w == "'s":
            out[k] = "x" if prev in "oe" else "d"
        elif r in ("L", "G", "V"):
            nxt = role[k + 1] if k + 1 < len(role) else "p"
            verb = (
                prev in "xo"
                or (k and low[k - 1] == "to")
                or (prev == NOMINAL and nxt in "nd" and fold(low[k - 1]) not in units)
                or (prev == NOMINAL and r != "V" and _to_number(role, low, k + 1))
                or (prev == "c" and nxt == "n" and not _year_at(low, k + 1))  # "and exports 60 percent"
            )
            out[k] = r.lower() if verb else NOMINAL
        elif w.endswith("ing") and r in "lgvw" and prev != "x":
            # a noun, unless it follows one as a participle ("passengers travelling through"); inside a
            # noun phrase, before a unit, it names the unit's kind ("the holding company")
            known = fold(w) in nouns or (r == NOMINAL and prev != NOMINAL) or _names_kind(low, k, prev)
            out[k] = NOMINAL if known else "i"
        elif r in "lgv" and prev in "rfd" and low[k - 1] != "to" and not w.endswith("ed"):
            out[k] = NOMINAL  # "on flood relief", "a record"
        elif r == NOMINAL and len(w) > 4 and w.endswith("ed") and w not in nouns and prev != "d":
            out[k] = "v"  # not after a determiner: "the rapeseed harvest"
    return "".join(out)


def _names_kind(low: Sequence[str], k: int, prev: str) -> bool:
    """Whether the -ing form at k, after a modifier or a determiner, names the kind of the unit right
    after it ("the agro-industrial holding company", "a meat processing plant"), no participle."""
    return prev in (NOMINAL, "d") and k + 1 < len(low) and fold(low[k + 1]) in grammar().compound_heads


def _span(words: Words, fs: int, fe: int) -> tuple[int, int]:
    """The words [i, j) that the characters [fs, fe) cover (at least one word, within the sentence)."""
    i = min(bisect_right(words.end, fs), len(words.low) - 1)
    return i, min(len(words.low), max(bisect_left(words.start, fe), i + 1))


def is_year(words: Words, k: int) -> bool:
    w = words.low[k]
    return len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2100


def _is_figure_number(words: Words, k: int) -> bool:
    """Whether word k is a number that may be a figure: no year, no day of a month ("as of July 1")."""
    return (
        words.role[k] == "n"
        and not is_year(words, k)
        and not (k and words.low[k - 1] in grammar().months and words.low[k][:1].isdigit())
    )


def _number_run(words: Words, k: int) -> tuple[int, int]:
    """The words of the number at word k ("2 million", "Two trillion")."""
    a, b = k, k + 1
    while a > 0 and words.role[a - 1] == "n":
        a -= 1
    while b < len(words.low) and words.role[b] == "n":
        b += 1
    return a, b


# --- from a phrase to a metric -------------------------------------------------------------------


def _cues_in(words: Words, a: int, b: int) -> list[tuple[int, int, Cue]]:
    """Every cue within words [a, b), as (first word, end, cue)."""
    found, starts = _sentence_cues(words)
    return [f for f in found[bisect_left(starts, a) : bisect_left(starts, b)] if f[1] <= b]


@per_sentence
def _sentence_cues(words: Words) -> tuple[tuple[CueMatch, ...], tuple[int, ...]]:
    """Every cue of the sentence, as (first word, end, cue), in order of their first words, and those
    first words: read once, as most words start none. A word's cues fit it already (`_word`): a cue of
    one word fits, a longer one is checked on."""
    n = len(words.low)
    found = tuple(
        (k, k + len(c.words), c)
        for k, candidates in enumerate(words.cues)
        if candidates and words.role[k] in "wvlgai"
        for c in candidates
        if len(c.words) == 1 or _cue_fits(words, k, n, c)
    )
    return found, tuple(f[0] for f in found)


def _cue_fits(words: Words, k: int, b: int, cue: Cue) -> bool:
    """Whether the cue's words are the words from k on (within b)."""
    n = len(cue.words)
    if k + n > b:
        return False
    last = n - 1
    forms = words.low if cue.exact else words.stem
    for m, w in enumerate(cue.words):
        stem = forms[k + m]
        if not (stem.startswith(w) if m == last and cue.prefix else stem == w):
            return False
    return True


def phrase_metric(words: Words, phrase: Phrase, unit: str = "") -> str | None:
    """The metric the phrase names, if any.

    A cue that covers the head names it (the longest), as does one that covers the head of a first
    conjunct ("tax revenue and fees"). A light head ("number", "volume", "increase", a unit, a count of
    people) passes to its complement ("the number of tourists"), then to the modifier right before it
    ("a wage increase"; not a possessor: "the industry's share" is no industry figure). A head that is
    neither names nothing, whatever its modifiers say ("dairy farms").
    """
    match = phrase_match(words, phrase, unit)
    return match[2].metric or None if match is not None else None


@per_sentence
def phrase_match(words: Words, phrase: Phrase, unit: str = "") -> CueMatch | None:
    """The cue that names the phrase's metric (see `phrase_metric`), or None."""
    a, h, b = phrase.a, phrase.h, phrase.b
    found = _usable_cues(words, a, b, unit)
    strong = [f for f in found if not f[2].weak]
    covering = [f for f in strong if f[0] <= h < f[1]] or [
        f for f in strong if f[1] < h and words.low[f[1]] in ("and", "or")
    ]
    if covering:
        best = max(covering, key=lambda f: f[1] - f[0])
        if best[2].metric in people_metrics():  # "residents resettled from emergency housing"
            said = [f for f in strong if f[0] > h and f[2].metric not in people_metrics()]
            return max(said, key=lambda f: f[1] - f[0]) if said else best
        return best
    # a bare cue names its metric only when the phrase stands for nothing else (`_by_default`)
    weak = [f for f in found if f[2].weak and not f[2].bare and f[0] <= h < f[1]]
    if not (weak or is_light(words, h) or words.stem[h] in grammar().generic):
        return None
    complement = _complement(words, h, b)
    # "the number of projects" counts them, whatever the figure's unit (a rank, a change)
    counted = "count" if words.stem[h] in grammar().count_heads else unit
    match = None if complement is None else phrase_match(words, complement, counted)
    if match is not None:
        return match
    owner = max((k + 1 for k in range(a, h) if words.low[k] == "'s"), default=a)
    modifier = [f for f in strong if owner <= f[0] and f[1] == h]
    if modifier:
        return max(modifier, key=lambda f: f[1] - f[0])
    return weak[0] if weak else None


def _usable_cues(words: Words, a: int, b: int, unit: str) -> list[tuple[int, int, Cue]]:
    """The cues within words [a, b) of metrics that a figure in `unit` can be of; a count takes any
    metric when none of them is counted ("1,308 homes")."""
    found = _cues_in(words, a, b)
    fitting = [f for f in found if _fits_unit(f[2].metric, unit)]
    return fitting if fitting or unit != "count" else found


def _complement(words: Words, h: int, b: int) -> Phrase | None:
    """The phrase that complements the head at h within b: "of tourists", "planted with orchards", or
    a participle that is a cue itself ("funds invested in the city"). A unit takes only "of" and "in"."""
    k = h + 1
    doing = k < b and words.role[k] == "i" and words.stem[h] in grammar().persons  # "people living below"
    if k < b and (words.role[k] in "vlg" or doing):
        if _cues_in(words, k, k + 1):
            return Phrase(k, k, k + 1)
        k += 1
    if k < b and words.role[k] in "fr" and (doing or _takes(words, h, words.low[k])):
        return noun_phrase(words, k + 1, b)
    return None


def _takes(words: Words, h: int, preposition: str) -> bool:
    """Whether the head at h takes a complement after the preposition."""
    if words.stem[h] in grammar().units:
        return preposition in ("of", "in")
    if preposition == "in" and words.stem[h] in grammar().shares and words.low[h - 1] in grammar().pointing:
        return False  # "its share in the GRP": the whole, of what "its" stands for ("our share in": ours)
    return preposition in ("of", "in", "for", "on", "with", "from", "into")


def is_light(words: Words, k: int) -> bool:
    """Whether word k names no thing of its own: a light noun, a unit or a count of people."""
    return words.stem[k] in grammar().light_units_persons


def _fits_unit(metric: str, unit: str) -> bool:
    """Whether a level in `unit` can be of the metric (tonnes of investment cannot; any change can)."""
    return unit in ("", "%", "x", "pp", "rank") or metric == NO_METRIC or unit in metrics()[metric].units


def _head(words: Words, phrase: Phrase, unit: str, how: str) -> Head:
    """The head of a phrase: its metric, or a reference back when it is light and names none."""
    metric = phrase_metric(words, phrase, unit)
    return Head(
        metric, phrase.a, phrase.b, phrase.h, how, words, metric is None and _bare_light(words, phrase)
    )


def _unmodified(words: Words, a: int, h: int) -> bool:
    """Whether the words [a, h) before a head leave it as it is: determiners, light and neutral words."""
    g = grammar()
    return all(
        words.role[k] != NOMINAL or words.stem[k] in g.light or words.low[k] in g.neutral for k in range(a, h)
    )


def _bare_light(words: Words, phrase: Phrase) -> bool:
    """Whether a phrase is a light noun with nothing of its own ("the figure", "the growth rate", "an
    increase"): it stands for a phrase elsewhere. "The construction sector" names its sector."""
    if not is_light(words, phrase.h) or phrase.b > phrase.h + 1:
        return False  # "the number of job openings" names its openings
    if words.stem[phrase.h] in grammar().sectors:  # "the construction sector" names its sector
        return all(words.role[k] != NOMINAL for k in range(phrase.a, phrase.h))
    return _unmodified(words, phrase.a, phrase.h)


# --- noun phrases ---------------------------------------------------------------------------------


def _in_chunk(words: Words, k: int, limit: int) -> bool:
    """Whether word k continues a run of nouns and adjectives: a nominal word, or a participle before
    one ("allocated hospital beds"), or "and"/"or" between two ("regional and local roads"), or a year
    after a determiner or possessor ("the Republic's 2015 budget")."""
    r = words.role[k]
    if r == NOMINAL:
        return True
    nxt = words.role[k + 1] if k + 1 < limit else "p"
    if r == "n":
        return nxt == NOMINAL and k > 0 and words.role[k - 1] == "d" and is_year(words, k)
    if r == "a":  # "the average monthly salary": an adjective in -ly that is also an adverb
        return nxt == NOMINAL and words.low[k] in grammar().ly_adjectives
    if r in "vlg":
        return nxt == NOMINAL and is_participle(words.low[k])
    return (
        r == "c"
        and words.low[k] in ("and", "or")
        and k > 0
        and words.role[k - 1] == NOMINAL
        and nxt == NOMINAL
    )


def is_participle(word: str) -> bool:
    """Whether a verb form is a past participle ("allocated", "built", "sown"), which may modify a noun."""
    base = grammar().base_of.get(word)
    if base is None:
        return word.endswith("ed")
    return word not in verb_forms(base)[:2] and not word.endswith("ing")


@per_sentence
def noun_phrase(words: Words, k: int, limit: int | None = None) -> Phrase | None:
    """The noun phrase starting at word k.

    Determiners and possessives come first ("the region's"); the head is the last word of the run of
    nouns after them; a light or cue head takes its complement ("the number of tourists", "investment
    in fixed capital", "the area planted with orchards").
    """
    stop = min(len(words.low), k + MAX_PHRASE) if limit is None else min(limit, len(words.low))
    a = k
    while k < stop and words.role[k] in "da":
        k += 1
    for opener in grammar().openers:  # "per capita industrial output"
        if words.low[k : k + len(opener)] == opener:
            k += len(opener)
    end = k
    while end < stop and _in_chunk(words, end, stop) and not _time_phrase(words, end, stop):
        end += 1
        if end < stop and words.low[end] == "'s":  # "the region's own debt": a possessor, then the phrase
            end += 1
    while end > k and words.role[end - 1] in "vlgc":  # a participle before a time phrase modifies nothing
        end -= 1
    if end == k or words.low[end - 1] == "'s":
        return None
    return Phrase(a, end - 1, _complement_end(words, end - 1, end, stop))


def _time_phrase(words: Words, k: int, stop: int) -> bool:
    """Whether a time phrase starts at word k ("last year", "this month"): no noun phrase runs into it
    ("16 million tonnes of oil last year")."""
    return k + 1 < stop and words.low[k] in grammar().time_openers and words.stem[k + 1] in grammar().times


def _complement_end(words: Words, h: int, end: int, stop: int) -> int:
    """Where a head's complement ends: "of"/"in"/"for"/"on" + a noun phrase, or a participle with one
    ("planted with orchards"); only a light or cue head takes one."""
    if end >= stop or not (is_light(words, h) or words.stem[h] in cue_nouns()):
        return end
    k = end
    doing = False
    if words.role[k] in "vlgi" and _participle_of(words, h, k) and k + 1 < stop:
        k += 1  # "funds invested in", "the area planted with", "people living below"
        doing = words.role[k - 1] == "i"
    if words.role[k] in "fr" and (doing or _takes(words, h, words.low[k])):
        nested = noun_phrase(words, k + 1, stop)
        if nested is not None:
            return nested.b
    return end


def _participle_of(words: Words, h: int, k: int) -> bool:
    """Whether the verb form at k is a participle that complements the head at h: a past participle
    ("funds invested in"), or for people, what they are doing ("people living below the poverty
    line"), not what was done to them ("families relocated to")."""
    if words.stem[h] in grammar().persons:
        return words.role[k] == "i"
    return words.role[k] != "i" and is_participle(words.low[k])


def np_ending(words: Words, end: int) -> Phrase | None:
    """The noun phrase that ends right before word `end` ("a grain harvest" before "of 1.2 million")."""
    k = end
    role = words.role
    while k > 0 and end - k < MAX_PHRASE:
        r = role[k - 1]
        if r == "d" and words.low[k - 1] != "'s":
            k -= 1  # a determiner opens the phrase: "a total" in "worth a total of"
            break
        inside = r in "wa" or words.low[k - 1] == "'s" or (r in "vlgc" and _in_chunk(words, k - 1, end))
        linking = (
            r in "fr"
            and k >= 2
            and role[k - 2] == NOMINAL
            and words.low[k - 1] in ("of", "in", "for", "from")
        )
        if not (inside or linking):
            break
        k -= 1
    while k < end and role[k] == "a":
        k += 1
    return noun_phrase(words, k, end) if k < end else None


# --- clauses --------------------------------------------------------------------------------------


def verb_before(words: Words, p: int) -> int | None:
    """The verb whose argument the figure after word p is ("reached", "grew by", "is expected to reach",
    "has gone from 4.5 tons to"), or None when the words before the figure are no verb group."""
    g = grammar()
    k = p
    while k >= 0 and p - k < 8:
        r = words.role[k]
        if r in "lgvxi":
            return k - 1 if words.low[k] in ("up", "down") and k and words.role[k - 1] in "lgvi" else k
        if words.low[k] in g.paired and (f := _from_before(words, k)) is not None:
            k = f - 1  # "has gone from 4.5 tons to", "was up by 300,000 from"
            continue
        if r == "c" and words.low[k] in ("and", "or") and words.role[k + 1] == "r":
            # "grew by 40 percent and by another 17": the verb of the clause before
            return next((m for m in range(k - 1, max(-1, k - 12), -1) if words.role[m] in "lgvxi"), None)
        if words.low[k] not in g.verb_group and r not in "ar" and not is_year(words, k):
            return None
        k -= 1
    return None


def _from_before(words: Words, to: int) -> int | None:
    """The "from" of "from 4.5 tons in 2007 to" (or the "by" of "by 300,000 from"), a few words before."""
    opener = grammar().paired[words.low[to]]
    for k in range(to - 1, max(-1, to - 8), -1):
        if words.low[k] == opener:
            return k
        if words.role[k] in "pclgvx" and words.low[k] not in ("–", "-"):
            return None
    return None


def _group_start(words: Words, v: int) -> int:
    """The first word of the verb group that ends with the verb at v ("has already been", "went up")."""
    g = grammar()
    k = v
    while k > 0 and (
        words.role[k - 1] in "xa" or words.low[k - 1] in g.verb_group or words.role[k - 1] in "lg"
    ):
        if words.role[k - 1] == "d" and words.role[k] in "lgvx":
            break  # "This is": a demonstrative right before a verb is its subject ("has this year reached")
        k -= 1
    return k


def _clause_start(words: Words, v: int) -> int:
    """The first word of the clause whose verb group starts at word v: after the last mark, clause
    word or finite verb before it (an aside in brackets is passed over). A relative "which" or "that"
    right before a verb is the clause's first word, its subject."""
    role = words.role
    k = v - 1
    while k >= 0 and v - k < MAX_CLAUSE:
        r, w = role[k], words.low[k]
        if w == ")" or (w in ("–", "—") and _opening_bracket(words, k) < k):
            k = _opening_bracket(words, k) - 1
            continue
        if (r == "p" and w not in ("-", "/")) or (r == "c" and not _joins_nouns(words, k)):
            return k + 1
        if r in "lgvx" and not (_in_chunk(words, k, v) or _reduced_relative(words, k)):
            return k + 1
        if r == "o" and w in ("which", "that", "who"):  # "which is", "which, including X, is"
            relative = k + 1 < len(role) and (role[k + 1] in "xlgva" or (w == "which" and role[k + 1] == "p"))
            return k if relative else k + 1
        k -= 1
    return k + 1


def _reduced_relative(words: Words, k: int) -> bool:
    """A past participle after a noun and before a preposition is no verb of its own: "the volume of
    funds invested in the city has grown"."""
    return (
        0 < k < len(words.low) - 1
        and words.role[k - 1] == NOMINAL
        and words.role[k + 1] in "rf"
        and is_participle(words.low[k])
    )


def _opening_bracket(words: Words, k: int) -> int:
    """The "(" of the ")" at k, or the dash that opens an aside closed by the dash at k (within a few
    words); k itself when there is none."""
    opening, reach = ("(", MAX_CLAUSE) if words.low[k] == ")" else (words.low[k], 6)
    for m in range(k - 1, max(-1, k - reach), -1):
        if words.low[m] == opening:
            return m
    return k


def _joins_nouns(words: Words, k: int) -> bool:
    """Whether the "and"/"or" at k joins two nouns ("tax revenue and fees") rather than two clauses: not
    after the object of a verb ("the sector has produced results and the number of farms has grown")."""
    return (
        words.low[k] in ("and", "or")
        and k >= 1
        and words.role[k - 1] == NOMINAL
        and (k < 2 or words.role[k - 2] != "n")
        and k + 1 < len(words.low)
        and words.role[k + 1] in "wd"
        and not (words.role[k + 1] == "d" and _after_object(words, k))
    )


def _after_object(words: Words, k: int) -> bool:
    """Whether the noun phrase before word k is the object of a finite verb of its clause."""
    for m in range(k - 1, max(-1, k - MAX_PHRASE), -1):
        r = words.role[m]
        if r in "lgvx":  # "has attracted new investors and": a verb after an auxiliary is no participle
            return not _in_chunk(words, m, k) or (m > 0 and words.role[m - 1] == "x")
        if r in "pc":
            return False
    return False


def _skip_intro(words: Words, k: int, v: int) -> int:
    """The first word after the clause's opening times and links ("Last year", "In 2024", "Today").
    After "with" comes the subject of a verb without a tense ("with the GRP growing by 1.5 percent")."""
    g = grammar()
    while k < v:
        r, w = words.role[k], words.low[k]
        if w in g.absolute:
            return k + 1
        if r == "d" and k + 1 == v:
            break  # "This is 15 percent more": a demonstrative right before the verb is its subject
        if r == "r" and not _opens_phrase(words, k):  # "In the first quarter", "Over the past five years"
            np = noun_phrase(words, k + 1, v)
            k = k + 1 if np is None else np.b
        elif w in g.intro_words or r in "na" or (r == "p" and w != "("):
            k += 1
        else:
            break
    return k


def _opens_phrase(words: Words, k: int) -> bool:
    """Whether a phrase opener starts at word k ("per capita investment": no preposition)."""
    return any(words.low[k : k + len(o)] == o for o in grammar().openers)


Subject = Phrase | int | None


@per_sentence
def subject(words: Words, v: int, steps: int = 3) -> Subject:
    """The subject of the verb at word v: a noun phrase, or the index of a pronoun that stands for it,
    or None. Past an aside (", in comparable prices,") it is the phrase before it; a clause with no
    subject of its own ("and is 21 percent") takes the previous clause's."""
    v0 = _group_start(words, v)
    cs = _clause_start(words, v0)
    found = _subject_in(words, cs, v0)
    if found is not None or not steps or cs == 0:
        return found
    boundary = cs - 1
    if words.role[boundary] == "p":
        before = _clause_start(words, _group_start(words, boundary))
        if before > 0 and words.role[before - 1] in "lgvx":  # "reached 1.1 million square metres, up 12
            return subject(words, before - 1, steps - 1)  # percent": the object's verb's subject
        return subject(words, boundary, steps - 1)
    prev = next((k for k in range(boundary - 1, -1, -1) if words.role[k] in "lgvx"), None)
    return None if prev is None else subject(words, prev, steps - 1)


def _subject_in(words: Words, k: int, v: int) -> Subject:
    k = _skip_intro(words, k, v)
    if k >= v:
        return None
    if words.role[k] in "oe" or (words.role[k] == "d" and k + 1 == v):
        return k
    return noun_phrase(words, k, v)


# --- the head phrase ------------------------------------------------------------------------------


def find_head(words: Words, i: int, j: int, kind: str, unit: str) -> Head | None:
    """The head phrase of the figure at words [i, j) and its metric, from its own sentence.

    None when the sentence gives no phrase; a head that `refers` when the phrase is a pronoun
    or a light noun that names nothing ("It grew", "an increase of"): `resolve` reads what it stands for.
    """
    if kind == "percent" and (shared := _share_of_pronoun(words, j, unit)) is not None:
        return shared
    after = _after_phrase(words, i, j, kind)
    light = None
    if after is not None:
        head = _head(words, after, unit, "after")
        if kind == "count":
            head = _count_of(words, i, after, head, unit)
        head = _said_of(words, after, head, kind, unit)
        if kind == "percent":
            head = _share_taken(words, i, head)
        named = head.metric is not None or not is_light(words, after.h)
        if named and not (head.metric and _share_of_subject(words, i, j, kind, unit)):
            return head
        # a count of people or of units names nothing by itself, and stands for no earlier phrase
        light = head.replaced(head.metric, refers=False) if kind == "count" else head
        if kind == "count" and (places := _places_of(words, i) or _dwellers(words, i, after)) is not None:
            return places
        j = max(j, after.b)
    found = _passive(words, j, unit) or _before(words, i, j, unit) or light
    if light is not None and found is not None and found.metric is None and not found.refers:
        found = _by_default(words, light, unit) or found  # "a factory that doubled its output"
    # a place's subject is the region, which names no metric: the rating named around it may
    unnamed = found is None or (kind == "rank" and found.metric is None and not found.refers)
    if unnamed and (fallback := _FALLBACKS.get(kind)) is not None:
        return fallback(words, i, j, unit) or found
    return found


def _rank_fallback(words: Words, i: int, j: int, unit: str) -> Head | None:
    """A place with no phrase of its own: "In terms of investment, the region ranks 20th"."""
    return _topic(words, i, unit) or _ranked_before(words, i) or _ranked_alongside(words, i)


def _amount_fallback(words: Words, i: int, j: int, unit: str) -> Head | None:
    """An amount with no phrase of its own: "400 billion rubles in investment", "brought 31 billion
    rubles to the regional budget"."""
    return _in_phrase(words, j, unit) or _destination(words, j, unit)


def _destination(words: Words, j: int, unit: str) -> Head | None:
    """Money brought or paid to a phrase of a metric that takes it in (`destinations` in the cue table):
    "brought 31 billion rubles to the regional budget" is its revenue. Only one budget, the region's:
    "transferred 500 billion rubles to the budgets of all levels" is none."""
    takes_in = destinations()
    if j + 1 >= len(words.low) or words.low[j] not in takes_in:
        return None
    np = noun_phrase(words, j + 1)
    if np is None or words.stem[np.h] != words.low[np.h]:
        return None
    metric = phrase_metric(words, np, unit)
    return Head(metric, np.a, np.b, np.h, "to", words) if metric in takes_in[words.low[j]] else None


def _percent_fallback(words: Words, i: int, j: int, unit: str) -> Head | None:
    """A share with no phrase of its own: "70 percent of that is social spending"."""
    return _predicate(words, j, unit)


def _elided(words: Words, i: int, j: int, unit: str) -> Head | None:
    """A count whose noun is left out, after a count that has it ("there were 32,000 students; now there
    are 42,000", "was 2,500 a day, now we conduct 150,000 a day"): it counts what that one counts."""
    n, units, times = len(words.low), grammar().units, grammar().times
    k = j + 1 if j + 1 < n and words.role[j] == "d" else j  # "150,000 a day"
    if k < n and words.role[k] in "wd" and words.stem[k] not in times and not _time_phrase(words, k, n):
        return None  # a noun of its own that names nothing
    for k in range(i - 1, max(-1, i - MAX_CLAUSE), -1):
        if _is_figure_number(words, k) and (k + 1 == i or words.role[k + 1] != "n"):
            after = words.stem[k + 1] if k + 1 < len(words.low) else ""
            counted = after not in units or after == "per"
            return Head(None, k, k + 1, k, "elided", words, True) if counted else None
    return None


# What a figure of each kind is, when neither its own phrase nor its verb says.
_FALLBACKS: Final[dict[str, Callable[[Words, int, int, str], Head | None]]] = {
    "rank": _rank_fallback,
    "amount": _amount_fallback,
    "percent": _percent_fallback,
    "count": _elided,
}


def _share_of_pronoun(words: Words, j: int, unit: str) -> Head | None:
    """A share of a pronoun whose predicate names a metric: "60 percent of which is spent on social
    programmes" (the predicate, not the figure the pronoun stands for)."""
    n = len(words.low)
    return (
        _predicate(words, j, unit)
        if j + 1 < n and words.role[j] == "f" and words.role[j + 1] == "o"
        else None
    )


def _predicate(words: Words, j: int, unit: str) -> Head | None:
    """The complement of "be" after a share whose of-phrase is a pronoun: "70 percent of that is
    social spending" is a spending figure, "60 percent of which is spent" too."""
    k, n = j, len(words.low)
    if k + 2 < n and words.role[k] == "f" and words.role[k + 1] == "o":
        k += 2
        passive = _passive(words, k, unit)
        if passive is not None and passive.how == "passive":
            return passive
    if k + 1 < n and grammar().base_of.get(words.low[k]) == "be":
        np = noun_phrase(words, k + 1)
        if np is not None and (metric := phrase_metric(words, np, unit)) is not None:
            return Head(metric, np.a, np.b, np.h, "predicate", words)
    return None


def _own_unit(words: Words, i: int, j: int, unit: str) -> Head | None:
    """A unit that names its metric itself ("150 MW": generating capacity)."""
    found = _cues_in(words, i, j)
    return (
        Head(found[0][2].metric, i, j, found[0][0], "unit", words) if found and found[0][2].metric else None
    )


def _after_phrase(words: Words, i: int, j: int, kind: str) -> Phrase | None:
    """The phrase after the figure that says what it quantifies: the counted noun of a count, the
    of-phrase of a quantity ("4,000 tonnes of meat"), the light noun it modifies ("a 5 percent rise in
    exports"), or what a place is in ("fifth place in investment")."""
    j = _past_partner(words, j)
    if kind == "count":
        return _counted(words, i, j)
    if kind == "rank":
        return _ranked(words, j)
    return _quantity_phrase(words, j, kind)


def _past_partner(words: Words, j: int) -> int:
    """The word after a figure and what it shares its noun with: "1 percent and 1.7 percent increases
    in investment", "2 trillion rubles’ worth of goods"."""
    n = len(words.low)
    if j < n and words.low[j] in ("'", "’"):
        return j + 1
    if j + 1 < n and words.low[j] in ("and", "or", "to") and words.role[j + 1] == "n":
        b = _number_run(words, j + 1)[1]
        if b < n and words.low[b] == words.low[j - 1]:
            return b + 1  # the same unit after both: what follows is both figures' noun
    return j


def _quantity_phrase(words: Words, j: int, kind: str) -> Phrase | None:
    """What a quantity is of: "of meat", "worth of goods", "in investment" (when that names a metric),
    the light noun it modifies ("a 9.5 percent increase"), or the object of a change ("double the GRP")."""
    n = len(words.low)
    if j >= n:
        return None
    w, r = words.low[j], words.role[j]
    if r == "f" or (w == "worth" and j + 1 < n and words.role[j + 1] == "f"):
        return noun_phrase(words, j + 1 if r == "f" else j + 2)
    np = noun_phrase(words, j) if r in "wd" else None
    if np is None or words.stem[np.h] in grammar().times:
        return None
    # "a 9.5 percent increase"; a change's object: "double the GRP", "raised by 10 percent the wages";
    # a share of what it modifies: "with 100 percent foreign investment"
    if is_light(words, np.h) or (kind == "change" and _change_before(words, j)):
        return np
    return np if kind == "percent" and r == NOMINAL and phrase_metric(words, np) is not None else None


def _change_before(words: Words, j: int) -> bool:
    """Whether the figure ending before word j is the change of a verb before it whose object follows
    ("double" the GRP; "raised by 10 percent" the wages)."""
    if words.role[j - 1] in "gv":
        return True
    k = next((m for m in range(j - 1, max(-1, j - 6), -1) if words.low[m] == "by"), None)
    return k is not None and k > 0 and words.role[k - 1] in "gv"


def _ranked(words: Words, j: int) -> Phrase | None:
    """What a place is of: the noun after it ("the second-largest meat producer", "one of the top three
    fish farming regions"), else the first phrase after it that names a metric ("fifth place in the
    country in the national investment climate rankings")."""
    if j < len(words.low) and words.role[j] == NOMINAL:
        np = noun_phrase(words, j)
        if np is not None and words.stem[np.h] in grammar().rank_heads and np.h > np.a:
            np = Phrase(np.a, np.h - 1, np.h)  # "fish farming regions": the regions' trade
        if np is not None and phrase_metric(words, np) is not None:
            return np
    return _ranked_in(words, j)


def _counted(words: Words, i: int, j: int) -> Phrase | None:
    """The counted noun phrase of a count: the words after its number ("600 new beds", "two ice
    arenas"). The counted noun is its first plural ("20 companies produce masks" ends at "companies")."""
    g = grammar()
    k = max((n for n in range(i, j) if words.role[n] == "n"), default=j - 1) + 1
    while k < len(words.low) and words.low[k] in g.count_modifiers:
        k += 1
    np = noun_phrase(words, k)
    if np is None or words.stem[np.h] in g.times or words.stem[np.a] in g.times:
        return None
    for p in range(np.a, np.h):
        plural = words.stem[p] != words.low[p] or words.stem[p] in g.persons
        if plural and words.role[p] == NOMINAL and words.role[p + 1] != "f":
            # a cue that runs on past the plural keeps it whole: "54 sports facilities"
            p = max((c[1] - 1 for c in _cues_in(words, np.a, np.b) if c[0] <= p < c[1] - 1), default=p)
            return Phrase(np.a, p, _complement_end(words, p, p + 1, len(words.low)))
    return np


def _count_of(words: Words, i: int, np: Phrase, head: Head, unit: str) -> Head:
    """The head of a count from its counted noun: none for a list of several metrics ("17 schools,
    kindergartens and nurseries"); for places, what reaches them (`_reach`)."""
    if _mixed_list(words, np, head.metric):
        return head.replaced(None, head.refers)
    if head.metric is None and words.stem[np.h] in grammar().places:
        return _reach(words, i, unit) or head
    if head.metric is None and words.stem[np.h] in grammar().generic:
        return _what_for(words, np, unit) or head
    if head.metric is None and words.stem[np.h] in grammar().companies:
        return _what_they_do(words, np) or head
    return head


def _said_of(words: Words, after: Phrase, head: Head, kind: str, unit: str) -> Head:
    """What the clause after a figure's phrase says of it, when that phrase is people (or a share of a
    whole) and the clause names a metric: a passive verb of a metric ("60 percent of the budget is
    spent on social programmes": spending; "600,000 people have been vaccinated"), what they are
    provided with or counted as ("30,000 residents were provided with drinking water": utilities), or
    what they receive or have ("90 percent of the population has access to gas": gas supply; "1 million
    people underwent medical check-ups")."""
    people = head.metric in people_metrics() or (
        head.metric is None and words.stem[after.h] in grammar().persons
    )
    if not people and (kind != "percent" or head.metric is None):
        return head
    found = _passive(words, after.b, unit)
    if found is None or found.metric in people_metrics() or (not people and found.how != "passive"):
        found = _received(words, after.b, unit) if people else None
    return head if found is None or found.metric is None else found


def _share_taken(words: Words, i: int, head: Head) -> Head:
    """A share (at word i) that is the object of a verb of a metric is a figure of that verb's metric,
    whatever it is a share of: "The region spends 40 percent of its budget on education" (spending, not
    revenue), "we export 60 percent of our grain"."""
    if head.metric is None or i == 0:
        return head
    v = verb_before(words, i - 1)
    metric = None if v is None else verb_metrics().get(words.low[v])
    return head if v is None or metric is None else Head(metric, v, v + 1, v, "verb", words)


def _received(words: Words, k: int, unit: str) -> Head | None:
    """The first metric a verb of receiving or having after word k names in its clause ("underwent
    medical check-ups", "has access to gas"), for people that are its subject."""
    g, n, v = grammar(), len(words.low), -1
    while k < n and words.role[k] in "xa":
        v = k if words.role[k] == "x" else v
        k += 1
    v = k if k < n and words.role[k] in "vlgVLG" else v  # the main verb, or "has" of "has access"
    if v < 0 or g.base_of.get(words.low[v]) not in g.receiving:
        return None
    k = v + 1
    end = next((m for m in range(k, n) if words.role[m] in "pc" or _is_figure_number(words, m)), n)
    if end < n and words.role[end] == "n":
        return None  # the object is a figure of its own: "600,000 residents have 300 buses"
    return next(
        (
            Head(cue.metric, a, b, a, "received", words)
            for a, b, cue in _cues_in(words, k, end)
            if not cue.weak
            and cue.metric
            and cue.metric not in people_metrics()
            and _fits_unit(cue.metric, unit)
        ),
        None,
    )


def _clause_end(words: Words, k: int) -> int:
    """The first punctuation mark or conjunction from word k on: where its clause ends (the sentence's
    end when there is none)."""
    n = len(words.low)
    return next((m for m in range(k, n) if words.role[m] in "pc"), n)


def _what_they_do(words: Words, np: Phrase) -> Head | None:
    """Companies counted as the subject of a clause that names what a metric's agents do (`agents` in
    the cue table): "About 40 new enterprises entered export markets" counts exporters."""
    n, doers = len(words.low), agents()
    if np.b >= n or words.role[np.b] not in "xlgvLGV":
        return None
    end = _clause_end(words, np.b)
    return next(
        (
            Head(doers[cue.metric], np.a, np.b, np.h, "agents", words)
            for _, _, cue in _cues_in(words, np.b, end)
            if cue.metric in doers
        ),
        None,
    )


def _what_for(words: Words, np: Phrase, unit: str) -> Head | None:
    """What a relative clause after built things of any kind says they are ("two sites that will
    provide housing"): the first cue of the clause."""
    n, relative = len(words.low), grammar().relative_words
    # past the phrase's own measure: "698 buildings with an area of 250,000 square metres whose residents"
    k = next(
        (m for m in range(np.b, min(n, np.b + 6)) if words.low[m] in relative or words.role[m] not in "wnfr"),
        n,
    )
    if k >= n or words.low[k] not in relative:
        return None
    end = _clause_end(words, k + 1)
    found = [
        f
        for f in _usable_cues(words, k + 1, end, unit)
        if not f[2].weak and f[2].metric not in people_metrics()
    ]
    return (
        None
        if not found or not found[0][2].metric
        else Head(found[0][2].metric, *found[0][:2], found[0][0], "for", words)
    )


def _reach(words: Words, i: int, unit: str) -> Head | None:
    """What a count of places after a preposition of place measures the reach of: the verb of the
    phrase before it, when that names a metric ("exports its products to 27 countries"), or that phrase
    ("sports grounds in 12 districts", "bringing water supply to 300 settlements")."""
    p = i - 1
    if p < 1 or words.low[p] not in grammar().place_prepositions:
        return None
    k = p
    while k > 0 and words.role[k - 1] == NOMINAL and p - k < MAX_PHRASE:
        k -= 1
    v = k - 1
    while v >= 0 and words.role[v] == "d":
        v -= 1
    metric = verb_metrics().get(words.low[v]) if v >= 0 else None
    if metric is not None:
        return Head(metric, v, v + 1, v, "reach", words)
    np = noun_phrase(words, k, p) if k < p else None
    metric = None if np is None else phrase_metric(words, np, unit)
    return None if np is None or metric is None else Head(metric, np.a, np.b, np.h, "reach", words)


def _mixed_list(words: Words, np: Phrase, metric: str | None) -> bool:
    """Whether a counted noun heads a list of plural nouns of other metrics ("17 schools, kindergartens
    and nurseries"): the count is of them all, which names no one metric."""
    k = np.b
    if metric is None or k + 1 >= len(words.low) or words.low[k] not in (",", "and", "or"):
        return False
    other = noun_phrase(words, k + 1)
    return (
        other is not None
        and words.stem[other.h] != words.low[other.h]
        and phrase_metric(words, other) not in (None, metric)
    )


def _ranked_in(words: Words, j: int) -> Phrase | None:
    """What a place is in: the first of the phrases after it that names a metric ("fifth place in the
    country in the national investment climate rankings", "ranks first in flax sown area")."""
    k, n = j, len(words.low)
    for _ in range(4):
        while k < n and words.role[k] not in "rf":
            if words.role[k] in "pcx" or k - j > 12:
                return None
            k += 1
        np = noun_phrase(words, k + 1) if k < n else None
        if np is None:
            return None
        if phrase_metric(words, np) is not None:
            return np
        k = np.b
    return None


def _ranked_before(words: Words, i: int) -> Head | None:
    """A place given in a rating named before it: "In the investment climate rating, the region took
    fourth place"."""
    for k in range(i - 1, -1, -1):
        if words.low[k] == "in" and (np := noun_phrase(words, k + 1, i)) is not None:
            metric = phrase_metric(words, np)
            if metric is not None:
                return Head(metric, np.a, np.b, np.h, "rating", words)
    return None


def _dwellers(words: Words, i: int, np: Phrase) -> Head | None:
    """A count of people that a place has or is home to, with nothing more said of them, is its
    population: "We have 1.5 million people", "The region is home to 1.1 million people"."""
    g, n = grammar(), len(words.low)
    if words.stem[np.h] not in g.persons or np.b != np.h + 1 or (np.b < n and words.role[np.b] not in "pc"):
        return None
    p = i
    while p > 0 and words.low[p - 1] in g.lead_words:
        p -= 1
    phrase = next((ph for ph in g.home_phrases if tuple(words.low[max(0, p - len(ph)) : p]) == ph), None)
    if phrase is None or p - len(phrase) < 1:
        return None
    v = p - len(phrase) if len(phrase) > 1 else p - 1  # "is home to": the verb before "home"
    s = subject(words, v if words.role[v] in "lgvx" else v - 1)
    k = s if isinstance(s, int) else s.h if isinstance(s, Phrase) else -1
    metric = next(iter(people_metrics()), None)
    if k < 0 or words.stem[k] not in g.home_subjects or metric is None:
        return None
    return Head(metric, np.a, np.b, np.h, "home", words)


def _places_of(words: Words, i: int) -> Head | None:
    """A count of people that facilities are built for is their places: "108 kindergartens for 14,000
    children", "a school for 900 pupils"; those that support is for, its recipients: "benefits kept for
    500,000 people" (the metrics that count people so: `places` in the cue table)."""
    if i < 2 or words.low[i - 1] != "for":
        return None
    # "benefits (were) maintained for 500,000 people": the benefits
    end = (
        _group_start(words, i - 2)
        if words.role[i - 2] in "vlg" and is_participle(words.low[i - 2])
        else i - 1
    )
    np = np_ending(words, end)
    metric = None if np is None else places_metric().get(phrase_metric(words, np, "count") or "")
    return None if np is None or metric is None else Head(metric, np.a, np.b, np.h, "places", words)


def _ranked_alongside(words: Words, i: int) -> Head | None:
    """A place that leaves out its noun after "and" takes the noun of the place before it ("the
    largest grower of flax in the district and the second largest in the country")."""
    k = i - 1
    while k >= 0 and words.role[k] == "d":
        k -= 1
    if k < 1 or words.low[k] not in ("and", "or", ","):
        return None
    for m in range(k - 1, max(-1, k - MAX_PHRASE - 5), -1):
        if words.role[m] == "p" and words.low[m] != ",":
            return None
        if words.low[m] in SUPERLATIVES or words.low[m] in ORDINALS:
            np = _ranked(words, m + 1)
            metric = None if np is None else phrase_metric(words, np)
            return (
                None if np is None or metric is None else Head(metric, np.a, np.b, np.h, "alongside", words)
            )
    return None


def _share_of_subject(words: Words, i: int, j: int, kind: str, unit: str) -> bool:
    """A share after a level verb is the subject's: "debt has fallen to 12 percent of own revenues"."""
    if kind != "percent" or j >= len(words.low) or words.role[j] != "f":
        return False
    if i > 1 and words.low[i - 1] == "or" and _restates(words, _figure_before(words, i - 1), i - 1):
        return True  # "20 billion rubles, or 30 percent of own revenues": that figure's share
    v = _level_verb_before(words, i)
    s = None if v is None else subject(words, v)
    return isinstance(s, Phrase) and phrase_metric(words, s, unit) is not None


def _level_verb_before(words: Words, i: int) -> int | None:
    """The level or change verb that governs the figure at word i ("is", "has fallen to"), if any:
    no other verb, and no verb of having ("has 40 percent of")."""
    v = verb_before(words, i - 1)
    if v is None or words.role[v] == "v" or grammar().base_of.get(words.low[v]) in ("have",):
        return None
    return v


def _subject_share(words: Words, found: Head, i: int, j: int, kind: str, unit: str, before: str) -> Head:
    """A share after a level verb whose subject is a pronoun is what the pronoun stands for, when that
    names a metric ("And the debt? - It is 45 percent of own revenues")."""
    if kind != "percent" or found.how != "after" or j >= len(words.low) or words.role[j] != "f":
        return found
    v = _level_verb_before(words, i)
    s = None if v is None else subject(words, v)
    if not isinstance(s, int) or words.low[s] in grammar().speakers:
        return found
    meant = resolve(words, Head(None, s, s + 1, s, "pronoun", words, True), j, unit, before)
    if (meant is None or meant.metric is None) and before:
        # "The region has increased its development budget. In 2012, it was 9 percent of the budget"
        said = last_sentence(before)
        meant = None if said is None else _first_named(said, unit, "previous", last=True)
    return meant if meant is not None and meant.metric is not None else found


def _passive(words: Words, j: int, unit: str) -> Head | None:
    """A verb after the figure that governs it: "60 billion was allocated", "people unemployed"."""
    g = grammar()
    k = j
    while k < len(words.low) and k - j < 4 and (words.role[k] in "xa" or words.low[k] in g.verb_group):
        k += 1
    if k >= len(words.low):
        return None
    metric = _passive_metric(words, k) if k > j and words.role[k - 1] == "x" else None
    if metric is None and words.role[k] in "wv" and words.low[k].endswith("ed"):
        # a participle that is a cue: "people unemployed", "households supplied with gas"
        cue = next(
            (f[2] for f in _cues_in(words, k, min(k + 4, len(words.low))) if f[0] == k and not f[2].prefix),
            None,
        )
        metric = cue.metric if cue is not None else None
    if metric is not None and _fits_unit(metric, unit):
        return Head(metric, k, k + 1, k, "passive", words)
    if words.role[k] in "vl" and k + 1 < len(words.low) and words.low[k + 1] in g.passive_complements:
        # "880,000 people are covered by social support measures", "were provided with certificates"
        agent = noun_phrase(words, k + 2)
        if agent is not None and (metric := phrase_metric(words, agent, unit)) is not None:
            return Head(metric, agent.a, agent.b, agent.h, "agent", words)
    return None


def _passive_metric(words: Words, k: int) -> str | None:
    """The metric of the passive verb at k, alone or with its particle ("were allocated", "have been
    made available")."""
    found = verb_metrics().get(words.low[k])
    if found is None and k + 1 < len(words.low):
        found = verb_metrics().get(f"{words.low[k]} {words.low[k + 1]}")
    return found


def _before(words: Words, i: int, j: int, unit: str) -> Head | None:
    """The head phrase from the words before the figure: the noun it complements, the verb that governs
    it (or that verb's subject), or a noun phrase with no verb between. A verb inside the figure
    ("almost doubled", "exceeded 359 billion") governs it."""
    g = grammar()
    # a verb inside the figure governs it, unless a determiner makes it an adjective ("an estimated 7 billion")
    inner = next((k for k in range(i, j) if words.role[k] in "lgi" and words.role[k - 1 : k] != "d"), None)
    if inner is not None:
        return _inner_verb(words, i, inner, unit)
    p = i - 1
    while p >= 0 and words.low[p] in g.lead_words:
        p -= 1
    if p < 0:
        return None
    light = None
    if words.role[p] == "f":  # "a grain harvest of 1.2 million tonnes"
        np = np_ending(words, p)
        if np is not None:
            light = _head(words, np, unit, "of")
            if light.metric is None and not light.refers:
                light = _act_of(words, np, unit) or light
            if not light.refers:
                return light
            p = np.a - 1
    v = verb_before(words, p) if p >= 0 else None
    if v is not None:
        return _governed(words, v, unit, light)
    if light is not None and words.low[p] not in ("worth", "for"):
        return light  # "an increase of 14 percent": what it hangs on, not a figure beside it
    return _verbless(words, p, unit) or light


def _act_of(words: Words, np: Phrase, unit: str) -> Head | None:
    """The noun of an act whose agent comes before its of-phrase ("allocation by the region of 1.5
    billion rubles": the allocation's, not the region's)."""
    k = np.a - 1
    if k < 1 or words.low[k] not in grammar().agent_prepositions or words.role[k - 1] != NOMINAL:
        return None
    act = np_ending(words, k)
    found = None if act is None else _head(words, act, unit, "of")
    return found if found is not None and found.metric is not None else None


def _inner_verb(words: Words, i: int, v: int, unit: str) -> Head | None:
    """A figure that holds its verb: the verb's subject is measured ("the GRP has almost doubled"); after
    a comma, a participle restates the figure before ("by 40 percent, exceeding 70 billion")."""
    if words.role[v] == "i" and i > 0 and words.low[i - 1] == ",":
        return _verbless(words, i - 1, "")
    if words.role[v] == "i" and i > 0 and words.role[i - 1] == NOMINAL:
        np = np_ending(words, i)  # "a plant with investment exceeding 10 billion"
        if np is not None:
            return _head(words, np, unit, "subject")
    return _governed(words, v, unit, None)


def _governed(words: Words, v: int, unit: str, light: Head | None) -> Head | None:
    """The head of a figure that belongs to the verb at v: the verb's own metric ("invested"), else,
    for a level or change verb (or any verb of a light object: "posted a 6.5 percent growth"), its
    subject."""
    metric = verb_metrics().get(words.low[v])
    if metric is not None and _fits_unit(metric, unit):
        return Head(metric, v, v + 1, v, "verb", words)
    role, base = _verb_role(words, v), grammar().base_of.get(words.low[v])
    if light is None and (role == "v" or (role == "x" and base != "be")):
        return None  # the figure is the object: its own words said what it is
    s = subject(words, v)
    if s is None:
        return light
    if isinstance(s, int):
        return Head(None, s, s + 1, s, "pronoun", words, True)
    return _head(words, s, unit, "subject")


def _verb_role(words: Words, v: int) -> str:
    """The role of the verb at v, a participle in -ing taking its verb's ("growing": a change)."""
    r = words.role[v]
    return grammar().roles.get(words.low[v], "v").lower() if r == "i" else r


def _verbless(words: Words, p: int, unit: str) -> Head | None:
    """A noun phrase right before the figure with no verb between ("and economic growth 16 percent",
    "agriculture by about 3 percent", "Unemployment: 0.5 percent"), or a figure set beside another one
    ("nearly 2 million, 1.9 million"; "1,721 beds, including 1,556"), which takes that one's head."""
    k = p - 1 if words.low[p] in ("by", "to", ":", "–", "—", "-", "at", "worth", "(") and p > 0 else p
    if k > 1 and words.low[k] == "," and words.role[k - 1] == NOMINAL and words.role[k - 2] != "n":
        # "and investment, by 40 percent"
        k -= 1
    if words.role[k] == NOMINAL:
        np = np_ending(words, k + 1)
        # not the time of a rate before: "80,000 rubles per month, 50,000 rubles for nurses"
        if np is not None and not _is_name(words, np) and words.stem[np.h] not in grammar().times:
            head = _head(words, np, unit, "verbless")
            if (
                phrase_match(words, np, unit) is None and not head.refers
            ):  # "exported goods worth 2.5 billion"
                head = _object_verb(words, np, unit) or head
            # "Governor: 0.8 percent" is a speaker's answer, not a heading
            return None if head.metric is None and words.low[p] == ":" else head
    return _beside(words, p) if words.low[p] in grammar().apposition else None


def _object_verb(words: Words, np: Phrase, unit: str) -> Head | None:
    """The verb whose object a phrase that names nothing is, when the verb names a metric: "exported
    goods worth 2.5 billion dollars" (a verb read into the phrase as a participle too)."""
    metrics = verb_metrics()
    v = next((k for k in range(np.h - 1, np.a - 2, -1) if k >= 0 and words.role[k] in "lgv"), -1)
    metric = metrics.get(words.low[v]) if v >= 0 else None
    return (
        Head(metric, v, v + 1, v, "verb", words) if metric is not None and _fits_unit(metric, unit) else None
    )


def _beside(words: Words, p: int) -> Head | None:
    """The figure that the one after word p is set beside ("nearly 2 million, 1.9 million"), within its
    clause or a verbless clause after it ("unemployment was 5 percent; in 2020, 3.2 percent")."""
    verb = False
    for k in range(p - 1, max(-1, p - 12), -1):
        if _is_figure_number(words, k):
            return Head(None, k, k + 1, k, "beside", words, True)
        if (
            (words.low[k] == ";" and verb)
            or words.low[k] in (":", ".")
            or (words.role[k] == "c" and words.low[k] != "and")
        ):
            return None
        verb = verb or words.role[k] in "lgvx"
    return None


def _is_name(words: Words, np: Phrase) -> bool:
    """Whether a phrase is a name ("Rustam Minnikhanov"): two or more words, all capitalised."""
    return np.h > np.a and all(words.capital[k] for k in range(np.a, np.h + 1))


# --- what a reference stands for -----------------------------------------------------------------


def resolve(words: Words, head: Head, j: int, unit: str, before: str, hops: int = 0) -> Head | None:
    """What a head that refers back stands for: the figure it restates or follows ("which is 126
    percent more"), a sector after the figure ("growth was 8 percent in housing construction"), the
    sentence's topic or the figure before the pronoun ("On the subject of unemployment, in 2007, it
    stood at 76 percent, but today it is 12 percent"), or the sentence before ("It grew by 5 percent")."""
    if not head.refers:
        return head
    if hops >= MAX_HOPS:
        return None
    k = head.h
    if words.role[k] != "n":
        sector = (
            _in_phrase(words, j, unit)
            or _owner(words, head, unit, before, hops)
            or _main_subject(words, head, unit)
            or _antecedent(words, k, unit)
        )
        if sector is not None:
            return sector
        if words.low[k] in grammar().speakers:  # "we" names no phrase, but a topic may ("As for X, we ...")
            return _topic(words, k, unit)
        k = next((n for n in range(k - 1, -1, -1) if _is_figure_number(words, n)), -1)
    if k >= 0:
        a, b = _number_run(words, k)
        found = _share_as_read(words, find_head(words, a, b, "count", unit), a, unit, before)
        if (
            found is not None
            and (found.metric is not None or found.refers)
            and _passes_on(words, head, found, b)
        ):
            return resolve(words, found, b, unit, before, hops + 1)
        if found is not None and _ends_at(words, head, found, b):
            return None
    return (
        _earlier_subject(words, head, unit)
        or _topic(words, head.h, unit)
        or (_previous_head(before, unit) if before else None)
    )


def _share_as_read(words: Words, found: Head | None, a: int, unit: str, before: str) -> Head | None:
    """The head of a share before a reference, as that share itself was read (`_subject_share`): "In
    2012, it was 9 percent of the budget, and in 2019, it amounts to 22 percent" (both of what "it" is)."""
    if (
        found is None
        or unit != "%"
        or found.how != "after"
        or found.h != found.a
        or words.stem[found.h] not in grammar().units
    ):
        return found
    return _subject_share(words, found, a, found.h + 1, "percent", unit, before)


def _owner(words: Words, head: Head, unit: str, before: str, hops: int) -> Head | None:
    """What a light noun after "with" belongs to: the phrase before it, or the figure it counts ("698
    buildings with an area of 250,000 square metres": the buildings' area)."""
    p = head.a - 1
    if p < 1 or words.low[p] not in grammar().owner_prepositions or words.role[p - 1] != NOMINAL:
        return None
    np = np_ending(words, p)
    if np is None:
        return None
    if np.a > 0 and _is_figure_number(words, np.a - 1):  # the figure's things
        n = np.a - 1
        found = resolve(words, Head(None, n, n + 1, n, "beside", words, True), p, unit, before, hops + 1)
        return found if found is not None and found.metric is not None else None
    owner = _head(words, np, unit, "owner")
    return owner if owner.metric is not None else None


def _passes_on(words: Words, head: Head, found: Head, b: int) -> bool:
    """Whether the head of the figure (its number ending at b) that a reference stands for passes to
    it: a left-out noun is that figure's noun itself ("we have 1.5 million people, but we feed 15
    million": no population fed); a figure without a noun passes on what it measures ("the number of
    tests was 2,500 a day, now we conduct 150,000 a day")."""
    noun = b < len(words.low) and words.role[b] == NOMINAL
    return head.how != "elided" or found.how == "after" or not noun


def _ends_at(words: Words, head: Head, found: Head, b: int) -> bool:
    """Whether a reference to the figure whose number ends at b stands for no metric, as that figure
    names none: its noun names nothing ("170 ventilators, which is 100 percent of the norm"), it is
    restated right after ("the harvest of fruit exceeded 4,000 tonnes, which was almost twice"), or
    its noun is left out and its metric came from elsewhere."""
    return (
        (found.how == "after" and not is_light(words, found.h))
        or _restates(words, b, head.h)
        or not _passes_on(words, head, found, b)
    )


def _restates(words: Words, b: int, k: int) -> bool:
    """Whether the relative pronoun (or "or") at k follows right on the figure that ends its number at
    b, with no more than its unit and a comma between ("4,000 tonnes, which"): it restates that figure."""
    return (
        words.low[k] in ("which", "that", "or")
        and 0 <= k - b <= 3
        and all(r in "wp" for r in words.role[b:k])
    )


def _figure_before(words: Words, k: int) -> int:
    """The end of the number of the last figure before word k (-1 when there is none)."""
    n = next((m for m in range(k - 1, max(-1, k - MAX_PHRASE), -1) if _is_figure_number(words, m)), None)
    return -1 if n is None else _number_run(words, n)[1]


def _earlier_subject(words: Words, head: Head, unit: str) -> Head | None:
    """For a pronoun or a light noun: the subject of the clause before its own in the sentence, when
    that names a metric ("The food industry has posted growth, and it amounted to 36 percent";
    "Industry has begun to recover; we will see a 2 percent increase")."""
    own = head.h
    if words.role[own] != "o":
        own = next((k for k in range(head.a - 1, -1, -1) if words.role[k] in "lgvx"), -1)
        if own < 0:
            return None
        own = _group_start(words, own)
    v = next((k for k in range(_clause_start(words, own) - 1, -1, -1) if words.role[k] in "lgvx"), None)
    s = None if v is None else subject(words, v)
    if isinstance(s, Phrase):
        found = _head(words, s, unit, "subject")
        return found if found.metric is not None else None
    return None


def _main_subject(words: Words, head: Head, unit: str) -> Head | None:
    """For a light noun that hangs on a clause ("Output is up, with an increase of 5 percent"): the
    subject of the verb before it, when that names a metric."""
    if words.role[head.h] in "ode" or head.how not in ("of", "after", "verbless"):
        return None
    v = next((k for k in range(head.a - 1, -1, -1) if words.role[k] in "lgvxi"), None)
    s = None if v is None else subject(words, v)
    if isinstance(s, Phrase):
        found = _head(words, s, unit, "subject")
        return None if found.refers else found
    return None


def _antecedent(words: Words, k: int, unit: str) -> Head | None:
    """What a relative "which" or "that" at k stands for: the noun phrase right before it ("the
    investment which is over 35 billion"), or before the comma when that names a metric ("to the 2015
    budget, which is 110 percent of the plan"); after a figure, the figure before it."""
    if words.low[k] not in ("which", "that", "who") or k == 0:
        return None
    comma = words.low[k - 1] == "," and words.low[k] == "which"
    end = k - 1 if comma else k
    if end == 0 or words.role[end - 1] != NOMINAL:
        return None
    np = np_ending(words, end)
    if np is None or (np.a > 0 and _is_figure_number(words, np.a - 1)):
        return None  # "2 million tonnes, which is 15 percent more": the figure
    found = _head(words, np, unit, "subject")
    return None if found.refers or (comma and found.metric is None) else found


def _in_phrase(words: Words, j: int, unit: str) -> Head | None:
    """A sector named after the figure: "up 8 percent in housing construction"."""
    if j < len(words.low) and words.low[j] == "in":
        np = noun_phrase(words, j + 1)
        if np is not None:
            metric = phrase_metric(words, np, unit)
            if metric is not None or words.stem[np.h] in grammar().sectors:
                return Head(metric, np.a, np.b, np.h, "in", words)
    return None


def _topic(words: Words, k: int, unit: str) -> Head | None:
    """The topic a sentence opens with before word k ("On the subject of unemployment", "As for
    investment"), when it names a metric."""
    for opener in grammar().topic_openers:
        n = len(opener)
        for p in range(k - n):
            if words.low[p : p + n] == opener:
                np = noun_phrase(words, p + n, k)
                if np is not None and (metric := phrase_metric(words, np, unit)) is not None:
                    return Head(metric, np.a, np.b, np.h, "topic", words)
    return None


def _previous_head(before: str, unit: str) -> Head | None:
    """The head phrase the sentence before ends on: its last figure's (read in its own context, so
    that a chain of "it"s reaches the phrase they all stand for), else its first subject's, else its
    first phrase that names a metric when it is a question ("And what about unemployment?"); past a
    question that only refers on ("What was the increase?"), the one before it."""
    previous = _previous(before) if before else None
    if previous is None:
        return None
    words, rest = previous
    numbers = [n for n in range(len(words.low)) if _is_figure_number(words, n)]
    if numbers:
        a, b = _number_run(words, numbers[-1])
        head = _head_at(words, a, b, "count", unit, rest)
        return head if head is not None and head.metric is not None else None
    verb = next((k for k in range(len(words.low)) if words.role[k] in "lgxvi"), None)
    s = None if verb is None else subject(words, verb)
    if isinstance(s, Phrase):
        head = _head(words, s, unit, "previous")
        if head.metric is not None:
            return head
    if words.low[-1] != "?":
        # a speaker's aside that names nothing ("I will have to clarify."): the sentence before it
        aside = (
            isinstance(s, int) and words.low[s] in grammar().speakers and not _first_named(words, unit, "")
        )
        return _previous_head(rest, unit) if aside else None
    return _question_of(words, unit) or (_previous_head(rest, unit) if _refers_on(words) else None)


def _refers_on(words: Words) -> bool:
    """Whether a sentence that names no metric holds a light noun that stands for one named before
    ("What would the increase be?")."""
    for k in range(len(words.low)):
        if words.role[k] == NOMINAL and is_light(words, k):
            np = np_ending(words, k + 1)
            if np is not None and np.h == k and _bare_light(words, np):
                return True
    return False


def _echoed(words: Words, i: int, j: int, kind: str, unit: str, before: str) -> Head | None:
    """A figure that repeats one of the sentence before, in a reply ("Unemployment is 0.5 percent. -
    0.5 percent?"), and names nothing itself: that figure's head."""
    number = tuple(words.low[k] for k in range(i, j) if words.role[k] == "n")
    if not number or number[0] not in before[-_LAST_SENTENCE_READ:].lower():
        return None  # (no need to read the sentence before)
    previous = _previous(before)
    if previous is None:
        return None
    said, rest = previous
    n = len(number)
    for k in range(len(said.low) - n, -1, -1):
        if said.low[k : k + n] == number and _is_figure_number(said, k) and said.role[k - 1 : k] != "n":
            head = _head_at(said, k, k + n, kind, unit, rest)
            return head if head is not None and head.metric is not None else None
    return None


def head_of(sentence: str, fs: int, fe: int, kind: str, unit: str, before: str = "") -> Head | None:
    """The head phrase of the figure at sentence[fs:fe] (resolved when it refers back), or None.

    `before` is the text just before the sentence, read only when the head is a pronoun or a light
    noun that stands for a phrase of the sentence before ("It grew by 5 percent").
    """
    words = words_of(sentence)
    return _head_at(words, *_span(words, fs, fe), kind, unit, before) if words.low else None


def _head_at(words: Words, i: int, j: int, kind: str, unit: str, before: str) -> Head | None:
    found = head = find_head(words, i, j, kind, unit)
    if found is not None:
        found = _subject_share(words, found, i, j, kind, unit, before)
        head = resolve(words, found, j, unit, before)
        if (head is None or head.metric is None) and found.refers:
            head = _by_default(words, found, unit) or _left_out(words, i, j, kind, unit, before) or head
    elif before:
        head = _echoed(words, i, j, kind, unit, before) or _heading(before, unit)
    if (head is None or head.metric is None) and kind == "amount":
        return _own_unit(words, i, j, unit) or head  # "a capacity of 90 MW"
    return _narrowed(words, _unless_stock(words, head, i, kind), i)


def _left_out(words: Words, i: int, j: int, kind: str, unit: str, before: str) -> Head | None:
    """For a count whose subject names nothing ("now there are 42,000", "now we conduct 150,000 a day"):
    the count before it whose noun it leaves out (`_elided`)."""
    elided = _elided(words, i, j, unit) if kind == "count" else None
    return None if elided is None else resolve(words, elided, j, unit, before)


def _by_default(words: Words, head: Head, unit: str) -> Head | None:
    """The metric a bare light noun names when it stands for nothing named before ("its output":
    industrial output), from the cues marked ^ in the cue table."""
    cue = next(
        (
            c
            for c in words.cues[head.h]
            if c.bare and _cue_fits(words, head.h, head.h + 1, c) and _fits_unit(c.metric, unit)
        ),
        None,
    )
    return None if cue is None else head.replaced(cue.metric, refers=False)


def _unless_stock(words: Words, head: Head | None, i: int, kind: str) -> Head | None:
    """A count of a metric of things built (housing commissioned) is none of it where the region only
    has them ("The city has 67,000 private homes", "there are 500 flats"): a stock, no flow."""
    if head is None or kind != "count" or head.metric not in flow_metrics() or i == 0:
        return head
    v = verb_before(words, i - 1)
    stock = v is not None and grammar().base_of.get(words.low[v]) in grammar().stock_verbs
    return head.replaced(None, head.refers) if stock else head


def _narrowed(words: Words, head: Head | None, i: int) -> Head | None:
    """A head of a metric that a narrower one, named before the figure in its sentence, takes in
    ("relocated 160,000 families to 6 million square metres of housing": the housing is resettlement's;
    "refined 60 million tonnes of crude oil" is no oil extracted, and no metric of the taxonomy)."""
    narrower = narrowing().get(head.metric or "") if head is not None else None
    if narrower is None or head is None:
        return head
    named = any(verb_metrics().get(w) == narrower for w in words.low[:i]) or any(
        c[2].metric == narrower for c in _cues_in(words, 0, i)
    )
    return head.replaced(narrower or None, head.refers) if named else head


def _heading(before: str, unit: str) -> Head | None:
    """The topic a verbless sentence before names ("Now about housing. Last year we commissioned 1.3
    million square metres."), for a figure whose own sentence names nothing."""
    tail = before.rstrip()
    if tail.endswith("?"):
        return _asked(before, unit)
    cut = max(tail.rfind(". ", 0, -1), tail.rfind("? ", 0, -1), tail.rfind("\n", 0, -1))
    if len(tail) - cut > _HEADING_LENGTH:
        return None  # a heading is short: "Now about housing."
    words = last_sentence(before)
    if words is None or any(r in "lgvxin" for r in words.role):
        return None
    k = 0
    while k < len(words.low) and words.role[k] in "arpo":  # "Now about", "As for", "What about"
        k += 1
    np = noun_phrase(words, k)
    if np is None or (metric := phrase_metric(words, np, unit)) is None:
        return None
    return Head(metric, np.a, np.b, np.h, "heading", words)


def _asked(before: str, unit: str) -> Head | None:
    """What the question before asks about, for an answer that names nothing ("What is the
    unemployment rate? - 0.5 percent."): its first noun phrase that names a metric."""
    words = last_sentence(before)
    return None if words is None else _question_of(words, unit)


def _question_of(words: Words, unit: str) -> Head | None:
    """What a question asks about: its first noun phrase that names a metric, else its verb of one
    ("How much did you invest?": investment)."""
    found = _first_named(words, unit, "question")
    if found is not None:
        return found
    metrics = verb_metrics()
    v = next(
        (k for k, w in enumerate(words.low) if w in metrics and _fits_unit(metrics[w], unit)),
        None,
    )
    return None if v is None else Head(metrics[words.low[v]], v, v + 1, v, "question", words)


def _first_named(words: Words, unit: str, how: str, last: bool = False) -> Head | None:
    """The first noun phrase of a sentence that names a metric (with `last`, the last one)."""
    n = len(words.low)
    for k in range(n - 1, -1, -1) if last else range(n):
        if words.role[k] == NOMINAL and (k == 0 or words.role[k - 1] != NOMINAL):
            np = noun_phrase(words, k)
            if np is not None and (metric := phrase_metric(words, np, unit)) is not None:
                return Head(metric, np.a, np.b, np.h, how, words)
    return None


@lru_cache(maxsize=256)
def _previous(text: str) -> tuple[Words, str] | None:
    """The last sentence of `text` (the sentences before a figure's own), read, and the text before it."""
    tail = text[-_LAST_SENTENCE_READ:]
    spans = sentence_spans(tail)
    if not spans:
        return None
    a, b = spans[-1]
    return words_of(tail[a:b]), text[: len(text) - len(tail) + a]


def last_sentence(text: str) -> Words | None:
    """The words of the last sentence of `text` (the sentences before a figure's own)."""
    previous = _previous(text)
    return None if previous is None else previous[0]


# How much of the text before a sentence is read for the sentence before it.
_LAST_SENTENCE_READ: Final = 300
# The longest sentence read as a heading of the next one, in characters.
_HEADING_LENGTH: Final = 60


class Measure:
    """What a figure measures, and the reading it was found in (for `scope`): the figure's sentence,
    read (`words`), the phrase the figure quantifies, if found (`head`), and the figure's words, [i, j)
    of `words`."""

    __slots__ = ("head", "i", "j", "metric", "subject", "words")

    def __init__(
        self, metric: str | None, subject: str, words: Words, head: Head | None, i: int, j: int
    ) -> None:
        self.metric = metric
        self.subject = subject
        self.words = words
        self.head = head
        self.i = i
        self.j = j


def measure_figure(
    sentence: str,
    fs: int,
    fe: int,
    kind: str,
    unit: str,
    before: str = "",
    noun: str | None = None,
    words: Words | None = None,
) -> Measure:
    """The metric and subject of the figure at sentence[fs:fe], from one reading of its sentence
    (`words`, when the caller has read it: `words_of_tokens`)."""
    if words is None:
        words = words_of(sentence)
    if not words.low:
        return Measure(None, noun or "", words, None, 0, 0)
    i, j = _span(words, fs, fe)
    head = _head_at(words, i, j, kind, unit, before)
    metric = None if head is None else head.metric
    return Measure(metric, _subject_text(sentence, words, head, metric, noun), words, head, i, j)


def _subject_text(
    sentence: str, words: Words, head: Head | None, metric: str | None, noun: str | None
) -> str:
    if (
        head is not None
        and head.how not in ("verb", "passive", "unit")
        and head.b > head.a
        and head.words is words
    ):
        text = sentence[words.start[head.a] : words.end[min(head.b, head.a + 6) - 1]]
        if text:
            return text
    return metrics()[metric].label if metric is not None else (noun or "")
