"""Reads for unit classification: the direct children a unit classifies for a year, with what is shown
beside each decision, and the classifications of a whole sub-tree.

Beside each child:
- its criteria score: the final score of its inspection visit of that year (a plan of a set of that year,
  the parent's own set first), else the self total of its submitted assessment of that year, else nothing;
- the level the inspection proposes (InspectionVisit.proposed_level);
- members, attendance %, members evaluated %, its members' level counts (unit_stats of the year; None
  is shown as "—"), and its report timeliness (proposals.report_timeliness).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from doanvu.accounts import scope
from doanvu.evaluation.classification.models import UnitClassification
from doanvu.evaluation.criteria.rules import vn_points
from doanvu.evaluation.inspection.models import Assessment, InspectionVisit
from doanvu.evaluation.inspection.proposals import (
    Timeliness,
    report_timeliness,
)
from doanvu.evaluation.levels import LEVEL_ORDER, Level, year_end
from doanvu.lib import periods
from doanvu.org.models import OrgUnit, UnitKind, UnitVersion
from doanvu.org.selectors import children_on, subtree_unit_ids, version_on

DATA_CODES = [
    "members",
    "meeting_attendance_pct",
    "members_evaluated_pct",
    "members_outstanding",
    "members_good",
    "members_completed",
    "members_not_completed",
]
LEVEL_CODES = {
    Level.OUTSTANDING: "members_outstanding",
    Level.GOOD: "members_good",
    Level.COMPLETED: "members_completed",
    Level.NOT_COMPLETED: "members_not_completed",
}


def default_year(today: datetime.date | None = None) -> int:
    """The year-end review runs from late in the year into the next: before July, last year."""
    today = today or timezone.localdate()
    return today.year if today.month >= 7 else today.year - 1


def parent_on(unit: OrgUnit, year: int) -> OrgUnit | None:
    """The unit directly above `unit` as the tree stood at the year's end (None: a root, or closed then)."""
    version = version_on(unit, year_end(year))
    if version is None or version.parent_id is None:
        return None
    return OrgUnit.objects.select_related("kind").get(pk=version.parent_id)


def may_decide(user, unit: OrgUnit) -> bool:
    """An editor strictly above the unit (or a site admin) classifies it."""
    return scope.can_restructure(user, unit)


def children_to_classify(parent: OrgUnit, year: int) -> list[OrgUnit]:
    """The units directly under `parent` at the year's end."""
    ids = [version.unit_id for version in children_on(parent, year_end(year))]
    return list(OrgUnit.objects.filter(pk__in=ids).select_related("kind").order_by("path"))


@dataclass
class Score:
    value: Decimal | None = None
    source: str = ""  # "inspection", "self" or ""
    assessment: Assessment | None = None
    proposed_level: str = ""

    @property
    def value_label(self) -> str:
        return vn_points(self.value) if self.value is not None else "—"

    @property
    def proposed_level_label(self) -> str:
        return str(Level(self.proposed_level).label) if self.proposed_level else ""

    @property
    def source_label(self) -> str:
        return {"inspection": "điểm kiểm tra", "self": "điểm tự chấm"}.get(self.source, "")


def criteria_scores(units: list[OrgUnit], year: int, parent: OrgUnit | None = None) -> dict[int, Score]:
    """The criteria score of each unit for `year` (see the module docstring); two queries for all units."""
    ids = [u.pk for u in units]
    parent_id = parent.pk if parent else None
    out = {pk: Score() for pk in ids}
    visits = (
        InspectionVisit.objects.filter(unit_id__in=ids, final_score__isnull=False)
        .filter(Q(plan__criteria_set__year=year) | Q(assessment__criteria_set__year=year))
        .select_related("plan", "assessment")
        .order_by("-plan__issued_on", "-pk")
    )
    for visit in sorted(visits, key=lambda v: v.plan.issuer_id != parent_id):
        score = out[visit.unit_id]
        if score.source:
            continue
        score.value, score.source, score.assessment = visit.final_score, "inspection", visit.assessment
        score.proposed_level = visit.proposed_level
    assessments = (
        Assessment.objects.filter(unit_id__in=ids, criteria_set__year=year)
        .exclude(state=Assessment.State.DRAFT)
        .select_related("criteria_set")
        .order_by("-submitted_at", "-pk")
    )
    for found in sorted(assessments, key=lambda a: a.criteria_set.issuer_id != parent_id):
        score = out[found.unit_id]
        if score.source:
            continue
        score.value, score.source, score.assessment = found.self_total, "self", found
    return out


