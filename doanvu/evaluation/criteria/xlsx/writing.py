"""A criteria set written as a workbook, and the empty template with one example row."""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from doanvu.documents import xlsx
from doanvu.evaluation.criteria.models import CriteriaSet, DataSource
from doanvu.evaluation.criteria.rules import (
    grades_format,
    json_number,
)
from doanvu.evaluation.criteria.selectors import criteria_set_structure

from .layout import (
    BOLD,
    COLUMNS,
    HEAD_FILL,
    HEADER_LABELS,
    HEADER_ROWS,
    MAX_ROWS,
    SHEET_TITLE,
    WRAP,
)


def _sheet(title: str, year, number: str, issuer: str):
    workbook = xlsx.workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    for row, (key, value) in enumerate(
        (("title", title), ("year", year), ("number", number), ("issuer", issuer)), start=1
    ):
        xlsx.put(sheet, row, 1, HEADER_LABELS[key], font=BOLD)
        # The year is a number; the title, number and issuer are strings, so text cells ("01-KH" as written).
        xlsx.put(sheet, row, 2, value)
    head = HEADER_ROWS + 1
    for i, col in enumerate(COLUMNS, start=1):
        cell = xlsx.put(sheet, head, i, col.header, font=BOLD, fill=HEAD_FILL, alignment=WRAP)
        if col.help:
            cell.comment = Comment(col.help, "doanvu")
        sheet.column_dimensions[cell.column_letter].width = col.width
    sheet.freeze_panes = sheet.cell(row=head + 1, column=1)
    choices = DataValidation(
        type="list", formula1='"' + ",".join(v for v in DataSource.values if v) + '"', allow_blank=True
    )
    choices.error = _("Chọn một mã dữ liệu trong danh sách.")
    sheet.add_data_validation(choices)
    letter = sheet.cell(row=head, column=len(COLUMNS) - 1).column_letter
    choices.add(f"{letter}{head + 1}:{letter}{MAX_ROWS}")
    return workbook, sheet


def _text_cell(sheet, row: int, column: int, value: str) -> None:
    xlsx.put(sheet, row, column, value, alignment=WRAP)


def _write_rows(sheet, structure: list[dict]) -> None:
    row = HEADER_ROWS + 2
    for criterion in structure:
        contents = criterion["contents"] or [None]
        for content in contents:
            conditions = (content or {}).get("conditions") or [None]
            for condition in conditions:
                cells = [criterion["code"], criterion["title"]]
                cells += [content["code"], content["title"]] if content else ["", ""]
                for col, value in enumerate(cells, start=1):
                    _text_cell(sheet, row, col, value)
                if condition:
                    _text_cell(sheet, row, 5, condition["code"])
                    _text_cell(sheet, row, 6, condition["text"])
                    xlsx.put(sheet, row, 7, json_number(Decimal(condition["max_points"])))
                    _text_cell(sheet, row, 8, "x" if condition["is_bonus"] else "")
                    _text_cell(sheet, row, 9, grades_format(condition["grades"]))
                    _text_cell(sheet, row, 10, condition["evidence_required"])
                    _text_cell(sheet, row, 11, "x" if condition["evidence_mandatory"] else "")
                    _text_cell(sheet, row, 12, condition["data_source"])
                    params = condition["data_params"]
                    _text_cell(
                        sheet,
                        row,
                        13,
                        json.dumps(params, ensure_ascii=False, sort_keys=True) if params else "",
                    )
                row += 1


def export_xlsx(criteria_set: CriteriaSet) -> bytes:
    workbook, sheet = _sheet(
        criteria_set.title, criteria_set.year, criteria_set.number, criteria_set.issuer.name
    )
    _write_rows(sheet, criteria_set_structure(criteria_set))
    return xlsx.to_bytes(workbook)


TEMPLATE_EXAMPLE = [
    {
        "code": "I",
        "title": "Công tác xây dựng tổ chức Đoàn",
        "contents": [
            {
                "code": "1",
                "title": "Chế độ thông tin, báo cáo",
                "conditions": [
                    {
                        "code": "1.1",
                        "text": "Thực hiện đầy đủ, đúng hạn các báo cáo tháng, 6 tháng, năm",
                        "max_points": "8",
                        "is_bonus": False,
                        "grades": [
                            {"points": "8", "text": "tất cả báo cáo đúng hạn"},
                            {"points": "6", "text": "chậm 1–2 báo cáo tháng"},
                            {"points": "4", "text": "chậm 3–4 báo cáo tháng"},
                            {"points": "2", "text": "chậm từ 5 báo cáo tháng"},
                            {"points": "0", "text": "thiếu báo cáo năm, 6 tháng hoặc từ 3 báo cáo tháng"},
                        ],
                        "evidence_required": "Số, ngày của từng báo cáo",
                        "evidence_mandatory": True,
                        "data_source": "report_timeliness",
                        "data_params": {},
                    }
                ],
            }
        ],
    }
]


def template_xlsx(year: int | None = None) -> bytes:
    """The empty workbook to fill in, with one example row."""
    workbook, sheet = _sheet("Bộ tiêu chí đánh giá, xếp loại năm …", year, "", "")
    _write_rows(sheet, TEMPLATE_EXAMPLE)
    return xlsx.to_bytes(workbook)
