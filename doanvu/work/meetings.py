"""Branch meetings (sinh hoạt chi đoàn) with attendance per member: the services that write them and the
selectors that read attendance rates.

A meeting's attendance lists exactly the members counted in the branch on the meeting's date (active or
honorary; a member in transfer belongs to neither branch). Each is present, excused (vắng có lý do) or
absent. The attendance rate is present / expected, where expected is the number of rows: it cannot pass
100% by construction. Over a sub-tree and a period the rate is recomputed from the summed parts, never
averaged, and each meeting counts under the unit its branch stood under on the day it was held.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import changes, vnnumbers
from doanvu.members.models import COUNTED_STATUSES, Member
from doanvu.members.selectors import members_on
from doanvu.org.models import OrgUnit, UnitVersion
from doanvu.org.selectors import children_on, version_on

from .models import Attendance, Meeting

PRESENT, EXCUSED, ABSENT = "present", "excused", "absent"
ATTENDANCE_CHOICES = [
    (PRESENT, gettext_lazy("Có mặt")),
    (EXCUSED, gettext_lazy("Vắng có lý do")),
    (ABSENT, gettext_lazy("Vắng không lý do")),
]
_FLAGS = {PRESENT: (True, False), EXCUSED: (False, True), ABSENT: (False, False)}


def rule(name: str, default: int) -> int:
    """A threshold from settings.DOANVU_RULES (docs/domain.md, "Rules kept as configuration")."""
    return int(getattr(settings, "DOANVU_RULES", {}).get(name, default))


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- shared reads ---------------------------------------------------------------------------------------


def under_then(unit: OrgUnit, date_field: str, unit_field: str = "unit") -> Exists:
    """A filter for records (meetings, payments) whose unit was `unit` or lay under it in the tree as it
    stood on the record's own date (`date_field`). Correlated subqueries on UnitVersion: the database does
    the work, and a branch that moved mid-year counts where it stood when the work was done."""
    day = OuterRef(OuterRef(date_field))
    tops = (
        UnitVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day), unit=unit, valid_from__lte=day
        )
        # The record's unit lineage begins with this one: "under it (or it) on that day".
        .filter(lineage=Substr(OuterRef("lineage"), 1, Length("lineage")))
    )
    record_day = OuterRef(date_field)
    versions = UnitVersion.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=record_day),
        Exists(tops),
        unit=OuterRef(unit_field),
        valid_from__lte=record_day,
    )
    return Exists(versions)


def counted_member_ids(*, unit: OrgUnit, day: datetime.date) -> QuerySet:
    """Ids of the members counted in `unit`'s sub-tree on `day`, as a subquery. Today: the current rolls;
    a past day: the rolls as they stood then (member history, the tree as it stood)."""
    if day >= timezone.localdate():
        return Member.objects.filter(unit.subtree_q("unit__"), status__in=COUNTED_STATUSES).values("pk")
    return members_on(unit=unit, day=day).order_by().values("id")


def branch_roster(*, unit: OrgUnit, day: datetime.date) -> QuerySet[Member]:
    """The members a branch meeting held on `day` expects, in Vietnamese name order."""
    return Member.objects.filter(pk__in=counted_member_ids(unit=unit, day=day)).order_by("sort_key", "pk")


# --- checks ----------------------------------------------------------------------------------------------


def require_edit(by, unit: OrgUnit) -> None:
    if not scope.has_role(by, unit, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": unit.name})


def check_branch(unit: OrgUnit, field: str = "unit") -> None:
    if not unit.kind.is_branch:
        raise ValidationError(
            {
                field: _(
                    "%(unit)s là %(kind)s, không phải chi đoàn: chỉ chi đoàn ghi sinh hoạt và thu đoàn phí."
                )
                % {"unit": unit.name, "kind": unit.kind.name.lower()}
            }
        )


def check_unit_day(unit: OrgUnit, day: Any, field: str, label: str) -> None:
    """`day` is a date, not in the future, and the unit existed (was in the tree) on it."""
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("Hãy nhập %(label)s.") % {"label": label}})
    if day > timezone.localdate():
        raise ValidationError(
            {
                field: _("%(label)s (%(day)s) không được sau hôm nay.")
                % {"label": label.capitalize(), "day": dmy(day)}
            }
        )
    if day < unit.active_from or version_on(unit, day) is None:
        raise ValidationError(
            {
                field: _("%(label)s (%(day)s) trước ngày %(unit)s được thành lập (%(start)s).")
                % {
                    "label": label.capitalize(),
                    "day": dmy(day),
                    "unit": unit.name,
                    "start": dmy(unit.active_from),
                }
            }
        )
    if unit.active_to is not None and day >= unit.active_to:
        raise ValidationError(
            {
                field: _("%(label)s (%(day)s): %(unit)s đã ngừng hoạt động từ %(end)s.")
                % {
                    "label": label.capitalize(),
                    "day": dmy(day),
                    "unit": unit.name,
                    "end": dmy(unit.active_to),
                }
            }
        )


def _checked_attendance(unit: OrgUnit, held_on: datetime.date, attendance: dict) -> dict[int, str]:
    """The attendance as {member id: status}, exactly the branch's roster on the day, or a ValidationError
    naming every problem at once."""
    if not isinstance(attendance, dict):
        raise ValidationError({"attendance": _("Hãy ghi điểm danh cho từng đoàn viên.")})
    roster = dict(branch_roster(unit=unit, day=held_on).values_list("pk", "full_name"))
    if not roster:
        raise ValidationError(
            {
                "attendance": _("%(unit)s không có đoàn viên nào đang sinh hoạt vào ngày %(day)s.")
                % {"unit": unit.name, "day": dmy(held_on)}
            }
        )
    problems, clean, seen = [], {}, set()
    for key, status in attendance.items():
        try:
            member_id = int(key)
        except (TypeError, ValueError):
            problems.append(_("“%(key)s” không phải mã đoàn viên.") % {"key": key})
            continue
        seen.add(member_id)
        if member_id not in roster:
            name = Member.objects.filter(pk=member_id).values_list("full_name", flat=True).first()
            problems.append(
                _("%(who)s không sinh hoạt ở %(unit)s vào ngày %(day)s.")
                % {
                    "who": name or _("Đoàn viên mã %(id)s") % {"id": member_id},
                    "unit": unit.name,
                    "day": dmy(held_on),
                }
            )
            continue
        if status not in _FLAGS:
            problems.append(
                _("%(name)s: “%(status)s” không hợp lệ; chọn có mặt, vắng có lý do hoặc vắng không lý do.")
                % {"name": roster[member_id], "status": status}
            )
            continue
        clean[member_id] = status
    missing = [name for pk, name in roster.items() if pk not in seen]
    if missing:
        problems.append(_("Chưa điểm danh: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ValidationError({"attendance": problems})
    return clean


def _check_one_a_day(unit: OrgUnit, held_on: datetime.date, exclude_pk: int | None = None) -> None:
    same_day = Meeting.objects.filter(unit=unit, held_on=held_on).exclude(pk=exclude_pk)
    if same_day.exists():
        raise ValidationError(
            {
                "held_on": _("%(unit)s đã có buổi sinh hoạt ngày %(day)s; hãy sửa buổi đó thay vì ghi thêm.")
                % {"unit": unit.name, "day": dmy(held_on)}
            }
        )


def _write_attendance(meeting: Meeting, attendance: dict[int, str], checked_in: dict | None = None) -> None:
    """Write the rows; a member who checked in by QR and is still present keeps the time of the scan."""
    checked_in = checked_in or {}
    with changes.changing(meetings=[meeting.pk]):
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                member_id=pk,
                present=_FLAGS[s][0],
                excused=_FLAGS[s][1],
                checked_in_at=checked_in.get(pk) if s == PRESENT else None,
            )
            for pk, s in attendance.items()
        )


def _counts(attendance: dict[int, str]) -> dict[str, int]:
    return {s: sum(1 for v in attendance.values() if v == s) for s in _FLAGS}


# --- services --------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *, unit: OrgUnit, held_on: datetime.date, topic: str, attendance: dict[int, str], by
) -> Meeting:
    """Record a branch meeting and who was present, excused or absent (all or nothing, audited)."""
    require_edit(by, unit)
    check_branch(unit)
    check_unit_day(unit, held_on, "held_on", _("ngày sinh hoạt"))
    _check_one_a_day(unit, held_on)
    clean = _checked_attendance(unit, held_on, attendance)
    meeting = Meeting(
        unit=unit,
        held_on=held_on,
        topic=(topic or "").strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    meeting.full_clean()
    meeting.save()
    _write_attendance(meeting, clean)
    counts = _counts(clean)
    audit_log(
        actor=by,
        action="meeting.record",
        unit=unit,
        effective_on=held_on,
        summary=_("Ghi buổi sinh hoạt %(unit)s ngày %(day)s: %(present)s/%(total)s đoàn viên có mặt")
        % {"unit": unit.name, "day": dmy(held_on), "present": counts[PRESENT], "total": len(clean)},
        data={"meeting": meeting.pk, "topic": meeting.topic, **counts},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    held_on: datetime.date | None = None,
    topic: str | None = None,
    attendance: dict[int, str] | None = None,
    scanned_since: datetime.datetime | None = None,
) -> Meeting:
    """Correct a meeting's date, topic or attendance. A new date is checked against the roster of that
    day (with the attendance given, or the one recorded). `scanned_since`: when the officer's form was
    shown; a member marked present by the meeting's QR after that keeps the presence, whatever the form
    (which could not show the scan) says."""
    meeting = Meeting.objects.select_for_update().select_related("unit", "unit__kind").get(pk=meeting.pk)
    if attendance is not None and scanned_since is not None:
        late = meeting.attendances.filter(present=True, checked_in_at__gt=scanned_since)
        attendance = {**attendance, **dict.fromkeys(late.values_list("member_id", flat=True), PRESENT)}
    unit = meeting.unit
    require_edit(by, unit)
    before = {"held_on": meeting.held_on, "topic": meeting.topic, "attendance": meeting_attendance(meeting)}
    new_day = held_on if held_on is not None else meeting.held_on
    if new_day != meeting.held_on:
        check_unit_day(unit, new_day, "held_on", _("ngày sinh hoạt"))
        _check_one_a_day(unit, new_day, exclude_pk=meeting.pk)
    clean = _checked_attendance(unit, new_day, attendance if attendance is not None else before["attendance"])
    meeting.held_on = new_day
    if topic is not None:
        meeting.topic = topic.strip()
    meeting.full_clean()
    changed = {}
    if meeting.held_on != before["held_on"]:
        changed["held_on"] = [dmy(before["held_on"]), dmy(meeting.held_on)]
    if meeting.topic != before["topic"]:
        changed["topic"] = [before["topic"], meeting.topic]
    if clean != before["attendance"]:
        changed["attendance"] = [_counts(before["attendance"]), _counts(clean)]
        scanned = meeting.attendances.filter(checked_in_at__isnull=False)
        checked_in = dict(scanned.values_list("member_id", "checked_in_at"))
        meeting.attendances.all().delete()
        _write_attendance(meeting, clean, checked_in)
    if not changed:
        return meeting
    meeting.save()
    audit_log(
        actor=by,
        action="meeting.update",
        unit=unit,
        effective_on=meeting.held_on,
        summary=_("Sửa buổi sinh hoạt %(unit)s ngày %(day)s")
        % {"unit": unit.name, "day": dmy(meeting.held_on)},
        data={"meeting": meeting.pk, **changed},
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by) -> None:
    """Delete a meeting recorded by mistake, with its attendance (audited)."""
    meeting = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    require_edit(by, meeting.unit)
    counts = _counts(meeting_attendance(meeting))
    audit_log(
        actor=by,
        action="meeting.delete",
        unit=meeting.unit,
        effective_on=meeting.held_on,
        summary=_("Xóa buổi sinh hoạt %(unit)s ngày %(day)s")
        % {"unit": meeting.unit.name, "day": dmy(meeting.held_on)},
        data={"meeting": meeting.pk, "topic": meeting.topic, **counts},
    )
    meeting.delete()


# --- selectors -------------------------------------------------------------------------------------------


def meeting_attendance(meeting: Meeting) -> dict[int, str]:
    """{member id: present|excused|absent} as recorded."""
    out = {}
    for member_id, present, excused in meeting.attendances.values_list("member_id", "present", "excused"):
        out[member_id] = PRESENT if present else (EXCUSED if excused else ABSENT)
    return out


def attendance_rows(meeting: Meeting) -> list[tuple[Member, str]]:
    """(member, status) in Vietnamese name order, for the meeting page."""
    rows = meeting.attendances.select_related("member").order_by("member__sort_key", "member_id")
    return [(a.member, PRESENT if a.present else (EXCUSED if a.excused else ABSENT)) for a in rows]


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole × 100 to one decimal; None when nothing was expected (0/0 is not 0%)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def with_attendance_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate `expected`, `present`, `excused` and `absent` per meeting (one query)."""
    return meetings.annotate(
        expected=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__present=True)),
        excused=Count("attendances", filter=Q(attendances__present=False, attendances__excused=True)),
        absent=Count("attendances", filter=Q(attendances__present=False, attendances__excused=False)),
    )


