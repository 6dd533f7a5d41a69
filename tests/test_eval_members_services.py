"""Member evaluation services: self-assessment, the branch's proposal with its flags, the grassroots union's
decision, the rules a unit sets; permissions, dates, audit and history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry, Role
from doanvu.evaluation.members import services as evaluation
from doanvu.evaluation.models import (
    EvaluationPolicy,
    MemberEvaluation,
)

from .conftest import make_officer
from .test_eval_member_factories import (
    DECIDED_ON,
    ON,
    YEAR,
    D,
    discipline,
    exemplary,
    meetings,
    pay_all,
    roster,
    train,
)


@pytest.fixture
def branch(tree, people):
    """Chi đoàn A1 with four members: three with exemplary records, one who missed half the meetings and did
    not register for the training programme."""
    members = roster(
        tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    )
    exemplary(tree.branch_a1, members[:3])
    meetings(tree.branch_a1, members[3:], absent={members[3]: 5})
    pay_all(members[3:], tree.branch_a1)
    return members


def propose(member, level, by, **kw):
    return evaluation.evaluation_propose(member=member, year=YEAR, level=level, note="", on=ON, by=by, **kw)


def test_the_branch_officer_enters_the_self_assessment_for_the_member(tree, people, branch):
    an = branch[0]
    result = evaluation.evaluation_self(
        member=an, year=YEAR, level="good", note="Tích cực tham gia", on=D(2025, 12, 10), by=people.own
    )
    assert (result.self_level, result.self_on, result.unit, result.as_of) == (
        "good",
        D(2025, 12, 10),
        tree.branch_a1,
        D(2025, 12, 31),
    )
    entry = AuditEntry.objects.get(action="evaluation.self")
    assert entry.member == an and entry.effective_on == D(2025, 12, 10)
    assert entry.summary == "Nguyễn Văn An tự đánh giá năm 2025: hoàn thành tốt nhiệm vụ"
    assert result.history.first().history_user == people.own


def test_a_sibling_or_a_viewer_cannot_enter_a_step(tree, people, branch):
    for user in (people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            evaluation.evaluation_self(member=branch[0], year=YEAR, level="good", on=ON, by=user)
        with pytest.raises(PermissionDenied):
            propose(branch[0], "good", user)
    assert not MemberEvaluation.objects.exists()


def test_a_clean_proposal_keeps_its_inputs_and_has_no_flag(tree, people, branch):
    result = propose(branch[0], "outstanding", people.own)
    assert result.flags == []
    assert result.inputs["attendance_pct"] == 100.0 and result.inputs["training_result"] == "outstanding"
    assert result.proposed_by == people.own and result.proposed_on == ON
    assert AuditEntry.objects.get(action="evaluation.propose").summary == (
        "Chi đoàn A1 đề xuất xếp loại Nguyễn Văn An năm 2025: hoàn thành xuất sắc nhiệm vụ"
    )


def test_a_proposal_that_breaks_rules_is_saved_with_its_reasons(tree, people, branch):
    dung = branch[3]
    result = propose(dung, "outstanding", people.own)
    assert [f["code"] for f in result.flags] == ["attendance", "training"]
    assert result.flags[0]["message"].startswith("Tỷ lệ dự sinh hoạt 50% (5/10 buổi) thấp hơn mức 90%")
    entry = AuditEntry.objects.get(action="evaluation.propose")
    assert "vi phạm 2 quy định" in entry.summary and "Tỷ lệ dự sinh hoạt 50%" in entry.reason


def test_the_quota_flag_follows_the_branchs_outstanding_proposals(tree, people, branch):
    EvaluationPolicy.objects.create(unit=tree.grassroots_a, year=YEAR, outstanding_max_share_pct=Decimal(25))
    first = propose(branch[0], "outstanding", people.own)
    assert first.flags == []
    second = propose(branch[1], "outstanding", people.own)
    assert [f["code"] for f in second.flags] == ["quota"]
    first.refresh_from_db()
    assert first.flags[0]["message"] == (
        "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ tối đa 25% của Chi đoàn A1: 02/04 đoàn viên (được tối đa 01)."
    )
    propose(branch[1], "good", people.own)
    first.refresh_from_db()
    assert first.flags == []


def test_a_batch_proposal_is_all_or_nothing(tree, people, branch):
    outsider = roster(tree.branch_b1, make_officer("b1", tree.branch_b1), ["Võ Văn Em"])[0]
    with pytest.raises(ValidationError) as error:
        evaluation.evaluations_propose(
            unit=tree.branch_a1,
            year=YEAR,
            levels={branch[0].pk: "good", branch[1].pk: "excellent", outsider.pk: "good"},
            on=ON,
            by=people.own,
        )
    problems = error.value.message_dict["levels"]
    assert "Trần Thị Bình: hãy chọn mức xếp loại." in problems
    assert "Võ Văn Em không có trong danh sách đánh giá năm 2025 của Chi đoàn A1." in problems
    assert not MemberEvaluation.objects.exists()


def test_a_batch_proposal_flags_each_member_and_applies_the_quota_to_the_batch(tree, people, branch):
    EvaluationPolicy.objects.create(unit=tree.branch_a1, year=YEAR, outstanding_max_share_pct=Decimal(50))
    done = evaluation.evaluations_propose(
        unit=tree.branch_a1,
        year=YEAR,
        levels={m.pk: "outstanding" for m in branch},
        on=ON,
        by=people.own,
    )
    flags = {e.member.full_name: [f["code"] for f in e.flags] for e in done}
    assert flags["Nguyễn Văn An"] == ["quota"]
    assert flags["Phạm Thị Dung"] == ["attendance", "training", "quota"]
    assert AuditEntry.objects.filter(action="evaluation.propose").count() == 4


def test_only_the_grassroots_union_or_above_decides(tree, people, branch):
    proposal = propose(branch[0], "good", people.own)
    for user in (people.own, people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            evaluation.evaluation_decide(evaluation=proposal, level="good", on=DECIDED_ON, by=user)
    decided = evaluation.evaluation_decide(
        evaluation=proposal, level="good", on=DECIDED_ON, decision_number="15-QĐ/ĐTN", by=people.approver
    )
    assert (decided.decided_level, decided.decision_unit, decided.decision_number) == (
        "good",
        tree.grassroots_a,
        "15-QĐ/ĐTN",
    )
    entry = AuditEntry.objects.get(action="evaluation.decide")
    assert entry.unit == tree.grassroots_a and entry.summary == (
        "Đoàn xã A xếp loại Nguyễn Văn An năm 2025: hoàn thành tốt nhiệm vụ"
    )
    # An editor of the district above may decide too.
    other = propose(branch[1], "good", people.own)
    assert evaluation.evaluation_decide(
        evaluation=other, level="good", on=DECIDED_ON, by=people.above
    ).decided_level


def test_deciding_a_level_that_breaks_a_rule_is_refused_with_the_reason_and_a_lower_one_is_accepted(
    tree, people, branch
):
    proposal = propose(branch[3], "outstanding", people.own)
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_decide(
            evaluation=proposal, level="outstanding", on=DECIDED_ON, by=people.approver
        )
    assert error.value.message_dict["level"][0].startswith("Phạm Thị Dung: Tỷ lệ dự sinh hoạt 50%")
    proposal.refresh_from_db()
    assert proposal.decided_level == ""
    decided = evaluation.evaluation_decide(
        evaluation=proposal, level="completed", on=DECIDED_ON, by=people.approver
    )
    assert decided.decided_level == "completed"
    assert (
        "Chi đoàn đề xuất: hoàn thành xuất sắc nhiệm vụ"
        in AuditEntry.objects.get(action="evaluation.decide").reason
    )


def test_the_decision_reads_the_records_of_the_day(tree, people, branch):
    """A discipline recorded after the proposal is seen when deciding."""
    proposal = propose(branch[0], "outstanding", people.own)
    discipline(branch[0], "warning", D(2025, 12, 22))
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_decide(
            evaluation=proposal, level="outstanding", on=DECIDED_ON, by=people.approver
        )
    assert "Bị kỷ luật (cảnh cáo) trong năm 2025" in error.value.message_dict["level"][0]


def test_nothing_is_decided_before_the_branch_proposes_or_before_the_proposal_date(tree, people, branch):
    self_only = evaluation.evaluation_self(member=branch[0], year=YEAR, level="good", on=ON, by=people.own)
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_decide(evaluation=self_only, level="good", on=DECIDED_ON, by=people.approver)
    assert error.value.message_dict["level"] == ["Nguyễn Văn An: chi đoàn chưa đề xuất xếp loại."]
    proposal = propose(branch[1], "good", people.own)
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_decide(evaluation=proposal, level="good", on=D(2025, 12, 1), by=people.approver)
    assert "trước ngày chi đoàn đề xuất (20/12/2025)" in error.value.message_dict["level"][0]


def test_a_decided_evaluation_is_not_proposed_or_self_assessed_again(tree, people, branch):
    proposal = propose(branch[0], "good", people.own)
    evaluation.evaluation_decide(evaluation=proposal, level="good", on=DECIDED_ON, by=people.approver)
    with pytest.raises(ValidationError) as error:
        propose(branch[0], "outstanding", people.own)
    assert (
        "đã được xếp loại hoàn thành tốt nhiệm vụ năm 2025 (ngày 28/12/2025)"
        in error.value.message_dict["level"][0]
    )
    with pytest.raises(ValidationError):
        evaluation.evaluation_self(member=branch[0], year=YEAR, level="good", on=ON, by=people.own)


def test_deciding_every_unflagged_proposal_of_a_branch_leaves_the_flagged_ones(tree, people, branch):
    for member in branch:
        propose(member, "outstanding", people.own)
    done = evaluation.evaluations_decide_unflagged(
        unit=tree.branch_a1, year=YEAR, on=DECIDED_ON, decision_number="20-QĐ", by=people.approver
    )
    assert sorted(e.member.full_name for e in done) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    assert MemberEvaluation.objects.get(member=branch[3]).decided_level == ""
    with pytest.raises(PermissionDenied):
        evaluation.evaluations_decide_unflagged(unit=tree.branch_a1, year=YEAR, on=DECIDED_ON, by=people.own)
    with pytest.raises(ValidationError) as error:
        evaluation.evaluations_decide_unflagged(
            unit=tree.branch_a1, year=YEAR, on=DECIDED_ON, by=people.approver
        )
    assert error.value.message_dict["level"] == ["Không có đề xuất nào chưa quyết định mà không bị gắn cờ."]


def test_the_decision_quota_counts_the_grassroots_unions_decisions(tree, people, branch):
    """Đoàn xã A evaluates 6 members (4 in A1, 2 in A2) and allows 50%: three outstanding, not four. The
    branch's quota flag on a proposal does not bind the decision; the union's own count does."""
    a2 = roster(tree.branch_a2, people.sibling, ["Đỗ Văn Giang", "Hồ Thị Hoa"])
    exemplary(tree.branch_a2, a2)
    EvaluationPolicy.objects.create(unit=tree.grassroots_a, year=YEAR, outstanding_max_share_pct=Decimal(50))
    an, binh, cuong = (propose(member, "outstanding", people.own) for member in branch[:3])
    assert [f["code"] for f in cuong.flags] == ["quota"]
    evaluation.evaluation_propose(member=a2[0], year=YEAR, level="outstanding", on=ON, by=people.sibling)
    for proposal in (an, binh):
        evaluation.evaluation_decide(
            evaluation=proposal, level="outstanding", on=DECIDED_ON, by=people.approver
        )
    evaluation.evaluations_decide_unflagged(unit=tree.branch_a2, year=YEAR, on=DECIDED_ON, by=people.approver)
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_decide(evaluation=cuong, level="outstanding", on=DECIDED_ON, by=people.approver)
    assert error.value.message_dict["level"] == [
        "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ tối đa 50% của Đoàn xã A: 04/06 đoàn viên (được tối đa 03)."
    ]
    assert MemberEvaluation.objects.filter(decided_level="outstanding").count() == 3
    assert evaluation.evaluation_decide(evaluation=cuong, level="good", on=DECIDED_ON, by=people.approver)


def test_a_member_not_on_the_rolls_at_the_years_end_is_not_evaluated(tree, people):
    late = roster(tree.branch_a1, people.own, ["Ngô Văn Khoa"], joined_on=D(2026, 1, 10))[0]
    with pytest.raises(ValidationError) as error:
        propose(late, "good", people.own)
    assert error.value.message_dict["member"] == [
        "Ngô Văn Khoa không sinh hoạt ở chi đoàn nào ngày 31/12/2025, không đánh giá năm 2025 được."
    ]


def test_dates_and_years_are_checked(tree, people, branch):
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_self(
            member=branch[0], year=YEAR, level="good", on=D(2024, 12, 31), by=people.own
        )
    assert error.value.message_dict["on"] == ["Ngày 31/12/2024 trước năm đánh giá 2025."]
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_self(member=branch[0], year=2999, level="good", on=ON, by=people.own)
    assert "Năm đánh giá phải từ 2000" in error.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_self(member=branch[0], year=YEAR, level="best", on=ON, by=people.own)
    assert "bốn mức xếp loại" in error.value.message_dict["level"][0]


def test_a_unit_sets_its_rules_starting_from_those_that_applied(tree, people):
    EvaluationPolicy.objects.create(unit=tree.district_a, year=YEAR, good_min_attendance_pct=Decimal(75))
    editor = make_officer("xa_editor", tree.grassroots_a, Role.EDITOR)
    policy = evaluation.evaluation_policy_set(
        unit=tree.grassroots_a, year=YEAR, data={"outstanding_max_share_pct": Decimal(20)}, by=editor
    )
    assert (policy.good_min_attendance_pct, policy.outstanding_max_share_pct) == (Decimal(75), Decimal(20))
    entry = AuditEntry.objects.get(action="evaluation.policy")
    assert entry.summary == "Quy định đánh giá đoàn viên năm 2025 của Đoàn xã A"
    again = evaluation.evaluation_policy_set(
        unit=tree.grassroots_a, year=YEAR, data={"outstanding_max_share_pct": ""}, by=editor
    )
    assert again.pk == policy.pk and again.outstanding_max_share_pct is None


def test_bad_rules_are_refused_field_by_field_and_a_viewer_cannot_set_them(tree, people):
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_policy_set(
            unit=tree.province,
            year=YEAR,
            data={"good_min_attendance_pct": Decimal(120)},
            by=people.province_officer,
        )
    assert "good_min_attendance_pct" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        evaluation.evaluation_policy_set(
            unit=tree.province, year=YEAR, data={"quota": 3}, by=people.province_officer
        )
    assert error.value.message_dict["__all__"] == ["Không có mục quy định: quota."]
    with pytest.raises(PermissionDenied):
        evaluation.evaluation_policy_set(unit=tree.province, year=YEAR, data={}, by=people.viewer)
    assert not EvaluationPolicy.objects.exists()


def test_a_training_result_recorded_later_lets_the_decision_go_through(tree, people, branch):
    """The proposal was flagged (no training result yet); the decision reads the result recorded since."""
    khoa = roster(tree.branch_a1, people.own, ["Ngô Văn Khoa"])[0]
    meetings(tree.branch_a1, [khoa])
    pay_all([khoa], tree.branch_a1)
    proposal = propose(khoa, "outstanding", people.own)
    assert [f["code"] for f in proposal.flags] == ["training"]
    train(khoa, "outstanding")
    decided = evaluation.evaluation_decide(
        evaluation=proposal, level="outstanding", on=DECIDED_ON, by=people.approver
    )
    assert decided.decided_level == "outstanding"
