"""Pages of submission and approval, report forms, completeness and the dashboard (data quality:
quality_views.py).

Views only translate HTTP: access through doanvu.accounts.scope, reads through selectors, writes through
services. Outside the user's scope a unit does not exist (404); lacking the role is 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.replica_reads import reads_from_replica

from . import dashboard as dashboard_selectors
from . import selectors, workflow
from .completeness import completeness as completeness_of
from .models import ReportForm
from .workflow_forms import CommentForm, ReportFormForm


def _period(request, source=None) -> periods.Period:
    """The period from ?period= (default: this year); a bad code says why and falls back to this year."""
    code = (source or request.GET).get("period", "").strip()
    if code:
        try:
            return periods.parse(code)
        except periods.PeriodError as error:
            messages.error(request, str(error))
    return periods.parse(str(timezone.localdate().year))


def period_ended(period: periods.Period) -> bool:
    return period.end < timezone.localdate()


def _url(name: str, code: str, period: periods.Period, **extra) -> str:
    return f"{reverse(name, args=[code])}?{urlencode({'period': period.code, **extra})}"


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


# ---------------------------------------------------------------------------------------------------------
# A unit's report: state, submission, decision


@login_required
def submission(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    period = _period(request)
    report = selectors.report_for(unit=unit, period=period)
    children = selectors.children_status(unit, period)
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "children": children,
        "forms": selectors.forms_for_unit(unit, period),
        "can_submit": scope.has_role(request.user, unit, scope.EDIT) and not (report and report.is_locked),
        "can_decide": report is not None and selectors.may_decide(request.user, report),
        "comment_form": CommentForm(),
        "period_open": not period_ended(period),
        "versions": selectors.versions_of(report) if report else [],
    }
    return render(request, "reports/workflow_report.html", context)


def _decision(request, code, service, success: str):
    unit = scope.get_unit(request.user, code, by="code")
    period = _period(request, request.POST)
    form = CommentForm(request.POST)
    form.is_valid()
    kwargs = {"comment": form.cleaned_data.get("comment", "")}
    try:
        service(unit=unit, period=period, by=request.user, **kwargs)
    except ValidationError as error:
        for line in _errors(error):
            messages.error(request, line)
    else:
        messages.success(request, success % {"unit": unit.name, "period": period.label})
    if request.POST.get("back") == "decision":
        return redirect("reports:decision", unit.code, period.code)
    return redirect(_url("reports:submission", unit.code, period))


@login_required
@require_POST
def submit(request, code):
    unit = scope.get_unit(request.user, code, scope.EDIT, by="code")
    period = _period(request, request.POST)
    warning = workflow.early_submission_warning(period)
    if warning and not request.POST.get("early"):
        messages.error(request, warning)
        return redirect(_url("reports:submission", unit.code, period))
    try:
        workflow.report_submit(unit=unit, period=period, by=request.user)
    except ValidationError as error:
        for line in _errors(error):
            messages.error(request, line)
        if isinstance(error, workflow.QualityError):
            return redirect(_url("reports:quality", unit.code, period))
    else:
        messages.success(request, _("Đã gửi báo cáo %(period)s lên cấp trên.") % {"period": period.label})
    return redirect(_url("reports:submission", unit.code, period))


@login_required
@require_POST
def approve(request, code):
    return _decision(request, code, workflow.report_approve, _("Đã duyệt báo cáo %(period)s của %(unit)s."))


@login_required
@require_POST
def return_(request, code):
    return _decision(request, code, workflow.report_return, _("Đã trả lại báo cáo %(period)s của %(unit)s."))


@login_required
@require_POST
def unlock(request, code):
    return _decision(request, code, workflow.report_unlock, _("Đã mở khóa báo cáo %(period)s của %(unit)s."))


# ---------------------------------------------------------------------------------------------------------
# Report forms


@login_required
def forms_page(request, code, pk=None):
    unit = scope.get_unit(request.user, code, by="code")
    editing = get_object_or_404(ReportForm, pk=pk, owner_unit=unit) if pk else None
    can_edit = scope.has_role(request.user, unit, scope.EDIT)
    initial = None
    if editing is not None:
        initial = {
            "name": editing.name,
            "period_kind": editing.period_kind,
            "deadline_days": editing.deadline_days,
            "submitter_kinds": list(editing.submitter_kinds.all()),
            "is_active": editing.is_active,
        }
    form = ReportFormForm(initial=initial)
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        form = ReportFormForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                workflow.report_form_save(
                    owner_unit=unit,
                    form=editing,
                    name=data["name"],
                    period_kind=data["period_kind"],
                    deadline_days=data["deadline_days"],
                    submitter_kinds=list(data["submitter_kinds"]),
                    is_active=data["is_active"],
                    by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Đã lưu biểu mẫu «%(name)s».") % {"name": data["name"]})
                return redirect("reports:forms", code=unit.code)
    context = {
        "unit": unit,
        "forms": selectors.forms_visible_at(unit),
        "form": form,
        "editing": editing,
        "can_edit": can_edit,
        "kinds": dict(periods.KINDS),
    }
    return render(request, "reports/workflow_forms.html", context, status=422 if form.errors else 200)


# ---------------------------------------------------------------------------------------------------------
# Completeness of subunits


@login_required
def completeness(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    period = _period(request)
    forms = selectors.forms_for_subunits(unit) or [f for f in selectors.forms_visible_at(unit) if f.is_active]
    chosen = None
    if request.GET.get("form"):
        chosen = next((f for f in forms if str(f.pk) == request.GET["form"]), None)
        if chosen is None:
            messages.error(request, _("Không có biểu mẫu này cho đơn vị."))
    if chosen is None:
        chosen = selectors.default_form(unit, period)
    result = None
    if chosen is not None:
        if chosen.period_kind != period.kind:
            messages.warning(
                request,
                _("Biểu mẫu «%(form)s» là báo cáo %(kind)s, còn kỳ đang chọn là %(period)s.")
                % {
                    "form": chosen.name,
                    "kind": periods.KINDS[chosen.period_kind].lower(),
                    "period": period.label,
                },
            )
        result = completeness_of(unit=unit, form=chosen, period=period)
    context = {
        "unit": unit,
        "period": period,
        "forms": forms,
        "chosen": chosen,
        "result": result,
        "can_remind": scope.has_role(request.user, unit, scope.EDIT),
    }
    return render(request, "reports/workflow_completeness.html", context)


# ---------------------------------------------------------------------------------------------------------
# Dashboard


@login_required
def dashboard(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    period = _period(request)
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        board = dashboard_selectors.dashboard(unit=unit, period=period)
        charts = dashboard_selectors.dashboard_charts(board)
    context = {"unit": unit, "period": period, "board": board, "charts": charts}
    return render(request, "reports/dashboard.html", context)


# The report pages' own form ("Đơn vị", "Kỳ báo cáo") leads here; the unit is in the path of those pages.
SWITCHABLE = ("dashboard", "submission", "completeness", "quality")


@login_required
def switch(request):
    """The same report page for the unit and the period chosen in the pickers."""
    unit = scope.page_unit(request)
    period = _period(request)
    page = request.GET.get("page")
    return redirect(_url(f"reports:{page if page in SWITCHABLE else 'dashboard'}", unit.code, period))
