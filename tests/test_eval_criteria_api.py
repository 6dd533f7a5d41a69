"""The criteria and classification API: sets with their structure nested, xlsx, create, copy, issue;
classifications of a unit's children and the decision. Personas on every endpoint."""

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.models import (
    CriteriaSet,
    Level,
    UnitClassification,
)

from .test_eval_criteria_factories import build_set, structure, visit, xa_editor


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def issued(tree):
    """Issued by XA to the branch CA1."""
    xa = xa_editor(tree)
    return build_set(tree, xa, issuer=tree.grassroots_a, units=[tree.branch_a1], issue=True), xa


def test_a_set_comes_with_its_criteria_contents_and_conditions_nested(tree, people, api, issued):
    criteria_set, _xa = issued
    body = api(people.own).get(f"/api/criteria-sets/{criteria_set.pk}/").json()
    assert (body["issuer"], body["year"], body["state"], body["units"]) == ("XA", 2025, "issued", ["CA1"])
    assert (body["base_points"], body["bonus_points"]) == (28, 2.5)
    first = body["criteria"][0]["contents"][0]["conditions"][0]
    assert (
        first["code"] == "1.1" and first["max_points"] == "8" and first["data_source"] == "report_timeliness"
    )
    assert first["grades"][0] == {"points": "8", "text": "tất cả báo cáo đúng hạn"}
    assert body["criteria"][1]["contents"][0]["conditions"][0]["data_params"] == {
        "indicator": "blood_units",
        "thresholds": [[100, 10], [50, 5]],
    }


def test_personas_on_the_set_endpoints(tree, people, api, issued):
    criteria_set, xa = issued
    path = f"/api/criteria-sets/{criteria_set.pk}/"
    for user in (people.sibling, people.other_district):
        assert api(user).get(path).status_code == 404
        assert api(user).get(path + "xlsx").status_code == 404
        assert (
            api(user).post(path + "copy", {"year": 2026}, content_type="application/json").status_code == 404
        )
    assert api(people.viewer).get(path).status_code == 200
    assert (
        api(people.viewer).post(path + "copy", {"year": 2026}, content_type="application/json").status_code
        == 403
    )
    assert api(people.own).post(path + "issue").status_code == 403
    assert [s["id"] for s in api(people.own).get("/api/criteria-sets/").json()] == [criteria_set.pk]
    assert api(people.sibling).get("/api/criteria-sets/").json() == []
    assert api(people.sibling).get("/api/criteria-sets/?unit=CA1").status_code == 404
    assert [s["id"] for s in api(people.above).get("/api/criteria-sets/?unit=CA1&year=2025").json()] == [
        criteria_set.pk
    ]
    assert api(people.above).get("/api/criteria-sets/?year=2024").json() == []


def test_the_xlsx_download_is_the_sets_workbook(tree, people, api, issued):
    criteria_set, _xa = issued
    response = api(people.own).get(f"/api/criteria-sets/{criteria_set.pk}/xlsx")
    assert (
        response.status_code == 200
        and 'filename="bo-tieu-chi-xa-2025.xlsx"' in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert (sheet["B1"].value, sheet["E7"].value, sheet["G7"].value) == (criteria_set.title, "1.1", 8)


def test_a_whole_set_is_created_copied_and_issued_through_the_api(tree, people, api):
    client = api(people.province_officer)
    payload = {"issuer": "TV", "year": 2025, "title": "Bộ tiêu chí năm 2025", "criteria": structure()}
    response = post(client, "/api/criteria-sets/", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["units"], body["base_points"], body["bonus_points"]) == (["HA", "HB"], 28, 2.5)
    copied = post(client, f"/api/criteria-sets/{body['id']}/copy", {"year": 2026})
    assert copied.status_code == 201 and copied.json()["title"] == "Bộ tiêu chí năm 2026"
    assert copied.json()["criteria"] == body["criteria"]
    issued = client.post(f"/api/criteria-sets/{copied.json()['id']}/issue")
    assert issued.status_code == 200 and issued.json()["state"] == "issued"


def test_a_bad_structure_comes_back_as_422_in_vietnamese_and_nothing_is_written(tree, people, api):
    rows = structure()
    rows[0]["contents"][0]["conditions"][0]["grades"] = "10: quá"
    payload = {"issuer": "TV", "year": 2025, "title": "Bộ tiêu chí", "criteria": rows}
    response = post(api(people.province_officer), "/api/criteria-sets/", payload)
    assert response.status_code == 422
    assert response.json()["errors"]["structure"] == [
        "Tiêu chí I, nội dung 1, điều kiện thứ 1 — các mức điểm: Mức 10 điểm lớn hơn điểm tối đa (8)."
    ]
    assert not CriteriaSet.objects.exists()
    assert post(api(people.above), "/api/criteria-sets/", payload).status_code == 404
    assert post(api(people.viewer), "/api/criteria-sets/", payload).status_code == 403


def test_classifications_of_the_children_with_score_and_data(tree, people, api):
    criteria_set = build_set(tree, people.province_officer, issue=True)
    visit(criteria_set, tree.district_a, final_score="24", proposed_level=Level.GOOD)
    body = api(people.province_officer).get("/api/classifications/?unit=TV&year=2025").json()
    assert [c["unit"] for c in body["children"]] == ["HA", "HB"]
    first = body["children"][0]
    assert first["score"] == {"value": 24, "source": "inspection", "proposed_level": "good"}
    assert first["level"] is None and first["can_decide"] and first["report_timeliness"] == "—"
    assert set(first["data"]) >= {
        "members",
        "meeting_attendance_pct",
        "members_evaluated_pct",
        "members_good",
    }
    assert body["own"] == {"level": None, "decided_on": None, "decided_by_unit": None}


def test_the_unit_above_decides_through_the_api_and_personas_are_kept(tree, people, api):
    payload = {
        "unit": "XA",
        "year": 2025,
        "decided_on": "2026-01-10",
        "decision_number": "20-QĐ/ĐTN",
        "decisions": [
            {"unit": "CA1", "level": "outstanding", "note": "Dẫn đầu"},
            {"unit": "CA2", "level": "good"},
        ],
    }
    assert post(api(people.sibling), "/api/classifications/", payload).status_code == 404
    assert post(api(people.viewer), "/api/classifications/", payload).status_code == 403
    response = post(api(people.above), "/api/classifications/", payload)
    assert response.status_code == 200, response.content
    levels = {c["unit"]: c["level"] for c in response.json()["children"]}
    assert levels == {"CA1": "outstanding", "CA2": "good"}
    assert UnitClassification.objects.get(unit=tree.branch_a1).decided_on == datetime.date(2026, 1, 10)
    own = api(people.own).get("/api/classifications/?unit=CA1&year=2025").json()
    assert own["own"]["level"] == "outstanding" and own["children"] == []
    assert api(people.sibling).get("/api/classifications/?unit=CA1&year=2025").status_code == 404
    bad = post(
        api(people.above),
        "/api/classifications/",
        {**payload, "decisions": [{"unit": "CA1", "level": "great"}]},
    )
    assert bad.status_code == 422 and "hãy chọn" in bad.json()["errors"]["level"][0]
