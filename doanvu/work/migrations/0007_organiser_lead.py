"""Each organiser row says whether it is the lead unit's own: the co-organisers' rows, few beside the leads',
get an index of their own (a sub-tree's activities led from outside it are found through it). Rows kept
before are marked from their activity's lead unit, then the index is built."""

from django.db import migrations, models

MARK_LEADS = (
    "UPDATE work_activityorganiser SET lead = TRUE WHERE unit_id = "
    "(SELECT a.unit_id FROM work_activity a WHERE a.id = work_activityorganiser.activity_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_merged_into"),
        ("work", "0006_meeting_checkin"),
    ]

    operations = [
        migrations.AddField(
            model_name="activityorganiser",
            name="lead",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(MARK_LEADS, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="activityorganiser",
            index=models.Index(
                condition=models.Q(("lead", False)), fields=["unit", "activity"], name="organiser_co"
            ),
        ),
    ]
