"""Transfers: the sending branch requests, the receiving unit (anywhere in the country) accepts or rejects;
meanwhile the member is in neither branch's active count."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member, Status, Transfer
from doanvu.members.validation import dmy
from doanvu.org.models import OrgUnit

from ._common import (
    STATUS_FIELDS,
    _check_branch,
    _not_before_last_change,
    _past_or_today,
    _require,
    _required_text,
    _save,
)


def _dues_month(value: str) -> str:
    """'3/2025' or '03/2025' → '03/2025'; '' stays ''."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = value.replace("-", "/").replace(".", "/").split("/")
    if (
        len(parts) == 2
        and all(p.isdigit() for p in parts)
        and 1 <= int(parts[0]) <= 12
        and len(parts[1]) == 4
    ):
        return f"{int(parts[0]):02d}/{parts[1]}"
    raise ValidationError(
        {"dues_paid_until": _("Tháng đã đóng đoàn phí phải có dạng MM/YYYY, ví dụ 03/2025.")}
    )


@transaction.atomic
def transfer_request(
    *,
    member: Member,
    to_unit: OrgUnit,
    by,
    requested_on: datetime.date,
    reason: str = "",
    dues_paid_until: str = "",
) -> Transfer:
    """The sending branch asks `to_unit` (anywhere in the country) to take the member. Until it answers, the
    member is in neither branch's active count."""
    _require(by, member.unit)
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    if member.status == Status.TRANSFER_PENDING:
        raise ValidationError(
            {
                "to_unit": _("%(name)s đang chờ chuyển sinh hoạt; hãy hủy đề nghị cũ trước.")
                % {"name": member.full_name}
            }
        )
    if member.status != Status.ACTIVE:
        raise ValidationError({"to_unit": _("Chỉ chuyển sinh hoạt được cho đoàn viên đang sinh hoạt.")})
    _check_branch(to_unit, "to_unit")
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("Đơn vị tiếp nhận phải khác chi đoàn hiện tại.")})
    _past_or_today(requested_on, "requested_on", _("ngày đề nghị"))
    _not_before_last_change(member, requested_on, "requested_on", _("ngày đề nghị"))
    transfer = Transfer(
        member=member,
        from_unit=member.unit,
        to_unit=to_unit,
        requested_on=requested_on,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        reason=(reason or "").strip(),
        dues_paid_until=_dues_month(dues_paid_until),
    )
    transfer.full_clean()
    transfer.save()
    member.status = Status.TRANSFER_PENDING
    member.status_changed_on = requested_on
    _save(
        member,
        by=by,
        on=requested_on,
        carry=STATUS_FIELDS,
        reason=_("Đề nghị chuyển sinh hoạt từ %(from)s đến %(to)s")
        % {"from": member.unit.name, "to": to_unit.name},
    )
    audit_log(
        actor=by,
        action="transfer.request",
        unit=member.unit,
        member=member,
        effective_on=requested_on,
        reason=transfer.reason,
        data={"transfer": transfer.pk, "to_unit": to_unit.code},
        summary=_("Đề nghị chuyển sinh hoạt %(name)s từ %(from)s đến %(to)s")
        % {"name": member.full_name, "from": member.unit.name, "to": to_unit.name},
    )
    return transfer


def _pending(transfer: Transfer) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("member", "from_unit", "to_unit")
        .get(pk=transfer.pk)
    )
    if transfer.state != Transfer.State.PENDING:
        raise ValidationError(
            _("Đề nghị chuyển sinh hoạt này đã được xử lý (%(state)s).")
            % {"state": transfer.get_state_display().lower()}
        )
    return transfer


def _decision_date(transfer: Transfer, on: datetime.date) -> None:
    _past_or_today(on, "on", _("ngày quyết định"))
    if on < transfer.requested_on:
        raise ValidationError(
            {"on": _("Ngày quyết định phải từ ngày đề nghị (%(day)s).") % {"day": dmy(transfer.requested_on)}}
        )


@transaction.atomic
def transfer_accept(*, transfer: Transfer, by, on: datetime.date, note: str = "") -> Transfer:
    """The receiving unit takes the member: from `on` they belong to `to_unit`, active."""
    _require(by, transfer.to_unit)
    transfer = _pending(transfer)
    _decision_date(transfer, on)
    _check_branch(transfer.to_unit, "to_unit")
    transfer.state, transfer.decided_on, transfer.decision_note = (
        Transfer.State.ACCEPTED,
        on,
        (note or "").strip(),
    )
    transfer.decided_by = by if getattr(by, "is_authenticated", False) else None
    transfer.save()
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    member.unit, member.status, member.status_changed_on = transfer.to_unit, Status.ACTIVE, on
    _save(
        member,
        by=by,
        on=on,
        carry=STATUS_FIELDS,
        reason=_("%(unit)s tiếp nhận") % {"unit": transfer.to_unit.name},
    )
    audit_log(
        actor=by,
        action="transfer.accept",
        unit=transfer.to_unit,
        member=member,
        effective_on=on,
        reason=transfer.decision_note,
        data={"transfer": transfer.pk, "from_unit": transfer.from_unit.code},
        summary=_("Tiếp nhận %(name)s từ %(from)s")
        % {"name": member.full_name, "from": transfer.from_unit.name},
    )
    return transfer


@transaction.atomic
def transfer_reject(*, transfer: Transfer, by, on: datetime.date, note: str) -> Transfer:
    """The receiving unit declines, saying why; the member is back, active, in the sending branch."""
    _require(by, transfer.to_unit)
    note = _required_text(note, "note", _("Hãy ghi lý do từ chối để đơn vị chuyển đi biết."))
    transfer = _pending(transfer)
    _decision_date(transfer, on)
    transfer.state, transfer.decided_on, transfer.decision_note = Transfer.State.REJECTED, on, note
    transfer.decided_by = by if getattr(by, "is_authenticated", False) else None
    transfer.save()
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    member.status, member.status_changed_on = Status.ACTIVE, on
    _save(
        member,
        by=by,
        on=on,
        carry=STATUS_FIELDS,
        reason=_("%(unit)s từ chối tiếp nhận") % {"unit": transfer.to_unit.name},
    )
    audit_log(
        actor=by,
        action="transfer.reject",
        unit=transfer.to_unit,
        member=member,
        effective_on=on,
        reason=note,
        data={"transfer": transfer.pk, "from_unit": transfer.from_unit.code},
        summary=_("Từ chối tiếp nhận %(name)s từ %(from)s")
        % {"name": member.full_name, "from": transfer.from_unit.name},
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, by) -> Transfer:
    """The sending side withdraws its request; the member is back, active, in their branch."""
    _require(by, transfer.from_unit)
    transfer = _pending(transfer)
    today = timezone.localdate()
    transfer.state, transfer.decided_on = Transfer.State.CANCELLED, today
    transfer.decided_by = by if getattr(by, "is_authenticated", False) else None
    transfer.save()
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    # As if never sent: active again since the day of the request, so a new request may carry any later date.
    member.status, member.status_changed_on = Status.ACTIVE, transfer.requested_on
    _save(
        member, by=by, reason=_("Hủy đề nghị chuyển sinh hoạt đến %(unit)s") % {"unit": transfer.to_unit.name}
    )
    audit_log(
        actor=by,
        action="transfer.cancel",
        unit=transfer.from_unit,
        member=member,
        effective_on=today,
        data={"transfer": transfer.pk, "to_unit": transfer.to_unit.code},
        summary=_("Hủy đề nghị chuyển sinh hoạt %(name)s đến %(to)s")
        % {"name": member.full_name, "to": transfer.to_unit.name},
    )
    return transfer
