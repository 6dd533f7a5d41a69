"""What the records contribute to the rollups, as SQL (docs/architecture.md, "Rollups").

Each source gives one query whose rows are (anc, child, month, code, cents): for every unit `anc` a record
lay under on its date, the group it lies in there (the next segment of the record's lineage; "" for the
unit's own; "*" for the sub-tree's total), the record's month and what it adds, in hundredths. The rules
are those of sources.py, which computes the same figures from the records at read time:

- flows are dated (an activity by its start, a meeting by its day, dues by their payment, a member event
  by its date, a transfer by its decision) and placed by the version of the record's unit valid that day;
- stocks are kept as changes: a member counted in a branch over the days [s, t) adds +1 in s's month and
  -1 in t's month, under the version of the branch valid over those days, so that a unit's members on a
  month's last day are the sum of every month up to it, in the tree of that day; units the same way, one
  interval per version;
- a jointly organised activity adds once to each group that holds one of its organisers and once to the
  total; a transfer adds "in" where it arrives from outside the group and "out" where it leaves it.

Each query takes an optional restriction (`where`, with its parameters) on the source's records, so the
same SQL builds every rollup (rebuild, check) or only some records' part.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.db import connection

from doanvu.members.models import COUNTED_STATUSES, Transfer
from doanvu.org.models import LINEAGE_STEP
from doanvu.org.selectors import BRANCH_KINDS

# The tables and the figures' rules are those of the record-summing engine (sources.py), not restated.
from doanvu.stats.sources import (
    ACTIVITY,
    ATTENDANCE,
    DATE_EVENTS,
    DIRECT,
    DUES,
    HISTORY,
    KIND,
    MEETING,
    MEETING_FLOWS,
    MEMBER,
    MEMBER_STOCKS,
    ORGANISER,
    STATUS_EVENTS,
    TRANSFER,
    UNIT_STOCKS,
    VERSIONS,
)
from doanvu.stats.sources import TRANSFER_EVENTS as TRANSFERS
from doanvu.work.models import Indicator

# Named here too for the rollups' readers and their bookkeeping (rollups.py, rollup_sync.py).
__all__ = [
    "ACTIVITY",
    "DATE_EVENTS",
    "DIRECT",
    "DUES",
    "HISTORY",
    "MEETING",
    "MEETING_FLOWS",
    "MEMBER",
    "ORGANISER",
    "SOURCES",
    "STATUS_EVENTS",
    "STOCKS",
    "TRANSFER",
    "TRANSFERS",
]

INDICATOR = Indicator._meta.db_table
NEVER = datetime.date(9999, 12, 31)  # the end of an interval that has none
MAX_DEPTH = 16  # levels of the tree a lineage may hold
STEP = LINEAGE_STEP

# The codes kept in the rollups. An activity's figure is kept as "a.<code>", a direct value entered for a
# period of n months as "d<n>.<code>" (a direct flow counts in a period only when its own period lies
# inside it); the registry's own codes are kept as they are.
STOCKS = (*MEMBER_STOCKS, *UNIT_STOCKS)

Query = tuple[str, list]


# -- SQL that differs between the two databases ---------------------------------------------------------


def _pg() -> bool:
    return connection.vendor == "postgresql"


def month_of(expr: str) -> str:
    """yyyymm of a date expression."""
    if _pg():
        return f"(CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER) * 100 + CAST(EXTRACT(MONTH FROM {expr}) AS INTEGER))"
    return f"(CAST(SUBSTR({expr}, 1, 4) AS INTEGER) * 100 + CAST(SUBSTR({expr}, 6, 2) AS INTEGER))"


def months_index(expr: str) -> str:
    """A date's month as a running number (year × 12 + month), to count the months between two dates."""
    if _pg():
        return (
            f"(CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {expr}) AS INTEGER))"
        )
    return f"(CAST(SUBSTR({expr}, 1, 4) AS INTEGER) * 12 + CAST(SUBSTR({expr}, 6, 2) AS INTEGER))"


def local_day(expr: str) -> str:
    """The local date of a stored moment (the day a history row was written, in the site's time zone)."""
    if _pg():
        return f"CAST(({expr} AT TIME ZONE '{settings.TIME_ZONE}') AS DATE)"
    # SQLite keeps moments as UTC text; the site's zone has no daylight saving (Asia/Ho_Chi_Minh).
    offset = datetime.datetime(2025, 1, 1, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)).utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return f"DATE({expr}, '{hours:+d} hours')"


