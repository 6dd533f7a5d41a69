"""What every part of the demo's year-end evaluation reads: the generator, the day, the planned tree and the
generated members (with their dated steps, people.py), and the key dates of 2025's evaluation cycle."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from doanvu.accounts.models import Officer, Role
from doanvu.demo.tree import (
    ROOT_CODE,
    Spec,
)
from doanvu.members.models import Member, Status
from doanvu.org.models import OrgUnit

YEAR = 2025
SET_ISSUED_ON = datetime.date(2025, 1, 20)
SELF_DEADLINE = datetime.date(2025, 10, 31)
PLAN_ISSUED_ON = datetime.date(2025, 10, 20)
PLAN_START = datetime.date(2025, 11, 2)
PLAN_END = datetime.date(2025, 11, 10)
YEAR_END = datetime.date(2025, 12, 31)
# Grassroots unions decide their members' levels from late December to mid-January; districts classify
# their grassroots units by the end of January.
DECISIONS_DONE = datetime.date(2026, 1, 31)
DISTRICT_KINDS = ("district", "bloc", "attached")
GRASSROOTS_KINDS = ("grassroots", "grassroots_branch")


@dataclass
class Context:
    rng: random.Random
    today: datetime.date
    specs: list[Spec]
    units: dict[str, OrgUnit]
    people: list[Member]
    spec: dict[str, Spec] = field(init=False)
    code_of: dict[int, str] = field(init=False)  # unit pk → code
    users: dict[str, object] = field(init=False)
    officer_of: dict[int, object] = field(init=False)  # unit pk → the demo officer who works for it

    def __post_init__(self) -> None:
        self.spec = {s.code: s for s in self.specs}
        self.code_of = {u.pk: code for code, u in self.units.items()}
        wanted = ["tinhdoan", "huyendoan", "doankhoi", "chidoan"]
        self.users = {u.username: u for u in get_user_model().objects.filter(username__in=wanted)}
        self.officer_of = {
            o.unit_id: o.user
            for o in Officer.objects.select_related("user").exclude(role=Role.VIEWER).order_by("pk")
        }

    # --- the tree ------------------------------------------------------------------------------------------

    def districts(self) -> list[Spec]:
        """The district-level units under the province: the districts, the bloc union, the university."""
        return [s for s in self.specs if s.parent == ROOT_CODE and s.kind in DISTRICT_KINDS]

    def district_of(self, code: str) -> str | None:
        while code in self.spec and self.spec[code].parent not in (None, ROOT_CODE):
            code = self.spec[code].parent
        return code if code in self.spec and self.spec[code].parent == ROOT_CODE else None

    def decision_unit(self, branch: str) -> str:
        """Who decides a branch member's level: the grassroots union above the branch; a grassroots branch
        (chi đoàn cơ sở) decides its own; a university class's faculty union (liên chi đoàn) for its
        classes, the university having no grassroots union between."""
        spec = self.spec[branch]
        if spec.kind in GRASSROOTS_KINDS:
            return branch
        return spec.parent

    def user(self, name: str):
        return self.users.get(name)


def symbol(kind: str, name: str) -> str:
    """The issuer's part of a document number: "HĐTN" for a district union, "TĐTN" for a town or city union,
    "ĐTN" for the others (12-BC/HĐTN)."""
    if kind == "district":
        return "TĐTN" if name.startswith(("Thị đoàn", "Thành đoàn")) else "HĐTN"
    return "ĐTN"


def state_on(member: Member, day: datetime.date) -> tuple[int, str]:
    """(branch id, status) of a generated member at the end of `day`, by replaying their dated steps."""
    unit_id = getattr(member, "_initial_unit_id", member.unit_id)
    status = Status.ACTIVE
    for when, changes, _reason in sorted(getattr(member, "_events", []), key=lambda e: e[0]):
        if when > day:
            break
        unit_id = changes.get("unit_id", unit_id)
        status = changes.get("status", status)
    return unit_id, status


def last_event(member: Member) -> datetime.date | None:
    events = getattr(member, "_events", [])
    return max((e[0] for e in events), default=None)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    span = (last - first).days
    return first if span <= 0 else first + datetime.timedelta(days=rng.randint(0, span))


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
