"""The figure grammar's vocabulary as data: number words, scales, units, qualifiers, change and rank cues.

Every table maps lower-case word sequences (tuples of tokens, as the tokenizer splits them: hyphens
and symbols are tokens of their own) to what they mean. The engine in `extract.py` only looks words
up here; it holds no vocabulary of its own.
"""

from __future__ import annotations

from typing import Final

# fmt: off

# --- numbers -----------------------------------------------------------------------------------

SMALL_NUMBERS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
HUNDRED: Final = "hundred"
SCALES: Final[dict[str, float]] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "k": 1e3, "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "trn": 1e12, "trln": 1e12,
    "tn": 1e12,
}
# Fractions that stand alone as numbers ("half a million", "a third of the budget").
FRACTIONS: Final[dict[tuple[str, ...], float]] = {
    ("half",): 0.5, ("a", "half"): 0.5, ("one", "half"): 0.5, ("a", "third"): 1 / 3,
    ("one", "third"): 1 / 3, ("two", "thirds"): 2 / 3, ("a", "quarter"): 0.25, ("one", "quarter"): 0.25,
    ("three", "quarters"): 0.75, ("one", "fifth"): 0.2, ("a", "fifth"): 0.2, ("one", "-", "third"): 1 / 3,
    ("two", "-", "thirds"): 2 / 3, ("one", "-", "quarter"): 0.25, ("three", "-", "quarters"): 0.75,
    ("one", "-", "fifth"): 0.2,
}
# "one in four", "one out of four" -> a share of 25 %
SHARE_OF: Final = (("in",), ("out", "of"))

ORDINALS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "twentieth": 20,
}
ORDINAL_SUFFIXES: Final = ("st", "nd", "rd", "th")

# --- units -------------------------------------------------------------------------------------
# surface words -> (canonical unit, factor applied to the value)

UNITS: Final[dict[tuple[str, ...], tuple[str, float]]] = {
    # mass
    ("tonnes",): ("t", 1), ("tonne",): ("t", 1), ("tons",): ("t", 1), ("ton",): ("t", 1),
    ("metric", "tons"): ("t", 1), ("t",): ("t", 1), ("kilogrammes",): ("t", 1e-3),
    ("kilograms",): ("t", 1e-3), ("kg",): ("t", 1e-3), ("centners",): ("t", 0.1),
    ("quintals",): ("t", 0.1),
    # yields
    ("tonnes", "per", "hectare"): ("t/ha", 1), ("tons", "per", "hectare"): ("t/ha", 1),
    ("centners", "per", "hectare"): ("t/ha", 0.1), ("quintals", "per", "hectare"): ("t/ha", 0.1),
    # land
    ("hectares",): ("ha", 1), ("hectare",): ("ha", 1), ("ha",): ("ha", 1),
    ("square", "kilometres"): ("ha", 100), ("square", "kilometers"): ("ha", 100),
    ("sq", "km"): ("ha", 100), ("km2",): ("ha", 100),
    # floor area
    ("square", "metres"): ("m2", 1), ("square", "meters"): ("m2", 1), ("sq", "m"): ("m2", 1),
    ("m2",): ("m2", 1), ("m²",): ("m2", 1), ("km²",): ("ha", 100), ("sq", ".", "m"): ("m2", 1),
    ("square", "metre"): ("m2", 1), ("square", "meter"): ("m2", 1), ("square", "kilometre"): ("ha", 100),
    ("square", "kilometer"): ("ha", 100),
    # length
    ("kilometres",): ("km", 1), ("kilometers",): ("km", 1), ("kilometre",): ("km", 1),
    ("kilometer",): ("km", 1), ("km",): ("km", 1), ("metres",): ("km", 1e-3), ("meters",): ("km", 1e-3),
    ("metre",): ("km", 1e-3),
    # volume, energy
    ("cubic", "metres"): ("m3", 1), ("cubic", "meters"): ("m3", 1), ("m3",): ("m3", 1), ("m³",): ("m3", 1),
    ("cubic", "metre"): ("m3", 1), ("cubic", "meter"): ("m3", 1), ("litre",): ("l", 1), ("liter",): ("l", 1),
    ("kilogram",): ("t", 1e-3), ("centner",): ("t", 0.1), ("gigawatt",): ("MW", 1e3),
    ("megawatts",): ("MW", 1), ("megawatt",): ("MW", 1), ("mw",): ("MW", 1), ("gigawatts",): ("MW", 1e3),
    ("gw",): ("MW", 1e3), ("kilowatt", "-", "hours"): ("kWh", 1), ("kwh",): ("kWh", 1),
    ("gigacalories",): ("Gcal", 1), ("gcal",): ("Gcal", 1), ("litres",): ("l", 1), ("liters",): ("l", 1),
    # shares
    ("percent",): ("%", 1), ("per", "cent"): ("%", 1), ("%",): ("%", 1), ("pct",): ("%", 1),
    ("percentage", "points"): ("pp", 1), ("percentage", "point"): ("pp", 1),
    ("p", ".", "p", "."): ("pp", 1), ("pp",): ("pp", 1),
    # multiples
    ("times",): ("x", 1), ("fold",): ("x", 1), ("-", "fold"): ("x", 1),
    # money
    ("roubles",): ("RUB", 1), ("rubles",): ("RUB", 1), ("rouble",): ("RUB", 1), ("ruble",): ("RUB", 1),
    ("rub",): ("RUB", 1), ("₽",): ("RUB", 1), ("dollars",): ("USD", 1), ("us", "dollars"): ("USD", 1),
    ("usd",): ("USD", 1), ("euros",): ("EUR", 1), ("euro",): ("EUR", 1), ("eur",): ("EUR", 1),
    ("yuan",): ("CNY", 1),
}
# Currency written before the number: "$5 billion", "€2 million", "RUB 10 billion".
CURRENCY_PREFIXES: Final[dict[str, str]] = {"$": "USD", "€": "EUR", "₽": "RUB", "rub": "RUB", "usd": "USD"}
MONEY_UNITS: Final = frozenset({"RUB", "USD", "EUR", "CNY"})

