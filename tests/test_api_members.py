"""The members API: list and search in the scope, detail, admit and update through the member services."""

import datetime

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken, AuditEntry
from doanvu.members.models import Member, Status


@pytest.fixture
def api(db):
    """api(user) → a client that sends a fresh bearer token of `user` with every request."""

    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def add_member(unit, name, status=Status.ACTIVE, **fields):
    fields.setdefault("date_of_birth", datetime.date(2000, 5, 1))
    fields.setdefault("joined_on", datetime.date(2016, 3, 26))
    return Member.objects.create(unit=unit, full_name=name, gender="male", status=status, **fields)


@pytest.fixture
def members(tree):
    return {
        "an": add_member(tree.branch_a1, "Nguyễn Văn An", citizen_id="079200000001"),
        "binh": add_member(tree.branch_a1, "Trần Thị Bình"),
        "anh": add_member(tree.branch_a1, "Lê Văn Anh", status=Status.CAME_OF_AGE),
        "cuong": add_member(tree.branch_a2, "Phạm Văn Cường"),
        "dung": add_member(tree.branch_b1, "Võ Thị Dung"),
    }


def names(response):
    assert response.status_code == 200, response.content
    return [member["full_name"] for member in response.json()["results"]]


NEW_MEMBER = {
    "unit": "CA1",
    "full_name": "Đặng Thị Hoa",
    "gender": "female",
    "date_of_birth": "2005-08-20",
    "joined_on": "2021-03-26",
    "citizen_id": "079305000123",
    "phone": "0912345678",
}


def test_a_branch_officer_lists_their_members_in_vietnamese_name_order(members, people, api):
    assert names(api(people.own).get("/api/members/")) == ["Nguyễn Văn An", "Lê Văn Anh", "Trần Thị Bình"]


def test_an_officer_above_lists_the_whole_sub_tree_and_can_narrow_it_to_one_unit(members, people, api):
    client = api(people.above)
    assert names(client.get("/api/members/")) == [
        "Nguyễn Văn An",
        "Lê Văn Anh",
        "Trần Thị Bình",
        "Phạm Văn Cường",
    ]
    assert names(client.get("/api/members/?unit=CA2")) == ["Phạm Văn Cường"]


def test_a_sibling_sees_none_of_the_branch_next_door(members, people, api):
    client = api(people.sibling)
    assert names(client.get("/api/members/")) == ["Phạm Văn Cường"]
    assert client.get("/api/members/?unit=CA1").status_code == 404


def test_search_ignores_case_and_diacritics(members, people, api):
    client = api(people.viewer)
    assert names(client.get("/api/members/?q=nguyen van an")) == ["Nguyễn Văn An"]
    assert names(client.get("/api/members/?q=BINH")) == ["Trần Thị Bình"]
    assert names(client.get("/api/members/?q=079200000001")) == ["Nguyễn Văn An"]


def test_the_list_filters_by_status(members, people, api):
    client = api(people.own)
    assert names(client.get("/api/members/?status=came_of_age")) == ["Lê Văn Anh"]
    assert names(client.get("/api/members/?status=current")) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_an_unknown_status_is_refused_with_the_field_named(members, people, api):
    response = api(people.own).get("/api/members/?status=sleeping")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]
    assert response.json()["errors"]["status"][0].startswith("Giá trị không hợp lệ")


def test_the_list_is_paginated_with_counts(members, people, api):
    body = api(people.viewer).get("/api/members/?page=2&page_size=2").json()
    assert (body["count"], body["pages"], body["page"], body["page_size"]) == (5, 3, 2, 2)
    assert [m["full_name"] for m in body["results"]] == ["Trần Thị Bình", "Phạm Văn Cường"]


def test_a_page_size_over_the_limit_is_refused(members, people, api):
    response = api(people.viewer).get("/api/members/?page_size=5000")
    assert response.status_code == 422
    assert response.json()["errors"]["page_size"] == ["Phải nhỏ hơn hoặc bằng 200."]


@pytest.mark.parametrize("persona", ["own", "above", "approver", "viewer", "admin"])
def test_a_member_is_shown_to_everyone_whose_scope_covers_the_branch(members, people, api, persona):
    response = api(getattr(people, persona)).get(f"/api/members/{members['an'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["full_name"] == "Nguyễn Văn An"
        and body["unit"] == "CA1"
        and body["citizen_id"] == "079200000001"
    )
    assert body["date_of_birth"] == "2000-05-01" and body["status"] == "active"


