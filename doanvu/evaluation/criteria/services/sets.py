"""A criteria set's header: create a draft, change it, issue it.

Once issued, a set's structure (criteria, contents, conditions), its year, title, thresholds and units are
frozen: the units assess themselves against it. The number, the self-assessment deadline and the note may
still change.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.models import CriteriaSet
from doanvu.org.models import OrgUnit

from ._common import (
    AFTER_ISSUE_FIELDS,
    HEADER_FIELDS,
    _header_clean,
    _new_set,
    _require_draft,
    _require_editor,
    _set_units,
    _summary_data,
    _thresholds_check,
)


@transaction.atomic
def criteria_set_create(
    *,
    issuer: OrgUnit,
    year: int,
    title: str,
    by,
    number: str = "",
    self_assessment_deadline: datetime.date | None = None,
    outstanding_min_pct=None,
    good_min_pct=None,
    completed_min_pct=None,
    note: str = "",
    units: list[OrgUnit] | None = None,
) -> CriteriaSet:
    """A new draft set issued by `issuer` for `year`. `units` default to the issuer's direct children
    open on 1/1 of the year."""
    header = {"title": title, "year": year, "number": number, "note": note}
    header["self_assessment_deadline"] = self_assessment_deadline
    for name, value in (
        ("outstanding_min_pct", outstanding_min_pct),
        ("good_min_pct", good_min_pct),
        ("completed_min_pct", completed_min_pct),
    ):
        if value is not None:
            header[name] = value
    criteria_set = _new_set(issuer=issuer, by=by, header=header, units=units)
    audit_log(
        actor=by,
        action="criteria_set.create",
        unit=issuer,
        summary=_("Tạo bộ tiêu chí «%(title)s» năm %(year)s") % {"title": criteria_set.title, "year": year},
        data=_summary_data(criteria_set),
    )
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *, criteria_set: CriteriaSet, by, data: dict[str, Any], units: list[OrgUnit] | None = None
) -> CriteriaSet:
    """Change the header (HEADER_FIELDS in `data`) and, while a draft, the units it applies to."""
    _require_editor(by, criteria_set.issuer)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    issued = criteria_set.state != CriteriaSet.State.DRAFT
    cleaned = _header_clean({k: v for k, v in data.items() if k in HEADER_FIELDS})
    frozen = [k for k in cleaned if k not in AFTER_ISSUE_FIELDS and getattr(criteria_set, k) != cleaned[k]]
    if units is not None and {u.pk for u in units} == set(criteria_set.units.values_list("pk", flat=True)):
        units = None
    if issued and (frozen or units is not None):
        raise ValidationError(_("Bộ tiêu chí đã ban hành: chỉ sửa được số, ký hiệu, hạn tự chấm và ghi chú."))
    before = {name: str(getattr(criteria_set, name)) for name in cleaned}
    for name, value in cleaned.items():
        setattr(criteria_set, name, value)
    _thresholds_check(criteria_set)
    criteria_set.full_clean(exclude=["units"])
    criteria_set.save()
    if units is not None:
        _set_units(criteria_set, units)
    audit_log(
        actor=by,
        action="criteria_set.update",
        unit=criteria_set.issuer,
        summary=_("Sửa thông tin bộ tiêu chí «%(title)s»") % {"title": criteria_set.title},
        data={
            "criteria_set": criteria_set.pk,
            "before": before,
            "after": {name: str(getattr(criteria_set, name)) for name in cleaned},
            "units": sorted(criteria_set.units.values_list("code", flat=True)),
        },
    )
    return criteria_set


@transaction.atomic
def criteria_set_issue(
    *, criteria_set: CriteriaSet, by, issued_on: datetime.date | None = None, check_permission: bool = True
) -> CriteriaSet:
    """Issue a draft: from now on the units see it and its structure is frozen. check_permission=False:
    as criteria_set_build."""
    if check_permission:
        _require_editor(by, criteria_set.issuer)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    _require_draft(criteria_set)
    base, _bonus = criteria_set.points()
    if not criteria_set.conditions().exists() or base <= 0:
        raise ValidationError(_("Bộ tiêu chí chưa có điều kiện chấm điểm nào (điểm chuẩn phải lớn hơn 0)."))
    if not criteria_set.units.exists():
        raise ValidationError({"units": _("Hãy chọn ít nhất một đơn vị áp dụng bộ tiêu chí.")})
    criteria_set.state = CriteriaSet.State.ISSUED
    criteria_set.issued_on = issued_on or timezone.localdate()
    criteria_set.save(update_fields=["state", "issued_on", "updated"])
    audit_log(
        actor=by,
        action="criteria_set.issue",
        unit=criteria_set.issuer,
        effective_on=criteria_set.issued_on,
        summary=_("Ban hành bộ tiêu chí «%(title)s»") % {"title": criteria_set.title},
        data=_summary_data(criteria_set),
    )
    return criteria_set
