"""The second half of the report drafted from figures (docs/domain.md, "The official form"): the general
assessment (strengths, limitations, their causes, lessons in annual and term reports), the direction for
the next period, the proposals and the closing sentence. Every sentence states the figure it rests on;
the officer edits them before finalising (document/services.py keeps the edits).

Pure functions over plain values (AssessmentFigures), no Django: every sentence has a unit test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from doanvu.lib import vnnumbers as vn

from .amounts import Number, dec, decimals, has, num
from .sentences import quoted

# Below this average attendance (%), meetings are a limitation rather than a strength.
ATTENDANCE_GOOD = Decimal(80)
# Counts this small swing by chance from one year to the next: a change is written only when the larger
# of the two figures is at least this.
SMALL = Decimal(5)
# From this share of members in arrears (%), the drafted causes name the dues collection.
ARREARS_SHARE = Decimal(5)
# How many unit names a sentence lists before "và N đơn vị khác".
NAMES_SHOWN = 4
# How many open data-quality warnings a sentence quotes before "và N cảnh báo khác".
NAMES_SHOWN_WARNINGS = 2


@dataclass
class Figure:
    """An indicator's figure: achieved against a target, or now against the same period last year."""

    name: str
    unit_label: str
    value: Number = None
    base: Number = None  # the target, or last year's figure


@dataclass
class AssessmentFigures:
    unit_name: str
    period_label: str
    next_label: str
    # "Ban Thường vụ" or "Ban Chấp hành": the committee the report speaks for.
    committee: str = "Ban Chấp hành"
    above: str = ""  # "Ban Thường vụ Tỉnh đoàn Trà Vinh" (or the centre)
    party_committee: str = ""
    annual: bool = False  # annual and term reports draw lessons
    branch: bool = False  # a branch speaks of itself, not of "some branches" or "some units"
    targets: list[Figure] = field(default_factory=list)
    changes: list[Figure] = field(default_factory=list)
    next_targets: list[Figure] = field(default_factory=list)
    members: Number = None
    in_arrears: Number = None
    meetings_held: Number = None
    attendance_pct: Number = None
    attendances: Number = None
    expected: Number = None
    subunits: int = 0  # subunits asked for a report of the period
    late: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    open_warnings: int = 0
    warnings: list[str] = field(default_factory=list)  # what the open ones say, as the checks word them
    classification: list[str] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)
    upcoming: list[str] = field(default_factory=list)  # movements on the next period's calendar
    top_area: tuple[str, Number, Number] | None = None  # (work area, sessions, participations)


# ---------------------------------------------------------------------------------------------------------
# How a figure reads


def lower_first(text: str) -> str:
    """ "Đoàn viên mới kết nạp" → "đoàn viên mới kết nạp"; an acronym ("ĐVTN") keeps its case."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def pct(part: Number, whole: Number) -> str:
    """part of whole in percent, one decimal: "12,5%"."""
    return vn.percent((dec(part) * 100 / dec(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_money(figure: Figure) -> bool:
    return figure.unit_label == "đồng"


def money_scale(*amounts: Number) -> tuple[Decimal, str]:
    """One scale for every amount of a sentence, chosen by the largest: (10⁹, "tỷ") or (10⁶, "triệu")."""
    largest = max(abs(dec(a or 0)) for a in amounts)
    if largest >= Decimal(10) ** 9:
        return Decimal(10) ** 9, "tỷ"
    return Decimal(10) ** 6, "triệu"


def amount(value: Number, scale: tuple[Decimal, str]) -> str:
    """ "4,19 tỷ đồng" — in the sentence's scale, two decimals at most."""
    factor, word = scale
    return f"{decimals(dec(value or 0) / factor)} {word} đồng"


def unit_after(figure: Figure) -> str:
    """ " công trình" after the difference, or "" when the indicator's name says it already ("số đoàn
    viên tăng 620", not "… tăng 620 đoàn viên")."""
    label = figure.unit_label.strip()
    return "" if not label or label.lower() in figure.name.lower() else f" {label}"


def counted(figure: Figure) -> str:
    """The indicator's name as the subject of a change: "số đoàn viên", "số cuộc, buổi hoạt động"."""
    name = lower_first(figure.name)
    return name if is_money(figure) or name.startswith("số ") else f"số {name}"


