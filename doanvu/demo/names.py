"""Vietnamese names and Trà Vinh place names for generated (demo and benchmark) data.

Pure data and small pure functions, no Django. Frequencies are rounded from published surveys of
Vietnamese family names; Trà Vinh's people are about two thirds Kinh, almost a third Khmer and a small
share Hoa, and the names follow that mix. Place names are the province's communes and wards as they stood
before the 2025 merger (the demo tree is the province as it was inspected in 2023).
"""

from __future__ import annotations

import random

# Data tables are kept one short row a line, as one would read them.
# fmt: off
# Family names of the Kinh majority with weights (percent, rounded). The South has more Huỳnh and Võ
# than Hoàng and Vũ (the same names, once avoided for a lord's name).
KINH_FAMILY = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 5.0), ("Hoàng", 1.5),
    ("Phan", 4.5), ("Võ", 3.9), ("Vũ", 0.6), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đoàn", 0.6), ("Trương", 0.8), ("Lâm", 0.6),
    ("Mai", 0.4), ("Tô", 0.3), ("Đinh", 0.4), ("Cao", 0.3), ("Châu", 0.4), ("Lương", 0.3),
    ("Tạ", 0.2), ("Kiều", 0.1), ("La", 0.2), ("Thái", 0.2),
]
# Khmer families of Trà Vinh took a few Vietnamese family names; Thạch, Kim and Sơn lead by far.
KHMER_FAMILY = [
    ("Thạch", 40.0), ("Kim", 18.0), ("Sơn", 16.0), ("Lâm", 6.0), ("Trầm", 4.0), ("Danh", 3.0),
    ("Huỳnh", 3.0), ("Dương", 3.0), ("Châu", 3.0), ("Lý", 2.0), ("Khưu", 1.0), ("Ngô", 1.0),
]
HOA_FAMILY = [
    ("Lâm", 20.0), ("Lý", 15.0), ("Trương", 12.0), ("Quách", 10.0), ("Tăng", 8.0), ("Hứa", 8.0),
    ("Diệp", 7.0), ("Mã", 6.0), ("Lưu", 6.0), ("Châu", 8.0),
]

MALE_MIDDLE = [
    ("Văn", 40), ("Minh", 10), ("Hoàng", 7), ("Thanh", 7), ("Quốc", 6), ("Hữu", 6), ("Đức", 4),
    ("Công", 3), ("Tấn", 4), ("Trọng", 2), ("Duy", 3), ("Gia", 3), ("Ngọc", 2), ("Nhật", 2), ("Anh", 1),
]
FEMALE_MIDDLE = [
    ("Thị", 45), ("Ngọc", 10), ("Thanh", 6), ("Kim", 5), ("Thị Ngọc", 5), ("Thị Thanh", 4),
    ("Thị Kim", 3), ("Bảo", 3), ("Mỹ", 4), ("Hồng", 3), ("Phương", 3), ("Thu", 3), ("Thúy", 3),
    ("Thị Mỹ", 3),
]
MALE_GIVEN = [
    "An", "Bảo", "Bằng", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hào", "Hậu", "Hiếu", "Hòa",
    "Hoàng", "Huy", "Hùng", "Khang", "Khánh", "Khoa", "Khôi", "Kiệt", "Lâm", "Lộc", "Long", "Luân",
    "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sang", "Sơn", "Tài",
    "Tâm", "Thái", "Thắng", "Thành", "Thiện", "Thịnh", "Thuận", "Tín", "Toàn", "Trí", "Trung", "Tú",
    "Tuấn", "Tùng", "Vinh", "Vũ", "Nhựt", "Tính", "Lực", "Triều", "Hưng", "Đông", "Kha",
]
FEMALE_GIVEN = [
    "Anh", "Ánh", "Châu", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hân", "Hằng", "Hạnh", "Hiền", "Hoa",
    "Huyền", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Như",
    "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thư", "Thủy", "Tiên", "Trang", "Trâm", "Trinh",
    "Tuyết", "Uyên", "Vân", "Vy", "Yến", "Xuân", "Kiều", "Diệu", "Thắm", "Nhàn", "Cúc", "Hồng",
]
# Khmer given names as Trà Vinh's registries write them (Vietnamese letters, one syllable a word).
KHMER_MALE_GIVEN = [
    "Sô Phanh", "Sóc Kha", "Sa Rinh", "Chanh Đa", "Sa Vương", "Vi Sal", "Đa Ra", "Sa Ri", "Xà Vanh",
    "Sô Khon", "Na Rết", "Sa Mết", "Kim Sang", "Sô Thên", "Ta Ra", "Sóc Thươl", "Phi Rum", "Sa Ráth",
]
KHMER_FEMALE_GIVEN = [
    "Sa Rươl", "Ra Ny", "Pha Ly", "Som Nang", "Sô Phia", "Chanh Thi", "Srây Na", "Xà Rây", "Sa Quanh",
    "Ka Ni", "Thi Da", "Sô Ma", "Chăn Thu", "Mi Na", "Sóc Mây", "Đa Ni", "Sa Rết", "Ly Ta",
]
SECOND_MIDDLE = ["Minh", "Gia", "Bảo", "Anh", "Ngọc", "Phương", "Khánh", "Nhật", "Thanh"]
KHMER_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Kim"]  # women's middle names; men's usually have none.

