"""What a figure measures (`regional_report.extract.measure`): the head phrase and its metric.

Every sentence here is the team's own, written to pin one rule of English at a time; none is taken
from the corpus or the gold. The whole extractor on such sentences is pinned in
`tests/golden/metrics_v2.yaml` and `tests/golden/scope.yaml`; these tests look at the steps.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lanes import examples

from regional_report.extract import measure
from regional_report.extract.engine import _LEXEMES
from regional_report.extract.measure import (
    CUES_FILE,
    GRAMMAR_FILE,
    Phrase,
    fold,
    measure_figure,
    noun_phrase,
    phrase_metric,
    verb_forms,
    words_of,
)
from regional_report.extract.scope import figure_scope
from regional_report.extract.text import sentence_spans
from regional_report.metrics import metrics


def _measure(sentence: str, figure: str, kind: str, unit: str, before: str = "") -> measure.Measure:
    start = sentence.index(figure)
    return measure_figure(sentence, start, start + len(figure), kind, unit, before)


def _head_words(sentence: str, figure: str, kind: str, unit: str, before: str = "") -> str:
    start = sentence.index(figure)
    head = measure.head_of(sentence, start, start + len(figure), kind, unit, before)
    assert head is not None
    return " ".join(head.words.low[head.a : head.b])


def _phrase(sentence: str, first: str) -> Phrase:
    words = words_of(sentence)
    np = noun_phrase(words, words.low.index(first))
    assert np is not None
    return np


# --- words ----------------------------------------------------------------------------------------


def test_fold_removes_plural_endings_only() -> None:
    """Plurals fold to the singular; words that merely end in s keep it."""
    assert [fold(w) for w in ("schools", "facilities", "taxes", "gas", "business", "SMEs")] == [
        "school",
        "facility",
        "tax",
        "gas",
        "business",
        "sme",
    ]


def test_verb_forms_double_a_final_consonant_and_turn_y_into_ied() -> None:
    """Regular forms as English spells them: "totalled", "dropped", "supplied", "increased"."""
    assert "totalled" in verb_forms("total")
    assert "dropped" in verb_forms("drop")
    assert "supplied" in verb_forms("supply")
    assert verb_forms("increase") == ("increase", "increases", "increased", "increasing")


def test_a_word_that_may_be_a_verb_or_a_noun_is_read_from_its_neighbours() -> None:
    """ "Exports" is a noun before a verb and a verb between a noun and its object."""
    noun = words_of("Exports grew by 14 percent.")
    verb = words_of("The region exports 40,000 tonnes of grain.")
    assert noun.role[0] == "w"
    assert verb.role[verb.low.index("exports")] == "v"


def test_a_possessive_is_a_word_of_its_own() -> None:
    """ "the region's debt": the possessor, the clitic, then the phrase it owns."""
    words = words_of("The region's public debt fell.")
    assert words.low[:4] == ("the", "region", "'s", "public")
    assert words.role[2] == "d"


# --- noun phrases and their metric ----------------------------------------------------------------


def test_a_light_head_takes_its_complement() -> None:
    """ "the number of tourists visiting the region": the head is "number", the phrase runs on."""
    sentence = "The number of tourists visiting the region grew."
    words = words_of(sentence)
    np = _phrase(sentence, "the")
    assert words.low[np.h] == "number"
    assert phrase_metric(words, np) == "tourists"


def test_a_head_that_names_a_thing_ignores_its_modifiers() -> None:
    """ "dairy farms" are farms, not milk; "oil companies" are companies, not oil."""
    for sentence in ("The dairy farms opened.", "The oil companies grew."):
        assert phrase_metric(words_of(sentence), _phrase(sentence, "the")) is None


def test_a_light_head_takes_the_modifier_right_before_it() -> None:
    """ "a wage increase" is a wages figure; a possessor is not such a modifier."""
    wage = "They got a wage increase."
    share = "The processing industry's share grew."
    assert phrase_metric(words_of(wage), _phrase(wage, "a")) == "wages"
    assert phrase_metric(words_of(share), _phrase(share, "the")) is None


def test_the_first_of_two_joined_heads_names_the_metric() -> None:
    """ "tax revenue and other payments": the first conjunct is the metric's."""
    sentence = "Tax revenue and other payments rose."
    assert phrase_metric(words_of(sentence), _phrase(sentence, "tax")) == "budget_revenue"


def test_a_phrase_that_names_no_metric_wins_over_its_cues() -> None:
    """ "national projects" are the federal programmes, not investment projects."""
    sentence = "The national projects go on."
    assert phrase_metric(words_of(sentence), _phrase(sentence, "the"), "count") is None


