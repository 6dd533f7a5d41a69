"""The totals of every unit of a sub-tree for a period, in a number of queries that does not grow with it.

**From the rollups** (docs/architecture.md, "Rollups"; the default, as for `unit_stats`): a unit's total
is its own rollup row of the whole sub-tree, so two queries (`rollups.read_totals`: flows, stocks) read
the kept figures of every unit at once, and one more their members in arrears. What the rollups do not
keep (the latest direct value of a stock indicator, the figures of the registered sources) is summed from
the records as below, with `LineageFrame`.

**From the records** (rollups off, or writes not keeping them now): the stats engine (doanvu.stats) sums
a unit's records by the lineage segment of the direct child each record lies under: one GROUP BY per
source gives a unit and its children. Here the same source queries run on frames that group differently:

- `LineageFrame` groups by the whole lineage of the record's unit as it stood on the record's date: one
  row per unit that has records, which Python then adds into every unit above it (`_roll_up`). Right for
  every source where a record lies in one unit: meetings, dues, direct values, the registry's stocks and
  events, evaluations — each unit's value is the sum of its sub-tree's, as in `unit_stats`.
- `LevelFrame` groups by that lineage cut at each level of the sub-tree (a CROSS JOIN with the few
  levels): a record counts once for every unit it lay under. Used for activities, where a jointly
  organised activity counts once per unit however many of its organisers lie under it (the activity
  source keeps DISTINCT (key, activity)), and for transfers, which count in and out across each unit's
  own boundary (`_transfers`).

So `unit_totals(...)[X]` equals `unit_stats(unit=X, period=…).values` for every unit X that lay under the
root the whole time (tests compare both on both databases). A unit that lay elsewhere during the period or
its history (moved in, moved out) is computed by `unit_stats` on its own instead: there are few of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Length

from doanvu.lib import changes
from doanvu.lib.periods import Period
from doanvu.org.models import LINEAGE_STEP, OrgUnit, UnitVersion
from doanvu.stats import core as stats_core
from doanvu.stats import registry, rollups, sources
from doanvu.stats.frame import Frame
from doanvu.work.models import Indicator

from .records import prefixes

Value = Decimal | None


@dataclass(frozen=True)
class LineageFrame(Frame):
    """A Frame whose group key is the whole lineage of the record's unit (as it stood on its date)."""

    def key(self, v, day, fixed=None):
        return f"{v}.lineage", []


@dataclass(frozen=True)
class LevelFrame(Frame):
    """A Frame whose group key is the record's lineage cut at each of `levels` (lineage lengths): the
    record counts under every unit it lay under, not only under the unit's direct child."""

    levels: tuple[int, ...] = ()

    def _levels_sql(self) -> str:
        return " UNION ALL ".join(f"SELECT {int(n)} AS n" for n in self.levels or (0,))

    def key(self, v, day, fixed=None):
        return f"SUBSTR({v}.lineage, 1, lv.n)", []

    def join(self, v, unit_col, day, fixed=None):
        sql, params = super().join(v, unit_col, day, fixed)
        return f"{sql} CROSS JOIN ({self._levels_sql()}) lv", params

    def under(self, v, day, fixed=None):
        sql, params = super().under(v, day, fixed)
        return f"({sql} AND lv.n <= LENGTH({v}.lineage))", params


def _transfers(frame: LevelFrame) -> sources.Groups:
    """Accepted transfers decided in the period, in and out of each unit's own sub-tree (a transfer
    between two branches of one unit is neither for that unit): the rule of `sources.transfers`."""
    base = Frame(frame.unit, frame.period, frame.spans)
    groups: sources.Groups = {}
    if not frame.exists:
        return groups
    day = "t.decided_on"
    under_to, under_to_params = base.under("vt", day)
    under_from, under_from_params = base.under("vf", day)
    join_to, join_to_params = base.join("vt", "t.to_unit_id", day)
    join_from, join_from_params = base.join("vf", "t.from_unit_id", day)
    sql = (
        f"SELECT CASE WHEN {under_to} AND lv.n <= LENGTH(vt.lineage) THEN SUBSTR(vt.lineage, 1, lv.n) END, "
        f"CASE WHEN {under_from} AND lv.n <= LENGTH(vf.lineage) THEN SUBSTR(vf.lineage, 1, lv.n) END, COUNT(*) "
        f"FROM {sources.TRANSFER} t LEFT {join_to} LEFT {join_from} CROSS JOIN ({frame._levels_sql()}) lv "
        f"WHERE t.state = %s AND t.decided_on >= %s AND t.decided_on <= %s AND ({under_to} OR {under_from}) "
        f"GROUP BY 1, 2"
    )
    params = [
        *under_to_params,
        *under_from_params,
        *join_to_params,
        *join_from_params,
        sources.Transfer.State.ACCEPTED,
        frame.period.start,
        frame.period.end,
        *under_to_params,
        *under_from_params,
    ]
    zero = dict.fromkeys(sources.TRANSFER_EVENTS, Decimal(0))
    for to_key, from_key, n in sources._rows(sql, params):
        if to_key is not None and to_key != from_key:
            groups.setdefault(to_key, dict(zero))["members_transferred_in"] += sources._count(n)
        if from_key is not None and from_key != to_key:
            groups.setdefault(from_key, dict(zero))["members_transferred_out"] += sources._count(n)
    return groups


