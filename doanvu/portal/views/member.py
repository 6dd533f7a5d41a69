"""The member's own area (/toi/): their record and history, dues, meetings, evaluations and training; the
download of it all; proposals to change their details; training registration and the self-assessment.
Only a member account reaches these pages (anyone else: 404), and each shows that member only."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import rules_for
from doanvu.evaluation.members.services import evaluation_self
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.evaluation.training.services import training_register
from doanvu.lib.http import protect_download
from doanvu.members import services
from doanvu.members.proposal_models import PROPOSABLE_FIELDS, ChangeProposal
from doanvu.members.services.proposals import change_lines
from doanvu.members.timeline import member_timeline
from doanvu.members.validation import errors_of
from doanvu.portal.forms import PROPOSAL_SECTIONS, ProposalForm, SelfAssessmentForm, TrainingForm

from .download import record_xlsx
from .record import record


def member_only(view):
    """A page of the member's own area: signed in, and a member account (anyone else: 404)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        member = scope.member_of(request.user)
        if member is None:
            raise Http404
        return view(request, member, *args, **kwargs)

    return wrapped


def _show_errors(form, error: ValidationError) -> None:
    for field, message in errors_of(error):
        form.add_error(field if field in form.fields else None, message)


def _proposals(member):
    proposals = list(member.change_proposals.select_related("decided_by")[:10])
    for p in proposals:
        p.lines = change_lines(p)
    return proposals


@member_only
def home(request, member):
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "member": member,
            "age": member.age_on(today),
            "proposals": _proposals(member)[:3],
            "training_this_year": TrainingRegistration.objects.filter(member=member, year=today.year).first(),
            "evaluation_this_year": MemberEvaluation.objects.filter(member=member, year=today.year).first(),
            **record(member),
        },
    )


@member_only
def history(request, member):
    return render(request, "portal/history.html", {"member": member, "timeline": member_timeline(member)})


@member_only
def download(request, member):
    content = record_xlsx(member, record(member))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="ho-so-doan-vien-{day}.xlsx"'
    return protect_download(response)


@member_only
def propose(request, member):
    initial = {name: getattr(member, name) for name in PROPOSABLE_FIELDS}
    form = ProposalForm(request.POST or None, initial=initial)
    pending = member.change_proposals.filter(state=ChangeProposal.State.PENDING).first()
    if pending is not None:
        pending.lines = change_lines(pending)
    if request.method == "POST" and form.is_valid():
        data = {n: v for n, v in form.cleaned_data.items() if n in form.changed_data and n != "note"}
        try:
            services.proposal_submit(
                member=member, data=data, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa thông tin; chi đoàn sẽ xem và trả lời."))
            return redirect("portal:propose")
    sections = [(title, [form[n] for n in names if n in form.fields]) for title, names in PROPOSAL_SECTIONS]
    return render(
        request,
        "portal/propose.html",
        {
            "member": member,
            "form": form,
            "sections": sections,
            "pending": pending,
            "proposals": _proposals(member),
        },
        status=422 if form.errors else 200,
    )


@member_only
@require_POST
def withdraw(request, member, pk: int):
    proposal = member.change_proposals.filter(pk=pk).first()
    if proposal is None:
        raise Http404
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút đề nghị sửa thông tin."))
    return redirect("portal:propose")


@member_only
def training(request, member):
    year = timezone.localdate().year
    current = TrainingRegistration.objects.filter(member=member, year=year).first()
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and current is None and form.is_valid():
        try:
            training_register(
                member=member,
                year=year,
                on=timezone.localdate(),
                by=request.user,
                commitments=form.cleaned_data["commitments"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, _("Đã đăng ký chương trình rèn luyện đoàn viên năm %(y)s.") % {"y": year}
            )
            return redirect("portal:training")
    return render(
        request,
        "portal/training.html",
        {
            "member": member,
            "form": form,
            "year": year,
            "current": current,
            "trainings": TrainingRegistration.objects.filter(member=member).order_by("-year"),
        },
        status=422 if form.errors else 200,
    )


@member_only
def self_assessment(request, member):
    year = timezone.localdate().year
    current = MemberEvaluation.objects.filter(member=member, year=year).first()
    initial = {"level": current.self_level, "note": current.self_note} if current else {}
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    closed = bool(current and (current.proposed_level or current.decided_level))
    # The branch's deadline for self-assessments (the evaluation policy): after it the member asks the branch.
    deadline = rules_for(member.unit, year).self_deadline
    late = bool(deadline and timezone.localdate() > deadline)
    if request.method == "POST" and late and not closed:
        form.is_valid()
        form.add_error(
            None,
            _("Đã hết hạn tự đánh giá (%(day)s); hãy liên hệ chi đoàn.")
            % {"day": deadline.strftime("%d/%m/%Y")},
        )
    elif request.method == "POST" and not closed and form.is_valid():
        try:
            evaluation_self(
                member=member,
                year=year,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                on=timezone.localdate(),
                by=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã gửi bản tự đánh giá năm %(y)s cho chi đoàn.") % {"y": year})
            return redirect("portal:self_assessment")
    return render(
        request,
        "portal/self_assessment.html",
        {
            "member": member,
            "form": form,
            "year": year,
            "current": current,
            "closed": closed,
            "deadline": deadline,
            "late": late,
            "evaluations": MemberEvaluation.objects.filter(member=member).order_by("-year"),
        },
        status=422 if form.errors else 200,
    )
