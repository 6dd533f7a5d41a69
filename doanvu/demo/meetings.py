"""Monthly branch meetings with attendance, and dues per member and month, for the demo's members as
they moved between branches (their dated steps, people.py)."""

from __future__ import annotations

import datetime
import random

from django.db import connection

from doanvu.demo.summary import RecordsSummary
from doanvu.demo.tree import KHCN_CODE, Spec
from doanvu.lib import periods
from doanvu.members.models import Member, Status
from doanvu.org.models import OrgUnit
from doanvu.work.models import Attendance, DuesPayment, DuesRate, Meeting

BATCH = 20000  # rows held in memory before they are written
# Dues (docs/domain.md, "Dues and arrears"): 2,000 đồng a month without a salary, 5,000 with one.
# A member's category follows their occupation: those drawing a salary or wage pay 5,000.
DUES_COLUMNS = ("member", "unit", "month", "amount", "paid_on")
SALARIED = ("Công chức", "Viên chức", "Nhân viên", "Giảng viên", "Giáo viên", "Công nhân")
DEFAULT_RATES = [
    (DuesRate.Category.NO_SALARY, datetime.date(2011, 1, 1), 2000),
    (DuesRate.Category.SALARY, datetime.date(2011, 1, 1), 5000),
    (DuesRate.Category.ABROAD, datetime.date(2011, 1, 1), 5000),
]
MEETING_TOPICS = {
    1: "Sinh hoạt chủ điểm “Mừng Đảng, mừng Xuân”",
    2: "Triển khai Chương trình rèn luyện đoàn viên; chủ điểm “Mừng Đảng, mừng Xuân”",
    3: "Sinh hoạt chủ điểm “Tự hào truyền thống Đoàn”",
    4: "Sinh hoạt chủ điểm “Non sông liền một dải”",
    5: "Sinh hoạt chủ điểm “Học tập và làm theo Bác”",
    6: "Triển khai Chiến dịch Thanh niên tình nguyện hè",
    7: "Sinh hoạt chủ điểm “Uống nước nhớ nguồn”",
    8: "Sinh hoạt chủ điểm “Tự hào Tổ quốc Việt Nam”",
    9: "Sinh hoạt đầu năm học; chăm lo Tết Trung thu cho thiếu nhi",
    10: "Sinh hoạt chủ điểm “Tuổi trẻ xung kích, sáng tạo”",
    11: "Sinh hoạt chủ điểm “Tôn sư trọng đạo”",
    12: "Đánh giá, xếp loại đoàn viên; tổng kết công tác Đoàn năm",
}
# Months without meetings: the summer holidays of schools and the university.
NO_MEETINGS = {"school": (6, 7, 8), "university": (7, 8)}


def _membership(
    people: list[Member], months: list[periods.Period], today: datetime.date
) -> dict[int, list[list[Member]]]:
    """unit id → for each month, the members active in that branch the whole month."""
    out: dict[int, list[list[Member]]] = {}
    for member in people:
        if member.joined_on is None or member.joined_on > today:
            continue
        steps = _Steps(member)
        for i, month in enumerate(months):
            first = steps.state_on(month.start)
            last = steps.state_on(min(month.end, today))
            if member.joined_on > month.start or first != last or first[1] != Status.ACTIVE:
                continue
            out.setdefault(first[0], [[] for _m in months])[i].append(member)
    return out


class _Steps:
    """Replays a generated member's dated steps (people.py) forward in time: asked for ever later days."""

    def __init__(self, member: Member):
        self.events = sorted(getattr(member, "_events", []), key=lambda e: e[0])
        self.unit_id = getattr(member, "_initial_unit_id", member.unit_id)
        self.status = Status.ACTIVE
        self.at = 0

    def state_on(self, day: datetime.date) -> tuple[int, str]:
        while self.at < len(self.events) and self.events[self.at][0] <= day:
            changes = self.events[self.at][1]
            self.unit_id = changes.get("unit_id", self.unit_id)
            self.status = changes.get("status", self.status)
            self.at += 1
        return self.unit_id, self.status


# --- meetings and attendance ------------------------------------------------------------------------


