"""Layout constants for the workbook: sheet order, columns, headers, widths, number formats, colours, texts.

Constants only. The renderer modules read these and decide nothing about looks on their own, so a change
of style or wording stays in this one module.
"""

from __future__ import annotations

from typing import Final

# --- sheets --------------------------------------------------------------------------------------------------

OVERVIEW: Final = "Overview"
COMPARISON: Final = "Comparison"
PER_CAPITA: Final = "Per capita"
RANKINGS: Final = "Rankings"
HISTORY: Final = "History"
PLANS: Final = "Plans"
PROJECTS: Final = "Projects"
CHARTS: Final = "Charts"
REGIONS: Final = "Regions"
FACTS: Final = "Facts"
SOURCES: Final = "Sources"
ISSUES: Final = "Issues"
SHEETS: Final = (
    OVERVIEW,
    COMPARISON,
    PER_CAPITA,
    RANKINGS,
    HISTORY,
    PLANS,
    PROJECTS,
    CHARTS,
    REGIONS,
    FACTS,
    SOURCES,
    ISSUES,
)

# zlib level of the workbook's zip: 3 writes a 10,000-document workbook in 0.7 s instead of 1.6 s (level 6,
# Python's default) for 22.5 MB instead of 19.6 MB.
ZIP_COMPRESSLEVEL: Final = 3

TITLE: Final = "Regional report: figures from the President's meetings with regional heads"

# --- columns of the list sheets: (frame column, header) in sheet order ------------------------------------------

SENTENCE_WIDTH: Final = 70  # Facts, Plans, Projects: the sentence wraps in this width
MESSAGE_WIDTH: Final = 70  # Issues: the message wraps in this width
LABEL_WIDTH: Final = 20  # wrapped labels: region, metric, subject

