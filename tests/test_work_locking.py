"""A submitted or approved report locks the records it summed up: the unit's own and those of every unit
under it as the tree stood on the record's date, for the period of the report."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from doanvu.reports.models import Report
from doanvu.work import services
from doanvu.work.models import Activity

from .test_work_factories import DAY, catalogue, lock, media, png, record  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue", "media")

LOCKED_Q1 = "Báo cáo kỳ quý I/2025 của Chi đoàn A1 đã gửi; dữ liệu kỳ này đã khóa."


def test_a_submitted_report_refuses_a_new_activity_in_its_period_with_a_clear_message(tree, people):
    lock(tree.branch_a1, "2025Q1")
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own)
    assert error.value.messages == [LOCKED_Q1]
    assert Activity.objects.count() == 0


def test_an_activity_outside_the_locked_period_is_accepted(tree, people):
    lock(tree.branch_a1, "2025Q1")
    assert record(tree.branch_a1, people.own, start_on=datetime.date(2025, 4, 1)).pk


def test_a_draft_or_returned_report_does_not_lock(tree, people):
    lock(tree.branch_a1, "2025Q1", state=Report.State.DRAFT)
    lock(tree.branch_a1, "2025", state=Report.State.RETURNED)
    assert record(tree.branch_a1, people.own).pk


def test_an_approved_report_locks_too(tree, people):
    lock(tree.branch_a1, "202503", state=Report.State.APPROVED)
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own)
    assert error.value.messages == ["Báo cáo kỳ tháng 3/2025 của Chi đoàn A1 đã gửi; dữ liệu kỳ này đã khóa."]


def test_a_report_of_a_unit_above_locks_the_records_it_summed_up(tree, people):
    lock(tree.district_a, "2025")
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own)
    assert error.value.messages == ["Báo cáo kỳ năm 2025 của Huyện đoàn A đã gửi; dữ liệu kỳ này đã khóa."]


def test_reports_of_units_below_or_beside_do_not_lock_a_unit(tree, people):
    lock(tree.branch_a2, "2025Q1")  # beside
    lock(tree.branch_a1, "2025Q1")  # below the commune union
    assert record(tree.grassroots_a, people.above).pk
    assert record(tree.branch_b1, people.other_district).pk


def test_a_term_report_locks_every_day_of_the_term(tree, people):
    lock(tree.grassroots_a, "NK2022-2027")
    with pytest.raises(ValidationError):
        record(tree.branch_a1, people.own)
    assert record(tree.branch_a1, people.own, start_on=datetime.date(2028, 1, 5)).pk


def test_a_locked_co_organiser_keeps_a_joint_activity_from_being_recorded(tree, people):
    lock(tree.branch_a2, "2025Q1")
    with pytest.raises(ValidationError) as error:
        record(tree.grassroots_a, people.above, co_organisers=["CA2"])
    assert "Chi đoàn A2" in error.value.messages[0]


def test_editing_or_deleting_an_activity_of_a_locked_period_is_refused(tree, people):
    activity = record(tree.branch_a1, people.own, figures={"activities": 1})
    lock(tree.branch_a1, "2025Q1")
    with pytest.raises(ValidationError) as error:
        services.activity_update(activity=activity, data={"title": "Sửa sau khi gửi"}, by=people.own)
    assert error.value.messages == [LOCKED_Q1]
    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity, data={"start_on": datetime.date(2025, 4, 2)}, by=people.own
        )
    with pytest.raises(ValidationError):
        services.activity_delete(activity=activity, by=people.own)
    activity.refresh_from_db()
    assert activity.start_on == DAY and activity.figures.count() == 1


def test_an_activity_cannot_be_moved_into_a_locked_period(tree, people):
    activity = record(tree.branch_a1, people.own, start_on=datetime.date(2025, 4, 2))
    lock(tree.branch_a1, "2025Q1")
    with pytest.raises(ValidationError) as error:
        services.activity_update(activity=activity, data={"start_on": DAY, "end_on": DAY}, by=people.own)
    assert error.value.messages == [LOCKED_Q1]


def test_evidence_of_a_locked_activity_cannot_be_added_or_removed(tree, people):
    activity = record(tree.branch_a1, people.own)
    attachment = services.attachment_add(activity=activity, upload=png(), by=people.own)
    lock(tree.branch_a1, "2025Q1")
    with pytest.raises(ValidationError):
        services.attachment_add(activity=activity, upload=png("khac.png"), by=people.own)
    with pytest.raises(ValidationError):
        services.attachment_remove(attachment=attachment, by=people.own)


def test_a_direct_value_is_locked_only_by_reports_covering_its_whole_period(tree, people):
    lock(tree.branch_a1, "2025Q1")
    with pytest.raises(ValidationError) as error:
        services.direct_value_set(
            unit=tree.branch_a1, indicator="news_articles", period="202502", value=3, by=people.own
        )
    assert error.value.messages == [LOCKED_Q1]
    # A year's value is summed only into year reports: a quarter's report does not lock it.
    assert (
        services.direct_value_set(
            unit=tree.branch_a1, indicator="news_articles", period="2025", value=12, by=people.own
        ).value
        == 12
    )


def test_a_target_is_locked_by_the_report_of_its_period(tree, people):
    lock(tree.district_a, "2025")
    with pytest.raises(ValidationError) as error:
        services.target_set(
            unit=tree.branch_a1, indicator="members_admitted", period="2025", value=5, by=people.own
        )
    assert error.value.messages == ["Báo cáo kỳ năm 2025 của Huyện đoàn A đã gửi; dữ liệu kỳ này đã khóa."]


def test_the_lock_follows_the_tree_as_it_stood_on_the_records_date(tree, people):
    """CA1 moved from commune A to commune B on 1/7/2025: commune A's first-half report locks what CA1 did
    while it stood there; commune B's report for the year does not lock CA1's records from before it came."""
    from doanvu.org.services import unit_move

    unit_move(
        unit=tree.branch_a1,
        new_parent=tree.grassroots_b,
        on=datetime.date(2025, 7, 1),
        by=people.province_officer,
        reason="Sắp xếp lại theo địa bàn mới",
    )
    tree.branch_a1.refresh_from_db()
    lock(tree.grassroots_a, "2025S1")
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.province_officer)
    assert "Đoàn xã A" in error.value.messages[0]
    lock(tree.grassroots_b, "2025")
    with pytest.raises(ValidationError):
        record(tree.branch_a1, people.province_officer, start_on=datetime.date(2025, 8, 1))
    Report.objects.filter(unit=tree.grassroots_a).delete()
    assert record(tree.branch_a1, people.province_officer).pk
