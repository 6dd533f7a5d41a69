"""The self-assessment and inspection API: a district scores itself, adds evidence (links, notes, files) and
submits; the province inspects, reviews evidence and reads the ranking; same scope rules as the pages,
errors in the API's one shape."""

import datetime

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.inspection.services.assessment import assessment_open
from doanvu.evaluation.models import (
    Assessment,
    CriteriaSet,
    Evidence,
)
from doanvu.reports.models import Report
from doanvu.work.models import Activity, ActivityOrganiser, WorkArea

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import YEAR, condition, fake_png, make_set, png

inspection, media = factories.inspection, factories.media
JSON = "application/json"


def api(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def district(inspection):
    return api(inspection.editor_a)


def test_a_district_self_assesses_through_the_api(inspection, district):
    a = inspection.a
    c11, c12 = condition(inspection.set, "1.1"), condition(inspection.set, "1.2")
    body = district.put(
        f"/api/assessments/{a.pk}/scores/{c11.pk}", {"points": 9, "note": "Đủ"}, content_type=JSON
    ).json()
    assert body["self_total"] == 9 and body["missing_evidence"] == ["1.2"]
    score = next(s for s in body["scores"] if s["code"] == "1.1")
    assert (score["self_points"], score["self_note"], score["max_points"]) == (9, "Đủ", 10)
    assert next(s for s in body["scores"] if s["code"] == "1.2")["grades"] == [8, 6, 4, 2]

    response = district.post(f"/api/assessments/{a.pk}/submit")
    assert response.status_code == 422
    assert response.json()["errors"]["evidence"] == [
        "Điều kiện 1.2 chưa có minh chứng (bắt buộc): Báo cáo đúng hạn"
    ]

    response = district.post(
        f"/api/assessments/{a.pk}/evidence/",
        {
            "condition": c12.pk,
            "kind": "link",
            "url": "https://tinhdoan.vn/bao-cao",
            "title": "Các báo cáo tháng",
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "condition": c12.pk,
        "kind": "link",
        "title": "Các báo cáo tháng",
        "note": "",
        "url": "https://tinhdoan.vn/bao-cao",
        "activity": None,
        "report": None,
        "status": "pending",
        "review_reason": "",
    }
    body = district.post(f"/api/assessments/{a.pk}/submit").json()
    assert body["state"] == "submitted" and body["late"] is True  # the factory's deadline is 31/10/2025


def test_an_evidence_file_is_uploaded_and_downloaded_through_the_api(inspection, district, people):
    a = inspection.a
    target = condition(inspection.set, "1.2")
    response = district.post(
        f"/api/assessments/{a.pk}/evidence/file", {"condition": target.pk, "file": png(), "title": "Biên bản"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["title"], body["url"]) == (
        "file",
        "Biên bản",
        f"/api/evidence/{body['id']}/file",
    )
    download = api(people.province_officer).get(body["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert api(inspection.editor_b).get(body["url"]).status_code == 404
    bad = district.post(
        f"/api/assessments/{a.pk}/evidence/file", {"condition": target.pk, "file": fake_png()}
    )
    assert bad.status_code == 422 and "không phải là tệp PNG hợp lệ" in bad.json()["errors"]["file"][0]
    assert district.delete(f"/api/evidence/{body['id']}/").status_code == 204
    assert not Evidence.objects.exists()


def test_bad_scores_come_back_as_422_in_vietnamese(inspection, district):
    target = condition(inspection.set, "1.2")
    response = district.put(
        f"/api/assessments/{inspection.a.pk}/scores/{target.pk}", {"points": 5}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"]["points"] == ["Điều kiện 1.2 chỉ chấm theo các mức: 8 / 6 / 4 / 2 điểm."]
    other = condition(inspection.set, "1.1")
    response = district.put(
        f"/api/assessments/{inspection.a.pk}/scores/{other.pk}", {"points": 11}, content_type=JSON
    )
    assert response.json()["errors"]["points"] == ["Điều kiện 1.1: điểm phải từ 0 đến 10."]


def test_opening_an_assessment_through_the_api(tree, people, media):
    from .test_eval_inspection_factories import make_set

    criteria_set = make_set(tree.province, [tree.district_a])
    client = api(people.above)
    response = client.post(
        "/api/assessments/", {"criteria_set": criteria_set.pk, "unit": "HA"}, content_type=JSON
    )
    assert response.status_code == 201 and len(response.json()["scores"]) == 3
    assert (
        api(people.province_officer)
        .post("/api/assessments/", {"criteria_set": criteria_set.pk, "unit": "HA"}, content_type=JSON)
        .status_code
        == 403
    )
    assert (
        api(people.other_district)
        .post("/api/assessments/", {"criteria_set": criteria_set.pk, "unit": "HA"}, content_type=JSON)
        .status_code
        == 404
    )
    assert Assessment.objects.count() == 1


def test_the_province_inspects_through_the_api_and_the_ranking_follows(inspection, district, people):
    a = inspection.a
    c11, c12 = condition(inspection.set, "1.1"), condition(inspection.set, "1.2")
    district.put(f"/api/assessments/{a.pk}/scores/{c11.pk}", {"points": 9}, content_type=JSON)
    district.put(f"/api/assessments/{a.pk}/scores/{c12.pk}", {"points": 8}, content_type=JSON)
    proof = district.post(
        f"/api/assessments/{a.pk}/evidence/",
        {"condition": c12.pk, "kind": "note", "note": "12/12"},
        content_type=JSON,
    ).json()
    district.post(f"/api/assessments/{a.pk}/submit")
    province = api(people.province_officer)
    ranking = province.get(f"/api/inspection-plans/{inspection.plan.pk}/ranking").json()
    assert [(r["unit"], r["final_score"], r["rank"], r["proposed_level"]) for r in ranking["rows"]] == [
        ("HA", 17, 1, "outstanding"),
        ("HB", None, None, ""),
    ]
    visit = f"/api/inspection-visits/{inspection.visit_a.pk}"
    response = province.post(f"{visit}/evidence/{proof['id']}/reject", {"reason": ""}, content_type=JSON)
    assert response.status_code == 422 and "lý do" in response.json()["errors"]["reason"][0]
    rejected = province.post(
        f"{visit}/evidence/{proof['id']}/reject", {"reason": "Không có số báo cáo"}, content_type=JSON
    )
    assert (
        rejected.json()["status"] == "rejected" and rejected.json()["review_reason"] == "Không có số báo cáo"
    )
    body = province.put(
        f"{visit}/scores/{c11.pk}", {"points": 7, "comment": "Thiếu danh sách"}, content_type=JSON
    ).json()
    assert (body["final_score"], body["rank"], body["proposed_level"]) == (7, 1, "not_completed")
    assert body["assessment"]["final_total"] == 7
    score = next(s for s in body["assessment"]["scores"] if s["code"] == "1.1")
    assert (score["self_points"], score["inspector_points"], score["inspector_comment"]) == (
        9,
        7,
        "Thiếu danh sách",
    )
    accepted = province.post(f"{visit}/evidence/{proof['id']}/accept").json()
    assert accepted["status"] == "accepted"
    assert province.get(f"{visit}/").json()["final_score"] == 15


def test_plans_are_listed_with_their_visits_in_scope(inspection, people):
    plans = api(people.province_officer).get("/api/inspection-plans/").json()
    assert plans["count"] == 1 and plans["results"][0]["team"] == [
        "Đ/c Trần Văn Cường — Trưởng đoàn",
        "Đ/c Nguyễn Thị Nhã — Thành viên",
    ]
    detail = api(inspection.editor_a).get(f"/api/inspection-plans/{inspection.plan.pk}/").json()
    assert [(v["unit"], v["visit"]) for v in detail["visits"]] == [("HA", inspection.visit_a.pk)]


def test_everything_needs_a_token(inspection, client):
    for url in (f"/api/assessments/{inspection.a.pk}/", "/api/inspection-plans/", "/api/evidence/1/file"):
        assert client.get(url).status_code == 401


def test_a_sibling_citing_another_branchs_activity_or_report_gets_404_that_names_nothing(tree, people, media):
    criteria_set = make_set(tree.province, [tree.branch_a2])
    assessment = assessment_open(criteria_set=criteria_set, unit=tree.branch_a2, by=people.sibling)
    target = condition(criteria_set, "1.1")
    area = WorkArea.objects.get(code="education")

    def activity(unit, title):
        day = datetime.date(YEAR, 4, 2)
        item = Activity.objects.create(title=title, work_area=area, start_on=day, end_on=day, unit=unit)
        ActivityOrganiser.objects.create(activity=item, unit=unit)
        return item

    hidden = activity(tree.branch_a1, "Hội trại kín của chi đoàn A1")
    hidden_report = Report.objects.create(unit=tree.branch_a1, period=f"{YEAR}Q1", number="07-BC/CĐA1")
    sibling = api(people.sibling)
    url = f"/api/assessments/{assessment.pk}/evidence/"
    for record in ({"activity": hidden.pk}, {"report": hidden_report.pk}, {"activity": hidden.pk + 1000}):
        response = sibling.post(url, {"condition": target.pk, "kind": "record", **record}, content_type=JSON)
        assert response.status_code == 404, record
        assert "Hội trại kín" not in response.content.decode() and "07-BC" not in response.content.decode()

    own = activity(tree.branch_a2, "Sinh hoạt chủ điểm của chi đoàn A2")
    response = sibling.post(
        url, {"condition": target.pk, "kind": "record", "activity": own.pk}, content_type=JSON
    )
    assert response.status_code == 201 and response.json()["activity"] == own.pk
    assert not Evidence.objects.exclude(activity=own).exists()


def test_a_draft_set_of_the_province_is_404_to_the_branch_it_will_apply_to_and_names_nothing(tree, people):
    draft = make_set(
        tree.province, [tree.branch_a2], state=CriteriaSet.State.DRAFT, title="Bộ tiêu chí dự thảo của tỉnh"
    )
    sibling = api(people.sibling)
    opened = sibling.post("/api/assessments/", {"criteria_set": draft.pk, "unit": "CA2"}, content_type=JSON)
    listed = sibling.get(f"/api/assessments/?criteria_set={draft.pk}")
    for response in (opened, listed):
        assert response.status_code == 404
        assert "dự thảo" not in response.content.decode()
    assert not Assessment.objects.exists()
