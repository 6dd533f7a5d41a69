"""A member's own proposals to change personal and contact details (docs/domain.md, "Members sign in for
themselves"): the member submits or withdraws; the branch approves (applied through `member_update`, so the
record's history and the audit log keep it) or refuses with a reason (kept on the proposal and in the log).
The proposal is checked by the same rules as the officer's form when submitted, and again when approved."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member
from doanvu.members.proposal_models import PROPOSABLE_FIELDS, ChangeProposal
from doanvu.members.validation import dmy, member_full_clean

from ._common import _require, _unknown_fields
from .records import member_update


def _stored(value) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _shown(field: str, value) -> str:
    model_field = Member._meta.get_field(field)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, str) and model_field.get_internal_type() == "DateField":
        return dmy(datetime.date.fromisoformat(value))
    return str(value)


def change_lines(proposal: ChangeProposal) -> list[tuple[str, str, str]]:
    """(label, value on the record when proposed, proposed value) for each field, as people read them."""
    return [
        (capfirst(str(Member._meta.get_field(f).verbose_name)), _shown(f, old), _shown(f, new))
        for f, (old, new) in proposal.changes.items()
    ]


def _summary(proposal: ChangeProposal) -> str:
    return "; ".join(f"{label}: {old} → {new}" for label, old, new in change_lines(proposal))


def _require_self(by, member: Member) -> None:
    if not scope.is_self(by, member):
        raise PermissionDenied(_("Chỉ đoàn viên mới gửi được đề nghị sửa thông tin của chính mình."))


@transaction.atomic
def proposal_submit(*, member: Member, data: dict[str, Any], by, note: str = "") -> ChangeProposal:
    """The member proposes new values for some of PROPOSABLE_FIELDS; the unchanged ones are left out."""
    _require_self(by, member)
    _unknown_fields(data, PROPOSABLE_FIELDS)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.change_proposals.filter(state=ChangeProposal.State.PENDING).exists():
        raise ValidationError(
            _("Bạn đang có một đề nghị chờ chi đoàn duyệt; hãy rút đề nghị đó trước khi gửi đề nghị mới.")
        )
    before = {field: getattr(member, field) for field in data}
    for field, value in data.items():
        setattr(member, field, value)
    member_full_clean(member)  # the officer's rules, and typed values turned into Python values
    member.normalise()
    changes = {
        f: [_stored(before[f]), _stored(getattr(member, f))] for f in data if before[f] != getattr(member, f)
    }
    if not changes:
        raise ValidationError(_("Bạn chưa thay đổi thông tin nào so với hồ sơ."))
    proposal = ChangeProposal.objects.create(member=member, changes=changes, note=(note or "").strip())
    audit_log(
        actor=by,
        action="member.propose",
        unit=member.unit,
        member=member,
        summary=_("Đoàn viên %(name)s đề nghị sửa thông tin: %(changes)s")
        % {"name": member.full_name, "changes": _summary(proposal)},
        reason=proposal.note,
        data={"proposal": proposal.pk, "changes": changes},
    )
    return proposal


def _pending(proposal: ChangeProposal) -> ChangeProposal:
    proposal = (
        ChangeProposal.objects.select_for_update()
        .select_related("member", "member__unit")
        .get(pk=proposal.pk)
    )
    if proposal.state != ChangeProposal.State.PENDING:
        raise ValidationError(
            _("Đề nghị này đã được xử lý (%(state)s).") % {"state": proposal.get_state_display().lower()}
        )
    return proposal


def _close(proposal: ChangeProposal, state: str, by, reason: str = "") -> None:
    proposal.state, proposal.decided, proposal.reason = state, timezone.now(), reason
    proposal.decided_by = by if getattr(by, "is_authenticated", False) else None
    proposal.save(update_fields=["state", "decided", "decided_by", "reason"])


@transaction.atomic
def proposal_withdraw(*, proposal: ChangeProposal, by) -> ChangeProposal:
    proposal = _pending(proposal)
    _require_self(by, proposal.member)
    _close(proposal, ChangeProposal.State.WITHDRAWN, by)
    audit_log(
        actor=by,
        action="member.proposal_withdraw",
        unit=proposal.member.unit,
        member=proposal.member,
        summary=_("Đoàn viên %(name)s rút đề nghị sửa thông tin") % {"name": proposal.member.full_name},
        data={"proposal": proposal.pk},
    )
    return proposal


@transaction.atomic
def proposal_approve(*, proposal: ChangeProposal, by) -> Member:
    """Apply the proposed values to the record (checked again: the record may have changed since)."""
    proposal = _pending(proposal)
    member = proposal.member
    _require(by, member.unit)
    data = {field: new for field, (_old, new) in proposal.changes.items()}
    try:
        member = member_update(
            member=member, data=data, by=by, reason=_("Duyệt đề nghị sửa thông tin của đoàn viên")
        )
    except ValidationError as error:
        raise ValidationError(
            _(
                "Không áp dụng được đề nghị vì hồ sơ không còn hợp lệ với thay đổi này: %(errors)s. Hãy từ chối "
                "kèm lý do."
            )
            % {"errors": "; ".join(m.rstrip(".") for m in error.messages)}
        ) from None
    _close(proposal, ChangeProposal.State.APPROVED, by)
    audit_log(
        actor=by,
        action="member.proposal_approve",
        unit=member.unit,
        member=member,
        summary=_("Duyệt đề nghị sửa thông tin của đoàn viên %(name)s: %(changes)s")
        % {"name": member.full_name, "changes": _summary(proposal)},
        data={"proposal": proposal.pk},
    )
    return member


@transaction.atomic
def proposal_refuse(*, proposal: ChangeProposal, by, reason: str) -> ChangeProposal:
    proposal = _pending(proposal)
    _require(by, proposal.member.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do từ chối để đoàn viên biết.")})
    _close(proposal, ChangeProposal.State.REFUSED, by, reason)
    audit_log(
        actor=by,
        action="member.proposal_refuse",
        unit=proposal.member.unit,
        member=proposal.member,
        summary=_("Từ chối đề nghị sửa thông tin của đoàn viên %(name)s: %(changes)s")
        % {"name": proposal.member.full_name, "changes": _summary(proposal)},
        reason=reason,
        data={"proposal": proposal.pk},
    )
    return proposal
