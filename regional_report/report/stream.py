"""The rows of the list sheets (Facts, Sources, Issues, Rankings), written a whole frame at a time.

Each cell is written as `cells.put` writes one, with the look its column's role gives it (`Role`): text
cleaned and never a formula (`cells.put_text`), numbers with their unit's format and qualifier marker,
dates as dates. The work is done per column, not per cell: polars cleans and escapes the text and builds
each row's XML; Python sees only the values where the rules live in Python (number formats, the widths
they show, the lines a distinct wrapped text takes), and openpyxl makes one style per distinct look
(`Looks`). Widths, heights and style ids are planned over the whole column first (a write-only sheet
writes its column widths before its rows); the XML is then made `CHUNK_ROWS` rows at a time. The rows
reach a write-only sheet (`render.StreamSheet.append_xml`) as the XML that openpyxl's own lxml cell writer
emits, byte for byte (`<c r="A2" s="3" t="inlineStr"><is><t>…</t></is></c>`, numbers as `t="n"`, the
workbook's style ids, `&#13;` for a CR, character references beyond ASCII); the tests compare it with
openpyxl's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import polars as pl
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.dimensions import RowDimension

from regional_report.report import cells as C
from regional_report.report import layout as L

Worksheet = Any

Role = Literal[
    "text",
    "tag",
    "wrap",
    "mono",
    "date",
    "integer",
    "count",
    "measure",
    "bound",
    "status",
    "placement",
    "flag",
]
"""How a column's cells look: text, short tags (centred), wrapped text, monospace ids, dates, integers
without separators (years, offsets), counts, figure values (their unit's format, their qualifier's marker
and colour), upper bounds of ranges, a coloured status, a figure's placement (coloured by where it went,
wrapped), a red flag."""
WRAPPING: frozenset[Role] = frozenset({"wrap", "placement"})  # roles whose text wraps in a bounded width
# Roles whose short values read best centred under their header (and kept apart from their neighbours).
CENTRED: frozenset[Role] = frozenset({"tag", "date", "integer", "flag"})
STATUS_FILLS: dict[str, PatternFill] = {s: C.fill(fill) for s, (fill, _) in L.STATUS_STYLES.items()}
STATUS_FONTS: dict[str, Font] = {
    s: C.font(bold=True, color=color) for s, (_, color) in L.STATUS_STYLES.items()
}
PLACEMENT_FILLS: dict[str, PatternFill] = {p: C.fill(fill) for p, (fill, _) in L.PLACEMENT_STYLES.items()}
PLACEMENT_FONTS: dict[str, Font] = {p: C.font(color=color) for p, (_, color) in L.PLACEMENT_STYLES.items()}
_COLOURED: dict[Role, tuple[dict[str, Font], dict[str, PatternFill]]] = {
    "status": (STATUS_FONTS, STATUS_FILLS),
    "placement": (PLACEMENT_FONTS, PLACEMENT_FILLS),
}

CHUNK_ROWS = 5_000
"""Rows turned into XML at a time: bounds the memory of the XML strings whatever the sheet's size."""

_SEP = "\x00"  # between the parts of a look's key; in no number format
_NUMBER_EMPTY = ' t="n"></c>'  # a styled cell without a value, as openpyxl writes it
_TEXT_EMPTY = ' t="inlineStr"></c>'


def _char_class(chars: Sequence[str]) -> str:
    """A regex character class (Rust syntax, as polars reads it) matching exactly `chars`."""
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in chars) + "]"


_TRIGGER = "^" + _char_class(C.FORMULA_TRIGGERS)
# Text whose first or last character is white space (str.isspace, all in the BMP) keeps it: xml:space="preserve".
# A character XML cannot carry counts as one: it becomes a space.
_SPACE = _char_class([chr(c) for c in range(0x10000) if chr(c).isspace()] + list(C.NOT_XML_CHARS))
_EDGE_SPACE = f"^{_SPACE}|{_SPACE}$"
# What text becomes in a cell's XML: characters XML cannot carry a space, markup escaped as lxml escapes it
# (a bare CR as a reference: a parser would read it as a line feed).
_REPLACED = [*C.NOT_XML_CHARS, "&", "<", ">", "\r"]
_REPLACEMENTS = [" "] * len(C.NOT_XML_CHARS) + ["&amp;", "&lt;", "&gt;", "&#13;"]


