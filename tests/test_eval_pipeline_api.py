"""The Party pipeline's API: the funnel, lists, who is due, a person's steps; the personas and the API's one
error shape (422 {"errors": {field: [messages]}} in Vietnamese)."""

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.members.models import Member

from .test_eval_pipeline_factories import D, advance, build_cohort, course, member, personas


@pytest.fixture
def officers(tree, people):
    return personas(tree, people)


@pytest.fixture
def cohort(tree, officers):
    return build_cohort(tree, officers)


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_funnel_of_a_unit_and_year(tree, officers, cohort, api):
    response = api(officers.own).get("/api/pipeline/funnel/", {"unit": "XA", "year": 2025})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(s["code"], s["count"]) for s in body["stages"]] == [
        ("proposed", 6),
        ("certified", 4),
        ("introduced", 3),
        ("probationary", 2),
        ("full", 1),
    ]
    assert body["stages"][2]["share"] == 50.0
    assert {c["unit"]: c["counts"]["proposed"] for c in body["children"]} == {"CA1": 4, "CA2": 2}
    assert body["own"] is None
    assert body["year_figures"]["target"] is None


def test_lists_and_a_list_with_its_people(tree, officers, cohort, api):
    client = api(officers.above)
    lists = client.get("/api/pipeline/lists/", {"unit": "HA"}).json()
    assert [(row["unit"], row["year"], row["entries"], row["handed_over_on"]) for row in lists] == [
        ("XA", 2025, 6, "2026-02-03"),
        ("XA", 2024, 1, "2025-02-03"),
    ]
    assert [
        row["year"] for row in client.get("/api/pipeline/lists/", {"unit": "HA", "year": 2024}).json()
    ] == [2024]
    detail = client.get(f"/api/pipeline/lists/{cohort.pk}/").json()
    people = {row["person"]["full_name"]: row["person"] for row in detail["people"]}
    assert sorted(people) == ["An", "Bình", "Cường", "Dung", "Em", "Phúc"]
    assert (people["Dung"]["party_stage"], people["Dung"]["party_full_on"]) == ("full", "2025-05-12")
    assert (people["Phúc"]["certificate_valid"], people["Phúc"]["certificate_expires_on"]) == (
        False,
        "2024-01-05",
    )
    assert people["Bình"]["next_steps"] == ["admit"] and people["Bình"]["lists"] == [cohort.pk]


def test_who_is_due(tree, officers, cohort, api):
    body = api(officers.own).get("/api/pipeline/due/", {"unit": "XA"}).json()
    assert [row["person"]["full_name"] for row in body["full"]] == ["Cường"]
    assert body["full"][0]["day"] == "2026-01-10" and body["full"][0]["days"] < 0
    assert [row["person"]["full_name"] for row in body["certificates"]] == ["Phúc"]
    assert [row["person"]["full_name"] for row in body["introduced"]] == ["Giang", "Bình"]
    assert body["introduced_months"] == 6
    bad = api(officers.own).get("/api/pipeline/due/", {"unit": "XA", "introduced_months": 0})
    assert bad.status_code == 422 and bad.json()["errors"]["introduced_months"] == [
        "Phải lớn hơn hoặc bằng 1."
    ]


def test_a_persons_steps_through_the_api(tree, officers, api):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    base = f"/api/pipeline/members/{a.pk}"
    response = post(api(officers.branch), f"{base}/course/", {"on": "2024-10-05", "certificate": "CT-7"})
    assert response.status_code == 200, response.content
    assert (response.json()["party_stage"], response.json()["certificate_expires_on"]) == (
        "awareness",
        "2029-10-05",
    )
    response = post(api(officers.own), f"{base}/introduce/", {"on": "2025-03-26", "resolution": "12-NQ/ĐTN"})
    assert response.json()["party_introduced_resolution"] == "12-NQ/ĐTN"
    assert (
        post(api(officers.branch), f"{base}/admit/", {"on": "2025-09-02"}).json()["party_stage"]
        == "probationary"
    )
    body = post(api(officers.branch), f"{base}/full/", {"on": "2026-09-02"}).json()
    assert (body["party_stage"], body["party_full_on"], body["next_steps"]) == ("full", "2026-09-02", [])
    assert api(officers.viewer).get(f"{base}/").json()["party_probationary_on"] == "2025-09-02"


