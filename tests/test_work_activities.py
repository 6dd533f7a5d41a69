"""Recording activities: organisers, figures and their rules, dates, audit, and the list of a sub-tree."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry
from doanvu.work import selectors, services
from doanvu.work.models import Activity, ActivityOrganiser, Movement

from .test_work_factories import DAY, catalogue, own_indicator, record  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue")


def messages(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms]


def test_a_branch_secretary_records_an_activity_with_its_figures_and_an_audit_entry(tree, people):
    activity = record(
        tree.branch_a1,
        people.own,
        figures={"activities": "12", "participations": 196, "funds_vnd": "15.000.000"},
        data={"place": "Hội trường xã"},
    )
    figures = {f.indicator.code: f.value for f in activity.figures.all()}
    assert figures == {"activities": 12, "participations": 196, "funds_vnd": Decimal("15000000")}
    assert activity.end_on == DAY  # a one-day activity unless told otherwise
    assert [link.unit for link in activity.organiser_links.all()] == [tree.branch_a1]
    entry = AuditEntry.objects.get(action="activity.create")
    assert entry.unit == tree.branch_a1 and entry.actor == people.own
    assert entry.data["figures"]["participations"] == "196"


def test_a_jointly_organised_activity_is_one_record_with_every_organiser(tree, people):
    record(tree.grassroots_a, people.above, co_organisers=["ca1", "CA2"])
    assert Activity.objects.count() == 1
    assert set(ActivityOrganiser.objects.values_list("unit__code", flat=True)) == {"XA", "CA1", "CA2"}
    # The lead unit's row says so; the co-organisers' rows are those the sub-tree's reports look up.
    assert set(ActivityOrganiser.objects.filter(lead=True).values_list("unit__code", flat=True)) == {"XA"}


def test_a_joint_activity_appears_once_in_a_parents_list_and_in_each_organisers_list(tree, people):
    joint = record(tree.grassroots_a, people.above, title="Ngày chủ nhật xanh", co_organisers=["CA1", "CA2"])
    alone = record(tree.branch_a2, people.sibling, title="Sinh hoạt chủ điểm")
    # Newest first, the joint one once although three of the district's units organised it.
    assert list(selectors.activity_list(user=people.above, unit=tree.district_a)) == [alone, joint]
    assert selectors.activity_list(user=people.above, unit=tree.district_a).count() == 2
    assert list(selectors.activity_list(user=people.own, unit=tree.branch_a1)) == [joint]
    assert set(selectors.activity_list(user=people.sibling, unit=tree.branch_a2)) == {joint, alone}
    assert list(selectors.activity_list(user=people.other_district, unit=tree.district_b)) == []


def test_the_list_filters_by_period_work_area_movement_and_words(tree, people):
    hien_mau = Movement.objects.get(code="hien-mau")
    spring = record(
        tree.branch_a1, people.own, title="Hiến máu đợt 1", work_area="movements", data={"movement": hien_mau}
    )
    autumn = record(tree.branch_a1, people.own, title="Tọa đàm", start_on=datetime.date(2025, 10, 2))
    listed = lambda **kw: list(selectors.activity_list(user=people.own, unit=tree.branch_a1, **kw))  # noqa: E731
    assert listed(period="2025Q1") == [spring]
    assert listed(period="2025S2") == [autumn]
    assert listed(work_area="movements") == [spring]
    assert listed(movement="hien-mau") == [spring]
    assert listed(q="tọa") == [autumn]


def test_a_sibling_officer_cannot_record_for_the_branch_next_door(tree, people):
    with pytest.raises(PermissionDenied):
        record(tree.branch_a1, people.sibling)
    with pytest.raises(PermissionDenied):
        record(tree.branch_a1, people.viewer)


def test_co_organisers_must_be_in_the_users_scope(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, co_organisers=["CA2"])
    assert messages(error.value) == ["Không tìm thấy đơn vị mã «CA2» trong phạm vi của bạn."]
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, co_organisers=["KHONGCO"])
    assert "«KHONGCO»" in messages(error.value)[0]
    assert Activity.objects.count() == 0


def test_participations_must_be_at_least_the_sessions(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, figures={"activities": 12, "participations": 5})
    assert messages(error.value) == [
        "Số lượt tham gia (5) phải lớn hơn hoặc bằng số cuộc (12): mỗi cuộc có ít nhất một lượt người tham gia."
    ]
    assert Activity.objects.count() == 0  # nothing half-written


def test_figures_cannot_be_negative_or_not_numbers(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, figures={"funds_vnd": -5000, "gifts": "ba"})
    assert messages(error.value) == [
        "«Kinh phí thực hiện, vận động» không được âm.",
        "«Phần quà trao tặng»: Không đọc được «ba» thành một số; hãy gõ chữ số, ví dụ 12 hoặc 1.500.",
    ]


def test_only_activity_indicators_can_be_recorded_on_an_activity(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, figures={"members": 30})
    assert messages(error.value) == ["Chỉ số «members» không nhập được cho hoạt động của Chi đoàn A1."]


def test_an_upper_levels_own_indicator_is_usable_only_in_its_sub_tree(tree, people):
    own_indicator(tree.district_a, people.above)
    activity = record(tree.branch_a1, people.own, figures={"hien_mau_tinh": 40})
    assert activity.figures.get().value == 40
    with pytest.raises(ValidationError) as error:
        record(tree.branch_b1, people.other_district, figures={"hien_mau_tinh": 40})
    assert messages(error.value) == ["Chỉ số «hien_mau_tinh» không nhập được cho hoạt động của Chi đoàn B1."]


def test_blood_units_far_above_the_donors_are_accepted_with_a_warning(tree, people):
    activity = record(
        tree.branch_a1, people.own, work_area="movements", figures={"blood_donors": 100, "blood_units": 300}
    )
    assert activity.warnings == [
        "Số đơn vị máu (300) nhiều hơn gấp đôi số lượt hiến máu (100): mỗi lượt hiến thường được 1 đến 2 đơn vị "
        "máu, hãy kiểm tra lại."
    ]
    normal = record(
        tree.branch_a1, people.own, work_area="movements", figures={"blood_donors": 200, "blood_units": 114}
    )
    assert normal.warnings == []
    missing = record(tree.branch_a1, people.own, work_area="movements", figures={"blood_units": 10})
    assert missing.warnings == ["Có 10 đơn vị máu nhưng chưa nhập số lượt hiến máu."]


def test_the_end_date_cannot_come_before_the_start(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, data={"end_on": datetime.date(2025, 3, 1)})
    assert messages(error.value) == ["Ngày kết thúc (01/03/2025) phải từ ngày bắt đầu (10/03/2025) trở đi."]


def test_a_movement_of_another_sub_tree_cannot_be_chosen(tree, people):
    services.movement_create(
        owner_unit=tree.district_b, code="mua-he-b", name="Mùa hè B", by=people.other_district
    )
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, data={"movement": "mua-he-b"})
    assert messages(error.value) == ["Phong trào «Mùa hè B» không áp dụng cho Chi đoàn A1."]


def test_an_unknown_work_area_is_named_in_the_message(tree, people):
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, work_area="khong-co")
    assert messages(error.value) == ["Không có mặt công tác mã «khong-co»."]


def test_editing_replaces_the_figures_and_the_co_organisers(tree, people):
    activity = record(tree.grassroots_a, people.above, co_organisers=["CA1"], figures={"activities": 2})
    services.activity_update(
        activity=activity,
        data={"title": "Tọa đàm 26/3"},
        co_organisers=["CA2"],
        figures={"participations": 40},
        by=people.above,
    )
    activity.refresh_from_db()
    assert activity.title == "Tọa đàm 26/3"
    assert {f.indicator.code: f.value for f in activity.figures.all()} == {"participations": 40}
    assert set(activity.organiser_links.values_list("unit__code", flat=True)) == {"XA", "CA2"}
    assert set(activity.organiser_links.filter(lead=True).values_list("unit__code", flat=True)) == {"XA"}
    assert AuditEntry.objects.filter(action="activity.update").count() == 1


def test_only_the_lead_units_officers_may_change_an_activity(tree, people):
    activity = record(tree.grassroots_a, people.above, co_organisers=["CA1"])
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=activity, data={"title": "Khác"}, by=people.own)
    with pytest.raises(PermissionDenied):
        services.activity_delete(activity=activity, by=people.own)


def test_deleting_an_activity_removes_its_figures_and_is_audited(tree, people):
    activity = record(tree.branch_a1, people.own, figures={"activities": 1})
    services.activity_delete(activity=activity, by=people.own)
    assert Activity.objects.count() == 0
    assert AuditEntry.objects.get(action="activity.delete").data["figures"] == {"activities": "1.00"}
