"""Importing members from an Excel (xlsx) or CSV file: a preview that lists every row's errors and
warnings, and an all-or-nothing commit.

The parts, in the order a file goes through them:
- import_files.py  — the template's columns, reading xlsx and CSV files into rows, the template workbook;
- import_fields.py — each cell read into a Member's field, with its errors and warnings;
- import_rows.py   — RowChecker: a row's fields together, the unit it names, citizen IDs across rows;
- here             — `preview` checks every row and writes nothing; `commit` checks them again and writes
  them all in one transaction, or none.

The public names of import_files.py are importable from here too. Work goes in chunks so that 100,000 rows
cost a handful of queries per thousand, never one per row; a file's rows are first screened column by
column (import_columns.py) and only the rows in doubt go through the row checker one by one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import changes
from doanvu.org.models import OrgUnit

from .import_columns import Screened, screen
from .import_fields import Issue
from .import_files import (  # noqa: F401 (the public names of importing live here too)
    COLUMNS_BY_KEY,
    TEMPLATE_COLUMNS,
    TEXT_KEYS,
    Column,
    ImportFileError,
    Table,
    decode_csv,
    gc_paused,
    header_key,
    read_rows,
    template_xlsx,
)
from .import_rows import RowChecker
from .models import Member

CHUNK = 1000  # rows checked (and written) together: one query for their units, one for their IDs


@dataclass
class ImportResult:
    total: int = 0
    valid: int = 0
    error_rows: int = 0
    warning_rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    file_warnings: list[str] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=dict)  # legacy encoding → rows converted

    @property
    def ok(self) -> bool:
        return self.total > 0 and not self.errors and not self.file_errors

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "valid": self.valid,
            "error_rows": self.error_rows,
            "warning_rows": self.warning_rows,
            "errors": [i.as_list() for i in self.errors],
            "warnings": [i.as_list() for i in self.warnings],
            "file_errors": self.file_errors,
            "file_warnings": self.file_warnings,
            "converted": self.converted,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportResult:
        values = dict(data)
        values["errors"] = [Issue(*item) for item in data.get("errors", [])]
        values["warnings"] = [Issue(*item) for item in data.get("warnings", [])]
        return cls(**values)


class ImportRejected(Exception):
    """Nothing was written: at least one row has an error (details in `result`)."""

    def __init__(self, result: ImportResult):
        super().__init__(_("Không ghi dữ liệu: tệp còn %(n)s lỗi.") % {"n": len(result.errors)})
        self.result = result


def _chunks(checker: RowChecker, rows: Iterable[tuple[int, dict]], size: int = CHUNK) -> Iterator[list]:
    """Every row through the row checker, a chunk at a time."""
    chunk: list[tuple[int, dict]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield len(chunk), checker.check_chunk(chunk)
            chunk = []
    if chunk:
        yield len(chunk), checker.check_chunk(chunk)


def _screened_chunks(
    checker: RowChecker, table: Table, screened: Screened, size: int = CHUNK
) -> Iterator[list]:
    """The rows of a screened table a chunk at a time: those flagged through the row checker, the others as
    they are (no finding; their Member built only for a commit)."""
    numbers, flagged = table.numbers, screened.flagged
    at = 0
    for start in range(0, len(numbers), size):
        stop = min(start + size, len(numbers))
        end = bisect.bisect_left(flagged, stop, at)
        doubted = flagged[at:end]
        checked = checker.check_chunk([(numbers[i], table.row(i)) for i in doubted])
        at = end
        if checker.build:  # every row's Member, in the file's order
            found = dict(zip(doubted, checked, strict=True))
            checked = [
                found[i] if i in found else (numbers[i], Member(**screened.row_values(i)), (), ())
                for i in range(start, stop)
            ]
        yield stop - start, checked


def _require_edit(user, unit: OrgUnit) -> None:
    if not scope.has_role(user, unit, scope.EDIT):
        raise PermissionDenied


def _run(
    *,
    user,
    unit: OrgUnit,
    rows,
    progress: Callable[[int], None] | None,
    write: Callable[[list[Member]], None] | None,
) -> ImportResult:
    checker = RowChecker(user=user, unit=unit, build=write is not None)
    result = ImportResult()
    error_rows: set[int] = set()
    warning_rows: set[int] = set()
    if isinstance(rows, Table) and rows.ignored:
        result.file_warnings.append(
            _("Các cột không có trong mẫu, đã bỏ qua: %(cols)s.") % {"cols": ", ".join(rows.ignored)}
        )
    for row, column, message in rows.stripped if isinstance(rows, Table) else ():
        result.warnings.append(Issue(row, column, message))  # invisible characters removed on reading
        warning_rows.add(row)
    screened = screen(checker, rows) if isinstance(rows, Table) else None
    chunks = _chunks(checker, rows) if screened is None else _screened_chunks(checker, rows, screened)
    for size, checked in chunks:
        members, refused = [], 0
        for row, member, errors, warnings in checked:
            result.errors.extend(errors)
            result.warnings.extend(warnings)
            if errors:
                error_rows.add(row)
                refused += 1
            else:
                members.append(member)
            if warnings:
                warning_rows.add(row)
        result.total += size
        result.valid += size - refused
        if write is not None and not error_rows:
            write(members)
        if progress is not None:
            progress(result.total)
    result.error_rows, result.warning_rows = len(error_rows), len(warning_rows)
    result.converted = checker.converted
    if result.total == 0:
        result.file_errors.append(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return result


def preview(*, user, unit: OrgUnit, rows, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check every row and write nothing: the errors and warnings, row by row, with counts."""
    _require_edit(user, unit)
    with gc_paused():
        return _run(user=user, unit=unit, rows=rows, progress=progress, write=None)


def commit(
    *, user, unit: OrgUnit, rows, file_name: str = "", progress: Callable[[int], None] | None = None
) -> int:
    """Check the rows again and write them all in one transaction with their history and one audit entry;
    write nothing (ImportRejected) if any row has an error. Returns the number of members created."""
    _require_edit(user, unit)
    reason = _("Nhập từ tệp %(name)s") % {"name": file_name} if file_name else _("Nhập từ tệp")

    def write(members: list[Member]) -> None:
        for member in members:
            member.derive_keys()  # bulk_create does not call save()
        bulk_create_with_history(
            members, Member, batch_size=500, default_user=user, default_change_reason=reason
        )
        changes.created(members=[member.pk for member in members])

    try:
        with transaction.atomic():
            result = _run(user=user, unit=unit, rows=rows, progress=progress, write=write)
            if not result.ok:
                raise ImportRejected(result)
            audit_log(
                actor=user,
                action="member.import",
                unit=unit,
                summary=_("Nhập %(n)s đoàn viên từ tệp %(name)s")
                % {"n": number_format(result.valid, force_grouping=True), "name": file_name or "?"},
                data={
                    "count": result.valid,
                    "file": file_name,
                    "warnings": len(result.warnings),
                    "converted": result.converted,
                },
            )
    except IntegrityError as exc:
        # Someone added a member with one of these citizen IDs between our check and our write.
        failed = ImportResult(
            file_errors=[
                _("Không ghi được: dữ liệu vừa thay đổi (%(error)s). Hãy kiểm tra lại tệp.") % {"error": exc}
            ]
        )
        raise ImportRejected(failed) from exc
    return result.valid
