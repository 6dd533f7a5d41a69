"""The sentences of a work report, built from figures the way Union reports write them:
"Tổ chức 12 cuộc tuyên truyền với 196 lượt đoàn viên tham gia, tổng kinh phí trên 150 triệu đồng."

Pure functions over plain values (Decimal, int, str), no Django: every sentence has a unit test.
Numbers go through doanvu.lib.vnnumbers: "2.145" with a dot, counts under ten as "03".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from doanvu.lib import vnnumbers as vn

Number = Decimal | int | float | None

HEADING = "ĐOÀN TNCS HỒ CHÍ MINH"
TITLE = "BÁO CÁO"
ON_BEHALF = "TM. BAN CHẤP HÀNH"
SIGNER_TITLE = "BÍ THƯ"
ARCHIVE = "Lưu VP."
EMPTY_SECTION = "…" * 40

# What an activity of each work area is called after "Tổ chức 12 cuộc …".
ACTIVITY_NOUNS = {
    "education": "tuyên truyền",
    "movements": "hoạt động",
    "companion": "hoạt động đồng hành với thanh niên",
    "children": "hoạt động cho thiếu nhi",
    "international": "hoạt động giao lưu, hội nhập quốc tế",
    "union_building": "hoạt động xây dựng Đoàn",
    "party_building": "hoạt động tham gia xây dựng Đảng",
    "inspection": "kiểm tra, giám sát",
}

# The symbol of the issuing body in "Số: 12-BC/ĐTN", by unit kind (editable on each report).
ISSUER_SYMBOLS = {
    "central": "TWĐTN",
    "province": "TĐTN",
    "district": "HĐTN",
    "bloc": "ĐTN",
    "attached": "ĐTN",
    "grassroots": "ĐTN",
    "inter_branch": "LCĐ",
    "grassroots_branch": "CĐ",
    "branch": "CĐ",
    "sub_branch": "CĐ",
}


# ---------------------------------------------------------------------------------------------------------
# Numbers


def _dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def has(value: Number) -> bool:
    """A figure worth a sentence: present and not zero."""
    return value is not None and _dec(value) != 0


def num(value: Number) -> str:
    """A count as Union reports write it: 3 → "03", 2145 → "2.145"; a fraction keeps up to two decimals."""
    if value is None:
        return "–"
    number = _dec(value)
    if number == number.to_integral_value():
        return vn.count(int(number))
    return vn.group(number, 2)


def money_about(value: Number) -> str:
    """Money the way a report states it: exact when it reads cleanly ("150 triệu đồng", "850.000 đồng"),
    otherwise "trên" and the amount rounded down ("trên 152,3 triệu đồng") — never more than was spent."""
    amount = _dec(value or 0)
    if abs(amount) < 1_000_000:
        return f"{vn.group(amount)} đồng"
    exact = vn.money(amount)
    if "triệu" in exact or "tỷ" in exact:
        return exact
    scale, word = (Decimal(10) ** 9, "tỷ") if amount >= Decimal(10) ** 9 else (Decimal(10) ** 6, "triệu")
    step = Decimal(1) if amount / scale >= 100 else Decimal("0.1")
    rounded = (amount / scale).quantize(step, rounding=ROUND_FLOOR)
    return f"trên {vn.group(rounded, 1)} {word} đồng"


def target_phrase(value: Number, target: Number, label: str = "chỉ tiêu") -> str:
    """ ", đạt 200% chỉ tiêu" — empty when there is no target."""
    if not has(target):
        return ""
    pct = vn.achievement(_dec(value or 0), _dec(target))
    return f", đạt {vn.percent(pct)} {label}"


# ---------------------------------------------------------------------------------------------------------
# The heading block


def issuer_name(kind_code: str, name: str) -> str:
    """ "BCH ĐOÀN TỈNH TRÀ VINH" for "Tỉnh đoàn Trà Vinh"; "BCH CHI ĐOÀN SỞ …" for "Chi đoàn Sở …"."""
    text = " ".join(name.split())
    if kind_code == "province" and text.lower().startswith("tỉnh đoàn "):
        text = "Đoàn tỉnh " + text[len("tỉnh đoàn ") :]
    return f"BCH {text.upper()}"


def number_line(kind_code: str, number: str = "") -> str:
    """ "Số: 12-BC/ĐTN" (number-TYPE/ISSUER); a blank number leaves room to write it in when issued."""
    symbol = ISSUER_SYMBOLS.get(kind_code, "ĐTN")
    return f"Số: {number or '   '}-BC/{symbol}"


def place_date(place: str, day: datetime.date) -> str:
    """ "Trà Vinh, ngày 15 tháng 12 năm 2020" — days under 10 and months under 3 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


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
    return [*lines, ARCHIVE]


