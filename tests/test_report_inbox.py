"""The approver's inbox, the decision page, the versions a unit sent, report forms per level, the period
lists, the warning before submitting early and reminders to late units — services and pages, with the
personas (tests/conftest.py)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from doanvu.accounts.models import AuditEntry
from doanvu.lib import periods
from doanvu.org.models import UnitKind
from doanvu.reports import reminders, selectors, workflow
from doanvu.reports.models import Report, ReportVersion

from .test_quality_factories import at, report, report_form

State = Report.State
Q4 = periods.parse("2024Q4")


def kinds(*codes):
    return list(UnitKind.objects.filter(code__in=codes))


@pytest.fixture
def branch_form(tree):
    return report_form(tree.grassroots_a, kinds("branch"), deadline_days=5)


def submit_return_resubmit(tree, people):
    workflow.report_submit(unit=tree.branch_a1, period=Q4, by=people.own)
    workflow.report_return(
        unit=tree.branch_a1, period=Q4, by=people.approver, comment="Bổ sung số liệu tháng 12."
    )
    return workflow.report_submit(unit=tree.branch_a1, period=Q4, by=people.own)


# ---------------------------------------------------------------------------------------------------------
# Versions: every submission kept, with the decision taken on it


def test_each_submission_is_kept_as_a_version_with_the_decision_taken_on_it(tree, people, branch_form):
    resent = submit_return_resubmit(tree, people)
    assert resent.state_label == "Gửi lại, chờ duyệt" and resent.resubmitted
    workflow.report_approve(unit=tree.branch_a1, period=Q4, by=people.approver, comment="Đạt.")
    first, second = selectors.versions_of(Report.objects.get(unit=tree.branch_a1))
    assert (first.number, first.decision, first.comment) == (1, "returned", "Bổ sung số liệu tháng 12.")
    assert (second.number, second.decision, second.comment) == (2, "approved", "Đạt.")
    assert first.document["chapters"] and second.document["chapters"]  # what was sent, both times
    assert first.submitted_by == second.submitted_by == people.own


def test_a_first_submission_is_not_called_resubmitted(tree, people, branch_form):
    sent = workflow.report_submit(unit=tree.branch_a1, period=Q4, by=people.own)
    assert sent.state_label == "Đã gửi, chờ duyệt" and not sent.resubmitted
    assert ReportVersion.objects.get().decision == ""


# ---------------------------------------------------------------------------------------------------------
# The inbox


def test_the_inbox_lists_subunit_reports_waiting_oldest_first_with_the_late_ones_marked(
    tree, people, branch_form
):
    late = report(tree.branch_a2, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 20)))
    on_time = report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 3)))
    for waiting in (late, on_time):
        waiting.form = branch_form
        waiting.save()
    report(tree.branch_a1, "2024Q3", State.APPROVED, at(datetime.date(2024, 10, 2)))
    rows = selectors.inbox(people.approver)
    assert [(r["report"].unit.code, r["late"]) for r in rows] == [("CA1", False), ("CA2", True)]
    assert rows[0]["deadline"] == datetime.date(2025, 1, 5)


def test_the_inbox_holds_nothing_for_the_unit_itself_or_an_officer_without_the_approver_role(tree, people):
    report(tree.grassroots_a, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 3)))
    report(tree.branch_b1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 3)))
    assert selectors.inbox(people.approver) == []  # its own unit's report, and one in another district
    assert selectors.inbox(people.above) == [] and selectors.inbox(people.own) == []
    assert len(selectors.inbox(people.admin)) == 2


def test_the_approver_finds_a_report_in_the_inbox_and_opens_it_beside_the_decision(
    tree, people, login, branch_form
):
    submit_return_resubmit(tree, people)
    client = login(people.approver)
    html = client.get("/bao-cao/cho-duyet/").content.decode()
    assert 'data-unit="CA1" data-period="2024Q4"' in html and 'data-state="resubmitted"' in html
    assert "/bao-cao/cho-duyet/CA1/2024Q4/" in html
    page = client.get("/bao-cao/cho-duyet/CA1/2024Q4/").content.decode()
    assert 'class="vb-doc"' in page  # the report itself
    assert "/bao-cao/gui-duyet/CA1/duyet/" in page and "/bao-cao/gui-duyet/CA1/tra-lai/" in page
    assert "/bao-cao/van-ban/CA1/2024Q4/" in page  # the report's own page, linked
    preview = client.get("/bao-cao/van-ban/CA1/2024Q4/").content.decode()
    assert 'href="/bao-cao/cho-duyet/CA1/2024Q4/" data-link="decision"' in preview  # and back
    assert 'data-version="1" data-decision="returned"' in page and "Bổ sung số liệu tháng 12." in page
    progress = client.get("/bao-cao/tien-do/XA/?period=2024Q4").content.decode()
    assert 'data-state="resubmitted"' in progress  # the completeness page says it was sent again
    response = client.post(
        "/bao-cao/gui-duyet/CA1/duyet/", {"period": "2024Q4", "comment": "", "back": "decision"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/bao-cao/cho-duyet/CA1/2024Q4/"
    assert "Đã duyệt báo cáo quý IV/2024 của Chi đoàn A1." in response.content.decode()
    assert client.get("/bao-cao/cho-duyet/").content.decode().count('data-unit="CA1"') == 0
    # The unit's report page links to the decision page, and every version stays readable.
    back = client.get("/bao-cao/gui-duyet/CA1/?period=2024Q4").content.decode()
    assert "/bao-cao/cho-duyet/CA1/2024Q4/" in back
    assert client.get("/bao-cao/cho-duyet/CA1/2024Q4/lan/1/").status_code == 200


def test_the_decision_page_is_404_to_a_sibling_and_its_decisions_403_to_the_unit_and_a_viewer(
    tree, people, login, branch_form
):
    workflow.report_submit(unit=tree.branch_a1, period=Q4, by=people.own)
    assert login(people.sibling).get("/bao-cao/cho-duyet/CA1/2024Q4/").status_code == 404
    assert login(people.sibling).get("/bao-cao/cho-duyet/CA1/2024Q4/lan/1/").status_code == 404
    own = login(people.own)
    page = own.get("/bao-cao/cho-duyet/CA1/2024Q4/").content.decode()
    assert "/bao-cao/gui-duyet/CA1/duyet/" not in page and "Chỉ cán bộ có quyền phê duyệt" in page
    for persona in (people.own, people.viewer, people.above):
        posted = login(persona).post("/bao-cao/gui-duyet/CA1/tra-lai/", {"period": "2024Q4", "comment": "x"})
        assert posted.status_code == 403
    assert login(people.viewer).get("/bao-cao/cho-duyet/").content.decode().count("data-unit=") == 0
    assert Report.objects.get().state == State.SUBMITTED


def test_the_api_lists_the_inbox_with_the_times_sent(tree, people, branch_form, client):
    from doanvu.accounts.models import ApiToken

    submit_return_resubmit(tree, people)
    _token, raw = ApiToken.issue(user=people.approver, name="test")
    body = client.get("/api/reports/inbox", headers={"authorization": f"Bearer {raw}"}).json()
    assert [(r["unit"], r["times_sent"], r["state_name"], r["late"]) for r in body] == [
        ("CA1", 2, "Gửi lại, chờ duyệt", True)  # sent on the test clock's day, long after 5/1/2025
    ]


# ---------------------------------------------------------------------------------------------------------
# Submitting a period that has not ended


def test_submitting_before_the_period_ends_asks_for_a_confirmation_saying_what_gets_locked(
    tree, people, login
):
    client = login(people.own)
    this_quarter = periods.for_date("quarter", datetime.date.today())
    page = client.get(f"/bao-cao/gui-duyet/CA1/?period={this_quarter.code}").content.decode()
    assert "chưa kết thúc" in page and 'name="early"' in page and "data-confirm=" in page
    refused = client.post("/bao-cao/gui-duyet/CA1/gui/", {"period": this_quarter.code}, follow=True)
    assert "Hãy xác nhận gửi sớm" in refused.content.decode()
    assert not Report.objects.exists()
    client.post("/bao-cao/gui-duyet/CA1/gui/", {"period": this_quarter.code, "early": "1"})
    assert Report.objects.get().state == State.SUBMITTED
    assert 'name="early"' not in client.get("/bao-cao/gui-duyet/CA1/?period=2024Q3").content.decode()


# ---------------------------------------------------------------------------------------------------------
# Report forms per level: completeness right at every level


def test_a_district_sees_no_form_of_the_province_that_asks_nothing_under_it(tree, people, login):
    report_form(tree.province, kinds("district"))
    assert selectors.default_form(tree.district_a, Q4) is None
    assert selectors.default_form(tree.province, Q4).owner_unit == tree.province
    html = login(people.above).get("/bao-cao/tien-do/HA/?period=2024Q4").content.decode()
    assert 'data-count="total"' not in html  # no "0 units must report"
    assert (
        "Chưa có biểu mẫu báo cáo nào (của Huyện đoàn A hoặc cấp trên) hỏi các đơn vị trực thuộc Huyện đoàn A "
        "báo cáo quý IV/2024." in html
    )


def test_a_district_counts_its_subunits_on_its_own_form_or_an_inherited_one(tree, people, login):
    report_form(tree.province, kinds("district"), name="Báo cáo quý gửi tỉnh")
    inherited = report_form(tree.province, kinds("grassroots"), name="Báo cáo quý của cơ sở")
    assert selectors.default_form(tree.district_a, Q4) == inherited
    own = report_form(tree.district_a, kinds("branch"), name="Báo cáo quý gửi huyện")
    assert selectors.default_form(tree.district_a, Q4) == own
    html = login(people.above).get("/bao-cao/tien-do/HA/?period=2024Q4").content.decode()
    assert 'data-count="total">2<' in html  # Chi đoàn A1 and A2
    html = login(people.above).get(f"/bao-cao/tien-do/HA/?period=2024Q4&form={inherited.pk}").content.decode()
    assert 'data-count="total">1<' in html  # Đoàn xã A
    forms_page = login(people.above).get("/bao-cao/bieu-mau/HA/").content.decode()
    assert forms_page.count('data-owner="inherited"') == 2 and forms_page.count('data-owner="own"') == 1


# ---------------------------------------------------------------------------------------------------------
# Period lists and written months


def test_a_month_written_with_a_slash_opens_the_report_instead_of_an_error(tree, people, login):
    assert periods.parse("12/2026").code == "202612" and periods.parse("3/2025").code == "202503"
    response = login(people.own).get("/bao-cao/van-ban/?unit=CA1&period=12/2026")
    assert response.status_code == 302 and response["Location"] == "/bao-cao/van-ban/CA1/202612/"


def test_units_and_periods_are_chosen_from_lists_with_vietnamese_titles(tree, people, login):
    html = login(people.above).get("/bao-cao/van-ban/?unit=XA").content.decode()
    assert '<option value="XA" selected>Đoàn xã A — Huyện đoàn A — Tỉnh đoàn Test</option>' in html
    for title in ("Quý I/2025", "6 tháng đầu năm 2025", "Năm 2025", "Năm học 2025 – 2026", "Tháng 3/2025"):
        assert f">{title}</option>" in html
    nav = login(people.above).get("/bao-cao/tong-quan/HA/?period=2025Q1").content.decode()
    assert '<option value="2025Q1" selected>Quý I/2025</option>' in nav
    assert "/bao-cao/van-ban/HA/2025Q1/" in nav  # the dashboard links to the report preview
    stats = (
        login(people.above).get(reverse("reports:stats", args=["HA"]), {"period": "2025S1"}).content.decode()
    )
    assert '<option value="2025S1" selected>6 tháng đầu năm 2025</option>' in stats
    unit_page = login(people.above).get("/don-vi/HA/").content.decode()
    assert "/bao-cao/van-ban/?unit=HA" in unit_page


# ---------------------------------------------------------------------------------------------------------
# Reminders


@pytest.fixture
def late_branch(tree, people, branch_form):
    people.own.email = "bithu.a1@example.vn"
    people.own.save()
    return branch_form


def test_a_reminder_mails_the_late_units_officers_and_is_logged_once_a_day(tree, people, late_branch):
    sent = reminders.report_remind(
        upper=tree.grassroots_a, unit=tree.branch_a1, form=late_branch, period=Q4, by=people.approver
    )
    assert sent == 1 and mail.outbox[0].to == ["bithu.a1@example.vn"]
    assert "Đoàn xã A đề nghị Chi đoàn A1 gửi báo cáo quý IV/2024" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="report.remind")
    assert (entry.unit, entry.data["period"], entry.actor) == (tree.branch_a1, "2024Q4", people.approver)
    with pytest.raises(Exception, match="Hôm nay đã nhắc Chi đoàn A1 gửi báo cáo quý IV/2024"):
        reminders.report_remind(
            upper=tree.grassroots_a, unit=tree.branch_a1, form=late_branch, period=Q4, by=people.approver
        )
    assert len(mail.outbox) == 1


def test_a_unit_that_has_sent_its_report_is_not_reminded(tree, people, late_branch):
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 2)))
    with pytest.raises(Exception, match="đã gửi báo cáo quý IV/2024"):
        reminders.report_remind(
            upper=tree.grassroots_a, unit=tree.branch_a1, form=late_branch, period=Q4, by=people.approver
        )
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="report.remind").exists()


def test_the_completeness_page_reminds_a_late_unit_with_one_click(tree, people, login, late_branch):
    client = login(people.approver)
    html = client.get("/bao-cao/tien-do/XA/?period=2024Q4").content.decode()
    assert "/bao-cao/tien-do/XA/nhac/" in html and ">Nhắc</button>" in html
    data = {"period": "2024Q4", "form": late_branch.pk, "unit": "CA1"}
    response = client.post("/bao-cao/tien-do/XA/nhac/", data, follow=True)
    assert (
        "Đã nhắc Chi đoàn A1 gửi báo cáo quý IV/2024: đã gửi thư tới 1 cán bộ." in response.content.decode()
    )
    again = client.post("/bao-cao/tien-do/XA/nhac/", data, follow=True).content.decode()
    assert "mỗi ngày chỉ nhắc một lần" in again and len(mail.outbox) == 1


def test_reminders_are_403_to_a_viewer_and_404_to_a_sibling(tree, people, login, late_branch):
    data = {"period": "2024Q4", "form": late_branch.pk, "unit": "CA1"}
    assert login(people.viewer).post("/bao-cao/tien-do/XA/nhac/", data).status_code == 403
    assert login(people.sibling).post("/bao-cao/tien-do/XA/nhac/", data).status_code == 404
    assert login(people.sibling).get("/bao-cao/tien-do/XA/?period=2024Q4").status_code == 404
    assert mail.outbox == []


def test_a_site_admin_sees_the_versions_of_a_report_read_only(tree, people, login, branch_form):
    report = submit_return_resubmit(tree, people)
    html = login(people.admin).get(f"/quan-tri/reports/report/{report.pk}/change/").content.decode()
    assert "Các lần gửi báo cáo" in html and "Bổ sung số liệu tháng 12." in html
    assert 'name="versions-0-comment"' not in html  # shown, not editable
