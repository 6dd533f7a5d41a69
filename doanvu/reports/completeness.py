"""The completeness and timeliness of subunits' reports: for an upper unit and a report form, every unit
under it that the form asks for a report, with its status (approved, on time, late, returned, missing,
pending) and, for those to remind, its officers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from doanvu.accounts.models import Officer, Role
from doanvu.lib.periods import Period
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit, UnitVersion

from .models import Report, ReportForm
from .selectors import deadline

State = Report.State


class Status:
    APPROVED = "approved"
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"  # not submitted and the deadline has passed
    PENDING = "pending"  # not submitted, the deadline not yet reached


STATUS_LABELS = {
    Status.APPROVED: gettext_lazy("Đã duyệt"),
    Status.ON_TIME: gettext_lazy("Đã gửi đúng hạn"),
    Status.LATE: gettext_lazy("Gửi muộn"),
    Status.RETURNED: gettext_lazy("Bị trả lại, chưa gửi lại"),
    Status.MISSING: gettext_lazy("Chưa gửi, quá hạn"),
    Status.PENDING: gettext_lazy("Chưa gửi, chưa đến hạn"),
}
REMIND = (Status.MISSING, Status.RETURNED, Status.PENDING)


@dataclass
class UnitCompleteness:
    unit: OrgUnit
    status: str
    report: Report | None
    late: bool = False
    officers: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Completeness:
    unit: OrgUnit
    form: ReportForm
    period: Period
    deadline: datetime.date
    rows: list[UnitCompleteness]

    @property
    def counts(self) -> dict[str, int]:
        return _counted((row.status, row.late) for row in self.rows)

    @property
    def to_remind(self) -> list[UnitCompleteness]:
        return [row for row in self.rows if row.status in REMIND]


@dataclass
class Summary:
    """A form's completeness counted (what a dashboard shows): `Completeness.counts` without the rows."""

    form: ReportForm
    deadline: datetime.date
    counts: dict[str, int]


def summary(
    *, unit: OrgUnit, form: ReportForm, period: Period, today: datetime.date | None = None
) -> Summary:
    """`completeness(...).counts` of the form, from plain rows (`subunit_statuses`)."""
    today = today or timezone.localdate()
    rows = subunit_statuses(unit=unit, forms=[form], period=period, today=today)
    counts = _counted((status, late) for _unit, _name, status, late in rows)
    return Summary(form=form, deadline=deadline(form, period), counts=counts)


def _counted(statuses: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """The units by status, with the total, those that sent a report and those that sent it late."""
    out = {status: 0 for status in STATUS_LABELS}
    late_total = 0
    for status, late in statuses:
        out[status] += 1
        late_total += late
    out["total"] = sum(out.values())
    out["submitted"] = out[Status.APPROVED] + out[Status.ON_TIME] + out[Status.LATE]
    out["late_total"] = late_total
    return out


def _status(report: Report | None, due: datetime.date, today: datetime.date) -> tuple[str, bool]:
    """(status, submitted late?). Timeliness is judged by the latest submission."""
    if report is None:
        return _state_status(None, None, due, today)
    return _state_status(report.state, report.submitted_at, due, today)


def _state_status(
    state: str | None, submitted_at: datetime.datetime | None, due: datetime.date, today: datetime.date
) -> tuple[str, bool]:
    """`_status` of a report in `state` last submitted at `submitted_at` (state None: no report)."""
    submitted_on = timezone.localdate(submitted_at) if submitted_at else None
    late = submitted_on is not None and submitted_on > due
    if state == State.APPROVED:
        return Status.APPROVED, late
    if state == State.SUBMITTED:
        return (Status.LATE if late else Status.ON_TIME), late
    if state == State.RETURNED:
        return Status.RETURNED, late
    return (Status.MISSING if today > due else Status.PENDING), False


def subunit_statuses(
    *, unit: OrgUnit, forms: list[ReportForm], period: Period, today: datetime.date
) -> list[tuple[int, str, str, bool]]:
    """(unit id, name, status, late) of every unit under `unit` that each of `forms` asks for the period's
    report, form by form, in tree order: the rows of `completeness` for each form, read as plain values
    (no unit, report or officer is loaded) for the work report, which counts and names them."""
    day = min(period.end, today)
    top = org_selectors.version_on(unit, day) if forms else None
    if top is None:
        return []
    kinds_of = {form.pk: {kind.pk for kind in form.submitter_kinds.all()} for form in forms}
    versions = list(
        UnitVersion.objects.filter(
            UnitVersion.valid_on_q(day),
            lineage__startswith=top.lineage,
            kind_id__in=set().union(*kinds_of.values()),
        )
        .exclude(unit=unit)
        .order_by("lineage")
        .values_list("unit_id", "kind_id")
    )
    ids = [unit_id for unit_id, _kind in versions]
    names = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    reports = dict(
        (unit_id, (state, submitted_at))
        for unit_id, state, submitted_at in Report.objects.filter(
            unit_id__in=ids, period=period.code
        ).values_list("unit_id", "state", "submitted_at")
    )
    out = []
    for form in forms:
        due, kinds = deadline(form, period), kinds_of[form.pk]
        for unit_id, kind_id in versions:
            if kind_id in kinds and unit_id in names:
                status, late = _state_status(*reports.get(unit_id, (None, None)), due, today)
                out.append((unit_id, names[unit_id], status, late))
    return out


def completeness(
    *,
    unit: OrgUnit,
    form: ReportForm,
    period: Period,
    today: datetime.date | None = None,
) -> Completeness:
    """For an upper unit: every unit under it (as the tree stood at the period's end) that the form asks
    for a report, with its status and — for those to remind — its officers' usernames and e-mails."""
    today = today or timezone.localdate()
    due = deadline(form, period)
    kinds = set(form.submitter_kinds.values_list("pk", flat=True))
    day = min(period.end, today)
    top = org_selectors.version_on(unit, day)
    # The units of the form's kinds only, chosen by the database: a province has hundreds of units and a
    # form asks a few dozen (the tree as `tree_on` gives it, in tree order).
    versions = (
        list(
            UnitVersion.objects.filter(
                UnitVersion.valid_on_q(day), lineage__startswith=top.lineage, kind_id__in=kinds
            )
            .exclude(unit=unit)
            .order_by("lineage")
        )
        if top is not None
        else []
    )
    ids = [version.unit_id for version in versions]
    units = OrgUnit.objects.select_related("kind").in_bulk(ids)
    reports = {r.unit_id: r for r in Report.objects.filter(unit_id__in=ids, period=period.code)}
    rows = []
    for version in versions:
        report = reports.get(version.unit_id)
        status, late = _status(report, due, today)
        rows.append(UnitCompleteness(unit=units[version.unit_id], status=status, report=report, late=late))
    remind_ids = [row.unit.pk for row in rows if row.status in REMIND]
    by_unit: dict[int, list[dict]] = {}
    for officer in (
        Officer.objects.filter(unit_id__in=remind_ids, user__is_active=True)
        .filter(Q(role=Role.EDITOR) | Q(role=Role.APPROVER))
        .select_related("user")
        .order_by("user__username")
    ):
        by_unit.setdefault(officer.unit_id, []).append(
            {"username": officer.user.get_username(), "email": officer.user.email}
        )
    for row in rows:
        row.officers = by_unit.get(row.unit.pk, [])
    return Completeness(unit=unit, form=form, period=period, deadline=due, rows=rows)
