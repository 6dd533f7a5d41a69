"""`doanvu seed_demo`: the demo province's 2025 evaluation — the criteria set, the self-assessments, the
inspection, member evaluations and unit classifications, and the Party pipeline."""

import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import TestCase, override_settings

from doanvu.demo.evaluation import unit_level
from doanvu.evaluation.inspection.assessment_selectors import (
    missing_evidence,
    submitted_late,
)
from doanvu.evaluation.inspection.scoring import (
    assessment_totals,
    level_for,
    ranks,
    visit_score,
)
from doanvu.evaluation.inspection.services.assessment import assessment_submit
from doanvu.evaluation.members import rules
from doanvu.evaluation.models import (
    Assessment,
    ConditionScore,
    CriteriaSet,
    Evidence,
    InspectionPlan,
    InspectionVisit,
    Level,
    MemberEvaluation,
    OutstandingEntry,
    OutstandingList,
    TrainingRegistration,
    TrainingResult,
    UnitClassification,
)
from doanvu.evaluation.party.selectors import (
    pipeline_due,
    pipeline_funnel,
)
from doanvu.members.models import Discipline, Member
from doanvu.members.selectors import members_on
from doanvu.members.validation import member_validate
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report
from doanvu.work.models import Activity, Attendance

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
YEAR_END = datetime.date(2025, 12, 31)
DISTRICT_LEVEL = {
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
    "TV-DHTV",
}


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo of 600 members with its records and evaluation for the module's two classes, rolled back
    afterwards; the files the seed writes on commit are kept aside as callbacks. The module holds nothing
    else, so no other test finds it there."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks() as callbacks:
                out = seed("--members", "600")
            yield out, callbacks
            transaction.set_rollback(True)


def the_set() -> CriteriaSet:
    return CriteriaSet.objects.get(issuer__code="TV", year=2025)


def plan() -> InspectionPlan:
    return InspectionPlan.objects.get(number="128-KH/UBKTTĐ")


