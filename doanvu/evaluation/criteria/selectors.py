"""Reads of criteria sets: who sees which set, the units a set applies to by default, and a set's whole
structure (criteria → contents → conditions) with its points.

Who sees a set:
- officers of the issuing unit and of the units above it (the issuer is in their scope): always, drafts
  included; editors there change it while it is a draft;
- once issued, the units it applies to and the officers above them (an applied unit is in their scope);
- nobody else: for a sibling the set does not exist (404).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.evaluation.criteria.models import Condition, Content, CriteriaSet, Criterion
from doanvu.evaluation.criteria.rules import (
    json_number,
    plain,
    vn_points,
)
from doanvu.org.models import OrgUnit
from doanvu.org.selectors import children_on

ZERO = Decimal(0)
READABLE_STATES = (CriteriaSet.State.ISSUED, CriteriaSet.State.CLOSED)


def criteria_sets_visible(user) -> QuerySet[CriteriaSet]:
    sets = CriteriaSet.objects.select_related("issuer", "issuer__kind")
    if scope.is_site_admin(user):
        return sets
    root = scope.scope_root(user)
    if root is None:
        return sets.none()
    mine = root.subtree_q("issuer__")
    applied = Q(
        state__in=READABLE_STATES,
        pk__in=CriteriaSet.units.through.objects.filter(root.subtree_q("orgunit__")).values("criteriaset_id"),
    )
    return sets.filter(mine | applied)


def can_edit(user, criteria_set: CriteriaSet) -> bool:
    """Editors of the issuer or a unit above it change the set."""
    return scope.has_role(user, criteria_set.issuer, scope.EDIT)


def criteria_set_get(user, pk, role: str = scope.VIEW) -> CriteriaSet:
    """404 when the user may not see the set; 403 when `role` is EDIT and they may not change it."""
    try:
        criteria_set = criteria_sets_visible(user).get(pk=pk)
    except (CriteriaSet.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if role != scope.VIEW and not scope.has_role(user, criteria_set.issuer, role):
        raise PermissionDenied  # the set's units read it; only the issuer's editors change it
    return criteria_set


def default_units(issuer: OrgUnit, year: int) -> list[OrgUnit]:
    """The units a new set applies to unless chosen otherwise: the issuer's direct children open on 1/1 of
    the year (as the tree stood that day)."""
    day = datetime.date(year, 1, 1)
    ids = [version.unit_id for version in children_on(issuer, day)]
    units = OrgUnit.objects.filter(pk__in=ids).select_related("kind").order_by("path")
    return [unit for unit in units if unit.is_active_on(day)]


def unit_choices_for(issuer: OrgUnit, year: int) -> list[OrgUnit]:
    """Units an editor may tick for a set: the issuer's direct children open on 1/1 of the year, then the
    units it has today (a child created during the year)."""
    found = {unit.pk: unit for unit in default_units(issuer, year)}
    for unit in OrgUnit.objects.get_children(issuer).select_related("kind").order_by("path"):
        found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda unit: unit.path)


def sets_for_year(user, year: int | None = None) -> QuerySet[CriteriaSet]:
    sets = criteria_sets_visible(user)
    if year:
        sets = sets.filter(year=year)
    return sets.prefetch_related("units").order_by("-year", "issuer__path", "id")


# --- a set's structure --------------------------------------------------------------------------------------


def criteria_with_rows(criteria_set: CriteriaSet) -> list[Criterion]:
    """The criteria in order, each with `.rows` = its contents in order, each with `.rows` = conditions;
    criteria and contents carry `.base` and `.bonus` point sums."""
    conditions = Condition.objects.order_by("order", "id")
    contents = Content.objects.order_by("order", "id").prefetch_related(Prefetch("conditions", conditions))
    criteria = list(
        criteria_set.criteria.order_by("order", "id").prefetch_related(Prefetch("contents", contents))
    )
    for criterion in criteria:
        criterion.rows = list(criterion.contents.all())
        criterion.base = criterion.bonus = ZERO
        for content in criterion.rows:
            content.rows = list(content.conditions.all())
            content.base = sum((c.max_points for c in content.rows if not c.is_bonus), ZERO)
            content.bonus = sum((c.max_points for c in content.rows if c.is_bonus), ZERO)
            content.points_label = points_label(content.base, content.bonus)
            criterion.base += content.base
            criterion.bonus += content.bonus
            for condition in content.rows:
                _describe(condition)
        criterion.points_label = points_label(criterion.base, criterion.bonus)
    return criteria


def _describe(condition: Condition) -> None:
    """Labels the pages show: "8", "2,5", the grades, the data source and its parameters."""
    condition.max_label = vn_points(condition.max_points)
    condition.grade_rows = [(vn_points(g["points"]), g["text"]) for g in condition.grades]
    condition.source_label = condition.get_data_source_display() if condition.data_source else ""
    params = condition.data_params or {}
    parts = []
    if params.get("indicator"):
        parts.append(_("chỉ số «%(code)s»") % {"code": params["indicator"]})
    if params.get("thresholds"):
        unit = "%" if condition.data_source != "indicator_value" else ""
        steps = ", ".join(f"≥ {vn_points(v)}{unit} → {vn_points(p)}" for v, p in params["thresholds"])
        parts.append(_("ngưỡng: %(steps)s điểm") % {"steps": steps})
    if params.get("target"):
        parts.append(_("chỉ tiêu mặc định %(n)s") % {"n": vn_points(params["target"])})
    condition.params_label = "; ".join(parts)


def points_label(base: Decimal, bonus: Decimal) -> str:
    """ "360 + 40 điểm thưởng", or "360 điểm" without bonus points."""
    if bonus and not base:
        return _("%(bonus)s điểm thưởng") % {"bonus": vn_points(bonus)}
    if bonus:
        return _("%(base)s + %(bonus)s điểm thưởng") % {"base": vn_points(base), "bonus": vn_points(bonus)}
    return _("%(base)s điểm") % {"base": vn_points(base)}


def condition_dict(condition: Condition) -> dict:
    return {
        "code": condition.code,
        "text": condition.text,
        "max_points": plain(condition.max_points),
        "is_bonus": condition.is_bonus,
        "grades": [{"points": plain(Decimal(str(g["points"]))), "text": g["text"]} for g in condition.grades],
        "evidence_required": condition.evidence_required,
        "evidence_mandatory": condition.evidence_mandatory,
        "data_source": condition.data_source,
        "data_params": condition.data_params or {},
    }


def criteria_set_structure(criteria_set: CriteriaSet) -> list[dict]:
    """The set's rows in the nested form `services.criteria.criteria_set_build` takes."""
    return [
        {
            "code": criterion.code,
            "title": criterion.title,
            "contents": [
                {
                    "code": content.code,
                    "title": content.title,
                    "conditions": [condition_dict(c) for c in content.rows],
                }
                for content in criterion.rows
            ],
        }
        for criterion in criteria_with_rows(criteria_set)
    ]


