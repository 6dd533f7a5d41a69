"""Scores proposed from data doanvu holds: each data source with real records, and the rule from a share
to points (thresholds, grades, or scaled to the maximum)."""

import datetime
from decimal import Decimal

import pytest

from doanvu.evaluation.inspection import proposals
from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    TrainingRegistration,
)
from doanvu.lib import changes
from doanvu.members.models import Member
from doanvu.org.models import UnitKind
from doanvu.reports.models import Report
from doanvu.work.models import DuesPayment

from .test_eval_criteria_factories import GRADES_8, assessment, build_set, single_condition_set
from .test_members_factories import admit
from .test_quality_factories import at, report, report_form, target
from .test_stats_factories import activity, meeting

SUBMITTED = Report.State.SUBMITTED


def propose(condition, unit, year=2025):
    return proposals.propose(condition=condition, unit=unit, year=year)


def members(tree, people, n=4):
    return [admit(tree.branch_a1, people.own, full_name=f"Đoàn viên {i}") for i in range(n)]


# --- from a share to points ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "points"),
    [
        ("100", "8"),
        ("99.9", "6"),
        ("75", "6"),
        ("74.9", "4"),
        ("50", "4"),
        ("25", "2"),
        ("10", "0"),
        ("130", "8"),
    ],
)
def test_a_share_earns_the_highest_grade_whose_threshold_it_reaches(tree, share, points):
    condition = single_condition_set(tree.branch_a1, grades=GRADES_8)
    assert proposals.points_for_share(condition, Decimal(share)) == Decimal(points)


def test_without_grades_the_share_scales_the_maximum_and_thresholds_win_over_grades(tree):
    scaled = single_condition_set(tree.branch_a1, max_points=Decimal(10))
    assert proposals.points_for_share(scaled, Decimal("87.5")) == Decimal("8.75")
    no_zero = single_condition_set(tree.branch_a2, grades=GRADES_8[:3])
    assert proposals.points_for_share(no_zero, Decimal(20)) == Decimal(0)
    with_thresholds = single_condition_set(
        tree.branch_b1,
        grades=GRADES_8,
        data_source="meeting_attendance",
        data_params={"thresholds": [[90, 8], [70, 3]]},
    )
    assert proposals.points_for_share(with_thresholds, Decimal(80)) == Decimal(3)
    assert proposals.points_for_share(with_thresholds, Decimal(60)) == Decimal(0)


def test_a_condition_not_tied_to_data_gets_no_proposal(tree):
    assert propose(single_condition_set(tree.branch_a1), tree.branch_a1) == (None, "")


# --- report timeliness ---------------------------------------------------------------------------------------


@pytest.fixture
def forms(tree):
    branch = [UnitKind.objects.get(code="branch")]
    return [
        report_form(tree.grassroots_a, branch, "quarter", 5, "Báo cáo quý"),
        report_form(tree.grassroots_a, branch, "half", 7, "Báo cáo 6 tháng"),
        report_form(tree.grassroots_a, branch, "year", 10, "Báo cáo năm"),
    ]


def send(unit, code, day, state=SUBMITTED):
    return report(unit, code, state=state, submitted_at=at(day))


ON_TIME_2025 = {
    "2025Q1": datetime.date(2025, 4, 3),
    "2025Q2": datetime.date(2025, 7, 5),
    "2025S1": datetime.date(2025, 7, 2),
    "2025Q3": datetime.date(2025, 10, 1),
    "2025Q4": datetime.date(2026, 1, 4),
    "2025S2": datetime.date(2026, 1, 6),
    "2025": datetime.date(2026, 1, 9),
}


def test_all_reports_on_time_earn_the_top_grade(tree, forms):
    for code, day in ON_TIME_2025.items():
        send(tree.branch_a1, code, day, Report.State.APPROVED if code == "2025Q1" else SUBMITTED)
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="report_timeliness")
    assert propose(condition, tree.branch_a1) == (Decimal(8), "07/07 báo cáo đúng hạn → 8 điểm")


def test_a_late_report_lowers_the_grade_by_the_share_on_time(tree, forms):
    for code, day in {**ON_TIME_2025, "2025Q3": datetime.date(2025, 10, 8)}.items():
        send(tree.branch_a1, code, day)
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="report_timeliness")
    # 6 of 7 on time = 85,7%: the 6-point grade (75%) is reached, the 8-point one (100%) is not.
    assert propose(condition, tree.branch_a1) == (Decimal(6), "06/07 báo cáo đúng hạn, 01 gửi muộn → 6 điểm")


