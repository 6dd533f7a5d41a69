"""Benchmark: the figures of a unit (`doanvu.stats.unit_stats`, every indicator, with children) on the national
data set (docs/national.md), beside the same figures summed by DuckDB from the raw records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/doanvu_national .venv/bin/python bench/national.py
    .venv/bin/python bench/national.py --url postgres://postgres@127.0.0.1:5432/doanvu_national --json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/national.py --scale 0.02

With `--scale S` it first builds a scratch database on that server (`--name`, else
"doanvu_bench_national_<pid>"; dropped afterwards unless `--keep`): migrate, then `seed_national --scale S
--seed N` (which ends by rebuilding the rollups), timed, and prints its size.

The cases: the country (the root), the new province of Vĩnh Long, its commune union with the most branches,
that union's largest branch; each for 2025 (the reform year), 2026, a quarter, a month and a school year.
For each: the median and p95 of `--repeat` runs of unit_stats, then the same summary computed by DuckDB by
brute force over the raw records (exported from PostgreSQL once, not timed; the tree as it stood on each
record's date through the unit versions' lineage, docs/architecture.md, "From a record to a report"), its
median time, the ratio, and whether the figures DuckDB computes (activities, participations, funds,
meetings held, attendances, dues collected, members, Party members, branches, grassroots units) are equal
for the sub-tree, the unit's own records and every direct child; beside them, what does not depend on the
machine's load, the median CPU time of this process and the number of queries of one summary. Then each
unit's activities of 2025 by work area (the report's chapters), read from the rollups beside the same summed
from the records, and whether they are equal. Then the province's annual DOCX (wall time, and the CPU time of this process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from national_duckdb import differences, duck_summary, export_to_duckdb  # noqa: E402 (bench/national_duckdb.py)

PERIODS = ("2025", "2026", "2025Q3", "202510", "NH2025-2026")
UNIT_LABELS = ("country", "province", "commune", "branch")
PROVINCE = "VL"  # Vĩnh Long, formed on 1/7/2025 from Vĩnh Long, Bến Tre and Trà Vinh
TARGET_MS = 50.0
TARGET_RATIO = 0.25
DOCX_TARGET_S = 2.0
# -- Pure helpers ---------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def case_list(
    units: tuple[str, ...] = UNIT_LABELS, periods: tuple[str, ...] = PERIODS
) -> list[tuple[str, str]]:
    """Every (unit label, period code) to measure, the units in order, each with every period."""
    return [(unit, period) for unit in units for period in periods]


def json_line(cases: list[dict], **extra) -> str:
    """The one line `--json` prints: {"cases": [{unit, period, ms_median, ms_p95, duckdb_ms, equal}, …]}."""
    keys = ("unit", "period", "ms_median", "ms_p95", "duckdb_ms", "equal")
    rows = [{key: case[key] for key in keys} for case in cases]
    return json.dumps({"cases": rows, **extra}, ensure_ascii=False)


def meets_target(case: dict) -> bool:
    return (
        case["ms_median"] <= TARGET_MS
        and case["ms_median"] <= TARGET_RATIO * case["duckdb_ms"]
        and case["equal"] is True
    )


# -- The scratch database -------------------------------------------------------------------------------


def build_scratch(url: str, name: str, scale: float, seed: int) -> tuple[str, float]:
    """Create `name` on the server of `url`, migrate it and seed the country. (its URL, seconds of the seed)."""
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    scratch = urlunparse(parts._replace(path=f"/{name}"))
    env = {**os.environ, "DATABASE_URL": scratch, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    command = [sys.executable, "-m", "doanvu"]
    subprocess.run([*command, "migrate", "-v", "0"], check=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    seed_args = ["seed_national", "--scale", str(scale), "--seed", str(seed)]
    subprocess.run([*command, *seed_args], check=True, env=env, cwd=ROOT, stdout=sys.stderr)
    return scratch, time.perf_counter() - started


def drop_scratch(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


# -- The cases' units -----------------------------------------------------------------------------------


def pick_units() -> dict:
    """The root, Vĩnh Long, its commune union with the most branches now, and that union's largest branch."""
    from django.db.models import Count, Q

    from doanvu.members.models import COUNTED_STATUSES
    from doanvu.org.models import OrgUnit
    from doanvu.org.selectors import BRANCH_KINDS

    country = OrgUnit.objects.get(depth=1)
    province = OrgUnit.objects.get(code=PROVINCE)
    unions = OrgUnit.objects.filter(
        path__startswith=province.path,
        depth=province.depth + 1,
        kind__is_grassroots=True,
        active_to__isnull=True,
    ).exclude(kind__code__in=BRANCH_KINDS)
    commune = max(
        (u for u in unions if u.name.startswith("Đoàn xã")),
        key=lambda u: (
            OrgUnit.objects.filter(
                path__startswith=u.path, depth=u.depth + 1, active_to__isnull=True
            ).count(),
            -u.pk,
        ),
    )
    branch = (
        OrgUnit.objects.filter(
            path__startswith=commune.path,
            depth=commune.depth + 1,
            active_to__isnull=True,
            kind__code__in=BRANCH_KINDS,
        )
        .annotate(n=Count("members", filter=Q(members__status__in=COUNTED_STATUSES)))
        .order_by("-n", "pk")
        .first()
    )
    return {"country": country, "province": province, "commune": commune, "branch": branch}


