"""Registering the member training programme from a file (.xlsx, .xls, .ods or CSV), as the national member software
exchanges it: one row per member with "Họ và tên", "Ngày sinh" or "Số CCCD" to find the member among those
of the unit's sub-tree, and "Nội dung đăng ký" (the member's commitments).

Reading checks every row and lists each problem with its row and column, in Vietnamese; the services write
only when no row has one (all or nothing). The reading (doanvu.lib.spreadsheets, under its caps) and the
header matching are the member importer's (doanvu.members.import_files).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from doanvu.lib import legacy, vntext
from doanvu.lib.dates import parse_date
from doanvu.members.import_files import ImportFileError, header_key, read_sheet, sheet_lines
from doanvu.members.models import Member

HEADER_SCAN_ROWS = 20
MAX_ROWS = 5000

# field key → (header of the template, other headers met in real files)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("Họ tên", "Tên đoàn viên", "Họ và tên đoàn viên", "Họ và tên ĐV")),
    "date_of_birth": ("Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày", "Ngày, tháng, năm sinh")),
    "citizen_id": (
        "Số CCCD",
        (
            "CCCD",
            "Số căn cước",
            "Số căn cước công dân",
            "Căn cước công dân",
            "Số CMND/CCCD",
            "CMND/CCCD",
            "Số định danh",
            "Số định danh cá nhân",
        ),
    ),
    "commitments": (
        "Nội dung đăng ký",
        ("Nội dung đăng ký rèn luyện", "Nội dung rèn luyện", "Đăng ký rèn luyện", "Nội dung", "Cam kết"),
    ),
}
_HEADERS = {
    header_key(name): key for key, (header, aliases) in COLUMNS.items() for name in (header, *aliases)
}
_CITIZEN_ID = re.compile(r"^\d{12}$")


@dataclass
class Issue:
    row: int
    column: str
    message: str


@dataclass
class MatchedRow:
    row: int
    member_id: int
    name: str
    commitments: str
    registered: bool = False  # already registered for the year: the import replaces the commitments


@dataclass
class ImportCheck:
    rows: list[MatchedRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    total: int = 0
    warnings: list[Issue] = field(default_factory=list)  # invisible characters removed on reading

    @property
    def ok(self) -> bool:
        return self.total > 0 and not self.errors and not self.file_errors

    def messages(self) -> list[str]:
        """Every problem as one line: "Dòng 5, cột “Ngày sinh”: …"."""
        return list(self.file_errors) + [_line(issue) for issue in self.errors]

    def warning_lines(self) -> list[str]:
        return [_line(issue) for issue in self.warnings]


def _line(issue: Issue) -> str:
    if not issue.column:
        return _("Dòng %(row)s: %(message)s") % {"row": issue.row, "message": issue.message}
    return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
        "row": issue.row,
        "column": issue.column,
        "message": issue.message,
    }


# --- reading -------------------------------------------------------------------------------------------


def _locate_header(lines: list[tuple[int, tuple]]) -> tuple[int, dict[int, str], dict[str, str]]:
    """(header row, {cell index: field key}, {field key: header as written}) of the row naming most columns."""
    best: tuple[int, dict[int, str], dict[str, str]] | None = None
    for row_number, values in lines:
        mapping: dict[int, str] = {}
        written: dict[str, str] = {}
        for index, value in enumerate(values):
            if value is None or str(value).strip() == "":
                continue
            key = _HEADERS.get(header_key(value))
            if key is not None and key not in written:
                mapping[index] = key
                written[key] = vntext.clean(str(value))
        if best is None or len(mapping) > len(best[1]):
            best = (row_number, mapping, written)
    if best is None or not best[1]:
        raise ImportFileError(
            _("Không tìm thấy dòng tiêu đề: cần các cột Họ và tên, Ngày sinh hoặc Số CCCD, Nội dung đăng ký.")
        )
    row, _mapping, written = best
    if "full_name" not in written:
        raise ImportFileError(_("Dòng tiêu đề (dòng %(row)s) thiếu cột “Họ và tên”.") % {"row": row})
    if "date_of_birth" not in written and "citizen_id" not in written:
        raise ImportFileError(
            _("Dòng tiêu đề (dòng %(row)s) cần cột “Ngày sinh” hoặc “Số CCCD” để tìm đúng đoàn viên.")
            % {"row": row}
        )
    return best


def _records(lines: Iterator[tuple[int, tuple]], header_row: int, mapping: dict[int, str]):
    for row_number, values in lines:
        if row_number <= header_row:
            continue
        record: dict[str, Any] = {}
        for index, key in mapping.items():
            value = values[index] if index < len(values) else None
            if isinstance(value, str):
                value = value.strip() or None
            record[key] = value
        if any(value is not None for value in record.values()):
            yield row_number, record


def read_table(
    file, name: str | None = None
) -> tuple[dict[str, str], list[tuple[int, dict[str, Any]]], list]:
    """({field key: header as written}, [(row number, {field key: value})], [warnings: Issue of each cell
    that had invisible characters removed]) of an .xlsx, .xls, .ods or .csv upload, read by the member
    importer's safe reader (caps, memory limit)."""
    name = name or getattr(file, "name", None) or "tep"
    sheet = read_sheet(file if hasattr(file, "read") else bytes(file), name)
    lines = list(zip(range(MAX_ROWS + HEADER_SCAN_ROWS), sheet_lines(sheet), strict=False))
    lines = [line for _index, line in lines]
    header_row, mapping, written = _locate_header(lines[:HEADER_SCAN_ROWS])
    stripped = [
        Issue(row, written[mapping[column - 1]], message)
        for row, column, message in sheet.stripped
        if row > header_row and column - 1 in mapping
    ]
    return written, list(_records(iter(lines), header_row, mapping)), stripped


