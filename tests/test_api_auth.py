"""API authentication and documentation: bearer tokens, 401 without one, the OpenAPI document and docs page."""

import datetime
import re

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client

from doanvu.accounts import services
from doanvu.accounts.models import ApiToken

ENDPOINTS = {
    "/api/units/": {"get"},
    "/api/units/{code}/": {"get"},
    "/api/units/{code}/tree/": {"get"},
    "/api/members/": {"get", "post"},
    "/api/members/{member_id}/": {"get", "patch"},
    "/api/me/": {"get"},
    "/api/transfers/": {"get", "post"},
    "/api/transfers/{transfer_id}/accept": {"post"},
    "/api/transfers/{transfer_id}/reject": {"post"},
    "/api/activities/": {"get", "post"},
    "/api/activities/{activity_id}/": {"get", "patch", "delete"},
    "/api/activities/{activity_id}/attachments/{attachment_id}/": {"get"},
    "/api/direct-values/": {"get", "put"},
    "/api/targets/": {"get", "post"},
    "/api/stats/{code}": {"get"},
    "/api/reports/": {"get"},
    "/api/reports/inbox": {"get"},
    "/api/reports/{code}/{period}/document": {"get"},
    "/api/jobs/{job_id}": {"get"},
    "/api/jobs/{job_id}/file": {"get"},
    "/api/jobs/{job_id}/retry": {"post"},
    "/api/reports/{code}/{period}/submit": {"post"},
    "/api/reports/{code}/{period}/approve": {"post"},
    "/api/reports/{code}/{period}/return": {"post"},
    "/api/reports/{code}/{period}/unlock": {"post"},
    "/api/completeness/{code}": {"get"},
    "/api/evaluations/": {"get"},
    "/api/evaluations/{evaluation_id}/": {"get"},
    "/api/evaluations/self": {"post"},
    "/api/evaluations/propose": {"post"},
    "/api/evaluations/{evaluation_id}/decide": {"post"},
    "/api/evaluation-rules/": {"get"},
    "/api/trainings/": {"get", "post"},
    "/api/trainings/{registration_id}/evaluate": {"post"},
    "/api/criteria-sets/": {"get", "post"},
    "/api/criteria-sets/{set_id}/": {"get"},
    "/api/criteria-sets/{set_id}/xlsx": {"get"},
    "/api/criteria-sets/{set_id}/copy": {"post"},
    "/api/criteria-sets/{set_id}/issue": {"post"},
    "/api/classifications/": {"get", "post"},
    "/api/assessments/": {"get", "post"},
    "/api/assessments/{assessment_id}/": {"get"},
    "/api/assessments/{assessment_id}/scores/{condition_id}": {"put"},
    "/api/assessments/{assessment_id}/evidence/": {"post"},
    "/api/assessments/{assessment_id}/evidence/file": {"post"},
    "/api/assessments/{assessment_id}/submit": {"post"},
    "/api/evidence/{evidence_id}/": {"delete"},
    "/api/evidence/{evidence_id}/file": {"get"},
    "/api/inspection-plans/": {"get"},
    "/api/inspection-plans/{plan_id}/": {"get"},
    "/api/inspection-plans/{plan_id}/ranking": {"get"},
    "/api/inspection-visits/{visit_id}/": {"get"},
    "/api/inspection-visits/{visit_id}/scores/{condition_id}": {"put"},
    "/api/inspection-visits/{visit_id}/evidence/{evidence_id}/accept": {"post"},
    "/api/inspection-visits/{visit_id}/evidence/{evidence_id}/reject": {"post"},
    "/api/pipeline/funnel/": {"get"},
    "/api/pipeline/lists/": {"get"},
    "/api/pipeline/lists/{list_id}/": {"get"},
    "/api/pipeline/due/": {"get"},
    "/api/pipeline/members/{member_id}/": {"get"},
    "/api/pipeline/members/{member_id}/course/": {"post"},
    "/api/pipeline/members/{member_id}/introduce/": {"post"},
    "/api/pipeline/members/{member_id}/admit/": {"post"},
    "/api/pipeline/members/{member_id}/full/": {"post"},
}


