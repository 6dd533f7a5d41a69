"""Excel files written with openpyxl: the one way a workbook is made, filled and saved, so that every file
the site writes is safe to open (docs/architecture.md, "Safe downloads"); and small layout helpers (the bold
Times New Roman of headings, a header row that wraps and centres, column widths).

Every value reaches a cell through `put`, `cell` or `append`. A string is always stored as text: characters
openpyxl refuses (control characters) are dropped, and a string that Excel or LibreOffice could take for a
formula (it begins with =, +, -, @, a tab or a carriage return) is written as a text cell with Excel's
"quote prefix", so it is shown literally and never evaluated. Numbers and dates stay numbers and dates."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .styles import FONT

# What a spreadsheet may read as the start of a formula (docs/architecture.md, "Safe downloads").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """The text without the characters an .xlsx file cannot hold (NUL and the other control characters but
    tab, line feed and carriage return)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def workbook(*, write_only: bool = False) -> Workbook:
    """A new workbook; write-only for long lists (rows are streamed, nothing is kept in memory)."""
    return Workbook(write_only=write_only)


def _fill(cell: Cell, value, style: dict) -> Cell:
    if isinstance(value, str):
        value = clean_text(value) or None
    cell.value = value
    if isinstance(value, str):
        # openpyxl would store "=…" as a formula and "#N/A" as an error: a string is always text.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def cell(sheet, value, **style) -> Cell:
    """A cell to hand to `append` (a write-only sheet needs one for any style): its value made safe, then
    `style` (font=, fill=, alignment=, number_format=, comment=) set on it. `append` gives it its place."""
    return _fill(Cell(sheet, row=1, column=1), value, style)


def put(sheet: Worksheet, row: int, column: int, value, **style) -> Cell:
    """Write `value` (made safe) into the cell at `row`, `column` of a normal sheet; `style` as in `cell`."""
    return _fill(sheet.cell(row=row, column=column), value, style)


def _safe(sheet, value):
    """`value` as `append` hands it to openpyxl: a plain string openpyxl already stores as text goes as it
    is (a long list stays fast); any other string becomes a cell of its own."""
    if isinstance(value, str):
        text = clean_text(value)
        if text == value and not looks_like_formula(text) and text not in ERROR_CODES:
            return text or None
        return cell(sheet, text)
    return value


def append(sheet, values) -> None:
    """Add a row after the last one: each value made safe (an empty string leaves the cell empty); a value
    that is already a cell (from `cell`) goes in as it is."""
    sheet.append([_safe(sheet, v) for v in values])


def to_bytes(book: Workbook) -> bytes:
    """The file's bytes. A safety net first: a formula or an error value that reached a normal sheet
    without these helpers is turned back into text."""
    for sheet in book.worksheets:
        if isinstance(sheet, Worksheet):
            for row in sheet.iter_rows():
                for one in row:
                    if one.data_type in ("f", "e") and isinstance(one.value, str):
                        _fill(one, one.value, {})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bold() -> Font:
    return Font(bold=True, name=FONT)


def header_row(sheet, row: int, columns: int) -> None:
    """Cells 1…`columns` of `row`: bold, wrapped, centred."""
    for col in range(1, columns + 1):
        one = sheet.cell(row=row, column=col)
        one.font = bold()
        one.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def column_widths(sheet, widths: list[float]) -> None:
    """The widths of the first columns, in order (in characters)."""
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
