"""The data-quality counts a dashboard shows are kept per unit and period and stay equal to the checks of
the whole sub-tree done from scratch, whatever is written: an outlier recorded, explained and fixed, an
error, a rule, a restructure, and the day a period ends."""

import datetime
import re

import pytest
import time_machine

from doanvu.lib import periods
from doanvu.org.services import unit_move
from doanvu.reports import quality
from doanvu.reports.models import QualityChange, QualityCount, QualityRule
from doanvu.reports.quality import counts
from doanvu.stats import rollup_build
from doanvu.work.models import ActivityFigure, Indicator

from .test_eval_member_factories import decided
from .test_members_factories import bulk_members
from .test_quality_factories import activity, catalogue, direct

Q4 = periods.parse("2024Q4")


def kept(unit, period=Q4):
    return counts.subtree_counts(unit=unit, period=period)


def from_scratch(unit, period=Q4):
    return quality.issue_counts(quality.quality_overview(unit=unit, period=period).found)


def assert_exact(tree, period=Q4):
    for unit in (tree.province, tree.district_a, tree.grassroots_a, tree.branch_a1, tree.district_b):
        assert kept(unit, period).as_dict() == from_scratch(unit, period), unit.code


def shown_counts(response) -> dict[str, str]:
    assert response.status_code == 200
    return dict(re.findall(r'data-count="(\w+)">(\d+)<', response.content.decode()))


def blood_history(unit, year=2024):
    for month in (2, 5, 8):
        activity(unit, datetime.date(year, month, 1), {"activities": 1, "blood_units": 10})


def explain_blood(tree, people):
    """The branch's officer explains its outlier of blood units."""
    quality.explanation_save(
        unit=tree.branch_a1,
        period=Q4,
        check_key="outlier:blood_units",
        text="Ngày hội hiến máu",
        by=people.own,
    )


def test_the_kept_counts_equal_the_checks_from_scratch_after_each_write(tree, people):
    assert_exact(tree)
    blood_history(tree.branch_a1)
    assert_exact(tree)
    record = activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 45})
    assert_exact(tree)
    # The branch and every unit above it see the outlier in their totals.
    assert kept(tree.province).open_warnings == 4

    explain_blood(tree, people)
    assert_exact(tree)
    assert (kept(tree.province).open_warnings, kept(tree.province).explained) == (3, 1)

    figure = ActivityFigure.objects.get(activity=record, indicator__code="blood_units")
    figure.value = 12
    figure.save()  # fixed: no longer an outlier
    assert_exact(tree)
    assert kept(tree.province).as_dict() == {"errors": 0, "open_warnings": 0, "explained": 0, "units": 0}

    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    assert_exact(tree)
    assert kept(tree.district_a).errors == 1

    catalogue()
    QualityRule.objects.create(
        owner_unit=tree.province,
        left=Indicator.objects.get(code="blood_units"),
        op=QualityRule.Op.LE,
        constant=40,
        severity=QualityRule.Severity.WARNING,
        message="Số đơn vị máu vượt kế hoạch",
    )
    assert_exact(tree)

    unit_move(
        unit=tree.branch_a1,
        new_parent=tree.grassroots_b,
        on=datetime.date(2024, 11, 15),
        by=people.admin,
        reason="Điều chỉnh địa giới",
    )
    assert_exact(tree)


def test_an_activitys_dates_alone_change_the_counts_of_the_unit_that_leads_it(tree):
    record = activity(tree.branch_a1, datetime.date(2024, 10, 1), {"activities": 1})
    assert kept(tree.grassroots_a).open_warnings == 0
    record.end_on = datetime.date(2025, 1, 10)  # past the quarter: a warning
    record.save()
    assert kept(tree.grassroots_a).open_warnings == 1
    assert_exact(tree)


def test_a_stock_entered_directly_which_the_rollups_do_not_keep_changes_the_counts_above_it(tree):
    catalogue()
    QualityRule.objects.create(
        owner_unit=tree.province,
        left=Indicator.objects.get(code="branches_congress_held"),
        op=QualityRule.Op.LE,
        constant=5,
        severity=QualityRule.Severity.ERROR,
        message="Số cơ sở đã đại hội vượt số cơ sở",
    )
    assert kept(tree.province).errors == 0
    value = direct(tree.grassroots_a, "branches_congress_held", "2024Q4", 9)
    assert kept(tree.province).errors == 3  # the grassroots union, its district, the province
    assert_exact(tree)
    value.value = 4
    value.save()
    assert kept(tree.province).errors == 0
    assert_exact(tree)