ETHNICITIES = [("Kinh", 66.5), ("Khmer", 31.5), ("Hoa", 2.0)]
RELIGIONS = {
    "Kinh": [("Không", 80), ("Phật giáo", 12), ("Công giáo", 5), ("Cao Đài", 2), ("Tin Lành", 1)],
    "Khmer": [("Phật giáo Nam tông Khmer", 92), ("Không", 8)],
    "Hoa": [("Phật giáo", 55), ("Không", 45)],
}

PROVINCE = "Trà Vinh"
PROVINCE_ID_CODE = "084"  # the first three digits of a citizen ID registered in Trà Vinh

# The district-level units the province inspected in 2023, with their communes or member units.
# (code suffix, unit name, kind, the local government's name for addresses, communes/wards)
DISTRICTS = [
    ("CL", "Huyện đoàn Càng Long", "district", "huyện Càng Long", [
        "Thị trấn Càng Long", "An Trường", "An Trường A", "Bình Phú", "Đại Phúc", "Đại Phước", "Đức Mỹ",
        "Huyền Hội", "Mỹ Cẩm", "Nhị Long", "Nhị Long Phú", "Phương Thạnh", "Tân An", "Tân Bình"]),
    ("CK", "Huyện đoàn Cầu Kè", "district", "huyện Cầu Kè", [
        "Thị trấn Cầu Kè", "An Phú Tân", "Châu Điền", "Hòa Ân", "Hòa Tân", "Ninh Thới", "Phong Phú",
        "Phong Thạnh", "Tam Ngãi", "Thạnh Phú", "Thông Hòa"]),
    ("TC", "Huyện đoàn Tiểu Cần", "district", "huyện Tiểu Cần", [
        "Thị trấn Tiểu Cần", "Thị trấn Cầu Quan", "Hiếu Trung", "Hiếu Tử", "Hùng Hòa", "Long Thới",
        "Ngãi Hùng", "Phú Cần", "Tân Hòa", "Tân Hùng", "Tập Ngãi"]),
    ("CT", "Huyện đoàn Châu Thành", "district", "huyện Châu Thành", [
        "Thị trấn Châu Thành", "Đa Lộc", "Hòa Lợi", "Hòa Minh", "Hòa Thuận", "Hưng Mỹ", "Long Hòa",
        "Lương Hòa", "Lương Hòa A", "Mỹ Chánh", "Nguyệt Hóa", "Phước Hảo", "Song Lộc", "Thanh Mỹ"]),
    ("TCU", "Huyện đoàn Trà Cú", "district", "huyện Trà Cú", [
        "Thị trấn Trà Cú", "Thị trấn Định An", "An Quảng Hữu", "Đại An", "Định An", "Hàm Giang",
        "Hàm Tân", "Kim Sơn", "Long Hiệp", "Lưu Nghiệp Anh", "Ngãi Xuyên", "Ngọc Biên", "Phước Hưng",
        "Tân Hiệp", "Tân Sơn", "Thanh Sơn", "Tập Sơn"]),
    ("CN", "Huyện đoàn Cầu Ngang", "district", "huyện Cầu Ngang", [
        "Thị trấn Cầu Ngang", "Thị trấn Mỹ Long", "Hiệp Hòa", "Hiệp Mỹ Đông", "Hiệp Mỹ Tây", "Kim Hòa",
        "Long Sơn", "Mỹ Hòa", "Mỹ Long Bắc", "Mỹ Long Nam", "Nhị Trường", "Thạnh Hòa Sơn", "Thuận Hòa",
        "Trường Thọ", "Vinh Kim"]),
    ("DH", "Huyện đoàn Duyên Hải", "district", "huyện Duyên Hải", [
        "Thị trấn Long Thành", "Đôn Châu", "Đôn Xuân", "Đông Hải", "Long Khánh", "Long Vĩnh", "Ngũ Lạc"]),
    ("TXDH", "Thị đoàn Duyên Hải", "district", "thị xã Duyên Hải", [
        "Phường 1", "Phường 2", "Dân Thành", "Hiệp Thạnh", "Long Hữu", "Long Toàn", "Trường Long Hòa"]),
    ("TP", "Thành đoàn Trà Vinh", "district", "thành phố Trà Vinh", [
        "Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 6", "Phường 7", "Phường 8",
        "Phường 9", "Long Đức"]),
]
# One upper-secondary school per district-level union (its classes are branches).
SCHOOLS = {
    "CL": "Trường THPT Càng Long", "CK": "Trường THPT Cầu Kè", "TC": "Trường THPT Tiểu Cần",
    "CT": "Trường THPT Châu Thành", "TCU": "Trường THPT Trà Cú", "CN": "Trường THPT Cầu Ngang A",
    "DH": "Trường THPT Duyên Hải", "TXDH": "Trường THPT Long Hữu", "TP": "Trường THPT Phạm Thái Bường",
}

