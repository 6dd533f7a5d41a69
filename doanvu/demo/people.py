"""The demo members: people, their dates and steps through the Union and the Party, transfers,
positions, and the dated history rows that tell it all."""

from __future__ import annotations

import copy
import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.demo import names
from doanvu.demo.tree import (
    START,
    Spec,
    school_year,
)
from doanvu.lib.vntext import fold
from doanvu.members.models import Member, Position, Status, Transfer
from doanvu.org.models import OrgUnit

# Share of Khmer people among members, by district-level unit (Trà Cú and Cầu Ngang are mostly Khmer).
KHMER_SHARE = {
    "CL": 0.1,
    "CK": 0.3,
    "TC": 0.3,
    "CT": 0.4,
    "TCU": 0.6,
    "CN": 0.45,
    "DH": 0.25,
    "TXDH": 0.15,
    "TP": 0.15,
    "DK": 0.15,
    "DHTV": 0.25,
}
# The members of a kind of branch: (youngest, oldest) age today.
AGES = {"village": (16, 30), "agency": (22, 30), "staff": (23, 30)}
# Share of members who took the Party-awareness course, by kind of branch (agencies count most Party
# members: a real bloc union of agencies had 446 of 2,145).
PARTY_COURSE = {"village": 0.15, "agency": 0.5, "staff": 0.55, "university": 0.08, "school": 0.0}
_VARYING = (
    "unit_id",
    "status",
    "status_changed_on",
    "party_course_on",
    "party_introduced_on",
    "party_probationary_on",
    "party_full_on",
)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, first: datetime.date, last: datetime.date, skew: float = 1.0):
    """A day in [first, last]; skew > 1 favours early days."""
    span = (last - first).days
    if span <= 0:
        return first
    return first + datetime.timedelta(days=int(rng.betavariate(1.0, skew) * span))


