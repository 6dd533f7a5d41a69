"""report_data: everything the work report says, as one JSON-safe structure. Every format (HTML, DOCX, PDF,
XLSX, the API's JSON) renders this structure and nothing else, so they always agree.

A finalised report is rendered from the snapshot taken when it was finalised (Report.figures), so later
changes to the records do not change what was finalised. A draft is built from the records now, with the
officer's edits (Report.sections and the heading fields) laid over the generated text.

Shape (version 1):
    unit {code, name, kind}, period {code, label, start, end},
    heading, issuer, number, place, issued_on, place_date, title, subject, intro,
    chapters [{code, name, text, generated, edited, has_data}],
    targets [{code, name, unit_label, target, value, achievement}],
    table {columns [{code, name, unit_label, kind}], total {...}, own {...} | None,
           rows [{unit, name, values}], shared_activities (joint activities two rows show; may be absent)},
    sections {results, shortcomings, causes, direction},
    signature {on_behalf, title, name}, recipients [lines],
    indicators [{code, name, unit_label, kind}] (the unit's catalogue, in report order),
    own {code: value} (the unit's own records), figures (stats_json),
    charts {members?, areas, targets?} (document/charts.py: labels and series, drawn as SVG / tables),
    finalised_at (ISO) | None, report_id | None

A chapter's text ends with the notes other parts of the project add to it through reports.providers (the
union-building chapter: the unit's own classification of the year, from evaluation), so this module
imports nothing above reports.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from doanvu import stats as stats_api
from doanvu.documents import official
from doanvu.lib import vnnumbers
from doanvu.lib.periods import Period
from doanvu.members.models import Position
from doanvu.org.models import OrgUnit
from doanvu.reports import providers
from doanvu.reports.models import Report
from doanvu.work.models import Indicator, Target, WorkArea

from . import prose
from .activities import ACTIVITY_FIGURES, activities_by_area
from .charts import report_charts

VERSION = 1
# The hand-written sections, in document order, with their headings.
SECTIONS = {
    "results": "Kết quả đạt được",
    "shortcomings": "Hạn chế",
    "causes": "Nguyên nhân",
    "direction": "Phương hướng, nhiệm vụ kỳ tới",
}
# The columns of the table of figures by subunit (those the unit has; the XLSX form has every indicator).
TABLE_COLUMNS = (
    "members",
    "party_members",
    "members_admitted",
    "activities",
    "participations",
    "funds_vnd",
    "blood_units",
    "youth_projects",
    "meeting_attendance_pct",
    "outstanding_introduced",
)


def jnum(value: Decimal | int | float | None) -> int | float | None:
    """A figure for JSON: int when whole, else float (as stats_json writes them)."""
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def secretary_name(unit: OrgUnit, day: datetime.date) -> str:
    position = (
        Position.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gt=day),
            unit=unit,
            title=Position.Title.SECRETARY,
            start_on__lte=day,
        )
        .select_related("member")
        .order_by("-start_on")
        .first()
    )
    return position.member.full_name if position else ""


def evaluation_years(period: Period) -> list[int]:
    """The years whose evaluation the period reports: those whose 31/12 lies in it."""
    return [
        y for y in range(period.start.year, period.end.year + 1) if period.contains(datetime.date(y, 12, 31))
    ]


def _evaluation_label(period: Period) -> str:
    """ "năm 2025" when the period holds one year-end, else the period's own label ("nhiệm kỳ 2022 – 2027")."""
    years = evaluation_years(period)
    return f"năm {years[0]}" if len(years) == 1 else period.label


def _target_label(period: Period) -> str:
    return {"year": "chỉ tiêu năm", "term": "chỉ tiêu nhiệm kỳ"}.get(period.kind, "chỉ tiêu")


def report_data(*, unit: OrgUnit, period: Period, report: Report | None = None) -> dict[str, Any]:
    """The report of `unit` for `period`: the finalised snapshot if there is one, else built from records
    with the draft's edits. `report` may be passed when the caller has it (None: looked up)."""
    if report is None:
        report = Report.objects.filter(unit=unit, period=period.code).first()
    if report is not None and report.finalised_at and report.figures.get("version") == VERSION:
        return report.figures
    return build_report_data(unit=unit, period=period, report=report)


