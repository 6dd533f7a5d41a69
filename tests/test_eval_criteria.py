"""Criteria sets: building, the rules of each row, editing a draft, issuing (and the freeze), copying last
year's set, who may write and who may read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from doanvu.accounts.models import AuditEntry
from doanvu.evaluation.criteria import selectors, services
from doanvu.evaluation.criteria.rules import (
    condition_clean,
    grades_parse,
)
from doanvu.evaluation.models import (
    Condition,
    Content,
    CriteriaSet,
    Criterion,
)
from doanvu.org.services import unit_dissolve

from .conftest import make_unit
from .test_eval_criteria_factories import YEAR, build_set, condition, structure, xa_editor


def codes(units):
    return sorted(u.code for u in units)


def test_a_set_is_built_from_a_nested_structure_with_its_points(tree, people):
    criteria_set = build_set(tree, people.province_officer)
    assert criteria_set.state == CriteriaSet.State.DRAFT
    assert criteria_set.points() == (Decimal(28), Decimal("2.5"))
    assert selectors.points_label(*criteria_set.points()) == "28 + 2,5 điểm thưởng"
    first = condition(criteria_set, "1.1")
    assert first.grades[1] == {"points": "6", "text": "chậm 1–2 báo cáo tháng; không thiếu báo cáo nào"}
    assert first.evidence_mandatory and first.data_source == "report_timeliness"
    blood = condition(criteria_set, "1.1", criterion="II")
    # Thresholds are kept best first.
    assert blood.data_params == {"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]}
    entry = AuditEntry.objects.get(action="criteria_set.create")
    assert entry.unit == tree.province and entry.actor == people.province_officer


def test_the_set_applies_by_default_to_the_issuers_children_open_on_new_years_day(tree, people):
    closed = make_unit(tree.province, "district", "Huyện đoàn C", "HC")
    unit_dissolve(unit=closed, on=datetime.date(2024, 6, 1), by=people.admin, reason="Sáp nhập")
    late = make_unit(tree.province, "district", "Huyện đoàn D", "HD", on=datetime.date(2025, 3, 1))
    criteria_set = build_set(tree, people.province_officer)
    assert codes(criteria_set.units.all()) == ["HA", "HB"]
    assert late.code not in codes(criteria_set.units.all())
    chosen = build_set(tree, people.province_officer, units=[tree.district_a, late])
    assert codes(chosen.units.all()) == ["HA", "HD"]


def test_a_unit_outside_the_issuer_cannot_be_chosen(tree, people):
    with pytest.raises(ValidationError) as refused:
        build_set(tree, people.above, issuer=tree.district_a, units=[tree.district_b])
    assert refused.value.message_dict["units"] == ["Đơn vị «Huyện đoàn B» không trực thuộc đơn vị ban hành."]
    assert not CriteriaSet.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"max_points": "8", "grades": "10: quá"}, "grades", "Mức 10 điểm lớn hơn điểm tối đa (8)."),
        (
            {"max_points": "8", "grades": "4: ít; 6: nhiều"},
            "grades",
            "Các mức điểm phải xếp từ cao xuống thấp, không trùng nhau: mức 6 đứng sau mức 4.",
        ),
        (
            {"max_points": "8", "grades": "8 khi đủ"},
            "grades",
            "Mức thứ 1 («8 khi đủ») phải viết dạng «điểm: khi nào», ví dụ «8: tất cả đúng hạn».",
        ),
        (
            {"max_points": "8", "grades": [{"points": "6", "text": ""}]},
            "grades",
            "Mức 6 điểm: hãy ghi khi nào được mức điểm này.",
        ),
        ({"max_points": "tám"}, "max_points", "Điểm tối đa phải là một số, ví dụ 8 hoặc 2,5."),
        ({"max_points": "-1"}, "max_points", "Điểm tối đa không được âm."),
        ({"max_points": "1,2345"}, "max_points", "Điểm tối đa chỉ có tối đa 2 chữ số thập phân."),
        ({"max_points": "1,500"}, "max_points", "Điểm tối đa: «1,500» là 1.500 hay 1,5?"),
        ({"max_points": ""}, "max_points", "Hãy ghi điểm tối đa."),
        ({"max_points": "8", "data_source": "weather"}, "data_source", "Mã dữ liệu «weather» không có"),
        (
            {"max_points": "8", "data_params": {"target": 2}},
            "data_params",
            "Chỉ ghi tham số dữ liệu khi điều kiện gắn với dữ liệu.",
        ),
        (
            {
                "max_points": "8",
                "data_source": "indicator_value",
                "data_params": {"indicator": "weather", "thresholds": [[1, 1]]},
            },
            "data_params",
            "Chỉ số «weather» không có trong danh mục chỉ số.",
        ),
        (
            {
                "max_points": "8",
                "data_source": "indicator_value",
                "data_params": {"indicator": "blood_units", "thresholds": [[100, 9]]},
            },
            "data_params",
            "Ngưỡng thứ 1 cho 9 điểm, lớn hơn điểm tối đa (8).",
        ),
        (
            {
                "max_points": "8",
                "data_source": "meeting_attendance",
                "data_params": {"thresholds": [[120, 8]]},
            },
            "data_params",
            "Ngưỡng thứ 1: tỷ lệ phải từ 0 đến 100 (%).",
        ),
        (
            {"max_points": "8", "data_source": "meeting_attendance", "data_params": "{không phải json"},
            "data_params",
            "Tham số dữ liệu phải là JSON",
        ),
        ({"max_points": "8", "code": ""}, "code", "Hãy ghi số thứ tự."),
        ({"max_points": "8", "text": " "}, "text", "Hãy ghi nội dung điều kiện chấm điểm."),
    ],
)
def test_a_condition_that_breaks_a_rule_is_refused_with_the_reason(tree, data, field, message):
    from doanvu.work.catalogue import ensure_catalogue

    ensure_catalogue()
    full = {"code": "1.1", "text": "Điều kiện", **data}
    with pytest.raises(ValidationError) as refused:
        condition_clean(full)
    assert refused.value.message_dict[field][0].startswith(message)


def test_grades_are_read_from_text_and_a_semicolon_inside_a_level_stays():
    assert grades_parse("8: tất cả; đủ cả năm; 6 điểm: chậm 1\n0: thiếu") == [
        {"points": "8", "text": "tất cả; đủ cả năm"},
        {"points": "6", "text": "chậm 1"},
        {"points": "0", "text": "thiếu"},
    ]


def test_a_bad_structure_is_refused_whole_with_where_each_error_is(tree, people):
    rows = structure()
    rows[0]["contents"][0]["conditions"][1]["max_points"] = "mười"
    rows[1]["code"] = "I"
    with pytest.raises(ValidationError) as refused:
        build_set(tree, people.province_officer, rows=rows)
    messages = refused.value.message_dict["structure"]
    assert (
        "Tiêu chí I, nội dung 1, điều kiện thứ 2 — điểm tối đa: Điểm tối đa phải là một số, ví dụ 8 hoặc 2,5."
        in messages
    )
    assert "Tiêu chí thứ 2: số thứ tự «I» bị trùng." in messages
    assert not CriteriaSet.objects.exists() and not Condition.objects.exists()


def test_an_editor_adds_edits_reorders_and_deletes_rows_of_a_draft(tree, people):
    criteria_set = build_set(tree, people.province_officer)
    by = people.province_officer
    third = services.criterion_save(
        criteria_set=criteria_set, by=by, data={"code": "III", "title": "Công tác thiếu nhi"}
    )
    content = services.content_save(criterion=third, by=by, data={"code": "1", "title": "Hoạt động hè"})
    added = services.condition_save(
        content=content,
        by=by,
        data={"code": "1.1", "text": "Tổ chức hoạt động hè", "max_points": "5", "grades": "5: đủ; 0: không"},
    )
    assert added.grades == [{"points": "5", "text": "đủ"}, {"points": "0", "text": "không"}]
    services.condition_save(
        content=content, by=by, condition=added, data={**selectors.condition_dict(added), "max_points": "6"}
    )
    assert criteria_set.points() == (Decimal(34), Decimal("2.5"))
    services.row_move(item=third, by=by, offset=-1)
    assert list(criteria_set.criteria.order_by("order").values_list("code", flat=True)) == ["I", "III", "II"]
    with pytest.raises(ValidationError) as clash:
        services.criterion_save(criteria_set=criteria_set, by=by, data={"code": "II", "title": "Trùng"})
    assert clash.value.message_dict["code"] == ["Số thứ tự «II» đã có ở cùng cấp."]
    services.row_delete(item=third, by=by)
    assert (
        not Content.objects.filter(pk=content.pk).exists()
        and not Condition.objects.filter(pk=added.pk).exists()
    )
    assert AuditEntry.objects.filter(action="criteria_set.update").count() == 6


def test_issuing_freezes_the_structure_but_not_the_deadline(tree, people):
    by = people.province_officer
    criteria_set = build_set(tree, by)
    issued = services.criteria_set_issue(
        criteria_set=criteria_set, by=by, issued_on=datetime.date(2025, 3, 1)
    )
    assert (issued.state, issued.issued_on) == (CriteriaSet.State.ISSUED, datetime.date(2025, 3, 1))
    assert AuditEntry.objects.filter(action="criteria_set.issue").count() == 1
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.criterion_save(criteria_set=issued, by=by, data={"code": "IX", "title": "Thêm"})
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.row_delete(item=Criterion.objects.filter(criteria_set=issued).first(), by=by)
    with pytest.raises(ValidationError, match="chỉ sửa được số, ký hiệu, hạn tự chấm và ghi chú"):
        services.criteria_set_update(criteria_set=issued, by=by, data={"title": "Tên khác"})
    deadline = datetime.date(2025, 10, 31)
    changed = services.criteria_set_update(
        criteria_set=issued,
        by=by,
        data={"self_assessment_deadline": deadline, "number": "45-HD/TĐTN", "title": issued.title},
    )
    assert (changed.self_assessment_deadline, changed.number) == (deadline, "45-HD/TĐTN")
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.criteria_set_issue(criteria_set=changed, by=by)


def test_an_empty_set_or_one_without_units_is_not_issued(tree, people):
    by = people.province_officer
    empty = services.criteria_set_create(issuer=tree.province, year=YEAR, title="Bộ tiêu chí trống", by=by)
    with pytest.raises(ValidationError, match="chưa có điều kiện chấm điểm nào"):
        services.criteria_set_issue(criteria_set=empty, by=by)
    alone = build_set(tree, by, units=[])
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_issue(criteria_set=alone, by=by)
    assert refused.value.message_dict["units"] == ["Hãy chọn ít nhất một đơn vị áp dụng bộ tiêu chí."]


def test_thresholds_must_go_down_from_outstanding_to_completed(tree, people):
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_create(
            issuer=tree.province, year=YEAR, title="Bộ", by=people.province_officer, good_min_pct=95
        )
    assert refused.value.message_dict["outstanding_min_pct"] == [
        "Ngưỡng xếp loại phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành."
    ]


def test_last_years_set_is_copied_whole_with_units_resolved_again(tree, people):
    by = people.province_officer
    source = build_set(tree, by, year=2024, title="Bộ tiêu chí năm 2024", issue=True)
    services.criteria_set_update(
        criteria_set=source, by=by, data={"self_assessment_deadline": datetime.date(2024, 10, 31)}
    )
    make_unit(tree.province, "district", "Huyện đoàn C", "HC", on=datetime.date(2024, 7, 1))
    copy = services.criteria_set_copy(source=source, year=2025, by=by)
    assert (copy.title, copy.year, copy.state, copy.copied_from) == (
        "Bộ tiêu chí năm 2025",
        2025,
        "draft",
        source,
    )
    assert copy.self_assessment_deadline == datetime.date(2025, 10, 31)
    assert codes(copy.units.all()) == ["HA", "HB", "HC"]
    assert selectors.criteria_set_structure(copy) == selectors.criteria_set_structure(source)
    assert Condition.objects.filter(content__criterion__criteria_set=copy).count() == 4
    entry = AuditEntry.objects.get(action="criteria_set.copy")
    assert entry.data["copied_from"] == source.pk


def test_a_copy_keeps_a_hand_picked_choice_of_units_that_are_still_open(tree, people):
    by = people.province_officer
    extra = make_unit(tree.province, "district", "Huyện đoàn C", "HC", on=datetime.date(2023, 1, 1))
    source = build_set(tree, by, year=2024, units=[tree.district_a, extra])
    unit_dissolve(unit=extra, on=datetime.date(2024, 9, 1), by=people.admin, reason="Sáp nhập")
    copy = services.criteria_set_copy(source=source, year=2025, by=by)
    assert codes(copy.units.all()) == ["HA"]


def test_only_editors_of_the_issuer_or_above_write(tree, people):
    criteria_set = build_set(tree, people.above, issuer=tree.district_a)
    data = {"code": "IX", "title": "Thêm"}
    with pytest.raises(Http404):
        services.criterion_save(criteria_set=criteria_set, by=people.other_district, data=data)
    with pytest.raises(Http404):
        services.criteria_set_copy(source=criteria_set, year=2026, by=people.own)
    with pytest.raises(PermissionDenied):
        services.criterion_save(criteria_set=criteria_set, by=people.viewer, data=data)
    with pytest.raises(PermissionDenied):
        services.criteria_set_issue(criteria_set=criteria_set, by=people.viewer)
    assert services.criterion_save(criteria_set=criteria_set, by=people.province_officer, data=data).pk


def test_a_draft_is_seen_only_above_the_issuer_and_an_issued_set_by_its_units(tree, people):
    xa = xa_editor(tree)
    criteria_set = build_set(tree, xa, issuer=tree.grassroots_a, units=[tree.branch_a1])

    def sees(user):
        return selectors.criteria_sets_visible(user).filter(pk=criteria_set.pk).exists()

    assert sees(xa) and sees(people.above) and sees(people.viewer) and sees(people.admin)
    assert not sees(people.own) and not sees(people.sibling) and not sees(people.other_district)
    services.criteria_set_issue(criteria_set=criteria_set, by=xa)
    assert sees(people.own)
    # CA2 is not one of the set's units: a sibling sees nothing.
    assert not sees(people.sibling) and not sees(people.other_district) and not sees(people.nobody)
    with pytest.raises(Http404):
        selectors.criteria_set_get(people.sibling, criteria_set.pk)
    with pytest.raises(PermissionDenied):
        selectors.criteria_set_get(people.own, criteria_set.pk, role="editor")


def test_a_command_builds_and_issues_a_set_without_an_acting_officer(tree):
    from doanvu.work.catalogue import ensure_catalogue

    ensure_catalogue()
    made = services.criteria_set_build(
        issuer=tree.province,
        year=YEAR,
        title="Bộ tiêu chí của lệnh",
        structure=structure(),
        by=None,
        check_permission=False,
    )
    services.criteria_set_issue(criteria_set=made, by=None, check_permission=False)
    made.refresh_from_db()
    assert made.state == CriteriaSet.State.ISSUED and made.created_by is None
    assert AuditEntry.objects.get(action="criteria_set.create").actor is None
    with pytest.raises(Http404):
        services.criteria_set_build(issuer=tree.province, year=YEAR, title="Bộ", structure=[], by=None)
