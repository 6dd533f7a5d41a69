"""The dues page (a branch × month grid, recording a month or a quarter for many members at once,
cancelling a mistake) and the warning list for removal, with every persona."""

import datetime
import re

import pytest
from django.urls import reverse

from doanvu.work import dues, meetings
from doanvu.work.meetings import ABSENT, PRESENT
from doanvu.work.models import DuesPayment

from .test_members_factories import admit

D = datetime.date


@pytest.fixture
def branch(tree, people):
    tree.student = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An", occupation="Sinh viên")
    tree.official = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình", occupation="Viên chức")
    return tree


def url(name, **query):
    return reverse(f"work:{name}") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_grid_shows_who_paid_which_month_and_the_monthly_totals(branch, people, login):
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q1",
        payments=[branch.official.pk],
        paid_on=D(2025, 1, 5),
        by=people.own,
    )
    dues.dues_record(
        unit=branch.branch_a1,
        month="202502",
        payments=[branch.student.pk],
        paid_on=D(2025, 2, 26),
        by=people.own,
    )
    page = login(people.own).get(url("dues", unit="CA1", year=2025))
    html = page.content.decode()
    assert page.status_code == 200
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[1]: row
        for row in re.findall(r'<tr><td class="name">(.*?)</tr>', html, re.S)
    }
    assert rows["Trần Thị Bình"].count('class="paid"') == 3
    assert (
        rows["Nguyễn Văn An"].count('class="paid"') == 1
        and rows["Nguyễn Văn An"].count('class="unpaid"') == 11
    )
    assert "<th>7.000</th>" in html  # February: 5.000 + 2.000
    assert "data-collected>17.000 đồng" in html
    assert reverse("members:detail", args=[branch.student.pk]) in html


def test_the_secretary_ticks_members_who_paid_a_month(branch, people, login):
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "202503",
        "paid_on": "2025-03-26",
        "paid": [branch.student.pk, branch.official.pk],
        f"amount-{branch.official.pk}": "10.000",
    }
    page = login(people.own).post(url("dues", unit="CA1", year=2025), data, follow=True)
    assert "Đã ghi 2 khoản đoàn phí, tổng 12.000 đồng." in page.content.decode()
    assert dict(DuesPayment.objects.values_list("member__full_name", "amount")) == {
        "Nguyễn Văn An": 2000,
        "Trần Thị Bình": 10000,
    }


def test_a_whole_quarter_is_recorded_at_once(branch, people, login):
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "2025Q2",
        "paid_on": "2025-04-02",
        "paid": [branch.student.pk],
    }
    login(people.own).post(url("dues", unit="CA1", year=2025), data)
    assert DuesPayment.objects.filter(member=branch.student).count() == 3


def test_a_month_already_paid_is_explained_and_nothing_is_written(branch, people, login):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 2),
        by=people.own,
    )
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "2025Q1",
        "paid_on": "2025-03-26",
        "paid": [branch.student.pk, branch.official.pk],
    }
    page = login(people.own).post(url("dues", unit="CA1", year=2025), data)
    assert page.status_code == 400
    assert "Nguyễn Văn An đã đóng đoàn phí tháng 03/2025" in page.content.decode()
    assert DuesPayment.objects.count() == 1


def test_a_payment_recorded_by_mistake_is_cancelled_from_the_grid(branch, people, login):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 2),
        by=people.own,
    )
    data = {"unit": "CA1", "year": "2025", "month": "202503", "member": branch.student.pk}
    page = login(people.own).post(reverse("work:dues_cancel"), data, follow=True)
    assert "Đã hủy 1 khoản đoàn phí." in page.content.decode()
    assert not DuesPayment.objects.exists()


def test_an_upper_unit_sees_what_each_child_collected(branch, people, login):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 2),
        by=people.own,
    )
    html = login(people.above).get(url("dues", unit="XA", year=2025)).content.decode()
    assert "Chi đoàn A1" in html and "Chi đoàn A2" in html and "2.000 đồng" in html
    assert "Ghi đoàn phí đã thu" not in html


@pytest.mark.parametrize("persona", ["sibling", "other_district"])
def test_outsiders_do_not_find_the_branchs_dues_or_warnings(branch, people, login, persona):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 2),
        by=people.own,
    )
    client = login(getattr(people, persona))
    assert client.get(url("dues", unit="CA1")).status_code == 404
    assert client.get(url("arrears", unit="CA1")).status_code == 404
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "202504",
        "paid_on": "2025-04-02",
        "paid": [branch.student.pk],
    }
    assert client.post(url("dues"), data).status_code == 404
    assert (
        client.post(
            reverse("work:dues_cancel"), {"unit": "CA1", "month": "202503", "member": branch.student.pk}
        ).status_code
        == 404
    )
    assert DuesPayment.objects.count() == 1


def test_a_viewer_sees_the_grid_but_cannot_record_or_cancel(branch, people, login):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 2),
        by=people.own,
    )
    client = login(people.viewer)
    html = client.get(url("dues", unit="CA1", year=2025)).content.decode()
    assert "Nguyễn Văn An" in html and "Ghi đoàn phí đã thu" not in html
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "202504",
        "paid_on": "2025-04-02",
        "paid": [branch.student.pk],
    }
    assert client.post(url("dues"), data).status_code == 403
    assert (
        client.post(
            reverse("work:dues_cancel"), {"unit": "CA1", "month": "202503", "member": branch.student.pk}
        ).status_code
        == 403
    )
    assert DuesPayment.objects.count() == 1


def test_the_warning_list_names_members_with_counts_and_links(branch, people, login):
    a, b = branch.student, branch.official
    dues.dues_record(
        unit=branch.branch_a1, month="2025", payments=[a.pk, b.pk], paid_on=D(2025, 1, 5), by=people.own
    )
    for month in (1, 2, 3):
        meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=D(2025, month, 26),
            topic="",
            attendance={a.pk: ABSENT, b.pk: PRESENT},
            by=people.own,
        )
    for persona, unit in (("own", "CA1"), ("above", "XA"), ("viewer", "XA")):
        page = login(getattr(people, persona)).get(url("arrears", unit=unit, day="2025-12-31"))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Nguyễn Văn An" in html and "Trần Thị Bình" not in html
        assert reverse("members:detail", args=[a.pk]) in html
        assert "<strong data-count>1 đoàn viên</strong>" in html


def test_the_warning_list_of_a_sibling_branch_is_not_found(branch, people, login):
    assert login(people.sibling).get(url("arrears", unit="CA1")).status_code == 404
    assert login(people.sibling).get(url("arrears", unit="CA2")).status_code == 200


def test_nobody_without_a_unit_is_told_so_on_the_dues_and_warning_pages(people, login):
    client = login(people.nobody)
    assert client.get(url("dues")).status_code == 403
    assert client.get(url("arrears")).status_code == 403


def test_a_site_admin_starts_at_the_top_of_the_tree(branch, people, login):
    html = login(people.admin).get(url("arrears")).content.decode()
    assert "Tỉnh đoàn Test" in html