# Time units: a number with one of these is a duration, excluded unless it is the measured thing.
TIME_UNITS: Final = frozenset(
    {
        "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour", "minutes",
        "minute", "decades", "decade", "centuries", "century", "seconds",
    }
)
# ... and the words around a duration that make it a measured quantity ("life expectancy ... 72 years").
MEASURED_DURATION_CUES: Final = (
    "life expectancy", "average age", "expected to last", "service life", "lifespan", "life span",
    "designed to last", "years old", "waiting time", "waiting period",
)

# Nouns counted by a bare number, kept in the surface ("600 beds", "330,000 passengers").
COUNT_NOUNS: Final = frozenset(
    {
        "people", "persons", "residents", "families", "beds", "passengers", "pupils", "students",
        "children", "jobs", "vacancies", "head", "tourists", "visitors", "patients", "doctors", "teachers",
        "workers", "specialists", "households", "schools", "kindergartens", "hospitals", "projects",
        "enterprises", "companies", "apartments", "flats", "places", "seats", "cases", "volunteers",
        "employees", "participants", "servicemen", "veterans", "entrepreneurs",
    }
)
# Counts about the conversation itself, never figures ("two issues", "three questions").
CONVERSATION_NOUNS: Final = frozenset(
    {
        "issues", "issue", "questions", "question", "topics", "topic", "things", "thing", "points",
        "matters", "words", "word", "requests", "remarks", "aspects", "subjects", "comments", "ways",
        "reasons", "examples", "options", "minutes", "slides", "parts",
    }
)

# --- qualifiers --------------------------------------------------------------------------------
# words right before the number (after "by" in a change) -> qualifier

QUALIFIERS: Final[dict[tuple[str, ...], str]] = {
    ("about",): "approx", ("around",): "approx", ("approximately",): "approx", ("roughly",): "approx",
    ("some",): "approx", ("nearly",): "approx", ("almost",): "approx", ("close", "to"): "approx",
    ("virtually",): "approx", ("practically",): "approx", ("approx",): "approx", ("over",): "min",
    ("estimated",): "exact", ("an", "estimated"): "exact",
    ("more", "than"): "min", ("above",): "min", ("at", "least"): "min", ("exceeding",): "min",
    ("exceeded",): "min", ("exceeds",): "min", ("exceed",): "min", ("topped",): "min", ("tops",): "min",
    ("surpassed",): "min", ("upwards", "of"): "min", ("in", "excess", "of"): "min",
    ("no", "less", "than"): "min", ("not", "less", "than"): "min", ("well", "over"): "min",
    ("just", "over"): "min", ("over", "than"): "min", ("up", "to"): "max", ("less", "than"): "max",
    ("under",): "max", ("below",): "max", ("no", "more", "than"): "max", ("not", "more", "than"): "max",
    ("as", "many", "as"): "exact", ("as", "much", "as"): "exact", ("fewer", "than"): "max",
    ("just", "under"): "max", ("at", "most"): "max",
}
# "As many as 3,000 people" stresses a number; it does not bound it: exact, as is "an estimated 1.5
# percent" (a figure reported as it was estimated).
# Qualifier words that are prepositions after these words: "we speak about 29 percent growth", "a question
# about 500 million rubles" say which figure, not how near it is.
PREPOSITION_AFTER: Final[dict[str, frozenset[str]]] = {
    "about": frozenset({
        "speak", "speaks", "spoke", "speaking", "talk", "talks", "talked", "talking", "question",
        "questions", "ask", "asked", "asking", "think", "thinking", "know", "knew", "say", "said", "tell",
        "told", "hear", "heard", "report", "reported", "reporting", "information", "news", "worried",
        "concerned", "forget", "remember", "mentioned", "spoken", "story", "matter",
    }),
}
# Words that turn a bound around before it: "cannot show more than 1.5 percent" shows at most 1.5 percent.
NEGATIONS: Final = frozenset({"not", "cannot", "never", "nor"})
# Words a qualifier may stand before a whole-phrase change across: "has almost been cut in half".
AUXILIARIES: Final = frozenset({"been", "be", "being"})

# --- changes -----------------------------------------------------------------------------------
# words before "by" (or right before the number) that make a figure a change, with the sign

