"""Shared test data: a small tree and the four personas every feature is tested with.

TV  Tỉnh đoàn Test                       (province)   ← `viewer` (viewer), `province_officer` (editor)
├── HA  Huyện đoàn A                     (district)   ← `above` (editor at the district)
│   └── XA  Đoàn xã A                    (grassroots)
│       ├── CA1 Chi đoàn A1              (branch)     ← `own` (editor of the branch)
│       └── CA2 Chi đoàn A2              (branch)     ← `sibling` (editor of the sibling branch)
└── HB  Huyện đoàn B                     (district)   ← `other_district` (editor)
    └── XB  Đoàn xã B                    (grassroots)
        └── CB1 Chi đoàn B1              (branch)
"""

import datetime
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.fields import AutoFieldMixin
from django.test.utils import setup_databases, teardown_databases
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from doanvu.accounts.backends import PATH as OFFICER_BACKEND
from doanvu.accounts.models import Officer, Role
from doanvu.org.kinds import ensure_default_kinds
from doanvu.org.models import OrgUnit, UnitKind
from doanvu.org.services import unit_create


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database is a file, so that a worker started as another process (marker `worker`)
    sees what the test wrote; PostgreSQL's is a database any process reaches."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path(tempfile.mkdtemp(prefix="doanvu-test-db-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


START = datetime.date(2020, 1, 1)
PASSWORD = "mat-khau-thu-nghiem-2026"

# Every test runs on the same day, whatever day (and hour) the suite runs: "today", "this year", the demo's
# records "up to today" and Django's timezone.now() all read this clock. It starts at 10:00 in Vietnam
# (UTC+7; the same date in UTC) and ticks on from there, so time still moves forward within a test;
# time.monotonic() and time.perf_counter() are not touched. A test about another day passes that date.
NOW = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
_clock = time_machine.travel(NOW, tick=True)

# How long a test waits for a thread, a child process or LibreOffice before calling it hung. The work takes
# seconds; this bounds a hang and measures no speed, so a busy machine does not fail a test.
HANG_GUARD_SECONDS = 600

# Hypothesis must not fail a test because the machine is busy (no per-example deadline, no "too slow"
# health check), and it tries the same examples on every run (derandomize): a run fails for a commit, not
# for a roll of the dice. To search for new examples, run pytest with --hypothesis-profile=explore, and
# keep any failure it finds as an @example. A test's own @settings still sets its number of examples.
for _name, _random in (("doanvu", False), ("explore", True)):
    hypothesis_settings.register_profile(
        _name,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=not _random,
        print_blob=True,
    )
hypothesis_settings.load_profile("doanvu")


def pytest_configure(config):
    # Before collection: test modules read today's date at import (test_eval_pipeline_factories.TODAY).
    _clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def kind(code: str) -> UnitKind:
    ensure_default_kinds()  # a transactional test before this one may have flushed them
    return UnitKind.objects.get(code=code)


def make_unit(parent, kind_code: str, name: str, code: str, on=START) -> OrgUnit:
    return unit_create(
        parent=parent, kind=kind(kind_code), name=name, code=code, on=on, by=None, check_permission=False
    )


