import unicodedata

import pytest

from doanvu.lib import legacy

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Lê Hoàng Ánh",
    "Đặng Thị Ánh",
    "Phạm Quốc Việt",
    "Huỳnh Ngọc Ẩn",
    "Võ Thị Ưng",
    "Dương Thị Yến",
    "Lý Thị Ỷ Lan",
    "Nguyễn Thị Xuân Hương",
    "Trương Minh Thuở",
    "Bùi Đức Khuyến",
    "Hồ Thị Uyên",
    "Đỗ Hữu Trường",
    "Ngô Thanh Quyên",
]


@pytest.mark.parametrize(
    ("legacy_text", "encoding", "unicode_text"),
    [
        ("NguyÔn V¨n An", "tcvn3", "Nguyễn Văn An"),
        ("Tr\xadêng", "tcvn3", "Trường"),
        ("§oµn TNCS Hå ChÝ Minh", "tcvn3", "Đoàn TNCS Hồ Chí Minh"),
        ("Trµ Vinh", "tcvn3", "Trà Vinh"),
        ("Kh«ng", "tcvn3", "Không"),
        ("Nguyeãn Vaên An", "vni", "Nguyễn Văn An"),
        ("Tröôøng Ñaïi Hoïc Traø Vinh", "vni", "Trường Đại Học Trà Vinh"),
        ("Coâng nhaân", "vni", "Công nhân"),
        ("Phaät giaùo", "vni", "Phật giáo"),
    ],
)
def test_legacy_text_is_recognised_and_converted_to_unicode_nfc(legacy_text, encoding, unicode_text):
    assert legacy.detect(legacy_text) == encoding
    converted, found = legacy.convert_if_legacy(legacy_text)
    assert (converted, found) == (unicode_text, encoding)
    assert unicodedata.is_normalized("NFC", converted)


def test_capitals_typed_with_a_vnxxxh_font_come_back_in_capitals():
    assert legacy.to_unicode("NGUYÔN V¡N AN", "tcvn3") == "NGUYỄN VĂN AN"
    # A name's first letter with a tone has no capital code in TCVN3: its Capitalised siblings tell.
    assert legacy.to_unicode("§Æng ThÞ ¸nh", "tcvn3") == "Đặng Thị Ánh"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn An",
        "Bùi Thị Ánh",
        "Hà Tú Mì",
        "Phật giáo Hòa Hảo",
        "Ấp Tân Hòa, xã Tân An",
        "Hello world",
        "Café au lait",
        "José Müller",
        "naïve résumé",
        "São Paulo",
        "Zürich",
        "12/12",
        "Côte d'Ivoire",
        "",
        "Kinh",
    ],
)
def test_unicode_english_and_other_latin_text_is_left_alone(text):
    assert legacy.detect(text) == "unicode"
    assert legacy.convert_if_legacy(text) == (text, None)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_names_survive_a_round_trip_through_each_legacy_encoding(encoding):
    for name in NAMES:
        typed = legacy.from_unicode(name, encoding)
        assert typed != name
        assert legacy.detect(typed) == encoding, typed
        assert legacy.to_unicode(typed, encoding) == name


def test_text_that_reads_both_ways_follows_the_encoding_seen_elsewhere_in_the_file():
    # "Vò" is a Vietnamese syllable too; alone the cell stays as it is, in a TCVN3 file it is "Vũ".
    typed = legacy.from_unicode("Vũ Minh An", "tcvn3")
    assert legacy.detect(typed) == "unicode"
    assert legacy.detect(typed, hint="tcvn3") == "tcvn3"
    # A hint never turns real Unicode into mojibake.
    assert legacy.detect("Hà Tú", hint="tcvn3") == "unicode"
    assert legacy.detect("Bùi Thị Ánh", hint="vni") == "unicode"


@pytest.mark.parametrize(
    "texts",
    [
        NAMES,
        [*NAMES, "Huyện Càng Long, tỉnh Trà Vinh", "Café au lait", "José Müller", "Kinh"],
        [*NAMES, legacy.from_unicode("Nguyễn Văn An", "tcvn3")],
        [legacy.from_unicode("Trường Đại Học Trà Vinh", "vni")],
        ["Vò Minh An", "Lâm Thanh Bình"],
        ["Zürich", "São Paulo\nRio"],
        [],
    ],
)
def test_texts_are_all_unicode_exactly_when_each_one_is(texts):
    assert legacy.all_unicode(texts) == all(legacy.detect(text) == "unicode" for text in texts)
