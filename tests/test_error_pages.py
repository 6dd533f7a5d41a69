"""The pages a user meets when something goes wrong: in Vietnamese, in the site's layout, with a way back,
revealing nothing about units outside the user's scope; JSON under /api/; a 500 with a reference that the
log line carries too."""

import json
import logging
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from doanvu import errors
from doanvu.accounts.backends import PATH as OFFICER_BACKEND
from doanvu.accounts.models import ApiToken


def main_of(response) -> str:
    """The page's <main>, the part that differs from page to page (the header carries a fresh CSRF token)."""
    return re.search(r"<main.*?</main>", response.content.decode(), flags=re.S).group(0)


def test_an_unknown_address_answers_a_vietnamese_404_page_in_the_site_layout_with_a_way_home(
    tree, people, login
):
    response = login(people.own).get("/khong-co-trang-nay/")
    html = response.content.decode()

    assert response.status_code == 404
    assert '<html lang="vi">' in html and 'class="topbar"' in html and "doanvu/app.css" in html
    assert "Không tìm thấy trang này" in html and "Not Found" not in html
    assert f'href="{reverse("home")}"' in html and "Về trang chủ" in html


def test_the_404_page_offers_the_officers_own_unit_page_as_a_way_back(tree, people, login):
    html = login(people.own).get("/khong-co-trang-nay/").content.decode()

    assert f'href="{reverse("org:unit", kwargs={"code": "CA1"})}"' in html
    assert "Trang đơn vị của bạn: Chi đoàn A1" in html


def test_a_sibling_units_page_looks_exactly_like_any_other_404(tree, people, login):
    client = login(people.own)
    sibling = client.get(reverse("org:unit", kwargs={"code": "CA2"}))
    missing_unit = client.get(reverse("org:unit", kwargs={"code": "KHONGCO"}))
    missing_page = client.get("/khong-co-trang-nay/")

    assert sibling.status_code == missing_unit.status_code == missing_page.status_code == 404
    assert main_of(sibling) == main_of(missing_unit) == main_of(missing_page)
    assert "Chi đoàn A2" not in sibling.content.decode() and "CA2" not in main_of(sibling)


def test_a_page_the_user_may_see_but_not_change_answers_a_vietnamese_403_page(tree, people, login):
    response = login(people.viewer).get(reverse("org:create", kwargs={"code": "TV"}))
    html = response.content.decode()

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện việc này" in html and "Forbidden" not in html
    assert "Quyền của bạn: Chỉ xem ở Tỉnh đoàn Test" in html
    assert "Về trang chủ" in html and f'href="{reverse("org:unit", kwargs={"code": "TV"})}"' in html
    assert 'class="topbar"' in html


def test_a_request_for_a_host_the_site_does_not_serve_answers_a_vietnamese_400_page(tree, people, login):
    response = login(people.own).get("/", headers={"host": "ke-gia-mao.example"})
    html = response.content.decode()

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in html and "Bad Request" not in html
    assert "Về trang chủ" in html and 'class="topbar"' in html


def test_a_form_sent_without_its_csrf_token_answers_a_vietnamese_403_page_that_says_to_reload(tree, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.own, backend=OFFICER_BACKEND)
    response = client.post(reverse("accounts:tokens"), {"name": "x"})
    html = response.content.decode()

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn, chưa lưu được" in html and "tải lại trang" in html
    assert "CSRF verification failed" not in html
    assert "Về trang chủ" in html and "Trang đơn vị của bạn: Chi đoàn A1" in html


@pytest.fixture
def failing_home(monkeypatch):
    """The home page fails as if the database were gone, and so does every context processor's query."""

    def database_gone(*args, **kwargs):
        raise OperationalError("máy chủ cơ sở dữ liệu không trả lời")

    monkeypatch.setattr("doanvu.accounts.views.scope.scope_root", database_gone)
    monkeypatch.setattr("doanvu.accounts.context_processors.officer_of", database_gone)


def test_a_server_error_shows_a_vietnamese_page_with_a_reference_that_the_log_line_carries(
    tree, people, login, failing_home, caplog
):
    client = login(people.own)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("home"))
    html = response.content.decode()

    assert response.status_code == 500
    found = re.search(r"Mã lỗi: <strong>([0-9a-f]{8})</strong> — hãy báo mã này cho quản trị viên", html)
    assert found, html
    reference = found.group(1)
    assert "Máy chủ gặp lỗi" in html and "Server Error" not in html
    assert 'class="topbar"' in html and "doanvu/app.css" in html and "Về trang chủ" in html
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(logged) == 1
    assert reference in logged[0].getMessage() and logged[0].exc_info is not None


def test_two_server_errors_get_two_different_references(tree, people, login, failing_home):
    client = login(people.own)
    client.raise_request_exception = False
    pages = [client.get(reverse("home")).content.decode() for _ in range(2)]
    references = [re.search(r"Mã lỗi: <strong>([0-9a-f]{8})</strong>", page).group(1) for page in pages]

    assert references[0] != references[1]


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def test_an_unknown_api_address_answers_json_404_not_the_html_page(tree, people, api):
    response = api(people.own).get("/api/khong-co/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_request_to_the_api_for_a_host_the_site_does_not_serve_answers_json_400(tree, people, api):
    response = api(people.own).get("/api/units/", headers={"host": "ke-gia-mao.example"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Yêu cầu không hợp lệ."}


def test_a_refusal_django_makes_under_the_api_answers_json_403():
    request = RequestFactory().get("/api/units/")
    response = errors.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_a_server_error_in_the_api_answers_json_500_with_the_reference_the_log_carries(
    tree, people, api, monkeypatch, caplog
):
    def database_gone(*args, **kwargs):
        raise OperationalError("máy chủ cơ sở dữ liệu không trả lời")

    monkeypatch.setattr("doanvu.api.units.scope", SimpleNamespace(scope_units=database_gone))
    client = api(people.own)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/units/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{8}", body["reference"])
    assert body["detail"].startswith(
        "Lỗi máy chủ; thao tác chưa được thực hiện. Mã lỗi: " + body["reference"]
    )
    assert any(body["reference"] in r.getMessage() for r in caplog.records if r.name == "django.request")


def test_every_page_carries_a_content_security_policy_without_inline_scripts(tree, people, login):
    client = login(people.own)
    for response in (
        client.get(reverse("org:unit", kwargs={"code": "CA1"})),
        client.get("/khong-co-trang-nay/"),
    ):
        policy = response["Content-Security-Policy"]

        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy and "base-uri 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
