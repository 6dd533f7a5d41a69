"""Writes of criteria sets (bộ tiêu chí): create, edit the header and the rows while a draft, issue, copy
last year's set, build a whole set from a nested structure. Every write checks EDIT on the issuing unit
(an editor of the issuer or of a unit above it), validates with Vietnamese messages, runs in one
transaction and writes its audit entry in it (criteria_set.create/update/copy/import/issue).

Once issued, a set's structure (criteria, contents, conditions), its year, title, thresholds and units are
frozen: the units assess themselves against it. The number, the self-assessment deadline and the note may
still change.

The nested structure `criteria_set_build` takes (and `criteria_selectors.criteria_set_structure` returns):

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
strings ("2,5"); grades may also be given as text ("8: khi …; 6: khi …"). See criteria_rules.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.rules import (
    condition_clean,
    heading_clean,
    parse_points,
    structure_clean,
)
from doanvu.evaluation.criteria.selectors import (
    criteria_set_structure,
    default_units,
)
from doanvu.evaluation.models import (
    Condition,
    Content,
    CriteriaSet,
    Criterion,
)
from doanvu.org.models import OrgUnit

HEADER_FIELDS = (
    "title",
    "year",
    "number",
    "self_assessment_deadline",
    "outstanding_min_pct",
    "good_min_pct",
    "completed_min_pct",
    "note",
)
# What may still change once the set is issued.
AFTER_ISSUE_FIELDS = ("number", "self_assessment_deadline", "note")
DEFAULT_THRESHOLDS = {
    "outstanding_min_pct": Decimal(90),
    "good_min_pct": Decimal(80),
    "completed_min_pct": Decimal(50),
}


def _require_editor(by, issuer: OrgUnit) -> None:
    scope.check(by, issuer, scope.EDIT)


def _require_draft(criteria_set: CriteriaSet) -> None:
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise ValidationError(
            _("Bộ tiêu chí «%(title)s» đã ban hành; không sửa được tiêu chí, nội dung, điều kiện nữa.")
            % {"title": criteria_set.title}
        )


def _header_clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = " ".join(str(data["title"] or "").split())
        if not out["title"]:
            errors["title"] = _("Hãy đặt tên bộ tiêu chí.")
        elif len(out["title"]) > 255:
            errors["title"] = _("Tên bộ tiêu chí dài tối đa 255 ký tự.")
    if "year" in data:
        try:
            out["year"] = int(data["year"])
            if not 2000 <= out["year"] <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors["year"] = _("Năm phải là một năm từ 2000 đến 2100.")
    if "number" in data:
        out["number"] = str(data["number"] or "").strip()
        if len(out["number"]) > 60:
            errors["number"] = _("Số, ký hiệu dài tối đa 60 ký tự.")
    if "self_assessment_deadline" in data:
        deadline = data["self_assessment_deadline"]
        if deadline not in (None, "") and not isinstance(deadline, datetime.date):
            errors["self_assessment_deadline"] = _("Hạn tự chấm phải là một ngày.")
        out["self_assessment_deadline"] = deadline or None
    if "note" in data:
        out["note"] = str(data["note"] or "").strip()
    for name in ("outstanding_min_pct", "good_min_pct", "completed_min_pct"):
        if name in data:
            try:
                value = parse_points(data[name], label=_("Ngưỡng"))
                if value > 100:
                    raise ValidationError(_("Ngưỡng phải từ 0 đến 100 (%)."))
                out[name] = value
            except ValidationError as error:
                errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return out


def _thresholds_check(criteria_set: CriteriaSet) -> None:
    if not (criteria_set.outstanding_min_pct >= criteria_set.good_min_pct >= criteria_set.completed_min_pct):
        raise ValidationError(
            {"outstanding_min_pct": _("Ngưỡng xếp loại phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành.")}
        )


def _units_check(issuer: OrgUnit, units: list[OrgUnit]) -> None:
    for unit in units:
        if not unit.path.startswith(issuer.path) or unit.pk == issuer.pk:
            raise ValidationError(
                {"units": _("Đơn vị «%(name)s» không trực thuộc đơn vị ban hành.") % {"name": unit.name}}
            )


def _set_units(criteria_set: CriteriaSet, units: list[OrgUnit] | None) -> None:
    chosen = default_units(criteria_set.issuer, criteria_set.year) if units is None else list(units)
    _units_check(criteria_set.issuer, chosen)
    criteria_set.units.set(chosen)


def _new_set(
    *, issuer: OrgUnit, by, header: dict[str, Any], units, copied_from=None, check_permission: bool = True
) -> CriteriaSet:
    if check_permission:
        _require_editor(by, issuer)
    cleaned = _header_clean({**DEFAULT_THRESHOLDS, **header})
    for required in ("title", "year"):
        if required not in cleaned:
            raise ValidationError({required: _("Thiếu trường này.")})
    criteria_set = CriteriaSet(issuer=issuer, created_by=by, copied_from=copied_from, **cleaned)
    _thresholds_check(criteria_set)
    criteria_set.full_clean(exclude=["units"])
    criteria_set.save()
    _set_units(criteria_set, units)
    return criteria_set


def _summary_data(criteria_set: CriteriaSet) -> dict:
    base, bonus = criteria_set.points()
    return {
        "criteria_set": criteria_set.pk,
        "year": criteria_set.year,
        "base": str(base),
        "bonus": str(bonus),
        "units": sorted(criteria_set.units.values_list("code", flat=True)),
    }


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


# --- rows: criteria, contents, conditions ---------------------------------------------------------------


def _criteria_set_of(item: Criterion | Content | Condition) -> CriteriaSet:
    if isinstance(item, Criterion):
        return item.criteria_set
    if isinstance(item, Content):
        return item.criterion.criteria_set
    return item.content.criterion.criteria_set


def _siblings(item: Criterion | Content | Condition):
    if isinstance(item, Criterion):
        return Criterion.objects.filter(criteria_set_id=item.criteria_set_id)
    if isinstance(item, Content):
        return Content.objects.filter(criterion_id=item.criterion_id)
    return Condition.objects.filter(content_id=item.content_id)


def _row_check(item, by) -> None:
    criteria_set = _criteria_set_of(item)
    _require_editor(by, criteria_set.issuer)
    _require_draft(criteria_set)


def _row_write(item, by, summary: str, op: str) -> None:
    criteria_set = _criteria_set_of(item)
    audit_log(
        actor=by,
        action="criteria_set.update",
        unit=criteria_set.issuer,
        summary=summary,
        data={
            "criteria_set": criteria_set.pk,
            "op": op,
            "row": type(item).__name__.lower(),
            "code": item.code,
        },
    )


def _unique_code(item, code: str) -> None:
    clash = _siblings(item).filter(code=code).exclude(pk=item.pk).exists()
    if clash:
        raise ValidationError({"code": _("Số thứ tự «%(code)s» đã có ở cùng cấp.") % {"code": code}})


def _next_order(item) -> int:
    return (_siblings(item).aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def criterion_save(
    *, criteria_set: CriteriaSet, by, data: dict, criterion: Criterion | None = None
) -> Criterion:
    """Add (criterion=None) or change a criterion: {"code", "title"}."""
    item = criterion or Criterion(criteria_set=criteria_set)
    _row_check(item, by)
    cleaned = heading_clean(data, "criterion")
    _unique_code(item, cleaned["code"])
    item.code, item.title = cleaned["code"], cleaned["title"]
    if item.pk is None:
        item.order = _next_order(item)
    _row_write(item, by, _("Bộ tiêu chí: %(op)s tiêu chí %(code)s") % _op(criterion, item), "save")
    item.save()
    return item


@transaction.atomic
def content_save(*, criterion: Criterion, by, data: dict, content: Content | None = None) -> Content:
    item = content or Content(criterion=criterion)
    _row_check(item, by)
    cleaned = heading_clean(data, "content")
    _unique_code(item, cleaned["code"])
    item.code, item.title = cleaned["code"], cleaned["title"]
    if item.pk is None:
        item.order = _next_order(item)
    _row_write(item, by, _("Bộ tiêu chí: %(op)s nội dung %(code)s") % _op(content, item), "save")
    item.save()
    return item


@transaction.atomic
def condition_save(*, content: Content, by, data: dict, condition: Condition | None = None) -> Condition:
    """Add or change a scoring condition; `data` as in criteria_rules.condition_clean."""
    item = condition or Condition(content=content)
    _row_check(item, by)
    cleaned = condition_clean(data, issuer=content.criterion.criteria_set.issuer)
    _unique_code(item, cleaned["code"])
    for name, value in cleaned.items():
        setattr(item, name, value)
    if item.pk is None:
        item.order = _next_order(item)
    _row_write(item, by, _("Bộ tiêu chí: %(op)s điều kiện %(code)s") % _op(condition, item), "save")
    item.save()
    return item


def _op(existing, item) -> dict:
    return {"op": _("sửa") if existing is not None else _("thêm"), "code": item.code}


@transaction.atomic
def row_delete(*, item: Criterion | Content | Condition, by) -> None:
    """Delete a criterion, a content or a condition (and what lies under it) from a draft set."""
    _row_check(item, by)
    _row_write(
        item,
        by,
        _("Bộ tiêu chí: xóa %(row)s %(code)s") % {"row": _row_name(item), "code": item.code},
        "delete",
    )
    item.delete()


@transaction.atomic
def row_move(*, item: Criterion | Content | Condition, by, offset: int) -> None:
    """Move a row up (offset -1) or down (+1) among its siblings; orders are renumbered 1, 2, 3…"""
    _row_check(item, by)
    rows = list(_siblings(item).order_by("order", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(rows):
        return
    _row_write(
        item,
        by,
        _("Bộ tiêu chí: đổi thứ tự %(row)s %(code)s") % {"row": _row_name(item), "code": item.code},
        "move",
    )
    rows[index], rows[target] = rows[target], rows[index]
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])


def _row_name(item) -> str:
    if isinstance(item, Criterion):
        return _("tiêu chí")
    if isinstance(item, Content):
        return _("nội dung")
    return _("điều kiện")


# --- whole structures: build, replace, copy ----------------------------------------------------------


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
        if u.path.startswith(issuer.path) and u.pk != issuer.pk and u.is_active_on(day)
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
