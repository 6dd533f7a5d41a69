"""A member's dues category (salary / no salary / abroad) recorded on their record: what the dues use, the
member form, the import column, the Excel export and the API; an unknown value is refused in Vietnamese."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from doanvu.accounts.models import ApiToken, AuditEntry
from doanvu.members import importing
from doanvu.members.choices import dues_category_from_text
from doanvu.members.import_files import template_xlsx
from doanvu.members.models import Member
from doanvu.work import dues

from .import_helpers import HEADERS, row, xlsx
from .test_members_factories import admit

D = datetime.date
COLUMN = "Đối tượng đóng đoàn phí"
UNKNOWN = "Đối tượng đóng đoàn phí «vip» không hợp lệ: chọn một trong Không hưởng lương, Có hưởng lương, Ở nước ngoài, hoặc để trống."


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


# --- the dues ----------------------------------------------------------------------------------------------


def test_the_recorded_category_wins_over_the_occupation_and_a_blank_one_is_guessed(tree, people):
    recorded = admit(tree.branch_a1, people.own, occupation="Công chức", dues_category="abroad")
    guessed = admit(tree.branch_a1, people.own, full_name="Trần Thị Bình", occupation="Công chức")
    assert dues.member_dues_category(recorded) == "abroad"
    assert dues.member_dues_category(guessed) == "salary"


def test_a_student_recorded_with_a_salary_pays_the_salary_rate(tree, people):
    student = admit(tree.branch_a1, people.own, occupation="Sinh viên", dues_category="salary")
    other = admit(tree.branch_a1, people.own, full_name="Lê Văn Cường", occupation="Sinh viên")
    rows = dues.dues_record(
        unit=tree.branch_a1,
        month="202503",
        payments=[student.pk, other.pk],
        paid_on=D(2025, 3, 26),
        by=people.own,
    )
    assert {r.member_id: r.amount for r in rows} == {student.pk: 5000, other.pk: 2000}


def test_the_categories_are_read_as_people_write_them(db):
    assert dues_category_from_text("Có hưởng lương") == "salary"
    assert dues_category_from_text("KHONG HUONG LUONG") == "no_salary"
    assert dues_category_from_text("  ở nước  ngoài ") == "abroad"
    assert dues_category_from_text("abroad") == "abroad"
    assert dues_category_from_text("") == ""
    assert dues_category_from_text("Sinh viên") is None


def test_the_service_refuses_an_unknown_category_in_vietnamese(tree, people):
    with pytest.raises(ValidationError) as error:
        admit(tree.branch_a1, people.own, dues_category="vip")
    assert error.value.message_dict["dues_category"] == [UNKNOWN]
    assert not Member.objects.exists()


# --- the member form ---------------------------------------------------------------------------------------


def edit_data(client, member) -> dict:
    """What the edit form posts back unchanged: its initial values as the browser sends them."""
    initial = client.get(reverse("members:edit", args=[member.pk])).context["form"].initial
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in initial.items()
        if value not in (None, "")
    }


def test_the_branch_officer_sets_the_category_on_the_member_form_and_it_is_audited(tree, people, login):
    member = admit(tree.branch_a1, people.own, occupation="Sinh viên")
    client = login(people.own)
    form = client.get(reverse("members:edit", args=[member.pk])).content.decode()
    assert 'name="dues_category"' in form and "Theo nghề nghiệp (tự xác định)" in form
    assert '<option value="abroad">Ở nước ngoài</option>' in form
    response = client.post(
        reverse("members:edit", args=[member.pk]), {**edit_data(client, member), "dues_category": "abroad"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.dues_category == "abroad"
    entry = AuditEntry.objects.get(action="member.update", member=member)
    assert entry.data == {"dues_category": ["", "abroad"]}


def test_an_unknown_category_posted_to_the_form_changes_nothing(tree, people, login):
    member = admit(tree.branch_a1, people.own)
    response = login(people.own).post(reverse("members:edit", args=[member.pk]), {"dues_category": "vip"})
    assert response.status_code == 200 and response.context["form"].errors["dues_category"]
    member.refresh_from_db()
    assert member.dues_category == ""


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("sibling", 404)])
def test_viewers_and_outsiders_cannot_change_the_category(tree, people, login, persona, status):
    member = admit(tree.branch_a1, people.own)
    response = login(getattr(people, persona)).post(
        reverse("members:edit", args=[member.pk]), {"dues_category": "salary"}
    )
    assert response.status_code == status
    member.refresh_from_db()
    assert member.dues_category == ""


# --- import ------------------------------------------------------------------------------------------------


def _file(*values):
    rows = [row(n, **{COLUMN: value}) for n, value in enumerate(values, start=1)]
    return xlsx(rows, headers=[*HEADERS, COLUMN])


def test_the_import_reads_the_category_column_whatever_the_case_and_diacritics(tree, people):
    upload = _file("Có hưởng lương", "KHONG HUONG LUONG", "ở nước ngoài", None)
    assert importing.commit(user=people.own, unit=tree.branch_a1, rows=importing.read_rows(upload)) == 4
    assert sorted(Member.objects.values_list("dues_category", flat=True)) == [
        "",
        "abroad",
        "no_salary",
        "salary",
    ]


def test_an_unknown_category_in_the_file_is_an_error_of_its_row_and_column_and_nothing_is_written(
    tree, people
):
    upload = _file("Có hưởng lương", "Sinh viên")
    result = importing.preview(user=people.own, unit=tree.branch_a1, rows=importing.read_rows(upload))
    assert [issue.as_list() for issue in result.errors] == [
        [
            3,
            COLUMN,
            "Đối tượng đóng đoàn phí “Sinh viên” không rõ: ghi Có hưởng lương, Không hưởng lương hoặc Ở nước "
            "ngoài (hoặc bỏ trống).",
        ]
    ]
    with pytest.raises(importing.ImportRejected):
        importing.commit(
            user=people.own, unit=tree.branch_a1, rows=importing.read_rows(_file("Có hưởng lương", "x"))
        )
    assert not Member.objects.exists()


def test_the_template_offers_the_categories_in_a_drop_down(db):
    sheet = load_workbook(io.BytesIO(template_xlsx()))["Danh sách"]
    headers = [cell.value for cell in sheet[1]]
    assert COLUMN in headers
    letter = sheet.cell(row=1, column=headers.index(COLUMN) + 1).column_letter
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if f"{letter}2" in str(v.sqref)]
    assert lists == ['"Không hưởng lương,Có hưởng lương,Ở nước ngoài"']


# --- export ------------------------------------------------------------------------------------------------


def test_the_export_writes_the_recorded_category_and_leaves_a_guessed_one_empty(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn An", dues_category="salary")
    admit(tree.branch_a1, people.own, full_name="Trần Thị Bình", occupation="Công chức")
    response = login(people.own).get(reverse("members:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    column = rows[1].index(COLUMN)
    assert {line[1]: line[column] for line in rows[2:]} == {
        "Nguyễn Văn An": "Có hưởng lương",
        "Trần Thị Bình": None,
    }


def test_an_exported_category_imports_back_as_the_same_category(tree, people, login):
    admit(tree.branch_a1, people.own, full_name="Lê Văn Cường", dues_category="abroad")
    response = login(people.own).get(reverse("members:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    exported = rows[2][rows[1].index(COLUMN)]
    importing.commit(user=people.own, unit=tree.branch_a1, rows=importing.read_rows(_file(exported)))
    assert Member.objects.get(full_name="Nguyễn Văn An").dues_category == "abroad"


# --- API ---------------------------------------------------------------------------------------------------


def test_the_api_shows_the_recorded_and_the_applied_category(tree, people, api):
    member = admit(tree.branch_a1, people.own, occupation="Giáo viên")
    body = api(people.own).get(f"/api/members/{member.pk}/").json()
    assert (body["dues_category"], body["dues_category_applied"]) == ("", "salary")


def test_the_api_admits_and_updates_with_a_category(tree, people, api):
    client = api(people.own)
    created = client.post(
        "/api/members/",
        {
            "unit": "CA1",
            "full_name": "Đặng Thị Hoa",
            "gender": "female",
            "date_of_birth": "2005-08-20",
            "joined_on": "2021-03-26",
            "dues_category": "abroad",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["dues_category"] == created.json()["dues_category_applied"] == "abroad"
    member_id = created.json()["id"]
    cleared = client.patch(
        f"/api/members/{member_id}/", {"dues_category": None}, content_type="application/json"
    )
    assert cleared.json()["dues_category"] == "" and cleared.json()["dues_category_applied"] == "no_salary"


def test_the_api_refuses_an_unknown_category_with_the_vietnamese_message(tree, people, api):
    member = admit(tree.branch_a1, people.own)
    response = api(people.own).patch(
        f"/api/members/{member.pk}/", {"dues_category": "vip"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"dues_category": [UNKNOWN]}
    member.refresh_from_db()
    assert member.dues_category == ""


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("sibling", 404), ("other_district", 404)])
def test_the_api_lets_no_viewer_or_outsider_change_the_category(tree, people, api, persona, status):
    member = admit(tree.branch_a1, people.own)
    response = api(getattr(people, persona)).patch(
        f"/api/members/{member.pk}/", {"dues_category": "salary"}, content_type="application/json"
    )
    assert response.status_code == status
    member.refresh_from_db()
    assert member.dues_category == ""
