"""When and at what rate a figure holds: each decision of `extract/timing.py` on sentences of its own.

Where the cases came from: the team wrote every sentence itself, one per decision, in the style of
the meeting reports; none is copied from the corpus or the gold. The figure is named by its words in
the sentence, so a test reads as the sentence it is about. The golden cases in `tests/golden/`
(status, period, per, years) run the same decisions through the whole extractor.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regional_report.extract import timing as timing_module
from regional_report.extract.timing import (
    Cue,
    Timing,
    figure_timing,
    figure_year,
    folded,
    phrase_pattern,
    read_sentence,
    tables,
)
from regional_report.model import FIGURE_STATUSES, PERIODS

MEETING = date(2024, 5, 20)


def timing(
    sentence: str,
    figure: str,
    kind: str = "count",
    unit: str = "count",
    meeting: date | None = MEETING,
    before: str = "",
) -> Timing:
    """The timing of the figure written `figure` in `sentence` (its first occurrence)."""
    fs = sentence.index(figure)
    return figure_timing(sentence, fs, fs + len(figure), kind, unit, meeting, before)


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The region will open 12 new kindergartens.", "12"),
        ("We plan to repair 300 kilometres of roads.", "300"),
        ("The index is expected to reach 104 percent.", "104 percent"),
        ("Investment should exceed 20 billion roubles.", "20 billion roubles"),
        ("There are plans to build 5 sports centres.", "5"),
        ("The republic intends to plant 900 hectares of orchards.", "900"),
    ],
)
def test_a_plan_word_before_the_figure_makes_a_plan(sentence: str, figure: str) -> None:
    """It reads a plan, forecast or intention before the figure in its clause as a plan."""
    assert timing(sentence, figure).status == "plan"


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Roughly 800 new jobs will be created there.", "800"),
        ("A school for 1,100 pupils is being built in the district.", "1,100"),
        ("Some 40 kilometres of pipeline are to be laid.", "40"),
    ],
)
def test_a_plan_word_after_the_subject_makes_a_plan(sentence: str, figure: str) -> None:
    """It reads the figure that opens a clause's subject as planned when the clause's verb is."""
    assert timing(sentence, figure).status == "plan"


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Building goes on at three sites that will hold 900 flats.", "three"),
        ("We will finish the bridge, and 70 houses have already been rebuilt.", "70"),
        ("Some 5,000 joint ventures are operating, and more will open.", "5,000"),
        ("I would like to say that 15 families received new flats.", "15"),
        ("Sadly, 9 patients could not be saved.", "9"),
        ("Output grew by 4 percent; the plant will expand next year.", "4 percent"),
    ],
)
def test_a_plan_word_in_another_clause_does_not_reach(sentence: str, figure: str) -> None:
    """It keeps a figure actual when the plan word belongs to another clause or is no plan."""
    assert timing(sentence, figure).status == "actual"


def test_a_year_after_the_meeting_makes_a_plan() -> None:
    """It reads a figure dated after the meeting's year as a plan."""
    assert timing("The programme provides for 20 stations in 2027.", "20").status == "plan"


@pytest.mark.parametrize(
    ("sentence", "figure", "status"),
    [
        ("Coal output went from 9 million tonnes to 14 million tonnes.", "9 million tonnes", "past"),
        ("Coal output went from 9 million tonnes to 14 million tonnes.", "14 million tonnes", "actual"),
        ("Visitors rose by 50,000 from 1.2 million.", "1.2 million", "past"),
        ("The plant will lift output from 300 tonnes to 500 tonnes.", "300 tonnes", "actual"),
        ("Pupils came from 14 countries.", "14", "actual"),
        ("Families get payments for children from three to seven.", "three", "actual"),
    ],
)
def test_the_value_after_from_is_past(sentence: str, figure: str, status: str) -> None:
    """It reads "from X to Y" and "up by N from X" as X earlier than Y, today's value in a plan."""
    assert timing(sentence, figure, "amount", "t").status == status


