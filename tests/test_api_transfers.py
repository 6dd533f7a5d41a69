"""The transfers API: inbox and outbox of the scope, request, accept, reject — through the member services."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from doanvu.accounts.models import ApiToken, AuditEntry
from doanvu.members.models import Member, Status, Transfer

REQUESTED = datetime.date(2025, 3, 1)


@pytest.fixture
def api(db):
    """api(user) → a client that sends a fresh bearer token of `user` with every request."""

    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def add_member(unit, name, status=Status.ACTIVE):
    return Member.objects.create(
        unit=unit,
        full_name=name,
        gender="female",
        status=status,
        date_of_birth=datetime.date(2000, 5, 1),
        joined_on=datetime.date(2016, 3, 26),
    )


@pytest.fixture
def an(tree):
    return add_member(tree.branch_a1, "Nguyễn Thị An")


@pytest.fixture
def pending(tree, an):
    """An is on her way from CA1 to CA2."""
    an.status = Status.TRANSFER_PENDING
    an.save()
    return Transfer.objects.create(
        member=an,
        from_unit=tree.branch_a1,
        to_unit=tree.branch_a2,
        requested_on=REQUESTED,
        reason="Chuyển nơi ở",
    )


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return [(t["id"], t["incoming"], t["outgoing"]) for t in response.json()["results"]]


def test_the_sending_branch_sees_the_transfer_as_outgoing(pending, people, api):
    client = api(people.own)
    assert ids(client.get("/api/transfers/")) == [(pending.pk, False, True)]
    assert ids(client.get("/api/transfers/?direction=incoming")) == []
    body = client.get("/api/transfers/?direction=outgoing").json()["results"][0]
    assert (body["member_name"], body["from_unit"], body["to_unit"], body["state"]) == (
        "Nguyễn Thị An",
        "CA1",
        "CA2",
        "pending",
    )
    assert body["requested_on"] == "2025-03-01" and body["reason"] == "Chuyển nơi ở"


def test_the_receiving_branch_sees_it_as_incoming(pending, people, api):
    client = api(people.sibling)
    assert ids(client.get("/api/transfers/")) == [(pending.pk, True, False)]
    assert ids(client.get("/api/transfers/?direction=outgoing")) == []


def test_an_officer_above_both_branches_sees_it_both_ways(pending, people, api):
    assert ids(api(people.above).get("/api/transfers/")) == [(pending.pk, True, True)]


def test_another_district_sees_nothing_of_it(pending, people, api):
    assert ids(api(people.other_district).get("/api/transfers/")) == []
    assert ids(api(people.nobody).get("/api/transfers/")) == []


def test_the_list_filters_by_state(pending, people, api):
    client = api(people.above)
    assert ids(client.get("/api/transfers/?state=accepted")) == []
    assert ids(client.get("/api/transfers/?state=pending")) == [(pending.pk, True, True)]
    assert client.get("/api/transfers/?direction=sideways").status_code == 422


def test_a_branch_officer_requests_a_transfer(tree, people, an, api):
    response = post(
        api(people.own),
        "/api/transfers/",
        {
            "member": an.pk,
            "to_unit": "CB1",
            "requested_on": "2025-03-01",
            "reason": "Đi làm ở huyện B",
            "dues_paid_until": "2/2025",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["to_unit"], body["state"], body["dues_paid_until"], body["outgoing"]) == (
        "CB1",
        "pending",
        "02/2025",
        True,
    )
    an.refresh_from_db()
    assert an.status == Status.TRANSFER_PENDING
    assert AuditEntry.objects.filter(action="transfer.request", member=an, actor=people.own).exists()


def test_the_request_date_defaults_to_today(tree, people, an, api):
    response = post(api(people.own), "/api/transfers/", {"member": an.pk, "to_unit": "CA2"})
    assert response.status_code == 201
    assert response.json()["requested_on"] == timezone.localdate().isoformat()


def test_a_request_to_an_unknown_unit_names_the_field(tree, people, an, api):
    response = post(api(people.own), "/api/transfers/", {"member": an.pk, "to_unit": "KHONGCO"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"to_unit": ["Không có đơn vị mã “KHONGCO”."]}


def test_a_request_to_a_unit_that_is_not_a_branch_is_refused(tree, people, an, api):
    response = post(api(people.own), "/api/transfers/", {"member": an.pk, "to_unit": "XB"})
    assert response.status_code == 422
    assert "không phải chi đoàn" in response.json()["errors"]["to_unit"][0]
    an.refresh_from_db()
    assert an.status == Status.ACTIVE


def test_a_viewer_cannot_request_a_transfer(tree, people, an, api):
    response = post(api(people.viewer), "/api/transfers/", {"member": an.pk, "to_unit": "CA2"})
    assert response.status_code == 403
    assert not Transfer.objects.exists()


def test_a_sibling_cannot_request_a_transfer_for_a_member_next_door(tree, people, an, api):
    response = post(api(people.sibling), "/api/transfers/", {"member": an.pk, "to_unit": "CA2"})
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_the_receiving_branch_accepts_and_the_member_moves(pending, people, an, api, tree):
    response = post(api(people.sibling), f"/api/transfers/{pending.pk}/accept", {"on": "2025-03-10"})

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted" and response.json()["decided_on"] == "2025-03-10"
    an.refresh_from_db()
    assert (an.unit, an.status) == (tree.branch_a2, Status.ACTIVE)
    assert AuditEntry.objects.filter(action="transfer.accept", member=an, actor=people.sibling).exists()


def test_accepting_without_a_body_decides_today(pending, people, api):
    response = api(people.sibling).generic("POST", f"/api/transfers/{pending.pk}/accept")
    assert response.status_code == 200, response.content
    assert response.json()["decided_on"] == timezone.localdate().isoformat()


def test_a_body_that_is_not_json_is_refused_in_vietnamese(pending, people, api):
    response = api(people.sibling).post(
        f"/api/transfers/{pending.pk}/accept", "on=hom-nay", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Không đọc được nội dung gửi lên; hãy gửi JSON."}


def test_the_sending_branch_cannot_accept_its_own_request(pending, people, an, api):
    assert post(api(people.own), f"/api/transfers/{pending.pk}/accept").status_code == 404
    an.refresh_from_db()
    assert an.status == Status.TRANSFER_PENDING


def test_a_viewer_cannot_accept_or_reject(pending, people, api):
    client = api(people.viewer)
    assert post(client, f"/api/transfers/{pending.pk}/accept").status_code == 403
    assert post(client, f"/api/transfers/{pending.pk}/reject", {"note": "Không"}).status_code == 403
    pending.refresh_from_db()
    assert pending.state == Transfer.State.PENDING


def test_another_district_cannot_touch_the_transfer(pending, people, api):
    assert post(api(people.other_district), f"/api/transfers/{pending.pk}/accept").status_code == 404
    assert (
        post(api(people.other_district), f"/api/transfers/{pending.pk}/reject", {"note": "x"}).status_code
        == 404
    )


def test_the_receiving_branch_rejects_with_a_reason_and_the_member_stays(pending, people, an, api, tree):
    response = post(
        api(people.sibling),
        f"/api/transfers/{pending.pk}/reject",
        {"on": "2025-03-05", "note": "Không có hồ sơ"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "rejected" and response.json()["decision_note"] == "Không có hồ sơ"
    an.refresh_from_db()
    assert (an.unit, an.status) == (tree.branch_a1, Status.ACTIVE)


def test_a_rejection_without_a_reason_is_refused(pending, people, api):
    response = post(api(people.sibling), f"/api/transfers/{pending.pk}/reject", {"on": "2025-03-05"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"note": ["Hãy ghi lý do từ chối để đơn vị chuyển đi biết."]}


def test_a_transfer_cannot_be_decided_twice(pending, people, api):
    client = api(people.sibling)
    assert post(client, f"/api/transfers/{pending.pk}/accept", {"on": "2025-03-10"}).status_code == 200
    again = post(client, f"/api/transfers/{pending.pk}/accept", {"on": "2025-03-10"})
    assert again.status_code == 422
    assert "đã được xử lý" in again.json()["errors"]["__all__"][0]
