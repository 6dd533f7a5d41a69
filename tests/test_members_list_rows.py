"""The member list's rows, written in Python (doanvu/members/list_rows.py): what each cell says, and every
value escaped."""

import datetime

from django.urls import reverse

from doanvu.members.models import Member, Position, Status
from tests.test_members_factories import admit

D = datetime.date


def row_of(response, name: str) -> str:
    """The <tr> of the table that names `name`."""
    body = response.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return next(row for row in body.split("<tr>") if name in row)


def test_each_row_shows_the_member_as_the_officer_reads_them(tree, people, login):
    member = admit(
        tree.branch_a1, people.own, full_name="Lê Thị Hoa", gender="female", date_of_birth=D(2001, 3, 4)
    )
    Member.objects.filter(pk=member.pk).update(party_introduced_on=D(2026, 5, 1))
    Position.objects.create(member=member, unit=tree.branch_a1, title="secretary", start_on=D(2024, 1, 1))
    row = row_of(login(people.own).get(reverse("members:list")), "Lê Thị Hoa")
    assert f'href="{reverse("members:detail", args=[member.pk])}"' in row
    assert 'data-label="Ngày sinh">04/03/2001<' in row
    assert 'data-label="Giới tính">Nữ<' in row
    assert 'data-label="Chi đoàn">' + (tree.branch_a1.short_name or tree.branch_a1.name) in row
    assert '<span class="badge green">Đang sinh hoạt</span>' in row
    assert 'data-label="Đảng">Đã được giới thiệu kết nạp Đảng<' in row
    assert "Bí thư" in row
    assert 'href="tel:0912345678"' in row


def test_a_member_in_transfer_has_a_plain_badge_and_one_removed_a_red_one(tree, people, login):
    moving = admit(tree.branch_a1, people.own, full_name="Phạm Văn Chuyển")
    gone = admit(tree.branch_a1, people.own, full_name="Đỗ Văn Ra")
    Member.objects.filter(pk=moving.pk).update(status=Status.TRANSFER_PENDING)
    Member.objects.filter(pk=gone.pk).update(status=Status.REMOVED)
    response = login(people.own).get(reverse("members:list") + "?status=all")
    assert '<span class="badge">' in row_of(response, "Phạm Văn Chuyển")
    assert '<span class="badge red">' in row_of(response, "Đỗ Văn Ra")


def test_a_name_or_phone_holding_markup_is_shown_as_text(tree, people, login):
    member = admit(tree.branch_a1, people.own, full_name="An <script>alert(1)</script>")
    Member.objects.filter(pk=member.pk).update(phone='09"><b>x')
    response = login(people.own).get(reverse("members:list"))
    assert "<script>alert(1)</script>" not in response.text
    assert "An &lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<b>x" not in response.text and "09&quot;&gt;&lt;b&gt;x" in response.text


def test_the_rows_are_numbered_on_from_page_to_page(tree, people, login):
    from tests.test_members_factories import bulk_members

    bulk_members(tree.branch_a1, [f"Nguyễn Văn Số {i:03d}" for i in range(60)])
    second = login(people.own).get(reverse("members:list") + "?page=2")
    assert 'data-label="STT">51<' in second.text and 'data-label="STT">60<' in second.text
    assert 'data-label="STT">50<' not in second.text


def test_the_filters_shown_are_those_of_each_request_in_turn(tree, people, login):
    client = login(people.own)
    female = client.get(reverse("members:list") + "?gender=female&q=Hoa").text
    plain = client.get(reverse("members:list")).text
    assert '<option value="female" selected>' in female and 'value="Hoa"' in female
    assert '<option value="female" selected>' not in plain and 'value="Hoa"' not in plain
    assert (
        '<option value="female" selected>'
        in client.get(reverse("members:list") + "?gender=female&q=Hoa").text
    )
