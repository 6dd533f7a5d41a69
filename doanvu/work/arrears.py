"""Dues arrears (nợ đoàn phí) and the removal warning list: which months a member owed, how many are unpaid,
who is in arrears on a day (docs/domain.md, "Dues and arrears" and "Removal from the rolls").

Read-only; the payments are written by `work.dues`.
"""

from __future__ import annotations

import datetime
import operator
from functools import reduce

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from doanvu.lib import periods
from doanvu.members.models import Member, Transfer
from doanvu.org.models import OrgUnit

from .meetings import counted_member_ids, rule
from .models import Attendance, DuesPayment

WINDOW_MONTHS = 12  # "in a year" (docs/domain.md, "Removal from the rolls")
FAR_PAST = datetime.date(1900, 1, 1)


def due_months(day: datetime.date, count: int = WINDOW_MONTHS) -> list[periods.Period]:
    """The `count` calendar months that ended on or before `day`, oldest first."""
    last = periods.month(day.year, day.month)
    if last.end > day:
        last = last.previous()
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) per member, 0 when none."""
    counted = queryset.order_by().values("member").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _first_month(**where) -> Subquery:
    """The first month any dues were recorded matching `where` (OuterRef lookups), NULL when none."""
    first = DuesPayment.objects.filter(**where).order_by().values(*where).annotate(first=Min("month"))
    return Subquery(first.values("first")[:1], output_field=DateField())


def _transferred_in(day: datetime.date) -> Subquery:
    """The day of the member's (OuterRef "pk") latest transfer accepted on or before `day`, NULL when none:
    the months that began by then were not owed to the branch that took them in."""
    accepted = (
        Transfer.objects.filter(member=OuterRef("pk"), state=Transfer.State.ACCEPTED, decided_on__lte=day)
        .order_by()
        .values("member")
        .annotate(last=Max("decided_on"))
    )
    return Subquery(accepted.values("last")[:1], output_field=DateField())


def transferred_in_on(member: Member, day: datetime.date) -> datetime.date | None:
    """The day of the member's latest transfer accepted on or before `day` (None when none): the months
    that began by then are not owed to the branch that took them in (the rule of `with_unpaid_months`)."""
    return Transfer.objects.filter(
        member=member, state=Transfer.State.ACCEPTED, decided_on__lte=day
    ).aggregate(last=Max("decided_on"))["last"]


def dues_book_opened(members: list[Member]) -> dict[int, datetime.date | None]:
    """{member id: the first month dues were due from, by the rule of `with_unpaid_months`}: the earlier of
    the first month the member's branch recorded any dues and the member's own first payment; None while
    neither exists. Two queries for any number of members."""
    units = {m.unit_id for m in members}
    branch_from = dict(
        DuesPayment.objects.filter(unit_id__in=units)
        .order_by()
        .values("unit_id")
        .annotate(first=Min("month"))
        .values_list("unit_id", "first")
    )
    own_from = dict(
        DuesPayment.objects.filter(member_id__in=[m.pk for m in members])
        .order_by()
        .values("member_id")
        .annotate(first=Min("month"))
        .values_list("member_id", "first")
    )
    out = {}
    for member in members:
        known = [d for d in (branch_from.get(member.unit_id), own_from.get(member.pk)) if d is not None]
        out[member.pk] = min(known) if known else None
    return out


def with_unpaid_months(members: QuerySet[Member], day: datetime.date) -> QuerySet[Member]:
    """Annotate `due_months` and `unpaid_months` (of the 12 months before `day`), in SQL.

    A month is due when it began after the member's admission and after their latest transfer accepted by
    `day` (a member transferred in owes the receiving branch nothing for the months before), and the dues
    book was open for the member: on or after the first month their branch recorded any dues, or the first
    month they paid themselves, whichever is earlier (docs/domain.md, "Dues and arrears"). A branch that
    has recorded no dues yet has no member in arrears. A payment counts for its member and month wherever
    it was recorded, so only payments of due months are counted paid."""
    months = due_months(day)
    members = members.annotate(
        branch_dues_from=_first_month(unit=OuterRef("unit")),
        own_dues_from=_first_month(member=OuterRef("pk")),
        transferred_in_on=_transferred_in(day),
    )
    due = reduce(
        operator.add,
        [
            Case(
                When(
                    (Q(joined_on__isnull=True) | Q(joined_on__lt=m.start))
                    & (Q(transferred_in_on__isnull=True) | Q(transferred_in_on__lt=m.start))
                    & (Q(branch_dues_from__lte=m.start) | Q(own_dues_from__lte=m.start)),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
            for m in months
        ],
    )
    joined = Coalesce(OuterRef("joined_on"), Value(FAR_PAST), output_field=DateField())
    moved_in = Coalesce(OuterRef("transferred_in_on"), Value(FAR_PAST), output_field=DateField())
    paid = _count(
        DuesPayment.objects.filter(
            member=OuterRef("pk"), month__in=[m.start for m in months], month__gt=joined
        ).filter(month__gt=moved_in)
    )
    return members.annotate(due_months=due, paid_months=paid).annotate(
        unpaid_months=ExpressionWrapper(F("due_months") - F("paid_months"), output_field=IntegerField())
    )


def arrears_threshold() -> int:
    """Unpaid months (of the 12 before the day) that put a member in arrears: settings.DOANVU_RULES
    ["dues_arrears_months"], 3 by default."""
    return rule("dues_arrears_months", 3)


def _month_number_sql(date_sql: str) -> str:
    """SQL for year × 12 + month of a date expression, on the project's two databases."""
    if connection.vendor == "postgresql":
        return f"(CAST(EXTRACT(YEAR FROM {date_sql}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {date_sql}) AS INTEGER))"
    return (
        f"(CAST(strftime('%%Y', {date_sql}) AS INTEGER) * 12 + CAST(strftime('%%m', {date_sql}) AS INTEGER))"
    )


