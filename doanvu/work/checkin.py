"""Attendance by QR (docs/domain.md, "Attendance by QR"): the branch opens check-in for the day's meeting
with its hours; the QR on the screen carries an opaque token; a signed-in member who opens it during the
window is marked present in that meeting's attendance, once, through the same records, rollups and audit
as the officer's roll call (doanvu/work/meetings.py).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import changes
from doanvu.org.models import OrgUnit

from . import meetings
from .models import Attendance, Meeting

CHECKED_IN, ALREADY = "checked_in", "already"


def hm(value: datetime.time | datetime.datetime) -> str:
    return value.strftime("%H:%M")


# --- the window ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """When members may check in: from `opens` (a while before the start) to `closes` (the end)."""

    starts: datetime.datetime
    opens: datetime.datetime
    closes: datetime.datetime

    def state(self, now: datetime.datetime) -> str:
        if now < self.opens:
            return "before"
        return "open" if now <= self.closes else "after"


def early_minutes() -> int:
    """How long before the start check-in opens (docs/domain.md, "Rules kept as configuration")."""
    return meetings.rule("checkin_early_minutes", 30)


def checkin_window(meeting: Meeting) -> Window | None:
    """The meeting's check-in window, or None when no hours are set."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return None
    starts = timezone.make_aware(datetime.datetime.combine(meeting.held_on, meeting.starts_at))
    closes = timezone.make_aware(datetime.datetime.combine(meeting.held_on, meeting.ends_at))
    return Window(starts=starts, opens=starts - datetime.timedelta(minutes=early_minutes()), closes=closes)


def _checked_hours(starts_at, ends_at) -> None:
    problems = {}
    if not isinstance(starts_at, datetime.time):
        problems["starts_at"] = _("Hãy nhập giờ bắt đầu buổi sinh hoạt.")
    if not isinstance(ends_at, datetime.time):
        problems["ends_at"] = _("Hãy nhập giờ kết thúc buổi sinh hoạt.")
    elif isinstance(starts_at, datetime.time) and ends_at <= starts_at:
        problems["ends_at"] = _(
            "Giờ kết thúc (%(end)s) phải sau giờ bắt đầu (%(start)s) trong cùng ngày."
        ) % {
            "end": hm(ends_at),
            "start": hm(starts_at),
        }
    if problems:
        raise ValidationError(problems)


# --- services --------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_checkin_open(
    *, unit: OrgUnit, topic: str, starts_at: datetime.time, ends_at: datetime.time, by
) -> Meeting:
    """Open check-in by QR for the branch's meeting today, with its hours. Today's meeting is recorded now
    if there is none, with everyone on the roster absent (the QR marks who came); an existing one keeps its
    attendance and gets the hours (and its token, the first time). Audited."""
    meetings.require_edit(by, unit)
    meetings.check_branch(unit)
    today = timezone.localdate()
    meetings.check_unit_day(unit, today, "held_on", _("ngày sinh hoạt"))
    _checked_hours(starts_at, ends_at)
    meeting = Meeting.objects.select_for_update().filter(unit=unit, held_on=today).first()
    if meeting is None:
        roster = meetings.branch_roster(unit=unit, day=today).values_list("pk", flat=True)
        meeting = meetings.meeting_record(
            unit=unit, held_on=today, topic=topic, attendance=dict.fromkeys(roster, meetings.ABSENT), by=by
        )
    elif (topic or "").strip():
        meeting.topic = topic.strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.checkin_token = meeting.checkin_token or secrets.token_urlsafe(16)
    meeting.full_clean()
    meeting.save()
    audit_log(
        actor=by,
        action="meeting.checkin_open",
        unit=unit,
        effective_on=today,
        summary=_("Mở điểm danh bằng mã QR buổi sinh hoạt %(unit)s ngày %(day)s, %(start)s–%(end)s")
        % {"unit": unit.name, "day": meetings.dmy(today), "start": hm(starts_at), "end": hm(ends_at)},
        data={"meeting": meeting.pk, "starts_at": hm(starts_at), "ends_at": hm(ends_at)},
    )
    return meeting


