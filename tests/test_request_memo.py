"""What a reading page asks for several times is read once (doanvu/lib/request_memo.py)."""

from django.http import HttpResponse
from django.test import RequestFactory

from doanvu.lib.request_memo import RequestMemoMiddleware, kept, remember


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_within_a_reading_request_a_value_is_computed_once_per_key():
    calls, compute = _counter()
    with kept():
        assert remember("catalogue", compute) == 1
        assert remember("catalogue", compute) == 1
        assert remember("other", compute) == 2
    assert len(calls) == 2


def test_outside_a_request_every_asking_computes_afresh():
    calls, compute = _counter()
    remember("catalogue", compute)
    remember("catalogue", compute)
    assert len(calls) == 2


def test_the_next_request_does_not_see_what_the_last_one_kept():
    calls, compute = _counter()
    with kept():
        remember("catalogue", compute)
    with kept():
        remember("catalogue", compute)
    assert len(calls) == 2


def test_a_page_read_keeps_values_but_a_form_sent_reads_afresh_after_its_write():
    calls, compute = _counter()

    def view(request):
        first = remember("catalogue", compute)
        second = remember("catalogue", compute)
        return HttpResponse(f"{first},{second}")

    middleware = RequestMemoMiddleware(view)
    factory = RequestFactory()
    assert middleware(factory.get("/bao-cao/")).content == b"1,1"
    assert middleware(factory.post("/cong-tac/hoat-dong/them/")).content == b"2,3"
