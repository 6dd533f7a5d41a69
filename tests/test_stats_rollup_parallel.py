"""A rebuild or a check on PostgreSQL, started outside any transaction as `doanvu rollup` and `seed_national`
start them, sums the sources in several connections at once: the rollups it builds are the rows the
sources summed one after another give, laid out in the key's order, and a source that fails leaves the
rollups as they were and no scratch table behind."""

import datetime

import pytest
from django.db import DatabaseError, connection

from doanvu.stats import rollup_build, rollup_parallel, rollups
from doanvu.stats.models import Rollup
from doanvu.work.catalogue import ensure_catalogue

from .test_members_factories import admit
from .test_stats_factories import activity, dues, meeting

D = datetime.date
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sums in several connections"),
]


def _rows() -> set[tuple]:
    return set(Rollup.objects.exclude(cents=0).values_list("anc", "child", "month", "code", "cents"))


def _records(tree, people) -> None:
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows
    activity(
        tree.branch_a1, D(2025, 3, 26), with_units=[tree.branch_b1], participations=40, funds_vnd=500_000
    )
    activity(tree.branch_a2, D(2025, 9, 2), area="children", movement="hoc-tap-lam-theo-bac", gifts=12)
    admit(tree.branch_a1, people.own)
    admit(tree.branch_b1, people.province_officer)
    meeting(tree.branch_a1, D(2025, 4, 5), present=7, absent=2)
    dues(tree.branch_a1, D(2025, 4, 5), 24_000)


def _as_laid_out() -> list[tuple]:
    """The rollups' keys in the order their rows lie in the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT anc, code, month, child FROM stats_rollup ORDER BY ctid")
        return cursor.fetchall()


def _scratch_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE 'stats_rollup_part%%'")
        return [row[0] for row in cursor.fetchall()]


def test_a_rebuild_sums_the_sources_side_by_side_and_gives_the_rows_summed_one_after_another(
    tree, people, settings
):
    _records(tree, people)
    settings.ROLLUP_WORKERS = 1
    rollup_build.rebuild()
    one_after_another = _rows()
    assert one_after_another

    settings.ROLLUP_WORKERS = 2
    assert rollup_parallel.usable()
    steps = rollup_build.rebuild()

    names = [step.name for step in steps]
    assert names[-3:] == [rollup_parallel.SORT_STEP, rollup_parallel.WRITE_STEP, rollup_build.INDEX_STEP]
    assert _rows() == one_after_another
    assert rollup_build.check() == (0, [])
    assert _scratch_tables() == []


def test_a_rebuild_side_by_side_lays_the_rows_out_in_the_order_of_their_key(tree, people, settings):
    _records(tree, people)
    settings.ROLLUP_WORKERS = 2
    rollup_build.rebuild()
    as_laid_out = _as_laid_out()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisclustered FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s",
            [rollup_build.UNIQUE],
        )
        (marked,) = cursor.fetchone()
    assert as_laid_out == sorted(as_laid_out)
    assert marked


def test_a_source_that_fails_leaves_the_rollups_as_they_were_and_no_scratch_table(
    tree, people, settings, monkeypatch
):
    _records(tree, people)
    before = _rows()
    settings.ROLLUP_WORKERS = 2
    monkeypatch.setitem(
        rollups.SOURCES,
        "broken",
        lambda: ("SELECT '0000001' AS anc, '*' AS child, 202501 AS mo, 'x' AS code, 1 / 0 AS c", []),
    )

    with pytest.raises(DatabaseError):
        rollup_build.rebuild()

    assert _rows() == before
    assert _scratch_tables() == []


def test_a_check_side_by_side_finds_a_rollup_that_differs_from_the_records(tree, people, settings):
    _records(tree, people)
    settings.ROLLUP_WORKERS = 2
    rollup_build.rebuild()
    row = Rollup.objects.filter(code="a.participations", child="*").order_by("anc").first()
    Rollup.objects.filter(pk=row.pk).update(cents=row.cents + 100)

    count, first = rollup_build.check()

    assert count == 1
    assert (first[0].anc, first[0].code, first[0].kept, first[0].expected) == (
        row.anc,
        "a.participations",
        row.cents + 100,
        row.cents,
    )
    assert _scratch_tables() == []


def test_a_rebuild_with_more_connections_than_ranges_of_units_gives_every_row_once_in_order(
    tree, people, settings
):
    _records(tree, people)
    settings.ROLLUP_WORKERS = 1
    rollup_build.rebuild()
    one_after_another = _rows()

    settings.ROLLUP_WORKERS = len(rollups.SOURCES)
    rollup_build.rebuild()

    assert _rows() == one_after_another
    as_laid_out = _as_laid_out()
    assert as_laid_out == sorted(as_laid_out)
    assert rollup_build.check() == (0, [])
    assert _scratch_tables() == []


def test_a_check_side_by_side_counts_its_steps_up_to_the_comparison(tree, people, settings):
    _records(tree, people)
    settings.ROLLUP_WORKERS = 2
    rollup_build.rebuild()
    seen = []

    found = rollup_build.check(report=lambda number, total, name, seconds: seen.append((number, total, name)))

    assert found == (0, [])
    numbers = [number for number, _total, _name in seen]
    assert numbers == list(range(1, len(seen) + 1))
    assert seen[-1] == (len(seen), len(seen), rollup_build.COMPARE_STEP)