def _refuse_outside_window(meeting: Meeting, now: datetime.datetime) -> None:
    window = checkin_window(meeting)
    day = meetings.dmy(meeting.held_on)
    if window is None or meeting.checkin_token is None:
        raise ValidationError(_("Buổi sinh hoạt này chưa mở điểm danh bằng mã QR."), code="closed")
    state = window.state(now)
    if state == "before":
        raise ValidationError(
            _(
                "Chưa đến giờ điểm danh: buổi sinh hoạt ngày %(day)s bắt đầu lúc %(start)s, "
                "điểm danh mở từ %(opens)s. Hãy quét lại mã khi đến giờ."
            )
            % {"day": day, "start": hm(meeting.starts_at), "opens": hm(timezone.localtime(window.opens))},
            code="before",
        )
    if state == "after":
        raise ValidationError(
            _(
                "Đã hết giờ điểm danh: buổi sinh hoạt ngày %(day)s kết thúc lúc %(end)s. Nếu bạn đã có mặt, "
                "hãy báo Bí thư chi đoàn để sửa điểm danh."
            )
            % {"day": day, "end": hm(meeting.ends_at)},
            code="after",
        )


@transaction.atomic
def meeting_checkin(*, meeting: Meeting, by) -> tuple[Attendance, str]:
    """Mark the signed-in member present at `meeting` by its QR: (their attendance row, CHECKED_IN or
    ALREADY). Only a member's own account, only during the window, only a member counted in the meeting's
    branch that day; a refusal writes nothing."""
    member = scope.member_of(by)
    if member is None:
        raise PermissionDenied(
            _("Mã QR này để đoàn viên tự điểm danh: hãy đăng nhập bằng tài khoản đoàn viên của bạn.")
        )
    meeting = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    now = timezone.now()
    _refuse_outside_window(meeting, now)
    unit = meeting.unit
    counted = meetings.counted_member_ids(unit=unit, day=meeting.held_on).filter(pk=member.pk).exists()
    if not counted:
        raise PermissionDenied(
            _("%(name)s không sinh hoạt ở %(unit)s vào ngày %(day)s nên không điểm danh được buổi này.")
            % {"name": member.full_name, "unit": unit.name, "day": meetings.dmy(meeting.held_on)}
        )
    row = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    if row is not None and row.present:
        return row, ALREADY
    with changes.changing(meetings=[meeting.pk]):
        if row is None:  # on the roll today but not when the meeting was recorded (admitted since)
            row = Attendance(meeting=meeting, member=member)
        row.present, row.excused, row.checked_in_at = True, False, now
        row.save()
    audit_log(
        actor=by,
        action="meeting.checkin",
        unit=unit,
        member=member,
        effective_on=meeting.held_on,
        summary=_("%(name)s điểm danh có mặt bằng mã QR, buổi sinh hoạt %(unit)s ngày %(day)s")
        % {"name": member.full_name, "unit": unit.name, "day": meetings.dmy(meeting.held_on)},
        data={"meeting": meeting.pk, "at": hm(timezone.localtime(now))},
    )
    return row, CHECKED_IN


# --- selectors -------------------------------------------------------------------------------------------


def meeting_by_token(token: str) -> Meeting | None:
    if not token:
        return None
    return Meeting.objects.select_related("unit", "unit__kind").filter(checkin_token=token).first()


def todays_meeting(unit: OrgUnit) -> Meeting | None:
    return Meeting.objects.filter(unit=unit, held_on=timezone.localdate()).first()


def checkin_counts(meeting: Meeting) -> dict[str, int]:
    """Present, of whom by QR, and expected (one query)."""
    counts = meeting.attendances.aggregate(
        n_present=Count("pk", filter=Q(present=True)),
        n_by_qr=Count("pk", filter=Q(present=True, checked_in_at__isnull=False)),
        n_expected=Count("pk"),
    )
    return {"present": counts["n_present"], "by_qr": counts["n_by_qr"], "expected": counts["n_expected"]}


def checked_in_at(meeting: Meeting) -> dict[int, datetime.datetime]:
    """{member id: when they checked in by QR} for the rows still present."""
    rows = meeting.attendances.filter(present=True, checked_in_at__isnull=False)
    return dict(rows.values_list("member_id", "checked_in_at"))
