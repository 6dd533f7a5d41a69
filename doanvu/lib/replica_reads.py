"""Which reads may be answered by a read replica (docs/scale.md, "Reads from replicas").

A read goes to a replica only inside `reads_from_replica()` (a context manager, or a decorator on a
selector), and only while nothing in the same request, or in the same block outside a request, has
written: after a write the officer must see what they saved. The project's database router
(`doanvu/dbrouter.py`) asks this module; the request's state is set by its middleware.

Plain Python, no Django and no database: what is remembered is a flag per request (or per block outside
a request), carried in context variables, so a thread or an asyncio task never sees another's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Unit:
    """One unit of work: a request (set by the middleware) or a `reads_from_replica` block outside one.

    `pinned`: every read goes to the primary (a non-safe method, a recent write by the same browser, or a
    write earlier in this unit). `replica`: the database chosen for the replica reads of this unit, decided
    at its first replica read and kept, so one page is read from one place; "" while undecided."""

    pinned: bool = False
    wrote: bool = False
    replica: str = ""


_unit: ContextVar[Unit | None] = ContextVar("doanvu_replica_unit", default=None)
_allowed: ContextVar[bool] = ContextVar("doanvu_replica_allowed", default=False)


@contextmanager
def request_unit(*, pinned: bool) -> Iterator[Unit]:
    """The state of one request, for the middleware: pinned to the primary from the start or not."""
    token = _unit.set(Unit(pinned=pinned))
    try:
        yield _unit.get()
    finally:
        _unit.reset(token)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Reads inside may be answered by a replica, a little behind the primary (at most the lag the router
    accepts). For figures, dashboards and report data; never for a read that decides a write or access."""
    unit_token = _unit.set(Unit()) if _unit.get() is None else None
    allowed_token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(allowed_token)
        if unit_token is not None:
            _unit.reset(unit_token)


@contextmanager
def reads_from_primary() -> Iterator[None]:
    """Reads inside go to the primary, even inside `reads_from_replica()`."""
    token = _allowed.set(False)
    try:
        yield
    finally:
        _allowed.reset(token)


def replica_allowed() -> bool:
    """True when a read here may go to a replica: inside `reads_from_replica()` and not pinned."""
    unit = _unit.get()
    return _allowed.get() and unit is not None and not unit.pinned


def current() -> Unit | None:
    return _unit.get()


def note_write() -> None:
    """A write happened: the rest of the request (or block) reads from the primary."""
    unit = _unit.get()
    if unit is not None:
        unit.wrote = True
        unit.pinned = True
