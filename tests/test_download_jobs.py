"""Heavy downloads go through a background job: a long member export, a district's report, every PDF. The
officer lands on the job's page and downloads the file from it; nobody else can. Jobs run here through the
immediate backend; tests/test_jobs_worker.py runs them in a real worker process."""

import datetime
import io
import socket
import subprocess
import sys

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from doanvu.members import download_jobs, jobs
from doanvu.members.job_models import ImportJob

from .test_members_factories import bulk_members
from .test_report_document_factories import activity

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DISTRICT_REPORT = "/bao-cao/van-ban/HA/2025/tai-ve/"
BRANCH_REPORT = "/bao-cao/van-ban/CA1/2025/tai-ve/"


@pytest.fixture(autouse=True)
def immediate(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_INLINE_MAX_ROWS = 5


@pytest.fixture
def records(tree, people):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    return tree


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.status_code
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert response["Location"] == reverse("jobs:download", args=[job_id])
    return ImportJob.objects.get(pk=job_id)


def file_of(client, job: ImportJob):
    return client.get(reverse("jobs:download_file", args=[job.id]))


def sheet_names(response) -> list[str]:
    rows = list(
        load_workbook(io.BytesIO(response.getvalue()), read_only=True).active.iter_rows(values_only=True)
    )
    return [row[1] for row in rows[2:]]


def every_url(job: ImportJob) -> list[tuple[str, str]]:
    return [
        ("get", reverse("jobs:download", args=[job.id])),
        ("get", reverse("jobs:download_progress", args=[job.id])),
        ("get", reverse("jobs:download_file", args=[job.id])),
        ("post", reverse("jobs:download_retry", args=[job.id])),
        ("post", reverse("jobs:download_cancel", args=[job.id])),
    ]


# --- the member export -------------------------------------------------------------------------------------


def test_a_branch_list_within_the_threshold_downloads_at_once(tree, people, login):
    bulk_members(tree.branch_a1, [f"Lê Văn {i}" for i in range(5)])
    response = login(people.own).get(reverse("members:export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert len(sheet_names(response)) == 5
    assert not ImportJob.objects.exists()


def test_a_list_past_the_threshold_is_made_in_the_background_with_the_filtered_rows(tree, people, login):
    bulk_members(tree.branch_a1, [f"Lê Thị Số {i:02d}" for i in range(12)])
    bulk_members(tree.branch_a2, [f"Trần Văn Khác {i:02d}" for i in range(4)])
    client = login(people.above)
    job = job_of(client.get(reverse("members:export") + "?unit=XA&gender=female"))
    assert job.kind == ImportJob.Kind.EXPORT and job.user == people.above
    page = client.get(reverse("jobs:download", args=[job.id])).content.decode()
    assert "Xuất danh sách đoàn viên" in page and "Tệp đã sẵn sàng." in page and "Tải tệp về" in page
    response = file_of(client, job)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="doan-vien-XA-')
    names = sheet_names(response)
    assert len(names) == 8 and all(name.startswith(("Lê Thị", "Trần Văn")) for name in names)
    back = client.get(reverse("jobs:download", args=[job.id]))
    assert 'href="/doan-vien/?unit=XA&amp;gender=female"' in back.content.decode()


# --- the work report ---------------------------------------------------------------------------------------


def test_a_district_word_report_is_made_in_the_background_and_a_branch_report_stays_immediate(
    records, people, login
):
    client = login(people.above)
    branch = client.get(BRANCH_REPORT + "docx/")
    assert branch.status_code == 200 and branch["Content-Disposition"].endswith('"bao-cao-CA1-2025.docx"')
    assert client.get(DISTRICT_REPORT + "xlsx/").status_code == 200  # Excel stays immediate
    grassroots = client.get("/bao-cao/van-ban/XA/2025/tai-ve/docx/")
    assert grassroots.status_code == 200 and not ImportJob.objects.exists()
    job = job_of(client.get(DISTRICT_REPORT + "docx/"))
    assert (job.kind, job.state, job.file_name) == (ImportJob.Kind.REPORT, jobs.DONE, "bao-cao-HA-2025.docx")
    response = file_of(client, job)
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-HA-2025.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in text


def test_a_viewer_downloads_the_district_report_they_can_read(records, people, login):
    client = login(people.viewer)
    job = job_of(client.get(DISTRICT_REPORT + "docx/"))
    response = file_of(client, job)
    assert response.getvalue()[:2] == b"PK"
    # Private and inert like every file the site sends (docs/architecture.md, "Error pages and headers").
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_nobody_but_the_asker_sees_the_job_or_its_file(records, people, login):
    job = job_of(login(people.above).get(DISTRICT_REPORT + "docx/"))
    for other in (people.province_officer, people.viewer, people.sibling, people.own):
        client = login(other)
        for method, url in every_url(job):
            assert getattr(client, method)(url).status_code == 404, (other.username, url)
    assert jobs.output(job).exists()  # nobody else's cancel removed it
    assert file_of(login(people.above), job).status_code == 200


def test_the_sibling_officer_starts_no_job_for_a_unit_outside_their_scope(records, people, login):
    assert login(people.sibling).get(DISTRICT_REPORT + "docx/").status_code == 404
    assert not ImportJob.objects.exists()


def test_every_pdf_report_is_made_in_the_background(records, people, login, monkeypatch):
    monkeypatch.setattr("doanvu.reports.document_views.pdf_available", lambda: True)
    monkeypatch.setattr("doanvu.reports.document.files.docx_to_pdf", lambda docx: b"%PDF-1.7 " + docx[:10])
    client = login(people.own)
    job = job_of(client.get(BRANCH_REPORT + "pdf/"))
    response = file_of(client, job)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-CA1-2025.pdf"'
    assert response.getvalue().startswith(b"%PDF")


def test_a_conversion_that_fails_in_the_worker_shows_why_and_offers_to_run_it_again(
    records, people, login, monkeypatch
):
    monkeypatch.setattr("doanvu.reports.document_views.pdf_available", lambda: True)
    monkeypatch.setattr("doanvu.documents.pdf.soffice", lambda: None)
    client = login(people.own)
    job = job_of(client.get(BRANCH_REPORT + "pdf/"))
    page = client.get(reverse("jobs:download", args=[job.id])).content.decode()
    assert "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp Word." in page
    assert "Chạy lại" in page and "Tải tệp về" not in page
    assert file_of(client, job).status_code == 404


# --- a worker that died -------------------------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_died_shows_failed_and_runs_again(records, people, login, settings):
    settings.TASKS = QUEUE  # queued, no worker here
    client = login(people.above)
    job = job_of(client.get(DISTRICT_REPORT + "docx/"))
    assert ImportJob.objects.get(pk=job.pk).state == jobs.QUEUED
    ImportJob.objects.filter(pk=job.pk).update(
        state=jobs.RUNNING, worker_host=socket.gethostname(), worker_pid=dead_pid()
    )
    page = client.get(reverse("jobs:download", args=[job.id])).content.decode()
    assert "Đã dừng giữa chừng" in page and "Chạy lại" in page
    assert not jobs.output(job).exists()

    settings.TASKS = IMMEDIATE
    client.post(reverse("jobs:download_retry", args=[job.id]))
    job.refresh_from_db()
    assert job.state == jobs.DONE and job.attempts == 2
    assert file_of(client, job).getvalue()[:2] == b"PK"


def test_asking_twice_while_the_file_is_waiting_opens_the_same_job(records, people, login, settings):
    settings.TASKS = QUEUE  # no worker here: the first job waits
    client = login(people.above)
    first = job_of(client.get(DISTRICT_REPORT + "docx/"))
    assert job_of(client.get(DISTRICT_REPORT + "docx/")) == first
    assert ImportJob.objects.count() == 1
    assert (
        job_of(login(people.viewer).get(DISTRICT_REPORT + "docx/")) != first
    )  # another user: a job of their own


def test_cancelling_a_finished_download_removes_it_and_returns_to_the_report(records, people, login):
    client = login(people.above)
    job = job_of(client.get(DISTRICT_REPORT + "docx/"))
    response = client.post(reverse("jobs:download_cancel", args=[job.id]))
    assert response["Location"] == "/bao-cao/van-ban/HA/2025/"
    assert not ImportJob.objects.filter(pk=job.pk).exists() and not jobs.folder(job).exists()


def test_old_downloads_are_removed_with_their_files(records, people, login):
    client = login(people.above)
    job = job_of(client.get(DISTRICT_REPORT + "docx/"))
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=old)
    download_jobs.download_start(
        user=people.own,
        unit=records.branch_a1,
        kind=ImportJob.Kind.REPORT,
        file_name="x.docx",
        params={"period": "2025", "fmt": "docx"},
        back="/",
    )
    assert not ImportJob.objects.filter(pk=job.pk).exists() and not jobs.folder(job).exists()
