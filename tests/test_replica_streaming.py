"""Figures read from a real streaming replica of the test cluster.

See docs/scale.md, "Testing with a real replica": scripts/pg-replica.sh copies the cluster with
pg_basebackup and starts the copy as a hot standby on a free port, for this module, then stops and removes
it.

PostgreSQL only: on SQLite the module is skipped. Under CI=true a replica that cannot be started fails the
run instead of skipping it.
"""

import os
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection, connections, router
from django.db.utils import InternalError, ProgrammingError
from django.http import JsonResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doanvu import dbrouter
from doanvu.accounts.backends import PATH as OFFICER_BACKEND
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.work import services
from doanvu.work.models import DirectValue

from .conftest import HANG_GUARD_SECONDS

ALIAS = "replica_test"
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg-replica.sh"
DASHBOARD = "/bao-cao/tong-quan/CA1/?period=2025"
TARGET = 'data-label="Chỉ tiêu giao">17<'  # the dashboard's row for a target of 17 articles

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="read replicas are PostgreSQL's (SQLite run)"
    ),
    # One worker starts the one replica; serialized_rollback brings the catalogue back for each test.
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS]),
]


def script(*args: str) -> str:
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip() or f"pg-replica.sh {args[0]} failed")
    return done.stdout.strip()


@pytest.fixture(scope="session")
def replica(django_db_setup, django_db_blocker):
    """The test cluster's streaming replica, reachable as the database alias ALIAS under the name of the
    test database (which it receives from the primary like everything else)."""
    primary = connection.settings_dict
    url = f"postgres://{primary['USER']}@{primary['HOST'] or '127.0.0.1'}:{primary['PORT'] or 5432}/postgres"
    try:
        port, folder = script("start", url).split()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the streaming replica could not be started: {error}")
        pytest.skip(f"the streaming replica could not be started: {error}")
    connections.settings[ALIAS] = {
        **primary,
        "HOST": "127.0.0.1",
        "PORT": port,
        "TEST": {**primary.get("TEST", {}), "MIRROR": "default"},
    }
    yield SimpleNamespace(folder=folder)
    with django_db_blocker.unblock():
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]
    script("stop", folder)


@pytest.fixture
def on_replica(replica, settings):
    """The replica configured, as DATABASE_REPLICA_URLS would; a failed replica is asked again at once."""
    settings.DATABASE_REPLICAS = [ALIAS]
    settings.REPLICA_MAX_LAG_SECONDS = 30
    settings.REPLICA_RETRY_SECONDS = 0
    return replica


def on(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for(condition) -> None:
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def replayed() -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    written = on("default", "SELECT pg_current_wal_lsn()::text")
    wait_for(lambda: on(ALIAS, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written]))


