"""The API's report files are made by the worker, as on the pages: asking answers 202 with a job, the job's
status says how it goes, the file comes from the job, for its asker only. Jobs run here through the
immediate backend (or wait in the queue); tests/test_jobs_worker.py runs them in a real worker process."""

import datetime
import io

import pytest
from django.test import Client
from docx import Document

from doanvu.accounts.models import ApiToken
from doanvu.members import jobs
from doanvu.members.job_models import ImportJob

from .test_report_document_factories import activity

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PROVINCE_DOCX = "/api/reports/TV/2025/document?format=docx"
NO_LIBREOFFICE = "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp Word."


@pytest.fixture(autouse=True)
def immediate(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def records(tree, people):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    return tree


def api(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


def asked(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 202, response.content
    return response.json()


def api_file(client, url: str):
    """The file an API client gets for `url`: the job it answers, then the job's file (the job ran at once)."""
    job = asked(client, url)
    status = client.get(job["status_url"]).json()
    assert status["state"] == "done", status
    return client.get(status["download_url"])


def paragraphs(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)


def test_the_province_word_report_is_a_job_whose_file_downloads_privately(records, people):
    client = api(people.province_officer)
    job = asked(client, PROVINCE_DOCX)
    assert (job["kind"], job["file_name"]) == ("report", "bao-cao-TV-2025.docx")
    assert job["status_url"] == f"/api/jobs/{job['id']}"
    status = client.get(job["status_url"]).json()
    assert (status["state"], status["state_label"], status["percent"]) == ("done", "Đã xong", 100)
    assert status["download_url"] == f"/api/jobs/{job['id']}/file" and status["retry_url"] is None
    response = client.get(status["download_url"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-TV-2025.docx"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in paragraphs(response)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_viewer_fetches_a_file_of_a_unit_they_can_read(records, people, fmt):
    response = api_file(api(people.viewer), f"/api/reports/CA1/2025/document?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-CA1-2025.{fmt}"'


def test_nobody_but_the_asker_sees_the_job_or_its_file(records, people):
    job = asked(api(people.province_officer), PROVINCE_DOCX)
    for other in (people.other_district, people.viewer, people.above, people.admin):
        client = api(other)
        for url in (job["status_url"], f"/api/jobs/{job['id']}/file"):
            response = client.get(url)
            assert response.status_code == 404, (other.username, url)
            assert response.json() == {"detail": "Không tìm thấy."}
        assert client.post(f"/api/jobs/{job['id']}/retry").status_code == 404
    assert Client().get(job["status_url"]).status_code == 401
    assert api(people.province_officer).get(job["status_url"]).status_code == 200


def test_another_district_starts_no_job_for_a_unit_outside_its_scope(records, people):
    assert api(people.other_district).get("/api/reports/HA/2025/document?format=docx").status_code == 404
    assert not ImportJob.objects.exists()


def test_the_file_is_not_made_in_the_request_and_asking_again_while_it_waits_gives_the_same_job(
    records, people, settings, monkeypatch
):
    settings.TASKS = QUEUE  # no worker here: the job waits
    gathered = []
    monkeypatch.setattr(
        "doanvu.api.report_documents.report_data", lambda **asked_for: gathered.append(asked_for) or {}
    )
    client = api(people.province_officer)
    first = asked(client, PROVINCE_DOCX)
    assert asked(client, PROVINCE_DOCX)["id"] == first["id"] and ImportJob.objects.count() == 1
    assert gathered == []  # the request gathered no figures
    assert (first["state"], first["download_url"]) == ("queued", None)
    waiting = client.get(f"/api/jobs/{first['id']}/file")
    assert waiting.status_code == 409
    assert waiting.json()["detail"] == "Tệp đang được tạo (đang chờ); hãy hỏi lại trạng thái sau ít giây."
    client.get("/api/reports/TV/2025/document")
    assert len(gathered) == 1 and ImportJob.objects.count() == 1  # JSON: the data at once, no job


def test_a_pdf_the_worker_cannot_make_fails_with_why_and_runs_again(records, people, monkeypatch):
    monkeypatch.setattr("doanvu.api.report_documents.pdf_available", lambda: True)
    monkeypatch.setattr("doanvu.documents.pdf.soffice", lambda: None)  # the worker has no LibreOffice
    client = api(people.own)
    job = asked(client, "/api/reports/CA1/2025/document?format=pdf")
    status = client.get(job["status_url"]).json()
    assert (status["state"], status["message"]) == ("failed", NO_LIBREOFFICE)
    assert status["retry_url"] == f"/api/jobs/{job['id']}/retry" and status["download_url"] is None
    refused = client.get(f"/api/jobs/{job['id']}/file")
    assert refused.status_code == 409 and NO_LIBREOFFICE in refused.json()["detail"]

    monkeypatch.setattr("doanvu.reports.document.files.docx_to_pdf", lambda docx: b"%PDF-1.7 " + docx[:10])
    again = client.post(status["retry_url"])
    assert again.status_code == 202 and again.json()["state"] == "done"
    response = client.get(again.json()["download_url"])
    assert response["Content-Type"] == "application/pdf" and response.getvalue().startswith(b"%PDF")
    assert ImportJob.objects.get(pk=job["id"]).attempts == 2


def test_a_job_that_is_done_is_not_run_again(records, people):
    client = api(people.own)
    job = asked(client, "/api/reports/CA1/2025/document?format=xlsx")
    response = client.post(f"/api/jobs/{job['id']}/retry")
    assert response.status_code == 409
    assert response.json()["detail"] == "Chỉ chạy lại được công việc đã thất bại hoặc đã hủy."


def test_without_libreoffice_here_a_pdf_is_refused_at_once_and_no_job_is_made(records, people, monkeypatch):
    monkeypatch.setattr("doanvu.api.report_documents.pdf_available", lambda: False)
    response = api(people.own).get("/api/reports/CA1/2025/document?format=pdf")
    assert response.status_code == 503 and response.json()["detail"] == NO_LIBREOFFICE
    assert not ImportJob.objects.exists()


def test_the_api_and_the_page_share_the_job_for_the_same_file(records, people, login, settings):
    settings.TASKS = QUEUE
    job = asked(api(people.above), "/api/reports/HA/2025/document?format=docx")
    page = login(people.above).get("/bao-cao/van-ban/HA/2025/tai-ve/docx/")
    assert page["Location"] == f"/cong-viec-nen/{job['id']}/"
    assert jobs.job_load(job["id"]).state == jobs.QUEUED
