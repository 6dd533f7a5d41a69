"""The member list's name search in pages (doanvu/members/name_search.py): past the cap the count says
"more than" and the pages stop there, and every page holds what sorting all the matches best first
would put there, within the officer's scope."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from doanvu.members import name_search, selectors
from doanvu.members.models import Member

D = datetime.date

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "Nguyễn Văn Anh",
    "Nguyễn Vân Anh",
    "Nguyễn Thị Vang An",
    "Nguyễn Vang Anh",
    "Nguyễn Văn Bình",
    "Trần Văn An",
    "Lê Văn An",
    "Nguyễn Văn An",
    "Nguyễn Ngọc Văn Ánh",
    "Nguyễn Vạn Ấn",
    "Trần Bình",
]


@pytest.fixture
def register(tree):
    def add(unit, i, name, card=""):
        Member.objects.create(
            unit=unit,
            full_name=name,
            gender="male",
            date_of_birth=D(2000, 5, 1),
            joined_on=D(2016, 3, 26),
            citizen_id=f"0792{unit.pk % 10**6:06d}{i:02d}",  # 12 digits whatever the ids have reached
            card_number=card,
        )

    for i, name in enumerate(NAMES):
        add(tree.branch_a1, i, name, card="AN" if name == "Trần Bình" else "")
    for i, name in enumerate(NAMES[:6]):
        add(tree.branch_a2, i, name)


def sorted_all(user, q, unit=None):
    return [m.pk for m in selectors.member_search(user=user, unit=unit, q=q, status=selectors.STATUS_CURRENT)]


def paged(user, q, per_page, unit=None):
    results = selectors.member_results(user=user, unit=unit, q=q, status=selectors.STATUS_CURRENT)
    paginator = Paginator(results, per_page)
    pages = [[m.pk for m in paginator.page(number)] for number in paginator.page_range]
    return results, pages


@pytest.mark.parametrize("q", ["nguyen van an", "an", "van", "ng v a"])
def test_past_the_cap_each_page_holds_what_sorting_every_match_best_first_gives(
    register, people, monkeypatch, q
):
    monkeypatch.setattr(name_search, "COUNT_CAP", 5)
    expected = sorted_all(people.above, q)
    assert len(expected) > 5
    results, pages = paged(people.above, q, per_page=2)
    assert results.capped and results.count() == 5
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]


def test_a_card_number_is_found_among_the_names_at_its_rank(register, people, monkeypatch):
    expected = sorted_all(people.above, "an")
    assert Member.objects.get(card_number="AN").pk in expected
    results, pages = paged(people.above, "an", per_page=100)
    assert not results.capped and pages == [expected]
    monkeypatch.setattr(name_search, "COUNT_CAP", 3)
    results, pages = paged(people.above, "an", per_page=2)
    assert results.capped and pages == [expected[0:2], expected[2:3]]


def test_below_the_cap_the_count_is_exact_and_the_pages_go_to_the_end(register, people):
    expected = sorted_all(people.above, "nguyen van an")
    results, pages = paged(people.above, "nguyen van an", per_page=4)
    assert not results.capped and results.count() == len(expected)
    assert sum(pages, []) == expected


def test_the_pages_past_the_cap_keep_to_the_officers_scope(register, tree, people, monkeypatch):
    monkeypatch.setattr(name_search, "COUNT_CAP", 2)
    mine = set(Member.objects.filter(unit=tree.branch_a1).values_list("pk", flat=True))
    expected = sorted_all(people.own, "nguyen")
    assert set(expected) <= mine
    results, pages = paged(people.own, "nguyen", per_page=1)
    assert results.capped and sum(pages, []) == expected[:2]
    _results, pages = paged(people.above, "nguyen", per_page=1, unit=tree.branch_a2)
    assert sum(pages, []) == sorted_all(people.above, "nguyen", unit=tree.branch_a2)[:2]


def test_the_list_says_more_than_the_cap_and_asks_for_more_letters(register, people, login, monkeypatch):
    monkeypatch.setattr(name_search, "COUNT_CAP", 5)
    client = login(people.above)
    page = client.get(reverse("members:list"), {"q": "nguyen"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hơn 5 đoàn viên" in text and "gõ thêm chữ để thu hẹp kết quả" in text
    assert len(page.context["page"].object_list) == 5
    exact = client.get(reverse("members:list"), {"q": "tran binh"}).content.decode()
    assert "Hơn" not in exact and "1 đoàn viên" in exact
