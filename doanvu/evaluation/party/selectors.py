"""Reads of the Party pipeline: the funnel of a year's outstanding members, who is due for a next step, and
introductions against the unit's target.

The funnel follows the people proposed on a year's outstanding-member lists and counts how far each has
gone (today): a stage counts everyone who reached it or went further, so the bars never grow downwards.
Every count is one grouped query over the unit's sub-tree (members grouped by the direct child their
branch lies under), whatever the size of the tree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doanvu.evaluation.party.models import OutstandingEntry, OutstandingList
from doanvu.evaluation.party.services.rules import (
    certificate_expires_on,
    course_valid_years,
    grassroots_of,
)
from doanvu.lib import periods
from doanvu.lib.dates import add_months
from doanvu.lib.vntext import fold
from doanvu.members.models import CURRENT_STATUSES, Member
from doanvu.members.validation import add_years
from doanvu.org.models import OrgUnit

STAGES = (
    ("proposed", _("Được đề xuất (danh sách đoàn viên ưu tú)")),
    ("certified", _("Có giấy chứng nhận cảm tình Đảng còn hạn")),
    ("introduced", _("Được giới thiệu kết nạp Đảng")),
    ("probationary", _("Được kết nạp Đảng (dự bị)")),
    ("full", _("Chuyển Đảng chính thức")),
)
# The figures of the year in `doanvu stats` (dated by the member's Party fields).
YEAR_INDICATORS = ("outstanding_introduced", "party_admitted", "party_full_members")

DEFAULT_INTRODUCED_MONTHS = 6
FULL_DUE_DAYS = 60
CERTIFICATE_WARNING_MONTHS = 6


def probation_months() -> int:
    return settings.DOANVU_RULES.get("party_probation_months", 12)


def full_due_on(member: Member) -> datetime.date | None:
    """The first day the probationary member may become a full member."""
    if member.party_probationary_on is None:
        return None
    return add_months(member.party_probationary_on, probation_months())


# --- the funnel ------------------------------------------------------------------------------------------


@dataclass
class FunnelRow:
    """A unit's counts per stage (code → number of people)."""

    unit: OrgUnit | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return self.counts.get("proposed", 0)

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(stage, count) in the funnel's order, for tables."""
        return [(code, self.counts.get(code, 0)) for code, _label in STAGES]


@dataclass
class Stage:
    code: str
    label: str
    count: int
    share: Decimal | None  # of the people proposed, in percent

    @property
    def bar(self) -> int:
        """The bar's width in percent of the first stage's (a sliver for a stage with anyone in it)."""
        if not self.share:
            return 0
        return max(1, int(self.share.to_integral_value()))


@dataclass
class Funnel:
    unit: OrgUnit
    year: int
    day: datetime.date
    stages: list[Stage]
    children: list[FunnelRow] = field(default_factory=list)
    own: FunnelRow | None = None

    @property
    def proposed(self) -> int:
        return self.stages[0].count


def _stage_q(day: datetime.date) -> dict[str, Q]:
    """Q per stage over OutstandingEntry: reached this stage or one after it."""
    full = Q(member__party_full_on__isnull=False)
    probationary = full | Q(member__party_probationary_on__isnull=False)
    introduced = probationary | Q(member__party_introduced_on__isnull=False)
    valid = Q(
        member__party_course_on__lte=day,
        member__party_course_on__gt=add_years(day, -course_valid_years()),
    )
    return {
        "certified": introduced | valid,
        "introduced": introduced,
        "probationary": probationary,
        "full": full,
    }


