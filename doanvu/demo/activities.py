"""The demo's activities: what each unit of the demo province did in 2025 and 2026, with the figures its
reports will quote. Pure planning: `plan_activities` returns `Planned` records; `records.py` writes them.

Who does what, as in real Union reports: grassroots unions (communes, schools, agencies, faculties) and the
bloc's branches run most activities, following a yearly programme (a resolution talk every quarter, the
Spring and Summer volunteer campaigns, blood drives, the Mid-Autumn festival for children, a course for
youth about to join…); district-level unions and the province run fewer, larger ones, often jointly with
a unit below them; some activities are organised by two sibling units together. The Chi đoàn Sở Khoa học
và Công nghệ repeats a year a real branch reported ("12 cuộc với 196 lượt đoàn viên tham gia", "58 phần
quà", "150 triệu đồng").
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from doanvu.demo.figures import (
    Figures,
    big_project,
    blood,
    children_gifts,
    children_summer,
    course,
    event,
    exchange,
    gifts_few,
    gifts_poor,
    green,
    inspect,
    loans,
    project,
    talk,
)
from doanvu.demo.tree import (
    KHCN_CODE,
    ROOT_CODE,
    Spec,
)

HUYEN_HOI = "TV-CL-HH"  # Đoàn xã Huyền Hội, the commune the science department's branch sponsors
Shape = Callable[[random.Random, int], Figures]


@dataclass
class Planned:
    """An activity to create: lead unit, partners (other organisers), dates, figures."""

    unit: str
    area: str
    movement: str | None
    title: str
    start_on: datetime.date
    end_on: datetime.date
    figures: Figures
    partners: list[str] = field(default_factory=list)
    place: str = ""
    description: str = ""


LOCAL = [
    ("education", None, "Tuyên truyền, học tập Nghị quyết của Đảng, của Đoàn cho đoàn viên, thanh niên",
     (1, 4, 7, 10), talk, 0.95, "", 4),
    ("education", "hoc-tap-lam-theo-bac",
     "Tuyên truyền kỷ niệm {party} năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/{y})",
     (1, 2), talk, 0.8, "", 1),
    ("education", None,
     "Sinh hoạt chuyên đề “Tự hào truyền thống Đoàn” kỷ niệm {doan} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
     (3,), event, 0.9, "", 1),
    ("education", "hoc-tap-lam-theo-bac", "Học tập 6 bài học lý luận chính trị của Đoàn", (4, 10), talk, 0.6, "", 1),
    ("education", "hoc-tap-lam-theo-bac",
     "Tuyên truyền kỷ niệm {bac} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/{y})", (5,), talk, 0.85, "", 1),
    ("education", None, "Tuyên truyền kỷ niệm {qk} năm Cách mạng Tháng Tám và Quốc khánh 2/9", (8,), talk, 0.7, "", 1),
    ("education", None, "Tuyên truyền pháp luật về an toàn giao thông cho đoàn viên, thanh niên",
     (3, 6, 9, 12), talk, 0.5, "", 1),
    ("movements", "chu-nhat-xanh", "Ngày chủ nhật xanh – vệ sinh môi trường, trồng cây xanh",
     (2, 3, 4, 5, 8, 9, 10, 11), green, 0.9, "", 3),
    ("movements", "hien-mau", "Hiến máu tình nguyện “Chủ nhật đỏ”", (1,), blood, 0.45, "", 1),
    ("movements", "hien-mau", "Hiến máu tình nguyện “Hành trình đỏ – Kết nối dòng máu Việt”",
     (7, 8), blood, 0.5, "village agency staff university", 1),
    ("movements", "xuan-tinh-nguyen", "Ra quân Chiến dịch Xuân tình nguyện năm {y}", (1,), event, 0.6, "", 1),
    ("movements", "xuan-tinh-nguyen", "Thăm, tặng quà Tết cho gia đình chính sách, hộ nghèo",
     (1, 2), gifts_poor, 0.85, "", 1),
    ("movements", "tntn-he", "Ra quân Chiến dịch Thanh niên tình nguyện hè năm {y}", (6,), event, 0.7, "", 1),
    ("movements", "tntn-he", "Công trình thanh niên “Thắp sáng đường quê” {hamlet}", (6, 7, 8), project, 0.7,
     "village", 1),
    ("movements", "tntn-he", "Công trình thanh niên “Tuyến đường xanh – sạch – đẹp” {hamlet}", (5, 6, 7), project,
     0.6, "village", 1),
    ("movements", "thanh-nien-tinh-nguyen", "Xây dựng cầu giao thông nông thôn {hamlet}", (3, 9, 11), big_project,
     0.2, "village", 1),
    ("movements", "thanh-nien-tinh-nguyen",
     "Thăm, tặng quà gia đình chính sách nhân kỷ niệm {tbls} năm Ngày Thương binh – Liệt sĩ (27/7)",
     (7,), gifts_few, 0.8, "", 1),
    ("movements", "thanh-nien-tinh-nguyen", "Thắp nến tri ân các anh hùng liệt sĩ tại nghĩa trang liệt sĩ",
     (7,), event, 0.5, "", 1),
    ("movements", "xung-kich-bao-ve-to-quoc", "Tiễn thanh niên lên đường nhập ngũ năm {y}", (2,), gifts_few, 0.7,
     "village", 1),
    ("movements", "xung-kich-bao-ve-to-quoc", "Tuyên truyền phòng, chống tội phạm và tệ nạn xã hội trong thanh niên",
     (4, 9, 12), talk, 0.5, "", 1),
    ("movements", "tuoi-tre-sang-tao",
     "Hỗ trợ người dân cài đặt, sử dụng ứng dụng VNeID và dịch vụ công trực tuyến", (3, 5, 8, 10), event, 0.6,
     "village agency university", 1),
    ("movements", "tuoi-tre-sang-tao", "Hội thi ý tưởng sáng tạo trẻ", (9, 10), event, 0.3,
     "agency staff university school", 1),
    ("companion", "dong-hanh-khoi-nghiep", "Tư vấn hướng nghiệp, giới thiệu việc làm cho thanh niên", (3, 4, 8),
     event, 0.6, "village school university", 1),
    ("companion", None, "Giải bóng đá đoàn viên, thanh niên chào mừng Ngày thành lập Đoàn 26/3", (3,), event, 0.5,
     "", 1),
    ("companion", None, "Lớp bồi dưỡng kỹ năng tin học, ngoại ngữ cho đoàn viên", (4, 6, 10), talk, 0.4,
     "agency staff university", 1),
    ("companion", "dong-hanh-khoi-nghiep", "Hỗ trợ thanh niên vay vốn phát triển kinh tế", (5, 11), loans, 0.5,
     "village", 1),
    ("companion", None, "Trao học bổng cho học sinh, sinh viên nghèo vượt khó", (9,), gifts_few, 0.5,
     "school university", 1),
    ("children", "trung-thu", "Vui Tết Trung thu cho thiếu nhi", (9,), children_gifts, 0.85, "", 1),
    ("children", "he-thieu-nhi", "Vui Ngày Quốc tế thiếu nhi 1/6", (6,), children_gifts, 0.5,
     "village agency staff", 1),
    ("children", "he-thieu-nhi", "Khai mạc hoạt động hè cho thiếu nhi năm {y}", (6, 7), children_summer, 0.6,
     "village", 1),
    ("children", "he-thieu-nhi", "Lớp dạy bơi, phòng chống đuối nước cho trẻ em", (6, 7), children_summer, 0.4,
     "village", 1),
    ("international", None, "Tuyên truyền về chủ quyền biển, đảo và hội nhập quốc tế cho đoàn viên, thanh niên",
     (5, 9, 11), talk, 0.45, "", 1),
    ("international", None, "Câu lạc bộ tiếng Anh cho thanh thiếu nhi", (3, 6, 10), talk, 0.3,
     "school university village", 1),
    ("union_building", None, "Lớp cảm tình Đoàn cho thanh niên ưu tú", (2, 3, 9, 10), course, 0.75, "", 1),
    ("union_building", None, "Lễ kết nạp đoàn viên mới đợt 26/3", (3,), event, 0.7, "", 1),
    ("union_building", None, "Tập huấn nghiệp vụ công tác Đoàn cho Ban Chấp hành chi đoàn", (4, 8, 10), event, 0.5,
     "", 1),
    ("union_building", None, "Triển khai Chương trình rèn luyện đoàn viên năm {y}", (1, 2), event, 0.6, "", 1),
    ("party_building", None, "Lễ trao danh sách đoàn viên ưu tú giới thiệu cho Đảng xem xét kết nạp",
     (2, 3), event, 0.6, "", 1),
    ("party_building", None, "Hội nghị đối thoại giữa lãnh đạo địa phương, cơ quan với đoàn viên, thanh niên",
     (5, 8, 11), event, 0.45, "", 1),
    ("party_building", None, "Tổ chức cho đoàn viên, thanh niên góp ý xây dựng Đảng, chính quyền",
     (4, 10), talk, 0.4, "", 1),
    ("inspection", None, "Kiểm tra, giám sát việc thực hiện Chương trình công tác Đoàn tại các chi đoàn",
     (6, 11, 12), inspect, 0.7, "", 1),
    ("inspection", None, "Kiểm tra công tác thu, nộp đoàn phí và sinh hoạt chi đoàn", (9, 12), inspect, 0.3, "", 1),
]  # fmt: skip


def _big(low: int, high: int, step: int = 1) -> Shape:
    return lambda rng, size: {"activities": 1, "participations": rng.randint(low, high) * step}


# District-level unions and the province: fewer, larger activities, often with a unit below them.
UPPER = [
    ("education", None, "Hội nghị học tập, quán triệt Nghị quyết cho cán bộ Đoàn chủ chốt", (2, 8), _big(8, 25, 10)),
    ("education", None, "Lễ kỷ niệm {doan} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh và tuyên dương đoàn viên tiêu biểu",
     (3,), _big(15, 40, 10)),
    ("movements", "xuan-tinh-nguyen", "Ra quân Chiến dịch Xuân tình nguyện năm {y}", (1,), gifts_poor),
    ("movements", "tntn-he", "Lễ ra quân Chiến dịch Thanh niên tình nguyện hè năm {y}", (6,), _big(15, 50, 10)),
    ("movements", "hien-mau", "Ngày hội hiến máu tình nguyện “Chủ nhật đỏ” năm {y}", (1,), blood),
    ("movements", "tntn-he", "Công trình thanh niên “Ngôi nhà khăn quàng đỏ”", (7, 8), big_project),
    ("companion", "dong-hanh-khoi-nghiep", "Ngày hội tư vấn hướng nghiệp, việc làm và khởi nghiệp cho thanh niên",
     (4, 10), _big(10, 40, 10)),
    ("children", "he-thieu-nhi", "Lễ khai mạc hè và Ngày hội thiếu nhi vui khỏe năm {y}", (6,), children_summer),
    ("children", "trung-thu", "Đêm hội trăng rằm cho thiếu nhi có hoàn cảnh khó khăn", (9,), children_gifts),
    ("international", None, "Giao lưu hữu nghị thanh niên Việt Nam – Campuchia năm {y}", (11, 12), exchange),
    ("union_building", None, "Lớp cảm tình Đoàn cho thanh niên ưu tú", (4, 9), course),
    ("union_building", None, "Tập huấn nghiệp vụ công tác Đoàn cho cán bộ Đoàn cơ sở", (5,), _big(6, 20, 10)),
    ("party_building", None, "Hội nghị đối thoại giữa lãnh đạo cấp ủy, chính quyền với thanh niên", (8, 11),
     _big(10, 30, 10)),
    ("inspection", None, "Kiểm tra, giám sát công tác Đoàn và phong trào thanh thiếu nhi năm {y} tại cơ sở",
     (11,), inspect),
]  # fmt: skip

PROVINCE = [
    ("education", None, "Lễ kỷ niệm {doan} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931 – 26/3/{y})",
     3, 26, _big(40, 80, 10)),
    ("movements", "hien-mau", "Ngày hội hiến máu tình nguyện “Chủ nhật đỏ” lần thứ {cnd}", 1, 12,
     lambda rng, size: {"activities": 1, "participations": 600, "blood_donors": 600,
                        "blood_units": rng.randint(480, 560)}),
    ("movements", "tntn-he", "Lễ ra quân cấp tỉnh Chiến dịch Thanh niên tình nguyện hè năm {y}", 6, 8,
     _big(50, 90, 10)),
    ("international", None, "Giao lưu hữu nghị thanh niên Việt Nam – Campuchia năm {y}", 9, 20, _big(20, 40, 10)),
    ("international", None, "Giao lưu với lưu học sinh Lào, Campuchia tại Trường Đại học Trà Vinh", 11, 14,
     _big(10, 25, 10)),
    ("inspection", None, "Kiểm tra công tác Đoàn và phong trào thanh thiếu nhi năm {y} tại các huyện, thị, "
     "thành đoàn và đoàn trực thuộc", 11, 2, lambda rng, size: {"activities": 11}),
    ("union_building", None, "Tập huấn nghiệp vụ công tác Đoàn cho cán bộ Đoàn chủ chốt cấp huyện và cơ sở", 4, 10,
     _big(15, 30, 10)),
]  # fmt: skip


def _khcn_year(year: int, k: float, partner: str | None) -> list[tuple]:
    """Seed 000's year of the Chi đoàn Sở Khoa học và Công nghệ; `k` scales the figures of a later year."""

    def n(value: int) -> int:
        return max(1, round(value * k))

    tbls = year - 1947
    out = []
    for quarter, (sessions, people) in enumerate([(3, 49), (3, 50), (3, 48), (3, 49)]):
        month = quarter * 3 + 2
        out.append(
            ("education", "hoc-tap-lam-theo-bac",
             "Tuyên truyền, quán triệt Nghị quyết của Đảng, của Đoàn; học tập 6 bài học lý luận chính trị của Đoàn",
             month, 26, {"activities": sessions, "participations": n(people)}, None)
        )  # fmt: skip
        out.append(
            ("movements", "thanh-nien-tinh-nguyen",
             "Vệ sinh phòng làm việc – mỗi cơ quan, đơn vị “sáng – xanh – sạch – đẹp”",
             month - 1, 15, {"activities": 2, "participations": n(32)}, None)
        )  # fmt: skip
        out.append(
            ("movements", "chu-nhat-xanh", "Ngày chủ nhật xanh", month + 1, 8,
             {"activities": 2, "participations": 3}, None)
        )  # fmt: skip
        out.append(
            ("movements", "xung-kich-bao-ve-to-quoc",
             "Tuyên truyền bảo vệ an ninh Tổ quốc, phòng, chống tệ nạn xã hội; trực cơ quan dịp lễ, Tết",
             month, 20, {"activities": 3, "participations": n(60)}, None)
        )  # fmt: skip
    out += [
        ("movements", "thanh-nien-tinh-nguyen",
         "Thăm, tặng quà Bà Mẹ Việt Nam Anh hùng xã Mỹ Cẩm, huyện Càng Long", 1, 20,
         {"activities": 3, "participations": 9, "gifts": 3, "gifts_value_vnd": 5_100_000}, None),
        ("union_building", None, f"Triển khai Chương trình rèn luyện đoàn viên năm {year} (100% đoàn viên đăng ký)",
         2, 26, {"activities": 1, "participations": 15}, None),
        ("party_building", None, "Giới thiệu đoàn viên ưu tú cho Đảng ủy Sở xem xét kết nạp Đảng", 3, 26,
         {"activities": 1, "participations": 15}, None),
        ("children", "he-thieu-nhi", "Vui Tết Thiếu nhi 1/6 cho con em cán bộ, công chức, viên chức", 6, 1,
         {"activities": 1, "participations": 8, "gifts": 28, "gifts_value_vnd": 2_800_000, "children_reached": 28},
         None),
        ("party_building", None, "Bí thư Đảng ủy Sở gặp mặt, nắm bắt tâm tư, nguyện vọng của đoàn viên", 6, 30,
         {"activities": 1, "participations": 14}, None),
        ("movements", "ky-nghi-hong",
         "Tham gia Chiến dịch Kỳ nghỉ hồng cùng Đoàn Thanh niên Sở Khoa học và Công nghệ TP. Hồ Chí Minh", 7, 10,
         {"activities": 1, "participations": 3}, None),
        ("movements", "thanh-nien-tinh-nguyen",
         f"Phối hợp Đoàn xã Huyền Hội tặng quà gia đình chính sách nhân kỷ niệm {tbls} năm Ngày Thương binh – "
         "Liệt sĩ (27/7)", 7, 24,
         {"activities": 1, "participations": 6, "gifts": 6, "gifts_value_vnd": 2_100_000}, partner),
        ("movements", "thanh-nien-tinh-nguyen",
         "Vận động Đoàn Thanh niên Sở Khoa học và Công nghệ TP. Hồ Chí Minh hỗ trợ quà, quạt trần, tủ thuốc và "
         "công trình “Thắp sáng đường quê”", 7, 11,
         {"activities": 1, "participations": 12, "gifts": 10, "youth_projects": 1, "funds_vnd": 150_000_000}, None),
        ("companion", "dong-hanh-khoi-nghiep",
         "Khen tặng con em cán bộ, công chức có thành tích xuất sắc trong học tập", 8, 20,
         {"activities": 1, "participations": 10, "gifts": 12, "gifts_value_vnd": 2_400_000}, None),
        ("international", None,
         "Tuyên truyền chủ trương của Đảng, pháp luật của Nhà nước về công tác đối ngoại, hội nhập kinh tế quốc tế",
         9, 26, {"activities": 1, "participations": 15}, None),
        ("children", "trung-thu", "Vui Tết Trung thu cho con em cán bộ, công chức, viên chức", 9, 24,
         {"activities": 1, "participations": 9, "gifts": 30, "gifts_value_vnd": 3_000_000, "children_reached": 30},
         None),
        ("companion", None, "Khuyến khích đoàn viên học ngoại ngữ, tin học; tập huấn chuyên môn, nghiệp vụ ngắn hạn",
         10, 14, {"activities": 2, "participations": 15}, None),
        ("party_building", None, "Sơ kết, tổng kết công tác Đoàn; báo cáo Đảng ủy Sở", 12, 15,
         {"activities": 1, "participations": 15}, None),
        ("inspection", None, "Tự kiểm tra hồ sơ đoàn viên, sổ sách và việc thu, nộp đoàn phí của Chi đoàn",
         12, 10, {"activities": 1}, None),
    ]  # fmt: skip
    return out


