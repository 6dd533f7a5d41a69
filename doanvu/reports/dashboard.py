"""The dashboard of a unit for a period: data first (`dashboard`: the series of series.py, the completeness
of the subunits' reports, the data-quality counts), then the charts (`dashboard_charts`, inline SVG from
doanvu.documents.svg)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from doanvu.documents import svg as charts
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit

from . import selectors
from .completeness import Summary, summary
from .quality import counts
from .series import TargetProgress, activities_by_area, member_series, target_progress


@dataclass
class Dashboard:
    unit: OrgUnit
    period: Period
    months: list[str] = field(default_factory=list)  # x labels
    members: list[Decimal | None] = field(default_factory=list)
    party_members: list[Decimal | None] = field(default_factory=list)
    by_area: list[tuple[str, int]] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)
    completeness: Summary | None = None
    quality: dict[str, int] = field(default_factory=dict)


def dashboard(*, unit: OrgUnit, period: Period, with_quality: bool = True) -> Dashboard:
    board = Dashboard(unit=unit, period=period)
    board.months, board.members, board.party_members = member_series(unit, period)
    board.by_area = activities_by_area(unit, period)
    board.targets = target_progress(unit, period)
    form = selectors.default_form(unit, period)
    if form is not None:
        board.completeness = summary(unit=unit, form=form, period=period)
    if with_quality:
        # What the unit's data-quality page lists, added up from each unit's stored counts
        # (docs/architecture.md, "Data-quality counts").
        board.quality = counts.subtree_counts(unit=unit, period=period).as_dict()
    return board


def dashboard_charts(board: Dashboard) -> dict[str, str]:
    """SVG strings: members over time, activities by work area, target achievement (%)."""
    out = {
        "members": charts.line_chart(
            board.months,
            [(_("Đoàn viên"), board.members), (_("Đảng viên"), board.party_members)],
            title=_("Đoàn viên và đảng viên theo tháng"),
        ),
        "areas": charts.bar_chart(
            board.by_area, title=_("Hoạt động theo mặt công tác"), unit_label=_("cuộc")
        ),
    }
    if board.targets:
        out["targets"] = charts.bar_chart(
            [(t.name, t.achievement) for t in board.targets],
            title=_("Mức đạt chỉ tiêu (%)"),
            unit_label="%",
            colour=charts.PALETTE[2],
        )
    return out
