"""Background jobs on an uploaded file: the file kept in a folder, the job's row in the database, the work
run by a `doanvu db_worker` process, never by the web process (docs/architecture.md, "Background jobs").

A job is an ImportJob row plus a folder MEDIA_ROOT/imports/<id>/ holding the file ("source.xlsx" or
"source.csv"), the preview's findings ("result.json") and the rows done so far ("progress.json", which
the page reads while the job's row cannot be written: a commit on SQLite holds the database's lock).
The web process creates the job and enqueues a django-tasks task; a worker claims it, writes its host,
pid and a heartbeat every few seconds from a second thread, and the outcome. A job whose worker is gone
(its pid no longer runs on this host, or no heartbeat for JOB_LEASE_SECONDS) is marked failed the next
time anyone looks at it, with a retry.

Each kind of job gives its own work function to `execute`; this module knows nothing of members or
training beyond the row. A download (phase BUILD) has no uploaded file: its work makes one, kept as
"output<suffix>" in the job's folder until the job is removed; the apps above register the work of their
download kinds here (`register`), so this layer never imports them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.documents.files import DocumentFile
from doanvu.lib.spreadsheets import KINDS
from doanvu.org.models import OrgUnit

from .job_models import ImportJob

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, CANCELLED = (
    ImportJob.State.QUEUED,
    ImportJob.State.RUNNING,
    ImportJob.State.DONE,
    ImportJob.State.FAILED,
    ImportJob.State.CANCELLED,
)
CHECK, WRITE, BUILD = ImportJob.Phase.CHECK, ImportJob.Phase.WRITE, ImportJob.Phase.BUILD
# The kinds of table every import reads (doanvu.lib.spreadsheets): .xlsx, .xlsm, .xls, .ods, .csv.
SUFFIXES = tuple(KINDS)
HEARTBEAT_SECONDS = 2.0
# Jobs untouched for this long are removed when the next upload arrives: the files hold personal data.
KEEP_SECONDS = 2 * 24 * 3600
_ID = re.compile(r"^[0-9a-f]{32}$")


class JobCancelled(Exception):
    """The officer cancelled the job while it ran; the work's transaction is rolled back."""


def died_message() -> str:
    return _(
        "Đã dừng giữa chừng: tiến trình xử lý nền bị dừng (máy chủ khởi động lại hoặc bị tắt). "
        "Không có dữ liệu nào được ghi dở; bấm “Chạy lại” để làm lại."
    )


def jobs_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def folder(job: ImportJob) -> Path:
    return jobs_root() / job.id


def source(job: ImportJob) -> Path:
    return folder(job) / f"source{job.suffix}"


def output(job: ImportJob) -> Path:
    """The file a download job made."""
    return folder(job) / f"output{job.suffix}"


def _write_atomically(path: Path, text: str | bytes) -> None:
    temporary = path.with_suffix(".tmp")
    if isinstance(text, bytes):
        temporary.write_bytes(text)
    else:
        temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def save_output(job: ImportJob, content: bytes) -> None:
    folder(job).mkdir(parents=True, exist_ok=True)
    _write_atomically(output(job), content)


def save_result(job: ImportJob, text: str) -> None:
    _write_atomically(folder(job) / "result.json", text)


def _progress_file(job: ImportJob) -> Path:
    return folder(job) / "progress.json"


def _read_progress(job: ImportJob) -> None:
    """A running job's rows done as its worker last wrote them to the folder, if ahead of its row."""
    try:
        found = json.loads(_progress_file(job).read_text(encoding="utf-8"))
        done, total = int(found["done"]), found["total"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if done > job.done:
        job.done = done
        job.total = int(total) if total is not None else job.total


def read_result(job: ImportJob) -> str | None:
    path = folder(job) / "result.json"
    return path.read_text(encoding="utf-8") if path.exists() else None


# --- the web process's side ------------------------------------------------------------------------------


def job_create(*, user, unit, upload, kind: str, params: dict | None = None) -> ImportJob:
    """Keep the uploaded file on the server and open a job for it (not started yet)."""
    name = Path(upload.name or "").name
    jobs_prune()
    job = ImportJob.objects.create(
        id=uuid.uuid4().hex,
        kind=kind,
        user=user,
        unit=unit,
        file_name=name[:255],
        suffix=Path(name).suffix.lower(),
        params=params or {},
        state=CANCELLED,  # nothing asked of it until job_start
    )
    folder(job).mkdir(parents=True, exist_ok=True)
    with open(source(job), "wb") as handle:
        for piece in upload.chunks():
            handle.write(piece)
    return job


def job_load(job_id: str, kind: str | None = None) -> ImportJob | None:
    """The job as it stands now; a job whose worker died is marked failed on the way."""
    if not _ID.match(str(job_id)):
        return None
    jobs = ImportJob.objects.select_related("unit")
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    job = jobs.filter(pk=job_id).first()
    if job is not None and job.state in (QUEUED, RUNNING) and worker_died(job):
        updated = ImportJob.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at).update(
            state=FAILED, message=died_message()
        )
        if updated:
            job.refresh_from_db()
    if job is not None and job.state == RUNNING:
        _read_progress(job)
    return job


