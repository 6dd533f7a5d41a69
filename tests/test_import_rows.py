"""Reading real, messy files and checking rows: each error names its row and column."""

import datetime
import io

import pytest

from doanvu.lib import legacy
from doanvu.members import importing
from doanvu.members.import_rows import RowChecker
from doanvu.members.models import Member

from .import_helpers import HEADERS, csv_file, row, xlsx  # noqa: F401


def check(people, tree, rows, unit=None, user=None):
    table = importing.read_rows(rows)
    return importing.preview(user=user or people.own, unit=unit or tree.branch_a1, rows=table)


def issues(result, kind="errors"):
    return {(i.row, i.column): i.message for i in getattr(result, kind)}


def test_a_clean_file_previews_with_every_row_valid_and_nothing_written(tree, people):
    result = check(people, tree, xlsx([row(1), row(2), row(3)]))
    assert (result.total, result.valid, result.error_rows) == (3, 3, 0)
    assert result.ok
    assert Member.objects.count() == 0


def test_headers_match_ignoring_case_diacritics_and_spaces_below_a_title(tree, people):
    headers = [
        "stt",
        "HO VA TEN",
        "gioi tinh",
        "Ngày  sinh",
        "CCCD",
        "Số điện thoại",
        "e-mail",
        "Ngay vao doan",
        "Mã đơn vị",
        "Ghi chú",
    ]
    data = [
        dict(
            zip(
                headers,
                [1, "Lê Thị Bình", "Nữ", "1/2/2001", "079201000001", "", "", "5/5/2017", "CA1", "x"],
                strict=True,
            )
        )
    ]
    table = importing.read_rows(xlsx(data, headers=headers, title_rows=[["DANH SÁCH ĐOÀN VIÊN"], []]))
    assert table.header_row == 3
    result = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
    assert result.ok, result.errors
    assert result.file_warnings == ["Các cột không có trong mẫu, đã bỏ qua: Ghi chú."]


def test_a_file_without_a_required_column_is_refused_as_a_whole(tree, people):
    headers = ["Họ và tên", "Ngày sinh"]
    with pytest.raises(importing.ImportFileError, match="Giới tính"):
        importing.read_rows(xlsx([{"Họ và tên": "A", "Ngày sinh": "1/1/2000"}], headers=headers))


def test_other_file_types_are_refused(tree, people):
    upload = io.BytesIO(b"x")
    upload.name = "ds.pdf"
    with pytest.raises(importing.ImportFileError, match="xlsx"):
        importing.read_rows(upload)
    upload.name = "ds.xls"
    with pytest.raises(importing.ImportFileError, match=r"Không đọc được tệp Excel \(\.xls\)"):
        importing.read_rows(upload)


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"Họ và tên": None}, "Họ và tên", "Chưa có họ và tên"),
        ({"Giới tính": "Trai gái"}, "Giới tính", "ghi Nam hoặc Nữ"),
        ({"Giới tính": None}, "Giới tính", "Chưa có giới tính"),
        ({"Ngày sinh": None}, "Ngày sinh", "Chưa có ngày sinh"),
        ({"Ngày sinh": "31/02/2000"}, "Ngày sinh", "không có trên lịch"),
        ({"Ngày sinh": "mười lăm"}, "Ngày sinh", "không đúng dạng ngày"),
        ({"Ngày sinh": "15/12/2099"}, "Ngày sinh", "chưa đến"),
        ({"Số CCCD": "07920000"}, "Số CCCD", "đúng 12 chữ số"),
        ({"Số CCCD": "07920000123A"}, "Số CCCD", "đúng 12 chữ số"),
        ({"Điện thoại": "12345"}, "Điện thoại", "10 chữ số"),
        ({"Email": "an@"}, "Email", ""),
        ({"Ngày vào Đoàn": "01/01/2010"}, "Ngày vào Đoàn", "Tuổi vào Đoàn phải từ 16 đến 30"),
        ({"Ngày vào Đoàn": "15/12/2015"}, "Ngày vào Đoàn", "Tuổi vào Đoàn phải từ 16 đến 30"),
        ({"Ngày sinh": "01/01/1980", "Ngày vào Đoàn": "02/01/2015"}, "Ngày vào Đoàn", "khi 35 tuổi"),
        ({"Ngày vào Đoàn": "14/12/2000"}, "Ngày vào Đoàn", "Tuổi vào Đoàn"),
        ({"Mã chi đoàn": "KHONGCO"}, "Mã chi đoàn", "không thuộc phạm vi quản lý"),
    ],
)
def test_each_kind_of_bad_value_is_reported_with_its_row_and_column(tree, people, changes, column, words):
    result = check(people, tree, xlsx([row(1), row(2, **changes)]))
    found = issues(result)
    assert (3, column) in found, result.errors  # row 2 of data is row 3 of the sheet
    assert words in found[(3, column)]
    assert (result.valid, result.error_rows) == (1, 1)
    assert not result.ok