def achieved(figure: Figure) -> str:
    """ "đoàn viên mới kết nạp 45/40 đoàn viên, đạt 112,5%" — a percentage with its base."""
    name = lower_first(figure.name)
    if is_money(figure):
        scale = money_scale(figure.value, figure.base)
        done = f"{amount(figure.value, scale)}/{amount(figure.base, scale)}"
    else:
        done = f"{num(figure.value or 0)}/{num(figure.base)} {figure.unit_label}"
    return f"{name} {done}, đạt {pct(figure.value or 0, figure.base)}"


def change(figure: Figure) -> str:
    """ "số cuộc, buổi hoạt động tăng 12 (từ 100 lên 112, tăng 12%)"."""
    now, before = dec(figure.value), dec(figure.base)
    word, way = ("tăng", "lên") if now > before else ("giảm", "xuống")
    name = counted(figure)
    share = pct(abs(now - before), before)
    if is_money(figure):
        scale = money_scale(now, before)
        return f"{name} {word} từ {amount(before, scale)} {way} {amount(now, scale)} ({word} {share})"
    return f"{name} {word} {num(abs(now - before))}{unit_after(figure)} (từ {num(before)} {way} {num(now)}, {word} {share})"


def met(f: AssessmentFigures) -> list[Figure]:
    return [t for t in f.targets if has(t.base) and dec(t.value or 0) >= dec(t.base)]


def missed(f: AssessmentFigures) -> list[Figure]:
    return [t for t in f.targets if has(t.base) and dec(t.value or 0) < dec(t.base)]


def telling(c: Figure) -> bool:
    """A change worth a sentence: both figures known and the larger at least SMALL (03 → 01 is chance)."""
    return has(c.base) and c.value is not None and max(dec(c.value), dec(c.base)) >= SMALL


def rises(f: AssessmentFigures) -> list[Figure]:
    return [c for c in f.changes if telling(c) and dec(c.value) > dec(c.base)]


def falls(f: AssessmentFigures) -> list[Figure]:
    return [c for c in f.changes if telling(c) and dec(c.value) < dec(c.base)]


def names(units: list[str]) -> str:
    """ "A, B, C, D và 03 đơn vị khác"."""
    shown = ", ".join(units[:NAMES_SHOWN])
    rest = len(units) - NAMES_SHOWN
    return f"{shown} và {num(rest)} đơn vị khác" if rest > 0 else shown


def sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".") if text else ""


def low_attendance(f: AssessmentFigures) -> bool:
    return f.attendance_pct is not None and dec(f.attendance_pct) < ATTENDANCE_GOOD


def many_in_arrears(f: AssessmentFigures) -> bool:
    """Arrears that point at a cause: at least ARREARS_SHARE of the members (any, when members are unknown)."""
    if not has(f.in_arrears):
        return False
    return not has(f.members) or dec(f.in_arrears) * 100 >= ARREARS_SHARE * dec(f.members)


def attendance_base(f: AssessmentFigures) -> str:
    if has(f.attendances) and has(f.expected):
        return f" ({num(f.attendances)}/{num(f.expected)} lượt)"
    return ""


# ---------------------------------------------------------------------------------------------------------
# The parts


def strengths(f: AssessmentFigures) -> list[str]:
    out = []
    if f.top_area and has(f.top_area[1]):
        area, sessions, joined = f.top_area
        people = f" với {num(joined)} lượt đoàn viên, thanh niên tham gia" if has(joined) else ""
        out.append(f"Nổi bật nhất là {lower_first(area)}: {num(sessions)} cuộc{people}.")
    done = met(f)
    if done:
        total = len(met(f)) + len(missed(f))
        out.append(
            f"Hoàn thành {num(len(done))}/{num(total)} chỉ tiêu được giao: "
            + "; ".join(map(achieved, done))
            + "."
        )
    up = rises(f)
    if up:
        out.append("So với cùng kỳ năm trước, " + "; ".join(map(change, up)) + ".")
    if has(f.meetings_held) and f.attendance_pct is not None and not low_attendance(f):
        out.append(
            f"Sinh hoạt được duy trì đều: {num(f.meetings_held)} buổi sinh hoạt chi đoàn, tỷ lệ đoàn viên dự "
            f"sinh hoạt bình quân {vn.percent(dec(f.attendance_pct))}{attendance_base(f)}."
        )
    if f.subunits and not f.late and not f.missing:
        out.append(f"{num(f.subunits)}/{num(f.subunits)} đơn vị trực thuộc gửi báo cáo đúng hạn.")
    out.extend(s for s in f.classification if s)
    if not out:
        out.append(f"Trong {f.period_label}, {f.unit_name} chưa ghi nhận kết quả nổi bật nào trên hệ thống.")
    return out


