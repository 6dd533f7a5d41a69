"""The member's self-assessment (entered by the branch officer) and the branch's proposals, one member or
many at once; the quota flag of the branch's open outstanding proposals follows each proposal."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.levels import Level
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.rules import (
    EvaluationRules,
    flag_dicts,
    level_text,
    member_flags,
    quota_flag,
    rules_for,
)
from doanvu.evaluation.members.selectors import (
    member_inputs,
    member_unit_on,
    quota_base,
    sheet_day,
    sheet_members,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

from ._common import (
    _locked,
    _new,
    _open,
    _require_edit,
    _save,
    _unit_of,
    check_level,
    check_on,
    check_year,
)

# --- self-assessment -------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_self(
    *, member: Member, year: int, level: str, note: str = "", on: datetime.date, by
) -> MemberEvaluation:
    """The member's self-assessment, entered by the member's own account (until the branch has proposed) or
    by an officer of the branch (or above) for the member."""
    year = check_year(year)
    existing = _locked(member, year)
    unit = _unit_of(member, year, existing, by)
    level = check_level(level)
    check_on(on, year)
    _open(existing, member)
    if existing is not None and existing.proposed_level and scope.is_self(by, member):
        # The branch has reviewed it: from here on the evaluation is the officers' (the member sees it).
        raise ValidationError(
            {
                "level": _(
                    "Chi đoàn đã đề xuất xếp loại năm %(year)s cho bạn; không sửa tự đánh giá được nữa."
                )
                % {"year": year}
            }
        )
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
    if existing is not None and existing.proposed_level and scope.is_self(by, member):
        # The branch has reviewed it: from here on the evaluation is the officers' (the member sees it).
        raise ValidationError(
            {
                "level": _(
                    "Chi đoàn đã đề xuất xếp loại năm %(year)s cho bạn; không sửa tự đánh giá được nữa."
                )
                % {"year": year}
            }
        )
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
