"""N officers at once against the production setup: officers of every level of the demo (province, district,
bloc, branch, viewer), each with a session of their own, open the dashboard, their unit's report for the
current quarter, the member list and the stats API, and the branch officer records activities through the
real form; bounded in time. Prints requests, errors and p50/p95/p99 per page kind.

    .venv/bin/python bench/load.py                                  # 50 officers, 60 s, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load.py --clients 50
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --seconds 20 --json

Without --url it starts the server as `make run` does (bench/serving.py: gunicorn with
scripts/gunicorn.conf.py beside one `doanvu db_worker`) on a scratch database seeded with the demo, and
removes both afterwards. With --url it loads a server already running on this machine (loopback only)
whose database is the one this environment names: the API tokens are made with `doanvu create_token`.
An error is an answer outside 2xx/3xx, a redirect to the login page, a write the form sent back, or a
request that failed; the percentiles are over the requests that succeeded.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load_simple  # noqa: E402 (bench/load_simple.py: loopback only, the caps)
import serving  # noqa: E402 (bench/serving.py: the server as `make run` starts it)

# The demo's officers (doanvu/demo/province.py) and the unit each works on.
PERSONAS = (
    ("tinhdoan", "TV"),  # province, editor
    ("huyendoan", "TV-CL"),  # district, editor
    ("doankhoi", "TV-DK"),  # bloc, approver
    ("chidoan", "TV-DK-KHCN"),  # branch, editor: the one who records activities
    ("xem", "TV"),  # province, viewer
)
WRITER = "chidoan"
KINDS = ("dashboard", "report", "members", "api", "write")
LOGIN = "/dang-nhap/"
TIMEOUT = 60.0


def quarter(day: datetime.date) -> str:
    """The period code of the quarter a day falls in (2026Q4): the reports the demo asks for are quarterly."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def pages(code: str, period: str) -> dict[str, str]:
    """The path of each page kind for a unit (doanvu/*/urls.py)."""
    return {
        "dashboard": f"/bao-cao/tong-quan/{code}/",
        "report": f"/bao-cao/van-ban/{code}/{period}/",
        "members": f"/doan-vien/?unit={code}",
        "api": f"/api/stats/{code}?period={period}",
        "write": f"/cong-tac/hoat-dong/them/?unit={code}",
    }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between the closest ranks; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def report(latencies: dict[str, list[float]], errors: dict[str, int]) -> dict:
    """The figures --json prints: requests, errors and p95 over all, and per page kind p50/p95/p99 (ms)."""
    kinds = [kind for kind in KINDS if kind in latencies or kind in errors]
    pages_out = {}
    for kind in kinds:
        values, failed = latencies.get(kind, []), errors.get(kind, 0)
        pages_out[kind] = {
            "requests": len(values) + failed,
            "errors": failed,
            **{f"p{q}_ms": round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)},
        }
    every = [value for kind in kinds for value in latencies.get(kind, [])]
    return {
        "requests": sum(page["requests"] for page in pages_out.values()),
        "errors": sum(page["errors"] for page in pages_out.values()),
        "p95_ms": round(percentile(every, 95) * 1000, 1),
        "pages": pages_out,
    }


