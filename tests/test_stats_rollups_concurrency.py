"""Two officers record activities under the same district at the same moment, each in their own
transaction on their own PostgreSQL connection: the district's rollups count both (no update is lost), and
`rollup --check` finds nothing to mend."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from doanvu.lib import periods
from doanvu.stats import rollups, unit_stats

from .conftest import make_unit
from .test_stats_factories import activity, ensure_catalogue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two connections writing at once: PostgreSQL"
    ),
]


def _blocked_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_two_transactions_writing_under_the_same_district_at_once_lose_no_update():
    ensure_catalogue()
    province = make_unit(None, "province", "Tỉnh đoàn", "CC")
    district = make_unit(province, "district", "Huyện đoàn", "CC-H")
    branches = [make_unit(district, "branch", f"Chi đoàn {n}", f"CC-H-{n}") for n in (1, 2)]
    day = datetime.date(2025, 5, 12)
    first_wrote, second_pid, release = threading.Event(), [], threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                activity(branches[0], day, participations=30)
                first_wrote.set()
                release.wait(timeout=60)  # holds the district's rollup rows until the second one waits
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
            first_wrote.set()
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_wrote.wait(timeout=60)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            with transaction.atomic():
                activity(branches[1], day, participations=12)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_wrote.wait(timeout=60)
    for _attempt in range(600):  # until the second transaction waits on the first one's rows
        if second_pid and _blocked_on_a_lock(second_pid[0]):
            break
        threading.Event().wait(0.05)
    blocked = bool(second_pid) and _blocked_on_a_lock(second_pid[0])
    release.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert blocked, "the second transaction never waited on the first one's rollup rows"

    year = periods.parse("2025")
    figures = unit_stats(unit=district, period=year)
    assert figures.values["participations"] == Decimal(42)
    assert figures.values["activities"] == Decimal(2)
    assert rollups.check()[0] == 0
