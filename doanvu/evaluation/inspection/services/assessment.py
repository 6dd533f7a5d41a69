"""Self-assessment: a unit scores itself against an issued criteria set and attaches its evidence.

Only the unit's own editors write (officers above read; see inspection/access.py). While the
assessment is a draft the unit scores conditions and adds or removes evidence; it cannot submit while a
condition with mandatory evidence has none. A submission after the set's deadline is accepted and shown
as late. The issuer of the set may reopen a submitted assessment, with a reason. Every change is audited
in its own transaction, and the cached totals (and the ranking of any plan inspecting the unit) follow.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.models import Condition, CriteriaSet
from doanvu.evaluation.inspection.access import require_own_editor
from doanvu.evaluation.inspection.assessment_selectors import (
    activity_choices,
    missing_evidence,
    report_in_year,
    report_label,
    submitted_late,
)
from doanvu.evaluation.inspection.models import Assessment, ConditionScore, Evidence
from doanvu.evaluation.inspection.proposals import propose_all
from doanvu.evaluation.inspection.scoring import (
    assessment_recompute,
    plan_rank,
)
from doanvu.lib import vnnumbers
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report
from doanvu.work.models import Activity
from doanvu.work.services.attachments import attachment_check


def points_text(value: Decimal) -> str:
    """8 → "8", 7.5 → "7,5" (how a score is written in a message)."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def parse_points(value, *, condition: Condition, field: str = "points") -> Decimal | None:
    """A score for `condition`: None (not scored), or a number from 0 to its maximum with at most two decimals;
    a graded condition takes one of its grades (or 0). ValidationError keyed by `field` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        # The one parser of numbers (docs/architecture.md, "Numbers as people type them"): 7,5 or 7.5.
        points = vnnumbers.parse(value, kind=vnnumbers.DECIMAL, places=2)
    except vnnumbers.NumberError as error:
        reason = str(error)
        if reason.startswith("Không đọc được"):
            reason = _("điểm «%(value)s» không phải là một số.") % {"value": value}
        raise ValidationError(
            {field: _("Điều kiện %(code)s: %(reason)s") % {"code": condition.code, "reason": reason}}
        ) from None
    if points.as_tuple().exponent < -2:
        raise ValidationError(
            {
                field: _("Điều kiện %(code)s: điểm chỉ có tối đa hai chữ số thập phân.")
                % {"code": condition.code}
            }
        )
    if points < 0 or points > condition.max_points:
        raise ValidationError(
            {
                field: _("Điều kiện %(code)s: điểm phải từ 0 đến %(max)s.")
                % {"code": condition.code, "max": points_text(condition.max_points)}
            }
        )
    grades = condition.grade_points()
    if grades and points != 0 and points not in grades:
        raise ValidationError(
            {
                field: _("Điều kiện %(code)s chỉ chấm theo các mức: %(grades)s điểm.")
                % {"code": condition.code, "grades": " / ".join(points_text(g) for g in grades)}
            }
        )
    return points


def _check_condition(assessment: Assessment, condition: Condition) -> None:
    if condition.content.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(
            {"condition": _("Điều kiện %(code)s không thuộc bộ tiêu chí này.") % {"code": condition.code}}
        )


def _require_open_set(criteria_set: CriteriaSet) -> None:
    if criteria_set.state == CriteriaSet.State.DRAFT:
        raise ValidationError(_("Bộ tiêu chí «%(title)s» chưa ban hành.") % {"title": criteria_set.title})
    if criteria_set.state == CriteriaSet.State.CLOSED:
        raise ValidationError(
            _("Bộ tiêu chí «%(title)s» đã kết thúc, không chấm thêm được.") % {"title": criteria_set.title}
        )


def _require_draft(assessment: Assessment) -> None:
    assessment.refresh_from_db(fields=["state"])  # the caller's copy may predate a submission
    _require_open_set(assessment.criteria_set)
    if assessment.state != Assessment.State.DRAFT:
        raise ValidationError(
            _("Bản tự chấm đã gửi, không sửa được nữa; đề nghị %(issuer)s mở lại nếu cần sửa.")
            % {"issuer": assessment.criteria_set.issuer.name}
        )


def _rerank(assessment: Assessment) -> None:
    """Refresh the totals, and the ranking of every plan that inspects this assessment."""
    assessment_recompute(assessment)
    for visit in assessment.visits.select_related("plan"):
        plan_rank(visit.plan)


def _fill_proposals(assessment: Assessment, scores: list[ConditionScore]) -> None:
    proposals = propose_all(assessment=assessment)
    for score in scores:
        points, basis = proposals.get(score.condition_id, (None, ""))
        score.proposed_points = points
        score.proposed_basis = (basis or "")[:500]
    ConditionScore.objects.bulk_update(scores, ["proposed_points", "proposed_basis"])


@transaction.atomic
def assessment_ensure(*, criteria_set: CriteriaSet, unit: OrgUnit) -> Assessment:
    """The unit's assessment for the set, created (with a score row per condition and the scores proposed
    from data) when missing. No permission check: callers check (the unit opening it, a plan creating visits)."""
    assessment, _created = Assessment.objects.get_or_create(criteria_set=criteria_set, unit=unit)
    have = set(assessment.scores.values_list("condition_id", flat=True))
    new = [
        ConditionScore(assessment=assessment, condition=condition)
        for condition in criteria_set.conditions()
        if condition.pk not in have
    ]
    if new:
        ConditionScore.objects.bulk_create(new)
        _fill_proposals(
            assessment, list(assessment.scores.filter(condition_id__in=[s.condition_id for s in new]))
        )
    return assessment


@transaction.atomic
def assessment_open(*, criteria_set: CriteriaSet, unit: OrgUnit, by) -> Assessment:
    """Open (or return) the unit's self-assessment for an issued set that applies to it."""
    require_own_editor(by, unit)
    _require_open_set(criteria_set)
    if not criteria_set.units.filter(pk=unit.pk).exists():
        raise ValidationError(
            _("Bộ tiêu chí «%(title)s» không áp dụng cho %(unit)s.")
            % {"title": criteria_set.title, "unit": unit.name}
        )
    return assessment_ensure(criteria_set=criteria_set, unit=unit)


