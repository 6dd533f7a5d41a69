"""API endpoints of the files made by the worker (docs/architecture.md, "Background jobs"): the state of a
job, its file once made, running it again after a failure. The same jobs as the pages' /cong-viec-nen/:
only the user who asked sees one (anyone else: 404), while they may still read its unit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja import Status as Reply
from ninja.errors import HttpError

from doanvu.members import download_jobs, jobs
from doanvu.members.job_models import ImportJob

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    file_name: str
    done: int
    total: int | None
    percent: int
    message: str
    can_retry: bool
    status_url: str
    download_url: str | None
    retry_url: str | None


def job_out(job: ImportJob) -> dict:
    """What a caller polls: `download_url` once the file is made, `retry_url` once the job stopped."""
    can_retry = jobs.can_retry(job)
    return {
        "id": job.id,
        "kind": job.kind,
        "kind_label": job.get_kind_display(),
        "state": job.state,
        "state_label": job.get_state_display(),
        "file_name": job.file_name,
        "done": job.done,
        "total": job.total,
        "percent": 100 if job.built else job.percent,
        "message": job.message,
        "can_retry": can_retry,
        "status_url": reverse("api:job_get", args=[job.id]),
        "download_url": reverse("api:job_file", args=[job.id]) if download_jobs.ready(job) else None,
        "retry_url": reverse("api:job_retry", args=[job.id]) if can_retry else None,
    }


@router.get(
    "/jobs/{job_id}",
    response=JobOut,
    url_name="job_get",
    summary="Trạng thái một công việc nền (tệp đang được tạo)",
    description=(
        "state: queued (đang chờ), running (đang chạy), done (đã xong), failed (thất bại, `message` nói lý "
        "do), cancelled (đã hủy). Khi xong, `download_url` là địa chỉ tải tệp; khi thất bại hoặc đã hủy, "
        "`retry_url` để chạy lại. Chỉ người yêu cầu xem được công việc của mình (người khác: 404)."
    ),
)
def job_get(request, job_id: str):
    job, _unit = download_jobs.own_download(request.user, job_id)
    return job_out(job)


@router.get(
    "/jobs/{job_id}/file",
    url_name="job_file",
    summary="Tải tệp công việc nền đã tạo",
    description="409 khi tệp chưa tạo xong hoặc công việc đã thất bại; xem trạng thái ở /api/jobs/{job_id}.",
)
def job_file(request, job_id: str):
    job, _unit = download_jobs.own_download(request.user, job_id)
    if not download_jobs.ready(job):
        raise HttpError(409, _not_ready(job))
    return download_jobs.file_response(job)


def _not_ready(job: ImportJob) -> str:
    if job.running:
        return _("Tệp đang được tạo (%(state)s); hãy hỏi lại trạng thái sau ít giây.") % {
            "state": job.get_state_display().lower()
        }
    if job.stopped:
        return _("Công việc không tạo được tệp: %(message)s") % {
            "message": job.message or job.get_state_display()
        }
    return _("Tệp không còn được lưu; hãy yêu cầu tạo lại.")


@router.post(
    "/jobs/{job_id}/retry",
    response={202: JobOut},
    url_name="job_retry",
    summary="Chạy lại công việc nền đã thất bại hoặc đã hủy",
)
def job_retry(request, job_id: str):
    job, _unit = download_jobs.own_download(request.user, job_id)
    if not download_jobs.download_retry(job):
        raise HttpError(409, _("Chỉ chạy lại được công việc đã thất bại hoặc đã hủy."))
    return Reply(202, job_out(job))
