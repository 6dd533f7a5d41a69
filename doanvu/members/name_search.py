"""The name search on a big register (docs/domain.md, "Finding a member"; docs/scale.md, "Member search on
a big register"): which members a name query finds, and the list's pages of them, best matches first.

A query's words each start a word of the name (the search key " nguyen van an "); a word that is a whole
word of the name ranks before one that only starts a longer word. On PostgreSQL the key's word starts are
an index (members/migrations/0010_member_search_words.py): `member_search_words(search_text)` is every
start of every word ("a", "an") and every whole word followed by a space ("an "), so "every word starts
a word" is one array containment the index answers. SQLite reads the same LIKE patterns row by row.

The list's count stops at COUNT_CAP: past it the page says "more than" and the pages stop there, so a
query that finds hundreds of thousands is not counted whole for its first page.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Func, Q, QuerySet, TextField

COUNT_CAP = 1000


def words_index_on() -> bool:
    return connection.vendor == "postgresql"


class SearchWords(Func):
    """`member_search_words(search_text)`: the expression the index is built on (PostgreSQL only)."""

    function = "member_search_words"

    def __init__(self):
        from django.contrib.postgres.fields import ArrayField

        super().__init__("search_text", output_field=ArrayField(TextField()))


def starts_q(words: list[str]) -> Q:
    """Every word of `words` starts a word of the name."""
    if words_index_on():
        from django.contrib.postgres.fields.array import ArrayContains

        return Q(ArrayContains(SearchWords(), list(words)))
    q = Q()
    for word in words:
        q &= Q(search_text__contains=f" {word}")
    return q


class RankedNameResults:
    """What Paginator pages for a name query: `count()` stops at COUNT_CAP (`capped` then says so); a slice
    is read from `found`, the filtered list with the name condition (its card-number alternative
    included) ordered best first, each page through `prepare`."""

    def __init__(self, found: QuerySet, prepare=None):
        self.found = found
        self.prepare = prepare or (lambda queryset: queryset)
        self.capped = False
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            found = self.found.order_by().values("pk")[: COUNT_CAP + 1].count()
            self.capped = found > COUNT_CAP
            self._count = min(found, COUNT_CAP)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        stop = min(self.count() if stop is None else stop, COUNT_CAP)
        return list(self.prepare(self.found)[start:stop]) if stop > start else []
