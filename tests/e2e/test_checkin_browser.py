"""Attendance by QR on a 390 px phone: the branch secretary opens check-in for today's meeting and shows
the QR; a member signed in on their phone opens the QR's address and is marked present; the secretary's
meeting page shows them present, marked as come from the QR."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from doanvu.demo.member_logins import MEMBER_LOGINS
from doanvu.demo.tree import KHCN_CODE
from doanvu.work import checkin, checkin_views
from doanvu.work.models import Meeting

from .test_browser import logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
# Set SCREENSHOTS=<folder> to keep the pages as a user sees them (phone and wide screen).
SHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


class TenInTheMorning:
    """django.utils.timezone as the check-in pages see it: today at 10:00, so the meeting's window 09:30–11:30
    is open at whatever hour the test runs (the live server runs in this process)."""

    def __getattr__(self, name):
        return getattr(timezone, name)

    def now(self):
        return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(10, 0)))

    def localtime(self, value=None):
        return timezone.localtime(self.now() if value is None else value)


@pytest.fixture
def a_member_with_an_account(monkeypatch):
    """The demo's first member login, of the branch `chidoan` keeps, at ten in the morning; the meeting the
    test makes is removed again after it, so the demo stays as the other browser tests expect it."""
    monkeypatch.setattr(checkin, "timezone", TenInTheMorning())
    monkeypatch.setattr(checkin_views, "timezone", TenInTheMorning())
    member = get_user_model().objects.get(username=MEMBER_LOGINS[0]).member_account.member
    before = set(Meeting.objects.filter(unit__code=KHCN_CODE).values_list("pk", flat=True))
    yield member
    Meeting.objects.filter(unit__code=KHCN_CODE).exclude(pk__in=before).delete()
    Meeting.objects.filter(unit__code=KHCN_CODE, checkin_token__isnull=False).update(
        checkin_token=None, starts_at=None, ends_at=None
    )


def test_a_signed_in_member_on_a_phone_is_marked_present_by_the_meetings_qr(
    browser, server, a_member_with_an_account
):
    member = a_member_with_an_account
    officer, desk = logged_in(browser, server, "chidoan", viewport=WIDE)
    desk.goto(f"{server.url}/cong-tac/sinh-hoat/diem-danh-qr/?unit={KHCN_CODE}")
    desk.fill("#id_topic", "Sinh hoạt chủ điểm tháng Mười Hai")
    desk.fill("#id_starts_at", "09:30")
    desk.fill("#id_ends_at", "11:30")
    shot(desk, "checkin-open-1280")
    desk.locator("button[type=submit].primary").click()
    expect(desk.locator(".qr-big svg")).to_be_visible()
    shot(desk, "checkin-screen-1280")
    meeting = Meeting.objects.get(unit__code=KHCN_CODE, held_on=timezone.localdate())
    address = f"{server.url}/diem-danh/{meeting.checkin_token}/"

    phone, page = logged_in(browser, server, MEMBER_LOGINS[0], viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(address)
    expect(page.locator("[data-message]")).to_have_text("Đã điểm danh: có mặt")
    expect(page.locator(".checkin-result")).to_contain_text(member.full_name)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "checkin-result-390")
    page.goto(address)
    expect(page.locator("[data-message]")).to_have_text("Bạn đã điểm danh buổi này rồi")
    # The member's own card on the same phone: the QR is drawn (inline SVG, allowed by the page's CSP).
    page.goto(f"{server.url}/the/")
    expect(page.locator(".card-qr svg")).to_be_visible()
    expect(page.locator("[data-name]")).to_have_text(member.full_name)
    assert page.locator(".card-qr svg").bounding_box()["width"] >= 150
    shot(page, "card-390")
    phone.close()

    assert meeting.attendances.get(member=member).present
    desk.goto(f"{server.url}/cong-tac/sinh-hoat/{meeting.pk}/")
    row = desk.locator("#roster li", has_text=member.full_name)
    expect(row.locator("[data-qr]")).to_be_visible()
    expect(row.locator("input[value=present]")).to_be_checked()
    desk.goto(f"{server.url}/cong-tac/sinh-hoat/{meeting.pk}/ma-qr/")
    expect(desk.locator("[data-present]")).to_have_text(str(meeting.attendances.filter(present=True).count()))
    desk.goto(f"{server.url}/doan-vien/{member.pk}/the/")
    expect(desk.locator(".card-qr svg")).to_be_visible()
    shot(desk, "card-1280")
    officer.close()
