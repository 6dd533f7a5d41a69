"""The page of a download made in the background: progress, "Hủy", "Chạy lại" after a failure, then the
file — for the one user who asked for it, as long as they may still read its unit (404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import download_jobs, job_views, jobs


def _get_job(request, job_id: str):
    return download_jobs.own_download(request.user, job_id)


def _urls(job) -> dict:
    return {
        "progress_url": reverse("jobs:download_progress", args=[job.id]),
        "cancel_url": reverse("jobs:download_cancel", args=[job.id]),
        "page_url": reverse("jobs:download", args=[job.id]),
    }


@login_required
def download(request, job_id: str):
    job, unit = _get_job(request, job_id)
    context = {
        "job": job,
        "unit": unit,
        "back": job.params.get("back") or "/",
        "ready": download_jobs.ready(job),
        "can_retry": jobs.can_retry(job),
        "keep_days": jobs.KEEP_SECONDS // (24 * 3600),
        **_urls(job),
    }
    return render(request, "members/download_job.html", context)


@login_required
def download_progress(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    return job_views.progress(request, job, "members/job_progress.html", _urls(job))


@login_required
def download_file(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    if not download_jobs.ready(job):
        raise Http404
    return download_jobs.file_response(job)


@login_required
@require_POST
def download_retry(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    return job_views.retry(
        request, job, download_jobs.download_retry, reverse("jobs:download", args=[job.id])
    )


@login_required
@require_POST
def download_cancel(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    page = reverse("jobs:download", args=[job.id])
    return job_views.cancel(request, job, page=page, gone=job.params.get("back") or "/")
