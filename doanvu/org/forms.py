"""Forms for the restructures. They parse and check the shape of the input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, UnitKind
from .picker_forms import UnitPickerField

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"]
MAX_SPLIT_PARTS = 10


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/12/2024."),
            "required": _("Hãy nhập ngày hiệu lực."),
        },
    )


class TreeDateForm(forms.Form):
    on = date_field(_("Xem cây tổ chức tại ngày"), required=False)
    closed = forms.BooleanField(label=_("Hiện cả đơn vị đã ngừng hoạt động"), required=False)


class RestructureForm(forms.Form):
    """What every restructure asks for: when it takes effect and why."""

    on = date_field(_("Ngày hiệu lực"))
    reason = forms.CharField(
        label=_("Lý do, căn cứ (số và ngày quyết định…)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Hãy ghi lý do (ví dụ số và ngày của quyết định).")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # The restructure's own fields first, the date and the reason last.
        self.order_fields([name for name in self.fields if name not in ("on", "reason")] + ["on", "reason"])


def _unit_field(label) -> UnitPickerField:
    return UnitPickerField(label=label, help_text=_("Tìm theo tên (không cần dấu) rồi chọn trong danh sách."))


class _OtherUnitForm(RestructureForm):
    """A restructure naming another unit, chosen from the units near `unit` that are active on the
    effective date (docs/architecture.md, "Pickers")."""

    other = ""

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        parent = OrgUnit.objects.get_parent(unit) if unit is not None else None
        self.fields[self.other].setup(
            user=user,
            around=parent or unit,
            day=self.initial.get("on"),
            date_field="on",
            exclude=[unit.code] if unit is not None else (),
        )


class CreateForm(RestructureForm):
    kind = forms.ModelChoiceField(label=_("Loại đơn vị"), queryset=UnitKind.objects.all(), empty_label=None)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40, help_text=_("Mã duy nhất, không đổi về sau."))
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    reason = forms.CharField(
        label=_("Lý do, căn cứ (số và ngày quyết định…)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class RenameForm(RestructureForm):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=80, required=False)


class MoveForm(_OtherUnitForm):
    other = "new_parent"
    new_parent = _unit_field(_("Chuyển về trực thuộc đơn vị"))


class MergeForm(_OtherUnitForm):
    other = "target"
    target = _unit_field(_("Sáp nhập vào đơn vị"))


class DissolveForm(RestructureForm):
    pass


class SplitForm(RestructureForm):
    """Parts (name, code, kind) and, for each current member and active child unit, the part it goes to."""

    close_original = forms.BooleanField(
        label=_("Giải thể đơn vị cũ sau khi chia tách (phải chia hết đoàn viên và đơn vị trực thuộc)"),
        required=False,
    )

    def __init__(self, *args, unit, members, children, parts: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.part_count = max(2, min(parts, MAX_SPLIT_PARTS))
        self.members, self.children = members, children
        kinds = UnitKind.objects.all()
        for i in range(1, self.part_count + 1):
            required = i <= 2
            self.fields[f"part{i}_name"] = forms.CharField(
                label=_("Tên đơn vị mới"), max_length=255, required=required
            )
            self.fields[f"part{i}_short_name"] = forms.CharField(
                label=_("Tên viết tắt"), max_length=80, required=False
            )
            self.fields[f"part{i}_code"] = forms.CharField(
                label=_("Mã đơn vị"), max_length=40, required=required
            )
            self.fields[f"part{i}_kind"] = forms.ModelChoiceField(
                label=_("Loại đơn vị"), queryset=kinds, initial=unit.kind_id, empty_label=None
            )
        choices = [("", _("Ở lại đơn vị cũ"))] + [
            (str(i), _("Đơn vị mới %(n)s") % {"n": i}) for i in range(1, self.part_count + 1)
        ]
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name, choices=choices, required=False
            )
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=child.name, choices=choices, required=False
            )

    def part_rows(self) -> list[list[forms.BoundField]]:
        fields = ("name", "short_name", "code", "kind")
        return [[self[f"part{i}_{field}"] for field in fields] for i in range(1, self.part_count + 1)]

    def member_rows(self):
        return [(member, self[f"member_{member.pk}"]) for member in self.members]

    def child_rows(self):
        return [(child, self[f"child_{child.pk}"]) for child in self.children]

    def clean(self):
        data = super().clean()
        for i in range(3, self.part_count + 1):
            if data.get(f"part{i}_name") and not data.get(f"part{i}_code"):
                self.add_error(f"part{i}_code", _("Đơn vị mới có tên thì cần có mã."))
        return data

    def parts(self) -> list[dict]:
        """The parts in the shape `unit_split` takes."""
        data = self.cleaned_data
        parts = {}
        for i in range(1, self.part_count + 1):
            if data.get(f"part{i}_name"):
                parts[str(i)] = {
                    "name": data[f"part{i}_name"],
                    "short_name": data.get(f"part{i}_short_name", ""),
                    "code": data.get(f"part{i}_code", ""),
                    "kind": data.get(f"part{i}_kind"),
                    "member_ids": [],
                    "child_ids": [],
                }
        for key, ids in (("member", "member_ids"), ("child", "child_ids")):
            for name, value in data.items():
                if name.startswith(f"{key}_") and value:
                    if value not in parts:
                        self.add_error(name, _("Đơn vị mới %(n)s chưa có tên.") % {"n": value})
                        continue
                    parts[value][ids].append(int(name.split("_", 1)[1]))
        return list(parts.values())
