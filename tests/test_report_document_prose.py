"""The sentences of the work report, exactly as a reader sees them (pure functions, hand-built figures)."""

import datetime
from decimal import Decimal

import pytest

from doanvu.documents import official
from doanvu.reports.document import prose
from doanvu.reports.document.prose import ChapterFigures, IndicatorInfo

D = Decimal


def info(code, name="", label="", kind="flow"):
    return IndicatorInfo(code, name or code, label or "lần", kind)


def test_sessions_and_participations_are_written_as_the_seeds_write_them():
    assert (
        prose.activity_sentence("tuyên truyền", D(12), D(196))
        == "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia."
    )


def test_funds_join_the_activity_sentence_rounded_down_after_tren():
    assert (
        prose.activity_sentence("hoạt động", D(219), D(2145), D(152_345_000))
        == "Tổ chức 219 cuộc hoạt động với 2.145 lượt đoàn viên tham gia, tổng kinh phí trên 152 triệu đồng."
    )


def test_counts_under_ten_take_a_leading_zero():
    assert (
        prose.activity_sentence("hoạt động", D(8), D(3))
        == "Tổ chức 08 cuộc hoạt động với 03 lượt đoàn viên tham gia."
    )


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (150_000_000, "150 triệu đồng"),
        (15_000_000, "15 triệu đồng"),
        (5_250_000, "trên 5,2 triệu đồng"),
        (152_700_000, "152,7 triệu đồng"),
        (152_745_000, "trên 152 triệu đồng"),
        (850_000, "850.000 đồng"),
        (2_534_000_000, "2,534 tỷ đồng"),
        (2_534_567_000, "trên 2,53 tỷ đồng"),
    ],
)
def test_money_is_exact_when_it_reads_cleanly_and_never_overstated(amount, text):
    assert prose.money_about(D(amount)) == text


def test_gifts_with_their_value():
    assert prose.gifts_sentence(D(58), D(5_800_000)) == "Trao tặng 58 phần quà trị giá 5,8 triệu đồng."
    assert prose.gifts_sentence(D(3), None) == "Trao tặng 03 phần quà."


def test_organisation_figures_of_a_bloc_union():
    values = {"grassroots_units": D(40), "branches": D(29), "members": D(2145), "party_members": D(446)}
    assert (
        prose.organisation_sentence(values)
        == "Đến cuối kỳ, toàn đơn vị có 40 cơ sở đoàn, 29 chi đoàn với 2.145 đoàn viên, trong đó 446 đảng viên."
    )


def test_organisation_figures_of_a_branch_name_only_its_members():
    values = {"grassroots_units": D(0), "branches": D(1), "members": D(69), "party_members": D(16)}
    assert (
        prose.organisation_sentence(values, unit_is_branch=True)
        == "Đến cuối kỳ, chi đoàn có 69 đoàn viên, trong đó 16 đảng viên."
    )


def test_introductions_to_the_party_state_their_achievement_of_the_target():
    values = {"outstanding_introduced": D(4), "party_admitted": D(2), "party_full_members": D(2)}
    assert prose.party_sentence(values, {"outstanding_introduced": D(2)}, "chỉ tiêu năm") == (
        "Giới thiệu 04 đoàn viên ưu tú, đạt 200% chỉ tiêu năm (04/02); 02 đoàn viên được kết nạp Đảng; "
        "02 đồng chí chuyển đảng chính thức."
    )


def test_membership_changes_in_one_sentence_leaving_out_what_did_not_happen():
    values = {"members_admitted": D(25), "members_came_of_age": D(0), "members_removed": D(2)}
    assert prose.membership_sentence(values, {}, "chỉ tiêu") == (
        "Kết nạp 25 đoàn viên mới; xóa tên, khai trừ 02 đoàn viên."
    )


def test_meetings_with_the_average_attendance_rate():
    assert prose.meetings_sentence(D(48), D("95.0")) == (
        "Tổ chức 48 buổi sinh hoạt chi đoàn, tỷ lệ đoàn viên tham gia sinh hoạt bình quân 95%."
    )
    assert prose.meetings_sentence(D(12), D("87.5")).endswith("bình quân 87,5%.")


def test_blood_projects_and_congresses():
    assert prose.blood_sentence(D(200), D(114)) == (
        "Có 200 lượt đoàn viên, thanh niên tham gia hiến máu, hiến được 114 đơn vị máu."
    )
    assert prose.projects_sentence(D(33), D(41)) == (
        "Triển khai thực hiện 33/41 công trình, phần việc thanh niên đã đăng ký."
    )
    assert prose.congress_sentence(D(34), D(40)) == "34/40 cơ sở đoàn đã tổ chức đại hội."


def test_an_indicator_without_its_own_wording_is_still_reported_with_its_target():
    campaign = info("tv_green_roads", "Tuyến đường xanh được ra mắt", "tuyến")
    assert (
        prose.generic_sentence(campaign, D(6), D(4))
        == "Tuyến đường xanh được ra mắt: 06 tuyến, đạt 150% chỉ tiêu (06/04)."
    )


def test_a_chapter_reads_activities_movements_and_highlights_then_its_own_figures():
    chapter = ChapterFigures(
        area_code="education",
        area_name="Công tác tuyên truyền, giáo dục",
        period_label="năm 2020",
        sessions=D(12),
        participations=D(196),
        values={"news_articles": D(25)},
        indicators=[info("news_articles", "Tin, bài", "tin bài")],
        movements=[("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 3)],
        highlights=["Học tập 6 bài lý luận chính trị.", "Kỷ niệm 26/3"],
    )
    assert prose.chapter_paragraphs(chapter) == [
        "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia. "
        "Hưởng ứng “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” với 03 hoạt động. "
        "Tiêu biểu: Học tập 6 bài lý luận chính trị; Kỷ niệm 26/3.",
        "Đăng tải 25 tin, bài tuyên truyền.",
    ]


def test_a_chapter_with_nothing_recorded_says_so_briefly():
    chapter = ChapterFigures("international", "Công tác quốc tế thanh niên", "quý I/2025")
    assert prose.chapter_text(chapter) == (
        "Trong quý I/2025, chưa có hoạt động, số liệu nào được ghi nhận ở mặt công tác này."
    )


def test_the_heading_block():
    assert official.issuer_name("province", "Tỉnh đoàn Trà Vinh") == "BCH ĐOÀN TỈNH TRÀ VINH"
    assert official.issuer_name("branch", "Chi đoàn Sở Khoa học và Công nghệ").replace("\u00a0", " ") == (
        "BCH CHI ĐOÀN SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    )
    assert prose.number_line("bloc", "12") == "Số: 12-BC/ĐTN"
    assert (
        official.place_date("Trà Vinh", datetime.date(2020, 12, 15)) == "Trà Vinh, ngày 15 tháng 12 năm 2020"
    )
    assert official.place_date("Trà Vinh", datetime.date(2021, 2, 3)) == "Trà Vinh, ngày 03 tháng 02 năm 2021"
    assert prose.subject("năm 2020") == "Kết quả công tác Đoàn và phong trào thanh thiếu nhi năm 2020"
    assert official.recipients(kind_code="grassroots", name="Đoàn xã A", parent_name="Huyện đoàn A") == [
        "Ban Thường vụ Huyện đoàn A (để báo cáo);",
        "Lưu VP.",
    ]
