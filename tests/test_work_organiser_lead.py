"""Each organiser row says whether it is the lead unit's own (work.models.ActivityOrganiser.lead): the
migration marks the rows kept before it, the site admin marks them again when it changes an activity's lead
unit, and an activity led from outside a sub-tree still counts in the sub-tree of its co-organiser."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from doanvu.lib import periods
from doanvu.reports.document.activities import activities_under
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import ActivityOrganiser, mark_lead

from .test_report_document_factories import activity

BEFORE = [("work", "0006_meeting_checkin")]
DAY = datetime.date(2024, 3, 1)


def leads() -> set[tuple[int, str]]:
    return set(ActivityOrganiser.objects.filter(lead=True).values_list("activity_id", "unit__code"))


@pytest.mark.django_db(transaction=True)
def test_rows_kept_before_the_migration_are_marked_from_their_activitys_lead_unit(tree):
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows
    joint = activity(tree.grassroots_a, DAY, with_units=[tree.branch_a1, tree.branch_a2])
    alone = activity(tree.branch_b1, DAY)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the column goes, as it was before the upgrade

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert leads() == {(joint.pk, "XA"), (alone.pk, "CB1")}
    assert ActivityOrganiser.objects.filter(lead=False).count() == 2


def test_changing_the_lead_unit_in_the_site_admin_marks_the_rows_again(tree):
    item = activity(tree.grassroots_a, DAY, with_units=[tree.branch_a1])
    item.unit = tree.branch_a1
    item.save()
    mark_lead(item)
    assert leads() == {(item.pk, "CA1")}


def test_an_activity_led_from_outside_a_subtree_counts_under_its_co_organiser(tree):
    led_elsewhere = activity(tree.district_b, DAY, with_units=[tree.branch_a1])
    activity(tree.branch_b1, DAY)
    assert list(activities_under(tree.grassroots_a, periods.parse("2024"))) == [led_elsewhere]