def test_party_dates_must_follow_joining_and_each_other(tree, people):
    headers = [*HEADERS, "Ngày vào Đảng", "Ngày chính thức"]
    rows = [
        row(1, **{"Ngày vào Đảng": "01/01/2016"}),
        row(2, **{"Ngày vào Đảng": "01/06/2020", "Ngày chính thức": "01/01/2020"}),
        row(3, **{"Ngày chính thức": "01/01/2021"}),
        row(4, **{"Ngày vào Đảng": "01/06/2020", "Ngày chính thức": "01/06/2021"}),
    ]
    result = check(people, tree, xlsx(rows, headers=headers))
    found = issues(result)
    assert "phải sau ngày vào Đoàn" in found[(2, "Ngày vào Đảng")]
    assert "phải sau ngày vào Đảng" in found[(3, "Ngày chính thức")]
    assert "chưa có ngày vào Đảng" in found[(4, "Ngày chính thức")]
    assert result.valid == 1


def test_a_branch_code_of_a_sibling_branch_is_outside_the_scope(tree, people):
    result = check(people, tree, xlsx([row(1, **{"Mã chi đoàn": "CA2"})]))
    assert "Mã chi đoàn “CA2” không thuộc phạm vi quản lý" in issues(result)[(2, "Mã chi đoàn")]


def test_a_code_that_is_not_a_branch_is_refused(tree, people):
    result = check(
        people, tree, xlsx([row(1, **{"Mã chi đoàn": "XA"})]), unit=tree.grassroots_a, user=people.above
    )
    assert "không phải chi đoàn" in issues(result)[(2, "Mã chi đoàn")]


def test_rows_without_a_code_go_to_the_chosen_branch_but_not_to_a_unit_above_branches(tree, people):
    assert check(people, tree, xlsx([row(1, **{"Mã chi đoàn": None})])).ok
    result = check(
        people, tree, xlsx([row(1, **{"Mã chi đoàn": None})]), unit=tree.grassroots_a, user=people.above
    )
    assert "Chưa có mã chi đoàn" in issues(result)[(2, "Mã chi đoàn")]


def test_duplicate_citizen_ids_inside_the_file_point_to_the_first_row(tree, people):
    result = check(people, tree, xlsx([row(1), row(2), row(3, **{"Số CCCD": row(1)["Số CCCD"]})]))
    assert issues(result)[(4, "Số CCCD")] == f"Số CCCD {row(1)['Số CCCD']} trùng với dòng 2 trong tệp."


def test_citizen_ids_of_current_members_in_the_database_are_duplicates(tree, people):
    Member.objects.create(
        unit=tree.branch_b1,
        full_name="Trần Văn Cũ",
        gender="male",
        date_of_birth=datetime.date(2000, 1, 1),
        citizen_id=row(2)["Số CCCD"],
    )
    Member.objects.create(
        unit=tree.branch_b1,
        full_name="Trần Văn Đã Trưởng Thành",
        gender="male",
        date_of_birth=datetime.date(1990, 1, 1),
        citizen_id=row(1)["Số CCCD"],
        status="came_of_age",
    )
    result = check(people, tree, xlsx([row(1), row(2)]))
    assert list(issues(result)) == [(3, "Số CCCD")]
    assert "đã có ở một đoàn viên đang sinh hoạt" in issues(result)[(3, "Số CCCD")]


