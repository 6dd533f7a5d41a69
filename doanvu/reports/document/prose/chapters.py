"""A chapter of the report (one work area) written from its figures: what was organised (activities,
gifts, movements, highlights), then the area's own indicators, then what other parts of the project add
to the chapter (reports.providers: the unit's own classification of the year, say). A chapter with nothing
recorded says so in one sentence. Pure functions over plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .amounts import Number
from .sentences import (
    SINGLE,
    IndicatorInfo,
    blood_sentence,
    congress_sentence,
    dues_sentence,
    evaluation_sentence,
    generic_sentence,
    gifts_sentence,
    highlights_sentence,
    meetings_sentence,
    membership_sentence,
    movements_sentence,
    opening_sentence,
    organisation_sentence,
    party_sentence,
    projects_sentence,
    training_sentence,
)

# What an activity of each work area is called after "Tổ chức 12 cuộc …".
ACTIVITY_NOUNS = {
    "education": "tuyên truyền",
    "movements": "hoạt động",
    "companion": "hoạt động đồng hành với thanh niên",
    "children": "hoạt động cho thiếu nhi",
    "international": "hoạt động giao lưu, hội nhập quốc tế",
    "union_building": "hoạt động xây dựng Đoàn",
    "party_building": "hoạt động tham gia xây dựng Đảng",
    "inspection": "kiểm tra, giám sát",
}


@dataclass
class ChapterFigures:
    """What one chapter is written from: the activities of its work area in the period, and the values of
    the indicators that belong to the area (organisation figures, Party figures, direct values …)."""

    area_code: str
    area_name: str
    period_label: str
    sessions: Number = None  # "cuộc": the activities of the area
    participations: Number = None
    funds_vnd: Number = None
    gifts: Number = None
    gifts_value_vnd: Number = None
    values: Mapping[str, Number] = field(default_factory=dict)
    indicators: list[IndicatorInfo] = field(default_factory=list)
    targets: Mapping[str, Number] = field(default_factory=dict)
    movements: list[tuple[str, int]] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    unit_is_branch: bool = False
    target_label: str = "chỉ tiêu"
    # How the year of the year-end evaluation is written ("năm 2025", or the period's label).
    evaluation_label: str = ""
    # Sentences the providers add to the chapter (reports.providers), written after its figures.
    notes: list[str] = field(default_factory=list)


# The indicators written together in one sentence.
ORGANISATION = ("grassroots_units", "branches", "members", "party_members")
MEMBERSHIP = (
    "members_admitted",
    "members_came_of_age",
    "members_transferred_in",
    "members_transferred_out",
    "members_removed",
)
MEETINGS = ("meetings_held", "meeting_attendance_pct", "meeting_attendances", "meeting_expected")
DUES = ("dues_collected_vnd", "members_in_arrears")
PARTY = ("outstanding_introduced", "party_admitted", "party_full_members")
BLOOD = ("blood_donors", "blood_units")
EVALUATION = (
    "members_evaluated",
    "members_outstanding",
    "members_good",
    "members_completed",
    "members_not_completed",
    "members_evaluated_pct",
    "training_registered",
)
PROJECTS = ("youth_projects", "youth_projects_registered")


def indicator_sentences(ch: ChapterFigures) -> list[str]:
    """The sentences for the area's own indicators, in the area's indicator order."""
    v, t, label = ch.values, ch.targets, ch.target_label
    codes = {info.code for info in ch.indicators}
    done: set[str] = set()
    out: list[str] = []

    def group(names: tuple[str, ...], sentence: str) -> None:
        done.update(names)
        out.append(sentence)

    for info in ch.indicators:
        code = info.code
        if code in done:
            continue
        if code in ORGANISATION:
            group(ORGANISATION, organisation_sentence(v, unit_is_branch=ch.unit_is_branch))
        elif code in MEMBERSHIP:
            group(MEMBERSHIP, membership_sentence(v, t, label))
        elif code in MEETINGS:
            group(
                MEETINGS,
                meetings_sentence(
                    v.get("meetings_held"),
                    v.get("meeting_attendance_pct"),
                    v.get("meeting_attendances"),
                    v.get("meeting_expected"),
                ),
            )
        elif code in DUES:
            group(DUES, dues_sentence(v.get("dues_collected_vnd"), v.get("members_in_arrears")))
        elif code in PARTY:
            group(PARTY, party_sentence(v, t, label))
        elif code in EVALUATION:
            group(EVALUATION, evaluation_sentence(v, ch.evaluation_label))
            out.append(training_sentence(v.get("training_registered")))
        elif code in BLOOD:
            group(BLOOD, blood_sentence(v.get("blood_donors"), v.get("blood_units")))
        elif code in PROJECTS:
            group(PROJECTS, projects_sentence(v.get("youth_projects"), v.get("youth_projects_registered")))
        elif code == "branches_congress_held":
            grassroots = v.get("grassroots_units") if "grassroots_units" in codes else None
            group((code,), congress_sentence(v.get(code), grassroots))
        elif code in SINGLE:
            group((code,), SINGLE[code](v.get(code)))
        else:
            group((code,), generic_sentence(info, v.get(code), t.get(code), label))
    return [s for s in out if s]


def no_data_sentence(period_label: str) -> str:
    return f"Trong {period_label}, chưa có hoạt động, số liệu nào được ghi nhận ở mặt công tác này."


def chapter_paragraphs(ch: ChapterFigures) -> list[str]:
    """The chapter as paragraphs: what was organised (activities, gifts, movements, highlights), the area's
    own figures, the providers' notes. A chapter with nothing recorded says so in one sentence."""
    noun = ACTIVITY_NOUNS.get(ch.area_code, "hoạt động")
    first = [
        opening_sentence(ch.area_code, noun, ch.sessions, ch.participations, ch.funds_vnd),
        gifts_sentence(ch.gifts, ch.gifts_value_vnd),
        movements_sentence(ch.movements),
        highlights_sentence(ch.highlights),
    ]
    paragraphs = [
        " ".join(s for s in first if s),
        " ".join(indicator_sentences(ch)),
        " ".join(s for s in ch.notes if s),
    ]
    paragraphs = [p for p in paragraphs if p]
    return paragraphs or [no_data_sentence(ch.period_label)]


def chapter_text(ch: ChapterFigures) -> str:
    """The chapter as editable text: one paragraph a line."""
    return "\n".join(chapter_paragraphs(ch))
