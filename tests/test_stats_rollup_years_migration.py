"""The migration that brings the stocks' blocks of years builds them from the month rows a database
already keeps: after it the rollups are what a rebuild from the records gives, and a unit's members read
from the blocks are the members it has."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from doanvu.lib import periods
from doanvu.stats import rollup_build, unit_stats
from doanvu.stats.models import Rollup
from doanvu.work.catalogue import ensure_catalogue

from .test_members_factories import admit

BEFORE = [("stats", "0001_rollups")]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_blocks_gets_them_from_its_month_rows(tree, people):
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows
    for name in ("Trần Thị Bình", "Lê Văn Cường"):
        admit(tree.branch_a1, people.own, full_name=name)
    admit(tree.branch_b1, people.other_district, full_name="Hoàng Văn Em")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # as before the upgrade: month rows only
    assert not Rollup.objects.filter(code__startswith="y.").exists()
    assert Rollup.objects.filter(code="members").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Rollup.objects.filter(code="y.members").exists()
    assert rollup_build.check()[0] == 0
    year = periods.parse(str(timezone.localdate().year))
    figures = unit_stats(unit=tree.province, period=year)
    assert figures.values["members"] == Decimal(3)
    by_child = {child.unit.code: child.values["members"] for child in figures.children}
    assert by_child == {tree.district_a.code: Decimal(2), tree.district_b.code: Decimal(1)}
