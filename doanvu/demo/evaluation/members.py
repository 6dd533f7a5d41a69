"""The demo's 2025 year-end review of members: the training programme (registration and result), the three
steps of each member's evaluation, a few disciplines, and the classification of branches and grassroots
units that follows from their members' results.

Everyone counted on 31/12/2025 is evaluated. What a member's record allows is read the way the product reads
it (doanvu.evaluation.members.rules: attendance from the demo's Attendance rows, dues, training result,
discipline), and the level chosen never goes above it — except in one branch of Huyện đoàn Càng Long, whose
proposals break a rule on purpose and wait, flagged, for the grassroots union's decision; a few other
branches have proposed and not yet been decided. Rows are written in bulk with their dated history.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from doanvu.demo.evaluation import rows as rows_
from doanvu.demo.evaluation import texts
from doanvu.demo.evaluation.context import (
    YEAR,
    YEAR_END,
    Context,
    between,
    days,
    state_on,
    symbol,
)
from doanvu.demo.span import at
from doanvu.demo.tree import ROOT_CODE
from doanvu.evaluation.members.rules import (
    EvaluationRules,
    MemberInputs,
    best_level,
    member_flags,
    rank,
    rules_for,
)
from doanvu.evaluation.members.selectors import member_inputs
from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    TrainingRegistration,
    TrainingResult,
    UnitClassification,
)
from doanvu.lib.vnnumbers import count as vn_count
from doanvu.members.models import Discipline, Member, Status
from doanvu.org.models import OrgUnit
from doanvu.work.models import Attendance, Meeting

LEVELS = [Level.OUTSTANDING, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED]
BATCH = 2000


def snapshot(obj, **changes) -> SimpleNamespace:
    """A row's values with some changed: what it looked like at an earlier step (for its history)."""
    return SimpleNamespace(**{**obj.__dict__, **changes})


# Members read per query when the seed reads everyone's evaluation inputs.
INPUT_SLICE = 2000


@dataclass
class Facts:
    """The members counted on 31/12/2025 and what their evaluation reads."""

    rules: EvaluationRules
    counted: dict[int, Member] = field(default_factory=dict)
    branch: dict[int, str] = field(default_factory=dict)  # member pk → branch code on 31/12/2025
    attendance: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # expected, present, excused
    training: dict[int, SimpleNamespace] = field(default_factory=dict)  # TrainingRegistration rows
    evaluations: dict[int, SimpleNamespace] = field(default_factory=dict)  # MemberEvaluation rows
    _inputs: dict[int, MemberInputs] = field(default_factory=dict)
    _caps: dict[int, str] = field(default_factory=dict)

    def read_inputs(self, province: OrgUnit) -> None:
        """What each counted member's evaluation reads, as the product's evaluation sheet reads it
        (attendance, dues, training result, disciplines, positions): call once the training results and
        the disciplines are written."""
        members = [self.counted[pk] for pk in sorted(self.counted)]
        # In slices: SQLite plans a query with tens of thousands of ids in one IN list very badly.
        self._inputs = {}
        for start in range(0, len(members), INPUT_SLICE):
            self._inputs.update(
                member_inputs(unit=province, year=YEAR, members=members[start : start + INPUT_SLICE])
            )

    def inputs(self, pk: int) -> MemberInputs:
        return self._inputs[pk]

    def cap(self, pk: int) -> str:
        """The best level the member's record allows."""
        if pk not in self._caps:
            self._caps[pk] = best_level(self.rules, self.inputs(pk))
        return self._caps[pk]

    def attendance_pct(self, pk: int) -> float | None:
        expected, present, _excused = self.attendance.get(pk, (0, 0, 0))
        return present * 100 / expected if expected else None


def gather(ctx: Context) -> Facts:
    """Who is counted on 31/12/2025 (the members' dated steps replayed) and, in one grouped query, their
    2025 attendance (the generator favours the regular ones)."""
    facts = Facts(rules=rules_for(ctx.units[ROOT_CODE], YEAR))
    for member in ctx.people:
        if member.joined_on is None or member.joined_on > YEAR_END:
            continue
        unit_id, status = state_on(member, YEAR_END)
        if status == Status.ACTIVE:
            facts.counted[member.pk] = member
            facts.branch[member.pk] = ctx.code_of[unit_id]
    rows = (
        Attendance.objects.filter(meeting__held_on__year=YEAR)
        .order_by()
        .values("member_id")
        .annotate(
            n=Count("pk"),
            present_n=Count("pk", filter=Q(present=True)),
            excused_n=Count("pk", filter=Q(present=False, excused=True)),
        )
    )
    facts.attendance = {r["member_id"]: (r["n"], r["present_n"], r["excused_n"]) for r in rows}
    return facts


# --- disciplines and the training programme -----------------------------------------------------------------


