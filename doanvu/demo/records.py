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
from decimal import Decimal

from django.utils.translation import gettext as _

from doanvu.demo.activities import (
    Planned,
    plan_activities,
)
from doanvu.demo.meetings import _membership, _write_dues, _write_meetings
from doanvu.demo.span import (
    FIRST_YEAR,
    at,
    months_to,
    quarters,
    years_to,
)
from doanvu.demo.submissions import province_drafts, write_reports
from doanvu.demo.summary import RecordsSummary
from doanvu.demo.tree import (
    KHCN_CODE,
    ROOT_CODE,
    Spec,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    DirectValue,
    Indicator,
    Movement,
    Target,
    WorkArea,
)

TARGET_INDICATORS = [
    # code, share of the sub-tree's members (or None: per grassroots unit), minimum
    ("members_admitted", 0.08, 1),
    ("outstanding_introduced", 0.015, 1),
    ("blood_units", 0.06, 1),
    ("awareness_course_youth", 0.05, 1),
    ("youth_projects", None, 1),
]


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
    province_drafts(today, units)
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
            organisers.append(ActivityOrganiser(activity=activity, unit=units[code], lead=code == plan.unit))
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