@transaction.atomic
def assessment_refresh_proposals(*, assessment: Assessment, by) -> Assessment:
    """Recompute the scores the system proposes from data (the data may have changed since opening)."""
    require_own_editor(by, assessment.unit)
    _require_draft(assessment)
    assessment_ensure(criteria_set=assessment.criteria_set, unit=assessment.unit)
    _fill_proposals(assessment, list(assessment.scores.all()))
    return assessment


@transaction.atomic
def assessment_score(
    *, assessment: Assessment, condition: Condition, points, note: str = "", by
) -> ConditionScore:
    """The unit's own score for one condition (None clears it) with its explanation."""
    require_own_editor(by, assessment.unit)
    _require_draft(assessment)
    _check_condition(assessment, condition)
    value = parse_points(points, condition=condition)
    score, _created = ConditionScore.objects.get_or_create(assessment=assessment, condition=condition)
    before = score.self_points
    score.self_points = value
    score.self_note = (note or "").strip()
    score.save(update_fields=["self_points", "self_note", "updated"])
    _rerank(assessment)
    audit_log(
        actor=by,
        action="assessment.score",
        unit=assessment.unit,
        summary=_("Tự chấm điều kiện %(code)s: %(points)s điểm (%(set)s)")
        % {
            "code": condition.code,
            "points": points_text(value) if value is not None else "–",
            "set": assessment.criteria_set.title,
        },
        data={
            "assessment": assessment.pk,
            "condition": condition.pk,
            "before": str(before) if before is not None else None,
            "after": str(value) if value is not None else None,
        },
    )
    return score


def _record(assessment: Assessment, activity: Activity | None, report: Report | None) -> str:
    """Check the record cited belongs to the unit and the set's year; its title."""
    year = assessment.criteria_set.year
    if (activity is None) == (report is None):
        raise ValidationError({"record": _("Chọn một hoạt động hoặc một báo cáo của đơn vị.")})
    if activity is not None:
        if not activity_choices(assessment).filter(pk=activity.pk).exists():
            raise ValidationError(
                {
                    "record": _("Hoạt động «%(title)s» không phải của %(unit)s trong năm %(year)s.")
                    % {"title": activity.title, "unit": assessment.unit.name, "year": year}
                }
            )
        return _("Hoạt động: %(title)s (%(day)s)") % {
            "title": activity.title,
            "day": activity.start_on.strftime("%d/%m/%Y"),
        }
    if report.unit_id != assessment.unit_id or not report_in_year(report, year):
        raise ValidationError(
            {
                "record": _("Báo cáo kỳ %(period)s không phải của %(unit)s trong năm %(year)s.")
                % {"period": report.period, "unit": assessment.unit.name, "year": year}
            }
        )
    return report_label(report)


