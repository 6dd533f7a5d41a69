"""Reads of member evaluation: each member's inputs for a year (computed for a whole branch at once, a fixed
number of queries whatever its size), the branch's evaluation sheet, the grassroots union's list of proposals
to decide, and who decides.

Members of a year's sheet: those counted in the branch on 31/12 of the year (today, for the current year),
as the rolls stood then, plus anyone the branch already evaluated for that year.

doanvu keeps no per-member record of taking part in activities (an activity holds only its figures), so
"activities taken part in" is the number of the branch's meetings the member attended.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.evaluation.levels import Level, year_end
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import (
    EvaluationRules,
    Flag,
    MemberInputs,
    best_level,
    level_text,
    rules_for,
)
from doanvu.evaluation.training.models import TrainingRegistration, TrainingResult
from doanvu.lib import periods, vnnumbers
from doanvu.members.models import COUNTED_STATUSES, Discipline, Member, Position
from doanvu.org.models import OrgUnit
from doanvu.work.arrears import dues_book_opened
from doanvu.work.meetings import counted_member_ids
from doanvu.work.models import Attendance, DuesPayment


def sheet_day(year: int) -> datetime.date:
    """The day a year's sheet counts members on: 31/12, or today while the year runs."""
    return min(year_end(year), timezone.localdate())


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), year_end(year)


def deciding_unit(unit: OrgUnit) -> OrgUnit:
    """Who decides the evaluation of a branch's members: the nearest grassroots unit at or above it (a
    grassroots branch decides for itself), else the unit directly above."""
    if unit.kind.is_grassroots:
        return unit
    ancestors = list(OrgUnit.objects.get_ancestors(unit).select_related("kind"))
    for ancestor in reversed(ancestors):
        if ancestor.kind.is_grassroots:
            return ancestor
    return ancestors[-1] if ancestors else unit


def member_unit_on(member: Member, day: datetime.date) -> OrgUnit | None:
    """The unit (branch) `member` was counted in at the end of `day`; None if not counted then."""
    if day >= timezone.localdate():
        return member.unit if member.status in COUNTED_STATUSES else None
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    record = member.history.filter(history_date__lt=end).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type == "-" or record.status not in COUNTED_STATUSES:
        return None
    return OrgUnit.objects.select_related("kind").filter(pk=record.unit_id).first()


def sheet_members(*, unit: OrgUnit, year: int) -> QuerySet[Member]:
    """The members of `unit`'s sheet for `year` (its sub-tree), in Vietnamese name order."""
    evaluated = MemberEvaluation.objects.filter(unit.subtree_q("unit__"), year=year).values("member_id")
    counted = counted_member_ids(unit=unit, day=sheet_day(year))
    return (
        Member.objects.filter(Q(pk__in=counted) | Q(pk__in=evaluated))
        .select_related("unit")
        .order_by("sort_key", "pk")
    )


def quota_base(*, unit: OrgUnit, year: int) -> int:
    """How many members `unit` evaluates in `year`: the quota's "N% of …"."""
    return sheet_members(unit=unit, year=year).count()


def _due(
    member: Member, months: list[periods.Period], day: datetime.date, opened: datetime.date | None
) -> list[datetime.date]:
    """The months of the year a member owed dues for by `day`: ended, begun after joining, and on or after
    the dues book opened for them (`work.arrears.dues_book_opened`; docs/domain.md, "Dues and arrears")."""
    if opened is None:
        return []
    return [
        m.start
        for m in months
        if m.end <= day and m.start >= opened and (member.joined_on is None or member.joined_on < m.start)
    ]


