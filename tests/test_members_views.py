import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from doanvu.members import selectors, services
from doanvu.members.models import Member, Position, Status
from tests.test_members_factories import admit, bulk_members, citizen_id

D = datetime.date


def list_url(**params):
    from urllib.parse import urlencode

    return reverse("members:list") + ("?" + urlencode(params) if params else "")


# --- list --------------------------------------------------------------------------------------------------


def test_the_list_opens_on_the_officers_own_unit_and_shows_only_its_members(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a2, people.sibling, full_name="Trần Thị Bên")
    response = login(people.own).get(list_url())
    assert response.status_code == 200
    assert response.context["unit"] == tree.branch_a1
    assert "Nguyễn Văn An" in response.text and "Trần Thị Bên" not in response.text
    assert "1 đoàn viên" in response.text


def test_an_officer_above_sees_the_whole_sub_tree_or_one_unit(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a2, people.sibling, full_name="Trần Thị Bên")
    client = login(people.above)
    assert [m.full_name for m in client.get(list_url()).context["page"]] == ["Nguyễn Văn An", "Trần Thị Bên"]
    only = client.get(list_url(unit="XA", subtree="0"))
    assert list(only.context["page"]) == []


def test_another_units_list_is_not_found(tree, people, login):
    assert login(people.sibling).get(list_url(unit="CA1")).status_code == 404
    assert login(people.other_district).get(list_url(unit="XA")).status_code == 404


def test_a_viewer_reads_the_list_but_is_offered_no_changes(tree, people, login):
    admit(tree.branch_a1, people.own)
    response = login(people.viewer).get(list_url(unit="CA1"))
    assert response.status_code == 200 and "Nguyễn Văn An" in response.text
    assert not response.context["can_add"] and "Thêm đoàn viên" not in response.text


def test_someone_without_a_unit_is_told_so(tree, people, login):
    assert login(people.nobody).get(list_url()).status_code == 403


def test_a_search_without_diacritics_on_the_page_finds_the_member(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a1, people.own, full_name="Lê Thị Bình")
    response = login(people.own).get(list_url(q="nguyen van an"))
    assert [m.full_name for m in response.context["page"]] == ["Nguyễn Văn An"]


def test_filters_on_the_page_narrow_the_list_and_stay_selected(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    admit(tree.branch_a1, people.own, full_name="Lê Thị Bình", gender="female")
    response = login(people.own).get(list_url(gender="female"))
    assert [m.full_name for m in response.context["page"]] == ["Lê Thị Bình"]
    assert 'value="female" selected' in response.text


def test_removed_members_are_hidden_unless_asked_for(tree, people, login):
    member = admit(tree.branch_a1, people.own)
    services.member_remove(member=member, on=D(2024, 1, 1), reason="Bỏ sinh hoạt", by=people.own)
    client = login(people.own)
    assert list(client.get(list_url()).context["page"]) == []
    assert [m.pk for m in client.get(list_url(status="removed")).context["page"]] == [member.pk]
    assert [m.pk for m in client.get(list_url(status="all")).context["page"]] == [member.pk]


def test_the_list_shows_fifty_a_page_with_the_total(tree, people, login):
    bulk_members(tree.branch_a1, [f"Nguyễn Văn Số {i:03d}" for i in range(120)])
    client = login(people.own)
    first = client.get(list_url())
    assert len(first.context["page"].object_list) == 50 and "120 đoàn viên" in first.text
    assert "Trang 1/3" in first.text
    last = client.get(list_url(page=3))
    assert len(last.context["page"].object_list) == 20


def test_the_list_costs_the_same_queries_for_fifty_rows_as_for_five(tree, people, login):
    client = login(people.province_officer)

    def queries(count):
        Member.objects.all().delete()
        members = bulk_members(tree.branch_a1, [f"Trần Văn {i}" for i in range(count)])
        for m in members[: count // 2]:
            Position.objects.create(member=m, unit=tree.branch_a1, title="committee", start_on=D(2022, 1, 1))
        with CaptureQueriesContext(connection) as context:
            assert client.get(list_url()).status_code == 200
        return len(context.captured_queries)

    assert queries(5) == queries(50)


# --- export ------------------------------------------------------------------------------------------------


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True)), sheet


