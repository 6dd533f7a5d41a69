"""Submission and approval: the states, who may move them, bottom-up approval, top-down unlocking, the lock,
the audit, and the completeness and timeliness of subunits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from doanvu.accounts.models import AuditEntry, Role
from doanvu.lib import periods
from doanvu.org.models import UnitKind
from doanvu.reports import selectors, workflow
from doanvu.reports.completeness import completeness
from doanvu.reports.models import Report

from .conftest import make_officer, make_unit
from .test_quality_factories import activity, at, report, report_form

Q4 = periods.parse("2024Q4")
State = Report.State


def kinds(*codes):
    return list(UnitKind.objects.filter(code__in=codes))


def submit(unit, by, period=Q4):
    return workflow.report_submit(unit=unit, period=period, by=by)


@pytest.fixture
def district_approver(tree):
    return make_officer("district_approver", tree.district_a, Role.APPROVER)


def test_a_unit_submits_its_report_and_its_data_locks(tree, people):
    sent = submit(tree.branch_a1, people.own)
    assert sent.state == State.SUBMITTED and sent.is_locked
    assert sent.submitted_by == people.own and sent.submitted_at is not None
    # What was sent is frozen: the document with its figures, as finalising would have done.
    assert sent.finalised_at is not None
    assert sent.figures["unit"]["code"] == "CA1" and sent.figures["period"]["code"] == "2024Q4"
    assert "values" in sent.figures["figures"]
    entry = AuditEntry.objects.get(action="report.submit")
    assert entry.unit == tree.branch_a1 and entry.actor == people.own


@pytest.mark.django_db(transaction=True)
def test_a_submission_from_a_page_outside_any_transaction_holds_its_own(tree, people):
    """Pages run in autocommit: the service opens the transaction its row lock needs (PostgreSQL refuses
    SELECT … FOR UPDATE outside one)."""
    from django.db import connection

    assert not connection.in_atomic_block
    assert submit(tree.branch_a1, people.own).state == State.SUBMITTED


def test_submission_is_refused_with_the_list_of_errors(tree, people):
    activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    with pytest.raises(workflow.QualityError) as refused:
        submit(tree.branch_a1, people.own)
    assert any("Số lượt tham gia (5) ít hơn số cuộc, buổi (12)" in line for line in refused.value.messages)
    assert [entry.unit.code for entry in refused.value.issues] == ["CA1"]
    assert not Report.objects.filter(state=State.SUBMITTED).exists()
    assert not AuditEntry.objects.filter(action="report.submit").exists()


def test_an_error_in_the_upper_units_totals_blocks_its_submission(tree, people):
    # A negative amount below makes the grassroots union's own total negative: its report states it.
    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"funds_vnd": -1})
    with pytest.raises(workflow.QualityError, match="Đoàn xã A — Lỗi: Số tiền"):
        submit(tree.grassroots_a, people.approver)


def test_a_childs_activity_error_blocks_the_childs_submission_not_the_parents(tree, people):
    # The child's record is the child's to fix; the parent waits for its approved report anyway.
    activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    with pytest.raises(workflow.QualityError, match="Chi đoàn A2"):
        submit(tree.branch_a2, people.sibling)
    assert submit(tree.grassroots_a, people.approver).state == State.SUBMITTED


def test_a_warning_must_be_explained_before_submission(tree, people):
    record = activity(
        tree.branch_a1, datetime.date(2024, 12, 30), {"activities": 1}, end=datetime.date(2025, 1, 2)
    )
    with pytest.raises(workflow.QualityError, match="Cảnh báo chưa giải trình"):
        submit(tree.branch_a1, people.own)
    workflow.quality.explanation_save(
        unit=tree.branch_a1, period=Q4, check_key=f"activity:{record.pk}:dates", text="Qua Tết", by=people.own
    )
    assert submit(tree.branch_a1, people.own).state == State.SUBMITTED


def test_a_submitted_report_cannot_be_submitted_again(tree, people):
    submit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError, match="Đã gửi, chờ duyệt"):
        submit(tree.branch_a1, people.own)


def test_a_viewer_cannot_submit_and_a_sibling_does_not_see_the_unit(tree, people):
    with pytest.raises(PermissionDenied):
        submit(tree.branch_a1, people.viewer)
    with pytest.raises(Http404):
        submit(tree.branch_a1, people.sibling)
    assert not Report.objects.exists()


def test_the_unit_above_approves_a_submitted_report(tree, people):
    submit(tree.branch_a1, people.own)
    approved = workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver, comment="Tốt")
    assert approved.state == State.APPROVED and approved.is_locked
    assert approved.decided_by == people.approver and approved.decision_comment == "Tốt"
    assert AuditEntry.objects.filter(action="report.approve", unit=tree.branch_a1).exists()


def test_approval_is_refused_to_a_non_approver_to_the_unit_itself_and_to_outsiders(tree, people):
    submit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.own)
    with pytest.raises(PermissionDenied):
        workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.above)  # editor, not approver
    with pytest.raises(Http404):
        workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.sibling)
    own_approver = make_officer("ca1_approver", tree.branch_a1, Role.APPROVER)
    with pytest.raises(PermissionDenied):
        workflow.report_approve(unit=tree.branch_a1, period=Q4, by=own_approver)
    assert Report.objects.get(unit=tree.branch_a1).state == State.SUBMITTED


def test_only_a_submitted_report_can_be_approved(tree, people):
    report(tree.branch_a1, "2024Q4")
    with pytest.raises(ValidationError, match="Chỉ duyệt được báo cáo đã gửi"):
        workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver)
    with pytest.raises(ValidationError, match="chưa có báo cáo"):
        workflow.report_approve(unit=tree.branch_a2, period=Q4, by=people.approver)


def test_a_parent_is_approved_only_after_its_required_children(tree, people, district_approver):
    report_form(tree.grassroots_a, kinds("branch"))
    submit(tree.branch_a1, people.own)
    workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver)
    submit(tree.grassroots_a, people.approver)
    with pytest.raises(ValidationError, match="Chi đoàn A2 \\(chưa có báo cáo\\)"):
        workflow.report_approve(unit=tree.grassroots_a, period=Q4, by=district_approver)
    submit(tree.branch_a2, people.sibling)
    with pytest.raises(ValidationError, match="Chi đoàn A2 \\(Đã gửi, chờ duyệt\\)"):
        workflow.report_approve(unit=tree.grassroots_a, period=Q4, by=district_approver)
    workflow.report_approve(unit=tree.branch_a2, period=Q4, by=people.approver)
    assert (
        workflow.report_approve(unit=tree.grassroots_a, period=Q4, by=district_approver).state
        == State.APPROVED
    )


def test_children_no_form_asks_a_report_of_do_not_hold_the_parent_up(tree, people, district_approver):
    report_form(tree.grassroots_a, kinds("branch"), period_kind="month")  # another period kind
    submit(tree.grassroots_a, people.approver)
    assert (
        workflow.report_approve(unit=tree.grassroots_a, period=Q4, by=district_approver).state
        == State.APPROVED
    )


def test_a_child_report_waiting_for_a_decision_holds_the_parent_up_even_if_not_required(
    tree, people, district_approver
):
    submit(tree.branch_a1, people.own)
    submit(tree.grassroots_a, people.approver)
    with pytest.raises(ValidationError, match="Chi đoàn A1"):
        workflow.report_approve(unit=tree.grassroots_a, period=Q4, by=district_approver)


def test_returning_needs_a_comment_and_unlocks_the_data(tree, people):
    submit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError, match="ghi rõ ý kiến"):
        workflow.report_return(unit=tree.branch_a1, period=Q4, by=people.approver, comment=" ")
    returned = workflow.report_return(
        unit=tree.branch_a1, period=Q4, by=people.approver, comment="Bổ sung số liệu hiến máu"
    )
    assert returned.state == State.RETURNED and not returned.is_locked
    assert returned.decision_comment == "Bổ sung số liệu hiến máu"
    entry = AuditEntry.objects.get(action="report.return")
    assert entry.reason == "Bổ sung số liệu hiến máu"
    # Fixed and sent again.
    assert submit(tree.branch_a1, people.own).state == State.SUBMITTED


def test_the_unit_itself_cannot_return_or_unlock_its_report(tree, people):
    submit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        workflow.report_return(unit=tree.branch_a1, period=Q4, by=people.own, comment="Rút lại")
    workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver)
    with pytest.raises(PermissionDenied):
        workflow.report_unlock(unit=tree.branch_a1, period=Q4, by=people.own, comment="Sửa")


def test_only_an_approver_unlocks_an_approved_report(tree, people):
    submit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError, match="Chỉ mở khóa được báo cáo đã duyệt"):
        workflow.report_unlock(unit=tree.branch_a1, period=Q4, by=people.approver, comment="Sửa")
    workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver)
    with pytest.raises(PermissionDenied):
        workflow.report_unlock(unit=tree.branch_a1, period=Q4, by=people.province_officer, comment="Sửa")
    with pytest.raises(ValidationError, match="lý do"):
        workflow.report_unlock(unit=tree.branch_a1, period=Q4, by=people.approver, comment="")
    unlocked = workflow.report_unlock(
        unit=tree.branch_a1, period=Q4, by=people.approver, comment="Sai số liệu"
    )
    assert unlocked.state == State.RETURNED and not unlocked.is_locked
    assert AuditEntry.objects.filter(action="report.unlock", reason="Sai số liệu").exists()


def test_a_child_cannot_be_unlocked_while_its_parents_report_is_locked(tree, people, district_approver):
    submit(tree.branch_a1, people.own)
    workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver)
    submit(tree.grassroots_a, people.approver)
    with pytest.raises(ValidationError, match="cần mở khóa báo cáo đó trước"):
        workflow.report_unlock(unit=tree.branch_a1, period=Q4, by=people.approver, comment="Sửa")
    workflow.report_return(
        unit=tree.grassroots_a, period=Q4, by=district_approver, comment="Chờ chi đoàn sửa"
    )
    assert workflow.report_unlock(
        unit=tree.branch_a1, period=Q4, by=people.approver, comment="Sửa"
    ).state == (State.RETURNED)


def test_a_site_admin_may_decide(tree, people):
    submit(tree.branch_a1, people.own)
    assert workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.admin).state == State.APPROVED


# ---------------------------------------------------------------------------------------------------------
# Forms


def test_an_officer_defines_a_report_form_for_the_units_below(tree, people):
    form = workflow.report_form_save(
        owner_unit=tree.grassroots_a,
        name="Báo cáo quý của chi đoàn",
        period_kind="quarter",
        deadline_days=5,
        submitter_kinds=kinds("branch"),
        by=people.approver,
    )
    assert selectors.forms_for_unit(tree.branch_a1, Q4) == [form]
    assert selectors.forms_for_unit(tree.branch_b1, Q4) == []
    assert selectors.forms_for_unit(tree.grassroots_a, Q4) == []  # a form asks the units below, not its owner
    assert selectors.forms_for_unit(tree.branch_a1, periods.parse("2024")) == []
    assert AuditEntry.objects.filter(action="report_form.create", unit=tree.grassroots_a).exists()


def test_a_report_form_needs_a_name_a_kind_of_period_and_submitters(tree, people):
    with pytest.raises(ValidationError) as refused:
        workflow.report_form_save(
            owner_unit=tree.grassroots_a,
            name=" ",
            period_kind="week",
            deadline_days=400,
            submitter_kinds=[],
            by=people.approver,
        )
    assert set(refused.value.message_dict) == {"name", "period_kind", "deadline_days", "submitter_kinds"}


def test_a_viewer_cannot_define_a_report_form(tree, people):
    with pytest.raises(PermissionDenied):
        workflow.report_form_save(
            owner_unit=tree.province,
            name="Báo cáo năm",
            period_kind="year",
            deadline_days=10,
            submitter_kinds=kinds("district"),
            by=people.viewer,
        )


# ---------------------------------------------------------------------------------------------------------
# Completeness and timeliness


@pytest.fixture
def quarterly(tree):
    """XA asks its branches for a quarterly report by the 5th day after the quarter (5/1/2025 for Q4)."""
    tree.branch_a3 = make_unit(tree.grassroots_a, "branch", "Chi đoàn A3", "CA3")
    tree.branch_a4 = make_unit(tree.grassroots_a, "branch", "Chi đoàn A4", "CA4")
    return report_form(tree.grassroots_a, kinds("branch"), deadline_days=5)


def statuses(result):
    return {row.unit.code: row.status for row in result.rows}


def test_completeness_sorts_subunits_into_on_time_late_missing_and_approved(tree, people, quarterly):
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 5), 23))
    report(tree.branch_a2, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 7)))
    report(tree.branch_a3, "2024Q4", State.APPROVED, at(datetime.date(2025, 1, 2)))
    result = completeness(unit=tree.grassroots_a, form=quarterly, period=Q4, today=datetime.date(2025, 2, 1))
    assert result.deadline == datetime.date(2025, 1, 5)
    assert statuses(result) == {"CA1": "on_time", "CA2": "late", "CA3": "approved", "CA4": "missing"}
    counts = result.counts
    assert (counts["total"], counts["submitted"], counts["missing"], counts["late_total"]) == (4, 3, 1, 1)


def test_before_the_deadline_a_missing_report_is_pending(tree, quarterly):
    result = completeness(unit=tree.grassroots_a, form=quarterly, period=Q4, today=datetime.date(2025, 1, 4))
    assert set(statuses(result).values()) == {"pending"}


def test_the_list_to_remind_names_the_officers_of_units_missing_or_returned(tree, people, quarterly):
    people.own.email = "bithu.ca1@example.vn"
    people.own.save()
    report(tree.branch_a2, "2024Q4", State.RETURNED, at(datetime.date(2025, 1, 3)))
    report(tree.branch_a3, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 3)))
    result = completeness(unit=tree.grassroots_a, form=quarterly, period=Q4, today=datetime.date(2025, 2, 1))
    remind = {row.unit.code: row.officers for row in result.to_remind}
    assert set(remind) == {"CA1", "CA2", "CA4"}
    assert remind["CA1"] == [{"username": "own", "email": "bithu.ca1@example.vn"}]
    assert remind["CA2"] == [{"username": "sibling", "email": ""}]
    assert remind["CA4"] == []


def test_completeness_counts_only_the_kinds_the_form_asks(tree, quarterly):
    result = completeness(unit=tree.district_a, form=quarterly, period=Q4, today=datetime.date(2025, 2, 1))
    assert "XA" not in statuses(result)
    assert set(statuses(result)) == {"CA1", "CA2", "CA3", "CA4"}
