"""Unit classification (xếp loại đơn vị): each year the unit above puts each of its direct children on one of
the four levels — branches by their grassroots union, grassroots unions by the district, districts by the
province.

Only an editor strictly above the unit decides (scope.can_restructure); the decision is recorded as the
parent's (as the tree stood at the year's end), dated, with the criteria score shown beside it (see
classification_selectors.criteria_scores), audited as classification.decide, and kept in the record's
history. Deciding again for the same year changes the level; the history keeps the earlier one.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.classification.models import UnitClassification
from doanvu.evaluation.classification.selectors import (
    criteria_scores,
    may_decide,
    parent_on,
)
from doanvu.evaluation.levels import Level
from doanvu.org.models import OrgUnit


def _check(by, unit: OrgUnit) -> None:
    scope.check(by, unit, scope.VIEW)  # 404 outside the scope
    if not may_decide(by, unit):
        raise PermissionDenied(_("Chỉ cán bộ có quyền chỉnh sửa ở cấp trên của đơn vị mới xếp loại được."))


def _clean(*, year, level: str, decided_on, decision_number: str) -> tuple[int, datetime.date]:
    errors: dict[str, str] = {}
    try:
        year = int(year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Năm phải là một năm từ 2000 đến 2100.")
    if level not in Level.values:
        errors["level"] = _("Hãy chọn một trong bốn mức xếp loại.")
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("Ngày quyết định không được ở tương lai.")
    elif "year" not in errors and decided_on.year < year:
        errors["decided_on"] = _("Ngày quyết định phải từ năm %(year)s trở đi.") % {"year": year}
    if len(decision_number or "") > 60:
        errors["decision_number"] = _("Số quyết định dài tối đa 60 ký tự.")
    if errors:
        raise ValidationError(errors)
    return year, decided_on


def _decide(
    *, unit: OrgUnit, parent: OrgUnit, year: int, level: str, by, decided_on, decision_number: str, note: str
) -> UnitClassification:
    score = criteria_scores([unit], year, parent)[unit.pk]
    found = UnitClassification.objects.select_for_update().filter(unit=unit, year=year).first()
    before = found.level if found else ""
    classification = found or UnitClassification(unit=unit, year=year)
    classification.level = level
    classification.score = score.value
    classification.assessment = score.assessment
    classification.decided_by_unit = parent
    classification.decided_on = decided_on
    classification.decision_number = (decision_number or "").strip()
    classification.note = (note or "").strip()
    classification.decided_by = by if getattr(by, "is_authenticated", False) else None
    classification.full_clean()
    if classification.decided_by is not None:
        classification._history_user = by
    classification.save()
    audit_log(
        actor=by,
        action="classification.decide",
        unit=unit,
        effective_on=decided_on,
        summary=_("Xếp loại năm %(year)s: %(level)s") % {"year": year, "level": Level(level).label},
        data={
            "year": year,
            "level": level,
            "before": before,
            "score": str(score.value) if score.value is not None else None,
            "decided_by_unit": parent.code,
            "decision_number": classification.decision_number,
        },
    )
    return classification


@transaction.atomic
def classification_decide(
    *,
    unit: OrgUnit,
    year: int,
    level: str,
    by,
    decided_on: datetime.date | None = None,
    decision_number: str = "",
    note: str = "",
) -> UnitClassification:
    """Classify one unit for `year` (or change its level)."""
    _check(by, unit)
    year, decided_on = _clean(year=year, level=level, decided_on=decided_on, decision_number=decision_number)
    parent = parent_on(unit, year)
    if parent is None:
        raise ValidationError(
            _("%(name)s không có đơn vị cấp trên vào cuối năm %(year)s để xếp loại.")
            % {"name": unit.name, "year": year}
        )
    return _decide(
        unit=unit,
        parent=parent,
        year=year,
        level=level,
        by=by,
        decided_on=decided_on,
        decision_number=decision_number,
        note=note,
    )


@transaction.atomic
def classification_decide_many(
    *,
    parent: OrgUnit,
    year: int,
    levels: dict[OrgUnit, str],
    by,
    decided_on: datetime.date | None = None,
    decision_number: str = "",
    notes: dict[OrgUnit, str] | None = None,
) -> list[UnitClassification]:
    """Classify several direct children of `parent` at once (one decision): all or nothing."""
    scope.check(by, parent, scope.VIEW)
    chosen = {unit: level for unit, level in levels.items() if level}
    if not chosen:
        raise ValidationError({"level": _("Chưa chọn xếp loại cho đơn vị nào.")})
    errors: list[str] = []
    for unit, level in chosen.items():
        _check(by, unit)
        if level not in Level.values:
            errors.append(_("%(name)s: hãy chọn một trong bốn mức xếp loại.") % {"name": unit.name})
    year, decided_on = _clean(
        year=year, level=Level.GOOD, decided_on=decided_on, decision_number=decision_number
    )
    for unit in chosen:
        above = parent_on(unit, year)
        if above is None or above.pk != parent.pk:
            errors.append(
                _("%(name)s không trực thuộc %(parent)s vào cuối năm %(year)s.")
                % {"name": unit.name, "parent": parent.name, "year": year}
            )
    if errors:
        raise ValidationError({"level": errors})
    notes = notes or {}
    return [
        _decide(
            unit=unit,
            parent=parent,
            year=year,
            level=level,
            by=by,
            decided_on=decided_on,
            decision_number=decision_number,
            note=notes.get(unit, ""),
        )
        for unit, level in sorted(chosen.items(), key=lambda item: item[0].path)
    ]
