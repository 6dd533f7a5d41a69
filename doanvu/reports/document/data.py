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
    sections {results, shortcomings, causes, lessons, direction, proposals} (the officer's text, else the
        drafted one), drafted {same keys} (prose/assessment.py), edited_sections [keys],
    next_period {code, label}, theme, party_committee, closing ("Trên đây là báo cáo …./."),
    signature {on_behalf, title, name}, recipients [lines],
    indicators [{code, name, unit_label, kind}] (the unit's catalogue, in report order),
    own {code: value} (the unit's own records), figures (stats_json),
    charts {members?, areas, targets?} (document/charts.py: labels and series, drawn as SVG / tables),
    finalised_at (ISO) | None, report_id | None

Snapshots finalised before the drafted sections existed lack next_period, theme, party_committee,
drafted, edited_sections and closing: renderers read those with .get.

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
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit
from doanvu.reports import providers
from doanvu.reports.models import Report
from doanvu.work.models import Indicator, Target

from . import assessment, prose
from .activities import ACTIVITY_FIGURES, activities_by_area, busiest_movements, work_areas
from .charts import report_charts

VERSION = 1
# The sections drafted from the figures (prose/assessment.py) that the officer edits, in document order,
# with their headings; "lessons" only in annual and term reports.
SECTIONS = {
    "results": "Ưu điểm",
    "shortcomings": "Hạn chế",
    "causes": "Nguyên nhân của hạn chế",
    "lessons": "Bài học kinh nghiệm",
    "direction": "Phương hướng, nhiệm vụ",
    "proposals": "Đề xuất, kiến nghị",
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


def signer(unit: OrgUnit, day: datetime.date) -> tuple[str, str]:
    """(title, name) of who signs: the secretary in office on `day`, else a deputy secretary; with
    neither recorded, "BÍ THƯ" over a blank line to sign over."""
    positions = {
        p.title: p.member.full_name
        for p in Position.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gt=day),
            unit=unit,
            title__in=(Position.Title.SECRETARY, Position.Title.DEPUTY),
            start_on__lte=day,
        )
        .select_related("member")
        .order_by("start_on")
    }
    if Position.Title.SECRETARY in positions:
        return official.SIGNER_TITLE, positions[Position.Title.SECRETARY]
    if Position.Title.DEPUTY in positions:
        return official.DEPUTY_TITLE, positions[Position.Title.DEPUTY]
    return official.SIGNER_TITLE, ""


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


NOT_READ = object()  # report_data's `report` when the caller has not read it


def report_data(
    *, unit: OrgUnit, period: Period, report: Report | None | object = NOT_READ
) -> dict[str, Any]:
    """The report of `unit` for `period`: the finalised snapshot if there is one, else built from records
    with the draft's edits. `report` may be passed when the caller has read it (None: there is none)."""
    if report is NOT_READ:
        report = Report.objects.filter(unit=unit, period=period.code).first()
    if report is not None and report.finalised_at and report.figures.get("version") == VERSION:
        return report.figures
    return build_report_data(unit=unit, period=period, report=report)


def build_report_data(*, unit: OrgUnit, period: Period, report: Report | None = None) -> dict[str, Any]:
    """The report built from the records now (never the snapshot): what finalising will freeze."""
    stats = stats_api.unit_stats(unit=unit, period=period)
    figures = stats_api.stats_json(stats)
    indicators = stats_api.catalogue(unit)
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
    top_area = None  # (area name, sessions, participations) of the busiest work area
    for area in work_areas():
        own = [i for i in indicators if i.work_area_id == area.pk and i.code not in activity_codes]
        acts = by_area.get(area.pk)
        area_sessions.append((area.name, acts.sessions if acts else 0))
        if acts and (acts.sessions or 0) > (top_area[1] if top_area else 0):
            top_area = (area.name, acts.sessions, acts.figures.get("participations"))
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
    above_units = org_selectors.ancestors(unit)
    parent = above_units[-1] if above_units else None
    recipients = official.recipient_lines(report.recipients) if report and report.recipients else []
    kind = unit.kind.code
    above = f"Ban Thường vụ {parent.name}" if parent else official.CENTRE
    party = assessment.party_committee_of(unit, period, edits)
    theme = assessment.theme_of(unit, period, edits)
    figures_for_text = assessment.assessment_figures(
        unit=unit,
        period=period,
        values=values,
        indicators=indicators,
        targets=targets,
        movements=busiest_movements(by_area),
        top_area=top_area,
        classification=notes.get("union_building", []),
        above=above,
        party_committee=party,
    )
    following = assessment.next_period(period)
    drafted = prose.drafted_sections(figures_for_text)
    if not figures_for_text.annual:
        drafted["lessons"] = ""
    sections = {key: str(edits.get(key) or "") or drafted[key] for key in SECTIONS}
    drafted["intro"] = prose.intro(
        unit_name=unit.name,
        period_label=period.label,
        committee=figures_for_text.committee,
        above=parent.name if parent else "",
        party_committee=party,
        theme=theme,
    )
    subject = (report.subject if report else "") or prose.subject(period.label)
    title, name = signer(unit, issued_on)
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
        "issuer": str(
            edits.get("issuer")
            or official.issuer_name(unit.kind.code, unit.name, parent.name if parent else "")
        ),
        "number": prose.number_line(kind, report.number if report else ""),
        "place": place,
        "issued_on": issued_on.isoformat(),
        "place_date": official.place_date(place, issued_on),
        "title": prose.TITLE,
        "subject": official.title_subject(prose.TITLE, subject),
        "next_period": {"code": following.code, "label": following.label},
        "theme": theme,
        "party_committee": party,
        "intro": str(edits.get("intro") or drafted["intro"]),
        "chapters": chapters,
        "targets": target_rows,
        "table": table,
        "sections": sections,
        "drafted": drafted,
        "edited_sections": sorted(key for key in SECTIONS if edits.get(key) and edits[key] != drafted[key]),
        "closing": prose.closing(
            official.title_subject(prose.TITLE, subject), figures_for_text.committee, unit.name
        ),
        "signature": {
            "on_behalf": str(edits.get("on_behalf") or official.on_behalf(kind)),
            "title": (report.signer_title if report else "") or title,
            "name": (report.signer_name if report else "") or name,
        },
        "recipients": recipients
        or official.recipients(
            kind_code=kind, name=unit.name, parent_name=parent.name if parent else None, party_committee=party
        ),
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