# -- Timing ---------------------------------------------------------------------------------------------


def times_ms(fn, repeat: int) -> tuple[list[float], object]:
    out, result = [], None
    for _n in range(repeat):
        started = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - started) * 1000)
    return out, result


def work_of(fn, repeat: int = 3) -> tuple[float, int]:
    """What a call costs whatever the machine's load: the median CPU time of this process (ms) over
    `repeat` calls, and the number of queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = []
    for _n in range(repeat):
        started = time.process_time()
        fn()
        cpu.append((time.process_time() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        fn()
    return percentile(cpu, 50), len(captured.captured_queries)


def profile(unit, period) -> list[str]:
    """Where a case's time goes: the queries of one unit_stats, slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doanvu.stats import indicators_for, unit_stats
    from doanvu.work.models import Indicator

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        unit_stats(unit=unit, period=period)
        took = (time.perf_counter() - started) * 1000
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    in_sql = sum(float(q["time"]) for q in queries) * 1000
    # The same summary without the figures the rollups do not keep (arrears, evaluation): what reading the
    # rollups alone costs.
    kept = [
        i.code
        for i in indicators_for(unit)
        if i.code != "members_in_arrears" and i.source != Indicator.Source.EVALUATION
    ]
    without, _stats = times_ms(lambda: unit_stats(unit=unit, period=period, indicators=kept), 3)
    with CaptureQueriesContext(connection) as kept_captured:
        unit_stats(unit=unit, period=period, indicators=kept)
    kept_queries = sorted(kept_captured.captured_queries, key=lambda q: -float(q["time"]))
    kept_sql = sum(float(q["time"]) for q in kept_queries) * 1000
    lines = [
        f"      {len(queries)} truy vấn, {in_sql:.0f} ms trong SQL / {took:.0f} ms tổng; "
        f"không tính nợ đoàn phí và đánh giá: median {percentile(without, 50):.1f} ms "
        f"({len(kept_queries)} truy vấn, {kept_sql:.0f} ms trong SQL)"
    ]
    for query in queries[:3] + [q for q in kept_queries[:3] if q not in queries[:3]]:
        lines.append(f"      {float(query['time']) * 1000:7.1f} ms  {' '.join(query['sql'].split())[:160]}")
    return lines


def run(args, say) -> dict:
    from django.db import connection

    from doanvu.lib import periods
    from doanvu.stats import unit_stats

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    units = pick_units()
    say(f"Cơ sở dữ liệu {connection.settings_dict['NAME']}: {size / 2**20:,.0f} MB")
    say("Đơn vị: " + ", ".join(f"{label} {u.code} ({u.name})" for label, u in units.items()))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="doanvu-bench-national-") as folder:
        duck, counts = export_to_duckdb(folder)
    say(f"Xuất sang DuckDB {time.perf_counter() - started:.1f} s (không tính giờ): {counts}")

    cases = []
    for label, code in case_list(tuple(args.units)):
        unit, period = units[label], periods.parse(code)
        ours, stats = times_ms(lambda u=unit, p=period: unit_stats(unit=u, period=p), args.repeat)
        theirs, groups = times_ms(lambda u=unit, p=period: duck_summary(duck, u, p), args.duckdb_repeat)
        diff = differences(stats, groups)
        cpu, queries = work_of(lambda u=unit, p=period: unit_stats(unit=u, period=p))
        case = {
            "unit": label,
            "code": unit.code,
            "period": code,
            "ms_median": round(percentile(ours, 50), 1),
            "ms_p95": round(percentile(ours, 95), 1),
            "duckdb_ms": round(percentile(theirs, 50), 1),
            "equal": not diff,
            "children": len(stats.children),
        }
        case["ratio"] = round(case["ms_median"] / case["duckdb_ms"], 3) if case["duckdb_ms"] else None
        cases.append(case)
        mark = "đạt" if meets_target(case) else "CHƯA ĐẠT"
        say(
            f"{label:8} {unit.code:14} {code:12} median {case['ms_median']:7.1f} ms  p95 {case['ms_p95']:7.1f} ms  "
            f"DuckDB {case['duckdb_ms']:7.1f} ms  ×{case['ratio']}  bằng nhau: {case['equal']}  "
            f"CPU {cpu:5.1f} ms, {queries} truy vấn  "
            f"({case['children']} trực thuộc; hoạt động {stats.values.get('activities')}, "
            f"đoàn viên {stats.values.get('members')})  {mark}"
        )
        for line in diff[:8]:
            say("      ≠ " + line)
        if args.profile and not meets_target(case):
            for line in profile(unit, period):
                say(line)

    chapters = chapter_cases(units, args.repeat, say)
    docx_ms = None
    if not args.no_docx:
        docx_ms, docx_cpu = docx_times(
            units["province"], periods.parse("2025"), args.docx_repeat, say if args.profile else None
        )
        say(
            f"Báo cáo năm 2025 của {units['province'].code} (report_data + DOCX): median {percentile(docx_ms, 50):.0f} ms, "
            f"lớn nhất {max(docx_ms):.0f} ms (mục tiêu ≤ {DOCX_TARGET_S * 1000:.0f} ms); "
            f"CPU của tiến trình median {percentile(docx_cpu, 50):.0f} ms"
        )
    docx = round(percentile(docx_ms, 50), 1) if docx_ms else None
    return {"cases": cases, "chapters": chapters, "docx_ms": docx, "database_mb": round(size / 2**20)}


