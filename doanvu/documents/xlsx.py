"""Small helpers for Excel files written with openpyxl: the bold Times New Roman of headings, a header row
that wraps and centres, column widths, the file's bytes."""

from __future__ import annotations

import io

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .styles import FONT


def bold() -> Font:
    return Font(bold=True, name=FONT)


def header_row(sheet, row: int, columns: int) -> None:
    """Cells 1…`columns` of `row`: bold, wrapped, centred."""
    for col in range(1, columns + 1):
        cell = sheet.cell(row=row, column=col)
        cell.font = bold()
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def column_widths(sheet, widths: list[float]) -> None:
    """The widths of the first columns, in order (in characters)."""
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def to_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