def test_a_decided_member_evaluation_a_registered_source_counts_changes_the_counts_above_it(tree):
    catalogue()
    QualityRule.objects.create(
        owner_unit=tree.province,
        left=Indicator.objects.get(code="members_not_completed"),
        op=QualityRule.Op.LE,
        constant=0,
        severity=QualityRule.Severity.WARNING,
        message="Có đoàn viên không hoàn thành nhiệm vụ",
    )
    year = periods.parse("2025")
    (member,) = bulk_members(tree.branch_a1, ["An"])
    assert kept(tree.province, year).open_warnings == 0
    evaluation = decided(member, "not_completed", year=2025)
    assert kept(tree.province, year).open_warnings == 4  # the branch and the three units above it
    assert_exact(tree, year)
    evaluation.delete()
    assert kept(tree.province, year).open_warnings == 0


def test_rebuilding_the_rollups_counts_every_unit_again(tree):
    blood_history(tree.branch_a1)
    kept(tree.province)
    rollup_build.rebuild()
    assert kept(tree.province).counted == 8
    assert_exact(tree)


def test_a_second_view_counts_nothing_again_and_a_write_only_the_units_above_it(tree):
    blood_history(tree.branch_a1)
    activity(tree.branch_b1, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    first = kept(tree.province)
    assert first.counted == 8  # every unit of the test tree, once
    assert kept(tree.province).counted == 0
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 3, "participations": 1})
    again = kept(tree.province)
    assert again.counted == 4  # the branch, its grassroots union, its district, the province
    assert again.as_dict() == from_scratch(tree.province) != first.as_dict()
    # Another district's view: its own units were not touched.
    kept(tree.district_b)
    activity(tree.branch_a1, datetime.date(2024, 11, 2), {"activities": 1})
    assert kept(tree.district_b).counted == 0


def test_the_counts_of_a_running_quarter_change_on_the_day_it_ends(tree):
    period = periods.parse("2026Q4")  # the suite's clock: 5 December 2026
    for month in (2, 5, 8):
        activity(tree.branch_a1, datetime.date(2026, month, 1), {"activities": 1, "participations": 60})
    activity(tree.branch_a1, datetime.date(2026, 10, 1), {"activities": 1, "participations": 5})
    assert kept(tree.branch_a1, period).open_warnings == 0  # still coming in: not judged too low yet
    with time_machine.travel(datetime.datetime(2027, 1, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert kept(tree.branch_a1, period).open_warnings == 1
        assert_exact(tree, period)


def test_the_dashboard_shows_what_the_data_quality_page_lists(tree, people, login):
    blood_history(tree.branch_a1)
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 45})
    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    client = login(people.above)
    listed = shown_counts(client.get("/bao-cao/chat-luong/HA/?period=2024Q4"))
    shown = shown_counts(client.get("/bao-cao/tong-quan/HA/?period=2024Q4"))
    # One error (the activity of CA2); the outlier in the branch, its grassroots union and the district.
    assert shown == {"errors": "1", "open_warnings": "3", "explained": "0"}
    assert {key: listed[key] for key in shown} == shown
    assert login(people.sibling).get("/bao-cao/tong-quan/HA/?period=2024Q4").status_code == 404


@pytest.mark.django_db(transaction=True)  # merged outside any transaction, as on a page
def test_merging_many_change_rows_keeps_the_counts_valid_and_exact(tree, monkeypatch):
    monkeypatch.setattr(counts, "MERGE_AT", 5)
    blood_history(tree.branch_a1)  # three activities: dozens of change rows under the province
    assert kept(tree.province).counted == 8
    assert QualityChange.objects.count() <= 9  # merged: one row per unit, and one for every unit
    assert kept(tree.province).counted == 0
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 45})
    assert kept(tree.province).counted == 4
    assert_exact(tree)


def test_the_work_report_names_the_units_open_warnings_and_none_once_they_are_explained(tree, people):
    """The report reads the unit's kept counts first and runs the checks only when something is open."""
    from doanvu.reports.document.data import build_report_data

    def drafted(unit) -> str:
        return " ".join(str(text) for text in build_report_data(unit=unit, period=Q4)["drafted"].values())

    blood_history(tree.branch_a1)
    activity(tree.branch_a1, datetime.date(2024, 11, 1), {"activities": 1, "blood_units": 45})
    assert "Còn 01 cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình" in drafted(tree.branch_a1)
    assert QualityCount.objects.get(unit=tree.branch_a1, period=Q4.code).open_warnings == 1  # kept by it
    assert_exact(tree)
    assert "Còn 01 cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình" in drafted(tree.branch_a1)
    assert "cảnh báo về số liệu" not in drafted(tree.district_b)  # another sub-tree, nothing open
    explain_blood(tree, people)
    assert "cảnh báo về số liệu" not in drafted(tree.branch_a1)
