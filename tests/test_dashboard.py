"""The dashboard of a unit for a period: members over time, activities by work area, targets, subunit
completeness and data-quality counts; with the personas."""

import datetime
import re

from doanvu.lib import periods
from doanvu.members.models import Member
from doanvu.org.models import UnitKind
from doanvu.reports import series
from doanvu.reports.document import activities as document_activities
from doanvu.reports.models import Report
from doanvu.work.models import WorkArea

from .test_members_factories import admit
from .test_quality_factories import activity, at, report, report_form, target

Y2024 = periods.parse("2024")


def test_activities_are_counted_once_by_work_area_in_report_order(tree):
    shared = activity(tree.branch_a1, datetime.date(2024, 3, 1), area="education")
    shared.organiser_links.create(unit=tree.branch_a2)
    activity(tree.branch_a2, datetime.date(2024, 6, 1), area="children")
    activity(tree.branch_b1, datetime.date(2024, 6, 1), area="children")
    activity(tree.branch_a1, datetime.date(2025, 1, 1), area="children")  # another year
    by_area = dict(series.activities_by_area(tree.grassroots_a, Y2024))
    assert by_area["Công tác tuyên truyền, giáo dục"] == 1
    assert by_area["Công tác thiếu nhi"] == 1
    assert list(by_area)[0] == "Công tác tuyên truyền, giáo dục"


def test_the_chart_counts_sessions_as_the_report_chapters_do(tree):
    activity(tree.branch_a1, datetime.date(2024, 3, 1), {"activities": 4}, area="education")
    activity(tree.branch_a2, datetime.date(2024, 4, 1), area="education")
    by_area = dict(series.activities_by_area(tree.grassroots_a, Y2024))
    chapters = document_activities.activities_by_area(tree.grassroots_a, Y2024)
    education = WorkArea.objects.get(code="education")
    assert by_area["Công tác tuyên truyền, giáo dục"] == 5
    assert chapters[education.pk].sessions == 5


def test_targets_show_achievement_as_the_seeds_do(tree):
    for day in (datetime.date(2024, 3, 26), datetime.date(2024, 5, 19)):
        activity(tree.branch_a1, day, {"blood_units": 2})
    target(tree.branch_a1, "blood_units", "2024", 2, set_by=tree.grassroots_a)
    (progress,) = series.target_progress(tree.branch_a1, Y2024)
    assert (progress.value, progress.target, progress.achievement) == (4, 2, 200)
    assert progress.bar == 100


def test_members_are_a_stock_per_month_not_summed(tree, people):
    admit(tree.branch_a1, people.own, joined_on=datetime.date(2021, 3, 26))
    labels, members, party = series.member_series(tree.branch_a1, periods.parse("2024Q1"))
    assert labels == ["01/24", "02/24", "03/24"]
    assert Member.objects.count() == 1
    assert [int(v) for v in members] == [1, 1, 1]
    assert [int(v) for v in party] == [0, 0, 0]


def test_the_dashboard_page_draws_the_charts_inline_with_completeness_and_quality(tree, people, login):
    report_form(
        tree.grassroots_a,
        list(UnitKind.objects.filter(code="branch")),
        period_kind="year",
    )
    report(tree.branch_a1, "2024", Report.State.APPROVED, at(datetime.date(2025, 1, 3)))
    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    target(tree.grassroots_a, "activities", "2024", 2)
    html = login(people.approver).get("/bao-cao/tong-quan/XA/?period=2024").content.decode()
    assert html.count("<svg") == 3
    assert 'data-chart="members"' in html and 'data-chart="areas"' in html
    assert 'data-target="activities"' in html and "150%" in html
    assert 'data-count="approved">1<' in html and 'data-count="missing">1<' in html
    assert 'data-count="errors">1<' in html
    # Nothing is loaded from another host (a random token of the page may well spell "cdn").
    assert re.search(r'(?:src|href)="(?:https?:)?//', html) is None


def test_the_dashboard_follows_the_scope(tree, people, login):
    assert login(people.own).get("/bao-cao/tong-quan/CA1/?period=2024").status_code == 200
    assert login(people.above).get("/bao-cao/tong-quan/CA1/?period=2024").status_code == 200
    assert login(people.viewer).get("/bao-cao/tong-quan/XA/?period=2024").status_code == 200
    assert login(people.sibling).get("/bao-cao/tong-quan/CA1/?period=2024").status_code == 404
    assert login(people.nobody).get("/bao-cao/tong-quan/CA1/?period=2024").status_code == 404


def test_the_dashboards_report_counts_are_those_of_the_completeness_page(tree):
    """Every state a subunit's report can be in, counted the same on both pages."""
    from doanvu.reports.completeness import completeness, summary

    form = report_form(
        tree.province, list(UnitKind.objects.filter(code__in=["branch", "grassroots"])), "year"
    )
    report(tree.branch_a1, "2024", Report.State.APPROVED, at(datetime.date(2025, 1, 3)))
    report(tree.branch_a2, "2024", Report.State.SUBMITTED, at(datetime.date(2025, 2, 20)))  # late
    report(tree.grassroots_a, "2024", Report.State.RETURNED, at(datetime.date(2025, 1, 2)))
    report(tree.branch_b1, "2024", Report.State.DRAFT)
    period = periods.parse("2024")
    for unit in (tree.province, tree.district_a, tree.grassroots_a):
        for today in (datetime.date(2024, 12, 31), datetime.date(2025, 3, 1)):
            shown = summary(unit=unit, form=form, period=period, today=today)
            full = completeness(unit=unit, form=form, period=period, today=today)
            assert shown.counts == full.counts, (unit.code, today)
            assert shown.deadline == full.deadline
    assert (
        summary(unit=tree.province, form=form, period=period, today=datetime.date(2025, 3, 1)).counts[
            "late_total"
        ]
        == 1
    )
