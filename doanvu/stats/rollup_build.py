"""Building every rollup from the records, and checking them against the records (docs/architecture.md,
"Rollups", "Checking and rebuilding"). What each record adds is rollup_sql.py's; writing rows is
rollups.insert.

On PostgreSQL the rows are written in bulk: the table is emptied and its unique constraint dropped, the
first query of each source writes its rows as new ones (its keys are its own: each source groups its rows
by key, and no two sources give the same code), the constraint is made again in one sort, and only then
are the further queries of a source (activities held jointly, whose rows may share a key with those held
alone) added with the upsert. Millions of insertions into an index, each checking for a conflict, cost
ten times as much at the size of a country. Last, the rows are laid out in the order of that key
(CLUSTER): a unit's rows of a period then sit on a few pages instead of one or two rows on each of
thousands, which is what reading a province's year costs (docs/scale.md). A rebuild holds the table
meanwhile: pages that read figures wait for it to end. SQLite, a laptop's database, keeps the upsert
throughout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from doanvu.org.models import UnitVersion
from doanvu.stats import rollup_parallel, rollup_sql
from doanvu.stats.models import Rollup
from doanvu.stats.rollups import SOURCES, TABLE, insert, notify

Report = Callable[[int, int, str, float], None]

# The sources that give stocks, whose changes are also added to the blocks of years (the others give
# flows only: their rows skip the blocks' step).
STOCK_SOURCES = frozenset({"member_stocks", "unit_stocks", "arrears"})
UNIQUE = "rollup_one_row"  # stats.Rollup's unique constraint
KEY = "anc, code, month, child"

# Memory for each sort and hash of a rebuild or a check (PostgreSQL): the country's sources group tens
# of millions of rows, which the server's default (a few megabytes) would sort on disk.
BULK_WORK_MEM = "512MB"
INDEX_MEMORY = "1GB"

# The steps' names besides the sources' (doanvu rollup prints them).
INDEX_STEP = "index"
LATER_STEP = "joint"
ORDER_STEP = "order"
COMPARE_STEP = "compare"


def _pg() -> bool:
    return connection.vendor == "postgresql"


def analyze_records() -> None:
    """On PostgreSQL, the planner's statistics of every table before the sources are summed in bulk: a
    database just written in bulk (the demo, an import, a restore) may have none yet — autovacuum may be
    off or not have run — and the sources' joins planned blind take minutes instead of seconds. ANALYZE
    counts the rows the current transaction wrote.

    The tables are named: a bare ANALYZE also takes the server's shared catalogs (the list of databases,
    of roles), and inside a long transaction (a rebuild of the country's rollups) it would hold them until
    the commit, so that an ANALYZE of any other database on the server waits for as long."""
    if _pg():
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        if tables:
            with connection.cursor() as cursor:
                names = ", ".join(connection.ops.quote_name(table) for table in sorted(tables))
                cursor.execute(f"ANALYZE {names}")


@dataclass
class Step:
    name: str
    seconds: float


def _fill(
    table: str,
    report: Report | None,
    *,
    constraint: str | None = None,
    parts: rollup_parallel.Parts | None = None,
) -> list[Step]:
    """Add every source's rows to the empty `table`.

    With `parts` (PostgreSQL, rollup_parallel.py): the sources are summed in several connections at once
    into those scratch tables; with a `constraint` (a rebuild) they are then gathered into `table`, one
    row per key in the key's order, and `constraint` is made (a check compares the parts themselves).
    Otherwise, with a `constraint`: on PostgreSQL the table has no unique constraint yet; the first query of each source writes its rows as new ones,
    `constraint` is made, and the further queries are added with the upsert (see the module's
    docstring); SQLite's table keeps its constraint and every query is added with the upsert. Without (a
    check): every query writes its rows as new ones, and a key may have several rows, to be added up."""
    bulk = _pg()
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{BULK_WORK_MEM}'")
    names = list(SOURCES)
    keyed_later = bulk and constraint is not None
    total = _total(constraint, parts)
    steps: list[Step] = []

    def done(name: str, seconds: float) -> None:
        steps.append(Step(name, seconds))
        if report:
            report(len(steps), total, name, seconds)

    if parts is not None:
        rollup_parallel.fill(parts, names, stock_sources=STOCK_SOURCES, work_mem=BULK_WORK_MEM, done=done)
        if constraint is not None:
            rollup_parallel.gather(parts, table, work_mem=BULK_WORK_MEM, done=done)
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE ({KEY})")
                # The rows were written in the key's order: marked as laid out by it, as CLUSTER does.
                cursor.execute(f"ALTER TABLE {table} CLUSTER ON {constraint}")
            done(INDEX_STEP, time.monotonic() - started)
        return steps

    later: list[tuple[rollup_sql.Query, bool]] = []
    for name in names:
        started = time.monotonic()
        blocks = name in STOCK_SOURCES
        first, *rest = rollup_sql.queries(SOURCES[name]())
        upsert = constraint is not None and not bulk
        insert(first, table=table, tell=False, blocks=blocks, upsert=upsert)
        if keyed_later:
            later += [(query, blocks) for query in rest]
        else:
            for query in rest:
                insert(query, table=table, tell=False, blocks=blocks, upsert=upsert)
        done(name, time.monotonic() - started)
    if keyed_later:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE ({KEY})")
        done(INDEX_STEP, time.monotonic() - started)
        started = time.monotonic()
        for query, blocks in later:
            insert(query, table=table, tell=False, blocks=blocks)
        done(LATER_STEP, time.monotonic() - started)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"CLUSTER {table} USING {constraint}")
        done(ORDER_STEP, time.monotonic() - started)
    return steps


def _total(constraint: str | None, parts: rollup_parallel.Parts | None) -> int:
    """How many steps `_fill` and then a check (`constraint` None) report."""
    names = list(SOURCES)
    if constraint is None:  # a check: the sources, then the comparison
        sources = rollup_parallel.tasks(names) if parts is not None else names
        return len(sources) + 1
    if parts is not None:  # the sources side by side, the ranges sorted, written, the key
        return len(rollup_parallel.tasks(names)) + 3
    return len(names) + (3 if _pg() else 0)  # PostgreSQL: the key, the joint activities, the order


def rebuild(*, report: Report | None = None) -> list[Step]:
    """Build every rollup again from the records, in one transaction (upgrades, recovery). On PostgreSQL,
    outside any transaction, the sources are summed in several connections (rollup_parallel.py)."""
    parallel = rollup_parallel.usable()
    if parallel:
        analyze_records()  # committed: the other connections plan their sums with these statistics
    with rollup_parallel.parts() if parallel else nullcontext() as parts:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if _pg():
                    cursor.execute(f"TRUNCATE {TABLE}")
                    cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {UNIQUE}")
                else:
                    cursor.execute(f"DELETE FROM {TABLE}")
            if not parallel:
                analyze_records()
            steps = _fill(TABLE, report, constraint=UNIQUE, parts=parts)
            notify(None)
    if _pg():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")  # the planner's statistics of the new rows
    return steps


def missing() -> bool:
    """Whether there are records but no rollups at all (a database from before them, or restored
    without them): `doanvu rollup --if-missing` then builds them."""
    if Rollup.objects.exists():
        return False
    return UnitVersion.objects.exists()


@dataclass
class Difference:
    anc: str
    child: str
    month: int
    code: str
    kept: int
    expected: int


def check(*, report: Report | None = None, limit: int = 20) -> tuple[int, list[Difference]]:
    """Compare every rollup with what the records give now. (number of rows that differ, the first few)

    The records' rows (in the parts summed side by side on PostgreSQL, else in a scratch table) and the
    kept rows are grouped together, each in a column of its own, and the keys whose two sums differ are
    the differences: one grouping of both, not a join of two tables of the country's size, and no copy of
    either (the country's would need as much disk again)."""
    parallel = rollup_parallel.usable()
    if parallel:
        with rollup_parallel.parts() as parts, transaction.atomic():
            steps = _fill("", report, parts=parts)
            return _compare(parts.every(), limit, report, len(steps) + 1, _total(None, parts))
    scratch = "stats_rollup_expected"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} (anc VARCHAR(7) NOT NULL, child VARCHAR(7) NOT NULL, "
                f"month INTEGER NOT NULL, code VARCHAR(72) NOT NULL, cents BIGINT NOT NULL)"
            )
        steps = _fill(scratch, report)
        found = _compare(
            f"SELECT anc, child, month, code, cents FROM {scratch}",
            limit,
            report,
            len(steps) + 1,
            _total(None, None),
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {scratch}")
    return found


def _compare(expected: str, limit: int, report: Report | None, number: int, total: int):
    """The keys whose rows in `expected` (a query giving anc, child, month, code, cents) and in the rollups
    add up differently: (how many, the first `limit`)."""
    started = time.monotonic()
    rows = (
        f"SELECT anc, child, month, code, cents AS expected, 0 AS kept FROM ({expected}) e "
        f"UNION ALL SELECT anc, child, month, code, 0, cents FROM {TABLE} WHERE cents <> 0"
    )
    differences = (
        f"SELECT anc, child, month, code, SUM(kept) AS kept, SUM(expected) AS expected FROM ({rows}) r "
        f"GROUP BY anc, child, month, code HAVING SUM(kept) <> SUM(expected)"
    )
    table = "stats_rollup_differences"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {differences}")
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        count = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT * FROM {table} ORDER BY 1, 4, 3, 2 LIMIT {int(limit)}")
        first = [Difference(*row) for row in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {table}")
    if report:
        report(number, total, COMPARE_STEP, time.monotonic() - started)
    return count, first
