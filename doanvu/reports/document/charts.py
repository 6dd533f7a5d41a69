"""The report's charts (the dashboard's charts appear in the report too).

Stored as data in report_data["charts"], so a finalised snapshot draws the same charts later:

    charts {members?, areas, targets?}: each {key, kind ("line" | "bar"), title, label_name,
        labels [x labels], series [{name, values}], unit_label, value_kind ("flow" | "ratio")}

`members` (members and Party members at the end of each month of the period, the dashboard's series from
reports.series) sits in the chapter "Xây dựng Đoàn"; `areas` (sessions by work area, the numbers the
chapters write) after the chapters; `targets` (achievement, %) under the targets table. The HTML draws
them as inline SVG (doanvu.documents.svg); Word cannot embed SVG, so the DOCX draws each as a PNG picture
(doanvu.documents.png) followed by a small table of the same figures.

A chart is drawn only where it tells something (worth_drawing; docs/architecture.md, "Tables and charts on
paper"): never for a unit with fewer than MIN_CHILDREN direct subunits (a branch's few figures read better
in its text and tables), the members' line only when it moves, the bars only when there are a few of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from doanvu.documents import svg
from doanvu.lib import vnnumbers as vn
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit
from doanvu.reports.series import member_series

# Where each chart goes: the chapter (work area code) or the block key of layout.body.
MEMBERS_CHAPTER = "union_building"
PLACES = {"members": MEMBERS_CHAPTER, "areas": "chapters", "targets": "targets"}


def _num(value: Any) -> int | float | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def members_chart(unit: OrgUnit, period: Period) -> dict[str, Any] | None:
    """Members and Party members at the end of each month of the period so far (quarter ends for a
    term). None when no month of the period has begun."""
    labels, members, party = member_series(unit, period)
    if not labels:
        return None
    return {
        "key": "members",
        "kind": "line",
        "title": _("Đoàn viên và đảng viên theo tháng"),
        "label_name": _("Tháng"),
        "labels": labels,
        "series": [
            {"name": _("Đoàn viên"), "values": [_num(v) for v in members]},
            {"name": _("Đảng viên"), "values": [_num(v) for v in party]},
        ],
        "unit_label": _("người"),
        "value_kind": "flow",
    }


def areas_chart(areas: list[tuple[str, Any]]) -> dict[str, Any]:
    """Sessions ("cuộc") by work area in report order: (area name, sessions or None)."""
    return {
        "key": "areas",
        "kind": "bar",
        "title": _("Hoạt động theo mặt công tác"),
        "label_name": _("Mặt công tác"),
        "labels": [name for name, _value in areas],
        "series": [{"name": _("Hoạt động"), "values": [_num(v or 0) for _name, v in areas]}],
        "unit_label": _("cuộc"),
        "value_kind": "flow",
    }


def targets_chart(target_rows: list[dict]) -> dict[str, Any] | None:
    """Achievement (%) of each target, from report_data's target rows. None without targets."""
    if not target_rows:
        return None
    return {
        "key": "targets",
        "kind": "bar",
        "title": _("Mức đạt chỉ tiêu"),
        "label_name": _("Chỉ tiêu"),
        "labels": [row["name"] for row in target_rows],
        "series": [{"name": _("Tỷ lệ đạt"), "values": [row["achievement"] for row in target_rows]}],
        "unit_label": "%",
        "value_kind": "ratio",
    }


MIN_CHILDREN = 3  # fewer direct subunits than this: no chart at all
MIN_POINTS = 3  # a line needs this many months (or quarters)
MIN_BARS = 3  # a bar chart needs this many non-zero bars
# The members' line is flat when its highest and lowest points differ by less than this share of the
# highest, or by fewer than FLAT_PEOPLE members.
FLAT_SHARE = Decimal("0.03")
FLAT_PEOPLE = 5
# A second line whose highest point is below this share of the first line's lies flat along the axis on
# the first line's scale (Party members beside members): it is left out of the picture and kept in the
# table of figures under it.
SECOND_LINE_SHARE = Decimal("0.1")


def moves(values: list[Any]) -> bool:
    """Whether a series changes enough to be worth a line (see FLAT_SHARE, FLAT_PEOPLE)."""
    numbers = [Decimal(str(v)) for v in values if v is not None]
    if len(numbers) < MIN_POINTS:
        return False
    spread = max(numbers) - min(numbers)
    return spread >= FLAT_PEOPLE and spread >= FLAT_SHARE * max(numbers)


