"""Training programme pages: the branch's list, register the whole branch or one member, enter results,
import a file with a preview of its errors; personas on each."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doanvu.evaluation.models import TrainingRegistration

from .test_eval_member_factories import YEAR, roster

LIST = "/danh-gia/ren-luyen/"
IMPORT = "/danh-gia/ren-luyen/nhap-tep/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The import's check and write run inside the request here; tests/test_jobs_worker.py runs the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def branch(tree, people):
    return roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình"])


def test_the_list_shows_who_is_registered_and_registering_the_whole_branch_fills_it(
    tree, people, branch, login
):
    client = login(people.own)
    page = client.get(f"{LIST}?unit=CA1&year={YEAR}").content.decode()
    assert "Chương trình rèn luyện đoàn viên năm 2025 — Chi đoàn A1" in page
    assert page.count("Chưa đăng ký") == 2 and "Cả chi đoàn (2 đoàn viên chưa đăng ký)" in page
    response = client.post(
        "/danh-gia/ren-luyen/dang-ky/",
        {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "commitments": "Học tập tốt"},
    )
    assert response.status_code == 302
    assert TrainingRegistration.objects.filter(year=YEAR, commitments="Học tập tốt").count() == 2
    assert (
        "Đã đăng ký chương trình rèn luyện cho 2 đoàn viên."
        in client.get(response["Location"]).content.decode()
    )


def test_one_member_is_registered_and_results_are_entered(tree, people, branch, login):
    client = login(people.own)
    form = {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "member": branch[0].pk}
    assert client.post("/danh-gia/ren-luyen/dang-ky/", form).status_code == 302
    registration = TrainingRegistration.objects.get()
    response = client.post(
        "/danh-gia/ren-luyen/ket-qua/",
        {"unit": "CA1", "year": YEAR, "on": "2025-08-15", f"result-{registration.pk}": "outstanding"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.result == "outstanding"
    assert "Kết quả: Xuất sắc" in client.get(f"{LIST}?unit=CA1&year={YEAR}").content.decode()
    again = client.post("/danh-gia/ren-luyen/dang-ky/", form)
    assert again.status_code == 400
    assert "Nguyễn Văn An đã đăng ký chương trình rèn luyện năm 2025." in again.content.decode()


def test_a_unit_above_sees_the_progress_of_its_branches(tree, people, branch, login):
    TrainingRegistration.objects.create(
        member=branch[0], year=YEAR, unit=tree.branch_a1, registered_on="2025-03-01", result="good"
    )
    page = login(people.above).get(f"{LIST}?unit=XA&year={YEAR}").content.decode()
    row = page.split('data-unit="CA1"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:4]] == ["2", "1", "1"]


def test_personas_on_the_training_pages(tree, people, branch, login):
    url = f"{LIST}?unit=CA1&year={YEAR}"
    form = {"unit": "CA1", "year": YEAR, "on": "2025-03-01"}
    assert login(people.above).get(url).status_code == 200
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.sibling).post("/danh-gia/ren-luyen/dang-ky/", form).status_code == 404
    assert login(people.sibling).post("/danh-gia/ren-luyen/ket-qua/", form).status_code == 404
    assert login(people.sibling).get(f"{IMPORT}?unit=CA1&year={YEAR}").status_code == 404
    viewer = login(people.viewer)
    assert viewer.get(url).status_code == 200 and "Cả chi đoàn" not in viewer.get(url).content.decode()
    assert viewer.post("/danh-gia/ren-luyen/dang-ky/", form).status_code == 403
    assert viewer.post("/danh-gia/ren-luyen/ket-qua/", form).status_code == 403
    assert viewer.get(f"{IMPORT}?unit=CA1&year={YEAR}").status_code == 403
    assert not TrainingRegistration.objects.exists()


def test_importing_a_file_previews_then_writes_all(tree, people, branch, login):
    client = login(people.own)
    text = "Họ và tên,Ngày sinh,Nội dung đăng ký\n" + "\n".join(
        f"{m.full_name},{m.date_of_birth:%d/%m/%Y},Rèn luyện {i}" for i, m in enumerate(branch)
    )
    upload = SimpleUploadedFile("dk.csv", text.encode("utf-8"))
    preview = client.post(
        IMPORT + f"?unit=CA1&year={YEAR}",
        {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "file": upload},
        follow=True,
    )
    html = preview.content.decode()
    assert preview.status_code == 200 and "Sẵn sàng ghi 2 đăng ký" in html
    assert not TrainingRegistration.objects.exists()
    commit_url = html.split("Sẵn sàng ghi 2 đăng ký")[1].split('action="')[1].split('"')[0]
    assert commit_url.endswith("/ghi/")
    done = client.post(commit_url, follow=True)
    assert done.status_code == 200 and "Đã ghi 2 đăng ký mới, cập nhật 0 đăng ký." in done.content.decode()
    assert sorted(TrainingRegistration.objects.values_list("commitments", flat=True)) == [
        "Rèn luyện 0",
        "Rèn luyện 1",
    ]


def test_a_file_with_errors_lists_them_and_writes_nothing(tree, people, branch, login):
    text = "Họ và tên;Ngày sinh\nNguyễn Văn An;01/01/1990\n"
    upload = SimpleUploadedFile("dk.csv", text.encode("utf-8"))
    response = login(people.own).post(
        IMPORT, {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "file": upload}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Tệp còn lỗi, chưa ghi gì" in html
    assert "Dòng 2, cột “Họ và tên”: Không tìm thấy đoàn viên Nguyễn Văn An sinh ngày 01/01/1990" in html
    assert "Ghi tất cả" not in html and not TrainingRegistration.objects.exists()


def test_another_officers_import_does_not_exist_for_you(tree, people, branch, login):
    upload = SimpleUploadedFile("dk.csv", "Họ và tên,Ngày sinh\nNguyễn Văn An,01/01/2000\n".encode())
    response = login(people.own).post(
        IMPORT, {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "file": upload}
    )
    job_url = response["Location"]
    client = login(people.above)  # above may edit CA1, but the upload is not theirs
    assert client.get(job_url).status_code == 404
    assert client.post(job_url + "ghi/").status_code == 404
    assert not TrainingRegistration.objects.exists()


def test_the_template_downloads_as_a_workbook(tree, people, login):
    from openpyxl import load_workbook

    response = login(people.own).get("/danh-gia/ren-luyen/tep-mau/")
    assert response["Content-Disposition"] == 'attachment; filename="mau-dang-ky-ren-luyen.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Ngày sinh", "Số CCCD", "Nội dung đăng ký"]
