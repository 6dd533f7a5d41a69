"""Benchmark: import N generated member rows, timing read+preview and commit separately, next to the
safe reader alone (doanvu.lib.spreadsheets: caps, then python-calamine in a memory-limited child) and
python-calamine's bare read of the same file in a fresh process.

    .venv/bin/python bench/import_members.py                 # 10,000 and 100,000 rows, xlsx, SQLite
    .venv/bin/python bench/import_members.py --rows 10000 --format csv --legacy 0.2
    .venv/bin/python bench/import_members.py --rows 65535 --format xls   # .xls holds at most 65,536 rows
    .venv/bin/python bench/import_members.py --rows 0 --fuzz              # the fuzz set's worst file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/import_members.py

Runs on a scratch database it creates and removes: an SQLite file in a temporary folder by default; with
DATABASE_URL, a new database "doanvu_bench_<pid>" on that PostgreSQL server (the named one is not touched),
or with --in-place the named database itself, dropped and created afresh.
The preview and the commit each run in a child process forked for them, as a worker runs a job: their
peak memory is that child's maximum resident set size (pages it shares with this process after the fork
count too; this process's own size is printed as "base"), next to the reading child's own peak
(python-calamine under its memory cap). A second line gives the preview's processor time (the job's and
its reading child's) next to the bare read's, a ratio that other work on the machine does not stretch:
first as a warm worker pays it (the db_worker process runs each job in itself, docs/architecture.md
"Background jobs": here this process, which has already read the file once), then as the forked job above
paid it, which also counts the copy-on-write faults of forking this process's few hundred megabytes.
A third line gives the same two as wall time next to the bare read's: the warm worker's is what an
officer waits for on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = (
    "Nguyễn Trần Lê Phạm Huỳnh Hoàng Võ Vũ Phan Trương Bùi Đặng Đỗ Ngô Hồ Dương Đinh Lý Thạch "
    "Kim Sơn Lâm Mai Châu"
).split()
MIDDLE_M = ["Văn", "Minh", "Hoàng", "Quốc", "Hữu", "Đức", "Thanh", "Công", "Gia", "Bảo"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Kim", "Thùy", "Thu", "Bích", "Mỹ", "Hồng", "Xuân"]
GIVEN_M = (
    "An Bình Cường Dũng Duy Hải Hiếu Hùng Khang Khoa Long Lộc Minh Nam Nghĩa Phúc Quân Sơn Tâm "
    "Thắng Thịnh Trung Tuấn Việt Vinh"
).split()
GIVEN_F = (
    "Anh Ánh Châu Diễm Dung Duyên Giang Hà Hạnh Hằng Hương Lan Linh Mai Nga Ngân Nhi Oanh "
    "Phương Quyên Thảo Trang Trinh Uyên Yến"
).split()
PLACES = ["Càng Long", "Cầu Kè", "Tiểu Cần", "Châu Thành", "Trà Cú", "Cầu Ngang", "Duyên Hải", "Trà Vinh"]
HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Số CCCD",
    "Quê quán",
    "Điện thoại",
    "Ngày vào Đoàn",
    "Nghề nghiệp",
    "Mã chi đoàn",
]
BRANCHES = 20


def generate_rows(count: int, first_serial: int, seed: int, legacy_share: float):
    from doanvu.lib import legacy

    rng = random.Random(seed)
    today = datetime.date.today()
    for n in range(count):
        female = rng.random() < 0.5
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        born = today - datetime.timedelta(days=rng.randint(17 * 365, 29 * 365))
        joined = born + datetime.timedelta(days=rng.randint(15 * 365 + 30, 16 * 365 + 300))
        hometown = f"Huyện {rng.choice(PLACES)}, tỉnh Trà Vinh"
        if rng.random() < legacy_share:
            name, hometown = legacy.from_unicode(name, "tcvn3"), legacy.from_unicode(hometown, "tcvn3")
        serial = first_serial + n
        yield [
            n + 1,
            name,
            "Nữ" if female else "Nam",
            born.strftime("%d/%m/%Y"),
            "Kinh" if rng.random() < 0.9 else "Khmer",
            f"084{1 if female else 0}{born.year % 100:02d}{serial:06d}",  # province 084, sex/century, year
            hometown,
            f"09{rng.randint(0, 99_999_999):08d}",
            joined.strftime("%d/%m/%Y"),
            rng.choice(["Công nhân", "Nông dân", "Học sinh", "Sinh viên", "Công chức", "Lao động tự do"]),
            f"BCH{rng.randint(1, BRANCHES):02d}",
        ]


def write_file(path: Path, rows) -> None:
    if path.suffix in (".xls", ".ods"):
        from tests.import_fuzz_factories import ods_bytes, xls_bytes

        lines = [HEADERS, *rows]
        path.write_bytes(xls_bytes(lines) if path.suffix == ".xls" else ods_bytes(lines))
        return
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(rows)
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    workbook.save(path)


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


BARE = (
    "import resource, sys, time\n"
    "from python_calamine import CalamineWorkbook\n"
    "started, cpu = time.perf_counter(), time.process_time()\n"
    "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
    "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(rows),\n"
    "      time.process_time() - cpu)\n"
)


def bare_read(path: Path) -> tuple[float, float, float]:
    """(seconds, peak MB, processor seconds) of python-calamine reading the file, alone in a fresh process."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", BARE, str(path)], capture_output=True, text=True, check=True)
    seconds, peak_kb, _rows, cpu = out.stdout.split()
    return float(seconds), int(peak_kb) / 1024, float(cpu)


