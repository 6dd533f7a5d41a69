"""The migration that keeps the activities two rows of a table show (rollup_activities.SHARED) adds them to rollups
kept before it, from the records: afterwards the rollups are what a rebuild gives and the report's note
reads its count from them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from doanvu.lib import periods
from doanvu.stats import rollup_activities, rollup_build, shared_activities
from doanvu.stats.models import Rollup
from doanvu.work.catalogue import ensure_catalogue

from .test_report_document_factories import activity

BEFORE = [("stats", "0003_arrears_after_transfers")]


@pytest.mark.django_db(transaction=True)
def test_rollups_kept_before_get_the_shared_activities_from_the_records(tree):
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows
    activity(tree.branch_a1, datetime.date(2024, 3, 1), with_units=[tree.branch_b1])
    activity(tree.branch_a1, datetime.date(2024, 4, 1), with_units=[tree.branch_a2])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Rollup.objects.filter(code=rollup_activities.SHARED).delete()  # as kept before the upgrade
    assert Rollup.objects.filter(code="a.activities").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert rollup_build.check()[0] == 0
    year = periods.parse("2024")
    assert shared_activities(unit=tree.province, period=year, from_rollups=True) == 1
    assert shared_activities(unit=tree.grassroots_a, period=year, from_rollups=True) == 1
    assert shared_activities(unit=tree.district_b, period=year, from_rollups=True) == 0
