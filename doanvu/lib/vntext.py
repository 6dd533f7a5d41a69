"""Vietnamese text: normalisation, search folding and the order officers sort names in.

Pure functions, no Django.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Tone marks (dấu thanh) in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
# Marks that make another letter (ă, â, ê, ô, ơ, ư).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"

# Vietnamese alphabetical order; f, j, w, z for foreign names, then digits.
ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_RANK = {letter: i for i, letter in enumerate(ALPHABET)}


def clean(text: str | None) -> str:
    """NFC, trimmed, inner white space folded to single spaces. The same name typed two ways is one."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


# White space but the plain space: what str.isspace (and \s) finds besides " ".
_OTHER_SPACE = re.compile(r"[\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def is_clean(text: str) -> bool:
    """Is clean(text) the text itself? Said without making the cleaned text: NFC, and no white space but
    single spaces between words."""
    return (
        not text[:1].isspace()
        and not text[-1:].isspace()
        and "  " not in text
        and _OTHER_SPACE.search(text) is None
        and unicodedata.is_normalized("NFC", text)
    )


def fold(text: str | None) -> str:
    """Lower case without diacritics: "Nguyễn Văn Ấn" → "nguyen van an". For search."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold_many(texts: list[str]) -> list[str]:
    """`fold` of many texts already clean (NFC, single spaces, as names are stored), done on them all at
    once: what a search over many names calls once per batch."""
    joined = unicodedata.normalize("NFD", "\n".join(t.replace("\n", " ") for t in texts).lower())
    return _COMBINING.sub("", joined).replace("đ", "d").split("\n")


def _letters(word: str) -> list[tuple[str, int]]:
    """Split a word into (letter, tone) pairs, with ă/â/ê/ô/ơ/ư/đ as letters of their own."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch])
            elif ch in (_BREVE, _CIRCUMFLEX, _HORN):
                out[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            continue
        out.append((ch, 1))
    return out


def _code(letter: str) -> str:
    """Two upper-case ASCII letters per letter, so byte order = Vietnamese order on every database."""
    if letter in _RANK:
        rank = _RANK[letter] + 10
    elif letter.isdigit():
        rank = int(letter)
    else:
        rank = 60 + (ord(letter) % 600)
    return chr(65 + rank // 26) + chr(65 + rank % 26)


def name_sort_key(full_name: str) -> str:
    """The key officers sort member lists by: given name (last word), then family and middle names,
    in Vietnamese alphabetical order, tones breaking ties last.

    Only ASCII upper-case letters and digits, so any database collation orders it the same way.
    """
    words = [w for w in clean(full_name).split(" ") if w]
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primary, tones = [], []
    for word in ordered:
        pairs = _letters(word)
        primary.append("".join(_code(letter) for letter, _tone in pairs if letter.isalnum()))
        tones.append("".join(str(tone) for _letter, tone in pairs if _letter.isalnum()))
    # "0" ends a word: it sorts before any letter code, so "An" comes before "Anh".
    return ("0".join(primary) + "0" + "0".join(tones))[:400]


def search_key(full_name: str | None) -> str:
    """The name as search reads it: folded words between spaces, " nguyen van an ", so that " an" finds a
    word that starts with "an" and " an " a whole word, never "an" inside "van". See docs/domain.md,
    "Finding a member"."""
    folded = fold(full_name)
    return f" {folded} " if folded else ""


def query_words(query: str | None) -> list[str]:
    """The words of a name query, folded, each kept once, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))


def name_match_rank(words: list[str], key: str) -> int | None:
    """How well a name (its `search_key`) answers the query `words`: None when some word starts no word of
    the name; else the number of words found only as the start of a longer word (0: all whole words).
    Lower ranks come first."""
    rank = 0
    for word in words:
        if f" {word} " in key:
            continue
        if f" {word}" not in key:
            return None
        rank += 1
    return rank
