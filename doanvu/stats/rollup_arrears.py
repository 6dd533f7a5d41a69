"""Members in arrears with their dues, as rollup rows (docs/architecture.md, "Rollups"; the rule is
doanvu.work.arrears, docs/domain.md "Dues and arrears").

A member is in arrears on a day D when at least `threshold` of the 12 months due before D are unpaid. For a
member counted in a branch over the days [s, t) (one history row, clipped to one version of the branch, as
for the member stocks) the unpaid months on each month's last day are a function of the month alone: the
months due run from the latest of the window's first month, the month after joining, the month after the
member's latest accepted transfer up to that month and the month the dues book opened (the earlier of the
branch's first recorded dues and the member's own first payment), and the months paid are the member's
payments among them: those of the window, or since the transfer's month when it falls inside the window
(a running count of payments less its value at the transfer's month). So each (member, branch) span gives,
month by month, its unpaid count u(M), and the rollups keep, for every k from 1 to 12, the stock "members
with at least k unpaid months" as its changes: +1 in the month u reaches k, -1 in the month it falls below
k again or the span ends. A unit's members in arrears on a month's last day are then the sum of the rows of the code for
the configured threshold up to that month, in the tree of that day; the threshold can change without a
rebuild.

Two windows are kept: the 12 months ending with the month (`arrears.<k>`: read for a day that ends its
month, every past period), and the 12 months ending with the month before (`arrears.<k>.mid`: read for
today when it is not a month's last day, the rolls being those of the month so far).

After the member's last payment, the book's opening, their admission and their last transfer, u is 12 for
good: the months are generated up to there and the state at the last one holds until the span ends.

Dues are recorded at any time for any month, so a payment changes the rows of its member and, through the
month the branch's book opened, of every member ever in the branch: rollup_sync.py recomputes them in the
transaction of every dues write, and a transfer's member's in the transaction that saves the transfer.
"""

from __future__ import annotations

from doanvu.members.models import COUNTED_STATUSES, Transfer
from doanvu.stats.rollup_sql import (
    DUES,
    HISTORY,
    MEMBER,
    NEVER,
    TRANSFER,
    Query,
    _and,
    _marks,
    _pg,
    earlier,
    later,
    local_day,
    months_index,
    spread,
)
from doanvu.stats.sources import VERSIONS

WINDOW = 12  # the months before the day (doanvu.work.arrears.WINDOW_MONTHS)
NEVER_INDEX = NEVER.year * 12 + NEVER.month


def code(threshold: int, *, mid_month: bool) -> str:
    """The rollup code of "members with at least `threshold` unpaid months" for a day that ends its month
    (mid_month False) or not."""
    return f"arrears.{threshold}" + (".mid" if mid_month else "")


def _first_day(expr: str) -> str:
    """SQL condition: the date is the first of its month (only those months are counted as paid)."""
    if _pg():
        return f"EXTRACT(DAY FROM {expr}) = 1"
    return f"SUBSTR({expr}, 9, 2) = '01'"


def _yyyymm(index: str) -> str:
    return f"((({index}) - 1) / 12) * 100 + (({index}) - 1) %% 12 + 1"


def _due(window_last: str) -> str:
    """SQL: the months due among the 12 ending with month `window_last` (a month index), for a row of
    ar_t with `jn` (month of joining), `tc` (month of the latest transfer in, of those in the grid) and
    `opened` (month the book opened)."""
    first = f"({window_last} - {WINDOW - 1})"
    start = later(later(later(first, "COALESCE(w.jn + 1, 0)"), "COALESCE(w.tc + 1, 0)"), "w.opened")
    return later("0", f"{window_last} - {start} + 1")


def _paid(now: bool) -> str:
    """SQL: the months paid among those due in the window ending with the row's month (`now`) or the month
    before, for a row of ar_t: the window's payments, or, after a transfer in inside the window, those
    since the transfer's month (the running count `cum` less the count at that month, `ccum`)."""
    if now:
        return "CASE WHEN w.tc IS NOT NULL AND w.tc > w.mon - 12 THEN w.cum - w.ccum ELSE w.p0 END"
    return (
        "CASE WHEN w.tc IS NULL OR w.tc <= w.mon - 13 THEN w.p1 WHEN w.tc >= w.mon THEN 0 "
        "ELSE w.cum - w.paid - w.ccum END"
    )