def write_disciplines(ctx: Context, facts: Facts, spare: set[int]) -> int:
    """Three village members disciplined in 2025 (their level is capped at "completed")."""
    rng = ctx.rng
    pool = [
        pk
        for pk, m in sorted(facts.counted.items())
        if pk not in spare
        and m._flavour == "village"
        and m.age_on(YEAR_END) >= 20
        and m.joined_on.year < YEAR
    ]
    rows = []
    for pk, (form, reason) in zip(
        rng.sample(pool, min(len(pool), len(texts.DISCIPLINES))), texts.DISCIPLINES, strict=False
    ):
        day = between(rng, datetime.date(YEAR, 4, 1), datetime.date(YEAR, 10, 31))
        number = f"{rng.randint(1, 9):02d}-QĐKL/ĐTN"
        rows.append(
            Discipline(member_id=pk, form=form, decided_on=day, decision_number=number, reason=reason)
        )
    Discipline.objects.bulk_create(rows)
    return len(rows)


def _training_result(rng, pct: float | None, favoured: bool) -> str:
    if pct is None:
        return rng.choice([TrainingResult.GOOD, TrainingResult.PASSED])
    chance = 0.9 if favoured else 0.4 if pct >= 95 else 0.3 if pct >= 90 else 0.12 if pct >= 80 else 0.04
    if rng.random() < chance:
        return TrainingResult.OUTSTANDING
    if rng.random() < (0.3 if pct < 60 else 0.008):
        return TrainingResult.FAILED
    return TrainingResult.GOOD if rng.random() < 0.65 else TrainingResult.PASSED


def write_training(ctx: Context, facts: Facts, favoured: set[int]) -> int:
    """Most members register for the 2025 programme, a branch at once in February or March (newcomers on
    joining); schools and the university evaluate it in August, the other branches in December."""
    rng = ctx.rng
    registered: dict[str, datetime.date] = {}
    evaluated: dict[str, datetime.date] = {}
    rows = []
    for pk in sorted(facts.counted):
        member, code = facts.counted[pk], facts.branch[pk]
        if code not in registered:
            registered[code] = between(rng, datetime.date(YEAR, 2, 10), datetime.date(YEAR, 3, 26))
            school = ctx.spec[code].flavour in ("school", "university")
            evaluated[code] = (
                between(rng, datetime.date(YEAR, 8, 10), datetime.date(YEAR, 8, 28))
                if school
                else between(rng, datetime.date(YEAR, 12, 1), datetime.date(YEAR, 12, 15))
            )
        day = max(registered[code], member.joined_on + days(rng.randint(7, 30)))
        if day > datetime.date(YEAR, 10, 31) or rng.random() < 0.04:
            continue  # joined too late in the year, or never registered
        result = _training_result(rng, facts.attendance_pct(pk), pk in favoured)
        rows.append(
            rows_.new(
                TrainingRegistration,
                member_id=pk,
                year=YEAR,
                unit_id=ctx.units[code].pk,
                registered_on=day,
                commitments=rng.choice(texts.COMMITMENTS),
                result=result,
                evaluated_on=max(evaluated[code], day + days(30)),
            )
        )
    rows_.insert(TrainingRegistration, rows)
    ids = dict(TrainingRegistration.objects.filter(year=YEAR).values_list("member_id", "pk"))
    for row in rows:
        row.id = ids[row.member_id]
        facts.training[row.member_id] = row
    registered, evaluated = _("Đăng ký chương trình rèn luyện"), _("Đánh giá kết quả rèn luyện")
    rows_.history(
        TrainingRegistration,
        [
            (snapshot(row, result="", evaluated_on=None), at(row.registered_on, 9), registered, "+")
            for row in rows
        ]
        + [(row, at(row.evaluated_on, 15), evaluated, "~") for row in rows],
    )
    return len(rows)


# --- member evaluations ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    levels: Counter = field(default_factory=Counter)  # decided levels
    undecided: int = 0
    flagged: int = 0
    flagged_branch: str = ""
    undecided_branches: list[str] = field(default_factory=list)


def _pick_level(rng, cap: str) -> str:
    """An officer's choice at or below what the record allows: mostly the best level allowed."""
    keep = {Level.OUTSTANDING: 0.85, Level.GOOD: 0.95, Level.COMPLETED: 0.85}.get(cap, 1.0)
    if rng.random() < keep:
        return cap
    return LEVELS[min(rank(cap) + 1, len(LEVELS) - 1)]


def _branch_dates(ctx: Context, codes: set[str]) -> dict[str, datetime.date]:
    """Each branch proposes at its December meeting ("Đánh giá, xếp loại đoàn viên"), else on 20/12."""
    held = Meeting.objects.filter(held_on__year=YEAR, held_on__month=12, unit__code__in=codes)
    out = dict.fromkeys(codes, datetime.date(YEAR, 12, 20))
    for code, day in held.values_list("unit__code", "held_on"):
        out[code] = day
    return out