@pytest.mark.parametrize("persona", ["sibling", "other_district", "nobody"])
def test_a_member_outside_the_scope_answers_404(members, people, api, persona):
    assert api(getattr(people, persona)).get(f"/api/members/{members['an'].pk}/").status_code == 404


def test_an_unknown_member_answers_404(members, people, api):
    assert api(people.admin).get("/api/members/999999/").status_code == 404


def test_a_branch_officer_admits_a_member_and_the_admission_is_audited(tree, people, api):
    response = api(people.own).post("/api/members/", NEW_MEMBER, content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Đặng Thị Hoa" and body["unit"] == "CA1" and body["status"] == "active"
    member = Member.objects.get(pk=body["id"])
    assert member.citizen_id == "079305000123" and member.joined_on == datetime.date(2021, 3, 26)
    assert AuditEntry.objects.filter(action="member.admit", member=member, actor=people.own).exists()


def test_an_officer_above_may_admit_into_a_branch_below(tree, people, api):
    response = api(people.above).post("/api/members/", NEW_MEMBER, content_type="application/json")
    assert response.status_code == 201


def test_a_viewer_cannot_admit(tree, people, api):
    response = api(people.viewer).post("/api/members/", NEW_MEMBER, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}
    assert not Member.objects.exists()


def test_a_sibling_cannot_admit_into_the_branch_next_door(tree, people, api):
    response = api(people.sibling).post("/api/members/", NEW_MEMBER, content_type="application/json")
    assert response.status_code == 404
    assert not Member.objects.exists()


def test_an_invalid_admission_answers_422_with_vietnamese_messages_by_field(tree, people, api):
    data = {**NEW_MEMBER, "citizen_id": "12345", "joined_on": "2019-01-01"}
    response = api(people.own).post("/api/members/", data, content_type="application/json")

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) >= {"citizen_id", "joined_on"}
    assert "12" in errors["citizen_id"][0]
    assert "Chưa đủ tuổi vào Đoàn" in errors["joined_on"][0]
    assert not Member.objects.exists()


def test_a_missing_required_field_is_named(tree, people, api):
    data = {key: value for key, value in NEW_MEMBER.items() if key != "full_name"}
    response = api(people.own).post("/api/members/", data, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"full_name": ["Thiếu trường này."]}


def test_a_member_cannot_be_admitted_into_a_unit_that_is_not_a_branch(tree, people, api):
    response = api(people.above).post(
        "/api/members/", {**NEW_MEMBER, "unit": "XA"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "không phải chi đoàn" in response.json()["errors"]["unit"][0]


def test_a_branch_officer_updates_a_member(members, people, api):
    member = members["binh"]
    response = api(people.own).patch(
        f"/api/members/{member.pk}/",
        {"phone": "0987654321", "residence": "Trà Vinh"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "0987654321"
    member.refresh_from_db()
    assert (member.phone, member.residence, member.full_name) == ("0987654321", "Trà Vinh", "Trần Thị Bình")
    assert AuditEntry.objects.filter(action="member.update", member=member).exists()


def test_null_clears_an_optional_field_but_not_a_required_one(members, people, api):
    member = members["an"]
    client = api(people.own)
    cleared = client.patch(
        f"/api/members/{member.pk}/", {"citizen_id": None}, content_type="application/json"
    )
    refused = client.patch(f"/api/members/{member.pk}/", {"full_name": None}, content_type="application/json")

    assert cleared.status_code == 200 and cleared.json()["citizen_id"] == ""
    assert refused.status_code == 422 and refused.json()["errors"] == {
        "full_name": ["Trường này không được để trống."]
    }


def test_an_invalid_update_changes_nothing(members, people, api):
    member = members["binh"]
    response = api(people.own).patch(
        f"/api/members/{member.pk}/", {"email": "khong-phai-email"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "email" in response.json()["errors"]
    member.refresh_from_db()
    assert member.email == ""


def test_a_viewer_cannot_update(members, people, api):
    response = api(people.viewer).patch(
        f"/api/members/{members['an'].pk}/", {"phone": "0987654321"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_sibling_cannot_update_the_branch_next_door(members, people, api):
    response = api(people.sibling).patch(
        f"/api/members/{members['an'].pk}/", {"phone": "0987654321"}, content_type="application/json"
    )
    assert response.status_code == 404
    members["an"].refresh_from_db()
    assert members["an"].phone == ""
