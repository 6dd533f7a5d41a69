"""A workbook read a chunk of rows at a time, its columns of repeated texts sent as their distinct texts:
what changes far down a column (a number, a long text, an invisible character, a wider row) comes out as
if the sheet had been read whole. No database."""

from __future__ import annotations

import pytest

from doanvu.lib.spreadsheets import SpreadsheetError, read_sheet
from tests.import_fuzz_factories import xls_bytes

ROWS = 3000  # several chunks of rows


def _sheet(change) -> list[list]:
    rows = [["STT", "Giới tính", "Quê quán", "Họ và tên"]]
    rows += [[n, "Nam" if n % 2 else "Nữ", "Trà Vinh", f"Người {n}"] for n in range(1, ROWS + 1)]
    change(rows)
    return rows


def test_a_number_far_down_a_column_of_repeated_texts_keeps_every_value():
    def change(rows):
        rows[2500][1] = 5

    sheet = read_sheet(xls_bytes(_sheet(change)), "a.xls")
    genders = sheet.column(1)
    assert genders[0] == "Giới tính"
    assert genders[2500] == 5
    assert genders[1:2500] == ["Nam" if n % 2 else "Nữ" for n in range(1, 2500)]
    assert genders[2501:] == ["Nam" if n % 2 else "Nữ" for n in range(2501, ROWS + 1)]


def test_a_long_text_far_down_a_column_of_repeated_texts_is_named_by_its_cell():
    def change(rows):
        rows[2500][2] = "x" * 2500

    with pytest.raises(SpreadsheetError, match=r"^Ô C2501 dài 2\.500 ký tự; tối đa 2\.000\.$"):
        read_sheet(xls_bytes(_sheet(change)), "a.xls")


def test_the_first_long_text_in_reading_order_is_named_when_two_columns_have_one():
    def change(rows):
        rows[2600][3] = "y" * 2100
        rows[2600][1] = "z" * 2200
        rows[2900][2] = "w" * 2300

    with pytest.raises(SpreadsheetError, match=r"^Ô B2601 dài 2\.200 ký tự"):
        read_sheet(xls_bytes(_sheet(change)), "a.xls")


def test_an_invisible_character_far_down_a_column_of_repeated_texts_is_removed_and_reported():
    def change(rows):
        rows[2500][1] = "Na\u200bm"

    sheet = read_sheet(xls_bytes(_sheet(change)), "a.xls")
    assert sheet.column(1)[2500] == "Nam"
    assert [(row, column) for row, column, _message in sheet.stripped] == [(2501, 2)]


def test_a_row_wider_than_those_above_far_down_gives_a_column_empty_above_it():
    def change(rows):
        rows[2500].append("Ghi chú")

    sheet = read_sheet(xls_bytes(_sheet(change)), "a.xls")
    assert sheet.width == 5
    notes = sheet.column(4)
    assert notes[2500] == "Ghi chú"
    assert notes.count(None) == ROWS
    assert sheet.column(2)[1:] == ["Trà Vinh"] * ROWS


def _ids(change) -> list[list]:
    """A column of different ASCII texts (citizen IDs) and one of running numbers, over several chunks."""
    rows = [["STT", "Số CCCD", "Họ và tên"]]
    rows += [[n, f"0792{n:08d}", f"Người {n}"] for n in range(1, ROWS + 1)]
    change(rows)
    return rows


def test_a_text_as_long_as_the_cap_far_down_a_column_of_different_texts_is_read_and_one_more_is_named():
    def at_cap(rows):
        rows[2500][2] = "y" * 2000

    assert read_sheet(xls_bytes(_ids(at_cap)), "a.xls").column(2)[2500] == "y" * 2000

    def over_cap(rows):
        rows[2500][2] = "y" * 2001

    with pytest.raises(SpreadsheetError, match=r"^Ô C2501 dài 2\.001 ký tự; tối đa 2\.000\.$"):
        read_sheet(xls_bytes(_ids(over_cap)), "a.xls")


def test_a_control_character_far_down_a_column_of_ascii_texts_is_removed_and_reported():
    def change(rows):
        rows[2500][1] = "0792\x0700002500"

    sheet = read_sheet(xls_bytes(_ids(change)), "a.xls")
    assert sheet.column(1)[2500] == "079200002500"
    assert sheet.column(1)[2499] == "079200002499"
    assert [(row, column) for row, column, _message in sheet.stripped] == [(2501, 2)]


def test_a_dash_or_a_quotation_mark_far_down_a_column_of_names_is_kept_and_not_reported():
    def change(rows):
        rows[2500][2] = "Người – “Một”"

    sheet = read_sheet(xls_bytes(_ids(change)), "a.xls")
    assert sheet.column(2)[2500] == "Người – “Một”"
    assert sheet.stripped == []


def test_numbers_far_down_a_column_come_back_whole_as_int_and_the_others_as_they_are():
    def change(rows):
        for n in range(1, ROWS + 1):
            rows[n][1] = 79200000000 + n  # citizen IDs typed as numbers
        rows[2500][1] = 2.5
        rows[2600][1] = float(2**53)

    column = read_sheet(xls_bytes(_ids(change)), "a.xls").column(1)
    assert column[1:3] == [79200000001, 79200000002]
    assert {type(value) for n, value in enumerate(column[1:], start=1) if n not in (2500, 2600)} == {int}
    assert (column[2500], type(column[2500])) == (2.5, float)
    assert (column[2600], type(column[2600])) == (float(2**53), float)
    running = read_sheet(xls_bytes(_ids(change)), "a.xls").column(0)
    assert running == ["STT", *range(1, ROWS + 1)]
    assert {type(value) for value in running[1:]} == {int}
