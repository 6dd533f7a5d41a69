"""The Party pipeline's pages: the funnel, the lists, a list with its people, a person's steps, who is due —
with the personas (the union's own officer, the officer above, an outsider 404, the read-only viewer 403 on
writes), as a user sees them."""

import re

import pytest
from django.urls import reverse

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.models import (
    OutstandingEntry,
    OutstandingList,
)
from doanvu.evaluation.party import services
from doanvu.members.models import Member

from .test_eval_pipeline_factories import (
    YEAR,
    D,
    advance,
    build_cohort,
    course,
    evaluated,
    member,
    personas,
)

FUNNEL = reverse("evaluation:pipeline_funnel")
LISTS = reverse("evaluation:pipeline_lists")
DUE = reverse("evaluation:pipeline_due")


@pytest.fixture
def officers(tree, people):
    return personas(tree, people)


@pytest.fixture
def cohort(tree, officers):
    return build_cohort(tree, officers)


def text(response) -> str:
    """The page's text without tags and with spaces collapsed, as a reader sees it."""
    html = re.sub(r"<style.*?</style>|<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def list_url(lst, name="pipeline_list", *args) -> str:
    return reverse(f"evaluation:{name}", args=[lst.pk, *args])


def person_url(m, step=None) -> str:
    if step:
        return reverse("evaluation:pipeline_person_step", args=[m.pk, step])
    return reverse("evaluation:pipeline_person", args=[m.pk])


# --- the funnel ------------------------------------------------------------------------------------------


def test_the_funnel_page_shows_each_stage_with_its_number_and_the_breakdown_by_branch(
    tree, officers, cohort, login
):
    response = login(officers.own).get(FUNNEL, {"unit": "XA", "year": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    stages = re.findall(r'data-stage="(\w+)".*?class="funnel-count">(\d+)', page, flags=re.S)
    assert stages == [
        ("proposed", "6"),
        ("certified", "4"),
        ("introduced", "3"),
        ("probationary", "2"),
        ("full", "1"),
    ]
    assert 'width="67"' in page and re.search(r'(?:src|href)="(?:https?:)?//', page) is None
    rows = re.findall(r'<tr data-unit="(\w+)">(.*?)</tr>', page, flags=re.S)
    cells = {code: re.findall(r'class="num"[^>]*>(\d+)<', html) for code, html in rows}
    assert cells == {"CA1": ["4", "2", "1", "0", "0"], "CA2": ["2", "2", "2", "2", "1"]}
    assert "Phát triển Đảng từ đoàn viên ưu tú — Đoàn xã A, năm 2025" in text(response)


def test_the_funnel_page_shows_the_years_introductions_against_the_target(tree, officers, cohort, login):
    from doanvu.work.catalogue import ensure_catalogue
    from doanvu.work.services import target_set

    ensure_catalogue()
    target_set(
        unit=tree.grassroots_a, indicator="outstanding_introduced", period="2025", value=2, by=officers.above
    )
    page = text(login(officers.own).get(FUNNEL, {"unit": "XA", "year": "2025"}))
    # In 2025: b introduced (26/03/2025), c admitted, d full.
    assert "Chỉ tiêu giới thiệu đoàn viên ưu tú: 01/02, đạt 50% Chưa đạt chỉ tiêu" in page
    assert (
        "1 đoàn viên ưu tú được giới thiệu 1 đoàn viên được kết nạp Đảng 1 đồng chí chuyển Đảng chính thức"
        in page
    )


def test_the_funnel_page_switches_unit_and_year_within_the_scope(tree, officers, cohort, login):
    client = login(officers.above)
    assert client.get(FUNNEL, {"unit": "XA", "year": "2024"}).status_code == 200
    page = client.get(FUNNEL).content.decode()  # the top of the scope, the latest year with a list
    assert "Huyện đoàn A, năm 2025" in page and '<option value="XA">' in page
    bad = text(client.get(FUNNEL, {"unit": "XA", "year": "abc"}))
    assert "Năm “abc” không hợp lệ; đang xem năm 2025." in bad


@pytest.mark.parametrize("url", [FUNNEL, LISTS, DUE])
def test_the_pipeline_pages_follow_the_scope(tree, officers, cohort, login, url):
    assert login(officers.own).get(url, {"unit": "XA"}).status_code == 200
    assert login(officers.above).get(url, {"unit": "XA"}).status_code == 200
    assert login(officers.viewer).get(url, {"unit": "XA"}).status_code == 200
    assert login(officers.sibling).get(url, {"unit": "XA"}).status_code == 404
    assert login(officers.branch).get(url, {"unit": "XA"}).status_code == 404
    assert login(officers.branch).get(url, {"unit": "CA1"}).status_code == 200
    assert login(officers.sibling).get(url).status_code == 200  # their own district


def test_pages_need_a_login_and_a_scope(tree, people, client, login):
    assert client.get(FUNNEL).status_code == 302
    assert login(people.nobody).get(FUNNEL).status_code == 403


# --- lists ---------------------------------------------------------------------------------------------------


def test_the_lists_page_shows_the_years_lists_with_their_people_and_hand_over(tree, officers, cohort, login):
    page = text(login(officers.above).get(LISTS, {"unit": "HA", "year": "2025"}))
    assert "Danh sách đoàn viên ưu tú — Huyện đoàn A, năm 2025" in page
    assert "Đoàn xã A 2025 6 03/02/2026 · Đảng ủy xã A" in page
    assert "Lập danh sách mới" not in page  # a district keeps no list of its own


def test_the_unions_officer_opens_a_list_and_lands_on_it(tree, officers, login):
    response = login(officers.own).post(f"{LISTS}?unit=XA&year=2025", {"year": "2025", "note": "Đợt 3/2"})
    created = OutstandingList.objects.get()
    assert response.status_code == 302 and response["Location"] == list_url(created)
    assert (created.unit, created.year, created.note) == (tree.grassroots_a, 2025, "Đợt 3/2")


def test_opening_a_second_list_shows_why_not(tree, officers, login):
    services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    response = login(officers.own).post(f"{LISTS}?unit=XA", {"year": "2025"})
    assert response.status_code == 200
    assert "Đoàn xã A đang có danh sách đoàn viên ưu tú năm 2025 chưa bàn giao." in text(response)
    assert OutstandingList.objects.count() == 1


def test_opening_a_list_needs_the_edit_role_in_scope(tree, officers, login):
    assert login(officers.viewer).post(f"{LISTS}?unit=XA", {"year": "2025"}).status_code == 403
    assert login(officers.sibling).post(f"{LISTS}?unit=XA", {"year": "2025"}).status_code == 404
    assert login(officers.branch).post(f"{LISTS}?unit=XA", {"year": "2025"}).status_code == 404
    assert OutstandingList.objects.count() == 0


def test_a_list_page_shows_each_persons_stage_and_dates(tree, officers, cohort, login):
    page = text(login(officers.own).get(list_url(cohort)))
    assert "Danh sách đoàn viên ưu tú năm 2025 — Đoàn xã A" in page
    assert "Đã bàn giao Bàn giao ngày 03/02/2026 cho Đảng ủy xã A" in page
    assert "Dung Chi đoàn A2 Đảng viên chính thức 05/01/2022" in page
    assert "12/05/2025" in page and "Phúc Chi đoàn A1 Đã học lớp cảm tình Đảng 05/01/2019 · CT-" in page
    assert "hết hạn" in page
    assert "Bàn giao cho cấp ủy" not in page  # frozen: no forms


def test_personas_on_a_list_page(tree, officers, cohort, login):
    url = list_url(cohort)
    assert login(officers.above).get(url).status_code == 200
    viewer = login(officers.viewer).get(url)
    assert viewer.status_code == 200 and "Đề xuất vào danh sách" not in viewer.content.decode()
    assert login(officers.sibling).get(url).status_code == 404
    assert login(officers.branch).get(url).status_code == 404


@pytest.fixture
def open_list(tree, officers):
    return services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)


def test_proposing_from_the_evaluation_fills_the_list(tree, officers, open_list, login):
    for name in ("Lê Thị Ánh", "Trần Văn Bình"):
        evaluated(member(tree.branch_a1, officers.admin, name))
    client = login(officers.own)
    assert "2 đoàn viên được xếp loại hoàn thành xuất sắc nhiệm vụ năm 2025" in text(
        client.get(list_url(open_list))
    )
    response = client.post(list_url(open_list, "pipeline_list_propose"), follow=True)
    page = text(response)
    assert "Đã đề xuất 2 đoàn viên từ kết quả xếp loại." in page
    assert "Lê Thị Ánh" in page and "Trần Văn Bình" in page and "HTXSNV" in page
    assert open_list.entries.count() == 2


def test_an_officer_finds_a_member_by_name_adds_and_removes_them(tree, officers, open_list, login):
    m = member(tree.branch_a2, officers.admin, "Trần Văn Bình")
    member(tree.branch_b1, officers.admin, "Trần Văn Bảo")  # another district: never offered
    client = login(officers.own)
    page = client.get(list_url(open_list), {"q": "tran van"}).content.decode()
    assert f'name="member" value="{m.pk}"' in page and "Trần Văn Bảo" not in page
    response = client.post(list_url(open_list, "pipeline_list_add"), {"member": m.pk, "note": "Bí thư"})
    assert response.status_code == 302
    entry = OutstandingEntry.objects.get()
    assert (entry.member, entry.note) == (m, "Bí thư")
    response = client.post(list_url(open_list, "pipeline_list_remove", entry.pk), follow=True)
    assert "Đã bỏ Trần Văn Bình khỏi danh sách." in text(response)
    assert OutstandingEntry.objects.count() == 0


def test_adding_a_party_member_shows_why_not_and_writes_nothing(tree, officers, open_list, login):
    m = member(
        tree.branch_a1,
        officers.admin,
        "Võ Thị Dung",
        party_course_on=D(2022, 1, 5),
        party_introduced_on=D(2022, 6, 1),
        party_probationary_on=D(2023, 3, 3),
    )
    response = login(officers.own).post(list_url(open_list, "pipeline_list_add"), {"member": m.pk})
    assert response.status_code == 200
    assert "Võ Thị Dung đã là đảng viên (kết nạp ngày 03/03/2023)." in text(response)
    assert OutstandingEntry.objects.count() == 0


def test_adding_someone_outside_the_officers_scope_is_404(tree, officers, open_list, login):
    outsider = member(tree.branch_b1, officers.admin, "Đỗ Văn Em")
    response = login(officers.own).post(list_url(open_list, "pipeline_list_add"), {"member": outsider.pk})
    assert response.status_code == 404


def test_hand_over_freezes_the_list_page(tree, officers, open_list, login):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    b = member(tree.branch_a1, officers.admin, "Lê Văn Bảy")
    services.outstanding_add(outstanding_list=open_list, member=a, by=officers.own)
    client = login(officers.own)
    bad = client.post(list_url(open_list, "pipeline_list_hand_over"), {"on": "2024-12-31"})
    assert "Ngày bàn giao phải từ 01/01/2025 (danh sách năm 2025)." in text(bad)
    response = client.post(
        list_url(open_list, "pipeline_list_hand_over"),
        {"on": "2026-02-03", "party_committee": "Đảng ủy xã A", "resolution_number": "05-NQ/ĐTN"},
        follow=True,
    )
    page = text(response)
    assert "Đã bàn giao danh sách cho cấp ủy." in page and "Bàn giao ngày 03/02/2026 cho Đảng ủy xã A" in page
    late = client.post(list_url(open_list, "pipeline_list_add"), {"member": b.pk})
    assert "Danh sách đã bàn giao cho cấp ủy ngày 03/02/2026 nên không thể sửa." in text(late)
    entry = open_list.entries.get()
    late = client.post(list_url(open_list, "pipeline_list_remove", entry.pk))
    assert "không thể sửa" in text(late)
    assert list(open_list.entries.values_list("member_id", flat=True)) == [a.pk]


def test_list_writes_answer_403_to_the_viewer_and_404_to_outsiders(tree, officers, open_list, login):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    entry = services.outstanding_add(outstanding_list=open_list, member=a, by=officers.own)
    posts = [
        (list_url(open_list, "pipeline_list_propose"), {}),
        (list_url(open_list, "pipeline_list_add"), {"member": a.pk}),
        (list_url(open_list, "pipeline_list_remove", entry.pk), {}),
        (list_url(open_list, "pipeline_list_hand_over"), {"on": "2026-02-03"}),
    ]
    for url, data in posts:
        assert login(officers.viewer).post(url, data).status_code == 403, url
        assert login(officers.sibling).post(url, data).status_code == 404, url
        assert login(officers.branch).post(url, data).status_code == 404, url
        assert login(officers.own).get(url).status_code == 405, url
    open_list.refresh_from_db()
    assert open_list.handed_over_on is None and open_list.entries.count() == 1
    assert not AuditEntry.objects.filter(action__in=["outstanding.remove", "outstanding.hand_over"]).exists()


# --- a person ------------------------------------------------------------------------------------------------


def test_a_persons_page_shows_the_steps_done_and_the_form_of_the_next(tree, officers, cohort, login):
    b = Member.objects.get(full_name="Bình")
    page = text(login(officers.branch).get(person_url(b)))
    assert "Phát triển Đảng — Bình" in page
    assert "Đã được giới thiệu kết nạp Đảng" in page
    assert "Đoàn giới thiệu kết nạp Đảng 26/03/2025, nghị quyết số NQ-" in page
    assert "năm 2025 của Đoàn xã A (bàn giao 03/02/2026)" in page
    assert "Ghi ngày kết nạp" in page


def test_the_branch_officer_records_the_course_on_a_phone_form(tree, officers, login):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    client = login(officers.branch)
    response = client.post(person_url(a, "cam-tinh-dang"), {"on": "2024-10-05", "certificate": "CT-7"})
    assert response.status_code == 302 and response["Location"] == person_url(a)
    a.refresh_from_db()
    assert (a.party_course_on, a.party_course_certificate) == (D(2024, 10, 5), "CT-7")
    page = text(client.get(person_url(a)))
    assert "cấp ngày 05/10/2024, số CT-7" in page and "còn hạn đến 05/10/2029" in page


def test_a_refused_step_shows_the_message_next_to_the_field(tree, officers, login):
    young = member(tree.branch_a1, officers.admin, "Lý Văn Trẻ", born=D(2008, 3, 10), joined=D(2023, 6, 1))
    advance(young, officers.own, course_on=D(2025, 1, 10), introduced_on=D(2025, 9, 2))
    response = login(officers.branch).post(person_url(young, "ket-nap"), {"on": "2026-03-09"})
    assert response.status_code == 200
    assert "Chỉ được kết nạp Đảng khi đủ 18 tuổi: ngày kết nạp phải từ 10/03/2026." in text(response)
    young.refresh_from_db()
    assert young.party_probationary_on is None


def test_only_the_grassroots_union_records_the_introduction(tree, officers, login):
    a = course(member(tree.branch_a1, officers.admin, "Lê Thị Ánh"), officers.branch)
    data = {"on": "2025-03-26", "resolution": "12-NQ/ĐTN"}
    branch_page = text(login(officers.branch).get(person_url(a)))
    assert "Bạn chỉ được xem bước này." in branch_page
    assert login(officers.branch).post(person_url(a, "gioi-thieu"), data).status_code == 403
    assert login(officers.own).post(person_url(a, "gioi-thieu"), data).status_code == 302
    a.refresh_from_db()
    assert (a.party_introduced_on, a.party_introduced_resolution) == (D(2025, 3, 26), "12-NQ/ĐTN")


def test_personas_on_a_persons_page_and_steps(tree, officers, login):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    data = {"on": "2024-10-05", "certificate": "CT-7"}
    assert login(officers.above).get(person_url(a)).status_code == 200
    viewer = login(officers.viewer).get(person_url(a))
    assert viewer.status_code == 200 and "Bạn chỉ được xem bước này." in text(viewer)
    assert login(officers.viewer).post(person_url(a, "cam-tinh-dang"), data).status_code == 403
    assert login(officers.other_branch).get(person_url(a)).status_code == 404
    assert login(officers.other_branch).post(person_url(a, "cam-tinh-dang"), data).status_code == 404
    assert login(officers.sibling).post(person_url(a, "cam-tinh-dang"), data).status_code == 404
    assert login(officers.branch).post(person_url(a, "khong-co")).status_code == 404
    a.refresh_from_db()
    assert a.party_course_on is None


def test_a_step_sent_from_a_stale_page_says_why_it_was_refused(tree, officers, login):
    a = advance(member(tree.branch_a1, officers.admin, "Lê Thị Ánh"), officers.own, course_on=D(2024, 1, 5))
    advance(a, officers.own, introduced_on=D(2024, 6, 1))
    response = login(officers.branch).post(
        person_url(a, "cam-tinh-dang"), {"on": "2024-10-05", "certificate": "X"}
    )
    assert response.status_code == 200
    assert "Lê Thị Ánh đã được giới thiệu kết nạp Đảng ngày 01/06/2024" in text(response)


# --- who is due ----------------------------------------------------------------------------------------------


def test_the_due_page_lists_each_kind_of_step_due(tree, officers, cohort, login):
    page = text(login(officers.own).get(DUE, {"unit": "XA", "months": "6"}))
    # c was admitted on 10/01/2025: full membership due since 10/01/2026.
    assert "Cường Chi đoàn A2 10/01/2025 10/01/2026 quá" in page
    # f's certificate expired on 05/01/2024 and f is not admitted.
    assert "Phúc Chi đoàn A1 05/01/2019 · CT-" in page and "05/01/2024 đã hết hạn" in page
    # b introduced 26/03/2025 and Giang 26/03/2024, neither admitted.
    assert "Bình Chi đoàn A1 26/03/2025" in page and "Giang Chi đoàn A1 26/03/2024" in page
    few = text(login(officers.own).get(DUE, {"unit": "XA", "months": "0"}))
    assert "Số tháng phải từ 1 đến 60." in few
