"""What a page reads several times, read once per request (docs/architecture.md, "Read once per page").

A work report or a dashboard asks for a unit's figures of several periods, and each asking needs the same
indicator catalogue. `remember(key, compute)` keeps what `compute` gives for the rest of the request, in a
context variable that `RequestMemoMiddleware` opens for reading requests (GET, HEAD) only: a request that
writes may change what it would read again, so it reads afresh each time. Outside a request (commands,
jobs, tests calling selectors) nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("doanvu_request_memo", default=None)

READING = frozenset({"GET", "HEAD"})


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per key within a reading request; every time elsewhere."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextmanager
def kept() -> Iterator[None]:
    """Keep what `remember` computes until the block ends."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING:
            return self.get_response(request)
        with kept():
            return self.get_response(request)
