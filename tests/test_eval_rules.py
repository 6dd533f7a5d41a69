"""The rules of member evaluation: where they come from, and every check a proposed level must pass."""

import datetime
from decimal import Decimal

import pytest

from doanvu.evaluation.members.rules import (
    EvaluationRules,
    MemberInputs,
    best_level,
    check,
    level_text,
    member_flags,
    quota_flag,
    rules_for,
)
from doanvu.evaluation.models import EvaluationPolicy

RULES = EvaluationRules(year=2025)  # 90% / outstanding / 70% / 50% / 3 months / no quota / discipline caps


def inputs(attended=10, expected=10, paid=12, due=12, result="outstanding", registered=True, disciplines=()):
    return MemberInputs(
        meetings_expected=expected,
        meetings_attended=attended,
        dues_due_months=due,
        dues_paid_months=paid,
        training_registered=registered,
        training_result=result,
        disciplines=tuple(disciplines),
    )


def codes(flags):
    return [flag.code for flag in flags]


# --- the inputs -------------------------------------------------------------------------------------------


def test_attendance_is_present_over_expected_to_one_decimal():
    assert inputs(attended=8, expected=9).attendance_pct == Decimal("88.9")
    assert inputs(attended=0, expected=0).attendance_pct is None


def test_unpaid_months_are_the_due_months_not_paid_and_never_negative():
    assert inputs(paid=8, due=12).dues_unpaid_months == 4
    assert inputs(paid=3, due=2).dues_unpaid_months == 0


def test_the_snapshot_goes_to_json_and_back():
    original = inputs(attended=7, expected=9, paid=10, disciplines=["reprimand"])
    data = original.as_json()
    assert data["attendance_pct"] == 77.8 and data["dues_unpaid_months"] == 2
    assert MemberInputs.from_json(data) == original


# --- outstanding --------------------------------------------------------------------------------------------


def test_a_member_with_a_clean_record_may_be_outstanding():
    assert member_flags(RULES, inputs(), "outstanding") == []


def test_outstanding_needs_ninety_percent_attendance_and_says_how_far_off():
    flags = member_flags(RULES, inputs(attended=8, expected=10), "outstanding")
    assert codes(flags) == ["attendance"]
    assert flags[0].message == (
        "Tỷ lệ dự sinh hoạt 80% (8/10 buổi) thấp hơn mức 90% để hoàn thành xuất sắc nhiệm vụ."
    )


def test_exactly_ninety_percent_is_enough():
    assert member_flags(RULES, inputs(attended=9, expected=10), "outstanding") == []


def test_outstanding_without_any_attendance_recorded_is_flagged_because_it_cannot_be_shown():
    flags = member_flags(RULES, inputs(attended=0, expected=0), "outstanding")
    assert codes(flags) == ["attendance"]
    assert "Chưa có số liệu điểm danh sinh hoạt chi đoàn năm 2025" in flags[0].message


def test_outstanding_needs_an_outstanding_training_result():
    flags = member_flags(RULES, inputs(result="good"), "outstanding")
    assert codes(flags) == ["training"]
    assert flags[0].message == (
        "Kết quả rèn luyện “Tốt” chưa đạt mức “Xuất sắc” cần để hoàn thành xuất sắc nhiệm vụ."
    )


def test_outstanding_without_a_training_result_says_whether_the_member_registered():
    registered = member_flags(RULES, inputs(result=""), "outstanding")[0].message
    not_registered = member_flags(RULES, inputs(result="", registered=False), "outstanding")[0].message
    assert registered.startswith("Chưa có kết quả chương trình rèn luyện đoàn viên năm 2025")
    assert not_registered.startswith("Chưa đăng ký chương trình rèn luyện đoàn viên năm 2025")


def test_a_policy_may_accept_a_good_training_result_for_outstanding():
    rules = EvaluationRules(year=2025, outstanding_training_result="good")
    assert member_flags(rules, inputs(result="good"), "outstanding") == []
    assert codes(member_flags(rules, inputs(result="passed"), "outstanding")) == ["training"]


def test_the_training_result_matters_only_for_outstanding():
    assert member_flags(RULES, inputs(result="failed"), "good") == []


# --- good and completed ------------------------------------------------------------------------------------


def test_good_and_completed_have_their_own_minimum_attendance():
    assert codes(member_flags(RULES, inputs(attended=6, expected=10), "good")) == ["attendance"]
    assert member_flags(RULES, inputs(attended=7, expected=10), "good") == []
    flags = member_flags(RULES, inputs(attended=4, expected=10), "completed")
    assert flags[0].message == "Tỷ lệ dự sinh hoạt 40% (4/10 buổi) thấp hơn mức 50% để hoàn thành nhiệm vụ."
    assert member_flags(RULES, inputs(attended=5, expected=10), "completed") == []


def test_a_level_needs_the_minimum_of_every_level_below_it_too():
    rules = EvaluationRules(
        year=2025, good_min_attendance_pct=Decimal(40), completed_min_attendance_pct=Decimal(60)
    )
    assert rules.min_attendance("good") == Decimal(60)
    assert codes(member_flags(rules, inputs(attended=5, expected=10), "good")) == ["attendance"]


def test_without_attendance_recorded_good_and_completed_are_not_flagged():
    assert member_flags(RULES, inputs(attended=0, expected=0), "good") == []


def test_not_completed_is_never_flagged_by_attendance_or_dues():
    assert member_flags(RULES, inputs(attended=0, expected=10, paid=0), "not_completed") == []


# --- dues ------------------------------------------------------------------------------------------------


