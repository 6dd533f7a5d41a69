"""Each kind of indicator sums up the tree the right way: flows over time and up the tree, stocks at the
period's end, ratios recomputed from their parts; joint activities counted once above their organisers."""

import datetime
from decimal import Decimal

import pytest

from doanvu.lib import periods
from doanvu.members.services import member_remove, transfer_accept, transfer_request
from doanvu.stats import (
    indicators_for,
    stats_json,
    unit_stats,
)
from doanvu.work.models import Indicator

from .conftest import make_officer
from .test_members_factories import admit
from .test_stats_factories import activity, direct, dues, indicator, meeting

D = datetime.date


@pytest.fixture
def admin(db):
    return make_officer("quantri", None, superuser=True)


def stats(unit, code="2025", **kwargs):
    return unit_stats(unit=unit, period=periods.parse(code), **kwargs)


def child(result, unit):
    return next(c for c in result.children if c.unit.pk == unit.pk)


def test_activity_figures_add_up_over_the_period_and_up_the_tree(tree):
    activity(tree.branch_a1, D(2025, 2, 3), participations=40, funds_vnd="1500000.50")
    activity(tree.branch_a1, D(2025, 8, 9), participations=10, activities=3)
    activity(tree.branch_a2, D(2025, 5, 1), participations=5)
    activity(tree.grassroots_a, D(2025, 6, 1), participations=100)
    activity(tree.branch_a1, D(2024, 12, 31), participations=999)  # the year before: not counted

    result = stats(tree.grassroots_a)

    assert result.values["participations"] == 155
    assert result.values["funds_vnd"] == Decimal("1500000.5")
    # Sessions: the figure when given (3), else one per activity.
    assert result.values["activities"] == 6
    assert result.own["participations"] == 100
    assert child(result, tree.branch_a1).values["participations"] == 50
    assert child(result, tree.branch_a1).values["activities"] == 4
    assert child(result, tree.branch_a2).values["participations"] == 5
    assert stats(tree.province).values["participations"] == 155
    assert stats(tree.district_b).values["participations"] == 0


def test_a_quarter_counts_only_activities_started_in_it(tree):
    activity(tree.branch_a1, D(2025, 3, 31), participations=7)
    activity(tree.branch_a1, D(2025, 4, 1), participations=11)
    assert stats(tree.branch_a1, "2025Q1").values["participations"] == 7
    assert stats(tree.branch_a1, "2025Q2").values["participations"] == 11
    assert stats(tree.branch_a1, "202504").values["participations"] == 11


def test_a_joint_activity_shows_in_each_organiser_and_is_counted_once_above(tree):
    activity(tree.branch_a1, D(2025, 3, 26), with_units=[tree.branch_a2], participations=60, blood_units=12)

    result = stats(tree.grassroots_a)

    assert child(result, tree.branch_a1).values["participations"] == 60
    assert child(result, tree.branch_a2).values["participations"] == 60
    assert result.values["participations"] == 60  # not 120
    assert result.values["activities"] == 1
    assert stats(tree.province).values["blood_units"] == 12
    # Shared between children, the parent's value is less than the sum of its children's.
    assert result.values["participations"] < sum(c.values["participations"] for c in result.children)


def test_a_joint_activity_across_districts_is_counted_once_by_the_province_and_once_by_each_district(tree):
    activity(tree.branch_a1, D(2025, 5, 19), with_units=[tree.branch_b1], gifts=30)
    province = stats(tree.province)
    assert province.values["gifts"] == 30
    assert child(province, tree.district_a).values["gifts"] == 30
    assert child(province, tree.district_b).values["gifts"] == 30


def test_a_years_stock_is_the_value_at_its_end_not_the_sum_of_its_months(tree, admin):
    for month_no in range(1, 13):
        direct(tree.branch_a1, "branches_congress_held", f"2025{month_no:02d}", month_no)
    direct(tree.branch_a2, "branches_congress_held", "202506", 4)
    direct(tree.branch_a1, "news_articles", "202501", 3)
    direct(tree.branch_a1, "news_articles", "202502", 2)
    direct(tree.branch_a1, "news_articles", "2026", 50)  # another period: not counted in 2025

    result = stats(tree.grassroots_a)

    # December's 12 for A1 plus A2's latest (June's 4); never 78.
    assert result.values["branches_congress_held"] == 16
    assert child(result, tree.branch_a1).values["branches_congress_held"] == 12
    assert stats(tree.grassroots_a, "2025Q1").values["branches_congress_held"] == 3
    # A flow entered per month adds up.
    assert result.values["news_articles"] == 5


