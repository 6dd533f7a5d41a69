"""Tự chấm, kiểm tra: endpoints of the JSON API (same scope rules as the pages).

Self-assessments of a criteria set (a unit's own editors score, add evidence and submit; officers above
read), inspection plans with their visits, the inspector's scores and evidence review, and the ranking.
A unit's assessment and visit are 404 to anyone outside its scope, always; the ranking is seen by the
issuer's officers, and by the inspected units' officers once published (units, totals, ranks, levels).
Writes go through doanvu.evaluation.services, which check the role, validate and audit.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile

from doanvu.accounts import scope
from doanvu.evaluation.inspection import assessment_selectors as selectors
from doanvu.evaluation.inspection.access import (
    get_assessment,
    get_plan,
    get_visit,
    ranking_published,
    sees_ranking,
)
from doanvu.evaluation.inspection.selectors import (
    plan_rows,
    plans_for,
)
from doanvu.evaluation.inspection.services import assessment as assessment_services
from doanvu.evaluation.inspection.services import visits as inspection_services
from doanvu.evaluation.models import (
    Assessment,
    Condition,
    CriteriaSet,
    Evidence,
)
from doanvu.reports.models import Report
from doanvu.work.models import Activity

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import Page

router = Router(tags=["Tự chấm, kiểm tra"])
EVIDENCE_FILE = File(..., description="Ảnh, PDF, Word hoặc Excel")

Number = int | float


def _number(value: Decimal | None) -> Number | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- shapes ----------------------------------------------------------------------------------------------


class AssessmentSummaryOut(Schema):
    id: int
    criteria_set: int
    criteria_set_title: str
    year: int
    unit: str = Field(description="Mã đơn vị tự chấm")
    unit_name: str
    state: str = Field(description="draft (đang tự chấm), submitted (đã gửi), inspected (đã kiểm tra)")
    submitted_at: datetime.datetime | None
    late: bool = Field(description="Gửi sau hạn tự chấm của bộ tiêu chí")
    self_total: Number
    final_total: Number | None = Field(description="Điểm sau kiểm tra; null khi chưa kiểm tra")


class AssessmentPage(Page):
    results: list[AssessmentSummaryOut]


class EvidenceOut(Schema):
    id: int
    condition: int
    kind: str = Field(description="file, link, record, note")
    title: str
    note: str
    url: str = Field(description="Đường dẫn (loại link) hoặc địa chỉ tải tệp qua API (loại file)")
    activity: int | None
    report: int | None
    status: str = Field(description="pending, accepted, rejected")
    review_reason: str


class ScoreOut(Schema):
    condition: int
    code: str
    text: str
    max_points: Number
    is_bonus: bool
    grades: list[Number]
    evidence_mandatory: bool
    proposed_points: Number | None
    proposed_basis: str
    self_points: Number | None
    self_note: str
    inspector_points: Number | None
    inspector_comment: str
    final_points: Number


class AssessmentOut(AssessmentSummaryOut):
    missing_evidence: list[str] = Field(description="Mã các điều kiện bắt buộc có minh chứng mà chưa có")
    scores: list[ScoreOut]
    evidence: list[EvidenceOut]


class AssessmentOpen(Schema):
    criteria_set: int
    unit: str = Field(description="Mã đơn vị (của chính bạn)")


class SelfScoreIn(Schema):
    points: Decimal | None = Field(description="null: xóa điểm")
    note: str = ""


class InspectorScoreIn(Schema):
    points: Decimal | None = Field(description="null: xóa điểm kiểm tra (giữ điểm tự chấm)")
    comment: str = ""


class EvidenceIn(Schema):
    condition: int
    kind: str = Field(description="link, note hoặc record (tệp: dùng /evidence/file)")
    url: str = ""
    title: str = Field("", max_length=255)
    note: str = ""
    activity: int | None = Field(None, description="Mã số hoạt động của đơn vị trong năm (loại record)")
    report: int | None = Field(None, description="Mã số báo cáo của đơn vị trong năm (loại record)")


class RejectIn(Schema):
    reason: str


class PlanOut(Schema):
    id: int
    number: str
    issued_on: datetime.date
    title: str
    issuer: str
    issuer_name: str
    criteria_set: int | None
    start_on: datetime.date
    end_on: datetime.date
    team: list[str]
    state: str
    ranking_published_on: datetime.date | None


class RankRowOut(Schema):
    unit: str
    unit_name: str
    visit: int | None = Field(description="Mã số buổi kiểm tra (chỉ với đơn vị trong phạm vi của bạn)")
    visit_state: str | None
    self_total: Number | None
    final_score: Number | None
    rank: int | None
    proposed_level: str


class PlanDetailOut(PlanOut):
    visits: list[RankRowOut]


class PlanPage(Page):
    results: list[PlanOut]


class RankingOut(Schema):
    plan: int
    published: bool
    rows: list[RankRowOut]


class VisitOut(Schema):
    id: int
    plan: int
    unit: str
    unit_name: str
    state: str
    visited_on: datetime.date | None
    strengths: str
    shortcomings: str
    recommendations: str
    final_score: Number | None
    rank: int | None
    proposed_level: str
    assessment: AssessmentOut | None


# --- helpers ---------------------------------------------------------------------------------------------


def _summary(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "criteria_set": a.criteria_set_id,
        "criteria_set_title": a.criteria_set.title,
        "year": a.criteria_set.year,
        "unit": a.unit.code,
        "unit_name": a.unit.name,
        "state": a.state,
        "submitted_at": a.submitted_at,
        "late": selectors.submitted_late(a),
        "self_total": _number(a.self_total),
        "final_total": _number(a.final_total),
    }


def _evidence(e: Evidence) -> dict:
    url = f"/api/evidence/{e.pk}/file" if e.kind == Evidence.Kind.FILE else e.url
    return {
        "id": e.pk,
        "condition": e.condition_id,
        "kind": e.kind,
        "title": e.title,
        "note": e.note,
        "url": url,
        "activity": e.activity_id,
        "report": e.report_id,
        "status": e.status,
        "review_reason": e.review_reason,
    }


def _detail(a: Assessment) -> dict:
    a.refresh_from_db()
    rows = [c for r in selectors.assessment_tree(a) for content in r.contents for c in content.conditions]
    scores = [
        {
            "condition": c.condition.pk,
            "code": c.condition.code,
            "text": c.condition.text,
            "max_points": _number(c.condition.max_points),
            "is_bonus": c.condition.is_bonus,
            "grades": [_number(g) for g in c.condition.grade_points()],
            "evidence_mandatory": c.condition.evidence_mandatory,
            "proposed_points": _number(c.score.proposed_points),
            "proposed_basis": c.score.proposed_basis,
            "self_points": _number(c.score.self_points),
            "self_note": c.score.self_note,
            "inspector_points": _number(c.score.inspector_points),
            "inspector_comment": c.score.inspector_comment,
            "final_points": _number(c.final),
        }
        for c in rows
    ]
    return {
        **_summary(a),
        "missing_evidence": [c.code for c in selectors.missing_evidence(a)],
        "scores": scores,
        "evidence": [_evidence(e) for c in rows for e in c.evidence],
    }


def _condition(assessment: Assessment, condition_id: int) -> Condition:
    return get_object_or_404(assessment.criteria_set.conditions(), pk=condition_id)


def _plan(plan) -> dict:
    return {
        "id": plan.pk,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "issuer": plan.issuer.code,
        "issuer_name": plan.issuer.name,
        "criteria_set": plan.criteria_set_id,
        "start_on": plan.start_on,
        "end_on": plan.end_on,
        "team": inspection_services.lines(plan.team),
        "state": plan.state,
        "ranking_published_on": plan.ranking_published_on,
    }


def _rows(user, plan, everyone: bool = False) -> list[dict]:
    return [
        {
            "unit": r.unit.code,
            "unit_name": r.unit.name,
            "visit": r.visit.pk if r.linked else None,
            "visit_state": r.visit.state if r.linked else None,
            "self_total": _number(r.self_total),
            "final_score": _number(r.final_score),
            "rank": r.rank,
            "proposed_level": r.visit.proposed_level,
        }
        for r in plan_rows(user, plan, everyone=everyone)
    ]


# --- self-assessment ---------------------------------------------------------------------------------------


@router.get(
    "/assessments/", response=AssessmentPage, summary="Các bản tự chấm của một bộ tiêu chí (trong phạm vi)"
)
def assessment_list(
    request,
    criteria_set: int = Query(description="Mã số bộ tiêu chí"),
    unit: str | None = Query(None, description="Mã đơn vị: bản tự chấm của đơn vị này và cấp dưới"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    the_set = CriteriaSet.objects.filter(pk=criteria_set).first()
    if the_set is None:
        raise Http404
    queryset = selectors.assessments_for_set(request.user, the_set)
    if unit:
        base = scope.get_unit(request.user, unit, by="code")
        queryset = queryset.filter(unit__path__startswith=base.path)
    return paginate(
        queryset, page=page, page_size=page_size, serialise=lambda rows: [_summary(a) for a in rows]
    )


@router.post("/assessments/", response={201: AssessmentOut}, summary="Mở bản tự chấm của đơn vị mình")
def assessment_open(request, payload: AssessmentOpen):
    unit = scope.get_unit(request.user, payload.unit, by="code")
    the_set = CriteriaSet.objects.filter(pk=payload.criteria_set, units=unit).first()
    if the_set is None:
        raise Http404
    assessment = assessment_services.assessment_open(criteria_set=the_set, unit=unit, by=request.user)
    return Reply(201, _detail(assessment))


@router.get(
    "/assessments/{assessment_id}/", response=AssessmentOut, summary="Một bản tự chấm: điểm và minh chứng"
)
def assessment_detail(request, assessment_id: int):
    return _detail(get_assessment(request.user, assessment_id))


@router.put(
    "/assessments/{assessment_id}/scores/{condition_id}",
    response=AssessmentOut,
    summary="Tự chấm một điều kiện",
)
def assessment_score(request, assessment_id: int, condition_id: int, payload: SelfScoreIn):
    assessment = get_assessment(request.user, assessment_id)
    assessment_services.assessment_score(
        assessment=assessment,
        condition=_condition(assessment, condition_id),
        points=payload.points,
        note=payload.note,
        by=request.user,
    )
    return _detail(assessment)


def _record(assessment: Assessment, payload: EvidenceIn) -> tuple[Activity | None, Report | None]:
    activity = Activity.objects.filter(pk=payload.activity).first() if payload.activity else None
    report = Report.objects.filter(pk=payload.report).first() if payload.report else None
    if (payload.activity and activity is None) or (payload.report and report is None):
        raise ValidationError({"record": _("Không tìm thấy hoạt động hoặc báo cáo này.")})
    return activity, report


@router.post(
    "/assessments/{assessment_id}/evidence/",
    response={201: EvidenceOut},
    summary="Thêm minh chứng: đường dẫn, ghi chú hoặc hồ sơ trong doanvu",
)
def assessment_evidence_add(request, assessment_id: int, payload: EvidenceIn):
    assessment = get_assessment(request.user, assessment_id)
    if payload.kind == Evidence.Kind.FILE:
        raise ValidationError({"kind": _("Tệp minh chứng gửi qua /api/assessments/{id}/evidence/file.")})
    activity, report = _record(assessment, payload) if payload.kind == Evidence.Kind.RECORD else (None, None)
    evidence = assessment_services.assessment_evidence_add(
        assessment=assessment,
        condition=_condition(assessment, payload.condition),
        kind=payload.kind,
        url=payload.url,
        title=payload.title,
        note=payload.note,
        activity=activity,
        report=report,
        by=request.user,
    )
    return Reply(201, _evidence(evidence))


@router.post(
    "/assessments/{assessment_id}/evidence/file",
    response={201: EvidenceOut},
    summary="Tải lên một tệp minh chứng (ảnh, PDF, Word, Excel)",
)
def assessment_evidence_upload(
    request,
    assessment_id: int,
    condition: int = Form(..., description="Mã số điều kiện"),
    title: str = Form("", description="Mô tả; mặc định là tên tệp"),
    file: UploadedFile = EVIDENCE_FILE,
):
    assessment = get_assessment(request.user, assessment_id)
    evidence = assessment_services.assessment_evidence_add(
        assessment=assessment,
        condition=_condition(assessment, condition),
        kind=Evidence.Kind.FILE,
        upload=file,
        title=title,
        by=request.user,
    )
    return Reply(201, _evidence(evidence))


def _evidence_in_scope(user, evidence_id: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("condition"), pk=evidence_id)
    get_assessment(user, evidence.assessment_id)  # 404 outside the unit's scope
    return evidence


@router.delete(
    "/evidence/{evidence_id}/", response={204: None}, summary="Xóa một minh chứng (khi còn tự chấm)"
)
def assessment_evidence_remove(request, evidence_id: int):
    evidence = _evidence_in_scope(request.user, evidence_id)
    assessment_services.assessment_evidence_remove(evidence=evidence, by=request.user)
    return Reply(204, None)


@router.get("/evidence/{evidence_id}/file", summary="Tải tệp minh chứng")
def assessment_evidence_file(request, evidence_id: int):
    evidence = _evidence_in_scope(request.user, evidence_id)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except OSError:
        raise Http404 from None
    extension = os.path.splitext(evidence.file.name)[1]
    return FileResponse(
        handle,
        content_type=evidence.content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"minh-chung-{evidence.pk}{extension}",
    )


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut, summary="Gửi bản tự chấm")
def assessment_submit(request, assessment_id: int):
    assessment = get_assessment(request.user, assessment_id)
    assessment_services.assessment_submit(assessment=assessment, by=request.user)
    return _detail(assessment)


# --- inspection ----------------------------------------------------------------------------------------------


@router.get(
    "/inspection-plans/",
    response=PlanPage,
    summary="Kế hoạch kiểm tra (của đơn vị mình hoặc kiểm tra đơn vị mình)",
)
def plan_list(request, page: int = Query(1, ge=1), page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)):
    return paginate(
        plans_for(request.user),
        page=page,
        page_size=page_size,
        serialise=lambda rows: [_plan(p) for p in rows],
    )


@router.get(
    "/inspection-plans/{plan_id}/", response=PlanDetailOut, summary="Một kế hoạch kiểm tra và các đơn vị"
)
def plan_detail(request, plan_id: int):
    plan = get_plan(request.user, plan_id)
    return {**_plan(plan), "visits": _rows(request.user, plan)}


@router.get("/inspection-plans/{plan_id}/ranking", response=RankingOut, summary="Bảng xếp hạng của kế hoạch")
def plan_ranking(request, plan_id: int):
    plan = get_plan(request.user, plan_id)
    if not sees_ranking(request.user, plan):
        raise Http404
    return {
        "plan": plan.pk,
        "published": ranking_published(plan),
        "rows": _rows(request.user, plan, everyone=True),
    }


def _visit(visit) -> dict:
    visit.refresh_from_db()
    return {
        "id": visit.pk,
        "plan": visit.plan_id,
        "unit": visit.unit.code,
        "unit_name": visit.unit.name,
        "state": visit.state,
        "visited_on": visit.visited_on,
        "strengths": visit.strengths,
        "shortcomings": visit.shortcomings,
        "recommendations": visit.recommendations,
        "final_score": _number(visit.final_score),
        "rank": visit.rank,
        "proposed_level": visit.proposed_level,
        "assessment": _detail(visit.assessment) if visit.assessment else None,
    }


@router.get("/inspection-visits/{visit_id}/", response=VisitOut, summary="Buổi kiểm tra một đơn vị")
def visit_detail(request, visit_id: int):
    return _visit(get_visit(request.user, visit_id))


@router.put(
    "/inspection-visits/{visit_id}/scores/{condition_id}",
    response=VisitOut,
    summary="Đoàn kiểm tra chấm một điều kiện",
)
def inspection_score(request, visit_id: int, condition_id: int, payload: InspectorScoreIn):
    visit = get_visit(request.user, visit_id)
    if visit.assessment is None:
        raise Http404
    inspection_services.inspection_score(
        visit=visit,
        condition=_condition(visit.assessment, condition_id),
        points=payload.points,
        comment=payload.comment,
        by=request.user,
    )
    return _visit(visit)


def _visit_evidence(request, visit_id: int, evidence_id: int):
    visit = get_visit(request.user, visit_id)
    evidence = get_object_or_404(
        Evidence.objects.select_related("condition"), pk=evidence_id, assessment=visit.assessment
    )
    return visit, evidence


@router.post(
    "/inspection-visits/{visit_id}/evidence/{evidence_id}/accept",
    response=EvidenceOut,
    summary="Chấp nhận minh chứng",
)
def evidence_accept(request, visit_id: int, evidence_id: int):
    visit, evidence = _visit_evidence(request, visit_id, evidence_id)
    return _evidence(
        inspection_services.inspection_evidence_accept(visit=visit, evidence=evidence, by=request.user)
    )


@router.post(
    "/inspection-visits/{visit_id}/evidence/{evidence_id}/reject",
    response=EvidenceOut,
    summary="Không chấp nhận minh chứng (cần lý do)",
)
def evidence_reject(request, visit_id: int, evidence_id: int, payload: RejectIn):
    visit, evidence = _visit_evidence(request, visit_id, evidence_id)
    return _evidence(
        inspection_services.inspection_evidence_reject(
            visit=visit, evidence=evidence, reason=payload.reason, by=request.user
        )
    )
