"""The API token page and the create_token command: a token is shown once, stored as a hash, revocable."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from doanvu.accounts.models import ApiToken, AuditEntry

URL = reverse("accounts:tokens")


def works(raw):
    return Client(headers={"authorization": f"Bearer {raw}"}).get("/api/units/").status_code == 200


def test_an_officer_creates_a_token_and_sees_it_once(tree, people, login):
    client = login(people.own)

    response = client.post(URL, {"name": "Phần mềm báo cáo"})

    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("dv_") and raw in response.content.decode()
    assert works(raw)
    token = ApiToken.objects.get(user=people.own)
    assert token.name == "Phần mềm báo cáo" and token.digest == ApiToken.hash(raw) and raw not in token.digest
    again = client.get(URL).content.decode()
    assert raw not in again and "Phần mềm báo cáo" in again and token.prefix in again


def test_creating_a_token_is_recorded_in_the_units_audit_log(tree, people, login):
    login(people.own).post(URL, {"name": "Báo cáo"})
    entry = AuditEntry.objects.get(action="token.create")
    assert (entry.unit, entry.actor) == (tree.branch_a1, people.own)


def test_a_token_needs_a_name(tree, people, login):
    response = login(people.own).post(URL, {"name": "   "})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_an_officer_sees_only_their_own_tokens(tree, people, login):
    ApiToken.issue(user=people.sibling, name="Của chi đoàn bên cạnh")
    assert "Của chi đoàn bên cạnh" not in login(people.own).get(URL).content.decode()


def test_an_officer_revokes_their_token_and_it_stops_working(tree, people, login):
    token, raw = ApiToken.issue(user=people.own, name="Cũ")

    response = login(people.own).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert not works(raw)
    assert AuditEntry.objects.filter(action="token.revoke", actor=people.own).exists()


def test_nobody_can_revoke_another_officers_token(tree, people, login):
    token, raw = ApiToken.issue(user=people.own, name="Của tôi")
    for persona in (people.sibling, people.above, people.viewer):
        assert login(persona).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert works(raw)


def test_revoking_takes_a_post(tree, people, login):
    token, _raw = ApiToken.issue(user=people.own, name="x")
    assert login(people.own).get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405


def test_a_user_without_a_unit_cannot_make_tokens(tree, people, login):
    client = login(people.nobody)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(db, client):
    assert client.get(URL).status_code == 302


def test_the_command_prints_a_working_token(tree, people):
    out = io.StringIO()
    call_command("create_token", "above", "--name", "Đồng bộ với phần mềm trung ương", stdout=out)
    raw = out.getvalue().strip()
    assert works(raw)
    assert ApiToken.objects.get(digest=ApiToken.hash(raw)).name == "Đồng bộ với phần mềm trung ương"


def test_the_command_refuses_an_unknown_user_or_one_without_a_unit(tree, people):
    with pytest.raises(CommandError, match="Không có tài khoản “ai-do”"):
        call_command("create_token", "ai-do", "--name", "x")
    with pytest.raises(CommandError, match="chưa được phân công"):
        call_command("create_token", "nobody", "--name", "x")
    assert not ApiToken.objects.exists()
