"""A workbook's cells as the importers expect them, column by column, and the compact form the reading child
sends them back in (spreadsheets.py, step 3). Pure, no Django.

A sheet is read whole and turned into columns: most columns hold only text, and a column of text is
checked with a few passes in C (the cell cap, invisible characters, NFC) instead of a call per cell. A
column of text travels as one UTF-8 string, its cells joined by NUL (a character no cleaned cell holds;
an empty cell is the empty string), which costs a fraction of pickling the same strings; any other column
is pickled. Each distinct cell value of a column that is not all text is converted once.
"""

from __future__ import annotations

import datetime
import functools
import pickle
import re
import unicodedata
from operator import itemgetter

from doanvu.lib import cleantext
from doanvu.lib.spreadsheet_zip import LimitError, Limits, cell_name, number, size_text

TEXT, VALUES, EMPTY = "text", "values", "empty"
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
# The cleaning's suspects but NUL, which joins the cells of a column of text (counted apart).
_SUSPECT_BUT_NUL = re.compile(cleantext.SUSPECT.pattern.replace("\x00-", "\x01-", 1))


def too_long(row: int, column: int, length: int, limits: Limits) -> LimitError:
    return LimitError(
        f"Ô {cell_name(row, column)} dài {size_text(length)} ký tự; tối đa {number(limits.max_cell_chars)}."
    )


def columns(rows: list, top: int, left: int, limits: Limits) -> tuple[list[tuple[str, bytes]], list]:
    """The encoded columns of a sheet's rows (python-calamine's, the first at row top + 1 and column left + 1)
    and the (row, column, warning) of each text cell that had invisible characters removed, in reading order.
    Raises LimitError at the first cell (row by row) longer than the cap."""
    width = max(map(len, rows), default=0)
    if rows and min(map(len, rows)) != width:
        rows = [(*r, *("",) * (width - len(r))) for r in rows]
    encoded: list[tuple[str, bytes]] = [(EMPTY, b"")] * left
    stripped: list[tuple[int, int, str]] = []
    longest: tuple[int, int, int] | None = None  # (row index, column, length) of the first long cell
    cap = limits.max_cell_chars
    for index, cells in enumerate(zip(*rows, strict=True)):  # rows padded to one width above
        column = left + index + 1
        try:
            joined = _SEPARATOR.join(cells)  # a TypeError unless every cell is text
        except TypeError:
            joined = None
        if (
            joined is not None
            and max(map(len, cells), default=0) <= cap
            and _SUSPECT_BUT_NUL.search(joined) is None
            and joined.count(_SEPARATOR) == len(cells) - 1
            and (joined.isascii() or _IS_NFC(joined))  # NUL composes with nothing: NFC cell by cell
        ):
            encoded.append((TEXT, joined.encode("utf-8", "surrogatepass")))
            continue
        convert = _Converted(cap)
        converted = [cell if type(cell) in _UNCHANGED else convert[cell] for cell in cells]
        if LONG in converted:
            at = converted.index(LONG)
            if longest is None or at < longest[0]:
                longest = (at, column, len(cells[at]))
            continue
        if convert.removed:
            removed = convert.removed
            for at, cell in enumerate(cells):
                if type(cell) is str and cell in removed:
                    stripped.append((top + at + 1, column, removed[cell]))
        if all(type(c) is str or c is None for c in converted):
            joined = _SEPARATOR.join([c or "" for c in converted])
            encoded.append((TEXT, joined.encode("utf-8", "surrogatepass")))
        else:
            encoded.append((VALUES, pickle.dumps(converted, pickle.HIGHEST_PROTOCOL)))
    if longest is not None:
        at, column, length = longest
        # The first long cell in reading order: the lowest row, then the leftmost column (checked in order).
        raise too_long(top + at + 1, column, length, limits)
    stripped.sort(key=itemgetter(0, 1))
    return encoded, stripped


def decode_head(column: tuple[str, bytes], count: int) -> list:
    """The first `count` values of a column (the header search), without decoding the rest."""
    kind, data = column
    if kind == TEXT and count:
        pieces = data.split(_SEPARATOR.encode(), count)[:count]
        return [piece.decode("utf-8", "surrogatepass") or None for piece in pieces]
    return decode(column, count)[:count] if kind != VALUES else pickle.loads(data)[:count]


def decode(column: tuple[str, bytes], height: int) -> list:
    """A column's values (None for an empty cell) from its encoded form."""
    kind, data = column
    if kind == EMPTY or height == 0:
        return [None] * height
    if kind == TEXT:
        cells = data.decode("utf-8", "surrogatepass").split(_SEPARATOR)
        return [cell or None for cell in cells] if _has_empty(data) else cells
    return pickle.loads(data)


def _has_empty(data: bytes) -> bool:
    """Does a column of text (its cells joined by NUL, UTF-8) hold an empty cell?"""
    return not data or data[:1] == b"\x00" or data[-1:] == b"\x00" or b"\x00\x00" in data


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
