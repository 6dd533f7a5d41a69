"""The Party pipeline's reads: the funnel of a year's outstanding members (in total and by child unit, in
grouped queries), and who is due for a next step."""

import datetime

import pytest

from doanvu.evaluation.party import selectors
from doanvu.members.models import Member, Status
from doanvu.members.validation import add_years

from .test_eval_pipeline_factories import TODAY, D, build_cohort, member, personas


@pytest.fixture
def officers(tree, people):
    return personas(tree, people)


@pytest.fixture
def cohort(tree, officers):
    return build_cohort(tree, officers)


def counts(row) -> list[int]:
    return [n for _code, n in row.cells]


def test_the_funnel_follows_the_years_people_stage_by_stage(tree, cohort):
    funnel = selectors.pipeline_funnel(unit=tree.grassroots_a, year=2025)
    assert [(s.code, s.count) for s in funnel.stages] == [
        ("proposed", 6),
        ("certified", 4),
        ("introduced", 3),
        ("probationary", 2),
        ("full", 1),
    ]
    assert [str(s.share) for s in funnel.stages[1:]] == ["66.7", "50.0", "33.3", "16.7"]
    assert [s.bar for s in funnel.stages] == [100, 67, 50, 33, 17]


def test_the_funnel_is_broken_down_by_direct_child_unit(tree, cohort):
    funnel = selectors.pipeline_funnel(unit=tree.grassroots_a, year=2025)
    assert [(row.unit.code, counts(row)) for row in funnel.children] == [
        ("CA1", [4, 2, 1, 0, 0]),
        ("CA2", [2, 2, 2, 2, 1]),
    ]
    assert funnel.own is None
    province = selectors.pipeline_funnel(unit=tree.province, year=2025)
    assert [(row.unit.code, counts(row)) for row in province.children] == [
        ("HA", [6, 4, 3, 2, 1]),
        ("HB", [1, 0, 0, 0, 0]),
    ]
    assert province.proposed == 7


def test_a_branchs_funnel_counts_its_own_members_on_the_unions_list(tree, cohort):
    funnel = selectors.pipeline_funnel(unit=tree.branch_a2, year=2025)
    assert [s.count for s in funnel.stages] == [2, 2, 2, 2, 1]
    assert funnel.children == [] and counts(funnel.own) == [2, 2, 2, 2, 1]


def test_the_funnel_of_another_year_counts_that_years_lists(tree, cohort):
    assert [s.count for s in selectors.pipeline_funnel(unit=tree.grassroots_a, year=2024).stages] == [
        1,
        1,
        1,
        0,
        0,
    ]
    empty = selectors.pipeline_funnel(unit=tree.grassroots_a, year=2023)
    assert [s.count for s in empty.stages] == [0, 0, 0, 0, 0] and empty.stages[1].share is None


def test_the_funnel_takes_two_queries_whatever_the_number_of_people(
    tree, cohort, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        selectors.pipeline_funnel(unit=tree.province, year=2025)


def test_a_certificate_stops_counting_when_it_expires_unless_the_person_went_further(tree, cohort):
    later = TODAY + datetime.timedelta(days=365 * 6)
    funnel = selectors.pipeline_funnel(unit=tree.grassroots_a, year=2025, day=later)
    # a's certificate has expired by then; b, c, d passed the introduction.
    assert [s.count for s in funnel.stages] == [6, 3, 3, 2, 1]


# --- who is due ------------------------------------------------------------------------------------------


def months_ago(n: int, plus_days: int = 0) -> datetime.date:
    return selectors.add_months(TODAY, -n) + datetime.timedelta(days=plus_days)


@pytest.fixture
def due_people(tree, officers):
    admin = officers.admin

    def party(unit, name, admitted, full=None):
        return member(
            unit,
            admin,
            name,
            party_course_on=D(2018, 1, 5),
            party_introduced_on=D(2018, 6, 1),
            party_probationary_on=admitted,
            party_full_on=full,
        )

    def certified(name, course_on, **more):
        return member(tree.branch_a2, admin, name, party_course_on=course_on, **more)

    five_years_ago = add_years(TODAY, -5)
    people = {
        "soon": party(tree.branch_a1, "Sắp đủ", months_ago(12, 30)),
        "overdue": party(tree.branch_a1, "Quá hạn", months_ago(14)),
        "later": party(tree.branch_a1, "Còn lâu", months_ago(12, 90)),
        "full": party(tree.branch_a1, "Chính thức", D(2023, 1, 5), full=D(2024, 1, 5)),
        "gone": party(tree.branch_a1, "Trưởng thành", months_ago(14)),
        "outside": party(tree.branch_b1, "Xã B", months_ago(13)),
        "expired": certified("Hết hạn", five_years_ago - datetime.timedelta(days=10)),
        "expiring": certified("Sắp hết hạn", five_years_ago + datetime.timedelta(days=100)),
        "valid": certified("Còn hạn", five_years_ago + datetime.timedelta(days=250)),
        "waiting": certified("Chờ kết nạp", months_ago(9), party_introduced_on=months_ago(7)),
        "recent": certified("Mới giới thiệu", months_ago(4), party_introduced_on=months_ago(2)),
    }
    Member.objects.filter(pk=people["gone"].pk).update(status=Status.CAME_OF_AGE)
    return people


def names(rows) -> list[str]:
    return [row.member.full_name for row in rows]


def test_probationary_members_due_for_full_membership_within_sixty_days(tree, due_people):
    due = selectors.pipeline_due(unit=tree.grassroots_a)
    assert names(due.full) == ["Quá hạn", "Sắp đủ"]
    overdue, soon = due.full
    assert overdue.overdue and overdue.day == selectors.add_months(months_ago(14), 12)
    assert soon.day == selectors.full_due_on(due_people["soon"]) and 25 <= soon.days <= 31
    assert not soon.overdue
    assert names(selectors.pipeline_due(unit=tree.province).full) == ["Quá hạn", "Xã B", "Sắp đủ"]


def test_certificates_expired_or_expiring_within_six_months_of_people_not_yet_admitted(tree, due_people):
    due = selectors.pipeline_due(unit=tree.grassroots_a)
    assert names(due.certificates) == ["Hết hạn", "Sắp hết hạn"]
    expired, expiring = due.certificates
    assert (expired.days, expiring.days) == (-10, 100)
    assert expired.day == add_years(due_people["expired"].party_course_on, 5)


def test_people_introduced_more_than_n_months_ago_and_not_admitted(tree, due_people):
    assert names(selectors.pipeline_due(unit=tree.grassroots_a).introduced) == ["Chờ kết nạp"]
    assert names(selectors.pipeline_due(unit=tree.grassroots_a, introduced_months=8).introduced) == []
    assert names(selectors.pipeline_due(unit=tree.grassroots_a, introduced_months=1).introduced) == [
        "Chờ kết nạp",
        "Mới giới thiệu",
    ]


def test_a_branch_sees_only_its_own_people_due(tree, due_people):
    due = selectors.pipeline_due(unit=tree.branch_a2)
    assert (names(due.full), names(due.certificates), names(due.introduced)) == (
        [],
        ["Hết hạn", "Sắp hết hạn"],
        ["Chờ kết nạp"],
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 3, 10), 12, D(2026, 3, 10)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert selectors.add_months(day, months) == expected
