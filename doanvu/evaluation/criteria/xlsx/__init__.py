"""A criteria set as an xlsx workbook (openpyxl): export, the empty template, and import.

One sheet. A header block (the set's title, year, number and issuer), then one row per scoring condition:

    Số tiêu chí | Tiêu chí | Số nội dung | Nội dung | Số điều kiện | Điều kiện chấm điểm | Điểm tối đa |
    Điểm thưởng (x) | Các mức điểm | Minh chứng | Bắt buộc minh chứng (x) | Gắn dữ liệu | Tham số dữ liệu

- The criterion and content are written on every row; on import a row may leave both cells of a criterion
  (or of a content) empty to continue the one above. A row with no condition cells declares a criterion or
  a content without conditions.
- "Các mức điểm": "8: khi …; 6: khi …" (or one level per line). "Gắn dữ liệu": a DataSource code.
  "Tham số dữ liệu": JSON, e.g. {"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]}.
- Export → import gives back exactly the same set (tested).
- Import is all or nothing: every error is listed in Vietnamese with its row and column ("Dòng 7, cột Điểm
  tối đa: …") and nothing is written while one remains.

Modules: layout (the columns and header block), writing (export, template), reading (parse, import);
everything public is importable from here.
"""

from .layout import COLUMNS, XLSX_TYPE
from .reading import Parsed, import_into, import_new, parse_xlsx
from .writing import TEMPLATE_EXAMPLE, export_xlsx, template_xlsx

__all__ = [
    "COLUMNS",
    "TEMPLATE_EXAMPLE",
    "XLSX_TYPE",
    "Parsed",
    "export_xlsx",
    "import_into",
    "import_new",
    "parse_xlsx",
    "template_xlsx",
]
