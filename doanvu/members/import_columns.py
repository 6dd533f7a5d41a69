"""Member import, column by column: the quick way through a file (docs/architecture.md, "Background jobs",
a fast preview).

Most rows of a real file are right. `screen` finds, column by column, the rows that surely are: each
distinct value of a column is read once by the very readers a row goes through (import_fields.py), and
the values a column gives are checked by values_validate's field checks, all at once where they allow it
(validation.values_pass), else one distinct value at a time; the citizen IDs and phones, different on
every row, are recognised in bulk by their plain form (12 digits; 0 and 9 digits); the dates of each row
are compared as numbers (yyyymmdd) with the admission window and today; IDs repeated in the file are
found with one dictionary, those in use with a query per ten thousand. A row any of this doubts — a value
with an error or a warning, dates the comparison does not settle, a Party date, a repeated or used ID —
goes to the row checker (import_rows.py), which gives its messages as for any row. A file with text in a
legacy encoding, whose reading depends on the rows before, goes through the row checker whole.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import re
from dataclasses import dataclass
from itertools import count
from operator import ge, or_
from types import SimpleNamespace
from typing import Any

from doanvu.lib import legacy, vntext

from .choices import Status
from .import_fields import DATE_KEYS, RowIssues, as_text, read_citizen_id, read_date, read_phone
from .import_files import TEXT_KEYS, Table, gc_paused, tidy
from .import_rows import RowChecker
from .models import Member
from .validation import dues_category_errors, rule
from .validation_bulk import value_check, values_pass

log = logging.getLogger(__name__)

# The values a row gives a Member (import_rows.RowChecker._check).
KEYS = (*TEXT_KEYS, "gender", *DATE_KEYS, "dues_category", "citizen_id", "phone", "email")
NAMES = frozenset((*KEYS, "unit", "status"))
_DEFAULTS = {"ethnicity": "Kinh", "religion": "Không"}  # given to a row without them (RowChecker._check)
_PARTY_KEYS = ("party_probationary_on", "party_full_on")
# The plain forms, which the readers give back as they are, with no warning (read_citizen_id, read_phone):
# (how many ASCII digits, what they start with).
_PLAIN = {"citizen_id": (12, b""), "phone": (10, b"0")}


class _Doubt:
    """Stands for a value the row checker must see."""


DOUBT = _Doubt()


class _Legacy(Exception):
    """Text in a legacy encoding: the file is read row after row."""


class _Outcomes(dict):
    """value → outcome; a value of a type not judged here (a number in a text column…) is DOUBT."""

    def __missing__(self, value):
        return DOUBT


@dataclass
class Screened:
    flagged: list[int]  # indices of the rows the row checker must see, in order
    # key → (outcomes, cells): each row's value as stored (what the rows not flagged become) is
    # outcomes[cell], or the cell itself where outcomes is None
    values: dict[str, tuple[dict | None, list]]

    def row_values(self, index: int) -> dict[str, Any]:
        values = {
            key: cells[index] if outcomes is None else outcomes[cells[index]]
            for key, (outcomes, cells) in self.values.items()
        }
        values["status"] = Status.ACTIVE
        return values


class _Screen:
    def __init__(self, checker: RowChecker, table: Table):
        self.checker, self.table = checker, table
        self.doubts: set[int] = set()
        n = len(table.numbers)
        self.data = {key: table.data.get(key) or [None] * n for key in (*KEYS, "unit_code")}
        self.check = {key: value_check(Member, NAMES, key) for key in KEYS}

    def distinct(self, source: str) -> set:
        """The distinct cells of a column (read-only)."""
        return self.table.distinct(source) if source in self.table.data else {None}

    def judged(
        self, key: str, read, types: tuple = (str,), source: str | None = None, known: dict | None = None
    ) -> tuple[dict, list]:
        """The column (of `source`, by default `key`) and its cells' values as stored: read(value) → the value
        read or DOUBT once per distinct cell of `types` (or None; any other cell is DOUBT), then the field's
        check of what was read, all at once if values_pass can, else value by value. Rows with a DOUBT are
        noted. `known`: the readings of some of the distinct cells (of `types`), found in bulk."""
        source = source or key
        column, distinct = self.data[source], self.distinct(source)
        read_values = dict(known or {})
        rest = distinct - read_values.keys() if read_values else distinct
        read_values.update({cell: read(tidy(cell)) for cell in rest if cell is None or type(cell) in types})
        outcomes = _Outcomes(read_values)
        check = self.check.get(key)
        if check is not None:
            found = set(read_values.values()) - {DOUBT}
            empty = found & {None, ""}
            alone = found if not values_pass(Member, key, found - empty) else empty
            if alone:  # the values not passed all at once, checked one by one
                stored = {}
                for value in alone:
                    result, errors = check(value)
                    stored[value] = DOUBT if errors else result
                outcomes = _Outcomes(
                    {cell: stored.get(v, v) if v in alone else v for cell, v in read_values.items()}
                )
        if len(read_values) < len(distinct) or DOUBT in outcomes.values():  # (DOUBT equals only itself)
            doubted = {cell for cell in distinct if outcomes[cell] is DOUBT}
            self.doubts.update(itertools.compress(itertools.count(), map(doubted.__contains__, column)))
        return outcomes, column

    def plain(self, key: str, read) -> tuple[dict | None, list]:
        """A column of IDs or phones: all of the plain form (checked as one text) is taken as it is once the
        field's check passes all of them; else value by value."""
        column = self.data[key]
        try:
            joined = "\x00".join(column) if column else None
        except TypeError:  # a cell that is not text (or empty)
            joined = None
        if joined is not None and _all_plain(key, joined, len(column)):
            if values_pass(Member, key, column, joined):
                return None, column
        return self.judged(key, read)


