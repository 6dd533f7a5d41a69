"""The paragraph styles documents are written with, so that changing one in a unit's Word template changes
that part of every document:

    DV Heading     "ĐOÀN TNCS HỒ CHÍ MINH" (15 pt bold)      DV Rule       the short rule under it
    DV Issuer      the issuing body (14 pt)                  DV Number     "Số: 12-BC/ĐTN"
    DV Place Date  "Trà Vinh, ngày … " (italic)              DV Title      "BÁO CÁO", "THÔNG BÁO" (15 pt bold)
    DV Subject     the subject line (14 pt bold)             DV Section    "I. …" (bold, upper case)
    DV Chapter     "1. …" (bold)                             Normal        the body (14 pt, justified)
    DV Table       text in tables (12 pt)                    DV Signature  the signature block (bold)
    DV Recipients  "Nơi nhận: …" (12 pt)                     DV Caption    "Biểu đồ: …" (12 pt bold italic)

A style missing from a template (an uploaded one may have none) is added with the defaults above, so any
.docx works.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

# name: (size pt, bold, italic, alignment, first-line indent cm, space after pt)
STYLES = {
    "DV Heading": (15, True, False, CENTER, 0, 0),
    "DV Rule": (4, False, False, CENTER, 0, 6),
    "DV Issuer": (14, False, False, CENTER, 0, 0),
    "DV Number": (14, False, False, CENTER, 0, 0),
    # 13 pt (the rules allow 13–14) so that a long place name and its date keep to one line.
    "DV Place Date": (13, False, True, CENTER, 0, 0),
    "DV Title": (15, True, False, CENTER, 0, 0),
    "DV Subject": (14, True, False, CENTER, 0, 12),
    "DV Section": (14, True, False, JUSTIFY, 1, 6),
    "DV Chapter": (14, True, False, JUSTIFY, 1, 3),
    "DV Table": (12, False, False, LEFT, 0, 0),
    "DV Signature": (14, True, False, CENTER, 0, 0),
    "DV Recipients": (12, False, False, LEFT, 0, 0),
    "DV Caption": (12, True, True, CENTER, 0, 3),
}


def set_font(style, size: float, bold: bool = False, italic: bool = False) -> None:
    """The style's font: Times New Roman at `size` for every script (Vietnamese letters included)."""
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
    """Add the styles of STYLES that the document's template lacks."""
    existing = {style.name for style in document.styles}
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        if name in existing:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        set_font(style, size, bold, italic)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else Cm(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = 1.0 if name in ("DV Table", "DV Rule") else None
