"""validation.py's checks on many values at once, for the file importer's columns (import_columns.py): one
field's check alone, kept per distinct value as values_validate keeps it, and whether a set of values all
pass it unchanged, said in a few passes in C where the field's normalising and validators allow it."""

from __future__ import annotations

import datetime
import functools
import re

from django.core.validators import MaxLengthValidator, MinLengthValidator, RegexValidator
from django.db.models import CharField, DateField, Model

from doanvu.lib import vntext

from .validation import (
    _PHONE_PUNCTUATION,
    NORMALISED_FIELDS,
    OUTCOMES_KEPT,
    TEXT_FIELDS,
    _normal_outcome,
    _values_plan,
)


def value_check(model: type[Model], names: frozenset, attname: str):
    """values_validate's check of one plain field alone, for a file's column (import_columns.py): a function
    value → (the value as stored, its errors), kept per distinct value as values_validate keeps them; None
    when values_validate does not look at the field for records given `names`."""
    entry = next((entry for entry in _values_plan(model, names) if entry[1] == attname), None)
    if entry is not None and not entry[3] and entry[0] is not None:
        raise ValueError(f"{attname} is a relation: its check needs the record")
    return None if entry is None else functools.partial(_kept_outcome, entry)


def _kept_outcome(entry: tuple, raw_value) -> tuple:
    f, name, blank, plain, normalise, kept = entry
    key = (type(raw_value), raw_value)
    found = kept.get(key) if kept is not None else None
    if found is None:
        found = _normal_outcome(f, name, blank, plain, normalise, raw_value, None)
        if kept is not None and len(kept) < OUTCOMES_KEPT:
            kept[key] = found
    return found


_SPACE = re.compile(r"\s")
# What a validator's pattern may hold for values_pass to match it once on values joined by NUL: nothing that
# can match NUL or depends on what surrounds a value (no ".", no classes, no anchors or lookarounds) — digits
# (\d), ASCII letters, digits and escaped punctuation, groups, alternatives, repeats.
_PATTERN_TOKEN = re.compile(r"\\d|\\[!-/:-@\[-`{-~]|[0-9A-Za-z]|\(\?:|[()|?*+{},]")
_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")


@functools.cache
def _joined_pattern(pattern: str, flags: int, ascii_only: bool) -> re.Pattern | None:
    """For a validator's pattern ^X$ whose X matches no NUL and has no anchor of its own (_PATTERN_TOKEN),
    the pattern X(NUL X)*: texts joined by NUL match it whole only if every one of them matches ^X$. None
    for any other pattern. `ascii_only`: for ASCII text, on which \\d and the letters read the same in ASCII."""
    if flags & ~re.UNICODE or len(pattern) < 2 or pattern[0] != "^" or pattern[-1] != "$":
        return None
    body = pattern[1:-1]
    tokens = _PATTERN_TOKEN.findall(body)
    if "".join(tokens) != body:
        return None
    parts, depth = [], 0
    for at, token in enumerate(tokens):
        if token == "(" and at + 1 < len(tokens) and tokens[at + 1] == "?":
            return None  # (?i), (?P…): not a plain group
        if token in ("(", "(?:"):
            depth += 1
            token = "(?:"  # no capture: nothing refers back
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0:
            return None  # ^a|b$ is (^a)|(b$), not ^(a|b)$
        if depth < 0:
            return None
        parts.append(token)
    if depth:
        return None
    one = "".join(parts)
    try:
        return re.compile(f"(?:{one})(?:\x00(?:{one}))*", re.ASCII if ascii_only else flags)
    except re.error:
        return None


_ASCII_SPACE = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # the ASCII characters \s finds (str.isspace)


def _holds(joined: str, characters: re.Pattern, ascii_members: bytes) -> bool:
    """Does the text hold one of `characters` (a class)? Text in ASCII is looked at as bytes, in one pass
    that deletes the class's ASCII members (`ascii_members`)."""
    if joined.isascii():
        data = joined.encode("ascii")
        return len(data.translate(None, ascii_members)) != len(data)
    return characters.search(joined) is not None


def _edge_space(joined: str) -> bool:
    """Does a value of these (joined by NUL) start or end with white space? (Most hold none at all.)"""
    return _holds(joined, _SPACE, _ASCII_SPACE) and _EDGE_SPACE.search(joined) is not None


def _lengths(values, joined: str) -> tuple[int, int]:
    """(shortest, longest) length of the values, joined by NUL in `joined` (none holds NUL): said from the
    joined text alone, a NUL after every so many characters, when they are all as long as one of them."""
    length, count = len(next(iter(values))), len(values)
    if len(joined) == (length + 1) * count - 1 and joined[length :: length + 1] == "\x00" * (count - 1):
        return length, length
    return min(map(len, values)), max(map(len, values))


def values_pass(model: type[Model], attname: str, values, joined: str | None = None) -> bool:
    """Does values_validate's check of the field leave every one of these values (none empty, none with
    NUL) as it is, with no error? Said of all at once where it can be (normalising, patterns, lengths: on
    the values joined by NUL, which no normalising crosses), else False: they are then checked one by one.
    `joined`: the values joined by NUL, from a caller that has found them all texts, none empty or with NUL."""
    f = model._meta.get_field(attname)
    if not values or f.choices or f.validators and type(f) is not CharField:
        return False
    if type(f) is DateField:
        return set(map(type, values)) == {datetime.date}
    if type(f) is not CharField:
        return False
    if joined is None:
        if set(map(type, values)) != {str} or "" in values:
            return False
        joined = "\x00".join(values)
        if joined.count("\x00") != len(values) - 1:
            return False
    if attname in TEXT_FIELDS:
        if not vntext.is_clean(joined):
            return False
    elif attname == "phone":  # (white space anywhere, at a value's edge included, is punctuation here)
        if _holds(joined, _PHONE_PUNCTUATION, _ASCII_SPACE + b".-()"):
            return False
    elif attname in NORMALISED_FIELDS and (attname != "citizen_id" or _edge_space(joined)):
        return False
    for validator in f.validators:
        limit = getattr(validator, "limit_value", None)
        if type(validator) is RegexValidator:
            regex = validator.regex
            whole = (
                None
                if validator.inverse_match
                else _joined_pattern(regex.pattern, regex.flags, joined.isascii())
            )
            if whole is not None:
                if whole.fullmatch(joined) is None:
                    return False  # (or a value ends with a line break, which $ allows: one by one)
                continue
            matches = map(validator.regex.search, values)
            if any(matches) if validator.inverse_match else not all(matches):
                return False
        elif type(validator) is MaxLengthValidator and isinstance(limit, int):
            if _lengths(values, joined)[1] > limit:
                return False
        elif type(validator) is MinLengthValidator and isinstance(limit, int):
            if _lengths(values, joined)[0] < limit:
                return False
        else:
            return False
    return True
