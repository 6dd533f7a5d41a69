"""Dues arrears of a member transferred in (docs/domain.md, "Dues and arrears"): the receiving branch, and
every unit above it, is owed nothing for the months before the transfer; the sending branch still counts
the months the member spent with it; a payment counts for its month wherever it was recorded; a
restructure moves no one's months. Read from the rollups, kept current by the transfer's own transaction,
and from the records, with the same figures as the dues selector."""

import datetime
import re

import pytest
from django.utils import timezone

from doanvu.lib import periods
from doanvu.members import services as member_services
from doanvu.members.models import Transfer
from doanvu.org.services import unit_move
from doanvu.reports.document.data import build_report_data
from doanvu.stats import rollup_build, unit_stats
from doanvu.work import arrears, dues

from .test_members_factories import admit

D = datetime.date
CODE = ["members_in_arrears"]
# "01 đoàn viên chưa đóng đủ đoàn phí", "Còn 01/3 đoàn viên chưa đóng đủ đoàn phí": the report's sentences.
ARREARS_SENTENCE = re.compile(r"\d+(/[\d.]+)? đoàn viên chưa đóng đủ đoàn phí")


def _in_arrears(unit, period: str, *, from_rollups: bool = True):
    return unit_stats(
        unit=unit, period=periods.parse(period), indicators=CODE, from_rollups=from_rollups
    ).values["members_in_arrears"]


def _day(period: str) -> datetime.date:
    return min(periods.parse(period).end, timezone.localdate())


def _books_open(tree, people):
    """Chi đoàn A1 and Chi đoàn B1 keep dues books since January 2025: one member of each pays 2025 and
    2026 on time."""
    resident_a = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình")
    resident_b = admit(tree.branch_b1, people.other_district, full_name="Vũ Thị Giang")
    for unit, member, by in (
        (tree.branch_a1, resident_a, people.own),
        (tree.branch_b1, resident_b, people.other_district),
    ):
        for year in (2025, 2026):
            dues.dues_record(unit=unit, month=str(year), payments=[member.pk], paid_on=D(year, 1, 5), by=by)


def _transfer(member, tree, people, *, requested_on, accepted_on):
    transfer = member_services.transfer_request(
        member=member,
        to_unit=tree.branch_b1,
        by=people.own,
        requested_on=requested_on,
        reason="Chuyển nơi làm việc",
        dues_paid_until="",
    )
    member_services.transfer_accept(transfer=transfer, by=people.other_district, on=accepted_on)


def _moved_last_month(tree, people):
    """Nguyễn Văn An, admitted to Chi đoàn A1 in 2021, never paid; A1 asked on 3/11/2026 to move him to
    Chi đoàn B1, which took him on 10/11/2026 (today being 5/12/2026)."""
    _books_open(tree, people)
    mover = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    _transfer(mover, tree, people, requested_on=D(2026, 11, 3), accepted_on=D(2026, 11, 10))
    return mover


def _same_as_the_selector(unit, period: str) -> None:
    day = _day(period)
    expected = arrears.members_in_arrears_count(unit=unit, day=day)
    assert _in_arrears(unit, period) == expected, (unit.code, period)
    assert _in_arrears(unit, period, from_rollups=False) == expected, (unit.code, period)


@pytest.mark.parametrize(
    ("period", "at_the_sending_branch"),
    [
        ("202610", 1),  # month: An still in A1 on 31/10, twelve months unpaid there
        ("202611", 0),  # month: An left A1 on 3/11, and B1 is owed nothing before December
        ("2026Q3", 1),  # quarter
        ("2026Q4", 0),  # the running quarter, counted today
        ("2026S1", 1),  # half-year
        ("2026S2", 0),  # the running half-year
        ("2026M9", 1),  # nine months, to 30/9
        ("2025", 1),  # a past year, An in A1 all along
        ("2026", 0),  # the running year
        ("NH2025-2026", 1),  # school year, to 31/7/2026
        ("NH2026-2027", 0),  # the running school year
        ("NK2022-2027", 0),  # the running term
    ],
)
def test_a_member_transferred_in_last_month_owes_the_receiving_branch_nothing_for_the_months_before(
    tree, people, period, at_the_sending_branch
):
    _moved_last_month(tree, people)
    for unit in (tree.branch_b1, tree.grassroots_b, tree.district_b):
        assert _in_arrears(unit, period) == 0, (unit.code, period)
    assert _in_arrears(tree.branch_a1, period) == at_the_sending_branch
    assert _in_arrears(tree.province, period) == at_the_sending_branch
    for unit in (tree.province, tree.district_b, tree.branch_b1, tree.district_a, tree.branch_a1):
        _same_as_the_selector(unit, period)
    assert rollup_build.check() == (0, [])


