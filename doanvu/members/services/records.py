"""Admission and corrections to a member's record."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member, Status
from doanvu.members.validation import dmy, member_full_clean
from doanvu.org.models import OrgUnit

from ._common import (
    ADMIT_FIELDS,
    UPDATE_FIELDS,
    _check_branch,
    _require,
    _save,
    _unknown_fields,
)


@transaction.atomic
def member_admit(*, unit: OrgUnit, data: dict[str, Any], by) -> Member:
    """Admit a new member to the branch `unit`; history dated by the joining date."""
    _require(by, unit)
    _unknown_fields(data, ADMIT_FIELDS)
    _check_branch(unit, "unit")
    member = Member(unit=unit, **data)
    member.status = Status.HONORARY if member.is_honorary else Status.ACTIVE
    if not member.joined_on:
        raise ValidationError({"joined_on": _("Hãy nhập ngày vào Đoàn.")})
    member_full_clean(member)  # also turns typed-in values (dates as text) into Python values
    member.status_changed_on = member.joined_on
    _save(member, by=by, reason=_("Kết nạp vào Đoàn"), on=member.joined_on, validate=False)
    audit_log(
        actor=by,
        action="member.admit",
        unit=unit,
        member=member,
        effective_on=member.joined_on,
        summary=_("Kết nạp đoàn viên %(name)s vào %(unit)s") % {"name": member.full_name, "unit": unit.name},
    )
    return member


@transaction.atomic
def member_update(*, member: Member, data: dict[str, Any], by, reason: str = "") -> Member:
    """Correct or complete a member's record (not unit, status or positions: they have their own steps).
    `reason` names the change in the history (default "Cập nhật thông tin")."""
    _require(by, member.unit)
    _unknown_fields(data, UPDATE_FIELDS)
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = {field: getattr(member, field) for field in data}
    for field, value in data.items():
        setattr(member, field, value)
    member_full_clean(member)
    changed = {
        f: [_plain(before[f]), _plain(getattr(member, f))] for f in data if before[f] != getattr(member, f)
    }
    if not changed:
        return member
    _save(member, by=by, reason=reason or _("Cập nhật thông tin"), validate=False)
    audit_log(
        actor=by,
        action="member.update",
        unit=member.unit,
        member=member,
        summary=_("Cập nhật thông tin đoàn viên %(name)s") % {"name": member.full_name},
        data=changed,
    )
    return member


def _plain(value):
    return dmy(value) if isinstance(value, datetime.date) else value