def build_report_data(*, unit: OrgUnit, period: Period, report: Report | None = None) -> dict[str, Any]:
    """The report built from the records now (never the snapshot): what finalising will freeze."""
    stats = stats_api.unit_stats(unit=unit, period=period)
    figures = stats_api.stats_json(stats)
    indicators = list(stats_api.indicators_for(unit).select_related("work_area"))
    edits = dict(report.sections) if report else {}
    edited_chapters = edits.get("chapters") or {}
    values = stats.values
    targets = {
        row.indicator.code: row.value
        for row in Target.objects.filter(unit=unit, period=period.code).select_related("indicator")
    }
    target_label = _target_label(period)
    by_area = activities_by_area(unit, period)
    activity_codes = {
        i.code for i in indicators if i.source == Indicator.Source.ACTIVITY and i.work_area_id is None
    } | set(ACTIVITY_FIGURES)
    is_branch = unit.kind.is_branch
    evaluation_label = _evaluation_label(period)
    notes = providers.chapter_notes(unit=unit, period=period)

    chapters = []
    area_sessions = []  # (area name, sessions): the chart of activities by work area
    for area in WorkArea.objects.all():
        own = [i for i in indicators if i.work_area_id == area.pk and i.code not in activity_codes]
        acts = by_area.get(area.pk)
        area_sessions.append((area.name, acts.sessions if acts else 0))
        ch = prose.ChapterFigures(
            area_code=area.code,
            area_name=area.name,
            period_label=period.label,
            sessions=acts.sessions if acts else None,
            participations=acts.figures.get("participations") if acts else None,
            funds_vnd=acts.figures.get("funds_vnd") if acts else None,
            gifts=acts.figures.get("gifts") if acts else None,
            gifts_value_vnd=acts.figures.get("gifts_value_vnd") if acts else None,
            values={i.code: values.get(i.code) for i in own},
            indicators=[prose.IndicatorInfo(i.code, i.name, i.unit_label, i.kind) for i in own],
            targets=targets,
            movements=acts.movements if acts else [],
            highlights=acts.highlights if acts else [],
            unit_is_branch=is_branch,
            target_label=target_label,
            evaluation_label=evaluation_label,
            notes=notes.get(area.code, []),
        )
        generated = prose.chapter_text(ch)
        edited = edited_chapters.get(area.code)
        chapters.append(
            {
                "code": area.code,
                "name": area.name,
                "generated": generated,
                "text": edited if edited is not None else generated,
                "edited": edited is not None and edited != generated,
                "has_data": generated != prose.no_data_sentence(period.label),
            }
        )

    names = {i.code: i for i in indicators}
    target_rows = []
    for code, target in targets.items():
        info = names.get(code)
        if info is None:
            continue
        value = values.get(code)
        target_rows.append(
            {
                "code": code,
                "name": info.name,
                "unit_label": info.unit_label,
                "target": jnum(target),
                "value": jnum(value),
                "achievement": jnum(vnnumbers.achievement(value or 0, target)),
            }
        )
    target_rows.sort(key=lambda row: list(names).index(row["code"]))

    columns = [
        {"code": c, "name": names[c].name, "unit_label": names[c].unit_label, "kind": names[c].kind}
        for c in TABLE_COLUMNS
        if c in names
    ]
    own_values = getattr(stats, "own", None)
    table = {
        "columns": columns,
        # Activities two rows show (joint ones): the rows' activity figures add up to more than the total.
        "shared_activities": stats_api.shared_activities(unit=unit, period=period) if stats.children else 0,
        "total": {c["code"]: figures["values"].get(c["code"]) for c in columns},
        "own": {c["code"]: jnum(own_values.get(c["code"])) for c in columns} if stats.children else None,
        "rows": [
            {
                "unit": child["unit"],
                "name": child["name"],
                "values": {c["code"]: child["values"].get(c["code"]) for c in columns},
            }
            for child in figures.get("children", [])
        ],
    }

    issued_on = (report.issued_on if report else None) or timezone.localdate()
    place = (report.place if report else "") or official.place_of(unit)
    parent = OrgUnit.objects.get_parent(unit)
    recipients = official.paragraphs_of(report.recipients) if report and report.recipients else []
    sections = {key: str(edits.get(key) or "") for key in SECTIONS}
    return {
        "version": VERSION,
        "report_id": report.pk if report else None,
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind.code},
        "period": {
            "code": period.code,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "heading": official.HEADING,
        "issuer": str(edits.get("issuer") or official.issuer_name(unit.kind.code, unit.name)),
        "number": (report.number if report else "") or prose.number_line(unit.kind.code),
        "place": place,
        "issued_on": issued_on.isoformat(),
        "place_date": official.place_date(place, issued_on),
        "title": prose.TITLE,
        "subject": (report.subject if report else "") or prose.subject(period.label),
        "intro": str(edits.get("intro") or prose.intro(unit.name, period.label)),
        "chapters": chapters,
        "targets": target_rows,
        "table": table,
        "sections": sections,
        "signature": {
            "on_behalf": str(edits.get("on_behalf") or prose.ON_BEHALF),
            "title": (report.signer_title if report else "") or official.SIGNER_TITLE,
            "name": (report.signer_name if report else "") or secretary_name(unit, issued_on),
        },
        "recipients": recipients or prose.recipients(parent.name if parent else None),
        "indicators": [
            {"code": i.code, "name": i.name, "unit_label": i.unit_label, "kind": i.kind} for i in indicators
        ],
        "own": {code: jnum(value) for code, value in (own_values or {}).items()},
        "figures": figures,
        "charts": report_charts(
            unit=unit,
            period=period,
            areas=area_sessions,
            target_rows=target_rows,
            children=len(table["rows"]),
        ),
        "finalised_at": report.finalised_at.isoformat() if report and report.finalised_at else None,
    }
