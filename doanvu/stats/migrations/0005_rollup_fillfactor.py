"""PostgreSQL leaves a tenth of each page of the rollups free: a row changed by a write is rewritten in its
own page (a heap-only update), so the rows a rebuild laid out in the key's order (rollup_build.py) stay
near each other, and the key's index is not touched. The rows already there move when next rebuilt."""

from django.db import migrations

FILLFACTOR = 90


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE stats_rollup SET (fillfactor = {FILLFACTOR})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE stats_rollup RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("stats", "0004_joint_shared")]

    operations = [migrations.RunPython(leave_room, fill_pages)]
