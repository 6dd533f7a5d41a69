"""An upper level's own data-quality rules for its sub-tree: who may see and write them.

A rule compares an indicator with another indicator or with a number (`QualityRule`); `quality.rules_for`
applies the active rules of the unit and of every unit above it. Rules are written at the level that owns
them (not at a branch) by an officer with EDIT there; the units below see them but cannot change them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.org.models import OrgUnit
from doanvu.stats import indicators_for
from doanvu.work.models import Indicator

from .models import QualityRule

FIELDS = ("left", "op", "right", "constant", "severity", "message", "is_active")


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    step = OrgUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]


def rules_visible_at(unit: OrgUnit) -> tuple[list[QualityRule], list[QualityRule]]:
    """(the unit's own rules, active or not; the active rules inherited from the units above it), each
    owner's rules together, the top owner first."""
    rules = list(
        QualityRule.objects.filter(owner_unit__path__in=_ancestor_paths(unit))
        .select_related("owner_unit", "left", "right")
        .order_by("owner_unit__depth", "-is_active", "left__name", "pk")
    )
    own = [rule for rule in rules if rule.owner_unit_id == unit.pk]
    inherited = [rule for rule in rules if rule.owner_unit_id != unit.pk and rule.is_active]
    return own, inherited


def rule_at(unit: OrgUnit, pk: int) -> QualityRule | None:
    """A rule that applies at `unit` (its own or one from above), or None."""
    return (
        QualityRule.objects.filter(pk=pk, owner_unit__path__in=_ancestor_paths(unit))
        .select_related("owner_unit", "left", "right")
        .first()
    )


def may_write_rules(user, unit: OrgUnit) -> bool:
    """May `user` add rules at `unit`? EDIT there, and the unit is above branch level."""
    return not unit.kind.is_branch and scope.has_role(user, unit, scope.EDIT)


def _indicator(
    value: Indicator | str | None, available: dict[str, Indicator], field: str
) -> Indicator | None:
    if value is None or value == "":
        return None
    code = value.code if isinstance(value, Indicator) else str(value)
    found = available.get(code)
    if found is None:
        raise ValidationError({field: _("Chỉ số «%(code)s» không dùng được ở đơn vị này.") % {"code": code}})
    return found


def _snapshot(rule: QualityRule) -> dict[str, Any]:
    return {
        "rule": rule.pk,
        "left": rule.left.code,
        "op": rule.op,
        "right": rule.right.code if rule.right_id else None,
        "constant": str(rule.constant) if rule.constant is not None else None,
        "severity": rule.severity,
        "message": rule.message,
        "is_active": rule.is_active,
    }


def _require(by, unit: OrgUnit, rule: QualityRule | None) -> None:
    scope.check(by, unit, scope.EDIT)
    if rule is not None and rule.owner_unit_id != unit.pk:
        raise PermissionDenied(
            _("Quy tắc này do %(owner)s ban hành; chỉ cấp đó sửa được.") % {"owner": rule.owner_unit.name}
        )


@transaction.atomic
def quality_rule_save(
    *, unit: OrgUnit, data: Mapping[str, Any], by, rule: QualityRule | None = None
) -> QualityRule:
    """Create (rule=None) or change a rule owned by `unit` for its sub-tree. `data`: left (Indicator or
    code), op, right (Indicator, code or None) or constant (number or None) — exactly one of them —,
    severity, message, is_active. EDIT at the unit; not at a branch. ValidationError names the field."""
    _require(by, unit, rule)
    if unit.kind.is_branch:
        raise ValidationError(
            _("Quy tắc kiểm tra số liệu do cấp trên chi đoàn ban hành; %(unit)s là chi đoàn.")
            % {"unit": unit.name}
        )
    available = {indicator.code: indicator for indicator in indicators_for(unit)}
    errors: dict[str, list[str]] = {}
    left = right = None
    try:
        left = _indicator(data.get("left"), available, "left")
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        right = _indicator(data.get("right"), available, "right")
    except ValidationError as error:
        errors.update(error.message_dict)
    constant = data.get("constant")
    if constant == "":
        constant = None
    if constant is not None and not isinstance(constant, Decimal):
        try:
            constant = Decimal(str(constant))
        except ArithmeticError:
            errors["constant"] = [_("«%(value)s» không phải là một số.") % {"value": constant}]
            constant = None
    if left is None and "left" not in errors:
        errors["left"] = [_("Hãy chọn chỉ số cần kiểm tra.")]
    if right is not None and constant is not None:
        errors["__all__"] = [
            _("Chỉ chọn một trong hai: so với chỉ số khác hoặc so với một số, không chọn cả hai.")
        ]
    if left is not None and right is not None and left.pk == right.pk:
        errors["right"] = [_("Không so sánh chỉ số «%(name)s» với chính nó.") % {"name": left.name}]
    message = str(data.get("message") or "").strip()
    if not message:
        errors["message"] = [_("Hãy viết thông báo hiện ra khi số liệu vi phạm quy tắc.")]
    if errors:
        raise ValidationError(errors)
    created = rule is None
    rule = rule or QualityRule(owner_unit=unit)
    rule.left, rule.op, rule.right, rule.constant = left, data.get("op") or "", right, constant
    rule.severity = data.get("severity") or ""
    rule.message, rule.is_active = message, bool(data.get("is_active", True))
    rule.full_clean()
    rule.save()
    audit_log(
        actor=by,
        action="quality_rule.create" if created else "quality_rule.update",
        unit=unit,
        summary=(
            _("Thêm quy tắc kiểm tra số liệu «%(message)s»")
            if created
            else _("Sửa quy tắc kiểm tra số liệu «%(message)s»")
        )
        % {"message": rule.message},
        data=_snapshot(rule),
    )
    return rule


@transaction.atomic
def quality_rule_deactivate(*, rule: QualityRule, by) -> QualityRule:
    """Stop applying a rule (kept, so it can be switched on again and past explanations keep their key)."""
    _require(by, rule.owner_unit, None)
    rule.is_active = False
    rule.save(update_fields=["is_active"])
    audit_log(
        actor=by,
        action="quality_rule.update",
        unit=rule.owner_unit,
        summary=_("Ngừng dùng quy tắc kiểm tra số liệu «%(message)s»") % {"message": rule.message},
        data=_snapshot(rule),
    )
    return rule
