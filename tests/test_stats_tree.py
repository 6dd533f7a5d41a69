"""The tree as it stood: a unit that moved or merged mid-year is counted where it stood when the work
was done."""

import datetime

import pytest

from doanvu.lib import periods
from doanvu.org.services import unit_merge, unit_move
from doanvu.stats import unit_stats

from .conftest import make_officer, make_unit
from .test_members_factories import admit
from .test_stats_factories import activity, meeting

D = datetime.date
MID = D(2025, 7, 1)


@pytest.fixture
def admin(db):
    return make_officer("quantri", None, superuser=True)


def stats(unit, code="2025"):
    unit.refresh_from_db()
    return unit_stats(unit=unit, period=periods.parse(code))


def values(result, unit):
    found = [c for c in result.children if c.unit.pk == unit.pk]
    return found[0].values if found else None


def test_a_branch_moved_mid_year_counts_under_the_old_parent_before_and_the_new_one_after(tree, admin):
    activity(tree.branch_a2, D(2025, 3, 1), participations=30)
    activity(tree.branch_a2, D(2025, 9, 1), participations=7)
    admit(tree.branch_a2, admin, joined_on=D(2024, 5, 1))
    unit_move(unit=tree.branch_a2, new_parent=tree.grassroots_b, on=MID, by=admin, reason="QĐ số 12")

    xa, xb = stats(tree.grassroots_a), stats(tree.grassroots_b)
    assert xa.values["participations"] == 30
    assert xb.values["participations"] == 7
    assert values(xa, tree.branch_a2)["participations"] == 30
    assert values(xb, tree.branch_a2)["participations"] == 7
    assert stats(tree.province).values["participations"] == 37
    assert stats(tree.branch_a2).values["participations"] == 37
    # Stocks are taken at the year's end: the branch and its member are in Đoàn xã B by then.
    assert xa.values["members"] == 0 and xb.values["members"] == 1
    assert values(xa, tree.branch_a2)["members"] == 0
    assert xa.values["branches"] == 1 and xb.values["branches"] == 2
    # In the first half-year it was still in Đoàn xã A.
    assert stats(tree.grassroots_a, "2025S1").values["members"] == 1
    assert values(stats(tree.grassroots_b, "2025S1"), tree.branch_a2) is None


def test_a_unit_moved_to_another_level_keeps_its_breakdown_by_child(tree, admin):
    activity(tree.branch_b1, D(2025, 2, 1), participations=5)
    activity(tree.branch_b1, D(2025, 10, 1), participations=6)
    activity(tree.grassroots_b, D(2025, 10, 2), participations=1)
    # Đoàn xã B now hangs directly under the province: its lineage gets shorter mid-year.
    unit_move(unit=tree.grassroots_b, new_parent=tree.province, on=MID, by=admin, reason="QĐ số 13")

    xb = stats(tree.grassroots_b)
    assert xb.values["participations"] == 12
    assert xb.own["participations"] == 1
    assert values(xb, tree.branch_b1)["participations"] == 11
    province = stats(tree.province)
    assert values(province, tree.district_b)["participations"] == 5
    assert values(province, tree.grassroots_b)["participations"] == 7
    assert province.values["participations"] == 12


def test_a_branch_merged_mid_year_still_appears_with_what_it_did_before(tree, admin):
    activity(tree.branch_a2, D(2025, 2, 1), participations=20)
    activity(tree.branch_a1, D(2025, 11, 1), participations=3)
    people = [admit(tree.branch_a2, admin, joined_on=D(2024, 5, 1)) for _ in range(5)]
    meeting(tree.branch_a2, D(2025, 2, 2), present=4, absent=1, people=people)
    admit(tree.branch_a1, admin, joined_on=D(2024, 5, 1))
    unit_merge(source=tree.branch_a2, target=tree.branch_a1, on=MID, by=admin, reason="QĐ số 14")

    xa = stats(tree.grassroots_a)
    assert [c.unit.code for c in xa.children] == ["CA1", "CA2"]
    assert values(xa, tree.branch_a2)["participations"] == 20
    assert values(xa, tree.branch_a2)["meeting_attendance_pct"] == 80
    assert values(xa, tree.branch_a2)["members"] == 0  # its member is in Chi đoàn A1 by December
    assert values(xa, tree.branch_a1)["members"] == 6
    assert xa.values["participations"] == 23
    assert xa.values["branches"] == 1
    q1 = stats(tree.grassroots_a, "2025Q1")
    assert values(q1, tree.branch_a2)["members"] == 5
    assert values(q1, tree.branch_a1)["members"] == 1
    # After the merge, the closed branch is no longer a child.
    assert [c.unit.code for c in stats(tree.grassroots_a, "2025Q4").children] == ["CA1"]


def test_a_unit_created_mid_year_counts_from_its_creation(tree):
    new = make_unit(tree.grassroots_a, "branch", "Chi đoàn A3", "CA3", on=D(2025, 9, 1))
    activity(new, D(2025, 9, 15), participations=9)
    xa = stats(tree.grassroots_a)
    assert values(xa, new)["participations"] == 9
    assert values(stats(tree.grassroots_a, "2025Q1"), new) is None
    assert stats(new, "2025Q1").values["branches"] == 0


def test_work_of_a_branch_moved_back_in_time_under_a_union_that_moved_since_counts_where_that_union_stood(
    tree, admin
):
    # Đoàn xã B sits under Huyện đoàn A from 1/3 to 1/7; Chi đoàn A1 moves under Đoàn xã B as of 1/2.
    unit_move(unit=tree.grassroots_b, new_parent=tree.district_a, on=D(2025, 3, 1), by=admin, reason="QĐ 1")
    unit_move(unit=tree.grassroots_b, new_parent=tree.district_b, on=MID, by=admin, reason="QĐ 2")
    unit_move(unit=tree.branch_a1, new_parent=tree.grassroots_b, on=D(2025, 2, 1), by=admin, reason="QĐ 3")
    activity(tree.branch_a1, D(2025, 2, 15), participations=3)
    activity(tree.branch_a1, D(2025, 5, 1), participations=11)
    activity(tree.branch_a1, D(2025, 9, 1), participations=5)

    ha, hb = stats(tree.district_a), stats(tree.district_b)
    assert ha.values["participations"] == 11
    assert values(ha, tree.grassroots_b)["participations"] == 11
    assert values(ha, tree.grassroots_a)["participations"] == 0
    assert hb.values["participations"] == 8
    assert values(hb, tree.grassroots_b)["participations"] == 8
    assert values(stats(tree.grassroots_b), tree.branch_a1)["participations"] == 19
    assert stats(tree.province).values["participations"] == 19
    # On 30/6 Chi đoàn A1 lay in Huyện đoàn A through Đoàn xã B: A2, B1 and A1.
    q2 = stats(tree.district_a, "2025Q2")
    assert q2.values["participations"] == 11 and q2.values["branches"] == 3
    assert stats(tree.district_b, "2025Q2").values["branches"] == 0
