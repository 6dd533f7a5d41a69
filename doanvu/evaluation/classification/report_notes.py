"""The unit's own classification in its work report: a provider of chapter notes (doanvu.reports.providers),
registered by EvaluationConfig.ready(). A report of a period that holds 31/12 of a year says, at the end of
the union-building chapter, how the unit above classified the unit that year:
"Kết quả năm 2025, Đoàn xã A được xếp loại hoàn thành xuất sắc nhiệm vụ."
"""

from __future__ import annotations

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit
from doanvu.reports.document.data import evaluation_years
from doanvu.reports.document.prose import classification_sentence
from doanvu.reports.providers import register_chapter_notes

from .models import UnitClassification

CHAPTER = "union_building"


def classification_notes(unit: OrgUnit, period: Period) -> dict[str, list[str]]:
    """The unit's classification of each year whose evaluation the period reports, in year order."""
    levels = (
        UnitClassification.objects.filter(unit=unit, year__in=evaluation_years(period))
        .order_by("year")
        .values_list("year", "level")
    )
    return {CHAPTER: [classification_sentence(year, unit.name, level) for year, level in levels]}


def register() -> None:
    register_chapter_notes("evaluation.classification", classification_notes)
