"""Reads of inspection: the plans a user sees, and a plan's rows (units, visit state, self and final scores,
ranks, proposed levels) as the user may see them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from doanvu.accounts import scope
from doanvu.evaluation.inspection.assessment_selectors import submitted_late
from doanvu.evaluation.inspection.models import Assessment, InspectionPlan, InspectionVisit
from doanvu.evaluation.levels import Level


def plans_for(user) -> QuerySet[InspectionPlan]:
    """Plans of an issuer in the user's scope, and plans that inspect a unit in it."""
    queryset = InspectionPlan.objects.select_related("issuer", "criteria_set")
    if scope.is_site_admin(user):
        return queryset.order_by("-issued_on", "-id")
    root = scope.scope_root(user)
    if root is None:
        return queryset.none()
    visible = root.subtree_q("issuer__") | root.subtree_q("units__")
    ids = InspectionPlan.objects.filter(visible).values("pk")
    return queryset.filter(pk__in=ids).order_by("-issued_on", "-id")


@dataclass
class PlanRow:
    visit: InspectionVisit
    assessment: Assessment | None
    self_total: Decimal | None
    final_score: Decimal | None
    rank: int | None
    level: str
    late: bool
    linked: bool  # the user may open the unit's visit and assessment

    @property
    def unit(self):
        return self.visit.unit


def plan_rows(user, plan: InspectionPlan, *, everyone: bool = False) -> list[PlanRow]:
    """The plan's visits, ranked. Without `everyone`, a user outside the issuer's scope gets only the
    visits of units in their own scope (the ranking page passes everyone=True once it may be seen)."""
    issuer_side = scope.in_scope(user, plan.issuer)
    visits = plan.visits.select_related("unit", "assessment", "assessment__criteria_set")
    rows = []
    for visit in sorted(visits, key=lambda v: (v.rank is None, v.rank or 0, v.unit.path)):
        own = scope.in_scope(user, visit.unit)
        if not (issuer_side or everyone or own):
            continue
        assessment = visit.assessment
        rows.append(
            PlanRow(
                visit=visit,
                assessment=assessment,
                self_total=assessment.self_total if assessment else None,
                final_score=visit.final_score,
                rank=visit.rank,
                level=Level(visit.proposed_level).label if visit.proposed_level else "",
                late=bool(assessment and submitted_late(assessment)),
                linked=own,
            )
        )
    return rows
