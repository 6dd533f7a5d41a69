"""Member search: every word typed starts a word of the name (without case or diacritics), whole words
first; a number is a citizen ID or a phone, matched exactly. The same on the page and in the API."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from doanvu.accounts.models import ApiToken
from doanvu.lib import vntext
from doanvu.members import selectors
from doanvu.members.models import Member

D = datetime.date


@pytest.mark.parametrize(
    ("query", "name", "rank"),
    [
        ("nguyen van an", "Nguyễn Văn An", 0),
        ("nguyen van an", "Nguyễn Văn Ân", 0),
        ("nguyen van an", "Nguyễn Văn Anh", 1),
        ("nguyen van an", "Nguyễn Thị Vang An", 1),
        ("nguyen van an", "Nguyễn Văn Bình", None),  # "an" only inside "Văn"
        ("nguyen van an", "Trần Văn An", None),
        ("an", "Lê Ân", 0),
        ("an", "Lê Anh", 1),
        ("an", "Lê Lan", None),
        ("Đức", "Trần Minh Đức", 0),
        ("duc", "Trần Đức Anh", 0),
        ("  NGUYỄN   ", "Nguyễn Văn An", 0),
        ("ng an", "Nguyễn Văn An", 1),
        ("van nguyen", "Nguyễn Văn An", 0),  # words in any order
    ],
)
def test_the_ranking_table_of_a_query_against_a_name(query, name, rank):
    assert vntext.name_match_rank(vntext.query_words(query), vntext.search_key(name)) == rank


def test_the_search_key_is_the_folded_words_between_spaces():
    assert vntext.search_key("  Nguyễn  Văn Ấn ") == " nguyen van an "
    assert vntext.search_key("") == ""


NAMES = [
    "Nguyễn Văn Bình",
    "Nguyễn Văn Anh",
    "Trần Văn An",
    "Nguyễn Thị Vang An",
    "Nguyễn Văn Ân",
    "Nguyễn Văn An",
]
# Whole words first (An, Ân), then words that only start with what was typed; name order within each.
BEST_FIRST = ["Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Thị Vang An", "Nguyễn Văn Anh"]


@pytest.fixture
def named(tree):
    for i, name in enumerate(NAMES):
        Member.objects.create(
            unit=tree.branch_a1,
            full_name=name,
            gender="male",
            date_of_birth=D(2000, 5, 1),
            joined_on=D(2016, 3, 26),
            citizen_id=f"07920000001{i}",
            phone=f"098765432{i}",
        )


def listed(client, **params) -> list[str]:
    response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    return [member.full_name for member in response.context["page"]]


def test_nguyen_van_an_on_the_page_finds_an_and_an_with_a_hat_not_van_best_first(named, people, login):
    assert listed(login(people.own), q="nguyen van an") == BEST_FIRST


def test_a_citizen_id_or_a_phone_on_the_page_finds_exactly_one_member(named, people, login):
    client = login(people.own)
    assert listed(client, q="079200000013") == ["Nguyễn Thị Vang An"]
    assert listed(client, q="0987 654 325") == ["Nguyễn Văn An"]
    assert listed(client, q="+84987654325") == ["Nguyễn Văn An"]
    assert listed(client, q="0792000000") == []  # a part of an ID is no ID
    assert listed(client, q=" - ") == []  # no digits, no word: nobody, not everyone without a phone


def test_a_search_narrows_within_the_officers_scope(named, people, login):
    assert listed(login(people.sibling), q="nguyen van an") == []
    assert listed(login(people.above), q="nguyen van an") == BEST_FIRST


def test_a_unit_asked_for_is_searched_only_as_far_as_the_officers_scope_reaches(named, tree, people):
    def found(user, unit):
        return [m.full_name for m in selectors.member_search(user=user, unit=unit, q="nguyen van an")]

    assert found(people.above, tree.grassroots_a) == BEST_FIRST
    assert found(people.sibling, tree.grassroots_a) == []  # the branch next door is all they see
    assert found(people.other_district, tree.grassroots_a) == []


def test_the_api_list_searches_and_ranks_the_same(named, people):
    _token, raw = ApiToken.issue(user=people.viewer, name="test")
    client = Client(headers={"authorization": f"Bearer {raw}"})

    def found(q):
        response = client.get("/api/members/", {"q": q})
        assert response.status_code == 200, response.content
        return [member["full_name"] for member in response.json()["results"]]

    assert found("nguyen van an") == BEST_FIRST
    assert found("079200000010") == ["Nguyễn Văn Bình"]
    # Alone, "an" is a whole word of four names (in name order: An before Ân), and starts Anh.
    assert found("an") == [
        "Nguyễn Thị Vang An",
        "Nguyễn Văn An",
        "Trần Văn An",
        "Nguyễn Văn Ân",
        "Nguyễn Văn Anh",
    ]


def test_the_migration_rewrites_old_search_keys_and_can_run_again(named):
    Member.objects.update(search_text="nguyen van an")
    migration = importlib.import_module("doanvu.members.migrations.0007_member_search")
    editor = SimpleNamespace(connection=connection)
    migration.pad_search_keys(None, editor)
    migration.pad_search_keys(None, editor)
    assert set(Member.objects.values_list("search_text", flat=True)) == {" nguyen van an "}
