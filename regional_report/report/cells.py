"""Cells and their looks: the one way text reaches a cell, number formats, fonts, widths and row heights.

Every string reaches a cell through `put_text` (or, on the write-only list sheets, through
`stream.write_rows`, which applies the same rules to a whole column), so no text from a document can ever
become a formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from regional_report.report import layout as L

# openpyxl ships no type information: its objects are Any to mypy, named here for the reader.
Worksheet = Any
Cell = Any

EXCEL_MAX_TEXT = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML cannot carry, replaced by a space: the control characters openpyxl refuses
# (ILLEGAL_CHARACTERS_RE), and U+FFFE and U+FFFF, which lxml refuses to write.
NOT_XML_CHARS = "".join(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)))
NOT_XML = re.compile(f"[{re.escape(NOT_XML_CHARS)}]")
ELLIPSIS = "…"
COMMENT_AUTHOR = "regional-report"


def font(**style: Any) -> Font:
    """A font in the workbook's face and size unless told otherwise (a nameless font falls back to serif)."""
    return Font(**{"name": L.FONT_NAME, "size": L.FONT_SIZE, **style})


BOLD = font(bold=True)
HEADER_FONT = font(bold=True, color=L.HEADER_FONT_COLOR)
HEADER_FILL = PatternFill("solid", fgColor=L.HEADER_FILL)
TITLE_FONT = font(bold=True, size=L.TITLE_SIZE, color=L.HEADER_FONT_COLOR)
SECTION_FONT = font(bold=True, size=L.SECTION_SIZE, color=L.HEADER_FONT_COLOR)
NOTE_FONT = font(italic=True, color=L.NOTE_COLOR)
LINK_FONT = font(bold=True, color=L.LINK_COLOR, underline="single")
MONO_FONT = font(name=L.MONO_FONT_NAME, size=L.MONO_FONT_SIZE)
CONFLICT_FONT = font(bold=True, color=L.CONFLICT_COLOR)
QUALIFIER_FONTS = {q: font(italic=True, color=c) for q, c in L.QUALIFIER_COLORS.items()}
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_LEFT = Alignment(vertical="top", horizontal="left")
CENTER = Alignment(horizontal="center", vertical="center")
TOP_CENTER = Alignment(horizontal="center", vertical="top")
GROUP_EDGE = Border(left=Side(style="thin", color=L.GROUP_BORDER_COLOR))
_RED = Side(style="medium", color=L.CONFLICT_COLOR)
CONFLICT_FRAME = Border(left=_RED, right=_RED, top=_RED, bottom=_RED)


def fill(color: str) -> PatternFill:
    """A solid fill."""
    return PatternFill("solid", fgColor=color)


# --- writing cells ----------------------------------------------------------------------------------------------


def put_text(ws: Worksheet, row: int, col: int, text: str) -> Cell:
    """Write `text` as a plain string cell, never a formula; the one way strings reach a cell.

    Characters XML cannot carry are replaced by spaces and text beyond Excel's cell limit is cut with "…".
    Text that a spreadsheet would read as a formula (starting with = + - @, tab or CR) is forced to a
    string cell with Excel's quote prefix, so it shows as written and is never evaluated.
    """
    return _set_text(ws.cell(row=row, column=col), text)


def _set_text(cell: Cell, text: str) -> Cell:
    clean = NOT_XML.sub(" ", text)
    if len(clean) > EXCEL_MAX_TEXT:
        clean = clean[: EXCEL_MAX_TEXT - 1] + ELLIPSIS
    cell.value = clean
    cell.data_type = "s"  # openpyxl makes "=..." a formula on assignment; undo that unconditionally
    if clean.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, col: int, value: object, fmt: str | None = None) -> Cell:
    """Write any value: strings through `put_text`, finite numbers and dates as such, anything else empty."""
    if isinstance(value, str):
        return put_text(ws, row, col, value)
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None:
        cell.value = None
    elif isinstance(value, int | float):
        cell.value = value if math.isfinite(value) else None  # NaN or inf would corrupt the file
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = L.FMT_DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = L.FMT_DATE
    else:
        return put_text(ws, row, col, str(value))
    if fmt is not None and cell.value is not None:
        cell.number_format = fmt
    return cell


class Looks:
    """Cells styled by look: the first cell of each look through openpyxl's style setters, the others by
    copying its style, as openpyxl's `WorksheetCopy` copies a cell's style.

    A setter finds its object's index in the workbook by hashing the object, field by field; a sheet of
    thousands of cells in a few looks pays for that once per look rather than once per cell and setter.
    Looks are told apart by their format and the identity of their objects (kept alive here, so that an
    identity is never reused); one `Looks` serves the cells of one workbook (style indices are the workbook's).
    """

    def __init__(self) -> None:
        self._styles: dict[tuple[str | None, int, int, int], tuple[Any, tuple[object, ...]]] = {}

    def style(
        self,
        cell: Cell,
        fmt: str | None = None,
        alignment: Alignment | None = None,
        font: Font | None = None,
        border: Border | None = None,
    ) -> Cell:
        """Give an unstyled `cell` a number format, alignment, font and border (None: the default)."""
        key = (fmt, id(alignment), id(font), id(border))
        known = self._styles.get(key)
        if known is not None:
            cell._style = copy(known[0])
            return cell
        if fmt is not None:
            cell.number_format = fmt
        if alignment is not None:
            cell.alignment = alignment
        if font is not None:
            cell.font = font
        if border is not None:
            cell.border = border
        self._styles[key] = (copy(cell._style), (alignment, font, border))
        return cell


