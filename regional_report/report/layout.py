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
TRENDS: Final = "Trends"
CHARTS: Final = "Charts"
FACTS: Final = "Facts"
SOURCES: Final = "Sources"
ISSUES: Final = "Issues"
SHEETS: Final = (OVERVIEW, COMPARISON, PER_CAPITA, RANKINGS, TRENDS, CHARTS, FACTS, SOURCES, ISSUES)

# zlib level of the workbook's zip: 3 writes a 10,000-document workbook in 0.7 s instead of 1.6 s (level 6,
# Python's default) for 22.5 MB instead of 19.6 MB.
ZIP_COMPRESSLEVEL: Final = 3

TITLE: Final = "Regional report: figures from the President's meetings with regional heads"

# --- columns: (frame column, header) in sheet order -----------------------------------------------------------

SENTENCE_WIDTH: Final = 80  # Facts: the sentence wraps in this width
MESSAGE_WIDTH: Final = 80  # Issues: the message wraps in this width

FACTS_COLUMNS: Final = (
    ("region", "Region"),
    ("meeting_date", "Meeting date"),
    ("metric_label", "Metric"),
    ("subject", "Subject"),
    ("kind", "Kind"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("qualifier", "Qualifier"),
    ("year", "Year"),
    ("sentence", "Sentence"),
    ("value_max", "Max value"),
    ("surface", "Surface"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
    ("federal_district", "Federal district"),
    ("metric", "Metric id"),
)
# Facts columns that wrap in a fixed width, so the sentence is in view without scrolling sideways.
FACTS_WRAP_WIDTHS: Final = {"region": 22, "metric_label": 22, "subject": 22, "sentence": SENTENCE_WIDTH}
# Stable order of the Facts rows: by place, then meeting, then position in the document.
FACTS_SORT: Final = ("federal_district", "region", "meeting_date", "doc", "start", "end")
FACTS_TABLE_NAME: Final = "Facts"
FACTS_TABLE_STYLE: Final = "tableStyleMedium2"

SOURCES_COLUMNS: Final = (
    ("file", "File"),
    ("path", "Path"),
    ("sha256", "SHA-256"),
    ("title", "Title"),
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("meeting_date", "Meeting date"),
    ("figures", "Figures"),
    ("status", "Status"),
    ("reason", "Reason"),
)
SOURCES_SORT: Final = ("file", "path")

ISSUES_COLUMNS: Final = (
    ("stage", "Stage"),
    ("check", "Check"),
    ("region", "Region"),
    ("doc", "Document"),
    ("column", "Column"),
    ("value", "Value"),
    ("message", "Message"),
)
ISSUES_SORT: Final = ("stage_order", "check", "region", "doc", "column", "value", "message")
NO_ISSUES: Final = "No issues: every input was processed and every figure passed validation."

RANKINGS_COLUMNS: Final = (
    ("header", "Metric"),
    ("topic_label", "Topic"),
    ("rank", "Rank"),
    ("reporters", "Of"),
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("value", "Value"),
    ("qualifier", "Qualifier"),
    ("year", "Year"),
    ("meeting_date", "Meeting date"),
    ("doc", "Document"),
    ("conflict_text", "Conflict"),
)
RANKINGS_SORT: Final = ("column_order", "rank", "region")
CONFLICT_TEXT: Final = "conflict"

# The Comparison and Per capita sheets: fixed region columns, then one column per (metric, kind, unit)
# grouped by topic. Each entry: (RegionFrame column, header).
COMPARISON_REGION_COLUMNS: Final = (
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("region_iso", "ISO code"),
    ("documents", "Documents"),
    ("figures", "Figures"),
    ("latest_meeting", "Latest meeting"),
)
PER_CAPITA_REGION_COLUMNS: Final = (
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("region_iso", "ISO code"),
    ("population", "Population"),
    ("population_year", "Population year"),
    ("population_source", "Population source"),
)
MATRIX_TOPIC_ROW: Final = 1  # topic names, merged over their group of columns (below any note rows)
HEADER_SEPARATOR: Final = " — "  # "Investment volume — amount, RUB"
PER_CAPITA_NOTE: Final = (
    "Value per resident = the region's latest value on Comparison ÷ its population × the header's base "
    "(per resident, per 1,000 or per 10,000). Population, its year and source are in columns D–F "
    "(the region table of the project, from the 2021 census as published by Rosstat). Only the columns "
    "of the project's per-capita table are shown; hover over a header for why it is meaningful per resident."
)
PER_CAPITA_SOURCE_WIDTH: Final = 36  # the population source wraps in this width

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

# --- Trends and Charts ------------------------------------------------------------------------------------------

TRENDS_NOTE: Final = (
    "Regions whose figures come from meetings on different dates. Each row is one metric column; each "
    "meeting gives the figure chosen as on Comparison (the latest year it states, then the first mention) "
    "and the year that figure refers to. Rows reported at several meetings come first."
)
TRENDS_FIXED_COLUMNS: Final = ("Topic", "Metric")
TRENDS_SEVERAL: Final = "Reported at several meetings"
TRENDS_SINGLE: Final = "Reported at one meeting"
NO_TRENDS: Final = "No region has figures from more than one meeting date."
TRENDS_WIDTHS: Final = {"topic": 18, "metric": 44, "value": 14, "year": 8}

CHARTS_NOTE: Final = (
    "The most-reported columns of Comparison (those reported by the most regions), one bar per region, "
    "by place. The table beside each chart holds its data; ≈ > < mark qualified values as elsewhere."
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
    "Valid figures per region, regions in Comparison's order (by federal district, then name); the chart "
    "reads Comparison's Region and Figures columns."
)
NO_REGIONS: Final = "No document was processed: there is no region to chart."
OVERVIEW_CHART_CM: Final = (24.0, 10.5)  # width, height: a column chart under the run's summary
OVERVIEW_CHART_ROWS: Final = 21  # rows left free for it (the note above it, the chart, a blank row)

# --- freeze panes (the first cell that scrolls) ---------------------------------------------------------------

FREEZE: Final = {
    RANKINGS: "C2",  # header row, Metric and Topic
    TRENDS: "C2",  # the note row, Topic and Metric
    FACTS: "B2",  # header row and Region
    SOURCES: "B2",  # header row and File
    ISSUES: "A2",
}
# Comparison and Per capita freeze below their headers and right of their region columns (computed).

# --- widths (Excel character units) -----------------------------------------------------------------------------

MIN_WIDTH: Final = 8
MAX_WIDTH: Final = 60
HEADER_PADDING: Final = 3  # room for the autofilter button next to a header
COMPARISON_VALUE_WIDTH: Final = (12, 22)  # bounds for a comparison value column; its header wraps
OVERVIEW_WIDTHS: Final = {"A": 34, "B": 100}
NOTE_WIDTH: Final = 300  # points: the size of a cell's note (comment) box
NOTE_LINE: Final = 16  # points per line of a note
LINE_HEIGHT: Final = 15.0  # points per line of 11 pt text, for rows whose text wraps
# Characters of running text per width unit (a width unit is one digit "0"), estimated low so wrapped rows
# never clip: regular text is narrower than digits, bold headers about as wide.
CHARS_PER_LINE: Final = 1.2
CHARS_PER_LINE_BOLD: Final = 0.9

# --- number formats ---------------------------------------------------------------------------------------------

FMT_COUNT: Final = "#,##0"
FMT_AMOUNT: Final = "#,##0.0#"  # an amount with a fraction; whole amounts use FMT_COUNT
FMT_PERCENT: Final = "0.0%"  # the cell holds the fraction: 40 % is stored as 0.4
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

# --- the Overview's reading guide ---------------------------------------------------------------------------------

SHEET_GUIDE: Final = (
    (
        COMPARISON,
        (
            "One row per region (by federal district, then name); one column per metric, kind and unit, grouped "
            "by topic (the band above the headers). Each cell holds the region's latest figure by meeting date; "
            "its note gives the region's rank among the regions reporting the column, the year and the source. "
            "An empty cell means the region did not report that figure."
        ),
    ),
    (
        PER_CAPITA,
        (
            "The amounts and counts of Comparison that are meaningful per resident (investment, GRP, budget, "
            "housing m², exports, harvests, jobs…), divided by the region's population, with the population, "
            "its year and source on the sheet. Ranks are recomputed per resident."
        ),
    ),
    (
        RANKINGS,
        (
            "Every Comparison column reported by at least {min_regions} regions: the regions in order (Rank, "
            "Of = regions ranked), with value, year, meeting date and source document. Filter Region to see one "
            "region's places in everything; filter Rank to see the leaders."
        ),
    ),
    (
        TRENDS,
        "Regions reported at several meetings (different dates): each metric at each meeting, side by side.",
    ),
    (
        CHARTS,
        "Bar charts of the most-reported Comparison columns (at most {max_charts}), regions by place.",
    ),
    (
        FACTS,
        (
            "Every figure found, one row each, with the sentence it comes from and its character offsets "
            "(Start, End) in the document. An Excel table: filter by region, metric or kind; Value is in Unit."
        ),
    ),
    (
        SOURCES,
        (
            "Every input file: processed (green), quarantined (red, with the reason) or a duplicate of another "
            "file (grey), with its SHA-256, title, region, meeting date and number of figures."
        ),
    ),
    (
        ISSUES,
        (
            "What the run set aside or doubts, by stage: unreadable files (read), figures failing a check "
            "(validate, normalize, report; with the check and the offending value) and conflicting figures "
            "(compare, check = conflict)."
        ),
    ),
)
READING_GUIDE: Final = (
    (
        "Numbers",
        (
            "Numbers are real numbers, formatted for reading: money in mn / bn / tn (the cell keeps the full "
            "amount), percentages as % (the cell keeps the fraction, 40 % = 0.4), percentage points as pp, "
            "multiples as ×, ranks as places (1 = first)."
        ),
    ),
    (
        "Ranks",
        (
            "A region's rank is its place among the regions that reported the same column: 1 = the highest "
            "value, equal values share a place; in a column of places (kind rank) 1 = the best place. Ranks "
            "compare what the regions said, whatever the year, so read them with the Year."
        ),
    ),
    (
        "Sort and filter",
        (
            "Comparison and Per capita have filter buttons on their header row: sort a column to order the "
            "regions by it (the same order as its ranks). Rankings holds every rank as a number in one table: "
            "filter Region for a region's places across all metrics, or Rank ≤ 3 for the leaders."
        ),
    ),
    (
        "Colours",
        (
            "Each value column of Comparison and Per capita has its own colour scale: levels from white "
            "(lowest) to blue (highest), changes from orange (falls) through white to green (rises), places "
            "from blue (first) to white. A red frame marks a conflict: the region gave different values for "
            "that column and year (listed on Issues)."
        ),
    ),
    (
        "Conflicts",
        (
            "A conflict is the same region, metric, kind, unit and stated year with different values. Figures "
            "without a stated year are not compared (they may be about different periods)."
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
    "italics, coloured as below. Hover over a Comparison cell for its note (rank, qualifier, year, source)."
)

# Every column of every sheet, explained: (sheet, ((header, meaning), ...)).
COLUMN_GUIDE: Final = (
    (
        COMPARISON,
        (
            ("Region", "Canonical English name of the federal subject (en.kremlin.ru style)."),
            ("Federal district", "The federal district the region belongs to."),
            ("ISO code", "ISO 3166-2 code; empty where ISO has none."),
            ("Documents", "Processed documents about the region in this run."),
            ("Figures", "Valid figures from those documents (on Facts), with a metric or not."),
            ("Latest meeting", "Date of the region's latest meeting; its figures win on Comparison."),
            (
                "<Metric> — <kind>, <unit>",
                (
                    "One column per metric (from the taxonomy), kind (count, amount, percent, change, rank) "
                    "and unit: the region's latest value."
                ),
            ),
        ),
    ),
    (
        PER_CAPITA,
        (
            ("Region … ISO code", "As on Comparison."),
            ("Population", "Residents, from the project's region table."),
            ("Population year", "The year of that population figure."),
            ("Population source", "Where the population figure comes from."),
            (
                "<Metric> — <unit> per resident",
                "The Comparison value divided by the population (× the base).",
            ),
        ),
    ),
    (
        RANKINGS,
        (
            ("Metric", "The Comparison column: metric, kind and unit."),
            ("Topic", "The metric's topic."),
            ("Rank", "The region's place in the column (1 = highest; for places, the best)."),
            ("Of", "How many regions reported the column."),
            ("Region, Federal district", "The region ranked."),
            ("Value", "Its latest value, as on Comparison."),
            ("Qualifier", "exact, approx (about), min (over / at least) or max (up to)."),
            ("Year", "The year the figure refers to, where the text states one."),
            ("Meeting date, Document", "The meeting and the document the value comes from."),
            ("Conflict", "“conflict” when the region gave different values for this column and year."),
        ),
    ),
    (
        TRENDS,
        (
            ("Topic, Metric", "The Comparison column."),
            ("Meeting of <date>", "The figure given at that meeting."),
            ("Year", "The year that figure refers to, where stated."),
        ),
    ),
    (
        CHARTS,
        (("Rank, Region, Value", "Each chart's data: the regions by place with their latest value."),),
    ),
    (
        FACTS,
        (
            ("Region, Federal district", "Where the document is set."),
            ("Meeting date", "The date of the meeting the document reports."),
            ("Metric, Metric id", "The metric's label and id in the taxonomy; empty when none fits."),
            ("Subject", "What the figure counts or measures, in the text's words."),
            ("Kind", "count, amount, percent (a level), change (by how much) or rank (a place)."),
            ("Value, Max value", "The figure in its normalized unit; Max value is the upper end of a range."),
            ("Unit", "Normalized unit: RUB, USD, t, ha, m2, km, %, pp (points), x (times), count, rank…"),
            ("Qualifier", "exact, approx, min or max (see Qualified values)."),
            ("Year", "The year the figure refers to, where the text states one."),
            ("Surface", "The figure as written in the document."),
            ("Sentence", "The sentence the figure comes from."),
            (
                "Document, Start, End",
                "The file and the figure's character offsets in its text (End exclusive).",
            ),
        ),
    ),
    (
        SOURCES,
        (
            ("File, Path", "The input file."),
            ("SHA-256", "The digest of its bytes; duplicates share it."),
            ("Title", "The document's title."),
            ("Region, Federal district, Meeting date", "Where and when the meeting took place."),
            ("Figures", "Valid figures found in it."),
            ("Status, Reason", "processed, quarantined or duplicate, and why it was set aside."),
        ),
    ),
    (
        ISSUES,
        (
            ("Stage", "read, validate, normalize, compare or report: where the issue arose."),
            ("Check", "The failed check (a Pandera check name), quarantine, duplicate or conflict."),
            ("Region, Document", "Whose figure or file it is."),
            ("Column", "The frame column (or Comparison column key) the check is about."),
            ("Value", "The offending value; for a conflict, the figures as written, separated by |."),
            ("Message", "What is wrong, with the figure's words and offsets."),
        ),
    ),
)
