"""bench/load.py's arguments and figures, without a server."""

import datetime
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import load  # noqa: E402 (bench/load.py)


def test_the_defaults_are_fifty_officers_for_a_minute_against_a_server_it_starts():
    args = load.parse_args([])
    assert (args.clients, args.seconds, args.url, args.json) == (50, 60, "", False)


def test_clients_and_seconds_are_capped_and_the_url_loses_its_trailing_slash():
    args = load.parse_args(["--clients", "5000", "--seconds", "9999", "--url", "http://127.0.0.1:8000/"])
    assert (args.clients, args.seconds, args.url) == (200, 300, "http://127.0.0.1:8000")


@pytest.mark.parametrize("argv", [["--clients", "0"], ["--seconds", "0"], ["--think", "-1"]])
def test_a_meaningless_number_is_refused_with_a_message(argv, capsys):
    with pytest.raises(SystemExit):
        load.parse_args(argv)
    assert "--clients phải ≥ 1" in capsys.readouterr().err


def test_percentiles_interpolate_between_ranks():
    values = [float(n) for n in range(1, 101)]  # 1 … 100; the order they come in does not matter
    assert load.percentile(list(reversed(values)), 50) == pytest.approx(50.5)
    assert load.percentile(values, 95) == pytest.approx(95.05)
    assert load.percentile(values, 99) == pytest.approx(99.01)
    assert load.percentile([0.2], 99) == 0.2
    assert load.percentile([], 95) == 0.0


def test_the_report_counts_errors_as_requests_and_gives_milliseconds_per_page_kind():
    figures = load.report({"members": [0.1, 0.2, 0.3], "write": [], "api": [0.05]}, {"write": 2})
    assert list(figures["pages"]) == ["members", "api", "write"]  # the kinds in their usual order
    assert figures["pages"]["members"] == {
        "requests": 3,
        "errors": 0,
        "p50_ms": 200.0,
        "p95_ms": 290.0,
        "p99_ms": 298.0,
    }
    assert figures["pages"]["write"] == {"requests": 2, "errors": 2, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0}
    assert (figures["requests"], figures["errors"]) == (6, 2)
    assert figures["p95_ms"] == pytest.approx(285.0)
    assert json.loads(json.dumps(figures)) == figures


def test_every_persona_gets_the_read_pages_and_only_the_branch_officer_writes():
    officers = load.officers_for("http://127.0.0.1:1", 10, {u: "t" for u, _c in load.PERSONAS}, "2026Q4")
    try:
        assert [o.username for o in officers[:5]] == ["tinhdoan", "huyendoan", "doankhoi", "chidoan", "xem"]
        writers = [o for o in officers if "write" in o.kinds]
        assert {o.username for o in writers} == {"chidoan"} and len(writers) == 2
        assert officers[3].paths["report"] == "/bao-cao/van-ban/TV-DK-KHCN/2026Q4/"
        assert officers[1].paths["api"] == "/api/stats/TV-CL?period=2026Q4"
    finally:
        for officer in officers:
            officer.close()


def test_the_current_period_is_the_quarter_of_the_day():
    assert load.quarter(datetime.date(2026, 1, 1)) == "2026Q1"
    assert load.quarter(datetime.date(2026, 12, 31)) == "2026Q4"
