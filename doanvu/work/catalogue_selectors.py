"""Reads of the catalogue pages: the retired own indicators and movements a unit sees, and which own rows
a user may change."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from doanvu.accounts import scope
from doanvu.org.models import OrgUnit
from doanvu.work.models import Indicator, Movement
from doanvu.work.selectors import ancestors_q


def retired_indicators(*, unit: OrgUnit) -> QuerySet[Indicator]:
    """Own indicators of `unit` or of units above it that were retired (the national ones are not here)."""
    return (
        Indicator.objects.filter(ancestors_q(unit), owner_unit__isnull=False, is_active=False)
        .select_related("work_area", "owner_unit")
        .order_by("work_area__order", "order", "code")
    )


def retired_movements(*, unit: OrgUnit) -> QuerySet[Movement]:
    return (
        Movement.objects.filter(ancestors_q(unit), owner_unit__isnull=False, is_active=False)
        .select_related("work_area", "owner_unit")
        .order_by("name")
    )


def changeable(user, rows: Iterable[Indicator | Movement]) -> set[int]:
    """Ids of the rows the user may edit and retire: own rows whose owner unit the user edits (as its
    officer or from above). One scope check per owner unit."""
    by_owner: dict[int, bool] = {}
    out = set()
    for row in rows:
        owner = row.owner_unit
        if owner is None:
            continue
        if owner.pk not in by_owner:
            by_owner[owner.pk] = scope.has_role(user, owner, scope.EDIT)
        if by_owner[owner.pk]:
            out.add(row.pk)
    return out