def shortcomings(f: AssessmentFigures) -> list[str]:
    out = []
    short, total = missed(f), len(f.targets)
    if short:
        out.append(
            f"Còn {num(len(short))}/{num(total)} chỉ tiêu chưa đạt: " + "; ".join(map(achieved, short)) + "."
        )
    down = falls(f)
    if down:
        out.append("So với cùng kỳ năm trước, " + "; ".join(map(change, down)) + ".")
    if low_attendance(f):
        out.append(
            f"Tỷ lệ đoàn viên dự sinh hoạt bình quân mới đạt {vn.percent(dec(f.attendance_pct))}{attendance_base(f)}."
        )
    if has(f.in_arrears):
        base = f"/{num(f.members)}" if has(f.members) else ""
        share = f" ({pct(f.in_arrears, f.members)} số đoàn viên)" if has(f.members) else ""
        out.append(f"Còn {num(f.in_arrears)}{base} đoàn viên chưa đóng đủ đoàn phí{share}.")
    reports = []
    if f.late:
        reports.append(
            f"{num(len(f.late))}/{num(f.subunits)} đơn vị trực thuộc gửi báo cáo muộn ({names(f.late)})"
        )
    if f.missing:
        reports.append(
            f"{num(len(f.missing))}/{num(f.subunits)} đơn vị chưa gửi báo cáo ({names(f.missing)})"
        )
    if reports:
        # A sentence never opens on a figure: "Có 01/05 đơn vị …", not "01/05 đơn vị …".
        out.append(sentence("Có " + "; ".join(reports)))
    if f.open_warnings:
        said = [w.strip().rstrip(".") for w in f.warnings[:NAMES_SHOWN_WARNINGS] if w.strip()]
        more = f.open_warnings - len(said)
        if said and more > 0:
            said.append(f"và {num(more)} cảnh báo khác")
        out.append(
            f"Còn {num(f.open_warnings)} cảnh báo về số liệu của kỳ chưa được sửa hoặc giải trình"
            + (": " + "; ".join(said) if said else "")
            + "."
        )
    if not out:
        out.append(
            f"Trong {f.period_label}, không có chỉ tiêu nào chưa đạt, không có số liệu nào giảm so với cùng kỳ "
            "năm trước và không có đoàn viên nợ đoàn phí."
        )
    return out


def causes(f: AssessmentFigures) -> list[str]:
    out = []
    short = missed(f)
    if short:
        out.append(
            "Việc theo dõi, đôn đốc tiến độ trong kỳ chưa thường xuyên đối với chỉ tiêu "
            + ", ".join(lower_first(t.name) for t in short)
            + "."
        )
    where = "" if f.branch else " ở một số chi đoàn"
    if low_attendance(f) or many_in_arrears(f):
        out.append(f"Việc duy trì sinh hoạt và thu, nộp đoàn phí hằng tháng{where} chưa nền nếp.")
    elif has(f.in_arrears):
        out.append(f"Việc đôn đốc thu đoàn phí{where} chưa kịp thời.")
    if f.late or f.missing or f.open_warnings:
        where = "" if f.branch else " ở một số đơn vị"
        out.append(f"Việc cập nhật, kiểm tra số liệu{where} chưa kịp thời, chưa đầy đủ.")
    if falls(f) and not out:
        out.append("Hoạt động trong kỳ chưa được duy trì ở mức của cùng kỳ năm trước.")
    if not out:
        out.append("Số liệu của kỳ không cho thấy hạn chế nào cần làm rõ nguyên nhân.")
    return out


