"""Two officers record activities (or admit members) under the same district at the same moment, each in
their own transaction on their own PostgreSQL connection: the rollups above count both (no update is lost,
the stocks' blocks of years included), and `rollup --check` finds nothing to mend."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from doanvu.lib import periods
from doanvu.stats import rollup_build, unit_stats

from .conftest import make_officer, make_unit
from .test_members_factories import admit
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


def _race(first_write, second_write) -> bool:
    """Run the two writes in two transactions at once, the first holding its rows until the second waits
    on them. Whether the second one did wait."""
    first_wrote, second_pid, release = threading.Event(), [], threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                first_write()
                first_wrote.set()
                release.wait(timeout=60)  # holds the rollup rows until the second one waits
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
                second_write()
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
    return blocked


def test_two_transactions_writing_under_the_same_district_at_once_lose_no_update():
    ensure_catalogue()
    province = make_unit(None, "province", "Tỉnh đoàn", "CC")
    district = make_unit(province, "district", "Huyện đoàn", "CC-H")
    branches = [make_unit(district, "branch", f"Chi đoàn {n}", f"CC-H-{n}") for n in (1, 2)]
    day = datetime.date(2025, 5, 12)
    blocked = _race(
        lambda: activity(branches[0], day, participations=30),
        lambda: activity(branches[1], day, participations=12),
    )
    assert blocked, "the second transaction never waited on the first one's rollup rows"

    year = periods.parse("2025")
    figures = unit_stats(unit=district, period=year)
    assert figures.values["participations"] == Decimal(42)
    assert figures.values["activities"] == Decimal(2)
    assert rollup_build.check()[0] == 0


def test_two_members_admitted_under_the_same_district_at_once_are_both_counted_now_and_next_year():
    ensure_catalogue()
    province = make_unit(None, "province", "Tỉnh đoàn", "CD")
    district = make_unit(province, "district", "Huyện đoàn", "CD-H")
    branches = [make_unit(district, "branch", f"Chi đoàn {n}", f"CD-H-{n}") for n in (1, 2)]
    officer = make_officer("district_officer", district)
    blocked = _race(
        lambda: admit(branches[0], officer, full_name="Trần Thị Bình"),
        lambda: admit(branches[1], officer, full_name="Lê Văn Cường"),
    )
    assert blocked, "the second transaction never waited on the province's rollup rows"

    # Read from the blocks of years: this year's (its end), and next year's with its months after them.
    today = timezone.localdate()
    for code in (str(today.year), f"{today.year + 1}Q3"):
        assert unit_stats(unit=province, period=periods.parse(code)).values["members"] == Decimal(2)
    assert rollup_build.check()[0] == 0
