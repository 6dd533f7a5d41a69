"""The Party pipeline's services: outstanding-member lists and each person's steps, every rule with its
Vietnamese message and field, permissions, history and audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    OutstandingEntry,
)
from doanvu.evaluation.party import services
from doanvu.members.models import Member, Status

from .test_eval_pipeline_factories import (
    YEAR,
    D,
    advance,
    course,
    evaluated,
    introduce,
    member,
    outstanding_list,
    personas,
)


@pytest.fixture
def officers(tree, people):
    return personas(tree, people)


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- lists ---------------------------------------------------------------------------------------------------


def test_a_grassroots_union_opens_its_list_of_the_year_and_the_audit_says_so(tree, officers):
    created = services.outstanding_list_create(
        unit=tree.grassroots_a, year=YEAR, by=officers.own, note="Đợt 3/2"
    )
    assert (created.unit, created.year, created.handed_over_on, created.created_by) == (
        tree.grassroots_a,
        YEAR,
        None,
        officers.own,
    )
    entry = AuditEntry.objects.get(action="outstanding.list")
    assert entry.summary == "Lập danh sách đoàn viên ưu tú năm 2025 của Đoàn xã A"


def test_only_a_grassroots_unit_keeps_a_list(tree, officers):
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_list_create(unit=tree.branch_a1, year=YEAR, by=officers.own)
    assert errors(excinfo)["unit"] == [
        "Chi đoàn A1 là chi đoàn: danh sách đoàn viên ưu tú do đoàn cơ sở (hoặc chi đoàn cơ sở) lập."
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_list_create(unit=tree.district_a, year=YEAR, by=officers.above)
    assert "unit" in errors(excinfo)


def test_a_grassroots_branch_keeps_its_own_list(tree, people):
    from .conftest import make_unit

    school = make_unit(tree.district_a, "grassroots_branch", "Chi đoàn cơ sở Trường A", "CSA")
    created = services.outstanding_list_create(unit=school, year=YEAR, by=people.above)
    assert created.unit == school


def test_the_year_must_be_a_past_or_current_year(tree, officers):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_list_create(unit=tree.grassroots_a, year=next_year, by=officers.own)
    assert errors(excinfo)["year"] == [f"Năm phải từ 2000 đến {next_year - 1}."]


def test_a_unit_has_one_open_list_per_year_and_a_new_one_after_hand_over(tree, officers):
    a = member(tree.branch_a1, officers.admin)
    first = outstanding_list(tree.grassroots_a, officers.own, members=[a])
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    assert errors(excinfo)["year"] == ["Đoàn xã A đang có danh sách đoàn viên ưu tú năm 2025 chưa bàn giao."]
    services.outstanding_hand_over(outstanding_list=first, on=D(2026, 2, 3), by=officers.own)
    second = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    assert second.pk != first.pk


def test_lists_are_written_by_officers_of_the_union_or_above_only(tree, officers):
    for user in (officers.branch, officers.viewer, officers.sibling):
        with pytest.raises(PermissionDenied):
            services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=user)
    assert services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.above)


def test_proposing_takes_the_years_outstanding_members_of_the_sub_tree_who_are_not_party_members(
    tree, officers
):
    admin = officers.admin
    a1 = member(tree.branch_a1, admin, "Lê Thị Ánh")
    a2 = member(tree.branch_a2, admin, "Trần Văn Bình")
    good = member(tree.branch_a1, admin, "Phạm Văn Cường")
    party = member(
        tree.branch_a1,
        admin,
        "Võ Thị Dung",
        party_course_on=D(2022, 1, 5),
        party_introduced_on=D(2022, 6, 1),
        party_probationary_on=D(2023, 3, 3),
    )
    elsewhere = member(tree.branch_b1, admin, "Đỗ Văn Em")
    last_year = member(tree.branch_a2, admin, "Hồ Thị Giang")
    gone = member(tree.branch_a2, admin, "Ngô Văn Hải")
    Member.objects.filter(pk=gone.pk).update(status=Status.CAME_OF_AGE)
    for m in (a1, a2, party, elsewhere, gone):
        evaluated(m)
    evaluated(good, Level.GOOD)
    evaluated(last_year, year=YEAR - 1)
    proposed_only = member(tree.branch_a1, admin, "Lý Văn Khoa")
    evaluated(proposed_only)
    MemberEvaluation.objects.filter(member=proposed_only).update(decided_level="")  # proposed, not decided

    lst = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    added = services.outstanding_propose(outstanding_list=lst, by=officers.own)

    assert sorted(e.member.full_name for e in added) == ["Lê Thị Ánh", "Trần Văn Bình"]
    assert all(e.evaluation.year == YEAR for e in added)
    assert AuditEntry.objects.filter(action="outstanding.add").count() == 2
    # Proposing again adds nobody twice.
    assert services.outstanding_propose(outstanding_list=lst, by=officers.own) == []
    assert lst.entries.count() == 2


def test_someone_on_another_list_of_the_year_is_not_proposed_or_added_again(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    evaluated(a)
    first = outstanding_list(tree.grassroots_a, officers.own, members=[a], handed_over_on=D(2026, 2, 3))
    second = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    assert services.outstanding_propose(outstanding_list=second, by=officers.own) == []
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_add(outstanding_list=second, member=a, by=officers.own)
    assert errors(excinfo)["member"] == [
        "Lê Thị Ánh đã có trong danh sách đoàn viên ưu tú năm 2025 của Đoàn xã A."
    ]
    assert first.entries.count() == 1 and second.entries.count() == 0


def test_a_member_is_added_by_hand_only_from_the_sub_tree_current_and_not_a_party_member(tree, officers):
    admin = officers.admin
    lst = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    outsider = member(tree.branch_b1, admin, "Đỗ Văn Em")
    party = member(
        tree.branch_a1,
        admin,
        "Võ Thị Dung",
        party_course_on=D(2022, 1, 5),
        party_introduced_on=D(2022, 6, 1),
        party_probationary_on=D(2023, 3, 3),
    )
    gone = member(tree.branch_a2, admin, "Ngô Văn Hải")
    Member.objects.filter(pk=gone.pk).update(status=Status.REMOVED)
    gone.refresh_from_db()

    cases = [
        (outsider, "Đỗ Văn Em sinh hoạt ở Chi đoàn B1, không thuộc Đoàn xã A."),
        (party, "Võ Thị Dung đã là đảng viên (kết nạp ngày 03/03/2023)."),
        (gone, "Ngô Văn Hải không còn sinh hoạt Đoàn (đã xóa tên)."),
    ]
    for m, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.outstanding_add(outstanding_list=lst, member=m, by=officers.own)
        assert errors(excinfo) == {"member": [message]}
    assert lst.entries.count() == 0

    ok = member(tree.branch_a2, admin, "Trần Văn Bình")
    evaluation = evaluated(ok, Level.GOOD)
    entry = services.outstanding_add(outstanding_list=lst, member=ok, by=officers.own, note="Bí thư chi đoàn")
    assert (entry.member, entry.evaluation, entry.note) == (ok, evaluation, "Bí thư chi đoàn")
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_add(outstanding_list=lst, member=ok, by=officers.own)
    assert "đã có trong danh sách" in errors(excinfo)["member"][0]


def test_a_member_is_removed_from_an_open_list_with_an_audit_entry(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    lst = outstanding_list(tree.grassroots_a, officers.own, members=[a])
    services.outstanding_remove(entry=lst.entries.get(), by=officers.own, reason="Chuyển sinh hoạt")
    assert lst.entries.count() == 0
    entry = AuditEntry.objects.get(action="outstanding.remove")
    assert (entry.member_id, entry.reason) == (a.pk, "Chuyển sinh hoạt")


def test_after_hand_over_the_list_is_frozen(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    b = member(tree.branch_a2, officers.admin, "Trần Văn Bình")
    evaluated(b)
    lst = outstanding_list(tree.grassroots_a, officers.own, members=[a])
    lst = services.outstanding_hand_over(
        outstanding_list=lst,
        on=D(2026, 2, 3),
        by=officers.own,
        party_committee="Đảng ủy xã A",
        resolution_number="05-NQ/ĐTN",
        resolved_on=D(2026, 1, 28),
    )
    assert (lst.handed_over_on, lst.party_committee, lst.resolution_number) == (
        D(2026, 2, 3),
        "Đảng ủy xã A",
        "05-NQ/ĐTN",
    )
    frozen = "Danh sách đã bàn giao cho cấp ủy ngày 03/02/2026 nên không thể sửa."
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_add(outstanding_list=lst, member=b, by=officers.own)
    assert errors(excinfo) == {"member": [frozen]}
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_remove(entry=lst.entries.get(), by=officers.own)
    assert errors(excinfo) == {"entry": [frozen]}
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_propose(outstanding_list=lst, by=officers.own)
    assert errors(excinfo) == {"outstanding_list": [frozen]}
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_hand_over(outstanding_list=lst, on=D(2026, 3, 26), by=officers.own)
    assert errors(excinfo) == {"on": [frozen]}
    assert list(lst.entries.values_list("member_id", flat=True)) == [a.pk]
    audit = AuditEntry.objects.get(action="outstanding.hand_over")
    assert audit.effective_on == D(2026, 2, 3)
    assert audit.summary == "Bàn giao danh sách 1 đoàn viên ưu tú năm 2025 của Đoàn xã A cho Đảng ủy xã A"


def test_hand_over_needs_people_a_date_in_the_lists_year_or_later_not_in_the_future(tree, officers):
    lst = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_hand_over(outstanding_list=lst, on=D(2026, 2, 3), by=officers.own)
    assert errors(excinfo) == {"on": ["Danh sách chưa có đoàn viên nào nên chưa thể bàn giao."]}
    services.outstanding_add(
        outstanding_list=lst, member=member(tree.branch_a1, officers.admin), by=officers.own
    )
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_hand_over(outstanding_list=lst, on=D(2024, 12, 31), by=officers.own)
    assert errors(excinfo) == {"on": ["Ngày bàn giao phải từ 01/01/2025 (danh sách năm 2025)."]}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_hand_over(outstanding_list=lst, on=tomorrow, by=officers.own)
    assert errors(excinfo) == {"on": ["Ngày bàn giao không được sau hôm nay."]}
    with pytest.raises(ValidationError) as excinfo:
        services.outstanding_hand_over(
            outstanding_list=lst, on=D(2026, 2, 3), resolved_on=D(2026, 2, 4), by=officers.own
        )
    assert errors(excinfo) == {"resolved_on": ["Ngày nghị quyết phải trước hoặc cùng ngày bàn giao."]}
    lst.refresh_from_db()
    assert lst.handed_over_on is None


def test_list_writes_need_the_unions_editor(tree, officers):
    a = member(tree.branch_a1, officers.admin)
    lst = services.outstanding_list_create(unit=tree.grassroots_a, year=YEAR, by=officers.own)
    for user in (officers.branch, officers.viewer, officers.sibling):
        with pytest.raises(PermissionDenied):
            services.outstanding_add(outstanding_list=lst, member=a, by=user)
        with pytest.raises(PermissionDenied):
            services.outstanding_propose(outstanding_list=lst, by=user)
        with pytest.raises(PermissionDenied):
            services.outstanding_hand_over(outstanding_list=lst, on=D(2026, 2, 3), by=user)
    assert OutstandingEntry.objects.count() == 0


# --- a person's steps --------------------------------------------------------------------------------------


def test_the_awareness_course_is_recorded_in_the_members_history_on_its_date(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    a = course(a, officers.branch, on=D(2024, 10, 5), certificate="  CT-123/2024 ")
    a.refresh_from_db()
    assert (a.party_course_on, a.party_course_certificate, a.party_stage) == (
        D(2024, 10, 5),
        "CT-123/2024",
        "awareness",
    )
    record = a.history.filter(party_course_on__isnull=False).order_by("history_date").first()
    assert timezone.localtime(record.history_date).date() == D(2024, 10, 5)
    assert record.history_change_reason == "Học lớp cảm tình Đảng"
    assert record.history_user == officers.branch
    # As the member stood the day before, there was no course yet.
    before = a.history.as_of(timezone.make_aware(datetime.datetime(2024, 10, 4, 12)))
    assert before.party_course_on is None
    audit = AuditEntry.objects.get(action="party.course")
    assert (audit.member_id, audit.effective_on, audit.unit_id) == (a.pk, D(2024, 10, 5), tree.branch_a1.pk)


def test_the_course_needs_a_certificate_number_and_a_date_not_in_the_future(tree, officers):
    a = member(tree.branch_a1, officers.admin)
    with pytest.raises(ValidationError) as excinfo:
        services.party_course(member=a, on=D(2024, 10, 5), certificate=" ", by=officers.branch)
    assert errors(excinfo) == {"certificate": ["Hãy nhập số giấy chứng nhận cảm tình Đảng."]}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.party_course(member=a, on=tomorrow, certificate="CT-1", by=officers.branch)
    assert errors(excinfo) == {"on": ["Ngày cấp giấy chứng nhận không được sau hôm nay."]}
    with pytest.raises(ValidationError) as excinfo:
        services.party_course(member=a, on=D(2016, 1, 1), certificate="CT-1", by=officers.branch)
    assert errors(excinfo) == {
        "on": ["Ngày cấp giấy chứng nhận cảm tình Đảng phải sau ngày vào Đoàn (26/03/2016)."]
    }
    a.refresh_from_db()
    assert a.party_course_on is None


def test_a_renewed_certificate_replaces_the_old_one_until_the_introduction(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    course(a, officers.branch, on=D(2019, 4, 1), certificate="CT-OLD")
    course(a, officers.branch, on=D(2024, 10, 5), certificate="CT-NEW")
    a.refresh_from_db()
    assert (a.party_course_on, a.party_course_certificate) == (D(2024, 10, 5), "CT-NEW")
    renewal = AuditEntry.objects.filter(action="party.course").order_by("-id").first()
    assert renewal.data["previous"] == {"on": "2019-04-01", "certificate": "CT-OLD"}
    introduce(a, officers.own, on=D(2025, 3, 26))
    with pytest.raises(ValidationError) as excinfo:
        course(a, officers.branch, on=D(2025, 6, 1))
    assert errors(excinfo) == {
        "on": [
            "Lê Thị Ánh đã được giới thiệu kết nạp Đảng ngày 26/03/2025: không ghi lại lớp cảm tình Đảng sau khi "
            "đã giới thiệu."
        ]
    }


def test_introduction_needs_the_course_first(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    with pytest.raises(ValidationError) as excinfo:
        introduce(a, officers.own)
    assert errors(excinfo) == {
        "on": [
            "Lê Thị Ánh chưa có giấy chứng nhận học lớp cảm tình Đảng: hãy ghi lớp cảm tình Đảng trước khi giới thiệu."
        ]
    }


def test_the_certificate_is_valid_five_years_for_the_introduction(tree, officers, settings):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    course(a, officers.branch, on=D(2020, 1, 15))
    with pytest.raises(ValidationError) as excinfo:
        introduce(a, officers.own, on=D(2025, 1, 15))
    assert errors(excinfo) == {
        "on": [
            "Giấy chứng nhận cảm tình Đảng của Lê Thị Ánh (cấp ngày 15/01/2020, có giá trị 5 năm) đã hết hạn từ "
            "15/01/2025: cần học lại lớp cảm tình Đảng trước khi giới thiệu."
        ]
    }
    introduce(a, officers.own, on=D(2025, 1, 14))
    a.refresh_from_db()
    assert a.party_introduced_on == D(2025, 1, 14)


def test_the_certificates_validity_is_configuration(tree, officers, settings):
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "party_course_valid_years": 3}
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    course(a, officers.branch, on=D(2020, 1, 15))
    with pytest.raises(ValidationError) as excinfo:
        introduce(a, officers.own, on=D(2023, 1, 15))
    assert "có giá trị 3 năm" in errors(excinfo)["on"][0]


def test_the_introduction_is_dated_after_the_course_and_carries_its_resolution(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    course(a, officers.branch, on=D(2024, 10, 5))
    with pytest.raises(ValidationError) as excinfo:
        introduce(a, officers.own, on=D(2024, 10, 5))
    assert errors(excinfo) == {
        "on": [
            "Ngày Đoàn giới thiệu kết nạp Đảng phải sau ngày cấp giấy chứng nhận cảm tình Đảng (05/10/2024)."
        ]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.party_introduce(member=a, on=D(2025, 3, 26), resolution="", by=officers.own)
    assert errors(excinfo) == {"resolution": ["Hãy nhập số nghị quyết giới thiệu kết nạp Đảng."]}
    lst = outstanding_list(tree.grassroots_a, officers.own, members=[a], handed_over_on=D(2026, 2, 3))
    introduce(a, officers.own, on=D(2026, 3, 26), resolution="12-NQ/ĐTN")
    a.refresh_from_db()
    assert (a.party_introduced_on, a.party_introduced_resolution, a.party_stage) == (
        D(2026, 3, 26),
        "12-NQ/ĐTN",
        "introduced",
    )
    audit = AuditEntry.objects.get(action="party.introduce")
    assert (audit.unit_id, audit.data["list"], audit.effective_on) == (
        tree.grassroots_a.pk,
        lst.pk,
        D(2026, 3, 26),
    )
    assert audit.summary == "Đoàn xã A giới thiệu Lê Thị Ánh kết nạp Đảng (nghị quyết số 12-NQ/ĐTN)"
    with pytest.raises(ValidationError) as excinfo:
        introduce(a, officers.own, on=D(2026, 4, 1))
    assert errors(excinfo) == {"on": ["Lê Thị Ánh đã được giới thiệu kết nạp Đảng ngày 26/03/2026."]}


def test_the_introduction_is_the_grassroots_unions_resolution(tree, officers):
    a = member(tree.branch_a1, officers.admin)
    course(a, officers.branch)
    with pytest.raises(PermissionDenied):
        introduce(a, officers.branch)
    with pytest.raises(PermissionDenied):
        introduce(a, officers.viewer)
    introduce(a, officers.above)
    a.refresh_from_db()
    assert a.party_introduced_on is not None


def test_admission_needs_the_introduction(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    course(a, officers.branch)
    with pytest.raises(ValidationError) as excinfo:
        services.party_admit(member=a, on=D(2025, 6, 1), by=officers.branch)
    assert errors(excinfo) == {
        "on": ["Lê Thị Ánh chưa được Đoàn giới thiệu kết nạp Đảng: hãy ghi nghị quyết giới thiệu trước."]
    }


def test_admission_is_after_the_introduction(tree, officers):
    a = advance(
        member(tree.branch_a1, officers.admin),
        officers.own,
        course_on=D(2024, 10, 5),
        introduced_on=D(2025, 3, 26),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.party_admit(member=a, on=D(2025, 3, 26), by=officers.branch)
    assert errors(excinfo) == {
        "on": ["Ngày kết nạp Đảng (dự bị) phải sau ngày Đoàn giới thiệu kết nạp Đảng (26/03/2025)."]
    }


def test_admission_needs_the_member_aged_eighteen_on_that_day(tree, officers):
    young = member(tree.branch_a1, officers.admin, "Lý Văn Trẻ", born=D(2008, 3, 10), joined=D(2023, 6, 1))
    young = advance(young, officers.own, course_on=D(2025, 1, 10), introduced_on=D(2025, 9, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.party_admit(member=young, on=D(2026, 3, 9), by=officers.branch)
    assert errors(excinfo) == {
        "on": ["Chỉ được kết nạp Đảng khi đủ 18 tuổi: ngày kết nạp phải từ 10/03/2026."]
    }
    young.refresh_from_db()
    assert young.party_probationary_on is None
    services.party_admit(member=young, on=D(2026, 3, 10), by=officers.branch)
    young.refresh_from_db()
    assert (young.party_probationary_on, young.party_stage) == (D(2026, 3, 10), "probationary")
    audit = AuditEntry.objects.get(action="party.admit")
    assert audit.summary == "Lý Văn Trẻ được kết nạp Đảng ngày 10/03/2026"


def test_full_membership_comes_after_twelve_months_of_probation(tree, officers):
    a = advance(
        member(tree.branch_a1, officers.admin, "Lê Thị Ánh"),
        officers.own,
        course_on=D(2024, 1, 5),
        introduced_on=D(2024, 6, 1),
        admitted_on=D(2025, 3, 10),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.party_full(member=a, on=D(2026, 3, 9), by=officers.branch)
    assert errors(excinfo) == {"on": ["Chuyển Đảng chính thức sau ít nhất 12 tháng dự bị: từ 10/03/2026."]}
    services.party_full(member=a, on=D(2026, 3, 10), by=officers.branch)
    a.refresh_from_db()
    assert (a.party_full_on, a.party_stage) == (D(2026, 3, 10), "full")
    with pytest.raises(ValidationError) as excinfo:
        services.party_full(member=a, on=D(2026, 4, 1), by=officers.branch)
    assert errors(excinfo) == {"on": ["Lê Thị Ánh đã là đảng viên chính thức từ 10/03/2026."]}
    # Every step is in the member's history, dated by its effective day.
    days = {
        timezone.localtime(h.history_date).date()
        for h in a.history.all()
        if h.history_change_reason and h.history_change_reason != "Kết nạp đoàn viên"
    }
    assert {D(2024, 1, 5), D(2024, 6, 1), D(2025, 3, 10), D(2026, 3, 10)} <= days


def test_full_membership_needs_admission_first(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    with pytest.raises(ValidationError) as excinfo:
        services.party_full(member=a, on=D(2026, 3, 10), by=officers.branch)
    assert errors(excinfo) == {
        "on": ["Lê Thị Ánh chưa được kết nạp Đảng (dự bị) nên chưa thể chuyển chính thức."]
    }


def test_party_members_take_no_earlier_steps_again(tree, officers):
    a = advance(
        member(tree.branch_a1, officers.admin, "Lê Thị Ánh"),
        officers.own,
        course_on=D(2024, 1, 5),
        introduced_on=D(2024, 6, 1),
        admitted_on=D(2025, 3, 10),
    )
    message = {"on": ["Lê Thị Ánh đã là đảng viên (kết nạp ngày 10/03/2025)."]}
    for step in (
        lambda: course(a, officers.branch, on=D(2025, 6, 1)),
        lambda: introduce(a, officers.own, on=D(2025, 6, 1)),
        lambda: services.party_admit(member=a, on=D(2025, 6, 1), by=officers.branch),
    ):
        with pytest.raises(ValidationError) as excinfo:
            step()
        assert errors(excinfo) == message


def test_members_who_left_the_union_take_no_steps(tree, officers):
    a = member(tree.branch_a1, officers.admin, "Lê Thị Ánh")
    Member.objects.filter(pk=a.pk).update(status=Status.CAME_OF_AGE)
    with pytest.raises(ValidationError) as excinfo:
        course(a, officers.branch)
    assert errors(excinfo) == {"on": ["Lê Thị Ánh không còn sinh hoạt Đoàn (đã trưởng thành đoàn)."]}


def test_a_persons_steps_need_an_editor_of_their_branch_or_above(tree, officers):
    a = member(tree.branch_a1, officers.admin)
    for user in (officers.viewer, officers.other_branch, officers.sibling):
        with pytest.raises(PermissionDenied):
            course(a, user)
    a = advance(a, officers.own, course_on=D(2024, 1, 5), introduced_on=D(2024, 6, 1))
    for user in (officers.viewer, officers.other_branch):
        with pytest.raises(PermissionDenied):
            services.party_admit(member=a, on=D(2025, 3, 10), by=user)
    services.party_admit(member=a, on=D(2025, 3, 10), by=officers.above)
    for user in (officers.viewer, officers.other_branch):
        with pytest.raises(PermissionDenied):
            services.party_full(member=a, on=D(2026, 3, 10), by=user)
    assert AuditEntry.objects.filter(action__startswith="party.").count() == 3
