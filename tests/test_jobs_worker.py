"""The member import, the downloads and the API's report files through the real worker: `doanvu db_worker`
started as its own process against the test database, as `make run` starts it; and killed with SIGKILL in
the middle of a commit."""

import datetime
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.training import jobs as training_jobs
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.members import import_jobs, jobs
from doanvu.members.job_models import ImportJob
from doanvu.members.models import Member

from .import_helpers import row, xlsx
from .test_eval_member_factories import YEAR, roster
from .test_members_factories import bulk_members
from .test_report_document_factories import activity

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{database['USER']}{password}@{host}{port}/{database['NAME']}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def start_worker(media):
    started: list[subprocess.Popen] = []

    def start(*command: str, **extra_env) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": database_url(), "DOANVU_DATA_DIR": str(media), **extra_env}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "doanvu",
                *(command or ("db_worker", "--no-reload", "--no-startup-delay", "--interval=0.1")),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def in_write_transaction() -> bool:
    """Another process holds an open write transaction on the member table (the commit, before its end)."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
            [Member._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def new_job(people, tree, rows: int):
    upload = SimpleUploadedFile("lon.xlsx", xlsx([row(n) for n in range(1, rows + 1)]).getvalue())
    return import_jobs.job_create(user=people.own, unit=tree.branch_a1, upload=upload)


def test_the_worker_process_checks_and_writes_a_file_queued_by_the_web(tree, people, start_worker):
    job = new_job(people, tree, 50)
    import_jobs.job_start(job, import_jobs.CHECK)
    assert import_jobs.job_load(job.id).state == import_jobs.QUEUED  # the web process did not run it
    start_worker()
    job = jobs.wait_for(job.id, timeout=120)
    assert job.checked, job.message
    import_jobs.job_start(job, import_jobs.WRITE)
    job = jobs.wait_for(job.id, timeout=120)
    assert (job.state, job.written) == (import_jobs.DONE, 50), job.message
    assert Member.objects.count() == 50
    assert job.worker_pid and job.worker_pid != os.getpid()


def test_a_worker_killed_mid_commit_writes_nothing_and_the_retry_writes_everything(
    tree, people, start_worker, client
):
    rows = 3000
    job = new_job(people, tree, rows)
    worker = start_worker()
    import_jobs.job_start(job, import_jobs.CHECK)
    job = jobs.wait_for(job.id, timeout=300)
    assert job.checked, job.message

    import_jobs.job_start(job, import_jobs.WRITE)
    deadline = time.monotonic() + 300
    seen = 0  # the lock held at several probes running: the commit, not a claim or a heartbeat
    while seen < 4:
        assert time.monotonic() < deadline, "the worker never began writing"
        state = import_jobs.job_load(job.id).state
        assert state in (import_jobs.QUEUED, import_jobs.RUNNING)
        seen = seen + 1 if state == import_jobs.RUNNING and in_write_transaction() else 0
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    assert Member.objects.count() == 0
    job = import_jobs.job_load(job.id)
    assert job.state == import_jobs.FAILED and "Đã dừng giữa chừng" in job.message
    client.force_login(people.own)
    page = client.get(reverse("members:import_job", kwargs={"job_id": job.id})).content.decode()
    assert "Đã dừng giữa chừng" in page and "Chạy lại" in page

    start_worker()
    client.post(reverse("members:import_retry", kwargs={"job_id": job.id}))
    job = jobs.wait_for(job.id, timeout=300)
    assert (job.state, job.written) == (import_jobs.DONE, rows), job.message
    assert Member.objects.filter(unit=tree.branch_a1).count() == rows


def test_the_page_shows_the_write_moving_while_the_worker_still_holds_its_transaction(
    tree, people, start_worker, client, media
):
    # The worker waits after each chunk of 1,000 rows while the hold file exists: no reliance on speed.
    rows, hold = 3000, media / "hold"
    job = new_job(people, tree, rows)
    start_worker(JOB_HOLD_FILE=str(hold))
    import_jobs.job_start(job, import_jobs.CHECK)
    job = jobs.wait_for(job.id, timeout=300)
    assert job.checked, job.message

    hold.touch()
    import_jobs.job_start(job, import_jobs.WRITE)
    client.force_login(people.own)
    url = reverse("members:import_progress", kwargs={"job_id": job.id})
    deadline, shown = time.monotonic() + 300, []
    while not any(0 < percent < 100 for percent in shown):
        assert time.monotonic() < deadline, f"the page never showed the write under way: {shown}"
        page = client.get(url).content.decode()
        assert "Đang" in page, page
        shown += [int(p) for p in re.findall(r'<span class="num">(\d+)%</span>', page)]
        time.sleep(0.1)
    assert "Đang ghi dữ liệu" in page and "1.000/3.000" in page
    assert in_write_transaction() and Member.objects.count() == 0  # mid-commit: nothing visible yet

    hold.unlink()
    job = jobs.wait_for(job.id, timeout=300)
    assert (job.state, job.written, job.done) == (import_jobs.DONE, rows, rows), job.message
    assert Member.objects.count() == rows


def test_the_worker_process_checks_and_writes_a_training_registration_file(tree, people, start_worker):
    members = roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình"])
    text = "Họ và tên,Ngày sinh,Nội dung đăng ký\n" + "\n".join(
        f"{m.full_name},{m.date_of_birth:%d/%m/%Y},Rèn luyện {i}" for i, m in enumerate(members)
    )
    upload = SimpleUploadedFile("dk.csv", text.encode("utf-8"))
    job = training_jobs.job_create(
        user=people.own, unit=tree.branch_a1, upload=upload, year=YEAR, on=datetime.date(YEAR, 3, 1)
    )
    training_jobs.job_start(job, jobs.CHECK)
    start_worker()
    job = jobs.wait_for(job.id, timeout=120)
    assert job.checked and training_jobs.check_of(job).ok, job.message
    training_jobs.job_start(job, jobs.WRITE)
    job = jobs.wait_for(job.id, timeout=120)
    assert job.finished_writing and training_jobs.outcome_of(job) == {"created": 2, "updated": 0}
    assert TrainingRegistration.objects.filter(year=YEAR).count() == 2


# --- downloads made by the worker ----------------------------------------------------------------------------


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.status_code
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_worker_process_makes_a_district_word_report_and_a_long_member_export(
    tree, people, start_worker, client, settings
):
    settings.EXPORT_INLINE_MAX_ROWS = 10
    bulk_members(tree.branch_a1, [f"Lê Thị Số {i:02d}" for i in range(15)])
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    client.force_login(people.above)
    report = job_of(client.get("/bao-cao/van-ban/HA/2025/tai-ve/docx/"))
    export = job_of(client.get(reverse("members:export")))
    assert jobs.job_load(report.id).state == jobs.QUEUED  # the web process made nothing
    page = client.get(reverse("jobs:download", args=[report.id])).content.decode()
    assert "Đang chờ đến lượt xử lý…" in page and "Tải tệp về" not in page

    start_worker()
    for job in (report, export):
        done = jobs.wait_for(job.id, timeout=180)
        assert done.state == jobs.DONE, done.message
        assert done.worker_pid and done.worker_pid != os.getpid()
        assert "Tải tệp về" in client.get(reverse("jobs:download", args=[job.id])).content.decode()

    docx = client.get(reverse("jobs:download_file", args=[report.id])).getvalue()
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in text
    workbook = client.get(reverse("jobs:download_file", args=[export.id])).getvalue()
    rows = list(load_workbook(io.BytesIO(workbook), read_only=True).active.iter_rows(values_only=True))
    assert sorted(row[1] for row in rows[2:]) == [f"Lê Thị Số {i:02d}" for i in range(15)]

    for other in (people.sibling, people.province_officer):
        client.force_login(other)
        assert client.get(reverse("jobs:download", args=[report.id])).status_code == 404
        assert client.get(reverse("jobs:download_file", args=[report.id])).status_code == 404


def test_a_worker_killed_while_making_a_file_shows_failed_and_the_retry_makes_it(
    tree, people, start_worker, client
):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    client.force_login(people.above)
    job = job_of(client.get("/bao-cao/van-ban/HA/2025/tai-ve/docx/"))
    # A worker process that claims the job and is still building it when it is killed.
    stuck = start_worker(
        "shell",
        "-c",
        f"import time; from doanvu.members import jobs; jobs.execute('{job.id}', lambda j, p: time.sleep(600))",
    )
    running = jobs.wait_for(job.id, timeout=120, states=(jobs.RUNNING,))
    assert running.state == jobs.RUNNING and running.worker_pid == stuck.pid
    stuck.send_signal(signal.SIGKILL)
    stuck.wait(timeout=30)

    page = client.get(reverse("jobs:download", args=[job.id])).content.decode()
    assert "Đã dừng giữa chừng" in page and "Chạy lại" in page and "Tải tệp về" not in page
    assert jobs.job_load(job.id).state == jobs.FAILED

    start_worker()
    client.post(reverse("jobs:download_retry", args=[job.id]))
    job = jobs.wait_for(job.id, timeout=180)
    assert job.state == jobs.DONE, job.message
    assert client.get(reverse("jobs:download_file", args=[job.id])).getvalue()[:2] == b"PK"


# --- the API's report files, made by the worker --------------------------------------------------------------


def test_the_worker_makes_the_file_an_api_token_asked_for_and_only_its_owner_gets_it(
    tree, people, start_worker, monkeypatch
):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    officer, other_district, viewer = (
        Client(headers={"authorization": f"Bearer {ApiToken.issue(user=user, name='t')[1]}"})
        for user in (people.province_officer, people.other_district, people.viewer)
    )
    asked = officer.get("/api/reports/TV/2025/document?format=docx")
    assert asked.status_code == 202 and asked.json()["state"] == "queued"  # the web process made nothing
    status_url = asked.json()["status_url"]
    file_url = f"{status_url}/file"
    assert officer.get(file_url).status_code == 409
    # The web process has LibreOffice; the worker (its PATH without it) has not.
    monkeypatch.setattr("doanvu.api.report_documents.pdf_available", lambda: True)
    pdf = viewer.get("/api/reports/CA1/2025/document?format=pdf").json()

    start_worker(PATH=os.path.dirname(sys.executable))
    for job_id in (asked.json()["id"], pdf["id"]):
        assert jobs.wait_for(job_id, timeout=180).state in (jobs.DONE, jobs.FAILED)
    status = officer.get(status_url).json()
    assert status["state"] == "done" and status["download_url"] == file_url
    response = officer.get(file_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-TV-2025.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(response.getvalue())).paragraphs)
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in text
    for url in (status_url, file_url):
        assert other_district.get(url).status_code == 404
        assert viewer.get(url).status_code == 404

    failed = viewer.get(pdf["status_url"]).json()
    assert failed["state"] == "failed" and failed["retry_url"]
    assert failed["message"] == "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp Word."