def as_drawn(chart: dict) -> dict:
    """The chart as drawn (SVG or PNG): a line chart without the lines that would lie flat along the axis
    on the first line's scale (SECOND_LINE_SHARE). The table of figures keeps every series."""
    if chart["kind"] != "line" or len(chart["series"]) < 2:
        return chart
    first = [Decimal(str(v)) for v in chart["series"][0]["values"] if v is not None]
    top = max(first, default=Decimal(0))

    def visible(series: dict) -> bool:
        values = [Decimal(str(v)) for v in series["values"] if v is not None]
        return bool(values) and max(values) >= SECOND_LINE_SHARE * top

    return chart | {"series": chart["series"][:1] + [s for s in chart["series"][1:] if visible(s)]}


def worth_drawing(chart: dict, children: int) -> bool:
    """Whether `chart` tells the reader something a sentence or the table beside it does not."""
    if children < MIN_CHILDREN:
        return False
    if chart["kind"] == "line":
        return bool(chart["series"]) and moves(chart["series"][0]["values"])
    values = chart["series"][0]["values"] if chart["series"] else []
    return sum(1 for v in values if v) >= MIN_BARS


def report_charts(
    *, unit: OrgUnit, period: Period, areas: list[tuple[str, Any]], target_rows: list[dict], children: int
) -> dict[str, dict]:
    """report_data's "charts" part (JSON-safe): the charts worth drawing for a unit with `children` direct
    subunits in its table."""
    if children < MIN_CHILDREN:
        return {}
    drawn = [members_chart(unit, period), areas_chart(areas), targets_chart(target_rows)]
    return {chart["key"]: chart for chart in drawn if chart and worth_drawing(chart, children)}


# ---------------------------------------------------------------------------------------------------------
# Rendering (pure: works on the stored data)


@dataclass
class ChartView:
    key: str
    title: str
    caption: str  # "Biểu đồ: …"
    svg: SafeString
    header: list[str]
    rows: list[list[str]]
    # The stored chart itself, for renderers that draw it their own way (the PNG in Word).
    data: dict


def _value_text(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    number = Decimal(str(value))
    if kind == "ratio":
        return vn.percent(number)
    return vn.group(number, 0 if number == number.to_integral_value() else 2)


def chart_svg(chart: dict) -> SafeString:
    """The chart as inline SVG (every label escaped by doanvu.documents.svg)."""
    chart = as_drawn(chart)
    if chart["kind"] == "line":
        drawn = svg.line_chart(
            chart["labels"],
            [(s["name"], s["values"]) for s in chart["series"]],
            title=chart["title"],
        )
    else:
        values = chart["series"][0]["values"] if chart["series"] else []
        drawn = svg.bar_chart(
            list(zip(chart["labels"], values, strict=False)),
            title=chart["title"],
            unit_label=chart.get("unit_label", ""),
            colour=svg.PALETTE[2] if chart.get("value_kind") == "ratio" else svg.PALETTE[0],
        )
    return mark_safe(drawn)  # noqa: S308 — built by documents/svg.py, which escapes every label


def chart_view(chart: dict) -> ChartView:
    unit_label = chart.get("unit_label", "")
    header = [chart["label_name"]] + [
        f"{s['name']} ({unit_label})" if unit_label else s["name"] for s in chart["series"]
    ]
    kind = chart.get("value_kind", "flow")
    rows = [
        [str(label)]
        + [_value_text(s["values"][i] if i < len(s["values"]) else None, kind) for s in chart["series"]]
        for i, label in enumerate(chart["labels"])
    ]
    return ChartView(
        key=chart["key"],
        title=chart["title"],
        caption=_("Biểu đồ: %(title)s") % {"title": chart["title"]},
        svg=chart_svg(chart),
        header=header,
        rows=rows,
        data=chart,
    )


def charts_at(data: dict, place: str) -> list[ChartView]:
    """The charts that go at `place` (a chapter's area code or a block key); none for a snapshot
    finalised before the report had charts."""
    stored = data.get("charts") or {}
    return [chart_view(stored[key]) for key, where in PLACES.items() if where == place and key in stored]
