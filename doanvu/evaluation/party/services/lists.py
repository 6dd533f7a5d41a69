"""The outstanding-member lists of a grassroots union: open one, add people by hand or from the year's
evaluation, remove them, hand the list over to the Party committee (after which it is frozen)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.levels import Level
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.party.models import OutstandingEntry, OutstandingList
from doanvu.members.models import CURRENT_STATUSES, Member
from doanvu.members.services._common import _past_or_today, _require
from doanvu.members.validation import dmy
from doanvu.org.models import OrgUnit

from .rules import (
    lists_of_member,
)


def _check_open(outstanding_list: OutstandingList, field: str = "outstanding_list") -> None:
    if outstanding_list.handed_over_on is not None:
        raise ValidationError(
            {
                field: _("Danh sách đã bàn giao cho cấp ủy ngày %(day)s nên không thể sửa.")
                % {"day": dmy(outstanding_list.handed_over_on)}
            }
        )


def _locked_list(outstanding_list: OutstandingList) -> OutstandingList:
    return (
        OutstandingList.objects.select_for_update()
        .select_related("unit", "unit__kind")
        .get(pk=outstanding_list.pk)
    )


@transaction.atomic
def outstanding_list_create(
    *, unit: OrgUnit, year: int, by, note: str = "", party_committee: str = ""
) -> OutstandingList:
    """Open the outstanding-member list of a grassroots union (or grassroots branch) for `year`."""
    _require(by, unit)
    unit = OrgUnit.objects.select_for_update().select_related("kind").get(pk=unit.pk)
    if not unit.kind.is_grassroots:
        raise ValidationError(
            {
                "unit": _(
                    "%(unit)s là %(kind)s: danh sách đoàn viên ưu tú do đoàn cơ sở (hoặc chi đoàn cơ sở) lập."
                )
                % {"unit": unit.name, "kind": unit.kind.name.lower()}
            }
        )
    if not unit.is_active:
        raise ValidationError({"unit": _("%(unit)s đã ngừng hoạt động.") % {"unit": unit.name}})
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not (2000 <= year <= this_year):
        raise ValidationError({"year": _("Năm phải từ 2000 đến %(year)d.") % {"year": this_year}})
    if OutstandingList.objects.filter(unit=unit, year=year, handed_over_on__isnull=True).exists():
        raise ValidationError(
            {
                "year": _("%(unit)s đang có danh sách đoàn viên ưu tú năm %(year)d chưa bàn giao.")
                % {"unit": unit.name, "year": year}
            }
        )
    outstanding_list = OutstandingList(
        unit=unit,
        year=year,
        note=(note or "").strip(),
        party_committee=(party_committee or "").strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    outstanding_list.full_clean()
    outstanding_list.save()
    audit_log(
        actor=by,
        action="outstanding.list",
        unit=unit,
        data={"list": outstanding_list.pk, "year": year},
        summary=_("Lập danh sách đoàn viên ưu tú năm %(year)d của %(unit)s")
        % {"year": year, "unit": unit.name},
    )
    return outstanding_list


def _check_can_be_listed(outstanding_list: OutstandingList, member: Member, field: str = "member") -> None:
    unit = outstanding_list.unit
    if member.status not in CURRENT_STATUSES:
        raise ValidationError(
            {
                field: _("%(name)s không còn sinh hoạt Đoàn (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            }
        )
    if not member.unit.is_at_or_below(unit):
        raise ValidationError(
            {
                field: _("%(name)s sinh hoạt ở %(branch)s, không thuộc %(unit)s.")
                % {"name": member.full_name, "branch": member.unit.name, "unit": unit.name}
            }
        )
    if member.party_probationary_on is not None:
        raise ValidationError(
            {
                field: _("%(name)s đã là đảng viên (kết nạp ngày %(day)s).")
                % {"name": member.full_name, "day": dmy(member.party_probationary_on)}
            }
        )
    other = lists_of_member(member, outstanding_list.year).first()
    if other is not None:
        raise ValidationError(
            {
                field: _("%(name)s đã có trong danh sách đoàn viên ưu tú năm %(year)d của %(unit)s.")
                % {"name": member.full_name, "year": other.year, "unit": other.unit.name}
            }
        )


def _add_entry(
    outstanding_list, member, *, by, evaluation=None, note: str = "", summary: str
) -> OutstandingEntry:
    entry = OutstandingEntry(
        outstanding_list=outstanding_list, member=member, evaluation=evaluation, note=note
    )
    entry.full_clean()
    entry.save()
    audit_log(
        actor=by,
        action="outstanding.add",
        unit=outstanding_list.unit,
        member=member,
        data={"list": outstanding_list.pk, "evaluation": evaluation.pk if evaluation else None},
        summary=summary,
    )
    return entry


@transaction.atomic
def outstanding_add(
    *, outstanding_list: OutstandingList, member: Member, by, note: str = ""
) -> OutstandingEntry:
    """Put a current member of the list's sub-tree, not yet a Party member, on the list by hand."""
    _require(by, outstanding_list.unit)
    outstanding_list = _locked_list(outstanding_list)
    _check_open(outstanding_list, "member")
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    _check_can_be_listed(outstanding_list, member)
    evaluation = MemberEvaluation.objects.filter(member=member, year=outstanding_list.year).first()
    return _add_entry(
        outstanding_list,
        member,
        by=by,
        evaluation=evaluation,
        note=(note or "").strip()[:255],
        summary=_("Thêm %(name)s vào danh sách đoàn viên ưu tú năm %(year)d của %(unit)s")
        % {"name": member.full_name, "year": outstanding_list.year, "unit": outstanding_list.unit.name},
    )


