"""Forms for the accounts pages. They only parse input; the rules live in selectors and services."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị (cả cấp dưới)"), required=False, max_length=40)
    person = forms.CharField(label=_("Người thực hiện hoặc đoàn viên"), required=False, max_length=120)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, actions: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả"))] + list(actions)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên mã truy cập"),
        max_length=80,
        help_text=_("Để nhận ra mã này sau, ví dụ: “Phần mềm báo cáo của huyện”."),
    )
