"""Leaving the rolls: coming of age, removal, and discipline (expulsion takes a member off the rolls)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Discipline, Member, Position, Status
from doanvu.members.validation import dmy, rule

from ._common import (
    STATUS_FIELDS,
    _check_current,
    _end_positions,
    _not_before_last_change,
    _past_or_today,
    _require,
    _required_text,
    _save,
)


@transaction.atomic
def members_come_of_age(*, members, on: datetime.date, by) -> int:
    """Record the coming-of-age ceremony held `on` for a batch of members; all or none."""
    _past_or_today(on, "on", _("ngày tổ chức lễ trưởng thành"))
    age = rule("coming_of_age", 30)
    ids = [m.pk for m in members]
    locked = list(
        Member.objects.select_for_update().select_related("unit").filter(pk__in=ids).order_by("sort_key")
    )
    if not locked:
        raise ValidationError({"members": _("Hãy chọn ít nhất một đoàn viên.")})
    problems = []
    for member in locked:
        _require(by, member.unit)
        if member.status != Status.ACTIVE:
            problems.append(
                _("%(name)s: không ở tình trạng đang sinh hoạt (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            )
        elif member.status_changed_on and on < member.status_changed_on:
            problems.append(
                _("%(name)s: ngày lễ phải từ %(day)s, ngày thay đổi tình trạng gần nhất.")
                % {"name": member.full_name, "day": dmy(member.status_changed_on)}
            )
        elif on.year - member.date_of_birth.year < age:
            problems.append(
                _("%(name)s: chưa đến tuổi trưởng thành Đoàn (%(age)d tuổi) trong năm %(year)d.")
                % {"name": member.full_name, "age": age, "year": on.year}
            )
    if problems:
        raise ValidationError({"members": problems})
    for member in locked:
        member.status, member.status_changed_on = Status.CAME_OF_AGE, on
        _save(member, by=by, on=on, reason=_("Trưởng thành Đoàn"), carry=STATUS_FIELDS)
        _end_positions(member, on)
        audit_log(
            actor=by,
            action="member.come_of_age",
            unit=member.unit,
            member=member,
            effective_on=on,
            summary=_("%(name)s trưởng thành Đoàn") % {"name": member.full_name},
        )
    return len(locked)


@transaction.atomic
def member_remove(*, member: Member, on: datetime.date, reason: str, by) -> Member:
    """Remove a member from the rolls (e.g. 3 months of missed meetings or unpaid dues without reason)."""
    _require(by, member.unit)
    reason = _required_text(reason, "reason", _("Hãy ghi lý do xóa tên."))
    _past_or_today(on, "on", _("ngày xóa tên"))
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    _check_current(member)
    if member.status == Status.TRANSFER_PENDING:
        raise ValidationError(
            _("%(name)s đang chờ chuyển sinh hoạt; hãy hủy đề nghị trước.") % {"name": member.full_name}
        )
    _not_before_last_change(member, on, "on", _("ngày xóa tên"))
    member.status, member.status_changed_on = Status.REMOVED, on
    _save(member, by=by, on=on, reason=_("Xóa tên: %(reason)s") % {"reason": reason}, carry=STATUS_FIELDS)
    _end_positions(member, on)
    audit_log(
        actor=by,
        action="member.remove",
        unit=member.unit,
        member=member,
        effective_on=on,
        reason=reason,
        summary=_("Xóa tên %(name)s khỏi danh sách đoàn viên") % {"name": member.full_name},
    )
    return member


@transaction.atomic
def member_discipline(
    *,
    member: Member,
    form: str,
    decided_on: datetime.date,
    reason: str,
    by,
    decision_number: str = "",
) -> Discipline:
    """Record a disciplinary decision. Dismissal (cách chức) applies only to a member holding a post and ends
    their posts; expulsion (khai trừ) takes the member off the rolls."""
    _require(by, member.unit)
    if form not in Discipline.Form.values:
        raise ValidationError({"form": _("Hãy chọn hình thức kỷ luật.")})
    reason = _required_text(reason, "reason", _("Hãy ghi lý do kỷ luật."))
    _past_or_today(decided_on, "decided_on", _("ngày quyết định"))
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    _check_current(member, "form")
    holds_post = (
        Position.objects.filter(member=member, end_on__isnull=True).exists()
        or Position.objects.filter(member=member, end_on__gt=decided_on).exists()
    )
    if form == Discipline.Form.EXPULSION:
        _not_before_last_change(member, decided_on, "decided_on", _("ngày quyết định"))
    if form == Discipline.Form.DISMISSAL and not holds_post:
        raise ValidationError(
            {
                "form": _("Chỉ cách chức đoàn viên đang giữ chức vụ; %(name)s không giữ chức vụ nào.")
                % {"name": member.full_name}
            }
        )
    discipline = Discipline(
        member=member,
        form=form,
        decided_on=decided_on,
        reason=reason,
        decision_number=(decision_number or "").strip(),
    )
    discipline.full_clean()
    discipline.save()
    if form in (Discipline.Form.DISMISSAL, Discipline.Form.EXPULSION):
        _end_positions(member, decided_on)
    if form == Discipline.Form.EXPULSION:
        member.status, member.status_changed_on = Status.EXPELLED, decided_on
        _save(
            member,
            by=by,
            on=decided_on,
            reason=_("Kỷ luật: %(form)s") % {"form": discipline.get_form_display()},
            carry=STATUS_FIELDS,
        )
    audit_log(
        actor=by,
        action="member.discipline",
        unit=member.unit,
        member=member,
        effective_on=decided_on,
        reason=reason,
        data={"form": form, "decision_number": discipline.decision_number},
        summary=_("Kỷ luật %(name)s: %(form)s")
        % {"name": member.full_name, "form": discipline.get_form_display().lower()},
    )
    return discipline