def test_a_missing_annual_report_takes_every_point(tree, forms):
    sent = {code: day for code, day in ON_TIME_2025.items() if code != "2025"}
    for code, day in sent.items():
        send(tree.branch_a1, code, day)
    report(tree.branch_a1, "2025")  # a draft, never sent
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="report_timeliness")
    points, basis = propose(condition, tree.branch_a1)
    assert points == Decimal(0)
    assert basis == "06/07 báo cáo đúng hạn, 01 chưa gửi (năm 2025); thiếu báo cáo năm hoặc 6 tháng → 0 điểm"


def test_a_returned_report_not_sent_again_counts_as_missing(tree, forms):
    for code, day in ON_TIME_2025.items():
        send(tree.branch_a1, code, day, Report.State.RETURNED if code == "2025Q2" else SUBMITTED)
    found = proposals.report_timeliness(unit=tree.branch_a1, year=2025)
    assert (found.on_time, found.late, [r.period.code for r in found.missing]) == (6, 0, ["2025Q2"])
    assert found.label == "06/07 đúng hạn"


def test_reports_not_yet_due_are_left_out(tree, forms):
    send(tree.branch_a1, "2025Q1", datetime.date(2025, 4, 2))
    found = proposals.report_timeliness(unit=tree.branch_a1, year=2025, today=datetime.date(2025, 7, 6))
    assert [(r.period.code, r.status) for r in found.rows if r.status != "pending"] == [
        ("2025Q1", "on_time"),
        ("2025Q2", "missing"),
    ]
    assert found.share == Decimal(50)


def test_a_unit_no_form_asks_a_report_of_gets_no_proposal(tree, forms):
    condition = single_condition_set(tree.province, grades=GRADES_8, data_source="report_timeliness")
    points, basis = propose(condition, tree.district_a)
    assert points is None and basis == "Không có biểu mẫu nào yêu cầu Huyện đoàn A báo cáo trong năm 2025"


# --- meetings, targets, evaluation, training, dues, Party, indicators -------------------------------------


def test_meeting_attendance_comes_from_the_years_meetings_of_the_sub_tree(tree):
    meeting(tree.branch_a1, datetime.date(2025, 3, 26), present=9, absent=1)
    meeting(tree.branch_a2, datetime.date(2025, 6, 26), present=7, absent=3)
    meeting(tree.branch_a1, datetime.date(2024, 12, 26), present=0, absent=10)  # another year
    graded = single_condition_set(tree.district_a, grades=GRADES_8, data_source="meeting_attendance")
    assert propose(graded, tree.grassroots_a) == (
        Decimal(6),
        "Tỷ lệ dự sinh hoạt năm 2025: 80% (16/20 lượt) → 6 điểm",
    )
    scaled = single_condition_set(tree.district_a, max_points=Decimal(10), data_source="meeting_attendance")
    assert propose(scaled, tree.grassroots_a)[0] == Decimal(8)
    points, basis = propose(scaled, tree.grassroots_b)
    assert points is None and basis == "Chưa có buổi sinh hoạt nào được ghi nhận trong năm 2025"


def test_target_achievement_is_the_share_of_targets_reached(tree):
    target(tree.grassroots_a, "activities", "2025", 2)
    target(tree.grassroots_a, "blood_units", "2025", 100)
    activity(tree.branch_a1, datetime.date(2025, 5, 1), activities=3, blood_units=50)
    condition = single_condition_set(tree.district_a, grades=GRADES_8, data_source="target_achievement")
    assert propose(condition, tree.grassroots_a) == (Decimal(4), "01/02 chỉ tiêu năm 2025 đạt (50%) → 4 điểm")
    assert propose(condition, tree.grassroots_b) == (None, "Đơn vị chưa có chỉ tiêu năm 2025")


def test_members_evaluated_is_the_share_of_members_with_a_decided_level(tree, people):
    people_ = members(tree, people)
    for member in people_[:3]:
        MemberEvaluation.objects.create(
            member=member,
            year=2025,
            unit=tree.branch_a1,
            as_of=datetime.date(2025, 12, 31),
            decided_level=Level.GOOD,
            decided_on=datetime.date(2025, 12, 20),
        )
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="members_evaluated")
    assert propose(condition, tree.branch_a1) == (
        Decimal(6),
        "Tỷ lệ đoàn viên được đánh giá, xếp loại năm 2025: 75% → 6 điểm",
    )
    assert propose(condition, tree.branch_a2) == (
        None,
        "Chưa có số liệu đánh giá, xếp loại đoàn viên năm 2025",
    )


