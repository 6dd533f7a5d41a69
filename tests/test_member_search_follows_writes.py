"""The member list's name search follows every write of a member or of the tree at once (docs/scale.md,
"Member search on a big register"): on PostgreSQL it reads the word table that triggers keep
(members/migrations/0011_member_search_word.py), on SQLite the members themselves; the answers are the
same."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection

from doanvu.members import selectors, services
from doanvu.members.models import Member, Status
from doanvu.org.services import unit_move
from tests.test_members_factories import admit

D = datetime.date


def found(user, q, status=selectors.STATUS_CURRENT, **filters):
    """The names on the member list's first page for `q`, as the list shows them."""
    results = selectors.member_results(user=user, q=q, status=status, **filters)
    return [m.full_name for m in Paginator(results, 50).get_page(1)]


def test_a_renamed_member_is_found_by_the_new_name_and_no_longer_by_the_old(tree, people):
    member = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    services.member_update(member=member, data={"full_name": "Trần Thị Bích"}, by=people.own)
    assert found(people.own, "nguyen an") == []
    assert found(people.own, "tran bich") == ["Trần Thị Bích"]
    assert found(people.above, "bi") == ["Trần Thị Bích"]


def test_a_transferred_member_is_found_by_the_receiving_district_and_no_longer_by_the_sending(tree, people):
    member = admit(tree.branch_a1, people.own, full_name="Lê Văn Tám")
    transfer = services.transfer_request(
        member=member, to_unit=tree.branch_b1, by=people.own, requested_on=D(2026, 5, 1)
    )
    assert found(people.above, "le tam") == ["Lê Văn Tám"]  # in transfer: still on the sending rolls
    services.transfer_accept(transfer=transfer, by=people.other_district, on=D(2026, 5, 10))
    assert found(people.above, "le tam") == []
    assert found(people.other_district, "le tam") == ["Lê Văn Tám"]
    assert found(people.viewer, "tam", unit=tree.district_b) == ["Lê Văn Tám"]
    assert found(people.viewer, "tam", unit=tree.district_a) == []


def test_a_commune_moved_to_another_district_brings_its_branches_members_into_that_districts_search(
    tree, people
):
    admit(tree.branch_a1, people.own, full_name="Phạm Thị Hoa")
    admit(tree.branch_a2, people.above, full_name="Phạm Văn Hòa")
    unit_move(
        unit=tree.grassroots_a, new_parent=tree.district_b, on=D(2026, 6, 1), by=people.admin, reason="QĐ"
    )
    assert found(people.above, "pham hoa") == []
    assert found(people.other_district, "pham hoa") == ["Phạm Thị Hoa", "Phạm Văn Hòa"]
    tree.branch_a2.refresh_from_db()
    assert found(people.viewer, "pham", unit=tree.branch_a2) == ["Phạm Văn Hòa"]
    assert found(people.viewer, "hoa", unit=tree.district_b) == ["Phạm Thị Hoa", "Phạm Văn Hòa"]


def test_a_removed_member_leaves_the_current_search_and_is_found_among_the_removed(tree, people):
    member = admit(tree.branch_a1, people.own, full_name="Võ Thị Sáu")
    admit(tree.branch_a1, people.own, full_name="Võ Văn Kiệt")
    services.member_remove(member=member, on=D(2026, 1, 5), reason="Bỏ sinh hoạt", by=people.own)
    assert found(people.own, "vo") == ["Võ Văn Kiệt"]
    assert found(people.own, "vo", status=Status.REMOVED) == ["Võ Thị Sáu"]
    assert found(people.own, "vo", status=None) == ["Võ Văn Kiệt", "Võ Thị Sáu"]


def test_a_deleted_member_is_no_longer_found(tree, people):
    member = admit(tree.branch_a1, people.own, full_name="Đinh Văn Tiên")
    Member.objects.filter(pk=member.pk).delete()
    assert found(people.own, "dinh tien", status=None) == []


def test_the_other_filters_apply_to_a_name_search(tree, people):
    admit(tree.branch_a1, people.own, full_name="Hồ Văn Nam", gender="male")
    admit(tree.branch_a1, people.own, full_name="Hồ Thị Nam", gender="female")
    assert found(people.own, "ho nam", gender="female") == ["Hồ Thị Nam"]
    assert found(people.own, "ho nam") == ["Hồ Thị Nam", "Hồ Văn Nam"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the word table is PostgreSQL's alone")
def test_the_word_table_after_writes_holds_what_filling_it_afresh_gives(tree, people):
    from importlib import import_module

    words = import_module("doanvu.members.migrations.0011_member_search_word")
    first = admit(tree.branch_a1, people.own, full_name="Nguyễn Nguyễn Văn An")
    admit(tree.branch_a2, people.above, full_name="Trần Thị Thu")
    services.member_update(member=first, data={"full_name": "Nguyễn Văn Anh An"}, by=people.own)
    unit_move(
        unit=tree.branch_a2, new_parent=tree.grassroots_b, on=D(2026, 6, 1), by=people.admin, reason="QĐ"
    )
    columns = "word, path, sort_key, member_id, status, search_text"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {words.TABLE} ORDER BY 4, 1")
        kept = cursor.fetchall()
        cursor.execute(f"SELECT * FROM ({words.SELECT_ROWS.format(where='true')}) AS afresh ORDER BY 4, 1")
        assert kept == cursor.fetchall()
    assert [row[0] for row in kept if row[3] == first.pk] == ["an", "anh", "nguyen", "van"]


def test_a_name_search_keeps_to_the_officers_scope_whatever_unit_is_asked(tree, people):
    admit(tree.branch_a1, people.own, full_name="Đặng Thùy Trâm")
    admit(tree.branch_b1, people.other_district, full_name="Đặng Văn Ngữ")
    assert found(people.sibling, "dang") == []
    assert found(people.sibling, "dang", unit=tree.branch_a1) == []
    assert found(people.own, "dang", unit=tree.province) == ["Đặng Thùy Trâm"]
    assert found(people.own, "dang", unit=tree.province, subtree=False) == []
    assert found(people.own, "dang", unit=tree.branch_a1, subtree=False) == ["Đặng Thùy Trâm"]
    assert found(people.nobody, "dang") == []
    assert found(people.admin, "dang") == ["Đặng Văn Ngữ", "Đặng Thùy Trâm"]
    assert found(people.viewer, "dang", unit=tree.district_b) == ["Đặng Văn Ngữ"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the word table is PostgreSQL's")
def test_emptying_the_member_table_as_a_flushed_test_database_is_leaves_no_word_behind(tree, people):
    admit(tree.branch_a1, people.own, full_name="Võ Thị Sáu")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction holds deferred checks
        cursor.execute("TRUNCATE members_member CASCADE")
        cursor.execute("SELECT count(*) FROM member_search_word")
        assert cursor.fetchone()[0] == 0
    assert found(people.own, "vo sau") == []
