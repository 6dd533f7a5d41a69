"""Who may see and change self-assessments, inspection plans, visits and rankings.

Everything goes through doanvu.accounts.scope; this module only states these rules on top of it:

- A unit's assessment (and its visit) is seen by the unit's own officers and by officers above it. Anyone
  else does not learn that it exists (404), even after the ranking is published.
- Only the unit's own editors score, add evidence to and submit its assessment; officers above only read it.
- Only editors of the plan's issuer (or of a unit above it) inspect: plan, visits, scores, evidence review,
  publishing the ranking, the conclusion. The issuer of the criteria set reopens a submitted assessment.
- A plan is seen by the issuer's officers and by officers of the units it inspects (each sees its own
  units' visits). The ranking table is seen by the issuer's officers always, and by the inspected units'
  officers once it is published: units, totals, ranks and proposed levels, never another unit's evidence.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.evaluation.inspection.models import Assessment, InspectionPlan, InspectionVisit
from doanvu.org.models import OrgUnit


def is_own_editor(user, unit: OrgUnit) -> bool:
    """An editor (or approver) of exactly this unit, or a site admin."""
    if scope.is_site_admin(user):
        return True
    officer = scope.officer_of(user)
    return officer is not None and officer.unit_id == unit.pk and officer.has_role(scope.EDIT)


def require_own_editor(user, unit: OrgUnit) -> None:
    if not is_own_editor(user, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ cập nhật của %(unit)s mới tự chấm bản tự đánh giá của đơn vị.")
            % {"unit": unit.name}
        )


def can_inspect(user, plan: InspectionPlan) -> bool:
    return scope.has_role(user, plan.issuer, scope.EDIT)


def require_inspector(user, plan: InspectionPlan) -> None:
    if not can_inspect(user, plan):
        raise PermissionDenied(
            _("Chỉ cán bộ cập nhật của %(unit)s (hoặc cấp trên) mới thực hiện kiểm tra theo kế hoạch này.")
            % {"unit": plan.issuer.name}
        )


def ranking_published(plan: InspectionPlan, today: datetime.date | None = None) -> bool:
    day = today or timezone.localdate()
    return plan.ranking_published_on is not None and plan.ranking_published_on <= day


def sees_plan(user, plan: InspectionPlan) -> bool:
    """The issuer's officers, and officers of (or above) a unit the plan inspects."""
    if scope.in_scope(user, plan.issuer):
        return True
    return any(scope.in_scope(user, unit) for unit in plan.units.all())


def sees_ranking(user, plan: InspectionPlan) -> bool:
    if scope.in_scope(user, plan.issuer):
        return True
    return ranking_published(plan) and sees_plan(user, plan)


def get_assessment(user, pk, role: str = scope.VIEW) -> Assessment:
    """An assessment by id: 404 outside the scope of its unit, 403 without the role."""
    queryset = Assessment.objects.select_related("unit", "unit__kind", "criteria_set", "criteria_set__issuer")
    return scope.get_in_scope(user, queryset, role, pk=pk)


def get_plan(user, pk) -> InspectionPlan:
    try:
        plan = InspectionPlan.objects.select_related("issuer", "criteria_set").get(pk=pk)
    except (InspectionPlan.DoesNotExist, ValueError):
        raise Http404 from None
    if not sees_plan(user, plan):
        raise Http404
    return plan


def get_conclusion_plan(user, pk) -> InspectionPlan:
    """A plan whose conclusion the user may download: the issuer's officers always, the inspected units'
    officers once the ranking is published; 404 for anyone else."""
    plan = get_plan(user, pk)
    if not scope.in_scope(user, plan.issuer) and not ranking_published(plan):
        raise Http404
    return plan


def get_visit(user, pk) -> InspectionVisit:
    """A visit by id: seen by the unit's officers and those above it (the issuer's among them)."""
    queryset = InspectionVisit.objects.select_related("plan", "plan__issuer", "plan__criteria_set", "unit")
    return scope.get_in_scope(user, queryset, scope.VIEW, pk=pk)
