"""The member list as an Excel workbook: Vietnamese headers, one row per member, dates as real dates shown
dd/mm/yyyy. Written in openpyxl's write-only mode, so a province's 5,000 rows stay light."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font

from doanvu.documents import xlsx

from .models import DuesCategory, Gender, Member, PartyStage, Position, Status

DATE_FORMAT = "DD/MM/YYYY"


def _labels(choices) -> dict[str, str]:
    """Choice labels translated once per file, not once per cell."""
    return {value: str(label) for value, label in choices}


def _columns() -> list[tuple[str, object]]:
    """(header, value of a member); None numbers the rows."""
    gender, status = _labels(Gender.choices), _labels(Status.choices)
    dues = _labels(DuesCategory.choices)
    party, titles = _labels(PartyStage.choices), _labels(Position.Title.choices)

    def positions(m: Member) -> str:
        return "; ".join(f"{titles[p.title]} {p.unit.name}" for p in getattr(m, "current_positions", ()))

    return [
        (_("STT"), None),
        (_("Họ và tên"), lambda m: m.full_name),
        (_("Ngày sinh"), lambda m: m.date_of_birth),
        (_("Giới tính"), lambda m: gender.get(m.gender, m.gender)),
        (_("Dân tộc"), lambda m: m.ethnicity),
        (_("Tôn giáo"), lambda m: m.religion),
        (_("Số CCCD"), lambda m: m.citizen_id),
        (_("Quê quán"), lambda m: m.hometown),
        (_("Nơi ở hiện nay"), lambda m: m.residence),
        (_("Điện thoại"), lambda m: m.phone),
        (_("Thư điện tử"), lambda m: m.email),
        (_("Ngày vào Đoàn"), lambda m: m.joined_on),
        (_("Nơi vào Đoàn"), lambda m: m.joined_place),
        (_("Số thẻ đoàn viên"), lambda m: m.card_number),
        (_("Trình độ học vấn"), lambda m: m.education_level),
        (_("Trình độ chuyên môn"), lambda m: m.qualification),
        (_("Trình độ lý luận chính trị"), lambda m: m.political_theory),
        (_("Nghề nghiệp"), lambda m: m.occupation),
        # Empty when not recorded (the dues module then goes by the occupation), as the import reads it.
        (_("Đối tượng đóng đoàn phí"), lambda m: dues.get(m.dues_category, m.dues_category)),
        (_("Mã đơn vị"), lambda m: m.unit.code),
        (_("Chi đoàn"), lambda m: m.unit.name),
        (_("Tình trạng"), lambda m: status.get(m.status, m.status)),
        (_("Đảng"), lambda m: party[m.party_stage] if m.party_stage else ""),
        (_("Ngày kết nạp Đảng"), lambda m: m.party_probationary_on),
        (_("Chức vụ hiện nay"), positions),
    ]


def members_xlsx(members: Iterable[Member], *, title: str) -> bytes:
    """Every value goes through doanvu.documents.xlsx: names and places that begin with "=" stay text."""
    book = xlsx.workbook(write_only=True)
    sheet = book.create_sheet(str(_("Đoàn viên")))
    sheet.freeze_panes = "C3"
    xlsx.append(sheet, [xlsx.cell(sheet, title, font=Font(bold=True, size=13))])
    columns = _columns()
    bold = Font(bold=True)
    xlsx.append(sheet, [xlsx.cell(sheet, str(header), font=bold) for header, _value in columns])
    for number, member in enumerate(members, start=1):
        values = [number if value is None else value(member) for _header, value in columns]
        # Only dates need a cell of their own: a real date, shown dd/mm/yyyy.
        xlsx.append(
            sheet,
            [
                xlsx.cell(sheet, v, number_format=DATE_FORMAT) if isinstance(v, datetime.date) else v
                for v in values
            ],
        )
    return xlsx.to_bytes(book)