class Looks:
    """Short codes for look objects (alignments, fonts, fills, borders), and one style id per distinct look.

    A look's key joins its number format and codes (`key`); `style_ids` turns keys into the ids of the
    workbook's cell styles, each made once from a template cell, as `cells.put` would style a cell.
    """

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws
        self._objects: list[Any] = []
        self._codes: dict[int, str] = {}
        self._ids: dict[str, int] = {}

    def code(self, look: object | None) -> str:
        """The code of a look object ("" for none); objects are told apart by identity."""
        if look is None:
            return ""
        code = self._codes.get(id(look))
        if code is None:
            self._objects.append(look)
            code = self._codes[id(look)] = str(len(self._objects) - 1)
        return code

    def key(
        self,
        fmt: str | None,
        alignment: object | None,
        font: object | None = None,
        fill: object | None = None,
        border: object | None = None,
        quote: bool = False,
    ) -> str:
        """The key of one look (the same as the keys `write_rows` builds with polars)."""
        parts = (fmt or "", self.code(alignment), self.code(font), self.code(fill), self.code(border))
        return _SEP.join((*parts, "1" if quote else ""))

    def style_ids(self, keys: pl.Series) -> pl.Series:
        """Each key's style id."""
        for key in keys.unique().to_list():
            if key not in self._ids:
                self._ids[key] = self._style_id(key)
        return keys.replace_strict(self._ids, return_dtype=pl.UInt32)

    def _style_id(self, key: str) -> int:
        fmt, alignment, font, fill, border, quote = key.split(_SEP)
        template = WriteOnlyCell(self._ws)
        if alignment:
            template.alignment = self._objects[int(alignment)]
        if fmt:
            template.number_format = fmt
        if font:
            template.font = self._objects[int(font)]
        if fill:
            template.fill = self._objects[int(fill)]
        if border:
            template.border = self._objects[int(border)]
        if quote:
            template.quotePrefix = True
        return int(template.style_id)


