"""The demo seeded three times in an empty database, each time in a transaction rolled back: twice with the
default seed and once with another. What the determinism tests of test_demo.py and test_demo_evaluation.py
compare, seeded once for them all (each seeding takes seconds). No tests of its own."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from doanvu.evaluation.models import (
    ConditionScore,
    Evidence,
    InspectionVisit,
    MemberEvaluation,
    OutstandingEntry,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report
from doanvu.work.models import Activity, ActivityFigure, Attendance, DuesPayment

MEMBERS = 150
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def figure_sums(activities) -> dict[str, int]:
    rows = ActivityFigure.objects.filter(activity__in=activities).values_list("indicator__code")
    return {code: int(total) for code, total in rows.annotate(total=Sum("value")).order_by()}


def records_digest() -> tuple:
    titles = list(
        Activity.objects.order_by("start_on", "title", "unit__code").values_list(
            "title", "start_on", "unit__code"
        )
    )
    sums = figure_sums(Activity.objects.all())
    states = sorted(Report.objects.values_list("unit__code", "period", "state"))
    return titles, sums, states, Attendance.objects.filter(present=True).count(), DuesPayment.objects.count()


def evaluation_digest() -> tuple:
    levels = sorted(
        MemberEvaluation.objects.values_list("member__citizen_id", "proposed_level", "decided_level")
    )
    scores = sorted(
        ConditionScore.objects.values_list(
            "assessment__unit__code", "condition__code", "self_points", "inspector_points"
        )
    )
    visits = sorted(InspectionVisit.objects.values_list("unit__code", "rank", "final_score", "visited_on"))
    entries = sorted(
        OutstandingEntry.objects.values_list("outstanding_list__unit__code", "member__citizen_id")
    )
    party = sorted(
        Member.objects.exclude(party_course_on=None).values_list(
            "citizen_id", "party_course_on", "party_full_on"
        )
    )
    files = sorted(Evidence.objects.values_list("assessment__unit__code", "title", "status"))
    return levels, scores, visits, entries, party, files


@dataclass(frozen=True)
class Run:
    """What one seeding of the demo wrote."""

    units_before: int  # units in the database before the seeding: 0, it was empty
    units: list
    people: list
    records: tuple
    evaluation: tuple


def seed_once(*args: str) -> Run:
    """`doanvu seed_demo` with MEMBERS members (and `args`), read, then rolled back."""
    with transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        before = OrgUnit.objects.count()
        call_command("seed_demo", "--members", str(MEMBERS), *args, stdout=io.StringIO())
        run = Run(
            units_before=before,
            units=list(OrgUnit.objects.order_by("path").values_list("code", "name")),
            people=list(
                Member.objects.order_by("citizen_id").values_list("citizen_id", "full_name", "date_of_birth")
            ),
            records=records_digest(),
            evaluation=evaluation_digest(),
        )
        transaction.set_rollback(True)  # back to the empty database
    return run


@dataclass(frozen=True)
class Runs:
    first: Run
    second: Run  # the same seed again
    other: Run  # another seed (7)


def seed_runs() -> Runs:
    return Runs(first=seed_once(), second=seed_once(), other=seed_once("--seed", "7"))
