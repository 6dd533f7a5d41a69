"""Summing up the tree: every indicator of a unit's sub-tree for a period, with the breakdown by direct child.

The rules (docs/domain.md, "Stocks, flows and ratios"; docs/architecture.md, "From a record to a report"):

- The sub-tree is the tree **as it stood** in the period: a dated record counts under the unit its branch
  stood under on the record's date (see frame.py). A child that moved out, or merged, mid-period appears
  with what it did while it was a child; a unit that moved in appears with what it did after.
- **Flow** indicators are summed over the period's dates and up the tree. **Stock** indicators are the value
  on the period's last day, never summed over time (a year's members are December's). **Ratio**
  indicators are recomputed at every level from the sums of their numerator and denominator × scale,
  never averaged; None on 0/0.
- A jointly organised activity is one activity: each organiser's own figures show it, a unit above them
  counts it once. So for activity figures value(parent) = own(parent) + Σ value(children) only when no
  activity is shared between children (or between the parent and a child); otherwise the parent's value
  is smaller. Transfers in/out are counted across the sub-tree's boundary, so they do not add up either.
  Every other flow and stock adds up exactly.
- `branches` counts units of kind chi đoàn or chi đoàn cơ sở (org.selectors.BRANCH_KINDS; not phân đoàn,
  tổ đoàn); `grassroots_units` those whose kind is_grassroots (đoàn cơ sở, chi đoàn cơ sở).
- `members_in_arrears` applies the dues module's rule (doanvu.work.arrears.unpaid_months_sql) on the period's
  last day, or today if the period has not ended: read from the rollups (rollup_arrears.py), or summed from
  the records in one grouped query.
- Indicators of source "evaluation" come from the sources the apps above register (registry.py: evaluation
  registers decided member evaluations by level and training registrations, both counted on 31/12 of
  their year); one no registered source computes is left out of `values`. A registry, meeting or dues
  indicator this module does not know (an upper level's own) is None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from doanvu.lib import changes, request_memo
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit, UnitVersion, lineage_segment
from doanvu.stats import registry, rollups, sources
from doanvu.stats.frame import (
    OWN,
    TOTAL,
    Frame,
)
from doanvu.work.models import Indicator

Value = Decimal | None

RATIO_PLACES = Decimal("0.1")
ZERO = Decimal(0)


@dataclass
class UnitStats:
    unit: OrgUnit
    period: Period
    values: dict[str, Value] = field(default_factory=dict)
    # The unit's own records only (not its children's). Empty for the entries of `children`.
    own: dict[str, Value] = field(default_factory=dict)
    children: list[UnitStats] = field(default_factory=list)
    # The unit's name as it stood in the period (its latest version in it).
    name: str = ""


def indicators_for(unit: OrgUnit) -> QuerySet[Indicator]:
    """The indicators of `unit`: the national catalogue and those added by the unit or a unit above it."""
    step = OrgUnit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return (
        Indicator.objects.filter(is_active=True)
        # The owners by their ids (a lookup of the paths' index), not a join with every unit of the tree.
        .filter(Q(owner_unit__isnull=True) | Q(owner_unit__in=OrgUnit.objects.filter(path__in=paths)))
        .select_related("work_area")
    )


def catalogue(unit: OrgUnit) -> list[Indicator]:
    """`indicators_for(unit)` as a list, read once per page: a report reads several periods of the same
    unit, and lists the catalogue besides."""
    return request_memo.remember(("indicators", unit.path), lambda: list(indicators_for(unit)))


def _selected(unit: OrgUnit, codes: list[str] | None) -> tuple[list[Indicator], list[Indicator]]:
    """(indicators to report, indicators to compute: those plus the parts of ratios)."""
    registered = registry.registered_codes()
    available = [
        i for i in catalogue(unit) if i.source != Indicator.Source.EVALUATION or i.code in registered
    ]
    if codes is None:
        return available, available
    wanted = set(codes)
    report = [i for i in available if i.code in wanted]
    by_id = {i.pk: i for i in available}
    compute = {i.pk: i for i in report}
    for indicator in report:
        if indicator.kind == Indicator.Kind.RATIO:
            for part in (indicator.numerator_id, indicator.denominator_id):
                if part in by_id:
                    compute[part] = by_id[part]
    return report, list(compute.values())


def _merge(into: dict[str, dict[str, Value]], groups: dict[str, dict[str, Decimal]]) -> None:
    for key, values in groups.items():
        into.setdefault(key, {}).update(values)


def _compute(frame: Frame, indicators: list[Indicator], from_rollups: bool) -> dict[str, dict[str, Value]]:
    """{group key: {code: value}} for every group that has records, TOTAL always."""
    codes = {i.code for i in indicators}
    by_source: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_source.setdefault(indicator.source, []).append(indicator)
    out: dict[str, dict[str, Value]] = {TOTAL: {}}
    if from_rollups:
        activity = by_source.get(Indicator.Source.ACTIVITY, [])
        direct = by_source.get(Indicator.Source.DIRECT, [])
        # Members in arrears are read in the same query as the rest when the rollups answer them.
        arrears = _arrears_read_at(frame) if rollups.ARREARS in codes else None
        _merge(
            out,
            rollups.read(
                frame,
                codes=codes,
                activity_codes={i.code for i in activity},
                direct_flows={i.code for i in direct if i.kind == Indicator.Kind.FLOW},
                arrears=arrears,
            ),
        )
        stocks = {i.pk: i.code for i in direct if i.kind == Indicator.Kind.STOCK}
        if stocks:
            _merge(out, sources.direct_values(frame, {}, stocks))
        _compute_unkept(frame, codes - {rollups.ARREARS} if arrears else codes, out, from_rollups=True)
        return out

    activity = by_source.get(Indicator.Source.ACTIVITY, [])
    if activity:
        ids = {i.pk: i.code for i in activity}
        sessions = next((i.pk for i in activity if i.code == sources.SESSIONS), None)
        _merge(out, sources.activity_figures(frame, ids, sessions))

    direct = by_source.get(Indicator.Source.DIRECT, [])
    if direct:
        flows = {i.pk: i.code for i in direct if i.kind == Indicator.Kind.FLOW}
        stocks = {i.pk: i.code for i in direct if i.kind == Indicator.Kind.STOCK}
        _merge(out, sources.direct_values(frame, flows, stocks))

    if codes & set(sources.MEETING_FLOWS):
        _merge(out, sources.meetings(frame))
    if codes & set(sources.DUES_FLOWS):
        _merge(out, sources.dues(frame))
    if codes & set(sources.MEMBER_STOCKS):
        _merge(out, sources.member_stocks(frame))
    if codes & set(sources.UNIT_STOCKS):
        _merge(out, sources.unit_stocks(frame))
    events = codes & (set(sources.DATE_EVENTS) | set(sources.STATUS_EVENTS))
    if events:
        _merge(out, sources.member_events(frame, events))
    if codes & set(sources.TRANSFER_EVENTS):
        _merge(out, sources.transfers(frame))
    _compute_unkept(frame, codes, out, from_rollups=False)
    return out


def _threshold() -> int | None:
    """The dues module's arrears threshold, None when the module is not installed."""
    try:
        from doanvu.work.arrears import arrears_threshold
    except ImportError:
        return None
    return arrears_threshold()


