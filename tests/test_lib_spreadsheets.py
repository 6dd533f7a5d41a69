"""The one reader of uploaded tables: caps, encodings, the memory limit, and .xls/.ods giving the same values
as .xlsx. No database."""

from __future__ import annotations

import codecs
import datetime

import pytest

from doanvu.lib import spreadsheets
from doanvu.lib.spreadsheets import Limits, SpreadsheetError, read_sheet
from tests.import_fuzz_factories import member_rows, ods_bytes, sheet_xml, xls_bytes, xlsx_bytes
from tests.import_helpers import cp1258, xlsx


def _rows(sheet) -> list[tuple]:
    return [values for _number, values in sheet.lines()]


def test_numbers_and_dates_come_out_as_openpyxl_gave_them():
    upload = xlsx([{"Họ và tên": "An", "Ngày sinh": datetime.date(2000, 12, 15), "Số CCCD": 79202001234}])
    rows = _rows(read_sheet(upload, "a.xlsx"))
    assert rows[1][1] == "An"
    assert rows[1][3] == datetime.datetime(2000, 12, 15)
    assert rows[1][4] == 79202001234 and isinstance(rows[1][4], int)
    assert rows[1][2] is None


def test_a_stray_cell_far_away_is_refused_before_the_grid_is_built():
    data = xlsx_bytes(sheet_xml(member_rows(1), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    with pytest.raises(SpreadsheetError, match=r"dòng 1\.048\.576 \(ô XFD1048576\); tối đa 100\.000 dòng"):
        read_sheet(data, "a.xlsx")


def test_too_many_columns_are_refused_with_the_cell():
    data = xlsx_bytes(sheet_xml([["a"] * 201]))
    with pytest.raises(SpreadsheetError, match=r"cột GS \(ô GS1\); tối đa 200 cột"):
        read_sheet(data, "a.xlsx")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Họ và tên;Giới tính\nAn;Nam\n".encode("utf-16-le"), "utf-16-le"),
        ("Họ và tên;Giới tính\nAn;Nam\n".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF16_LE + "Họ và tên;Giới tính\nAn;Nam\n".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Họ và tên;Giới tính\nAn;Nam\n".encode("utf-16-be"), "utf-16-be"),
        ("Họ và tên;Giới tính\nAn;Nam\n".encode("utf-8-sig"), "utf-8"),
        (cp1258("Họ và tên;Giới tính\nAn;Nam\n"), "windows-1258"),
    ],
)
def test_csv_encodings_are_recognised(data, encoding):
    sheet = read_sheet(data, "a.csv")
    assert sheet.encoding == encoding
    first = _rows(sheet)[0]
    assert [spreadsheets.unicodedata.normalize("NFC", v) for v in first] == ["Họ và tên", "Giới tính"]


def test_a_csv_field_longer_than_the_cap_is_named_by_row_and_column():
    data = ("a,b\n1,2\n3," + "x" * 2001 + "\n").encode()
    with pytest.raises(SpreadsheetError, match=r"^Dòng 3, cột B dài 2\.001 ký tự; tối đa 2\.000\.$"):
        read_sheet(data, "a.csv")


def test_a_file_that_needs_more_memory_than_the_limit_fails_with_a_message_and_the_server_lives():
    data = xlsx_bytes(sheet_xml(member_rows(20_000)))
    with pytest.raises(SpreadsheetError, match="MB bộ nhớ"):
        read_sheet(data, "a.xlsx", Limits(memory_mb=32))
    assert len(_rows(read_sheet(data, "a.xlsx"))) == 20_001


def test_an_upload_over_the_size_cap_is_refused_unread():
    with pytest.raises(SpreadsheetError, match="tối đa 1 MB"):
        read_sheet(b"x" * (1024 * 1024 + 1), "a.csv", Limits(max_bytes=1024 * 1024))


def test_xls_and_ods_give_the_same_values_as_xlsx():
    rows = [
        ["Họ và tên", "Ngày sinh", "Số CCCD", "Điểm"],
        ["Nguyễn Văn An", datetime.date(2000, 12, 15), 1234, 7.5],
    ]
    expected = _rows(read_sheet(xlsx_bytes(sheet_xml([rows[0], [rows[1][0], 36875, 1234, 7.5]])), "a.xlsx"))
    assert expected[1][1] == 36875  # raw XML above has no date style; compare the rest, and the dates below
    for name, data in (("a.xls", xls_bytes(rows)), ("a.ods", ods_bytes(rows))):
        got = _rows(read_sheet(data, name))
        assert got[0] == expected[0], name
        assert got[1] == ("Nguyễn Văn An", datetime.datetime(2000, 12, 15), 1234, 7.5), name


def test_nul_and_control_characters_never_reach_the_database():
    data = xlsx_bytes(sheet_xml([["Họ và tên"], ["An\x00\x01 B"]]))
    assert _rows(read_sheet(data, "a.xlsx"))[1] == ("An B",)
    assert _rows(read_sheet(b"a\nA\x00n\x02\n", "a.csv"))[1] == ("An",)
