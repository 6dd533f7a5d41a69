"""The migration that keeps every submitted version: reports sent before it keep what they sent as their
first version, with the decision taken on it; nothing is lost, drafts get no version."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from doanvu.reports.models import Report, ReportVersion

BEFORE = [("reports", "0002_initial")]


def moment(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, 1, day, 9))


@pytest.mark.django_db(transaction=True)
def test_reports_sent_before_the_migration_keep_what_they_sent_as_their_first_version(tree, people):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("reports", "Report")
    sent = {"chapters": [{"code": "education", "text": "Tổ chức 3 hoạt động."}]}
    old.objects.create(
        unit_id=tree.branch_a1.pk,
        period="2024Q4",
        state="returned",
        figures=sent,
        submitted_at=moment(3),
        submitted_by_id=people.own.pk,
        decided_at=moment(6),
        decided_by_id=people.approver.pk,
        decision_comment="Bổ sung số liệu tháng 12.",
    )
    old.objects.create(unit_id=tree.branch_a2.pk, period="2024Q4", state="submitted", submitted_at=moment(4))
    old.objects.create(unit_id=tree.grassroots_a.pk, period="2024Q4", state="draft")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Report.objects.count() == 3  # no report lost
    returned = ReportVersion.objects.get(report__unit=tree.branch_a1)
    assert (returned.number, returned.decision, returned.comment) == (
        1,
        "returned",
        "Bổ sung số liệu tháng 12.",
    )
    assert (returned.document, returned.submitted_by, returned.decided_by) == (
        sent,
        people.own,
        people.approver,
    )
    waiting = ReportVersion.objects.get(report__unit=tree.branch_a2)
    assert (waiting.decision, waiting.submitted_at) == ("", moment(4))
    assert not ReportVersion.objects.filter(report__unit=tree.grassroots_a).exists()
