"""The meeting and dues pages agree with `doanvu stats` (doanvu.stats) for the same unit and
period, including a branch that moved between districts mid-year."""

import datetime
from decimal import Decimal

from doanvu.lib import periods
from doanvu.org.services import unit_move
from doanvu.stats import unit_stats
from doanvu.work import arrears, dues, meetings
from doanvu.work.meetings import ABSENT, EXCUSED, PRESENT

from .test_members_factories import admit

D = datetime.date
CODES = [
    "meetings_held",
    "meeting_attendances",
    "meeting_expected",
    "meeting_attendance_pct",
    "dues_collected_vnd",
]


def test_attendance_and_dues_agree_with_the_stats_up_the_tree_as_it_stood(tree, people):
    a, b, c = (admit(tree.branch_a1, people.own, full_name=n) for n in ("An", "Bình", "Cường"))
    e = admit(tree.branch_b1, people.other_district, full_name="Em")
    meetings.meeting_record(
        unit=tree.branch_a1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance={a.pk: PRESENT, b.pk: EXCUSED, c.pk: ABSENT},
        by=people.own,
    )
    meetings.meeting_record(
        unit=tree.branch_b1,
        held_on=D(2025, 3, 26),
        topic="",
        attendance={e.pk: PRESENT},
        by=people.other_district,
    )
    dues.dues_record(
        unit=tree.branch_a1, month="2025Q1", payments=[a.pk, b.pk], paid_on=D(2025, 3, 26), by=people.own
    )
    unit_move(
        unit=tree.branch_a1,
        new_parent=tree.grassroots_b,
        on=D(2025, 6, 1),
        by=people.province_officer,
        reason="Sắp xếp",
    )
    tree.branch_a1.refresh_from_db()
    meetings.meeting_record(
        unit=tree.branch_a1,
        held_on=D(2025, 7, 26),
        topic="",
        attendance={a.pk: PRESENT, b.pk: PRESENT, c.pk: PRESENT},
        by=people.own,
    )
    dues.dues_record(
        unit=tree.branch_a1, month="202507", payments=[c.pk], paid_on=D(2025, 7, 26), by=people.own
    )
    year = periods.parse("2025")
    for unit in (tree.province, tree.district_a, tree.district_b, tree.grassroots_b, tree.branch_a1):
        stats = unit_stats(unit=unit, period=year, indicators=CODES, with_children=False).values
        summary = meetings.attendance_summary(unit=unit, start=year.start, end=year.end)
        assert stats["meetings_held"] == summary.meetings, unit.code
        assert stats["meeting_attendances"] == summary.present, unit.code
        assert stats["meeting_expected"] == summary.expected, unit.code
        assert stats["meeting_attendance_pct"] == summary.rate, unit.code
        assert stats["dues_collected_vnd"] == dues.dues_collected(
            unit=unit, start=year.start, end=year.end
        ), unit.code
    assert unit_stats(unit=tree.province, period=year, indicators=CODES).values[
        "meeting_attendance_pct"
    ] == Decimal("71.4")


def test_members_in_arrears_in_the_stats_is_the_dues_selectors_count(tree, people):
    a, b = (admit(tree.branch_a1, people.own, full_name=n) for n in ("An", "Bình"))
    dues.dues_record(unit=tree.branch_a1, month="2025", payments=[a.pk], paid_on=D(2025, 1, 5), by=people.own)
    stats = unit_stats(unit=tree.province, period=periods.parse("2025"), indicators=["members_in_arrears"])
    assert (
        stats.values["members_in_arrears"]
        == arrears.members_in_arrears_count(unit=tree.province, day=D(2025, 12, 31))
        == 1
    )
