"""Render validated frames into the analysts' workbook, and save it atomically.

Looks live in `layout.py`; the sheet modules (`overview`, `matrix`, `lists`, `charts`) decide only what
goes into which cell. Every string reaches a cell through `cells.put_text` (`stream.write_rows` on the
write-only list sheets), so no text from a document can ever become a formula. `render_report` validates
every frame against its contract first: the renderer only renders validated frames.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

import pandera.polars as pa
import polars as pl
from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.comments.author import AuthorList
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import Relationship
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS, XML_NS
from openpyxl.xml.functions import Element, SubElement, tostring, xmlfile

from regional_report.report import charts as chart_sheets
from regional_report.report import layout as L
from regional_report.report import lists, matrix
from regional_report.report.cells import number_format, put_text
from regional_report.report.overview import Counts, RunInfo, overview
from regional_report.validate import contract_checks
from schemas import SHEET_CONTRACTS
from schemas import sheets as S

__all__ = [
    "FRAME_MODELS",
    "RunInfo",
    "build_workbook",
    "number_format",
    "put_text",
    "render_report",
    "write_workbook",
]

# Each frame the workbook is built from, with the contract it must pass (in sheet order).
FRAME_MODELS: dict[str, type[pa.DataFrameModel]] = dict(SHEET_CONTRACTS)


def counts(
    regions: pl.DataFrame,
    comparison: pl.DataFrame,
    facts: pl.DataFrame,
    issues: pl.DataFrame,
    **frames: pl.DataFrame,
) -> Counts:
    """What the validated frames hold, for the Overview's summary."""
    placement = facts.get_column("placement")
    return Counts(
        regions=regions.height,
        documents=int(regions.get_column("documents").sum()) if regions.height else 0,
        comparison_cells=comparison.height,
        comparison_columns=comparison.get_column("column").n_unique(),
        outliers=int(comparison.get_column("outlier").sum()),
        history=frames["history"].height,
        plans=frames["plans"].height,
        projects=frames["projects"].height,
        few_regions=int((placement == S.FEW_REGIONS).sum()),
        charts=frames["charts"].get_column("chart").n_unique(),
        conflicts=issues.filter(pl.col("check") == "conflict").height,
        overrides=issues.filter(pl.col("stage") == "override").height,
        issues=issues.height,
    )


def build_workbook(*, info: RunInfo, **frames: pl.DataFrame) -> Workbook:
    """Lay out the workbook in memory from frames that already passed their contracts (`FRAME_MODELS`).

    Args:
        info: what the Overview says about the run, and its parameters.
        frames: one frame per name of `FRAME_MODELS`: Comparison and Per capita cells in long form,
            Rankings, History, Plans and Projects rows, Charts bars, the Regions, Facts (with placements),
            Sources and Issues rows.

    Returns:
        An unsaved openpyxl Workbook with the sheets of `layout.SHEETS`, in that order.
    """
    wb = Workbook()
    wb.properties.title = L.TITLE
    wb.properties.creator = "regional-report"
    first = wb.active
    first.title = L.OVERVIEW
    chart_anchor = overview(first, info, counts(**frames))
    matrix.comparison(wb.create_sheet(L.COMPARISON), frames["comparison"], frames["history"],
                      info.ranking_min_regions)  # fmt: skip
    matrix.per_capita(wb.create_sheet(L.PER_CAPITA), frames["per_capita"])
    lists.rankings(stream_sheet(wb, L.RANKINGS), frames["rankings"])
    lists.history(stream_sheet(wb, L.HISTORY), frames["history"])
    lists.plans(stream_sheet(wb, L.PLANS), frames["plans"])
    lists.projects(stream_sheet(wb, L.PROJECTS), frames["projects"])
    chart_sheets.charts(wb.create_sheet(L.CHARTS), frames["charts"])
    regions_sheet = stream_sheet(wb, L.REGIONS)
    last = lists.regions(regions_sheet, frames["regions"])
    if frames["regions"].height:
        chart_sheets.figures_per_region(first, chart_anchor, regions_sheet, (2, last))
    lists.facts(stream_sheet(wb, L.FACTS), frames["facts"])
    lists.sources(stream_sheet(wb, L.SOURCES), frames["sources"])
    lists.issues(stream_sheet(wb, L.ISSUES), frames["issues"])
    return wb


class StreamSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet inside an ordinary workbook: its rows are XML as soon as they are appended.

    openpyxl makes a whole workbook write-only or none of it; Overview, Comparison, Per capita, Trends and
    Charts need merged cells and random access, so only the list sheets stream (`stream.write_rows`).
    `write_workbook` saves such a workbook.
    """

    PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4
    _writer: Any = None  # openpyxl's: the sheet's writer, made at the first row
    _rows: Any = None  # openpyxl's: the generator the rows are sent to
    dimension_ref = "A1:A1"
    """The cells the sheet will hold, written before its rows (openpyxl's writer reads `calculate_dimension`)."""

    def calculate_dimension(self) -> str:
        return self.dimension_ref

    def append_xml(self, first_row: int, count: int, xml: str) -> None:
        """Append `count` rows given as the XML of their `<row>` elements, numbered from `first_row`.

        The rows must be the sheet's next ones, and their XML what openpyxl's own cell writer would emit
        for them (`stream.write_rows` builds it: inline strings, numbers, style ids of the workbook): it
        goes into the sheet's stream as it is, between the XML openpyxl writes before and after the rows.
        Like openpyxl's lxml writer, characters beyond ASCII are written as character references.
        """
        if self._rows is None:
            self._get_writer()
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(_RowsXML(first_row, count, xml.encode("ascii", "xmlcharrefreplace")))

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _StreamWriter(self)
            self._writer.write_top()

    def _write_rows(self) -> Generator[None, Any, None]:
        """openpyxl's `WriteOnlyWorksheet._write_rows` (3.1), which also takes rows as XML (`append_xml`)."""
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    row = yield
                    if isinstance(row, _RowsXML):
                        if row.first_row != row_idx:
                            raise ValueError(f"rows from {row.first_row} appended at row {row_idx}")
                        xf.flush()  # what lxml has buffered goes first
                        self._writer.file.write(row.xml)
                        row_idx += row.count
                        continue
                    self._writer.write_row(xf, self._values_to_row(row, row_idx), row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)


@dataclass(frozen=True)
class _RowsXML:
    first_row: int
    count: int
    xml: bytes


class _StreamWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's worksheet writer, writing through a file object of ours (`file`) to its temporary file,
    so that rows already serialised (`StreamSheet.append_xml`) can go between the XML that lxml writes."""

    def __init__(self, ws: StreamSheet) -> None:
        path = create_temporary_file()
        self.file = Path(path).open("wb")  # noqa: SIM115 - closed in close(), after lxml's last write
        super().__init__(ws, out=path)

    def get_stream(self) -> Generator[Any, Any, None]:
        """openpyxl's `WorksheetWriter.get_stream` (3.1), with lxml writing to `self.file`."""
        with xmlfile(self.file) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    el = yield
                    if el is True:
                        yield xf
                    elif el is None:
                        continue
                    else:
                        xf.write(el)
            except GeneratorExit:
                pass

    def close(self) -> None:
        super().close()
        self.file.close()


def stream_sheet(wb: Workbook, title: str) -> StreamSheet:
    """Add a write-only sheet named `title` at the end of `wb`."""
    ws = StreamSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws


class _NotesWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's worksheet writer for ordinary sheets, keeping the cells that carry a note for `_write_comment`
    instead of making a CommentRecord of each (an object built through descriptors, per note)."""

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        """openpyxl's `WorksheetWriter.write_row` (3.1), which appends the cell itself to `ws._comments`."""
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        with xf.element("row", attrs):
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(cell)
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                write_cell(xf, self.ws, cell, cell.has_style)


# The legacy (VML) drawing of a sheet's notes, byte for byte as openpyxl's ShapeWriter (3.1) writes it: a
# shape type, then one hidden shape per note, which differ only in their id, size and cell (0-based).
_VML_HEAD = (
    '<xml><ns0:shapelayout xmlns:ns0="urn:schemas-microsoft-com:office:office" '
    'xmlns:ns1="urn:schemas-microsoft-com:vml" ns1:ext="edit"><ns0:idmap ns1:ext="edit" data="1"/>'
    '</ns0:shapelayout><ns2:shapetype xmlns:ns2="urn:schemas-microsoft-com:vml" '
    'xmlns:ns3="urn:schemas-microsoft-com:office:office" id="_x0000_t202" coordsize="21600,21600" '
    'ns3:spt="202" path="m,l,21600r21600,l21600,xe"><ns2:stroke joinstyle="miter"/>'
    '<ns2:path gradientshapeok="t" ns3:connecttype="rect"/></ns2:shapetype>'
)
_VML_SHAPE = (
    '<ns0:shape xmlns:ns0="urn:schemas-microsoft-com:vml" xmlns:ns1="urn:schemas-microsoft-com:office:office" '
    'type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;margin-top:1.5pt;width:{width}px;'
    'height:{height}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" ns1:insetmode="auto" '
    'id="_x0000_s{id:04d}"><ns0:fill color2="#ffffe1"/><ns0:shadow color="black" obscured="t"/>'
    '<ns0:path ns1:connecttype="none"/><ns0:textbox style="mso-direction-alt:auto">'
    '<div style="text-align:left"/></ns0:textbox><ns2:ClientData '
    'xmlns:ns2="urn:schemas-microsoft-com:office:excel" ObjectType="Note"><ns2:MoveWithCells/>'
    "<ns2:SizeWithCells/><ns2:AutoFill>False</ns2:AutoFill><ns2:Row>{row}</ns2:Row>"
    "<ns2:Column>{column}</ns2:Column></ns2:ClientData></ns0:shape>"
)
_VML_TAIL = "</xml>"
_VML_FIRST_ID = 1026  # openpyxl numbers the shapes from here


def comments_xml(cells: Sequence[Any]) -> bytes:
    """The comments part of a sheet whose `cells` carry notes, as openpyxl's CommentSheet (3.1) writes it.

    lxml serialises it, so the text is escaped as openpyxl's own writer escapes it; only the objects per
    note (a CommentRecord, its Text, their descriptors) are left out.
    """
    authors = IndexedList()
    ids = [authors.add(cell._comment.author) for cell in cells]
    root = Element("comments")
    root.set("xmlns", SHEET_MAIN_NS)
    listed = SubElement(root, "authors")
    for author in authors:
        SubElement(listed, "author").text = author
    notes = SubElement(root, "commentList")
    for cell, author_id in zip(cells, ids, strict=True):
        note = SubElement(notes, "comment", ref=cell.coordinate, authorId=str(author_id), shapeId="0")
        content = cell._comment.content
        box = SubElement(note, "text")
        if content is None:  # openpyxl writes no text then, as here
            continue
        text = SubElement(box, "t")
        text.text = content
        stripped = content.strip()
        if stripped and stripped != content:  # openpyxl's `whitespace`: keep leading and trailing blanks
            text.set(f"{{{XML_NS}}}space", "preserve")
    return bytes(tostring(root))


def notes_vml(cells: Sequence[Any]) -> bytes:
    """The legacy VML drawing of a sheet whose `cells` carry notes: the box of each note, hidden."""
    shapes = "".join(
        _VML_SHAPE.format(
            id=index,
            width=cell._comment.width,
            height=cell._comment.height,
            row=cell.row - 1,
            column=cell.column - 1,
        )
        for index, cell in enumerate(cells, _VML_FIRST_ID)
    )
    return f"{_VML_HEAD}{shapes}{_VML_TAIL}".encode()


class _MixedWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer, taught to write the write-only sheets of an ordinary workbook, and to write the notes
    of its ordinary sheets as text (`comments_xml`, `notes_vml`) rather than through an object per note."""

    def write_worksheet(self, ws: Any) -> None:
        """openpyxl's `ExcelWriter.write_worksheet` (3.1), its write-only branch chosen per sheet and ordinary
        sheets written by `_NotesWriter`."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if isinstance(ws, WriteOnlyWorksheet):
            if not ws.closed:
                ws.close()
            writer = ws._writer
        else:
            writer = _NotesWriter(ws)
            writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()

    def _write_comment(self, ws: Any) -> None:
        """openpyxl's `ExcelWriter._write_comment` (3.1) for the cells `_NotesWriter` kept in `ws._comments`."""
        if isinstance(ws, WriteOnlyWorksheet) or (
            ws.legacy_drawing is not None and self.workbook.vba_archive is not None
        ):
            # openpyxl's own way for the notes of a write-only sheet (its writer made their records) and for
            # a macro workbook's VML drawing, which the notes join
            ws._comments = [
                c if isinstance(c, CommentRecord) else CommentRecord.from_cell(c) for c in ws._comments
            ]
            super()._write_comment(ws)
            return
        cs = CommentSheet(authors=AuthorList(), commentList=[])  # its part name and type, for the manifest
        self._comments.append(cs)
        cs._id = len(self._comments)
        self._archive.writestr(cs.path[1:], comments_xml(ws._comments))
        self.manifest.append(cs)
        ws.legacy_drawing = f"xl/drawings/commentsDrawing{cs._id}.vml"
        self._archive.writestr(ws.legacy_drawing, notes_vml(ws._comments))
        self.vba_modified.add(ws.legacy_drawing)
        ws._rels.append(Relationship(Id="comments", type=cs._rel_type, Target=cs.path))


def save_workbook(wb: Workbook, handle: Any) -> None:
    """`wb.save(handle)` for a workbook that may hold write-only sheets (openpyxl's own `save_workbook`,
    with `_MixedWriter`). `wb.save` would write them as ordinary sheets, and fail."""
    archive = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=L.ZIP_COMPRESSLEVEL)
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _MixedWriter(wb, archive).save()


