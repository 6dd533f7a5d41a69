"""The national catalogue: work areas in report order, the indicators Union reports state, and the
movements and campaigns activities belong to. Loaded by a data migration and by `ensure_catalogue()`."""

from __future__ import annotations

# code, name, order — the chapters of a work report (docs/domain.md, "Work areas").
WORK_AREAS = [
    ("education", "Công tác tuyên truyền, giáo dục", 1),
    ("movements", "Phong trào hành động cách mạng", 2),
    ("companion", "Chương trình đồng hành với thanh niên", 3),
    ("children", "Công tác thiếu nhi", 4),
    ("international", "Công tác quốc tế thanh niên", 5),
    ("union_building", "Xây dựng Đoàn, mở rộng mặt trận đoàn kết tập hợp thanh niên", 6),
    ("party_building", "Đoàn tham gia xây dựng Đảng, chính quyền", 7),
    ("inspection", "Công tác kiểm tra, giám sát", 8),
]

# code, name, unit label, kind, source, work area (None: the activity's own), order
INDICATORS = [
    # Figures recorded on activities (flows).
    ("activities", "Số cuộc, buổi hoạt động", "cuộc", "flow", "activity", None, 10),
    ("participations", "Lượt đoàn viên, thanh niên tham gia", "lượt", "flow", "activity", None, 11),
    ("funds_vnd", "Kinh phí thực hiện, vận động", "đồng", "flow", "activity", None, 12),
    ("gifts", "Phần quà trao tặng", "phần", "flow", "activity", None, 13),
    ("gifts_value_vnd", "Trị giá phần quà", "đồng", "flow", "activity", None, 14),
    ("blood_donors", "Lượt đoàn viên, thanh niên hiến máu", "lượt", "flow", "activity", "movements", 20),
    ("blood_units", "Đơn vị máu hiến được", "đơn vị máu", "flow", "activity", "movements", 21),
    (
        "youth_projects",
        "Công trình, phần việc thanh niên thực hiện",
        "công trình",
        "flow",
        "activity",
        "movements",
        22,
    ),
    ("trees_planted", "Cây xanh trồng mới", "cây", "flow", "activity", "movements", 23),
    ("children_reached", "Lượt thiếu nhi được chăm lo, tham gia", "lượt", "flow", "activity", "children", 40),
    (
        "awareness_course_youth",
        "Thanh niên học lớp cảm tình Đoàn",
        "người",
        "flow",
        "activity",
        "union_building",
        60,
    ),
    # Figures that are not events, entered per unit and period.
    (
        "youth_projects_registered",
        "Công trình, phần việc thanh niên đăng ký",
        "công trình",
        "flow",
        "direct",
        "movements",
        24,
    ),
    ("initiatives", "Sáng kiến, giải pháp được công nhận", "sáng kiến", "flow", "direct", "movements", 25),
    ("news_articles", "Tin, bài tuyên truyền được đăng", "tin bài", "flow", "direct", "education", 5),
    (
        "branches_congress_held",
        "Cơ sở đoàn đã tổ chức đại hội",
        "cơ sở",
        "stock",
        "direct",
        "union_building",
        69,
    ),
    # From the registry of members and the tree.
    ("members", "Đoàn viên", "đoàn viên", "stock", "registry", "union_building", 61),
    ("party_members", "Đảng viên trong đoàn viên", "đảng viên", "stock", "registry", "union_building", 62),
    ("members_admitted", "Đoàn viên mới kết nạp", "đoàn viên", "flow", "registry", "union_building", 63),
    (
        "members_came_of_age",
        "Đoàn viên trưởng thành Đoàn",
        "đoàn viên",
        "flow",
        "registry",
        "union_building",
        64,
    ),
    ("members_transferred_in", "Đoàn viên chuyển đến", "đoàn viên", "flow", "registry", "union_building", 65),
    ("members_transferred_out", "Đoàn viên chuyển đi", "đoàn viên", "flow", "registry", "union_building", 66),
    (
        "members_removed",
        "Đoàn viên bị xóa tên, khai trừ",
        "đoàn viên",
        "flow",
        "registry",
        "union_building",
        67,
    ),
    ("branches", "Chi đoàn", "chi đoàn", "stock", "registry", "union_building", 57),
    (
        "grassroots_units",
        "Cơ sở đoàn (đoàn cơ sở, chi đoàn cơ sở)",
        "cơ sở",
        "stock",
        "registry",
        "union_building",
        56,
    ),
    (
        "outstanding_introduced",
        "Đoàn viên ưu tú được giới thiệu kết nạp Đảng",
        "đồng chí",
        "flow",
        "registry",
        "party_building",
        70,
    ),
    ("party_admitted", "Đoàn viên được kết nạp Đảng", "đồng chí", "flow", "registry", "party_building", 71),
    (
        "party_full_members",
        "Đảng viên dự bị chuyển chính thức",
        "đồng chí",
        "flow",
        "registry",
        "party_building",
        72,
    ),
    # Year-end evaluation (the grassroots union's decisions for the year; counted on 31/12 of the year).
    (
        "members_evaluated",
        "Đoàn viên được đánh giá, xếp loại",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        73,
    ),
    (
        "members_outstanding",
        "Đoàn viên hoàn thành xuất sắc nhiệm vụ",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        74,
    ),
    (
        "members_good",
        "Đoàn viên hoàn thành tốt nhiệm vụ",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        75,
    ),
    (
        "members_completed",
        "Đoàn viên hoàn thành nhiệm vụ",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        76,
    ),
    (
        "members_not_completed",
        "Đoàn viên không hoàn thành nhiệm vụ",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        77,
    ),
    (
        "training_registered",
        "Đoàn viên đăng ký chương trình rèn luyện",
        "đoàn viên",
        "flow",
        "evaluation",
        "union_building",
        78,
    ),
    # Branch meetings and dues.
    ("meetings_held", "Buổi sinh hoạt chi đoàn", "buổi", "flow", "meeting", "union_building", 80),
    ("meeting_attendances", "Lượt đoàn viên dự sinh hoạt", "lượt", "flow", "meeting", "union_building", 81),
    ("meeting_expected", "Lượt đoàn viên phải dự sinh hoạt", "lượt", "flow", "meeting", "union_building", 82),
    ("dues_collected_vnd", "Đoàn phí thu được", "đồng", "flow", "dues", "union_building", 85),
    (
        "members_in_arrears",
        "Đoàn viên chưa đóng đủ đoàn phí",
        "đoàn viên",
        "stock",
        "dues",
        "union_building",
        86,
    ),
]