# --- the head phrase ------------------------------------------------------------------------------


def test_the_counted_noun_is_the_first_plural_after_the_number() -> None:
    """ "20 companies produce masks": the count is of companies, not of masks."""
    assert _head_words("Some 20 companies produce masks.", "20", "count", "count") == "companies"


def test_an_of_phrase_says_what_a_quantity_is_of() -> None:
    """ "3,500 tonnes of pork": pork, whatever the verb."""
    assert _measure("Farmers produced 3,500 tonnes of pork.", "3,500 tonnes", "amount", "t").metric == "meat"


def test_a_level_verb_measures_its_subject() -> None:
    """ "The unemployment rate fell to 1.1 percent": the subject, past the verb group."""
    m = _measure("The unemployment rate has already fallen to 1.1 percent.", "1.1 percent", "percent", "%")
    assert m.metric == "unemployment"


def test_a_share_after_a_level_verb_is_the_subjects() -> None:
    """ "Debt has fallen to 12 percent of own revenues": a debt figure, though revenue follows "of"."""
    m = _measure("Public debt has fallen to 12 percent of own revenues.", "12 percent", "percent", "%")
    assert m.metric == "public_debt"


def test_an_aside_between_subject_and_verb_is_passed_over() -> None:
    """ "Industrial output, in comparable prices, grew": the subject is before the aside."""
    m = _measure("Industrial output, in comparable prices, grew by 4 percent.", "4 percent", "change", "%")
    assert m.metric == "industrial_production"


def test_a_governing_verb_names_money() -> None:
    """ "we invested 25 billion" and "5 billion was allocated": the verb says what the money is."""
    assert _measure(
        "Last year we invested 25 billion roubles.", "25 billion roubles", "amount", "RUB"
    ).metric == ("investment")
    passive = _measure("Some 5 billion roubles was allocated.", "5 billion roubles", "amount", "RUB")
    assert passive.metric == "budget_spending"


def test_a_cue_elsewhere_in_the_sentence_names_nothing() -> None:
    """A figure whose own phrase names nothing gets no metric from a cue in another phrase."""
    m = _measure("Speaking of investment, the governor said 40 people came.", "40 people", "count", "count")
    assert m.metric is None


def test_a_pronoun_reads_the_sentence_before() -> None:
    """ "They rose by 9 percent": "they" stands for the phrase the sentence before is about."""
    m = _measure(
        "They rose by 9 percent.", "9 percent", "change", "%", before="Tourist numbers keep growing. "
    )
    assert m.metric == "tourists"


def test_a_pronoun_reads_only_the_sentence_before() -> None:
    """Nothing further back than the sentence before is read."""
    before = "Wages grew by 6 percent. The weather was mild. "
    assert _measure("They rose by 9 percent.", "9 percent", "change", "%", before=before).metric is None


def test_a_figure_restating_another_takes_its_head() -> None:
    """ "nearly 2 million visitors, 1.9 million to be precise": the second is the first's."""
    sentence = "The region received nearly 2 million visitors, 1.9 million to be precise."
    assert _measure(sentence, "1.9 million", "count", "count").metric == "tourists"


def test_which_after_a_figure_stands_for_it() -> None:
    """ "..., which is 15 percent more": the relative stands for the figure before it."""
    sentence = "Grain harvest totalled 2 million tonnes, which is 15 percent more than before."
    assert _measure(sentence, "15 percent", "change", "%").metric == "grain"


def test_which_after_a_comma_stands_for_the_phrase_before_it_when_that_names_a_metric() -> None:
    """ "the 2024 budget, which is 8 percent larger": the budget, though a year stands before it."""
    sentence = "The money went to the 2024 budget, which is 8 percent larger than planned."
    assert _measure(sentence, "8 percent", "change", "%").metric == "budget_revenue"


def test_a_figure_in_brackets_quantifies_the_phrase_before_them() -> None:
    """ "federal funding (1.5 billion)": the bracketed figure is the funding's."""
    sentence = "The park was built with federal funding (1.5 billion) and private money."
    assert _measure(sentence, "1.5 billion", "amount", "RUB").metric == "budget_spending"


def test_a_reply_that_repeats_a_figure_takes_its_head() -> None:
    """ "President: 3 percent?" repeats the figure of the sentence before, and measures what it did."""
    before = "Governor: Unemployment is down to 3 percent. "
    assert _measure("President: 3 percent?", "3 percent", "percent", "%", before).metric == "unemployment"
    assert _measure("President: 4 percent?", "4 percent", "percent", "%", before).metric is None


