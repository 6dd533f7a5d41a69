import datetime

import pytest

from doanvu.lib.dates import add_months, parse_date

D = datetime.date(2020, 12, 15)


@pytest.mark.parametrize(
    "value",
    [
        "15/12/2020",
        "15-12-2020",
        "15.12.2020",
        "2020-12-15",
        " 15/12/2020 ",
        "15/12/2020 00:00:00",
        "2020-12-15 00:00:00",
        "2020/12/15",
    ],
)
def test_the_written_forms_officers_use_are_read_day_first(value):
    assert parse_date(value) == D


def test_day_and_month_without_leading_zeros_are_accepted():
    assert parse_date("1/2/2020") == datetime.date(2020, 2, 1)
    assert parse_date("5-3-1999") == datetime.date(1999, 3, 5)


def test_real_excel_dates_and_python_dates_pass_through():
    assert parse_date(datetime.datetime(2020, 12, 15, 0, 0)) == D
    assert parse_date(D) == D


@pytest.mark.parametrize("serial", [44180, 44180.0, "44180", "44180.0"])
def test_excel_serial_numbers_become_dates(serial):
    assert parse_date(serial) == D


def test_an_early_serial_uses_excels_epoch():
    assert parse_date(36526) == datetime.date(2000, 1, 1)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("31/02/2020", "không có trên lịch"),
        ("15/13/2020", "không có trên lịch"),
        ("ngày mai", "không đúng dạng ngày"),
        ("12/2020", "không đúng dạng ngày"),
        ("15/12/20", "không đúng dạng ngày"),
        ("", "Chưa có ngày"),
        (5, "không phải một ngày"),
        (True, "không phải một ngày"),
    ],
)
def test_anything_else_is_refused_with_a_vietnamese_message(value, words):
    with pytest.raises(ValueError, match=words):
        parse_date(value)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2025, 3, 26), 12, datetime.date(2026, 3, 26)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 11, 15), 18, datetime.date(2027, 5, 15)),
        (datetime.date(2025, 3, 31), -1, datetime.date(2025, 2, 28)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected
