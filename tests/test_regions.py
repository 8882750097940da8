"""Tests for the region table and its lookups.

The name variants come from how en.kremlin.ru, Rosstat and the corpus titles (../shared/corpus) write
subjects; the table checks guard what the per-capita figures rely on.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lanes import examples

from regional_report.regions import Region, all_regions, canonical_region, find_regions

DISTRICT_SIZES = {
    "Central": 18,
    "Northwestern": 11,
    "Southern": 12,
    "North Caucasian": 7,
    "Volga": 14,
    "Urals": 6,
    "Siberian": 10,
    "Far Eastern": 11,
}
KINDS = {"region", "territory", "republic", "autonomous_area", "autonomous_region", "federal_city"}
WITHOUT_ISO = {
    "Republic of Crimea",
    "Sevastopol",
    "Donetsk People's Republic",
    "Lugansk People's Republic",
    "Zaporozhye Region",
    "Kherson Region",
}
RUSSIA_POPULATION = 146_000_000
CENSUS_2021_TOTAL = 147_182_123  # Rosstat, All-Russian Population Census of 1 October 2021


def names(mentions: list[tuple[int, int, Region]]) -> list[str]:
    return [region.name for _, _, region in mentions]


# --- the table ----------------------------------------------------------------------------------


def test_table_has_all_89_subjects_once() -> None:
    """It lists 89 subjects with unique names and unique ISO codes."""
    regions = all_regions()
    assert len(regions) == 89
    assert len({region.name for region in regions}) == 89
    codes = [region.iso for region in regions if region.iso]
    assert len(codes) == len(set(codes)) == 83
    assert all(re.fullmatch(r"RU-[A-Z]{2,3}", code) for code in codes)
    assert {region.name for region in regions if region.iso is None} == WITHOUT_ISO


def test_table_has_eight_districts_of_the_right_size() -> None:
    """It puts every subject in one of the 8 federal districts, as of 2024."""
    assert Counter(region.federal_district for region in all_regions()) == DISTRICT_SIZES
    district = {region.name: region.federal_district for region in all_regions()}
    assert district["Republic of Buryatia"] == district["Trans-Baikal Territory"] == "Far Eastern"
    assert district["Republic of Crimea"] == district["Sevastopol"] == "Southern"
    assert district["Donetsk People's Republic"] == district["Kherson Region"] == "Southern"


def test_table_kinds_are_known() -> None:
    """It gives every subject one of the six kinds, and three federal cities."""
    kinds = Counter(region.kind for region in all_regions())
    assert set(kinds) == KINDS
    assert kinds["federal_city"] == 3
    assert kinds["republic"] == 24


def test_populations_are_positive_and_add_up_to_russia() -> None:
    """It has positive populations summing to Russia's ~146 million, each with a year and a source."""
    regions = all_regions()
    known = [region for region in regions if region.population is not None]
    assert all(region.population is not None and region.population > 0 for region in known)
    assert all(region.population_year and region.population_source for region in known)
    assert all(region.population_source for region in regions)
    total = sum(region.population or 0 for region in known)
    assert abs(total - RUSSIA_POPULATION) < 0.03 * RUSSIA_POPULATION
    assert {region.name for region in regions if region.population is None} <= WITHOUT_ISO


def test_census_figures_add_up_to_the_census_total() -> None:
    """It holds 2021 census figures that sum exactly to Russia's published census total."""
    census = [region for region in all_regions() if region.population_year == 2021]
    assert len(census) == 85
    assert all(region.population_source.startswith("2021 census") for region in census)
    assert sum(region.population or 0 for region in census) == CENSUS_2021_TOTAL


def test_every_name_and_alias_resolves_to_its_own_subject() -> None:
    """It maps each canonical name, alias and ISO code back to its own row, with no collisions."""
    for region in all_regions():
        for form in (region.name, *region.aliases):
            assert canonical_region(form) == region, form
        if region.iso:
            assert canonical_region(region.iso) == region


