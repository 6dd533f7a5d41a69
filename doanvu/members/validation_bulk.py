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
_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")


def _edge_space(joined: str) -> bool:
    """Does a value of these (joined by NUL) start or end with white space? (Most hold none at all.)"""
    return _SPACE.search(joined) is not None and _EDGE_SPACE.search(joined) is not None


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
        if vntext.clean(joined) != joined:
            return False
    elif attname == "phone":
        if _PHONE_PUNCTUATION.search(joined) or _edge_space(joined):
            return False
    elif attname in NORMALISED_FIELDS and (attname != "citizen_id" or _edge_space(joined)):
        return False
    for validator in f.validators:
        limit = getattr(validator, "limit_value", None)
        if type(validator) is RegexValidator:
            matches = map(validator.regex.search, values)
            if any(matches) if validator.inverse_match else not all(matches):
                return False
        elif type(validator) is MaxLengthValidator and isinstance(limit, int):
            if max(map(len, values)) > limit:
                return False
        elif type(validator) is MinLengthValidator and isinstance(limit, int):
            if min(map(len, values)) < limit:
                return False
        else:
            return False
    return True