def table(figures: dict, seconds: float) -> str:
    rows = [f"{'page':10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    for kind, page in figures["pages"].items():
        rows.append(
            f"{kind:10} {page['requests']:9,} {page['errors']:7,} {page['p50_ms']:8.0f} {page['p95_ms']:8.0f}"
            f" {page['p99_ms']:8.0f}"
        )
    rows.append(
        f"{'all':10} {figures['requests']:9,} {figures['errors']:7,} {'':8} {figures['p95_ms']:8.0f}"
        f"   ({figures['requests'] / seconds:.1f} requests/s)"
    )
    return "\n".join(rows)


class Failed(Exception):
    """A request that counts as an error, with what went wrong."""


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise Failed("no CSRF token on the page")
    return found.group(1)


def checked(response: httpx.Response) -> httpx.Response:
    """The response, or Failed when it is an error: outside 2xx/3xx, or a redirect to the login page."""
    if not 200 <= response.status_code < 400:
        raise Failed(f"{response.request.url.path}: HTTP {response.status_code}")
    if response.is_redirect and response.headers.get("location", "").split("?")[0].endswith(LOGIN):
        raise Failed(f"{response.request.url.path}: sent to the login page")
    return response


@dataclass
class Officer:
    """One officer's keep-alive session: logged in through the login page, an API token, their pages."""

    base: str
    username: str
    code: str
    token: str
    period: str
    number: int
    client: httpx.Client = field(init=False)
    form: dict = field(default_factory=dict)
    writes: int = 0

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base, timeout=TIMEOUT, follow_redirects=False)
        self.paths = pages(self.code, self.period)
        self.kinds = [kind for kind in KINDS if kind != "write" or self.username == WRITER]

    def login(self, password: str) -> None:
        token = csrf_token(checked(self.client.get(LOGIN)).text)
        data = {"username": self.username, "password": password, "csrfmiddlewaretoken": token}
        response = checked(self.client.post(LOGIN, data=data, headers={"Referer": self.base + LOGIN}))
        if not response.is_redirect or "sessionid" not in self.client.cookies:
            raise SystemExit(f"{self.username}: đăng nhập không thành công / login failed")
        if self.username == WRITER:
            self.open_form()

    def open_form(self) -> None:
        """The activity form, as the branch officer opens it: its CSRF token and a work area to choose."""
        html = checked(self.client.get(self.paths["write"])).text
        select = re.search(r'<select name="work_area"[^>]*>(.*?)</select>', html, re.S)
        areas = re.findall(r'<option value="([^"]+)"', select.group(1)) if select else []
        if not areas:
            raise Failed("the activity form offers no work area")
        self.form = {"csrfmiddlewaretoken": csrf_token(html), "unit": self.code, "work_area": areas[0]}

    def fetch(self, kind: str) -> None:
        """One request of a page kind; Failed when it counts as an error."""
        if kind == "api":
            checked(self.client.get(self.paths[kind], headers={"Authorization": f"Bearer {self.token}"}))
        elif kind == "write":
            self.writes += 1
            data = {
                **self.form,
                "title": f"Sinh hoạt chủ điểm đo tải {self.number}-{self.writes}",
                "start_on": datetime.date.today().isoformat(),
                "place": "Hội trường cơ quan",
                "description": "Ghi nhận khi đo tải.",
            }
            response = checked(
                self.client.post(
                    self.paths[kind], data=data, headers={"Referer": self.base + self.paths[kind]}
                )
            )
            if not response.is_redirect:  # the form came back: nothing was recorded
                raise Failed("the activity form came back with errors")
        else:
            checked(self.client.get(self.paths[kind]))

    def close(self) -> None:
        self.client.close()


def run(officers: list[Officer], seconds: float, think: float, seed: int) -> tuple[dict, dict, list, float]:
    """Every officer in a thread of their own, going through their page kinds in turn (each starting at a
    different one) with a pause of about `think` seconds between requests, until `seconds` pass."""
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    messages: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(officers) + 1)
    deadline = [0.0]

    def officer_loop(officer: Officer) -> None:
        rng = random.Random(seed + officer.number)
        turn = officer.number
        start.wait()
        while time.monotonic() < deadline[0]:
            kind = officer.kinds[turn % len(officer.kinds)]
            turn += 1
            began = time.perf_counter()
            try:
                officer.fetch(kind)
            except (Failed, httpx.HTTPError) as error:
                with lock:
                    errors[kind] = errors.get(kind, 0) + 1
                    latencies.setdefault(kind, [])
                    messages.append(f"{officer.username} {kind}: {error!r}"[:300])
            else:
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.setdefault(kind, []).append(elapsed)
            if think:
                time.sleep(min(rng.uniform(0.5, 1.5) * think, max(0.0, deadline[0] - time.monotonic())))

    threads = [threading.Thread(target=officer_loop, args=(officer,), daemon=True) for officer in officers]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + 30)
    return latencies, errors, messages, time.monotonic() - began


