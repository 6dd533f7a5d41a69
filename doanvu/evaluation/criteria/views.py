"""Criteria-set pages: the sets a user sees, a set (criteria → contents → conditions), the editor of a
draft (add, edit, reorder, delete rows), issue, copy last year's set, xlsx import and export.

Views only translate HTTP: criteria_selectors decides who sees a set (others get 404), services write and
check the editor's role (403 for read-only), criteria_xlsx reads and writes workbooks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.evaluation.criteria import selectors, services
from doanvu.evaluation.criteria import xlsx as criteria_xlsx
from doanvu.evaluation.criteria.forms import (
    ConditionForm,
    CopyForm,
    HeadingForm,
    ImportForm,
    SetForm,
)
from doanvu.evaluation.criteria.models import Condition, Content, CriteriaSet, Criterion
from doanvu.lib.http import protect_download
from doanvu.stats import indicators_for

KINDS = {"tieu-chi": Criterion, "noi-dung": Content, "dieu-kien": Condition}
KIND_NAMES = {
    "tieu-chi": gettext_lazy("tiêu chí"),
    "noi-dung": gettext_lazy("nội dung"),
    "dieu-kien": gettext_lazy("điều kiện chấm điểm"),
}


def _errors_to(form, error: ValidationError, mapping: dict[str, str] | None = None) -> None:
    """Put a service's errors next to the form's fields (unknown fields above the form)."""
    items = (
        error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
    )
    for name, messages_ in items:
        for message in messages_:
            target = (mapping or {}).get(name, name)
            if callable(target):
                target = target(message)
            form.add_error(target if target in form.fields else None, message)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=criteria_xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return protect_download(response)


def _editor_units(user, unit) -> list:
    return [u for u in scope.unit_choices(user, unit) if scope.has_role(user, u, scope.EDIT)]


@login_required
def criteria_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)  # a site admin: every set, no unit
    year = request.GET.get("year", "")
    sets = list(selectors.sets_for_year(request.user, int(year) if year.isdigit() else None))
    for criteria_set in sets:
        criteria_set.can_edit = selectors.can_edit(request.user, criteria_set)
        criteria_set.points_label = selectors.points_label(*criteria_set.points())
    return render(
        request,
        "evaluation/criteria_list.html",
        {
            "unit": unit,
            "sets": sets,
            "year": year,
            "can_create": unit is None or scope.has_role(request.user, unit, scope.EDIT),
        },
    )


@login_required
def criteria_create(request):
    unit = scope.page_unit(request, scope.EDIT)
    initial = {"year": timezone.localdate().year, **services.DEFAULT_THRESHOLDS}
    form = SetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("title", "year")}
            criteria_set = services.criteria_set_create(
                issuer=unit,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                by=request.user,
                **data,
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request, _("Đã tạo bộ tiêu chí; hãy thêm tiêu chí, nội dung và điều kiện chấm điểm.")
            )
            return redirect("evaluation:criteria_set", criteria_set.pk)
    return render(
        request,
        "evaluation/criteria_form.html",
        {"form": form, "unit": unit, "units": _editor_units(request.user, unit), "criteria_set": None},
    )


@login_required
def criteria_set(request, pk: int):
    criteria_set = selectors.criteria_set_get(request.user, pk)
    criteria = selectors.criteria_with_rows(criteria_set)
    summary = selectors.set_summary(criteria)
    can_edit = selectors.can_edit(request.user, criteria_set)
    return render(
        request,
        "evaluation/criteria_set.html",
        {
            "criteria_set": criteria_set,
            "criteria": criteria,
            "summary": summary,
            "units": criteria_set.units.order_by("path"),
            "can_edit": can_edit,
            "editing": can_edit and criteria_set.state == CriteriaSet.State.DRAFT,
            "copy_form": CopyForm(initial={"year": criteria_set.year + 1}),
            "import_form": ImportForm(),
        },
    )


@login_required
def criteria_edit(request, pk: int):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    frozen = criteria_set.state != CriteriaSet.State.DRAFT
    choices = selectors.unit_choices_for(criteria_set.issuer, criteria_set.year)
    initial = {name: getattr(criteria_set, name) for name in services.HEADER_FIELDS}
    initial["units"] = list(criteria_set.units.values_list("code", flat=True))
    form = SetForm(request.POST or None, initial=initial, unit_choices=choices, frozen=frozen)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "units"}
        units = None if frozen else [u for u in choices if u.code in form.cleaned_data["units"]]
        try:
            services.criteria_set_update(criteria_set=criteria_set, by=request.user, data=data, units=units)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin bộ tiêu chí."))
            return redirect("evaluation:criteria_set", criteria_set.pk)
    return render(
        request,
        "evaluation/criteria_form.html",
        {"form": form, "unit": criteria_set.issuer, "criteria_set": criteria_set, "frozen": frozen},
    )


# --- rows ---------------------------------------------------------------------------------------------


def _row(criteria_set: CriteriaSet, kind: str, pk) -> Criterion | Content | Condition:
    model = KINDS.get(kind)
    lookups = {
        Criterion: "criteria_set",
        Content: "criterion__criteria_set",
        Condition: "content__criterion__criteria_set",
    }
    if model is None:
        raise Http404
    try:
        return model.objects.get(pk=pk, **{lookups[model]: criteria_set})
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _data_params_field(message: str) -> str:
    lowered = message.lower()
    if "ngưỡng" in lowered:
        return "thresholds"
    if "chỉ tiêu" in lowered:
        return "target"
    if "chỉ số" in lowered:
        return "indicator"
    return "data_source"


def _row_form(request, criteria_set: CriteriaSet, kind: str, item=None):
    if kind == "dieu-kien":
        indicators = indicators_for(criteria_set.issuer)
        initial = ConditionForm.initial_from(item) if item else {}
        return ConditionForm(request.POST or None, initial=initial, indicators=indicators)
    initial = {"code": item.code, "title": item.title} if item else {}
    return HeadingForm(request.POST or None, initial=initial)


def _row_save(request, criteria_set: CriteriaSet, kind: str, form, parent, item):
    if kind == "tieu-chi":
        return services.criterion_save(
            criteria_set=criteria_set, by=request.user, data=form.cleaned_data, criterion=item
        )
    if kind == "noi-dung":
        return services.content_save(criterion=parent, by=request.user, data=form.cleaned_data, content=item)
    return services.condition_save(content=parent, by=request.user, data=form.to_data(), condition=item)


def _row_page(request, criteria_set: CriteriaSet, kind: str, parent, item):
    form = _row_form(request, criteria_set, kind, item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _row_save(request, criteria_set, kind, form, parent, item)
        except ValidationError as error:
            _errors_to(form, error, {"data_params": _data_params_field})
        else:
            messages.success(
                request, _("Đã lưu %(kind)s %(code)s.") % {"kind": KIND_NAMES[kind], "code": saved.code}
            )
            return redirect(
                reverse("evaluation:criteria_set", args=[criteria_set.pk]) + f"#{kind}-{saved.pk}"
            )
    return render(
        request,
        "evaluation/criteria_row_form.html",
        {
            "criteria_set": criteria_set,
            "form": form,
            "kind": kind,
            "kind_name": KIND_NAMES[kind],
            "parent": parent,
            "item": item,
        },
    )


@login_required
def criteria_row_add(request, pk: int, kind: str):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    parent = None
    if kind == "noi-dung":
        parent = _row(criteria_set, "tieu-chi", request.GET.get("parent") or request.POST.get("parent"))
    elif kind == "dieu-kien":
        parent = _row(criteria_set, "noi-dung", request.GET.get("parent") or request.POST.get("parent"))
    elif kind not in KINDS:
        raise Http404
    return _row_page(request, criteria_set, kind, parent, None)


@login_required
def criteria_row_edit(request, pk: int, kind: str, item: int):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    row = _row(criteria_set, kind, item)
    parent = row.criterion if kind == "noi-dung" else row.content if kind == "dieu-kien" else None
    return _row_page(request, criteria_set, kind, parent, row)


def _back(request, criteria_set: CriteriaSet, anchor: str = ""):
    return redirect(reverse("evaluation:criteria_set", args=[criteria_set.pk]) + anchor)


@login_required
@require_POST
def criteria_row_delete(request, pk: int, kind: str, item: int):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    row = _row(criteria_set, kind, item)
    try:
        services.row_delete(item=row, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not request.htmx:
            messages.success(
                request, _("Đã xóa %(kind)s %(code)s.") % {"kind": KIND_NAMES[kind], "code": row.code}
            )
    return _back(request, criteria_set)


@login_required
@require_POST
def criteria_row_move(request, pk: int, kind: str, item: int):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    row = _row(criteria_set, kind, item)
    try:
        services.row_move(
            item=row, by=request.user, offset=-1 if request.POST.get("direction") == "up" else 1
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(request, criteria_set, f"#{kind}-{row.pk}")


# --- issue, copy, xlsx ----------------------------------------------------------------------------------


@login_required
@require_POST
def criteria_issue(request, pk: int):
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    try:
        services.criteria_set_issue(criteria_set=criteria_set, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ban hành bộ tiêu chí; các đơn vị áp dụng đã xem được."))
    return _back(request, criteria_set)


@login_required
@require_POST
def criteria_copy(request, pk: int):
    source = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi năm của bộ tiêu chí mới (từ 2000 đến 2100)."))
        return _back(request, source)
    try:
        copy = services.criteria_set_copy(source=source, year=form.cleaned_data["year"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, source)
    messages.success(
        request, _("Đã sao chép thành bộ tiêu chí năm %(year)s (bản nháp).") % {"year": copy.year}
    )
    return redirect("evaluation:criteria_set", copy.pk)


@login_required
def criteria_export(request, pk: int):
    criteria_set = selectors.criteria_set_get(request.user, pk)
    name = slugify(f"bo-tieu-chi-{criteria_set.issuer.code}-{criteria_set.year}") or "bo-tieu-chi"
    return _xlsx(criteria_xlsx.export_xlsx(criteria_set), f"{name}.xlsx")


@login_required
def criteria_template(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    return _xlsx(criteria_xlsx.template_xlsx(timezone.localdate().year), "mau-bo-tieu-chi.xlsx")


@login_required
def criteria_import(request):
    """A new draft set of the page's unit from a workbook."""
    unit = scope.page_unit(request, scope.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            made = criteria_xlsx.import_new(
                upload=form.cleaned_data["file"], issuer=unit, by=request.user, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Đã nhập bộ tiêu chí «%(title)s» (bản nháp).") % {"title": made.title}
            )
            return redirect("evaluation:criteria_set", made.pk)
    return render(
        request,
        "evaluation/criteria_import.html",
        {
            "form": form,
            "unit": unit,
            "units": _editor_units(request.user, unit),
            "errors": errors,
            "criteria_set": None,
        },
    )


@login_required
def criteria_import_into(request, pk: int):
    """Replace the rows of a draft set with those of a workbook."""
    criteria_set = selectors.criteria_set_get(request.user, pk, scope.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            criteria_xlsx.import_into(
                criteria_set=criteria_set, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã nhập lại các tiêu chí từ tệp."))
            return _back(request, criteria_set)
    return render(
        request,
        "evaluation/criteria_import.html",
        {"form": form, "unit": criteria_set.issuer, "errors": errors, "criteria_set": criteria_set},
    )
