"""The figures of bench/national.py computed again by DuckDB, by brute force over the raw records: the
records are copied from PostgreSQL once (not timed) and each summary is summed from all of them, the tree
as it stood on each record's date through the unit versions' lineage, by the rules of
doanvu/stats/sources.py (docs/architecture.md, "From a record to a report").
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

# The figures DuckDB computes, and how doanvu's value becomes DuckDB's integer (hundredths for money).
COMPARED = {
    "activities": 100,
    "participations": 100,
    "funds_vnd": 100,
    "meetings_held": 1,
    "meeting_attendances": 1,
    "dues_collected_vnd": 1,
    "members": 1,
    "party_members": 1,
    "branches": 1,
    "grassroots_units": 1,
}


def export_to_duckdb(folder: str):
    """The raw records DuckDB sums, copied from PostgreSQL as CSV and loaded into DuckDB's own tables."""
    import duckdb
    from django.db import connection

    from doanvu.members.models import Member
    from doanvu.org.models import UnitKind, UnitVersion
    from doanvu.work.models import (
        Activity,
        ActivityFigure,
        ActivityOrganiser,
        Attendance,
        DuesPayment,
        Indicator,
        Meeting,
    )

    t = {
        "v": UnitVersion._meta.db_table,
        "k": UnitKind._meta.db_table,
        "a": Activity._meta.db_table,
        "o": ActivityOrganiser._meta.db_table,
        "f": ActivityFigure._meta.db_table,
        "i": Indicator._meta.db_table,
        "m": Meeting._meta.db_table,
        "at": Attendance._meta.db_table,
        "d": DuesPayment._meta.db_table,
        "h": Member.history.model._meta.db_table,
    }
    tables = {
        "v": (
            f"SELECT v.unit_id, v.valid_from, v.valid_to, v.lineage, k.code AS kind, k.is_grassroots "
            f"FROM {t['v']} v JOIN {t['k']} k ON k.id = v.kind_id",
            "unit_id BIGINT; valid_from DATE; valid_to DATE; lineage VARCHAR; kind VARCHAR; is_grassroots BOOLEAN",
        ),
        "a": (f"SELECT id, unit_id, start_on FROM {t['a']}", "id BIGINT; unit_id BIGINT; start_on DATE"),
        "o": (f"SELECT activity_id, unit_id FROM {t['o']}", "activity_id BIGINT; unit_id BIGINT"),
        "f": (
            f"SELECT f.activity_id, i.code, f.value FROM {t['f']} f JOIN {t['i']} i ON i.id = f.indicator_id",
            "activity_id BIGINT; code VARCHAR; value DECIMAL(18, 2)",
        ),
        "m": (f"SELECT id, unit_id, held_on FROM {t['m']}", "id BIGINT; unit_id BIGINT; held_on DATE"),
        "att": (f"SELECT meeting_id, present FROM {t['at']}", "meeting_id BIGINT; present BOOLEAN"),
        "d": (
            f"SELECT unit_id, paid_on, amount FROM {t['d']}",
            "unit_id BIGINT; paid_on DATE; amount BIGINT",
        ),
        "h": (
            f"SELECT id, history_id, history_date AT TIME ZONE 'UTC', history_type, status, unit_id, "
            f"party_probationary_on FROM {t['h']}",
            "id BIGINT; history_id BIGINT; history_date TIMESTAMP; history_type VARCHAR; status VARCHAR; "
            "unit_id BIGINT; party_on DATE",
        ),
    }
    duck = duckdb.connect()
    counts = {}
    connection.ensure_connection()
    raw = connection.connection
    for name, (select, columns) in tables.items():
        path = os.path.join(folder, f"{name}.csv")
        with raw.cursor() as cursor, open(path, "wb") as out:
            with cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT CSV)") as copy:
                for chunk in copy:
                    out.write(chunk)
        spec = ", ".join(
            f"'{c}': '{kind}'" for c, kind in (x.strip().split(" ", 1) for x in columns.split(";"))
        )
        duck.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header=false, columns={{{spec}}})"
        )
        counts[name] = duck.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
        os.remove(path)
    return duck, counts


VALID = "{v}.valid_from <= {day} AND ({v}.valid_to IS NULL OR {v}.valid_to > {day})"
# The record's unit version (vx) and the asked unit's version (vu) valid on the record's day — the unit's
# or one of the units merged into it (docs/domain.md, "Merges carry the records over") — and the key: the
# segment of the direct child the record lay under ('' for the unit's own).
UNDER = (
    "JOIN v vx ON vx.unit_id = r.unit_id AND " + VALID.format(v="vx", day="r.day") + " "
    "JOIN v vu ON list_contains($units, vu.unit_id) AND " + VALID.format(v="vu", day="r.day") + " "
    "WHERE starts_with(vx.lineage, vu.lineage)"
)
KEY = "substr(vx.lineage, length(vu.lineage) + 1, 7)"

