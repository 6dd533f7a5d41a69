"""Members in arrears in the stats: one grouped query for the unit and all its children, with the same
figures as the dues selector (doanvu.work.arrears.members_in_arrears_count) for each of them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doanvu.lib import periods
from doanvu.members import services as member_services
from doanvu.stats import rollup_build, unit_stats
from doanvu.work import arrears, dues

from .conftest import make_unit
from .test_members_factories import admit

D = datetime.date
CODE = ["members_in_arrears"]


def _stats(unit, period):
    return unit_stats(unit=unit, period=periods.parse(period), indicators=CODE)


def _assert_same_as_the_selector(unit, period: str, day: datetime.date) -> None:
    result = _stats(unit, period)
    total = arrears.members_in_arrears_count(unit=unit, day=day)
    assert result.values["members_in_arrears"] == total, unit.code
    children = 0
    for child in result.children:
        expected = arrears.members_in_arrears_count(unit=child.unit, day=day)
        assert child.values["members_in_arrears"] == expected, child.unit.code
        children += expected
    assert result.own["members_in_arrears"] == total - children, unit.code


def _members(tree, people):
    """CA1: a payer and two who never paid; CA2: one who paid the first half of the year only; CB1: one who never paid, in a
    branch that has recorded no dues at all (so nothing is counted owed there)."""
    payer = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình")
    late = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a1, people.own, full_name="Lê Văn Cường", joined_on=D(2025, 10, 20))
    half = admit(tree.branch_a2, people.sibling, full_name="Phạm Thị Dung")
    admit(tree.branch_b1, people.other_district, full_name="Hoàng Văn Em")
    dues.dues_record(
        unit=tree.branch_a1, month="2025", payments=[payer.pk], paid_on=D(2025, 1, 5), by=people.own
    )
    dues.dues_record(
        unit=tree.branch_a2, month="2025S1", payments=[half.pk], paid_on=D(2025, 1, 5), by=people.sibling
    )
    return late


def test_arrears_of_a_past_period_match_the_dues_selector_for_the_unit_and_each_child(tree, people):
    _members(tree, people)
    end = D(2025, 12, 31)
    for unit in (tree.province, tree.district_a, tree.grassroots_a, tree.branch_a1, tree.district_b):
        _assert_same_as_the_selector(unit, "2025", end)
    # Nguyễn Văn An (12 months) and Phạm Thị Dung (6); the newcomer owes 2 months only, and Hoàng Văn Em's
    # branch has not opened its dues book.
    assert _stats(tree.province, "2025").values["members_in_arrears"] == 2
    assert _stats(tree.grassroots_a, "2025Q4").values["members_in_arrears"] == 2


def test_arrears_follow_the_rolls_as_they_stood_on_the_periods_last_day(tree, people):
    late = _members(tree, people)
    member_services.member_remove(member=late, on=D(2025, 11, 1), reason="Bỏ sinh hoạt", by=people.own)
    _assert_same_as_the_selector(tree.grassroots_a, "202510", D(2025, 10, 31))
    _assert_same_as_the_selector(tree.grassroots_a, "202511", D(2025, 11, 30))
    assert _stats(tree.branch_a1, "202510").values["members_in_arrears"] == 1
    assert _stats(tree.branch_a1, "202511").values["members_in_arrears"] == 0


def test_arrears_of_a_running_period_are_counted_today_on_the_current_rolls(tree, people):
    _members(tree, people)
    today = timezone.localdate()
    for unit in (tree.province, tree.district_a, tree.grassroots_a):
        _assert_same_as_the_selector(unit, str(today.year), today)


def test_the_threshold_is_the_configured_number_of_unpaid_months(tree, people, settings):
    _members(tree, people)
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "dues_arrears_months": 7}
    _assert_same_as_the_selector(tree.province, "2025", D(2025, 12, 31))
    assert _stats(tree.province, "2025").values["members_in_arrears"] == 1  # Dung's 6 months no longer count


def _queries(unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        _stats(unit, "2025")
    return len(queries)


def test_arrears_cost_the_same_number_of_queries_for_2_or_8_children(tree, people):
    _members(tree, people)
    few = _queries(tree.grassroots_a)
    for n in range(3, 9):
        branch = make_unit(tree.grassroots_a, "branch", f"Chi đoàn A{n}", f"CA{n}")
        admit(branch, people.approver, full_name=f"Đoàn viên {n}")
    assert _queries(tree.grassroots_a) == few
    _assert_same_as_the_selector(tree.grassroots_a, "2025", D(2025, 12, 31))


@pytest.mark.parametrize(
    ("period", "in_arrears"),
    [
        ("202510", 0),  # one month unpaid since the book opened in October
        ("202512", 1),  # Nguyễn Văn An: October to December
        ("2025Q4", 1),
        ("2025M9", 0),  # ends in September, before the book opened
        ("2025S2", 1),
        ("2025", 1),
        ("2026Q1", 2),  # An six months; Bình, who paid the fourth quarter only, three
        ("NH2025-2026", 2),  # the school year to July 2026: An ten months since October, Bình seven
        ("NK2022-2027", 2),  # the running term, counted today: the twelve months to November 2026
    ],
)
def test_arrears_count_only_the_months_since_the_branch_opened_its_dues_book(
    tree, people, period, in_arrears
):
    payer = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình")
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    dues.dues_record(
        unit=tree.branch_a1, month="2025Q4", payments=[payer.pk], paid_on=D(2025, 10, 5), by=people.own
    )
    assert _stats(tree.branch_a1, period).values["members_in_arrears"] == in_arrears
    _assert_same_as_the_selector(tree.grassroots_a, period, periods.parse(period).end)


def test_a_backdated_payment_and_its_cancellation_change_the_arrears_read_from_the_rollups_at_once(
    tree, people
):

    late = _members(tree, people)
    assert _stats(tree.branch_a1, "2025").values["members_in_arrears"] == 1  # Nguyễn Văn An
    dues.dues_record(  # the whole of 2025, paid late
        unit=tree.branch_a1, month="2025", payments=[late.pk], paid_on=D(2026, 1, 10), by=people.own
    )
    assert _stats(tree.branch_a1, "2025").values["members_in_arrears"] == 0
    assert rollup_build.check() == (0, [])
    dues.dues_cancel(unit=tree.branch_a1, month="2025", member_ids=[late.pk], by=people.own)
    assert _stats(tree.branch_a1, "2025").values["members_in_arrears"] == 1
    assert rollup_build.check() == (0, [])
    _assert_same_as_the_selector(tree.grassroots_a, "2025", D(2025, 12, 31))


def test_the_first_dues_of_a_branch_open_the_book_for_every_member_in_the_rollups(tree, people):

    payer = admit(tree.branch_b1, people.other_district, full_name="Vũ Thị Giang")
    admit(tree.branch_b1, people.other_district, full_name="Đặng Văn Hải")
    assert _stats(tree.district_b, "2025").values["members_in_arrears"] == 0  # no dues book yet
    dues.dues_record(
        unit=tree.branch_b1,
        month="202506",
        payments=[payer.pk],
        paid_on=D(2025, 6, 5),
        by=people.other_district,
    )
    # From June: Hải owes June to December, Giang July to December.
    assert _stats(tree.district_b, "2025").values["members_in_arrears"] == 2
    assert _stats(tree.district_b, "202507").values["members_in_arrears"] == 0
    assert rollup_build.check() == (0, [])
    _assert_same_as_the_selector(tree.district_b, "2025", D(2025, 12, 31))
