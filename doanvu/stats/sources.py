"""One grouped SQL query per source of figures. Each returns {group key: {indicator code: value}} with the
keys of `frame.py` (OWN, a child's segment) and TOTAL for the whole sub-tree.

Records are summed in the database, never loaded: the largest result is (children + 2) × indicators rows.
Money and other decimal figures are summed as whole hundredths (BIGINT), so SQLite, which keeps decimals
as floating point, gives exactly what PostgreSQL gives.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, connections, router
from django.utils import timezone

from doanvu.members.models import COUNTED_STATUSES, Member, Status, Transfer
from doanvu.org.models import UnitKind, UnitVersion
from doanvu.org.selectors import BRANCH_KINDS
from doanvu.stats.frame import (
    TOTAL,
    VERSIONS,
    Frame,
)
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attendance,
    DirectValue,
    DuesPayment,
    Meeting,
)

Groups = dict[str, dict[str, Decimal]]

ACTIVITY = Activity._meta.db_table
ORGANISER = ActivityOrganiser._meta.db_table
FIGURE = ActivityFigure._meta.db_table
MEETING = Meeting._meta.db_table
ATTENDANCE = Attendance._meta.db_table
DUES = DuesPayment._meta.db_table
DIRECT = DirectValue._meta.db_table
MEMBER = Member._meta.db_table
HISTORY = Member.history.model._meta.db_table
TRANSFER = Transfer._meta.db_table
KIND = UnitKind._meta.db_table
assert VERSIONS == UnitVersion._meta.db_table

CENTS = "CAST(ROUND({} * 100) AS BIGINT)"

# Registry flows from the members' records: code → (statuses whose change date is the event).
STATUS_EVENTS = {
    "members_came_of_age": (Status.CAME_OF_AGE,),
    "members_removed": (Status.REMOVED, Status.EXPELLED),
}
# Registry flows dated by a field of the member: code → field.
DATE_EVENTS = {
    "members_admitted": "joined_on",
    "outstanding_introduced": "party_introduced_on",
    "party_admitted": "party_probationary_on",
    "party_full_members": "party_full_on",
}
TRANSFER_EVENTS = ("members_transferred_in", "members_transferred_out")
MEMBER_STOCKS = ("members", "party_members")
UNIT_STOCKS = ("branches", "grassroots_units")
MEETING_FLOWS = ("meetings_held", "meeting_attendances", "meeting_expected")
DUES_FLOWS = ("dues_collected_vnd",)
SESSIONS = "activities"


def _rows(sql: str, params: list) -> list[tuple]:
    # A read replica answers when the caller allows it (docs/scale.md, "Reads from replicas").
    with connections[router.db_for_read(Member)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cents(value) -> Decimal:
    return Decimal(int(value or 0)) / 100


def _count(value) -> Decimal:
    return Decimal(int(value or 0))


def _placeholders(values: Iterable) -> str:
    return ", ".join("%s" for _ in values)


def with_total(groups: Groups, codes: Iterable[str]) -> Groups:
    """Add TOTAL as the sum of every group, for sources where a record lies in one group only."""
    total = dict.fromkeys(codes, Decimal(0))
    for key, values in groups.items():
        if key == TOTAL:
            continue
        for code, value in values.items():
            total[code] = total.get(code, Decimal(0)) + value
    groups[TOTAL] = total
    return groups


# ---------------------------------------------------------------------------------------------------------
# Activities


def _activity_hits(frame: Frame) -> tuple[str, list]:
    """The CTE of activities started in the period under the unit: `hits` (k, activity_id), one row per
    activity and group it lies in (an activity organised jointly lies in each organiser's group), and `grp`,
    the same with one TOTAL row per activity."""
    period = frame.period
    day = "f.day"
    key_sql, key_params = frame.key("v", day)
    join_sql, join_params = frame.join("v", "f.unit_id", day)
    cond_sql, cond_params = frame.under("v", day)
    lead_units, lead_params = frame.units_ever_under("a.unit_id")
    other_units, other_params = frame.units_ever_under("o.unit_id")
    cte = (
        f"WITH orgs AS ("
        f"SELECT a.id AS activity_id, a.unit_id AS unit_id, a.start_on AS day FROM {ACTIVITY} a "
        f"WHERE a.start_on >= %s AND a.start_on <= %s AND {lead_units} "
        f"UNION SELECT o.activity_id, o.unit_id, a.start_on FROM {ORGANISER} o "
        f"JOIN {ACTIVITY} a ON a.id = o.activity_id WHERE NOT o.lead AND a.start_on >= %s AND a.start_on <= %s "
        f"AND {other_units}"
        f"), hits AS (SELECT DISTINCT {key_sql} AS k, f.activity_id AS activity_id FROM orgs f {join_sql} "
        f"WHERE {cond_sql}"
        f"), grp AS (SELECT k, activity_id FROM hits "
        f"UNION ALL SELECT '{TOTAL}', activity_id FROM hits GROUP BY activity_id) "
    )
    params: list = [
        period.start,
        period.end,
        *lead_params,
        period.start,
        period.end,
        *other_params,
        *key_params,
        *join_params,
        *cond_params,
    ]
    return cte, params


def shared_activities(frame: Frame) -> int:
    """How many activities started in the period lie in two or more groups (direct children, or a child and
    the unit's own records): those the sub-tree counts once although two rows of its table show them."""
    if not frame.exists:
        return 0
    cte, params = _activity_hits(frame)
    sql = (
        cte + "SELECT COUNT(*) FROM (SELECT activity_id FROM hits GROUP BY activity_id HAVING COUNT(*) > 1) s"
    )
    return int(_rows(sql, params)[0][0] or 0)


def activity_figures(frame: Frame, indicators: dict[int, str], sessions_id: int | None) -> Groups:
    """Figures recorded on activities started in the period, by organiser. A jointly organised activity is
    in each organiser's group once and in TOTAL once: the sub-tree counts it once however many of its units
    organised it. `activities` (sessions) is the figure when given, else 1 per activity."""
    cte, params = _activity_hits(frame)
    parts = []
    figure_ids = [pk for pk in indicators if pk != sessions_id]
    if figure_ids:
        parts.append(
            f"SELECT g.k, af.indicator_id, SUM({CENTS.format('af.value')}) FROM grp g "
            f"JOIN {FIGURE} af ON af.activity_id = g.activity_id "
            f"WHERE af.indicator_id IN ({_placeholders(figure_ids)}) GROUP BY g.k, af.indicator_id"
        )
        params += figure_ids
    if sessions_id is not None:
        parts.append(
            f"SELECT g.k, af.indicator_id, SUM(COALESCE({CENTS.format('af.value')}, 100)) FROM grp g "
            f"LEFT JOIN {FIGURE} af ON af.activity_id = g.activity_id AND af.indicator_id = %s "
            f"GROUP BY g.k, af.indicator_id"
        )
        params.append(sessions_id)
    groups: Groups = defaultdict(dict)
    groups[TOTAL] = {}
    if not parts or not frame.exists:
        return groups
    for key, indicator_id, cents in _rows(cte + " UNION ALL ".join(parts), params):
        code = indicators[sessions_id if indicator_id is None else indicator_id]
        values = groups[key]
        values[code] = values.get(code, Decimal(0)) + _cents(cents)
    return groups


# ---------------------------------------------------------------------------------------------------------
# Meetings, dues, direct values


def meetings(frame: Frame) -> Groups:
    """Branch meetings held in the period, the attendances recorded and the members present."""
    units, units_params = frame.units_ever_under("m.unit_id")
    facts = (
        f"SELECT m.id AS id, m.unit_id AS unit_id, m.held_on AS day, at.id AS att_id, at.present AS present "
        f"FROM {MEETING} m LEFT JOIN {ATTENDANCE} at ON at.meeting_id = m.id "
        f"WHERE m.held_on >= %s AND m.held_on <= %s AND {units}"
    )
    sql, params = frame.grouped(
        facts,
        [frame.period.start, frame.period.end, *units_params],
        "COUNT(DISTINCT f.id), SUM(CASE WHEN f.present THEN 1 ELSE 0 END), COUNT(f.att_id)",
    )
    groups: Groups = {}
    for key, held, present, expected in _rows(sql, params) if frame.exists else []:
        groups[key] = {
            "meetings_held": _count(held),
            "meeting_attendances": _count(present),
            "meeting_expected": _count(expected),
        }
    return with_total(groups, MEETING_FLOWS)


def dues(frame: Frame) -> Groups:
    """Dues paid in the period (by payment date), where the collecting branch stood on that date."""
    units, units_params = frame.units_ever_under("d.unit_id")
    facts = (
        f"SELECT d.unit_id AS unit_id, d.paid_on AS day, d.amount AS amount FROM {DUES} d "
        f"WHERE d.paid_on >= %s AND d.paid_on <= %s AND {units}"
    )
    sql, params = frame.grouped(facts, [frame.period.start, frame.period.end, *units_params], "SUM(f.amount)")
    groups = {
        key: {"dues_collected_vnd": _count(total)}
        for key, total in (_rows(sql, params) if frame.exists else [])
    }
    return with_total(groups, DUES_FLOWS)


def direct_values(frame: Frame, flows: dict[int, str], stocks: dict[int, str]) -> Groups:
    """Values entered per unit and period, for periods inside the asked one, attributed at their end.
    Flows: the sum. Stocks: for each unit its latest value (latest period end), summed over the units."""
    period = frame.period
    groups: Groups = {}
    codes = [*flows.values(), *stocks.values()]
    if not frame.exists or not codes:
        return with_total(groups, codes)
    inside = "d.period_start >= %s AND d.period_end <= %s"
    units, units_params = frame.units_ever_under("d.unit_id")
    base = (
        f"SELECT d.unit_id AS unit_id, d.period_end AS day, d.indicator_id AS indicator_id, d.value AS value "
        f"FROM {DIRECT} d WHERE {inside} AND {units} AND d.indicator_id IN ({{ids}})"
    )
    queries = []
    if flows:
        queries.append(
            (base.format(ids=_placeholders(flows)), [period.start, period.end, *units_params, *flows], flows)
        )
    if stocks:
        latest = (
            f" AND NOT EXISTS (SELECT 1 FROM {DIRECT} d2 WHERE d2.unit_id = d.unit_id "
            f"AND d2.indicator_id = d.indicator_id AND d2.period_start >= %s AND d2.period_end <= %s "
            f"AND (d2.period_end > d.period_end OR (d2.period_end = d.period_end "
            f"AND d2.period_start > d.period_start)))"
        )
        facts = base.format(ids=_placeholders(stocks)) + latest
        facts_params = [period.start, period.end, *units_params, *stocks, period.start, period.end]
        queries.append((facts, facts_params, stocks))
    for facts, facts_params, names in queries:
        sql, params = frame.grouped(
            facts, facts_params, f"SUM({CENTS.format('f.value')})", by="f.indicator_id"
        )
        for key, indicator_id, cents in _rows(sql, params):
            groups.setdefault(key, {})[names[indicator_id]] = _cents(cents)
    return with_total(groups, codes)


# ---------------------------------------------------------------------------------------------------------
# The registry: members and units at the period's end


def _end_of_day(day: datetime.date):
    moment = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return connection.ops.adapt_datetimefield_value(moment)


def member_stocks(frame: Frame) -> Groups:
    """Members counted (active or honorary) on the period's last day, each as their record stood at the end
    of that day, in the branch they belonged to then, under the tree of that day; and the Party members
    among them (admitted to the Party, probationary or full, by that day). Same rule as
    doanvu.members.selectors.members_on."""
    end = frame.period.end
    moment = _end_of_day(end)
    statuses = list(COUNTED_STATUSES)
    units, units_params = frame.units_ever_under("h.unit_id")
    facts = (
        f"SELECT h.unit_id AS unit_id, h.party_probationary_on AS party_on FROM {HISTORY} h "
        f"WHERE h.history_date < %s AND h.history_type <> '-' AND h.status IN ({_placeholders(statuses)}) "
        f"AND {units} AND NOT EXISTS (SELECT 1 FROM {HISTORY} h2 WHERE h2.id = h.id AND h2.history_date < %s "
        f"AND (h2.history_date > h.history_date "
        f"OR (h2.history_date = h.history_date AND h2.history_id > h.history_id)))"
    )
    sql, params = frame.grouped(
        facts,
        [moment, *statuses, *units_params, moment],
        "COUNT(*), SUM(CASE WHEN f.party_on IS NOT NULL AND f.party_on <= %s THEN 1 ELSE 0 END)",
        fixed=end,
        aggregate_params=[end],
    )
    groups = {
        key: {"members": _count(members), "party_members": _count(party)}
        for key, members, party in (_rows(sql, params) if frame.span_on(end) else [])
    }
    return with_total(groups, MEMBER_STOCKS)


def unit_stocks(frame: Frame) -> Groups:
    """Branches (chi đoàn, chi đoàn cơ sở) and grassroots units (đoàn cơ sở, chi đoàn cơ sở) in the sub-tree
    on the period's last day, of the kind they had that day. The unit itself counts if it is one."""
    end = frame.period.end
    branch_kinds = list(BRANCH_KINDS)
    facts = (
        f"SELECT u.unit_id AS unit_id, CASE WHEN k.code IN ({_placeholders(branch_kinds)}) THEN 1 ELSE 0 END "
        f"AS is_branch, CASE WHEN k.is_grassroots THEN 1 ELSE 0 END AS is_grassroots "
        f"FROM {VERSIONS} u JOIN {KIND} k ON k.id = u.kind_id "
        f"WHERE u.valid_from <= %s AND (u.valid_to IS NULL OR u.valid_to > %s)"
    )
    sql, params = frame.grouped(
        facts, [*branch_kinds, end, end], "SUM(f.is_branch), SUM(f.is_grassroots)", fixed=end
    )
    groups = {
        key: {"branches": _count(branches), "grassroots_units": _count(grassroots)}
        for key, branches, grassroots in (_rows(sql, params) if frame.span_on(end) else [])
    }
    return with_total(groups, UNIT_STOCKS)


# ---------------------------------------------------------------------------------------------------------
# The registry: flows over the period


def member_events(frame: Frame, codes: set[str]) -> Groups:
    """Admissions, Party stages, coming of age and removals in the period, where the member's branch stood
    on the event's date.

    The branch an event happened in: for a status change, the branch in the member's history row that first
    recorded it; for admission, the branch the member was first registered in; for a Party stage, the
    branch in the first history row that carries the stage's date (the member's current branch when history
    has none)."""
    period = frame.period
    units, units_params = frame.units_ever_under("h.unit_id")
    parts, params = [], []
    for code, field in DATE_EVENTS.items():
        if code not in codes:
            continue
        having = "" if field == "joined_on" else f" AND h.{field} IS NOT NULL"
        parts.append(
            f"SELECT %s AS ev, COALESCE((SELECT h.unit_id FROM {HISTORY} h WHERE h.id = m.id{having} "
            f"ORDER BY h.history_date, h.history_id LIMIT 1), m.unit_id) AS unit_id, m.{field} AS day "
            f"FROM {MEMBER} m WHERE m.{field} >= %s AND m.{field} <= %s"
        )
        params += [code, period.start, period.end]
    for code, statuses in STATUS_EVENTS.items():
        if code not in codes:
            continue
        marks = _placeholders(statuses)
        parts.append(
            f"SELECT %s AS ev, h.unit_id AS unit_id, h.status_changed_on AS day FROM {HISTORY} h "
            f"WHERE h.status IN ({marks}) AND h.status_changed_on >= %s AND h.status_changed_on <= %s "
            f"AND {units} AND NOT EXISTS (SELECT 1 FROM {HISTORY} h2 WHERE h2.id = h.id AND h2.status IN ({marks}) "
            f"AND h2.status_changed_on = h.status_changed_on AND (h2.history_date < h.history_date "
            f"OR (h2.history_date = h.history_date AND h2.history_id < h.history_id)))"
        )
        params += [code, *statuses, period.start, period.end, *units_params, *statuses]
    groups: Groups = {}
    wanted = [code for code in (*DATE_EVENTS, *STATUS_EVENTS) if code in codes]
    if parts and frame.exists:
        sql, all_params = frame.grouped(" UNION ALL ".join(parts), params, "COUNT(*)", by="f.ev")
        for key, code, n in _rows(sql, all_params):
            groups.setdefault(key, {})[code] = _count(n)
    return with_total(groups, wanted)


def transfers(frame: Frame) -> Groups:
    """Accepted transfers decided in the period. In: received by a unit of the sub-tree from one outside
    it; out: the reverse; a transfer inside the sub-tree is neither. So the parent's in/out is not the sum
    of its children's: a transfer between two children is in for one, out for the other, and neither for
    the parent."""
    period = frame.period
    day = "t.decided_on"
    groups: Groups = {}
    if not frame.exists:
        return with_total(groups, TRANSFER_EVENTS)
    under_to, under_to_params = frame.under("vt", day)
    under_from, under_from_params = frame.under("vf", day)
    key_to, key_to_params = frame.key("vt", day)
    key_from, key_from_params = frame.key("vf", day)
    join_to, join_to_params = frame.join("vt", "t.to_unit_id", day)
    join_from, join_from_params = frame.join("vf", "t.from_unit_id", day)
    sql = (
        f"SELECT CASE WHEN {under_to} THEN {key_to} END AS kt, "
        f"CASE WHEN {under_from} THEN {key_from} END AS kf, COUNT(*) "
        f"FROM {TRANSFER} t LEFT {join_to} LEFT {join_from} "
        f"WHERE t.state = %s AND t.decided_on >= %s AND t.decided_on <= %s AND ({under_to} OR {under_from}) "
        f"GROUP BY 1, 2"
    )
    params = [
        *under_to_params,
        *key_to_params,
        *under_from_params,
        *key_from_params,
        *join_to_params,
        *join_from_params,
        Transfer.State.ACCEPTED,
        period.start,
        period.end,
        *under_to_params,
        *under_from_params,
    ]
    zero = dict.fromkeys(TRANSFER_EVENTS, Decimal(0))
    total = dict(zero)
    for kt, kf, n in _rows(sql, params):
        n = _count(n)
        if kt is not None and kt != kf:
            groups.setdefault(kt, dict(zero))["members_transferred_in"] += n
        if kf is not None and kf != kt:
            groups.setdefault(kf, dict(zero))["members_transferred_out"] += n
        if kt is not None and kf is None:
            total["members_transferred_in"] += n
        if kf is not None and kt is None:
            total["members_transferred_out"] += n
    groups[TOTAL] = total
    return groups


# The registry, meeting and dues codes computed here; any other code of those sources is None.
KNOWN_CODES = frozenset(
    {
        *MEMBER_STOCKS,
        *UNIT_STOCKS,
        *MEETING_FLOWS,
        *DUES_FLOWS,
        *DATE_EVENTS,
        *STATUS_EVENTS,
        *TRANSFER_EVENTS,
        "members_in_arrears",
    }
)


def _book_open(unit: str) -> str:
    """SQL condition: a dues book is open for the member row `m` in the branch `unit` — the branch has
    recorded dues, or the member has paid. Nobody else owes anything (doanvu.work.arrears), so this cheap
    test, a semi-join computed once, spares the per-member lookups where no dues are kept."""
    return f"({unit} IN (SELECT db.unit_id FROM {DUES} db) OR m.id IN (SELECT dm.member_id FROM {DUES} dm))"


def arrears(frame: Frame) -> Groups:
    """Members in arrears with their dues on the period's last day (or today, if the period has not
    ended), by the dues module's rule (doanvu.work.arrears: at least `arrears_threshold()` unpaid months of
    the 12 before the day): the members counted that day — today the current rolls, a past day each
    member's record as it stood at the end of that day — in the branch they belonged to then, under the
    tree of that day. One grouped query, whatever the number of children."""
    try:
        from doanvu.work.arrears import arrears_threshold, unpaid_months_sql
    except ImportError:  # the dues module is not installed: the indicator stays undefined
        return {}
    day = min(frame.period.end, timezone.localdate())
    if frame.span_on(day) is None:
        return with_total({}, ["members_in_arrears"])
    statuses = list(COUNTED_STATUSES)
    if day >= timezone.localdate():
        unpaid, unpaid_params = unpaid_months_sql("m", day)
        units, units_params = frame.units_ever_under("m.unit_id")
        facts = (
            f"SELECT m.unit_id AS unit_id FROM {MEMBER} m WHERE m.status IN ({_placeholders(statuses)}) "
            f"AND {units} AND {_book_open('m.unit_id')} AND {unpaid} >= %s"
        )
        facts_params = [*statuses, *units_params, *unpaid_params, arrears_threshold()]
    else:
        moment = _end_of_day(day)
        unpaid, unpaid_params = unpaid_months_sql("m", day, unit="h.unit_id")  # the branch of that day
        units, units_params = frame.units_ever_under("h.unit_id")
        facts = (
            f"SELECT h.unit_id AS unit_id FROM {HISTORY} h JOIN {MEMBER} m ON m.id = h.id "
            f"WHERE h.history_date < %s AND h.history_type <> '-' AND h.status IN ({_placeholders(statuses)}) "
            f"AND {units} AND NOT EXISTS (SELECT 1 FROM {HISTORY} h2 WHERE h2.id = h.id AND h2.history_date < %s "
            f"AND (h2.history_date > h.history_date "
            f"OR (h2.history_date = h.history_date AND h2.history_id > h.history_id))) "
            f"AND {_book_open('h.unit_id')} AND {unpaid} >= %s"
        )
        facts_params = [moment, *statuses, *units_params, moment, *unpaid_params, arrears_threshold()]
    sql, params = frame.grouped(facts, facts_params, "COUNT(*)", fixed=day)
    groups = {key: {"members_in_arrears": _count(n)} for key, n in _rows(sql, params)}
    return with_total(groups, ["members_in_arrears"])
