"""How much of the region a figure covers (`regional_report.extract.scope`): region or part.

Golden cases in English sentences of the team's own are in `tests/golden/scope.yaml`; these tests look at
the rules one by one.
"""

from __future__ import annotations

import yaml

from regional_report.extract.measure import Measure, measure_figure
from regional_report.extract.scope import SCOPE_FILE, figure_scope, vocabulary


def _measure(sentence: str, figure: str, kind: str, unit: str, before: str = "") -> Measure:
    start = sentence.index(figure)
    return measure_figure(sentence, start, start + len(figure), kind, unit, before)


def _scope(sentence: str, figure: str, kind: str, unit: str, before: str = "") -> str:
    start = sentence.index(figure)
    measured = measure_figure(sentence, start, start + len(figure), kind, unit, before)
    return figure_scope(measured, kind, unit, before)


def test_a_plain_regional_figure_is_the_regions() -> None:
    """Nothing narrows "Gross regional product grew by 3 percent": the region's."""
    assert _scope("Gross regional product grew by 3 percent.", "3 percent", "change", "%") == "region"


def test_a_facility_owning_the_figure_makes_it_a_part() -> None:
    """ "a hospital with 250 beds": one hospital's beds."""
    assert _scope("A hospital with 250 beds opened.", "250 beds", "count", "count") == "part"


def test_a_count_of_facilities_is_the_regions() -> None:
    """ "25 projects": the region's count of projects, though a project is one unit."""
    assert _scope("The region runs 25 projects.", "25 projects", "count", "count") == "region"


def test_a_narrowing_modifier_or_complement_makes_a_part() -> None:
    """ "the metallurgical industry", "spending on healthcare": one sector inside the metric."""
    assert _scope("The metallurgical industry grew by 8 percent.", "8 percent", "change", "%") == "part"
    assert _scope("Spending on healthcare rose by 5 percent.", "5 percent", "change", "%") == "part"


def test_a_neutral_modifier_keeps_the_whole() -> None:
    """ "total investment", "the regional budget": still the region's."""
    assert _scope("Total investment rose by 5 percent.", "5 percent", "change", "%") == "region"


def test_a_kind_within_the_metric_is_a_part() -> None:
    """ "Coal extraction": one kind of mining."""
    assert _scope("Coal extraction reached 3 million tonnes.", "3 million tonnes", "amount", "t") == "part"


def test_money_for_a_purpose_is_a_part() -> None:
    """ "spent 2 billion on road repairs": money for one purpose."""
    sentence = "The government spent 2 billion roubles on road repairs."
    assert _measure(sentence, "2 billion roubles", "amount", "RUB").metric == "budget_spending"
    assert _scope(sentence, "2 billion roubles", "amount", "RUB") == "part"


def test_a_place_inside_the_region_is_a_part() -> None:
    """ "in 12 districts", "there": a place, not the region."""
    assert _scope("Clinics opened in 12 districts.", "12", "count", "count") == "part"
    assert _scope("Two resorts operate there.", "Two", "count", "count") == "part"


def test_every_word_of_the_scope_table_is_a_string() -> None:
    """A YAML word read as something else (on, no, yes: booleans) would silently never match."""
    raw = yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8"))
    for key, words in raw.items():
        assert isinstance(words, list), key
        assert all(isinstance(w, str) and w == w.lower() for w in words), (key, words)
    assert "plant" in vocabulary().part_nouns


def test_built_medical_cultural_and_sports_facilities_are_parts() -> None:
    """The gold's convention: each clinic, house of culture or sports centre built is one unit of a
    network; the schools built are the region's."""
    sentence = "Over three years, 12 outpatient clinics, six sports centres and 40 schools were built."
    assert _scope(sentence, "12", "count", "count") == "part"
    assert _scope(sentence, "six", "count", "count") == "part"
    assert _scope(sentence, "40", "count", "count") == "region"


def test_beds_set_aside_are_a_part_of_all_beds() -> None:
    """Beds "allocated" or "prepared" are those set aside for a purpose; the beds the region has are its own."""
    assert _scope("Over 800 beds have been prepared.", "Over 800 beds", "count", "count") == "part"
    assert _scope("Half of the allocated beds are free.", "Half", "percent", "%") == "part"
    assert _scope("The region has 9,000 hospital beds.", "9,000", "count", "count") == "region"


def test_a_kind_inside_a_longer_cue_is_a_part() -> None:
    """ "rabbit breeding" names meat through one of its kinds."""
    sentence = "The region ranks third in Russia in terms of rabbit breeding."
    assert _scope(sentence, "third", "rank", "rank") == "part"


def test_a_unit_pointed_back_to_owns_the_figure() -> None:
    """ "this line", "these projects": the figure is that unit's, wherever it stands in the sentence."""
    assert _scope("Some 40,000 passengers use this line every day.", "40,000", "count", "count") == "part"
    sentence = "These projects are approved, and they will create 3,000 new jobs."
    assert _scope(sentence, "3,000", "count", "count") == "part"
    assert _scope("This year, 3,000 new jobs were created.", "3,000", "count", "count") == "region"


