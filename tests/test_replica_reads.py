"""Which reads may go to a read replica, and that without replicas nothing changes.

See docs/scale.md, "Reads from replicas"; the real streaming replica is in test_replica_streaming.py."""

import threading

import pytest
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory

from doanvu.dbrouter import PIN_COOKIE, ReadYourWritesMiddleware
from doanvu.lib import replica_reads
from doanvu.lib.replica_reads import reads_from_primary, reads_from_replica
from doanvu.work.models import DirectValue


def test_reads_may_go_to_a_replica_only_inside_reads_from_replica():
    assert not replica_reads.replica_allowed()
    with reads_from_replica():
        assert replica_reads.replica_allowed()
        with reads_from_primary():
            assert not replica_reads.replica_allowed()
        assert replica_reads.replica_allowed()
    assert not replica_reads.replica_allowed()


def test_a_write_inside_the_block_sends_the_rest_of_it_to_the_primary():
    with reads_from_replica():
        replica_reads.note_write()
        assert not replica_reads.replica_allowed()
    with reads_from_replica():  # a new block outside a request starts afresh
        assert replica_reads.replica_allowed()


def test_a_request_pinned_to_the_primary_never_reads_from_a_replica():
    with replica_reads.request_unit(pinned=True):
        with reads_from_replica():
            assert not replica_reads.replica_allowed()
    with replica_reads.request_unit(pinned=False) as unit:
        with reads_from_replica():
            assert replica_reads.replica_allowed()
        replica_reads.note_write()  # after the block, still in the request
        with reads_from_replica():
            assert not replica_reads.replica_allowed()
    assert unit.wrote


def test_a_decorated_selector_reads_from_a_replica():
    @reads_from_replica()
    def figures():
        return replica_reads.replica_allowed()

    assert figures() and figures()
    assert not replica_reads.replica_allowed()


def test_another_thread_does_not_share_the_request_s_pin():
    seen = []
    with replica_reads.request_unit(pinned=True):
        thread = threading.Thread(target=lambda: seen.append(replica_reads.current()))
        thread.start()
        thread.join()
    assert seen == [None]


def test_without_replicas_the_router_leaves_every_choice_to_django(settings):
    settings.DATABASE_REPLICAS = []
    with reads_from_replica():
        assert router.db_for_read(DirectValue) == "default"  # Django's own default, no router choosing
        assert router.db_for_write(DirectValue) == "default"
    assert router.allow_migrate("default", "work")


def test_without_replicas_a_saving_request_gets_no_pin_cookie(settings):
    settings.DATABASE_REPLICAS = []
    middleware = ReadYourWritesMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().post("/"))
    assert PIN_COOKIE not in response.cookies


def test_with_replicas_a_saving_request_pins_the_browser_to_the_primary(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.REPLICA_MAX_LAG_SECONDS = 30
    seen = []

    def view(request):
        seen.append(replica_reads.current().pinned)
        return HttpResponse("ok")

    middleware = ReadYourWritesMiddleware(view)
    saved = middleware(RequestFactory().post("/"))
    assert saved.cookies[PIN_COOKIE]["max-age"] == 30
    follow = RequestFactory().get("/")
    follow.COOKIES[PIN_COOKIE] = saved.cookies[PIN_COOKIE].value
    middleware(follow)
    middleware(RequestFactory().get("/"))  # another browser, or the same after the pin expired
    forged = RequestFactory().get("/")
    forged.COOKIES[PIN_COOKIE] = "1"  # not signed: ignored
    middleware(forged)
    assert seen == [True, True, False, False]


def test_with_replicas_migrations_never_go_to_a_replica(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    assert router.allow_migrate("replica1", "work") is False
    assert router.allow_migrate("default", "work") is True


@pytest.mark.django_db
def test_inside_a_transaction_figures_are_read_from_the_primary(settings):
    settings.DATABASE_REPLICAS = ["replica1"]  # never connected: the open transaction decides first
    with replica_reads.request_unit(pinned=False), reads_from_replica():
        assert router.db_for_read(DirectValue) == "default"
        assert router.db_for_write(DirectValue) == "default"