def chapter_cases(units: dict, repeat: int, say) -> list[dict]:
    """Each unit's activities of 2025 by work area (the report's chapters: activities, sessions, figures and
    movements), read as the report reads them and summed from the records, with whether they are equal. A
    branch reads its few activities from the records either way (stats/rollup_areas.py)."""
    from doanvu.lib import periods
    from doanvu.org.selectors import BRANCH_KINDS
    from doanvu.reports.document.activities import _by_area, _summed
    from doanvu.stats.frame import Frame

    out = []
    for label, unit in units.items():
        frame = Frame.of(unit, periods.parse("2025"))
        branch = unit.kind.code in BRANCH_KINDS
        kept, read = times_ms(lambda f=frame: _by_area(f, from_rollups=True), repeat)
        summed, records = times_ms(lambda f=frame: _summed(f), max(1, repeat // 4))
        case = {
            "unit": label,
            "code": unit.code,
            "ms_median": round(percentile(kept, 50), 1),
            "records_ms": round(percentile(summed, 50), 1),
            "equal": read == records,
        }
        out.append(case)
        say(
            f"Chương theo mặt công tác {label:8} {unit.code:14} 2025: "
            f"{'cộng từ bản ghi (chi đoàn)' if branch else 'đọc bảng tổng hợp'} median {case['ms_median']:.1f} ms, "
            f"cộng từ bản ghi {case['records_ms']:.1f} ms, bằng nhau: {case['equal']} "
            f"({sum(a.count for a in read.values())} hoạt động)"
        )
    return out


def docx_times(unit, period, repeat: int, say=None) -> tuple[list[float], list[float]]:
    """The annual report as a user downloads it: report data, then the Word file. With `say`, where the
    time of the last run went."""
    from doanvu.reports.document.activities import activities_by_area
    from doanvu.reports.document.data import report_data
    from doanvu.reports.document.files import render_file

    took, cpu = [], []
    for _n in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        data = report_data(unit=unit, period=period)
        middle = time.perf_counter()
        render_file(unit=unit, data=data, fmt="docx")
        ended = time.perf_counter()
        took.append((ended - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    if say:
        areas, _result = times_ms(lambda: activities_by_area(unit, period), 1)
        say(
            f"      lần cuối: report_data {(middle - started) * 1000:.0f} ms (trong đó hoạt động theo lĩnh vực "
            f"{areas[0]:.0f} ms, đo lại riêng), DOCX {(ended - middle) * 1000:.0f} ms"
        )
    return took, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="the national data set (default: DATABASE_URL)")
    parser.add_argument("--scale", type=float, help="build a scratch national set of this scale first")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--name", help="the scratch database's name (with --scale)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--repeat", type=int, default=7, help="runs of unit_stats per case")
    parser.add_argument("--duckdb-repeat", type=int, default=3, help="runs of DuckDB per case")
    parser.add_argument("--docx-repeat", type=int, default=3)
    parser.add_argument("--units", nargs="+", choices=UNIT_LABELS, default=list(UNIT_LABELS))
    parser.add_argument("--no-docx", action="store_true", help="skip the province's annual report")
    parser.add_argument("--profile", action="store_true", help="list the queries of the cases off target")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    url = args.url or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        parser.error("Cần một cơ sở dữ liệu PostgreSQL: --url hoặc DATABASE_URL.")

    def say(text: str) -> None:
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    scratch = None
    extra = {}
    if args.scale:
        name = args.name or f"doanvu_bench_national_{os.getpid()}"
        url, seconds = build_scratch(url, name, args.scale, args.seed)
        scratch = url
        say(f"seed_national --scale {args.scale} --seed {args.seed}: {seconds:.1f} s")
        extra["seed_s"] = round(seconds, 1)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")
    import django

    django.setup()
    try:
        result = run(args, say)
    finally:
        from django.db import connections

        connections.close_all()
        if scratch and not args.keep:
            drop_scratch(scratch)
    if args.json:
        print(
            json_line(
                result["cases"],
                chapters=result["chapters"],
                docx_ms=result["docx_ms"],
                database_mb=result["database_mb"],
                **extra,
            )
        )


if __name__ == "__main__":
    main()
