"""Text as it enters the system: one form (NFC), and no invisible characters that hide what a text says or
break the files made from it. The policy is in docs/architecture.md, "Clean text".

- `clean(text, multiline=, field=)` — for what a person types (forms, the API): NFC; in a one-line field a
  tab becomes a space; any control character (C0, C1, a line break in a one-line field), bidirectional
  control or zero-width character is refused with `UncleanText`, whose message names the field, the
  character and its position.
- `scrub(text)` — for cells of an imported file: NFC, the same characters removed (line breaks and tabs
  kept: the importers fold them); returns what was removed so that the preview can say where.

Pure, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CONTROL = "control"
LINE_BREAK = "line break"
BIDI = "bidi"
ZERO_WIDTH = "zero width"

_LINE_BREAKS = "\n\r\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Every character refused somewhere; a text without any of them (the usual case) is checked by one search.
SUSPECT = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_ZERO_WIDTH}\u2028\u2029]")
SUSPECT_CHARS = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) + _BIDI + _ZERO_WIDTH + "\u2028\u2029"

_KIND_WORDS = {
    CONTROL: "ký tự điều khiển vô hình",
    LINE_BREAK: "dấu xuống dòng",
    BIDI: "ký tự đảo hướng chữ vô hình",
    ZERO_WIDTH: "ký tự vô hình không có độ rộng",
}


def kind_of(char: str, *, multiline: bool = False) -> str | None:
    """Why a character is not accepted (CONTROL, LINE_BREAK, BIDI, ZERO_WIDTH), or None if it is.
    A tab is accepted everywhere (in a one-line field clean() turns it into a space)."""
    if char == "\t":
        return None
    if char in _LINE_BREAKS:
        return None if multiline else LINE_BREAK
    if char in _BIDI:
        return BIDI
    if char in _ZERO_WIDTH:
        return ZERO_WIDTH
    if unicodedata.category(char) == "Cc":
        return CONTROL
    return None


@dataclass(frozen=True)
class Invisible:
    """A character that is not accepted, at its position (1 = the first character of the NFC text)."""

    char: str
    position: int
    kind: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self) -> str:
        """ "ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5"."""
        return f"{_KIND_WORDS[self.kind]} ({self.code}) ở vị trí {self.position}"


class UncleanText(ValueError):
    """A typed text holds a character that is not accepted; str() is the Vietnamese message."""

    def __init__(self, found: Invisible, field: str = ""):
        self.found = found
        self.field = field
        super().__init__(message(found, field))


def message(found: Invisible, field: str = "") -> str:
    """ "Trường «Họ và tên» chứa ký tự đảo hướng chữ vô hình (U+202E) ở vị trí 5; hãy gõ lại." """
    subject = f"Trường «{field}» chứa" if field else "Chứa"
    if found.kind == LINE_BREAK:
        return f"{subject} {found.describe()}; trường này chỉ nhận một dòng."
    return f"{subject} {found.describe()}; hãy gõ lại."


def find(text: str, *, multiline: bool = False) -> list[Invisible]:
    """Every character of `text` (taken as it is, not normalised) that is not accepted."""
    if not SUSPECT.search(text):
        return []
    found = []
    for index, char in enumerate(text, start=1):
        kind = kind_of(char, multiline=multiline)
        if kind is not None:
            found.append(Invisible(char, index, kind))
    return found


def _nfc(text: str) -> str:
    return (
        text
        if text.isascii() or unicodedata.is_normalized("NFC", text)
        else unicodedata.normalize("NFC", text)
    )


def clean(text: str, *, multiline: bool = False, field: str = "") -> str:
    """`text` in NFC, tabs turned into spaces unless multi-line; UncleanText at the first character that is
    not accepted."""
    text = _nfc(text)
    if not multiline and "\t" in text:
        text = text.replace("\t", " ")
    found = find(text, multiline=multiline)
    if found:
        raise UncleanText(found[0], field)
    return text


def scrub(text: str) -> tuple[str, list[Invisible]]:
    """(`text` in NFC without the characters that are not accepted in a multi-line field, what was
    removed). For cells of imported files, where a stray character should not cost the officer the row."""
    text = _nfc(text)
    found = find(text, multiline=True)
    if not found:
        return text, []
    removed = {item.position for item in found}
    kept = "".join(char for index, char in enumerate(text, start=1) if index not in removed)
    return kept, found


def stripped_message(found: list[Invisible]) -> str:
    """The warning for an imported cell: "Đã bỏ ký tự vô hình không có độ rộng (U+200B) ở vị trí 4."."""
    shown = "; ".join(item.describe() for item in found[:3])
    more = f" và {len(found) - 3} ký tự khác" if len(found) > 3 else ""
    return f"Đã bỏ {shown}{more}."
