"""An upper level's own indicators and movements: added without a code change, visible only in its sub-tree."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doanvu.accounts.models import AuditEntry
from doanvu.work import selectors, services
from doanvu.work.models import Indicator

from .test_work_factories import catalogue, own_indicator  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue")


def messages(error: ValidationError) -> list[str]:
    return (
        [m for ms in error.message_dict.values() for m in ms]
        if hasattr(error, "error_dict")
        else error.messages
    )


def codes(unit) -> set[str]:
    return {i.code for _area, rows in selectors.indicator_catalogue(unit=unit) for i in rows}


def test_a_district_officer_adds_an_indicator_for_the_district_and_it_is_audited(tree, people):
    indicator = own_indicator(tree.district_a, people.above, work_area="movements")
    assert (indicator.owner_unit, indicator.source, indicator.work_area.code) == (
        tree.district_a,
        "activity",
        "movements",
    )
    assert AuditEntry.objects.get(action="indicator.create").unit == tree.district_a


def test_an_own_indicator_is_visible_only_in_the_owners_sub_tree(tree, people):
    own_indicator(tree.district_a, people.above)
    assert "hien_mau_tinh" in codes(tree.district_a)
    assert "hien_mau_tinh" in codes(tree.branch_a1)
    assert "hien_mau_tinh" not in codes(tree.branch_b1)
    assert "hien_mau_tinh" not in codes(tree.province)  # the level above uses its own catalogue
    assert "members" in codes(tree.branch_b1)  # the national catalogue everywhere


def test_codes_are_ascii_slugs_and_unique(tree, people):
    with pytest.raises(ValidationError) as error:
        own_indicator(tree.district_a, people.above, code="Hiến máu")
    assert messages(error.value) == [
        "Mã chỉ số chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ, từ 2 đến 60 ký tự "
        "(ví dụ: hien_mau_2025)."
    ]
    with pytest.raises(ValidationError) as error:
        own_indicator(tree.district_a, people.above, code="members")
    assert messages(error.value) == ["Mã «members» đã có (chỉ số «Đoàn viên»); hãy chọn mã khác."]


def test_an_own_indicator_comes_from_activities_or_direct_entry(tree, people):
    with pytest.raises(ValidationError) as error:
        own_indicator(tree.district_a, people.above, source="registry")
    assert messages(error.value) == ["Chỉ số riêng lấy số liệu từ các hoạt động hoặc nhập trực tiếp theo kỳ."]
    direct = own_indicator(tree.district_a, people.above, code="mo_hinh", source="direct")
    row = services.direct_value_set(
        unit=tree.branch_a1, indicator="mo_hinh", period="2025", value=2, by=people.own
    )
    assert row.indicator == direct


def test_a_ratio_needs_a_numerator_and_a_denominator_the_unit_can_use(tree, people):
    with pytest.raises(ValidationError) as error:
        own_indicator(tree.district_a, people.above, code="ty_le", kind="ratio", numerator="blood_units")
    assert messages(error.value) == ["Chỉ số tỷ lệ cần có tử số và mẫu số."]
    with pytest.raises(ValidationError) as error:
        own_indicator(
            tree.district_a,
            people.above,
            code="ty_le",
            kind="ratio",
            numerator="members",
            denominator="members",
        )
    assert messages(error.value) == ["Tử số và mẫu số phải là hai chỉ số khác nhau."]
    ratio = own_indicator(
        tree.district_a,
        people.above,
        code="ty_le_dang_vien",
        kind="ratio",
        numerator="party_members",
        denominator="members",
        unit_label="",
    )
    assert (ratio.source, ratio.scale, ratio.unit_label) == ("ratio", 100, "%")


def test_a_ratio_cannot_use_another_sub_trees_indicator(tree, people):
    own_indicator(tree.district_b, people.other_district, code="cua_b")
    with pytest.raises(ValidationError) as error:
        own_indicator(
            tree.district_a,
            people.above,
            code="ty_le",
            kind="ratio",
            numerator="cua_b",
            denominator="members",
        )
    assert messages(error.value) == [
        "Chỉ số «cua_b» không có hoặc không dùng được ở Huyện đoàn A (và không được là tỷ lệ)."
    ]


def test_a_branch_does_not_issue_indicators_or_movements(tree, people):
    with pytest.raises(ValidationError) as error:
        own_indicator(tree.branch_a1, people.own)
    assert messages(error.value) == [
        "Chỉ số, phong trào riêng do cấp trên chi đoàn ban hành cho các đơn vị trực thuộc; Chi đoàn A1 là chi đoàn."
    ]
    with pytest.raises(ValidationError):
        services.movement_create(owner_unit=tree.branch_a1, code="mua-he", name="Mùa hè", by=people.own)


def test_viewers_and_outsiders_cannot_add_indicators(tree, people):
    with pytest.raises(PermissionDenied):
        own_indicator(tree.district_a, people.viewer)
    with pytest.raises(PermissionDenied):
        own_indicator(tree.district_a, people.other_district)
    assert not Indicator.objects.filter(owner_unit__isnull=False).exists()


def test_a_movement_of_a_district_is_offered_only_in_its_sub_tree(tree, people):
    services.movement_create(
        owner_unit=tree.district_a,
        code="mua-he-xanh-2025",
        name="Mùa hè xanh 2025",
        work_area="movements",
        by=people.above,
    )
    assert "mua-he-xanh-2025" in {m.code for m in selectors.movement_catalogue(unit=tree.branch_a1)}
    assert "mua-he-xanh-2025" not in {m.code for m in selectors.movement_catalogue(unit=tree.branch_b1)}
    with pytest.raises(ValidationError) as error:
        services.movement_create(owner_unit=tree.district_a, code="Mùa hè", name="x", by=people.above)
    assert "dấu gạch ngang" in messages(error.value)[0]
    with pytest.raises(ValidationError) as error:
        services.movement_create(
            owner_unit=tree.district_b, code="hien-mau", name="x", by=people.other_district
        )
    assert messages(error.value)[0].startswith("Mã «hien-mau» đã có")
