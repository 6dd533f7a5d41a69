"""Writing into a Word document (python-docx): tables with or without borders, the short rule under a
heading, a paragraph in a table cell, a chart as caption + picture, a landscape section, the file's bytes.
Every paragraph is written with a style of styles.py.

Tables are laid out to read on paper (docs/architecture.md, "Tables and charts on paper"): the layout is
fixed, with column widths computed from the text (the first column never narrower than its longest word,
so a unit's name wraps only between words; a figure column as wide as its longest figure, and its cells do
not wrap); the header row repeats on every page and no row splits across pages."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

PICTURE_WIDTH_MM = 160  # the text width of an A4 page with the official margins


@dataclass
class Table:
    """A table with every cell already written out as text."""

    header: list[str]
    rows: list[list[str]]
    total_rows: int = 0  # the last rows that are totals (shown bold)
    note: str = ""  # a line under the table (why the total is not the sum of the rows)
    landscape: bool = False  # too wide for a portrait page: Word puts it in a landscape section


# A table of at most this many rows is kept on one page (with the caption and picture before it): a short
# table split across a page break leaves a row or two alone under the header.
KEEP_TOGETHER_ROWS = 15
TABLE_PT = 12  # the size of "DV Table"; a table too wide for its page is written smaller, down to MIN_PT
MIN_PT = 9
CELL_PADDING_MM = 4.2  # Word's default cell margins (1,9 mm each side) and a little air
PT_MM = 25.4 / 72

# Advance widths of Times New Roman, in ems, by kind of character (a safe approximation: wide letters are
# counted wide, so a column is never narrower than its text).
_NARROW = set("iljtfr.,:;'!|()[]-–/ ")
_WIDE = set("mwMW%@")


def text_mm(text: str, pt: float, bold: bool = False) -> float:
    """The printed width of `text` on one line, in millimetres."""
    ems = 0.0
    for char in text:
        if char in _WIDE:
            ems += 0.9
        elif char in _NARROW:
            ems += 0.3
        elif char.isupper():
            ems += 0.72
        else:
            ems += 0.5
    return ems * pt * PT_MM * (1.06 if bold else 1.0)


FIGURE = re.compile(r"[-–]?[\d.,]+ ?%?|[-–—]")


def is_figure(text: str) -> bool:
    """ "2.145", "95,5%", "–": a figure, right-aligned and never broken (not "đơn vị máu")."""
    return bool(FIGURE.fullmatch(text.strip()))


def _longest_word(text: str, pt: float, bold: bool = False) -> float:
    return max((text_mm(word, pt, bold) for word in text.split()), default=0.0)


def _grow(widths: list[float], targets: list[float], room: float) -> float:
    """Widen each column toward its target, all in the same proportion, within `room`; the room left."""
    wanted = sum(max(0.0, t - w) for w, t in zip(widths, targets, strict=True))
    if wanted <= 0 or room <= 0:
        return room
    share = min(1.0, room / wanted)
    for i, target in enumerate(targets):
        widths[i] += max(0.0, target - widths[i]) * share
    return room - wanted * share


def column_widths(data: Table, width_mm: float, pt: float) -> list[float] | None:
    """Widths (mm) of the columns at font size `pt`, at most `width_mm` in all, or None when the table does
    not fit. Each column starts at its least width: the longest word of its header and of its text (a name
    wraps only between words) and its longest figure (figures do not wrap; the first column has none).
    The room left widens, in turn: the first column to a fifth of the width (or its longest line), the
    others to their header on three lines (a column of words also to its longest line), then on two, the
    first column to its longest line (up to a third of the width). A table that needs less than the page is narrower than the page."""
    first_total = len(data.rows) - data.total_rows
    least, line, head, numeric = [], [], [], []
    for i, title in enumerate(data.header):
        cells = [(row[i], n >= first_total) for n, row in enumerate(data.rows) if i < len(row)]
        head_word = _longest_word(title, pt, bold=True)
        low = max(
            [head_word]
            + [
                text_mm(text, pt, bold) if i and is_figure(text) else _longest_word(text, pt, bold)
                for text, bold in cells
            ]
        )
        numeric.append(all(is_figure(text) for text, _bold in cells))
        least.append(low + CELL_PADDING_MM)
        line.append(max([text_mm(text, pt, bold) for text, bold in cells] + [0.0]) + CELL_PADDING_MM)
        head.append(text_mm(title, pt, bold=True) + CELL_PADDING_MM)
    if sum(least) > width_mm:
        return None
    widths = list(least)
    room = width_mm - sum(widths)
    figures = range(1, len(widths))

    def first_to(limit: float) -> list[float]:
        return [min(line[0], max(limit, least[0]))] + widths[1:]

    def figures_to(lines: int) -> list[float]:
        # A column of words ("đơn vị máu") also asks for its longest line, so its cells keep to one line.
        return widths[:1] + [
            max(least[i], head[i] / lines + text_mm("mm", pt), 0.0 if numeric[i] else line[i])
            for i in figures
        ]

    for targets in (first_to(width_mm / 5), figures_to(3), figures_to(2), first_to(width_mm / 3)):
        room = _grow(widths, targets, room)
    return widths


def _header_row(row) -> None:
    """The header row never splits across pages and repeats at the top of every page (the body rows:
    _Body)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _fix_widths(out, widths: list[float]) -> None:
    out.autofit = False  # w:tblLayout type="fixed": Word keeps the widths instead of fitting the text
    tbl_w = out._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        out._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(int(Mm(sum(widths)).twips)))
    tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(out.columns, widths, strict=True):
        column.width = Mm(width)
    for tr in out._tbl.tr_lst:  # every cell as wide as the columns it spans (the note's: all of them)
        column = 0
        for tc in tr.tc_lst:
            tc.width = Mm(sum(widths[column : column + tc.grid_span]))
            column += tc.grid_span


