"""Property-based: on random trees with random moves at random dates and random records, every unit's
figures equal a brute-force count over the tree as it stood on each record's date; a parent equals its own
records plus its children's (no joint activities here); the root's total is the sum of all records."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from doanvu.lib import periods
from doanvu.org.services import unit_move
from doanvu.stats import unit_stats

from .conftest import make_officer, make_unit
from .test_members_factories import admit
from .test_stats_factories import activity, direct, dues, meeting

D = datetime.date
FIRST, LAST = D(2024, 12, 1), D(2026, 1, 31)  # records fall around the year 2025, some outside it
KINDS = {1: "district", 2: "grassroots", 3: "branch"}
FLOWS = [
    "participations",
    "funds_vnd",
    "activities",
    "news_articles",
    "dues_collected_vnd",
    "meetings_held",
    "meeting_attendances",
    "meeting_expected",
    "members_admitted",
]
STOCKS = ["members", "branches", "grassroots_units"]

days = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + datetime.timedelta(days=n))


@pytest.fixture
def admin(db):
    return make_officer("quantri", None, superuser=True)


@st.composite
def worlds(draw):
    """A tree (parent index of each unit; 0 is the province), moves, and records on its units."""
    parents, depth = [None], [0]
    for i in range(1, draw(st.integers(3, 9))):
        parent = draw(st.sampled_from([j for j in range(i) if depth[j] < 3]))
        parents.append(parent)
        depth.append(depth[parent] + 1)
    n = len(parents)
    move_days = sorted(draw(st.sets(st.integers(0, 364), max_size=3)))
    moves = [
        (D(2025, 1, 1) + datetime.timedelta(days=d), draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1)))
        for d in move_days
    ]
    unit = st.integers(0, n - 1)
    records = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("activity"), unit, days, st.integers(0, 100), st.integers(0, 10**8)),
                st.tuples(st.just("direct"), unit, days, st.integers(0, 9), st.just(0)),
                st.tuples(st.just("dues"), unit, days, st.integers(1, 50_000), st.just(0)),
                st.tuples(st.just("meeting"), unit, days, st.integers(0, 4), st.integers(0, 2)),
                st.tuples(st.just("admit"), unit, days, st.just(0), st.just(0)),
            ),
            min_size=3,
            max_size=14,
        )
    )
    quarter = draw(st.sampled_from(["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025", "202507"]))
    return parents, depth, moves, records, quarter


def _build(admin, parents, depth, moves, records):
    units = [make_unit(None, "province", "Tỉnh đoàn ngẫu nhiên", "P0")]
    for i in range(1, len(parents)):
        units.append(make_unit(units[parents[i]], KINDS[depth[i]], f"Đơn vị {i}", f"P{i}"))
    applied = []  # (day, unit index, new parent index) that the services accepted
    current = list(parents)
    for day, i, target in moves:
        chain, j = set(), target
        while j is not None:
            chain.add(j)
            j = current[j]
        if i in chain or current[i] == target:
            continue  # into its own sub-tree, or where it already is
        for unit in units:
            unit.refresh_from_db()
        unit_move(unit=units[i], new_parent=units[target], on=day, by=admin, reason="Ngẫu nhiên")
        current[i] = target
        applied.append((day, i, target))
    kept = []  # (unit index, day, {code: value}[, tag])
    entered = set()  # (unit, month) of direct values: one per unit and period
    for kind, i, day, a, b in records:
        unit = units[i]
        if kind == "activity":
            funds = Decimal(b) / 100
            activity(unit, day, participations=a, funds_vnd=funds)
            kept.append((i, day, {"participations": a, "funds_vnd": funds, "activities": 1}))
        elif kind == "direct":
            code = f"{day.year}{day.month:02d}"
            if (i, code) in entered:
                continue
            entered.add((i, code))
            direct(unit, "news_articles", code, a)
            kept.append((i, periods.parse(code).end, {"news_articles": a}))
        elif kind == "dues":
            dues(unit, day, a)
            kept.append((i, day, {"dues_collected_vnd": a}))
        elif kind == "meeting":
            meeting(unit, day, present=a, absent=b)
            kept.append((i, day, {"meetings_held": 1, "meeting_attendances": a, "meeting_expected": a + b}))
        elif kind == "admit" and depth[i] == 3:
            admit(unit, admin, joined_on=day)
            kept.append((i, day, {"members_admitted": 1}, ("member",)))
    return units, applied, kept


def _parent_on(parents, applied, i, day):
    parent = parents[i]
    for move_day, j, target in applied:
        if j == i and move_day <= day:
            parent = target
    return parent


def _under(parents, applied, i, day):
    """Unit indexes of i and everything above it on `day`."""
    out = []
    while i is not None:
        out.append(i)
        i = _parent_on(parents, applied, i, day)
    return out


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_unit_equals_its_own_records_plus_its_childrens_on_random_trees(admin, world):
    parents, depth, moves, records, code = world
    period = periods.parse(code)
    with transaction.atomic():
        units, applied, kept = _build(admin, parents, depth, moves, records)
        event(f"moves applied: {len(applied)}")
        event(f"records in the period: {sum(period.contains(r[1]) for r in kept) > 0}")
        index = {unit.pk: i for i, unit in enumerate(units)}
        for i, unit in enumerate(units):
            unit.refresh_from_db()
            result = unit_stats(unit=unit, period=period)
            # The brute-force answer over the tree as it stood on each record's date.
            expected = dict.fromkeys(FLOWS + STOCKS, Decimal(0))
            for record in kept:
                j, day, figures = record[0], record[1], record[2]
                if period.contains(day) and i in _under(parents, applied, j, day):
                    for name, value in figures.items():
                        expected[name] += value
                if len(record) > 3 and record[3] == ("member",) and day <= period.end:
                    if i in _under(parents, applied, j, period.end):
                        expected["members"] += 1
            for j in range(len(units)):
                if i in _under(parents, applied, j, period.end):
                    expected["branches"] += depth[j] == 3
                    expected["grassroots_units"] += depth[j] == 2
            for name in FLOWS + STOCKS:
                assert result.values[name] == expected[name], (name, i)
                children_sum = sum(child.values[name] for child in result.children)
                assert result.values[name] == result.own[name] + children_sum, (name, i)
            # The children are the units under it at some time in the period.
            expected_children = {
                j
                for j in range(1, len(units))
                if any(
                    _parent_on(parents, applied, j, period.start + datetime.timedelta(days=d)) == i
                    for d in range((period.end - period.start).days + 1)
                )
            }
            assert {index[child.unit.pk] for child in result.children} == expected_children
        root = unit_stats(unit=units[0], period=period, with_children=False)
        for name in FLOWS:
            total = sum((r[2].get(name, 0) for r in kept if period.contains(r[1])), Decimal(0))
            assert root.values[name] == total, name
        transaction.set_rollback(True)
