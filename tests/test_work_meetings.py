"""Branch meetings: recording with attendance, the rate (present / expected), corrections, and the rate of
a sub-tree over a period recomputed from its parts as the tree stood."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.members import services as member_services
from doanvu.org.services import unit_move
from doanvu.work import meetings
from doanvu.work.meetings import ABSENT, EXCUSED, PRESENT
from doanvu.work.models import Attendance, Meeting

from .conftest import make_unit
from .test_members_factories import admit

D = datetime.date


@pytest.fixture
def branch(tree, people):
    """CA1 with four members who joined in 2021."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    tree.a1_members = [admit(tree.branch_a1, people.own, full_name=n) for n in names]
    return tree


def everyone(members, overrides=None):
    """Everyone present, except as `overrides` ({member id: status}) says."""
    return {m.pk: PRESENT for m in members} | (overrides or {})


def test_a_meeting_is_recorded_with_everyone_on_the_roll_and_its_rate_is_present_over_expected(
    branch, people
):
    a, b, c, d = branch.a1_members
    meeting = meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="Sinh hoạt chủ điểm tháng Ba",
        attendance={a.pk: PRESENT, b.pk: PRESENT, c.pk: EXCUSED, d.pk: ABSENT},
        by=people.own,
    )
    assert meeting.attendances.count() == 4
    assert meetings.meeting_rate(meeting) == 50
    assert meetings.meeting_attendance(meeting) == {a.pk: PRESENT, b.pk: PRESENT, c.pk: EXCUSED, d.pk: ABSENT}
    entry = AuditEntry.objects.get(action="meeting.record")
    assert entry.unit == branch.branch_a1 and entry.effective_on == D(2025, 3, 26)
    assert "2/4" in entry.summary


def test_a_member_left_off_the_roll_call_is_named_and_nothing_is_written(branch, people):
    a, b, c, d = branch.a1_members
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(
            unit=branch.branch_a1, held_on=D(2025, 3, 26), topic="", attendance={a.pk: PRESENT}, by=people.own
        )
    message = str(error.value)
    assert "Chưa điểm danh" in message and "Phạm Thị Dung" in message
    assert not Meeting.objects.exists()


def test_a_member_of_another_branch_cannot_be_marked_present(branch, people):
    stranger = admit(branch.branch_a2, people.sibling, full_name="Võ Văn Lạ")
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=D(2025, 3, 26),
            topic="",
            attendance=everyone(branch.a1_members, {stranger.pk: PRESENT}),
            by=people.own,
        )
    assert "Võ Văn Lạ không sinh hoạt ở Chi đoàn A1" in str(error.value)


def test_the_roll_is_the_branch_as_it_stood_on_the_meeting_day(branch, people):
    """A member admitted after the meeting is not expected; one who transferred out since still is."""
    a, b, c, d = branch.a1_members
    late = admit(branch.branch_a1, people.own, full_name="Đỗ Văn Muộn", joined_on=D(2025, 6, 1))
    member_services.member_remove(member=d, on=D(2025, 5, 1), reason="Bỏ sinh hoạt", by=people.own)
    roster_march = set(meetings.branch_roster(unit=branch.branch_a1, day=D(2025, 3, 26)))
    assert roster_march == {a, b, c, d}
    roster_july = set(meetings.branch_roster(unit=branch.branch_a1, day=D(2025, 7, 26)))
    assert roster_july == {a, b, c, late}
    meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance=everyone([a, b, c, d]),
        by=people.own,
    )
    with pytest.raises(ValidationError):
        meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=D(2025, 7, 26),
            topic="",
            attendance=everyone([a, b, c, d]),
            by=people.own,
        )


def test_today_the_roll_is_the_current_list(branch, people):
    today = timezone.localdate()
    meeting = meetings.meeting_record(
        unit=branch.branch_a1, held_on=today, topic="", attendance=everyone(branch.a1_members), by=people.own
    )
    assert meetings.meeting_rate(meeting) == 100


def test_a_meeting_in_the_future_is_refused(branch, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=tomorrow,
            topic="",
            attendance=everyone(branch.a1_members),
            by=people.own,
        )
    assert "không được sau hôm nay" in str(error.value)


def test_a_meeting_before_the_branch_existed_is_refused(branch, people):
    young = make_unit(branch.grassroots_a, "branch", "Chi đoàn Mới", "CNEW", on=D(2024, 9, 1))
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(unit=young, held_on=D(2024, 8, 26), topic="", attendance={}, by=people.above)
    assert "trước ngày Chi đoàn Mới được thành lập (01/09/2024)" in str(error.value)


def test_only_a_branch_records_meetings(branch, people):
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(
            unit=branch.grassroots_a, held_on=D(2025, 3, 26), topic="", attendance={}, by=people.above
        )
    assert "không phải chi đoàn" in str(error.value)


def test_a_second_meeting_the_same_day_is_refused(branch, people):
    args = dict(
        unit=branch.branch_a1, held_on=D(2025, 3, 26), topic="", attendance=everyone(branch.a1_members)
    )
    meetings.meeting_record(**args, by=people.own)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(**args, by=people.own)
    assert "đã có buổi sinh hoạt ngày 26/03/2025" in str(error.value)


def test_a_sibling_or_a_viewer_cannot_record_the_branchs_meeting(branch, people):
    for user in (people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            meetings.meeting_record(
                unit=branch.branch_a1,
                held_on=D(2025, 3, 26),
                topic="",
                attendance=everyone(branch.a1_members),
                by=user,
            )


def test_an_unknown_attendance_value_is_named(branch, people):
    a = branch.a1_members[0]
    with pytest.raises(ValidationError) as error:
        meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=D(2025, 3, 26),
            topic="",
            attendance=everyone(branch.a1_members, {a.pk: "ngủ quên"}),
            by=people.own,
        )
    assert "Nguyễn Văn An: “ngủ quên” không hợp lệ" in str(error.value)


