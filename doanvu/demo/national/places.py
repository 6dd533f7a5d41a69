"""The country's provinces before and after 1 July 2025, and the place names generated units carry.

Pure data and small pure functions. Populations are rounded (hundreds of thousands of people) and only set
the share of members each province gets; district counts are about those of 2024. The 34 provinces and
what they were formed from follow docs/national.md, "The 2025 reform".
"""

from __future__ import annotations

import random

# fmt: off
# code, name, city (a centrally-run city: "Thành đoàn"), people (×100,000), districts in 2024
OLD_PROVINCES = [
    ("HN", "Hà Nội", True, 84, 30), ("HG", "Hà Giang", False, 9, 11), ("CB", "Cao Bằng", False, 5, 10),
    ("BK", "Bắc Kạn", False, 3, 8), ("TQ", "Tuyên Quang", False, 8, 7), ("LCA", "Lào Cai", False, 8, 9),
    ("DB", "Điện Biên", False, 6, 10), ("LCH", "Lai Châu", False, 5, 8), ("SL", "Sơn La", False, 13, 12),
    ("YB", "Yên Bái", False, 8, 9), ("HB", "Hòa Bình", False, 9, 10), ("TN", "Thái Nguyên", False, 13, 9),
    ("LS", "Lạng Sơn", False, 8, 11), ("QN", "Quảng Ninh", False, 14, 13), ("BG", "Bắc Giang", False, 19, 10),
    ("PT", "Phú Thọ", False, 15, 13), ("VP", "Vĩnh Phúc", False, 12, 9), ("BN", "Bắc Ninh", False, 15, 8),
    ("HD", "Hải Dương", False, 19, 12), ("HP", "Hải Phòng", True, 21, 15), ("HY", "Hưng Yên", False, 13, 10),
    ("TB", "Thái Bình", False, 19, 8), ("HNA", "Hà Nam", False, 9, 6), ("ND", "Nam Định", False, 19, 10),
    ("NB", "Ninh Bình", False, 10, 8), ("TH", "Thanh Hóa", False, 37, 26), ("NA", "Nghệ An", False, 34, 21),
    ("HT", "Hà Tĩnh", False, 13, 13), ("QB", "Quảng Bình", False, 9, 8), ("QT", "Quảng Trị", False, 6, 10),
    ("HUE", "Huế", True, 12, 9), ("DN", "Đà Nẵng", True, 12, 8), ("QNA", "Quảng Nam", False, 15, 18),
    ("QNG", "Quảng Ngãi", False, 13, 13), ("BDI", "Bình Định", False, 15, 11), ("PY", "Phú Yên", False, 9, 9),
    ("KH", "Khánh Hòa", False, 13, 9), ("NT", "Ninh Thuận", False, 6, 7), ("BTH", "Bình Thuận", False, 13, 10),
    ("KT", "Kon Tum", False, 6, 10), ("GL", "Gia Lai", False, 16, 17), ("DL", "Đắk Lắk", False, 19, 15),
    ("DNO", "Đắk Nông", False, 7, 8), ("LD", "Lâm Đồng", False, 13, 12), ("BP", "Bình Phước", False, 10, 11),
    ("TNI", "Tây Ninh", False, 12, 9), ("BD", "Bình Dương", False, 27, 9), ("DNA", "Đồng Nai", False, 32, 11),
    ("BRVT", "Bà Rịa – Vũng Tàu", False, 12, 8), ("HCM", "Thành phố Hồ Chí Minh", True, 93, 22),
    ("LA", "Long An", False, 17, 15), ("TG", "Tiền Giang", False, 18, 11), ("BTR", "Bến Tre", False, 13, 9),
    ("TV", "Trà Vinh", False, 10, 9), ("VL", "Vĩnh Long", False, 10, 8), ("DT", "Đồng Tháp", False, 16, 12),
    ("AG", "An Giang", False, 19, 11), ("KG", "Kiên Giang", False, 17, 15), ("CT", "Cần Thơ", True, 12, 9),
    ("HGI", "Hậu Giang", False, 7, 8), ("ST", "Sóc Trăng", False, 12, 11), ("BL", "Bạc Liêu", False, 9, 7),
    ("CM", "Cà Mau", False, 12, 9),
]
# The 34 provinces from 1 July 2025: the first code keeps its union, the others merge into it; a merged
# province that becomes a centrally-run city says so.
NEW_PROVINCES = [
    ("HN",), ("HUE",), ("LCH",), ("DB",), ("SL",), ("LS",), ("QN",), ("TH",), ("NA",), ("HT",), ("CB",),
    ("TQ", "HG"), ("LCA", "YB"), ("TN", "BK"), ("PT", "VP", "HB"), ("BN", "BG"), ("HY", "TB"),
    ("HP", "HD"), ("NB", "HNA", "ND"), ("QT", "QB"), ("DN", "QNA"), ("QNG", "KT"), ("GL", "BDI"),
    ("KH", "NT"), ("LD", "DNO", "BTH"), ("DL", "PY"), ("HCM", "BD", "BRVT"), ("DNA", "BP"),
    ("TNI", "LA"), ("CT", "ST", "HGI"), ("VL", "BTR", "TV"), ("DT", "TG"), ("CM", "BL"), ("AG", "KG"),
]
# The new province whose branches also keep meetings, attendance and dues (docs/national.md, "What is written").
RECORDS_PROVINCE = "VL"

# Words Vietnamese place names are made of; two make a name ("Tân Phú", "Hòa Bình").
PLACE_WORDS = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Long", "Thạnh", "Mỹ", "Phước", "Hưng", "Thuận", "Vĩnh", "Đông",
    "Tây", "Nam", "Bắc", "Sơn", "Lộc", "Hải", "Trung", "Xuân", "Thanh", "Quang", "Đức", "Hiệp", "Lợi",
    "Thắng", "Hội", "Minh", "Phong", "Khánh", "Hà", "Lạc", "Yên", "Thịnh", "Tiến", "Hồng", "Cát", "Kim",
    "Ngọc", "Thái", "Định", "Nghĩa", "Tường", "Châu", "Lâm", "Thủy", "Cường", "Điền", "Hậu",
]
VILLAGE_WORDS = ["thôn", "ấp", "khu phố", "bản", "tổ dân phố"]
AGENCIES = [
    "Trường THPT {place}", "Bệnh viện đa khoa {place}", "Công ty cổ phần {place}", "Trung tâm Y tế {place}",
    "Trường Cao đẳng nghề {place}", "Ngân hàng Nông nghiệp chi nhánh {place}", "Công ty TNHH {place}",
]
AGENCY_BRANCHES = [
    "Chi đoàn Khối văn phòng", "Chi đoàn Phòng Kế toán", "Chi đoàn Phân xưởng {n}", "Chi đoàn lớp {n}",
    "Chi đoàn Khoa {n}", "Chi đoàn Tổ sản xuất {n}",
]
# fmt: on


def union_name(name: str, city: bool) -> str:
    return f"{'Thành đoàn' if city else 'Tỉnh đoàn'} {name}"


class PlaceNames:
    """Two-word place names, none repeated within one pool (a province, a district)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def next(self) -> str:
        for _attempt in range(50):
            name = " ".join(self.rng.sample(PLACE_WORDS, 2))
            if name not in self.taken:
                self.taken.add(name)
                return name
        n = len(self.taken) + 1
        name = f"{self.rng.choice(PLACE_WORDS)} {n}"
        self.taken.add(name)
        return name