CHANGE_VERBS: Final[dict[str, int]] = {
    "increased": 1, "increase": 1, "increases": 1, "increasing": 1, "grew": 1, "grow": 1, "grown": 1,
    "grows": 1, "growing": 1, "rose": 1, "rise": 1, "risen": 1, "rises": 1, "up": 1, "climbed": 1,
    "jumped": 1, "expanded": 1, "gained": 1, "added": 1, "improved": 1, "boosted": 1, "raised": 1,
    "surged": 1, "soared": 1, "accelerated": 1, "exceeded": 1, "higher": 1, "more": 1, "went": 1,
    "expand": 1, "expands": 1, "expanding": 1, "climb": 1, "climbs": 1, "climbing": 1, "jump": 1,
    "jumps": 1, "gain": 1, "gains": 1, "add": 1, "adds": 1, "adding": 1, "improve": 1, "improves": 1,
    "improving": 1, "boost": 1, "boosts": 1, "boosting": 1, "raise": 1, "raises": 1, "raising": 1,
    "increment": 1, "growth": 1, "outpaced": 1, "exceeds": 1, "exceed": 1, "outpaces": 1, "surpasses": 1,
    "decreased": -1, "decrease": -1, "decreases": -1, "fell": -1, "fall": -1, "fallen": -1, "falls": -1,
    "dropped": -1, "drop": -1, "declined": -1, "decline": -1, "down": -1, "shrank": -1, "shrunk": -1,
    "reduced": -1, "reduce": -1, "reducing": -1, "reduction": -1, "cut": -1, "cutting": -1, "lowered": -1,
    "lower": -1, "less": -1, "slashed": -1, "contracted": -1, "dipped": -1, "slid": -1, "eased": -1,
    "diminished": -1, "decreasing": -1, "falling": -1, "drops": -1, "dropping": -1, "declines": -1,
    "declining": -1, "shrink": -1, "shrinks": -1, "shrinking": -1, "reduces": -1, "cuts": -1,
    "lowers": -1, "lowering": -1, "slash": -1, "slashing": -1,
}
# Nouns and adverbs after a percentage that make it a change ("a 2 percent increase", "10 percent more").
CHANGE_AFTER: Final[dict[str, int]] = {
    "increase": 1, "increases": 1, "growth": 1, "rise": 1, "gain": 1, "more": 1, "higher": 1, "up": 1,
    "jump": 1, "surge": 1, "upturn": 1, "hike": 1, "larger": 1, "greater": 1, "bigger": 1, "decrease": -1,
    "decline": -1, "drop": -1, "reduction": -1, "fall": -1, "less": -1, "lower": -1, "down": -1, "cut": -1,
    "fewer": -1, "smaller": -1, "slump": -1,
}
# Words between a percentage and its change noun ("a 3 percent annual growth").
CHANGE_AFTER_MODIFIERS: Final = frozenset({"annual", "average", "yearly"})
# Nouns before "of" + number that make it a change ("growth of 5 percent", "an increase of 12 percent").
CHANGE_NOUNS_OF: Final[dict[str, int]] = {
    "growth": 1, "increase": 1, "rise": 1, "gain": 1, "jump": 1, "increment": 1, "decrease": -1,
    "decline": -1, "drop": -1, "reduction": -1, "fall": -1, "cut": -1,
}
# "investment has grown 30 percent, or 600 billion rubles", "fell by 6.9 percent – almost 7 percent": a
# figure right after a change, joined by these, says the same change another way.
RESTATEMENT_JOINERS: Final = frozenset({(",", "or"), ("or",), ("–",), ("—",), ("-",), ("(",)})

# --- indices -----------------------------------------------------------------------------------
# An index is a level against a base period where 100 means unchanged ("the industrial production
# index was 105 percent"). The translated "grew by 107 percent" is one too, when what it would mean
# read as a change (more than doubled) is far less likely than the index: the band of such values.
INDEX_BAND_OF_RISE: Final = (100.0, 140.0)
# Nouns of growth right after a percentage of that band that make it the translated index ("a 105 percent
# increase in industrial production"); "105 percent more than in 2020" stays a change.
INDEX_RISE_NOUNS: Final = frozenset({"increase", "growth", "rise"})
# The values a percent level can have as an index (an index of 4 percent is a misread growth rate).
INDEX_LEVELS: Final = (50.0, 300.0)
# Words that make the percent levels after them in their sentence indices ("the production index was
# 111 percent, and manufacturing, 120 percent").
INDEX_NOUNS: Final = frozenset({"index", "indices", "indexes"})
# "107 percent of the 2017 level": a percent of a base period's level.
BASE_LEVEL_NOUNS: Final = frozenset({"level", "levels"})
# "101.3 percent compared to the same period last year": a level at or above 100 against a base (a year
# or a period; "compared to 10 percent" sets two levels side by side instead).
BASE_COMPARISONS: Final = frozenset({("compared", "to"), ("compared", "with")})
# Nouns of growth that make a percent level after them a growth rate ("economic growth 16 percent",
# "the growth rate is 126 percent": a change below 100, an index from 100).
GROWTH_NOUNS: Final = frozenset({"growth"})
# How far a growth noun may stand before its percent level, in tokens.
GROWTH_REACH: Final = 16
# Nouns of shares: a percent level after one is a share, whatever index or growth came before.
SHARE_NOUNS: Final = frozenset({"share", "proportion", "percentage"})
# Words that end a clause: a growth noun before one governs no number after it ("growth in the region,
# where unemployment reached 1.8 percent") unless a pronoun takes it up ("growth ..., and it amounted to").
CLAUSE_BREAKS: Final = frozenset(
    {",", ";", ":", "(", ")", "-", "–", "—", "where", "while", "whereas", "but", "although"}
)
PRONOUN_SUBJECTS: Final = frozenset({"it", "this", "which"})
PRONOUN_JOINERS: Final = frozenset({"and"})
# How far after "percent of" the base's "level" may stand ("107 percent of the 2017 level").
BASE_LEVEL_REACH: Final = 5

