"""The unit picker's search (htmx): the units matching what was typed, as the picker's list shows them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from doanvu.accounts import scope

from . import pickers
from .picker_forms import day_from


@login_required
def unit_search(request):
    """?q= the words typed; name= the field; day= (or date_field= naming the form's date box) the day that
    decides which units are active; exclude= codes left out; around= the unit the list first stood around; the field's current values are kept."""
    get = request.GET
    name = get.get("name") or "unit"
    multiple = get.get("multiple") == "1"
    day = day_from(get.get("day"), timezone.localdate())
    if get.get("date_field"):
        day = day_from(get.get(get["date_field"]), day)
    exclude = [c for c in get.get("exclude", "").split(",") if c]
    values = [v for v in get.getlist(name) if v]
    query = get.get("q", "").strip()
    chosen = pickers.chosen(request.user, values)
    if multiple:  # the units ticked stay at the top, ticked; a match is one not ticked yet
        found = pickers.unit_search(
            request.user, query, day=day, exclude=[*exclude, *(c.code for c in chosen)]
        )
    else:  # the unit chosen, when it matches, is a match like any other
        found = pickers.unit_search(request.user, query, day=day, exclude=exclude)
        chosen = [c for c in chosen if c.code not in {f.code for f in found}]
    nearby = []
    if not query:  # the box emptied: the list as it first was, around the unit chosen
        around = scope.scope_units(request.user).filter(code=get.get("around", "")).first()
        shortlist = pickers.unit_shortlist(request.user, around=around, day=day, exclude=exclude)
        nearby = [c for c in shortlist if c.code not in set(values)]
    context = {"name": name, "query": query, "found": found, "chosen": chosen, "nearby": nearby}
    template = "pickers/unit_boxes.html" if multiple else "pickers/unit_options.html"
    return render(request, template, context)
