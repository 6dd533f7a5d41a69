"""Forms of the work pages. They only read input; the services validate the rules and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doanvu.accounts.number_forms import NumberField
from doanvu.lib import periods, vnnumbers
from doanvu.org.picker_forms import PeriodPicker, UnitPickerField
from doanvu.work.models import Indicator, Movement, WorkArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kỳ"))
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("widget", PeriodPicker(blank_label=_("Mọi kỳ")))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return periods.parse(value).code
        except periods.PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class ActivityFilterForm(forms.Form):
    period = PeriodField(required=False, help_text="")
    work_area = forms.ModelChoiceField(
        WorkArea.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Mặt công tác"),
        empty_label=_("Tất cả"),
    )
    movement = forms.ModelChoiceField(
        Movement.objects.none(),
        required=False,
        to_field_name="code",
        label=_("Phong trào"),
        empty_label=_("Tất cả"),
    )
    q = forms.CharField(required=False, label=_("Tìm theo tên, địa điểm"))

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if movements is not None:
            self.fields["movement"].queryset = movements


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Tên hoạt động"), max_length=255)
    work_area = forms.ModelChoiceField(WorkArea.objects.all(), to_field_name="code", label=_("Mặt công tác"))
    movement = forms.ModelChoiceField(
        Movement.objects.none(),
        required=False,
        to_field_name="code",
        label=_("Thuộc phong trào, chương trình, chiến dịch"),
        empty_label=_("— Không —"),
    )
    start_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE)
    end_on = forms.DateField(
        label=_("Ngày kết thúc"), widget=DATE, required=False, help_text=_("Bỏ trống nếu trong một ngày.")
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    co_organisers = UnitPickerField(
        multiple=True,
        label=_("Đơn vị cùng tổ chức"),
        required=False,
        help_text=_("Tìm theo tên rồi đánh dấu các đơn vị cùng tổ chức."),
    )

    def __init__(self, *args, movements=None, figures_url: str = "", user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Units active on the activity's first day, found around the lead unit (docs/architecture.md, "Pickers").
        self.fields["co_organisers"].setup(
            user=user,
            around=unit,
            day=self.initial.get("start_on"),
            date_field="start_on",
            exclude=[unit.code] if unit is not None else (),
        )
        if movements is not None:
            self.fields["movement"].queryset = movements
        # Choosing the work area reorders the figures (its own indicators first): see work/_figures.html.
        self.fields["work_area"].widget.attrs.update(
            {"hx-get": figures_url, "hx-target": "#figures", "hx-include": "#figures, [name=unit]"}
            if figures_url
            else {}
        )

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("title", "work_area", "movement", "start_on", "end_on", "place", "description")
        }
        if not data["end_on"]:
            data["end_on"] = data["start_on"]
        return data


def figure_field(indicator: Indicator, **kwargs) -> NumberField:
    """The box of one indicator's figure: whole đồng, a count, or a decimal, as its unit says."""
    kwargs.setdefault("required", False)
    return NumberField(
        kind=vnnumbers.unit_kind(indicator.unit_label),
        unit_label=indicator.unit_label,
        min_value=0,
        label=indicator.name,
        **kwargs,
    )


class FiguresForm(forms.Form):
    """Figures, one box per indicator (named <box_prefix><code>: fig_ on an activity, val_ in the grid of
    direct values), in the order given."""

    def __init__(self, *args, indicators=(), box_prefix: str = "fig_", **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.box_prefix = list(indicators), box_prefix
        for indicator in self.indicators:
            self.fields[box_prefix + indicator.code] = figure_field(
                indicator, attrs={"class": "narrow-number"}
            )

    def box(self, code: str) -> str:
        return self.box_prefix + code

    def rows(self) -> list[tuple]:
        return [(indicator, self[self.box(indicator.code)]) for indicator in self.indicators]

    def values(self) -> dict:
        """Indicator code → value (None for an empty box)."""
        return {name[len(self.box_prefix) :]: value for name, value in self.cleaned_data.items()}

    def figures(self) -> dict:
        """Indicator code → value, for the figures given."""
        return {code: value for code, value in self.values().items() if value is not None}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (ảnh, PDF, Word, Excel)"))
    caption = forms.CharField(label=_("Mô tả"), max_length=255, required=False)


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(Indicator.objects.none(), to_field_name="code", label=_("Chỉ số"))
    value = NumberField(kind=vnnumbers.DECIMAL, label=_("Chỉ tiêu"), min_value=0)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if indicators is not None:
            self.fields["indicator"].queryset = indicators


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Mã chỉ số"), max_length=60, help_text=_("Chữ thường không dấu, số, dấu gạch dưới.")
    )
    name = forms.CharField(label=_("Tên chỉ số"), max_length=255)
    unit_label = forms.CharField(
        label=_("Đơn vị tính"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ: cuộc, lượt, người, đồng, phần, công trình."),
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Indicator.Kind.choices)
    source = forms.ChoiceField(
        label=_("Nguồn số liệu"),
        choices=[
            (Indicator.Source.ACTIVITY, Indicator.Source.ACTIVITY.label),
            (Indicator.Source.DIRECT, Indicator.Source.DIRECT.label),
        ],
        required=False,
    )
    work_area = forms.ModelChoiceField(
        WorkArea.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Mặt công tác"),
        empty_label=_("— Mọi mặt —"),
    )
    numerator = forms.ModelChoiceField(
        Indicator.objects.none(), to_field_name="code", required=False, label=_("Tử số (với chỉ số tỷ lệ)")
    )
    denominator = forms.ModelChoiceField(
        Indicator.objects.none(), to_field_name="code", required=False, label=_("Mẫu số (với chỉ số tỷ lệ)")
    )
    description = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, parts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parts is not None:
            self.fields["numerator"].queryset = parts
            self.fields["denominator"].queryset = parts


class MovementForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"), max_length=60, help_text=_("Chữ thường không dấu, số, dấu gạch ngang.")
    )
    name = forms.CharField(label=_("Tên phong trào, chương trình, chiến dịch"), max_length=255)
    work_area = forms.ModelChoiceField(
        WorkArea.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Mặt công tác"),
        empty_label=_("—"),
    )
