"""Members in arrears no longer owe the receiving branch the months before their transfer in (docs/domain.md,
"Dues and arrears"): the rollups' arrears rows kept under the old rule are built again from the records,
with their blocks of years. Other rollups are left as they are."""

from django.db import migrations


def arrears_again(apps, schema_editor):
    from doanvu.stats import rollup_build, rollups

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {rollups.TABLE} WHERE code LIKE 'arrears.%%' OR code LIKE 'y.arrears.%%'"
        )
    rollup_build.analyze_records()
    rollups.insert(rollups.SOURCES["arrears"](), tell=False)


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_rollup_year_blocks")]

    operations = [migrations.RunPython(arrears_again, migrations.RunPython.noop)]