def anniversaries(year: int) -> dict[str, object]:
    return {
        "y": year,
        "party": year - 1930,
        "doan": year - 1931,
        "bac": year - 1890,
        "qk": year - 1945,
        "tbls": year - 1947,
        "cnd": year - 2007,  # the province's first "Chủ nhật đỏ" festival
    }


class Planner:
    def __init__(self, rng: random.Random, today: datetime.date, specs: list[Spec], years: list[int]):
        self.rng, self.today, self.years = rng, today, years
        self.specs = {s.code: s for s in specs}
        self.children: dict[str, list[Spec]] = {}
        for spec in specs:
            if spec.parent:
                self.children.setdefault(spec.parent, []).append(spec)
        self.sizes = {s.code: s.size for s in specs}
        for spec in reversed(specs):  # children come after their parent: add them up bottom-up
            if spec.parent:
                self.sizes[spec.parent] += self.sizes[spec.code]
        self.out: list[Planned] = []

    # A unit runs its yearly programme if it holds branches or is a grassroots branch of the bloc.
    def local_units(self) -> list[Spec]:
        return [
            s
            for s in self.specs.values()
            if s.kind in ("grassroots", "inter_branch")
            or (s.kind == "grassroots_branch" and s.code != KHCN_CODE)
        ]

    def flavour(self, spec: Spec) -> str:
        kids = self.children.get(spec.code, [])
        return spec.flavour or (kids[0].flavour if kids else "agency")

    def day(self, year: int, month: int, dom: int | None = None) -> datetime.date | None:
        last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        day = datetime.date(year, month, min(dom or self.rng.randint(1, 28), last))
        return day if day <= self.today else None

    def add(self, spec: Spec, area, movement, title, day, figures, partners=(), length=0) -> None:
        if day is None:
            return
        self.out.append(
            Planned(
                unit=spec.code,
                area=area,
                movement=movement,
                title=title,
                start_on=day,
                end_on=min(day + datetime.timedelta(days=length), max(day, self.today)),
                figures={k: v for k, v in figures.items() if v},
                partners=list(partners),
                place=spec.place,
            )
        )

    def plan(self) -> list[Planned]:
        for year in self.years:
            self.province(year)
            for spec in self.children.get(ROOT_CODE, []):
                self.upper(spec, year)
            for spec in self.local_units():
                self.local(spec, year)
            self.khcn(year)
        return self.out

    def local(self, spec: Spec, year: int) -> None:
        rng, flavour = self.rng, self.flavour(spec)
        size = self.sizes[spec.code]
        hamlets = [
            k.name.removeprefix("Chi đoàn ") for k in self.children.get(spec.code, []) if "ấp " in k.name
        ] or [f"{spec.name.removeprefix('Đoàn ')}"]
        siblings = [
            s for s in self.children.get(spec.parent or "", []) if s.code not in (spec.code, KHCN_CODE)
        ]
        words = anniversaries(year)
        for area, movement, title, months, shape, chance, suits, repeats in LOCAL:
            if suits and flavour not in suits.split():
                continue
            picked = (
                sorted(rng.sample(months, min(repeats, len(months)))) if repeats > 1 else [rng.choice(months)]
            )
            for month in picked:
                if rng.random() >= chance:
                    continue
                text = title.format(**words, hamlet=rng.choice(hamlets))
                partners = []
                if siblings and rng.random() < 0.07:  # organised with a neighbouring union or branch
                    partners = [rng.choice(siblings).code]
                length = (
                    rng.choice([0, 0, 0, 1, 2]) if shape in (project, big_project, children_summer) else 0
                )
                self.add(
                    spec, area, movement, text, self.day(year, month), shape(rng, size), partners, length
                )

    def upper(self, spec: Spec, year: int) -> None:
        """A district-level union: about half its activities jointly with one of its grassroots units."""
        rng, size = self.rng, self.sizes[spec.code]
        below = [k.code for k in self.children.get(spec.code, []) if k.code != KHCN_CODE]
        words = anniversaries(year)
        for area, movement, title, months, shape in UPPER:
            if rng.random() >= 0.75:
                continue
            partners = [rng.choice(below)] if below and rng.random() < 0.5 else []
            figures = shape(rng, size)
            if shape is inspect:
                figures = {"activities": max(1, round(len(below) * rng.uniform(0.5, 1.0)))}
            self.add(
                spec,
                area,
                movement,
                title.format(**words),
                self.day(year, rng.choice(months)),
                figures,
                partners,
            )

    def province(self, year: int) -> None:
        spec, words = self.specs[ROOT_CODE], anniversaries(year)
        districts = [k.code for k in self.children.get(ROOT_CODE, [])]
        for area, movement, title, month, dom, shape in PROVINCE:
            partners = [self.rng.choice(districts)] if districts and movement == "tntn-he" else []
            length = 8 if area == "inspection" else 0
            self.add(
                spec, area, movement, title.format(**words), self.day(year, month, dom), shape(self.rng, 0),
                partners, length,
            )  # fmt: skip

    def khcn(self, year: int) -> None:
        spec = self.specs.get(KHCN_CODE)
        if spec is None:
            return
        partner = HUYEN_HOI if HUYEN_HOI in self.specs else None
        k = 1.0 if year == self.years[0] else self.rng.uniform(1.0, 1.2)
        for area, movement, title, month, dom, figures, with_unit in _khcn_year(year, k, partner):
            partners = [with_unit] if with_unit else []
            self.add(spec, area, movement, title, self.day(year, month, dom), figures, partners)

    def problems(self) -> list[str]:
        """Mistakes left for users to find, as officers make them; returns what was left, in words."""
        villages = [s for s in self.local_units() if self.flavour(s) == "village"]
        if len(villages) < 2 or not self.years:
            return []
        year = self.years[-1]
        months = [m for m in range(1, 13) if datetime.date(year, m, 1) <= self.today]
        left = []
        # Sessions and participations typed into each other's boxes.
        swapped, typo = villages[0], villages[1]
        self.add(
            swapped, "movements", "chu-nhat-xanh", "Ngày chủ nhật xanh – ra quân dọn vệ sinh kênh, mương nội đồng",
            self.day(year, months[len(months) // 2], 9), {"activities": 12, "participations": 8},
        )  # fmt: skip
        left.append(
            _("%(unit)s: 12 cuộc nhưng chỉ 8 lượt tham gia (Ngày chủ nhật xanh, %(year)s)")
            % {"unit": swapped.code, "year": year}
        )
        # A steady quarterly blood drive, then one figure typed with an extra zero.
        history = [
            (y, q) for y in self.years for q in (1, 2, 3, 4) if datetime.date(y, q * 3 - 2, 5) <= self.today
        ]
        for y, q in history:
            donors = self.rng.randint(30, 40)
            units = round(donors * self.rng.uniform(0.6, 0.8))
            last = (y, q) == history[-1] and len(history) > 2
            self.add(
                typo, "movements", "hien-mau", f"Hiến máu tình nguyện quý {'I II III IV'.split()[q - 1]}/{y}",
                self.day(y, q * 3 - 2, 5), {"activities": 1, "participations": donors, "blood_donors": donors,
                                            "blood_units": units * 10 if last else units},
            )  # fmt: skip
        if len(history) > 2:
            y, q = history[-1]
            left.append(
                _("%(unit)s: số đơn vị máu quý %(q)s/%(y)s gấp 10 lần các quý trước")
                % {"unit": typo.code, "q": q, "y": y}
            )
        return left


def plan_activities(
    rng: random.Random, today: datetime.date, specs: list[Spec], years: list[int]
) -> tuple[list[Planned], list[str]]:
    """The activities of `years` up to `today`, and the data-quality problems left among them."""
    planner = Planner(rng, today, specs, years)
    planned = planner.plan()
    return planned, planner.problems()


__all__ = ["Planned", "anniversaries", "plan_activities"]
