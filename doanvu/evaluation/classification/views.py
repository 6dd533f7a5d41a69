"""Unit classification pages: a unit classifies its direct children for a year (with the criteria score,
the inspection's proposal and the data beside each), a unit's own result and its history (read-only for
the unit itself), and the classifications of a sub-tree counted by kind and level.

Scope decides who sees a unit (others get 404); the service lets only an editor strictly above a unit
classify it (403 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.evaluation.classification import selectors, services
from doanvu.evaluation.classification.models import UnitClassification
from doanvu.evaluation.criteria.forms import (
    LEVEL_CHOICES,
    DecisionForm,
)
from doanvu.evaluation.levels import LEVEL_ORDER, Level

PAGE_SIZE = 100


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else selectors.default_year()


def _list_page(request, unit, year: int, *, posted=None, form=None):
    rows = selectors.classification_rows(parent=unit, year=year, user=request.user)
    posted = posted or {}
    for row in rows:
        row.chosen = posted.get(
            f"level_{row.unit.code}", row.classification.level if row.classification else ""
        )
        row.note = posted.get(f"note_{row.unit.code}", row.classification.note if row.classification else "")
    own = UnitClassification.objects.filter(unit=unit, year=year).select_related("decided_by_unit").first()
    return render(
        request,
        "evaluation/classification_list.html",
        {
            "unit": unit,
            "units": scope.unit_choices(request.user, unit),
            "year": str(year),
            "rows": rows,
            "own": own,
            "can_decide": any(row.can_decide for row in rows),
            "form": form or DecisionForm(initial={"decided_on": timezone.localdate()}),
            "level_choices": LEVEL_CHOICES,
        },
    )


@login_required
def classification_list(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    return _list_page(request, scope.page_unit(request), _year(request))


@login_required
@require_POST
def classification_decide(request):
    unit = scope.get_unit(request.user, request.POST.get("unit"), by="code")
    year = _year(request)
    form = DecisionForm(request.POST)
    children = {child.code: child for child in selectors.children_to_classify(unit, year)}
    only = request.POST.get("only", "")
    picked = [only] if only else list(children)
    levels = {children[code]: request.POST.get(f"level_{code}", "") for code in picked if code in children}
    notes = {child: request.POST.get(f"note_{child.code}", "") for child in levels}
    if form.is_valid():
        try:
            decided = services.classification_decide_many(
                parent=unit,
                year=year,
                levels=levels,
                by=request.user,
                decided_on=form.cleaned_data["decided_on"],
                decision_number=form.cleaned_data["decision_number"],
                notes=notes,
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    if field in form.fields:
                        form.add_error(field, message)
                    else:
                        form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã lưu xếp loại năm %(year)s của %(n)s đơn vị.") % {"year": year, "n": len(decided)},
            )
            return redirect(f"{reverse('evaluation:classification_list')}?unit={unit.code}&year={year}")
    return _list_page(request, unit, year, posted=request.POST, form=form)


@login_required
def classification_unit(request, code: str, year: int):
    unit = scope.get_unit(request.user, code, by="code")
    classification = (
        UnitClassification.objects.filter(unit=unit, year=year)
        .select_related("decided_by_unit", "decided_by", "assessment", "assessment__criteria_set")
        .first()
    )
    parent = selectors.parent_on(unit, year)
    score = selectors.criteria_scores([unit], year, parent)[unit.pk]
    return render(
        request,
        "evaluation/classification_unit.html",
        {
            "unit": unit,
            "year": str(year),
            "parent": parent,
            "classification": classification,
            "score": score,
            "history": selectors.classification_history(classification) if classification else [],
            "all_years": selectors.unit_classifications(unit),
            "can_decide": selectors.may_decide(request.user, unit),
        },
    )


@login_required
def classification_summary(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    unit = scope.page_unit(request)
    year = _year(request)
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    kind = request.GET.get("kind", "")
    counts = selectors.classification_summary(unit=unit, year=year)
    found = selectors.subtree_classifications(unit=unit, year=year, level=level, kind=kind)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluation/classification_summary.html",
        {
            "unit": unit,
            "units": scope.unit_choices(request.user, unit),
            "year": str(year),
            "counts": counts,
            "levels": [(value, Level(value).label) for value in LEVEL_ORDER],
            "level": level,
            "kind": kind,
            "page": page,
            "query": query.urlencode(),
        },
    )
