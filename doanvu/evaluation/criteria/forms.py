"""Forms of the criteria-set and classification pages. They only read what was typed; the services check
the rules (rules.py) and their errors are put back next to the fields."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.accounts.number_forms import NumberField
from doanvu.evaluation.criteria.models import DataSource
from doanvu.evaluation.criteria.rules import (
    grades_format,
    plain,
    vn_points,
)
from doanvu.evaluation.levels import Level
from doanvu.lib import vnnumbers
from doanvu.lib.vnnumbers import COUNT, DECIMAL
from doanvu.work.models import Indicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SetForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tên bộ tiêu chí"), max_length=255)
    year = NumberField(kind=COUNT, words=False, label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu văn bản"), max_length=60, required=False)
    self_assessment_deadline = forms.DateField(label=gettext_lazy("Hạn tự chấm"), required=False, widget=DATE)
    outstanding_min_pct = NumberField(
        kind=DECIMAL,
        places=1,
        unit_label="%",
        label=gettext_lazy("Xuất sắc: từ (% điểm chuẩn)"),
        min_value=0,
        max_value=100,
    )
    good_min_pct = NumberField(
        kind=DECIMAL,
        places=1,
        unit_label="%",
        label=gettext_lazy("Tốt: từ (% điểm chuẩn)"),
        min_value=0,
        max_value=100,
    )
    completed_min_pct = NumberField(
        kind=DECIMAL,
        places=1,
        unit_label="%",
        label=gettext_lazy("Hoàn thành: từ (% điểm chuẩn)"),
        min_value=0,
        max_value=100,
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    units = forms.MultipleChoiceField(
        label=gettext_lazy("Đơn vị áp dụng"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, unit_choices=None, frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_choices is None:
            del self.fields["units"]
        else:
            self.fields["units"].choices = [(u.code, u.name) for u in unit_choices]
        if frozen:
            for name in (
                "title",
                "year",
                "outstanding_min_pct",
                "good_min_pct",
                "completed_min_pct",
                "units",
            ):
                if name in self.fields:
                    self.fields[name].disabled = True


class HeadingForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Số thứ tự"), max_length=12)
    title = forms.CharField(
        label=gettext_lazy("Tên"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


_PAIR = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:%|→|->|:)\s*(\d+(?:[.,]\d+)?)\s*$")


def thresholds_parse(text: str) -> list[list[str]]:
    """ "100: 10; 50: 5" (or one per line) → [["100", "10"], ["50", "5"]]."""
    out = []
    for n, part in enumerate(re.split(r"[;\n]", text or ""), start=1):
        if not part.strip():
            continue
        match = _PAIR.match(part)
        if not match:
            raise ValidationError(
                _("Ngưỡng thứ %(n)s («%(part)s») phải viết dạng «giá trị: điểm», ví dụ «100: 10».")
                % {"n": n, "part": part.strip()[:30]}
            )
        out.append([match.group(1).replace(",", "."), match.group(2).replace(",", ".")])
    return out


def thresholds_format(thresholds: list) -> str:
    return "; ".join(f"{vn_points(Decimal(str(v)))}: {vn_points(p)}" for v, p in thresholds or [])


class ConditionForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Số thứ tự"), max_length=16)
    text = forms.CharField(
        label=gettext_lazy("Điều kiện chấm điểm"), widget=forms.Textarea(attrs={"rows": 3})
    )
    max_points = forms.CharField(
        label=gettext_lazy("Điểm tối đa"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    is_bonus = forms.BooleanField(label=gettext_lazy("Là điểm thưởng"), required=False)
    grades = forms.CharField(
        label=gettext_lazy("Các mức điểm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Mỗi mức một dòng, từ cao xuống thấp: «8: tất cả báo cáo đúng hạn». Để trống: chấm từ 0 đến điểm tối đa."
        ),
    )
    evidence_required = forms.CharField(
        label=gettext_lazy("Minh chứng cần có"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_mandatory = forms.BooleanField(label=gettext_lazy("Bắt buộc có minh chứng"), required=False)
    data_source = forms.ChoiceField(
        label=gettext_lazy("Gắn với dữ liệu"), choices=DataSource.choices, required=False
    )
    indicator = forms.ChoiceField(label=gettext_lazy("Chỉ số (khi gắn «Giá trị một chỉ số»)"), required=False)
    thresholds = forms.CharField(
        label=gettext_lazy("Ngưỡng điểm"),
        required=False,
        help_text=gettext_lazy(
            "«giá trị: điểm», cách nhau bằng dấu chấm phẩy, ví dụ «100: 10; 50: 5». Với tỷ lệ, giá trị tính theo %."
        ),
    )
    target = forms.CharField(
        label=gettext_lazy("Chỉ tiêu giới thiệu (khi đơn vị chưa có chỉ tiêu năm)"),
        required=False,
        max_length=12,
    )

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        found = indicators if indicators is not None else Indicator.objects.filter(is_active=True)
        self.fields["indicator"].choices = [("", "—")] + [
            (i.code, f"{i.name} ({i.unit_label})") for i in found
        ]

    @staticmethod
    def initial_from(condition) -> dict:
        params = condition.data_params or {}
        return {
            "code": condition.code,
            "text": condition.text,
            "max_points": vn_points(condition.max_points),
            "is_bonus": condition.is_bonus,
            "grades": grades_format(condition.grades, sep="\n"),
            "evidence_required": condition.evidence_required,
            "evidence_mandatory": condition.evidence_mandatory,
            "data_source": condition.data_source,
            "indicator": params.get("indicator", ""),
            "thresholds": thresholds_format(params.get("thresholds")),
            "target": vn_points(params["target"]) if params.get("target") else "",
        }

    def to_data(self) -> dict:
        """What the service takes; raises ValidationError({"thresholds": …}) for unreadable thresholds."""
        data = dict(self.cleaned_data)
        params: dict = {}
        if data.pop("indicator", ""):
            params["indicator"] = self.cleaned_data["indicator"]
        thresholds = data.pop("thresholds", "")
        if thresholds:
            try:
                params["thresholds"] = thresholds_parse(thresholds)
            except ValidationError as error:
                raise ValidationError({"thresholds": error.messages}) from None
        target = (data.pop("target", "") or "").strip()
        if target:
            try:
                # The one parser of numbers (docs/architecture.md, "Numbers as people type them"): "1.500" is
                # fifteen hundred, "2,5" two and a half.
                params["target"] = plain(vnnumbers.parse(target, kind=DECIMAL))
            except vnnumbers.NumberError as error:
                raise ValidationError({"target": [_("Chỉ tiêu: %(reason)s") % {"reason": error}]}) from None
        data["data_params"] = params
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))
    year = NumberField(
        kind=COUNT,
        words=False,
        label=gettext_lazy("Năm (để trống: lấy theo tệp)"),
        required=False,
        min_value=2000,
        max_value=2100,
    )


class CopyForm(forms.Form):
    year = NumberField(
        kind=COUNT, words=False, label=gettext_lazy("Sang năm"), min_value=2000, max_value=2100
    )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=gettext_lazy("Ngày quyết định"), widget=DATE)
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60, required=False)


LEVEL_CHOICES = [("", "—"), *Level.choices]
