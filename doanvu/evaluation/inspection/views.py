"""Inspection pages: the plans, a plan (units, visit state, self and final scores, ranks, proposed levels),
the visit page of the inspector (per condition: self score, evidence to accept or reject with a reason,
the inspector's score and comment; the findings), the ranking, the conclusion form and its downloads.

Access: doanvu.evaluation.inspection.access. A plan is seen by the issuer's officers and the inspected
units' officers, each unit only its own visit; the ranking by the units once published; writes need an
editor of the issuer (403 otherwise), and anything outside the user's scope is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.documents.pdf import PdfUnavailable, pdf_available
from doanvu.evaluation.inspection import assessment_selectors
from doanvu.evaluation.inspection import jobs as inspection_jobs
from doanvu.evaluation.inspection.access import (
    can_inspect,
    get_conclusion_plan,
    get_plan,
    get_visit,
    ranking_published,
    sees_ranking,
)
from doanvu.evaluation.inspection.conclusion import (
    conclusion_data,
    conclusion_file,
)
from doanvu.evaluation.inspection.forms import (
    ConclusionForm,
    InspectorScoreForm,
    PlanForm,
    VisitForm,
)
from doanvu.evaluation.inspection.models import Evidence, InspectionPlan
from doanvu.evaluation.inspection.selectors import (
    plan_rows,
    plans_for,
)
from doanvu.evaluation.inspection.services import visits as services
from doanvu.lib.http import protect_download
from doanvu.members.download_jobs import download_start
from doanvu.work.services.attachments import IMAGE_TYPES


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _field_errors(form, error: ValidationError) -> None:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, field_messages in items:
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def inspection_plan_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)  # a site admin: every plan, no unit
    return render(
        request,
        "evaluation/inspection_list.html",
        {
            "unit": unit,
            "plans": plans_for(request.user),
            "can_create": unit is not None and scope.has_role(request.user, unit, scope.EDIT),
        },
    )


def _plan_data(form) -> tuple[dict, list]:
    data = {name: form.cleaned_data.get(name) for name in services.PLAN_FIELDS}
    data["team"] = data["team"] or ""
    return data, list(form.cleaned_data.get("units") or [])


@login_required
def inspection_plan_create(request):
    issuer = scope.page_unit(request, scope.EDIT)
    form = PlanForm(request.POST or None, issuer=issuer)
    if request.method == "POST" and form.is_valid():
        data, units = _plan_data(form)
        try:
            plan = services.plan_create(issuer=issuer, data=data, units=units, by=request.user)
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra %(number)s.") % {"number": plan.number})
            return redirect("evaluation:inspection_plan", plan.pk)
    return render(request, "evaluation/inspection_form.html", {"form": form, "issuer": issuer, "plan": None})


@login_required
def inspection_plan_edit(request, pk: int):
    plan = get_plan(request.user, pk)
    if not can_inspect(request.user, plan):
        raise PermissionDenied
    initial = {"units": plan.units.all()}
    form = PlanForm(request.POST or None, instance=plan, initial=initial, issuer=plan.issuer)
    if request.method == "POST" and form.is_valid():
        data, units = _plan_data(form)
        try:
            services.plan_update(plan=plan, data=data, units=units, by=request.user)
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch kiểm tra."))
            return redirect("evaluation:inspection_plan", plan.pk)
    return render(
        request, "evaluation/inspection_form.html", {"form": form, "issuer": plan.issuer, "plan": plan}
    )


@login_required
def inspection_plan(request, pk: int):
    plan = get_plan(request.user, pk)
    return render(
        request,
        "evaluation/inspection_plan.html",
        {
            "plan": plan,
            "rows": plan_rows(request.user, plan),
            "team": services.lines(plan.team),
            "can_inspect": can_inspect(request.user, plan),
            "sees_ranking": sees_ranking(request.user, plan),
            "published": ranking_published(plan),
        },
    )


@login_required
def inspection_ranking(request, pk: int):
    """The ranking table: units, totals, ranks, proposed levels — never another unit's evidence."""
    plan = get_plan(request.user, pk)
    if not sees_ranking(request.user, plan):
        raise Http404
    return render(
        request,
        "evaluation/inspection_ranking.html",
        {
            "plan": plan,
            "rows": plan_rows(request.user, plan, everyone=True),
            "can_inspect": can_inspect(request.user, plan),
            "published": ranking_published(plan),
        },
    )