def note(cell: Cell, text: str) -> None:
    """Attach a note (comment) sized to its text; note text is never evaluated."""
    comment = Comment(NOT_XML.sub(" ", text), COMMENT_AUTHOR)
    comment.width = L.NOTE_WIDTH
    comment.height = L.NOTE_LINE * (lines(text, L.NOTE_WIDTH / 7) + 1)
    cell.comment = comment


def put_figure(
    ws: Worksheet, row: int, col: int, kind: str, unit: str, value: float, qualifier: str
) -> tuple[Cell, str]:
    """Write a figure's value as a number cell with its unit's format and qualifier marker; (cell, format)."""
    fmt = number_format(kind, unit, value, qualifier)
    cell = put(ws, row, col, cell_number(unit, value), fmt)
    if qualifier in QUALIFIER_FONTS and cell.value is not None:
        cell.font = QUALIFIER_FONTS[qualifier]
    return cell, fmt


# --- number formats ---------------------------------------------------------------------------------------------

_SECTION = re.compile(r'(?:"[^"]*"|[^;"])+')
# A format section's tokens: a quoted literal, the number's digits and scaling, or any other literal character.
_TOKEN = re.compile(r'"([^"]*)"|([0#,.%]+)|(.)')


def decorate(fmt: str, before: str = "", after: str = "") -> str:
    """`fmt` with literal text `before` and `after` the number in every section (no text: `fmt` unchanged).

    A one-section format gets a negative section so that the minus sign follows the text before the number
    ("≈ -5", not "-≈ 5").

    >>> decorate("0.0", "≈ ", " (2024)")
    '"≈ "0.0" (2024)";"≈ -"0.0" (2024)"'
    """
    if not before and not after:
        return fmt
    b, a = (f'"{before}"' if before else ""), (f'"{after}"' if after else "")
    sections = _SECTION.findall(fmt)
    if len(sections) == 1:
        return f'{b}{sections[0]}{a};"{before}-"{sections[0]}{a}'
    return ";".join(f"{b}{section}{a}" for section in sections)


def with_marker(fmt: str, qualifier: str) -> str:
    """`fmt` with the qualifier's marker (≈ > <) before the number in every section; exact values unchanged."""
    marker = L.QUALIFIER_MARKERS.get(qualifier)
    return fmt if marker is None else decorate(fmt, f"{marker} ")


def number_format(kind: str, unit: str, value: float, qualifier: str = "exact") -> str:
    """The number format for a figure of this kind and unit; money is scaled by the value's magnitude."""
    return with_marker(_base_format(kind, unit, value), qualifier)


def _base_format(kind: str, unit: str, value: float) -> str:
    if unit == L.PERCENT_UNIT:
        return L.FMT_CHANGE_PERCENT if kind == "change" else L.FMT_PERCENT
    if unit in L.UNIT_FORMATS:
        return L.UNIT_FORMATS[unit]
    if kind == "rank":
        return L.FMT_RANK
    if unit in L.MONEY_UNITS:
        for threshold, fmt in L.MONEY_SCALES:
            if abs(value) >= threshold:
                return fmt
    return L.FMT_COUNT if float(value).is_integer() else L.FMT_AMOUNT


def per_capita_format(value: float, qualifier: str = "exact") -> str:
    """The number format of a value per resident: fewer decimals as the value grows."""
    chosen = L.PER_CAPITA_SCALES[-1][1]
    for threshold, fmt in L.PER_CAPITA_SCALES:
        if abs(value) >= threshold:
            chosen = fmt
            break
    return with_marker(chosen, qualifier)


def cell_number(unit: str, value: float) -> float:
    """The number a cell stores: percentages as fractions (40 % → 0.4, without float noise), else the value."""
    if unit == L.PERCENT_UNIT and math.isfinite(value):
        return float(Decimal(repr(value)).scaleb(-2))
    return value


