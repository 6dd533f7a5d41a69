"""Members sign in for themselves: the branch prints a one-time code or e-mails an invitation, the member
activates their account with it and a second factor, the throttle stops guessing, and an officer can close
the account (docs/domain.md, "Members sign in for themselves")."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts import member_accounts
from doanvu.accounts.models import ActivationCode, AuditEntry, MemberAccount, Officer

from .conftest import NOW
from .test_members_factories import admit

ADDRESS = "10.0.0.1"
STRONG = "hoa-sen-tren-nui-2026"


@pytest.fixture
def member(tree, people):
    return admit(
        tree.branch_a1,
        people.own,
        full_name="Trần Thị Hoa",
        citizen_id="079204001234",
        email="hoa@example.com",
    )


def activate(code, second="079204001234", password=STRONG, address=ADDRESS):
    return member_accounts.activate(code=code, second=second, password=password, address=address)


def test_a_printed_code_activates_an_account_named_by_the_citizen_id(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    assert re.fullmatch(r"[A-Z2-9]{12}", code)
    user = activate(member_accounts.shown_code(code).lower())  # typed in lower case, with dashes
    assert user.get_username() == "079204001234" and user.check_password(STRONG)
    assert MemberAccount.objects.get(member=member).user == user
    assert not hasattr(user, "officer") and not user.is_staff and not user.is_superuser
    actions = set(AuditEntry.objects.filter(member=member).values_list("action", flat=True))
    assert {"member_account.code", "member_account.activate"} <= actions


def test_the_code_is_kept_only_as_a_hash(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    stored = ActivationCode.objects.get(member=member)
    assert code not in stored.digest and len(stored.digest) == 64


def test_the_date_of_birth_serves_as_the_second_factor_too(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    assert activate(code, second="10/05/2000").is_active


def test_a_used_code_is_refused_in_vietnamese(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    activate(code)
    with pytest.raises(ValidationError) as error:
        activate(code)
    assert "đã được dùng" in str(error.value)


def test_an_expired_code_is_refused_with_its_date(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    with time_machine.travel(NOW + datetime.timedelta(days=15)), pytest.raises(ValidationError) as error:
        activate(code)
    assert "đã hết hạn ngày 19/12/2026" in str(error.value)
    assert not MemberAccount.objects.exists()


def test_printing_a_new_code_voids_the_old_one(member, people):
    old = member_accounts.code_issue(member=member, by=people.own)
    new = member_accounts.code_issue(member=member, by=people.own)
    with pytest.raises(ValidationError) as error:
        activate(old)
    assert "đã bị hủy" in str(error.value)
    assert activate(new).is_active


def test_a_wrong_second_factor_creates_nothing_and_five_void_the_code(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    for _attempt in range(member_accounts.CODE_MAX_FAILURES):
        with pytest.raises(ValidationError) as error:
            activate(code, second="079299999999")
        assert "không khớp" in str(error.value)
    assert not MemberAccount.objects.exists() and not get_user_model().objects.filter(username="079204001234")
    with pytest.raises(ValidationError) as error:
        activate(code)
    assert "đã bị hủy" in str(error.value)


def test_an_address_that_guesses_codes_is_locked_out_for_a_while(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    for _attempt in range(member_accounts.THROTTLE_MAX_FAILURES):
        with pytest.raises(ValidationError):
            activate("AAAA-BBBB-CCCC")
    with pytest.raises(ValidationError) as error:
        activate(code)  # even the right code, from that address
    assert "sai quá nhiều lần" in str(error.value)
    assert activate(code, address="10.0.0.2").is_active
    later = timezone.now() + datetime.timedelta(minutes=member_accounts.THROTTLE_WINDOW_MINUTES + 1)
    with time_machine.travel(later):
        assert not member_accounts.throttled(ADDRESS)


def test_a_weak_password_is_refused_and_the_code_stays_usable(member, people):
    code = member_accounts.code_issue(member=member, by=people.own)
    with pytest.raises(ValidationError) as error:
        activate(code, password="12345678")
    assert "password" in error.value.message_dict
    assert not MemberAccount.objects.exists()
    assert activate(code).is_active


def test_only_an_editor_in_scope_prints_a_code(member, people):
    for outsider in (people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            member_accounts.code_issue(member=member, by=outsider)
    assert not ActivationCode.objects.exists()


def test_an_invitation_mails_a_link_with_the_code(member, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    code = member_accounts.invite_email(member=member, by=people.own)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa@example.com"]
    assert f"/kich-hoat/?ma={member_accounts.shown_code(code)}" in mail.outbox[0].body


def test_a_member_without_an_email_gets_no_invitation(tree, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plain = admit(tree.branch_a1, people.own, email="")
    with pytest.raises(ValidationError) as error:
        member_accounts.invite_email(member=plain, by=people.own)
    assert "chưa có địa chỉ thư điện tử" in str(error.value)
    assert not mail.outbox and not ActivationCode.objects.exists()


def test_a_new_code_resets_the_password_of_an_existing_account(member, people):
    user = activate(member_accounts.code_issue(member=member, by=people.own))
    again = activate(
        member_accounts.code_issue(member=member, by=people.own), password="mat-khau-moi-hon-2026"
    )
    assert again.pk == user.pk and again.check_password("mat-khau-moi-hon-2026")
    assert AuditEntry.objects.filter(member=member, action="member_account.password").exists()


def test_a_revoked_account_cannot_sign_in(member, people, client):
    user = activate(member_accounts.code_issue(member=member, by=people.own))
    member_accounts.account_revoke(member=member, by=people.own, reason="Mất điện thoại")
    user.refresh_from_db()
    client.post("/dang-nhap/", {"username": user.username, "password": STRONG})
    assert not user.is_active and "_auth_user_id" not in client.session
    assert AuditEntry.objects.get(member=member, action="member_account.revoke").reason == "Mất điện thoại"


def test_a_member_account_can_never_be_given_an_officer_seat(member, people, tree):
    user = activate(member_accounts.code_issue(member=member, by=people.own))
    with pytest.raises(ValidationError):
        Officer.objects.create(user=user, unit=tree.branch_a1)


def test_the_activation_page_signs_the_member_in_and_lands_in_their_area(member, people, client):
    code = member_accounts.code_issue(member=member, by=people.own)
    response = client.post(
        "/kich-hoat/",
        {"code": code, "second": "079204001234", "password": STRONG, "password_again": STRONG},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/toi/"
    assert "079204001234" in response.content.decode()


def test_the_activation_page_says_what_is_wrong(member, people, client):
    response = client.post(
        "/kich-hoat/",
        {"code": "ABCD-EFGH-JKMN", "second": "079204001234", "password": STRONG, "password_again": STRONG},
    )
    assert response.status_code == 422 and "Mã kích hoạt không đúng" in response.content.decode()


def test_the_officer_prints_a_code_from_the_member_page(member, people, login):
    client = login(people.own)
    assert "tai-khoan" in client.get(f"/doan-vien/{member.pk}/").content.decode()
    page = client.post(f"/doan-vien/{member.pk}/tai-khoan/ma/").content.decode()
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", page)
    assert login(people.sibling).post(f"/doan-vien/{member.pk}/tai-khoan/ma/").status_code == 404
    assert login(people.viewer).post(f"/doan-vien/{member.pk}/tai-khoan/ma/").status_code == 403


def test_password_reset_by_email_reaches_a_member_by_the_address_on_their_record(
    member, people, client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    activate(member_accounts.code_issue(member=member, by=people.own))
    client.post("/tai-khoan/quen-mat-khau/", {"email": "HOA@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/tai-khoan/quen-mat-khau/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "mat-khau-sau-khi-quen-2026"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert get_user_model().objects.get(username="079204001234").check_password(new)
    assert AuditEntry.objects.filter(member=member, action="member_account.password").exists()


def test_the_reset_page_sends_no_more_than_five_emails_an_address_asks_for_in_fifteen_minutes(
    member, people, client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    activate(member_accounts.code_issue(member=member, by=people.own))
    for _n in range(member_accounts.RESET_MAX_REQUESTS):
        assert client.post("/tai-khoan/quen-mat-khau/", {"email": "hoa@example.com"}).status_code == 302
    refused = client.post("/tai-khoan/quen-mat-khau/", {"email": "hoa@example.com"})
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert len(mail.outbox) == member_accounts.RESET_MAX_REQUESTS
    # The activation page's own throttle counts wrong codes only.
    assert not member_accounts.throttled("127.0.0.1")
