"""Writes of member evaluation: the self-assessment (entered by the branch officer for the member), the
branch's proposal, the grassroots union's decision, and the rules a unit sets for its sub-tree.

Each step is dated, checks permission (doanvu.accounts.scope), runs in one transaction, writes its audit
entry in it, and is kept in the evaluation's history (simple-history, signed by the acting user).

- A proposal that breaks a rule is saved with its flags ("as the officer read them"); the quota flag of
  every open outstanding proposal of the branch follows the branch's count after each proposal.
- A decision re-checks the rules against the records of the day: a level that breaks one is refused with
  the reason; the decider may choose a lower level. The quota of decisions counts the deciding grassroots
  union's outstanding decisions for the year against the members it evaluates.
- Batches are all or nothing: one problem anywhere and nothing is written; every problem is listed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.levels import Level, year_end
from doanvu.evaluation.members.models import EvaluationPolicy, MemberEvaluation
from doanvu.evaluation.members.rules import (
    POLICY_FIELDS,
    EvaluationRules,
    flag_dicts,
    level_text,
    member_flags,
    quota_flag,
    rules_for,
)
from doanvu.evaluation.members.selectors import (
    decided_outstanding,
    deciding_unit,
    member_inputs,
    member_unit_on,
    quota_base,
    sheet_day,
    sheet_members,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

FIRST_YEAR = 2000


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- checks ----------------------------------------------------------------------------------------------


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


# --- self-assessment -------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_self(
    *, member: Member, year: int, level: str, note: str = "", on: datetime.date, by
) -> MemberEvaluation:
    """The member's self-assessment, entered by an officer of the branch (or above) for the member."""
    year = check_year(year)
    existing = _locked(member, year)
    unit = _unit_of(member, year, existing, by)
    level = check_level(level)
    check_on(on, year)
    _open(existing, member)
    evaluation = existing or _new(member, year, unit)
    evaluation.unit = unit
    evaluation.self_level, evaluation.self_note, evaluation.self_on = level, (note or "").strip(), on
    _save(evaluation, by, "evaluation.self")
    audit_log(
        actor=by,
        action="evaluation.self",
        unit=unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s tự đánh giá năm %(year)s: %(level)s")
        % {"name": member.full_name, "year": year, "level": level_text(level)},
        data={"year": year, "level": level, "evaluation": evaluation.pk},
    )
    return evaluation


# --- proposals -------------------------------------------------------------------------------------------


def _refresh_quota(unit: OrgUnit, year: int) -> None:
    """Put the quota flag on (or take it off) every open outstanding proposal of `unit` for `year`, after
    the branch's outstanding proposals changed."""
    rules = rules_for(unit, year)
    outstanding = MemberEvaluation.objects.filter(year=year, unit=unit, proposed_level=Level.OUTSTANDING)
    flag = quota_flag(
        rules, outstanding=outstanding.count(), base=quota_base(unit=unit, year=year), group=unit.name
    )
    for evaluation in (
        MemberEvaluation.objects.select_for_update()
        .filter(year=year, unit=unit, decided_level="")
        .exclude(proposed_level="")
    ):
        kept = [f for f in evaluation.flags or [] if f.get("code") != "quota"]
        if flag is not None and evaluation.proposed_level == Level.OUTSTANDING:
            kept.append(flag.as_dict())
        if kept != (evaluation.flags or []):
            evaluation.flags = kept
            evaluation._change_reason = "evaluation.quota"
            evaluation.save(update_fields=["flags"])


def _propose_one(
    evaluation: MemberEvaluation,
    *,
    level: str,
    note: str,
    on: datetime.date,
    inputs,
    rules: EvaluationRules,
    by,
) -> None:
    evaluation.proposed_level, evaluation.proposed_note, evaluation.proposed_on = (
        level,
        (note or "").strip(),
        on,
    )
    evaluation.proposed_by = by if getattr(by, "is_authenticated", False) else None
    evaluation.inputs = inputs.as_json()
    evaluation.flags = flag_dicts(member_flags(rules, inputs, level))
    _save(evaluation, by, "evaluation.propose")


def _audit_proposal(evaluation: MemberEvaluation, by) -> None:
    flags = evaluation.flags or []
    summary = _("%(unit)s đề xuất xếp loại %(name)s năm %(year)s: %(level)s") % {
        "unit": evaluation.unit.name,
        "name": evaluation.member.full_name,
        "year": evaluation.year,
        "level": level_text(evaluation.proposed_level),
    }
    if flags:
        summary += _(" (vi phạm %(n)s quy định)") % {"n": len(flags)}
    audit_log(
        actor=by,
        action="evaluation.propose",
        unit=evaluation.unit,
        member=evaluation.member,
        effective_on=evaluation.proposed_on,
        summary=summary,
        reason="; ".join(f.get("message", "") for f in flags),
        data={
            "year": evaluation.year,
            "level": evaluation.proposed_level,
            "evaluation": evaluation.pk,
            "flags": [f.get("code") for f in flags],
            "inputs": evaluation.inputs,
        },
    )


