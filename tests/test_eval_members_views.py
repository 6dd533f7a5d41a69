"""Member evaluation pages: the branch's sheet, one member's page, the grassroots union's decisions, the
counts per level and the rules, with the personas (own officer, officer above, sibling, viewer)."""

from decimal import Decimal

import pytest

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.members import services as evaluation
from doanvu.evaluation.models import (
    EvaluationPolicy,
    MemberEvaluation,
)

from .test_eval_member_factories import DECIDED_ON, ON, YEAR, decided, exemplary, meetings, pay_all, roster

SHEET = "/danh-gia/doan-vien/"
DECISIONS = "/danh-gia/doan-vien/quyet-dinh/"
COUNTS = "/danh-gia/doan-vien/tong-hop/"
POLICY = "/danh-gia/doan-vien/quy-dinh/"


@pytest.fixture
def branch(tree, people):
    members = roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"])
    exemplary(tree.branch_a1, members[:2])
    meetings(tree.branch_a1, members[2:], absent={members[2]: 5})
    pay_all(members[2:], tree.branch_a1)
    return members


def test_the_sheet_shows_each_members_inputs_and_suggested_level(tree, people, branch, login):
    page = login(people.own).get(f"{SHEET}?unit=CA1&year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đánh giá, xếp loại đoàn viên năm 2025 — Chi đoàn A1" in html
    assert "100% (10/10 buổi)" in html and "50% (5/10 buổi)" in html
    assert "12/12 tháng" in html and "Chưa đăng ký" in html
    assert "Theo số liệu: tối đa hoàn thành nhiệm vụ" in html
    assert "doanvu không ghi danh sách người tham gia từng hoạt động" in html
    assert 'name="level-' in html and "Ghi đề xuất cho cả chi đoàn" in html


def test_proposing_for_the_whole_branch_shows_the_flags_in_red(tree, people, branch, login):
    client = login(people.own)
    response = client.post(
        "/danh-gia/doan-vien/de-xuat/",
        {"unit": "CA1", "year": YEAR, "on": "2025-12-20", **{f"level-{m.pk}": "outstanding" for m in branch}},
    )
    assert response.status_code == 302
    assert MemberEvaluation.objects.filter(proposed_level="outstanding").count() == 3
    html = client.get(response["Location"]).content.decode()
    assert "Đã ghi đề xuất xếp loại của 3 đoàn viên; 1 đề xuất vi phạm quy định" in html
    assert (
        'class="flags" role="alert"' in html and "Tỷ lệ dự sinh hoạt 50% (5/10 buổi) thấp hơn mức 90%" in html
    )


def test_a_proposal_with_a_bad_level_is_refused_on_the_page_and_nothing_is_written(
    tree, people, branch, login
):
    response = login(people.own).post(
        "/danh-gia/doan-vien/de-xuat/",
        {"unit": "CA1", "year": YEAR, "on": "2025-12-20", f"level-{branch[0].pk}": "best"},
    )
    assert response.status_code == 400
    assert "Nguyễn Văn An: hãy chọn mức xếp loại." in response.content.decode()
    assert not MemberEvaluation.objects.exists()


def test_personas_on_the_sheet(tree, people, branch, login):
    url = f"{SHEET}?unit=CA1&year={YEAR}"
    post = {"unit": "CA1", "year": YEAR, "on": "2025-12-20", f"level-{branch[0].pk}": "good"}
    assert login(people.above).get(url).status_code == 200
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.sibling).post("/danh-gia/doan-vien/de-xuat/", post).status_code == 404
    viewer = login(people.viewer)
    page = viewer.get(url)
    assert page.status_code == 200 and "Ghi đề xuất cho cả chi đoàn" not in page.content.decode()
    assert viewer.post("/danh-gia/doan-vien/de-xuat/", post).status_code == 403
    assert login(people.nobody).get(url).status_code == 403
    assert not MemberEvaluation.objects.exists()


def test_the_sheet_of_a_unit_above_a_branch_goes_to_the_counts(tree, people, login):
    response = login(people.above).get(f"{SHEET}?unit=XA&year={YEAR}")
    assert response.status_code == 302 and response["Location"] == f"{COUNTS}?unit=XA&year={YEAR}"


