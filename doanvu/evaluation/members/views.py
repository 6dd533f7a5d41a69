"""Pages of member evaluation, made for a branch secretary on a phone: the branch's sheet for a year (one
row per member: inputs, self-assessment, proposal with its flags, decision), one member's page, the grassroots
union's decisions per branch, the counts per level of a sub-tree, and the rules of a unit for a year.

Every page takes `?unit=CODE&year=YYYY` like the work pages. Views only translate HTTP: scope decides access
(another unit: 404; a viewer writing: 403), services write, selectors read."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.number_forms import NumberField
from doanvu.accounts.views import no_scope
from doanvu.evaluation.levels import Level
from doanvu.evaluation.members import selectors, services
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import (
    POLICY_FIELDS,
    best_level,
    level_text,
    policy_for,
    rules_for,
)
from doanvu.evaluation.members.selectors import LEVEL_CODES
from doanvu.evaluation.training.models import TrainingResult
from doanvu.lib import vnnumbers
from doanvu.lib.vnnumbers import COUNT, DECIMAL
from doanvu.members.forms import DateField
from doanvu.members.models import Member
from doanvu.members.validation import errors_of
from doanvu.org.models import OrgUnit

# --- shared by the evaluation pages ---------------------------------------------------------------------


def page_year(request) -> int:
    """?year=; by default the year under review: last year until July, this year from then on."""
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    today = timezone.localdate()
    if 2000 <= year <= today.year:
        return year
    return today.year if today.month >= 7 else today.year - 1


def years() -> range:
    return range(timezone.localdate().year, 2014, -1)


def switch_context(request, unit: OrgUnit, year: int) -> dict:
    """What the unit and year switch of every evaluation page needs."""
    return {"unit": unit, "year": year, "years": years(), "units": scope.unit_choices(request.user, unit)}


def problems_of(error: ValidationError) -> list[str]:
    return [message for _field, message in errors_of(error)]


def back(name: str, unit: OrgUnit, year: int, **extra) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"unit": unit.code, "year": year, **extra}.items())
    return f"{reverse(f'evaluation:{name}')}?{query}"


class StepForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Xếp loại"), choices=Level.choices)
    note = forms.CharField(
        label=gettext_lazy("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = DateField(label=gettext_lazy("Ngày"), initial=timezone.localdate)


class DecideForm(forms.Form):
    on = DateField(label=gettext_lazy("Ngày quyết định"), initial=timezone.localdate)
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60, required=False)


# --- the branch's sheet --------------------------------------------------------------------------------------


def _sheet_context(request, unit: OrgUnit, year: int, posted: dict[str, str] | None = None) -> dict:
    sheet = selectors.evaluation_sheet(unit=unit, year=year)
    for row in sheet.rows:
        # What each member's select shows: what was just posted, else the proposal, self level or suggestion.
        row.chosen = (posted or {}).get(str(row.member.pk), row.level_for_form)
    decider = selectors.deciding_unit(unit)
    return {
        **switch_context(request, unit, year),
        "sheet": sheet,
        "levels": Level.choices,
        "decider": decider,
        "can_propose": scope.has_role(request.user, unit, scope.EDIT),
        "can_decide": scope.has_role(request.user, decider, scope.EDIT),
        "today": timezone.localdate(),
    }


@login_required
def member_sheet(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit, year = scope.page_unit(request), page_year(request)
    if not unit.kind.is_branch:
        return redirect(back("member_counts", unit, year))
    return render(request, "evaluation/member_sheet.html", _sheet_context(request, unit, year))


@login_required
@require_POST
def member_propose_all(request):
    unit, year = scope.page_unit(request, scope.EDIT), page_year(request)
    levels = {key[6:]: value for key, value in request.POST.items() if key.startswith("level-") and value}
    form = DecideForm(request.POST)
    problems: list[str] = []
    if not form.is_valid():
        problems = [m for errors in form.errors.values() for m in errors]
    else:
        try:
            done = services.evaluations_propose(
                unit=unit, year=year, levels=levels, on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            problems = problems_of(error)
        else:
            flagged = sum(1 for e in done if e.flags)
            messages.success(
                request,
                _(
                    "Đã ghi đề xuất xếp loại của %(n)s đoàn viên; %(flagged)s đề xuất vi phạm quy định (xem lý do màu đỏ)."
                )
                % {"n": len(done), "flagged": flagged},
            )
            return redirect(back("member_sheet", unit, year))
    context = {**_sheet_context(request, unit, year, posted=levels), "problems": problems}
    return render(request, "evaluation/member_sheet.html", context, status=400)


# --- one member ----------------------------------------------------------------------------------------------


def _member(request, pk: int, role: str) -> Member:
    return scope.get_in_scope(request.user, Member.objects.select_related("unit", "unit__kind"), role, pk=pk)


@login_required
def member_detail(request, member_id: int):
    member = _member(request, member_id, scope.EDIT if request.method == "POST" else scope.VIEW)
    year = page_year(request)
    evaluation = (
        MemberEvaluation.objects.filter(member=member, year=year).select_related("decision_unit").first()
    )
    step = request.POST.get("step", "")
    form = StepForm(request.POST if request.method == "POST" else None, prefix=step or None)
    problems: list[str] = []
    if request.method == "POST" and step in ("self", "propose") and form.is_valid():
        write = services.evaluation_self if step == "self" else services.evaluation_propose
        try:
            done = write(member=member, year=year, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            problems = problems_of(error)
        else:
            messages.success(
                request, _("Đã ghi.") if not done.flags else _("Đã ghi; đề xuất vi phạm quy định.")
            )
            return redirect(f"{reverse('evaluation:member_detail', args=[member.pk])}?year={year}")
    unit = evaluation.unit if evaluation else member.unit
    inputs = selectors.member_inputs(unit=unit, year=year, members=[member])[member.pk]
    rules = rules_for(unit, year)
    return render(
        request,
        "evaluation/member_detail.html",
        {
            "member": member,
            "year": year,
            "years": years(),
            "evaluation": evaluation,
            "inputs": inputs,
            "rules": rules,
            "suggested": best_level(rules, inputs),
            "suggested_label": level_text(best_level(rules, inputs)),
            "texts": selectors.describe(inputs),
            "training_choices": TrainingResult.choices,
            "forms": [
                ("self", _("Tự đánh giá (cán bộ chi đoàn ghi thay)"), _("Ghi tự đánh giá")),
                ("propose", _("Chi đoàn đề xuất"), _("Ghi đề xuất")),
            ],
            "levels": Level.choices,
            "can_edit": scope.has_role(request.user, member.unit, scope.EDIT),
            "step": step,
            "problems": problems,
            "today": timezone.localdate(),
        },
        status=400 if problems or form.errors else 200,
    )


# --- the grassroots union's decisions ----------------------------------------------------------------------


def _branch_of(request, unit: OrgUnit) -> OrgUnit | None:
    """The branch the decision page shows: ?branch=<code> under `unit`, or `unit` itself if it is one."""
    code = request.GET.get("branch") or request.POST.get("branch")
    if code:
        branch = scope.get_unit(request.user, code, scope.VIEW, by="code")
        if not branch.is_at_or_below(unit):
            raise Http404
        return branch
    return unit if unit.kind.is_branch else None


def _decisions_context(request, unit: OrgUnit, year: int, branch: OrgUnit | None) -> dict:
    context = {
        **switch_context(request, unit, year),
        "progress": selectors.decision_progress(unit=unit, year=year),
        "branch": branch,
        "levels": Level.choices,
        "form": DecideForm(initial={"on": timezone.localdate()}),
    }
    if branch is not None:
        sheet = selectors.evaluation_sheet(unit=branch, year=year)
        decider = selectors.deciding_unit(branch)
        context.update(
            sheet=sheet,
            decider=decider,
            can_decide=scope.has_role(request.user, decider, scope.EDIT),
            ready=len(sheet.undecided_unflagged),
        )
    return context


@login_required
def member_decisions(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit, year = scope.page_unit(request), page_year(request)
    branch = _branch_of(request, unit)
    return render(
        request, "evaluation/member_decisions.html", _decisions_context(request, unit, year, branch)
    )


def _decided(request, unit, year, branch, call) -> object:
    form = DecideForm(request.POST)
    if not form.is_valid():
        problems = [m for errors in form.errors.values() for m in errors]
    else:
        try:
            done = call(on=form.cleaned_data["on"], decision_number=form.cleaned_data["decision_number"])
        except ValidationError as error:
            problems = problems_of(error)
        else:
            messages.success(request, _("Đã quyết định xếp loại %(n)s đoàn viên.") % {"n": len(done)})
            return redirect(back("member_decisions", unit, year, branch=branch.code))
    context = {**_decisions_context(request, unit, year, branch), "problems": problems, "form": form}
    return render(request, "evaluation/member_decisions.html", context, status=400)


@login_required
@require_POST
def member_decide_all(request):
    unit, year = scope.page_unit(request), page_year(request)
    branch = _branch_of(request, unit)
    if branch is None:
        raise Http404
    return _decided(
        request,
        unit,
        year,
        branch,
        lambda **kw: services.evaluations_decide_unflagged(unit=branch, year=year, by=request.user, **kw),
    )


@login_required
@require_POST
def member_decide(request, evaluation_id: int):
    evaluation = scope.get_in_scope(
        request.user,
        MemberEvaluation.objects.select_related("unit", "unit__kind", "member"),
        pk=evaluation_id,
    )
    unit = scope.page_unit(request)
    if not evaluation.unit.is_at_or_below(unit):
        unit = evaluation.unit
    level = request.POST.get(f"level-{evaluation.pk}") or request.POST.get("level", "")
    return _decided(
        request,
        unit,
        evaluation.year,
        evaluation.unit,
        lambda **kw: [services.evaluation_decide(evaluation=evaluation, level=level, by=request.user, **kw)],
    )


# --- counts per level ------------------------------------------------------------------------------------


def _share(part, whole) -> str:
    if not whole:
        return "–"
    return vnnumbers.percent(part * 100 / whole)


def _count_row(name: str, code: str, values: dict) -> dict:
    evaluated = values.get("members_evaluated") or 0
    return {
        "name": name,
        "code": code,
        "members": values.get("members"),
        "evaluated": evaluated,
        "evaluated_pct": values.get("members_evaluated_pct"),
        "levels": [
            (Level(level).label, values.get(code) or 0, _share(values.get(code) or 0, evaluated))
            for level, code in LEVEL_CODES.items()
        ],
        "training": values.get("training_registered") or 0,
    }


@login_required
def member_counts(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit, year = scope.page_unit(request), page_year(request)
    stats = selectors.level_counts(unit=unit, year=year)
    rows = [
        _count_row(child.name or child.unit.name, child.unit.code, child.values) for child in stats.children
    ]
    return render(
        request,
        "evaluation/member_counts.html",
        {
            **switch_context(request, unit, year),
            "total": _count_row(stats.name or unit.name, unit.code, stats.values),
            "rows": rows,
            "level_names": [Level(level).label for level in LEVEL_CODES],
        },
    )


# --- the rules --------------------------------------------------------------------------------------------


def _pct_field(label, required: bool = True) -> NumberField:
    # Django puts the limit into the message with "%" formatting: the per cent sign is doubled.
    message = gettext_lazy("Tỷ lệ phải từ 0 đến 100%%.")
    return NumberField(
        kind=DECIMAL,
        places=1,
        unit_label="%",
        label=label,
        min_value=0,
        max_value=100,
        required=required,
        error_messages={
            "min_value": message,
            "max_value": message,
            "required": gettext_lazy("Hãy nhập tỷ lệ."),
        },
    )


class PolicyForm(forms.Form):
    outstanding_min_attendance_pct = _pct_field(gettext_lazy("Xuất sắc: tỷ lệ dự sinh hoạt tối thiểu (%)"))
    outstanding_training_result = forms.ChoiceField(
        label=gettext_lazy("Xuất sắc: kết quả rèn luyện tối thiểu"), choices=TrainingResult.choices
    )
    good_min_attendance_pct = _pct_field(gettext_lazy("Tốt: tỷ lệ dự sinh hoạt tối thiểu (%)"))
    completed_min_attendance_pct = _pct_field(gettext_lazy("Hoàn thành: tỷ lệ dự sinh hoạt tối thiểu (%)"))
    max_unpaid_dues_months = NumberField(
        kind=COUNT,
        unit_label="tháng",
        label=gettext_lazy("Số tháng chưa đóng đoàn phí tối đa (từ hoàn thành trở lên)"),
        min_value=0,
        max_value=12,
        error_messages={
            "min_value": gettext_lazy("Số tháng phải từ 0 đến 12."),
            "max_value": gettext_lazy("Số tháng phải từ 0 đến 12."),
            "invalid": gettext_lazy("Hãy nhập một số nguyên."),
            "required": gettext_lazy("Hãy nhập số tháng."),
        },
    )
    outstanding_max_share_pct = _pct_field(
        gettext_lazy("Tỷ lệ xuất sắc tối đa (%) — để trống nếu không giới hạn"), required=False
    )
    discipline_caps_level = forms.BooleanField(
        label=gettext_lazy("Bị kỷ luật trong năm thì tối đa hoàn thành nhiệm vụ"), required=False
    )
    self_deadline = DateField(label=gettext_lazy("Hạn tự đánh giá"), required=False)
    decision_deadline = DateField(label=gettext_lazy("Hạn quyết định xếp loại"), required=False)


def _policy_year(request) -> int:
    """Rules may be set ahead, for next year."""
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= timezone.localdate().year + 1 else page_year(request)


@login_required
def member_policy(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request, scope.EDIT if request.method == "POST" else scope.VIEW)
    year = _policy_year(request)
    rules = rules_for(unit, year)
    initial = {name: getattr(rules, name) for name in (*POLICY_FIELDS, "self_deadline", "decision_deadline")}
    form = PolicyForm(request.POST or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_policy_set(unit=unit, year=year, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            problems = problems_of(error)
        else:
            messages.success(request, _("Đã lưu quy định đánh giá đoàn viên năm %(year)s.") % {"year": year})
            return redirect(back("member_policy", unit, year))
    own = policy_for(unit, year)
    return render(
        request,
        "evaluation/member_policy.html",
        {
            **switch_context(request, unit, year),
            "years": range(timezone.localdate().year + 1, 2014, -1),
            "rules": rules,
            "own_policy": own if own and own.unit_id == unit.pk else None,
            "form": form,
            "problems": problems,
            "can_edit": scope.has_role(request.user, unit, scope.EDIT),
        },
        status=400 if problems or form.errors else 200,
    )
