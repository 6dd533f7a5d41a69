import datetime

from django.utils import timezone

from doanvu.members import selectors, services
from doanvu.members.models import Member, Position, Status
from tests.test_members_factories import admit, bulk_members

D = datetime.date


def names(queryset) -> list[str]:
    return [m.full_name for m in queryset]


# --- search ----------------------------------------------------------------------------------------------


def test_a_search_typed_without_diacritics_or_capitals_finds_the_vietnamese_name(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a1, people.own, full_name="Trần Thị Bình")
    for q in ("nguyen van an", "NGUYỄN VĂN AN", "Nguyen An", "van an"):
        assert names(selectors.member_search(user=people.own, q=q)) == ["Nguyễn Văn An"], q


def test_a_search_finds_a_member_by_citizen_id_phone_or_card_number(tree, people):
    admit(tree.branch_a1, people.own, citizen_id="079095001234", phone="0987654321", card_number="TV-0042")
    admit(tree.branch_a1, people.own, full_name="Lê Văn Khác")
    for q in ("079095001234", "0987 654 321", "tv-0042"):
        assert names(selectors.member_search(user=people.own, q=q)) == ["Nguyễn Văn An"], q


def test_a_search_never_reaches_outside_the_users_scope(tree, people):
    admit(tree.branch_a1, people.own)
    assert names(selectors.member_search(user=people.sibling, q="an")) == []
    assert names(selectors.member_search(user=people.other_district)) == []
    assert names(selectors.member_search(user=people.nobody)) == []
    assert names(selectors.member_search(user=people.above, q="an")) == ["Nguyễn Văn An"]
    assert names(selectors.member_search(user=people.viewer)) == ["Nguyễn Văn An"]


def test_a_unit_is_searched_alone_or_with_everything_under_it(tree, people):
    admit(tree.branch_a1, people.own, full_name="Ở Chi Đoàn A1")
    admit(tree.branch_a2, people.sibling, full_name="Ở Chi Đoàn A2")
    assert len(selectors.member_search(user=people.above, unit=tree.grassroots_a)) == 2
    assert len(selectors.member_search(user=people.above, unit=tree.grassroots_a, subtree=False)) == 0
    assert names(selectors.member_search(user=people.above, unit=tree.branch_a2, subtree=False)) == [
        "Ở Chi Đoàn A2"
    ]


def test_lists_sort_by_given_name_then_family_and_middle_names_in_vietnamese_alphabet_order(tree, people):
    unsorted = [
        "Lê Thị Chi",
        "Trần Văn Bình",
        "Lê Ân",
        "Trần Anh",
        "Nguyễn An",
        "Đỗ Ăn",
        "Bùi Văn Đức",
        "Lý Văn Dũng",
        "Võ Thị Ơn",
        "Hồ Thị Ổn",
        "Phan Văn On",
        "Ngô Thị Ưng",
        "Đinh Văn Ung",
        "Lê Văn An",
    ]
    bulk_members(tree.branch_a1, unsorted)
    # a < ă < â, d < đ, o < ô < ơ, u < ư; a shorter word first ("An" before "Anh"); then family names.
    assert names(selectors.member_search(user=people.own)) == [
        "Lê Văn An",
        "Nguyễn An",
        "Trần Anh",
        "Đỗ Ăn",
        "Lê Ân",
        "Trần Văn Bình",
        "Lê Thị Chi",
        "Lý Văn Dũng",
        "Bùi Văn Đức",
        "Phan Văn On",
        "Hồ Thị Ổn",
        "Võ Thị Ơn",
        "Đinh Văn Ung",
        "Ngô Thị Ưng",
    ]