def test_the_member_page_records_the_self_assessment_and_the_proposal(tree, people, branch, login):
    client = login(people.own)
    url = f"/danh-gia/doan-vien/{branch[0].pk}/?year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200 and "Đánh giá, xếp loại Nguyễn Văn An năm 2025" in page.content.decode()
    response = client.post(
        url, {"step": "self", "self-level": "good", "self-note": "Cố gắng", "self-on": "2025-12-10"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"step": "propose", "propose-level": "outstanding", "propose-on": "2025-12-20"}
    )
    assert response.status_code == 302
    saved = MemberEvaluation.objects.get(member=branch[0])
    assert (saved.self_level, saved.self_note, saved.proposed_level, saved.flags) == (
        "good",
        "Cố gắng",
        "outstanding",
        [],
    )
    html = client.get(url).content.decode()
    assert "Hoàn thành tốt nhiệm vụ" in html and "20/12/2025" in html


def test_a_step_dated_before_the_year_is_refused_on_the_member_page(tree, people, branch, login):
    url = f"/danh-gia/doan-vien/{branch[0].pk}/?year={YEAR}"
    response = login(people.own).post(url, {"step": "self", "self-level": "good", "self-on": "2024-12-10"})
    assert response.status_code == 400
    assert "Ngày 10/12/2024 trước năm đánh giá 2025." in response.content.decode()


def test_personas_on_the_member_page(tree, people, branch, login):
    url = f"/danh-gia/doan-vien/{branch[0].pk}/?year={YEAR}"
    post = {"step": "self", "self-level": "good", "self-on": "2025-12-10"}
    assert login(people.above).get(url).status_code == 200
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.sibling).post(url, post).status_code == 404
    assert login(people.viewer).get(url).status_code == 200
    assert login(people.viewer).post(url, post).status_code == 403
    assert not MemberEvaluation.objects.exists()


# --- decisions -------------------------------------------------------------------------------------------


@pytest.fixture
def proposed(tree, people, branch):
    return [
        evaluation.evaluation_propose(member=m, year=YEAR, level="outstanding", on=ON, by=people.own)
        for m in branch
    ]