# Whole-phrase changes: words -> (value, unit).
CHANGE_PHRASES: Final[dict[tuple[str, ...], tuple[float, str]]] = {
    ("cut", "in", "half"): (-50.0, "%"), ("cut", "by", "half"): (-50.0, "%"), ("halved",): (-50.0, "%"),
    ("reduced", "by", "half"): (-50.0, "%"), ("decreased", "by", "half"): (-50.0, "%"),
    ("fell", "by", "half"): (-50.0, "%"), ("reduced", "in", "half"): (-50.0, "%"),
    ("doubled",): (2.0, "x"), ("tripled",): (3.0, "x"), ("trebled",): (3.0, "x"),
    ("quadrupled",): (4.0, "x"), ("two", "-", "fold"): (2.0, "x"), ("twofold",): (2.0, "x"),
    ("three", "-", "fold"): (3.0, "x"), ("threefold",): (3.0, "x"), ("four", "-", "fold"): (4.0, "x"),
    ("fourfold",): (4.0, "x"), ("five", "-", "fold"): (5.0, "x"), ("tenfold",): (10.0, "x"),
    ("ten", "-", "fold"): (10.0, "x"), ("double",): (2.0, "x"), ("twice",): (2.0, "x"),
    ("triple",): (3.0, "x"),
}
# "double"/"twice" are figures only as multiples of something measured, not "twice a week".
MULTIPLE_WORDS_NEEDING_CONTEXT: Final = frozenset({"double", "twice", "triple"})

# --- ranks -------------------------------------------------------------------------------------

RANK_NOUNS: Final = frozenset({"place", "position", "spot"})
RANK_VERBS: Final = frozenset(
    {
        "ranks", "ranked", "rank", "ranking", "placed", "came", "comes", "took", "takes", "holds", "held",
        "occupies", "occupied", "finished", "is", "was", "are", "were", "remains", "remained", "became",
        "be", "stands", "stood", "moved", "rose", "climbed",
    }
)
RANK_SCOPES: Final = (
    "in the country", "in russia", "nationwide", "in the federal district", "federal district",
    "in the district", "among russian regions", "among the regions", "among regions", "of all regions",
    "in the russian federation", "in the ranking", "in the rating", "in the rankings", "in terms of",
    "regions of russia", "russian regions", "regions in russia",
    "country's", "nation's", "russia's", "district's", "across the country", "among russia",
    "in the far east", "in siberia", "in the urals", "in the volga region", "in the north caucasus",
    "in the northwest", "in central russia", "in the south of russia",
)
# What "leads" names when it places the region first: "leads the country", "leads the Far East".
LEAD_SCOPES: Final = (
    "the country", "russia", "the federal district", "the district", "the far east", "siberia",
    "the urals", "the volga region", "the north caucasus", "the northwest", "central russia",
    "the south of russia", "all regions", "the regions",
)
# Phrases that place the region without an ordinal: "second only to Moscow".
RANK_PHRASES: Final[dict[tuple[str, ...], float]] = {("second", "only", "to"): 2, ("third", "only", "to"): 3}
# Scopes a possessive names before a superlative: "Russia's biggest producer".
POSSESSIVE_SCOPES: Final = frozenset({"russia", "country", "district", "nation", "federation"})
TOP_WORDS: Final[dict[tuple[str, ...], float]] = {
    ("top", "spot"): 1, ("top", "position"): 1, ("top", "place"): 1, ("leading", "position"): 1,
    ("leader",): 1, ("leads",): 1, ("first", "place"): 1,
}
SUPERLATIVES: Final = frozenset({
    "largest", "biggest", "leading", "top", "best", "highest", "lowest", "greatest", "safest", "richest",
    "strongest", "fastest", "smallest", "cleanest", "healthiest", "most",
})
# Who the region is, when a bare superlative ("the largest in the country") places it.
REGION_SELVES: Final = frozenset({"region", "republic", "territory", "we", "city", "area", "krai", "oblast"})
# A superlative places the region itself only when it heads one of these nouns or stands alone
# before the scope ("the largest sower of flax in the district", "the second largest in the country").
RANK_AGENT_NOUNS: Final = frozenset(
    {
        "sower", "sowers", "producer", "producers", "grower", "growers", "exporter", "exporters", "region",
        "regions", "supplier", "suppliers", "manufacturer", "manufacturers", "taxpayer", "taxpayers",
        "donor", "donors", "investor", "investors", "recipient", "recipients", "processor", "processors",
        "breeder", "breeders", "harvester", "harvesters", "contributor", "contributors", "economy",
        "republic", "republics", "territory", "territories", "krai", "oblast",
    }
)
# Scopes of other places: a superlative with these is about an object, not the region's rank.
FOREIGN_SCOPES: Final = ("in the world", "in europe", "worldwide", "in the north", "on the planet")
# Words of other places anywhere in a superlative's scope: "the best in Russia and Europe".
FOREIGN_WORDS: Final = frozenset({"world", "europe", "worldwide", "planet", "globe", "asia"})
# Subjects that are not the region: "we are certain that they are the best in Russia".
OTHER_SUBJECTS: Final = frozenset({"they", "these", "those"})
# Ordinals that order events or things, never places ("the first stage", "the second building").
ORDINAL_EVENT_NOUNS: Final = frozenset(
    {
        "stage", "phase", "time", "step", "building", "half", "quarter", "wave", "round", "part", "line",
        "year", "day", "month", "week", "session", "meeting", "term", "series", "generation",
    }
)