def pipeline_funnel(*, unit: OrgUnit, year: int, day: datetime.date | None = None) -> Funnel:
    """The people on outstanding-member lists of `year` whose branch lies in `unit`'s sub-tree today, and how
    far each has gone by `day` (default today); in total and by direct child of `unit`."""
    day = day or timezone.localdate()
    width = (unit.depth + 1) * OrgUnit.steplen
    aggregates = {"proposed": Count("member", distinct=True)} | {
        code: Count("member", distinct=True, filter=q) for code, q in _stage_q(day).items()
    }
    rows = (
        OutstandingEntry.objects.filter(unit.subtree_q("member__unit__"), outstanding_list__year=year)
        .order_by()
        .annotate(prefix=Substr("member__unit__path", 1, width))
        .values("prefix")
        .annotate(**aggregates)
    )
    codes = [code for code, _label in STAGES]
    by_prefix = {row["prefix"]: {code: row[code] for code in codes} for row in rows}
    totals = {code: sum(counts[code] for counts in by_prefix.values()) for code in codes}
    first = totals["proposed"]
    stages = [
        Stage(
            code=code,
            label=str(label),
            count=totals[code],
            share=(Decimal(totals[code] * 100) / first).quantize(Decimal("0.1")) if first else None,
        )
        for code, label in STAGES
    ]
    zero = dict.fromkeys(codes, 0)
    children = [
        FunnelRow(unit=child, counts=by_prefix.get(child.path, dict(zero)))
        for child in OrgUnit.objects.get_children(unit).select_related("kind").order_by("path")
        if child.is_active or child.path in by_prefix
    ]
    own = FunnelRow(unit=unit, counts=by_prefix[unit.path]) if unit.path in by_prefix else None
    return Funnel(unit=unit, year=year, day=day, stages=stages, children=children, own=own)


# --- introductions against the target ----------------------------------------------------------------------


@dataclass
class YearProgress:
    """The year's Party figures of the sub-tree (as `doanvu stats` gives them) and the introductions target."""

    values: dict[str, Decimal | None]
    target: object | None  # doanvu.work.selectors.TargetRow of `outstanding_introduced`

    @property
    def introduced(self) -> Decimal | None:
        return self.values.get("outstanding_introduced")


def year_progress(*, unit: OrgUnit, year: int) -> YearProgress:
    """Introductions, admissions and full memberships of `year` in `unit`'s sub-tree, and the achievement of
    the unit's `outstanding_introduced` target (doanvu.work.selectors.target_progress, the same figures the
    work report writes as "giới thiệu 04 đoàn viên ưu tú, đạt 200% chỉ tiêu")."""
    from doanvu.stats import unit_stats
    from doanvu.stats.targets import target_progress

    period = periods.parse(str(year))
    stats = unit_stats(unit=unit, period=period, indicators=list(YEAR_INDICATORS), with_children=False)
    target = next(
        (
            row
            for row in target_progress(unit=unit, period=period)
            if row.indicator.code == YEAR_INDICATORS[0]
        ),
        None,
    )
    return YearProgress(values={code: stats.values.get(code) for code in YEAR_INDICATORS}, target=target)


# --- who is due ----------------------------------------------------------------------------------------------


@dataclass
class DueRow:
    member: Member
    day: datetime.date  # when the step is due, the certificate expires, or the member was introduced
    days: int  # from today to `day`: negative when it has passed

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days)


@dataclass
class Due:
    day: datetime.date
    introduced_months: int
    full: list[DueRow]
    certificates: list[DueRow]
    introduced: list[DueRow]


def _current(unit: OrgUnit) -> QuerySet[Member]:
    return Member.objects.filter(unit.subtree_q("unit__"), status__in=CURRENT_STATUSES).select_related("unit")