def _arrears_read_at(frame: Frame) -> tuple[str, int] | None:
    """The rollup code and month `rollups.read` reads members in arrears at for the frame, or None when
    `_arrears` decides (no dues module, a threshold the rollups do not keep, the unit absent that day)."""
    threshold = _threshold()
    if threshold is None:
        return None
    return rollups.arrears_code(frame, min(frame.period.end, timezone.localdate()), threshold)


def _arrears(frame: Frame, from_rollups: bool) -> dict[str, dict[str, Decimal]]:
    """Members in arrears on the period's last day, or today if it has not ended: from the rollups for a
    threshold of 1 to 12 months (rollup_arrears.py), else from the records."""
    threshold = _threshold()
    if threshold is None:  # the dues module is not installed: the indicator stays undefined
        return {}
    if from_rollups and threshold >= 1:
        day = min(frame.period.end, timezone.localdate())
        return rollups.read_arrears(frame, day, threshold)
    return sources.arrears(frame)


def arrears_totals(unit_ids: list[int], period: Period) -> dict[int, Decimal] | None:
    """Members in arrears of each unit's sub-tree in the period, from the rollups in one query (what
    `_arrears` reads for each from them), or None when they cannot answer (a threshold under one month)."""
    try:
        from doanvu.work.arrears import arrears_threshold
    except ImportError:
        return None
    threshold = arrears_threshold()
    if threshold < 1:
        return None
    return rollups.read_arrears_totals(unit_ids, min(period.end, timezone.localdate()), threshold)


