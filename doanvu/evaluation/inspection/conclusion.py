"""The inspection's conclusion as an official document (Thông báo kết luận kiểm tra), DOCX and PDF.

The format of Hướng dẫn 29-HD/TWĐTN-VP, written with the document toolkit (doanvu.documents: the unit's
Word template — A4, margins 20/20/30/20 mm, Times New Roman —, its paragraph styles, the official heading
and signature blocks): the heading "ĐOÀN TNCS HỒ CHÍ MINH", the issuing body, "Số: 15-TB/ĐTN", place and date in italics,
"THÔNG BÁO" and the subject "Kết luận kiểm tra …"; the body refers to the plan (number, date, the days of
the visits, "11/11 đơn vị"), gives the results with the table of units, scores, ranks and proposed levels,
the common strengths and shortcomings, then the recommendations numbered "Một là, …", "Hai là, …"; the
signature block and "Nơi nhận".

conclusion_data(plan) is the one structure the page and the files render.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from doanvu.documents import official, word
from doanvu.documents.files import DocumentFile
from doanvu.documents.pdf import docx_to_pdf
from doanvu.documents.templates import open_document, template_for
from doanvu.evaluation.models import (
    InspectionPlan,
    InspectionVisit,
    Level,
)
from doanvu.lib import vnnumbers as vn
from doanvu.org.models import OrgUnit

TITLE = "THÔNG BÁO"
DOCUMENT_TYPE = "TB"
ORDINALS = [
    "Một",
    "Hai",
    "Ba",
    "Bốn",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười một",
    "Mười hai",
    "Mười ba",
    "Mười bốn",
    "Mười lăm",
    "Mười sáu",
    "Mười bảy",
    "Mười tám",
    "Mười chín",
    "Hai mươi",
]
TABLE_HEADER = ["Đơn vị", "Điểm tự chấm", "Điểm kiểm tra", "Xếp hạng", "Đề xuất xếp loại"]
FORMATS = ("docx", "pdf")


def ordinal(n: int) -> str:
    """1 → "Một", 15 → "Mười lăm", 20 → "Hai mươi" (the recommendations' "Một là, …")."""
    if not 1 <= n <= len(ORDINALS):
        raise ValueError(n)
    return ORDINALS[n - 1]


def _sentence(text: str) -> str:
    """A recommendation after "Một là, ": its first letter in lower case (not an acronym), a full stop."""
    text = text.strip().rstrip(";")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def numbered_recommendations(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [f"{ordinal(n)} là, {_sentence(line)}" for n, line in enumerate(lines, start=1)]


def subject(title: str) -> str:
    """ "Kết luận kiểm tra công tác Đoàn … năm 2023" from the plan's title, however it starts."""
    rest = " ".join(title.split())
    for prefix in ("về việc ", "v/v "):
        if rest.lower().startswith(prefix):
            rest = rest[len(prefix) :]
    if rest.lower().startswith("kiểm tra"):
        rest = rest[len("kiểm tra") :]
    elif rest:
        rest = " " + (rest[0].lower() + rest[1:] if len(rest) > 1 and not rest[1].isupper() else rest)
    return f"Kết luận kiểm tra{rest}"


def _span(start: datetime.date, end: datetime.date) -> str:
    """ "từ ngày 02/11 đến ngày 10/11/2023" (the year once when both days share it)."""
    first = start.strftime("%d/%m") if start.year == end.year else start.strftime("%d/%m/%Y")
    return f"từ ngày {first} đến ngày {end.strftime('%d/%m/%Y')}"


def points(value) -> str:
    """19 → "19", 13.50 → "13,5", None → "–"."""
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    return vn.group(number, max(0, -number.as_tuple().exponent))


def ranked_visits(plan: InspectionPlan) -> list[InspectionVisit]:
    visits = plan.visits.select_related("unit", "assessment")
    return sorted(visits, key=lambda v: (v.rank is None, v.rank or 0, v.unit.path))


def _above(unit) -> str:
    parent = OrgUnit.objects.get_parent(unit)
    return parent.name if parent else ""


def conclusion_data(plan: InspectionPlan) -> dict:
    issuer = plan.issuer
    day = plan.concluded_on or timezone.localdate()
    visits = ranked_visits(plan)
    done = sum(1 for v in visits if v.state == InspectionVisit.State.DONE)
    rows = [
        [
            v.unit.name,
            points(v.assessment.self_total if v.assessment else None),
            points(v.final_score),
            str(v.rank) if v.rank else "–",
            Level(v.proposed_level).label if v.proposed_level else "–",
        ]
        for v in visits
    ]
    reference = (
        f"Thực hiện Kế hoạch số {plan.number}, ngày {plan.issued_on.strftime('%d/%m/%Y')} của Ban Thường vụ "
        f"{issuer.name} “{plan.title}”, {_span(plan.start_on, plan.end_on)}, Đoàn Kiểm tra của Ban Thường vụ "
        f"{issuer.name} đã tiến hành kiểm tra đối với {vn.ratio(done, len(visits))} đơn vị. "
        f"Ban Thường vụ {issuer.name} thông báo kết luận kiểm tra như sau:"
    )
    recipients = [line.strip() for line in (plan.recipients or "").splitlines() if line.strip()]
    return {
        "plan_id": plan.pk,
        "heading": official.HEADING,
        "issuer": official.issuer_name(issuer.kind.code, issuer.name, _above(issuer)),
        "number": f"Số: {plan.conclusion_number}"
        if plan.conclusion_number
        else official.number_line(issuer.kind.code, DOCUMENT_TYPE),
        "place_date": official.place_date(official.place_of(issuer), day),
        "title": TITLE,
        "subject": subject(plan.title),
        "reference": reference,
        "units_inspected": vn.ratio(done, len(visits)),
        "results": official.paragraphs_of(plan.results_summary),
        "table": {"header": TABLE_HEADER, "rows": rows},
        "strengths": official.paragraphs_of(plan.common_strengths),
        "shortcomings": official.paragraphs_of(plan.common_shortcomings),
        "recommendations_intro": (
            f"Qua kiểm tra, Ban Thường vụ {issuer.name} đề nghị Ban Thường vụ các đơn vị được kiểm tra "
            "thực hiện tốt các nội dung sau:"
        ),
        "recommendations": numbered_recommendations(plan.recommendations),
        "signature": {
            "on_behalf": official.on_behalf(issuer.kind.code),
            "title": (plan.signer_title or official.SIGNER_TITLE).upper(),
            "name": plan.signer_name,
        },
        "recipients": recipients or ["Các đơn vị được kiểm tra;", official.ARCHIVE],
    }


def _section(document, heading: str, paragraphs: list[str]) -> None:
    document.add_paragraph(heading, style="DV Section")
    for text in paragraphs or [official.EMPTY_SECTION]:
        document.add_paragraph(text, style="Normal")


def render_docx(plan: InspectionPlan, data: dict | None = None) -> bytes:
    data = data or conclusion_data(plan)
    document = open_document(template_for(plan.issuer))
    official.heading_block(document, data)
    document.add_paragraph(data["reference"], style="Normal")
    document.add_paragraph("I. KẾT QUẢ KIỂM TRA", style="DV Section")
    for text in data["results"]:
        document.add_paragraph(text, style="Normal")
    word.table(document, word.Table(data["table"]["header"], data["table"]["rows"]))
    _section(document, "II. ƯU ĐIỂM", data["strengths"])
    _section(document, "III. HẠN CHẾ", data["shortcomings"])
    document.add_paragraph("IV. KIẾN NGHỊ", style="DV Section")
    document.add_paragraph(data["recommendations_intro"], style="Normal")
    for text in data["recommendations"] or [official.EMPTY_SECTION]:
        document.add_paragraph(text, style="Normal")
    official.signature_block(document, data)
    official.page_numbers(document)
    return word.to_bytes(document, title=f"{data['title']} {data['subject']}", author=plan.issuer.name)


def conclusion_file(plan: InspectionPlan, fmt: str) -> DocumentFile:
    """The conclusion as "docx" or "pdf"; ValueError for another format, PdfUnavailable without LibreOffice."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    content = render_docx(plan)
    if fmt == "pdf":
        content = docx_to_pdf(content)
    return DocumentFile.of(
        content, fmt, f"ket-luan-kiem-tra-{plan.issuer.code}-{plan.start_on.year}-{plan.pk}"
    )
