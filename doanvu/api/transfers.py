"""Transfers (chuyển sinh hoạt): the inbox and outbox of the user's scope, request, accept, reject."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Reply

from doanvu.accounts import scope
from doanvu.members.models import Member, Transfer
from doanvu.members.services import transfer_accept, transfer_reject, transfer_request
from doanvu.org.models import OrgUnit

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import TransferCreate, TransferDecision, TransferOut, TransferPage

router = Router(tags=["Chuyển sinh hoạt"])


def transfer_dict(user, transfer: Transfer) -> dict:
    return {
        "id": transfer.pk,
        "member": transfer.member_id,
        "member_name": transfer.member.full_name,
        "from_unit": transfer.from_unit.code,
        "from_unit_name": transfer.from_unit.name,
        "to_unit": transfer.to_unit.code,
        "to_unit_name": transfer.to_unit.name,
        "state": transfer.state,
        "requested_on": transfer.requested_on,
        "dues_paid_until": transfer.dues_paid_until,
        "reason": transfer.reason,
        "decided_on": transfer.decided_on,
        "decision_note": transfer.decision_note,
        "incoming": scope.in_scope(user, transfer.to_unit),
        "outgoing": scope.in_scope(user, transfer.from_unit),
    }


def _transfers():
    return Transfer.objects.select_related("member", "from_unit", "to_unit")


@router.get("/transfers/", response=TransferPage, summary="Chuyển sinh hoạt đến và đi trong phạm vi của bạn")
def transfer_list(
    request,
    direction: str = Query(
        "",
        pattern="^(|incoming|outgoing)$",
        description="incoming: đến đơn vị của bạn; outgoing: đi; bỏ trống: cả hai",
    ),
    state: Transfer.State | None = Query(None, description="Trạng thái"),  # noqa: B008
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    user = request.user
    incoming = scope.scope_filter(user, _transfers(), "to_unit")
    outgoing = scope.scope_filter(user, _transfers(), "from_unit")
    if direction == "incoming":
        transfers = incoming
    elif direction == "outgoing":
        transfers = outgoing
    else:
        transfers = _transfers().filter(Q(pk__in=incoming.values("pk")) | Q(pk__in=outgoing.values("pk")))
    if state:
        transfers = transfers.filter(state=state)
    return paginate(
        transfers.order_by("-requested_on", "-id"),
        page=page,
        page_size=page_size,
        serialise=lambda rows: [transfer_dict(user, t) for t in rows],
    )


@router.post("/transfers/", response={201: TransferOut}, summary="Đề nghị chuyển sinh hoạt cho một đoàn viên")
def transfer_create(request, payload: TransferCreate):
    member = scope.get_in_scope(
        request.user, Member.objects.select_related("unit"), scope.EDIT, id=payload.member
    )
    # The receiving unit is usually outside the sender's scope: any existing unit may be named.
    to_unit = OrgUnit.objects.filter(code=payload.to_unit).first()
    if to_unit is None:
        raise ValidationError({"to_unit": [_("Không có đơn vị mã “%(code)s”.") % {"code": payload.to_unit}]})
    transfer = transfer_request(
        member=member,
        to_unit=to_unit,
        by=request.user,
        requested_on=payload.requested_on or timezone.localdate(),
        reason=payload.reason,
        dues_paid_until=payload.dues_paid_until,
    )
    return Reply(201, transfer_dict(request.user, transfer))


def _incoming(user, transfer_id: int) -> Transfer:
    """A transfer the user may decide on: its receiving unit is in their scope with the editor role."""
    return scope.get_in_scope(user, _transfers(), scope.EDIT, unit_attr="to_unit", id=transfer_id)


@router.post(
    "/transfers/{transfer_id}/accept", response=TransferOut, summary="Tiếp nhận đoàn viên chuyển đến"
)
def transfer_accept_view(request, transfer_id: int, payload: TransferDecision | None = None):
    payload = payload or TransferDecision()
    transfer = _incoming(request.user, transfer_id)
    transfer = transfer_accept(
        transfer=transfer, by=request.user, on=payload.on or timezone.localdate(), note=payload.note
    )
    return transfer_dict(request.user, transfer)


@router.post("/transfers/{transfer_id}/reject", response=TransferOut, summary="Từ chối đoàn viên chuyển đến")
def transfer_reject_view(request, transfer_id: int, payload: TransferDecision):
    transfer = _incoming(request.user, transfer_id)
    transfer = transfer_reject(
        transfer=transfer, by=request.user, on=payload.on or timezone.localdate(), note=payload.note
    )
    return transfer_dict(request.user, transfer)