def test_numbers_that_excel_stripped_of_their_leading_zero_get_it_back_with_a_warning(tree, people):
    result = check(people, tree, xlsx([row(1, **{"Số CCCD": 79200000001, "Điện thoại": 912345678})]))
    assert result.ok, result.errors
    warnings = issues(result, "warnings")
    assert "079200000001" in warnings[(2, "Số CCCD")]
    assert "0912345678" in warnings[(2, "Điện thoại")]


def test_excel_dates_and_serial_numbers_are_read_as_dates(tree, people):
    rows = [row(1, **{"Ngày sinh": datetime.datetime(2000, 12, 15), "Ngày vào Đoàn": 42455})]
    result = check(people, tree, xlsx(rows))
    assert result.ok, result.errors
    table = importing.read_rows(xlsx(rows))
    checker = RowChecker(user=people.own, unit=tree.branch_a1)
    ((_row, member, errors, _warnings),) = checker.check_chunk(list(table))
    assert (member.date_of_birth, member.joined_on) == (
        datetime.date(2000, 12, 15),
        datetime.date(2016, 3, 26),
    )


def test_a_tcvn3_cell_is_converted_with_a_warning_naming_its_column(tree, people):
    typed = legacy.from_unicode("Nguyễn Văn Trường", "tcvn3")
    rows = [row(1, **{"Họ và tên": typed, "Giới tính": legacy.from_unicode("Nữ", "tcvn3")})]
    table = importing.read_rows(xlsx(rows))
    result = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
    assert result.ok, result.errors
    assert issues(result, "warnings")[(2, "Họ và tên")] == (
        "đã chuyển từ mã TCVN3 sang Unicode: “Nguyễn Văn Trường”"
    )
    table = importing.read_rows(xlsx(rows))
    checker = RowChecker(user=people.own, unit=tree.branch_a1)
    ((_row, member, _errors, _warnings),) = checker.check_chunk(list(table))
    assert (member.full_name, member.gender) == ("Nguyễn Văn Trường", "female")


def test_a_vni_file_is_converted_too(tree, people):
    rows = [row(1, **{"Họ và tên": "Nguyeãn Vaên An"})]
    result = check(people, tree, xlsx(rows))
    assert issues(result, "warnings")[(2, "Họ và tên")] == "đã chuyển từ mã VNI sang Unicode: “Nguyễn Văn An”"


def test_a_csv_in_windows_1258_is_read_with_its_vietnamese_letters(tree, people):
    rows = [row(1, **{"Họ và tên": "Trần Thị Hương"}), row(2, **{"Họ và tên": "Đặng Văn Ước"})]
    upload = csv_file(rows, encoding="cp1258", delimiter=";")
    table = importing.read_rows(upload)
    assert table.encoding == "windows-1258"
    names = [values["full_name"] for _row, values in table]
    assert names == ["Trần Thị Hương", "Đặng Văn Ước"]
    result = check(people, tree, csv_file(rows, encoding="cp1258"))
    assert result.ok and not result.warnings


def test_a_csv_in_utf8_with_a_bom_is_read(tree, people):
    table = importing.read_rows(csv_file([row(1)], encoding="utf-8-sig"))
    assert table.encoding == "utf-8"
    assert [values["full_name"] for _row, values in table] == ["Nguyễn Văn An"]


def test_a_csv_typed_in_tcvn3_bytes_is_converted(tree, people):
    headers = [
        "STT",
        "Ho va ten",
        "Gioi tinh",
        "Ngay sinh",
        "So CCCD",
        "Dien thoai",
        "Email",
        "Ngay vao Doan",
        "Ma chi doan",
    ]
    typed = legacy.from_unicode("Lê Thị Hường", "tcvn3").encode("cp1252")
    line = b"1," + typed + b",N\xf7,15/12/2000,079200000001,,,26/03/2016,CA1\r\n"
    upload = io.BytesIO(",".join(headers).encode() + b"\r\n" + line)
    upload.name = "cu.csv"
    table = importing.read_rows(upload)
    result = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
    assert result.ok, result.errors
    assert result.converted == {"tcvn3": 1}