# ---------------------------------------------------------------------------------------------------------
# Chapters


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    unit_label: str
    kind: str = "flow"


@dataclass
class ChapterFigures:
    """What one chapter is written from: the activities of its work area in the period, and the values of
    the indicators that belong to the area (organisation figures, Party figures, direct values …)."""

    area_code: str
    area_name: str
    period_label: str
    sessions: Number = None  # "cuộc": the activities of the area
    participations: Number = None
    funds_vnd: Number = None
    gifts: Number = None
    gifts_value_vnd: Number = None
    values: Mapping[str, Number] = field(default_factory=dict)
    indicators: list[IndicatorInfo] = field(default_factory=list)
    targets: Mapping[str, Number] = field(default_factory=dict)
    movements: list[tuple[str, int]] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    unit_is_branch: bool = False
    target_label: str = "chỉ tiêu"
    # Year-end evaluation: how the year is written ("năm 2025"), the unit's name, and its own classification
    # by the unit above for each year of the period: [(year, level code)].
    evaluation_label: str = ""
    unit_name: str = ""
    classifications: list[tuple[int, str]] = field(default_factory=list)


def _clauses(clauses: list[str]) -> str:
    """Clauses joined by "; " as one sentence with a capital and a full stop ("" when there are none)."""
    clauses = [c for c in clauses if c]
    if not clauses:
        return ""
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."


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
    """ "Hưởng ứng Ngày chủ nhật xanh (08 hoạt động), Chiến dịch Kỳ nghỉ hồng (03 hoạt động)." """
    if not movements:
        return ""
    return "Hưởng ứng " + ", ".join(f"{name} ({num(n)} hoạt động)" for name, n in movements) + "."