def _all_plain(key: str, joined: str, count: int) -> bool:
    """Are the `count` texts joined by NUL in `joined` all of the field's plain form (_PLAIN)? Said on the
    bytes, in a few passes in C: the length, a NUL after each, and only there, digits elsewhere."""
    width, start = _PLAIN[key]
    if not joined.isascii() or len(joined) != (width + 1) * count - 1:
        return False
    data = joined.encode("ascii")
    return (
        data.count(0) == count - 1
        and data[width :: width + 1] == bytes(count - 1)
        and not data.translate(None, b"0123456789\x00")
        and (not start or data[:: width + 1] == start * count)
    )


def _read(reader, value):
    """What `reader(value, issues)` gives, or DOUBT if it found anything to say."""
    issues = RowIssues(0)
    result = reader(value, issues)
    return DOUBT if issues.errors or issues.warnings else result


def _texts(checker: RowChecker, key: str, distinct: set) -> dict:
    """{cell: its text as read} for the text cells of a text column, as TextCells reads them in a file with
    no legacy text (import_fields: legacy.detect, then vntext.clean), all at once where it can be: text whose
    words all read as Vietnamese in Unicode needs no detecting (legacy.all_unicode), and text vntext.clean
    leaves alone no cleaning, nor, with no space at its ends, stripping (both checked on all of it joined
    by NUL, which cleaning never crosses). Raises _Legacy for text in a legacy encoding."""
    texts = distinct - {None}
    try:
        joined = "\x00".join(texts)
    except TypeError:  # cells that are not text (numbers, dates): not read here
        texts = {cell for cell in texts if type(cell) is str}
        joined = "\x00".join(texts)
    if not legacy.all_unicode(texts):
        raise _Legacy
    if (
        joined.count("\x00") == len(texts) - 1
        and "" not in texts
        and vntext.is_clean(joined)  # (its only white space: single spaces)
        and " \x00" not in joined
        and "\x00 " not in joined
    ):
        return dict(zip(texts, texts, strict=True))  # every text as it stands: stripped, clean, not empty
    read = {cell: tidy(cell) for cell in texts}
    plain = set(read.values()) - {None}
    joined = "\x00".join(plain)
    if joined.count("\x00") != len(plain) - 1 or not vntext.is_clean(joined):
        cleaned = {text: vntext.clean(text) for text in plain}
        read = {cell: cleaned.get(text) for cell, text in read.items()}
    default = _DEFAULTS.get(key, "")
    return {cell: text or (DOUBT if key == "full_name" else default) for cell, text in read.items()}


def _empty_text(key: str):
    def read(value):  # None: the one cell not text that a text column's known readings leave
        return DOUBT if key == "full_name" else _DEFAULTS.get(key, "")

    return read


def _date_reader(checker: RowChecker, key: str):
    def read(value):
        if key in _PARTY_KEYS and value is not None:
            return DOUBT  # the Party's dates: rare, left to the row checker
        return _read(lambda v, issues: read_date(key, v, issues, checker.dates), value)

    return read


