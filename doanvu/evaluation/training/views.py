"""Pages of the member training programme: a branch's registration list for a year with "register the whole
branch", one member's registration, the results entered for many members at once, and the file import with
a preview of every row's problem before anything is written."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.evaluation.members.views import (
    back,
    page_year,
    problems_of,
    switch_context,
)
from doanvu.evaluation.training import importing as reader
from doanvu.evaluation.training import jobs as training_jobs
from doanvu.evaluation.training import services
from doanvu.evaluation.training.models import TrainingRegistration, TrainingResult
from doanvu.evaluation.training.selectors import (
    training_progress,
    training_rows,
)
from doanvu.lib.http import protect_download
from doanvu.members import job_views, jobs
from doanvu.members.forms import DateField
from doanvu.members.models import Member
from doanvu.work.services.attachments import upload_max_mb


class DateForm(forms.Form):
    on = DateField(label=gettext_lazy("Ngày"), initial=timezone.localdate)
    commitments = forms.CharField(
        label=gettext_lazy("Nội dung đăng ký"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV"))
    on = DateField(label=gettext_lazy("Ngày đăng ký"), initial=timezone.localdate)


def _list_context(request, unit, year) -> dict:
    context = {
        **switch_context(request, unit, year),
        "results": TrainingResult.choices,
        "can_edit": scope.has_role(request.user, unit, scope.EDIT),
        "today": timezone.localdate(),
    }
    if unit.kind.is_branch:
        rows = training_rows(unit=unit, year=year)
        context.update(
            rows=rows,
            unregistered=[row.member for row in rows if row.registration is None],
            registered=sum(1 for row in rows if row.registration),
        )
    else:
        context["progress"] = training_progress(unit=unit, year=year)
    return context


@login_required
def training_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit, year = scope.page_unit(request), page_year(request)
    return render(request, "evaluation/training_list.html", _list_context(request, unit, year))


def _failed(request, unit, year, problems: list[str]):
    context = {**_list_context(request, unit, year), "problems": problems}
    return render(request, "evaluation/training_list.html", context, status=400)


@login_required
@require_POST
def training_register(request):
    unit, year = scope.page_unit(request, scope.EDIT), page_year(request)
    form = DateForm(request.POST)
    if not form.is_valid():
        return _failed(request, unit, year, [m for errors in form.errors.values() for m in errors])
    data = form.cleaned_data
    try:
        if request.POST.get("member"):
            member = scope.get_in_scope(
                request.user, Member.objects.all(), scope.EDIT, pk=request.POST["member"]
            )
            services.training_register(
                member=member, year=year, on=data["on"], commitments=data["commitments"], by=request.user
            )
            n = 1
        else:
            n = len(
                services.training_register_branch(
                    unit=unit, year=year, on=data["on"], commitments=data["commitments"], by=request.user
                )
            )
    except ValidationError as error:
        return _failed(request, unit, year, problems_of(error))
    messages.success(request, _("Đã đăng ký chương trình rèn luyện cho %(n)s đoàn viên.") % {"n": n})
    return redirect(back("training_list", unit, year))


@login_required
@require_POST
def training_evaluate(request):
    unit, year = scope.page_unit(request, scope.EDIT), page_year(request)
    form = DateForm(request.POST)
    results = {key[7:]: value for key, value in request.POST.items() if key.startswith("result-") and value}
    if not form.is_valid():
        return _failed(request, unit, year, [m for errors in form.errors.values() for m in errors])
    ids = [int(pk) for pk in results if pk.isdigit()]
    allowed = set(
        TrainingRegistration.objects.filter(unit.subtree_q("unit__"), pk__in=ids).values_list("pk", flat=True)
    )
    try:
        done = services.trainings_evaluate(
            results={pk: value for pk, value in results.items() if pk.isdigit() and int(pk) in allowed},
            on=form.cleaned_data["on"],
            by=request.user,
        )
    except ValidationError as error:
        return _failed(request, unit, year, problems_of(error))
    messages.success(request, _("Đã ghi kết quả rèn luyện của %(n)s đoàn viên.") % {"n": len(done)})
    return redirect(back("training_list", unit, year))


# --- import ------------------------------------------------------------------------------------------------


def _job_urls(job) -> dict:
    return {
        "page_url": reverse("evaluation:training_import_job", kwargs={"job_id": job.id}),
        "progress_url": reverse("evaluation:training_import_progress", kwargs={"job_id": job.id}),
        "cancel_url": reverse("evaluation:training_import_cancel", kwargs={"job_id": job.id}),
    }


def _get_job(request, job_id: str):
    """The user's own training import, its unit still editable by them; anyone else's does not exist."""
    return job_views.own_job(request, job_id, (training_jobs.KIND,), scope.EDIT)


@login_required
def training_import(request):
    unit = scope.page_unit(request, scope.EDIT)
    year = page_year(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {**switch_context(request, unit, year), "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "evaluation/training_import.html", context, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    if upload.size > upload_max_mb() * 1024 * 1024:
        context["problems"] = [_("Tệp lớn hơn %(n)s MB.") % {"n": upload_max_mb()}]
        return render(request, "evaluation/training_import.html", context, status=400)
    job = training_jobs.job_create(
        user=request.user, unit=unit, upload=upload, year=year, on=form.cleaned_data["on"]
    )
    training_jobs.job_start(job, jobs.CHECK)
    return redirect("evaluation:training_import_job", job_id=job.id)


@login_required
def training_import_job(request, job_id: str):
    """The import's page: progress while the worker runs, then the preview, the outcome or the failure."""
    job, unit = _get_job(request, job_id)
    year = int(job.params["year"])
    context = {**switch_context(request, unit, year), "job": job, **_job_urls(job)}
    context["form"] = UploadForm(initial={"on": job.params["on"]})
    if job.state == jobs.DONE:
        context["check"] = training_jobs.check_of(job)
        context["outcome"] = training_jobs.outcome_of(job) if job.finished_writing else None
    context["can_retry"] = jobs.can_retry(job)
    status = 400 if context.get("check") is not None and not context["check"].ok else 200
    return render(request, "evaluation/training_import.html", context, status=status)


@login_required
def training_import_progress(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    return job_views.progress(request, job, "members/job_progress.html", _job_urls(job))


@login_required
@require_POST
def training_import_commit(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    page = reverse("evaluation:training_import_job", args=[job.id])
    return job_views.write(request, job, training_jobs.check_of(job), training_jobs.job_start, page)


@login_required
@require_POST
def training_import_retry(request, job_id: str):
    job, _unit = _get_job(request, job_id)
    page = reverse("evaluation:training_import_job", args=[job.id])
    return job_views.retry(request, job, training_jobs.job_retry, page)


@login_required
@require_POST
def training_import_cancel(request, job_id: str):
    job, unit = _get_job(request, job_id)
    page = reverse("evaluation:training_import_job", args=[job.id])
    return job_views.cancel(
        request, job, page=page, gone=back("training_import", unit, int(job.params["year"]))
    )


@login_required
def training_template(request):
    response = HttpResponse(
        reader.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-ren-luyen.xlsx"'
    return protect_download(response)
