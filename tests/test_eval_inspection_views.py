"""Inspection pages: planning through the form, the plan page (units, visit state, self and final scores,
ranks, levels), the inspector's visit page (evidence accepted or rejected with a reason, scores with a
comment, findings) and the ranking page with its publication."""

import datetime

import pytest

from doanvu.evaluation.inspection.services.assessment import assessment_submit
from doanvu.evaluation.models import (
    Evidence,
    InspectionPlan,
    InspectionVisit,
)

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import YEAR, condition, fill, make_set

inspection, media = factories.inspection, factories.media


@pytest.fixture
def submitted(inspection):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})  # 17
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})  # 16
    for assessment, by in ((inspection.a, inspection.editor_a), (inspection.b, inspection.editor_b)):
        assessment_submit(assessment=assessment, by=by)
    return inspection


def row(page: str, code: str) -> str:
    return page.split(f'data-unit="{code}"')[1].split("</tr>")[0]


def test_the_province_plans_an_inspection_through_the_form(tree, people, login, media):
    criteria_set = make_set(tree.province, [tree.district_a, tree.district_b])
    client = login(people.province_officer)
    form = client.get("/danh-gia/kiem-tra/them/?unit=TV").content.decode()
    assert "Huyện đoàn A" in form and "Huyện đoàn B" in form and criteria_set.title in form
    data = {
        "unit": "TV",
        "number": "128-KH/UBKTTĐ",
        "issued_on": f"{YEAR}-10-18",
        "title": "Kiểm tra công tác Đoàn năm 2025",
        "criteria_set": criteria_set.pk,
        "start_on": f"{YEAR}-11-02",
        "end_on": f"{YEAR + 1}-01-10",
        "team": "Đ/c Trần Trí Cường — Trưởng đoàn",
        "units": [tree.district_a.pk, tree.district_b.pk],
    }
    page = client.post("/danh-gia/kiem-tra/them/", data).content.decode()
    assert "Thời gian kiểm tra phải trong năm 2025." in page
    assert not InspectionPlan.objects.exists()
    response = client.post("/danh-gia/kiem-tra/them/", {**data, "end_on": f"{YEAR}-11-10"}, follow=True)
    page = response.content.decode()
    assert "Đã lập kế hoạch kiểm tra 128-KH/UBKTTĐ." in page
    assert "Đ/c Trần Trí Cường — Trưởng đoàn" in page and "02/11/2025 – 10/11/2025" in page
    assert InspectionVisit.objects.count() == 2


def test_a_district_cannot_plan_for_the_province_and_a_viewer_cannot_plan(tree, people, login, media):
    assert login(people.viewer).get("/danh-gia/kiem-tra/them/?unit=TV").status_code == 403
    assert login(people.above).get("/danh-gia/kiem-tra/them/?unit=TV").status_code == 404


def test_the_plan_page_shows_visit_states_self_and_final_scores_ranks_and_levels(submitted, people, login):
    page = login(people.province_officer).get(f"/danh-gia/kiem-tra/{submitted.plan.pk}/").content.decode()
    ha = row(page, "HA")
    assert "data-rank>1<" in ha and "data-self>17<" in ha and "data-final>17<" in ha
    assert "Hoàn thành xuất sắc nhiệm vụ" in ha and "Chưa kiểm tra" in ha and "gửi quá hạn" in ha
    assert "Hoàn thành tốt nhiệm vụ" in row(page, "HB")
    assert "Sửa kế hoạch" in page and "Kết luận kiểm tra" in page
    viewer_page = login(people.viewer).get(f"/danh-gia/kiem-tra/{submitted.plan.pk}/").content.decode()
    assert "Sửa kế hoạch" not in viewer_page and "data-final>17<" in viewer_page


