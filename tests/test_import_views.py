"""The import pages as an officer uses them: upload, preview, write, result; with every persona."""

import datetime
import io
import os
import socket
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from doanvu.accounts.models import AuditEntry
from doanvu.members import import_jobs, jobs
from doanvu.members.models import ImportJob, Member

from .import_helpers import row, xlsx  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The work runs inside the request, in the test's transaction; tests/test_jobs_worker.py runs the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


def upload(client, unit_code, rows, name="danh-sach.xlsx"):
    data = xlsx(rows).getvalue()
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("members:import"), {"unit": unit_code, "file": file})


def job_of(response) -> ImportJob:
    job_id = response["Location"].rstrip("/").split("/")[-1]
    return import_jobs.job_load(job_id)


def test_the_branch_officer_uploads_previews_and_writes_their_members(tree, people, login):
    client = login(people.own)
    page = client.get(reverse("members:import"))
    assert page.status_code == 200
    assert "Chi đoàn A1" in page.content.decode()

    response = upload(client, "CA1", [row(1), row(2)])
    assert response.status_code == 302
    job = job_of(response)
    assert job.checked
    assert jobs.source(job).exists() and str(jobs.source(job)).startswith(str(import_jobs.jobs_root()))

    preview = client.get(response["Location"]).content.decode()
    assert "Ghi dữ liệu" in preview
    assert Member.objects.count() == 0

    written = client.post(reverse("members:import_commit", kwargs={"job_id": job.id}))
    assert written.status_code == 302
    result = client.get(written["Location"]).content.decode()
    assert "Đã ghi 2 đoàn viên" in result
    assert Member.objects.filter(unit=tree.branch_a1).count() == 2
    assert AuditEntry.objects.filter(action="member.import", data__file="danh-sach.xlsx").count() == 1
    assert not jobs.source(job).exists()  # personal data does not stay behind in a file


def test_the_preview_lists_each_error_with_row_and_column_and_offers_no_write_button(tree, people, login):
    client = login(people.own)
    response = upload(client, "CA1", [row(1), row(2, **{"Ngày sinh": "32/13/2000", "Mã chi đoàn": "CA2"})])
    page = client.get(response["Location"]).content.decode()
    assert "Dòng có lỗi" in page
    assert "Ngày sinh" in page and "không có trên lịch" in page
    assert "Mã chi đoàn “CA2” không thuộc phạm vi quản lý" in page
    assert "Ghi dữ liệu" not in page

    job = job_of(response)
    refused = client.post(reverse("members:import_commit", kwargs={"job_id": job.id}), follow=True)
    assert "không còn lỗi nào" in refused.content.decode()
    assert Member.objects.count() == 0

    issues = client.get(reverse("members:import_issues", kwargs={"job_id": job.id}))
    text = issues.content.decode("utf-8-sig")
    assert "3,Ngày sinh,Lỗi," in text and "3,Mã chi đoàn,Lỗi," in text


def test_an_officer_above_imports_into_a_branch_below(tree, people, login):
    client = login(people.above)
    response = upload(client, "CA2", [row(1, **{"Mã chi đoàn": None})])
    job = job_of(response)
    client.post(reverse("members:import_commit", kwargs={"job_id": job.id}))
    assert Member.objects.get().unit == tree.branch_a2


def test_a_sibling_cannot_import_into_the_branch_next_door(tree, people, login):
    response = upload(login(people.sibling), "CA1", [row(1)])
    assert response.status_code == 404
    assert not import_jobs.jobs_root().exists()  # nothing of theirs was kept
    assert not ImportJob.objects.exists()


def test_a_viewer_gets_403_on_the_import_pages(tree, people, login):
    client = login(people.viewer)
    assert client.get(reverse("members:import")).status_code == 403
    assert upload(client, "CA1", [row(1)]).status_code == 403
    assert Member.objects.count() == 0


def test_another_officers_job_does_not_exist_for_you(tree, people, login):
    job = job_of(upload(login(people.own), "CA1", [row(1)]))
    client = login(people.above)  # above may edit CA1, but the upload is not theirs
    assert client.get(reverse("members:import_job", kwargs={"job_id": job.id})).status_code == 404
    assert client.post(reverse("members:import_commit", kwargs={"job_id": job.id})).status_code == 404
    assert client.get("/doan-vien/nhap-du-lieu/..%2F..%2Fetc/").status_code == 404


