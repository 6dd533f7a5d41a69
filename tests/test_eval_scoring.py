"""Scoring: final points per condition, totals, ranks with ties, proposed levels from the set's thresholds."""

from decimal import Decimal

from doanvu.evaluation.inspection.scoring import (
    assessment_recompute,
    condition_final,
    level_for,
    plan_rank,
    ranks,
)
from doanvu.evaluation.inspection.services import visits as inspection_services
from doanvu.evaluation.models import (
    Assessment,
    ConditionScore,
    Evidence,
    Level,
)

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import condition, fill, make_set

inspection, media = factories.inspection, factories.media

D = Decimal
REJECTED, ACCEPTED, PENDING = Evidence.Status.REJECTED, Evidence.Status.ACCEPTED, Evidence.Status.PENDING


def score(self_points=None, inspector_points=None) -> ConditionScore:
    return ConditionScore(self_points=self_points, inspector_points=inspector_points)


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    assert ranks([D(80), D(95), D(80), D(70)]) == [2, 1, 2, 4]


def test_units_without_a_score_get_no_rank():
    assert ranks([None, D(10), None, D(10)]) == [None, 1, None, 1]
    assert ranks([]) == []


def test_the_inspector_score_replaces_the_self_score():
    assert condition_final(score(D(8), D(6)), [ACCEPTED], mandatory=True) == D(6)
    assert condition_final(score(D(8)), [PENDING], mandatory=True) == D(8)
    assert condition_final(score(None), [], mandatory=False) == D(0)


def test_a_mandatory_condition_whose_evidence_is_all_rejected_scores_zero_whatever_was_scored():
    assert condition_final(score(D(8)), [REJECTED], mandatory=True) == D(0)
    assert condition_final(score(D(8), D(8)), [REJECTED, REJECTED], mandatory=True) == D(0)
    assert condition_final(score(D(8)), [], mandatory=True) == D(0)


def test_one_standing_piece_of_evidence_keeps_the_points():
    assert condition_final(score(D(8)), [REJECTED, PENDING], mandatory=True) == D(8)
    assert condition_final(score(D(8)), [REJECTED], mandatory=False) == D(8)


def test_the_proposed_level_follows_the_thresholds_as_a_share_of_the_base_points(tree):
    criteria_set = make_set(tree.province, [tree.district_a])  # 18 base points; 90/80/50 %
    assert level_for(criteria_set, D("16.2")) == Level.OUTSTANDING  # 90 %
    assert level_for(criteria_set, D("16.19")) == Level.GOOD
    assert level_for(criteria_set, D("14.4")) == Level.GOOD  # 80 %
    assert level_for(criteria_set, D("14.39")) == Level.COMPLETED
    assert level_for(criteria_set, D(9)) == Level.COMPLETED  # 50 %
    assert level_for(criteria_set, D("8.99")) == Level.NOT_COMPLETED
    assert level_for(criteria_set, D(20)) == Level.OUTSTANDING  # the bonus may take a unit over 100 %
    assert level_for(criteria_set, None) == ""


def test_thresholds_are_the_sets_own(tree):
    criteria_set = make_set(tree.province, [tree.district_a])
    criteria_set.outstanding_min_pct = D(95)
    assert level_for(criteria_set, D("16.2")) == Level.GOOD


def test_a_set_without_base_points_proposes_no_level(tree):
    criteria_set = make_set(tree.province, [tree.district_a])
    criteria_set.conditions().filter(is_bonus=False).delete()
    assert level_for(criteria_set, D(2)) == ""


def test_totals_count_the_bonus_and_stay_without_a_final_total_until_inspected(inspection):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8", "2.1": "2"})
    inspection.a.refresh_from_db()
    assert (inspection.a.self_total, inspection.a.final_total) == (D(19), None)


def test_a_draft_is_not_ranked_and_a_submitted_one_stands_with_its_self_total(inspection):
    from doanvu.evaluation.inspection.services.assessment import assessment_submit

    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})
    visits = {v.unit.code: v for v in plan_rank(inspection.plan)}
    assert visits["HA"].rank is None and visits["HA"].final_score is None
    assessment_submit(assessment=inspection.a, by=inspection.editor_a)
    visits = {v.unit.code: v for v in plan_rank(inspection.plan)}
    assert (visits["HA"].final_score, visits["HA"].rank, visits["HA"].proposed_level) == (
        D(17),
        1,
        Level.OUTSTANDING,
    )


def test_rejecting_the_only_mandatory_evidence_drops_its_points_and_the_rank(inspection, people):
    from doanvu.evaluation.inspection.services.assessment import assessment_submit

    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})  # 17
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})  # 16
    assessment_submit(assessment=inspection.a, by=inspection.editor_a)
    assessment_submit(assessment=inspection.b, by=inspection.editor_b)
    ranked = plan_rank(inspection.plan)
    assert [(v.unit.code, v.rank) for v in ranked] == [("HA", 1), ("HB", 2)]

    proof = inspection.a.evidence.get()
    inspection_services.inspection_evidence_reject(
        visit=inspection.visit_a,
        evidence=proof,
        reason="Không ghi số, ngày báo cáo",
        by=people.province_officer,
    )
    ranked = plan_rank(inspection.plan)
    assert [(v.unit.code, v.final_score, v.rank) for v in ranked] == [("HB", D(16), 1), ("HA", D(9), 2)]
    assert ranked[1].proposed_level == Level.COMPLETED  # 9 of 18 = 50 %
    inspection.a.refresh_from_db()
    assert (inspection.a.self_total, inspection.a.final_total) == (D(17), D(9))


def test_two_units_with_the_same_final_score_share_first_place(inspection):
    from doanvu.evaluation.inspection.services.assessment import assessment_submit

    fill(inspection.a, inspection.editor_a, {"1.1": "8", "1.2": "8"})
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})
    for a, by in ((inspection.a, inspection.editor_a), (inspection.b, inspection.editor_b)):
        assessment_submit(assessment=a, by=by)
    assert [(v.unit.code, v.rank) for v in plan_rank(inspection.plan)] == [("HA", 1), ("HB", 1)]


def test_recompute_marks_an_assessment_inspected_once_a_score_is_given(inspection, people):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})
    inspection_services.inspection_score(
        visit=inspection.visit_a,
        condition=condition(inspection.set, "1.1"),
        points="7",
        by=people.province_officer,
    )
    assessment = assessment_recompute(Assessment.objects.get(pk=inspection.a.pk))
    assert (assessment.self_total, assessment.final_total) == (D(17), D(15))
