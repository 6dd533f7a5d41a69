"""Security as a user or an operator meets it: login throttling, CSRF, password rules, production settings,
the health check."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from doanvu.accounts.backends import PATH as OFFICER_BACKEND

from .conftest import HANG_GUARD_SECONDS, PASSWORD

LOGIN = reverse("login")
# A child process starts Django in a second or two; these tests are about settings, not speed.
SUBPROCESS_TIMEOUT = HANG_GUARD_SECONDS


def production_env(**extra):
    """The environment of a production server: no DEBUG, a real secret, a real host name, not under pytest."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTEST_VERSION", "DEBUG")}
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="doanvu.settings",
        **extra,
    )
    return env


def test_login_is_locked_after_too_many_failures_even_with_the_right_password(tree, people, client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, {"username": "own", "password": "sai-mat-khau"})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post(LOGIN, {"username": "own", "password": "sai-mat-khau"})
    after = client.post(LOGIN, {"username": "own", "password": PASSWORD})

    for response in (locked, after):
        assert response.status_code == 429
        assert "Tạm khóa đăng nhập" in response.content.decode()
        assert "đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_account_leaves_the_others_alone(tree, people, client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "own", "password": "sai-mat-khau"})
    response = client.post(LOGIN, {"username": "sibling", "password": PASSWORD})
    assert response.status_code == 302


def test_a_failure_or_two_then_the_right_password_logs_in(tree, people, client):
    client.post(LOGIN, {"username": "own", "password": "sai-mat-khau"})
    response = client.post(LOGIN, {"username": "own", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(people.own.pk)


def test_the_login_page_speaks_vietnamese_on_a_wrong_password(tree, people, client):
    response = client.post(LOGIN, {"username": "own", "password": "sai-mat-khau"})
    assert "Tên đăng nhập" in response.content.decode()
    assert response.context["form"].errors


def test_a_login_form_posted_without_its_csrf_token_is_refused(tree, people):
    client = Client(enforce_csrf_checks=True)
    assert client.post(LOGIN, {"username": "own", "password": PASSWORD}).status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_form_posted_without_its_csrf_token_is_refused_even_when_logged_in(tree, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.own, backend=OFFICER_BACKEND)
    assert client.post(reverse("accounts:tokens"), {"name": "x"}).status_code == 403
    page = client.get(reverse("accounts:tokens"))
    token = page.context["csrf_token"]
    assert (
        client.post(reverse("accounts:tokens"), {"name": "x", "csrfmiddlewaretoken": token}).status_code
        == 200
    )


def test_every_form_on_the_account_pages_carries_a_csrf_token(tree, people, login):
    from doanvu.accounts.models import ApiToken

    ApiToken.issue(user=people.own, name="x")
    for url in (reverse("accounts:tokens"), LOGIN):
        html = login(people.own).get(url).content.decode()
        assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"')


@pytest.mark.parametrize("password", ["12345678", "matkhau", "password123", "own"])
def test_weak_passwords_are_refused(people, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=people.own)


def test_a_long_uncommon_password_is_accepted(people):
    validate_password("lua-chin-vang-dong-thap-2026", user=people.own)


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "doanvu", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_secure_cookies_https_and_hsts():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "True", "DENY"], result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(DOANVU_DATA_DIR=str(tmp_path))
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "doanvu", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_health_check_answers_ok_when_the_database_does(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_health_check_answers_503_when_the_database_does_not(db, client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("máy chủ cơ sở dữ liệu không trả lời")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    monkeypatch.undo()

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_in_production_pages_redirect_to_https_but_the_health_check_answers_plainly(tmp_path):
    """A load balancer probes /healthz over plain HTTP; everything else goes to HTTPS."""
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='example.org'); "
        "print(c.get('/healthz').status_code, c.get('/dang-nhap/').status_code)"
    )
    env = production_env(DOANVU_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)  # an empty SQLite file answers SELECT 1
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.stdout.split() == ["200", "301"], result.stderr


def test_an_officer_signed_in_is_read_back_with_their_seat_in_one_query(tree, people, client):
    from django.contrib.auth import get_user
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    response = client.post(LOGIN, {"username": "own", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "doanvu.accounts.backends.OfficerBackend"
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session["_auth_user_id"] == str(people.own.pk)  # the session read first
    with CaptureQueriesContext(connection) as seen:
        user = get_user(request)
        seat = (user.officer.unit.code, user.officer.unit.kind.code)
    assert seat == (tree.branch_a1.code, tree.branch_a1.kind.code)
    assert len(seen) == 1


def test_a_session_opened_before_the_officer_backend_stays_signed_in(tree, people, client):
    client.force_login(people.own, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("members:list"))
    assert response.status_code == 200 and response.context["unit"] == tree.branch_a1