class MemberMaker:
    def __init__(self, rng: random.Random, today: datetime.date, specs: list[Spec]):
        self.rng = rng
        self.today = today
        self.citizen_ids: set[str] = set()
        # Where members live: the village branches' addresses, by district-level unit.
        self.addresses: dict[str, list[str]] = {}
        for spec in specs:
            if spec.flavour == "village" and spec.address:
                self.addresses.setdefault(spec.region, []).append(spec.address)
        self.everywhere = [a for region in sorted(self.addresses) for a in self.addresses[region]]
        # Provincial offices and the university are in the city: most of their people live near it.
        self.near_city = self.addresses.get("TP", []) + self.addresses.get("CT", []) or self.everywhere
        self.schools = [s.name.removeprefix("Đoàn ") for s in specs if s.code.endswith("-THPT")]
        self.schools = self.schools or list(names.SCHOOLS.values())
        self.local_branches = [s.code for s in specs if s.flavour in ("village", "agency")]

    def make(self, spec: Spec, unit: OrgUnit) -> Member:
        rng, today = self.rng, self.today
        khmer = KHMER_SHARE.get(spec.region, 0.2)
        ethnicity = rng.choices(["Kinh", "Khmer", "Hoa"], weights=[0.98 - khmer, khmer, 0.02])[0]
        gender = "female" if rng.random() < 0.52 else "male"
        kind = spec.flavour
        status = Status.ACTIVE
        if kind in ("village", "agency") and rng.random() < 0.045:
            status = Status.CAME_OF_AGE
        elif kind in ("village", "agency") and rng.random() < 0.03:
            status = Status.REMOVED
        if spec.age:
            age = rng.randint(*spec.age)
        elif status == Status.CAME_OF_AGE:
            age = rng.randint(31, 33)
        else:
            low, high = AGES[kind]
            ages = list(range(low, high + 1))
            age = rng.choices(ages, weights=[0.7 if a < 18 else 1.3 if a < 27 else 1.0 for a in ages])[0]
        latest = _add_years(today, -age) - datetime.timedelta(days=1)
        earliest = _add_years(today, -age - 1) + datetime.timedelta(days=1)
        dob = _between(rng, earliest, latest)
        joined = _between(
            rng, _add_years(dob, 16) + datetime.timedelta(days=1), min(today, _add_years(dob, 30)), skew=4.0
        )
        member = Member(
            unit=unit,
            full_name=names.person_name(rng, gender=gender, ethnicity=ethnicity),
            gender=gender,
            date_of_birth=dob,
            ethnicity=ethnicity,
            religion=names.weighted(rng, names.RELIGIONS[ethnicity]),
            citizen_id=self._citizen_id(gender, dob),
            joined_on=joined,
            status=Status.ACTIVE,
        )
        self._details(member, spec)
        member._flavour = kind
        member._events = []  # (day, {field: value}, reason), applied after joining, in order
        if status == Status.CAME_OF_AGE:
            day = self._ceremony_after(_add_years(dob, 30))
            self._party(member, kind, until=day)
            self._event(member, day, {"status": status, "status_changed_on": day}, _("Trưởng thành Đoàn"))
            return member
        if status == Status.REMOVED and joined + datetime.timedelta(days=400) < today:
            day = _between(rng, joined + datetime.timedelta(days=365), today - datetime.timedelta(days=20))
            self._party(member, kind, until=day)
            self._event(
                member,
                day,
                {"status": status, "status_changed_on": day},
                _("Xóa tên khỏi danh sách đoàn viên"),
            )
            return member
        self._party(member, kind, until=today)
        return member

    def _citizen_id(self, gender: str, dob: datetime.date) -> str:
        # 3 digits of the province, 1 of gender and century, 2 of the birth year, 6 at random.
        century = 0 if dob.year < 2000 else 2
        prefix = f"{names.PROVINCE_ID_CODE}{century + (gender == 'female')}{dob.year % 100:02d}"
        while True:
            number = f"{prefix}{self.rng.randint(0, 999999):06d}"
            if number not in self.citizen_ids:
                self.citizen_ids.add(number)
                return number

    def _details(self, member: Member, spec: Spec) -> None:
        rng, kind = self.rng, spec.flavour
        family, given = member.full_name.split(" ")[0], member.full_name.split(" ")[-1]
        member.phone = "" if rng.random() < 0.04 else f"09{rng.randint(0, 99999999):08d}"
        if rng.random() < (0.8 if kind in ("agency", "staff") else 0.3):
            domain = "travinh.gov.vn" if kind == "agency" else "gmail.com"
            member.email = f"{fold(given)}{fold(family)}{rng.randint(1, 999)}@{domain}".replace(" ", "")
        if kind == "village":
            home = spec.address
        elif kind == "school":
            home = rng.choice(self.addresses.get(spec.region) or self.everywhere)
        else:
            home = rng.choice(self.near_city if rng.random() < 0.6 else self.everywhere)
        member.residence = home
        # Most were born where they live (the commune, without the hamlet).
        member.hometown = home.split(", ", 1)[-1] if rng.random() < 0.8 else rng.choice(self.everywhere)
        member.joined_place = rng.choice(self.schools)
        if kind == "school":
            member.education_level = f"{int(spec.name.split('lớp ')[1][:2]) - 1}/12"
            member.occupation = _("Học sinh")
        elif kind == "university":
            member.education_level, member.occupation = "12/12", _("Sinh viên")
        elif kind in ("agency", "staff"):
            member.education_level = "12/12"
            member.qualification = names.weighted(rng, names.QUALIFICATIONS)
            member.occupation = (
                _("Giảng viên") if kind == "staff" else names.weighted(rng, names.AGENCY_OCCUPATIONS)
            )
            member.political_theory = rng.choice(["Sơ cấp", "Sơ cấp", "Trung cấp", ""])
        else:
            member.education_level = rng.choice(["12/12", "12/12", "12/12", "9/12"])
            member.occupation = names.weighted(rng, names.VILLAGE_OCCUPATIONS)
            if member.age_on(self.today) >= 22 and rng.random() < 0.3:
                member.qualification = rng.choice(["Đại học", "Cao đẳng", "Trung cấp"])
        if rng.random() < 0.75:
            member.card_number = f"{rng.randint(10**8, 10**9 - 1)}"

    def _party(self, member: Member, kind: str, until: datetime.date) -> None:
        """The Party stages up to `until`, each after the one before, the admission at 18 or older."""
        rng = self.rng
        if rng.random() >= PARTY_COURSE.get(kind, 0):
            return
        first = max(member.joined_on + datetime.timedelta(days=365), _add_years(member.date_of_birth, 18))
        if first > until - datetime.timedelta(days=30):
            return
        course = _between(rng, first, until - datetime.timedelta(days=30))
        self._event(member, course, {"party_course_on": course}, _("Học lớp cảm tình Đảng"))
        introduced = course + datetime.timedelta(days=rng.randint(60, 400))
        if rng.random() < 0.55 or introduced > until:
            return
        self._event(
            member, introduced, {"party_introduced_on": introduced}, _("Được Đoàn giới thiệu kết nạp Đảng")
        )
        admitted = introduced + datetime.timedelta(days=rng.randint(30, 180))
        if rng.random() < 0.2 or admitted > until:
            return
        self._event(member, admitted, {"party_probationary_on": admitted}, _("Kết nạp Đảng"))
        full = _add_years(admitted, 1) + datetime.timedelta(days=rng.randint(0, 45))
        if full <= until:
            self._event(member, full, {"party_full_on": full}, _("Chuyển Đảng chính thức"))

    def _ceremony_after(self, day: datetime.date) -> datetime.date:
        for year in (day.year, day.year + 1):
            for month, dom in names.CEREMONY_DAYS:
                ceremony = datetime.date(year, month, dom)
                if ceremony >= day:
                    return min(ceremony, self.today)
        return self.today

    @staticmethod
    def _event(member: Member, day: datetime.date, changes: dict, reason: str) -> None:
        for name, value in changes.items():
            setattr(member, name, value)
        member._events.append((day, changes, reason))

    def transfers(self, people: list[Member], units: dict[str, OrgUnit]) -> list[Transfer]:
        """Some transfers waiting for the receiving branch, and some accepted in the past years."""
        rng, today = self.rng, self.today
        targets = [units[code] for code in self.local_branches]
        # Pupils and students change schools at the start of a school year, not in the demo's month.
        movable = [
            p
            for p in people
            if p.status == Status.ACTIVE
            and p._flavour in ("village", "agency")
            and p.joined_on < today - datetime.timedelta(days=120)
        ]
        if len(targets) < 2 or not movable:
            return []
        pending_count = max(3, round(len(people) * 0.015)) if len(people) >= 30 else 0
        accepted_count = round(len(people) * 0.02)
        chosen = rng.sample(movable, min(len(movable), pending_count + accepted_count))
        out = []
        for i, member in enumerate(chosen):
            other = rng.choice(targets)
            while other.pk == member.unit.pk:
                other = rng.choice(targets)
            reason = rng.choice(names.TRANSFER_REASONS)
            if i < pending_count:
                asked = today - datetime.timedelta(days=rng.randint(2, 45))
                self._event(
                    member,
                    asked,
                    {"status": Status.TRANSFER_PENDING, "status_changed_on": asked},
                    _("Đề nghị chuyển sinh hoạt đoàn"),
                )
                out.append(
                    Transfer(
                        member=member,
                        from_unit=member.unit,
                        to_unit=other,
                        requested_on=asked,
                        dues_paid_until=f"{asked.month:02d}/{asked.year}",
                        reason=reason,
                    )
                )
                continue
            # The member came from `other`: their history starts there.
            decided = _between(
                rng,
                max(member.joined_on + datetime.timedelta(days=60), START),
                today - datetime.timedelta(days=10),
            )
            asked = max(member.joined_on, decided - datetime.timedelta(days=rng.randint(3, 30)))
            member._initial_unit_id = other.pk
            self._event(member, decided, {"unit_id": member.unit_id}, _("Tiếp nhận chuyển sinh hoạt đoàn"))
            out.append(
                Transfer(
                    member=member,
                    from_unit=other,
                    to_unit=member.unit,
                    requested_on=asked,
                    dues_paid_until=f"{asked.month:02d}/{asked.year}",
                    reason=reason,
                    state=Transfer.State.ACCEPTED,
                    decided_on=decided,
                )
            )
        return out


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def snapshots(people: list[Member], *, initial: bool) -> list[Member]:
    """History rows as copies of each member: the state on joining (initial) or after each later step."""
    out = []
    for member in people:
        final = {name: getattr(member, name) for name in _VARYING}
        start = max(member.joined_on, START)
        state = {
            "unit_id": getattr(member, "_initial_unit_id", member.unit_id),
            "status": Status.ACTIVE,
            "status_changed_on": None,
            "party_course_on": None,
            "party_introduced_on": None,
            "party_probationary_on": None,
            "party_full_on": None,
        }
        steps = sorted(member._events, key=lambda e: e[0])
        for day, changes, _reason in steps:
            if day <= start:
                state.update(changes)
        if initial:
            out.append(
                _copy(
                    member, state, start, _("Vào Đoàn") if member.joined_on >= START else _("Dữ liệu ban đầu")
                )
            )
            continue
        for day, changes, reason in steps:
            if day > start:
                state.update(changes)
                out.append(_copy(member, state, day, reason))
        assert state == final, (member.full_name, state, final)
    return out


