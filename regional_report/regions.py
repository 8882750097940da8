"""Russia's 89 federal subjects as data, and the lookups that turn a written name into one of them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Final

# How English names vary without naming a different subject: "Smolensk Oblast" is "Smolensk Region".
_ENGLISH_SYNONYMS: Final[dict[str, str]] = {
    "oblast": "region",
    "province": "region",
    "krai": "territory",
    "kray": "territory",
    "okrug": "area",
    "district": "area",
}
# Russian case endings, longest first; one is cut from a Cyrillic word so that "Смоленской области"
# and "Смоленская область" meet at the same stems ("смоленск област").
_RUSSIAN_ENDINGS: Final[tuple[str, ...]] = (
    "иями", "ями", "ами", "ией", "ого", "его", "ому", "ему", "ыми", "ими",
    "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям",
    "ах", "ях", "ов", "ев", "ия", "ии", "ию", "ью", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
)  # fmt: skip
_MIN_STEM: Final = 3
# A one-word Cyrillic alias whose stem would be shorter than this is matched as written ("Коми" must
# not meet "кому").
_MIN_SINGLE_WORD_STEM: Final = 4
_WORD: Final = re.compile(r"[^\W_]+")
_CYRILLIC: Final = re.compile(r"[а-яё]")
_ISO: Final = re.compile(r"\s*(RU)\s*[-‐‑–—_ ]?\s*([A-Z]{2,3})\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Region:
    """One federal subject of Russia, as listed in `data/regions.csv`.

    `name` is the canonical English name in en.kremlin.ru style; `iso` is the ISO 3166-2 code, None
    where ISO has none; `population` is None where no official figure is published.
    """

    name: str
    iso: str | None
    federal_district: str
    kind: str
    aliases: tuple[str, ...]
    population: int | None
    population_year: int | None
    population_source: str


@dataclass(slots=True)
class _Node:
    """A trie node: the words that may follow, and the subject whose name ends here."""

    children: dict[str, _Node] = field(default_factory=dict)
    region: Region | None = None
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Index:
    regions: tuple[Region, ...]
    root: _Node
    by_iso: dict[str, Region]
    republic_cores: dict[tuple[str, ...], Region]


@dataclass(frozen=True, slots=True)
class _Token:
    key: str  # normalized (English synonym, Russian stem)
    raw: str  # lower-cased as written
    start: int
    end: int


def _stem(word: str) -> str:
    """The word without its Russian case ending, if it is Cyrillic and long enough to have one."""
    if not _CYRILLIC.search(word):
        return word
    for ending in _RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _tokens(text: str) -> list[_Token]:
    """The words of `text` with their offsets, lower-cased and normalized for lookup."""
    tokens = []
    for match in _WORD.finditer(text):
        raw = match.group().casefold().replace("ё", "е")
        key = _ENGLISH_SYNONYMS.get(raw, raw)
        tokens.append(_Token(_stem(key), raw, match.start(), match.end()))
    return tokens


def _alias_key(form: str) -> tuple[str, ...]:
    """The trie key of a name as listed in the table."""
    tokens = _tokens(form)
    if len(tokens) == 1 and _CYRILLIC.search(tokens[0].raw) and len(tokens[0].key) < _MIN_SINGLE_WORD_STEM:
        return (tokens[0].raw,)
    return tuple(token.key for token in tokens)


def _republic_variants(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """'republic of X' <-> 'X republic' for an English republic name."""
    if key[:2] == ("republic", "of") and len(key) > 2:
        return [(*key[2:], "republic")]
    if key[-1:] == ("republic",) and len(key) > 1 and not _CYRILLIC.search(key[0]):
        return [("republic", "of", *key[:-1])]
    return []


def _republic_core(key: tuple[str, ...]) -> tuple[str, ...]:
    """X of 'republic of X' or 'X republic'; empty if the key has no such frame."""
    if key[:2] == ("republic", "of"):
        return key[2:]
    if key[-1:] == ("republic",):
        return key[:-1]
    return ()


def _insert(root: _Node, key: tuple[str, ...], region: Region) -> None:
    if not key:
        return
    node = root
    for word in key:
        node = node.children.setdefault(word, _Node())
    if node.region is not None and node.region != region:
        node.region, node.ambiguous = None, True
    elif not node.ambiguous:
        node.region = region


def _lookup(root: _Node, key: tuple[str, ...]) -> Region | None:
    node: _Node | None = root
    for word in key:
        node = node.children.get(word) if node is not None else None
    return node.region if node is not None else None


def _has_prefix_of_other(root: _Node, key: tuple[str, ...], region: Region) -> bool:
    """Whether `key` starts a name of another subject ("altai" starts "altai territory")."""
    node: _Node | None = root
    for word in key:
        node = node.children.get(word) if node is not None else None
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.ambiguous or (current.region is not None and current.region != region):
            return True
        stack.extend(current.children.values())
    return False


def _parse_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


def _read_table() -> tuple[Region, ...]:
    text = files("regional_report").joinpath("data", "regions.csv").read_text(encoding="utf-8")
    return tuple(
        Region(
            name=row["name"].strip(),
            iso=row["iso"].strip() or None,
            federal_district=row["federal_district"].strip(),
            kind=row["kind"].strip(),
            aliases=tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip()),
            population=_parse_int(row["population"]),
            population_year=_parse_int(row["population_year"]),
            population_source=row["population_source"].strip(),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@cache
def _index() -> _Index:
    regions = _read_table()
    root = _Node()
    for region in regions:
        for form in (region.name, *region.aliases):
            key = _alias_key(form)
            _insert(root, key, region)
            if region.kind == "republic":
                for variant in _republic_variants(key):
                    _insert(root, variant, region)
    cores: dict[tuple[str, ...], Region] = {}
    for region in regions:
        if region.kind != "republic":
            continue
        for form in (region.name, *region.aliases):
            core = _republic_core(_alias_key(form))
            if core and _lookup(root, core) is None and not _has_prefix_of_other(root, core, region):
                cores.setdefault(core, region)
    by_iso = {region.iso.upper(): region for region in regions if region.iso}
    return _Index(regions, root, by_iso, cores)


def all_regions() -> tuple[Region, ...]:
    """All 89 federal subjects, in the order of the table (loaded once).

    Returns:
        The regions of `data/regions.csv`.
    """
    return _index().regions


def canonical_region(name: str) -> Region | None:
    """The subject a whole name stands for, or None.

    Accepts the canonical name, any alias, or the ISO 3166-2 code; ignores case, spacing, dashes and
    punctuation; treats "Oblast" as "Region", "Krai" as "Territory", "Okrug" as "Area", and "Republic of
    X", "X Republic" and "X" alike for a republic. Russian case forms are accepted ("Смоленской области").
    A neighbour is never taken for the subject: "Moscow" is not "Moscow Region".

    Args:
        name: A region name as written anywhere (a table cell, a TSV column, a title fragment).

    Returns:
        The region, or None when the name is empty, unknown or ambiguous.
    """
    if not isinstance(name, str):
        return None
    index = _index()
    iso = _ISO.fullmatch(name)
    if iso:
        region = index.by_iso.get(f"{iso.group(1)}-{iso.group(2)}".upper())
        if region is not None:
            return region
    key = tuple(token.key for token in _tokens(name))
    if key[:1] == ("the",):
        key = key[1:]
    if not key:
        return None
    single = _alias_key(name.strip())
    return _lookup(index.root, key) or _lookup(index.root, single) or index.republic_cores.get(key)


def find_regions(text: str) -> list[tuple[int, int, Region]]:
    """Every mention of a federal subject in free text.

    Mentions are found by a longest-match walk over a word trie built from the table's names and
    aliases, so "Moscow Region" is one mention of Moscow Region (not of Moscow) and "Nizhny Novgorod
    Region" is not "Novgorod Region". Russian case forms match through a small suffix normalization.

    Args:
        text: Any text; odd input yields an empty list, never an error.

    Returns:
        Non-overlapping `(start, end, region)` triples in text order; `end` is exclusive.
    """
    if not isinstance(text, str) or not text:
        return []
    root = _index().root
    tokens = _tokens(text)
    found: list[tuple[int, int, Region]] = []
    i = 0
    while i < len(tokens):
        node = root
        best: tuple[int, Region] | None = None
        j = i
        while j < len(tokens):
            step = node.children.get(tokens[j].key) or node.children.get(tokens[j].raw)
            if step is None:
                break
            node = step
            if node.region is not None:
                best = (j, node.region)
            j += 1
        if best is None:
            i += 1
            continue
        last, region = best
        start, end = tokens[i].start, tokens[last].end
        # "Republic of Sakha (Yakutia)": keep the closing bracket of a name that opened one.
        if text.count("(", start, end) > text.count(")", start, end) and text[end : end + 1] == ")":
            end += 1
        found.append((start, end, region))
        i = last + 1
    return found
