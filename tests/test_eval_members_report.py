"""The work report states the year's member evaluation and the unit's own classification, as reports do."""

import datetime
from decimal import Decimal

from doanvu.evaluation.models import UnitClassification
from doanvu.lib import periods
from doanvu.reports.document import prose, report_data
from doanvu.reports.document.prose import ChapterFigures, IndicatorInfo

from .test_eval_member_factories import decided
from .test_members_factories import bulk_members

EVALUATION = [
    IndicatorInfo(code, code, "đoàn viên")
    for code in (
        "members_evaluated",
        "members_outstanding",
        "members_good",
        "members_completed",
        "members_not_completed",
        "training_registered",
    )
]


def test_the_evaluation_sentence_gives_each_level_with_its_share_of_those_evaluated():
    values = {
        "members_evaluated": Decimal(585),
        "members_outstanding": Decimal(120),
        "members_good": Decimal(300),
        "members_completed": Decimal(150),
        "members_not_completed": Decimal(15),
    }
    assert prose.evaluation_sentence(values, "năm 2025") == (
        "Kết quả đánh giá, xếp loại 585 đoàn viên năm 2025: 120 đoàn viên hoàn thành xuất sắc nhiệm vụ (20,5%), "
        "300 đoàn viên hoàn thành tốt nhiệm vụ (51,3%), 150 đoàn viên hoàn thành nhiệm vụ (25,6%), "
        "15 đoàn viên không hoàn thành nhiệm vụ (2,6%)."
    )


def test_levels_without_members_are_left_out_and_no_figures_means_no_sentence():
    values = {"members_evaluated": Decimal(4), "members_outstanding": Decimal(1), "members_good": Decimal(3)}
    assert prose.evaluation_sentence(values, "năm 2025") == (
        "Kết quả đánh giá, xếp loại 04 đoàn viên năm 2025: 01 đoàn viên hoàn thành xuất sắc nhiệm vụ (25%), "
        "03 đoàn viên hoàn thành tốt nhiệm vụ (75%)."
    )
    assert prose.evaluation_sentence({"members_evaluated": Decimal(0)}, "năm 2025") == ""


def test_the_classification_sentence_follows_seed_000():
    assert prose.classification_sentence(2025, "Chi đoàn A1", "outstanding") == (
        "Kết quả năm 2025, Chi đoàn A1 được xếp loại hoàn thành xuất sắc nhiệm vụ."
    )


def test_the_union_building_chapter_has_both_sentences():
    chapter = ChapterFigures(
        "union_building",
        "Xây dựng Đoàn",
        "năm 2025",
        values={
            "members_evaluated": Decimal(2),
            "members_good": Decimal(2),
            "training_registered": Decimal(5),
        },
        indicators=EVALUATION,
        evaluation_label="năm 2025",
        notes=[prose.classification_sentence(2025, "Đoàn xã A", "good")],
    )
    assert prose.chapter_paragraphs(chapter) == [
        "Kết quả đánh giá, xếp loại 02 đoàn viên năm 2025: 02 đoàn viên hoàn thành tốt nhiệm vụ (100%). "
        "Có 05 đoàn viên đăng ký chương trình rèn luyện đoàn viên.",
        "Kết quả năm 2025, Đoàn xã A được xếp loại hoàn thành tốt nhiệm vụ.",
    ]


def test_the_report_of_the_year_writes_them_from_the_records(tree, people):
    members = bulk_members(tree.branch_a1, ["An", "Bình", "Cường", "Dung", "Em"])
    for member, level in zip(members, ["outstanding", "good", "good", "good", "completed"], strict=True):
        decided(member, level)
    UnitClassification.objects.create(
        unit=tree.grassroots_a,
        year=2025,
        level="outstanding",
        decided_by_unit=tree.district_a,
        decided_on=datetime.date(2025, 12, 30),
    )
    chapters = {
        c["code"]: c["text"]
        for c in report_data(unit=tree.grassroots_a, period=periods.parse("2025"))["chapters"]
    }
    text = chapters["union_building"]
    assert (
        "Kết quả đánh giá, xếp loại 05 đoàn viên năm 2025: 01 đoàn viên hoàn thành xuất sắc nhiệm vụ (20%), "
        "03 đoàn viên hoàn thành tốt nhiệm vụ (60%), 01 đoàn viên hoàn thành nhiệm vụ (20%)."
    ) in text
    assert text.endswith("Kết quả năm 2025, Đoàn xã A được xếp loại hoàn thành xuất sắc nhiệm vụ.")
    # A quarter without 31/12 says nothing of the year's evaluation.
    q3 = {
        c["code"]: c["text"]
        for c in report_data(unit=tree.grassroots_a, period=periods.parse("2025Q3"))["chapters"]
    }
    assert "xếp loại" not in q3["union_building"]
    # A term report names the term.
    term = {
        c["code"]: c["text"]
        for c in report_data(unit=tree.grassroots_a, period=periods.parse("NK2022-2027"))["chapters"]
    }
    assert (
        "Kết quả đánh giá, xếp loại 05 đoàn viên nhiệm kỳ 2022 – 2027: 01 đoàn viên" in term["union_building"]
    )
