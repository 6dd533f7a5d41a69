"""Reads of figures from PostgreSQL read replicas, everything else from the primary.

See docs/scale.md, "Reads from replicas" and "Read-your-writes".

- `ReplicaRouter` (DATABASE_ROUTERS): a read inside `doanvu.lib.replica_reads.reads_from_replica()` goes to
  a replica that answers and is at most REPLICA_MAX_LAG_SECONDS behind; every other read, every write and
  every migration goes to the primary. A write pins the rest of the request to the primary.
- `ReadYourWritesMiddleware`: a request with a non-safe method reads from the primary throughout; its
  response, and that of any request that wrote, carries a signed cookie that pins the same browser's next
  requests to the primary for REPLICA_MAX_LAG_SECONDS, so the page after "Lưu" shows what was saved.

Without DATABASE_REPLICA_URLS both do nothing: every database access is what it was without them.
"""

from __future__ import annotations

import logging
import math
import random
import time

from django.conf import settings
from django.db import Error, connections

from doanvu.lib import replica_reads

log = logging.getLogger(__name__)

PRIMARY = "default"
PIN_COOKIE = "doanvu_primary"
PIN_SALT = "doanvu.dbrouter.read-your-writes"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Rows of bookkeeping that no figure reads: reading them always goes to the primary, and writing them (a
# session, a login attempt, a token's last use on every API call) does not pin the request.
BOOKKEEPING = frozenset({"sessions", "axes", "django_tasks_db", "accounts.apitoken"})

# A replica that failed to answer: alias → time.monotonic() of the failure. It is not asked again for
# REPLICA_RETRY_SECONDS, so a dead replica costs one connection attempt per process and interval.
_failed: dict[str, float] = {}


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def _bookkeeping(model) -> bool:
    meta = model._meta
    return meta.app_label in BOOKKEEPING or meta.label_lower in BOOKKEEPING


def replica_lag(alias: str) -> float | None:
    """Seconds the replica `alias` is behind the primary: 0 when it has replayed everything the primary had
    written when asked, else the age of the last transaction it replayed (nothing newer can be on it);
    None when it is not a standby (promoted, or pointed at a primary) or has replayed nothing yet.
    Raises django.db.Error when it does not answer. Replicas are PostgreSQL's (settings.py refuses others)."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        (written,) = cursor.fetchone()
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
            " EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())",
            [written],
        )
        standby, caught_up, age = cursor.fetchone()
    if not standby:
        return None
    if caught_up:
        return 0.0
    return None if age is None else max(float(age), 0.0)


def choose_replica() -> str:
    """A replica that answers and is not too far behind, in random order among several; else the primary."""
    now = time.monotonic()
    for alias in random.sample(replicas(), len(replicas())):
        if now < _failed.get(alias, -math.inf) + settings.REPLICA_RETRY_SECONDS:
            continue
        try:
            lag = replica_lag(alias)
        except Error as error:  # refused, timed out, or a kept connection the stopped server closed
            _failed[alias] = time.monotonic()
            try:
                connections[alias].close()
            except Error:
                pass
            log.warning("replica %s does not answer, figures are read from the primary: %s", alias, error)
            continue
        _failed.pop(alias, None)
        if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:
            log.warning("replica %s is behind (%s s), figures are read from the primary", alias, lag)
            continue
        return alias
    return PRIMARY


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replicas():
            return None
        if (
            _bookkeeping(model)
            or not replica_reads.replica_allowed()
            # Uncommitted writes of this transaction are on the primary only.
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        unit = replica_reads.current()
        if not unit.replica:
            unit.replica = choose_replica()
        return unit.replica

    def db_for_write(self, model, **hints):
        if not replicas():
            return None
        if not _bookkeeping(model):
            replica_reads.note_write()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        if not replicas():
            return None
        # A replica holds the primary's rows: an object read from either may point to one from the other.
        same = {PRIMARY, *replicas()}
        return (obj1._state.db in same and obj2._state.db in same) or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica is read-only and receives the primary's tables as they are migrated.
        return False if db in replicas() else None


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas():
            return self.get_response(request)
        changes = request.method not in SAFE_METHODS
        with replica_reads.request_unit(pinned=changes or self._wrote_lately(request)) as unit:
            response = self.get_response(request)
        if changes or unit.wrote:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.REPLICA_MAX_LAG_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def _wrote_lately(request) -> bool:
        # The cookie's age is checked from its signed timestamp, whatever the browser keeps.
        value = request.get_signed_cookie(
            PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.REPLICA_MAX_LAG_SECONDS
        )
        return value is not None
