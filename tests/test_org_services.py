"""Restructuring the unit tree: create, rename, move, merge, split, dissolve — and their refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.members.models import Member, Status, Transfer
from doanvu.org import services
from doanvu.org.models import OrgUnit, UnitKind, UnitVersion
from doanvu.org.selectors import subtree_unit_ids
from tests.conftest import make_unit

D2024 = datetime.date(2024, 6, 1)
D2025 = datetime.date(2025, 1, 1)


def make_member(unit, name, status=Status.ACTIVE, since=datetime.date(2021, 1, 1)):
    member = Member(
        unit=unit, full_name=name, gender="male", date_of_birth=datetime.date(2000, 5, 5), status=status
    )
    member._history_date = timezone.make_aware(datetime.datetime.combine(since, datetime.time(9)))
    member.save()
    return member


def fresh(unit):
    return OrgUnit.objects.get(pk=unit.pk)


def parent_of(unit):
    return OrgUnit.objects.get_parent(fresh(unit))


def versions(unit):
    return list(UnitVersion.objects.filter(unit=unit).order_by("valid_from"))


def ids(queryset):
    return {row["unit_id"] if "unit_id" in row else row["pk"] for row in queryset}


# --- rename ---------------------------------------------------------------------------------------------


def test_an_officer_above_renames_a_branch_and_the_old_name_stays_in_history(tree, people):
    services.unit_rename(
        unit=tree.branch_a1,
        name="Chi đoàn Ấp 1",
        short_name="CĐ Ấp 1",
        on=D2025,
        by=people.above,
        reason="QĐ 12",
    )

    assert fresh(tree.branch_a1).name == "Chi đoàn Ấp 1"
    old, new = versions(tree.branch_a1)
    assert (old.name, old.valid_to) == ("Chi đoàn A1", D2025)
    assert (new.name, new.short_name, new.valid_from, new.valid_to) == (
        "Chi đoàn Ấp 1",
        "CĐ Ấp 1",
        D2025,
        None,
    )
    assert new.lineage == old.lineage
    entry = AuditEntry.objects.get(action="unit.rename")
    assert (entry.actor, entry.unit_id, entry.reason, entry.effective_on) == (
        people.above,
        tree.branch_a1.pk,
        "QĐ 12",
        D2025,
    )


def test_the_branch_s_own_officer_cannot_rename_it(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_rename(
            unit=tree.branch_a1, name="X", short_name="", on=D2025, by=people.own, reason="r"
        )


@pytest.mark.parametrize("persona", ["viewer", "sibling", "other_district", "nobody"])
def test_viewers_and_outsiders_cannot_rename(tree, people, persona):
    with pytest.raises(PermissionDenied):
        services.unit_rename(
            unit=tree.branch_a1, name="X", short_name="", on=D2025, by=getattr(people, persona), reason="r"
        )
    assert fresh(tree.branch_a1).name == "Chi đoàn A1"


def test_a_rename_dated_before_the_last_change_is_refused_with_the_date_to_use(tree, people):
    services.unit_rename(
        unit=tree.branch_a1, name="Tên 2025", short_name="", on=D2025, by=people.above, reason="r"
    )
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            unit=tree.branch_a1, name="Tên 2024", short_name="", on=D2024, by=people.above, reason="r"
        )
    assert "01/01/2025" in str(error.value.message_dict["on"])


def test_a_rename_in_the_future_is_refused(tree, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            unit=tree.branch_a1, name="Mai", short_name="", on=tomorrow, by=people.above, reason="r"
        )
    assert "sau hôm nay" in str(error.value.message_dict["on"])


def test_a_rename_needs_a_reason(tree, people):
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            unit=tree.branch_a1, name="Mới", short_name="", on=D2025, by=people.above, reason="  "
        )
    assert "lý do" in str(error.value.message_dict["reason"])


def test_two_renames_on_the_same_day_leave_one_version_for_that_day(tree, people):
    services.unit_rename(
        unit=tree.branch_a1, name="Tên một", short_name="", on=D2025, by=people.above, reason="r"
    )
    services.unit_rename(
        unit=tree.branch_a1, name="Tên hai", short_name="", on=D2025, by=people.above, reason="r"
    )
    assert [(v.name, v.valid_from, v.valid_to) for v in versions(tree.branch_a1)] == [
        ("Chi đoàn A1", datetime.date(2020, 1, 1), D2025),
        ("Tên hai", D2025, None),
    ]


# --- move -----------------------------------------------------------------------------------------------


def test_moving_a_grassroots_union_takes_its_branches_along(tree, people):
    services.unit_move(
        unit=tree.grassroots_a,
        new_parent=tree.district_b,
        on=D2025,
        by=people.province_officer,
        reason="Sắp xếp",
    )

    assert parent_of(tree.grassroots_a) == tree.district_b
    assert parent_of(tree.branch_a1) == tree.grassroots_a
    under_b = {u.pk for u in OrgUnit.objects.filter(path__startswith=fresh(tree.district_b).path)}
    assert {tree.grassroots_a.pk, tree.branch_a1.pk, tree.branch_a2.pk} <= under_b
    # Every unit of the moved sub-tree has a new version from the effective date.
    for unit in (tree.grassroots_a, tree.branch_a1, tree.branch_a2):
        old, new = versions(unit)
        assert old.valid_to == new.valid_from == D2025
    new_xa = versions(tree.grassroots_a)[-1]
    assert new_xa.parent == tree.district_b
    assert versions(tree.branch_a1)[-1].lineage.startswith(new_xa.lineage)
    assert AuditEntry.objects.get(action="unit.move").data == {"from": "HA", "to": "HB"}


def test_after_a_move_each_district_adds_up_its_own_tree_for_each_year(tree, people):
    services.unit_move(
        unit=tree.grassroots_a, new_parent=tree.district_b, on=D2025, by=people.province_officer, reason="r"
    )

    moved = {tree.grassroots_a.pk, tree.branch_a1.pk, tree.branch_a2.pk}
    assert moved <= ids(subtree_unit_ids(tree.district_a, D2024))
    assert not moved & ids(subtree_unit_ids(tree.district_b, D2024))
    assert moved <= ids(subtree_unit_ids(tree.district_b, D2025))
    assert not moved & ids(subtree_unit_ids(tree.district_a, D2025))


def test_a_unit_cannot_be_moved_under_itself_or_its_own_branch(tree, people):
    for target in (tree.grassroots_a, tree.branch_a1):
        with pytest.raises(ValidationError) as error:
            services.unit_move(
                unit=tree.grassroots_a, new_parent=target, on=D2025, by=people.above, reason="r"
            )
        assert "trực thuộc nó" in str(error.value.message_dict["new_parent"])


def test_a_unit_cannot_be_moved_under_a_closed_unit(tree, people):
    services.unit_dissolve(unit=tree.branch_b1, on=D2024, by=people.province_officer, reason="r")
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            unit=tree.branch_a1, new_parent=tree.branch_b1, on=D2025, by=people.province_officer, reason="r"
        )
    assert "ngừng hoạt động" in str(error.value.message_dict["new_parent"])


def test_moving_to_the_same_parent_is_refused(tree, people):
    with pytest.raises(ValidationError):
        services.unit_move(
            unit=tree.branch_a1, new_parent=tree.grassroots_a, on=D2025, by=people.above, reason="r"
        )


def test_an_officer_cannot_move_a_unit_into_a_district_outside_their_scope(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_move(
            unit=tree.grassroots_a, new_parent=tree.district_b, on=D2025, by=people.above, reason="r"
        )
    assert parent_of(tree.grassroots_a) == tree.district_a


def test_a_move_dated_before_a_later_change_inside_the_sub_tree_is_refused(tree, people):
    services.unit_rename(
        unit=tree.branch_a1, name="Chi đoàn mới", short_name="", on=D2025, by=people.above, reason="r"
    )
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            unit=tree.grassroots_a,
            new_parent=tree.district_b,
            on=D2024,
            by=people.province_officer,
            reason="r",
        )
    assert "Chi đoàn mới" in str(error.value) and "01/01/2025" in str(error.value)


def test_a_move_under_a_unit_that_stood_elsewhere_on_that_date_is_refused(tree, people):
    services.unit_move(
        unit=tree.grassroots_b, new_parent=tree.district_a, on=D2025, by=people.province_officer, reason="r"
    )
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            unit=tree.branch_a1,
            new_parent=tree.grassroots_b,
            on=D2024,
            by=people.province_officer,
            reason="r",
        )
    assert "01/01/2025" in str(error.value.message_dict["new_parent"])


# --- merge ----------------------------------------------------------------------------------------------


def test_merging_a_branch_moves_its_members_and_closes_it(tree, people):
    a = make_member(tree.branch_a1, "Nguyễn Văn An")
    b = make_member(tree.branch_a1, "Trần Thị Bình", status=Status.TRANSFER_PENDING)
    gone = make_member(tree.branch_a1, "Lê Văn Cũ", status=Status.CAME_OF_AGE)

    services.unit_merge(
        source=tree.branch_a1, target=tree.branch_a2, on=D2025, by=people.above, reason="NQ 3"
    )

    assert {m.unit_id for m in Member.objects.filter(pk__in=[a.pk, b.pk])} == {tree.branch_a2.pk}
    assert (
        Member.objects.get(pk=gone.pk).unit_id == tree.branch_a1.pk
    )  # former members stay with their branch
    source = fresh(tree.branch_a1)
    assert source.active_to == D2025 and not source.is_active
    assert not UnitVersion.objects.filter(unit=source, valid_to__isnull=True).exists()
    entry = AuditEntry.objects.get(action="unit.merge")
    assert (entry.unit_id, entry.data["target"], entry.data["members"]) == (source.pk, "CA2", 2)


def test_merged_members_keep_their_history_on_both_sides_of_the_date(tree, people):
    member = make_member(tree.branch_a1, "Nguyễn Văn An")
    services.unit_merge(source=tree.branch_a1, target=tree.branch_a2, on=D2025, by=people.above, reason="r")

    def unit_on(day):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))
        return Member.history.as_of(moment).get(pk=member.pk).unit_id

    assert unit_on(datetime.date(2024, 12, 31)) == tree.branch_a1.pk
    assert unit_on(D2025) == tree.branch_a2.pk
    assert unit_on(timezone.localdate()) == tree.branch_a2.pk


def test_merging_a_grassroots_union_hands_over_its_branches(tree, people):
    services.unit_merge(
        source=tree.grassroots_b, target=tree.grassroots_a, on=D2025, by=people.province_officer, reason="r"
    )
    assert parent_of(tree.branch_b1) == tree.grassroots_a
    assert tree.branch_b1.pk in ids(subtree_unit_ids(tree.district_a, D2025))
    assert tree.branch_b1.pk in ids(subtree_unit_ids(tree.district_b, D2024))


def test_pending_transfers_follow_the_merge(tree, people):
    leaving = make_member(tree.branch_a1, "Phạm Văn Đi", status=Status.TRANSFER_PENDING)
    arriving = make_member(tree.branch_b1, "Võ Thị Đến", status=Status.TRANSFER_PENDING)
    out = Transfer.objects.create(
        member=leaving, from_unit=tree.branch_a1, to_unit=tree.branch_b1, requested_on=D2024
    )
    inbound = Transfer.objects.create(
        member=arriving, from_unit=tree.branch_b1, to_unit=tree.branch_a1, requested_on=D2024
    )

    services.unit_merge(source=tree.branch_a1, target=tree.branch_a2, on=D2025, by=people.above, reason="r")

    out.refresh_from_db()
    inbound.refresh_from_db()
    assert out.from_unit == tree.branch_a2
    assert inbound.to_unit == tree.branch_a2


def test_a_unit_cannot_be_merged_into_itself_or_its_own_branch(tree, people):
    for target in (tree.grassroots_a, tree.branch_a1):
        with pytest.raises(ValidationError):
            services.unit_merge(
                source=tree.grassroots_a, target=target, on=D2025, by=people.above, reason="r"
            )
    assert fresh(tree.grassroots_a).is_active


def test_a_sibling_officer_cannot_merge_the_branch_next_door(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_merge(
            source=tree.branch_a1, target=tree.branch_a2, on=D2025, by=people.sibling, reason="r"
        )


def test_a_closed_unit_cannot_be_merged_again(tree, people):
    services.unit_merge(source=tree.branch_a1, target=tree.branch_a2, on=D2024, by=people.above, reason="r")
    with pytest.raises(ValidationError) as error:
        services.unit_merge(
            source=fresh(tree.branch_a1), target=tree.branch_a2, on=D2025, by=people.above, reason="r"
        )
    assert "ngừng hoạt động" in str(error.value)


# --- split ----------------------------------------------------------------------------------------------


def test_splitting_a_branch_gives_each_new_branch_its_members(tree, people):
    members = [make_member(tree.branch_a1, f"Đoàn viên {i}") for i in range(4)]
    parts = [
        {"name": "Chi đoàn A1-1", "code": "CA11", "member_ids": [members[0].pk, members[1].pk]},
        {"name": "Chi đoàn A1-2", "code": "CA12", "member_ids": [members[2].pk, members[3].pk]},
    ]
    first, second = services.unit_split(
        unit=tree.branch_a1, parts=parts, on=D2025, by=people.above, reason="QĐ tách", close_original=True
    )

    assert parent_of(first) == parent_of(second) == tree.grassroots_a
    assert first.kind == tree.branch_a1.kind and first.active_from == D2025
    assert set(Member.objects.filter(unit=first).values_list("pk", flat=True)) == {
        members[0].pk,
        members[1].pk,
    }
    assert set(Member.objects.filter(unit=second).values_list("pk", flat=True)) == {
        members[2].pk,
        members[3].pk,
    }
    assert fresh(tree.branch_a1).active_to == D2025
    assert {first.pk, second.pk} <= ids(subtree_unit_ids(tree.grassroots_a, D2025))
    assert not {first.pk, second.pk} & ids(subtree_unit_ids(tree.grassroots_a, D2024))
    assert AuditEntry.objects.filter(action="unit.split", unit=tree.branch_a1).count() == 1
    assert not AuditEntry.objects.filter(action="unit.create", unit__in=[first, second]).exists()


def test_splitting_a_grassroots_union_hands_out_its_branches(tree, people):
    kind = UnitKind.objects.get(code="grassroots")
    (new_one,) = services.unit_split(
        unit=tree.grassroots_a,
        parts=[{"name": "Đoàn xã A mới", "code": "XA2", "kind": kind, "child_ids": [tree.branch_a2.pk]}],
        on=D2025,
        by=people.above,
        reason="r",
    )
    assert parent_of(tree.branch_a2) == new_one
    assert parent_of(tree.branch_a1) == tree.grassroots_a
    assert fresh(tree.grassroots_a).is_active


def test_closing_the_original_requires_every_member_to_be_given_out(tree, people):
    kept = make_member(tree.branch_a1, "Người ở lại")
    given = make_member(tree.branch_a1, "Người đi")
    parts = [
        {"name": "Mới 1", "code": "M1", "member_ids": [given.pk]},
        {"name": "Mới 2", "code": "M2", "member_ids": []},
    ]
    with pytest.raises(ValidationError) as error:
        services.unit_split(
            unit=tree.branch_a1, parts=parts, on=D2025, by=people.above, reason="r", close_original=True
        )
    assert "Còn 1 đoàn viên" in str(error.value)
    assert not OrgUnit.objects.filter(code__in=["M1", "M2"]).exists()
    assert Member.objects.get(pk=kept.pk).unit_id == tree.branch_a1.pk


def test_a_member_cannot_go_to_two_new_branches(tree, people):
    member = make_member(tree.branch_a1, "Nguyễn Văn Hai")
    parts = [
        {"name": "Mới 1", "code": "M1", "member_ids": [member.pk]},
        {"name": "Mới 2", "code": "M2", "member_ids": [member.pk]},
    ]
    with pytest.raises(ValidationError) as error:
        services.unit_split(unit=tree.branch_a1, parts=parts, on=D2025, by=people.above, reason="r")
    assert "Nguyễn Văn Hai" in str(error.value)


def test_a_member_of_another_branch_cannot_be_split_off(tree, people):
    stranger = make_member(tree.branch_a2, "Người chi đoàn khác")
    parts = [{"name": "Mới 1", "code": "M1", "member_ids": [stranger.pk]}]
    with pytest.raises(ValidationError) as error:
        services.unit_split(unit=tree.branch_a1, parts=parts, on=D2025, by=people.above, reason="r")
    assert "không thuộc" in str(error.value)


def test_a_new_unit_with_a_code_already_taken_is_refused_with_its_number(tree, people):
    parts = [{"name": "Mới 1", "code": "M1"}, {"name": "Mới 2", "code": "CB1"}]
    with pytest.raises(ValidationError) as error:
        services.unit_split(unit=tree.branch_a1, parts=parts, on=D2025, by=people.above, reason="r")
    assert "Đơn vị mới thứ 2" in str(error.value)
    assert not OrgUnit.objects.filter(code="M1").exists()


def test_the_branch_s_own_officer_cannot_split_it(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_split(
            unit=tree.branch_a1, parts=[{"name": "M", "code": "M1"}], on=D2025, by=people.own, reason="r"
        )


# --- dissolve -------------------------------------------------------------------------------------------


def test_a_branch_with_members_cannot_be_dissolved_and_the_message_says_how_many(tree, people):
    make_member(tree.branch_a1, "Một")
    make_member(tree.branch_a1, "Hai")
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(unit=tree.branch_a1, on=D2025, by=people.above, reason="r")
    assert "còn 2 đoàn viên đang sinh hoạt" in str(error.value)
    assert fresh(tree.branch_a1).is_active


def test_a_union_with_active_branches_cannot_be_dissolved_and_the_message_names_them(tree, people):
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(unit=tree.grassroots_a, on=D2025, by=people.above, reason="r")
    assert "Chi đoàn A1" in str(error.value) and "Chi đoàn A2" in str(error.value)


def test_an_empty_branch_is_dissolved_and_its_history_kept(tree, people):
    make_member(tree.branch_a1, "Đã trưởng thành", status=Status.CAME_OF_AGE)
    services.unit_dissolve(unit=tree.branch_a1, on=D2025, by=people.above, reason="Không còn đoàn viên")

    unit = fresh(tree.branch_a1)
    assert unit.active_to == D2025 and not unit.is_active
    assert tree.branch_a1.pk in ids(subtree_unit_ids(tree.grassroots_a, D2024))
    assert tree.branch_a1.pk not in ids(subtree_unit_ids(tree.grassroots_a, D2025))
    assert AuditEntry.objects.filter(action="unit.dissolve", unit=unit, reason="Không còn đoàn viên").exists()


def test_a_union_is_dissolved_once_its_branches_are_closed(tree, people):
    for branch in (tree.branch_a1, tree.branch_a2):
        services.unit_dissolve(unit=branch, on=D2024, by=people.above, reason="r")
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(
            unit=fresh(tree.grassroots_a), on=datetime.date(2024, 1, 1), by=people.above, reason="r"
        )
    assert "01/06/2024" in str(error.value)
    services.unit_dissolve(unit=fresh(tree.grassroots_a), on=D2025, by=people.above, reason="r")
    assert fresh(tree.grassroots_a).active_to == D2025


def test_the_branch_s_own_officer_cannot_dissolve_it(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_dissolve(unit=tree.branch_a1, on=D2025, by=people.own, reason="r")


# --- create ---------------------------------------------------------------------------------------------


def test_an_editor_creates_a_unit_under_their_own_unit_with_a_first_version(tree, people):
    kind = UnitKind.objects.get(code="sub_branch")
    unit = services.unit_create(
        parent=tree.branch_a1, kind=kind, name=" Tổ  1 ", code="T1", on=D2025, by=people.own
    )
    assert parent_of(unit) == tree.branch_a1 and unit.name == "Tổ 1"
    (version,) = versions(unit)
    assert version.valid_from == D2025 and version.lineage.startswith(versions(tree.branch_a1)[0].lineage)
    assert AuditEntry.objects.filter(action="unit.create", unit=unit, actor=people.own).exists()


def test_a_viewer_cannot_create_a_unit(tree, people):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            parent=tree.branch_a1,
            kind=UnitKind.objects.get(code="sub_branch"),
            name="T",
            code="T1",
            on=D2025,
            by=people.viewer,
        )


def test_a_unit_code_is_unique(tree, people):
    with pytest.raises(ValidationError) as error:
        make_unit(tree.grassroots_a, "branch", "Chi đoàn trùng", "CA1")
    assert "code" in error.value.message_dict
