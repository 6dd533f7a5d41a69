"""The data-quality page of a unit: the open errors and warnings of every unit of its sub-tree, grouped by
unit, filtered by severity, kind of unit and state, a page of units at a time; and explaining a warning.

Views only translate HTTP: access through doanvu.accounts.scope, reads through quality's selectors, writes
through its services. Outside the user's scope a unit does not exist (404); lacking the role is 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.org.models import OrgUnit

from . import quality
from .workflow_forms import ExplanationForm

UNITS_PER_PAGE = 20
STATES = ("open", "all")
RETURN_KEYS = ("severity", "kind", "state", "page")


def _period(request, source=None) -> periods.Period:
    """The period from ?period= (default: this year); a bad code says why and falls back to this year."""
    code = (source or request.GET).get("period", "").strip()
    if code:
        try:
            return periods.parse(code)
        except periods.PeriodError as error:
            messages.error(request, str(error))
    return periods.parse(str(timezone.localdate().year))


def _filters(request, kinds: dict[str, str]) -> dict[str, str]:
    """The page's filters from the query string; unknown values are ignored."""
    severity = request.GET.get("severity", "")
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "all")
    return {
        "severity": severity if severity in quality.SEVERITIES else "",
        "kind": kind if kind in kinds else "",
        "state": state if state in STATES else "all",
    }


@login_required
def quality_page(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    period = _period(request)
    overview = quality.quality_overview(unit=unit, period=period)
    filters = _filters(request, overview.kinds)
    shown = quality.filter_issues(
        overview.found,
        severity=filters["severity"],
        kind=filters["kind"],
        open_only=filters["state"] == "open",
    )
    page = Paginator(shown, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.can_explain = scope.has_role(request.user, entry.unit, scope.EDIT)
        entry.counts = quality.issue_counts([entry])
    query = {"period": period.code, **{k: v for k, v in filters.items() if v and (k, v) != ("state", "all")}}
    context = {
        "unit": unit,
        "period": period,
        "page": page,
        "found": page.object_list,
        "children": overview.children,
        "counts": quality.issue_counts(overview.found),
        "shown_counts": quality.issue_counts(shown),
        "checked": overview.units,
        "kinds": overview.kinds,
        "filters": filters,
        "query": urlencode(query),
    }
    return render(request, "reports/quality.html", context)


@login_required
@require_POST
def quality_explain(request, code):
    page_unit = scope.get_unit(request.user, code, by="code")
    period = _period(request, request.POST)
    form = ExplanationForm(request.POST)
    # Back to the same filters and page of the list.
    kept = QueryDict(request.POST.get("return", ""))
    back_query = {key: kept[key] for key in RETURN_KEYS if kept.get(key)}
    back_query["period"] = period.code
    back = f"{reverse('reports:quality', args=[page_unit.code])}?{urlencode(back_query)}"
    if not form.is_valid():
        messages.error(request, _("Hãy viết nội dung giải trình."))
        return redirect(back)
    target = OrgUnit.objects.filter(page_unit.subtree_q(), code=form.cleaned_data["unit"]).first()
    if target is None:
        messages.error(request, _("Đơn vị không thuộc phạm vi trang này."))
        return redirect(back)
    try:
        quality.explanation_save(
            unit=target,
            period=period,
            check_key=form.cleaned_data["check_key"],
            text=form.cleaned_data["text"],
            by=request.user,
        )
    except ValidationError as error:
        for line in error.messages:
            messages.error(request, line)
    else:
        messages.success(request, _("Đã lưu giải trình của %(unit)s.") % {"unit": target.name})
    return redirect(back)
