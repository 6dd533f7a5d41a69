"""What every background job's pages share: the job found for its owner only, the progress fragment polled
by htmx, "Chạy lại" and "Hủy" (docs/architecture.md, "Background jobs"). The member import, the training
import and the downloads call these; each keeps its own page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRefresh

from doanvu.accounts import scope
from doanvu.org.models import OrgUnit

from . import jobs
from .job_models import ImportJob


def own_job(request, job_id: str, kinds, role: str = scope.EDIT) -> tuple[ImportJob, OrgUnit]:
    """The user's own job of one of `kinds`, its unit still in their scope with `role`; anyone else's job
    does not exist (404)."""
    return jobs.job_owned(request.user, job_id, kinds, role)


def progress(request, job: ImportJob, template: str, context: dict) -> HttpResponse:
    """The fragment the page polls; once the job stopped running, the whole page again for its outcome."""
    if not job.running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, template, {"job": job, **context})


def write(request, job: ImportJob, outcome, start_write, page: str) -> HttpResponse:
    """Start writing what the check step found clean (`outcome`, with its `ok`); refused otherwise."""
    if not job.checked or outcome is None or not outcome.ok:
        messages.error(request, _("Chỉ ghi được khi tệp đã kiểm tra xong và không còn lỗi nào."))
    else:
        start_write(job, jobs.WRITE)
    return redirect(page)


def retry(request, job: ImportJob, retry_job, page: str) -> HttpResponse:
    """Run a job that stopped (its worker died, or it was cancelled) again from the start of its step."""
    if not retry_job(job):
        messages.error(request, _("Chỉ chạy lại được công việc đã dừng và còn giữ tệp."))
    return redirect(page)


def cancel(request, job: ImportJob, page: str, gone: str, gone_message: str = "") -> HttpResponse:
    """A running job is asked to stop (its page shows it); a stopped one is removed with its files."""
    if job.running:
        jobs.job_cancel(job)
        return redirect(page)
    jobs.job_delete(job)
    if gone_message:
        messages.info(request, gone_message)
    return redirect(gone)
