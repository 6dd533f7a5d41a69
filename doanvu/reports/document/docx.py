"""The report as an editable Word file (python-docx), rendered from report_data into a Word template.

The template. The default is doanvu/reports/templates_docx/bao_cao.docx (A4 portrait, margins top and
bottom 20 mm, left 30 mm, right 20 mm, Times New Roman; Hướng dẫn 29-HD/TWĐTN-VP). A unit may upload its
own .docx (page "Mẫu Word"), kept in MEDIA_ROOT; units under it without their own use it too. From the
template the renderer keeps the page set-up (size, margins, headers and footers) and the styles, and
drops whatever body text it has. It writes with these paragraph styles, so changing one in Word changes
that part of every report:

    DV Heading     "ĐOÀN TNCS HỒ CHÍ MINH" (15 pt bold)      DV Rule       the short rule under it
    DV Issuer      the issuing body (14 pt)                  DV Number     "Số: 12-BC/ĐTN"
    DV Place Date  "Trà Vinh, ngày … " (italic)              DV Title      "BÁO CÁO" (15 pt bold)
    DV Subject     the subject line (14 pt bold)             DV Section    "I. …" (bold, upper case)
    DV Chapter     "1. …" (bold)                             Normal        the body (14 pt, justified)
    DV Table       text in tables (12 pt)                    DV Signature  the signature block (bold)
    DV Recipients  "Nơi nhận: …" (12 pt)                     DV Caption    "Biểu đồ: …" (12 pt bold italic)

Word cannot show the report's SVG charts, so each chart is drawn as a PNG picture (chart_png.py) under its
caption, followed by a small table of the figures it draws (month → members, Party members; work area →
sessions; target → % achieved), so the numbers stay editable and readable aloud.

A style missing from an uploaded template is added with the defaults above, so any .docx works.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.storage import default_storage
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from doanvu.org.models import OrgUnit

from . import layout
from .chart_png import chart_png

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates_docx" / "bao_cao.docx"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

# name: (size pt, bold, italic, alignment, first-line indent cm, space after pt)
STYLES = {
    "DV Heading": (15, True, False, CENTER, 0, 0),
    "DV Rule": (4, False, False, CENTER, 0, 6),
    "DV Issuer": (14, False, False, CENTER, 0, 0),
    "DV Number": (14, False, False, CENTER, 0, 0),
    "DV Place Date": (14, False, True, CENTER, 0, 0),
    "DV Title": (15, True, False, CENTER, 0, 0),
    "DV Subject": (14, True, False, CENTER, 0, 12),
    "DV Section": (14, True, False, JUSTIFY, 1, 6),
    "DV Chapter": (14, True, False, JUSTIFY, 1, 3),
    "DV Table": (12, False, False, LEFT, 0, 0),
    "DV Signature": (14, True, False, CENTER, 0, 0),
    "DV Recipients": (12, False, False, LEFT, 0, 0),
    "DV Caption": (12, True, True, CENTER, 0, 3),
}


# ---------------------------------------------------------------------------------------------------------
# Templates


def template_for(unit: OrgUnit) -> bytes | Path:
    """The Word template for `unit`'s reports: its own, else the nearest unit above with one, else the
    default in the repository."""
    from .services import template_name

    step = OrgUnit.steplen
    paths = [unit.path[:n] for n in range(len(unit.path), 0, -step)]
    for above in sorted(OrgUnit.objects.filter(path__in=paths), key=lambda u: -u.depth):
        name = template_name(above)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    return DEFAULT_TEMPLATE


def _set_font(style, size: float, bold: bool = False, italic: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def ensure_styles(document) -> None:
    """Add the styles the renderer uses that the template lacks (an uploaded template may have none)."""
    existing = {style.name for style in document.styles}
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        if name in existing:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        _set_font(style, size, bold, italic)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else Cm(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = 1.0 if name in ("DV Table", "DV Rule") else None


def build_default_template(path: Path = DEFAULT_TEMPLATE) -> None:
    """Write the default template (run once; the file is kept in the repository)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = document.styles["Normal"]
    _set_font(normal, 14)
    normal.paragraph_format.alignment = JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    ensure_styles(document)
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _open(template: bytes | Path):
    if isinstance(template, bytes):
        return Document(io.BytesIO(template))
    return Document(str(template))


