"""Load while a big import runs: the real server started as `make run` starts it (gunicorn with
scripts/gunicorn.conf.py beside one `doanvu db_worker`) on a seeded demo, a member import of N generated
rows (check, then write) run by that worker, and meanwhile C clients logged in as a demo officer fetching
the member list. Prints requests per second with the median and 95th-percentile latency before the
import, while it is checked and while it is written, with the job's times and the memory of the worker and
of the web processes.

    .venv/bin/python bench/load_import.py                          # 100,000 rows, 10 clients, SQLite
    .venv/bin/python bench/load_import.py --rows 20000 --clients 20 --members 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load_import.py

Runs on a scratch database it creates and removes (bench/serving.py, as bench/load.py does): an SQLite
file in a temporary folder, or a new database "doanvu_bench_<pid>" on the PostgreSQL server of DATABASE_URL
(with --in-place, the named database itself, dropped and created afresh). The server listens on 127.0.0.1
only; the load is load_simple.py's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import import_members  # noqa: E402 (bench/import_members.py: the rows, the file, the scratch database)
import load_simple  # noqa: E402 (bench/load_simple.py: the clients)
import serving  # noqa: E402 (bench/serving.py: the server as `make run` starts it)

OFFICER = "tinhdoan"  # the demo's province officer (editor), password doanvu-demo
LIST_PAGE = "/doan-vien/?unit=TV"


def import_file(path: Path, rows: int, seed: int) -> int:
    """N generated rows whose branches are the demo province's and whose citizen IDs are not in use."""
    from django.utils import timezone

    from doanvu.members.models import Member
    from doanvu.org.models import OrgUnit

    today = timezone.localdate()
    units = (
        OrgUnit.objects.filter(kind__is_branch=True).exclude(code="").select_related("kind").order_by("code")
    )
    branches = [unit.code for unit in units if unit.is_active_on(today)][:40]
    taken = set(Member.objects.values_list("citizen_id", flat=True))

    def generated():
        count = 0
        for n, values in enumerate(import_members.generate_rows(rows * 2, 500_000, seed, 0.0)):
            if values[5] in taken:
                continue
            values[-1] = branches[n % len(branches)]
            yield values
            count += 1
            if count == rows:
                return

    import_members.write_file(path, generated())
    return rows


class Load:
    """Clients fetching the member list in rounds of a few seconds until told to stop."""

    def __init__(self, base: str, clients: int):
        self.base, self.clients = base, clients
        self.opener = load_simple.login(base, OFFICER, serving.DEMO_PASSWORD)
        self.opener.open(base + LIST_PAGE, timeout=120).read()  # warm up

    def measure(self, until, cap_seconds: float) -> dict:
        """Load until `until()` is true (checked every round) or cap_seconds pass."""
        latencies: list[float] = []
        errors, wall = 0, 0.0
        deadline = time.monotonic() + cap_seconds
        while not until() and time.monotonic() < deadline:
            outcome = load_simple.run(self.base, [LIST_PAGE], self.clients, 3.0, 100_000, self.opener)
            latencies += outcome["latencies"][LIST_PAGE]
            errors += len(outcome["errors"])
            wall += outcome["wall"]
        return {"latencies": latencies, "errors": errors, "wall": wall}


def line(label: str, figures: dict) -> str:
    values = figures["latencies"]
    if not values:
        return f"  {label:28} no request finished"
    return (
        f"  {label:28} {len(values) / figures['wall']:7.1f} req/s  p50 {statistics.median(values) * 1000:6.0f} ms"
        f"  p95 {load_simple.p95(values) * 1000:6.0f} ms  ({len(values):,} requests, {figures['errors']} errors)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--web-workers", type=int, default=0, help="gunicorn workers (0: its default)")
    parser.add_argument("--members", type=int, default=0, help="the demo's members (0: its default)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--in-place", action="store_true", help="PostgreSQL: use the named database, created afresh"
    )
    args = parser.parse_args()
    clients = max(1, min(args.clients, load_simple.MAX_CLIENTS))

    with serving.scratch(args.in_place) as (env, workdir):
        os.environ.update(env)
        if "DATABASE_URL" not in env:
            os.environ.pop("DATABASE_URL", None)
        server = serving.Server(env, args.port, args.web_workers)
        try:
            run(args, server, workdir, clients)
        finally:
            server.stop()


def run(args, server: serving.Server, workdir: Path, clients: int) -> None:
    started = time.perf_counter()
    server.prepare(args.members)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from doanvu.accounts.models import Officer
    from doanvu.members import import_jobs, jobs
    from doanvu.members.models import Member

    path = workdir / "members.xlsx"
    import_file(path, args.rows, args.seed)
    members_before = Member.objects.count()
    print(
        f"database: {connection.vendor}; demo with {members_before:,} members; set-up and a {args.rows:,}-row "
        f"file ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s; "
        f"{clients} clients on {LIST_PAGE} as {OFFICER}"
    )
    server.start()
    base = f"http://127.0.0.1:{args.port}"
    load = Load(base, clients)
    web = {"max": server.web_mb()}
    worker = {"max": 0.0}
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            web["max"] = max(web["max"], server.web_mb())
            worker["max"] = max(worker["max"], serving.memory_mb(server.worker.pid, "VmHWM"))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    print(line("before the import", load.measure(lambda: False, args.baseline_seconds)))
    officer = Officer.objects.select_related("unit").get(user=get_user_model().objects.get(username=OFFICER))
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    job = import_jobs.job_create(user=officer.user, unit=officer.unit, upload=upload)
    for phase, label in (
        (import_jobs.CHECK, "while checking (preview)"),
        (import_jobs.WRITE, "while writing"),
    ):
        import_jobs.job_start(job, phase)
        began = time.perf_counter()
        figures = load.measure(lambda job_id=job.id: not import_jobs.job_load(job_id).running, 3600)
        job = jobs.wait_for(job.id, timeout=3600)
        seconds = time.perf_counter() - began
        print(line(label, figures))
        print(
            f"    the job: {job.get_phase_display()} {job.get_state_display()} in {seconds:.1f} s {job.message}"
        )
        if phase == import_jobs.CHECK and not (job.checked and import_jobs.result(job).ok):
            raise SystemExit(f"the preview found errors: {import_jobs.result(job).errors[:5]}")
    print(line("after the import", load.measure(lambda: False, args.baseline_seconds)))
    stop.set()
    watcher.join()
    print(
        f"  members written: {Member.objects.count() - members_before:,}; worker's peak RSS "
        f"{worker['max']:,.0f} MB (its reading child apart); web processes together at most "
        f"{web['max']:,.0f} MB RSS"
    )


if __name__ == "__main__":
    main()
