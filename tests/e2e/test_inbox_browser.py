"""End to end in headless Chromium, on the demo province: the science department's branch sends its report
of last quarter; the bloc union's approver finds it in the inbox, reads it beside the decision and returns
it with a comment; the branch reads the comment and sends it again; the approver approves; both versions
are kept. The inbox and the decision page are photographed on a phone (390 px) and a desktop (1280 px)
into /tmp/shots-inbox/. Debian's Chromium drives the pages (Playwright never downloads a browser here)."""

import datetime
from pathlib import Path

from doanvu.accounts.models import AuditEntry
from doanvu.demo.tree import KHCN_CODE
from doanvu.lib import periods
from doanvu.reports.models import Report, ReportVersion

from . import test_browser

logged_in = test_browser.logged_in

pytestmark = test_browser.pytestmark

SHOTS = Path("/tmp/shots-inbox")
COMMENT = "Đề nghị bổ sung số đoàn viên tham gia hiến máu tình nguyện trong quý."
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def shoot(browser, server, url: str, name: str) -> None:
    """The page as the bloc's approver sees it, on a phone and on a desktop."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, options in ((390, PHONE), (1280, DESKTOP)):
        context, page = logged_in(browser, server, "doankhoi", **options)
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=width == 1280)
        if width == 390 and page.locator("#quyet-dinh").count():  # the panel below the report on a phone
            page.locator("#quyet-dinh").screenshot(path=str(SHOTS / f"{name}-{width}-panel.png"))
        context.close()


def submit(page, server, period) -> None:
    page.goto(f"{server.url}/bao-cao/gui-duyet/{KHCN_CODE}/?period={period.code}")
    page.click("button:has-text('Gửi báo cáo lên cấp trên')")
    page.wait_for_load_state()
    assert page.locator("[data-state=submitted]").count() == 1, page.content()


def test_a_branch_report_is_returned_from_the_inbox_sent_again_and_approved_with_both_versions_kept(
    browser, server
):
    period = periods.for_date("quarter", datetime.date.today()).previous()
    Report.objects.filter(unit__code=KHCN_CODE, period=period.code).delete()  # start from nothing sent
    inbox_url = f"{server.url}/bao-cao/cho-duyet/"
    row = f"tr[data-unit='{KHCN_CODE}'][data-period='{period.code}']"

    # The branch secretary sends the report of the quarter that has ended.
    branch, branch_page = logged_in(browser, server, "chidoan")
    submit(branch_page, server, period)

    # The bloc's approver finds it in the inbox and opens it beside the decision.
    bloc, page = logged_in(browser, server, "doankhoi")
    page.goto(inbox_url)
    assert page.locator(f"{row} [data-state=submitted]").count() == 1
    shoot(browser, server, inbox_url, "inbox")
    page.click(f"{row} a:has-text('Xem và quyết định')")
    page.wait_for_load_state()
    assert page.locator(".decide-doc .vb-doc").is_visible()  # the report itself …
    assert page.locator(".decide-panel button:has-text('Trả lại')").is_visible()  # … beside the decision
    decision_url = page.url
    shoot(browser, server, decision_url, "decision")
    page.fill("#return-comment", COMMENT)
    page.click(".decide-panel button:has-text('Trả lại')")
    page.wait_for_load_state()
    assert page.locator("[data-state=returned]").count() == 1
    assert page.locator(f"[data-version='1'][data-decision='returned']:has-text('{COMMENT}')").count() == 1

    # The branch reads the comment on its report page and sends the report again.
    branch_page.goto(f"{server.url}/bao-cao/gui-duyet/{KHCN_CODE}/?period={period.code}")
    assert COMMENT in branch_page.content()
    submit(branch_page, server, period)
    assert branch_page.locator("[data-state=submitted]").inner_text() == "Gửi lại, chờ duyệt"

    # The approver sees it marked as sent again, and approves it.
    page.goto(inbox_url)
    assert page.locator(f"{row} [data-state=resubmitted]").count() == 1
    shoot(browser, server, inbox_url, "inbox-resubmitted")
    page.click(f"{row} a:has-text('Xem và quyết định')")
    page.wait_for_load_state()
    page.click(".decide-panel button:has-text('Duyệt')")
    page.wait_for_load_state()
    assert page.locator("[data-state=approved]").count() == 1
    shoot(browser, server, decision_url, "decision-approved")
    page.goto(inbox_url)
    assert page.locator(row).count() == 0

    # Both versions are kept, each with its decision, and the first one still reads as it was sent.
    versions = ReportVersion.objects.filter(report__unit__code=KHCN_CODE, report__period=period.code)
    assert [(v.number, v.decision, v.comment) for v in versions.order_by("number")] == [
        (1, "returned", COMMENT),
        (2, "approved", ""),
    ]
    page.goto(f"{decision_url}lan/1/")
    assert page.locator(".vb-doc").is_visible() and COMMENT in page.content()
    branch.close()
    bloc.close()


def test_the_branch_is_warned_before_sending_an_unfinished_period_and_the_bloc_reminds_a_unit(
    browser, server
):
    current = periods.for_date("quarter", datetime.date.today())
    SHOTS.mkdir(parents=True, exist_ok=True)
    branch, page = logged_in(browser, server, "chidoan", **PHONE)
    page.goto(f"{server.url}/bao-cao/gui-duyet/{KHCN_CODE}/?period={current.code}")
    warning = page.locator("[data-early]")
    assert "chưa kết thúc" in warning.inner_text() and "khóa số liệu của cả kỳ" in warning.inner_text()
    page.screenshot(path=str(SHOTS / "early-warning-390.png"), full_page=True)
    page.click("button:has-text('Gửi báo cáo lên cấp trên')")  # the box is not ticked: nothing is sent
    assert not Report.objects.filter(unit__code=KHCN_CODE, period=current.code).exists()
    branch.close()

    bloc, page = logged_in(browser, server, "doankhoi", **PHONE)
    page.goto(f"{server.url}/bao-cao/tien-do/TV-DK/?period={current.code}")
    first = page.locator("ul.remind li").first
    name = first.locator("strong").inner_text()
    first.locator("button:has-text('Nhắc')").click()
    page.wait_for_load_state()
    said = page.content()  # e-mailed, or (no address on file) logged and shown
    assert f"Đã nhắc {name} gửi báo cáo {current.label}" in said or f"Đã ghi nhận lời nhắc {name}" in said
    assert AuditEntry.objects.filter(
        action="report.remind", unit__name=name, data__period=current.code
    ).exists()
    page.screenshot(path=str(SHOTS / "remind-390.png"), full_page=False)
    page.locator("ul.remind li").first.locator("button:has-text('Nhắc')").click()
    page.wait_for_load_state()
    assert "mỗi ngày chỉ nhắc một lần" in page.content()
    bloc.close()
