"""The totals of every unit of a sub-tree in a bounded number of queries (quality.unit_totals) equal each
unit's own `unit_stats`, on random trees with moves, joint activities, transfers and every kind of record."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doanvu.lib import periods
from doanvu.members.services import transfer_accept, transfer_request
from doanvu.org.services import unit_move
from doanvu.reports import quality
from doanvu.reports.quality.subtree import subtree_indicators
from doanvu.stats import unit_stats
from doanvu.work import dues as dues_service

from .conftest import make_officer, make_unit
from .test_members_factories import admit
from .test_stats_factories import activity, direct, dues, meeting

D = datetime.date
FIRST, LAST = D(2024, 12, 1), D(2026, 1, 31)
KINDS = {1: "district", 2: "grassroots", 3: "branch"}

days = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + datetime.timedelta(days=n))


@pytest.fixture
def admin(db):
    return make_officer("quantri", None, superuser=True)


def totals(root, period, codes=None, from_rollups=None) -> dict[int, dict]:
    units = quality.period_units(root, period)
    found = quality.unit_totals(
        root=root,
        period=period,
        units=units,
        indicators=subtree_indicators(root),
        codes=codes,
        from_rollups=from_rollups,
    )
    return {unit.pk: found.values[unit.pk] for unit in units}


def assert_each_unit_equals_its_stats(root, period, codes=None, from_rollups=None) -> int:
    """Each unit's totals equal its own stats, both read from the rollups (the default) or both summed from
    the records (from_rollups=False)."""
    found = totals(root, period, codes, from_rollups)
    for unit in quality.period_units(root, period):
        unit.refresh_from_db()
        expected = unit_stats(
            unit=unit, period=period, indicators=codes, with_children=False, from_rollups=from_rollups
        ).values
        assert list(found[unit.pk].items()) == list(expected.items()), unit.code
    return len(found)


@st.composite
def worlds(draw):
    """A tree (parent index of each unit; 0 is the province), moves, and records on its units."""
    parents, depth = [None], [0]
    for i in range(1, draw(st.integers(4, 9))):
        parent = draw(st.sampled_from([j for j in range(i) if depth[j] < 3]))
        parents.append(parent)
        depth.append(depth[parent] + 1)
    n = len(parents)
    move_days = sorted(draw(st.sets(st.integers(0, 364), max_size=2)))
    moves = [
        (D(2025, 1, 1) + datetime.timedelta(days=d), draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1)))
        for d in move_days
    ]
    unit = st.integers(0, n - 1)
    records = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("activity"), unit, days, st.integers(0, 100), unit),
                st.tuples(st.just("joint"), unit, days, st.integers(1, 100), unit),
                st.tuples(st.just("direct"), unit, days, st.integers(0, 9), st.just(0)),
                st.tuples(st.just("dues"), unit, days, st.integers(1, 50_000), st.just(0)),
                st.tuples(st.just("meeting"), unit, days, st.integers(0, 4), st.integers(0, 2)),
                st.tuples(st.just("admit"), unit, days, st.just(0), st.just(0)),
                st.tuples(st.just("transfer"), unit, days, st.just(0), unit),
            ),
            min_size=4,
            max_size=14,
        )
    )
    period = draw(st.sampled_from(["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025", "202507"]))
    return parents, depth, moves, records, period


def _build(admin, parents, depth, moves, records):
    units = [make_unit(None, "province", "Tỉnh đoàn ngẫu nhiên", "P0")]
    for i in range(1, len(parents)):
        units.append(make_unit(units[parents[i]], KINDS[depth[i]], f"Đơn vị {i}", f"P{i}"))
    current = list(parents)
    for day, i, target in moves:
        chain, j = set(), target
        while j is not None:
            chain.add(j)
            j = current[j]
        if i in chain or current[i] == target:
            continue
        for unit in units:
            unit.refresh_from_db()
        unit_move(unit=units[i], new_parent=units[target], on=day, by=admin, reason="Ngẫu nhiên")
        current[i] = target
    entered = set()
    for kind, i, day, a, other in records:
        unit = units[i]
        if kind == "activity":
            activity(unit, day, participations=a, funds_vnd=Decimal(a) / 4)
        elif kind == "joint" and other != i:
            activity(unit, day, with_units=[units[other]], participations=a, gifts=a % 7)
        elif kind == "direct":
            code = f"{day.year}{day.month:02d}"
            if (i, code) not in entered:
                entered.add((i, code))
                direct(unit, "news_articles", code, a)
        elif kind == "dues":
            dues(unit, day, a)
        elif kind == "meeting":
            meeting(unit, day, present=a, absent=other)
        elif kind == "admit" and depth[i] == 3:
            admit(unit, admin, joined_on=day)
        elif kind == "transfer" and depth[i] == 3 and depth[other] == 3 and other != i:
            member = admit(unit, admin, joined_on=D(2021, 3, 26), full_name=f"Chuyển {i} {day}")
            request = transfer_request(member=member, to_unit=units[other], by=admin, requested_on=day)
            transfer_accept(transfer=request, by=admin, on=day)
    for unit in units:
        unit.refresh_from_db()
    return units


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_units_totals_equal_its_own_stats_on_random_trees(admin, world):
    parents, depth, moves, records, code = world
    period = periods.parse(code)
    with transaction.atomic():
        units = _build(admin, parents, depth, moves, records)
        assert_each_unit_equals_its_stats(units[0], period)
        assert_each_unit_equals_its_stats(units[0], period, from_rollups=False)
        # The flows of the outlier history, and a sub-tree that units moved into or out of.
        flows = quality.flow_codes()
        assert_each_unit_equals_its_stats(units[0], period.previous(), flows)
        assert_each_unit_equals_its_stats(units[1], period)
        transaction.set_rollback(True)


def test_a_joint_activity_counts_once_for_each_unit_above_its_organisers(tree):
    activity(tree.branch_a1, D(2025, 3, 1), with_units=[tree.branch_a2], participations=40)
    activity(tree.branch_a1, D(2025, 4, 1), with_units=[tree.branch_b1], participations=10)
    found = totals(tree.province, periods.parse("2025"), ["participations", "activities"])
    by_code = {
        unit.code: found[unit.pk] for unit in quality.period_units(tree.province, periods.parse("2025"))
    }
    assert by_code["CA1"] == {"participations": 50, "activities": 2}
    assert by_code["CA2"] == {"participations": 40, "activities": 1}
    assert by_code["XA"] == {"participations": 50, "activities": 2}
    assert by_code["CB1"] == by_code["HB"] == {"participations": 10, "activities": 1}
    assert by_code["TV"] == {"participations": 50, "activities": 2}


def test_a_branch_that_moved_in_mid_year_is_counted_with_its_whole_year(tree, admin):
    activity(tree.branch_b1, D(2025, 3, 1), participations=30)
    unit_move(unit=tree.branch_b1, new_parent=tree.grassroots_a, on=D(2025, 7, 1), by=admin, reason="QĐ 12")
    activity(tree.branch_b1, D(2025, 9, 1), participations=7)
    tree.branch_b1.refresh_from_db()
    year = periods.parse("2025")
    found = totals(tree.district_a, year, ["participations"])
    assert found[tree.branch_b1.pk] == {"participations": 37}  # its own stats, before the move too
    assert found[tree.grassroots_a.pk] == {"participations": 7}  # only what it did while under XA
    assert_each_unit_equals_its_stats(tree.district_a, year)


def test_direct_values_and_arrears_give_each_unit_its_own_stats_from_the_rollups_or_the_records(tree, people):
    direct(tree.branch_a1, "news_articles", "2025Q2", 4)
    direct(tree.branch_a2, "news_articles", "202505", 3)
    direct(tree.grassroots_a, "branches_congress_held", "2025Q2", 2)
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    payer = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình")
    dues_service.dues_record(
        unit=tree.branch_a1, month="2025Q2", payments=[payer.pk], paid_on=D(2025, 4, 5), by=people.own
    )
    codes = ["news_articles", "branches_congress_held", "members_in_arrears", "dues_collected_vnd"]
    news, stock, arrears = {}, {}, {}
    for code in ("2025Q2", "202505", "2025"):
        period = periods.parse(code)
        for from_rollups in (True, False):
            assert_each_unit_equals_its_stats(tree.province, period, codes, from_rollups)
        found = totals(tree.province, period, codes)
        news[code] = found[tree.grassroots_a.pk]["news_articles"]
        stock[code] = found[tree.district_a.pk]["branches_congress_held"]
        arrears[code] = found[tree.province.pk]["members_in_arrears"]
    # A quarter's value counts in the quarter and the year, not in one of its months.
    assert news == {"2025Q2": 7, "202505": 3, "2025": 7}
    assert stock["2025Q2"] == stock["2025"] == 2
    assert arrears["2025Q2"] == 1


def _queries(root, period) -> int:
    with CaptureQueriesContext(connection) as queries:
        quality.quality_overview(unit=root, period=period)
    return len(queries)


def test_the_overview_costs_the_same_number_of_queries_for_a_small_or_a_deeper_tree(tree, people):
    year = periods.parse("2025")
    activity(tree.branch_a1, D(2025, 3, 1), participations=30)
    small = _queries(tree.province, year)
    for n in range(3, 8):
        grassroots = make_unit(tree.district_b, "grassroots", f"Đoàn xã B{n}", f"XB{n}")
        for m in range(2):
            branch = make_unit(grassroots, "branch", f"Chi đoàn B{n}{m}", f"CB{n}{m}")
            activity(branch, D(2025, 5, 1), participations=5 + m)
            admit(branch, people.other_district, full_name=f"Đoàn viên {n}{m}")
    assert _queries(tree.province, year) == small
