"""The report's chapters and the dashboard's chart count each work area's activities from the rollups: a
joint activity once above its organisers, an activity moved to another work area leaves the first one's
chapter, and a database whose rollups were kept before the work areas were gets their rows once, from the
records."""

import datetime
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doanvu.lib import periods
from doanvu.reports.document.activities import _by_area, _summed, activities_by_area, area_sessions
from doanvu.stats import rollup_build
from doanvu.stats.frame import Frame
from doanvu.stats.models import Rollup
from doanvu.work import services
from doanvu.work.models import Activity, WorkArea
from doanvu.work.services.activities import activity_update

from .test_stats_factories import activity

D = datetime.date
YEAR = periods.parse("2025")
pytestmark = pytest.mark.django_db


def _area(code: str) -> int:
    return WorkArea.objects.get(code=code).pk


def test_a_joint_activity_counts_once_in_the_chapter_of_the_unit_above_both_organisers(tree):
    activity(
        tree.branch_a1,
        D(2025, 5, 19),
        with_units=[tree.branch_b1],
        area="education",
        movement="hoc-tap-lam-theo-bac",
        participations=40,
        funds_vnd=1_500_000,
    )
    activity(tree.branch_a1, D(2025, 6, 1), area="children", participations=25, activities=3)

    province = activities_by_area(tree.province, YEAR)
    education = province[_area("education")]
    assert education.count == 1
    assert education.figures == {"participations": Decimal(40), "funds_vnd": Decimal(1_500_000)}
    assert education.movements == [("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 1)]
    # The sessions are the figure an activity states, else one per activity.
    assert province[_area("children")].sessions == Decimal(3)
    assert area_sessions(tree.district_b, YEAR) == {_area("education"): 1}
    # A branch reads its own activities from the records.
    assert area_sessions(tree.branch_b1, YEAR) == {_area("education"): 1}


def test_the_chapters_read_the_rollups_and_not_the_activities(tree):
    activity(tree.branch_a1, D(2025, 5, 19), with_units=[tree.branch_b1], area="education", participations=9)
    activities = Activity._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        counts = area_sessions(tree.province, YEAR)
    assert counts == {_area("education"): 1}
    assert not [q["sql"] for q in queries.captured_queries if activities in q["sql"]]


def test_an_activity_moved_to_another_work_area_leaves_the_first_chapter(tree, people):
    act = activity(tree.branch_a1, D(2025, 3, 8), area="education", movement="hoc-tap-lam-theo-bac", gifts=12)
    activity_update(activity=act, data={"work_area": "children", "movement": ""}, by=people.own)

    chapters = activities_by_area(tree.district_a, YEAR)
    assert _area("education") not in chapters
    assert chapters[_area("children")].count == 1
    assert chapters[_area("children")].figures == {"gifts": Decimal(12)}
    assert chapters[_area("children")].movements == []
    assert rollup_build.check()[0] == 0


def test_rollups_kept_before_the_work_areas_get_their_rows_once_from_the_records(tree):
    activity(tree.branch_a1, D(2025, 5, 19), with_units=[tree.branch_b1], area="education", participations=9)
    activity(tree.branch_b1, D(2025, 9, 2), area="movements", movement="hien-mau", participations=31)
    Rollup.objects.filter(code__startswith="w").delete()  # as the rollups stood before the upgrade
    assert rollup_build.check()[0] > 0

    migration = import_module("doanvu.stats.migrations.0006_activity_areas")
    migration.area_rows(None, SimpleNamespace(connection=connection))

    assert rollup_build.check()[0] == 0
    frame = Frame.of(tree.province, YEAR)
    assert _by_area(frame, from_rollups=True) == _summed(frame)
    assert _by_area(frame, from_rollups=True)[_area("movements")].every_movement == {
        "Hiến máu nhân đạo (Hành trình đỏ, Chủ nhật đỏ)": 1
    }


def test_an_activity_recorded_and_changed_through_the_forms_services_keeps_every_rollup_exact(tree, people):
    act = services.activity_create(
        unit=tree.branch_a1,
        data={"title": "Ngày hội đọc sách", "work_area": "education", "start_on": D(2025, 4, 21)},
        co_organisers=[tree.branch_a2.code],
        figures={"participations": "60", "activities": "2"},
        by=people.above,
    )
    assert rollup_build.check()[0] == 0
    assert activities_by_area(tree.grassroots_a, YEAR)[_area("education")].sessions == Decimal(2)

    services.activity_update(
        activity=act,
        data={"start_on": D(2026, 1, 9), "end_on": D(2026, 1, 9), "work_area": "children"},
        co_organisers=[],
        figures={"participations": "75"},
        by=people.above,
    )
    assert rollup_build.check()[0] == 0
    assert activities_by_area(tree.grassroots_a, YEAR) == {}
    moved = activities_by_area(tree.grassroots_a, periods.parse("2026"))[_area("children")]
    assert (moved.count, moved.figures) == (1, {"participations": Decimal(75)})
