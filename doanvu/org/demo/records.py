"""Two years of the demo province's work as records (2025 and 2026 up to `today`): activities with their
figures, monthly branch meetings with attendance, dues per member and month, direct values per district
and quarter, targets handed down, report forms and the reports districts sent, and a few data-quality
problems left for users to find.

Deterministic like the rest of the demo: everything comes from the seed's `random.Random` and `today`.
Written in bulk (meetings, attendance and dues are the bulk: about 22 rows per member and year each);
records are only ever dated up to `today`, and a report is only on file for a period that has ended.

Branch membership for meetings and dues comes from the generated members' dated steps: a member counts
in a month when they were an active member of the same branch from its first to its last day (so the
month someone joins, transfers, comes of age or is removed is left out, as a branch secretary would).
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from doanvu.lib import periods
from doanvu.members.models import Member, Status
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attendance,
    DirectValue,
    DuesPayment,
    DuesRate,
    Indicator,
    Meeting,
    Movement,
    Target,
    WorkArea,
)

from .activities import Planned, plan_activities
from .span import FIRST_YEAR, at, months_to, quarters, years_to
from .submissions import write_reports
from .tree import KHCN_CODE, ROOT_CODE, Spec

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
TARGET_INDICATORS = [
    # code, share of the sub-tree's members (or None: per grassroots unit), minimum
    ("members_admitted", 0.08, 1),
    ("outstanding_introduced", 0.015, 1),
    ("blood_units", 0.06, 1),
    ("awareness_course_youth", 0.05, 1),
    ("youth_projects", None, 1),
]


@dataclass
class RecordsSummary:
    activities: int = 0
    joint: int = 0
    figures: int = 0
    meetings: int = 0
    attendances: int = 0
    dues: int = 0
    direct_values: int = 0
    targets: int = 0
    forms: int = 0
    reports: int = 0
    approved: int = 0
    returned: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        def n(value: int) -> str:
            return number_format(value, force_grouping=True)

        text = _(
            "Đã thêm công tác năm %(first)s – %(last)s: %(activities)s hoạt động (%(joint)s hoạt động phối hợp) "
            "với %(figures)s số liệu, %(meetings)s buổi sinh hoạt chi đoàn với %(attendances)s lượt điểm danh, "
            "%(dues)s lượt đóng đoàn phí, %(direct)s số liệu nhập theo quý, %(targets)s chỉ tiêu, %(forms)s biểu "
            "mẫu và %(reports)s báo cáo (%(approved)s đã duyệt, %(returned)s bị trả lại) — %(seconds)s giây."
        ) % {
            "first": FIRST_YEAR,
            "last": FIRST_YEAR + 1,
            "activities": n(self.activities),
            "joint": n(self.joint),
            "figures": n(self.figures),
            "meetings": n(self.meetings),
            "attendances": n(self.attendances),
            "dues": n(self.dues),
            "direct": n(self.direct_values),
            "targets": n(self.targets),
            "forms": n(self.forms),
            "reports": n(self.reports),
            "approved": n(self.approved),
            "returned": n(self.returned),
            "seconds": number_format(self.seconds, 1),
        }
        if self.problems:
            text += "\n" + _("Số liệu có vấn đề để thử trang kiểm tra: %(list)s.") % {
                "list": "; ".join(self.problems)
            }
        return text


def seed_records(
    *,
    rng: random.Random,
    today: datetime.date,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    people: list[Member],
) -> RecordsSummary:
    """Add the records. Called by `seed_demo` inside its transaction, after members and logins."""
    started = time.monotonic()
    summary = RecordsSummary()
    years = years_to(today)
    if not years:
        return summary
    ensure_catalogue()
    indicators = {i.code: i for i in Indicator.objects.filter(owner_unit=None)}
    planned, summary.problems = plan_activities(rng, today, specs, years)
    _write_activities(planned, units, indicators, summary)
    months = months_to(today)
    members = _membership(people, months, today)
    _write_meetings(rng, today, specs, units, months, members, summary)
    _write_dues(rng, today, months, members, summary)
    done = _youth_projects_done(planned, specs)
    _write_direct_values(rng, today, specs, units, indicators, years, done, summary)
    _write_targets(rng, specs, units, indicators, years, summary)
    forms, reports = write_reports(rng=rng, today=today, specs=specs, units=units)
    summary.forms, summary.reports = len(forms), len(reports)
    summary.approved = sum(r.state == Report.State.APPROVED for r in reports)
    summary.returned = sum(r.state == Report.State.RETURNED for r in reports)
    summary.seconds = time.monotonic() - started
    return summary


# --- activities ---------------------------------------------------------------------------------------


def _write_activities(
    planned: list[Planned],
    units: dict[str, OrgUnit],
    indicators: dict[str, Indicator],
    summary: RecordsSummary,
) -> None:
    areas = {a.code: a for a in WorkArea.objects.all()}
    movements = {m.code: m for m in Movement.objects.all()}
    activities = [
        Activity(
            title=p.title,
            description=p.description,
            work_area=areas[p.area],
            movement=movements.get(p.movement) if p.movement else None,
            start_on=p.start_on,
            end_on=p.end_on,
            place=p.place,
            unit=units[p.unit],
            created=at(p.end_on, 16),
        )
        for p in planned
    ]
    Activity.objects.bulk_create(activities, batch_size=2000)
    organisers, figures = [], []
    for activity, plan in zip(activities, planned, strict=True):
        for code in [plan.unit, *plan.partners]:
            organisers.append(ActivityOrganiser(activity=activity, unit=units[code]))
        for code, value in plan.figures.items():
            figures.append(
                ActivityFigure(activity=activity, indicator=indicators[code], value=Decimal(value))
            )
    ActivityOrganiser.objects.bulk_create(organisers, batch_size=5000)
    ActivityFigure.objects.bulk_create(figures, batch_size=5000)
    summary.activities = len(activities)
    summary.joint = sum(1 for p in planned if p.partners)
    summary.figures = len(figures)


def _youth_projects_done(planned: list[Planned], specs: list[Spec]) -> dict[tuple[str, int], int]:
    """Youth projects carried out, by district-level unit and year (registrations must cover them)."""
    district_of = _district_of(specs)
    out: dict[tuple[str, int], int] = {}
    for p in planned:
        district = district_of.get(p.unit)
        if district and p.figures.get("youth_projects"):
            key = (district, p.start_on.year)
            out[key] = out.get(key, 0) + p.figures["youth_projects"]
    return out


def _district_of(specs: list[Spec]) -> dict[str, str]:
    parent = {s.code: s.parent for s in specs}
    out = {}
    for spec in specs:
        code = spec.code
        while parent.get(code) and parent[code] != ROOT_CODE:
            code = parent[code]
        if parent.get(code) == ROOT_CODE:
            out[spec.code] = code
    return out


# --- who was a member of which branch, month by month -------------------------------------------------


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


def _sizes(specs: list[Spec]) -> dict[str, int]:
    sizes = {s.code: s.size for s in specs}
    for spec in reversed(specs):
        if spec.parent:
            sizes[spec.parent] += sizes[spec.code]
    return sizes


def _write_direct_values(
    rng: random.Random,
    today: datetime.date,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    indicators: dict[str, Indicator],
    years: list[int],
    done: dict[tuple[str, int], int],
    summary: RecordsSummary,
) -> None:
    """Each district-level union enters, per quarter, the news articles published, the initiatives
    recognised and the youth projects registered (most in the first quarter, always at least those carried
    out — except one district's 2025, where the registrations fall short: "33/41" written the wrong way)."""
    districts = [s for s in specs if s.parent == ROOT_CODE]
    short = districts[len(districts) // 2].code if districts else None
    rows = []
    for spec in districts:
        for year in years:
            begun = list(quarters([year], today))
            registered = done.get((spec.code, year), 0) + rng.randint(2, 8)
            if spec.code == short and year == FIRST_YEAR and done.get((spec.code, year), 0) >= 4:
                registered = done[(spec.code, year)] - 3
                summary.problems.append(
                    _("%(unit)s: năm %(year)s đăng ký ít công trình thanh niên hơn số đã thực hiện")
                    % {"unit": short, "year": year}
                )
            shares = [0.7, 0.2, 0.1, 0.0][: len(begun)]
            split = [round(registered * s / sum(shares)) for s in shares]
            split[0] += registered - sum(split)
            for quarter, projects in zip(begun, split, strict=True):
                values = {
                    "news_articles": rng.randint(4, 30),
                    "initiatives": rng.choice([0, 0, 1, 1, 2, 3, 4]),
                    "youth_projects_registered": max(0, projects),
                }
                for code, value in values.items():
                    rows.append(
                        DirectValue(
                            unit=units[spec.code], indicator=indicators[code], period=quarter.code,
                            period_start=quarter.start, period_end=quarter.end, value=Decimal(value),
                        )
                    )  # fmt: skip
    DirectValue.objects.bulk_create(rows, batch_size=2000)
    summary.direct_values = len(rows)


def _write_targets(
    rng: random.Random,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    indicators: dict[str, Indicator],
    years: list[int],
    summary: RecordsSummary,
) -> None:
    """The province sets its own targets and hands them down to the district-level unions, which hand
    theirs down to their grassroots units (a little more than their share, as upper levels do)."""
    sizes = _sizes(specs)
    children: dict[str, list[Spec]] = {}
    for spec in specs:
        children.setdefault(spec.parent or "", []).append(spec)
    grassroots = {
        s.code: sum(1 for d in specs if d.code.startswith(s.code + "-") and d.kind.startswith("grassroots"))
        for s in specs
    }
    rows = []
    for year in years:
        note = _("Giao theo Chương trình công tác Đoàn năm %(year)s") % {"year": year}
        for spec in children.get(ROOT_CODE, []):
            for code, share, least in TARGET_INDICATORS:
                base = grassroots[spec.code] * 1.5 if share is None else sizes[spec.code] * share
                value = max(least, round(base * rng.uniform(0.9, 1.1)))
                rows.append(_target(units, indicators, spec.code, code, year, value, ROOT_CODE, note))
                below = children.get(spec.code, [])
                weight = sum(max(1, sizes[k.code]) for k in below)
                for kid in below:
                    part = value * max(1, sizes[kid.code]) / weight if weight else 0
                    given = max(least, round(part * 1.1 + 0.4))
                    if kid.code == KHCN_CODE and code == "outstanding_introduced":
                        given = 1  # 02 introduced against a target of 1: "đạt 200% chỉ tiêu"
                    rows.append(_target(units, indicators, kid.code, code, year, given, spec.code, note))
        for code, _share, _least in TARGET_INDICATORS:
            total = sum(
                r.value
                for r in rows
                if r.period == str(year)
                and r.indicator.code == code
                and r.set_by_unit_id == units[ROOT_CODE].pk
            )
            rows.append(_target(units, indicators, ROOT_CODE, code, year, int(total), ROOT_CODE, note))
    Target.objects.bulk_create(rows, batch_size=2000)
    summary.targets = len(rows)


def _target(units, indicators, unit: str, code: str, year: int, value: int, by: str, note: str) -> Target:
    return Target(
        unit=units[unit],
        indicator=indicators[code],
        period=str(year),
        value=Decimal(value),
        set_by_unit=units[by],
        note=note,
    )