@pytest.mark.xdist_group("demo-evaluation")  # under pytest-xdist one worker seeds it, once, for both classes
@pytest.mark.usefixtures("seeded")
class TestTheCriteriaSetAndTheInspection:
    def test_the_summary_says_what_the_evaluation_added(self, db, seeded):
        out, _callbacks = seeded
        assert "Đã thêm đánh giá năm 2025" in out
        assert "360 + 40 điểm" in out and "128-KH/UBKTTĐ" in out and "danh sách đoàn viên ưu tú" in out

    def test_the_province_issued_a_2025_set_of_7_criteria_and_360_plus_40_points_to_its_11_district_units(
        self, db
    ):
        criteria_set = the_set()
        assert criteria_set.state == CriteriaSet.State.ISSUED
        assert datetime.date(2025, 1, 1) <= criteria_set.issued_on <= datetime.date(2025, 3, 31)
        assert criteria_set.self_assessment_deadline == datetime.date(2025, 10, 31)
        assert criteria_set.criteria.count() == 7
        assert criteria_set.points() == (Decimal(360), Decimal(40))
        units = set(criteria_set.units.values_list("code", flat=True))
        children = OrgUnit.objects.get_children(OrgUnit.objects.get(code="TV"))
        assert units == set(children.values_list("code", flat=True)) == DISTRICT_LEVEL
        for criterion in criteria_set.criteria.all():
            assert criterion.contents.count() >= 2, criterion

    def test_the_conditions_are_graded_need_evidence_and_some_are_tied_to_data(self, db):
        conditions = list(the_set().conditions())
        assert 30 <= len(conditions) <= 45
        graded = [c for c in conditions if c.grades]
        assert len(graded) >= 30
        for condition in graded:
            points = condition.grade_points()
            assert points == sorted(points, reverse=True) and points[0] == condition.max_points
        timeliness = next(c for c in conditions if c.data_source == "report_timeliness")
        assert [g["points"] for g in timeliness.grades] == ["8", "6", "4", "2", "0"]
        assert "đúng hạn" in timeliness.grades[0]["text"]
        assert {c.data_source for c in conditions} >= {
            "report_timeliness",
            "meeting_attendance",
            "target_achievement",
            "members_evaluated",
            "training_registered",
            "dues_collected",
            "outstanding_introduced",
        }
        assert sum(c.evidence_mandatory for c in conditions) >= 5
        assert all(c.evidence_required for c in conditions)

    def test_ten_units_submitted_one_of_them_late_and_cang_long_is_still_a_draft(self, db):
        assessments = {
            a.unit.code: a for a in Assessment.objects.filter(criteria_set=the_set()).select_related("unit")
        }
        assert set(assessments) == DISTRICT_LEVEL
        draft = assessments.pop("TV-CL")
        assert draft.state == Assessment.State.DRAFT and draft.submitted_at is None
        assert all(a.submitted_at is not None for a in assessments.values())
        assert sum(submitted_late(a) for a in assessments.values()) == 1
        assert draft.scores.filter(self_points__isnull=True).exists()
        assert draft.scores.filter(self_points__isnull=False).exists()
        assert len(missing_evidence(draft)) == 1
        for assessment in assessments.values():
            assert missing_evidence(assessment) == []
            assert not assessment.scores.filter(self_points__isnull=True).exists()

    def test_huyendoan_cannot_submit_cang_long_until_the_missing_evidence_is_attached(self, db):
        draft = Assessment.objects.get(criteria_set=the_set(), unit__code="TV-CL")
        missing = missing_evidence(draft)[0]
        with pytest.raises(ValidationError) as error:
            assessment_submit(assessment=draft, by=get_user_model().objects.get(username="huyendoan"))
        assert f"Điều kiện {missing.code} chưa có minh chứng" in " ".join(error.value.messages)
        assert Assessment.objects.get(pk=draft.pk).state == Assessment.State.DRAFT

    def test_self_scores_stay_within_each_condition_and_on_its_grades(self, db):
        scores = ConditionScore.objects.filter(assessment__criteria_set=the_set()).select_related("condition")
        assert scores.count() == 11 * the_set().conditions().count()
        for score in scores.exclude(self_points=None):
            condition = score.condition
            assert 0 <= score.self_points <= condition.max_points
            if condition.grades and score.self_points:
                assert score.self_points in condition.grade_points(), (condition.code, score.self_points)
        totals = Assessment.objects.filter(criteria_set=the_set(), state=Assessment.State.INSPECTED)
        assert all(Decimal(250) <= a.self_total <= Decimal(400) for a in totals)
        assert len({a.self_total for a in totals}) > 5  # units differ

    def test_evidence_cites_the_units_own_activities_and_reports_and_files(self, db):
        evidence = Evidence.objects.filter(assessment__criteria_set=the_set()).select_related("assessment")
        kinds = Counter(evidence.values_list("kind", flat=True))
        assert set(kinds) == {"file", "link", "record", "note"}
        for row in evidence.filter(kind=Evidence.Kind.RECORD):
            unit = row.assessment.unit
            if row.activity_id:
                organisers = Activity.objects.filter(Q(unit=unit) | Q(organiser_links__unit=unit))
                assert organisers.filter(pk=row.activity_id, start_on__year=2025).exists()
                assert (
                    row.activity.start_on <= row.assessment.submitted_at.date()
                    if row.assessment.submitted_at
                    else True
                )
            else:
                assert Report.objects.filter(pk=row.report_id, unit=unit, period__startswith="2025").exists()
        assert evidence.filter(kind=Evidence.Kind.RECORD, report__isnull=False).exists()
        for row in evidence.filter(kind=Evidence.Kind.LINK):
            assert row.url.startswith("https://")
        for row in evidence.filter(kind=Evidence.Kind.FILE):
            assert row.file.name.startswith(f"minh-chung/{the_set().pk}/{row.assessment.unit_id}/")
            assert row.content_type in ("application/pdf", "image/png")

    def test_the_evidence_files_are_written_when_the_seed_commits(self, db, seeded, settings, tmp_path):
        _out, callbacks = seeded
        settings.MEDIA_ROOT = tmp_path
        for callback in callbacks:
            callback()
        files = Evidence.objects.filter(kind=Evidence.Kind.FILE)
        assert files.exists()
        for row in files:
            content = (tmp_path / row.file.name).read_bytes()
            assert content.startswith(b"%PDF-1.4" if row.content_type == "application/pdf" else b"\x89PNG")

    def test_the_inspection_plan_of_seed_003_covers_the_eleven_units(self, db):
        p = plan()
        assert p.issuer.code == "TV" and p.criteria_set == the_set()
        assert p.issued_on == datetime.date(2025, 10, 20)
        assert (p.start_on, p.end_on) == (datetime.date(2025, 11, 2), datetime.date(2025, 11, 10))
        team = p.team.splitlines()
        assert 4 <= len(team) <= 5 and all(line.startswith("Đ/c ") for line in team)
        assert sum(line.endswith("— Trưởng đoàn") for line in team) == 1
        assert set(p.units.values_list("code", flat=True)) == DISTRICT_LEVEL
        assert p.ranking_published_on is None and p.concluded_on is None
        assert p.state != InspectionPlan.State.CONCLUDED and not p.recommendations

    def test_ten_visits_are_done_and_cang_longs_waits(self, db):
        visits = plan().visits.select_related("unit", "assessment")
        assert visits.count() == 11
        pending = visits.get(unit__code="TV-CL")
        assert pending.state == InspectionVisit.State.PENDING and pending.visited_on is None
        assert not pending.assessment.evidence.exclude(status=Evidence.Status.PENDING).exists()
        for visit in visits.exclude(pk=pending.pk):
            assert visit.state == InspectionVisit.State.DONE
            assert plan().start_on <= visit.visited_on <= plan().end_on
            assert visit.visited_on > visit.assessment.submitted_at.date()
            assert visit.assessment.state == Assessment.State.INSPECTED
            assert visit.strengths and visit.shortcomings and visit.recommendations

    def test_ranks_follow_the_final_scores_and_propose_a_level(self, db):
        visits = list(plan().visits.select_related("unit", "assessment", "assessment__criteria_set"))
        for visit in visits:
            assert visit.final_score == visit_score(visit.assessment)
            assert visit.proposed_level == level_for(the_set(), visit.final_score)
            if visit.state == InspectionVisit.State.DONE:
                assert (
                    visit.final_score
                    == assessment_totals(visit.assessment)[1]
                    == visit.assessment.final_total
                )
        pending = next(v for v in visits if v.unit.code == "TV-CL")
        assert pending.final_score is None and pending.rank is None  # a draft is not ranked
        assert [v.rank for v in visits] == ranks([v.final_score for v in visits])
        done = sorted((v for v in visits if v.state == InspectionVisit.State.DONE), key=lambda v: v.rank)
        assert [v.final_score for v in done] == sorted((v.final_score for v in done), reverse=True)
        assert len({v.proposed_level for v in done}) >= 2

    def test_the_team_scored_every_condition_and_explained_each_change(self, db):
        scores = ConditionScore.objects.filter(
            assessment__criteria_set=the_set(), assessment__state=Assessment.State.INSPECTED
        )
        assert not scores.filter(inspector_points__isnull=True).exists()
        changed = [s for s in scores if s.inspector_points != (s.self_points or 0)]
        assert len(changed) >= 10
        assert all(s.inspector_comment for s in changed)
        assert any(s.inspector_points < s.self_points for s in changed)

    def test_some_evidence_was_rejected_with_the_reason_and_cost_points(self, db):
        inspected = Evidence.objects.filter(assessment__state=Assessment.State.INSPECTED)
        assert not inspected.filter(status=Evidence.Status.PENDING).exists()
        rejected = list(inspected.filter(status=Evidence.Status.REJECTED).select_related("condition"))
        assert len(rejected) >= 2
        for row in rejected:
            assert row.review_reason and row.reviewed_by.username == "tinhdoan"
            score = ConditionScore.objects.get(assessment=row.assessment, condition=row.condition)
            assert score.inspector_points < score.self_points
            assert "không được chấp nhận" in score.inspector_comment
        reasons = " ".join(r.review_reason for r in rejected)
        assert "sai sót" in reasons or "chưa chính xác" in reasons or "không" in reasons


