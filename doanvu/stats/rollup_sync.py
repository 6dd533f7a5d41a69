"""Keeping the rollups current in the transaction of every write (docs/architecture.md, "Rollups").

A record's part of the figures is taken away just before it changes and added back, as it then stands,
just after: the model signals of every record that carries figures do it for single saves and deletes,
and the writes the signals do not see say what they change through doanvu.lib.changes (bulk inserts,
updates of many rows, rewrites of the tree's history). A count per record makes nested changes
(an activity deleted with its figures, a block of writes around single saves) take the part away once
and add it back once, when the outermost change ends.

A unit named in a change (a restructure) stands for every record placed through it: its activities,
meetings, dues, direct values, the members who ever were in it, its transfers and its versions.

Members in arrears (rollup_arrears.py) are kept per member, kind "arrears": a change of a member changes
theirs, a transfer its member's (the months before it is accepted are not due), and a dues payment changes
its member's and, through the month the branch's dues book opened, those of every member ever in the
branch that collected it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from doanvu.lib import changes
from doanvu.members.models import Member, Transfer
from doanvu.org.models import UnitVersion
from doanvu.stats import rollup_activities, rollup_arrears, rollup_sql, rollups
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attendance,
    DirectValue,
    DuesPayment,
    Meeting,
)

CHUNK = 2000

# kind → [(query of the source, the column its restriction is written on)]
QUERIES = {
    "activities": [(rollup_activities.activity_parts, "a.id")],
    "meetings": [(rollup_sql.meetings, "m.id")],
    "dues": [(rollup_sql.dues, "d.id")],
    "direct": [(rollup_sql.direct_flows, "d.id")],
    "members": [(rollup_sql.member_stocks, "{id}"), (rollup_sql.member_events, "{id}")],
    "transfers": [(rollup_sql.transfers, "t.id")],
    "units": [(rollup_sql.unit_stocks, "v.unit_id")],
    "arrears": [(rollup_arrears.arrears, "{id}")],
}

# The records placed through a set of units (a restructure changes where all of them lie).
THROUGH_UNITS = {
    "activities": (
        f"SELECT a.id FROM {rollup_sql.ACTIVITY} a WHERE a.unit_id IN ({{u}}) "
        f"UNION SELECT o.activity_id FROM {rollup_sql.ORGANISER} o WHERE NOT o.lead AND o.unit_id IN ({{u}})"
    ),
    "meetings": f"SELECT id FROM {rollup_sql.MEETING} WHERE unit_id IN ({{u}})",
    "dues": f"SELECT id FROM {rollup_sql.DUES} WHERE unit_id IN ({{u}})",
    "direct": f"SELECT id FROM {rollup_sql.DIRECT} WHERE unit_id IN ({{u}})",
    "members": (
        f"SELECT id FROM {rollup_sql.HISTORY} WHERE unit_id IN ({{u}}) "
        f"UNION SELECT id FROM {rollup_sql.MEMBER} WHERE unit_id IN ({{u}})"
    ),
    "arrears": (
        f"SELECT id FROM {rollup_sql.HISTORY} WHERE unit_id IN ({{u}}) "
        f"UNION SELECT id FROM {rollup_sql.MEMBER} WHERE unit_id IN ({{u}})"
    ),
    "transfers": (
        f"SELECT id FROM {rollup_sql.TRANSFER} WHERE from_unit_id IN ({{u}}) "
        f"UNION SELECT id FROM {rollup_sql.TRANSFER} WHERE to_unit_id IN ({{u}})"
    ),
}

Key = tuple[str, int]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def apply(kind: str, ids: Iterable[int], sign: int) -> None:
    """Add (+1) or take away (-1) the part of the figures of these records."""
    ids = sorted(set(ids))
    for chunk in _chunks(ids):
        for query, column in QUERIES[kind]:
            marks = ", ".join("%s" for _ in chunk)
            for part in rollup_sql.queries(query(f"{column} IN ({marks})", list(chunk))):
                rollups.insert(part, sign=sign)


def arrears_touched(payments: Iterable[tuple[int, int]]) -> set[int]:
    """The members whose arrears payments (member id, branch id) bear on: their own, and every member ever
    in the branch (the month its dues book opened is theirs too)."""
    from django.db import connection

    payments = list(payments)
    members = {int(member) for member, _unit in payments}
    units = sorted({int(unit) for _member, unit in payments})
    for chunk in _chunks(units):
        marks = ", ".join("%s" for _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT id FROM {rollup_sql.HISTORY} WHERE unit_id IN ({marks})", chunk)
            members.update(row[0] for row in cursor.fetchall())
    return members


def payments_of(ids: Iterable[int]) -> list[tuple[int, int]]:
    """(member id, branch id) of these dues payments as they stand in the database."""
    from django.db import connection

    found: list[tuple[int, int]] = []
    for chunk in _chunks(sorted(set(ids))):
        marks = ", ".join("%s" for _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT member_id, unit_id FROM {rollup_sql.DUES} WHERE id IN ({marks})", chunk)
            found += cursor.fetchall()
    return found


def members_of_transfers(ids: Iterable[int]) -> set[int]:
    """The members of these transfers as they stand in the database."""
    from django.db import connection

    found: set[int] = set()
    for chunk in _chunks(sorted(set(ids))):
        marks = ", ".join("%s" for _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT member_id FROM {rollup_sql.TRANSFER} WHERE id IN ({marks})", chunk)
            found.update(row[0] for row in cursor.fetchall())
    return found


def records_through(units: list[int]) -> dict[str, set[int]]:
    """{kind: ids} of the records placed through these units, the units' own versions included."""
    from django.db import connection

    found: dict[str, set[int]] = {kind: set() for kind in QUERIES}
    found["units"] = set(units)
    for chunk in _chunks(sorted(set(units))):
        marks = ", ".join("%s" for _ in chunk)
        with connection.cursor() as cursor:
            for kind, sql in THROUGH_UNITS.items():
                query = sql.format(u=marks)
                cursor.execute(query, list(chunk) * query.count(marks))
                found[kind].update(row[0] for row in cursor.fetchall())
    return found


