"""Writes of data quality: an officer's explanation of a warning."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit

from ..models import Explanation, Report
from .records import flow_codes, indicator_names
from .selectors import _check_unit


@transaction.atomic
def explanation_save(*, unit: OrgUnit, period: Period, check_key: str, text: str, by) -> Explanation:
    """Write (or rewrite) the explanation of one of the unit's current warnings for the period. Refused
    for an error (errors are fixed, not explained), for a key that is not a current warning, and while the
    unit's report for the period is submitted or approved (its data is locked)."""
    scope.check(by, unit, scope.EDIT)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Hãy viết nội dung giải trình.")})
    report = Report.objects.filter(unit=unit, period=period.code).first()
    if report is not None and report.is_locked:
        raise ValidationError(
            _("Báo cáo %(period)s của %(unit)s đã gửi đi; số liệu đã khóa, không sửa giải trình được.")
            % {"period": period.label, "unit": unit.name}
        )
    current = {issue.key: issue for issue in _check_unit(unit, period, indicator_names(), flow_codes())}
    issue = current.get(check_key)
    if issue is None:
        raise ValidationError(
            {"check_key": _("Cảnh báo này không còn (số liệu đã thay đổi); hãy tải lại trang.")}
        )
    if issue.is_error:
        raise ValidationError({"check_key": _("Lỗi phải được sửa trong số liệu, không thể giải trình.")})
    explanation, _created = Explanation.objects.update_or_create(
        unit=unit, period=period.code, check_key=check_key, defaults={"text": text, "by": by}
    )
    explanation.full_clean()
    audit_log(
        actor=by,
        action="quality.explain",
        unit=unit,
        summary=_("Giải trình số liệu %(period)s: %(message)s")
        % {"period": period.label, "message": issue.message},
        reason=text,
        data={"period": period.code, "check_key": check_key},
    )
    return explanation
