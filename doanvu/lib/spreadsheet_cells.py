"""A workbook's cells as the importers expect them, column by column, and the compact form the reading child
sends them back in (spreadsheets.py, step 3). Pure, no Django.

A sheet is read whole and turned into columns: most columns hold only text, and a column of text is
checked with a few passes in C (the cell cap, invisible characters, NFC) instead of a call per cell. A
column of text travels as one UTF-8 string, its cells joined by NUL (a character no cleaned cell holds;
an empty cell is the empty string), which costs a fraction of pickling the same strings; a column of text
that repeats its values (genders, places, unit codes) travels as its distinct texts and each cell's number
among them, checked once per distinct text; any other column is pickled. Each distinct cell value of a
column that is not all text is converted once.
"""

from __future__ import annotations

import array
import datetime
import functools
import itertools
import pickle
import re
import unicodedata
from collections.abc import Iterable
from operator import itemgetter

from doanvu.lib import cleantext
from doanvu.lib.spreadsheet_zip import LimitError, Limits, cell_name, number, size_text

TEXT, REPEATED, VALUES, EMPTY = "text", "repeated", "values", "empty"
_REPEATED = 4  # a column is sent as its distinct texts when its first chunk repeats each 4 times on average
_SEPARATOR = "\x00"
_DATE = datetime.date
_SUSPECT = cleantext.SUSPECT.search
_IS_NFC = functools.partial(unicodedata.is_normalized, "NFC")


class _Long:
    """Stands for a cell longer than the cap in a converted column, so that a column is checked once, in C."""


LONG = _Long()


def value(cell, cap: int):
    """A cell as the importers expect it: "" → None, 3.0 → 3, a date → a datetime (as openpyxl gave them);
    text in NFC without invisible characters; LONG for a text longer than `cap`."""
    kind = type(cell)
    if kind is str:
        if len(cell) > cap:
            return LONG
        return text(cell) or None
    if kind is float:
        return int(cell) if cell.is_integer() and -(2**53) < cell < 2**53 else cell
    if kind is _DATE:
        return datetime.datetime(cell.year, cell.month, cell.day)
    return cell


def text(cell: str) -> str:
    """A text cell in NFC without invisible characters (doanvu.lib.cleantext.scrub)."""
    if _SUSPECT(cell) or not (cell.isascii() or unicodedata.is_normalized("NFC", cell)):
        return cleantext.scrub(cell)[0]
    return cell


class _Converted(dict):
    """cell → value(cell) for text, numbers and dates, each distinct cell converted once (no two of these
    types are equal, nor 1.0 and 1 here: integers never come in); `removed` keeps the warning of each text
    that lost invisible characters."""

    def __init__(self, cap: int):
        super().__init__()
        self.cap = cap
        self.removed: dict[str, str] = {}

    def __missing__(self, cell):
        converted = value(cell, self.cap)
        if type(cell) is str and converted is not LONG and _SUSPECT(cell):
            found = cleantext.scrub(cell)[1]
            if found:
                self.removed[cell] = cleantext.stripped_message(found)
        self[cell] = converted
        return converted


# Cells value() gives back as they are: never looked up among the others (True == 1 == 1.0).
_UNCHANGED = frozenset((int, bool, datetime.datetime, datetime.time, datetime.timedelta, type(None)))
# Cells a chunk of which is kept as it comes: those and numbers, which value() converts when decoded.
_AS_THEY_COME = _UNCHANGED | {float}
# The cleaning's suspects but NUL, which joins the cells of a column of text (counted apart).
_SUSPECT_BUT_NUL = re.compile(cleantext.SUSPECT.pattern.replace("\x00-", "\x01-", 1))
# The first byte of each suspect's UTF-8, NUL's among them. Text whose UTF-8 holds none of them but its NULs
# holds no suspect (no byte inside a character's UTF-8 is one of these); ASCII text that holds one more
# holds a suspect, other text is searched.
_UTF8_LEADS = bytes(sorted({char.encode()[0] for char in cleantext.SUSPECT_CHARS}))


def too_long(row: int, column: int, length: int, limits: Limits) -> LimitError:
    return LimitError(
        f"Ô {cell_name(row, column)} dài {size_text(length)} ký tự; tối đa {number(limits.max_cell_chars)}."
    )


