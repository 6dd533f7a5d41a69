"""The work report's own words in the frame of an official document (doanvu.documents.official): the
title, its number line, subject and opening paragraph. On whose behalf it is signed and its recipients
depend on the unit's level and live in official.py."""

from __future__ import annotations

from doanvu.documents import official

TITLE = "BÁO CÁO"
DOCUMENT_TYPE = "BC"
QUOTES = '“”"« »'


def number_line(kind_code: str, number: str = "") -> str:
    """ "Số: 12-BC/ĐTN" (number-TYPE/ISSUER); a blank number leaves room to write it in when issued."""
    return official.number_line(kind_code, DOCUMENT_TYPE, number)


def subject(period_label: str) -> str:
    return f"Kết quả công tác Đoàn và phong trào thanh thiếu nhi {period_label}"


def intro(
    *,
    unit_name: str,
    period_label: str,
    committee: str = "Ban Chấp hành",
    above: str = "",
    party_committee: str = "",
    theme: str = "",
) -> str:
    """The opening paragraph: whose programme the unit carried out, under whose leadership, the year's
    theme where there is one, and what the report is about."""
    plan = f"Chương trình công tác Đoàn và phong trào thanh thiếu nhi {period_label}"
    text = f"Thực hiện {plan} của Ban Chấp hành {above}" if above else f"Thực hiện {plan} của Trung ương Đoàn"
    if party_committee:
        text += f", dưới sự lãnh đạo, chỉ đạo của {party_committee}"
    if theme:
        text += f", với chủ đề năm “{theme.strip(QUOTES)}”"
    return f"{text}, {committee} {unit_name} báo cáo kết quả thực hiện {period_label} như sau:"
