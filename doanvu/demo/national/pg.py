"""Writing the national set into PostgreSQL: the checks before, COPY, the indexes and the sequences.

COPY in text format. A value goes through `text()`, which writes None as \\N and booleans as t and f, and
refuses a tab, a line break or a backslash; the hot loops (people, work) build their lines from dates and
numbers they format themselves and from pools of names and places checked by `text()` once, when the
pool is made, so a pool edited later fails loudly instead of shifting a column.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.utils.translation import gettext as _

from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

CHUNK = 8 << 20  # characters sent by one COPY statement
_SPECIAL = re.compile(r"[\t\n\r\\]")


class NotEmpty(Exception):
    pass


def refuse_unless_empty_postgres() -> None:
    if connection.vendor != "postgresql":
        raise NotEmpty(
            _(
                "seed_national chỉ chạy trên PostgreSQL (nó ghi dữ liệu bằng lệnh COPY); cơ sở dữ liệu "
                "đang dùng là %(vendor)s. Hãy đặt DATABASE_URL=postgres://… trỏ tới một cơ sở dữ liệu trống."
            )
            % {"vendor": connection.vendor}
        )
    if OrgUnit.objects.exists() or Member.objects.exists():
        raise NotEmpty(
            _(
                "Cơ sở dữ liệu %(name)s đã có đơn vị hoặc đoàn viên: seed_national chỉ nạp vào một cơ sở dữ "
                "liệu trống (mới tạo và đã chạy migrate), để không trộn với dữ liệu đang có."
            )
            % {"name": connection.settings_dict["NAME"]}
        )


def text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    out = str(value)
    if _SPECIAL.search(out):
        raise ValueError(f"giá trị có ký tự không ghi được bằng COPY: {out!r}")
    return out


class Writer:
    """One thread that sends the COPY statements, so that the next rows are made while the database takes
    the last ones (a 2-core machine: one core each). It uses the connection of the caller's transaction;
    the caller leaves that connection alone until `wait()`."""

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy")
        self.slots = threading.Semaphore(3)  # chunks made and not yet sent
        self.pending: list[Future] = []

    def send(self, sql: str, data: str) -> None:
        self.slots.acquire()
        future = self.pool.submit(self._copy, sql, data)
        future.add_done_callback(lambda _f: self.slots.release())
        self.pending.append(future)
        if len(self.pending) > 16:
            self._settle()

    def _copy(self, sql: str, data: str) -> None:
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(data)

    def _settle(self) -> None:
        done = [f for f in self.pending if f.done()]
        for future in done:
            future.result()  # raises what the COPY raised
        self.pending = [f for f in self.pending if not f.done()]

    def wait(self) -> None:
        for future in self.pending:
            future.result()
        self.pending = []

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class Table:
    """COPY into one model's table: `add(values)` per row, in the order of `columns`. Rows are buffered and
    sent by one COPY statement per few megabytes, so that several tables can be filled side by side on the
    one connection (a connection runs one COPY at a time)."""

    def __init__(self, writer: Writer, model, columns: Iterable[str]):
        self.writer = writer
        self.model = model
        self.columns = list(columns)
        names = ", ".join(f'"{c}"' for c in self.columns)
        self.sql = f'COPY "{model._meta.db_table}" ({names}) FROM STDIN'
        self.rows = 0
        self._buffer: list[str] = []
        self._size = 0

    def __enter__(self) -> Table:
        return self

    def add(self, values: Iterable) -> None:
        self.add_text("\t".join(map(text, values)) + "\n")

    def add_text(self, line: str) -> None:
        """A row already written as COPY text (the hot loops build their own, from checked pools)."""
        self._buffer.append(line)
        self._size += len(line)
        self.rows += 1
        if self._size >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self.writer.send(self.sql, "".join(self._buffer))
            self._buffer = []
            self._size = 0

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._flush()
            self.writer.wait()


# ---------------------------------------------------------------------------------------------------------
# Indexes: dropped before the big tables are filled, built again after (one sort each instead of millions
# of insertions), and the foreign keys added back.


def _execute(sql: str, params: Iterable = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall() if cursor.description else []


def drop_indexes(models: Iterable) -> list[str]:
    """Drop the foreign keys, unique constraints and indexes (not the primary keys) of the models' tables;
    return the statements that put them back."""
    restore_constraints, restore_indexes = [], []
    for model in models:
        table = model._meta.db_table
        constraints = _execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
            [table],
        )
        for name, definition in constraints:
            _execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            restore_constraints.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        indexes = _execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary ORDER BY i.relname",
            [table],
        )
        for name, definition in indexes:
            _execute(f'DROP INDEX "{name}"')
            restore_indexes.append(definition)
    # Unique constraints first (they make their own index), then the other indexes, then foreign keys.
    uniques = [s for s in restore_constraints if " UNIQUE " in s]
    keys = [s for s in restore_constraints if " UNIQUE " not in s]
    return uniques + restore_indexes + keys


def restore(statements: list[str], progress) -> None:
    """Run the statements `drop_indexes` returned; report those that took more than a few seconds."""
    for statement in statements:
        began = time.monotonic()
        _execute(statement)
        if time.monotonic() - began > 5:
            progress(statement.split(" USING ")[0])


def reset_sequences() -> None:
    models = [m for m in apps.get_models() if not m._meta.proxy]
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        _execute(statement)


def analyze(models: Iterable) -> None:
    for model in models:
        _execute(f'ANALYZE "{model._meta.db_table}"')


def database_size() -> int:
    return int(_execute("SELECT pg_database_size(current_database())")[0][0])


def tune() -> None:
    """More memory for building the indexes again, for this transaction only."""
    _execute("SET LOCAL maintenance_work_mem = '256MB'")


def _words():
    """The name search's word table (members/migrations/0011_member_search_word.py; docs/scale.md)."""
    from importlib import import_module

    return import_module("doanvu.members.migrations.0011_member_search_word")


def words_off() -> None:
    """The member table's triggers off while COPY writes it: the word table is filled once afterwards by
    `words_on`, in one statement, instead of one trigger call per member."""
    words = _words()
    _execute("ALTER TABLE members_member DISABLE TRIGGER USER")
    _execute(f"DROP INDEX IF EXISTS {words.BY_NAME}, {words.BY_PATH}, {words.BY_MEMBER}")


def words_on() -> None:
    """Fill the word table from every member written, build its indexes, turn the triggers on again."""
    words = _words()
    _execute(f"TRUNCATE {words.TABLE}")
    _execute(words.ROWS.format(where="true"))
    _execute(f"CREATE INDEX {words.BY_MEMBER} ON {words.TABLE} (member_id)")
    for statement in words.INDEXES:
        _execute(statement.replace(" CONCURRENTLY", ""))  # inside the seed's transaction
    _execute(f"ANALYZE {words.TABLE}")
    _execute("ALTER TABLE members_member ENABLE TRIGGER USER")
