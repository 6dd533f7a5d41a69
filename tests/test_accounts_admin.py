"""The site admin's pages for officers, API tokens and the audit log."""

import pytest
from django.urls import reverse

from doanvu.accounts.audit import audit_log
from doanvu.accounts.models import ApiToken, AuditEntry, Officer


@pytest.fixture
def admin_client(people, login):
    return login(people.admin)


def test_officers_are_found_by_username_or_unit(tree, people, admin_client):
    url = reverse("admin:accounts_officer_changelist")
    by_user = admin_client.get(url, {"q": "sibling"})
    by_unit = admin_client.get(url, {"q": "CA1"})
    assert [o.user.username for o in by_user.context["cl"].result_list] == ["sibling"]
    assert [o.user.username for o in by_unit.context["cl"].result_list] == ["own"]


def test_an_officer_page_opens(tree, people, admin_client):
    officer = Officer.objects.get(user=people.own)
    assert admin_client.get(reverse("admin:accounts_officer_change", args=[officer.pk])).status_code == 200


def test_a_token_is_shown_without_its_digest_and_cannot_be_made_in_the_admin(tree, people, admin_client):
    token, raw = ApiToken.issue(user=people.own, name="Đồng bộ")

    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    page = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()

    assert "Đồng bộ" in listing and token.prefix in page
    for html in (listing, page):
        assert token.digest not in html and raw not in html
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_a_site_admin_can_revoke_a_token(tree, people, admin_client):
    token, _raw = ApiToken.issue(user=people.own, name="Bị lộ")
    response = admin_client.post(reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.get(action="token.revoke").actor == people.admin


def test_the_audit_log_is_read_only_even_for_a_site_admin(tree, people, admin_client):
    entry = audit_log(actor=people.own, action="member.update", unit=tree.branch_a1, summary="Sửa hồ sơ")
    change_url = reverse("admin:accounts_auditentry_change", args=[entry.pk])

    listing = admin_client.get(reverse("admin:accounts_auditentry_changelist"), {"q": "Sửa hồ sơ"})
    page = admin_client.get(change_url)
    edit = admin_client.post(change_url, {"summary": "Đã sửa lại"})

    assert [e.pk for e in listing.context["cl"].result_list] == [entry.pk]
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert edit.status_code == 403
    assert admin_client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.summary == "Sửa hồ sơ" and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_officers_cannot_open_the_admin(tree, people, login):
    response = login(people.province_officer).get(reverse("admin:accounts_officer_changelist"))
    assert response.status_code == 302
