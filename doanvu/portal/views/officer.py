"""The branch officer's pages about members' own accounts: a member's account (print a one-time code, send
an invitation e-mail, close the account) and the members' proposals to change their details (list, approve,
refuse). Scope as everywhere: another unit's member is a 404, a viewer gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import member_accounts, scope
from doanvu.accounts.views import no_scope
from doanvu.members import services
from doanvu.members.models import Member
from doanvu.members.proposal_models import ChangeProposal
from doanvu.members.services.proposals import change_lines
from doanvu.members.validation import errors_of
from doanvu.portal.forms import RefuseForm, RevokeForm


def _member(request, pk: int, role: str = scope.VIEW) -> Member:
    return scope.get_in_scope(request.user, Member.objects.select_related("unit", "unit__kind"), role, pk=pk)


def _account_page(request, member, *, code: str = "", revoke_form=None, status: int = 200):
    return render(
        request,
        "portal/account.html",
        {
            "member": member,
            "code": member_accounts.shown_code(code) if code else "",
            "code_days": member_accounts.CODE_VALID_DAYS,
            "revoke_form": revoke_form or RevokeForm(),
            "can_edit": scope.has_role(request.user, member.unit, scope.EDIT),
            **member_accounts.account_state(member),
        },
        status=status,
    )


@login_required
def account(request, pk: int):
    return _account_page(request, _member(request, pk))


@login_required
@require_POST
def account_code(request, pk: int):
    """Print a new one-time code (the old one voided). The code is shown in this response only."""
    member = _member(request, pk, scope.EDIT)
    try:
        code = member_accounts.code_issue(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:account", pk=member.pk)
    return _account_page(request, member, code=code)


@login_required
@require_POST
def account_invite(request, pk: int):
    member = _member(request, pk, scope.EDIT)
    try:
        member_accounts.invite_email(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi thư mời đến %(email)s.") % {"email": member.email})
    return redirect("portal:account", pk=member.pk)


@login_required
@require_POST
def account_revoke(request, pk: int):
    member = _member(request, pk, scope.EDIT)
    form = RevokeForm(request.POST)
    form.is_valid()
    try:
        member_accounts.account_revoke(
            member=member, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã khóa tài khoản của %(name)s.") % {"name": member.full_name})
    return redirect("portal:account", pk=member.pk)


@login_required
def proposals(request):
    """The members' pending proposals in the page's unit (and below), oldest first."""
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, required=False)
    pending = scope.scope_filter(
        request.user,
        ChangeProposal.objects.filter(state=ChangeProposal.State.PENDING).select_related(
            "member", "member__unit"
        ),
        "member__unit",
    ).order_by("created", "id")
    if unit is not None:
        pending = pending.filter(member__unit__path__startswith=unit.path)
    rows = list(pending[:200])
    for p in rows:
        p.lines = change_lines(p)
    return render(request, "portal/proposals.html", {"unit": unit, "proposals": rows})


@login_required
def proposal(request, pk: int):
    proposal = _proposal(request, pk)
    form = RefuseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        scope.check(request.user, proposal.member.unit, scope.EDIT)
        try:
            if request.POST.get("decision") == "approve":
                services.proposal_approve(proposal=proposal, by=request.user)
                messages.success(
                    request,
                    _("Đã duyệt và cập nhật hồ sơ của %(name)s.") % {"name": proposal.member.full_name},
                )
                return redirect("members:detail", pk=proposal.member.pk)
            if form.is_valid():
                services.proposal_refuse(
                    proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Đã từ chối đề nghị của %(name)s.") % {"name": proposal.member.full_name}
                )
                return redirect("portal:proposals")
        except ValidationError as error:
            for field, message in errors_of(error):
                form.add_error(field if field in form.fields else None, message)
        status = 422
    proposal.lines = change_lines(proposal)
    return render(
        request,
        "portal/proposal.html",
        {
            "proposal": proposal,
            "form": form,
            "can_edit": scope.has_role(request.user, proposal.member.unit, scope.EDIT),
        },
        status=status,
    )


def _proposal(request, pk: int) -> ChangeProposal:
    found = (
        ChangeProposal.objects.select_related("member", "member__unit", "decided_by").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    scope.check(request.user, found.member.unit)
    return found