# Đoàn Khối các cơ quan và doanh nghiệp tỉnh: grassroots unions (with their branches) and grassroots
# branches (chi đoàn cơ sở) of provincial agencies and state companies.
BLOC_GRASSROOTS = [
    ("YT", "Sở Y tế", ["Văn phòng Sở", "Bệnh viện Đa khoa tỉnh", "Trung tâm Kiểm soát bệnh tật",
                       "Bệnh viện Lao và Bệnh phổi", "Bệnh viện Y dược cổ truyền", "Trung tâm Pháp y"]),
    ("CTH", "Cục Thuế tỉnh", ["Văn phòng Cục", "Chi cục Thuế khu vực Càng Long – Cầu Kè",
                              "Chi cục Thuế khu vực Trà Cú – Cầu Ngang", "Phòng Kiểm tra thuế"]),
    ("DL", "Công ty Điện lực Trà Vinh", ["Văn phòng Công ty", "Điện lực Càng Long", "Điện lực Trà Cú",
                                         "Điện lực Duyên Hải", "Điện lực thành phố Trà Vinh"]),
    ("NN", "Sở Nông nghiệp và Phát triển nông thôn", ["Văn phòng Sở", "Chi cục Thủy lợi",
                                                      "Chi cục Kiểm lâm", "Trung tâm Khuyến nông"]),
    ("GD", "Sở Giáo dục và Đào tạo", ["Văn phòng Sở", "Phòng Giáo dục Trung học",
                                      "Phòng Khảo thí và Kiểm định"]),
    ("BHXH", "Bảo hiểm xã hội tỉnh", ["Văn phòng", "Phòng Thu", "Phòng Chế độ bảo hiểm xã hội"]),
]
BLOC_BRANCHES = [
    ("KHCN", "Sở Khoa học và Công nghệ"), ("STC", "Sở Tài chính"), ("STP", "Sở Tư pháp"),
    ("SNV", "Sở Nội vụ"), ("SCT", "Sở Công Thương"), ("SXD", "Sở Xây dựng"),
    ("GTVT", "Sở Giao thông vận tải"), ("TNMT", "Sở Tài nguyên và Môi trường"),
    ("TTTT", "Sở Thông tin và Truyền thông"), ("VHTT", "Sở Văn hóa, Thể thao và Du lịch"),
    ("LDTB", "Sở Lao động – Thương binh và Xã hội"), ("KHDT", "Sở Kế hoạch và Đầu tư"),
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh"), ("KBNN", "Kho bạc Nhà nước Trà Vinh"),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh Trà Vinh"), ("PTTH", "Đài Phát thanh và Truyền hình Trà Vinh"),
    ("BTV", "Báo Trà Vinh"), ("BD", "Bưu điện tỉnh Trà Vinh"),
]
# Đoàn Trường Đại học Trà Vinh: faculties (inter-branch unions) and their class codes.
UNIVERSITY_FACULTIES = [
    ("KTCN", "Khoa Kỹ thuật và Công nghệ", ["DA{y}TT", "DA{y}CK", "DA{y}XD", "DA{y}DT"]),
    ("KTL", "Trường Kinh tế, Luật", ["DA{y}KT", "DA{y}QTKD", "DA{y}LH", "DA{y}TCNH"]),
    ("YD", "Trường Y Dược", ["DA{y}YK", "DA{y}DH", "DA{y}DD", "DA{y}XN"]),
    ("NNTS", "Trường Nông nghiệp – Thủy sản", ["DA{y}NN", "DA{y}TS", "DA{y}TY"]),
    ("KHMER", "Trường Ngôn ngữ – Văn hóa – Nghệ thuật Khmer Nam Bộ", ["DA{y}NNK", "DA{y}VHH"]),
    ("SP", "Trường Sư phạm", ["DA{y}GDTH", "DA{y}GDMN", "DA{y}SPT"]),
    ("NGN", "Khoa Ngoại ngữ", ["DA{y}NNA", "DA{y}NNT"]),
]
AGENCY_DEPARTMENTS = [
    "Văn phòng", "Phòng Tổ chức – Hành chính", "Phòng Kế hoạch – Tài chính", "Phòng Nghiệp vụ",
    "Phòng Thanh tra", "Phòng Kỹ thuật", "Trung tâm Dịch vụ", "Phòng Quản lý", "Phòng Tổng hợp",
]

