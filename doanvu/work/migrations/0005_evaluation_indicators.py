from django.db import migrations

from doanvu.work.catalogue import load_catalogue


def load(apps, schema_editor):
    # Adds the evaluation indicators of the catalogue; leaves every existing row as it is.
    load_catalogue(
        apps.get_model("work", "WorkArea"),
        apps.get_model("work", "Indicator"),
        apps.get_model("work", "Movement"),
    )


class Migration(migrations.Migration):
    dependencies = [("work", "0004_activity_work_activi_unit_id_4b55ce_idx_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
