"""The data-quality page of an upper unit: the totals and the activities of every unit of its sub-tree, a link
to each child's own page, and a number of queries that does not grow with the tree."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from doanvu.lib import periods
from doanvu.reports import quality
from doanvu.reports.models import QualityRule
from doanvu.work.models import Indicator

from .conftest import make_unit
from .test_quality_factories import activity, catalogue, direct

Q4 = periods.parse("2024Q4")


def page(client, code="TV", period="2024Q4"):
    return client.get(f"/bao-cao/chat-luong/{code}/?period={period}")


def gifts_rule(owner):
    catalogue()
    return QualityRule.objects.create(
        owner_unit=owner,
        left=Indicator.objects.get(code="gifts"),
        op=QualityRule.Op.LE,
        constant=10,
        severity=QualityRule.Severity.WARNING,
        message="Số phần quà vượt mức hướng dẫn",
    )


def keys_by_unit(unit, period=Q4):
    return {
        entry.unit.code: {issue.key for issue in entry.issues}
        for entry in quality.subtree_issues(unit=unit, period=period)
    }


def test_a_page_checks_the_totals_of_every_unit_of_its_sub_tree(tree):
    rule = gifts_rule(tree.province)
    activity(tree.branch_a1, datetime.date(2024, 10, 1), {"gifts": 58})
    broken = {f"rule:{rule.pk}"}
    # Every unit whose totals hold the 58 gifts breaks the rule, down to the branch that recorded them.
    assert keys_by_unit(tree.province) == {"TV": broken, "HA": broken, "XA": broken, "CA1": broken}
    assert keys_by_unit(tree.district_a) == {"HA": broken, "XA": broken, "CA1": broken}
    assert keys_by_unit(tree.grassroots_a) == {"XA": broken, "CA1": broken}
    assert keys_by_unit(tree.district_b) == {}


def test_an_activitys_error_deep_down_shows_on_every_page_above_under_the_unit_that_leads_it(tree):
    record = activity(tree.branch_a2, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
    key = f"activity:{record.pk}:pair:activities:participations"
    for unit in (tree.province, tree.district_a, tree.grassroots_a, tree.branch_a2):
        assert keys_by_unit(unit) == {"CA2": {key}}


def test_a_childs_totals_on_the_parents_page_match_its_own_check_and_its_explanation(tree, people):
    activity(tree.branch_a1, datetime.date(2024, 10, 10), {"youth_projects": 5})
    direct(tree.grassroots_a, "youth_projects_registered", "2024Q4", 3)
    key = "pair:youth_projects:youth_projects_registered"
    own = {issue.key for issue in quality.unit_issues(unit=tree.grassroots_a, period=Q4).issues}
    assert key in own and key in keys_by_unit(tree.district_a)["XA"]
    rule = gifts_rule(tree.district_a)
    activity(tree.branch_a1, datetime.date(2024, 10, 1), {"gifts": 58})
    quality.explanation_save(
        unit=tree.grassroots_a, period=Q4, check_key=f"rule:{rule.pk}", text="Tết sớm", by=people.approver
    )
    entry = next(e for e in quality.subtree_issues(unit=tree.district_a, period=Q4) if e.unit.code == "XA")
    assert [issue.explanation for issue in entry.warnings] == ["Tết sớm"]


def test_the_page_says_what_it_checks_and_links_each_child_to_its_own_page(tree, people, login):
    gifts_rule(tree.province)
    activity(tree.branch_a1, datetime.date(2024, 10, 1), {"gifts": 58})
    html = page(login(people.province_officer)).content.decode()
    assert "Kiểm tra tổng số và số liệu từng hoạt động của 8 đơn vị" in html
    assert 'data-drill="HA"' in html and 'data-drill="HB"' in html
    assert 'href="/bao-cao/chat-luong/HA/?period=2024Q4"' in html
    assert 'data-unit="HA"' in html and 'data-unit="XA"' in html and 'data-unit="CA1"' in html
    assert 'data-unit="HB"' not in html and 'data-unit="CA2"' not in html


def _province_page_queries(tree, people, login, start: int, branches: int) -> int:
    for n in range(start, start + branches):
        branch = make_unit(tree.grassroots_b, "branch", f"Chi đoàn B{n + 2}", f"CB{n + 2}")
        activity(branch, datetime.date(2024, 10, 5), {"activities": 3, "participations": 1})
        activity(branch, datetime.date(2024, 7, 5), {"activities": 1, "blood_units": 2})
    client = login(people.province_officer)
    page(client)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        html = page(client).content.decode()
    total = start + branches
    assert html.count("Số lượt tham gia (1) ít hơn số cuộc, buổi (3)") == total
    return len(queries)


def test_the_province_page_costs_the_same_number_of_queries_for_3_or_12_branches(tree, people, login):
    few = _province_page_queries(tree, people, login, 0, 3)
    many = _province_page_queries(tree, people, login, 3, 9)  # 12 branches, each with an error, in all
    assert many == few
