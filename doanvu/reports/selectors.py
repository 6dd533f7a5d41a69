"""Reads of report forms and period reports: which forms ask a unit for a report, the form's deadline, a
unit's report and its children's, who may decide on a report, the reports a user may see. Writes
(submission, approval, forms) are in workflow.py; the completeness of subunits in completeness.py.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from doanvu.accounts import scope
from doanvu.lib.periods import Period, parse
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit, UnitVersion

from .models import Report, ReportForm, ReportVersion


def _ancestor_paths(unit: OrgUnit, *, include_self: bool = True) -> list[str]:
    step = OrgUnit.steplen
    end = len(unit.path) + (step if include_self else 0)
    return [unit.path[:n] for n in range(step, end, step)]


def _day(period: Period) -> datetime.date:
    return min(period.end, timezone.localdate())


def _kind_on(unit: OrgUnit, day: datetime.date) -> int:
    version = org_selectors.version_on(unit, day)
    return version.kind_id if version else unit.kind_id


# ---------------------------------------------------------------------------------------------------------
# Report forms


def forms_for_unit(unit: OrgUnit, period: Period) -> list[ReportForm]:
    """The active forms that ask `unit` for a report of the period's kind: owned by a unit strictly above
    it and covering its kind (as it stood at the period's end). Nearest owner first."""
    kind_id = _kind_on(unit, _day(period))
    forms = ReportForm.objects.filter(
        is_active=True,
        period_kind=period.kind,
        owner_unit__path__in=_ancestor_paths(unit, include_self=False),
        submitter_kinds=kind_id,
    ).select_related("owner_unit")
    return sorted(forms, key=lambda form: -len(form.owner_unit.path))


def forms_visible_at(unit: OrgUnit) -> list[ReportForm]:
    """Forms owned by the unit or a unit above it: those that ask something of the unit's sub-tree."""
    return list(
        ReportForm.objects.filter(owner_unit__path__in=_ancestor_paths(unit))
        .select_related("owner_unit")
        .prefetch_related("submitter_kinds")
        .order_by("-is_active", "name")
    )


def deadline(form: ReportForm, period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=form.deadline_days)


def kinds_under(unit: OrgUnit, period: Period) -> set[int]:
    """The unit kinds found strictly under `unit` (as the tree stood at the period's end)."""
    day = _day(period)
    top = org_selectors.version_on(unit, day)
    if top is None:
        return set()
    # The kinds only, not the versions with their units (a province has hundreds): the dashboard asks.
    under = UnitVersion.objects.filter(UnitVersion.valid_on_q(day), lineage__startswith=top.lineage)
    return set(under.exclude(unit=unit).values_list("kind_id", flat=True).distinct())


def forms_for_subunits(unit: OrgUnit, period: Period | None = None) -> list[ReportForm]:
    """The active forms that ask something of the units under `unit`: its own, and those it inherits from
    the units above whose reporting kinds are found under it (a province's form for districts asks nothing
    of a district's sub-tree; a province's form for grassroots units does). Of the period's kind when one is
    given; the unit's own first, then the nearest owner."""
    kinds = kinds_under(unit, period) if period else None
    forms = [
        f
        for f in forms_visible_at(unit)
        if f.is_active
        and (period is None or f.period_kind == period.kind)
        and (kinds is None or kinds & {k.pk for k in f.submitter_kinds.all()})
    ]
    return sorted(forms, key=lambda f: -len(f.owner_unit.path))


def default_form(unit: OrgUnit, period: Period) -> ReportForm | None:
    """The form a completeness view shows first: an active one of the period's kind asking something of
    the units under `unit`, the unit's own first."""
    forms = forms_for_subunits(unit, period)
    return forms[0] if forms else None


def report_for(*, unit: OrgUnit, period: Period) -> Report | None:
    return Report.objects.filter(unit=unit, period=period.code).select_related("unit", "form").first()


def may_decide(user, report: Report) -> bool:
    """APPROVE at a unit strictly above the report's unit (or a site admin)."""
    if scope.is_site_admin(user):
        return True
    officer = scope.officer_of(user)
    return (
        officer is not None
        and officer.has_role(scope.APPROVE)
        and report.unit.is_at_or_below(officer.unit)
        and officer.unit.path != report.unit.path
    )


def children_status(unit: OrgUnit, period: Period) -> list[dict]:
    """The direct children of `unit` (as the tree stood at the period's end): whether a form asks them for
    this period's report, and their report's state."""
    versions = org_selectors.children_on(unit, _day(period))
    ids = [version.unit_id for version in versions]
    units = OrgUnit.objects.select_related("kind").in_bulk(ids)
    reports = {r.unit_id: r for r in Report.objects.filter(unit_id__in=ids, period=period.code)}
    out = []
    for version in versions:
        child = units[version.unit_id]
        forms = ReportForm.objects.filter(
            is_active=True,
            period_kind=period.kind,
            owner_unit__path__in=_ancestor_paths(child, include_self=False),
            submitter_kinds=version.kind_id,
        )
        child_report = reports.get(child.pk)
        out.append(
            {
                "unit": child,
                "required": forms.exists(),
                "report": child_report,
                "state": child_report.state if child_report else None,
            }
        )
    return out


def reports_in_scope(*, user, unit: OrgUnit | None = None, period: str | None = None):
    """Reports the user may see, optionally narrowed to a sub-tree and a period."""
    reports = scope.scope_filter(user, Report.objects.select_related("unit", "form"))
    if unit is not None:
        reports = reports.filter(unit.subtree_q("unit__"))
    if period:
        reports = reports.filter(period=period)
    return reports.order_by("period", "unit__path")


# ---------------------------------------------------------------------------------------------------------
# The approver's inbox and the versions of a report


def _deciding_filter(user, reports):
    """The reports among `reports` the user decides on: below the unit where the user approves (every
    report for a site admin, none for a user without the APPROVE role)."""
    if scope.is_site_admin(user):
        return reports
    officer = scope.officer_of(user)
    if officer is None or not officer.has_role(scope.APPROVE):
        return reports.none()
    return reports.filter(officer.unit.subtree_q("unit__")).exclude(unit=officer.unit)


def inbox(user) -> list[dict]:
    """Subunit reports waiting for the user's decision (sent, or sent again after a return), oldest first:
    each with its period, deadline, whether it was sent late, and how many times it has been sent."""
    waiting = _deciding_filter(
        user,
        Report.objects.filter(state=Report.State.SUBMITTED)
        .select_related("unit", "form", "submitted_by")
        .annotate(sent=Count("versions")),
    ).order_by("submitted_at", "unit__path")
    rows = []
    for report in waiting:
        period = parse(report.period)
        due = deadline(report.form, period) if report.form_id else None
        sent_on = timezone.localdate(report.submitted_at) if report.submitted_at else None
        rows.append(
            {
                "report": report,
                "period": period,
                "deadline": due,
                "late": bool(due and sent_on and sent_on > due),
                "resubmitted": report.sent > 1,
            }
        )
    return rows


def versions_of(report: Report) -> list[ReportVersion]:
    return list(report.versions.select_related("submitted_by", "decided_by").order_by("number"))
