"""Whole structures: build a draft set from a nested structure, replace the rows of a draft (an xlsx import
into it), copy last year's set.

The nested structure `criteria_set_build` takes (and `selectors.criteria_set_structure` returns):

    [
      {"code": "I", "title": "Công tác giáo dục chính trị, tư tưởng",
       "contents": [
         {"code": "1", "title": "Học tập, quán triệt nghị quyết",
          "conditions": [
            {"code": "1.1", "text": "Báo cáo đúng hạn", "max_points": "8", "is_bonus": False,
             "grades": [{"points": "8", "text": "tất cả đúng hạn"}, {"points": "0", "text": "thiếu báo cáo năm"}],
             "evidence_required": "Số, ngày của từng báo cáo", "evidence_mandatory": True,
             "data_source": "report_timeliness", "data_params": {}},
          ]},
       ]},
    ]

Only "code" and "title" (criteria, contents) and "code", "text", "max_points" (conditions) are required;
the other condition keys default to no bonus, no grades, no evidence, no data. Points may be numbers or
strings ("2,5"); grades may also be given as text ("8: khi …; 6: khi …"). See rules.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.models import Condition, Content, CriteriaSet, Criterion
from doanvu.evaluation.criteria.rules import (
    structure_clean,
)
from doanvu.evaluation.criteria.selectors import (
    criteria_set_structure,
    default_units,
)
from doanvu.org.models import OrgUnit

from ._common import (
    _header_clean,
    _new_set,
    _require_draft,
    _require_editor,
    _summary_data,
)


def _write_structure(criteria_set: CriteriaSet, cleaned: list[dict]) -> None:
    for i, criterion in enumerate(cleaned, start=1):
        c = Criterion.objects.create(
            criteria_set=criteria_set, order=i, code=criterion["code"], title=criterion["title"]
        )
        for j, content in enumerate(criterion["contents"], start=1):
            d = Content.objects.create(criterion=c, order=j, code=content["code"], title=content["title"])
            Condition.objects.bulk_create(
                [
                    Condition(content=d, order=k, **condition)
                    for k, condition in enumerate(content["conditions"], 1)
                ]
            )


@transaction.atomic
def criteria_set_build(
    *,
    issuer: OrgUnit,
    year: int,
    title: str,
    structure: list[dict],
    by,
    units: list[OrgUnit] | None = None,
    header: dict[str, Any] | None = None,
    action: str = "criteria_set.create",
    copied_from: CriteriaSet | None = None,
    check_permission: bool = True,
) -> CriteriaSet:
    """Create a whole draft set from a nested structure (see the module docstring). `header` may carry
    number, self_assessment_deadline, the three thresholds and note. All or nothing.
    check_permission=False is for management commands and the demo seed (no acting officer)."""
    if action not in ("criteria_set.create", "criteria_set.import", "criteria_set.copy"):
        raise ValueError(action)
    if check_permission:
        _require_editor(by, issuer)
    cleaned = structure_clean(structure, issuer=issuer)
    criteria_set = _new_set(
        issuer=issuer,
        by=by,
        header={**(header or {}), "title": title, "year": year},
        units=units,
        copied_from=copied_from,
        check_permission=check_permission,
    )
    _write_structure(criteria_set, cleaned)
    summaries = {
        "criteria_set.create": _("Tạo bộ tiêu chí «%(title)s» năm %(year)s"),
        "criteria_set.import": _("Nhập bộ tiêu chí «%(title)s» năm %(year)s từ tệp"),
        "criteria_set.copy": _("Sao chép bộ tiêu chí «%(title)s» sang năm %(year)s"),
    }
    data = _summary_data(criteria_set)
    if copied_from is not None:
        data["copied_from"] = copied_from.pk
    audit_log(
        actor=by,
        action=action,
        unit=issuer,
        summary=summaries[action] % {"title": criteria_set.title, "year": year},
        data=data,
    )
    return criteria_set


@transaction.atomic
def criteria_set_replace_structure(
    *, criteria_set: CriteriaSet, structure: list[dict], by, header=None
) -> CriteriaSet:
    """Replace every row of a draft set (an xlsx import into it); header keys title/number may change."""
    _require_editor(by, criteria_set.issuer)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    _require_draft(criteria_set)
    cleaned = structure_clean(structure, issuer=criteria_set.issuer)
    changes = _header_clean({k: v for k, v in (header or {}).items() if k in ("title", "number")})
    for name, value in changes.items():
        setattr(criteria_set, name, value)
    criteria_set.save()
    criteria_set.criteria.all().delete()
    _write_structure(criteria_set, cleaned)
    audit_log(
        actor=by,
        action="criteria_set.import",
        unit=criteria_set.issuer,
        summary=_("Nhập lại các tiêu chí của bộ «%(title)s» từ tệp") % {"title": criteria_set.title},
        data=_summary_data(criteria_set),
    )
    return criteria_set


def _resolved_units(source: CriteriaSet, year: int) -> list[OrgUnit]:
    """The units of a copy: the new year's default when the source applied to its year's default;
    otherwise the source's units that are still under the issuer and open on 1/1 of the new year."""
    chosen = list(source.units.order_by("path"))
    if {u.pk for u in chosen} == {u.pk for u in default_units(source.issuer, source.year)}:
        return default_units(source.issuer, year)
    day = datetime.date(year, 1, 1)
    issuer = OrgUnit.objects.get(pk=source.issuer_id)
    return [
        u
        for u in OrgUnit.objects.filter(pk__in=[u.pk for u in chosen]).order_by("path")
        if u.is_at_or_below(issuer) and u.pk != issuer.pk and u.is_active_on(day)
    ]


def _shift(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/2
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def criteria_set_copy(*, source: CriteriaSet, year: int, by) -> CriteriaSet:
    """A draft copy of `source` for `year`: every criterion, content and condition, the thresholds, the
    deadline moved to the new year, the units resolved again for the new year (see _resolved_units).
    The year in the title becomes the new year."""
    _require_editor(by, source.issuer)
    source = CriteriaSet.objects.select_related("issuer").get(pk=source.pk)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm phải là một năm từ 2000 đến 2100.")}) from None
    old = str(source.year)
    title = source.title.replace(old, str(year)) if old in source.title else f"{source.title} ({year})"
    header = {
        "self_assessment_deadline": _shift(source.self_assessment_deadline, year - source.year),
        "outstanding_min_pct": source.outstanding_min_pct,
        "good_min_pct": source.good_min_pct,
        "completed_min_pct": source.completed_min_pct,
        "note": source.note,
    }
    return criteria_set_build(
        issuer=source.issuer,
        year=year,
        title=title,
        structure=criteria_set_structure(source),
        by=by,
        units=_resolved_units(source, year),
        header=header,
        action="criteria_set.copy",
        copied_from=source,
    )
