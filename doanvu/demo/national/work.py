"""The work records of 2024–2026: activities with their figures and co-organisers in every unit of the
country, and, in the records province's branches, the monthly meetings with attendance and the dues.

Counts follow the demo province's habits (doanvu/demo/activities.py, meetings.py): a branch holds about
eight activities a year, a grassroots union about two dozen, the levels above a few dozen; a branch meets
monthly, most members present; most members pay their dues every month, a few fall behind.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from doanvu.demo import figures
from doanvu.demo.meetings import MEETING_TOPICS
from doanvu.demo.national.people import FIRST, LAST, Person
from doanvu.demo.national.pg import text
from doanvu.demo.national.tree import Plan, Unit

YEARS = (2024, 2025, 2026)
PER_YEAR = {
    "branch": 8,
    "grassroots": 24,
    "district": 30,
    "bloc": 30,
    "attached": 30,
    "province": 40,
    "central": 40,
}
JOINT = 0.04  # share of a union's activities held jointly with one of its branches
ACTIVITY_COLUMNS = ("id", "title", "description", "start_on", "end_on", "place", "created", "updated",
                    "created_by_id", "unit_id", "movement_id", "work_area_id")  # fmt: skip
FIGURE_COLUMNS = ("id", "activity_id", "indicator_id", "value")
ORGANISER_COLUMNS = ("id", "activity_id", "unit_id", "lead")
MEETING_COLUMNS = ("id", "unit_id", "held_on", "topic", "created_by_id")
ATTENDANCE_COLUMNS = ("id", "meeting_id", "member_id", "present", "excused")
DUES_COLUMNS = ("id", "member_id", "unit_id", "month", "amount", "paid_on")

Shape = Callable[[random.Random, int], dict[str, int]]
# fmt: off
# title, work area, movement (or None), figure shape, months it is held in (empty: any)
TEMPLATES: list[tuple[str, str, str | None, Shape, tuple[int, ...]]] = [
    ("Sinh hoạt chủ điểm học tập và làm theo Bác", "education", "hoc-tap-lam-theo-bac", figures.talk, ()),
    ("Tuyên truyền pháp luật, an toàn giao thông", "education", None, figures.talk, ()),
    ("Ra quân Ngày chủ nhật xanh", "movements", "chu-nhat-xanh", figures.green, ()),
    ("Ngày hội hiến máu tình nguyện", "movements", "hien-mau", figures.blood, ()),
    ("Thăm, tặng quà gia đình chính sách, hộ nghèo", "movements", "thanh-nien-tinh-nguyen", figures.gifts_poor, ()),
    ("Công trình thanh niên", "movements", "tntn-he", figures.project, (6, 7, 8)),
    ("Xuân tình nguyện, tặng quà Tết", "movements", "xuan-tinh-nguyen", figures.gifts_few, (1, 2)),
    ("Vui Tết Trung thu cho thiếu nhi", "children", "trung-thu", figures.children_gifts, (9,)),
    ("Hoạt động hè cho thiếu nhi", "children", "he-thieu-nhi", figures.children_summer, (6, 7)),
    ("Hỗ trợ thanh niên vay vốn lập nghiệp", "companion", "dong-hanh-khoi-nghiep", figures.loans, ()),
    ("Giao lưu văn nghệ, thể thao", "union_building", None, figures.event, ()),
    ("Lớp bồi dưỡng nhận thức về Đảng", "party_building", None, figures.course, (4, 10)),
    ("Kiểm tra, giám sát công tác đoàn", "inspection", None, figures.inspect, (5, 11)),
]
# fmt: on


@dataclass
class Counts:
    activities: int = 0
    figures: int = 0
    organisers: int = 0
    meetings: int = 0
    attendances: int = 0
    dues: int = 0


def _month_days(year: int, month: int) -> int:
    return ((datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.date(year, month, 1)).days


class Works:
    def __init__(self, rng: random.Random, plan: Plan, ids: dict[str, dict[str, int]]):
        self.rng = rng
        self.plan = plan
        self.areas, self.movements, self.indicators = ids["areas"], ids["movements"], ids["indicators"]
        self.sizes = self._sizes()
        self.children = plan.children()
        self.counts = Counts()
        self.topics = {month: text(topic) for month, topic in MEETING_TOPICS.items()}
        self.templates = [
            (text(title), str(self.areas[area]), str(self.movements[movement]) if movement else "\\N", shape, months)
            for title, area, movement, shape, months in TEMPLATES
        ]  # fmt: skip

    def _sizes(self) -> dict[int, int]:
        """Members under each unit (where its branches last hung), for figures drawn to size."""
        by_id = {u.id: u for u in self.plan.units}
        sizes: dict[int, int] = {}
        for unit in self.plan.units:
            if unit.members:
                node: Unit | None = unit
                while node is not None:
                    sizes[node.id] = sizes.get(node.id, 0) + unit.members
                    node = by_id.get(node.parent_id) if node.parent_id else None
        return sizes

    def activities(self, unit: Unit) -> Iterator[tuple[str, list[str], list[str]]]:
        """(activity line, figure lines, organiser lines) of `unit`'s activities in 2024–2026."""
        rng = self.rng
        counts = self.counts
        size = self.sizes.get(unit.id, 20)
        place = text(unit.place)
        rate = PER_YEAR[unit.kind]
        first = max(unit.start, FIRST)
        last = min(unit.end - datetime.timedelta(days=1), LAST) if unit.end else LAST
        if last < first:
            return
        span = (last - first).days + 1
        count = max(0, round(rate * span / 365.25 * rng.uniform(0.6, 1.4)))
        for _n in range(count):
            title, area, movement, shape, months = rng.choice(self.templates)
            day = first + datetime.timedelta(days=rng.randrange(span))
            if months and day.month not in months:
                month = rng.choice(months)
                moved = datetime.date(day.year, month, min(day.day, _month_days(day.year, month)))
                day = moved if first <= moved <= last else day
            end = min(day + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2))), LAST)
            counts.activities += 1
            pk = counts.activities
            moment = f"{end.isoformat()} 16:00:00+07"
            line = f"{pk}\t{title}\t\t{day.isoformat()}\t{end.isoformat()}\t{place}\t{moment}\t{moment}\t\\N\t{unit.id}\t{movement}\t{area}\n"
            figure_lines = []
            for code, value in shape(rng, size).items():
                counts.figures += 1
                figure_lines.append(f"{counts.figures}\t{pk}\t{self.indicators[code]}\t{value}\n")
            counts.organisers += 1
            organisers = [f"{counts.organisers}\t{pk}\t{unit.id}\tt\n"]
            if unit.kind != "branch" and rng.random() < JOINT:
                partners = [
                    c
                    for c in self.children.get(unit.id, [])
                    if c.active_on(day) and c.parent_on(day) == unit.id
                ]
                if partners:
                    counts.organisers += 1
                    organisers.append(f"{counts.organisers}\t{pk}\t{rng.choice(partners).id}\tf\n")
            yield line, figure_lines, organisers

    # -- the records province --------------------------------------------------------------------------

    def meetings(self, branch: int, people: list[Person]) -> Iterator[tuple[str, list[str]]]:
        """A meeting a month (quarterly in some branches), 85–98% of the members of the day present."""
        rng = self.rng
        quarterly = rng.random() < 0.1
        dom = 26 if rng.random() < 0.5 else rng.randint(10, 28)
        rate = rng.uniform(0.85, 0.98)
        for year in YEARS:
            for month in range(1, 13):
                if quarterly and month % 3:
                    continue
                held = datetime.date(year, month, dom)
                present = [p for p in people if p.joined <= held and (p.left is None or p.left > held)]
                if not present:
                    continue
                self.counts.meetings += 1
                pk = self.counts.meetings
                line = f"{pk}\t{branch}\t{held.isoformat()}\t{self.topics[month]}\t\\N\n"
                marks = []
                for person in present:
                    here = rng.random() < rate
                    excused = not here and rng.random() < 0.6
                    self.counts.attendances += 1
                    marks.append(
                        f"{self.counts.attendances}\t{pk}\t{person.id}\t{'t' if here else 'f'}\t{'t' if excused else 'f'}\n"
                    )
                yield line, marks

    def dues(self, person: Person, rates: dict[str, int]) -> Iterator[str]:
        """Monthly dues while the member belongs; some pay a quarter at once, some fall behind."""
        rng = self.rng
        habit = rng.random()
        amount = rates["salary" if person.salaried else "no_salary"]
        months = [
            datetime.date(year, month, 1)
            for year in YEARS
            for month in range(1, 13)
            if person.joined < datetime.date(year, month, 1) + datetime.timedelta(days=27)
            and (person.left is None or person.left > datetime.date(year, month, 1))
        ]
        behind = rng.randint(2, 5) if habit > 0.93 else 0
        for n, month in enumerate(months):
            if n >= len(months) - behind or (habit > 0.85 and rng.random() < 0.15):
                continue
            if habit < 0.2:
                paid = month.replace(month=(month.month - 1) // 3 * 3 + 1, day=min(28, 5 + person.id % 20))
                paid = max(paid, person.joined)
            else:
                paid = month.replace(day=rng.randint(5, 28))
            if paid > LAST:
                continue
            self.counts.dues += 1
            yield f"{self.counts.dues}\t{person.id}\t{person.branch}\t{month.isoformat()}\t{amount}\t{paid.isoformat()}\n"