# --- checking ----------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return vntext.clean(legacy.convert_if_legacy(str(value))[0])


def _citizen_id(value: Any) -> str:
    text = re.sub(r"[\s.\-]", "", _text(value))
    if isinstance(value, int | float) and len(text) == 11 and text.isdigit():
        text = "0" + text  # an Excel number cell drops the leading 0 every CCCD has
    return text


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def check_rows(
    rows: list[tuple[int, dict[str, Any]]],
    headers: dict[str, str],
    *,
    candidates: list[Member],
    registered: set[int],
    unit_name: str,
) -> ImportCheck:
    """Find each row's member among `candidates` (the members of the unit's sub-tree for the year): by
    citizen ID when the row has one (the name must agree), else by name and date of birth."""
    result = ImportCheck(total=len(rows))
    if len(rows) > MAX_ROWS:
        result.file_errors.append(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": MAX_ROWS})
        return result
    by_id = {m.citizen_id: m for m in candidates if m.citizen_id}
    by_name_dob: dict[tuple[str, Any], list[Member]] = {}
    for member in candidates:
        by_name_dob.setdefault((vntext.fold(member.full_name), member.date_of_birth), []).append(member)
    seen: dict[int, int] = {}
    for row, record in rows:
        problems: list[Issue] = []

        def error(key: str, message: str, row=row, problems=problems) -> None:
            problems.append(Issue(row, headers.get(key, ""), message))

        name = _text(record.get("full_name"))
        if not name:
            error("full_name", _("Chưa có họ và tên."))
        citizen_id = _citizen_id(record.get("citizen_id"))
        born = None
        if record.get("date_of_birth") is not None:
            try:
                born = parse_date(record["date_of_birth"])
            except ValueError as exc:
                error("date_of_birth", str(exc))
        member = None
        if citizen_id:
            if not _CITIZEN_ID.match(citizen_id):
                error("citizen_id", _("Số CCCD “%(value)s” phải gồm đúng 12 chữ số.") % {"value": citizen_id})
            else:
                member = by_id.get(citizen_id)
                if member is None:
                    error(
                        "citizen_id",
                        _("Không có đoàn viên nào của %(unit)s mang số CCCD %(id)s.")
                        % {"unit": unit_name, "id": citizen_id},
                    )
                elif name and vntext.fold(name) != vntext.fold(member.full_name):
                    error(
                        "full_name",
                        _("Số CCCD %(id)s là của đoàn viên %(member)s, không phải “%(name)s”.")
                        % {"id": citizen_id, "member": member.full_name, "name": name},
                    )
                    member = None
                elif born and born != member.date_of_birth:
                    error(
                        "date_of_birth",
                        _("Đoàn viên %(member)s sinh ngày %(day)s, không phải %(given)s.")
                        % {
                            "member": member.full_name,
                            "day": _day(member.date_of_birth),
                            "given": _day(born),
                        },
                    )
                    member = None
        elif name and born:
            found = by_name_dob.get((vntext.fold(name), born), [])
            if not found:
                error(
                    "full_name",
                    _("Không tìm thấy đoàn viên %(name)s sinh ngày %(day)s trong %(unit)s.")
                    % {"name": name, "day": _day(born), "unit": unit_name},
                )
            elif len(found) > 1:
                error(
                    "full_name",
                    _("Có %(n)s đoàn viên cùng tên %(name)s, sinh ngày %(day)s; hãy ghi số CCCD.")
                    % {"n": len(found), "name": name, "day": _day(born)},
                )
            else:
                member = found[0]
        elif name and record.get("date_of_birth") is None:
            problems.append(Issue(row, "", _("Cần ngày sinh hoặc số CCCD để tìm đúng đoàn viên.")))
        if member is not None and not problems:
            first = seen.setdefault(member.pk, row)
            if first != row:
                error(
                    "full_name",
                    _("Đoàn viên %(name)s đã có ở dòng %(first)s.")
                    % {"name": member.full_name, "first": first},
                )
        if problems:
            result.errors.extend(problems)
            continue
        if member is not None:
            result.rows.append(
                MatchedRow(
                    row=row,
                    member_id=member.pk,
                    name=member.full_name,
                    commitments=_text(record.get("commitments")),
                    registered=member.pk in registered,
                )
            )
    return result


def template_xlsx() -> bytes:
    """The file to fill in: the four columns, with one example row."""
    from openpyxl.styles import Font, PatternFill

    from doanvu.documents import xlsx

    workbook = xlsx.workbook()
    sheet = workbook.active
    sheet.title = "Đăng ký rèn luyện"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    keys = ("full_name", "date_of_birth", "citizen_id", "commitments")
    xlsx.append(sheet, [xlsx.cell(sheet, COLUMNS[key][0], font=bold, fill=fill) for key in keys])
    xlsx.append(
        sheet,
        ["Nguyễn Văn An", "15/12/2002", "079202001234", "Tham gia đầy đủ sinh hoạt; học tập Nghị quyết"],
    )
    for letter, width in zip("ABCD", (26, 14, 16, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in range(2, 502):
        sheet.cell(row=row, column=3).number_format = "@"
    return xlsx.to_bytes(workbook)