# --- exclusions --------------------------------------------------------------------------------

MONTHS: Final = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec",
    }
)
# Words right before a number that name a place in a document, in any case ("slide 5", "page 12").
DOCUMENT_PLACES: Final = frozenset(
    {
        "slide", "slides", "page", "pages", "item", "paragraph", "clause", "section", "chapter", "table",
        "figure", "appendix", "annex", "article", "subparagraph", "row", "column",
    }
)
# Words right before a number that make it part of a name or identifier ("No. 44", "Article 5").
IDENTIFIER_PREFIXES: Final = frozenset(
    {
        "no", "nos", "number", "article", "articles", "part", "clause", "paragraph", "item", "page",
        "chapter", "decree", "law", "resolution", "order", "section", "#", "n", "school", "gymnasium",
        "lyceum", "hospital", "plant", "route", "bus", "flight", "building", "block", "unit", "platform",
        "gate", "terminal", "level", "grade", "class", "category", "version", "model", "type", "covid",
        "figure", "table", "appendix", "annex", "stage", "phase", "tu", "su", "il", "mig", "an", "ka",
        "mi",
    }
)
# "three or more children": a threshold defining a category, not a figure.
THRESHOLD_AFTER: Final = (("or", "more"), ("or", "over"), ("and", "more"), ("and", "over"), ("plus",))
# ... of them, those that may also follow the counted noun ("three children or more").
THRESHOLDS_AFTER_NOUN: Final = frozenset({("or", "more"), ("and", "more")})
# Money context: a scaled number with no written unit in such a sentence is roubles.
MONEY_CUES: Final = (
    "invest", "budget", "fund", "financ", "allocat", "spend", "spent", "cost", "worth", "rouble", "ruble",
    "revenue", "income", "grp", "gross regional product", "turnover", "subsid", "loan", "debt", "capital",
    "price", "salary", "salaries", "wage", "payment", "paid", "grant", "tax", "expenditure", "profit",
    "output", "money", "contract", "credit",
)
# Phrases before a scaled number that make it a count even in a money sentence ("a population of over
# one million").
NON_MONEY_BEFORE: Final = (("population", "of"), ("number", "of"), ("population",))
# Nouns a scaled number counts even in a money sentence ("120 million masks").
NON_MONEY_NOUNS: Final = frozenset(
    {
        "people", "residents", "tourists", "visitors", "passengers", "masks", "tests", "doses", "units",
        "copies", "trees", "seedlings", "head", "users", "subscribers", "muscovites", "citizens",
        "children", "pupils", "students", "items", "parcels", "vehicles", "cars",
    }
)
# Abbreviations that end with a full stop inside a sentence.
ABBREVIATIONS: Final = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "approx", "p", "pp", "prof",
        "gen", "col", "lt", "sq", "mt", "ft", "km", "gov",
    }
    | {month for month in MONTHS if len(month) <= 4}
)

