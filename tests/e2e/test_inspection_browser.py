"""End to end in headless Chromium, on the demo province: the province issues a criteria set for its 11
district-level units and plans their inspection; Càng Long's secretary self-assesses on a phone, uploads
a proof and submits; the province's inspector rejects that proof with a reason and scores, and the ranking
changes at once; an officer of Cầu Kè cannot open Càng Long's assessment, visit or proof (404).

The test builds its own 2026 set and plan with the services (the demo's own evaluation data is not used).
Debian's Chromium drives the pages (Playwright never downloads a browser here)."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from doanvu.accounts.models import Officer, Role
from doanvu.evaluation.inspection.services import assessment as assessment_services
from doanvu.evaluation.inspection.services import visits as inspection_services
from doanvu.evaluation.models import (
    Assessment,
    Evidence,
    InspectionPlan,
)
from doanvu.org.models import OrgUnit

from ..test_eval_inspection_factories import PNG, condition, make_set
from . import test_browser

logged_in = test_browser.logged_in

pytestmark = test_browser.pytestmark

YEAR = 2026
SET_TITLE = "Bộ tiêu chí công tác Đoàn năm 2026 (thử nghiệm)"
REASON = "Không ghi số, ngày của các báo cáo"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def officer(username: str, code: str):
    user = get_user_model().objects.create_user(username=username, password=test_browser.PASSWORD)
    Officer.objects.create(user=user, unit=OrgUnit.objects.get(code=code), role=Role.EDITOR)
    return user


@pytest.fixture
def plan(demo, settings, tmp_path):
    """The 2026 set for the 11 units under the province (1.2 needs a proof), the plan over all of them, and
    Cầu Kè's assessment submitted with 16 points so that the ranking has a rival."""
    settings.MEDIA_ROOT = tmp_path / "media"
    province = OrgUnit.objects.get(code="TV")
    units = list(OrgUnit.objects.get_children(province).order_by("path"))
    assert len(units) == 11 and any(u.code == "TV-CL" for u in units)
    criteria_set = make_set(
        province,
        units,
        year=YEAR,
        title=SET_TITLE,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    inspector = get_user_model().objects.get(username="tinhdoan")
    plan = inspection_services.plan_create(
        issuer=province,
        data={
            "number": "135-KH/UBKTTĐ",
            "issued_on": datetime.date(YEAR, 10, 18),
            "title": f"Kiểm tra công tác Đoàn và phong trào thanh thiếu nhi năm {YEAR}",
            "team": "Đ/c Trần Trí Cường — Trưởng đoàn",
            "start_on": datetime.date(YEAR, 11, 2),
            "end_on": datetime.date(YEAR, 12, 10),
            "criteria_set": criteria_set,
        },
        units=units,
        by=inspector,
    )
    rival = officer("caukedoan", "TV-CK")
    cau_ke = Assessment.objects.get(criteria_set=criteria_set, unit__code="TV-CK")
    for code, points in (("1.1", "10"), ("1.2", "6")):
        assessment_services.assessment_score(
            assessment=cau_ke, condition=condition(criteria_set, code), points=points, by=rival
        )
    assessment_services.assessment_evidence_add(
        assessment=cau_ke,
        condition=condition(criteria_set, "1.2"),
        kind="note",
        note="12/12 báo cáo",
        by=rival,
    )
    assessment_services.assessment_submit(assessment=cau_ke, by=rival)
    return plan


def ranking_cells(page, code: str) -> tuple[str, str]:
    row = page.locator(f"tr[data-unit='{code}']")
    return row.locator("[data-final]").inner_text().strip(), row.locator("[data-rank]").inner_text().strip()


def test_a_district_self_assesses_with_a_proof_the_province_rejects_it_and_the_ranking_follows(
    browser, server, plan, tmp_path
):
    criteria_set = plan.criteria_set
    proof_file = tmp_path / "bao-cao-dung-han.png"
    proof_file.write_bytes(PNG)

    # Càng Long's secretary opens the self-assessment on a phone.
    context, page = logged_in(browser, server, "huyendoan", **PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/danh-gia/tu-cham/?unit=TV-CL")
    row = page.locator("tr", has_text=SET_TITLE)
    assert "Đang tự chấm" in row.inner_text()  # the plan opened it for every unit it inspects
    row.locator("a:has-text('Mở')").click()
    page.wait_for_load_state()
    assert re.search(r"/danh-gia/tu-cham/\d+/$", page.url), page.url
    assessment = Assessment.objects.get(criteria_set=criteria_set, unit__code="TV-CL")
    assert page.locator("#missing").inner_text().startswith("Điều kiện 1.2")
    assert page.locator("#submit button").is_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Scores are saved in place (htmx) and the total follows without a reload.
    first = page.locator("article[data-code='1.1']")
    first.locator("input[name=points]").fill("9")
    with page.expect_response(re.compile(r"/dieu-kien/\d+/$")):
        first.locator("button:has-text('Lưu điểm')").click()
    expect(page.locator("[data-total=self]")).to_have_text("9")
    graded = page.locator("article[data-code='1.2']")
    graded.locator(".choices label", has_text="8").click()
    with page.expect_response(re.compile(r"/dieu-kien/\d+/$")):
        graded.locator("button:has-text('Lưu điểm')").click()
    expect(page.locator("[data-total=self]")).to_have_text("17")

    # The mandatory proof is uploaded, then the assessment is submitted.
    graded = page.locator("article[data-code='1.2']")
    graded.locator("summary:has-text('Thêm minh chứng')").click()
    graded.locator("input[type=file]").set_input_files(str(proof_file))
    graded.locator("input[name=title]").first.fill("Các báo cáo tháng năm 2026")
    graded.locator("button:has-text('Tải lên')").click()
    page.wait_for_load_state()
    assert "Đã thêm minh chứng cho điều kiện 1.2." in page.inner_text("main")
    assert page.locator("#missing").count() == 0
    page.locator("#submit button").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=submitted]").count() == 1
    assessment.refresh_from_db()
    assert (assessment.state, assessment.self_total) == (Assessment.State.SUBMITTED, 17)
    proof = Evidence.objects.get(assessment=assessment)
    assert (proof.kind, proof.title, proof.content_type) == (
        "file",
        "Các báo cáo tháng năm 2026",
        "image/png",
    )
    context.close()

    # The province's inspector: Càng Long leads with its self score until the visit.
    context, page = logged_in(browser, server, "tinhdoan")
    page.goto(f"{server.url}/danh-gia/kiem-tra/{plan.pk}/xep-hang/")
    assert ranking_cells(page, "TV-CL") == ("17", "1")
    assert ranking_cells(page, "TV-CK") == ("16", "2")
    page.locator("tr[data-unit='TV-CL'] a").click()
    page.wait_for_load_state()
    assert "/danh-gia/kiem-tra/don-vi/" in page.url
    visit_url = page.url.split("#")[0]

    # … rejects the proof with a reason: the mandatory condition loses its points at once.
    item = page.locator(f"li[data-evidence='{proof.pk}']")
    item.locator("textarea[name=reason]").fill(REASON)
    item.locator("button:has-text('Không chấp nhận')").click()
    page.wait_for_load_state()
    assert f"Lý do: {REASON}" in page.inner_text("main")
    assert page.locator("[data-total=final]").inner_text() == "9"
    assert page.locator("[data-total=rank]").inner_text() == "2"

    # … and scores condition 1.1 with a comment.
    first = page.locator("article[data-code='1.1']")
    first.locator("input[name=points]").fill("10")
    first.locator("textarea[name=comment]").fill("Đủ kế hoạch và danh sách tham gia")
    first.locator("button:has-text('Lưu điểm kiểm tra')").click()
    page.wait_for_load_state()
    assert page.locator("[data-total=final]").inner_text() == "10"

    page.goto(f"{server.url}/danh-gia/kiem-tra/{plan.pk}/xep-hang/")
    assert ranking_cells(page, "TV-CL") == ("10", "2")
    assert ranking_cells(page, "TV-CK") == ("16", "1")
    proof.refresh_from_db()
    assert (proof.status, proof.review_reason) == (Evidence.Status.REJECTED, REASON)
    context.close()

    # An officer of Cầu Kè learns nothing of Càng Long's assessment, visit or proof.
    context, page = logged_in(browser, server, "caukedoan")
    for url in (
        f"/danh-gia/tu-cham/{assessment.pk}/",
        visit_url.removeprefix(server.url),
        f"/danh-gia/tu-cham/minh-chung/{proof.pk}/",
    ):
        response = page.goto(f"{server.url}{url}")
        assert response.status == 404, url
        assert "Các báo cáo tháng năm 2026" not in page.inner_text("body")
    assert page.goto(f"{server.url}/danh-gia/kiem-tra/{plan.pk}/xep-hang/").status == 404
    context.close()
    assert InspectionPlan.objects.get(pk=plan.pk).state == InspectionPlan.State.IN_PROGRESS
