"""Pages for the steps of a member's life: transfer (request, inbox, accept, reject, cancel), coming of age,
removal, discipline, positions and the Party. Each is a short view around one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.org.models import OrgUnit

from . import selectors, services
from .forms import (
    ComingOfAgeForm,
    DecisionForm,
    DisciplineForm,
    PartyStageForm,
    PositionEndForm,
    PositionForm,
    RemoveForm,
    TransferForm,
)
from .models import Member, PartyStage, Position, Transfer
from .validation import errors_of
from .views import member_in_scope, show_errors


def _action_page(request, *, member, form, heading, submit, danger=False, intro="", status=200):
    return render(
        request,
        "members/action.html",
        {
            "member": member,
            "form": form,
            "heading": heading,
            "submit": submit,
            "danger": danger,
            "intro": intro,
        },
        status=status,
    )


def _done(request, member: Member, message: str):
    messages.success(request, message)
    return redirect("members:detail", pk=member.pk)


# --- transfers -------------------------------------------------------------------------------------------


@login_required
def transfer_new(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_unit = OrgUnit.objects.select_related("kind").filter(code=data["to_unit"].strip()).first()
        try:
            if to_unit is None:
                raise ValidationError(
                    {"to_unit": _("Không có đơn vị nào mã “%(code)s”.") % {"code": data["to_unit"]}}
                )
            services.transfer_request(
                member=member,
                to_unit=to_unit,
                by=request.user,
                requested_on=data["requested_on"],
                reason=data["reason"],
                dues_paid_until=data["dues_paid_until"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(
                request,
                member,
                _("Đã gửi đề nghị chuyển sinh hoạt %(name)s đến %(unit)s.")
                % {"name": member.full_name, "unit": to_unit.name},
            )
    return _action_page(
        request,
        member=member,
        form=form,
        heading=_("Chuyển sinh hoạt Đoàn"),
        submit=_("Gửi đề nghị"),
        intro=_(
            "Đoàn viên sẽ ở tình trạng “đang chuyển sinh hoạt” (không tính vào chi đoàn nào) "
            "cho đến khi đơn vị tiếp nhận đồng ý hoặc từ chối."
        ),
    )


@login_required
def transfers(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    user = request.user
    officer = scope.officer_of(user)
    return render(
        request,
        "members/transfers.html",
        {
            "incoming": selectors.transfers_incoming(user=user),
            "outgoing": selectors.transfers_outgoing(user=user),
            "recent": selectors.transfers_recent(user=user),
            # Every transfer listed lies in the user's scope, so the role alone decides the buttons.
            "can_edit": scope.is_site_admin(user) or (officer is not None and officer.has_role(scope.EDIT)),
        },
    )


def _transfer_for(request, pk: int, side: str) -> Transfer:
    queryset = Transfer.objects.select_related("member", "from_unit", "to_unit", "requested_by")
    return scope.get_in_scope(request.user, queryset, scope.EDIT, unit_attr=side, pk=pk)


def _decide(request, pk: int, *, accept: bool):
    transfer = _transfer_for(request, pk, "to_unit")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = services.transfer_accept if accept else services.transfer_reject
        try:
            step(
                transfer=transfer, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            message = _("Đã tiếp nhận %(name)s.") if accept else _("Đã từ chối tiếp nhận %(name)s.")
            messages.success(request, message % {"name": transfer.member.full_name})
            return redirect("members:transfers")
    return render(
        request, "members/transfer_decide.html", {"transfer": transfer, "form": form, "accept": accept}
    )


@login_required
def transfer_accept(request, pk: int):
    return _decide(request, pk, accept=True)


@login_required
def transfer_reject(request, pk: int):
    return _decide(request, pk, accept=False)


@login_required
@require_POST
def transfer_cancel(request, pk: int):
    transfer = _transfer_for(request, pk, "from_unit")
    try:
        services.transfer_cancel(transfer=transfer, by=request.user)
    except ValidationError as error:
        for _field, message in errors_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã hủy đề nghị chuyển sinh hoạt %(name)s.") % {"name": transfer.member.full_name}
        )
    return redirect("members:transfers")


# --- coming of age ---------------------------------------------------------------------------------------


@login_required
def coming_of_age(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)  # a site admin starts from the first root
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    candidates = selectors.coming_of_age_list(user=request.user, unit=unit, year=year)
    form = ComingOfAgeForm(request.POST or None)
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        chosen = list(candidates.filter(pk__in=[p for p in request.POST.getlist("members") if p.isdigit()]))
        if form.is_valid():
            try:
                count = services.members_come_of_age(
                    members=chosen, on=form.cleaned_data["on"], by=request.user
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request, _("Đã ghi nhận %(count)d đoàn viên trưởng thành Đoàn.") % {"count": count}
                )
                return redirect(f"{request.path}?unit={unit.code}&year={year}")
    return render(
        request,
        "members/coming_of_age.html",
        {
            "unit": unit,
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "members": candidates,
            "form": form,
            "can_edit": scope.has_role(request.user, unit, scope.EDIT),
            "checked": set(request.POST.getlist("members")),
        },
    )


# --- removal, discipline, positions, Party ----------------------------------------------------------------


@login_required
def member_remove(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_remove(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(
                request,
                member,
                _("Đã xóa tên %(name)s khỏi danh sách đoàn viên.") % {"name": member.full_name},
            )
    return _action_page(
        request,
        member=member,
        form=form,
        heading=_("Xóa tên khỏi danh sách đoàn viên"),
        submit=_("Xóa tên"),
        danger=True,
    )


@login_required
def member_discipline(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_discipline(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(
                request, member, _("Đã ghi quyết định kỷ luật %(name)s.") % {"name": member.full_name}
            )
    return _action_page(
        request,
        member=member,
        form=form,
        heading=_("Kỷ luật"),
        submit=_("Ghi quyết định"),
        danger=True,
        intro=_(
            "Cách chức chỉ áp dụng với đoàn viên đang giữ chức vụ; khai trừ đưa đoàn viên ra khỏi danh sách."
        ),
    )


@login_required
def position_add(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    units = [
        u
        for u in [*OrgUnit.objects.get_ancestors(member.unit), member.unit]
        if scope.has_role(request.user, u, scope.EDIT)
    ]
    form = PositionForm(request.POST or None, units=units, initial={"unit": member.unit.code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        try:
            services.position_add(
                member=member, title=data["title"], start_on=data["start_on"], unit=unit, by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, member, _("Đã ghi chức vụ của %(name)s.") % {"name": member.full_name})
    return _action_page(request, member=member, form=form, heading=_("Thêm chức vụ"), submit=_("Lưu"))


@login_required
def position_end(request, pk: int):
    position = scope.get_in_scope(
        request.user, Position.objects.select_related("member", "unit"), scope.EDIT, pk=pk
    )
    member = position.member
    form = PositionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_end(position=position, end_on=form.cleaned_data["end_on"], by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(request, member, _("Đã ghi thôi giữ chức vụ."))
    heading = _("Thôi giữ chức %(title)s %(unit)s") % {
        "title": position.get_title_display(),
        "unit": position.unit.name,
    }
    return _action_page(request, member=member, form=form, heading=heading, submit=_("Lưu"))


@login_required
def party_stage(request, pk: int):
    member = member_in_scope(request, pk, scope.EDIT)
    stage = services.party_next_stage(member)
    stages = [(stage, PartyStage(stage).label)] if stage else []
    form = PartyStageForm(request.POST or None, stages=stages)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_party_stage(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _done(
                request, member, _("Đã ghi bước phát triển Đảng của %(name)s.") % {"name": member.full_name}
            )
    intro = "" if stage else _("Đoàn viên đã là đảng viên chính thức.")
    return _action_page(
        request,
        member=member,
        form=form,
        heading=_("Phát triển Đảng"),
        submit=_("Lưu") if stage else "",
        intro=intro,
    )
