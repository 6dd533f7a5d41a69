import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.members import services
from doanvu.members.models import Discipline, Member, Position, Status, Transfer
from tests.test_members_factories import admit, member_data  # noqa: F401

D = datetime.date


def messages(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict[field]


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- admission -------------------------------------------------------------------------------------------


def test_an_officer_admits_a_member_to_their_branch_with_an_audit_entry_and_dated_history(tree, people):
    member = admit(tree.branch_a1, people.own)
    assert member.status == Status.ACTIVE and member.unit == tree.branch_a1
    entry = AuditEntry.objects.get(action="member.admit", member=member)
    assert entry.actor == people.own and entry.unit == tree.branch_a1 and entry.effective_on == D(2021, 3, 26)
    record = member.history.get()
    assert record.history_date == local_midnight(D(2021, 3, 26))
    assert record.history_user == people.own


def test_an_officer_above_may_admit_to_a_branch_below(tree, people):
    assert admit(tree.branch_a1, people.above).unit == tree.branch_a1


@pytest.mark.parametrize("persona", ["sibling", "viewer", "other_district", "nobody"])
def test_admission_is_refused_to_anyone_without_edit_rights_on_the_branch(tree, people, persona):
    with pytest.raises(PermissionDenied):
        admit(tree.branch_a1, getattr(people, persona))
    assert not Member.objects.exists()


def test_members_are_admitted_only_to_a_branch_kind_of_unit(tree, people):
    with pytest.raises(ValidationError) as error:
        admit(tree.grassroots_a, people.above)
    assert "không phải chi đoàn" in messages(error, "unit")[0]


def test_admission_needs_the_joining_date(tree, people):
    with pytest.raises(ValidationError) as error:
        admit(tree.branch_a1, people.own, joined_on=None)
    assert messages(error, "joined_on") == ["Hãy nhập ngày vào Đoàn."]


def test_an_honorary_member_is_admitted_whatever_their_age(tree, people):
    member = admit(tree.branch_a1, people.own, is_honorary=True, date_of_birth=D(1960, 1, 1))
    assert member.status == Status.HONORARY


def test_admission_reports_every_rule_broken_by_field(tree, people):
    with pytest.raises(ValidationError) as error:
        admit(tree.branch_a1, people.own, citizen_id="123", phone="12345", email="khong-phai-email")
    assert set(error.value.message_dict) == {"citizen_id", "phone", "email"}


# --- update ----------------------------------------------------------------------------------------------


def test_an_update_is_audited_with_what_changed_and_kept_in_history(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.member_update(
        member=member, data={"phone": "0987 654 321", "residence": "Càng Long"}, by=people.own
    )
    member.refresh_from_db()
    assert member.phone == "0987654321"
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.data["phone"] == ["0912345678", "0987654321"]
    assert member.history.count() == 2
    assert member.history.first().history_change_reason == "Cập nhật thông tin"


def test_an_update_that_changes_nothing_writes_nothing(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.member_update(member=member, data={"phone": "0912345678"}, by=people.own)
    assert member.history.count() == 1
    assert not AuditEntry.objects.filter(action="member.update").exists()


def test_the_unit_and_status_cannot_be_changed_by_an_update(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.member_update(
            member=member, data={"status": Status.REMOVED, "unit": tree.branch_a2}, by=people.own
        )
    assert set(error.value.message_dict) == {"status", "unit"}


def test_a_viewer_cannot_update_a_member(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        services.member_update(member=member, data={"phone": "0987654321"}, by=people.viewer)


# --- transfers -------------------------------------------------------------------------------------------


def request(member, to_unit, by, **kw):
    return services.transfer_request(
        member=member, to_unit=to_unit, by=by, requested_on=kw.pop("on", D(2023, 5, 1)), **kw
    )


def test_a_transfer_request_puts_the_member_in_neither_branch_until_answered(tree, people):
    member = admit(tree.branch_a1, people.own)
    transfer = request(member, tree.branch_b1, people.own, reason="Chuyển công tác", dues_paid_until="4/2023")
    member.refresh_from_db()
    assert member.status == Status.TRANSFER_PENDING and member.unit == tree.branch_a1
    assert transfer.state == Transfer.State.PENDING and transfer.dues_paid_until == "04/2023"
    assert AuditEntry.objects.filter(action="transfer.request", unit=tree.branch_a1).exists()


def test_the_receiving_unit_may_be_outside_the_requesters_scope_but_must_be_a_branch(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        request(member, tree.district_b, people.own)
    assert "không phải chi đoàn" in messages(error, "to_unit")[0]
    with pytest.raises(ValidationError) as error:
        request(member, tree.branch_a1, people.own)
    assert messages(error, "to_unit") == ["Đơn vị tiếp nhận phải khác chi đoàn hiện tại."]


def test_a_member_already_in_transfer_cannot_be_sent_twice(tree, people):
    member = admit(tree.branch_a1, people.own)
    request(member, tree.branch_b1, people.own)
    with pytest.raises(ValidationError) as error:
        request(member, tree.branch_a2, people.own)
    assert "đang chờ chuyển sinh hoạt" in messages(error, "to_unit")[0]


def test_dues_month_must_read_month_and_year(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        request(member, tree.branch_b1, people.own, dues_paid_until="tháng 4")
    assert messages(error, "dues_paid_until") == [
        "Tháng đã đóng đoàn phí phải có dạng MM/YYYY, ví dụ 03/2025."
    ]


@pytest.mark.parametrize("persona", ["sibling", "viewer", "other_district"])
def test_only_the_sending_side_may_request_a_transfer(tree, people, persona):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        request(member, tree.branch_b1, getattr(people, persona))


def test_the_receiving_unit_accepts_and_the_member_moves_from_that_date(tree, people):
    member = admit(tree.branch_a1, people.own)
    transfer = request(member, tree.branch_b1, people.own)
    services.transfer_accept(
        transfer=transfer, by=people.other_district, on=D(2023, 5, 10), note="Đã nhận hồ sơ"
    )
    member.refresh_from_db()
    transfer.refresh_from_db()
    assert member.unit == tree.branch_b1 and member.status == Status.ACTIVE
    assert transfer.state == Transfer.State.ACCEPTED and transfer.decided_by == people.other_district
    assert member.history.first().history_date == local_midnight(D(2023, 5, 10))
    assert AuditEntry.objects.filter(action="transfer.accept", unit=tree.branch_b1).exists()


def test_the_sending_officer_cannot_accept_for_the_receiving_unit(tree, people):
    transfer = request(admit(tree.branch_a1, people.own), tree.branch_b1, people.own)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(transfer=transfer, by=people.own, on=D(2023, 5, 10))


def test_a_transfer_cannot_be_accepted_before_it_was_requested_or_in_the_future(tree, people):
    transfer = request(admit(tree.branch_a1, people.own), tree.branch_b1, people.own)
    with pytest.raises(ValidationError) as error:
        services.transfer_accept(transfer=transfer, by=people.other_district, on=D(2023, 4, 1))
    assert messages(error, "on") == ["Ngày quyết định phải từ ngày đề nghị (01/05/2023)."]
    with pytest.raises(ValidationError) as error:
        services.transfer_accept(
            transfer=transfer, by=people.other_district, on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert messages(error, "on") == ["Ngày quyết định không được sau hôm nay."]


def test_a_rejection_needs_a_reason_and_returns_the_member_to_their_branch(tree, people):
    member = admit(tree.branch_a1, people.own)
    transfer = request(member, tree.branch_b1, people.own)
    with pytest.raises(ValidationError) as error:
        services.transfer_reject(transfer=transfer, by=people.other_district, on=D(2023, 5, 3), note=" ")
    assert messages(error, "note") == ["Hãy ghi lý do từ chối để đơn vị chuyển đi biết."]
    services.transfer_reject(
        transfer=transfer, by=people.other_district, on=D(2023, 5, 3), note="Sai địa chỉ"
    )
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and member.unit == tree.branch_a1
    assert Transfer.objects.get().state == Transfer.State.REJECTED


def test_the_sending_side_cancels_a_pending_transfer(tree, people):
    member = admit(tree.branch_a1, people.own)
    transfer = request(member, tree.branch_b1, people.own)
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(transfer=transfer, by=people.other_district)
    services.transfer_cancel(transfer=transfer, by=people.own)
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and Transfer.objects.get().state == Transfer.State.CANCELLED


def test_a_decided_transfer_cannot_be_decided_again(tree, people):
    transfer = request(admit(tree.branch_a1, people.own), tree.branch_b1, people.own)
    services.transfer_cancel(transfer=transfer, by=people.own)
    with pytest.raises(ValidationError) as error:
        services.transfer_accept(transfer=transfer, by=people.other_district, on=D(2023, 5, 10))
    assert error.value.messages == ["Đề nghị chuyển sinh hoạt này đã được xử lý (đã hủy)."]


def test_history_stays_in_order_when_a_step_is_dated_before_the_latest_record(tree, people):
    member = admit(tree.branch_a1, people.own)
    today = timezone.localdate()
    transfer = request(member, tree.branch_b1, people.own, on=today)
    services.transfer_accept(transfer=transfer, by=people.other_district, on=today)
    dates = list(member.history.order_by("history_date").values_list("history_date", flat=True))
    assert dates == sorted(set(dates))
    assert member.history.order_by("-history_date").first().unit_id == tree.branch_b1.pk


# --- coming of age, removal, discipline ------------------------------------------------------------------


def thirty_this_year(**kw):
    year = timezone.localdate().year
    return {"date_of_birth": D(year - 30, 1, 15), "joined_on": D(year - 14, 3, 26), **kw}


def test_a_batch_comes_of_age_on_the_ceremony_date(tree, people):
    a = admit(tree.branch_a1, people.own, **thirty_this_year(full_name="Lê Văn Bảy"))
    b = admit(tree.branch_a1, people.own, **thirty_this_year(full_name="Lê Thị Tám"))
    Position.objects.create(member=a, unit=tree.branch_a1, title="secretary", start_on=D(2022, 1, 1))
    ceremony = timezone.localdate().replace(month=1, day=20)
    assert services.members_come_of_age(members=[a, b], on=ceremony, by=people.own) == 2
    a.refresh_from_db()
    assert a.status == Status.CAME_OF_AGE and a.status_changed_on == ceremony
    assert a.history.first().history_date == local_midnight(ceremony)
    assert Position.objects.get().end_on == ceremony
    assert AuditEntry.objects.filter(action="member.come_of_age").count() == 2


def test_coming_of_age_refuses_the_whole_batch_when_one_member_is_too_young(tree, people):
    old = admit(tree.branch_a1, people.own, **thirty_this_year())
    young = admit(tree.branch_a1, people.own, full_name="Phạm Thị Trẻ", date_of_birth=D(2002, 1, 1))
    ceremony = timezone.localdate().replace(month=1, day=20)
    with pytest.raises(ValidationError) as error:
        services.members_come_of_age(members=[old, young], on=ceremony, by=people.own)
    assert messages(error, "members") == [
        f"Phạm Thị Trẻ: chưa đến tuổi trưởng thành Đoàn (30 tuổi) trong năm {ceremony.year}."
    ]
    old.refresh_from_db()
    assert old.status == Status.ACTIVE


def test_coming_of_age_is_refused_for_a_member_outside_the_officers_branch(tree, people):
    member = admit(tree.branch_a2, people.sibling, **thirty_this_year())
    with pytest.raises(PermissionDenied):
        services.members_come_of_age(
            members=[member], on=timezone.localdate().replace(month=1, day=20), by=people.own
        )


def test_removal_needs_a_reason_and_takes_the_member_off_the_rolls(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.member_remove(member=member, on=D(2024, 6, 1), reason="", by=people.own)
    assert messages(error, "reason") == ["Hãy ghi lý do xóa tên."]
    services.member_remove(member=member, on=D(2024, 6, 1), reason="Bỏ sinh hoạt 3 tháng", by=people.own)
    member.refresh_from_db()
    assert member.status == Status.REMOVED and member.status_changed_on == D(2024, 6, 1)
    assert member.history.first().history_date == local_midnight(D(2024, 6, 1))
    entry = AuditEntry.objects.get(action="member.remove")
    assert entry.reason == "Bỏ sinh hoạt 3 tháng"
    with pytest.raises(ValidationError) as error:
        services.member_remove(member=member, on=D(2024, 7, 1), reason="Lần nữa", by=people.own)
    assert "không còn sinh hoạt Đoàn" in error.value.messages[0]


def test_a_reprimand_is_recorded_and_the_member_stays_on_the_rolls(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.member_discipline(
        member=member,
        form="reprimand",
        decided_on=D(2024, 1, 5),
        reason="Vắng họp",
        decision_number="05-QĐ/ĐTN",
        by=people.own,
    )
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert Discipline.objects.get().decision_number == "05-QĐ/ĐTN"
    assert AuditEntry.objects.filter(action="member.discipline").exists()


def test_expulsion_takes_the_member_off_the_rolls_and_out_of_their_posts(tree, people):
    member = admit(tree.branch_a1, people.own)
    Position.objects.create(member=member, unit=tree.branch_a1, title="deputy", start_on=D(2022, 1, 1))
    services.member_discipline(
        member=member, form="expulsion", decided_on=D(2024, 1, 5), reason="Vi phạm", by=people.own
    )
    member.refresh_from_db()
    assert member.status == Status.EXPELLED
    assert Position.objects.get().end_on == D(2024, 1, 5)


def test_dismissal_applies_only_to_a_member_holding_a_post(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.member_discipline(
            member=member, form="dismissal", decided_on=D(2024, 1, 5), reason="X", by=people.own
        )
    assert messages(error, "form") == [
        "Chỉ cách chức đoàn viên đang giữ chức vụ; Nguyễn Văn An không giữ chức vụ nào."
    ]
    Position.objects.create(member=member, unit=tree.branch_a1, title="secretary", start_on=D(2022, 1, 1))
    services.member_discipline(
        member=member, form="dismissal", decided_on=D(2024, 1, 5), reason="X", by=people.own
    )
    assert Position.objects.get().end_on == D(2024, 1, 5)
    assert Member.objects.get().status == Status.ACTIVE


def test_discipline_needs_a_reason(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.member_discipline(
            member=member, form="warning", decided_on=D(2024, 1, 5), reason="", by=people.own
        )
    assert messages(error, "reason") == ["Hãy ghi lý do kỷ luật."]


def test_a_viewer_cannot_remove_or_discipline(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        services.member_remove(member=member, on=D(2024, 6, 1), reason="x", by=people.viewer)
    with pytest.raises(PermissionDenied):
        services.member_discipline(
            member=member, form="warning", decided_on=D(2024, 1, 5), reason="x", by=people.viewer
        )


# --- positions -------------------------------------------------------------------------------------------


def test_a_position_in_the_members_branch_is_added_and_ended(tree, people):
    member = admit(tree.branch_a1, people.own)
    position = services.position_add(member=member, title="secretary", start_on=D(2022, 10, 1), by=people.own)
    assert position.unit == tree.branch_a1 and position.end_on is None
    services.position_end(position=position, end_on=D(2024, 10, 1), by=people.own)
    position.refresh_from_db()
    assert position.end_on == D(2024, 10, 1)
    assert {e.action for e in AuditEntry.objects.all()} >= {"position.add", "position.end"}


def test_a_seat_on_a_committee_above_needs_an_officer_of_that_unit(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        services.position_add(
            member=member, title="committee", start_on=D(2022, 10, 1), by=people.own, unit=tree.grassroots_a
        )
    position = services.position_add(
        member=member, title="committee", start_on=D(2022, 10, 1), by=people.above, unit=tree.grassroots_a
    )
    assert position.unit == tree.grassroots_a


def test_a_position_must_be_in_the_members_branch_or_above_it(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.position_add(
            member=member,
            title="committee",
            start_on=D(2022, 10, 1),
            by=people.province_officer,
            unit=tree.branch_b1,
        )
    assert messages(error, "unit") == [
        "Chức vụ phải ở chi đoàn của đoàn viên hoặc một đơn vị cấp trên của nó."
    ]


def test_a_position_starts_after_joining_and_is_not_held_twice(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        services.position_add(member=member, title="secretary", start_on=D(2020, 1, 1), by=people.own)
    assert messages(error, "start_on") == ["Ngày bắt đầu giữ chức vụ phải từ ngày vào Đoàn (26/03/2021)."]
    services.position_add(member=member, title="secretary", start_on=D(2022, 1, 1), by=people.own)
    with pytest.raises(ValidationError) as error:
        services.position_add(member=member, title="secretary", start_on=D(2023, 1, 1), by=people.own)
    assert messages(error, "title") == ["Đoàn viên đang giữ chức vụ này ở Chi đoàn A1."]


def test_a_position_cannot_end_before_it_starts_or_end_twice(tree, people):
    member = admit(tree.branch_a1, people.own)
    position = services.position_add(member=member, title="deputy", start_on=D(2022, 1, 1), by=people.own)
    with pytest.raises(ValidationError) as error:
        services.position_end(position=position, end_on=D(2021, 12, 31), by=people.own)
    assert messages(error, "end_on") == ["Ngày thôi giữ chức phải từ ngày bắt đầu (01/01/2022)."]
    services.position_end(position=position, end_on=D(2023, 1, 1), by=people.own)
    with pytest.raises(ValidationError) as error:
        services.position_end(position=position, end_on=D(2023, 2, 1), by=people.own)
    assert messages(error, "end_on") == ["Chức vụ này đã kết thúc ngày 01/01/2023."]


# --- the Party -------------------------------------------------------------------------------------------


def stage(member, name, on, by):
    return services.member_party_stage(member=member, stage=name, on=on, by=by)


def test_party_stages_go_in_order_with_their_dates(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(ValidationError) as error:
        stage(member, "introduced", D(2022, 3, 1), people.own)
    assert messages(error, "stage") == [
        "Các bước phải theo thứ tự: bước tiếp theo của Nguyễn Văn An là “Đã học lớp cảm tình Đảng”."
    ]
    stage(member, "awareness", D(2022, 1, 10), people.own)
    stage(member, "introduced", D(2022, 3, 1), people.own)
    stage(member, "probationary", D(2022, 5, 19), people.own)
    stage(member, "full", D(2023, 5, 19), people.own)
    member.refresh_from_db()
    assert member.party_stage == "full" and member.party_full_on == D(2023, 5, 19)
    assert AuditEntry.objects.filter(action="member.party_stage").count() == 4
    with pytest.raises(ValidationError) as error:
        stage(member, "full", D(2024, 1, 1), people.own)
    assert messages(error, "stage") == ["Nguyễn Văn An đã là đảng viên chính thức."]


def test_each_party_date_must_follow_the_previous_one(tree, people):
    member = admit(tree.branch_a1, people.own)
    stage(member, "awareness", D(2022, 1, 10), people.own)
    with pytest.raises(ValidationError) as error:
        stage(member, "introduced", D(2022, 1, 10), people.own)
    assert messages(error, "on") == [
        "Ngày Đoàn giới thiệu kết nạp Đảng phải sau ngày cấp giấy chứng nhận cảm tình Đảng (10/01/2022)."
    ]


def test_a_member_is_admitted_to_the_party_only_from_eighteen(tree, people):
    member = admit(tree.branch_a1, people.own, date_of_birth=D(2005, 6, 1), joined_on=D(2021, 3, 26))
    stage(member, "awareness", D(2022, 1, 10), people.own)
    stage(member, "introduced", D(2022, 3, 1), people.own)
    with pytest.raises(ValidationError) as error:
        stage(member, "probationary", D(2023, 5, 31), people.own)
    assert messages(error, "on") == ["Chỉ được kết nạp Đảng khi đủ 18 tuổi: từ 01/06/2023."]
    stage(member, "probationary", D(2023, 6, 1), people.own)


def test_full_party_membership_comes_twelve_months_after_probation(tree, people):
    member = admit(
        tree.branch_a1,
        people.own,
        **{
            "party_course_on": D(2022, 1, 10),
            "party_introduced_on": D(2022, 3, 1),
            "party_probationary_on": D(2022, 5, 19),
        },
    )
    with pytest.raises(ValidationError) as error:
        stage(member, "full", D(2023, 5, 18), people.own)
    assert messages(error, "on") == ["Chuyển Đảng chính thức sau ít nhất 12 tháng dự bị: từ 19/05/2023."]


def test_a_viewer_cannot_record_a_party_stage_or_a_position(tree, people):
    member = admit(tree.branch_a1, people.own)
    with pytest.raises(PermissionDenied):
        stage(member, "awareness", D(2022, 1, 10), people.viewer)
    with pytest.raises(PermissionDenied):
        services.position_add(member=member, title="secretary", start_on=D(2022, 1, 1), by=people.viewer)


def test_member_data_helper_builds_a_valid_admission(tree, people):
    # Guards the helper the other member tests rely on: its defaults satisfy every rule.
    assert (
        admit(tree.branch_a1, people.own, **member_data(full_name="Trần Thị Bé")).full_name == "Trần Thị Bé"
    )


def test_a_step_cannot_take_effect_before_the_members_previous_one(tree, people):
    member = admit(tree.branch_a1, people.own, joined_on=D(2021, 3, 26))
    with pytest.raises(ValidationError) as error:
        services.member_remove(member=member, on=D(2021, 1, 1), reason="Bỏ sinh hoạt", by=people.own)
    assert messages(error, "on") == [
        "Ngày xóa tên phải từ 26/03/2021, ngày thay đổi tình trạng gần nhất của Nguyễn Văn An."
    ]
    with pytest.raises(ValidationError) as error:
        request(member, tree.branch_b1, people.own, on=D(2021, 3, 1))
    assert messages(error, "requested_on") == [
        "Ngày đề nghị phải từ 26/03/2021, ngày thay đổi tình trạng gần nhất của Nguyễn Văn An."
    ]


def test_a_step_dated_in_the_past_shows_in_the_records_entered_since(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.member_update(member=member, data={"residence": "Cầu Kè"}, by=people.own)  # typed today
    services.member_remove(member=member, on=D(2024, 6, 1), reason="Bỏ sinh hoạt", by=people.own)
    latest = member.history.order_by("-history_date").first()
    assert latest.residence == "Cầu Kè" and latest.status == Status.REMOVED
    removal = member.history.order_by("history_date")[1]
    assert removal.history_date == local_midnight(D(2024, 6, 1)) and removal.status == Status.REMOVED
    # The removal's record shows the address as it stood in 2024, not the one typed in later.
    assert removal.residence == ""


def test_a_cancelled_transfer_leaves_the_member_free_to_be_sent_again_with_a_later_date(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.transfer_cancel(
        transfer=request(member, tree.branch_b1, people.own, on=D(2023, 5, 1)), by=people.own
    )
    assert request(member, tree.branch_a2, people.own, on=D(2023, 6, 1)).state == Transfer.State.PENDING
