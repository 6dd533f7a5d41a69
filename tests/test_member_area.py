"""A member's own area: they see their record and nothing of anyone else (404 on the web and in the API, 403
on officers' list pages), propose changes the branch approves or refuses, register for the training
programme and submit their self-assessment (docs/domain.md, "Members sign in for themselves")."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from doanvu.accounts import member_accounts
from doanvu.accounts.models import ApiToken, AuditEntry
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.members.services import evaluation_propose
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.members import services
from doanvu.members.models import ChangeProposal, Member
from doanvu.members.proposal_models import PROPOSABLE_FIELDS
from doanvu.work.models import DuesPayment

from .test_members_factories import admit

STRONG = "hoa-sen-tren-nui-2026"


@pytest.fixture
def hoa(tree, people):
    return admit(
        tree.branch_a1, people.own, full_name="Trần Thị Hoa", citizen_id="079204001234", phone="0912345678"
    )


@pytest.fixture
def hoa_user(hoa, people):
    code = member_accounts.code_issue(member=hoa, by=people.own)
    return member_accounts.activate(code=code, second="079204001234", password=STRONG, address="10.0.0.1")


@pytest.fixture
def other(tree, people):
    return admit(tree.branch_a1, people.own, full_name="Lê Văn Bình")


def test_a_member_lands_in_their_own_area_with_no_officer_menu(hoa_user, login):
    client = login(hoa_user)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0] == "/toi/"
    html = page.content.decode()
    assert "Trần Thị Hoa" in html and "Sửa thông tin" in html
    assert "Cây tổ chức" not in html and "Nhật ký" not in html and "Mã API" not in html


def test_the_member_area_links_to_the_members_own_card(hoa_user, login):
    client = login(hoa_user)
    html = client.get("/toi/").content.decode()
    assert html.count('href="/the/"') == 2  # in the member's menu and among the home page's buttons
    card = client.get("/the/")
    assert card.status_code == 200 and "Trần Thị Hoa" in card.content.decode()


def test_another_members_record_is_a_404_on_the_web_and_in_the_api(hoa_user, other, login, client):
    web = login(hoa_user)
    assert web.get(f"/doan-vien/{other.pk}/").status_code == 404
    assert (
        web.get(f"/doan-vien/{hoa_user.member_account.member.pk}/").status_code == 404
    )  # officers' page too
    assert web.get(f"/doan-vien/{other.pk}/tai-khoan/").status_code == 404
    assert web.get(f"/danh-gia/doan-vien/{other.pk}/").status_code in (403, 404)
    _token, raw = ApiToken.issue(user=hoa_user, name="điện thoại")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/members/{other.pk}/", **api).status_code == 404
    assert client.get("/api/members/", **api).json()["count"] == 0
    me = client.get("/api/me/", **api)
    assert me.status_code == 200 and me.json()["full_name"] == "Trần Thị Hoa"


def test_the_api_answers_me_to_the_signed_in_member_only(hoa_user, people, login):
    assert login(hoa_user).get("/api/me/").json()["citizen_id"] == "079204001234"
    assert login(people.own).get("/api/me/").status_code == 404


def test_officers_pages_answer_a_member_403_or_404(hoa_user, tree, login):
    client = login(hoa_user)
    for url in ("/doan-vien/", "/tai-khoan/nhat-ky/", "/doan-vien/de-nghi-sua/", "/tai-khoan/ma-api/"):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/don-vi/{tree.branch_a1.code}/",
        f"/doan-vien/them/?unit={tree.branch_a1.code}",
        "/cong-tac/hoat-dong/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_officer_has_no_member_area(people, login):
    assert login(people.own).get("/toi/").status_code == 404


def _paid_september(member, tree) -> None:
    """September 2026's dues, paid in Chi đoàn A1 on 26/9/2026."""
    DuesPayment.objects.create(
        member=member,
        unit=tree.branch_a1,
        month=datetime.date(2026, 9, 1),
        amount=2000,
        paid_on=datetime.date(2026, 9, 26),
    )


def test_the_member_sees_dues_paid_and_owed(hoa, hoa_user, login, tree):
    _paid_september(hoa, tree)
    html = login(hoa_user).get("/toi/").content.decode()
    assert "Đã đóng ngày 26/09/2026" in html
    assert "Còn nợ 2 tháng, 4.000 đồng" in html  # October and November 2026


