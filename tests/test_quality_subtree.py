"""The data-quality page of the whole sub-tree: a problem anywhere below shows on the page of every unit above
it and nowhere else; each line names the unit, the check, the severity, the values, the explanation and
where to fix it; filters by severity, kind of unit and state; a page of units at a time; the personas."""

import datetime

from doanvu.lib import periods
from doanvu.reports import quality
from doanvu.reports.models import Explanation

from .test_quality_factories import activity, direct

Q4 = periods.parse("2024Q4")
D = datetime.date
PAIR = "pair:youth_projects:youth_projects_registered"


def page(client, code="TV", period="2024Q4", **filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return client.get(f"/bao-cao/chat-luong/{code}/?period={period}{'&' + query if query else ''}")


def branch_error(tree):
    """CA1, three levels below the province, carried out more youth projects than it registered; its
    grassroots union registered enough for the whole commune, so the problem is CA1's alone."""
    activity(tree.branch_a1, D(2024, 10, 10), {"youth_projects": 5})
    direct(tree.branch_a1, "youth_projects_registered", "2024Q4", 3)
    direct(tree.grassroots_a, "youth_projects_registered", "2024Q4", 10)


def late_activity(unit):
    """A warning: the activity ends after the quarter it counts in."""
    return activity(unit, D(2024, 12, 30), {"activities": 1}, end=D(2025, 1, 2))


def keys(found) -> dict[str, set[str]]:
    return {entry.unit.code: {issue.key for issue in entry.issues} for entry in found}


def test_a_problem_three_levels_down_shows_on_the_provinces_page_and_not_on_a_sibling_districts(
    tree, people, login
):
    branch_error(tree)
    assert keys(quality.subtree_issues(unit=tree.province, period=Q4)) == {"CA1": {PAIR}}
    html = page(login(people.province_officer)).content.decode()
    assert 'data-unit="CA1"' in html and f'data-key="{PAIR}"' in html
    assert (
        "«Công trình, phần việc thanh niên thực hiện» (5) lớn hơn «Công trình, phần việc thanh niên đăng ký» (3)"
        in html
    )
    assert 'data-count="errors">1<' in html and 'data-count="units">1<' in html
    # The district in between shows it too; the other district's page does not.
    assert 'data-unit="CA1"' in page(login(people.above), "HA").content.decode()
    other = page(login(people.other_district), "HB").content.decode()
    assert 'data-unit="CA1"' not in other and 'data-count="errors">0<' in other


def test_each_line_says_the_check_the_severity_the_explanation_state_and_where_to_fix_it(tree, people, login):
    branch_error(tree)
    record = late_activity(tree.branch_a2)
    html = page(login(people.province_officer)).content.decode()
    assert "Số liệu mâu thuẫn (X ≤ Y)" in html and "Ngày của hoạt động" in html
    assert "Lỗi phải sửa trong số liệu" in html and "Chưa giải trình" in html
    assert 'href="/bao-cao/so-lieu/CA1/?period=2024Q4"' in html  # totals: see the figures by unit
    assert f'href="/cong-tac/hoat-dong/{record.pk}/"' in html  # an activity's problem: on the activity
    assert 'name="check_key"' in html  # the province's editor may explain a branch's warning


def test_the_province_officer_explains_a_branchs_warning_from_the_provinces_page(tree, people, login):
    record = late_activity(tree.branch_a2)
    key = f"activity:{record.pk}:dates"
    client = login(people.province_officer)
    response = client.post(
        "/bao-cao/chat-luong/TV/giai-trinh/",
        {
            "period": "2024Q4",
            "unit": "CA2",
            "check_key": key,
            "text": "Hoạt động qua Tết",
            "return": "state=all",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lưu giải trình của Chi đoàn A2" in html and "Giải trình: Hoạt động qua Tết" in html
    assert 'data-count="open_warnings">0<' in html and 'data-count="explained">1<' in html
    assert Explanation.objects.get(unit=tree.branch_a2, check_key=key).text == "Hoạt động qua Tết"
    # The branch's own check (what its submission is held to) sees the same explanation.
    assert quality.unit_issues(unit=tree.branch_a2, period=Q4).open_warnings == []


def test_the_filters_keep_one_severity_one_kind_of_unit_or_the_open_issues(tree, people, login):
    branch_error(tree)
    late_activity(tree.grassroots_a)
    explained = late_activity(tree.branch_a2)
    Explanation.objects.create(
        unit=tree.branch_a2, period="2024Q4", check_key=f"activity:{explained.pk}:dates", text="Đã rõ"
    )
    client = login(people.province_officer)
    everything = page(client).content.decode()
    assert all(f'data-unit="{code}"' in everything for code in ("CA1", "XA", "CA2"))
    errors = page(client, severity="error").content.decode()
    assert 'data-unit="CA1"' in errors and 'data-unit="XA"' not in errors and 'data-unit="CA2"' not in errors
    branches = page(client, kind="branch").content.decode()
    assert (
        'data-unit="CA1"' in branches and 'data-unit="CA2"' in branches and 'data-unit="XA"' not in branches
    )
    open_only = page(client, state="open").content.decode()
    assert 'data-unit="CA2"' not in open_only and 'data-unit="XA"' in open_only
    # The counts at the top are the whole sub-tree's, whatever the filter.
    assert 'data-count="errors">1<' in open_only and 'data-count="explained">1<' in open_only
    nothing = page(client, severity="warning", kind="district").content.decode()
    assert "Không có lỗi, cảnh báo nào khớp bộ lọc." in nothing


def test_units_come_a_page_at_a_time(tree, people, login, monkeypatch):
    from doanvu.reports import quality_views

    monkeypatch.setattr(quality_views, "UNITS_PER_PAGE", 2)
    for unit in (tree.grassroots_a, tree.branch_a1, tree.branch_a2, tree.branch_b1):
        late_activity(unit)
    client = login(people.province_officer)
    first = page(client).content.decode()
    assert first.count('class="card quality-unit"') == 2 and "Trang 1/2" in first
    assert 'data-unit="XA"' in first and 'data-unit="CB1"' not in first
    second = page(client, page=2).content.decode()
    assert 'data-unit="CB1"' in second and 'data-unit="XA"' not in second


def test_every_units_lines_are_what_its_own_check_finds(tree, people):
    branch_error(tree)
    late_activity(tree.branch_a2)
    activity(tree.branch_b1, D(2024, 11, 5), {"activities": 4, "participations": 2})
    for day in (D(2024, 2, 1), D(2024, 5, 1), D(2024, 8, 1)):
        activity(tree.branch_b1, day, {"activities": 1, "blood_units": 10})
    activity(tree.branch_b1, D(2024, 11, 1), {"activities": 1, "blood_units": 45})
    overview = quality.quality_overview(unit=tree.province, period=Q4, only_with_issues=False)
    assert overview.units == 8
    for entry in overview.found:
        own = quality.unit_issues(unit=entry.unit, period=Q4)
        assert [(i.key, i.severity, i.message) for i in entry.issues] == [
            (i.key, i.severity, i.message) for i in own.issues
        ], entry.unit.code
    assert "outlier:blood_units" in keys(overview.found)["CB1"]
    assert "outlier:blood_units" in keys(overview.found)["TV"]


def test_personas_a_sibling_or_a_branch_officer_do_not_see_the_upper_pages(tree, people, login):
    branch_error(tree)
    assert page(login(people.sibling), "CA1").status_code == 404
    assert page(login(people.own), "TV").status_code == 404
    assert page(login(people.other_district), "HA").status_code == 404
    own = page(login(people.own), "CA1").content.decode()
    assert 'data-unit="CA1"' in own and f'data-key="{PAIR}"' in own


def test_a_viewer_sees_the_sub_tree_without_the_explanation_forms_and_cannot_explain(tree, people, login):
    record = late_activity(tree.branch_a1)
    client = login(people.viewer)
    html = page(client).content.decode()
    assert 'data-unit="CA1"' in html and 'name="check_key"' not in html
    response = client.post(
        "/bao-cao/chat-luong/TV/giai-trinh/",
        {"period": "2024Q4", "unit": "CA1", "check_key": f"activity:{record.pk}:dates", "text": "x"},
    )
    assert response.status_code == 403
    assert not Explanation.objects.exists()


def test_an_officer_cannot_explain_for_a_unit_outside_the_page(tree, people, login):
    record = late_activity(tree.branch_b1)
    response = login(people.above).post(
        "/bao-cao/chat-luong/HA/giai-trinh/",
        {"period": "2024Q4", "unit": "CB1", "check_key": f"activity:{record.pk}:dates", "text": "x"},
        follow=True,
    )
    assert "Đơn vị không thuộc phạm vi trang này." in response.content.decode()
    assert not Explanation.objects.exists()


def test_a_branch_that_moved_away_mid_year_is_checked_on_its_old_parents_page_as_on_its_own(tree, people):
    from doanvu.org.services import unit_move

    from .test_quality_overview import gifts_rule

    rule = gifts_rule(tree.district_b)  # the new district's rule applies to the branch once it is there
    record = activity(tree.branch_a2, D(2024, 10, 5), {"activities": 3, "participations": 1, "gifts": 50})
    unit_move(
        unit=tree.branch_a2, new_parent=tree.grassroots_b, on=D(2024, 11, 1), by=people.admin, reason="QĐ 7"
    )
    tree.branch_a2.refresh_from_db()
    found = {entry.unit.code: entry for entry in quality.subtree_issues(unit=tree.grassroots_a, period=Q4)}
    own = quality.unit_issues(unit=tree.branch_a2, period=Q4)
    assert [i.key for i in found["CA2"].issues] == [i.key for i in own.issues]
    assert f"activity:{record.pk}:pair:activities:participations" in {i.key for i in own.issues}
    assert f"rule:{rule.pk}" in {i.key for i in own.issues}
