"""Editing, retiring and bringing back an upper level's own indicators and movements: what may change and
when, what a retired row still does, the audit entries, the pages and the personas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from doanvu.accounts.models import AuditEntry
from doanvu.work import selectors, services
from doanvu.work.models import ActivityFigure, Indicator, Movement

from .test_work_factories import catalogue, own_indicator, record  # noqa: F401

pytestmark = pytest.mark.usefixtures("catalogue")
D = datetime.date


def messages(error: ValidationError) -> list[str]:
    return (
        [m for ms in error.message_dict.values() for m in ms]
        if hasattr(error, "error_dict")
        else error.messages
    )


def edit(indicator, by, **changes):
    data = {
        "name": indicator.name,
        "unit_label": indicator.unit_label,
        "work_area": indicator.work_area.code if indicator.work_area else None,
        "order": indicator.order,
        "description": indicator.description,
        **changes,
    }
    return services.indicator_update(indicator=indicator, by=by, **data)


def movement(owner, by, code="hanh-trinh-do", name="Hành trình đỏ"):
    return services.movement_create(owner_unit=owner, code=code, name=name, work_area="movements", by=by)


# --- indicators: editing ----------------------------------------------------------------------------------


def test_the_owner_edits_the_name_unit_area_order_and_description_and_it_is_audited(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    edit(
        indicator,
        people.above,
        name="Lượt tham gia Hành trình đỏ",
        unit_label="người",
        work_area="movements",
        order=5,
        description="Theo kế hoạch 12-KH",
    )
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit_label, indicator.work_area.code, indicator.order) == (
        "Lượt tham gia Hành trình đỏ",
        "người",
        "movements",
        5,
    )
    entry = AuditEntry.objects.get(action="indicator.update")
    assert entry.unit == tree.district_a
    assert entry.data["changes"]["unit_label"] == ["lượt", "người"]


def test_code_and_kind_change_while_no_figure_carries_the_indicator(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    edit(indicator, people.above, code="hanh_trinh_do", kind=Indicator.Kind.STOCK)
    indicator.refresh_from_db()
    assert (indicator.code, indicator.kind) == ("hanh_trinh_do", "stock")


def test_code_and_kind_are_fixed_once_figures_exist(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    record(tree.branch_a1, people.own, figures={"hien_mau_tinh": 12})
    with pytest.raises(ValidationError) as error:
        edit(indicator, people.above, code="hanh_trinh_do")
    assert messages(error.value) == [
        "Chỉ số «Lượt tham gia Hành trình đỏ của tỉnh» đã có số liệu (1 số liệu hoạt động): không đổi được mã "
        "và loại, chỉ sửa được tên, đơn vị tính, mặt công tác, thứ tự và ghi chú."
    ]
    with pytest.raises(ValidationError) as error:
        edit(indicator, people.above, kind=Indicator.Kind.STOCK)
    assert "không đổi được mã và loại" in messages(error.value)[0]
    indicator.refresh_from_db()
    assert (indicator.code, indicator.kind) == ("hien_mau_tinh", "flow")
    assert not AuditEntry.objects.filter(action="indicator.update").exists()


def test_a_ratio_stays_a_ratio_and_a_new_code_must_be_free(tree, people):
    ratio = own_indicator(
        tree.district_a,
        people.above,
        code="ty_le_hien_mau",
        kind=Indicator.Kind.RATIO,
        numerator="blood_donors",
        denominator="members",
    )
    with pytest.raises(ValidationError) as error:
        edit(ratio, people.above, kind=Indicator.Kind.FLOW)
    assert messages(error.value) == [
        "Không đổi được chỉ số tỷ lệ thành loại khác hay ngược lại; hãy thêm chỉ số mới."
    ]
    with pytest.raises(ValidationError) as error:
        edit(ratio, people.above, code="members")
    assert messages(error.value) == ["Mã «members» đã có (chỉ số «Đoàn viên»); hãy chọn mã khác."]


def test_only_the_owners_editors_or_above_change_an_indicator(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    edit(indicator, people.province_officer, name="Đổi từ tỉnh")  # an editor above the owner
    for persona in (people.own, people.viewer, people.other_district, people.approver):
        with pytest.raises(PermissionDenied):
            edit(indicator, persona, name="Không được")
    indicator.refresh_from_db()
    assert indicator.name == "Đổi từ tỉnh"


def test_the_national_catalogue_is_not_changed_here(tree, people):
    members = Indicator.objects.get(code="members")
    with pytest.raises(PermissionDenied, match="danh mục toàn quốc"):
        edit(members, people.province_officer, name="Đoàn viên (sửa)")
    with pytest.raises(PermissionDenied):
        services.indicator_set_active(indicator=members, active=False, by=people.admin)
    assert Indicator.objects.get(code="members").name == "Đoàn viên"


# --- indicators: retiring ---------------------------------------------------------------------------------


def test_a_retired_indicator_is_not_offered_for_new_records_but_its_figures_stay(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    old = record(tree.branch_a1, people.own, figures={"hien_mau_tinh": 12, "participations": 12})
    services.indicator_set_active(indicator=indicator, active=False, by=people.above, reason="Hết kế hoạch")
    assert "hien_mau_tinh" not in {i.code for i in selectors.indicators_available(tree.branch_a1)}
    assert "hien_mau_tinh" not in {i.code for i in selectors.activity_indicators(unit=tree.branch_a1)}
    with pytest.raises(ValidationError) as error:
        record(tree.branch_a1, people.own, figures={"hien_mau_tinh": 3})
    assert "không nhập được" in messages(error.value)[0]
    # Editing the old activity from its form (which no longer lists the indicator) keeps the figure.
    services.activity_update(
        activity=old, data={"title": "Đổi tên"}, figures={"participations": 15}, by=people.own
    )
    assert dict(ActivityFigure.objects.filter(activity=old).values_list("indicator__code", "value")) == {
        "hien_mau_tinh": 12,
        "participations": 15,
    }
    entry = AuditEntry.objects.get(action="indicator.retire")
    assert entry.reason == "Hết kế hoạch" and entry.unit == tree.district_a


def test_a_retired_indicator_comes_back_and_both_steps_are_audited(tree, people):
    indicator = own_indicator(tree.district_a, people.above)
    services.indicator_set_active(indicator=indicator, active=False, by=people.above)
    assert [i.code for i in selectors_retired(tree.branch_a1)] == ["hien_mau_tinh"]
    services.indicator_set_active(indicator=indicator, active=True, by=people.province_officer)
    assert "hien_mau_tinh" in {i.code for i in selectors.indicators_available(tree.branch_a1)}
    retired, back = AuditEntry.objects.filter(action="indicator.retire").order_by("pk")
    assert retired.data["changes"] == {"is_active": ["True", "False"]}
    assert back.data["changes"] == {"is_active": ["False", "True"]} and back.actor == people.province_officer
    assert "dùng lại chỉ số riêng" in back.summary


def selectors_retired(unit):
    from doanvu.work.catalogue_selectors import retired_indicators

    return retired_indicators(unit=unit)


def test_a_part_of_an_active_ratio_cannot_be_retired_and_a_ratio_waits_for_its_parts(tree, people):
    part = own_indicator(tree.district_a, people.above)
    ratio = own_indicator(
        tree.district_a,
        people.above,
        code="ty_le_hanh_trinh",
        name="Tỷ lệ tham gia Hành trình đỏ",
        kind=Indicator.Kind.RATIO,
        numerator="hien_mau_tinh",
        denominator="members",
    )
    with pytest.raises(ValidationError) as error:
        services.indicator_set_active(indicator=part, active=False, by=people.above)
    assert messages(error.value) == [
        "Chỉ số «Lượt tham gia Hành trình đỏ của tỉnh» là một phần của chỉ số tỷ lệ «Tỷ lệ tham gia Hành trình "
        "đỏ» đang dùng; hãy thôi dùng chỉ số tỷ lệ đó trước."
    ]
    services.indicator_set_active(indicator=ratio, active=False, by=people.above)
    services.indicator_set_active(indicator=part, active=False, by=people.above)
    with pytest.raises(ValidationError, match="đã thôi dùng; hãy dùng lại nó trước"):
        services.indicator_set_active(indicator=ratio, active=True, by=people.above)


# --- movements ----------------------------------------------------------------------------------------------


def test_the_owner_edits_a_movement_and_its_code_is_fixed_once_activities_belong_to_it(tree, people):
    campaign = movement(tree.district_a, people.above)
    services.movement_update(
        movement=campaign, name="Hành trình đỏ 2025", code="hanh-trinh-do-2025", by=people.above
    )
    campaign.refresh_from_db()
    assert (campaign.name, campaign.code) == ("Hành trình đỏ 2025", "hanh-trinh-do-2025")
    assert AuditEntry.objects.get(action="movement.update").unit == tree.district_a
    record(tree.branch_a1, people.own, data={"movement": "hanh-trinh-do-2025"})
    with pytest.raises(ValidationError) as error:
        services.movement_update(movement=campaign, name=campaign.name, code="khac", by=people.above)
    assert messages(error.value) == [
        "«Hành trình đỏ 2025» đã có 1 hoạt động: không đổi được mã, chỉ sửa được tên và mặt công tác."
    ]
    with pytest.raises(PermissionDenied):
        services.movement_update(movement=campaign, name="x", by=people.own)


def test_a_retired_movement_is_not_offered_but_its_activities_keep_it_and_can_still_be_edited(
    tree, people, login
):
    campaign = movement(tree.district_a, people.above)
    old = record(tree.branch_a1, people.own, data={"movement": "hanh-trinh-do"})
    services.movement_set_active(movement=campaign, active=False, by=people.above)
    assert "hanh-trinh-do" not in {m.code for m in selectors.movements_available(tree.branch_a1)}
    with pytest.raises(ValidationError, match="không áp dụng cho"):
        record(tree.branch_a1, people.own, data={"movement": "hanh-trinh-do"})
    assert AuditEntry.objects.get(action="movement.retire").unit == tree.district_a
    client = login(people.own)
    url = reverse("work:activity_edit", args=[old.pk])
    page = client.get(url).content.decode()
    assert 'value="hanh-trinh-do" selected' in page
    response = client.post(
        url,
        {
            "title": "Tuyên truyền (sửa)",
            "work_area": "education",
            "movement": "hanh-trinh-do",
            "start_on": "2025-03-10",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.title, old.movement.code) == ("Tuyên truyền (sửa)", "hanh-trinh-do")
    services.movement_set_active(movement=campaign, active=True, by=people.above)
    assert Movement.objects.get(pk=campaign.pk).is_active


# --- the pages ---------------------------------------------------------------------------------------------


def test_the_catalogue_offers_edit_and_retire_only_on_rows_the_user_may_change(tree, people, login):
    own_indicator(tree.district_a, people.above)
    page = login(people.above).get(reverse("work:indicators") + "?unit=HA").content.decode()
    assert 'data-edit="hien_mau_tinh"' in page and 'data-retire="hien_mau_tinh"' in page
    assert 'data-edit="members"' not in page  # national
    below = login(people.own).get(reverse("work:indicators") + "?unit=CA1").content.decode()
    assert 'data-indicator="hien_mau_tinh"' in below and 'data-edit="hien_mau_tinh"' not in below


def test_the_owner_edits_an_indicator_through_its_page(tree, people, login):
    indicator = own_indicator(tree.district_a, people.above)
    client = login(people.above)
    url = reverse("work:indicator_edit", args=[indicator.pk]) + "?unit=HA"
    assert 'value="hien_mau_tinh"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "code": "hien_mau_tinh",
            "name": "Hành trình đỏ",
            "unit_label": "người",
            "kind": "flow",
            "work_area": "movements",
            "order": "7",
            "unit": "HA",
        },
        follow=True,
    )
    assert "Đã lưu chỉ số «Hành trình đỏ»." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("work:indicators") + "?unit=HA"
    indicator.refresh_from_db()
    assert (indicator.name, indicator.order) == ("Hành trình đỏ", 7)


def test_a_refused_code_change_is_shown_next_to_the_field(tree, people, login):
    indicator = own_indicator(tree.district_a, people.above)
    record(tree.branch_a1, people.own, figures={"hien_mau_tinh": 12})
    response = login(people.above).post(
        reverse("work:indicator_edit", args=[indicator.pk]),
        {"code": "moi_ma", "name": indicator.name, "unit_label": "lượt", "kind": "flow", "order": "100"},
    )
    assert response.status_code == 422
    assert "không đổi được mã và loại" in response.context["form"].errors["code"][0]
    assert "Đã có 1 số liệu hoạt động" in response.content.decode()


def test_retire_and_bring_back_through_the_catalogue_page(tree, people, login):
    indicator = own_indicator(tree.district_a, people.above)
    client = login(people.above)
    retire = reverse("work:indicator_retire", args=[indicator.pk])
    page = client.post(retire, {"unit": "HA", "action": "retire"}, follow=True).content.decode()
    assert "Đã thôi dùng chỉ số «Lượt tham gia Hành trình đỏ của tỉnh»." in page
    assert 'data-retired-indicator="hien_mau_tinh"' in page and 'data-reactivate="hien_mau_tinh"' in page
    page = client.post(retire, {"unit": "HA", "action": "reactivate"}, follow=True).content.decode()
    assert "Đã dùng lại chỉ số" in page and 'data-retired-indicator="hien_mau_tinh"' not in page


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("own", 404), ("other_district", 404)])
def test_viewers_units_below_and_outsiders_cannot_edit_or_retire(tree, people, login, persona, status):
    indicator = own_indicator(tree.district_a, people.above)
    campaign = movement(tree.district_a, people.above)
    client = login(getattr(people, persona))
    assert client.get(reverse("work:indicator_edit", args=[indicator.pk])).status_code == status
    assert client.post(reverse("work:indicator_retire", args=[indicator.pk])).status_code == status
    assert (
        client.post(reverse("work:movement_edit", args=[campaign.pk]), {"name": "x", "code": "x"}).status_code
        == status
    )
    assert client.post(reverse("work:movement_retire", args=[campaign.pk])).status_code == status
    assert Indicator.objects.get(pk=indicator.pk).is_active and Movement.objects.get(pk=campaign.pk).is_active


def test_a_national_row_answers_403_on_the_edit_pages(tree, people, login):
    client = login(people.province_officer)
    members = Indicator.objects.get(code="members")
    assert client.get(reverse("work:indicator_edit", args=[members.pk])).status_code == 403
    national = Movement.objects.filter(owner_unit__isnull=True).first()
    assert client.post(reverse("work:movement_retire", args=[national.pk])).status_code == 403
    assert Movement.objects.get(pk=national.pk).is_active


def test_the_movement_pages_edit_retire_and_bring_back(tree, people, login):
    campaign = movement(tree.district_a, people.above)
    client = login(people.province_officer)
    listing = client.get(reverse("work:movements") + "?unit=HA").content.decode()
    assert 'data-edit="hanh-trinh-do"' in listing
    response = client.post(
        reverse("work:movement_edit", args=[campaign.pk]),
        {"code": "hanh-trinh-do", "name": "Hành trình đỏ kết nối", "work_area": "movements", "unit": "HA"},
        follow=True,
    )
    assert "Đã lưu «Hành trình đỏ kết nối»." in response.content.decode()
    page = client.post(
        reverse("work:movement_retire", args=[campaign.pk]), {"unit": "HA", "action": "retire"}, follow=True
    ).content.decode()
    assert 'data-retired-movement="hanh-trinh-do"' in page
    assert Movement.objects.get(pk=campaign.pk).is_active is False
