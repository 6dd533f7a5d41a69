"""What the steps of member evaluation share: the checks of year, level, date and permission, the branch
the member is evaluated in, and the save that keeps each step in the evaluation's history."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.evaluation.levels import Level, year_end
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import (
    level_text,
)
from doanvu.evaluation.members.selectors import (
    member_unit_on,
    sheet_day,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

FIRST_YEAR = 2000


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require_edit(by, unit: OrgUnit) -> None:
    if not scope.has_role(by, unit, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": unit.name})


def check_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm đánh giá không hợp lệ.")}) from None
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= value <= this_year:
        raise ValidationError(
            {
                "year": _("Năm đánh giá phải từ %(first)s đến %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )
    return value


def check_level(level: Any, field: str = "level") -> str:
    if level not in Level.values:
        raise ValidationError(
            {
                field: _(
                    "Hãy chọn một trong bốn mức xếp loại (hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành)."
                )
            }
        )
    return str(level)


def check_on(
    on: Any, year: int, field: str = "on", *, not_before: datetime.date | None = None, label: str = ""
) -> None:
    """A step's date: given, not after today, not before 1/1 of the year (nor before `not_before`)."""
    if not isinstance(on, datetime.date):
        raise ValidationError({field: _("Hãy nhập ngày.")})
    if on > timezone.localdate():
        raise ValidationError({field: _("Ngày %(day)s sau hôm nay.") % {"day": dmy(on)}})
    if on < datetime.date(year, 1, 1):
        raise ValidationError(
            {field: _("Ngày %(day)s trước năm đánh giá %(year)s.") % {"day": dmy(on), "year": year}}
        )
    if not_before and on < not_before:
        raise ValidationError(
            {
                field: _("Ngày %(day)s trước %(label)s (%(before)s).")
                % {"day": dmy(on), "label": label, "before": dmy(not_before)}
            }
        )


def _locked(member: Member, year: int) -> MemberEvaluation | None:
    return (
        MemberEvaluation.objects.select_for_update()
        .select_related("unit", "unit__kind")
        .filter(member=member, year=year)
        .first()
    )


def _unit_of(member: Member, year: int, existing: MemberEvaluation | None, by) -> OrgUnit:
    """The branch the member is evaluated in: where they were counted on the sheet's day (an evaluation
    already begun keeps its branch). Checks that `by` may edit it."""
    unit = member_unit_on(member, sheet_day(year))
    if unit is None and existing is not None:
        unit = existing.unit
    if not scope.is_self(
        by, member
    ):  # a member's own self-assessment (docs/domain.md, "Members sign in for themselves")
        _require_edit(by, unit or member.unit)
    if unit is None:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s không sinh hoạt ở chi đoàn nào ngày %(day)s, không đánh giá năm %(year)s được."
                )
                % {"name": member.full_name, "day": dmy(sheet_day(year)), "year": year}
            }
        )
    return unit


def _open(existing: MemberEvaluation | None, member: Member) -> None:
    if existing is not None and existing.decided_level:
        raise ValidationError(
            {
                "level": _(
                    "%(name)s đã được xếp loại %(level)s năm %(year)s (ngày %(day)s); không sửa được nữa."
                )
                % {
                    "name": member.full_name,
                    "level": level_text(existing.decided_level),
                    "year": existing.year,
                    "day": dmy(existing.decided_on),
                }
            }
        )


def _save(evaluation: MemberEvaluation, by, reason: str) -> None:
    evaluation.full_clean(
        exclude=["member", "unit", "decision_unit", "proposed_by", "decided_by"], validate_unique=False
    )
    evaluation._change_reason = reason[:100]
    if getattr(by, "is_authenticated", False):
        evaluation._history_user = by
    try:
        evaluation.save()
    finally:
        for attr in ("_change_reason", "_history_user"):
            evaluation.__dict__.pop(attr, None)


def _new(member: Member, year: int, unit: OrgUnit) -> MemberEvaluation:
    return MemberEvaluation(member=member, year=year, unit=unit, as_of=year_end(year))
