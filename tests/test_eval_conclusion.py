"""The conclusion of an inspection as an official document: what the downloaded Word file says, its page set-up,
the numbered recommendations, the PDF, and who may download it."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from docx import Document

from doanvu.documents.pdf import docx_to_pdf, pdf_available
from doanvu.evaluation.inspection import conclusion
from doanvu.evaluation.inspection.services import visits as services
from doanvu.evaluation.inspection.services.assessment import assessment_submit

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import YEAR, condition, fill

inspection, media = factories.inspection, factories.media

RECOMMENDATIONS = """Tiếp tục phát huy tốt vai trò của Internet, mạng xã hội trong tuyên truyền
Quan tâm công tác tạo nguồn cán bộ Đoàn;
BCH các đơn vị cập nhật phần mềm Quản lý đoàn viên thường xuyên"""


@pytest.fixture
def concluded(inspection, people):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8", "2.1": "2"})  # 19
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})  # 16
    for assessment, by in ((inspection.a, inspection.editor_a), (inspection.b, inspection.editor_b)):
        assessment_submit(assessment=assessment, by=by)
    officer = people.province_officer
    services.inspection_score(
        visit=inspection.visit_b, condition=condition(inspection.set, "1.1"), points="7", by=officer
    )
    for visit in (inspection.visit_a, inspection.visit_b):
        services.visit_record(visit=visit, visited_on=datetime.date(YEAR, 11, 3), done=True, by=officer)
    services.plan_conclude(
        plan=inspection.plan,
        data={
            "conclusion_number": "15-TB/ĐTN",
            "concluded_on": datetime.date(YEAR, 11, 20),
            "results_summary": "Các đơn vị triển khai đầy đủ chương trình công tác năm.",
            "common_strengths": "Công tác tuyên truyền được quan tâm.\nBa phong trào hành động cách mạng hiệu quả.",
            "common_shortcomings": "Một số đơn vị minh chứng còn sai sót, số liệu chưa chính xác.",
            "recommendations": RECOMMENDATIONS,
            "signer_title": "Phó Bí thư",
            "signer_name": "Nguyễn Thanh Nhã",
            "recipients": "BTV Trung ương Đoàn;\nCác đơn vị được kiểm tra;\nLưu VP.",
        },
        by=officer,
    )
    inspection.plan.refresh_from_db()
    return inspection


def download(client, plan, fmt="docx"):
    return client.get(f"/danh-gia/kiem-tra/{plan.pk}/ket-luan/tai/{fmt}/")


def read(response):
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return document, text, cells, rows


def test_ordinal_words_from_one_to_twenty():
    assert [conclusion.ordinal(n) for n in (1, 2, 3, 4, 5, 6, 7, 10, 11, 14, 15, 19, 20)] == [
        "Một",
        "Hai",
        "Ba",
        "Bốn",
        "Năm",
        "Sáu",
        "Bảy",
        "Mười",
        "Mười một",
        "Mười bốn",
        "Mười lăm",
        "Mười chín",
        "Hai mươi",
    ]
    with pytest.raises(ValueError):
        conclusion.ordinal(21)


def test_recommendations_are_numbered_one_per_line_in_lower_case_with_a_full_stop():
    assert conclusion.numbered_recommendations(RECOMMENDATIONS) == [
        "Một là, tiếp tục phát huy tốt vai trò của Internet, mạng xã hội trong tuyên truyền.",
        "Hai là, quan tâm công tác tạo nguồn cán bộ Đoàn.",
        "Ba là, BCH các đơn vị cập nhật phần mềm Quản lý đoàn viên thường xuyên.",
    ]


def test_the_subject_reads_as_a_conclusion_of_the_plans_inspection():
    assert (
        conclusion.subject("Kiểm tra, đánh giá công tác Đoàn năm 2023")
        == "Kết luận kiểm tra, đánh giá công tác Đoàn năm 2023"
    )
    assert conclusion.subject("về việc kiểm tra công tác Đoàn") == "Kết luận kiểm tra công tác Đoàn"
    assert conclusion.subject("Công tác Đoàn năm 2023") == "Kết luận kiểm tra công tác Đoàn năm 2023"


def test_the_downloaded_word_file_is_the_official_notice_of_the_conclusion(concluded, people, login):
    response = download(login(people.province_officer), concluded.plan)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert 'filename="ket-luan-kiem-tra-TV-2025-' in response["Content-Disposition"]
    document, text, cells, rows = read(response)

    assert "ĐOÀN TNCS HỒ CHÍ MINH" in cells
    assert "BCH ĐOÀN TỈNH TEST" in cells
    assert "Số: 15-TB/ĐTN" in cells
    place = next(
        p
        for t in document.tables
        for c in t.rows[0].cells
        for p in c.paragraphs
        if "tháng 11 năm 2025" in p.text
    )
    assert place.text == "Ngày 20 tháng 11 năm 2025" and place.style.font.italic
    assert (
        "THÔNG BÁO\nKết luận kiểm tra, đánh giá chất lượng công tác Đoàn và phong trào thanh thiếu nhi năm 2025"
        in text
    )
    assert (
        "Thực hiện Kế hoạch số 128-KH/UBKTTĐ, ngày 18/10/2025 của Ban Thường vụ Tỉnh đoàn Test" in text
        and "từ ngày 02/11 đến ngày 10/11/2025" in text
        and "đối với 02/02 đơn vị" in text
    )
    assert "Các đơn vị triển khai đầy đủ chương trình công tác năm." in text
    assert ["Đơn vị", "Điểm tự chấm", "Điểm kiểm tra", "Xếp hạng", "Đề xuất xếp loại"] in rows
    assert ["Huyện đoàn A", "19", "19", "1", "Hoàn thành xuất sắc nhiệm vụ"] in rows
    assert ["Huyện đoàn B", "16", "13", "2", "Hoàn thành nhiệm vụ"] in rows
    assert (
        "II. ƯU ĐIỂM\nCông tác tuyên truyền được quan tâm.\nBa phong trào hành động cách mạng hiệu quả."
        in text
    )
    assert "III. HẠN CHẾ\nMột số đơn vị minh chứng còn sai sót, số liệu chưa chính xác." in text
    assert "Hai là, quan tâm công tác tạo nguồn cán bộ Đoàn.\nBa là, BCH các đơn vị" in text
    assert text.index("Một là, tiếp tục phát huy") > text.index("IV. KIẾN NGHỊ")
    for line in (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Thanh Nhã",
        "Nơi nhận:",
        "- BTV Trung ương Đoàn;",
        "- Lưu VP.",
    ):
        assert line in cells


def test_the_word_file_is_a4_with_the_official_margins_in_times_new_roman(concluded, people, login):
    document, *_ = read(download(login(people.province_officer), concluded.plan))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 20]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["DV Heading"].font.bold


def test_units_download_the_conclusion_only_once_the_ranking_is_published(concluded, people, login):
    assert download(login(people.above), concluded.plan).status_code == 404
    assert download(login(people.other_district), concluded.plan).status_code == 404
    services.ranking_publish(plan=concluded.plan, by=people.province_officer)
    assert download(login(people.above), concluded.plan).status_code == 200
    assert download(login(people.own), concluded.plan).status_code == 404  # a branch is not an inspected unit
    assert download(login(people.viewer), concluded.plan).status_code == 200


def test_an_unknown_format_is_404(concluded, people, login):
    assert download(login(people.province_officer), concluded.plan, "xlsx").status_code == 404


def test_the_conclusion_page_shows_the_preview_and_saves_the_form(inspection, people, login):
    client = login(people.province_officer)
    url = f"/danh-gia/kiem-tra/{inspection.plan.pk}/ket-luan/"
    response = client.post(url, {"conclusion_number": "", "concluded_on": "", "recommendations": "Một"})
    assert response.status_code == 200
    assert "Nhập số, ký hiệu của thông báo kết luận (ví dụ 15-TB/ĐTN)." in response.content.decode()
    response = client.post(
        url,
        {
            "conclusion_number": "15-TB/ĐTN",
            "concluded_on": f"{YEAR}-11-20",
            "recommendations": "Tăng cường kiểm tra\nCập nhật phần mềm",
            "signer_title": "Bí thư",
            "signer_name": "Trần Trí Cường",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu kết luận kiểm tra." in page and "Hai là, cập nhật phần mềm." in page
    assert "Tải Word (.docx)" in page
    assert login(people.viewer).post(url, {"conclusion_number": "1"}).status_code == 403
    assert login(people.above).get(url).status_code == 404


@pytest.mark.skipif(
    not pdf_available() and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed here",
)
@pytest.mark.usefixtures("patient_libreoffice")
def test_the_pdf_is_converted_by_libreoffice(concluded):
    pdf = docx_to_pdf(conclusion.render_docx(concluded.plan))
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_without_libreoffice_the_pdf_download_says_so(concluded, people, login, monkeypatch):
    monkeypatch.setattr("doanvu.documents.pdf.soffice", lambda: None)
    response = download(login(people.province_officer), concluded.plan, "pdf")
    assert response.status_code == 302
    page = login(people.province_officer).get(response["Location"]).content.decode()
    assert "Máy chủ chưa cài LibreOffice" in page


def test_the_pdf_is_made_in_the_background_for_the_one_who_asked(
    concluded, people, login, settings, monkeypatch
):
    """LibreOffice takes seconds: the PDF is a background job (run here by the immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("doanvu.evaluation.inspection.views.pdf_available", lambda: True)
    monkeypatch.setattr(conclusion, "docx_to_pdf", lambda docx: b"%PDF-1.7 " + docx[:10])
    services.ranking_publish(plan=concluded.plan, by=people.province_officer)
    client = login(people.above)  # an inspected district's officer, once the ranking is published
    response = download(client, concluded.plan, "pdf")
    page = client.get(response["Location"]).content.decode()
    assert "Tạo thông báo kết luận kiểm tra" in page and "Tải tệp về" in page
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    pdf = client.get(f"/cong-viec-nen/{job_id}/tep/")
    name = f"ket-luan-kiem-tra-{concluded.plan.issuer.code}-{concluded.plan.start_on.year}-{concluded.plan.pk}.pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{name}"'
    assert pdf.getvalue().startswith(b"%PDF")
    assert login(people.province_officer).get(f"/cong-viec-nen/{job_id}/tep/").status_code == 404


def test_final_scores_use_decimal_commas(concluded):
    concluded.b.scores.filter(condition__code="1.1").update(inspector_points=Decimal("7.5"))
    from doanvu.evaluation.inspection.scoring import plan_rank

    plan_rank(concluded.plan)
    data = conclusion.conclusion_data(concluded.plan)
    assert ["Huyện đoàn B", "16", "13,5", "2", "Hoàn thành nhiệm vụ"] in data["table"]["rows"]
