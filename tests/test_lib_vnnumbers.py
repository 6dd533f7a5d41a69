from decimal import Decimal

import pytest

from doanvu.lib import vnnumbers as n


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (7, "7"), (2145, "2.145"), (5000000, "5.000.000"), (-1234, "-1.234")]
)
def test_thousands_are_grouped_with_a_dot(value, text):
    assert n.group(value) == text


def test_decimals_use_a_comma_and_drop_a_zero_fraction():
    assert n.group(95.5, 1) == "95,5"
    assert n.group(95.0, 1) == "95"


@pytest.mark.parametrize(("value", "text"), [(3, "03"), (9, "09"), (0, "0"), (12, "12"), (2145, "2.145")])
def test_small_counts_take_a_leading_zero(value, text):
    assert n.count(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (15_000_000, "15 triệu đồng"),
        (150_000_000, "150 triệu đồng"),
        (2_500_000_000, "2,5 tỷ đồng"),
        (5_250_000, "5.250.000 đồng"),
        (100_000, "100.000 đồng"),
    ],
)
def test_money_reads_with_scale_words_when_round(value, text):
    assert n.money(value) == text


def test_ratio_and_achievement():
    assert n.ratio(33, 41) == "33/41"
    assert n.ratio(4, 2) == "04/02"
    assert n.achievement(4, 2) == Decimal("200.0")
    assert n.achievement(4, 0) is None
    assert n.percent(n.achievement(4, 2)) == "200%"
