"""Vietnamese text as stored (doanvu.lib.vntext): whether a text is already as clean() leaves it. No database."""

import sys
import unicodedata

import pytest

from doanvu.lib import vntext

WHITE_SPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Nguyễn Văn An",
        "Huyện Càng Long, tỉnh Trà Vinh",
        " An",
        "An ",
        "Văn  An",
        unicodedata.normalize("NFD", "Nguyễn"),
        "An\x00Bình",
        "An \x00 Bình",
        *(f"Văn{space}An" for space in WHITE_SPACE),
        *(f"{space}An" for space in WHITE_SPACE),
        *(f"An{space}" for space in WHITE_SPACE),
    ],
)
def test_a_text_is_clean_exactly_when_cleaning_leaves_it_as_it_is(text):
    assert vntext.is_clean(text) == (vntext.clean(text) == text)