def test_training_registered_counts_registrations_of_the_year_over_members(tree, people):
    people_ = members(tree, people)
    for member in people_[:2]:
        TrainingRegistration.objects.create(
            member=member, year=2025, unit=tree.branch_a1, registered_on=datetime.date(2025, 3, 1)
        )
    TrainingRegistration.objects.create(
        member=people_[2], year=2024, unit=tree.branch_a1, registered_on=datetime.date(2024, 3, 1)
    )
    condition = single_condition_set(
        tree.district_a, max_points=Decimal(10), data_source="training_registered"
    )
    assert propose(condition, tree.grassroots_a) == (
        Decimal(5),
        "02/04 đoàn viên đăng ký chương trình rèn luyện năm 2025 (50%) → 5 điểm",
    )
    points, basis = propose(condition, tree.grassroots_b)
    assert points is None and basis == "Chưa có đoàn viên nào tính đến 31/12/2025"


def test_dues_collected_is_the_share_of_members_without_arrears_at_the_years_end(tree, people):
    people_ = members(tree, people)
    for member in people_[:3]:
        for month in range(1, 13):  # one by one, as the dues page saves them: the figures follow each payment
            DuesPayment.objects.create(
                member=member,
                unit=tree.branch_a1,
                month=datetime.date(2025, month, 1),
                amount=2000,
                paid_on=datetime.date(2025, month, 20),
            )
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="dues_collected")
    assert propose(condition, tree.branch_a1) == (
        Decimal(6),
        "03/04 đoàn viên đóng đủ đoàn phí đến 31/12/2025 (75%) → 6 điểm",
    )


def test_outstanding_introduced_is_measured_against_the_years_target(tree, people):
    people_ = members(tree, people)
    introduced = [m.pk for m in people_[:2]]
    with changes.changing(members=introduced):  # a bulk update the figures' rollups are told of
        Member.objects.filter(pk__in=introduced).update(party_introduced_on=datetime.date(2025, 3, 26))
    condition = single_condition_set(tree.grassroots_a, grades=GRADES_8, data_source="outstanding_introduced")
    assert propose(condition, tree.branch_a1) == (
        None,
        "Chưa có chỉ tiêu giới thiệu đoàn viên ưu tú năm 2025",
    )
    target(tree.branch_a1, "outstanding_introduced", "2025", 1, set_by=tree.grassroots_a)
    assert propose(condition, tree.branch_a1) == (
        Decimal(8),
        "Giới thiệu 02 đoàn viên ưu tú, chỉ tiêu 01: đạt 200% → 8 điểm",
    )
    fallback = single_condition_set(
        tree.grassroots_a, grades=GRADES_8, data_source="outstanding_introduced", data_params={"target": 4}
    )
    assert propose(fallback, tree.branch_a2) == (
        Decimal(0),
        "Chưa giới thiệu đoàn viên ưu tú nào, chỉ tiêu 04: đạt 0% → 0 điểm",
    )
    assert propose(fallback, tree.grassroots_a)[0] == Decimal(4)


@pytest.mark.parametrize(("units", "points"), [(120, 10), (60, 5), (10, 0)])
def test_an_indicator_value_earns_the_points_of_the_highest_threshold_reached(tree, units, points):
    activity(tree.branch_a1, datetime.date(2025, 8, 1), blood_donors=units, blood_units=units)
    condition = single_condition_set(
        tree.district_a,
        max_points=Decimal(10),
        data_source="indicator_value",
        data_params={"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]},
    )
    assert propose(condition, tree.grassroots_a) == (
        Decimal(points),
        f"Đơn vị máu hiến được năm 2025: {units} đơn vị máu → {points} điểm",
    )


def test_propose_all_gives_every_condition_of_an_assessment(tree, people):
    criteria_set = build_set(tree, people.province_officer)
    meeting(tree.branch_a1, datetime.date(2025, 3, 26), present=9, absent=1)
    found = proposals.propose_all(assessment=assessment(criteria_set, tree.district_a))
    assert len(found) == 4
    by_code = {
        c.code + c.content.criterion.code: found[c.pk]
        for c in criteria_set.conditions().select_related("content__criterion")
    }
    assert by_code["1.2I"] == (Decimal(9), "Tỷ lệ dự sinh hoạt năm 2025: 90% (9/10 lượt) → 9 điểm")
    assert by_code["2.1I"] == (None, "")
    assert by_code["1.1II"][0] == Decimal(0)