class paused_replica:  # noqa: N801 - a context manager named for the `with` it reads in
    """The replica stops applying what it receives (it still answers): from now on it lags behind."""

    def __enter__(self):
        replayed()
        on(ALIAS, "SELECT pg_wal_replay_pause()::text")
        wait_for(lambda: on(ALIAS, "SELECT pg_get_wal_replay_pause_state()") == "paused")

    def __exit__(self, *exc):
        on(ALIAS, "SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def paused(on_replica):
    """The replica stops applying what it receives (it still answers): from now on it lags behind."""
    with paused_replica():
        yield


def news(unit, value: int, by) -> None:
    services.direct_value_set(unit=unit, indicator="news_articles", period="2025Q1", value=value, by=by)


def target(unit, value: int, by) -> None:
    services.target_set(unit=unit, indicator="news_articles", period="2025", value=value, note="", by=by)


def dashboard(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def target_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"work_target"' in q["sql"]]


def test_the_dashboard_reads_its_figures_from_the_replica(on_replica, tree, people, login):
    target(tree.branch_a1, 17, people.own)
    replayed()
    officer = login(people.own)
    with (
        CaptureQueriesContext(connections[ALIAS]) as from_replica,
        CaptureQueriesContext(connection) as from_primary,
    ):
        assert TARGET in dashboard(officer)
    assert target_queries(from_replica) and not target_queries(from_primary)
    # The connection that answered is a hot standby.
    assert on(ALIAS, "SELECT pg_is_in_recovery()") is True


def test_a_write_then_a_read_in_one_request_sees_the_write(paused, tree, people):
    def figure(request):
        if request.GET.get("write"):
            news(tree.branch_a1, 6, people.own)
        with reads_from_replica():
            row = DirectValue.objects.filter(indicator__code="news_articles").first()
        return JsonResponse({"value": int(row.value) if row else None})

    middleware = dbrouter.ReadYourWritesMiddleware(figure)
    assert middleware(RequestFactory().get("/?write=1")).content == b'{"value": 6}'
    # The same read without a write before it is answered by the lagging replica.
    assert middleware(RequestFactory().get("/")).content == b'{"value": null}'


def test_the_page_after_saving_shows_what_was_saved_though_the_replica_lags(
    on_replica, settings, tree, people, login
):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the paused replica stays in use for those who saved nothing
    officer = login(people.own)
    above = Client()
    above.force_login(people.above, backend=OFFICER_BACKEND)
    assert TARGET not in dashboard(officer)
    with paused_replica():
        saved = officer.post(
            reverse("work:targets"),
            {"unit": "CA1", "period": "2025", "indicator": "news_articles", "value": "17"},
        )
        assert saved.status_code == 302
        assert officer.get(saved.url).status_code == 200  # the redirect
        assert TARGET in dashboard(officer)
        # An officer above, who saved nothing, reads the same page from the replica: not there yet.
        assert TARGET not in dashboard(above)
    replayed()
    assert TARGET in dashboard(above)


def test_writes_and_migrations_never_go_to_the_replica(on_replica, tree, people):
    with reads_from_replica():
        news(tree.branch_a1, 6, people.own)  # the replica would refuse it: it is read-only
        assert router.db_for_write(DirectValue) == "default"
    assert DirectValue.objects.using("default").get().value == 6
    assert router.allow_migrate(ALIAS, "work") is False
    assert router.allow_migrate("default", "work") is True
    with pytest.raises((InternalError, ProgrammingError), match="read-only"):
        on(ALIAS, "CREATE TABLE refused (id int)")


def test_a_stopped_replica_leaves_the_figures_to_the_primary_until_it_is_back(
    on_replica, settings, tree, people, login, caplog
):
    settings.REPLICA_RETRY_SECONDS = 3600
    target(tree.branch_a1, 17, people.own)
    replayed()
    officer = login(people.own)
    assert TARGET in dashboard(officer)  # a connection to the replica is open now
    script("down", on_replica.folder)
    try:
        for _ in range(2):
            with CaptureQueriesContext(connection) as from_primary:
                assert TARGET in dashboard(officer)
            assert target_queries(from_primary)
        # Asked once, then left alone for REPLICA_RETRY_SECONDS: one failed connection, not one per page.
        assert caplog.text.count(f"replica {ALIAS} does not answer") == 1
    finally:
        script("up", on_replica.folder)
    wait_for(lambda: on(ALIAS, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1)
    settings.REPLICA_RETRY_SECONDS = 0  # the interval has passed
    with CaptureQueriesContext(connections[ALIAS]) as from_replica:
        assert TARGET in dashboard(officer)
    assert target_queries(from_replica)


def test_a_replica_too_far_behind_is_not_read(paused, settings, tree, people, login, caplog):
    settings.REPLICA_MAX_LAG_SECONDS = 0  # any delay is too much
    target(tree.branch_a1, 17, people.own)
    with CaptureQueriesContext(connection) as from_primary:
        assert TARGET in dashboard(login(people.above))
    assert target_queries(from_primary)
    assert f"replica {ALIAS} is behind" in caplog.text