def _compute_unkept(
    frame: Frame, codes: set[str], out: dict[str, dict[str, Value]], *, from_rollups: bool
) -> None:
    """Dues arrears (kept in the rollups as stocks per threshold, read apart: a rule over the months
    before a day) and the figures of the registered sources (not kept)."""
    if "members_in_arrears" in codes:
        _merge(out, _arrears(frame, from_rollups))
    for source in registry.registered():
        if codes & source.codes:
            _merge(out, source.figures(frame, codes))


def _known(indicator: Indicator) -> bool:
    """Whether this module computes the indicator (else its value is None)."""
    if indicator.source in (Indicator.Source.ACTIVITY, Indicator.Source.DIRECT):
        return indicator.kind != Indicator.Kind.RATIO
    return indicator.code in sources.KNOWN_CODES or indicator.code in registry.registered_codes()


def _ratio(numerator: Value, denominator: Value, scale: int) -> Value:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (numerator * scale / denominator).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def _normal(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


class _Valuer:
    """Turns a group's raw sums into the values of the report's indicators (ratios recomputed from their
    parts), with what depends only on the indicators worked out once for every group."""

    def __init__(self, computed: list[Indicator], report: list[Indicator]) -> None:
        self.base = [(i.code, _known(i)) for i in computed if i.kind != Indicator.Kind.RATIO]
        by_id = {i.pk: i for i in computed}
        self.out: list[tuple[str, str | None, str | None, int | None]] = []
        for indicator in report:
            if indicator.kind == Indicator.Kind.RATIO:
                num, den = by_id.get(indicator.numerator_id), by_id.get(indicator.denominator_id)
                self.out.append(
                    (indicator.code, num.code if num else None, den.code if den else None, indicator.scale)
                )
            else:
                self.out.append((indicator.code, None, None, None))

    def __call__(self, raw: dict[str, Value]) -> dict[str, Value]:
        # Most of a child's figures are nought: one shared Decimal(0), not one made and normalised each.
        base: dict[str, Value] = {}
        for code, known in self.base:
            value = raw.get(code) if known else None
            base[code] = (_normal(value) if value else ZERO) if known else None
        out: dict[str, Value] = {}
        for code, num, den, scale in self.out:
            if scale is None:
                out[code] = base[code]
            else:
                out[code] = _ratio(base.get(num) if num else None, base.get(den) if den else None, scale)
        return out


def _values(raw: dict[str, Value], computed: list[Indicator], report: list[Indicator]) -> dict[str, Value]:
    return _Valuer(computed, report)(raw)


def _children(frame: Frame) -> list[tuple[OrgUnit, str]]:
    """The units that hung directly under the unit at some time in the period (or under a unit merged
    into it, before the merge), with their name then."""
    period = frame.period
    versions = (
        UnitVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=period.start),
            parent_id__in=[frame.unit.pk, *frame.inherited_units],
            valid_from__lte=period.end,
        )
        .select_related("unit")
        .order_by("unit__path", "valid_from")
    )
    seen: dict[int, tuple[OrgUnit, str]] = {}
    for version in versions:
        seen[version.unit_id] = (version.unit, version.name)  # the latest version's name wins
    return list(seen.values())


def _name_in(frame: Frame) -> str:
    """The unit's name in its latest version in the period (read with the frame's versions)."""
    return (frame.spans and frame.name) or frame.unit.name


def unit_stats(
    *,
    unit: OrgUnit,
    period: Period,
    indicators: list[str] | None = None,
    with_children: bool = True,
    from_rollups: bool | None = None,
) -> UnitStats:
    """Every indicator (or those of `indicators`) over `unit`'s sub-tree as it stood in `period`, the
    unit's own records, and (with_children) one entry per direct child with its sub-tree's values."""
    report, computed = _selected(unit, indicators)
    frame = Frame.of(unit, period)
    if from_rollups is None:
        from_rollups = settings.DOANVU_STATS_FROM_ROLLUPS and changes.kept()
    groups = _compute(frame, computed, from_rollups and not frame.nested)
    values = _Valuer(computed, report)
    stats = UnitStats(
        unit=unit,
        period=period,
        values=values(groups.get(TOTAL, {})),
        own=values(groups.get(OWN, {})),
        name=_name_in(frame),
    )
    if with_children:
        for child, name in _children(frame):
            raw = groups.get(lineage_segment(child.pk), {})
            stats.children.append(UnitStats(unit=child, period=period, values=values(raw), name=name))
    return stats


