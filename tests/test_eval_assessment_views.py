"""The self-assessment pages: the list of sets, opening, the criteria tree with proposals, scores saved with and
without htmx (totals live), evidence upload served only through the scope-checked view, submit with the
missing-evidence list, late submissions shown as such, reopening by the issuer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from doanvu.evaluation.inspection.services.assessment import (
    assessment_evidence_add,
    assessment_open,
    assessment_submit,
)
from doanvu.evaluation.models import (
    Assessment,
    ConditionScore,
    Evidence,
)

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import condition, fake_png, make_set, png

media = factories.media
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def setup(tree, people):
    criteria_set = make_set(
        tree.province,
        [tree.district_a, tree.district_b],
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    return criteria_set


def opened(criteria_set, tree, people) -> Assessment:
    return assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)


def test_the_list_offers_the_units_editor_to_start_and_opening_creates_the_assessment(
    setup, tree, people, login
):
    client = login(people.above)
    page = client.get("/danh-gia/tu-cham/?unit=HA").content.decode()
    assert "Bộ tiêu chí công tác Đoàn năm 2025" in page and "Bắt đầu tự chấm" in page
    response = client.post(f"/danh-gia/tu-cham/bo-tieu-chi/{setup.pk}/mo/", {"unit": "HA"})
    assessment = Assessment.objects.get(unit=tree.district_a)
    assert response["Location"] == f"/danh-gia/tu-cham/{assessment.pk}/"
    assert (
        "Bắt đầu tự chấm"
        not in login(people.province_officer).get("/danh-gia/tu-cham/?unit=HA").content.decode()
    )


def test_officers_above_cannot_open_a_units_assessment_and_outsiders_get_404(setup, tree, people, login):
    url = f"/danh-gia/tu-cham/bo-tieu-chi/{setup.pk}/mo/"
    assert login(people.province_officer).post(url, {"unit": "HA"}).status_code == 403
    assert login(people.other_district).post(url, {"unit": "HA"}).status_code == 404
    assert login(people.viewer).post(url, {"unit": "TV"}).status_code == 403
    assert not Assessment.objects.exists()


def test_the_page_lays_out_criteria_contents_and_conditions_with_grades_and_the_proposal(
    setup, tree, people, login
):
    assessment = opened(setup, tree, people)
    ConditionScore.objects.filter(assessment=assessment, condition__code="1.2").update(
        proposed_points=Decimal(6), proposed_basis="11/12 báo cáo đúng hạn"
    )
    page = login(people.above).get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    for text in (
        "I. Công tác tuyên truyền, giáo dục",
        "1. Học tập nghị quyết",
        "Tổ chức học tập nghị quyết cho đoàn viên",
        "tối đa 10 điểm",
        "8 điểm: tất cả báo cáo đúng hạn",
        "Hệ thống đề xuất: <strong>6 điểm</strong> — 11/12 báo cáo đúng hạn",
        "bắt buộc có minh chứng",
        "II. Mô hình sáng tạo",
        "điểm thưởng",
        'name="points" value="8"',
        "Tải lên",
    ):
        assert text in page, text
    assert "Điều kiện 1.2</a>: Báo cáo đúng hạn" in page  # the missing-evidence list by the submit button
    assert "disabled" in page.split('id="submit"')[1]


def test_a_score_saved_with_htmx_returns_the_condition_and_the_live_totals(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.1")
    response = login(people.above).post(
        f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/",
        {"points": "7,5", "note": "Đã học 3/4 nghị quyết"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="c{target.pk}"' in body and "Đã học 3/4 nghị quyết" in body
    assert 'hx-swap-oob="true"' in body and '<strong data-total="self">7,5</strong>' in body
    assert "<html" not in body
    assert assessment.scores.get(condition=target).self_points == Decimal("7.5")


def test_a_wrong_score_comes_back_in_place_with_its_message(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.2")
    body = (
        login(people.above)
        .post(
            f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/",
            {"points": "5"},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "Điều kiện 1.2 chỉ chấm theo các mức: 8 / 6 / 4 / 2 điểm." in body
    assert assessment.scores.get(condition=target).self_points is None


def test_without_htmx_the_score_form_posts_and_comes_back_to_the_condition(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.2")
    response = login(people.above).post(
        f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/", {"points": "6"}
    )
    assert response["Location"] == f"/danh-gia/tu-cham/{assessment.pk}/#c{target.pk}"
    page = login(people.above).get(response["Location"]).content.decode()
    assert "Đã lưu điểm điều kiện 1.2." in page and '<strong data-total="self">6</strong>' in page


def test_an_uploaded_evidence_file_is_served_only_through_the_scope_checked_view(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.2")
    client = login(people.above)
    response = client.post(
        f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/minh-chung/",
        {"kind": "file", "file": png("bien-ban-hop.png"), "title": "Biên bản họp BTV"},
        follow=True,
    )
    assert "Đã thêm minh chứng cho điều kiện 1.2." in response.content.decode()
    proof = Evidence.objects.get()
    page = client.get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    assert "Biên bản họp BTV" in page and f"/danh-gia/tu-cham/minh-chung/{proof.pk}/" in page
    assert "Điều kiện 1.2</a>" not in page  # nothing missing any more
    served = client.get(f"/danh-gia/tu-cham/minh-chung/{proof.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert served["Cache-Control"] == "private, no-store"
    assert client.get("/media/" + proof.file.name).status_code == 404
    assert login(people.other_district).get(f"/danh-gia/tu-cham/minh-chung/{proof.pk}/").status_code == 404


def test_a_bad_file_is_refused_with_its_name(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.2")
    response = login(people.above).post(
        f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/minh-chung/",
        {"kind": "file", "file": fake_png()},
        follow=True,
    )
    assert "Nội dung tệp «anh.png» không phải là tệp PNG hợp lệ." in response.content.decode()
    assert not Evidence.objects.exists()


def test_links_notes_and_records_are_added_from_the_page(setup, tree, people, login):
    from doanvu.reports.models import Report

    assessment = opened(setup, tree, people)
    report = Report.objects.create(unit=tree.district_a, period="2025S1", number="07-BC/HĐTN")
    target = condition(setup, "1.1")
    client = login(people.above)
    url = f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/minh-chung/"
    client.post(url, {"kind": "link", "url": "https://tinhdoan.vn/tin/1"})
    client.post(url, {"kind": "note", "note": "Đã tổ chức 12 buổi"})
    assert (
        "Báo cáo 6 tháng đầu năm 2025 số 07-BC/HĐTN"
        in client.get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    )
    client.post(url, {"kind": "record", "record": f"r{report.pk}"})
    assert sorted(Evidence.objects.values_list("kind", flat=True)) == ["link", "note", "record"]
    response = client.post(url, {"kind": "link", "url": "khong-phai-link"}, follow=True)
    assert "không hợp lệ" in response.content.decode()


def test_the_units_editor_removes_evidence_and_a_viewer_or_outsider_cannot(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    proof = assessment_evidence_add(
        assessment=assessment, condition=condition(setup, "1.1"), kind="note", note="Ghi chú", by=people.above
    )
    assert login(people.viewer).post(f"/danh-gia/tu-cham/minh-chung/{proof.pk}/xoa/").status_code == 403
    assert (
        login(people.other_district).post(f"/danh-gia/tu-cham/minh-chung/{proof.pk}/xoa/").status_code == 404
    )
    response = login(people.above).post(f"/danh-gia/tu-cham/minh-chung/{proof.pk}/xoa/", follow=True)
    assert "Đã xóa minh chứng «Ghi chú»." in response.content.decode()
    assert not Evidence.objects.exists()


def test_submitting_with_missing_evidence_lists_each_condition_then_succeeds(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    client = login(people.above)
    response = client.post(f"/danh-gia/tu-cham/{assessment.pk}/gui/", follow=True)
    assert "Điều kiện 1.2 chưa có minh chứng (bắt buộc): Báo cáo đúng hạn" in response.content.decode()
    assessment_evidence_add(
        assessment=assessment, condition=condition(setup, "1.2"), kind="note", note="12/12", by=people.above
    )
    page = client.post(f"/danh-gia/tu-cham/{assessment.pk}/gui/", follow=True).content.decode()
    assert "Đã gửi bản tự chấm." in page and 'data-state="submitted"' in page
    assert "Gửi quá hạn" not in page and "Lưu điểm" not in page


def test_a_late_submission_is_shown_as_late(tree, people, login):
    criteria_set = make_set(
        tree.province, [tree.district_a], deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    assessment = opened(criteria_set, tree, people)
    assessment_evidence_add(
        assessment=assessment,
        condition=condition(criteria_set, "1.2"),
        kind="note",
        note="Có",
        by=people.above,
    )
    page = login(people.above).post(f"/danh-gia/tu-cham/{assessment.pk}/gui/", follow=True).content.decode()
    assert "quá hạn tự chấm" in page and "Gửi quá hạn" in page
    listing = login(people.province_officer).get("/danh-gia/tu-cham/?unit=TV").content.decode()
    assert "Huyện đoàn A" in listing and "Đã gửi" in listing


def test_the_issuer_reopens_from_the_page_with_a_reason(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    assessment_evidence_add(
        assessment=assessment, condition=condition(setup, "1.2"), kind="note", note="Có", by=people.above
    )
    assessment_submit(assessment=assessment, by=people.above)
    assert (
        "Mở lại bản tự chấm"
        not in login(people.above).get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    )
    assert (
        login(people.above).post(f"/danh-gia/tu-cham/{assessment.pk}/mo-lai/", {"reason": "x"}).status_code
        == 403
    )
    client = login(people.province_officer)
    assert "Mở lại bản tự chấm" in client.get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    response = client.post(
        f"/danh-gia/tu-cham/{assessment.pk}/mo-lai/", {"reason": "Bổ sung minh chứng 1.1"}, follow=True
    )
    assert "Đã mở lại bản tự chấm cho đơn vị sửa." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT


def test_refreshing_the_proposals_from_the_page(setup, tree, people, login, monkeypatch):
    assessment = opened(setup, tree, people)
    target = condition(setup, "1.2")
    monkeypatch.setattr(
        "doanvu.evaluation.inspection.services.assessment.propose_all",
        lambda *, assessment: {target.pk: (Decimal(8), "12/12 báo cáo đúng hạn")},
    )
    response = login(people.above).post(f"/danh-gia/tu-cham/{assessment.pk}/de-xuat/", follow=True)
    page = response.content.decode()
    assert "Đã tính lại điểm đề xuất từ dữ liệu." in page and "12/12 báo cáo đúng hạn" in page
    assert (
        login(people.province_officer).post(f"/danh-gia/tu-cham/{assessment.pk}/de-xuat/").status_code == 403
    )


def test_the_page_fits_a_phone_without_a_table_of_conditions(setup, tree, people, login):
    assessment = opened(setup, tree, people)
    page = login(people.above).get(f"/danh-gia/tu-cham/{assessment.pk}/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<table" not in page.split("<main")[1]  # conditions are blocks, not wide table rows