@pytest.mark.xdist_group("demo-evaluation")  # the demo seeded for the class above
@pytest.mark.usefixtures("seeded")
class TestTheMembersAndThePipeline:
    def test_every_member_counted_at_the_end_of_2025_is_evaluated_in_their_branch(self, db):
        counted = {m.id: m.unit_id for m in members_on(unit=OrgUnit.objects.get(code="TV"), day=YEAR_END)}
        evaluations = MemberEvaluation.objects.filter(year=2025)
        assert dict(evaluations.values_list("member_id", "unit_id")) == counted
        assert set(evaluations.values_list("as_of", flat=True)) == {YEAR_END}
        for evaluation in evaluations.exclude(decided_level="").select_related("unit", "decision_unit"):
            branch, decider = evaluation.unit, evaluation.decision_unit
            assert (
                decider == branch
                if branch.kind.is_grassroots
                else decider.path == branch.path[: -branch.steplen]
            )
            assert evaluation.self_on <= evaluation.proposed_on <= evaluation.decided_on
            assert datetime.date(2025, 12, 1) <= evaluation.decided_on <= datetime.date(2026, 1, 31)

    def test_the_inputs_are_the_members_2025_attendance(self, db):
        rows = (
            Attendance.objects.filter(meeting__held_on__year=2025)
            .values("member_id")
            .annotate(n=Count("pk"), here=Count("pk", filter=Q(present=True)))
        )
        attendance = {r["member_id"]: (r["n"], r["here"]) for r in rows}
        for evaluation in MemberEvaluation.objects.filter(year=2025):
            expected, present = attendance.get(evaluation.member_id, (0, 0))
            assert (evaluation.inputs["meetings_expected"], evaluation.inputs["meetings_attended"]) == (
                expected,
                present,
            )

    def test_every_decision_keeps_the_rules_of_the_year(self, db):
        year_rules = rules.rules_for(OrgUnit.objects.get(code="TV"), 2025)
        decided = MemberEvaluation.objects.filter(year=2025).exclude(decided_level="")
        for evaluation in decided:
            inputs = rules.MemberInputs.from_json(evaluation.inputs)
            assert rules.member_flags(year_rules, inputs, evaluation.decided_level) == [], evaluation.inputs
            assert evaluation.flags == []
        for evaluation in decided.filter(decided_level=Level.OUTSTANDING):
            assert evaluation.inputs["attendance_pct"] >= 90
            training = TrainingRegistration.objects.get(member_id=evaluation.member_id, year=2025)
            assert training.result == TrainingResult.OUTSTANDING == evaluation.inputs["training_result"]

    def test_the_levels_spread_as_a_real_year_end_review(self, db):
        levels = Counter(
            MemberEvaluation.objects.filter(year=2025)
            .exclude(decided_level="")
            .values_list("decided_level", flat=True)
        )
        total = sum(levels.values())
        assert 0.15 <= levels[Level.OUTSTANDING] / total <= 0.30
        assert levels.most_common(1)[0][0] == Level.GOOD
        assert levels[Level.COMPLETED] > 0 and 0 < levels[Level.NOT_COMPLETED] / total <= 0.05

    def test_a_branch_of_cang_long_waits_with_proposals_that_break_a_rule(self, db):
        flagged = list(MemberEvaluation.objects.filter(year=2025).exclude(flags=[]).select_related("unit"))
        assert flagged
        year_rules = rules.rules_for(OrgUnit.objects.get(code="TV"), 2025)
        for evaluation in flagged:
            assert evaluation.decided_level == "" and evaluation.proposed_level == Level.OUTSTANDING
            assert evaluation.unit.code.startswith("TV-CL-")
            expected = rules.member_flags(
                year_rules, rules.MemberInputs.from_json(evaluation.inputs), Level.OUTSTANDING
            )
            assert evaluation.flags == rules.flag_dicts(expected)
            assert all(f["code"] and "xuất sắc" in f["message"] for f in evaluation.flags)
        branch = flagged[0].unit
        assert not MemberEvaluation.objects.filter(unit=branch, year=2025).exclude(decided_level="").exists()
        waiting = MemberEvaluation.objects.filter(year=2025, decided_level="").values("unit").distinct()
        assert waiting.count() >= 3
        assert not MemberEvaluation.objects.filter(year=2025, proposed_level="").exists()

    def test_a_disciplined_member_is_at_most_completed(self, db):
        disciplines = list(Discipline.objects.filter(decided_on__year=2025))
        assert disciplines
        for discipline in disciplines:
            evaluation = MemberEvaluation.objects.get(member=discipline.member, year=2025)
            assert evaluation.decided_level in (Level.COMPLETED, Level.NOT_COMPLETED)
            assert discipline.form in evaluation.inputs["disciplines"]

    def test_most_members_registered_for_the_training_programme_and_were_evaluated(self, db):
        evaluated = MemberEvaluation.objects.filter(year=2025).count()
        trainings = TrainingRegistration.objects.filter(year=2025)
        assert 0.85 * evaluated <= trainings.count() < evaluated
        assert not trainings.filter(result="").exists()
        for training in trainings.select_related("member"):
            assert training.member.joined_on < training.registered_on < training.evaluated_on <= YEAR_END

    def test_branches_and_grassroots_units_are_classified_by_the_unit_above_and_the_districts_wait(self, db):
        classifications = UnitClassification.objects.filter(year=2025).select_related(
            "unit", "decided_by_unit"
        )
        assert classifications.exists()
        assert not classifications.filter(unit__code__in=DISTRICT_LEVEL).exists()
        waiting = set(
            MemberEvaluation.objects.filter(year=2025, decided_level="").values_list("unit_id", flat=True)
        )
        for row in classifications:
            unit = row.unit
            assert row.decided_by_unit.path == unit.path[: -unit.steplen]
            members = MemberEvaluation.objects.filter(year=2025, unit__path__startswith=unit.path)
            assert not members.filter(unit_id__in=waiting).exists()
            assert row.level == unit_level(Counter(members.values_list("decided_level", flat=True)))
        kinds = set(classifications.values_list("unit__kind__code", flat=True))
        assert {"branch", "grassroots"} <= kinds

    def test_the_outstanding_lists_were_handed_over_on_anniversaries(self, db):
        lists = OutstandingList.objects.select_related("unit__kind")
        assert lists.filter(year=2025).count() >= 5 and lists.filter(year=2026).exists()
        for row in lists:
            assert row.unit.kind.is_grassroots and row.resolution_number and row.party_committee
            assert row.resolved_on <= row.handed_over_on
            days = {
                2025: {datetime.date(2025, 2, 3), datetime.date(2025, 3, 26)},
                2026: {datetime.date(2026, 2, 3)},
            }
            assert row.handed_over_on in days[row.year]
            for entry in row.entries.select_related("member"):
                member = entry.member
                assert member.age_on(row.handed_over_on) >= 18
                assert member.unit.path.startswith(row.unit.path)
                assert (
                    member.party_probationary_on is None or member.party_probationary_on > row.handed_over_on
                )
        for entry in OutstandingEntry.objects.filter(outstanding_list__year=2026).select_related(
            "evaluation"
        ):
            assert entry.evaluation.year == 2025 and entry.evaluation.decided_level == Level.OUTSTANDING

    def test_the_pipeline_has_people_at_every_stage(self, db):
        province = OrgUnit.objects.get(code="TV")
        funnel = {stage.code: stage.count for stage in pipeline_funnel(unit=province, year=2025).stages}
        assert (
            funnel["proposed"]
            > funnel["certified"]
            > funnel["introduced"]
            >= funnel["probationary"]
            > funnel["full"]
            > 0
        )
        listed = Member.objects.filter(outstanding_entries__isnull=False)
        assert listed.filter(party_course_on__isnull=True).exists()  # on a list only
        due = pipeline_due(unit=province)
        assert any(row.member in listed for row in due.full)  # probation ending: due for full membership
        certificates = [row for row in due.certificates if row.member in listed]
        assert any(row.overdue for row in certificates) and any(not row.overdue for row in certificates)

    def test_party_dates_stay_in_order_and_the_history_tells_each_step(self, db):
        for member in Member.objects.exclude(party_course_on=None):
            assert member_validate(member, check_unique=False) == [], member
        admitted = Member.objects.filter(
            outstanding_entries__isnull=False, party_probationary_on__isnull=False
        ).first()
        day = admitted.party_probationary_on
        before = Member.history.as_of(datetime.datetime.combine(day, datetime.time()).astimezone())
        after = Member.history.as_of(datetime.datetime.combine(day, datetime.time(23)).astimezone())
        assert before.get(pk=admitted.pk).party_probationary_on is None
        assert after.get(pk=admitted.pk).party_probationary_on == day
        assert after.get(pk=admitted.pk).party_introduced_on == admitted.party_introduced_on

    def test_introductions_of_2025_come_near_the_provinces_target(self, db):
        from doanvu.work.models import Target

        target = Target.objects.get(
            unit__code="TV", period="2025", indicator__code="outstanding_introduced"
        ).value
        introduced = Member.objects.filter(party_introduced_on__year=2025).count()
        assert 0.7 * float(target) <= introduced <= 2.5 * float(target)
