"""What activities contribute to the rollups, as SQL (docs/architecture.md, "Rollups"): their figures,
their sessions and their work areas' codes, along the lineage of their lead unit when it organised them
alone, once per group and per total holding one of their organisers when organised jointly. The rules and
the shared SQL are rollup_sql.py's.
"""

from __future__ import annotations

from doanvu.org.selectors import BRANCH_KINDS
from doanvu.stats.rollup_sql import (
    AREA,
    INDICATOR,
    STEP,
    Query,
    _and,
    _levels,
    _marks,
    _seg,
    _valid_on,
    cents,
    grouped,
    month_of,
    spread,
)
from doanvu.stats.sources import ACTIVITY, FIGURE, KIND, ORGANISER, SESSIONS, VERSIONS

# An activity adds to its work area's codes too: "w<area id>" (the activity), "w<area id>.s" (its sessions),
# "w<area id>.<code>" (the figures of AREA_FIGURES) and "w<area id>.m<movement id>" (its movement), what each
# chapter of the report is written from (rollup_areas.py).
AREA_SESSIONS = ".s"
AREA_MOVEMENT = ".m"
AREA_FIGURES = ("participations", "funds_vnd", "gifts", "gifts_value_vnd")


def _branch(v: str) -> Query:
    """Whether the version `v` is a branch's."""
    kinds = list(BRANCH_KINDS)
    return f"{v}.kind_id IN (SELECT bk.id FROM {KIND} bk WHERE bk.code IN ({_marks(kinds)}))", kinds


def _above_branch(v: str) -> Query:
    """The lineage of the version `v`, without its last segment when it is a branch's: the work areas' rows
    of a branch's own activities are kept from the unit above it up (a branch reads its few activities
    from the records, rollup_areas.py), which sums a commune's branches into one row per month and code."""
    branch, params = _branch(v)
    return (
        f"CASE WHEN {branch} THEN SUBSTR({v}.lineage, 1, LENGTH({v}.lineage) - {STEP}) ELSE {v}.lineage END",
        params,
    )


def _area_lineage(v: str, code: str) -> Query:
    """The lineage a row of code `code` placed through the version `v` goes up (`_above_branch` for the
    work areas' codes)."""
    above, params = _above_branch(v)
    return f"CASE WHEN {grouped(code)} THEN {v}.lineage ELSE {above} END", params


# Kept in the total rows of a unit: the activities that lie in two or more of its groups (organised jointly
# by several direct children, or by a child and the unit itself), those its table's rows show twice.
SHARED = "joint.shared"


def _activity_ctes(where: str, params: list) -> Query:
    """`acts`, the activities `where` keeps (alias a), and `vals` (aid, code, cents), their `_values`."""
    values, value_params = _values("", [], table="acts")
    sql = (
        f"acts AS (SELECT a.id, a.unit_id, a.start_on, a.work_area_id, a.movement_id FROM {ACTIVITY} a "
        f"WHERE 1 = 1{_and(where)}), vals AS ({values})"
    )
    return sql, [*params, *value_params]


def _area(column: str) -> str:
    """The prefix of a work area's codes: "w" and the area's id."""
    return f"'{AREA}' || CAST({column} AS VARCHAR(12))"


def _values(where: str, params: list, *, table: str = ACTIVITY) -> Query:
    """(aid, code, cents) of the activities of `table` (alias a) that `where` keeps, with its parameters:
    their figures ("a.<code>"), their sessions (the `activities` figure when given, else 1), and the same
    again under their work area (AREA_FIGURES, the sessions, the activity itself and its movement). One
    pass over the figures and one over the activities: each row is paired with the codes it adds to."""
    figures = (
        f"SELECT af.activity_id AS aid, CASE WHEN k.k = 1 THEN 'a.' || i.code ELSE {_area('a.work_area_id')} "
        f"|| '.' || i.code END AS code, {cents('af.value')} AS cents FROM {FIGURE} af "
        f"JOIN {INDICATOR} i ON i.id = af.indicator_id JOIN {table} a ON a.id = af.activity_id "
        f"JOIN (SELECT 1 AS k UNION ALL SELECT 2) k ON k.k = 1 OR i.code IN ({_marks(AREA_FIGURES)}) "
        f"WHERE i.code <> %s AND af.value IS NOT NULL{_and(where)}"
    )
    per_activity = (
        f"SELECT a.id AS aid, a.work_area_id AS area, a.movement_id AS mv, COALESCE({cents('sf.value')}, 100) "
        f"AS s FROM {table} a LEFT JOIN (SELECT af.activity_id, af.value FROM {FIGURE} af "
        f"JOIN {INDICATOR} i ON i.id = af.indicator_id WHERE i.code = %s) sf ON sf.activity_id = a.id "
        f"WHERE 1 = 1{_and(where)}"
    )
    activities = (
        f"SELECT p.aid, CASE k.k WHEN 1 THEN %s WHEN 2 THEN {_area('p.area')} "
        f"WHEN 3 THEN {_area('p.area')} || '{AREA_SESSIONS}' "
        f"ELSE {_area('p.area')} || '{AREA_MOVEMENT}' || CAST(p.mv AS VARCHAR(12)) END, "
        f"CASE WHEN k.k IN (2, 4) THEN 100 ELSE p.s END FROM ({per_activity}) p "
        f"JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k "
        f"ON k.k < 4 OR p.mv IS NOT NULL"
    )
    return (
        f"{figures} UNION ALL {activities}",
        [*AREA_FIGURES, SESSIONS, *params, "a." + SESSIONS, SESSIONS, *params],
    )


