"""The grassroots union's decisions on the branches' proposals: one, a batch, or every unflagged proposal of
a sub-tree. The rules are checked again against the records of the day; one broken rule refuses the batch."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.levels import Level
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import (
    level_text,
    member_flags,
    quota_flag,
    rules_for,
)
from doanvu.evaluation.members.selectors import (
    decided_outstanding,
    deciding_unit,
    member_inputs,
    quota_base,
)
from doanvu.org.models import OrgUnit

from ._common import (
    _save,
    check_level,
    check_on,
    check_year,
    dmy,
)


def _decider_check(by, unit: OrgUnit) -> OrgUnit:
    decider = deciding_unit(unit)
    if not scope.has_role(by, decider, scope.EDIT):
        raise PermissionDenied(
            _("Chỉ cán bộ %(decider)s (hoặc cấp trên) mới quyết định xếp loại đoàn viên của %(unit)s.")
            % {"decider": decider.name, "unit": unit.name}
        )
    return decider


@transaction.atomic
def evaluations_decide(
    *,
    evaluations: Iterable[MemberEvaluation],
    on: datetime.date,
    by,
    decision_number: str = "",
    levels: dict[int, str] | None = None,
) -> list[MemberEvaluation]:
    """Decide proposals: each at `levels[evaluation id]`, or at its proposed level. The rules are checked
    against the records of the day; one broken rule anywhere refuses the whole batch, with every reason."""
    ids = [e.pk for e in evaluations]
    rows = list(
        MemberEvaluation.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("member", "unit", "unit__kind")
        .order_by("member__sort_key", "pk")
    )
    if not rows:
        raise ValidationError({"level": _("Không có đề xuất nào để quyết định.")})
    deciders: dict[int, OrgUnit] = {}
    for row in rows:
        if row.unit_id not in deciders:
            deciders[row.unit_id] = _decider_check(by, row.unit)
    number = (decision_number or "").strip()
    if len(number) > 60:
        raise ValidationError({"decision_number": _("Số quyết định dài tối đa 60 ký tự.")})
    problems: list[str] = []
    chosen: dict[int, str] = {}
    for row in rows:
        name = row.member.full_name
        level = (levels or {}).get(row.pk) or row.proposed_level
        check_on(on, row.year)
        if not row.proposed_level:
            problems.append(_("%(name)s: chi đoàn chưa đề xuất xếp loại.") % {"name": name})
        elif level not in Level.values:
            problems.append(_("%(name)s: hãy chọn mức xếp loại.") % {"name": name})
        elif row.proposed_on and on < row.proposed_on:
            problems.append(
                _("%(name)s: ngày quyết định %(day)s trước ngày chi đoàn đề xuất (%(proposed)s).")
                % {"name": name, "day": dmy(on), "proposed": dmy(row.proposed_on)}
            )
        else:
            chosen[row.pk] = level
    # The member's own rules, against the records of the day (one inputs query set per branch).
    by_unit: dict[tuple[int, int], list[MemberEvaluation]] = {}
    for row in rows:
        if row.pk in chosen:
            by_unit.setdefault((row.unit_id, row.year), []).append(row)
    for (_unit_id, year), group in by_unit.items():
        unit = group[0].unit
        rules = rules_for(unit, year)
        inputs = member_inputs(unit=unit, year=year, members=[row.member for row in group])
        for row in group:
            for flag in member_flags(rules, inputs[row.member_id], chosen[row.pk]):
                problems.append(f"{row.member.full_name}: {flag.message}")
    # The quota, over the deciding unit's decisions of the year.
    quota: dict[tuple[int, int], list[MemberEvaluation]] = {}
    for row in rows:
        if chosen.get(row.pk) == Level.OUTSTANDING:
            quota.setdefault((deciders[row.unit_id].pk, row.year), []).append(row)
    for (_decider_id, year), group in quota.items():
        decider = deciders[group[0].unit_id]
        outstanding = decided_outstanding(decision_unit=decider, year=year, exclude=ids) + len(group)
        flag = quota_flag(
            rules_for(decider, year),
            outstanding=outstanding,
            base=quota_base(unit=decider, year=year),
            group=decider.name,
        )
        if flag:
            problems.append(flag.message)
    if problems:
        raise ValidationError({"level": list(dict.fromkeys(problems))})
    for row in rows:
        decider = deciders[row.unit_id]
        row.decided_level, row.decided_on, row.decision_unit, row.decision_number = (
            chosen[row.pk],
            on,
            decider,
            number,
        )
        row.decided_by = by if getattr(by, "is_authenticated", False) else None
        _save(row, by, "evaluation.decide")
        changed = row.decided_level != row.proposed_level
        audit_log(
            actor=by,
            action="evaluation.decide",
            unit=decider,
            member=row.member,
            effective_on=on,
            summary=_("%(decider)s xếp loại %(name)s năm %(year)s: %(level)s")
            % {
                "decider": decider.name,
                "name": row.member.full_name,
                "year": row.year,
                "level": level_text(row.decided_level),
            },
            reason=_("Chi đoàn đề xuất: %(level)s") % {"level": level_text(row.proposed_level)}
            if changed
            else "",
            data={
                "year": row.year,
                "level": row.decided_level,
                "proposed": row.proposed_level,
                "evaluation": row.pk,
                "branch": row.unit.code,
                "decision_number": number,
            },
        )
    return rows


@transaction.atomic
def evaluation_decide(
    *, evaluation: MemberEvaluation, level: str, on: datetime.date, by, decision_number: str = ""
) -> MemberEvaluation:
    """Decide one proposal at `level` (the proposal's or another one)."""
    _decider_check(by, evaluation.unit)
    check_level(level)
    return evaluations_decide(
        evaluations=[evaluation], on=on, by=by, decision_number=decision_number, levels={evaluation.pk: level}
    )[0]


@transaction.atomic
def evaluations_decide_unflagged(
    *, unit: OrgUnit, year: int, on: datetime.date, by, decision_number: str = ""
) -> list[MemberEvaluation]:
    """Decide, at their proposed level, every proposal of `unit`'s sub-tree for `year` that carries no flag
    and is not decided yet."""
    year = check_year(year)
    _decider_check(by, unit)
    pending = [
        e
        for e in MemberEvaluation.objects.filter(unit.subtree_q("unit__"), year=year, decided_level="")
        .exclude(proposed_level="")
        .only("pk", "flags")
        if not e.flags
    ]
    if not pending:
        raise ValidationError({"level": _("Không có đề xuất nào chưa quyết định mà không bị gắn cờ.")})
    return evaluations_decide(evaluations=pending, on=on, by=by, decision_number=decision_number)
