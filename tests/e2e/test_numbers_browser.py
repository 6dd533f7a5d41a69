"""In headless Chromium at a phone's width: a branch secretary types an amount the Vietnamese way,
"5.000.000", sees it read back in words before saving, and the activity keeps five million đồng; a count
typed with a decimal comma is refused next to its box, with the cursor put there and the text kept
(docs/architecture.md, "Numbers as people type them")."""

import datetime
import re

from playwright.sync_api import expect

from doanvu.work.models import Activity

from . import test_browser
from .test_reports_browser import PHONE

logged_in = test_browser.logged_in
pytestmark = test_browser.pytestmark

TITLE = "Trao học bổng “Tiếp sức đến trường” cho học sinh nghèo vượt khó"


def test_a_branch_secretary_types_five_million_dong_and_sees_it_in_words_before_saving(
    browser, server, tmp_path
):
    context, page = logged_in(browser, server, "chidoan", **PHONE)
    page.goto(f"{server.url}/cong-tac/hoat-dong/them/")
    page.fill("#id_title", TITLE)
    with page.expect_response(re.compile(r"/cong-tac/hoat-dong/chi-so/")):
        page.select_option("#id_work_area", "education")  # htmx brings the area's figures to the top
    # The demo is seeded around today and leaves the current period open (the reports test does the same).
    page.fill("#id_start_on", datetime.date.today().isoformat())
    page.fill("#id_fig_activities", "1")
    page.fill("#id_fig_participations", "1,5")  # a count with a decimal comma: refused
    page.fill("#id_fig_funds_vnd", "5.000.000")
    expect(page.locator("#id_fig_funds_vnd_words")).to_have_text("5.000.000 đồng – năm triệu đồng")
    page.screenshot(path=str(tmp_path / "activity-phone-words.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("button:has-text('Lưu')")
    page.wait_for_load_state()
    box = page.locator("#id_fig_participations")
    expect(box).to_be_focused()  # the page went to the first error
    expect(box).to_have_value("1,5")  # as typed, never cut
    problem = page.locator(".field:has(#id_fig_participations) .errorlist")
    expect(problem).to_contain_text("«1,5» không phải số nguyên")
    assert problem.bounding_box()["y"] >= 0 and problem.bounding_box()["y"] < 844  # on the screen
    expect(page.locator("#id_fig_funds_vnd")).to_have_value("5.000.000")
    expect(page.locator("#id_fig_funds_vnd_words")).to_have_text("5.000.000 đồng – năm triệu đồng")
    page.screenshot(path=str(tmp_path / "activity-phone-error.png"))
    assert not Activity.objects.filter(title=TITLE).exists()

    box.fill("15")
    page.click("button:has-text('Lưu')")
    page.wait_for_load_state()
    assert re.search(r"/cong-tac/hoat-dong/(\d+)/$", page.url), page.inner_text("main")
    activity = Activity.objects.get(title=TITLE)
    assert activity.figures.get(indicator__code="funds_vnd").value == 5_000_000
    context.close()

    context, page = logged_in(browser, server, "chidoan", viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/cong-tac/hoat-dong/{activity.pk}/sua/")
    expect(page.locator("#id_fig_funds_vnd")).to_have_value("5.000.000")
    expect(page.locator("#id_fig_funds_vnd_words")).to_have_text("5.000.000 đồng – năm triệu đồng")
    page.screenshot(path=str(tmp_path / "activity-desktop.png"), full_page=True)
    context.close()
