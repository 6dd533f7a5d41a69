"""Tự chấm, kiểm tra: endpoints of the JSON API (same scope rules as the pages).

Self-assessments of a criteria set (a unit's own editors score, add evidence and submit; officers above
read), inspection plans with their visits, the inspector's scores and evidence review, and the ranking.
A unit's assessment and visit are 404 to anyone outside its scope, always, and so is every other object
named by id (a criteria set the user may not see, an activity or report cited as evidence): never named in
an error. The ranking is seen by the issuer's officers, and by the inspected units' officers once published
(units, totals, ranks, levels). Writes go through doanvu.evaluation.inspection.services, which check the
role, validate and audit.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja import Status as Reply
from ninja.files import UploadedFile

from doanvu.accounts import scope
from doanvu.evaluation.criteria.models import Condition
from doanvu.evaluation.criteria.selectors import criteria_set_get, criteria_sets_visible
from doanvu.evaluation.inspection import assessment_selectors as selectors
from doanvu.evaluation.inspection.access import (
    get_assessment,
    get_plan,
    get_visit,
    ranking_published,
    sees_ranking,
)
from doanvu.evaluation.inspection.models import Assessment, Evidence
from doanvu.evaluation.inspection.selectors import (
    plans_for,
)
from doanvu.evaluation.inspection.services import assessment as assessment_services
from doanvu.evaluation.inspection.services import visits as inspection_services
from doanvu.lib.http import protect_download
from doanvu.reports.models import Report
from doanvu.work.models import Activity
from doanvu.work.selectors import activity_get

from .inspection_schemas import (
    AssessmentOpen,
    AssessmentOut,
    AssessmentPage,
    EvidenceFileIn,
    EvidenceIn,
    EvidenceOut,
    InspectorScoreIn,
    PlanDetailOut,
    PlanPage,
    RankingOut,
    RejectIn,
    SelfScoreIn,
    VisitOut,
    assessment_dict,
    assessment_summary,
    evidence_dict,
    plan_dict,
    rank_rows,
    visit_dict,
)
from .pagination import MAX_PAGE_SIZE, paginate

router = Router(tags=["Tự chấm, kiểm tra"])
EVIDENCE_FILE = File(..., description="Ảnh, PDF, Word hoặc Excel")


# --- helpers ---------------------------------------------------------------------------------------------


def _condition(assessment: Assessment, condition_id: int) -> Condition:
    return get_object_or_404(assessment.criteria_set.conditions(), pk=condition_id)


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
    the_set = criteria_set_get(request.user, criteria_set)  # 404 for a set the user may not see
    queryset = selectors.assessments_for_set(request.user, the_set)
    if unit:
        base = scope.get_unit(request.user, unit, by="code")
        queryset = queryset.filter(base.subtree_q("unit__"))
    return paginate(
        queryset, page=page, page_size=page_size, serialise=lambda rows: [assessment_summary(a) for a in rows]
    )


@router.post("/assessments/", response={201: AssessmentOut}, summary="Mở bản tự chấm của đơn vị mình")
def assessment_open(request, payload: AssessmentOpen):
    unit = scope.get_unit(request.user, payload.unit, by="code")
    # Among the sets the user sees: a draft of the unit above does not exist yet for the unit (404, unnamed).
    the_set = criteria_sets_visible(request.user).filter(pk=payload.criteria_set, units=unit).first()
    if the_set is None:
        raise Http404
    assessment = assessment_services.assessment_open(criteria_set=the_set, unit=unit, by=request.user)
    return Reply(201, assessment_dict(assessment))


@router.get(
    "/assessments/{assessment_id}/", response=AssessmentOut, summary="Một bản tự chấm: điểm và minh chứng"
)
def assessment_detail(request, assessment_id: int):
    return assessment_dict(get_assessment(request.user, assessment_id))


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
    return assessment_dict(assessment)


def _record(user, payload: EvidenceIn) -> tuple[Activity | None, Report | None]:
    """The activity or report cited, looked up within the user's scope: one outside it does not exist (404),
    so its title never reaches the service's message. Whether it is the unit's own, of the set's year, the
    service checks."""
    activity = activity_get(user=user, pk=payload.activity) if payload.activity else None
    report = scope.get_in_scope(user, Report.objects.all(), pk=payload.report) if payload.report else None
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
    activity, report = (
        _record(request.user, payload) if payload.kind == Evidence.Kind.RECORD else (None, None)
    )
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
    return Reply(201, evidence_dict(evidence))


@router.post(
    "/assessments/{assessment_id}/evidence/file",
    response={201: EvidenceOut},
    summary="Tải lên một tệp minh chứng (ảnh, PDF, Word, Excel)",
)
def assessment_evidence_upload(
    request,
    assessment_id: int,
    payload: Form[EvidenceFileIn],
    file: UploadedFile = EVIDENCE_FILE,
):
    assessment = get_assessment(request.user, assessment_id)
    evidence = assessment_services.assessment_evidence_add(
        assessment=assessment,
        condition=_condition(assessment, payload.condition),
        kind=Evidence.Kind.FILE,
        upload=file,
        title=payload.title,
        by=request.user,
    )
    return Reply(201, evidence_dict(evidence))


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
    return protect_download(
        FileResponse(
            handle,
            content_type=evidence.content_type or "application/octet-stream",
            as_attachment=True,
            filename=f"minh-chung-{evidence.pk}{extension}",
        )
    )


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut, summary="Gửi bản tự chấm")
def assessment_submit(request, assessment_id: int):
    assessment = get_assessment(request.user, assessment_id)
    assessment_services.assessment_submit(assessment=assessment, by=request.user)
    return assessment_dict(assessment)


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
        serialise=lambda rows: [plan_dict(p) for p in rows],
    )


@router.get(
    "/inspection-plans/{plan_id}/", response=PlanDetailOut, summary="Một kế hoạch kiểm tra và các đơn vị"
)
def plan_detail(request, plan_id: int):
    plan = get_plan(request.user, plan_id)
    return {**plan_dict(plan), "visits": rank_rows(request.user, plan)}


@router.get("/inspection-plans/{plan_id}/ranking", response=RankingOut, summary="Bảng xếp hạng của kế hoạch")
def plan_ranking(request, plan_id: int):
    plan = get_plan(request.user, plan_id)
    if not sees_ranking(request.user, plan):
        raise Http404
    return {
        "plan": plan.pk,
        "published": ranking_published(plan),
        "rows": rank_rows(request.user, plan, everyone=True),
    }


@router.get("/inspection-visits/{visit_id}/", response=VisitOut, summary="Buổi kiểm tra một đơn vị")
def visit_detail(request, visit_id: int):
    return visit_dict(get_visit(request.user, visit_id))


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
    return visit_dict(visit)


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
    return evidence_dict(
        inspection_services.inspection_evidence_accept(visit=visit, evidence=evidence, by=request.user)
    )


@router.post(
    "/inspection-visits/{visit_id}/evidence/{evidence_id}/reject",
    response=EvidenceOut,
    summary="Không chấp nhận minh chứng (cần lý do)",
)
def evidence_reject(request, visit_id: int, evidence_id: int, payload: RejectIn):
    visit, evidence = _visit_evidence(request, visit_id, evidence_id)
    return evidence_dict(
        inspection_services.inspection_evidence_reject(
            visit=visit, evidence=evidence, reason=payload.reason, by=request.user
        )
    )
