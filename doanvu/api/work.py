"""API endpoints: work (same scope rules as every page, through doanvu.accounts.scope).

Activities with their figures (indicator code → value) inside the payload, direct values per unit and
period, targets with their progress. Writes go through doanvu.work.services, which check the role,
validate, refuse a locked period and write the audit entry; errors come back in the API's one shape.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.http import protect_download
from doanvu.stats.targets import target_progress
from doanvu.work import selectors, services
from doanvu.work.models import Activity, Attachment

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import Page
from .textinput import InSchema, MultiLine

router = Router(tags=["Công tác"])

Number = int | float


def _number(value: Decimal | None) -> Number | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _period(code: str | None, field: str = "period") -> periods.Period | None:
    if not code:
        return None
    try:
        return periods.parse(code)
    except periods.PeriodError as error:
        raise ValidationError({field: str(error)}) from None


# --- shapes ----------------------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    caption: str
    content_type: str
    size: int
    url: str = Field(description="Tải tệp qua API (cùng mã truy cập)")


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    unit: str = Field(description="Mã đơn vị chủ trì")
    unit_name: str
    organisers: list[str] = Field(description="Mã mọi đơn vị tổ chức, kể cả đơn vị chủ trì")
    work_area: str
    movement: str | None
    start_on: datetime.date
    end_on: datetime.date
    place: str
    figures: dict[str, Number] = Field(description="Mã chỉ số → giá trị")
    attachments: list[AttachmentOut]
    warnings: list[str] = Field([], description="Cảnh báo về số liệu (chỉ có khi vừa ghi)")


class ActivityPage(Page):
    results: list[ActivityOut]


class ActivityFields(InSchema):
    title: str | None = Field(None, max_length=255)
    description: MultiLine | None = None
    work_area: str | None = Field(None, description="Mã mặt công tác, ví dụ education, movements")
    movement: str | None = Field(
        None, description="Mã phong trào, chiến dịch; null: không thuộc phong trào nào"
    )
    start_on: datetime.date | None = None
    end_on: datetime.date | None = None
    place: str | None = Field(None, max_length=255)
    co_organisers: list[str] | None = Field(None, description="Mã các đơn vị cùng tổ chức")
    figures: dict[str, Decimal | None] | None = Field(
        None, description="Mã chỉ số → giá trị; khi sửa, thay toàn bộ số liệu của hoạt động"
    )


class ActivityCreate(ActivityFields):
    unit: str = Field(description="Mã đơn vị chủ trì")
    title: str = Field(max_length=255)
    work_area: str
    start_on: datetime.date


class DirectValueOut(Schema):
    indicator: str
    name: str
    unit_label: str
    value: Number | None
    note: str


class DirectValuesOut(Schema):
    unit: str
    period: str
    locked: bool
    values: list[DirectValueOut]


class DirectValueIn(InSchema):
    indicator: str
    value: Decimal | None = Field(description="null: xóa số liệu đã nhập")
    note: MultiLine = ""


class DirectValuesIn(InSchema):
    unit: str
    period: str
    values: list[DirectValueIn]


class TargetOut(Schema):
    indicator: str
    name: str
    unit_label: str
    target: Number
    achieved: Number | None = Field(description="Giá trị đạt được của cả đơn vị và cấp dưới trong kỳ")
    percent: float | None = Field(description="Tỷ lệ đạt chỉ tiêu, %")
    set_by: str = Field(description="Mã đơn vị giao chỉ tiêu")
    handed_down: bool = Field(description="Chỉ tiêu do cấp trên giao")
    note: str


class TargetsOut(Schema):
    unit: str
    period: str
    targets: list[TargetOut]


class TargetIn(InSchema):
    unit: str
    period: str = Field(description="Năm (2025), năm học (NH2025-2026) hoặc nhiệm kỳ (NK2022-2027)")
    indicator: str
    value: Decimal = Field(ge=0)
    note: MultiLine = ""
    from_unit: str | None = Field(
        None, description="Mã đơn vị giao chỉ tiêu (đơn vị đó hoặc cấp trên); mặc định: đơn vị của bạn"
    )


# --- activities ------------------------------------------------------------------------------------------


def activity_dict(activity: Activity, warnings: list[str] | None = None) -> dict:
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "unit": activity.unit.code,
        "unit_name": activity.unit.name,
        "organisers": [link.unit.code for link in activity.organiser_links.all()],
        "work_area": activity.work_area.code,
        "movement": activity.movement.code if activity.movement else None,
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "place": activity.place,
        "figures": {f.indicator.code: _number(f.value) for f in activity.figures.all()},
        "attachments": [
            {
                "id": a.pk,
                "caption": a.caption,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/api/activities/{activity.pk}/attachments/{a.pk}/",
            }
            for a in activity.attachments.all()
        ],
        "warnings": warnings or [],
    }


def _fresh(user, pk: int, warnings=None) -> dict:
    return activity_dict(selectors.activity_get(user=user, pk=pk), warnings)


@router.get("/activities/", response=ActivityPage, summary="Danh sách hoạt động của một đơn vị và cấp dưới")
def activity_list(
    request,
    unit: str | None = Query(None, description="Mã đơn vị: hoạt động do đơn vị này hoặc cấp dưới tổ chức"),
    period: str | None = Query(None, description="Kỳ: 2025, 2025S1, 2025Q1, 2025M9, 202503…"),
    work_area: str | None = Query(None, description="Mã mặt công tác"),
    movement: str | None = Query(None, description="Mã phong trào, chiến dịch"),
    q: str = Query("", description="Tìm theo tên, địa điểm"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    base = scope.get_unit(request.user, unit, by="code") if unit else None
    activities = selectors.activity_list(
        user=request.user,
        unit=base,
        period=_period(period),
        work_area=work_area,
        movement=movement,
        q=q,
    ).prefetch_related("attachments")
    return paginate(
        activities, page=page, page_size=page_size, serialise=lambda rows: [activity_dict(a) for a in rows]
    )


@router.post("/activities/", response={201: ActivityOut}, summary="Ghi nhận một hoạt động")
def activity_create(request, payload: ActivityCreate):
    unit = scope.get_unit(request.user, payload.unit, scope.EDIT, by="code")
    data = payload.dict(exclude={"unit", "co_organisers", "figures"}, exclude_none=True)
    activity = services.activity_create(
        unit=unit,
        data=data,
        co_organisers=payload.co_organisers or [],
        figures=payload.figures or {},
        by=request.user,
    )
    return Reply(201, _fresh(request.user, activity.pk, activity.warnings))


@router.get("/activities/{activity_id}/", response=ActivityOut, summary="Một hoạt động")
def activity_detail(request, activity_id: int):
    return _fresh(request.user, activity_id)


@router.patch("/activities/{activity_id}/", response=ActivityOut, summary="Sửa một hoạt động")
def activity_patch(request, activity_id: int, payload: ActivityFields):
    activity = selectors.activity_get(user=request.user, pk=activity_id, role=scope.EDIT)
    sent = payload.dict(exclude_unset=True)
    co, figures = sent.pop("co_organisers", None), sent.pop("figures", None)
    for name in ("title", "work_area", "start_on", "end_on"):
        if name in sent and sent[name] is None:
            raise ValidationError({name: _("Trường này không được để trống.")})
    for name in ("description", "place"):
        if name in sent and sent[name] is None:
            sent[name] = ""
    if "movement" in sent and sent["movement"] is None:
        sent["movement"] = ""
    activity = services.activity_update(
        activity=activity, data=sent, co_organisers=co, figures=figures, by=request.user
    )
    return _fresh(request.user, activity.pk, activity.warnings)


@router.delete("/activities/{activity_id}/", response={204: None}, summary="Xóa một hoạt động")
def activity_remove(request, activity_id: int):
    activity = selectors.activity_get(user=request.user, pk=activity_id, role=scope.EDIT)
    services.activity_delete(activity=activity, by=request.user)
    return Reply(204, None)


@router.get("/activities/{activity_id}/attachments/{attachment_id}/", summary="Tải một tệp minh chứng")
def attachment_file(request, activity_id: int, attachment_id: int):
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    attachment = Attachment.objects.filter(pk=attachment_id, activity=activity).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    return protect_download(
        FileResponse(
            handle,
            content_type=attachment.content_type or "application/octet-stream",
            as_attachment=True,
            filename=os.path.basename(attachment.file.name),
        )
    )


# --- direct values ----------------------------------------------------------------------------------------


def _direct_values(unit, period: periods.Period) -> dict:
    return {
        "unit": unit.code,
        "period": period.code,
        "locked": services.locking_report(unit=unit, day=period.start, end=period.end) is not None,
        "values": [
            {
                "indicator": row.indicator.code,
                "name": row.indicator.name,
                "unit_label": row.indicator.unit_label,
                "value": _number(row.value),
                "note": row.note,
            }
            for row in selectors.direct_value_grid(unit=unit, period=period)
        ],
    }


@router.get("/direct-values/", response=DirectValuesOut, summary="Số liệu nhập trực tiếp của đơn vị trong kỳ")
def direct_values_get(
    request,
    unit: str = Query(description="Mã đơn vị"),
    period: str = Query(description="Kỳ: 2025, 2025Q1, 202503…"),
):
    base = scope.get_unit(request.user, unit, by="code")
    return _direct_values(base, _period(period))


@router.put("/direct-values/", response=DirectValuesOut, summary="Nhập số liệu trực tiếp (cả lưới một lần)")
def direct_values_put(request, payload: DirectValuesIn):
    base = scope.get_unit(request.user, payload.unit, scope.EDIT, by="code")
    p = _period(payload.period)
    services.direct_values_set(
        unit=base,
        period=p.code,
        values={row.indicator: row.value for row in payload.values},
        notes={row.indicator: row.note for row in payload.values},
        by=request.user,
    )
    return _direct_values(base, p)


# --- targets -------------------------------------------------------------------------------------------------


def _targets(unit, period: periods.Period) -> dict:
    return {
        "unit": unit.code,
        "period": period.code,
        "targets": [
            {
                "indicator": row.indicator.code,
                "name": row.indicator.name,
                "unit_label": row.indicator.unit_label,
                "target": _number(row.target),
                "achieved": _number(row.value),
                "percent": float(row.percent) if row.percent is not None else None,
                "set_by": row.set_by_unit.code,
                "handed_down": row.handed_down,
                "note": row.note,
            }
            for row in target_progress(unit=unit, period=period)
        ],
    }


@router.get("/targets/", response=TargetsOut, summary="Chỉ tiêu của đơn vị trong kỳ và kết quả thực hiện")
def targets_get(
    request,
    unit: str = Query(description="Mã đơn vị"),
    period: str = Query(description="Năm, năm học hoặc nhiệm kỳ"),
):
    base = scope.get_unit(request.user, unit, by="code")
    return _targets(base, _period(period))


@router.post("/targets/", response={201: TargetsOut}, summary="Đặt hoặc giao một chỉ tiêu")
def targets_post(request, payload: TargetIn):
    base = scope.get_unit(request.user, payload.unit, scope.EDIT, by="code")
    from_unit = (
        scope.get_unit(request.user, payload.from_unit, scope.EDIT, by="code") if payload.from_unit else None
    )
    p = _period(payload.period)
    services.target_set(
        unit=base,
        indicator=payload.indicator,
        period=p.code,
        value=payload.value,
        note=payload.note,
        from_unit=from_unit,
        by=request.user,
    )
    return Reply(201, _targets(base, p))
