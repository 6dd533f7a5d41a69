"""Writes of the member training programme (chương trình rèn luyện đoàn viên): registering a whole branch at
once, one member, or a file; and the yearly evaluation of it, whose result feeds member evaluation.

A registration belongs to the branch the member was counted in on the year's sheet day (31/12, or today
while the year runs). Every write checks permission, runs in one transaction with its audit entry, and is
kept in history. Batches and imports are all or nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.evaluation.members.selectors import (
    member_unit_on,
    sheet_day,
    sheet_members,
)
from doanvu.evaluation.members.services import (
    check_on,
    check_year,
    dmy,
)
from doanvu.evaluation.training import importing as reader
from doanvu.evaluation.training.models import TrainingRegistration, TrainingResult
from doanvu.members.import_files import ImportFileError
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit
from doanvu.work.services.attachments import upload_max_mb


def _require_edit(by, unit: OrgUnit) -> None:
    if not scope.has_role(by, unit, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": unit.name})


def _signed(obj, by, reason: str):
    obj._change_reason = reason
    if getattr(by, "is_authenticated", False):
        obj._history_user = by
    return obj


def _branch(member: Member, year: int) -> OrgUnit | None:
    return member_unit_on(member, sheet_day(year))


def _clean_commitments(text: str | None) -> str:
    return (text or "").strip()


@transaction.atomic
def training_register(
    *, member: Member, year: int, on: datetime.date, by, commitments: str = ""
) -> TrainingRegistration:
    """Register one member for the year's programme."""
    year = check_year(year)
    unit = _branch(member, year)
    if not scope.is_self(
        by, member
    ):  # a member registers themselves (docs/domain.md, "Members sign in for themselves")
        _require_edit(by, unit or member.unit)
    if unit is None:
        raise ValidationError(
            {
                "member": _("%(name)s không sinh hoạt ở chi đoàn nào ngày %(day)s.")
                % {"name": member.full_name, "day": dmy(sheet_day(year))}
            }
        )
    check_on(on, year, "registered_on")
    if TrainingRegistration.objects.filter(member=member, year=year).exists():
        raise ValidationError(
            {
                "member": _("%(name)s đã đăng ký chương trình rèn luyện năm %(year)s.")
                % {"name": member.full_name, "year": year}
            }
        )
    registration = TrainingRegistration(
        member=member, year=year, unit=unit, registered_on=on, commitments=_clean_commitments(commitments)
    )
    _signed(registration, by, "training.register").save()
    audit_log(
        actor=by,
        action="training.register",
        unit=unit,
        member=member,
        effective_on=on,
        summary=_("%(name)s đăng ký chương trình rèn luyện đoàn viên năm %(year)s")
        % {"name": member.full_name, "year": year},
        data={"year": year, "members": [member.pk]},
    )
    return registration


@transaction.atomic
def training_register_branch(
    *, unit: OrgUnit, year: int, on: datetime.date, by, commitments: str = ""
) -> list[TrainingRegistration]:
    """Register every member of `unit`'s sheet for the year who is not registered yet."""
    _require_edit(by, unit)
    year = check_year(year)
    check_on(on, year, "registered_on")
    day = sheet_day(year)
    taken = set(TrainingRegistration.objects.filter(year=year).values_list("member_id", flat=True))
    members = [m for m in sheet_members(unit=unit, year=year) if m.pk not in taken]
    if not members:
        raise ValidationError(
            {
                "unit": _("Mọi đoàn viên của %(unit)s đã đăng ký năm %(year)s.")
                % {"unit": unit.name, "year": year}
            }
        )
    created = []
    for member in members:
        branch = member_unit_on(member, day) or member.unit
        registration = TrainingRegistration(
            member=member,
            year=year,
            unit=branch,
            registered_on=on,
            commitments=_clean_commitments(commitments),
        )
        _signed(registration, by, "training.register").save()
        created.append(registration)
    audit_log(
        actor=by,
        action="training.register",
        unit=unit,
        effective_on=on,
        summary=_("Đăng ký chương trình rèn luyện năm %(year)s cho %(n)s đoàn viên %(unit)s")
        % {"year": year, "n": len(created), "unit": unit.name},
        data={"year": year, "members": [r.member_id for r in created]},
    )
    return created


# --- import ------------------------------------------------------------------------------------------------


