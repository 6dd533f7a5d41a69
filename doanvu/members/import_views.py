"""Pages for importing members from a file: upload → preview (errors and warnings row by row) → write all
or nothing → result. The work runs in the background (import_jobs); the pages poll it with htmx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.documents import csvfile
from doanvu.lib.http import protect_download
from doanvu.org.models import OrgUnit

from . import import_jobs, importing, job_views, jobs
from .job_models import ImportJob

MAX_UNITS_LISTED = 500  # the unit picker; a province's officer may also type a code
MAX_ISSUES_SHOWN = 2000  # per kind on the page; the full list downloads as CSV


def _editable_units(user):
    """Units the user may import into: their scope, when their role lets them edit."""
    root = scope.scope_root(user)
    if root is not None and not scope.has_role(user, root, scope.EDIT):
        raise PermissionDenied
    if root is None and not scope.is_site_admin(user):
        raise PermissionDenied
    # Only units active today: one merged away or dissolved takes no new members.
    today = timezone.localdate()
    return scope.scope_units(user).filter(OrgUnit.active_on_q(today)).select_related("kind").order_by("path")


def _get_job(request, job_id: str) -> tuple[ImportJob, OrgUnit]:
    """The user's own job, its unit still editable by them; anyone else's job does not exist (404)."""
    return job_views.own_job(request, job_id, (import_jobs.KIND,), scope.EDIT)


@login_required
def import_start(request):
    units = _editable_units(request.user)
    error = ""
    if request.method == "POST":
        code = (request.POST.get("unit_code") or request.POST.get("unit") or "").strip()
        unit = scope.get_unit(request.user, code, scope.EDIT, by="code") if code else None
        upload = request.FILES.get("file")
        if unit is None:
            error = _("Hãy chọn đơn vị để nhập đoàn viên vào.")
        elif upload is None:
            error = _("Hãy chọn tệp Excel (.xlsx) hoặc CSV (.csv) để nhập.")
        else:
            try:
                job = import_jobs.job_create(user=request.user, unit=unit, upload=upload)
            except importing.ImportFileError as exc:
                error = str(exc)
            else:
                import_jobs.job_start(job, import_jobs.CHECK)
                return redirect("members:import_job", job_id=job.id)
    selected = request.POST.get("unit") or request.GET.get("unit") or ""
    if not selected and scope.scope_root(request.user) is not None:
        selected = scope.scope_root(request.user).code
    return render(
        request,
        "members/import.html",
        {
            "units": units[:MAX_UNITS_LISTED],
            "more_units": units.count() > MAX_UNITS_LISTED,
            "selected": selected,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def import_template(request):
    response = HttpResponse(
        importing.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-doan-vien.xlsx"'
    return protect_download(response)


@login_required
def import_job(request, job_id: str):
    job, unit = _get_job(request, job_id)
    result = import_jobs.result(job) if job.state == import_jobs.DONE else None
    context = {
        "job": job,
        "unit": unit,
        "result": result,
        "limit": MAX_ISSUES_SHOWN,
        "can_retry": jobs.can_retry(job),
    }
    if result is not None:
        context["errors"] = result.errors[:MAX_ISSUES_SHOWN]
        context["warnings"] = result.warnings[:MAX_ISSUES_SHOWN]
    return render(request, "members/import_job.html", context)


@login_required
def import_progress(request, job_id: str):
    job, unit = _get_job(request, job_id)
    return job_views.progress(request, job, "members/import_progress.html", {"unit": unit})


@login_required
@require_POST
def import_commit(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    page = reverse("members:import_job", args=[job.id])
    return job_views.write(request, job, import_jobs.result(job), import_jobs.job_start, page)


@login_required
@require_POST
def import_retry(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    return job_views.retry(request, job, import_jobs.job_retry, reverse("members:import_job", args=[job.id]))


@login_required
@require_POST
def import_discard(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    return job_views.cancel(
        request,
        job,
        page=reverse("members:import_job", args=[job.id]),
        gone=reverse("members:import"),
        gone_message=_("Đã hủy lần nhập tệp %(name)s.") % {"name": job.file_name},
    )


@login_required
def import_issues(request, job_id: str):
    """Every error and warning of the preview as a CSV the officer can sort and fix from."""
    job, _unit = _get_job(request, job_id)
    result = import_jobs.result(job)
    if result is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.id[:8]}.csv"'
    response.write("\ufeff")  # so Excel opens it as UTF-8
    writer = csvfile.writer(response)
    writer.writerow([_("Dòng"), _("Cột"), _("Loại"), _("Nội dung")])
    for kind, issues in ((_("Lỗi"), result.errors), (_("Cảnh báo"), result.warnings)):
        for issue in issues:
            writer.writerow([issue.row, issue.column, kind, issue.message])
    return protect_download(response)
