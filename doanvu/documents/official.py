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
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from .word import cell_paragraph, no_borders, rule

HEADING = "ĐOÀN TNCS HỒ CHÍ MINH"
SIGNER_TITLE = "BÍ THƯ"
DEPUTY_TITLE = "PHÓ BÍ THƯ"
ARCHIVE = "Lưu VP."
EMPTY_SECTION = "…" * 40
# Who signs on whose behalf (docs/domain.md, "The official form"): a unit with a standing committee —
# the provincial and district-level unions, blocs and attached unions — signs for it; grassroots unions and
# branches sign for their executive committee.
ON_BEHALF_STANDING = "TM. BAN THƯỜNG VỤ"
ON_BEHALF_EXECUTIVE = "TM. BAN CHẤP HÀNH"
STANDING_COMMITTEE_KINDS = frozenset({"central", "province", "district", "bloc", "attached"})
# Where the document of a unit with no unit above it in the tree goes (a province reports to the centre).
CENTRE = "Ban Bí thư Trung ương Đoàn"

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


NBSP = "\u00a0"
ISSUER_LINE = 22  # the characters of an issuer line that fit the heading's left column


# Kinds whose documents name the union directly above them on a line over their own (a commune union's under
# its district's or province's, a branch's under its grassroots union's): docs/domain.md, "The official form".
NAMES_THE_UNIT_ABOVE = frozenset({"grassroots", "grassroots_branch", "inter_branch", "branch", "sub_branch"})


def issuer_name(kind_code: str, name: str, above: str = "") -> str:
    """ "BCH ĐOÀN TỈNH TRÀ VINH" for "Tỉnh đoàn Trà Vinh"; "BCH CHI ĐOÀN SỞ …" for "Chi đoàn Sở …", under a
    line naming the union above it (`above`) for the kinds of NAMES_THE_UNIT_ABOVE: "ĐOÀN KHỐI CÁC CƠ QUAN …"
    then "BCH CHI ĐOÀN SỞ …" (the last line is the one printed in bold). A name too long for one line wraps
    after its kind ("BCH HUYỆN ĐOÀN" / "CÀNG LONG") rather than inside the place name, where the rest fits on
    the second line."""
    text = " ".join(name.split())
    if kind_code == "province" and text.lower().startswith("tỉnh đoàn "):
        text = "Đoàn tỉnh " + text[len("tỉnh đoàn ") :]
    own = _wrapped(f"BCH {text.upper()}")
    above = " ".join(above.split())
    if above and kind_code in NAMES_THE_UNIT_ABOVE:
        return f"{_wrapped(above.upper())}\n{own}"
    return own


def _wrapped(text: str) -> str:
    if len(text) <= ISSUER_LINE:
        return text
    # A line may break only after the unit's kind ("BCH CHI ĐOÀN", "BCH ĐOÀN CƠ SỞ", "ĐOÀN KHỐI") and
    # before "VÀ"/"CÁC": no-break spaces hold the rest together ("SỞ KHOA HỌC", not "SỞ KHOA / HỌC"). A part
    # still too long for a line keeps its ordinary spaces.
    words = text.split(" ")
    parts, part = [], [words[0]]
    for before, word in zip(words, words[1:], strict=False):
        after_kind = before in ("ĐOÀN", "KHỐI") or (before == "SỞ" and part[-2:] == ["CƠ", "SỞ"])
        if (after_kind and word not in ("CƠ", "KHỐI")) or word in ("VÀ", "CÁC"):
            parts.append(part)
            part = []
        part.append(word)
    parts.append(part)
    return " ".join(NBSP.join(p) if len(" ".join(p)) <= ISSUER_LINE else _held_words(p) for p in parts)


# Words of two syllables common in units' names, held on one line when a part of the issuer must wrap.
COMPOUNDS = frozenset(
    {
        "ĐẠI HỌC",
        "CAO ĐẲNG",
        "KHOA HỌC",
        "CÔNG NGHỆ",
        "XÃ HỘI",
        "DOANH NGHIỆP",
        "CƠ QUAN",
        "BẢO HIỂM",
        "THƯƠNG BINH",
        "LAO ĐỘNG",
        "NỘI VỤ",
        "BƯU ĐIỆN",
        "Y TẾ",
        "GIÁO DỤC",
        "ĐÀO TẠO",
        "TÀI CHÍNH",
        "KHU VỰC",
        "CÔNG AN",
        "QUÂN SỰ",
        "NGÂN HÀNG",
        "THỊ TRẤN",
        "NÔNG NGHIỆP",
        "MÔI TRƯỜNG",
        "VĂN HÓA",
    }
)


def _held_words(words: list[str]) -> str:
    """A part too long for a line: it may wrap, but not inside a word of COMPOUNDS nor inside the place
    name that ends it (its last two syllables)."""
    out = words[0]
    for i, word in enumerate(words[1:], start=1):
        held = f"{words[i - 1]} {word}" in COMPOUNDS or i == len(words) - 1
        out += (NBSP if held else " ") + word
    return out


