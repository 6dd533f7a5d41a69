"""What the browser tests share: one demo province, seeded once and committed; one live server over it; one
headless Chromium (Debian's: Playwright never downloads a browser here).

Seeding the demo takes seconds, so it is not done per test. That rules out pytest-django's transactional
tests (and its `live_server` fixture, which makes a test transactional): they empty the database after
every test. Instead the demo is seeded once for the package, with database access unblocked; each test
works on it through the server as an officer would, building what else it needs (its own member, activity,
criteria set) without counting on another browser test having run before it; and after the package's last
test the database is emptied and given back the rows the migrations wrote, for the tests after these.
The modules carry `xdist_group("browser")`, so that under pytest-xdist one worker runs them all.
"""

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

from ..conftest import migrated_rows_back

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    # Without Chromium the browser tests are skipped before anything is seeded (under CI they fail instead,
    # in the `browser` fixture).
    if Path(CHROMIUM).exists() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: the browser tests are skipped (apt-get install chromium)."
    )
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo province (200 members, its records and evaluation), committed, for every browser test.

    The database is emptied back to the migrated rows after the package, and also when the seeding itself
    fails, so that the tests after it start from a clean database."""
    migrated = django_db_setup
    media = tmp_path_factory.mktemp("media")  # the demo's evidence files, written as the seed commits
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
        try:
            with django_db_blocker.unblock():
                # From the rows the migrations wrote: a transactional test before these may have emptied them.
                migrated_rows_back(migrated)
                call_command("seed_demo", "--members", "200", stdout=open(os.devnull, "w"))  # noqa: SIM115
            yield
        finally:
            with django_db_blocker.unblock():
                connections.close_all()
                migrated_rows_back(migrated)


class OneRequestAtATime(ThreadedWSGIServer):
    """Django's live server, running one request at a time (each still on a thread of its own, so a spare
    connection Chromium opens and leaves idle blocks nothing).

    On SQLite the test database lives in memory, and every request thread uses the test's one connection,
    transaction state included: two requests at once (a page and the favicon Chromium asks for after it, a
    download and the next page) would interleave their queries and transactions, more often the busier
    the machine. Here each request runs to its end, its body included, before the next one starts.
    """

    _one_at_a_time = threading.Lock()

    def set_app(self, application):
        def serially(environ, start_response):
            with self._one_at_a_time:
                response = application(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()  # Django's request_finished
            return [body]

        super().set_app(serially)


class DemoServerThread(LiveServerThread):
    server_class = OneRequestAtATime


class DemoServer:
    """A live server over the demo for the package (pytest-django's `live_server` would make every test a
    transactional one, emptying the database after it)."""

    def __init__(self):
        # In-memory SQLite: the server's threads use this thread's connection, the one holding the database.
        shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        self.thread = DemoServerThread("localhost", StaticFilesHandler, connections_override=shared)
        self.thread.daemon = True
        for connection in shared.values():
            connection.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            self.stop()
            raise self.thread.error

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"

    def stop(self):
        self.thread.terminate()
        for connection in self.thread.connections_override.values():
            connection.dec_thread_sharing()


@pytest.fixture(scope="package")
def server(demo):
    """The live server over the demo, at http://localhost:<a free port>."""
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "localhost"]):
        live = DemoServer()
        yield live
        live.stop()


@pytest.fixture(scope="package")
def browser(server):
    """Headless Chromium, started after the demo and its server.

    While Playwright's sync API runs, an event loop runs in this thread, and Django then hands out other
    connection objects than the ones opened before it (asgiref's Local follows the loop). The browser tests
    use no per-test transaction of pytest-django's, so their own ORM calls simply run on those, in
    autocommit; they are closed with the browser, before the database is emptied.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is required under CI=true (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # The tests' own ORM calls run while Playwright's loop runs; they are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
            connections.close_all()  # the connections opened under the loop, before it stops
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def database_access(django_db_blocker):
    """Each browser test reads and writes the shared demo directly (and its server does, in its threads)."""
    with django_db_blocker.unblock():
        yield
