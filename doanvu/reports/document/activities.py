"""The activities of a sub-tree in a period, by work area: what each chapter of the report is written from.

An activity counts under a unit when one of its organisers (the lead unit has an organiser row too) stood
under the unit on the activity's start date — the tree as it stood then (org.UnitVersion) — and it counts
once however many of its organisers are there. One query, whatever the number of activities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.db import connections, router
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit, UnitVersion
from doanvu.work.models import Activity, ActivityFigure, ActivityOrganiser, Indicator, Movement

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


def _under_sql(unit: OrgUnit, period: Period) -> tuple[str, list] | None:
    """SQL of the ids of the activities `activities_under` gives (some may start outside the period:
    the caller keeps the period's), or None when the unit had no version in the period."""
    spans = list(
        UnitVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=period.start),
            unit=unit,
            valid_from__lte=period.end,
        ).values_list("valid_from", "valid_to", "lineage")
    )
    if not spans:
        return None
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
    return sql, [period.start, period.end, *ever_params, period.end, period.start, *then_params]


def activities_under(unit: OrgUnit, period: Period) -> QuerySet[Activity]:
    """The activities of `unit`'s sub-tree (as it stood on each activity's date) that start in `period`.

    Bounded by the sub-tree: the organisers are looked up among the units that lay under the unit at some
    time in the period (a prefix scan of the versions' lineage, then the organisers' unit index), and only
    theirs are tested against the tree of the activity's date, whatever the number of activities in the
    country."""
    under = _under_sql(unit, period)
    if under is None:
        return Activity.objects.none()
    return Activity.objects.filter(
        pk__in=RawSQL(*under), start_on__gte=period.start, start_on__lte=period.end
    )


def _decimal(value) -> Decimal | None:
    """A figures' sum as the ORM gives it (SQLite hands back a float; PostgreSQL a Decimal already)."""
    if value is None or isinstance(value, Decimal):
        return value
    places = ActivityFigure._meta.get_field("value").decimal_places
    return Context(prec=15).create_decimal_from_float(float(value)).quantize(Decimal(1).scaleb(-places))


def activities_by_area(unit: OrgUnit, period: Period) -> dict[int, AreaActivities]:
    """work area id → the area's activities in the period: count, summed figures, movements, highlights.

    One query: the sub-tree's activities are found once (a common table expression) and counted, summed,
    grouped by movement and ranked by attendance from there, each part a kind of row."""
    under = _under_sql(unit, period)
    if under is None:
        return {}
    ids_sql, params = under
    figure, indicator, movement = (
        ActivityFigure._meta.db_table,
        Indicator._meta.db_table,
        Movement._meta.db_table,
    )
    codes = ", ".join("%s" for _code in ACTIVITY_FIGURES)
    participations = (
        f"(SELECT f.value FROM {figure} f JOIN {indicator} i ON i.id = f.indicator_id "
        f"WHERE f.activity_id = x.pk AND i.code = %s)"
    )
    # part: "n" count of an area, "f" a figure's sum (and how many activities state it), "m" a movement's
    # activities, "t" a title by its rank. `sort` orders each part as it is read below.
    sql = (
        f"WITH acts AS (SELECT a.id AS pk, a.work_area_id, a.movement_id, a.title, a.start_on "
        f"FROM {Activity._meta.db_table} a WHERE a.id IN ({ids_sql}) AND a.start_on >= %s AND a.start_on <= %s) "
        f"SELECT * FROM ("
        f"SELECT 'n' AS part, x.work_area_id AS area, '' AS name, COUNT(*) AS n, NULL AS total, 0 AS sort "
        f"FROM acts x GROUP BY x.work_area_id "
        f"UNION ALL SELECT 'f', x.work_area_id, i.code, COUNT(f.id), SUM(f.value), 0 FROM {figure} f "
        f"JOIN acts x ON x.pk = f.activity_id JOIN {indicator} i ON i.id = f.indicator_id "
        f"WHERE i.code IN ({codes}) GROUP BY x.work_area_id, i.code "
        f"UNION ALL SELECT 'm', x.work_area_id, mv.name, COUNT(*), NULL, -COUNT(*) FROM acts x "
        f"JOIN {movement} mv ON mv.id = x.movement_id GROUP BY x.work_area_id, mv.name "
        f"UNION ALL SELECT 't', r.work_area_id, r.title, r.rank, NULL, r.rank FROM ("
        f"SELECT y.work_area_id, y.title, ROW_NUMBER() OVER (PARTITION BY y.work_area_id "
        f"ORDER BY y.p DESC NULLS LAST, y.start_on ASC, y.pk ASC) AS rank "
        f"FROM (SELECT x.*, {participations} AS p FROM acts x) y) r WHERE r.rank <= %s"
        f") u ORDER BY u.part, u.area, u.sort, u.name"
    )
    with connections[router.db_for_read(Activity)].cursor() as cursor:
        cursor.execute(
            sql,
            [*params, period.start, period.end, *ACTIVITY_FIGURES, "participations", HIGHLIGHTS_PER_AREA * 5],
        )
        rows = cursor.fetchall()
    out: dict[int, AreaActivities] = defaultdict(AreaActivities)
    titles: dict[int, list[str]] = defaultdict(list)
    for part, area_id, _name, n, _total, _sort in rows:
        if part == "n":
            out[area_id].count = n
    if not out:
        return {}
    for part, area_id, name, n, total, _sort in rows:
        if part == "f":
            area = out[area_id]
            area.figures[name] = _decimal(total)
            if name == "activities":
                area.with_sessions = n
        elif part == "m":
            area = out[area_id]
            if len(area.movements) < MOVEMENTS_PER_AREA:
                area.movements.append((name, n))
        elif part == "t":
            titles[area_id].append(name)
    for area_id, area in out.items():
        # Branches often repeat a title ("Tuyên truyền Nghị quyết…"), or say it again in other words: name
        # each activity once, the most attended first.
        area.highlights = distinct(titles.get(area_id, []), HIGHLIGHTS_PER_AREA)
    return dict(out)