@login_required
@require_POST
def inspection_publish(request, pk: int):
    plan = get_plan(request.user, pk)
    services.ranking_publish(plan=plan, by=request.user)
    messages.success(request, _("Đã công bố xếp hạng cho các đơn vị được kiểm tra."))
    return redirect("evaluation:inspection_ranking", plan.pk)


def _visit_context(request, visit, **extra) -> dict:
    assessment = visit.assessment
    return {
        "visit": visit,
        "plan": visit.plan,
        "assessment": assessment,
        "rows": assessment_selectors.assessment_tree(assessment) if assessment else [],
        "can_inspect": can_inspect(request.user, visit.plan)
        and visit.plan.state != InspectionPlan.State.CONCLUDED,
        "visit_form": VisitForm(
            initial={
                "visited_on": visit.visited_on,
                "strengths": visit.strengths,
                "shortcomings": visit.shortcomings,
                "recommendations": visit.recommendations,
                "done": visit.state == visit.State.DONE,
            }
        ),
        "image_types": IMAGE_TYPES,
        **extra,
    }


@login_required
def inspection_visit(request, pk: int):
    visit = get_visit(request.user, pk)
    return render(request, "evaluation/inspection_visit.html", _visit_context(request, visit))


def _to_visit(visit, anchor: str = ""):
    url = reverse("evaluation:inspection_visit", args=[visit.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def inspection_visit_record(request, pk: int):
    visit = get_visit(request.user, pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _to_visit(visit, "findings")
    try:
        services.visit_record(visit=visit, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã lưu kết quả kiểm tra %(unit)s.") % {"unit": visit.unit.name})
    return _to_visit(visit, "findings")


@login_required
@require_POST
def inspection_score(request, pk: int, condition_id: int):
    visit = get_visit(request.user, pk)
    if visit.assessment is None:
        raise Http404
    condition = get_object_or_404(visit.assessment.criteria_set.conditions(), pk=condition_id)
    form = InspectorScoreForm(request.POST)
    form.is_valid()
    try:
        services.inspection_score(
            visit=visit,
            condition=condition,
            points=form.cleaned_data.get("points"),
            comment=form.cleaned_data.get("comment", ""),
            by=request.user,
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã lưu điểm kiểm tra điều kiện %(code)s.") % {"code": condition.code})
    return _to_visit(visit, f"c{condition.pk}")


@login_required
@require_POST
def inspection_evidence_review(request, pk: int, evidence_id: int):
    visit = get_visit(request.user, pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("condition"), pk=evidence_id, assessment=visit.assessment
    )
    try:
        if request.POST.get("decision") == "reject":
            services.inspection_evidence_reject(
                visit=visit, evidence=evidence, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(
                request, _("Đã ghi minh chứng «%(title)s» không được chấp nhận.") % {"title": evidence.title}
            )
        else:
            services.inspection_evidence_accept(visit=visit, evidence=evidence, by=request.user)
            messages.success(request, _("Đã chấp nhận minh chứng «%(title)s».") % {"title": evidence.title})
    except ValidationError as error:
        _flash(request, error)
    return _to_visit(visit, f"c{evidence.condition_id}")


@login_required
def inspection_conclusion(request, pk: int):
    plan = get_plan(request.user, pk)
    if not scope.in_scope(request.user, plan.issuer):
        raise Http404  # the conclusion belongs to the issuer; the units get the document itself
    form = None
    if can_inspect(request.user, plan):
        form = ConclusionForm(request.POST or None, instance=plan)
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_conclude(plan=plan, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, _("Đã lưu kết luận kiểm tra."))
                return redirect("evaluation:inspection_conclusion", plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "evaluation/inspection_conclusion.html",
        {"plan": plan, "form": form, "data": conclusion_data(plan), "pdf_available": pdf_available()},
    )


@login_required
def inspection_conclusion_download(request, pk: int, fmt: str):
    """The Word file at once; the PDF (LibreOffice takes seconds) through a background job."""
    plan = get_conclusion_plan(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    if fmt == "pdf" and pdf_available():  # without LibreOffice it fails at once below, with its message
        job = download_start(
            user=request.user,
            unit=inspection_jobs.job_unit(request.user, plan),
            kind=inspection_jobs.KIND,
            file_name=f"ket-luan-kiem-tra-{plan.issuer.code}.pdf",  # the writer's own name once made
            params={"plan": plan.pk},
            back=reverse("evaluation:inspection_plan", args=[plan.pk]),
        )
        return redirect("jobs:download", job_id=job.id)
    try:
        document = conclusion_file(plan, fmt)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("evaluation:inspection_plan", plan.pk)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return protect_download(response)
