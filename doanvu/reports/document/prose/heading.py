"""The work report's own words in the frame of an official document (doanvu.documents.official): the
title, on whose behalf it is signed, its number line, subject, opening sentence and recipients."""

from __future__ import annotations

from doanvu.documents import official

TITLE = "BÁO CÁO"
ON_BEHALF = "TM. BAN CHẤP HÀNH"
DOCUMENT_TYPE = "BC"


def number_line(kind_code: str, number: str = "") -> str:
    """ "Số: 12-BC/ĐTN" (number-TYPE/ISSUER); a blank number leaves room to write it in when issued."""
    return official.number_line(kind_code, DOCUMENT_TYPE, number)


def subject(period_label: str) -> str:
    return f"Kết quả công tác Đoàn và phong trào thanh thiếu nhi {period_label}"


def intro(unit_name: str, period_label: str) -> str:
    return (
        f"Thực hiện Chương trình công tác Đoàn và phong trào thanh thiếu nhi {period_label}, "
        f"Ban Chấp hành {unit_name} báo cáo kết quả thực hiện như sau:"
    )


def recipients(parent_name: str | None) -> list[str]:
    """ "Nơi nhận: - BTV <parent>; - Lưu VP." (one line each, without the dashes)."""
    lines = [f"BTV {parent_name};"] if parent_name else []
    return [*lines, official.ARCHIVE]
