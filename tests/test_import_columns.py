"""The preview's column-by-column screen (members/import_columns.py) gives exactly what checking every row
one by one gives: the same errors and warnings, row by row, in the same order, and the same members."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doanvu.lib import legacy
from doanvu.members import importing
from doanvu.members.import_files import Table
from doanvu.members.models import Member

from .import_helpers import row, xlsx  # noqa: F401

D = datetime.date(2026, 12, 5)  # the tests' today (conftest.NOW)

# Cells a column may hold in a real file, the plain ones and every kind of trouble.
NAMES = [
    "Nguyễn Văn An",
    "Lê Thị Bình",
    "  Trần   Thị Cúc ",
    "Lâm Thanh Bình",
    None,
    "x" * 130,
    12,
    "Vò Minh An",
]
GENDERS = ["Nam", "Nữ", "nam", "F", "Không rõ", None, 1, True]
BIRTHS = [
    "15/12/2000",
    "01/01/1990",
    "29/02/2004",
    "31/02/2001",
    "15/12/2099",
    None,
    "mười lăm",
    datetime.datetime(2000, 12, 15),
    36000,
    "5/12/2010",
    "06/12/1995",
    "05/12/1995",
    "2000-12-15",
]
JOININGS = [
    "26/03/2016",
    "15/12/2015",
    "16/12/2015",
    "14/12/2031",
    "01/01/2030",
    None,
    "26/03/2027",
    datetime.datetime(2016, 3, 26),
    42455,
    "1/1/2010",
]
IDS = [
    "079200000001",
    "079200000002",
    "079200000001",
    79200000003,
    "0792 0000 0004",
    "07920000",
    None,
    "079200009999",
    "079200000005 ",
    "٠٧٩٢٠٠٠٠٠٠٠٦",
]
PHONES = ["0912345678", "0912345679", "912345678", 912345678, "84912345678", "12345", None, "0912.345.678"]
CODES = ["CA1", "CA2", "XA", "KHONGCO", None, " CA1 "]
PARTY = [None, None, None, "01/06/2020", "01/01/2016"]
ETHNICITY = [None, "Kinh", "Khmer", "  ", "Tày"]
DUES = [None, "Có hưởng lương", "Không hưởng lương", "lương hưu"]
EMAILS = [None, "An@Example.com", "an@", " x@y.vn "]

KEYS = {
    "full_name": NAMES,
    "gender": GENDERS,
    "date_of_birth": BIRTHS,
    "joined_on": JOININGS,
    "citizen_id": IDS,
    "phone": PHONES,
    "unit_code": CODES,
    "party_probationary_on": PARTY,
    "ethnicity": ETHNICITY,
    "dues_category": DUES,
    "email": EMAILS,
}


def table(rows: list[dict]) -> Table:
    keys = sorted({key for values in rows for key in values} | {"full_name", "gender", "date_of_birth"})
    data = {key: [values.get(key) for values in rows] for key in keys}
    return Table(list(range(2, len(rows) + 2)), data, 1, {key: key for key in keys})


def both_ways(people, unit, rows: list[dict]) -> tuple[dict, dict]:
    screened = importing.preview(user=people.own, unit=unit, rows=table(rows))
    one_by_one = importing.preview(user=people.own, unit=unit, rows=list(table(rows)))
    return screened.to_dict(), one_by_one.to_dict()


def members(people, unit, rows: list[dict]) -> list[tuple]:
    importing.commit(user=people.own, unit=unit, rows=table(rows))
    fields = [
        f.attname for f in Member._meta.concrete_fields if f.attname not in ("id", "created", "updated")
    ]
    return list(Member.objects.order_by("id").values_list(*fields))


@pytest.fixture
def taken(tree):
    return Member.objects.create(
        unit=tree.branch_b1,
        full_name="Trần Văn Cũ",
        gender="male",
        date_of_birth=datetime.date(2000, 1, 1),
        citizen_id="079200009999",
    )


def test_every_kind_of_cell_gets_the_same_findings_as_checking_row_by_row(tree, people, taken):
    rows = [{key: values[n % len(values)] for key, values in KEYS.items()} for n in range(60)]
    rows += [{key: values[(n * 7 + 3) % len(values)] for key, values in KEYS.items()} for n in range(60)]
    screened, one_by_one = both_ways(people, tree.branch_a1, rows)
    assert screened == one_by_one
    assert screened["errors"] and screened["warnings"] and screened["valid"]


def test_ages_at_the_edges_of_the_admission_window_are_judged_as_row_by_row(tree, people):
    rows = []
    for born in (datetime.date(2000, 12, 15), datetime.date(2004, 2, 29), datetime.date(1996, 12, 5)):
        for years, days in ((15, -1), (15, 0), (15, 1), (31, -1), (31, 0), (30, 364)):
            joined = datetime.date(born.year + years, born.month, 28 if born.day == 29 else born.day)
            joined += datetime.timedelta(days=days)
            rows.append(
                {
                    "full_name": "A B",
                    "gender": "Nam",
                    "date_of_birth": born.strftime("%d/%m/%Y"),
                    "joined_on": joined.strftime("%d/%m/%Y") if joined <= D else None,
                }
            )
    rows.append({"full_name": "A B", "gender": "Nam", "date_of_birth": "05/12/2011"})  # 15 today
    rows.append({"full_name": "A B", "gender": "Nam", "date_of_birth": "06/12/2010"})  # 16 tomorrow
    screened, one_by_one = both_ways(people, tree.branch_a1, rows)
    assert screened == one_by_one
    assert 0 < screened["valid"] < len(rows)


def test_a_clean_file_becomes_the_same_members_either_way(tree, people):
    rows = [
        {
            "full_name": f"Nguyễn Văn {chr(65 + n)}",
            "gender": "Nam",
            "date_of_birth": "15/12/2000",
            "joined_on": "26/03/2016",
            "citizen_id": f"0792000{n:05d}",
            "phone": f"09123456{n:02d}",
            "ethnicity": None if n % 2 else "Khmer",
            "hometown": "Trà Vinh",
            "unit_code": "CA1",
        }
        for n in range(20)
    ]
    written = members(people, tree.branch_a1, rows)
    Member.objects.all().delete()
    importing.commit(user=people.own, unit=tree.branch_a1, rows=list(table(rows)))
    fields = [
        f.attname for f in Member._meta.concrete_fields if f.attname not in ("id", "created", "updated")
    ]
    assert written == list(Member.objects.order_by("id").values_list(*fields))
    assert len(written) == 20


def test_a_file_in_tcvn3_is_checked_row_after_row(tree, people):
    names = [legacy.from_unicode("Nguyễn Văn An", "tcvn3"), "Vò Minh An", "Lâm Thanh Bình"]
    rows = [
        {"full_name": name, "gender": "Nam", "date_of_birth": "15/12/2000", "citizen_id": f"07920000000{n}"}
        for n, name in enumerate(names)
    ]
    screened, one_by_one = both_ways(people, tree.branch_a1, rows)
    assert screened == one_by_one
    assert screened["converted"]["tcvn3"] >= 1


# The rows only read the tree and the people (a preview writes nothing), so one set serves every example.
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries({key: st.sampled_from(values) for key, values in KEYS.items()}),
        min_size=1,
        max_size=25,
    )
)
def test_any_mix_of_cells_gets_the_same_findings_as_checking_row_by_row(tree, people, rows):
    screened, one_by_one = both_ways(people, tree.branch_a1, rows)
    assert screened == one_by_one


@pytest.mark.parametrize("plain_columns", [True, False])
def test_a_long_excel_file_gets_the_same_findings_as_checking_row_by_row(tree, people, taken, plain_columns):
    # Read from a file over several of the reading child's chunks: columns of plain IDs, phones and dates
    # are judged whole, and the few cells in doubt among them are found as row by row.
    from tests.import_fuzz_factories import xls_bytes

    from .import_helpers import HEADERS

    lines = [
        row(
            n,
            **{
                "Ngày sinh": f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1996 + n % 8}",
                "Ngày vào Đoàn": f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{2013 + n % 8}",
                "Điện thoại": f"09{n:08d}",
            },
        )
        for n in range(1, 2501)
    ]
    changes = {
        700: {"Số CCCD": "   "},
        800: {"Họ và tên": "  "},
        900: {"Số CCCD": "079200009999"},  # a current member's
        1000: {"Điện thoại": " 0912345678"},
        1100: {"Ngày sinh": "29/02/2004", "Ngày vào Đoàn": "01/03/2019"},
        1200: {"Ngày vào Đoàn": "31/02/2016"},
        1300: {"Số CCCD": lines[5]["Số CCCD"]},
        1400: {"Ngày sinh": "15/12/2012"},
        2400: {"Họ và tên": "Trần  Thị Bé "},
    }
    if plain_columns:  # IDs, phones and dates all of the plain form (a repeated ID, one in use too)
        del changes[700], changes[1000], changes[1200]
    for n, change in changes.items():
        lines[n].update(change)
    data = xls_bytes([HEADERS, *([line[h] for h in HEADERS] for line in lines)])
    table = importing.read_rows(data, "danh-sach.xls")
    screened = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
    one_by_one = importing.preview(user=people.own, unit=tree.branch_a1, rows=list(table))
    assert screened.to_dict() == one_by_one.to_dict()
    assert {issue.row for issue in screened.errors} >= {802, 902, 1302, 1402}
    assert screened.valid > 2400