@pytest.mark.parametrize(
    ("sentence", "figure", "status"),
    [
        ("Back in 2001, the mill employed 4,000 people.", "4,000", "past"),
        ("Six years ago, there were 11 clinics; now there are 19.", "11", "past"),
        ("Six years ago, there were 11 clinics; now there are 19.", "19", "actual"),
        ("The debt was 9 billion roubles, whereas now it is 2 billion.", "9 billion roubles", "past"),
        ("In 2015, the share was 8 percent, and in 2023, it was 19 percent.", "8 percent", "past"),
        ("In 2015, the share was 8 percent, and in 2023, it was 19 percent.", "19 percent", "actual"),
        ("Inflation was 4 percent against 7 percent a year earlier.", "7 percent", "past"),
        ("Inflation was 4 percent against 7 percent nationally.", "7 percent", "actual"),
        ("In the past five years, 60 schools were built.", "60", "actual"),
        ("We saw output grow by 3 percent before; this year it fell.", "3 percent", "past"),
        ("Inflation fell to 4 percent against 7 percent a year earlier.", "4 percent", "actual"),
    ],
)
def test_an_earlier_value_set_against_a_later_one_is_past(sentence: str, figure: str, status: str) -> None:
    """It reads a value of an earlier time that its sentence sets against a later one as past."""
    assert timing(sentence, figure).status == status


def test_a_change_is_no_earlier_value() -> None:
    """It keeps a change actual even when a value of now follows it."""
    sentence = "Tourist numbers rose by 20 percent and today stand at 2 million."
    assert timing(sentence, "20 percent", "change", "%").status == "actual"


@pytest.mark.parametrize(
    ("before", "sentence", "figure", "status"),
    [
        # a pronoun and a verb of what the plan takes: the plan's figure
        (
            "We plan to build a bridge over the river. ",
            "This requires 3 billion roubles.",
            "3 billion roubles",
            "plan",
        ),
        (
            "The investor has put forward a project to build a hotel. ",
            "This involves 900 million roubles.",
            "900 million roubles",
            "plan",
        ),
        # the sentence before reports what is done: nothing to carry over
        ("The plant opened in March. ", "This means 500 new jobs.", "500", "actual"),
        # its own time decides: "today" is now, whatever the plan before
        (
            "We plan to build a bridge. ",
            "This requires 3 billion roubles today.",
            "3 billion roubles",
            "actual",
        ),
        # a demonstrative before a noun is no pronoun for the sentence before
        ("We plan to open a museum. ", "This museum holds 40,000 items.", "40,000", "actual"),
        # "the investment" with nothing saying whose: that of what the sentence before plans or did
        (
            "We will build three plants. ",
            "The total investment amounts to 40 billion roubles.",
            "40 billion roubles",
            "plan",
        ),
        (
            "Three plants opened in March. ",
            "The total investment amounts to 40 billion roubles.",
            "40 billion roubles",
            "actual",
        ),
        # ... an investment that says whose is its own
        (
            "We will build three plants. ",
            "The total investment in the region amounts to 400 billion roubles.",
            "400 billion roubles",
            "actual",
        ),
        # a clause after a semicolon goes on about the clause before it
        (
            "",
            "A dairy plant is to open next spring; investment volumes are estimated at 4 billion roubles.",
            "4 billion roubles",
            "plan",
        ),
        (
            "",
            "A dairy plant opened last spring; investment volumes are estimated at 4 billion roubles.",
            "4 billion roubles",
            "actual",
        ),
    ],
)
def test_a_pronoun_going_on_about_a_plan_takes_its_status(
    before: str, sentence: str, figure: str, status: str
) -> None:
    """ "This involves", "This requires", "The investment amounts to": the figure is of what the
    sentence before said, a plan when that one states a plan; its own sentence names no time."""
    kind, unit = ("amount", "RUB") if "roubles" in figure else ("count", "count")
    assert timing(sentence, figure, kind, unit, before=before).status == status


