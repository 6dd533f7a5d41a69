"""Inspection (kiểm tra): the upper level's plan, its visits to each unit, scores, evidence review, the
ranking and the conclusion (docs/domain.md, "Self-assessment and inspection").

Only editors of the plan's issuer (or of a unit above it) act here. Every change to a score or a piece of
evidence re-ranks the plan (scoring.plan_rank) in the same transaction, and is audited there too.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.models import Condition, CriteriaSet
from doanvu.evaluation.inspection.access import require_inspector
from doanvu.evaluation.inspection.models import (
    Assessment,
    ConditionScore,
    Evidence,
    InspectionPlan,
    InspectionVisit,
)
from doanvu.evaluation.inspection.scoring import plan_rank
from doanvu.evaluation.inspection.services.assessment import (
    assessment_ensure,
    parse_points,
    points_text,
)
from doanvu.org.models import OrgUnit

PLAN_FIELDS = ("number", "issued_on", "title", "team", "start_on", "end_on", "criteria_set")
CONCLUSION_FIELDS = (
    "conclusion_number",
    "concluded_on",
    "results_summary",
    "common_strengths",
    "common_shortcomings",
    "recommendations",
    "signer_title",
    "signer_name",
    "recipients",
)
MAX_RECOMMENDATIONS = 20  # "Một là …" to "Hai mươi là …"


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def plan_year(plan: InspectionPlan) -> int:
    """The year inspected: the criteria set's, else the year the plan was issued."""
    if plan.criteria_set_id:
        return plan.criteria_set.year
    return plan.issued_on.year


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------------------
# The plan


