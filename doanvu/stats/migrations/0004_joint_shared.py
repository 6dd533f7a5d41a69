"""The rollups keep, in each unit's total rows, the activities that lie in two or more of its groups (the
ones its report's table shows twice, rollup_activities.SHARED): rollups kept before get them once from the
records. Other rollups are left as they are."""

from django.db import migrations


def shared_rows(apps, schema_editor):
    from doanvu.stats import rollup_activities, rollups

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {rollups.TABLE} LIMIT 1")
        if cursor.fetchone() is None:
            return  # none kept yet: the first rebuild makes them all
        cursor.execute(f"DELETE FROM {rollups.TABLE} WHERE code = %s", [rollup_activities.SHARED])
    rollups.insert(rollup_activities.shared_only(), tell=False, blocks=False)


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_arrears_after_transfers")]

    operations = [migrations.RunPython(shared_rows, migrations.RunPython.noop)]