def _clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# ---------------------------------------------------------------------------------------------------------
# Writing


def _no_borders(table) -> None:
    _borders(table, "nil")


def _borders(table, value: str = "single") -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _rule(paragraph, indent_cm: float) -> None:
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


def _cell_paragraph(cell, text: str, style: str, first: bool = False, bold: bool | None = None):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = style
    run = paragraph.add_run(text)
    if bold is not None:
        run.bold = bold
    return paragraph


def _heading_block(document, data: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    issuer_lines = [line for line in data["issuer"].splitlines() if line.strip()] or [""]
    for i, line in enumerate(issuer_lines):
        _cell_paragraph(left, line, "DV Issuer", first=i == 0, bold=i == len(issuer_lines) - 1)
    _cell_paragraph(left, "***", "DV Issuer")
    _cell_paragraph(left, data["number"], "DV Number")
    _cell_paragraph(right, data["heading"], "DV Heading", first=True)
    _rule(_cell_paragraph(right, "", "DV Rule"), 2.0)
    _cell_paragraph(right, data["place_date"], "DV Place Date")
    document.add_paragraph("", style="DV Rule")
    document.add_paragraph(data["title"], style="DV Title")
    document.add_paragraph(data["subject"], style="DV Subject")


def _table(document, table: layout.Table) -> None:
    out = document.add_table(rows=1, cols=len(table.header))
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(out)
    for i, text in enumerate(table.header):
        _cell_paragraph(out.rows[0].cells[i], text, "DV Table", first=True, bold=True)
    first_total = len(table.rows) - table.total_rows
    for n, row in enumerate(table.rows):
        cells = out.add_row().cells
        for i, text in enumerate(row):
            paragraph = _cell_paragraph(cells[i], text, "DV Table", first=True, bold=n >= first_total or None)
            if i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("")


def _block(document, block: layout.Block, style: str) -> None:
    document.add_paragraph(block.heading, style=style)
    for text in block.paragraphs:
        document.add_paragraph(text, style="Normal")
    if block.table:
        _table(document, block.table)
    for part in block.parts:
        _block(document, part, "DV Chapter")
    for chart in block.charts:
        _chart(document, chart)


def _chart(document, chart) -> None:
    """A chart as its caption, the picture (PNG: Word cannot embed SVG) and the table of its figures."""
    caption = document.add_paragraph(chart.caption, style="DV Caption")
    caption.paragraph_format.keep_with_next = True
    picture = document.add_paragraph(style="Normal")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(chart_png(chart.data)), width=Mm(160))
    _table(document, layout.Table(chart.header, chart.rows))


def _signature_block(document, data: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    paragraph = _cell_paragraph(left, "Nơi nhận:", "DV Recipients", first=True, bold=True)
    paragraph.runs[0].italic = True
    for line in data["recipients"]:
        _cell_paragraph(left, f"- {line}", "DV Recipients")
    signature = data["signature"]
    _cell_paragraph(right, signature["on_behalf"], "DV Signature", first=True)
    _cell_paragraph(right, signature["title"], "DV Signature")
    for _ in range(3):
        _cell_paragraph(right, "", "DV Signature")
    _cell_paragraph(right, signature["name"], "DV Signature")


def render_docx(data: dict, template: bytes | Path = DEFAULT_TEMPLATE) -> bytes:
    """The report as a .docx file (bytes)."""
    document = _open(template)
    _clear_body(document)
    ensure_styles(document)
    _heading_block(document, data)
    document.add_paragraph(data["intro"], style="Normal")
    for block in layout.body(data):
        _block(document, block, "DV Section")
    _signature_block(document, data)
    properties = document.core_properties
    properties.title = f"{data['title']} {data['subject']}"
    properties.author = data["unit"]["name"]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