def test_a_file_of_the_wrong_kind_is_refused_with_a_message(tree, people, login):
    client = login(people.own)
    response = client.post(
        reverse("members:import"), {"unit": "CA1", "file": SimpleUploadedFile("ds.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    assert (
        "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv)" in response.content.decode()
    )


def test_a_file_without_the_headers_fails_with_the_reason(tree, people, login):
    client = login(people.own)
    file = SimpleUploadedFile("ds.csv", b"a,b\n1,2\n")
    response = client.post(reverse("members:import"), {"unit": "CA1", "file": file})
    page = client.get(response["Location"]).content.decode()
    assert "Không tìm thấy dòng tiêu đề" in page


def test_progress_is_polled_every_second_while_the_job_runs(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    job.state, job.done, job.total = import_jobs.RUNNING, 4000, 10000
    job.worker_host, job.worker_pid = socket.gethostname(), os.getpid()
    job.save()
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page and "đã xử lý 4.000/10.000 dòng" in page and "40%" in page
    partial = client.get(
        reverse("members:import_progress", kwargs={"job_id": job.id}), HTTP_HX_REQUEST="true"
    )
    assert "đã xử lý 4.000/10.000 dòng" in partial.content.decode()

    job.state = import_jobs.DONE
    job.save()
    done = client.get(reverse("members:import_progress", kwargs={"job_id": job.id}), HTTP_HX_REQUEST="true")
    assert done.headers.get("HX-Refresh") == "true"


def test_discarding_an_import_removes_the_uploaded_file(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    client.post(reverse("members:import_discard", kwargs={"job_id": job.id}))
    assert not jobs.folder(job).exists()
    assert not ImportJob.objects.filter(pk=job.pk).exists()


def test_the_template_has_the_vietnamese_headers_and_a_guide_sheet(tree, people, login):
    response = login(people.own).get(reverse("members:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn"]
    headers = [cell.value for cell in workbook["Danh sách"][1]]
    assert headers[:4] == ["Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc"]
    assert "Số CCCD" in headers and "Mã chi đoàn" in headers


def test_a_file_over_the_upload_limit_is_refused(tree, people, login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = login(people.own)
    file = SimpleUploadedFile("ds.csv", b"x" * 2048)
    response = client.post(reverse("members:import"), {"unit": "CA1", "file": file})
    assert response.status_code == 400
    assert "Tệp lớn hơn" in response.content.decode()


def test_uploads_left_for_days_are_removed_when_the_next_one_arrives(tree, people, login):
    client = login(people.own)
    old = job_of(upload(client, "CA1", [row(1)]))
    long_ago = timezone.now() - datetime.timedelta(seconds=import_jobs.KEEP_SECONDS + 60)
    ImportJob.objects.filter(pk=old.pk).update(updated_at=long_ago)
    recent = job_of(upload(client, "CA1", [row(1)]))
    assert not jobs.folder(old).exists() and not ImportJob.objects.filter(pk=old.pk).exists()
    assert jobs.folder(recent).exists()


def _running(job, **fields):
    fields = {"state": import_jobs.RUNNING, "phase": import_jobs.WRITE, **fields}
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def test_a_job_whose_worker_process_is_gone_shows_failed_with_a_retry_that_succeeds(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that ran on this host and is no more
    _running(job, worker_host=socket.gethostname(), worker_pid=gone.pid, heartbeat_at=timezone.now())
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "Đã dừng giữa chừng" in page and "Chạy lại" in page and 'hx-trigger="every 1s"' not in page
    assert import_jobs.job_load(job.id).state == import_jobs.FAILED

    client.post(reverse("members:import_retry", kwargs={"job_id": job.id}))
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "Đã ghi 1 đoàn viên" in page
    assert Member.objects.filter(unit=tree.branch_a1).count() == 1


def test_a_job_on_another_host_dies_when_its_heartbeat_lease_runs_out(tree, people, login, settings):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    beat = timezone.now() - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS - 10)
    _running(job, worker_host="may-khac", worker_pid=1, heartbeat_at=beat)
    assert import_jobs.job_load(job.id).state == import_jobs.RUNNING  # still within its lease
    _running(job, heartbeat_at=beat - datetime.timedelta(seconds=20))
    assert import_jobs.job_load(job.id).state == import_jobs.FAILED


def test_a_running_job_is_cancelled_from_its_progress_page(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    _running(job, worker_host=socket.gethostname(), worker_pid=os.getpid())
    client.post(reverse("members:import_discard", kwargs={"job_id": job.id}))
    assert ImportJob.objects.get(pk=job.pk).cancel_requested
    ImportJob.objects.filter(pk=job.pk).update(state=import_jobs.QUEUED)
    client.post(reverse("members:import_discard", kwargs={"job_id": job.id}))
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "Đã hủy" in page and "Chạy lại" in page


def test_a_queued_job_waits_for_a_worker_but_dies_with_a_worker_that_took_its_task(
    tree, people, login, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    assert job.state == import_jobs.QUEUED  # queued for a worker; nothing ran in the request
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "Đang chờ đến lượt xử lý" in page and "Hủy" in page
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS + 5)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", started_at=long_ago)
    assert import_jobs.job_load(job.id).state == import_jobs.FAILED
