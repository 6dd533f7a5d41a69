"""Building import files in code for the import tests."""

import csv
import io
import unicodedata

from openpyxl import Workbook

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: a letter with a tone becomes its base letter + a combining tone."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return out


HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Điện thoại",
    "Email",
    "Ngày vào Đoàn",
    "Mã chi đoàn",
]


def row(n=1, **changes):
    """A valid row: values by header; `changes` use the field-ish names below."""
    values = {
        "STT": n,
        "Họ và tên": f"Nguyễn Văn An {chr(64 + n % 26 or 26)}" if n > 1 else "Nguyễn Văn An",
        "Giới tính": "Nam",
        "Ngày sinh": "15/12/2000",
        "Số CCCD": f"0792000{n:05d}",
        "Điện thoại": "0912345678",
        "Email": "",
        "Ngày vào Đoàn": "26/03/2016",
        "Mã chi đoàn": "CA1",
    }
    values.update(changes)
    return values


def xlsx(rows, headers=HEADERS, name="danh-sach.xlsx", title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for line in title_rows:
        sheet.append(line)
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def csv_bytes(rows, headers=HEADERS, encoding="utf-8", delimiter=","):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers)
    for values in rows:
        writer.writerow(["" if values.get(h) is None else values.get(h) for h in headers])
    if encoding == "cp1258":
        return cp1258(text.getvalue())
    return text.getvalue().encode(encoding)


def csv_file(rows, name="danh-sach.csv", **kwargs):
    buffer = io.BytesIO(csv_bytes(rows, **kwargs))
    buffer.name = name
    return buffer
