"""The Word template a document is written into.

The default is templates_docx/van_ban.docx beside this module: A4 portrait, margins top and bottom 20 mm,
left 30 mm, right 20 mm, Times New Roman (Hướng dẫn 29-HD/TWĐTN-VP), with the styles of styles.py;
`build_default_template` writes it (run once; the file is kept in the repository). A unit may upload its
own .docx (the work report's page "Mẫu Word"), kept in MEDIA_ROOT under `template_name(unit)`; the units
under it without their own use it too. From a template a document keeps the page set-up (size, margins,
headers and footers, page numbers if the template has them) and the styles, and drops whatever body text
it has (`open_document`).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.storage import default_storage
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .styles import JUSTIFY, ensure_styles, set_font

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "van_ban.docx"


def template_name(unit) -> str:
    """Where a unit's own Word template is kept (in MEDIA_ROOT)."""
    return f"report_templates/unit-{unit.pk}.docx"


def template_for(unit) -> bytes | Path:
    """The Word template for `unit`'s documents: its own, else that of the nearest unit above with one,
    else the default. `unit` is a node of the unit tree (a django-treebeard MP_Node)."""
    above = type(unit).objects.get_ancestors(unit)
    for node in [unit, *reversed(list(above))]:
        name = template_name(node)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    return DEFAULT_TEMPLATE


def build_default_template(path: Path = DEFAULT_TEMPLATE) -> None:
    """Write the default template (run once; the file is kept in the repository)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = document.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.alignment = JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    ensure_styles(document)
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def open_template(template: bytes | Path):
    """The template as a python-docx Document (bytes: an uploaded template; a Path: a file)."""
    if isinstance(template, bytes):
        return remember_style_ids(Document(io.BytesIO(template)))
    return remember_style_ids(Document(str(template)))


def remember_style_ids(document):
    """Look each style name up once per document. python-docx looks through every style of the document
    (and for the default one) at each paragraph given a style by name: a report's table of a few hundred
    cells took seconds. A name not found yet (a style added later) is looked up again."""
    part = document.part
    lookup = part.get_style_id
    known: dict = {}

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = lookup(style_or_name, style_type)
        return known[key]

    part.get_style_id = get_style_id
    return document


def clear_body(document) -> None:
    """Drop the body's paragraphs and tables, keeping the page set-up (the last sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def open_document(template: bytes | Path):
    """A document to write into: the template's page set-up and styles, an empty body, every style of
    styles.py in place."""
    document = open_template(template)
    clear_body(document)
    ensure_styles(document)
    return document
