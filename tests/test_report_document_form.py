"""The report an officer signs: the official form by level (number, title, Nơi nhận, signature, page
numbers), the parts IV–VI drafted from the figures, and the officer's edits that outlive the figures."""

import datetime
import io
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn

from doanvu.documents import official
from doanvu.lib import periods
from doanvu.members.models import Position
from doanvu.reports.document import docx as docx_render
from doanvu.reports.document import layout, prose, report_data, report_draft, report_update_sections
from doanvu.reports.document.assessment import next_period, same_period_last_year
from doanvu.reports.document.prose import assessment as drafting
from doanvu.reports.document.prose.assessment import AssessmentFigures, Figure
from doanvu.reports.models import Report

from .test_members_factories import admit
from .test_report_document_factories import activity, target

YEAR = periods.parse("2025")


def figures(**changes) -> AssessmentFigures:
    base = dict(unit_name="Chi đoàn A1", period_label="năm 2025", next_label="năm 2026", annual=True)
    return AssessmentFigures(**(base | changes))


ADMITTED = Figure("Đoàn viên mới kết nạp", "đoàn viên", 45, 40)
PROJECTS = Figure("Công trình, phần việc thanh niên thực hiện", "công trình", 23, 29)


# ---------------------------------------------------------------------------------------------------------
# The drafted sentences


def test_a_target_met_and_one_missed_are_written_with_their_percentage_and_base():
    f = figures(targets=[ADMITTED, PROJECTS])
    assert "Hoàn thành 01/02 chỉ tiêu được giao: đoàn viên mới kết nạp 45/40 đoàn viên, đạt 112,5%." in (
        drafting.strengths(f)
    )
    assert drafting.shortcomings(f)[0] == (
        "Còn 01/02 chỉ tiêu chưa đạt: công trình, phần việc thanh niên thực hiện 23/29 công trình, đạt 79,3%."
    )
    assert drafting.causes(f)[0] == (
        "Việc theo dõi, đôn đốc tiến độ trong kỳ chưa thường xuyên đối với chỉ tiêu công trình, phần việc "
        "thanh niên thực hiện."
    )
    assert "Tập trung thực hiện các chỉ tiêu còn chưa đạt: công trình, phần việc thanh niên thực hiện." in (
        drafting.direction(f)
    )


def test_a_rise_and_a_fall_against_last_year_each_say_from_what_to_what():
    activities = Figure("Số cuộc, buổi hoạt động", "cuộc", 112, 100)
    funds = Figure("Kinh phí thực hiện, vận động", "đồng", Decimal(4_190_000_000), Decimal(5_000_000_000))
    f = figures(changes=[activities, funds])
    assert drafting.strengths(f) == [
        "So với cùng kỳ năm trước, số cuộc, buổi hoạt động tăng 12 (từ 100 lên 112, tăng 12%)."
    ]
    # One money scale in the sentence: both amounts in "tỷ đồng".
    assert drafting.shortcomings(f) == [
        "So với cùng kỳ năm trước, kinh phí thực hiện, vận động giảm từ 5 tỷ đồng xuống 4,19 tỷ đồng "
        "(giảm 16,2%)."
    ]
    # Small counts swing by chance: 03 → 01 is not written.
    assert drafting.falls(figures(changes=[Figure("Đoàn viên được kết nạp Đảng", "đồng chí", 1, 3)])) == []


def test_dues_arrears_and_low_attendance_are_limitations_with_their_base():
    f = figures(
        members=16,
        in_arrears=3,
        meetings_held=10,
        attendance_pct=Decimal("72.5"),
        attendances=116,
        expected=160,
    )
    assert drafting.shortcomings(f) == [
        "Tỷ lệ đoàn viên dự sinh hoạt bình quân mới đạt 72,5% (116/160 lượt).",
        "Còn 03/16 đoàn viên chưa đóng đủ đoàn phí (18,8% số đoàn viên).",
    ]
    assert drafting.causes(f) == [
        "Việc duy trì sinh hoạt và thu, nộp đoàn phí hằng tháng ở một số chi đoàn chưa nền nếp."
    ]
    # A member or two in arrears points at the collection, not at the branches' routine.
    assert drafting.causes(figures(members=345, in_arrears=1)) == [
        "Việc đôn đốc thu đoàn phí ở một số chi đoàn chưa kịp thời."
    ]
    # A branch speaks of itself.
    assert drafting.causes(figures(in_arrears=3, branch=True)) == [
        "Việc duy trì sinh hoạt và thu, nộp đoàn phí hằng tháng chưa nền nếp."
    ]


