"""The name search on a big register (docs/domain.md, "Finding a member"; docs/scale.md, "Member search on
a big register"): which members a name query finds, and the list's pages of them, best matches first.

A query's words each start a word of the name (the search key " nguyen van an "); a word that is a whole
word of the name ranks before one that only starts a longer word; within a rank, name order (sort_key, id).
SQLite reads the LIKE patterns row by row (RankedNameResults). PostgreSQL reads the table of the names'
words of members/migrations/0011_member_search_word.py (WordTableResults): one row per member and whole
word, with the unit's path, the status, the sort key and the search key, behind two B-tree indexes.

- One statement reads the members with every query word whole (rank 0, first in the order) in name order
  from the rarest word's rows in (word, sort_key) order, up to COUNT_CAP + 1; when there are that many,
  they are the count and every page. Only when they are fewer does it go on (WordSearch.first_matches)
  to up to COUNT_CAP + 1 matches of any rank, from the rows of the query's rarest word (every whole word
  it starts, e.g. "an" → an, anh) in the unit's sub-tree, the other words checked on the row's key.
- At most COUNT_CAP matches are all read and sorted: they are the pages.
- More than COUNT_CAP with fewer of rank 0: a page is read in name order, one rank after the other; for
  each way the query's words can be whole or only starts (pruned by the words that exist), the rows of its
  rarest word in (word, sort_key) order, stopping once the page is full (WordSearch.ranked).

The list's count stops at COUNT_CAP: past it the page says "more than" and the pages stop there.
"""

from __future__ import annotations

import itertools
import time

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

COUNT_CAP = 1000
TABLE = "member_search_word"


def words_table_on() -> bool:
    return connection.vendor == "postgresql"


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_q(words: list[str]) -> Q:
    """Every word of `words` starts a word of the name. On PostgreSQL: the members among the word table's
    rows of the rarest word (see WordSearch.matching_sql)."""
    if words_table_on():
        sql, params = WordSearch(words).matching_sql()
        return Q(pk__in=RawSQL(sql, params))
    q = Q()
    for word in words:
        q &= Q(search_text__contains=f" {word}")
    return q


def rank_of(words: list[str], key: str) -> int:
    """selectors.search_rank in Python: how many words of the query are not whole words of the name."""
    return sum(1 for word in words if f" {word} " not in key)


class RankedNameResults:
    """What Paginator pages for a name query on SQLite: `count()` stops at COUNT_CAP (`capped` then says
    so); a slice is read from `found`, the filtered list with the name condition (its card-number
    alternative included) ordered best first, each page through `prepare`."""

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


# How many rows of the word table each word has, from PostgreSQL's statistics (pg_stats), kept a while.
_FREQUENCIES: dict = {"at": -1e9}
_FREQUENCIES_FOR = 600  # seconds


def _frequencies() -> tuple[dict[str, float], float, float]:
    """(rows of each common word, rows of any other word, rows in all) as ANALYZE last saw them."""
    if time.monotonic() - _FREQUENCIES["at"] > _FREQUENCIES_FOR:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.most_common_vals::text::text[], s.most_common_freqs, s.n_distinct, c.reltuples"
                " FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'word'"
                " WHERE c.relname = %s",
                [TABLE],
            )
            row = cursor.fetchone() or (None, None, None, 0)
        values, freqs, distinct, rows = row[0] or [], row[1] or [], row[2] or 0, max(row[3] or 0, 0)
        common = dict(zip(values, freqs, strict=False))
        distinct = -distinct * rows if distinct < 0 else distinct
        others = max(distinct - len(common), 1)
        rest = max(1.0 - sum(freqs), 0.0) / others
        _FREQUENCIES.update(at=time.monotonic(), common=common, rest=rest, rows=max(rows, 1.0))
    f = _FREQUENCIES
    return {w: v * f["rows"] for w, v in f["common"].items()}, f["rest"] * f["rows"], f["rows"]


