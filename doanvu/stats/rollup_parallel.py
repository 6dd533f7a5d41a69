"""Summing the rollups' sources in several connections at once, for a rebuild or a check on PostgreSQL
(docs/architecture.md, "Rollups": "Checking and rebuilding").

Each source is one long query over the records (the country's activities: tens of millions of rows), and
a PostgreSQL server runs one query on one core. Here the sources are shared among `workers()` connections,
each in a thread of its own (a thread waits on its server process, not on Python), the largest sources
first. Every connection reads the records as the caller's transaction sees them (its snapshot, exported
and imported as `pg_dump --jobs` does), so the parts add up to what one connection would have summed,
and writes its sources' rows into a scratch table of its own, unlogged: nothing there is needed after a
crash. The caller adds the parts into its own table (`gather`), and the scratch tables are dropped when
it is done, whether it succeeded or not (`Parts`).

Used only when the caller is not already inside a transaction (the `doanvu rollup` command,
`seed_national`): the caller's transaction must be the one whose snapshot the others import.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from doanvu.stats import rollup_activities, rollup_sql
from doanvu.stats.rollups import SOURCES, insert

# The sources by what they cost at the size of a country, the largest first (bench/README.md, "The whole
# country"): with two connections, one sums the activities while the other sums all the rest.
LARGEST_FIRST = ("activities", "member_stocks", "arrears", "member_events", "transfers", "unit_stocks")
COLUMNS = (
    "anc VARCHAR(7) NOT NULL, child VARCHAR(7) NOT NULL, month INTEGER NOT NULL, code VARCHAR(72) NOT NULL, "
    "cents BIGINT NOT NULL"
)
SNAPSHOT_ID = re.compile(r"^[0-9A-Fa-f-]+$")

# Sources that are summed in slices, one per connection: the activities, each slice a share of them by id.
# An activity's rows all come from its own slice (those of an activity held jointly too), so the slices'
# rows add up to the source's.
SLICED = {"activities"}


def _slice(name: str, part: int, parts: int) -> list[rollup_sql.Query]:
    if name == "activities":
        return rollup_activities.activity_parts("MOD(a.id, %s) = %s", [parts, part])
    raise ValueError(name)


def tasks(names: list[str]) -> list[tuple[str, int, int]]:
    """(source, slice, slices) to sum: the largest sources first, a sliced source in `workers()` slices."""
    n = workers()
    return [
        (name, part, n if name in SLICED else 1)
        for name in ordered(names)
        for part in range(n if name in SLICED else 1)
    ]


Done = Callable[[str, float], None]


def workers() -> int:
    """How many connections sum the sources (settings.ROLLUP_WORKERS, at most one per source)."""
    return max(1, min(int(settings.ROLLUP_WORKERS), len(SOURCES)))


def usable() -> bool:
    """Whether a rebuild or a check started now may share its sources among connections."""
    return connection.vendor == "postgresql" and workers() > 1 and not connection.in_atomic_block


def ordered(names: list[str]) -> list[str]:
    """`names`, the largest sources first, then the others in their order."""
    rank = {name: number for number, name in enumerate(LARGEST_FIRST)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), names.index(name)))


class Parts:
    """The scratch tables of one rebuild or check; `drop` removes those that were made."""

    def __init__(self) -> None:
        stamp = f"{os.getpid()}_{time.monotonic_ns() % 10**9}"
        self.tables = [f"stats_rollup_part_{stamp}_{number}" for number in range(workers())]

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def parts() -> Iterator[Parts]:
    """Scratch tables for `fill`, dropped on the way out (outside the caller's transaction, which may have
    been rolled back)."""
    made = Parts()
    try:
        yield made
    finally:
        made.drop()


def fill(made: Parts, names: list[str], *, stock_sources: frozenset[str], work_mem: str, done: Done) -> None:
    """Sum the sources `names` into `made`'s tables, in as many connections, each reading the records as
    the current transaction sees them. `done(name, seconds)` is called as each source (or slice of one,
    `tasks`) is summed (from the connection's thread, one call at a time). The first error of any connection is raised here, once
    every connection has stopped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    if not SNAPSHOT_ID.match(snapshot):
        raise RuntimeError(f"unexpected snapshot id {snapshot!r}")
    todo: queue.Queue[tuple[str, int, int]] = queue.Queue()
    for task in tasks(names):
        todo.put(task)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(table: str) -> None:
        try:
            _sum_into(table, snapshot, todo, stock_sources, work_mem, done, lock, errors)
        except BaseException as error:  # noqa: BLE001 (raised again in the caller's thread)
            with lock:
                errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(table,), daemon=True) for table in made.tables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _sum_into(table, snapshot, todo, stock_sources, work_mem, done, lock, errors) -> None:
    """One connection's share: in one transaction on the exported snapshot, make `table` and add to it
    each source taken from `todo` until none is left (or another connection has failed)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
            cursor.execute(f"CREATE UNLOGGED TABLE {table} ({COLUMNS})")
        while not errors:
            try:
                name, part, parts = todo.get_nowait()
            except queue.Empty:
                break
            started = time.monotonic()
            made = _slice(name, part, parts) if parts > 1 else rollup_sql.queries(SOURCES[name]())
            for query in made:
                insert(query, table=table, tell=False, blocks=name in stock_sources, upsert=False)
            with lock:
                done(name, time.monotonic() - started)


def gather(made: Parts, table: str, *, keyed: bool) -> None:
    """Add the parts' rows to `table`. `keyed` (a rebuild, into the rollups without their unique
    constraint): one row per key, the parts' rows of a key added up (an activity held jointly gives rows
    whose keys others give too), written in the order of the key: the table is then laid out as a
    reader of a unit's period wants it (rollup_build.py), with no further sort. Otherwise (a check) the
    rows as they are."""
    every = " UNION ALL ".join(f"SELECT anc, child, month, code, cents FROM {part}" for part in made.tables)
    columns = "anc, child, month, code, cents"
    if keyed:
        sql = (
            f"INSERT INTO {table} ({columns}) SELECT anc, child, month, code, SUM(cents) FROM ({every}) p "
            f"GROUP BY anc, code, month, child HAVING SUM(cents) <> 0 ORDER BY anc, code, month, child"
        )
    else:
        sql = f"INSERT INTO {table} ({columns}) {every}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
