"""The meeting pages, for a branch secretary on a phone: the list with rates, recording a meeting with
three-way toggles, the meeting page (detail, edit, delete), with every persona."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from doanvu.work import meetings
from doanvu.work.meetings import ABSENT, EXCUSED, PRESENT
from doanvu.work.models import Meeting

from .test_members_factories import admit

D = datetime.date


@pytest.fixture
def branch(tree, people):
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    tree.a1_members = [admit(tree.branch_a1, people.own, full_name=n) for n in names]
    return tree


@pytest.fixture
def meeting(branch, people):
    a, b, c, d = branch.a1_members
    return meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="Sinh hoạt chủ điểm",
        attendance={a.pk: PRESENT, b.pk: PRESENT, c.pk: EXCUSED, d.pk: ABSENT},
        by=people.own,
    )


def url(name, **query):
    return reverse(f"work:{name}") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_branch_secretary_sees_the_branchs_meetings_with_their_rates(branch, meeting, people, login):
    page = login(people.own).get(url("meetings", unit="CA1", period="2025"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "26/03/2025" in html and "Sinh hoạt chủ điểm" in html
    assert "2/4" in html and "50%" in html
    assert reverse("work:meeting_new") in html


def test_an_upper_unit_sees_its_sub_trees_rate_and_each_child(branch, meeting, people, login):
    e = admit(branch.branch_a2, people.sibling, full_name="Hồ Văn Em")
    meetings.meeting_record(
        unit=branch.branch_a2, held_on=D(2025, 4, 26), topic="", attendance={e.pk: PRESENT}, by=people.sibling
    )
    html = login(people.above).get(url("meetings", unit="XA", period="2025")).content.decode()
    assert "60%" in html  # 3 of 5, not the mean of 50% and 100%
    assert "Chi đoàn A1" in html and "Chi đoàn A2" in html and "100%" in html
    assert reverse("work:meeting_new") not in html  # only a branch records meetings


def test_a_quarter_or_a_month_can_be_chosen_and_a_bad_period_is_explained(branch, meeting, people, login):
    client = login(people.own)
    assert "26/03/2025" not in client.get(url("meetings", unit="CA1", period="2025Q2")).content.decode()
    html = client.get(url("meetings", unit="CA1", period="2025-13"), follow=True).content.decode()
    assert "2025-13" in html


@pytest.mark.parametrize("persona", ["sibling", "other_district"])
def test_outsiders_do_not_find_the_branchs_pages(branch, meeting, people, login, persona):
    client = login(getattr(people, persona))
    assert client.get(url("meetings", unit="CA1")).status_code == 404
    assert client.get(url("meeting_new", unit="CA1")).status_code == 404
    assert client.get(reverse("work:meeting", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("work:meeting_delete", args=[meeting.pk])).status_code == 404
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_viewer_reads_but_cannot_write(branch, meeting, people, login):
    client = login(people.viewer)
    assert client.get(url("meetings", unit="CA1")).status_code == 200
    page = client.get(reverse("work:meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "Sửa buổi sinh hoạt" not in page.content.decode()
    assert client.get(url("meeting_new", unit="CA1")).status_code == 403
    assert client.post(url("meeting_new", unit="CA1"), {"held_on": "2025-04-26"}).status_code == 403
    assert (
        client.post(reverse("work:meeting", args=[meeting.pk]), {"held_on": "2025-03-26"}).status_code == 403
    )
    assert client.post(reverse("work:meeting_delete", args=[meeting.pk])).status_code == 403


def test_nobody_without_a_unit_is_told_so(people, login):
    assert login(people.nobody).get(url("meetings")).status_code == 403


def test_the_new_meeting_form_lists_the_branch_with_everyone_present_by_default(branch, people, login):
    html = login(people.own).get(url("meeting_new", unit="CA1")).content.decode()
    for member in branch.a1_members:
        assert member.full_name in html
        assert f'name="att-{member.pk}" value="present" checked' in html
    assert "Vắng có lý do" in html and "Vắng không lý do" in html


def test_the_roster_follows_the_date_chosen(branch, people, login):
    admit(branch.branch_a1, people.own, full_name="Đỗ Văn Muộn", joined_on=D(2025, 6, 1))
    client = login(people.own)
    assert (
        "Đỗ Văn Muộn" not in client.get(url("meeting_new", unit="CA1", held_on="2025-03-26")).content.decode()
    )
    assert "Đỗ Văn Muộn" in client.get(url("meeting_new", unit="CA1", held_on="2025-07-26")).content.decode()


def test_the_secretary_records_a_meeting_from_the_toggles(branch, people, login):
    a, b, c, d = branch.a1_members
    data = {"held_on": "2025-04-26", "topic": "Học tập Nghị quyết"}
    data |= {f"att-{m.pk}": PRESENT for m in (a, b)} | {f"att-{c.pk}": EXCUSED, f"att-{d.pk}": ABSENT}
    page = login(people.own).post(url("meeting_new", unit="CA1"), data, follow=True)
    meeting = Meeting.objects.get()
    assert meeting.topic == "Học tập Nghị quyết" and meeting.held_on == D(2025, 4, 26)
    print(page.content.decode()[page.content.decode().find("<main") :][:600])
    assert "tỷ lệ tham gia 50%" in page.content.decode()


def test_the_officer_above_may_record_for_the_branch(branch, people, login):
    data = {"held_on": "2025-04-26"} | {f"att-{m.pk}": PRESENT for m in branch.a1_members}
    login(people.above).post(url("meeting_new", unit="CA1"), data)
    assert Meeting.objects.filter(unit=branch.branch_a1).count() == 1


def test_a_future_date_or_a_missing_member_is_shown_on_the_form_and_nothing_saved(branch, people, login):
    client = login(people.own)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {"held_on": tomorrow.isoformat()} | {f"att-{m.pk}": PRESENT for m in branch.a1_members}
    page = client.post(url("meeting_new", unit="CA1"), data)
    assert page.status_code == 400 and "không được sau hôm nay" in page.content.decode()
    data = {"held_on": "2025-04-26", f"att-{branch.a1_members[0].pk}": PRESENT}
    page = client.post(url("meeting_new", unit="CA1"), data)
    assert page.status_code == 400 and "Chưa điểm danh" in page.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_recorded_for_a_commune_union(branch, people, login):
    page = login(people.above).get(url("meeting_new", unit="XA"), follow=True)
    assert "Chỉ chi đoàn ghi buổi sinh hoạt" in page.content.decode()


def test_the_meeting_page_shows_the_rate_and_lets_the_secretary_correct_it(branch, meeting, people, login):
    client = login(people.own)
    html = client.get(reverse("work:meeting", args=[meeting.pk])).content.decode()
    assert "50%" in html and "Phạm Thị Dung" in html
    d = branch.a1_members[3]
    data = {"held_on": "2025-03-26", "topic": "Sinh hoạt chủ điểm"} | {
        f"att-{m.pk}": PRESENT for m in branch.a1_members
    }
    data[f"att-{d.pk}"] = EXCUSED
    client.post(reverse("work:meeting", args=[meeting.pk]), data)
    assert meetings.meeting_rate(meeting) == 75


def test_the_secretary_deletes_a_meeting_recorded_by_mistake(branch, meeting, people, login):
    page = login(people.own).post(reverse("work:meeting_delete", args=[meeting.pk]), follow=True)
    assert not Meeting.objects.exists()
    assert "Đã xóa buổi sinh hoạt ngày 26/03/2025" in page.content.decode()
