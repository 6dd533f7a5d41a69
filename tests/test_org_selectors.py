"""Reads of the tree: member counts by sub-tree and the charter's minimums as warnings."""

import datetime

from doanvu.members.models import Member, Status
from doanvu.org import services
from doanvu.org.selectors import children_with_counts, unit_member_counts, unit_warnings
from tests.conftest import make_unit


def add_members(unit, n, status=Status.ACTIVE):
    for i in range(n):
        Member.objects.create(
            unit=unit,
            full_name=f"Người {unit.code} {i}",
            gender="female",
            date_of_birth=datetime.date(2002, 2, 2),
            status=status,
        )


def test_counts_add_up_whole_sub_trees_and_leave_out_members_in_transfer(tree):
    add_members(tree.branch_a1, 3)
    add_members(tree.branch_a2, 2)
    add_members(tree.branch_a2, 1, Status.TRANSFER_PENDING)
    add_members(tree.branch_b1, 4)
    add_members(tree.branch_b1, 1, Status.CAME_OF_AGE)

    assert [(u.code, u.member_count) for u in children_with_counts(tree.province)] == [("HA", 5), ("HB", 4)]
    assert [(u.code, u.member_count) for u in children_with_counts(None)] == [("TV", 9)]
    assert unit_member_counts(tree.district_a) == {"active": 5, "transfer_pending": 1, "party": 0}


def test_a_grassroots_union_with_one_branch_and_few_members_gets_two_warnings(tree, people):
    services.unit_dissolve(unit=tree.branch_a2, on=datetime.date(2025, 1, 1), by=people.above, reason="r")
    add_members(tree.branch_a1, 3)
    warnings = unit_warnings(tree.grassroots_a)
    assert "Đoàn cơ sở có 1 chi đoàn, ít hơn mức tối thiểu 2 chi đoàn." in warnings
    assert "Đoàn cơ sở có 3 đoàn viên, ít hơn mức tối thiểu 30 đoàn viên." in warnings


def test_a_full_grassroots_union_has_no_warning(tree):
    add_members(tree.branch_a1, 15)
    add_members(tree.branch_a2, 15)
    assert unit_warnings(tree.grassroots_a) == []


def test_a_bloc_union_under_the_province_needs_500_members(tree):
    bloc = make_unit(tree.province, "bloc", "Đoàn Khối các cơ quan", "DK")
    branch = make_unit(bloc, "branch", "Chi đoàn Sở Khoa học và Công nghệ", "SKHCN")
    add_members(branch, 3)
    assert unit_warnings(bloc) == [
        "Đoàn khối trực thuộc tỉnh có 3 đoàn viên, ít hơn mức tối thiểu 500 đoàn viên."
    ]


def test_a_closed_unit_has_no_warnings(tree, people):
    services.unit_dissolve(unit=tree.branch_a2, on=datetime.date(2025, 1, 1), by=people.above, reason="r")
    tree.branch_a2.refresh_from_db()
    assert unit_warnings(tree.branch_a2) == []