def arrears(
    where: str = "", params: list | None = None, *, dues_where: str = "", dues_params: list | None = None
) -> Query:
    """`where` restricts the members (`{id}`, the history rows' member id); `dues_where` the payments
    taken into account (alias d: the part as it stood without some payments)."""
    day = local_day("h.history_date")
    statuses = list(COUNTED_STATUSES)
    # Only members whose book is open somewhere: who paid once, or stood in a branch where someone paid
    # (the others owe nothing: no row). Most of the country's members are left out at once.
    book = (
        f"EXISTS (SELECT 1 FROM {DUES} d0 WHERE d0.member_id = h.id) OR EXISTS (SELECT 1 FROM {HISTORY} h0 "
        f"WHERE h0.id = h.id AND EXISTS (SELECT 1 FROM {DUES} d0 WHERE d0.unit_id = h0.unit_id))"
    )
    ctes = [
        # Each member's history rows, each with the day the next one took over.
        f"ar_rows AS (SELECT h.id AS mid, h.history_id AS hid, h.unit_id, h.status, h.history_type, {day} AS a, "
        f"LEAD({day}) OVER (PARTITION BY h.id ORDER BY h.history_date, h.history_id) AS b "
        f"FROM {HISTORY} h WHERE ({book}){_and(where.format(id='h.id'))})",
        # Counted in a version of a branch over the days [s, t): months [ms, mt) end inside.
        f"ar_spans AS (SELECT r.mid, r.hid, v.id AS vid, r.unit_id AS bid, v.lineage, "
        f"{later('r.a', 'v.valid_from')} AS s, {earlier('COALESCE(r.b, %s)', 'COALESCE(v.valid_to, %s)')} AS t "
        f"FROM ar_rows r JOIN {VERSIONS} v ON v.unit_id = r.unit_id "
        f"AND v.valid_from < COALESCE(r.b, %s) AND COALESCE(v.valid_to, %s) > r.a "
        f"WHERE r.history_type <> '-' AND r.status IN ({_marks(statuses)}))",
        # The payments of these members and of their branches.
        f"ar_pay AS (SELECT d.member_id AS mid, d.unit_id AS bid, {months_index('d.month')} AS n, "
        f"CASE WHEN {_first_day('d.month')} THEN 1 ELSE 0 END AS whole FROM {DUES} d "
        f"WHERE (d.member_id IN (SELECT mid FROM ar_spans) OR d.unit_id IN (SELECT bid FROM ar_spans))"
        f"{_and(dues_where)})",
        # The months of the accepted transfers of these members: the months up to a transfer's are not due
        # from the next month's end on (doanvu.work.arrears: a member transferred in owes those elsewhere).
        f"ar_tin AS (SELECT DISTINCT t.member_id AS mid, {months_index('t.decided_on')} AS n FROM {TRANSFER} t "
        f"WHERE t.state = %s AND t.decided_on IS NOT NULL AND t.member_id IN (SELECT mid FROM ar_spans))",
        "ar_tlast AS (SELECT mid, MAX(n) AS n FROM ar_tin GROUP BY mid)",
        "ar_branch AS (SELECT bid, MIN(n) AS n FROM ar_pay GROUP BY bid)",
        "ar_own AS (SELECT mid, MIN(n) AS n, MAX(n) AS last FROM ar_pay GROUP BY mid)",
        f"ar_open AS (SELECT s.mid, s.hid, s.vid, s.lineage, {months_index('s.s')} AS ms, {months_index('s.t')} AS mt, "
        f"{months_index('m.joined_on')} AS jn, "
        f"CASE WHEN b.n IS NULL THEN o.n WHEN o.n IS NULL THEN b.n ELSE {earlier('b.n', 'o.n')} END AS opened, "
        f"o.last, tl.n AS tl FROM ar_spans s JOIN {MEMBER} m ON m.id = s.mid "
        f"LEFT JOIN ar_branch b ON b.bid = s.bid LEFT JOIN ar_own o ON o.mid = s.mid "
        f"LEFT JOIN ar_tlast tl ON tl.mid = s.mid)",
        # The months that matter: from the later of the span's start and the book's opening, to the span's
        # end or the month after which nothing changes any more (u = 12 from then on).
        f"ar_sp AS (SELECT o.mid, o.hid, o.vid, o.lineage, o.mt, o.jn, o.opened, "
        f"{later('o.ms', 'o.opened')} AS lo, "
        f"{earlier('o.mt - 1', later(later('o.ms', 'o.opened'), _settled('o') + ' + 1'))} AS hi "
        f"FROM ar_open o WHERE o.opened IS NOT NULL AND {later('o.ms', 'o.opened')} < o.mt)",
        "ar_bounds AS (SELECT MIN(lo) - 12 AS lo, MAX(hi) AS hi FROM ar_sp)",
        "ar_mons(n) AS (SELECT lo FROM ar_bounds WHERE lo IS NOT NULL "
        "UNION ALL SELECT n + 1 FROM ar_mons WHERE n < (SELECT hi FROM ar_bounds))",
        # One row per span and month, from 12 months before `lo` (the window of the first month).
        # (A transfer before the grid's first month is older than any window read, so it changes nothing.)
        "ar_grid AS (SELECT x.hid, x.vid, x.lineage, x.mt, x.jn, x.opened, x.lo, x.hi, n.n AS mon, "
        "CASE WHEN p.mid IS NULL THEN 0 ELSE 1 END AS paid, CASE WHEN t.mid IS NULL THEN 0 ELSE 1 END AS tr "
        "FROM ar_sp x JOIN ar_mons n ON n.n >= x.lo - 12 AND n.n <= x.hi "
        "LEFT JOIN ar_pay p ON p.mid = x.mid AND p.n = n.n AND p.whole = 1 AND (x.jn IS NULL OR p.n > x.jn) "
        "LEFT JOIN ar_tin t ON t.mid = x.mid AND t.n = n.n)",
        "ar_w AS (SELECT g.*, "
        "SUM(g.paid) OVER (PARTITION BY g.hid, g.vid ORDER BY g.mon ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) "
        "AS p0, SUM(g.paid) OVER (PARTITION BY g.hid, g.vid ORDER BY g.mon ROWS BETWEEN 12 PRECEDING AND "
        "1 PRECEDING) AS p1, SUM(g.paid) OVER (PARTITION BY g.hid, g.vid ORDER BY g.mon "
        "ROWS UNBOUNDED PRECEDING) AS cum FROM ar_grid g)",
        # The latest transfer's month up to the row's month, and the running count of payments there (the
        # running count never falls, so its largest value on a transfer's month is the latest one's).
        "ar_t AS (SELECT w.*, "
        "MAX(CASE WHEN w.tr = 1 THEN w.mon END) OVER (PARTITION BY w.hid, w.vid ORDER BY w.mon "
        "ROWS UNBOUNDED PRECEDING) AS tc, "
        "MAX(CASE WHEN w.tr = 1 THEN w.cum END) OVER (PARTITION BY w.hid, w.vid ORDER BY w.mon "
        "ROWS UNBOUNDED PRECEDING) AS ccum FROM ar_w w)",
        f"ar_u AS (SELECT w.hid, w.vid, w.lineage, w.mt, w.hi, w.mon, {_due('w.mon')} - ({_paid(True)}) AS u0, "
        f"{_due('(w.mon - 1)')} - ({_paid(False)}) AS u1 FROM ar_t w WHERE w.mon >= w.lo)",
        "ar_d AS (SELECT u.*, "
        "COALESCE(LAG(u.u0) OVER (PARTITION BY u.hid, u.vid ORDER BY u.mon), 0) AS v0, "
        "COALESCE(LAG(u.u1) OVER (PARTITION BY u.hid, u.vid ORDER BY u.mon), 0) AS v1 FROM ar_u u)",
    ]
    parts = []
    for now, before, suffix in (("u0", "v0", ""), ("u1", "v1", ".mid")):
        name = f"'arrears.' || CAST(l.i AS VARCHAR(2)) || '{suffix}'"
        low, high = earlier(f"d.{now}", f"d.{before}"), later(f"d.{now}", f"d.{before}")
        parts.append(
            f"SELECT d.lineage, {_yyyymm('d.mon')} AS mo, {name} AS code, "
            f"CASE WHEN d.{now} > d.{before} THEN 100 ELSE -100 END AS cents FROM ar_d d "
            f"JOIN levels l ON l.i > {low} AND l.i <= {high}"
        )
        parts.append(
            f"SELECT d.lineage, {_yyyymm('d.mt')}, {name}, -100 FROM ar_d d JOIN levels l ON l.i <= d.{now} "
            f"WHERE d.mon = d.hi AND d.mt < {NEVER_INDEX}"
        )
    sql, _ = spread(" UNION ALL ".join(parts), [])
    sql = sql.replace("WITH RECURSIVE ", "WITH RECURSIVE " + ", ".join(ctes) + ", ", 1)
    accepted = Transfer.State.ACCEPTED.value
    return sql, [*(params or []), NEVER, NEVER, NEVER, NEVER, *statuses, *(dues_params or []), accepted]


def _settled(o: str) -> str:
    """SQL: the last month index from which the window ending there holds no payment and every month of it
    is due (u = 12 for good): 12 months past the month after joining, the book's opening, the last
    payment and the last transfer."""
    return later(
        later(
            later(f"COALESCE({o}.jn + {WINDOW}, 0)", f"{o}.opened + {WINDOW - 1}"),
            f"COALESCE({o}.last + {WINDOW}, 0)",
        ),
        f"COALESCE({o}.tl + {WINDOW}, 0)",
    )
