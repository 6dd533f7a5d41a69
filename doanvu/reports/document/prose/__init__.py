"""The words of the work report, built from figures the way Union reports write them:
"Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia, tổng kinh phí trên 150 triệu đồng."

Pure functions over plain values (Decimal, int, str), no Django: every sentence has a unit test.

    amounts.py    how a figure reads ("2.145", "03", "trên 152 triệu đồng", ", đạt 200% chỉ tiêu")
    heading.py    the report's title, number line, subject and opening paragraph (the frame around them,
                  the signature and recipients by level, is doanvu.documents.official)
    assessment.py the general assessment, direction, proposals and closing sentence drafted from figures
    sentences.py  one sentence each from a few figures
    chapters.py   a chapter (one work area) from its figures, in order
"""

from .amounts import Number, has, money_about, num, target_phrase
from .assessment import AssessmentFigures, Figure, closing
from .assessment import drafted as drafted_sections
from .chapters import ACTIVITY_NOUNS, ChapterFigures, chapter_paragraphs, chapter_text, no_data_sentence
from .heading import TITLE, intro, number_line, subject
from .sentences import (
    LEVEL_TEXT,
    IndicatorInfo,
    activity_sentence,
    blood_sentence,
    classification_sentence,
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
    quoted,
    subunits_classification_sentence,
    training_sentence,
)

__all__ = [
    "ACTIVITY_NOUNS",
    "LEVEL_TEXT",
    "AssessmentFigures",
    "Figure",
    "closing",
    "drafted_sections",
    "TITLE",
    "ChapterFigures",
    "IndicatorInfo",
    "Number",
    "activity_sentence",
    "blood_sentence",
    "chapter_paragraphs",
    "chapter_text",
    "classification_sentence",
    "subunits_classification_sentence",
    "congress_sentence",
    "dues_sentence",
    "evaluation_sentence",
    "generic_sentence",
    "gifts_sentence",
    "has",
    "highlights_sentence",
    "intro",
    "meetings_sentence",
    "membership_sentence",
    "money_about",
    "movements_sentence",
    "opening_sentence",
    "quoted",
    "no_data_sentence",
    "num",
    "number_line",
    "organisation_sentence",
    "party_sentence",
    "projects_sentence",
    "subject",
    "target_phrase",
    "training_sentence",
]
