"""Submission and approval of period reports, and the report forms upper units set: the writes.

States: draft → submitted → approved, or submitted → returned (with a comment) → submitted again; an
approved report goes back to returned only by `report_unlock`. Every submission keeps what was sent as a
ReportVersion (numbered 1, 2, …), and the decision on it: a report sent again is "resubmitted". A submitted or approved report locks the
unit's data for the period (`Report.is_locked`, enforced where records are written).

Who may do what:
- submit: an officer with EDIT on the unit (its own officers, or officers above). The unit's own
  data-quality checks run first (`quality.unit_issues`: its totals and the activities it leads): any error
  refuses the submission with the list; every warning needs a written explanation. Its children's data
  was checked when each of them submitted, and bottom-up approval waits for their approved reports.
- approve, return, unlock: an officer with APPROVE at a unit strictly above the report's unit (never the
  unit's own officers), or a site admin.
- Bottom-up: a report is approved only when every direct child (as the tree stood at the period's end)
  that must report for the period — a report form of that period kind covers its kind — has an approved
  report, and no direct child's report is still waiting for a decision. Children no form asks a report of
  do not hold their parent up.
- Unlocking goes top-down: a report cannot be unlocked while the report of the unit above for the same
  period is submitted or approved.

Reads (the forms that ask a unit for a report, deadlines, a unit's report and its children's, who may
decide) are in selectors.py, the completeness of subunits in completeness.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib.periods import KINDS, Period
from doanvu.org.models import OrgUnit, UnitKind

from . import quality, selectors
from .document.data import build_report_data
from .models import Report, ReportForm, ReportVersion

State = Report.State

# ---------------------------------------------------------------------------------------------------------
# Report forms


def _form_clean(*, name: str, period_kind: str, deadline_days: int, kinds: list[UnitKind]) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Hãy đặt tên biểu mẫu.")
    if period_kind not in KINDS:
        errors["period_kind"] = _("Loại kỳ không hợp lệ; chọn một trong: %(kinds)s.") % {
            "kinds": ", ".join(KINDS)
        }
    if deadline_days is None or deadline_days < 0 or deadline_days > 366:
        errors["deadline_days"] = _("Hạn nộp là số ngày sau khi hết kỳ, từ 0 đến 366.")
    if not kinds:
        errors["submitter_kinds"] = _("Chọn ít nhất một loại đơn vị phải báo cáo.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_form_save(
    *,
    owner_unit: OrgUnit,
    name: str,
    period_kind: str,
    deadline_days: int,
    submitter_kinds: list[UnitKind],
    is_active: bool = True,
    by,
    form: ReportForm | None = None,
) -> ReportForm:
    """Create (form=None) or change a report form owned by `owner_unit`; EDIT at the owner unit."""
    scope.check(by, owner_unit, scope.EDIT)
    if form is not None and form.owner_unit_id != owner_unit.pk:
        raise PermissionDenied
    _form_clean(name=name, period_kind=period_kind, deadline_days=deadline_days, kinds=submitter_kinds)
    created = form is None
    form = form or ReportForm(owner_unit=owner_unit)
    form.name, form.period_kind, form.deadline_days, form.is_active = (
        name.strip(),
        period_kind,
        deadline_days,
        is_active,
    )
    form.full_clean()
    form.save()
    form.submitter_kinds.set(submitter_kinds)
    audit_log(
        actor=by,
        action="report_form.create" if created else "report_form.update",
        unit=owner_unit,
        summary=(_("Tạo biểu mẫu báo cáo «%(name)s»") if created else _("Sửa biểu mẫu báo cáo «%(name)s»"))
        % {"name": form.name},
        data={
            "form": form.pk,
            "period_kind": period_kind,
            "deadline_days": deadline_days,
            "submitter_kinds": sorted(kind.code for kind in submitter_kinds),
            "is_active": is_active,
        },
    )
    return form


# ---------------------------------------------------------------------------------------------------------
# Submission and approval


class QualityError(ValidationError):
    """Submission refused by the data-quality checks; `.issues` holds the UnitIssues that block it."""

    def __init__(self, message, issues: list[quality.UnitIssues]):
        super().__init__(message)
        self.issues = issues


def _blocking(found: list[quality.UnitIssues]) -> tuple[list[str], list[quality.UnitIssues]]:
    lines, blocking = [], []
    for unit_issues in found:
        open_ = unit_issues.errors + unit_issues.open_warnings
        if not open_:
            continue
        blocking.append(unit_issues)
        for issue in open_:
            prefix = _("Lỗi") if issue.is_error else _("Cảnh báo chưa giải trình")
            lines.append(f"{unit_issues.unit.name} — {prefix}: {issue.message}")
    return lines, blocking


def early_submission_warning(period: Period) -> str | None:
    """What an officer must confirm before sending a period that has not ended (the page's box, the API's
    `early=true`): sending locks the whole period's figures, the days left included. None once it ended."""
    if period.end < timezone.localdate():
        return None
    return _(
        "Kỳ %(period)s chưa kết thúc (đến hết %(end)s). Hãy xác nhận gửi sớm: sau khi gửi, số liệu cả kỳ bị "
        "khóa, kể cả những ngày còn lại."
    ) % {"period": period.label, "end": period.end.strftime("%d/%m/%Y")}


