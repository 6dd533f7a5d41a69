"""Đánh giá đoàn viên: endpoints of the JSON API (same scope rules as the pages).

Member evaluations of a unit's sub-tree and year, one evaluation, the three steps (self-assessment entered
by the branch, the branch's proposal with its flags, the grassroots union's decision), the rules in force,
and the training programme's registrations and results. Writes go through the services of
doanvu.evaluation.members and doanvu.evaluation.training.

The `unit` query parameter is the page's `?unit=`: scope.page_unit reads it (404 outside the scope, 403
without the role) and without it takes the top of the user's scope (a site admin: the first root).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from doanvu.accounts import scope
from doanvu.evaluation.members import selectors, services
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import rules_for
from doanvu.evaluation.training import services as training_services
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.members.models import Member

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import Page
from .textinput import InSchema, MultiLine

router = Router(tags=["Đánh giá đoàn viên"])

LEVELS = (
    "outstanding (hoàn thành xuất sắc), good (tốt), completed (hoàn thành), not_completed (không hoàn thành)"
)


class FlagOut(Schema):
    code: str = Field(description="attendance, training, dues, discipline, quota")
    message: str


class EvaluationOut(Schema):
    id: int
    member: int
    member_name: str
    year: int
    unit: str = Field(description="Mã chi đoàn đánh giá")
    as_of: datetime.date
    step: str = Field(description="open, self, proposed, decided")
    self_level: str
    self_note: str
    self_on: datetime.date | None
    proposed_level: str
    proposed_note: str
    proposed_on: datetime.date | None
    flags: list[FlagOut] = Field(description="Quy định đề xuất vi phạm, với lý do")
    inputs: dict = Field(description="Số liệu khi đề xuất: tỷ lệ dự sinh hoạt, đoàn phí, rèn luyện, kỷ luật…")
    decided_level: str
    decided_on: datetime.date | None
    decision_unit: str | None
    decision_number: str


class EvaluationPage(Page):
    results: list[EvaluationOut]


class StepIn(InSchema):
    member: int = Field(description="Mã (id) đoàn viên")
    year: int
    level: str = Field(description=LEVELS)
    note: MultiLine = ""
    on: datetime.date


class DecideIn(InSchema):
    level: str = Field(description=LEVELS)
    on: datetime.date
    decision_number: str = Field("", max_length=60)


class RulesOut(Schema):
    unit: str
    year: int
    set_by: str | None = Field(description="Mã đơn vị đặt quy định; null: mặc định của hệ thống")
    outstanding_min_attendance_pct: float
    outstanding_training_result: str
    good_min_attendance_pct: float
    completed_min_attendance_pct: float
    max_unpaid_dues_months: int
    outstanding_max_share_pct: float | None
    discipline_caps_level: bool
    self_deadline: datetime.date | None
    decision_deadline: datetime.date | None


class TrainingOut(Schema):
    id: int
    member: int
    member_name: str
    year: int
    unit: str
    registered_on: datetime.date
    commitments: str
    result: str = Field(description="outstanding, good, passed, failed; rỗng: chưa đánh giá")
    evaluated_on: datetime.date | None
    note: str


class TrainingPage(Page):
    results: list[TrainingOut]


class TrainingIn(InSchema):
    year: int
    on: datetime.date
    member: int | None = Field(None, description="Đăng ký một đoàn viên; bỏ trống và ghi unit: cả chi đoàn")
    unit: str | None = Field(None, description="Mã chi đoàn: đăng ký mọi đoàn viên chưa đăng ký")
    commitments: MultiLine = ""


class TrainingResultIn(InSchema):
    result: str = Field(description="outstanding, good, passed, failed")
    on: datetime.date
    note: MultiLine | None = None


def evaluation_dict(e: MemberEvaluation) -> dict:
    return {
        "id": e.pk,
        "member": e.member_id,
        "member_name": e.member.full_name,
        "year": e.year,
        "unit": e.unit.code,
        "as_of": e.as_of,
        "step": e.step,
        "self_level": e.self_level,
        "self_note": e.self_note,
        "self_on": e.self_on,
        "proposed_level": e.proposed_level,
        "proposed_note": e.proposed_note,
        "proposed_on": e.proposed_on,
        "flags": [{"code": f.get("code", ""), "message": f.get("message", "")} for f in e.flags or []],
        "inputs": e.inputs or {},
        "decided_level": e.decided_level,
        "decided_on": e.decided_on,
        "decision_unit": e.decision_unit.code if e.decision_unit else None,
        "decision_number": e.decision_number,
    }


def training_dict(r: TrainingRegistration) -> dict:
    return {
        "id": r.pk,
        "member": r.member_id,
        "member_name": r.member.full_name,
        "year": r.year,
        "unit": r.unit.code,
        "registered_on": r.registered_on,
        "commitments": r.commitments,
        "result": r.result,
        "evaluated_on": r.evaluated_on,
        "note": r.note,
    }


def _evaluation(request, pk: int, role=scope.VIEW) -> MemberEvaluation:
    queryset = MemberEvaluation.objects.select_related("member", "unit", "unit__kind", "decision_unit")
    return scope.get_in_scope(request.user, queryset, role, pk=pk)


def _member(request, pk: int) -> Member:
    return scope.get_in_scope(request.user, Member.objects.select_related("unit"), scope.EDIT, pk=pk)


# --- evaluations -------------------------------------------------------------------------------------------


@router.get("/evaluations/", response=EvaluationPage, summary="Đánh giá đoàn viên của một đơn vị và cấp dưới")
def evaluation_list(
    request,
    year: int = Query(description="Năm đánh giá"),
    unit: str | None = Query(None, description="Mã đơn vị; mặc định: đơn vị của bạn"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    base = scope.page_unit(request)
    rows = selectors.evaluations_in(unit=base, year=year)
    return paginate(
        rows, page=page, page_size=page_size, serialise=lambda items: [evaluation_dict(e) for e in items]
    )


@router.get("/evaluations/{evaluation_id}/", response=EvaluationOut, summary="Một đánh giá đoàn viên")
def evaluation_detail(request, evaluation_id: int):
    return evaluation_dict(_evaluation(request, evaluation_id))


@router.post(
    "/evaluations/self", response={201: EvaluationOut}, summary="Ghi tự đánh giá (cán bộ chi đoàn ghi thay)"
)
def evaluation_self(request, payload: StepIn):
    member = _member(request, payload.member)
    done = services.evaluation_self(
        member=member,
        year=payload.year,
        level=payload.level,
        note=payload.note,
        on=payload.on,
        by=request.user,
    )
    return Reply(201, evaluation_dict(_evaluation(request, done.pk)))


@router.post("/evaluations/propose", response={201: EvaluationOut}, summary="Chi đoàn đề xuất xếp loại")
def evaluation_propose(request, payload: StepIn):
    member = _member(request, payload.member)
    done = services.evaluation_propose(
        member=member,
        year=payload.year,
        level=payload.level,
        note=payload.note,
        on=payload.on,
        by=request.user,
    )
    return Reply(201, evaluation_dict(_evaluation(request, done.pk)))


@router.post(
    "/evaluations/{evaluation_id}/decide", response=EvaluationOut, summary="Đoàn cơ sở quyết định xếp loại"
)
def evaluation_decide(request, evaluation_id: int, payload: DecideIn):
    found = _evaluation(request, evaluation_id)
    services.evaluation_decide(
        evaluation=found,
        level=payload.level,
        on=payload.on,
        decision_number=payload.decision_number,
        by=request.user,
    )
    return evaluation_dict(_evaluation(request, evaluation_id))


@router.get(
    "/evaluation-rules/", response=RulesOut, summary="Quy định đánh giá đoàn viên áp dụng cho một đơn vị"
)
def evaluation_rules(
    request,
    year: int = Query(description="Năm"),
    unit: str | None = Query(None, description="Mã đơn vị; mặc định: đơn vị của bạn"),
):
    base = scope.page_unit(request)
    rules = rules_for(base, year)
    data = rules.as_dict()
    return {
        **{key: data[key] for key in RulesOut.model_fields if key in data},
        "unit": base.code,
        "set_by": rules.set_by_code or None,
        "self_deadline": rules.self_deadline,
        "decision_deadline": rules.decision_deadline,
    }


# --- training ----------------------------------------------------------------------------------------------


def _trainings():
    return TrainingRegistration.objects.select_related("member", "unit").order_by("member__sort_key", "pk")


@router.get(
    "/trainings/", response=TrainingPage, summary="Đăng ký chương trình rèn luyện của đơn vị và cấp dưới"
)
def training_list(
    request,
    year: int = Query(description="Năm"),
    unit: str | None = Query(None, description="Mã đơn vị; mặc định: đơn vị của bạn"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    base = scope.page_unit(request)
    rows = _trainings().filter(base.subtree_q("unit__"), year=year)
    return paginate(
        rows, page=page, page_size=page_size, serialise=lambda items: [training_dict(r) for r in items]
    )


@router.post(
    "/trainings/", response={201: list[TrainingOut]}, summary="Đăng ký một đoàn viên hoặc cả chi đoàn"
)
def training_register(request, payload: TrainingIn):
    if payload.member is not None:
        member = _member(request, payload.member)
        done = [
            training_services.training_register(
                member=member,
                year=payload.year,
                on=payload.on,
                commitments=payload.commitments,
                by=request.user,
            )
        ]
    else:
        if not payload.unit:
            raise ValidationError({"unit": _("Hãy ghi mã đoàn viên (member) hoặc mã chi đoàn (unit).")})
        base = scope.get_unit(request.user, payload.unit, scope.EDIT, by="code")
        done = training_services.training_register_branch(
            unit=base, year=payload.year, on=payload.on, commitments=payload.commitments, by=request.user
        )
    return Reply(201, [training_dict(r) for r in _trainings().filter(pk__in=[r.pk for r in done])])


@router.post("/trainings/{registration_id}/evaluate", response=TrainingOut, summary="Ghi kết quả rèn luyện")
def training_evaluate(request, registration_id: int, payload: TrainingResultIn):
    registration = scope.get_in_scope(request.user, _trainings(), pk=registration_id)
    training_services.training_evaluate(
        registration=registration, result=payload.result, on=payload.on, note=payload.note, by=request.user
    )
    return training_dict(_trainings().get(pk=registration_id))
