"""The Party pipeline: outstanding-member lists a grassroots union hands to the Party committee, and each
person's steps — awareness course, introduction by resolution, admission as probationary member, full
membership.

The steps write the Member's Party fields through the member services' history helper (`_save`), so each
step is in the member's history with its effective date and the member's rules (dates in order, aged 18 at
admission, 12 months of probation) are checked in one place: doanvu.members.validation. What is checked here
is only what those rules do not know: the order of the steps, the awareness certificate's validity, lists
frozen after hand-over, who may be on a list.

Decisions (see the module's tests):
- Introduction needs an awareness certificate valid on the introduction date (the course comes first, and
  the certificate is valid `party_course_valid_years` years). Being on a handed-over list is not required:
  a grassroots union may introduce a member outside the yearly lists; the list the member is on, if any, is
  recorded in the audit entry.
- Introduction is the grassroots union's resolution: only an officer of the member's grassroots union (the
  nearest grassroots unit at or above the member's branch) or above may record it. The course, admission
  and full membership may be recorded by an officer of the member's branch or above.
- The course cannot be recorded again after the introduction (the member's dates must stay in order).
- A unit has at most one list of a year that is not yet handed over; a member is on at most one list of a
  year.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    OutstandingEntry,
    OutstandingList,
)
from doanvu.members.models import CURRENT_STATUSES, Member
from doanvu.members.services._common import _check_current, _past_or_today, _require, _required_text, _save
from doanvu.members.validation import add_years, dmy
from doanvu.org.models import OrgUnit

# --- rules -----------------------------------------------------------------------------------------------


def course_valid_years() -> int:
    return settings.DOANVU_RULES.get("party_course_valid_years", 5)


def certificate_expires_on(course_on: datetime.date) -> datetime.date:
    """The first day the awareness certificate is no longer valid."""
    return add_years(course_on, course_valid_years())


def certificate_valid_on(member: Member, day: datetime.date) -> bool:
    course_on = member.party_course_on
    return course_on is not None and course_on <= day < certificate_expires_on(course_on)


def grassroots_of(unit: OrgUnit) -> OrgUnit:
    """The grassroots unit (đoàn cơ sở, chi đoàn cơ sở) at or above `unit`; `unit` itself if there is none."""
    step = OrgUnit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    found = (
        OrgUnit.objects.filter(path__in=paths, kind__is_grassroots=True)
        .select_related("kind")
        .order_by("-depth")
    ).first()
    return found or unit


def lists_of_member(member: Member, year: int | None = None):
    lists = OutstandingList.objects.filter(entries__member=member)
    if year is not None:
        lists = lists.filter(year=year)
    return lists.select_related("unit").order_by("-year", "-id")


# --- lists -----------------------------------------------------------------------------------------------


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
            year=outstanding_list.year,
            decided_level=Level.OUTSTANDING,
            member__unit__path__startswith=outstanding_list.unit.path,
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


# --- a person's steps ------------------------------------------------------------------------------------

# The member's field → the name the officer typed it under on these steps.
_INPUT_FIELDS = {
    "party_course_on": "on",
    "party_course_certificate": "certificate",
    "party_introduced_on": "on",
    "party_introduced_resolution": "resolution",
    "party_probationary_on": "on",
    "party_full_on": "on",
}


def _save_step(member: Member, *, by, on: datetime.date, reason: str, fields: tuple[str, ...]) -> None:
    """Save the step in the member's history (dated `on`); the member's rules speak of its fields, which the
    officer typed as `on`, `certificate`, `resolution`."""
    try:
        _save(member, by=by, on=on, reason=reason, carry=fields)
    except ValidationError as error:
        raise ValidationError(
            {(_INPUT_FIELDS[key] if key in fields else key): msgs for key, msgs in error.message_dict.items()}
        ) from None


def _locked_member(member: Member) -> Member:
    member = Member.objects.select_for_update().select_related("unit", "unit__kind").get(pk=member.pk)
    _check_current(member, "on")
    return member


def _not_party_member(member: Member) -> None:
    if member.party_probationary_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã là đảng viên (kết nạp ngày %(day)s).")
                % {"name": member.full_name, "day": dmy(member.party_probationary_on)}
            }
        )


@transaction.atomic
def party_course(*, member: Member, on: datetime.date, certificate: str, by) -> Member:
    """Record the Party-awareness course: the certificate's date and number (valid five years). A renewed
    certificate replaces the old one, until the member is introduced."""
    _require(by, member.unit)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is not None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s đã được giới thiệu kết nạp Đảng ngày %(day)s: không ghi lại lớp cảm tình Đảng sau khi "
                    "đã giới thiệu."
                )
                % {"name": member.full_name, "day": dmy(member.party_introduced_on)}
            }
        )
    _past_or_today(on, "on", _("ngày cấp giấy chứng nhận"))
    certificate = _required_text(certificate, "certificate", _("Hãy nhập số giấy chứng nhận cảm tình Đảng."))
    previous = {
        "on": member.party_course_on.isoformat() if member.party_course_on else None,
        "certificate": member.party_course_certificate,
    }
    member.party_course_on, member.party_course_certificate = on, certificate
    _save_step(
        member,
        by=by,
        on=on,
        reason=_("Học lớp cảm tình Đảng"),
        fields=("party_course_on", "party_course_certificate"),
    )
    audit_log(
        actor=by,
        action="party.course",
        unit=member.unit,
        member=member,
        effective_on=on,
        data={"certificate": certificate, "previous": previous if previous["on"] else None},
        summary=_("%(name)s: giấy chứng nhận cảm tình Đảng số %(number)s, cấp ngày %(day)s")
        % {"name": member.full_name, "number": certificate, "day": dmy(on)},
    )
    return member


@transaction.atomic
def party_introduce(*, member: Member, on: datetime.date, resolution: str, by) -> Member:
    """Record the grassroots union's resolution introducing the member to the Party. The awareness
    certificate must be valid on that day."""
    issuer = grassroots_of(member.unit)
    _require(by, issuer)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã được giới thiệu kết nạp Đảng ngày %(day)s.")
                % {"name": member.full_name, "day": dmy(member.party_introduced_on)}
            }
        )
    _past_or_today(on, "on", _("ngày giới thiệu"))
    resolution = _required_text(
        resolution, "resolution", _("Hãy nhập số nghị quyết giới thiệu kết nạp Đảng.")
    )
    if member.party_course_on is None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s chưa có giấy chứng nhận học lớp cảm tình Đảng: hãy ghi lớp cảm tình Đảng trước khi "
                    "giới thiệu."
                )
                % {"name": member.full_name}
            }
        )
    expires = certificate_expires_on(member.party_course_on)
    if on >= expires:
        raise ValidationError(
            {
                "on": _(
                    "Giấy chứng nhận cảm tình Đảng của %(name)s (cấp ngày %(issued)s, có giá trị %(years)d năm) đã "
                    "hết hạn từ %(day)s: cần học lại lớp cảm tình Đảng trước khi giới thiệu."
                )
                % {
                    "name": member.full_name,
                    "issued": dmy(member.party_course_on),
                    "years": course_valid_years(),
                    "day": dmy(expires),
                }
            }
        )
    on_list = lists_of_member(member).filter(handed_over_on__isnull=False).first()
    member.party_introduced_on, member.party_introduced_resolution = on, resolution
    _save_step(
        member,
        by=by,
        on=on,
        reason=_("Đoàn giới thiệu kết nạp Đảng"),
        fields=("party_introduced_on", "party_introduced_resolution"),
    )
    audit_log(
        actor=by,
        action="party.introduce",
        unit=issuer,
        member=member,
        effective_on=on,
        data={"resolution": resolution, "list": on_list.pk if on_list else None},
        summary=_("%(unit)s giới thiệu %(name)s kết nạp Đảng (nghị quyết số %(number)s)")
        % {"unit": issuer.name, "name": member.full_name, "number": resolution},
    )
    return member


@transaction.atomic
def party_admit(*, member: Member, on: datetime.date, by) -> Member:
    """Record admission as a probationary Party member (aged 18 or more on that day, after the
    introduction: the member's rules check both)."""
    _require(by, member.unit)
    member = _locked_member(member)
    _not_party_member(member)
    if member.party_introduced_on is None:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s chưa được Đoàn giới thiệu kết nạp Đảng: hãy ghi nghị quyết giới thiệu trước."
                )
                % {"name": member.full_name}
            }
        )
    _past_or_today(on, "on", _("ngày kết nạp"))
    member.party_probationary_on = on
    _save_step(member, by=by, on=on, reason=_("Kết nạp Đảng (dự bị)"), fields=("party_probationary_on",))
    audit_log(
        actor=by,
        action="party.admit",
        unit=member.unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s được kết nạp Đảng ngày %(day)s") % {"name": member.full_name, "day": dmy(on)},
    )
    return member


@transaction.atomic
def party_full(*, member: Member, on: datetime.date, by) -> Member:
    """Record full Party membership (at least `party_probation_months` after admission: the member's rules
    check it)."""
    _require(by, member.unit)
    member = _locked_member(member)
    if member.party_full_on is not None:
        raise ValidationError(
            {
                "on": _("%(name)s đã là đảng viên chính thức từ %(day)s.")
                % {"name": member.full_name, "day": dmy(member.party_full_on)}
            }
        )
    if member.party_probationary_on is None:
        raise ValidationError(
            {
                "on": _("%(name)s chưa được kết nạp Đảng (dự bị) nên chưa thể chuyển chính thức.")
                % {"name": member.full_name}
            }
        )
    _past_or_today(on, "on", _("ngày chuyển chính thức"))
    member.party_full_on = on
    _save_step(member, by=by, on=on, reason=_("Chuyển Đảng chính thức"), fields=("party_full_on",))
    audit_log(
        actor=by,
        action="party.full",
        unit=member.unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s chuyển Đảng chính thức ngày %(day)s")
        % {"name": member.full_name, "day": dmy(on)},
    )
    return member
