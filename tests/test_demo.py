"""`doanvu seed_demo`: the demo province a newcomer meets on `make run`."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from doanvu.accounts import scope
from doanvu.accounts.models import Officer, Role
from doanvu.members.models import CURRENT_STATUSES, Member, Position, Status, Transfer
from doanvu.members.validation import member_validate
from doanvu.org.models import OrgUnit, UnitVersion

DISTRICT_LEVEL = {
    "Huyện đoàn Càng Long": "district",
    "Huyện đoàn Cầu Kè": "district",
    "Huyện đoàn Tiểu Cần": "district",
    "Huyện đoàn Châu Thành": "district",
    "Huyện đoàn Trà Cú": "district",
    "Huyện đoàn Cầu Ngang": "district",
    "Huyện đoàn Duyên Hải": "district",
    "Thị đoàn Duyên Hải": "district",
    "Thành đoàn Trà Vinh": "district",
    "Đoàn Khối các cơ quan và doanh nghiệp tỉnh": "bloc",
    "Đoàn Trường Đại học Trà Vinh": "attached",
}
LOGINS = {
    "tinhdoan": ("TV", Role.EDITOR),
    "huyendoan": ("TV-CL", Role.EDITOR),
    "doankhoi": ("TV-DK", Role.APPROVER),
    "chidoan": ("TV-DK-KHCN", Role.EDITOR),
    "xem": ("TV", Role.VIEWER),
}


def birthday(born: datetime.date, age: int) -> datetime.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, day=28)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, fast_passwords):
    return seed("--members", "300")


def test_it_builds_tra_vinh_with_the_eleven_district_level_units_of_seed_003(demo):
    province = OrgUnit.objects.get(code="TV")
    assert province.name == "Tỉnh đoàn Trà Vinh"
    assert province.kind.code == "province"
    assert province.place == "Trà Vinh"
    children = {u.name: u.kind.code for u in OrgUnit.objects.get_children(province)}
    assert children == DISTRICT_LEVEL
    codes = set(OrgUnit.objects.values_list("code", flat=True))
    assert {
        "TV-CL",
        "TV-CK",
        "TV-TC",
        "TV-CT",
        "TV-TCU",
        "TV-CN",
        "TV-DH",
        "TV-TXDH",
        "TV-TP",
        "TV-DK",
    } <= codes
    assert "TV-DHTV" in codes
    assert "Đã nạp Tỉnh đoàn Trà Vinh" in demo and "300 đoàn viên" in demo


def test_every_district_level_unit_has_grassroots_unions_and_branches_under_it(demo):
    for unit in OrgUnit.objects.get_children(OrgUnit.objects.get(code="TV")):
        kinds = Counter(OrgUnit.objects.get_descendants(unit).values_list("kind__code", flat=True))
        assert kinds["branch"] + kinds["grassroots_branch"] >= 2, unit.name
    names = set(OrgUnit.objects.values_list("name", flat=True))
    assert "Đoàn Thị trấn Càng Long" in names
    assert any(name.startswith("Chi đoàn ấp ") for name in names)
    assert any(name.startswith("Chi đoàn lớp ") for name in names)


def test_the_tree_has_its_history_from_2015(demo):
    units = OrgUnit.objects.count()
    assert set(OrgUnit.objects.values_list("active_from", flat=True)) == {datetime.date(2015, 1, 1)}
    assert UnitVersion.objects.filter(valid_from=datetime.date(2015, 1, 1), valid_to=None).count() == units


def test_the_science_and_technology_branch_hangs_under_the_bloc_union(demo):
    branch = OrgUnit.objects.get(code="TV-DK-KHCN")
    assert branch.name == "Chi đoàn Sở Khoa học và Công nghệ"
    assert OrgUnit.objects.get_parent(branch).name == "Đoàn Khối các cơ quan và doanh nghiệp tỉnh"
    assert branch.kind.is_branch
    assert branch.members.count() == 15
    titles = set(Position.objects.filter(unit=branch, end_on=None).values_list("title", flat=True))
    assert titles == {Position.Title.SECRETARY, Position.Title.DEPUTY}


def test_branches_hold_between_3_and_60_members_and_all_300_are_placed(demo):
    sizes = Counter(Member.objects.values_list("unit_id", flat=True))
    assert sum(sizes.values()) == 300
    assert min(sizes.values()) >= 3
    assert max(sizes.values()) <= 60
    assert len(set(sizes.values())) > 3  # sizes vary
    assert not Member.objects.exclude(unit__kind__is_branch=True).exists()


def test_the_six_demo_logins_sign_in_with_the_demo_password(demo, client):
    for username in [*LOGINS, "admin"]:
        response = client.post(reverse("login"), {"username": username, "password": "doanvu-demo"})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username=username).pk)
        client.logout()


def test_the_demo_logins_hold_their_units_and_roles(demo):
    for username, (code, role) in LOGINS.items():
        officer = Officer.objects.get(user__username=username)
        assert (officer.unit.code, officer.role) == (code, role), username
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not Officer.objects.filter(user=admin).exists()


def test_demo_officers_see_their_own_subtree_and_the_viewer_cannot_edit(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    district = OrgUnit.objects.get(code="TV-CL")
    seen = scope.scope_filter(users["huyendoan"], Member.objects.all())
    assert seen.count() == Member.objects.filter(unit__path__startswith=district.path).count() > 0
    assert seen.count() < Member.objects.count()
    branch_members = scope.scope_filter(users["chidoan"], Member.objects.all())
    assert set(branch_members.values_list("unit__code", flat=True)) == {"TV-DK-KHCN"}
    assert not scope.in_scope(users["huyendoan"], OrgUnit.objects.get(code="TV-DK-KHCN"))
    province = OrgUnit.objects.get(code="TV")
    assert scope.scope_filter(users["xem"], Member.objects.all()).count() == Member.objects.count()
    assert not scope.has_role(users["xem"], province, scope.EDIT)
    assert scope.has_role(users["tinhdoan"], province, scope.EDIT)
    assert scope.has_role(users["doankhoi"], OrgUnit.objects.get(code="TV-DK"), scope.APPROVE)


def test_members_have_valid_unique_citizen_ids_from_tra_vinh(demo):
    members = list(Member.objects.all())
    ids = [m.citizen_id for m in members]
    assert len(set(ids)) == len(ids) == 300
    for m in members:
        assert re.fullmatch(r"084\d{9}", m.citizen_id), m.citizen_id
        century = 0 if m.date_of_birth.year < 2000 else 2
        assert m.citizen_id[3] == str(century + (m.gender == "female"))
        assert m.citizen_id[4:6] == f"{m.date_of_birth.year % 100:02d}"
        assert m.phone == "" or re.fullmatch(r"09\d{8}", m.phone)


def test_members_joined_between_16_and_30_and_current_members_are_16_to_30(demo):
    today = datetime.date.today()
    for m in Member.objects.all():
        assert 16 <= m.age_on(m.joined_on) <= 30, m
        assert m.joined_on > birthday(m.date_of_birth, 16), m
        assert m.joined_on <= today
        if m.status in CURRENT_STATUSES:
            assert 16 <= m.age_on(today) <= 30, m


def test_every_demo_member_passes_the_member_rules(demo):
    problems = {m.full_name: member_validate(m, check_unique=False) for m in Member.objects.all()}
    assert {name: errors for name, errors in problems.items() if errors} == {}


def test_some_members_turn_30_this_year(demo):
    year = datetime.date.today().year
    turning = Member.objects.filter(status__in=CURRENT_STATUSES, date_of_birth__year=year - 30)
    assert turning.count() > 0


def test_the_demo_has_the_statuses_and_party_stages_officers_meet(demo):
    statuses = Counter(Member.objects.values_list("status", flat=True))
    assert statuses[Status.ACTIVE] > 0.8 * 300
    assert statuses[Status.CAME_OF_AGE] > 0
    assert statuses[Status.REMOVED] > 0
    stages = Counter(m.party_stage for m in Member.objects.all())
    assert stages["full"] > 0 and stages["awareness"] + stages["introduced"] > 0
    assert {m.full_name.split()[0] for m in Member.objects.all()} >= {"Nguyễn", "Thạch"}
    assert set(Member.objects.values_list("ethnicity", flat=True)) >= {"Kinh", "Khmer"}


def test_some_members_wait_for_a_transfer_to_another_branch(demo):
    pending = Transfer.objects.filter(state=Transfer.State.PENDING).select_related("member")
    assert pending.count() >= 3
    for transfer in pending:
        assert transfer.member.status == Status.TRANSFER_PENDING
        assert transfer.from_unit_id == transfer.member.unit_id != transfer.to_unit_id
        assert transfer.to_unit.kind.is_branch
        assert re.fullmatch(r"\d{2}/\d{4}", transfer.dues_paid_until)
    assert Member.objects.filter(status=Status.TRANSFER_PENDING).count() == pending.count()


def test_member_history_is_dated_so_the_past_can_be_asked(demo):
    member = Member.objects.filter(status=Status.CAME_OF_AGE).first()
    ceremony = member.status_changed_on
    before = Member.history.as_of(datetime.datetime.combine(ceremony, datetime.time()).astimezone())
    assert before.get(pk=member.pk).status == Status.ACTIVE
    moved = Transfer.objects.filter(state=Transfer.State.ACCEPTED).first()
    day_before = datetime.datetime.combine(moved.decided_on, datetime.time()).astimezone()
    assert Member.history.as_of(day_before).get(pk=moved.member_id).unit_id == moved.from_unit_id
    assert Member.objects.get(pk=moved.member_id).unit_id == moved.to_unit_id


def test_the_same_seed_gives_the_same_demo_in_a_fresh_database(db, fast_passwords):
    def run() -> tuple[list, list]:
        with transaction.atomic():
            seed("--members", "120")
            units = list(OrgUnit.objects.order_by("path").values_list("code", "name"))
            people = list(
                Member.objects.order_by("citizen_id").values_list("citizen_id", "full_name", "date_of_birth")
            )
            transaction.set_rollback(True)  # back to the empty database
        return units, people

    first, second = run(), run()
    assert not OrgUnit.objects.exists()
    assert first == second
    assert len(first[1]) == 120


def test_another_seed_gives_other_people(db, fast_passwords):
    with transaction.atomic():
        seed("--members", "120", "--seed", "7")
        names = set(Member.objects.values_list("full_name", "date_of_birth"))
        transaction.set_rollback(True)
    seed("--members", "120")
    assert names != set(Member.objects.values_list("full_name", "date_of_birth"))


def test_if_empty_keeps_what_users_changed(demo):
    member = Member.objects.order_by("id").first()
    member.full_name = "Nguyễn Văn Đổi Tên"
    member.save()
    counts = (OrgUnit.objects.count(), Member.objects.count(), Transfer.objects.count())
    out = seed("--if-empty")
    assert "giữ nguyên" in out
    assert Member.objects.get(pk=member.pk).full_name == "Nguyễn Văn Đổi Tên"
    assert (OrgUnit.objects.count(), Member.objects.count(), Transfer.objects.count()) == counts


def test_seeding_over_an_existing_demo_is_refused_with_a_message(demo):
    counts = (OrgUnit.objects.count(), Member.objects.count())
    with pytest.raises(CommandError, match="Đã có đơn vị mã TV"):
        seed()
    assert (OrgUnit.objects.count(), Member.objects.count()) == counts


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