# --- the engine's function words ---------------------------------------------------------------
# Dashes between numbers (ranges) and inside words.
DASHES: Final = frozenset({"-", "–", "—", "‒"})
# Words joining the two ends of a range ("10 to 12", "107 or 108").
RANGE_WORDS: Final = frozenset({"to", "or"})
# Verbs that make a change with no "by" ("grew 5.4 percent"); nouns and comparatives need "by".
DIRECT_CHANGE_VERBS: Final = frozenset({
    "increased", "grew", "grown", "rose", "risen", "climbed", "jumped", "expanded", "gained", "surged",
    "soared", "decreased", "fell", "fallen", "dropped", "declined", "shrank", "shrunk", "slid", "dipped",
    "contracted", "up", "down",
})
# The scale from which a number with no unit standing alone is roubles ("3 billion to complete").
BARE_MONEY_SCALE: Final = 1e9
# Words after "3 billion" that leave it standing alone, hence roubles ("3 billion to complete").
FUNCTION_WORDS: Final = frozenset({"to", "for", "in", "on", "and", "or", "from", "was", "were", "is", "will", "has"})
# Verbs that make an ordinal a place with no scope written ("ranks first").
RANKING_VERBS: Final = frozenset({"ranks", "ranked", "rank", "ranking"})
# Qualifier words that are verbs: the figure keeps them in its surface ("topped 103 billion").
VERB_QUALIFIERS: Final = frozenset({"exceeded", "exceeds", "exceed", "topped", "tops", "surpassed"})
# Phrases that are places whatever follows ("top spot").
PLACE_PHRASES: Final = frozenset({
    ("top", "spot"), ("top", "position"), ("top", "place"), ("first", "place"), ("leading", "position"),
})
# Unit abbreviations that may stick to their number ("40km").
TIGHT_UNITS: Final = frozenset({
    "km", "kg", "t", "mw", "gw", "m2", "m3", "bn", "mln", "mn", "trn", "k", "ha", "kwh", "gcal", "pct", "pp",
})
# --- the words each rule of the engine reads -----------------------------------------------------
# Numbers (numbers.py)
# Scale words that make a number with an article alone ("a million"); "bn" alone is no number.
BARE_SCALES: Final = frozenset({"thousand", "million", "billion", "trillion", "hundred"})
# Scale words in the plural count things ("thousands of people"); they scale no number.
PLURAL_SCALES: Final = frozenset({"thousands", "millions", "billions", "hundreds"})
# Scale abbreviations that may follow their number with no space ("12bn").
GLUED_SCALES: Final = frozenset({"bn", "mln", "mn", "trn"})
# Scale words never read as a scale after a number ("5 k" is no thousand in this genre).
UNREAD_SCALES: Final = frozenset({"k"})
# Scale abbreviations that are tonnes before "per" ("5 tn per hectare").
TONNE_SCALES: Final = frozenset({"t", "tn"})
RATE_WORDS: Final = frozenset({"per"})
# The article of "a million"; the articles of "a third", "by a further 5 percent".
SCALE_ARTICLES: Final = frozenset({"a"})
INDEFINITE_ARTICLES: Final = frozenset({"a", "an"})
# "a quarter of a million", "half a million".
FRACTION_OF_SCALE: Final = ("of", "a")
HALF_A_SCALE: Final = ("half", "a")
# "one hundred and twenty", "Two trillion and 818 million", "one and a half".
NUMBER_JOINERS: Final = frozenset({"and"})
AND_A_HALF: Final = ("and", "a", "half")
# The hyphen of "twenty-five", "five-storey", "10-year".
HYPHEN: Final = "-"
# Units read after the number; their abbreviations written otherwise are other words ("T", "25th").
LOWER_CASE_UNITS: Final = frozenset({("t",)})
# Multiples that are frequencies before these words ("three times a week").
MULTIPLE_UNITS: Final = frozenset({("times",), ("fold",)})
FREQUENCY_WORDS: Final = frozenset({"a", "per"})
# Speeds: neither a figure of the spec nor a count ("60 kilometres per hour").
SPEEDS: Final = (("per", "second"), ("per", "hour"), ("per", "minute"))
# Words of a unit that may follow a hyphen ("two-fold", "10-fold").
HYPHEN_UNIT_WORDS: Final = frozenset({"fold"})

# Changes (changes.py)
# "anywhere from 10 to 12 percent": a range's opener, read past before the change's sign.
RANGE_OPENER: Final = ("anywhere", "from")
RANGE_FROM: Final = frozenset({"from"})
RANGE_TO: Final = frozenset({"to"})
RANGE_BETWEEN: Final = frozenset({"between"})
RANGE_AND: Final = frozenset({"and"})
# "by another 17 percent", "by a further 5 percent": the change adds to one before it.
INCREMENT_WORDS: Final = frozenset({"another", "further", "additional"})
# The preposition of a change's size ("grew by 5 percent").
CHANGE_BY: Final = frozenset({"by"})
# The preposition after a change noun ("growth of 5 percent").
CHANGE_OF: Final = frozenset({"of"})
# Words between a change noun and "of" ("an annual increase of 5 percent").
CHANGE_NOUN_MODIFIERS: Final = frozenset({"annual", "further"})
# How far before "by" its verb may stand: right before it, or anywhere in the clause.
BY_VERB_REACH: Final = 5
BY_CLAUSE_REACH: Final = 13
# Marks that end the stretch searched for the verb of "by": near it, and in the clause.
NEAR_CLAUSE_ENDS: Final = frozenset({",", ".", ";"})
CLAUSE_ENDS: Final = frozenset({";", "."})
# Change words that make a change only right before "by", not from afar in the clause.
NEAR_ONLY_CHANGE_WORDS: Final = frozenset({"more", "less", "higher", "lower", "up", "down", "went"})
# "up 5 percent", "down 3 percent", but not "set up 5 centres".
UP_DOWN: Final[dict[str, int]] = {"up": 1, "down": -1}
PHRASAL_UP_VERBS: Final = frozenset({
    "set", "sets", "setting", "sum", "sums", "summed", "add", "adds", "added", "make", "makes", "made",
    "making", "end", "ends", "ended", "take", "takes", "took", "taken", "taking",
})
# "1 percent and 1.7 percent increases": two changes named by one noun.
PARALLEL_JOINERS: Final = frozenset({"and"})
# "rose above 4.5 trillion rubles": a level reached, not a change.
LEVEL_PREPOSITIONS: Final = frozenset({"above", "beyond"})
# "every third resident": a share.
SHARE_BY_ORDINAL: Final = frozenset({"every"})
# Whole-phrase multiples that are figures only near these words: "twice as many", "will double".
TWICE_WORDS: Final = frozenset({"twice"})
TWICE_FOLLOWERS: Final = frozenset(
    {"as", "the", "more", "higher", "larger", "that", "what", "over", "in", "compared"}
)
MULTIPLE_PRECEDERS: Final = frozenset({
    "to", "will", "almost", "nearly", "would", "could", "must", "should", "than", "can", "did", "and", "or",
    "practically", "virtually", "more", "over", "is", "was", "are", "were", "be", "planned",
})
MULTIPLE_FOLLOWERS: Final = frozenset(
    {"the", "its", "their", "by", "in", "from", "compared", "our", "this", "that", "it"}
)

