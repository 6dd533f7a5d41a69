"""Helpers that build criteria sets, reports and records for the criteria, proposal and classification
tests, through the services where one exists. No tests of their own."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from doanvu.accounts.models import Role
from doanvu.evaluation.criteria import services
from doanvu.evaluation.models import (
    Assessment,
    Condition,
    Content,
    CriteriaSet,
    Criterion,
    InspectionPlan,
    InspectionVisit,
)
from doanvu.work.catalogue import ensure_catalogue

from .conftest import make_officer

YEAR = 2025

STRUCTURE = [
    {
        "code": "I",
        "title": "Công tác giáo dục chính trị, tư tưởng",
        "contents": [
            {
                "code": "1",
                "title": "Chế độ thông tin, báo cáo",
                "conditions": [
                    {
                        "code": "1.1",
                        "text": "Thực hiện đầy đủ, đúng hạn các báo cáo tháng, 6 tháng, năm",
                        "max_points": "8",
                        "grades": [
                            {"points": "8", "text": "tất cả báo cáo đúng hạn"},
                            {"points": "6", "text": "chậm 1–2 báo cáo tháng; không thiếu báo cáo nào"},
                            {"points": "4", "text": "chậm 3–4 báo cáo tháng"},
                            {"points": "2", "text": "chậm từ 5 báo cáo tháng"},
                            {"points": "0", "text": "thiếu báo cáo năm, 6 tháng"},
                        ],
                        "evidence_required": "Số, ngày của từng báo cáo",
                        "evidence_mandatory": True,
                        "data_source": "report_timeliness",
                    },
                    {
                        "code": "1.2",
                        "text": "Tỷ lệ đoàn viên tham gia sinh hoạt",
                        "max_points": "10",
                        "data_source": "meeting_attendance",
                    },
                ],
            },
            {
                "code": "2",
                "title": "Mô hình sáng tạo",
                "conditions": [
                    {
                        "code": "2.1",
                        "text": "Có mô hình mới, sáng tạo được cấp trên công nhận",
                        "max_points": "2,5",
                        "is_bonus": True,
                        "evidence_required": "Quyết định công nhận",
                    }
                ],
            },
        ],
    },
    {
        "code": "II",
        "title": "Công tác xây dựng Đoàn",
        "contents": [
            {
                "code": "1",
                "title": "Hiến máu tình nguyện",
                "conditions": [
                    {
                        "code": "1.1",
                        "text": "Số đơn vị máu hiến được",
                        "max_points": 10,
                        "data_source": "indicator_value",
                        "data_params": {"indicator": "blood_units", "thresholds": [[50, 5], [100, 10]]},
                    }
                ],
            }
        ],
    },
]


def structure() -> list[dict]:
    return copy.deepcopy(STRUCTURE)


def xa_editor(tree):
    """An editor of the grassroots union XA (the unit above the branches CA1 and CA2)."""
    return make_officer("xa_editor", tree.grassroots_a, Role.EDITOR)


def build_set(
    tree, by, *, issuer=None, year=YEAR, title=None, rows=None, units=None, issue=False
) -> CriteriaSet:
    """A set issued by the province (default) to its districts, built from STRUCTURE."""
    ensure_catalogue()
    issuer = issuer or tree.province
    criteria_set = services.criteria_set_build(
        issuer=issuer,
        year=year,
        title=title or f"Bộ tiêu chí đánh giá, xếp loại năm {year}",
        structure=rows if rows is not None else structure(),
        by=by,
        units=units,
    )
    if issue:
        criteria_set = services.criteria_set_issue(criteria_set=criteria_set, by=by)
    return criteria_set


def condition(criteria_set: CriteriaSet, code: str, criterion: str = "I") -> Condition:
    return Condition.objects.get(
        content__criterion__criteria_set=criteria_set, content__criterion__code=criterion, code=code
    )


def single_condition_set(issuer, year=YEAR, **fields) -> Condition:
    """A set with one condition written straight to the models (for the proposal tests)."""
    ensure_catalogue()
    criteria_set = CriteriaSet.objects.create(issuer=issuer, year=year, title=f"Bộ tiêu chí {year}")
    criterion = Criterion.objects.create(criteria_set=criteria_set, code="I", title="Tiêu chí")
    content = Content.objects.create(criterion=criterion, code="1", title="Nội dung")
    fields.setdefault("max_points", Decimal(8))
    return Condition.objects.create(content=content, code="1.1", text="Điều kiện", **fields)


GRADES_8 = [
    {"points": "8", "text": "tất cả"},
    {"points": "6", "text": "phần lớn"},
    {"points": "4", "text": "một nửa"},
    {"points": "2", "text": "ít"},
    {"points": "0", "text": "không"},
]


def assessment(criteria_set, unit, *, state=Assessment.State.SUBMITTED, self_total="0", final_total=None):
    return Assessment.objects.create(
        criteria_set=criteria_set,
        unit=unit,
        state=state,
        self_total=Decimal(self_total),
        final_total=Decimal(final_total) if final_total is not None else None,
    )


def visit(criteria_set, unit, *, final_score, proposed_level="", assessment_=None):
    plan, _created = InspectionPlan.objects.get_or_create(
        issuer=criteria_set.issuer,
        criteria_set=criteria_set,
        number="128-KH/UBKTTĐ",
        defaults={
            "issued_on": datetime.date(criteria_set.year, 10, 20),
            "title": "Kiểm tra việc thực hiện bộ tiêu chí",
            "start_on": datetime.date(criteria_set.year, 11, 2),
            "end_on": datetime.date(criteria_set.year, 11, 10),
        },
    )
    return InspectionVisit.objects.create(
        plan=plan,
        unit=unit,
        assessment=assessment_,
        final_score=Decimal(final_score) if final_score is not None else None,
        proposed_level=proposed_level,
        state=InspectionVisit.State.DONE,
    )