def test_a_pronoun_after_a_question_reads_what_it_asks_about() -> None:
    """ "What about investment? - It grew by 9 percent": the question's noun phrase."""
    m = _measure("It grew by 9 percent.", "9 percent", "change", "%", before="And what about investment? ")
    assert m.metric == "investment"
    statement = _measure(
        "It grew by 9 percent.", "9 percent", "change", "%", before="We discussed investment. "
    )
    assert statement.metric is None  # a statement's object is no topic


def test_a_chain_of_pronouns_reaches_the_phrase_they_stand_for() -> None:
    """ "Wages were 40,000. It rose to 42,000. We expect it to reach 45,000.": all are wages."""
    before = "Average wages were 40,000 roubles. It rose to 42,000 roubles. "
    m = _measure("We expect it to reach 45,000 roubles.", "45,000 roubles", "amount", "RUB", before)
    assert m.metric == "wages"


def test_a_light_noun_takes_the_subject_of_the_clause_before() -> None:
    """ "Exports recovered; we expect a 6 percent increase": the increase is the exports'."""
    sentence = "Exports recovered in the spring; we expect a 6 percent increase this year."
    assert _measure(sentence, "6 percent", "change", "%").metric == "exports"


def test_a_passive_names_its_subject_by_what_it_is_provided_with() -> None:
    """ "N families were provided with housing certificates": a count of support recipients."""
    sentence = "Some 300 families were provided with housing certificates."
    assert _measure(sentence, "300 families", "count", "count").metric == "social_support"


def test_the_number_of_things_counts_them() -> None:
    """ "leads in the number of projects": projects counted, not investment in roubles."""
    sentence = "The region leads the district in the number of projects."
    assert _measure(sentence, "leads", "rank", "rank").metric == "investment_projects"


def test_a_narrower_metric_named_before_the_figure_takes_it() -> None:
    """Housing that people are relocated to measures their resettlement; built housing is housing."""
    relocated = "We relocated 500 families to 20,000 square metres of new housing."
    built = "We built 20,000 square metres of new housing."
    assert _measure(relocated, "20,000 square metres", "amount", "m2").metric == "resettlement"
    assert _measure(built, "20,000 square metres", "amount", "m2").metric == "housing"


def test_a_share_that_a_metric_accounts_for_is_the_metrics() -> None:
    """ "Agriculture accounts for 9 percent of the economy": an agriculture figure; "the region
    accounts for 9 percent of the catch": the catch's."""
    farm = "Agriculture accounts for 9 percent of the regional economy."
    region = "The region accounts for 9 percent of the national fish catch."
    assert _measure(farm, "9 percent", "percent", "%").metric == "agricultural_output"
    assert _measure(region, "9 percent", "percent", "%").metric == "fish"


def test_a_time_phrase_ends_a_noun_phrase() -> None:
    """ "tonnes of coal last year": the phrase is the coal, not the year."""
    sentence = "Miners produced 5 million tonnes of coal last year."
    assert _measure(sentence, "5 million tonnes", "amount", "t").metric == "mining"


def test_a_verb_like_noun_after_a_unit_is_a_noun() -> None:
    """ "a 4 percent increase this year": "increase" is a noun after "percent", a verb after "region"."""
    noun = words_of("We expect a 4 percent increase this year.")
    verb = words_of("The region increases the wages this year.")
    assert noun.role[noun.low.index("increase")] == "w"
    assert verb.role[verb.low.index("increases")] == "g"  # a change verb


def test_a_verb_governs_both_figures_of_by_and_from() -> None:
    """ "Visitors were up by 200,000 from 1.4 million": both are the visitors'."""
    sentence = "Visitor numbers were up by 200,000 from 1.4 million."
    assert _measure(sentence, "1.4 million", "count", "count").metric == "tourists"


def test_a_topic_opened_by_if_you_take_names_what_we_rank() -> None:
    """ "If you take fisheries, we are in third place": "we" names nothing, the topic does."""
    sentence = "If you take fisheries, we are in third place in the country."
    assert _measure(sentence, "third place", "rank", "rank").metric == "fish"


def test_a_percent_before_a_noun_is_a_share_of_it() -> None:
    """ "a plant with 100 percent foreign investment": the investment's share."""
    sentence = "It is a plant with 100 percent foreign investment."
    assert _measure(sentence, "100 percent", "percent", "%").metric == "investment"