class WordSearch:
    """A name query on PostgreSQL's word table, within `path` (a unit's sub-tree, or the unit alone when
    `exact`; "" for every unit; None for none), among `statuses` (None: any) and, when given, the members
    of `among` (a queryset of the other filters). `cards`: card numbers the query may be, whose existence
    anywhere is asked along with the vocabulary (most queries are no card number: no query for them)."""

    def __init__(self, words, path="", *, exact=False, statuses=None, among=None, cards=()):
        self.words = list(words)
        self.path, self.exact = path, exact
        self.statuses = list(statuses) if statuses is not None else None
        self.among = among
        self.cards = list(cards)
        self.card_exists = False
        self._vocabulary: dict[str, list[str]] | None = None

    # The words that exist -------------------------------------------------------------------------------

    def vocabulary(self) -> dict[str, list[str]]:
        """Each query word → the whole words of the register it starts (itself first when one)."""
        if self._vocabulary is None:
            parts, params = [], []
            for i, word in enumerate(self.words):
                pattern = _like(word) + "%"
                parts.append(
                    f"SELECT {i}, word FROM (WITH RECURSIVE v(word) AS ("
                    f"(SELECT word FROM {TABLE} WHERE word LIKE %s ORDER BY word LIMIT 1) UNION ALL "
                    f"SELECT (SELECT t.word FROM {TABLE} t WHERE t.word LIKE %s AND t.word > v.word"
                    " ORDER BY t.word LIMIT 1) FROM v WHERE v.word IS NOT NULL"
                    ") SELECT word FROM v WHERE word IS NOT NULL) AS v"
                )
                params += [pattern, pattern]
            if self.cards:
                parts.append(
                    "SELECT -1, '' WHERE EXISTS (SELECT 1 FROM members_member WHERE card_number = ANY(%s))"
                )
                params.append(self.cards)
            found: dict[str, list[str]] = {word: [] for word in self.words}
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                for i, word in cursor.fetchall():
                    if i < 0:
                        self.card_exists = True
                    else:
                        found[self.words[i]].append(word)
            for word, starts in found.items():
                starts.sort(key=lambda w, word=word: (w != word, w))
            self._vocabulary = found
        return self._vocabulary

    def rows_of(self, whole_words) -> float:
        common, rest, _rows = _frequencies()
        return sum(common.get(w, rest) for w in whole_words)

    # SQL ----------------------------------------------------------------------------------------------

    def _where(self, stream: str, driving: str, streams: list[str], whole: set | None) -> tuple[str, list]:
        """Rows of the whole word `stream`, one of the `streams` that the query word `driving` starts, that
        answer the query. `whole`: the query words that must be whole words of the name, the others only
        starts (None: any rank). A member with two of the `streams` is kept from the first one only."""
        sql, params = ["word = %s"], [stream]
        if self.path:
            sql.append("path = %s" if self.exact else "path LIKE %s")
            params.append(self.path if self.exact else _like(self.path) + "%")
        if self.statuses is not None:
            sql.append("status = ANY(%s)")
            params.append(self.statuses)
        for word in self.words:
            if word == driving and (whole is None or word == stream):
                continue  # the row's own word answers it
            if whole is None or word not in whole:
                sql.append("search_text LIKE %s")
                params.append(f"% {_like(word)}%")
            if whole is not None:
                sql.append("search_text LIKE %s" if word in whole else "search_text NOT LIKE %s")
                params.append(f"% {_like(word)} %")
        earlier = streams[: streams.index(stream)]
        if len(earlier) > 16:
            sql.append(
                "word = (SELECT min(x) FROM unnest(string_to_array(search_text, ' ')) AS x WHERE x = ANY(%s))"
            )
            params.append(streams)
        else:
            for other in earlier:
                sql.append("search_text NOT LIKE %s")
                params.append(f"% {_like(other)} %")
        if self.among is not None:
            among, among_params = self.among.order_by().values("pk").query.sql_with_params()
            sql.append(f"member_id IN ({among})")
            params += list(among_params)
        return " AND ".join(sql), params

    def _driving(self, candidates) -> str:
        """The query word, of `candidates`, whose whole words have the fewest rows."""
        return min(candidates, key=lambda word: (self.rows_of(self.vocabulary()[word]), -len(word)))

    def matching_sql(self, ranked: bool = False) -> tuple[str, list]:
        """The ids of the members the query finds (any rank), as SQL: the rows of the rarest query word's
        whole words, each member once; `ranked`: (rank, sort_key, member_id)."""
        driving = self._driving(self.words)
        streams = self.vocabulary()[driving] or [driving]
        rank = " + ".join(["(search_text NOT LIKE %s)::int"] * len(self.words))
        columns = f"{rank} AS rank, sort_key, member_id" if ranked else "member_id"
        parts, params = [], []
        for stream in streams:
            where, where_params = self._where(stream, driving, streams, None)
            parts.append(f"SELECT {columns} FROM {TABLE} WHERE {where}")
            params += [f"% {_like(word)} %" for word in self.words] if ranked else []
            params += where_params
        return " UNION ALL ".join(parts), params

    def whole_first_sql(self) -> tuple[str, list] | None:
        """The members whose name has every query word as a whole word (rank 0, which comes first), in
        name order, from the rarest word's rows in (word, sort_key) order, as SQL; None when some query
        word is no whole word of anyone."""
        if any(not starts or starts[0] != word for word, starts in self.vocabulary().items()):
            return None
        driving = min(self.words, key=lambda word: (self.rows_of([word]), -len(word)))
        where, params = self._where(driving, driving, [driving], set(self.words))
        return f"SELECT sort_key, member_id FROM {TABLE} WHERE {where} ORDER BY sort_key, member_id", params

    def first_matches(self, limit: int) -> tuple[list[tuple[int, str, int]], list[tuple[int, str, int]]]:
        """In one statement: the first `limit` members of rank 0 in name order, and, only when they are
        fewer than `limit`, up to `limit` members of any rank in no order (else none), as (rank, sort_key,
        id). A query with a word that is no whole word of anyone has no rank 0: the second list only."""
        if self.path is None or not all(self.vocabulary().values()):
            return [], []
        found_sql, found_params = self.matching_sql(ranked=True)
        first = self.whole_first_sql()
        if first is None:
            sql, params = f"SELECT * FROM ({found_sql}) AS found LIMIT %s", [*found_params, limit]
        else:
            first_sql, first_params = first
            sql = (
                f"WITH top AS MATERIALIZED ({first_sql} LIMIT %s) SELECT -1, sort_key, member_id FROM top"
                f" UNION ALL (SELECT * FROM ({found_sql}) AS found WHERE (SELECT count(*) FROM top) < %s"
                " LIMIT %s)"
            )
            params = [*first_params, limit, *found_params, limit, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        top = [(0, sort_key, pk) for rank, sort_key, pk in rows if rank < 0]
        return top, [tuple(row) for row in rows if row[0] >= 0]

    def ranked(self, limit: int) -> list[tuple[int, str, int]]:
        """(rank, sort_key, id) of the first `limit` members the query finds, best first, read in name
        order rank after rank: each rank is the union of the ways its words can be whole, each read from
        the rows of its rarest word in (word, sort_key) order and stopped at `limit`."""
        vocabulary = self.vocabulary()
        if self.path is None or not all(vocabulary.values()):
            return []
        found: list[tuple[int, str, int]] = []
        for rank in range(len(self.words) + 1):
            need = limit - len(found)
            if need <= 0:
                break
            parts, params = [], []
            for whole in itertools.combinations(self.words, len(self.words) - rank):
                whole = set(whole)
                if any(w in whole and vocabulary[w][0] != w for w in self.words) or any(
                    w not in whole and not [v for v in vocabulary[w] if v != w] for w in self.words
                ):
                    continue  # a word is not a whole word of anyone, or starts no longer word
                choices = {w: [w] if w in whole else [v for v in vocabulary[w] if v != w] for w in self.words}
                driving = min(self.words, key=lambda w, c=choices: (self.rows_of(c[w]), -len(w)))
                for stream in choices[driving]:
                    where, where_params = self._where(stream, driving, choices[driving], whole)
                    parts.append(
                        f"(SELECT sort_key, member_id FROM {TABLE} WHERE {where}"
                        " ORDER BY sort_key, member_id LIMIT %s)"
                    )
                    params += [*where_params, need]
            if not parts:
                continue
            sql = f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS page ORDER BY 1, 2 LIMIT %s"
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, need])
                found += [(rank, sort_key, pk) for sort_key, pk in cursor.fetchall()]
        return found


