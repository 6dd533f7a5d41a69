"""Member pages: the list (with search, filters and Excel export), the member form and the member page.
Lifecycle steps (transfers, coming of age, removal, discipline, positions, Party) are in lifecycle_views.py.

Views only translate HTTP: scope decides access (outsiders 404, read-only 403), services write, selectors
read. Another unit's member reached by URL does not exist for the user."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.lib.http import protect_download
from doanvu.org.models import OrgUnit

from . import download_jobs, export_jobs, selectors, services
from .export import members_xlsx
from .forms import FORM_SECTIONS, FilterForm, MemberAdmitForm, MemberUpdateForm
from .list_rows import columns, list_rows, table_body
from .models import ChangeProposal, Member, Transfer
from .timeline import member_timeline
from .validation import errors_of

PAGE_SIZE = 50


def show_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or above them when no field matches)."""
    for field, message in errors_of(error):
        form.add_error(field if field in form.fields else None, message)


def member_in_scope(request, pk: int, role: str = scope.VIEW) -> Member:
    return scope.get_in_scope(request.user, Member.objects.select_related("unit", "unit__kind"), role, pk=pk)


def _search(request, unit: OrgUnit | None, prepare=None):
    """The filter form as the user left it (current members of the whole sub-tree by default) and its rows:
    with `prepare` (the list), a name query's ranked results with their count capped; else a queryset."""
    data = request.GET.copy()
    data.setdefault("status", selectors.STATUS_CURRENT)
    data.setdefault("subtree", "1")
    form = FilterForm(data)
    if prepare is not None:
        return form, selectors.member_results(
            user=request.user, unit=unit, prepare=prepare, **form.search_kwargs()
        )
    members = selectors.member_search(user=request.user, unit=unit, **form.search_kwargs())
    return form, members


@login_required
def member_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)  # a site admin's list: every member
    form, members = _search(request, unit, prepare=selectors.with_current_positions)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list_rows(page.object_list, page.start_index())
    body = table_body(rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/list.html",
        {
            "unit": unit,
            "units": scope.unit_choices(request.user, unit),
            "form": form,
            "page": page,
            "rows": rows,
            "columns": columns(),
            "body": body,
            "query": query.urlencode(),
            "can_add": unit is not None
            and unit.kind.is_branch
            and scope.has_role(request.user, unit, scope.EDIT),
            "can_edit": unit is not None and scope.has_role(request.user, unit, scope.EDIT),
            "pending_proposals": selectors.pending_proposals(user=request.user, unit=unit).count(),
        },
    )


@login_required
def member_export(request):
    """The list as Excel: at once for a branch, through a background job past EXPORT_INLINE_MAX_ROWS."""
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)
    form, members = _search(request, unit)
    title, file_name = export_jobs.export_names(unit, timezone.localdate())
    if members.count() > settings.EXPORT_INLINE_MAX_ROWS:
        job = download_jobs.download_start(
            user=request.user,
            unit=unit or scope.page_unit(request),  # a site admin's whole list hangs on the first root
            kind=export_jobs.KIND,
            file_name=file_name,
            params={"unit_id": unit.pk if unit else None, "search": form.search_kwargs(), "title": title},
            back=reverse("members:list") + (f"?{request.GET.urlencode()}" if request.GET else ""),
        )
        return redirect("jobs:download", job_id=job.id)
    content = members_xlsx(export_jobs.export_rows(members), title=title)
    response = HttpResponse(content, content_type=download_jobs.CONTENT_TYPES[".xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return protect_download(response)


def _form_context(form, **extra) -> dict:
    sections = [
        (title, [form[name] for name in names if name in form.fields]) for title, names in FORM_SECTIONS
    ]
    return {"form": form, "sections": sections, **extra}


@login_required
def member_create(request):
    unit = scope.page_unit(request, scope.EDIT)  # a site admin starts at the top
    branches = None
    if not unit.kind.is_branch:
        # Coming from a district or commune page: pick the branch the new member joins.
        branches = (
            scope.scope_units(request.user)
            .filter(unit.subtree_q(), OrgUnit.active_on_q(timezone.localdate()), kind__is_branch=True)
            .order_by("path")
        )
    form = MemberAdmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = unit
        if branches is not None:
            code = request.POST.get("branch", "")
            target = scope.get_unit(request.user, code, scope.EDIT, by="code") if code else unit
        try:
            member = services.member_admit(unit=target, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            if branches is not None and "unit" in getattr(error, "error_dict", {}):
                error = ValidationError({"branch": _("Hãy chọn chi đoàn mà đoàn viên sinh hoạt.")})
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã kết nạp %(name)s vào %(unit)s.") % {"name": member.full_name, "unit": target.name},
            )
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/form.html",
        _form_context(
            form,
            unit=unit,
            branches=branches,
            chosen_branch=request.POST.get("branch", ""),
            heading=_("Thêm đoàn viên"),
        ),
    )


@login_required
def member_edit(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    initial = {name: getattr(member, name) for name in services.UPDATE_FIELDS}
    form = MemberUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name in form.changed_data}
        try:
            services.member_update(member=member, data=data, by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": member.full_name})
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/form.html",
        _form_context(form, unit=member.unit, member=member, heading=_("Sửa thông tin đoàn viên")),
    )


@login_required
def member_detail(request, pk: int):
    member = member_in_scope(request, pk)
    today = timezone.localdate()
    positions = member.positions.select_related("unit").order_by("-start_on")
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "age": member.age_on(today),
            "positions": positions,
            "timeline": member_timeline(member),
            "pending_transfer": member.transfers.filter(state=Transfer.State.PENDING)
            .select_related("to_unit")
            .first(),
            "can_edit": scope.has_role(request.user, member.unit, scope.EDIT),
            "next_party_stage": services.party_next_stage(member),
            "pending_proposal": member.change_proposals.filter(state=ChangeProposal.State.PENDING).first(),
        },
    )
