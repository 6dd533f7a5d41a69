"""Reads of data quality: a unit's own issues (what its submission is checked against) and the issues of
every unit of its sub-tree (its data-quality page and dashboard).

- `unit_issues(unit=, period=)`: the unit's own issues — the checks on its totals (the figures its report
  states: its sub-tree totals from `unit_stats`) and on the activities it leads, so each problem is shown
  where it can be fixed.
- `quality_overview(unit=, period=)` (and `subtree_issues`, its list): the same checks for every unit of
  the sub-tree as it stood in the period. The totals of all of them come from `subtree.unit_totals`, for
  the period and for each period of the outlier history: two queries of the rollups each, and one per
  source of what they do not keep, whatever the size of the sub-tree; the activities of the whole sub-tree
  are two queries. For each unit the page shows what its own `unit_issues` finds (tests compare both).

Errors block submission. Warnings need a written Explanation (per unit, period and check key).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from doanvu.lib.periods import Period
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit, UnitVersion

from .checks import ERROR, WARNING, Issue, UnitIssues, check_values, outlier_issues, rule_issues
from .records import (
    explain,
    explanations,
    flow_codes,
    history,
    indicator_names,
    outlier_flows,
    record_issues,
    rules_by_unit,
    rules_for,
    subtree_rules,
)
from .subtree import moved_units, subtree_indicators, unit_totals, window_levels


def _check_totals(values, past, rules, names, flows, ended) -> tuple[list[Issue], list[Issue]]:
    """(issues on the totals, outliers): outliers come last on the page, after the activities."""
    issues = check_values(values, names) + rule_issues(rules, values)
    return issues, outlier_issues(values, past, codes=flows, names=names, period_ended=ended)


def _check_unit(
    unit: OrgUnit, period: Period, names: Mapping[str, str], flows: list[str], values: Mapping | None = None
) -> list[Issue]:
    """The unit's own issues: its totals, then its own activities (those it leads), then its outliers.
    `values`: the unit's totals when the caller has them already (unit_stats(...).values)."""
    from doanvu.stats import flow_history, unit_stats

    if values is None:
        values = unit_stats(unit=unit, period=period, with_children=False).values
    earlier = history(period)
    flows = outlier_flows(flows, earlier)
    past = flow_history(unit=unit, periods=earlier, indicators=flows)
    ended = period.end < timezone.localdate()
    totals, outliers = _check_totals(values, past, rules_for(unit), names, flows, ended)
    return totals + record_issues(period=period, names=names, unit_ids=[unit.pk]).get(unit.pk, []) + outliers


def unit_issues(*, unit: OrgUnit, period: Period, values: Mapping | None = None) -> UnitIssues:
    """The unit's own issues for the period — the checks on its totals and on the activities it leads —
    with the explanations already written. This is what its submission is checked against. `values`: the
    unit's totals for the period when the caller has computed them (the work report has)."""
    issues = _check_unit(unit, period, indicator_names(), flow_codes(), values)
    explain(unit.pk, issues, explanations(period, unit_ids=[unit.pk]))
    return UnitIssues(unit=unit, issues=issues, totals_checked=True)


def subtree_units(unit: OrgUnit, period: Period) -> list[OrgUnit]:
    """The unit and every unit under it as the tree stood at the period's end (today, for a period still
    running), in tree order."""
    day = min(period.end, timezone.localdate())
    versions = org_selectors.tree_on(unit, day)
    if not versions:
        return [unit]
    ids = [version.unit_id for version in versions]
    by_id = OrgUnit.objects.select_related("kind").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def period_units(unit: OrgUnit, period: Period) -> list[OrgUnit]:
    """The unit and every unit that lay under it at some time in the period (up to today for a period
    still running): those open at its end, and those closed or moved away during it, whose records the
    unit's totals hold. In tree order, each where it last stood in the period. Three queries."""
    ids = period_unit_ids(unit, period)
    by_id = OrgUnit.objects.select_related("kind").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def period_unit_ids(unit: OrgUnit, period: Period) -> list[int]:
    """The ids of `period_units`, in the same order, without loading the units. Two queries."""
    end = max(min(period.end, timezone.localdate()), period.start)
    overlap = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))
    mine = list(UnitVersion.objects.filter(overlap, unit=unit).values_list("lineage", flat=True))
    if not mine:
        return [unit.pk]
    under = Q()
    for lineage in mine:
        under |= Q(lineage__startswith=lineage)
    last: dict[int, tuple] = {}
    for unit_id, lineage, valid_from in UnitVersion.objects.filter(overlap, under).values_list(
        "unit_id", "lineage", "valid_from"
    ):
        if unit_id not in last or valid_from > last[unit_id][1]:
            last[unit_id] = (lineage, valid_from)
    ids = sorted(last, key=lambda pk: last[pk][0])
    return ids if unit.pk in last else [unit.pk, *ids]