def test_the_export_holds_exactly_the_filtered_rows_of_every_page_in_order(tree, people, login):
    bulk_members(tree.branch_a1, [f"Lê Thị Số {i:03d}" for i in range(70)])
    bulk_members(tree.branch_a2, ["Nguyễn Văn Khác"])
    client = login(people.above)
    response = client.get(reverse("members:export") + "?unit=XA&gender=female")
    rows, _sheet = read_xlsx(response)
    expected = [
        m.full_name
        for m in selectors.member_search(
            user=people.above, unit=tree.grassroots_a, gender="female", status="current"
        )
    ]
    assert len(expected) == 35
    assert [row[1] for row in rows[2:]] == expected
    assert rows[1][:4] == ("STT", "Họ và tên", "Ngày sinh", "Giới tính")


def test_the_export_writes_dates_as_dates_shown_day_month_year_and_names_the_file(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An", date_of_birth=D(2000, 5, 10))
    response = login(people.own).get(reverse("members:export"))
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="doan-vien-CA1-{today:%Y%m%d}.xlsx"'
    rows, sheet = read_xlsx(response)
    assert rows[2][1] == "Nguyễn Văn An" and rows[2][2].date() == D(2000, 5, 10)
    assert sheet.cell(row=3, column=3).number_format == "DD/MM/YYYY"
    assert rows[1][19] == "Mã đơn vị" and rows[2][19] == "CA1"


def test_another_units_export_is_not_found(tree, people, login):
    assert login(people.sibling).get(reverse("members:export") + "?unit=CA1").status_code == 404


# --- create and edit ---------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "full_name": "Phạm Thị Mới",
        "gender": "female",
        "date_of_birth": "15/08/2003",
        "joined_on": "2019-03-26",
        "citizen_id": citizen_id(),
        "phone": "0912 345 678",
        "ethnicity": "Kinh",
    }
    data.update(overrides)
    return data


def test_an_officer_adds_a_member_from_the_form(tree, people, login):
    client = login(people.own)
    assert client.get(reverse("members:create")).status_code == 200
    response = client.post(reverse("members:create") + "?unit=CA1", form_data())
    member = Member.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[member.pk])
    assert member.unit == tree.branch_a1 and member.phone == "0912345678"
    assert member.date_of_birth == D(2003, 8, 15)


def test_the_form_shows_each_problem_in_vietnamese_next_to_its_field(tree, people, login):
    response = login(people.own).post(
        reverse("members:create") + "?unit=CA1",
        form_data(
            citizen_id="123", phone="12", joined_on="15/08/2018", email="sai", date_of_birth="31/02/2003"
        ),
    )
    assert response.status_code == 200 and not Member.objects.exists()
    errors = response.context["form"].errors
    assert errors["date_of_birth"] == ["Ngày không hợp lệ; hãy viết dạng ngày/tháng/năm, ví dụ 15/12/2020."]
    response = login(people.own).post(
        reverse("members:create") + "?unit=CA1",
        form_data(citizen_id="123", phone="12", joined_on="15/08/2018", email="sai"),
    )
    errors = response.context["form"].errors
    assert errors["citizen_id"] == ["Số CCCD phải gồm đúng 12 chữ số."]
    assert errors["email"] == ["Thư điện tử không đúng dạng (ví dụ: ten@example.com)."]
    assert errors["joined_on"] == [
        "Chưa đủ tuổi vào Đoàn: ngày vào Đoàn phải sau sinh nhật lần thứ 15 (15/08/2018)."
    ]
    assert "Số điện thoại không đúng dạng" in errors["phone"][0]
    assert "Số CCCD phải gồm đúng 12 chữ số." in response.text


def test_an_officer_above_picks_the_branch_for_a_new_member(tree, people, login):
    client = login(people.above)
    page = client.get(reverse("members:create") + "?unit=XA")
    assert [b.code for b in page.context["branches"]] == ["CA1", "CA2"]
    missing = client.post(reverse("members:create") + "?unit=XA", form_data())
    assert missing.context["form"].errors["__all__"] == ["Hãy chọn chi đoàn mà đoàn viên sinh hoạt."]
    client.post(reverse("members:create") + "?unit=XA", {**form_data(), "branch": "CA2"})
    assert Member.objects.get().unit == tree.branch_a2


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("sibling", 404), ("other_district", 404)])
def test_adding_a_member_is_refused_to_viewers_and_outsiders(tree, people, login, persona, status):
    client = login(getattr(people, persona))
    assert client.get(reverse("members:create") + "?unit=CA1").status_code == status
    assert client.post(reverse("members:create") + "?unit=CA1", form_data()).status_code == status
    assert not Member.objects.exists()


