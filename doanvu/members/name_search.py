"""The name search at the size of a whole country (docs/domain.md, "Finding a member"; docs/scale.md,
"Member search on a big register"): which members a name query finds, and the pages of them, best matches first, without
reading every match.

A query's words each start a word of the name (the search key " nguyen van an "); a word that is a whole
word of the name ranks before one that only starts a longer word. On PostgreSQL the key's word starts are
an index (members/migrations/0009_member_search_words.py): `member_search_words(search_text)` is every
start of every word ("a", "an") and every whole word followed by a space ("an "), so "every word starts
a word" is one array containment the index answers. SQLite reads the same LIKE patterns row by row.

A page of a query that finds many is taken rank by rank: the members of rank 0 (every word whole) in name
order, then those of rank 1, and so on; each rank is the union of the ways its words can be whole or only
starts, each read in name order and stopped at the page's end. The count stops at COUNT_CAP: past it the
page says "more than" and the pages stop there.
"""

from __future__ import annotations

import heapq
import itertools

from django.db import connection
from django.db.models import Func, Q, QuerySet, TextField

from doanvu.lib import vntext

COUNT_CAP = 1000
# Past this many words the ways to be whole or a start (2^words) are too many to read one by one: such a
# query is sorted whole, as before.
MAX_SPLIT_WORDS = 4
# A way found by the index with at most this many members is sorted; more are read in name order.
SMALL = 500


def words_index_on() -> bool:
    return connection.vendor == "postgresql"


class SearchWords(Func):
    """`member_search_words(search_text)`: the expression the index is built on (PostgreSQL only)."""

    function = "member_search_words"

    def __init__(self):
        from django.contrib.postgres.fields import ArrayField

        super().__init__("search_text", output_field=ArrayField(TextField()))


def starts_q(words: list[str], whole: tuple[str, ...] = ()) -> Q:
    """Every word of `words` starts a word of the name, and each of `whole` is a whole word of it."""
    if words_index_on():
        from django.contrib.postgres.fields.array import ArrayContains

        return Q(ArrayContains(SearchWords(), [*words, *(f"{word} " for word in whole)]))
    q = Q()
    for word in words:
        q &= Q(search_text__contains=f" {word}")
    for word in whole:
        q &= Q(search_text__contains=f" {word} ")
    return q


def _way_q(words: list[str], whole: tuple[str, ...]) -> Q:
    """One way of a rank, as LIKE patterns (cheap per row when read in name order): the words of `whole`
    are whole words of the name, the others only start longer words."""
    q = Q()
    for word in words:
        if word in whole:
            q &= Q(search_text__contains=f" {word} ")
        else:
            q &= Q(search_text__contains=f" {word}") & ~Q(search_text__contains=f" {word} ")
    return q


class RankedNameResults:
    """What Paginator pages for a name query: `count()` stops at COUNT_CAP (`capped` then says so); a slice
    is read rank by rank in name order. `members` is the filtered list without the name condition; `found`
    the same with it (its card-number alternative included), ordered best first."""

    def __init__(self, members: QuerySet, found: QuerySet, q: str, prepare=None):
        self.members = members.order_by()
        self.found = found
        self.words = vntext.query_words(q)
        self.cards = {q.strip(), q.strip().upper()}
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
        if stop is None:
            stop = self.count()
        if stop <= start:
            return []
        ids = self._ordered_ids(stop)[start:stop]
        by_id = {member.pk: member for member in self.prepare(self.members.filter(pk__in=ids))}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _ordered_ids(self, stop: int) -> list[int]:
        """The ids of the first `stop` members, best first."""
        self.count()
        if not self.capped or len(self.words) > MAX_SPLIT_WORDS:
            # At most COUNT_CAP found: the index finds them, they are sorted at once.
            return list(self.found.values_list("id", flat=True)[:stop])
        cards = self._card_only()
        ids: list[int] = []
        for rank in range(len(self.words) + 1):
            need = stop - len(ids)
            if need <= 0:
                break
            ways = [
                self._way(whole, need) for whole in itertools.combinations(self.words, len(self.words) - rank)
            ]
            ways.append(sorted((key, pk) for card_rank, key, pk in cards if card_rank == rank))
            ids.extend(pk for _key, pk in itertools.islice(heapq.merge(*ways), need))
        return ids

    def _way(self, whole: tuple[str, ...], need: int) -> list[tuple[str, int]]:
        """The first `need` (sort key, id) of one way, in name order. The index says first whether the way
        is rare (then its few members are sorted) or common (then read in name order until `need`)."""
        if words_index_on():
            rare = self.members.filter(starts_q(self.words, whole))
            for word in self.words:
                if word not in whole:
                    rare = rare.exclude(starts_q([], (word,)))
            few = list(rare.values_list("sort_key", "id")[: SMALL + 1])
            if len(few) <= SMALL:
                return sorted(few)[:need]
        common = self.members.filter(_way_q(self.words, whole)).order_by("sort_key", "id")
        return list(common.values_list("sort_key", "id")[:need])

    def _card_only(self) -> list[tuple[int, str, int]]:
        """(rank, sort key, id) of the members found by their card number and not by their name."""
        rows = (
            self.members.filter(card_number__in=self.cards)
            .exclude(starts_q(self.words))
            .values_list("search_text", "sort_key", "id")
        )
        return [(sum(f" {w} " not in key for w in self.words), sort_key, pk) for key, sort_key, pk in rows]
