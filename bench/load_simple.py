"""A small, bounded load test of a running doanvu on this machine: N clients (threads) log in as a demo
officer and fetch pages for at most a given time or number of requests; prints requests per second and the
median and 95th-percentile latency per page.

    .venv/bin/python bench/load_simple.py --base http://127.0.0.1:8000 --clients 50 --seconds 20

Only loopback addresses are accepted: this is a measurement of our own server, never of anyone else's.
README.md, "Đo hiệu năng" / "Benchmark", has the figures it gave and what `make run` chose from them.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import ipaddress
import re
import socket
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

DEFAULT_PATHS = ["/doan-vien/?unit=TV", "/bao-cao/tong-quan/TV/"]
MAX_CLIENTS = 200
MAX_SECONDS = 300
MAX_REQUESTS = 100_000


def loopback_only(base: str) -> None:
    host = urllib.parse.urlsplit(base).hostname or ""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        sys.exit(f"{base}: chỉ đo máy chủ trên chính máy này (127.0.0.1) / loopback only")


def login(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/dang-nhap/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/dang-nhap/", data=data.encode(), headers={"Referer": base})
    opener.open(request, timeout=30).read()
    if not any(cookie.name == "sessionid" for cookie in jar):
        sys.exit("đăng nhập không thành công / login failed")
    return opener


def run(base: str, paths: list[str], clients: int, seconds: float, requests: int, opener) -> dict:
    latencies: dict[str, list[float]] = {path: [] for path in paths}
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            path = paths[(number + index) % len(paths)]
            started = time.monotonic()
            try:
                with opener.open(base + path, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except Exception as exc:  # a refused or timed-out request counts as an error, not a crash
                ok = False
                with lock:
                    errors.append(f"{path}: {exc}")
            elapsed = time.monotonic() - started
            if ok:
                with lock:
                    latencies[path].append(elapsed)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    wall = time.monotonic() - began
    return {"wall": wall, "latencies": latencies, "errors": errors}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else (values[0] if values else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--user", default="tinhdoan")
    parser.add_argument("--password", default="doanvu-demo")
    parser.add_argument("--path", action="append", dest="paths", help="a page to fetch (repeatable)")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    loopback_only(base)
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    requests = max(1, min(args.requests, MAX_REQUESTS))
    opener = login(base, args.user, args.password)
    paths = args.paths or DEFAULT_PATHS
    for path in paths:  # warm up each page once (caches, first connection)
        opener.open(base + path, timeout=120).read()
    outcome = run(base, paths, clients, seconds, requests, opener)
    done = sum(len(values) for values in outcome["latencies"].values())
    print(
        f"{args.label or base}: {clients} clients, {outcome['wall']:.1f} s, {done} ok, "
        f"{len(outcome['errors'])} errors, {done / outcome['wall']:.1f} req/s"
    )
    for path, values in outcome["latencies"].items():
        if values:
            print(
                f"  {path:32} n={len(values):5}  median {statistics.median(values) * 1000:7.0f} ms"
                f"  p95 {p95(values) * 1000:7.0f} ms"
            )
    for error in outcome["errors"][:5]:
        print("  !", error)


if __name__ == "__main__":
    main()
