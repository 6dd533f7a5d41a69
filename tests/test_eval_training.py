"""The member training programme: registering a branch, a member or a file; evaluating the results."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.models import TrainingRegistration
from doanvu.evaluation.training import services as training
from doanvu.evaluation.training.importing import template_xlsx

from .test_eval_member_factories import YEAR, D, roster

ON = D(2025, 3, 1)


@pytest.fixture
def branch(tree, people):
    return roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])


def csv_file(text: str, name: str = "dang-ky.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐĂNG KÝ RÈN LUYỆN ĐOÀN VIÊN NĂM 2025"])
    sheet.append(["STT", "Họ tên", "Ngày sinh", "CCCD", "Nội dung đăng ký rèn luyện"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("dang-ky.xlsx", buffer.getvalue())


def test_a_whole_branch_is_registered_at_once_and_only_once(tree, people, branch):
    training.training_register(member=branch[0], year=YEAR, on=ON, by=people.own, commitments="Học tập tốt")
    created = training.training_register_branch(unit=tree.branch_a1, year=YEAR, on=ON, by=people.own)
    assert sorted(r.member.full_name for r in created) == ["Lê Văn Cường", "Trần Thị Bình"]
    assert TrainingRegistration.objects.filter(year=YEAR, unit=tree.branch_a1).count() == 3
    entry = AuditEntry.objects.filter(action="training.register").latest("pk")
    assert entry.summary == "Đăng ký chương trình rèn luyện năm 2025 cho 2 đoàn viên Chi đoàn A1"
    with pytest.raises(ValidationError) as error:
        training.training_register_branch(unit=tree.branch_a1, year=YEAR, on=ON, by=people.own)
    assert error.value.message_dict["unit"] == ["Mọi đoàn viên của Chi đoàn A1 đã đăng ký năm 2025."]


def test_registering_one_member_twice_is_refused(tree, people, branch):
    training.training_register(member=branch[0], year=YEAR, on=ON, by=people.own)
    with pytest.raises(ValidationError) as error:
        training.training_register(member=branch[0], year=YEAR, on=ON, by=people.own)
    assert error.value.message_dict["member"] == ["Nguyễn Văn An đã đăng ký chương trình rèn luyện năm 2025."]


def test_a_sibling_or_a_viewer_cannot_register_or_evaluate(tree, people, branch):
    for user in (people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            training.training_register_branch(unit=tree.branch_a1, year=YEAR, on=ON, by=user)
        with pytest.raises(PermissionDenied):
            training.training_register(member=branch[0], year=YEAR, on=ON, by=user)
    registration = training.training_register(member=branch[0], year=YEAR, on=ON, by=people.own)
    with pytest.raises(PermissionDenied):
        training.training_evaluate(
            registration=registration, result="good", on=D(2025, 8, 15), by=people.sibling
        )


def test_results_are_evaluated_together_and_audited(tree, people, branch):
    regs = training.training_register_branch(unit=tree.branch_a1, year=YEAR, on=ON, by=people.own)
    done = training.trainings_evaluate(
        results={regs[0].pk: "outstanding", regs[1].pk: "good", regs[2].pk: "failed"},
        on=D(2025, 8, 15),
        by=people.above,
    )
    assert {r.member.full_name: r.result for r in done} == {
        "Nguyễn Văn An": "outstanding",
        "Trần Thị Bình": "good",
        "Lê Văn Cường": "failed",
    }
    assert done[0].evaluated_by == people.above and done[0].history.first().history_user == people.above
    assert AuditEntry.objects.get(action="training.evaluate").summary == (
        "Đánh giá kết quả rèn luyện năm 2025 của 3 đoàn viên Chi đoàn A1"
    )


def test_an_evaluation_batch_with_a_bad_result_writes_nothing(tree, people, branch):
    training.training_register_branch(unit=tree.branch_a1, year=YEAR, on=ON, by=people.own)
    an, binh = (TrainingRegistration.objects.get(member=m) for m in branch[:2])
    with pytest.raises(ValidationError) as error:
        training.trainings_evaluate(
            results={an.pk: "good", binh.pk: "great"}, on=D(2025, 8, 15), by=people.own
        )
    assert error.value.message_dict["result"] == ["Trần Thị Bình: hãy chọn kết quả rèn luyện."]
    assert not TrainingRegistration.objects.exclude(result="").exists()
    with pytest.raises(ValidationError) as error:
        training.training_evaluate(registration=an, result="good", on=D(2025, 2, 1), by=people.own)
    assert "trước ngày đăng ký (01/03/2025)" in error.value.message_dict["result"][0]


# --- import ------------------------------------------------------------------------------------------------


def test_a_csv_file_registers_members_found_by_name_and_birth_date_or_by_citizen_id(tree, people, branch):
    an, binh, _cuong = branch
    text = (
        "Họ và tên;Ngày sinh;Số CCCD;Nội dung đăng ký\n"
        f"{an.full_name};{an.date_of_birth:%d/%m/%Y};;Tham gia đầy đủ sinh hoạt\n"
        f"trần thị bình;;{binh.citizen_id};Học tập Nghị quyết\n"
    )
    check = training.training_import_check(unit=tree.branch_a1, year=YEAR, file=csv_file(text), by=people.own)
    assert check.ok and [(r.row, r.name) for r in check.rows] == [(2, "Nguyễn Văn An"), (3, "Trần Thị Bình")]
    outcome = training.training_import(
        unit=tree.branch_a1, year=YEAR, on=ON, file=csv_file(text), by=people.own
    )
    assert (outcome.created, outcome.updated) == (2, 0)
    assert TrainingRegistration.objects.get(member=binh).commitments == "Học tập Nghị quyết"
    assert AuditEntry.objects.get(action="training.import").summary == (
        "Nhập tệp đăng ký rèn luyện năm 2025 của Chi đoàn A1: 2 đăng ký mới, 0 cập nhật"
    )
    again = text.replace("Học tập Nghị quyết", "Rèn luyện thể thao")
    outcome = training.training_import(
        unit=tree.branch_a1, year=YEAR, on=ON, file=csv_file(again), by=people.own
    )
    assert (outcome.created, outcome.updated) == (0, 1)


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(tree, people, branch):
    an, binh, _cuong = branch
    outsider = roster(tree.branch_b1, people.other_district, ["Võ Văn Em"])[0]
    upload = xlsx_file(
        [
            [1, an.full_name, an.date_of_birth.strftime("%d/%m/%Y"), None, "Sinh hoạt đầy đủ"],
            [2, "Nguyễn Văn Không Có", "01/01/2000", None, "x"],
            [3, binh.full_name, "31/02/2001", None, "x"],
            [4, "Trần Văn Sai", None, binh.citizen_id, "x"],
            [5, outsider.full_name, None, outsider.citizen_id, "x"],
            [6, an.full_name, an.date_of_birth, None, "lặp lại"],
            [7, "Lê Văn Thiếu", None, None, "x"],
            [8, None, "01/01/2000", "12345", "x"],
        ]
    )
    check = training.training_import_check(unit=tree.branch_a1, year=YEAR, file=upload, by=people.own)
    assert not check.ok
    assert check.messages() == [
        "Dòng 4, cột “Họ tên”: Không tìm thấy đoàn viên Nguyễn Văn Không Có sinh ngày 01/01/2000 trong Chi đoàn A1.",
        "Dòng 5, cột “Ngày sinh”: Ngày “31/02/2001” không có trên lịch (ngày/tháng/năm).",
        f"Dòng 6, cột “Họ tên”: Số CCCD {binh.citizen_id} là của đoàn viên Trần Thị Bình, không phải “Trần Văn Sai”.",
        f"Dòng 7, cột “CCCD”: Không có đoàn viên nào của Chi đoàn A1 mang số CCCD {outsider.citizen_id}.",
        "Dòng 8, cột “Họ tên”: Đoàn viên Nguyễn Văn An đã có ở dòng 3.",
        "Dòng 9: Cần ngày sinh hoặc số CCCD để tìm đúng đoàn viên.",
        "Dòng 10, cột “Họ tên”: Chưa có họ và tên.",
        "Dòng 10, cột “CCCD”: Số CCCD “12345” phải gồm đúng 12 chữ số.",
    ]
    with pytest.raises(ValidationError) as error:
        training.training_import(unit=tree.branch_a1, year=YEAR, on=ON, file=upload, by=people.own)
    assert len(error.value.message_dict["file"]) == 8
    assert not TrainingRegistration.objects.exists()


def test_a_file_without_the_columns_or_of_another_type_is_refused_as_a_whole(tree, people, branch):
    check = training.training_import_check(
        unit=tree.branch_a1, year=YEAR, file=csv_file("Tên;Lớp\nAn;12A\n"), by=people.own
    )
    assert check.file_errors == [
        "Không tìm thấy dòng tiêu đề: cần các cột Họ và tên, Ngày sinh hoặc Số CCCD, Nội dung đăng ký."
    ]
    check = training.training_import_check(
        unit=tree.branch_a1, year=YEAR, file=csv_file("Họ và tên;Nội dung\nAn;x\n"), by=people.own
    )
    assert check.file_errors == [
        "Dòng tiêu đề (dòng 1) cần cột “Ngày sinh” hoặc “Số CCCD” để tìm đúng đoàn viên."
    ]
    check = training.training_import_check(
        unit=tree.branch_a1, year=YEAR, file=SimpleUploadedFile("a.pdf", b"%PDF"), by=people.own
    )
    assert check.file_errors == [
        "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv), không nhận “a.pdf”."
    ]


def test_an_excel_number_cell_that_lost_the_leading_zero_still_matches(tree, people, branch):
    an = branch[0]
    upload = xlsx_file([[1, an.full_name, None, int(an.citizen_id), "x"]])
    check = training.training_import_check(unit=tree.branch_a1, year=YEAR, file=upload, by=people.own)
    assert check.ok and check.rows[0].member_id == an.pk


def test_the_template_reads_back_as_a_file_with_the_right_headers(tree, people, branch):
    upload = SimpleUploadedFile("mau.xlsx", template_xlsx())
    check = training.training_import_check(unit=tree.branch_a1, year=YEAR, file=upload, by=people.own)
    # The example row names nobody of the branch: one row, one error, the headers understood.
    assert check.total == 1 and check.errors[0].column == "Số CCCD"
    assert check.errors[0].message == "Không có đoàn viên nào của Chi đoàn A1 mang số CCCD 079202001234."


def test_a_viewer_cannot_import(tree, people, branch):
    with pytest.raises(PermissionDenied):
        training.training_import_check(unit=tree.branch_a1, year=YEAR, file=csv_file("x"), by=people.viewer)
