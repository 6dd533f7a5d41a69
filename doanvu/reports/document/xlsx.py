"""The statistics form as an Excel file (openpyxl): every indicator × the unit's total, its own records and
each direct subunit, with Vietnamese headers; a second sheet with the targets. Rendered from report_data."""

from __future__ import annotations

from doanvu.documents import xlsx


def render_xlsx(data: dict) -> bytes:
    """The form as an .xlsx file (bytes). Empty cells: undefined figures (a ratio of 0/0). Every cell is
    written through doanvu.documents.xlsx, so unit and indicator names stay text."""
    figures = data["figures"]
    children = figures.get("children", [])
    own = data.get("own") or {}
    indicators = data["indicators"]
    workbook = xlsx.workbook()
    sheet = workbook.active
    sheet.title = "Thống kê"
    bold = xlsx.bold()
    xlsx.put(sheet, 1, 1, data["issuer"], font=bold)
    xlsx.put(sheet, 2, 1, f"BIỂU THỐNG KÊ SỐ LIỆU {data['period']['label'].upper()}", font=bold)
    xlsx.put(
        sheet, 3, 1, f"Đơn vị: {data['unit']['name']} ({data['unit']['code']}) — kỳ {data['period']['code']}"
    )
    header = ["STT", "Mã chỉ số", "Chỉ số", "Đơn vị tính", "Toàn đơn vị"]
    if children:
        header += [f"Cấp {data['unit']['name']} trực tiếp"]
    header += [child["name"] for child in children]
    xlsx.append(sheet, [])
    xlsx.append(sheet, header)
    header_row = sheet.max_row
    xlsx.header_row(sheet, header_row, len(header))
    for n, info in enumerate(indicators, start=1):
        code = info["code"]
        row = [n, code, info["name"], info["unit_label"], figures["values"].get(code)]
        if children:
            row += [own.get(code)]
        row += [child["values"].get(code) for child in children]
        xlsx.append(sheet, row)
        for col in range(5, len(row) + 1):
            sheet.cell(row=sheet.max_row, column=col).number_format = (
                "0.0" if info["kind"] == "ratio" else "#,##0.##"
            )
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=5)
    xlsx.column_widths(sheet, [6, 24, 48, 12] + [16] * (len(header) - 4))

    targets = workbook.create_sheet("Chỉ tiêu")
    titles = ["Mã chỉ số", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ đạt (%)"]
    xlsx.append(targets, [xlsx.cell(targets, title, font=bold) for title in titles])
    for t in data["targets"]:
        xlsx.append(
            targets, [t["code"], t["name"], t["unit_label"], t["target"], t["value"], t["achievement"]]
        )
    xlsx.column_widths(targets, [24, 48, 12, 14, 14, 14])
    return xlsx.to_bytes(workbook)
