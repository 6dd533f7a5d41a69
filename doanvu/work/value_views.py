"""Pages for figures that are not activities: the direct-value grid of a unit and period, targets with their
progress (set by the unit, or handed down to each child unit in one form), and the catalogues of indicators
and movements, where an upper level adds its own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.lib import periods

from . import selectors, services
from .forms import IndicatorForm, MovementForm, TargetForm
from .models import Indicator
from .views import no_scope, page_unit, show_errors, unit_choices


def _period(request, default_kind: str = "year") -> tuple[periods.Period, str]:
    """The ?period= asked for (a Vietnamese message when it cannot be read), else the current year."""
    code = (request.GET.get("period") or request.POST.get("period") or "").strip()
    if code:
        try:
            return periods.parse(code), ""
        except periods.PeriodError as error:
            return periods.for_date(default_kind, timezone.localdate()), str(error)
    return periods.for_date(default_kind, timezone.localdate()), ""


def _back(name: str, unit, period: periods.Period):
    return redirect(f"{reverse(name)}?unit={unit.code}&period={period.code}")


@login_required
def direct_values(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = page_unit(request)
    if unit is None:
        return redirect(f"{reverse('org:tree')}")
    period, period_error = _period(request)
    can_edit = scope.has_role(request.user, unit, scope.EDIT)
    lock = services.locking_report(unit=unit, day=period.start, end=period.end)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        posted = {k[4:]: v for k, v in request.POST.items() if k.startswith("val_")}
        notes = {k[5:]: v for k, v in request.POST.items() if k.startswith("note_")}
        try:
            services.direct_values_set(
                unit=unit, period=period.code, values=posted, notes=notes, by=request.user
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(request, _("Đã lưu số liệu %(period)s.") % {"period": period.label})
            return _back("work:direct_values", unit, period)
    rows = [
        {
            "indicator": row.indicator,
            "value": posted.get(row.indicator.code, row.value),
            "note": request.POST.get(f"note_{row.indicator.code}", row.note),
            "errors": errors.get(row.indicator.code, []),
        }
        for row in selectors.direct_value_grid(unit=unit, period=period)
    ]
    return render(
        request,
        "work/direct_values.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "period": period,
            "period_error": period_error,
            "rows": rows,
            "other_errors": errors.get("") or errors.get("__all__", []),
            "can_edit": can_edit and lock is None,
            "lock": lock,
            "lock_message": services.lock_message(lock) if lock else "",
        },
    )


@login_required
def targets(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = page_unit(request)
    if unit is None:
        return redirect(f"{reverse('org:tree')}")
    period, period_error = _period(request)
    can_edit = scope.has_role(request.user, unit, scope.EDIT)
    indicators = services.indicators_available(unit)
    form = TargetForm(indicators=indicators)
    hand_down_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        action = request.POST.get("action")
        if action == "hand_down":
            values = {k[6:]: v for k, v in request.POST.items() if k.startswith("child_")}
            try:
                services.targets_hand_down(
                    from_unit=unit,
                    indicator=request.POST.get("indicator", ""),
                    period=period.code,
                    values=values,
                    by=request.user,
                )
            except ValidationError as error:
                hand_down_errors = (
                    error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                )
            else:
                messages.success(request, _("Đã giao chỉ tiêu cho các đơn vị trực thuộc."))
                return _back("work:targets", unit, period)
        else:
            form = TargetForm(request.POST, indicators=indicators)
            if form.is_valid():
                try:
                    services.target_set(
                        unit=unit,
                        indicator=form.cleaned_data["indicator"],
                        period=period.code,
                        value=form.cleaned_data["value"],
                        note=form.cleaned_data["note"],
                        by=request.user,
                    )
                except ValidationError as error:
                    show_errors(form, error)
                else:
                    messages.success(request, _("Đã lưu chỉ tiêu."))
                    return _back("work:targets", unit, period)
    lock = services.locking_report(unit=unit, day=period.start, end=period.end)
    return render(
        request,
        "work/targets.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "period": period,
            "period_error": period_error,
            "target_period": period.kind in services.TARGET_PERIOD_KINDS,
            "rows": selectors.target_progress(unit=unit, period=period),
            "children": selectors.child_targets(unit=unit, period=period),
            "form": form,
            "indicators": indicators,
            "chosen_indicator": request.POST.get("indicator", ""),
            "posted": {k[6:]: v for k, v in request.POST.items() if k.startswith("child_")},
            "hand_down_errors": hand_down_errors,
            "can_edit": can_edit and lock is None,
            "lock": lock,
            "lock_message": services.lock_message(lock) if lock else "",
        },
    )


@login_required
def indicators(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = page_unit(request)
    can_add = unit is not None and not unit.kind.is_branch and scope.has_role(request.user, unit, scope.EDIT)
    parts = services.indicators_available(unit).exclude(kind=Indicator.Kind.RATIO) if unit else None
    form = IndicatorForm(request.POST or None, parts=parts)
    if request.method == "POST":
        if unit is None:
            return no_scope(request)
        scope.check(request.user, unit, scope.EDIT)
        if form.is_valid():
            try:
                indicator = services.indicator_create(owner_unit=unit, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Đã thêm chỉ số «%(name)s».") % {"name": indicator.name})
                return redirect(f"{reverse('work:indicators')}?unit={unit.code}")
    return render(
        request,
        "work/indicators.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "groups": selectors.indicator_catalogue(unit=unit),
            "form": form,
            "can_add": can_add,
        },
    )


@login_required
def movements(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = page_unit(request)
    can_add = unit is not None and not unit.kind.is_branch and scope.has_role(request.user, unit, scope.EDIT)
    form = MovementForm(request.POST or None)
    if request.method == "POST":
        if unit is None:
            return no_scope(request)
        scope.check(request.user, unit, scope.EDIT)
        if form.is_valid():
            try:
                movement = services.movement_create(owner_unit=unit, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Đã thêm «%(name)s».") % {"name": movement.name})
                return redirect(f"{reverse('work:movements')}?unit={unit.code}")
    return render(
        request,
        "work/movements.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "movements": selectors.movement_catalogue(unit=unit),
            "form": form,
            "can_add": can_add,
        },
    )
