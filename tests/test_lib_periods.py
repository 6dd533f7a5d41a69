import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doanvu.lib import periods
from doanvu.lib.periods import PeriodError, parse

D = datetime.date


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "năm 2025"),
        ("2025S1", D(2025, 1, 1), D(2025, 6, 30), "6 tháng đầu năm 2025"),
        ("2025S2", D(2025, 7, 1), D(2025, 12, 31), "6 tháng cuối năm 2025"),
        ("2025Q1", D(2025, 1, 1), D(2025, 3, 31), "quý I/2025"),
        ("2024Q4", D(2024, 10, 1), D(2024, 12, 31), "quý IV/2024"),
        ("2025M9", D(2025, 1, 1), D(2025, 9, 30), "9 tháng đầu năm 2025"),
        ("202503", D(2025, 3, 1), D(2025, 3, 31), "tháng 3/2025"),
        ("202402", D(2024, 2, 1), D(2024, 2, 29), "tháng 2/2024"),
        ("NH2025-2026", D(2025, 8, 1), D(2026, 7, 31), "năm học 2025 – 2026"),
        ("NK2022-2027", D(2022, 1, 1), D(2027, 12, 31), "nhiệm kỳ 2022 – 2027"),
    ],
)
def test_every_written_form_parses_to_its_boundaries_and_label(code, start, end, label):
    period = parse(code)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)


def test_codes_are_read_regardless_of_case_and_spaces():
    assert parse(" 2025q2 ").code == "2025Q2"
    assert parse("nh2025-2026").code == "NH2025-2026"


@pytest.mark.parametrize("bad", ["", "2025Q5", "202513", "2025S3", "25", "NH2025-2027", "NK2027-2022", "abc"])
def test_anything_else_is_refused_with_a_vietnamese_message(bad):
    with pytest.raises(PeriodError) as err:
        parse(bad)
    assert "không hợp lệ" in str(err.value) or "phải" in str(err.value)


def test_a_year_has_twelve_months_and_a_quarter_three():
    assert [p.code for p in parse("2025Q2").months()] == ["202504", "202505", "202506"]
    assert len(parse("2025").months()) == 12
    assert parse("NH2025-2026").months()[0].code == "202508"


def test_previous_period_of_the_same_kind():
    assert parse("2025Q1").previous().code == "2024Q4"
    assert parse("2025S1").previous().code == "2024S2"
    assert parse("2025S2").previous().code == "2025S1"
    assert parse("202501").previous().code == "202412"
    assert parse("2025").previous().code == "2024"
    assert parse("NH2025-2026").previous().code == "NH2024-2025"
    assert parse("NK2022-2027").previous().code == "NK2017-2022"


def test_the_period_containing_a_date():
    day = D(2025, 8, 15)
    assert periods.for_date("quarter", day).code == "2025Q3"
    assert periods.for_date("half", day).code == "2025S2"
    assert periods.for_date("school_year", day).code == "NH2025-2026"
    assert periods.for_date("school_year", D(2026, 3, 1)).code == "NH2025-2026"


@given(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)),
    st.sampled_from(["year", "half", "quarter", "month", "school_year"]),
)
def test_periods_of_one_kind_tile_time_without_gaps(day, kind):
    period = periods.for_date(kind, day)
    assert period.contains(day)
    assert parse(period.code) == period
    following = periods.for_date(kind, period.end_exclusive)
    assert following.previous() == period


def test_the_period_list_offers_only_periods_that_have_begun_with_their_titles():
    offered = {p.code: p.title for p in periods.choices(datetime.date(2025, 2, 10), years=2)}
    assert offered["2025Q1"] == "Quý I/2025" and offered["2025"] == "Năm 2025"
    assert offered["202502"] == "Tháng 2/2025" and offered["NH2024-2025"] == "Năm học 2024 – 2025"
    assert offered["2024S1"] == "6 tháng đầu năm 2024" and offered["2024M9"] == "9 tháng đầu năm 2024"
    assert "2025Q2" not in offered and "202503" not in offered and "NH2025-2026" not in offered
    groups = dict(periods.choice_groups(datetime.date(2025, 2, 10), periods.parse("NK2022-2027")))
    assert [p.code for p in groups["Gần đây"]][:4] == ["202502", "202501", "2025Q1", "2024Q4"]
    assert [p.code for p in groups["Quý"]][:2] == ["2024Q3", "2024Q2"]  # listed once, in "Gần đây"
    assert [p.code for p in groups["Nhiệm kỳ"]] == ["NK2022-2027"]  # the current one, added


@pytest.mark.parametrize(
    ("code", "years"),
    [
        ("2025", [2025]),
        ("2025Q4", [2025]),
        ("2025Q3", []),
        ("202512", [2025]),
        ("NH2025-2026", [2025]),
        ("2025S1", []),
    ],
)
def test_the_years_whose_31_december_a_period_holds(code, years):
    assert periods.parse(code).years_ending() == years
