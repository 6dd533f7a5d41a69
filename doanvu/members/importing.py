"""Importing members from an Excel (xlsx) or CSV file: a preview that lists every row's errors and
warnings, and an all-or-nothing commit. (The columns, reading files and the template: import_files.py,
whose public names are importable from here too.)

Data first: `TEMPLATE_COLUMNS` says which header feeds which field; `read_rows` turns a file into
(row number, {field: value}); `preview` checks rows and writes nothing; `commit` checks them again and
writes them all in one transaction, or none. Work goes in chunks so that 100,000 rows cost a handful of
queries per thousand, never one per row.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import legacy, vntext
from doanvu.lib.dates import parse_date
from doanvu.org.models import OrgUnit

from .choices import dues_category_from_text
from .import_files import (  # noqa: F401 (the public names of importing live here too)
    COLUMNS_BY_KEY,
    TEMPLATE_COLUMNS,
    TEXT_KEYS,
    Column,
    ImportFileError,
    Table,
    decode_csv,
    header_key,
    read_rows,
    template_xlsx,
)
from .models import CURRENT_STATUSES, Gender, Member, Status

try:  # the members app's shared rules (validation.py); the importer works without them too
    from .validation import member_validate
except ImportError:  # pragma: no cover
    member_validate = None

CHUNK = 1000  # rows checked (and written) together: one query for their units, one for their IDs

# --- Checking rows ---------------------------------------------------------------------------------


@dataclass
class Issue:
    row: int
    column: str
    message: str

    def as_list(self) -> list:
        return [self.row, self.column, self.message]


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


_GENDERS = {
    "nam": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "trai": Gender.MALE,
    "nu": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
    "gai": Gender.FEMALE,
    "khac": Gender.OTHER,
}
_PHONE = re.compile(r"^(0\d{9,10}|\+84\d{9,10})$")
_CITIZEN_ID = re.compile(r"^\d{12}$")


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


class RowChecker:
    """Checks rows against the rules and builds the Member each valid row becomes.

    Holds what spans rows: the citizen IDs seen so far, the units looked up by code, and the legacy
    encoding the file turned out to be typed in."""

    def __init__(self, *, user, unit: OrgUnit, today: datetime.date | None = None):
        self.user = user
        self.unit = unit
        self.today = today or timezone.localdate()
        self.rules = settings.DOANVU_RULES
        self.seen_ids: dict[str, int] = {}
        self.units: dict[str, OrgUnit | None] = {}
        self.hint: str | None = None
        self.unicode_seen = False
        self.converted: dict[str, int] = {}

    # One query per chunk for the units its rows name, one for its citizen IDs already in use.
    def check_chunk(self, chunk: list[tuple[int, dict]]) -> list[tuple[int, Member | None, list, list]]:
        codes = {_as_text(raw.get("unit_code")) for _row, raw in chunk} - {""} - set(self.units)
        if codes:
            found = {
                u.code: u
                for u in OrgUnit.objects.filter(self.unit.subtree_q(), code__in=codes).select_related("kind")
            }
            for code in codes:
                self.units[code] = found.get(code)
        checked = [self.check_row(row, raw) for row, raw in chunk]
        ids = {m.citizen_id for _r, m, _e, _w in checked if m is not None and m.citizen_id}
        if ids:
            taken = set(
                Member.objects.filter(status__in=CURRENT_STATUSES, citizen_id__in=ids).values_list(
                    "citizen_id", flat=True
                )
            )
            header = COLUMNS_BY_KEY["citizen_id"].header
            for row, member, errors, _warnings in checked:
                if member is not None and member.citizen_id in taken:
                    errors.append(
                        Issue(
                            row,
                            header,
                            _("Số CCCD %(id)s đã có ở một đoàn viên đang sinh hoạt trong hệ thống.")
                            % {"id": member.citizen_id},
                        )
                    )
        return [
            (row, None if errors else member, errors, warnings) for row, member, errors, warnings in checked
        ]

    def check_row(self, row: int, raw: dict[str, Any]):
        errors: list[Issue] = []
        warnings: list[Issue] = []

        def error(key: str, message: str) -> None:
            errors.append(Issue(row, COLUMNS_BY_KEY[key].header, message))

        def warning(key: str, message: str) -> None:
            warnings.append(Issue(row, COLUMNS_BY_KEY[key].header, message))

        values: dict[str, Any] = {}
        converted: dict[str, list[tuple[str, str]]] = {}
        for key in TEXT_KEYS:
            text = _as_text(raw.get(key))
            if text and not text.isascii():
                if legacy.surely_unicode(text):
                    self.unicode_seen = True
                # Text that reads both ways follows the file's legacy encoding, unless the file mixes in
                # Unicode: then only text that is plainly legacy is converted.
                encoding = legacy.detect(text, None if self.unicode_seen else self.hint)
                if encoding != legacy.UNICODE:
                    text = legacy.to_unicode(text, encoding)
                    converted.setdefault(encoding, []).append((COLUMNS_BY_KEY[key].header, text))
                    self.hint = encoding
            values[key] = vntext.clean(text)
        for encoding, cells in converted.items():
            # One warning per row naming the columns, showing the first value so the officer can judge.
            self.converted[encoding] = self.converted.get(encoding, 0) + 1
            message = _("đã chuyển từ mã %(enc)s sang Unicode: “%(text)s”") % {
                "enc": legacy.NAMES[encoding],
                "text": cells[0][1],
            }
            warnings.append(Issue(row, ", ".join(header for header, _text in cells), message))

        if not values["full_name"]:
            error("full_name", _("Chưa có họ và tên."))

        gender_raw = _as_text(raw.get("gender"))
        if not gender_raw:
            error("gender", _("Chưa có giới tính (Nam hoặc Nữ)."))
        else:
            gender_text = legacy.convert_if_legacy(gender_raw)[0]
            values["gender"] = _GENDERS.get(vntext.fold(gender_text))
            if values["gender"] is None:
                error("gender", _("Giới tính “%(value)s” không rõ: ghi Nam hoặc Nữ.") % {"value": gender_raw})

        for key in ("date_of_birth", "joined_on", "party_probationary_on", "party_full_on"):
            value = raw.get(key)
            values[key] = None
            if value is None or _as_text(value) == "":
                if COLUMNS_BY_KEY[key].required:
                    error(key, _("Chưa có ngày sinh."))
                continue
            try:
                values[key] = parse_date(value)
            except ValueError as exc:
                error(key, str(exc))
        self._check_dates(values, error, warning)

        values["dues_category"] = self._dues_category(raw.get("dues_category"), error)
        values["citizen_id"] = self._citizen_id(row, raw.get("citizen_id"), error, warning)
        values["phone"] = self._phone(raw.get("phone"), error, warning)
        values["email"] = _as_text(raw.get("email")).lower()
        member_unit = self._unit(raw.get("unit_code"), error)

        if errors:
            return row, None, errors, warnings
        if not values["ethnicity"]:
            values["ethnicity"] = "Kinh"
        if not values["religion"]:
            values["religion"] = "Không"
        member = Member(unit=member_unit, status=Status.ACTIVE, **values)
        for key, message in _model_errors(member):
            column = COLUMNS_BY_KEY.get(key)
            errors.append(Issue(row, column.header if column else "", message))
        return row, (None if errors else member), errors, warnings

    def _check_dates(self, values: dict, error, warning) -> None:
        born, joined = values["date_of_birth"], values["joined_on"]
        probationary, full = values["party_probationary_on"], values["party_full_on"]
        for key in ("date_of_birth", "joined_on", "party_probationary_on", "party_full_on"):
            if values[key] and values[key] > self.today:
                error(key, _("Ngày %(day)s chưa đến.") % {"day": _day(values[key])})
                values[key] = None
        if born is None:
            return
        low, high = self.rules["admission_min_age"], self.rules["admission_max_age"]
        if joined is not None:
            age = _age_on(born, joined)
            # From the day after the 15th birthday to the day before the 31st.
            if (
                joined <= born
                or age < low
                or (age == low and (joined.month, joined.day) == (born.month, born.day))
                or age > high
            ):
                error(
                    "joined_on",
                    _(
                        "Tuổi vào Đoàn phải từ %(low)s đến %(high)s (từ sau ngày sinh nhật lần thứ "
                        "15): vào Đoàn ngày %(day)s khi %(age)s tuổi (sinh ngày %(born)s)."
                    )
                    % {
                        "low": low + 1,
                        "high": high,
                        "day": _day(joined),
                        "age": max(age, 0),
                        "born": _day(born),
                    },
                )
        elif _age_on(born, self.today) < low:
            error("date_of_birth", _("Chưa đủ tuổi vào Đoàn (sinh ngày %(born)s).") % {"born": _day(born)})
        age_now = _age_on(born, self.today)
        if age_now > self.rules["coming_of_age"] and born < self.today:
            warning("date_of_birth", _("Đã %(age)s tuổi: xem xét trưởng thành Đoàn.") % {"age": age_now})
        if probationary is not None:
            if joined is not None and probationary <= joined:
                error(
                    "party_probationary_on",
                    _("Ngày vào Đảng (%(day)s) phải sau ngày vào Đoàn (%(joined)s).")
                    % {"day": _day(probationary), "joined": _day(joined)},
                )
            elif _age_on(born, probationary) < 18:
                error(
                    "party_probationary_on",
                    _("Vào Đảng ngày %(day)s khi chưa đủ 18 tuổi.") % {"day": _day(probationary)},
                )
        if full is not None:
            if probationary is None:
                error("party_full_on", _("Có ngày chính thức nhưng chưa có ngày vào Đảng (dự bị)."))
            elif full <= probationary:
                error(
                    "party_full_on",
                    _("Ngày chính thức (%(day)s) phải sau ngày vào Đảng (%(prob)s).")
                    % {"day": _day(full), "prob": _day(probationary)},
                )

    def _citizen_id(self, row: int, value: Any, error, warning) -> str:
        if value is None:
            return ""
        text = re.sub(r"[\s.\-]", "", _as_text(value))
        if not text:
            return ""
        # A number cell loses the leading 0 every CCCD has (it starts with a province code 001–096).
        if isinstance(value, int | float) and len(text) == 11 and text.isdigit():
            text = "0" + text
            warning("citizen_id", _("Excel đã bỏ số 0 ở đầu số CCCD; đã thêm lại: %(id)s.") % {"id": text})
        if not _CITIZEN_ID.match(text):
            error(
                "citizen_id", _("Số CCCD “%(value)s” phải gồm đúng 12 chữ số.") % {"value": _as_text(value)}
            )
            return text
        first = self.seen_ids.setdefault(text, row)
        if first != row:
            error(
                "citizen_id",
                _("Số CCCD %(id)s trùng với dòng %(row)s trong tệp.") % {"id": text, "row": first},
            )
        return text

    def _dues_category(self, value: Any, error) -> str:
        text = legacy.convert_if_legacy(_as_text(value))[0]
        category = dues_category_from_text(text)
        if category is None:
            error(
                "dues_category",
                _(
                    "Đối tượng đóng đoàn phí “%(value)s” không rõ: ghi Có hưởng lương, Không hưởng lương hoặc "
                    "Ở nước ngoài (hoặc bỏ trống)."
                )
                % {"value": _as_text(value)},
            )
            return ""
        return category

    def _phone(self, value: Any, error, warning) -> str:
        text = re.sub(r"[\s.\-()]", "", _as_text(value))
        if not text:
            return ""
        if isinstance(value, int | float) and len(text) in (9, 10) and not text.startswith("0"):
            text = "0" + text
            warning(
                "phone", _("Excel đã bỏ số 0 ở đầu số điện thoại; đã thêm lại: %(phone)s.") % {"phone": text}
            )
        if text.startswith("84") and len(text) in (11, 12):
            text = "+" + text
        if not _PHONE.match(text):
            error(
                "phone",
                _("Số điện thoại “%(value)s” không đúng: 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
                % {"value": _as_text(value)},
            )
        return text

    def _unit(self, value: Any, error) -> OrgUnit | None:
        code = _as_text(value)
        if not code:
            if self.unit.kind.is_branch:
                return self.unit
            error(
                "unit_code",
                _("Chưa có mã chi đoàn (đơn vị đã chọn, %(unit)s, không phải chi đoàn).")
                % {"unit": self.unit.name},
            )
            return None
        if code not in self.units:  # a row checked on its own, outside check_chunk
            self.units[code] = (
                OrgUnit.objects.filter(self.unit.subtree_q(), code=code).select_related("kind").first()
            )
        unit = self.units[code]
        if unit is None:
            error(
                "unit_code",
                _("Mã chi đoàn “%(code)s” không thuộc phạm vi quản lý (hoặc không có).") % {"code": code},
            )
            return None
        if not unit.kind.is_branch:
            error(
                "unit_code",
                _("“%(code)s” là %(name)s, không phải chi đoàn: đoàn viên sinh hoạt ở chi đoàn.")
                % {"code": code, "name": unit.name},
            )
            return None
        if not unit.is_active_on(self.today):
            error(
                "unit_code", _("%(name)s (%(code)s) đã ngừng hoạt động.") % {"name": unit.name, "code": code}
            )
            return None
        return unit


def _model_errors(member: Member) -> list[tuple[str, str]]:
    """The model's own validation: field formats and the members app's shared rules. Citizen IDs already
    in use are checked per chunk (check_chunk), not here one query per row."""
    if member_validate is not None:
        return member_validate(member, check_unique=False)  # normalises too
    member.normalise()
    try:
        member.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [(key, message) for key, messages in exc.message_dict.items() for message in messages]
    return []


def _chunks(rows: Iterable[tuple[int, dict]], size: int = CHUNK) -> Iterator[list[tuple[int, dict]]]:
    chunk: list[tuple[int, dict]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    checker = RowChecker(user=user, unit=unit)
    result = ImportResult()
    error_rows: set[int] = set()
    warning_rows: set[int] = set()
    if isinstance(rows, Table) and rows.ignored:
        result.file_warnings.append(
            _("Các cột không có trong mẫu, đã bỏ qua: %(cols)s.") % {"cols": ", ".join(rows.ignored)}
        )
    for chunk in _chunks(rows):
        members = []
        for row, member, errors, warnings in checker.check_chunk(chunk):
            result.total += 1
            result.errors.extend(errors)
            result.warnings.extend(warnings)
            if errors:
                error_rows.add(row)
            else:
                members.append(member)
            if warnings:
                warning_rows.add(row)
        result.valid += len(members)
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
    return _run(user=user, unit=unit, rows=rows, progress=progress, write=None)


def commit(
    *, user, unit: OrgUnit, rows, file_name: str = "", progress: Callable[[int], None] | None = None
) -> int:
    """Check the rows again and write them all in one transaction with their history and one audit entry;
    write nothing (ImportRejected) if any row has an error. Returns the number of members created."""
    _require_edit(user, unit)
    reason = _("Nhập từ tệp %(name)s") % {"name": file_name} if file_name else _("Nhập từ tệp")

    def write(members: list[Member]) -> None:
        bulk_create_with_history(
            members, Member, batch_size=500, default_user=user, default_change_reason=reason
        )

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