def _validate_plan(plan: InspectionPlan, units: list[OrgUnit]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        plan.full_clean(exclude=["units", "issuer", "created_by"])
    except ValidationError as error:  # all the problems at once, the model's and the plan's rules
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
    issuer = plan.issuer
    if not units:
        errors.setdefault("units", []).append(_("Chọn ít nhất một đơn vị được kiểm tra."))
    outside = [u.name for u in units if not (u.is_at_or_below(issuer) and u.depth > issuer.depth)]
    if outside:
        errors.setdefault("units", []).append(
            _("Không thuộc %(issuer)s: %(units)s.") % {"issuer": issuer.name, "units": "; ".join(outside)}
        )
    criteria_set = plan.criteria_set
    if criteria_set is not None:
        if criteria_set.issuer_id != issuer.pk:
            errors.setdefault("criteria_set", []).append(
                _("Bộ tiêu chí «%(title)s» không do %(issuer)s ban hành.")
                % {"title": criteria_set.title, "issuer": issuer.name}
            )
        elif criteria_set.state == CriteriaSet.State.DRAFT:
            errors.setdefault("criteria_set", []).append(
                _("Bộ tiêu chí «%(title)s» chưa ban hành.") % {"title": criteria_set.title}
            )
        else:
            applies = set(criteria_set.units.values_list("pk", flat=True))
            not_in_set = [u.name for u in units if u.pk not in applies]
            if not_in_set:
                errors.setdefault("units", []).append(
                    _("Bộ tiêu chí «%(title)s» không áp dụng cho: %(units)s.")
                    % {"title": criteria_set.title, "units": "; ".join(not_in_set)}
                )
    if plan.start_on and plan.end_on:
        year = plan_year(plan) if plan.issued_on else plan.start_on.year
        if plan.end_on < plan.start_on:
            errors.setdefault("end_on", []).append(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        for name in ("start_on", "end_on"):
            if getattr(plan, name).year != year:
                errors.setdefault(name, []).append(
                    _("Thời gian kiểm tra phải trong năm %(year)s.") % {"year": year}
                )
    if errors:
        raise ValidationError(errors)


def _sync_visits(plan: InspectionPlan, units: list[OrgUnit]) -> None:
    """One visit per unit, linked to the unit's assessment of the plan's set; drop visits of units taken
    out of the plan (refused once a unit has been inspected)."""
    keep = {u.pk for u in units}
    for visit in plan.visits.exclude(unit_id__in=keep).select_related("unit"):
        if visit.state == InspectionVisit.State.DONE or visit.strengths or visit.shortcomings:
            raise ValidationError(
                {
                    "units": _("%(unit)s đã được kiểm tra; không bỏ khỏi kế hoạch được.")
                    % {"unit": visit.unit.name}
                }
            )
        visit.delete()
    plan.units.set(units)
    for unit in units:
        assessment = (
            assessment_ensure(criteria_set=plan.criteria_set, unit=unit) if plan.criteria_set else None
        )
        visit, created = InspectionVisit.objects.get_or_create(
            plan=plan, unit=unit, defaults={"assessment": assessment}
        )
        if not created and visit.assessment_id != (assessment.pk if assessment else None):
            visit.assessment = assessment
            visit.save(update_fields=["assessment"])


def _apply(plan: InspectionPlan, data: dict) -> None:
    for name in PLAN_FIELDS:
        if name in data:
            value = data[name]
            setattr(plan, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def plan_create(*, issuer: OrgUnit, data: dict, units: list[OrgUnit], by) -> InspectionPlan:
    """A plan of the issuer: number ("128-KH/UBKTTĐ"), date, title, team (one line each), the units under
    the issuer, the date range within the plan's year, optionally the criteria set; a visit per unit."""
    if not scope.has_role(by, issuer, scope.EDIT):
        raise PermissionDenied(
            _("Bạn không có quyền lập kế hoạch kiểm tra của %(unit)s.") % {"unit": issuer.name}
        )
    plan = InspectionPlan(issuer=issuer, created_by=by if getattr(by, "is_authenticated", False) else None)
    _apply(plan, data)
    _validate_plan(plan, units)
    plan.save()
    _sync_visits(plan, units)
    plan_rank(plan)
    audit_log(
        actor=by,
        action="inspection.plan_create",
        unit=issuer,
        effective_on=plan.issued_on,
        summary=_("Lập kế hoạch kiểm tra %(number)s: %(title)s (%(count)s đơn vị, %(start)s – %(end)s)")
        % {
            "number": plan.number,
            "title": plan.title,
            "count": len(units),
            "start": dmy(plan.start_on),
            "end": dmy(plan.end_on),
        },
        data={"plan": plan.pk, "units": [u.code for u in units]},
    )
    return plan


def _require_not_concluded(plan: InspectionPlan) -> None:
    if plan.state == InspectionPlan.State.CONCLUDED:
        raise ValidationError(
            _("Kế hoạch %(number)s đã kết luận; không sửa kết quả kiểm tra được nữa.")
            % {"number": plan.number}
        )


@transaction.atomic
def plan_update(
    *, plan: InspectionPlan, data: dict, units: list[OrgUnit] | None = None, by
) -> InspectionPlan:
    require_inspector(by, plan)
    _require_not_concluded(plan)
    before_set = plan.criteria_set_id
    _apply(plan, data)
    if plan.criteria_set_id != before_set and plan.state != InspectionPlan.State.PLANNED:
        raise ValidationError({"criteria_set": _("Đã bắt đầu kiểm tra; không đổi bộ tiêu chí được nữa.")})
    units = list(plan.units.all()) if units is None else units
    _validate_plan(plan, units)
    plan.save()
    _sync_visits(plan, units)
    plan_rank(plan)
    audit_log(
        actor=by,
        action="inspection.plan_update",
        unit=plan.issuer,
        effective_on=plan.issued_on,
        summary=_("Sửa kế hoạch kiểm tra %(number)s: %(title)s")
        % {"number": plan.number, "title": plan.title},
        data={"plan": plan.pk, "units": [u.code for u in units]},
    )
    return plan


def _started(plan: InspectionPlan) -> None:
    if plan.state == InspectionPlan.State.PLANNED:
        plan.state = InspectionPlan.State.IN_PROGRESS
        plan.save(update_fields=["state"])


# ---------------------------------------------------------------------------------------------------------
# Visits: findings, scores, evidence


@transaction.atomic
def visit_record(
    *,
    visit: InspectionVisit,
    visited_on: datetime.date | None,
    strengths: str = "",
    shortcomings: str = "",
    recommendations: str = "",
    done: bool = False,
    by,
) -> InspectionVisit:
    """The team's findings at one unit; `done` closes the visit (the assessment becomes inspected)."""
    plan = visit.plan
    require_inspector(by, plan)
    _require_not_concluded(plan)
    if visited_on is None and done:
        raise ValidationError({"visited_on": _("Nhập ngày kiểm tra trước khi hoàn thành buổi kiểm tra.")})
    if visited_on is not None and not plan.start_on <= visited_on <= plan.end_on:
        raise ValidationError(
            {
                "visited_on": _("Ngày kiểm tra phải trong thời gian của kế hoạch (%(start)s – %(end)s).")
                % {"start": dmy(plan.start_on), "end": dmy(plan.end_on)}
            }
        )
    visit.visited_on = visited_on
    visit.strengths = (strengths or "").strip()
    visit.shortcomings = (shortcomings or "").strip()
    visit.recommendations = (recommendations or "").strip()
    visit.state = InspectionVisit.State.DONE if done else InspectionVisit.State.PENDING
    visit.save(update_fields=["visited_on", "strengths", "shortcomings", "recommendations", "state"])
    assessment = visit.assessment
    if assessment is not None:
        if done:
            assessment.state = Assessment.State.INSPECTED
        elif assessment.state == Assessment.State.INSPECTED:
            assessment.state = (
                Assessment.State.SUBMITTED if assessment.submitted_at else Assessment.State.DRAFT
            )
        assessment.save(update_fields=["state"])
    _started(plan)
    plan_rank(plan)
    audit_log(
        actor=by,
        action="inspection.visit",
        unit=visit.unit,
        effective_on=visited_on,
        summary=_("Kiểm tra %(unit)s theo kế hoạch %(number)s%(state)s")
        % {"unit": visit.unit.name, "number": plan.number, "state": _(" (hoàn thành)") if done else ""},
        data={"plan": plan.pk, "visit": visit.pk, "done": done},
    )
    return visit


def _assessment_of(visit: InspectionVisit) -> Assessment:
    if visit.assessment is None:
        raise ValidationError(_("Kế hoạch này không chấm theo bộ tiêu chí nên không có điểm để chấm."))
    return visit.assessment


@transaction.atomic
def inspection_score(
    *, visit: InspectionVisit, condition: Condition, points, comment: str = "", by
) -> ConditionScore:
    """The inspector's score for one condition (None clears it, the self score then stands) and comment."""
    plan = visit.plan
    require_inspector(by, plan)
    _require_not_concluded(plan)
    assessment = _assessment_of(visit)
    if condition.content.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(
            {"condition": _("Điều kiện %(code)s không thuộc bộ tiêu chí này.") % {"code": condition.code}}
        )
    value = parse_points(points, condition=condition)
    score, _created = ConditionScore.objects.get_or_create(assessment=assessment, condition=condition)
    before = score.inspector_points
    score.inspector_points = value
    score.inspector_comment = (comment or "").strip()
    score.save(update_fields=["inspector_points", "inspector_comment", "updated"])
    _started(plan)
    plan_rank(plan)
    audit_log(
        actor=by,
        action="inspection.score",
        unit=visit.unit,
        summary=_("Đoàn kiểm tra chấm điều kiện %(code)s của %(unit)s: %(points)s điểm (tự chấm %(own)s)")
        % {
            "code": condition.code,
            "unit": visit.unit.name,
            "points": points_text(value) if value is not None else "–",
            "own": points_text(score.self_points) if score.self_points is not None else "–",
        },
        data={
            "plan": plan.pk,
            "visit": visit.pk,
            "condition": condition.pk,
            "before": str(before) if before is not None else None,
            "after": str(value) if value is not None else None,
        },
    )
    return score


def _review(visit: InspectionVisit, evidence: Evidence, status: str, reason: str, by) -> Evidence:
    plan = visit.plan
    require_inspector(by, plan)
    _require_not_concluded(plan)
    assessment = _assessment_of(visit)
    if evidence.assessment_id != assessment.pk:
        raise ValidationError({"evidence": _("Minh chứng này không thuộc đơn vị đang kiểm tra.")})
    evidence.status = status
    evidence.review_reason = reason
    evidence.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    evidence.reviewed_at = timezone.now()
    evidence.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    _started(plan)
    plan_rank(plan)
    return evidence


@transaction.atomic
def inspection_evidence_accept(*, visit: InspectionVisit, evidence: Evidence, by) -> Evidence:
    _review(visit, evidence, Evidence.Status.ACCEPTED, "", by)
    audit_log(
        actor=by,
        action="inspection.evidence_accept",
        unit=visit.unit,
        summary=_("Chấp nhận minh chứng «%(title)s» (điều kiện %(code)s) của %(unit)s")
        % {"title": evidence.title, "code": evidence.condition.code, "unit": visit.unit.name},
        data={"plan": visit.plan_id, "visit": visit.pk, "evidence": evidence.pk},
    )
    return evidence


@transaction.atomic
def inspection_evidence_reject(*, visit: InspectionVisit, evidence: Evidence, reason: str, by) -> Evidence:
    """Reject a piece of evidence; the reason is required. A condition whose mandatory evidence is all
    rejected scores 0 (scoring.py), so the ranking changes at once."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do không chấp nhận minh chứng «%(title)s».") % {"title": evidence.title}}
        )
    _review(visit, evidence, Evidence.Status.REJECTED, reason, by)
    audit_log(
        actor=by,
        action="inspection.evidence_reject",
        unit=visit.unit,
        reason=reason,
        summary=_("Không chấp nhận minh chứng «%(title)s» (điều kiện %(code)s) của %(unit)s")
        % {"title": evidence.title, "code": evidence.condition.code, "unit": visit.unit.name},
        data={"plan": visit.plan_id, "visit": visit.pk, "evidence": evidence.pk},
    )
    return evidence


# ---------------------------------------------------------------------------------------------------------
# Ranking and conclusion


@transaction.atomic
def ranking_publish(*, plan: InspectionPlan, on: datetime.date | None = None, by) -> InspectionPlan:
    """From `on` (today by default) the inspected units see the ranking table."""
    require_inspector(by, plan)
    plan_rank(plan)
    plan.ranking_published_on = on or timezone.localdate()
    plan.save(update_fields=["ranking_published_on"])
    audit_log(
        actor=by,
        action="inspection.publish",
        unit=plan.issuer,
        effective_on=plan.ranking_published_on,
        summary=_("Công bố xếp hạng kiểm tra theo kế hoạch %(number)s từ ngày %(day)s")
        % {"number": plan.number, "day": dmy(plan.ranking_published_on)},
        data={"plan": plan.pk},
    )
    return plan


@transaction.atomic
def plan_conclude(*, plan: InspectionPlan, data: dict, by) -> InspectionPlan:
    """The conclusion (Thông báo kết luận kiểm tra): number, date, summary, common strengths and
    shortcomings, recommendations one per line, signer, recipients. May be rewritten after concluding."""
    require_inspector(by, plan)
    for name in CONCLUSION_FIELDS:
        if name in data:
            value = data[name]
            setattr(plan, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if not plan.conclusion_number:
        errors["conclusion_number"] = [_("Nhập số, ký hiệu của thông báo kết luận (ví dụ 15-TB/ĐTN).")]
    if plan.concluded_on is None:
        errors["concluded_on"] = [_("Nhập ngày kết luận.")]
    elif plan.concluded_on < plan.start_on:
        errors["concluded_on"] = [
            _("Ngày kết luận không được trước ngày bắt đầu kiểm tra (%(day)s).") % {"day": dmy(plan.start_on)}
        ]
    if len(lines(plan.recommendations)) > MAX_RECOMMENDATIONS:
        errors["recommendations"] = [
            _("Tối đa %(n)s kiến nghị (mỗi dòng một kiến nghị).") % {"n": MAX_RECOMMENDATIONS}
        ]
    if errors:
        raise ValidationError(errors)
    plan.full_clean(exclude=["units", "issuer", "created_by"])
    plan.state = InspectionPlan.State.CONCLUDED
    plan.save()
    plan_rank(plan)
    audit_log(
        actor=by,
        action="inspection.conclude",
        unit=plan.issuer,
        effective_on=plan.concluded_on,
        summary=_("Kết luận kiểm tra %(number)s theo kế hoạch %(plan)s")
        % {"number": plan.conclusion_number, "plan": plan.number},
        data={"plan": plan.pk},
    )
    return plan
