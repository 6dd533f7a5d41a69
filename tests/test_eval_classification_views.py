"""Unit classification pages with the personas: the unit above decides one or all of its children, the
unit sees its own result read-only, siblings see nothing; the sub-tree summary."""

import datetime

import pytest
from django.urls import reverse

from doanvu.evaluation.classification import services
from doanvu.evaluation.models import (
    Level,
    UnitClassification,
)

from .test_eval_criteria_factories import assessment, build_set, visit, xa_editor

LIST = reverse("evaluation:classification_list")
DECIDE = reverse("evaluation:classification_decide")
SUMMARY = reverse("evaluation:classification_summary")


def unit_page(code, year=2025):
    return reverse("evaluation:classification_unit", args=[code, year])


@pytest.fixture
def xa(tree):
    return xa_editor(tree)


def test_the_unit_above_sees_its_children_with_score_proposal_and_data(tree, people, login):
    criteria_set = build_set(tree, people.province_officer, issue=True)
    visit(criteria_set, tree.district_a, final_score="26.5", proposed_level=Level.OUTSTANDING)
    assessment(criteria_set, tree.district_b, self_total="21")
    html = login(people.province_officer).get(f"{LIST}?unit=TV&year=2025").content.decode()
    for text in (
        "Huyện đoàn A",
        "26,5",
        "điểm kiểm tra",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Huyện đoàn B",
        "21",
        "điểm tự chấm",
    ):
        assert text in html, text
    assert 'name="level_HA"' in html and "Lưu xếp loại các đơn vị đã chọn" in html
    assert "Dự sinh hoạt: —" in html