def make_tokens(manage) -> dict[str, str]:
    """An API token for each persona, made with the `create_token` command."""
    name = f"Đo tải {datetime.datetime.now():%Y-%m-%d %H:%M:%S}"
    usernames = [username for username, _code in PERSONAS]
    with ThreadPoolExecutor(len(usernames)) as pool:
        made = pool.map(lambda username: manage("create_token", username, "--name", name), usernames)
        return {
            username: output.strip().splitlines()[-1]
            for username, output in zip(usernames, made, strict=True)
        }


def officers_for(base: str, clients: int, tokens: dict[str, str], period: str) -> list[Officer]:
    """`clients` officers, the personas in turn (50: ten of each)."""
    return [
        Officer(base, username, code, tokens[username], period, number)
        for number, (username, code) in ((n, PERSONAS[n % len(PERSONAS)]) for n in range(clients))
    ]


def log_in_all(officers: list[Officer], password: str) -> None:
    """Log every officer in (four at a time: each login hashes a password), then open each page kind once
    per persona (the first officer of each), all before the clock starts."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda officer: officer.login(password), officers))
    first = {officer.username: officer for officer in reversed(officers)}
    with ThreadPoolExecutor(len(first)) as pool:
        list(
            pool.map(
                lambda officer: [officer.fetch(kind) for kind in officer.kinds if kind != "write"],
                first.values(),
            )
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50, help="officers at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load lasts (default 60)")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="each officer's pause between requests, s (default 1; 0: none)",
    )
    parser.add_argument("--url", default="", help="a server already running on this machine")
    parser.add_argument("--json", action="store_true", help="print one line of JSON only")
    parser.add_argument("--members", type=int, default=0, help="the demo's members (0: its default)")
    parser.add_argument("--web-workers", type=int, default=0, help="gunicorn workers (0: its default)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--in-place", action="store_true", help="PostgreSQL: use the named database, created afresh"
    )
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0 or args.think < 0:
        parser.error("--clients phải ≥ 1, --seconds > 0 và --think ≥ 0")
    args.clients = min(args.clients, load_simple.MAX_CLIENTS)
    args.seconds = min(args.seconds, load_simple.MAX_SECONDS)
    args.url = args.url.rstrip("/")
    return args


def measure(args, base: str, manage) -> tuple[dict, list[str], float]:
    period = quarter(datetime.date.today())
    officers = officers_for(base, args.clients, make_tokens(manage), period)
    try:
        log_in_all(officers, serving.DEMO_PASSWORD)
        latencies, errors, messages, wall = run(officers, args.seconds, args.think, args.seed)
    finally:
        for officer in officers:
            officer.close()
    return report(latencies, errors), messages, wall


def show(args, where: str, figures: dict, messages: list[str], wall: float) -> None:
    if args.json:
        print(json.dumps(figures, ensure_ascii=False), flush=True)
        return
    period = quarter(datetime.date.today())
    print(f"{where}: {args.clients} officers, {wall:.1f} s, think {args.think:g} s, report period {period}")
    print(table(figures, wall))
    for message in messages[:5]:
        print("  !", message)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.url:
        load_simple.loopback_only(args.url)

        def manage(*command: str) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "doanvu", *command],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            return done.stdout

        show(args, args.url, *measure(args, args.url, manage))
        return
    # The seed's summary goes to stderr: with --json, stdout holds the one line of figures only.
    with serving.scratch(args.in_place) as (env, _workdir):
        server = serving.Server(env, args.port, args.web_workers, log=sys.stderr)
        try:
            began = time.perf_counter()
            server.prepare(args.members)
            server.start()
            database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
            print(
                f"{database}: demo seeded, server started in {time.perf_counter() - began:.0f} s",
                file=sys.stderr,
            )
            figures = measure(args, server.base, lambda *command: server.manage(*command, capture=True))
        finally:
            server.stop()
        show(args, f"gunicorn + db_worker on {database}", *figures)  # before the scratch database is dropped


if __name__ == "__main__":
    main()