@transaction.atomic
def assessment_evidence_add(
    *,
    assessment: Assessment,
    condition: Condition,
    kind: str,
    by,
    upload: UploadedFile | None = None,
    url: str = "",
    activity: Activity | None = None,
    report: Report | None = None,
    title: str = "",
    note: str = "",
) -> Evidence:
    """Add a piece of evidence to a condition: a file (checked like every upload), a link, a record doanvu
    holds (one of the unit's activities or reports in the set's year), or a note."""
    require_own_editor(by, assessment.unit)
    _require_draft(assessment)
    _check_condition(assessment, condition)
    title, note, url = (title or "").strip()[:255], (note or "").strip(), (url or "").strip()
    evidence = Evidence(
        assessment=assessment,
        condition=condition,
        kind=kind,
        note=note,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if kind == Evidence.Kind.FILE:
        if upload is None:
            raise ValidationError({"file": _("Chọn tệp minh chứng.")})
        evidence.content_type = attachment_check(upload)
        evidence.title = title or os.path.basename(upload.name)[:255]
    elif kind == Evidence.Kind.LINK:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                {
                    "url": _(
                        "Đường dẫn «%(url)s» không hợp lệ; hãy dán địa chỉ bắt đầu bằng http:// hoặc https://."
                    )
                    % {"url": url}
                }
            ) from None
        evidence.url = url[:500]
        evidence.title = title or url[:255]
    elif kind == Evidence.Kind.RECORD:
        label = _record(assessment, activity, report)
        evidence.title = (title or label)[:255]
        evidence.activity, evidence.report = activity, report
    elif kind == Evidence.Kind.NOTE:
        if not note:
            raise ValidationError({"note": _("Ghi chú minh chứng không được để trống.")})
        evidence.title = title or note.splitlines()[0][:255]
    else:
        raise ValidationError({"kind": _("Loại minh chứng không hợp lệ.")})
    if kind == Evidence.Kind.FILE:
        evidence.file.save(os.path.basename(upload.name), upload, save=False)
    try:
        evidence.save()
        _rerank(assessment)
        audit_log(
            actor=by,
            action="assessment.evidence_add",
            unit=assessment.unit,
            summary=_("Thêm minh chứng «%(title)s» cho điều kiện %(code)s (%(set)s)")
            % {"title": evidence.title, "code": condition.code, "set": assessment.criteria_set.title},
            data={
                "assessment": assessment.pk,
                "condition": condition.pk,
                "evidence": evidence.pk,
                "kind": kind,
            },
        )
    except BaseException:
        # Nothing half-written: no file on disk without its row.
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def assessment_evidence_remove(*, evidence: Evidence, by) -> None:
    assessment = evidence.assessment
    require_own_editor(by, assessment.unit)
    _require_draft(assessment)
    name = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    audit_log(
        actor=by,
        action="assessment.evidence_remove",
        unit=assessment.unit,
        summary=_("Xóa minh chứng «%(title)s» của điều kiện %(code)s (%(set)s)")
        % {"title": evidence.title, "code": evidence.condition.code, "set": assessment.criteria_set.title},
        data={"assessment": assessment.pk, "condition": evidence.condition_id, "evidence": evidence.pk},
    )
    evidence.delete()
    _rerank(assessment)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def missing_message(conditions: list[Condition]) -> list[str]:
    return [
        _("Điều kiện %(code)s chưa có minh chứng (bắt buộc): %(text)s")
        % {"code": c.code, "text": c.text[:120]}
        for c in conditions
    ]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    """Send the assessment to the issuer; refused while mandatory evidence is missing (each condition is
    named). After the deadline it is accepted and marked late."""
    # One submission at a time: lock the row, then read its state afresh (in _require_draft).
    list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk", flat=True))
    require_own_editor(by, assessment.unit)
    _require_draft(assessment)
    missing = missing_evidence(assessment)
    if missing:
        raise ValidationError({"evidence": missing_message(missing)})
    assessment.state = Assessment.State.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by if getattr(by, "is_authenticated", False) else None
    assessment.save(update_fields=["state", "submitted_at", "submitted_by"])
    _rerank(assessment)
    late = submitted_late(assessment)
    summary = _("Gửi bản tự chấm «%(set)s»: %(total)s điểm") % {
        "set": assessment.criteria_set.title,
        "total": points_text(assessment.self_total),
    }
    if late:
        summary += _(" (quá hạn %(day)s)") % {
            "day": assessment.criteria_set.self_assessment_deadline.strftime("%d/%m/%Y")
        }
    audit_log(
        actor=by,
        action="assessment.submit",
        unit=assessment.unit,
        summary=summary,
        data={"assessment": assessment.pk, "self_total": str(assessment.self_total), "late": late},
    )
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, reason: str, by) -> Assessment:
    """The issuer of the set sends a submitted assessment back to the unit for changes."""
    issuer = assessment.criteria_set.issuer
    assessment.refresh_from_db(fields=["state"])
    if not scope.has_role(by, issuer, scope.EDIT):
        raise PermissionDenied(_("Chỉ %(issuer)s mới mở lại được bản tự chấm.") % {"issuer": issuer.name})
    if assessment.state == Assessment.State.DRAFT:
        raise ValidationError(_("Bản tự chấm chưa gửi nên không cần mở lại."))
    if assessment.state == Assessment.State.INSPECTED:
        raise ValidationError(_("Đơn vị đã được kiểm tra; không mở lại bản tự chấm được nữa."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại.")})
    assessment.state = Assessment.State.DRAFT
    assessment.save(update_fields=["state"])
    _rerank(assessment)
    audit_log(
        actor=by,
        action="assessment.reopen",
        unit=assessment.unit,
        summary=_("Mở lại bản tự chấm «%(set)s» của %(unit)s")
        % {"set": assessment.criteria_set.title, "unit": assessment.unit.name},
        reason=reason,
        data={"assessment": assessment.pk},
    )
    return assessment