def bearer(raw):
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.mark.parametrize(
    "url",
    [
        "/api/units/",
        "/api/units/CA1/",
        "/api/units/CA1/tree/",
        "/api/members/",
        "/api/members/1/",
        "/api/transfers/",
    ],
)
def test_every_endpoint_answers_401_without_a_token(tree, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/api/members/", "/api/transfers/", "/api/transfers/1/accept", "/api/transfers/1/reject"]
)
def test_writes_answer_401_without_a_token(tree, client, url):
    assert client.post(url, {}, content_type="application/json").status_code == 401


def test_a_made_up_token_or_another_scheme_answers_401(tree, people):
    assert bearer("dv_khong-co-ma-nay").get("/api/units/").status_code == 401
    _token, raw = ApiToken.issue(user=people.own, name="x")
    assert Client(headers={"authorization": f"Token {raw}"}).get("/api/units/").status_code == 401


def test_a_valid_token_acts_as_its_owner_and_records_when_it_was_used(tree, people):
    token, raw = ApiToken.issue(user=people.own, name="Phần mềm báo cáo")
    assert token.last_used is None

    response = bearer(raw).get("/api/units/")

    assert response.status_code == 200
    assert [unit["code"] for unit in response.json()["results"]] == ["CA1"]
    token.refresh_from_db()
    assert token.last_used is not None


def test_a_token_used_again_within_the_minute_is_not_written_again_but_a_minute_later_it_is(tree, people):
    token, raw = ApiToken.issue(user=people.own, name="Phần mềm báo cáo")
    at = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)
    used = []
    for seconds in (0, 40, 65):
        with time_machine.travel(at + datetime.timedelta(seconds=seconds), tick=False):
            assert bearer(raw).get("/api/units/").status_code == 200
        token.refresh_from_db()
        used.append(token.last_used)
    # Shown to the minute ("Dùng lần cuối"): the use 40 s later leaves it; the one 65 s later writes it.
    assert used == [at, at, at + datetime.timedelta(seconds=65)]


def test_a_revoked_token_answers_401(tree, people):
    token, raw = services.token_create(user=people.own, name="Tạm thời")
    assert bearer(raw).get("/api/units/").status_code == 200

    services.token_revoke(token=token, by=people.own)

    assert bearer(raw).get("/api/units/").status_code == 401


def test_the_token_of_a_deactivated_account_answers_401(tree, people):
    _token, raw = ApiToken.issue(user=people.own, name="x")
    people.own.is_active = False
    people.own.save()
    assert bearer(raw).get("/api/units/").status_code == 401


def test_the_api_does_not_accept_a_browser_session_instead_of_a_token(tree, people, login):
    """A session cookie would make every API write a CSRF target; the API takes tokens only."""
    assert login(people.own).get("/api/units/").status_code == 401


def test_the_openapi_document_lists_every_endpoint_and_the_bearer_scheme(db, client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "doanvu API"
    paths = {path: set(operations) for path, operations in document["paths"].items()}
    assert paths == ENDPOINTS
    schemes = document["components"]["securitySchemes"]
    bearer = [name for name, scheme in schemes.items() if scheme.get("scheme") == "bearer"]
    assert len(bearer) == 1
    # Every operation takes the token; a browser session is accepted only by the member's own read, GET /api/me/.
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = {name for requirement in operation["security"] for name in requirement}
            assert bearer[0] in names, (path, method)
            assert names == set(bearer) or (path, method) == ("/api/me/", "get"), (path, method)


def test_the_docs_page_loads_swagger_from_our_own_static_files_not_a_cdn(db, client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert re.search(r'(?:src|href)="(?:https?:)?//', html) is None  # no other host, a CDN least of all
    assert "https://" not in html
    assert '"validatorUrl": null' in html
    assert '"url": "/api/openapi.json"' in html
    # collectstatic gathers them with the rest, so whitenoise serves them on an intranet.
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
