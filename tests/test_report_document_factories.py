"""Records for the report tests, built the way the work-record services store them. No tests of their own."""

from __future__ import annotations

import datetime
from decimal import Decimal

from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Indicator,
    Movement,
    Target,
    WorkArea,
)


def activity(
    unit, day: datetime.date, *, area="education", title=None, movement=None, with_units=(), **figures
):
    """An activity led by `unit` (with co-organisers `with_units`) on `day`, with figures (code=value)."""
    ensure_catalogue()
    act = Activity.objects.create(
        title=title or f"Hoạt động {unit.code} {day:%d/%m}",
        work_area=WorkArea.objects.get(code=area),
        movement=Movement.objects.get(code=movement) if movement else None,
        start_on=day,
        end_on=day,
        unit=unit,
    )
    for organiser in (unit, *with_units):
        ActivityOrganiser.objects.create(activity=act, unit=organiser, lead=organiser == unit)
    for code, value in figures.items():
        ActivityFigure.objects.create(
            activity=act, indicator=Indicator.objects.get(code=code), value=Decimal(str(value))
        )
    return act


def target(unit, code: str, period: str, value) -> Target:
    ensure_catalogue()
    return Target.objects.create(
        unit=unit,
        indicator=Indicator.objects.get(code=code),
        period=period,
        value=Decimal(str(value)),
        set_by_unit=unit,
    )