def test_officers_above_may_name_any_branch_below_them(tree, people):
    rows = [
        row(1, **{"Mã chi đoàn": "CA1"}),
        row(2, **{"Mã chi đoàn": "CA2"}),
        row(3, **{"Mã chi đoàn": "CB1"}),
    ]
    result = check(people, tree, xlsx(rows), unit=tree.district_a, user=people.above)
    assert issues(result).keys() == {(4, "Mã chi đoàn")}


def test_a_viewer_may_not_even_preview(tree, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        check(people, tree, xlsx([row(1)]), user=people.viewer)
    with pytest.raises(PermissionDenied):
        check(people, tree, xlsx([row(1)]), user=people.sibling)


def test_headers_typed_in_tcvn3_are_recognised(tree, people):
    headers = [legacy.from_unicode(h, "tcvn3") for h in ("Họ và tên", "Giới tính", "Ngày sinh")]
    data = [dict(zip(headers, [legacy.from_unicode("Phạm Thị Ánh", "tcvn3"), "N÷", "1/2/2001"], strict=True))]
    table = importing.read_rows(xlsx(data, headers=headers))
    assert set(table.columns) == {"full_name", "gender", "date_of_birth"}
    result = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
    assert result.ok, result.errors


def names_after_check(people, tree, names):
    table = importing.read_rows(
        xlsx([row(n, **{"Họ và tên": name}) for n, name in enumerate(names, start=1)])
    )
    checker = RowChecker(user=people.own, unit=tree.branch_a1)
    return [member.full_name for _row, member, _errors, _warnings in checker.check_chunk(list(table))]


def test_in_a_file_typed_in_tcvn3_a_name_that_reads_both_ways_is_converted_too(tree, people):
    typed = [legacy.from_unicode(name, "tcvn3") for name in ("Nguyễn Văn An", "Vũ Minh An")]
    assert typed[1] == "Vò Minh An"  # a valid Unicode text as well
    assert names_after_check(people, tree, typed) == ["Nguyễn Văn An", "Vũ Minh An"]


def test_in_a_file_mixing_unicode_and_tcvn3_unicode_names_are_never_converted(tree, people):
    names = ["Nguyễn Văn An", legacy.from_unicode("Trần Thị Hường", "tcvn3"), "Lâm Thanh Bình"]
    assert names_after_check(people, tree, names) == ["Nguyễn Văn An", "Trần Thị Hường", "Lâm Thanh Bình"]


def test_the_same_bad_value_on_many_rows_is_reported_on_every_row(tree, people):
    rows = [row(n, **{"Giới tính": "Không rõ", "Ngày sinh": "31/02/2001"}) for n in range(1, 5)]
    found = issues(check(people, tree, xlsx(rows)))
    for sheet_row in range(2, 6):
        assert "Giới tính “Không rõ” không rõ" in found[(sheet_row, "Giới tính")]
        assert "không có trên lịch" in found[(sheet_row, "Ngày sinh")]


def test_a_tcvn3_name_repeated_on_many_rows_is_converted_with_a_warning_on_each(tree, people):
    name = legacy.from_unicode("Nguyễn Thị Thùy Trang", "tcvn3")
    result = check(people, tree, xlsx([row(n, **{"Họ và tên": name}) for n in range(1, 4)]))
    assert [i.row for i in result.warnings if "TCVN3" in i.message] == [2, 3, 4]
    assert result.converted == {"tcvn3": 3}


def test_a_previewed_and_written_member_gets_its_sort_and_search_keys(tree, people):
    table = importing.read_rows(xlsx([row(1, **{"Họ và tên": "Đặng Thị Ánh"})]))
    assert importing.commit(user=people.own, unit=tree.branch_a1, rows=table) == 1
    member = Member.objects.get()
    assert (member.search_text, member.sort_key != "") == (" dang thi anh ", True)
