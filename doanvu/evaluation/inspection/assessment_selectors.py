"""Reads of self-assessments: the criteria tree with scores and evidence, what is missing, records to cite."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from doanvu.accounts import scope
from doanvu.evaluation.criteria.models import Condition, Content, CriteriaSet, Criterion
from doanvu.evaluation.inspection.models import Assessment, ConditionScore, Evidence
from doanvu.evaluation.inspection.scoring import (
    condition_final,
    has_valid_evidence,
)
from doanvu.lib import periods
from doanvu.reports.models import Report
from doanvu.work.models import Activity

ZERO = Decimal(0)


def submitted_late(assessment: Assessment) -> bool:
    """Submitted after the set's deadline (accepted, and shown as late)."""
    deadline = assessment.criteria_set.self_assessment_deadline
    if assessment.submitted_at is None or deadline is None:
        return False
    return timezone.localdate(assessment.submitted_at) > deadline


def missing_evidence(assessment: Assessment) -> list[Condition]:
    """Conditions whose evidence is mandatory and that have no evidence (rejected evidence does not count)."""
    valid = set(
        assessment.evidence.exclude(status=Evidence.Status.REJECTED).values_list("condition_id", flat=True)
    )
    conditions = assessment.criteria_set.conditions().filter(evidence_mandatory=True)
    ordered = conditions.order_by("content__criterion__order", "content__order", "order", "id")
    return [c for c in ordered if c.pk not in valid]


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def activity_choices(assessment: Assessment) -> QuerySet[Activity]:
    """The unit's activities (led or co-organised) that started in the set's year."""
    first, last = _year_range(assessment.criteria_set.year)
    unit = assessment.unit
    return (
        Activity.objects.filter(Q(unit=unit) | Q(organiser_links__unit=unit), start_on__range=(first, last))
        .distinct()
        .order_by("-start_on", "-id")
    )


def report_in_year(report: Report, year: int) -> bool:
    try:
        period = periods.parse(report.period)
    except periods.PeriodError:
        return False
    first, last = _year_range(year)
    return period.start <= last and period.end >= first


def report_choices(assessment: Assessment) -> list[Report]:
    """The unit's reports for periods in the set's year."""
    year = assessment.criteria_set.year
    reports = Report.objects.filter(unit=assessment.unit).order_by("period")
    return [r for r in reports if report_in_year(r, year)]


def report_label(report: Report) -> str:
    try:
        label = periods.parse(report.period).label
    except periods.PeriodError:
        label = report.period
    number = f" số {report.number}" if report.number else ""
    return f"Báo cáo {label}{number}"


@dataclass
class ConditionRow:
    condition: Condition
    score: ConditionScore
    evidence: list[Evidence]
    final: Decimal
    lost_to_evidence: bool  # mandatory evidence missing or all rejected: the condition scores 0

    def grade_options(self, field: str = "self_points") -> list[tuple[str, str, bool]]:
        """(value, text, chosen) per grade, best first, then 0 unless a grade is 0 already."""
        current = getattr(self.score, field)
        options = []
        for grade in self.condition.grades:
            value = Decimal(str(grade["points"]))
            options.append(
                (plain(value), str(grade.get("text", "")), current is not None and current == value)
            )
        if not any(Decimal(v) == 0 for v, _t, _c in options):
            options.append(("0", "", current is not None and current == 0))
        return options

    @property
    def unscored(self) -> bool:
        """No self-assessment score chosen yet for a condition that counts (a bonus one may stay empty)."""
        return self.score.self_points is None and not self.condition.is_bonus

    @property
    def self_options(self) -> list[tuple[str, str, bool]]:
        return self.grade_options("self_points")

    @property
    def inspector_options(self) -> list[tuple[str, str, bool]]:
        return self.grade_options("inspector_points")


def plain(value: Decimal) -> str:
    """8.00 → "8", 7.50 → "7.5": a value for a form field."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class ContentRow:
    content: Content
    conditions: list[ConditionRow] = field(default_factory=list)


@dataclass
class CriterionRow:
    criterion: Criterion
    contents: list[ContentRow] = field(default_factory=list)
    max_points: Decimal = ZERO
    self_points: Decimal = ZERO
    final_points: Decimal = ZERO


def assessment_tree(assessment: Assessment) -> list[CriterionRow]:
    """criteria → contents → conditions, each condition with its score row and evidence."""
    scores = {s.condition_id: s for s in assessment.scores.all()}
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in assessment.evidence.select_related("activity", "report", "reviewed_by").order_by(
        "uploaded_at", "id"
    ):
        evidence[item.condition_id].append(item)
    criteria = (
        Criterion.objects.filter(criteria_set=assessment.criteria_set)
        .prefetch_related("contents__conditions")
        .order_by("order", "id")
    )
    out = []
    for criterion in criteria:
        row = CriterionRow(criterion)
        for content in criterion.contents.all():
            content_row = ContentRow(content)
            for condition in content.conditions.all():
                score = scores.get(condition.pk) or ConditionScore(assessment=assessment, condition=condition)
                items = evidence[condition.pk]
                statuses = [e.status for e in items]
                final = condition_final(score, statuses, condition.evidence_mandatory)
                lost = condition.evidence_mandatory and not has_valid_evidence(statuses)
                content_row.conditions.append(ConditionRow(condition, score, items, final, lost))
                if not condition.is_bonus:
                    row.max_points += condition.max_points
                row.self_points += score.self_points or ZERO
                row.final_points += final
            row.contents.append(content_row)
        out.append(row)
    return out


def unscored_conditions(rows: list[CriterionRow]) -> list[ConditionRow]:
    """The conditions of the tree still without a self-assessment score, in the page's order."""
    return [c for r in rows for content in r.contents for c in content.conditions if c.unscored]


def assessments_for_set(user, criteria_set: CriteriaSet) -> QuerySet[Assessment]:
    """The set's assessments the user may see."""
    queryset = Assessment.objects.filter(criteria_set=criteria_set).select_related("unit", "criteria_set")
    return scope.scope_filter(user, queryset).order_by("unit__path")


def sets_for_unit(unit) -> QuerySet[CriteriaSet]:
    """Issued (or closed) sets that apply to the unit, newest first."""
    return (
        CriteriaSet.objects.filter(units=unit)
        .exclude(state=CriteriaSet.State.DRAFT)
        .select_related("issuer")
        .order_by("-year", "id")
    )
