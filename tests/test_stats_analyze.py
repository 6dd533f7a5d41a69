"""Before summing the records in bulk, the rollups' rebuild refreshes the planner's statistics of the
project's tables by name: it holds none of the server's shared catalogs (the list of databases, of roles)
for the rest of its transaction, which would make an ANALYZE of any other database on the server wait
until the rebuild commits."""

import pytest
from django.db import connection

from doanvu.stats.rollup_build import analyze_records

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")


def shared_catalog_locks() -> int:
    """Relation locks this connection holds on the server's shared catalogs (database 0 in pg_locks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' "
            "AND database = 0"
        )
        return cursor.fetchone()[0]


def test_the_statistics_refresh_holds_no_shared_catalog_for_the_rest_of_its_transaction(db):
    analyze_records()
    assert shared_catalog_locks() == 0


def test_the_statistics_refresh_counts_the_rows_written_in_its_own_transaction(db, tree):
    analyze_records()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'org_orgunit'")
        assert cursor.fetchone()[0] >= 1


def test_the_lock_probe_sees_a_shared_catalog_read_in_the_transaction(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_database")
    assert shared_catalog_locks() > 0
