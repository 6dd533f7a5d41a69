"""The page where an upper level adds its own data-quality rules for its sub-tree (/bao-cao/quy-tac/<code>/),
its services, and the rules at work in the quality checks of the units below, with the personas."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from doanvu.accounts.models import AuditEntry
from doanvu.lib import periods
from doanvu.reports import quality
from doanvu.reports.models import QualityRule
from doanvu.reports.rules import quality_rule_deactivate, quality_rule_save
from doanvu.work.models import Indicator, WorkArea

from .test_quality_factories import activity, catalogue

Q4 = periods.parse("2024Q4")
GIFTS_CAP = "Số phần quà vượt mức Huyện đoàn A hướng dẫn"


def post_data(**changes):
    data = {
        "left": "gifts",
        "op": "le",
        "right": "",
        "constant": "10",
        "severity": "warning",
        "message": GIFTS_CAP,
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def district_rule(tree, people, **changes) -> QualityRule:
    catalogue()
    data = {"left": "gifts", "op": "le", "constant": Decimal(10), "severity": "warning", "message": GIFTS_CAP}
    data.update(changes)
    return quality_rule_save(unit=tree.district_a, data=data, by=people.above)


# ---------------------------------------------------------------------------------------------------------
# Adding, changing and stopping a rule


def test_a_district_officer_adds_a_rule_and_sees_it_listed(tree, people, login):
    catalogue()
    client = login(people.above)
    response = client.post("/bao-cao/quy-tac/HA/", post_data(constant="1.000"))
    assert response.status_code == 302
    rule = QualityRule.objects.get()
    assert (rule.owner_unit, rule.left.code, rule.op, rule.constant) == (tree.district_a, "gifts", "le", 1000)
    assert rule.right is None and rule.is_active
    assert AuditEntry.objects.filter(action="quality_rule.create", unit=tree.district_a).count() == 1
    html = client.get("/bao-cao/quy-tac/HA/").content.decode()
    assert GIFTS_CAP in html and "≤ 1.000" in html
    assert f'href="/bao-cao/quy-tac/HA/{rule.pk}/"' in html


def test_a_rule_may_compare_two_indicators(tree, people, login):
    catalogue()
    response = login(people.above).post(
        "/bao-cao/quy-tac/HA/",
        post_data(
            left="blood_units",
            op="le",
            right="blood_donors",
            constant="",
            severity="error",
            message="Số đơn vị máu không vượt số người hiến",
        ),
    )
    assert response.status_code == 302
    rule = QualityRule.objects.get()
    assert (rule.right.code, rule.constant, rule.severity) == ("blood_donors", None, "error")


def test_the_owner_edits_a_rule_from_its_edit_page(tree, people, login):
    rule = district_rule(tree, people)
    client = login(people.above)
    form = client.get(f"/bao-cao/quy-tac/HA/{rule.pk}/").content.decode()
    assert "Sửa quy tắc" in form and 'value="10"' in form
    response = client.post(f"/bao-cao/quy-tac/HA/{rule.pk}/", post_data(constant="25", severity="error"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.constant, rule.severity) == (25, "error")
    assert AuditEntry.objects.filter(action="quality_rule.update").count() == 1


def test_the_owner_stops_a_rule_and_it_no_longer_applies_below(tree, people, login):
    rule = district_rule(tree, people)
    assert rule in quality.rules_for(tree.branch_a1)
    response = login(people.above).post(
        f"/bao-cao/quy-tac/HA/{rule.pk}/", {"action": "deactivate"}, follow=True
    )
    assert "Đã ngừng dùng quy tắc" in response.content.decode()
    rule.refresh_from_db()
    assert not rule.is_active
    assert quality.rules_for(tree.branch_a1) == []
    assert AuditEntry.objects.filter(action="quality_rule.update", unit=tree.district_a).exists()
    assert "ngừng dùng" in login(people.above).get("/bao-cao/quy-tac/HA/").content.decode()


def test_a_rule_needs_an_indicator_or_a_number_on_the_right_but_not_both(tree, people, login):
    catalogue()
    client = login(people.above)
    both = client.post("/bao-cao/quy-tac/HA/", post_data(right="blood_donors", constant="10"))
    assert both.status_code == 422
    assert "Chỉ chọn một trong hai" in both.content.decode()
    neither = client.post("/bao-cao/quy-tac/HA/", post_data(constant=""))
    assert neither.status_code == 422
    assert "Cần chọn chỉ số hoặc nhập số để so sánh." in neither.content.decode()
    assert not QualityRule.objects.exists()


def test_a_rule_needs_a_message(tree, people, login):
    catalogue()
    response = login(people.above).post("/bao-cao/quy-tac/HA/", post_data(message="  "))
    assert response.status_code == 422
    assert "Hãy viết thông báo" in response.content.decode()
    assert not QualityRule.objects.exists()


def test_the_service_refuses_an_indicator_of_another_district(tree, people):
    catalogue()
    Indicator.objects.create(
        code="hb_own",
        name="Chỉ số riêng của Huyện đoàn B",
        unit_label="lượt",
        kind=Indicator.Kind.FLOW,
        source=Indicator.Source.ACTIVITY,
        work_area=WorkArea.objects.first(),
        owner_unit=tree.district_b,
    )
    with pytest.raises(ValidationError) as error:
        district_rule(tree, people, left="hb_own")
    assert "không dùng được ở đơn vị này" in str(error.value.message_dict["left"])
    assert not QualityRule.objects.exists()


def test_a_branch_cannot_issue_rules(tree, people, login):
    catalogue()
    with pytest.raises(ValidationError) as error:
        quality_rule_save(
            unit=tree.branch_a1,
            data={"left": "gifts", "op": "le", "constant": 1, "severity": "error", "message": "x"},
            by=people.own,
        )
    assert "là chi đoàn" in error.value.messages[0]
    html = login(people.own).get("/bao-cao/quy-tac/CA1/").content.decode()
    assert "Thêm quy tắc" not in html and "Chi đoàn không ban hành" in html
    assert login(people.own).post("/bao-cao/quy-tac/CA1/", post_data()).status_code == 422
    assert not QualityRule.objects.exists()


# ---------------------------------------------------------------------------------------------------------
# The rule at work below


def test_a_new_rule_shows_up_in_the_quality_checks_of_a_unit_below(tree, people, login):
    catalogue()
    login(people.above).post("/bao-cao/quy-tac/HA/", post_data(constant="10"))
    rule = QualityRule.objects.get()
    activity(tree.branch_a1, datetime.date(2024, 10, 1), {"gifts": 58})
    activity(tree.branch_b1, datetime.date(2024, 10, 1), {"gifts": 58})
    found = quality.unit_issues(unit=tree.branch_a1, period=Q4)
    issue = next(issue for issue in found.issues if issue.key == f"rule:{rule.pk}")
    assert issue.severity == "warning" and GIFTS_CAP in issue.message and "58" in issue.message
    assert f"rule:{rule.pk}" not in {
        i.key for i in quality.unit_issues(unit=tree.branch_b1, period=Q4).issues
    }


# ---------------------------------------------------------------------------------------------------------
# Personas


def test_units_below_see_the_rule_as_inherited_and_cannot_edit_it(tree, people, login):
    rule = district_rule(tree, people)
    client = login(people.approver)  # editor rights at XA, under HA
    html = client.get("/bao-cao/quy-tac/XA/").content.decode()
    assert GIFTS_CAP in html and 'data-owner="inherited"' in html and "cấp trên, chỉ xem" in html
    assert f"/bao-cao/quy-tac/XA/{rule.pk}/" not in html
    assert "Thêm quy tắc" in html  # XA may add its own
    assert client.get(f"/bao-cao/quy-tac/XA/{rule.pk}/").status_code == 403
    assert client.post(f"/bao-cao/quy-tac/XA/{rule.pk}/", {"action": "deactivate"}).status_code == 403
    assert client.post(f"/bao-cao/quy-tac/XA/{rule.pk}/", post_data(constant="99")).status_code == 403
    assert client.get(f"/bao-cao/quy-tac/HA/{rule.pk}/").status_code == 404  # HA is above their scope
    with pytest.raises(PermissionDenied):
        quality_rule_save(unit=tree.grassroots_a, data={"message": "x"}, by=people.approver, rule=rule)
    with pytest.raises(Http404):  # the owner unit is outside their scope
        quality_rule_deactivate(rule=rule, by=people.approver)
    rule.refresh_from_db()
    assert rule.constant == 10 and rule.is_active


def test_the_own_branch_officer_sees_the_rules_that_apply_to_it(tree, people, login):
    district_rule(tree, people)
    html = login(people.own).get("/bao-cao/quy-tac/CA1/").content.decode()
    assert GIFTS_CAP in html and 'data-owner="inherited"' in html


def test_the_rules_page_is_404_to_a_sibling_and_another_district(tree, people, login):
    rule = district_rule(tree, people)
    assert login(people.sibling).get("/bao-cao/quy-tac/CA1/").status_code == 404
    assert login(people.other_district).get("/bao-cao/quy-tac/HA/").status_code == 404
    assert login(people.other_district).post("/bao-cao/quy-tac/HA/", post_data()).status_code == 404
    assert login(people.other_district).get(f"/bao-cao/quy-tac/HB/{rule.pk}/").status_code == 404
    assert QualityRule.objects.count() == 1


def test_the_rules_page_is_read_only_to_a_viewer(tree, people, login):
    rule = district_rule(tree, people)
    client = login(people.viewer)
    html = client.get("/bao-cao/quy-tac/HA/").content.decode()
    assert GIFTS_CAP in html and "Thêm quy tắc" not in html
    assert client.post("/bao-cao/quy-tac/HA/", post_data()).status_code == 403
    assert client.post(f"/bao-cao/quy-tac/HA/{rule.pk}/", {"action": "deactivate"}).status_code == 403
    rule.refresh_from_db()
    assert rule.is_active and QualityRule.objects.count() == 1


def test_the_report_pages_link_to_the_rules_page(tree, people, login):
    html = login(people.above).get("/bao-cao/chat-luong/HA/?period=2024Q4").content.decode()
    assert "/bao-cao/quy-tac/HA/" in html
