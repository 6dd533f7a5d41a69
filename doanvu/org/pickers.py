"""Choosing a unit by its name rather than its code: the units a user may pick on a given day, found by
name without diacritics, each shown with its place in the tree ("Chi đoàn X — Đoàn xã Y — Huyện đoàn Z").

Only units inside the user's scope (`accounts.scope`) and active on the day that matters are offered
(docs/architecture.md, "Pickers").
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from doanvu.accounts import scope
from doanvu.lib.vntext import fold, fold_many

from .models import OrgUnit

LIMIT = 20  # matches shown for one search
BATCH = 5000  # names folded at once
ABOVE = 2  # units above a unit named in its place: "Chi đoàn X — Đoàn xã Y — Huyện đoàn Z"


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    above: str  # "Đoàn xã Y — Huyện đoàn Z", empty at the top of the tree

    @property
    def place(self) -> str:
        return f"{self.name} — {self.above}" if self.above else self.name


def active_on_q(day: datetime.date) -> Q:
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def choices_for(units: Iterable[OrgUnit]) -> list[Choice]:
    """The units as choices, in the order given; the names above them read in one query."""
    units = list(units)
    step = OrgUnit.steplen
    wanted = {u.path[: d * step] for u in units for d in range(max(1, u.depth - ABOVE), u.depth)}
    names = dict(OrgUnit.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    out = []
    for u in units:
        above = [names.get(u.path[: d * step]) for d in range(u.depth - 1, max(0, u.depth - 1 - ABOVE), -1)]
        out.append(Choice(u.code, u.name, " — ".join(n for n in above if n)))
    return out


def pickable(user, day: datetime.date, exclude: Iterable[str] = ()):
    """The units the user may pick on `day`: in the scope, active that day, not among `exclude` (codes)."""
    return scope.scope_units(user).filter(active_on_q(day)).exclude(code__in=list(exclude))


def unit_search(user, query: str, *, day: datetime.date, exclude: Iterable[str] = (), limit: int = LIMIT):
    """Units whose name, short name or code holds every word typed, diacritics or not ("chi doan khoa hoc"
    finds "Chi đoàn Khoa học"), higher units first, at most `limit`."""
    words = fold(query).split()
    if not words:
        return []
    units = pickable(user, day, exclude).order_by("depth", "path")
    batch = units.values_list("pk", "name", "short_name", "code").iterator(chunk_size=BATCH)
    found: list[int] = []
    while len(found) < limit and (chunk := list(itertools.islice(batch, BATCH))):
        texts = fold_many([f"{name} {short_name} {code}" for _, name, short_name, code in chunk])
        found += [row[0] for row, text in zip(chunk, texts, strict=True) if all(w in text for w in words)]
    found = found[:limit]
    by_pk = OrgUnit.objects.in_bulk(found)
    return choices_for(by_pk[pk] for pk in found)


def shortlist_units(user, *, around: OrgUnit | None, day: datetime.date, exclude: Iterable[str] = ()):
    """The units of `unit_shortlist`, in its order."""
    near = scope.unit_choices(user, around or scope.scope_root(user))
    keep = set(pickable(user, day, exclude).filter(pk__in=[u.pk for u in near]).values_list("pk", flat=True))
    return [u for u in near if u.pk in keep]


def unit_shortlist(user, *, around: OrgUnit | None, day: datetime.date, exclude: Iterable[str] = ()):
    """What the picker offers before anything is typed: the units above `around` in the scope, `around`
    itself and the units directly under it, as they stand on `day`."""
    return choices_for(shortlist_units(user, around=around, day=day, exclude=exclude))


def chosen_units(user, codes: Iterable[str]) -> list[OrgUnit]:
    """The units of `chosen`, in its order."""
    codes = [c for c in codes if c]
    if not codes:
        return []
    units = {u.code: u for u in scope.scope_units(user).filter(code__in=codes)}
    return [units[c] for c in dict.fromkeys(codes) if c in units]


def chosen(user, codes: Iterable[str]) -> list[Choice]:
    """The units already chosen (kept even when no longer active, so that a form shows what it holds)."""
    return choices_for(chosen_units(user, codes))


def chosen_and_shortlist(
    user, codes: Iterable[str], *, around: OrgUnit | None, day: datetime.date, exclude: Iterable[str] = ()
) -> tuple[list[Choice], list[Choice]]:
    """(`chosen`, `unit_shortlist` without the units chosen), the names above them all read at once. A page's
    own unit is most often the one chosen, and it is on the shortlist: then it is not looked up again."""
    codes = list(dict.fromkeys(c for c in codes if c))
    near = shortlist_units(user, around=around, day=day, exclude=exclude)
    by_code = {u.code: u for u in near}
    first = [by_code[c] for c in codes] if all(c in by_code for c in codes) else chosen_units(user, codes)
    picked = {u.code for u in first}
    both = choices_for([*first, *(u for u in near if u.code not in picked)])
    return both[: len(first)], both[len(first) :]