# An activity organised by its lead unit alone (alias a).
ALONE = f"NOT EXISTS (SELECT 1 FROM {ORGANISER} o WHERE o.activity_id = a.id AND o.unit_id <> a.unit_id)"


def activity_parts(where: str = "", params: list | None = None) -> list[Query]:
    """`where` restricts the activities (alias a). An activity organised by its lead unit alone (most of
    them) adds its figures along one lineage; one organised jointly goes through the DISTINCT of
    `joint_activities`, which counts it once per group and once per total. Two queries whose rows may
    share a key, added to the rollups in turn: regrouping them into one would cost more at the size of a
    country than the upsert of the second."""
    params = params or []
    restricted = f"({where}) AND {ALONE}" if where else ALONE
    values, value_params = _values(restricted, params)
    lineage, lineage_params = _area_lineage("v", "vals.code")
    facts = (
        f"SELECT {lineage} AS lineage, {month_of('a.start_on')} AS mo, vals.code, vals.cents FROM ({values}) vals "
        f"JOIN {ACTIVITY} a ON a.id = vals.aid "
        f"JOIN {VERSIONS} v ON v.unit_id = a.unit_id AND {_valid_on('v', 'a.start_on')}"
    )
    single = spread(facts, [*lineage_params, *value_params], total=True)
    return [single, joint_activities(_joint(where), params)]


def _joint(where: str) -> str:
    return f"({where}) AND NOT ({ALONE})" if where else f"NOT ({ALONE})"


def joint_activities(where: str, params: list, *, figures: bool = True) -> Query:
    """Activities with several organisers: each group holding one of them and each total counts it once;
    SHARED counts, in a unit's total, those in two or more of its groups. `figures` False gives only
    SHARED's rows."""
    ctes, cte_params = _activity_ctes(where, params)
    area_lineage, lineage_params = _above_branch("v")
    sql = (
        f"WITH RECURSIVE {_levels()}, {ctes}, "
        f"orgs AS (SELECT a.id AS aid, a.unit_id AS unit_id, a.start_on AS day FROM acts a "
        f"UNION SELECT o.activity_id, o.unit_id, a.start_on FROM {ORGANISER} o JOIN acts a ON a.id = o.activity_id), "
        f"lin AS (SELECT o.aid, v.lineage, {area_lineage} AS alineage, {month_of('o.day')} AS mo FROM orgs o "
        f"JOIN {VERSIONS} v ON v.unit_id = o.unit_id AND {_valid_on('v', 'o.day')}), "
        f"hits AS (SELECT DISTINCT {_seg('x.lineage', 'l.i')} AS anc, {_seg('x.lineage', 'l.i + 1')} AS child, "
        f"x.mo, x.aid FROM lin x JOIN levels l ON l.i * {STEP} <= LENGTH(x.lineage) "
        f"UNION SELECT DISTINCT {_seg('x.lineage', 'l.i')}, '*', x.mo, x.aid FROM lin x "
        f"JOIN levels l ON l.i * {STEP} <= LENGTH(x.lineage)), "
        # The work areas' codes: totals only, from the unit above a branch up (_area_lineage).
        f"area_hits AS (SELECT DISTINCT {_seg('x.alineage', 'l.i')} AS anc, x.mo, x.aid FROM lin x "
        f"JOIN levels l ON l.i * {STEP} <= LENGTH(x.alineage)) "
        + (
            "SELECT h.anc, h.child, h.mo, vals.code, SUM(vals.cents) AS c FROM hits h JOIN vals ON vals.aid = h.aid "
            f"WHERE {grouped('vals.code')} GROUP BY 1, 2, 3, 4 UNION ALL "
            "SELECT h.anc, '*', h.mo, vals.code, SUM(vals.cents) FROM area_hits h JOIN vals ON vals.aid = h.aid "
            f"WHERE NOT {grouped('vals.code')} GROUP BY h.anc, h.mo, vals.code UNION ALL "
            if figures
            else ""
        )
        + f"SELECT s.anc AS anc, '*' AS child, s.mo AS mo, '{SHARED}' AS code, 100 * COUNT(*) AS c FROM (SELECT anc, mo, aid FROM hits "
        f"WHERE child <> '*' GROUP BY anc, mo, aid HAVING COUNT(*) > 1) s GROUP BY s.anc, s.mo"
    )
    return sql, [*cte_params, *lineage_params]


def areas_only() -> list[Query]:
    """The work areas' rows of every activity (added once to rollups kept before they were)."""
    return [
        (f"SELECT * FROM ({sql}) q WHERE q.code LIKE '{AREA}%%'", params) for sql, params in activity_parts()
    ]


def shared_only() -> Query:
    """SHARED's rows of every activity (added once to rollups kept before they were)."""
    return joint_activities(_joint(""), [], figures=False)
