"""The production setup the load benchmarks run against (bench/load.py, bench/load_import.py): a scratch
database seeded with the demo, gunicorn with scripts/gunicorn.conf.py beside one `doanvu db_worker`, as
scripts/run.sh (`make run`) starts them, listening on 127.0.0.1 only.

The scratch database is import_members.py's: an SQLite file in a temporary folder, or a new database
"doanvu_bench_<pid>" on the PostgreSQL server of DATABASE_URL (with in_place, the named database itself,
dropped and created afresh), removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import import_members  # noqa: E402 (bench/import_members.py: the scratch database)

DEMO_PASSWORD = "doanvu-demo"


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory now (VmRSS) or at its peak (VmHWM), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(item) for item in text.split()]


class Server:
    """gunicorn and one db_worker, as scripts/run.sh starts them, on the scratch data folder."""

    def __init__(self, env: dict, port: int, web_workers: int = 0, log=None):
        self.env, self.port, self.log = dict(env), port, log
        self.env["BIND"] = f"127.0.0.1:{port}"
        if web_workers:
            self.env["WEB_WORKERS"] = str(web_workers)
        else:  # gunicorn.conf.py's default, 2 × cores + 1
            self.env.pop("WEB_WORKERS", None)
        self.base = f"http://127.0.0.1:{port}"
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str, capture: bool = False) -> str:
        """A `doanvu` command on the scratch database; its output when captured (else written to the
        server's log: this process's stdout unless told otherwise)."""
        done = subprocess.run(
            [sys.executable, "-m", "doanvu", *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE if capture else self.log,
            text=True,
        )
        return done.stdout or ""

    def prepare(self, members: int = 0) -> None:
        """What scripts/run.sh does before serving: migrate, seed the demo once, collect the static files.
        On PostgreSQL, then ANALYZE, as autovacuum would soon after the seed where it is on: without the
        tables' statistics the planner takes the demo's tables for empty, and the figures of a province
        take tens of seconds (where autovacuum is off, as on a test server, nothing else would)."""
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("seed_demo", "--if-empty", *(["--members", str(members)] if members else []))
        self.manage("collectstatic", "--no-input", "-v", "0")
        if self.env.get("DATABASE_URL", "").startswith("postgres"):
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
                connection.execute("ANALYZE")

    def start(self) -> None:
        """Start both and wait until /healthz answers (the database reached)."""
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": self.env, "cwd": ROOT}
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "doanvu", "db_worker", "--no-reload", "-v", "0", "--interval=0.2"], **quiet
        )
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "scripts/gunicorn.conf.py", "doanvu.wsgi:application"],
            **quiet,
        )
        self.processes = [self.worker, self.web]
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=10) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline or self.web.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.5)

    def web_mb(self) -> float:
        """The web processes' resident memory together (gunicorn's arbiter and its workers)."""
        return sum(memory_mb(pid) for pid in [self.web.pid, *children(self.web.pid)])

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def scratch(in_place: bool = False) -> Iterator[tuple[dict, Path]]:
    """The environment of a production-like server on a scratch data folder and database, and that folder;
    both removed on leaving. DEBUG off, plain http on 127.0.0.1 (as scripts/run.sh serves a laptop)."""
    workdir = Path(tempfile.mkdtemp(prefix="doanvu-load-"))
    env = {
        **os.environ,
        "DOANVU_DATA_DIR": str(workdir),
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "doanvu.settings",
    }
    drop = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], drop = import_members.scratch_postgres(env["DATABASE_URL"], in_place)
    else:
        env.pop("DATABASE_URL", None)
    try:
        yield env, workdir
    finally:
        if drop is not None:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)
