"""Criteria-set pages with the personas: the list, a set's page, the editor, issue, copy, xlsx export,
import and template. Outsiders get 404, read-only users 403."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from doanvu.evaluation.criteria import xlsx as criteria_xlsx
from doanvu.evaluation.models import (
    Condition,
    CriteriaSet,
    Criterion,
)

from .test_eval_criteria_factories import build_set, condition, xa_editor


def url(name, *args):
    return reverse(f"evaluation:{name}", args=args)


@pytest.fixture
def province_set(tree, people):
    return build_set(tree, people.province_officer)


@pytest.fixture
def branch_set(tree):
    """Issued by XA to the branch CA1 only."""
    xa = xa_editor(tree)
    return build_set(tree, xa, issuer=tree.grassroots_a, units=[tree.branch_a1], issue=True), xa


def test_the_set_page_shows_criteria_contents_conditions_points_and_evidence(
    tree, people, login, province_set
):
    page = login(people.province_officer).get(url("criteria_set", province_set.pk))
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "I. Công tác giáo dục chính trị, tư tưởng",
        "28 + 2,5 điểm thưởng",
        "2,5 điểm thưởng",
        "<strong>6</strong> điểm: chậm 1–2 báo cáo tháng; không thiếu báo cáo nào",
        "Số, ngày của từng báo cáo",
        "bắt buộc",
        "Báo cáo đúng hạn (từ việc gửi báo cáo)",
        "ngưỡng: ≥ 100 → 10, ≥ 50 → 5 điểm",
        "Huyện đoàn A; Huyện đoàn B",
        "Thêm tiêu chí",
        "Ban hành",
    ):
        assert text in html, text


def test_personas_on_a_draft_set(tree, people, login, province_set):
    assert login(people.viewer).get(url("criteria_set", province_set.pk)).status_code == 200
    assert (
        "Thêm tiêu chí" not in login(people.viewer).get(url("criteria_set", province_set.pk)).content.decode()
    )
    # A draft is not shown below the issuer.
    assert login(people.above).get(url("criteria_set", province_set.pk)).status_code == 404
    assert login(people.own).get(url("criteria_set", province_set.pk)).status_code == 404
    assert login(people.viewer).get(url("criteria_edit", province_set.pk)).status_code == 403
    assert login(people.viewer).post(url("criteria_issue", province_set.pk)).status_code == 403
    assert login(people.above).post(url("criteria_issue", province_set.pk)).status_code == 404
    assert CriteriaSet.objects.get().state == "draft"


def test_personas_on_an_issued_set(tree, people, login, branch_set):
    criteria_set, xa = branch_set
    own = login(people.own).get(url("criteria_set", criteria_set.pk))
    assert own.status_code == 200 and "Thêm tiêu chí" not in own.content.decode()
    assert login(people.own).get(url("criteria_export", criteria_set.pk)).status_code == 200
    assert login(people.above).get(url("criteria_set", criteria_set.pk)).status_code == 200
    for user in (people.sibling, people.other_district):
        assert login(user).get(url("criteria_set", criteria_set.pk)).status_code == 404
        assert login(user).get(url("criteria_export", criteria_set.pk)).status_code == 404
    assert login(people.own).get(url("criteria_edit", criteria_set.pk)).status_code == 403
    assert login(people.own).post(url("criteria_copy", criteria_set.pk), {"year": 2026}).status_code == 403


def test_the_list_shows_the_sets_a_user_sees(tree, people, login, province_set, branch_set):
    criteria_set, _xa = branch_set
    html = login(people.own).get(url("criteria_list")).content.decode()
    assert criteria_set.title in html and "Tỉnh đoàn Test" not in html
    assert "Sao chép" not in html
    assert login(people.sibling).get(url("criteria_list")).content.decode().count("Bộ tiêu chí đánh giá") == 0
    province = login(people.province_officer).get(url("criteria_list") + "?year=2025").content.decode()
    assert province.count("Bộ tiêu chí đánh giá, xếp loại năm 2025") == 2 and "Sao chép" in province
    assert (
        "Chưa có bộ tiêu chí nào."
        in login(people.province_officer).get(url("criteria_list") + "?year=2030").content.decode()
    )


def test_an_editor_creates_a_set_and_builds_it_row_by_row(tree, people, login):
    client = login(people.above)
    assert client.get(url("criteria_create")).status_code == 200
    response = client.post(
        url("criteria_create") + "?unit=HA",
        {
            "title": "Bộ tiêu chí chấm điểm cơ sở đoàn năm 2025",
            "year": 2025,
            "outstanding_min_pct": 90,
            "good_min_pct": 80,
            "completed_min_pct": 50,
        },
    )
    criteria_set = CriteriaSet.objects.get()
    assert response.status_code == 302 and response["Location"] == url("criteria_set", criteria_set.pk)
    assert (criteria_set.issuer, [u.code for u in criteria_set.units.all()]) == (tree.district_a, ["XA"])
    client.post(url("criteria_row_add", criteria_set.pk, "tieu-chi"), {"code": "I", "title": "Xây dựng Đoàn"})
    criterion = Criterion.objects.get()
    client.post(
        url("criteria_row_add", criteria_set.pk, "noi-dung"),
        {"parent": criterion.pk, "code": "1", "title": "Sinh hoạt"},
    )
    content = criterion.contents.get()
    response = client.post(
        url("criteria_row_add", criteria_set.pk, "dieu-kien") + f"?parent={content.pk}",
        {
            "code": "1.1",
            "text": "Tỷ lệ đoàn viên dự sinh hoạt",
            "max_points": "10",
            "grades": "10: từ 90%\n5: từ 70%\n0: dưới 70%",
            "data_source": "meeting_attendance",
            "thresholds": "90: 10; 70: 5",
            "evidence_mandatory": "on",
        },
    )
    assert response.status_code == 302
    made = Condition.objects.get()
    assert made.grades == [
        {"points": "10", "text": "từ 90%"},
        {"points": "5", "text": "từ 70%"},
        {"points": "0", "text": "dưới 70%"},
    ]
    assert made.data_params == {"thresholds": [[90, 10], [70, 5]]} and made.evidence_mandatory
    form = client.get(url("criteria_row_edit", criteria_set.pk, "dieu-kien", made.pk)).content.decode()
    assert "10: từ 90%" in form and "90: 10; 70: 5" in form


def test_the_editor_shows_each_error_next_to_its_field_and_writes_nothing(tree, people, login, province_set):
    content = condition(province_set, "1.1").content
    response = login(people.province_officer).post(
        url("criteria_row_add", province_set.pk, "dieu-kien"),
        {
            "parent": content.pk,
            "code": "1.9",
            "text": "Điều kiện mới",
            "max_points": "5",
            "grades": "6: quá điểm",
            "data_source": "indicator_value",
            "indicator": "blood_units",
            "thresholds": "100: 9",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mức 6 điểm lớn hơn điểm tối đa (5)." in html
    assert not Condition.objects.filter(code="1.9").exists()
    response = login(people.province_officer).post(
        url("criteria_row_add", province_set.pk, "dieu-kien"),
        {
            "parent": content.pk,
            "code": "1.9",
            "text": "Điều kiện",
            "max_points": "5",
            "data_source": "indicator_value",
            "indicator": "blood_units",
            "thresholds": "100: 9",
        },
    )
    assert "Ngưỡng thứ 1 cho 9 điểm, lớn hơn điểm tối đa (5)." in response.content.decode()


def test_rows_are_moved_and_deleted_and_htmx_gets_the_structure_back(tree, people, login, province_set):
    client = login(people.province_officer)
    second = Criterion.objects.get(criteria_set=province_set, code="II")
    response = client.post(
        url("criteria_row_move", province_set.pk, "tieu-chi", second.pk), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(province_set.criteria.order_by("order").values_list("code", flat=True)) == ["II", "I"]
    response = client.post(
        url("criteria_row_delete", province_set.pk, "tieu-chi", second.pk),
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert 'id="structure"' in response.content.decode()
    assert list(province_set.criteria.values_list("code", flat=True)) == ["I"]
    assert client.post(url("criteria_row_delete", province_set.pk, "tieu-chi", 999999)).status_code == 404
    assert (
        login(people.viewer).post(url("criteria_row_delete", province_set.pk, "noi-dung", 1)).status_code
        == 403
    )


def test_issuing_from_the_page_freezes_the_editor(tree, people, login, province_set):
    client = login(people.province_officer)
    response = client.post(url("criteria_issue", province_set.pk), follow=True)
    assert "Đã ban hành bộ tiêu chí" in response.content.decode()
    assert "Thêm tiêu chí" not in response.content.decode()
    criterion = province_set.criteria.first()
    response = client.post(url("criteria_row_delete", province_set.pk, "tieu-chi", criterion.pk), follow=True)
    assert "đã ban hành; không sửa được" in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_copy_last_years_set_from_its_page(tree, people, login, province_set):
    response = login(people.province_officer).post(url("criteria_copy", province_set.pk), {"year": 2026})
    copy = CriteriaSet.objects.get(year=2026)
    assert response["Location"] == url("criteria_set", copy.pk)
    assert copy.title == "Bộ tiêu chí đánh giá, xếp loại năm 2026"
    assert login(people.above).post(url("criteria_copy", province_set.pk), {"year": 2026}).status_code == 404


def test_the_header_and_units_are_edited_while_a_draft(tree, people, login, province_set):
    response = login(people.province_officer).post(
        url("criteria_edit", province_set.pk),
        {
            "title": "Bộ tiêu chí sửa tên",
            "year": 2025,
            "number": "45-HD/TĐTN",
            "outstanding_min_pct": 95,
            "good_min_pct": 80,
            "completed_min_pct": 50,
            "units": ["HA"],
        },
    )
    assert response.status_code == 302
    province_set.refresh_from_db()
    assert (province_set.title, province_set.number, [u.code for u in province_set.units.all()]) == (
        "Bộ tiêu chí sửa tên",
        "45-HD/TĐTN",
        ["HA"],
    )


def test_the_export_download_is_the_sets_workbook(tree, people, login, province_set):
    response = login(people.province_officer).get(url("criteria_export", province_set.pk))
    assert response["Content-Type"] == criteria_xlsx.XLSX_TYPE
    assert 'filename="bo-tieu-chi-tv-2025.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B1"].value == province_set.title and sheet["F7"].value.startswith("Thực hiện đầy đủ")
    template = login(people.own).get(url("criteria_template"))
    assert (
        template.status_code == 200
        and load_workbook(io.BytesIO(template.content)).worksheets[0]["E7"].value == "1.1"
    )
    assert login(people.nobody).get(url("criteria_template")).status_code == 403


def test_import_from_the_page_creates_a_draft_or_lists_every_error(tree, people, login, province_set):
    content = criteria_xlsx.export_xlsx(province_set)
    client = login(people.above)

    def send(data):
        return SimpleUploadedFile("bo.xlsx", data, content_type=criteria_xlsx.XLSX_TYPE)

    workbook = load_workbook(io.BytesIO(content))
    workbook.worksheets[0]["G7"] = "tám"
    bad = io.BytesIO()
    workbook.save(bad)
    response = client.post(url("criteria_import") + "?unit=HA", {"file": send(bad.getvalue())})
    assert response.status_code == 200
    assert (
        "Dòng 7, cột Điểm tối đa: Điểm tối đa phải là một số, ví dụ 8 hoặc 2,5." in response.content.decode()
    )
    assert CriteriaSet.objects.filter(issuer=tree.district_a).count() == 0
    response = client.post(url("criteria_import") + "?unit=HA", {"file": send(content), "year": 2026})
    made = CriteriaSet.objects.get(issuer=tree.district_a)
    assert response["Location"] == url("criteria_set", made.pk) and made.year == 2026
    assert (
        login(people.sibling).post(url("criteria_import") + "?unit=HA", {"file": send(content)}).status_code
        == 404
    )
    assert (
        login(people.viewer).post(url("criteria_import") + "?unit=HA", {"file": send(content)}).status_code
        == 403
    )


def test_importing_into_a_draft_from_its_page_replaces_its_rows(tree, people, login, province_set):
    target = build_set(tree, people.province_officer, rows=[], title="Bộ trống")
    data = criteria_xlsx.export_xlsx(province_set)
    upload = SimpleUploadedFile("bo.xlsx", data, content_type=criteria_xlsx.XLSX_TYPE)
    response = login(people.province_officer).post(url("criteria_import_into", target.pk), {"file": upload})
    assert response.status_code == 302
    assert Condition.objects.filter(content__criterion__criteria_set=target).count() == 4
    assert login(people.viewer).post(url("criteria_import_into", target.pk)).status_code == 403


def test_every_editor_page_is_404_for_an_outsider_and_403_for_a_reader(tree, people, login, branch_set):
    criteria_set, _xa = branch_set
    criterion = criteria_set.criteria.first()
    content = criterion.contents.first()
    item = content.conditions.first()
    pages = [
        url("criteria_edit", criteria_set.pk),
        url("criteria_import_into", criteria_set.pk),
        url("criteria_row_add", criteria_set.pk, "tieu-chi"),
        url("criteria_row_add", criteria_set.pk, "noi-dung") + f"?parent={criterion.pk}",
        url("criteria_row_add", criteria_set.pk, "dieu-kien") + f"?parent={content.pk}",
        url("criteria_row_edit", criteria_set.pk, "tieu-chi", criterion.pk),
        url("criteria_row_edit", criteria_set.pk, "dieu-kien", item.pk),
    ]
    posts = [
        url("criteria_row_delete", criteria_set.pk, "dieu-kien", item.pk),
        url("criteria_row_move", criteria_set.pk, "noi-dung", content.pk),
        url("criteria_issue", criteria_set.pk),
        url("criteria_copy", criteria_set.pk),
    ]
    for user, status in (
        (people.sibling, 404),
        (people.other_district, 404),
        (people.own, 403),
        (people.viewer, 403),
    ):
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == status, (user, page)
        for page in posts:
            assert client.post(page, {"year": 2026}).status_code == status, (user, page)
    assert login(people.sibling).get(url("criteria_create") + "?unit=XA").status_code == 404
    assert login(people.viewer).get(url("criteria_create") + "?unit=XA").status_code == 403
    assert login(people.viewer).get(url("criteria_import") + "?unit=XA").status_code == 403
    assert login(people.nobody).get(url("criteria_list")).status_code == 403
    assert Condition.objects.filter(pk=item.pk).exists() and CriteriaSet.objects.count() == 1


def test_an_issued_sets_deadline_is_still_edited_from_its_page(tree, people, login, branch_set):
    criteria_set, xa = branch_set
    client = login(xa)
    form = client.get(url("criteria_edit", criteria_set.pk)).content.decode()
    assert "chỉ sửa được số, ký hiệu, hạn tự chấm và ghi chú" in form
    response = client.post(
        url("criteria_edit", criteria_set.pk),
        {"title": "Tên khác bị bỏ qua", "self_assessment_deadline": "2025-10-31", "number": "07-HD/ĐTN"},
    )
    assert response.status_code == 302
    criteria_set.refresh_from_db()
    assert (criteria_set.title, criteria_set.number, str(criteria_set.self_assessment_deadline)) == (
        "Bộ tiêu chí đánh giá, xếp loại năm 2025",
        "07-HD/ĐTN",
        "2025-10-31",
    )


def test_a_site_admin_without_a_unit_sees_every_set_and_creates_one_for_the_first_root(
    tree, people, login, province_set
):
    client = login(people.admin)
    listing = client.get(url("criteria_list"))
    assert listing.status_code == 200 and listing.context["unit"] is None
    assert province_set.title in listing.content.decode()
    form = client.get(url("criteria_create"))
    assert form.status_code == 200 and form.context["unit"] == tree.province
