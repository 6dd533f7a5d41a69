"""How a self-assessment's scores become the inspection's final score, a rank and a proposed level.

- A condition's self score and inspector score are each between 0 and its maximum (services check it).
- The final score of a condition is the inspector's score when given, else the self score. A condition
  whose evidence is mandatory scores 0 when none of its evidence stands (none given, or all rejected):
  a rejected proof takes its points with it, whatever was scored, and the ranking shows it at once.
- The totals include bonus conditions. The proposed level compares the final total with the set's
  thresholds, as a share of the base (non-bonus) points.
- An assessment has a final total once the inspection has touched it (an inspector score, a reviewed piece
  of evidence, or the visit done). Until then a submitted assessment stands in the ranking with its self
  total, so the table is never empty during the visits; a draft is not ranked.
- Units are ranked by final score, best first; equal scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from doanvu.evaluation.criteria.models import CriteriaSet
from doanvu.evaluation.inspection.models import (
    Assessment,
    ConditionScore,
    Evidence,
    InspectionPlan,
    InspectionVisit,
)
from doanvu.evaluation.levels import Level

ZERO = Decimal(0)


def has_valid_evidence(statuses: Iterable[str]) -> bool:
    return any(status != Evidence.Status.REJECTED for status in statuses)


def condition_final(score: ConditionScore, statuses: list[str], mandatory: bool) -> Decimal:
    """The final points of one condition, given the statuses of its evidence."""
    if mandatory and not has_valid_evidence(statuses):
        return ZERO
    if score.inspector_points is not None:
        return score.inspector_points
    return score.self_points or ZERO


def assessment_totals(assessment: Assessment) -> tuple[Decimal, Decimal]:
    """(self total, final total) from the assessment's scores and evidence."""
    statuses: dict[int, list[str]] = defaultdict(list)
    for condition_id, status in assessment.evidence.values_list("condition_id", "status"):
        statuses[condition_id].append(status)
    self_total = final_total = ZERO
    for score in assessment.scores.select_related("condition"):
        self_total += score.self_points or ZERO
        final_total += condition_final(
            score, statuses[score.condition_id], score.condition.evidence_mandatory
        )
    return self_total, final_total


def is_inspected(assessment: Assessment) -> bool:
    return (
        assessment.state == Assessment.State.INSPECTED
        or assessment.scores.filter(inspector_points__isnull=False).exists()
        or assessment.evidence.exclude(status=Evidence.Status.PENDING).exists()
    )


def assessment_recompute(assessment: Assessment) -> Assessment:
    """Refresh the cached totals of an assessment (call after any score or evidence change)."""
    assessment.self_total, final = assessment_totals(assessment)
    assessment.final_total = final if is_inspected(assessment) else None
    assessment.save(update_fields=["self_total", "final_total"])
    return assessment


def level_for(criteria_set: CriteriaSet, score: Decimal | None, base: Decimal | None = None) -> str:
    """The level an inspection proposes for a final score ("" without a score or base points)."""
    if base is None:
        base, _bonus = criteria_set.points()
    if score is None or base <= 0:
        return ""
    pct = score * 100 / base
    if pct >= criteria_set.outstanding_min_pct:
        return Level.OUTSTANDING
    if pct >= criteria_set.good_min_pct:
        return Level.GOOD
    if pct >= criteria_set.completed_min_pct:
        return Level.COMPLETED
    return Level.NOT_COMPLETED


def ranks(scores: list[Decimal | None]) -> list[int | None]:
    """Competition ranking of scores, best first; None scores get no rank."""
    ordered = sorted((s for s in scores if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    return [first[s] if s is not None else None for s in scores]


def visit_score(assessment: Assessment | None) -> Decimal | None:
    """What a unit stands in the ranking with: the final total, else a submitted self total, else nothing."""
    if assessment is None:
        return None
    if assessment.final_total is not None:
        return assessment.final_total
    if assessment.state != Assessment.State.DRAFT:
        return assessment.self_total
    return None


@transaction.atomic
def plan_rank(plan: InspectionPlan) -> list[InspectionVisit]:
    """Recompute every visit's final score, rank and proposed level from its assessment; the visits, ranked."""
    visits = list(plan.visits.select_related("unit", "assessment", "assessment__criteria_set"))
    for visit in visits:
        if visit.assessment is not None:
            assessment_recompute(visit.assessment)
        visit.final_score = visit_score(visit.assessment)
    bases: dict[int, Decimal] = {}
    for visit, rank in zip(visits, ranks([v.final_score for v in visits]), strict=True):
        visit.rank = rank
        criteria_set = plan.criteria_set or (visit.assessment.criteria_set if visit.assessment else None)
        if criteria_set is None:
            visit.proposed_level = ""
        else:
            if criteria_set.pk not in bases:
                bases[criteria_set.pk] = criteria_set.points()[0]
            visit.proposed_level = level_for(criteria_set, visit.final_score, bases[criteria_set.pk])
        visit.save(update_fields=["final_score", "rank", "proposed_level"])
    return sorted(visits, key=lambda v: (v.rank is None, v.rank or 0, v.unit.path))
