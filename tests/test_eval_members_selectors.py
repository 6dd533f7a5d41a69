"""The inputs of member evaluation, read for a whole branch at once, and the sheet, decision and count reads."""

import pytest

from doanvu.evaluation.members import selectors
from doanvu.evaluation.members import services as evaluation

from .test_eval_member_factories import (
    ON,
    YEAR,
    D,
    decided,
    discipline,
    meetings,
    pay,
    position,
    roster,
    train,
)


@pytest.fixture
def branch(tree, people):
    return roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])


def test_the_inputs_come_from_meetings_dues_training_discipline_and_positions(tree, people, branch):
    an, binh, cuong = branch
    meetings(tree.branch_a1, branch, absent={binh: 3})
    meetings(tree.branch_a2, [an], held=2, absent={an: 2})  # another branch's meetings are not A1's
    pay(an, tree.branch_a1, range(1, 13))
    pay(binh, tree.branch_a1, range(1, 8))
    pay(binh, tree.branch_a1, [1], year=2024)
    train(an, "good")
    discipline(binh, "warning", D(2025, 9, 1))
    discipline(cuong, "reprimand", D(2024, 9, 1))  # another year
    position(an, tree.branch_a1, "secretary")
    inputs = selectors.member_inputs(unit=tree.branch_a1, year=YEAR, members=branch)
    assert (inputs[an.pk].meetings_attended, inputs[an.pk].meetings_expected) == (10, 10)
    assert str(inputs[binh.pk].attendance_pct) == "70.0"
    assert (inputs[an.pk].dues_unpaid_months, inputs[binh.pk].dues_unpaid_months) == (0, 5)
    assert inputs[an.pk].training_result == "good" and not inputs[binh.pk].training_registered
    assert inputs[binh.pk].disciplines == ("warning",) and inputs[cuong.pk].disciplines == ()
    assert inputs[an.pk].positions == ("Bí thư Chi đoàn A1",)


def test_months_before_joining_are_not_owed(tree, people):
    late = roster(tree.branch_a1, people.own, ["Ngô Văn Khoa"], joined_on=D(2025, 9, 10))[0]
    pay(late, tree.branch_a1, [10, 11])
    inputs = selectors.member_inputs(unit=tree.branch_a1, year=YEAR, members=[late])[late.pk]
    assert (inputs.dues_due_months, inputs.dues_paid_months, inputs.dues_unpaid_months) == (3, 2, 1)


def test_inputs_for_a_whole_branch_take_a_fixed_number_of_queries(
    tree, people, django_assert_max_num_queries
):
    members = roster(tree.branch_a1, people.own, [f"Đoàn viên {i}" for i in range(12)])
    meetings(tree.branch_a1, members)
    for member in members:
        train(member, "passed")
        discipline(member)
    with django_assert_max_num_queries(7):
        inputs = selectors.member_inputs(unit=tree.branch_a1, year=YEAR, members=members)
    assert len(inputs) == 12


def test_the_sheet_lists_the_members_of_the_years_end_with_their_evaluation(tree, people, branch):
    an = branch[0]
    late = roster(tree.branch_a1, people.own, ["Ngô Văn Khoa"], joined_on=D(2026, 1, 10))[0]
    meetings(tree.branch_a1, branch)
    for member in branch:
        pay(member, tree.branch_a1, range(1, 13))
    evaluation.evaluation_propose(member=an, year=YEAR, level="outstanding", on=ON, by=people.own)
    sheet = selectors.evaluation_sheet(unit=tree.branch_a1, year=YEAR)
    names = [row.member.full_name for row in sheet.rows]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"] and late.full_name not in names
    first = sheet.rows[0]
    assert first.step == "proposed" and [f.code for f in first.flags] == ["training"]
    assert sheet.rows[1].suggested == "good" and sheet.rows[1].level_for_form == "good"
    assert sheet.proposed["outstanding"] == 1 and sheet.flagged == 1


def test_the_sheet_of_a_past_year_follows_the_rolls_as_they_stood(tree, people, branch):
    """Trần Thị Bình moved to A2 in 2026: she stays on A1's 2025 sheet, and is on A2's 2026 one."""
    from doanvu.members.services import transfer_accept, transfer_request

    transfer = transfer_request(
        member=branch[1], to_unit=tree.branch_a2, requested_on=D(2026, 2, 1), by=people.own
    )
    transfer_accept(transfer=transfer, on=D(2026, 2, 2), by=people.approver)
    assert [r.member.full_name for r in selectors.evaluation_sheet(unit=tree.branch_a1, year=2025).rows] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
    ]
    assert [r.member.full_name for r in selectors.evaluation_sheet(unit=tree.branch_a2, year=2026).rows] == [
        "Trần Thị Bình"
    ]
    assert selectors.member_unit_on(branch[1], D(2025, 12, 31)) == tree.branch_a1


def test_the_deciding_unit_is_the_nearest_grassroots_union(tree):
    assert selectors.deciding_unit(tree.branch_a1) == tree.grassroots_a
    assert selectors.deciding_unit(tree.grassroots_a) == tree.grassroots_a
    assert selectors.deciding_unit(tree.district_a) == tree.province


def test_the_decision_progress_counts_each_branch(tree, people, branch):
    meetings(tree.branch_a1, branch)
    for member in branch[:2]:
        evaluation.evaluation_propose(member=member, year=YEAR, level="outstanding", on=ON, by=people.own)
    decided(branch[2], "good")
    progress = {p.unit.code: p for p in selectors.decision_progress(unit=tree.grassroots_a, year=YEAR)}
    assert set(progress) == {"CA1", "CA2"}
    a1 = progress["CA1"]
    assert (a1.members, a1.proposed, a1.flagged, a1.decided) == (3, 3, 2, 1)


def test_level_counts_give_the_sub_tree_and_each_child(tree, branch):
    decided(branch[0], "outstanding")
    decided(branch[1], "good")
    counts = selectors.level_counts(unit=tree.district_a, year=YEAR)
    assert counts.values["members_outstanding"] == 1 and counts.values["members_evaluated"] == 2
    assert [c.unit.code for c in counts.children] == ["XA"]
