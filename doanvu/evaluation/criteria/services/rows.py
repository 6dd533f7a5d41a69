"""The rows of a draft set: add, change, delete and reorder its criteria, contents and conditions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.criteria.models import Condition, Content, CriteriaSet, Criterion
from doanvu.evaluation.criteria.rules import (
    condition_clean,
    heading_clean,
)

from ._common import (
    _require_draft,
    _require_editor,
)


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
    """Add or change a scoring condition; `data` as in rules.condition_clean."""
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
