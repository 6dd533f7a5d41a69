"""The data-quality rules as pure functions: on one record's figures, on a unit's totals, against the
unit's own history, and an upper level's own rules."""

from decimal import Decimal

from doanvu.reports import quality
from doanvu.reports.models import QualityRule
from doanvu.work.models import Indicator


def keys(issues):
    return {issue.key for issue in issues}


def test_a_record_with_fewer_participations_than_sessions_is_an_error():
    issues = quality.check_record_figures({"activities": 12, "participations": 5})
    assert [issue.severity for issue in issues] == [quality.ERROR]
    assert "Số lượt tham gia (5) ít hơn số cuộc, buổi (12)" in issues[0].message


def test_participations_at_least_the_sessions_pass():
    assert quality.check_record_figures({"activities": 12, "participations": 196}) == []


def test_participations_are_not_compared_when_only_one_side_is_given():
    assert quality.check_record_figures({"activities": 12}) == []
    assert quality.check_record_figures({"activities": 12, "participations": None}) == []


def test_negative_money_is_an_error_naming_the_figure():
    issues = quality.check_record_figures({"funds_vnd": Decimal("-5000000")}, {"funds_vnd": "Kinh phí"})
    assert keys(issues) == {"negative:funds_vnd"}
    assert issues[0].is_error
    assert "Số tiền «Kinh phí» không được âm (đang là -5.000.000)" in issues[0].message


def test_x_of_y_figures_need_x_no_larger_than_y():
    issues = quality.check_record_figures({"youth_projects": 41, "youth_projects_registered": 33})
    assert keys(issues) == {"pair:youth_projects:youth_projects_registered"}
    assert quality.check_record_figures({"youth_projects": 33, "youth_projects_registered": 41}) == []


def test_party_members_above_members_is_an_error_on_totals():
    issues = quality.check_values({"members": 69, "party_members": 70})
    assert keys(issues) == {"pair:party_members:members"}
    assert quality.check_values({"members": 2145, "party_members": 446}) == []


def test_a_total_whole_of_zero_means_not_entered_so_it_is_not_compared():
    assert quality.check_values({"youth_projects": 5, "youth_projects_registered": 0}) == []
    assert keys(quality.check_values({"youth_projects": 5, "youth_projects_registered": 3})) == {
        "pair:youth_projects:youth_projects_registered"
    }


def test_attendance_above_100_percent_is_an_error_said_once():
    assert keys(quality.check_values({"meeting_attendance_pct": Decimal("104.5")})) == {
        "percent:meeting_attendance_pct"
    }
    both = quality.check_values(
        {"meeting_attendances": 50, "meeting_expected": 40, "meeting_attendance_pct": Decimal("125.0")}
    )
    assert keys(both) == {"pair:meeting_attendances:meeting_expected"}
    assert quality.check_values({"meeting_attendance_pct": Decimal("95.0")}) == []


def test_a_value_above_three_times_the_highest_of_its_history_is_a_warning():
    history = [{"blood_units": 10}, {"blood_units": 20}, {"blood_units": 15}, {"blood_units": 12}]
    issues = quality.outlier_issues({"blood_units": 61}, history, codes=["blood_units"])
    assert keys(issues) == {"outlier:blood_units"}
    assert issues[0].severity == quality.WARNING
    assert "hơn 3 lần mức cao nhất của 4 kỳ trước (20)" in issues[0].message
    assert quality.outlier_issues({"blood_units": 60}, history, codes=["blood_units"]) == []


def test_a_value_below_a_third_of_the_lowest_is_a_warning_once_the_period_has_ended():
    history = [{"participations": 300}, {"participations": 330}]
    low = {"participations": 90}
    assert keys(quality.outlier_issues(low, history, codes=["participations"])) == {"outlier:participations"}
    assert quality.outlier_issues(low, history, codes=["participations"], period_ended=False) == []
    assert quality.outlier_issues({"participations": 100}, history, codes=["participations"]) == []


def test_a_small_count_that_swings_is_not_an_outlier():
    history = [{"members_admitted": 1}, {"members_admitted": 1}, {"members_admitted": 2}]
    assert quality.outlier_issues({"members_admitted": 7}, history, codes=["members_admitted"]) == []
    assert keys(quality.outlier_issues({"members_admitted": 12}, history, codes=["members_admitted"])) == {
        "outlier:members_admitted"
    }
    assert (
        quality.outlier_issues(
            {"members_admitted": 0}, [{"members_admitted": 9}] * 2, codes=["members_admitted"]
        )
        == []
    )


def test_no_outlier_without_history():
    assert quality.outlier_issues({"gifts": 500}, [], codes=["gifts"]) == []
    one_period = [{"gifts": 3}, {"gifts": 0}, {"gifts": None}, {}]
    assert quality.outlier_issues({"gifts": 500}, one_period, codes=["gifts"]) == []


def _rule(
    pk, left, op, *, right=None, constant=None, severity=QualityRule.Severity.WARNING, message="Quy tắc"
):
    """An unsaved rule over unsaved indicators: rule_issues only reads codes and names."""
    return QualityRule(
        pk=pk,
        left=Indicator(pk=pk * 10, code=left, name=left),
        right=Indicator(pk=pk * 10 + 1, code=right, name=right) if right else None,
        op=op,
        constant=constant,
        severity=severity,
        message=message,
    )


def test_an_upper_levels_rule_compares_an_indicator_with_a_constant_or_another_indicator():
    cap = _rule(7, "gifts", QualityRule.Op.LE, constant=Decimal(100), message="Quà quá nhiều")
    blood = _rule(
        8, "blood_units", QualityRule.Op.LE, right="blood_donors", severity=QualityRule.Severity.ERROR
    )
    issues = quality.rule_issues([cap, blood], {"gifts": 150, "blood_units": 120, "blood_donors": 200})
    assert keys(issues) == {"rule:7"}
    assert issues[0].severity == "warning"
    assert "Quà quá nhiều (gifts = 150, cần ≤ 100)" == issues[0].message
    assert keys(quality.rule_issues([blood], {"blood_units": 250, "blood_donors": 200})) == {"rule:8"}
    assert quality.rule_issues([blood], {"blood_units": None, "blood_donors": 200}) == []
