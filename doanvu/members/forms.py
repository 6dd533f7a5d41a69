"""Forms for the member pages. They only turn what was typed into Python values; the services decide what
is valid and their messages are shown next to the fields (see views._show_errors)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from doanvu.lib import process_memo

from .models import Discipline, DuesCategory, Member, Position
from .selectors import AGE_CHOICES, PARTY_CHOICES, POSITION_CHOICES, STATUS_CHOICES, STATUS_CURRENT
from .services import ADMIT_FIELDS, UPDATE_FIELDS

DATE_ERROR = _("Ngày không hợp lệ; hãy viết dạng ngày/tháng/năm, ví dụ 15/12/2020.")


class DateField(forms.DateField):
    """A date picker on phones and desktops; typed 15/12/2020 is accepted too."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": DATE_ERROR}


def _member_form_class(field_names: tuple[str, ...]) -> type[forms.Form]:
    fields = forms.fields_for_model(Member, fields=field_names)
    for name, field in fields.items():
        field.required = False  # the service says what is missing, in the same words as the importer
        if isinstance(field, forms.DateField):
            fields[name] = DateField(required=False, label=field.label)
        if name in ("citizen_id", "phone", "email"):
            # Checked after normalising ("0912 345 678" is a good phone number), by the service.
            fields[name] = forms.CharField(required=False, label=field.label, max_length=40)
        if name in ("full_name", "gender", "date_of_birth", "joined_on"):
            fields[name].widget.attrs["required"] = True
    if "dues_category" in fields:
        fields["dues_category"] = forms.ChoiceField(
            required=False,
            label=fields["dues_category"].label,
            choices=[("", _("Theo nghề nghiệp (tự xác định)")), *DuesCategory.choices],
            help_text=_("Quyết định mức đoàn phí hằng tháng; bỏ trống thì xác định theo nghề nghiệp."),
        )
    fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
    fields["phone"].widget.attrs.update({"inputmode": "tel", "type": "tel"})
    fields["email"].widget.attrs.update({"type": "email"})
    return type("MemberForm", (forms.Form,), {**fields, "__module__": __name__})


MemberAdmitForm = _member_form_class(ADMIT_FIELDS)
MemberUpdateForm = _member_form_class(UPDATE_FIELDS)

# How the member form is laid out: a heading, then its fields.
FORM_SECTIONS = [
    (
        _("Thông tin cá nhân"),
        [
            "full_name",
            "gender",
            "date_of_birth",
            "ethnicity",
            "religion",
            "citizen_id",
            "hometown",
            "residence",
            "phone",
            "email",
        ],
    ),
    (_("Sinh hoạt Đoàn"), ["joined_on", "joined_place", "card_number", "is_honorary"]),
    (
        _("Trình độ, nghề nghiệp"),
        ["education_level", "qualification", "political_theory", "occupation", "dues_category"],
    ),
    (
        _("Phát triển Đảng"),
        ["party_course_on", "party_introduced_on", "party_probationary_on", "party_full_on"],
    ),
]


# The filter forms written, by (language, data): see FilterForm.fields_html.
_written_fields = process_memo.Kept(limit=256)


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Họ tên, CCCD, điện thoại")}),
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("all", _("Tất cả")), *STATUS_CHOICES],
        initial=STATUS_CURRENT,
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"),
        required=False,
        choices=[("", _("Tất cả")), *Member._meta.get_field("gender").choices],
    )
    party = forms.ChoiceField(label=_("Đảng"), required=False, choices=[("", _("Tất cả")), *PARTY_CHOICES])
    age = forms.ChoiceField(label=_("Độ tuổi"), required=False, choices=[("", _("Tất cả")), *AGE_CHOICES])
    position = forms.ChoiceField(
        label=_("Chức vụ"), required=False, choices=[("", _("Tất cả")), *POSITION_CHOICES]
    )
    subtree = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        initial="1",
        choices=[("1", _("Cả các đơn vị trực thuộc")), ("0", _("Chỉ đơn vị này"))],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def fields_html(self) -> str:
        """The fields as the list shows them (label, widget, errors): the same for the same data and
        language, so written once per process for each (a dozen selects' options through the template
        engine are a good part of the page otherwise)."""
        data = self.data
        values = data.getlist if hasattr(data, "getlist") else lambda k: [data[k]]
        key = (get_language(), tuple(sorted((k, tuple(values(k))) for k in data)))
        return mark_safe(
            _written_fields.get(
                key,
                lambda: "".join(
                    format_html("<div>{}{}{}</div>", field.label_tag(), field, field.errors) for field in self
                ),
            )
        )

    def search_kwargs(self) -> dict:
        """The member_search arguments this form's (valid) data asks for."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or STATUS_CURRENT
        return {
            "q": data.get("q", ""),
            "status": None if status == "all" else status,
            "gender": data.get("gender") or None,
            "party": data.get("party") or None,
            "age_band": data.get("age") or None,
            "position": data.get("position") or None,
            "subtree": data.get("subtree", "1") != "0",
        }


class TransferForm(forms.Form):
    to_unit = forms.CharField(
        label=_("Mã đơn vị tiếp nhận"),
        max_length=40,
        help_text=_("Mã của chi đoàn nơi đoàn viên đến (có thể ở tỉnh, huyện khác)."),
    )
    requested_on = DateField(label=_("Ngày đề nghị"), initial=timezone.localdate)
    dues_paid_until = forms.CharField(
        label=_("Đã đóng đoàn phí đến tháng"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "MM/YYYY"}),
    )
    reason = forms.CharField(
        label=_("Lý do chuyển"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    on = DateField(label=_("Ngày quyết định"), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RemoveForm(forms.Form):
    on = DateField(label=_("Ngày xóa tên"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: bỏ sinh hoạt 3 tháng trong năm không có lý do chính đáng."),
    )


class DisciplineForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Hình thức kỷ luật"), choices=[("", "—"), *Discipline.Form.choices], required=False
    )
    decided_on = DateField(label=_("Ngày quyết định"), initial=timezone.localdate)
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=40)
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PositionForm(forms.Form):
    title = forms.ChoiceField(
        label=_("Chức vụ"), choices=[("", "—"), *Position.Title.choices], required=False
    )
    unit = forms.ChoiceField(label=_("Ở đơn vị"))
    start_on = DateField(label=_("Từ ngày"), initial=timezone.localdate)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class PositionEndForm(forms.Form):
    end_on = DateField(label=_("Thôi giữ chức từ ngày"), initial=timezone.localdate)


class PartyStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Bước"))
    on = DateField(label=_("Ngày"), initial=timezone.localdate)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = list(stages)


class ComingOfAgeForm(forms.Form):
    on = DateField(label=_("Ngày tổ chức lễ trưởng thành"), initial=timezone.localdate)
