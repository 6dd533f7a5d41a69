"""The frame of an official document of the Union (Hướng dẫn 29-HD/TWĐTN-VP), whatever it says: the
heading block (the issuing body and "Số: …" on the left; "ĐOÀN TNCS HỒ CHÍ MINH", a short rule and the
place and date on the right; then the title and the subject) and the signature block ("Nơi nhận" on the
left, on whose behalf, the title and the name on the right), and their wording.

The blocks write a dict with the keys
    issuer, number, heading, place_date, title, subject          (heading_block)
    recipients [lines], signature {on_behalf, title, name}       (signature_block)
The wording is pure functions over plain values; every one has a unit test.
"""

from __future__ import annotations

import datetime

from docx.shared import Cm

from .word import cell_paragraph, no_borders, rule

HEADING = "ĐOÀN TNCS HỒ CHÍ MINH"
SIGNER_TITLE = "BÍ THƯ"
ARCHIVE = "Lưu VP."
EMPTY_SECTION = "…" * 40

# The symbol of the issuing body in "Số: 12-BC/ĐTN", by unit kind (editable on each document).
ISSUER_SYMBOLS = {
    "central": "TWĐTN",
    "province": "TĐTN",
    "district": "HĐTN",
    "bloc": "ĐTN",
    "attached": "ĐTN",
    "grassroots": "ĐTN",
    "inter_branch": "LCĐ",
    "grassroots_branch": "CĐ",
    "branch": "CĐ",
    "sub_branch": "CĐ",
}


# ---------------------------------------------------------------------------------------------------------
# Wording


def issuer_name(kind_code: str, name: str) -> str:
    """ "BCH ĐOÀN TỈNH TRÀ VINH" for "Tỉnh đoàn Trà Vinh"; "BCH CHI ĐOÀN SỞ …" for "Chi đoàn Sở …"."""
    text = " ".join(name.split())
    if kind_code == "province" and text.lower().startswith("tỉnh đoàn "):
        text = "Đoàn tỉnh " + text[len("tỉnh đoàn ") :]
    return f"BCH {text.upper()}"


def issuer_symbol(kind_code: str) -> str:
    return ISSUER_SYMBOLS.get(kind_code, "ĐTN")


def number_line(kind_code: str, document_type: str, number: str = "") -> str:
    """ "Số: 12-BC/ĐTN" (number-TYPE/ISSUER); a blank number leaves room to write it in when issued."""
    return f"Số: {number or '   '}-{document_type}/{issuer_symbol(kind_code)}"


def place_date(place: str, day: datetime.date) -> str:
    """ "Trà Vinh, ngày 15 tháng 12 năm 2020" — days under 10 and months under 3 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def place_of(unit) -> str:
    """The unit's place, or that of the nearest unit above it with one ("Trà Vinh"). `unit` is a node of
    the unit tree (a django-treebeard MP_Node with a `place`)."""
    if unit.place:
        return unit.place
    above = type(unit).objects.get_ancestors(unit).exclude(place="").order_by("-depth").first()
    return above.place if above else ""


def paragraphs_of(text: str) -> list[str]:
    """Editable text back into paragraphs: one a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------------------
# The blocks


def heading_block(document, data: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    issuer_lines = [line for line in data["issuer"].splitlines() if line.strip()] or [""]
    for i, line in enumerate(issuer_lines):
        cell_paragraph(left, line, "DV Issuer", first=i == 0, bold=i == len(issuer_lines) - 1)
    cell_paragraph(left, "***", "DV Issuer")
    cell_paragraph(left, data["number"], "DV Number")
    cell_paragraph(right, data["heading"], "DV Heading", first=True)
    rule(cell_paragraph(right, "", "DV Rule"), 2.0)
    cell_paragraph(right, data["place_date"], "DV Place Date")
    document.add_paragraph("", style="DV Rule")
    document.add_paragraph(data["title"], style="DV Title")
    document.add_paragraph(data["subject"], style="DV Subject")


def signature_block(document, data: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    paragraph = cell_paragraph(left, "Nơi nhận:", "DV Recipients", first=True, bold=True)
    paragraph.runs[0].italic = True
    for line in data["recipients"]:
        cell_paragraph(left, f"- {line}", "DV Recipients")
    signature = data["signature"]
    cell_paragraph(right, signature["on_behalf"], "DV Signature", first=True)
    cell_paragraph(right, signature["title"], "DV Signature")
    for _ in range(3):
        cell_paragraph(right, "", "DV Signature")
    cell_paragraph(right, signature["name"], "DV Signature")
