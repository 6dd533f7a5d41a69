"""Writing into a Word document (python-docx): tables with or without borders, the short rule under a
heading, a paragraph in a table cell, a chart as caption + picture, the file's bytes. Every paragraph is
written with a style of styles.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

PICTURE_WIDTH_MM = 160  # the text width of an A4 page with the official margins


@dataclass
class Table:
    """A table with every cell already written out as text."""

    header: list[str]
    rows: list[list[str]]
    total_rows: int = 0  # the last rows that are totals (shown bold)


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


def table(document, data: Table) -> None:
    """The table with borders, centred; the header and the total rows bold, figures right-aligned; an empty
    paragraph after it."""
    out = document.add_table(rows=1, cols=len(data.header))
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(out)
    for i, text in enumerate(data.header):
        cell_paragraph(out.rows[0].cells[i], text, "DV Table", first=True, bold=True)
    first_total = len(data.rows) - data.total_rows
    for n, row in enumerate(data.rows):
        cells = out.add_row().cells
        for i, text in enumerate(row):
            paragraph = cell_paragraph(cells[i], text, "DV Table", first=True, bold=n >= first_total or None)
            if i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("")


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