@transaction.atomic
def report_submit(*, unit: OrgUnit, period: Period, by) -> Report:
    """Send the unit's report for the period up. Refused while the unit's own checks (its totals and the
    activities it leads) find an error or an unexplained warning (QualityError lists them), and when
    already submitted or approved."""
    scope.check(by, unit, scope.EDIT)
    report, _created = Report.objects.select_for_update().get_or_create(unit=unit, period=period.code)
    if report.is_locked:
        raise ValidationError(
            _("Báo cáo %(period)s của %(unit)s đã ở trạng thái «%(state)s»; không gửi lại được.")
            % {"period": period.label, "unit": unit.name, "state": report.get_state_display()}
        )
    lines, blocking = _blocking([quality.unit_issues(unit=unit, period=period)])
    if blocking:
        raise QualityError(
            [_("Chưa gửi được báo cáo: số liệu còn lỗi hoặc cảnh báo chưa giải trình.")] + lines, blocking
        )
    if report.form_id is None:
        forms = selectors.forms_for_unit(unit, period)
        report.form = forms[0] if forms else None
    if report.finalised_at is None:
        # What is sent is what gets approved: a report submitted without being finalised is frozen now,
        # exactly as finalising would (the document's figures and text).
        report.issued_on = report.issued_on or timezone.localdate()
        report.finalised_at = timezone.now()
        report.figures = build_report_data(unit=unit, period=period, report=report)
    report.state = State.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.full_clean()
    report.save()
    number = report.versions.count() + 1
    ReportVersion.objects.create(
        report=report,
        number=number,
        submitted_at=report.submitted_at,
        submitted_by=by,
        document=report.figures,
    )
    audit_log(
        actor=by,
        action="report.submit",
        unit=unit,
        summary=(
            _("Gửi báo cáo %(period)s lên cấp trên")
            if number == 1
            else _("Gửi lại báo cáo %(period)s lên cấp trên (lần %(n)s)")
        )
        % {"period": period.label, "n": number},
        data={"report": report.pk, "period": period.code, "version": number},
    )
    return report


def _decide_version(report: Report, decision: str) -> None:
    """Write the decision on the version being decided (the latest one sent)."""
    version = report.versions.order_by("-number").first()
    if version is not None and version.decision == ReportVersion.Decision.WAITING:
        version.decision = decision
        version.decided_at, version.decided_by = report.decided_at, report.decided_by
        version.comment = report.decision_comment
        version.save(update_fields=["decision", "decided_at", "decided_by", "comment"])


def _check_decider(user, report: Report) -> None:
    scope.check(user, report.unit, scope.VIEW)  # 404 outside the scope
    if not selectors.may_decide(user, report):
        raise PermissionDenied(_("Chỉ cán bộ có quyền phê duyệt ở cấp trên của đơn vị mới quyết định được."))


def _children_holding_up(report: Report, period: Period) -> list[str]:
    waiting = []
    for child in selectors.children_status(report.unit, period):
        state = child["state"]
        if state == State.APPROVED:
            continue
        if child["required"] or state == State.SUBMITTED:
            label = child["report"].get_state_display() if child["report"] else _("chưa có báo cáo")
            waiting.append(f"{child['unit'].name} ({label})")
    return waiting