def _flag_candidates(facts: Facts, members: list[int]) -> list[int]:
    """Members whose record allows "good" but not "outstanding": proposing them outstanding breaks a rule."""
    out = []
    for pk in members:
        inputs = facts.inputs(pk)
        if facts.cap(pk) == Level.GOOD and member_flags(facts.rules, inputs, Level.OUTSTANDING):
            out.append(pk)
    return out


def _choose_open_branches(
    ctx: Context, facts: Facts, by_branch: dict[str, list[int]]
) -> tuple[str, list[str]]:
    """The branch (in Càng Long when it can) whose proposals break a rule, and three others not yet decided."""
    rng = ctx.rng
    eligible = [c for c in sorted(by_branch) if ctx.spec[c].kind == "branch" and len(by_branch[c]) >= 5]
    home = [c for c in eligible if ctx.district_of(c) == "TV-CL"] or eligible
    flagged = max(
        home, key=lambda c: (min(2, len(_flag_candidates(facts, by_branch[c]))), rng.random()), default=""
    )
    others = [c for c in eligible if c != flagged]
    bloc = [c for c in others if ctx.district_of(c) == "TV-DK"]
    chosen = rng.sample(bloc, 1) if bloc else []
    rest = [c for c in others if c not in chosen and ctx.district_of(c) not in ("TV-DK", "TV-CL")]
    chosen += rng.sample(rest, min(2, len(rest)))
    return flagged, chosen


def write_evaluations(ctx: Context, facts: Facts) -> Outcome:
    rng, rules, outcome = ctx.rng, facts.rules, Outcome()
    facts.read_inputs(ctx.units[ROOT_CODE])
    by_branch: dict[str, list[int]] = {}
    for pk in sorted(facts.counted):
        by_branch.setdefault(facts.branch[pk], []).append(pk)
    flagged_branch, open_branches = _choose_open_branches(ctx, facts, by_branch)
    outcome.flagged_branch, outcome.undecided_branches = flagged_branch, open_branches
    proposed_on = _branch_dates(ctx, set(by_branch))
    deciders = {ctx.decision_unit(code) for code in by_branch}
    decided_on = {
        code: between(rng, datetime.date(YEAR, 12, 26), datetime.date(YEAR + 1, 1, 12))
        for code in sorted(deciders)
    }
    numbers = {code: f"{rng.randint(10, 60):02d}-QĐ/ĐTN" for code in sorted(deciders)}
    to_flag = set(_flag_candidates(facts, by_branch.get(flagged_branch, []))[:2])
    rows: list[SimpleNamespace] = []
    for code in sorted(by_branch):
        decider = ctx.decision_unit(code)
        proposed_day = proposed_on[code]
        decided_day = max(decided_on[decider], proposed_day + days(3))
        officer = ctx.officer_of.get(ctx.units[code].pk)
        for pk in by_branch[code]:
            inputs = facts.inputs(pk)
            level = _pick_level(rng, facts.cap(pk))
            flags = []
            if pk in to_flag:
                level = Level.OUTSTANDING
                flags = [flag.as_dict() for flag in member_flags(rules, inputs, level)]
            better = LEVELS[max(rank(level) - 1, 0)]
            self_level = better if rng.random() < 0.12 else level
            open_ = code == flagged_branch or code in open_branches
            row = rows_.new(
                MemberEvaluation,
                member_id=pk,
                year=YEAR,
                unit_id=ctx.units[code].pk,
                as_of=YEAR_END,
                self_level=self_level,
                self_note=rng.choice(texts.SELF_NOTES[self_level]),
                self_on=max(datetime.date(YEAR, 12, 1), proposed_day - days(rng.randint(2, 7))),
                proposed_level=level,
                proposed_note=rng.choice(texts.BRANCH_NOTES[level]),
                proposed_on=proposed_day,
                proposed_by_id=officer.pk if officer else None,
                flags=flags,
                inputs=inputs.as_json(),
            )
            if open_:
                outcome.undecided += 1
                outcome.flagged += bool(flags)
            else:
                row.decided_level, row.decided_on = level, decided_day
                row.decision_unit_id, row.decision_number = ctx.units[decider].pk, numbers[decider]
                decided_by = ctx.officer_of.get(ctx.units[decider].pk)
                row.decided_by_id = decided_by.pk if decided_by else None
                outcome.levels[level] += 1
            rows.append(row)
    rows_.insert(MemberEvaluation, rows)
    ids = dict(MemberEvaluation.objects.filter(year=YEAR).values_list("member_id", "pk"))
    for row in rows:
        row.id = ids[row.member_id]
    _evaluation_history(rows)
    facts.evaluations = {row.member_id: row for row in rows}
    return outcome