@dataclass
class Row:
    unit: OrgUnit
    classification: UnitClassification | None
    score: Score
    values: dict[str, Decimal | None]
    timeliness: Timeliness
    can_decide: bool = False

    @property
    def level_counts(self) -> list[tuple[str, Decimal | None]]:
        return [(level, self.values.get(code)) for level, code in LEVEL_CODES.items()]


def _stats_by_child(parent: OrgUnit, year: int) -> dict[int, dict]:
    from doanvu.stats import unit_stats

    stats = unit_stats(unit=parent, period=periods.parse(str(year)), indicators=DATA_CODES)
    return {child.unit.pk: child.values for child in stats.children}


def classification_rows(*, parent: OrgUnit, year: int, user) -> list[Row]:
    """Each direct child of `parent` at the year's end with its classification and what is shown beside."""
    children = children_to_classify(parent, year)
    if not children:
        return []
    existing = {
        c.unit_id: c
        for c in UnitClassification.objects.filter(year=year, unit__in=children).select_related(
            "decided_by_unit", "decided_by"
        )
    }
    scores = criteria_scores(children, year, parent)
    values = _stats_by_child(parent, year)
    return [
        Row(
            unit=child,
            classification=existing.get(child.pk),
            score=scores[child.pk],
            values={code: values.get(child.pk, {}).get(code) for code in DATA_CODES},
            timeliness=report_timeliness(unit=child, year=year),
            can_decide=may_decide(user, child),
        )
        for child in children
    ]


def unit_classifications(unit: OrgUnit) -> list[UnitClassification]:
    """The unit's classification of every year, latest first."""
    return list(unit.classifications.select_related("decided_by_unit", "decided_by").order_by("-year"))


def classification_history(classification: UnitClassification) -> list:
    """Each change of one classification, latest first (who, when, which level)."""
    return list(
        classification.history.select_related("history_user").order_by("-history_date", "-history_id")
    )


# --- a sub-tree ------------------------------------------------------------------------------------------


@dataclass
class KindCounts:
    kind: UnitKind
    total: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {level: 0 for level in LEVEL_ORDER})

    @property
    def classified(self) -> int:
        return sum(self.levels.values())

    @property
    def unclassified(self) -> int:
        return max(self.total - self.classified, 0)

    @property
    def level_list(self) -> list[tuple[str, int]]:
        return [(level, self.levels[level]) for level in LEVEL_ORDER]


def classification_summary(*, unit: OrgUnit, year: int) -> list[KindCounts]:
    """Per kind of unit (as it stood at the year's end), the units under `unit` then and how many were
    classified at each level for `year`. Two grouped queries whatever the size of the sub-tree."""
    day = year_end(year)
    top = version_on(unit, day)
    if top is None:
        return []
    under = UnitVersion.objects.filter(UnitVersion.valid_on_q(day), lineage__startswith=top.lineage).exclude(
        unit_id=unit.pk
    )
    kinds = {k.pk: k for k in UnitKind.objects.all()}
    out: dict[int, KindCounts] = {}
    for row in under.order_by().values("kind_id").annotate(n=Count("id")):
        out[row["kind_id"]] = KindCounts(kind=kinds[row["kind_id"]], total=row["n"])
    classified = (
        under.filter(unit__classifications__year=year)
        .order_by()
        .values("kind_id", "unit__classifications__level")
        .annotate(n=Count("id"))
    )
    for row in classified:
        counts = out.setdefault(row["kind_id"], KindCounts(kind=kinds[row["kind_id"]]))
        counts.levels[row["unit__classifications__level"]] += row["n"]
    return sorted(out.values(), key=lambda c: (c.kind.rank, c.kind.name))


def subtree_classifications(*, unit: OrgUnit, year: int, level: str = "", kind: str = ""):
    """The classifications of `year` of the units under `unit` (the sub-tree at the year's end)."""
    found = (
        UnitClassification.objects.filter(year=year, unit_id__in=subtree_unit_ids(unit, year_end(year)))
        .exclude(unit=unit)
        .select_related("unit", "unit__kind", "decided_by_unit")
        .order_by("unit__path")
    )
    if level:
        found = found.filter(level=level)
    if kind:
        found = found.filter(unit__kind__code=kind)
    return found