def _copy(member: Member, state: dict, day: datetime.date, reason: str) -> Member:
    snapshot = copy.copy(member)
    for name, value in state.items():
        setattr(snapshot, name, value)
    snapshot._history_date = _at(day)
    snapshot._change_reason = reason
    return snapshot


def positions(
    rng: random.Random,
    today: datetime.date,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    people: list[Member],
) -> list[Position]:
    """A secretary and a deputy in every branch and every union that holds branches, with dates."""
    by_unit: dict[int, list[Member]] = {}
    for person in people:
        # Not those who arrived by a transfer: their seat would have to start after they came.
        if person.status == Status.ACTIVE and not hasattr(person, "_initial_unit_id"):
            by_unit.setdefault(person.unit_id, []).append(person)
    term = datetime.date(2022, 4, 1)  # grassroots congresses of the 2022–2027 term
    year_start = datetime.date(school_year(today), 9, 5)
    out = []
    for spec in specs:
        unit = units[spec.code]
        if spec.flavour:
            pool = by_unit.get(unit.pk, [])
        elif spec.kind in ("grassroots", "inter_branch"):
            pool = [p for s in specs if s.parent == spec.code for p in by_unit.get(units[s.code].pk, [])]
        else:
            continue
        pool = [p for p in pool if p.age_on(today) >= 18] or pool
        if len(pool) < 2:
            continue
        pool = sorted(pool, key=lambda p: (p.party_course_on is None, p.joined_on))[: max(2, len(pool) // 3)]
        for title, member in zip(
            (Position.Title.SECRETARY, Position.Title.DEPUTY), rng.sample(pool, 2), strict=True
        ):
            begin = year_start if spec.flavour in ("school", "university") else term
            begin = begin + datetime.timedelta(days=rng.randint(0, 60))
            if begin <= member.joined_on:
                begin = member.joined_on + datetime.timedelta(days=rng.randint(30, 90))
            out.append(Position(member_id=member.pk, unit=unit, title=title, start_on=min(begin, today)))
    return out


def leaders(
    seed: int, today: datetime.date, specs: list[Spec], units: dict[str, OrgUnit], people
) -> list[Position]:
    """A secretary and a deputy of the province, of every district-level union, the bloc and the attached
    union, so their reports carry a signer's name: members of the agencies' branches under them (in
    office since the 2022–2027 term's congresses). Drawn with a generator of their own, so the rest of
    the demo stays what it was."""
    rng = random.Random(f"demo-leaders-{seed}")
    flavour = {s.code: s.flavour for s in specs}
    parent = {s.code: s.parent for s in specs}
    under: dict[str, list[str]] = {}
    for spec in specs:
        if not spec.flavour:
            continue
        code = spec.parent
        while code is not None:
            under.setdefault(code, []).append(spec.code)
            code = parent[code]
    by_unit: dict[int, list[Member]] = {}
    for person in people:
        if (
            person.status == Status.ACTIVE
            and not hasattr(person, "_initial_unit_id")
            and person.age_on(today) >= 25
        ):
            by_unit.setdefault(person.unit_id, []).append(person)
    out = []
    for spec in specs:
        if spec.flavour or spec.kind in ("grassroots", "inter_branch"):
            continue
        branches = under.get(spec.code, [])
        agencies = [c for c in branches if flavour[c] == "agency"] or branches
        pool = sorted(
            (p for c in agencies for p in by_unit.get(units[c].pk, [])), key=lambda p: (p.joined_on, p.pk)
        )
        if len(pool) < 2:
            continue
        for title, member in zip(
            (Position.Title.SECRETARY, Position.Title.DEPUTY), rng.sample(pool, 2), strict=True
        ):
            begin = max(datetime.date(2022, 9, 1), member.joined_on + datetime.timedelta(days=90))
            out.append(
                Position(member_id=member.pk, unit=units[spec.code], title=title, start_on=min(begin, today))
            )
    return out
