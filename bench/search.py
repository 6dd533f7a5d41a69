"""Benchmark: the member search (doanvu/members/selectors.py, member_search) on a big register, PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py
    DATABASE_URL=… .venv/bin/python bench/search.py --members 1000000 --db my_scratch --json

It creates a scratch database on the server named by DATABASE_URL (`--db`, by default
doanvu_bench_search_<pid>; dropped afterwards unless `--keep`), migrates it, builds a province of 10
districts × 10 grassroots unions × 10 branches through the services, and writes N members (7,000,000 by
default) with COPY, the member table's indexes dropped and its triggers off first; then it builds the
indexes again, fills the name search's word table as its migration does and builds its indexes (each
timed): plausible names (doanvu/demo/names.py), a unique citizen ID and phone each. Then, as the
province's officer and as a district's, it times what the member list does for a query: the count
(stopped past 1,000 for a name) and the first page of 50 (with their current positions), for typical
queries — a full name, a family and middle name, one short word, a citizen ID, a phone — and prints the
median and p95 of `--repeat` runs of each (the first run, which reads from disk, is left out), a table or
with `--json` one line. `--build-only` builds without timing; `--existing` times a database built with
`--keep` (`--rebuild-words`: its word table filled again).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ON = datetime.date(2024, 1, 1)
QUERIES = ["nguyen van an", "tran thi", "le", "{citizen_id}", "{phone}"]
NAME_POOL = 30_000  # distinct names drawn once with the demo's weights, then reused


def scratch(url: str, name: str):
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunparse(parts._replace(path=f"/{name}")), drop


def build_tree():
    """Province → 10 districts → 10 grassroots unions each → 10 branches each; two officers."""
    from django.contrib.auth import get_user_model

    from doanvu.accounts.models import Officer, Role
    from doanvu.org.kinds import ensure_default_kinds
    from doanvu.org.models import UnitKind
    from doanvu.org.services import unit_create

    ensure_default_kinds()
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}

    def make(parent, kind, name, code):
        return unit_create(
            parent=parent, kind=kinds[kind], name=name, code=code, on=ON, by=None, check_permission=False
        )

    province = make(None, "province", "Tỉnh đoàn Thử", "T")
    branches, districts = [], []
    for d in range(10):
        district = make(province, "district", f"Huyện đoàn {d}", f"H{d}")
        districts.append(district)
        for g in range(10):
            grassroots = make(district, "grassroots", f"Đoàn xã {d}.{g}", f"X{d}{g}")
            for b in range(10):
                branches.append(make(grassroots, "branch", f"Chi đoàn {d}.{g}.{b}", f"C{d}{g}{b}").pk)
    users = {}
    for username, unit in (("tinh", province), ("huyen", districts[0])):
        users[username] = get_user_model().objects.create_user(username=username, password="x")
        Officer.objects.create(user=users[username], unit=unit, role=Role.VIEWER)
    return branches, districts[0], users


def write_members(n: int, branches: list[int], seed: int) -> None:
    from django.db import connection, transaction

    from doanvu.demo import names
    from doanvu.demo.national import pg
    from doanvu.lib import vntext
    from doanvu.members.models import Member

    rng = random.Random(seed)
    pool = []
    for _ in range(NAME_POOL):
        gender = rng.choice(("male", "female"))
        ethnicity = names.weighted(rng, names.ETHNICITIES)
        name = names.person_name(rng, gender=gender, ethnicity=ethnicity)
        pool.append((name, gender, ethnicity, vntext.name_sort_key(name), vntext.search_key(name)))
    columns = (
        "id", "full_name", "gender", "date_of_birth", "ethnicity", "religion", "citizen_id", "hometown",
        "residence", "phone", "email", "joined_on", "joined_place", "card_number", "education_level",
        "qualification", "political_theory", "occupation", "status", "status_changed_on", "is_honorary",
        "party_course_on", "party_introduced_on", "party_probationary_on", "party_full_on", "sort_key",
        "search_text", "created", "updated", "unit_id", "dues_category", "party_course_certificate",
        "party_introduced_resolution",
    )  # fmt: skip
    births = [(ON - datetime.timedelta(days=365 * 16 + d)).isoformat() for d in range(0, 365 * 14, 7)]
    tail = "\t\t\t\t\t\tactive\t\\N\tf\t\\N\t\\N\t\\N\t\\N\t"
    stamp = "2024-01-01 08:00:00+07"
    writer = pg.Writer()
    with transaction.atomic(), pg.Table(writer, Member, columns) as table:
        for i in range(1, n + 1):
            name, gender, ethnicity, sort_key, search = pool[rng.randrange(NAME_POOL)]
            table.add_text(
                f"{i}\t{name}\t{gender}\t{births[i % len(births)]}\t{ethnicity}\tKhông\t084{i:09d}\t\t\t"
                f"09{i:08d}\t\t2016-03-26\t{tail}{sort_key}\t{search}\t{stamp}\t{stamp}\t"
                f"{branches[i % len(branches)]}\t\t\t\n"
            )
    writer.close()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('members_member', 'id'), {n})")


def build_word_table(figures: dict) -> None:
    """Fill the name search's word table as its migration does (batches of ids), build its indexes, turn
    its triggers on again and analyse every table (the planner must know the tree as well as the members)."""
    from django.db import connection

    words = migration()
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(f"DROP INDEX IF EXISTS {words.BY_NAME}, {words.BY_PATH}")
        cursor.execute(f"TRUNCATE {words.TABLE}")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {words.BY_MEMBER} ON {words.TABLE} (member_id)")
        words.fill(cursor, progress=lambda done, total: print(f"  words {done:,}/{total:,}", file=sys.stderr))
        figures["words_fill_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        for statement in words.INDEXES:
            cursor.execute(statement)
        cursor.execute("ALTER TABLE members_member ENABLE TRIGGER USER")
        figures["words_indexes_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        cursor.execute(f"VACUUM ANALYZE {words.TABLE}")  # marks its pages all-visible: index-only reads
        cursor.execute("ANALYZE")
        figures["analyze_s"] = round(time.perf_counter() - start, 1)


def migration():
    import importlib

    return importlib.import_module("doanvu.members.migrations.0011_member_search_word")


def timed(function, repeat: int) -> dict:
    function()  # the first run reads from disk
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
    }


def run(args) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection

    from doanvu.demo.national import pg
    from doanvu.members import selectors
    from doanvu.members.models import Member
    from doanvu.org.models import OrgUnit

    words = migration()
    figures: dict = {"members": args.members, "database": "postgresql", "copy_s": None, "indexes_s": None}
    if args.existing:
        figures["members"] = Member.objects.count()
        district = OrgUnit.objects.get(code="H0")
        users = {
            user.username: user for user in get_user_model().objects.filter(username__in=("tinh", "huyen"))
        }
    else:
        call_command("migrate", verbosity=0)
        branches, district, users = build_tree()
        statements = pg.drop_indexes([Member])
        with connection.cursor() as cursor:
            # The word table is filled once after COPY, as its migration fills it, not row by row.
            cursor.execute("ALTER TABLE members_member DISABLE TRIGGER USER")
            cursor.execute(f"DROP INDEX IF EXISTS {words.BY_MEMBER}")
        start = time.perf_counter()
        write_members(args.members, branches, args.seed)
        figures["copy_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        pg.restore(statements, progress=lambda what: print(f"  {what}", file=sys.stderr))
        figures["indexes_s"] = round(time.perf_counter() - start, 1)
        build_word_table(figures)
    if args.rebuild_words:
        build_word_table(figures)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('members_member'), pg_relation_size(%s),"
            " pg_relation_size(%s), pg_relation_size(%s)",
            [words.TABLE, words.BY_NAME, words.BY_PATH],
        )
        total, table, by_name, by_path = cursor.fetchone()
    figures["table_mb"] = total >> 20
    figures["words_table_mb"], figures["words_by_name_mb"], figures["words_by_path_mb"] = (
        table >> 20,
        by_name >> 20,
        by_path >> 20,
    )
    if args.build_only:
        return figures
    sample = (
        Member.objects.filter(district.subtree_q("unit__"))
        .order_by("id")[figures["members"] // 50 :][:1]
        .get()
    )
    rows = []
    for who, unit in (("tinh", None), ("huyen", district)):
        for template in QUERIES:
            q = template.format(citizen_id=sample.citizen_id, phone=sample.phone)

            def page(q=q, who=who, unit=unit):
                members = selectors.member_results(
                    user=users[who],
                    unit=unit,
                    q=q,
                    status=selectors.STATUS_CURRENT,
                    prepare=selectors.with_current_positions,
                )
                first = Paginator(members, 50).get_page(1)
                return first.paginator.count, getattr(members, "capped", False), len(list(first))

            found, capped, shown = page()
            rows.append(
                {
                    "scope": who,
                    "q": q,
                    "found": found,
                    "more": capped,
                    "shown": shown,
                    **timed(page, args.repeat),
                }
            )
    figures["queries"] = rows
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=7_000_000)
    parser.add_argument("--db", default=f"doanvu_bench_search_{os.getpid()}")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--existing", action="store_true", help="time the queries on --db as a run with --keep left it"
    )
    parser.add_argument(
        "--rebuild-words",
        action="store_true",
        help="with --existing: fill the word table and its indexes again",
    )
    parser.add_argument("--build-only", action="store_true", help="build (with --keep) without timing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench/search.py needs DATABASE_URL=postgres://… (it writes with COPY).")
    if args.existing:
        os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{args.db}"))
        args.keep, drop = True, None
    else:
        os.environ["DATABASE_URL"], drop = scratch(url, args.db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    try:
        figures = run(args)
    finally:
        if not args.keep:
            drop()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    if figures["copy_s"] is not None:
        print(
            f"{figures['members']:,} members: COPY {figures['copy_s']} s, indexes {figures['indexes_s']} s; "
            f"table with indexes {figures['table_mb']} MB; word table {figures['words_fill_s']} s,"
            f" its indexes {figures['words_indexes_s']} s, ANALYZE {figures['analyze_s']} s;"
            f" word table {figures['words_table_mb']} MB, by name {figures['words_by_name_mb']} MB,"
            f" by path {figures['words_by_path_mb']} MB"
        )
    print(f"{'scope':<7}{'query':<16}{'found':>10}{'median ms':>11}{'p95 ms':>9}")
    for row in figures.get("queries", []):
        found = f"{'> ' if row['more'] else ''}{row['found']:,}"
        print(f"{row['scope']:<7}{row['q']:<16}{found:>10}{row['median_ms']:>11}{row['p95_ms']:>9}")


if __name__ == "__main__":
    main()