def pipeline_due(
    *,
    unit: OrgUnit,
    day: datetime.date | None = None,
    introduced_months: int = DEFAULT_INTRODUCED_MONTHS,
) -> Due:
    """Current members of `unit`'s sub-tree due for a next step on `day` (default today):

    - full: probationary members whose probation is complete or ends within FULL_DUE_DAYS days;
    - certificates: awareness certificates expired or expiring within CERTIFICATE_WARNING_MONTHS months,
      of people not yet admitted;
    - introduced: people introduced more than `introduced_months` months ago and not yet admitted.
    """
    day = day or timezone.localdate()
    months = probation_months()
    horizon = day + datetime.timedelta(days=FULL_DUE_DAYS)
    full = []
    for member in _current(unit).filter(
        party_probationary_on__isnull=False,
        party_full_on__isnull=True,
        party_probationary_on__lte=add_months(horizon, -months) + datetime.timedelta(days=3),
    ):
        due_on = full_due_on(member)
        if due_on <= horizon:
            full.append(DueRow(member, due_on, (due_on - day).days))

    warn_until = add_months(day, CERTIFICATE_WARNING_MONTHS)
    certificates = []
    for member in _current(unit).filter(
        party_course_on__isnull=False,
        party_probationary_on__isnull=True,
        party_course_on__lte=add_years(warn_until, -course_valid_years()) + datetime.timedelta(days=3),
    ):
        expires = certificate_expires_on(member.party_course_on)
        if expires <= warn_until:
            certificates.append(DueRow(member, expires, (expires - day).days))

    since = add_months(day, -introduced_months)
    introduced = [
        DueRow(member, member.party_introduced_on, (member.party_introduced_on - day).days)
        for member in _current(unit).filter(
            party_introduced_on__isnull=False,
            party_probationary_on__isnull=True,
            party_introduced_on__lt=since,
        )
    ]
    order = lambda row: (row.day, row.member.sort_key, row.member.pk)  # noqa: E731
    return Due(
        day=day,
        introduced_months=introduced_months,
        full=sorted(full, key=order),
        certificates=sorted(certificates, key=order),
        introduced=sorted(introduced, key=order),
    )


# --- lists and people --------------------------------------------------------------------------------------


def outstanding_lists(*, unit: OrgUnit, year: int | None = None) -> QuerySet[OutstandingList]:
    """The lists of units in `unit`'s sub-tree (of `year`), newest first, with their number of people."""
    lists = OutstandingList.objects.filter(unit.subtree_q("unit__"))
    if year is not None:
        lists = lists.filter(year=year)
    return (
        lists.select_related("unit")
        .annotate(entry_count=Count("entries"))
        .order_by("-year", "unit__path", "-id")
    )


def list_entries(outstanding_list: OutstandingList) -> list[OutstandingEntry]:
    return list(
        outstanding_list.entries.select_related("member", "member__unit", "evaluation").order_by(
            "member__sort_key", "member_id"
        )
    )


def addable_members(*, outstanding_list: OutstandingList, q: str = "", limit: int = 20) -> list[Member]:
    """Members who may be put on the list by hand: current members of its sub-tree, not Party members, not
    on a list of the year; found by name (without diacritics)."""
    text = fold(q or "").strip()
    if not text:
        return []
    listed = OutstandingEntry.objects.filter(outstanding_list__year=outstanding_list.year).values("member_id")
    members = (
        _current(outstanding_list.unit)
        .filter(party_probationary_on__isnull=True, search_text__contains=text)
        .exclude(pk__in=listed)
        .order_by("sort_key", "id")
    )
    return list(members[:limit])


@dataclass
class Person:
    """A member's place in the pipeline, for their page and the API."""

    member: Member
    day: datetime.date
    lists: list[OutstandingList]
    certificate_expires_on: datetime.date | None
    certificate_valid: bool
    full_due_on: datetime.date | None
    introducer: OrgUnit
    next_steps: list[str]


def person_pipeline(member: Member, day: datetime.date | None = None) -> Person:
    day = day or timezone.localdate()
    expires = certificate_expires_on(member.party_course_on) if member.party_course_on else None
    steps: list[str] = []
    if member.is_current:
        if member.party_probationary_on is None:
            if member.party_introduced_on is None:
                steps.append("course")
                if member.party_course_on is not None:
                    steps.append("introduce")
            else:
                steps.append("admit")
        elif member.party_full_on is None:
            steps.append("full")
    lists = list(
        OutstandingList.objects.filter(entries__member=member).select_related("unit").order_by("-year", "-id")
    )
    return Person(
        member=member,
        day=day,
        lists=lists,
        certificate_expires_on=expires,
        certificate_valid=expires is not None and member.party_course_on <= day < expires,
        full_due_on=full_due_on(member),
        introducer=grassroots_of(member.unit),
        next_steps=steps,
    )
