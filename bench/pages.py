"""Benchmark: the everyday pages one at a time, as the demo's officers open them (bench/README.md, "pages.py").

    PYTHONPATH=$PWD .venv/bin/python bench/pages.py                      # the database of DATABASE_URL / var
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine .venv/bin/python bench/pages.py --repeat 10 --json

The database must hold the demo (`doanvu seed_demo`, then `doanvu rollup --if-missing`, as `make run`
does); it is read, never written, except the export jobs the export page starts past
EXPORT_INLINE_MAX_ROWS (its answer is then the redirect to the job's progress page), an API token for
the stats API's page (revoked once measured, both in the audit log) and the dashboard's kept data-quality
counts. Each page is asked
through Django's test client in this process (no web server), so the time is the view's, its template's
and its queries': the first answer is left out (it fills the caches), then `--repeat` answers give the
median and p95, with the number of queries and their time in the database of one answer.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OFFICERS = ("tinhdoan", "huyendoan", "chidoan")


def pages(unit_code: str, quarter: str = "") -> dict[str, str]:
    """The pages, and those bench/load.py asks besides: the work report of the quarter and the stats API."""
    return {
        "members": f"/doan-vien/?unit={unit_code}",
        "search": f"/doan-vien/?unit={unit_code}&q=nguyen+van",
        "export": f"/doan-vien/xuat-excel/?unit={unit_code}",
        "dues": f"/cong-tac/sinh-hoat/doan-phi/?unit={unit_code}",
        "meetings": f"/cong-tac/sinh-hoat/?unit={unit_code}",
        "dashboard": f"/bao-cao/tong-quan/{unit_code}/",
        "report": f"/bao-cao/van-ban/{unit_code}/{quarter}/",
        "api": f"/api/stats/{unit_code}?period={quarter}",
    }


def measure(client, path: str, repeat: int, headers: dict | None = None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = headers or {}
    first = client.get(path, headers=headers)  # fills the caches; its status is the page's
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, headers=headers)
    sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    times.sort()
    return {
        "status": first.status_code,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "queries": len(captured.captured_queries),
        "sql_ms": round(sql_ms, 1),
    }


def dashboard_parts(unit, repeat: int) -> dict[str, dict]:
    """The dashboard's parts one by one (doanvu/reports/dashboard.py), each as the page calls it: the
    median time of `repeat` calls (the first left out) and the queries of one. The data-quality counts are
    timed twice: as kept (what the page does) and checked from scratch over the whole sub-tree."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from doanvu.lib import periods
    from doanvu.reports import quality, selectors, series
    from doanvu.reports.completeness import completeness
    from doanvu.reports.quality import counts

    period = periods.parse(str(timezone.localdate().year))

    def completeness_part():
        form = selectors.default_form(unit, period)
        return completeness(unit=unit, form=form, period=period) if form is not None else None

    parts = {
        "members": lambda: series.member_series(unit, period),
        "by_area": lambda: series.activities_by_area(unit, period),
        "targets": lambda: series.target_progress(unit, period),
        "completeness": completeness_part,
        "quality": lambda: counts.subtree_counts(unit=unit, period=period),
        "quality_scratch": lambda: quality.issue_counts(quality.subtree_issues(unit=unit, period=period)),
    }
    out = {}
    for name, part in parts.items():
        part()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            part()
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as captured:
            part()
        out[name] = {
            "median_ms": round(statistics.median(times), 1),
            "queries": len(captured.captured_queries),
        }
    return out


def run(args) -> list[dict]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from doanvu.accounts import scope
    from doanvu.accounts.services import token_create, token_revoke

    today = timezone.localdate()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"  # as bench/load.py asks
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    # Static files as the tests serve them: no collectstatic manifest needed to render a page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rows = []
    for username in args.officers:
        user = get_user_model().objects.get(username=username)
        unit = scope.scope_root(user)
        client = Client()
        client.force_login(user)
        token = None
        for page, path in pages(unit.code, quarter).items():
            if args.pages and page not in args.pages:
                continue
            headers = {}
            if page == "api":  # a token of the officer's for the API, revoked when measured
                token, raw = token_create(user=user, name="bench/pages.py")
                headers = {"Authorization": f"Bearer {raw}"}
            try:
                figures = measure(client, path, args.repeat, headers)
            finally:
                if token is not None:
                    token_revoke(token=token, by=user)
                    token = None
            rows.append({"officer": username, "unit": unit.code, "page": page, **figures})
            if not args.json:
                row = rows[-1]
                print(
                    f"{username:<10}{page:<10}{row['status']:>4}{row['median_ms']:>10}{row['p95_ms']:>9}"
                    f"{row['queries']:>6}{row['sql_ms']:>9}",
                    flush=True,
                )
        if args.parts:
            rows[-1]["parts"] = dashboard_parts(unit, args.repeat)
            if not args.json:
                for name, part in rows[-1]["parts"].items():
                    print(
                        f"{'':<10}  {name:<16}{part['median_ms']:>10}{'':>9}{part['queries']:>6}", flush=True
                    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--officers", nargs="*", default=list(OFFICERS))
    parser.add_argument("--pages", nargs="*", default=[])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--parts", action="store_true", help="also time each part of the officer's dashboard on its own"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")  # the test client speaks plain http, as make run
    os.environ.setdefault("SECURE_COOKIES", "False")
    if not args.json:
        print(f"{'officer':<10}{'page':<10}{'http':>4}{'median ms':>10}{'p95 ms':>9}{'SQL':>6}{'SQL ms':>9}")
    rows = run(args)
    if args.json:
        database = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        print(json.dumps({"database": database, "pages": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
