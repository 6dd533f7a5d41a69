"""Points shown the Vietnamese way on the self-assessment and inspection pages: 19, 7,5, – for none."""

from __future__ import annotations

from django import template

from doanvu.evaluation.inspection.conclusion import points as points_text

register = template.Library()


@register.filter
def points(value) -> str:
    if value == "":
        return "–"
    return points_text(value)
