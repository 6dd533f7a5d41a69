"""PostgreSQL: the name search reads an index of the starts of the name's words (docs/scale.md,
"Member search on a big register"; doanvu/members/name_search.py) instead of the trigram index of 0007.

`member_search_words(search_text)` is every start of every word of the search key and every whole word
followed by a space: " le an " gives {l, le, le␠, a, an, an␠}. "Every word typed starts a word of the name"
is then one array containment a GIN index answers by its shortest list, and it is the index's expression,
so every write of a member (the form, an import, a transfer, COPY) keeps it current in its own transaction.

Not atomic: both indexes are built and dropped CONCURRENTLY, without stopping writes. SQLite keeps reading
the LIKE patterns; nothing changes there."""

from django.db import migrations

WORDS_INDEX = "member_search_words_gin"
TRGM_INDEX = "member_search_text_trgm"

FUNCTION = """
CREATE OR REPLACE FUNCTION member_search_words(key text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_agg(CASE WHEN n > length(word) THEN word || ' ' ELSE left(word, n) END), '{}')
  FROM unnest(string_to_array(key, ' ')) AS word, generate_series(1, length(word) + 1) AS n
  WHERE word <> ''
$$
"""


def words_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {WORDS_INDEX} ON members_member "
        "USING gin (member_search_words(search_text))"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {TRGM_INDEX}")


def trigram_index_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRGM_INDEX} ON members_member "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {WORDS_INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS member_search_words(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0009_member_card"),
    ]

    operations = [
        migrations.RunPython(words_index, trigram_index_again),
    ]