# code, name, numerator, denominator, scale, work area, order
RATIOS = [
    (
        "members_evaluated_pct",
        "Tỷ lệ đoàn viên được đánh giá, xếp loại",
        "members_evaluated",
        "members",
        100,
        "union_building",
        79,
    ),
    (
        "meeting_attendance_pct",
        "Tỷ lệ đoàn viên tham gia sinh hoạt",
        "meeting_attendances",
        "meeting_expected",
        100,
        "union_building",
        83,
    ),
]

# code, name, work area
MOVEMENTS = [
    ("tntn-he", "Chiến dịch Thanh niên tình nguyện hè", "movements"),
    ("xuan-tinh-nguyen", "Chiến dịch Xuân tình nguyện", "movements"),
    ("ky-nghi-hong", "Chiến dịch Kỳ nghỉ hồng", "movements"),
    ("chu-nhat-xanh", "Ngày chủ nhật xanh", "movements"),
    ("hien-mau", "Hiến máu nhân đạo (Hành trình đỏ, Chủ nhật đỏ)", "movements"),
    ("thanh-nien-tinh-nguyen", "Phong trào Thanh niên tình nguyện", "movements"),
    ("tuoi-tre-sang-tao", "Phong trào Tuổi trẻ sáng tạo", "movements"),
    ("xung-kich-bao-ve-to-quoc", "Phong trào Tuổi trẻ xung kích bảo vệ Tổ quốc", "movements"),
    ("hoc-tap-lam-theo-bac", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "education"),
    ("dong-hanh-khoi-nghiep", "Đồng hành với thanh niên lập thân, lập nghiệp", "companion"),
    ("he-thieu-nhi", "Chương trình hoạt động hè cho thiếu nhi", "children"),
    ("trung-thu", "Vui Tết Trung thu cho thiếu nhi", "children"),
]


def load_catalogue(WorkArea, Indicator, Movement) -> None:  # noqa: N803 — models passed in by a migration
    """Create what is missing; leave what admins changed. Takes the model classes so a migration can call it.
    The codes already there are read once per model, so a complete catalogue costs three queries."""
    have_areas = set(WorkArea.objects.values_list("code", flat=True))
    have_indicators = set(Indicator.objects.values_list("code", flat=True))
    have_movements = set(Movement.objects.values_list("code", flat=True))
    wanted_indicators = {row[0] for row in INDICATORS} | {row[0] for row in RATIOS}
    if (
        have_areas >= {row[0] for row in WORK_AREAS}
        and have_indicators >= wanted_indicators
        and have_movements >= {row[0] for row in MOVEMENTS}
    ):
        return
    areas = {}
    for code, name, order in WORK_AREAS:
        areas[code], _ = WorkArea.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, label, kind, source, area, order in INDICATORS:
        if code in have_indicators:
            continue
        Indicator.objects.create(
            code=code,
            name=name,
            unit_label=label,
            kind=kind,
            source=source,
            work_area=areas[area] if area else None,
            order=order,
        )
    for code, name, num, den, scale, area, order in RATIOS:
        if code in have_indicators:
            continue
        Indicator.objects.create(
            code=code,
            name=name,
            unit_label="%",
            kind="ratio",
            source="ratio",
            scale=scale,
            numerator=Indicator.objects.get(code=num),
            denominator=Indicator.objects.get(code=den),
            work_area=areas[area],
            order=order,
        )
    for code, name, area in MOVEMENTS:
        if code not in have_movements:
            Movement.objects.create(code=code, name=name, work_area=areas[area])


def ensure_catalogue() -> None:
    from .models import Indicator, Movement, WorkArea

    load_catalogue(WorkArea, Indicator, Movement)