def test_the_inspector_rejects_evidence_with_a_reason_and_scores_and_the_ranking_follows(
    submitted, people, login
):
    client = login(people.province_officer)
    visit = submitted.visit_a
    proof = submitted.a.evidence.get()
    page = client.get(f"/danh-gia/kiem-tra/don-vi/{visit.pk}/").content.decode()
    assert proof.title in page and "Không chấp nhận" in page and "Lưu điểm kiểm tra" in page
    review = f"/danh-gia/kiem-tra/don-vi/{visit.pk}/minh-chung/{proof.pk}/"
    response = client.post(review, {"decision": "reject", "reason": ""}, follow=True)
    assert "Hãy ghi lý do không chấp nhận minh chứng" in response.content.decode()
    response = client.post(
        review, {"decision": "reject", "reason": "Thiếu số, ngày của báo cáo"}, follow=True
    )
    page = response.content.decode()
    assert "Lý do: Thiếu số, ngày của báo cáo" in page
    assert '<strong data-total="final">9</strong>' in page and '<strong data-total="rank">2</strong>' in page
    proof.refresh_from_db()
    assert proof.status == Evidence.Status.REJECTED

    target = condition(submitted.set, "1.1")
    response = client.post(
        f"/danh-gia/kiem-tra/don-vi/{visit.pk}/dieu-kien/{target.pk}/",
        {"points": "10", "comment": "Đủ kế hoạch và danh sách"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu điểm kiểm tra điều kiện 1.1." in page and "Đủ kế hoạch và danh sách" in page
    ranking = client.get(f"/danh-gia/kiem-tra/{submitted.plan.pk}/xep-hang/").content.decode()
    assert "data-final>10<" in row(ranking, "HA") and "data-rank>2<" in row(ranking, "HA")
    assert "data-rank>1<" in row(ranking, "HB")


def test_findings_are_recorded_on_the_visit_page_and_shown_to_the_unit(submitted, people, login):
    client = login(people.province_officer)
    url = f"/danh-gia/kiem-tra/don-vi/{submitted.visit_a.pk}/ket-qua/"
    response = client.post(url, {"visited_on": f"{YEAR}-12-01", "done": "on"}, follow=True)
    assert (
        "Ngày kiểm tra phải trong thời gian của kế hoạch (02/11/2025 – 10/11/2025)."
        in response.content.decode()
    )
    client.post(
        url,
        {
            "visited_on": f"{YEAR}-11-04",
            "strengths": "Ứng dụng mạng xã hội tốt",
            "shortcomings": "Số liệu chưa chính xác",
            "recommendations": "Rà soát số liệu đoàn viên",
            "done": "on",
        },
    )
    visit = InspectionVisit.objects.get(pk=submitted.visit_a.pk)
    assert (visit.state, visit.visited_on) == ("done", datetime.date(YEAR, 11, 4))
    page = login(submitted.editor_a).get(f"/danh-gia/kiem-tra/don-vi/{visit.pk}/").content.decode()
    assert (
        "Số liệu chưa chính xác" in page and "Lưu điểm kiểm tra" not in page and "Không chấp nhận" not in page
    )


def test_publishing_the_ranking_from_its_page(submitted, people, login):
    url = f"/danh-gia/kiem-tra/{submitted.plan.pk}/xep-hang/"
    client = login(people.province_officer)
    assert "Chưa công bố" in client.get(url).content.decode()
    assert login(people.viewer).post(f"/danh-gia/kiem-tra/{submitted.plan.pk}/cong-bo/").status_code == 403
    client = login(people.province_officer)
    page = client.post(f"/danh-gia/kiem-tra/{submitted.plan.pk}/cong-bo/", follow=True).content.decode()
    assert "Đã công bố xếp hạng cho các đơn vị được kiểm tra." in page
    assert login(submitted.editor_b).get(url).status_code == 200


def test_the_plan_list_shows_the_plans_a_user_may_see(submitted, people, login):
    assert "128-KH/UBKTTĐ" in login(submitted.editor_b).get("/danh-gia/kiem-tra/").content.decode()
    assert "128-KH/UBKTTĐ" not in login(people.own).get("/danh-gia/kiem-tra/").content.decode()
    assert (
        "Lập kế hoạch kiểm tra" in login(people.province_officer).get("/danh-gia/kiem-tra/").content.decode()
    )


def test_editing_the_plan_keeps_its_units_checked(submitted, tree, people, login):
    client = login(people.province_officer)
    page = client.get(f"/danh-gia/kiem-tra/{submitted.plan.pk}/sua/").content.decode()
    assert page.count("checked") >= 2
    assert login(submitted.editor_a).get(f"/danh-gia/kiem-tra/{submitted.plan.pk}/sua/").status_code == 403
