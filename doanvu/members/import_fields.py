"""Member import, one field at a time: each cell of a row read into the value a Member takes, with the
problems found on the way as errors (the row is refused) or warnings (the row is taken, the officer is told).

`RowIssues` collects a row's errors and warnings against the template's column headers; the readers below
take the cell and the row's issues and return the value. What spans rows (the legacy encoding a file is
typed in, citizen IDs seen earlier in the file, units looked up by code) is the row checker's
(import_rows.py), except the text cells' encoding, kept by `TextCells`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from doanvu.lib import legacy, vntext
from doanvu.lib.dates import parse_date

from .choices import Gender, dues_category_from_text
from .import_files import COLUMNS_BY_KEY, TEXT_KEYS

DATE_KEYS = ("date_of_birth", "joined_on", "party_probationary_on", "party_full_on")

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
_CITIZEN_ID_PUNCTUATION = re.compile(r"[\s.\-]")
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")


# How many distinct values a per-file cache keeps (beyond it, values are read afresh): files repeat most
# values (genders, dates, places, occupations), and a cap keeps 100,000 distinct names from filling memory.
MEMO_LIMIT = 50_000


@dataclass
class Issue:
    row: int
    column: str
    message: str

    def as_list(self) -> list:
        return [self.row, self.column, self.message]


class RowIssues:
    """The errors and warnings of one row, each against its column's header."""

    def __init__(self, row: int):
        self.row = row
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(Issue(self.row, COLUMNS_BY_KEY[key].header, message))

    def warning(self, key: str, message: str) -> None:
        self.warnings.append(Issue(self.row, COLUMNS_BY_KEY[key].header, message))


class Memo:
    """A cell reader (`reader(value, issues) -> value`) that reads each distinct cell value once per file:
    the value and the errors and warnings it gave are kept and given again to each row with that value."""

    def __init__(self, reader):
        self.reader = reader
        self.cache: dict[tuple[type, Any], tuple[Any, list[tuple[str, str]], list[tuple[str, str]]]] = {}

    def __call__(self, value: Any, issues: RowIssues) -> Any:
        key = (type(value), value)
        try:
            found = self.cache.get(key)
        except TypeError:  # not hashable
            return self.reader(value, issues)
        if found is None:
            own = RowIssues(issues.row)
            result = self.reader(value, own)
            found = (
                result,
                [(i.column, i.message) for i in own.errors],
                [(i.column, i.message) for i in own.warnings],
            )
            if len(self.cache) < MEMO_LIMIT:
                self.cache[key] = found
        result, errors, warnings = found
        if errors:
            issues.errors.extend(Issue(issues.row, column, message) for column, message in errors)
        if warnings:
            issues.warnings.extend(Issue(issues.row, column, message) for column, message in warnings)
        return result


def as_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class TextCells:
    """The text cells of each row in Unicode. A file typed in a legacy encoding (TCVN3, VNI) is converted,
    with one warning per row; the encoding found so far decides text that reads both ways."""

    def __init__(self):
        self.hint: str | None = None
        self.unicode_seen = False
        self.converted: dict[str, int] = {}  # legacy encoding → rows converted
        # Each distinct cell text is judged once per file: (text, hint) → (encoding, converted, cleaned).
        self._surely: dict[str, bool] = {}
        self._seen: dict[tuple[str, str | None], tuple[str, str, str]] = {}

    def _convert(self, text: str, hint: str | None) -> tuple[str, str, str]:
        found = self._seen.get((text, hint))
        if found is None:
            encoding = legacy.detect(text, hint) if not text.isascii() else legacy.UNICODE
            converted = legacy.to_unicode(text, encoding) if encoding != legacy.UNICODE else text
            found = (encoding, converted, vntext.clean(converted))
            if len(self._seen) < MEMO_LIMIT:
                self._seen[(text, hint)] = found
        return found

    def read(self, raw: dict[str, Any], issues: RowIssues) -> dict[str, str]:
        values: dict[str, str] = {}
        converted: dict[str, list[tuple[str, str]]] = {}
        for key in TEXT_KEYS:
            value = raw.get(key)
            if value is None:
                values[key] = ""
                continue
            text = value.strip() if type(value) is str else as_text(value)
            if text and not text.isascii():
                surely = self._surely.get(text)
                if surely is None:
                    surely = legacy.surely_unicode(text)
                    if len(self._surely) < MEMO_LIMIT:
                        self._surely[text] = surely
                if surely:
                    self.unicode_seen = True
                # Text that reads both ways follows the file's legacy encoding, unless the file mixes in
                # Unicode: then only text that is plainly legacy is converted.
                encoding, text, cleaned = self._convert(text, None if self.unicode_seen else self.hint)
                if encoding != legacy.UNICODE:
                    converted.setdefault(encoding, []).append((COLUMNS_BY_KEY[key].header, text))
                    self.hint = encoding
                values[key] = cleaned
            else:
                values[key] = self._convert(text, None)[2] if text else ""
        for encoding, cells in converted.items():
            # One warning per row naming the columns, showing the first value so the officer can judge.
            self.converted[encoding] = self.converted.get(encoding, 0) + 1
            message = _("đã chuyển từ mã %(enc)s sang Unicode: “%(text)s”") % {
                "enc": legacy.NAMES[encoding],
                "text": cells[0][1],
            }
            issues.warnings.append(Issue(issues.row, ", ".join(header for header, _text in cells), message))
        return values


def read_gender(value: Any, issues: RowIssues) -> str | None:
    gender_raw = as_text(value)
    if not gender_raw:
        issues.error("gender", _("Chưa có giới tính (Nam hoặc Nữ)."))
        return None
    gender_text = legacy.convert_if_legacy(gender_raw)[0]
    gender = _GENDERS.get(vntext.fold(gender_text))
    if gender is None:
        issues.error("gender", _("Giới tính “%(value)s” không rõ: ghi Nam hoặc Nữ.") % {"value": gender_raw})
    return gender