# --- canonical_region ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Smolensk Oblast", "Smolensk Region"),
        ("smolensk  region", "Smolensk Region"),
        ("the Smolensk Region", "Smolensk Region"),
        ("RU-SMO", "Smolensk Region"),
        ("ru-smo", "Smolensk Region"),
        ("Tatarstan", "Republic of Tatarstan"),
        ("Republic of Tatarstan", "Republic of Tatarstan"),
        ("Tatarstan Republic", "Republic of Tatarstan"),
        ("Krasnodar Krai", "Krasnodar Territory"),
        ("Moscow", "Moscow"),
        ("Moscow City", "Moscow"),
        ("Moscow Region", "Moscow Region"),
        ("Moscow Oblast", "Moscow Region"),
        ("Orel Region", "Orel Region"),
        ("Oryol Oblast", "Orel Region"),
        ("Khanty-Mansi Autonomous Okrug – Yugra", "Khanty-Mansi Autonomous Area – Yugra"),
        ("Khanty-Mansi Autonomous Area - Yugra", "Khanty-Mansi Autonomous Area – Yugra"),
        ("Yugra", "Khanty-Mansi Autonomous Area – Yugra"),
        ("St. Petersburg", "St Petersburg"),
        ("Saint Petersburg", "St Petersburg"),
        ("Dagestan", "Republic of Daghestan"),
        ("Yakutia", "Republic of Sakha (Yakutia)"),
        ("Kabardino-Balkaria", "Kabardino-Balkarian Republic"),
        ("Chuvashia", "Chuvash Republic"),
        ("Udmurtia", "Udmurt Republic"),
        ("Udmurt", "Udmurt Republic"),
        ("Bashkiria", "Republic of Bashkortostan"),
        ("Mari El", "Republic of Mari El"),
        ("Primorsky Krai", "Primorye Territory"),
        ("Kuzbass", "Kemerovo Region"),
        ("Tuva Republic", "Republic of Tuva"),
        ("Republic of Chechnya", "Chechen Republic"),
        ("Jewish Autonomous Oblast", "Jewish Autonomous Region"),
        ("Zabaykalsky Krai", "Trans-Baikal Territory"),
        ("Смоленская область", "Smolensk Region"),
        ("Смоленской области", "Smolensk Region"),
        ("Республика Татарстан", "Republic of Tatarstan"),
        ("Пермский край", "Perm Territory"),
        ("Севастополь", "Sevastopol"),
        ("Коми", "Komi Republic"),
    ],
)
def test_canonical_region_accepts_common_variants(written: str, expected: str) -> None:
    """It resolves Oblast/Krai/Okrug forms, republic forms, transliterations, ISO and Russian names."""
    region = canonical_region(written)
    assert region is not None, written
    assert region.name == expected


@pytest.mark.parametrize(
    "written", ["", "   ", "Russia", "Altai", "Smolensk", "RU-XXX", "Moscow Region Governor", "кому", "-"]
)
def test_canonical_region_returns_none_for_unknown_or_ambiguous_names(written: str) -> None:
    """It returns None for names that are not exactly one subject (a city, an ambiguous stem)."""
    assert canonical_region(written) is None


def test_canonical_region_never_confuses_moscow_with_moscow_region() -> None:
    """It keeps the federal city and the surrounding region apart."""
    assert canonical_region("Moscow") != canonical_region("Moscow Region")


# --- find_regions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Working meeting with the Smolensk Region Governor", ["Smolensk Region"]),
        ("Meeting with Governor of Crimea Sergei Aksyonov", ["Republic of Crimea"]),
        ("Meeting with Head of the Chechen Republic", ["Chechen Republic"]),
        ("Meeting with the Mayor of Moscow", ["Moscow"]),
        ("Working meeting with St Petersburg Governor Alexander Beglov", ["St Petersburg"]),
        ("Governor of Khanty-Mansi Autonomous Area – Yugra Natalya Komarova", ["Khanty-Mansi Autonomous Area – Yugra"]),
        ("Working meeting with Head of Tatarstan", ["Republic of Tatarstan"]),
        ("Novo-Ogaryovo, Moscow Region", ["Moscow Region"]),
        ("Acting Governor of Nizhny Novgorod Region and Novgorod Region", ["Nizhny Novgorod Region", "Novgorod Region"]),
        ("Head of Tuva Republic Sholban Kara-ool", ["Republic of Tuva"]),
        ("Republic of Sakha (Yakutia) Acting Head", ["Republic of Sakha (Yakutia)"]),
        ("Yamalo-Nenets Autonomous Area and Nenets Autonomous Area", ["Yamalo-Nenets Autonomous Area", "Nenets Autonomous Area"]),
        ("Встреча с губернатором Смоленской области", ["Smolensk Region"]),
        ("Встреча с главой Чувашии и губернатором Пермского края", ["Chuvash Republic", "Perm Territory"]),
        ("Московская область, Ново-Огарёво", ["Moscow Region"]),
        ("Vladimir Putin met Governor Vladimir Volkov in the Kremlin", []),
        ("кому это нужно", []),
    ],
)  # fmt: skip
def test_find_regions_finds_each_mention(text: str, expected: list[str]) -> None:
    """It finds every subject mentioned, longest match first, in text order."""
    assert names(find_regions(text)) == expected


def test_find_regions_offsets_slice_back_to_the_mention() -> None:
    """It returns offsets of the mention itself, non-overlapping and ordered."""
    text = "Talks in Novo-Ogaryovo, Moscow Region, with the Republic of Sakha (Yakutia) and Moscow."
    mentions = find_regions(text)
    assert [text[start:end] for start, end, _ in mentions] == [
        "Moscow Region",
        "Republic of Sakha (Yakutia)",
        "Moscow",
    ]
    ends = [0] + [end for _, end, _ in mentions]
    assert all(previous <= start for previous, (start, _, _) in zip(ends, mentions, strict=False))


@settings(max_examples=examples(200), deadline=None)
@given(st.text())
def test_lookups_never_raise(text: str) -> None:
    """It never raises on arbitrary text, and its offsets stay inside the text."""
    canonical_region(text)
    for start, end, region in find_regions(text):
        assert 0 <= start < end <= len(text)
        assert isinstance(region, Region)
