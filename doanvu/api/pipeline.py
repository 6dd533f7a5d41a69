"""Phát triển Đảng: endpoints of the JSON API (same scope rules as the pages).

The funnel of a unit and year, the outstanding-member lists (list, detail), who is due for a next step, and a
person's steps (awareness course, introduction, admission, full membership). Writes go through
doanvu.evaluation.party.services, which checks the role, validates and writes the audit entry; errors come
back in the API's one shape (422 {"errors": {field: [messages]}}).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from doanvu.accounts import scope
from doanvu.evaluation.party import selectors, services
from doanvu.evaluation.party.models import OutstandingList
from doanvu.members.models import Member

from .textinput import InSchema

router = Router(tags=["Phát triển Đảng"])


# --- shapes ----------------------------------------------------------------------------------------------


class StageOut(Schema):
    code: str = Field(description="proposed, certified, introduced, probationary, full")
    label: str
    count: int
    share: float | None = Field(description="Tỷ lệ so với số người được đề xuất, %")


class FunnelChildOut(Schema):
    unit: str
    name: str
    counts: dict[str, int] = Field(description="Mã bước → số người")


class YearOut(Schema):
    outstanding_introduced: float | None
    party_admitted: float | None
    party_full_members: float | None
    target: float | None = Field(description="Chỉ tiêu giới thiệu đoàn viên ưu tú của đơn vị trong năm")
    percent: float | None = Field(description="Tỷ lệ đạt chỉ tiêu, %")


class FunnelOut(Schema):
    unit: str
    year: int
    day: datetime.date = Field(description="Ngày tính")
    stages: list[StageOut]
    children: list[FunnelChildOut] = Field(description="Theo đơn vị trực thuộc")
    own: dict[str, int] | None = Field(description="Những người sinh hoạt trực tiếp tại đơn vị")
    year_figures: YearOut = Field(description="Số liệu trong năm, như lệnh doanvu stats")


class PersonOut(Schema):
    id: int
    full_name: str
    date_of_birth: datetime.date
    unit: str
    unit_name: str
    status: str
    party_stage: str
    party_course_on: datetime.date | None
    party_course_certificate: str
    certificate_expires_on: datetime.date | None
    certificate_valid: bool
    party_introduced_on: datetime.date | None
    party_introduced_resolution: str
    party_probationary_on: datetime.date | None
    full_due_on: datetime.date | None = Field(description="Ngày đủ thời gian dự bị")
    party_full_on: datetime.date | None
    next_steps: list[str] = Field(description="course, introduce, admit, full")
    lists: list[int] = Field(description="Mã các danh sách đoàn viên ưu tú có tên")


class ListOut(Schema):
    id: int
    unit: str
    unit_name: str
    year: int
    entries: int = Field(description="Số người trong danh sách")
    handed_over_on: datetime.date | None
    party_committee: str
    resolution_number: str
    resolved_on: datetime.date | None
    note: str


class EntryOut(Schema):
    id: int
    from_evaluation: bool = Field(description="Được đề xuất từ kết quả xếp loại hoàn thành xuất sắc")
    note: str
    person: PersonOut


class ListDetailOut(ListOut):
    people: list[EntryOut]


class DueRowOut(Schema):
    day: datetime.date = Field(description="Ngày đến hạn / hết hạn / ngày giới thiệu")
    days: int = Field(description="Số ngày từ hôm nay đến `day` (âm: đã qua)")
    person: PersonOut


class DueOut(Schema):
    unit: str
    day: datetime.date
    introduced_months: int
    full: list[DueRowOut] = Field(description="Đảng viên dự bị đủ 12 tháng hoặc sẽ đủ trong 60 ngày")
    certificates: list[DueRowOut] = Field(
        description="Giấy chứng nhận cảm tình Đảng hết hạn hoặc sắp hết hạn"
    )
    introduced: list[DueRowOut] = Field(description="Được giới thiệu quá số tháng mà chưa được kết nạp")


class CourseIn(InSchema):
    on: datetime.date = Field(description="Ngày cấp giấy chứng nhận")
    certificate: str = Field(max_length=60, description="Số giấy chứng nhận")


class IntroduceIn(InSchema):
    on: datetime.date = Field(description="Ngày nghị quyết giới thiệu")
    resolution: str = Field(max_length=60, description="Số nghị quyết")


class DateIn(InSchema):
    on: datetime.date


# --- helpers -----------------------------------------------------------------------------------------------


def _number(value) -> float | None:
    return None if value is None else float(value)


def person_dict(member: Member, person: selectors.Person | None = None) -> dict:
    person = person or selectors.person_pipeline(member)
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "date_of_birth": member.date_of_birth,
        "unit": member.unit.code,
        "unit_name": member.unit.name,
        "status": member.status,
        "party_stage": member.party_stage,
        "party_course_on": member.party_course_on,
        "party_course_certificate": member.party_course_certificate,
        "certificate_expires_on": person.certificate_expires_on,
        "certificate_valid": person.certificate_valid,
        "party_introduced_on": member.party_introduced_on,
        "party_introduced_resolution": member.party_introduced_resolution,
        "party_probationary_on": member.party_probationary_on,
        "full_due_on": person.full_due_on,
        "party_full_on": member.party_full_on,
        "next_steps": person.next_steps,
        "lists": [lst.pk for lst in person.lists],
    }


def list_dict(outstanding_list: OutstandingList, entries: int) -> dict:
    return {
        "id": outstanding_list.pk,
        "unit": outstanding_list.unit.code,
        "unit_name": outstanding_list.unit.name,
        "year": outstanding_list.year,
        "entries": entries,
        "handed_over_on": outstanding_list.handed_over_on,
        "party_committee": outstanding_list.party_committee,
        "resolution_number": outstanding_list.resolution_number,
        "resolved_on": outstanding_list.resolved_on,
        "note": outstanding_list.note,
    }


def _year(year: int | None) -> int:
    this_year = timezone.localdate().year
    if year is None:
        return this_year
    if not 2000 <= year <= this_year + 1:
        raise ValidationError({"year": _("Năm phải từ 2000 đến %(year)d.") % {"year": this_year + 1}})
    return year


def _member(request, member_id: int, step: str) -> Member:
    """The member (404 outside the scope), and 403 without the role on the unit that records `step`."""
    member = scope.get_in_scope(
        request.user, Member.objects.select_related("unit", "unit__kind"), scope.VIEW, pk=member_id
    )
    unit = services.grassroots_of(member.unit) if step == "introduce" else member.unit
    if not scope.has_role(request.user, unit, scope.EDIT):
        raise PermissionDenied
    return member


def _after(member: Member) -> dict:
    member.refresh_from_db()
    return person_dict(member)


# --- reads -------------------------------------------------------------------------------------------------


@router.get(
    "/pipeline/funnel/", response=FunnelOut, summary="Phễu phát triển Đảng của một đơn vị trong một năm"
)
def pipeline_funnel(
    request,
    unit: str = Query(description="Mã đơn vị: tính cả các đơn vị trực thuộc"),
    year: int | None = Query(None, description="Năm của danh sách đoàn viên ưu tú; mặc định năm nay"),
):
    base = scope.get_unit(request.user, unit, by="code")
    y = _year(year)
    funnel = selectors.pipeline_funnel(unit=base, year=y)
    progress = selectors.year_progress(unit=base, year=y)
    target = progress.target
    return {
        "unit": base.code,
        "year": y,
        "day": funnel.day,
        "stages": [
            {"code": s.code, "label": s.label, "count": s.count, "share": _number(s.share)}
            for s in funnel.stages
        ],
        "children": [{"unit": r.unit.code, "name": r.unit.name, "counts": r.counts} for r in funnel.children],
        "own": funnel.own.counts if funnel.own else None,
        "year_figures": {
            **{code: _number(value) for code, value in progress.values.items()},
            "target": _number(target.target) if target else None,
            "percent": _number(target.percent) if target else None,
        },
    }


@router.get("/pipeline/lists/", response=list[ListOut], summary="Danh sách đoàn viên ưu tú của một đơn vị")
def pipeline_lists(
    request,
    unit: str = Query(description="Mã đơn vị: danh sách của đơn vị này và các đơn vị trực thuộc"),
    year: int | None = Query(None, description="Năm; mặc định mọi năm"),
):
    base = scope.get_unit(request.user, unit, by="code")
    lists = selectors.outstanding_lists(unit=base, year=_year(year) if year is not None else None)
    return [list_dict(lst, lst.entry_count) for lst in lists]


@router.get("/pipeline/lists/{list_id}/", response=ListDetailOut, summary="Một danh sách đoàn viên ưu tú")
def pipeline_list(request, list_id: int):
    found = scope.get_in_scope(request.user, OutstandingList.objects.select_related("unit"), pk=list_id)
    entries = selectors.list_entries(found)
    return {
        **list_dict(found, len(entries)),
        "people": [
            {
                "id": entry.pk,
                "from_evaluation": entry.evaluation_id is not None
                and entry.evaluation.decided_level == "outstanding",
                "note": entry.note,
                "person": person_dict(entry.member),
            }
            for entry in entries
        ],
    }


@router.get("/pipeline/due/", response=DueOut, summary="Những người đến hạn một bước phát triển Đảng")
def pipeline_due(
    request,
    unit: str = Query(description="Mã đơn vị: tính cả các đơn vị trực thuộc"),
    introduced_months: int = Query(
        selectors.DEFAULT_INTRODUCED_MONTHS, ge=1, le=60, description="Được giới thiệu quá số tháng này"
    ),
):
    base = scope.get_unit(request.user, unit, by="code")
    due = selectors.pipeline_due(unit=base, introduced_months=introduced_months)

    def rows(items):
        return [{"day": row.day, "days": row.days, "person": person_dict(row.member)} for row in items]

    return {
        "unit": base.code,
        "day": due.day,
        "introduced_months": due.introduced_months,
        "full": rows(due.full),
        "certificates": rows(due.certificates),
        "introduced": rows(due.introduced),
    }


@router.get(
    "/pipeline/members/{member_id}/", response=PersonOut, summary="Các bước phát triển Đảng của một người"
)
def pipeline_person(request, member_id: int):
    member = scope.get_in_scope(
        request.user, Member.objects.select_related("unit", "unit__kind"), pk=member_id
    )
    return person_dict(member)


# --- a person's steps --------------------------------------------------------------------------------------


@router.post("/pipeline/members/{member_id}/course/", response=PersonOut, summary="Ghi lớp cảm tình Đảng")
def pipeline_course(request, member_id: int, payload: CourseIn):
    member = _member(request, member_id, "course")
    services.party_course(member=member, on=payload.on, certificate=payload.certificate, by=request.user)
    return _after(member)


@router.post(
    "/pipeline/members/{member_id}/introduce/",
    response=PersonOut,
    summary="Ghi nghị quyết giới thiệu kết nạp Đảng",
)
def pipeline_introduce(request, member_id: int, payload: IntroduceIn):
    member = _member(request, member_id, "introduce")
    services.party_introduce(member=member, on=payload.on, resolution=payload.resolution, by=request.user)
    return _after(member)


@router.post("/pipeline/members/{member_id}/admit/", response=PersonOut, summary="Ghi kết nạp Đảng (dự bị)")
def pipeline_admit(request, member_id: int, payload: DateIn):
    member = _member(request, member_id, "admit")
    services.party_admit(member=member, on=payload.on, by=request.user)
    return _after(member)


@router.post("/pipeline/members/{member_id}/full/", response=PersonOut, summary="Ghi chuyển Đảng chính thức")
def pipeline_full(request, member_id: int, payload: DateIn):
    member = _member(request, member_id, "full")
    services.party_full(member=member, on=payload.on, by=request.user)
    return _after(member)