def shown(value: object, fmt: str | None = None) -> str:
    """Roughly what a cell displays, to size its column and to quote a value in a note.

    Numbers are rendered by the section of `fmt` their sign picks: its literal text, thousands separators,
    decimals, % (× 100) and trailing commas (÷ 1000 each), as a spreadsheet renders them.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return "0000-00-00 00:00:00 UTC"
    if isinstance(value, date):
        return "0000-00-00"
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return ""
    number = float(value)
    sections = _SECTION.findall(fmt or L.FMT_COUNT)
    sign = ""
    if number < 0 and len(sections) > 1:
        section = sections[1]
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section, sign = sections[0], "-" if number < 0 else ""
    before, core, after = _section_parts(section)
    return f"{sign}{before}{_digits(core, abs(number))}{after}"


def _section_parts(section: str) -> tuple[str, str, str]:
    """A format section as (literal text before the number, the number's pattern, literal text after it)."""
    parts: tuple[list[str], list[str], list[str]] = ([], [], [])
    for quoted, pattern, other in _TOKEN.findall(section):
        if pattern and not parts[1]:
            parts[1].append(pattern)
        else:
            parts[2 if parts[1] else 0].append(quoted or pattern or other)
    return "".join(parts[0]), "".join(parts[1]), "".join(parts[2])


def _digits(pattern: str, magnitude: float) -> str:
    """`magnitude` as a number pattern ("#,##0.0,,," → thousands separators, one decimal, in billions)."""
    if not pattern:
        return ""
    scaled = pattern.rstrip(",")
    divisor = 1000.0 ** (len(pattern) - len(scaled))
    percent = scaled.endswith("%")
    whole, _, fraction = scaled.rstrip("%").partition(".")
    number = magnitude * (100 if percent else 1) / divisor
    grouping = "," if "," in whole else ""
    return f"{number:{grouping}.{len(fraction)}f}{'%' if percent else ''}"


# --- widths and heights -----------------------------------------------------------------------------------------


class Widths:
    """The widest text shown per column, turned into bounded column widths."""

    def __init__(self) -> None:
        self.chars: dict[int, int] = {}

    def see(self, col: int, value: object, fmt: str | None = None, extra: int = 0) -> None:
        self.fit(col, len(shown(value, fmt)) + extra)

    def fit(self, col: int, chars: int) -> None:
        """Make room for `chars` characters in column `col`."""
        self.chars[col] = max(self.chars.get(col, 0), chars)

    def apply(self, ws: Worksheet, fixed: Mapping[int, float] | None = None) -> None:
        fixed = fixed or {}
        for col in sorted(self.chars.keys() | fixed.keys()):
            width = fixed.get(col, min(max(self.chars.get(col, 0) + 1, L.MIN_WIDTH), L.MAX_WIDTH))
            ws.column_dimensions[get_column_letter(col)].width = width


def lines(text: str, width: float, factor: float = L.CHARS_PER_LINE) -> int:
    """How many lines `text` takes, word-wrapped in a column `width` characters wide (estimated high: a line
    is taken to hold `layout.WRAP_MARGIN` characters fewer than the width allows, for the word that does not
    fit at its end, as a narrow column shows)."""
    per_line = max(1, int(width * factor) - L.WRAP_MARGIN)
    total = 0
    for paragraph in text.split("\n"):
        count, used = 1, 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
            while used > per_line:  # a word wider than the column breaks inside
                count, used = count + 1, used - per_line
        total += count
    return total


def fit_row(ws: Worksheet, row: int, count: int) -> None:
    """Make a row tall enough for `count` lines of text (rows of one line keep the default height)."""
    if count > 1:
        ws.row_dimensions[row].height = L.LINE_HEIGHT * count


def header(ws: Worksheet, row: int, headers: Sequence[str], widths: Widths, first_col: int = 1) -> None:
    """A bold, filled header row; each header counts towards its column's width."""
    for col, text in enumerate(headers, start=first_col):
        cell = put_text(ws, row, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP
        widths.see(col, text, extra=L.HEADER_PADDING)


def sorted_rows(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Rows in a stable order that depends on their values only (nulls last)."""
    return frame.sort(list(by), nulls_last=True, maintain_order=True)


# --- headers of value columns -----------------------------------------------------------------------------------


def unit_label(unit: str) -> str:
    """How a unit is shown in a header (m2 → m²)."""
    return L.UNIT_LABELS.get(unit, unit)


def comparison_header(label: str, kind: str, unit: str, per: str | None = None) -> str:
    """The header of a (metric, kind, unit[, per]) column, e.g. "Investment volume — amount, RUB",
    "Hospital beds — count per 1000 people"."""
    base = f" per {per}" if per else ""
    if unit in L.UNITS_SAME_AS_KIND and unit == kind:
        return f"{label}{L.HEADER_SEPARATOR}{kind}{base}"
    return f"{label}{L.HEADER_SEPARATOR}{kind}, {unit_label(unit)}{base}"


def per_capita_header(label: str, unit: str, per: int) -> str:
    """The header of a per-resident column, e.g. "Investment volume — RUB per resident"."""
    base = "per resident" if per == 1 else f"per {per:,} residents"
    what = "" if unit == L.COUNT_UNIT else f"{unit_label(unit)} "
    return f"{label}{L.HEADER_SEPARATOR}{what}{base}"


def topic_label(topic: str) -> str:
    """How a topic id is shown above its group of columns."""
    return L.TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def shown_value(kind: str, unit: str, value: float, qualifier: str = "exact") -> str:
    """A figure as a cell would show it, for notes ("≈ 60.0 bn RUB", "40.0%")."""
    text = shown(cell_number(unit, value), number_format(kind, unit, value, qualifier))
    if unit in L.MONEY_UNITS or unit not in (
        L.PERCENT_UNIT,
        L.PP_UNIT,
        L.MULTIPLE_UNIT,
        L.RANK_UNIT,
        "count",
    ):
        return f"{text} {unit_label(unit)}"
    return text
