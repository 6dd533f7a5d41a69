"""Vietnamese text typed in the legacy 8-bit encodings, as it arrives today.

Older offices' spreadsheets were typed in TCVN3 (ABC, the ".Vn…" fonts) or VNI ("VNI-…" fonts). Opened
anywhere else, each byte shows as its Windows-1252 / Latin-1 character: "NguyÔn V¨n An" (TCVN3),
"Nguyeãn Vaên An" (VNI). This module recognises such text and converts it to Unicode NFC.

- TCVN3 is one byte per letter. It has codes for the lower-case letters with every tone but only for
  Ă Â Ê Ô Ơ Ư Đ in upper case: capitals with tones were typed in separate ".VnXxxH" fonts that draw the
  lower-case codes as capitals. So the case of such a letter is guessed from its word (see _fix_case).
- VNI writes a base letter followed by one byte for its marks ("e" + "ã" = "ễ"), except đ, ơ, ư and the
  i's with tones, which are single bytes.

Pure functions, no Django.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

UNICODE, TCVN3, VNI = "unicode", "tcvn3", "vni"
NAMES = {TCVN3: "TCVN3", VNI: "VNI"}

# --- TCVN3 (TCVN 5712:1993, VN3) -------------------------------------------------------------------

_TCVN3_PAIRS = (
    # Upper-case letters that have a code of their own.
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ "
    # Lower-case letters without tone, then each vowel with its five tones (huyền, hỏi, ngã, sắc, nặng).
    "¨ă ©â ªê «ô ¬ơ \xadư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ "
    "»ằ ¼ẳ ½ẵ ¾ắ Æặ "
    "Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ "
    "Òề Óể Ôễ Õế Öệ "
    "×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ "
    "åồ æổ çỗ èố éộ "
    "êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ "
    "õừ öử ÷ữ øứ ùự "
    "úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TO_UNICODE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}
_UNICODE_TO_TCVN3: dict[str, str] = {uni: code for code, uni in TCVN3_TO_UNICODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
# Codes of toned vowels: lower case in the table, but typed as capitals too (in a ".VnXxxH" font).
_TCVN3_TONED = {
    code
    for code, uni in TCVN3_TO_UNICODE.items()
    if uni.islower()
    and set(unicodedata.normalize("NFD", uni)) & {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
}

# --- VNI (VNI Windows) -----------------------------------------------------------------------------

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# The byte after a base letter: (modifier, tone). Lower-case marks go with lower-case letters.
_VNI_MARKS: dict[str, tuple[str, str]] = {
    "â": (_CIRC, ""),
    "á": (_CIRC, _ACUTE),
    "à": (_CIRC, _GRAVE),
    "å": (_CIRC, _HOOK),
    "ã": (_CIRC, _TILDE),
    "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""),
    "é": (_BREVE, _ACUTE),
    "è": (_BREVE, _GRAVE),
    "ú": (_BREVE, _HOOK),
    "ü": (_BREVE, _TILDE),
    "ë": (_BREVE, _DOT),
    "ù": ("", _ACUTE),
    "ø": ("", _GRAVE),
    "û": ("", _HOOK),
    "õ": ("", _TILDE),
    "ï": ("", _DOT),
    "î": ("", _DOT),  # only after y: "yî" = ỵ
}
_VNI_MARKS.update({mark.upper(): value for mark, value in list(_VNI_MARKS.items())})
# Single bytes: đ, ơ, ư and i with a tone.
_VNI_SINGLE = {
    "ñ": "đ",
    "Ñ": "Đ",
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ì": "ì",
    "Ì": "Ì",
    "í": "í",
    "Í": "Í",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "ò": "ị",
    "Ò": "Ị",
}
_TONED = {"a", "e", "o", "u", "y", "ơ", "ư"}  # letters a tone byte may follow (after folding case)


def _vni_combine(base: str, mark: str) -> str | None:
    """The letter `base` + VNI mark byte makes, or None when they do not belong together."""
    modifier, tone = _VNI_MARKS[mark]
    lower = base.lower()
    if mark.isupper() != base.isupper():
        return None
    if mark in "îÎ" and lower != "y":
        return None
    if modifier == _BREVE and lower != "a":
        return None
    if modifier == _CIRC and lower not in ("a", "e", "o"):
        return None
    if not modifier and lower not in _TONED:
        return None
    return unicodedata.normalize("NFC", base + modifier + tone)


def _vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        base = _VNI_SINGLE.get(ch, ch)
        if i + 1 < n and text[i + 1] in _VNI_MARKS and (ch in "aeouyAEOUY" or ch in "ôöÔÖ"):
            combined = _vni_combine(base, text[i + 1])
            if combined is not None:
                out.append(combined)
                i += 2
                continue
        out.append(base)
        i += 1
    return "".join(out)


def _fits(text: str, encoding: str) -> bool:
    """Could `text` have been typed in `encoding`? Every non-ASCII letter must be one of its codes (for
    VNI: a mark byte right after a letter it can mark, or a single-byte letter)."""
    if encoding == TCVN3:
        return all(ch.isascii() or ch in TCVN3_TO_UNICODE or not ch.isalpha() for ch in text)
    previous = ""
    for ch in text:
        if ch in _VNI_MARKS:
            if not previous or _vni_combine(_VNI_SINGLE.get(previous, previous), ch) is None:
                return False
        elif not (ch.isascii() or ch in _VNI_SINGLE or not ch.isalpha()):
            return False
        previous = ch
    return True


def _build_unicode_to_vni() -> dict[str, str]:
    table = {uni: code for code, uni in _VNI_SINGLE.items()}
    for base in "aeouyAEOUYôöÔÖ":
        for mark in _VNI_MARKS:
            if mark in "îÎ":
                continue
            combined = _vni_combine(_VNI_SINGLE.get(base, base), mark)
            if combined is not None:
                table.setdefault(combined, base + mark)
    for base, mark in (("y", "î"), ("Y", "Î")):
        table[_vni_combine(base, mark)] = base + mark
    return table


_UNICODE_TO_VNI = _build_unicode_to_vni()

# --- Recognising Vietnamese words ------------------------------------------------------------------

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
# Vowel groups, by whether a final consonant may (or must, or must not) follow.
_OPEN = "iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ưa|ui|ưi|ưu|y"
_CLOSED = "uyê|iê|yê|uô|ươ|oo|oă|uâ|ă|â"
_EITHER = "oa|oe|uê|uy|uơ|a|e|ê|i|o|ô|ơ|u|ư"
_FINALS = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(
    rf"^(?:{_INITIALS})?(?:(?:{_OPEN})|(?:{_CLOSED})(?:{_FINALS})|(?:{_EITHER})(?:{_FINALS})?)$"
)
_TONE_MARKS = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_MODIFIERS = {_CIRC, _BREVE, _HORN}
_STRIP = " \t\r\n.,;:!?()[]{}\"'/-–—_*+=<>|0123456789"
# Windows-1252 characters beyond Latin-1: they appear when legacy bytes are read as Windows-1252, so
# they do not prove the text is Unicode; anything else beyond Latin-1 (ă, đ, ơ, ư, ạ…) does.
_WINDOWS_1252_EXTRAS = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


@functools.lru_cache(maxsize=65536)  # names and places repeat their words: each judged once
def _is_vietnamese_word(word: str) -> bool:
    """A plausible Vietnamese syllable in Unicode: letters only, Vietnamese marks only, one tone at most,
    a valid spelling, and a sane case pattern (lower, Capitalised or UPPER)."""
    if not word.isalpha():
        return False
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    tones = 0
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_MARKS:
            tones += 1
        elif ch in _MODIFIERS and letters:
            letters[-1] += ch
        elif unicodedata.combining(ch) or not ch.isascii() and ch != "đ":
            return False
        else:
            letters.append(ch)
    if tones > 1:
        return False
    return bool(_SYLLABLE.match(unicodedata.normalize("NFC", "".join(letters))))


_SEPARATORS = re.compile(r"[\s,;:|()\[\]{}\"/]+")


def _words(text: str) -> list[str]:
    out = []
    for raw in _SEPARATORS.split(text):
        word = raw.strip(_STRIP)
        if word and not word.isascii():
            out.append(word)
    return out


def _score(words: list[str]) -> int:
    return sum(1 for word in words if _is_vietnamese_word(word))


# A character beyond Latin-1 that is not one of Windows-1252's extras: no legacy byte shows it.
SURELY_UNICODE = re.compile("[^\x00-\xff" + re.escape("".join(sorted(_WINDOWS_1252_EXTRAS))) + "]")


def surely_unicode(text: str) -> bool:
    """Does the text hold letters no legacy byte can show (ă, đ, ơ, ư, ạ, ễ…)? Then it is Unicode."""
    return SURELY_UNICODE.search(text) is not None


def detect(text: str | None, hint: str | None = None) -> str:
    """ "unicode", "tcvn3" or "vni". Conservative: ASCII, proper Unicode Vietnamese, English, French and
    the like stay "unicode"; a legacy encoding is named only when it turns most words that look wrong
    into real Vietnamese syllables.

    `hint` is the legacy encoding already seen elsewhere in the same file (a file is typed in one
    encoding): text that reads as Vietnamese both ways ("Vò Minh An" is "Vũ Minh An" in TCVN3) is then
    taken to be in it. Give no hint for a file that also holds Unicode text ("Lâm Thanh Bình" would read
    "Lõm Thanh Bỡnh" in TCVN3): see surely_unicode."""
    if not text or text.isascii() or surely_unicode(text):
        return UNICODE
    if hint in (TCVN3, VNI) and _fits(text, hint):
        converted = _words(to_unicode(text, hint))
        if converted and _score(converted) == len(converted):
            return hint
    words = _words(text)
    if not words:
        return UNICODE
    as_is = _score(words)
    if as_is == len(words):
        return UNICODE
    tcvn3 = _score(_words(to_unicode(text, TCVN3))) if _fits(text, TCVN3) else -1
    vni = _score(_words(to_unicode(text, VNI))) if _fits(text, VNI) else -1
    # A tie ("Leâ" is "Lê" in VNI and a rare "Leõ" in TCVN3) goes to VNI: TCVN3 text seldom has every
    # non-ASCII character right after a letter it could mark.
    if vni >= tcvn3:
        best, best_score = VNI, vni
    else:
        best, best_score = TCVN3, tcvn3
    if best_score <= as_is:
        return UNICODE
    # Most of the words must come out right, and clearly more than as they stand.
    if best != UNICODE and best_score * 4 >= len(words) * 3:
        return best
    return UNICODE


def all_unicode(texts: Iterable[str]) -> bool:
    """Is detect(text) "unicode" for every one of these texts? Said at once when every word of them that is
    not ASCII reads as a Vietnamese syllable (each distinct word judged once): detect then takes each text as
    it stands. Else text by text."""
    texts = list(texts)
    # White space (what str.split and the \s of _SEPARATORS take) separates words; a line break, texts.
    pieces = {piece for token in set("\n".join(texts).split()) for piece in _SEPARATORS.split(token)}
    words = {word for word in (piece.strip(_STRIP) for piece in pieces) if word and not word.isascii()}
    return all(map(_is_vietnamese_word, words)) or all(detect(text) == UNICODE for text in texts)


def _fix_case(original: str, converted: str) -> str:
    """TCVN3 has no codes for capitals with tones, so ".VnTimeH" text comes out in lower case. Restore
    upper case for words typed in capitals, and the capital of a word starting with a toned vowel when
    the other words of the text are Capitalised (names: "§Æng ThÞ ¸nh" → "Đặng Thị Ánh")."""
    orig_words = original.split(" ")
    conv_words = converted.split(" ")
    if len(orig_words) != len(conv_words):
        return converted
    known = [
        c
        for o, c in zip(orig_words, conv_words, strict=True)
        if o and c[:1].isalpha() and o[0] not in _TCVN3_TONED
    ]
    title_case = len(known) >= 2 and all(c[0].isupper() for c in known)
    out = []
    for orig, conv in zip(orig_words, conv_words, strict=True):
        ascii_letters = [ch for ch in orig if ch.isascii() and ch.isalpha()]
        if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
            conv = conv.upper()
        elif title_case and orig and orig[0] in _TCVN3_TONED:
            conv = conv[0].upper() + conv[1:]
        out.append(conv)
    return " ".join(out)


def to_unicode(text: str, encoding: str) -> str:
    """Convert text read as Windows-1252 characters from `encoding` ("tcvn3" or "vni") to Unicode NFC."""
    if encoding == UNICODE or not text:
        return unicodedata.normalize("NFC", text or "")
    if encoding == TCVN3:
        converted = _fix_case(text, text.translate(_TCVN3_TABLE))
    elif encoding == VNI:
        converted = _vni_to_unicode(text)
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    return unicodedata.normalize("NFC", converted)


def from_unicode(text: str, encoding: str) -> str:
    """The inverse: how `text` looks when typed in `encoding` and read back as Windows-1252.

    Used by tests and the benchmark to make legacy files. TCVN3 has no capitals with tones: they are
    written with the lower-case code, as the ".VnXxxH" fonts did."""
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        table = _UNICODE_TO_TCVN3
        return "".join(table.get(ch) or table.get(ch.lower()) or ch for ch in text)
    if encoding == VNI:
        return "".join(_UNICODE_TO_VNI.get(ch, ch) for ch in text)
    raise ValueError(f"unknown encoding {encoding!r}")


def convert_if_legacy(text: str | None) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was in — or None when it was Unicode already)."""
    if not text:
        return text or "", None
    encoding = detect(text)
    if encoding == UNICODE:
        return text, None
    return to_unicode(text, encoding), encoding