def test_an_open_data_warning_is_quoted_as_the_check_words_it():
    said = "«Công trình, phần việc thanh niên thực hiện» (6) lớn hơn «Công trình, phần việc thanh niên đăng ký» (3)."
    assert drafting.shortcomings(figures(open_warnings=1, warnings=[said])) == [
        "Còn 01 cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình: «Công trình, phần việc thanh niên "
        "thực hiện» (6) lớn hơn «Công trình, phần việc thanh niên đăng ký» (3)."
    ]
    three = drafting.shortcomings(figures(open_warnings=3, warnings=["A.", "B.", "C."]))
    assert three == [
        "Còn 03 cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình: A; B; và 01 cảnh báo khác."
    ]


def test_a_late_subunit_and_one_not_reporting_are_named():
    f = figures(subunits=5, late=["Chi đoàn B1"], missing=["Chi đoàn B2", "Chi đoàn B3"], open_warnings=2)
    assert drafting.shortcomings(f) == [
        "Có 01/05 đơn vị trực thuộc gửi báo cáo muộn (Chi đoàn B1); 02/05 đơn vị chưa gửi báo cáo "
        "(Chi đoàn B2, Chi đoàn B3).",
        "Còn 02 cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình.",
    ]
    on_time = figures(subunits=5)
    assert "05/05 đơn vị trực thuộc gửi báo cáo đúng hạn." in drafting.strengths(on_time)


def test_the_direction_names_the_next_periods_targets_and_the_movements_in_quotes():
    f = figures(
        above="Ban Thường vụ Đoàn xã A",
        next_targets=[Figure("Đoàn viên mới kết nạp", "đoàn viên", None, 50)],
        movements=["Ngày chủ nhật xanh", "Chiến dịch Kỳ nghỉ hồng"],
    )
    assert drafting.direction(f) == [
        "Tiếp tục triển khai Chương trình công tác Đoàn và phong trào thanh thiếu nhi năm 2026 theo chỉ đạo "
        "của Ban Thường vụ Đoàn xã A.",
        "Phấn đấu đạt các chỉ tiêu năm 2026: đoàn viên mới kết nạp 50 đoàn viên.",
        "Tiếp tục đẩy mạnh “Ngày chủ nhật xanh”, Chiến dịch “Kỳ nghỉ hồng”.",
    ]


def test_the_direction_names_the_campaigns_already_on_next_years_calendar(tree, people):
    activity(tree.branch_a1, datetime.date(2025, 5, 5), movement="chu-nhat-xanh", participations=20)
    activity(tree.branch_a1, datetime.date(2025, 6, 5), movement="ky-nghi-hong", participations=20)
    activity(tree.branch_a1, datetime.date(2026, 7, 1), movement="tntn-he", participations=30)
    activity(tree.branch_a1, datetime.date(2026, 7, 8), movement="ky-nghi-hong", participations=30)
    direction = report_data(unit=tree.grassroots_a, period=YEAR)["sections"]["direction"].splitlines()
    assert (
        "Triển khai các hoạt động đã có trong kế hoạch năm 2026, hưởng ứng Chiến dịch “Kỳ nghỉ hồng”, "
        "Chiến dịch “Thanh niên tình nguyện hè”." in direction
    )
    # This year's other movements are carried on, without naming a planned one twice.
    assert "Tiếp tục đẩy mạnh “Ngày chủ nhật xanh”." in direction


def test_lessons_are_drawn_only_in_annual_and_term_reports():
    assert drafting.lessons(figures(annual=True))
    assert drafting.lessons(figures(annual=False)) == []


