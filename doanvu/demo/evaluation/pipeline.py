"""The demo's Party pipeline: outstanding-member lists grassroots unions handed to their Party
committees, and how far each person on them has gone.

- 2025 lists, from the 2024 evaluation (kept outside doanvu), handed over on 3/2/2025 or 26/3/2025 in every
  district-level unit that has grassroots unions: during 2025 and 2026 the people on them took the
  awareness course, were introduced by resolution, admitted as probationary members, and some became full
  members; some probationary members are due (their 12 months end within weeks, one has passed), some
  certificates are about to expire, one has expired.
- A 2026 list from the 2025 evaluation (members decided "outstanding"), handed over on 3/2/2026.

The introductions of 2025 bring each district-level unit's count near its `outstanding_introduced` target
(records.py), counting those the generated members already had (people.py). The new steps are dated after
every step a member already had, so the member's history stays in order; each step is a history row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.demo.evaluation import rows
from doanvu.demo.evaluation.context import (
    GRASSROOTS_KINDS,
    YEAR,
    Context,
    add_years,
    between,
    days,
    last_event,
)
from doanvu.demo.evaluation.members import (
    Facts,
    snapshot,
)
from doanvu.demo.span import at
from doanvu.demo.tree import (
    KHCN_CODE,
    ROOT_CODE,
)
from doanvu.evaluation.models import (
    Level,
    OutstandingEntry,
    OutstandingList,
)
from doanvu.members.models import Member, Status
from doanvu.work.models import Target

PARTY_FIELDS = (
    "party_course_on",
    "party_course_certificate",
    "party_introduced_on",
    "party_introduced_resolution",
    "party_probationary_on",
    "party_full_on",
)
HAND_OVER_2025 = (datetime.date(2025, 2, 3), datetime.date(2025, 3, 26))
HAND_OVER_2026 = datetime.date(2026, 2, 3)
ADVANCED = ("introduced", "probationary", "due", "full")
EARLY = ("listed", "course")


@dataclass
class PlannedList:
    unit: str
    year: int
    handed_over_on: datetime.date
    members: list[Member]
    stages: list[str] = field(default_factory=list)
    evaluations: dict[int, object] = field(default_factory=dict)


@dataclass
class Pipeline:
    lists: list[PlannedList] = field(default_factory=list)
    events: dict[int, list[tuple[datetime.date, dict, str]]] = field(default_factory=dict)
    reached: dict[int, str] = field(default_factory=dict)  # member pk → the stage planned and reached

    @property
    def favoured(self) -> set[int]:
        return {m.pk for plan in self.lists for m in plan.members}


def committee(name: str) -> str:
    """The Party committee a grassroots union hands its list to."""
    if name.startswith("Đoàn xã "):
        return "Đảng ủy xã " + name.removeprefix("Đoàn xã ")
    if name.startswith("Đoàn Thị trấn "):
        return "Đảng ủy thị trấn " + name.removeprefix("Đoàn Thị trấn ")
    if name.startswith("Đoàn Phường "):
        return "Đảng ủy Phường " + name.removeprefix("Đoàn Phường ")
    if name.startswith("Đoàn cơ sở "):
        return "Đảng ủy " + name.removeprefix("Đoàn cơ sở ")
    if name.startswith("Đoàn Trường "):
        return "Chi bộ Trường " + name.removeprefix("Đoàn Trường ")
    return "Chi bộ " + name.removeprefix("Chi đoàn ")


def _eligible(member: Member, handover: datetime.date) -> bool:
    """On the rolls, not introduced nor a Party member, 18 or older and a member for a year at the
    hand-over, and no step of theirs dated after it (the new steps come after every old one)."""
    return (
        member.status == Status.ACTIVE
        and member.party_introduced_on is None
        and member.party_probationary_on is None
        and member.age_on(handover) >= 18
        and member.joined_on <= handover - days(365)
        and (last_event(member) or member.joined_on) < handover
    )


def _targets(ctx: Context) -> dict[str, int]:
    rows = Target.objects.filter(
        period=str(YEAR), indicator__code="outstanding_introduced", set_by_unit=ctx.units[ROOT_CODE]
    ).values_list("unit__code", "value")
    return {code: int(value) for code, value in rows}


def plan_2025(ctx: Context, facts: Facts) -> Pipeline:
    rng, pipeline = ctx.rng, Pipeline()
    targets = _targets(ctx)
    already: dict[str, int] = {}
    for member in ctx.people:
        if member.party_introduced_on and member.party_introduced_on.year == YEAR:
            district = ctx.district_of(ctx.code_of[member.unit_id])
            already[district] = already.get(district, 0) + 1
    by_grassroots: dict[str, list[Member]] = {}
    for pk in sorted(facts.counted):
        member = facts.counted[pk]
        if ctx.code_of[member.unit_id] != facts.branch[pk]:
            continue  # moved since: the list belongs to where they are
        code = facts.branch[pk]
        union = code if ctx.spec[code].kind in GRASSROOTS_KINDS else ctx.spec[code].parent
        if ctx.spec[union].kind in GRASSROOTS_KINDS:
            by_grassroots.setdefault(union, []).append(member)
    for number, district in enumerate(ctx.districts()):
        handover = HAND_OVER_2025[number % 2]
        if handover > ctx.today:
            continue
        pools = {
            union: [m for m in people if _eligible(m, handover)]
            for union, people in by_grassroots.items()
            if ctx.district_of(union) == district.code
        }
        ranked = sorted(
            (u for u in pools if len(pools[u]) >= 3), key=lambda u: (-len(pools[u]), rng.random())
        )
        chosen = ranked[:2]
        if district.code == "TV-DK" and len(pools.get(KHCN_CODE, [])) >= 2 and KHCN_CODE not in chosen:
            chosen = [KHCN_CODE, *chosen[:1]]
        need = max(0, round(targets.get(district.code, 0) * rng.choice([0.8, 1.0, 1.0, 1.2, 1.5])))
        need = max(0, need - already.get(district.code, 0))
        plans = []
        for union in chosen:
            # Those who attended 90% of meetings or more first: the 2025 evaluation will show them again.
            people = sorted(
                pools[union], key=lambda m: ((facts.attendance_pct(m.pk) or 0) < 90, rng.random())
            )
            size = 2 if union == KHCN_CODE else min(rng.randint(3, 6), max(2, len(people) // 6))
            plans.append(PlannedList(union, YEAR, handover, people[:size]))
        entries = [(plan, i) for plan in plans for i in range(len(plan.members))]
        rng.shuffle(entries)
        for plan in plans:
            plan.stages = ["listed"] * len(plan.members)
        for n, (plan, i) in enumerate(entries):
            if plan.unit == KHCN_CODE:
                plan.stages[i] = rng.choice(["introduced", "full"])  # two against a target of 1: 200%
            elif n < need:
                plan.stages[i] = rng.choices(ADVANCED, weights=[3, 2, 2, 3])[0]
            else:
                plan.stages[i] = rng.choices(EARLY, weights=[2, 3])[0]
        pipeline.lists.extend(plans)
    _ensure_every_stage(ctx, pipeline)
    for plan in pipeline.lists:
        for member, stage in zip(plan.members, plan.stages, strict=True):
            _steps(ctx, pipeline, member, stage, plan.handed_over_on)
    return pipeline


def _old_course_day(today: datetime.date, stage: str, rng) -> datetime.date:
    back = add_years(today, -5)
    return back + days(rng.randint(20, 150)) if stage == "expiring" else back - days(rng.randint(30, 300))


def _can_hold_old_course(member: Member, today: datetime.date) -> bool:
    """Could have taken the course five years and a season ago, with no later step of theirs yet."""
    day = add_years(today, -5) - days(300)
    earliest = max(member.joined_on + days(366), add_years(member.date_of_birth, 18) + days(1))
    return member.party_course_on is None and earliest <= day and (last_event(member) or earliest) <= day


def _ensure_every_stage(ctx: Context, pipeline: Pipeline) -> None:
    """Every stage somewhere: old certificates (two about to expire, one expired) and two people due."""
    slots = [(plan, i) for plan in pipeline.lists if plan.unit != KHCN_CODE for i in range(len(plan.members))]
    for stage, n in (("expired", 1), ("expiring", 2)):
        fit = [
            (p, i) for p, i in slots if p.stages[i] in EARLY and _can_hold_old_course(p.members[i], ctx.today)
        ]
        for plan, i in fit[:n]:
            plan.stages[i] = stage
    due = sum(p.stages[i] == "due" for p, i in slots)
    advanced = [(p, i) for p, i in slots if p.stages[i] in ("introduced", "probationary", "full")]
    for plan, i in advanced[: max(0, 2 - due)]:
        plan.stages[i] = "due"


def _steps(ctx: Context, pipeline: Pipeline, member: Member, stage: str, handover: datetime.date) -> None:
    """Date the steps that bring `member` to `stage`; a stage whose dates cannot fit before today falls back
    to the one before it."""
    rng, today = ctx.rng, ctx.today
    earliest = max(member.joined_on + days(366), add_years(member.date_of_birth, 18) + days(1))
    floor = max(earliest, (last_event(member) or member.joined_on) + days(1))
    order = ["listed", "course", "introduced", "probationary", "full"]
    if stage in ("expiring", "expired"):
        course = _old_course_day(today, stage, rng)
        if member.party_course_on is None and floor <= course < handover:
            _add(pipeline, member, [(course, _course(rng, course))], stage)
            return
        stage = "course"
    overdue = stage == "due" and not any(s == "due-over" for s in pipeline.reached.values())
    while stage != "listed":
        planned = _plan_dates(rng, today, member, stage, handover, floor, overdue)
        if planned is not None:
            _add(pipeline, member, planned, "due-over" if stage == "due" and overdue else stage)
            return
        stage = order[max(0, order.index("probationary" if stage == "due" else stage) - 1)]
    pipeline.reached[member.pk] = "listed"


def _course(rng, day: datetime.date) -> dict:
    return {"party_course_on": day, "party_course_certificate": f"{rng.randint(100, 999)}-GCN/TTCT"}


def _plan_dates(rng, today, member, stage, handover, floor, overdue) -> list | None:
    """The dated steps for `stage` (course, introduction, admission, full membership), or None when they do
    not fit: a 2025 list's introductions fall in 2025, a probationary member's 12 months are not over (for
    "due" they end within weeks, or just ended), a full member's are, and nothing is after today."""
    start = max(handover, floor)
    out: list[tuple[datetime.date, dict]] = []
    course = member.party_course_on
    if course is None or add_years(course, 5) <= start + days(200):
        course = start + days(rng.randint(45, 140))
        out.append((course, _course(rng, course)))
    if stage == "course":
        return out if all(day <= today for day, _changes in out) else None
    intro_from = max(course, start) + days(rng.randint(30, 60))
    intro_to = min(today, datetime.date(YEAR, 12, 20)) if handover.year == YEAR else today - days(5)
    admitted = None
    if stage == "due":
        shift = -rng.randint(5, 25) if overdue else rng.randint(5, 50)
        admitted = add_years(today, -1) + days(shift)
        intro_to = min(intro_to, admitted - days(30))
    elif stage == "full":
        intro_to = min(intro_to, today - days(425))
    if intro_from > intro_to:
        return None
    introduced = between(rng, intro_from, min(intro_to, intro_from + days(120)))
    resolution = f"{rng.randint(3, 40):02d}-NQ/ĐTN"
    out.append((introduced, {"party_introduced_on": introduced, "party_introduced_resolution": resolution}))
    if stage == "introduced":
        return out
    if stage == "probationary":
        first = max(introduced + days(45), today - days(300))
        if first > today - days(10):
            return None
        admitted = between(rng, first, min(today - days(10), first + days(120)))
    elif stage == "full":
        admitted = between(rng, introduced + days(45), min(introduced + days(150), today - days(380)))
    if admitted <= introduced or admitted > today or member.age_on(admitted) < 18:
        return None
    out.append((admitted, {"party_probationary_on": admitted}))
    if stage == "full":
        full = add_years(admitted, 1) + days(rng.randint(0, 20))
        if full > today:
            return None
        out.append((full, {"party_full_on": full}))
    return out