def proposal_candidates(outstanding_list: OutstandingList):
    """The year's decided "outstanding" evaluations of current members of the list's sub-tree who are not
    Party members and not yet on a list of that year."""
    listed = OutstandingEntry.objects.filter(outstanding_list__year=outstanding_list.year).values("member_id")
    return (
        MemberEvaluation.objects.filter(
            outstanding_list.unit.subtree_q("member__unit__"),
            year=outstanding_list.year,
            decided_level=Level.OUTSTANDING,
            member__status__in=CURRENT_STATUSES,
            member__party_probationary_on__isnull=True,
        )
        .exclude(member_id__in=listed)
        .select_related("member", "member__unit")
        .order_by("member__sort_key", "member_id")
    )


@transaction.atomic
def outstanding_propose(*, outstanding_list: OutstandingList, by) -> list[OutstandingEntry]:
    """Put on the list every member the year's evaluation decided "outstanding" (see proposal_candidates).
    Returns the entries added (none when everyone is already listed)."""
    _require(by, outstanding_list.unit)
    outstanding_list = _locked_list(outstanding_list)
    _check_open(outstanding_list)
    entries = []
    for evaluation in proposal_candidates(outstanding_list):
        member = evaluation.member
        entries.append(
            _add_entry(
                outstanding_list,
                member,
                by=by,
                evaluation=evaluation,
                summary=_("Đề xuất %(name)s (xếp loại %(level)s năm %(year)d) vào danh sách đoàn viên ưu tú")
                % {
                    "name": member.full_name,
                    "level": Level(Level.OUTSTANDING).label.lower(),
                    "year": outstanding_list.year,
                },
            )
        )
    return entries


@transaction.atomic
def outstanding_remove(*, entry: OutstandingEntry, by, reason: str = "") -> None:
    outstanding_list = entry.outstanding_list
    _require(by, outstanding_list.unit)
    outstanding_list = _locked_list(outstanding_list)
    _check_open(outstanding_list, "entry")
    entry = (
        OutstandingEntry.objects.select_related("member")
        .filter(pk=entry.pk, outstanding_list=outstanding_list)
        .first()
    )
    if entry is None:
        raise ValidationError({"entry": _("Đoàn viên này không có trong danh sách.")})
    member = entry.member
    entry.delete()
    audit_log(
        actor=by,
        action="outstanding.remove",
        unit=outstanding_list.unit,
        member=member,
        reason=(reason or "").strip(),
        data={"list": outstanding_list.pk},
        summary=_("Bỏ %(name)s khỏi danh sách đoàn viên ưu tú năm %(year)d của %(unit)s")
        % {"name": member.full_name, "year": outstanding_list.year, "unit": outstanding_list.unit.name},
    )


@transaction.atomic
def outstanding_hand_over(
    *,
    outstanding_list: OutstandingList,
    on: datetime.date,
    by,
    party_committee: str = "",
    resolution_number: str = "",
    resolved_on: datetime.date | None = None,
) -> OutstandingList:
    """Hand the list to the Party committee on `on`; from then on the list is frozen."""
    _require(by, outstanding_list.unit)
    outstanding_list = _locked_list(outstanding_list)
    _check_open(outstanding_list, "on")
    _past_or_today(on, "on", _("ngày bàn giao"))
    start = datetime.date(outstanding_list.year, 1, 1)
    if on < start:
        raise ValidationError(
            {
                "on": _("Ngày bàn giao phải từ %(day)s (danh sách năm %(year)d).")
                % {"day": dmy(start), "year": start.year}
            }
        )
    if resolved_on is not None:
        _past_or_today(resolved_on, "resolved_on", _("ngày nghị quyết"))
        if resolved_on > on:
            raise ValidationError({"resolved_on": _("Ngày nghị quyết phải trước hoặc cùng ngày bàn giao.")})
    if not outstanding_list.entries.exists():
        raise ValidationError({"on": _("Danh sách chưa có đoàn viên nào nên chưa thể bàn giao.")})
    outstanding_list.handed_over_on = on
    outstanding_list.party_committee = (party_committee or outstanding_list.party_committee or "").strip()
    outstanding_list.resolution_number = (
        resolution_number or outstanding_list.resolution_number or ""
    ).strip()
    outstanding_list.resolved_on = resolved_on or outstanding_list.resolved_on
    outstanding_list.full_clean()
    outstanding_list.save()
    count = outstanding_list.entries.count()
    audit_log(
        actor=by,
        action="outstanding.hand_over",
        unit=outstanding_list.unit,
        effective_on=on,
        data={"list": outstanding_list.pk, "entries": count},
        summary=_("Bàn giao danh sách %(count)d đoàn viên ưu tú năm %(year)d của %(unit)s cho %(to)s")
        % {
            "count": count,
            "year": outstanding_list.year,
            "unit": outstanding_list.unit.name,
            "to": outstanding_list.party_committee or _("cấp ủy"),
        },
    )
    return outstanding_list
