"""Telling the figures' rollups which records a write changes (docs/architecture.md, "Rollups").

The rollups live above the apps that write records, so those apps cannot call them; the rollups register
a listener here when Django starts, and a write the rollups' model signals do not see (a bulk insert, an
update of many rows, a rewrite of the tree's history) says what it changes:

    with changing(activities=[activity.pk]):
        ...  # delete and bulk-insert the activity's figures

    with changing(units=unit_ids):  # a restructure: every record of these units
        ...

    created(members=new_ids)  # after a bulk insert of new records

Record kinds: activities, meetings, dues, direct, members, transfers, units. `suspended()` lets a bulk
load (the demo) write without keeping the rollups, which it then rebuilds. Without a listener (a script
that does not load Django's apps) these do nothing. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

KINDS = ("activities", "meetings", "dues", "direct", "members", "transfers", "units")


class Listener(Protocol):
    def enter(self, scope: dict[str, list[int]]) -> object: ...

    def exit(self, token: object, *, failed: bool) -> None: ...

    def created(self, scope: dict[str, list[int]]) -> None: ...

    def suspend(self) -> object: ...

    def resume(self, token: object) -> None: ...

    def is_suspended(self) -> bool: ...


_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    """Called once, by the rollups' AppConfig.ready(); registering again replaces the listener."""
    _listeners[:] = [listener]


def _scope(records: dict[str, Iterable[int]]) -> dict[str, list[int]]:
    unknown = set(records) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown record kinds: {sorted(unknown)}")
    return {kind: sorted({int(i) for i in ids if i is not None}) for kind, ids in records.items()}


@contextmanager
def changing(**records: Iterable[int]) -> Iterator[None]:
    """The records named are changed inside the block: their part of the figures is taken away before
    it and added back, as they then stand, after it."""
    if not _listeners:
        yield
        return
    listener = _listeners[0]
    token = listener.enter(_scope(records))
    failed = True
    try:
        yield
        failed = False
    finally:
        listener.exit(token, failed=failed)


def created(**records: Iterable[int]) -> None:
    """New records, inserted without the model's signals: add their part of the figures."""
    for listener in _listeners:
        listener.created(_scope(records))


@contextmanager
def suspended() -> Iterator[None]:
    """Writes inside the block do not keep the rollups (the caller rebuilds them afterwards)."""
    if not _listeners:
        yield
        return
    listener = _listeners[0]
    token = listener.suspend()
    try:
        yield
    finally:
        listener.resume(token)


def kept() -> bool:
    """Whether writes keep the rollups now (not inside `suspended()`): figures read meanwhile are
    summed from the records instead."""
    return bool(_listeners) and not _listeners[0].is_suspended()
