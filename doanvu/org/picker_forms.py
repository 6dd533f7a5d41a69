"""The unit picker and the period picker: form fields, widgets and what their templates show. A unit is
chosen by name from a list (searched as the user types, through `org:unit_search`), a period from a list
with Vietnamese titles; the code each stands for is what the form sends, so codes stay valid in URLs and
the API (docs/architecture.md, "Pickers")."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from doanvu.lib import periods, process_memo
from doanvu.lib.dates import parse_date

from . import pickers
from .models import OrgUnit


def day_from(text, default: datetime.date | None = None) -> datetime.date:
    """The day that decides which units are active: 15/12/2025 or 2025-12-15; today when unreadable."""
    try:
        return parse_date(text)
    except ValueError:
        return default or timezone.localdate()


def unit_picker_context(
    user,
    *,
    name: str,
    values=(),
    around: OrgUnit | None = None,
    day: datetime.date | None = None,
    date_field: str = "",
    exclude=(),
    multiple: bool = False,
    required: bool = False,
    picker_id: str = "",
    label: str = "",
) -> dict:
    """What templates/pickers/unit.html shows: the chosen units first, then the shortlist around `around`."""
    day = day or timezone.localdate()
    values = [v for v in ([values] if isinstance(values, str) else values or ()) if v]
    exclude = [c for c in exclude if c]
    chosen, nearby = pickers.chosen_and_shortlist(user, values, around=around, day=day, exclude=exclude)
    query = {"name": name, "day": day.isoformat()}
    if multiple:
        query["multiple"] = "1"
    if around is not None:
        query["around"] = around.code
    if date_field:
        query["date_field"] = date_field
    if exclude:
        query["exclude"] = ",".join(exclude)
    picker_id = picker_id or f"id_{name}"
    include = f"#{picker_id}" + (f", [name='{date_field}']" if date_field else "")
    return {
        "name": name,
        "id": picker_id,
        "label": label,
        "multiple": multiple,
        "required": required,
        "chosen": chosen,
        "nearby": nearby,
        "search_url": f"{reverse('org:unit_search')}?{urlencode(query)}",
        "include": include,
    }


class UnitPicker(forms.Widget):
    """One unit (a list) or several (boxes to tick), with a search box above; `setup()` gives it the user,
    the unit it starts around and the day (or the form field holding the day) that decides what is active."""

    template = "pickers/unit.html"

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.multiple = multiple
        self.user, self.around, self.day, self.date_field, self.exclude = None, None, None, "", ()

    def setup(self, *, user, around=None, day=None, date_field: str = "", exclude=()):
        self.user, self.around, self.day, self.date_field, self.exclude = (
            user,
            around,
            day,
            date_field,
            exclude,
        )

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if self.multiple and hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return not self.multiple and name not in data

    def render(self, name, value, attrs=None, renderer=None):
        context = unit_picker_context(
            self.user,
            name=name,
            values=value or (),
            around=self.around,
            day=self.day,
            date_field=self.date_field,
            exclude=self.exclude,
            multiple=self.multiple,
            required=self.is_required,
            picker_id=(attrs or {}).get("id", ""),
        )
        return mark_safe(render_to_string(self.template, context))


class UnitPickerField(forms.Field):
    """The code of the unit chosen (a list of codes with `multiple`); the service checks it as before."""

    def __init__(self, *, multiple: bool = False, **kwargs):
        self.multiple = multiple
        kwargs.setdefault("widget", UnitPicker(multiple=multiple))
        kwargs.setdefault("error_messages", {}).setdefault("required", _("Hãy chọn đơn vị."))
        super().__init__(**kwargs)

    def to_python(self, value):
        if self.multiple:  # codes typed in one box, separated by commas or spaces, are read as well
            values = value if isinstance(value, list | tuple) else [value]
            return [code for v in values for code in re.split(r"[\s,;]+", v or "") if code]
        return (value or "").strip()

    def setup(self, **kwargs):
        self.widget.setup(**kwargs)


def period_groups(current: periods.Period | None = None) -> list[tuple[str, list[periods.Period]]]:
    """(heading, periods) for a period list: the recent ones first, then by kind, `current` included."""
    return [(label, found) for label, found in periods.choice_groups(timezone.localdate(), current) if found]


class PeriodPicker(forms.Widget):
    """A list of periods with Vietnamese titles ("Quý I/2025"), the recent ones first; the code is sent."""

    template = "pickers/period.html"

    def __init__(self, attrs=None, *, blank_label: str = ""):
        super().__init__(attrs)
        self.blank_label = blank_label

    def render(self, name, value, attrs=None, renderer=None):
        select_id = (attrs or {}).get("id", f"id_{name}")

        def written() -> str:
            try:
                current = periods.parse(value) if value else None
            except periods.PeriodError:
                current = None
            context = {
                "name": name,
                "select_id": select_id,
                "period": current,
                "groups": period_groups(current),
                "blank_label": self.blank_label,
            }
            return render_to_string(self.template, context)

        # The list depends on the day, the language and what is chosen only (no record): every report page
        # shows it, and it is written once per process for each.
        key = (timezone.localdate(), get_language(), name, select_id, str(self.blank_label), value or "")
        return mark_safe(_written_periods.get(key, written))


_written_periods = process_memo.Kept(limit=512)
