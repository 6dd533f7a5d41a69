"""The audit page: officers see the entries of their unit and all under it, filtered and paginated."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from doanvu.accounts.audit import audit_log
from doanvu.accounts.models import AuditEntry
from doanvu.members.models import Member

URL = reverse("accounts:audit")


def summaries(response):
    assert response.status_code == 200
    return [entry.summary for entry in response.context["page"].object_list]


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


@pytest.fixture
def entries(tree, people):
    """One entry per branch and one on the grassroots union, apart from the tree's own creation entries."""
    member = Member.objects.create(
        unit=tree.branch_a1,
        full_name="Nguyễn Thị Ánh",
        gender="female",
        date_of_birth=datetime.date(2001, 2, 3),
    )
    made = [
        audit_log(
            actor=people.own,
            action="member.admit",
            unit=tree.branch_a1,
            member=member,
            summary="Kết nạp Nguyễn Thị Ánh",
            effective_on=datetime.date(2025, 3, 26),
            reason="Đủ điều kiện theo Điều lệ",
        ),
        audit_log(
            actor=people.sibling, action="member.update", unit=tree.branch_a2, summary="Sửa hồ sơ ở A2"
        ),
        audit_log(actor=people.above, action="unit.rename", unit=tree.grassroots_a, summary="Đổi tên xã A"),
        audit_log(
            actor=people.other_district, action="member.update", unit=tree.branch_b1, summary="Sửa hồ sơ ở B1"
        ),
    ]
    days = [
        datetime.date(2025, 3, 26),
        datetime.date(2025, 4, 2),
        datetime.date(2025, 5, 1),
        datetime.date(2025, 6, 1),
    ]
    for entry, day in zip(made, days, strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(at=at(day))
    AuditEntry.objects.filter(action="unit.create").update(at=at(datetime.date(2020, 1, 1)))
    return made


def test_a_branch_officer_sees_only_their_branch(entries, people, login):
    assert summaries(login(people.own).get(URL)) == ["Kết nạp Nguyễn Thị Ánh", "Thành lập Chi đoàn A1"]


def test_a_sibling_officer_sees_nothing_of_the_branch_next_door(entries, people, login):
    seen = summaries(login(people.sibling).get(URL))
    assert "Kết nạp Nguyễn Thị Ánh" not in seen
    assert seen == ["Sửa hồ sơ ở A2", "Thành lập Chi đoàn A2"]


def test_an_officer_above_sees_every_unit_under_them(entries, people, login):
    seen = summaries(login(people.above).get(URL + "?action=member.update"))
    assert seen == ["Sửa hồ sơ ở A2"]
    seen = summaries(login(people.above).get(URL))
    assert seen[:3] == ["Đổi tên xã A", "Sửa hồ sơ ở A2", "Kết nạp Nguyễn Thị Ánh"]
    assert "Sửa hồ sơ ở B1" not in seen


def test_a_viewer_at_the_province_sees_everything_and_the_page_shows_date_reason_and_summary(
    entries, people, login
):
    response = login(people.viewer).get(URL)
    assert len(summaries(response)) == 4 + 8
    html = response.content.decode()
    assert "26/03/2025" in html
    assert "Đủ điều kiện theo Điều lệ" in html
    assert "Kết nạp đoàn viên" in html  # the action's label, not its code


def test_the_unit_filter_takes_the_whole_sub_tree(entries, people, login):
    client = login(people.viewer)
    seen = summaries(client.get(URL + "?unit=XA&action=member.update"))
    assert seen == ["Sửa hồ sơ ở A2"]
    assert summaries(client.get(URL + "?unit=xa&action=member.admit")) == ["Kết nạp Nguyễn Thị Ánh"]


def test_a_unit_outside_the_scope_is_an_error_on_the_filter_not_a_leak(entries, people, login):
    response = login(people.sibling).get(URL + "?unit=CA1")
    assert summaries(response) == []
    assert "Không có đơn vị mã “CA1” trong phạm vi của bạn." in response.content.decode()


def test_the_person_filter_matches_the_actor_or_the_member_without_diacritics(entries, people, login):
    client = login(people.viewer)
    assert summaries(client.get(URL + "?person=other_district")) == ["Sửa hồ sơ ở B1"]
    assert summaries(client.get(URL + "?person=nguyen thi anh")) == ["Kết nạp Nguyễn Thị Ánh"]


def test_the_date_range_bounds_the_day_recorded(entries, people, login):
    client = login(people.viewer)
    seen = summaries(client.get(URL + "?date_from=2025-04-01&date_to=2025-05-31"))
    assert seen == ["Đổi tên xã A", "Sửa hồ sơ ở A2"]
    assert summaries(client.get(URL + "?date_from=02/04/2025&date_to=02/04/2025")) == ["Sửa hồ sơ ở A2"]


def test_a_reversed_date_range_says_what_is_wrong(entries, people, login):
    response = login(people.viewer).get(URL + "?date_from=2025-05-01&date_to=2025-04-01")
    assert summaries(response) == []
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in response.content.decode()


def test_the_action_filter_offers_only_actions_in_the_scope(entries, people, login):
    choices = dict(login(people.own).get(URL).context["form"].fields["action"].choices)
    assert set(choices) == {"", "member.admit", "unit.create"}


def test_the_list_is_paginated_and_keeps_the_filter(tree, people, login):
    for number in range(55):
        audit_log(actor=people.own, action="member.update", unit=tree.branch_a1, summary=f"Sửa lần {number}")
    client = login(people.own)

    first = client.get(URL + "?action=member.update")
    second = client.get(URL + "?action=member.update&page=2")

    assert len(summaries(first)) == 50 and first.context["page"].paginator.count == 55
    assert "action=member.update&amp;page=2" in first.content.decode()
    assert len(summaries(second)) == 5


def test_someone_without_a_unit_is_told_so(tree, people, login):
    assert login(people.nobody).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
