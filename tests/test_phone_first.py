"""Phone first: the menu offers what the role and the unit's level allow, long pages lead with what blocks
the user, and a unit merged away or dissolved takes no new members (docs/architecture.md, "The menu on a
phone", "Long pages lead with what matters")."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from doanvu.evaluation.inspection.services.assessment import assessment_open
from doanvu.members import importing
from doanvu.members.models import ImportJob, Member
from doanvu.org.services import unit_merge

from .import_helpers import row, xlsx
from .test_eval_inspection_factories import condition, make_set

MERGED_ON = datetime.date(2024, 6, 1)


def menu_of(page: str) -> str:
    return page.split('<nav class="mainnav"')[1].split("</nav>")[0]


def test_a_branch_officer_is_offered_their_branch_and_no_approvals_or_subunit_pages(tree, people, login):
    client = login(people.own)
    menu = menu_of(client.get(reverse("members:list")).content.decode())
    assert f'href="{reverse("org:unit", args=["CA1"])}"' in menu
    assert "Cây tổ chức" not in menu and "Chờ duyệt" not in menu
    unit_page = client.get(reverse("org:unit", args=["CA1"])).content.decode()
    for subunit_thing in (
        "Thành lập đơn vị trực thuộc",
        "Tiến độ báo cáo của đơn vị trực thuộc",
        "Số liệu nhập theo kỳ",
    ):
        assert subunit_thing not in unit_page, subunit_thing
    assert "<h2>Đơn vị trực thuộc</h2>" not in unit_page


def test_an_approver_above_the_branches_is_offered_the_reports_waiting_for_them(tree, people, login):
    menu = menu_of(login(people.approver).get(reverse("members:list")).content.decode())
    assert "Chờ duyệt" in menu and "Cây tổ chức" in menu


def test_an_editor_above_the_branches_may_found_a_unit_but_a_viewer_may_not(tree, people, login):
    assert (
        "Thành lập đơn vị trực thuộc"
        in login(people.above).get(reverse("org:unit", args=["HA"])).content.decode()
    )
    viewer = login(people.viewer)
    assert "Chờ duyệt" not in menu_of(viewer.get(reverse("members:list")).content.decode())
    assert "Thành lập đơn vị trực thuộc" not in viewer.get(reverse("org:unit", args=["HA"])).content.decode()


def test_the_menu_folds_behind_a_button_whose_script_is_a_file_not_inline(tree, people, login):
    page = login(people.own).get(reverse("members:list")).content.decode()
    header = page.split("<header")[1].split("</header>")[0]
    assert 'class="menu-toggle"' in header and 'aria-controls="topmenu"' in header
    assert "<script>" not in header and 'src="/static/doanvu/menu.js"' in header


@pytest.fixture
def merged_a2(tree, people):
    """Chi đoàn A2 merged into A1 in 2024: not active today."""
    unit_merge(source=tree.branch_a2, target=tree.branch_a1, on=MERGED_ON, by=people.above, reason="Sáp nhập")
    tree.branch_a2.refresh_from_db()
    return tree.branch_a2


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_import_offers_no_branch_that_was_merged_away(merged_a2, people, login, media):
    page = login(people.above).get(reverse("members:import")).content.decode()
    assert "Chi đoàn A1" in page and "Chi đoàn A2" not in page


def test_importing_into_a_merged_branch_is_refused_with_a_message_and_writes_nobody(
    merged_a2, people, login, media
):
    file = SimpleUploadedFile("ds.xlsx", xlsx([row(1)]).getvalue())
    response = login(people.above).post(reverse("members:import"), {"unit": "CA2", "file": file})
    assert response.status_code == 400
    assert "Chi đoàn A2 đã ngừng hoạt động (sáp nhập hoặc giải thể)" in response.content.decode()
    assert not ImportJob.objects.exists() and not Member.objects.filter(unit=merged_a2).exists()


def test_rows_without_a_branch_code_are_refused_when_the_chosen_branch_has_closed(merged_a2, people):
    table = importing.read_rows(xlsx([row(1, **{"Mã chi đoàn": ""})]))
    result = importing.preview(user=people.above, unit=merged_a2, rows=table)
    assert not result.ok
    assert [(i.column, i.message) for i in result.errors] == [
        ("Mã chi đoàn", "Chi đoàn A2 (CA2) đã ngừng hoạt động.")
    ]


def test_adding_a_member_from_above_offers_only_branches_active_today(merged_a2, people, login):
    page = login(people.above).get(reverse("members:create") + "?unit=XA").content.decode()
    assert "Chi đoàn A1" in page and "Chi đoàn A2" not in page


@pytest.fixture
def assessment(tree, people):
    criteria_set = make_set(
        tree.province, [tree.district_a], deadline=timezone.localdate() + datetime.timedelta(days=10)
    )
    return assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)


def test_the_self_assessment_opens_with_what_blocks_sending_and_flags_unscored_conditions(
    assessment, people, login
):
    client = login(people.above)
    page = client.get(reverse("evaluation:assessment_detail", args=[assessment.pk])).content.decode()
    blockers = page.split('id="submit"')[1].split("</section>")[0]
    assert page.index('id="submit"') < page.index('data-code="1.1"')  # before the first condition
    assert "Chưa gửi được: 1 điều kiện bắt buộc có minh chứng mà chưa có." in blockers
    assert "2 điều kiện chưa chọn điểm tự chấm" in blockers  # 1.1 and 1.2; the bonus 2.1 may stay empty
    assert "disabled" in blockers and "Nút gửi mở khi đủ minh chứng bắt buộc." in blockers
    assert page.count("data-unscored") == 2

    scored = client.post(
        reverse(
            "evaluation:assessment_score", args=[assessment.pk, condition(assessment.criteria_set, "1.1").pk]
        ),
        {"points": "9", "note": ""},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="submit" hx-swap-oob="true"' in scored
    assert "1 điều kiện chưa chọn điểm tự chấm" in scored
