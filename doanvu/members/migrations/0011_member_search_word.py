"""PostgreSQL: the name search reads a table of the names' words (docs/scale.md, "Member search on a big
register"; doanvu/members/name_search.py) instead of the GIN index of 0010.

`member_search_word` has one row per member and distinct whole word of the member's search key, with what
the member list filters and orders by: the unit's path, the status, the sort key, the search key. Two
B-tree indexes read it: (word, sort_key, member_id) gives a word's members in name order, so the first
page stops after its members; (word, path) gives a word's members within a unit's sub-tree, so the count
stops after 1,001 of them. Both carry the other columns (INCLUDE), so neither reads the table.

Triggers keep it current in the transaction that writes: a member inserted (the form, an import, COPY),
renamed, moved to another unit (a transfer, a restructure), given another status, or removed (the member
table emptied by TRUNCATE, as a test database is flushed, empties it too); a unit
whose path changes (a unit moved in the tree changes its own path and every descendant's) rewrites the
path of its members' rows.

Not atomic: the table is filled in batches of member ids, each its own transaction that locks the table
against the triggers' writes and deletes its rows first, so a batch run again, or a member written
meanwhile, is never counted twice; the indexes are built, and the GIN index of 0010 dropped (with its
function), CONCURRENTLY. SQLite has no such table: it keeps reading the LIKE patterns, same results."""

from django.db import migrations

BATCH = 100_000
TABLE = "member_search_word"
BY_NAME = "member_search_word_name"
BY_PATH = "member_search_word_path"
BY_MEMBER = "member_search_word_member"
GIN_INDEX = "member_search_words_gin"

CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    word text COLLATE "C" NOT NULL,
    path text COLLATE "C" NOT NULL,
    sort_key text COLLATE "C" NOT NULL,
    member_id bigint NOT NULL,
    status text NOT NULL,
    search_text text NOT NULL
)
"""

# The rows of the members chosen by WHERE (one per distinct word of the search key).
SELECT_ROWS = """
SELECT DISTINCT w.word, u.path, m.sort_key, m.id, m.status, m.search_text
FROM members_member m JOIN org_orgunit u ON u.id = m.unit_id,
     unnest(string_to_array(m.search_text, ' ')) AS w(word)
WHERE w.word <> '' AND {where}
"""
ROWS = f"INSERT INTO {TABLE} (word, path, sort_key, member_id, status, search_text) {SELECT_ROWS}"

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION member_search_word_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM {TABLE} WHERE member_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {ROWS.format(where="m.id = NEW.id")};
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION member_search_word_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {TABLE} SET path = NEW.path
  WHERE member_id IN (SELECT id FROM members_member WHERE unit_id = NEW.id);
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION member_search_word_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE {TABLE};
  RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER member_search_word_ins AFTER INSERT ON members_member
  FOR EACH ROW EXECUTE FUNCTION member_search_word_sync();
CREATE TRIGGER member_search_word_upd AFTER UPDATE ON members_member
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text
                     OR OLD.sort_key IS DISTINCT FROM NEW.sort_key
                     OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
                     OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION member_search_word_sync();
CREATE TRIGGER member_search_word_del AFTER DELETE ON members_member
  FOR EACH ROW EXECUTE FUNCTION member_search_word_sync();
CREATE TRIGGER member_search_word_path AFTER UPDATE OF path ON org_orgunit
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
  EXECUTE FUNCTION member_search_word_unit_path();
CREATE TRIGGER member_search_word_truncate AFTER TRUNCATE ON members_member
  FOR EACH STATEMENT EXECUTE FUNCTION member_search_word_truncate();
"""

INDEXES = [
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {BY_NAME} ON {TABLE} (word, sort_key, member_id) "
    "INCLUDE (path, status, search_text)",
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {BY_PATH} ON {TABLE} (word, path) "
    "INCLUDE (member_id, sort_key, status, search_text)",
]

# 0010's index and its function, for going back.
WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION member_search_words(key text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_agg(CASE WHEN n > length(word) THEN word || ' ' ELSE left(word, n) END), '{}')
  FROM unnest(string_to_array(key, ' ')) AS word, generate_series(1, length(word) + 1) AS n
  WHERE word <> ''
$$
"""


def fill(cursor, batch: int = BATCH, progress=None) -> None:
    """Write every member's rows, a batch of ids at a time (each batch's earlier rows deleted first)."""
    cursor.execute("SELECT MIN(id), MAX(id) FROM members_member")
    low, high = cursor.fetchone()
    if low is None:
        return
    for start in range(low, high + 1, batch):
        cursor.execute("BEGIN")
        # Writers' triggers wait for the batch (a second or two), so none is half-seen and counted twice.
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE member_id >= %s AND member_id < %s", [start, start + batch]
        )
        cursor.execute(ROWS.format(where="m.id >= %s AND m.id < %s"), [start, start + batch])
        cursor.execute("COMMIT")
        if progress:
            progress(min(start + batch, high + 1) - low, high + 1 - low)


def word_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {BY_MEMBER} ON {TABLE} (member_id)")
        cursor.execute(FUNCTIONS)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'member_search_word_%%' AND NOT tgisinternal"
        )
        if cursor.fetchone()[0] == 0:
            cursor.execute(TRIGGERS)
        fill(cursor)
        for statement in INDEXES:
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {GIN_INDEX}")
        cursor.execute("DROP FUNCTION IF EXISTS member_search_words(text)")


def words_index_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(WORDS_FUNCTION)
        cursor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {GIN_INDEX} ON members_member "
            "USING gin (member_search_words(search_text))"
        )
        for trigger, table in (
            ("member_search_word_ins", "members_member"),
            ("member_search_word_upd", "members_member"),
            ("member_search_word_del", "members_member"),
            ("member_search_word_path", "org_orgunit"),
            ("member_search_word_truncate", "members_member"),
        ):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS member_search_word_sync()")
        cursor.execute("DROP FUNCTION IF EXISTS member_search_word_unit_path()")
        cursor.execute("DROP FUNCTION IF EXISTS member_search_word_truncate()")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0010_member_search_words"),
        ("org", "0003_unitversion_org_unitver_unit_id_5e3ac2_idx"),
    ]

    operations = [
        migrations.RunPython(word_table, words_index_again),
    ]