# --- period ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "kind", "period"),
    [
        ("In 2022, retail trade grew by 6 percent.", "6 percent", "change", "year"),
        ("Last year, 14 clinics were opened.", "14", "count", "year"),
        ("In the past five years, 60 schools were built.", "60", "count", "years"),
        (
            "Over three years, the region invested 90 billion roubles.",
            "90 billion roubles",
            "amount",
            "years",
        ),
        ("Since 2016, exports have doubled.", "doubled", "change", "years"),
        ("In 2018–2022, 30 bridges were repaired.", "30", "count", "years"),
        ("In the first half of the year, output rose 4 percent.", "4 percent", "change", "part_year"),
        ("In January–April, sales were up 9 percent.", "9 percent", "change", "part_year"),
        ("Over the past 24 months, prices rose 11 percent.", "11 percent", "change", "years"),
        ("Since the start of the programme, 900 families were rehoused.", "900", "count", "years"),
        ("The mill's annual capacity is 90,000 tonnes.", "90,000 tonnes", "amount", "year"),
        ("Sales have been growing by 5 percent a year.", "5 percent", "change", "year"),
    ],
)
def test_a_time_phrase_gives_the_period(sentence: str, figure: str, kind: str, period: str) -> None:
    """It reads the period from the figure's year or time phrase."""
    assert timing(sentence, figure, kind, "t" if kind == "amount" else "count").period == period


def test_a_phrase_opening_the_sentence_reaches_across_clauses() -> None:
    """It lets "In the past N years, ..." date every clause of its sentence."""
    sentence = "In the past five years, 20 parks have opened; 300 buses have been bought."
    assert timing(sentence, "300").period == "years"


def test_the_nearer_of_a_year_and_a_time_phrase_dates_the_figure() -> None:
    """It takes the period of the nearer time expression: the fronted year, not a later phrase."""
    sentence = "In 2023, sown areas grew by 30 percent and by another 8 percent in early 2024."
    assert timing(sentence, "30 percent", "change", "%").period == "year"
    assert timing(sentence, "8 percent", "change", "%").period == "part_year"


@pytest.mark.parametrize(
    ("sentence", "figure", "kind", "unit"),
    [
        ("In 2023, the region ranked fourth in Russia.", "fourth", "rank", "rank"),
        ("In 2023, the region opened a clinic with 250 beds.", "250", "count", "count"),
        ("Last year, the area under orchards reached 800 hectares.", "800 hectares", "amount", "ha"),
        ("In 2023, the region has 40 industrial parks.", "40", "count", "count"),
        ("Last year, 12 percent of the land was under forest.", "12 percent", "percent", "%"),
        ("The laboratory runs 900 tests a day.", "900", "count", "count"),
        ("The region's population is 1.3 million.", "1.3 million", "count", "count"),
        ("Inflation is 4 percent against 6 percent a year earlier.", "6 percent", "percent", "%"),
        ("By 2030, the port will be able to handle 90 million tonnes.", "90 million tonnes", "amount", "t"),
    ],
)
def test_a_level_at_a_moment_has_no_period(sentence: str, figure: str, kind: str, unit: str) -> None:
    """It gives no period to a rank, a capacity, an area, a share or a rate per day, dated or not."""
    assert timing(sentence, figure, kind, unit).period is None


def test_a_flow_word_makes_a_dated_share_a_years_flow() -> None:
    """It reads a share of a year's output as that year's."""
    sentence = "Last year, civilian products accounted for 30 percent of output."
    assert timing(sentence, "30 percent", "percent", "%").period == "year"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("Wages rose by 9 percent compared with 2019.", "years"),
        ("Wages rose by 9 percent compared with 2023.", "year"),
        ("Wages rose by 9 percent compared with the previous year.", "year"),
    ],
)
def test_a_base_year_gives_a_change_its_period(sentence: str, period: str) -> None:
    """It reads a change against a base two or more years back as one over several years."""
    assert timing(sentence, "9 percent", "change", "%").period == period


def test_a_deadline_years_away_makes_a_count_a_total_over_years() -> None:
    """It reads "N built by 2030" as a total over the years to the deadline, dated the deadline."""
    found = timing("The region will build 30 schools by 2030.", "30")
    assert (found.status, found.period, found.year) == ("plan", "years", 2030)


def test_a_change_for_the_first_time_in_years_is_one_years() -> None:
    """It reads a change "for the first time in ten years" as one year's (the first rise in ten), not
    as a change over the ten years; the phrase dates no count."""
    sentence = "For the first time in the past ten years, births rose by 3 percent."
    assert timing(sentence, "3 percent", "change", "%").period == "year"
    counted = "For the first time in ten years, the city opened 4 schools."
    assert timing(counted, "4 schools", "count", "count").period is None


