"""Every rule of a member's record, with the message an officer (or the importer's row report) reads."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from doanvu.members.import_columns import NAMES
from doanvu.members.models import Member, Status
from doanvu.members.validation import member_validate, values_validate
from doanvu.members.validation_bulk import value_check, values_pass
from tests.test_members_factories import admit, member_data  # noqa: F401

D = datetime.date


def errors(unit, **overrides) -> list[tuple[str, str]]:
    member = Member(unit=unit, **member_data(**overrides))
    return member_validate(member)


def test_a_complete_record_has_no_problems(tree):
    assert errors(tree.branch_a1) == []


@pytest.mark.parametrize("value", ["12345", "07909500123A", "0790 9500 12"])
def test_a_citizen_id_has_exactly_twelve_digits(tree, value):
    assert errors(tree.branch_a1, citizen_id=value) == [("citizen_id", "Số CCCD phải gồm đúng 12 chữ số.")]


def test_a_citizen_id_too_long_says_the_same_thing_once(tree):
    assert errors(tree.branch_a1, citizen_id="0790950012345") == [
        ("citizen_id", "Số CCCD phải gồm đúng 12 chữ số.")
    ]


def test_a_citizen_id_is_unique_among_current_members_only(tree, people):
    first = admit(tree.branch_a1, people.own, citizen_id="079095001234")
    assert errors(tree.branch_b1, citizen_id="079095001234") == [
        ("citizen_id", "Số CCCD 079095001234 đã có ở một đoàn viên đang sinh hoạt (có thể ở đơn vị khác).")
    ]
    Member.objects.filter(pk=first.pk).update(status=Status.CAME_OF_AGE)
    assert errors(tree.branch_b1, citizen_id="079095001234") == []


def test_the_member_does_not_clash_with_their_own_citizen_id(tree, people):
    member = admit(tree.branch_a1, people.own, citizen_id="079095001234")
    assert member_validate(member) == []


def test_joining_on_the_fifteenth_birthday_is_too_early_and_the_day_after_is_fine(tree):
    dob = D(2004, 7, 1)
    assert errors(tree.branch_a1, date_of_birth=dob, joined_on=D(2019, 7, 1)) == [
        ("joined_on", "Chưa đủ tuổi vào Đoàn: ngày vào Đoàn phải sau sinh nhật lần thứ 15 (01/07/2019).")
    ]
    assert errors(tree.branch_a1, date_of_birth=dob, joined_on=D(2019, 7, 2)) == []


def test_joining_on_the_thirty_first_birthday_is_too_late_and_the_day_before_is_fine(tree):
    dob = D(1990, 7, 1)
    assert errors(tree.branch_a1, date_of_birth=dob, joined_on=D(2021, 7, 1)) == [
        ("joined_on", "Quá tuổi vào Đoàn (tối đa 30 tuổi): ngày vào Đoàn phải trước 01/07/2021.")
    ]
    assert errors(tree.branch_a1, date_of_birth=dob, joined_on=D(2021, 6, 30)) == []


def test_the_admission_ages_are_configuration(tree, settings):
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "admission_max_age": 35}
    assert errors(tree.branch_a1, date_of_birth=D(1990, 7, 1), joined_on=D(2021, 7, 1)) == []


def test_an_honorary_member_is_exempt_from_the_age_rule(tree):
    assert errors(tree.branch_a1, date_of_birth=D(1960, 1, 1), is_honorary=True) == []


def test_joining_must_come_after_birth(tree):
    assert errors(tree.branch_a1, date_of_birth=D(2000, 5, 10), joined_on=D(1999, 1, 1)) == [
        ("joined_on", "Ngày vào Đoàn phải sau ngày sinh.")
    ]


def test_dates_cannot_be_in_the_future(tree):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert ("joined_on", "Ngày vào Đoàn không được sau hôm nay.") in errors(
        tree.branch_a1, joined_on=tomorrow
    )
    assert ("date_of_birth", "Ngày sinh không được sau hôm nay.") in errors(
        tree.branch_a1, date_of_birth=tomorrow
    )


def test_party_dates_come_after_joining_and_each_after_the_previous(tree):
    assert errors(tree.branch_a1, party_course_on=D(2021, 3, 1)) == [
        ("party_course_on", "Ngày cấp giấy chứng nhận cảm tình Đảng phải sau ngày vào Đoàn (26/03/2021).")
    ]
    assert errors(tree.branch_a1, party_course_on=D(2022, 3, 1), party_introduced_on=D(2022, 2, 1)) == [
        (
            "party_introduced_on",
            "Ngày Đoàn giới thiệu kết nạp Đảng phải sau ngày cấp giấy chứng nhận cảm tình Đảng (01/03/2022).",
        )
    ]


def test_probation_starts_at_eighteen_and_full_membership_twelve_months_later(tree):
    assert errors(
        tree.branch_a1,
        date_of_birth=D(2005, 6, 1),
        joined_on=D(2021, 3, 26),
        party_probationary_on=D(2023, 5, 31),
    ) == [("party_probationary_on", "Chỉ được kết nạp Đảng khi đủ 18 tuổi: ngày kết nạp phải từ 01/06/2023.")]
    assert errors(tree.branch_a1, party_probationary_on=D(2022, 5, 19), party_full_on=D(2023, 5, 18)) == [
        ("party_full_on", "Chuyển Đảng chính thức sau ít nhất 12 tháng dự bị: từ 19/05/2023.")
    ]
    assert errors(tree.branch_a1, party_probationary_on=D(2022, 5, 19), party_full_on=D(2023, 5, 19)) == []


def test_the_probation_length_is_configuration_counted_in_months(tree, settings):
    settings.DOANVU_RULES = {**settings.DOANVU_RULES, "party_probation_months": 18}
    assert errors(tree.branch_a1, party_probationary_on=D(2022, 5, 19), party_full_on=D(2023, 11, 18)) == [
        ("party_full_on", "Chuyển Đảng chính thức sau ít nhất 18 tháng dự bị: từ 19/11/2023.")
    ]
    assert errors(tree.branch_a1, party_probationary_on=D(2022, 5, 19), party_full_on=D(2023, 11, 19)) == []


def test_full_membership_needs_a_probation_date(tree):
    assert errors(tree.branch_a1, party_full_on=D(2023, 5, 19)) == [
        ("party_full_on", "Chưa có ngày kết nạp Đảng (dự bị) nên chưa thể chuyển chính thức.")
    ]


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", ""])
def test_vietnamese_phone_numbers_are_accepted_however_they_are_spaced(tree, phone):
    assert errors(tree.branch_a1, phone=phone) == []


@pytest.mark.parametrize("phone", ["912345678", "09123456789", "+8491234567", "0912abc678"])
def test_other_phone_numbers_are_refused(tree, phone):
    assert errors(tree.branch_a1, phone=phone) == [
        (
            "phone",
            (
                "Số điện thoại không đúng dạng: 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678) hoặc +84 và 9 chữ số."
            ),
        )
    ]


def test_an_email_address_is_checked_and_lower_cased(tree):
    assert errors(tree.branch_a1, email="khong-phai-email") == [
        ("email", "Thư điện tử không đúng dạng (ví dụ: ten@example.com).")
    ]
    member = Member(unit=tree.branch_a1, **member_data(email=" An.Nguyen@Example.VN "))
    assert member_validate(member) == [] and member.email == "an.nguyen@example.vn"


def test_missing_name_birth_date_and_gender_are_named(tree):
    assert sorted(errors(tree.branch_a1, full_name="  ", date_of_birth=None, gender="")) == [
        ("date_of_birth", "Hãy nhập ngày sinh."),
        ("full_name", "Hãy nhập họ và tên."),
        ("gender", "Hãy chọn giới tính."),
    ]
    assert errors(tree.branch_a1, gender="nam") == [("gender", "Giới tính phải là Nam, Nữ hoặc Khác.")]


def test_a_member_needs_a_unit(db):
    assert ("unit", "Hãy chọn chi đoàn của đoàn viên.") in member_validate(Member(**member_data()))


def test_text_typed_decomposed_is_stored_composed(tree, people):
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị   Ánh")
    member = admit(tree.branch_a1, people.own, full_name=decomposed)
    member.refresh_from_db()
    assert member.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")
    assert member.search_text == " nguyen thi anh "


def test_the_model_clean_used_by_forms_and_the_admin_applies_the_same_rules(tree, people):
    member = Member(unit=tree.branch_a1, **member_data(joined_on=D(1999, 1, 1)))
    member.normalise()
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict == {"joined_on": ["Ngày vào Đoàn phải sau ngày sinh."]}


@pytest.mark.parametrize(
    "changes",
    [
        {"gender": "x"},
        {"gender": ""},
        {"full_name": "A" * 121},
        {"citizen_id": "12345"},
        {"phone": "12345", "email": "an@"},
        {"date_of_birth": None},
        {"dues_category": "x" * 13},
        {"status": "nowhere"},
    ],
)
def test_each_field_format_reads_the_same_as_the_models_own_field_checks(tree, changes):
    # The check remembers each value it cleaned (a file repeats values): the answer must stay Django's.
    def django_says(member):
        try:
            member.clean_fields(exclude=["unit", "sort_key", "search_text", "created", "updated"])
        except ValidationError as error:
            return [(f, m) for f, messages in error.message_dict.items() for m in messages]
        return []

    for _twice in range(2):
        member = Member(unit=tree.branch_a1, **member_data(**changes))
        expected = django_says(Member(unit=tree.branch_a1, **member_data(**changes)))
        # Field formats come first, then the rules across fields (which may add to the same field).
        assert expected and member_validate(member)[: len(expected)] == expected


def test_a_bad_value_repeated_on_many_records_is_reported_on_each(tree):
    for _n in range(3):
        assert ("gender", "Giới tính phải là Nam, Nữ hoặc Khác.") in errors(tree.branch_a1, gender="x")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"gender": "x", "citizen_id": "12345", "phone": "0912 345 678", "email": " An@Example.COM "},
        {"full_name": "  Nguyễn   Văn\u0301 An ", "date_of_birth": None},
        {"date_of_birth": D(2000, 5, 10), "joined_on": D(2015, 5, 10)},
        {"party_probationary_on": D(2017, 1, 1)},
        {"party_full_on": D(2022, 1, 1)},
        {"dues_category": "abc", "status": "nowhere"},
        {"is_honorary": True, "joined_on": D(2000, 5, 11)},
    ],
)
def test_the_importers_check_of_plain_values_finds_what_the_members_own_check_finds(tree, changes):
    # The file importer checks 100,000 rows without building a Member each: the same rules, the same words.
    values = {"unit": tree.branch_a1, **member_data(**changes)}
    member = Member(**values)
    expected = member_validate(member, check_unique=False)
    assert values_validate(Member, values) == expected
    normalised = {f: getattr(member, f) for f in values if f != "unit"}
    assert {f: values[f] for f in normalised} == normalised


def test_the_importers_check_of_plain_values_needs_a_unit(db):
    values = member_data()
    assert ("unit", "Hãy chọn chi đoàn của đoàn viên.") in values_validate(Member, values)


def test_the_importers_check_of_plain_values_checks_a_missing_field_at_its_default(tree):
    values = {"unit": tree.branch_a1, **member_data()}
    del values["full_name"], values["date_of_birth"]
    expected = member_validate(Member(**values), check_unique=False)
    assert ("full_name", "Hãy nhập họ và tên.") in expected
    assert values_validate(Member, values) == expected


def test_the_importers_check_gives_a_value_that_repeats_the_same_answer_on_every_row(tree):
    # Each field's reading of a value is kept for the rows that repeat it: the same errors, the same
    # normalised text, row after row.
    for _row in range(3):
        values = {"unit": tree.branch_a1, **member_data(phone="0912.345", full_name="  Trần   Thị  Bé ")}
        assert values_validate(Member, values) == [
            (
                "phone",
                "Số điện thoại không đúng dạng: 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678) hoặc +84 và 9 "
                "chữ số.",
            )
        ]
        assert (values["phone"], values["full_name"]) == ("0912345", "Trần Thị Bé")


def test_the_importers_check_still_finds_errors_once_it_keeps_no_more_values(tree, monkeypatch):
    from doanvu.members import validation

    monkeypatch.setattr(validation, "OUTCOMES_KEPT", 4)
    for number in range(12):
        values = {"unit": tree.branch_a1, **member_data(citizen_id=f"0790950012{number:02d}")}
        assert values_validate(Member, values) == []
    bad = {"unit": tree.branch_a1, **member_data(citizen_id="07909500123")}
    assert values_validate(Member, bad) == [("citizen_id", "Số CCCD phải gồm đúng 12 chữ số.")]


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("citizen_id", ["079200000001", "079200000002"]),
        ("citizen_id", ["079200000001", "07920000002"]),
        ("citizen_id", ["079200000001", "0792000000012"]),
        ("citizen_id", ["079200000001", "079200000002\n"]),
        ("citizen_id", ["079200000001", " 079200000002"]),
        ("citizen_id", ["079200000001", "٠٧٩٢٠٠٠٠٠٠٠٦"]),
        ("phone", ["0912345678", "+84912345678"]),
        ("phone", ["0912345678", "+8491234567"]),
        ("phone", ["0912345678", "1912345678"]),
        ("phone", ["0912345678", "0912 345 678"]),
        ("phone", ["0912345678", "0912345678\n"]),
        ("full_name", ["Nguyễn Văn An", "Lê Thị Bình"]),
        ("full_name", ["Nguyễn Văn An", "Lê  Thị Bình"]),
        ("full_name", ["Nguyễn Văn An", "Lê Thị\u00a0Bình"]),
        ("full_name", ["Nguyễn Văn An", "x" * 121]),
    ],
)
def test_a_column_passes_the_importers_check_at_once_exactly_when_each_value_passes_it_unchanged(
    field, values
):
    # The importer checks a column of 100,000 IDs or phones at once: never letting through a value that
    # checked on its own would be refused or changed.
    check = value_check(Member, NAMES, field)
    each = all(check(value) == (value, ()) for value in values)
    assert values_pass(Member, field, values) == each


@pytest.mark.parametrize(
    "pattern", [r"^a.b$", r"^a|b$", r"^[0-9]$", r"^\D$", r"^(?=a)a$", r"^a\b$", r"^(a)\1$"]
)
def test_a_field_pattern_that_could_match_across_values_is_never_matched_on_a_whole_column(pattern):
    from doanvu.members.validation_bulk import _joined_pattern

    assert _joined_pattern(pattern, 32, True) is None