def test_a_share_of_a_pronoun_takes_its_predicate() -> None:
    """ "60 percent of it is road funding": what "is" says the share is."""
    sentence = "About 60 percent of it is federal funding."
    assert _measure(sentence, "About 60 percent", "percent", "%").metric == "budget_spending"


def test_money_received_is_funding() -> None:
    """ "the university received 40 million roubles": money given to it."""
    sentence = "Last year the university received 40 million roubles for its laboratories."
    assert _measure(sentence, "40 million roubles", "amount", "RUB").metric == "budget_spending"


def test_a_list_of_different_facilities_names_no_metric() -> None:
    """ "12 schools, clinics and libraries": one count of three kinds; "12 schools" alone is schools."""
    mixed = "The region opened 12 new schools, clinics and libraries."
    alone = "The region opened 12 new schools and a stadium."
    assert _measure(mixed, "12", "count", "count").metric is None
    assert _measure(alone, "12", "count", "count").metric == "schools"


def test_a_stock_of_homes_is_no_housing_commissioned() -> None:
    """ "The town has 9,000 homes" is a stock; "9,000 homes were built" housing."""
    assert _measure("The town has 9,000 wooden homes.", "9,000", "count", "count").metric is None
    assert _measure("Last year 9,000 homes were built.", "9,000", "count", "count").metric == "housing"


def test_a_bare_output_that_stands_for_nothing_is_industrys() -> None:
    """ "The plant increased its output" is industrial output; "sugar output" is sugar's (no metric);
    "Output" after a sentence on milk stands for the milk."""
    assert _measure("The plant increased its output by 9 percent.", "9 percent", "change", "%").metric == (
        "industrial_production"
    )
    assert _measure("Sugar output grew by 3 percent.", "3 percent", "change", "%").metric is None
    before = "Milk output reached 300,000 tonnes. "
    assert _measure("Output grew by 5 percent.", "5 percent", "change", "%", before).metric == "milk"


def test_refined_oil_is_no_oil_extracted() -> None:
    """ "refined 9 million tonnes of oil" is refining, no metric; "extracted" oil is mining."""
    refined = "The plant refined 9 million tonnes of oil."
    extracted = "The region extracted 9 million tonnes of oil."
    assert _measure(refined, "9 million tonnes", "amount", "t").metric is None
    assert _measure(extracted, "9 million tonnes", "amount", "t").metric == "mining"


def test_a_share_of_the_norm_is_the_share_of_what_it_restates() -> None:
    """ "600 beds, or 100 percent of the norm": the beds'; after "ventilators", no metric."""
    beds = "The hospitals have 600 beds, or 100 percent of the norm."
    ventilators = "There are 90 ventilators, which is 100 percent of the norm."
    assert _measure(beds, "100 percent", "percent", "%").metric == "hospital_beds"
    assert _measure(ventilators, "100 percent", "percent", "%").metric is None


def test_a_place_that_leaves_out_its_noun_takes_the_one_before() -> None:
    """ "the largest grower of flax in the district and the second largest in the country"."""
    sentence = "The region is the largest sower of flax in the district and the second largest in Russia."
    assert _measure(sentence, "second largest", "rank", "rank").metric == "sown_area"


def test_people_a_facility_is_built_for_are_its_places() -> None:
    """ "20 kindergartens for 3,000 children": places in kindergartens; "benefits kept for 9,000
    people": their recipients; "a concert hall for 900 people": no metric."""
    built = "We have built 20 kindergartens for 3,000 children."
    kept = "All social benefits were maintained for 9,000 people."
    hall = "The city opened a concert hall for 900 people."
    assert _measure(built, "3,000 children", "count", "count").metric == "kindergartens"
    assert _measure(kept, "9,000 people", "count", "count").metric == "social_support"
    assert _measure(hall, "900 people", "count", "count").metric is None


def test_an_estimated_sum_is_governed_by_the_verb_before_it() -> None:
    """ "would cost an estimated 5 billion": "estimated" after "an" is an adjective, no verb."""
    sentence = "The new projects would cost an estimated 5 billion roubles."
    assert _measure(sentence, "an estimated 5 billion roubles", "amount", "RUB").metric == "investment"


def test_a_day_of_a_month_is_no_figure_to_restate() -> None:
    """ "As of July 1, it was up by 7 percent": "it" is the sentence before's, not the day's."""
    before = "Investment is expected to reach 40 billion roubles. "
    m = _measure("As of July 1, it was up by 7 percent.", "7 percent", "change", "%", before)
    assert m.metric == "investment"