def test_filters_by_status_gender_party_age_and_position(tree, people):
    today = timezone.localdate()
    an = admit(
        tree.branch_a1,
        people.own,
        full_name="Nguyễn Văn An",
        party_course_on=D(2022, 1, 1),
        party_introduced_on=D(2022, 3, 1),
        party_probationary_on=D(2022, 5, 19),
    )
    admit(
        tree.branch_a1,
        people.own,
        full_name="Trần Thị Bình",
        gender="female",
        date_of_birth=today.replace(year=today.year - 17) - datetime.timedelta(days=1),
        joined_on=today - datetime.timedelta(days=30),
    )
    chi = admit(tree.branch_a1, people.own, full_name="Lê Thị Chi", gender="female")
    services.member_remove(member=chi, on=D(2024, 1, 1), reason="Bỏ sinh hoạt", by=people.own)
    services.position_add(member=an, title="secretary", start_on=D(2023, 1, 1), by=people.own)

    def search(**kw):
        return names(selectors.member_search(user=people.own, **kw))

    assert search(status="current") == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert search(status=Status.REMOVED) == ["Lê Thị Chi"]
    assert search() == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Chi"]
    assert search(gender="female", status="current") == ["Trần Thị Bình"]
    assert search(party="member") == ["Nguyễn Văn An"]
    assert search(party="probationary") == ["Nguyễn Văn An"]
    assert search(party="full") == []
    assert search(party="none") == ["Trần Thị Bình", "Lê Thị Chi"]
    assert search(age_band="16-18") == ["Trần Thị Bình"]
    assert search(age_band="19-25") == []
    assert search(age_band="26-30") == ["Nguyễn Văn An", "Lê Thị Chi"]
    assert search(position="any") == ["Nguyễn Văn An"]
    assert search(position="secretary") == ["Nguyễn Văn An"]
    assert search(position="deputy") == []


def test_a_position_that_has_ended_no_longer_counts_in_the_filter(tree, people):
    member = admit(tree.branch_a1, people.own)
    position = services.position_add(member=member, title="deputy", start_on=D(2022, 1, 1), by=people.own)
    services.position_end(position=position, end_on=D(2023, 1, 1), by=people.own)
    assert names(selectors.member_search(user=people.own, position="any")) == []
    assert names(selectors.member_search(user=people.own, position="any", day=D(2022, 6, 1))) == [
        "Nguyễn Văn An"
    ]


# --- the rolls on a date ---------------------------------------------------------------------------------


def test_members_on_a_date_follow_a_transfer_request_and_its_acceptance(tree, people):
    member = admit(tree.branch_a1, people.own, joined_on=D(2021, 3, 26))
    services.member_update(member=member, data={"residence": "Tiểu Cần"}, by=people.own)
    transfer = services.transfer_request(
        member=member, to_unit=tree.branch_b1, by=people.own, requested_on=D(2023, 5, 1)
    )
    services.transfer_accept(transfer=transfer, by=people.other_district, on=D(2023, 5, 10))

    def on(unit, day):
        return [r.id for r in selectors.members_on(unit=unit, day=day)]

    assert on(tree.branch_a1, D(2021, 3, 25)) == []
    assert on(tree.branch_a1, D(2021, 3, 26)) == [member.pk]
    assert on(tree.district_a, D(2023, 4, 30)) == [member.pk]
    # In transfer: in neither branch's count.
    assert on(tree.district_a, D(2023, 5, 5)) == [] and on(tree.district_b, D(2023, 5, 5)) == []
    assert on(tree.district_b, D(2023, 5, 10)) == [member.pk] and on(tree.district_a, D(2023, 5, 10)) == []
    assert on(tree.province, D(2024, 1, 1)) == [member.pk]
    # The records are the member as they stood that day.
    record = selectors.members_on(unit=tree.province, day=D(2022, 1, 1)).get()
    assert record.unit_id == tree.branch_a1.pk and record.status == Status.ACTIVE


