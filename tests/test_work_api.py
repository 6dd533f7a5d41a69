"""The work API: activities with figures inside, direct values, targets; same scope rules and error shape."""

import datetime

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.reports.models import Report
from doanvu.work import services
from doanvu.work.models import Activity, DirectValue, Target

from .test_work_factories import catalogue, lock, media, png, record  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue", "media")


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


NEW = {
    "unit": "CA1",
    "title": "Tuyên truyền Luật Thanh niên",
    "work_area": "education",
    "start_on": "2025-03-10",
    "place": "Hội trường",
    "figures": {"activities": 12, "participations": 196, "funds_vnd": 1500000},
}


def test_a_branch_officer_records_an_activity_and_gets_it_back_with_its_figures(tree, people, api):
    response = api(people.own).post("/api/activities/", NEW, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["figures"] == {"activities": 12, "participations": 196, "funds_vnd": 1500000}
    assert (body["unit"], body["organisers"], body["end_on"], body["warnings"]) == (
        "CA1",
        ["CA1"],
        "2025-03-10",
        [],
    )
    assert api(people.above).get(f"/api/activities/{body['id']}/").json()["title"] == NEW["title"]


def test_rules_come_back_as_422_in_vietnamese_and_nothing_is_written(tree, people, api):
    bad = {**NEW, "figures": {"activities": 12, "participations": 5}}
    response = api(people.own).post("/api/activities/", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["figures"][0].startswith(
        "Số lượt tham gia (5) phải lớn hơn hoặc bằng số cuộc (12)"
    )
    response = api(people.own).post(
        "/api/activities/", {**NEW, "start_on": "10/03/2025"}, content_type="application/json"
    )
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json()["errors"]["start_on"][0]
    assert Activity.objects.count() == 0


def test_personas_on_the_activity_endpoints(tree, people, api):
    activity = record(tree.branch_a1, people.own)
    url = f"/api/activities/{activity.pk}/"
    assert api(people.sibling).get(url).status_code == 404
    assert api(people.sibling).patch(url, {"title": "x"}, content_type="application/json").status_code == 404
    assert api(people.sibling).delete(url).status_code == 404
    assert api(people.viewer).get(url).status_code == 200
    assert api(people.viewer).patch(url, {"title": "x"}, content_type="application/json").status_code == 403
    assert api(people.viewer).delete(url).status_code == 403
    assert (
        api(people.viewer).post("/api/activities/", NEW, content_type="application/json").status_code == 403
    )
    assert (
        api(people.sibling).post("/api/activities/", NEW, content_type="application/json").status_code == 404
    )
    assert api(people.sibling).get("/api/activities/?unit=CA1").status_code == 404
    assert api(people.sibling).get("/api/activities/").json()["count"] == 0
    assert Client().get("/api/activities/").status_code == 401


def test_an_officer_above_lists_the_sub_tree_once_per_joint_activity_and_by_period(tree, people, api):
    record(tree.grassroots_a, people.above, co_organisers=["CA1", "CA2"])
    record(tree.branch_a1, people.own, title="Quý hai", start_on=datetime.date(2025, 4, 5))
    body = api(people.above).get("/api/activities/?unit=HA").json()
    assert body["count"] == 2
    assert [
        a["title"] for a in api(people.above).get("/api/activities/?unit=HA&period=2025Q2").json()["results"]
    ] == ["Quý hai"]
    response = api(people.above).get("/api/activities/?period=Q9")
    assert (
        response.status_code == 422
        and "Kỳ báo cáo «Q9» không hợp lệ" in response.json()["errors"]["period"][0]
    )


def test_patch_changes_fields_and_replaces_figures_and_delete_removes(tree, people, api):
    activity = record(tree.branch_a1, people.own, figures={"activities": 3})
    url = f"/api/activities/{activity.pk}/"
    body = (
        api(people.own)
        .patch(
            url, {"place": "Sân vận động", "figures": {"participations": 80}}, content_type="application/json"
        )
        .json()
    )
    assert (body["place"], body["figures"]) == ("Sân vận động", {"participations": 80})
    response = api(people.own).patch(url, {"title": None}, content_type="application/json")
    assert response.status_code == 422
    lock(tree.branch_a1, "2025Q1")
    response = api(people.own).delete(url)
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Báo cáo kỳ quý I/2025 của Chi đoàn A1 đã gửi; dữ liệu kỳ này đã khóa."
    ]
    assert Activity.objects.filter(pk=activity.pk).exists()
    Report.objects.all().delete()
    assert api(people.own).delete(url).status_code == 204
    assert Activity.objects.count() == 0


def test_evidence_is_downloadable_through_the_api_within_the_scope(tree, people, api):
    activity = record(tree.branch_a1, people.own)
    services.attachment_add(activity=activity, upload=png(), by=people.own)
    (item,) = api(people.own).get(f"/api/activities/{activity.pk}/").json()["attachments"]
    assert api(people.above).get(item["url"]).status_code == 200
    assert api(people.sibling).get(item["url"]).status_code == 404


def test_direct_values_are_read_and_written_as_a_grid(tree, people, api):
    client = api(people.own)
    body = client.get("/api/direct-values/?unit=CA1&period=2025").json()
    assert {
        "indicator": "initiatives",
        "name": "Sáng kiến, giải pháp được công nhận",
        "unit_label": "sáng kiến",
        "value": None,
        "note": "",
    } in body["values"]
    payload = {
        "unit": "CA1",
        "period": "2025",
        "values": [{"indicator": "initiatives", "value": 4, "note": "QĐ 12"}],
    }
    body = client.put("/api/direct-values/", payload, content_type="application/json").json()
    assert {row["indicator"]: row["value"] for row in body["values"]}["initiatives"] == 4
    bad = {"unit": "CA1", "period": "2025", "values": [{"indicator": "members", "value": 4}]}
    response = client.put("/api/direct-values/", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["members"] == [
        "Chỉ số «members» không phải chỉ số nhập trực tiếp của Chi đoàn A1."
    ]
    assert (
        api(people.viewer).put("/api/direct-values/", payload, content_type="application/json").status_code
        == 403
    )
    assert api(people.sibling).get("/api/direct-values/?unit=CA1&period=2025").status_code == 404
    assert DirectValue.objects.count() == 1


def test_targets_are_handed_down_and_read_with_progress(tree, people, api):
    payload = {"unit": "CA1", "period": "2025", "indicator": "participations", "value": 100}
    response = api(people.above).post("/api/targets/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    record(tree.branch_a1, people.own, figures={"participations": 150})
    (row,) = api(people.own).get("/api/targets/?unit=CA1&period=2025").json()["targets"]
    assert (row["target"], row["achieved"], row["percent"], row["set_by"], row["handed_down"]) == (
        100,
        150,
        150.0,
        "HA",
        True,
    )
    lower = {**payload, "value": 50}
    response = api(people.own).post("/api/targets/", lower, content_type="application/json")
    assert response.status_code == 422 and "không được hạ thấp" in response.json()["errors"]["value"][0]
    assert (
        api(people.viewer).post("/api/targets/", payload, content_type="application/json").status_code == 403
    )
    assert api(people.sibling).get("/api/targets/?unit=CA1&period=2025").status_code == 404
    assert (
        api(people.sibling).post("/api/targets/", payload, content_type="application/json").status_code == 404
    )
    assert Target.objects.get().value == 100
