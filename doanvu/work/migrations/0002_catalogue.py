from django.db import migrations

from doanvu.work.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(apps.get_model("work", "WorkArea"), apps.get_model("work", "Indicator"),
                   apps.get_model("work", "Movement"))


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