def columns(rows: Iterable, top: int, left: int, limits: Limits) -> tuple[list[tuple[str, bytes]], list, int]:
    """The encoded columns of a sheet's rows (python-calamine's, the first at row top + 1 and column left + 1),
    the (row, column, warning) of each text cell that had invisible characters removed, in reading order,
    and the number of rows. Raises LimitError at the first cell (row by row) longer than the cap.

    The rows are taken a chunk at a time, so that only a chunk of them is ever held as Python objects."""
    rows = iter(rows)
    built: list[_Column] = []
    stripped: list[tuple[int, int, str]] = []
    count = 0
    while chunk := list(itertools.islice(rows, _CHUNK_ROWS)):
        try:  # (rows of one width, the usual case, are not measured one by one)
            transposed = list(zip(*chunk, strict=True))
        except ValueError:
            width = max(map(len, chunk))
            transposed = list(zip(*[(*r, *("",) * (width - len(r))) for r in chunk], strict=True))
        width = len(transposed)
        while len(built) < width:  # a column first seen in this chunk: empty in the rows above
            built.append(_Column(left + len(built) + 1, count, limits.max_cell_chars))
        longest: tuple[int, int, int] | None = None  # (row index, column, length) of the first long cell
        for index, cells in enumerate(transposed):
            column = built[index]
            at = column.add(cells, top + count, stripped)
            if at is not None and (longest is None or at < longest[0]):
                longest = (at, column.number, len(cells[at]))
        for column in built[width:]:  # a column longer rows above had: empty here
            column.add(("",) * len(chunk), top + count, stripped)
        if longest is not None:
            at, column, length = longest
            # The first long cell in reading order: the lowest row, then the leftmost column (checked in order).
            raise too_long(top + count + at + 1, column, length, limits)
        count += len(chunk)
    encoded: list[tuple[str, bytes]] = [(EMPTY, b"")] * left
    encoded.extend(column.encoded() for column in built)
    stripped.sort(key=itemgetter(0, 1))
    return encoded, stripped, count


_CHUNK_ROWS = 1024  # rows held as Python objects at once: smaller chunks stay in the processor's caches


class _Column:
    """One column of a sheet being read, a chunk of cells at a time. While every cell is clean text: if the
    first chunk repeats its texts (a column of genders, places, unit codes…), each distinct text once and
    each cell's number among them (`index`, `codes`), else the chunks joined and encoded (`pieces`); from
    the first chunk that is not all clean text, the values as converted."""

    def __init__(self, number: int, above: int, cap: int):
        self.number, self.cap = number, cap
        # A column that starts below the top (a longer row) holds empty text above: joined text then.
        self.pieces: list[bytes] | None = [_SEPARATOR.encode() * (above - 1)] if above else None
        self.index: dict[str, int] | None = None
        self.codes: list[int] = []
        self.values: list | None = None
        self.convert = _Converted(cap)

    def _clean(self, cells) -> bytes | None:
        """The cells (texts, or any other cell) joined by NUL and encoded in UTF-8 if every one is clean text:
        no longer than the cap, without invisible characters or NUL, in NFC; else None."""
        try:
            joined = _SEPARATOR.join(cells)  # a TypeError unless every cell is text
        except TypeError:
            return None
        if joined.count(_SEPARATOR) != len(cells) - 1 or not _cells_within(joined, self.cap):
            return None
        encoded = joined.encode("utf-8", "surrogatepass")
        if len(encoded.translate(None, _UTF8_LEADS)) != len(encoded) - len(cells) + 1:
            if joined.isascii() or _SUSPECT_BUT_NUL.search(joined) is not None:
                return None
        # NUL composes with nothing: NFC cell by cell (ASCII is NFC)
        return encoded if joined.isascii() or _IS_NFC(joined) else None

    def add(self, cells: tuple, top: int, stripped: list) -> int | None:
        """Take the next cells (the first at row top + 1); the index of the first one longer than the cap,
        if any. The cells of invisible characters removed are noted in `stripped`."""
        if self.values is None:
            if self.pieces is None and self.index is None:  # the first chunk: repeated texts or not
                distinct = list(dict.fromkeys(cells))
                if len(distinct) * _REPEATED <= len(cells) and self._clean(distinct) is not None:
                    self.index = dict(zip(distinct, range(len(distinct)), strict=True))
                    self.codes.extend(map(self.index.__getitem__, cells))
                    return None
                self.pieces = []
            if self.index is not None:
                index = self.index
                try:  # (the usual case: every text seen in the chunks above)
                    codes = itemgetter(*cells)(index) if len(cells) > 1 else (index[cells[0]],)
                except KeyError:  # a text no chunk above had: the general path below
                    pass
                else:
                    self.codes.extend(codes)
                    return None
                fresh = [cell for cell in dict.fromkeys(cells) if cell not in index]
                if not fresh or self._clean(fresh) is not None:
                    index.update(zip(fresh, range(len(index), len(index) + len(fresh)), strict=True))
                    self.codes.extend(map(index.__getitem__, cells))
                    return None
            else:
                encoded = self._clean(cells)
                if encoded is not None:
                    self.pieces.append(encoded)
                    return None
            # Not all clean text: the cells above, clean text, as values ("" → None), and from here on.
            self.values = [] if self.pieces == [] else decode(self.encoded(), 1)
        convert = self.convert
        if set(map(type, cells)) <= _AS_THEY_COME:  # numbers (a running number…), dates: in one pass in C
            self.values.extend(cells)
            return None
        converted = [cell if type(cell) in _UNCHANGED else convert[cell] for cell in cells]
        if LONG in converted:
            return converted.index(LONG)
        if convert.removed:
            removed = convert.removed
            for at, cell in enumerate(cells):
                if type(cell) is str and cell in removed:
                    stripped.append((top + at + 1, self.number, removed[cell]))
        self.values.extend(converted)
        return None

    def encoded(self) -> tuple[str, bytes]:
        if self.values is None:
            if self.index is not None:
                size = len(self.index)
                codes = array.array("B" if size <= 256 else "H" if size <= 65536 else "I", self.codes)
                return REPEATED, pickle.dumps((list(self.index), codes), pickle.HIGHEST_PROTOCOL)
            return TEXT, _SEPARATOR.encode().join(self.pieces or ())
        if all(type(c) is str or c is None for c in self.values):
            joined = _SEPARATOR.join([c or "" for c in self.values])
            return TEXT, joined.encode("utf-8", "surrogatepass")
        return VALUES, pickle.dumps(self.values, pickle.HIGHEST_PROTOCOL)


