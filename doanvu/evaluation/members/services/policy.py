"""The evaluation rules a unit sets for its sub-tree and a year."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.members.models import EvaluationPolicy
from doanvu.evaluation.members.rules import (
    POLICY_FIELDS,
    rules_for,
)
from doanvu.org.models import OrgUnit

from ._common import (
    FIRST_YEAR,
    _require_edit,
)

_POLICY_EXTRA = ("self_deadline", "decision_deadline")
_NULLABLE = ("outstanding_max_share_pct", "self_deadline", "decision_deadline")


@transaction.atomic
def evaluation_policy_set(*, unit: OrgUnit, year: int, data: dict[str, Any], by) -> EvaluationPolicy:
    """Set the evaluation rules of `unit`'s sub-tree for `year`. A new policy starts from the rules that
    applied until then (an ancestor's, or the defaults); fields not in `data` keep their value."""
    _require_edit(by, unit)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            {
                "year": _("Năm áp dụng phải từ %(first)s đến %(last)s.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year + 1}
            }
        )
    unknown = sorted(set(data) - set(POLICY_FIELDS) - set(_POLICY_EXTRA))
    if unknown:
        raise ValidationError(
            {"__all__": _("Không có mục quy định: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    policy = EvaluationPolicy.objects.select_for_update().filter(unit=unit, year=year).first()
    before: dict[str, Any] = {}
    if policy is None:
        inherited = rules_for(unit, year)
        policy = EvaluationPolicy(
            unit=unit, year=year, **{name: getattr(inherited, name) for name in POLICY_FIELDS}
        )
    else:
        before = {name: getattr(policy, name) for name in (*POLICY_FIELDS, *_POLICY_EXTRA)}
    for name, value in data.items():
        setattr(policy, name, None if value == "" and name in _NULLABLE else value)
    policy.updated_by = by if getattr(by, "is_authenticated", False) else None
    policy.full_clean(exclude=["unit", "updated_by"])
    policy.save()
    after = {name: getattr(policy, name) for name in (*POLICY_FIELDS, *_POLICY_EXTRA)}
    changes = {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if before.get(name) != value
    }
    audit_log(
        actor=by,
        action="evaluation.policy",
        unit=unit,
        summary=_("Quy định đánh giá đoàn viên năm %(year)s của %(unit)s")
        % {"year": year, "unit": unit.name},
        data={"year": year, "changes": changes},
    )
    return policy