def test_refusals_come_back_as_422_with_the_field_in_vietnamese(tree, officers, api):
    young = member(tree.branch_a1, officers.admin, "Lý Văn Trẻ", born=D(2008, 3, 10), joined=D(2023, 6, 1))
    advance(young, officers.own, course_on=D(2025, 1, 10), introduced_on=D(2025, 9, 2))
    response = post(api(officers.branch), f"/api/pipeline/members/{young.pk}/admit/", {"on": "2026-03-09"})
    assert response.status_code == 422
    assert response.json() == {
        "errors": {"on": ["Chỉ được kết nạp Đảng khi đủ 18 tuổi: ngày kết nạp phải từ 10/03/2026."]}
    }
    response = post(api(officers.branch), f"/api/pipeline/members/{young.pk}/full/", {"on": "09/03/2026"})
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json()["errors"]["on"][0]
    young.refresh_from_db()
    assert young.party_probationary_on is None


def test_personas_on_the_read_endpoints(tree, officers, cohort, api):
    m = Member.objects.get(full_name="An")
    for url, params in [
        ("/api/pipeline/funnel/", {"unit": "XA"}),
        ("/api/pipeline/lists/", {"unit": "XA"}),
        (f"/api/pipeline/lists/{cohort.pk}/", {}),
        ("/api/pipeline/due/", {"unit": "XA"}),
        (f"/api/pipeline/members/{m.pk}/", {}),
    ]:
        assert api(officers.own).get(url, params).status_code == 200, url
        assert api(officers.above).get(url, params).status_code == 200, url
        assert api(officers.viewer).get(url, params).status_code == 200, url
        assert api(officers.sibling).get(url, params).status_code == 404, url
        assert Client().get(url, params).status_code == 401, url
    assert api(officers.branch).get("/api/pipeline/funnel/", {"unit": "XA"}).status_code == 404
    assert api(officers.branch).get(f"/api/pipeline/lists/{cohort.pk}/").status_code == 404
    assert api(officers.branch).get(f"/api/pipeline/members/{m.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("course", {"on": "2024-10-05", "certificate": "CT-7"}),
        ("introduce", {"on": "2025-03-26", "resolution": "12-NQ"}),
        ("admit", {"on": "2025-09-02"}),
        ("full", {"on": "2026-09-02"}),
    ],
)
def test_personas_on_the_step_endpoints(tree, officers, api, step, data):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    url = f"/api/pipeline/members/{a.pk}/{step}/"
    assert post(api(officers.viewer), url, data).status_code == 403
    assert post(api(officers.sibling), url, data).status_code == 404
    assert post(api(officers.other_branch), url, data).status_code == 404
    assert post(Client(), url, data).status_code == 401
    if step == "introduce":
        assert post(api(officers.branch), url, data).status_code == 403
    a.refresh_from_db()
    assert (a.party_course_on, a.party_introduced_on, a.party_probationary_on) == (None, None, None)


def test_the_introduction_endpoint_refuses_an_expired_certificate(tree, officers, api):
    a = course(member(tree.branch_a1, officers.admin, "Lê Thị Ánh"), officers.branch, on=D(2020, 1, 15))
    response = post(
        api(officers.own),
        f"/api/pipeline/members/{a.pk}/introduce/",
        {"on": "2025-01-15", "resolution": "12-NQ"},
    )
    assert response.status_code == 422
    assert "đã hết hạn từ 15/01/2025" in response.json()["errors"]["on"][0]
