"""The one form field for numbers (docs/architecture.md, "Numbers as people type them").

`NumberField` reads what was typed with `lib.vnnumbers.parse` ("5.000.000", "5 triệu", "2,5"), refuses
the rest with the parser's Vietnamese message next to the field, and is a text input: an
`<input type=number>` cannot hold "5.000.000", and a browser clears what it cannot read, so the typed
text would not come back. A form shown again holds exactly what was typed, never a truncated value.

Under the box, `<output>` says the number in words ("năm triệu đồng"): written by the server when the
page is drawn and, as the officer types, by htmx asking `number_words` (a GET, nothing saved).
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from doanvu.lib import vnnumbers
from doanvu.lib.vnnumbers import COUNT, DECIMAL, KINDS, MONEY

# A count takes the digits pad; money takes the whole keyboard ("5 triệu", "500k"); a decimal the pad
# with the decimal mark.
INPUT_MODES = {COUNT: "numeric", DECIMAL: "decimal", MONEY: "text"}


def shown(value, places: int = 2) -> str:
    """A stored number as the box shows it: 5000000 → "5.000.000", 2.5 → "2,5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value  # what was typed, shown back as it was
    number = Decimal(str(value))
    return vnnumbers.group(number, 0 if number == number.to_integral_value() else places)


def said(typed, *, kind: str = DECIMAL, unit_label: str = "", places: int = 2) -> tuple[str, bool]:
    """(what to show under the box, whether it was read): "5.000.000 đồng – năm triệu đồng", or the
    parser's message. Nothing for an empty box."""
    try:
        number = vnnumbers.parse(typed, kind=kind, unit_label=unit_label, places=places)
    except vnnumbers.NumberError as error:
        return str(error), False
    if number is None:
        return "", True
    unit = "đồng" if kind == MONEY else " ".join((unit_label or "").split())
    figure = vnnumbers.group(number, 0 if number == number.to_integral_value() else places)
    words = vnnumbers.words(number, unit)
    if unit and unit != "%":
        figure += " " + unit
    elif unit == "%":
        figure += "%"
    return (f"{figure} – {words}" if words else figure), True


class NumberInput(forms.TextInput):
    """A text box for a number, with the number read back in words under it."""

    def __init__(self, attrs=None, *, kind: str = DECIMAL, unit_label: str = "", places: int = 2, words=True):
        super().__init__(attrs)
        self.kind, self.unit_label, self.places, self.words = kind, unit_label, places, words

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].setdefault("inputmode", INPUT_MODES[self.kind])
        widget["attrs"].setdefault("autocomplete", "off")
        if self.words and widget["attrs"].get("id"):
            target = widget["attrs"]["id"] + "_words"
            query = urlencode(
                {"kind": self.kind, "unit": self.unit_label, "places": self.places, "field": name}
            )
            widget["attrs"].update(
                {
                    "hx-get": f"{reverse('accounts:number_words')}?{query}",
                    "hx-trigger": "input changed delay:300ms, change",
                    "hx-target": "#" + target,
                    "hx-swap": "innerHTML",
                    "aria-describedby": " ".join(
                        filter(None, [widget["attrs"].get("aria-describedby"), target])
                    ),
                }
            )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        box_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not self.words or not box_id:
            return html
        text, ok = said(value, kind=self.kind, unit_label=self.unit_label, places=self.places)
        return format_html(
            '{}<output class="number-words{}" id="{}_words" for="{}" aria-live="polite">{}</output>',
            html,
            "" if ok else " number-words-problem",
            box_id,
            box_id,
            text if ok else "",
        )

    def format_value(self, value):
        return shown(value, self.places) or None


class NumberField(forms.Field):
    """A number as people type it. `kind`: COUNT (whole: cuộc, lượt, người, năm, tháng), MONEY (whole đồng,
    scale words welcome) or DECIMAL (at most `places` digits after the comma). Cleans to an int (COUNT,
    MONEY) or a Decimal (DECIMAL)."""

    def __init__(
        self,
        *,
        kind: str = DECIMAL,
        unit_label: str = "",
        places: int = 2,
        min_value=None,
        max_value=None,
        words: bool = True,
        attrs: dict | None = None,
        **kwargs,
    ):
        assert kind in KINDS
        self.kind, self.unit_label, self.places = kind, unit_label, places
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault(
            "widget", NumberInput(attrs, kind=kind, unit_label=unit_label, places=places, words=words)
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = vnnumbers.parse(value, kind=self.kind, unit_label=self.unit_label, places=self.places)
        except vnnumbers.NumberError as error:
            raise ValidationError(str(error), code="invalid") from None
        if number is None:
            return None
        return number if self.kind == DECIMAL else int(number)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        for code, limit, broken, default in (
            (
                "min_value",
                self.min_value,
                self.min_value is not None and value < self.min_value,
                _("Không được âm.") if self.min_value == 0 else _("Không được nhỏ hơn %(limit_value)s."),
            ),
            (
                "max_value",
                self.max_value,
                self.max_value is not None and value > self.max_value,
                _("Không được lớn hơn %(limit_value)s."),
            ),
        ):
            if broken:
                message = self.error_messages.get(code, default)
                raise ValidationError(message % {"limit_value": shown(limit, self.places)}, code=code)

    def prepare_value(self, value):
        return shown(value, self.places)


def words_html(params) -> str:
    """What `number_words` answers: the words, or the parser's message marked as a problem. The box's
    value is the parameter named by `field`."""
    kind = params.get("kind") if params.get("kind") in KINDS else DECIMAL
    places = int(params.get("places")) if str(params.get("places", "")).isdigit() else 2
    typed = params.get(params.get("field", ""), "")[:100]
    text, ok = said(typed, kind=kind, unit_label=params.get("unit", "")[:40], places=min(places, 6))
    return (
        format_html('<span class="{}">{}</span>', "" if ok else "number-words-problem", text) if text else ""
    )