def write_rows(
    ws: Worksheet,
    columns: Sequence[tuple[str, str]],
    roles: Mapping[str, Role],
    frame: pl.DataFrame,
    *,
    wrap_widths: Mapping[str, float],
    looks: Looks | None = None,
    restyle: pl.DataFrame | None = None,
    empty_note: tuple[str, Font] | None = None,
) -> int:
    """A header and one row per record of `frame` on a write-only sheet, from row 1; the last row written.

    A column of role "wrap" listed in `wrap_widths` wraps its text in at most that width; other
    columns fit their content (within `layout.MIN_WIDTH`..`MAX_WIDTH`). Rows are as tall as their wrapped
    text. Set the sheet's freeze panes and page setup first: a write-only sheet writes them before its rows.

    `restyle`, one row per record, overrides looks row by row with codes of `looks`: "fill" and "border"
    for every cell of a row, "first_font" for its first cell (null: as the role says). `empty_note` is a
    (text, font) written under the header when there are no records: a note, not a record.

    Values are written by their type, as `cells.put` writes them: strings as text, finite numbers and
    dates (naive datetimes) as such, booleans and nulls as empty cells, anything else as its text.
    """
    looks = looks or Looks(ws)
    headers = [h for _, h in columns]
    widths = C.Widths()
    for col, text in enumerate(headers, start=1):
        widths.see(col, text, extra=L.HEADER_PADDING)
    plans = [
        _plan(
            frame,
            key,
            roles.get(key, "text"),
            wrap_widths.get(key, float(L.MAX_WIDTH)),
            looks,
            restyle,
            col == 1,
        )
        for col, (key, _) in enumerate(columns, start=1)
    ]
    fixed: dict[int, float] = {}
    for col, ((key, _), plan) in enumerate(zip(columns, plans, strict=True), start=1):
        if plan.role in WRAPPING and key in wrap_widths:
            # wraps at most this wide; narrower when its longest text (or its header) is shorter
            content = max(plan.chars or 0, widths.chars.get(col, 0)) + 1
            fixed[col] = min(wrap_widths[key], float(max(content, L.MIN_WIDTH)))
        elif plan.chars is not None:
            widths.fit(col, plan.chars)
    widths.apply(ws, fixed)  # a write-only sheet writes its column widths before its first row
    heights = _heights(ws, [p.lines for p in plans if p.lines is not None], frame.height)

    note = empty_note if frame.is_empty() else None
    ws.dimension_ref = f"A1:{get_column_letter(len(columns))}{frame.height + 1 + (note is not None)}"

    header = pl.Series("h", headers, pl.String)
    header_tails, header_quotes = _text_cells(header), _quotes(header)
    header_ids = looks.style_ids(
        pl.Series([looks.key(None, C.TOP, C.HEADER_FONT, C.HEADER_FILL, quote=q) for q in header_quotes])
    )
    ws.append_xml(1, 1, _row_xml(1, header_ids.to_list(), header_tails.to_list()))

    # The cells' XML is made chunk by chunk, so its strings never take more memory than a chunk's.
    letters = [get_column_letter(c) for c in range(1, len(columns) + 1)]
    for offset in range(0, frame.height, CHUNK_ROWS):
        cells: list[pl.Series] = [heights.slice(offset, CHUNK_ROWS).alias("ht")]
        for col, plan in enumerate(plans, start=1):
            part = plan.slice(offset, CHUNK_ROWS)
            cells += [part.styles.alias(f"s{col}"), _tails(part).alias(f"t{col}")]
        first = offset + 2
        r = pl.int_range(first, first + cells[0].len(), eager=False).cast(pl.String)
        pieces: list[pl.Expr] = [pl.lit('<row r="'), r, pl.lit('"'), pl.col("ht"), pl.lit(">")]
        for col, letter in enumerate(letters, start=1):
            pieces += [
                pl.lit(f'<c r="{letter}'),
                r,
                pl.lit('" s="'),
                pl.col(f"s{col}").cast(pl.String),
                pl.lit('"'),
            ]
            pieces.append(pl.col(f"t{col}"))
        pieces.append(pl.lit("</row>"))
        xml = pl.DataFrame(cells).select(pl.concat_str(pieces).str.join("")).item()
        ws.append_xml(first, cells[0].len(), xml)
    if note is not None:
        _note_row(ws, looks, 2, *note)
    return frame.height + 1


def _note_row(ws: Worksheet, looks: Looks, row: int, text: str, font: Font) -> None:
    """One text cell in the first column of row `row`, in `font`."""
    note = pl.Series("note", [text], pl.String)
    tails, quotes = _text_cells(note), _quotes(note)
    ids = looks.style_ids(pl.Series([looks.key(None, None, font, quote=quotes[0])]))
    ws.append_xml(row, 1, _row_xml(row, ids.to_list(), tails.to_list()))


def _row_xml(row: int, style_ids: Sequence[int], tails: Sequence[str]) -> str:
    """One row of the given cells, of the default height."""
    cells = "".join(
        f'<c r="{get_column_letter(c)}{row}" s="{s}"{t}'
        for c, (s, t) in enumerate(zip(style_ids, tails, strict=True), 1)
    )
    return f'<row r="{row}">{cells}</row>'


def _heights(ws: Worksheet, lines: list[pl.Series], height: int) -> pl.Series:
    """Each row's extra attributes: the height of its most wrapped cell, as openpyxl's row dimension says it."""
    if not lines or height == 0:
        return pl.Series("ht", [""] * height, pl.String)
    most = pl.DataFrame(lines).select(pl.max_horizontal(pl.all()).fill_null(1).alias("n")).to_series()
    attrs = {
        n: "".join(f' {k}="{v}"' for k, v in RowDimension(ws, index=1, ht=L.LINE_HEIGHT * n)) if n > 1 else ""
        for n in most.unique().to_list()
    }
    return most.replace_strict(attrs, return_dtype=pl.String).alias("ht")