def test_updating_the_attendance_changes_the_rate_and_is_audited(branch, people):
    a, b, c, d = branch.a1_members
    meeting = meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance=everyone([a, b, c, d]),
        by=people.own,
    )
    meetings.meeting_update(
        meeting=meeting,
        by=people.own,
        topic="Học Nghị quyết",
        attendance=everyone([a, b, c, d], {d.pk: ABSENT}),
    )
    meeting.refresh_from_db()
    assert meeting.topic == "Học Nghị quyết"
    assert meetings.meeting_rate(meeting) == 75
    assert AuditEntry.objects.filter(action="meeting.update").count() == 1


def test_moving_a_meeting_to_a_day_with_another_roll_needs_a_matching_roll_call(branch, people):
    a, b, c, d = branch.a1_members
    late = admit(branch.branch_a1, people.own, full_name="Đỗ Văn Muộn", joined_on=D(2025, 6, 1))
    meeting = meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance=everyone([a, b, c, d]),
        by=people.own,
    )
    with pytest.raises(ValidationError) as error:
        meetings.meeting_update(meeting=meeting, by=people.own, held_on=D(2025, 7, 26))
    assert "Đỗ Văn Muộn" in str(error.value)
    meetings.meeting_update(
        meeting=meeting, by=people.own, held_on=D(2025, 7, 26), attendance=everyone([a, b, c, d, late])
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 5


def test_deleting_a_meeting_removes_its_attendance_and_is_audited(branch, people):
    meeting = meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance=everyone(branch.a1_members),
        by=people.own,
    )
    meetings.meeting_delete(meeting=meeting, by=people.own)
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert AuditEntry.objects.filter(action="meeting.delete").exists()
    with pytest.raises(PermissionDenied):
        other = meetings.meeting_record(
            unit=branch.branch_a1,
            held_on=D(2025, 4, 26),
            topic="",
            attendance=everyone(branch.a1_members),
            by=people.own,
        )
        meetings.meeting_delete(meeting=other, by=people.viewer)


def _hold(branch_unit, members, day, absent=(), excused=(), by=None):
    attendance = {m.pk: PRESENT for m in members}
    attendance.update({m.pk: ABSENT for m in absent})
    attendance.update({m.pk: EXCUSED for m in excused})
    return meetings.meeting_record(unit=branch_unit, held_on=day, topic="", attendance=attendance, by=by)


def test_a_sub_trees_rate_is_recomputed_from_the_summed_parts_not_averaged(branch, people):
    a, b, c, d = branch.a1_members
    e = admit(branch.branch_a2, people.sibling, full_name="Hồ Văn Em")
    _hold(branch.branch_a1, [a, b, c, d], D(2025, 1, 26), absent=[d], by=people.own)  # 3/4
    _hold(branch.branch_a2, [e], D(2025, 1, 26), absent=[e], by=people.sibling)  # 0/1
    summary = meetings.attendance_summary(unit=branch.grassroots_a, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert (summary.meetings, summary.present, summary.expected) == (2, 3, 5)
    assert summary.rate == 60  # 3/5, not the mean of 75% and 0%
    by_child = {
        v.unit.code: s.rate
        for v, s in meetings.attendance_by_child(
            unit=branch.grassroots_a, start=D(2025, 1, 1), end=D(2025, 12, 31)
        )
    }
    assert by_child == {"CA1": 75, "CA2": 0}
    assert (
        meetings.attendance_summary(unit=branch.province, start=D(2025, 1, 1), end=D(2025, 12, 31)).rate == 60
    )


def test_the_rate_never_passes_100_percent_and_is_undefined_without_meetings(branch, people):
    for month in range(1, 13):
        _hold(branch.branch_a1, branch.a1_members, D(2025, month, 26), by=people.own)
    summary = meetings.attendance_summary(unit=branch.district_a, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert summary.rate == 100 and summary.present == summary.expected == 48
    empty = meetings.attendance_summary(unit=branch.district_b, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert empty.rate is None and empty.meetings == 0


def test_the_period_edges_are_inclusive(branch, people):
    _hold(branch.branch_a1, branch.a1_members, D(2025, 3, 31), by=people.own)
    _hold(branch.branch_a1, branch.a1_members, D(2025, 4, 1), by=people.own)
    q1 = meetings.attendance_summary(unit=branch.branch_a1, start=D(2025, 1, 1), end=D(2025, 3, 31))
    q2 = meetings.attendance_summary(unit=branch.branch_a1, start=D(2025, 4, 1), end=D(2025, 6, 30))
    assert (q1.meetings, q2.meetings) == (1, 1)


def test_a_branch_that_moved_counts_where_it_stood_on_the_meeting_day(branch, people):
    a, b, c, d = branch.a1_members
    _hold(branch.branch_a1, [a, b, c, d], D(2025, 3, 26), by=people.own)
    unit_move(
        unit=branch.branch_a1,
        new_parent=branch.grassroots_b,
        on=D(2025, 6, 1),
        by=people.province_officer,
        reason="Sắp xếp",
    )
    branch.branch_a1.refresh_from_db()
    _hold(branch.branch_a1, [a, b, c, d], D(2025, 7, 26), absent=[d], by=people.province_officer)
    year = dict(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert meetings.attendance_summary(unit=branch.district_a, **year).meetings == 1
    district_b = meetings.attendance_summary(unit=branch.district_b, **year)
    assert (district_b.meetings, district_b.present, district_b.expected) == (1, 3, 4)
    assert meetings.attendance_summary(unit=branch.province, **year).expected == 8