def test_a_word_in_ed_after_a_determiner_is_no_verb() -> None:
    """ "the rapeseed harvest": a noun, not a past form; the harvest names no metric of its own."""
    words = words_of("They increased the rapeseed harvest by 20 percent.")
    assert words.role[words.low.index("rapeseed")] == "w"
    sentence = "They grew the grain harvest by 10 percent and the rapeseed harvest by 20 percent."
    assert _measure(sentence, "20 percent", "change", "%").metric is None


def test_an_ing_form_before_a_unit_names_its_kind() -> None:
    """ "the dairy holding company", "a meat processing plant": a modifier of the unit, so the subject
    phrase runs to the unit ("passengers travelling through" stays a participle)."""
    words = words_of("The dairy holding company Agrotech ranks among the largest producers.")
    assert words.role[words.low.index("holding")] == "w"
    words = words_of("A meat processing plant opened.")
    assert words.role[words.low.index("processing")] == "w"
    words = words_of("Passengers travelling through the airport numbered 2 million.")
    assert words.role[words.low.index("travelling")] == "i"


# --- the data -------------------------------------------------------------------------------------


def test_every_cue_names_a_metric_of_the_taxonomy() -> None:
    """The cue table names only metrics the taxonomy has."""
    raw = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    assert set(raw["nouns"]) <= set(metrics())
    assert set(raw["verbs"]) <= set(metrics())
    assert set(raw["narrows"]) <= {*metrics(), "none"}
    assert {m for broad in raw["narrows"].values() for m in broad} | set(raw["flows"]) <= set(metrics())


def test_every_word_of_the_tables_is_a_string() -> None:
    """A YAML word read as something else (on, no, yes: booleans) would silently never match."""
    for path in (GRAMMAR_FILE, CUES_FILE):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = [v for v in raw.values() if isinstance(v, list)]
        lists += [w for v in raw.values() if isinstance(v, dict) for w in v.values()]
        for words in lists:
            assert all(isinstance(w, str) for w in words), (
                path.name,
                [w for w in words if not isinstance(w, str)],
            )


_PIECE_WORDS = """it its their which that of of which including with worth for on in under there the a investment beds
    plant project farm Group Ministry grew rose reached was is up down from by to 5 40 2019 percent million
    half roubles tonnes , ; : ( ) – . 's and or number share increase total per capita people families we
    this year doubled spent allocated invested"""
_PIECES = st.sampled_from(_PIECE_WORDS.split())


@settings(max_examples=examples(1000))
@given(st.lists(_PIECES, max_size=30).map(" ".join), st.integers(0, 200), st.integers(0, 200))
def test_measuring_never_raises(sentence: str, start: int, length: int) -> None:
    """Any sentence, any span, any context: a metric (or None) from the taxonomy and a scope."""
    start = min(start, len(sentence))
    end = min(len(sentence), start + length)
    for kind, unit in (("count", "count"), ("amount", "RUB"), ("change", "%"), ("rank", "rank")):
        m = measure_figure(sentence, start, end, kind, unit, before=sentence)
        assert m.metric is None or m.metric in metrics()
        assert figure_scope(m, kind, unit, before=sentence) in ("region", "part")


def _read_both(sentence: str) -> tuple[measure.Words, measure.Words]:
    spans = sentence_spans(sentence)
    a, b = (spans[0][0], spans[-1][1]) if spans else (0, 0)
    raws, toks, _, _ = _LEXEMES.read(sentence, a, b)
    return measure.words_of_tokens(raws, toks), words_of(sentence[a:b])


def _fields(words: measure.Words) -> tuple[object, ...]:
    return words.low, words.stem, words.start, words.end, words.role, words.capital, words.cues, words.forms


def test_words_from_the_grammars_tokens_are_the_sentences_words() -> None:
    """The words measure reads from the grammar's tokens are those it reads from the sentence, where
    tokens and words part differently: hyphens, clitics, digits with marks, curly apostrophes."""
    sentence = "The first-aid posts' share (COVID-19) grew 1..2 or 4,000., the region’s 5% (’s ’, ’)."
    from_tokens, from_text = _read_both(sentence)
    assert _fields(from_tokens) == _fields(from_text)
    assert "first-aid" in from_tokens.low and "'s" in from_tokens.low and "1..2" in from_tokens.low


@settings(max_examples=examples(1000))
@given(st.text(alphabet="ab1 .,;()\"“”'’-_%…sS2km\u00e9", max_size=40))
def test_words_from_tokens_match_on_any_text(sentence: str) -> None:
    from_tokens, from_text = _read_both(sentence)
    assert _fields(from_tokens) == _fields(from_text)
