"""`doanvu seed_demo` seeded afresh, test by test: the same seed, another seed, --if-empty, the day it is
seeded, --no-records."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError
from django.db.models import Max

from doanvu.demo import province as demo_package
from doanvu.members.models import Member, Transfer
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report, ReportForm
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    Attendance,
    DirectValue,
    DuesPayment,
    Meeting,
    Target,
)

from .demo_runs import MEMBERS
from .test_demo import seed


@pytest.mark.xdist_group("demo-runs")  # under pytest-xdist one worker seeds them, once
def test_the_same_seed_gives_the_same_demo_in_a_fresh_database(db, demo_runs):
    first, second = demo_runs.first, demo_runs.second
    assert first.units_before == second.units_before == 0
    assert not OrgUnit.objects.exists()  # each seeding was rolled back
    assert (first.units, first.people) == (second.units, second.people)
    assert len(first.people) == MEMBERS


@pytest.mark.xdist_group("demo-runs")  # under pytest-xdist one worker seeds them, once
def test_another_seed_gives_other_people(db, demo_runs):
    def names(run) -> set:
        return {(name, born) for _citizen_id, name, born in run.people}

    assert names(demo_runs.other) != names(demo_runs.first)


def record_counts() -> tuple[int, ...]:
    models = (OrgUnit, Member, Transfer, Activity, ActivityFigure, Meeting, Attendance, DuesPayment)
    return tuple(m.objects.count() for m in (*models, DirectValue, Target, ReportForm, Report))


def test_if_empty_keeps_what_users_changed(db, fast_passwords):
    seed("--members", "120")
    member = Member.objects.order_by("id").first()
    member.full_name = "Nguyễn Văn Đổi Tên"
    member.save()
    activity = Activity.objects.order_by("id").first()
    activity.title = "Hoạt động người dùng đã sửa"
    activity.save()
    counts = record_counts()
    assert counts[3] > 0  # the records were seeded
    out = seed("--if-empty")
    assert "giữ nguyên" in out
    assert Member.objects.get(pk=member.pk).full_name == "Nguyễn Văn Đổi Tên"
    assert Activity.objects.get(pk=activity.pk).title == "Hoạt động người dùng đã sửa"
    assert record_counts() == counts


def test_existing_accounts_keep_their_passwords(db, fast_passwords):
    get_user_model().objects.create_user("admin", password="mat-khau-rieng-cua-toi")
    seed("--members", "60")
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("mat-khau-rieng-cua-toi")
    assert get_user_model().objects.get(username="chidoan").check_password("doanvu-demo")


def test_a_negative_member_count_is_refused(db):
    with pytest.raises(CommandError, match="--members"):
        seed("--members", "-5")
    assert not OrgUnit.objects.exists()


# --- the records of 2025 and 2026 -------------------------------------------------------------------


@pytest.mark.xdist_group("demo-runs")  # under pytest-xdist one worker seeds them, once
def test_the_same_seed_gives_the_same_records(db, demo_runs):
    first, second = demo_runs.first.records, demo_runs.second.records
    assert first == second
    assert len(first[0]) > 100 and first[1]["participations"] > 1000


def test_records_stop_at_the_day_the_demo_is_seeded(db, fast_passwords):
    day = datetime.date(2025, 5, 10)
    summary = demo_package.seed_demo(members=120, today=day)
    assert summary.records.activities == Activity.objects.count() > 0
    assert Activity.objects.aggregate(m=Max("start_on"))["m"] <= day
    assert Meeting.objects.aggregate(m=Max("held_on"))["m"] <= day
    assert DuesPayment.objects.aggregate(m=Max("paid_on"))["m"] <= day
    assert not Target.objects.filter(period="2026").exists()
    assert set(Report.objects.values_list("period", flat=True)) == {"2025Q1"}
    assert set(DirectValue.objects.values_list("period", flat=True)) == {"2025Q1", "2025Q2"}


def test_no_records_seeds_only_the_tree_members_and_logins(db, fast_passwords):
    out = seed("--members", "60", "--no-records")
    assert Member.objects.count() == 60
    assert not Activity.objects.exists() and not Meeting.objects.exists() and not Report.objects.exists()
    assert "Đã thêm công tác" not in out
