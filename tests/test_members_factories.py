"""Helpers that build members the way officers do (through the services). No tests of their own."""

import datetime
import itertools

from doanvu.members import services
from doanvu.members.models import Member

_ids = itertools.count(1)


def citizen_id() -> str:
    """A fresh 12-digit citizen ID."""
    return f"0790{next(_ids):08d}"


def member_data(**overrides) -> dict:
    data = {
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "date_of_birth": datetime.date(2000, 5, 10),
        "joined_on": datetime.date(2021, 3, 26),
        "citizen_id": citizen_id(),
        "phone": "0912345678",
    }
    data.update(overrides)
    return data


def admit(unit, by, **overrides) -> Member:
    return services.member_admit(unit=unit, data=member_data(**overrides), by=by)


def bulk_members(unit, names, **fields) -> list[Member]:
    """Many members at once, for lists and exports (no history needed there)."""
    members = []
    for i, name in enumerate(names):
        member = Member(
            unit=unit,
            full_name=name,
            gender="female" if i % 2 else "male",
            date_of_birth=datetime.date(1998, 1, 1) + datetime.timedelta(days=37 * i),
            joined_on=datetime.date(2015, 3, 26) + datetime.timedelta(days=37 * i),
            **fields,
        )
        member.normalise()
        members.append(member)
    return Member.objects.bulk_create(members)