def test_the_lesson_on_targets_says_what_worked_or_what_was_missing():
    blood = Figure("Đơn vị máu hiến được", "đơn vị máu", 0, 1)
    course = Figure("Thanh niên học lớp cảm tình Đoàn", "người", 0, 1)
    assert drafting.lessons(figures(targets=[ADMITTED, PROJECTS]))[0] == (
        "Bám sát chương trình công tác và các chỉ tiêu được giao, theo dõi tiến độ thường xuyên: 01/02 chỉ "
        "tiêu đã hoàn thành."
    )
    assert drafting.lessons(figures(targets=[ADMITTED, PROJECTS, blood, course]))[0] == (
        "Cần bám sát chương trình công tác và các chỉ tiêu được giao, theo dõi tiến độ thường xuyên hơn ngay "
        "từ đầu kỳ: mới hoàn thành 01/04 chỉ tiêu."
    )


def test_no_drafted_limitation_opens_on_a_figure():
    f = figures(members=16, in_arrears=3, subunits=5, late=["Chi đoàn B1"], targets=[PROJECTS])
    assert all(not line[0].isdigit() for line in drafting.shortcomings(f))


def test_the_period_compared_and_the_period_directed_follow_the_periods_kind():
    assert same_period_last_year(periods.parse("2025Q2")).code == "2024Q2"
    assert same_period_last_year(periods.parse("NH2025-2026")).code == "NH2024-2025"
    assert next_period(periods.parse("2025")).label == "năm 2026"
    assert next_period(periods.parse("2025Q4")).label == "quý I/2026"
    assert next_period(periods.parse("2025M9")).label == "quý IV/2025"


# ---------------------------------------------------------------------------------------------------------
# The frame by level


def test_provincial_and_district_unions_sign_for_the_standing_committee_branches_for_the_executive():
    assert official.on_behalf("province") == "TM. BAN THƯỜNG VỤ"
    assert official.on_behalf("district") == "TM. BAN THƯỜNG VỤ"
    assert official.on_behalf("bloc") == "TM. BAN THƯỜNG VỤ"
    assert official.on_behalf("grassroots") == "TM. BAN CHẤP HÀNH"
    assert official.on_behalf("branch") == "TM. BAN CHẤP HÀNH"


def test_noi_nhan_by_level_names_the_unit_above_the_party_committee_and_the_standing_committee():
    assert official.recipients(
        kind_code="province",
        name="Tỉnh đoàn Trà Vinh",
        parent_name=None,
        party_committee="Thường trực Tỉnh ủy",
    ) == [
        "Ban Bí thư Trung ương Đoàn (để báo cáo);",
        "Thường trực Tỉnh ủy (để báo cáo);",
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh đoàn;",
        "Lưu VP.",
    ]
    assert official.recipients(
        kind_code="district", name="Huyện đoàn Càng Long", parent_name="Tỉnh đoàn Trà Vinh"
    ) == [
        "Ban Thường vụ Tỉnh đoàn Trà Vinh (để báo cáo);",
        "Các đồng chí Ủy viên Ban Thường vụ Huyện đoàn;",
        "Lưu VP.",
    ]
    assert official.recipients(
        kind_code="branch", name="Chi đoàn A1", parent_name="Đoàn xã A", party_committee="Chi bộ ấp 1"
    ) == ["Ban Thường vụ Đoàn xã A (để báo cáo);", "Chi bộ ấp 1 (để báo cáo);", "Lưu VP."]
    # Lines typed with their dash keep one dash on paper.
    assert official.recipient_lines("- Ban Thường vụ Huyện đoàn A;\n– Lưu VP.") == [
        "Ban Thường vụ Huyện đoàn A;",
        "Lưu VP.",
    ]


def test_the_number_line_says_so_once_whatever_was_typed():
    assert official.number_line("district", "BC", "") == "Số:    -BC/HĐTN"
    assert official.number_line("district", "BC", "12") == "Số: 12-BC/HĐTN"
    assert official.number_line("district", "BC", "12-BC/HĐTN") == "Số: 12-BC/HĐTN"
    assert official.number_line("district", "BC", "Số: 12-BC/HĐTN") == "Số: 12-BC/HĐTN"
    assert (
        official.title_subject("BÁO CÁO", "Báo cáo kết quả công tác năm 2025") == "Kết quả công tác năm 2025"
    )


