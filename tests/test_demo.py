"""`doanvu seed_demo`: the demo province a newcomer meets on `make run`."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.test import override_settings
from django.urls import reverse

from doanvu.accounts import scope
from doanvu.accounts.models import Officer, Role
from doanvu.lib.periods import parse as period_parse
from doanvu.members.models import CURRENT_STATUSES, Member, Position, Status, Transfer
from doanvu.members.validation import member_validate
from doanvu.org.models import OrgUnit, UnitVersion
from doanvu.reports.models import Report, ReportForm, ReportVersion
from doanvu.stats import unit_stats
from doanvu.work.models import (
    Activity,
    Attendance,
    DirectValue,
    DuesPayment,
    DuesRate,
    Meeting,
    Target,
    WorkArea,
)

from .demo_runs import figure_sums

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo of 300 members with its records for the module's two classes (seeding takes seconds),
    rolled back afterwards; each test's own changes are rolled back after it. The module holds nothing else,
    so no other test finds it there."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            yield seed("--members", "300")
            transaction.set_rollback(True)


@pytest.mark.xdist_group("demo-province")  # under pytest-xdist one worker seeds it, once, for both classes
@pytest.mark.usefixtures("db")
class TestTheDemoProvince:
    def test_it_builds_tra_vinh_with_the_eleven_district_level_units_of_seed_003(self, demo):
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

    def test_every_district_level_unit_has_grassroots_unions_and_branches_under_it(self, demo):
        for unit in OrgUnit.objects.get_children(OrgUnit.objects.get(code="TV")):
            kinds = Counter(OrgUnit.objects.get_descendants(unit).values_list("kind__code", flat=True))
            assert kinds["branch"] + kinds["grassroots_branch"] >= 2, unit.name
        names = set(OrgUnit.objects.values_list("name", flat=True))
        assert "Đoàn Thị trấn Càng Long" in names
        assert any(name.startswith("Chi đoàn ấp ") for name in names)
        assert any(name.startswith("Chi đoàn lớp ") for name in names)

    def test_the_tree_has_its_history_from_2015(self, demo):
        units = OrgUnit.objects.count()
        assert set(OrgUnit.objects.values_list("active_from", flat=True)) == {datetime.date(2015, 1, 1)}
        assert (
            UnitVersion.objects.filter(valid_from=datetime.date(2015, 1, 1), valid_to=None).count() == units
        )

    def test_the_science_and_technology_branch_hangs_under_the_bloc_union(self, demo):
        branch = OrgUnit.objects.get(code="TV-DK-KHCN")
        assert branch.name == "Chi đoàn Sở Khoa học và Công nghệ"
        assert OrgUnit.objects.get_parent(branch).name == "Đoàn Khối các cơ quan và doanh nghiệp tỉnh"
        assert branch.kind.is_branch
        assert branch.members.count() == 15
        titles = set(Position.objects.filter(unit=branch, end_on=None).values_list("title", flat=True))
        assert titles == {Position.Title.SECRETARY, Position.Title.DEPUTY}

    def test_the_province_and_every_district_level_union_have_a_secretary_who_signs_their_reports(self, demo):
        from doanvu.reports.document.data import signer

        day = datetime.date(2025, 12, 31)
        province = OrgUnit.objects.get(code="TV")
        for unit in [province, *OrgUnit.objects.get_children(province)]:
            title, name = signer(unit, day)
            assert title == "BÍ THƯ" and name, unit.code

    def test_branches_hold_between_3_and_60_members_and_all_300_are_placed(self, demo):
        sizes = Counter(Member.objects.values_list("unit_id", flat=True))
        assert sum(sizes.values()) == 300
        assert min(sizes.values()) >= 3
        assert max(sizes.values()) <= 60
        assert len(set(sizes.values())) > 3  # sizes vary
        assert not Member.objects.exclude(unit__kind__is_branch=True).exists()

    def test_the_six_demo_logins_sign_in_with_the_demo_password(self, demo, client):
        for username in [*LOGINS, "admin"]:
            response = client.post(reverse("login"), {"username": username, "password": "doanvu-demo"})
            assert response.status_code == 302, username
            assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username=username).pk)
            client.logout()

    def test_the_demo_logins_hold_their_units_and_roles(self, demo):
        for username, (code, role) in LOGINS.items():
            officer = Officer.objects.get(user__username=username)
            assert (officer.unit.code, officer.role) == (code, role), username
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff
        assert not Officer.objects.filter(user=admin).exists()

    def test_demo_officers_see_their_own_subtree_and_the_viewer_cannot_edit(self, demo):
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

    def test_members_have_valid_unique_citizen_ids_from_tra_vinh(self, demo):
        members = list(Member.objects.all())
        ids = [m.citizen_id for m in members]
        assert len(set(ids)) == len(ids) == 300
        for m in members:
            assert re.fullmatch(r"084\d{9}", m.citizen_id), m.citizen_id
            century = 0 if m.date_of_birth.year < 2000 else 2
            assert m.citizen_id[3] == str(century + (m.gender == "female"))
            assert m.citizen_id[4:6] == f"{m.date_of_birth.year % 100:02d}"
            assert m.phone == "" or re.fullmatch(r"09\d{8}", m.phone)

    def test_members_joined_between_16_and_30_and_current_members_are_16_to_30(self, demo):
        today = datetime.date.today()
        for m in Member.objects.all():
            assert 16 <= m.age_on(m.joined_on) <= 30, m
            assert m.joined_on > birthday(m.date_of_birth, 16), m
            assert m.joined_on <= today
            if m.status in CURRENT_STATUSES:
                assert 16 <= m.age_on(today) <= 30, m

    def test_every_demo_member_passes_the_member_rules(self, demo):
        problems = {m.full_name: member_validate(m, check_unique=False) for m in Member.objects.all()}
        assert {name: errors for name, errors in problems.items() if errors} == {}

    def test_some_members_turn_30_this_year(self, demo):
        year = datetime.date.today().year
        turning = Member.objects.filter(status__in=CURRENT_STATUSES, date_of_birth__year=year - 30)
        assert turning.count() > 0

    def test_the_demo_has_the_statuses_and_party_stages_officers_meet(self, demo):
        statuses = Counter(Member.objects.values_list("status", flat=True))
        assert statuses[Status.ACTIVE] > 0.8 * 300
        assert statuses[Status.CAME_OF_AGE] > 0
        assert statuses[Status.REMOVED] > 0
        stages = Counter(m.party_stage for m in Member.objects.all())
        assert stages["full"] > 0 and stages["awareness"] + stages["introduced"] > 0
        assert {m.full_name.split()[0] for m in Member.objects.all()} >= {"Nguyễn", "Thạch"}
        assert set(Member.objects.values_list("ethnicity", flat=True)) >= {"Kinh", "Khmer"}

    def test_some_members_wait_for_a_transfer_to_another_branch(self, demo):
        pending = Transfer.objects.filter(state=Transfer.State.PENDING).select_related("member")
        assert pending.count() >= 3
        for transfer in pending:
            assert transfer.member.status == Status.TRANSFER_PENDING
            assert transfer.from_unit_id == transfer.member.unit_id != transfer.to_unit_id
            assert transfer.to_unit.kind.is_branch
            assert re.fullmatch(r"\d{2}/\d{4}", transfer.dues_paid_until)
        assert Member.objects.filter(status=Status.TRANSFER_PENDING).count() == pending.count()

    def test_member_history_is_dated_so_the_past_can_be_asked(self, demo):
        member = Member.objects.filter(status=Status.CAME_OF_AGE).first()
        ceremony = member.status_changed_on
        before = Member.history.as_of(datetime.datetime.combine(ceremony, datetime.time()).astimezone())
        assert before.get(pk=member.pk).status == Status.ACTIVE
        moved = Transfer.objects.filter(state=Transfer.State.ACCEPTED).first()
        day_before = datetime.datetime.combine(moved.decided_on, datetime.time()).astimezone()
        assert Member.history.as_of(day_before).get(pk=moved.member_id).unit_id == moved.from_unit_id
        assert Member.objects.get(pk=moved.member_id).unit_id == moved.to_unit_id

    def test_seeding_over_an_existing_demo_is_refused_with_a_message(self, demo):
        counts = (OrgUnit.objects.count(), Member.objects.count())
        with pytest.raises(CommandError, match="Đã có đơn vị mã TV"):
            seed()
        assert (OrgUnit.objects.count(), Member.objects.count()) == counts


def figures_of(activity: Activity) -> dict[str, int]:
    return {f.indicator.code: int(f.value) for f in activity.figures.select_related("indicator")}


@pytest.fixture(scope="module")
def records(demo):
    """What seeding the module's demo said, records included."""
    return demo


