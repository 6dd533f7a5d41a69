"""What the writes of criteria sets share: the header fields and their checks, the draft rule, the units a
set applies to, a new set, the audit summary."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.evaluation.criteria.models import CriteriaSet
from doanvu.evaluation.criteria.rules import (
    parse_points,
)
from doanvu.evaluation.criteria.selectors import (
    default_units,
)
from doanvu.org.models import OrgUnit

HEADER_FIELDS = (
    "title",
    "year",
    "number",
    "self_assessment_deadline",
    "outstanding_min_pct",
    "good_min_pct",
    "completed_min_pct",
    "note",
)
# What may still change once the set is issued.
AFTER_ISSUE_FIELDS = ("number", "self_assessment_deadline", "note")
DEFAULT_THRESHOLDS = {
    "outstanding_min_pct": Decimal(90),
    "good_min_pct": Decimal(80),
    "completed_min_pct": Decimal(50),
}


def _require_editor(by, issuer: OrgUnit) -> None:
    scope.check(by, issuer, scope.EDIT)


def _require_draft(criteria_set: CriteriaSet) -> None:
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise ValidationError(
            _("Bộ tiêu chí «%(title)s» đã ban hành; không sửa được tiêu chí, nội dung, điều kiện nữa.")
            % {"title": criteria_set.title}
        )


def _header_clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = " ".join(str(data["title"] or "").split())
        if not out["title"]:
            errors["title"] = _("Hãy đặt tên bộ tiêu chí.")
        elif len(out["title"]) > 255:
            errors["title"] = _("Tên bộ tiêu chí dài tối đa 255 ký tự.")
    if "year" in data:
        try:
            out["year"] = int(data["year"])
            if not 2000 <= out["year"] <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors["year"] = _("Năm phải là một năm từ 2000 đến 2100.")
    if "number" in data:
        out["number"] = str(data["number"] or "").strip()
        if len(out["number"]) > 60:
            errors["number"] = _("Số, ký hiệu dài tối đa 60 ký tự.")
    if "self_assessment_deadline" in data:
        deadline = data["self_assessment_deadline"]
        if deadline not in (None, "") and not isinstance(deadline, datetime.date):
            errors["self_assessment_deadline"] = _("Hạn tự chấm phải là một ngày.")
        out["self_assessment_deadline"] = deadline or None
    if "note" in data:
        out["note"] = str(data["note"] or "").strip()
    for name in ("outstanding_min_pct", "good_min_pct", "completed_min_pct"):
        if name in data:
            try:
                value = parse_points(data[name], label=_("Ngưỡng"))
                if value > 100:
                    raise ValidationError(_("Ngưỡng phải từ 0 đến 100 (%)."))
                out[name] = value
            except ValidationError as error:
                errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return out


def _thresholds_check(criteria_set: CriteriaSet) -> None:
    if not (criteria_set.outstanding_min_pct >= criteria_set.good_min_pct >= criteria_set.completed_min_pct):
        raise ValidationError(
            {"outstanding_min_pct": _("Ngưỡng xếp loại phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành.")}
        )


def _units_check(issuer: OrgUnit, units: list[OrgUnit]) -> None:
    for unit in units:
        if not unit.is_at_or_below(issuer) or unit.pk == issuer.pk:
            raise ValidationError(
                {"units": _("Đơn vị «%(name)s» không trực thuộc đơn vị ban hành.") % {"name": unit.name}}
            )


def _set_units(criteria_set: CriteriaSet, units: list[OrgUnit] | None) -> None:
    chosen = default_units(criteria_set.issuer, criteria_set.year) if units is None else list(units)
    _units_check(criteria_set.issuer, chosen)
    criteria_set.units.set(chosen)


def _new_set(
    *, issuer: OrgUnit, by, header: dict[str, Any], units, copied_from=None, check_permission: bool = True
) -> CriteriaSet:
    if check_permission:
        _require_editor(by, issuer)
    cleaned = _header_clean({**DEFAULT_THRESHOLDS, **header})
    for required in ("title", "year"):
        if required not in cleaned:
            raise ValidationError({required: _("Thiếu trường này.")})
    criteria_set = CriteriaSet(issuer=issuer, created_by=by, copied_from=copied_from, **cleaned)
    _thresholds_check(criteria_set)
    criteria_set.full_clean(exclude=["units"])
    criteria_set.save()
    _set_units(criteria_set, units)
    return criteria_set


def _summary_data(criteria_set: CriteriaSet) -> dict:
    base, bonus = criteria_set.points()
    return {
        "criteria_set": criteria_set.pk,
        "year": criteria_set.year,
        "base": str(base),
        "bonus": str(bonus),
        "units": sorted(criteria_set.units.values_list("code", flat=True)),
    }
