"""The report that writes itself: its data, the Word file read back, edits, finalising and the snapshot."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook

from doanvu.accounts.models import AuditEntry
from doanvu.documents.pdf import docx_to_pdf, pdf_available
from doanvu.lib import periods
from doanvu.members.models import Position
from doanvu.reports.document import docx as docx_render
from doanvu.reports.document import (
    report_data,
    report_draft,
    report_finalise,
    report_reopen,
    report_update_sections,
)
from doanvu.reports.document.files import render_file
from doanvu.reports.models import Report
from doanvu.stats import (
    stats_json,
    unit_stats,
)

from .test_members_factories import admit
from .test_report_document_factories import activity, target

YEAR = periods.parse("2025")


@pytest.fixture
def records(tree, people):
    """Members and activities in both branches of Đoàn xã A, and one in the other district."""
    tree.province.place = "Trà Vinh"
    tree.province.save()
    for i in range(3):
        admit(tree.branch_a1, people.own, full_name=f"Nguyễn Văn Ba {i}")
    for i in range(2):
        admit(tree.branch_a2, people.sibling, full_name=f"Trần Thị Tư {i}")
    admit(tree.branch_b1, people.other_district, full_name="Lê Văn Năm")
    activity(
        tree.branch_a1,
        datetime.date(2025, 3, 5),
        title="Học tập 6 bài lý luận chính trị",
        activities=12,
        participations=196,
        funds_vnd=150_000_000,
    )
    activity(
        tree.branch_a2,
        datetime.date(2025, 4, 6),
        area="movements",
        movement="chu-nhat-xanh",
        title="Ra quân Ngày chủ nhật xanh",
        participations=30,
        gifts=3,
        gifts_value_vnd=5_000_000,
    )
    activity(
        tree.branch_a2,
        datetime.date(2025, 7, 20),
        area="movements",
        movement="hien-mau",
        title="Hiến máu nhân đạo",
        participations=15,
        blood_donors=15,
        blood_units=14,
    )
    activity(tree.branch_b1, datetime.date(2025, 5, 1), participations=999)
    return tree


def docx_of(data) -> Document:
    return Document(io.BytesIO(docx_render.render_docx(data)))


def number(text: str) -> Decimal | None:
    """A table cell back into a number: "2.145" → 2145, "95%" → 95, "–" → None."""
    text = text.strip().rstrip("%")
    if text in ("–", ""):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def test_the_heading_block_follows_the_official_format(records, people):
    Position.objects.create(
        member=admit(records.branch_a1, people.own, full_name="Phạm Quốc Trọng"),
        unit=records.grassroots_a,
        title=Position.Title.SECRETARY,
        start_on=datetime.date(2022, 1, 1),
    )
    report = report_draft(unit=records.grassroots_a, period=YEAR, by=people.above)
    report.issued_on = datetime.date(2025, 12, 15)
    report.save()
    data = report_data(unit=records.grassroots_a, period=YEAR)
    assert data["heading"] == "ĐOÀN TNCS HỒ CHÍ MINH"
    # A commune union's heading names the district union above it, then its own committee.
    assert data["issuer"] == "HUYỆN ĐOÀN A\nBCH ĐOÀN XÃ A"
    assert data["number"] == "Số:    -BC/ĐTN"
    # The place comes from the nearest unit above that has one.
    assert data["place_date"] == "Trà Vinh, ngày 15 tháng 12 năm 2025"
    assert data["subject"] == "Kết quả công tác Đoàn và phong trào thanh thiếu nhi năm 2025"
    assert data["signature"] == {
        "on_behalf": "TM. BAN CHẤP HÀNH",
        "title": "BÍ THƯ",
        "name": "Phạm Quốc Trọng",
    }
    assert data["recipients"] == ["Ban Thường vụ Huyện đoàn A (để báo cáo);", "Lưu VP."]


def test_one_chapter_per_work_area_in_report_order_written_from_the_records(records):
    data = report_data(unit=records.grassroots_a, period=YEAR)
    assert [c["code"] for c in data["chapters"]] == [
        "education",
        "movements",
        "companion",
        "children",
        "international",
        "union_building",
        "party_building",
        "inspection",
    ]
    chapters = {c["code"]: c["text"] for c in data["chapters"]}
    assert chapters["education"].startswith(
        "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia, tổng kinh phí 150 triệu đồng."
    )
    movements = chapters["movements"]
    assert movements.startswith(
        "Các phong trào hành động cách mạng được triển khai qua 02 hoạt động với 45 lượt đoàn viên tham gia."
    )
    assert "Trao tặng 03 phần quà trị giá 5 triệu đồng." in movements
    assert "Tiêu biểu: Ra quân Ngày chủ nhật xanh; Hiến máu nhân đạo." in movements
    assert "Có 15 lượt đoàn viên, thanh niên tham gia hiến máu, hiến được 14 đơn vị máu." in movements
    assert "999" not in " ".join(chapters.values())  # the other district's activity is not ours
    assert chapters["international"] == (
        "Trong năm 2025, chưa có hoạt động, số liệu nào được ghi nhận ở mặt công tác này."
    )


def test_the_party_chapter_states_the_achievement_of_the_target(records, people):
    target(records.grassroots_a, "members_admitted", "2025", 4)
    data = report_data(unit=records.grassroots_a, period=YEAR)
    stats = unit_stats(unit=records.grassroots_a, period=YEAR)
    admitted = stats.values["members_admitted"]
    row = next(t for t in data["targets"] if t["code"] == "members_admitted")
    assert row["target"] == 4 and row["value"] == int(admitted)
    assert row["achievement"] == float(Decimal(admitted) * 100 / 4)


def test_the_figures_in_the_word_file_equal_the_stats_of_the_same_unit_and_period(records):
    stats = stats_json(unit_stats(unit=records.grassroots_a, period=YEAR))
    document = docx_of(report_data(unit=records.grassroots_a, period=YEAR))
    text = "\n".join(p.text for p in document.paragraphs)
    values = stats["values"]
    assert f"với {values['members']:02d} đoàn viên" in text
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia" in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Đơn vị")
    header = [c.text for c in table.rows[0].cells]
    codes = ["members", "party_members", "members_admitted", "activities", "participations", "funds_vnd"]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    for child in stats["children"]:
        cells = rows[child["name"]]
        for code in codes:
            column = next(
                i
                for i, h in enumerate(header)
                if (
                    h == "Đoàn viên"
                    if code == "members"
                    else h.startswith(
                        {
                            "party_members": "Đảng viên",
                            "members_admitted": "Đoàn viên mới",
                            "activities": "Số cuộc",
                            "participations": "Lượt",
                            "funds_vnd": "Kinh phí",
                        }[code]
                    )
                )
            )
            expected = child["values"][code]
            if expected is not None and code == "funds_vnd":  # written in millions of đồng
                assert header[column].endswith("(triệu đồng)")
                expected = (Decimal(str(expected)) / 10**6).quantize(Decimal("0.1"))
            assert number(cells[column]) == (None if expected is None else Decimal(str(expected))), (
                child,
                code,
            )
    total = rows["Tổng cộng"]
    assert (
        number(total[header.index(next(h for h in header if h.startswith("Lượt")))])
        == values["participations"]
    )
    assert number(total[header.index("Đoàn viên")]) == values["members"]
    assert values["participations"] == 196 + 30 + 15


def test_the_word_file_is_a4_with_the_official_margins_and_font(records):
    document = docx_of(report_data(unit=records.branch_a1, period=YEAR))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 20]
    heading = document.styles["DV Heading"]
    assert (heading.font.name, heading.font.size.pt, heading.font.bold) == ("Times New Roman", 15, True)
    assert document.styles["DV Issuer"].font.size.pt == 14
    assert document.styles["DV Place Date"].font.italic is True
    assert document.styles["Normal"].font.size.pt == 14
    head = document.tables[0]
    assert head.rows[0].cells[1].paragraphs[0].text == "ĐOÀN TNCS HỒ CHÍ MINH"
    assert "BCH CHI ĐOÀN A1" in head.rows[0].cells[0].text


def test_the_xlsx_form_holds_every_indicator_by_subunit(records):
    data = report_data(unit=records.grassroots_a, period=YEAR)
    sheet = load_workbook(io.BytesIO(render_file(unit=records.grassroots_a, data=data, fmt="xlsx").content))[
        "Thống kê"
    ]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    header = rows[header_at]
    assert header[:6] == (
        "STT",
        "Mã chỉ số",
        "Chỉ số",
        "Đơn vị tính",
        "Toàn đơn vị",
        "Cấp Đoàn xã A trực tiếp",
    )
    assert header[6:] == ("Chi đoàn A1", "Chi đoàn A2")
    by_code = {row[1]: row for row in rows[header_at + 1 :]}
    stats = stats_json(unit_stats(unit=records.grassroots_a, period=YEAR))
    assert set(by_code) == set(stats["values"])
    for code, value in stats["values"].items():
        assert by_code[code][4] == value
        assert by_code[code][6] == stats["children"][0]["values"][code]


def test_the_officers_edits_are_kept_and_regenerating_a_chapter_writes_it_again(records, people):
    report = report_draft(unit=records.branch_a1, period=YEAR, by=people.own)
    report_update_sections(
        report=report,
        by=people.own,
        chapters={"education": "Chi đoàn tổ chức học tập nghị quyết.\nĐoàn viên tham gia đầy đủ."},
        sections={"results": "Hoàn thành tốt các chỉ tiêu.", "direction": "Tiếp tục phát huy."},
        header={"number": "Số: 12-BC/CĐ", "issued_on": datetime.date(2025, 12, 20)},
    )
    activity(records.branch_a1, datetime.date(2025, 9, 2), participations=40)  # the figures move on
    data = report_data(unit=records.branch_a1, period=YEAR)
    chapters = {c["code"]: c for c in data["chapters"]}
    assert chapters["education"]["text"] == "Chi đoàn tổ chức học tập nghị quyết.\nĐoàn viên tham gia đầy đủ."
    assert chapters["education"]["edited"] is True
    assert "236 lượt" in chapters["education"]["generated"]
    assert data["sections"]["results"] == "Hoàn thành tốt các chỉ tiêu."
    assert data["number"] == "Số: 12-BC/CĐ"
    paragraphs = [p.text for p in docx_of(data).paragraphs]
    assert "Đoàn viên tham gia đầy đủ." in paragraphs and "Tiếp tục phát huy." in paragraphs

    report_update_sections(report=report, by=people.own, regenerate=["education"])
    education = next(
        c for c in report_data(unit=records.branch_a1, period=YEAR)["chapters"] if c["code"] == "education"
    )
    assert education["edited"] is False
    assert education["text"].startswith("Tổ chức 13 cuộc tuyên truyền với 236 lượt đoàn viên tham gia")
    assert AuditEntry.objects.filter(action="report.edit", unit=records.branch_a1).count() == 2


def test_bad_edits_are_refused_whole_with_a_vietnamese_message(records, people):
    report = report_draft(unit=records.branch_a1, period=YEAR, by=people.own)
    with pytest.raises(ValidationError) as error:
        report_update_sections(
            report=report,
            by=people.own,
            chapters={"education": "Đã sửa", "nope": "x"},
            sections={"results": "R"},
        )
    assert "Không có mặt công tác mã «nope»." in error.value.messages
    report.refresh_from_db()
    assert report.sections == {}


def test_a_finalised_report_does_not_change_when_the_records_do(records, people):
    report = report_draft(unit=records.grassroots_a, period=YEAR, by=people.above)
    report_finalise(report=report, by=people.above)
    before = report_data(unit=records.grassroots_a, period=YEAR)
    activity(records.branch_a1, datetime.date(2025, 10, 1), area="international", participations=500)
    admit(records.branch_a1, people.own, full_name="Đoàn Viên Mới")
    after = report_data(unit=records.grassroots_a, period=YEAR)
    assert after == before
    assert after["figures"]["values"]["participations"] == 241
    assert unit_stats(unit=records.grassroots_a, period=YEAR).values["participations"] == 741
    text = "\n".join(p.text for p in docx_of(after).paragraphs)
    assert "500 lượt" not in text
    report.refresh_from_db()
    assert report.finalised_at is not None
    entry = AuditEntry.objects.get(action="report.finalise", unit=records.grassroots_a)
    assert entry.data["values"]["participations"] == 241
    with pytest.raises(ValidationError):
        report_update_sections(report=report, by=people.above, sections={"results": "Sửa sau khi chốt"})

    report_reopen(report=report, by=people.above)
    assert report_data(unit=records.grassroots_a, period=YEAR)["figures"]["values"]["participations"] == 741


def test_a_submitted_report_cannot_be_edited_or_reopened(records, people):
    report = report_draft(unit=records.branch_a1, period=YEAR, by=people.own)
    report_finalise(report=report, by=people.own)
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        report_reopen(report=report, by=people.own)
    with pytest.raises(ValidationError):
        report_update_sections(report=report, by=people.own, sections={"results": "x"})


def test_only_officers_who_may_edit_the_unit_write_its_report(records, people):
    with pytest.raises(PermissionDenied):
        report_draft(unit=records.branch_a1, period=YEAR, by=people.viewer)
    with pytest.raises(PermissionDenied):
        report_draft(unit=records.branch_a1, period=YEAR, by=people.sibling)
    report = report_draft(unit=records.branch_a1, period=YEAR, by=people.own)
    with pytest.raises(PermissionDenied):
        report_finalise(report=report, by=people.viewer)


@pytest.mark.skipif(
    not pdf_available() and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed here",
)
@pytest.mark.usefixtures("patient_libreoffice")
def test_the_pdf_is_converted_by_libreoffice(records):
    pdf = docx_to_pdf(docx_render.render_docx(report_data(unit=records.branch_a1, period=YEAR)))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


def test_every_cell_of_the_subunit_table_equals_doanvu_stats(records):
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("stats", unit="XA", period="2025", stdout=out)
    stats = json.loads(out.getvalue())
    data = report_data(unit=records.grassroots_a, period=YEAR)
    table = next(t for t in docx_of(data).tables if t.rows[0].cells[0].text == "Đơn vị")
    columns = [c["code"] for c in data["table"]["columns"]]
    assert len(table.rows[0].cells) == len(columns) + 1
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
    expected = {child["name"]: child["values"] for child in stats["children"]} | {
        "Tổng cộng": stats["values"]
    }
    for name, values in expected.items():
        for code, text in zip(columns, rows[name], strict=True):
            want = values[code]
            if want is not None and code.endswith("_vnd"):  # amounts are written in millions of đồng
                want = (Decimal(str(want)) / 10**6).quantize(Decimal("0.1"))
            assert number(text) == (None if want is None else Decimal(str(want))), (name, code, text)
