"""What depends on no record, written once per process (docs/architecture.md, "What a page costs").

The period list of the report pages depends on the day, the language and the period chosen; the member
list's filter fields on the filters sent and the language. `Kept(limit).get(key, compute)` keeps what
`compute` gives under `key` (which must hold everything the result depends on) for the life of the process,
and forgets everything once `limit` results are kept, so the memory stays bounded whatever is asked. Never
for anything read from the database: no write could tell it to forget.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable


class Kept:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: dict[Hashable, str] = {}

    def get(self, key: Hashable, compute: Callable[[], str]) -> str:
        found = self._kept.get(key)
        if found is None:
            found = compute()
            if len(self._kept) >= self.limit:
                self._kept.clear()
            self._kept[key] = found
        return found