def test_a_pronoun_owner_takes_what_it_stands_for() -> None:
    """ "it", "its" after a sentence on a unit; "their" for the plural noun before; "his" for a person."""
    investor = "The dairy company is a major investor in the region's farms."
    assert (
        _scope(
            "Over three years, it has invested 4 billion roubles.",
            "4 billion roubles",
            "amount",
            "RUB",
            investor,
        )
        == "part"
    )
    assert (
        _scope("It grew by 5 percent.", "5 percent", "change", "%", "Investment reached 50 billion roubles.")
        == "region"
    )
    plants = "The republic has eight defence plants."
    assert (
        _scope(
            "The share of their civilian products reached 30 percent.", "30 percent", "percent", "%", plants
        )
        == "part"
    )
    assert _scope("The soldier saved 12 of his comrades.", "12", "count", "count") == "part"
    sentence = "The governor said his region plans to double its exports."
    assert _scope(sentence, "double", "change", "x") == "region"


def test_the_subject_of_the_clause_owns_a_figure_deep_in_it() -> None:
    """ "A new factory ... to produce 120 million masks", "a project ..., including the construction of 60
    turbines": the clause's subject, however far back; not a reporting verb's, nor a plural's (all of them)."""
    sentence = "A new factory is operating in a trial mode to produce 90 million masks a month."
    assert _scope(sentence, "90 million", "count", "count") == "part"
    sentence = "A wind power project was completed, including the construction of 40 turbines."
    assert _scope(sentence, "40", "count", "count") == "part"
    sentence = "The Governor reported that as of May 3, 2,400 people had recovered."
    assert _scope(sentence, "2,400 people", "count", "count") == "region"
    sentence = "The region's companies have increased their exports by 1.5 times over five years."
    assert _scope(sentence, "1.5 times", "change", "x") == "region"


def test_a_programme_named_or_begun_owns_its_figures_but_not_the_economy() -> None:
    """ "since the beginning of the programme", "under the Northern Homes project": the programme's;
    the GRP "under the Programme for the Development of the North" is still the region's."""
    sentence = "Since the beginning of the programme, we have relocated 12,000 families."
    assert _scope(sentence, "12,000 families", "count", "count") == "part"
    sentence = "In addition, 300,000 square metres of housing will be built under the Northern Homes project."
    assert _scope(sentence, "300,000 square metres", "amount", "m2") == "part"
    sentence = "The region plans to raise the Gross Regional Product to 2 trillion roubles under the Programme for the Development of the North."
    assert _scope(sentence, "2 trillion roubles", "amount", "RUB") == "region"


def test_a_bare_sum_with_the_after_a_sentence_on_a_project_is_the_projects() -> None:
    """ "A project to build a pulp mill is being signed. The investment exceeds 30 billion roubles." """
    before = "A project to build a pulp mill near the river port is being signed."
    sentence = "The investment exceeds 30 billion roubles."
    assert _scope(sentence, "exceeds 30 billion roubles", "amount", "RUB", before) == "part"
    before = "The region attracted record funds last year."
    assert _scope(sentence, "exceeds 30 billion roubles", "amount", "RUB", before) == "region"


def test_places_marked_out_and_destinations() -> None:
    """ "from landslide-prone areas", "in the area of contamination": places of the region; "shipped
    there" is a destination, not a place of the region."""
    sentence = "We will relocate 5,000 people from landslide-prone areas."
    assert _scope(sentence, "5,000 people", "count", "count") == "part"
    sentence = "Some 20,000 residents live in the area of radioactive contamination."
    assert _scope(sentence, "20,000", "count", "count") == "part"
    sentence = "Over 200 tonnes of humanitarian aid have been collected and shipped there."
    assert _scope(sentence, "Over 200 tonnes", "amount", "t") == "region"


def test_people_covered_by_a_measure_are_its_recipients() -> None:
    """ "covered by support measures", "will receive certificates": a named subset of the people."""
    sentence = "A total of 400,000 people are covered by social support measures."
    assert _scope(sentence, "400,000 people", "count", "count") == "part"
    assert (
        _scope("The population reached 1.2 million people.", "1.2 million people", "count", "count")
        == "region"
    )


def test_the_agent_of_a_sum_owns_it() -> None:
    """ "investment by the region's oil companies": theirs."""
    sentence = "Investment by the region's major oil companies reached 500 billion roubles."
    assert _scope(sentence, "500 billion roubles", "amount", "RUB") == "part"


def test_a_restatement_after_or_takes_the_scope_of_the_figure_it_restates() -> None:
    """ "including 200 with oxygen, or 90 percent of the norm": the oxygen beds' share."""
    sentence = "The region has 900 beds, including 200 with oxygen, or 90 percent of the norm."
    assert _scope(sentence, "90 percent", "percent", "%") == "part"


