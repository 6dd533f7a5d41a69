"""The page of an upper level's own data-quality rules: /bao-cao/quy-tac/<code>/.

Lists the rules that apply at the unit (its own, and those of the units above it, read-only here) and, for
an officer with EDIT at a unit above branch level, a form to add or change the unit's own rules. Access
through doanvu.accounts.scope (outsiders 404, lacking the role 403); writes through reports.rules.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.accounts import scope
from doanvu.accounts.number_forms import NumberField
from doanvu.lib.vnnumbers import DECIMAL
from doanvu.stats import indicators_for
from doanvu.work.models import Indicator

from . import rules
from .models import QualityRule
from .workflow_views import _errors, _period


class RuleForm(forms.Form):
    """Parses the input only; reports.rules.quality_rule_save decides (exactly one right side, message…)."""

    left = forms.ModelChoiceField(
        Indicator.objects.none(), to_field_name="code", label=gettext_lazy("Chỉ số cần kiểm tra")
    )
    op = forms.ChoiceField(label=gettext_lazy("Phép so sánh"), choices=QualityRule.Op.choices)
    right = forms.ModelChoiceField(
        Indicator.objects.none(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("So với chỉ số"),
    )
    constant = NumberField(
        kind=DECIMAL,
        label=gettext_lazy("hoặc so với số"),
        required=False,
        help_text=gettext_lazy("Chọn một chỉ số hoặc nhập một số, không cả hai."),
    )
    severity = forms.ChoiceField(
        label=gettext_lazy("Mức độ"),
        choices=QualityRule.Severity.choices,
        initial=QualityRule.Severity.WARNING,
    )
    message = forms.CharField(label=gettext_lazy("Thông báo khi vi phạm"), max_length=255, required=False)
    is_active = forms.BooleanField(label=gettext_lazy("Đang dùng"), required=False, initial=True)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left"].queryset = indicators
        self.fields["right"].queryset = indicators


def _plain(value: Decimal | None) -> Decimal | int | None:
    """10.00 → 10 and 12.50 → 12.5, so the form shows the number as it was written."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _initial(rule: QualityRule) -> dict:
    return {
        "left": rule.left.code,
        "op": rule.op,
        "right": rule.right.code if rule.right_id else None,
        "constant": _plain(rule.constant),
        "severity": rule.severity,
        "message": rule.message,
        "is_active": rule.is_active,
    }


@login_required
def rules_page(request, code, pk=None):
    unit = scope.get_unit(request.user, code, by="code")
    editing = None
    if pk is not None:
        editing = rules.rule_at(unit, pk)
        if editing is None:
            raise Http404
        if editing.owner_unit_id != unit.pk:
            raise PermissionDenied
    can_edit = rules.may_write_rules(request.user, unit)
    indicators = indicators_for(unit)
    form = RuleForm(initial=_initial(editing) if editing else None, indicators=indicators)
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        if editing is not None and request.POST.get("action") == "deactivate":
            rules.quality_rule_deactivate(rule=editing, by=request.user)
            messages.success(
                request, _("Đã ngừng dùng quy tắc «%(message)s».") % {"message": editing.message}
            )
            return redirect("reports:rules", code=unit.code)
        form = RuleForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                rule = rules.quality_rule_save(
                    unit=unit, data=form.cleaned_data, by=request.user, rule=editing
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, _errors(error))
            else:
                messages.success(request, _("Đã lưu quy tắc «%(message)s».") % {"message": rule.message})
                return redirect("reports:rules", code=unit.code)
    own, inherited = rules.rules_visible_at(unit)
    context = {
        "unit": unit,
        "period": _period(request),
        "rows": inherited + own,
        "form": form,
        "editing": editing,
        "can_edit": can_edit,
    }
    return render(request, "reports/rules.html", context, status=422 if form.errors else 200)