@pytest.mark.parametrize(
    ("before", "period"),
    [
        ("In 2023, industry grew by 4 percent. ", "year"),
        ("Over the past three years, income grew by 20 percent. Revenue doubled. ", "years"),
        ("The region held its first forum. ", None),
        ("In 2023, output grew by 4 percent in the first quarter. ", None),
        # a list of changes goes on through a sentence that tells a change, and ends at one that does not
        ("Over the past three years, income grew by 20 percent. Sales went up 5 percent. ", "years"),
        ("Over the past three years, exports doubled. Debt was 9 billion; now it is 4 billion. ", "years"),
        ("Over the past three years, income grew by 20 percent. The city has 12 parks. ", None),
        ("Over the past three years, income grew by 20 percent. Debt has fallen to 10 percent. ", None),
    ],
)
def test_a_change_takes_the_period_the_sentences_before_name(before: str, period: str | None) -> None:
    """It gives a change whose sentence names no time the one period the sentences before name, looking
    back past a sentence that names none only while the sentences tell a list of changes."""
    assert timing("Investment rose by 7 percent.", "7 percent", "change", "%", before=before).period == period


def test_this_period_points_to_the_sentence_before() -> None:
    """It reads "over this period" as the period the sentence before names."""
    before = "In 2016–2021, the zone attracted 40 residents. "
    found = timing("Over this period, they created 3,000 jobs.", "3,000", before=before)
    assert found.period == "years"


def test_an_annual_statistic_is_a_years_even_undated() -> None:
    """It reads an amount of a statistic that is a year's by nature (a harvest) as one year's."""
    assert (
        timing("Farms harvested 2.1 million tonnes of grain.", "2.1 million tonnes", "amount", "t").period
        == "year"
    )


def test_a_span_of_two_years_after_a_list_gives_years() -> None:
    """It reads "in 2025 and 2026" closing a clause as several years, a list of nouns between."""
    sentence = "Seven new hospitals, clinics and first-aid stations will be built in 2025 and 2026."
    found = timing(sentence, "Seven new hospitals")
    assert (found.period, found.year) == ("years", None)


@pytest.mark.parametrize("opening", ["Over the period", "During the period", "In that period"])
def test_the_period_points_to_the_period_named_just_before(opening: str) -> None:
    """It reads "over the period" with nothing after it as the period the sentence before names."""
    before = "In 2016–2020, the economy of the region grew steadily. "
    sentence = f"{opening}, 900 kilometres of roads and 45 bridges were repaired."
    assert timing(sentence, "900 kilometres", "amount", "km", before=before).period == "years"
    assert timing(sentence, "45", before=before).period == "years"


def test_a_period_of_something_is_no_pointer_back() -> None:
    """It does not read "over the period of the flood" as the period the sentence before names."""
    before = "In 2016–2020, the economy of the region grew steadily. "
    sentence = "Over the period of the flood, 300 families were rehoused."
    assert timing(sentence, "300", before=before).period != "years"


@pytest.mark.parametrize(
    ("sentence", "figure", "period"),
    [
        ("In addition, 35 schools and 14 kindergartens were built.", "14", "years"),
        ("Also, twenty new clinics were opened.", "twenty", "years"),
        ("Twenty new clinics were opened.", "Twenty", None),
        ("In addition, the region has 20 clinics.", "20", None),
    ],
)
def test_a_flow_continuing_the_sentence_before_takes_its_period(
    sentence: str, figure: str, period: str | None
) -> None:
    """It gives a flow (things built, opened) in a sentence that continues the one before ("In
    addition", "Also") the period that one names; not a sentence of its own, nor a level."""
    before = "Over the past five years, 40 parks have been laid out in the region. "
    assert timing(sentence, figure, before=before).period == period


def test_the_frame_is_the_period_named_last() -> None:
    """It carries the period a sentence names last to the next sentence's flows."""
    before = "Nine clinics were opened last year, 30 playgrounds were built over three years. "
    assert timing("In addition, 12 schools were built.", "12", before=before).period == "years"


