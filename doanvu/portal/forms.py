"""Forms of the members' own pages and of the officer's pages about member accounts. They only turn what
was typed into values; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from doanvu.evaluation.levels import Level
from doanvu.members.forms import FORM_SECTIONS, MemberUpdateForm
from doanvu.members.proposal_models import PROPOSABLE_FIELDS


class ActivationForm(forms.Form):
    code = forms.CharField(
        label=_("Mã kích hoạt"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
        help_text=_("12 ký tự chi đoàn in cho bạn hoặc gửi trong thư, ví dụ ABCD-EFGH-JKMN."),
    )
    second = forms.CharField(
        label=_("Số CCCD hoặc ngày sinh"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Số CCCD 12 chữ số, hoặc ngày sinh dạng ngày/tháng/năm (ví dụ 15/12/2004)."),
    )
    password = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Hai lần nhập mật khẩu không giống nhau."))
        return data


class ProposalForm(MemberUpdateForm):
    """The officer's member form, with only the fields a member may propose."""

    note = forms.CharField(
        label=_("Ghi chú cho chi đoàn"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in (*PROPOSABLE_FIELDS, "note"):
                del self.fields[name]


PROPOSAL_SECTIONS = [
    (title, [n for n in names if n in PROPOSABLE_FIELDS])
    for title, names in FORM_SECTIONS
    if any(n in PROPOSABLE_FIELDS for n in names)
]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do khóa"), required=False, max_length=500, widget=forms.TextInput())


class SelfAssessmentForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức tự đánh giá"), choices=Level.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Tự nhận xét"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TrainingForm(forms.Form):
    commitments = forms.CharField(
        label=_("Nội dung đăng ký rèn luyện"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Những việc bạn đăng ký làm trong năm (học tập, công việc, hoạt động Đoàn…)."),
    )


class MemberPasswordResetForm(PasswordResetForm):
    """Django's reset form, also finding a member's account by the e-mail on their record."""

    def get_users(self, email):
        User = get_user_model()
        found = {u.pk: u for u in super().get_users(email)}
        for user in User.objects.filter(member_account__member__email__iexact=email, is_active=True):
            if user.has_usable_password() and user.pk not in found:
                # The mail goes to the user's address, and the reset link is signed with it: the record's.
                if user.email != email:
                    user.email = email
                    user.save(update_fields=["email"])
                found[user.pk] = user
        return found.values()