def issuer_symbol(kind_code: str) -> str:
    return ISSUER_SYMBOLS.get(kind_code, "ĐTN")


def number_line(kind_code: str, document_type: str, number: str = "") -> str:
    """ "Số: 12-BC/ĐTN" (number-TYPE/ISSUER); a blank number leaves room to write it in when issued.

    `number` may be the bare number ("12"), the whole symbol ("12-BC/HĐTN") or the line as saved
    ("Số: 12-BC/HĐTN", "số 12-BC/HĐTN"): "Số:" is written once whatever was typed."""
    text = " ".join((number or "").split())
    text = re.sub(r"^số\s*:?\s*", "", text, flags=re.IGNORECASE)
    if not text or text.startswith("-"):
        return f"Số:    -{document_type}/{issuer_symbol(kind_code)}"
    if re.fullmatch(r"\d+[a-zA-Z]?", text):
        return f"Số: {text}-{document_type}/{issuer_symbol(kind_code)}"
    return f"Số: {text}"


def title_subject(title: str, subject: str) -> str:
    """The subject under the title without the title's word again: "Báo cáo kết quả …" under "BÁO CÁO"
    reads "Kết quả …"."""
    text = " ".join((subject or "").split())
    word = title.strip().lower()
    if word and text.lower().startswith(word + " "):
        text = text[len(word) + 1 :].lstrip(" :–-")
        text = text[:1].upper() + text[1:]
    return text


def has_standing_committee(kind_code: str) -> bool:
    return kind_code in STANDING_COMMITTEE_KINDS


def on_behalf(kind_code: str) -> str:
    """ "TM. BAN THƯỜNG VỤ" for a unit with a standing committee, else "TM. BAN CHẤP HÀNH"."""
    return ON_BEHALF_STANDING if has_standing_committee(kind_code) else ON_BEHALF_EXECUTIVE


def short_name(kind_code: str, name: str) -> str:
    """How the recipients line names the unit's own committee: "Tỉnh đoàn" for "Tỉnh đoàn Trà Vinh",
    "Huyện đoàn" for "Huyện đoàn Càng Long"; other kinds keep their full name."""
    for prefix in ("Tỉnh đoàn", "Thành đoàn", "Huyện đoàn", "Thị đoàn", "Quận đoàn"):
        if name.startswith(prefix + " "):
            return prefix
    return name


def recipients(*, kind_code: str, name: str, parent_name: str | None, party_committee: str = "") -> list[str]:
    """Nơi nhận by level, one line each without its dash: the unit above's standing committee (the centre
    for a unit with none above), the Party committee at the same level where it is known, the standing
    committee's members where the unit has one, and the office's archive."""
    above = f"Ban Thường vụ {parent_name}" if parent_name else CENTRE
    lines = [f"{above} (để báo cáo);"]
    if party_committee.strip():
        lines.append(f"{' '.join(party_committee.split())} (để báo cáo);")
    if has_standing_committee(kind_code):
        lines.append(f"Các đồng chí Ủy viên Ban Thường vụ {short_name(kind_code, name)};")
    return [*lines, ARCHIVE]


def recipient_lines(text: str) -> list[str]:
    """Recipients typed one a line, each without the dash, bullet or space the block writes itself."""
    return [
        line.lstrip("-–•+* \t").strip() for line in paragraphs_of(text) if line.lstrip("-–•+* \t").strip()
    ]


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
    table.autofit = False
    left, right = table.rows[0].cells
    # The widths on the grid as well as the cells: LibreOffice lays the table out by its grid.
    for column, cell, width in zip(table.columns, (left, right), (Cm(7.5), Cm(8.5)), strict=True):
        column.width = cell.width = width
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
    document.add_paragraph(title_subject(data["title"], data["subject"]), style="DV Subject")


def signature_block(document, data: dict) -> None:
    """Nơi nhận beside the signature, in one row that never splits: the signer's name is never alone on
    the last page (the paragraph before the block is held to it by the caller)."""
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    paragraph = cell_paragraph(left, "Nơi nhận:", "DV Recipients", first=True, bold=True)
    paragraph.runs[0].italic = True
    for line in data["recipients"]:
        cell_paragraph(left, f"- {line.lstrip('-–• ').strip()}", "DV Recipients")
    signature = data["signature"]
    cell_paragraph(right, signature["on_behalf"], "DV Signature", first=True)
    cell_paragraph(right, signature["title"], "DV Signature")
    for _ in range(3):
        cell_paragraph(right, "", "DV Signature")
    cell_paragraph(right, signature["name"], "DV Signature")


def page_numbers(document) -> None:
    """The page number (Word field PAGE) centred in the footer of every page but the first (docs/domain.md,
    "The official form")."""
    for index, section in enumerate(document.sections):
        # Only the document's first page goes unnumbered; a later section (a landscape table) shares the
        # first section's footer, so the field is written once.
        section.different_first_page_header_footer = index == 0
        if index and section.footer.is_linked_to_previous:
            continue
        paragraph = (
            section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        )
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == "PAGE":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = " PAGE "
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._r.append(element)
