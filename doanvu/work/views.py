"""Activity pages: the list of a sub-tree, the form a branch secretary fills in on a phone, the activity
with its figures and evidence, edit and delete; evidence files are served only through `attachment_file`,
after the same scope check as the activity (no public media URL).

Views only translate HTTP: scope decides access (outsiders 404, read-only 403), services write, selectors
read. Direct values, targets and the catalogues are in value_views.py."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.scope import unit_choices
from doanvu.accounts.views import no_scope
from doanvu.lib.http import protect_download
from doanvu.org.models import OrgUnit

from . import selectors, services
from .forms import ActivityFilterForm, ActivityForm, AttachmentForm, FiguresForm
from .models import Attachment, Movement
from .services.attachments import IMAGE_TYPES

PAGE_SIZE = 30
FIGURE_PREFIX = "fig_"


def show_errors(form, error: ValidationError) -> dict[str, list[str]]:
    """Put a service's errors next to the form's fields; return those about figures and files."""
    other: dict[str, list[str]] = {}
    items = (
        error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
    )
    for field, messages_ in items:
        for message in messages_:
            if field in ("figures", "file"):
                other.setdefault(field, []).append(message)
            else:
                form.add_error(field if field in form.fields else None, message)
    return other


def _posted_figures(data) -> dict[str, str]:
    return {key[len(FIGURE_PREFIX) :]: value for key, value in data.items() if key.startswith(FIGURE_PREFIX)}


def _figures_form(unit: OrgUnit, work_area, data=None, values: dict | None = None) -> FiguresForm:
    """The figures box: bound to what was posted, or showing `values` (code → value)."""
    indicators = selectors.activity_indicators(unit=unit, work_area=work_area)
    initial = {FIGURE_PREFIX + code: value for code, value in (values or {}).items()}
    return FiguresForm(data, initial=initial, indicators=indicators)


@login_required
def activity_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)
    movements = selectors.movement_catalogue(unit=unit)
    form = ActivityFilterForm(request.GET or None, movements=movements)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.activity_list(
        user=request.user,
        unit=unit,
        period=filters.get("period") or None,
        work_area=filters.get("work_area"),
        movement=filters.get("movement"),
        q=filters.get("q"),
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "work/activities.html",
        {
            "unit": unit,
            "units": unit_choices(request.user, unit),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": unit is not None and scope.has_role(request.user, unit, scope.EDIT),
        },
    )


@login_required
def activity_figures(request):
    """The figure rows of the activity form, reordered for the chosen work area (htmx)."""
    unit = scope.page_unit(request, scope.EDIT, required=False)
    if unit is None:
        raise Http404
    figures = _figures_form(unit, request.GET.get("work_area"), values=_posted_figures(request.GET))
    return render(request, "work/_figures.html", {"figures": figures})


def _activity_form(request, unit: OrgUnit, initial=None, activity=None):
    movements = selectors.movements_available(unit)
    if activity is not None and activity.movement_id:  # kept even once retired
        movements = movements | Movement.objects.filter(pk=activity.movement_id)
    return ActivityForm(
        request.POST or None,
        initial=initial,
        movements=movements,
        figures_url=reverse("work:activity_figures"),
        user=request.user,
        unit=unit,
    )


@login_required
def activity_new(request):
    unit = scope.page_unit(request, scope.EDIT, required=False)
    if unit is None:  # a site admin picks the unit from a list first
        raise Http404
    form = _activity_form(request, unit, initial={"work_area": request.GET.get("work_area")})
    work_area = form.data.get("work_area") or form.initial.get("work_area")
    figures = _figures_form(unit, work_area, request.POST or None)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and all([form.is_valid(), figures.is_valid()]):
        try:
            activity = services.activity_create(
                unit=unit,
                data=form.service_data(),
                co_organisers=form.cleaned_data["co_organisers"],
                figures=figures.figures(),
                uploads=request.FILES.getlist("files"),
                by=request.user,
            )
        except ValidationError as error:
            errors = show_errors(form, error)
        else:
            for warning in activity.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Đã ghi nhận hoạt động «%(title)s».") % {"title": activity.title})
            return redirect("work:activity", activity.pk)
    return render(
        request,
        "work/activity_form.html",
        {
            "form": form,
            "unit": unit,
            "figures": figures,
            "errors": errors,
            "heading": _("Ghi nhận hoạt động"),
            "activity": None,
        },
    )


@login_required
def activity_detail(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk)
    lock = services.locking_report(unit=activity.unit, day=activity.start_on)
    return render(
        request,
        "work/activity.html",
        {
            "activity": activity,
            "can_edit": scope.has_role(request.user, activity.unit, scope.EDIT),
            "lock": lock,
            "lock_message": services.lock_message(lock) if lock else "",
            "attach_form": AttachmentForm(),
            "image_types": IMAGE_TYPES,
        },
    )


@login_required
def activity_edit(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk, role=scope.EDIT)
    unit = activity.unit
    co = [link.unit.code for link in activity.organiser_links.all() if link.unit_id != unit.pk]
    initial = {
        "title": activity.title,
        "work_area": activity.work_area.code,
        "movement": activity.movement.code if activity.movement else None,
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "place": activity.place,
        "description": activity.description,
        "co_organisers": co,
    }
    form = _activity_form(request, unit, initial=initial, activity=activity)
    work_area = form.data.get("work_area") or initial["work_area"]
    stored = {f.indicator.code: f.value for f in activity.figures.all()}
    figures = _figures_form(unit, work_area, request.POST or None, values=stored)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and all([form.is_valid(), figures.is_valid()]):
        try:
            activity = services.activity_update(
                activity=activity,
                data=form.service_data(),
                co_organisers=form.cleaned_data["co_organisers"],
                figures=figures.figures(),
                by=request.user,
            )
        except ValidationError as error:
            errors = show_errors(form, error)
        else:
            for warning in activity.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Đã lưu hoạt động «%(title)s».") % {"title": activity.title})
            return redirect("work:activity", activity.pk)
    return render(
        request,
        "work/activity_form.html",
        {
            "form": form,
            "unit": unit,
            "figures": figures,
            "errors": errors,
            "heading": _("Sửa hoạt động"),
            "activity": activity,
        },
    )


@login_required
def activity_delete(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk, role=scope.EDIT)
    if request.method == "POST":
        try:
            services.activity_delete(activity=activity, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("work:activity", activity.pk)
        messages.success(request, _("Đã xóa hoạt động «%(title)s».") % {"title": activity.title})
        return redirect(f"{reverse('work:activities')}?unit={activity.unit.code}")
    return render(request, "work/activity_delete.html", {"activity": activity})


@login_required
@require_POST
def attachment_add(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk, role=scope.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("work:activity", activity.pk)
    try:
        services.attachment_add(
            activity=activity,
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã thêm minh chứng."))
    return redirect("work:activity", activity.pk)


def _attachment(request, pk: int, role: str = scope.VIEW) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("activity"), pk=pk)
    selectors.activity_get(user=request.user, pk=attachment.activity_id, role=role)
    return attachment


@login_required
def attachment_file(request, pk: int):
    """An evidence file, to the users who may see its activity (others: 404). Images and PDF open in the
    browser, documents download; the content type is the one checked on upload, never the browser's."""
    attachment = _attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = attachment.content_type in IMAGE_TYPES or attachment.content_type == "application/pdf"
    response = FileResponse(
        handle,
        content_type=attachment.content_type or "application/octet-stream",
        as_attachment=not inline,
        filename=os.path.basename(attachment.file.name),
    )
    return protect_download(response)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = _attachment(request, pk, scope.EDIT)
    activity_pk = attachment.activity_id
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xóa minh chứng."))
    return redirect("work:activity", activity_pk)
