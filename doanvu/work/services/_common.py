"""What the work-record services share: permission and the period lock. (The indicators and movements a unit
may use are reads: doanvu.work.selectors.)

The lock: a unit's period report (doanvu.reports.models.Report) that is submitted or approved freezes the
records it summed up. A record dated D of unit U went into the report of U and into the report of every
unit above U *as the tree stood on D* (the sums up the tree use that tree), so a locked report of U or of
any of those ancestors, for a period containing D, refuses the write. Reports of units below U or beside
it never lock U's records. A record spanning a whole period (a direct value or a target for 2025) is
summed only into reports whose period contains all of it, so only those lock it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.vnnumbers import group
from doanvu.org.models import LINEAGE_STEP, OrgUnit
from doanvu.org.selectors import version_on
from doanvu.reports.models import Report

LOCKED_STATES = (Report.State.SUBMITTED, Report.State.APPROVED)
# Period kinds a day can be placed in without more information; terms (NK…) are checked by their dates.
_DAY_KINDS = ("year", "half", "quarter", "nine_months", "month", "school_year")


def require_edit(by, unit: OrgUnit) -> None:
    if not scope.has_role(by, unit, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": unit.name})


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _units_summing(unit: OrgUnit, day: datetime.date) -> list[int]:
    """Ids of `unit` and of every unit above it as the tree stood on `day` (today's ancestors when the
    unit has no version then)."""
    version = version_on(unit, day)
    if version is not None:
        lineage = version.lineage
        return [int(lineage[i : i + LINEAGE_STEP], 36) for i in range(0, len(lineage), LINEAGE_STEP)]
    steplen = OrgUnit.steplen
    paths = [unit.path[:n] for n in range(steplen, len(unit.path) + 1, steplen)]
    return list(OrgUnit.objects.filter(path__in=paths).values_list("pk", flat=True))


def locking_report(*, unit: OrgUnit, day: datetime.date, end: datetime.date | None = None) -> Report | None:
    """The submitted or approved report that locks `unit`'s records dated `day` (spanning day…end), if any."""
    end = end or day
    codes = []
    for kind in _DAY_KINDS:
        try:
            codes.append(periods.for_date(kind, day).code)
        except periods.PeriodError:  # pragma: no cover — every kind above is derivable from a day
            continue
    reports = (
        Report.objects.filter(unit_id__in=_units_summing(unit, end), state__in=LOCKED_STATES)
        .filter(Q(period__in=codes) | Q(period__startswith="NK"))
        .select_related("unit")
        .order_by("unit__depth")
    )
    for report in reports:
        try:
            period = periods.parse(report.period)
        except periods.PeriodError:
            continue
        if period.contains(day) and period.contains(end):
            return report
    return None


def ensure_unlocked(*, unit: OrgUnit, day: datetime.date, end: datetime.date | None = None) -> None:
    """Refuse a write to `unit`'s records dated `day` (or spanning day…end) when a report locks them."""
    report = locking_report(unit=unit, day=day, end=end)
    if report is not None:
        raise ValidationError(lock_message(report))


def lock_message(report: Report) -> str:
    return _("Báo cáo kỳ %(period)s của %(unit)s đã gửi; dữ liệu kỳ này đã khóa.") % {
        "period": periods.parse(report.period).label,
        "unit": report.unit.name,
    }


def parse_period(code: str, field: str = "period") -> periods.Period:
    try:
        return periods.parse(code)
    except periods.PeriodError as error:
        raise ValidationError({field: str(error)}) from None


def num(value) -> str:
    """A figure as a message shows it: 2.145, 12,5."""
    value = Decimal(value)
    return group(value) if value == value.to_integral_value() else group(value, 2)
