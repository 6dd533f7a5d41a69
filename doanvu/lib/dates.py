"""Dates as they arrive in real files: 15/12/2020, 15-12-2020, 15.12.2020, 2020-12-15, 1/2/2020, real
Excel dates (datetime objects from openpyxl) and Excel serial numbers (44180, from CSV or a cell whose
format was lost). Day first, always: that is how Vietnamese write dates."""

from __future__ import annotations

import calendar
import datetime
import re

from django.utils.translation import gettext as _

# Excel's day 0 is 30/12/1899 (its phantom 29/02/1900 makes this the right epoch after 1 March 1900).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers this side of 1900…2100 only; anything else is a number, not a date.
_SERIAL_MIN, _SERIAL_MAX = 367, 73051

_DAY_FIRST = re.compile(
    r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^\d{3,5}(?:[.,]0+)?$")


def from_excel_serial(serial: float) -> datetime.date:
    number = float(serial)
    if not (_SERIAL_MIN <= number <= _SERIAL_MAX):
        raise ValueError(_("Số %(value)s không phải một ngày hợp lệ.") % {"value": _plain(serial)})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _make(year: int, month: int, day: int, raw: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("Ngày “%(value)s” không có trên lịch (ngày/tháng/năm).") % {"value": raw}
        ) from None


def parse_date(value) -> datetime.date:
    """A date from a cell value, or ValueError with a Vietnamese message saying what was wrong."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” không phải một ngày.") % {"value": value})
    if isinstance(value, int | float):
        return from_excel_serial(value)
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("Chưa có ngày."))
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _make(year, month, day, text)
    if match := _YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day, text)
    if _SERIAL.match(text):
        return from_excel_serial(float(text.replace(",", ".")))
    raise ValueError(
        _("“%(value)s” không đúng dạng ngày: ghi ngày/tháng/năm, ví dụ 15/12/2020.") % {"value": text}
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); a day the month lacks becomes its last day (31/1 + 1 → 28/2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