def highlights_sentence(titles: list[str]) -> str:
    """ "Tiêu biểu: Ra quân Ngày chủ nhật xanh; Hiến máu nhân đạo đợt 1." """
    titles = [t.strip().rstrip(".;,") for t in titles if t and t.strip()]
    if not titles:
        return ""
    return "Tiêu biểu: " + "; ".join(titles) + "."


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
    return _clauses(
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


def meetings_sentence(held: Number, attendance_pct: Number) -> str:
    """ "Tổ chức 48 buổi sinh hoạt chi đoàn, tỷ lệ đoàn viên tham gia sinh hoạt bình quân 95%." """
    parts = []
    if has(held):
        parts.append(f"tổ chức {num(held)} buổi sinh hoạt chi đoàn")
    if attendance_pct is not None:
        parts.append(f"tỷ lệ đoàn viên tham gia sinh hoạt bình quân {vn.percent(_dec(attendance_pct))}")
    if not parts:
        return ""
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def dues_sentence(collected: Number, in_arrears: Number) -> str:
    """ "Thu đoàn phí 1,2 triệu đồng; 03 đoàn viên chưa đóng đủ đoàn phí." """
    return _clauses(
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
    return _clauses(
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
    return vn.percent(_dec(part) * 100 / _dec(whole))


def evaluation_sentence(values: Mapping[str, Number], year_label: str) -> str:
    """ "Kết quả đánh giá, xếp loại đoàn viên năm 2025: 120 đoàn viên hoàn thành xuất sắc nhiệm vụ (20,5%), …"
    — each level with members, its share of the members evaluated."""
    evaluated = values.get("members_evaluated")
    if not has(evaluated):
        return ""
    parts = [
        f"{num(values[code])} đoàn viên {LEVEL_TEXT[level]} ({_share(values[code], evaluated)})"
        for code, level in LEVEL_CODES.items()
        if has(values.get(code))
    ]
    label = f" {year_label}" if year_label else ""
    return f"Kết quả đánh giá, xếp loại đoàn viên{label}: " + ", ".join(parts) + "."


def training_sentence(registered: Number) -> str:
    """ "Có 150 đoàn viên đăng ký chương trình rèn luyện đoàn viên." """
    if not has(registered):
        return ""
    return f"Có {num(registered)} đoàn viên đăng ký chương trình rèn luyện đoàn viên."


def classification_sentence(year: int, unit_name: str, level: str) -> str:
    """ "Kết quả năm 2025, Chi đoàn … được xếp loại hoàn thành xuất sắc nhiệm vụ." (docs/domain.md)"""
    if level not in LEVEL_TEXT:
        return ""
    return f"Kết quả năm {year}, {unit_name} được xếp loại {LEVEL_TEXT[level]}."


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


# Indicators with their own wording; each entry: the codes it consumes, and the sentence it writes.
_SINGLE = {
    "news_articles": _simple("Đăng tải {} tin, bài tuyên truyền."),
    "trees_planted": _simple("Trồng mới {} cây xanh."),
    "initiatives": _simple("Có {} sáng kiến, giải pháp được công nhận."),
    "children_reached": _simple("Chăm lo, tổ chức hoạt động cho {} lượt thiếu nhi."),
    "awareness_course_youth": _simple("Mở lớp cảm tình Đoàn cho {} thanh niên."),
}
ORGANISATION = ("grassroots_units", "branches", "members", "party_members")
MEMBERSHIP = (
    "members_admitted",
    "members_came_of_age",
    "members_transferred_in",
    "members_transferred_out",
    "members_removed",
)
MEETINGS = ("meetings_held", "meeting_attendance_pct", "meeting_attendances", "meeting_expected")
DUES = ("dues_collected_vnd", "members_in_arrears")
PARTY = ("outstanding_introduced", "party_admitted", "party_full_members")
BLOOD = ("blood_donors", "blood_units")
EVALUATION = (
    "members_evaluated",
    "members_outstanding",
    "members_good",
    "members_completed",
    "members_not_completed",
    "members_evaluated_pct",
    "training_registered",
)
PROJECTS = ("youth_projects", "youth_projects_registered")


def generic_sentence(
    info: IndicatorInfo, value: Number, target: Number = None, label: str = "chỉ tiêu"
) -> str:
    """ "Số người tham gia chương trình X: 1.250 người." for an indicator without its own wording
    (a province's own campaign, say)."""
    if not has(value):
        return ""
    shown = vn.percent(_dec(value)) if info.kind == "ratio" else f"{num(value)} {info.unit_label}"
    return f"{info.name}: {shown}{target_phrase(value, target, label)}."


def indicator_sentences(ch: ChapterFigures) -> list[str]:
    """The sentences for the area's own indicators, in the area's indicator order."""
    v, t, label = ch.values, ch.targets, ch.target_label
    codes = {info.code for info in ch.indicators}
    done: set[str] = set()
    out: list[str] = []

    def group(names: tuple[str, ...], sentence: str) -> None:
        done.update(names)
        out.append(sentence)

    for info in ch.indicators:
        code = info.code
        if code in done:
            continue
        if code in ORGANISATION:
            group(ORGANISATION, organisation_sentence(v, unit_is_branch=ch.unit_is_branch))
        elif code in MEMBERSHIP:
            group(MEMBERSHIP, membership_sentence(v, t, label))
        elif code in MEETINGS:
            group(MEETINGS, meetings_sentence(v.get("meetings_held"), v.get("meeting_attendance_pct")))
        elif code in DUES:
            group(DUES, dues_sentence(v.get("dues_collected_vnd"), v.get("members_in_arrears")))
        elif code in PARTY:
            group(PARTY, party_sentence(v, t, label))
        elif code in EVALUATION:
            group(EVALUATION, evaluation_sentence(v, ch.evaluation_label))
            out.append(training_sentence(v.get("training_registered")))
        elif code in BLOOD:
            group(BLOOD, blood_sentence(v.get("blood_donors"), v.get("blood_units")))
        elif code in PROJECTS:
            group(PROJECTS, projects_sentence(v.get("youth_projects"), v.get("youth_projects_registered")))
        elif code == "branches_congress_held":
            grassroots = v.get("grassroots_units") if "grassroots_units" in codes else None
            group((code,), congress_sentence(v.get(code), grassroots))
        elif code in _SINGLE:
            group((code,), _SINGLE[code](v.get(code)))
        else:
            group((code,), generic_sentence(info, v.get(code), t.get(code), label))
    return [s for s in out if s]


def no_data_sentence(period_label: str) -> str:
    return f"Trong {period_label}, chưa có hoạt động, số liệu nào được ghi nhận ở mặt công tác này."


def chapter_paragraphs(ch: ChapterFigures) -> list[str]:
    """The chapter as paragraphs: what was organised (activities, gifts, movements, highlights), then the
    area's own figures. A chapter with nothing recorded says so in one sentence."""
    noun = ACTIVITY_NOUNS.get(ch.area_code, "hoạt động")
    first = [
        activity_sentence(noun, ch.sessions, ch.participations, ch.funds_vnd),
        gifts_sentence(ch.gifts, ch.gifts_value_vnd),
        movements_sentence(ch.movements),
        highlights_sentence(ch.highlights),
    ]
    classified = [classification_sentence(year, ch.unit_name, level) for year, level in ch.classifications]
    paragraphs = [
        " ".join(s for s in first if s),
        " ".join(indicator_sentences(ch)),
        " ".join(s for s in classified if s),
    ]
    paragraphs = [p for p in paragraphs if p]
    return paragraphs or [no_data_sentence(ch.period_label)]


def chapter_text(ch: ChapterFigures) -> str:
    """The chapter as editable text: one paragraph a line."""
    return "\n".join(chapter_paragraphs(ch))


def paragraphs_of(text: str) -> list[str]:
    """Editable text back into paragraphs: one a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
