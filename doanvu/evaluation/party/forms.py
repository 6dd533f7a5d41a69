"""Forms of the Party pipeline pages. They only turn what was typed into Python values; the services in
doanvu.evaluation.party.services decide what is valid, and their messages are shown next to the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doanvu.accounts.number_forms import NumberField
from doanvu.lib.vnnumbers import COUNT
from doanvu.members.forms import DateField


class ListCreateForm(forms.Form):
    year = NumberField(
        kind=COUNT, words=False, label=_("Năm"), error_messages={"required": _("Hãy nhập năm.")}
    )
    party_committee = forms.CharField(label=_("Cấp ủy tiếp nhận"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandOverForm(forms.Form):
    on = DateField(label=_("Ngày bàn giao"), initial=timezone.localdate)
    party_committee = forms.CharField(label=_("Cấp ủy tiếp nhận"), max_length=255, required=False)
    resolution_number = forms.CharField(label=_("Số nghị quyết giới thiệu"), max_length=60, required=False)
    resolved_on = DateField(label=_("Ngày nghị quyết"), required=False)


class AddForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class CourseForm(forms.Form):
    on = DateField(label=_("Ngày cấp giấy chứng nhận"), initial=timezone.localdate)
    certificate = forms.CharField(label=_("Số giấy chứng nhận cảm tình Đảng"), max_length=60, required=False)


class IntroduceForm(forms.Form):
    on = DateField(label=_("Ngày giới thiệu"), initial=timezone.localdate)
    resolution = forms.CharField(label=_("Số nghị quyết giới thiệu"), max_length=60, required=False)


class AdmitForm(forms.Form):
    on = DateField(label=_("Ngày kết nạp Đảng (dự bị)"), initial=timezone.localdate)


class FullForm(forms.Form):
    on = DateField(label=_("Ngày chuyển Đảng chính thức"), initial=timezone.localdate)


# The person's steps: step → (form, heading, button).
STEP_FORMS = {
    "course": (CourseForm, _("Lớp cảm tình Đảng"), _("Ghi giấy chứng nhận")),
    "introduce": (IntroduceForm, _("Giới thiệu kết nạp Đảng"), _("Ghi nghị quyết giới thiệu")),
    "admit": (AdmitForm, _("Kết nạp Đảng (dự bị)"), _("Ghi ngày kết nạp")),
    "full": (FullForm, _("Chuyển Đảng chính thức"), _("Ghi ngày chuyển chính thức")),
}
