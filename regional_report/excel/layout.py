"""Layout constants for the workbook: sheet order, columns, headers, widths, number formats, colours, fonts.

Constants only. The renderer (`render.py`) reads these and decides nothing about looks on its own, so a
change of style, or a later switch of the Facts sheet to write-only mode, stays local to one module each.
"""

from __future__ import annotations

from typing import Final

# --- sheets --------------------------------------------------------------------------------------------------

OVERVIEW: Final = "Overview"
COMPARISON: Final = "Comparison"
FACTS: Final = "Facts"
SOURCES: Final = "Sources"
ISSUES: Final = "Issues"
SHEETS: Final = (OVERVIEW, COMPARISON, FACTS, SOURCES, ISSUES)

TITLE: Final = "Regional report: figures from the President's meetings with regional heads"

# --- columns: (frame column, header) in sheet order -----------------------------------------------------------

FACTS_COLUMNS: Final = (
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("meeting_date", "Meeting date"),
    ("metric_label", "Metric"),
    ("metric", "Metric id"),
    ("subject", "Subject"),
    ("kind", "Kind"),
    ("value", "Value"),
    ("value_max", "Max value"),
    ("unit", "Unit"),
    ("qualifier", "Qualifier"),
    ("year", "Year"),
    ("surface", "Surface"),
    ("sentence", "Sentence"),
    ("doc", "Document"),
    ("start", "Start"),
    ("end", "End"),
)
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
    ("doc", "Document"),
    ("check", "Check"),
    ("column", "Column"),
    ("value", "Value"),
    ("message", "Message"),
)
ISSUES_SORT: Final = ("stage_order", "doc", "check", "column", "value", "message")
NO_ISSUES: Final = "No issues: every input was processed and every figure passed validation."

# The Comparison sheet: fixed region columns, then one column per (metric, kind, unit) grouped by topic.
COMPARISON_REGION_COLUMNS: Final = (
    ("region", "Region"),
    ("federal_district", "Federal district"),
    ("region_iso", "ISO code"),
)
COMPARISON_TOPIC_ROW: Final = 1  # topic names, merged over their group of columns
COMPARISON_HEADER_ROW: Final = 2  # one header per column
COMPARISON_FIRST_DATA_ROW: Final = 3
HEADER_SEPARATOR: Final = " — "  # "Investment volume — amount, RUB"

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
# Column order within a metric: by kind, then unit.
KIND_ORDER: Final = ("count", "amount", "percent", "change", "rank")
# A unit is left out of a Comparison header when it only repeats the kind ("Population — count").
UNITS_SAME_AS_KIND: Final = frozenset({"count", "rank"})
# Units as shown in Comparison headers (the Facts sheet keeps the normalized unit as data).
UNIT_LABELS: Final = {"m2": "m²", "m3": "m³", "x": "×"}

QUALIFIER_WORDS: Final = {"approx": "about", "min": "at least", "max": "at most"}

# --- freeze panes (the first cell that scrolls) ---------------------------------------------------------------

FREEZE: Final = {
    COMPARISON: "D3",  # region columns and both header rows stay in view
    FACTS: "B2",  # header row and Region
    SOURCES: "B2",  # header row and File
    ISSUES: "A2",
}

# --- widths (Excel character units) -----------------------------------------------------------------------------

MIN_WIDTH: Final = 8
MAX_WIDTH: Final = 60
SENTENCE_WIDTH: Final = 80
HEADER_PADDING: Final = 3  # room for the autofilter button next to a header
COMPARISON_VALUE_WIDTH: Final = (12, 22)  # bounds for a comparison value column; its header wraps
OVERVIEW_WIDTHS: Final = {"A": 24, "B": 100}
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
FONT_NAME: Final = "Calibri"  # every font names its face: a nameless font shows as serif in LibreOffice
FONT_SIZE: Final = 11
MONO_FONT_NAME: Final = "Consolas"  # SHA-256 digests
MONO_FONT_SIZE: Final = 9
LINK_COLOR: Final = "0563C1"
TITLE_SIZE: Final = 16
SECTION_SIZE: Final = 12
NOTE_COLOR: Final = "595959"

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
            "by topic (the band above the headers). Each cell holds the region's latest figure by meeting date. "
            "An empty cell means the region did not report that figure."
        ),
    ),
    (
        FACTS,
        (
            "Every figure found, one row each, with the sentence it comes from and its character offsets "
            "(Start, End) in the document. Filter by region, metric or kind; Value is in the normalized Unit."
        ),
    ),
    (
        SOURCES,
        (
            "Every input file: processed (green), quarantined (red, with the reason) or a duplicate of another "
            "file (grey), with its SHA-256, region, meeting date and number of figures."
        ),
    ),
    (
        ISSUES,
        "What the run set aside or doubts: unreadable files, failed checks, conflicting figures, by stage.",
    ),
)
NUMBER_GUIDE: Final = (
    "Numbers are real numbers, formatted for reading: money is shown in mn / bn / tn (the cell keeps the "
    "full amount), percentages as % (the cell keeps the fraction, 40 % = 0.4), percentage points as pp, "
    "multiples as ×, ranks as places (1 = first)."
)
QUALIFIER_GUIDE: Final = (
    ("approx", "about 60", "The text says about, around, roughly, nearly, almost or close to."),
    (
        "min",
        "at least 4,000",
        "The text says over, more than, at least or above; a range gives its lower end.",
    ),
    ("max", "at most 10", "The text says up to, less than, under or no more than."),
)
QUALIFIER_NOTE: Final = (
    "In Comparison and Facts, a value the text qualifies is written in italics and coloured as below; "
    "in Comparison, hover over the cell for the note (qualifier, year, source document)."
)
