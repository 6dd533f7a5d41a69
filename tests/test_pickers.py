"""Units and periods are chosen from lists, never typed as codes: the unit picker's search finds units by
name without diacritics, only inside the user's scope and only those active on the day that matters; the
pages that used to ask for a code show the pickers; the code a picker fills in is what the forms send."""

import datetime

import pytest
from django.urls import reverse

from doanvu.lib import periods, vntext
from doanvu.org import services
from doanvu.org.models import OrgUnit

from .conftest import make_unit
from .test_work_factories import catalogue, media, record  # noqa: F401

TODAY = datetime.date(2026, 12, 5)  # the suite's clock (tests/conftest.py)


def search(client, q, **params):
    response = client.get(reverse("org:unit_search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_a_name_typed_without_diacritics_finds_the_unit_with_its_place_in_the_tree(tree, people, login):
    make_unit(tree.grassroots_a, "branch", "Chi đoàn Khoa học", "TV-CL-TA-02")
    html = search(login(people.above), "chi doan khoa hoc")
    assert 'value="TV-CL-TA-02"' in html
    assert "Chi đoàn Khoa học — Đoàn xã A — Huyện đoàn A" in html


def test_a_sibling_district_s_units_never_appear(tree, people, login):
    html = search(login(people.above), "chi doan")
    assert 'value="CA1"' in html and 'value="CA2"' in html
    assert "CB1" not in html and "Chi đoàn B1" not in html
    assert "Huyện đoàn B" not in search(login(people.above), "huyen doan")


def test_a_unit_merged_away_is_left_out_from_the_merge_s_effective_date(tree, people, login):
    merged_on = datetime.date(2025, 1, 1)
    services.unit_merge(
        source=tree.branch_a2, target=tree.branch_a1, on=merged_on, by=people.province_officer, reason="NQ 1"
    )
    client = login(people.above)
    assert 'value="CA2"' not in search(client, "chi doan a")
    assert 'value="CA2"' in search(client, "chi doan a", day="31/12/2024")  # the day before, it was there
    assert 'value="CA1"' in search(client, "chi doan a")


def test_searching_for_the_unit_already_chosen_finds_it(tree, people, login):
    html = search(login(people.above), "doan xa a", name="unit", unit="XA")
    assert html.count('value="XA"') == 1 and '<option value="XA" selected>' in html


def test_a_search_that_finds_nothing_says_so_in_vietnamese(tree, people, login):
    html = search(login(people.own), "khong co don vi nay")
    assert "Không tìm thấy đơn vị nào tên «khong co don vi nay»" in html


def test_the_co_organiser_search_reads_the_activity_s_date_and_keeps_what_is_ticked(tree, people, login):
    services.unit_merge(
        source=tree.branch_a2,
        target=tree.branch_a1,
        on=datetime.date(2025, 6, 1),
        by=people.above,
        reason="r",
    )
    client = login(people.above)
    params = {"name": "co_organisers", "multiple": "1", "date_field": "start_on", "co_organisers": "XA"}
    before = search(client, "chi doan a2", start_on="2025-03-10", **params)
    assert 'type="checkbox" name="co_organisers" value="CA2"' in before
    assert 'value="XA" checked' in before  # the unit already ticked stays ticked, first
    assert 'value="CA2"' not in search(client, "chi doan a2", start_on="2025-07-01", **params)


def test_the_merge_form_offers_the_neighbouring_units_by_name_instead_of_a_code_box(tree, people, login):
    html = login(people.above).get(reverse("org:merge", args=["CA1"])).content.decode()
    assert "ví dụ HB" not in html and "(mã)" not in html
    assert reverse("org:unit_search") in html
    assert '<option value="CA2">Chi đoàn A2 — Đoàn xã A — Huyện đoàn A</option>' in html
    assert '<option value="CA1"' not in html  # not into itself


def test_the_merge_form_sends_the_code_the_picker_holds(tree, people, login):
    unchosen = login(people.above).post(
        reverse("org:merge", args=["CA1"]), {"target": "", "on": "01/01/2025", "reason": "NQ"}
    )
    assert "Hãy chọn đơn vị." in unchosen.content.decode()
    response = login(people.above).post(
        reverse("org:merge", args=["CA1"]), {"target": "CA2", "on": "01/01/2025", "reason": "NQ"}
    )
    assert response.status_code == 302
    assert not OrgUnit.objects.get(code="CA1").is_active


@pytest.mark.usefixtures("catalogue", "media")
def test_the_activity_form_offers_co_organisers_to_tick_by_name(tree, people, login):
    html = login(people.above).get(reverse("work:activity_new") + "?unit=XA").content.decode()
    assert "ví dụ: CA2, XA" not in html
    assert 'type="checkbox" name="co_organisers" value="CA1"' in html
    assert "date_field=start_on" in html


@pytest.mark.usefixtures("catalogue", "media")
def test_editing_an_activity_shows_its_co_organisers_ticked_and_keeps_them(tree, people, login):
    activity = record(tree.grassroots_a, people.above, co_organisers=["CA2"])
    client = login(people.above)
    html = client.get(reverse("work:activity_edit", args=[activity.pk])).content.decode()
    assert 'name="co_organisers" value="CA2" checked' in html
    assert 'name="co_organisers" value="CA1">' in html  # the other branch, to tick
    data = {"title": activity.title, "work_area": "education", "start_on": "2025-03-10"}
    response = client.post(
        reverse("work:activity_edit", args=[activity.pk]), {**data, "co_organisers": ["CA2", "CA1"]}
    )
    assert response.status_code == 302
    assert {link.unit.code for link in activity.organiser_links.all()} == {"XA", "CA1", "CA2"}


@pytest.mark.parametrize(
    "name,query",
    [
        ("reports:dashboard", "?period=2026"),
        ("reports:submission", "?period=2026"),
        ("reports:completeness", "?period=2026"),
    ],
)
def test_the_report_pages_choose_the_unit_by_name_and_the_period_from_a_list(
    tree, people, login, name, query
):
    html = login(people.above).get(reverse(name, args=["HA"]) + query).content.decode()
    assert reverse("org:unit_search") in html
    assert '<option value="CA1">Chi đoàn A1' not in html  # the list is around the unit: its children
    assert '<option value="XA">Đoàn xã A — Huyện đoàn A — Tỉnh đoàn Test</option>' in html
    assert '<optgroup label="Gần đây"><option value="202612">Tháng 12/2026</option>' in html


def test_the_report_pages_form_leads_to_the_same_page_for_the_unit_chosen(tree, people, login):
    response = login(people.above).get(
        reverse("reports:switch"), {"page": "completeness", "unit": "XA", "period": "2026Q3"}
    )
    assert response.url == reverse("reports:completeness", args=["XA"]) + "?period=2026Q3"
    outside = login(people.above).get(reverse("reports:switch"), {"page": "dashboard", "unit": "XB"})
    assert outside.status_code == 404


def test_opening_a_report_chooses_the_unit_by_name(tree, people, login):
    html = login(people.above).get(reverse("reports:document_index")).content.decode()
    assert reverse("org:unit_search") in html and 'name="period"' in html


@pytest.mark.usefixtures("catalogue")
def test_the_work_pages_and_the_meetings_list_choose_the_period_from_a_list(tree, people, login):
    client = login(people.above)
    for url in (
        reverse("work:targets") + "?unit=HA&period=2026",
        reverse("work:direct_values") + "?unit=HA&period=2026",
        reverse("work:meetings") + "?unit=HA&period=2026",
        reverse("work:activities") + "?unit=HA",
    ):
        html = client.get(url).content.decode()
        assert 'list="period-hints"' not in html and "Kỳ (2025, 2025Q1" not in html, url
        assert '<select id="id_period" name="period">' in html, url
        assert reverse("org:unit_search") in html, url


def test_the_period_list_puts_this_period_and_the_one_before_first():
    groups = periods.choice_groups(TODAY)
    heading, recent = groups[0]
    assert heading == "Gần đây"
    assert [p.title for p in recent[:4]] == ["Tháng 12/2026", "Tháng 11/2026", "Quý IV/2026", "Quý III/2026"]
    listed = [p.code for _, found in groups for p in found]
    assert len(listed) == len(set(listed))


def test_folding_many_stored_names_at_once_matches_the_search_folding():
    names = [
        "Chi đoàn Khoa học",
        "ĐOÀN XÃ PHƯỚC HẢO",
        "Tỉnh đoàn Trà Vinh",
        "Ưu tú Nguyễn Thị Ấn",
        "Huyện đoàn Càng Long",
    ]
    assert vntext.fold_many(names) == [vntext.fold(name) for name in names]


def test_the_period_list_written_once_a_day_marks_each_pages_own_period_and_follows_the_calendar():
    import time_machine

    from doanvu.org.picker_forms import PeriodPicker

    def listed(code: str) -> str:
        return PeriodPicker().render("period", code, {"id": "period"})

    assert '<option value="2026Q3" selected>' in listed("2026Q3")
    assert '<option value="2026Q4" selected>' in listed("2026Q4")
    assert '<option value="2026Q3" selected>' not in listed("2026Q4")
    assert listed("2026Q3") == listed("2026Q3")
    with time_machine.travel(datetime.datetime(2027, 2, 3, 9, tzinfo=datetime.UTC), tick=False):
        assert 'value="202702"' in listed("2026Q3") and "Tháng 2/2027" in listed("2026Q3")
    assert 'value="202702"' not in listed("2026Q3")
