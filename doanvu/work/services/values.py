"""Direct values (figures that are not events, per unit and period) and targets (chỉ tiêu).

Targets are set by the unit itself or handed down by an officer of a unit above it; `set_by_unit` records
which. A unit (or any unit between it and the one that handed a target down) may raise a handed-down
target but not lower or remove it; the unit that handed it down, or one above that, may change it freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.org.models import OrgUnit
from doanvu.work.models import DirectValue, Indicator, Target
from doanvu.work.selectors import indicators_available

from ._common import ensure_unlocked, num, parse_period, require_edit
from .activities import _decimal

TARGET_PERIOD_KINDS = ("year", "school_year", "term")


def _indicator(unit: OrgUnit, indicator: Indicator | str, *, source: str | None, field: str = "indicator"):
    code = indicator.code if isinstance(indicator, Indicator) else str(indicator or "").strip()
    available = indicators_available(unit)
    if source:
        available = available.filter(source=source)
    found = available.filter(code=code).first()
    if found is None:
        message = (
            _("Chỉ số «%(code)s» không phải chỉ số nhập trực tiếp của %(unit)s.")
            if source == Indicator.Source.DIRECT
            else _("Chỉ số «%(code)s» không dùng được ở %(unit)s.")
        )
        raise ValidationError({field: message % {"code": code, "unit": unit.name}})
    return found


def _value(raw: Any, indicator: Indicator, field: str = "value") -> Decimal | None:
    try:
        value = _decimal(raw, indicator)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    if value is not None and value < 0:
        raise ValidationError({field: _("«%(name)s» không được âm.") % {"name": indicator.name}})
    if value is not None and (value.as_tuple().exponent < -2 or abs(value) >= Decimal(10) ** 16):
        raise ValidationError(
            {
                field: _("«%(name)s»: giá trị không hợp lệ (quá lớn hoặc quá 2 chữ số thập phân).")
                % {"name": indicator.name}
            }
        )
    return value


# --- direct values ---------------------------------------------------------------------------------------


@transaction.atomic
def direct_value_set(
    *, unit: OrgUnit, indicator: Indicator | str, period: str, value: Any, note: str = "", by
) -> DirectValue | None:
    """Set (or, with an empty value, clear) one direct value of `unit` for `period`."""
    require_edit(by, unit)
    found = _indicator(unit, indicator, source=Indicator.Source.DIRECT)
    p = parse_period(period)
    number = _value(value, found)
    ensure_unlocked(unit=unit, day=p.start, end=p.end)
    existing = (
        DirectValue.objects.select_for_update().filter(unit=unit, indicator=found, period=p.code).first()
    )
    note = (note or "").strip()
    if number is None:
        if existing is None:
            return None
        existing.delete()
        audit_log(
            actor=by,
            action="direct_value.clear",
            unit=unit,
            effective_on=p.end,
            summary=_("Xóa số liệu «%(name)s» kỳ %(period)s") % {"name": found.name, "period": p.label},
            data={"indicator": found.code, "period": p.code, "before": str(existing.value)},
        )
        return None
    if existing is not None and existing.value == number and existing.note == note:
        return existing
    before = str(existing.value) if existing else None
    row = existing or DirectValue(unit=unit, indicator=found, period=p.code)
    row.period_start, row.period_end, row.value, row.note = p.start, p.end, number, note
    row.entered_by = by if getattr(by, "is_authenticated", False) else None
    row.full_clean()
    row.save()
    audit_log(
        actor=by,
        action="direct_value.set",
        unit=unit,
        effective_on=p.end,
        summary=_("Nhập «%(name)s» kỳ %(period)s: %(value)s %(label)s")
        % {"name": found.name, "period": p.label, "value": num(number), "label": found.unit_label},
        data={"indicator": found.code, "period": p.code, "before": before, "after": str(number)},
    )
    return row


@transaction.atomic
def direct_values_set(
    *, unit: OrgUnit, period: str, values: Mapping[str, Any], notes: Mapping[str, str] | None = None, by
) -> list[DirectValue]:
    """Save a grid of direct values (indicator code → value, empty clears) at once: all or nothing,
    with every row's problem reported under its indicator code."""
    require_edit(by, unit)
    parse_period(period)
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    out = []
    for code, value in values.items():
        try:
            with transaction.atomic():
                row = direct_value_set(
                    unit=unit, indicator=code, period=period, value=value, note=notes.get(code, ""), by=by
                )
        except ValidationError as error:
            errors[code] = error.messages
            continue
        if row is not None:
            out.append(row)
    if errors:
        raise ValidationError(errors)
    return out


# --- targets -----------------------------------------------------------------------------------------------


def _from_unit(by, unit: OrgUnit, from_unit: OrgUnit | None) -> OrgUnit:
    """Who sets the target: `from_unit` when given, else the officer's own unit when it lies above `unit`,
    else the unit itself."""
    if from_unit is None:
        own = scope.scope_root(by)
        from_unit = own if own is not None and unit.is_at_or_below(own) else unit
    if not unit.is_at_or_below(from_unit):
        raise ValidationError(
            {
                "from_unit": _("Chỉ tiêu của %(unit)s do chính đơn vị hoặc cấp trên của đơn vị giao.")
                % {"unit": unit.name}
            }
        )
    require_edit(by, from_unit)
    return from_unit