def test_an_officer_edits_a_member_and_the_change_shows_on_the_member_page(tree, people, login):
    member = admit(tree.branch_a1, people.own, phone="0912345678")
    client = login(people.own)
    page = client.get(reverse("members:edit", args=[member.pk]))
    assert page.status_code == 200 and 'value="0912345678"' in page.text
    data = {
        name: (value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value)
        for name, value in page.context["form"].initial.items()
        if value not in (None, False)
    }
    response = client.post(reverse("members:edit", args=[member.pk]), {**data, "phone": "0987654321"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "0987654321"
    detail = client.get(reverse("members:detail", args=[member.pk]))
    assert "Điện thoại: <del>0912345678</del> → <ins>0987654321</ins>" in detail.text


@pytest.mark.parametrize(
    "persona, status", [("viewer", 403), ("sibling", 404), ("approver", 200), ("above", 200)]
)
def test_editing_a_member_follows_the_scope(tree, people, login, persona, status):
    member = admit(tree.branch_a1, people.own)
    assert (
        login(getattr(people, persona)).get(reverse("members:edit", args=[member.pk])).status_code == status
    )


# --- member page -------------------------------------------------------------------------------------------


def test_the_member_page_tells_the_members_story_newest_first(tree, people, login):
    member = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    services.position_add(member=member, title="secretary", start_on=D(2022, 10, 1), by=people.own)
    transfer = services.transfer_request(
        member=member,
        to_unit=tree.branch_b1,
        by=people.own,
        requested_on=D(2023, 5, 1),
        reason="Chuyển công tác",
    )
    services.transfer_reject(
        transfer=transfer, by=people.other_district, on=D(2023, 5, 3), note="Sai địa chỉ"
    )
    response = login(people.own).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200
    titles = [item.title for item in response.context["timeline"]]
    assert titles[0] == "Chi đoàn B1 từ chối tiếp nhận"
    assert len(titles) == len(set(titles))  # a step's history record and its transfer record are one line
    assert titles[-1] == "Kết nạp vào Đoàn"
    assert "Giữ chức Bí thư Chi đoàn A1" in titles
    assert "Đề nghị chuyển sinh hoạt từ Chi đoàn A1 đến Chi đoàn B1" in titles
    assert "Tình trạng: <del>Đang sinh hoạt</del> → <ins>Đang chuyển sinh hoạt</ins>" in response.text
    assert "Sai địa chỉ" in response.text


def test_another_units_member_is_not_found_by_url(tree, people, login):
    member = admit(tree.branch_a1, people.own)
    for persona in ("sibling", "other_district", "nobody"):
        assert (
            login(getattr(people, persona)).get(reverse("members:detail", args=[member.pk])).status_code
            == 404
        )


def test_a_viewer_reads_the_member_page_without_change_buttons(tree, people, login):
    member = admit(tree.branch_a1, people.own)
    response = login(people.viewer).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200 and "Sửa thông tin" not in response.text
    own = login(people.own).get(reverse("members:detail", args=[member.pk]))
    assert "Sửa thông tin" in own.text and "Chuyển sinh hoạt" in own.text


def test_the_member_page_shows_a_pending_transfer(tree, people, login):
    member = admit(tree.branch_a1, people.own)
    services.transfer_request(
        member=member, to_unit=tree.branch_b1, by=people.own, requested_on=D(2023, 5, 1)
    )
    response = login(people.own).get(reverse("members:detail", args=[member.pk]))
    assert "Đang chờ Chi đoàn B1 tiếp nhận" in response.text
    assert Member.objects.get().status == Status.TRANSFER_PENDING


def test_site_admins_find_members_in_the_admin_by_a_name_typed_without_diacritics(tree, people, login):
    member = admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An")
    client = login(people.admin)
    found = client.get(reverse("admin:members_member_changelist") + "?q=nguyen+van+an")
    assert found.status_code == 200 and "Nguyễn Văn An" in found.text
    assert client.get(reverse("admin:members_member_history", args=[member.pk])).status_code == 200
    for model in ("transfer", "position", "discipline"):
        assert client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200