def test_a_member_transferred_in_is_not_shown_owing_the_months_before_the_transfer(
    hoa, hoa_user, login, tree, people
):
    _paid_september(hoa, tree)
    transfer = services.transfer_request(
        member=hoa, to_unit=tree.branch_a2, by=people.own, requested_on=datetime.date(2026, 10, 10)
    )
    services.transfer_accept(transfer=transfer, by=people.above, on=datetime.date(2026, 10, 12))
    html = login(hoa_user).get("/toi/").content.decode()
    # October began before the transfer: owed to neither branch, as the branches' figures count it.
    assert "Còn nợ 1 tháng, 2.000 đồng" in html  # November 2026


def test_the_member_downloads_their_own_record_as_a_safe_workbook(hoa, hoa_user, login):
    Member.objects.filter(pk=hoa.pk).update(residence='=HYPERLINK("http://x")')
    response = login(hoa_user).get("/toi/tai-ve/")
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hồ sơ", "Lịch sử", "Đoàn phí", "Sinh hoạt", "Đánh giá", "Rèn luyện"]
    values = {row[0].value: row[1] for row in book["Hồ sơ"].iter_rows(min_row=2)}
    assert values["Họ và tên"].value == "Trần Thị Hoa"
    assert values["Nơi ở hiện nay"].data_type == "s" and values["Nơi ở hiện nay"].quotePrefix


def propose(client, **changes):
    member = Member.objects.get(citizen_id="079204001234")
    data = {name: getattr(member, name) or "" for name in PROPOSABLE_FIELDS}
    data["date_of_birth"] = member.date_of_birth.isoformat()
    data.update(changes)
    return client.post("/toi/sua-thong-tin/", data)


def test_a_proposal_is_checked_like_the_officers_form(hoa_user, login):
    response = propose(login(hoa_user), phone="12345")
    assert response.status_code == 422 and "Số điện thoại không đúng dạng" in response.content.decode()
    assert not ChangeProposal.objects.exists()


def test_a_proposal_with_no_change_is_refused(hoa_user, login):
    response = propose(login(hoa_user))
    assert "chưa thay đổi thông tin nào" in response.content.decode()


def test_the_branch_approves_a_new_phone_and_history_and_audit_keep_it(hoa, hoa_user, people, login):
    propose(login(hoa_user), phone="0987 654 321")
    proposal = ChangeProposal.objects.get()
    assert proposal.changes == {"phone": ["0912345678", "0987654321"]}
    assert Member.objects.get(pk=hoa.pk).phone == "0912345678"  # nothing applied yet
    officer = login(people.own)
    assert "1 đề nghị sửa thông tin" in officer.get("/doan-vien/").content.decode()
    officer.post(f"/doan-vien/de-nghi-sua/{proposal.pk}/", {"decision": "approve"})
    hoa.refresh_from_db()
    assert hoa.phone == "0987654321"
    assert hoa.history.first().history_change_reason == "Duyệt đề nghị sửa thông tin của đoàn viên"
    assert AuditEntry.objects.filter(member=hoa, action="member.proposal_approve").exists()
    page = login(hoa_user).get("/toi/sua-thong-tin/").content.decode()
    assert "Đã được duyệt" in page


def test_a_refusal_needs_a_reason_and_the_member_reads_it(hoa, hoa_user, people, login):
    propose(login(hoa_user), phone="0987654321")
    proposal = ChangeProposal.objects.get()
    officer = login(people.own)
    assert (
        officer.post(
            f"/doan-vien/de-nghi-sua/{proposal.pk}/", {"decision": "refuse", "reason": ""}
        ).status_code
        == 422
    )
    officer.post(
        f"/doan-vien/de-nghi-sua/{proposal.pk}/",
        {"decision": "refuse", "reason": "Số này không liên lạc được"},
    )
    hoa.refresh_from_db()
    assert hoa.phone == "0912345678"
    page = login(hoa_user).get("/toi/sua-thong-tin/").content.decode()
    assert "Bị từ chối" in page and "Số này không liên lạc được" in page
    history = login(hoa_user).get("/toi/lich-su/").content.decode()
    assert "Từ chối đề nghị sửa thông tin" in history and "0987654321" in history


