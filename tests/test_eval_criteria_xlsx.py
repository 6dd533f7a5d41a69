"""A criteria set as xlsx: export → import gives back exactly the same set; every import error is named
with its row and column, and nothing is written while one remains."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.criteria import xlsx as criteria_xlsx
from doanvu.evaluation.criteria.selectors import criteria_set_structure
from doanvu.evaluation.models import (
    Condition,
    CriteriaSet,
)

from .test_eval_criteria_factories import build_set

FIRST = 7  # the first data row of an exported workbook


def upload(content: bytes, name="bo-tieu-chi.xlsx"):
    return SimpleUploadedFile(name, content, content_type=criteria_xlsx.XLSX_TYPE)


def sheet_values(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def edited(content: bytes, changes: dict[str, object], *, delete_rows: tuple = ()) -> bytes:
    """The workbook with cells changed ({"G7": "tám"}) and rows deleted."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    for ref, value in changes.items():
        sheet[ref] = value
    for row in sorted(delete_rows, reverse=True):
        sheet.delete_rows(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def exported(tree, people):
    criteria_set = build_set(tree, people.province_officer)
    return criteria_set, criteria_xlsx.export_xlsx(criteria_set)


def test_the_export_has_the_header_block_and_one_row_per_condition(exported):
    criteria_set, content = exported
    rows = sheet_values(content)
    assert rows[0][:2] == ("Tên bộ tiêu chí", "Bộ tiêu chí đánh giá, xếp loại năm 2025")
    assert rows[1][:2] == ("Năm", 2025)
    assert rows[3][:2] == ("Đơn vị ban hành", "Tỉnh đoàn Test")
    assert rows[5][:7] == (
        "Số tiêu chí",
        "Tiêu chí",
        "Số nội dung",
        "Nội dung",
        "Số điều kiện",
        "Điều kiện chấm điểm",
        "Điểm tối đa",
    )
    assert rows[6] == (
        "I",
        "Công tác giáo dục chính trị, tư tưởng",
        "1",
        "Chế độ thông tin, báo cáo",
        "1.1",
        "Thực hiện đầy đủ, đúng hạn các báo cáo tháng, 6 tháng, năm",
        8,
        None,
        "8: tất cả báo cáo đúng hạn; 6: chậm 1–2 báo cáo tháng; không thiếu báo cáo nào; "
        "4: chậm 3–4 báo cáo tháng; 2: chậm từ 5 báo cáo tháng; 0: thiếu báo cáo năm, 6 tháng",
        "Số, ngày của từng báo cáo",
        "x",
        "report_timeliness",
        None,
    )
    assert rows[8][4:9] == ("2.1", "Có mô hình mới, sáng tạo được cấp trên công nhận", 2.5, "x", None)
    assert rows[9][11:] == (
        "indicator_value",
        '{"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]}',
    )
    assert len(rows) == 10


def test_export_then_import_gives_back_exactly_the_same_set(tree, people, exported):
    source, content = exported
    imported = criteria_xlsx.import_new(
        upload=upload(content), issuer=tree.province, by=people.province_officer
    )
    assert imported.pk != source.pk
    assert (imported.title, imported.year, imported.number) == (source.title, source.year, source.number)
    assert criteria_set_structure(imported) == criteria_set_structure(source)
    assert imported.points() == source.points()
    assert sheet_values(criteria_xlsx.export_xlsx(imported)) == sheet_values(content)
    assert AuditEntry.objects.filter(action="criteria_set.import", unit=tree.province).count() == 1


def test_criteria_and_contents_without_conditions_survive_the_round_trip(tree, people):
    rows = [
        {"code": "I", "title": "Tiêu chí chưa có nội dung", "contents": []},
        {
            "code": "II",
            "title": "Tiêu chí",
            "contents": [{"code": "1", "title": "Nội dung trống", "conditions": []}],
        },
        {
            "code": "III",
            "title": "Tiêu chí đủ",
            "contents": [
                {
                    "code": "1",
                    "title": "Nội dung",
                    "conditions": [{"code": "a", "text": "Điều kiện", "max_points": "1.25"}],
                }
            ],
        },
    ]
    source = build_set(tree, people.province_officer, rows=rows)
    imported = criteria_xlsx.import_new(
        upload=upload(criteria_xlsx.export_xlsx(source)), issuer=tree.province, by=people.province_officer
    )
    assert criteria_set_structure(imported) == criteria_set_structure(source)


def test_rows_may_leave_the_criterion_and_content_to_continue_the_one_above(tree, people, exported):
    _source, content = exported
    blanked = edited(content, {"A8": None, "B8": None, "C8": None, "D8": None})
    parsed = criteria_xlsx.parse_xlsx(upload(blanked))
    assert [c["code"] for c in parsed.structure[0]["contents"][0]["conditions"]] == ["1.1", "1.2"]


def test_importing_into_a_draft_replaces_its_rows(tree, people, exported):
    source, content = exported
    target = build_set(tree, people.province_officer, rows=[], title="Bộ tiêu chí nháp")
    criteria_xlsx.import_into(criteria_set=target, upload=upload(content), by=people.province_officer)
    target.refresh_from_db()
    assert target.title == source.title
    assert criteria_set_structure(target) == criteria_set_structure(source)


def test_an_issued_set_or_another_year_is_not_imported_into(tree, people, exported):
    _source, content = exported
    other_year = build_set(tree, people.province_officer, rows=[], year=2026)
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.import_into(criteria_set=other_year, upload=upload(content), by=people.province_officer)
    assert refused.value.messages == ["Năm trong tệp (2025) khác năm của bộ tiêu chí (2026)."]
    issued = build_set(tree, people.province_officer, issue=True)
    with pytest.raises(ValidationError, match="đã ban hành"):
        criteria_xlsx.import_into(criteria_set=issued, upload=upload(content), by=people.province_officer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"G7": "tám"}, "Dòng 7, cột Điểm tối đa: Điểm tối đa phải là một số, ví dụ 8 hoặc 2,5."),
        ({"G7": None}, "Dòng 7, cột Điểm tối đa: Hãy ghi điểm tối đa."),
        ({"G7": -2}, "Dòng 7, cột Điểm tối đa: Điểm tối đa không được âm."),
        ({"G7": "2,5555"}, "Dòng 7, cột Điểm tối đa: Điểm tối đa chỉ có tối đa 2 chữ số thập phân."),
        ({"G7": 100000}, "Dòng 7, cột Điểm tối đa: Điểm tối đa phải nhỏ hơn 10.000."),
        ({"G7": 6}, "Dòng 7, cột Các mức điểm: Mức 8 điểm lớn hơn điểm tối đa (6)."),
        (
            {"I7": "4: ít; 6: nhiều"},
            "Dòng 7, cột Các mức điểm: Các mức điểm phải xếp từ cao xuống thấp, không trùng nhau: mức 6 đứng sau mức 4.",
        ),
        (
            {"I7": "8: đủ; 8: cũng đủ"},
            "Dòng 7, cột Các mức điểm: Các mức điểm phải xếp từ cao xuống thấp, không trùng nhau: mức 8 đứng sau mức 8.",
        ),
        (
            {"I7": "tám điểm khi đủ"},
            "Dòng 7, cột Các mức điểm: Mức thứ 1 («tám điểm khi đủ») phải viết dạng «điểm: khi nào», ví dụ «8: tất cả đúng hạn».",
        ),
        ({"I7": "8: "}, "Dòng 7, cột Các mức điểm: Mức 8 điểm: hãy ghi khi nào được mức điểm này."),
        ({"H7": "có"}, "Dòng 7, cột Điểm thưởng (x): ghi «x» hoặc để trống."),
        ({"K7": "bắt buộc"}, "Dòng 7, cột Bắt buộc minh chứng (x): ghi «x» hoặc để trống."),
        ({"L7": "thoi_tiet"}, "Dòng 7, cột Gắn dữ liệu: Mã dữ liệu «thoi_tiet» không có; dùng một trong:"),
        ({"M10": "{indicator: blood}"}, "Dòng 10, cột Tham số dữ liệu: Tham số dữ liệu phải là JSON"),
        (
            {"M10": '{"indicator": "khong_co", "thresholds": [[1, 1]]}'},
            "Dòng 10, cột Tham số dữ liệu: Chỉ số «khong_co» không có trong danh mục chỉ số.",
        ),
        (
            {"M10": '{"indicator": "blood_units"}'},
            "Dòng 10, cột Tham số dữ liệu: Ngưỡng phải là danh sách [giá trị, điểm]",
        ),
        (
            {"M7": '{"target": 3}'},
            "Dòng 7, cột Tham số dữ liệu: Chỉ ghi chỉ tiêu (target) khi gắn dữ liệu giới thiệu đoàn viên ưu tú.",
        ),
        (
            {"M9": '{"target": 3}'},
            "Dòng 9, cột Tham số dữ liệu: Chỉ ghi tham số dữ liệu khi điều kiện gắn với dữ liệu.",
        ),
        ({"E7": None}, "Dòng 7, cột Số điều kiện: Hãy ghi số thứ tự."),
        ({"E7": "1.1.1.1.1.1.1.1.1"}, "Dòng 7, cột Số điều kiện: Số thứ tự dài tối đa 16 ký tự."),
        ({"F7": None}, "Dòng 7, cột Điều kiện chấm điểm: Hãy ghi nội dung điều kiện chấm điểm."),
        ({"E8": "1.1"}, "Dòng 8, cột Số điều kiện: điều kiện 1.1 đã có ở dòng 7."),
        (
            {"B8": "Tên khác"},
            "Dòng 8, cột Tiêu chí: tiêu chí I đã có tên «Công tác giáo dục chính trị, tư tưởng» ở dòng 7.",
        ),
        (
            {"D8": "Tên khác"},
            "Dòng 8, cột Nội dung: nội dung 1 đã có tên «Chế độ thông tin, báo cáo» ở dòng 7.",
        ),
        ({"A7": None}, "Dòng 7, cột Số tiêu chí: Hãy ghi số thứ tự."),
        ({"B7": None, "A7": "IV"}, "Dòng 7, cột Tiêu chí: Hãy ghi tên tiêu chí."),
        ({"D7": None, "C7": "9"}, "Dòng 7, cột Nội dung: Hãy ghi tên nội dung."),
        ({"A7": None, "B7": None}, "Dòng 7, cột Tiêu chí: hãy ghi số và tên tiêu chí."),
        ({"C7": None, "D7": None}, "Dòng 7, cột Nội dung: hãy ghi số và tên nội dung."),
        ({"A7": "I" * 13}, "Dòng 7, cột Số tiêu chí: Số thứ tự dài tối đa 12 ký tự."),
        ({"B1": None}, "Thiếu tên bộ tiêu chí (ô bên phải «Tên bộ tiêu chí» ở đầu tệp)."),
        ({"B2": "năm nay"}, "Dòng 2, cột Năm: năm phải là một năm từ 2000 đến 2100."),
        (
            {"G6": "Điểm"},
            "Không tìm thấy dòng tiêu đề cột (có các cột «Điều kiện chấm điểm», «Điểm tối đa»).",
        ),
        ({"E6": None}, "Dòng 6: thiếu cột Số điều kiện."),
    ],
)
def test_every_import_error_is_named_with_its_row_and_column_and_nothing_is_written(
    tree, people, exported, changes, message
):
    _source, content = exported
    before = (CriteriaSet.objects.count(), Condition.objects.count())
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.import_new(
            upload=upload(edited(content, changes)), issuer=tree.province, by=people.province_officer
        )
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    assert (CriteriaSet.objects.count(), Condition.objects.count()) == before
    assert not AuditEntry.objects.filter(action="criteria_set.import").exists()


