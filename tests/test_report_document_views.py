"""The report pages, downloads, the Word template, the API and the console command, with every persona."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document

from doanvu.accounts.models import ApiToken, AuditEntry
from doanvu.documents.templates import build_default_template
from doanvu.lib import periods
from doanvu.reports.document import report_data
from doanvu.reports.models import Report
from doanvu.stats import (
    stats_json,
    unit_stats,
)

from .test_api_jobs import IMMEDIATE, api_file
from .test_members_factories import admit
from .test_report_document_factories import activity

PAGE = "/bao-cao/van-ban/CA1/2025/"


@pytest.fixture
def records(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Ba")
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    return tree


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def edit_form(**changes) -> dict:
    form = {"chapter_education": "Nội dung do cán bộ viết.", "section_results": "Hoàn thành tốt."}
    form.update(changes)
    return form


# ---------------------------------------------------------------------------------------------------------
# The page


@pytest.mark.parametrize("persona", ["own", "above", "viewer", "approver"])
def test_officers_of_the_unit_and_above_read_the_report(records, people, login, persona):
    response = login(getattr(people, persona)).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả công tác Đoàn và phong trào thanh thiếu nhi năm 2025" in page
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in page


@pytest.mark.parametrize("persona", ["sibling", "other_district", "nobody"])
def test_outsiders_do_not_find_the_report(records, people, login, persona):
    assert login(getattr(people, persona)).get(PAGE).status_code == 404


def test_the_viewer_sees_no_edit_form_and_cannot_edit_or_finalise(records, people, login):
    client = login(people.viewer)
    page = client.get(PAGE).content.decode()
    assert "Sửa nội dung báo cáo" not in page and "Hoàn thành báo cáo" not in page
    assert client.post(PAGE, edit_form()).status_code == 403
    assert client.post(PAGE + "hoan-thanh/").status_code == 403
    assert not Report.objects.exists()


def test_the_sibling_cannot_edit_or_finalise_either(records, people, login):
    client = login(people.sibling)
    assert client.post(PAGE, edit_form()).status_code == 404
    assert client.post(PAGE + "hoan-thanh/").status_code == 404


def test_the_officer_edits_a_chapter_and_the_page_shows_it(records, people, login):
    client = login(people.own)
    response = client.post(PAGE, edit_form(number="Số: 07-BC/CĐ", issued_on="20/12/2025"))
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert "Nội dung do cán bộ viết." in page and "Số: 07-BC/CĐ" in page
    assert "Ngày 20 tháng 12 năm 2025" in page  # no place set anywhere up the tree
    report = Report.objects.get(unit=records.branch_a1, period="2025")
    assert report.sections["chapters"] == {"education": "Nội dung do cán bộ viết."}
    assert report.sections["results"] == "Hoàn thành tốt."


def test_regenerate_rewrites_the_chapter_from_the_figures(records, people, login):
    client = login(people.own)
    client.post(PAGE, edit_form())
    response = client.post(PAGE, edit_form(regenerate="education"))
    assert response.status_code == 302 and response["Location"].endswith("#chapter-education")
    data = report_data(unit=records.branch_a1, period=periods.parse("2025"))
    education = data["chapters"][0]
    assert education["text"].startswith("Tổ chức 12 cuộc tuyên truyền") and not education["edited"]
    assert data["sections"]["results"] == "Hoàn thành tốt."


def test_a_bad_date_keeps_what_the_officer_typed_and_saves_nothing(records, people, login):
    response = login(people.own).post(PAGE, edit_form(issued_on="31/02/2025"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nội dung do cán bộ viết." in page
    assert not Report.objects.filter(sections__has_key="results").exists()


def test_finalising_freezes_the_page_and_offers_to_reopen(records, people, login):
    client = login(people.own)
    assert client.post(PAGE + "hoan-thanh/").status_code == 302
    activity(records.branch_a1, datetime.date(2025, 6, 1), participations=70)
    page = client.get(PAGE).content.decode()
    assert 'data-state="finalised"' in page and "Mở lại để sửa" in page
    assert "196 lượt" in page and "266" not in page
    assert client.post(PAGE + "mo-lai/").status_code == 302
    assert "266" in client.get(PAGE).content.decode()
    assert AuditEntry.objects.filter(action="report.reopen").count() == 1


def test_a_period_that_does_not_parse_is_not_found(records, people, login):
    assert login(people.own).get("/bao-cao/van-ban/CA1/2025Q7/").status_code == 404


def test_the_index_opens_a_report_or_explains_a_bad_period(records, people, login):
    client = login(people.own)
    assert (
        client.get("/bao-cao/van-ban/?unit=CA1&period=2025q1")["Location"] == "/bao-cao/van-ban/CA1/2025Q1/"
    )
    response = client.get("/bao-cao/van-ban/?unit=CA1&period=quy1")
    assert response.status_code == 422 and "Kỳ báo cáo «quy1» không hợp lệ" in response.content.decode()


def test_the_index_takes_its_unit_through_page_unit(records, people, login):
    """No unit named: the top of the user's scope; a unit outside it does not exist for the user."""
    assert login(people.own).get("/bao-cao/van-ban/?period=2025")["Location"] == "/bao-cao/van-ban/CA1/2025/"
    assert login(people.sibling).get("/bao-cao/van-ban/?unit=CA1&period=2025").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Downloads


