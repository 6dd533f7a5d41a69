"""Members: list and search within the scope, detail, admit, update. Writes go through the member services,
which validate, check the role and write the audit entry."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Reply

from doanvu.accounts import scope
from doanvu.members.models import Member, Status
from doanvu.members.selectors import STATUS_CURRENT, member_search
from doanvu.members.services import member_admit, member_update
from doanvu.work.dues import member_dues_category

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import MemberCreate, MemberOut, MemberPage, MemberUpdate

router = Router(tags=["Đoàn viên"])

DERIVED = ("unit", "unit_name", "party_stage", "dues_category_applied")
FIELDS = [name for name in MemberOut.model_fields if name not in DERIVED]


def member_dict(member: Member) -> dict:
    return {
        **{name: getattr(member, name) for name in FIELDS},
        "unit": member.unit.code,
        "unit_name": member.unit.name,
        "party_stage": member.party_stage,
        "dues_category_applied": member_dues_category(member),
    }


# "current": on the rolls (active, transfer pending, honorary); or one status.
StatusFilter = Literal[(STATUS_CURRENT, *Status.values)]


@router.get("/members/", response=MemberPage, summary="Danh sách, tìm kiếm đoàn viên")
def member_list(
    request,
    unit: str | None = Query(None, description="Mã đơn vị: đoàn viên của đơn vị này và mọi cấp dưới"),
    q: str = Query("", description="Tìm theo họ tên, không phân biệt hoa thường và dấu"),
    status: StatusFilter | None = Query(None, description="Tình trạng; current: đang trong danh sách"),  # noqa: B008
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    base = scope.get_unit(request.user, unit, by="code") if unit else None
    members = member_search(user=request.user, unit=base, q=q, status=status)
    return paginate(
        members, page=page, page_size=page_size, serialise=lambda rows: [member_dict(m) for m in rows]
    )


def _data(payload, exclude=frozenset()) -> dict:
    """The fields the caller sent, as the model holds them: null clears an optional text (to "") or date."""
    data = payload.dict(exclude_unset=True, exclude=set(exclude))
    errors = {}
    for name, value in data.items():
        field = Member._meta.get_field(name)
        if value is not None or field.null:
            continue
        if isinstance(field, CharField) and field.blank:
            data[name] = ""
        else:
            errors[name] = [_("Trường này không được để trống.")]
    if errors:
        raise ValidationError(errors)
    return data


def _get_member(user, member_id: int, role: str = scope.VIEW) -> Member:
    return scope.get_in_scope(user, Member.objects.select_related("unit"), role, id=member_id)


@router.get("/members/{member_id}/", response=MemberOut, summary="Một đoàn viên")
def member_detail(request, member_id: int):
    return member_dict(_get_member(request.user, member_id))


@router.post("/members/", response={201: MemberOut}, summary="Kết nạp / thêm đoàn viên")
def member_create(request, payload: MemberCreate):
    unit = scope.get_unit(request.user, payload.unit, scope.EDIT, by="code")
    member = member_admit(unit=unit, data=_data(payload, exclude={"unit"}), by=request.user)
    return Reply(201, member_dict(member))


@router.patch("/members/{member_id}/", response=MemberOut, summary="Cập nhật thông tin đoàn viên")
def member_patch(request, member_id: int, payload: MemberUpdate):
    member = _get_member(request.user, member_id, scope.EDIT)
    member = member_update(member=member, data=_data(payload), by=request.user)
    return member_dict(member)
