"""The submission, report-form and completeness pages and the submission API, with the personas."""

import datetime

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.org.models import UnitKind
from doanvu.reports.models import Report, ReportForm

from .test_quality_factories import activity, at, report, report_form

State = Report.State


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def branch_kinds():
    return list(UnitKind.objects.filter(code="branch"))


# ---------------------------------------------------------------------------------------------------------
# The unit's report page


def test_the_unit_officer_submits_from_the_report_page(tree, people, login):
    client = login(people.own)
    html = client.get("/bao-cao/gui-duyet/CA1/?period=2024Q4").content.decode()
    assert 'data-state="none"' in html and "Gửi báo cáo lên cấp trên" in html
    response = client.post("/bao-cao/gui-duyet/CA1/gui/", {"period": "2024Q4"}, follow=True)
    html = response.content.decode()
    assert "Đã gửi báo cáo quý IV/2024 lên cấp trên." in html and 'data-state="submitted"' in html
    assert "Gửi báo cáo lên cấp trên" not in html  # locked now


def test_a_refused_submission_leads_to_the_quality_page_with_the_errors(tree, people, login):
    activity(tree.branch_a1, datetime.date(2024, 10, 5), {"activities": 12, "participations": 5})
    response = login(people.own).post("/bao-cao/gui-duyet/CA1/gui/", {"period": "2024Q4"}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/bao-cao/chat-luong/CA1/")
    assert "Chưa gửi được báo cáo" in response.content.decode()
    assert not Report.objects.filter(state=State.SUBMITTED).exists()


def test_the_approver_above_approves_and_returns_from_the_page(tree, people, login):
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 2)))
    client = login(people.approver)
    html = client.get("/bao-cao/gui-duyet/CA1/?period=2024Q4").content.decode()
    assert "Duyệt" in html and "Trả lại" in html
    response = client.post(
        "/bao-cao/gui-duyet/CA1/tra-lai/", {"period": "2024Q4", "comment": ""}, follow=True
    )
    assert "cần ghi rõ ý kiến" in response.content.decode()
    client.post("/bao-cao/gui-duyet/CA1/duyet/", {"period": "2024Q4", "comment": "Đạt"})
    assert Report.objects.get(unit=tree.branch_a1).state == State.APPROVED
    client.post("/bao-cao/gui-duyet/CA1/mo-khoa/", {"period": "2024Q4", "comment": "Sửa số liệu"})
    assert Report.objects.get(unit=tree.branch_a1).state == State.RETURNED


def test_the_units_own_officer_sees_no_decision_buttons_and_cannot_post_one(tree, people, login):
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 2)))
    client = login(people.own)
    html = client.get("/bao-cao/gui-duyet/CA1/?period=2024Q4").content.decode()
    assert "/duyet/" not in html
    assert client.post("/bao-cao/gui-duyet/CA1/duyet/", {"period": "2024Q4"}).status_code == 403
    assert Report.objects.get(unit=tree.branch_a1).state == State.SUBMITTED


def test_report_pages_are_404_to_a_sibling_and_submission_is_403_to_a_viewer(tree, people, login):
    assert login(people.sibling).get("/bao-cao/gui-duyet/CA1/?period=2024Q4").status_code == 404
    assert login(people.sibling).post("/bao-cao/gui-duyet/CA1/gui/", {"period": "2024Q4"}).status_code == 404
    viewer = login(people.viewer)
    assert viewer.get("/bao-cao/gui-duyet/CA1/?period=2024Q4").status_code == 200
    assert viewer.post("/bao-cao/gui-duyet/CA1/gui/", {"period": "2024Q4"}).status_code == 403
    assert not Report.objects.exists()


# ---------------------------------------------------------------------------------------------------------
# Report forms page


def test_an_editor_adds_a_report_form_at_their_unit(tree, people, login):
    kind = UnitKind.objects.get(code="branch")
    client = login(people.approver)
    response = client.post(
        "/bao-cao/bieu-mau/XA/",
        {
            "name": "Báo cáo tháng",
            "period_kind": "month",
            "deadline_days": "3",
            "submitter_kinds": [kind.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    form = ReportForm.objects.get()
    assert (form.owner_unit, form.period_kind, form.deadline_days) == (tree.grassroots_a, "month", 3)
    html = client.get("/bao-cao/bieu-mau/XA/").content.decode()
    assert "Báo cáo tháng" in html and "3 ngày sau khi hết kỳ" in html


def test_a_bad_report_form_is_shown_again_with_the_reasons(tree, people, login):
    response = login(people.approver).post(
        "/bao-cao/bieu-mau/XA/", {"name": "", "period_kind": "month", "deadline_days": "-1"}
    )
    assert response.status_code == 422
    assert not ReportForm.objects.exists()


def test_forms_of_units_above_are_listed_but_only_the_owner_edits_them(tree, people, login):
    form = report_form(tree.district_a, branch_kinds(), name="Báo cáo quý của huyện")
    client = login(people.approver)
    html = client.get("/bao-cao/bieu-mau/XA/").content.decode()
    assert "Báo cáo quý của huyện" in html and f"/bao-cao/bieu-mau/XA/{form.pk}/" not in html
    assert client.get(f"/bao-cao/bieu-mau/XA/{form.pk}/").status_code == 404


def test_the_forms_page_is_read_only_to_a_viewer_and_404_to_a_sibling(tree, people, login):
    viewer = login(people.viewer)
    assert "Thêm biểu mẫu" not in viewer.get("/bao-cao/bieu-mau/TV/").content.decode()
    assert viewer.post("/bao-cao/bieu-mau/TV/", {"name": "x"}).status_code == 403
    assert login(people.sibling).get("/bao-cao/bieu-mau/XA/").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Completeness page


def test_the_completeness_page_shows_each_subunit_and_who_to_remind(tree, people, login):
    people.sibling.email = "ca2@example.vn"
    people.sibling.save()
    report_form(tree.grassroots_a, branch_kinds())
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 3)))
    html = login(people.approver).get("/bao-cao/tien-do/XA/?period=2024Q4").content.decode()
    assert 'data-unit="CA1" data-status="on_time"' in html
    assert 'data-unit="CA2" data-status="missing"' in html
    assert "ca2@example.vn" in html and "hạn nộp 05/01/2025" in html