def test_each_level_signs_with_its_officers_name_or_a_blank_line(tree, people):
    Position.objects.create(
        member=admit(tree.branch_a1, people.own, full_name="Lê Thị Hoa"),
        unit=tree.district_a,
        title=Position.Title.DEPUTY,
        start_on=datetime.date(2024, 1, 1),
    )
    district = report_data(unit=tree.district_a, period=YEAR)
    assert district["signature"] == {
        "on_behalf": "TM. BAN THƯỜNG VỤ",
        "title": "PHÓ BÍ THƯ",
        "name": "Lê Thị Hoa",
    }
    assert district["recipients"] == [
        "Ban Thường vụ Tỉnh đoàn Test (để báo cáo);",
        "Các đồng chí Ủy viên Ban Thường vụ Huyện đoàn;",
        "Lưu VP.",
    ]
    branch = report_data(unit=tree.branch_a1, period=YEAR)
    assert branch["signature"] == {"on_behalf": "TM. BAN CHẤP HÀNH", "title": "BÍ THƯ", "name": ""}
    assert branch["recipients"] == ["Ban Thường vụ Đoàn xã A (để báo cáo);", "Lưu VP."]
    province = report_data(unit=tree.province, period=YEAR)
    assert province["signature"]["on_behalf"] == "TM. BAN THƯỜNG VỤ"
    assert province["recipients"][0] == "Ban Bí thư Trung ương Đoàn (để báo cáo);"


# ---------------------------------------------------------------------------------------------------------
# The Word file