def job_owned(user, job_id: str, kinds, role: str) -> tuple[ImportJob, OrgUnit]:
    """The user's own job of one of `kinds`, its unit still in their scope with `role`; anyone else's job
    does not exist (404), for the pages and the API alike."""
    job = job_load(job_id)
    if job is None or job.kind not in kinds or job.user_id != user.pk:
        raise Http404
    return job, scope.get_unit(user, job.unit_id, role)


def job_start(job: ImportJob, phase: str, *, task) -> None:
    """Queue the job's phase (CHECK or WRITE) for a worker: `task` is the kind's django-tasks task."""
    job.phase, job.state, job.done, job.message = phase, QUEUED, 0, ""
    job.cancel_requested, job.worker_host, job.worker_pid, job.heartbeat_at = False, "", None, None
    job.attempts, job.task_id = job.attempts + 1, ""
    _progress_file(job).unlink(missing_ok=True)
    job.save()
    result = task.enqueue(job.id)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()


def can_retry(job: ImportJob) -> bool:
    """Stopped, and still holding what its phase starts from (an import's file; a download needs none)."""
    return job.state in (FAILED, CANCELLED) and (job.phase == BUILD or source(job).exists())


def job_retry(job: ImportJob, *, task) -> bool:
    """Run a failed or cancelled job's phase again from the start. False when it is not stopped."""
    if not can_retry(job):
        return False
    job_start(job, job.phase, task=task)
    return True


def job_cancel(job: ImportJob) -> None:
    """A queued job never starts; a running one stops at its next chunk and writes nothing."""
    if job.state == QUEUED:
        ImportJob.objects.filter(pk=job.pk, state=QUEUED).update(state=CANCELLED, message=_("Đã hủy."))
    elif job.state == RUNNING:
        ImportJob.objects.filter(pk=job.pk, state=RUNNING).update(cancel_requested=True)
    job.refresh_from_db()


def job_delete(job: ImportJob) -> None:
    shutil.rmtree(folder(job), ignore_errors=True)
    ImportJob.objects.filter(pk=job.pk).delete()


def jobs_prune(max_age_seconds: int = KEEP_SECONDS) -> None:
    """Remove jobs left alone for days (previews never written) with their files."""
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    old = ImportJob.objects.filter(updated_at__lt=cutoff).exclude(state__in=(QUEUED, RUNNING))
    for job_id in list(old.values_list("pk", flat=True)):
        shutil.rmtree(jobs_root() / job_id, ignore_errors=True)
    old.delete()


# --- downloads: kinds registered by the apps that make the files ------------------------------------------

# kind → build(job, progress) returning the file (doanvu.documents.files.DocumentFile: bytes and name).
Build = Callable[[ImportJob, "Progress"], DocumentFile]
_BUILDERS: dict[str, Build] = {}


class JobFailed(Exception):
    """A download that cannot be made, with the Vietnamese message the officer reads on the job's page."""


def register(kind: str, build: Build) -> None:
    """Called from the registering app's AppConfig.ready(), in the web process and in the worker alike."""
    _BUILDERS[kind] = build


def builder(kind: str) -> Build:
    return _BUILDERS[kind]


def download_kinds() -> tuple[str, ...]:
    return tuple(_BUILDERS)


# --- is the worker alive? ------------------------------------------------------------------------------------


def _process_alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            # The state follows the command name in parentheses; Z is a dead process not yet reaped.
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_died(job: ImportJob) -> bool:
    """A running job's worker is gone: its process no longer runs on this host, or (on another host) it has
    not beaten for JOB_LEASE_SECONDS. A queued job died when the queue's own row says its task ended."""
    if job.state == QUEUED:
        return _task_ended(job)
    if job.state != RUNNING:
        return False
    if job.worker_pid and job.worker_host == socket.gethostname():
        # On the worker's own host the process table is exact, even while a long SQLite write holds the
        # database lock and the heartbeat cannot be written.
        return not _process_alive(job.worker_pid)
    lease = timedelta(seconds=getattr(settings, "JOB_LEASE_SECONDS", 60))
    return job.heartbeat_at is None or timezone.now() - job.heartbeat_at > lease