class Sync(threading.local):
    """The listener doanvu.lib.changes calls, and the model signals' target. One per thread."""

    def __init__(self) -> None:
        self.counts: dict[Key, int] = {}
        self.suspended = 0
        self.pending: dict[int, object] = {}  # id(instance) → token, between a pre and a post signal

    # -- the counted change -------------------------------------------------------------------------

    def _keys(self, scope: dict[str, list[int]]) -> list[Key]:
        records: dict[str, set[int]] = {kind: set(ids) for kind, ids in scope.items() if kind != "units"}
        if scope.get("units"):
            for kind, ids in records_through(scope["units"]).items():
                records.setdefault(kind, set()).update(ids)
        arrears = records.setdefault("arrears", set())
        arrears.update(records.get("members", ()))
        if records.get("dues"):
            arrears.update(arrears_touched(payments_of(records["dues"])))
        if records.get("transfers"):
            arrears.update(members_of_transfers(records["transfers"]))
        return [(kind, i) for kind, ids in records.items() for i in ids]

    def enter(self, scope: dict[str, list[int]]) -> object:
        if self.suspended:
            return None
        keys = self._keys(scope)
        first: dict[str, list[int]] = {}
        for key in keys:
            if not self.counts.get(key):
                first.setdefault(key[0], []).append(key[1])
            self.counts[key] = self.counts.get(key, 0) + 1
        for kind, ids in first.items():
            apply(kind, ids, -1)
        return keys

    def exit(self, token: object, *, failed: bool = False) -> None:
        if token is None:
            return
        last: dict[str, list[int]] = {}
        for key in token:  # type: ignore[union-attr]
            left = self.counts.get(key, 0) - 1
            if left <= 0:
                self.counts.pop(key, None)
                last.setdefault(key[0], []).append(key[1])
            else:
                self.counts[key] = left
        if failed:
            return  # the transaction is being rolled back, the part taken away with it
        for kind, ids in last.items():
            apply(kind, ids, +1)

    def created(self, scope: dict[str, list[int]]) -> None:
        if self.suspended:
            return
        if scope.get("dues"):
            # The arrears the new payments bear on stand in the rollups as they were without them.
            touched = arrears_touched(payments_of(scope["dues"]))
            touched = [i for i in touched if not self.counts.get(("arrears", i))]
            without = "d.id NOT IN (" + ", ".join(str(int(i)) for i in scope["dues"]) + ")"
            for chunk in _chunks(sorted(touched)):
                marks = ", ".join("%s" for _ in chunk)
                rollups.insert(
                    rollup_arrears.arrears(f"{{id}} IN ({marks})", chunk, dues_where=without), sign=-1
                )
            apply("arrears", touched, +1)
        for kind, ids in scope.items():
            fresh = [i for i in ids if not self.counts.get((kind, i))]
            if kind == "units":
                for through_kind, through_ids in records_through(fresh).items():
                    apply(
                        through_kind, [i for i in through_ids if not self.counts.get((through_kind, i))], +1
                    )
            else:
                apply(kind, fresh, +1)
                if kind == "members":  # new members: nothing was there before them
                    apply("arrears", [i for i in fresh if not self.counts.get(("arrears", i))], +1)

    def suspend(self) -> object:
        self.suspended += 1
        return None

    def resume(self, token: object) -> None:
        self.suspended -= 1

    def is_suspended(self) -> bool:
        return self.suspended > 0

    # -- the model signals --------------------------------------------------------------------------

    def before(self, instance, scope: dict[str, list[int]]) -> None:
        if self.suspended:
            return
        self.pending[id(instance)] = self.enter(scope)

    def after(self, instance, scope: dict[str, list[int]]) -> None:
        if self.suspended:
            return
        token = self.pending.pop(id(instance), None)
        if token is None:  # a new record: nothing was there before it
            self.created(scope)
            return
        self.exit(token)
        # A new record whose change was entered for the records it bears on (a dues payment's arrears).
        held = set(token)  # type: ignore[arg-type]
        for kind, ids in scope.items():
            if kind != "arrears":
                apply(kind, [i for i in ids if (kind, i) not in held and not self.counts.get((kind, i))], +1)


