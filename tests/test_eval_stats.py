"""Evaluation figures in the stats: decided evaluations by level and training registrations, counted on
31/12 of their year where their branch stood that day; a parent equals its own plus its children's."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    TrainingRegistration,
    year_end,
)
from doanvu.lib import periods
from doanvu.org.services import unit_move
from doanvu.stats import (
    stats_json,
    unit_stats,
)

from .conftest import make_officer, make_unit
from .test_eval_member_factories import decided
from .test_members_factories import bulk_members

D = datetime.date
LEVELS = ["members_outstanding", "members_good", "members_completed", "members_not_completed"]
CODES = ["members_evaluated", *LEVELS, "training_registered"]


def stats(unit, code="2025", **kw):
    return unit_stats(unit=unit, period=periods.parse(code), **kw)


def child(result, unit):
    return next(c for c in result.children if c.unit == unit)


@pytest.fixture
def evaluated(tree):
    """A1: 2 outstanding, 1 good, 1 proposed only; A2: 1 completed; B1: 1 not completed. 2024: 1 good in A1."""
    a1 = bulk_members(tree.branch_a1, ["An", "Bình", "Cường", "Dung"])
    a2 = bulk_members(tree.branch_a2, ["Giang"])
    b1 = bulk_members(tree.branch_b1, ["Hoa"])
    decided(a1[0], "outstanding")
    decided(a1[1], "outstanding")
    decided(a1[2], "good")
    MemberEvaluation.objects.create(
        member=a1[3], year=2025, unit=tree.branch_a1, as_of=year_end(2025), proposed_level="outstanding"
    )
    decided(a1[0], "good", year=2024)
    decided(a2[0], "completed")
    decided(b1[0], "not_completed")
    for member in (*a1, *a2):
        TrainingRegistration.objects.create(
            member=member, year=2025, unit=member.unit, registered_on=D(2025, 2, 1)
        )
    return a1, a2, b1


def test_decided_evaluations_are_counted_by_level_up_the_tree(tree, evaluated):
    result = stats(tree.province)
    assert {code: result.values[code] for code in CODES} == {
        "members_evaluated": 5,
        "members_outstanding": 2,
        "members_good": 1,
        "members_completed": 1,
        "members_not_completed": 1,
        "training_registered": 5,
    }
    a = child(result, tree.district_a)
    assert (a.values["members_evaluated"], a.values["members_outstanding"]) == (4, 2)
    assert child(stats(tree.grassroots_a), tree.branch_a2).values["members_completed"] == 1


def test_a_parent_equals_its_own_plus_its_childrens(tree, evaluated):
    for unit in (tree.province, tree.district_a, tree.grassroots_a, tree.branch_a1):
        result = stats(unit)
        for code in CODES:
            assert result.values[code] == result.own[code] + sum(c.values[code] for c in result.children), (
                code
            )


@pytest.mark.parametrize(
    ("code", "evaluated_n"),
    [("2025", 5), ("2025S2", 5), ("2025Q4", 5), ("202512", 5), ("NH2025-2026", 5), ("NK2022-2027", 6)],
)
def test_a_decided_evaluation_counts_in_every_period_containing_the_31_december_of_its_year(
    tree, evaluated, code, evaluated_n
):
    assert stats(tree.province, code).values["members_evaluated"] == evaluated_n


@pytest.mark.parametrize("code", ["2025Q3", "202511", "2025S1", "2026", "NH2024-2025"])
def test_periods_without_that_day_do_not_count_it(tree, evaluated, code):
    values = stats(tree.province, code).values
    assert values["members_evaluated"] == (1 if code == "NH2024-2025" else 0)
    assert values["training_registered"] == 0


def test_the_share_evaluated_is_recomputed_from_its_parts(tree, people):
    members = bulk_members(tree.branch_a1, ["An", "Bình", "Cường", "Dung"])
    decided(members[0], "good")
    # bulk members have no history: the stock of members is what the registry held on 31/12 (none).
    from .test_members_factories import admit

    admitted = [admit(tree.branch_a1, people.own, joined_on=D(2024, 3, 26)) for _ in range(3)]
    decided(admitted[0], "good")
    values = stats(tree.branch_a1, indicators=["members_evaluated_pct"]).values
    assert values == {"members_evaluated_pct": Decimal("66.7")}


def test_a_branch_moved_after_the_year_end_keeps_its_figures_where_it_stood(tree, evaluated, people):
    unit_move(
        unit=tree.branch_a1,
        new_parent=tree.grassroots_b,
        on=D(2026, 1, 15),
        by=people.admin,
        reason="Sáp nhập",
    )
    tree.branch_a1.refresh_from_db()
    assert stats(tree.district_a).values["members_outstanding"] == 2
    assert stats(tree.district_b).values["members_outstanding"] == 0
    assert stats(tree.district_a).values["training_registered"] == 5


def test_an_evaluation_indicator_stats_does_not_compute_is_left_out(tree):
    from doanvu.work.models import Indicator

    Indicator.objects.create(
        code="eval_rank", name="Xếp loại", unit_label="đơn vị", kind="stock", source="evaluation"
    )
    values = stats(tree.branch_a1).values
    assert "eval_rank" not in values and values["members_outstanding"] == 0


def test_the_console_shows_the_evaluation_figures(tree, evaluated):
    out = io.StringIO()
    call_command("stats", unit="XA", period="2025", stdout=out)
    data = json.loads(out.getvalue())
    assert {code: data["values"][code] for code in LEVELS} == {
        "members_outstanding": 2,
        "members_good": 1,
        "members_completed": 1,
        "members_not_completed": 0,
    }
    assert [c["values"]["members_evaluated"] for c in data["children"]] == [3, 1]
    assert stats_json(stats(tree.province))["values"]["training_registered"] == 5


# --- property: random trees, random moves around the year's end --------------------------------------------

KINDS = {1: "district", 2: "grassroots", 3: "branch"}


@st.composite
def worlds(draw):
    parents, depth = [None], [0]
    for i in range(1, draw(st.integers(3, 8))):
        parent = draw(st.sampled_from([j for j in range(i) if depth[j] < 3]))
        parents.append(parent)
        depth.append(depth[parent] + 1)
    n = len(parents)
    moves = [
        (D(2025, 6, 1) + datetime.timedelta(days=d), draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1)))
        for d in sorted(draw(st.sets(st.integers(0, 400), max_size=3)))
    ]
    records = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["evaluation", "proposal", "training"]),
                st.integers(0, n - 1),
                st.sampled_from([2024, 2025]),
                st.sampled_from(Level.values),
            ),
            min_size=2,
            max_size=12,
        )
    )
    code = draw(st.sampled_from(["2025", "2025Q4", "2025Q3", "NK2022-2027", "202512"]))
    return parents, depth, moves, records, code


def _parent_on(parents, applied, i, day):
    parent = parents[i]
    for move_day, j, target in applied:
        if j == i and move_day <= day:
            parent = target
    return parent


def _above(parents, applied, i, day):
    out = []
    while i is not None:
        out.append(i)
        i = _parent_on(parents, applied, i, day)
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_unit_equals_a_brute_force_count_on_random_trees(db, world):
    parents, depth, moves, records, code = world
    period = periods.parse(code)
    with transaction.atomic():
        admin = make_officer("quantri_eval", None, superuser=True)
        units = [make_unit(None, "province", "Tỉnh đoàn ngẫu nhiên", "Q0")]
        for i in range(1, len(parents)):
            units.append(make_unit(units[parents[i]], KINDS[depth[i]], f"Đơn vị {i}", f"Q{i}"))
        applied, current = [], list(parents)
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
            applied.append((day, i, target))
        kept = []  # (unit index, year, {code: 1})
        for n, (kind, i, year, level) in enumerate(records):
            member = bulk_members(units[i], [f"Người {n}"])[0]
            if kind == "training":
                TrainingRegistration.objects.create(
                    member=member, year=year, unit=units[i], registered_on=D(year, 3, 1)
                )
                kept.append((i, year, {"training_registered": 1}))
            elif kind == "proposal":
                MemberEvaluation.objects.create(
                    member=member, year=year, unit=units[i], as_of=year_end(year), proposed_level=level
                )
            else:
                decided(member, level, year=year, unit=units[i])
                kept.append((i, year, {"members_evaluated": 1, f"members_{level}": 1}))
        for i, unit in enumerate(units):
            unit.refresh_from_db()
            result = unit_stats(unit=unit, period=period, indicators=CODES)
            expected = dict.fromkeys(CODES, 0)
            for j, year, figures in kept:
                day = year_end(year)
                if period.contains(day) and i in _above(parents, applied, j, day):
                    for name, value in figures.items():
                        expected[name] += value
            for name in CODES:
                assert result.values[name] == expected[name], (name, i)
                assert result.values[name] == result.own[name] + sum(c.values[name] for c in result.children)
        transaction.set_rollback(True)


def test_a_year_with_nothing_decided_yet_is_answered_without_counting_over_the_tree(tree, evaluated):
    """A year's dashboard is read all year before anyone is evaluated: one look at an index says so."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doanvu.lib import request_memo

    with request_memo.kept(), CaptureQueriesContext(connection) as seen:
        result = stats(tree.province, "2023", indicators=CODES)
    assert all(result.values[code] == 0 for code in CODES)
    counted = [q["sql"] for q in seen.captured_queries if "COUNT(" in q["sql"] and "evaluation_" in q["sql"]]
    assert counted == []


def test_a_year_whose_evaluations_are_decided_during_the_page_counts_them_on_the_next(tree, evaluated):
    """What a page remembers lasts the page: the first decision of 2023 shows on the next reading."""
    from doanvu.lib import request_memo

    with request_memo.kept():
        assert stats(tree.province, "2023", indicators=CODES).values["members_evaluated"] == 0
    member = bulk_members(tree.branch_a1, ["Khoa"])[0]
    decided(member, "good", year=2023)
    with request_memo.kept():
        assert stats(tree.province, "2023", indicators=CODES).values["members_evaluated"] == 1