# Hamlets (ấp) of Trà Vinh's countryside: names as they are, many of Khmer origin.
HAMLETS = [
    "Chợ", "Sóc Ruộng", "Ô Rồm", "Bến Có", "Giồng Lớn", "Cây Da", "Ô Đùng", "Sóc Tràm", "Trà Cuôn",
    "Kinh Xáng", "Phú Thọ", "Long Bình", "Tân Thành", "Mỹ Hòa", "Rạch Rum", "Sâm Bua", "Bào Sen",
    "Đa Cần", "Ngã Tư", "Nhuận Thành", "Phố", "Phước Hòa", "Ba Se", "Tầm Phương", "Sóc Chùa", "Ô Chích",
    "Trà Kha", "Nguyệt Lãng", "Bình La", "Cái Cối", "Rạch Bót", "Mé Rạch", "Cầu Tre", "Giồng Cao",
    "Đồn Điền", "Ba Động", "Vĩnh Trường", "Mù U", "Hòa Thịnh", "Phước Thiện", "Tân Lập", "Trà Ốp",
    "Phú Lễ", "Sơn Lang", "Trà Mềm", "Chông Bát", "Lò Ngò", "Bến Thế", "Cà Hom", "Thanh Xuyên",
    "Đại Thôn", "Chòm Chuối", "Láng Cháo", "Hạnh Mỹ", "Giồng Trôm", "Sóc Cụt", "Bãi Vàng", "Kim Câu",
    "Ngãi Lợi", "Trà Sất", "Cù Úc", "Nô Lựa", "Tha La", "Xoài Thum", "Ba Trường", "Đầu Giồng",
]
VILLAGE_OCCUPATIONS = [
    ("Nông dân", 30), ("Công nhân", 20), ("Buôn bán", 10), ("Lao động tự do", 15), ("Học sinh", 8),
    ("Sinh viên", 5), ("Nuôi trồng thủy sản", 7), ("Giáo viên", 3), ("Thợ may", 2),
]
AGENCY_OCCUPATIONS = [("Công chức", 45), ("Viên chức", 40), ("Nhân viên", 15)]
QUALIFICATIONS = [("Đại học", 70), ("Thạc sĩ", 10), ("Cao đẳng", 12), ("Trung cấp", 8)]
TRANSFER_REASONS = [
    "Chuyển nơi cư trú", "Chuyển công tác", "Đi học tại trường mới", "Đi làm ăn xa, chuyển về nơi ở mới",
    "Lập gia đình, chuyển về nơi ở của gia đình chồng",
]
# Coming-of-age ceremonies are commonly held on these days (docs/domain.md, "Coming of age").
CEREMONY_DAYS = [(3, 26), (5, 19), (10, 15), (12, 22)]

# fmt: on


def weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def person_name(rng: random.Random, *, gender: str, ethnicity: str) -> str:
    """A plausible full name: family, middle (zero to two words) and given name."""
    female = gender == "female"
    if ethnicity == "Khmer":
        family = weighted(rng, KHMER_FAMILY)
        if rng.random() < 0.55:  # many young Khmer people carry Vietnamese-style given names
            given = rng.choice(KHMER_FEMALE_GIVEN if female else KHMER_MALE_GIVEN)
            middle = rng.choice(KHMER_MIDDLE) if female else ""
        else:
            given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
            middle = weighted(rng, FEMALE_MIDDLE if female else MALE_MIDDLE)
    else:
        family = weighted(rng, HOA_FAMILY if ethnicity == "Hoa" else KINH_FAMILY)
        middle = weighted(rng, FEMALE_MIDDLE if female else MALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        if rng.random() < 0.12 and middle not in ("Văn", "Thị"):  # "Nguyễn Hoàng Minh Thư"
            middle = f"{middle} {rng.choice([m for m in SECOND_MIDDLE if m != middle])}"
    return " ".join(part for part in (family, middle, given) if part)


def commune_label(name: str) -> str:
    """ "An Trường" → "xã An Trường"; towns and wards keep their own word."""
    if name.startswith(("Thị trấn ", "Phường ")):
        return name[0].lower() + name[1:]
    return f"xã {name}"


def commune_union_name(name: str) -> str:
    """The union of a commune, town or ward: "Đoàn xã An Trường", "Đoàn Thị trấn Cầu Kè", "Đoàn Phường 1"."""
    if name.startswith(("Thị trấn ", "Phường ")):
        return f"Đoàn {name}"
    return f"Đoàn xã {name}"