def cpu_seconds() -> float:
    """This process's processor time (user and system) since it started (a forked child starts at 0)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def safe_read(path: Path) -> tuple[float, float]:
    """(seconds, the reading child's peak MB) of the safe reader, every row taken."""
    from doanvu.members import importing

    started = time.perf_counter()
    table = importing.read_rows(path)
    for _row in table:
        pass
    return time.perf_counter() - started, (table.peak_kb or 0) / 1024


def warm_preview(importing, user, unit, path: Path) -> dict:
    """Processor time of read+preview in this process, as a worker that runs each job in itself pays it:
    the job's (this process's) and its reading child's; and its wall time."""
    started, wall = cpu_seconds(), time.perf_counter()
    table = importing.read_rows(path)
    result = importing.preview(user=user, unit=unit, rows=table)
    if not result.ok:
        raise ValueError(f"preview found errors: {[vars(i) for i in result.errors[:5]]}")
    return {
        "cpu": cpu_seconds() - started,
        "reader_cpu": table.read_cpu_seconds or 0.0,
        "seconds": time.perf_counter() - wall,
    }


def rss_mb() -> float:
    """This process's resident set size now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return peak_mb()


def in_child(work, watch=None) -> dict:
    """Run `work()` (a dict of figures) in a forked child, as a worker runs a job, and add its seconds
    and peak resident memory; `watch()` is called in this process every 0.1 s meanwhile."""
    from django.db import connections

    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        started = time.perf_counter()
        try:
            figures = {"ok": True, **work()}
        except BaseException as exc:  # report it to the parent, whatever it is
            figures = {"ok": False, "error": repr(exc)}
        figures.update(seconds=time.perf_counter() - started, peak_mb=peak_mb(), cpu=cpu_seconds())
        os.write(write_end, json.dumps(figures).encode())
        os._exit(0)
    os.close(write_end)
    os.set_blocking(read_end, False)
    chunks = []
    while True:
        if watch is not None:
            watch()
        try:
            piece = os.read(read_end, 65536)
        except BlockingIOError:
            time.sleep(0.1)
            continue
        if not piece:
            break
        chunks.append(piece)
    os.close(read_end)
    os.waitpid(pid, 0)
    figures = json.loads(b"".join(chunks) or b'{"ok": false, "error": "the child died"}')
    if not figures["ok"]:
        raise SystemExit(f"the child failed: {figures['error']}")
    return figures


def worst_fuzz_file(user, unit) -> None:
    from doanvu.members import importing
    from tests.import_fuzz_factories import cases

    worst_time = worst_peak = (0.0, "")
    for label, name, data in cases():
        path = Path(tempfile.gettempdir()) / f"doanvu-fuzz-{os.getpid()}-{name}"
        path.write_bytes(data)
        started = time.perf_counter()
        peak_kb = 0
        try:
            table = importing.read_rows(path)
            importing.preview(user=user, unit=unit, rows=table)
            peak_kb = table.peak_kb or 0
        except importing.ImportFileError as error:
            peak_kb = getattr(error, "peak_kb", None) or 0
        finally:
            path.unlink()
        seconds = time.perf_counter() - started
        worst_time = max(worst_time, (seconds, f"{label} ({name}, {len(data) / 1e6:.2f} MB)"))
        worst_peak = max(worst_peak, (peak_kb / 1024, f"{label} ({name}, {len(data) / 1e6:.2f} MB)"))
    print(f"fuzz set: slowest {worst_time[1]}: {worst_time[0]:.1f} s read+preview")
    print(f"fuzz set: largest reading child {worst_peak[1]}: {worst_peak[0]:.0f} MB peak")

    # The slowest file again, as a job: read and preview in a forked child while this process (standing
    # for the web process, which only polls) is watched.
    name = worst_time[1].split("(")[1].split(",")[0]
    data = next(data for _label, case, data in cases() if case == name)
    path = Path(tempfile.gettempdir()) / f"doanvu-fuzz-{os.getpid()}-{name}"
    path.write_bytes(data)
    web = {"before": rss_mb(), "max": rss_mb()}

    def job() -> dict:
        try:
            table = importing.read_rows(path)
            importing.preview(user=user, unit=unit, rows=table)
            return {"reader_mb": (table.peak_kb or 0) / 1024}
        except importing.ImportFileError as error:
            return {"reader_mb": (getattr(error, "peak_kb", None) or 0) / 1024}

    try:
        figures = in_child(job, watch=lambda: web.update(max=max(web["max"], rss_mb())))
    finally:
        path.unlink()
    print(
        f"fuzz set: the slowest file as a job: {figures['seconds']:.1f} s, job's peak RSS "
        f"{figures['peak_mb']:,.0f} MB (reading child {figures['reader_mb']:,.0f} MB); "
        f"web process meanwhile {web['before']:,.0f} → at most {web['max']:,.0f} MB RSS"
    )


def scratch_postgres(url: str, in_place: bool = False) -> tuple[str, callable]:
    """A new empty database on DATABASE_URL's server, dropped afterwards: "doanvu_bench_<pid>", or with
    in_place (--in-place) the named database itself, dropped and created afresh (on a shared server, a
    database that is yours alone; never postgres or a template)."""
    import psycopg

    parts = urlparse(url)
    name = f"doanvu_bench_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    if in_place:
        name = parts.path.lstrip("/")
        if name in ("", "postgres", "template0", "template1"):
            raise SystemExit(f"--in-place: name a database of your own, not “{name}”")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.conf import settings
        from django.db import connections

        if settings.configured:  # this process's own connections (a caller without Django has none)
            connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunparse(parts._replace(path=f"/{name}")), drop


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="row counts to time")
    parser.add_argument("--format", choices=["xlsx", "xls", "ods", "csv"], default="xlsx")
    parser.add_argument("--fuzz", action="store_true", help="also time every file of the fuzz set")
    parser.add_argument("--no-commit", action="store_true", help="time reading and preview only")
    parser.add_argument("--legacy", type=float, default=0.0, help="share of rows typed in TCVN3 (0–1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--in-place", action="store_true", help="PostgreSQL: use the named database, created afresh"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="doanvu-bench-"))
    drop = None
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["DOANVU_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "doanvu.settings"
    os.environ["DEBUG"] = "False"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"], drop = scratch_postgres(os.environ["DATABASE_URL"], args.in_place)
    else:
        os.environ.pop("DATABASE_URL", None)

    try:
        run(args, workdir)
    finally:
        if drop is not None:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from doanvu.accounts.models import Officer, Role
    from doanvu.members import importing
    from doanvu.members.models import Member
    from doanvu.org.models import UnitKind
    from doanvu.org.services import unit_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    on = datetime.date(2020, 1, 1)

    def unit(parent, kind, name, code):
        return unit_create(
            parent=parent,
            kind=UnitKind.objects.get(code=kind),
            name=name,
            code=code,
            on=on,
            by=None,
            check_permission=False,
        )

    province = unit(None, "province", "Tỉnh đoàn Bench", "BTV")
    district = unit(province, "district", "Huyện đoàn Bench", "BHD")
    grassroots = unit(district, "grassroots", "Đoàn xã Bench", "BXA")
    for i in range(1, BRANCHES + 1):
        unit(grassroots, "branch", f"Chi đoàn Ấp {i}", f"BCH{i:02d}")
    district.refresh_from_db()
    user = get_user_model().objects.create_user("bench", password="bench-only-password-123")
    Officer.objects.create(user=user, unit=district, role=Role.EDITOR)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}), set-up "
        f"{time.perf_counter() - started:.1f} s; format {args.format}, TCVN3 share {args.legacy:.0%}"
    )
    print(
        f"{'rows':>8} | {'file':>7} | {'bare calamine':>15} | {'safe read':>15} | {'read+preview':>17} | "
        f"{'ratio':>5} | {'commit (re-read+write)':>24} | {'members':>8} | job's peak RSS (reading child)"
    )

    first_serial = 0
    for count in args.rows:
        path = workdir / f"members-{count}.{args.format}"
        write_file(path, generate_rows(count, first_serial, args.seed + count, args.legacy))
        first_serial += count
        size_mb = path.stat().st_size / 1e6
        bare_s, bare_mb, bare_cpu = bare_read(path) if args.format != "csv" else (0.0, 0.0, 0.0)
        read_s, read_mb = safe_read(path)
        base_mb = rss_mb()

        def check(path=path) -> dict:
            table = importing.read_rows(path)
            result = importing.preview(user=user, unit=district, rows=table)
            if not result.ok:
                raise ValueError(f"preview found errors: {[vars(i) for i in result.errors[:5]]}")
            return {"reader_mb": (table.peak_kb or 0) / 1024, "reader_cpu": table.read_cpu_seconds or 0.0}

        def write(path=path) -> dict:
            table = importing.read_rows(path)
            written = importing.commit(user=user, unit=district, rows=table, file_name=path.name)
            return {"written": written, "reader_mb": (table.peak_kb or 0) / 1024}

        previewed = in_child(check)
        warm = warm_preview(importing, user, district, path)
        before = Member.objects.count()
        committed = {"seconds": 0.0, "written": 0, "peak_mb": 0.0, "reader_mb": 0.0}
        if not args.no_commit:
            committed = in_child(write)
            assert committed["written"] == count == Member.objects.count() - before
        preview_s, commit_s, written = previewed["seconds"], committed["seconds"], committed["written"]
        ratio = f"{preview_s / bare_s:>4.1f}×" if bare_s else "  –  "
        # Processor time, which other work on a shared machine does not stretch: the preview job's own
        # and its reading child's, next to the bare read's; in a warm worker, then as a forked job.
        preview_cpu = previewed["cpu"] + previewed["reader_cpu"]
        warm_cpu = warm["cpu"] + warm["reader_cpu"]

        def ratio_of(cpu: float, bare_cpu: float = bare_cpu) -> str:
            return f"{cpu / bare_cpu:.2f}×" if bare_cpu else "–"

        print(
            f"{count:>8,} | {size_mb:>5.1f}MB | {bare_s:>5.1f} s {bare_mb:>5.0f} MB | "
            f"{read_s:>5.1f} s {read_mb:>5.0f} MB | {preview_s:>6.1f} s {count / preview_s:>6,.0f} r/s | "
            f"{ratio} | {commit_s:>9.1f} s {(written / commit_s if written else 0):>8,.0f} r/s | "
            f"{written:>8,} | preview {previewed['peak_mb']:,.0f} MB ({previewed['reader_mb']:,.0f} MB), "
            f"commit {committed['peak_mb']:,.0f} MB ({committed['reader_mb']:,.0f} MB); base {base_mb:,.0f} MB"
        )
        print(
            f"{'':>8}   processor time: bare read {bare_cpu:.2f} s; read+preview in a warm worker "
            f"{warm_cpu:.2f} s (job {warm['cpu']:.2f} s + reading child {warm['reader_cpu']:.2f} s): "
            f"{ratio_of(warm_cpu)}; as a forked job {preview_cpu:.2f} s (job {previewed['cpu']:.2f} s + "
            f"reading child {previewed['reader_cpu']:.2f} s): {ratio_of(preview_cpu)}"
        )
        print(
            f"{'':>8}   wall time: bare read {bare_s:.2f} s; read+preview in a warm worker {warm['seconds']:.2f} s: "
            f"{ratio_of(warm['seconds'], bare_s)}; as a forked job {preview_s:.2f} s: {ratio_of(preview_s, bare_s)}"
        )

    if args.fuzz:
        worst_fuzz_file(user, district)


if __name__ == "__main__":
    main()