FACTS_COLUMNS: Final = (
    ("region", "Region"),
    ("meeting_date", "Meeting date"),
    ("metric_label", "Metric"),
    ("subject", "Subject"),
    ("kind", "Kind"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("year", "Year"),
    ("scope", "Scope"),
    ("status", "Status"),
    ("period", "Period"),
    ("placement", "Placement"),
    ("sentence", "Sentence"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
    ("per", "Per"),
    ("qualifier", "Qualifier"),
    ("value_max", "Max value"),
    ("surface", "Surface"),
    ("federal_district", "Federal district"),
    ("metric", "Metric id"),
)
# Facts columns that wrap in a fixed width, so the sentence is in view without scrolling sideways.
FACTS_WRAP_WIDTHS: Final = {
    "region": LABEL_WIDTH,
    "metric_label": LABEL_WIDTH,
    "subject": LABEL_WIDTH,
    "placement": 16,
    "sentence": SENTENCE_WIDTH,
}
# Stable order of the Facts rows: by place, then meeting, then position in the document.
FACTS_SORT: Final = ("federal_district", "region", "meeting_date", "doc", "start", "end")
FACTS_TABLE_NAME: Final = "Facts"
FACTS_TABLE_STYLE: Final = "tableStyleMedium2"
# Facts prints its columns up to End (the figure, where it went, its sentence and source); the rest is on
# screen and in the export.
FACTS_PRINT_COLUMNS: Final = 16

PLANS_COLUMNS: Final = (
    ("region", "Region"),
    ("metric_label", "Metric"),
    ("subject", "Subject"),
    ("value", "Target"),
    ("unit", "Unit"),
    ("year", "Target year"),
    ("kind", "Kind"),
    ("meeting_date", "Meeting date"),
    ("sentence", "Sentence"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
)
PROJECTS_COLUMNS: Final = (
    ("region", "Region"),
    ("subject", "Subject"),
    ("metric_label", "Metric"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("year", "Year"),
    ("status", "Status"),
    ("period", "Period"),
    ("meeting_date", "Meeting date"),
    ("sentence", "Sentence"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
)
LISTING_WRAP_WIDTHS: Final = {
    "region": LABEL_WIDTH,
    "metric_label": LABEL_WIDTH,
    "subject": LABEL_WIDTH,
    "sentence": SENTENCE_WIDTH,
}
PLANS_SORT: Final = ("region", "year", "meeting_date", "doc", "start")
PROJECTS_SORT: Final = ("region", "meeting_date", "doc", "start")
NO_PLANS: Final = "No region-wide plan, target or forecast was found."
NO_PROJECTS: Final = "No figure about a part of a region (a plant, a programme, a district) was found."

HISTORY_COLUMNS: Final = (
    ("region", "Region"),
    ("header", "Metric"),
    ("year", "Year"),
    ("value", "Value"),
    ("written", "As written"),
    ("status", "Status"),
    ("shown_text", "On Comparison"),
    ("meeting_date", "Meeting date"),
    ("surface", "Surface"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
)
HISTORY_WRAP_WIDTHS: Final = {"region": LABEL_WIDTH, "header": 30, "surface": 24}
HISTORY_SHOWN: Final = "shown"
NO_HISTORY: Final = "No region has more than one comparable figure for a Comparison column."

REGIONS_COLUMNS: Final = (
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("region_iso", "ISO code"),
    ("documents", "Documents"),
    ("figures", "Figures"),
    ("compared", "Compared"),
    ("first_meeting", "First meeting"),
    ("latest_meeting", "Latest meeting"),
    ("population", "Population"),
    ("population_year", "Population year"),
    ("population_source", "Population source"),
)
REGIONS_WRAP_WIDTHS: Final = {"region": 26, "population_source": 40}
REGIONS_SORT: Final = ("federal_district", "region")

SOURCES_COLUMNS: Final = (
    ("file", "File"),
    ("title", "Title"),
    ("region", "Region"),
    ("meeting_date", "Meeting date"),
    ("figures", "Figures"),
    ("status", "Status"),
    ("reason", "Reason"),
    ("federal_district", "Federal district"),
    ("sha256", "SHA-256"),
    ("path", "Path"),
)
SOURCES_WRAP_WIDTHS: Final = {"file": 30, "title": 50, "region": LABEL_WIDTH, "reason": 40}
SOURCES_SORT: Final = ("file", "path")
SOURCES_PRINT_COLUMNS: Final = 8  # up to Federal district: the digest and the full path are for screens

ISSUES_COLUMNS: Final = (
    ("stage", "Stage"),
    ("check", "Check"),
    ("region", "Region"),
    ("doc", "Document"),
    ("column", "Column"),
    ("value", "Value"),
    ("message", "Message"),
)
ISSUES_WRAP_WIDTHS: Final = {"region": LABEL_WIDTH, "column": 22, "value": 24, "message": MESSAGE_WIDTH}
ISSUES_SORT: Final = ("stage_order", "check", "region", "doc", "column", "value", "message")
NO_ISSUES: Final = "No issues: every input was processed and every figure passed validation."

RANKINGS_COLUMNS: Final = (
    ("header", "Metric"),
    ("rank", "Rank"),
    ("reporters", "Of"),
    ("region", "Region"),
    ("value", "Value"),
    ("year", "Year"),
    ("written", "As written"),
    ("flag", "Flag"),
    ("meeting_date", "Meeting date"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
    ("topic_label", "Topic"),
)
RANKINGS_WRAP_WIDTHS: Final = {"header": 30, "region": LABEL_WIDTH, "flag": 16}
RANKINGS_SORT: Final = ("column_order", "rank", "region")
CONFLICT_TEXT: Final = "conflict"
OUTLIER_TEXT: Final = "outlier: not ranked"

# --- the region × column sheets (Comparison, Per capita) ---------------------------------------------------------

# Both are stacked blocks, one per topic (split where a topic has more columns than fit a landscape page):
# a band naming the topic, a header row, then the regions with a value in the block.
COMPARISON_REGION_COLUMNS: Final = (("region", "Region"), ("federal_district", "Federal district"))
PER_CAPITA_REGION_COLUMNS: Final = (("region", "Region"), ("population", "Population"))
REGION_COLUMN_WIDTHS: Final = {"region": (16, 36), "federal_district": (10, 16), "population": (10, 14)}
HEADER_SEPARATOR: Final = " — "  # "Investment volume — amount, RUB"
CONTINUED: Final = " (continued)"
COMPARISON_NOTE: Final = (
    "Each region's latest comparable figure: the region's own (not a plant's or a programme's), achieved "
    "(not a plan), for one year or a level at a moment. (2024): the year the figure is for; (Sep 2025): no "
    "year stated, as said at the meeting of that month. Columns of fewer than {min_regions} regions are on "
    "Facts only. A grey cell with an orange frame is far outside its column (not ranked); a red frame, a "
    "conflict. Hover over a cell for its rank, source and history."
)
PER_CAPITA_NOTE: Final = (
    "A Comparison value ÷ the region's population × the header's base (per resident, per 1,000 residents). "
    "Population from the project's region table ({source}). Only the columns of the project's per-capita "
    "table, never a rate, a plan, or a part of a region; hover over a header for why it is meaningful per "
    "resident."
)
TOPIC_BAND_HEIGHT: Final = 18.0  # points

# How a topic id of metrics.yaml is shown above its group of columns; unknown topics are capitalised.
TOPIC_LABELS: Final = {
    "economy": "Economy",
    "industry": "Industry",
    "investment": "Investment",
    "trade": "Trade",
    "agriculture": "Agriculture",
    "finance": "Public finance",
    "labour": "Labour and income",
    "social": "Social support",
    "demography": "Demography",
    "health": "Health",
    "education": "Education",
    "housing": "Housing",
    "infrastructure": "Infrastructure",
    "tourism": "Tourism",
    "culture": "Culture and sport",
}
# A unit is left out of a Comparison header when it only repeats the kind ("Population — count").
UNITS_SAME_AS_KIND: Final = frozenset({"count", "rank"})
# Units as shown in headers (the Facts sheet keeps the normalized unit as data).
UNIT_LABELS: Final = {"m2": "m²", "m3": "m³", "x": "×"}

QUALIFIER_WORDS: Final = {"approx": "about", "min": "over / at least", "max": "up to / under"}
# Shown before a qualified number by its number format: the cell stays a number.
QUALIFIER_MARKERS: Final = {"approx": "≈", "min": ">", "max": "<"}
# A Comparison cell says its year after the number ("60.0 bn (2024)"); without a stated year, the month of
# the meeting it was said at (strftime).
YEAR_SUFFIX: Final = " ({year})"
MEETING_SUFFIX_DATE: Final = "%b %Y"
# Where an index and a change meet in one column, a converted cell says its text's form before the number.
FORM_PREFIXES: Final = {"index": "index {written} = ", "change": "{written} = index "}
HISTORY_NOTE_LINES: Final = 6  # at most this many earlier figures listed in a Comparison cell's note

# --- print: A4 landscape, in points ---------------------------------------------------------------------------

PAGE_WIDTH_PT: Final = 842.0
PAGE_HEIGHT_PT: Final = 595.0
MARGIN_SIDE_IN: Final = 0.4
MARGIN_TOP_IN: Final = 0.5
MARGIN_HEADER_IN: Final = 0.25
PT_PER_WIDTH_UNIT: Final = (
    5.6  # one column width unit (a digit of 11 pt Calibri plus padding), estimated high
)
MIN_PRINT_SCALE: Final = 70  # percent: blocks are split so that every block prints at this scale or larger
PAGE_FILL: Final = 0.92  # the share of a page's height the planned rows may take: row heights are estimates

# --- Charts ------------------------------------------------------------------------------------------------------

CHARTS_NOTE: Final = (
    "The most-reported columns of Comparison (those with the most regions ranked), one bar per region, "
    "by place; outliers have no bar. The table beside each chart holds its data; ≈ > < mark qualified "
    "values as elsewhere."
)
NO_CHARTS: Final = "No column is reported by enough regions for a chart (see Rankings)."
CHART_COLUMNS: Final = ("Rank", "Region", "Value")
CHART_ANCHOR_COLUMN: Final = "E"  # charts sit right of their data table (A:C) and a spacer column
CHART_WIDTH_CM: Final = 18.0
CHART_BAR_CM: Final = 0.55  # height per bar
CHART_MIN_HEIGHT_CM: Final = 6.0
CHART_PADDING_CM: Final = 2.4  # title and value axis
CHART_GAP_ROWS: Final = 2  # empty rows between two charts
CHART_BAR_COLOR: Final = "5B9BD5"
CHART_WIDTHS: Final = {"A": 7, "B": 36, "C": 14, "D": 2}
CHARTS_PRINT_SCALE: Final = 70  # percent: a table and its chart fit across a landscape A4 page

OVERVIEW_CHART_TITLE: Final = "Figures per region"
OVERVIEW_CHART_NOTE: Final = (
    "Valid figures per region, regions in the Regions sheet's order (by federal district, then name); the "
    "chart reads its Region and Figures columns."
)
NO_REGIONS: Final = "No document was processed: there is no region to chart."
OVERVIEW_CHART_CM: Final = (24.0, 10.5)  # width, height: a column chart under the run's summary
OVERVIEW_CHART_ROWS: Final = 21  # rows left free for it (the note above it, the chart, a blank row)

# --- freeze panes (the first cell that scrolls) ---------------------------------------------------------------

FREEZE: Final = {
    RANKINGS: "B2",  # header row and Metric
    HISTORY: "B2",
    PLANS: "B2",
    PROJECTS: "B2",
    REGIONS: "B2",
    FACTS: "B2",  # header row and Region
    SOURCES: "B2",  # header row and File
    ISSUES: "A2",
}

# --- widths (Excel character units) -----------------------------------------------------------------------------

MIN_WIDTH: Final = 8
MAX_WIDTH: Final = 60
HEADER_PADDING: Final = 3  # room for the autofilter button next to a header
COMPARISON_VALUE_WIDTH: Final = (14, 30)  # bounds for a comparison value column; its header wraps
OVERVIEW_WIDTHS: Final = {"A": 34, "B": 100}
NOTE_WIDTH: Final = 300  # points: the size of a cell's note (comment) box
NOTE_LINE: Final = 16  # points per line of a note
LINE_HEIGHT: Final = 15.0  # points per line of 11 pt text, for rows whose text wraps
# Characters of running text per width unit (a width unit is one digit "0"), estimated low so wrapped rows
# never clip: regular text is narrower than digits, bold headers about as wide.
CHARS_PER_LINE: Final = 1.2
CHARS_PER_LINE_BOLD: Final = 0.9
WRAP_MARGIN: Final = 2  # characters a wrapped line is taken to lose at its end

# --- number formats ---------------------------------------------------------------------------------------------

FMT_COUNT: Final = "#,##0"
FMT_AMOUNT: Final = "#,##0.0#"  # an amount with a fraction; whole amounts use FMT_COUNT
FMT_PERCENT: Final = "0.0%"  # the cell holds the fraction: 40 % is stored as 0.4
FMT_CHANGE_PERCENT: Final = "+0.0%;-0.0%;0.0%"  # a change in % says its sign
FMT_PP: Final = '+0.0" pp";-0.0" pp";0.0" pp"'
FMT_MULTIPLE: Final = '0.0"×"'
FMT_RANK: Final = "0"
FMT_INTEGER: Final = "0"  # years and character offsets: no thousands separator
FMT_DATE: Final = "yyyy-mm-dd"
FMT_DATETIME: Final = "yyyy-mm-dd hh:mm:ss"
MONEY_UNITS: Final = frozenset({"RUB", "USD", "EUR", "CNY"})
# Money is scaled per cell by its magnitude: (threshold, format), largest first; below the last, FMT_COUNT.
MONEY_SCALES: Final = (
    (1e12, '#,##0.00,,,," tn"'),
    (1e9, '#,##0.0,,," bn"'),
    (1e6, '#,##0.0,," mn"'),
)
# Values per resident by magnitude: (threshold, format), largest first; below the last, the last format.
PER_CAPITA_SCALES: Final = (
    (100.0, "#,##0"),
    (10.0, "#,##0.0"),
    (0.0, "#,##0.00"),
)
PERCENT_UNIT: Final = "%"
PP_UNIT: Final = "pp"
MULTIPLE_UNIT: Final = "x"
RANK_UNIT: Final = "rank"
COUNT_UNIT: Final = "count"
# Units with a format of their own, whatever the kind.
UNIT_FORMATS: Final = {PP_UNIT: FMT_PP, MULTIPLE_UNIT: FMT_MULTIPLE, RANK_UNIT: FMT_RANK}

# --- colours (RGB hex) and fonts ------------------------------------------------------------------------------

HEADER_FILL: Final = "DDEBF7"
HEADER_FONT_COLOR: Final = "1F3864"
TOPIC_FILLS: Final = ("BDD7EE", "E2EFDA")  # alternate between neighbouring topic groups
TOPIC_HEADER_FILLS: Final = ("DDEBF7", "F0F7EA")  # the header row under each topic group, in the same rhythm
GROUP_BORDER_COLOR: Final = "8EA9DB"  # left edge of each topic group
BLOCK_FILLS: Final = ("FFFFFF", "F2F2F2")  # Rankings: alternate between neighbouring metrics
FONT_NAME: Final = "Calibri"  # every font names its face: a nameless font shows as serif in LibreOffice
FONT_SIZE: Final = 11
MONO_FONT_NAME: Final = "Consolas"  # SHA-256 digests
MONO_FONT_SIZE: Final = 9
LINK_COLOR: Final = "0563C1"
TITLE_SIZE: Final = 16
SECTION_SIZE: Final = 12
NOTE_COLOR: Final = "595959"

# Colour scales per value column (conditional formatting; the cell keeps its number):
# levels from white (lowest) to blue (highest); changes from red (falls) through white (0) to green (rises);
# places from blue (1st, the best) to white.
SCALE_LOW: Final = "FFFFFF"
SCALE_HIGH: Final = "9DC3E6"
SCALE_FALL: Final = "F4B183"
SCALE_RISE: Final = "A9D08E"

# A Comparison or Per capita cell whose figures conflict: a red frame (fills belong to the colour scale).
CONFLICT_COLOR: Final = "C00000"
# A cell far outside its column's others (an outlier, not ranked): a dashed orange frame and a grey fill.
OUTLIER_COLOR: Final = "ED7D31"
OUTLIER_FILL: Final = "EDEDED"

# Qualified values: italic, one colour per qualifier (exact values keep the default font).
QUALIFIER_COLORS: Final = {
    "approx": "2F5597",  # blue: about
    "min": "38761D",  # green: at least
    "max": "B45F06",  # orange: at most
}

# Sources status cells: (fill, font colour).
STATUS_STYLES: Final = {
    "processed": ("C6EFCE", "006100"),
    "quarantined": ("FFC7CE", "9C0006"),
    "duplicate": ("D9D9D9", "404040"),
}
# Facts placement cells: the figure's place, coloured by where it went (others: no colour).
PLACEMENT_STYLES: Final = {
    "Comparison": ("C6EFCE", "006100"),
    "History": ("DDEBF7", "1F3864"),
    "Plans": ("FFF2CC", "7F6000"),
    "Projects": ("FCE4D6", "843C0C"),
}

# --- the Overview's reading guide ---------------------------------------------------------------------------------

SHEET_GUIDE: Final = (
    (
        COMPARISON,
        (
            "Each region's latest comparable figure per column (metric, kind, unit and rate base), one block per "
            "topic. Only figures that compare: the region's own (scope region), achieved (status actual), for one "
            "year or a level; a column needs {min_regions} regions. Each cell says its year: 60.0 bn (2024). Where "
            "an index and a change of one metric meet, a converted cell says its text's form: index 105.0% = +5.0%."
        ),
    ),
    (
        PER_CAPITA,
        (
            "The Comparison amounts and counts that are meaningful per resident (investment, GRP, budget, housing "
            "m², exports, harvests, jobs…), divided by the region's population, ranked per resident."
        ),
    ),
    (
        RANKINGS,
        (
            "Every Comparison cell in one filterable table, column by column, regions by place (Rank of Of); "
            "outliers (beyond 10× the column's median) last, flagged and unranked."
        ),
    ),
    (
        HISTORY,
        (
            "Where a region gave several comparable figures for one column (other years, other meetings, earlier "
            "values set against later ones): every one, the one shown on Comparison first."
        ),
    ),
    (PLANS, "Region-wide targets, plans, forecasts and promises, with their target year: never ranked."),
    (
        PROJECTS,
        (
            "Figures about a part of a region: one plant, company, project, programme, district or sector, "
            "achieved or planned: never in a regional comparison or per resident."
        ),
    ),
    (CHARTS, "Bar charts of the most-reported Comparison columns (at most {max_charts}), regions by place."),
    (REGIONS, "Every region: documents, figures, cells on Comparison, meetings, population with its source."),
    (
        FACTS,
        (
            "Every figure found, one row each, with its scope, status, period, where it went (Placement) and "
            "the sentence it comes from with its character offsets (Start, End) in the document."
        ),
    ),
    (
        SOURCES,
        "Every input file: processed (green), quarantined (red, with the reason) or a duplicate (grey).",
    ),
    (
        ISSUES,
        (
            "What the run set aside, doubts or was told, by stage: unreadable files (read), figures failing a "
            "check, analyst overrides applied or not (override), conflicts and outliers (compare)."
        ),
    ),
)
READING_GUIDE: Final = (
    (
        "Numbers",
        (
            "Numbers are real numbers, formatted for reading: money in mn / bn / tn (the cell keeps the full "
            "amount), percentages as % (the cell keeps the fraction, 40 % = 0.4), changes with their sign, "
            "percentage points as pp, multiples as ×, ranks as places (1 = first). The text around a Comparison "
            "number (its year, its form) is part of the number format: the cell stays a number."
        ),
    ),
    (
        "What compares",
        (
            "Two figures stand in one column when their metric, kind, unit and rate base agree and each is the "
            "region's own, achieved, for one year or a level (a flow such as investment or schools built needs "
            "its year). A plan goes to Plans, a plant's or programme's figure to Projects, a total over several "
            "years, part of a year or an unstated time stays on Facts (its Placement says why). Of a region's figures for one column the latest year wins (a stated year, or the "
            "year before the meeting's when none is stated); the others are on History and in the cell's note."
        ),
    ),
    (
        "Ranks and outliers",
        (
            "A region's rank is its place among the regions ranked in the column: 1 = the highest value, equal "
            "values share a place; in a column of places 1 = the best. A value beyond 10× the column's median "
            "is far outside the others: grey with an orange frame, flagged on Issues, not ranked."
        ),
    ),
    (
        "Colours",
        (
            "Each value column has its own colour scale over its ranked values: levels from white (lowest) to "
            "blue (highest), changes from orange (falls) through white to green (rises), places from blue "
            "(first) to white. A red frame marks a conflict: the region gave different values for that column "
            "and year (listed on Issues)."
        ),
    ),
    (
        "Overrides",
        (
            "An analyst's corrections live in an overrides file beside the workbook (overrides.yaml; see the "
            "README): exclude a figure or correct its metric, kind, year, scope, status, period or rate base. "
            "Each run applies them and lists every one on Issues (stage override), with those that no longer "
            "match a figure."
        ),
    ),
)
QUALIFIER_GUIDE: Final = (
    ("approx", 60, "The text says about, around, roughly, nearly, almost or close to."),
    ("min", 4000, "The text says over, more than, at least or above; a range gives its lower end."),
    ("max", 10, "The text says up to, less than, under or no more than."),
)
QUALIFIER_NOTE: Final = (
    "A value the text qualifies keeps its number; its format puts a marker before it and it is written in "
    "italics, coloured as below."
)

# Every column of every sheet, explained: (sheet, ((header, meaning), ...)).
COLUMN_GUIDE: Final = (
    (
        COMPARISON,
        (
            ("Region, Federal district", "The region (canonical English name) and its federal district."),
            (
                "<Metric> — <kind>, <unit>",
                (
                    "One column per metric (from the taxonomy), kind (count, amount, percent, change, rank, "
                    "index), unit and rate base (per 1000 people…): the region's latest comparable value, with "
                    "its year."
                ),
            ),
        ),
    ),
    (
        PER_CAPITA,
        (
            ("Region, Population", "The region and its residents (project's region table)."),
            (
                "<Metric> — <unit> per resident",
                "The Comparison value divided by the population (× the base).",
            ),
        ),
    ),
    (
        RANKINGS,
        (
            ("Metric", "The Comparison column: metric, kind, unit and rate base."),
            ("Rank, Of", "The region's place in the column and how many regions were ranked there."),
            ("Value, Year", "Its value as on Comparison, and the year it is for (or the meeting's month)."),
            ("As written", "The text's own form where an index and a change were converted."),
            ("Flag", "conflict (the region gave different values for this year) or outlier (not ranked)."),
            ("Meeting date, Document, Start, End", "Where the value comes from."),
        ),
    ),
    (
        HISTORY,
        (
            ("Region, Metric", "The region and the Comparison column."),
            ("Year, Value, As written", "Each figure with its year, in the column's form and as written."),
            ("Status", "actual, or past: an earlier value the text sets against a later one."),
            ("On Comparison", "shown: the figure the Comparison cell holds."),
        ),
    ),
    (
        PLANS,
        (
            ("Target, Target year", "The value the region plans or promises, and the year it is for."),
            ("Sentence, Document, Start, End", "Where it is said."),
        ),
    ),
    (
        PROJECTS,
        (
            ("Subject, Metric", "What the figure is about, in the text's words, and its metric."),
            ("Status, Period", "actual, plan or past; one year, several years or part of a year."),
        ),
    ),
    (CHARTS, (("Rank, Region, Value", "Each chart's data: the regions by place with their value."),)),
    (
        REGIONS,
        (
            ("Documents, Figures, Compared", "Processed documents, valid figures, and cells on Comparison."),
            ("Population, year, source", "From the project's region table."),
        ),
    ),
    (
        FACTS,
        (
            ("Metric, Subject", "The metric (taxonomy label; empty when none fits) and what is measured."),
            (
                "Kind, Value, Unit, Year",
                "count, amount, percent, change, rank or index; the normalized value.",
            ),
            ("Scope", "region (the region as a whole) or part (a plant, programme, district, sector)."),
            (
                "Status",
                "actual, plan (a target or promise) or past (an earlier value set against a later one).",
            ),
            ("Period", "year, years (several), part_year, or empty: a level at a moment, or not said."),
            (
                "Placement",
                "Where the figure went: Comparison, History, Plans, Projects, or Facts only and why.",
            ),
            (
                "Sentence, Document, Start, End",
                "The sentence and the figure's character offsets (End exclusive).",
            ),
            ("Per", "The base of a rate (per person, per 1000 people, per day…)."),
        ),
    ),
    (
        SOURCES,
        (
            ("File, Title, Region, Meeting date", "The input file and what was read from it."),
            ("Status, Reason", "processed, quarantined or duplicate, and why it was set aside."),
        ),
    ),
    (
        ISSUES,
        (
            ("Stage", "read, extract, validate, normalize, override, compare or report: where it arose."),
            ("Check", "The failed check, quarantine, duplicate, conflict, outlier, or override_*."),
            (
                "Column, Value, Message",
                "What it is about, the offending value, and what is wrong or was done.",
            ),
        ),
    ),
)
