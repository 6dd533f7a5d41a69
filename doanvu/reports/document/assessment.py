"""The figures the drafted assessment, direction and proposals rest on (prose/assessment.py writes them):
targets met and missed, figures against the same period of last year, meetings and dues arrears,
subunits late or not reporting (reports.completeness), open data-quality warnings (reports.quality), the
unit's classification (reports.providers), the targets set for the next period and the movements of the
period. docs/domain.md, "The official form", says where each sentence comes from.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

from doanvu import stats as stats_api
from doanvu.lib import periods
from doanvu.lib.periods import Period
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit
from doanvu.reports.models import ReportForm
from doanvu.work.models import Indicator, Target

from .prose.assessment import AssessmentFigures, Figure

# The figures compared with the same period of last year, in the order the sentences name them.
COMPARED = (
    "members",
    "members_admitted",
    "activities",
    "participations",
    "funds_vnd",
    "outstanding_introduced",
    "party_admitted",
    "blood_units",
    "youth_projects",
)
MOVEMENTS_NAMED = 3


def same_period_last_year(period: Period) -> Period:
    if period.kind in ("school_year", "term"):
        return period.previous()
    year = str(period.start.year)
    return periods.parse(period.code.replace(year, str(period.start.year - 1), 1))


def next_period(period: Period) -> Period:
    """The period the direction is for: the next one of the same kind (the last quarter after nine months)."""
    after = period.end + datetime.timedelta(days=1)
    if period.kind == "school_year":
        return periods.school_year(period.start.year + 1)
    if period.kind == "term":
        length = period.end.year - period.start.year + 1
        return periods.term(after.year, after.year + length - 1)
    if period.kind == "nine_months":
        return periods.for_date("quarter", after)
    return periods.for_date(period.kind, after)


def _changes(
    unit: OrgUnit, period: Period, values: Mapping, indicators: Mapping[str, Indicator]
) -> list[Figure]:
    codes = [code for code in COMPARED if code in indicators and values.get(code) is not None]
    if not codes:
        return []
    before = stats_api.unit_stats(
        unit=unit, period=same_period_last_year(period), indicators=codes, with_children=False
    ).values
    return [
        Figure(indicators[c].name, indicators[c].unit_label, values[c], before.get(c))
        for c in codes
        if before.get(c) is not None
    ]


def _reporting(unit: OrgUnit, period: Period) -> tuple[int, list[str], list[str]]:
    """(subunits asked for the period's report, names of those late, names of those not reported) over the
    active report forms of the period's kind owned by the unit or a unit above it."""
    from doanvu.reports.completeness import Status, subunit_statuses

    owners = [unit.pk, *(a.pk for a in org_selectors.ancestors(unit))]
    forms = list(
        ReportForm.objects.filter(
            owner_unit_id__in=owners, period_kind=period.kind, is_active=True
        ).prefetch_related("submitter_kinds")
    )
    today = timezone.localdate()
    asked, late, missing = {}, {}, {}
    for unit_id, name, status, was_late in subunit_statuses(
        unit=unit, forms=forms, period=period, today=today
    ):
        asked[unit_id] = name
        if was_late:
            late[unit_id] = name
        elif status in (Status.MISSING, Status.RETURNED) and today > period.end:
            missing[unit_id] = name
    return len(asked), list(late.values()), [n for pk, n in missing.items() if pk not in late]


def _open_warnings(unit: OrgUnit, period: Period, values: Mapping) -> list[str]:
    """What the unit's own data-quality issues of the period still open say (an error not fixed, a warning
    not explained), as its submission is checked."""
    from doanvu.reports.quality.counts import open_issues

    # Read from the unit's kept count when it is valid and shows nothing open (docs/architecture.md,
    # "Data-quality counts"); else checked, and the count kept.
    return [issue.message for issue in open_issues(unit=unit, period=period, values=values)]


def assessment_figures(
    *,
    unit: OrgUnit,
    period: Period,
    values: Mapping,
    indicators: list[Indicator],
    targets: Mapping[str, Decimal],
    movements: list[str],
    top_area: tuple[str, object, object] | None,
    classification: list[str],
    above: str,
    party_committee: str,
) -> AssessmentFigures:
    by_code = {i.code: i for i in indicators}
    following = next_period(period)
    next_targets = [
        Figure(t.indicator.name, t.indicator.unit_label, None, t.value)
        for t in Target.objects.filter(unit=unit, period=following.code)
        .select_related("indicator")
        .order_by("indicator__work_area__order", "indicator__order", "indicator__code")
    ]
    subunits, late, missing = (0, [], []) if unit.kind.is_branch else _reporting(unit, period)
    upcoming = _upcoming_movements(unit, following)
    return AssessmentFigures(
        unit_name=unit.name,
        period_label=period.label,
        next_label=following.label,
        committee="Ban Thường vụ" if _standing(unit) else "Ban Chấp hành",
        above=above,
        party_committee=party_committee,
        annual=period.kind in ("year", "term", "school_year"),
        branch=unit.kind.is_branch,
        targets=[
            Figure(by_code[c].name, by_code[c].unit_label, values.get(c) or 0, t)
            for c, t in targets.items()
            if c in by_code
        ],
        changes=_changes(unit, period, values, by_code),
        next_targets=next_targets,
        members=values.get("members"),
        in_arrears=values.get("members_in_arrears"),
        meetings_held=values.get("meetings_held"),
        attendance_pct=values.get("meeting_attendance_pct"),
        attendances=values.get("meeting_attendances"),
        expected=values.get("meeting_expected"),
        subunits=subunits,
        late=late,
        missing=missing,
        open_warnings=len(warnings := _open_warnings(unit, period, values)),
        warnings=warnings,
        classification=classification,
        movements=[m for m in movements if m not in upcoming][:MOVEMENTS_NAMED],
        upcoming=upcoming,
        top_area=top_area,
    )


def _upcoming_movements(unit: OrgUnit, following: Period) -> list[str]:
    """The movements and campaigns of the activities already on the calendar of the next period under the
    unit (recorded with a date in it), the busiest first, near the unit first (docs/domain.md, "The
    report's highlights"): what the direction names as planned."""
    from .activities import movement_counts

    counts = movement_counts(unit, following, wanted=MOVEMENTS_NAMED)
    return [name for name, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][
        :MOVEMENTS_NAMED
    ]


def _standing(unit: OrgUnit) -> bool:
    from doanvu.documents.official import has_standing_committee

    return has_standing_committee(unit.kind.code)


def party_committee_of(unit: OrgUnit, period: Period, edits: Mapping) -> str:
    """The Party committee at the unit's level as the officer wrote it on this report, else on the unit's
    latest earlier report that names it ("" when never written)."""
    from doanvu.reports.models import Report

    own = str(edits.get("party_committee") or "").strip()
    if own:
        return own
    for sections in (
        Report.objects.filter(unit=unit)
        .exclude(period=period.code)
        .order_by("-updated")
        .values_list("sections", flat=True)
    ):
        text = str((sections or {}).get("party_committee") or "").strip()
        if text:
            return text
    return ""


def theme_of(unit: OrgUnit, period: Period, edits: Mapping) -> str:
    """The year's theme as written on this report, else on the report of the same period of the nearest
    unit above that wrote one (a province's theme reaches its districts and branches)."""
    from doanvu.reports.models import Report

    own = str(edits.get("theme") or "").strip()
    if own:
        return own
    units_above = org_selectors.ancestors(unit)
    above = {
        unit_id: str((sections or {}).get("theme") or "").strip()
        for unit_id, sections in Report.objects.filter(
            unit_id__in=[a.pk for a in units_above], period=period.code
        ).values_list("unit_id", "sections")
    }
    for ancestor in reversed(units_above):
        if above.get(ancestor.pk):
            return above[ancestor.pk]
    return ""