DUCK_SQL = {
    "activities": (
        "WITH orgs AS (SELECT id AS aid, unit_id, start_on AS day FROM a WHERE start_on BETWEEN $start AND $end "
        "UNION SELECT o.activity_id, o.unit_id, a.start_on FROM o JOIN a ON a.id = o.activity_id "
        "WHERE a.start_on BETWEEN $start AND $end), "
        f"hits AS (SELECT DISTINCT {KEY} AS k, r.aid FROM orgs r {UNDER}), "
        "grp AS (SELECT k, aid FROM hits UNION ALL SELECT DISTINCT '*', aid FROM hits), "
        "fig AS (SELECT f.activity_id AS aid, "
        "SUM(CASE WHEN f.code = 'activities' THEN CAST(ROUND(f.value * 100) AS BIGINT) END) AS s, "
        "SUM(CASE WHEN f.code = 'participations' THEN CAST(ROUND(f.value * 100) AS BIGINT) END) AS p, "
        "SUM(CASE WHEN f.code = 'funds_vnd' THEN CAST(ROUND(f.value * 100) AS BIGINT) END) AS fu "
        "FROM f WHERE f.activity_id IN (SELECT aid FROM hits) GROUP BY 1) "
        "SELECT g.k, SUM(COALESCE(fig.s, 100)), SUM(COALESCE(fig.p, 0)), SUM(COALESCE(fig.fu, 0)) "
        "FROM grp g LEFT JOIN fig ON fig.aid = g.aid GROUP BY 1",
        ("activities", "participations", "funds_vnd"),
    ),
    "meetings": (
        "WITH r AS (SELECT m.id, m.unit_id, m.held_on AS day FROM m WHERE m.held_on BETWEEN $start AND $end), "
        f"held AS (SELECT {KEY} AS k, r.id FROM r {UNDER}) "
        "SELECT held.k, COUNT(DISTINCT held.id), SUM(CASE WHEN att.present THEN 1 ELSE 0 END) "
        "FROM held LEFT JOIN att ON att.meeting_id = held.id GROUP BY 1",
        ("meetings_held", "meeting_attendances"),
    ),
    "dues": (
        "WITH r AS (SELECT unit_id, paid_on AS day, amount FROM d WHERE paid_on BETWEEN $start AND $end) "
        f"SELECT {KEY}, SUM(r.amount) FROM r {UNDER} GROUP BY 1",
        ("dues_collected_vnd",),
    ),
    "members": (
        "WITH last AS (SELECT * FROM h WHERE history_date < $moment "
        "QUALIFY row_number() OVER (PARTITION BY id ORDER BY history_date DESC, history_id DESC) = 1), "
        "r AS (SELECT unit_id, CAST($end AS DATE) AS day, party_on FROM last "
        "WHERE history_type <> '-' AND list_contains($statuses, status)) "
        f"SELECT {KEY}, COUNT(*), SUM(CASE WHEN r.party_on <= $end THEN 1 ELSE 0 END) FROM r {UNDER} GROUP BY 1",
        ("members", "party_members"),
    ),
    "units": (
        "WITH r AS (SELECT unit_id, CAST($end AS DATE) AS day FROM v WHERE "
        + VALID.format(v="v", day="$end")
        + ") "
        f"SELECT {KEY}, SUM(CASE WHEN list_contains($branch_kinds, vx.kind) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN vx.is_grassroots THEN 1 ELSE 0 END) FROM r {UNDER} GROUP BY 1",
        ("branches", "grassroots_units"),
    ),
}


def duck_summary(duck, unit, period) -> dict[str, dict[str, int]]:
    """{group key ('' own, a child's segment, '*' the sub-tree): {code: integer}} by brute force."""
    from django.utils import timezone

    from doanvu.members.models import COUNTED_STATUSES
    from doanvu.org.selectors import BRANCH_KINDS, predecessors

    moment = timezone.make_aware(
        datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min)
    )
    moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    params = {
        "units": [unit.pk, *(p.pk for p in predecessors(unit))],
        "start": period.start,
        "end": period.end,
        "moment": moment,
        "statuses": list(COUNTED_STATUSES),
        "branch_kinds": list(BRANCH_KINDS),
    }
    groups: dict[str, dict[str, int]] = {}
    for sql, codes in DUCK_SQL.values():
        wanted = {name: params[name] for name in params if f"${name}" in sql}
        rows = duck.execute(sql, wanted).fetchall()
        for key, *values in rows:
            groups.setdefault(key, {}).update({c: int(v or 0) for c, v in zip(codes, values, strict=True)})
        if "activities" not in codes:  # one group per record: the sub-tree is the sum of the groups
            total = groups.setdefault("*", {})
            for index, code in enumerate(codes):
                total[code] = sum(int(row[index + 1] or 0) for row in rows)
    return groups


def differences(stats, duck: dict[str, dict[str, int]]) -> list[str]:
    """Where doanvu's figures differ from DuckDB's (empty when equal)."""
    from doanvu.org.models import lineage_segment

    out = []
    rows = [("*", "toàn bộ", stats.values), ("", "tự thân", stats.own)]
    rows += [(lineage_segment(c.unit.pk), c.unit.code, c.values) for c in stats.children]
    for key, label, values in rows:
        for code, factor in COMPARED.items():
            ours = int((values.get(code) or Decimal(0)) * factor)
            theirs = duck.get(key, {}).get(code, 0)
            if ours != theirs:
                out.append(f"{label} {code}: doanvu {ours}, duckdb {theirs}")
    known = {key for key, _label, _values in rows}
    for key, values in duck.items():
        if key not in known and any(values.values()):
            out.append(f"nhóm {key!r} chỉ có ở DuckDB: {values}")
    return out
