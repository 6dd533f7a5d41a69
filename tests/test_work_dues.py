"""Dues: default rates and rates by effective date, recording a month or a quarter for a whole branch,
what was collected over a period, members in arrears, and the warning list for removal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry
from doanvu.members import services as member_services
from doanvu.work import arrears, dues, meetings
from doanvu.work.meetings import ABSENT, EXCUSED, PRESENT
from doanvu.work.models import DuesPayment, DuesRate

from .test_members_factories import admit

D = datetime.date


@pytest.fixture
def branch(tree, people):
    """CA1: a student, a civil servant and a worker abroad, all joined in 2021."""
    tree.student = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An", occupation="Sinh viên")
    tree.official = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình", occupation="Công chức")
    tree.abroad = admit(
        tree.branch_a1, people.own, full_name="Lê Văn Cường", occupation="Lao động ở nước ngoài (Nhật Bản)"
    )
    tree.members = [tree.student, tree.official, tree.abroad]
    return tree


def open_the_dues_book(tree, people, month="202201"):
    """CA1 records its first dues in `month` (by default long before the twelve months the tests look at):
    from then on every member's months are due."""
    dues.dues_record(
        unit=tree.branch_a1, month=month, payments=[tree.official.pk], paid_on=D(2022, 1, 5), by=people.own
    )


def paid(member):
    return list(DuesPayment.objects.filter(member=member).order_by("month").values_list("month", "amount"))


def test_the_default_rates_of_2011_are_there_from_the_start_and_restored_once_if_missing(db):
    assert dues.ensure_dues_rates() == 0  # the data migration loaded them
    DuesRate.objects.all().delete()
    assert dues.ensure_dues_rates() == 3
    assert dues.ensure_dues_rates() == 0
    assert dues.rates_on(D(2025, 1, 1)) == {"no_salary": 2000, "salary": 5000, "abroad": 5000}
    assert dues.rates_on(D(2010, 12, 31)) == {}


def test_the_category_comes_from_the_occupation(branch):
    assert [dues.member_dues_category(m) for m in branch.members] == ["no_salary", "salary", "abroad"]


def test_a_month_paid_at_the_standard_amount_follows_each_members_category(branch, people):
    rows = dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments=[m.pk for m in branch.members],
        paid_on=D(2025, 3, 26),
        by=people.own,
    )
    assert sorted(r.amount for r in rows) == [2000, 5000, 5000]
    assert paid(branch.student) == [(D(2025, 3, 1), 2000)]
    entry = AuditEntry.objects.get(action="dues.record")
    assert "12.000 đồng" in entry.summary and entry.effective_on == D(2025, 3, 26)


def test_an_explicit_amount_or_category_overrides_the_standard(branch, people):
    dues.dues_record(
        unit=branch.branch_a1,
        month="202503",
        payments={branch.abroad.pk: 10000, branch.student.pk: None},
        categories={branch.student.pk: "salary"},
        paid_on=D(2025, 3, 26),
        by=people.own,
    )
    assert paid(branch.abroad) == [(D(2025, 3, 1), 10000)]
    assert paid(branch.student) == [(D(2025, 3, 1), 5000)]


def test_a_quarterly_payment_writes_one_row_per_month(branch, people):
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q2",
        payments=[branch.official.pk],
        paid_on=D(2025, 4, 5),
        by=people.own,
    )
    assert paid(branch.official) == [(D(2025, 4, 1), 5000), (D(2025, 5, 1), 5000), (D(2025, 6, 1), 5000)]


def test_a_new_rate_applies_from_the_first_month_starting_on_or_after_its_date(branch, people):
    DuesRate.objects.create(category="no_salary", effective_from=D(2025, 7, 1), monthly_amount=3000)
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q3",
        payments=[branch.student.pk],
        paid_on=D(2025, 6, 28),
        by=people.own,
    )
    dues.dues_record(
        unit=branch.branch_a1,
        month="202506",
        payments=[branch.student.pk],
        paid_on=D(2025, 6, 28),
        by=people.own,
    )
    assert paid(branch.student) == [
        (D(2025, 6, 1), 2000),
        (D(2025, 7, 1), 3000),
        (D(2025, 8, 1), 3000),
        (D(2025, 9, 1), 3000),
    ]


