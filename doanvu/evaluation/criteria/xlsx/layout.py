"""The workbook's layout, shared by the export and the import: its columns (header, width, help, required),
the header block's labels, where the data starts, the styles."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill

from doanvu.evaluation.criteria.models import DataSource

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Bộ tiêu chí"
MAX_ERRORS = 60
MAX_ROWS = 5000


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: int
    help: str = ""
    required: bool = False


COLUMNS = (
    Col(
        "criterion_code",
        "Số tiêu chí",
        9,
        "Ví dụ: I, II, 1. Để trống cả số và tên: tiếp tục tiêu chí ở dòng trên.",
        True,
    ),
    Col("criterion_title", "Tiêu chí", 32, "Tên tiêu chí.", True),
    Col(
        "content_code",
        "Số nội dung",
        9,
        "Ví dụ: 1, 2. Để trống cả số và tên: tiếp tục nội dung ở dòng trên.",
        True,
    ),
    Col("content_title", "Nội dung", 32, "Tên nội dung.", True),
    Col("code", "Số điều kiện", 9, "Ví dụ: 1.1 (nên định dạng ô là Văn bản).", True),
    Col("text", "Điều kiện chấm điểm", 48, "Nội dung điều kiện chấm điểm.", True),
    Col("max_points", "Điểm tối đa", 10, "Một số, ví dụ 8 hoặc 2,5.", True),
    Col("is_bonus", "Điểm thưởng (x)", 10, "Ghi x nếu là điểm thưởng."),
    Col(
        "grades",
        "Các mức điểm",
        40,
        "Ví dụ: 8: tất cả báo cáo đúng hạn; 6: chậm 1 báo cáo; 0: thiếu báo cáo năm.",
    ),
    Col("evidence_required", "Minh chứng", 32, "Minh chứng cần có."),
    Col(
        "evidence_mandatory",
        "Bắt buộc minh chứng (x)",
        12,
        "Ghi x nếu không có minh chứng thì không được gửi.",
    ),
    Col(
        "data_source",
        "Gắn dữ liệu",
        20,
        "Mã dữ liệu để hệ thống đề xuất điểm: " + ", ".join(v for v in DataSource.values if v),
    ),
    Col(
        "data_params",
        "Tham số dữ liệu",
        28,
        'JSON, ví dụ {"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]}',
    ),
)
COL_BY_KEY = {col.key: col for col in COLUMNS}
CONDITION_KEYS = [c.key for c in COLUMNS[4:]]
HEADER_LABELS = {
    "title": "Tên bộ tiêu chí",
    "year": "Năm",
    "number": "Số, ký hiệu",
    "issuer": "Đơn vị ban hành",
}
HEADER_ROWS = 5  # the header block, then a blank row; column headers on row 6, data from row 7
FIELD_COLUMNS = {
    "code": "code",
    "text": "text",
    "max_points": "max_points",
    "grades": "grades",
    "data_source": "data_source",
    "data_params": "data_params",
}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
WRAP = Alignment(wrap_text=True, vertical="top")
