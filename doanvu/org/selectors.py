"""Reads of the unit tree, now and as it stood on a past date."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .models import OrgUnit, UnitVersion


def version_on(unit: OrgUnit, day: datetime.date) -> UnitVersion | None:
    return UnitVersion.objects.filter(UnitVersion.valid_on_q(day), unit=unit).first()


def subtree_unit_ids(unit: OrgUnit, day: datetime.date | None = None) -> QuerySet:
    """Ids of `unit` and every unit under it: in today's tree (day=None), or in the tree as it stood on `day`.

    One indexed prefix query either way; use it as a subquery (`unit_id__in=...`).
    """
    if day is None:
        return OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
    version = version_on(unit, day)
    if version is None:
        return UnitVersion.objects.none().values("unit_id")
    return UnitVersion.objects.filter(UnitVersion.valid_on_q(day), lineage__startswith=version.lineage).values(
        "unit_id"
    )