def test_a_month_paid_twice_is_refused_and_names_the_first_payment(branch, people):
    args = dict(unit=branch.branch_a1, month="202503", payments=[branch.student.pk], by=people.own)
    dues.dues_record(**args, paid_on=D(2025, 3, 26))
    with pytest.raises(ValidationError) as error:
        dues.dues_record(
            unit=branch.branch_a1,
            month="2025Q1",
            payments=[branch.student.pk],
            paid_on=D(2025, 4, 2),
            by=people.own,
        )
    assert "Nguyễn Văn An đã đóng đoàn phí tháng 03/2025 (2.000 đồng, ngày 26/03/2025)" in str(error.value)
    assert DuesPayment.objects.count() == 1  # nothing half-written


def test_bad_amounts_months_and_members_are_explained(branch, people):
    stranger = admit(branch.branch_a2, people.sibling, full_name="Võ Văn Lạ")
    cases = [
        (dict(month="2025-03", payments=[branch.student.pk]), "2025-03"),
        (dict(month="202503", payments={branch.student.pk: "abc"}), "Không đọc được «abc» thành một số"),
        (
            dict(month="202503", payments={branch.student.pk: 500}),
            "thấp hơn mức đoàn phí thấp nhất (2.000 đồng)",
        ),
        (dict(month="202503", payments=[stranger.pk]), "Võ Văn Lạ không sinh hoạt ở Chi đoàn A1"),
        (dict(month="202503", payments=[]), "ít nhất một đoàn viên"),
        (dict(month="2020", payments=[branch.student.pk]), "chưa phải đóng đoàn phí tháng 01/2020"),
        (dict(month="2027", payments=[branch.student.pk]), "tối đa 12 tháng"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError) as error:
            dues.dues_record(unit=branch.branch_a1, paid_on=D(2025, 3, 26), by=people.own, **kwargs)
        assert message in str(error.value), kwargs
    assert not DuesPayment.objects.exists()


def test_only_the_branchs_editors_record_dues(branch, people):
    for user in (people.sibling, people.viewer):
        with pytest.raises(PermissionDenied):
            dues.dues_record(
                unit=branch.branch_a1,
                month="202503",
                payments=[branch.student.pk],
                paid_on=D(2025, 3, 26),
                by=user,
            )
    with pytest.raises(ValidationError):
        dues.dues_record(
            unit=branch.grassroots_a,
            month="202503",
            payments=[branch.student.pk],
            paid_on=D(2025, 3, 26),
            by=people.above,
        )


def test_a_payment_recorded_by_mistake_can_be_cancelled(branch, people):
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q1",
        payments=[branch.student.pk],
        paid_on=D(2025, 3, 26),
        by=people.own,
    )
    assert (
        dues.dues_cancel(unit=branch.branch_a1, month="202502", member_ids=[branch.student.pk], by=people.own)
        == 1
    )
    assert [m for m, _a in paid(branch.student)] == [D(2025, 1, 1), D(2025, 3, 1)]
    assert AuditEntry.objects.filter(action="dues.cancel").exists()
    with pytest.raises(ValidationError):
        dues.dues_cancel(unit=branch.branch_a1, month="202502", member_ids=[branch.student.pk], by=people.own)


def test_dues_collected_counts_money_received_in_the_period_up_the_tree(branch, people):
    b2 = admit(branch.branch_a2, people.sibling, full_name="Hồ Văn Em")
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q1",
        payments=[branch.official.pk],
        paid_on=D(2025, 3, 31),
        by=people.own,
    )
    dues.dues_record(
        unit=branch.branch_a1,
        month="202504",
        payments=[branch.student.pk],
        paid_on=D(2025, 4, 1),
        by=people.own,
    )
    dues.dues_record(
        unit=branch.branch_a2, month="202503", payments=[b2.pk], paid_on=D(2025, 3, 1), by=people.sibling
    )
    q1 = dict(start=D(2025, 1, 1), end=D(2025, 3, 31))
    assert dues.dues_collected(unit=branch.branch_a1, **q1) == 15000
    assert dues.dues_collected(unit=branch.grassroots_a, **q1) == 17000
    assert dues.dues_collected(unit=branch.province, **q1) == 17000
    assert dues.dues_collected(unit=branch.district_b, **q1) == 0
    assert dues.dues_collected(unit=branch.province, start=D(2025, 4, 1), end=D(2025, 4, 1)) == 2000


