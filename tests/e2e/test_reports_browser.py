"""End to end in headless Chromium, on the demo province with its records: a branch secretary records an
activity with its figures on a phone; the bloc union's approver sees it in the bloc's total, previews the
bloc's report and downloads it as Word, made in the background, with the figure in it; an officer of a
district elsewhere sees none of it. Debian's Chromium drives the pages (Playwright never downloads a
browser here)."""

import datetime
import re

from docx import Document

from doanvu.lib import periods, vnnumbers
from doanvu.members import download_jobs
from doanvu.org.models import OrgUnit
from doanvu.stats import unit_stats
from doanvu.work.models import Activity

from . import test_browser

# The same login helper as the member pages' browser test; the same Chromium and demo (conftest.py).
logged_in = test_browser.logged_in

pytestmark = test_browser.pytestmark

TITLE = "Ngày hội “Thanh niên với khoa học” tại Sở Khoa học và Công nghệ"
PARTICIPATIONS = 123
GIFTS = 37
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def participations(unit_code: str, period: periods.Period) -> tuple[int, int]:
    """The bloc union's total participations and those of its science department's branch."""
    stats = unit_stats(unit=OrgUnit.objects.get(code="TV-DK"), period=period)
    branch = next(c for c in stats.children if c.unit.code == unit_code)
    return int(stats.values.get("participations") or 0), int(branch.values.get("participations") or 0)


def docx_text(path) -> tuple[str, list[list[str]]]:
    document = Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text.strip() for c in row.cells] for table in document.tables for row in table.rows]
    return text, rows


def test_an_activity_recorded_on_a_phone_reaches_the_bloc_total_and_its_word_report_but_not_another_district(
    browser, server, tmp_path
):
    today = datetime.date.today()
    year = periods.for_date("year", today)
    bloc_before, branch_before = participations("TV-DK-KHCN", year)
    assert bloc_before > 0  # the demo's records are there

    # The branch secretary records the activity on a phone.
    context, page = logged_in(browser, server, "chidoan", **PHONE)
    page.goto(f"{server.url}/cong-tac/hoat-dong/them/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.fill("#id_title", TITLE)
    with page.expect_response(re.compile(r"/cong-tac/hoat-dong/chi-so/")):
        page.select_option("#id_work_area", "education")  # htmx brings the area's figures to the top
    page.fill("#id_start_on", today.isoformat())
    page.fill("#id_place", "Hội trường Sở Khoa học và Công nghệ")
    page.fill("#id_fig_activities", "2")
    page.fill("#id_fig_participations", str(PARTICIPATIONS))
    page.fill("#id_fig_gifts", str(GIFTS))
    page.click("button:has-text('Lưu')")
    page.wait_for_load_state()
    match = re.search(r"/cong-tac/hoat-dong/(\d+)/$", page.url)
    assert match, f"the activity page did not open after saving: {page.url}\n{page.inner_text('main')}"
    activity_url = page.url
    body = page.inner_text("main")
    assert TITLE in body and str(PARTICIPATIONS) in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    activity = Activity.objects.get(pk=int(match.group(1)))
    assert activity.unit.code == "TV-DK-KHCN"
    context.close()

    # The bloc union's approver sees it in the bloc's total for the year.
    bloc_after, branch_after = bloc_before + PARTICIPATIONS, branch_before + PARTICIPATIONS
    assert participations("TV-DK-KHCN", year) == (bloc_after, branch_after)
    context, page = logged_in(browser, server, "doankhoi")
    page.goto(f"{server.url}/bao-cao/so-lieu/TV-DK/?period={year.code}")
    row = page.locator("tr[data-code=participations] td.num")
    assert row.first.inner_text() == vnnumbers.group(bloc_after)

    # … previews the bloc's report for the year and downloads it as Word: the figure is in its table.
    page.goto(f"{server.url}/bao-cao/van-ban/TV-DK/{year.code}/")
    preview = page.inner_text("main")
    assert "BÁO CÁO" in preview.upper() and vnnumbers.group(bloc_after) in preview
    # The bloc's report is made in the background: the job's page waits for the worker, which runs here.
    page.click("text=Tải Word (.docx)")
    page.wait_for_load_state()
    match = re.search(r"/cong-viec-nen/([0-9a-f]{32})/$", page.url)
    assert match, f"the job's page did not open: {page.url}\n{page.inner_text('main')}"
    assert "Đang chờ đến lượt xử lý" in page.inner_text("main")
    download_jobs.run(match.group(1))  # what `doanvu db_worker` does with the queued job
    ready = page.locator("text=Tải tệp về")
    ready.wait_for()  # the page polls the job and shows the file once it is made
    with page.expect_download() as download_info:
        ready.click()
    path = tmp_path / "bao-cao.docx"
    download_info.value.save_as(path)
    text, rows = docx_text(path)
    assert "BÁO CÁO" in text
    branch_row = next(r for r in rows if r and r[0] == "Chi đoàn Sở Khoa học và Công nghệ")
    assert vnnumbers.group(branch_after) in branch_row
    total_row = next(r for r in rows if r and r[0] == "Tổng cộng")
    assert vnnumbers.group(bloc_after) in total_row
    context.close()

    # An officer of Càng Long does not even learn that the activity or the bloc's figures exist.
    context, page = logged_in(browser, server, "huyendoan")
    response = page.goto(activity_url)
    assert response.status == 404
    assert TITLE not in page.inner_text("body")
    assert page.goto(f"{server.url}/bao-cao/so-lieu/TV-DK/?period={year.code}").status == 404
    assert page.goto(f"{server.url}/bao-cao/van-ban/TV-DK/{year.code}/").status == 404
    page.goto(f"{server.url}/cong-tac/")
    assert TITLE not in page.inner_text("body")
    context.close()
