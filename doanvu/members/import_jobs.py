"""Import jobs: the uploaded file kept on the server between preview and commit, and the work on it run
in a background thread so a 10,000-row file shows its progress in the browser.

A job is a folder MEDIA_ROOT/imports/<uuid>/ holding the file ("source.xlsx" or "source.csv"), its state
("job.json", rewritten as work advances, read by the page polling it) and the preview's findings
("result.json"). No model and nothing in the session: the folder is the job.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.utils.translation import gettext as _

from doanvu.org.models import OrgUnit

from . import importing

log = logging.getLogger(__name__)

CHECKING, CHECKED, WRITING, WRITTEN, FAILED = "checking", "checked", "writing", "written", "failed"
RUNNING = (CHECKING, WRITING)
SUFFIXES = (".xlsx", ".csv")
# A job whose state file has not moved for this long died with its process (a restart, a crash).
STALE_SECONDS = 15 * 60
# Jobs untouched for this long are removed when the next upload arrives.
KEEP_SECONDS = 2 * 24 * 3600
_ID = re.compile(r"^[0-9a-f]{32}$")
_THREADS: dict[str, threading.Thread] = {}  # for tests and for shutdown: the live worker per job


@dataclass
class Job:
    id: str
    user_id: int
    unit_id: int
    file_name: str
    suffix: str
    state: str = CHECKING
    done: int = 0
    total: int | None = None
    written: int = 0
    message: str = ""
    updated: float = 0.0

    @property
    def folder(self) -> Path:
        return jobs_root() / self.id

    @property
    def source(self) -> Path:
        return self.folder / f"source{self.suffix}"

    @property
    def running(self) -> bool:
        return self.state in RUNNING and not self.stale

    @property
    def stale(self) -> bool:
        return self.state in RUNNING and time.time() - self.updated > STALE_SECONDS

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    def result(self) -> importing.ImportResult | None:
        path = self.folder / "result.json"
        if not path.exists():
            return None
        return importing.ImportResult.from_dict(json.loads(path.read_text(encoding="utf-8")))


def jobs_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _write_json(path: Path, data: dict) -> None:
    # Write then rename, so the page polling the job never reads half a file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def job_save(job: Job) -> None:
    job.updated = time.time()
    _write_json(job.folder / "job.json", asdict(job))


def job_load(job_id: str) -> Job | None:
    if not _ID.match(str(job_id)):
        return None
    path = jobs_root() / job_id / "job.json"
    try:
        return Job(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def job_create(*, user, unit: OrgUnit, upload) -> Job:
    """Keep the uploaded file on the server and open a job for it. ImportFileError for a wrong type."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise importing.ImportFileError(
            _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv), không nhận “%(name)s”.") % {"name": name}
        )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit and (upload.size or 0) > limit:
        raise importing.ImportFileError(
            _("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.") % {"mb": limit // (1024 * 1024)}
        )
    jobs_prune()
    job = Job(id=uuid.uuid4().hex, user_id=user.pk, unit_id=unit.pk, file_name=name, suffix=suffix)
    job.folder.mkdir(parents=True, exist_ok=True)
    with open(job.source, "wb") as handle:
        for piece in upload.chunks():
            handle.write(piece)
    job_save(job)
    return job


def jobs_prune(max_age_seconds: int = KEEP_SECONDS) -> None:
    """Remove jobs left alone for days (previews never written): the files hold personal data."""
    root = jobs_root()
    if not root.exists():
        return
    cutoff = time.time() - max_age_seconds
    for folder in root.iterdir():
        state = folder / "job.json"
        try:
            old = (state if state.exists() else folder).stat().st_mtime < cutoff
        except OSError:
            continue
        if old and folder.name not in _THREADS:
            shutil.rmtree(folder, ignore_errors=True)


def job_delete(job: Job) -> None:
    shutil.rmtree(job.folder, ignore_errors=True)


def job_start(job: Job, state: str) -> None:
    """Begin checking (CHECKING) or writing (WRITING) the job's file, in a background thread.

    With settings.DOANVU_IMPORT_INLINE the work runs in the caller instead (tests inside a transaction
    that another thread could not see)."""
    job.state, job.done, job.message = state, 0, ""
    job_save(job)
    if getattr(settings, "DOANVU_IMPORT_INLINE", False):
        run(job.id)
        return
    thread = threading.Thread(target=_thread_main, args=(job.id,), name=f"import-{job.id}", daemon=True)
    _THREADS[job.id] = thread
    thread.start()


def _thread_main(job_id: str) -> None:
    try:
        run(job_id)
    finally:
        # This thread opened its own database connection; give it back.
        connections.close_all()
        _THREADS.pop(job_id, None)


def run(job_id: str) -> None:
    """Do the job's pending work (check or write), recording progress and the outcome in its folder."""
    job = job_load(job_id)
    if job is None or job.state not in RUNNING:
        return
    try:
        user = get_user_model().objects.get(pk=job.user_id)
        unit = OrgUnit.objects.select_related("kind").get(pk=job.unit_id)
        table = importing.read_rows(job.source, job.file_name)
        job.total = table.estimated_rows

        def progress(done: int) -> None:
            job.done = done
            job_save(job)

        if job.state == CHECKING:
            result = importing.preview(user=user, unit=unit, rows=table, progress=progress)
            _write_json(job.folder / "result.json", result.to_dict())
            job.state, job.total = CHECKED, result.total
        else:
            job.written = importing.commit(
                user=user, unit=unit, rows=table, file_name=job.file_name, progress=progress
            )
            job.state = WRITTEN
            # The rows are in the database now; do not keep personal data lying around in a file.
            job.source.unlink(missing_ok=True)
    except importing.ImportRejected as exc:
        _write_json(job.folder / "result.json", exc.result.to_dict())
        job.state = CHECKED
    except importing.ImportFileError as exc:
        job.state, job.message = FAILED, str(exc)
    except PermissionDenied:
        job.state, job.message = FAILED, _("Tài khoản không còn quyền cập nhật đơn vị này.")
    except Exception:
        log.exception("import job %s failed", job_id)
        job.state, job.message = FAILED, _("Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi.")
    job_save(job)
