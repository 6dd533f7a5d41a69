"""Pages of attendance by QR (docs/domain.md, "Attendance by QR"): the officer opens check-in for today's
meeting and puts its QR on a screen; a member's phone opens the QR's address and is marked present.
Scope decides the officer's pages (another unit: 404; a viewer: 403); the services in checkin.py write."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.accounts import scope
from doanvu.lib import qr
from doanvu.members.validation import errors_of

from . import checkin
from .models import Meeting

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CheckinForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Nội dung sinh hoạt"), max_length=255, required=False)
    starts_at = forms.TimeField(label=gettext_lazy("Giờ bắt đầu"), widget=TIME_INPUT)
    ends_at = forms.TimeField(label=gettext_lazy("Giờ kết thúc"), widget=TIME_INPUT)


def _suggested_hours() -> tuple[datetime.time, datetime.time]:
    """Now, rounded down to the quarter hour, for an hour and a half (ending by 23:59)."""
    now = timezone.localtime()
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    end = min(start + datetime.timedelta(minutes=90), start.replace(hour=23, minute=59))
    return start.time(), end.time()


@login_required
def checkin_open(request):
    """Open (or change the hours of) check-in by QR for the branch's meeting today."""
    unit = scope.page_unit(request, scope.EDIT)
    if not unit.kind.is_branch:
        messages.error(request, _("Chỉ chi đoàn điểm danh sinh hoạt bằng mã QR; hãy chọn một chi đoàn."))
        return redirect(f"{reverse('work:meetings')}?unit={unit.code}")
    today = checkin.todays_meeting(unit)
    start, end = (today.starts_at, today.ends_at) if today and today.starts_at else _suggested_hours()
    initial = {"topic": today.topic if today else "", "starts_at": start, "ends_at": end}
    form = CheckinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = checkin.meeting_checkin_open(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, message in errors_of(error):
                form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("work:checkin_screen", pk=meeting.pk)
    return render(
        request,
        "work/checkin_open.html",
        {"unit": unit, "form": form, "meeting": today, "early": checkin.early_minutes()},
        status=400 if form.errors else 200,
    )


@login_required
def checkin_screen(request, pk: int):
    """The meeting's QR, large, for a projector or a screen, with how many have checked in (htmx polls
    the count: no inline script)."""
    queryset = Meeting.objects.select_related("unit", "unit__kind")
    meeting = scope.get_in_scope(request.user, queryset, scope.EDIT, pk=pk)
    if not meeting.checkin_token:
        return redirect(f"{reverse('work:checkin_open')}?unit={meeting.unit.code}")
    url = request.build_absolute_uri(reverse("checkin:scan", args=[meeting.checkin_token]))
    window = checkin.checkin_window(meeting)
    return render(
        request,
        "work/checkin_screen.html",
        {
            "meeting": meeting,
            "unit": meeting.unit,
            "qr": qr.svg(url, title=_("Mã QR điểm danh")),
            "counts": checkin.checkin_counts(meeting),
            "window": window,
            "state": window.state(timezone.now()) if window else "closed",
        },
    )


@login_required
def checkin_scan(request, token: str):
    """A member's phone opens the meeting's QR: marked present, or told why not (nothing written)."""
    meeting = checkin.meeting_by_token(token)
    if meeting is None:
        raise Http404
    context = {"meeting": meeting, "unit": meeting.unit, "member": scope.member_of(request.user)}
    try:
        row, outcome = checkin.meeting_checkin(meeting=meeting, by=request.user)
    except PermissionDenied as error:
        return render(request, "work/checkin_result.html", {**context, "refused": str(error)}, status=403)
    except ValidationError as error:
        message = " ".join(error.messages)
        return render(request, "work/checkin_result.html", {**context, "refused": message}, status=409)
    return render(
        request,
        "work/checkin_result.html",
        {**context, "outcome": outcome, "at": row.checked_in_at, "already": outcome == checkin.ALREADY},
    )


def rows_with_scans(meeting: Meeting, rows):
    """The meeting page's rows, each member carrying `checked_in_at` when the QR marked them present."""
    scans = checkin.checked_in_at(meeting)
    for member, _status in rows:
        member.checked_in_at = scans.get(member.pk)
    return rows


def meeting_checkin_context(request, meeting: Meeting) -> dict:
    """What the meeting page says of check-in by QR."""
    window = checkin.checkin_window(meeting)
    return {
        "window": window,
        "early": checkin.early_minutes(),
        "checkin_today": meeting.held_on == timezone.localdate(),
        "qr_counts": checkin.checkin_counts(meeting) if meeting.checkin_token else None,
    }
