"""The sentences of a chapter, each from a few figures: "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn
viên tham gia, tổng kinh phí trên 150 triệu đồng." Each returns "" when it has nothing to say. Pure
functions over plain values (Decimal, int, str), no Django: every sentence has a unit test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from doanvu.lib import vnnumbers as vn

from .amounts import Number, clauses, dec, has, money_about, num, target_phrase


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    unit_label: str
    kind: str = "flow"


# ---------------------------------------------------------------------------------------------------------
# What was organised


def activity_sentence(noun: str, sessions: Number, participations: Number, funds: Number = None) -> str:
    """ "Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia, tổng kinh phí trên 150 triệu đồng." """
    if not has(sessions):
        return ""
    text = f"Tổ chức {num(sessions)} cuộc {noun}"
    if has(participations):
        text += f" với {num(participations)} lượt đoàn viên tham gia"
    if has(funds):
        text += f", tổng kinh phí {money_about(funds)}"
    return text + "."


# How a chapter's activities open, by work area, so that the chapters do not all begin alike; "{n}" is the
# number of activities. Areas not listed (and the education chapter) open "Tổ chức 12 cuộc …".
OPENINGS = {
    "movements": "Các phong trào hành động cách mạng được triển khai qua {n} hoạt động",
    "companion": "Đồng hành với thanh niên, đơn vị tổ chức {n} hoạt động",
    "children": "Công tác chăm lo cho thiếu nhi có {n} hoạt động",
    "international": "Triển khai {n} hoạt động giao lưu, hội nhập quốc tế",
    "union_building": "Về xây dựng Đoàn, tổ chức {n} hoạt động",
    "party_building": "Tham gia xây dựng Đảng, tổ chức {n} hoạt động",
    "inspection": "Tiến hành {n} cuộc kiểm tra, giám sát",
}


def opening_sentence(
    area_code: str, noun: str, sessions: Number, participations: Number, funds: Number = None
) -> str:
    """The chapter's first sentence: its activities, worded by work area ("Về xây dựng Đoàn, tổ chức 05
    hoạt động với 80 lượt đoàn viên tham gia.")."""
    if area_code not in OPENINGS:
        return activity_sentence(noun, sessions, participations, funds)
    if not has(sessions):
        return ""
    text = OPENINGS[area_code].format(n=num(sessions))
    if has(participations):
        text += f" với {num(participations)} lượt đoàn viên tham gia"
    if has(funds):
        text += f", tổng kinh phí {money_about(funds)}"
    return text + "."


# The kind a movement's name may begin with, written before its quoted name: Phong trào “Thanh niên tình
# nguyện”, Chiến dịch “Kỳ nghỉ hồng”.
NAME_KINDS = ("Phong trào", "Chiến dịch", "Cuộc vận động", "Chương trình", "Cuộc thi", "Ngày hội", "Tháng")
QUOTE_MARKS = '“”"«»'


def quoted(name: str) -> str:
    """A movement or campaign named the Union's way: its own name in quotes, its kind before them when
    the name proper follows it with a capital, and no brackets inside ("Hiến máu nhân đạo (Hành trình đỏ)" → “Hiến máu nhân đạo – Hành trình đỏ”)."""
    text = " ".join(name.translate({ord(c): None for c in QUOTE_MARKS}).split())
    text = re.sub(r"\s*\(([^()]*)\)", r" – \1", text).strip(" –")
    for kind in NAME_KINDS:
        rest = text[len(kind) + 1 :]
        if text.startswith(kind + " ") and rest[:1].isupper():
            return f"{kind} “{rest}”"
    return f"“{text}”"