def later(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if _pg() else f"MAX({a}, {b})"


def earlier(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if _pg() else f"MIN({a}, {b})"


def cents(expr: str) -> str:
    return f"CAST(ROUND({expr} * 100) AS BIGINT)"


def _marks(values) -> str:
    return ", ".join("%s" for _ in values)


def _levels() -> str:
    return f"levels(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM levels WHERE i < {MAX_DEPTH})"


def _seg(lineage: str, at: str) -> str:
    """The segment of `lineage` at level `at` (1-based), '' past its end."""
    return f"SUBSTR({lineage}, ({at} - 1) * {STEP} + 1, {STEP})"


def _valid_on(v: str, day: str) -> str:
    return f"{v}.valid_from <= {day} AND ({v}.valid_to IS NULL OR {v}.valid_to > {day})"


def _each_level(f: str) -> str:
    """Joins each row of `f` with the levels 1 … n of its lineage (l.i)."""
    if _pg():
        return f"CROSS JOIN LATERAL generate_series(1, LENGTH({f}.lineage) / {STEP}) AS l(i)"
    return f"JOIN levels l ON l.i * {STEP} <= LENGTH({f}.lineage)"


def spread(facts: str, params: list, *, total: bool = False) -> Query:
    """Rows of `facts` (lineage, mo, code, cents) added to every unit of the lineage, in the group under
    it, and (`total`) in its total row. Only the sources whose total is not the sum of its groups keep
    total rows (activities, transfers); for the others the reader adds the groups up. The work areas'
    codes keep their total rows only (`grouped`).

    The facts are first summed per lineage, month and code, so that a branch's members or payments of a
    month go up the tree as one row, and a unit's total is the sum of its groups' rows (a record lies in
    one group of each unit above it): the country's rollups are rebuilt in minutes."""
    sql = (
        f"WITH RECURSIVE {_levels()}, facts AS ({facts}), "
        f"leaf AS (SELECT lineage, mo, code, SUM(cents) AS cents FROM facts GROUP BY lineage, mo, code), "
        f"grp AS (SELECT {_seg('f.lineage', 'l.i')} AS anc, {_seg('f.lineage', 'l.i + 1')} AS child, f.mo, "
        f"f.code, SUM(f.cents) AS c FROM leaf f {_each_level('f')} GROUP BY 1, 2, 3, 4) "
        f"SELECT anc, child, mo, code, c FROM grp"
    )
    if total:
        sql += (
            f" WHERE {grouped()} UNION ALL SELECT anc, '*', mo, code, SUM(c) FROM grp GROUP BY anc, mo, code"
        )
    return sql, params


def _and(where: str) -> str:
    return f" AND ({where})" if where else ""


# -- The work areas' codes (rollup_activities.py) ------------------------------------------------------

# An activity adds to its work area's codes too, all beginning with AREA (rollup_activities.py).
AREA = "w"


def grouped(code: str = "code") -> str:
    """Whether a row of code `code` is kept in its group too: the work areas' codes are read for a whole
    sub-tree only, so they keep total rows and no group rows (no other code begins with AREA)."""
    return f"SUBSTR({code}, 1, {len(AREA)}) <> '{AREA}'"


# -- Meetings, dues, direct values ----------------------------------------------------------------------


def meetings(where: str = "", params: list | None = None) -> Query:
    """`where` restricts the meetings (alias m)."""
    params = params or []
    per_meeting = (
        f"SELECT m.unit_id, m.held_on, COUNT(at.id) AS expected, "
        f"SUM(CASE WHEN at.present THEN 1 ELSE 0 END) AS present FROM {MEETING} m "
        f"LEFT JOIN {ATTENDANCE} at ON at.meeting_id = m.id WHERE 1 = 1{_and(where)} GROUP BY m.id, m.unit_id, m.held_on"
    )
    base = f"FROM ({per_meeting}) pm JOIN {VERSIONS} v ON v.unit_id = pm.unit_id AND {_valid_on('v', 'pm.held_on')}"
    mo = month_of("pm.held_on")
    facts = (
        f"SELECT v.lineage, {mo} AS mo, 'meetings_held' AS code, 100 AS cents {base} "
        f"UNION ALL SELECT v.lineage, {mo}, 'meeting_attendances', COALESCE(pm.present, 0) * 100 {base} "
        f"UNION ALL SELECT v.lineage, {mo}, 'meeting_expected', pm.expected * 100 {base}"
    )
    return spread(facts, [*params, *params, *params])


def dues(where: str = "", params: list | None = None) -> Query:
    """`where` restricts the payments (alias d)."""
    facts = (
        f"SELECT v.lineage, {month_of('d.paid_on')} AS mo, 'dues_collected_vnd' AS code, "
        f"CAST(d.amount AS BIGINT) * 100 AS cents FROM {DUES} d "
        f"JOIN {VERSIONS} v ON v.unit_id = d.unit_id AND {_valid_on('v', 'd.paid_on')} WHERE 1 = 1{_and(where)}"
    )
    return spread(facts, params or [])


def direct_flows(where: str = "", params: list | None = None) -> Query:
    """Direct values of flow indicators, at the month their period ends. `where` restricts them (alias d)."""
    span = f"({months_index('d.period_end')} - {months_index('d.period_start')} + 1)"
    facts = (
        f"SELECT v.lineage, {month_of('d.period_end')} AS mo, 'd' || CAST({span} AS VARCHAR(8)) || '.' || i.code "
        f"AS code, {cents('d.value')} AS cents FROM {DIRECT} d JOIN {INDICATOR} i ON i.id = d.indicator_id "
        f"JOIN {VERSIONS} v ON v.unit_id = d.unit_id AND {_valid_on('v', 'd.period_end')} "
        f"WHERE i.source = %s AND i.kind = %s{_and(where)}"
    )
    return spread(facts, [Indicator.Source.DIRECT, Indicator.Kind.FLOW, *(params or [])])


# -- The registry ---------------------------------------------------------------------------------------


def member_stocks(where: str = "", params: list | None = None) -> Query:
    """Members and Party members counted in a branch, as +1 and -1 at the ends of each interval a
    record of theirs stood in a version of the branch. `where` restricts the members (alias h, the
    history rows)."""
    day = local_day("h.history_date")
    rows = (
        f"SELECT h.unit_id, h.status, h.history_type, h.party_probationary_on AS party_on, {day} AS a, "
        f"LEAD({day}) OVER (PARTITION BY h.id ORDER BY h.history_date, h.history_id) AS b "
        f"FROM {HISTORY} h WHERE 1 = 1{_and(where.format(id='h.id'))}"
    )
    statuses = list(COUNTED_STATUSES)
    spans = (
        f"SELECT v.lineage, r.party_on, {later('r.a', 'v.valid_from')} AS s, "
        f"{earlier('COALESCE(r.b, %s)', 'COALESCE(v.valid_to, %s)')} AS t "
        f"FROM ({rows}) r JOIN {VERSIONS} v ON v.unit_id = r.unit_id "
        f"AND v.valid_from < COALESCE(r.b, %s) AND COALESCE(v.valid_to, %s) > r.a "
        f"WHERE r.history_type <> '-' AND r.status IN ({_marks(statuses)})"
    )
    party_from = later("sp.s", "sp.party_on")
    facts = (
        f"SELECT sp.lineage, {month_of('sp.s')} AS mo, 'members' AS code, 100 AS cents FROM sp WHERE sp.s < sp.t "
        f"UNION ALL SELECT sp.lineage, {month_of('sp.t')}, 'members', -100 FROM sp WHERE sp.s < sp.t AND sp.t < %s "
        f"UNION ALL SELECT sp.lineage, {month_of(party_from)}, 'party_members', 100 FROM sp "
        f"WHERE sp.party_on IS NOT NULL AND {party_from} < sp.t "
        f"UNION ALL SELECT sp.lineage, {month_of('sp.t')}, 'party_members', -100 FROM sp "
        f"WHERE sp.party_on IS NOT NULL AND {party_from} < sp.t AND sp.t < %s"
    )
    sql, _ = spread(facts, [])
    sql = sql.replace("WITH RECURSIVE ", f"WITH RECURSIVE sp AS ({spans}), ", 1)
    return sql, [NEVER, NEVER, *(params or []), NEVER, NEVER, *statuses, NEVER, NEVER]


def unit_stocks(where: str = "", params: list | None = None) -> Query:
    """Branches and grassroots units, +1 and -1 at the ends of each version. `where` restricts the
    versions (alias v)."""
    kinds = list(BRANCH_KINDS)
    is_branch = f"k.code IN ({_marks(kinds)})"
    base = f"FROM {VERSIONS} v JOIN {KIND} k ON k.id = v.kind_id WHERE 1 = 1{_and(where)}"
    facts = (
        f"SELECT v.lineage, {month_of('v.valid_from')} AS mo, 'branches' AS code, 100 AS cents {base} AND {is_branch} "
        f"UNION ALL SELECT v.lineage, {month_of('v.valid_to')}, 'branches', -100 {base} AND {is_branch} "
        f"AND v.valid_to IS NOT NULL "
        f"UNION ALL SELECT v.lineage, {month_of('v.valid_from')}, 'grassroots_units', 100 {base} AND k.is_grassroots "
        f"UNION ALL SELECT v.lineage, {month_of('v.valid_to')}, 'grassroots_units', -100 {base} AND k.is_grassroots "
        f"AND v.valid_to IS NOT NULL"
    )
    params = params or []
    return spread(facts, [*params, *kinds, *params, *kinds, *params, *params])


def member_events(where: str = "", params: list | None = None) -> Query:
    """Admissions, Party stages (by the member's dates), coming of age and removals (by the history row
    that first recorded them). `where` restricts the members (alias m for the dated events, h for the
    history rows of the others)."""
    params = params or []
    parts, all_params = [], []
    for code, field in DATE_EVENTS.items():
        having = "" if field == "joined_on" else f" AND h.{field} IS NOT NULL"
        unit = (
            f"COALESCE((SELECT h.unit_id FROM {HISTORY} h WHERE h.id = m.id{having} "
            f"ORDER BY h.history_date, h.history_id LIMIT 1), m.unit_id)"
        )
        parts.append(
            f"SELECT v.lineage, {month_of(f'm.{field}')} AS mo, '{code}' AS code, 100 AS cents FROM {MEMBER} m "
            f"JOIN {VERSIONS} v ON v.unit_id = {unit} AND {_valid_on('v', f'm.{field}')} "
            f"WHERE m.{field} IS NOT NULL{_and(where.format(id='m.id'))}"
        )
        all_params += params
    for code, statuses in STATUS_EVENTS.items():
        marks = _marks(statuses)
        parts.append(
            f"SELECT v.lineage, {month_of('h.status_changed_on')}, '{code}', 100 FROM {HISTORY} h "
            f"JOIN {VERSIONS} v ON v.unit_id = h.unit_id AND {_valid_on('v', 'h.status_changed_on')} "
            f"WHERE h.status IN ({marks}) AND h.status_changed_on IS NOT NULL{_and(where.format(id='h.id'))} "
            f"AND NOT EXISTS (SELECT 1 FROM {HISTORY} h2 WHERE h2.id = h.id AND h2.status IN ({marks}) "
            f"AND h2.status_changed_on = h.status_changed_on AND (h2.history_date < h.history_date "
            f"OR (h2.history_date = h.history_date AND h2.history_id < h.history_id)))"
        )
        all_params += [*statuses, *params, *statuses]
    return spread(" UNION ALL ".join(parts), all_params)


def transfers(where: str = "", params: list | None = None) -> Query:
    """Accepted transfers: "in" in every group the receiving unit lay in that the sending unit did not
    (and in the total of every unit above the first but not the second), "out" the other way round.
    `where` restricts the transfers (alias t)."""
    base = (
        f"SELECT t.decided_on AS day, vt.lineage AS lt, vf.lineage AS lf FROM {TRANSFER} t "
        f"LEFT JOIN {VERSIONS} vt ON vt.unit_id = t.to_unit_id AND {_valid_on('vt', 't.decided_on')} "
        f"LEFT JOIN {VERSIONS} vf ON vf.unit_id = t.from_unit_id AND {_valid_on('vf', 't.decided_on')} "
        f"WHERE t.state = %s AND t.decided_on IS NOT NULL{_and(where)}"
    )
    parts = []
    for code, here, there in (
        ("members_transferred_in", "x.lt", "x.lf"),
        ("members_transferred_out", "x.lf", "x.lt"),
    ):
        prefix_here = f"SUBSTR({here}, 1, l.i * {STEP})"
        prefix_there = f"COALESCE(SUBSTR({there}, 1, l.i * {STEP}), '')"
        next_here = _seg(here, "l.i + 1")
        next_there = f"COALESCE({_seg(there, 'l.i + 1')}, '')"
        joined = f"FROM x JOIN levels l ON l.i * {STEP} <= LENGTH({here}) WHERE {here} IS NOT NULL"
        mo = month_of("x.day")
        parts.append(
            f"SELECT {_seg(here, 'l.i')} AS anc, {next_here} AS child, {mo} AS mo, '{code}' AS code, "
            f"100 AS cents {joined} AND NOT ({prefix_there} = {prefix_here} AND {next_there} = {next_here})"
        )
        parts.append(
            f"SELECT {_seg(here, 'l.i')}, '*', {mo}, '{code}', 100 {joined} AND {prefix_there} <> {prefix_here}"
        )
    sql = (
        f"WITH RECURSIVE {_levels()}, x AS ({base}) SELECT anc, child, mo, code, SUM(cents) AS c FROM ("
        + " UNION ALL ".join(parts)
        + ") r GROUP BY 1, 2, 3, 4"
    )
    return sql, [Transfer.State.ACCEPTED, *(params or [])]


def queries(made: Query | list[Query]) -> list[Query]:
    """A source's query, or its queries (activities, rollup_activities.py), to be added in turn."""
    return made if isinstance(made, list) else [made]


# Each source gives one query, or several whose rows are added in turn.
# The activities' queries are rollup_activities.py's (rollups.SOURCES names every source).
SOURCES = {
    "meetings": meetings,
    "dues": dues,
    "direct": direct_flows,
    "member_stocks": member_stocks,
    "unit_stocks": unit_stocks,
    "member_events": member_events,
    "transfers": transfers,
}
