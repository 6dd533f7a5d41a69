"""The register: every branch's members, as `Member` rows and their history (django-simple-history's
table), written as COPY text.

Members are 16 to 30 on 1 January 2024. Each has the history row of the day they were registered, and
those who come of age in 2024–2026 a second one on a ceremony day after their thirtieth birthday: member
stocks (doanvu/stats/sources.py, member_stocks) read the history, so the register of any day from 2024 is
right. The reform moves whole branches, never members one by one, so it needs no history row: a member
stays in their branch wherever the branch hangs (docs/national.md, "The 2025 reform").
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from doanvu.demo import names
from doanvu.demo.national import places
from doanvu.demo.national.pg import text
from doanvu.demo.national.tree import Plan, Unit
from doanvu.lib import vntext

FIRST = datetime.date(2024, 1, 1)
LAST = datetime.date(2026, 12, 31)
POOL = 4000  # names per gender and ethnicity group drawn once, then reused
# fmt: off
ETHNICITIES = [("Kinh", 85.3), ("Tày", 1.9), ("Thái", 1.9), ("Mường", 1.5), ("Khmer", 1.4), ("Hoa", 0.8),
               ("Nùng", 1.1), ("Hmông", 1.5), ("Dao", 0.9), ("Gia Rai", 0.5), ("Ê Đê", 0.4), ("Chăm", 0.2)]
COMMUNE_JOBS = [("Nông dân", 30), ("Công nhân", 22), ("Buôn bán", 10), ("Lao động tự do", 16),
                ("Học sinh", 10), ("Sinh viên", 7), ("Thợ may", 5)]
AGENCY_JOBS = [("Công chức", 35), ("Viên chức", 40), ("Nhân viên", 15), ("Công nhân", 10)]
# fmt: on

MEMBER_COLUMNS = (
    "id", "full_name", "gender", "date_of_birth", "ethnicity", "religion", "citizen_id", "hometown",
    "residence", "phone", "email", "joined_on", "joined_place", "card_number", "education_level",
    "qualification", "political_theory", "occupation", "status", "status_changed_on", "is_honorary",
    "party_course_on", "party_introduced_on", "party_probationary_on", "party_full_on",
    "sort_key", "search_text", "created", "updated", "unit_id", "dues_category", "party_course_certificate",
    "party_introduced_resolution",
)  # fmt: skip
HISTORY_COLUMNS = (
    *MEMBER_COLUMNS[:25], "created", "history_id", "history_date", "history_change_reason", "history_type",
    "history_user_id", "unit_id", "dues_category", "party_course_certificate", "party_introduced_resolution",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """What the meetings and dues of the records province need of a member."""

    id: int
    branch: int
    joined: datetime.date
    left: datetime.date | None
    salaried: bool


def _cumulative(pairs: list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    values, weights = [text(v) for v, _w in pairs], []
    total = 0.0
    for _v, weight in pairs:
        total += weight
        weights.append(total)
    return values, weights


def _moment(day: datetime.date) -> str:
    return f"{day.isoformat()} 08:00:00+07"


def _ceremony_after(day: datetime.date) -> datetime.date:
    for year in (day.year, day.year + 1):
        for month, dom in names.CEREMONY_DAYS:
            candidate = datetime.date(year, month, dom)
            if candidate > day:
                return candidate
    raise AssertionError(day)


class Register:
    def __init__(self, rng: random.Random, plan: Plan, keep: set[int]):
        self.rng = rng
        self.plan = plan
        self.keep = keep  # branches whose members the meetings and dues need
        self.kept: dict[int, list[Person]] = {}
        self.member_id = 0
        self.history_id = 0
        self.counters: dict[tuple, int] = {}
        self.pools = self._pools()
        self.province_index = {code: n for n, (code, *_rest) in enumerate(places.OLD_PROVINCES, start=1)}
        self.province_names = {code: name for code, name, *_rest in places.OLD_PROVINCES}
        self.ethnic, self.ethnic_weights = _cumulative(ETHNICITIES)
        self.jobs = {flavour: _cumulative(AGENCY_JOBS if flavour == "agency" else COMMUNE_JOBS)
                     for flavour in ("agency", "commune")}  # fmt: skip

    def _pools(self) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
        """(gender, "Khmer" or "") → [(name, sort key, search text)], each name checked for COPY once."""
        pools = {}
        for gender in ("male", "female"):
            for group in ("Kinh", "Khmer"):
                drawn = {names.person_name(self.rng, gender=gender, ethnicity=group) for _ in range(POOL)}
                pools[(gender, group)] = [
                    (text(n), text(vntext.name_sort_key(n)), text(vntext.search_key(n)))
                    for n in sorted(drawn)
                ]
        return pools

    def members(self, branch: Unit) -> Iterator[tuple[str, list[str]]]:
        """(member row, history rows) of each member of `branch`, as COPY text lines."""
        rng = self.rng
        province = branch.province
        province_name = self.province_names[province]
        residence = text(f"{branch.place}, {province_name}")
        agency = branch.flavour == "agency"
        jobs, job_weights = self.jobs["agency" if agency else "commune"]
        for _n in range(branch.members):
            self.member_id += 1
            pk = self.member_id
            female = rng.random() < 0.52
            gender = "female" if female else "male"
            ethnicity = rng.choices(self.ethnic, cum_weights=self.ethnic_weights)[0]
            full_name, sort_key, search = rng.choice(
                self.pools[(gender, "Khmer" if ethnicity == "Khmer" else "Kinh")]
            )
            born = datetime.date(1994, 1, 2) + datetime.timedelta(days=rng.randrange(5113))
            sixteen = (
                born.replace(year=born.year + 16)
                if (born.month, born.day) != (2, 29)
                else born.replace(year=born.year + 16, day=28)
            )
            thirty = sixteen.replace(year=sixteen.year + 14)
            last_join = min(LAST - datetime.timedelta(days=30), thirty - datetime.timedelta(days=60))
            joined = sixteen + datetime.timedelta(
                days=int(rng.random() ** 0.7 * max(1, (last_join - sixteen).days))
            )
            left = None
            if thirty <= LAST and rng.random() < 0.8:
                left = _ceremony_after(max(thirty, joined))
                if left > LAST:
                    left = None
            party = None
            if rng.random() < 0.05:
                start = max(joined, sixteen.replace(year=sixteen.year + 2))
                if start < FIRST:
                    party = start + datetime.timedelta(days=rng.randrange(max(1, (FIRST - start).days)))
            job = rng.choices(jobs, cum_weights=job_weights)[0]
            salaried = agency or job == "Công nhân"
            key = (province, female, born.year)
            serial = self.counters.get(key, rng.randrange(100000))
            self.counters[key] = serial + 1
            citizen = f"{self.province_index[province]:03d}{(1 if female else 0) + (2 if born.year >= 2000 else 0)}{born.year % 100:02d}{serial % 1000000:06d}"
            dues = "salary" if salaried else "no_salary"
            party_text = party.isoformat() if party else "\\N"
            full = (
                (party + datetime.timedelta(days=365))
                if party and party + datetime.timedelta(days=365) < FIRST
                else None
            )
            course = (party - datetime.timedelta(days=200)).isoformat() if party else "\\N"
            common = [
                str(pk),
                full_name,
                gender,
                born.isoformat(),
                ethnicity,
                "Không",
                citizen,
                residence,
                residence,
                f"09{pk % 100000000:08d}",
                "",
                joined.isoformat(),
                residence,
                f"{pk:010d}",
                "12/12",
                "Đại học" if agency else "",
                "Sơ cấp" if agency else "",
                job,
            ]
            tail = [course, "\\N", party_text, full.isoformat() if full else "\\N"]
            since = _moment(joined)
            status_now = ["came_of_age", left.isoformat()] if left else ["active", "\\N"]
            extra = ["", ""]
            member = "\t".join(
                [*common, *status_now, "f", *tail, sort_key, search, since, _moment(left or joined),
                 str(branch.id), dues, *extra]
            ) + "\n"  # fmt: skip
            history = [
                self._history(common, ["active", "\\N"], tail, since, since, "+", "\\N", branch.id, dues)
            ]
            if left:
                history.append(
                    self._history(common, status_now, tail, since, _moment(left), "~", "Trưởng thành Đoàn",
                                  branch.id, dues)
                )  # fmt: skip
            if branch.id in self.keep:
                self.kept.setdefault(branch.id, []).append(Person(pk, branch.id, joined, left, salaried))
            yield member, history

    def _history(self, common, status, tail, created, when, kind, reason, unit_id, dues) -> str:
        self.history_id += 1
        return "\t".join(
            [*common, *status, "f", *tail, created, str(self.history_id), when, reason, kind, "\\N",
             str(unit_id), dues, "", ""]
        ) + "\n"  # fmt: skip
