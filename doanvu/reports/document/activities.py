"""The activities of a sub-tree in a period, by work area: what each chapter of the report is written from.

An activity counts under a unit when one of its organisers (the lead unit has an organiser row too) stood
under the unit on the activity's start date — the tree as it stood then (org.UnitVersion), the units merged
into the unit included (stats.frame) — and it counts once however many of its organisers are there.

The counts, figures and movements are read from the rollups (doanvu.stats.rollup_areas) when they answer the
unit's period; otherwise, and as the reference the property tests hold the rollups to, they are summed from
the records in one query, bounded by the sub-tree's units. The highlights are looked for near the unit first
(docs/domain.md, "The report's highlights").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from doanvu.lib import request_memo
from doanvu.lib.periods import Period
from doanvu.org.models import LINEAGE_STEP, OrgUnit, UnitVersion
from doanvu.stats.frame import Frame
from doanvu.stats.rollup_activities import AREA_FIGURES
from doanvu.stats.rollup_areas import read_areas
from doanvu.stats.rollup_sql import MAX_DEPTH
from doanvu.work.models import Activity, ActivityFigure, ActivityOrganiser, Indicator, Movement, WorkArea

from .prose.sentences import distinct

# The figures recorded on activities that are written per chapter (they belong to no single work area).
ACTIVITY_FIGURES = ("activities", *AREA_FIGURES)
HIGHLIGHTS_PER_AREA = 3
CANDIDATES = HIGHLIGHTS_PER_AREA * 5  # titles read per area, before similar ones are dropped
MOVEMENTS_PER_AREA = 5


@dataclass
class AreaActivities:
    count: int = 0  # activity records
    figures: dict[str, Decimal] = field(default_factory=dict)  # indicator code → sum (sessions apart)
    # "cuộc", as doanvu.stats counts them: the figure `activities` when an activity states it, else 1.
    sessions: Decimal = Decimal(0)
    movements: list[tuple[str, int]] = field(default_factory=list)  # the busiest, MOVEMENTS_PER_AREA
    highlights: list[str] = field(default_factory=list)
    every_movement: Counter = field(default_factory=Counter, repr=False)  # movement name → activities


def _under_sql(frame: Frame, depth: int | None = None) -> tuple[str, list] | None:
    """SQL of the ids of the activities one of whose organisers lay under the frame's unit (at most `depth`
    levels below it) on the activity's date; some may start outside the period: the caller keeps the
    period's. None when the unit had no version in the period.

    Bounded by the sub-tree: the organisers are looked up among the units that lay under the unit at some
    time in the period (a prefix scan of the versions' lineage), and only theirs are tested against the tree
    of the activity's date."""
    spans = frame.all_spans
    if not spans:
        return None
    period = frame.period
    versions, organisers, activities = (
        UnitVersion._meta.db_table,
        ActivityOrganiser._meta.db_table,
        Activity._meta.db_table,
    )
    ever, ever_params, then, then_params = [], [], [], []
    for span in spans:
        deep = "" if depth is None else " AND LENGTH({v}.lineage) <= %s"
        deep_params = [] if depth is None else [len(span.lineage) + depth * LINEAGE_STEP]
        ever.append("(uv.lineage LIKE %s" + deep.format(v="uv") + ")")
        ever_params += [span.lineage + "%", *deep_params]
        then.append("(x.day >= %s AND x.day < %s AND v.lineage LIKE %s" + deep.format(v="v") + ")")
        then_params += [span.start, span.stop, span.lineage + "%", *deep_params]
    ever_units = (
        f"IN (SELECT uv.unit_id FROM {versions} uv WHERE ({' OR '.join(ever)}) AND uv.valid_from <= %s "
        f"AND (uv.valid_to IS NULL OR uv.valid_to > %s))"
    )
    units_params = [*ever_params, period.end, period.start]
    # The lead unit, and the other organisers (the lead's own organiser row, when there is one, says it again):
    # their rows are found through the co-organisers' index (work.models.ActivityOrganiser.lead).
    sql = (
        f"SELECT x.aid FROM (SELECT a.id AS aid, a.unit_id AS unit_id, a.start_on AS day FROM {activities} a "
        f"WHERE a.start_on >= %s AND a.start_on <= %s AND a.unit_id {ever_units} "
        f"UNION ALL SELECT o.activity_id, o.unit_id, a.start_on FROM {organisers} o "
        f"JOIN {activities} a ON a.id = o.activity_id "
        f"WHERE NOT o.lead AND a.start_on >= %s AND a.start_on <= %s AND o.unit_id <> a.unit_id "
        f"AND o.unit_id {ever_units}) x "
        f"JOIN {versions} v ON v.unit_id = x.unit_id AND v.valid_from <= x.day "
        f"AND (v.valid_to IS NULL OR v.valid_to > x.day) WHERE {' OR '.join(then)}"
    )
    window = [period.start, period.end]
    return sql, [*window, *units_params, *window, *units_params, *then_params]


def activities_under(unit: OrgUnit, period: Period) -> QuerySet[Activity]:
    """The activities of `unit`'s sub-tree (as it stood on each activity's date) that start in `period`."""
    under = _under_sql(Frame.of(unit, period))
    if under is None:
        return Activity.objects.none()
    return Activity.objects.filter(
        pk__in=RawSQL(*under), start_on__gte=period.start, start_on__lte=period.end
    )


def _decimal(value) -> Decimal | None:
    """A figures' sum as the ORM gives it (SQLite hands back a float; PostgreSQL a Decimal already)."""
    if value is None or isinstance(value, Decimal):
        return value
    return _scaled(Context(prec=15).create_decimal_from_float(float(value)))


def _scaled(value: Decimal) -> Decimal:
    """A sum written with the figures' decimal places, as the database gives it."""
    return value.quantize(Decimal(1).scaleb(-ActivityFigure._meta.get_field("value").decimal_places))


def _rows(sql: str, params: list) -> list[tuple]:
    with connections[router.db_for_read(Activity)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _summed(
    frame: Frame, *, figures: bool = True, movements: bool = True, depth: int | None = None
) -> dict[int, AreaActivities]:
    """{work area: its activities' count, (`movements`) movements and (`figures`) summed figures}, in one
    query; with `depth`, of the activities organised at most that many levels below the unit."""
    under = _under_sql(frame, depth)
    if under is None:
        return {}
    ids_sql, params = under
    figure, indicator, movement = (
        ActivityFigure._meta.db_table,
        Indicator._meta.db_table,
        Movement._meta.db_table,
    )
    codes = ", ".join("%s" for _code in ACTIVITY_FIGURES)
    # part: "n" the activities of an area, "f" a figure's sum and how many activities state it (those that
    # state their sessions count them), "m" a movement's activities.
    summed = (
        f"UNION ALL SELECT 'f', x.work_area_id, i.code, SUM(f.value), COUNT(f.value) FROM {figure} f "
        f"JOIN acts x ON x.pk = f.activity_id JOIN {indicator} i ON i.id = f.indicator_id "
        f"WHERE i.code IN ({codes}) GROUP BY x.work_area_id, i.code "
    )
    sql = (
        f"WITH acts AS (SELECT a.id AS pk, a.work_area_id, a.movement_id FROM {Activity._meta.db_table} a "
        f"WHERE a.id IN ({ids_sql}) AND a.start_on >= %s AND a.start_on <= %s) "
        f"SELECT 'n', x.work_area_id, '', COUNT(*), 0 FROM acts x GROUP BY x.work_area_id "
        f"{summed if figures else ''}"
        + (
            f"UNION ALL SELECT 'm', x.work_area_id, mv.name, COUNT(*), 0 FROM acts x "
            f"JOIN {movement} mv ON mv.id = x.movement_id GROUP BY x.work_area_id, mv.name"
            if movements
            else ""
        )
    )
    figure_params = list(ACTIVITY_FIGURES) if figures else []
    rows = _rows(sql, [*params, frame.period.start, frame.period.end, *figure_params])
    out: dict[int, AreaActivities] = defaultdict(AreaActivities)
    stated: dict[int, int] = {}
    movements: dict[int, Counter] = defaultdict(Counter)
    for part, area_id, name, value, stating in rows:
        if part == "n":
            out[area_id].count = int(value)
        elif part == "f":
            if value:  # a sum of nought is no figure, as in the rollups
                out[area_id].figures[name] = _decimal(value)
            if name == "activities":
                stated[area_id] = int(stating)
        else:
            movements[area_id][name] += int(value)
    for area_id, area in out.items():
        area.sessions = area.figures.pop("activities", Decimal(0)) + area.count - stated.get(area_id, 0)
        area.every_movement = movements[area_id]
        area.movements = _busiest(area.every_movement)
    return dict(out)


def work_areas() -> list[WorkArea]:
    """The work areas in report order (read once per page)."""
    return request_memo.remember("work areas", lambda: list(WorkArea.objects.order_by("order", "pk")))


def _movement_names() -> dict[int, str]:
    return request_memo.remember("movement names", lambda: dict(Movement.objects.values_list("pk", "name")))


def _by_area(
    frame: Frame, *, movements: bool = True, from_rollups: bool | None = None
) -> dict[int, AreaActivities]:
    """`_summed(frame, movements=movements)`, read from the rollups when they answer the frame."""
    read = _kept_by_area(frame, movements=movements, from_rollups=from_rollups)
    return _summed(frame, movements=movements) if read is None else read


def _kept_by_area(
    frame: Frame, *, movements: bool = True, from_rollups: bool | None = None
) -> dict[int, AreaActivities] | None:
    """`_summed(frame, movements=movements)` from the rollups, None when they do not answer the frame."""
    names = _movement_names() if movements else {}
    areas = [area.pk for area in work_areas()]
    read = read_areas(frame, areas=areas, movements=sorted(names), from_rollups=from_rollups)
    if read is None:
        return None
    out = {}
    for area_id, totals in read.items():
        every = Counter()
        for movement, count in totals.movements.items():
            every[names[movement]] += count
        out[area_id] = AreaActivities(
            count=totals.count,
            figures={code: _scaled(value) for code, value in totals.figures.items()},
            sessions=totals.sessions,
            movements=_busiest(every),
            every_movement=every,
        )
    return out


def _every_movement(by_area: dict[int, AreaActivities]) -> Counter:
    """movement name → the activities in it, over every work area."""
    every: Counter = Counter()
    for area in by_area.values():
        every.update(area.every_movement)
    return every


def busiest_movements(by_area: dict[int, AreaActivities]) -> list[str]:
    """The movements of the activities of every work area, the busiest first (then by name)."""
    return [
        name for name, _n in sorted(_every_movement(by_area).items(), key=lambda item: (-item[1], item[0]))
    ]


def _busiest(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MOVEMENTS_PER_AREA]


def _candidates(frame: Frame, depth: int, areas: list[int]) -> dict[int, tuple[int, list[str]]]:
    """{area: (activities found, the best titles)}: among the activities of the period organised at most
    `depth` levels below the unit, in these work areas, each title once, by its most attended activity
    (then the earliest, then the first recorded), at most CANDIDATES per area."""
    ids_sql, params = _under_sql(frame, depth) or ("SELECT NULL", [])
    figure, indicator = ActivityFigure._meta.db_table, Indicator._meta.db_table
    participations = (
        f"(SELECT f.value FROM {figure} f JOIN {indicator} i ON i.id = f.indicator_id "
        f"WHERE f.activity_id = x.pk AND i.code = %s)"
    )
    order = "p DESC NULLS LAST, start_on ASC, pk ASC"
    sql = (
        f"WITH acts AS (SELECT a.id AS pk, a.work_area_id AS area, a.title, a.start_on "
        f"FROM {Activity._meta.db_table} a WHERE a.id IN ({ids_sql}) AND a.start_on >= %s AND a.start_on <= %s "
        f"AND a.work_area_id IN ({', '.join('%s' for _a in areas)})), "
        f"y AS (SELECT x.*, {participations} AS p FROM acts x), "
        f"best AS (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY area, title ORDER BY {order}) AS r, "
        f"COUNT(*) OVER (PARTITION BY area) AS found FROM y), "
        f"ranked AS (SELECT area, title, found, ROW_NUMBER() OVER (PARTITION BY area ORDER BY {order}) AS rank "
        f"FROM best WHERE r = 1) "
        f"SELECT area, title, found FROM ranked WHERE rank <= %s ORDER BY area, rank"
    )
    rows = _rows(sql, [*params, frame.period.start, frame.period.end, *areas, "participations", CANDIDATES])
    out: dict[int, tuple[int, list[str]]] = {}
    for area_id, title, found in rows:
        out.setdefault(area_id, (found, []))[1].append(title)
    return out


def highlights(frame: Frame, counts: dict[int, int]) -> dict[int, list[str]]:
    """{area: up to HIGHLIGHTS_PER_AREA titles}, the most attended first, for the areas of `counts` (area →
    the sub-tree's activities in it). What the unit and the units right under it organised comes first: a
    level further down is read only for the areas where fewer than CANDIDATES activities were found and
    the titles are still too few, until the whole sub-tree has been read. A province's report names its own and its communes' programmes, not every
    branch's meeting, and reads a few thousand activities rather than all of them."""
    out: dict[int, list[str]] = {}
    wanting = {area: n for area, n in counts.items() if n}
    depth = 1
    while wanting and depth <= MAX_DEPTH:
        found = _candidates(frame, depth, sorted(wanting))
        for area, total in list(wanting.items()):
            seen, titles = found.get(area, (0, []))
            out[area] = distinct(titles, HIGHLIGHTS_PER_AREA)
            if seen >= CANDIDATES or len(out[area]) >= HIGHLIGHTS_PER_AREA or seen >= total:
                del wanting[area]
        depth += 1
    return out


def activities_by_area(unit: OrgUnit, period: Period) -> dict[int, AreaActivities]:
    """work area id → the area's activities in the period: count, summed figures, movements, highlights."""
    frame = Frame.of(unit, period)
    out = _by_area(frame)
    for area_id, titles in highlights(frame, {pk: a.count for pk, a in out.items()}).items():
        out[area_id].highlights = titles
    return out


def area_sessions(unit: OrgUnit, period: Period) -> dict[int, Decimal]:
    """work area id → the sessions ("cuộc") of the sub-tree's activities in the period, each activity
    counted once: what the report's chapters and its chart count (docs/domain.md, "The work report")."""
    return {pk: area.sessions for pk, area in _by_area(Frame.of(unit, period), movements=False).items()}


def _deepest(frame: Frame) -> int:
    """How many levels the sub-tree held below the unit at any time in the period."""
    spans = frame.all_spans
    if not spans:
        return 0
    versions = UnitVersion._meta.db_table
    sql = (
        f"SELECT MAX(LENGTH(uv.lineage)) FROM {versions} uv WHERE ({' OR '.join('uv.lineage LIKE %s' for _ in spans)}) "
        f"AND uv.valid_from <= %s AND (uv.valid_to IS NULL OR uv.valid_to > %s)"
    )
    rows = _rows(sql, [*(span.lineage + "%" for span in spans), frame.period.end, frame.period.start])
    longest = rows[0][0] or 0
    return max(0, max((longest - len(span.lineage)) // LINEAGE_STEP for span in spans))


def movement_counts(
    unit: OrgUnit, period: Period, *, wanted: int, from_rollups: bool | None = None
) -> Counter:
    """movement name → the activities of the period in it, near the unit first (as its highlights): those
    of the unit and the units right under it, a level further down only while fewer than `wanted`
    movements are found, until the whole sub-tree has been read. When the whole sub-tree holds fewer than
    `wanted` (the next period's calendar, mostly), its counts are read from the rollups at once."""
    frame = Frame.of(unit, period)
    whole = _kept_by_area(frame, from_rollups=from_rollups)
    if whole is not None and len(counts := _every_movement(whole)) < wanted:
        return counts  # no level holds more: the whole sub-tree's are the answer
    deepest = _deepest(frame)
    counts = Counter()
    for depth in range(1, max(deepest, 1) + 1):
        counts = _every_movement(_summed(frame, figures=False, depth=depth))
        if len(counts) >= wanted:
            break
    return counts
