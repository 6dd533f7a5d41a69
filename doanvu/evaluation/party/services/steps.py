"""A person's steps towards the Party: awareness course, introduction by the grassroots union's resolution,
admission as probationary member, full membership; each written in the member's history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member
from doanvu.members.services._common import _check_current, _past_or_today, _require, _required_text, _save
from doanvu.members.validation import dmy

from .rules import (
    certificate_expires_on,
    course_valid_years,
    grassroots_of,
    lists_of_member,
)

# The member's field → the name the officer typed it under on these steps.
_INPUT_FIELDS = {
    "party_course_on": "on",
    "party_course_certificate": "certificate",
    "party_introduced_on": "on",
    "party_introduced_resolution": "resolution",
    "party_probationary_on": "on",
    "party_full_on": "on",
}


def _save_step(member: Member, *, by, on: datetime.date, reason: str, fields: tuple[str, ...]) -> None:
    """Save the step in the member's history (dated `on`); the member's rules speak of its fields, which the
    officer typed as `on`, `certificate`, `resolution`."""
    try:
        _save(member, by=by, on=on, reason=reason, carry=fields)
    except ValidationError as error:
        raise ValidationError(
            {(_INPUT_FIELDS[key] if key in fields else key): msgs for key, msgs in error.message_dict.items()}
        ) from None


def _locked_member(member: Member) -> Member:
    member = Member.objects.select_for_update().select_related("unit", "unit__kind").get(pk=member.pk)
    _check_current(member, "on")
    return member


def _not_party_member(member: Member) -> None:
    if member.party_probationary_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã là đảng viên (kết nạp ngày %(day)s).")
                % {"name": member.full_name, "day": dmy(member.party_probationary_on)}
            }
        )


@transaction.atomic
def party_course(*, member: Member, on: datetime.date, certificate: str, by) -> Member:
    """Record the Party-awareness course: the certificate's date and number (valid five years). A renewed
    certificate replaces the old one, until the member is introduced."""
    _require(by, member.unit)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is not None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s đã được giới thiệu kết nạp Đảng ngày %(day)s: không ghi lại lớp cảm tình Đảng sau khi "
                    "đã giới thiệu."
                )
                % {"name": member.full_name, "day": dmy(member.party_introduced_on)}
            }
        )
    _past_or_today(on, "on", _("ngày cấp giấy chứng nhận"))
    certificate = _required_text(certificate, "certificate", _("Hãy nhập số giấy chứng nhận cảm tình Đảng."))
    previous = {
        "on": member.party_course_on.isoformat() if member.party_course_on else None,
        "certificate": member.party_course_certificate,
    }
    member.party_course_on, member.party_course_certificate = on, certificate
    _save_step(
        member,
        by=by,
        on=on,
        reason=_("Học lớp cảm tình Đảng"),
        fields=("party_course_on", "party_course_certificate"),
    )
    audit_log(
        actor=by,
        action="party.course",
        unit=member.unit,
        member=member,
        effective_on=on,
        data={"certificate": certificate, "previous": previous if previous["on"] else None},
        summary=_("%(name)s: giấy chứng nhận cảm tình Đảng số %(number)s, cấp ngày %(day)s")
        % {"name": member.full_name, "number": certificate, "day": dmy(on)},
    )
    return member


@transaction.atomic
def party_introduce(*, member: Member, on: datetime.date, resolution: str, by) -> Member:
    """Record the grassroots union's resolution introducing the member to the Party. The awareness
    certificate must be valid on that day."""
    issuer = grassroots_of(member.unit)
    _require(by, issuer)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã được giới thiệu kết nạp Đảng ngày %(day)s.")
                % {"name": member.full_name, "day": dmy(member.party_introduced_on)}
            }
        )
    _past_or_today(on, "on", _("ngày giới thiệu"))
    resolution = _required_text(
        resolution, "resolution", _("Hãy nhập số nghị quyết giới thiệu kết nạp Đảng.")
    )
    if member.party_course_on is None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s chưa có giấy chứng nhận học lớp cảm tình Đảng: hãy ghi lớp cảm tình Đảng trước khi "
                    "giới thiệu."
                )
                % {"name": member.full_name}
            }
        )
    expires = certificate_expires_on(member.party_course_on)
    if on >= expires:
        raise ValidationError(
            {
                "on": _(
                    "Giấy chứng nhận cảm tình Đảng của %(name)s (cấp ngày %(issued)s, có giá trị %(years)d năm) đã "
                    "hết hạn từ %(day)s: cần học lại lớp cảm tình Đảng trước khi giới thiệu."
                )
                % {
                    "name": member.full_name,
                    "issued": dmy(member.party_course_on),
                    "years": course_valid_years(),
                    "day": dmy(expires),
                }
            }
        )
    on_list = lists_of_member(member).filter(handed_over_on__isnull=False).first()
    member.party_introduced_on, member.party_introduced_resolution = on, resolution
    _save_step(
        member,
        by=by,
        on=on,
        reason=_("Đoàn giới thiệu kết nạp Đảng"),
        fields=("party_introduced_on", "party_introduced_resolution"),
    )
    audit_log(
        actor=by,
        action="party.introduce",
        unit=issuer,
        member=member,
        effective_on=on,
        data={"resolution": resolution, "list": on_list.pk if on_list else None},
        summary=_("%(unit)s giới thiệu %(name)s kết nạp Đảng (nghị quyết số %(number)s)")
        % {"unit": issuer.name, "name": member.full_name, "number": resolution},
    )
    return member


@transaction.atomic
def party_admit(*, member: Member, on: datetime.date, by) -> Member:
    """Record admission as a probationary Party member (aged 18 or more on that day, after the
    introduction: the member's rules check both)."""
    _require(by, member.unit)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s chưa được Đoàn giới thiệu kết nạp Đảng: hãy ghi nghị quyết giới thiệu trước."
                )
                % {"name": member.full_name}
            }
        )
    _past_or_today(on, "on", _("ngày kết nạp"))
    member.party_probationary_on = on
    _save_step(member, by=by, on=on, reason=_("Kết nạp Đảng (dự bị)"), fields=("party_probationary_on",))
    audit_log(
        actor=by,
        action="party.admit",
        unit=member.unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s được kết nạp Đảng ngày %(day)s") % {"name": member.full_name, "day": dmy(on)},
    )
    return member


@transaction.atomic
def party_full(*, member: Member, on: datetime.date, by) -> Member:
    """Record full Party membership (at least `party_probation_months` after admission: the member's rules
    check it)."""
    _require(by, member.unit)
    member = _locked_member(member)
    if member.party_full_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã là đảng viên chính thức từ %(day)s.")
                % {"name": member.full_name, "day": dmy(member.party_full_on)}
            }
        )
    if member.party_probationary_on is None:
        raise ValidationError(
            {
                "on": _("%(name)s chưa được kết nạp Đảng (dự bị) nên chưa thể chuyển chính thức.")
                % {"name": member.full_name}
            }
        )
    _past_or_today(on, "on", _("ngày chuyển chính thức"))
    member.party_full_on = on
    _save_step(member, by=by, on=on, reason=_("Chuyển Đảng chính thức"), fields=("party_full_on",))
    audit_log(
        actor=by,
        action="party.full",
        unit=member.unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s chuyển Đảng chính thức ngày %(day)s")
        % {"name": member.full_name, "day": dmy(on)},
    )
    return member