# Shares and fractions (phrases.py)
# "one in three", "one out of four".
SHARE_ONE: Final = frozenset({"one"})
# "the first half of the year", "one and a half": no fraction of a figure.
HALF_NOT_AFTER: Final = frozenset({"first", "second", "and"})
HALF_WORDS: Final = frozenset({"half"})
# "a third of", "half the schools": a fraction that is a share.
SHARE_MARKS: Final = frozenset({"of"})
HALF_DETERMINERS: Final = frozenset({"the", "all", "our", "its"})

# Figures of another place set beside the region's: "(the national average is 3.8 percent)", "20 percent
# nationwide", "as compared to 10 percent in the North Caucasus Federal District". The phrase naming the
# other place ends before the figure (with linking words between), or follows it right after.
OTHER_PLACE_BEFORE: Final = (
    ("national", "average"), ("average", "for", "russia"), ("russian", "average"), ("average", "in", "russia"),
    ("country", "’", "s", "average"), ("country", "'", "s", "average"), ("nationwide", "average"),
    ("federal", "average"), ("average", "across", "russia"), ("average", "across", "the", "country"),
    ("average", "in", "the", "country"),
)
LINKING_WORDS: Final = frozenset(
    {
        "is", "was", "are", "were", "of", "at", "stood", "stands", "amounted", "amounts", "to", "came", "comes",
        "–", "—", ":",
    }
)
LINKING_REACH: Final = 3
OTHER_PLACE_AFTER: Final = (
    ("nationwide",), ("nationally",), ("across", "the", "country"), ("across", "russia"), ("for", "russia"),
    ("in", "russia", "as", "a", "whole"), ("in", "the", "country", "as", "a", "whole"),
    ("on", "average", "in", "russia"),
)
# "as compared to 10 percent in the ... Federal District": a figure compared to is another place's when
# a place of the country follows it.
COMPARED_TO: Final = (("compared", "to"), ("compared", "with"), ("against",), ("versus",))
OTHER_PLACE_NEAR: Final = (("federal", "district"), ("in", "russia"), ("in", "the", "country"), ("nationwide",))
OTHER_PLACE_REACH: Final = 8

# "an excellent 9–12 seat aircraft", "a 300 bed hospital": a number before a singular counted noun
# modifies the noun after it (one seat, one bed is singular as a count).
SINGULAR_COUNT_NOUNS: Final = frozenset({
    "seat", "bed", "storey", "story", "floor", "room", "apartment", "flat", "passenger", "pupil", "student",
    "person", "family", "household",
})
# Endings in "s" of singular nouns ("bus", "class", "analysis"): no plural head after a modifier.
PLURAL_ENDING: Final = "s"
SINGULARS_IN_S: Final = ("ss", "us", "is")
# "from age five upwards", "aged 65", "children and teenagers from 8 to 14": ages, not counts.
AGE_WORDS: Final = frozenset({"age", "aged", "ages"})
AGE_NOUNS: Final = frozenset({
    "children", "child", "teenagers", "teens", "adolescents", "kids", "youngsters", "youth", "pupils",
    "schoolchildren", "boys", "girls", "people", "citizens", "residents",
})
AGE_REACH: Final = 4
# Words after a number that leave it a bare age: "from 8 to 14", "five upwards", "65 and older".
AGE_FOLLOWERS: Final = frozenset({"to", "and", "or", "upwards", "inclusive", "years", "year", "old", "older"})
# "a survey of 330,000 people": the sample of a poll, not a figure of the region.
SAMPLE_BEFORE: Final = (("survey", "of"), ("poll", "of"), ("sample", "of"), ("surveyed",), ("polled",))
# "The governor mentioned two projects": a speaker announcing what follows, not a count.
SPEECH_VERBS: Final = frozenset({
    "mentioned", "named", "listed", "outlined", "highlighted", "singled", "cited", "mention", "name", "list",
})
# "schools working in two shifts", "in three stages": parts of a process, not things counted.
PROCESS_PARTS: Final = frozenset({"shifts", "stages", "phases", "rounds", "steps", "tranches", "batches"})

