"""Imported files are cleaned where their cells are read (docs/architecture.md, "Clean text"): letters
composed, invisible characters removed, and the preview says which row and column lost what."""

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from doanvu.evaluation.models import TrainingRegistration
from doanvu.evaluation.training import services as training
from doanvu.lib.spreadsheets import read_sheet
from doanvu.members.models import Member

from .import_fuzz_factories import sheet_xml, xlsx_bytes
from .import_helpers import HEADERS, csv_bytes, row
from .test_eval_member_factories import YEAR, D, roster
from .test_import_views import job_of

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


def unclean_rows() -> list[dict]:
    return [
        row(1, **{"Họ và tên": "Lê Văn\x00 Bảo"}),
        row(2, **{"Họ và tên": "Trần\u202e Thị Cúc"}),
        row(3, **{"Họ và tên": "Phạm\u200b Văn Dũng", "Điện thoại": "\ufeff0912345678"}),
        row(4, **{"Họ và tên": NFD_NAME}),
        row(5, **{"Họ và tên": "Võ Văn\x1b Em"}),
    ]


def unclean_xlsx() -> bytes:
    lines = [list(HEADERS)] + [[values.get(h) for h in HEADERS] for values in unclean_rows()]
    return xlsx_bytes(sheet_xml(lines))


def test_reading_a_workbook_composes_letters_removes_invisible_characters_and_says_where():
    sheet = read_sheet(unclean_xlsx(), "danh-sach.xlsx")
    names = [values[1] for _number, values in sheet.lines()][1:]
    assert names == ["Lê Văn Bảo", "Trần Thị Cúc", "Phạm Văn Dũng", "Nguyễn Thị Hòa", "Võ Văn Em"]
    assert sheet.stripped == [
        (2, 2, "Đã bỏ ký tự điều khiển vô hình (U+0000) ở vị trí 7."),
        (3, 2, "Đã bỏ ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5."),
        (4, 2, "Đã bỏ ký tự vô hình không có độ rộng (U+200B) ở vị trí 5."),
        (4, 6, "Đã bỏ ký tự vô hình không có độ rộng (U+FEFF) ở vị trí 1."),
        (6, 2, "Đã bỏ ký tự điều khiển vô hình (U+001B) ở vị trí 7."),
    ]


def test_reading_a_csv_file_cleans_its_cells_the_same_way():
    sheet = read_sheet(csv_bytes(unclean_rows()), "danh-sach.csv")
    names = [values[1] for _number, values in sheet.lines()][1:]
    assert names == ["Lê Văn Bảo", "Trần Thị Cúc", "Phạm Văn Dũng", "Nguyễn Thị Hòa", "Võ Văn Em"]
    assert [(r, c) for r, c, _message in sheet.stripped] == [(2, 2), (3, 2), (4, 2), (4, 6), (6, 2)]


def test_the_member_import_warns_of_each_removed_character_by_row_and_column_and_writes_clean_names(
    tree, people, login
):
    existing = roster(tree.branch_a1, people.own, ["Nguyễn Thị Hòa"])[0]
    client = login(people.own)
    upload = SimpleUploadedFile("danh-sach.xlsx", unclean_xlsx())
    response = client.post(reverse("members:import"), {"unit": "CA1", "file": upload})
    assert response.status_code == 302
    job = job_of(response)
    page = client.get(response["Location"]).content.decode()
    assert '<th>Dòng có cảnh báo</th><td class="num">4</td>' in page and "Cảnh báo (5)" in page
    assert "Đã bỏ ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5." in page
    issues = client.get(reverse("members:import_issues", kwargs={"job_id": job.id})).content.decode(
        "utf-8-sig"
    )
    assert "3,Họ và tên,Cảnh báo,Đã bỏ ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5." in issues
    assert "4,Điện thoại,Cảnh báo,Đã bỏ ký tự vô hình không có độ rộng (U+FEFF) ở vị trí 1." in issues
    assert "6,Họ và tên,Cảnh báo,Đã bỏ ký tự điều khiển vô hình (U+001B) ở vị trí 7." in issues

    written = client.post(reverse("members:import_commit", kwargs={"job_id": job.id}))
    assert written.status_code == 302
    imported = Member.objects.exclude(pk=existing.pk)
    assert sorted(imported.values_list("full_name", flat=True)) == sorted(
        ["Lê Văn Bảo", "Trần Thị Cúc", "Phạm Văn Dũng", "Nguyễn Thị Hòa", "Võ Văn Em"]
    )
    # The name typed decomposed is the same name as the member already there.
    assert Member.objects.filter(full_name=existing.full_name).count() == 2

    export = client.get(reverse("members:export") + "?unit=CA1")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = {cell for line in sheet.iter_rows(values_only=True) for cell in line if isinstance(cell, str)}
    assert {"Võ Văn Em", "Lê Văn Bảo", "Nguyễn Thị Hòa"} <= cells


def test_the_training_import_finds_an_existing_member_by_a_name_typed_decomposed(tree, people):
    member = roster(tree.branch_a1, people.own, ["Nguyễn Thị Hòa"])[0]
    text = f"Họ và tên;Ngày sinh;Nội dung đăng ký\n{NFD_NAME}\u200b;{member.date_of_birth:%d/%m/%Y};Học\u202e tập\n"
    upload = SimpleUploadedFile("dang-ky.csv", text.encode("utf-8"))
    check = training.training_import_check(unit=tree.branch_a1, year=YEAR, file=upload, by=people.own)
    assert check.ok, check.messages()
    assert [(r.row, r.name) for r in check.rows] == [(2, "Nguyễn Thị Hòa")]
    assert check.warning_lines() == [
        "Dòng 2, cột “Họ và tên”: Đã bỏ ký tự vô hình không có độ rộng (U+200B) ở vị trí 15.",
        "Dòng 2, cột “Nội dung đăng ký”: Đã bỏ ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 4.",
    ]
    upload.seek(0)
    training.training_import(unit=tree.branch_a1, year=YEAR, on=D(2025, 3, 1), file=upload, by=people.own)
    assert TrainingRegistration.objects.get(member=member).commitments == "Học tập"


def test_the_training_import_preview_shows_the_removed_characters_by_row_and_column(tree, people, login):
    member = roster(tree.branch_a1, people.own, ["Nguyễn Thị Hòa"])[0]
    text = f"Họ và tên,Ngày sinh,Nội dung đăng ký\n{member.full_name},{member.date_of_birth:%d/%m/%Y},Học\u2067 tập\n"
    upload = SimpleUploadedFile("dk.csv", text.encode("utf-8"))
    preview = login(people.own).post(
        reverse("evaluation:training_import") + f"?unit=CA1&year={YEAR}",
        {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "file": upload},
        follow=True,
    )
    html = preview.content.decode()
    assert "Sẵn sàng ghi 1 đăng ký" in html
    assert "Dòng 2, cột “Nội dung đăng ký”: Đã bỏ ký tự đảo hướng chữ vô hình (U+2067) ở vị trí 4." in html
