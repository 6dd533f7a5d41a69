"""Forms of the self-assessment and inspection pages. They only read input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doanvu.evaluation.criteria.models import CriteriaSet
from doanvu.evaluation.inspection.models import Evidence, InspectionPlan
from doanvu.org.models import OrgUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 4}


class ScoreForm(forms.Form):
    points = forms.CharField(label=_("Điểm"), required=False, max_length=12)
    note = forms.CharField(label=_("Giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InspectorScoreForm(forms.Form):
    points = forms.CharField(label=_("Điểm kiểm tra"), required=False, max_length=12)
    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại minh chứng"), choices=Evidence.Kind.choices)
    file = forms.FileField(label=_("Tệp (ảnh, PDF, Word, Excel)"), required=False)
    url = forms.CharField(label=_("Đường dẫn"), required=False, max_length=500)
    record = forms.ChoiceField(label=_("Hoạt động, báo cáo của đơn vị"), required=False)
    title = forms.CharField(label=_("Mô tả"), required=False, max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, records: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", _("— Chọn —")), *records]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("reject", _("Không chấp nhận"))])
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        OrgUnit.objects.none(), label=_("Đơn vị được kiểm tra"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = InspectionPlan
        fields = ["number", "issued_on", "title", "criteria_set", "start_on", "end_on", "team", "units"]
        widgets = {
            "issued_on": DATE,
            "start_on": DATE,
            "end_on": DATE,
            "team": forms.Textarea(attrs=TEXT),
            "title": forms.TextInput(),
        }
        help_texts = {"team": _("Mỗi dòng một người: “Đ/c Nguyễn Văn A — Trưởng đoàn”.")}

    def __init__(self, *args, issuer: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        sets = CriteriaSet.objects.filter(issuer=issuer).exclude(state=CriteriaSet.State.DRAFT)
        self.fields["criteria_set"].queryset = sets
        self.fields["criteria_set"].required = False
        under = OrgUnit.objects.filter(issuer.subtree_q(), depth=issuer.depth + 1)
        in_sets = OrgUnit.objects.filter(assigned_criteria_sets__in=sets)
        self.fields["units"].queryset = (under | in_sets).distinct().order_by("path")
        self.fields["units"].label_from_instance = lambda unit: unit.name

    def _post_clean(self):
        # The service validates the plan (with its own messages); the form only reads the fields.
        pass


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Ngày kiểm tra"), required=False, widget=DATE)
    strengths = forms.CharField(label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs=TEXT))
    shortcomings = forms.CharField(label=_("Hạn chế"), required=False, widget=forms.Textarea(attrs=TEXT))
    recommendations = forms.CharField(label=_("Kiến nghị"), required=False, widget=forms.Textarea(attrs=TEXT))
    done = forms.BooleanField(label=_("Đã kiểm tra xong đơn vị này"), required=False)


class ConclusionForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = [
            "conclusion_number",
            "concluded_on",
            "results_summary",
            "common_strengths",
            "common_shortcomings",
            "recommendations",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "concluded_on": DATE,
            "results_summary": forms.Textarea(attrs=TEXT),
            "common_strengths": forms.Textarea(attrs=TEXT),
            "common_shortcomings": forms.Textarea(attrs=TEXT),
            "recommendations": forms.Textarea(attrs={"rows": 8}),
            "recipients": forms.Textarea(attrs=TEXT),
        }
        help_texts = {
            "conclusion_number": _("Ví dụ: 15-TB/ĐTN"),
            "recommendations": _("Mỗi dòng một kiến nghị; văn bản đánh số “Một là, …”, “Hai là, …”."),
            "recipients": _("Mỗi dòng một nơi nhận, ví dụ “Các đơn vị được kiểm tra;” và “Lưu VP.”."),
        }

    def _post_clean(self):
        pass
