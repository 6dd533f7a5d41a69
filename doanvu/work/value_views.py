"""Pages for figures that are not activities: the direct-value grid of a unit and period, targets with their
progress (set by the unit, or handed down to each child unit in one form), and the catalogues of indicators
and movements, where an upper level adds its own, edits them, retires them and brings them back."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.scope import unit_choices
from doanvu.accounts.views import no_scope
from doanvu.lib import periods
from doanvu.stats.targets import target_progress

from . import catalogue_selectors, selectors, services
from .catalogue_forms import IndicatorEditForm, MovementEditForm
from .forms import FiguresForm, IndicatorForm, MovementForm, TargetForm
from .models import Indicator, Movement
from .views import show_errors


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
    unit = scope.page_unit(request, required=False)
    if unit is None:
        return redirect(f"{reverse('org:tree')}")
    period, period_error = _period(request)
    can_edit = scope.has_role(request.user, unit, scope.EDIT)
    lock = services.locking_report(unit=unit, day=period.start, end=period.end)
    other_errors: list[str] = []
    grid = selectors.direct_value_grid(unit=unit, period=period)
    form = FiguresForm(
        request.POST if request.method == "POST" else None,
        initial={f"val_{row.indicator.code}": row.value for row in grid},
        indicators=[row.indicator for row in grid],
        box_prefix="val_",
    )
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        notes = {k[5:]: v for k, v in request.POST.items() if k.startswith("note_")}
        if form.is_valid():
            try:
                services.direct_values_set(
                    unit=unit, period=period.code, values=form.values(), notes=notes, by=request.user
                )
            except ValidationError as error:
                found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                for code, problems in found.items():
                    for problem in problems:
                        if form.box(code) in form.fields:
                            form.add_error(form.box(code), problem)
                        else:
                            other_errors.append(problem)
            else:
                messages.success(request, _("Đã lưu số liệu %(period)s.") % {"period": period.label})
                return _back("work:direct_values", unit, period)
    rows = [
        {
            "indicator": row.indicator,
            "field": form[form.box(row.indicator.code)],
            "value": row.value,
            "note": request.POST.get(f"note_{row.indicator.code}", row.note),
        }
        for row in grid
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
            "other_errors": other_errors,
            "can_edit": can_edit and lock is None,
            "lock": lock,
            "lock_message": services.lock_message(lock) if lock else "",
        },
    )


@login_required
def targets(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)
    if unit is None:
        return redirect(f"{reverse('org:tree')}")
    period, period_error = _period(request)
    can_edit = scope.has_role(request.user, unit, scope.EDIT)
    indicators = selectors.indicators_available(unit)
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
            "rows": target_progress(unit=unit, period=period),
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
    unit = scope.page_unit(request, required=False)
    can_add = unit is not None and not unit.kind.is_branch and scope.has_role(request.user, unit, scope.EDIT)
    parts = selectors.indicators_available(unit).exclude(kind=Indicator.Kind.RATIO) if unit else None
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
    groups = selectors.indicator_catalogue(unit=unit)
    retired = list(catalogue_selectors.retired_indicators(unit=unit)) if unit else []
    shown = [i for _area, rows in groups for i in rows] + retired
    return render(
        request,
        "work/indicators.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "groups": groups,
            "retired": retired,
            "changeable": catalogue_selectors.changeable(request.user, shown),
            "form": form,
            "can_add": can_add,
        },
    )


@login_required
def movements(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)
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
    movements = list(selectors.movement_catalogue(unit=unit))
    retired = list(catalogue_selectors.retired_movements(unit=unit)) if unit else []
    return render(
        request,
        "work/movements.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "movements": movements,
            "retired": retired,
            "changeable": catalogue_selectors.changeable(request.user, movements + retired),
            "form": form,
            "can_add": can_add,
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Editing, retiring and bringing back an own indicator or movement


def _own_row(request, model, pk: int):
    """An own indicator or movement the user may change: 404 when its owner unit is outside their scope,
    403 without the editor role there, and 403 for the national catalogue."""
    row = get_object_or_404(model.objects.select_related("owner_unit", "work_area"), pk=pk)
    if row.owner_unit is None:
        raise PermissionDenied(_("Danh mục toàn quốc không sửa hay thôi dùng ở trang này."))
    scope.check(request.user, row.owner_unit, scope.EDIT)
    return row


def _back_unit(request, row) -> str:
    """The unit of the catalogue page the user came from (?unit=), else the owner unit."""
    return request.GET.get("unit") or request.POST.get("unit") or row.owner_unit.code


def _catalogue(name: str, request, row):
    """Back to the catalogue page the user came from, else the owner unit's."""
    return redirect(f"{reverse(name)}?{urlencode({'unit': _back_unit(request, row)})}")


@login_required
def indicator_edit(request, pk: int):
    indicator = _own_row(request, Indicator, pk)
    form = IndicatorEditForm.for_indicator(indicator, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ số «%(name)s».") % {"name": form.cleaned_data["name"]})
            return _catalogue("work:indicators", request, indicator)
    context = {
        "indicator": indicator,
        "form": form,
        "usage": services.indicator_usage(indicator),
        "back_unit": _back_unit(request, indicator),
    }
    return render(request, "work/indicator_edit.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def indicator_retire(request, pk: int):
    indicator = _own_row(request, Indicator, pk)
    active = request.POST.get("action") == "reactivate"
    try:
        services.indicator_set_active(
            indicator=indicator, active=active, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = _("Đã dùng lại chỉ số «%(name)s».") if active else _("Đã thôi dùng chỉ số «%(name)s».")
        messages.success(request, done % {"name": indicator.name})
    return _catalogue("work:indicators", request, indicator)


@login_required
def movement_edit(request, pk: int):
    movement = _own_row(request, Movement, pk)
    form = MovementEditForm.for_movement(movement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_update(movement=movement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Đã lưu «%(name)s».") % {"name": form.cleaned_data["name"]})
            return _catalogue("work:movements", request, movement)
    context = {
        "movement": movement,
        "form": form,
        "back_unit": _back_unit(request, movement),
    }
    return render(request, "work/movement_edit.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def movement_retire(request, pk: int):
    movement = _own_row(request, Movement, pk)
    active = request.POST.get("action") == "reactivate"
    try:
        services.movement_set_active(
            movement=movement, active=active, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = _("Đã dùng lại «%(name)s».") if active else _("Đã thôi dùng «%(name)s».")
        messages.success(request, done % {"name": movement.name})
    return _catalogue("work:movements", request, movement)