def test_the_due_months_are_the_twelve_that_ended_by_the_day(db):
    assert [m.code for m in arrears.due_months(D(2025, 12, 31))][0::11] == ["202501", "202512"]
    assert [m.code for m in arrears.due_months(D(2025, 12, 30))][0::11] == ["202412", "202511"]


def test_members_in_arrears_are_those_with_n_unpaid_months_of_the_last_twelve(branch, people, settings):
    a1 = branch.branch_a1
    dues.dues_record(
        unit=a1, month="2025", payments=[branch.official.pk], paid_on=D(2025, 1, 5), by=people.own
    )
    dues.dues_record(
        unit=a1, month="2025S2", payments=[branch.student.pk], paid_on=D(2025, 7, 5), by=people.own
    )
    dues.dues_record(
        unit=a1, month="2025Q4", payments=[branch.abroad.pk], paid_on=D(2025, 10, 5), by=people.own
    )
    dues.dues_record(
        unit=a1, month="202507", payments=[branch.abroad.pk], paid_on=D(2025, 10, 5), by=people.own
    )
    dues.dues_record(
        unit=a1, month="202508", payments=[branch.abroad.pk], paid_on=D(2025, 10, 5), by=people.own
    )
    end = D(2025, 12, 31)
    unpaid = {
        m.full_name: m.unpaid_months
        for m in arrears.members_in_arrears(unit=branch.province, day=end, months=0)
    }
    assert unpaid == {"Trần Thị Bình": 0, "Nguyễn Văn An": 6, "Lê Văn Cường": 7}
    assert arrears.members_in_arrears_count(unit=branch.province, day=end) == 2  # default: 3 months or more
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "dues_arrears_months": 7}
    assert arrears.members_in_arrears_count(unit=branch.province, day=end) == 1
    assert arrears.members_in_arrears_count(unit=branch.district_b, day=end) == 0


def test_months_before_joining_are_not_owed(branch, people):
    open_the_dues_book(branch, people)
    newcomer = admit(branch.branch_a1, people.own, full_name="Đỗ Văn Mới", joined_on=D(2025, 10, 20))
    counted = {
        m.full_name: m.unpaid_months
        for m in arrears.members_in_arrears(unit=branch.branch_a1, day=D(2025, 12, 31), months=0)
    }
    assert counted["Đỗ Văn Mới"] == 2  # November and December only
    assert newcomer.pk


def test_arrears_count_the_sub_tree_as_it_stood_on_the_day(branch, people):
    open_the_dues_book(branch, people)
    member_services.member_remove(
        member=branch.student, on=D(2025, 11, 1), reason="Bỏ sinh hoạt", by=people.own
    )
    assert arrears.members_in_arrears_count(unit=branch.branch_a1, day=D(2025, 10, 31)) == 3
    assert arrears.members_in_arrears_count(unit=branch.branch_a1, day=D(2025, 11, 30)) == 2


def _unpaid(unit, day) -> dict[str, int]:
    return {m.full_name: m.unpaid_months for m in arrears.members_in_arrears(unit=unit, day=day, months=0)}


def test_months_before_the_branch_first_recorded_dues_are_not_owed(branch, people):
    # The branch starts its dues book in October 2025: the official pays October to December.
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q4",
        payments=[branch.official.pk],
        paid_on=D(2025, 10, 5),
        by=people.own,
    )
    assert _unpaid(branch.branch_a1, D(2025, 12, 31)) == {
        "Trần Thị Bình": 0,
        "Nguyễn Văn An": 3,
        "Lê Văn Cường": 3,
    }
    # A quarter later the look-back still starts in October: six months, not twelve.
    assert _unpaid(branch.branch_a1, D(2026, 3, 31))["Nguyễn Văn An"] == 6
    assert _unpaid(branch.branch_a1, D(2025, 10, 31))["Nguyễn Văn An"] == 1


def test_a_branch_that_has_recorded_no_dues_has_no_member_in_arrears(branch):
    assert set(_unpaid(branch.branch_a1, D(2025, 12, 31)).values()) == {0}
    assert arrears.members_in_arrears_count(unit=branch.province, day=D(2025, 12, 31)) == 0