@transaction.atomic
def evaluation_propose(
    *, member: Member, year: int, level: str, note: str = "", on: datetime.date, by
) -> MemberEvaluation:
    """The branch's proposal for one member, with the inputs it was read against and the rules it breaks
    (saved with its flags all the same: the grassroots union sees them before deciding)."""
    year = check_year(year)
    existing = _locked(member, year)
    unit = _unit_of(member, year, existing, by)
    level = check_level(level)
    check_on(on, year)
    _open(existing, member)
    evaluation = existing or _new(member, year, unit)
    evaluation.unit = unit
    inputs = member_inputs(unit=unit, year=year, members=[member])[member.pk]
    _propose_one(evaluation, level=level, note=note, on=on, inputs=inputs, rules=rules_for(unit, year), by=by)
    _refresh_quota(unit, year)
    evaluation.refresh_from_db()
    _audit_proposal(evaluation, by)
    return evaluation


@transaction.atomic
def evaluations_propose(
    *,
    unit: OrgUnit,
    year: int,
    levels: dict[int, str],
    on: datetime.date,
    by,
    notes: dict[int, str] | None = None,
) -> list[MemberEvaluation]:
    """Proposals for many members of `unit`'s sheet at once ({member id: level}); all or nothing."""
    _require_edit(by, unit)
    year = check_year(year)
    check_on(on, year)
    if not levels:
        raise ValidationError({"levels": _("Hãy chọn mức xếp loại cho ít nhất một đoàn viên.")})
    try:
        wanted = {int(pk): value for pk, value in levels.items()}
    except (TypeError, ValueError):
        raise ValidationError({"levels": _("Danh sách đoàn viên không hợp lệ.")}) from None
    members = {m.pk: m for m in sheet_members(unit=unit, year=year).filter(pk__in=wanted)}
    existing = {
        e.member_id: e
        for e in MemberEvaluation.objects.select_for_update()
        .select_related("unit", "unit__kind")
        .filter(year=year, member_id__in=wanted)
    }
    problems: list[str] = []
    for pk, level in wanted.items():
        member = members.get(pk)
        if member is None:
            name = Member.objects.filter(pk=pk).values_list("full_name", flat=True).first()
            problems.append(
                _("%(who)s không có trong danh sách đánh giá năm %(year)s của %(unit)s.")
                % {"who": name or _("Đoàn viên mã %(id)s") % {"id": pk}, "year": year, "unit": unit.name}
            )
        elif level not in Level.values:
            problems.append(_("%(name)s: hãy chọn mức xếp loại.") % {"name": member.full_name})
        elif pk in existing and existing[pk].decided_level:
            problems.append(
                _("%(name)s đã được xếp loại %(level)s; không đề xuất lại được.")
                % {"name": member.full_name, "level": level_text(existing[pk].decided_level)}
            )
    if problems:
        raise ValidationError({"levels": problems})
    ordered = sorted(members.values(), key=lambda m: (m.sort_key, m.pk))
    inputs = member_inputs(unit=unit, year=year, members=ordered)
    day = sheet_day(year)
    rules_cache: dict[int, EvaluationRules] = {}
    done: list[MemberEvaluation] = []
    for member in ordered:
        evaluation = existing.get(member.pk)
        branch = member_unit_on(member, day) or (evaluation.unit if evaluation else member.unit)
        if branch.pk not in rules_cache:
            rules_cache[branch.pk] = rules_for(branch, year)
        evaluation = evaluation or _new(member, year, branch)
        evaluation.unit = branch
        _propose_one(
            evaluation,
            level=wanted[member.pk],
            note=(notes or {}).get(member.pk, evaluation.proposed_note),
            on=on,
            inputs=inputs[member.pk],
            rules=rules_cache[branch.pk],
            by=by,
        )
        done.append(evaluation)
    for branch_id in rules_cache:
        _refresh_quota(OrgUnit.objects.get(pk=branch_id), year)
    for evaluation in done:
        evaluation.refresh_from_db()
        _audit_proposal(evaluation, by)
    return done


# --- decisions -------------------------------------------------------------------------------------------


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
        for e in MemberEvaluation.objects.filter(
            year=year, unit__path__startswith=unit.path, decided_level=""
        )
        .exclude(proposed_level="")
        .only("pk", "flags")
        if not e.flags
    ]
    if not pending:
        raise ValidationError({"level": _("Không có đề xuất nào chưa quyết định mà không bị gắn cờ.")})
    return evaluations_decide(evaluations=pending, on=on, by=by, decision_number=decision_number)


# --- rules -----------------------------------------------------------------------------------------------

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
