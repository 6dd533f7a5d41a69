"""The pickers in a page's own form: `{% unit_picker "unit" unit %}` and `{% period_picker period %}`
(docs/architecture.md, "Pickers")."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from doanvu.org.picker_forms import PeriodPicker, unit_picker_context

register = template.Library()


@register.inclusion_tag("pickers/unit.html", takes_context=True)
def unit_picker(context, name, unit=None, picker_id="", day=None):
    """A unit chosen by name, `unit` chosen to start with and the list around it; what is sent is its code.
    The units offered are those active on `day` (a report's period passes its end), today at the latest."""
    values = [unit.code] if unit is not None else []
    today = timezone.localdate()
    return unit_picker_context(
        context["request"].user,
        name=name,
        values=values,
        around=unit,
        day=min(day, today) if day else today,
        required=True,
        picker_id=picker_id,
    )


@register.simple_tag
def period_picker(period=None, name="period", select_id="", blank_label=""):
    attrs = {"id": select_id or f"id_{name}"}
    code = period.code if period is not None else ""
    return mark_safe(PeriodPicker(blank_label=blank_label).render(name, code, attrs))
