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

import itertools
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

# The steps of `gather` (doanvu rollup prints their names).
SORT_STEP = "sort_ranges"
WRITE_STEP = "write_ranges"


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
    """The scratch tables of one rebuild or check (`tables`, one per connection summing the sources;
    `ranges`, one per range of keys a rebuild gathers); `drop` removes those that were made."""

    def __init__(self) -> None:
        stamp = f"{os.getpid()}_{time.monotonic_ns() % 10**9}"
        self.tables = [f"stats_rollup_part_{stamp}_{number}" for number in range(workers())]
        self.ranges = [f"stats_rollup_part_{stamp}_range_{number}" for number in range(workers())]

    def every(self) -> str:
        """A query over every part's rows (anc, child, month, code, cents), a key's rows possibly several."""
        return " UNION ALL ".join(
            f"SELECT anc, child, month, code, cents FROM {part}" for part in self.tables
        )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for table in [*self.tables, *self.ranges]:
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
    lock = threading.Lock()

    def work(table: str, errors: list[BaseException]) -> None:
        _sum_into(table, snapshot, todo, stock_sources, work_mem, done, lock, errors)

    _side_by_side(work, made.tables)


def _side_by_side(work: Callable[..., None], shares: list) -> None:
    """`work(share, errors)` for each share, each in a thread with a connection of its own. The first error
    of any is raised here, once every thread has stopped; `errors` tells the others to stop early."""
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(share) -> None:
        try:
            work(share, errors)
        except BaseException as error:  # noqa: BLE001 (raised again in the caller's thread)
            with lock:
                errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(share,), daemon=True) for share in shares]
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


def gather(made: Parts, table: str, *, work_mem: str, done: Done) -> None:
    """Add the parts' rows into `table` (a rebuild's rollups, without their unique constraint): one row per
    key, the parts' rows of a key added up (an activity held jointly gives rows whose keys others give
    too), written in the order of the key, so that the table is laid out as a reader of a unit's period
    wants it (rollup_build.py), with no further sort.

    Sorting the country's hundred million rows is most of the work, and one query sorts on one core: the
    keys are cut into as many ranges as there are connections (at the units where a sample of the rows
    falls evenly), each connection groups and sorts one range into a scratch table of its own, and the
    ranges are then written into `table` one after another, in the order they were laid out. `done(step,
    seconds)` is told when the ranges are sorted (SORT_STEP) and when they are written (WRITE_STEP)."""
    started = time.monotonic()
    ranges = _ranges(made)
    every = made.every()

    def work(share: tuple[str, str, list], errors: list[BaseException]) -> None:
        target, where, params = share
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")  # the connections share the cores
            cursor.execute(
                f"CREATE UNLOGGED TABLE {target} AS SELECT anc, child, month, code, SUM(cents) AS cents "
                f"FROM ({every}) p WHERE {where} GROUP BY anc, code, month, child HAVING SUM(cents) <> 0 "
                f"ORDER BY anc, code, month, child",
                params,
            )

    _side_by_side(work, [(target, *bounds) for target, bounds in zip(made.ranges, ranges, strict=False)])
    done(SORT_STEP, time.monotonic() - started)
    started = time.monotonic()
    # The caller's transaction reads what is committed statement by statement (READ COMMITTED): the ranges'
    # rows, committed by their connections after it began, are there to be read.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronize_seqscans = off")  # each range read from its first row
        for target in made.ranges[: len(ranges)]:
            cursor.execute(
                f"INSERT INTO {table} (anc, child, month, code, cents) "
                f"SELECT anc, child, month, code, cents FROM {target}"
            )
    done(WRITE_STEP, time.monotonic() - started)


# A sample of about this share of the parts' pages gives the ranges' bounds (SYSTEM sampling: whole pages).
SAMPLE_PERCENT = 0.1
SAMPLE_ENOUGH = 1000


def _ranges(made: Parts) -> list[tuple[str, list]]:
    """Conditions on `anc` cutting the parts' rows into `workers()` ranges of about as many rows, in the
    order of the key (the database's, as the sort's), each with its parameters. All of a unit's rows fall
    in one range."""
    n = len(made.ranges)
    with connection.cursor() as cursor:
        sample = " UNION ALL ".join(
            f"SELECT anc FROM {part} TABLESAMPLE SYSTEM ({SAMPLE_PERCENT})" for part in made.tables
        )
        cursor.execute(f"SELECT anc FROM ({sample}) s ORDER BY anc")
        ancs = [row[0] for row in cursor.fetchall()]
        if len(ancs) < SAMPLE_ENOUGH:  # parts of a few pages: read them whole
            cursor.execute(f"SELECT anc FROM ({made.every()}) s ORDER BY anc")
            ancs = [row[0] for row in cursor.fetchall()]
    bounds: list[str] = []
    for number in range(1, n if ancs else 1):
        bound = ancs[len(ancs) * number // n]  # in the sort's order, so never before the last bound
        if bound != ancs[0] and (not bounds or bound != bounds[-1]):
            bounds.append(bound)
    if not bounds:
        return [("TRUE", [])]
    ranges = [("anc < %s", [bounds[0]])]
    ranges += [("anc >= %s AND anc < %s", [low, high]) for low, high in itertools.pairwise(bounds)]
    ranges.append(("anc >= %s", [bounds[-1]]))
    return ranges
