"""The demo's evaluation seeded afresh, test by test: the same seed, no records, the middle of the cycle, the
files written on commit."""

import datetime

import pytest

from doanvu.demo import province as demo_package
from doanvu.demo.evaluation.files import write_on_commit
from doanvu.evaluation.models import (
    Assessment,
    CriteriaSet,
    MemberEvaluation,
    OutstandingList,
)

from .test_demo_evaluation import plan, seed, the_set


@pytest.mark.xdist_group("demo-runs")  # the seedings of tests/demo_runs.py, on one worker
def test_the_same_seed_gives_the_same_evaluation(db, demo_runs):
    first, second = demo_runs.first.evaluation, demo_runs.second.evaluation
    assert first == second
    assert first[0] and first[1] and first[2]


def test_no_records_means_no_evaluation(db, fast_passwords):
    out = seed("--members", "60", "--no-records")
    assert not CriteriaSet.objects.exists() and not MemberEvaluation.objects.exists()
    assert "Đã thêm đánh giá" not in out


def test_seeded_in_the_middle_of_the_cycle_the_demo_has_only_what_happened(db, fast_passwords):
    day = datetime.date(2025, 12, 1)
    summary = demo_package.seed_demo(members=120, today=day)
    assert the_set().issued_on <= day
    assert Assessment.objects.filter(state=Assessment.State.INSPECTED).count() == 10
    assert max(a.submitted_at.date() for a in Assessment.objects.exclude(submitted_at=None)) <= day
    assert plan().visits.filter(visited_on__gt=day).count() == 0
    assert not MemberEvaluation.objects.exists() and not OutstandingList.objects.exists()
    assert summary.evaluation.evaluated == 0 and summary.evaluation.submitted == 10


def test_the_files_are_written_only_when_the_transaction_commits(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write_on_commit({"minh-chung/1/2/a.pdf": b"%PDF-1.4 x"})
    assert not (tmp_path / "minh-chung/1/2/a.pdf").exists()
    for callback in callbacks:
        callback()
    assert (tmp_path / "minh-chung/1/2/a.pdf").read_bytes() == b"%PDF-1.4 x"