def _cells_within(joined: str, cap: int) -> bool:
    """Is every cell of a text joined by NUL (a NUL between cells, none in them) at most `cap` long? From a
    cell's start, the last NUL among the next cap + 1 characters (there is one unless that cell is longer)
    starts a cell again: one step per `cap` characters, not one per cell."""
    at, end = 0, len(joined)
    while end - at > cap:
        found = joined.rfind(_SEPARATOR, at, at + cap + 1)
        if found < 0:
            return False
        at = found + 1
    return True


def _whole_numbers(cells: tuple) -> bool:
    """Are the cells all numbers that value() gives as int (whole, within ±2⁵³)?"""
    return (
        bool(cells)
        and set(map(type, cells)) == {float}
        and all(map(float.is_integer, cells))
        and -(2**53) < min(cells)
        and max(cells) < 2**53
    )


def decode_head(column: tuple[str, bytes], count: int) -> list:
    """The first `count` values of a column (the header search), without decoding the rest."""
    kind, data = column
    if kind == TEXT and count:
        pieces = data.split(_SEPARATOR.encode(), count)[:count]
        return [piece.decode("utf-8", "surrogatepass") or None for piece in pieces]
    if kind == REPEATED:
        distinct, codes = pickle.loads(data)
        return [distinct[code] or None for code in codes[:count]]
    return decode(column, count)[:count] if kind != VALUES else _numbers(pickle.loads(data)[:count])


def decode(column: tuple[str, bytes], height: int) -> list:
    """A column's values (None for an empty cell) from its encoded form."""
    kind, data = column
    if kind == EMPTY or height == 0:
        return [None] * height
    if kind == TEXT:
        cells = data.decode("utf-8", "surrogatepass").split(_SEPARATOR)
        return [cell or None for cell in cells] if "" in cells else cells  # (one pass in C when none is)
    if kind == REPEATED:
        distinct, codes = pickle.loads(data)
        return list(map([cell or None for cell in distinct].__getitem__, codes))
    return _numbers(pickle.loads(data))


def _numbers(values: list) -> list:
    """A column's values with each number as value() gives it (whole within ±2⁵³: int), in C where they are all
    whole: the reading child keeps a chunk of numbers as they came (value() again leaves a value alone)."""
    if float not in set(map(type, values)):
        return values
    if _whole_numbers(values):
        return list(map(int, values))
    return [value(cell, 0) if type(cell) is float else cell for cell in values]


# --- CSV, read row by row -------------------------------------------------------------------------------

STRIPPED: list[bool] = []  # set by marked_text when it removed characters from a cell of the current row


def marked_text(cell: str) -> str:
    """A CSV cell in NFC without invisible characters (doanvu.lib.cleantext.scrub); the row is marked."""
    if _SUSPECT(cell) or not (cell.isascii() or unicodedata.is_normalized("NFC", cell)):
        cell, removed = cleantext.scrub(cell)
        if removed:
            STRIPPED.append(True)
    return cell


def stripped_in_row(row_number: int, cells) -> list[tuple[int, int, str]]:
    """Where characters were removed in a marked row (the rare case, so the row is looked at again)."""
    STRIPPED.clear()
    found = []
    for column, raw in enumerate(cells, start=1):
        removed = cleantext.scrub(raw)[1]
        if removed:
            found.append((row_number, column, cleantext.stripped_message(removed)))
    return found