def member_inputs(*, unit: OrgUnit, year: int, members: list[Member]) -> dict[int, MemberInputs]:
    """{member id: inputs} for `members` in `year`, seven queries for any number of members: attendance at
    the meetings of `unit` (and units under it), dues of the year's months and when the dues book opened
    (two), the training result, disciplines decided in the year, positions held at some time in the year."""
    if not members:
        return {}
    ids = [m.pk for m in members]
    start, end = year_range(year)
    attendance = {
        row["member_id"]: row
        for row in Attendance.objects.filter(
            unit.subtree_q("meeting__unit__"),
            member_id__in=ids,
            meeting__held_on__gte=start,
            meeting__held_on__lte=end,
        )
        .values("member_id")
        .annotate(
            n_expected=Count("pk"),
            n_present=Count("pk", filter=Q(present=True)),
            n_excused=Count("pk", filter=Q(present=False, excused=True)),
        )
    }
    paid: dict[int, set[datetime.date]] = defaultdict(set)
    for member_id, month in DuesPayment.objects.filter(
        member_id__in=ids, month__gte=start, month__lte=end
    ).values_list("member_id", "month"):
        paid[member_id].add(month)
    training = dict(
        TrainingRegistration.objects.filter(member_id__in=ids, year=year).values_list("member_id", "result")
    )
    disciplines: dict[int, list[str]] = defaultdict(list)
    for member_id, form in (
        Discipline.objects.filter(member_id__in=ids, decided_on__gte=start, decided_on__lte=end)
        .order_by("decided_on", "pk")
        .values_list("member_id", "form")
    ):
        disciplines[member_id].append(form)
    positions: dict[int, list[str]] = defaultdict(list)
    for position in (
        Position.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gt=start), member_id__in=ids, start_on__lte=end
        )
        .select_related("unit")
        .order_by("start_on", "pk")
    ):
        positions[position.member_id].append(f"{position.get_title_display()} {position.unit.name}")
    months = periods.parse(str(year)).months()
    day = sheet_day(year)
    opened = dues_book_opened(members)
    out = {}
    for member in members:
        seen = attendance.get(member.pk, {})
        due = _due(member, months, day, opened.get(member.pk))
        out[member.pk] = MemberInputs(
            meetings_expected=seen.get("n_expected", 0),
            meetings_attended=seen.get("n_present", 0),
            meetings_excused=seen.get("n_excused", 0),
            dues_due_months=len(due),
            dues_paid_months=sum(1 for month in due if month in paid[member.pk]),
            training_registered=member.pk in training,
            training_result=training.get(member.pk) or "",
            disciplines=tuple(disciplines[member.pk]),
            positions=tuple(positions[member.pk]),
        )
    return out


def describe(inputs: MemberInputs) -> dict[str, str]:
    """The inputs as the sheet shows them: "90% (9/10 buổi)", "11/12 tháng", "Xuất sắc", "Khiển trách"…"""
    pct = inputs.attendance_pct
    attendance = (
        f"{vnnumbers.percent(pct)} ({inputs.meetings_attended}/{inputs.meetings_expected} buổi)"
        if pct is not None
        else _("Chưa có điểm danh")
    )
    if inputs.training_result:
        training = str(TrainingResult(inputs.training_result).label)
    else:
        training = _("Chưa đánh giá") if inputs.training_registered else _("Chưa đăng ký")
    return {
        "attendance": attendance,
        "meetings": str(inputs.meetings_attended),
        "dues": _("%(paid)s/%(due)s tháng")
        % {"paid": inputs.dues_paid_months, "due": inputs.dues_due_months},
        "unpaid": str(inputs.dues_unpaid_months),
        "training": training,
        "discipline": ", ".join(str(Discipline.Form(f).label) for f in inputs.disciplines) or "—",
        "positions": "; ".join(inputs.positions) or "—",
    }


# ---------------------------------------------------------------------------------------------------------
# The branch's sheet


@dataclass
class SheetRow:
    member: Member
    inputs: MemberInputs
    evaluation: MemberEvaluation | None
    suggested: str  # the best level the member's records allow (quota aside)

    @property
    def texts(self) -> dict[str, str]:
        return describe(self.inputs)

    @property
    def suggested_label(self) -> str:
        return level_text(self.suggested)

    @property
    def flags(self) -> list[Flag]:
        if self.evaluation is None:
            return []
        return [Flag(f.get("code", ""), f.get("message", "")) for f in self.evaluation.flags or []]

    @property
    def step(self) -> str:
        return self.evaluation.step if self.evaluation else "open"

    @property
    def level_for_form(self) -> str:
        """What the proposal form starts with: the proposal, else the self-assessment, else the suggestion."""
        if self.evaluation:
            return self.evaluation.proposed_level or self.evaluation.self_level or self.suggested
        return self.suggested


@dataclass
class Sheet:
    unit: OrgUnit
    year: int
    rules: EvaluationRules
    rows: list[SheetRow] = field(default_factory=list)

    def _count(self, attr: str) -> dict[str, int]:
        counts = dict.fromkeys(Level.values, 0)
        for row in self.rows:
            level = getattr(row.evaluation, attr, "") if row.evaluation else ""
            if level:
                counts[level] += 1
        return counts

    @property
    def proposed(self) -> dict[str, int]:
        return self._count("proposed_level")

    @property
    def decided(self) -> dict[str, int]:
        return self._count("decided_level")

    @property
    def flagged(self) -> int:
        return sum(
            1 for row in self.rows if row.flags and not (row.evaluation and row.evaluation.decided_level)
        )

    @property
    def undecided_unflagged(self) -> list[SheetRow]:
        """Proposals the grassroots union may decide at once: proposed, no flag, not decided yet."""
        return [
            row
            for row in self.rows
            if row.evaluation
            and row.evaluation.proposed_level
            and not row.evaluation.decided_level
            and not row.evaluation.flags
        ]

    @property
    def quota_max(self) -> int | None:
        return self.rules.quota_max(len(self.rows))


