"""The period list of the report pages: periods by kind with their Vietnamese titles ("Quý I/2025")."""

from django import template
from django.utils import timezone

from doanvu.lib import periods

register = template.Library()


@register.simple_tag
def period_groups(current=None):
    """(heading, periods) for a <select>, the current period included (docs/architecture.md)."""
    return [(label, found) for label, found in periods.choice_groups(timezone.localdate(), current) if found]