def test_a_member_who_paid_before_the_branch_book_opened_owes_from_the_month_after_their_transfer_in(
    branch, people
):
    """Phạm Thị Dung paid March 2025 in A2, then moved to A1 on 2/4, and A1 opened its dues book in
    October: her own book is open since March, and A1 is owed the months after her transfer, not before."""
    dung = admit(branch.branch_a2, people.sibling, full_name="Phạm Thị Dung")
    dues.dues_record(
        unit=branch.branch_a2, month="202503", payments=[dung.pk], paid_on=D(2025, 3, 5), by=people.sibling
    )
    transfer = member_services.transfer_request(
        member=dung, to_unit=branch.branch_a1, requested_on=D(2025, 4, 1), by=people.sibling
    )
    member_services.transfer_accept(transfer=transfer, on=D(2025, 4, 2), by=people.own)
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025Q4",
        payments=[branch.official.pk],
        paid_on=D(2025, 10, 5),
        by=people.own,
    )
    unpaid = _unpaid(branch.branch_a1, D(2025, 12, 31))
    assert unpaid["Phạm Thị Dung"] == 8  # May to December (April began before the transfer)
    assert unpaid["Nguyễn Văn An"] == 3  # October to December


def _meet(branch, day, statuses, by):
    roster = meetings.branch_roster(unit=branch.branch_a1, day=day)
    attendance = {m.pk: statuses.get(m.full_name, PRESENT) for m in roster}
    meetings.meeting_record(unit=branch.branch_a1, held_on=day, topic="", attendance=attendance, by=by)


def test_the_warning_list_shows_three_unexcused_absences_or_three_unpaid_months(branch, people):
    a1 = branch.branch_a1
    dues.dues_record(
        unit=a1,
        month="2025",
        payments=[branch.student.pk, branch.official.pk],
        paid_on=D(2025, 1, 5),
        by=people.own,
    )
    dues.dues_record(
        unit=a1, month="2025Q4", payments=[branch.abroad.pk], paid_on=D(2025, 10, 1), by=people.own
    )
    dues.dues_record(
        unit=a1, month="2025Q3", payments=[branch.abroad.pk], paid_on=D(2025, 10, 1), by=people.own
    )
    dues.dues_record(
        unit=a1, month="2025Q2", payments=[branch.abroad.pk], paid_on=D(2025, 10, 1), by=people.own
    )
    # Excused absences do not count; three unexcused ones do; one in 2024 is outside the window.
    _meet(branch, D(2024, 12, 26), {"Nguyễn Văn An": ABSENT}, people.own)
    for month in (1, 2, 3):
        _meet(branch, D(2025, month, 26), {"Nguyễn Văn An": ABSENT, "Trần Thị Bình": EXCUSED}, people.own)
    _meet(branch, D(2025, 4, 26), {"Trần Thị Bình": ABSENT}, people.own)
    rows = {
        m.full_name: (m.missed_meetings, m.unpaid_months)
        for m in arrears.removal_warnings(unit=branch.district_a, day=D(2025, 12, 31))
    }
    assert rows == {"Nguyễn Văn An": (3, 0), "Lê Văn Cường": (0, 3)}
    assert arrears.removal_warnings(unit=branch.district_b, day=D(2025, 12, 31)).count() == 0


def test_the_warning_thresholds_are_configuration(branch, people, settings):
    _meet(branch, D(2025, 3, 26), {"Nguyễn Văn An": ABSENT}, people.own)
    dues.dues_record(
        unit=branch.branch_a1,
        month="2025",
        payments=[m.pk for m in branch.members],
        paid_on=D(2025, 1, 5),
        by=people.own,
    )
    assert arrears.removal_warnings(unit=branch.branch_a1, day=D(2025, 12, 31)).count() == 0
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "removal_missed_meetings": 1}
    assert [m.full_name for m in arrears.removal_warnings(unit=branch.branch_a1, day=D(2025, 12, 31))] == [
        "Nguyễn Văn An"
    ]


def test_the_warning_list_is_one_query_whatever_the_number_of_members(
    branch, people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        list(arrears.removal_warnings(unit=branch.province, day=D(2025, 12, 31)))
