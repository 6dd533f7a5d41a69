"""Numbers as people type them: one parser for forms, imports and the API (docs/architecture.md,
"Numbers as people type them"). Pure, no database."""

from decimal import Decimal

import pytest

from doanvu.lib import vnnumbers as n
from doanvu.lib.vnnumbers import COUNT, DECIMAL, MONEY


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("5.000.000", MONEY, 5_000_000),
        ("5000000", MONEY, 5_000_000),
        ("5 000 000", MONEY, 5_000_000),
        ("5\u00a0000\u00a0000", MONEY, 5_000_000),
        ("5,000,000", MONEY, 5_000_000),
        ("5 triệu", MONEY, 5_000_000),
        ("5 Triệu đồng", MONEY, 5_000_000),
        ("5tr", MONEY, 5_000_000),
        ("1,5 tỷ", MONEY, 1_500_000_000),
        ("1,5 tỉ", MONEY, 1_500_000_000),
        ("2.5 triệu", MONEY, 2_500_000),
        ("1 tỷ 200 triệu", MONEY, 1_200_000_000),
        ("150 triệu đồng", MONEY, 150_000_000),
        ("5 nghìn", MONEY, 5_000),
        ("5 ngàn", MONEY, 5_000),
        ("500k", MONEY, 500_000),
        ("500.000đ", MONEY, 500_000),
        ("1.500", COUNT, 1500),
        ("2.145", COUNT, 2145),
        ("03", COUNT, 3),
        ("03 cuộc", COUNT, 3),
        (" 12 ", COUNT, 12),
        ("1,2 nghìn", COUNT, 1200),
        ("2,5", DECIMAL, Decimal("2.5")),
        ("2.5", DECIMAL, Decimal("2.5")),
        ("1.234,5", DECIMAL, Decimal("1234.5")),
        ("95,5%", DECIMAL, Decimal("95.5")),
        ("0,50", DECIMAL, Decimal("0.5")),
        ("1.500", DECIMAL, 1500),
    ],
)
def test_a_number_typed_the_way_people_write_it_is_read(typed, kind, value):
    unit = {COUNT: "cuộc", MONEY: "đồng", DECIMAL: ""}[kind]
    assert n.parse(typed, kind=kind, unit_label=unit) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "kind", "says"),
    [
        ("1,5", COUNT, "không phải số nguyên"),
        ("2.5", COUNT, "không phải số nguyên"),
        ("2,5", MONEY, "không có phần lẻ của một đồng"),
        ("2.5", MONEY, "hãy gõ «2,5 triệu»"),
        ("1,500", COUNT, "«1,500» là 1.500 hay 1,5?"),
        ("1,500", MONEY, "«1,500» là 1.500 hay 1,5?"),
        ("1,500", DECIMAL, "«1,500» là 1.500 hay 1,5?"),
        ("1,234.5", DECIMAL, "kiểu tiếng Anh"),
        ("5.00.000", MONEY, "dấu chấm chỉ dùng để tách hàng nghìn"),
        ("5 triệu 200", MONEY, "mỗi phần cần một chữ chỉ hàng"),
        ("năm triệu", MONEY, "Không đọc được «năm triệu»"),
        ("1e5", COUNT, "Không đọc được"),
        ("5.", COUNT, "Không đọc được"),
        ("١٢", COUNT, "Không đọc được"),
        ("2,555", DECIMAL, "là 2.555 hay 2,555?"),
        ("1,255", DECIMAL, "là 1.255 hay 1,255?"),
        ("0,125", DECIMAL, "tối đa 2 chữ số sau dấu phẩy"),
        ("99999999999999999", COUNT, "quá lớn"),
    ],
)
def test_an_entry_that_cannot_be_read_one_way_is_refused_with_a_message_that_says_why(typed, kind, says):
    with pytest.raises(n.NumberError) as refused:
        n.parse(typed, kind=kind)
    assert says in str(refused.value)


def test_an_empty_entry_is_no_value():
    assert n.parse("  ", kind=COUNT) is None
    assert n.parse(None, kind=MONEY) is None


def test_numbers_that_are_not_text_are_held_to_the_same_rules():
    assert n.parse(5_000_000, kind=MONEY) == 5_000_000
    assert n.parse(2.5, kind=DECIMAL) == Decimal("2.5")
    with pytest.raises(n.NumberError):
        n.parse(Decimal("1.5"), kind=COUNT)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [("đồng", MONEY), ("VNĐ", MONEY), ("cuộc", COUNT), ("lượt", COUNT), ("ha", DECIMAL), ("%", DECIMAL)],
)
def test_the_unit_of_a_figure_decides_what_it_may_hold(unit, kind):
    assert n.unit_kind(unit) == kind


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (5_000_000, "đồng", "năm triệu đồng"),
        (1_500_000_000, "đồng", "một tỷ năm trăm triệu đồng"),
        (1500, "lượt", "một nghìn năm trăm lượt"),
        (21, "", "hai mươi mốt"),
        (Decimal("2.5"), "", "hai phẩy năm"),
        (Decimal("0.05"), "ha", "không phẩy không năm ha"),
        (Decimal("-3"), "", "âm ba"),
    ],
)
def test_a_number_is_read_back_in_words(value, unit, said):
    assert n.words(value, unit) == said
