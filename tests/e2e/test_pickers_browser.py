"""In headless Chromium on a phone (390 px), on the demo province: the branch secretary previews the
branch's report choosing the period from the list, and a district officer records an activity with a
co-organiser found by name typed without diacritics; no code is typed anywhere."""

import datetime
import re

from doanvu.lib import periods
from doanvu.lib.vntext import fold
from doanvu.org.models import OrgUnit
from doanvu.work.models import Activity

from . import test_browser

logged_in = test_browser.logged_in

pytestmark = test_browser.pytestmark

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SEARCH = re.compile(r"/don-vi/chon/tim/")


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_branch_secretary_previews_the_report_choosing_the_period_from_the_list(browser, server):
    last_quarter = periods.for_date("quarter", datetime.date.today()).previous()
    context, page = logged_in(browser, server, "chidoan", **PHONE)
    page.goto(f"{server.url}/bao-cao/van-ban/")
    assert no_sideways_scrolling(page)
    # The branch is chosen already, by its name and its place in the tree.
    assert (
        page.locator("#unit option:checked").inner_text().startswith("Chi đoàn Sở Khoa học và Công nghệ — ")
    )
    recent = page.locator("#period optgroup").first
    assert recent.get_attribute("label") == "Gần đây"
    page.select_option("#period", label=last_quarter.title)
    page.click("button:has-text('Xem báo cáo')")
    page.wait_for_load_state()
    assert page.url.endswith(f"/bao-cao/van-ban/TV-DK-KHCN/{last_quarter.code}/"), page.url
    assert last_quarter.label.upper() in page.inner_text("main").upper()
    assert no_sideways_scrolling(page)
    context.close()


def test_a_co_organiser_is_found_by_name_typed_without_diacritics_and_ticked(browser, server):
    district = OrgUnit.objects.get(code="TV-CL")
    partner = next(
        u for u in OrgUnit.objects.get_children(district).order_by("path") if u.is_active and " " in u.name
    )
    context, page = logged_in(browser, server, "huyendoan", **PHONE)
    page.goto(f"{server.url}/cong-tac/hoat-dong/them/?unit=TV-CL")
    assert no_sideways_scrolling(page)
    page.fill("#id_title", "Hội thao thanh niên cùng đơn vị bạn")
    with page.expect_response(re.compile(r"/cong-tac/hoat-dong/chi-so/")):
        page.select_option("#id_work_area", "education")
    page.fill("#id_start_on", datetime.date.today().isoformat())
    with page.expect_response(SEARCH):
        page.fill("#id_co_organisers-q", fold(partner.name))
    box = page.locator(f"input[name=co_organisers][value='{partner.code}']")
    assert partner.name in page.locator("label.picker-option", has=box).inner_text()
    box.check()
    assert no_sideways_scrolling(page)
    page.click("button:has-text('Lưu')")
    page.wait_for_load_state()
    match = re.search(r"/cong-tac/hoat-dong/(\d+)/$", page.url)
    assert match, f"the activity page did not open after saving: {page.url}\n{page.inner_text('main')}"
    activity = Activity.objects.get(pk=int(match.group(1)))
    assert partner.pk in {link.unit_id for link in activity.organiser_links.all()}
    context.close()