def text_width_mm(document) -> float:
    """The width between the margins of the document's last section."""
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def landscape(document) -> None:
    """Start a landscape section on a new page (the page turned: width and height, and the margins, swapped
    so the binding edge stays where it was)."""
    _turn(document, WD_ORIENT.LANDSCAPE)


def portrait(document) -> None:
    """Start a portrait section on a new page (after a landscape one)."""
    _turn(document, WD_ORIENT.PORTRAIT)


def _turn(document, orientation) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    # The empty paragraph that ends the section before (it holds its w:sectPr; Word gives it a line, where
    # LibreOffice gives it none) is made 1 pt high, so a table that fills its page is not followed by a
    # blank page in Word.
    ended = document.element.body.xpath("./w:p[w:pPr/w:sectPr]")[-1]
    fmt = Paragraph(ended, document._body).paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")  # the paragraph mark's size: w:rPr just before w:sectPr
    SubElement(mark, qn("w:sz"), {qn("w:val"): "2"})
    ended.pPr.find(qn("w:sectPr")).addprevious(mark)
    if section.orientation == orientation:
        return
    section.orientation = orientation
    section.page_width, section.page_height = section.page_height, section.page_width
    top, right, bottom, left = (
        section.top_margin,
        section.right_margin,
        section.bottom_margin,
        section.left_margin,
    )
    if orientation == WD_ORIENT.LANDSCAPE:
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            left,
            top,
            right,
            bottom,
        )
    else:
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            right,
            bottom,
            left,
            top,
        )


def no_borders(table) -> None:
    borders(table, "nil")


def borders(table, value: str = "single") -> None:
    tbl_pr = table._tbl.tblPr
    element_borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        element_borders.append(element)
    tbl_pr.append(element_borders)


def rule(paragraph, indent_cm: float) -> None:
    """A short line under the paragraph: a bottom border between indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p_pr.append(border)


def cell_paragraph(cell, text: str, style: str, first: bool = False, bold: bool | None = None):
    """A paragraph in a table cell (`first`: the cell's own first paragraph rather than a new one)."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = style
    run = paragraph.add_run(text)
    if bold is not None:
        run.bold = bold
    return paragraph


def table(document, data: Table, *, gap: bool = True) -> None:
    """The table with borders, centred, filling the text width with fixed columns (column_widths; written
    smaller when it does not fit at TABLE_PT); the header and the total rows bold, figures right-aligned and
    unbroken (text in other columns left-aligned, wrapping between words); the header row repeated on every
    page, no row split, a short table (KEEP_TOGETHER_ROWS) on one page; the note under the table, in a row of
    its own that the last row is held to (a note after a table that fills its page would start a page of
    its own); then (`gap`) an empty paragraph."""
    available = text_width_mm(document)
    pt, widths = TABLE_PT, column_widths(data, available, TABLE_PT)
    while widths is None and pt > MIN_PT:
        pt -= 1
        widths = column_widths(data, available, pt)
    size = Pt(pt) if pt != TABLE_PT else None
    out = document.add_table(rows=1, cols=len(data.header))
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(out)
    _header_row(out.rows[0])
    for i, text in enumerate(data.header):
        paragraph = cell_paragraph(out.rows[0].cells[i], text, "DV Table", first=True, bold=True)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].font.size = size
    first_total = len(data.rows) - data.total_rows
    together = len(data.rows) <= KEEP_TOGETHER_ROWS
    if together:
        for header_cell in out.rows[0].cells:
            header_cell.paragraphs[0].paragraph_format.keep_with_next = True
    body = _Body(document.styles["DV Table"].style_id, size, [col.w for col in out._tbl.tblGrid.gridCol_lst])
    last = len(data.rows) - 1
    for n, row in enumerate(data.rows):
        # Each row held to the next: the short table stays on one page; the last one to the note.
        held = (together and n < last) or (n == last and bool(data.note))
        body.row(out._tbl, row, bold=n >= first_total, keep=held)
    if data.note:
        body.note(out._tbl, data.note, len(data.header))
    if widths:
        _fix_widths(out, widths)
    if gap:
        document.add_paragraph("")