REASONS = {
    "party_course_on": gettext_lazy("Học lớp cảm tình Đảng"),
    "party_introduced_on": gettext_lazy("Được Đoàn giới thiệu kết nạp Đảng"),
    "party_probationary_on": gettext_lazy("Kết nạp Đảng"),
    "party_full_on": gettext_lazy("Chuyển Đảng chính thức"),
}


def _add(pipeline: Pipeline, member: Member, planned: list, stage: str) -> None:
    events = [(day, changes, str(REASONS[next(iter(changes))])) for day, changes in planned]
    pipeline.events[member.pk] = events
    pipeline.reached[member.pk] = stage


def plan_2026(ctx: Context, facts: Facts, pipeline: Pipeline) -> None:
    """A 2026 list from the 2025 evaluation in two grassroots unions (one in Càng Long), handed over on
    3/2/2026; a few have since taken the course, one has been introduced."""
    rng, handover = ctx.rng, HAND_OVER_2026
    if handover > ctx.today:
        return
    listed = pipeline.favoured
    pools: dict[str, list[Member]] = {}
    for pk, evaluation in sorted(facts.evaluations.items()):
        member = facts.counted[pk]
        code = facts.branch[pk]
        if (
            evaluation.decided_level != Level.OUTSTANDING
            or pk in listed
            or ctx.code_of[member.unit_id] != code
        ):
            continue
        if not _eligible(member, handover) or member.party_course_on is not None:
            continue
        union = code if ctx.spec[code].kind in GRASSROOTS_KINDS else ctx.spec[code].parent
        if ctx.spec[union].kind in GRASSROOTS_KINDS:
            pools.setdefault(union, []).append(member)
    ranked = sorted((u for u in pools if len(pools[u]) >= 3), key=lambda u: (-len(pools[u]), u))
    home = [u for u in ranked if ctx.district_of(u) == "TV-CL"][:1]
    chosen = home + [u for u in ranked if u not in home and ctx.district_of(u) != "TV-CL"][:1]
    for union in chosen:
        people = rng.sample(pools[union], min(len(pools[union]), rng.randint(4, 7)))
        plan = PlannedList(union, YEAR + 1, handover, sorted(people, key=lambda m: m.pk))
        plan.evaluations = {m.pk: facts.evaluations[m.pk] for m in plan.members}
        plan.stages = ["listed"] * len(people)
        for i in rng.sample(range(len(people)), min(3, len(people))):
            plan.stages[i] = "course"
        plan.stages[plan.stages.index("course")] = "introduced"
        for member, stage in zip(plan.members, plan.stages, strict=True):
            _steps(ctx, pipeline, member, stage, handover)
        pipeline.lists.append(plan)


