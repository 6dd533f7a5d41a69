"""Seats on committees and the steps towards the Party."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member, PartyStage, Position
from doanvu.members.validation import add_years, dmy, rule
from doanvu.org.models import OrgUnit

from ._common import (
    PARTY_ORDER,
    PARTY_STAGE_FIELDS,
    _check_current,
    _past_or_today,
    _require,
    _save,
)

# --- positions and the Party -----------------------------------------------------------------------------


@transaction.atomic
def position_add(
    *, member: Member, title: str, start_on: datetime.date, by, unit: OrgUnit | None = None
) -> Position:
    """Seat a member on the committee of `unit` (their branch, or a unit above it)."""
    unit = unit or member.unit
    _require(by, unit)
    _check_current(member, "title")
    if not member.unit.is_at_or_below(unit):
        raise ValidationError(
            {"unit": _("Chức vụ phải ở chi đoàn của đoàn viên hoặc một đơn vị cấp trên của nó.")}
        )
    if title not in Position.Title.values:
        raise ValidationError({"title": _("Hãy chọn chức vụ.")})
    _past_or_today(start_on, "start_on", _("ngày bắt đầu"))
    if member.joined_on and start_on < member.joined_on:
        raise ValidationError(
            {
                "start_on": _("Ngày bắt đầu giữ chức vụ phải từ ngày vào Đoàn (%(day)s).")
                % {"day": dmy(member.joined_on)}
            }
        )
    if Position.objects.filter(member=member, unit=unit, title=title, end_on__isnull=True).exists():
        raise ValidationError(
            {"title": _("Đoàn viên đang giữ chức vụ này ở %(unit)s.") % {"unit": unit.name}}
        )
    position = Position(member=member, unit=unit, title=title, start_on=start_on)
    position.full_clean()
    position.save()
    audit_log(
        actor=by,
        action="position.add",
        unit=unit,
        member=member,
        effective_on=start_on,
        data={"position": position.pk, "title": title},
        summary=_("%(name)s giữ chức %(title)s %(unit)s")
        % {"name": member.full_name, "title": position.get_title_display(), "unit": unit.name},
    )
    return position


@transaction.atomic
def position_end(*, position: Position, end_on: datetime.date, by) -> Position:
    _require(by, position.unit)
    position = Position.objects.select_for_update().select_related("member", "unit").get(pk=position.pk)
    if position.end_on is not None:
        raise ValidationError(
            {"end_on": _("Chức vụ này đã kết thúc ngày %(day)s.") % {"day": dmy(position.end_on)}}
        )
    _past_or_today(end_on, "end_on", _("ngày thôi giữ chức"))
    if end_on < position.start_on:
        raise ValidationError(
            {
                "end_on": _("Ngày thôi giữ chức phải từ ngày bắt đầu (%(day)s).")
                % {"day": dmy(position.start_on)}
            }
        )
    position.end_on = end_on
    position.save(update_fields=["end_on"])
    audit_log(
        actor=by,
        action="position.end",
        unit=position.unit,
        member=position.member,
        effective_on=end_on,
        data={"position": position.pk, "title": position.title},
        summary=_("%(name)s thôi giữ chức %(title)s %(unit)s")
        % {
            "name": position.member.full_name,
            "title": position.get_title_display(),
            "unit": position.unit.name,
        },
    )
    return position


def party_next_stage(member: Member) -> str | None:
    """The stage a member can move to next, None when they are a full Party member."""
    index = PARTY_ORDER.index(member.party_stage)
    return PARTY_ORDER[index + 1] if index + 1 < len(PARTY_ORDER) else None


@transaction.atomic
def member_party_stage(*, member: Member, stage: str, on: datetime.date, by) -> Member:
    """Record the member's next step towards the Party, in order: awareness course, introduced by the Union,
    probationary (aged 18+), full (12 months after probationary)."""
    _require(by, member.unit)
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    _check_current(member, "stage")
    expected = party_next_stage(member)
    if stage not in PARTY_STAGE_FIELDS:
        raise ValidationError({"stage": _("Hãy chọn bước phát triển Đảng.")})
    if stage != expected:
        if expected is None:
            message = _("%(name)s đã là đảng viên chính thức.") % {"name": member.full_name}
        else:
            message = _("Các bước phải theo thứ tự: bước tiếp theo của %(name)s là “%(next)s”.") % {
                "name": member.full_name,
                "next": PartyStage(expected).label,
            }
        raise ValidationError({"stage": message})
    _past_or_today(on, "on", _("ngày"))
    if stage == PartyStage.PROBATIONARY and member.age_on(on) < rule("party_min_age", 18):
        raise ValidationError(
            {
                "on": _("Chỉ được kết nạp Đảng khi đủ %(age)d tuổi: từ %(day)s.")
                % {
                    "age": rule("party_min_age", 18),
                    "day": dmy(add_years(member.date_of_birth, rule("party_min_age", 18))),
                }
            }
        )
    field = PARTY_STAGE_FIELDS[PartyStage(stage)]
    setattr(member, field, on)
    try:
        _save(member, by=by, on=on, reason=PartyStage(stage).label, carry=(field,))
    except ValidationError as error:
        # The rules speak of the date field; on this step the officer typed it as "on".
        raise ValidationError(
            {"on" if key == field else key: msgs for key, msgs in error.message_dict.items()}
        ) from None
    audit_log(
        actor=by,
        action="member.party_stage",
        unit=member.unit,
        member=member,
        effective_on=on,
        data={"stage": stage},
        summary=_("%(name)s: %(stage)s")
        % {"name": member.full_name, "stage": PartyStage(stage).label.lower()},
    )
    return member