# ---------------------------------------------------------------------------------------------------------
# Which indicators each unit reports


def subtree_indicators(root: OrgUnit) -> list[Indicator]:
    """The indicators some unit of `root`'s sub-tree reports: the national catalogue, those of the root and
    the units above it, and those of the units under it; in the order of `indicators_for`."""
    owners = Q(owner_unit__isnull=True) | Q(owner_unit__path__in=prefixes(root.path))
    owners |= root.subtree_q("owner_unit__")
    candidates = (
        Indicator.objects.filter(is_active=True)
        .filter(owners)
        .select_related("work_area", "numerator", "denominator", "owner_unit")
    )
    # What the stats engine leaves out for the root (figures it cannot compute) is left out everywhere; the
    # indicators of the units under the root come from activities or direct entry, which it computes.
    kept = {i.pk for i in stats_core._selected(root, None)[0]}
    return [
        i
        for i in candidates
        if i.pk in kept
        or (
            i.owner_unit is not None
            and i.owner_unit.is_at_or_below(root)
            and i.source != Indicator.Source.EVALUATION
        )
    ]


def _visible(indicator: Indicator, unit: OrgUnit) -> bool:
    return indicator.owner_unit_id is None or unit.is_at_or_below(indicator.owner_unit)


def _selection(available: list[Indicator], codes: set[str] | None) -> tuple[list[Indicator], list[Indicator]]:
    """(reported, computed) as `unit_stats` picks them: the asked codes, plus the parts of their ratios."""
    if codes is None:
        return available, available
    report = [i for i in available if i.code in codes]
    by_id = {i.pk: i for i in available}
    compute = {i.pk: i for i in report}
    for indicator in report:
        if indicator.kind == Indicator.Kind.RATIO:
            for part in (indicator.numerator_id, indicator.denominator_id):
                if part in by_id:
                    compute[part] = by_id[part]
    return report, list(compute.values())


# ---------------------------------------------------------------------------------------------------------
# The totals


