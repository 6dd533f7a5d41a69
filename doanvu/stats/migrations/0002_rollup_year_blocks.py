"""The stocks' blocks of years (doanvu/stats/rollup_years.py; docs/architecture.md, "Rollups"), built from
the month rows already kept: every change of a stock is added to the blocks of the years after it, so a
stock is read from a few blocks and the months of its own year instead of every month since the first."""

from django.db import migrations

from doanvu.stats import rollup_years

TABLE = "stats_rollup"
STOCKS = ["members", "party_members", "branches", "grassroots_units"]  # and members in arrears


def _drop_blocks(cursor) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE SUBSTR(code, 1, 2) = '{rollup_years.PREFIX}'")


def build_blocks(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        _drop_blocks(cursor)
        cursor.execute(
            f"WITH RECURSIVE m_rows AS (SELECT anc, child, month AS mo, code, cents AS c FROM {TABLE} "
            f"WHERE cents <> 0), {rollup_years.years_cte('m_rows')} "
            f"INSERT INTO {TABLE} (anc, child, month, code, cents) "
            f"SELECT z.anc, z.child, z.mo, z.code, z.c FROM ({rollup_years.blocks_sql('m_rows', STOCKS)}) z "
            f"WHERE z.c <> 0 ON CONFLICT (anc, code, month, child) DO UPDATE SET cents = {TABLE}.cents + excluded.cents"
        )


def drop_blocks(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        _drop_blocks(cursor)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_rollups")]

    operations = [migrations.RunPython(build_blocks, drop_blocks)]
