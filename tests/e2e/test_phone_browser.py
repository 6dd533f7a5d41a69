"""A branch secretary on a 360 px phone: every page they reach fits the screen (nothing scrolls sideways), and
the menu, folded behind one button, offers only what a branch and an editor may do."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from doanvu.demo.tree import KHCN_CODE
from doanvu.members.models import Member

from .test_browser import logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 360, "height": 740}
LONG_NAME = "Nguyễn" + "Thị" * 30
# Links that are not pages to read: files, the admin, leaving, the JSON API.
NOT_A_PAGE = re.compile(r"/(dang-xuat|quan-tri|api)/|/tai-ve/|/xuat|format=|\.(xlsx|docx|pdf|csv|zip)$")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def same_kind(url: str) -> str:
    """Pages that differ only by a number or the row they are about are one page to measure (one member
    page stands for the fifteen)."""
    parts = urlsplit(url)
    query = sorted(q.split("=")[0] for q in parts.query.split("&") if q)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(query)


def links(page, server, selector: str) -> list[str]:
    found = page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.getAttribute('href'))")
    urls = []
    for href in found:
        if not href or href.startswith(("#", "mailto:", "tel:")):
            continue
        url = urljoin(page.url, href)
        if url.startswith(server.url) and not NOT_A_PAGE.search(url):
            urls.append(url.split("#")[0])
    return urls


@pytest.fixture
def a_long_unbroken_name():
    """One of the branch's members given a name with no space to break at (as a careless import leaves it)."""
    member = Member.objects.filter(unit__code=KHCN_CODE).order_by("pk").first()
    name = member.full_name
    Member.objects.filter(pk=member.pk).update(full_name=LONG_NAME)
    yield member
    Member.objects.filter(pk=member.pk).update(full_name=name)


def test_the_menu_on_a_phone_is_one_short_bar_that_opens_on_a_tap(browser, server):
    context, page = logged_in(browser, server, "chidoan", viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{server.url}/doan-vien/")
    assert page.locator("header.topbar").bounding_box()["height"] <= 60
    assert not page.locator(".mainnav").is_visible()
    page.locator(".menu-toggle").click()
    nav = page.locator(".mainnav")
    assert nav.is_visible() and page.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    offered = nav.inner_text()
    assert "Chi đoàn" in offered and "Chờ duyệt" not in offered and "Cây tổ chức" not in offered
    context.close()


def test_every_page_a_branch_secretary_reaches_fits_a_360_pixel_phone(browser, server, a_long_unbroken_name):
    context, page = logged_in(browser, server, "chidoan", viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{server.url}/")
    menu = links(page, server, "header a")
    start = [
        *menu,
        f"{server.url}/doan-vien/{a_long_unbroken_name.pk}/",
        f"{server.url}/don-vi/{KHCN_CODE}/",
        f"{server.url}/cong-tac/sinh-hoat/doan-phi/?unit={KHCN_CODE}",
        f"{server.url}/bao-cao/van-ban/?unit={KHCN_CODE}",
    ]
    seen, queue, too_wide = set(), [(url, 0) for url in start], []
    while queue:
        url, depth = queue.pop(0)
        if same_kind(url) in seen:
            continue
        seen.add(same_kind(url))
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a file (a sample sheet): nothing to measure
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{url} answered {response.status}"
        if page_width(page) > PHONE["width"]:
            too_wide.append((url, page_width(page)))
        if depth < 2:
            queue += [(u, depth + 1) for u in links(page, server, "main a")]
    context.close()
    assert len(seen) > 25, sorted(seen)
    assert too_wide == [], "\n".join(f"{url}: {width} px" for url, width in too_wide)
