"""A member's own record as an Excel workbook (doanvu.documents.xlsx: every cell a safe value, no formula):
the record, its history, dues, meetings, evaluations and training."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doanvu.documents import xlsx
from doanvu.members.models import Member
from doanvu.members.proposal_models import PROPOSABLE_FIELDS
from doanvu.members.timeline import member_timeline

RECORD_FIELDS = (*PROPOSABLE_FIELDS, "joined_on", "joined_place", "card_number")


def _value(member: Member, name: str):
    field = Member._meta.get_field(name)
    value = getattr(member, name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value if value not in (None, "") else ""


def _sheet(book, title: str, heads: list[str], rows, widths: list[float], first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    for column, head in enumerate(heads, start=1):
        xlsx.put(sheet, 1, column, head)
    xlsx.header_row(sheet, 1, len(heads))
    for row in rows:
        xlsx.append(sheet, row)
    xlsx.column_widths(sheet, widths)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    return sheet


def record_xlsx(member: Member, data: dict) -> bytes:
    book = xlsx.workbook()
    fields = [
        (capfirst(str(Member._meta.get_field(n).verbose_name)), _value(member, n)) for n in RECORD_FIELDS
    ]
    fields += [(_("Chi đoàn"), member.unit.name), (_("Tình trạng"), member.get_status_display())]
    _sheet(book, _("Hồ sơ"), [_("Thông tin"), _("Nội dung")], fields, [30, 50], first=True)
    history = [
        (item.day, item.title, item.note, "; ".join(f"{c.label}: {c.old} → {c.new}" for c in item.changes))
        for item in member_timeline(member)
    ]
    _sheet(
        book, _("Lịch sử"), [_("Ngày"), _("Nội dung"), _("Ghi chú"), _("Thay đổi")], history, [12, 50, 30, 60]
    )
    dues = [
        (m.label, m.paid.paid_on if m.paid else "", m.amount, _("Đã đóng") if m.paid else _("Còn nợ"))
        for m in data["dues_months"]
    ]
    _sheet(
        book,
        _("Đoàn phí"),
        [_("Tháng"), _("Ngày đóng"), _("Số tiền (đồng)"), _("Tình trạng")],
        dues,
        [10, 12, 16, 12],
    )
    meetings = [
        (
            a.meeting.held_on,
            a.meeting.topic,
            _("Có mặt") if a.present else (_("Vắng có lý do") if a.excused else _("Vắng")),
        )
        for a in data["attendances"]
    ]
    _sheet(book, _("Sinh hoạt"), [_("Ngày"), _("Nội dung"), _("Điểm danh")], meetings, [12, 50, 16])
    evaluations = [
        (e.year, e.get_self_level_display(), e.get_proposed_level_display(), e.get_decided_level_display())
        for e in data["evaluations"]
    ]
    heads = [_("Năm"), _("Tự đánh giá"), _("Chi đoàn đề xuất"), _("Xếp loại")]
    _sheet(book, _("Đánh giá"), heads, evaluations, [8, 30, 30, 30])
    trainings = [(t.year, t.registered_on, t.commitments, t.get_result_display()) for t in data["trainings"]]
    heads = [_("Năm"), _("Ngày đăng ký"), _("Nội dung đăng ký"), _("Kết quả")]
    _sheet(book, _("Rèn luyện"), heads, trainings, [8, 12, 50, 14])
    return xlsx.to_bytes(book)
