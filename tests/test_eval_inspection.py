"""Inspection services: the plan (units under the issuer, dates in the plan's year, a visit per unit linked to
its assessment), findings, inspector scores, evidence review, publishing, the conclusion; only editors of
the issuer (or above) inspect; each step audited; each score or evidence change re-ranks the plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.inspection.services import visits as services
from doanvu.evaluation.inspection.services.assessment import assessment_submit
from doanvu.evaluation.models import (
    Assessment,
    CriteriaSet,
    InspectionPlan,
    InspectionVisit,
    Level,
)

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import YEAR, condition, fill, make_plan, make_set

inspection, media = factories.inspection, factories.media
D = Decimal
NOV = datetime.date(YEAR, 11, 5)


def submitted(inspection):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})  # 17
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})  # 16
    assessment_submit(assessment=inspection.a, by=inspection.editor_a)
    assessment_submit(assessment=inspection.b, by=inspection.editor_b)
    return inspection


def ranking(plan):
    return [
        (v.unit.code, v.final_score, v.rank, v.proposed_level)
        for v in plan.visits.order_by("rank", "unit__path")
    ]


def test_a_plan_creates_a_visit_per_unit_linked_to_the_units_assessment(inspection):
    plan = inspection.plan
    assert (plan.number, plan.state, plan.issuer.code) == (
        "128-KH/UBKTTĐ",
        InspectionPlan.State.PLANNED,
        "TV",
    )
    assert sorted(plan.units.values_list("code", flat=True)) == ["HA", "HB"]
    assert {v.unit.code: v.assessment.unit.code for v in plan.visits.all()} == {"HA": "HA", "HB": "HB"}
    assert Assessment.objects.filter(criteria_set=inspection.set).count() == 2
    entry = AuditEntry.objects.get(action="inspection.plan_create")
    assert (
        entry.unit.code == "TV"
        and "128-KH/UBKTTĐ" in entry.summary
        and "02/11/2025 – 10/11/2025" in entry.summary
    )


def test_a_plan_reuses_an_assessment_the_unit_already_opened(tree, people, media):
    from doanvu.evaluation.inspection.services.assessment import assessment_open

    criteria_set = make_set(tree.province, [tree.district_a, tree.district_b])
    opened = assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)
    plan = make_plan(tree, people.province_officer, criteria_set)
    assert plan.visits.get(unit=tree.district_a).assessment_id == opened.pk


def test_only_editors_of_the_issuer_or_above_plan_an_inspection(tree, people, media):
    criteria_set = make_set(tree.province, [tree.district_a])
    for outsider in (people.above, people.viewer, people.other_district):
        with pytest.raises(PermissionDenied):
            make_plan(tree, outsider, criteria_set, units=[tree.district_a])
    assert InspectionPlan.objects.count() == 0


def test_a_plan_refuses_units_outside_the_issuer_dates_outside_its_year_and_units_the_set_does_not_cover(
    tree, people, media
):
    criteria_set = make_set(tree.province, [tree.district_a])
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            issuer=tree.district_a,
            data={
                "number": "05-KH/HĐTN",
                "issued_on": datetime.date(YEAR, 10, 1),
                "title": "Kiểm tra chi đoàn",
                "start_on": datetime.date(YEAR, 12, 20),
                "end_on": datetime.date(YEAR + 1, 1, 5),
            },
            units=[tree.grassroots_a, tree.district_b],
            by=people.province_officer,
        )
    errors = error.value.message_dict
    assert errors["units"] == ["Không thuộc Huyện đoàn A: Huyện đoàn B."]
    assert errors["end_on"] == ["Thời gian kiểm tra phải trong năm 2025."]
    with pytest.raises(ValidationError) as error:
        make_plan(tree, people.province_officer, criteria_set, units=[tree.district_a, tree.district_b])
    assert error.value.message_dict["units"] == [
        "Bộ tiêu chí «Bộ tiêu chí công tác Đoàn năm 2025» không áp dụng cho: Huyện đoàn B."
    ]
    with pytest.raises(ValidationError) as error:
        make_plan(tree, people.province_officer, None, units=[], number="", end_on=datetime.date(YEAR, 11, 1))
    errors = error.value.message_dict
    assert "number" in errors and errors["units"] == ["Chọn ít nhất một đơn vị được kiểm tra."]
    assert errors["end_on"] == ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]
    assert InspectionPlan.objects.count() == 0


def test_a_draft_set_or_another_issuers_set_is_refused(tree, people, media):
    draft = make_set(tree.province, [tree.district_a], state=CriteriaSet.State.DRAFT)
    with pytest.raises(ValidationError, match="chưa ban hành"):
        make_plan(tree, people.province_officer, draft, units=[tree.district_a])
    district_set = make_set(tree.district_a, [tree.grassroots_a])
    with pytest.raises(ValidationError, match="không do Tỉnh đoàn Test ban hành"):
        make_plan(tree, people.province_officer, district_set, units=[tree.district_a])


def test_updating_the_units_adds_and_drops_visits_but_never_an_inspected_one(inspection, tree, people):
    plan = services.plan_update(
        plan=inspection.plan, data={}, units=[tree.district_a], by=people.province_officer
    )
    assert list(plan.visits.values_list("unit__code", flat=True)) == ["HA"]
    services.visit_record(
        visit=plan.visits.get(), visited_on=NOV, strengths="Tốt", done=True, by=people.province_officer
    )
    with pytest.raises(ValidationError, match="Huyện đoàn A đã được kiểm tra"):
        services.plan_update(plan=plan, data={}, units=[tree.district_b], by=people.province_officer)
    assert AuditEntry.objects.filter(action="inspection.plan_update").count() == 1


def test_the_inspector_score_replaces_the_self_score_and_the_ranking_follows(inspection, people):
    submitted(inspection)
    assert ranking(inspection.plan) == [("HA", D(17), 1, Level.OUTSTANDING), ("HB", D(16), 2, Level.GOOD)]
    score = services.inspection_score(
        visit=inspection.visit_a,
        condition=condition(inspection.set, "1.1"),
        points="5",
        comment="Chỉ có kế hoạch, thiếu danh sách",
        by=people.province_officer,
    )
    assert (score.self_points, score.inspector_points) == (D(9), D(5))
    assert ranking(inspection.plan) == [("HB", D(16), 1, Level.GOOD), ("HA", D(13), 2, Level.COMPLETED)]
    inspection.plan.refresh_from_db()
    assert inspection.plan.state == InspectionPlan.State.IN_PROGRESS
    entry = AuditEntry.objects.get(action="inspection.score")
    assert entry.unit.code == "HA" and "5 điểm (tự chấm 9)" in entry.summary


def test_the_inspector_score_follows_the_grades(inspection, people):
    with pytest.raises(ValidationError) as error:
        services.inspection_score(
            visit=inspection.visit_a,
            condition=condition(inspection.set, "1.2"),
            points="7",
            by=people.province_officer,
        )
    assert error.value.message_dict["points"] == ["Điều kiện 1.2 chỉ chấm theo các mức: 8 / 6 / 4 / 2 điểm."]


def test_only_the_issuers_editors_inspect(inspection, people):
    target = condition(inspection.set, "1.1")
    for outsider in (people.above, people.viewer, people.other_district, people.own):
        with pytest.raises(PermissionDenied):
            services.inspection_score(visit=inspection.visit_a, condition=target, points="1", by=outsider)
        with pytest.raises(PermissionDenied):
            services.visit_record(visit=inspection.visit_a, visited_on=NOV, by=outsider)
        with pytest.raises(PermissionDenied):
            services.ranking_publish(plan=inspection.plan, by=outsider)
    assert inspection.a.scores.filter(inspector_points__isnull=False).count() == 0


def test_rejecting_evidence_needs_a_reason_and_drops_a_mandatory_conditions_points(inspection, people):
    submitted(inspection)
    proof = inspection.a.evidence.get()
    with pytest.raises(ValidationError) as error:
        services.inspection_evidence_reject(
            visit=inspection.visit_a, evidence=proof, reason="  ", by=people.province_officer
        )
    assert error.value.message_dict["reason"] == [
        f"Hãy ghi lý do không chấp nhận minh chứng «{proof.title}»."
    ]
    proof.refresh_from_db()
    assert proof.status == "pending"
    services.inspection_evidence_reject(
        visit=inspection.visit_a,
        evidence=proof,
        reason="Không ghi số, ngày báo cáo",
        by=people.province_officer,
    )
    proof.refresh_from_db()
    assert (proof.status, proof.review_reason, proof.reviewed_by) == (
        "rejected",
        "Không ghi số, ngày báo cáo",
        people.province_officer,
    )
    assert ranking(inspection.plan)[0][:3] == ("HB", D(16), 1)
    assert ranking(inspection.plan)[1][:3] == ("HA", D(9), 2)
    entry = AuditEntry.objects.get(action="inspection.evidence_reject")
    assert entry.reason == "Không ghi số, ngày báo cáo"
    services.inspection_evidence_accept(visit=inspection.visit_a, evidence=proof, by=people.province_officer)
    assert ranking(inspection.plan)[0][:3] == ("HA", D(17), 1)
    assert AuditEntry.objects.filter(action="inspection.evidence_accept").count() == 1


def test_evidence_of_another_unit_cannot_be_reviewed_on_this_visit(inspection, people):
    submitted(inspection)
    other = inspection.b.evidence.get()
    with pytest.raises(ValidationError, match="không thuộc đơn vị đang kiểm tra"):
        services.inspection_evidence_accept(
            visit=inspection.visit_a, evidence=other, by=people.province_officer
        )


def test_a_visit_records_findings_in_the_plans_dates_and_done_marks_the_assessment_inspected(
    inspection, people
):
    submitted(inspection)
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            visit=inspection.visit_a, visited_on=datetime.date(YEAR, 12, 1), by=people.province_officer
        )
    assert error.value.message_dict["visited_on"] == [
        "Ngày kiểm tra phải trong thời gian của kế hoạch (02/11/2025 – 10/11/2025)."
    ]
    with pytest.raises(ValidationError, match="Nhập ngày kiểm tra"):
        services.visit_record(
            visit=inspection.visit_a, visited_on=None, done=True, by=people.province_officer
        )
    visit = services.visit_record(
        visit=inspection.visit_a,
        visited_on=NOV,
        strengths="Tuyên truyền trên mạng xã hội hiệu quả",
        shortcomings="Minh chứng còn sai sót",
        recommendations="Cập nhật phần mềm quản lý đoàn viên",
        done=True,
        by=people.province_officer,
    )
    assert visit.state == InspectionVisit.State.DONE
    inspection.a.refresh_from_db()
    assert (inspection.a.state, inspection.a.final_total) == (Assessment.State.INSPECTED, D(17))
    assert AuditEntry.objects.filter(action="inspection.visit", unit=inspection.visit_a.unit).count() == 1
    services.visit_record(visit=visit, visited_on=NOV, done=False, by=people.province_officer)
    inspection.a.refresh_from_db()
    assert inspection.a.state == Assessment.State.SUBMITTED


def test_publishing_the_ranking_dates_it_and_is_audited(inspection, people):
    plan = services.ranking_publish(
        plan=inspection.plan, on=datetime.date(YEAR, 12, 1), by=people.province_officer
    )
    assert plan.ranking_published_on == datetime.date(YEAR, 12, 1)
    assert "01/12/2025" in AuditEntry.objects.get(action="inspection.publish").summary


def test_the_conclusion_needs_a_number_and_a_date_and_then_freezes_the_results(inspection, people):
    submitted(inspection)
    with pytest.raises(ValidationError) as error:
        services.plan_conclude(plan=inspection.plan, data={"concluded_on": None}, by=people.province_officer)
    assert set(error.value.message_dict) == {"conclusion_number", "concluded_on"}
    too_many = "\n".join(f"Kiến nghị {n}" for n in range(21))
    with pytest.raises(ValidationError, match="Tối đa 20 kiến nghị"):
        services.plan_conclude(
            plan=inspection.plan,
            data={
                "conclusion_number": "15-TB/ĐTN",
                "concluded_on": datetime.date(YEAR, 11, 20),
                "recommendations": too_many,
            },
            by=people.province_officer,
        )
    plan = services.plan_conclude(
        plan=inspection.plan,
        data={
            "conclusion_number": "15-TB/ĐTN",
            "concluded_on": datetime.date(YEAR, 11, 20),
            "recommendations": "Tiếp tục phát huy mạng xã hội\nQuan tâm công tác cán bộ",
        },
        by=people.province_officer,
    )
    assert plan.state == InspectionPlan.State.CONCLUDED
    assert AuditEntry.objects.get(action="inspection.conclude").summary.startswith(
        "Kết luận kiểm tra 15-TB/ĐTN"
    )
    with pytest.raises(ValidationError, match="đã kết luận"):
        services.inspection_score(
            visit=inspection.visit_a,
            condition=condition(inspection.set, "1.1"),
            points="1",
            by=people.province_officer,
        )
    with pytest.raises(PermissionDenied):
        services.plan_conclude(plan=plan, data={}, by=people.above)
