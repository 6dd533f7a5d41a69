"""The dues and meetings pages of a unit above the branches read each child's figures in one go (the
figures engine): what a branch records, or takes back, shows on the upper unit's page at once."""

import datetime
import re

from django.urls import reverse

from doanvu.work import dues, meetings
from doanvu.work.meetings import ABSENT, PRESENT

from .test_members_factories import admit

D = datetime.date


def cells(html: str, child: str) -> list[str]:
    """The cells of the child's row in the table of direct children."""
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if child in r)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_payment_and_its_cancelling_show_at_once_on_the_district_dues_page(tree, people, login):
    an = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    binh = admit(tree.branch_a2, people.sibling, full_name="Trần Thị Bình")
    dues.dues_record(
        unit=tree.branch_a1, month="202503", payments=[an.pk], paid_on=D(2025, 3, 2), by=people.own
    )
    dues.dues_record(
        unit=tree.branch_a2, month="2025Q1", payments=[binh.pk], paid_on=D(2025, 3, 5), by=people.sibling
    )
    client = login(people.above)
    page = reverse("work:dues") + "?unit=HA&year=2025"
    html = client.get(page).content.decode()
    assert "data-collected>8.000 đồng" in html
    assert cells(html, "Đoàn xã A") == ["Đoàn xã A", "8.000"]
    assert cells(client.get(reverse("work:dues") + "?unit=XA&year=2025").content.decode(), "Chi đoàn A2") == [
        "Chi đoàn A2",
        "6.000",
    ]
    dues.dues_cancel(unit=tree.branch_a2, month="202502", member_ids=[binh.pk], by=people.sibling)
    html = client.get(page).content.decode()
    assert "data-collected>6.000 đồng" in html and cells(html, "Đoàn xã A") == ["Đoàn xã A", "6.000"]


def test_a_meeting_recorded_in_a_branch_shows_at_once_in_its_row_on_the_communes_meetings_page(
    tree, people, login
):
    a, b = (admit(tree.branch_a1, people.own, full_name=n) for n in ("Nguyễn Văn An", "Trần Thị Bình"))
    client = login(people.above)
    page = reverse("work:meetings") + "?unit=XA&period=2025"
    assert cells(client.get(page).content.decode(), "Chi đoàn A1") == ["Chi đoàn A1", "0", "0/0", "–"]
    meetings.meeting_record(
        unit=tree.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance={a.pk: PRESENT, b.pk: ABSENT},
        by=people.own,
    )
    assert cells(client.get(page).content.decode(), "Chi đoàn A1") == ["Chi đoàn A1", "1", "1/2", "50%"]
