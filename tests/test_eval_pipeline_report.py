"""Introducing, admitting and confirming members through the pipeline's services moves the figures everyone
reads: `doanvu stats`, the unit's target achievement, and the work report's sentence
"Giới thiệu 04 đoàn viên ưu tú, đạt 200% chỉ tiêu năm (04/02); …" (docs/domain.md, "The Party pipeline")."""

import io
import json

import pytest
from django.core.management import call_command

from doanvu.evaluation.party import selectors
from doanvu.lib import periods
from doanvu.reports.document import report_data
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.services import target_set

from .test_eval_pipeline_factories import D, advance, member, outstanding_list, personas

PARTY = ("outstanding_introduced", "party_admitted", "party_full_members")


@pytest.fixture
def officers(tree, people):
    return personas(tree, people)


def stats(code: str, period: str) -> dict:
    out = io.StringIO()
    call_command("stats", unit=code, period=period, stdout=out)
    return json.loads(out.getvalue())


def party_figures(code: str, period: str = "2025") -> tuple:
    values = stats(code, period)["values"]
    return tuple(values[c] for c in PARTY)


@pytest.fixture
def year_2025(tree, officers):
    """Four outstanding members of Đoàn xã A introduced in 2025 (two admitted the same year), two Party
    members admitted in 2024 who became full members in 2025, and a target of two introductions."""
    ensure_catalogue()
    admin, by = officers.admin, officers.own
    introduced = [member(tree.branch_a1 if i % 2 else tree.branch_a2, admin, f"Ưu tú {i}") for i in range(4)]
    veterans = [member(tree.branch_a1, admin, f"Dự bị {i}") for i in range(2)]
    outstanding_list(tree.grassroots_a, by, year=2024, members=veterans, handed_over_on=D(2024, 2, 3))
    outstanding_list(tree.grassroots_a, by, year=2025, members=introduced)
    target_set(
        unit=tree.grassroots_a, indicator="outstanding_introduced", period="2025", value=2, by=officers.above
    )
    return {"introduced": introduced, "veterans": veterans}


def run_the_year(people, by):
    for i, m in enumerate(people["introduced"]):
        admitted = D(2025, 9, 2) if i < 2 else None
        advance(m, by, course_on=D(2024, 10, 5), introduced_on=D(2025, 3, 26), admitted_on=admitted)
    for m in people["veterans"]:
        advance(
            m,
            by,
            course_on=D(2023, 5, 1),
            introduced_on=D(2024, 2, 3),
            admitted_on=D(2024, 3, 1),
            full_on=D(2025, 3, 5),
        )


def test_the_pipeline_steps_change_doanvu_stats_for_the_year_and_the_sub_tree(tree, officers, year_2025):
    before = (party_figures("XA"), party_figures("HA"), party_figures("XB"))
    run_the_year(year_2025, officers.own)
    assert party_figures("XA") == (4, 2, 2)
    assert party_figures("HA") == (4, 2, 2)
    assert party_figures("XA", "2024") == (2, 2, 0)
    assert party_figures("XB") == before[2]
    assert before[0] != (4, 2, 2) and before[1] != (4, 2, 2)
    children = {child["unit"]: child["values"] for child in stats("XA", "2025")["children"]}
    assert (children["CA1"]["outstanding_introduced"], children["CA2"]["outstanding_introduced"]) == (2, 2)


def test_introductions_against_the_target_read_four_of_two_two_hundred_percent(tree, officers, year_2025):
    assert selectors.year_progress(unit=tree.grassroots_a, year=2025).target.summary == "0/02, đạt 0%"
    run_the_year(year_2025, officers.own)
    progress = selectors.year_progress(unit=tree.grassroots_a, year=2025)
    assert progress.target.summary == "04/02, đạt 200%"
    assert {code: int(value) for code, value in progress.values.items()} == dict(
        zip(PARTY, (4, 2, 2), strict=True)
    )


def test_the_work_report_writes_the_introductions_with_the_target_achievement(tree, officers, year_2025):
    def party_text() -> str:
        data = report_data(unit=tree.grassroots_a, period=periods.parse("2025"))
        return next(ch["text"] for ch in data["chapters"] if ch["code"] == "party_building")

    assert "đoàn viên ưu tú" not in party_text()
    run_the_year(year_2025, officers.own)
    assert (
        "Giới thiệu 04 đoàn viên ưu tú, đạt 200% chỉ tiêu năm (04/02); 02 đoàn viên được kết nạp Đảng; "
        "02 đồng chí chuyển đảng chính thức."
    ) in party_text()
    data = report_data(unit=tree.grassroots_a, period=periods.parse("2025"))
    target_row = next(row for row in data["targets"] if row["code"] == "outstanding_introduced")
    assert (target_row["target"], target_row["value"], target_row["achievement"]) == (2, 4, 200)
