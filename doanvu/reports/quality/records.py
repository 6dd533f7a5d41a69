"""What the checks read besides totals: the indicator names, the flows, an upper level's rules, the
activities of a period (their figures and dates) and the explanations already written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit

from ..models import Explanation, QualityRule
from .checks import ERROR, OUTLIER_HISTORY, OUTLIER_MIN_HISTORY, WARNING, Issue, check_record_figures


def indicator_names() -> dict[str, str]:
    from doanvu.work.models import Indicator

    return dict(Indicator.objects.values_list("code", "name"))


def flow_codes() -> list[str]:
    from doanvu.work.models import Indicator

    return list(
        Indicator.objects.filter(kind=Indicator.Kind.FLOW, is_active=True).values_list("code", flat=True)
    )


def prefixes(path: str) -> list[str]:
    """The paths of `path` and of every unit above it."""
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def rules_for(unit: OrgUnit) -> list[QualityRule]:
    """Active rules owned by the unit or any unit above it (a rule applies to its owner's sub-tree)."""
    return rules_by_unit(subtree_rules(unit), [unit])[unit.pk]


def subtree_rules(root: OrgUnit) -> list[QualityRule]:
    """The active rules that apply somewhere in `root`'s sub-tree: owned by it, a unit above it or a unit
    under it. One query."""
    owners = Q(owner_unit__path__in=prefixes(root.path)) | root.subtree_q("owner_unit__")
    return list(
        QualityRule.objects.filter(owners, is_active=True).select_related("left", "right", "owner_unit")
    )


def rules_by_unit(rules: Iterable[QualityRule], units: Iterable[OrgUnit]) -> dict[int, list[QualityRule]]:
    """For each unit, the rules among `rules` whose owner is the unit or lies above it."""
    rules = list(rules)
    return {unit.pk: [r for r in rules if unit.is_at_or_below(r.owner_unit)] for unit in units}


def record_issues(
    *, period: Period, names: Mapping[str, str], unit_ids: Iterable[int] = (), under: OrgUnit | None = None
) -> dict[int, list[Issue]]:
    """Checks on the activities that count in the period (figures and dates) led by the units of
    `unit_ids` or by any unit of `under`'s sub-tree, by lead unit. Two queries, whatever the number of
    units."""
    from doanvu.work.models import Activity, ActivityFigure

    ids = list(unit_ids)
    lead = Q(unit_id__in=ids) if ids else Q(pk__in=[])
    figures_lead = Q(activity__unit_id__in=ids) if ids else Q(pk__in=[])
    if under is not None:
        lead |= under.subtree_q("unit__")
        figures_lead |= under.subtree_q("activity__unit__")
    in_period = {"start_on__gte": period.start, "start_on__lte": period.end}
    activities = list(
        Activity.objects.filter(lead, **in_period)
        .only("pk", "title", "start_on", "end_on", "unit_id")
        .order_by("start_on", "pk")
    )
    figures: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for activity_id, code, value in ActivityFigure.objects.filter(
        figures_lead, **{f"activity__{key}": value for key, value in in_period.items()}
    ).values_list("activity_id", "indicator__code", "value"):
        figures[activity_id][code] = value
    out: dict[int, list[Issue]] = defaultdict(list)
    for activity in activities:
        out[activity.unit_id] += _activity_issues(activity, figures.get(activity.pk, {}), period, names)
    return {unit_id: issues for unit_id, issues in out.items() if issues}


def _activity_issues(activity, figures: Mapping[str, Decimal], period: Period, names) -> list[Issue]:
    pk = activity.pk
    found = []
    for issue in check_record_figures(figures, names):
        issue.key = f"activity:{pk}:{issue.key}"
        issue.message = _("Hoạt động «%(title)s» (%(day)s): %(message)s") % {
            "title": activity.title,
            "day": activity.start_on.strftime("%d/%m/%Y"),
            "message": issue.message,
        }
        found.append(issue)
    if activity.end_on < activity.start_on:
        found.append(
            Issue(
                f"activity:{pk}:dates",
                ERROR,
                _("Hoạt động «%(title)s»: ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                % {
                    "title": activity.title,
                    "end": activity.end_on.strftime("%d/%m/%Y"),
                    "start": activity.start_on.strftime("%d/%m/%Y"),
                },
            )
        )
    elif activity.end_on > period.end:
        found.append(
            Issue(
                f"activity:{pk}:dates",
                WARNING,
                _(
                    "Hoạt động «%(title)s» bắt đầu %(start)s nhưng kết thúc %(end)s, sau khi hết %(period)s; "
                    "số liệu của nó được tính cả vào kỳ này."
                )
                % {
                    "title": activity.title,
                    "start": activity.start_on.strftime("%d/%m/%Y"),
                    "end": activity.end_on.strftime("%d/%m/%Y"),
                    "period": period.label,
                },
            )
        )
    return found


def outlier_flows(flows: list[str], earlier: list[Period]) -> list[str]:
    """The flows whose outliers `earlier` can show. A year-end figure (a source whose records are all dated
    31/12, such as the evaluations) is above zero only in a period holding a 31/12, so with fewer than
    OUTLIER_MIN_HISTORY such periods before (the quarters, the months) it can never be an outlier, and its
    history is not read."""
    from doanvu.stats.registry import year_end_codes

    year_end = year_end_codes()
    holding = sum(1 for p in earlier if p.years_ending())
    if not year_end or holding >= OUTLIER_MIN_HISTORY:
        return flows
    return [code for code in flows if code not in year_end]


def history(period: Period) -> list[Period]:
    """The periods an outlier is judged against: up to OUTLIER_HISTORY previous ones of the same kind."""
    out, current = [], period
    for _i in range(OUTLIER_HISTORY):
        try:
            current = current.previous()
        except ValueError:
            break
        out.append(current)
    return out


def explanations(
    period: Period, *, unit_ids: Iterable[int] = (), under: OrgUnit | None = None
) -> dict[tuple[int, str], str]:
    """The explanations written for the period by the units of `unit_ids` or of `under`'s sub-tree."""
    ids = list(unit_ids)
    units = Q(unit_id__in=ids) if ids else Q(pk__in=[])
    if under is not None:
        units |= under.subtree_q("unit__")
    return {
        (unit_id, key): text
        for unit_id, key, text in Explanation.objects.filter(units, period=period.code).values_list(
            "unit_id", "check_key", "text"
        )
    }


def explain(unit_id: int, issues: list[Issue], explained: Mapping[tuple[int, str], str]) -> None:
    for issue in issues:
        if not issue.is_error:
            issue.explanation = explained.get((unit_id, issue.key), "")