def test_the_completeness_page_without_a_form_points_to_the_forms_page(tree, people, login):
    html = login(people.approver).get("/bao-cao/tien-do/XA/?period=2024Q4").content.decode()
    assert "Chưa có biểu mẫu báo cáo nào" in html


def test_the_completeness_page_is_404_to_outsiders(tree, people, login):
    assert login(people.other_district).get("/bao-cao/tien-do/XA/?period=2024Q4").status_code == 404
    assert login(people.viewer).get("/bao-cao/tien-do/XA/?period=2024Q4").status_code == 200


# ---------------------------------------------------------------------------------------------------------
# API


def test_the_api_submits_approves_and_lists_states(tree, people, api):
    response = api(people.own).post("/api/reports/CA1/2024Q4/submit")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted" and response.json()["is_locked"] is True
    response = api(people.approver).post(
        "/api/reports/CA1/2024Q4/approve", {"comment": "Đạt"}, content_type="application/json"
    )
    assert response.json()["state"] == "approved" and response.json()["decided_by"] == "approver"
    listed = api(people.above).get("/api/reports/?period=2024Q4").json()
    assert [(r["unit"], r["state"]) for r in listed] == [("CA1", "approved")]
    assert api(people.other_district).get("/api/reports/?period=2024Q4").json() == []


def test_the_api_refuses_submission_with_errors_as_422(tree, people, api):
    activity(tree.branch_a1, datetime.date(2024, 10, 5), {"funds_vnd": -5})
    response = api(people.own).post("/api/reports/CA1/2024Q4/submit")
    assert response.status_code == 422
    assert any("không được âm" in line for line in response.json()["errors"]["__all__"])


def test_the_api_keeps_the_scope_and_role_rules(tree, people, api):
    assert api(people.sibling).post("/api/reports/CA1/2024Q4/submit").status_code == 404
    assert api(people.viewer).post("/api/reports/CA1/2024Q4/submit").status_code == 403
    report(tree.branch_a1, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 2)))
    assert api(people.own).post("/api/reports/CA1/2024Q4/approve").status_code == 403
    returned = api(people.approver).post(
        "/api/reports/CA1/2024Q4/return", {"comment": ""}, content_type="application/json"
    )
    assert returned.status_code == 422 and "comment" in returned.json()["errors"]


def test_the_api_says_what_is_wrong_with_a_period(tree, people, api):
    response = api(people.own).post("/api/reports/CA1/2025X1/submit")
    assert response.status_code == 422
    assert "không hợp lệ" in response.json()["errors"]["period"][0]


def test_the_api_gives_completeness_with_the_list_to_remind(tree, people, api):
    report_form(tree.grassroots_a, branch_kinds())
    report(tree.branch_a2, "2024Q4", State.SUBMITTED, at(datetime.date(2025, 1, 9)))
    body = api(people.approver).get("/api/completeness/XA?period=2024Q4").json()
    assert body["deadline"] == "2025-01-05"
    assert {u["unit"]: u["status"] for u in body["units"]} == {"CA1": "missing", "CA2": "late"}
    assert body["remind"] == [
        {
            "unit": "CA1",
            "name": "Chi đoàn A1",
            "status": "missing",
            "officers": [{"username": "own", "email": ""}],
        }
    ]
    assert api(people.sibling).get("/api/completeness/XA?period=2024Q4").status_code == 404


def test_the_api_sends_a_period_that_has_not_ended_only_when_told_it_is_early(tree, people, api):
    # Today is 5/12/2026 (the suite's fixed day): the year 2026 has not ended.
    refused = api(people.own).post("/api/reports/CA1/2026/submit")
    assert refused.status_code == 422
    assert "chưa kết thúc" in refused.json()["errors"]["early"][0]
    sent = api(people.own).post("/api/reports/CA1/2026/submit?early=true")
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
