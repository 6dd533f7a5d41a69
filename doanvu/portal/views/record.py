"""What a member's own area reads about them: dues paid and owed, meetings attended, evaluations, training
(read-only; each list is the member's own rows only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.members.models import Member
from doanvu.work.arrears import due_months, dues_book_opened, transferred_in_on
from doanvu.work.dues import member_dues_category, rates_on
from doanvu.work.models import Attendance, DuesPayment


@dataclass
class DuesMonth:
    start: datetime.date
    paid: DuesPayment | None
    amount: int  # paid, or owed at the rate in force that month

    @property
    def label(self) -> str:
        return self.start.strftime("%m/%Y")


def dues_months(member: Member, day: datetime.date) -> list[DuesMonth]:
    """The 12 months before `day` that were due from the member (work/arrears.py's rule), newest first, each
    paid or owed."""
    opened = dues_book_opened([member]).get(member.pk)
    moved_in = transferred_in_on(member, day)
    paid = {p.month: p for p in DuesPayment.objects.filter(member=member)}
    category = member_dues_category(member)
    out = []
    for period in due_months(day):
        start = period.start
        if (
            opened is None
            or start < opened
            or (member.joined_on and member.joined_on >= start)
            or (moved_in and moved_in >= start)
        ):
            if start not in paid:
                continue
        payment = paid.get(start)
        amount = payment.amount if payment else rates_on(start).get(category, 0)
        out.append(DuesMonth(start, payment, amount))
    return out[::-1]


def record(member: Member) -> dict:
    today = timezone.localdate()
    months = dues_months(member, today)
    owed = [m for m in months if m.paid is None]
    attendances = list(
        Attendance.objects.filter(member=member)
        .select_related("meeting", "meeting__unit")
        .order_by("-meeting__held_on")
    )
    return {
        "today": today,
        "dues_months": months,
        "dues_owed": owed,
        "dues_owed_total": sum(m.amount for m in owed),
        "dues_recent": DuesPayment.objects.filter(member=member).order_by("-month")[:24],
        "attendances": attendances,
        "attended": sum(1 for a in attendances if a.present),
        "evaluations": MemberEvaluation.objects.filter(member=member)
        .select_related("unit")
        .order_by("-year"),
        "trainings": TrainingRegistration.objects.filter(member=member)
        .select_related("unit")
        .order_by("-year"),
    }