@pytest.mark.parametrize("persona", ["own", "viewer"])
def test_the_word_file_downloads_with_the_figures(records, people, login, persona):
    response = login(getattr(people, persona)).get(PAGE + "tai-ve/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-CA1-2025.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in text


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_sibling_downloads_nothing(records, people, login, fmt):
    assert login(people.sibling).get(PAGE + f"tai-ve/{fmt}/").status_code == 404


def test_the_xlsx_and_the_printable_page_download(records, people, login):
    client = login(people.viewer)
    xlsx = client.get(PAGE + "tai-ve/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    printable = client.get(PAGE + "ban-in/?tai-ve=1")
    assert printable["Content-Disposition"] == 'attachment; filename="bao-cao-CA1-2025.html"'
    assert "Nơi nhận:" in printable.content.decode()


def test_the_pdf_link_says_when_libreoffice_is_missing(records, people, login, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    client = login(people.own)
    assert "PDF: máy chủ chưa cài LibreOffice" in client.get(PAGE).content.decode()
    response = client.get(PAGE + "tai-ve/pdf/", follow=True)
    assert "Máy chủ chưa cài LibreOffice" in response.content.decode()


# ---------------------------------------------------------------------------------------------------------
# The Word template


def uploaded_template(margin_mm: int = 25) -> bytes:
    from docx.shared import Mm

    document = Document()
    document.sections[0].left_margin = Mm(margin_mm)
    document.add_paragraph("Nội dung mẫu sẽ bị bỏ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_unit_replaces_its_word_template_and_units_under_it_follow(records, people, login, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(people.above)
    upload = SimpleUploadedFile("mau.docx", uploaded_template(25))
    assert client.post("/bao-cao/van-ban/mau-word/HA/", {"file": upload}).status_code == 302
    page = login(people.own).get("/bao-cao/van-ban/mau-word/CA1/").content.decode()
    assert 'data-template="inherited"' in page
    document = Document(io.BytesIO(login(people.own).get(PAGE + "tai-ve/docx/").content))
    assert round(document.sections[0].left_margin.mm) == 25
    texts = [p.text for p in document.paragraphs]
    assert "Nội dung mẫu sẽ bị bỏ" not in texts
    assert "DV Heading" in [s.name for s in document.styles]


def test_a_file_that_is_not_word_is_refused(records, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(people.own).post(
        "/bao-cao/van-ban/mau-word/CA1/", {"file": SimpleUploadedFile("mau.docx", b"not a docx")}
    )
    assert response.status_code == 422
    assert "Không mở được «mau.docx» như một tệp Word .docx." in response.content.decode()


def test_only_editors_of_the_unit_change_its_template(records, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/bao-cao/van-ban/mau-word/CA1/"
    assert (
        login(people.viewer)
        .post(url, {"file": SimpleUploadedFile("m.docx", uploaded_template())})
        .status_code
        == 403
    )
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.viewer).get(url + "tai-ve/").status_code == 200


def test_the_default_template_in_the_repository_is_the_one_the_code_builds(tmp_path):
    built = tmp_path / "bao_cao.docx"
    build_default_template(built)
    from doanvu.documents.templates import DEFAULT_TEMPLATE

    ours, theirs = Document(str(DEFAULT_TEMPLATE)), Document(str(built))
    assert {s.name for s in ours.styles} == {s.name for s in theirs.styles}
    assert round(ours.sections[0].left_margin.mm) == 30


# ---------------------------------------------------------------------------------------------------------
# API


def test_the_api_returns_the_report_as_json_with_the_stats(records, people, api):
    response = api(people.own).get("/api/reports/CA1/2025/document")
    assert response.status_code == 200
    body = response.json()
    assert body["subject"] == "Kết quả công tác Đoàn và phong trào thanh thiếu nhi năm 2025"
    expected = stats_json(unit_stats(unit=records.branch_a1, period=periods.parse("2025")))
    assert body["figures"] == expected


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_api_answers_a_file_with_a_background_job_for_the_viewer(records, people, api, settings, fmt):
    settings.TASKS = IMMEDIATE
    response = api_file(api(people.viewer), f"/api/reports/CA1/2025/document?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-CA1-2025.{fmt}"'


def test_the_api_hides_the_report_from_the_sibling_and_explains_a_bad_period(records, people, api):
    assert api(people.sibling).get("/api/reports/CA1/2025/document").status_code == 404
    response = api(people.own).get("/api/reports/CA1/2025Q9/document")
    assert response.status_code == 422
    assert "Kỳ báo cáo «2025Q9» không hợp lệ" in response.json()["errors"]["period"][0]
    assert api(people.own).get("/api/reports/CA1/2025/document?format=doc").status_code == 422


# ---------------------------------------------------------------------------------------------------------
# Console


def test_the_command_writes_the_word_file(records, tmp_path):
    target = tmp_path / "bc.docx"
    out = io.StringIO()
    call_command("report", unit="XA", period="2025", fmt="docx", output=str(target), stdout=out)
    assert "Đã ghi báo cáo năm 2025 của Đoàn xã A" in out.getvalue()
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia." in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit": "ZZ", "period": "2025", "fmt": "docx"}, "Không có đơn vị mã «ZZ»."),
        ({"unit": "XA", "period": "2025Q5", "fmt": "docx"}, "Kỳ báo cáo «2025Q5» không hợp lệ"),
        ({"unit": "XA", "period": "2025", "fmt": "odt"}, "Định dạng «odt» không hỗ trợ"),
    ],
)
def test_the_command_explains_bad_input_in_vietnamese(records, tmp_path, options, message):
    with pytest.raises(CommandError) as error:
        call_command("report", output=str(tmp_path / "x"), **options)
    assert message in str(error.value)
    assert not (tmp_path / "x").exists()


def test_the_officer_rewrites_a_drafted_section_on_the_page_and_can_have_it_drafted_again(
    records, people, login
):
    client = login(people.own)
    page = client.get(PAGE).content.decode()
    assert 'name="section_shortcomings"' in page and 'name="section_party_committee"' in page
    response = client.post(
        PAGE,
        {"section_shortcomings": "Sinh hoạt chi đoàn chưa đều.", "section_party_committee": "Chi bộ Sở A"},
    )
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert "Sinh hoạt chi đoàn chưa đều." in page and 'data-edited="shortcomings"' in page
    assert "Chi bộ Sở A (để báo cáo);" in page
    response = client.post(PAGE, {"regenerate": "shortcomings"})
    assert response["Location"].endswith("#edit-shortcomings")
    data = report_data(unit=records.branch_a1, period=periods.parse("2025"))
    assert data["sections"]["shortcomings"] == data["drafted"]["shortcomings"]


def test_saving_the_page_without_touching_the_drafted_sections_leaves_them_following_the_figures(
    records, people, login
):
    data = report_data(unit=records.branch_a1, period=periods.parse("2025"))
    form = {f"section_{key}": text.replace("\n", "\r\n") for key, text in data["sections"].items()}
    form["section_intro"] = data["intro"]
    assert login(people.own).post(PAGE, form).status_code == 302
    stored = Report.objects.get(unit=records.branch_a1, period="2025").sections
    assert not set(stored) & {
        "results",
        "shortcomings",
        "causes",
        "lessons",
        "direction",
        "proposals",
        "intro",
    }
