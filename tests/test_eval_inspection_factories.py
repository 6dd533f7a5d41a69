"""Test data for self-assessment and inspection: a small criteria set written directly with the models, and
plans built through the services. Import the helpers; the tests at the bottom check the helpers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doanvu.evaluation.inspection.services import assessment as assessment_services
from doanvu.evaluation.inspection.services import visits as inspection_services
from doanvu.evaluation.models import (
    Condition,
    Content,
    CriteriaSet,
    Criterion,
    DataSource,
)

YEAR = 2025
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name: str = "bien-ban.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "bao-cao-thang.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fake_png(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"#!/bin/sh\necho hello\n", content_type="image/png")


def make_set(
    issuer,
    units,
    *,
    year: int = YEAR,
    state: str = CriteriaSet.State.ISSUED,
    deadline: datetime.date | None = None,
    title: str | None = None,
) -> CriteriaSet:
    """Two criteria, three conditions: 1.1 (10 points, any), 1.2 (8/6/4/2, evidence mandatory, tied to
    report timeliness), 2.1 (a 2-point bonus). Base points 18, bonus 2."""
    criteria_set = CriteriaSet.objects.create(
        issuer=issuer,
        year=year,
        title=title or f"Bộ tiêu chí công tác Đoàn năm {year}",
        number="12-HD/TĐTN",
        issued_on=datetime.date(year, 3, 1),
        self_assessment_deadline=deadline or datetime.date(year, 10, 31),
        state=state,
    )
    criteria_set.units.set(units)
    first = Criterion.objects.create(
        criteria_set=criteria_set, order=1, code="I", title="Công tác tuyên truyền, giáo dục"
    )
    education = Content.objects.create(criterion=first, order=1, code="1", title="Học tập nghị quyết")
    Condition.objects.create(
        content=education,
        order=1,
        code="1.1",
        text="Tổ chức học tập nghị quyết cho đoàn viên",
        max_points=Decimal(10),
        evidence_required="Kế hoạch, danh sách tham gia",
    )
    Condition.objects.create(
        content=education,
        order=2,
        code="1.2",
        text="Báo cáo đúng hạn",
        max_points=Decimal(8),
        grades=[
            {"points": "8", "text": "tất cả báo cáo đúng hạn"},
            {"points": "6", "text": "trễ 1 báo cáo"},
            {"points": "4", "text": "trễ 2 báo cáo"},
            {"points": "2", "text": "trễ 3 báo cáo"},
        ],
        evidence_required="Số, ngày của từng báo cáo",
        evidence_mandatory=True,
        data_source=DataSource.REPORT_TIMELINESS,
    )
    second = Criterion.objects.create(criteria_set=criteria_set, order=2, code="II", title="Mô hình sáng tạo")
    creative = Content.objects.create(criterion=second, order=1, code="2", title="Mô hình mới")
    Condition.objects.create(
        content=creative,
        order=1,
        code="2.1",
        text="Có mô hình mới được công nhận",
        max_points=Decimal(2),
        is_bonus=True,
    )
    return criteria_set


def condition(criteria_set: CriteriaSet, code: str) -> Condition:
    return criteria_set.conditions().get(code=code)


def make_plan(tree, by, criteria_set=None, units=None, **data):
    """Kế hoạch 128-KH/UBKTTĐ of the province over HA and HB, visits in November of the set's year."""
    year = criteria_set.year if criteria_set else YEAR
    fields = {
        "number": "128-KH/UBKTTĐ",
        "issued_on": datetime.date(year, 10, 18),
        "title": "Kiểm tra, đánh giá chất lượng công tác Đoàn và phong trào thanh thiếu nhi năm " + str(year),
        "team": "Đ/c Trần Văn Cường — Trưởng đoàn\nĐ/c Nguyễn Thị Nhã — Thành viên",
        "start_on": datetime.date(year, 11, 2),
        "end_on": datetime.date(year, 11, 10),
        "criteria_set": criteria_set,
        **data,
    }
    return inspection_services.plan_create(
        issuer=tree.province,
        data=fields,
        units=units if units is not None else [tree.district_a, tree.district_b],
        by=by,
    )


def fill(assessment, by, points: dict[str, str], evidence: bool = True):
    """Score the conditions of `points` (code → points) and give 1.2 its mandatory evidence."""
    criteria_set = assessment.criteria_set
    for code, value in points.items():
        assessment_services.assessment_score(
            assessment=assessment, condition=condition(criteria_set, code), points=value, by=by
        )
    if evidence:
        assessment_services.assessment_evidence_add(
            assessment=assessment,
            condition=condition(criteria_set, "1.2"),
            kind="note",
            note="Báo cáo tháng 1–12 gửi đúng hạn, số 01-BC đến 12-BC",
            by=by,
        )
    return assessment


@pytest.fixture
def inspection(tree, people, media):
    """The province's 2025 set for HA and HB, their editors, and the plan over both (by the province)."""
    from tests.conftest import make_officer

    criteria_set = make_set(tree.province, [tree.district_a, tree.district_b])
    plan = make_plan(tree, people.province_officer, criteria_set)
    visits = {v.unit.code: v for v in plan.visits.select_related("unit", "assessment")}
    return SimpleNamespace(
        set=criteria_set,
        plan=plan,
        visit_a=visits["HA"],
        visit_b=visits["HB"],
        a=visits["HA"].assessment,
        b=visits["HB"].assessment,
        editor_a=people.above,
        editor_b=people.other_district,
        viewer_a=make_officer("viewer_a", tree.district_a, "viewer"),
        xa_editor=make_officer("xa_editor", tree.grassroots_a),
    )


# ---------------------------------------------------------------------------------------------------------


def test_the_small_set_has_eighteen_base_points_and_a_two_point_bonus(tree):
    criteria_set = make_set(tree.province, [tree.district_a])
    assert criteria_set.points() == (Decimal(18), Decimal(2))
    assert [c.code for c in criteria_set.conditions().order_by("content__criterion__order", "order")] == [
        "1.1",
        "1.2",
        "2.1",
    ]
    assert condition(criteria_set, "1.2").grade_points() == [Decimal(8), Decimal(6), Decimal(4), Decimal(2)]


def test_the_plan_fixture_has_a_visit_per_unit_linked_to_its_assessment(inspection):
    assert inspection.plan.visits.count() == 2
    assert inspection.a.unit.code == "HA" and inspection.b.unit.code == "HB"
    assert inspection.a.scores.count() == 3


def test_the_upload_helpers_carry_real_signatures():
    assert io.BytesIO(png().read()).read(8) == b"\x89PNG\r\n\x1a\n"
    assert pdf().read().startswith(b"%PDF")