SYNC = Sync()


def _scope_of(instance) -> dict[str, list[int]] | None:
    """What a record's change touches, or None for a new record whose id is not known yet."""
    if isinstance(instance, Activity):
        return {"activities": [instance.pk]} if instance.pk else None
    if isinstance(instance, ActivityFigure | ActivityOrganiser):
        return {"activities": [instance.activity_id]}
    if isinstance(instance, Meeting):
        return {"meetings": [instance.pk]} if instance.pk else None
    if isinstance(instance, Attendance):
        return {"meetings": [instance.meeting_id]}
    if isinstance(instance, DuesPayment):
        # Its arrears are entered before a new payment too: they change with it.
        touched = sorted(arrears_touched([(instance.member_id, instance.unit_id)]))
        return {"dues": [instance.pk], "arrears": touched} if instance.pk else {"arrears": touched}
    if isinstance(instance, DirectValue):
        return {"direct": [instance.pk]} if instance.pk else None
    if isinstance(instance, Member):
        return {"members": [instance.pk]} if instance.pk else None
    if isinstance(instance, Transfer):
        # Its member's arrears change with it: the months before an accepted transfer are not due.
        moved = {"arrears": [instance.member_id]}
        return {"transfers": [instance.pk], **moved} if instance.pk else moved
    if isinstance(instance, UnitVersion):
        return {"units": [instance.unit_id]}
    return None


TRACKED = (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Meeting,
    Attendance,
    DuesPayment,
    DirectValue,
    Member,
    Transfer,
    UnitVersion,
)


def _before(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    scope = _scope_of(instance)
    if scope is not None:
        SYNC.before(instance, scope)


def _after(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    scope = _scope_of(instance)
    if scope is not None:
        SYNC.after(instance, scope)


def connect() -> None:
    """Called by StatsConfig.ready()."""
    changes.register(SYNC)
    for model in TRACKED:
        pre_save.connect(_before, sender=model, dispatch_uid=f"rollup-pre-save-{model.__name__}")
        post_save.connect(_after, sender=model, dispatch_uid=f"rollup-post-save-{model.__name__}")
        pre_delete.connect(_before, sender=model, dispatch_uid=f"rollup-pre-delete-{model.__name__}")
        post_delete.connect(_after, sender=model, dispatch_uid=f"rollup-post-delete-{model.__name__}")
