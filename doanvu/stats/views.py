"""The stats page: a unit's indicators for a period, by work area, as [total, own, each child]."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.lib import periods, vnnumbers
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.stats.core import (
    UnitStats,
    catalogue,
    unit_stats,
)
from doanvu.work.models import Indicator


@dataclass
class Row:
    indicator: Indicator
    cells: list[str]


@dataclass
class Section:
    name: str
    rows: list[Row]


def fmt(indicator: Indicator, value: Decimal | None) -> str:
    """A figure as a statistics table writes it: 2.145, 1.500.000,5, 66,7%; "–" when undefined."""
    if value is None:
        return "–"
    if indicator.kind == Indicator.Kind.RATIO:
        return vnnumbers.percent(value) if indicator.scale == 100 else vnnumbers.group(value, 1)
    return vnnumbers.group(value, 0 if value == value.to_integral_value() else 2)


def stats_table(result: UnitStats) -> list[Section]:
    """The unit's indicators grouped by work area in report order (figures common to every area first)."""
    indicators = [i for i in catalogue(result.unit) if i.code in result.values]
    indicators.sort(key=lambda i: (i.work_area.order if i.work_area else 0, i.order, i.code))
    columns = [result.values, result.own, *(child.values for child in result.children)]
    sections: list[Section] = []
    for indicator in indicators:
        name = indicator.work_area.name if indicator.work_area else _("Số liệu chung của các hoạt động")
        if not sections or sections[-1].name != name:
            sections.append(Section(name, []))
        sections[-1].rows.append(
            Row(indicator, [fmt(indicator, column.get(indicator.code)) for column in columns])
        )
    return sections


def quick_periods(today) -> list[periods.Period]:
    return [
        periods.for_date("year", today),
        periods.for_date("half", today),
        periods.for_date("quarter", today),
        periods.for_date("month", today),
        periods.for_date("year", today).previous(),
    ]


@login_required
def stats_page(request, code: str):
    unit = scope.get_unit(request.user, code, by="code")
    today = timezone.localdate()
    text = (request.GET.get("period") or "").strip()
    error = ""
    try:
        period = periods.parse(text) if text else periods.for_date("year", today)
    except periods.PeriodError as exc:
        error, period = str(exc), periods.for_date("year", today)
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        result = unit_stats(unit=unit, period=period)
    children = [
        {"stats": child, "in_scope": scope.in_scope(request.user, child.unit)} for child in result.children
    ]
    return render(
        request,
        "reports/stats.html",
        {
            "unit": unit,
            "result": result,
            "period": period,
            "period_text": text or period.code,
            "error": error,
            "sections": stats_table(result),
            "children": children,
            "quick": quick_periods(today),
        },
    )
