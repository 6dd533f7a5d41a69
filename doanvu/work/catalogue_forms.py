"""Forms of the catalogue pages for changing an own indicator or movement. They only read input; the
services (doanvu.work.services.catalogue) decide what may change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doanvu.accounts.number_forms import NumberField
from doanvu.lib.vnnumbers import COUNT
from doanvu.work.models import Indicator, Movement, WorkArea


class IndicatorEditForm(forms.Form):
    code = forms.CharField(
        label=_("Mã chỉ số"),
        max_length=60,
        help_text=_("Chỉ đổi được khi chưa có số liệu nào."),
    )
    name = forms.CharField(label=_("Tên chỉ số"), max_length=255)
    unit_label = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    kind = forms.ChoiceField(
        label=_("Loại"), choices=Indicator.Kind.choices, help_text=_("Chỉ đổi được khi chưa có số liệu nào.")
    )
    work_area = forms.ModelChoiceField(
        WorkArea.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Mặt công tác"),
        empty_label=_("— Mọi mặt —"),
    )
    order = NumberField(kind=COUNT, words=False, label=_("Thứ tự"), min_value=0, max_value=32767)
    description = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    @classmethod
    def for_indicator(cls, indicator: Indicator, data=None) -> IndicatorEditForm:
        initial = {
            "code": indicator.code,
            "name": indicator.name,
            "unit_label": indicator.unit_label,
            "kind": indicator.kind,
            "work_area": indicator.work_area.code if indicator.work_area else None,
            "order": indicator.order,
            "description": indicator.description,
        }
        return cls(data, initial=initial)


class MovementEditForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"), max_length=60, help_text=_("Chỉ đổi được khi chưa có hoạt động nào thuộc phong trào.")
    )
    name = forms.CharField(label=_("Tên phong trào, chương trình, chiến dịch"), max_length=255)
    work_area = forms.ModelChoiceField(
        WorkArea.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Mặt công tác"),
        empty_label=_("—"),
    )

    @classmethod
    def for_movement(cls, movement: Movement, data=None) -> MovementEditForm:
        initial = {
            "code": movement.code,
            "name": movement.name,
            "work_area": movement.work_area.code if movement.work_area else None,
        }
        return cls(data, initial=initial)
