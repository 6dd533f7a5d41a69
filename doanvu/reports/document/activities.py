"""The activities of a sub-tree in a period, by work area: what each chapter of the report is written from.

An activity counts under a unit when one of its organisers (the lead unit has an organiser row too) stood
under the unit on the activity's start date — the tree as it stood then (org.UnitVersion) — and it counts
once however many of its organisers are there. A few grouped queries, whatever the number of activities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit, UnitVersion
from doanvu.work.models import Activity, ActivityFigure, ActivityOrganiser

from .prose.sentences import distinct

# The figures recorded on activities that are written per chapter (they belong to no single work area).
ACTIVITY_FIGURES = ("activities", "participations", "funds_vnd", "gifts", "gifts_value_vnd")
HIGHLIGHTS_PER_AREA = 3
MOVEMENTS_PER_AREA = 5


@dataclass
class AreaActivities:
    count: int = 0  # activity records
    figures: dict[str, Decimal] = field(default_factory=dict)  # indicator code → sum
    with_sessions: int = 0  # records that state their number of sessions (figure `activities`)
    movements: list[tuple[str, int]] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)

    @property
    def sessions(self) -> Decimal | None:
        """ "cuộc", as doanvu.stats counts them: the figure `activities` when an activity states it,
        else 1 per activity."""
        return self.figures.get("activities", Decimal(0)) + (self.count - self.with_sessions)


def activities_under(unit: OrgUnit, period: Period) -> QuerySet[Activity]:
    """The activities of `unit`'s sub-tree (as it stood on each activity's date) that start in `period`.

    Bounded by the sub-tree: the organisers are looked up among the units that lay under the unit at some
    time in the period (a prefix scan of the versions' lineage, then the organisers' unit index), and only
    theirs are tested against the tree of the activity's date, whatever the number of activities in the
    country."""
    spans = list(
        UnitVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=period.start),
            unit=unit,
            valid_from__lte=period.end,
        ).values_list("valid_from", "valid_to", "lineage")
    )
    if not spans:
        return Activity.objects.none()
    versions, organisers, activities = (
        UnitVersion._meta.db_table,
        ActivityOrganiser._meta.db_table,
        Activity._meta.db_table,
    )
    ever = " OR ".join("uv.lineage LIKE %s" for _span in spans)
    ever_params = [lineage + "%" for _from, _to, lineage in spans]
    then, then_params = [], []
    for valid_from, valid_to, lineage in spans:
        until = "" if valid_to is None else " AND a.start_on < %s"
        then.append(f"(a.start_on >= %s{until} AND v.lineage LIKE %s)")
        then_params += [valid_from, *([valid_to] if valid_to is not None else []), lineage + "%"]
    sql = (
        f"SELECT o.activity_id FROM {organisers} o JOIN {activities} a ON a.id = o.activity_id "
        f"JOIN {versions} v ON v.unit_id = o.unit_id AND v.valid_from <= a.start_on "
        f"AND (v.valid_to IS NULL OR v.valid_to > a.start_on) "
        f"WHERE a.start_on >= %s AND a.start_on <= %s AND o.unit_id IN (SELECT uv.unit_id FROM {versions} uv "
        f"WHERE ({ever}) AND uv.valid_from <= %s AND (uv.valid_to IS NULL OR uv.valid_to > %s)) "
        f"AND ({' OR '.join(then)})"
    )
    params = [period.start, period.end, *ever_params, period.end, period.start, *then_params]
    return Activity.objects.filter(
        pk__in=RawSQL(sql, params), start_on__gte=period.start, start_on__lte=period.end
    )


def activities_by_area(unit: OrgUnit, period: Period) -> dict[int, AreaActivities]:
    """work area id → the area's activities in the period: count, summed figures, movements, highlights."""
    activities = activities_under(unit, period)
    out: dict[int, AreaActivities] = defaultdict(AreaActivities)
    for row in activities.order_by().values("work_area_id").annotate(n=Count("pk")):
        out[row["work_area_id"]].count = row["n"]
    if not out:
        return {}
    figures = (
        ActivityFigure.objects.filter(
            activity__in=activities.values("pk"), indicator__code__in=ACTIVITY_FIGURES
        )
        .order_by()
        .values("activity__work_area_id", "indicator__code")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    for row in figures:
        area = out[row["activity__work_area_id"]]
        area.figures[row["indicator__code"]] = row["total"]
        if row["indicator__code"] == "activities":
            area.with_sessions = row["n"]
    movements = (
        activities.filter(movement__isnull=False)
        .order_by()
        .values("work_area_id", "movement__name")
        .annotate(n=Count("pk"))
        .order_by("work_area_id", "-n", "movement__name")
    )
    for row in movements:
        area = out[row["work_area_id"]]
        if len(area.movements) < MOVEMENTS_PER_AREA:
            area.movements.append((row["movement__name"], row["n"]))
    # The most attended activities of each area, in one query (ranked within each area).
    participations = ActivityFigure.objects.filter(activity=OuterRef("pk"), indicator__code="participations")
    ranked = (
        activities.annotate(p=Subquery(participations.values("value")[:1]))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("work_area_id")],
                order_by=[F("p").desc(nulls_last=True), F("start_on").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=HIGHLIGHTS_PER_AREA * 5)
        .order_by("work_area_id", "rank")
        .values_list("work_area_id", "title")
    )
    titles: dict[int, list[str]] = defaultdict(list)
    for area_id, title in ranked:
        titles[area_id].append(title)
    for area_id, area in out.items():
        # Branches often repeat a title ("Tuyên truyền Nghị quyết…"), or say it again in other words: name
        # each activity once, the most attended first.
        area.highlights = distinct(titles.get(area_id, []), HIGHLIGHTS_PER_AREA)
    return dict(out)
