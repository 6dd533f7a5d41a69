"""The units API: the scope as a list, one unit with its member counts, a sub-tree today or on a past date."""

import datetime

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.members.models import Member, Status
from doanvu.org.models import OrgUnit, UnitVersion, lineage_segment

from .conftest import make_unit


@pytest.fixture
def api(db):
    """api(user) → a client that sends a fresh bearer token of `user` with every request."""

    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def codes(response):
    return [unit["code"] for unit in response.json()["results"]]


def add_member(unit, name="Nguyễn Văn An", status=Status.ACTIVE):
    return Member.objects.create(
        unit=unit, full_name=name, gender="male", date_of_birth=datetime.date(2000, 5, 1), status=status
    )


def test_an_officer_lists_their_unit_and_everything_under_it_in_tree_order(tree, people, api):
    response = api(people.above).get("/api/units/")
    assert response.status_code == 200
    assert codes(response) == ["HA", "XA", "CA1", "CA2"]
    parents = {unit["code"]: unit["parent"] for unit in response.json()["results"]}
    assert parents == {"HA": "TV", "XA": "HA", "CA1": "XA", "CA2": "XA"}


def test_a_branch_officer_lists_only_their_branch(tree, people, api):
    assert codes(api(people.own).get("/api/units/")) == ["CA1"]


def test_the_list_narrows_to_a_sub_tree_and_a_number_of_levels(tree, people, api):
    client = api(people.viewer)
    assert codes(client.get("/api/units/?under=XA")) == ["XA", "CA1", "CA2"]
    assert codes(client.get("/api/units/?under=HA&depth=1")) == ["HA", "XA"]
    assert codes(client.get("/api/units/?depth=0")) == ["TV"]


def test_a_site_admin_lists_the_roots_with_depth_zero(tree, people, api):
    assert codes(api(people.admin).get("/api/units/?depth=0")) == ["TV"]


def test_a_sibling_asking_under_another_branch_gets_404(tree, people, api):
    response = api(people.sibling).get("/api/units/?under=CA1")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_user_without_a_unit_lists_nothing(tree, people, api):
    response = api(people.nobody).get("/api/units/")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_unit_list_is_paginated(tree, people, api):
    body = api(people.viewer).get("/api/units/?page_size=3&page=2").json()
    assert body["count"] == 8 and body["pages"] == 3 and body["page"] == 2
    assert [unit["code"] for unit in body["results"]] == ["CA1", "CA2", "HB"]


def test_a_unit_shows_its_parent_kind_dates_and_member_counts(tree, people, api):
    add_member(tree.branch_a1)
    add_member(tree.branch_a1, "Trần Thị Bình")
    add_member(tree.branch_a2, "Lê Văn Cường")
    add_member(tree.branch_a2, "Phạm Thị Dung", status=Status.TRANSFER_PENDING)
    add_member(tree.branch_a2, "Võ Văn Em", status=Status.CAME_OF_AGE)

    body = api(people.above).get("/api/units/XA/").json()

    assert body["code"] == "XA" and body["name"] == "Đoàn xã A"
    assert body["parent"] == "HA"
    assert body["kind"] == "grassroots"
    assert body["active_from"] == "2020-01-01" and body["active_to"] is None
    assert body["children"] == 2
    assert body["members"] == {"unit": 0, "subtree": 3, "transfer_pending": 1}
    assert api(people.own).get("/api/units/CA1/").json()["members"]["unit"] == 2


@pytest.mark.parametrize("persona", ["own", "above", "approver", "viewer", "admin"])
def test_everyone_whose_scope_covers_a_branch_can_open_it(tree, people, api, persona):
    assert api(getattr(people, persona)).get("/api/units/CA1/").status_code == 200


@pytest.mark.parametrize("persona", ["sibling", "other_district", "nobody"])
def test_a_unit_outside_the_scope_answers_404(tree, people, api, persona):
    assert api(getattr(people, persona)).get("/api/units/CA1/").status_code == 404
    assert api(getattr(people, persona)).get("/api/units/CA1/tree/").status_code == 404


