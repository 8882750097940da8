"""The shortcuts of the Comparison and Per capita sheets: notes written as text, cells styled by look, notes
built for a whole frame. Each must give what the slow way gives: openpyxl's own output, byte for byte, or
the same cell looks and note texts."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.comments import Comment

from regional_report.report import cells as C
from regional_report.report import layout as L
from regional_report.report import matrix, render

NOTES = [
    ("B2", "Rank 1 of 3 regions\nYear: 2021\nSource: a.txt (meeting of 2021-03-04)", C.COMMENT_AUTHOR),
    ("C2", "markup & < > \" ' and a CR\r\nthen a new line", C.COMMENT_AUTHOR),
    ("AA7", "  leading and trailing blanks  ", "someone & co"),
    ("D3", "   ", C.COMMENT_AUTHOR),
    ("E3", "", C.COMMENT_AUTHOR),
    ("F4", "≈ about (approx) ÷ 888,421 residents × 1,000 — “quoted”", "someone & co"),
    ("G5", "\ttab first", C.COMMENT_AUTHOR),
]


def noted_workbook() -> openpyxl.Workbook:
    """Two sheets with notes of every kind of text, two authors, sizes of their own, one on an empty cell."""
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "First"
    for k, (ref, text, author) in enumerate(NOTES):
        if ref != "G5":
            first[ref] = k
        comment = Comment(text, author)
        comment.width, comment.height = 300, 16 * (k + 2)
        first[ref].comment = comment
    second = wb.create_sheet("Second")
    second["A1"] = "header"
    C.note(second["A1"], "A header's note, sized by `cells.note`.")
    wb.create_sheet("Without notes")["A1"] = 1
    return wb


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_notes_are_written_as_openpyxl_writes_them(tmp_path: Path) -> None:
    """It writes the comments parts, their VML drawings and everything that refers to them as openpyxl does."""
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    render.write_workbook(noted_workbook(), ours)
    noted_workbook().save(theirs)
    got, expected = members(ours), members(theirs)
    assert got.keys() == expected.keys()
    assert {"xl/comments/comment1.xml", "xl/drawings/commentsDrawing2.vml"} <= got.keys()
    for name in expected:
        assert got[name] == expected[name], name


def test_notes_read_back(tmp_path: Path) -> None:
    """openpyxl reads every note back on its cell, with its text and author."""
    path = render.write_workbook(noted_workbook(), tmp_path / "notes.xlsx")
    ws = openpyxl.load_workbook(path)["First"]
    noted = {
        c.coordinate: (c.comment.text, c.comment.author) for row in ws.iter_rows() for c in row if c.comment
    }
    assert noted == {ref: (text, author) for ref, text, author in NOTES}


def test_looks_style_cells_as_the_setters_do() -> None:
    """A cell styled by `Looks` has the style its look's setters give it, whichever cell set the look first."""
    wb = openpyxl.Workbook()
    ws = wb.active
    looks = C.Looks()
    cases = [
        (L.FMT_COUNT, C.TOP, None, None),
        (L.FMT_COUNT, C.TOP, C.QUALIFIER_FONTS["approx"], C.CONFLICT_FRAME),
        (L.FMT_PERCENT, C.TOP, None, C.GROUP_EDGE),
        (None, None, None, C.GROUP_EDGE),
    ]
    for row in range(1, 4):
        for col, (fmt, alignment, font, border) in enumerate(cases, start=1):
            looks.style(ws.cell(row=row, column=col, value=row), fmt, alignment, font, border)
            expected = ws.cell(row=row, column=col + 10, value=row)
            if fmt is not None:
                expected.number_format = fmt
            if alignment is not None:
                expected.alignment = alignment
            if font is not None:
                expected.font = font
            if border is not None:
                expected.border = border
            assert ws.cell(row=row, column=col)._style == expected._style
    assert len({ws.cell(row=1, column=col).style_id for col in range(1, len(cases) + 1)}) == len(cases)


CELL: dict[str, object] = {
    "rank": 2, "reporters": 5, "qualifier": "exact", "year": 2021, "doc": "a.txt", "start": 10, "end": 20,
    "meeting_date": date(2021, 3, 4), "conflict": False, "surface": "60 billion", "outlier_ratio": 1.0,
}  # fmt: skip
SOURCE = "Source: a.txt, characters 10–20 (meeting of 2021-03-04)"


@pytest.mark.parametrize(
    ("over", "lines"),
    [
        ({}, ["Rank 2 of 5 regions", "Year: 2021", "As written: “60 billion”", SOURCE]),
        (
            {"qualifier": "approx", "year": None},
            ["Rank 2 of 5 regions", "≈ about", "Year: not stated", "As written: “60 billion”", SOURCE],
        ),
        (
            {"qualifier": "min", "year": 2020, "conflict": True},
            ["Rank 2 of 5 regions", "> over / at least", "Year: 2020", "As written: “60 billion”", SOURCE,
             "CONFLICT: the region gives different values for 2020; see Issues."],
        ),
        (
            {"rank": None, "outlier_ratio": 14.2},
            ["OUTLIER: 14× the column's median; not ranked (see Issues)", "Year: 2021",
             "As written: “60 billion”", SOURCE],
        ),
    ],
)  # fmt: skip
def test_notes_of_a_comparison_cell(over: dict[str, object], lines: list[str]) -> None:
    """Each value's note: rank (or why it is not ranked), qualifier, year (or "not stated"), the figure as
    written and its source, then any conflict."""
    assert matrix.comparison_note({**CELL, **over}, []) == "\n".join(lines)


def test_notes_list_the_cells_history() -> None:
    """A note lists the region's other figures of the column, at most a few, then how many more."""
    earlier = [
        {"kind": "amount", "unit": "RUB", "value": 1e9 * k, "year": 2010 + k, "status": "actual",
         "meeting_date": date(2021, 3, 4), "doc": f"{k}.txt"}
        for k in range(1, 9)
    ]  # fmt: skip
    earlier[0] = {**earlier[0], "year": None, "status": "past"}
    note = matrix.comparison_note(CELL, earlier).split("\n")
    assert note[4:7] == ["Also:", "  1.0 bn RUB (meeting of 2021-03-04, an earlier value), 1.txt",
                         "  2.0 bn RUB (2012), 2.txt"]  # fmt: skip
    assert note[-1] == f"  … {8 - L.HISTORY_NOTE_LINES} more on History"


def test_notes_on_a_write_only_sheet(tmp_path: Path) -> None:
    """A note on a cell of a write-only sheet is written as openpyxl writes it too."""
    wb = openpyxl.Workbook()
    ws = render.stream_sheet(wb, "Streamed")
    cell = WriteOnlyCell(ws, value="noted")
    cell.comment = Comment("a note & more", C.COMMENT_AUTHOR)
    ws.append([cell])
    path = render.write_workbook(wb, tmp_path / "streamed.xlsx")
    assert openpyxl.load_workbook(path)["Streamed"]["A1"].comment.text == "a note & more"
