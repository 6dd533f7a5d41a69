"""Forms of the submission, approval and data-quality pages: they only parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doanvu.accounts.number_forms import NumberField
from doanvu.lib.periods import KINDS
from doanvu.lib.vnnumbers import COUNT
from doanvu.org.models import UnitKind


class ReportFormForm(forms.Form):
    name = forms.CharField(label=_("Tên biểu mẫu"), max_length=255)
    period_kind = forms.ChoiceField(label=_("Loại kỳ"), choices=list(KINDS.items()))
    deadline_days = NumberField(
        kind=COUNT,
        unit_label="ngày",
        label=_("Hạn nộp (số ngày sau khi hết kỳ)"),
        min_value=0,
        max_value=366,
        initial=5,
    )
    submitter_kinds = forms.ModelMultipleChoiceField(
        label=_("Loại đơn vị phải báo cáo"),
        queryset=UnitKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExplanationForm(forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    check_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    text = forms.CharField(label=_("Giải trình"), widget=forms.Textarea(attrs={"rows": 2}))
