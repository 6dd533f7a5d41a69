"""Helpers that build the records member evaluation reads (meetings, dues, training, discipline) and the
evaluations themselves. No tests of their own."""

from __future__ import annotations

import datetime
import itertools

from doanvu.evaluation.models import (
    MemberEvaluation,
    TrainingRegistration,
    year_end,
)
from doanvu.lib import changes
from doanvu.members import services as member_services
from doanvu.members.models import Discipline, Member, Position
from doanvu.work.models import Attendance, DuesPayment, Meeting

from .test_members_factories import citizen_id

D = datetime.date
YEAR = 2025
ON = D(2025, 12, 20)
DECIDED_ON = D(2025, 12, 28)

JOINED = D(2021, 3, 26)
DISCIPLINED = D(2025, 6, 1)
POSITION_FROM = D(2022, 1, 1)

_births = itertools.count(0)


def roster(unit, by, names: list[str], joined_on: datetime.date = JOINED) -> list[Member]:
    """Members admitted to `unit` (through the service: their history starts on `joined_on`)."""
    out = []
    for name in names:
        born = D(1998, 1, 1) + datetime.timedelta(days=41 * next(_births) % 3000)
        out.append(
            member_services.member_admit(
                unit=unit,
                data={
                    "full_name": name,
                    "gender": "female" if len(out) % 2 else "male",
                    "date_of_birth": born,
                    "joined_on": joined_on,
                    "citizen_id": citizen_id(),
                },
                by=by,
            )
        )
    return out


def meetings(unit, members: list[Member], *, year: int = YEAR, held: int = 10, absent: dict | None = None):
    """`held` monthly meetings of `unit` in `year`; absent[member] = how many of them that member missed."""
    absent = absent or {}
    for month in range(1, held + 1):
        meeting = Meeting.objects.create(unit=unit, held_on=D(year, month, 26))
        with changes.changing(meetings=[meeting.pk]):  # the meeting's figures counted again once, at the end
            for member in members:
                missed = absent.get(member, 0)
                Attendance.objects.create(meeting=meeting, member=member, present=month > missed)


def _payments(member: Member, unit, months, *, year: int, amount: int) -> list[DuesPayment]:
    return [
        DuesPayment(
            member=member, unit=unit, month=D(year, month, 1), amount=amount, paid_on=D(year, month, 28)
        )
        for month in months
    ]


def _record(payments: list[DuesPayment]) -> None:
    """Written together, as the dues book's page writes a month's payments (their figures and the arrears
    they bear on counted once)."""
    DuesPayment.objects.bulk_create(payments)
    changes.created(dues=[payment.pk for payment in payments])


def pay(member: Member, unit, months, *, year: int = YEAR, amount: int = 2000) -> None:
    _record(_payments(member, unit, months, year=year, amount=amount))


def pay_all(members, unit, *, year: int = YEAR) -> None:
    _record([p for member in members for p in _payments(member, unit, range(1, 13), year=year, amount=2000)])


def train(
    member: Member, result: str = "outstanding", *, year: int = YEAR, unit=None
) -> TrainingRegistration:
    return TrainingRegistration.objects.create(
        member=member,
        year=year,
        unit=unit or member.unit,
        registered_on=D(year, 2, 1),
        result=result,
        evaluated_on=D(year, 8, 15) if result else None,
    )


def discipline(member: Member, form: str = "reprimand", day: datetime.date = DISCIPLINED) -> Discipline:
    return Discipline.objects.create(member=member, form=form, decided_on=day, reason="Vi phạm nội quy")


def position(
    member: Member, unit, title: str = "secretary", start: datetime.date = POSITION_FROM
) -> Position:
    return Position.objects.create(member=member, unit=unit, title=title, start_on=start)


def exemplary(unit, members, *, year: int = YEAR) -> None:
    """Full attendance, every month of dues paid and an outstanding training result, for each member."""
    meetings(unit, members, year=year)
    pay_all(members, unit, year=year)
    for member in members:
        train(member, "outstanding", year=year)


def decided(
    member: Member, level: str, *, year: int = YEAR, unit=None, decision_unit=None
) -> MemberEvaluation:
    """A decided evaluation written directly (for figures; the services are tested on their own)."""
    unit = unit or member.unit
    return MemberEvaluation.objects.create(
        member=member,
        year=year,
        unit=unit,
        as_of=year_end(year),
        proposed_level=level,
        proposed_on=D(year, 12, 20),
        decided_level=level,
        decided_on=D(year, 12, 28),
        decision_unit=decision_unit or unit,
    )
