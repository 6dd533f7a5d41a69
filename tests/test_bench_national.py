"""bench/national.py's pure helpers: percentiles, the case list, the JSON line."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import national  # noqa: E402 (bench/national.py)


def test_the_median_and_p95_interpolate_between_the_closest_runs():
    runs = [7.0, 1.0, 3.0, 5.0, 2.0, 6.0, 4.0]
    assert national.percentile(runs, 50) == 4.0
    assert national.percentile(runs, 95) == pytest.approx(6.7)
    assert national.percentile([9.0], 95) == 9.0


def test_a_percentile_of_no_runs_is_refused():
    with pytest.raises(ValueError):
        national.percentile([], 50)


def test_every_unit_is_measured_for_both_years_a_quarter_a_month_and_a_school_year():
    cases = national.case_list()
    assert len(cases) == 20
    assert cases[:5] == [
        ("country", "2025"),
        ("country", "2026"),
        ("country", "2025Q3"),
        ("country", "202510"),
        ("country", "NH2025-2026"),
    ]
    assert {unit for unit, _period in cases} == {"country", "province", "commune", "branch"}


def test_the_json_line_holds_one_entry_per_case_with_the_agreed_keys_only():
    case = {"unit": "branch", "period": "2025", "ms_median": 3.5, "ms_p95": 4.0, "duckdb_ms": 40.0}
    line = national.json_line([{**case, "equal": True, "code": "VL-X", "children": 0}], docx_ms=900.0)
    assert "\n" not in line
    assert json.loads(line) == {"cases": [{**case, "equal": True}], "docx_ms": 900.0}


@pytest.mark.parametrize(
    ("median", "duckdb", "equal", "met"),
    [
        (12.0, 100.0, True, True),
        (60.0, 1000.0, True, False),
        (20.0, 40.0, True, False),
        (5.0, 100.0, False, False),
    ],
)
def test_a_case_meets_its_target_only_fast_enough_against_duckdb_and_with_equal_figures(
    median, duckdb, equal, met
):
    assert national.meets_target({"ms_median": median, "duckdb_ms": duckdb, "equal": equal}) is met
