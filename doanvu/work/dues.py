"""Membership dues (đoàn phí): rates by effective date, payments per member per month collected by the
branch, what was collected over a period, the year's grid (docs/domain.md, "Dues and arrears"). Who is in
arrears and the removal warning list are read in `work.arrears`.

Decisions:
- A member's category (salary / no salary / abroad) is the one recorded on their record
  (`Member.dues_category`); when none is recorded it is guessed from their occupation by keywords
  (`member_dues_category`). It may also be given explicitly when recording payments (`categories=`); the
  standard amount is the rate in force on the first day of the month paid for.
- Amounts are per month. A quarterly payment is one call with a quarter's code ("2025Q1"): one payment
  row per month.
- Dues collected over a period are the money received in it: payments by `paid_on`, each under the unit
  its collecting branch stood under on that day.
- A month is due from a member when it has ended on or before the day asked about, the member joined
  before it began and the dues book was open for them (`work.arrears.dues_book_opened`); arrears and the
  removal rule look at the 12 such months before the day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Q,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.lib import changes, periods, vnnumbers
from doanvu.lib.vnnumbers import group
from doanvu.lib.vntext import fold
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

from .arrears import WINDOW_MONTHS
from .meetings import (
    branch_roster,
    check_branch,
    check_unit_day,
    counted_member_ids,
    dmy,
    require_edit,
    under_then,
)
from .models import DuesPayment, DuesRate

Category = DuesRate.Category
# Since 2011: 2,000 VND a month without a salary, 5,000 with one, 5,000 abroad (docs/domain.md).
DEFAULT_RATES_FROM = datetime.date(2011, 1, 1)
DEFAULT_RATES = {Category.NO_SALARY: 2000, Category.SALARY: 5000, Category.ABROAD: 5000}
MAX_MONTHS_AT_ONCE = 12

# Occupation keywords (folded: lower case, no diacritics). Abroad is checked first, then a salary.
ABROAD_WORDS = ("nuoc ngoai", "du hoc", "xuat khau lao dong", "dinh cu")
SALARY_WORDS = (
    "can bo",
    "cong chuc",
    "vien chuc",
    "giao vien",
    "giang vien",
    "cong nhan",
    "nhan vien",
    "bac si",
    "y si",
    "y ta",
    "dieu duong",
    "duoc si",
    "ky su",
    "ke toan",
    "bo doi",
    "quan nhan",
    "si quan",
    "cong an",
    "chien si",
    "huu tri",
    "lao dong hop dong",
)


def ensure_dues_rates() -> int:
    """Create the default rates (docs/domain.md, "Dues and arrears") for each category with none on 1/1/2011.
    Idempotent; rates admins have set are left alone. Returns how many rows it created."""
    created = 0
    for category, amount in DEFAULT_RATES.items():
        if not DuesRate.objects.filter(category=category, effective_from__lte=DEFAULT_RATES_FROM).exists():
            DuesRate.objects.create(
                category=category, effective_from=DEFAULT_RATES_FROM, monthly_amount=amount
            )
            created += 1
    return created


def rates_on(day: datetime.date) -> dict[str, int]:
    """The monthly amount of each category in force on `day` (categories without a rate then are absent)."""
    out: dict[str, int] = {}
    for category, amount in (
        DuesRate.objects.filter(effective_from__lte=day).order_by("category", "-effective_from")
    ).values_list("category", "monthly_amount"):
        out.setdefault(category, amount)
    return out


def member_dues_category(member: Member) -> str:
    """Salary, no salary or abroad: the category recorded on the member's record, else guessed from their
    occupation — unknown or empty means no salary (the branch can type another amount, or pass the
    category explicitly)."""
    if member.dues_category in Category.values:
        return member.dues_category
    text = fold(member.occupation)
    if any(word in text for word in ABROAD_WORDS):
        return Category.ABROAD
    if any(word in text for word in SALARY_WORDS):
        return Category.SALARY
    return Category.NO_SALARY


def month_label(day: datetime.date) -> str:
    return day.strftime("%m/%Y")


def _months_of(code: str) -> list[periods.Period]:
    try:
        period = periods.parse(code)
    except periods.PeriodError as error:
        raise ValidationError({"month": str(error)}) from None
    months = period.months()
    if len(months) > MAX_MONTHS_AT_ONCE:
        raise ValidationError(
            {"month": _("Mỗi lần chỉ ghi tối đa %(n)s tháng đoàn phí.") % {"n": MAX_MONTHS_AT_ONCE}}
        )
    return months


def _add_months(day: datetime.date, n: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _amount(
    value: Any, standard: int | None, name: str, label: str, floor: int
) -> tuple[int | None, str | None]:
    """(amount, problem) for one member and month: None or "standard" means the standard amount."""
    if value is None or value == "" or value == "standard":
        if standard is None:
            return None, _("%(name)s: chưa có mức đoàn phí áp dụng cho tháng %(month)s.") % {
                "name": name,
                "month": label,
            }
        return standard, None
    try:
        # The one parser of numbers (docs/architecture.md, "Numbers as people type them"): "10.000", "10k".
        amount = int(vnnumbers.parse(value, kind=vnnumbers.MONEY))
    except vnnumbers.NumberError as error:
        return None, f"{name}: {error}"
    if amount < floor:
        return None, _(
            "%(name)s: số tiền %(amount)s đồng thấp hơn mức đoàn phí thấp nhất (%(floor)s đồng) tháng %(month)s."
        ) % {
            "name": name,
            "amount": group(amount),
            "floor": group(floor),
            "month": label,
        }
    return amount, None


@transaction.atomic
def dues_record(
    *,
    unit: OrgUnit,
    month: str,
    payments: dict[int, int | str | None] | list[int] | set[int],
    paid_on: datetime.date,
    by,
    categories: dict[int, str] | None = None,
) -> list[DuesPayment]:
    """Record dues paid to the branch `unit` on `paid_on` for a month ("202503") or several at once
    ("2025Q1", a quarterly payment): {member id: amount per month, or None for the standard amount}, or a
    list of member ids paying the standard amount. All or nothing, audited."""
    require_edit(by, unit)
    check_branch(unit)
    check_unit_day(unit, paid_on, "paid_on", _("ngày đóng"))
    ensure_dues_rates()
    months = _months_of(month)
    if not isinstance(payments, dict):
        payments = {pk: None for pk in payments}
    if not payments:
        raise ValidationError({"payments": _("Hãy chọn ít nhất một đoàn viên đã đóng đoàn phí.")})
    latest = _add_months(paid_on, WINDOW_MONTHS)
    if months[-1].start > latest:
        raise ValidationError(
            {
                "month": _("Chỉ ghi đóng trước tối đa %(n)s tháng (đến tháng %(month)s).")
                % {"n": WINDOW_MONTHS, "month": month_label(_add_months(latest, -1))}
            }
        )
    try:
        ids = {int(pk): value for pk, value in payments.items()}
    except (TypeError, ValueError):
        raise ValidationError({"payments": _("Danh sách đoàn viên không hợp lệ.")}) from None
    roster = {m.pk: m for m in branch_roster(unit=unit, day=paid_on).filter(pk__in=ids)}
    problems: list[str] = []
    for pk in ids:
        if pk not in roster:
            name = Member.objects.filter(pk=pk).values_list("full_name", flat=True).first()
            problems.append(
                _("%(who)s không sinh hoạt ở %(unit)s vào ngày %(day)s.")
                % {
                    "who": name or _("Đoàn viên mã %(id)s") % {"id": pk},
                    "unit": unit.name,
                    "day": dmy(paid_on),
                }
            )
    existing = DuesPayment.objects.filter(
        member_id__in=ids, month__in=[m.start for m in months]
    ).select_related("member")
    for payment in existing.order_by("member__sort_key", "month"):
        problems.append(
            _("%(name)s đã đóng đoàn phí tháng %(month)s (%(amount)s đồng, ngày %(day)s).")
            % {
                "name": payment.member.full_name,
                "month": month_label(payment.month),
                "amount": group(payment.amount),
                "day": dmy(payment.paid_on),
            }
        )
    rows: list[DuesPayment] = []
    for m in months:
        rates = rates_on(m.start)
        floor = min(rates.values(), default=0)
        for pk, value in ids.items():
            member = roster.get(pk)
            if member is None:
                continue
            if member.joined_on and m.end < member.joined_on:
                problems.append(
                    _("%(name)s vào Đoàn ngày %(day)s, chưa phải đóng đoàn phí tháng %(month)s.")
                    % {"name": member.full_name, "day": dmy(member.joined_on), "month": month_label(m.start)}
                )
                continue
            category = (categories or {}).get(pk) or member_dues_category(member)
            if category not in Category.values:
                problems.append(
                    _("%(name)s: đối tượng đóng đoàn phí không hợp lệ.") % {"name": member.full_name}
                )
                continue
            amount, problem = _amount(
                value, rates.get(category), member.full_name, month_label(m.start), floor
            )
            if problem:
                problems.append(problem)
                continue
            rows.append(DuesPayment(member=member, unit=unit, month=m.start, amount=amount, paid_on=paid_on))
    if problems:
        raise ValidationError({"payments": list(dict.fromkeys(problems))})
    DuesPayment.objects.bulk_create(rows)
    changes.created(dues=[row.pk for row in rows])
    total = sum(r.amount for r in rows)
    months_text = ", ".join(month_label(m.start) for m in months)
    audit_log(
        actor=by,
        action="dues.record",
        unit=unit,
        effective_on=paid_on,
        summary=_("Thu đoàn phí %(months)s của %(n)s đoàn viên %(unit)s: %(total)s đồng")
        % {"months": months_text, "n": len(roster), "unit": unit.name, "total": group(total)},
        data={"months": [m.code for m in months], "members": sorted(roster), "total": total},
    )
    return rows


@transaction.atomic
def dues_cancel(*, unit: OrgUnit, month: str, member_ids: list[int], by, reason: str = "") -> int:
    """Delete payments the branch `unit` recorded by mistake (those members, those months). Audited."""
    require_edit(by, unit)
    months = _months_of(month)
    payments = DuesPayment.objects.filter(
        unit=unit, member_id__in=member_ids, month__in=[m.start for m in months]
    )
    found = list(payments.select_related("member").order_by("member__sort_key", "month"))
    if not found:
        raise ValidationError({"payments": _("Không có khoản đoàn phí nào như vậy để hủy.")})
    total = sum(p.amount for p in found)
    audit_log(
        actor=by,
        action="dues.cancel",
        unit=unit,
        reason=reason,
        summary=_("Hủy %(n)s khoản đoàn phí đã ghi của %(unit)s (%(total)s đồng)")
        % {"n": len(found), "unit": unit.name, "total": group(total)},
        data={"payments": [[p.member_id, month_label(p.month), p.amount, dmy(p.paid_on)] for p in found]},
    )
    DuesPayment.objects.filter(pk__in=[p.pk for p in found]).delete()
    return len(found)


# --- selectors -------------------------------------------------------------------------------------------


def dues_collected(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> int:
    """Đồng received from `start` to `end` (inclusive, by payment date) by branches under `unit` then."""
    total = DuesPayment.objects.filter(
        under_then(unit, "paid_on"), paid_on__gte=start, paid_on__lte=end
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


@dataclass
class DuesRow:
    member: Member
    cells: list[tuple[periods.Period, DuesPayment | None, bool]]  # (month, payment, due)

    @property
    def paid_count(self) -> int:
        return sum(1 for _m, p, _d in self.cells if p is not None)


def dues_grid(*, unit: OrgUnit, year: int) -> tuple[list[periods.Period], list[DuesRow], list[int]]:
    """The branch × month grid of a year: the members on the branch's rolls (at the year's end, or today
    for the current year) and anyone who paid to it that year; each month paid (with the payment), due
    and unpaid, or not due (before joining, or not yet ended). Plus the total collected per month."""
    today = timezone.localdate()
    months = periods.parse(str(year)).months()
    as_of = min(today, months[-1].end)
    payers = DuesPayment.objects.filter(unit=unit, month__year=year).values("member_id")
    if as_of < unit.active_from:
        members = Member.objects.filter(pk__in=payers)
    else:
        members = Member.objects.filter(Q(pk__in=counted_member_ids(unit=unit, day=as_of)) | Q(pk__in=payers))
    members = list(members.order_by("sort_key", "pk"))
    paid = {
        (p.member_id, p.month): p
        for p in DuesPayment.objects.filter(member__in=members, month__year=year).select_related("unit")
    }
    rows = []
    for member in members:
        cells = []
        for m in months:
            due = m.end <= today and (member.joined_on is None or member.joined_on < m.start)
            cells.append((m, paid.get((member.pk, m.start)), due))
        rows.append(DuesRow(member=member, cells=cells))
    totals = [
        sum(p.amount for (pk, month), p in paid.items() if month == m.start and p.unit_id == unit.pk)
        for m in months
    ]
    return months, rows, totals
