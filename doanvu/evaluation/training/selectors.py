"""Reads of the member training programme: a branch's registration list for a year, and the progress of the
branches under a unit. A fixed number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from doanvu.evaluation.members.selectors import (
    branches_under,
    sheet_members,
)
from doanvu.evaluation.training.models import TrainingRegistration, TrainingResult
from doanvu.members.models import COUNTED_STATUSES, Member
from doanvu.org.models import OrgUnit


@dataclass
class TrainingRow:
    member: Member
    registration: TrainingRegistration | None


def training_rows(*, unit: OrgUnit, year: int) -> list[TrainingRow]:
    """Every member of `unit`'s sheet for `year`, with their registration (None: not registered)."""
    members = list(sheet_members(unit=unit, year=year))
    registrations = {
        r.member_id: r
        for r in TrainingRegistration.objects.filter(
            year=year, member__in=[m.pk for m in members]
        ).select_related("evaluated_by")
    }
    return [TrainingRow(member=m, registration=registrations.get(m.pk)) for m in members]


@dataclass
class TrainingProgress:
    unit: OrgUnit
    members: int = 0
    registered: int = 0
    evaluated: int = 0
    results: dict[str, int] = field(default_factory=dict)

    @property
    def result_counts(self) -> list[tuple[str, int]]:
        """(label, count) in the order of the results, best first."""
        return [(str(label), self.results.get(value, 0)) for value, label in TrainingResult.choices]


def training_progress(*, unit: OrgUnit, year: int) -> list[TrainingProgress]:
    """Per branch under `unit`: members counted now, registrations of the year, results by kind."""
    members = dict(
        Member.objects.filter(unit.subtree_q("unit__"), status__in=COUNTED_STATUSES)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    counts = {
        row["unit_id"]: row
        for row in TrainingRegistration.objects.filter(unit.subtree_q("unit__"), year=year)
        .values("unit_id")
        .annotate(
            registered=Count("pk"),
            evaluated=Count("pk", filter=~Q(result="")),
            **{f"r_{value}": Count("pk", filter=Q(result=value)) for value in TrainingResult.values},
        )
    }
    out = []
    for branch in branches_under(unit):
        row = counts.get(branch.pk, {})
        out.append(
            TrainingProgress(
                unit=branch,
                members=members.get(branch.pk, 0),
                registered=row.get("registered", 0),
                evaluated=row.get("evaluated", 0),
                results={value: row.get(f"r_{value}", 0) for value in TrainingResult.values},
            )
        )
    return out
