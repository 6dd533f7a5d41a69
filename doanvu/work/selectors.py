"""Reads of work records: the indicators and movements a unit may use, the activities of a sub-tree, one
activity as the user may see it and the units that organised it, the direct-value grid of a unit and
period, and the targets handed to the units under one. (A unit's targets with their progress are figures:
doanvu.stats.targets.)

An activity belongs to every unit that organised it: it shows in the list of any unit one of its organisers
lies under, once however many of them do (one EXISTS over the organiser rows, no join that would repeat it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.org.models import OrgUnit
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    DirectValue,
    Indicator,
    Movement,
    Target,
    WorkArea,
)

__all__ = [
    "activity_get",
    "activity_list",
    "activity_visible",
    "direct_value_grid",
    "indicator_catalogue",
    "indicators_available",
    "movement_catalogue",
    "movements_available",
    "organiser_units",
]


def ancestors_q(unit: OrgUnit, field: str = "owner_unit") -> Q:
    """Q for objects owned nationally (no owner) or by `unit` or a unit above it (today's tree)."""
    steplen = OrgUnit.steplen
    paths = [unit.path[:n] for n in range(steplen, len(unit.path) + 1, steplen)]
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__path__in": paths})


def indicators_available(unit: OrgUnit) -> QuerySet[Indicator]:
    """The active indicators `unit` may use: the national catalogue and those of the unit and units above."""
    return Indicator.objects.filter(ancestors_q(unit), is_active=True).select_related("work_area")


def movements_available(unit: OrgUnit) -> QuerySet[Movement]:
    return Movement.objects.filter(ancestors_q(unit), is_active=True)


def _period(period: periods.Period | str | None) -> periods.Period | None:
    if period is None or isinstance(period, periods.Period):
        return period
    return periods.parse(period) if period else None


def _organised_under(unit: OrgUnit) -> Q:
    # The lead unit has an organiser row too (services.activities); the first test is a cheap safeguard for
    # activities written by other means.
    return unit.subtree_q("unit__") | Q(
        Exists(ActivityOrganiser.objects.filter(unit.subtree_q("unit__"), activity=OuterRef("pk")))
    )


def _with_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("unit", "work_area", "movement").prefetch_related(
        Prefetch(
            "figures",
            queryset=ActivityFigure.objects.select_related("indicator").order_by(
                "indicator__order", "indicator__code"
            ),
        ),
        Prefetch(
            "organiser_links",
            queryset=ActivityOrganiser.objects.select_related("unit").order_by("unit__path"),
        ),
    )


def activity_list(
    *,
    user,
    unit: OrgUnit | None,
    period: periods.Period | str | None = None,
    work_area: WorkArea | str | None = None,
    movement: Movement | str | None = None,
    q: str | None = None,
) -> QuerySet[Activity]:
    """Activities organised by `unit` or any unit under it (or, with unit=None, anywhere in the user's
    scope), newest first; each once. An activity counts in the period containing its start date."""
    activities = Activity.objects.all()
    if unit is not None:
        scope.check(user, unit)
        activities = activities.filter(_organised_under(unit))
    elif not scope.is_site_admin(user):
        root = scope.scope_root(user)
        if root is None:
            return Activity.objects.none()
        activities = activities.filter(_organised_under(root))
    p = _period(period)
    if p is not None:
        activities = activities.filter(start_on__gte=p.start, start_on__lte=p.end)
    if work_area:
        activities = activities.filter(
            **{"work_area__code" if isinstance(work_area, str) else "work_area": work_area}
        )
    if movement:
        activities = activities.filter(
            **{"movement__code" if isinstance(movement, str) else "movement": movement}
        )
    if q and q.strip():
        words = q.strip()
        activities = activities.filter(Q(title__icontains=words) | Q(place__icontains=words))
    return _with_details(activities).order_by("-start_on", "-id")


def activity_visible(user, activity: Activity) -> bool:
    if scope.is_site_admin(user):
        return True
    root = scope.scope_root(user)
    if root is None:
        return False
    return activity.unit.is_at_or_below(root) or any(
        link.unit.is_at_or_below(root) for link in activity.organiser_links.all()
    )


def organiser_units(activity: Activity) -> list[OrgUnit]:
    """The units that organised `activity`, the lead included, in tree order."""
    return list(OrgUnit.objects.filter(organised_activities__activity=activity).order_by("path"))


def activity_get(*, user, pk, role: str = scope.VIEW) -> Activity:
    """One activity the user may see (an organiser in their scope; else 404); to change it, the role on its
    lead unit (else 403)."""
    try:
        activity = _with_details(Activity.objects.all()).prefetch_related("attachments").get(pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not activity_visible(user, activity):
        raise Http404
    if role != scope.VIEW and not scope.has_role(user, activity.unit, role):
        raise PermissionDenied
    return activity


@dataclass
class GridRow:
    indicator: Indicator
    value: Decimal | None
    note: str


def direct_value_grid(*, unit: OrgUnit, period: periods.Period | str) -> list[GridRow]:
    """The direct-source indicators `unit` may enter for `period`, with the value entered, if any."""
    p = _period(period)
    entered = {row.indicator_id: row for row in DirectValue.objects.filter(unit=unit, period=p.code)}
    rows = []
    for indicator in indicators_available(unit).filter(source=Indicator.Source.DIRECT):
        row = entered.get(indicator.pk)
        rows.append(GridRow(indicator, row.value if row else None, row.note if row else ""))
    return rows


def indicator_catalogue(*, unit: OrgUnit | None) -> list[tuple[WorkArea | None, list[Indicator]]]:
    """The indicators `unit` may use (national, then its own and those of units above), by work area in
    report order; those without a work area (activity figures used in every area) first."""
    indicators = (
        indicators_available(unit) if unit is not None else Indicator.objects.filter(owner_unit__isnull=True)
    )
    indicators = indicators.select_related("work_area", "owner_unit", "numerator", "denominator")
    groups: dict[int | None, list[Indicator]] = {}
    for indicator in indicators.order_by("work_area__order", "order", "code"):
        groups.setdefault(indicator.work_area_id, []).append(indicator)
    areas = {a.pk: a for a in WorkArea.objects.all()}
    out: list[tuple[WorkArea | None, list[Indicator]]] = []
    if None in groups:
        out.append((None, groups.pop(None)))
    out.extend((areas[pk], rows) for pk, rows in sorted(groups.items(), key=lambda kv: areas[kv[0]].order))
    return out


def movement_catalogue(*, unit: OrgUnit | None) -> QuerySet[Movement]:
    movements = (
        movements_available(unit) if unit is not None else Movement.objects.filter(owner_unit__isnull=True)
    )
    return movements.select_related("work_area", "owner_unit").order_by("work_area__order", "name")


def activity_indicators(*, unit: OrgUnit, work_area: WorkArea | str | None = None) -> list[Indicator]:
    """The indicators an activity of `unit` can record: those of the chosen work area first, then those
    used in every area (sessions, participations, money, gifts), then the rest."""
    code = work_area.code if isinstance(work_area, WorkArea) else (work_area or "")
    indicators = list(indicators_available(unit).filter(source=Indicator.Source.ACTIVITY))

    def rank(indicator: Indicator) -> tuple[int, int, int, str]:
        area = indicator.work_area
        first = 0 if (code and area is not None and area.code == code) else 1 if area is None else 2
        return (first, area.order if area else 0, indicator.order, indicator.code)

    return sorted(indicators, key=rank)


def child_targets(*, unit: OrgUnit, period: periods.Period | str) -> list[tuple[OrgUnit, list[Target]]]:
    """The units directly under `unit` (today's tree, active ones) with their targets for `period`."""
    p = _period(period)
    children = [c for c in OrgUnit.objects.get_children(unit).order_by("path") if c.is_active]
    targets: dict[int, list[Target]] = {}
    for t in (
        Target.objects.filter(unit__in=children, period=p.code)
        .select_related("indicator", "set_by_unit")
        .order_by("indicator__work_area__order", "indicator__order")
    ):
        targets.setdefault(t.unit_id, []).append(t)
    return [(child, targets.get(child.pk, [])) for child in children]