def unpaid_months_sql(member: str, day: datetime.date, unit: str | None = None) -> tuple[str, list]:
    """(SQL expression, params): the unpaid months among the 12 due before `day` of the member row aliased
    `member` (a table with the members' `id`, `unit_id` and `joined_on`; `unit` names another column for
    the branch, such as a historical row's) — what `with_unpaid_months` counts, by the same rule, as plain
    SQL for the grouped queries of doanvu.stats (members in arrears of every unit in one query).

    The twelve months are consecutive, so the months due are a count, not twelve tests: from the latest of
    the window's first month, the month after joining, the month after the latest transfer accepted by
    `day` and the month the dues book opened, to the window's last month. Each correlated lookup then runs
    once per member."""
    months = [m.start for m in due_months(day)]
    marks = ", ".join("%s" for _m in months)
    joined = f"{member}.joined_on"
    table = DuesPayment._meta.db_table
    first = months[0].year * 12 + months[0].month
    last = months[-1].year * 12 + months[-1].month
    opened = (
        f"(SELECT MIN({_month_number_sql('u.first')}) FROM ("
        f"SELECT MIN(db.month) AS first FROM {table} db WHERE db.unit_id = {unit or member + '.unit_id'} "
        f"UNION ALL SELECT MIN(dm.month) FROM {table} dm WHERE dm.member_id = {member}.id) u)"
    )
    moved_in = (
        f"(SELECT MAX({_month_number_sql('t.decided_on')}) FROM {Transfer._meta.db_table} t "
        f"WHERE t.member_id = {member}.id AND t.state = %s AND t.decided_on <= %s)"
    )
    moved_in_params = [Transfer.State.ACCEPTED.value, day]
    latest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    never = last + 1  # no dues book yet: nothing is due
    start = (
        f"{latest}({first}, COALESCE({_month_number_sql(joined)} + 1, {first}), "
        f"COALESCE({moved_in} + 1, {first}), COALESCE({opened}, {never}))"
    )
    due = f"{latest}(0, {last} - {start} + 1)"
    paid = (
        f"(SELECT COUNT(*) FROM {table} dp WHERE dp.member_id = {member}.id "
        f"AND dp.month IN ({marks}) AND ({joined} IS NULL OR dp.month > {joined}) "
        f"AND {_month_number_sql('dp.month')} > COALESCE({moved_in}, 0))"
    )
    return f"({due} - {paid})", [*moved_in_params, *months, *moved_in_params]


def members_in_arrears(*, unit: OrgUnit, day: datetime.date, months: int | None = None) -> QuerySet[Member]:
    """Members counted under `unit` on `day` (the sub-tree as it stood) with at least `months` unpaid
    months (default settings.DOANVU_RULES["dues_arrears_months"], 3) among the 12 before `day`."""
    threshold = months if months is not None else arrears_threshold()
    members = with_unpaid_months(Member.objects.filter(pk__in=counted_member_ids(unit=unit, day=day)), day)
    return members.filter(unpaid_months__gte=threshold).select_related("unit").order_by("sort_key", "pk")


def members_in_arrears_count(*, unit: OrgUnit, day: datetime.date) -> int:
    """The stock indicator `members_in_arrears` for `unit`'s sub-tree as it stood on `day`."""
    return members_in_arrears(unit=unit, day=day).count()


def removal_warnings(*, unit: OrgUnit, day: datetime.date | None = None) -> QuerySet[Member]:
    """Removal warnings (docs/domain.md, "Removal from the rolls"): members under `unit` on `day` (default
    today) who, in the 12 months before, missed at least settings.DOANVU_RULES["removal_missed_meetings"]
    (3) meetings without excuse, or left at least ["removal_unpaid_months"] (3) months of dues unpaid.
    Annotated `missed_meetings` and `unpaid_months`; worst first. Computed per member in SQL."""
    day = day or timezone.localdate()
    missed = _count(
        Attendance.objects.filter(
            member=OuterRef("pk"),
            present=False,
            excused=False,
            meeting__held_on__gt=_add_years(day, -1),
            meeting__held_on__lte=day,
        )
    )
    members = with_unpaid_months(Member.objects.filter(pk__in=counted_member_ids(unit=unit, day=day)), day)
    members = members.annotate(missed_meetings=missed).filter(
        Q(missed_meetings__gte=rule("removal_missed_meetings", 3))
        | Q(unpaid_months__gte=rule("removal_unpaid_months", 3))
    )
    return members.select_related("unit").order_by("-missed_meetings", "-unpaid_months", "sort_key", "pk")


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/2
        return day.replace(year=day.year + years, day=28)
