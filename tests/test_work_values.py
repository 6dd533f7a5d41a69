"""Direct values per unit and period, and targets set by a unit or handed down from above, with progress."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry
from doanvu.stats.targets import target_progress
from doanvu.work import selectors, services
from doanvu.work.models import DirectValue, Target

from .test_work_factories import catalogue, own_indicator, record  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue")


def messages(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms]


# --- direct values --------------------------------------------------------------------------------------


def test_a_unit_enters_a_direct_value_for_a_period_and_it_is_audited(tree, people):
    row = services.direct_value_set(
        unit=tree.branch_a1,
        indicator="news_articles",
        period="2025q1",
        value="7",
        note="Trang Zalo",
        by=people.own,
    )
    assert (row.period, row.period_start, row.period_end, row.value) == (
        "2025Q1",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 3, 31),
        7,
    )
    assert AuditEntry.objects.get(action="direct_value.set").summary == (
        "Nhập «Tin, bài tuyên truyền được đăng» kỳ quý I/2025: 7 tin bài"
    )


def test_entering_again_replaces_the_value_and_an_empty_value_clears_it(tree, people):
    args = {"unit": tree.branch_a1, "indicator": "initiatives", "period": "2025", "by": people.own}
    services.direct_value_set(value=2, **args)
    services.direct_value_set(value=4, **args)
    assert DirectValue.objects.get().value == 4
    assert services.direct_value_set(value="", **args) is None
    assert DirectValue.objects.count() == 0
    assert AuditEntry.objects.filter(action="direct_value.clear").count() == 1


def test_a_direct_value_cannot_be_negative(tree, people):
    with pytest.raises(ValidationError) as error:
        services.direct_value_set(
            unit=tree.branch_a1, indicator="initiatives", period="2025", value=-1, by=people.own
        )
    assert messages(error.value) == ["«Sáng kiến, giải pháp được công nhận» không được âm."]


def test_only_direct_source_indicators_take_direct_values(tree, people):
    with pytest.raises(ValidationError) as error:
        services.direct_value_set(
            unit=tree.branch_a1, indicator="members", period="2025", value=30, by=people.own
        )
    assert messages(error.value) == ["Chỉ số «members» không phải chỉ số nhập trực tiếp của Chi đoàn A1."]


def test_a_period_that_cannot_be_read_is_explained(tree, people):
    with pytest.raises(ValidationError) as error:
        services.direct_value_set(
            unit=tree.branch_a1, indicator="initiatives", period="Q1-2025", value=1, by=people.own
        )
    assert messages(error.value)[0].startswith("Kỳ báo cáo «Q1-2025» không hợp lệ.")


def test_a_grid_of_direct_values_is_all_or_nothing_with_each_problem_under_its_indicator(tree, people):
    with pytest.raises(ValidationError) as error:
        services.direct_values_set(
            unit=tree.branch_a1,
            period="2025",
            values={"news_articles": "5", "initiatives": "-2"},
            by=people.own,
        )
    assert error.value.message_dict == {
        "initiatives": ["«Sáng kiến, giải pháp được công nhận» không được âm."]
    }
    assert DirectValue.objects.count() == 0


def test_the_grid_lists_the_direct_indicators_with_what_was_entered(tree, people):
    services.direct_value_set(
        unit=tree.branch_a1, indicator="initiatives", period="2025", value=4, by=people.own
    )
    grid = {
        row.indicator.code: row.value
        for row in selectors.direct_value_grid(unit=tree.branch_a1, period="2025")
    }
    assert grid["initiatives"] == 4
    assert grid["news_articles"] is None
    assert "members" not in grid


def test_a_viewer_or_sibling_cannot_enter_direct_values(tree, people):
    for user in (people.viewer, people.sibling):
        with pytest.raises(PermissionDenied):
            services.direct_value_set(
                unit=tree.branch_a1, indicator="initiatives", period="2025", value=1, by=user
            )


# --- targets --------------------------------------------------------------------------------------------


def target(unit, by, value, indicator="members_admitted", period="2025", **kwargs):
    return services.target_set(unit=unit, indicator=indicator, period=period, value=value, by=by, **kwargs)


def test_a_unit_sets_its_own_target(tree, people):
    t = target(tree.branch_a1, people.own, 3)
    assert (t.value, t.set_by_unit) == (3, tree.branch_a1)


def test_an_officer_above_hands_a_target_down_and_set_by_records_it(tree, people):
    t = target(tree.branch_a1, people.above, 4)
    assert t.set_by_unit == tree.district_a
    assert AuditEntry.objects.get(action="target.set").summary == (
        "Huyện đoàn A giao chỉ tiêu «Đoàn viên mới kết nạp» năm 2025 cho Chi đoàn A1: 4 đoàn viên"
    )


def test_a_unit_cannot_lower_a_target_handed_down_from_above(tree, people):
    target(tree.branch_a1, people.above, 4)
    with pytest.raises(ValidationError) as error:
        target(tree.branch_a1, people.own, 2)
    assert messages(error.value) == [
        "Chỉ tiêu «Đoàn viên mới kết nạp» năm 2025 do Huyện đoàn A giao là 4; Chi đoàn A1 không được hạ thấp hay "
        "bỏ chỉ tiêu cấp trên giao."
    ]
    with pytest.raises(ValidationError):
        target(tree.branch_a1, people.own, None)  # nor remove it
    with pytest.raises(ValidationError):
        target(tree.branch_a1, people.approver, 3)  # nor can the commune union between them
    assert Target.objects.get().value == 4


def test_a_unit_may_raise_a_handed_down_target_which_stays_handed_down(tree, people):
    target(tree.branch_a1, people.above, 4)
    raised = target(tree.branch_a1, people.own, 6)
    assert (raised.value, raised.set_by_unit) == (6, tree.district_a)


def test_the_unit_that_handed_a_target_down_or_one_above_it_may_lower_it(tree, people):
    target(tree.branch_a1, people.above, 4)
    assert target(tree.branch_a1, people.above, 2).value == 2
    lowered = target(tree.branch_a1, people.province_officer, 1)
    assert (lowered.value, lowered.set_by_unit) == (1, tree.province)


def test_targets_are_for_a_year_a_school_year_or_a_term(tree, people):
    with pytest.raises(ValidationError) as error:
        target(tree.branch_a1, people.own, 1, period="2025Q1")
    assert messages(error.value) == [
        "Chỉ tiêu được giao theo năm, năm học hoặc nhiệm kỳ; «2025Q1» là quý I/2025."
    ]
    assert target(tree.branch_a1, people.own, 3, period="NK2022-2027").period == "NK2022-2027"


def test_a_target_cannot_be_negative(tree, people):
    with pytest.raises(ValidationError) as error:
        target(tree.branch_a1, people.own, -3)
    assert messages(error.value) == ["«Đoàn viên mới kết nạp» không được âm."]


def test_a_target_can_be_handed_down_only_from_the_unit_or_above(tree, people):
    with pytest.raises(ValidationError) as error:
        target(tree.grassroots_a, people.province_officer, 3, from_unit=tree.branch_a1)
    assert messages(error.value) == ["Chỉ tiêu của Đoàn xã A do chính đơn vị hoặc cấp trên của đơn vị giao."]
    with pytest.raises(PermissionDenied):
        target(tree.branch_a1, people.own, 3, from_unit=tree.grassroots_a)  # not the secretary's to hand down


def test_targets_are_handed_down_to_each_child_in_one_go_all_or_nothing(tree, people):
    rows = services.targets_hand_down(
        from_unit=tree.grassroots_a,
        indicator="outstanding_introduced",
        period="2025",
        values={"CA1": "2", "CA2": "3"},
        by=people.above,
    )
    assert sorted((t.unit.code, t.value, t.set_by_unit.code) for t in rows) == [
        ("CA1", 2, "XA"),
        ("CA2", 3, "XA"),
    ]
    with pytest.raises(ValidationError) as error:
        services.targets_hand_down(
            from_unit=tree.grassroots_a,
            indicator="outstanding_introduced",
            period="2025",
            values={"CA1": "5", "CB1": "1"},
            by=people.above,
        )
    assert error.value.message_dict == {"CB1": ["CB1 không phải đơn vị trực thuộc Đoàn xã A."]}
    assert Target.objects.get(unit=tree.branch_a1).value == 2  # nothing half-written


@pytest.fixture
def fake_stats(monkeypatch):
    """unit_stats as the stats contract defines it, returning the values set here (the real one is tested
    with its own suite; these tests are about the target arithmetic and rows)."""
    from types import SimpleNamespace

    import doanvu.stats.targets as targets

    values: dict = {}

    def unit_stats(*, unit, period, indicators=None, with_children=True):
        return SimpleNamespace(unit=unit, period=period, values={c: values.get(c) for c in indicators or []})

    monkeypatch.setattr(targets, "unit_stats", unit_stats)
    return values


def test_progress_shows_each_target_with_what_was_achieved_and_the_percentage(tree, people, fake_stats):
    target(tree.branch_a1, people.above, 2, indicator="outstanding_introduced")
    target(tree.branch_a1, people.own, 10, indicator="participations")
    fake_stats.update({"outstanding_introduced": Decimal(4), "participations": None})
    rows = {row.indicator.code: row for row in target_progress(unit=tree.branch_a1, period="2025")}
    introduced = rows["outstanding_introduced"]
    assert (introduced.target, introduced.value, introduced.percent) == (2, 4, Decimal("200.0"))
    assert introduced.handed_down and introduced.set_by_unit == tree.district_a
    assert introduced.summary == "04/02, đạt 200%"
    assert rows["participations"].percent is None and not rows["participations"].handed_down


def test_progress_comes_from_the_stats_of_the_sub_tree(tree, people):
    """Integration with doanvu.stats: activities of the branches count toward the commune's target."""
    target(tree.grassroots_a, people.above, 8, indicator="participations")
    record(tree.branch_a1, people.own, figures={"participations": 6})
    record(tree.branch_a2, people.sibling, figures={"participations": 6})
    (row,) = target_progress(unit=tree.grassroots_a, period="2025")
    assert (row.value, row.percent) == (12, Decimal("150.0"))