def read_dates(
    raw: dict[str, Any], issues: RowIssues, parse: dict | None = None
) -> dict[str, datetime.date | None]:
    """The date columns as dates (None when empty or unreadable; unreadable is an error). `parse`, if given,
    keeps each distinct cell's reading for the next rows: (type, value) → (date, error message)."""
    return {key: read_date(key, raw.get(key), issues, parse) for key in DATE_KEYS}


def read_date(key: str, value: Any, issues: RowIssues, parse: dict | None = None) -> datetime.date | None:
    """One date column's cell as a date (see read_dates)."""
    cell = (type(value), value)
    found = parse.get(cell) if parse is not None else None  # only cells that are not empty are kept
    if found is None and (value is None or as_text(value) == ""):
        if COLUMNS_BY_KEY[key].required:
            issues.error(key, _("Chưa có ngày sinh."))
        return None
    if found is None:
        try:
            found = (parse_date(value), "")
        except ValueError as exc:
            found = (None, str(exc))
        if parse is not None and len(parse) < MEMO_LIMIT:
            parse[cell] = found
    day, error = found
    if error:
        issues.error(key, error)
    return day


def check_dates(values: dict, issues: RowIssues, *, today: datetime.date, rules: dict) -> None:
    """The dates against today and each other: ages at joining the Union and the Party, the Party's order.
    A date in the future is an error and is dropped (set to None) from `values`."""
    born, joined = values["date_of_birth"], values["joined_on"]
    probationary, full = values["party_probationary_on"], values["party_full_on"]
    for key in DATE_KEYS:
        if values[key] and values[key] > today:
            issues.error(key, _("Ngày %(day)s chưa đến.") % {"day": _day(values[key])})
            values[key] = None
    if born is None:
        return
    low, high = rules["admission_min_age"], rules["admission_max_age"]
    if joined is not None:
        age = _age_on(born, joined)
        # From the day after the 15th birthday to the day before the 31st.
        if (
            joined <= born
            or age < low
            or (age == low and (joined.month, joined.day) == (born.month, born.day))
            or age > high
        ):
            issues.error(
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
    elif _age_on(born, today) < low:
        issues.error("date_of_birth", _("Chưa đủ tuổi vào Đoàn (sinh ngày %(born)s).") % {"born": _day(born)})
    age_now = _age_on(born, today)
    if age_now > rules["coming_of_age"] and born < today:
        issues.warning("date_of_birth", _("Đã %(age)s tuổi: xem xét trưởng thành Đoàn.") % {"age": age_now})
    if probationary is not None:
        if joined is not None and probationary <= joined:
            issues.error(
                "party_probationary_on",
                _("Ngày vào Đảng (%(day)s) phải sau ngày vào Đoàn (%(joined)s).")
                % {"day": _day(probationary), "joined": _day(joined)},
            )
        elif _age_on(born, probationary) < 18:
            issues.error(
                "party_probationary_on",
                _("Vào Đảng ngày %(day)s khi chưa đủ 18 tuổi.") % {"day": _day(probationary)},
            )
    if full is not None:
        if probationary is None:
            issues.error("party_full_on", _("Có ngày chính thức nhưng chưa có ngày vào Đảng (dự bị)."))
        elif full <= probationary:
            issues.error(
                "party_full_on",
                _("Ngày chính thức (%(day)s) phải sau ngày vào Đảng (%(prob)s).")
                % {"day": _day(full), "prob": _day(probationary)},
            )


def read_citizen_id(value: Any, issues: RowIssues) -> tuple[str, bool]:
    """The citizen ID as 12 digits, and whether it is well formed (only then is it compared with the
    other rows of the file)."""
    if value is None:
        return "", False
    text = _CITIZEN_ID_PUNCTUATION.sub("", as_text(value))
    if not text:
        return "", False
    # A number cell loses the leading 0 every CCCD has (it starts with a province code 001–096).
    if isinstance(value, int | float) and len(text) == 11 and text.isdigit():
        text = "0" + text
        issues.warning("citizen_id", _("Excel đã bỏ số 0 ở đầu số CCCD; đã thêm lại: %(id)s.") % {"id": text})
    if not _CITIZEN_ID.match(text):
        issues.error(
            "citizen_id", _("Số CCCD “%(value)s” phải gồm đúng 12 chữ số.") % {"value": as_text(value)}
        )
        return text, False
    return text, True


def read_dues_category(value: Any, issues: RowIssues) -> str:
    text = legacy.convert_if_legacy(as_text(value))[0]
    category = dues_category_from_text(text)
    if category is None:
        issues.error(
            "dues_category",
            _(
                "Đối tượng đóng đoàn phí “%(value)s” không rõ: ghi Có hưởng lương, Không hưởng lương hoặc "
                "Ở nước ngoài (hoặc bỏ trống)."
            )
            % {"value": as_text(value)},
        )
        return ""
    return category


def read_phone(value: Any, issues: RowIssues) -> str:
    text = _PHONE_PUNCTUATION.sub("", as_text(value))
    if not text:
        return ""
    if isinstance(value, int | float) and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text
        issues.warning(
            "phone", _("Excel đã bỏ số 0 ở đầu số điện thoại; đã thêm lại: %(phone)s.") % {"phone": text}
        )
    if text.startswith("84") and len(text) in (11, 12):
        text = "+" + text
    if not _PHONE.match(text):
        issues.error(
            "phone",
            _("Số điện thoại “%(value)s” không đúng: 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
            % {"value": as_text(value)},
        )
    return text
