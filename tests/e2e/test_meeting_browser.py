"""In headless Chromium on a 390 px phone: the branch secretary records a meeting with no code typed — the
branch is theirs, the day is picked, everyone on the day's roster starts present and one tap marks a member
absent — and the saved meeting shows its attendance (docs/domain.md, "Meetings and attendance")."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from doanvu.demo.tree import KHCN_CODE as KHCN
from doanvu.work.models import Meeting

from . import test_browser
from .test_reports_browser import PHONE

logged_in = test_browser.logged_in
pytestmark = test_browser.pytestmark


def a_day_without_a_meeting() -> datetime.date:
    today = timezone.localdate()
    taken = set(Meeting.objects.filter(unit__code=KHCN).values_list("held_on", flat=True))
    return next(
        today - datetime.timedelta(days=n)
        for n in range(1, 60)
        if today - datetime.timedelta(days=n) not in taken
    )


def test_a_branch_secretary_on_a_phone_records_a_meeting_and_marks_one_member_absent(browser, server):
    day = a_day_without_a_meeting()
    context, page = logged_in(browser, server, "chidoan", **PHONE)
    page.goto(f"{server.url}/cong-tac/sinh-hoat/")
    page.click("a[href*='/cong-tac/sinh-hoat/ghi/']")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Ghi buổi sinh hoạt")
    expect(page.locator("main")).to_contain_text("Chi đoàn Sở Khoa học và Công nghệ")
    page.fill("#id_held_on", day.isoformat())
    page.locator("#id_held_on").dispatch_event("change")  # htmx brings that day's roster
    page.wait_for_load_state("networkidle")
    page.fill("#id_topic", "Sinh hoạt chủ đề “Tuổi trẻ sáng tạo”")
    rows = page.locator("#roster li:has(fieldset)")
    on_roster = rows.count()
    assert on_roster > 1
    absent_name = rows.first.locator(".who").inner_text().strip()
    rows.first.locator("label:has(input[value='absent'])").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("button:has-text('Lưu buổi sinh hoạt')")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(f"Đã ghi buổi sinh hoạt ngày {day:%d/%m/%Y}")
    meeting = Meeting.objects.get(unit__code=KHCN, held_on=day)
    assert page.url.endswith(f"/cong-tac/sinh-hoat/{meeting.pk}/")
    assert meeting.attendances.count() == on_roster
    assert meeting.attendances.filter(present=False).get().member.full_name == absent_name
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    meeting.delete()  # the other browser tests share the seeded demo
