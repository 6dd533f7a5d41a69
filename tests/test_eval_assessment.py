"""Self-assessment services: opening, scoring with grades, evidence of four kinds, submitting (mandatory
evidence, the deadline), reopening by the issuer; only the unit's own editors write; everything audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.inspection.assessment_selectors import (
    activity_choices,
    missing_evidence,
    submitted_late,
)
from doanvu.evaluation.inspection.services.assessment import (
    assessment_evidence_add,
    assessment_evidence_remove,
    assessment_open,
    assessment_refresh_proposals,
    assessment_reopen,
    assessment_score,
    assessment_submit,
)
from doanvu.evaluation.models import (
    Assessment,
    ConditionScore,
    CriteriaSet,
    Evidence,
)
from doanvu.reports.models import Report
from doanvu.work.models import Activity, ActivityOrganiser, WorkArea

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import YEAR, condition, fake_png, make_set, pdf, png

media = factories.media

D = Decimal


@pytest.fixture
def setup(tree, people, media):
    criteria_set = make_set(tree.province, [tree.district_a, tree.district_b])
    assessment = assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)
    return criteria_set, assessment


def messages_of(error) -> list[str]:
    return [m for ms in error.value.message_dict.values() for m in ms]


def test_opening_creates_a_score_row_per_condition_with_the_proposals(setup, monkeypatch):
    criteria_set, assessment = setup
    assert assessment.state == Assessment.State.DRAFT
    assert sorted(assessment.scores.values_list("condition__code", flat=True)) == ["1.1", "1.2", "2.1"]


def test_the_rows_hold_what_the_proposals_module_proposes_for_the_unit(setup):
    from doanvu.evaluation.inspection.proposals import propose_all

    _criteria_set, assessment = setup
    expected = propose_all(assessment=assessment)
    rows = {s.condition_id: (s.proposed_points, s.proposed_basis) for s in assessment.scores.all()}
    assert rows == {pk: (points, basis) for pk, (points, basis) in expected.items()}


def test_opening_again_returns_the_same_assessment(setup, tree, people):
    criteria_set, assessment = setup
    assert (
        assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above).pk == assessment.pk
    )
    assert Assessment.objects.count() == 1


def test_proposals_come_from_the_proposals_module_and_can_be_refreshed(setup, people, monkeypatch):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.2")
    monkeypatch.setattr(
        "doanvu.evaluation.inspection.services.assessment.propose_all",
        lambda *, assessment: {target.pk: (D(6), "11/12 báo cáo đúng hạn")},
    )
    assessment_refresh_proposals(assessment=assessment, by=people.above)
    row = ConditionScore.objects.get(assessment=assessment, condition=target)
    assert (row.proposed_points, row.proposed_basis) == (D(6), "11/12 báo cáo đúng hạn")


def test_a_set_that_is_not_issued_or_not_for_the_unit_cannot_be_opened(tree, people, media):
    draft = make_set(tree.province, [tree.district_a], state=CriteriaSet.State.DRAFT)
    with pytest.raises(ValidationError, match="chưa ban hành"):
        assessment_open(criteria_set=draft, unit=tree.district_a, by=people.above)
    other = make_set(tree.province, [tree.district_b])
    with pytest.raises(ValidationError, match="không áp dụng cho Huyện đoàn A"):
        assessment_open(criteria_set=other, unit=tree.district_a, by=people.above)


def test_only_the_units_own_editors_open_score_and_submit(setup, tree, people):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.1")
    for outsider in (people.province_officer, people.other_district, people.viewer, people.own):
        with pytest.raises(PermissionDenied):
            assessment_score(assessment=assessment, condition=target, points="5", by=outsider)
        with pytest.raises(PermissionDenied):
            assessment_submit(assessment=assessment, by=outsider)
    with pytest.raises(PermissionDenied):
        assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.province_officer)
    assert assessment.scores.filter(self_points__isnull=False).count() == 0


def test_a_score_is_between_zero_and_the_maximum(setup, people):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.1")
    with pytest.raises(ValidationError) as error:
        assessment_score(assessment=assessment, condition=target, points="11", by=people.above)
    assert messages_of(error) == ["Điều kiện 1.1: điểm phải từ 0 đến 10."]
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        assessment_score(assessment=assessment, condition=target, points="-1", by=people.above)
    with pytest.raises(ValidationError, match="không phải là một số"):
        assessment_score(assessment=assessment, condition=target, points="chín", by=people.above)
    assessment_score(
        assessment=assessment, condition=target, points="7,5", note="Đã học 3/4 nghị quyết", by=people.above
    )
    row = assessment.scores.get(condition=target)
    assert (row.self_points, row.self_note) == (D("7.5"), "Đã học 3/4 nghị quyết")
    assessment.refresh_from_db()
    assert assessment.self_total == D("7.5")


def test_a_graded_condition_takes_one_of_its_grades_or_zero(setup, people):
    criteria_set, assessment = setup
    graded = condition(criteria_set, "1.2")
    with pytest.raises(ValidationError) as error:
        assessment_score(assessment=assessment, condition=graded, points="5", by=people.above)
    assert messages_of(error) == ["Điều kiện 1.2 chỉ chấm theo các mức: 8 / 6 / 4 / 2 điểm."]
    assessment_score(assessment=assessment, condition=graded, points="6", by=people.above)
    assessment_score(assessment=assessment, condition=graded, points="0", by=people.above)
    assert assessment.scores.get(condition=graded).self_points == D(0)


def test_a_blank_score_clears_it(setup, people):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.1")
    assessment_score(assessment=assessment, condition=target, points="4", by=people.above)
    assessment_score(assessment=assessment, condition=target, points="", by=people.above)
    assert assessment.scores.get(condition=target).self_points is None


def test_a_condition_of_another_set_is_refused(setup, tree, people):
    _criteria_set, assessment = setup
    other = make_set(tree.province, [tree.district_a], year=YEAR + 1)
    with pytest.raises(ValidationError, match="không thuộc bộ tiêu chí này"):
        assessment_score(
            assessment=assessment, condition=condition(other, "1.1"), points="1", by=people.above
        )


def test_scoring_is_audited_with_the_points(setup, people):
    criteria_set, assessment = setup
    assessment_score(
        assessment=assessment, condition=condition(criteria_set, "1.2"), points="8", by=people.above
    )
    entry = AuditEntry.objects.get(action="assessment.score")
    assert entry.unit.code == "HA" and entry.actor == people.above
    assert "Tự chấm điều kiện 1.2: 8 điểm" in entry.summary
    assert entry.data["after"] == "8"


def test_a_file_of_evidence_is_checked_stored_and_audited(setup, people, media):
    criteria_set, assessment = setup
    proof = assessment_evidence_add(
        assessment=assessment,
        condition=condition(criteria_set, "1.2"),
        kind="file",
        upload=pdf(),
        by=people.above,
    )
    assert (proof.title, proof.content_type, proof.status) == (
        "bao-cao-thang.pdf",
        "application/pdf",
        "pending",
    )
    assert (media / proof.file.name).read_bytes().startswith(b"%PDF")
    assert proof.file.name.startswith(f"minh-chung/{criteria_set.pk}/{assessment.unit_id}/")
    assert AuditEntry.objects.filter(action="assessment.evidence_add", unit=assessment.unit).count() == 1


def test_a_script_renamed_to_png_is_refused_and_nothing_is_written(setup, people, media):
    criteria_set, assessment = setup
    with pytest.raises(ValidationError) as error:
        assessment_evidence_add(
            assessment=assessment,
            condition=condition(criteria_set, "1.2"),
            kind="file",
            upload=fake_png(),
            by=people.above,
        )
    assert error.value.message_dict["file"] == ["Nội dung tệp «anh.png» không phải là tệp PNG hợp lệ."]
    assert Evidence.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_link_must_be_a_web_address(setup, people):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.1")
    with pytest.raises(ValidationError) as error:
        assessment_evidence_add(
            assessment=assessment, condition=target, kind="link", url="trang web", by=people.above
        )
    assert "http://" in error.value.message_dict["url"][0]
    link = assessment_evidence_add(
        assessment=assessment,
        condition=target,
        kind="link",
        url="https://tinhdoan.vn/tin/123",
        by=people.above,
    )
    assert (link.kind, link.title) == ("link", "https://tinhdoan.vn/tin/123")


def test_a_note_needs_its_text(setup, people):
    criteria_set, assessment = setup
    with pytest.raises(ValidationError, match="không được để trống"):
        assessment_evidence_add(
            assessment=assessment, condition=condition(criteria_set, "1.1"), kind="note", by=people.above
        )


def test_a_record_must_be_the_units_own_activity_or_report_of_the_year(setup, tree, people):
    criteria_set, assessment = setup
    target = condition(criteria_set, "1.1")
    area = WorkArea.objects.get(code="education")

    def activity(unit, day):
        item = Activity.objects.create(
            title=f"Học tập nghị quyết {unit.code}", work_area=area, start_on=day, end_on=day, unit=unit
        )
        ActivityOrganiser.objects.create(activity=item, unit=unit)
        return item

    own = activity(tree.district_a, datetime.date(YEAR, 4, 2))
    last_year = activity(tree.district_a, datetime.date(YEAR - 1, 4, 2))
    elsewhere = activity(tree.district_b, datetime.date(YEAR, 4, 2))
    assert list(activity_choices(assessment)) == [own]
    for wrong in (last_year, elsewhere):
        with pytest.raises(ValidationError, match="không phải của Huyện đoàn A trong năm 2025"):
            assessment_evidence_add(
                assessment=assessment, condition=target, kind="record", activity=wrong, by=people.above
            )
    proof = assessment_evidence_add(
        assessment=assessment, condition=target, kind="record", activity=own, by=people.above
    )
    assert proof.title == "Hoạt động: Học tập nghị quyết HA (02/04/2025)"

    report = Report.objects.create(unit=tree.district_a, period=f"{YEAR}Q1", number="05-BC/HĐTN")
    proof = assessment_evidence_add(
        assessment=assessment, condition=target, kind="record", report=report, by=people.above
    )
    assert proof.title == "Báo cáo quý I/2025 số 05-BC/HĐTN"
    old = Report.objects.create(unit=tree.district_a, period=f"{YEAR - 1}")
    with pytest.raises(ValidationError, match="không phải của Huyện đoàn A"):
        assessment_evidence_add(
            assessment=assessment, condition=target, kind="record", report=old, by=people.above
        )


def test_submitting_is_refused_while_mandatory_evidence_is_missing_naming_each_condition(setup, tree, people):
    criteria_set, assessment = setup
    second = condition(criteria_set, "2.1")
    second.evidence_mandatory = True
    second.save()
    with pytest.raises(ValidationError) as error:
        assessment_submit(assessment=assessment, by=people.above)
    assert error.value.message_dict["evidence"] == [
        "Điều kiện 1.2 chưa có minh chứng (bắt buộc): Báo cáo đúng hạn",
        "Điều kiện 2.1 chưa có minh chứng (bắt buộc): Có mô hình mới được công nhận",
    ]
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT and assessment.submitted_at is None
    assert [c.code for c in missing_evidence(assessment)] == ["1.2", "2.1"]


def test_a_complete_assessment_is_submitted_on_time_and_then_frozen(tree, people, media):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    criteria_set = make_set(tree.province, [tree.district_a], deadline=deadline)
    assessment = assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)
    target = condition(criteria_set, "1.2")
    assessment_score(assessment=assessment, condition=target, points="8", by=people.above)
    proof = assessment_evidence_add(
        assessment=assessment, condition=target, kind="note", note="12/12 báo cáo", by=people.above
    )
    assessment = assessment_submit(assessment=assessment, by=people.above)
    assert (assessment.state, assessment.submitted_by, submitted_late(assessment)) == (
        "submitted",
        people.above,
        False,
    )
    entry = AuditEntry.objects.get(action="assessment.submit")
    assert entry.summary.endswith("8 điểm") and entry.data["late"] is False
    with pytest.raises(ValidationError, match="đã gửi"):
        assessment_submit(assessment=assessment, by=people.above)
    with pytest.raises(ValidationError, match="đã gửi"):
        assessment_score(assessment=assessment, condition=target, points="6", by=people.above)
    with pytest.raises(ValidationError, match="đã gửi"):
        assessment_evidence_remove(evidence=proof, by=people.above)


def test_a_submission_after_the_deadline_is_accepted_and_marked_late(tree, people, media):
    deadline = timezone.localdate() - datetime.timedelta(days=3)
    criteria_set = make_set(tree.province, [tree.district_a], deadline=deadline)
    assessment = assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)
    assessment_evidence_add(
        assessment=assessment,
        condition=condition(criteria_set, "1.2"),
        kind="note",
        note="Có",
        by=people.above,
    )
    assessment = assessment_submit(assessment=assessment, by=people.above)
    assert assessment.state == Assessment.State.SUBMITTED
    assert submitted_late(assessment)
    entry = AuditEntry.objects.get(action="assessment.submit")
    assert f"(quá hạn {deadline:%d/%m/%Y})" in entry.summary and entry.data["late"] is True


def test_evidence_is_removed_while_draft_and_its_file_goes_with_it(
    setup, people, media, django_capture_on_commit_callbacks
):
    criteria_set, assessment = setup
    proof = assessment_evidence_add(
        assessment=assessment,
        condition=condition(criteria_set, "1.2"),
        kind="file",
        upload=png(),
        by=people.above,
    )
    path = media / proof.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assessment_evidence_remove(evidence=proof, by=people.above)
    assert not path.exists()
    assert Evidence.objects.count() == 0
    assert AuditEntry.objects.filter(action="assessment.evidence_remove").count() == 1


def test_the_issuer_reopens_a_submitted_assessment_with_a_reason(setup, people):
    criteria_set, assessment = setup
    assessment_evidence_add(
        assessment=assessment,
        condition=condition(criteria_set, "1.2"),
        kind="note",
        note="Có",
        by=people.above,
    )
    assessment_submit(assessment=assessment, by=people.above)
    with pytest.raises(PermissionDenied):
        assessment_reopen(assessment=assessment, reason="Sửa điểm", by=people.above)
    with pytest.raises(PermissionDenied):
        assessment_reopen(assessment=assessment, reason="Sửa điểm", by=people.viewer)
    with pytest.raises(ValidationError, match="lý do"):
        assessment_reopen(assessment=assessment, reason=" ", by=people.province_officer)
    assessment = assessment_reopen(
        assessment=assessment, reason="Thiếu minh chứng 1.1", by=people.province_officer
    )
    assert assessment.state == Assessment.State.DRAFT
    entry = AuditEntry.objects.get(action="assessment.reopen")
    assert entry.reason == "Thiếu minh chứng 1.1"
    assessment_score(
        assessment=assessment, condition=condition(criteria_set, "1.1"), points="9", by=people.above
    )


def test_a_closed_set_is_no_longer_scored(setup, people):
    criteria_set, assessment = setup
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(state=CriteriaSet.State.CLOSED)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        assessment_score(
            assessment=assessment, condition=condition(criteria_set, "1.1"), points="1", by=people.above
        )