def _evaluation_history(rows: list[SimpleNamespace]) -> None:
    """Each evaluation's steps as dated history rows: self-assessment, proposal, decision."""
    undecided = {
        "decided_level": "",
        "decided_on": None,
        "decided_by_id": None,
        "decision_unit_id": None,
        "decision_number": "",
    }
    unproposed = {
        "proposed_level": "",
        "proposed_note": "",
        "proposed_on": None,
        "proposed_by_id": None,
        "flags": [],
    }
    own, proposal, decision = (
        _("Tự đánh giá"),
        _("Chi đoàn đề xuất xếp loại"),
        _("Đoàn cơ sở quyết định xếp loại"),
    )
    snapshots = []
    for row in rows:
        snapshots.append((snapshot(row, **unproposed, **undecided), at(row.self_on, 9), own, "+"))
        snapshots.append((snapshot(row, **undecided), at(row.proposed_on, 10), proposal, "~"))
        if row.decided_level:
            snapshots.append((row, at(row.decided_on, 14), decision, "~"))
    rows_.history(MemberEvaluation, snapshots)


# --- unit classification -----------------------------------------------------------------------------------


def unit_level(levels: Counter) -> str:
    """A unit's level from its members' decided levels: outstanding with ≥ 90% at "good" or better, at least
    20% outstanding and at most 2% "not completed"; good with ≥ 70% at "good" or better and at most 5% "not
    completed"; completed with ≥ 80% at "completed" or better."""
    total = sum(levels.values())
    good_up = levels[Level.OUTSTANDING] + levels[Level.GOOD]
    failed = levels[Level.NOT_COMPLETED]
    if failed <= 0.02 * total and good_up >= 0.9 * total and levels[Level.OUTSTANDING] >= 0.2 * total:
        return Level.OUTSTANDING
    if good_up >= 0.7 * total and failed <= 0.05 * total:
        return Level.GOOD
    if total - failed >= 0.8 * total:
        return Level.COMPLETED
    return Level.NOT_COMPLETED


def _levels_note(levels: Counter) -> str:
    return _(
        "%(n)s đoàn viên được xếp loại: %(o)s hoàn thành xuất sắc, %(g)s hoàn thành tốt, %(c)s hoàn thành, "
        "%(x)s không hoàn thành nhiệm vụ."
    ) % {
        "n": vn_count(sum(levels.values())),
        "o": vn_count(levels[Level.OUTSTANDING]),
        "g": vn_count(levels[Level.GOOD]),
        "c": vn_count(levels[Level.COMPLETED]),
        "x": vn_count(levels[Level.NOT_COMPLETED]),
    }


def write_classifications(ctx: Context, facts: Facts) -> int:
    """Branches classified by the union above them (with the members' decision), grassroots units and
    faculty unions by their district-level unit in January; a unit with members still undecided waits, and
    the 11 district-level units wait for the province (after the inspection)."""
    rng = ctx.rng
    by_unit: dict[str, Counter] = {}
    open_units: set[str] = set()
    decided_on: dict[str, datetime.date] = {}
    for row in facts.evaluations.values():
        branch = ctx.code_of[row.unit_id]
        chain = [branch] + ([ctx.spec[branch].parent] if ctx.spec[branch].kind == "branch" else [])
        for code in chain:
            if row.decided_level:
                by_unit.setdefault(code, Counter())[row.decided_level] += 1
                decided_on[code] = max(decided_on.get(code, row.decided_on), row.decided_on)
            else:
                open_units.add(code)
    numbers: dict[str, str] = {}
    rows = []
    for code in sorted(by_unit):
        if code in open_units:
            continue
        spec = ctx.spec[code]
        above = ctx.spec[spec.parent]
        if spec.kind == "branch":
            day = decided_on[code] + days(rng.randint(0, 3))
        else:
            day = between(rng, datetime.date(YEAR + 1, 1, 15), datetime.date(YEAR + 1, 1, 28))
        number = numbers.setdefault(
            above.code, f"{rng.randint(5, 40):02d}-QĐ/{symbol(above.kind, above.name)}"
        )
        decider = ctx.units[above.code]
        rows.append(
            UnitClassification(
                unit=ctx.units[code],
                year=YEAR,
                level=unit_level(by_unit[code]),
                decided_by_unit=decider,
                decided_on=day,
                decision_number=number,
                note=_levels_note(by_unit[code]),
                decided_by=ctx.officer_of.get(decider.pk),
            )
        )
    UnitClassification.objects.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        row._history_date, row._change_reason = (
            at(row.decided_on, 10),
            _("Xếp loại đơn vị năm %(year)s") % {"year": YEAR},
        )
    UnitClassification.history.bulk_history_create(rows, batch_size=BATCH)
    return len(rows)
