"""Bộ tiêu chí, xếp loại đơn vị: endpoints of the JSON API (same scope rules as the pages).

Criteria sets with their criteria → contents → conditions nested inside, the xlsx download, create (with
the whole structure at once), copy last year's set, issue; the classifications a unit gives its direct
children for a year, with what is shown beside each, and the decision. Writes go through the services of
doanvu.evaluation.criteria and doanvu.evaluation.classification, which check the role, validate and write
the audit entry; errors come back in the API's one shape (422 with fields, 403, 404).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.utils.text import slugify
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from doanvu.accounts import scope
from doanvu.evaluation.classification import selectors as classification_selectors
from doanvu.evaluation.classification import services as classification_services
from doanvu.evaluation.classification.models import UnitClassification
from doanvu.evaluation.criteria import selectors as criteria_selectors
from doanvu.evaluation.criteria import services as criteria_services
from doanvu.evaluation.criteria import xlsx as criteria_xlsx
from doanvu.evaluation.criteria.rules import json_number
from doanvu.evaluation.levels import Level
from doanvu.lib.http import protect_download

from .textinput import InSchema, MultiLine

router = Router(tags=["Bộ tiêu chí, xếp loại đơn vị"])

Number = int | float


def _number(value: Decimal | None) -> Number | None:
    return json_number(value) if value is not None else None


# --- shapes ----------------------------------------------------------------------------------------------


class GradeOut(Schema):
    points: str = Field(description='Điểm của mức, ví dụ "8", "2.5"')
    text: str


class ConditionOut(Schema):
    code: str
    text: str
    max_points: str
    is_bonus: bool
    grades: list[GradeOut] = Field(description="Các mức điểm, từ cao xuống thấp")
    evidence_required: str
    evidence_mandatory: bool
    data_source: str = Field(description="Mã dữ liệu để hệ thống đề xuất điểm; rỗng: không gắn")
    data_params: dict[str, Any]


class ContentOut(Schema):
    code: str
    title: str
    conditions: list[ConditionOut]


class CriterionOut(Schema):
    code: str
    title: str
    contents: list[ContentOut]


class CriteriaSetOut(Schema):
    id: int
    issuer: str = Field(description="Mã đơn vị ban hành")
    issuer_name: str
    year: int
    title: str
    number: str
    state: str = Field(description="draft (đang soạn), issued (đã ban hành), closed")
    issued_on: datetime.date | None
    self_assessment_deadline: datetime.date | None
    outstanding_min_pct: Number
    good_min_pct: Number
    completed_min_pct: Number
    units: list[str] = Field(description="Mã các đơn vị áp dụng")
    base_points: Number = Field(description="Tổng điểm chuẩn (không kể điểm thưởng)")
    bonus_points: Number
    copied_from: int | None


class CriteriaSetDetail(CriteriaSetOut):
    criteria: list[CriterionOut]


class ConditionIn(InSchema):
    code: str
    text: MultiLine
    max_points: str | Number = Field(description='Điểm tối đa, ví dụ 8 hoặc "2,5"')
    is_bonus: bool = False
    grades: list[dict[str, Any]] | str = Field(
        [], description='[{"points": 8, "text": "…"}] hoặc "8: …; 6: …"'
    )
    evidence_required: MultiLine = ""
    evidence_mandatory: bool = False
    data_source: str = ""
    data_params: dict[str, Any] = {}


class ContentIn(InSchema):
    code: str
    title: str
    conditions: list[ConditionIn] = []


class CriterionIn(InSchema):
    code: str
    title: str
    contents: list[ContentIn] = []


class CriteriaSetIn(InSchema):
    issuer: str = Field(description="Mã đơn vị ban hành (bạn phải có quyền chỉnh sửa)")
    year: int
    title: str
    number: str = ""
    self_assessment_deadline: datetime.date | None = None
    units: list[str] | None = Field(
        None, description="Mã các đơn vị áp dụng; mặc định: các đơn vị trực thuộc"
    )
    criteria: list[CriterionIn] = []


class CopyIn(InSchema):
    year: int


class ScoreOut(Schema):
    value: Number | None = Field(description="Điểm tiêu chí: điểm kiểm tra, nếu chưa có thì điểm tự chấm")
    source: str = Field(description="inspection, self hoặc rỗng")
    proposed_level: str = Field(description="Xếp loại đoàn kiểm tra đề xuất")


class ClassificationOut(Schema):
    unit: str
    unit_name: str
    level: str | None = Field(description="outstanding, good, completed, not_completed; null: chưa xếp loại")
    decided_on: datetime.date | None
    decided_by_unit: str | None
    decision_number: str
    note: str
    score: ScoreOut
    data: dict[str, Number | None] = Field(description="Số liệu năm: members, meeting_attendance_pct, …")
    report_timeliness: str = Field(description='Báo cáo đúng hạn, ví dụ "11/12 đúng hạn"')
    can_decide: bool


class OwnOut(Schema):
    level: str | None
    decided_on: datetime.date | None
    decided_by_unit: str | None


class ClassificationsOut(Schema):
    unit: str
    year: int
    own: OwnOut = Field(description="Xếp loại của chính đơn vị (cấp trên quyết định)")
    children: list[ClassificationOut]


class DecisionIn(InSchema):
    unit: str = Field(description="Mã đơn vị trực thuộc được xếp loại")
    level: str = Field(description="outstanding, good, completed hoặc not_completed")
    note: MultiLine = ""


class DecisionsIn(InSchema):
    unit: str = Field(description="Mã đơn vị cấp trên (đơn vị quyết định)")
    year: int
    decided_on: datetime.date | None = None
    decision_number: str = ""
    decisions: list[DecisionIn]


# --- criteria sets ----------------------------------------------------------------------------------------


def _detail(criteria_set) -> dict:
    return {
        **criteria_selectors.header_dict(criteria_set),
        "criteria": criteria_selectors.criteria_set_structure(criteria_set),
    }


@router.get("/criteria-sets/", response=list[CriteriaSetOut], summary="Các bộ tiêu chí bạn xem được")
def criteria_set_list(
    request,
    year: int | None = Query(None, description="Năm"),
    unit: str | None = Query(
        None, description="Mã đơn vị: bộ do đơn vị này ban hành hoặc áp dụng cho đơn vị này"
    ),
):
    sets = criteria_selectors.sets_for_year(request.user, year)
    if unit:
        base = scope.get_unit(request.user, unit, by="code")
        sets = sets.filter(Q(issuer=base) | Q(units=base)).distinct()
    return [criteria_selectors.header_dict(s) for s in sets]


@router.post(
    "/criteria-sets/", response={201: CriteriaSetDetail}, summary="Tạo bộ tiêu chí (kèm cả cấu trúc)"
)
def criteria_set_create(request, payload: CriteriaSetIn):
    issuer = scope.get_unit(request.user, payload.issuer, scope.EDIT, by="code")
    units = None
    if payload.units is not None:
        units = [scope.get_unit(request.user, code, by="code") for code in payload.units]
    criteria_set = criteria_services.criteria_set_build(
        issuer=issuer,
        year=payload.year,
        title=payload.title,
        structure=[c.dict() for c in payload.criteria],
        by=request.user,
        units=units,
        header={"number": payload.number, "self_assessment_deadline": payload.self_assessment_deadline},
    )
    return Reply(201, _detail(criteria_set))


@router.get(
    "/criteria-sets/{set_id}/",
    response=CriteriaSetDetail,
    summary="Một bộ tiêu chí với mọi tiêu chí, nội dung, điều kiện",
)
def criteria_set_detail(request, set_id: int):
    return _detail(criteria_selectors.criteria_set_get(request.user, set_id))


@router.get("/criteria-sets/{set_id}/xlsx", summary="Tải bộ tiêu chí dạng tệp Excel")
def criteria_set_xlsx(request, set_id: int):
    criteria_set = criteria_selectors.criteria_set_get(request.user, set_id)
    response = HttpResponse(criteria_xlsx.export_xlsx(criteria_set), content_type=criteria_xlsx.XLSX_TYPE)
    name = slugify(f"bo-tieu-chi-{criteria_set.issuer.code}-{criteria_set.year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return protect_download(response)


@router.post(
    "/criteria-sets/{set_id}/copy",
    response={201: CriteriaSetDetail},
    summary="Sao chép bộ tiêu chí sang năm khác",
)
def criteria_set_copy(request, set_id: int, payload: CopyIn):
    source = criteria_selectors.criteria_set_get(request.user, set_id, scope.EDIT)
    return Reply(
        201, _detail(criteria_services.criteria_set_copy(source=source, year=payload.year, by=request.user))
    )


@router.post("/criteria-sets/{set_id}/issue", response=CriteriaSetDetail, summary="Ban hành bộ tiêu chí")
def criteria_set_issue(request, set_id: int):
    criteria_set = criteria_selectors.criteria_set_get(request.user, set_id, scope.EDIT)
    return _detail(criteria_services.criteria_set_issue(criteria_set=criteria_set, by=request.user))


# --- classifications --------------------------------------------------------------------------------------


def _classifications(user, unit, year: int) -> dict:
    own = UnitClassification.objects.filter(unit=unit, year=year).select_related("decided_by_unit").first()
    rows = classification_selectors.classification_rows(parent=unit, year=year, user=user)
    return {
        "unit": unit.code,
        "year": year,
        "own": {
            "level": own.level if own else None,
            "decided_on": own.decided_on if own else None,
            "decided_by_unit": own.decided_by_unit.code if own else None,
        },
        "children": [
            {
                "unit": row.unit.code,
                "unit_name": row.unit.name,
                "level": row.classification.level if row.classification else None,
                "decided_on": row.classification.decided_on if row.classification else None,
                "decided_by_unit": row.classification.decided_by_unit.code if row.classification else None,
                "decision_number": row.classification.decision_number if row.classification else "",
                "note": row.classification.note if row.classification else "",
                "score": {
                    "value": _number(row.score.value),
                    "source": row.score.source,
                    "proposed_level": row.score.proposed_level,
                },
                "data": {code: _number(value) for code, value in row.values.items()},
                "report_timeliness": row.timeliness.label,
                "can_decide": row.can_decide,
            }
            for row in rows
        ],
    }


@router.get(
    "/classifications/", response=ClassificationsOut, summary="Xếp loại các đơn vị trực thuộc trong năm"
)
def classification_list(
    request,
    unit: str = Query(description="Mã đơn vị cấp trên"),
    year: int = Query(description="Năm xếp loại"),
):
    base = scope.get_unit(request.user, unit, by="code")
    return _classifications(request.user, base, year)


@router.post(
    "/classifications/", response=ClassificationsOut, summary="Xếp loại một hoặc nhiều đơn vị trực thuộc"
)
def classification_decide(request, payload: DecisionsIn):
    base = scope.get_unit(request.user, payload.unit, by="code")
    levels, notes = {}, {}
    for decision in payload.decisions:
        child = scope.get_unit(request.user, decision.unit, by="code")
        if decision.level not in Level.values:
            raise ValidationError(
                {"level": f"{decision.unit}: hãy chọn outstanding, good, completed hoặc not_completed."}
            )
        levels[child], notes[child] = decision.level, decision.note
    classification_services.classification_decide_many(
        parent=base,
        year=payload.year,
        levels=levels,
        by=request.user,
        decided_on=payload.decided_on,
        decision_number=payload.decision_number,
        notes=notes,
    )
    return _classifications(request.user, base, payload.year)
