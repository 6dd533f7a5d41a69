"""On a phone 360 px wide, the report preview's per-unit table keeps its columns and scrolls inside its own
box, a box no wider than the screen: the page does not widen, and no figure breaks across lines (docs/architecture.md, "Tables and
charts on paper")."""

from . import test_browser

logged_in = test_browser.logged_in

pytestmark = test_browser.pytestmark

NARROW_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def test_on_a_narrow_phone_the_per_unit_table_scrolls_inside_a_box_as_wide_as_the_screen(browser, server):
    context, page = logged_in(browser, server, "tinhdoan", **NARROW_PHONE)
    page.goto(f"{server.url}/bao-cao/van-ban/TV/2025/")
    box = page.locator(".vb-table-box", has=page.locator("table.vb-wide"))
    box.scroll_into_view_if_needed()
    left, right = box.evaluate("b => [b.getBoundingClientRect().left, b.getBoundingClientRect().right]")
    assert 0 <= left and right <= 360  # the box fits the screen…
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # …the page does not scroll sideways…
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert inner > outer  # …and the table, wider, scrolls inside it
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    assert box.evaluate("b => b.scrollLeft") > 0
    # Every figure of the table sits on one line (one line box per cell), however narrow the screen.
    lines = box.locator("td.num").evaluate_all(
        "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return r.getClientRects().length; })"
    )
    assert lines and set(lines) == {1}
    assert box.locator("tbody tr").last.inner_text().startswith("Tổng cộng")
    context.close()