def _task_ended(job: ImportJob) -> bool:
    from django_tasks_db.models import DBTaskResult

    try:
        uuid.UUID(job.task_id)
    except ValueError:
        return False  # no task of the database backend (the immediate backend of tests)
    found = DBTaskResult.objects.filter(pk=job.task_id).values_list("status", "started_at").first()
    if found is None:
        return False
    status, started_at = found
    if status in ("SUCCESSFUL", "FAILED"):
        return True
    # A worker claims the job's row a moment after the task's: a task claimed a lease ago whose job is still
    # queued lost its worker in between.
    lease = timedelta(seconds=getattr(settings, "JOB_LEASE_SECONDS", 60))
    return status == "RUNNING" and started_at is not None and timezone.now() - started_at > lease


# --- the worker's side -------------------------------------------------------------------------------------


class Progress:
    """Rows done so far, written to the job's folder after each chunk (outside any transaction: a commit on
    SQLite holds the database's lock until its end) and to the job's row by the heartbeat thread (or
    directly when the work runs inside a transaction another connection could not see through)."""

    def __init__(self, job: ImportJob, direct: bool):
        self.job, self.direct = job, direct
        self.done, self.total = 0, None
        self.stop = threading.Event()
        self.finished = threading.Event()

    def __call__(self, done: int) -> None:
        self.done = done
        try:
            _write_atomically(_progress_file(self.job), json.dumps({"done": done, "total": self.total}))
        except OSError:
            log.debug("progress of job %s not written", self.job.pk, exc_info=True)
        if self.direct:
            self.beat()
        self.hold()
        if self.stop.is_set():
            raise JobCancelled

    def hold(self) -> None:
        """Wait while settings.JOB_HOLD_FILE exists (a test watching the job mid-way), at most a lease."""
        hold = getattr(settings, "JOB_HOLD_FILE", "")
        deadline = time.monotonic() + getattr(settings, "JOB_LEASE_SECONDS", 60)
        while hold and os.path.exists(hold) and time.monotonic() < deadline and not self.stop.is_set():
            time.sleep(0.05)

    def beat(self) -> None:
        jobs = ImportJob.objects.filter(pk=self.job.pk, state=RUNNING)
        jobs.update(heartbeat_at=timezone.now(), done=self.done, total=self.total)
        if jobs.filter(cancel_requested=True).exists():
            self.stop.set()

    def run_heartbeat(self) -> None:
        try:
            while not self.finished.wait(HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except Exception:  # a locked SQLite database: the pid still tells the worker lives
                    log.debug("heartbeat of job %s not written", self.job.pk, exc_info=True)
        finally:
            connections.close_all()


Work = Callable[[ImportJob, Progress], None]


def execute(job_id: str, work: Work) -> None:
    """Run a queued job in this process: claim it, beat while `work` runs, record the outcome.

    `work(job, progress)` sets job.state (DONE), job.written, job.message as it finishes, calls
    `progress(rows)` after each chunk (which raises JobCancelled when the officer cancelled) and may set
    `progress.total`. Exceptions it raises become a failed job with a system error message."""
    claimed = ImportJob.objects.filter(pk=job_id, state=QUEUED).update(
        state=RUNNING,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        heartbeat_at=timezone.now(),
        done=0,
    )
    if not claimed:
        return  # cancelled while queued, or already taken
    job = ImportJob.objects.select_related("unit", "user").get(pk=job_id)
    # Inside a transaction (tests through the immediate backend) a second connection would not see the
    # job: progress is written directly instead of by a heartbeat thread.
    progress = Progress(job, direct=connection.in_atomic_block)
    beating = None
    if not progress.direct:
        beating = threading.Thread(target=progress.run_heartbeat, name=f"job-{job_id}", daemon=True)
        beating.start()
    try:
        work(job, progress)
    except JobCancelled:
        job.state, job.message = CANCELLED, _("Đã hủy; không có dữ liệu nào được ghi.")
    except Exception:
        log.exception("job %s failed", job_id)
        job.state = FAILED
        job.message = _("Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi.")
    finally:
        progress.finished.set()
        if beating is not None:
            beating.join(timeout=HEARTBEAT_SECONDS * 5)
    if job.state == RUNNING:
        job.state = DONE
    total = progress.total if progress.total is not None else job.total
    ImportJob.objects.filter(pk=job_id).update(
        state=job.state,
        message=job.message,
        written=job.written,
        done=progress.done,
        total=total,
        heartbeat_at=timezone.now(),
    )
    _progress_file(job).unlink(missing_ok=True)
    job.total = total


def wait_for(job_id: str, timeout: float = 60.0, states=(DONE, FAILED, CANCELLED)) -> ImportJob | None:
    """The job once it reached one of `states` (a command or a test waiting for a worker)."""
    deadline = time.monotonic() + timeout
    while True:
        job = job_load(job_id)
        if job is None or job.state in states or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