def evaluation_sheet(*, unit: OrgUnit, year: int) -> Sheet:
    """One row per member of `unit`'s sheet for `year`: inputs, evaluation (self, proposal with its flags,
    decision) and the level their records allow. A fixed number of queries."""
    members = list(sheet_members(unit=unit, year=year))
    inputs = member_inputs(unit=unit, year=year, members=members)
    evaluations = {
        e.member_id: e
        for e in MemberEvaluation.objects.filter(
            year=year, member__in=[m.pk for m in members]
        ).select_related("decision_unit", "proposed_by", "decided_by")
    }
    rules = rules_for(unit, year)
    rows = [
        SheetRow(
            member=member,
            inputs=inputs[member.pk],
            evaluation=evaluations.get(member.pk),
            suggested=best_level(rules, inputs[member.pk]),
        )
        for member in members
    ]
    return Sheet(unit=unit, year=year, rules=rules, rows=rows)


# ---------------------------------------------------------------------------------------------------------
# The grassroots union's decisions


@dataclass
class BranchProgress:
    unit: OrgUnit
    members: int = 0
    proposed: int = 0
    flagged: int = 0
    decided: int = 0


def branches_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The active units members belong to (chi đoàn, chi đoàn cơ sở, phân đoàn) under `unit`, itself included."""
    today = timezone.localdate()
    return (
        OrgUnit.objects.filter(unit.subtree_q(), kind__is_branch=True)
        .filter(Q(active_to__isnull=True) | Q(active_to__gt=today))
        .select_related("kind")
        .order_by("path")
    )


def decision_progress(*, unit: OrgUnit, year: int) -> list[BranchProgress]:
    """Per branch under `unit`: members counted now, proposals, flagged proposals waiting, decisions. Three
    queries: the branches, the members grouped by branch, the evaluations grouped by branch."""
    branches = list(branches_under(unit))
    members = dict(
        Member.objects.filter(unit.subtree_q("unit__"), status__in=COUNTED_STATUSES)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    counts = {
        row["unit_id"]: row
        for row in MemberEvaluation.objects.filter(unit.subtree_q("unit__"), year=year)
        .values("unit_id")
        .annotate(
            proposed=Count("pk", filter=~Q(proposed_level="")),
            decided=Count("pk", filter=~Q(decided_level="")),
            flagged=Count("pk", filter=~Q(proposed_level="") & Q(decided_level="") & ~Q(flags=[])),
        )
    }
    out = []
    for branch in branches:
        row = counts.get(branch.pk, {})
        out.append(
            BranchProgress(
                unit=branch,
                members=members.get(branch.pk, 0),
                proposed=row.get("proposed", 0),
                flagged=row.get("flagged", 0),
                decided=row.get("decided", 0),
            )
        )
    return out


def decided_outstanding(*, decision_unit: OrgUnit, year: int, exclude: list[int] | None = None) -> int:
    """Outstanding decisions `decision_unit` made for `year` (the quota's numerator for decisions)."""
    return (
        MemberEvaluation.objects.filter(
            year=year, decision_unit=decision_unit, decided_level=Level.OUTSTANDING
        )
        .exclude(pk__in=exclude or [])
        .count()
    )


def proposed_outstanding(*, unit: OrgUnit, year: int, exclude: list[int] | None = None) -> int:
    """Outstanding proposals of `unit` for `year` (the quota's numerator for proposals)."""
    return (
        MemberEvaluation.objects.filter(year=year, unit=unit, proposed_level=Level.OUTSTANDING)
        .exclude(pk__in=exclude or [])
        .count()
    )


def evaluations_in(*, unit: OrgUnit, year: int) -> QuerySet[MemberEvaluation]:
    """Evaluations of `year` of members evaluated in `unit`'s sub-tree, in name order."""
    return (
        MemberEvaluation.objects.filter(unit.subtree_q("unit__"), year=year)
        .select_related("member", "unit", "decision_unit")
        .order_by("member__sort_key", "pk")
    )


LEVEL_CODES = {
    Level.OUTSTANDING: "members_outstanding",
    Level.GOOD: "members_good",
    Level.COMPLETED: "members_completed",
    Level.NOT_COMPLETED: "members_not_completed",
}
COUNT_CODES = [
    "members",
    "members_evaluated",
    *LEVEL_CODES.values(),
    "members_evaluated_pct",
    "training_registered",
]


def level_counts(*, unit: OrgUnit, year: int):
    """Decided evaluations per level of `unit`'s sub-tree for `year` and of each direct child's sub-tree, as
    the tree stood on 31/12 of the year (the stats' rule): doanvu.stats.UnitStats."""
    from doanvu.stats import unit_stats

    return unit_stats(unit=unit, period=periods.parse(str(year)), indicators=COUNT_CODES)
