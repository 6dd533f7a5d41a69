"""A unit's targets for a period with their progress: the value achieved over its sub-tree, summed by
unit_stats, against each target (the targets page, the API, and the evaluation that scores targets met).
The targets themselves are work records (doanvu.work.models.Target)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from doanvu.lib import periods
from doanvu.lib.vnnumbers import achievement, count, group, percent
from doanvu.org.models import OrgUnit
from doanvu.stats.core import unit_stats
from doanvu.work.models import Indicator, Target


def _figure(value: Decimal | None) -> str:
    if value is None:
        return "–"
    if value == value.to_integral_value():
        return count(int(value))
    return group(value, 2)


@dataclass
class TargetRow:
    indicator: Indicator
    target: Decimal
    value: Decimal | None
    percent: Decimal | None
    set_by_unit: OrgUnit
    handed_down: bool
    note: str

    @property
    def summary(self) -> str:
        """ "04/02, đạt 200%" — achieved over target, and the achievement."""
        done = _figure(self.value)
        if self.percent is None:
            return f"{done}/{_figure(self.target)}"
        return f"{done}/{_figure(self.target)}, đạt {percent(self.percent)}"


def target_progress(*, unit: OrgUnit, period: periods.Period | str) -> list[TargetRow]:
    """The targets of `unit` for `period`, each with the value achieved over the unit's sub-tree (from
    unit_stats) and the achievement in percent."""
    p = period if isinstance(period, periods.Period) else periods.parse(period)
    targets = list(
        Target.objects.filter(unit=unit, period=p.code)
        .select_related("indicator", "indicator__work_area", "set_by_unit")
        .order_by("indicator__work_area__order", "indicator__order", "indicator__code")
    )
    if not targets:
        return []
    stats = unit_stats(
        unit=unit, period=p, indicators=[t.indicator.code for t in targets], with_children=False
    )
    rows = []
    for t in targets:
        value = stats.values.get(t.indicator.code)
        value = Decimal(str(value)) if value is not None else None
        rows.append(
            TargetRow(
                indicator=t.indicator,
                target=t.value,
                value=value,
                percent=achievement(value, t.value) if value is not None else None,
                set_by_unit=t.set_by_unit,
                handed_down=t.set_by_unit_id != unit.pk,
                note=t.note,
            )
        )
    return rows