@dataclass(frozen=True)
class _Plan:
    """A column's cells as far as the whole column decides them, before any row is written."""

    role: Role
    values: pl.Series
    """The column's values; of a type the sheet cannot show, their text."""
    kind: Literal["text", "number", "empty"]
    numbers: pl.Series | None
    """For numbers and dates, each cell's number as openpyxl writes it ("%.16g"); null: an empty cell."""
    styles: pl.Series
    """Each cell's style id."""
    chars: int | None
    """The widest text a cell shows (None: no cell)."""
    lines: pl.Series | None
    """For wrapped text, the lines each cell takes (null: none)."""

    def slice(self, offset: int, length: int) -> _Plan:
        """The plan of `length` cells from `offset`."""
        numbers = None if self.numbers is None else self.numbers.slice(offset, length)
        return replace(self, values=self.values.slice(offset, length), numbers=numbers,
                       styles=self.styles.slice(offset, length), lines=None)  # fmt: skip


def _plan(
    frame: pl.DataFrame,
    key: str,
    role: Role,
    wrap_width: float,
    looks: Looks,
    restyle: pl.DataFrame | None,
    first: bool,
) -> _Plan:
    """The plan of column `key` of `frame` in `role` (wrapped in `wrap_width` when it wraps)."""
    values = frame.get_column(key)
    n = frame.height
    dtype = values.dtype
    timeless = dtype == pl.Date or (isinstance(dtype, pl.Datetime) and dtype.time_zone is None)
    if not timeless and dtype not in (pl.String, pl.Boolean, pl.Null) and not dtype.is_numeric():
        values = pl.Series(key, [None if v is None else str(v) for v in values.to_list()], pl.String)
        dtype = values.dtype
    kind: Literal["text", "number", "empty"] = "number"
    numbers = lines = None
    fmts = quotes = None
    if dtype == pl.String:
        kind = "text"
        longest = values.str.len_chars().max()
        shown = 0 if longest is None else int(longest)  # type: ignore[arg-type]
        if role == "mono":  # 9 pt Consolas is narrower
            shown = math.ceil(shown * 0.85)
        if role in WRAPPING:
            lines = _lines(values, wrap_width)
        quotes = _quotes(values)
    elif timeless:
        numbers, fmts, shown = _date_cells(values, L.FMT_DATE if dtype == pl.Date else L.FMT_DATETIME)
    elif dtype.is_numeric():
        numbers, fmts, shown = _number_cells(frame, values, role)
    else:  # booleans and nulls: empty cells, as `cells.put` leaves them
        kind, shown = "empty", 0
    # The width the column's cells ask for, as `cells.Widths.see` counts them (centred: a margin each side).
    chars = None if n == 0 else shown + (2 if role in CENTRED or role in ("status", "flag") else 0)

    alignment = C.TOP_CENTER if role in CENTRED else C.TOP_WRAP if role in WRAPPING else C.TOP
    font, fill = _role_looks(frame, values, role, looks)
    none = pl.Series([""] * n, dtype=pl.String)
    parts = {"fmt": none if fmts is None else fmts.fill_null(""), "font": font, "fill": fill, "border": none}
    if restyle is not None:
        for part, override in (("fill", "fill"), ("border", "border"), ("font", "first_font")):
            if override in restyle.columns and (part != "font" or first):
                parts[part] = restyle.get_column(override).fill_null(parts[part])
    quote = pl.Series([False] * n, dtype=pl.Boolean) if quotes is None else quotes
    keys = pl.DataFrame({**parts, "quote": quote}).select(
        pl.concat_str(
            [pl.col("fmt"), pl.lit(looks.code(alignment)), pl.col("font"), pl.col("fill"), pl.col("border"),
             pl.when(pl.col("quote")).then(pl.lit("1")).otherwise(pl.lit(""))],
            separator=_SEP,
        )
    ).to_series()  # fmt: skip
    return _Plan(role, values, kind, numbers, looks.style_ids(keys), chars, lines)


