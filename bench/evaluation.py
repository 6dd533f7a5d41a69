"""Benchmark: the year-end evaluation, inspection and Party pipeline on the demo province.

    .venv/bin/python bench/evaluation.py                     # 5,000 and 50,000 members, SQLite
    .venv/bin/python bench/evaluation.py --members 5000      # one size only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/evaluation.py

For each size it builds a scratch database (as bench/stats.py does), seeds the demo province with its
records and its 2025 evaluation (`seed_demo`), and prints the seed's times, then the time (best of
--repeat runs) of what officers open most: the evaluation sheet of the largest branch and the decision
page of the largest grassroots union, the province's evaluation figures for 2025 (unit_stats), the
classification rows and sub-tree summary of the province, the inspection ranking recomputed, the scores
proposed from data for one assessment, the Party funnel and the "who is due" list of the province, and
the inspection's conclusion as a Word file.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = datetime.date(2026, 3, 15)
YEAR = 2025
EVALUATION_CODES = [
    "members",
    "members_evaluated",
    "members_evaluated_pct",
    "members_outstanding",
    "members_good",
    "members_completed",
    "members_not_completed",
    "training_registered",
    "outstanding_introduced",
    "party_admitted",
    "party_full_members",
]


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
    from django.db.models import Count

    from doanvu.demo.province import (
        ROOT_CODE,
        seed_demo,
    )
    from doanvu.evaluation.classification.selectors import (
        classification_rows,
        classification_summary,
    )
    from doanvu.evaluation.inspection import proposals, scoring
    from doanvu.evaluation.inspection.conclusion import render_docx
    from doanvu.evaluation.members import selectors as member_selectors
    from doanvu.evaluation.models import (
        Assessment,
        InspectionPlan,
    )
    from doanvu.evaluation.party import selectors as pipeline_selectors
    from doanvu.lib import periods
    from doanvu.members.models import COUNTED_STATUSES, Member
    from doanvu.org.models import OrgUnit
    from doanvu.stats import unit_stats

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    summary = seed_demo(members=members, seed=seed, today=TODAY)
    total = time.perf_counter() - started
    print(f"\n== {members:,} đoàn viên, {OrgUnit.objects.count():,} đơn vị ({connection.vendor})")
    print(
        f"   nạp dữ liệu {total:.1f} s: đơn vị và đoàn viên "
        f"{summary.seconds - summary.records.seconds - summary.evaluation.seconds:.1f} s, "
        f"công tác {summary.records.seconds:.1f} s, đánh giá {summary.evaluation.seconds:.1f} s"
    )
    print(f"   {summary.evaluation.line()}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    province = OrgUnit.objects.get(code=ROOT_CODE)
    biggest_branch = OrgUnit.objects.get(
        pk=Member.objects.filter(status__in=COUNTED_STATUSES)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["unit"]
    )
    grassroots = member_selectors.deciding_unit(biggest_branch)
    plan = InspectionPlan.objects.order_by("pk").first()
    assessment = Assessment.objects.filter(state=Assessment.State.SUBMITTED).order_by("pk").first() or (
        Assessment.objects.order_by("pk").first()
    )
    year = periods.parse(f"{YEAR}")
    day = datetime.date(YEAR, 12, 31)
    cases = [
        (
            f"phiếu đánh giá chi đoàn {biggest_branch.code}",
            lambda: len(member_selectors.evaluation_sheet(unit=biggest_branch, year=YEAR).rows),
        ),
        (
            f"trang quyết định của {grassroots.code}",
            lambda: len(member_selectors.decision_progress(unit=grassroots, year=YEAR)),
        ),
        (
            "số liệu đánh giá của tỉnh",
            lambda: unit_stats(unit=province, period=year, indicators=EVALUATION_CODES).values[
                "members_outstanding"
            ],
        ),
        (
            "xếp loại đơn vị trực thuộc tỉnh",
            lambda: len(classification_rows(parent=province, year=YEAR, user=None)),
        ),
        ("tổng hợp xếp loại toàn tỉnh", lambda: len(classification_summary(unit=province, year=YEAR))),
        ("xếp hạng lại kế hoạch kiểm tra", lambda: len(scoring.plan_rank(plan))),
        (
            f"điểm đề xuất từ dữ liệu ({assessment.unit.code})",
            lambda: len(proposals.propose_all(assessment=assessment)),
        ),
        (
            "phễu phát triển Đảng của tỉnh",
            lambda: pipeline_selectors.pipeline_funnel(unit=province, year=YEAR, day=day),
        ),
        ("danh sách đến hạn của tỉnh", lambda: pipeline_selectors.pipeline_due(unit=province, day=day)),
        ("thông báo kết luận (DOCX)", lambda: f"{len(render_docx(plan)) / 1024:,.0f} KB"),
    ]
    for label, fn in cases:
        took, result = timed(fn, repeat)
        shown = result if isinstance(result, int | str) else type(result).__name__
        print(f"   {label:45} {took * 1000:8.0f} ms   ({shown})")


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
        for members in args.members:
            command = [sys.executable, __file__, "--one", "--members", str(members), "--seed", str(args.seed)]
            subprocess.run([*command, "--repeat", str(args.repeat)], check=True)
        return
    # The evidence files the seed writes go to this scratch folder's media, with the SQLite file.
    folder = tempfile.mkdtemp(prefix="doanvu-bench-eval-")
    os.environ["DOANVU_DATA_DIR"] = folder
    url = os.environ.get("DATABASE_URL", "")
    drop = None
    if url.startswith("postgres"):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from stats import scratch_postgres

        os.environ["DATABASE_URL"], drop = scratch_postgres(url)
    else:
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
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