def stock_series(*, unit: OrgUnit, months: list[Period], indicators: list[str]) -> list[dict[str, Value]]:
    """For each of `months` (consecutive), what `unit_stats(unit=unit, period=month, indicators=indicators,
    with_children=False).values` gives, for stock indicators the rollups keep (members, branches…): the
    unit's rows read once for all the months (rollups.read_stock_months), each month the sum up to it.
    A month the rollups cannot answer (a unit that lay under one merged into it) is read on its own."""
    codes = set(indicators)
    if not months or not codes <= rollups.STOCK_CODES:
        raise ValueError("stock_series reads stock indicators the rollups keep")
    if not (settings.DOANVU_STATS_FROM_ROLLUPS and changes.kept()):
        return [
            unit_stats(unit=unit, period=m, indicators=indicators, with_children=False).values for m in months
        ]
    report, computed = _selected(unit, indicators)
    frames = Frame.of_months(unit, months)
    running = rollups.read_stock_months(frames, sorted(codes))
    out = []
    for frame, raw in zip(frames, running, strict=True):
        if frame.nested:
            out.append(
                unit_stats(unit=unit, period=frame.period, indicators=indicators, with_children=False).values
            )
        else:
            out.append(_values(raw, computed, report))
    return out


def flow_history(*, unit: OrgUnit, periods: list[Period], indicators: list[str]) -> list[dict[str, Value]]:
    """For each of `periods`, what `unit_stats(unit=unit, period=p, indicators=indicators,
    with_children=False).values` gives, for flow indicators (a data-quality check's earlier periods): the
    unit's versions read once and the rollups' rows of all the periods' months in one query. A period the
    rollups cannot answer (a unit that lay under one merged into it) is read on its own."""
    if not periods:
        return []
    report, computed = _selected(unit, indicators)
    if any(i.kind != Indicator.Kind.FLOW for i in computed):
        raise ValueError("flow_history reads flow indicators")
    if not (settings.DOANVU_STATS_FROM_ROLLUPS and changes.kept()):
        return [
            unit_stats(unit=unit, period=p, indicators=indicators, with_children=False).values
            for p in periods
        ]
    codes = {i.code for i in computed}
    by_source: dict[str, set[str]] = {}
    for indicator in computed:
        by_source.setdefault(indicator.source, set()).add(indicator.code)
    frames = Frame.of_months(unit, periods)
    read = rollups.read_flow_totals(
        frames,
        codes=codes,
        activity_codes=by_source.get(Indicator.Source.ACTIVITY, set()),
        direct_flows=by_source.get(Indicator.Source.DIRECT, set()),
    )
    values = _Valuer(computed, report)
    out = []
    for frame, raw in zip(frames, read, strict=True):
        if frame.nested:
            out.append(
                unit_stats(unit=unit, period=frame.period, indicators=indicators, with_children=False).values
            )
            continue
        groups: dict[str, dict[str, Value]] = {TOTAL: dict(raw)}
        _compute_unkept(frame, codes, groups, from_rollups=True)
        out.append(values(groups[TOTAL]))
    return out


def answered(frame: Frame, from_rollups: bool | None) -> bool:
    """Whether the rollups answer the frame (kept current, and no unit of it lay under one merged into it;
    `from_rollups` False: never)."""
    if from_rollups is None:
        from_rollups = settings.DOANVU_STATS_FROM_ROLLUPS and changes.kept()
    return from_rollups and not frame.nested


def shared_activities(*, unit: OrgUnit, period: Period, from_rollups: bool | None = None) -> int:
    """How many activities of the period two or more rows of the unit's table show (organised jointly by
    several direct children, or by a child and the unit itself): the sub-tree counts each once, so the
    activity figures of the rows add up to more than the unit's total."""
    frame = Frame.of(unit, period)
    if answered(frame, from_rollups):
        return rollups.read_shared(frame)
    return sources.shared_activities(frame)


def _json_number(value: Value):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def stats_json(stats: UnitStats) -> dict:
    """The JSON form of `doanvu stats` and of the API: numbers are int when whole, else float."""
    return {
        "unit": stats.unit.code,
        "name": stats.name or stats.unit.name,
        "period": stats.period.code,
        "values": {code: _json_number(value) for code, value in stats.values.items()},
        "children": [
            {
                "unit": child.unit.code,
                "name": child.name or child.unit.name,
                "values": {code: _json_number(value) for code, value in child.values.items()},
            }
            for child in stats.children
        ],
    }
