"""The period list of the report pages: periods by kind with their Vietnamese titles ("Quý I/2025")."""

from django import template

from doanvu.org.picker_forms import period_groups as _period_groups

register = template.Library()


@register.simple_tag
def period_groups(current=None):
    """(heading, periods) for a <select>: the recent periods first, the current period included
    (docs/architecture.md, "Pickers")."""
    return _period_groups(current)
