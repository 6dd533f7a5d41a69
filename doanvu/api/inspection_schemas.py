"""The shapes of the self-assessment and inspection API (doanvu.api.inspection), and the functions that
fill them from the models."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Schema

from doanvu.evaluation.inspection import assessment_selectors as selectors
from doanvu.evaluation.inspection.models import Assessment, Evidence
from doanvu.evaluation.inspection.selectors import (
    plan_rows,
)
from doanvu.evaluation.inspection.services import visits as inspection_services

from .schemas import Page
from .textinput import InSchema, MultiLine

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


class AssessmentOpen(InSchema):
    criteria_set: int
    unit: str = Field(description="Mã đơn vị (của chính bạn)")


class SelfScoreIn(InSchema):
    points: Decimal | None = Field(description="null: xóa điểm")
    note: MultiLine = ""


class InspectorScoreIn(InSchema):
    points: Decimal | None = Field(description="null: xóa điểm kiểm tra (giữ điểm tự chấm)")
    comment: MultiLine = ""


class EvidenceIn(InSchema):
    condition: int
    kind: str = Field(description="link, note hoặc record (tệp: dùng /evidence/file)")
    url: str = ""
    title: str = Field("", max_length=255)
    note: MultiLine = ""
    activity: int | None = Field(None, description="Mã số hoạt động của đơn vị trong năm (loại record)")
    report: int | None = Field(None, description="Mã số báo cáo của đơn vị trong năm (loại record)")


class EvidenceFileIn(InSchema):
    """The fields sent with an evidence file (multipart form)."""

    condition: int = Field(..., description="Mã số điều kiện")
    title: str = Field("", description="Mô tả; mặc định là tên tệp")


class RejectIn(InSchema):
    reason: MultiLine


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


# --- from the models ------------------------------------------------------------------------------------


def assessment_summary(a: Assessment) -> dict:
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


def evidence_dict(e: Evidence) -> dict:
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


def assessment_dict(a: Assessment) -> dict:
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
        **assessment_summary(a),
        "missing_evidence": [c.code for c in selectors.missing_evidence(a)],
        "scores": scores,
        "evidence": [evidence_dict(e) for c in rows for e in c.evidence],
    }


def plan_dict(plan) -> dict:
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


def rank_rows(user, plan, everyone: bool = False) -> list[dict]:
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


def visit_dict(visit) -> dict:
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
        "assessment": assessment_dict(visit.assessment) if visit.assessment else None,
    }
