"""What text the system accepts (doanvu.lib.cleantext): NFC, and no character a reader cannot see."""

import unicodedata

import pytest

from doanvu.lib import cleantext
from doanvu.lib.cleantext import UncleanText

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")


def refusal(text: str, **options) -> str:
    with pytest.raises(UncleanText) as error:
        cleantext.clean(text, **options)
    return str(error.value)


def test_a_name_typed_decomposed_is_stored_composed():
    assert NFD_NAME != "Nguyễn Thị Hòa"
    assert cleantext.clean(NFD_NAME) == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", cleantext.clean(NFD_NAME))


def test_plain_text_and_vietnamese_letters_pass_unchanged():
    for text in ("Chi đoàn A1", "Đặng Thị Ánh Tuyết", "a@b.vn", "12/03/2024", "“ngoặc kép” – gạch"):
        assert cleantext.clean(text) == text


def test_a_nul_byte_is_refused_naming_the_field_the_character_and_its_position():
    assert refusal("An\x00h", field="Họ và tên") == (
        "Trường «Họ và tên» chứa ký tự điều khiển vô hình (U+0000) ở vị trí 3; hãy gõ lại."
    )


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f"])
def test_every_c0_and_c1_control_character_is_refused(char):
    assert f"(U+{ord(char):04X}) ở vị trí 2" in refusal(f"A{char}B", field="Tên")


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_every_bidirectional_control_is_refused(char):
    message = refusal(f"Nguy{char}en", field="Họ và tên")
    assert message == (
        f"Trường «Họ và tên» chứa ký tự đảo hướng chữ vô hình (U+{ord(char):04X}) ở vị trí 5; hãy gõ lại."
    )


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_every_zero_width_character_is_refused(char):
    message = refusal(f"{char}An", field="Tên")
    assert (
        message
        == f"Trường «Tên» chứa ký tự vô hình không có độ rộng (U+{ord(char):04X}) ở vị trí 1; hãy gõ lại."
    )


def test_the_position_counts_composed_letters_as_one():
    assert "ở vị trí 8" in refusal(unicodedata.normalize("NFD", "Nguyễn ") + "\u202eA")


def test_a_one_line_field_refuses_a_line_break_and_turns_a_tab_into_a_space():
    assert cleantext.clean("Nguyễn\tAn") == "Nguyễn An"
    assert refusal("Dòng 1\nDòng 2", field="Tên") == (
        "Trường «Tên» chứa dấu xuống dòng (U+000A) ở vị trí 7; trường này chỉ nhận một dòng."
    )
    assert "U+2028" in refusal("a\u2028b")


def test_a_multi_line_field_keeps_line_breaks_and_tabs_but_not_invisible_characters():
    text = "Ưu điểm:\r\n\t- đi đầu\n- gương mẫu"
    assert cleantext.clean(text, multiline=True) == text
    assert "U+202E" in refusal("Ưu điểm\n\u202e", multiline=True)


def test_a_message_without_a_field_still_says_what_and_where():
    assert refusal("A\u200bB") == "Chứa ký tự vô hình không có độ rộng (U+200B) ở vị trí 2; hãy gõ lại."


def test_stripping_an_imported_cell_removes_invisible_characters_and_says_which_and_where():
    text, removed = cleantext.scrub("\ufeffNguy\u200be\u0302\u0303n\x00 An\u202e")
    assert text == "Nguyễn An"
    assert [(item.code, item.position) for item in removed] == [
        ("U+FEFF", 1),
        ("U+200B", 6),
        ("U+0000", 9),
        ("U+202E", 13),
    ]
    assert cleantext.stripped_message(removed) == (
        "Đã bỏ ký tự vô hình không có độ rộng (U+FEFF) ở vị trí 1; ký tự vô hình không có độ rộng (U+200B) ở "
        "vị trí 6; ký tự điều khiển vô hình (U+0000) ở vị trí 9 và 1 ký tự khác."
    )


def test_stripping_keeps_line_breaks_and_tabs_of_a_cell():
    assert cleantext.scrub("a\n\tb") == ("a\n\tb", [])


def test_the_list_of_refused_characters_is_what_the_search_finds():
    found = {chr(code) for code in range(0x110000) if cleantext.SUSPECT.fullmatch(chr(code))}
    assert found == set(cleantext.SUSPECT_CHARS)
