"""The dashboard of a unit for a period: data first (`dashboard`), then the charts (`dashboard_charts`,
inline SVG from doanvu.documents.svg)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.documents import svg as charts
from doanvu.lib import vnnumbers
from doanvu.lib.periods import Period
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit

from . import quality, workflow

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


@dataclass
class Dashboard:
    unit: OrgUnit
    period: Period
    months: list[str] = field(default_factory=list)  # x labels
    members: list[Decimal | None] = field(default_factory=list)
    party_members: list[Decimal | None] = field(default_factory=list)
    by_area: list[tuple[str, int]] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)
    completeness: workflow.Completeness | None = None
    quality: dict[str, int] = field(default_factory=dict)


def _points(period: Period) -> list[Period]:
    today = timezone.localdate()
    months = [m for m in period.months() if m.start <= today]
    if len(months) > MAX_MONTH_POINTS:
        months = [m for m in months if m.start.month % 3 == 0] or months[-1:]
    return months


def member_series(unit: OrgUnit, period: Period) -> tuple[list[str], list, list]:
    """Members and Party members (stocks) at the end of each month of the period so far."""
    from doanvu.stats import unit_stats

    labels, members, party = [], [], []
    for month in _points(period):
        values = unit_stats(
            unit=unit, period=month, indicators=["members", "party_members"], with_children=False
        ).values
        labels.append(f"{month.start.month:02d}/{month.start.year % 100:02d}")
        members.append(values.get("members"))
        party.append(values.get("party_members"))
    return labels, members, party


def activities_by_area(unit: OrgUnit, period: Period) -> list[tuple[str, int]]:
    """Activities that count in the period (start date inside it) led or co-organised by a unit of the
    sub-tree as it stood at the period's end, each counted once, by work area in report order."""
    from doanvu.work.models import Activity, WorkArea

    ids = org_selectors.subtree_unit_ids(unit, min(period.end, timezone.localdate()))
    counts = dict(
        Activity.objects.filter(start_on__gte=period.start, start_on__lte=period.end)
        .filter(Q(unit_id__in=ids) | Q(organiser_links__unit_id__in=ids))
        .order_by()
        .values("work_area_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("work_area_id", "n")
    )
    return [(area.name, counts.get(area.pk, 0)) for area in WorkArea.objects.order_by("order", "pk")]


def target_progress(unit: OrgUnit, period: Period, values: dict | None = None) -> list[TargetProgress]:
    from doanvu.stats import unit_stats
    from doanvu.work.models import Target

    targets = list(Target.objects.filter(unit=unit, period=period.code).select_related("indicator"))
    if not targets:
        return []
    if values is None:
        codes = [t.indicator.code for t in targets]
        values = unit_stats(unit=unit, period=period, indicators=codes, with_children=False).values
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


def dashboard(*, unit: OrgUnit, period: Period, with_quality: bool = True) -> Dashboard:
    board = Dashboard(unit=unit, period=period)
    board.months, board.members, board.party_members = member_series(unit, period)
    board.by_area = activities_by_area(unit, period)
    board.targets = target_progress(unit, period)
    form = workflow.default_form(unit, period)
    if form is not None:
        board.completeness = workflow.completeness(unit=unit, form=form, period=period)
    if with_quality:
        # The same checks as the unit's data-quality page (the totals of every unit of its sub-tree and
        # their activities), so the counts match what the page lists.
        board.quality = quality.issue_counts(quality.subtree_issues(unit=unit, period=period))
    return board


def dashboard_charts(board: Dashboard) -> dict[str, str]:
    """SVG strings: members over time, activities by work area, target achievement (%)."""
    out = {
        "members": charts.line_chart(
            board.months,
            [(_("Đoàn viên"), board.members), (_("Đảng viên"), board.party_members)],
            title=_("Đoàn viên và đảng viên theo tháng"),
        ),
        "areas": charts.bar_chart(
            board.by_area, title=_("Hoạt động theo mặt công tác"), unit_label=_("cuộc")
        ),
    }
    if board.targets:
        out["targets"] = charts.bar_chart(
            [(t.name, t.achievement) for t in board.targets],
            title=_("Mức đạt chỉ tiêu (%)"),
            unit_label="%",
            colour=charts.PALETTE[2],
        )
    return out