def paragraphs(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def test_the_word_file_says_bao_cao_once_with_the_saved_number_and_page_numbers_from_page_two(tree, people):
    report = report_draft(unit=tree.district_a, period=YEAR, by=people.above)
    report_update_sections(
        report=report,
        by=people.above,
        header={
            "number": "15",
            "subject": "Báo cáo kết quả công tác Đoàn năm 2025",
            "recipients": "- Ban Thường vụ Tỉnh đoàn Test;\n- Lưu VP.",
        },
    )
    content = docx_render.render_docx(report_data(unit=tree.district_a, period=YEAR))
    texts = paragraphs(content)
    assert [t for t in texts if "báo cáo" == t.strip().lower()] == ["BÁO CÁO"]
    assert "Kết quả công tác Đoàn năm 2025" in texts
    assert "Số: 15-BC/HĐTN" in texts
    assert "- Ban Thường vụ Tỉnh đoàn Test;" in texts
    assert not [t for t in texts if t.startswith("- -")]
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.footer._element.xml


def test_the_signers_name_is_never_alone_on_the_last_page(tree, people):
    content = docx_render.render_docx(report_data(unit=tree.district_a, period=YEAR))
    document = Document(io.BytesIO(content))
    block = document.tables[-1]
    assert block.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    # Nơi nhận and the signature are one row that never splits across pages …
    assert block.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    # … and the closing sentence goes to the page they are on.
    closing = next(p for p in document.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.paragraph_format.keep_with_next


def test_parts_four_to_six_are_written_without_a_dotted_placeholder_and_close_the_report(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Một")
    activity(
        tree.branch_a1, datetime.date(2025, 3, 5), title="Học tập lý luận", activities=4, participations=40
    )
    target(tree.grassroots_a, "members_admitted", "2025", 4)
    data = report_data(unit=tree.grassroots_a, period=YEAR)
    blocks = layout.body(data)
    headings = [b.heading for b in blocks]
    assert headings[-3:] == [
        "IV. ĐÁNH GIÁ CHUNG",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert [p.heading for p in blocks[-3].parts] == [
        "1. Ưu điểm",
        "2. Hạn chế",
        "3. Nguyên nhân của hạn chế",
        "4. Bài học kinh nghiệm",
    ]
    written = [p for b in blocks[-3:] for part in [b, *b.parts] for p in part.paragraphs]
    assert written and not [p for p in written if "……" in p]
    assert "Còn 01/01 chỉ tiêu chưa đạt: đoàn viên mới kết nạp 0/04 đoàn viên, đạt 0%." in written
    assert data["closing"] == (
        "Trên đây là báo cáo kết quả công tác Đoàn và phong trào thanh thiếu nhi năm 2025 của Ban Chấp hành "
        "Đoàn xã A./."
    )
    assert data["closing"] in paragraphs(docx_render.render_docx(data))
    quarter = layout.body(report_data(unit=tree.grassroots_a, period=periods.parse("2025Q1")))
    assert "4. Bài học kinh nghiệm" not in [p.heading for p in quarter[-3].parts]


def test_the_opening_names_who_directed_the_work_and_the_theme(tree, people):
    province_report = report_draft(unit=tree.province, period=YEAR, by=people.province_officer)
    report_update_sections(
        report=province_report, by=people.province_officer, sections={"theme": "Tuổi trẻ Test tiên phong"}
    )
    report = report_draft(unit=tree.grassroots_a, period=YEAR, by=people.above)
    report_update_sections(report=report, by=people.above, sections={"party_committee": "Đảng ủy xã A"})
    data = report_data(unit=tree.grassroots_a, period=YEAR)
    assert data["intro"] == (
        "Thực hiện Chương trình công tác Đoàn và phong trào thanh thiếu nhi năm 2025 của Ban Chấp hành "
        "Huyện đoàn A, dưới sự lãnh đạo, chỉ đạo của Đảng ủy xã A, với chủ đề năm “Tuổi trẻ Test tiên phong”, "
        "Ban Chấp hành Đoàn xã A báo cáo kết quả thực hiện năm 2025 như sau:"
    )
    assert "Đảng ủy xã A (để báo cáo);" in data["recipients"]


# ---------------------------------------------------------------------------------------------------------
# The officer's edits


def test_the_officers_edit_of_a_drafted_section_survives_new_figures_until_regenerated(tree, people):
    report = report_draft(unit=tree.grassroots_a, period=YEAR, by=people.above)
    before = report_data(unit=tree.grassroots_a, period=YEAR)
    # Saving the drafted text unchanged is not an edit: it keeps following the figures.
    report_update_sections(
        report=report, by=people.above, sections={"shortcomings": before["sections"]["shortcomings"]}
    )
    assert "shortcomings" not in Report.objects.get(pk=report.pk).sections
    report_update_sections(
        report=report, by=people.above, sections={"shortcomings": "Một số chi đoàn sinh hoạt chưa đều."}
    )
    target(tree.grassroots_a, "members_admitted", "2025", 4)
    after = report_data(unit=tree.grassroots_a, period=YEAR)
    assert after["drafted"]["shortcomings"] != before["drafted"]["shortcomings"]
    assert after["sections"]["shortcomings"] == "Một số chi đoàn sinh hoạt chưa đều."
    assert after["edited_sections"] == ["shortcomings"]
    report_update_sections(report=report, by=people.above, regenerate=["shortcomings"])
    again = report_data(unit=tree.grassroots_a, period=YEAR)
    assert again["sections"]["shortcomings"] == after["drafted"]["shortcomings"]
    assert again["edited_sections"] == []


# ---------------------------------------------------------------------------------------------------------
# Voice


def test_movement_names_are_quoted_with_their_kind_outside_and_no_brackets_inside():
    assert prose.movements_sentence(
        [("Phong trào Thanh niên tình nguyện", 7), ("Hiến máu nhân đạo (Chủ nhật đỏ)", 4)]
    ) == (
        "Hưởng ứng Phong trào “Thanh niên tình nguyện” với 07 hoạt động, “Hiến máu nhân đạo – Chủ nhật đỏ” với "
        "04 hoạt động."
    )


def test_a_highlight_that_repeats_an_earlier_one_in_other_words_is_left_out():
    assert (
        prose.highlights_sentence(
            [
                "Ra quân Chiến dịch Thanh niên tình nguyện hè năm 2025",
                "Lễ ra quân Chiến dịch Thanh niên tình nguyện hè 2025",
                "Ngày hội hiến máu “Chủ nhật đỏ” lần thứ 18",
            ]
        )
        == "Tiêu biểu: Ra quân Chiến dịch Thanh niên tình nguyện hè năm 2025; Ngày hội hiến máu “Chủ nhật đỏ” lần thứ 18."
    )


def test_chapters_open_differently_and_billions_read_in_ty():
    assert prose.opening_sentence("union_building", "hoạt động xây dựng Đoàn", 5, 80) == (
        "Về xây dựng Đoàn, tổ chức 05 hoạt động với 80 lượt đoàn viên tham gia."
    )
    assert prose.opening_sentence("education", "tuyên truyền", 12, 196, 4_190_000_000) == (
        "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia, tổng kinh phí 4,19 tỷ đồng."
    )


def test_a_work_area_with_nothing_recorded_is_left_out_of_the_document(tree):
    activity(
        tree.branch_a1, datetime.date(2025, 3, 5), title="Học tập lý luận", activities=4, participations=40
    )
    data = report_data(unit=tree.branch_a1, period=YEAR)
    chapters = layout.body(data)[0].parts
    assert chapters[0].heading == "1. Công tác tuyên truyền, giáo dục"
    assert "Công tác quốc tế thanh niên" not in " ".join(c.heading for c in chapters)


def test_a_branch_or_grassroots_heading_names_the_union_above_it_and_a_district_does_not():
    issuer = official.issuer_name(
        "branch", "Chi đoàn Sở Khoa học và Công nghệ", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh"
    )
    above, own = issuer.replace("\u00a0", " ").split("\n")
    assert above == "ĐOÀN KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    assert own == "BCH CHI ĐOÀN SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert (
        official.issuer_name("grassroots", "Đoàn xã Long Đức", "Thành đoàn Trà Vinh").replace("\u00a0", " ")
        == "THÀNH ĐOÀN TRÀ VINH\nBCH ĐOÀN XÃ LONG ĐỨC"
    )
    assert "\n" not in official.issuer_name("district", "Huyện đoàn Càng Long", "Tỉnh đoàn Trà Vinh")
    assert (
        official.issuer_name("province", "Tỉnh đoàn Trà Vinh", "Trung ương Đoàn") == "BCH ĐOÀN TỈNH TRÀ VINH"
    )


def test_a_long_issuer_breaks_after_its_kind_not_inside_the_place_name():
    assert (
        official.issuer_name("district", "Huyện đoàn Càng Long") == "BCH\u00a0HUYỆN\u00a0ĐOÀN CÀNG\u00a0LONG"
    )
    assert official.issuer_name("province", "Tỉnh đoàn Trà Vinh") == "BCH ĐOÀN TỈNH TRÀ VINH"
    # Wrapped only after the kind and before "và"/"các", never inside a word of two syllables.
    assert official.issuer_name("branch", "Chi đoàn Sở Khoa học và Công nghệ").split(" ") == [
        "BCH\u00a0CHI\u00a0ĐOÀN",
        "SỞ\u00a0KHOA\u00a0HỌC",
        "VÀ\u00a0CÔNG\u00a0NGHỆ",
    ]
    assert official.issuer_name("bloc", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh").split(" ") == [
        "BCH\u00a0ĐOÀN\u00a0KHỐI",
        "CÁC\u00a0CƠ\u00a0QUAN",
        "VÀ\u00a0DOANH\u00a0NGHIỆP\u00a0TỈNH",
    ]
    assert official.issuer_name("attached", "Đoàn Trường Đại học Trà Vinh").split(" ") == [
        "BCH\u00a0ĐOÀN",
        "TRƯỜNG",
        "ĐẠI\u00a0HỌC",
        "TRÀ\u00a0VINH",
    ]
    assert (
        prose.quoted("Chương trình hoạt động hè cho thiếu nhi") == "“Chương trình hoạt động hè cho thiếu nhi”"
    )