def window_levels(root: OrgUnit, periods: Iterable[Period]) -> tuple[int, ...]:
    """The lineage lengths of the units under `root` at some time in `periods`, from the root's own
    (its shortest then) to the deepest: the levels a LevelFrame cuts lineages at."""
    frames = [Frame.of(root, period) for period in periods]
    lineages = {span.lineage for frame in frames for span in frame.spans}
    if not lineages:
        return ()
    start = min(frame.period.start for frame in frames)
    end = max(frame.period.end for frame in frames)
    under = Q()
    for lineage in lineages:
        under |= Q(lineage__startswith=lineage)
    deepest = (
        UnitVersion.objects.filter(under, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .aggregate(n=Max(Length("lineage")))["n"]
    )
    shortest = min(len(lineage) for lineage in lineages)
    return tuple(range(shortest, max(deepest or shortest, shortest) + 1, LINEAGE_STEP))


def moved_units(root: OrgUnit, start, end) -> set[int]:
    """Ids of the units that lay under `root` at some time from `start` to `end` and elsewhere at another
    time then (moved in or out of the sub-tree): their totals are not all in the root's records."""
    versions = UnitVersion.objects.filter(valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    mine = list(versions.filter(unit=root).values_list("lineage", flat=True))
    if not mine:
        return set()
    under = Q()
    for lineage in mine:
        under |= Q(lineage__startswith=lineage)
    inside = versions.filter(under).values("unit_id")
    return set(versions.filter(unit_id__in=inside).exclude(under).values_list("unit_id", flat=True))


@dataclass
class Totals:
    values: dict[int, dict[str, Value]] = field(default_factory=dict)  # unit id → code → value


def unit_totals(
    *,
    root: OrgUnit,
    period: Period,
    units: list[OrgUnit],
    indicators: list[Indicator],
    codes: Iterable[str] | None = None,
    levels: tuple[int, ...] | None = None,
    exact: Iterable[int] | None = None,
    from_rollups: bool | None = None,
) -> Totals:
    """For each of `units` (the root and units under it), its sub-tree totals for `period` — the same as
    `unit_stats(unit=…, period=period, indicators=codes).values` — in a number of queries that does not
    grow with the units: two for the rollups, one per source of what they do not keep (or, from the
    records, one per source of figures).

    `indicators`: `subtree_indicators(root)`; `levels`: `window_levels` (computed when not given); `exact`:
    the ids of the units whose records all lay under the root (default: all but `moved_units`);
    `from_rollups`: as in `unit_stats` (default: the setting, unless writes do not keep the rollups now)."""
    wanted = set(codes) if codes is not None else None
    levels = levels if levels is not None else window_levels(root, [period])
    _report, computed = _selection(indicators, wanted)
    if exact is None:
        exact = {u.pk for u in units} - moved_units(root, period.start, period.end)
    exact = set(exact)
    if from_rollups is None:
        from_rollups = settings.DOANVU_STATS_FROM_ROLLUPS and changes.kept()
    if from_rollups:
        raw = _from_rollups(root, period, computed, levels, exact)
    else:
        raw = _from_records(root, period, computed, levels)
    out = Totals()
    owned = [i for i in indicators if i.owner_unit_id is not None]
    selections: dict[tuple[int, ...], tuple[list[Indicator], list[Indicator]]] = {}
    for unit in units:
        # Units that see the same own indicators of upper levels report the same indicators.
        seen_owned = tuple(i.pk for i in owned if _visible(i, unit))
        if seen_owned not in selections:
            available = [i for i in indicators if i.owner_unit_id is None or i.pk in seen_owned]
            selections[seen_owned] = _selection(available, wanted)
        report, computed_here = selections[seen_owned]
        if unit.pk in exact:
            out.values[unit.pk] = stats_core._values(raw.get(unit.pk, {}), computed_here, report)
        else:
            codes_here = None if wanted is None else [i.code for i in report]
            out.values[unit.pk] = stats_core.unit_stats(
                unit=unit,
                period=period,
                indicators=codes_here,
                with_children=False,
                from_rollups=from_rollups,
            ).values
    return out


def _unkept(indicator: Indicator) -> bool:
    """Whether `read_totals` leaves the indicator out (docs/architecture.md, "Rollups"): dues arrears (read
    apart, per threshold), the latest direct value of a stock indicator, the figures of the registered
    sources."""
    if indicator.source == Indicator.Source.DIRECT:
        return indicator.kind == Indicator.Kind.STOCK
    return indicator.code == "members_in_arrears" or indicator.code in registry.registered_codes()


def _from_rollups(
    root: OrgUnit, period: Period, computed: list[Indicator], levels: tuple[int, ...], exact: set[int]
) -> dict[int, dict[str, Decimal]]:
    """Each unit of `exact`'s sub-tree figures: what the rollups keep, read for all of them in one query,
    and what they do not keep summed from the records by lineage, as `_from_records` does."""
    direct_flows = {
        i.code for i in computed if i.source == Indicator.Source.DIRECT and i.kind == Indicator.Kind.FLOW
    }
    raw = rollups.read_totals(
        exact,
        period,
        codes={i.code for i in computed},
        activity_codes={i.code for i in computed if i.source == Indicator.Source.ACTIVITY},
        direct_flows=direct_flows,
    )
    unkept = [i for i in computed if _unkept(i)]
    arrears = next((i for i in unkept if i.code == "members_in_arrears"), None)
    if arrears is not None:
        kept = stats_core.arrears_totals(sorted(exact), period)
        if kept is not None:  # kept per threshold (docs/architecture.md, "Rollups")
            for pk, n in kept.items():
                raw.setdefault(pk, {})["members_in_arrears"] = n
            unkept.remove(arrears)
    if unkept and levels:
        _roll_up(raw, stats_core._compute(LineageFrame(*_frame_fields(root, period)), unkept, False), levels)
    return raw


def _from_records(
    root: OrgUnit, period: Period, computed: list[Indicator], levels: tuple[int, ...]
) -> dict[int, dict[str, Decimal]]:
    """Every unit's sub-tree figures summed from the records, one query per source of figures."""
    raw: dict[int, dict[str, Decimal]] = {}
    if not levels:
        return raw
    fields = _frame_fields(root, period)
    activity = [i for i in computed if i.source == Indicator.Source.ACTIVITY]
    transfers = [i for i in computed if i.code in sources.TRANSFER_EVENTS]
    rest = [i for i in computed if i not in activity and i not in transfers]
    own = stats_core._compute(LineageFrame(*fields), rest, False) if rest else {}
    _roll_up(raw, own, levels)
    level_frame = LevelFrame(*fields, levels=levels)
    cut = stats_core._compute(level_frame, activity, False) if activity else {}
    if transfers:
        stats_core._merge(cut, _transfers(level_frame))
    _add(raw, cut)
    return raw


def _add_values(target: dict[str, Decimal], values: dict) -> None:
    for code, value in values.items():
        if value is not None:
            target[code] = target.get(code, Decimal(0)) + value


def _add(raw: dict[int, dict[str, Decimal]], groups: dict) -> None:
    """Groups keyed by a unit's lineage (a LevelFrame's), into the values of that unit."""
    for key, values in groups.items():
        if key and not len(key) % LINEAGE_STEP:  # not TOTAL or OWN
            _add_values(raw.setdefault(int(key[-LINEAGE_STEP:], 36), {}), values)


def _roll_up(raw: dict[int, dict[str, Decimal]], groups: dict, levels: tuple[int, ...]) -> None:
    """Groups keyed by the lineage of the unit a record lies in (a LineageFrame's), into the values of
    that unit and of every unit above it down from the shallowest level."""
    for key, values in groups.items():
        if not key or len(key) % LINEAGE_STEP:
            continue
        for n in levels:
            if n > len(key):
                break
            _add_values(raw.setdefault(int(key[n - LINEAGE_STEP : n], 36), {}), values)


def _frame_fields(root: OrgUnit, period: Period) -> tuple:
    frame = Frame.of(root, period)
    return frame.unit, frame.period, frame.spans
