"""The import pages as an officer uses them: upload, preview, write, result; with every persona."""

import io
import json
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from doanvu.accounts.models import AuditEntry
from doanvu.members import import_jobs
from doanvu.members.models import Member

from .conftest import HANG_GUARD_SECONDS
from .import_helpers import row, xlsx  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOANVU_IMPORT_INLINE = True  # the work runs inside the request, in the test's transaction
    return tmp_path


def upload(client, unit_code, rows, name="danh-sach.xlsx"):
    data = xlsx(rows).getvalue()
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("members:import"), {"unit": unit_code, "file": file})


def job_of(response) -> import_jobs.Job:
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
    assert job.state == import_jobs.CHECKED
    assert job.source.exists() and str(job.source).startswith(str(import_jobs.jobs_root()))

    preview = client.get(response["Location"]).content.decode()
    assert "Ghi dữ liệu" in preview
    assert Member.objects.count() == 0

    written = client.post(reverse("members:import_commit", kwargs={"job_id": job.id}))
    assert written.status_code == 302
    result = client.get(written["Location"]).content.decode()
    assert "Đã ghi 2 đoàn viên" in result
    assert Member.objects.filter(unit=tree.branch_a1).count() == 2
    assert AuditEntry.objects.filter(action="member.import", data__file="danh-sach.xlsx").count() == 1
    assert not job.source.exists()  # personal data does not stay behind in a file


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
        reverse("members:import"), {"unit": "CA1", "file": SimpleUploadedFile("ds.xls", b"old excel")}
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)" in response.content.decode()


def test_a_file_without_the_headers_fails_with_the_reason(tree, people, login):
    client = login(people.own)
    file = SimpleUploadedFile("ds.csv", b"a,b\n1,2\n")
    response = client.post(reverse("members:import"), {"unit": "CA1", "file": file})
    page = client.get(response["Location"]).content.decode()
    assert "Không tìm thấy dòng tiêu đề" in page


def test_progress_is_polled_every_second_while_the_job_runs(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    job.state, job.done, job.total = import_jobs.CHECKING, 4000, 10000
    import_jobs.job_save(job)
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page and "đã xử lý 4.000/10.000 dòng" in page
    partial = client.get(
        reverse("members:import_progress", kwargs={"job_id": job.id}), HTTP_HX_REQUEST="true"
    )
    assert "đã xử lý 4.000/10.000 dòng" in partial.content.decode()

    job.state = import_jobs.CHECKED
    import_jobs.job_save(job)
    done = client.get(reverse("members:import_progress", kwargs={"job_id": job.id}), HTTP_HX_REQUEST="true")
    assert done.headers.get("HX-Refresh") == "true"


def test_discarding_an_import_removes_the_uploaded_file(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    client.post(reverse("members:import_discard", kwargs={"job_id": job.id}))
    assert not job.folder.exists()


def test_the_template_has_the_vietnamese_headers_and_a_guide_sheet(tree, people, login):
    response = login(people.own).get(reverse("members:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn"]
    headers = [cell.value for cell in workbook["Danh sách"][1]]
    assert headers[:4] == ["Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc"]
    assert "Số CCCD" in headers and "Mã chi đoàn" in headers


@pytest.mark.django_db(transaction=True)
def test_a_real_background_thread_checks_and_writes_the_file(tree, people, settings):
    settings.DOANVU_IMPORT_INLINE = False
    buffer = xlsx([row(n) for n in range(1, 51)])
    job = import_jobs.job_create(
        user=people.own, unit=tree.branch_a1, upload=SimpleUploadedFile("nen.xlsx", buffer.getvalue())
    )
    for state in (import_jobs.CHECKING, import_jobs.WRITING):
        import_jobs.job_start(job, state)
        # The worker is registered before it starts and leaves the registry only when its work is saved:
        # waiting for it (not for a number of seconds) is enough, however busy the machine is.
        thread = import_jobs._THREADS.get(job.id)
        if thread is not None:
            thread.join(timeout=HANG_GUARD_SECONDS)
            assert not thread.is_alive(), f"the import thread still runs after {HANG_GUARD_SECONDS} s"
        job = import_jobs.job_load(job.id)
        assert not job.running
    assert (job.state, job.written) == (import_jobs.WRITTEN, 50), job.message
    assert Member.objects.count() == 50
    saved = json.loads((job.folder / "job.json").read_text())
    assert saved["state"] == "written"


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
    long_ago = time.time() - import_jobs.KEEP_SECONDS - 60
    os.utime(old.folder / "job.json", (long_ago, long_ago))
    recent = job_of(upload(client, "CA1", [row(1)]))
    assert not old.folder.exists()
    assert recent.folder.exists()


def test_a_job_whose_worker_died_says_so_and_can_be_discarded(tree, people, login):
    client = login(people.own)
    job = job_of(upload(client, "CA1", [row(1)]))
    job.state = import_jobs.WRITING
    import_jobs.job_save(job)
    data = json.loads((job.folder / "job.json").read_text())
    data["updated"] -= import_jobs.STALE_SECONDS + 60
    (job.folder / "job.json").write_text(json.dumps(data))
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "bị gián đoạn" in page and 'hx-trigger="every 1s"' not in page
    client.post(reverse("members:import_discard", kwargs={"job_id": job.id}))
    assert not job.folder.exists()
