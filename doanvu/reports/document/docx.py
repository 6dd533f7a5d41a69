"""The report as an editable Word file (python-docx), rendered from report_data into a Word template.

The template, its paragraph styles and the heading and signature blocks come from the document toolkit
(doanvu.documents: templates.py, styles.py, official.py); this module lays the report's body out in them:
the intro, then layout.body's numbered parts ("DV Section" headings, "DV Chapter" sub-headings, "Normal"
paragraphs, tables). The per-unit table, too wide for a portrait page, gets landscape pages of its own
(docs/architecture.md, "Tables and charts on paper").

Word cannot show the report's SVG charts, so each chart is drawn as a PNG picture (doanvu.documents.png)
under its caption, followed by a small table of the figures it draws (month → members, Party members; work
area → sessions; target → % achieved), so the numbers stay editable and readable aloud.
"""

from __future__ import annotations

from pathlib import Path

from doanvu.documents import official, word
from doanvu.documents.png import chart_png
from doanvu.documents.templates import DEFAULT_TEMPLATE, open_document

from . import layout
from .charts import ChartView, as_drawn


def _block(document, block: layout.Block, style: str) -> None:
    turned = block.table is not None and block.table.landscape
    if turned:  # the wide table and its heading on landscape pages, then portrait again
        word.landscape(document)
    heading = document.add_paragraph(block.heading, style=style)
    heading.paragraph_format.keep_with_next = True
    for text in block.paragraphs:
        document.add_paragraph(text, style="Normal")
    if block.table:
        word.table(document, block.table, gap=not turned)  # a turned table's page ends with it
    if turned:
        word.portrait(document)
    for part in block.parts:
        _block(document, part, "DV Chapter")
    for chart in block.charts:
        _chart(document, chart)


def _chart(document, chart: ChartView) -> None:
    """A chart as its caption, the picture (PNG: Word cannot embed SVG) and the table of its figures —
    except the targets' chart, whose figures are the targets table's last column just above it."""
    word.picture(document, chart.caption, chart_png(as_drawn(chart.data)))
    if chart.key != "targets":
        word.table(document, word.Table(chart.header, chart.rows))


def render_docx(data: dict, template: bytes | Path = DEFAULT_TEMPLATE) -> bytes:
    """The report as a .docx file (bytes)."""
    document = open_document(template)
    official.heading_block(document, data)
    document.add_paragraph(data["intro"], style="Normal")
    for block in layout.body(data):
        _block(document, block, "DV Section")
    if data.get("closing"):
        closing = document.add_paragraph(data["closing"], style="Normal")
        closing.paragraph_format.keep_with_next = True  # the closing sentence on the page it is signed on
    official.signature_block(document, data)
    official.page_numbers(document)
    return word.to_bytes(document, title=f"{data['title']} {data['subject']}", author=data["unit"]["name"])