def _tails(plan: _Plan) -> pl.Series:
    """Each cell's XML after its style id, for the cells of `plan`."""
    if plan.kind == "text":
        return _text_cells(plan.values)
    if plan.numbers is not None:
        return (
            plan.numbers.alias("v")
            .to_frame()
            .select(
                pl.concat_str([pl.lit(' t="n"><v>'), pl.col("v"), pl.lit("</v></c>")]).fill_null(
                    _NUMBER_EMPTY
                )
            )
            .to_series()
        )
    return pl.Series([_NUMBER_EMPTY] * plan.values.len(), dtype=pl.String)


def _role_looks(
    frame: pl.DataFrame, values: pl.Series, role: Role, looks: Looks
) -> tuple[pl.Series, pl.Series]:
    """Codes of each cell's font and fill, as the column's role gives them (a qualifier's colour, a status)."""
    n = frame.height
    none = pl.Series([""] * n, dtype=pl.String)
    if role == "mono":
        return pl.Series([looks.code(C.MONO_FONT)] * n, dtype=pl.String), none
    if role == "measure" and "qualifier" in frame.columns:
        codes = {q: looks.code(f) for q, f in C.QUALIFIER_FONTS.items()}
        return frame.get_column("qualifier").replace_strict(codes, default="", return_dtype=pl.String), none
    if role in _COLOURED:
        by_value = _COLOURED[role]
        fonts = {s: looks.code(f) for s, f in by_value[0].items()}
        fills = {s: looks.code(f) for s, f in by_value[1].items()}
        return (
            values.cast(pl.String).replace_strict(fonts, default="", return_dtype=pl.String),
            values.cast(pl.String).replace_strict(fills, default="", return_dtype=pl.String),
        )
    if role == "flag":
        truthy = (values != "") if values.dtype == pl.String else values.cast(pl.Boolean)
        flagged = (
            truthy.fill_null(False)
            .to_frame("flag")
            .select(pl.when(pl.col("flag")).then(pl.lit(looks.code(C.CONFLICT_FONT))).otherwise(pl.lit("")))
            .to_series()
        )
        return flagged, none
    return none, none


def _text_cells(values: pl.Series) -> pl.Series:
    """Each string's cell XML after its style id: an inline string, never a formula.

    The text is cleaned as `cells.put_text` cleans it: text beyond Excel's cell limit is cut with "…", and
    characters XML cannot carry become spaces (one for one, so the cut and the edges can be read before).
    """
    v = pl.col("v")
    cut = (
        pl.when(v.str.len_chars() > C.EXCEL_MAX_TEXT)
        .then(pl.concat_str([v.str.slice(0, C.EXCEL_MAX_TEXT - 1), pl.lit(C.ELLIPSIS)]))
        .otherwise(v)
    )
    text = cut.str.replace_many(_REPLACED, _REPLACEMENTS)  # cleaned and escaped in one pass
    opening = (
        pl.when(v.str.contains(_EDGE_SPACE))
        .then(pl.lit(' t="inlineStr"><is><t xml:space="preserve">'))
        .otherwise(pl.lit(' t="inlineStr"><is><t>'))
    )
    tail = (
        pl.when(v.is_null())
        .then(pl.lit(_NUMBER_EMPTY))
        .when(v == "")
        .then(pl.lit(_TEXT_EMPTY))
        .otherwise(pl.concat_str([opening, text, pl.lit("</t></is></c>")]))
    )
    return values.alias("v").to_frame().select(tail).to_series()


def _quotes(values: pl.Series) -> pl.Series:
    """Whether each string needs Excel's quote prefix (cleaning turns no character into a trigger, nor away)."""
    return values.str.contains(_TRIGGER).fill_null(False)