class _Body:
    """The table's body rows written as elements, as python-docx would write them through its cells and
    paragraphs (a row that never splits; in each cell one paragraph of "DV Table", held to the next one or
    not, right-aligned and unbroken for a figure; one run, bold in a total row, at the table's size): a
    province's table of a hundred rows costs tens of milliseconds instead of most of a second."""

    def __init__(self, style_id: str, size, grid: list) -> None:
        self.style_id = style_id
        self.half_points = None if size is None else str(int(size.pt * 2))
        self.twips = [str(width.twips) for width in grid]  # a new cell's width: its grid column's

    def row(self, tbl, texts: list[str], *, bold: bool, keep: bool) -> None:
        tr = SubElement(tbl, qn("w:tr"))
        SubElement(SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
        for i, text in enumerate(texts):
            figure = i > 0 and is_figure(text)
            tc = SubElement(tr, qn("w:tc"))
            tc_pr = SubElement(tc, qn("w:tcPr"))
            SubElement(tc_pr, qn("w:tcW"), {qn("w:type"): "dxa", qn("w:w"): self.twips[i]})
            if figure:
                SubElement(tc_pr, qn("w:noWrap"))
            p_pr = SubElement(SubElement(tc, qn("w:p")), qn("w:pPr"))
            SubElement(p_pr, qn("w:pStyle"), {qn("w:val"): self.style_id})
            SubElement(p_pr, qn("w:keepNext"), {} if keep else {qn("w:val"): "0"})
            if figure:
                SubElement(p_pr, qn("w:jc"), {qn("w:val"): "right"})
            run = SubElement(p_pr.getparent(), qn("w:r"))
            if bold or self.half_points:
                r_pr = SubElement(run, qn("w:rPr"))
                if bold:
                    SubElement(r_pr, qn("w:b"))
                if self.half_points:
                    SubElement(r_pr, qn("w:sz"), {qn("w:val"): self.half_points})
            run.text = text  # python-docx's run: tabs and line breaks as Word writes them

    def note(self, tbl, text: str, columns: int) -> None:
        """The note under the table: one italic cell across every column, with no border but the line
        above it, so it reads as a line under the table."""
        tr = SubElement(tbl, qn("w:tr"))
        SubElement(SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
        tc = SubElement(tr, qn("w:tc"))
        tc_pr = SubElement(tc, qn("w:tcPr"))
        SubElement(tc_pr, qn("w:tcW"), {qn("w:type"): "dxa", qn("w:w"): str(sum(map(int, self.twips)))})
        SubElement(tc_pr, qn("w:gridSpan"), {qn("w:val"): str(columns)})
        edges = SubElement(tc_pr, qn("w:tcBorders"))
        for edge in ("left", "bottom", "right"):
            SubElement(edges, qn(f"w:{edge}"), {qn("w:val"): "nil"})
        paragraph = SubElement(tc, qn("w:p"))
        SubElement(SubElement(paragraph, qn("w:pPr")), qn("w:pStyle"), {qn("w:val"): self.style_id})
        run = SubElement(paragraph, qn("w:r"))
        SubElement(SubElement(run, qn("w:rPr")), qn("w:i"))
        run.text = text


def paragraphs(document, texts: list[str], style: str = "Normal") -> None:
    for text in texts:
        document.add_paragraph(text, style=style)


def picture(document, caption: str, png: bytes, width_mm: float = PICTURE_WIDTH_MM) -> None:
    """A captioned picture, kept on the page of what follows it (its table of figures)."""
    title = document.add_paragraph(caption, style="DV Caption")
    title.paragraph_format.keep_with_next = True
    paragraph = document.add_paragraph(style="Normal")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def to_bytes(document, *, title: str, author: str) -> bytes:
    """The .docx file, with its title and author in the file's properties."""
    properties = document.core_properties
    properties.title = title
    properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
