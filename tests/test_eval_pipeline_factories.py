"""Helpers that build the Party pipeline the way officers do (through the services). No tests of their own.

Dates are fixed days in the past (2019–2026), so the rules read the same whatever day the tests run; the
"who is due" tests compute their dates from today instead.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from doanvu.accounts.models import Role
from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    year_end,
)
from doanvu.evaluation.party import services
from doanvu.members.models import Member

from .conftest import make_officer
from .test_members_factories import admit

D = datetime.date
YEAR = 2025
TODAY = timezone.localdate()


def personas(tree, people):
    """The personas of a grassroots union's list: its own officer (an editor of XA), the district above, an
    officer of another district (the outsider), the province's read-only viewer; and the branch's officer."""
    return SimpleNamespace(
        own=make_officer("xa_officer", tree.grassroots_a, Role.EDITOR),
        above=people.above,
        sibling=people.other_district,
        viewer=people.viewer,
        branch=people.own,
        other_branch=people.sibling,
        admin=people.admin,
    )


BORN, JOINED = D(2000, 5, 10), D(2016, 3, 26)
COURSE_ON, INTRODUCED_ON = D(2024, 10, 5), D(2025, 3, 26)


def member(unit, by, name="Nguyễn Văn An", born=BORN, joined=JOINED, **fields) -> Member:
    """A member admitted through the member services; Party dates may be given as already recorded."""
    return admit(unit, by, full_name=name, date_of_birth=born, joined_on=joined, **fields)


def evaluated(m: Member, level: str = Level.OUTSTANDING, year: int = YEAR) -> MemberEvaluation:
    """The grassroots union's decision on the member's evaluation of `year` (the evaluation services' result)."""
    return MemberEvaluation.objects.create(
        member=m,
        year=year,
        unit=m.unit,
        as_of=year_end(year),
        proposed_level=level,
        proposed_on=D(year, 12, 10),
        decided_level=level,
        decided_on=D(year, 12, 20),
        decision_unit=m.unit,
    )


def course(m: Member, by, on=COURSE_ON, certificate="CT-01") -> Member:
    return services.party_course(member=m, on=on, certificate=certificate, by=by)


def introduce(m: Member, by, on=INTRODUCED_ON, resolution="12-NQ/ĐTN") -> Member:
    return services.party_introduce(member=m, on=on, resolution=resolution, by=by)


def advance(m: Member, by, *, course_on=None, introduced_on=None, admitted_on=None, full_on=None) -> Member:
    """Take the member through the steps with the given dates (those given, in order)."""
    if course_on:
        m = course(m, by, on=course_on, certificate=f"CT-{m.pk}")
    if introduced_on:
        m = introduce(m, by, on=introduced_on, resolution=f"NQ-{m.pk}")
    if admitted_on:
        m = services.party_admit(member=m, on=admitted_on, by=by)
    if full_on:
        m = services.party_full(member=m, on=full_on, by=by)
    return m


def outstanding_list(unit, by, year=YEAR, members=(), handed_over_on=None, **kwargs):
    created = services.outstanding_list_create(unit=unit, year=year, by=by, **kwargs)
    for m in members:
        services.outstanding_add(outstanding_list=created, member=m, by=by)
    if handed_over_on:
        created = services.outstanding_hand_over(
            outstanding_list=created, on=handed_over_on, by=by, party_committee="Đảng ủy xã A"
        )
    return created


def build_cohort(tree, officers):
    """Outstanding members of 2025 at every stage: XA's list (4 in CA1, 2 in CA2), XB's list (1 in CB1), and
    someone on XA's 2024 list."""
    admin = officers.admin
    people = {
        "a": member(tree.branch_a1, admin, "An"),
        "b": member(tree.branch_a1, admin, "Bình"),
        "e": member(tree.branch_a1, admin, "Em"),
        "f": member(tree.branch_a1, admin, "Phúc"),
        "c": member(tree.branch_a2, admin, "Cường"),
        "d": member(tree.branch_a2, admin, "Dung"),
    }
    earlier = member(tree.branch_a1, admin, "Giang")
    elsewhere = member(tree.branch_b1, admin, "Hải")
    outstanding_list(
        tree.grassroots_a, officers.own, year=2024, members=[earlier], handed_over_on=D(2025, 2, 3)
    )
    xa = outstanding_list(
        tree.grassroots_a, officers.own, members=people.values(), handed_over_on=D(2026, 2, 3)
    )
    outstanding_list(tree.grassroots_b, admin, members=[elsewhere])
    by = officers.own
    advance(people["a"], by, course_on=TODAY - datetime.timedelta(days=100))
    advance(people["b"], by, course_on=D(2024, 1, 5), introduced_on=D(2025, 3, 26))
    advance(people["c"], by, course_on=D(2023, 1, 5), introduced_on=D(2023, 6, 1), admitted_on=D(2025, 1, 10))
    advance(
        people["d"],
        by,
        course_on=D(2022, 1, 5),
        introduced_on=D(2022, 6, 1),
        admitted_on=D(2024, 5, 10),
        full_on=D(2025, 5, 12),
    )
    advance(people["f"], by, course_on=D(2019, 1, 5))  # expired since 05/01/2024
    advance(earlier, by, course_on=D(2023, 1, 5), introduced_on=D(2024, 3, 26))
    return xa
