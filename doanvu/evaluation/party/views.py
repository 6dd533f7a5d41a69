"""Pages of the Party pipeline: the funnel of a unit and year, the outstanding-member lists, a list with its
people, a person's steps, and who is due. Views only translate HTTP: doanvu.accounts.scope decides access
(outsiders 404, read-only 403 on writes), the services write, the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.evaluation.party import selectors, services
from doanvu.evaluation.party.forms import (
    STEP_FORMS,
    AddForm,
    HandOverForm,
    ListCreateForm,
)
from doanvu.evaluation.party.models import OutstandingEntry, OutstandingList
from doanvu.members.models import Member
from doanvu.members.validation import errors_of
from doanvu.members.views import show_errors
from doanvu.org.models import OrgUnit

# URL slug of a person's step → the step.
STEP_SLUGS = {"cam-tinh-dang": "course", "gioi-thieu": "introduce", "ket-nap": "admit", "chinh-thuc": "full"}
SLUG_OF = {step: slug for slug, step in STEP_SLUGS.items()}
STEP_SERVICES = {
    "course": services.party_course,
    "introduce": services.party_introduce,
    "admit": services.party_admit,
    "full": services.party_full,
}


def _year(request, unit: OrgUnit) -> tuple[int, str]:
    """?year=YYYY, else the latest year with a list in the sub-tree (this year when there is none)."""
    this_year = timezone.localdate().year
    raw = (request.GET.get("year") or "").strip()
    if raw:
        if raw.isdigit() and 2000 <= int(raw) <= this_year + 1:
            return int(raw), ""
        error = _("Năm “%(year)s” không hợp lệ; đang xem năm %(shown)d.")
    else:
        error = ""
    latest = selectors.outstanding_lists(unit=unit).values_list("year", flat=True).first()
    year = latest or this_year
    return year, (error % {"year": raw, "shown": year}) if error else ""


def _context(request, unit: OrgUnit, year: int, year_error: str = "", **extra) -> dict:
    return {
        "unit": unit,
        "year": year,
        "year_error": year_error,
        "units": scope.unit_choices(request.user, unit),
        "can_edit": scope.has_role(request.user, unit, scope.EDIT),
        **extra,
    }


@login_required
def funnel(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    year, year_error = _year(request, unit)
    result = selectors.pipeline_funnel(unit=unit, year=year)
    return render(
        request,
        "evaluation/pipeline_funnel.html",
        _context(
            request,
            unit,
            year,
            year_error,
            funnel=result,
            codes=[code for code, _label in selectors.STAGES],
            progress=selectors.year_progress(unit=unit, year=year),
        ),
    )


@login_required
def lists(request):
    """The lists of the unit's sub-tree for a year; a grassroots unit's officer opens a new one here."""
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    year, year_error = _year(request, unit)
    form = ListCreateForm(request.POST or None, initial={"year": year}, auto_id="id_new_%s")
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        if form.is_valid():
            try:
                created = services.outstanding_list_create(unit=unit, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request, _("Đã lập danh sách đoàn viên ưu tú năm %(year)d.") % {"year": created.year}
                )
                return redirect("evaluation:pipeline_list", pk=created.pk)
    return render(
        request,
        "evaluation/pipeline_lists.html",
        _context(
            request,
            unit,
            year,
            year_error,
            lists=selectors.outstanding_lists(unit=unit, year=year),
            form=form,
            can_create=unit.kind.is_grassroots and scope.has_role(request.user, unit, scope.EDIT),
        ),
    )


def _list(request, pk: int, role: str = scope.VIEW) -> OutstandingList:
    return scope.get_in_scope(
        request.user, OutstandingList.objects.select_related("unit", "unit__kind"), role, pk=pk
    )


def _list_page(request, outstanding_list: OutstandingList, *, status: int = 200, errors=None, **forms):
    unit = outstanding_list.unit
    can_edit = scope.has_role(request.user, unit, scope.EDIT) and outstanding_list.handed_over_on is None
    q = request.GET.get("q", "")
    initial = {
        "party_committee": outstanding_list.party_committee,
        "resolution_number": outstanding_list.resolution_number,
        "resolved_on": outstanding_list.resolved_on,
    }
    entries = selectors.list_entries(outstanding_list)
    return render(
        request,
        "evaluation/pipeline_list.html",
        {
            "list": outstanding_list,
            "unit": unit,
            "year": outstanding_list.year,
            "rows": [(entry, selectors.person_pipeline(entry.member)) for entry in entries],
            "can_edit": can_edit,
            "q": q,
            "candidates": selectors.addable_members(outstanding_list=outstanding_list, q=q)
            if can_edit
            else [],
            "proposable": services.proposal_candidates(outstanding_list).count() if can_edit else 0,
            "hand_over_form": forms.get("hand_over_form") or HandOverForm(initial=initial),
            "add_form": forms.get("add_form"),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def list_detail(request, pk: int):
    return _list_page(request, _list(request, pk))


@login_required
@require_POST
def list_propose(request, pk: int):
    outstanding_list = _list(request, pk, scope.EDIT)
    try:
        added = services.outstanding_propose(outstanding_list=outstanding_list, by=request.user)
    except ValidationError as error:
        return _list_page(request, outstanding_list, errors=[m for _f, m in errors_of(error)])
    if added:
        messages.success(
            request, _("Đã đề xuất %(count)d đoàn viên từ kết quả xếp loại.") % {"count": len(added)}
        )
    else:
        messages.info(
            request, _("Không có đoàn viên nào xếp loại hoàn thành xuất sắc nhiệm vụ để đề xuất thêm.")
        )
    return redirect("evaluation:pipeline_list", pk=outstanding_list.pk)


@login_required
@require_POST
def list_add(request, pk: int):
    outstanding_list = _list(request, pk, scope.EDIT)
    form = AddForm(request.POST)
    if form.is_valid():
        member = scope.get_in_scope(
            request.user, Member.objects.select_related("unit"), scope.VIEW, pk=form.cleaned_data["member"]
        )
        try:
            services.outstanding_add(
                outstanding_list=outstanding_list,
                member=member,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            return _list_page(request, outstanding_list, errors=[m for _f, m in errors_of(error)])
        messages.success(request, _("Đã thêm %(name)s vào danh sách.") % {"name": member.full_name})
        return redirect("evaluation:pipeline_list", pk=outstanding_list.pk)
    return _list_page(request, outstanding_list, errors=[_("Hãy chọn đoàn viên cần thêm.")])


@login_required
@require_POST
def list_remove(request, pk: int, entry: int):
    outstanding_list = _list(request, pk, scope.EDIT)
    found = OutstandingEntry.objects.filter(pk=entry, outstanding_list=outstanding_list).select_related(
        "member"
    )
    found = found.first()
    if found is None:
        raise Http404
    try:
        services.outstanding_remove(entry=found, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        return _list_page(request, outstanding_list, errors=[m for _f, m in errors_of(error)])
    messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": found.member.full_name})
    return redirect("evaluation:pipeline_list", pk=outstanding_list.pk)


@login_required
@require_POST
def list_hand_over(request, pk: int):
    outstanding_list = _list(request, pk, scope.EDIT)
    form = HandOverForm(request.POST)
    if form.is_valid():
        try:
            services.outstanding_hand_over(
                outstanding_list=outstanding_list, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Đã bàn giao danh sách cho cấp ủy."))
            return redirect("evaluation:pipeline_list", pk=outstanding_list.pk)
    return _list_page(request, outstanding_list, hand_over_form=form)


@login_required
def due(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    raw = (request.GET.get("months") or "").strip()
    months = int(raw) if raw.isdigit() and 1 <= int(raw) <= 60 else selectors.DEFAULT_INTRODUCED_MONTHS
    months_error = _("Số tháng phải từ 1 đến 60.") if raw and str(months) != raw else ""
    return render(
        request,
        "evaluation/pipeline_due.html",
        {
            "unit": unit,
            "units": scope.unit_choices(request.user, unit),
            "due": selectors.pipeline_due(unit=unit, introduced_months=months),
            "months": months,
            "months_error": months_error,
            "full_days": selectors.FULL_DUE_DAYS,
            "certificate_months": selectors.CERTIFICATE_WARNING_MONTHS,
            "probation_months": selectors.probation_months(),
        },
    )


# --- a person ----------------------------------------------------------------------------------------------


def _member(request, pk: int) -> Member:
    return scope.get_in_scope(
        request.user, Member.objects.select_related("unit", "unit__kind"), scope.VIEW, pk=pk
    )


def _step_unit(person: selectors.Person, step: str) -> OrgUnit:
    """The unit whose officer records the step: the grassroots union for the introduction, else the branch."""
    return person.introducer if step == "introduce" else person.member.unit


def _person_page(request, member: Member, *, bound=None):
    person = selectors.person_pipeline(member)
    errors = []
    if bound and bound[0] not in person.next_steps:
        # A step that is not next (a page left open while someone else recorded it): say why above the forms.
        errors = [message for messages_ in bound[1].errors.values() for message in messages_]
    steps = []
    for step in person.next_steps:
        form_class, heading, button = STEP_FORMS[step]
        # Several forms on one page: ids by step (the field names stay `on`, `certificate`, `resolution`).
        auto_id = f"id_{step}_%s"
        form = bound[1] if bound and bound[0] == step else form_class(auto_id=auto_id)
        if step == "introduce" and not form.is_bound:
            # The grassroots union's resolution on the handed-over list, if it has one, as a start.
            handed = next((lst for lst in person.lists if lst.handed_over_on and lst.resolution_number), None)
            if handed is not None:
                initial = {
                    "on": handed.resolved_on or handed.handed_over_on,
                    "resolution": handed.resolution_number,
                }
                form = form_class(initial=initial, auto_id=auto_id)
        steps.append(
            {
                "code": step,
                "heading": heading,
                "button": button,
                "form": form,
                "url": reverse("evaluation:pipeline_person_step", args=[member.pk, SLUG_OF[step]]),
                "can": scope.has_role(request.user, _step_unit(person, step), scope.EDIT),
            }
        )
    return render(
        request,
        "evaluation/pipeline_person.html",
        {
            "person": person,
            "member": member,
            "steps": steps,
            "errors": errors,
            "year": person.lists[0].year if person.lists else timezone.localdate().year,
        },
    )


@login_required
def person(request, pk: int):
    return _person_page(request, _member(request, pk))


@login_required
@require_POST
def person_step(request, pk: int, step: str):
    member = _member(request, pk)
    code = STEP_SLUGS.get(step)
    if code is None:
        raise Http404
    person = selectors.person_pipeline(member)
    if not scope.has_role(request.user, _step_unit(person, code), scope.EDIT):
        raise PermissionDenied
    form = STEP_FORMS[code][0](request.POST, auto_id=f"id_{code}_%s")
    if form.is_valid():
        try:
            STEP_SERVICES[code](member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi “%(step)s” của %(name)s.")
                % {"step": STEP_FORMS[code][1], "name": member.full_name},
            )
            return redirect("evaluation:pipeline_person", pk=member.pk)
    return _person_page(request, member, bound=(code, form))
