"""Downloads made by the worker instead of the web process: a whole province's member list, a district's
report, every PDF (docs/architecture.md, "Background jobs").

The page asks for the file (`download_start`), the officer lands on the job's page, the worker runs
`run_download`, which calls the build function the kind's app registered in jobs.py and keeps the bytes
in the job's folder; the job's page then offers the file to the one user who asked for it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django_tasks import task

from doanvu.accounts import scope
from doanvu.lib.http import protect_download
from doanvu.org.models import OrgUnit

from . import jobs
from .job_models import ImportJob

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def download_start(*, user, unit: OrgUnit, kind: str, file_name: str, params: dict, back: str) -> ImportJob:
    """Open a download job and queue it; `back` is the page the officer came from (the job page links it).
    Asked again while the same file is still waiting or being made (a second click), the same job."""
    params = {**params, "back": back}
    waiting = ImportJob.objects.filter(user=user, unit=unit, kind=kind, state__in=(jobs.QUEUED, jobs.RUNNING))
    for job in waiting:
        if job.params == params and not jobs.worker_died(job):
            return job
    jobs.jobs_prune()
    job = ImportJob.objects.create(
        id=uuid.uuid4().hex,
        kind=kind,
        user=user,
        unit=unit,
        file_name=file_name[:255],
        suffix=Path(file_name).suffix.lower(),
        params=params,
        phase=jobs.BUILD,
        state=jobs.CANCELLED,  # nothing asked of it until job_start
    )
    jobs.job_start(job, jobs.BUILD, task=run_download)
    return job


def own_download(user, job_id: str) -> tuple[ImportJob, OrgUnit]:
    """A download the user asked for, while they may still read its unit (VIEW); anyone else: 404. The
    job's page and the API's /api/jobs/ find it the same way."""
    return jobs.job_owned(user, job_id, jobs.download_kinds(), scope.VIEW)


def ready(job: ImportJob) -> bool:
    """The file is made and still kept."""
    return job.built and jobs.output(job).exists()


def file_response(job: ImportJob) -> FileResponse:
    """The made file as an attachment, private and inert like every file the site sends (the job's page and
    the API alike); the caller has checked it is `ready`."""
    response = FileResponse(
        open(jobs.output(job), "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=job.file_name,
        content_type=content_type(job),
    )
    return protect_download(response)


def download_retry(job: ImportJob) -> bool:
    return jobs.job_retry(job, task=run_download)


def content_type(job: ImportJob) -> str:
    return CONTENT_TYPES.get(job.suffix, "application/octet-stream")


def _work(job: ImportJob, progress: jobs.Progress) -> None:
    try:
        file = jobs.builder(job.kind)(job, progress)
    except jobs.JobFailed as failure:
        job.state, job.message = jobs.FAILED, str(failure)
        return
    except (Http404, PermissionDenied):
        job.state = jobs.FAILED
        job.message = _("Tài khoản không còn quyền xem dữ liệu của tệp này; không tạo được tệp.")
        return
    # The writer names the file; the page showed the name the web process expected meanwhile.
    job.file_name, job.suffix = file.filename[:255], Path(file.filename).suffix.lower()
    ImportJob.objects.filter(pk=job.pk).update(file_name=job.file_name, suffix=job.suffix)
    jobs.save_output(job, file.content)
    job.state = jobs.DONE


def run(job_id: str) -> None:
    """Make the job's file in this process (the worker's task)."""
    jobs.execute(job_id, _work)


@task()
def run_download(job_id: str) -> None:
    run(job_id)
