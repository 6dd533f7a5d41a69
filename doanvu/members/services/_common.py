"""What the member services share: the fields officers type, permission and date checks, and saving a
member with a history record dated by the step's effective date."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.lib import changes
from doanvu.members.models import CURRENT_STATUSES, Member, PartyStage, Position
from doanvu.members.validation import PARTY_DATES, dmy, member_full_clean
from doanvu.org.models import OrgUnit

# What an officer types on the member form (and the API and importer send). Unit, status and Party stages
# change only through their own steps.
ADMIT_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "citizen_id",
    "hometown",
    "residence",
    "phone",
    "email",
    "joined_on",
    "joined_place",
    "card_number",
    "education_level",
    "qualification",
    "political_theory",
    "occupation",
    "dues_category",
    "is_honorary",
    *PARTY_DATES,
)
UPDATE_FIELDS = tuple(f for f in ADMIT_FIELDS if f != "is_honorary")

# The order of the Party pipeline and the date field each stage sets.
PARTY_STAGE_FIELDS = {
    PartyStage.AWARENESS: "party_course_on",
    PartyStage.INTRODUCED: "party_introduced_on",
    PartyStage.PROBATIONARY: "party_probationary_on",
    PartyStage.FULL: "party_full_on",
}
PARTY_ORDER = [PartyStage.NONE, *PARTY_STAGE_FIELDS]

# --- helpers ---------------------------------------------------------------------------------------------


def _require(by, unit: OrgUnit, role: str = scope.EDIT) -> None:
    if not scope.has_role(by, unit, role):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": unit.name})


def _past_or_today(day, field: str, label: str) -> None:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("Hãy nhập %(label)s.") % {"label": label}})
    if day > timezone.localdate():
        raise ValidationError({field: _("%(label)s không được sau hôm nay.") % {"label": capfirst(label)}})


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _effective_moment(member: Member, on: datetime.date | None) -> datetime.datetime:
    """When the history record of a change takes effect: the start of its effective day (just after any
    record already on that day), or now for a change effective today or without a date."""
    if on is None or on >= timezone.localdate():
        return timezone.now()
    moment = _local_midnight(on)
    if member.pk:
        same_day = member.history.filter(
            history_date__gte=moment, history_date__lt=_local_midnight(on + datetime.timedelta(days=1))
        ).aggregate(latest=Max("history_date"))["latest"]
        if same_day is not None:
            moment = same_day + datetime.timedelta(microseconds=1)
    return moment


def _save(
    member: Member,
    *,
    by,
    reason: str,
    on: datetime.date | None = None,
    validate: bool = True,
    carry: tuple[str, ...] = (),
) -> None:
    """Validate and save `member`, its history record dated by `on` and signed by `by`.

    A step dated in the past may land before records entered since (corrections typed today). Those were
    written not knowing of the step, so the fields it sets (`carry`) are carried into them: "as of" any
    later date the member then shows the step's effect.
    """
    if validate:
        member_full_clean(member)
    moment = _effective_moment(member, on)
    member._history_date = moment
    member._change_reason = reason[:500]
    if getattr(by, "is_authenticated", False):
        member._history_user = by
    try:
        member.save()
    finally:
        # These would otherwise stamp the member's next, unrelated save.
        for attr in ("_history_date", "_change_reason", "_history_user"):
            member.__dict__.pop(attr, None)
    later = member.history.filter(history_date__gt=moment)
    if carry and later.exists():
        _place_in_past(member, moment, later, [Member._meta.get_field(name).attname for name in carry])


def _place_in_past(member: Member, moment: datetime.datetime, later, carried: list[str]) -> None:
    """Fit a step dated before records entered since into the member's history.

    The step's record keeps the other fields as they stood at its date (not as typed since), and the
    records after it take the fields the step set: "as of" any date the member reads as they were.
    """
    with changes.changing(members=[member.pk]):
        _rewrite_later(member, moment, later, carried)


def _rewrite_later(member: Member, moment: datetime.datetime, later, carried: list[str]) -> None:
    later.update(**{a: getattr(member, a) for a in carried})
    history = member.history.order_by("-history_date", "-history_id")
    record = history.filter(history_date=moment).first()
    before = history.filter(history_date__lt=moment).first()
    if record is None or before is None:
        return
    for f in Member.history.model.tracked_fields:
        if f.attname not in carried and f.attname != "id":
            setattr(record, f.attname, getattr(before, f.attname))
    record.save()


# Fields a status step sets, carried into later records when the step is dated in the past.
STATUS_FIELDS = ("unit", "status", "status_changed_on")


def _not_before_last_change(member: Member, on: datetime.date, field: str, label: str) -> None:
    """A step cannot take effect before the member's previous one (admission, transfer…)."""
    if member.status_changed_on and on < member.status_changed_on:
        raise ValidationError(
            {
                field: _("%(label)s phải từ %(day)s, ngày thay đổi tình trạng gần nhất của %(name)s.")
                % {"label": capfirst(label), "day": dmy(member.status_changed_on), "name": member.full_name}
            }
        )


def _unknown_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                field: _(
                    "Không thể sửa trường này ở đây (chi đoàn, tình trạng và chức vụ có thao tác riêng)."
                )
                for field in unknown
            }
        )


def _end_positions(member: Member, on: datetime.date) -> int:
    """A member leaving the rolls (or dismissed) leaves every seat they hold."""
    return Position.objects.filter(member=member, end_on__isnull=True).update(end_on=on)


def _check_branch(unit: OrgUnit, field: str) -> None:
    if not unit.kind.is_branch:
        raise ValidationError(
            {
                field: _(
                    "%(unit)s là %(kind)s, không phải chi đoàn: đoàn viên chỉ sinh hoạt ở chi đoàn (hoặc chi đoàn cơ sở, "
                    "phân đoàn)."
                )
                % {"unit": unit.name, "kind": unit.kind.name.lower()}
            }
        )
    if not unit.is_active:
        raise ValidationError({field: _("%(unit)s đã ngừng hoạt động.") % {"unit": unit.name}})


def _check_current(member: Member, field: str = "__all__") -> None:
    if member.status not in CURRENT_STATUSES:
        raise ValidationError(
            {
                field: _("%(name)s không còn sinh hoạt Đoàn (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            }
        )
