"""The rollups keep each activity under its work area too (rollup_activities.py: the activities, sessions,
figures and movements each chapter of the report is written from): rollups kept before get those rows once
from the records. Other rollups are left as they are."""

from django.db import migrations


def area_rows(apps, schema_editor):
    from doanvu.stats import rollup_activities, rollup_sql, rollups

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {rollups.TABLE} LIMIT 1")
        if cursor.fetchone() is None:
            return  # none kept yet: the first rebuild makes them all
        cursor.execute(f"DELETE FROM {rollups.TABLE} WHERE code LIKE %s", [rollup_sql.AREA + "%"])
    for query in rollup_activities.areas_only():
        rollups.insert(query, tell=False, blocks=False)


class Migration(migrations.Migration):
    dependencies = [("stats", "0005_rollup_fillfactor")]

    operations = [migrations.RunPython(area_rows, migrations.RunPython.noop)]