def _discard_streams(wb: Workbook) -> None:
    """Close the write-only sheets of a workbook that was not saved, and remove their temporary files."""
    for ws in wb.worksheets:
        if isinstance(ws, WriteOnlyWorksheet) and not ws.closed:
            try:
                ws.close()
                ws._writer.cleanup()
            except Exception:  # noqa: BLE001, S110 - best effort: the save's own error is what is raised
                pass


def write_workbook(wb: Workbook, path: Path) -> Path:
    """Save `wb` to `path` atomically: a temp file in the same folder, fsync, then rename over `path`.

    A failure leaves any previous file at `path` as it was and removes the temp file.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            save_workbook(wb, handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        _discard_streams(wb)
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder (POSIX)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_report(path: Path, *, info: RunInfo, **frames: pl.DataFrame) -> Path:
    """Validate each frame against its contract, then build the workbook and write it atomically to `path`.

    `frames` are the keyword arguments of `build_workbook` besides `info`, each checked by its model in
    `FRAME_MODELS`. Validation runs with `lazy=True` and is forced on (schema and data) whatever pandera's
    environment switches say, so the renderer only ever renders validated frames.

    Raises:
        TypeError: a frame is missing or unknown.
        pandera.errors.SchemaErrors: a frame breaks its contract; nothing is written.
    """
    if set(frames) != set(FRAME_MODELS):
        missing, extra = set(FRAME_MODELS) - set(frames), set(frames) - set(FRAME_MODELS)
        raise TypeError(f"render_report needs the frames {sorted(FRAME_MODELS)}; missing {sorted(missing)}, "
                        f"unknown {sorted(extra)}")  # fmt: skip
    with contract_checks():
        valid = {
            name: pl.DataFrame(FRAME_MODELS[name].validate(frame, lazy=True))
            for name, frame in frames.items()
        }
    wb = build_workbook(info=info, **valid)
    return write_workbook(wb, path)