def _write_meetings(
    rng: random.Random,
    today: datetime.date,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    months: list[periods.Period],
    members: dict[int, list[list[Member]]],
    summary: RecordsSummary,
) -> None:
    """A meeting a month in every branch (quarterly in some scattered village branches), on the 26th for
    many (docs/domain.md, "Meetings and attendance"); 85–98% present."""
    meetings: list[Meeting] = []
    marks: list[tuple[Meeting, int, bool, bool]] = []
    for spec in specs:
        if not spec.flavour:
            continue
        unit = units[spec.code]
        rows = members.get(unit.pk)
        if not rows:
            continue
        quarterly = spec.flavour == "village" and rng.random() < 0.12
        dom = 26 if spec.code == KHCN_CODE or rng.random() < 0.5 else rng.randint(10, 28)
        rate = rng.uniform(0.85, 0.98) if spec.code != KHCN_CODE else 0.95
        for month, present in zip(months, rows, strict=True):
            number = month.start.month
            if not present or number in NO_MEETINGS.get(spec.flavour, ()) or (quarterly and number % 3):
                continue
            held_on = month.start.replace(day=min(dom, month.end.day))
            if held_on > today:
                continue
            meeting = Meeting(unit=unit, held_on=held_on, topic=MEETING_TOPICS[number])
            meetings.append(meeting)
            chance = min(1.0, rate + rng.uniform(-0.04, 0.04))
            for member in present:
                here = rng.random() < chance
                marks.append((meeting, member.pk, here, not here and rng.random() < 0.6))
        if len(marks) >= BATCH:
            _flush_meetings(meetings, marks, summary)
            meetings, marks = [], []
    _flush_meetings(meetings, marks, summary)


def _flush_meetings(meetings: list[Meeting], marks: list, summary: RecordsSummary) -> None:
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    _insert(
        Attendance,
        ("meeting", "member", "present", "excused"),
        [(m.pk, pk, here, excused) for m, pk, here, excused in marks],
    )
    summary.meetings += len(meetings)
    summary.attendances += len(marks)


# --- dues ---------------------------------------------------------------------------------------------


def _rates() -> dict[str, list[DuesRate]]:
    for category, effective_from, amount in DEFAULT_RATES:
        if not DuesRate.objects.filter(category=category).exists():
            DuesRate.objects.create(category=category, effective_from=effective_from, monthly_amount=amount)
    out: dict[str, list[DuesRate]] = {}
    for rate in DuesRate.objects.order_by("effective_from"):
        out.setdefault(rate.category, []).append(rate)
    return out


def _amount(rates: list[DuesRate], day: datetime.date) -> int:
    amount = rates[0].monthly_amount
    for rate in rates:
        if rate.effective_from <= day:
            amount = rate.monthly_amount
    return amount


def _write_dues(
    rng: random.Random,
    today: datetime.date,
    months: list[periods.Period],
    members: dict[int, list[list[Member]]],
    summary: RecordsSummary,
) -> None:
    """Most members pay every month at the meeting, some a quarter at once; some fall behind: a month
    here and there, or the last two to five months (the removal rule's warning list)."""
    rates = _rates()
    by_member: dict[int, tuple[Member, list[tuple[int, int]]]] = {}
    for unit_id in sorted(members):
        for i, present in enumerate(members[unit_id]):
            for member in present:
                by_member.setdefault(member.pk, (member, []))[1].append((i, unit_id))
    payments: list[tuple] = []
    day = connection.ops.adapt_datefield_value
    for member_pk in sorted(by_member):
        member, owed = by_member[member_pk]
        category = DuesRate.Category.SALARY if member.occupation in SALARIED else DuesRate.Category.NO_SALARY
        habit = rng.random()
        behind = rng.randint(2, 5) if habit > 0.93 else 0  # stopped paying these last months
        for n, (i, unit_id) in enumerate(owed):
            month = months[i].start
            if n >= len(owed) - behind or (habit > 0.85 and rng.random() < 0.15):
                continue
            if habit < 0.2:  # a quarter at once, in its first month
                first = month.replace(month=(month.month - 1) // 3 * 3 + 1)
                paid_on = first.replace(day=min(28, 5 + member_pk % 20))
            else:
                paid_on = month.replace(day=rng.randint(5, 28))
            if paid_on > today:
                continue
            payments.append((member_pk, unit_id, day(month), _amount(rates[category], month), day(paid_on)))
        if len(payments) >= BATCH:
            _insert(DuesPayment, DUES_COLUMNS, payments)
            summary.dues += len(payments)
            payments = []
    _insert(DuesPayment, DUES_COLUMNS, payments)
    summary.dues += len(payments)


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain multi-row INSERT for the two tables that get a row per member and month: ~20 rows per member
    and year each, too many for model instances at 50,000 members (bulk_create costs several times more).
    Values are given ready for the database (dates through `adapt_datefield_value`)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", rows)


# --- direct values and targets -----------------------------------------------------------------------
