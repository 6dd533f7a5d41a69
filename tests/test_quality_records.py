"""Data quality on real records: a unit's activities and totals for a period, an upper level's own rules for
its sub-tree, explanations, and the data-quality page with its personas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from doanvu.accounts.models import AuditEntry
from doanvu.lib import periods
from doanvu.reports import quality
from doanvu.reports.models import Explanation, QualityRule, Report
from doanvu.work.models import Indicator

from .test_quality_factories import activity, catalogue, direct

Q4 = periods.parse("2024Q4")


def issue_keys(unit, period=Q4):
    return {issue.key for issue in quality.unit_issues(unit=unit, period=period).issues}


def test_an_activity_with_fewer_participations_than_sessions_is_an_error_of_its_own_unit(tree):
    record = activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    found = quality.unit_issues(unit=tree.branch_a1, period=Q4)
    assert [issue.key for issue in found.errors] == [f"activity:{record.pk}:pair:activities:participations"]
    assert "Ra quân Ngày chủ nhật xanh" in found.errors[0].message
    assert "05/10/2024" in found.errors[0].message
    # The grassroots union above sums it but is not asked to fix another unit's record.
    assert not [key for key in issue_keys(tree.grassroots_a) if key.startswith("activity:")]


def test_negative_money_on_an_activity_is_an_error(tree):
    record = activity(tree.branch_a1, datetime.date(2024, 11, 1), {"funds_vnd": -150000})
    assert f"activity:{record.pk}:negative:funds_vnd" in issue_keys(tree.branch_a1)


def test_an_activity_ending_after_the_period_it_counts_in_is_a_warning(tree):
    record = activity(
        tree.branch_a1, datetime.date(2024, 12, 28), {"activities": 1}, end=datetime.date(2025, 1, 3)
    )
    found = quality.unit_issues(unit=tree.branch_a1, period=Q4)
    assert [issue.key for issue in found.warnings] == [f"activity:{record.pk}:dates"]
    assert "kết thúc 03/01/2025, sau khi hết quý IV/2024" in found.warnings[0].message
    # In the year 2025's report it does not count at all, and in the month of December it warns too.
    assert f"activity:{record.pk}:dates" in issue_keys(tree.branch_a1, periods.parse("202412"))


def test_more_youth_projects_than_registered_is_an_error_on_the_units_totals(tree):
    activity(tree.branch_a1, datetime.date(2024, 10, 10), {"youth_projects": 5})
    direct(tree.branch_a1, "youth_projects_registered", "2024Q4", 3)
    assert "pair:youth_projects:youth_projects_registered" in issue_keys(tree.branch_a1)
    # The grassroots union's totals state the same contradiction in its own report.
    assert "pair:youth_projects:youth_projects_registered" in issue_keys(tree.grassroots_a)


def test_a_flow_far_above_the_units_history_is_flagged_as_an_outlier(tree):
    for day in (datetime.date(2024, 2, 1), datetime.date(2024, 5, 1), datetime.date(2024, 8, 1)):
        activity(tree.branch_a1, day, {"activities": 1, "blood_units": 10})
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 45})
    found = quality.unit_issues(unit=tree.branch_a1, period=Q4)
    outlier = [issue for issue in found.warnings if issue.key == "outlier:blood_units"]
    assert len(outlier) == 1
    assert "45" in outlier[0].message and "(10)" in outlier[0].message


def test_no_outlier_for_a_unit_without_history(tree):
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 450})
    assert not [key for key in issue_keys(tree.branch_a1) if key.startswith("outlier:")]


def test_an_upper_levels_rule_applies_to_its_sub_tree_only(tree):
    catalogue()
    rule = QualityRule.objects.create(
        owner_unit=tree.district_a,
        left=Indicator.objects.get(code="gifts"),
        op=QualityRule.Op.LE,
        constant=10,
        severity=QualityRule.Severity.WARNING,
        message="Số phần quà vượt mức Huyện đoàn A hướng dẫn",
    )
    activity(tree.branch_a1, datetime.date(2024, 10, 1), {"gifts": 58})
    activity(tree.branch_b1, datetime.date(2024, 10, 1), {"gifts": 58})
    assert f"rule:{rule.pk}" in issue_keys(tree.branch_a1)
    assert f"rule:{rule.pk}" in issue_keys(tree.district_a)
    assert f"rule:{rule.pk}" not in issue_keys(tree.branch_b1)
    assert f"rule:{rule.pk}" not in issue_keys(tree.province)


def test_the_sub_tree_lists_only_units_with_issues_top_first(tree):
    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    found = quality.subtree_issues(unit=tree.district_a, period=Q4)
    assert [entry.unit.code for entry in found] == ["CA2"]
    assert quality.issue_counts(found) == {"errors": 1, "open_warnings": 0, "explained": 0, "units": 1}


def _late_activity(unit):
    return activity(unit, datetime.date(2024, 12, 30), {"activities": 1}, end=datetime.date(2025, 1, 2))


def test_an_officer_explains_a_warning_and_it_is_no_longer_open(tree, people):
    record = _late_activity(tree.branch_a1)
    key = f"activity:{record.pk}:dates"
    quality.explanation_save(
        unit=tree.branch_a1, period=Q4, check_key=key, text="Chiến dịch kéo dài qua Tết", by=people.own
    )
    found = quality.unit_issues(unit=tree.branch_a1, period=Q4)
    assert found.warnings[0].explanation == "Chiến dịch kéo dài qua Tết"
    assert found.open_warnings == []
    assert AuditEntry.objects.filter(action="quality.explain", unit=tree.branch_a1).count() == 1


def test_an_error_cannot_be_explained_away(tree, people):
    record = activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    with pytest.raises(quality.ValidationError, match="phải được sửa"):
        quality.explanation_save(
            unit=tree.branch_a1,
            period=Q4,
            check_key=f"activity:{record.pk}:pair:activities:participations",
            text="Không sao",
            by=people.own,
        )
    assert not Explanation.objects.exists()


def test_an_empty_explanation_or_an_unknown_warning_is_refused(tree, people):
    record = _late_activity(tree.branch_a1)
    with pytest.raises(quality.ValidationError, match="Hãy viết"):
        quality.explanation_save(
            unit=tree.branch_a1, period=Q4, check_key=f"activity:{record.pk}:dates", text="  ", by=people.own
        )
    with pytest.raises(quality.ValidationError, match="không còn"):
        quality.explanation_save(
            unit=tree.branch_a1, period=Q4, check_key="outlier:gifts", text="x", by=people.own
        )


def test_explanations_are_refused_once_the_report_is_locked(tree, people):
    record = _late_activity(tree.branch_a1)
    Report.objects.create(unit=tree.branch_a1, period="2024Q4", state=Report.State.SUBMITTED)
    with pytest.raises(quality.ValidationError, match="đã khóa"):
        quality.explanation_save(
            unit=tree.branch_a1, period=Q4, check_key=f"activity:{record.pk}:dates", text="x", by=people.own
        )


def test_a_viewer_or_a_sibling_cannot_explain(tree, people):
    record = _late_activity(tree.branch_a1)
    key = f"activity:{record.pk}:dates"
    with pytest.raises(PermissionDenied):
        quality.explanation_save(unit=tree.branch_a1, period=Q4, check_key=key, text="x", by=people.viewer)
    with pytest.raises(Http404):
        quality.explanation_save(unit=tree.branch_a1, period=Q4, check_key=key, text="x", by=people.sibling)
    assert not Explanation.objects.exists()


# ---------------------------------------------------------------------------------------------------------
# The page


def page(client, code="XA", period="2024Q4"):
    return client.get(f"/bao-cao/chat-luong/{code}/?period={period}")


def test_the_quality_page_lists_each_unit_of_the_sub_tree_with_its_issues(tree, people, login):
    activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    _late_activity(tree.branch_a2)
    response = page(login(people.approver))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-unit="CA1"' in html and 'data-unit="CA2"' in html
    assert "Số lượt tham gia (5) ít hơn số cuộc, buổi (12)" in html
    assert 'data-count="errors">1<' in html and 'data-count="open_warnings">1<' in html
    assert 'name="check_key"' in html  # the approver at XA may explain CA2's warning


def test_officers_above_see_the_issues_below_and_a_sibling_gets_404(tree, people, login):
    activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    assert 'data-unit="CA1"' in page(login(people.above), "HA").content.decode()
    assert 'data-unit="CA1"' in page(login(people.own), "CA1").content.decode()
    assert page(login(people.sibling), "CA1").status_code == 404
    assert page(login(people.other_district), "XA").status_code == 404


def test_a_viewer_sees_the_page_without_the_explanation_form_and_cannot_post_one(tree, people, login):
    record = _late_activity(tree.branch_a1)
    client = login(people.viewer)
    html = page(client, "CA1").content.decode()
    assert "sau khi hết quý IV/2024" in html and 'name="check_key"' not in html
    response = client.post(
        "/bao-cao/chat-luong/CA1/giai-trinh/",
        {"period": "2024Q4", "unit": "CA1", "check_key": f"activity:{record.pk}:dates", "text": "x"},
    )
    assert response.status_code == 403
    assert not Explanation.objects.exists()


def test_the_unit_officer_explains_a_warning_through_the_page(tree, people, login):
    record = _late_activity(tree.branch_a1)
    client = login(people.own)
    response = client.post(
        "/bao-cao/chat-luong/CA1/giai-trinh/",
        {
            "period": "2024Q4",
            "unit": "CA1",
            "check_key": f"activity:{record.pk}:dates",
            "text": "Hoạt động qua Tết",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lưu giải trình" in html and "Giải trình: Hoạt động qua Tết" in html
    assert 'data-count="open_warnings">0<' in html


def test_a_bad_period_says_why_and_shows_this_year(tree, people, login):
    html = page(login(people.own), "CA1", "2025X9").content.decode()
    assert "Kỳ báo cáo «2025X9» không hợp lệ" in html


def test_a_quarters_outliers_leave_out_the_figures_kept_only_at_the_year_end():
    """Evaluations are all dated 31/12: among the four quarters before, one at most holds that day, so
    their figures can never be outliers of a quarter, and their history is not read."""
    from doanvu.lib import periods
    from doanvu.reports.quality.records import history, outlier_flows

    flows = ["activities", "members_evaluated", "members_good", "training_registered"]
    assert outlier_flows(flows, history(periods.parse("2026Q2"))) == ["activities"]
    assert outlier_flows(flows, history(periods.parse("05/2026"))) == ["activities"]
    assert outlier_flows(flows, history(periods.parse("2026"))) == flows
