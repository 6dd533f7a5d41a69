"""Figures shown the Vietnamese way on the work pages: 2.145, 12,5 — formatting only."""

from __future__ import annotations

from decimal import Decimal

from django import template

from doanvu.lib.vnnumbers import group, percent

register = template.Library()


@register.filter
def vn(value) -> str:
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    return group(number) if number == number.to_integral_value() else group(number, 2)


@register.filter
def vn_percent(value) -> str:
    return percent(value)


@register.filter
def plain(value) -> str:
    """A value for an <input type=number>: 12, 12.5 (a dot, no grouping)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value  # what the user typed, shown back exactly as typed
    try:
        text = f"{Decimal(str(value)):f}"
    except ArithmeticError:
        return str(value)  # what the user typed, shown back with its error
    return text.rstrip("0").rstrip(".") if "." in text else text
