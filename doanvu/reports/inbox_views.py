"""The approver's inbox, the decision page (the report beside the approve/return decision), the versions a
unit sent, and reminders to late units (docs/domain.md, "Submission and approval").

Views only translate HTTP: access through doanvu.accounts.scope (outside the scope 404, lacking the role
403), reads through selectors, writes through workflow and reminders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.replica_reads import reads_from_replica

from . import reminders, selectors
from .document import layout
from .document.data import report_data
from .models import ReportVersion


def _period(code: str) -> periods.Period:
    try:
        return periods.parse(code)
    except periods.PeriodError:
        raise Http404 from None


@login_required
def inbox(request):
    """Subunit reports waiting for the user's decision, oldest first."""
    rows = selectors.inbox(request.user)
    return render(request, "reports/workflow_inbox.html", {"rows": rows})


@login_required
def decision(request, code: str, period: str):
    """The report as sent (its latest version) beside the decision: approve, or return with a comment."""
    unit = scope.get_unit(request.user, code, by="code")
    the_period = _period(period)
    report = selectors.report_for(unit=unit, period=the_period)
    if report is None:
        raise Http404
    versions = selectors.versions_of(report)
    latest = versions[-1] if versions else None
    if latest and latest.document:
        data = latest.document
    else:
        with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
            data = report_data(unit=unit, period=the_period)
    context = {
        "unit": unit,
        "period": the_period,
        "report": report,
        "versions": versions,
        "latest": latest,
        "data": data,
        "blocks": layout.body(data),
        "can_decide": selectors.may_decide(request.user, report),
    }
    return render(request, "reports/workflow_decision.html", context)


@login_required
def version(request, code: str, period: str, number: int):
    """One version as the unit sent it."""
    unit = scope.get_unit(request.user, code, by="code")
    the_period = _period(period)
    sent = get_object_or_404(
        ReportVersion.objects.select_related("report", "submitted_by", "decided_by"),
        report__unit=unit,
        report__period=the_period.code,
        number=number,
    )
    if not sent.document:
        raise Http404
    context = {
        "unit": unit,
        "period": the_period,
        "sent": sent,
        "data": sent.document,
        "blocks": layout.body(sent.document),
    }
    return render(request, "reports/workflow_version.html", context)


@login_required
@require_POST
def remind(request, code: str):
    """Remind one late unit under `code` (the unit named in the form's `unit`) of the period's report."""
    upper = scope.get_unit(request.user, code, scope.EDIT, by="code")
    the_period = _period(request.POST.get("period", ""))
    target = scope.get_unit(request.user, request.POST.get("unit", ""), by="code")
    form = next(
        (f for f in selectors.forms_visible_at(upper) if str(f.pk) == request.POST.get("form", "")), None
    )
    if form is None:
        raise Http404
    try:
        sent = reminders.report_remind(
            upper=upper, unit=target, form=form, period=the_period, by=request.user
        )
    except ValidationError as error:
        for line in error.messages:
            messages.error(request, line)
    else:
        if sent:
            messages.success(
                request,
                _("Đã nhắc %(unit)s gửi báo cáo %(period)s: đã gửi thư tới %(n)s cán bộ.")
                % {"unit": target.name, "period": the_period.label, "n": sent},
            )
        else:
            messages.warning(
                request,
                _("Đã ghi nhận lời nhắc %(unit)s, nhưng cán bộ của đơn vị chưa có địa chỉ thư điện tử.")
                % {"unit": target.name},
            )
    query = f"?period={the_period.code}&form={form.pk}"
    return redirect(reverse("reports:completeness", args=[upper.code]) + query)
