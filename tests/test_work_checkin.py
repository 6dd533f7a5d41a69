"""Attendance by QR: the branch opens check-in for today's meeting with its hours and shows the QR; a
signed-in member who opens it during the window is marked present once, only for their own branch; the
officer corrects on the meeting page; the figures' rollups stay exact.

The suite's clock stands at 10:00 on 05/12/2026 (tests/conftest.py): a meeting 09:30–11:00 is open, one at
14:00 has not opened yet, one that ended at 08:00 is over."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.lib import qr
from doanvu.stats import rollup_build
from doanvu.work import checkin, meetings
from doanvu.work.meetings import ABSENT, EXCUSED, PRESENT
from doanvu.work.models import Attendance, Meeting

from .conftest import NOW, PASSWORD
from .test_checkin_factories import member_user
from .test_members_factories import admit

T = datetime.time


@pytest.fixture(autouse=True)
def ten_in_the_morning():
    """Each test starts at 10:00 on the suite's day (tests/conftest.py), inside the 09:30–11:00 window below,
    however long its process has run before it."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def branch(tree, people):
    """CA1 with three members, one of whom has an account; CA2 with one member who has an account."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    tree.members = [
        admit(tree.branch_a1, people.own, full_name=n, card_number=f"0{i}7") for i, n in enumerate(names)
    ]
    tree.an = member_user(tree.members[0], "an")
    tree.stranger = admit(tree.branch_a2, people.sibling, full_name="Võ Văn Lạ")
    tree.stranger_user = member_user(tree.stranger, "la")
    return tree


NINE_THIRTY, ELEVEN = T(9, 30), T(11, 0)


def open_checkin(branch, people, starts=NINE_THIRTY, ends=ELEVEN, topic="Sinh hoạt chủ điểm tháng Mười Hai"):
    return checkin.meeting_checkin_open(
        unit=branch.branch_a1, topic=topic, starts_at=starts, ends_at=ends, by=people.own
    )


def scan_url(meeting) -> str:
    return f"/diem-danh/{meeting.checkin_token}/"


def present_ids(meeting) -> set[int]:
    return set(meeting.attendances.filter(present=True).values_list("member_id", flat=True))


def test_opening_check_in_records_todays_meeting_with_everyone_absent(branch, people):
    meeting = open_checkin(branch, people)
    assert meeting.held_on == timezone.localdate()
    assert meetings.meeting_attendance(meeting) == {m.pk: ABSENT for m in branch.members}
    assert (meeting.starts_at, meeting.ends_at) == (T(9, 30), T(11, 0))
    assert AuditEntry.objects.filter(action="meeting.checkin_open", unit=branch.branch_a1).count() == 1


def test_the_meeting_qr_carries_an_opaque_address_that_names_no_branch_member_or_date(branch, people, login):
    meeting = open_checkin(branch, people)
    page = login(people.own).get(f"/cong-tac/sinh-hoat/{meeting.pk}/ma-qr/")
    assert page.status_code == 200
    html = page.content.decode()
    url = f"http://testserver/diem-danh/{meeting.checkin_token}/"
    # The picture on the page is exactly the QR of that address.
    assert qr.svg(url, title="Mã QR điểm danh") in html
    token = meeting.checkin_token
    # The address is the check-in path and a random token: no branch, meeting number, date or name in it.
    assert url.split("/") == ["http:", "", "testserver", "diem-danh", token, ""]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    other = checkin.meeting_checkin_open(
        unit=branch.branch_a2, topic="", starts_at=T(9, 30), ends_at=T(11, 0), by=people.sibling
    )
    assert other.checkin_token != token and other.checkin_token[:6] != token[:6]
    assert re.search(r"data-present>0</strong><span>/3</span>", html)  # nobody present yet, of three


def test_a_signed_in_member_scanning_during_the_meeting_is_marked_present(branch, people, login):
    meeting = open_checkin(branch, people)
    page = login(branch.an).get(scan_url(meeting))
    assert page.status_code == 200
    assert "Đã điểm danh: có mặt" in page.content.decode()
    assert present_ids(meeting) == {branch.members[0].pk}
    row = Attendance.objects.get(meeting=meeting, member=branch.members[0])
    assert row.checked_in_at is not None and not row.excused
    entry = AuditEntry.objects.get(action="meeting.checkin")
    assert entry.actor == branch.an and entry.member == branch.members[0]


def test_a_second_scan_says_already_present_and_counts_once(branch, people, login):
    meeting = open_checkin(branch, people)
    client = login(branch.an)
    client.get(scan_url(meeting))
    first = Attendance.objects.get(meeting=meeting, member=branch.members[0]).checked_in_at
    again = client.get(scan_url(meeting))
    assert again.status_code == 200
    assert "Bạn đã điểm danh buổi này rồi" in again.content.decode()
    assert meeting.attendances.filter(present=True).count() == 1
    assert Attendance.objects.get(meeting=meeting, member=branch.members[0]).checked_in_at == first
    assert AuditEntry.objects.filter(action="meeting.checkin").count() == 1
    assert str(meetings.meeting_rate(meeting)) == "33.3"


def test_a_member_scanning_before_the_window_is_told_when_it_opens_and_nothing_is_written(
    branch, people, login
):
    meeting = open_checkin(branch, people, starts=T(14, 0), ends=T(16, 0))
    page = login(branch.an).get(scan_url(meeting))
    assert page.status_code == 409
    text = page.content.decode()
    assert "Chưa đến giờ điểm danh" in text and "bắt đầu lúc 14:00" in text and "mở từ 13:30" in text
    assert present_ids(meeting) == set()
    assert not AuditEntry.objects.filter(action="meeting.checkin").exists()


def test_a_member_scanning_after_the_meeting_ended_is_refused_and_told_to_ask_the_secretary(
    branch, people, login
):
    meeting = open_checkin(branch, people, starts=T(7, 0), ends=T(8, 0))
    page = login(branch.an).get(scan_url(meeting))
    assert page.status_code == 409
    assert "Đã hết giờ điểm danh" in page.content.decode() and "kết thúc lúc 08:00" in page.content.decode()
    assert present_ids(meeting) == set()


def test_the_window_opens_thirty_minutes_before_the_start_by_default(branch, people, login):
    meeting = open_checkin(branch, people, starts=T(10, 20), ends=T(11, 30))  # opens 09:50; now 10:00
    assert login(branch.an).get(scan_url(meeting)).status_code == 200
    assert present_ids(meeting) == {branch.members[0].pk}


def test_a_member_of_another_branch_is_refused_and_nothing_is_written(branch, people, login):
    meeting = open_checkin(branch, people)
    page = login(branch.stranger_user).get(scan_url(meeting))
    assert page.status_code == 403
    assert "Võ Văn Lạ không sinh hoạt ở Chi đoàn A1" in page.content.decode()
    assert not Attendance.objects.filter(member=branch.stranger).exists()
    assert present_ids(meeting) == set() and meeting.attendances.count() == 3
    assert not AuditEntry.objects.filter(action="meeting.checkin").exists()


def test_an_officer_account_opening_the_meeting_qr_is_told_it_is_for_members(branch, people, login):
    meeting = open_checkin(branch, people)
    page = login(people.own).get(scan_url(meeting))
    assert page.status_code == 403
    assert "tài khoản đoàn viên" in page.content.decode()
    assert present_ids(meeting) == set()


def test_an_unknown_token_opens_nothing(branch, people, login):
    open_checkin(branch, people)
    assert login(branch.an).get("/diem-danh/khong-co-ma-nay/").status_code == 404


def test_a_visitor_signs_in_and_comes_back_to_be_marked_present(branch, people, client):
    meeting = open_checkin(branch, people)
    first = client.get(scan_url(meeting))
    assert first.status_code == 302
    assert first["Location"].startswith("/dang-nhap/") and scan_url(meeting) in first["Location"]
    signed = client.post(
        "/dang-nhap/", {"username": "an", "password": PASSWORD, "next": scan_url(meeting)}, follow=True
    )
    assert signed.redirect_chain[-1][0] == scan_url(meeting)
    assert "Đã điểm danh: có mặt" in signed.content.decode()
    assert present_ids(meeting) == {branch.members[0].pk}


def test_the_officer_sees_qr_rows_marked_and_corrects_attendance_on_the_meeting_page(branch, people, login):
    meeting = open_checkin(branch, people)
    login(branch.an).get(scan_url(meeting))
    an, binh, cuong = branch.members
    page = login(people.own).get(f"/cong-tac/sinh-hoat/{meeting.pk}/")
    html = page.content.decode()
    scanned = timezone.localtime(meeting.attendances.get(member=an).checked_in_at)
    assert html.count("data-qr") == 1 and f"quét mã QR {scanned:%H:%M}" in html
    # The secretary marks Bình excused and Cường present by hand: An keeps the QR mark.
    meetings.meeting_update(
        meeting=meeting, by=people.own, attendance={an.pk: PRESENT, binh.pk: EXCUSED, cuong.pk: PRESENT}
    )
    assert checkin.checked_in_at(meeting).keys() == {an.pk}
    # Then An is corrected to absent (left early): the mark goes with the presence.
    meetings.meeting_update(
        meeting=meeting, by=people.own, attendance={an.pk: ABSENT, binh.pk: EXCUSED, cuong.pk: PRESENT}
    )
    assert checkin.checked_in_at(meeting) == {}
    assert present_ids(meeting) == {cuong.pk}


def test_the_rollups_stay_exact_after_check_ins_and_corrections(branch, people, login):
    meeting = open_checkin(branch, people)
    login(branch.an).get(scan_url(meeting))
    assert rollup_build.check()[0] == 0
    an, binh, cuong = branch.members
    meetings.meeting_update(
        meeting=meeting, by=people.own, attendance={an.pk: PRESENT, binh.pk: PRESENT, cuong.pk: ABSENT}
    )
    assert rollup_build.check()[0] == 0
    summary = meetings.attendance_summary(
        unit=branch.grassroots_a, start=meeting.held_on, end=meeting.held_on
    )
    assert (summary.meetings, summary.present, summary.expected) == (1, 2, 3)


def test_reopening_keeps_the_attendance_and_the_token_and_changes_the_hours(branch, people, login):
    meeting = open_checkin(branch, people)
    login(branch.an).get(scan_url(meeting))
    again = open_checkin(branch, people, starts=T(9, 0), ends=T(12, 0), topic="")
    assert again.pk == meeting.pk and again.checkin_token == meeting.checkin_token
    assert (again.starts_at, again.ends_at) == (T(9, 0), T(12, 0))
    assert again.topic == "Sinh hoạt chủ điểm tháng Mười Hai"
    assert present_ids(again) == {branch.members[0].pk}


def test_a_meeting_recorded_by_hand_today_can_open_check_in_and_keeps_its_roll_call(branch, people):
    an, binh, cuong = branch.members
    recorded = meetings.meeting_record(
        unit=branch.branch_a1,
        held_on=timezone.localdate(),
        topic="",
        attendance={an.pk: ABSENT, binh.pk: EXCUSED, cuong.pk: PRESENT},
        by=people.own,
    )
    opened = open_checkin(branch, people)
    assert opened.pk == recorded.pk and opened.checkin_token
    assert meetings.meeting_attendance(opened) == {an.pk: ABSENT, binh.pk: EXCUSED, cuong.pk: PRESENT}


def test_hours_that_end_before_they_start_are_refused_with_both_times_and_nothing_is_written(branch, people):
    with pytest.raises(ValidationError) as error:
        open_checkin(branch, people, starts=T(19, 30), ends=T(19, 0))
    assert error.value.message_dict["ends_at"] == [
        "Giờ kết thúc (19:00) phải sau giờ bắt đầu (19:30) trong cùng ngày."
    ]
    assert not Meeting.objects.exists()


def test_the_open_page_shows_the_hours_error_next_to_the_field(branch, people, login):
    page = login(people.own).post(
        "/cong-tac/sinh-hoat/diem-danh-qr/?unit=CA1", {"topic": "", "starts_at": "19:30", "ends_at": "19:00"}
    )
    assert page.status_code == 400
    assert "Giờ kết thúc (19:00) phải sau giờ bắt đầu (19:30)" in page.content.decode()
    assert not Meeting.objects.exists()


def test_the_open_page_records_the_meeting_and_leads_to_the_projector_screen(branch, people, login):
    client = login(people.own)
    page = client.post(
        "/cong-tac/sinh-hoat/diem-danh-qr/?unit=CA1",
        {"topic": "Học Điều lệ", "starts_at": "09:30", "ends_at": "11:00"},
    )
    meeting = Meeting.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/cong-tac/sinh-hoat/{meeting.pk}/ma-qr/"
    screen = client.get(page["Location"]).content.decode()
    assert "Điểm danh sinh hoạt Chi đoàn A1" in screen and "Đang điểm danh, đến 11:00" in screen
    assert 'hx-trigger="every 10s"' in screen


def test_only_an_editor_of_the_branch_or_above_shows_or_opens_the_qr(branch, people, login):
    meeting = open_checkin(branch, people)
    screen = f"/cong-tac/sinh-hoat/{meeting.pk}/ma-qr/"
    assert login(people.above).get(screen).status_code == 200
    assert login(people.sibling).get(screen).status_code == 404
    assert login(people.other_district).get(screen).status_code == 404
    assert login(people.viewer).get(screen).status_code == 403
    assert login(people.viewer).get("/cong-tac/sinh-hoat/diem-danh-qr/?unit=CA1").status_code == 403
    assert login(people.sibling).get("/cong-tac/sinh-hoat/diem-danh-qr/?unit=CA1").status_code == 404
    with pytest.raises(PermissionDenied):
        checkin.meeting_checkin_open(
            unit=branch.branch_a1, topic="", starts_at=T(9, 0), ends_at=T(10, 0), by=people.viewer
        )


def test_a_scan_made_after_the_officer_opened_the_meeting_page_survives_the_officers_save(
    branch, people, login
):
    meeting = open_checkin(branch, people)
    an, binh, cuong = branch.members
    officer = login(people.own)
    page = officer.get(f"/cong-tac/sinh-hoat/{meeting.pk}/").content.decode()
    seen_at = re.search(r'name="seen_at" value="([^"]+)"', page).group(1)
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        checkin.meeting_checkin(meeting=meeting, by=branch.an)  # An scans while the officer's page is open
    assert present_ids(meeting) == {an.pk}
    # The officer's page still showed An absent; the officer marks Bình present and saves.
    form = {
        "held_on": meeting.held_on.isoformat(),
        "topic": meeting.topic,
        "seen_at": seen_at,
        f"att-{an.pk}": ABSENT,
        f"att-{binh.pk}": PRESENT,
        f"att-{cuong.pk}": ABSENT,
    }
    with time_machine.travel(NOW + datetime.timedelta(minutes=6), tick=False):
        saved = officer.post(f"/cong-tac/sinh-hoat/{meeting.pk}/", form, follow=True)
    assert present_ids(meeting) == {an.pk, binh.pk}
    assert checkin.checked_in_at(meeting).keys() == {an.pk}
    assert "1 đoàn viên quét mã QR sau khi bạn mở trang này được giữ là có mặt" in saved.content.decode()
    # A form shown after the scan is the officer's own decision: An can then be marked absent.
    with time_machine.travel(NOW + datetime.timedelta(minutes=7), tick=False):
        page = officer.get(f"/cong-tac/sinh-hoat/{meeting.pk}/").content.decode()
        form["seen_at"] = re.search(r'name="seen_at" value="([^"]+)"', page).group(1)
        officer.post(f"/cong-tac/sinh-hoat/{meeting.pk}/", form)
    assert present_ids(meeting) == {binh.pk}
