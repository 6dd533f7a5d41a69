"""Benchmark: import N generated member rows, timing read+preview and commit separately, next to the
safe reader alone (doanvu.lib.spreadsheets: caps, then python-calamine in a memory-limited child) and
python-calamine's bare read of the same file in a fresh process.

    .venv/bin/python bench/import_members.py                 # 10,000 and 100,000 rows, xlsx, SQLite
    .venv/bin/python bench/import_members.py --rows 10000 --format csv --legacy 0.2
    .venv/bin/python bench/import_members.py --rows 65535 --format xls   # .xls holds at most 65,536 rows
    .venv/bin/python bench/import_members.py --rows 0 --fuzz              # the fuzz set's worst file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/import_members.py

Runs on a scratch database it creates and removes: an SQLite file in a temporary folder by default; with
DATABASE_URL, a new database "doanvu_bench_<pid>" on that PostgreSQL server (the named one is not touched).
Peak memory is the process's maximum resident set size (it only grows, so read it per phase in order).
"""

from __future__ import annotations

import argparse
import csv
import datetime
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

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Vũ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Đinh",
    "Lý",
    "Thạch",
    "Kim",
    "Sơn",
    "Lâm",
    "Mai",
    "Châu",
]
MIDDLE_M = ["Văn", "Minh", "Hoàng", "Quốc", "Hữu", "Đức", "Thanh", "Công", "Gia", "Bảo"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Kim", "Thùy", "Thu", "Bích", "Mỹ", "Hồng", "Xuân"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khang",
    "Khoa",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thịnh",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Châu",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhi",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Trinh",
    "Uyên",
    "Yến",
]
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
    "started = time.perf_counter()\n"
    "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
    "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(rows))\n"
)


def bare_read(path: Path) -> tuple[float, float]:
    """(seconds, peak MB) of python-calamine reading the file, alone in a fresh process."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", BARE, str(path)], capture_output=True, text=True, check=True)
    seconds, peak_kb, _rows = out.stdout.split()
    return float(seconds), int(peak_kb) / 1024


def safe_read(path: Path) -> tuple[float, float]:
    """(seconds, the reading child's peak MB) of the safe reader, every row taken."""
    from doanvu.members import importing

    started = time.perf_counter()
    table = importing.read_rows(path)
    for _row in table:
        pass
    return time.perf_counter() - started, (table.peak_kb or 0) / 1024


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
    print(f"fuzz set: this process's peak RSS {peak_mb():,.0f} MB")


def scratch_postgres(url: str) -> tuple[str, callable]:
    import psycopg

    parts = urlparse(url)
    name = f"doanvu_bench_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

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
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="doanvu-bench-"))
    drop = None
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["DOANVU_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "doanvu.settings"
    os.environ["DEBUG"] = "False"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"], drop = scratch_postgres(os.environ["DATABASE_URL"])
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
        f"{'commit (re-read+write)':>24} | {'members':>8} | peak RSS"
    )

    first_serial = 0
    for count in args.rows:
        path = workdir / f"members-{count}.{args.format}"
        write_file(path, generate_rows(count, first_serial, args.seed + count, args.legacy))
        first_serial += count
        size_mb = path.stat().st_size / 1e6
        bare_s, bare_mb = bare_read(path) if args.format != "csv" else (0.0, 0.0)
        read_s, read_mb = safe_read(path)

        t0 = time.perf_counter()
        result = importing.preview(user=user, unit=district, rows=importing.read_rows(path))
        t1 = time.perf_counter()
        if not result.ok:
            raise SystemExit(f"preview found errors: {[vars(i) for i in result.errors[:5]]}")
        before = Member.objects.count()
        if args.no_commit:
            written = 0
        else:
            written = importing.commit(
                user=user, unit=district, rows=importing.read_rows(path), file_name=path.name
            )
            assert written == count == Member.objects.count() - before
        t2 = time.perf_counter() + (1e-9 if args.no_commit else 0)
        preview_s, commit_s = t1 - t0, t2 - t1
        print(
            f"{count:>8,} | {size_mb:>5.1f}MB | {bare_s:>5.1f} s {bare_mb:>5.0f} MB | "
            f"{read_s:>5.1f} s {read_mb:>5.0f} MB | {preview_s:>6.1f} s {count / preview_s:>6,.0f} r/s | "
            f"{commit_s:>9.1f} s {(written / commit_s if written else 0):>8,.0f} r/s | {written:>8,} | {peak_mb():,.0f} MB"
        )
        if result.warnings:
            print(
                f"          ({len(result.warnings):,} warnings; rows converted from legacy encodings: {result.converted})"
            )

    if args.fuzz:
        worst_fuzz_file(user, district)


if __name__ == "__main__":
    main()