def test_an_unknown_unit_code_answers_404(tree, people, api):
    assert api(people.admin).get("/api/units/KHONGCO/").status_code == 404


def test_the_tree_nests_units_under_their_parents(tree, people, api):
    body = api(people.above).get("/api/units/HA/tree/").json()
    assert body["unit"] == "HA" and body["on"] is None and not body["flat"]
    [root] = body["units"]
    assert root["code"] == "HA" and root["level"] == 0 and root["parent"] == "TV"
    [grassroots] = root["children"]
    assert grassroots["code"] == "XA" and grassroots["level"] == 1
    assert [(c["code"], c["parent"], c["level"]) for c in grassroots["children"]] == [
        ("CA1", "XA", 2),
        ("CA2", "XA", 2),
    ]


def test_the_tree_comes_flat_with_parent_codes(tree, people, api):
    body = api(people.viewer).get("/api/units/XA/tree/?flat=true").json()
    assert [(u["code"], u["parent"], u["children"]) for u in body["units"]] == [
        ("XA", "HA", []),
        ("CA1", "XA", []),
        ("CA2", "XA", []),
    ]


def test_the_tree_on_a_past_date_leaves_out_units_founded_later(tree, people, api):
    make_unit(tree.grassroots_a, "branch", "Chi đoàn A3", "CA3", on=datetime.date(2024, 1, 1))
    client = api(people.above)

    today = client.get("/api/units/XA/tree/?flat=true").json()
    before = client.get("/api/units/XA/tree/?flat=true&on=2022-06-30").json()

    assert [u["code"] for u in today["units"]] == ["XA", "CA1", "CA2", "CA3"]
    assert before["on"] == "2022-06-30"
    assert [u["code"] for u in before["units"]] == ["XA", "CA1", "CA2"]


def test_the_tree_on_a_past_date_shows_a_moved_unit_under_its_old_parent(tree, people, api):
    """CA2 moved from XA to XB on 1/1/2025: its history says where it stood before."""
    moved_on = datetime.date(2025, 1, 1)
    old = UnitVersion.objects.get(unit=tree.branch_a2)
    old.valid_to = moved_on
    old.save()
    xb = UnitVersion.objects.get(unit=tree.grassroots_b)
    UnitVersion.objects.create(
        unit=tree.branch_a2,
        valid_from=moved_on,
        parent=tree.grassroots_b,
        name=old.name,
        kind=old.kind,
        lineage=xb.lineage + lineage_segment(tree.branch_a2.pk),
        depth=xb.depth + 1,
    )
    OrgUnit.objects.move(tree.branch_a2, tree.grassroots_b, "last-child")
    client = api(people.province_officer)

    nested = client.get("/api/units/XA/tree/?on=2024-12-31").json()
    assert [c["code"] for c in nested["units"][0]["children"]] == ["CA1", "CA2"]
    assert [c["code"] for c in client.get("/api/units/XA/tree/").json()["units"][0]["children"]] == ["CA1"]
    flat = client.get("/api/units/XB/tree/?flat=true&on=2025-02-01").json()
    assert [(u["code"], u["parent"]) for u in flat["units"]] == [("XB", "HB"), ("CA2", "XB"), ("CB1", "XB")]


def test_the_tree_of_a_unit_before_it_existed_answers_404_saying_why(tree, people, api):
    response = api(people.above).get("/api/units/XA/tree/?on=2019-05-01")
    assert response.status_code == 404
    assert "01/05/2019" in response.json()["detail"]


def test_a_malformed_date_is_refused_in_vietnamese(tree, people, api):
    response = api(people.above).get("/api/units/XA/tree/?on=30/06/2022")
    assert response.status_code == 422
    assert response.json()["errors"]["on"] == [
        "Ngày không hợp lệ; hãy viết dạng YYYY-MM-DD (ví dụ 2020-12-15)."
    ]
