"""Member import jobs: the uploaded file checked (preview) and written (commit) by a background worker so a
10,000-row file shows its progress in the browser and never ties up the web process.

The job's row, its folder and its worker are jobs.py's; here is the work itself and its task
(docs/architecture.md, "Background jobs").
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from doanvu.org.models import OrgUnit

from . import importing, jobs
from .job_models import ImportJob
from .jobs import (  # noqa: F401 (the job's states, importable from here)
    CANCELLED,
    CHECK,
    DONE,
    FAILED,
    KEEP_SECONDS,
    QUEUED,
    RUNNING,
    WRITE,
    job_cancel,
    job_delete,
    job_load,
    jobs_root,
)

KIND = ImportJob.Kind.MEMBERS


def job_create(*, user, unit: OrgUnit, upload) -> ImportJob:
    """Keep the uploaded file on the server and open a job for it. ImportFileError for a wrong type."""
    if not unit.is_active_on(timezone.localdate()):
        raise importing.ImportFileError(
            _(
                "%(unit)s đã ngừng hoạt động (sáp nhập hoặc giải thể): không nhập đoàn viên vào đơn vị này được."
            )
            % {"unit": unit.name}
        )
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in jobs.SUFFIXES:
        raise importing.ImportFileError(
            _("Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv), không nhận “%(name)s”.")
            % {"name": name}
        )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit and (upload.size or 0) > limit:
        raise importing.ImportFileError(
            _("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.") % {"mb": limit // (1024 * 1024)}
        )
    return jobs.job_create(user=user, unit=unit, upload=upload, kind=KIND)


def job_start(job: ImportJob, phase: str) -> None:
    """Queue checking (CHECK) or writing (WRITE) the job's file for a worker."""
    jobs.job_start(job, phase, task=run_member_import)


def job_retry(job: ImportJob) -> bool:
    return jobs.job_retry(job, task=run_member_import)


def result(job: ImportJob) -> importing.ImportResult | None:
    text = jobs.read_result(job)
    return importing.ImportResult.from_dict(json.loads(text)) if text else None


def _work(job: ImportJob, progress: jobs.Progress) -> None:
    try:
        unit = OrgUnit.objects.select_related("kind").get(pk=job.unit_id)
        table = importing.read_rows(jobs.source(job), job.file_name)
        progress.total = table.estimated_rows
        if job.phase == CHECK:
            found = importing.preview(user=job.user, unit=unit, rows=table, progress=progress)
            jobs.save_result(job, json.dumps(found.to_dict(), ensure_ascii=False))
            progress.total = found.total
        else:
            job.written = importing.commit(
                user=job.user, unit=unit, rows=table, file_name=job.file_name, progress=progress
            )
            # The rows are in the database now; do not keep personal data lying around in a file.
            jobs.source(job).unlink(missing_ok=True)
        job.state = DONE
    except importing.ImportRejected as exc:
        # Back to the preview, with what stopped the write.
        jobs.save_result(job, json.dumps(exc.result.to_dict(), ensure_ascii=False))
        job.phase, job.state = CHECK, DONE
        ImportJob.objects.filter(pk=job.pk).update(phase=CHECK)
    except importing.ImportFileError as exc:
        job.state, job.message = FAILED, str(exc)
    except PermissionDenied:
        job.state, job.message = FAILED, _("Tài khoản không còn quyền cập nhật đơn vị này.")


def run(job_id: str) -> None:
    """Do the job's queued phase in this process (the worker's task)."""
    jobs.execute(job_id, _work)


@task()
def run_member_import(job_id: str) -> None:
    run(job_id)