def _date_cells(values: pl.Series, fmt: str) -> tuple[pl.Series, pl.Series, int]:
    """A date (or naive datetime) column's cells: (numbers, number formats, widest shown text).

    A date is a number cell (its Excel serial, as openpyxl writes it) in `fmt`.
    """
    serial = {d: f"{to_excel(d):.16g}" for d in values.drop_nulls().unique().to_list()}
    out = (
        values.alias("d")
        .to_frame()
        .select(
            pl.col("d").replace_strict(serial, default=None, return_dtype=pl.String).alias("number"),
            pl.when(pl.col("d").is_not_null()).then(pl.lit(fmt)).alias("fmt"),
        )
    )
    shown = len(C.shown(values.drop_nulls()[0])) if serial else 0
    return out.get_column("number"), out.get_column("fmt"), shown


def _lines(values: pl.Series, width: float) -> pl.Series:
    """The lines each text takes wrapped in `width` (`cells.lines`; null for no text)."""
    counted = {text: C.lines(text, width) for text in values.drop_nulls().unique().to_list()}
    if not counted:
        return pl.Series([None] * values.len(), dtype=pl.Int64)
    return values.replace_strict(counted, default=None, return_dtype=pl.Int64)


def _number_cells(frame: pl.DataFrame, values: pl.Series, role: Role) -> tuple[pl.Series, pl.Series, int]:
    """A numeric column's cells: (numbers as written, number formats, widest shown text).

    Figure values ("measure", "bound") are stored as `cells.cell_number` stores them, with the format of
    their kind, unit and magnitude (`cells.number_format`; a measure's with its qualifier's marker);
    integers and counts get their fixed format; non-finite numbers leave the cell empty, without a format.
    Numbers are written as openpyxl writes them ("%.16g").
    """
    fixed = L.FMT_INTEGER if role == "integer" else L.FMT_COUNT if role == "count" else None
    if role not in ("measure", "bound") and values.dtype.is_integer() and _below(values, 10**16):
        # Whole numbers below 10**16 print their digits under "%.16g": done by polars, column-wide.
        out = (
            values.alias("v")
            .to_frame()
            .select(
                pl.col("v").cast(pl.String).alias("number"),
                pl.when(pl.col("v").is_not_null()).then(pl.lit(fixed, pl.String)).alias("fmt"),
            )
        )
        # What a cell shows grows with the number's magnitude: the smallest or the largest is the widest.
        ends = [v for v in (values.min(), values.max()) if v is not None]
        widest = max((len(C.shown(v, fixed)) for v in ends), default=0)
        return out.get_column("number"), out.get_column("fmt"), widest
    numbers = values.to_list()
    fmts: list[str | None]
    stored: list[float | None]
    if role in ("measure", "bound"):
        kinds = frame.get_column("kind").to_list()
        units = frame.get_column("unit").to_list()
        if role == "measure" and "qualifier" in frame.columns:
            qualifiers = frame.get_column("qualifier").to_list()
        else:
            qualifiers = ["exact"] * frame.height
        stored, fmts = [], []
        for value, kind, unit, qualifier in zip(numbers, kinds, units, qualifiers, strict=True):
            if value is None or not math.isfinite(value):
                stored.append(None)
                fmts.append(None)
            else:
                stored.append(C.cell_number(unit, value))
                fmts.append(C.number_format(kind, unit, value, qualifier))
    else:
        stored = [v if v is not None and math.isfinite(v) else None for v in numbers]
        fmts = [fixed if v is not None else None for v in stored]
    written = [None if v is None else f"{v:.16g}" for v in stored]
    widest = max((len(C.shown(v, f)) for v, f in set(zip(stored, fmts, strict=True))), default=0)
    return pl.Series(written, dtype=pl.String), pl.Series(fmts, dtype=pl.String), widest


def _below(values: pl.Series, limit: int) -> bool:
    """Whether every number of `values` lies strictly between -limit and limit."""
    low, high = values.min(), values.max()
    return (low is None or low > -limit) and (high is None or high < limit)  # type: ignore[operator]