@transaction.atomic
def target_set(
    *,
    unit: OrgUnit,
    indicator: Indicator | str,
    period: str,
    value: Any,
    note: str = "",
    from_unit: OrgUnit | None = None,
    by,
) -> Target | None:
    """Set (or, with an empty value, remove) the target of `unit` for `indicator` and `period` (a year,
    school year or term). `from_unit` is the unit setting it: the unit itself or one above it."""
    require_edit(by, unit)
    setter = _from_unit(by, unit, from_unit)
    found = _indicator(unit, indicator, source=None)
    p = parse_period(period)
    if p.kind not in TARGET_PERIOD_KINDS:
        raise ValidationError(
            {
                "period": _("Chỉ tiêu được giao theo năm, năm học hoặc nhiệm kỳ; «%(code)s» là %(label)s.")
                % {"code": p.code, "label": p.label}
            }
        )
    number = _value(value, found)
    ensure_unlocked(unit=unit, day=p.start, end=p.end)
    existing = (
        Target.objects.select_for_update()
        .select_related("set_by_unit")
        .filter(unit=unit, indicator=found, period=p.code)
        .first()
    )
    # A unit below the one that handed a target down may only raise it.
    from_above = (
        existing is not None
        and existing.set_by_unit_id != setter.pk
        and setter.is_at_or_below(existing.set_by_unit)
    )
    if from_above and (number is None or number < existing.value):
        raise ValidationError(
            {
                "value": _(
                    "Chỉ tiêu «%(name)s» %(period)s do %(from)s giao là %(value)s; %(unit)s không được hạ thấp "
                    "hay bỏ chỉ tiêu cấp trên giao."
                )
                % {
                    "name": found.name,
                    "period": p.label,
                    "from": existing.set_by_unit.name,
                    "value": num(existing.value),
                    "unit": setter.name,
                }
            }
        )
    note = (note or "").strip()
    if number is None:
        if existing is None:
            return None
        existing.delete()
        audit_log(
            actor=by,
            action="target.remove",
            unit=unit,
            effective_on=p.start,
            summary=_("Bỏ chỉ tiêu «%(name)s» %(period)s của %(unit)s")
            % {"name": found.name, "period": p.label, "unit": unit.name},
            data={"indicator": found.code, "period": p.code, "before": str(existing.value)},
        )
        return None
    before = str(existing.value) if existing else None
    # Raised by a unit below the one that handed it down: still that unit's target, with a higher value.
    set_by = existing.set_by_unit if from_above else setter
    if (
        existing is not None
        and existing.value == number
        and (not note or note == existing.note)
        and existing.set_by_unit_id == set_by.pk
    ):
        return existing
    target = existing or Target(unit=unit, indicator=found, period=p.code)
    target.value = number
    if note or existing is None:
        target.note = note
    target.set_by_unit = set_by
    target.full_clean()
    target.save()
    handed = setter.pk != unit.pk
    audit_log(
        actor=by,
        action="target.set",
        unit=unit,
        effective_on=p.start,
        summary=(
            _("%(from)s giao chỉ tiêu «%(name)s» %(period)s cho %(unit)s: %(value)s %(label)s")
            if handed
            else _("%(unit)s đặt chỉ tiêu «%(name)s» %(period)s: %(value)s %(label)s")
        )
        % {
            "from": setter.name,
            "unit": unit.name,
            "name": found.name,
            "period": p.label,
            "value": num(number),
            "label": found.unit_label,
        },
        data={
            "indicator": found.code,
            "period": p.code,
            "set_by": setter.code,
            "before": before,
            "after": str(number),
        },
    )
    return target


@transaction.atomic
def targets_hand_down(
    *, from_unit: OrgUnit, indicator: Indicator | str, period: str, values: Mapping[str, Any], by
) -> list[Target]:
    """Hand targets for one indicator down to the units directly under `from_unit` (child code → value;
    empty values are skipped): all or nothing, each problem reported under the child's code."""
    require_edit(by, from_unit)
    children = {u.code: u for u in OrgUnit.objects.get_children(from_unit)}
    errors: dict[str, list[str]] = {}
    out = []
    for code, value in values.items():
        child = children.get(code)
        if child is None:
            errors[code] = [
                _("%(code)s không phải đơn vị trực thuộc %(unit)s.") % {"code": code, "unit": from_unit.name}
            ]
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            with transaction.atomic():
                target = target_set(
                    unit=child, indicator=indicator, period=period, value=value, from_unit=from_unit, by=by
                )
        except ValidationError as error:
            errors[code] = error.messages
            continue
        if target is not None:
            out.append(target)
    if errors:
        raise ValidationError(errors)
    return out
