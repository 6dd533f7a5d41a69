"""The unit's own classification in its work report: a provider of chapter notes (doanvu.reports.providers),
registered by EvaluationConfig.ready(). A report of a period that holds 31/12 of a year says, at the end of
the union-building chapter, how the unit above classified the unit that year:
"Kết quả năm 2025, Đoàn xã A được xếp loại hoàn thành xuất sắc nhiệm vụ."
"""

from __future__ import annotations

from django.db.models import Count

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit
from doanvu.reports.document.data import evaluation_years
from doanvu.reports.document.prose import classification_sentence, subunits_classification_sentence
from doanvu.reports.providers import register_chapter_notes

from .models import UnitClassification

CHAPTER = "union_building"


# How the units under are grouped in the sentence, the higher levels first.
GROUPS = ("đơn vị cấp huyện", "cơ sở đoàn", "liên chi đoàn", "chi đoàn")


def _group(kind_code: str, is_branch: bool) -> str:
    if is_branch:
        return "chi đoàn"
    if kind_code == "inter_branch":
        return "liên chi đoàn"
    return "cơ sở đoàn" if kind_code.startswith("grassroots") else "đơn vị cấp huyện"


def classification_notes(unit: OrgUnit, period: Period) -> dict[str, list[str]]:
    """The unit's classification of each year whose evaluation the period reports, in year order, each
    followed by how the units under it were classified that year."""
    years = evaluation_years(period)
    own = dict(UnitClassification.objects.filter(unit=unit, year__in=years).values_list("year", "level"))
    under: dict[int, dict[str, dict[str, int]]] = {}
    if not unit.kind.is_branch:
        rows = (
            UnitClassification.objects.filter(unit.subtree_q("unit__"), year__in=years)
            .exclude(unit=unit)
            .values_list("year", "unit__kind__code", "unit__kind__is_branch", "level")
            .order_by()
            .annotate(n=Count("pk"))
        )
        for year, kind_code, is_branch, level, n in rows:
            groups = under.setdefault(year, {name: {} for name in GROUPS})
            levels = groups[_group(kind_code, is_branch)]
            levels[level] = levels.get(level, 0) + n
    notes = []
    for year in sorted(set(own) | set(under)):
        if year in own:
            notes.append(classification_sentence(year, unit.name, own[year]))
        if year in under:
            notes.append(subunits_classification_sentence(year, under[year]))
    return {CHAPTER: [note for note in notes if note]}


def register() -> None:
    register_chapter_notes("evaluation.classification", classification_notes)