def similar(a: str, b: str) -> bool:
    """Two highlights that say the same thing: most of their words (years and numbers aside) shared."""

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"\w+", text.lower()) if not w.isdigit() and w not in ("lễ", "năm")}

    x, y = words(a), words(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= 0.8


def distinct(titles: list[str], limit: int | None = None) -> list[str]:
    """The titles in the order given, each saying something the earlier ones did not (at most `limit`)."""
    kept: list[str] = []
    for title in (t.strip().rstrip(".;,") for t in titles if t and t.strip()):
        if not any(similar(title, other) for other in kept):
            kept.append(title)
    return kept[:limit] if limit else kept


def gifts_sentence(gifts: Number, value: Number) -> str:
    """ "Trao tặng 58 phần quà trị giá 5,8 triệu đồng." """
    if has(gifts) and has(value):
        return f"Trao tặng {num(gifts)} phần quà trị giá {money_about(value)}."
    if has(gifts):
        return f"Trao tặng {num(gifts)} phần quà."
    if has(value):
        return f"Trao tặng quà trị giá {money_about(value)}."
    return ""


def movements_sentence(movements: list[tuple[str, int]]) -> str:
    """ "Hưởng ứng “Ngày chủ nhật xanh” với 08 hoạt động, Chiến dịch “Kỳ nghỉ hồng” với 03 hoạt động." """
    if not movements:
        return ""
    return "Hưởng ứng " + ", ".join(f"{quoted(name)} với {num(n)} hoạt động" for name, n in movements) + "."


def highlights_sentence(titles: list[str]) -> str:
    """ "Tiêu biểu: Ra quân Ngày chủ nhật xanh; Hiến máu nhân đạo đợt 1." — in the order given (by weight),
    a highlight that repeats an earlier one in other words left out."""
    titles = distinct(titles)
    if not titles:
        return ""
    return "Tiêu biểu: " + "; ".join(titles) + "."


# ---------------------------------------------------------------------------------------------------------
# The figures of the work areas


def organisation_sentence(values: Mapping[str, Number], *, unit_is_branch: bool = False) -> str:
    """ "Đến cuối kỳ, toàn đơn vị có 40 cơ sở đoàn, 29 chi đoàn với 2.145 đoàn viên, trong đó 446 đảng viên." """
    members, party = values.get("members"), values.get("party_members")
    if unit_is_branch:
        if members is None:
            return ""
        text = f"Đến cuối kỳ, chi đoàn có {num(members)} đoàn viên"
    else:
        units = [
            f"{num(values[code])} {label}"
            for code, label in (("grassroots_units", "cơ sở đoàn"), ("branches", "chi đoàn"))
            if has(values.get(code))
        ]
        if not units and members is None:
            return ""
        text = "Đến cuối kỳ, toàn đơn vị có " + ", ".join(units)
        if members is not None:
            text += (" với " if units else "") + f"{num(members)} đoàn viên"
    if has(party):
        text += f", trong đó {num(party)} đảng viên"
    return text + "."


def membership_sentence(values: Mapping[str, Number], targets: Mapping[str, Number], label: str) -> str:
    """ "Kết nạp 25 đoàn viên mới; 12 đoàn viên trưởng thành Đoàn; tiếp nhận 05 đoàn viên chuyển đến; …" """
    v = values.get
    return clauses(
        [
            f"kết nạp {num(v('members_admitted'))} đoàn viên mới"
            + target_phrase(v("members_admitted"), targets.get("members_admitted"), label)
            if has(v("members_admitted"))
            else "",
            f"{num(v('members_came_of_age'))} đoàn viên trưởng thành Đoàn"
            if has(v("members_came_of_age"))
            else "",
            f"tiếp nhận {num(v('members_transferred_in'))} đoàn viên chuyển đến"
            if has(v("members_transferred_in"))
            else "",
            f"chuyển sinh hoạt đi {num(v('members_transferred_out'))} đoàn viên"
            if has(v("members_transferred_out"))
            else "",
            f"xóa tên, khai trừ {num(v('members_removed'))} đoàn viên" if has(v("members_removed")) else "",
        ]
    )


def meetings_sentence(
    held: Number, attendance_pct: Number, attendances: Number = None, expected: Number = None
) -> str:
    """ "Tổ chức 48 buổi sinh hoạt chi đoàn, tỷ lệ đoàn viên tham gia sinh hoạt bình quân 95% (456/480
    lượt)." — the base given when the attendances are known."""
    parts = []
    if has(held):
        parts.append(f"tổ chức {num(held)} buổi sinh hoạt chi đoàn")
    if attendance_pct is not None:
        base = f" ({num(attendances)}/{num(expected)} lượt)" if has(attendances) and has(expected) else ""
        parts.append(f"tỷ lệ đoàn viên tham gia sinh hoạt bình quân {vn.percent(dec(attendance_pct))}{base}")
    if not parts:
        return ""
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def dues_sentence(collected: Number, in_arrears: Number) -> str:
    """ "Thu đoàn phí 1,2 triệu đồng; 03 đoàn viên chưa đóng đủ đoàn phí." """
    return clauses(
        [
            f"thu đoàn phí {money_about(collected)}" if has(collected) else "",
            f"{num(in_arrears)} đoàn viên chưa đóng đủ đoàn phí" if has(in_arrears) else "",
        ]
    )


def congress_sentence(held: Number, grassroots_units: Number) -> str:
    """ "34/40 cơ sở đoàn đã tổ chức đại hội." """
    if not has(held):
        return ""
    if has(grassroots_units):
        return f"{num(held)}/{num(grassroots_units)} cơ sở đoàn đã tổ chức đại hội."
    return f"Có {num(held)} cơ sở đoàn đã tổ chức đại hội."


def party_sentence(values: Mapping[str, Number], targets: Mapping[str, Number], label: str) -> str:
    """ "Giới thiệu 04 đoàn viên ưu tú, đạt 200% chỉ tiêu; 02 đoàn viên được kết nạp Đảng; …" """
    v = values.get
    return clauses(
        [
            f"giới thiệu {num(v('outstanding_introduced'))} đoàn viên ưu tú"
            + target_phrase(v("outstanding_introduced"), targets.get("outstanding_introduced"), label)
            if has(v("outstanding_introduced"))
            else "",
            f"{num(v('party_admitted'))} đoàn viên được kết nạp Đảng"
            + target_phrase(v("party_admitted"), targets.get("party_admitted"), label)
            if has(v("party_admitted"))
            else "",
            f"{num(v('party_full_members'))} đồng chí chuyển đảng chính thức"
            if has(v("party_full_members"))
            else "",
        ]
    )


# The four levels of member and unit evaluation (guideline of 2023), as they read inside a sentence.
LEVEL_TEXT = {
    "outstanding": "hoàn thành xuất sắc nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "completed": "hoàn thành nhiệm vụ",
    "not_completed": "không hoàn thành nhiệm vụ",
}
LEVEL_CODES = {
    "members_outstanding": "outstanding",
    "members_good": "good",
    "members_completed": "completed",
    "members_not_completed": "not_completed",
}


def _share(part: Number, whole: Number) -> str:
    return vn.percent(dec(part) * 100 / dec(whole))


def evaluation_sentence(values: Mapping[str, Number], year_label: str) -> str:
    """ "Kết quả đánh giá, xếp loại 585 đoàn viên năm 2025: 120 đoàn viên hoàn thành xuất sắc nhiệm vụ
    (20,5%), …" — the members evaluated, then each level with members and its share of them."""
    evaluated = values.get("members_evaluated")
    if not has(evaluated):
        return ""
    parts = [
        f"{num(values[code])} đoàn viên {LEVEL_TEXT[level]} ({_share(values[code], evaluated)})"
        for code, level in LEVEL_CODES.items()
        if has(values.get(code))
    ]
    label = f" {year_label}" if year_label else ""
    return f"Kết quả đánh giá, xếp loại {num(evaluated)} đoàn viên{label}: " + ", ".join(parts) + "."


def training_sentence(registered: Number) -> str:
    """ "Có 150 đoàn viên đăng ký chương trình rèn luyện đoàn viên." """
    if not has(registered):
        return ""
    return f"Có {num(registered)} đoàn viên đăng ký chương trình rèn luyện đoàn viên."


def classification_sentence(year: int, unit_name: str, level: str) -> str:
    """ "Kết quả năm 2025, Chi đoàn … được xếp loại hoàn thành xuất sắc nhiệm vụ." """
    if level not in LEVEL_TEXT:
        return ""
    return f"Kết quả năm {year}, {unit_name} được xếp loại {LEVEL_TEXT[level]}."


def subunits_classification_sentence(year: int, counts: dict[str, dict[str, int]]) -> str:
    """ "Kết quả xếp loại tổ chức Đoàn năm 2025: 04 cơ sở đoàn (03 hoàn thành xuất sắc nhiệm vụ, 01 hoàn thành tốt nhiệm
    vụ), 25 chi đoàn (…); 27/29 đơn vị hoàn thành tốt nhiệm vụ trở lên (93,1%)." — `counts` maps a group
    ("cơ sở đoàn", "chi đoàn") to {level: units}; "" when no unit under was classified."""
    groups = [(name, levels) for name, levels in counts.items() if sum(levels.values())]
    if not groups:
        return ""
    parts = []
    for name, levels in groups:
        inner = ", ".join(
            f"{num(levels[level])} {text}" for level, text in LEVEL_TEXT.items() if levels.get(level)
        )
        parts.append(f"{num(sum(levels.values()))} {name} ({inner})")
    total = sum(sum(levels.values()) for _name, levels in groups)
    good = sum(levels.get("outstanding", 0) + levels.get("good", 0) for _name, levels in groups)
    share = f"; {num(good)}/{num(total)} đơn vị hoàn thành tốt nhiệm vụ trở lên ({_share(good, total)})"
    return f"Kết quả xếp loại tổ chức Đoàn năm {year}: " + ", ".join(parts) + share + "."


def blood_sentence(donors: Number, units: Number) -> str:
    """ "Có 200 lượt đoàn viên, thanh niên tham gia hiến máu, hiến được 114 đơn vị máu." """
    if has(donors) and has(units):
        return f"Có {num(donors)} lượt đoàn viên, thanh niên tham gia hiến máu, hiến được {num(units)} đơn vị máu."
    if has(donors):
        return f"Có {num(donors)} lượt đoàn viên, thanh niên tham gia hiến máu."
    if has(units):
        return f"Hiến được {num(units)} đơn vị máu."
    return ""


def projects_sentence(done: Number, registered: Number) -> str:
    """ "Triển khai thực hiện 33/41 công trình, phần việc thanh niên đã đăng ký." """
    if has(done) and has(registered):
        return (
            f"Triển khai thực hiện {num(done)}/{num(registered)} công trình, phần việc thanh niên đã đăng ký."
        )
    if has(done):
        return f"Thực hiện {num(done)} công trình, phần việc thanh niên."
    if has(registered):
        return f"Đăng ký {num(registered)} công trình, phần việc thanh niên."
    return ""


def _simple(template: str):
    def sentence(value: Number) -> str:
        return template.format(num(value)) if has(value) else ""

    return sentence


# Indicators with a sentence of their own, by code.
SINGLE = {
    "news_articles": _simple("Đăng tải {} tin, bài tuyên truyền."),
    "trees_planted": _simple("Trồng mới {} cây xanh."),
    "initiatives": _simple("Có {} sáng kiến, giải pháp được công nhận."),
    "children_reached": _simple("Chăm lo, tổ chức hoạt động cho {} lượt thiếu nhi."),
    "awareness_course_youth": _simple("Mở lớp cảm tình Đoàn cho {} thanh niên."),
}


def generic_sentence(
    info: IndicatorInfo, value: Number, target: Number = None, label: str = "chỉ tiêu"
) -> str:
    """ "Số người tham gia chương trình X: 1.250 người." for an indicator without its own wording
    (a province's own campaign, say)."""
    if not has(value):
        return ""
    shown = vn.percent(dec(value)) if info.kind == "ratio" else f"{num(value)} {info.unit_label}"
    return f"{info.name}: {shown}{target_phrase(value, target, label)}."