def meeting_rate(meeting: Meeting) -> Decimal | None:
    """The attendance rate of one meeting (present / expected × 100)."""
    counts = meeting.attendances.aggregate(n=Count("pk"), n_present=Count("pk", filter=Q(present=True)))
    return percent(counts["n_present"], counts["n"])


@dataclass(frozen=True)
class AttendanceSummary:
    meetings: int
    expected: int
    present: int
    excused: int

    @property
    def absent(self) -> int:
        return self.expected - self.present - self.excused

    @property
    def rate(self) -> Decimal | None:
        return percent(self.present, self.expected)

    @property
    def rate_text(self) -> str:
        """As reports write it: "95%", "60,5%", "–" when nothing was expected."""
        return vnnumbers.percent(self.rate)


def meetings_under(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> QuerySet[Meeting]:
    """Meetings held from `start` to `end` (inclusive) by branches under `unit` as the tree stood then."""
    return Meeting.objects.filter(under_then(unit, "held_on"), held_on__gte=start, held_on__lte=end)


def attendance_summary(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> AttendanceSummary:
    """Meetings, expected and present attendances of `unit`'s sub-tree over [start, end] (two queries)."""
    meetings = meetings_under(unit=unit, start=start, end=end)
    counts = Attendance.objects.filter(meeting__in=meetings.values("pk")).aggregate(
        n_expected=Count("pk"),
        n_present=Count("pk", filter=Q(present=True)),
        n_excused=Count("pk", filter=Q(present=False, excused=True)),
    )
    return AttendanceSummary(
        meetings=meetings.count(),
        expected=counts["n_expected"],
        present=counts["n_present"],
        excused=counts["n_excused"],
    )


def attendance_by_child(
    *, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[tuple[UnitVersion, AttendanceSummary]]:
    """Each direct child of `unit` as the tree stood at `end`, with its sub-tree's summary."""
    return [
        (version, attendance_summary(unit=version.unit, start=start, end=end))
        for version in children_on(unit, end)
    ]


def branch_meetings(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> QuerySet[Meeting]:
    """A branch's meetings in the period with their attendance counts, newest first."""
    return with_attendance_counts(
        Meeting.objects.filter(unit=unit, held_on__gte=start, held_on__lte=end)
    ).order_by("-held_on", "-pk")