def test_all_errors_are_listed_at_once(tree, people, exported):
    _source, content = exported
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.parse_xlsx(upload(edited(content, {"G7": "tám", "H8": "có", "L10": "?"})))
    assert [m.split(":")[0] for m in refused.value.messages] == [
        "Dòng 7, cột Điểm tối đa",
        "Dòng 8, cột Điểm thưởng (x)",
        "Dòng 10, cột Gắn dữ liệu",
    ]


def test_a_file_that_is_not_a_workbook_or_has_no_conditions_is_refused(tree, people, exported):
    _source, content = exported
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.parse_xlsx(upload(b"not a workbook"))
    assert refused.value.messages == [
        "Không đọc được tệp: hãy tải lên tệp Excel .xlsx (có thể bắt đầu từ tệp mẫu)."
    ]
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.parse_xlsx(upload(edited(content, {}, delete_rows=(7, 8, 9, 10))))
    assert refused.value.messages == ["Tệp không có điều kiện chấm điểm nào."]
    no_year = edited(content, {"B2": None})
    with pytest.raises(ValidationError) as refused:
        criteria_xlsx.import_new(upload=upload(no_year), issuer=tree.province, by=people.province_officer)
    assert refused.value.messages == [
        "Thiếu năm: ghi năm ở ô bên phải «Năm» đầu tệp, hoặc chọn năm khi nhập."
    ]
    made = criteria_xlsx.import_new(
        upload=upload(no_year), issuer=tree.province, by=people.province_officer, year=2027
    )
    assert made.year == 2027


def test_the_data_source_may_be_written_by_its_label(exported):
    _source, content = exported
    parsed = criteria_xlsx.parse_xlsx(upload(edited(content, {"L8": "Tỷ lệ đoàn viên dự sinh hoạt"})))
    assert parsed.structure[0]["contents"][0]["conditions"][1]["data_source"] == "meeting_attendance"


def test_the_template_reads_back_as_its_example(tree):
    parsed = criteria_xlsx.parse_xlsx(upload(criteria_xlsx.template_xlsx(2025)))
    assert parsed.year == 2025
    only = parsed.structure[0]["contents"][0]["conditions"][0]
    assert (only["code"], only["max_points"], only["data_source"]) == ("1.1", 8, "report_timeliness")
    assert [g["points"] for g in only["grades"]] == ["8", "6", "4", "2", "0"]


def test_only_the_issuers_editors_import(tree, people, exported):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    _source, content = exported
    with pytest.raises(Http404):
        criteria_xlsx.import_new(upload=upload(content), issuer=tree.province, by=people.above)
    with pytest.raises(PermissionDenied):
        criteria_xlsx.import_new(upload=upload(content), issuer=tree.province, by=people.viewer)
