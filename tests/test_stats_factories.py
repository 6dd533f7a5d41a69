"""Helpers that build work records for the stats tests (no tests of their own)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from doanvu.lib import changes, periods
from doanvu.members.models import Member
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attendance,
    DirectValue,
    DuesPayment,
    Indicator,
    Meeting,
    Movement,
    WorkArea,
)

from .test_members_factories import bulk_members


def indicator(code: str) -> Indicator:
    ensure_catalogue()  # a transactional test before this one may have flushed the catalogue
    return Indicator.objects.get(code=code)


def activity(
    unit, day: datetime.date, *, with_units=(), area="movements", movement=None, **figures
) -> Activity:
    """An activity led by `unit` (also organised by `with_units`) started on `day`, in work area `area`
    (and movement `movement`, codes of the catalogue), with its figures."""
    ensure_catalogue()
    act = Activity.objects.create(
        title=f"Hoạt động {unit.code} {day}",
        work_area=WorkArea.objects.get(code=area),
        movement=Movement.objects.get(code=movement) if movement else None,
        start_on=day,
        end_on=day,
        unit=unit,
    )
    with changes.changing(activities=[act.pk]):  # its figures counted again once, at the end
        for organiser in (unit, *with_units):
            ActivityOrganiser.objects.create(activity=act, unit=organiser, lead=organiser == unit)
        for code, value in figures.items():
            ActivityFigure.objects.create(activity=act, indicator=indicator(code), value=Decimal(str(value)))
    return act


def meeting(unit, day: datetime.date, *, present: int, absent: int, people=None) -> Meeting:
    """A meeting with attendance rows; attendees are made up (outside the rolls' history) unless given."""
    m = Meeting.objects.create(unit=unit, held_on=day)
    people = people or bulk_members(unit, [f"Người dự {i}" for i in range(present + absent)])
    with changes.changing(meetings=[m.pk]):  # its figures counted again once, at the end
        for i, person in enumerate(people):
            Attendance.objects.create(meeting=m, member=person, present=i < present)
    return m


def dues(unit, paid_on: datetime.date, amount: int) -> DuesPayment:
    person = bulk_members(unit, ["Người đóng đoàn phí"])[0]
    return DuesPayment.objects.create(
        member=person, unit=unit, month=paid_on.replace(day=1), amount=amount, paid_on=paid_on
    )


def direct(unit, code: str, period_code: str, value) -> DirectValue:
    period = periods.parse(period_code)
    return DirectValue.objects.create(
        unit=unit,
        indicator=indicator(code),
        period=period.code,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(str(value)),
    )


def member_count(unit) -> int:
    return Member.objects.filter(unit=unit).count()