# --- per ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "unit", "per"),
    [
        ("The dairy processes 200 tonnes of milk a day.", "200 tonnes", "t", "day"),
        ("The dairy has a daily capacity of 200 tonnes.", "200 tonnes", "t", "day"),
        ("The plant makes 5 million masks per month.", "5 million", "count", "month"),
        ("The incidence is 85 cases per 100,000 people.", "85", "count", "100000 people"),
        ("There are 12 beds per 1,000 residents.", "12", "count", "1000 people"),
        ("There are 40 doctors per 10,000 residents.", "40", "count", "10000 people"),
        ("Income per capita reached 50,000 roubles.", "50,000 roubles", "RUB", "person"),
        ("Each family will get 30,000 roubles.", "30,000 roubles", "RUB", "family"),
        ("Farmers get 2,000 roubles per hectare.", "2,000 roubles", "RUB", "hectare"),
        ("Parents get 10,000 roubles for each child.", "10,000 roubles", "RUB", "child"),
        ("Each plant will make goods worth 3 billion roubles.", "3 billion roubles", "RUB", "plant"),
    ],
)
def test_a_rate_phrase_near_the_figure_gives_its_denominator(
    sentence: str, figure: str, unit: str, per: str
) -> None:
    """It reads the denominator of a rate written right after or right before the figure."""
    assert timing(sentence, figure, "amount", unit).per == per


@pytest.mark.parametrize(
    ("sentence", "figure", "unit"),
    [
        ("Yields reached 3.9 tonnes per hectare.", "3.9 tonnes per hectare", "t/ha"),
        ("The port will handle 9 million tonnes a year.", "9 million tonnes", "t"),
        ("Over 60 percent of residents live in towns.", "Over 60 percent", "%"),
        ("Two laboratories run 800 tests a day.", "Two", "count"),
        ("It makes 90 tonnes of cheese daily, 12 percent more than before.", "12 percent", "%"),
        ("As per the instruction, 9 schools were repaired.", "9", "count"),
        ("Each of the 12 clinics got new scanners.", "12", "count"),
    ],
)
def test_no_rate_without_a_denominator_of_its_own(sentence: str, figure: str, unit: str) -> None:
    """It gives no per to a yield, a yearly amount, a share, or a figure whose rate is another's."""
    assert timing(sentence, figure, "amount", unit).per is None


# --- year --------------------------------------------------------------------------------------


def test_over_this_year_dates_the_figure() -> None:
    """It reads "over this year" as the figure's year, not a comparison base."""
    sentence = "Over this year, we plan to repair 1,000 clinics."
    fs = sentence.index("1,000")
    assert figure_year(sentence, fs, fs + 5, MEETING) == 2024


@pytest.mark.parametrize(
    ("sentence", "figure", "year"),
    [
        ("Output grew by 4 percent over the past year.", "4 percent", 2023),
        ("Exports grew by 9 percent over last year.", "9 percent", None),
        (
            "Last year, the fund got 90 million roubles, and this year it will get 120 million.",
            "120 million",
            2024,
        ),
        ("In late 2023 or early 2024, 12 clinics will open.", "12", 2023),
        (
            "Sales grew by 6 percent between January and August of 2024 on the same period of 2023.",
            "6 percent",
            2024,
        ),
    ],
)
def test_the_year_of_the_figures_own_clause(sentence: str, figure: str, year: int | None) -> None:
    """It dates a figure by its own clause's year: the past year is a period, not a base; an opening
    year does not reach past a nearer clause's own; a month range does not push its year away."""
    assert timing(sentence, figure, "change", "%").year == year


def test_of_two_fronted_years_the_nearer_dates_the_figure() -> None:
    """It dates each figure by the nearer of two clause-opening years."""
    sentence = "In 2012, it was 9 percent, and in 2019, it reached 22 percent."
    fs = sentence.index("22 percent")
    assert figure_year(sentence, fs, fs + 10, MEETING) == 2019


def test_a_year_after_a_figure_belongs_to_the_next_figure_unless_from_precedes() -> None:
    """It gives "X in 2015 to reach Y" the year for both, "from X in 2007 to Y" for X alone."""
    both = "The GRP grew by 3 billion roubles in 2015 to reach 50 billion."
    fs = both.index("50 billion")
    assert figure_year(both, fs, fs + 10, MEETING) == 2015
    alone = "Output went from 4 tons in 2007 to 18 tons."
    fs = alone.index("18 tons")
    assert figure_year(alone, fs, fs + 7, MEETING) is None