def test_the_members_list_in_arrears_of_the_receiving_branch_leaves_out_the_member_transferred_in(
    tree, people
):
    mover = _moved_last_month(tree, people)
    today = timezone.localdate()
    assert list(arrears.members_in_arrears(unit=tree.branch_b1, day=today)) == []
    assert mover not in arrears.removal_warnings(unit=tree.province, day=today)
    # On 31/10 he was still A1's, with the twelve months he owed there.
    assert list(arrears.members_in_arrears(unit=tree.branch_a1, day=D(2026, 10, 31))) == [mover]


def test_a_member_transferred_in_owes_the_receiving_branch_the_months_after_the_transfer(tree, people):
    _books_open(tree, people)
    mover = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    for month in ("2026Q1", "2026Q2", "202607"):  # January to July, paid in A1
        dues.dues_record(
            unit=tree.branch_a1, month=month, payments=[mover.pk], paid_on=D(2026, 1, 5), by=people.own
        )
    _transfer(mover, tree, people, requested_on=D(2026, 8, 10), accepted_on=D(2026, 8, 20))
    # August is not owed to B1; September and October are two months, November makes three. The months he
    # paid in A1 were never B1's, so they make up for none of these.
    assert _in_arrears(tree.branch_b1, "202610") == 0
    assert _in_arrears(tree.branch_b1, "202611") == 1
    assert _in_arrears(tree.district_b, "2026") == 1
    assert list(arrears.members_in_arrears(unit=tree.branch_b1, day=D(2026, 11, 30))) == [mover]
    for period in ("202610", "202611", "2026Q3", "2026"):
        _same_as_the_selector(tree.province, period)
        _same_as_the_selector(tree.district_b, period)
    assert rollup_build.check() == (0, [])


def test_a_transfer_date_corrected_in_the_admin_changes_the_receiving_branchs_arrears_at_once(tree, people):
    _books_open(tree, people)
    mover = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    _transfer(mover, tree, people, requested_on=D(2026, 8, 10), accepted_on=D(2026, 8, 20))
    assert _in_arrears(tree.branch_b1, "202611") == 1  # September to November
    transfer = Transfer.objects.get(member=mover)
    transfer.decided_on = D(2026, 9, 20)  # the decision was dated a month later
    transfer.save()
    assert _in_arrears(tree.branch_b1, "202611") == 0  # October and November only
    _same_as_the_selector(tree.district_b, "202611")
    assert rollup_build.check() == (0, [])


def test_months_the_receiving_branch_collects_for_the_time_before_the_transfer_count_as_paid_at_the_sending_branch(
    tree, people
):
    mover = _moved_last_month(tree, people)
    assert _in_arrears(tree.branch_a1, "202610") == 1
    for month in ("2026S1", "2026Q3", "202610"):  # January to October 2026, paid late in B1
        dues.dues_record(
            unit=tree.branch_b1,
            month=month,
            payments=[mover.pk],
            paid_on=D(2026, 12, 1),
            by=people.other_district,
        )
    # Of the twelve months to October only November and December 2025 are left unpaid.
    assert _in_arrears(tree.branch_a1, "202610") == 0
    assert _in_arrears(tree.branch_b1, "2026Q4") == 0
    for period in ("202610", "2026Q4", "2026"):
        _same_as_the_selector(tree.province, period)
    assert rollup_build.check() == (0, [])


def test_a_member_moved_with_the_branch_by_a_restructure_still_owes_the_months_before(tree, people):
    _books_open(tree, people)
    debtor = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    unit_move(
        unit=tree.branch_a1,
        new_parent=tree.grassroots_b,
        on=D(2026, 11, 10),
        by=people.admin,
        reason="Sắp xếp",
    )
    assert _in_arrears(tree.grassroots_b, "202611") == 1
    assert _in_arrears(tree.grassroots_a, "202611") == 0
    assert _in_arrears(tree.grassroots_a, "202610") == 1
    assert list(arrears.members_in_arrears(unit=tree.grassroots_b, day=D(2026, 11, 30))) == [debtor]
    for period in ("202610", "202611", "2026"):
        _same_as_the_selector(tree.province, period)
    assert rollup_build.check() == (0, [])


def _text(value) -> str:
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value)
    return value if isinstance(value, str) else ""


def test_the_receiving_branchs_report_does_not_say_the_member_transferred_in_left_dues_unpaid(tree, people):
    _moved_last_month(tree, people)
    received = _text(build_report_data(unit=tree.branch_b1, period=periods.parse("202611")))
    sent = _text(build_report_data(unit=tree.branch_a1, period=periods.parse("202610")))
    assert ARREARS_SENTENCE.search(received) is None
    assert ARREARS_SENTENCE.search(sent) is not None