def test_only_the_branch_in_scope_decides_a_proposal(hoa, hoa_user, people, login):
    proposal = services.proposal_submit(member=hoa, data={"phone": "0987654321"}, by=hoa_user)
    assert login(people.sibling).get(f"/doan-vien/de-nghi-sua/{proposal.pk}/").status_code == 404
    assert (
        login(people.viewer)
        .post(f"/doan-vien/de-nghi-sua/{proposal.pk}/", {"decision": "approve"})
        .status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.proposal_approve(proposal=proposal, by=hoa_user)


def test_a_member_cannot_propose_for_another_member_nor_unit_or_party_fields(hoa_user, other):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(member=other, data={"phone": "0987654321"}, by=hoa_user)
    member = hoa_user.member_account.member
    for field in ("unit", "status", "party_probationary_on", "joined_on"):
        with pytest.raises(ValidationError):
            services.proposal_submit(member=member, data={field: None}, by=hoa_user)
    assert not ChangeProposal.objects.exists()


def test_an_approval_that_no_longer_fits_the_record_changes_nothing(hoa, hoa_user, people, tree):
    proposal = services.proposal_submit(member=hoa, data={"citizen_id": "079204009999"}, by=hoa_user)
    admit(tree.branch_a2, people.sibling, citizen_id="079204009999")  # the number is taken meanwhile
    with pytest.raises(ValidationError) as error:
        services.proposal_approve(proposal=proposal, by=people.own)
    assert "Số CCCD 079204009999 đã có ở một đoàn viên đang sinh hoạt" in str(error.value)
    hoa.refresh_from_db()
    proposal.refresh_from_db()
    assert hoa.citizen_id == "079204001234" and proposal.state == ChangeProposal.State.PENDING


def test_the_member_registers_for_this_years_training_programme(hoa, hoa_user, login):
    client = login(hoa_user)
    client.post("/toi/ren-luyen/", {"commitments": "Học tiếng Anh"})
    registration = TrainingRegistration.objects.get(member=hoa)
    assert registration.year == 2026 and registration.commitments == "Học tiếng Anh"
    assert "Bạn đã đăng ký ngày 05/12/2026" in client.get("/toi/ren-luyen/").content.decode()
    assert AuditEntry.objects.filter(member=hoa, action="training.register", actor=hoa_user).exists()


def test_after_the_branchs_self_assessment_deadline_the_member_is_told_to_ask_the_branch(
    hoa, hoa_user, people, login, tree
):
    from doanvu.evaluation.members.services.policy import evaluation_policy_set

    evaluation_policy_set(
        unit=tree.district_a, year=2026, data={"self_deadline": datetime.date(2026, 11, 30)}, by=people.above
    )
    client = login(hoa_user)
    page = client.get("/toi/tu-danh-gia/").content.decode()
    assert "Đã hết hạn tự đánh giá ngày 30/11/2026" in page and "Gửi bản tự đánh giá" not in page
    refused = client.post("/toi/tu-danh-gia/", {"level": "good", "note": "Muộn"})
    assert refused.status_code == 422
    assert not MemberEvaluation.objects.filter(member=hoa, year=2026).exists()
    evaluation_policy_set(
        unit=tree.district_a, year=2026, data={"self_deadline": datetime.date(2026, 12, 15)}, by=people.above
    )
    assert "Hạn tự đánh giá: 15/12/2026." in client.get("/toi/tu-danh-gia/").content.decode()


def test_the_member_submits_the_self_assessment_until_the_branch_proposes(hoa, hoa_user, people, login):
    client = login(hoa_user)
    client.post("/toi/tu-danh-gia/", {"level": "good", "note": "Tham gia đủ sinh hoạt"})
    evaluation = MemberEvaluation.objects.get(member=hoa, year=2026)
    assert evaluation.self_level == "good" and evaluation.self_on == datetime.date(2026, 12, 5)
    evaluation_propose(member=hoa, year=2026, level="good", on=datetime.date(2026, 12, 5), by=people.own)
    page = client.post("/toi/tu-danh-gia/", {"level": "outstanding"}).content.decode()
    assert "không sửa được nữa" in page
    assert MemberEvaluation.objects.get(member=hoa, year=2026).self_level == "good"
