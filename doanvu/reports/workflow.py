"""Submission and approval of period reports, report forms, and the completeness of subunits.

States: draft → submitted → approved, or submitted → returned (with a comment) → submitted again; an
approved report goes back to returned only by `report_unlock`. A submitted or approved report locks the
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
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.accounts.models import Officer, Role
from doanvu.lib.periods import KINDS, Period
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit, UnitKind

from . import quality
from .models import Report, ReportForm

State = Report.State


def _ancestor_paths(unit: OrgUnit, *, include_self: bool = True) -> list[str]:
    step = OrgUnit.steplen
    end = len(unit.path) + (step if include_self else 0)
    return [unit.path[:n] for n in range(step, end, step)]


def _day(period: Period) -> datetime.date:
    return min(period.end, timezone.localdate())


def _kind_on(unit: OrgUnit, day: datetime.date) -> int:
    version = org_selectors.version_on(unit, day)
    return version.kind_id if version else unit.kind_id


# ---------------------------------------------------------------------------------------------------------
# Report forms


def forms_for_unit(unit: OrgUnit, period: Period) -> list[ReportForm]:
    """The active forms that ask `unit` for a report of the period's kind: owned by a unit strictly above
    it and covering its kind (as it stood at the period's end). Nearest owner first."""
    kind_id = _kind_on(unit, _day(period))
    forms = ReportForm.objects.filter(
        is_active=True,
        period_kind=period.kind,
        owner_unit__path__in=_ancestor_paths(unit, include_self=False),
        submitter_kinds=kind_id,
    ).select_related("owner_unit")
    return sorted(forms, key=lambda form: -len(form.owner_unit.path))


def forms_visible_at(unit: OrgUnit) -> list[ReportForm]:
    """Forms owned by the unit or a unit above it: those that ask something of the unit's sub-tree."""
    return list(
        ReportForm.objects.filter(owner_unit__path__in=_ancestor_paths(unit))
        .select_related("owner_unit")
        .prefetch_related("submitter_kinds")
        .order_by("-is_active", "name")
    )


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


def deadline(form: ReportForm, period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=form.deadline_days)


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


def report_for(*, unit: OrgUnit, period: Period) -> Report | None:
    return Report.objects.filter(unit=unit, period=period.code).select_related("unit", "form").first()


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
        forms = forms_for_unit(unit, period)
        report.form = forms[0] if forms else None
    if report.finalised_at is None:
        # What is sent is what gets approved: a report submitted without being finalised is frozen now,
        # exactly as finalising would (the document's figures and text).
        from .document.data import build_report_data

        report.issued_on = report.issued_on or timezone.localdate()
        report.finalised_at = timezone.now()
        report.figures = build_report_data(unit=unit, period=period, report=report)
    report.state = State.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.full_clean()
    report.save()
    audit_log(
        actor=by,
        action="report.submit",
        unit=unit,
        summary=_("Gửi báo cáo %(period)s lên cấp trên") % {"period": period.label},
        data={"report": report.pk, "period": period.code},
    )
    return report


def may_decide(user, report: Report) -> bool:
    """APPROVE at a unit strictly above the report's unit (or a site admin)."""
    if scope.is_site_admin(user):
        return True
    officer = scope.officer_of(user)
    return (
        officer is not None
        and officer.has_role(scope.APPROVE)
        and report.unit.path.startswith(officer.unit.path)
        and officer.unit.path != report.unit.path
    )


def _check_decider(user, report: Report) -> None:
    scope.check(user, report.unit, scope.VIEW)  # 404 outside the scope
    if not may_decide(user, report):
        raise PermissionDenied(_("Chỉ cán bộ có quyền phê duyệt ở cấp trên của đơn vị mới quyết định được."))


def children_status(unit: OrgUnit, period: Period) -> list[dict]:
    """The direct children of `unit` (as the tree stood at the period's end): whether a form asks them for
    this period's report, and their report's state."""
    versions = org_selectors.children_on(unit, _day(period))
    ids = [version.unit_id for version in versions]
    units = OrgUnit.objects.select_related("kind").in_bulk(ids)
    reports = {r.unit_id: r for r in Report.objects.filter(unit_id__in=ids, period=period.code)}
    out = []
    for version in versions:
        child = units[version.unit_id]
        forms = ReportForm.objects.filter(
            is_active=True,
            period_kind=period.kind,
            owner_unit__path__in=_ancestor_paths(child, include_self=False),
            submitter_kinds=version.kind_id,
        )
        child_report = reports.get(child.pk)
        out.append(
            {
                "unit": child,
                "required": forms.exists(),
                "report": child_report,
                "state": child_report.state if child_report else None,
            }
        )
    return out


def _children_holding_up(report: Report, period: Period) -> list[str]:
    waiting = []
    for child in children_status(report.unit, period):
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


# ---------------------------------------------------------------------------------------------------------
# Completeness and timeliness


class Status:
    APPROVED = "approved"
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"  # not submitted and the deadline has passed
    PENDING = "pending"  # not submitted, the deadline not yet reached


STATUS_LABELS = {
    Status.APPROVED: gettext_lazy("Đã duyệt"),
    Status.ON_TIME: gettext_lazy("Đã gửi đúng hạn"),
    Status.LATE: gettext_lazy("Gửi muộn"),
    Status.RETURNED: gettext_lazy("Bị trả lại, chưa gửi lại"),
    Status.MISSING: gettext_lazy("Chưa gửi, quá hạn"),
    Status.PENDING: gettext_lazy("Chưa gửi, chưa đến hạn"),
}
REMIND = (Status.MISSING, Status.RETURNED, Status.PENDING)


@dataclass
class UnitCompleteness:
    unit: OrgUnit
    status: str
    report: Report | None
    late: bool = False
    officers: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Completeness:
    unit: OrgUnit
    form: ReportForm
    period: Period
    deadline: datetime.date
    rows: list[UnitCompleteness]

    @property
    def counts(self) -> dict[str, int]:
        out = {status: 0 for status in STATUS_LABELS}
        for row in self.rows:
            out[row.status] += 1
        out["total"] = len(self.rows)
        out["submitted"] = out[Status.APPROVED] + out[Status.ON_TIME] + out[Status.LATE]
        out["late_total"] = sum(1 for row in self.rows if row.late)
        return out

    @property
    def to_remind(self) -> list[UnitCompleteness]:
        return [row for row in self.rows if row.status in REMIND]


def _status(report: Report | None, due: datetime.date, today: datetime.date) -> tuple[str, bool]:
    """(status, submitted late?). Timeliness is judged by the latest submission."""
    submitted_on = timezone.localdate(report.submitted_at) if report and report.submitted_at else None
    late = submitted_on is not None and submitted_on > due
    if report is not None and report.state == State.APPROVED:
        return Status.APPROVED, late
    if report is not None and report.state == State.SUBMITTED:
        return (Status.LATE if late else Status.ON_TIME), late
    if report is not None and report.state == State.RETURNED:
        return Status.RETURNED, late
    return (Status.MISSING if today > due else Status.PENDING), False


def completeness(
    *, unit: OrgUnit, form: ReportForm, period: Period, today: datetime.date | None = None
) -> Completeness:
    """For an upper unit: every unit under it (as the tree stood at the period's end) that the form asks
    for a report, with its status and — for those to remind — its officers' usernames and e-mails."""
    today = today or timezone.localdate()
    due = deadline(form, period)
    kinds = set(form.submitter_kinds.values_list("pk", flat=True))
    versions = [
        version
        for version in org_selectors.tree_on(unit, min(period.end, today))
        if version.unit_id != unit.pk and version.kind_id in kinds
    ]
    ids = [version.unit_id for version in versions]
    units = OrgUnit.objects.select_related("kind").in_bulk(ids)
    reports = {r.unit_id: r for r in Report.objects.filter(unit_id__in=ids, period=period.code)}
    rows = []
    for version in versions:
        report = reports.get(version.unit_id)
        status, late = _status(report, due, today)
        rows.append(UnitCompleteness(unit=units[version.unit_id], status=status, report=report, late=late))
    remind_ids = [row.unit.pk for row in rows if row.status in REMIND]
    officers: dict[int, list[dict]] = {}
    for officer in (
        Officer.objects.filter(unit_id__in=remind_ids, user__is_active=True)
        .filter(Q(role=Role.EDITOR) | Q(role=Role.APPROVER))
        .select_related("user")
        .order_by("user__username")
    ):
        officers.setdefault(officer.unit_id, []).append(
            {"username": officer.user.get_username(), "email": officer.user.email}
        )
    for row in rows:
        row.officers = officers.get(row.unit.pk, [])
    return Completeness(unit=unit, form=form, period=period, deadline=due, rows=rows)


def default_form(unit: OrgUnit, period: Period) -> ReportForm | None:
    """The form a completeness view shows first: an active one of the period's kind, the unit's own first."""
    forms = [f for f in forms_visible_at(unit) if f.is_active and f.period_kind == period.kind]
    forms.sort(key=lambda f: -len(f.owner_unit.path))
    return forms[0] if forms else None


def reports_in_scope(*, user, unit: OrgUnit | None = None, period: str | None = None):
    """Reports the user may see, optionally narrowed to a sub-tree and a period."""
    reports = scope.scope_filter(user, Report.objects.select_related("unit", "form"))
    if unit is not None:
        reports = reports.filter(unit__path__startswith=unit.path)
    if period:
        reports = reports.filter(period=period)
    return reports.order_by("period", "unit__path")