def training_import_check(*, unit: OrgUnit, year: int, file, by, name: str | None = None):
    """Read and check a registration file against the members of `unit`'s sheet for the year: every row's
    problem with its row and column. Writes nothing."""
    _require_edit(by, unit)
    year = check_year(year)
    size = getattr(file, "size", None)
    if size is not None and size > upload_max_mb() * 1024 * 1024:
        raise ValidationError({"file": _("Tệp lớn hơn %(n)s MB.") % {"n": upload_max_mb()}})
    try:
        headers, rows, stripped = reader.read_table(file, name)
    except ImportFileError as error:
        return reader.ImportCheck(file_errors=[str(error)])
    candidates = list(sheet_members(unit=unit, year=year))
    registered = set(
        TrainingRegistration.objects.filter(year=year, member__in=[m.pk for m in candidates]).values_list(
            "member_id", flat=True
        )
    )
    check = reader.check_rows(
        rows, headers, candidates=candidates, registered=registered, unit_name=unit.name
    )
    if not rows:
        check.file_errors.append(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    check.warnings = stripped
    return check


@dataclass
class ImportOutcome:
    created: int
    updated: int


@transaction.atomic
def training_import(
    *,
    unit: OrgUnit,
    year: int,
    on: datetime.date,
    by,
    file=None,
    name: str | None = None,
    rows: list[tuple[int, int, str]] | None = None,
) -> ImportOutcome:
    """Register from a file (or from rows already checked: [(row, member id, commitments)]). All or nothing:
    any row with a problem and nothing is written (ValidationError listing every one). A member already
    registered for the year gets the file's commitments."""
    _require_edit(by, unit)
    year = check_year(year)
    check_on(on, year, "registered_on")
    if file is not None:
        check = training_import_check(unit=unit, year=year, file=file, by=by, name=name)
        if not check.ok:
            raise ValidationError({"file": check.messages() or [_("Tệp không có dòng dữ liệu nào.")]})
        rows = [(r.row, r.member_id, r.commitments) for r in check.rows]
    if not rows:
        raise ValidationError({"file": _("Không có dòng nào để ghi.")})
    allowed = {
        m.pk: m for m in sheet_members(unit=unit, year=year).filter(pk__in=[pk for _r, pk, _c in rows])
    }
    problems = [
        _("Dòng %(row)s: đoàn viên không còn trong danh sách của %(unit)s.") % {"row": row, "unit": unit.name}
        for row, pk, _c in rows
        if pk not in allowed
    ]
    if problems:
        raise ValidationError({"file": problems})
    existing = {
        r.member_id: r
        for r in TrainingRegistration.objects.select_for_update().filter(
            year=year, member_id__in=list(allowed)
        )
    }
    day = sheet_day(year)
    created = updated = 0
    for _row, pk, commitments in rows:
        registration = existing.get(pk)
        if registration is None:
            member = allowed[pk]
            registration = TrainingRegistration(
                member=member,
                year=year,
                unit=member_unit_on(member, day) or member.unit,
                registered_on=on,
                commitments=_clean_commitments(commitments),
            )
            created += 1
        elif registration.commitments != _clean_commitments(commitments):
            registration.commitments = _clean_commitments(commitments)
            updated += 1
        else:
            continue
        _signed(registration, by, "training.import").save()
    audit_log(
        actor=by,
        action="training.import",
        unit=unit,
        effective_on=on,
        summary=_(
            "Nhập tệp đăng ký rèn luyện năm %(year)s của %(unit)s: %(created)s đăng ký mới, %(updated)s cập nhật"
        )
        % {"year": year, "unit": unit.name, "created": created, "updated": updated},
        data={"year": year, "members": [pk for _r, pk, _c in rows], "created": created, "updated": updated},
    )
    return ImportOutcome(created=created, updated=updated)


# --- evaluation of the programme -------------------------------------------------------------------------


@transaction.atomic
def trainings_evaluate(
    *, results: dict[int, str], on: datetime.date, by, notes: dict[int, str] | None = None
) -> list[TrainingRegistration]:
    """Record the year's result of many registrations at once ({registration id: result}); all or nothing.
    A registration whose member was already evaluated (decided) for the year is still evaluated: the
    decision keeps the inputs it was read against."""
    if not results:
        raise ValidationError({"result": _("Hãy chọn kết quả cho ít nhất một đoàn viên.")})
    try:
        wanted = {int(pk): value for pk, value in results.items()}
    except (TypeError, ValueError):
        raise ValidationError({"result": _("Danh sách đăng ký không hợp lệ.")}) from None
    registrations = list(
        TrainingRegistration.objects.select_for_update()
        .filter(pk__in=wanted)
        .select_related("member", "unit")
        .order_by("member__sort_key", "pk")
    )
    if len(registrations) != len(wanted):
        raise ValidationError({"result": _("Có đăng ký không tồn tại.")})
    for unit in {r.unit for r in registrations}:
        _require_edit(by, unit)
    problems = []
    for registration in registrations:
        if wanted[registration.pk] not in TrainingResult.values:
            problems.append(
                _("%(name)s: hãy chọn kết quả rèn luyện.") % {"name": registration.member.full_name}
            )
        elif on < registration.registered_on:
            problems.append(
                _("%(name)s: ngày đánh giá %(day)s trước ngày đăng ký (%(registered)s).")
                % {
                    "name": registration.member.full_name,
                    "day": dmy(on),
                    "registered": dmy(registration.registered_on),
                }
            )
    for year in {r.year for r in registrations}:
        check_on(on, year, "evaluated_on")
    if problems:
        raise ValidationError({"result": problems})
    for registration in registrations:
        registration.result = wanted[registration.pk]
        registration.evaluated_on = on
        registration.evaluated_by = by if getattr(by, "is_authenticated", False) else None
        if notes and registration.pk in notes:
            registration.note = (notes[registration.pk] or "").strip()
        _signed(registration, by, "training.evaluate").save()
    for unit in {r.unit for r in registrations}:
        mine = [r for r in registrations if r.unit_id == unit.pk]
        audit_log(
            actor=by,
            action="training.evaluate",
            unit=unit,
            member=mine[0].member if len(mine) == 1 else None,
            effective_on=on,
            summary=_("Đánh giá kết quả rèn luyện năm %(year)s của %(n)s đoàn viên %(unit)s")
            % {"year": mine[0].year, "n": len(mine), "unit": unit.name},
            data={"results": {str(r.member_id): r.result for r in mine}},
        )
    return registrations


@transaction.atomic
def training_evaluate(
    *, registration: TrainingRegistration, result: str, on: datetime.date, by, note: str | None = None
) -> TrainingRegistration:
    """Record the year's result of one registration."""
    notes = {registration.pk: note} if note is not None else None
    return trainings_evaluate(results={registration.pk: result}, on=on, by=by, notes=notes)[0]
