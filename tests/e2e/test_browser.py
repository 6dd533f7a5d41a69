"""End to end in headless Chromium, as officers use doanvu: a branch secretary adds a member, finds them
by a search typed without diacritics and exports the list; an officer of another district cannot open
that member. Debian's Chromium drives the pages (Playwright never downloads a browser here)."""

import datetime
import re

import pytest
from openpyxl import load_workbook

from doanvu.members.models import Member

PASSWORD = "doanvu-demo"
NEW_MEMBER = "Võ Thị Tường Vy"
# Playwright gives up on a page after 30 s by default; on a busy machine (two test workers, LibreOffice
# converting a report) a demo page can take longer. This bounds a hung page, it does not measure speed.
PATIENCE_MS = 180_000

# The demo, its live server and Chromium are shared by the browser tests (conftest.py); one worker runs them.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def logged_in(browser, server, username: str, **context_options):
    """A fresh browser context (its own cookies) with `username` logged in through the login page."""
    context = browser.new_context(accept_downloads=True, locale="vi-VN", **context_options)
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    page = context.new_page()
    page.goto(f"{server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/dang-nhap/" not in page.url, f"{username} could not log in"
    return context, page


def a_free_citizen_id(born: datetime.date) -> str:
    number = 123456
    while Member.objects.filter(citizen_id=f"0843{born.year % 100:02d}{number:06d}").exists():
        number += 1
    return f"0843{born.year % 100:02d}{number:06d}"


def test_a_branch_secretary_adds_finds_and_exports_a_member_whom_another_district_cannot_open(
    browser, server, tmp_path
):
    born = datetime.date(datetime.date.today().year - 20, 5, 12)
    context, page = logged_in(browser, server, "chidoan")

    page.goto(f"{server.url}/doan-vien/")
    page.click("text=Thêm đoàn viên")
    page.fill("#id_full_name", NEW_MEMBER)
    page.select_option("#id_gender", "female")
    page.fill("#id_date_of_birth", born.isoformat())
    page.fill("#id_citizen_id", a_free_citizen_id(born))
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_joined_on", datetime.date(born.year + 17, 3, 26).isoformat())
    page.click("button:has-text('Lưu')")
    page.wait_for_load_state()
    match = re.search(r"/doan-vien/(\d+)/$", page.url)
    assert match, f"the member page did not open after saving: {page.url}\n{page.inner_text('main')}"
    member_url = page.url
    assert NEW_MEMBER in page.inner_text("body")
    member = Member.objects.get(pk=int(match.group(1)))
    assert member.unit.code == "TV-DK-KHCN"

    # Found by a search typed without diacritics.
    page.goto(f"{server.url}/doan-vien/")
    page.fill("input[name=q]", "vo thi tuong vy")
    page.click("button:has-text('Lọc')")
    page.wait_for_load_state()
    rows = page.locator("table.member-table tbody tr")
    assert rows.count() == 1
    assert NEW_MEMBER in rows.first.inner_text()

    # The export holds exactly the rows shown.
    with page.expect_download() as download_info:
        page.click("text=Xuất Excel")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    cells = [str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c]
    assert NEW_MEMBER in cells
    context.close()

    # An officer of another district does not even learn that the member exists.
    context, page = logged_in(browser, server, "huyendoan")
    response = page.goto(member_url)
    assert response.status == 404
    assert NEW_MEMBER not in page.inner_text("body")
    context.close()


def test_the_member_list_fits_a_phone_screen(browser, server, tmp_path):
    context, page = logged_in(
        browser,
        server,
        "huyendoan",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page.goto(f"{server.url}/doan-vien/")
    assert page.locator("table.member-table tbody tr").count() > 0
    page.screenshot(path=str(tmp_path / "doanvu-phone.png"))  # kept in pytest's temporary folder to look at
    # No sideways scrolling: the page is as wide as the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
