"""API endpoints: stats (same scope rules as every page, through doanvu.accounts.scope)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.stats import (
    stats_json,
    unit_stats,
)

router = Router(tags=["Số liệu"])


class ChildStatsOut(Schema):
    unit: str
    name: str
    values: dict[str, int | float | None]


class StatsOut(Schema):
    unit: str
    name: str
    period: str
    values: dict[str, int | float | None]
    children: list[ChildStatsOut]


@router.get(
    "/stats/{code}",
    response=StatsOut,
    summary="Số liệu của một đơn vị trong một kỳ, theo từng đơn vị trực thuộc",
    description=(
        "Mọi chỉ số của đơn vị (cả cấp dưới, theo cơ cấu tổ chức tại thời điểm phát sinh) trong kỳ `period` "
        "(2025, 2025S1, 2025Q1, 2025M9, 202503, NH2025-2026, NK2022-2027), và của từng đơn vị trực thuộc. "
        "Số là số nguyên khi tròn, tỷ lệ đã nhân hệ số (ví dụ 66.7 là 66,7%); null khi không xác định."
    ),
)
def stats(request, code: str, period: str = Query(..., description="Kỳ báo cáo, ví dụ 2025Q1")):
    unit = scope.get_unit(request.user, code, by="code")
    try:
        parsed = periods.parse(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        return stats_json(unit_stats(unit=unit, period=parsed))
