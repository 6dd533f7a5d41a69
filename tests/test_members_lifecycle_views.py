import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from doanvu.members import services
from doanvu.members.models import Discipline, Member, Position, Status, Transfer
from tests.test_members_factories import admit

D = datetime.date
MEMBER_PAGES = ["transfer_new", "remove", "discipline", "position_add", "party_stage", "edit"]


@pytest.fixture
def member(tree, people):
    return admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")


def url(name, *args):
    return reverse(f"members:{name}", args=args)


# --- personas on every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_every_member_step_is_open_to_the_officers_of_the_unit_and_above(people, login, member, page):
    for persona in ("own", "above", "province_officer", "admin"):
        assert login(getattr(people, persona)).get(url(page, member.pk)).status_code == 200, persona


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_every_member_step_is_forbidden_to_a_viewer_even_by_post(people, login, member, page):
    client = login(people.viewer)
    assert client.get(url(page, member.pk)).status_code == 403
    assert client.post(url(page, member.pk), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_every_member_step_does_not_exist_for_an_outsider(people, login, member, page):
    for persona in ("sibling", "other_district", "nobody"):
        client = login(getattr(people, persona))
        assert client.get(url(page, member.pk)).status_code == 404, persona
        assert client.post(url(page, member.pk), {"reason": "x"}).status_code == 404, persona


# --- transfers -----------------------------------------------------------------------------------------------


def send(client, member, **data):
    return client.post(
        url("transfer_new", member.pk),
        {
            "to_unit": "CB1",
            "requested_on": "01/05/2023",
            "dues_paid_until": "04/2023",
            "reason": "Chuyển công tác",
            **data,
        },
    )


def test_an_officer_sends_a_member_to_a_branch_in_another_district_by_its_code(people, login, member, tree):
    response = send(login(people.own), member)
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.to_unit == tree.branch_b1 and transfer.requested_by == people.own
    assert Member.objects.get().status == Status.TRANSFER_PENDING


def test_an_unknown_unit_code_is_reported_on_the_field(people, login, member):
    response = send(login(people.own), member, to_unit="KHONGCO")
    assert response.context["form"].errors["to_unit"] == ["Không có đơn vị nào mã “KHONGCO”."]
    response = send(login(people.own), member, to_unit="XB")
    assert "không phải chi đoàn" in response.context["form"].errors["to_unit"][0]


def test_the_inbox_shows_incoming_to_the_receiver_and_outgoing_to_the_sender(people, login, member):
    send(login(people.own), member)
    incoming = login(people.other_district).get(url("transfers"))
    assert list(incoming.context["incoming"]) == [Transfer.objects.get()] and "Tiếp nhận" in incoming.text
    assert list(incoming.context["outgoing"]) == []
    outgoing = login(people.own).get(url("transfers"))
    assert list(outgoing.context["outgoing"]) == [Transfer.objects.get()] and "Hủy đề nghị" in outgoing.text
    sibling = login(people.sibling).get(url("transfers"))
    assert list(sibling.context["incoming"]) == [] and list(sibling.context["outgoing"]) == []
    viewer = login(people.viewer).get(url("transfers"))
    assert list(viewer.context["incoming"]) == [Transfer.objects.get()]
    assert "/tiep-nhan/" not in viewer.text and "/tu-choi/" not in viewer.text  # no accept/reject buttons


def test_the_receiving_officer_accepts_and_the_member_moves(people, login, member, tree):
    send(login(people.own), member)
    transfer = Transfer.objects.get()
    client = login(people.other_district)
    assert client.get(url("transfer_accept", transfer.pk)).status_code == 200
    response = client.post(url("transfer_accept", transfer.pk), {"on": "10/05/2023", "note": "Đã nhận"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit == tree.branch_b1 and member.status == Status.ACTIVE
    # The new branch's officer now sees the member; the old one no longer does.
    assert client.get(url("detail", member.pk)).status_code == 200
    assert login(people.own).get(url("detail", member.pk)).status_code == 404


def test_a_rejection_without_a_reason_is_refused_on_the_page(people, login, member):
    send(login(people.own), member)
    transfer = Transfer.objects.get()
    response = login(people.other_district).post(url("transfer_reject", transfer.pk), {"on": "03/05/2023"})
    assert response.context["form"].errors["note"] == ["Hãy ghi lý do từ chối để đơn vị chuyển đi biết."]
    assert Transfer.objects.get().state == Transfer.State.PENDING


@pytest.mark.parametrize("page", ["transfer_accept", "transfer_reject"])
def test_deciding_a_transfer_belongs_to_the_receiving_side(people, login, member, page):
    send(login(people.own), member)
    transfer = Transfer.objects.get()
    assert login(people.own).get(url(page, transfer.pk)).status_code == 404
    assert login(people.sibling).get(url(page, transfer.pk)).status_code == 404
    assert (
        login(people.viewer).post(url(page, transfer.pk), {"on": "03/05/2023", "note": "x"}).status_code
        == 403
    )


def test_the_sending_side_cancels_by_post_only(people, login, member):
    send(login(people.own), member)
    transfer = Transfer.objects.get()
    assert login(people.own).get(url("transfer_cancel", transfer.pk)).status_code == 405
    assert login(people.other_district).post(url("transfer_cancel", transfer.pk)).status_code == 404
    assert login(people.viewer).post(url("transfer_cancel", transfer.pk)).status_code == 403
    assert login(people.own).post(url("transfer_cancel", transfer.pk)).status_code == 302
    assert Transfer.objects.get().state == Transfer.State.CANCELLED
    assert Member.objects.get().status == Status.ACTIVE


# --- coming of age -------------------------------------------------------------------------------------------


def test_the_coming_of_age_page_lists_this_years_members_and_records_the_ceremony(tree, people, login):
    year = timezone.localdate().year
    turning = {"date_of_birth": D(year - 30, 2, 1), "joined_on": D(year - 14, 3, 26)}
    a = admit(tree.branch_a1, people.own, full_name="Lê Văn Ba", **turning)
    b = admit(tree.branch_a1, people.own, full_name="Lê Văn Bốn", **turning)
    admit(tree.branch_a1, people.own, full_name="Lê Văn Trẻ")
    client = login(people.own)
    page = client.get(url("coming_of_age"))
    assert [m.full_name for m in page.context["members"]] == ["Lê Văn Ba", "Lê Văn Bốn"]
    ceremony = timezone.localdate().replace(month=1, day=15)
    response = client.post(
        url("coming_of_age") + f"?unit=CA1&year={year}",
        {"members": [a.pk], "on": ceremony.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=a.pk).status == Status.CAME_OF_AGE
    assert Member.objects.get(pk=b.pk).status == Status.ACTIVE


def test_a_ceremony_without_anyone_chosen_is_refused(tree, people, login):
    response = login(people.own).post(url("coming_of_age"), {"on": "15/01/2026"})
    assert response.context["form"].errors["__all__"] == ["Hãy chọn ít nhất một đoàn viên."]


def test_the_coming_of_age_page_follows_the_scope(tree, people, login, member):
    assert login(people.viewer).get(url("coming_of_age") + "?unit=CA1").status_code == 200
    assert (
        login(people.viewer)
        .post(url("coming_of_age") + "?unit=CA1", {"members": [member.pk], "on": "15/01/2026"})
        .status_code
        == 403
    )
    assert login(people.sibling).get(url("coming_of_age") + "?unit=CA1").status_code == 404
    assert Member.objects.get().status == Status.ACTIVE


# --- removal, discipline, positions, Party -------------------------------------------------------------------


def test_an_officer_removes_a_member_with_a_reason(people, login, member):
    client = login(people.own)
    missing = client.post(url("remove", member.pk), {"on": "01/06/2024", "reason": ""})
    assert missing.context["form"].errors["reason"] == ["Hãy ghi lý do xóa tên."]
    assert (
        client.post(url("remove", member.pk), {"on": "01/06/2024", "reason": "Bỏ sinh hoạt"}).status_code
        == 302
    )
    assert Member.objects.get().status == Status.REMOVED


def test_an_officer_records_a_disciplinary_decision(people, login, member):
    client = login(people.own)
    refused = client.post(
        url("discipline", member.pk), {"form": "dismissal", "decided_on": "05/01/2024", "reason": "Vi phạm"}
    )
    assert "Chỉ cách chức đoàn viên đang giữ chức vụ" in refused.context["form"].errors["form"][0]
    response = client.post(
        url("discipline", member.pk),
        {
            "form": "expulsion",
            "decided_on": "05/01/2024",
            "decision_number": "12-QĐ/ĐTN",
            "reason": "Vi phạm",
        },
    )
    assert response.status_code == 302
    assert Discipline.objects.get().form == "expulsion" and Member.objects.get().status == Status.EXPELLED


def test_an_officer_adds_and_ends_a_position(people, login, member, tree):
    client = login(people.above)
    page = client.get(url("position_add", member.pk))
    assert [c[0] for c in page.context["form"].fields["unit"].choices] == ["HA", "XA", "CA1"]
    response = client.post(
        url("position_add", member.pk), {"title": "committee", "unit": "XA", "start_on": "01/10/2022"}
    )
    assert response.status_code == 302
    position = Position.objects.get()
    assert position.unit == tree.grassroots_a
    # A seat on the commune committee is the commune's business: the branch officer does not see it.
    assert login(people.own).get(url("position_end", position.pk)).status_code == 404
    assert login(people.viewer).get(url("position_end", position.pk)).status_code == 403
    assert (
        login(people.above).post(url("position_end", position.pk), {"end_on": "01/10/2024"}).status_code
        == 302
    )
    assert Position.objects.get().end_on == D(2024, 10, 1)


def test_the_branch_officer_is_offered_only_their_own_branch_for_a_position(people, login, member):
    page = login(people.own).get(url("position_add", member.pk))
    assert [c[0] for c in page.context["form"].fields["unit"].choices] == ["CA1"]


def test_an_officer_records_the_next_party_stage(people, login, member):
    client = login(people.own)
    page = client.get(url("party_stage", member.pk))
    assert page.context["form"].fields["stage"].choices == [("awareness", "Đã học lớp cảm tình Đảng")]
    assert (
        client.post(url("party_stage", member.pk), {"stage": "awareness", "on": "10/01/2022"}).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.party_course_on == D(2022, 1, 10)
    too_early = client.post(url("party_stage", member.pk), {"stage": "introduced", "on": "01/01/2022"})
    assert too_early.context["form"].errors["on"] == [
        "Ngày Đoàn giới thiệu kết nạp Đảng phải sau ngày cấp giấy chứng nhận cảm tình Đảng (10/01/2022)."
    ]


def test_the_timeline_shows_each_step_taken_through_the_pages(people, login, member):
    services.position_add(member=member, title="deputy", start_on=D(2022, 1, 1), by=people.own)
    services.member_discipline(
        member=member,
        form="warning",
        decided_on=D(2024, 1, 5),
        reason="Vắng họp",
        decision_number="05-QĐ/ĐTN",
        by=people.own,
    )
    response = login(people.own).get(url("detail", member.pk))
    titles = [item.title for item in response.context["timeline"]]
    assert titles[:2] == ["Kỷ luật: Cảnh cáo", "Giữ chức Phó Bí thư Chi đoàn A1"]
    assert "Quyết định số 05-QĐ/ĐTN. Vắng họp" in response.text
