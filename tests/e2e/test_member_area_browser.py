"""A member on a 390 px phone activates their account with the code the branch printed, proposes a new phone
number, registers for the training programme and submits the self-assessment; the branch secretary then
approves the phone change and the member's record shows it (docs/domain.md, "Members sign in for
themselves")."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from doanvu.accounts import member_accounts
from doanvu.accounts.models import Officer
from doanvu.demo.tree import KHCN_CODE
from doanvu.evaluation.members.models import MemberEvaluation
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.members.models import ChangeProposal, Member

from .test_browser import PATIENCE_MS, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "hoa-sen-tren-nui-2026"
NEW_PHONE = "0987654321"


@pytest.fixture
def a_member_with_a_code():
    """A current member of the KHCN branch with no account, no training registration and no evaluation this
    year, and the code their branch printed."""
    year = timezone.localdate().year
    member = (
        Member.objects.filter(unit__code=KHCN_CODE, status="active", account__isnull=True)
        .exclude(citizen_id="")
        .exclude(phone=NEW_PHONE)
        .exclude(trainings__year=year)
        .exclude(evaluations__year=year)
        .order_by("pk")
        .first()
    )
    officer = Officer.objects.get(user__username="chidoan").user
    return member, member_accounts.code_issue(member=member, by=officer)


def test_a_member_on_a_phone_proposes_registers_and_self_assesses_and_the_branch_approves(
    browser, server, a_member_with_a_code
):
    member, code = a_member_with_a_code
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(PATIENCE_MS)
    page = context.new_page()
    page.goto(f"{server.url}/kich-hoat/")
    page.fill("#id_code", member_accounts.shown_code(code))
    page.fill("#id_second", member.date_of_birth.strftime("%d/%m/%Y"))
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text(member.full_name)
    expect(page.locator(".messages")).to_contain_text(member.citizen_id)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{server.url}/toi/sua-thong-tin/")
    page.fill("#id_phone", "0987 654 321")
    page.click("button:has-text('Gửi đề nghị')")
    expect(page.locator(".proposal-pending")).to_contain_text(NEW_PHONE)

    page.goto(f"{server.url}/toi/ren-luyen/")
    page.fill("#id_commitments", "Hoàn thành khóa học kỹ năng số")
    page.click("button:has-text('Đăng ký rèn luyện')")
    expect(page.locator(".training-registered")).to_contain_text("Bạn đã đăng ký")

    page.goto(f"{server.url}/toi/tu-danh-gia/")
    page.check("input[name=level][value=good]")
    page.fill("#id_note", "Tham gia đầy đủ sinh hoạt chi đoàn")
    page.click("button:has-text('Gửi bản tự đánh giá')")
    expect(page.locator(".self-level")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    year = timezone.localdate().year
    assert TrainingRegistration.objects.filter(member=member, year=year).exists()
    assert MemberEvaluation.objects.get(member=member, year=year).self_level == "good"

    officer_context, officer = logged_in(
        browser, server, "chidoan", viewport=PHONE, is_mobile=True, has_touch=True
    )
    officer.goto(f"{server.url}/doan-vien/{member.pk}/")
    officer.click("text=Xem và duyệt")
    officer.click("button:has-text('Duyệt và cập nhật hồ sơ')")
    expect(officer.locator(".member-facts")).to_contain_text(NEW_PHONE)
    officer_context.close()

    page.goto(f"{server.url}/toi/")
    expect(page.locator(".member-phone")).to_have_text(NEW_PHONE)
    assert ChangeProposal.objects.get(member=member).state == ChangeProposal.State.APPROVED
    context.close()