def lessons(f: AssessmentFigures) -> list[str]:
    """Annual and term reports only (empty otherwise)."""
    if not f.annual:
        return []
    out = []
    done, total = met(f), len(met(f)) + len(missed(f))
    if total and len(done) * 2 >= total:
        out.append(
            "Bám sát chương trình công tác và các chỉ tiêu được giao, theo dõi tiến độ thường xuyên: "
            f"{num(len(done))}/{num(total)} chỉ tiêu đã hoàn thành."
        )
    elif total:
        # Fewer than half the targets met: the lesson is what was missing, not what worked.
        out.append(
            "Cần bám sát chương trình công tác và các chỉ tiêu được giao, theo dõi tiến độ thường xuyên hơn "
            f"ngay từ đầu kỳ: mới hoàn thành {num(len(done))}/{num(total)} chỉ tiêu."
        )
    if f.top_area and has(f.top_area[1]):
        out.append(
            "Chọn hoạt động thiết thực, gắn với nhu cầu của đoàn viên, thanh niên để thu hút đông đảo người "
            f"tham gia, như ở {lower_first(f.top_area[0])}."
        )
    where = f"sự lãnh đạo của {f.party_committee} và " if f.party_committee else ""
    out.append(f"Tranh thủ {where}sự chỉ đạo của {f.above or 'Đoàn cấp trên'} trong mọi hoạt động.")
    return out


def direction(f: AssessmentFigures) -> list[str]:
    out = [
        f"Tiếp tục triển khai Chương trình công tác Đoàn và phong trào thanh thiếu nhi {f.next_label}"
        + (f" theo chỉ đạo của {f.above}" if f.above else "")
        + "."
    ]
    if f.next_targets:
        out.append(
            f"Phấn đấu đạt các chỉ tiêu {f.next_label}: "
            + "; ".join(
                f"{lower_first(t.name)} "
                + (amount(t.base, money_scale(t.base)) if is_money(t) else f"{num(t.base)} {t.unit_label}")
                for t in f.next_targets
            )
            + "."
        )
    short = missed(f)
    if short:
        out.append(
            "Tập trung thực hiện các chỉ tiêu còn chưa đạt: "
            + ", ".join(lower_first(t.name) for t in short)
            + "."
        )
    if f.upcoming:
        out.append(
            f"Triển khai các hoạt động đã có trong kế hoạch {f.next_label}, hưởng ứng "
            + ", ".join(quoted(m) for m in f.upcoming)
            + "."
        )
    if f.movements:
        out.append("Tiếp tục đẩy mạnh " + ", ".join(quoted(m) for m in f.movements) + ".")
    if has(f.in_arrears) or low_attendance(f):
        out.append("Duy trì sinh hoạt chi đoàn hằng tháng; đôn đốc thu, nộp đoàn phí đầy đủ, đúng hạn.")
    if f.late or f.missing or f.open_warnings:
        out.append("Cập nhật số liệu thường xuyên, gửi báo cáo đầy đủ, đúng hạn.")
    return out


def proposals(f: AssessmentFigures) -> list[str]:
    above = f.above or "Đoàn cấp trên"
    short = missed(f)
    if short:
        first = (
            f"Đề nghị {above} quan tâm hướng dẫn, hỗ trợ {f.unit_name} thực hiện các chỉ tiêu còn chưa đạt ("
            + ", ".join(lower_first(t.name) for t in short)
            + ")."
        )
    else:
        first = f"Đề nghị {above} tiếp tục quan tâm chỉ đạo, tạo điều kiện để {f.unit_name} hoàn thành chương trình công tác {f.next_label}."
    out = [first]
    if f.party_committee:
        out.append(
            f"Đề nghị {f.party_committee} tiếp tục quan tâm lãnh đạo, tạo điều kiện về thời gian và kinh phí cho hoạt động của Đoàn."
        )
    return out


def closing(subject: str, committee: str, unit_name: str) -> str:
    """ "Trên đây là báo cáo kết quả công tác … năm 2025 của Ban Chấp hành Chi đoàn …./." """
    return f"Trên đây là báo cáo {lower_first(subject)} của {committee} {unit_name}./."


def drafted(f: AssessmentFigures) -> dict[str, str]:
    """Every drafted section as editable text, one paragraph a line (keys as data.SECTIONS)."""
    parts = {
        "results": strengths(f),
        "shortcomings": shortcomings(f),
        "causes": causes(f),
        "lessons": lessons(f),
        "direction": direction(f),
        "proposals": proposals(f),
    }
    return {key: "\n".join(lines) for key, lines in parts.items()}
