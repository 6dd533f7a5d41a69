"""In headless Chromium: the site's pages run under their Content-Security-Policy without a single
violation (htmx, the charts, the report preview, the pages' own stylesheets), and the error pages read well
on a phone, in Vietnamese, with a way back that works. Screenshots go to /tmp/shots/ for a person to look at.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from doanvu import errors
from doanvu.accounts.models import Officer
from doanvu.members.models import Member
from doanvu.work.models import Activity

from .test_browser import PATIENCE_MS, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SHOTS = Path("/tmp/shots")
PHONE = {"width": 390, "height": 844}


def watch_for_violations(page) -> list[str]:
    """Every Content-Security-Policy violation the page reports, as the browser's console says it, plus the
    page's own `securitypolicyviolation` events (which also catch what the console leaves out)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + "
        "(e.sourceFile || '') + ':' + e.lineNumber));"
    )
    return found


def branch_pages(code: str, year: int) -> list[str]:
    unit = f"?unit={code}"
    pages = [
        reverse("home"),
        reverse("org:tree"),
        reverse("org:history", args=[code]),
        reverse("members:list") + unit,
        reverse("members:create") + unit,
        reverse("members:transfers"),
        reverse("members:coming_of_age"),
        reverse("work:activities"),
        reverse("work:activity_new"),
        reverse("work:meetings"),
        reverse("work:meeting_new") + unit,
        reverse("work:dues"),
        reverse("work:targets"),
        reverse("work:direct_values"),
        reverse("reports:dashboard", args=[code]),
        reverse("reports:stats", args=[code]),
        reverse("reports:quality", args=[code]),
        reverse("reports:submission", args=[code]),
        reverse("reports:document_index"),
        reverse("reports:document", args=[code, str(year)]),
        reverse("reports:document_print", args=[code, str(year)]),
        reverse("evaluation:index"),
        reverse("evaluation:member_sheet"),
        reverse("evaluation:member_counts"),
        reverse("evaluation:training_list"),
        reverse("evaluation:criteria_list"),
        reverse("evaluation:assessment_list"),
        reverse("evaluation:pipeline_funnel"),
        reverse("evaluation:pipeline_lists"),
        reverse("evaluation:classification_list"),
        reverse("accounts:audit"),
        reverse("accounts:tokens"),
        "/khong-co-trang-nay/",
    ]
    member = Member.objects.filter(unit__code=code).order_by("pk").first()
    if member is not None:
        pages.append(reverse("members:detail", args=[member.pk]))
    activity = Activity.objects.filter(unit__code=code).order_by("-pk").first()
    if activity is not None:
        pages.append(reverse("work:activity", args=[activity.pk]))
    return pages


def test_the_branch_officers_pages_run_without_a_single_content_security_policy_violation(browser, server):
    code = Officer.objects.select_related("unit").get(user__username="chidoan").unit.code
    year = datetime.date.today().year - 1
    context, page = logged_in(browser, server, "chidoan")
    violations = watch_for_violations(page)
    visited = []
    for path in branch_pages(code, year):
        response = page.goto(server.url + path)
        page.wait_for_load_state()
        visited.append((path, response.status))
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response.headers["content-security-policy"].split(";")
        )
        assert (policy["default-src"], policy["script-src"]) == ("'self'", "'self'"), path
    context.close()

    assert all(status in (200, 403, 404) for _path, status in visited), visited
    assert [status for _path, status in visited].count(200) >= len(visited) - 2, visited
    assert violations == [], violations


def test_htmx_and_the_charts_work_under_the_policy(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = logged_in(browser, server, "tinhdoan")
    violations = watch_for_violations(page)
    page.goto(f"{server.url}{reverse('org:tree')}")
    closed = page.locator("details[hx-get]").first  # a node whose children htmx loads when it opens
    closed.locator("summary").first.click()
    closed.locator("ul.tree > li:not(.muted)").first.wait_for(timeout=PATIENCE_MS)
    code = Officer.objects.select_related("unit").get(user__username="tinhdoan").unit.code
    page.goto(f"{server.url}{reverse('reports:dashboard', args=[code])}")
    assert page.locator("svg[role=img]").count() >= 1
    page.screenshot(path=str(SHOTS / "tong-quan-1280.png"), full_page=True)
    width = page.locator("svg[role=img]").first.bounding_box()["width"]
    page.goto(f"{server.url}{reverse('evaluation:pipeline_funnel')}")
    bars = page.locator(".funnel-bar rect")
    assert bars.count() >= 1 and page.locator(".funnel-bar").first.bounding_box()["height"] > 10
    page.screenshot(path=str(SHOTS / "pheu-phat-trien-dang-1280.png"), full_page=True)
    page.goto(f"{server.url}/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=PATIENCE_MS)  # Swagger UI drew the API
    context.close()

    assert width > 100
    assert violations == [], violations


def fits_the_phone(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(
    ("name", "path_of", "status", "heading"),
    [
        ("404", lambda code: "/don-vi/KHONG-CO-DON-VI-NAY/", 404, "Không tìm thấy trang này"),
        (
            "403",
            lambda code: reverse("org:create", args=[code]),
            403,
            "Bạn không có quyền thực hiện việc này",
        ),
    ],
)
def test_an_error_page_on_a_phone_is_vietnamese_fits_the_width_and_leads_back(
    browser, server, name, path_of, status, heading
):
    viewer = "xem" if status == 403 else "chidoan"
    code = Officer.objects.select_related("unit").get(user__username=viewer).unit.code
    own_unit = reverse("org:unit", args=[code])
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = logged_in(browser, server, viewer, viewport=PHONE)
    violations = watch_for_violations(page)

    response = page.goto(server.url + path_of(code))
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == heading
    assert fits_the_phone(page)
    page.screenshot(path=str(SHOTS / f"loi-{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(SHOTS / f"loi-{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)

    page.click("text=Trang đơn vị của bạn")
    page.wait_for_load_state()
    assert page.url == server.url + own_unit
    page.go_back()
    page.click("text=Về trang chủ")
    page.wait_for_load_state()
    assert page.url == server.url + own_unit  # the home page opens the top of the officer's scope
    context.close()
    assert violations == [], violations


def test_the_server_error_page_on_a_phone_shows_its_reference_in_the_sites_look(browser, server):
    """The 500 page as the handler renders it (no request context), served at an address of the site so
    its stylesheet loads as it would."""
    response = errors.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    reference = re.search(r"<strong>([0-9a-f]{8})</strong>", html).group(1)
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    violations = watch_for_violations(page)
    address = f"{server.url}/mot-trang-bi-loi/"
    page.route(address, lambda route: route.fulfill(status=500, body=html, content_type="text/html"))

    page.goto(address)
    assert page.locator("h1").inner_text() == "Máy chủ gặp lỗi, việc vừa làm chưa xong"
    assert f"Mã lỗi: {reference} — hãy báo mã này cho quản trị viên." in page.locator("main").inner_text()
    assert page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 78, 137)"
    assert fits_the_phone(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "loi-500-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(SHOTS / "loi-500-1280.png"), full_page=True)
    page.click("text=Về trang chủ")
    page.wait_for_load_state()
    assert "/dang-nhap/" in page.url  # nobody is logged in here: the home page asks to log in
    context.close()
    assert violations == [], violations