def test_members_are_counted_as_they_stood_on_the_last_day(tree, admin):
    admit(tree.branch_a1, admin, joined_on=D(2025, 1, 10))
    admit(tree.branch_a1, admin, joined_on=D(2025, 3, 10), party_probationary_on=D(2025, 11, 2))
    late = admit(tree.branch_a2, admin, joined_on=D(2025, 6, 10))
    admit(tree.branch_b1, admin, joined_on=D(2024, 6, 10))
    member_remove(member=late, on=D(2025, 9, 1), reason="Bỏ sinh hoạt", by=admin)

    year = stats(tree.province)
    assert year.values["members"] == 3  # the removed member is gone by December
    assert year.values["party_members"] == 1
    q1 = stats(tree.province, "2025Q1")
    assert q1.values["members"] == 3  # A1's two and B1's one; A2's member joined in June
    assert q1.values["party_members"] == 0  # admitted to the Party in November
    assert stats(tree.province, "2025S1").values["members"] == 4
    assert child(year, tree.district_a).values["members"] == 2
    assert stats(tree.branch_a1).own["members"] == 2


def test_branches_and_grassroots_units_are_counted_in_the_subtree_on_the_last_day(tree):
    result = stats(tree.province)
    assert result.values["branches"] == 3
    assert result.values["grassroots_units"] == 2
    assert child(result, tree.district_a).values["branches"] == 2
    assert stats(tree.branch_a1).values["branches"] == 1  # a branch counts itself
    assert stats(tree.province, "2019").values["branches"] == 0  # before the tree was founded


def test_the_attendance_rate_is_recomputed_from_its_parts_never_averaged(tree):
    meeting(tree.branch_a1, D(2025, 3, 5), present=19, absent=1)  # 95%
    meeting(tree.branch_a2, D(2025, 3, 6), present=1, absent=9)  # 10%

    result = stats(tree.grassroots_a, "2025Q1")

    assert child(result, tree.branch_a1).values["meeting_attendance_pct"] == Decimal("95.0")
    assert child(result, tree.branch_a2).values["meeting_attendance_pct"] == Decimal("10.0")
    assert result.values["meeting_attendance_pct"] == Decimal("66.7")  # 20/30, not (95 + 10) / 2
    assert result.values["meeting_attendances"] == 20
    assert result.values["meeting_expected"] == 30
    assert result.values["meetings_held"] == 2
    assert stats_json(result)["values"]["meeting_attendance_pct"] == 66.7


def test_a_ratio_with_nothing_under_it_is_undefined(tree):
    result = stats(tree.district_b)
    assert result.values["meeting_attendance_pct"] is None
    assert stats_json(result)["values"]["meeting_attendance_pct"] is None


def test_dues_collected_are_summed_by_payment_date(tree):
    dues(tree.branch_a1, D(2025, 1, 15), 2000)
    dues(tree.branch_a2, D(2025, 2, 15), 5000)
    dues(tree.branch_a1, D(2026, 1, 15), 7000)
    assert stats(tree.grassroots_a).values["dues_collected_vnd"] == 7000
    assert stats(tree.branch_a1, "2025Q1").values["dues_collected_vnd"] == 2000


def test_registry_flows_count_admissions_party_steps_and_status_changes_in_the_period(tree, admin):
    admit(
        tree.branch_a1,
        admin,
        joined_on=D(2025, 3, 26),
        party_introduced_on=D(2025, 5, 1),
        party_probationary_on=D(2025, 9, 2),
    )
    admit(
        tree.branch_a1,
        admin,
        joined_on=D(2019, 3, 26),
        party_probationary_on=D(2024, 2, 3),
        party_full_on=D(2025, 2, 3),
    )
    old = admit(tree.branch_a2, admin, joined_on=D(2024, 3, 26))
    member_remove(member=old, on=D(2025, 7, 1), reason="Không sinh hoạt 3 tháng", by=admin)
    older = admit(tree.branch_b1, admin, joined_on=D(2010, 3, 26), date_of_birth=D(1995, 1, 2))
    from doanvu.members.services import members_come_of_age

    members_come_of_age(members=[older], on=D(2025, 3, 26), by=admin)

    result = stats(tree.province)

    assert result.values["members_admitted"] == 1
    assert result.values["outstanding_introduced"] == 1
    assert result.values["party_admitted"] == 1
    assert result.values["party_full_members"] == 1
    assert result.values["members_removed"] == 1
    assert result.values["members_came_of_age"] == 1
    assert child(result, tree.district_a).values["members_removed"] == 1
    assert child(result, tree.district_b).values["members_came_of_age"] == 1
    assert stats(tree.province, "2024").values["members_admitted"] == 1