_PLAIN_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")


def _read_plain_dates(distinct: set) -> dict:
    """{cell: date} of the dates written dd/mm/yyyy, read in bulk as parse_date reads them (those not on the
    calendar are left to it)."""
    texts = [v for v in distinct if type(v) is str]
    found = _all_plain_dates(texts)
    if found is not None:
        return found
    found = {}
    for text in filter(_PLAIN_DATE.fullmatch, texts):
        try:
            found[text] = datetime.date.fromisoformat(f"{text[6:]}-{text[3:5]}-{text[:2]}")
        except ValueError:  # not on the calendar: parse_date says so
            continue
    return found


# Where each character of a date written dd/mm/yyyy goes in yyyy-mm-dd (the dashes apart).
_TO_ISO = ((0, 6), (1, 7), (2, 8), (3, 9), (5, 3), (6, 4), (8, 0), (9, 1))


def _all_plain_dates(texts: list[str]) -> dict | None:
    """{text: date} when every text is a date written dd/mm/yyyy on the calendar, else None: said on their
    bytes joined (11 a text with its NUL), the digits moved to yyyy-mm-dd by slices in C, each read by
    date.fromisoformat."""
    count = len(texts)
    joined = "\x00".join(texts) + "\x00"
    if not count or not joined.isascii() or len(joined) != 11 * count:
        return None
    data = joined.encode("ascii")
    slashes = b"/" * count
    if not (
        data[2::11] == data[5::11] == slashes
        and data[10::11] == bytes(count)
        and len(data.translate(None, b"0123456789")) == 3 * count  # digits everywhere else
    ):
        return None
    iso = bytearray(data)
    for to, source in _TO_ISO:
        iso[to::11] = data[source::11]
    iso[4::11] = iso[7::11] = b"-" * count
    try:
        days = list(map(datetime.date.fromisoformat, iso[:-1].decode("ascii").split("\x00")))
    except ValueError:  # a date not on the calendar: the texts are read one by one
        return None
    return dict(zip(texts, days, strict=True))


def _dues(checker: RowChecker, value):
    category = _read(checker.read_dues_category, value)
    if category is DOUBT or dues_category_errors(SimpleNamespace(dues_category=category)):
        return DOUBT
    return category


