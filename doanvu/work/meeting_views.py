"""Pages for branch meetings, dues and the warning list for removal — made for a branch secretary on a
phone. Views only translate HTTP: scope decides access (another unit: 404; a viewer writing: 403),
services write (meetings.py, dues.py), selectors read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.lib import periods, vnnumbers
from doanvu.lib.vnnumbers import group
from doanvu.members.forms import DateField
from doanvu.members.validation import errors_of
from doanvu.org.models import OrgUnit
from doanvu.stats.core import unit_stats

from . import arrears as arrears_mod
from . import checkin, checkin_views, meetings
from . import dues as dues_mod
from .models import Meeting


class MeetingForm(forms.Form):
    held_on = DateField(label=gettext_lazy("Ngày sinh hoạt"), initial=timezone.localdate)
    topic = forms.CharField(label=gettext_lazy("Nội dung sinh hoạt"), max_length=255, required=False)


class DuesForm(forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Đóng cho"))
    paid_on = DateField(label=gettext_lazy("Ngày đóng"), initial=timezone.localdate)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        months = [(f"{year}{m:02d}", _("Tháng %(m)s/%(y)s") % {"m": m, "y": year}) for m in range(1, 13)]
        quarters = [
            (f"{year}Q{q}", _("Cả quý %(q)s/%(y)s") % {"q": periods.ROMAN[q], "y": year}) for q in range(1, 5)
        ]
        self.fields["month"].choices = months + quarters
        today = timezone.localdate()
        self.fields["month"].initial = f"{year}{today.month:02d}" if today.year == year else f"{year}01"


def _period(request) -> periods.Period:
    code = request.GET.get("period") or str(timezone.localdate().year)
    try:
        return periods.parse(code)
    except periods.PeriodError as error:
        messages.error(request, str(error))
        return periods.parse(str(timezone.localdate().year))


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _ancestors_in_scope(request, unit: OrgUnit) -> list[OrgUnit]:
    return [u for u in OrgUnit.objects.get_ancestors(unit) if scope.in_scope(request.user, u)]


def _show_errors(request, form, error: ValidationError, fields=()) -> list[str]:
    """Field errors next to their fields; the rest (attendance, payments) returned for the page to list."""
    other = []
    for field, message in errors_of(error):
        if form is not None and field in form.fields:
            form.add_error(field, message)
        else:
            other.append(message)
    return other


def _attendance_from(request, member_ids) -> dict[int, str]:
    return {pk: request.POST.get(f"att-{pk}", "") for pk in member_ids}


# --- meetings --------------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    period = _period(request)
    summary = meetings.attendance_summary(unit=unit, start=period.start, end=period.end)
    context = {
        "unit": unit,
        "period": period,
        "summary": summary,
        "ancestors": _ancestors_in_scope(request, unit),
        "years": range(timezone.localdate().year, 2010, -1),
        "can_record": unit.kind.is_branch and scope.has_role(request.user, unit, scope.EDIT),
    }
    if unit.kind.is_branch:
        context["meetings"] = [
            (m, _pct(meetings.percent(m.present, m.expected)))
            for m in meetings.branch_meetings(unit=unit, start=period.start, end=period.end)
        ]
    context["children"] = _attendance_by_child(unit, period)
    return render(request, "work/meeting_list.html", context)


@dataclass
class ChildAttendance:
    """A direct child's row: meetings held, members present of those expected (the figures engine's)."""

    meetings: int
    present: int
    expected: int

    @property
    def rate_text(self) -> str:
        return _pct(meetings.percent(self.present, self.expected))


def _attendance_by_child(unit: OrgUnit, period: periods.Period) -> list[tuple[object, ChildAttendance]]:
    """Each direct child with its sub-tree's meetings, read from the figures engine's rollups in one go
    instead of two queries per child (docs/architecture.md, "Rollups")."""
    if unit.kind.is_branch:
        return []
    codes = ["meetings_held", "meeting_attendances", "meeting_expected"]
    figures = unit_stats(unit=unit, period=period, indicators=codes)
    return [
        (child, ChildAttendance(*(_whole(child.values, code) for code in codes)))
        for child in figures.children
    ]


@login_required
def meeting_new(request):
    unit = scope.page_unit(request, scope.EDIT)
    if not unit.kind.is_branch:
        messages.error(request, _("Chỉ chi đoàn ghi buổi sinh hoạt; hãy chọn một chi đoàn."))
        return redirect(f"{reverse('work:meetings')}?unit={unit.code}")
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    day = timezone.localdate()
    if request.method != "POST" and request.GET.get("held_on"):
        probe = MeetingForm({"held_on": request.GET["held_on"]})
        if probe.is_valid() and probe.cleaned_data["held_on"] <= day:
            day = probe.cleaned_data["held_on"]
            form = MeetingForm(initial={"held_on": day})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["held_on"]
        roster_ids = [int(k[4:]) for k in request.POST if k.startswith("att-") and k[4:].isdigit()]
        try:
            meeting = meetings.meeting_record(
                unit=unit,
                held_on=day,
                topic=form.cleaned_data["topic"],
                attendance=_attendance_from(request, roster_ids),
                by=request.user,
            )
        except ValidationError as error:
            problems = _show_errors(request, form, error)
        else:
            messages.success(
                request,
                _("Đã ghi buổi sinh hoạt ngày %(day)s: tỷ lệ tham gia %(rate)s.")
                % {"day": meetings.dmy(meeting.held_on), "rate": _pct(meetings.meeting_rate(meeting))},
            )
            return redirect("work:meeting", pk=meeting.pk)
    elif request.method == "POST" and "held_on" in form.cleaned_data:
        day = form.cleaned_data["held_on"]
    roster = list(meetings.branch_roster(unit=unit, day=min(day, timezone.localdate())))
    chosen = {pk: request.POST.get(f"att-{pk}", meetings.PRESENT) for pk in (m.pk for m in roster)}
    return render(
        request,
        "work/meeting_form.html",
        {
            "unit": unit,
            "form": form,
            "rows": [(m, chosen[m.pk]) for m in roster],
            "choices": meetings.ATTENDANCE_CHOICES,
            "problems": problems,
            "day": day,
        },
        status=400 if problems or form.errors else 200,
    )


def _meeting(request, pk: int, role: str) -> Meeting:
    queryset = Meeting.objects.select_related("unit", "unit__kind", "created_by")
    return scope.get_in_scope(request.user, queryset, role, pk=pk)


@login_required
def _seen_at(request) -> datetime.datetime | None:
    """When the edit form now posted was shown (its hidden field), None when missing or not a time."""
    try:
        seen = datetime.datetime.fromisoformat(request.POST.get("seen_at", ""))
    except ValueError:
        return None
    return seen if timezone.is_aware(seen) else None


def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk, scope.EDIT if request.method == "POST" else scope.VIEW)
    can_edit = scope.has_role(request.user, meeting.unit, scope.EDIT)
    form = MeetingForm(request.POST or None, initial={"held_on": meeting.held_on, "topic": meeting.topic})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        ids = list(meeting.attendances.values_list("member_id", flat=True))
        posted = [int(k[4:]) for k in request.POST if k.startswith("att-") and k[4:].isdigit()]
        seen = _seen_at(request)
        kept = [at for at in checkin.checked_in_at(meeting).values() if seen and at > seen]
        try:
            meetings.meeting_update(
                meeting=meeting,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                topic=form.cleaned_data["topic"],
                attendance=_attendance_from(request, posted or ids),
                scanned_since=seen,
            )
        except ValidationError as error:
            problems = _show_errors(request, form, error)
        else:
            messages.success(request, _("Đã lưu buổi sinh hoạt."))
            if kept:
                messages.info(
                    request,
                    _("%(n)s đoàn viên quét mã QR sau khi bạn mở trang này được giữ là có mặt.")
                    % {"n": len(kept)},
                )
            return redirect("work:meeting", pk=meeting.pk)
    rows = checkin_views.rows_with_scans(meeting, meetings.attendance_rows(meeting))
    if request.method == "POST":
        rows = [(m, request.POST.get(f"att-{m.pk}", status)) for m, status in rows]
    counts = {
        s: sum(1 for _m, v in meetings.attendance_rows(meeting) if v == s)
        for s, _l in meetings.ATTENDANCE_CHOICES
    }
    return render(
        request,
        "work/meeting_detail.html",
        {
            "meeting": meeting,
            "unit": meeting.unit,
            "form": form,
            "rows": rows,
            "counts": counts,
            "rate": _pct(meetings.meeting_rate(meeting)),
            "choices": meetings.ATTENDANCE_CHOICES,
            "can_edit": can_edit,
            "problems": problems,
            "seen_at": timezone.now().isoformat(),
            **checkin_views.meeting_checkin_context(request, meeting),
        },
        status=400 if problems or form.errors else 200,
    )


@login_required
@require_POST
def meeting_delete(request, pk: int):
    meeting = _meeting(request, pk, scope.EDIT)
    unit, day = meeting.unit, meeting.held_on
    meetings.meeting_delete(meeting=meeting, by=request.user)
    messages.success(request, _("Đã xóa buổi sinh hoạt ngày %(day)s.") % {"day": meetings.dmy(day)})
    return redirect(f"{reverse('work:meetings')}?unit={unit.code}&period={day.year}")


def _pct(value) -> str:
    return vnnumbers.percent(value)


# --- dues ------------------------------------------------------------------------------------------------


def _whole(values: dict, code: str) -> int:
    return int(values.get(code) or 0)


@login_required
def dues_page(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, scope.EDIT if request.method == "POST" else scope.VIEW)
    year = _year(request)
    can_edit = unit.kind.is_branch and scope.has_role(request.user, unit, scope.EDIT)
    form = DuesForm(request.POST or None, year=year)
    problems: list[str] = []
    if request.method == "POST":
        if not unit.kind.is_branch:
            problems = [_("Chỉ chi đoàn thu đoàn phí; hãy chọn một chi đoàn.")]
        elif form.is_valid():
            chosen = request.POST.getlist("paid")
            payments = {pk: request.POST.get(f"amount-{pk}") or None for pk in chosen}
            try:
                rows = dues_mod.dues_record(
                    unit=unit,
                    month=form.cleaned_data["month"],
                    payments=payments,
                    paid_on=form.cleaned_data["paid_on"],
                    by=request.user,
                )
            except ValidationError as error:
                problems = _show_errors(request, form, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi %(n)s khoản đoàn phí, tổng %(total)s đồng.")
                    % {"n": len(rows), "total": group(sum(r.amount for r in rows))},
                )
                return redirect(f"{reverse('work:dues')}?unit={unit.code}&year={year}")
    today = timezone.localdate()
    period = periods.parse(str(year))
    # The sums come from the figures engine (its rollups): one read for the unit and its children instead
    # of one sum over the payments per child (docs/architecture.md, "Rollups").
    figures = unit_stats(
        unit=unit,
        period=period,
        indicators=["dues_collected_vnd", "members_in_arrears"],
        with_children=not unit.kind.is_branch,
    )
    context = {
        "unit": unit,
        "year": year,
        "years": range(today.year, 2010, -1),
        "ancestors": _ancestors_in_scope(request, unit),
        "can_edit": can_edit,
        "form": form,
        "problems": problems,
        "year_text": str(year),
        "collected_text": _("%(amount)s đồng")
        % {"amount": group(_whole(figures.values, "dues_collected_vnd"))},
        "arrears": _whole(figures.values, "members_in_arrears"),
        "arrears_months": meetings.rule("dues_arrears_months", 3),
    }
    if unit.kind.is_branch:
        months, rows, totals = dues_mod.dues_grid(unit=unit, year=year)
        checked = set(request.POST.getlist("paid"))
        context.update(months=months, rows=rows, totals=totals, checked=checked)
    else:
        # Each child's name as it stood then, beside what its branches collected.
        context["children"] = [
            (child, _whole(child.values, "dues_collected_vnd")) for child in figures.children
        ]
    return render(request, "work/dues.html", context, status=400 if problems or form.errors else 200)


@login_required
@require_POST
def dues_cancel(request):
    unit = scope.page_unit(request, scope.EDIT)
    year = _year(request)
    try:
        member = int(request.POST.get("member", ""))
        n = dues_mod.dues_cancel(
            unit=unit, month=request.POST.get("month", ""), member_ids=[member], by=request.user
        )
    except (ValueError, ValidationError) as error:
        message = "; ".join(m for _f, m in errors_of(error)) if isinstance(error, ValidationError) else None
        messages.error(request, message or _("Yêu cầu hủy không hợp lệ."))
    else:
        messages.success(request, _("Đã hủy %(n)s khoản đoàn phí.") % {"n": n})
    return redirect(f"{reverse('work:dues')}?unit={unit.code}&year={year}")


# --- the warning list ------------------------------------------------------------------------------------


@login_required
def arrears(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    today = timezone.localdate()
    day = today
    if request.GET.get("day"):
        probe = MeetingForm({"held_on": request.GET["day"]})
        if probe.is_valid() and probe.cleaned_data["held_on"] <= today:
            day = probe.cleaned_data["held_on"]
    rows = list(arrears_mod.removal_warnings(unit=unit, day=day))
    return render(
        request,
        "work/dues_arrears.html",
        {
            "unit": unit,
            "day": day,
            "since": day - datetime.timedelta(days=365),
            "rows": rows,
            "ancestors": _ancestors_in_scope(request, unit),
            "missed_limit": meetings.rule("removal_missed_meetings", 3),
            "unpaid_limit": meetings.rule("removal_unpaid_months", 3),
        },
    )
