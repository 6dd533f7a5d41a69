"""Writing an import: all rows in one transaction with history and one audit entry, or nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from doanvu.accounts.models import AuditEntry
from doanvu.lib import legacy
from doanvu.members import importing
from doanvu.members.models import Member

from .import_helpers import row, xlsx  # noqa: F401


def write(user, unit, upload, name="danh-sach.xlsx"):
    return importing.commit(user=user, unit=unit, rows=importing.read_rows(upload), file_name=name)


def test_the_branch_officer_imports_into_their_branch_with_history_and_one_audit_entry(tree, people):
    count = write(people.own, tree.branch_a1, xlsx([row(1), row(2), row(3)]))
    assert count == 3
    members = Member.objects.filter(unit=tree.branch_a1)
    assert members.count() == 3
    an = members.get(citizen_id=row(1)["Số CCCD"])
    assert (an.full_name, an.gender, an.ethnicity, an.religion, an.status) == (
        "Nguyễn Văn An",
        "male",
        "Kinh",
        "Không",
        "active",
    )
    # Derived keys are filled as save() would: the list sorts and searches imported members too.
    assert an.sort_key and an.search_text == " nguyen van an "
    record = an.history.get()
    assert (record.history_type, record.history_user) == ("+", people.own)
    assert "danh-sach.xlsx" in record.history_change_reason
    entry = AuditEntry.objects.get(action="member.import")
    assert (entry.unit, entry.actor, entry.data["count"], entry.data["file"]) == (
        tree.branch_a1,
        people.own,
        3,
        "danh-sach.xlsx",
    )
    assert entry.summary == "Nhập 3 đoàn viên từ tệp danh-sach.xlsx"


def test_nothing_is_written_when_any_row_has_an_error(tree, people):
    rows = [row(n) for n in range(1, 1500)] + [row(1500, **{"Ngày sinh": "31/02/2000"})]
    with pytest.raises(importing.ImportRejected) as caught:
        write(people.own, tree.branch_a1, xlsx(rows))
    assert [(i.row, i.column) for i in caught.value.result.errors] == [(1501, "Ngày sinh")]
    assert Member.objects.count() == 0
    assert Member.history.count() == 0
    assert not AuditEntry.objects.filter(action="member.import").exists()


def test_the_commit_checks_again_and_refuses_a_citizen_id_taken_since_the_preview(tree, people):
    upload = xlsx([row(1), row(2)])
    assert importing.preview(user=people.own, unit=tree.branch_a1, rows=importing.read_rows(upload)).ok
    write(people.own, tree.branch_a1, xlsx([row(2)]))
    with pytest.raises(importing.ImportRejected):
        write(people.own, tree.branch_a1, upload)
    assert Member.objects.count() == 1


def test_an_officer_above_imports_into_branches_below(tree, people):
    rows = [row(1, **{"Mã chi đoàn": "CA1"}), row(2, **{"Mã chi đoàn": "CA2"})]
    assert write(people.above, tree.district_a, xlsx(rows)) == 2
    assert sorted(Member.objects.values_list("unit__code", flat=True)) == ["CA1", "CA2"]
    assert AuditEntry.objects.get(action="member.import").unit == tree.district_a


def test_a_sibling_code_in_the_file_stops_the_whole_import(tree, people):
    rows = [row(1), row(2, **{"Mã chi đoàn": "CA2"})]
    with pytest.raises(importing.ImportRejected) as caught:
        write(people.own, tree.branch_a1, xlsx(rows))
    assert "không thuộc phạm vi quản lý" in caught.value.result.errors[0].message
    assert Member.objects.count() == 0


def test_viewers_and_officers_of_other_units_cannot_write(tree, people):
    for user in (people.viewer, people.sibling, people.other_district, people.nobody):
        with pytest.raises(PermissionDenied):
            write(user, tree.branch_a1, xlsx([row(1)]))
    assert Member.objects.count() == 0


def test_names_are_stored_in_unicode_nfc_whatever_the_file_held(tree, people):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Lan"
    rows = [
        row(1, **{"Họ và tên": decomposed}),
        row(2, **{"Họ và tên": legacy.from_unicode("Lê Văn Tám", "vni")}),
    ]
    write(people.own, tree.branch_a1, xlsx(rows))
    assert sorted(Member.objects.values_list("full_name", flat=True)) == ["Lê Văn Tám", "Nguyễn Thị Lan"]


def test_a_thousand_rows_cost_batched_queries_never_one_per_row(tree, people, django_assert_max_num_queries):
    upload = xlsx([row(n) for n in range(1, 1001)])
    # SQLite caps parameters per statement, so its inserts come in batches of ~30 rows; PostgreSQL's in 500.
    with django_assert_max_num_queries(100):
        assert write(people.own, tree.branch_a1, upload) == 1000
    assert Member.history.count() == 1000