def _get_report(unit: OrgUnit, period: Period, user) -> Report:
    scope.check(user, unit, scope.VIEW)
    report = Report.objects.select_for_update().filter(unit=unit, period=period.code).first()
    if report is None:
        raise ValidationError(
            _("%(unit)s chưa có báo cáo %(period)s.") % {"unit": unit.name, "period": period.label}
        )
    report.unit = unit
    return report


@transaction.atomic
def report_approve(*, unit: OrgUnit, period: Period, by, comment: str = "") -> Report:
    report = _get_report(unit, period, by)
    _check_decider(by, report)
    if report.state != State.SUBMITTED:
        raise ValidationError(
            _("Chỉ duyệt được báo cáo đã gửi; báo cáo này đang ở trạng thái «%(state)s».")
            % {"state": report.get_state_display()}
        )
    waiting = _children_holding_up(report, period)
    if waiting:
        raise ValidationError(
            _("Duyệt từ dưới lên: cần duyệt trước báo cáo %(period)s của các đơn vị trực thuộc: %(units)s.")
            % {"period": period.label, "units": "; ".join(waiting)}
        )
    report.state = State.APPROVED
    report.decided_at, report.decided_by = timezone.now(), by
    report.decision_comment = (comment or "").strip()
    report.full_clean()
    report.save()
    _decide_version(report, ReportVersion.Decision.APPROVED)
    audit_log(
        actor=by,
        action="report.approve",
        unit=unit,
        summary=_("Duyệt báo cáo %(period)s") % {"period": period.label},
        reason=report.decision_comment,
        data={"report": report.pk, "period": period.code},
    )
    return report


@transaction.atomic
def report_return(*, unit: OrgUnit, period: Period, by, comment: str) -> Report:
    """Send a submitted report back to its unit with a (required) comment; the data unlocks."""
    report = _get_report(unit, period, by)
    _check_decider(by, report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Trả lại báo cáo cần ghi rõ ý kiến: cần sửa gì.")})
    if report.state != State.SUBMITTED:
        raise ValidationError(
            _("Chỉ trả lại được báo cáo đã gửi và chưa duyệt; báo cáo này đang ở trạng thái «%(state)s».")
            % {"state": report.get_state_display()}
        )
    return _reopen(report, period, by, comment, action="report.return")


@transaction.atomic
def report_unlock(*, unit: OrgUnit, period: Period, by, comment: str) -> Report:
    """Reopen an approved report (state returned, data unlocked). Only an approver above; top-down: not
    while the report of the unit above for the period is submitted or approved."""
    report = _get_report(unit, period, by)
    _check_decider(by, report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Mở khóa báo cáo cần ghi rõ lý do.")})
    if report.state != State.APPROVED:
        raise ValidationError(
            _("Chỉ mở khóa được báo cáo đã duyệt; báo cáo này đang ở trạng thái «%(state)s».")
            % {"state": report.get_state_display()}
        )
    parent = OrgUnit.objects.get_parent(unit)
    if parent is not None:
        above = Report.objects.filter(unit=parent, period=period.code).first()
        if above is not None and above.is_locked:
            raise ValidationError(
                _(
                    "Báo cáo %(period)s của %(parent)s (cấp trên) đang «%(state)s»; cần mở khóa báo cáo đó trước."
                )
                % {"period": period.label, "parent": parent.name, "state": above.get_state_display()}
            )
    return _reopen(report, period, by, comment, action="report.unlock")


def _reopen(report: Report, period: Period, by, comment: str, *, action: str) -> Report:
    report.state = State.RETURNED
    report.decided_at, report.decided_by, report.decision_comment = timezone.now(), by, comment
    report.full_clean()
    report.save()
    if action == "report.return":
        _decide_version(report, ReportVersion.Decision.RETURNED)
    summary = (
        _("Trả lại báo cáo %(period)s") if action == "report.return" else _("Mở khóa báo cáo %(period)s")
    )
    audit_log(
        actor=by,
        action=action,
        unit=report.unit,
        summary=summary % {"period": period.label},
        reason=comment,
        data={"report": report.pk, "period": period.code},
    )
    return report