@dataclass
class SetSummary:
    criteria: int = 0
    contents: int = 0
    conditions: int = 0
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    tied: int = 0  # conditions tied to data
    sources: dict[str, int] = field(default_factory=dict)

    @property
    def points(self) -> str:
        return points_label(self.base, self.bonus)


def set_summary(criteria: list[Criterion]) -> SetSummary:
    summary = SetSummary(criteria=len(criteria))
    for criterion in criteria:
        summary.contents += len(criterion.rows)
        summary.base += criterion.base
        summary.bonus += criterion.bonus
        for content in criterion.rows:
            summary.conditions += len(content.rows)
            for condition in content.rows:
                if condition.data_source:
                    summary.tied += 1
                    summary.sources[condition.data_source] = summary.sources.get(condition.data_source, 0) + 1
    return summary


def header_dict(criteria_set: CriteriaSet) -> dict:
    base, bonus = criteria_set.points()
    return {
        "id": criteria_set.pk,
        "issuer": criteria_set.issuer.code,
        "issuer_name": criteria_set.issuer.name,
        "year": criteria_set.year,
        "title": criteria_set.title,
        "number": criteria_set.number,
        "state": criteria_set.state,
        "issued_on": criteria_set.issued_on,
        "self_assessment_deadline": criteria_set.self_assessment_deadline,
        "outstanding_min_pct": json_number(criteria_set.outstanding_min_pct),
        "good_min_pct": json_number(criteria_set.good_min_pct),
        "completed_min_pct": json_number(criteria_set.completed_min_pct),
        "units": [unit.code for unit in criteria_set.units.order_by("path")],
        "base_points": json_number(base),
        "bonus_points": json_number(bonus),
        "copied_from": criteria_set.copied_from_id,
    }