def write(ctx: Context, pipeline: Pipeline) -> tuple[int, int]:
    """The lists, their entries, the members' new Party dates and a history row per step."""
    rng = ctx.rng
    entries = []
    for plan in pipeline.lists:
        unit = ctx.units[plan.unit]
        resolved = plan.handed_over_on - days(rng.randint(3, 12))
        basis = _("hoàn thành xuất sắc nhiệm vụ năm %(year)s") % {"year": plan.year - 1}
        row = OutstandingList.objects.create(
            unit=unit,
            year=plan.year,
            resolution_number=f"{rng.randint(2, 9):02d}-NQ/ĐTN",
            resolved_on=resolved,
            handed_over_on=plan.handed_over_on,
            party_committee=committee(unit.name),
            note=_(
                "Đoàn viên ưu tú (xếp loại %(basis)s) giới thiệu để cấp ủy bồi dưỡng, xem xét kết nạp Đảng."
            )
            % {"basis": basis},
            created_by=ctx.officer_of.get(unit.pk),
        )
        for member in plan.members:
            entries.append(
                OutstandingEntry(
                    outstanding_list=row,
                    member=member,
                    evaluation_id=getattr(plan.evaluations.get(member.pk), "id", None),
                    note=""
                    if plan.evaluations
                    else _("Xếp loại HTXSNV năm %(year)s") % {"year": plan.year - 1},
                )
            )
    OutstandingEntry.objects.bulk_create(entries)
    changed, history = [], []
    by_pk = {m.pk: m for plan in pipeline.lists for m in plan.members}
    for pk in sorted(pipeline.events):
        member = by_pk[pk]
        state = {name: getattr(member, name) for name in PARTY_FIELDS}
        for day, changes, reason in sorted(pipeline.events[pk], key=lambda e: e[0]):
            state.update(changes)
            history.append((snapshot(member, **state), at(day, 10), reason, "~"))
            member._events.append((day, changes, reason))
        for name, value in state.items():
            setattr(member, name, value)
        changed.append(member)
    rows.update(Member, changed, PARTY_FIELDS)
    rows.history(Member, history)
    return len(pipeline.lists), len(entries)
