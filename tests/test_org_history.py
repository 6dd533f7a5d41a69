"""The tree as it stood on a past date: after renames, moves, merges — and under random sequences of moves."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from doanvu.members.models import COUNTED_STATUSES, Member
from doanvu.org import services
from doanvu.org.models import OrgUnit, UnitVersion, lineage_segment
from doanvu.org.selectors import children_on, subtree_unit_ids, tree_on, unit_versions
from tests.conftest import START, make_unit

D2024 = datetime.date(2024, 6, 1)
D2025 = datetime.date(2025, 1, 1)
END_2024 = datetime.date(2024, 12, 31)


def make_member(unit, name, since=datetime.date(2021, 1, 1)):
    member = Member(unit=unit, full_name=name, gender="female", date_of_birth=datetime.date(2001, 3, 8))
    member._history_date = timezone.make_aware(datetime.datetime.combine(since, datetime.time(9)))
    member.save()
    return member


def members_counted_on(unit, day):
    """What a report for `day` counts under `unit`: each member as recorded at the end of that day, in a
    branch that lay under `unit` in the tree as it stood that day."""
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    records = Member.history.filter(history_date__lt=end).latest_of_each().exclude(history_type="-")
    return {
        r.full_name
        for r in records.filter(unit_id__in=subtree_unit_ids(unit, day), status__in=COUNTED_STATUSES)
    }


def test_the_tree_on_a_past_date_shows_names_and_places_as_they_were(tree, people):
    services.unit_rename(
        unit=tree.grassroots_a, name="Đoàn phường A", short_name="", on=D2025, by=people.above, reason="r"
    )
    services.unit_move(
        unit=tree.grassroots_a, new_parent=tree.district_b, on=D2025, by=people.province_officer, reason="r"
    )

    then = {v.unit_id: v for v in tree_on(tree.province, D2024)}
    assert then[tree.grassroots_a.pk].name == "Đoàn xã A"
    assert then[tree.grassroots_a.pk].parent_id == tree.district_a.pk
    now = {v.unit_id: v for v in tree_on(tree.province, timezone.localdate())}
    assert now[tree.grassroots_a.pk].name == "Đoàn phường A"
    assert now[tree.grassroots_a.pk].parent_id == tree.district_b.pk
    assert [v.name for v in children_on(tree.district_a, D2024)] == ["Đoàn xã A"]
    assert children_on(tree.district_a, D2025) == []


def test_the_tree_on_a_date_is_in_tree_order_and_can_be_cut_at_a_depth(tree):
    versions = tree_on(tree.province, D2024)
    assert [v.unit.code for v in versions] == ["TV", "HA", "XA", "CA1", "CA2", "HB", "XB", "CB1"]
    assert [v.unit.code for v in tree_on(tree.province, D2024, max_depth=1)] == ["TV", "HA", "HB"]
    assert tree_on(tree.province, datetime.date(2019, 12, 31)) == []


def test_a_report_for_2024_adds_up_the_2024_tree_after_a_merge(tree, people):
    make_member(tree.branch_a1, "An")
    make_member(tree.branch_a2, "Bình")
    make_member(tree.branch_b1, "Chi")
    services.unit_merge(
        source=tree.grassroots_a,
        target=tree.grassroots_b,
        on=D2025,
        by=people.province_officer,
        reason="NQ sáp nhập",
    )

    assert members_counted_on(tree.district_a, END_2024) == {"An", "Bình"}
    assert members_counted_on(tree.district_b, END_2024) == {"Chi"}
    assert members_counted_on(tree.district_a, D2025) == set()
    assert members_counted_on(tree.district_b, D2025) == {"An", "Bình", "Chi"}
    assert members_counted_on(tree.grassroots_a, END_2024) == {"An", "Bình"}


def test_a_report_for_2024_adds_up_the_2024_tree_after_a_branch_merge(tree, people):
    make_member(tree.branch_a1, "An")
    make_member(tree.branch_b1, "Chi")
    services.unit_merge(
        source=tree.branch_b1, target=tree.branch_a1, on=D2025, by=people.province_officer, reason="r"
    )

    assert members_counted_on(tree.district_b, END_2024) == {"Chi"}
    assert members_counted_on(tree.branch_a1, END_2024) == {"An"}
    assert members_counted_on(tree.branch_a1, D2025) == {"An", "Chi"}
    assert members_counted_on(tree.district_b, D2025) == set()


def test_a_member_edited_after_the_merge_date_but_before_it_was_recorded_stays_in_the_new_branch(
    tree, people
):
    member = make_member(tree.branch_a1, "An")
    member.phone = "0912345678"
    member._history_date = timezone.make_aware(datetime.datetime(2025, 3, 1, 10))
    member.save()
    services.unit_merge(source=tree.branch_a1, target=tree.branch_a2, on=D2025, by=people.above, reason="r")

    assert members_counted_on(tree.branch_a2, datetime.date(2025, 6, 1)) == {"An"}
    assert members_counted_on(tree.branch_a1, END_2024) == {"An"}


def test_the_history_of_a_unit_names_each_parent_as_it_was_then(tree, people):
    services.unit_rename(
        unit=tree.district_b,
        name="Thị đoàn B",
        short_name="",
        on=D2025,
        by=people.province_officer,
        reason="r",
    )
    services.unit_move(
        unit=tree.grassroots_a, new_parent=tree.district_b, on=D2024, by=people.province_officer, reason="r"
    )

    versions = unit_versions(tree.grassroots_a)
    assert [(v.valid_from, v.valid_to, v.parent_name_then) for v in versions] == [
        (START, D2024, "Huyện đoàn A"),
        (D2024, None, "Huyện đoàn B"),
    ]


def test_a_backdated_move_is_refused_when_a_unit_left_the_sub_tree_after_that_date(tree, people):
    services.unit_move(
        unit=tree.branch_a1, new_parent=tree.grassroots_b, on=D2025, by=people.province_officer, reason="r"
    )
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            unit=tree.grassroots_a,
            new_parent=tree.district_b,
            on=D2024,
            by=people.province_officer,
            reason="r",
        )
    assert "01/01/2025" in str(error.value)


# --- random sequences of moves --------------------------------------------------------------------------

# R ─┬─ A ─┬─ A1 ── A11
#    │     └─ A2
#    └─ B ─── B1
LAYOUT = [("R", None), ("A", "R"), ("B", "R"), ("A1", "A"), ("A2", "A"), ("A11", "A1"), ("B1", "B")]
MOVABLE = [code for code, parent in LAYOUT if parent]
CODES = [code for code, _ in LAYOUT]


def _expected_parent(changes, code, day):
    parent = None
    for since, target in changes[code]:
        if since <= day:
            parent = target
    return parent


def _check_history(units, changes, days):
    by_id = {unit.pk: code for code, unit in units.items()}
    for day in days:
        valid = list(UnitVersion.objects.filter(UnitVersion.valid_on_q(day)))
        per_unit = {}
        for version in valid:
            per_unit.setdefault(version.unit_id, []).append(version)
        # Every unit has exactly one version on every day from its creation.
        assert sorted(per_unit) == sorted(units[c].pk for c in CODES)
        assert all(len(versions) == 1 for versions in per_unit.values())
        for unit_id, (version,) in per_unit.items():
            code = by_id[unit_id]
            expected = _expected_parent(changes, code, day)
            assert (by_id.get(version.parent_id) if version.parent_id else None) == expected, (day, code)
            # The lineage is the parent's lineage that day plus the unit's own segment.
            parent_lineage = per_unit[version.parent_id][0].lineage if version.parent_id else ""
            assert version.lineage == parent_lineage + lineage_segment(unit_id)
            assert version.depth == len(version.lineage) // 7
    today = timezone.localdate()
    for unit in OrgUnit.objects.all():
        current = {row["pk"] for row in OrgUnit.objects.filter(path__startswith=unit.path).values("pk")}
        historical = {row["unit_id"] for row in subtree_unit_ids(unit, today)}
        assert historical == current, unit.code


steps = st.lists(
    st.tuples(st.sampled_from(MOVABLE), st.sampled_from(CODES), st.integers(min_value=-60, max_value=120)),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=steps)
# A unit leaves a sub-tree, then the sub-tree is moved as of an earlier date: must be refused.
@example(moves=[("A1", "R", 1), ("A", "B", -1)])
# Two moves of one unit on the same day, and a move back.
@example(moves=[("A11", "B", 2), ("A11", "B1", 0), ("A11", "A1", 3)])
def test_random_moves_keep_one_consistent_version_per_unit_and_day(db, moves):
    _moves_keep_one_consistent_version_per_unit_and_day(moves)


def test_a_unit_moved_back_in_time_under_a_branch_that_moved_since_takes_the_branchs_lineage_of_that_time(db):
    # B sits under A from 27/01/2021 to 18/05/2021; A11 moves under B as of 20/01/2021.
    _moves_keep_one_consistent_version_per_unit_and_day([("B", "A", 56), ("B", "R", 16), ("A11", "B", -17)])


def test_a_unit_moved_back_in_time_takes_its_own_children_along_through_each_lineage_of_its_new_parent(db):
    # The same shape, but the unit moved back in time (A1) has a child of its own (A11): B sits under A
    # from 27/01/2021 to 18/05/2021 and A1 moves under B as of 20/01/2021; A11 must follow both.
    _moves_keep_one_consistent_version_per_unit_and_day([("B", "A", 56), ("B", "R", 16), ("A1", "B", -17)])
    admin = get_user_model().objects.create(username="quantri", is_superuser=True)
    units = {}
    for code, parent in LAYOUT:
        units[code] = make_unit(units.get(parent), "branch" if parent else "province", f"Đơn vị {code}", code)

    def week(n):
        return START + datetime.timedelta(weeks=n)

    def lineage(*codes):
        return "".join(lineage_segment(units[code].pk) for code in codes)

    for code, target, on in [("B", "A", week(56)), ("B", "R", week(72)), ("A1", "B", week(55))]:
        services.unit_move(unit=units[code], new_parent=units[target], on=on, by=admin, reason="QĐ")

    def versions(code):
        rows = UnitVersion.objects.filter(unit=units[code]).order_by("valid_from")
        return [(v.valid_from, v.valid_to, v.lineage) for v in rows]

    assert versions("A1") == [
        (START, week(55), lineage("R", "A", "A1")),
        (week(55), week(56), lineage("R", "B", "A1")),
        (week(56), week(72), lineage("R", "A", "B", "A1")),
        (week(72), None, lineage("R", "B", "A1")),
    ]
    assert versions("A11") == [
        (START, week(55), lineage("R", "A", "A1", "A11")),
        (week(55), week(56), lineage("R", "B", "A1", "A11")),
        (week(56), week(72), lineage("R", "A", "B", "A1", "A11")),
        (week(72), None, lineage("R", "B", "A1", "A11")),
    ]
    assert {v.unit_id for v in tree_on(units["A"], week(60))} == {units[c].pk for c in CODES if c != "R"}
    # A unit created under B as of a day before B's moves follows B the same way.
    units["C"] = make_unit(units["B"], "branch", "Đơn vị C", "C", on=week(50))
    assert versions("C") == [
        (week(50), week(56), lineage("R", "B", "C")),
        (week(56), week(72), lineage("R", "A", "B", "C")),
        (week(72), None, lineage("R", "B", "C")),
    ]


def _moves_keep_one_consistent_version_per_unit_and_day(moves):
    with transaction.atomic():
        admin = get_user_model().objects.create(username="hypothesis-admin", is_superuser=True)
        units = {}
        for code, parent in LAYOUT:
            units[code] = make_unit(
                units.get(parent), "branch" if parent else "province", f"Đơn vị {code}", code
            )
        changes = {code: [(START, parent)] for code, parent in LAYOUT}
        day, days = START, {START}
        for code, target, gap in moves:
            on = min(day + datetime.timedelta(days=gap * 7), timezone.localdate())
            on = max(on, START)
            try:
                services.unit_move(
                    unit=OrgUnit.objects.get(code=code),
                    new_parent=OrgUnit.objects.get(code=target),
                    on=on,
                    by=admin,
                    reason="thử",
                )
            except ValidationError:
                continue  # under itself, under its own branch, same parent, or before a later change
            changes[code].append((on, target))
            day = max(day, on)
            days |= {on, on - datetime.timedelta(days=1)}
        days.add(timezone.localdate())
        _check_history(units, changes, sorted(d for d in days if d >= START))
        transaction.set_rollback(True)