@pytest.mark.parametrize(
    ("sentence", "figure", "kind", "year"),
    [
        ("Over 2023, the construction index reached 108 percent.", "108 percent", "index", 2023),
        (
            "The construction index reached 108 percent over 2023, the fourth result in the district.",
            "108 percent",
            "index",
            2023,
        ),
        (
            "The construction index reached 108 percent over 2023, the fourth result in the district.",
            "fourth",
            "rank",
            2023,
        ),
        ("Exports showed a 12 percent increase over 2019.", "12 percent", "change", None),
        ("Exports were 12 percent higher over 2019.", "12 percent", "change", None),
    ],
)
def test_over_a_year_is_that_years_unless_a_comparison_precedes(
    sentence: str, figure: str, kind: str, year: int | None
) -> None:
    """It reads "over 2023" as the figure's year; "an increase over 2019" as a comparison base."""
    assert timing(sentence, figure, kind, "%").year == year


@pytest.mark.parametrize(
    ("sentence", "figure", "year"),
    [
        ("Last year, 300 flats were commissioned, and 450 will be commissioned this year.", "450", 2024),
        ("Last year, 300 flats were commissioned, and 450 will be commissioned this year.", "300", 2023),
        ("In 2022, we rebuilt 8 bridges, and 11 will be rebuilt in 2025.", "11", 2025),
    ],
)
def test_each_figure_takes_the_year_of_its_own_clause(sentence: str, figure: str, year: int) -> None:
    """It dates a figure by a year in its own clause, not by the year opening the sentence."""
    assert timing(sentence, figure).year == year


def test_a_year_closing_the_clause_before_does_not_date_the_next() -> None:
    """It keeps "last year" closing one clause off the next clause's figure, which has its own time."""
    sentence = "Nine clinics were opened last year, 30 playgrounds were built over three years."
    assert (timing(sentence, "Nine").year, timing(sentence, "Nine").period) == (2023, "year")
    assert (timing(sentence, "30").year, timing(sentence, "30").period) == (None, "years")


# --- the tables --------------------------------------------------------------------------------


def test_phrases_compile_and_match_their_plain_reading() -> None:
    """It turns each table phrase into a regex that matches the phrase read plainly."""
    for section in ("status", "period"):
        for key, phrases in tables()[section].items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                continue
            for phrase in phrases:
                plain = _plain(phrase)
                if plain is not None:
                    assert re.fullmatch(phrase_pattern(phrase), plain), (section, key, phrase, plain)


def _phrases_of(section: str) -> list[str]:
    """Every phrase of a section of the tables (of its lists, and of the lists of its mappings)."""
    values = list(tables()[section].values())
    values += [v for table in values if isinstance(table, dict) for v in table.values()]
    return [p for phrases in values if isinstance(phrases, list) for p in phrases if isinstance(p, str)]


def _plain(phrase: str) -> str | None:
    """A phrase read plainly: first alternatives, optional words dropped; None with placeholders."""
    if "{" in phrase:
        return None
    words = [w.split("|")[0] for w in phrase.split() if not w.startswith(("[", "!"))]
    return " ".join(words).replace(" - ", "-")


def test_a_sentence_is_read_once() -> None:
    """It reads a sentence once for all its figures (the reading is cached and shared)."""
    sentence = "In 2023, 5 schools and 7 clinics were built."
    assert read_sentence(sentence) is read_sentence(sentence)


# --- the reading is exact and its shortcuts lose nothing -----------------------------------------