def test_transfers_count_across_the_subtrees_boundary_only(tree, admin):
    inside = admit(tree.branch_a1, admin, joined_on=D(2020, 3, 26))
    across = admit(tree.branch_a2, admin, joined_on=D(2020, 3, 26))
    t1 = transfer_request(member=inside, to_unit=tree.branch_a2, by=admin, requested_on=D(2025, 4, 1))
    transfer_accept(transfer=t1, by=admin, on=D(2025, 4, 5))
    t2 = transfer_request(member=across, to_unit=tree.branch_b1, by=admin, requested_on=D(2025, 6, 1))
    transfer_accept(transfer=t2, by=admin, on=D(2025, 6, 5))

    xa = stats(tree.grassroots_a)
    assert xa.values["members_transferred_in"] == 0  # A1 → A2 stays inside Đoàn xã A
    assert xa.values["members_transferred_out"] == 1
    assert child(xa, tree.branch_a2).values["members_transferred_in"] == 1
    assert child(xa, tree.branch_a2).values["members_transferred_out"] == 1
    assert child(xa, tree.branch_a1).values["members_transferred_out"] == 1
    province = stats(tree.province)
    assert province.values["members_transferred_in"] == province.values["members_transferred_out"] == 0
    assert child(province, tree.district_b).values["members_transferred_in"] == 1
    assert province.values["members"] == 2


def test_an_upper_levels_own_indicator_is_computed_only_at_and_below_it(tree):
    own = Indicator.objects.create(
        code="tv_green_sundays",
        name="Ngày chủ nhật xanh của tỉnh",
        unit_label="cuộc",
        kind="flow",
        source="activity",
        owner_unit=tree.district_a,
    )
    activity(tree.branch_a1, D(2025, 4, 6), tv_green_sundays=2)
    assert own in indicators_for(tree.branch_a1)
    assert own not in indicators_for(tree.district_b)
    assert stats(tree.district_a).values["tv_green_sundays"] == 2
    assert "tv_green_sundays" not in stats(tree.province).values
    assert "tv_green_sundays" not in stats(tree.district_b).values


def test_evaluation_indicators_are_left_out(tree):
    Indicator.objects.create(
        code="eval_rank", name="Xếp loại", unit_label="đơn vị", kind="stock", source="evaluation"
    )
    assert "eval_rank" not in stats(tree.branch_a1).values


def test_members_in_arrears_are_counted_at_the_periods_end_from_the_dues_records(tree, admin):
    # Each branch opened its dues book in February 2024; these two have paid nothing since: in arrears.
    for branch in (tree.branch_a1, tree.branch_b1):
        admit(branch, admin, joined_on=D(2024, 1, 10))
        payer = dues(branch, D(2024, 2, 5), 2000).member
        member_remove(member=payer, on=D(2024, 3, 1), reason="Chuyển đi nơi khác", by=admin)  # the book stays
    result = stats(tree.province)
    assert result.values["members_in_arrears"] == 2
    assert child(result, tree.district_a).values["members_in_arrears"] == 1
    assert result.own["members_in_arrears"] == 0


def test_only_the_asked_indicators_are_returned(tree):
    meeting(tree.branch_a1, D(2025, 3, 5), present=3, absent=1)
    result = stats(tree.grassroots_a, indicators=["meeting_attendance_pct", "participations"])
    assert result.values == {"participations": 0, "meeting_attendance_pct": Decimal("75.0")}
    assert child(result, tree.branch_a1).values["meeting_attendance_pct"] == Decimal("75.0")


def test_stats_json_has_the_unit_the_period_values_and_children(tree):
    activity(tree.branch_a1, D(2025, 3, 26), participations=12, funds_vnd="2500.5")
    data = stats_json(stats(tree.grassroots_a, "2025Q1"))
    assert data["unit"] == "XA" and data["period"] == "2025Q1" and data["name"] == "Đoàn xã A"
    assert data["values"]["participations"] == 12 and isinstance(data["values"]["participations"], int)
    assert data["values"]["funds_vnd"] == 2500.5
    assert [c["unit"] for c in data["children"]] == ["CA1", "CA2"]
    assert data["children"][0]["values"]["participations"] == 12
    assert indicator("members").code in data["values"]


def test_without_children_no_breakdown_is_given(tree):
    assert stats(tree.province, with_children=False).children == []
