"""The series a unit's period is drawn with: members and Party members at the end of each month, activities
by work area, the achievement of each target. Reads only. The dashboard (dashboard.py) draws all three; the
work report draws the members' too (document/charts.py), so the two show the same line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from doanvu import stats
from doanvu.lib import vnnumbers
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit
from doanvu.work.models import Target

from .document.activities import area_sessions, work_areas

# Beyond this many months (a term of office), the member line shows quarter ends only.
MAX_MONTH_POINTS = 24


@dataclass
class TargetProgress:
    code: str
    name: str
    unit_label: str
    target: Decimal
    value: Decimal | None
    achievement: Decimal | None  # percent

    @property
    def bar(self) -> int:
        """The progress bar's fill, capped at 100."""
        return int(min(self.achievement or 0, Decimal(100)))


def _points(period: Period) -> list[Period]:
    today = timezone.localdate()
    months = [m for m in period.months() if m.start <= today]
    if len(months) > MAX_MONTH_POINTS:
        months = [m for m in months if m.start.month % 3 == 0] or months[-1:]
    return months


def member_series(unit: OrgUnit, period: Period) -> tuple[list[str], list, list]:
    """Members and Party members (stocks) at the end of each month of the period so far."""
    labels, members, party = [], [], []
    points = _points(period)
    if not points:
        return labels, members, party
    # Every month from the first point, read at once; the points are some of them (quarters in a term).
    months = [m for m in period.months() if points[0].start <= m.start <= points[-1].start]
    by_month = dict(
        zip(
            months,
            stats.stock_series(unit=unit, months=months, indicators=["members", "party_members"]),
            strict=True,
        )
    )
    for month in points:
        values = by_month[month]
        labels.append(f"{month.start.month:02d}/{month.start.year % 100:02d}")
        members.append(values.get("members"))
        party.append(values.get("party_members"))
    return labels, members, party


def activities_by_area(unit: OrgUnit, period: Period) -> list[tuple[str, Decimal]]:
    """The sessions ("cuộc") of the activities that count in the period (start date inside it), led or
    co-organised by a unit of the sub-tree as it stood on their date, each activity counted once, by work
    area in report order: the numbers of the report's chapters and of its chart."""
    sessions = area_sessions(unit, period)
    return [(area.name, sessions.get(area.pk, Decimal(0))) for area in work_areas()]


def target_progress(unit: OrgUnit, period: Period, values: dict | None = None) -> list[TargetProgress]:
    targets = list(Target.objects.filter(unit=unit, period=period.code).select_related("indicator"))
    if not targets:
        return []
    if values is None:
        codes = [t.indicator.code for t in targets]
        values = stats.unit_stats(unit=unit, period=period, indicators=codes, with_children=False).values
    out = []
    for target in sorted(targets, key=lambda t: (t.indicator.order, t.indicator.code)):
        value = values.get(target.indicator.code)
        out.append(
            TargetProgress(
                code=target.indicator.code,
                name=target.indicator.name,
                unit_label=target.indicator.unit_label,
                target=target.value,
                value=value,
                achievement=vnnumbers.achievement(value or 0, target.value),
            )
        )
    return out