def test_members_on_a_date_follow_the_tree_as_it_stood(tree, people):
    from doanvu.org.models import UnitVersion, lineage_segment

    member = admit(tree.branch_a2, people.sibling, joined_on=D(2021, 3, 26))
    # Chi đoàn A2 moved from Đoàn xã A to Đoàn xã B on 1/1/2024 (recorded the way the tree keeps history).
    moved_on = D(2024, 1, 1)
    old = UnitVersion.objects.get(unit=tree.branch_a2, valid_to__isnull=True)
    old.valid_to = moved_on
    old.save()
    xb = UnitVersion.objects.get(unit=tree.grassroots_b, valid_to__isnull=True)
    UnitVersion.objects.create(
        unit=tree.branch_a2,
        valid_from=moved_on,
        parent=tree.grassroots_b,
        name=old.name,
        kind=old.kind,
        lineage=xb.lineage + lineage_segment(tree.branch_a2.pk),
        depth=xb.depth + 1,
    )
    assert [r.id for r in selectors.members_on(unit=tree.grassroots_a, day=D(2023, 6, 1))] == [member.pk]
    assert [r.id for r in selectors.members_on(unit=tree.grassroots_a, day=D(2024, 6, 1))] == []
    assert [r.id for r in selectors.members_on(unit=tree.grassroots_b, day=D(2024, 6, 1))] == [member.pk]


def test_members_who_left_the_rolls_are_not_counted_from_that_day(tree, people):
    member = admit(tree.branch_a1, people.own)
    services.member_remove(member=member, on=D(2024, 6, 1), reason="Bỏ sinh hoạt", by=people.own)
    assert selectors.members_on(unit=tree.branch_a1, day=D(2024, 5, 31)).count() == 1
    assert selectors.members_on(unit=tree.branch_a1, day=D(2024, 6, 1)).count() == 0


# --- coming of age and transfers -------------------------------------------------------------------------


def test_the_coming_of_age_list_holds_current_members_turning_thirty_that_year_in_scope(tree, people):
    year = timezone.localdate().year
    turning = {"date_of_birth": D(year - 30, 8, 1), "joined_on": D(year - 14, 3, 26)}
    a1 = admit(tree.branch_a1, people.own, full_name="Lê Văn Ba", **turning)
    admit(tree.branch_a1, people.own, full_name="Lê Văn Trẻ")
    admit(tree.branch_a2, people.sibling, full_name="Lê Văn Bên", **turning)
    removed = admit(tree.branch_a1, people.own, full_name="Lê Văn Đi", **turning)
    services.member_remove(member=removed, on=D(2024, 1, 1), reason="x", by=people.own)
    assert list(selectors.coming_of_age_list(user=people.own, unit=tree.branch_a1, year=year)) == [a1]
    assert names(selectors.coming_of_age_list(user=people.above, unit=tree.grassroots_a, year=year)) == [
        "Lê Văn Ba",
        "Lê Văn Bên",
    ]
    assert names(selectors.coming_of_age_list(user=people.above, unit=tree.grassroots_a, year=year + 1)) == []


def test_the_transfer_inbox_shows_each_side_its_own_transfers(tree, people):
    member = admit(tree.branch_a1, people.own)
    transfer = services.transfer_request(
        member=member, to_unit=tree.branch_b1, by=people.own, requested_on=D(2023, 5, 1)
    )
    assert list(selectors.transfers_incoming(user=people.other_district)) == [transfer]
    assert list(selectors.transfers_outgoing(user=people.other_district)) == []
    assert list(selectors.transfers_outgoing(user=people.own)) == [transfer]
    assert list(selectors.transfers_incoming(user=people.own)) == []
    assert list(selectors.transfers_incoming(user=people.sibling)) == []
    assert list(selectors.transfers_outgoing(user=people.sibling)) == []
    services.transfer_accept(transfer=transfer, by=people.other_district, on=D(2023, 5, 2))
    assert list(selectors.transfers_incoming(user=people.other_district)) == []
    assert list(selectors.transfers_recent(user=people.own)) == [transfer]
    assert list(selectors.transfers_recent(user=people.other_district)) == [transfer]
    assert list(selectors.transfers_recent(user=people.sibling)) == []


def test_current_positions_are_attached_in_one_query(tree, people, django_assert_num_queries):
    for i in range(3):
        member = admit(tree.branch_a1, people.own, full_name=f"Nguyễn Văn {chr(65 + i)}")
        Position.objects.create(member=member, unit=tree.branch_a1, title="committee", start_on=D(2022, 1, 1))
    with django_assert_num_queries(2):
        rows = list(selectors.with_current_positions(Member.objects.all()))
        assert all(len(m.current_positions) == 1 for m in rows)
