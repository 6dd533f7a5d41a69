"""The rollups give every unit's figures exactly as the records summed at read time do: on random trees
with random moves at random dates, joint activities, transfers, direct values entered for months and
quarters and dues paid on time, late, ahead or not at all (members in arrears), for every unit and several
kinds of period, the running year among them; `doanvu rollup --check` finds a rollup that was tampered
with and `--rebuild` mends it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from doanvu.lib import periods
from doanvu.members.models import Member, Transfer
from doanvu.reports.document.activities import _by_area as by_area
from doanvu.reports.document.activities import _summed as summed
from doanvu.reports.document.activities import movement_counts
from doanvu.stats import flow_history, rollup_build, shared_activities, stock_series, unit_stats
from doanvu.stats.frame import Frame
from doanvu.stats.models import Rollup

from .test_stats_factories import activity, direct
from .test_stats_property import _build, admin, worlds  # noqa: F401 (admin is a fixture)

D = datetime.date
# Work areas and movements the activities written here lie in: the report's chapters read them per area.
AREAS = [
    ("movements", None),
    ("movements", "hien-mau"),
    ("education", "hoc-tap-lam-theo-bac"),
    ("children", None),
]
PERIODS = ["2025", "2025Q3", "202507", "NH2024-2025", "2026"]  # 2026 runs on: arrears counted today


def _extras(draw_units, n):
    """Joint activities, transfers and quarterly direct values on units of the world."""
    unit = st.integers(0, n - 1)
    day = st.integers(0, 420).map(lambda d: D(2024, 12, 1) + datetime.timedelta(days=d))
    return st.lists(
        st.one_of(
            st.tuples(st.just("joint"), unit, st.lists(unit, min_size=1, max_size=3), day),
            st.tuples(st.just("transfer"), unit, unit, day),
            st.tuples(st.just("quarterly"), unit, st.sampled_from(["2025Q1", "2025Q3", "2025"]), day),
            st.tuples(st.just("dues"), unit, st.integers(-14, 3), day),
        ),
        max_size=6,
    )


def _add_extras(units, extras):
    seen = set()
    for extra in extras:
        if extra[0] == "joint":
            _kind, lead, others, day = extra
            partners = [units[j] for j in dict.fromkeys(others) if j != lead]
            area, movement = AREAS[(lead + len(others)) % len(AREAS)]
            activity(
                units[lead],
                day,
                with_units=partners,
                area=area,
                movement=movement,
                participations=7,
                funds_vnd=150,
            )
        elif extra[0] == "transfer":
            _kind, source, target, day = extra
            if source == target:
                continue
            person = Member.objects.filter(unit=units[source]).first()
            if person is None:
                continue
            Transfer.objects.create(
                member=person,
                from_unit=units[source],
                to_unit=units[target],
                state=Transfer.State.ACCEPTED,
                requested_on=day,
                decided_on=day,
            )
        elif extra[0] == "dues":
            _kind, i, shift, day = extra
            _pay(units[i], day, shift)
        else:
            _kind, i, code, _day = extra
            if (i, code) in seen:
                continue
            seen.add((i, code))
            direct(units[i], "news_articles", code, 5)


def _pay(unit, day, shift, *, by=None):
    """A member of `unit` pays, on `day`, the dues of the month `shift` months from it (late when negative,
    ahead when positive), through the dues service when `by` (an officer) is given (a bulk insert), else as one saved
    record. A month already paid, or one the service refuses, is left out."""
    from doanvu.work import dues
    from doanvu.work.models import DuesPayment

    person = Member.objects.filter(unit=unit, status="active").order_by("pk").first()
    if person is None:
        return
    index = day.year * 12 + day.month - 1 + shift
    month = D(index // 12, index % 12 + 1, 1)
    if DuesPayment.objects.filter(member=person, month=month).exists():
        return
    if by is not None:
        dues.dues_record(unit=unit, month=f"{month:%Y%m}", payments=[person.pk], paid_on=day, by=by)
    else:
        DuesPayment.objects.create(member=person, unit=unit, month=month, amount=2000, paid_on=day)


def _recorded() -> None:
    """Every member the factories wrote in bulk without a history row gets one, as every write of the
    project leaves it (the rolls of a day are the members' history; today's are its latest rows)."""
    bare = Member.objects.exclude(pk__in=Member.history.values("id"))
    Member.history.bulk_history_create(list(bare))


def _same_series(unit, months):
    """The stocks of consecutive months read at once (the members chart) are those of each month read
    alone."""
    codes = ["members", "party_members", "branches", "grassroots_units"]
    one_by_one = [
        unit_stats(unit=unit, period=m, indicators=codes, with_children=False).values for m in months
    ]
    assert stock_series(unit=unit, months=months, indicators=codes) == one_by_one, unit.code


def _same(unit, period):
    slow = unit_stats(unit=unit, period=period, from_rollups=False)
    fast = unit_stats(unit=unit, period=period, from_rollups=True)
    assert fast.values == slow.values, (unit.code, period.code)
    assert fast.own == slow.own, (unit.code, period.code)
    assert [(c.unit.pk, c.values) for c in fast.children] == [(c.unit.pk, c.values) for c in slow.children]
    # A data-quality check's earlier periods, read at once.
    earlier = [periods.parse(code) for code in ("2025Q1", "2024", "202506", "2025S2")]
    flows = [
        "activities",
        "participations",
        "funds_vnd",
        "news_articles",
        "meetings_held",
        "members_admitted",
    ]
    flows += ["dues_collected_vnd", "members_transferred_in", "members_transferred_out"]
    assert flow_history(unit=unit, periods=earlier, indicators=flows) == [
        unit_stats(unit=unit, period=p, indicators=flows, with_children=False, from_rollups=False).values
        for p in earlier
    ], unit.code
    # The report's chapters: each work area's activities, sessions, figures and movements.
    frame = Frame.of(unit, period)
    assert by_area(frame, from_rollups=True) == summed(frame), (unit.code, period.code)
    # The direction's movements, near the unit first.
    for wanted in (1, 3):
        assert movement_counts(unit, period, wanted=wanted, from_rollups=True) == movement_counts(
            unit, period, wanted=wanted, from_rollups=False
        ), (unit.code, period.code, wanted)
    # The activities two rows of the report's table show.
    assert shared_activities(unit=unit, period=period, from_rollups=True) == shared_activities(
        unit=unit, period=period, from_rollups=False
    ), (unit.code, period.code)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds(), data=st.data())
def test_every_unit_reads_from_the_rollups_what_its_records_give_on_random_trees(admin, world, data):  # noqa: F811
    parents, depth, moves, records, _code = world
    extras = data.draw(_extras(None, len(parents)))
    with transaction.atomic():
        units, _applied, _kept = _build(admin, parents, depth, moves, records)
        _add_extras(units, extras)
        _recorded()
        rollup_build.rebuild()
        for unit in units:
            unit.refresh_from_db()
            for code in PERIODS:
                _same(unit, periods.parse(code))
            _same_series(unit, periods.parse("2025S2").months())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_check_finds_a_tampered_rollup_and_the_rebuild_mends_it(admin):  # noqa: F811
    units, _applied, _kept = _build(
        admin,
        [None, 0, 1, 1],
        [0, 1, 2, 2],
        [],
        [("activity", 2, D(2025, 3, 4), 12, 5000), ("meeting", 3, D(2025, 5, 6), 3, 1)],
    )
    out = io.StringIO()
    call_command("rollup", "--rebuild", stdout=out)
    out = io.StringIO()
    call_command("rollup", "--check", stdout=out)
    assert "khớp" in out.getvalue()
    row = Rollup.objects.filter(code="a.participations", child="*").first()
    row.cents += 100
    row.save()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("rollup", "--check", stdout=out)
    assert "a.participations" in out.getvalue()
    call_command("rollup", "--rebuild", stdout=io.StringIO())
    call_command("rollup", "--check", stdout=io.StringIO())


@pytest.mark.django_db
def test_after_a_rebuild_joint_activities_count_once_and_new_records_are_still_added(admin):  # noqa: F811
    units, _applied, _kept = _build(
        admin,
        [None, 0, 1, 1],
        [0, 1, 2, 2],
        [],
        [("activity", 2, D(2025, 3, 4), 12, 5000), ("activity", 3, D(2025, 3, 9), 7, 0)],
    )
    root, union, branch = units[0], units[1], units[2]
    activity(union, D(2025, 3, 20), with_units=[branch], participations=40)
    call_command("rollup", "--rebuild", stdout=io.StringIO())
    march = periods.parse("202503")
    assert unit_stats(unit=root, period=march).values["participations"] == 12 + 7 + 40
    # Written after the rebuild: added to the rows the rebuild made, which keep their one row per key.
    activity(branch, D(2025, 3, 25), participations=5)
    assert unit_stats(unit=root, period=march).values["participations"] == 12 + 7 + 40 + 5
    assert rollup_build.check() == (0, [])
    row = Rollup.objects.filter(code="a.participations", child="*").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rollup.objects.create(anc=row.anc, code=row.code, month=row.month, child=row.child, cents=1)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="CLUSTER and fillfactor are PostgreSQL's")
def test_after_a_rebuild_the_rows_lie_in_their_keys_order_with_room_left_in_each_page(admin):  # noqa: F811
    _build(
        admin,
        [None, 0, 1, 1],
        [0, 1, 2, 2],
        [],
        [("activity", 2, D(2025, 3, 4), 12, 5000), ("meeting", 3, D(2025, 5, 6), 3, 1)],
    )
    call_command("rollup", "--rebuild", stdout=io.StringIO())
    key = "anc, code, month, child"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key} FROM stats_rollup ORDER BY ctid")
        laid_out = cursor.fetchall()
        cursor.execute(f"SELECT {key} FROM stats_rollup ORDER BY {key}")
        assert laid_out == cursor.fetchall() and len(laid_out) > 10
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'stats_rollup'")
        assert cursor.fetchone()[0] == ["fillfactor=90"]


WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("activity"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 8)),
        st.tuples(st.just("meeting"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 3)),
        st.tuples(st.just("admit"), st.integers(0, 8), st.integers(0, 420), st.just(0)),
        st.tuples(st.just("remove"), st.integers(0, 8), st.integers(0, 420), st.just(0)),
        st.tuples(st.just("transfer"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 8)),
        st.tuples(st.just("move"), st.integers(1, 8), st.integers(0, 420), st.integers(0, 8)),
        st.tuples(st.just("merge"), st.integers(1, 8), st.integers(0, 420), st.integers(1, 8)),
        st.tuples(st.just("delete"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 3)),
        st.tuples(st.just("edit"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 50)),
        st.tuples(st.just("reassign"), st.integers(0, 8), st.integers(0, 420), st.integers(0, 8)),
        st.tuples(st.just("dues"), st.integers(0, 8), st.integers(0, 420), st.integers(-14, 3)),
        st.tuples(st.just("bulk dues"), st.integers(0, 8), st.integers(0, 420), st.integers(-14, 3)),
        st.tuples(st.just("dues month"), st.integers(0, 8), st.integers(0, 420), st.integers(-14, 3)),
    ),
    min_size=4,
    max_size=14,
)


def _write(admin, units, depth, step):  # noqa: F811
    """One write through the services (or the factories, as the pages' services write them); a write the
    services refuse (a move into its own sub-tree, a removal of nobody) is skipped."""
    from django.core.exceptions import ValidationError

    from doanvu.members.services import member_remove, transfer_accept, transfer_request
    from doanvu.org.services import unit_merge, unit_move
    from doanvu.work.models import Activity, ActivityFigure, DuesPayment, Meeting, Movement, WorkArea

    from .test_members_factories import admit
    from .test_stats_factories import meeting

    kind, i, offset, extra = step
    day = D(2024, 12, 1) + datetime.timedelta(days=offset)
    unit, other = units[i % len(units)], units[extra % len(units)]
    for u in units:
        u.refresh_from_db()
    try:
        with transaction.atomic():
            if kind == "activity":
                area, movement = AREAS[extra % len(AREAS)]
                activity(
                    unit,
                    day,
                    with_units=[other] if other != unit else [],
                    area=area,
                    movement=movement,
                    participations=extra,
                    funds_vnd=90,
                    **({"activities": 2} if extra % 3 == 0 else {}),
                )
            elif kind == "meeting":
                meeting(unit, day, present=extra, absent=1)
            elif kind == "admit" and depth[i % len(units)] == 3 and unit.active_to is None:
                admit(unit, admin, joined_on=day)
            elif kind == "remove":
                person = Member.objects.filter(unit=unit, status="active").first()
                if person is not None:
                    member_remove(member=person, on=day, reason="Tự nguyện", by=admin)
            elif kind == "transfer":
                person = Member.objects.filter(unit=unit, status="active").first()
                if person is not None and other != unit and other.active_to is None:
                    transfer = transfer_request(
                        member=person, to_unit=other, by=admin, requested_on=day, reason="Chuyển"
                    )
                    transfer_accept(transfer=transfer, by=admin, on=day)
            elif kind == "move":
                unit_move(unit=unit, new_parent=other, on=day, by=admin, reason="Sắp xếp")
            elif kind == "merge" and unit != other:
                unit_merge(source=unit, target=other, on=day, by=admin, reason="Hợp nhất")
            elif kind == "dues":
                _pay(unit, day, extra)
            elif kind == "bulk dues":
                _pay(unit, day, extra, by=admin)
            elif kind == "dues month":  # a payment moved to another month (backdated or not)
                payment = DuesPayment.objects.order_by("pk").first()
                if payment is not None:
                    index = payment.month.year * 12 + payment.month.month - 1 + extra
                    moved = D(index // 12, index % 12 + 1, 1)
                    if not DuesPayment.objects.filter(member=payment.member, month=moved).exists():
                        payment.month = moved
                        payment.save()
            elif kind == "delete":
                victim = [Activity, Meeting, Member, DuesPayment][extra].objects.order_by("pk").first()
                if victim is not None:
                    victim.delete()
            elif kind == "reassign":  # an activity put in another work area and movement
                act = Activity.objects.order_by("-pk").first()
                if act is not None:
                    area, movement = AREAS[extra % len(AREAS)]
                    act.work_area = WorkArea.objects.get(code=area)
                    act.movement = Movement.objects.get(code=movement) if movement else None
                    act.save()
            elif kind == "edit":
                figure = ActivityFigure.objects.order_by("pk").first()
                if figure is not None:
                    figure.value = extra
                    figure.save()
        event(f"written: {kind}")
    except ValidationError:
        event(f"refused: {kind}")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds(), steps=WRITES)
def test_random_writes_deletions_and_backdated_restructures_keep_every_rollup_exact(admin, world, steps):  # noqa: F811
    parents, depth, moves, records, _code = world
    with transaction.atomic():
        units, _applied, _kept = _build(admin, parents, depth, moves, records)
        for step in steps:
            _write(admin, units, depth, step)
        count, first = rollup_build.check()
        assert count == 0, first
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_database_from_before_the_rollups_gets_them_built_once_by_if_missing(admin):  # noqa: F811
    units, _applied, _kept = _build(
        admin, [None, 0, 1], [0, 1, 3], [], [("activity", 2, D(2025, 3, 4), 12, 5000)]
    )
    kept = Rollup.objects.count()
    Rollup.objects.all().delete()  # as after the upgrade that brings the table
    out = io.StringIO()
    call_command("rollup", "--if-missing", stdout=out)
    assert "Đã dựng lại" in out.getvalue()
    assert Rollup.objects.count() == kept
    out = io.StringIO()
    call_command("rollup", "--if-missing", stdout=out)
    assert "giữ nguyên" in out.getvalue()
