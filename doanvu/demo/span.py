"""The span of the demo's records: 2025 and 2026, up to the day the demo is seeded."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone

from doanvu.lib import periods

FIRST_YEAR = 2025
YEARS = (FIRST_YEAR, FIRST_YEAR + 1)


def years_to(today: datetime.date) -> list[int]:
    return [y for y in YEARS if datetime.date(y, 1, 1) <= today]


def months_to(today: datetime.date) -> list[periods.Period]:
    return [periods.month(y, m) for y in YEARS for m in range(1, 13) if datetime.date(y, m, 1) <= today]


def quarters(years: list[int], today: datetime.date) -> Iterator[periods.Period]:
    """The quarters of `years` that have begun by `today`."""
    for year in years:
        for q in (1, 2, 3, 4):
            quarter = periods.parse(f"{year}Q{q}")
            if quarter.start <= today:
                yield quarter


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