def _scan_word_by_word(low: str) -> tuple[dict[str, list[Cue]], list[Cue]]:
    """The phrases, marks and years of folded text found the plain way: at every start of a word, the
    longest first word of a phrase there, then its phrases tried in order (what `_scan` must find)."""
    _, by_key = timing_module._reader()
    keys = sorted(by_key, key=len, reverse=True)
    found: dict[str, list[Cue]] = {}
    years: list[Cue] = []
    words: list[range] = []  # the first words found ("vs." holds its full stop: no clause mark)
    for p in (m.start() for m in re.finditer(r"(?<![a-z0-9'])[a-z]", low)):
        key = next((k for k in keys if re.match(re.escape(k) + r"(?![a-z0-9])", low[p:])), None)
        matched = None if key is None else by_key[key].pattern.match(low, p)
        if key is not None:
            words.append(range(p, p + len(key)))
        if key is not None and matched is not None:
            for role, value in by_key[key].meanings[matched.lastgroup or ""]:
                found.setdefault(role, []).append(Cue(p, matched.end(), role, value))
    for mark in re.finditer(r"[;:]|\.\s", low):
        if not any(mark.start() in word for word in words):
            found.setdefault("hard", []).append(Cue(mark.start(), mark.end(), "hard", mark.group()[0]))
    for year in re.finditer(r"(?<![a-z0-9'])(?:1[89]|20)\d\d(?![.,]?\d)", low):
        years.append(Cue(year.start(), year.end(), "year", year.group()))
    for cues in found.values():
        cues.sort()
    years.extend(found.pop("relative_year", ()))
    return found, sorted(years)


_FILLS = {"{n}": "five", "{year}": "2019", "{month}": "may", "{word}": "child", "-": "-"}


def _filled(phrase: str, alternative: int) -> str:
    """A phrase of the tables written out: each word's `alternative`-th choice (or its last), optional
    words kept, placeholders filled ("in the past five years")."""
    words = []
    for token in phrase.split():
        if token.startswith("!"):
            continue
        choices = token.strip("[]").split("|")
        word = choices[min(alternative, len(choices) - 1)]
        words.append(_FILLS.get(word, word))
    return " ".join(words).replace(" - ", "-")


_TABLE_PHRASES = [
    _filled(p, n)
    for section in ("status", "period", "clauses", "per")
    for p in _phrases_of(section)
    for n in range(2)
] + [_filled(p, 0) for p in tables()["year"]["relative"]]
_PIECES = st.sampled_from(_TABLE_PHRASES) | st.sampled_from(["the region", ",", ";", ".", "2019–2024", "x"])


@given(st.lists(_PIECES, max_size=12))
def test_the_scan_finds_what_a_word_by_word_reading_finds(pieces: list[str]) -> None:
    """It finds every phrase, mark and year a plain word-by-word reading finds, no more (the one regex
    skips letters and rejects a first word whose next word no phrase has)."""
    low = folded(" ".join(pieces))
    assert timing_module._scan(low) == _scan_word_by_word(low)


@given(st.lists(_PIECES, max_size=8))
def test_a_sentence_passed_over_names_no_time(pieces: list[str]) -> None:
    """It skips reading a sentence before only when that sentence names no period or year."""
    sentence = " ".join(pieces)
    if not timing_module._may_name_time(sentence):
        assert timing_module._named_periods(read_sentence(sentence), MEETING) == []


# --- totality ----------------------------------------------------------------------------------

_TIMING_TEXT = """
    will plan expected from to in the past five years since 2019 2019–2023 first quarter January May a
    day per capita per 100,000 people annual every year now today ago back in against compared with
    last year this year over this period for the first time , ; : . and that while
"""
_TIMING_WORDS = tuple(_TIMING_TEXT.split())

_sentences = st.lists(st.sampled_from(_TIMING_WORDS) | st.text(max_size=6), max_size=30).map(" ".join)


@given(
    sentence=_sentences | st.text(),
    start=st.integers(min_value=0, max_value=200),
    length=st.integers(min_value=0, max_value=20),
    kind=st.sampled_from(["count", "amount", "percent", "change", "rank", "index"]),
    unit=st.sampled_from(["count", "t", "%", "x", "rank", "ha", "t/ha", "RUB"]),
    meeting=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    before=_sentences,
)
def test_timing_is_total(
    sentence: str, start: int, length: int, kind: str, unit: str, meeting: date | None, before: str
) -> None:
    """It returns a well-formed timing for any sentence, offsets, kind and meeting date."""
    fs = min(start, len(sentence))
    fe = min(fs + length, len(sentence))
    found = figure_timing(sentence, fs, fe, kind, unit, meeting, before)
    assert found.status in FIGURE_STATUSES
    assert found.period is None or found.period in PERIODS
    assert found.per is None or (isinstance(found.per, str) and found.per)
    assert found.year is None or isinstance(found.year, int)