def make_officer(username: str, unit: OrgUnit | None, role: str = Role.EDITOR, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    if unit is not None:
        Officer.objects.create(user=user, unit=unit, role=role)
    return user


def uses_the_database(item) -> bool:
    """pytest-django's rule: it creates the test database when a collected test is marked for it or asks
    for one of its database fixtures."""
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests that never open the database; `make test` runs them in its SQLite run",
    )


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite, then on PostgreSQL with --database-tests-only: a test that
    never opens the database (numbers, dates, text, files, the documents' layout) gives the same answer
    on both, so the second run leaves it out. A test marked to be skipped on one engine stays in."""
    if not config.getoption("--database-tests-only"):
        return
    kept, left_out = [], []
    for item in items:
        engine_bound = item.get_closest_marker("skipif") is not None or item.get_closest_marker("browser")
        (kept if uses_the_database(item) or engine_bound else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test database, and the rows its migrations wrote (unit kinds, the work catalogue,
    dues rates, indicators) serialized, for `migrated_rows_back()`.

    The browser tests reach the database without pytest-django's mark (see tests/e2e/conftest.py): when
    they are the only tests collected, the test database is created here, so they never touch the real one.
    """
    created = None
    with django_db_blocker.unblock():
        if not any(uses_the_database(item) for item in request.session.items):
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        migrated = connection.creation.serialize_db_to_string()
    yield migrated
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def demo_runs(django_db_setup, django_db_blocker):
    """The demo seeded twice with one seed and once with another, each rolled back (tests/demo_runs.py)."""
    from .demo_runs import seed_runs

    with django_db_blocker.unblock():
        return seed_runs()


def migrated_rows_back(migrated: str) -> None:
    """Empty the database and put back the rows the migrations wrote (database access must be unblocked).
    As in Django's TransactionTestCase, the sequences are not reset: the rows come back with their ids."""
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
    connection.creation.deserialize_db_from_string(migrated)


@pytest.fixture
def patient_libreoffice(monkeypatch):
    """Users get a message when LibreOffice takes over 3 minutes to convert a report; a test converting one
    waits for it as long as the machine needs (up to HANG_GUARD_SECONDS)."""
    monkeypatch.setattr("doanvu.documents.pdf.TIMEOUT_SECONDS", HANG_GUARD_SECONDS)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The default hasher costs seconds per persona; tests check behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TREE = {  # the `tree` fixture's attribute → (parent's attribute, kind, name, code)
    "province": (None, "province", "Tỉnh đoàn Test", "TV"),
    "district_a": ("province", "district", "Huyện đoàn A", "HA"),
    "grassroots_a": ("district_a", "grassroots", "Đoàn xã A", "XA"),
    "branch_a1": ("grassroots_a", "branch", "Chi đoàn A1", "CA1"),
    "branch_a2": ("grassroots_a", "branch", "Chi đoàn A2", "CA2"),
    "district_b": ("province", "district", "Huyện đoàn B", "HB"),
    "grassroots_b": ("district_b", "grassroots", "Đoàn xã B", "XB"),
    "branch_b1": ("grassroots_b", "branch", "Chi đoàn B1", "CB1"),
}
# Per database alias: the rows that building the tree through the services wrote (model → rows), and the
# ids of the unit kinds they point to.
_built_tree: dict[str, tuple[dict, dict]] = {}


def _models_with_ids() -> list:
    return [m for m in apps.get_models() if isinstance(m._meta.pk, AutoFieldMixin) and not m._meta.proxy]


def _build_tree() -> tuple[dict, dict]:
    ensure_default_kinds()
    last = {m: m._base_manager.aggregate(last=Max("pk"))["last"] or 0 for m in _models_with_ids()}
    units = {}
    for attribute, (parent, kind_code, name, code) in TREE.items():
        units[attribute] = make_unit(units.get(parent), kind_code, name, code)
    written = {m: list(m._base_manager.filter(pk__gt=n).order_by("pk").values()) for m, n in last.items()}
    kinds = dict(
        UnitKind.objects.filter(pk__in={u.kind_id for u in units.values()}).values_list("pk", "code")
    )
    return {m: rows for m, rows in written.items() if rows}, kinds


def _write_back(written: dict, kinds: dict) -> bool:
    """Write the built tree's rows again, ids and all; False if the unit kinds have other ids by now (a
    transactional test emptied the database, and the kinds were created anew)."""
    if dict(UnitKind.objects.filter(pk__in=kinds).values_list("pk", "code")) != kinds:
        return False
    with transaction.atomic():
        for model, rows in written.items():
            model._base_manager.bulk_create(model(**row) for row in rows)
        with connection.cursor() as cursor:  # PostgreSQL's sequences go past the ids written
            for statement in connection.ops.sequence_reset_sql(no_style(), list(written)):
                cursor.execute(statement)
    return True


@pytest.fixture
def tree(db):
    """The tree of the module docstring, active since START. The first test in a database builds it
    through the services; later ones get the rows that build wrote (units, their versions, the audit
    entries), with the same ids: the same tree for a tenth of the queries."""
    built = _built_tree.get(connection.alias)
    if OrgUnit.objects.exists():  # units made before this fixture: build among them, keep nothing
        _build_tree()
    elif built is None or not _write_back(*built):
        _built_tree[connection.alias] = _build_tree()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[code for *_, code in TREE.values()])}
    return SimpleNamespace(**{attribute: units[code] for attribute, (*_, code) in TREE.items()})


@pytest.fixture
def people(tree):
    """The personas: the unit's own officer, an officer above it, a sibling's officer, a read-only viewer."""
    return SimpleNamespace(
        own=make_officer("own", tree.branch_a1),
        above=make_officer("above", tree.district_a),
        sibling=make_officer("sibling", tree.branch_a2),
        other_district=make_officer("other_district", tree.district_b),
        viewer=make_officer("viewer", tree.province, Role.VIEWER),
        province_officer=make_officer("province_officer", tree.province, Role.EDITOR),
        approver=make_officer("approver", tree.grassroots_a, Role.APPROVER),
        admin=make_officer("admin", None, superuser=True),
        nobody=make_officer("nobody", None),
    )


@pytest.fixture
def login(client):
    """login(user) → a test client logged in as that user."""

    def _login(user):
        client.force_login(user, backend=OFFICER_BACKEND)
        return client

    return _login
