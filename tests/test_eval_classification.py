"""Unit classification: the unit above decides for its direct children, with the criteria score and the
data beside each decision; only an editor strictly above decides; history and audit; the sub-tree counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.classification import selectors, services
from doanvu.evaluation.models import (
    Level,
    UnitClassification,
)
from doanvu.org.services import unit_dissolve

from .conftest import make_unit
from .test_eval_criteria_factories import assessment, build_set, visit, xa_editor
from .test_stats_factories import meeting

DAY = datetime.date(2026, 1, 15)


def decide(unit, by, level=Level.GOOD, year=2025, **kwargs):
    kwargs.setdefault("decided_on", DAY)
    return services.classification_decide(unit=unit, year=year, level=level, by=by, **kwargs)


def test_the_unit_above_classifies_a_branch_dated_and_audited(tree, people):
    xa = xa_editor(tree)
    found = decide(
        tree.branch_a1, xa, Level.OUTSTANDING, decision_number="12-QĐ/ĐTN", note="Nhiều mô hình hay"
    )
    assert (found.level, found.decided_by_unit, found.decided_on, found.decided_by) == (
        Level.OUTSTANDING,
        tree.grassroots_a,
        DAY,
        xa,
    )
    entry = AuditEntry.objects.get(action="classification.decide")
    assert entry.unit == tree.branch_a1 and entry.actor == xa and entry.effective_on == DAY
    assert entry.summary == "Xếp loại năm 2025: Hoàn thành xuất sắc nhiệm vụ"
    assert entry.data["decided_by_unit"] == "XA" and entry.data["before"] == ""


def test_deciding_again_changes_the_level_and_the_history_keeps_both(tree, people):
    xa = xa_editor(tree)
    decide(tree.branch_a1, xa, Level.GOOD)
    changed = decide(tree.branch_a1, people.above, Level.COMPLETED)
    assert UnitClassification.objects.filter(unit=tree.branch_a1, year=2025).count() == 1
    assert changed.level == Level.COMPLETED and changed.decided_by_unit == tree.grassroots_a
    history = selectors.classification_history(changed)
    assert [(h.level, h.history_user) for h in history] == [(Level.COMPLETED, people.above), (Level.GOOD, xa)]
    assert AuditEntry.objects.filter(action="classification.decide").latest("pk").data["before"] == Level.GOOD


def test_only_an_editor_strictly_above_decides(tree, people):
    with pytest.raises(PermissionDenied):
        decide(tree.branch_a1, people.own)  # the branch itself
    with pytest.raises(PermissionDenied):
        decide(tree.grassroots_a, people.approver)  # XA is their own unit: not strictly above
    with pytest.raises(PermissionDenied):
        decide(tree.branch_a1, people.viewer)
    with pytest.raises(Http404):
        decide(tree.branch_a1, people.sibling)
    with pytest.raises(Http404):
        decide(tree.branch_a1, people.other_district)
    assert not UnitClassification.objects.exists()
    assert decide(tree.district_a, people.province_officer).decided_by_unit == tree.province


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"level": "great"}, "level", "Hãy chọn một trong bốn mức xếp loại."),
        ({"year": 1990}, "year", "Năm phải là một năm từ 2000 đến 2100."),
        (
            {"decided_on": datetime.date(2024, 12, 1)},
            "decided_on",
            "Ngày quyết định phải từ năm 2025 trở đi.",
        ),
        ({"decided_on": datetime.date(2099, 1, 1)}, "decided_on", "Ngày quyết định không được ở tương lai."),
    ],
)
def test_a_bad_decision_is_refused_with_the_reason(tree, people, kwargs, field, message):
    with pytest.raises(ValidationError) as refused:
        decide(tree.branch_a1, people.above, **kwargs)
    assert refused.value.message_dict[field] == [message]


def test_a_unit_closed_before_the_years_end_is_not_classified(tree, people):
    closed = make_unit(tree.grassroots_a, "branch", "Chi đoàn A3", "CA3")
    unit_dissolve(unit=closed, on=datetime.date(2025, 6, 1), by=people.admin, reason="Sáp nhập")
    with pytest.raises(ValidationError, match="không có đơn vị cấp trên vào cuối năm 2025"):
        decide(closed, people.above)
    assert [u.code for u in selectors.children_to_classify(tree.grassroots_a, 2025)] == ["CA1", "CA2"]


def test_several_children_are_decided_at_once_or_not_at_all(tree, people):
    xa = xa_editor(tree)
    done = services.classification_decide_many(
        parent=tree.grassroots_a,
        year=2025,
        levels={tree.branch_a1: Level.GOOD, tree.branch_a2: Level.COMPLETED},
        by=xa,
        decided_on=DAY,
        decision_number="15-QĐ/ĐTN",
    )
    assert [(c.unit.code, c.level, c.decision_number) for c in done] == [
        ("CA1", Level.GOOD, "15-QĐ/ĐTN"),
        ("CA2", Level.COMPLETED, "15-QĐ/ĐTN"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.classification_decide_many(
            parent=tree.grassroots_a,
            year=2025,
            levels={tree.branch_a1: Level.OUTSTANDING, tree.grassroots_a: Level.GOOD},
            by=people.above,
            decided_on=DAY,
        )
    assert refused.value.message_dict["level"] == ["Đoàn xã A không trực thuộc Đoàn xã A vào cuối năm 2025."]
    assert UnitClassification.objects.get(unit=tree.branch_a1).level == Level.GOOD
    with pytest.raises(ValidationError) as nothing:
        services.classification_decide_many(
            parent=tree.grassroots_a, year=2025, levels={tree.branch_a1: ""}, by=xa
        )
    assert nothing.value.message_dict["level"] == ["Chưa chọn xếp loại cho đơn vị nào."]


def test_the_score_beside_a_decision_is_the_inspections_final_score_else_the_self_total(tree, people):
    criteria_set = build_set(tree, people.province_officer, issue=True)
    inspected = assessment(criteria_set, tree.district_a, self_total="25", final_total="22.5")
    visit(criteria_set, tree.district_a, final_score="22.5", proposed_level=Level.GOOD, assessment_=inspected)
    assessment(criteria_set, tree.district_b, self_total="19")
    scores = selectors.criteria_scores(
        [tree.district_a, tree.district_b, tree.grassroots_a], 2025, tree.province
    )
    assert (scores[tree.district_a.pk].value, scores[tree.district_a.pk].source) == (
        Decimal("22.5"),
        "inspection",
    )
    assert scores[tree.district_a.pk].proposed_level_label == "Hoàn thành tốt nhiệm vụ"
    assert (scores[tree.district_b.pk].value, scores[tree.district_b.pk].source) == (Decimal(19), "self")
    assert scores[tree.grassroots_a.pk].value is None
    decided = decide(tree.district_a, people.province_officer)
    assert (decided.score, decided.assessment) == (Decimal("22.5"), inspected)


def test_a_draft_self_assessment_or_another_years_score_is_not_shown(tree, people):
    criteria_set = build_set(tree, people.province_officer, issue=True)
    assessment(criteria_set, tree.district_a, state="draft", self_total="10")
    older = build_set(tree, people.province_officer, year=2024, issue=True)
    assessment(older, tree.district_b, self_total="20")
    scores = selectors.criteria_scores([tree.district_a, tree.district_b], 2025)
    assert scores[tree.district_a.pk].value is None and scores[tree.district_b.pk].value is None


def test_each_child_row_shows_the_years_data(tree, people):
    meeting(tree.branch_a1, datetime.date(2025, 3, 26), present=3, absent=1)
    decide(tree.branch_a2, people.above, Level.COMPLETED)
    rows = selectors.classification_rows(parent=tree.grassroots_a, year=2025, user=people.above)
    assert [r.unit.code for r in rows] == ["CA1", "CA2"]
    first, second = rows
    assert first.values["meeting_attendance_pct"] == Decimal(75)
    assert first.values["members_evaluated_pct"] is None
    assert first.timeliness.label == "—" and first.can_decide
    assert second.classification.level == Level.COMPLETED
    assert not selectors.classification_rows(parent=tree.grassroots_a, year=2025, user=people.own)[
        0
    ].can_decide


def test_the_sub_tree_summary_counts_each_kind_by_level(tree, people):
    decide(tree.branch_a1, people.province_officer, Level.OUTSTANDING)
    decide(tree.branch_b1, people.province_officer, Level.GOOD)
    decide(tree.grassroots_a, people.province_officer, Level.GOOD)
    decide(tree.district_a, people.province_officer, Level.COMPLETED)
    decide(
        tree.branch_a1,
        people.province_officer,
        Level.OUTSTANDING,
        year=2024,
        decided_on=datetime.date(2025, 1, 10),
    )
    counts = {c.kind.code: c for c in selectors.classification_summary(unit=tree.province, year=2025)}
    assert (
        counts["branch"].total,
        counts["branch"].levels[Level.OUTSTANDING],
        counts["branch"].levels[Level.GOOD],
    ) == (3, 1, 1)
    assert counts["branch"].unclassified == 1
    assert (counts["grassroots"].total, counts["grassroots"].classified) == (2, 1)
    assert counts["district"].levels[Level.COMPLETED] == 1
    under_a = {c.kind.code: c for c in selectors.classification_summary(unit=tree.district_a, year=2025)}
    assert under_a["branch"].total == 2 and under_a["branch"].classified == 1 and "district" not in under_a
    listed = selectors.subtree_classifications(unit=tree.district_a, year=2025)
    assert [c.unit.code for c in listed] == ["XA", "CA1"]
    assert [
        c.unit.code for c in selectors.subtree_classifications(unit=tree.province, year=2025, kind="branch")
    ] == [
        "CA1",
        "CB1",
    ]