class WordTableResults:
    """What Paginator pages for a name query on PostgreSQL, as RankedNameResults does on SQLite (same
    members, same order, same cap): the word table's matches, with the members whose card number is the
    query (`cards`, the filtered members with that card number) placed by their rank as search_rank
    gives it. A page's members are read by id from `members` through `prepare`."""

    def __init__(self, search: WordSearch, members: QuerySet, cards: QuerySet, prepare=None):
        self.search = search
        self.members = members
        self.cards = cards
        self.prepare = prepare or (lambda queryset: queryset)
        self.capped = False
        self._count: int | None = None
        self._cards: list[tuple[int, str, int]] | None = None
        self._all: list[tuple[int, str, int]] | None = None

    def _card_matches(self) -> list[tuple[int, str, int]]:
        """(rank, sort_key, id) of the members found by card number whose name the query does not find."""
        if self._cards is None:
            self.search.vocabulary()  # also asks whether any member at all has the query as card number
            words = self.search.words
            self._cards = (
                [
                    (rank_of(words, key), sort_key, pk)
                    for pk, sort_key, key in self.cards.values_list("pk", "sort_key", "search_text")
                    if not all(f" {word}" in key for word in words)
                ]
                if self.search.card_exists
                else []
            )
        return self._cards

    def count(self) -> int:
        """First the matches of rank 0 in name order, up to COUNT_CAP + 1: when there are that many, they
        are the count and every page (a member found by card number alone has a word that starts none of
        the name's, so a rank above 0). Else up to COUNT_CAP + 1 matches of any rank (unsorted); when that
        is all of them, they are the pages."""
        if self._count is None:
            top, found = self.search.first_matches(COUNT_CAP + 1)
            if len(top) > COUNT_CAP:
                self.capped, self._count, self._all = True, COUNT_CAP, top
                return self._count
            cards = self._card_matches()
            self.capped = len(found) + len(cards) > COUNT_CAP
            self._count = min(len(found) + len(cards), COUNT_CAP)
            self._all = sorted(found + cards) if not self.capped else None
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        stop = min(self.count() if stop is None else stop, COUNT_CAP)
        if stop <= start:
            return []
        ranked = (
            self._all if self._all is not None else sorted(self.search.ranked(stop) + self._card_matches())
        )
        ids = [pk for _rank, _key, pk in ranked[start:stop]]
        members = self.prepare(self.members.filter(pk__in=ids).order_by())
        by_id = {member.pk: member for member in members}
        return [by_id[pk] for pk in ids if pk in by_id]