def test_an_editor_above_decides_all_children_at_once(tree, people, login, xa):
    response = login(xa).post(
        DECIDE,
        {
            "unit": "XA",
            "year": 2025,
            "level_CA1": Level.OUTSTANDING,
            "level_CA2": Level.GOOD,
            "note_CA1": "Dẫn đầu phong trào",
            "decided_on": "2026-01-10",
            "decision_number": "20-QĐ/ĐTN",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{LIST}?unit=XA&year=2025"
    found = {c.unit.code: c for c in UnitClassification.objects.select_related("unit")}
    assert (found["CA1"].level, found["CA1"].note, found["CA1"].decision_number) == (
        Level.OUTSTANDING,
        "Dẫn đầu phong trào",
        "20-QĐ/ĐTN",
    )
    assert found["CA2"].level == Level.GOOD and found["CA2"].decided_on == datetime.date(2026, 1, 10)


def test_one_child_is_decided_alone_with_its_own_button(tree, people, login, xa):
    login(xa).post(
        DECIDE,
        {
            "unit": "XA",
            "year": 2025,
            "level_CA1": Level.GOOD,
            "level_CA2": Level.COMPLETED,
            "only": "CA2",
            "decided_on": "2026-01-10",
        },
    )
    assert list(UnitClassification.objects.values_list("unit__code", "level")) == [("CA2", Level.COMPLETED)]


def test_a_bad_decision_is_shown_on_the_page_and_nothing_is_written(tree, people, login, xa):
    response = login(xa).post(DECIDE, {"unit": "XA", "year": 2025, "decided_on": "2026-01-10"})
    assert response.status_code == 200 and "Chưa chọn xếp loại cho đơn vị nào." in response.content.decode()
    response = login(xa).post(
        DECIDE, {"unit": "XA", "year": 2025, "level_CA1": Level.GOOD, "decided_on": "2024-05-01"}
    )
    html = response.content.decode()
    assert "Ngày quyết định phải từ năm 2025 trở đi." in html
    assert 'value="good" selected' in html  # what was chosen stays chosen
    assert not UnitClassification.objects.exists()


def test_personas_on_the_classification_pages(tree, people, login, xa):
    services.classification_decide(
        unit=tree.branch_a1, year=2025, level=Level.GOOD, by=xa, decided_on=datetime.date(2026, 1, 10)
    )
    # The branch sees its own result read-only.
    own = login(people.own).get(f"{LIST}?year=2025").content.decode()
    assert "Hoàn thành tốt nhiệm vụ" in own and "Đoàn xã A quyết định ngày 10/01/2026" in own
    assert "Lưu xếp loại" not in own
    page = login(people.own).get(unit_page("CA1"))
    assert page.status_code == 200 and "Hoàn thành tốt nhiệm vụ" in page.content.decode()
    # The sibling sees nothing of it.
    assert login(people.sibling).get(unit_page("CA1")).status_code == 404
    assert login(people.sibling).get(f"{LIST}?unit=XA").status_code == 404
    assert login(people.other_district).get(f"{SUMMARY}?unit=HA").status_code == 404
    # Read-only above: sees, cannot decide.
    viewer = login(people.viewer).get(f"{LIST}?unit=XA&year=2025").content.decode()
    assert "Chi đoàn A1" in viewer and 'name="level_CA1"' not in viewer
    assert (
        login(people.viewer)
        .post(DECIDE, {"unit": "XA", "year": 2025, "level_CA1": "good", "decided_on": "2026-01-10"})
        .status_code
        == 403
    )
    assert (
        login(people.own).post(DECIDE, {"unit": "CA1", "year": 2025, "decided_on": "2026-01-10"}).status_code
        == 200
    )
    assert (
        login(people.sibling)
        .post(DECIDE, {"unit": "XA", "year": 2025, "level_CA1": "outstanding", "decided_on": "2026-01-10"})
        .status_code
        == 404
    )
    assert UnitClassification.objects.get().level == Level.GOOD


def test_the_unit_page_shows_the_history_of_changes(tree, people, login, xa):
    services.classification_decide(
        unit=tree.branch_a1, year=2025, level=Level.GOOD, by=xa, decided_on=datetime.date(2026, 1, 10)
    )
    services.classification_decide(
        unit=tree.branch_a1,
        year=2025,
        level=Level.OUTSTANDING,
        by=people.above,
        decided_on=datetime.date(2026, 1, 12),
    )
    html = login(people.above).get(unit_page("CA1")).content.decode()
    assert "Lịch sử thay đổi" in html and html.count("· above") == 1 and html.count("· xa_editor") == 1
    assert "2025</a>: Hoàn thành xuất sắc nhiệm vụ" in html


def test_the_sub_tree_summary_counts_and_lists(tree, people, login):
    for unit, level in (
        (tree.branch_a1, Level.OUTSTANDING),
        (tree.branch_a2, Level.GOOD),
        (tree.grassroots_a, Level.GOOD),
    ):
        services.classification_decide(
            unit=unit,
            year=2025,
            level=level,
            by=people.province_officer,
            decided_on=datetime.date(2026, 1, 10),
        )
    response = login(people.above).get(f"{SUMMARY}?unit=HA&year=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chi đoàn A1" in html and "Đoàn xã A" in html
    filtered = login(people.above).get(f"{SUMMARY}?unit=HA&year=2025&level=good&kind=branch").content.decode()
    assert "Chi đoàn A2" in filtered and "Chi đoàn A1</a>" not in filtered
    assert (
        "Chưa có đơn vị nào được xếp loại."
        in login(people.above).get(f"{SUMMARY}?unit=HA&year=2024").content.decode()
    )


def test_the_summary_and_the_unit_page_follow_the_scope(tree, people, login):
    assert login(people.own).get(f"{SUMMARY}?year=2025").status_code == 200
    assert login(people.own).get(f"{SUMMARY}?unit=XA&year=2025").status_code == 404
    assert login(people.sibling).get(unit_page("CA1")).status_code == 404
    assert login(people.other_district).get(unit_page("XA")).status_code == 404
    assert login(people.viewer).get(unit_page("XA")).status_code == 200
    assert login(people.nobody).get(LIST).status_code == 403
    assert login(people.nobody).get(SUMMARY).status_code == 403