def _ymd(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _date_doubts(checker: RowChecker, born: tuple, joined: tuple) -> list[int]:
    """The rows whose date of birth and date of joining the rules could object to: both checks of them
    (import_fields.check_dates, validation's admission window) as comparisons of yyyymmdd numbers, where
    a whole-years age is (later - earlier) // 10000. Births on 29/2 (their anniversaries move) are doubted.
    `born` and `joined` are (outcomes, cells, distinct cells) of the two columns (_Screen.judged)."""
    rules = checker.rules
    today = _ymd(checker.today)
    latest = min(today, _ymd(datetime.date.today()))  # validation's rules read the system's date
    low, high, coming = rules["admission_min_age"], rules["admission_max_age"], rules["coming_of_age"]
    after = max(low, rule("admission_min_age", 15), 0) * 10000
    before = min(high + 1, rule("admission_max_age", 30) + 1) * 10000

    def window(cell) -> tuple[int, int, bool]:  # a birth's (joined after, before, fine without joining)
        day = born[0][cell]
        if type(day) is not datetime.date:
            return (0, 0, False)
        b = _ymd(day)
        age_now = (today - b) // 10000
        if b > latest or b % 10000 == 229 or (age_now > coming and b < today):
            return (0, 0, False)
        return (b + after, min(b + before, latest + 1), age_now >= low)

    def joining(cell) -> int:  # a joining as a number (0: none; -1: unread, never inside a window)
        day = joined[0][cell]
        return _ymd(day) if type(day) is datetime.date else (0 if day is None else -1)

    births = list(born[2])
    windows = list(map(window, births))
    places = list(map(dict(zip(births, itertools.count())).__getitem__, born[1]))  # each row's window
    joinings = list(map({cell: joining(cell) for cell in joined[2]}.__getitem__, joined[1]))
    # The rows outside their window, in a few passes in C: after >= joining or joining >= before; of them,
    # those with no joining whose birth is fine without one are not doubted.
    afters = map([w[0] for w in windows].__getitem__, places)
    befores = map([w[1] for w in windows].__getitem__, places)
    outside = map(or_, map(ge, afters, joinings), map(ge, joinings, befores))
    return [
        i
        for i in itertools.compress(itertools.count(), outside)
        if not (joinings[i] == 0 and windows[places[i]][2])
    ]


def _id_doubts(
    checker: RowChecker, numbers: list[int], column: list, distinct: set, plain: bool
) -> list[int]:
    """Rows whose citizen ID an earlier row has, or a current member: the IDs as the reader takes them
    (read_citizen_id's well-formed text), the first row of each kept in the checker for the row checker."""
    if plain:
        ids = column
    else:
        readings = _Outcomes()
        for cell in distinct:
            if cell is None or type(cell) is str:
                text, ok = read_citizen_id(tidy(cell), RowIssues(0))
                readings[cell] = text if ok else None
        ids = [readings[c] if type(c) is str or c is None else _well_formed(c) for c in column]
    first = dict(zip(reversed(ids), reversed(numbers), strict=True))
    first.pop(None, None)
    if checker.seen_ids:
        checker.seen_ids.update(first)
    else:  # (the usual case: the dictionary itself, not a copy)
        checker.seen_ids = first
    checker.taken = taken = checker.taken_ids(first) if first else set()
    if len(first) == len(ids) - ids.count(None) and not taken:
        return []
    return [
        i
        for i, text, number in zip(count(), ids, numbers)
        if text is not None and (first[text] != number or text in taken)
    ]


def _well_formed(cell) -> str | None:
    text, ok = read_citizen_id(tidy(cell), RowIssues(0))
    return text if ok else None


def screen(checker: RowChecker, table: Table) -> Screened | None:
    """The rows of `table` the row checker must see, and what every other row becomes; None for a file the
    row checker must read whole (legacy text). Fills the checker's units, IDs seen and IDs in use."""
    with gc_paused():
        return _screen(checker, table)


def _screen(checker: RowChecker, table: Table) -> Screened | None:
    s = _Screen(checker, table)
    values: dict[str, tuple] = {}
    try:
        for key in TEXT_KEYS:
            values[key] = s.judged(key, _empty_text(key), known=_texts(checker, key, s.distinct(key)))
    except _Legacy:
        return None
    values["gender"] = s.judged("gender", lambda v: _read(checker.read_gender, v))
    for key in DATE_KEYS:
        known = {} if key in _PARTY_KEYS else _read_plain_dates(s.distinct(key))
        values[key] = s.judged(key, _date_reader(checker, key), (str, datetime.datetime), known=known)
    values["dues_category"] = s.judged("dues_category", lambda v: _dues(checker, v))
    values["citizen_id"] = s.plain("citizen_id", lambda v: _read(lambda c, i: read_citizen_id(c, i)[0], v))
    values["phone"] = s.plain("phone", lambda v: _read(read_phone, v))
    values["email"] = s.judged("email", lambda v: as_text(v).lower())
    checker.load_units(as_text(tidy(v)) for v in s.distinct("unit_code") if type(v) is str)
    values["unit"] = s.judged("unit", lambda v: _read(checker._unit, v), source="unit_code")
    s.doubts.update(
        _date_doubts(
            checker,
            (*values["date_of_birth"], s.distinct("date_of_birth")),
            (*values["joined_on"], s.distinct("joined_on")),
        )
    )
    plain_ids = values["citizen_id"][0] is None
    ids = s.data["citizen_id"]
    distinct_ids = set() if plain_ids else s.distinct("citizen_id")  # (plain: not looked at)
    s.doubts.update(_id_doubts(checker, table.numbers, ids, distinct_ids, plain_ids))
    screened = Screened(sorted(s.doubts), values)
    return screened if _agrees(checker, table, screened) else None


def _agrees(checker: RowChecker, table: Table, screened: Screened) -> bool:
    """The first row left unflagged, through the row checker: the same values and no finding (the constant
    fields, the unit, the rules across fields). False (and a log line) if not: the row checker then reads
    the whole file."""
    flagged = set(screened.flagged)
    index = next((i for i in range(len(table.numbers)) if i not in flagged), None)
    if index is None:
        return True
    row, values, errors, warnings = checker._check(table.numbers[index], table.row(index))
    if errors or warnings or values != screened.row_values(index):
        log.warning("import screen disagrees with the row checker on row %s", row)
        return False
    return True
