"""The stats page, the stats API and `doanvu stats`: the same figures, the scope rules on the page and the
API (outsiders 404), clear Vietnamese messages for a bad unit or period."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from doanvu.accounts.models import ApiToken
from doanvu.lib import periods
from doanvu.stats import (
    stats_json,
    unit_stats,
)

from .test_stats_factories import activity, meeting

D = datetime.date


@pytest.fixture
def records(tree):
    activity(tree.branch_a1, D(2025, 2, 3), participations=2145, funds_vnd=1500000)
    activity(tree.branch_a2, D(2025, 2, 4), participations=12)
    meeting(tree.branch_a1, D(2025, 3, 5), present=19, absent=1)
    meeting(tree.branch_a2, D(2025, 3, 6), present=1, absent=9)
    return tree


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


def page(client, code, period="2025Q1"):
    return client.get(reverse("reports:stats", args=[code]), {"period": period})


# --- the page ---------------------------------------------------------------------------------------------


def test_the_officer_above_sees_the_total_own_and_each_child_by_work_area(records, people, login):
    response = page(login(people.above), "XA")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chi đoàn A1" in html and "Chi đoàn A2" in html
    assert "2.157" in html  # 2.145 + 12, grouped with a dot
    assert "66,7%" in html  # 20/30, not the average of 95% and 10%
    assert ">95%<" in html
    assert html.index("Xây dựng Đoàn") < html.index("Đoàn tham gia xây dựng Đảng")
    assert 'class="table-wrap"' in html
    assert "quý I/2025" in html


def test_the_branch_officer_sees_their_own_branch(records, people, login):
    response = page(login(people.own), "CA1")
    assert response.status_code == 200
    assert "2.145" in response.content.decode()


def test_a_sibling_or_another_district_gets_not_found(records, people, login):
    assert page(login(people.sibling), "CA1").status_code == 404
    assert page(login(people.other_district), "XA").status_code == 404
    assert page(login(people.own), "XA").status_code == 404
    assert page(login(people.nobody), "CA1").status_code == 404


def test_a_viewer_may_read_the_stats(records, people, login):
    assert page(login(people.viewer), "TV").status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(records, client):
    response = page(client, "TV")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_bad_period_is_explained_and_the_current_year_shown(records, people, login):
    response = page(login(people.above), "XA", period="2025Q5")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kỳ báo cáo «2025Q5» không hợp lệ" in html


def test_the_page_offers_quick_links_to_this_year_quarter_and_month(records, people, login):
    html = page(login(people.above), "XA").content.decode()
    today = timezone.localdate()
    assert f"?period={today.year}Q{(today.month - 1) // 3 + 1}" in html
    assert f"?period={today.year}{today.month:02d}" in html


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_gives_the_same_json_as_stats_json(records, people, api):
    response = api(people.above).get("/api/stats/XA", {"period": "2025Q1"})
    assert response.status_code == 200
    data = response.json()
    expected = stats_json(unit_stats(unit=records.grassroots_a, period=periods.parse("2025Q1")))
    assert data == json.loads(json.dumps(expected))
    assert data["values"]["participations"] == 2157
    assert data["values"]["meeting_attendance_pct"] == 66.7
    assert [c["unit"] for c in data["children"]] == ["CA1", "CA2"]


def test_the_api_hides_units_outside_the_scope(records, people, api):
    assert api(people.sibling).get("/api/stats/CA1", {"period": "2025"}).status_code == 404
    assert api(people.other_district).get("/api/stats/HA", {"period": "2025"}).status_code == 404
    assert api(people.own).get("/api/stats/CA1", {"period": "2025"}).status_code == 200
    assert api(people.viewer).get("/api/stats/TV", {"period": "2025"}).status_code == 200


def test_the_api_explains_a_bad_period_in_vietnamese(records, people, api):
    response = api(people.above).get("/api/stats/XA", {"period": "quý 1"})
    assert response.status_code == 422
    assert "không hợp lệ" in response.json()["errors"]["period"][0]


def test_the_api_needs_a_token(records, client):
    assert client.get("/api/stats/TV", {"period": "2025"}).status_code == 401


# --- the command ------------------------------------------------------------------------------------------


def test_the_command_prints_the_unit_the_period_values_and_children_as_json(records):
    out = io.StringIO()
    call_command("stats", "--unit", "XA", "--period", "2025Q1", stdout=out)
    data = json.loads(out.getvalue())
    assert data["unit"] == "XA" and data["period"] == "2025Q1"
    assert data["values"]["participations"] == 2157
    assert data["children"][0]["values"]["meeting_attendance_pct"] == 95
    expected = stats_json(unit_stats(unit=records.grassroots_a, period=periods.parse("2025Q1")))
    assert data == json.loads(json.dumps(expected))


def test_the_command_is_an_admin_tool_and_sees_every_unit(records):
    out = io.StringIO()
    call_command("stats", "--unit", "TV", "--period", "2025", stdout=out)
    assert {c["unit"] for c in json.loads(out.getvalue())["children"]} == {"HA", "HB"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "KHONGCO", "--period", "2025"], "Không có đơn vị mã «KHONGCO»"),
        (["--unit", "XA", "--period", "2025Q7"], "Kỳ báo cáo «2025Q7» không hợp lệ"),
    ],
)
def test_the_command_explains_a_bad_unit_or_period_and_exits_with_1(records, args, message):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("stats", *args, stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert message in err.getvalue()
    assert out.getvalue() == ""
