"""Benchmark: `unit_stats` for the demo province, at demo size and 10× larger.

    .venv/bin/python bench/stats.py                       # 5,000 and 50,000 members, SQLite
    .venv/bin/python bench/stats.py --members 5000        # one size only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/stats.py

For each size it builds a scratch database (an SQLite file in a temporary folder, or a new database
"doanvu_bench_stats_<pid>" on the PostgreSQL server named by DATABASE_URL, dropped afterwards), loads the demo
province with `seed_demo(members=…)` (its own records off), then generates for 2025, per branch: 20
activities with figures (a tenth of them organised jointly with a sibling branch), a meeting every month
with an attendance row per member, and a dues payment per member per month for four members in five.
It prints the time of unit_stats for the province for the year and a quarter, and for a district for the
year (best of --repeat runs), with and without `members_in_arrears` (the per-member dues check), and the
figures computed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = datetime.date(2026, 3, 15)
YEAR = 2025
ACTIVITIES_PER_BRANCH = 20


def scratch_postgres(url: str):
    import psycopg

    parts = urlparse(url)
    name = f"doanvu_bench_stats_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunparse(parts._replace(path=f"/{name}")), drop


def generate_records(seed: int) -> dict[str, int]:
    """Activities, figures, meetings, attendance and dues for the year, written in bulk."""
    from decimal import Decimal

    from doanvu.members.models import COUNTED_STATUSES, Member
    from doanvu.org.models import OrgUnit
    from doanvu.org.selectors import BRANCH_KINDS
    from doanvu.work.catalogue import ensure_catalogue
    from doanvu.work.models import (
        Activity,
        ActivityFigure,
        ActivityOrganiser,
        Attendance,
        DuesPayment,
        Indicator,
        Meeting,
        WorkArea,
    )

    ensure_catalogue()
    rng = random.Random(seed)
    areas = list(WorkArea.objects.all())
    codes = ["participations", "funds_vnd", "gifts", "activities"]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    branches = list(
        OrgUnit.objects.filter(kind__code__in=BRANCH_KINDS, active_to__isnull=True).order_by("path")
    )
    roster: dict[int, list[int]] = {}
    for member_id, unit_id in Member.objects.filter(status__in=COUNTED_STATUSES).values_list("pk", "unit_id"):
        roster.setdefault(unit_id, []).append(member_id)

    activities = []
    for branch in branches:
        for _n in range(ACTIVITIES_PER_BRANCH):
            day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            activities.append(
                Activity(
                    title=f"Hoạt động của {branch.code}",
                    work_area=rng.choice(areas),
                    start_on=day,
                    end_on=day,
                    unit=branch,
                )
            )
    Activity.objects.bulk_create(activities, batch_size=2000)
    organisers, figures = [], []
    by_parent: dict[str, list] = {}
    for branch in branches:
        by_parent.setdefault(branch.path[: -OrgUnit.steplen], []).append(branch)
    for activity in activities:
        organisers.append(ActivityOrganiser(activity=activity, unit_id=activity.unit_id))
        siblings = by_parent[activity.unit.path[: -OrgUnit.steplen]]
        if len(siblings) > 1 and rng.random() < 0.1:
            other = rng.choice([s for s in siblings if s.pk != activity.unit_id])
            organisers.append(ActivityOrganiser(activity=activity, unit_id=other.pk))
        figures.append(
            ActivityFigure(
                activity=activity, indicator=indicators["participations"], value=rng.randint(10, 200)
            )
        )
        figures.append(
            ActivityFigure(
                activity=activity,
                indicator=indicators["funds_vnd"],
                value=Decimal(rng.randint(0, 500)) * 10000,
            )
        )
        if rng.random() < 0.3:
            figures.append(
                ActivityFigure(activity=activity, indicator=indicators["gifts"], value=rng.randint(5, 50))
            )
        if rng.random() < 0.2:
            figures.append(
                ActivityFigure(activity=activity, indicator=indicators["activities"], value=rng.randint(2, 5))
            )
    ActivityOrganiser.objects.bulk_create(organisers, batch_size=5000)
    ActivityFigure.objects.bulk_create(figures, batch_size=5000)

    meetings, attendance, dues = [], [], []
    for branch in branches:
        for month in range(1, 13):
            meetings.append(Meeting(unit=branch, held_on=datetime.date(YEAR, month, rng.randint(1, 28))))
    Meeting.objects.bulk_create(meetings, batch_size=5000)
    for meeting in meetings:
        for member_id in roster.get(meeting.unit_id, []):
            present = rng.random() < 0.85
            attendance.append(
                Attendance(
                    meeting=meeting,
                    member_id=member_id,
                    present=present,
                    excused=not present and rng.random() < 0.5,
                )
            )
            if meeting.held_on.month and rng.random() < 0.8:
                dues.append(
                    DuesPayment(
                        member_id=member_id,
                        unit_id=meeting.unit_id,
                        month=meeting.held_on.replace(day=1),
                        amount=2000,
                        paid_on=meeting.held_on,
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=10000)
    DuesPayment.objects.bulk_create(dues, batch_size=10000)
    return {
        "chi đoàn": len(branches),
        "hoạt động": len(activities),
        "số liệu hoạt động": len(figures),
        "buổi sinh hoạt": len(meetings),
        "lượt điểm danh": len(attendance),
        "lượt đóng đoàn phí": len(dues),
    }


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _n in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(members: int, seed: int, repeat: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from doanvu.demo.province import (
        ROOT_CODE,
        seed_demo,
    )
    from doanvu.lib import periods
    from doanvu.org.models import OrgUnit
    from doanvu.stats import (
        indicators_for,
        unit_stats,
    )

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    try:
        seed_demo(members=members, seed=seed, today=TODAY, records=False)
    except TypeError:  # a seed_demo without the records switch
        seed_demo(members=members, seed=seed, today=TODAY)
    counts = generate_records(seed)
    units = OrgUnit.objects.count()
    print(
        f"\n== {members:,} đoàn viên, {units:,} đơn vị ({connection.vendor}); nạp dữ liệu {time.perf_counter() - started:.1f} s"
    )
    print("   " + ", ".join(f"{name}: {n:,}" for name, n in counts.items()))
    # The records above were written in bulk: build the figures' rollups once from them.
    rebuilt = time.perf_counter()
    call_command("rollup", "--rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"   dựng bảng tổng hợp (rollup --rebuild): {time.perf_counter() - rebuilt:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    province = OrgUnit.objects.get(code=ROOT_CODE)
    district = OrgUnit.objects.filter(depth=2).order_by("path").first()
    all_codes = [i.code for i in indicators_for(province) if i.source != "evaluation"]
    without_arrears = [c for c in all_codes if c != "members_in_arrears"]
    cases = [
        ("tỉnh, năm", province, f"{YEAR}"),
        ("tỉnh, quý", province, f"{YEAR}Q1"),
        ("huyện, năm", district, f"{YEAR}"),
    ]
    for label, unit, code in cases:
        period = periods.parse(code)
        fast, result = timed(
            lambda u=unit, p=period: unit_stats(unit=u, period=p, indicators=without_arrears), repeat
        )
        full, _r = timed(lambda u=unit, p=period: unit_stats(unit=u, period=p), repeat)
        summed, slow = timed(
            lambda u=unit, p=period: unit_stats(
                unit=u, period=p, indicators=without_arrears, from_rollups=False
            ),
            repeat,
        )
        v = result.values
        same = "giống" if slow.values == v else "KHÁC"
        print(
            f"   {label:11} {unit.code:8} {code:7}: {fast * 1000:7.0f} ms từ bảng tổng hợp "
            f"({len(result.children)} đơn vị trực thuộc), {summed * 1000:7.0f} ms cộng từ bản ghi ({same}); "
            f"kèm đoàn viên nợ đoàn phí {full * 1000:7.0f} ms"
        )
        print(
            f"      hoạt động {v['activities']:,}, lượt tham gia {v['participations']:,}, kinh phí {v['funds_vnd']:,} đ, "
            f"đoàn viên {v['members']:,} (đảng viên {v['party_members']:,}), chi đoàn {v['branches']:,}, "
            f"cơ sở {v['grassroots_units']:,}, sinh hoạt {v['meetings_held']:,} buổi, tỷ lệ dự {v['meeting_attendance_pct']}%, "
            f"đoàn phí {v['dues_collected_vnd']:,} đ, kết nạp {v['members_admitted']:,}, nợ đoàn phí {_r.values['members_in_arrears']}"
        )
    # The province's annual report as a user downloads it: the data (figures, prose) and the DOCX file.
    from doanvu.reports.document.data import report_data
    from doanvu.reports.document.files import render_file

    year = periods.parse(f"{YEAR}")

    def docx():
        return render_file(unit=province, data=report_data(unit=province, period=year), fmt="docx")

    took, file = timed(docx, repeat)
    print(f"   báo cáo DOCX năm {YEAR} của tỉnh: {took * 1000:7.0f} ms ({len(file.content) / 1024:,.0f} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, nargs="+", default=[5000, 50000], help="member counts")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--one", action="store_true", help=argparse.SUPPRESS
    )  # a single size, in this process
    args = parser.parse_args()
    if not args.one:
        # One process per size: each gets a fresh Django set up on its own scratch database.
        for members in args.members:
            command = [sys.executable, __file__, "--one", "--members", str(members), "--seed", str(args.seed)]
            subprocess.run([*command, "--repeat", str(args.repeat)], check=True)
        return
    url = os.environ.get("DATABASE_URL", "")
    folder, drop = None, None
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"], drop = scratch_postgres(url)
    else:
        folder = tempfile.mkdtemp(prefix="doanvu-bench-stats-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")
    import django

    django.setup()
    try:
        run(args.members[0], args.seed, args.repeat)
    finally:
        from django.db import connections

        connections.close_all()
        if drop:
            drop()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
