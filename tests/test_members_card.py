"""The member card: the signed-in member's card shows their name, branch and card number with a QR whose
address carries only an opaque token; an officer with the member in scope who opens it lands on the record,
anyone else sees nothing; the branch issues a new token for a lost card and the old one stops working."""

import re

import pytest

from doanvu.accounts.models import AuditEntry
from doanvu.lib import qr
from doanvu.members.models import MemberCard

from .test_checkin_factories import member_user
from .test_members_factories import admit


@pytest.fixture
def holder(tree, people):
    """Phạm Thị Dung of CA1, card number 012345, with her own sign-in."""
    member = admit(tree.branch_a1, people.own, full_name="Phạm Thị Dung", card_number="012345")
    member.user = member_user(member, "dung")
    return member


def card_address() -> str:
    token = MemberCard.objects.get().token
    return f"http://testserver/the/{token}/"


def test_the_signed_in_member_sees_their_card_with_name_branch_number_and_qr(holder, login):
    page = login(holder.user).get("/the/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phạm Thị Dung" in html and "Chi đoàn A1" in html and "012345" in html
    assert qr.svg(card_address(), title="Mã QR thẻ đoàn viên") in html


def test_the_card_qr_carries_a_random_token_and_no_personal_data(holder, login):
    assert login(holder.user).get("/the/").status_code == 200
    address = card_address()
    token = MemberCard.objects.get(member=holder).token
    assert address.split("/") == ["http:", "", "testserver", "the", token, ""]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    for personal in ["012345", holder.citizen_id, "Dung", "dung", "CA1"]:
        assert personal and personal not in address.removeprefix("http://testserver")
    # The record's number is a digit or two, which a random token may hold by chance: it is only
    # asserted to be no part of the address on its own.
    assert str(holder.pk) not in address.split("/")
    # The same page shown again keeps the same token: the card stays valid.
    login(holder.user).get("/the/")
    assert MemberCard.objects.get(member=holder).token == token


def test_an_officer_in_scope_opening_the_card_lands_on_the_members_record(holder, people, login):
    login(holder.user).get("/the/")
    token = MemberCard.objects.get().token
    for officer in (people.own, people.above, people.viewer, people.admin):
        page = login(officer).get(f"/the/{token}/")
        assert page.status_code == 302 and page["Location"] == f"/doan-vien/{holder.pk}/"


def test_anyone_else_signed_in_sees_nothing_and_a_visitor_is_asked_to_sign_in(
    holder, people, login, client, tree
):
    login(holder.user).get("/the/")
    token = MemberCard.objects.get().token
    client.logout()
    visitor = client.get(f"/the/{token}/")
    assert visitor.status_code == 302 and visitor["Location"].startswith("/dang-nhap/?next=/the/")
    assert login(people.sibling).get(f"/the/{token}/").status_code == 404
    assert login(people.other_district).get(f"/the/{token}/").status_code == 404
    assert login(people.nobody).get(f"/the/{token}/").status_code == 404
    other_member = member_user(admit(tree.branch_a1, people.own, full_name="Lê Văn Khác"), "khac")
    assert login(other_member).get(f"/the/{token}/").status_code == 404


def test_the_member_opening_their_own_card_sees_their_card(holder, login):
    client = login(holder.user)
    client.get("/the/")
    token = MemberCard.objects.get().token
    page = client.get(f"/the/{token}/")
    assert page.status_code == 302 and page["Location"] == "/the/"


def test_a_renewed_card_token_opens_nothing_and_the_new_one_works(holder, people, login):
    login(holder.user).get("/the/")
    old = MemberCard.objects.get().token
    officer = login(people.own)
    renewed = officer.post(f"/doan-vien/{holder.pk}/the/")
    assert renewed.status_code == 302
    new = MemberCard.objects.get().token
    assert new != old
    assert officer.get(f"/the/{old}/").status_code == 404
    assert officer.get(f"/the/{new}/").status_code == 302
    entry = AuditEntry.objects.get(action="member.card_renew")
    assert entry.member == holder and entry.actor == people.own
    # The member's own card now shows the new QR.
    page = login(holder.user).get("/the/").content.decode()
    assert qr.svg(f"http://testserver/the/{new}/", title="Mã QR thẻ đoàn viên") in page


def test_only_an_editor_in_scope_renews_a_card(holder, people, login):
    login(holder.user).get("/the/")
    token = MemberCard.objects.get().token
    assert login(people.viewer).post(f"/doan-vien/{holder.pk}/the/").status_code == 403
    assert login(people.sibling).post(f"/doan-vien/{holder.pk}/the/").status_code == 404
    assert login(holder.user).post(f"/doan-vien/{holder.pk}/the/").status_code == 404
    assert MemberCard.objects.get().token == token
    assert not AuditEntry.objects.filter(action="member.card_renew").exists()


def test_an_officer_prints_the_card_of_a_member_without_an_account(tree, people, login):
    member = admit(tree.branch_a1, people.own, full_name="Đỗ Văn Không", card_number="998877")
    page = login(people.own).get(f"/doan-vien/{member.pk}/the/")
    html = page.content.decode()
    assert page.status_code == 200 and "Đỗ Văn Không" in html and "998877" in html
    assert "Cấp mã mới" in html
    assert "Cấp mã mới" not in login(people.viewer).get(f"/doan-vien/{member.pk}/the/").content.decode()
    assert (
        f"/doan-vien/{member.pk}/the/" in login(people.own).get(f"/doan-vien/{member.pk}/").content.decode()
    )


def test_an_officer_has_no_card_of_their_own(people, login, tree):
    assert login(people.own).get("/the/").status_code == 404
