"""Helpers that build work records for the data-quality, submission and dashboard tests. No tests of their
own. Records are written straight to the models (as an import would), so tests can build the bad data that
the entry forms would refuse."""

import datetime
from decimal import Decimal

from django.utils import timezone

from doanvu.lib import periods
from doanvu.reports.models import Report, ReportForm
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import Activity, ActivityFigure, DirectValue, Indicator, Target, WorkArea


def catalogue() -> None:
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows


def activity(unit, start, figures=None, *, end=None, title="Ra quân Ngày chủ nhật xanh", area="movements"):
    catalogue()
    record = Activity.objects.create(
        title=title,
        work_area=WorkArea.objects.get(code=area),
        start_on=start,
        end_on=end or start,
        unit=unit,
    )
    for code, value in (figures or {}).items():
        ActivityFigure.objects.create(
            activity=record, indicator=Indicator.objects.get(code=code), value=Decimal(str(value))
        )
    return record


def direct(unit, code, period_code, value):
    catalogue()
    period = periods.parse(period_code)
    return DirectValue.objects.create(
        unit=unit,
        indicator=Indicator.objects.get(code=code),
        period=period.code,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(str(value)),
    )


def target(unit, code, period_code, value, set_by=None):
    catalogue()
    return Target.objects.create(
        unit=unit,
        indicator=Indicator.objects.get(code=code),
        period=period_code,
        value=Decimal(str(value)),
        set_by_unit=set_by or unit,
    )


def report_form(owner, kinds, period_kind="quarter", deadline_days=5, name="Báo cáo quý"):
    form = ReportForm.objects.create(
        name=name, owner_unit=owner, period_kind=period_kind, deadline_days=deadline_days
    )
    form.submitter_kinds.set(kinds)
    return form


def report(unit, period_code, state=Report.State.DRAFT, submitted_at=None):
    return Report.objects.create(unit=unit, period=period_code, state=state, submitted_at=submitted_at)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment on `day` in the project's time zone (deadlines are local days)."""
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))