def test_more_unpaid_months_than_allowed_caps_below_completed():
    flags = member_flags(RULES, inputs(paid=8), "completed")
    assert codes(flags) == ["dues"]
    assert flags[0].message == (
        "Chưa đóng đoàn phí 04 tháng trong năm 2025, quá mức 03 tháng để xếp từ hoàn thành nhiệm vụ trở lên."
    )
    assert member_flags(RULES, inputs(paid=9), "completed") == []


def test_a_stricter_policy_allows_no_unpaid_month():
    rules = EvaluationRules(year=2025, max_unpaid_dues_months=0)
    assert codes(member_flags(rules, inputs(paid=11), "good")) == ["dues"]


# --- discipline ------------------------------------------------------------------------------------------


def test_a_discipline_in_the_year_caps_the_level_at_completed():
    record = inputs(disciplines=["reprimand"])
    flags = member_flags(RULES, record, "good")
    assert codes(flags) == ["discipline"]
    assert (
        flags[0].message == "Bị kỷ luật (khiển trách) trong năm 2025: xếp loại tối đa là hoàn thành nhiệm vụ."
    )
    assert member_flags(RULES, record, "completed") == []


def test_an_expulsion_leaves_only_not_completed():
    record = inputs(disciplines=["warning", "expulsion"])
    assert codes(member_flags(RULES, record, "completed")) == ["discipline"]
    assert "khai trừ" in member_flags(RULES, record, "completed")[0].message
    assert member_flags(RULES, record, "not_completed") == []


def test_a_policy_may_leave_discipline_to_the_branch():
    rules = EvaluationRules(year=2025, discipline_caps_level=False)
    assert member_flags(rules, inputs(disciplines=["warning"]), "outstanding") == []


def test_several_broken_rules_are_all_listed():
    record = inputs(attended=5, expected=10, result="passed", paid=6, disciplines=["warning"])
    assert codes(member_flags(RULES, record, "outstanding")) == [
        "attendance",
        "training",
        "dues",
        "discipline",
    ]


# --- the quota -------------------------------------------------------------------------------------------


def test_without_a_quota_any_number_may_be_outstanding():
    assert RULES.quota_max(10) is None
    assert quota_flag(RULES, outstanding=10, base=10, group="Chi đoàn A1") is None


def test_the_quota_rounds_down_and_names_the_group():
    rules = EvaluationRules(year=2025, outstanding_max_share_pct=Decimal(20))
    assert rules.quota_max(12) == 2
    assert quota_flag(rules, outstanding=2, base=12, group="Chi đoàn A1") is None
    flag = quota_flag(rules, outstanding=3, base=12, group="Chi đoàn A1")
    assert flag.code == "quota"
    assert flag.message == (
        "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ tối đa 20% của Chi đoàn A1: 03/12 đoàn viên (được tối đa 02)."
    )


def test_check_adds_the_quota_only_for_an_outstanding_level():
    rules = EvaluationRules(year=2025, outstanding_max_share_pct=Decimal(10))
    assert codes(check(rules, inputs(), "outstanding", outstanding=2, base=10, group="X")) == ["quota"]
    assert check(rules, inputs(), "good", outstanding=2, base=10, group="X") == []
    assert check(rules, inputs(), "outstanding") == []


# --- the suggested level --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "level"),
    [
        (inputs(), "outstanding"),
        (inputs(result="good"), "good"),
        (inputs(attended=6, expected=10), "completed"),
        (inputs(attended=3, expected=10), "not_completed"),
        (inputs(disciplines=["reprimand"]), "completed"),
        (inputs(paid=0), "not_completed"),
    ],
)
def test_the_suggested_level_is_the_best_one_the_records_allow(record, level):
    assert best_level(RULES, record) == level


def test_levels_read_in_lower_case_inside_a_sentence():
    assert level_text("outstanding") == "hoàn thành xuất sắc nhiệm vụ"


# --- where the rules come from --------------------------------------------------------------------------


def test_without_a_policy_the_settings_apply(tree, settings):
    settings.DOANVU_RULES = {
        **settings.DOANVU_RULES,
        "evaluation": {**settings.DOANVU_RULES["evaluation"], "outstanding_max_share_pct": 25},
    }
    rules = rules_for(tree.branch_a1, 2025)
    assert rules.outstanding_min_attendance_pct == Decimal(90)
    assert rules.outstanding_max_share_pct == Decimal(25)
    assert rules.set_by_code == ""


def test_the_nearest_policy_up_the_tree_for_the_year_applies(tree):
    EvaluationPolicy.objects.create(unit=tree.province, year=2025, outstanding_max_share_pct=Decimal(30))
    EvaluationPolicy.objects.create(
        unit=tree.grassroots_a,
        year=2025,
        outstanding_min_attendance_pct=Decimal(95),
        self_deadline=datetime.date(2025, 12, 15),
    )
    EvaluationPolicy.objects.create(
        unit=tree.branch_a2, year=2024, outstanding_min_attendance_pct=Decimal(60)
    )
    rules = rules_for(tree.branch_a1, 2025)
    assert (rules.set_by_code, rules.outstanding_min_attendance_pct) == ("XA", Decimal(95))
    assert rules.self_deadline == datetime.date(2025, 12, 15)
    assert rules_for(tree.branch_b1, 2025).set_by_code == "TV"
    assert rules_for(tree.branch_a2, 2025).set_by_code == "XA"
    assert rules_for(tree.branch_a2, 2024).outstanding_min_attendance_pct == Decimal(60)
    assert rules_for(tree.branch_a1, 2026).set_by_code == ""
