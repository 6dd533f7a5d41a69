"""The rules the pipeline's writes and reads share: how long an awareness certificate is valid, the
grassroots union that introduces a member, the lists a member is on."""

from __future__ import annotations

import datetime

from django.conf import settings

from doanvu.evaluation.party.models import OutstandingList
from doanvu.members.models import Member
from doanvu.members.validation import add_years
from doanvu.org.models import OrgUnit


def course_valid_years() -> int:
    return settings.DOANVU_RULES.get("party_course_valid_years", 5)


def certificate_expires_on(course_on: datetime.date) -> datetime.date:
    """The first day the awareness certificate is no longer valid."""
    return add_years(course_on, course_valid_years())


def certificate_valid_on(member: Member, day: datetime.date) -> bool:
    course_on = member.party_course_on
    return course_on is not None and course_on <= day < certificate_expires_on(course_on)


def grassroots_of(unit: OrgUnit) -> OrgUnit:
    """The grassroots unit (đoàn cơ sở, chi đoàn cơ sở) at or above `unit`; `unit` itself if there is none."""
    step = OrgUnit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    found = (
        OrgUnit.objects.filter(path__in=paths, kind__is_grassroots=True)
        .select_related("kind")
        .order_by("-depth")
    ).first()
    return found or unit


def lists_of_member(member: Member, year: int | None = None):
    lists = OutstandingList.objects.filter(entries__member=member)
    if year is not None:
        lists = lists.filter(year=year)
    return lists.select_related("unit").order_by("-year", "-id")