def test_at_some_units_is_a_part_and_at_all_of_them_the_whole() -> None:
    """ "jobs at large and medium-size enterprises", "through the city airport": at some units; "at
    hospitals": at all of them."""
    sentence = "About 9,000 jobs were created at large and medium-size enterprises."
    assert _scope(sentence, "About 9,000 jobs", "count", "count") == "part"
    sentence = "The number of passengers travelling through the city airport has doubled."
    assert _scope(sentence, "doubled", "change", "x") == "part"
    sentence = "The staffing level at hospitals has increased by 20 percent."
    assert _scope(sentence, "20 percent", "change", "%") == "region"


def test_an_infinitive_or_a_participle_takes_the_subject_of_its_clause() -> None:
    """ "The X Plant is capable of producing 3,000", "Belarus was the key partner accounting for 60
    percent", "a project covering three cities"."""
    sentence = "The Northern Pump Plant is capable of producing 2,000 pumps a year."
    assert _scope(sentence, "2,000", "count", "count") == "part"
    sentence = "The Republic of Belarus was the region's key partner accounting for 60 percent of its trade."
    assert _scope(sentence, "60 percent", "percent", "%") == "part"
    sentence = "Those talks concerned a project covering three of the region's towns."
    assert _scope(sentence, "three", "count", "count") == "part"


def test_units_picked_out_by_size_or_purpose_are_a_selection() -> None:
    """ "ten major projects", "eight projects on wind energy"; "25 investment projects" is the count."""
    assert _scope("This year, ten major projects will start.", "ten", "count", "count") == "part"
    assert _scope("We run eight projects on wind energy.", "eight", "count", "count") == "part"
    assert _scope("We run 25 investment projects.", "25", "count", "count") == "region"


def test_a_figure_restated_as_this_figure_keeps_the_scope_of_the_first() -> None:
    sentence = "Last year, the institute received 90 million roubles, and this year this figure will grow to 95 million roubles."
    assert _scope(sentence, "95 million roubles", "amount", "RUB") == "part"


def test_an_answer_to_a_question_about_a_place_is_that_places() -> None:
    """ "How many people live in this area? - About 40,000." """
    before = "Vladimir Putin: How many people live in this area?"
    assert _scope("Governor: About 40,000.", "About 40,000", "count", "count", before) == "part"


def test_a_share_said_to_be_one_kind_is_a_part() -> None:
    """ "70 percent of that is social spending"; not "90 percent of equipment is of Russian make"."""
    assert (
        _scope("About 70 percent of that is social spending.", "About 70 percent", "percent", "%") == "part"
    )
    assert (
        _scope("Ninety percent of equipment is of Russian make.", "Ninety percent", "percent", "%")
        == "region"
    )


def test_an_example_set_off_does_not_narrow_the_whole() -> None:
    """ "The industry, in particular the manufacturing sector, ... a 2 percent increase": the industry's."""
    sentence = "The industry, in particular the manufacturing sector, has begun to recover; we will see a 2 percent increase."
    assert _scope(sentence, "2 percent", "change", "%") == "region"


def test_what_the_clause_says_the_figure_is_in_terms_of() -> None:
    """ "at 4,000 tonnes of meat the region ranked first in terms of rabbit breeding": rabbit meat."""
    sentence = "At over 3,000 tonnes of meat the region ranked second in terms of rabbit breeding."
    assert _scope(sentence, "over 3,000 tonnes", "amount", "t") == "part"


def test_money_and_products_named_before_or_sold() -> None:
    """ "these funds" after money spent on something; tonnes of one product sold."""
    before = "The region is spending more money on major repairs of clinics."
    sentence = "In 2021, these funds amounted to 300 million roubles."
    assert _scope(sentence, "300 million roubles", "amount", "RUB", before) == "part"
    assert (
        _scope("We can market up to 5,000 tonnes of apples.", "up to 5,000 tonnes", "amount", "t") == "part"
    )


def test_people_named_by_their_work() -> None:
    """ "medical workers involved in treating patients", "employees in the social sector"."""
    sentence = "As many as 1,200 medical workers are involved in treating patients."
    assert _scope(sentence, "1,200", "count", "count") == "part"
    sentence = "Over 90 percent of employees in the social sector have been vaccinated."
    assert _scope(sentence, "Over 90 percent", "percent", "%") == "part"
    sentence = "In all, over 95 percent of people involved in the economy are working now."
    assert _scope(sentence, "over 95 percent", "percent", "%") == "region"


def test_a_figure_in_brackets_measures_the_phrase_before_them() -> None:
    """ "a gas pipeline from Volkhov to Murmansk (1,367 km)": the pipeline's length."""
    sentence = "The Government approved a gas pipeline from Kirishi to Pskov (410 km) last year."
    assert _scope(sentence, "410 km", "amount", "km") == "part"
    sentence = "More than 60 percent (1,200) people have recovered."
    assert _scope(sentence, "1,200", "count", "count") == "region"