def test_the_decision_page_lists_branches_and_the_flags_of_the_chosen_branch(tree, people, proposed, login):
    page = login(people.approver).get(f"{DECISIONS}?unit=XA&branch=CA1&year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chi đoàn A1" in html and "Chi đoàn A2" in html
    assert "Quyết định 2 đề xuất không vi phạm quy định" in html
    assert "Tỷ lệ dự sinh hoạt 50%" in html and 'formaction="/danh-gia/doan-vien/quyet-dinh/' in html


def test_deciding_all_unflagged_then_one_at_a_lower_level(tree, people, proposed, login):
    client = login(people.approver)
    form = {"unit": "XA", "branch": "CA1", "year": YEAR, "on": "2025-12-28", "decision_number": "15-QĐ/ĐTN"}
    response = client.post(f"{DECISIONS}tat-ca/", form)
    assert response.status_code == 302
    assert MemberEvaluation.objects.filter(decided_level="outstanding").count() == 2
    dung = proposed[2]
    refused = client.post(f"{DECISIONS}{dung.pk}/", {**form, f"level-{dung.pk}": "outstanding"})
    assert refused.status_code == 400 and "Phạm Thị Dung: Tỷ lệ dự sinh hoạt 50%" in refused.content.decode()
    done = client.post(f"{DECISIONS}{dung.pk}/", {**form, f"level-{dung.pk}": "completed"})
    assert done.status_code == 302
    dung.refresh_from_db()
    assert (dung.decided_level, dung.decision_number) == ("completed", "15-QĐ/ĐTN")
    assert AuditEntry.objects.filter(action="evaluation.decide").count() == 3


def test_personas_on_the_decisions(tree, people, proposed, login):
    url = f"{DECISIONS}?unit=XA&branch=CA1&year={YEAR}"
    form = {"unit": "XA", "branch": "CA1", "year": YEAR, "on": "2025-12-28"}
    one = f"{DECISIONS}{proposed[0].pk}/"
    assert login(people.above).get(url).status_code == 200
    assert login(people.above).post(f"{DECISIONS}tat-ca/", form).status_code == 302
    # The branch's own officer sees its decisions but does not decide; a sibling sees nothing.
    own_page = login(people.own).get(f"{DECISIONS}?unit=CA1&year={YEAR}")
    assert own_page.status_code == 200 and "Chỉ cán bộ Đoàn xã A hoặc cấp trên" in own_page.content.decode()
    assert login(people.own).post(one, {**form, "unit": "CA1"}).status_code == 403
    assert login(people.sibling).get(url).status_code == 404
    assert login(people.sibling).get(f"{DECISIONS}?unit=CA2&branch=CA1&year={YEAR}").status_code == 404
    assert login(people.sibling).post(one, {**form, "unit": "CA2"}).status_code == 404
    assert login(people.viewer).get(url).status_code == 200
    assert login(people.viewer).post(f"{DECISIONS}tat-ca/", form).status_code == 403


# --- counts and rules ------------------------------------------------------------------------------------


def test_the_counts_give_each_level_per_sub_tree_with_shares(tree, people, branch, login):
    decided(branch[0], "outstanding")
    decided(branch[1], "good")
    a2 = roster(tree.branch_a2, people.sibling, ["Đỗ Văn Giang"])
    decided(a2[0], "good")
    page = login(people.above).get(f"{COUNTS}?unit=XA&year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200 and "Kết quả xếp loại đoàn viên năm 2025 — Đoàn xã A" in html
    row = html.split('data-unit="CA1"')[1].split("</tr>")[0]
    assert "50%" in row and ">02<" not in row
    total = html.split("data-total")[1].split("</tr>")[0]
    assert "Toàn Đoàn xã A" in total and "33,3%" in total and "66,7%" in total
    assert login(people.sibling).get(f"{COUNTS}?unit=XA&year={YEAR}").status_code == 404
    assert login(people.viewer).get(f"{COUNTS}?unit=XA&year={YEAR}").status_code == 200


def test_the_policy_page_shows_where_the_rules_come_from_and_saves_the_units_own(tree, people, login):
    EvaluationPolicy.objects.create(unit=tree.province, year=YEAR, outstanding_max_share_pct=Decimal(30))
    client = login(people.above)
    page = client.get(f"{POLICY}?unit=HA&year={YEAR}").content.decode()
    assert "Quy định năm nay do Tỉnh đoàn Test đặt" in page and "xuất sắc tối đa 30%" in page
    data = {
        "unit": "HA",
        "year": YEAR,
        "outstanding_min_attendance_pct": "95",
        "outstanding_training_result": "outstanding",
        "good_min_attendance_pct": "70",
        "completed_min_attendance_pct": "50",
        "max_unpaid_dues_months": "2",
        "outstanding_max_share_pct": "20",
        "discipline_caps_level": "on",
    }
    assert client.post(POLICY, data).status_code == 302
    policy = EvaluationPolicy.objects.get(unit=tree.district_a, year=YEAR)
    assert (policy.outstanding_min_attendance_pct, policy.max_unpaid_dues_months) == (Decimal(95), 2)
    bad = client.post(POLICY, {**data, "good_min_attendance_pct": "120"})
    assert bad.status_code == 400 and "Tỷ lệ phải từ 0 đến 100%." in bad.content.decode()


def test_personas_on_the_policy_page(tree, people, login):
    data = {"unit": "CA1", "year": YEAR, "outstanding_min_attendance_pct": "95"}
    assert login(people.own).get(f"{POLICY}?unit=CA1&year={YEAR}").status_code == 200
    assert login(people.sibling).get(f"{POLICY}?unit=CA1&year={YEAR}").status_code == 404
    assert login(people.sibling).post(POLICY, data).status_code == 404
    assert login(people.viewer).get(f"{POLICY}?unit=CA1&year={YEAR}").status_code == 200
    assert login(people.viewer).post(POLICY, data).status_code == 403
    assert not EvaluationPolicy.objects.exists()


def test_the_decided_level_shows_on_the_sheet(tree, people, proposed, login):
    evaluation.evaluation_decide(evaluation=proposed[0], level="good", on=DECIDED_ON, by=people.approver)
    html = login(people.own).get(f"{SHEET}?unit=CA1&year={YEAR}").content.decode()
    assert "Quyết định: Hoàn thành tốt nhiệm vụ" in html