# Counted nouns and bare numbers (phrases.py)
# How many modifiers may stand between a number and its counted noun ("four large federal projects").
NOUN_MODIFIERS_REACH: Final = 2
# ... and after these a number word with a counted noun is a count ("the four large federal projects").
COUNTED_AFTER: Final = frozenset({"the", "only"})
# Words that never stand between a number and its counted noun ("600 of beds").
NOT_NOUN_MODIFIERS: Final = frozenset({"of", "and", "or", "to", "in", "per"})
# A number word followed by these is no figure ("two of them", "five-storey", "one another").
WORD_NUMBER_NOT_BEFORE: Final = frozenset({"of", "-", "another", "'", "’"})
# ... except "of" before a possessive ("three of its plants").
PARTITIVE_OF: Final = frozenset({"of"})
POSSESSIVES: Final = frozenset({"the", "its", "our", "their"})
# A number word after these is no figure ("the two", "these three", "the first two").
WORD_NUMBER_NOT_AFTER: Final = frozenset(
    {"the", "these", "those", "all", "every", "each", "first", "last", "only"}
)
# ... nor one ending a clause after these ("one of the two.", "than three,").
WORD_NUMBER_NOT_AFTER_AT_END: Final = frozenset({"of", "than", "to", "the"})
CLAUSE_MARKS: Final = frozenset({".", ",", ";"})
# "one" alone is a figure only with a counted noun ("one school"); "one of the top three".
ONE: Final = frozenset({"one"})
# Durations that are the measured thing: in years.
YEAR_UNITS: Final = frozenset({"years", "year"})
# How far around a duration its cue may stand, in tokens before and after.
DURATION_CUE_REACH: Final = (8, 3)

# Exclusions (exclusions.py)
# "14:10", "3:1".
CLOCK_MARKS: Final = frozenset({":"})
# "No. 44", "# 5", "per 100,000".
NUMBER_SIGNS: Final = frozenset({"no", "nos", "#", "№", "per"})
NUMBER_ABBREVIATIONS: Final = frozenset({"no", "nos"})
FULL_STOPS: Final = frozenset({"."})
# List numbering at a line start: "1." or "2)".
LIST_MARKS: Final = frozenset({".", ")"})
# "10^30".
POWER_MARKS: Final = frozenset({"^"})
# "the 85 regions of Russia": the size of the country's list of regions.
COUNTRY_REGION_COUNTS: Final = (80, 89)
COUNTRY_LIST_NOUNS: Final = frozenset({"regions", "constituent", "subjects"})
DEFINITE_ARTICLES: Final = frozenset({"the"})
# "the 5th of May".
DATE_OF: Final = frozenset({"of"})
# Years written plainly: time references.
YEAR_RANGE: Final = (1800, 2100)
# "May 6, 7 and 8": numbers listed after a date are dates.
DATE_LIST_JOINERS: Final = frozenset({",", "and"})
DAYS_IN_MONTH: Final = 31
# "which brings us to number three": a number naming an item.
NUMBER_NAMES: Final = frozenset({"number"})
# "the 1990s".
DECADE_SUFFIXES: Final = frozenset({"s"})

# Ranks (ranks.py)
# "one of the largest", "among the highest": one of several, no place.
SEVERAL_BEFORE: Final = (("one", "of", "the"), ("among", "the"))
# "leader" is a place only after these words ("the leader in ...", "the undisputed leader").
LEADER_KEYS: Final = frozenset({("leader",)})
LEADER_ARTICLES: Final = frozenset({"the", "a", "an", "absolute", "undisputed"})
LEAD_KEYS: Final = frozenset({("leads",)})
# How many words after "leads" may name what it leads.
LEAD_REACH: Final = 6
# "one of the top three", "in the top 10", "a top-ten region".
TOP_WORDS_BEFORE_N: Final = frozenset({"top"})
TOP_N_BEFORE: Final = frozenset({"of", "among", "in", "into", "entered"})
TOP_N_RANGE: Final = (2, 100)
# "among the ten largest producers".
AMONG_THE: Final = ("among", "the")
# How far before a superlative the region may be named, in tokens.
SELF_REACH: Final = 10
# "gone up in the ranking, from 53rd to 29th": ordinals of a move in a ranking named before them.
RANKING_NOUNS: Final = frozenset({"ranking", "rankings", "rating", "ratings"})
RANKING_REACH: Final = 12
# "not a top spot", "not the first": a place denied is no place ("not only the largest" still is one).
NOT_NEGATING_AFTER: Final = frozenset({"only"})
NEGATION_REACH: Final = 3
# "first place prize": a prize, not a place.
PRIZE_NOUNS: Final = frozenset({"prize", "award"})
# "ranks first in", "among": a scope follows.
SCOPE_PREPOSITIONS: Final = frozenset({"in", "among"})
# "the first in Russia to launch": an ordinal of events.
INFINITIVE_MARKS: Final = frozenset({"to"})
FIRST_TO_REACH: Final = 6
# How far a rank's scope may follow it, in tokens: for ordinals and top words, for superlatives.
SCOPE_REACH: Final = 10
SUPERLATIVE_SCOPE_REACH: Final = 8
# Words before a bare superlative that make it the region's ("the largest", "its biggest").
SUPERLATIVE_DETERMINERS: Final = frozenset({"the", "its", "our"})
# Superlatives that place nothing alone ("top" needs a noun: "top spot").
NOT_BARE_SUPERLATIVES: Final = frozenset({"top"})
# The possessive "'s" of "Russia's biggest", as tokens.
APOSTROPHES: Final = frozenset({"'", "’"})
POSSESSIVE_S: Final = frozenset({"s"})
# "the largest producer of flax in the district": the agent's object, read past.
AGENT_OF: Final = frozenset({"of"})
# How many modifier words may stand between a superlative and its agent noun.
AGENT_REACH: Final = 3
# "leads the district": "the ... district" names a district.
DISTRICT_WORDS: Final = frozenset({"district"})
# fmt: on
