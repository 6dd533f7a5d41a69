"""The rollups: building them, checking them against the records, and reading a unit's figures from them
(docs/architecture.md, "Rollups"). What each record contributes is in rollup_sql.py.

Reading a unit's period costs its direct children × figures × months, whatever the number of records
below it: flows are the sum of the period's months, stocks the sum of every month up to its last.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import connection, connections, router

from doanvu.lib.periods import Period
from doanvu.org.models import lineage_segment
from doanvu.stats import rollup_activities, rollup_arrears, rollup_sql, rollup_years
from doanvu.stats.frame import TOTAL, Frame
from doanvu.stats.models import Rollup

TABLE = Rollup._meta.db_table
COLUMNS = "anc, child, month, code, cents"

Groups = dict[str, dict[str, Decimal]]

# The registry's codes kept in the rollups (every activity figure and direct flow is kept too).
STOCK_CODES = frozenset(rollup_sql.STOCKS)
FLOW_CODES = frozenset(
    {*rollup_sql.MEETING_FLOWS, "dues_collected_vnd", *rollup_sql.DATE_EVENTS, *rollup_sql.STATUS_EVENTS}
    | set(rollup_sql.TRANSFERS)
)
KEPT_CODES = STOCK_CODES | FLOW_CODES
TOTAL_KEPT = frozenset(rollup_sql.TRANSFERS)  # and every activity figure
ARREARS = "members_in_arrears"
# Every source of rows: rollup_sql.py's, and members in arrears (rollup_arrears.py).
SOURCES = {
    "activities": rollup_activities.activity_parts,
    **rollup_sql.SOURCES,
    "arrears": rollup_arrears.arrears,
}


def _month(day) -> int:
    return day.year * 100 + day.month


# -- Writing --------------------------------------------------------------------------------------------


# Told which units' rows a write changed (the lineage segments), or None when every row may have changed (a
# rebuild): the stored data-quality counts of doanvu.reports register here (docs/architecture.md,
# "Data-quality counts"), as the figures engine may not import them.
_watchers: list[Callable[[set[str] | None], None]] = []


def watch(callback: Callable[[set[str] | None], None]) -> None:
    """Called once, by ReportsConfig.ready(); watching again replaces the callback."""
    _watchers[:] = [callback]


def notify(touched: set[str] | None) -> None:
    for callback in _watchers:
        callback(touched)


def insert(
    query: rollup_sql.Query,
    *,
    sign: int = 1,
    table: str = TABLE,
    tell: bool = True,
    blocks: bool = True,
    upsert: bool = True,
) -> None:
    """Add (sign +1) or take away (-1) what `query` yields to the rows of `table`: its month rows, and
    for the stocks the rows of the blocks of years they lie in (rollup_years.py; `blocks` False when the
    query gives no stock). The watchers are told which units' rows changed. `upsert` False writes the
    rows as new ones (a rebuild into a table without its unique constraint, rollup_build.py)."""
    sql, params = query
    tell = tell and table == TABLE and bool(_watchers)
    months = f"SELECT q.anc, q.child, q.mo, q.code, {sign} * q.c AS c FROM ({sql}) q WHERE q.c <> 0"
    tail = (
        f"ON CONFLICT (anc, code, month, child) DO UPDATE SET cents = {table}.cents + excluded.cents"
        if upsert
        else ""
    ) + (" RETURNING anc" if tell else "")
    if blocks:
        merged = (
            f"WITH RECURSIVE m_rows AS ({months}), {rollup_years.years_cte('m_rows')} "
            f"INSERT INTO {table} (anc, child, month, code, cents) "
            f"SELECT z.anc, z.child, z.mo, z.code, z.c FROM (SELECT anc, child, mo, code, c FROM m_rows "
            f"UNION ALL {rollup_years.blocks_sql('m_rows', list(rollup_sql.STOCKS))}) z WHERE z.c <> 0 {tail}"
        )
    else:
        merged = f"INSERT INTO {table} (anc, child, month, code, cents) {months} {tail}"
    with connection.cursor() as cursor:
        cursor.execute(merged, params)
        touched = {row[0] for row in cursor.fetchall()} if tell else set()
    if touched:
        notify(touched)


# -- Reading --------------------------------------------------------------------------------------------


def _add(groups: Groups, key: str, code: str, cents: int) -> None:
    values = groups.setdefault(key, {})
    values[code] = values.get(code, Decimal(0)) + Decimal(int(cents)) / 100


def _cursor():
    # A read replica answers when the caller allows it (docs/scale.md, "Reads from replicas").
    return connections[router.db_for_read(Rollup)].cursor()


def _marks(values) -> str:
    return ", ".join("%s" for _ in values)


def _stock_rows(stocks: list[str], last: int) -> tuple[str, list]:
    """The condition on the rows that sum to the stocks `stocks` at the end of month `last`: the blocks of
    years before it and the month rows after them (rollup_years.window), with its parameters. Sum the rows
    by `rollup_years.code_of(code)`."""
    blocks, first = rollup_years.window(last)
    parts, params = [], []
    if blocks:
        parts.append(f"(code IN ({_marks(stocks)}) AND month IN ({_marks(blocks)}))")
        params += [*(rollup_years.block_code(c) for c in stocks), *blocks]
    if first <= last:
        parts.append(f"(code IN ({_marks(stocks)}) AND month >= %s AND month <= %s)")
        params += [*stocks, first, last]
    return "(" + " OR ".join(parts) + ")", params


def _direct_windows(direct_flows: Iterable[str], period: Period) -> tuple[list[tuple[int, list[str]]], dict]:
    """The direct flows that lie in the period: [(first month, rollup codes)] — a value entered for n
    months counts from the period's n-th month on, so that the months it was entered for all lie inside
    the period — and {rollup code: indicator code}."""
    start_index = period.start.year * 12 + period.start.month - 1
    windows, names = [], {}
    codes = sorted(direct_flows)
    for span in range(1, len(period.months()) + 1 if codes else 1):
        year, month = divmod(start_index + span - 1, 12)
        spanned = [f"d{span}.{code}" for code in codes]
        names.update({f"d{span}.{code}": code for code in codes})
        windows.append((year * 100 + month + 1, spanned))
    return windows, names


def read(
    frame: Frame,
    *,
    codes: set[str],
    activity_codes: set[str],
    direct_flows: set[str],
    arrears: tuple[str, int] | None = None,
) -> Groups:
    """The unit's figures in the period from the rollups, in one query: {group key: {code: value}}, TOTAL
    always. `codes` are registry, meeting and dues codes (those of KEPT_CODES are read); `activity_codes`
    the activity figures; `direct_flows` the direct values of flow indicators; `arrears` (the code of
    members in arrears and the month it is read at, rollup_arrears.py) gives "members_in_arrears"."""
    groups: Groups = {TOTAL: {}}
    if not frame.exists:
        return groups
    period = frame.period
    # The unit's own rows, and those of the units merged into it (their rows end at the merge).
    ancs = [lineage_segment(pk) for pk in [frame.unit.pk, *frame.inherited_units]]
    first, last = _month(period.start), _month(period.end)
    flows = [c for c in codes if c in FLOW_CODES] + ["a." + c for c in activity_codes]
    stocks = [c for c in codes if c in STOCK_CODES]
    parts, params = [], []
    if flows:
        parts.append(f"(code IN ({_marks(flows)}) AND month >= %s AND month <= %s)")
        params += [*flows, first, last]
    windows, names = _direct_windows(direct_flows, period)
    for since, spanned in windows:
        parts.append(f"(code IN ({_marks(spanned)}) AND month >= %s AND month <= %s)")
        params += [*spanned, since, last]
    for wanted, month in ([(stocks, last)] if stocks else []) + (
        [([arrears[0]], arrears[1])] if arrears else []
    ):
        condition, stock_params = _stock_rows(wanted, month)
        parts.append(condition)
        params += stock_params
    if arrears:
        names[arrears[0]] = ARREARS
    rows = []
    if parts:
        sql = (
            f"SELECT child, code, SUM(cents) FROM {TABLE} WHERE anc IN ({_marks(ancs)}) "
            f"AND ({' OR '.join(parts)}) GROUP BY child, code"
        )
        with _cursor() as cursor:
            cursor.execute(sql, [*ancs, *params])
            rows = cursor.fetchall()
    for child, code, total in rows:
        code = rollup_years.code_of(code)
        _add(groups, child, names.get(code) or (code[2:] if code.startswith("a.") else code), total)
    # Only activities and transfers keep total rows (a joint activity, a transfer inside the sub-tree);
    # every other figure's total is the sum of its groups.
    totals = groups.setdefault(TOTAL, {})
    for key, values in groups.items():
        if key == TOTAL:
            continue
        for code, value in values.items():
            if code not in TOTAL_KEPT and code not in activity_codes:
                totals[code] = totals.get(code, Decimal(0)) + value
    zero = dict.fromkeys([*codes & KEPT_CODES, *activity_codes, *direct_flows], Decimal(0))
    if arrears:
        zero[ARREARS] = Decimal(0)
    groups[TOTAL] = {**zero, **totals}
    return groups


def read_shared(frame: Frame) -> int:
    """The activities of the period that lie in two or more groups of the unit (rollup_activities.SHARED), from its
    total rows."""
    if not frame.exists:
        return 0
    ancs = [lineage_segment(pk) for pk in [frame.unit.pk, *frame.inherited_units]]
    sql = (
        f"SELECT SUM(cents) FROM {TABLE} WHERE anc IN ({_marks(ancs)}) AND code = %s "
        f"AND month >= %s AND month <= %s AND child = %s"
    )
    with _cursor() as cursor:
        period = frame.period
        cursor.execute(
            sql, [*ancs, rollup_activities.SHARED, _month(period.start), _month(period.end), TOTAL]
        )
        total = cursor.fetchone()[0]
    return int(total or 0) // 100


def arrears_code(frame: Frame, day, threshold: int) -> tuple[str, int] | None:
    """What `read` is given to read members in arrears on `day` (`read_arrears`' code and month), or None
    when there is nothing to read (the unit was not there that day, or a threshold past the window)."""
    if frame.span_on(day) is None or not 1 <= threshold <= rollup_arrears.WINDOW:
        return None
    month_end = (day + datetime.timedelta(days=1)).day == 1
    return rollup_arrears.code(threshold, mid_month=not month_end), _month(day)


def read_stock_months(frames: list[Frame], codes: list[str]) -> list[dict[str, Decimal]]:
    """The stocks `codes` on the last day of each frame's month (consecutive months of one unit), as `read`
    gives them in TOTAL: one query for the rows of every unit the frames read, each month then the sum of
    its units' rows up to it."""
    segments = [[lineage_segment(pk) for pk in [f.unit.pk, *f.inherited_units]] for f in frames]
    ancs = sorted({a for ones in segments for a in ones})
    # The first month's stocks as the blocks of years before it and its year's months; the months after
    # it add their own rows.
    condition, params = _stock_rows(codes, _month(frames[0].period.end))
    _blocks, first = rollup_years.window(_month(frames[0].period.end))
    last = _month(frames[-1].period.end)
    sql = (
        f"SELECT anc, code, month, SUM(cents) FROM {TABLE} WHERE anc IN ({_marks(ancs)}) "
        f"AND ({condition} OR (code IN ({_marks(codes)}) AND month >= %s AND month <= %s)) "
        f"GROUP BY anc, code, month"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [*ancs, *params, *codes, first, last])
        rows = cursor.fetchall()
    out = []
    for frame, ones in zip(frames, segments, strict=True):
        values = dict.fromkeys(codes, Decimal(0))
        if frame.exists:
            mine, month = set(ones), _month(frame.period.end)
            for anc, code, row_month, cents in rows:
                if anc in mine and row_month <= month:  # a block's month (yyyy00) precedes them all
                    values[rollup_years.code_of(code)] += Decimal(int(cents)) / 100
        out.append(values)
    return out


def read_flow_totals(
    frames: list[Frame], *, codes: set[str], activity_codes: set[str], direct_flows: set[str]
):
    """For each frame (one unit, several periods), the flows `read` gives in TOTAL for the same codes, from
    one query of the rows of every month the periods cover: [{code: value}]."""
    segments = [[lineage_segment(pk) for pk in [f.unit.pk, *f.inherited_units]] for f in frames]
    ancs = sorted({a for ones in segments for a in ones})
    flows = [c for c in codes if c in FLOW_CODES] + ["a." + c for c in activity_codes]
    windows = [_direct_windows(direct_flows, f.period) for f in frames]
    every = sorted({*flows, *(c for spans, _names in windows for _since, spanned in spans for c in spanned)})
    zero = dict.fromkeys([*codes & FLOW_CODES, *activity_codes, *direct_flows], Decimal(0))
    if not ancs or not every:
        return [dict(zero) for _f in frames]
    first = min(_month(f.period.start) for f in frames)
    last = max(_month(f.period.end) for f in frames)
    sql = (
        f"SELECT anc, child = %s, code, month, SUM(cents) FROM {TABLE} WHERE anc IN ({_marks(ancs)}) "
        f"AND code IN ({_marks(every)}) AND month >= %s AND month <= %s GROUP BY 1, 2, 3, 4"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [TOTAL, *ancs, *every, first, last])
        rows = cursor.fetchall()
    out = []
    for frame, ones, (spans, names) in zip(frames, segments, windows, strict=True):
        values = dict(zero)
        if frame.exists:
            mine, since, until = set(ones), _month(frame.period.start), _month(frame.period.end)
            starts = {code: start for start, spanned in spans for code in spanned}
            for anc, is_total, code, month, cents in rows:
                if anc not in mine or month > until or month < starts.get(code, since):
                    continue
                if code not in starts and code not in flows:
                    continue
                name = names.get(code) or (code[2:] if code.startswith("a.") else code)
                # Activities and transfers keep their totals apart; every other flow is its groups added up.
                if bool(is_total) == (code.startswith("a.") or code in TOTAL_KEPT):
                    values[name] = values.get(name, Decimal(0)) + Decimal(int(cents)) / 100
        out.append(values)
    return out


def read_arrears(frame: Frame, day, threshold: int) -> Groups:
    """Members in arrears on `day` (the period's last day, or today if the period has not ended), by
    direct child: the rows of "at least `threshold` unpaid months" up to the day's month, the window
    ending with that month when the day ends it, with the month before otherwise (rollup_arrears.py).
    {group key: {"members_in_arrears": n}}, TOTAL the sum of the groups."""
    code = ARREARS
    groups: Groups = {TOTAL: {code: Decimal(0)}}
    read_at = arrears_code(frame, day, threshold)
    if read_at is None:
        return groups
    ancs = [lineage_segment(pk) for pk in [frame.unit.pk, *frame.inherited_units]]
    condition, params = _stock_rows([read_at[0]], read_at[1])
    sql = (
        f"SELECT child, SUM(cents) FROM {TABLE} WHERE anc IN ({_marks(ancs)}) AND {condition} GROUP BY child"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [*ancs, *params])
        rows = cursor.fetchall()
    for child, total in rows:
        if total:
            _add(groups, child, code, total)
            _add(groups, TOTAL, code, total)
    return groups


def read_arrears_totals(unit_ids: Iterable[int], day, threshold: int) -> dict[int, Decimal]:
    """Members in arrears on `day` in the sub-tree of each of many units, in one query: {unit id: n}, what
    `read_arrears` gives each in TOTAL (the same code and months)."""
    ids = sorted({int(pk) for pk in unit_ids})
    out = dict.fromkeys(ids, Decimal(0))
    if not ids or threshold > rollup_arrears.WINDOW:
        return out
    month_end = (day + datetime.timedelta(days=1)).day == 1
    condition, params = _stock_rows([rollup_arrears.code(threshold, mid_month=not month_end)], _month(day))
    sql = f"SELECT anc, SUM(cents) FROM {TABLE} WHERE anc IN ({_segments_sql(ids)}) AND {condition} GROUP BY anc"
    with connections[router.db_for_read(Rollup)].cursor() as cursor:
        cursor.execute(sql, params)
        for anc, total in cursor.fetchall():
            out[int(anc, 36)] = Decimal(int(total)) / 100
    return out


def _segments_sql(unit_ids: Iterable[int]) -> str:
    """The units' lineage segments as SQL literals. A segment is the unit's id in base 36 (digits and
    lowercase letters only), so it is written into the query instead of being sent as one parameter per
    unit: a province's sub-tree has more units than a database takes parameters."""
    return ", ".join(f"'{lineage_segment(int(pk))}'" for pk in unit_ids)


def _sum_by_unit(segments: str, codes: list[str], since: int, last: int, windows: list) -> list[tuple]:
    """(anc, code, cents) of the sub-tree totals of `codes` from month `since` to `last`, each code of `windows`
    ((first month, codes)) from its own first month only."""
    every = ", ".join("%s" for _ in codes)
    parts, params = [], []
    for first, window_codes in windows:
        parts.append(f"(month >= %s AND code IN ({', '.join('%s' for _ in window_codes)}))")
        params += [first, *window_codes]
    narrower = f" AND ({' OR '.join(parts)})" if parts else ""
    # Activity figures and transfers keep total rows; every other figure's total is its groups added up.
    kept = f"(code LIKE 'a.%%' OR code IN ({', '.join('%s' for _ in TOTAL_KEPT)}))"
    sql = (
        f"SELECT anc, code, SUM(cents) FROM {TABLE} WHERE anc IN ({segments}) AND code IN ({every}) "
        f"AND month >= %s AND month <= %s AND ((child = %s AND {kept}) OR (child <> %s AND NOT {kept}))"
        f"{narrower} GROUP BY anc, code"
    )
    totals = sorted(TOTAL_KEPT)
    with connections[router.db_for_read(Rollup)].cursor() as cursor:
        cursor.execute(sql, [*codes, since, last, TOTAL, *totals, TOTAL, *totals, *params])
        return cursor.fetchall()


def read_totals(
    unit_ids: Iterable[int],
    period: Period,
    *,
    codes: set[str],
    activity_codes: set[str],
    direct_flows: set[str],
) -> dict[int, dict[str, Decimal]]:
    """The sub-tree figures of each of many units in the period from the rollups, in two queries whatever
    their number (flows, stocks): {unit id: {code: value}}, what `read` gives each in its TOTAL group
    (the same codes and rules: "a." activity figures, "d<n>." direct flows entered for a period inside
    this one, the kept registry codes; flows summed over the period's months, stocks up to its last
    from the blocks of years and the months after them)."""
    ids = sorted({int(pk) for pk in unit_ids})
    out: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    if not ids:
        return out
    segments = _segments_sql(ids)
    first, last = _month(period.start), _month(period.end)
    flows = [c for c in codes if c in FLOW_CODES] + ["a." + c for c in activity_codes]
    spans, names = _direct_windows(direct_flows, period)
    names.update({"a." + c: c for c in activity_codes})
    rows = []
    if flows or spans:
        windows = [*([(first, flows)] if flows and spans else []), *spans]
        every = flows + [code for _since, spanned in spans for code in spanned]
        rows += _sum_by_unit(segments, every, first, last, windows)
    stocks = [c for c in codes if c in STOCK_CODES]
    if stocks:
        condition, params = _stock_rows(stocks, last)
        sql = (
            f"SELECT anc, code, SUM(cents) FROM {TABLE} WHERE anc IN ({segments}) AND child <> %s "
            f"AND {condition} GROUP BY anc, code"
        )
        with connections[router.db_for_read(Rollup)].cursor() as cursor:
            cursor.execute(sql, [TOTAL, *params])
            rows += cursor.fetchall()
    for anc, code, total in rows:
        values = out[int(anc, 36)]
        code = rollup_years.code_of(names.get(code, code))
        values[code] = values.get(code, Decimal(0)) + Decimal(int(total)) / 100
    return out