@dataclass
class Overview:
    """What a unit's data-quality page shows (see `quality_overview`)."""

    unit: OrgUnit
    found: list[UnitIssues]  # units with an issue, top first, in tree order
    children: list[OrgUnit]  # the direct children (each has its own page)
    units: int  # units of the sub-tree checked
    kinds: dict[str, str] = field(default_factory=dict)  # kind code → name, of the units checked


def quality_overview(
    *, unit: OrgUnit, period: Period, only_with_issues: bool = True, units: list[OrgUnit] | None = None
) -> Overview:
    """The checks of `unit_issues` for every unit of the sub-tree in the period (`period_units`): the totals
    (X ≤ Y, ≤ 100%, rules, outliers) and the activities each unit leads, in a number of queries that does not
    grow with the sub-tree. `units`: check only these units of `period_units` (the stored counts that are
    no longer valid, docs/architecture.md, "Data-quality counts"), in the same number of queries."""
    names, earlier = indicator_names(), history(period)
    flows = outlier_flows(flow_codes(), earlier)
    some = units is not None
    units = units if some else period_units(unit, period)
    ids = {u.pk for u in units}
    indicators = subtree_indicators(unit)
    levels = window_levels(unit, [period, *earlier])
    start = min(p.start for p in [period, *earlier])
    exact = ids - moved_units(unit, start, period.end)
    common = {"root": unit, "units": units, "indicators": indicators, "levels": levels, "exact": exact}
    current = unit_totals(period=period, **common).values
    past = [unit_totals(period=p, codes=flows, **common).values for p in earlier]
    rules = rules_by_unit(subtree_rules(unit), units)
    outside = [u.pk for u in units if not u.is_at_or_below(unit)]
    for moved_away in (u for u in units if u.pk in outside):  # under other units' rules now: few
        rules[moved_away.pk] = rules_for(moved_away)
    if some:  # only these units' activities and explanations
        records = record_issues(period=period, names=names, unit_ids=ids)
        explained = explanations(period, unit_ids=ids)
    else:
        records = record_issues(period=period, names=names, unit_ids=outside, under=unit)
        explained = explanations(period, unit_ids=outside, under=unit)
    ended = period.end < timezone.localdate()
    children = [u for u in units if u.depth == unit.depth + 1 and u.is_at_or_below(unit)]
    child_ids = {c.pk for c in children}
    found = []
    for member in units:
        values = current[member.pk]
        totals, outliers = _check_totals(
            values, [p[member.pk] for p in past], rules[member.pk], names, flows, ended
        )
        issues = totals + records.get(member.pk, []) + outliers
        explain(member.pk, issues, explained)
        if issues or not only_with_issues:
            found.append(
                UnitIssues(unit=member, issues=issues, totals_checked=True, is_child=member.pk in child_ids)
            )
    kinds = {u.kind.code: u.kind.name for u in sorted(units, key=lambda u: (u.kind.rank, u.kind.code))}
    return Overview(unit=unit, found=found, children=children, units=len(units), kinds=kinds)


def subtree_issues(*, unit: OrgUnit, period: Period, only_with_issues: bool = True) -> list[UnitIssues]:
    """The issues of `quality_overview`: every unit of the sub-tree, by unit, top first."""
    return quality_overview(unit=unit, period=period, only_with_issues=only_with_issues).found


def issue_counts(found: Iterable[UnitIssues]) -> dict[str, int]:
    """errors / open warnings / explained warnings / units with an open issue."""
    counts = {"errors": 0, "open_warnings": 0, "explained": 0, "units": 0}
    for unit_issues_ in found:
        counts["errors"] += len(unit_issues_.errors)
        counts["open_warnings"] += len(unit_issues_.open_warnings)
        counts["explained"] += len(unit_issues_.warnings) - len(unit_issues_.open_warnings)
        if unit_issues_.errors or unit_issues_.open_warnings:
            counts["units"] += 1
    return counts


SEVERITIES = (ERROR, WARNING)


def filter_issues(
    found: Iterable[UnitIssues], *, severity: str = "", kind: str = "", open_only: bool = False
) -> list[UnitIssues]:
    """The units and issues a page shows under its filters: one severity (ERROR or WARNING), units of one
    kind (a UnitKind code), only open issues (errors and warnings not yet explained). Units left without
    an issue are dropped."""
    out = []
    for entry in found:
        if kind and entry.unit.kind.code != kind:
            continue
        issues = [
            issue
            for issue in entry.issues
            if (not severity or issue.severity == severity) and (not open_only or issue.is_open)
        ]
        if issues:
            out.append(
                UnitIssues(
                    unit=entry.unit,
                    issues=issues,
                    totals_checked=entry.totals_checked,
                    is_child=entry.is_child,
                )
            )
    return out
