"""Every file the site sends, from a page or from the API, is private and inert: no cache keeps it, the
browser never sniffs another type, and a file opened in the browser runs nothing (docs/architecture.md,
"Error pages and headers")."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.inspection.services.assessment import assessment_evidence_add
from doanvu.work import services as work_services

from . import test_eval_inspection_factories as inspection_factories
from .test_api_jobs import IMMEDIATE, api_file
from .test_eval_criteria_factories import build_set
from .test_eval_inspection_factories import condition, png
from .test_members_factories import admit
from .test_report_document_factories import activity as report_activity
from .test_work_factories import docx, pdf, record

inspection = inspection_factories.inspection
media = inspection_factories.media


def assert_private_and_inert(response):
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'") and "script" not in policy


def api(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def report_records(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Ba")
    report_activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    return tree


def test_the_work_report_downloads_from_the_pages_and_the_api_are_private_and_inert(
    report_records, people, login, media, settings
):
    settings.TASKS = IMMEDIATE
    client = login(people.own)
    page = "/bao-cao/van-ban/CA1/2025/"
    for response in (
        client.get(page + "tai-ve/docx/"),
        client.get(page + "tai-ve/xlsx/"),
        client.get(page + "ban-in/?tai-ve=1"),
        client.get(reverse("reports:document_template_download", args=["CA1"])),
        api_file(api(people.own), "/api/reports/CA1/2025/document?format=xlsx"),
        api_file(api(people.own), "/api/reports/CA1/2025/document?format=docx"),
    ):
        assert "attachment" in response["Content-Disposition"]
        assert_private_and_inert(response)


def test_the_printable_report_shown_in_the_browser_keeps_the_pages_policy(
    report_records, people, login, media
):
    response = login(people.own).get("/bao-cao/van-ban/CA1/2025/ban-in/")
    policy = response["Content-Security-Policy"]

    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)

    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_evidence_of_an_activity_from_the_page_and_the_api_is_private_and_inert(tree, people, login, media):
    activity = record(tree.branch_a1, people.own)
    shown = work_services.attachment_add(activity=activity, upload=pdf(), caption="Kế hoạch", by=people.own)
    downloaded = work_services.attachment_add(activity=activity, upload=docx(), by=people.own)

    for attachment in (shown, downloaded):
        assert_private_and_inert(login(people.own).get(reverse("work:attachment", args=[attachment.pk])))
        assert_private_and_inert(
            api(people.own).get(f"/api/activities/{activity.pk}/attachments/{attachment.pk}/")
        )


def test_spreadsheets_and_templates_the_pages_hand_out_are_private_and_inert(tree, people, login, media):
    client = login(people.province_officer)
    criteria_set = build_set(tree, people.province_officer)
    for response in (
        client.get(reverse("members:export")),
        client.get(reverse("evaluation:training_template")),
        client.get(reverse("members:import_template")),
        client.get(reverse("evaluation:criteria_export", args=[criteria_set.pk])),
        api(people.province_officer).get(f"/api/criteria-sets/{criteria_set.pk}/xlsx"),
    ):
        assert "attachment" in response["Content-Disposition"]
        assert_private_and_inert(response)


def test_inspection_evidence_and_the_conclusion_are_private_and_inert(inspection, people, login):
    evidence = assessment_evidence_add(
        assessment=inspection.a,
        condition=condition(inspection.set, "1.2"),
        kind="file",
        by=inspection.editor_a,
        title="Biên bản",
        upload=png(),
    )
    for response in (
        login(people.province_officer).get(
            reverse("evaluation:assessment_evidence_file", args=[evidence.pk])
        ),
        api(people.province_officer).get(f"/api/evidence/{evidence.pk}/file"),
        login(people.province_officer).get(
            reverse("evaluation:inspection_conclusion_download", args=[inspection.plan.pk, "docx"])
        ),
    ):
        assert_private_and_inert(response)


def test_no_module_sends_a_file_without_the_download_headers():
    """Every view module that names an attachment or streams a file also passes it through
    `protect_download`: a new download cannot forget the headers."""
    from pathlib import Path

    import doanvu

    root = Path(doanvu.__file__).parent
    forgetful = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        sends = "Content-Disposition" in text or "FileResponse(" in text
        if sends and path.name != "http.py" and "protect_download(" not in text:
            forgetful.append(str(path.relative_to(root)))
    assert forgetful == []
