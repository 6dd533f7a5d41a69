"""Self-assessment pages: the sets a unit assesses itself against, the assessment page (criteria → contents →
conditions with the proposed score, the unit's score and its evidence), saving a score (htmx: the condition
and the totals, without reloading), evidence upload and removal, submit, reopen, and evidence files served
only through a scope-checked view (no public media URL).

Access: doanvu.evaluation.inspection.access (outsiders 404, officers above read, the unit's editors write).
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.evaluation.criteria.models import CriteriaSet
from doanvu.evaluation.criteria.selectors import criteria_sets_visible
from doanvu.evaluation.inspection import assessment_selectors as selectors
from doanvu.evaluation.inspection.access import (
    get_assessment,
    is_own_editor,
)
from doanvu.evaluation.inspection.forms import (
    EvidenceForm,
    ReopenForm,
    ScoreForm,
)
from doanvu.evaluation.inspection.models import Assessment, Evidence
from doanvu.evaluation.inspection.services import assessment as services
from doanvu.lib.http import protect_download
from doanvu.reports.models import Report
from doanvu.work.models import Activity
from doanvu.work.services.attachments import IMAGE_TYPES


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _flash(request, error: ValidationError) -> None:
    for message in _errors(error):
        messages.error(request, message)


def _back(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("evaluation:assessment_detail", args=[assessment.pk])
    return f"{url}#{anchor}" if anchor else url


def _can_edit(user, assessment: Assessment) -> bool:
    return (
        is_own_editor(user, assessment.unit)
        and assessment.state == Assessment.State.DRAFT
        and assessment.criteria_set.state == CriteriaSet.State.ISSUED
    )


def _record_choices(assessment: Assessment) -> list[tuple[str, str]]:
    activities = [
        (f"a{a.pk}", f"{a.start_on:%d/%m/%Y} — {a.title}")
        for a in selectors.activity_choices(assessment)[:200]
    ]
    reports = [(f"r{r.pk}", selectors.report_label(r)) for r in selectors.report_choices(assessment)]
    return reports + activities


def _context(request, assessment: Assessment, **extra) -> dict:
    base, bonus = assessment.criteria_set.points()
    can_edit = _can_edit(request.user, assessment)
    rows = selectors.assessment_tree(assessment)
    return {
        "assessment": assessment,
        "criteria_set": assessment.criteria_set,
        "rows": rows,
        "unscored": selectors.unscored_conditions(rows),
        "base_points": base,
        "bonus_points": bonus,
        "can_edit": can_edit,
        "can_reopen": assessment.state == Assessment.State.SUBMITTED
        and scope.has_role(request.user, assessment.criteria_set.issuer, scope.EDIT),
        "missing": selectors.missing_evidence(assessment),
        "late": selectors.submitted_late(assessment),
        "evidence_form": EvidenceForm(records=_record_choices(assessment)) if can_edit else None,
        "reopen_form": ReopenForm(),
        "visits": assessment.visits.select_related("plan"),
        "image_types": IMAGE_TYPES,
        **extra,
    }


@login_required
def assessment_list(request):
    """The sets the unit assesses itself against, and the assessments of the units under it."""
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)  # a site admin: every unit's assessments
    own = []
    if unit is not None:
        assessments = {a.criteria_set_id: a for a in Assessment.objects.filter(unit=unit)}
        own = [(s, assessments.get(s.pk)) for s in selectors.sets_for_unit(unit)]
    below = scope.scope_filter(request.user, Assessment.objects.select_related("unit", "criteria_set"))
    if unit is not None:
        below = below.filter(unit.subtree_q("unit__")).exclude(unit=unit)
    below = below.order_by("-criteria_set__year", "criteria_set_id", "unit__path")[:500]
    return render(
        request,
        "evaluation/assessment_list.html",
        {
            "unit": unit,
            "units": scope.unit_choices(request.user, unit),
            "own": own,
            "below": below,
            "can_open": unit is not None and is_own_editor(request.user, unit),
        },
    )


@login_required
@require_POST
def assessment_start(request, set_id: int):
    unit = scope.page_unit(request, scope.EDIT)
    # Among the sets the user sees: a draft of the unit above does not exist yet for the unit (404, unnamed).
    criteria_set = get_object_or_404(criteria_sets_visible(request.user), pk=set_id, units=unit)
    try:
        assessment = services.assessment_open(criteria_set=criteria_set, unit=unit, by=request.user)
    except ValidationError as error:
        _flash(request, error)
        return redirect(f"{reverse('evaluation:assessment_list')}?unit={unit.code}")
    return redirect(_back(assessment))


@login_required
def assessment_detail(request, pk: int):
    assessment = get_assessment(request.user, pk)
    return render(request, "evaluation/assessment_detail.html", _context(request, assessment))


def _condition_response(request, assessment: Assessment, condition_id: int, errors: list[str]):
    """htmx: the condition's block again (with any error) and the totals, swapped in place."""
    assessment.refresh_from_db()
    context = _context(request, assessment, errors=errors, error_condition=condition_id)
    row = next(
        (
            c
            for r in context["rows"]
            for content in r.contents
            for c in content.conditions
            if c.condition.pk == condition_id
        ),
        None,
    )
    if row is None:
        raise Http404
    # A refused score comes back as it was typed, never as the stored one (docs/architecture.md, "Numbers as
    # people type them").
    typed = request.POST.get("points") if errors else None
    return render(
        request, "evaluation/assessment_condition_swap.html", {**context, "c": row, "typed_points": typed}
    )


