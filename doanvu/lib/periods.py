"""Reporting periods and their boundaries. One written form everywhere (pages, console, API):

    2025           năm 2025                       1/1/2025 – 31/12/2025
    2025S1, 2025S2 6 tháng đầu / cuối năm 2025     half-years
    2025Q1 … Q4    quý I … IV/2025                quarters
    2025M9         9 tháng đầu năm 2025           1/1/2025 – 30/9/2025
    202503         tháng 3/2025                   months
    NH2025-2026    năm học 2025 – 2026            1/8/2025 – 31/7/2026 (school year)
    NK2022-2027    nhiệm kỳ 2022 – 2027           1/1/2022 – 31/12/2027 (term of office)

Pure functions, no Django.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The school year runs from this month to the month before it, one year on.
SCHOOL_YEAR_START_MONTH = 8

KINDS = {
    "year": "Năm",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "quarter": "Quý",
    "month": "Tháng",
    "school_year": "Năm học",
    "term": "Nhiệm kỳ",
}

_PATTERNS = [
    ("month", re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")),
    ("year", re.compile(r"^(\d{4})$")),
    ("half", re.compile(r"^(\d{4})S([12])$")),
    ("quarter", re.compile(r"^(\d{4})Q([1-4])$")),
    ("nine_months", re.compile(r"^(\d{4})M9$")),
    ("school_year", re.compile(r"^NH(\d{4})-(\d{4})$")),
    ("term", re.compile(r"^NK(\d{4})-(\d{4})$")),
]


class PeriodError(ValueError):
    pass


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str
    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """How the Union writes the period in a report title."""
        y = self.start.year
        if self.kind == "year":
            return f"năm {y}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}"
        if self.kind == "nine_months":
            return f"9 tháng đầu năm {y}"
        if self.kind == "quarter":
            return f"quý {ROMAN[(self.start.month - 1) // 3 + 1]}/{y}"
        if self.kind == "month":
            return f"tháng {self.start.month}/{y}"
        if self.kind == "school_year":
            return f"năm học {y} – {self.end.year}"
        return f"nhiệm kỳ {y} – {self.end.year}"

    @property
    def title(self) -> str:
        """The label as a list shows it: "Quý I/2025", "6 tháng đầu năm 2025", "Năm học 2025 – 2026"."""
        label = self.label
        return label[:1].upper() + label[1:]

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def years_ending(self) -> list[int]:
        """The years whose 31/12 lies in the period (year-end evaluation is dated that day)."""
        return [
            y for y in range(self.start.year, self.end.year + 1) if self.contains(datetime.date(y, 12, 31))
        ]

    @property
    def end_exclusive(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)

    def months(self) -> list[Period]:
        """The calendar months the period covers, in order."""
        out, y, m = [], self.start.year, self.start.month
        while datetime.date(y, m, 1) <= self.end:
            out.append(month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def previous(self) -> Period:
        """The period of the same kind just before this one (for comparisons in reports)."""
        if self.kind == "month":
            y, m = (
                (self.start.year - 1, 12)
                if self.start.month == 1
                else (self.start.year, self.start.month - 1)
            )
            return month(y, m)
        if self.kind in ("year", "half", "quarter", "nine_months"):
            if self.kind == "year" or self.kind == "nine_months":
                return parse(self.code.replace(str(self.start.year), str(self.start.year - 1), 1))
            step = 6 if self.kind == "half" else 3
            first = self.start - datetime.timedelta(days=1)
            return for_date(self.kind, datetime.date(first.year, first.month - step + 1, 1))
        length = self.end.year - self.start.year + 1
        if self.kind == "school_year":
            return school_year(self.start.year - 1)
        return term(self.start.year - length + 1, self.start.year)


def month(year: int, m: int) -> Period:
    return Period(datetime.date(year, m, 1), _month_end(year, m), "month", f"{year}{m:02d}")


def school_year(first_year: int) -> Period:
    start = datetime.date(first_year, SCHOOL_YEAR_START_MONTH, 1)
    end_month = SCHOOL_YEAR_START_MONTH - 1 or 12
    end = _month_end(first_year + 1 if SCHOOL_YEAR_START_MONTH > 1 else first_year, end_month)
    return Period(start, end, "school_year", f"NH{first_year}-{first_year + 1}")


def term(first_year: int, last_year: int) -> Period:
    if last_year <= first_year:
        raise PeriodError(f"Nhiệm kỳ {first_year}-{last_year}: năm kết thúc phải sau năm bắt đầu.")
    return Period(
        datetime.date(first_year, 1, 1),
        datetime.date(last_year, 12, 31),
        "term",
        f"NK{first_year}-{last_year}",
    )


# A month as people write it: "12/2026", "3/2025".
_MONTH_WRITTEN = re.compile(r"^(0?[1-9]|1[0-2])/(\d{4})$")


def parse(code: str) -> Period:
    """Parse a period code (or a month written "12/2026"); raise PeriodError with a Vietnamese message for
    anything else."""
    text = (code or "").strip().upper()
    written = _MONTH_WRITTEN.match(text)
    if written:
        text = f"{written.group(2)}{int(written.group(1)):02d}"
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        a = int(match.group(1))
        if not 1900 <= a <= 2200:
            break
        if kind == "year":
            return Period(datetime.date(a, 1, 1), datetime.date(a, 12, 31), kind, text)
        if kind == "month":
            return month(a, int(match.group(2)))
        if kind == "half":
            first = 1 if match.group(2) == "1" else 7
            return Period(datetime.date(a, first, 1), _month_end(a, first + 5), kind, text)
        if kind == "quarter":
            first = (int(match.group(2)) - 1) * 3 + 1
            return Period(datetime.date(a, first, 1), _month_end(a, first + 2), kind, text)
        if kind == "nine_months":
            return Period(datetime.date(a, 1, 1), datetime.date(a, 9, 30), kind, text)
        b = int(match.group(2))
        if kind == "school_year":
            if b != a + 1:
                raise PeriodError(f"Năm học «{code}»: năm sau phải bằng năm trước cộng 1.")
            return school_year(a)
        return term(a, b)
    raise PeriodError(
        f"Kỳ báo cáo «{code}» không hợp lệ. Chọn kỳ trong danh sách, hoặc viết dạng 2025, 2025S1, 2025Q1, "
        "2025M9, 202503 (hay 3/2025), NH2025-2026 hoặc NK2022-2027."
    )


def for_date(kind: str, day: datetime.date) -> Period:
    """The period of `kind` that contains `day` (term is not derivable from a date alone)."""
    y = day.year
    if kind == "year":
        return parse(str(y))
    if kind == "month":
        return month(y, day.month)
    if kind == "half":
        return parse(f"{y}S{1 if day.month <= 6 else 2}")
    if kind == "quarter":
        return parse(f"{y}Q{(day.month - 1) // 3 + 1}")
    if kind == "nine_months":
        return parse(f"{y}M9")
    if kind == "school_year":
        return school_year(y if day.month >= SCHOOL_YEAR_START_MONTH else y - 1)
    raise PeriodError(f"Không xác định được kỳ loại «{kind}» từ một ngày.")


def choices(today: datetime.date, *, years: int = 3) -> list[Period]:
    """The periods a list offers, newest first: for this year and the `years` - 1 before it, the year, its
    halves, nine months, quarters and months that have begun, and the school years that have begun."""
    out: list[Period] = []
    for y in range(today.year, today.year - years, -1):
        started = [
            parse(str(y)),
            parse(f"{y}S2"),
            parse(f"{y}M9"),
            parse(f"{y}S1"),
            *(parse(f"{y}Q{q}") for q in (4, 3, 2, 1)),
            *(month(y, m) for m in range(12, 0, -1)),
        ]
        out += [p for p in started if p.start <= today]
        first = school_year(y)
        if first.start <= today:
            out.append(first)
    return out


def recent(today: datetime.date) -> list[Period]:
    """The periods a list puts first: this month, quarter, half and year, each followed by the one before
    it, then this school year."""
    out: list[Period] = []
    for kind in ("month", "quarter", "half", "year"):
        current = for_date(kind, today)
        out += [current, current.previous()]
    return [*out, for_date("school_year", today)]


RECENT_LABEL = "Gần đây"


def choice_groups(today: datetime.date, current: Period | None = None) -> list[tuple[str, list[Period]]]:
    """`choices` grouped for a list with headings: the recent periods first ("Gần đây": this period and
    the one before, of each kind), then the others by kind (Năm, 6 tháng, …), with `current` added where
    it is not among them (an older period, a term of office). No period is listed twice."""
    first = recent(today)
    found = [p for p in choices(today) if p not in first]
    if current is not None and current not in found and current not in first:
        found.append(current)
    return (
        [(RECENT_LABEL, first)]
        + [(label, [p for p in found if p.kind == kind]) for kind, label in KINDS.items() if kind != "term"]
        + ([(KINDS["term"], [current])] if current is not None and current.kind == "term" else [])
    )