@pytest.mark.xdist_group("demo-province")  # the demo seeded for the class above
@pytest.mark.usefixtures("records")
class TestTheDemoRecords:
    def test_the_summary_says_what_was_added_and_how_long_it_took(self, db, records):
        assert "Đã thêm công tác năm 2025 – 2026" in records
        assert "hoạt động" in records and "buổi sinh hoạt chi đoàn" in records and "giây" in records

    def test_the_demos_rollups_match_its_records_and_its_figures_read_both_ways_agree(self, db):
        out = io.StringIO()
        call_command("rollup", "--check", stdout=out)  # exits 1 on any difference
        assert "khớp" in out.getvalue()
        province = OrgUnit.objects.get(code="TV")
        for code in ("2025", "2025Q3", "NH2025-2026"):
            period = period_parse(code)
            fast = unit_stats(unit=province, period=period, from_rollups=True)
            slow = unit_stats(unit=province, period=period, from_rollups=False)
            assert fast.values == slow.values, code
            assert [c.values for c in fast.children] == [c.values for c in slow.children], code

    def test_every_work_area_has_activities_in_2025(self, db):
        year = Activity.objects.filter(start_on__year=2025)
        assert set(year.values_list("work_area__code", flat=True)) == set(
            WorkArea.objects.values_list("code", flat=True)
        )
        assert WorkArea.objects.count() == 8
        assert {
            "hien-mau",
            "xuan-tinh-nguyen",
            "tntn-he",
            "chu-nhat-xanh",
            "trung-thu",
            "ky-nghi-hong",
        } <= set(year.values_list("movement__code", flat=True))
        assert set(figure_sums(year)) >= {
            "activities",
            "participations",
            "funds_vnd",
            "gifts",
            "gifts_value_vnd",
            "blood_donors",
            "blood_units",
            "youth_projects",
            "trees_planted",
            "children_reached",
            "awareness_course_youth",
        }

    def test_the_province_and_district_level_unions_run_activities_of_their_own(self, db):
        kinds = Counter(Activity.objects.values_list("unit__kind__code", flat=True))
        assert kinds["province"] >= 5
        assert kinds["district"] + kinds["bloc"] + kinds["attached"] >= 10
        assert kinds["grassroots"] > kinds["district"]
        assert Activity.objects.filter(
            title__startswith="Giao lưu hữu nghị thanh niên Việt Nam – Campuchia"
        ).exists()

    def test_some_activities_are_organised_jointly_and_every_lead_is_an_organiser(self, db):
        joint = list(Activity.objects.annotate(n=Count("organiser_links")).filter(n__gte=2))
        assert len(joint) >= 10
        pairs = [
            sorted((link.unit for link in a.organiser_links.all()), key=lambda u: u.depth) for a in joint
        ]
        by_siblings = [
            p for p in pairs if OrgUnit.objects.get_parent(p[0]) == OrgUnit.objects.get_parent(p[1])
        ]
        by_levels = [p for p in pairs if OrgUnit.objects.get_parent(p[1]) == p[0]]
        assert by_siblings and by_levels  # two branches or unions together; a district with a union below
        for activity in Activity.objects.prefetch_related("organiser_links"):
            assert activity.unit_id in {link.unit_id for link in activity.organiser_links.all()}

    def test_the_science_branch_has_the_year_seed_000_describes(self, db):
        year = Activity.objects.filter(unit__code="TV-DK-KHCN", start_on__year=2025)
        education = figure_sums(year.filter(work_area__code="education"))
        assert (education["activities"], education["participations"]) == (12, 196)  # 12 cuộc với 196 lượt
        assert figure_sums(year.filter(work_area__code="children"))["gifts"] == 58  # 58 phần quà
        assert figure_sums(year)["funds_vnd"] == 150_000_000  # tổng giá trị 150 triệu đồng
        green = figure_sums(year.filter(title="Ngày chủ nhật xanh"))
        assert (green["activities"], green["participations"]) == (8, 12)
        assert year.filter(title__contains="Kỳ nghỉ hồng").exists()
        assert year.filter(title__contains="Bà Mẹ Việt Nam Anh hùng xã Mỹ Cẩm").exists()

    def test_the_science_branch_meets_on_the_26th_with_most_members_present(self, db):
        meetings = Meeting.objects.filter(unit__code="TV-DK-KHCN", held_on__year=2025)
        assert meetings.count() == 12
        assert {m.held_on.day for m in meetings} == {26}
        marks = Attendance.objects.filter(meeting__in=meetings)
        rate = marks.filter(present=True).count() / marks.count()
        assert 0.8 <= rate <= 1.0
        for meeting in meetings:
            assert 0 < meeting.attendances.count() <= 15
            assert not meeting.attendances.exclude(member__unit__code="TV-DK-KHCN").exists()

    def test_meetings_count_only_members_who_had_joined_and_some_absences_are_excused(self, db):
        marks = Attendance.objects.select_related("meeting", "member")
        assert all(m.member.joined_on <= m.meeting.held_on for m in marks)
        rate = marks.filter(present=True).count() / marks.count()
        assert 0.85 <= rate <= 0.98
        assert marks.filter(present=False, excused=True).exists()
        assert marks.filter(present=False, excused=False).exists()
        assert not marks.filter(present=True, excused=True).exists()

    def test_members_pay_dues_at_the_configured_rates_and_some_fall_behind(self, db):
        assert set(DuesRate.objects.values_list("category", "monthly_amount")) >= {
            ("no_salary", 2000),
            ("salary", 5000),
        }
        assert set(DuesPayment.objects.filter(unit__code="TV-DK-KHCN").values_list("amount", flat=True)) == {
            5000
        }
        farmers = DuesPayment.objects.filter(member__occupation__in=["Nông dân", "Học sinh", "Sinh viên"])
        assert set(farmers.values_list("amount", flat=True)) == {2000}
        workers = DuesPayment.objects.filter(
            unit__name__startswith="Chi đoàn ấp ", member__occupation="Công nhân"
        )
        assert set(workers.values_list("amount", flat=True)) == {5000}
        khcn = DuesPayment.objects.filter(unit__code="TV-DK-KHCN", month__year=2025)
        assert khcn.values("member").distinct().count() >= 12
        latest = DuesPayment.objects.aggregate(m=Max("month"))["m"]
        last_paid = DuesPayment.objects.values("member").annotate(m=Max("month"))
        behind = [row for row in last_paid if (latest - row["m"]).days > 40]
        assert behind  # members whose dues stopped two months or more ago

    def test_targets_are_handed_down_from_the_province_and_from_the_districts(self, db):
        province = OrgUnit.objects.get(code="TV")
        for year in ("2025", "2026"):
            for unit in OrgUnit.objects.get_children(province):
                handed = Target.objects.filter(unit=unit, period=year, set_by_unit=province)
                assert set(handed.values_list("indicator__code", flat=True)) >= {
                    "members_admitted",
                    "outstanding_introduced",
                    "youth_projects",
                    "blood_units",
                }
                for child in OrgUnit.objects.get_children(unit):
                    assert Target.objects.filter(unit=child, period=year, set_by_unit=unit).exists()
            own = Target.objects.get(unit=province, period=year, indicator__code="members_admitted")
            districts = Target.objects.filter(
                set_by_unit=province, period=year, indicator__code="members_admitted"
            )
            assert own.set_by_unit == province
            assert own.value == districts.exclude(unit=province).aggregate(s=Sum("value"))["s"]
        khcn = Target.objects.get(
            unit__code="TV-DK-KHCN", period="2025", indicator__code="outstanding_introduced"
        )
        assert (khcn.set_by_unit.code, khcn.value) == ("TV-DK", 1)

    def test_district_level_unions_enter_direct_values_every_quarter(self, db):
        for unit in OrgUnit.objects.get_children(OrgUnit.objects.get(code="TV")):
            periods = set(
                DirectValue.objects.filter(unit=unit, indicator__code="news_articles").values_list(
                    "period", flat=True
                )
            )
            assert {"2025Q1", "2025Q2", "2025Q3", "2025Q4"} <= periods
        registered = DirectValue.objects.filter(
            indicator__code="youth_projects_registered", period__startswith="2025"
        )
        assert registered.aggregate(s=Sum("value"))["s"] > 0

    def test_districts_reports_of_2025_are_mostly_approved_some_returned_late_or_missing(self, db):
        form = ReportForm.objects.get(owner_unit__code="TV", period_kind="quarter")
        assert form.deadline_days == 5
        assert set(form.submitter_kinds.values_list("code", flat=True)) == {"district", "bloc", "attached"}
        quarters = Report.objects.filter(form=form, period__in=["2025Q1", "2025Q2", "2025Q3", "2025Q4"])
        states = Counter(quarters.values_list("state", flat=True))
        assert states[Report.State.APPROVED] > 30
        assert states[Report.State.RETURNED] == 2
        assert quarters.count() < 11 * 4  # some never sent
        for report in quarters.filter(state=Report.State.RETURNED):
            assert report.decision_comment and report.decided_at and report.decided_by.username == "tinhdoan"
        late = [
            r
            for r in quarters
            if r.submitted_at.date() > period_parse(r.period).end + datetime.timedelta(days=5)
        ]
        assert len(late) >= 3
        for report in quarters.filter(state=Report.State.APPROVED):
            assert report.submitted_at < report.decided_at
            assert report.subject.startswith(
                "Báo cáo kết quả công tác Đoàn và phong trào thanh thiếu nhi quý "
            )

    def test_a_district_sees_its_own_grassroots_units_on_its_completeness_page(self, db):
        from doanvu.reports import selectors
        from doanvu.reports.completeness import completeness

        district = OrgUnit.objects.get(code="TV-CL")
        quarter = period_parse("2025Q4")
        form = selectors.default_form(district, quarter)
        assert (form.owner_unit, form.name) == (district, "Báo cáo quý gửi Huyện đoàn Càng Long")
        result = completeness(unit=district, form=form, period=quarter)
        assert result.counts["total"] > 0 and result.counts["approved"] > 0
        assert {row.unit.kind.code for row in result.rows} == {"grassroots"}
        sent = Report.objects.filter(form=form).exclude(submitted_at=None)
        assert sent.count() == ReportVersion.objects.filter(report__form=form).count()  # each sent once

    def test_sent_reports_name_the_party_committee_and_recipients_by_level_signed_by_the_secretary(self, db):
        from doanvu.reports.document import report_data

        report = Report.objects.filter(unit__name__startswith="Huyện đoàn ", period="2025").first()
        place = report.unit.name.removeprefix("Huyện đoàn ")
        party = f"Ban Thường vụ Huyện ủy {place}"
        assert (report.signer_name, report.sections["party_committee"]) == ("", party)
        data = report_data(unit=report.unit, period=period_parse("2025"))
        assert data["recipients"] == [
            "Ban Thường vụ Tỉnh đoàn Trà Vinh (để báo cáo);",
            f"{party} (để báo cáo);",
            "Các đồng chí Ủy viên Ban Thường vụ Huyện đoàn;",
            "Lưu VP.",
        ]
        secretaries = Position.objects.filter(unit=report.unit, title=Position.Title.SECRETARY)
        assert data["signature"]["name"] in {p.member.full_name for p in secretaries}
        # The province's own annual report, being drafted, carries the year's theme down to its units.
        assert "với chủ đề năm “Tuổi trẻ Trà Vinh xung kích, sáng tạo, chuyển đổi số”" in data["intro"]
        assert f"dưới sự lãnh đạo, chỉ đạo của {party}" in data["intro"]

    def test_reports_are_on_file_only_for_periods_that_have_ended(self, db):
        today = datetime.date.today()
        for code in Report.objects.values_list("period", flat=True):
            assert period_parse(code).end < today

    def test_nothing_is_dated_after_today(self, db):
        today = datetime.date.today()
        assert Activity.objects.aggregate(m=Max("start_on"))["m"] <= today
        assert Meeting.objects.aggregate(m=Max("held_on"))["m"] <= today
        assert DuesPayment.objects.aggregate(m=Max("paid_on"))["m"] <= today
        assert not Activity.objects.filter(start_on__lt=datetime.date(2025, 1, 1)).exists()
        assert not Activity.objects.filter(end_on__lt=F("start_on")).exists()

    def test_some_data_quality_problems_are_left_for_users_to_find(self, db, records):
        swapped = [
            a
            for a in Activity.objects.filter(title__startswith="Ngày chủ nhật xanh")
            if figures_of(a).get("participations", 99) < figures_of(a).get("activities", 0)
        ]
        assert swapped
        drives = Activity.objects.filter(title__startswith="Hiến máu tình nguyện quý ").order_by("start_on")
        units = [figures_of(a)["blood_units"] for a in drives]
        assert sorted(units)[-1] >= 5 * sorted(units)[-2]  # one figure typed with an extra zero
        assert "Số liệu có vấn đề" in records
