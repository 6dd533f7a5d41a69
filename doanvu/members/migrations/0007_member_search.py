"""Member search by the starts of words (docs/domain.md, "Finding a member"): the search key becomes the
folded words between spaces, " nguyen van an "; numbers get plain indexes; on PostgreSQL a trigram index
serves the name search.

Not atomic: the key is rewritten in batches of ids, each committed, so a table of millions of members is
never one long transaction, and a migration stopped half-way resumes where it stopped (a key already
padded is left alone). On PostgreSQL the trigram index is built CONCURRENTLY, without stopping writes."""

from django.db import migrations, models

BATCH = 50_000
TRGM_INDEX = "member_search_text_trgm"


def pad_search_keys(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM members_member")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, BATCH):
            cursor.execute(
                "UPDATE members_member SET search_text = ' ' || search_text || ' '"
                " WHERE id >= %s AND id < %s AND search_text <> '' AND search_text NOT LIKE ' %%'",
                [start, start + BATCH],
            )


def unpad_search_keys(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET search_text = TRIM(search_text) WHERE search_text LIKE ' %'")


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite reads the same LIKE patterns through the whole table: same results, slower.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRGM_INDEX} ON members_member "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('members', '0006_background_downloads'),
        ('org', '0003_unitversion_org_unitver_unit_id_5e3ac2_idx'),
    ]

    operations = [
        migrations.RunPython(pad_search_keys, unpad_search_keys, elidable=True),
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['citizen_id'], name='member_citizen_id_idx'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['phone'], name='member_phone_idx'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['card_number'], name='member_card_number_idx'),
        ),
    ]