@login_required
@require_POST
def assessment_score(request, pk: int, condition_id: int):
    assessment = get_assessment(request.user, pk)
    condition = get_object_or_404(assessment.criteria_set.conditions(), pk=condition_id)
    form = ScoreForm(request.POST)
    form.is_valid()
    errors: list[str] = []
    try:
        services.assessment_score(
            assessment=assessment,
            condition=condition,
            points=form.cleaned_data.get("points"),
            note=form.cleaned_data.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        errors = _errors(error)
    if request.htmx:
        return _condition_response(request, assessment, condition.pk, errors)
    for message in errors:
        messages.error(request, message)
    if not errors:
        messages.success(request, _("Đã lưu điểm điều kiện %(code)s.") % {"code": condition.code})
    return redirect(_back(assessment, f"c{condition.pk}"))


def _record(assessment: Assessment, value: str) -> tuple[Activity | None, Report | None]:
    if not value or value[0] not in "ar" or not value[1:].isdigit():
        return None, None
    if value[0] == "a":
        return selectors.activity_choices(assessment).filter(pk=int(value[1:])).first(), None
    return None, next((r for r in selectors.report_choices(assessment) if r.pk == int(value[1:])), None)


@login_required
@require_POST
def assessment_evidence_add(request, pk: int, condition_id: int):
    assessment = get_assessment(request.user, pk)
    condition = get_object_or_404(assessment.criteria_set.conditions(), pk=condition_id)
    form = EvidenceForm(request.POST, request.FILES, records=_record_choices(assessment))
    form.is_valid()
    data = form.cleaned_data
    activity, report = _record(assessment, request.POST.get("record", ""))
    try:
        services.assessment_evidence_add(
            assessment=assessment,
            condition=condition,
            kind=request.POST.get("kind", ""),
            upload=request.FILES.get("file"),
            url=data.get("url", ""),
            activity=activity,
            report=report,
            title=data.get("title", ""),
            note=data.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã thêm minh chứng cho điều kiện %(code)s.") % {"code": condition.code})
    return redirect(_back(assessment, f"c{condition.pk}"))


def _evidence(request, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("assessment", "condition"), pk=pk)
    get_assessment(request.user, evidence.assessment_id)  # 404 outside the unit's scope
    return evidence


@login_required
@require_POST
def assessment_evidence_remove(request, pk: int):
    evidence = _evidence(request, pk)
    assessment = evidence.assessment
    try:
        services.assessment_evidence_remove(evidence=evidence, by=request.user)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã xóa minh chứng «%(title)s».") % {"title": evidence.title})
    return redirect(_back(assessment, f"c{evidence.condition_id}"))


@login_required
def assessment_evidence_file(request, pk: int):
    """An evidence file, to those who may see the assessment (others: 404). Images and PDF open in the
    browser, documents download; the content type is the one checked on upload."""
    evidence = _evidence(request, pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = evidence.content_type in IMAGE_TYPES or evidence.content_type == "application/pdf"
    extension = os.path.splitext(evidence.file.name)[1]
    response = FileResponse(
        handle,
        content_type=evidence.content_type or "application/octet-stream",
        as_attachment=not inline,
        filename=f"minh-chung-{evidence.pk}{extension}",
    )
    return protect_download(response)


@login_required
@require_POST
def assessment_submit(request, pk: int):
    assessment = get_assessment(request.user, pk)
    try:
        assessment = services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as error:
        _flash(request, error)
    else:
        if selectors.submitted_late(assessment):
            messages.warning(request, _("Đã gửi bản tự chấm — quá hạn tự chấm của bộ tiêu chí."))
        else:
            messages.success(request, _("Đã gửi bản tự chấm."))
    return redirect(_back(assessment))


@login_required
@require_POST
def assessment_reopen(request, pk: int):
    assessment = get_assessment(request.user, pk)
    try:
        services.assessment_reopen(
            assessment=assessment, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã mở lại bản tự chấm cho đơn vị sửa."))
    return redirect(_back(assessment))


@login_required
@require_POST
def assessment_refresh(request, pk: int):
    assessment = get_assessment(request.user, pk)
    try:
        services.assessment_refresh_proposals(assessment=assessment, by=request.user)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Đã tính lại điểm đề xuất từ dữ liệu."))
    return redirect(_back(assessment))
