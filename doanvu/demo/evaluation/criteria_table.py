"""The 2025 criteria set Tỉnh đoàn Trà Vinh issues to its 11 district-level units, as a table: 7 criteria,
360 base points and 40 bonus points (like a real provincial set for districts), criteria → contents → scoring
conditions with their graded levels (written as the xlsx import takes them: "8: khi …; 6: khi …"), the
evidence each needs, and the data some are tied to.

Besides what the set states, each condition carries what the demo units do with it: the kinds of evidence
they attach (`proofs`: "file", "png", "link", "note", "report" or "activity:<work area>", with a title) and
the explanation they write beside their score (`say`, with {n} and {pct} filled in per unit; a condition
tied to data is explained by the data instead).
"""

from __future__ import annotations

from dataclasses import dataclass

from doanvu.evaluation.criteria.rules import grades_parse

NUMBER = "12-HD/TĐTN-TCKT"
TITLE = "Bộ tiêu chí đánh giá chất lượng công tác Đoàn và phong trào thanh thiếu nhi năm 2025"
NOTE = (
    "Ban hành kèm theo Hướng dẫn số 12-HD/TĐTN-TCKT ngày 20/01/2025 của Ban Thường vụ Tỉnh đoàn, áp dụng "
    "cho các Huyện, Thị, Thành đoàn và Đoàn trực thuộc. Tổng điểm 400: 360 điểm chuẩn và 40 điểm thưởng. "
    "Đơn vị tự chấm, đính kèm minh chứng và gửi về Tỉnh đoàn (qua Ban Tổ chức – Kiểm tra) trước ngày "
    "31/10/2025."
)


@dataclass(frozen=True)
class Cond:
    code: str
    points: int
    text: str
    grades: str = ""
    evidence: str = ""
    mandatory: bool = False
    bonus: bool = False
    source: str = ""
    indicator: str = ""
    thresholds: tuple[tuple[int, int], ...] = ()
    proofs: tuple[tuple[str, str], ...] = ()
    say: str = ""

    def grade_list(self) -> list[tuple[str, str]]:
        """[(points, text)], best first."""
        return [(g["points"], g["text"]) for g in grades_parse(self.grades)]

    def as_row(self) -> dict:
        """The condition as the criteria services and the xlsx import take it."""
        params: dict = {}
        if self.indicator:
            params["indicator"] = self.indicator
        if self.thresholds:
            params["thresholds"] = [list(t) for t in self.thresholds]
        return {
            "code": self.code,
            "text": self.text,
            "max_points": self.points,
            "is_bonus": self.bonus,
            "grades": self.grades,
            "evidence_required": self.evidence,
            "evidence_mandatory": self.mandatory,
            "data_source": self.source,
            "data_params": params,
        }


# (code, title, work area, [(content code, content title, [conditions])])
# fmt: off
CRITERIA: list[tuple[str, str, str, list[tuple[str, str, list[Cond]]]]] = [
    ("I", "Công tác tuyên truyền, giáo dục chính trị, tư tưởng, đạo đức, lối sống", "education", [
        ("1", "Học tập, quán triệt, triển khai nghị quyết, chỉ thị của Đảng, của Đoàn", [
            Cond("1.1", 10,
                 "Tổ chức học tập, quán triệt Nghị quyết Đại hội Đảng bộ các cấp nhiệm kỳ 2025 – 2030, Nghị quyết "
                 "Đại hội Đoàn các cấp và các văn bản chỉ đạo của Đoàn cấp trên cho cán bộ, đoàn viên",
                 grades="10: 100% cơ sở đoàn tổ chức học tập, có kế hoạch và báo cáo kết quả; 7: từ 80% đến dưới "
                        "100% cơ sở đoàn tổ chức học tập; 4: từ 50% đến dưới 80% cơ sở đoàn tổ chức học tập; 0: dưới "
                        "50% cơ sở đoàn tổ chức học tập hoặc không có kế hoạch",
                 evidence="Kế hoạch triển khai (số, ngày ban hành); báo cáo kết quả học tập kèm danh sách cơ sở đoàn "
                          "đã tổ chức",
                 mandatory=True,
                 proofs=(("file", "Kế hoạch học tập, quán triệt nghị quyết năm 2025"), ("activity:education", "")),
                 say="Đã triển khai học tập đến các cơ sở đoàn; {pct}% đoàn viên tham gia."),
            Cond("1.2", 8,
                 "Tổ chức sinh hoạt chủ điểm, sinh hoạt chính trị theo định hướng của Tỉnh đoàn (“Mừng Đảng, mừng "
                 "Xuân”, “Tự hào truyền thống Đoàn”, “Học tập và làm theo Bác”…)",
                 grades="8: tổ chức đủ các chủ điểm theo hướng dẫn; 6: thiếu 01 chủ điểm; 4: thiếu 02 chủ điểm; 0: "
                        "thiếu từ 03 chủ điểm trở lên",
                 evidence="Hướng dẫn sinh hoạt chủ điểm của đơn vị; biên bản, hình ảnh sinh hoạt của một số chi đoàn",
                 proofs=(("link", "Hình ảnh sinh hoạt chủ điểm của các chi đoàn"),),
                 say="100% chi đoàn sinh hoạt chủ điểm theo hướng dẫn; {n} chi đoàn sinh hoạt điểm."),
        ]),
        ("2", "Tuyên truyền trên không gian mạng", [
            Cond("1.3", 12,
                 "Thực hiện cuộc vận động “Mỗi ngày một tin tốt, mỗi tuần một câu chuyện đẹp”; duy trì trang thông "
                 "tin điện tử, trang mạng xã hội của đơn vị",
                 grades="12: bình quân từ 20 tin, bài trở lên mỗi tháng; 9: từ 12 đến dưới 20 tin, bài mỗi tháng; 6: "
                        "từ 06 đến dưới 12 tin, bài mỗi tháng; 3: dưới 06 tin, bài mỗi tháng; 0: không duy trì trang "
                        "thông tin",
                 evidence="Đường dẫn trang thông tin, trang mạng xã hội; thống kê số tin, bài theo tháng",
                 mandatory=True,
                 proofs=(("link", "Trang mạng xã hội của đơn vị"), ("note", "Thống kê tin, bài năm 2025")),
                 say="Duy trì trang mạng xã hội của đơn vị, đăng tin, bài hằng tuần."),
            Cond("1.4", 10,
                 "Định hướng dư luận, đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng; duy "
                 "trì Đội hình thanh niên xung kích trên không gian mạng",
                 grades="10: có đội hình hoạt động thường xuyên, có báo cáo kết quả; 7: có đội hình nhưng hoạt động "
                        "chưa thường xuyên; 4: chưa thành lập đội hình, có tham gia đấu tranh; 0: không thực hiện",
                 evidence="Quyết định thành lập, danh sách đội hình; báo cáo kết quả hoạt động",
                 proofs=(("file", "Quyết định thành lập Đội hình thanh niên xung kích trên không gian mạng"),),
                 say="Đội hình {n} thành viên, duy trì nhóm trao đổi, chia sẻ tin bài chính thống."),
        ]),
        ("3", "Giáo dục truyền thống, đạo đức, lối sống và pháp luật", [
            Cond("1.5", 10,
                 "Tổ chức hoạt động giáo dục truyền thống nhân kỷ niệm 95 năm Ngày thành lập Đảng (3/2), 94 năm Ngày "
                 "thành lập Đoàn (26/3), 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5), 80 năm Cách mạng tháng Tám "
                 "và Quốc khánh (2/9)",
                 grades="10: tổ chức đầy đủ các đợt, hình thức đa dạng; 7: thiếu 01 đợt; 4: thiếu 02 đợt; 0: thiếu "
                        "từ 03 đợt trở lên",
                 evidence="Kế hoạch, báo cáo, hình ảnh hoạt động",
                 proofs=(("activity:education", ""), ("png", "Hình ảnh lễ kỷ niệm 94 năm Ngày thành lập Đoàn")),
                 say="Tổ chức các hoạt động kỷ niệm; {n} cuộc với sự tham gia của đoàn viên các cơ sở."),
            Cond("1.6", 10,
                 "Tuyên truyền, phổ biến, giáo dục pháp luật cho đoàn viên, thanh niên; không có đoàn viên vi phạm "
                 "pháp luật phải xử lý hình sự",
                 grades="10: có hoạt động tuyên truyền, không có đoàn viên vi phạm pháp luật; 5: có đoàn viên vi "
                        "phạm bị xử lý hành chính; 0: có đoàn viên vi phạm pháp luật bị xử lý hình sự",
                 evidence="Báo cáo kết quả; xác nhận của công an địa phương (nếu có)",
                 proofs=(("note", "Xác nhận tình hình đoàn viên chấp hành pháp luật"),),
                 say="Không có đoàn viên vi phạm pháp luật bị xử lý hình sự."),
            Cond("1.7", 5,
                 "Có mô hình, cách làm hay trong công tác tuyên truyền, giáo dục được Tỉnh đoàn hoặc Trung ương Đoàn "
                 "biểu dương, nhân rộng",
                 grades="5: được Trung ương Đoàn biểu dương; 3: được Tỉnh đoàn biểu dương; 0: không có",
                 evidence="Văn bản biểu dương, giấy khen",
                 bonus=True,
                 proofs=(("file", "Giấy khen mô hình tuyên truyền"),),
                 say="Mô hình “Ngày thứ Bảy cùng đoàn viên đọc sách” được Tỉnh đoàn biểu dương."),
        ]),
    ]),
    ("II", "Phong trào hành động cách mạng", "movements", [
        ("1", "Phong trào “Thanh niên tình nguyện”", [
            Cond("2.1", 12,
                 "Tổ chức Chiến dịch Tình nguyện mùa đông – Xuân tình nguyện 2025 và Chiến dịch Thanh niên tình "
                 "nguyện hè năm 2025 đạt các chỉ tiêu của Tỉnh đoàn",
                 grades="12: đạt 100% chỉ tiêu chiến dịch; 9: đạt từ 80% chỉ tiêu; 6: đạt từ 50% chỉ tiêu; 0: đạt "
                        "dưới 50% chỉ tiêu hoặc không tổ chức",
                 evidence="Kế hoạch, báo cáo tổng kết chiến dịch; số liệu từng chỉ tiêu",
                 mandatory=True,
                 proofs=(
                     ("activity:movements", ""),
                     ("file", "Báo cáo tổng kết Chiến dịch Thanh niên tình nguyện hè"),
                 ),
                 say="Tổ chức lễ ra quân, tổng kết chiến dịch; {n} công trình, phần việc."),
            Cond("2.2", 10,
                 "Đăng ký và thực hiện công trình, phần việc thanh niên trong xây dựng nông thôn mới, đô thị văn "
                 "minh",
                 grades="10: thực hiện 100% công trình, phần việc đã đăng ký; 7: thực hiện từ 80%; 4: thực hiện từ "
                        "50%; 0: thực hiện dưới 50%",
                 evidence="Danh sách công trình, phần việc đăng ký; biên bản nghiệm thu, bàn giao",
                 proofs=(
                     ("note", "Bảng tổng hợp công trình, phần việc thanh niên năm 2025"),
                     ("activity:movements", ""),
                 ),
                 say="Thực hiện các công trình, phần việc đã đăng ký; {n} công trình đã nghiệm thu."),
            Cond("2.3", 8,
                 "Vận động đoàn viên, thanh niên hiến máu tình nguyện",
                 grades="8: từ 40 đơn vị máu trở lên; 6: từ 25 đến dưới 40 đơn vị máu; 4: từ 10 đến dưới 25 đơn vị "
                        "máu; 0: dưới 10 đơn vị máu",
                 evidence="Danh sách người hiến máu có xác nhận của Hội Chữ thập đỏ",
                 source="indicator_value", indicator="blood_units", thresholds=((40, 8), (25, 6), (10, 4), (0, 0)),
                 proofs=(("activity:movements", ""),),
                 say="Theo số liệu hiến máu của các cơ sở trên doanvu."),
        ]),
        ("2", "Phong trào “Tuổi trẻ sáng tạo”", [
            Cond("2.4", 10,
                 "Sáng kiến, giải pháp, ý tưởng sáng tạo của đoàn viên, thanh niên được công nhận, áp dụng",
                 grades="10: từ 03 sáng kiến trở lên được công nhận; 7: 02 sáng kiến được công nhận; 4: 01 sáng kiến "
                        "được công nhận; 0: không có sáng kiến được công nhận",
                 evidence="Quyết định công nhận sáng kiến; danh sách sáng kiến",
                 proofs=(("file", "Quyết định công nhận sáng kiến"),),
                 say="Sáng kiến của đoàn viên được cơ quan, đơn vị công nhận (danh sách kèm theo)."),
            Cond("2.5", 8,
                 "Triển khai phong trào “Bình dân học vụ số”, hỗ trợ người dân sử dụng dịch vụ công trực tuyến, "
                 "chuyển đổi số",
                 grades="8: 100% cơ sở đoàn có đội hình hỗ trợ; 5: từ 70% cơ sở đoàn có đội hình hỗ trợ; 2: dưới 70% "
                        "cơ sở đoàn có đội hình hỗ trợ; 0: không triển khai",
                 evidence="Kế hoạch; danh sách đội hình; báo cáo số lượt hỗ trợ người dân",
                 proofs=(("link", "Danh sách đội hình “Bình dân học vụ số”"),),
                 say="Các cơ sở thành lập đội hình; hỗ trợ hơn {n}0 lượt người dân."),
        ]),
        ("3", "Phong trào “Tuổi trẻ xung kích bảo vệ Tổ quốc”", [
            Cond("2.6", 12,
                 "Tham gia bảo đảm an ninh, trật tự; vận động thanh niên lên đường nhập ngũ; duy trì đội hình thanh "
                 "niên xung kích an ninh trật tự",
                 grades="12: hoàn thành 100% chỉ tiêu giao quân, duy trì đội hình ở 100% cơ sở; 8: hoàn thành chỉ "
                        "tiêu giao quân, đội hình ở từ 70% cơ sở; 4: hoàn thành chỉ tiêu giao quân; 0: không hoàn "
                        "thành chỉ tiêu giao quân",
                 evidence="Báo cáo của Ban Chỉ huy quân sự; quyết định thành lập đội hình",
                 proofs=(("note", "Kết quả giao quân năm 2025"),),
                 say="Hoàn thành 100% chỉ tiêu giao quân; {n} đội hình xung kích an ninh trật tự."),
            Cond("2.7", 10,
                 "Công trình, sáng kiến, mô hình của đơn vị đạt giải thưởng cấp tỉnh trở lên (Giải thưởng Sáng tạo "
                 "trẻ, Hội thi sáng tạo kỹ thuật…)",
                 grades="10: đạt giải cấp Trung ương; 6: đạt giải cấp tỉnh; 0: không có",
                 evidence="Quyết định, giấy chứng nhận giải thưởng",
                 bonus=True,
                 proofs=(("file", "Giấy chứng nhận giải thưởng Sáng tạo trẻ"),),
                 say="Đạt giải Ba Hội thi sáng tạo kỹ thuật tỉnh."),
        ]),
    ]),
    ("III", "Chương trình đồng hành với thanh niên", "companion", [
        ("1", "Đồng hành với thanh niên trong học tập, khởi nghiệp, lập nghiệp", [
            Cond("3.1", 10,
                 "Tư vấn hướng nghiệp, giới thiệu việc làm; hỗ trợ thanh niên khởi nghiệp, tiếp cận nguồn vốn vay",
                 grades="10: tổ chức từ 02 ngày hội tư vấn và hỗ trợ từ 05 dự án khởi nghiệp; 7: tổ chức 01 ngày hội "
                        "và hỗ trợ từ 02 dự án; 4: có tư vấn nhưng chưa hỗ trợ dự án; 0: không tổ chức",
                 evidence="Kế hoạch, báo cáo; danh sách thanh niên được hỗ trợ vốn có xác nhận của Ngân hàng Chính "
                          "sách xã hội",
                 proofs=(("activity:companion", ""),),
                 say="Tổ chức ngày hội tư vấn; hỗ trợ thanh niên khởi nghiệp tiếp cận vốn vay."),
            Cond("3.2", 10,
                 "Tổ chức các lớp kỹ năng, ngoại ngữ, tin học cho đoàn viên, thanh niên",
                 evidence="Kế hoạch, danh sách học viên",
                 proofs=(("note", "Danh sách lớp kỹ năng năm 2025"),),
                 say="Tổ chức {n} lớp kỹ năng cho đoàn viên, thanh niên."),
        ]),
        ("2", "Đồng hành với thanh niên nâng cao sức khỏe, đời sống văn hóa tinh thần", [
            Cond("3.3", 10,
                 "Tổ chức hoạt động văn hóa, văn nghệ, thể dục thể thao; hội thi, hội diễn cho đoàn viên, thanh niên",
                 grades="10: thực hiện đầy đủ, có hiệu quả; 7: thực hiện khá; 4: có thực hiện nhưng chưa đạt yêu "
                        "cầu; 0: không thực hiện",
                 evidence="Kế hoạch, báo cáo, hình ảnh",
                 proofs=(("activity:companion", ""),),
                 say="Tổ chức {n} giải thể thao, hội diễn văn nghệ."),
            Cond("3.4", 10,
                 "Tuyên truyền phòng, chống ma túy, tệ nạn xã hội, bảo đảm an toàn giao thông trong thanh thiếu niên",
                 evidence="Kế hoạch, báo cáo kết quả",
                 proofs=(("note", "Kết quả tuyên truyền phòng, chống ma túy"),),
                 say="{n} buổi tuyên truyền tại các trường và khu dân cư."),
            Cond("3.5", 5,
                 "Xây dựng mô hình hỗ trợ thanh niên khởi nghiệp, phát triển kinh tế hiệu quả, được nhân rộng",
                 grades="5: có mô hình được Tỉnh đoàn công nhận; 0: không có",
                 evidence="Văn bản công nhận mô hình",
                 bonus=True,
                 proofs=(("link", "Giới thiệu mô hình thanh niên khởi nghiệp"),),
                 say="Mô hình tổ hợp tác thanh niên nuôi tôm được Tỉnh đoàn công nhận."),
        ]),
    ]),
    ("IV", "Công tác thiếu nhi", "children", [
        ("1", "Chăm lo, bảo vệ, giáo dục thiếu niên, nhi đồng", [
            Cond("4.1", 15,
                 "Thực hiện công trình, phần việc “Vì đàn em thân yêu”; tuyên truyền phòng, chống đuối nước, tai nạn "
                 "thương tích và xâm hại trẻ em",
                 grades="15: có công trình ở 100% cơ sở, tổ chức dạy bơi cho thiếu nhi; 10: có công trình ở từ 70% "
                        "cơ sở; 5: có công trình ở dưới 70% cơ sở; 0: không thực hiện",
                 evidence="Kế hoạch; danh sách công trình; hình ảnh",
                 mandatory=True,
                 proofs=(("activity:children", ""), ("png", "Hình ảnh lớp dạy bơi cho thiếu nhi")),
                 say="{n} công trình “Vì đàn em thân yêu”; dạy bơi cho {n}0 em."),
            Cond("4.2", 15,
                 "Tổ chức hoạt động hè, Tết Trung thu; thăm, tặng quà thiếu nhi có hoàn cảnh khó khăn",
                 grades="15: tổ chức ở 100% cơ sở; 10: tổ chức ở từ 70% cơ sở; 5: tổ chức ở dưới 70% cơ sở; 0: không "
                        "tổ chức",
                 evidence="Kế hoạch, báo cáo; danh sách nhận quà",
                 proofs=(("activity:children", ""), ("note", "Danh sách thiếu nhi nhận quà Trung thu")),
                 say="Trao {n}0 phần quà cho thiếu nhi có hoàn cảnh khó khăn."),
        ]),
        ("2", "Phụ trách Đội Thiếu niên Tiền phong Hồ Chí Minh", [
            Cond("4.3", 10,
                 "Củng cố đội ngũ phụ trách Đội; phối hợp tổ chức Đại hội Cháu ngoan Bác Hồ, hội thi nghiệp vụ công "
                 "tác Đội",
                 grades="10: thực hiện đầy đủ; 6: thực hiện một phần; 3: có thực hiện nhưng chưa đạt yêu cầu; 0: "
                        "không thực hiện",
                 evidence="Kế hoạch; báo cáo của Hội đồng Đội",
                 proofs=(("note", "Báo cáo của Hội đồng Đội"),),
                 say="Phối hợp tổ chức hội thi nghiệp vụ cho {n} tổng phụ trách Đội."),
            Cond("4.4", 5,
                 "Có tập thể, cá nhân được tặng Huy hiệu “Vì thế hệ trẻ”, Bằng khen của Trung ương Đoàn về công tác "
                 "thiếu nhi",
                 grades="5: có; 0: không có",
                 evidence="Quyết định khen thưởng",
                 bonus=True,
                 proofs=(("file", "Bằng khen về công tác thiếu nhi"),),
                 say="01 cá nhân được tặng Huy hiệu “Vì thế hệ trẻ”."),
        ]),
    ]),
    ("V", "Xây dựng Đoàn, mở rộng mặt trận đoàn kết tập hợp thanh niên", "union_building", [
        ("1", "Chất lượng tổ chức cơ sở Đoàn và đoàn viên", [
            Cond("5.1", 10,
                 "Duy trì sinh hoạt chi đoàn định kỳ; tỷ lệ đoàn viên dự sinh hoạt chi đoàn bình quân năm",
                 grades="10: từ 90% trở lên; 7: từ 80% đến dưới 90%; 4: từ 70% đến dưới 80%; 0: dưới 70%",
                 evidence="Số liệu điểm danh sinh hoạt chi đoàn trên doanvu; sổ sinh hoạt của một số chi đoàn",
                 source="meeting_attendance", thresholds=((90, 10), (80, 7), (70, 4), (0, 0)),
                 proofs=(("note", "Số liệu điểm danh sinh hoạt chi đoàn"),),
                 say="Tỷ lệ dự sinh hoạt bình quân {pct}% theo số liệu điểm danh."),
            Cond("5.2", 10,
                 "Đánh giá, xếp loại chất lượng đoàn viên, chi đoàn, cơ sở đoàn năm 2025 theo hướng dẫn của Trung "
                 "ương Đoàn",
                 grades="10: 100% đoàn viên được đánh giá, xếp loại; 8: từ 95% đến dưới 100%; 5: từ 85% đến dưới "
                        "95%; 0: dưới 85%",
                 evidence="Quyết định công nhận kết quả xếp loại của các cơ sở đoàn",
                 source="members_evaluated", thresholds=((100, 10), (95, 8), (85, 5), (0, 0)),
                 proofs=(("note", "Tổng hợp kết quả đánh giá, xếp loại đoàn viên"),),
                 say="Các cơ sở đã đánh giá, xếp loại đoàn viên theo hướng dẫn."),
            Cond("5.3", 10,
                 "Triển khai Chương trình rèn luyện đoàn viên: tỷ lệ đoàn viên đăng ký rèn luyện",
                 grades="10: từ 95% đoàn viên trở lên; 7: từ 85% đến dưới 95%; 4: từ 70% đến dưới 85%; 0: dưới 70%",
                 evidence="Danh sách đăng ký trên phần mềm Quản lý đoàn viên",
                 source="training_registered", thresholds=((95, 10), (85, 7), (70, 4), (0, 0)),
                 proofs=(("note", "Số liệu đăng ký Chương trình rèn luyện đoàn viên"),),
                 say="{pct}% đoàn viên đăng ký Chương trình rèn luyện đoàn viên."),
            Cond("5.4", 8,
                 "Thu, nộp đoàn phí đúng quy định: tỷ lệ đoàn viên đóng đủ đoàn phí",
                 grades="8: từ 95% đoàn viên trở lên; 6: từ 90% đến dưới 95%; 4: từ 80% đến dưới 90%; 0: dưới 80%",
                 evidence="Sổ thu đoàn phí; chứng từ nộp đoàn phí về Tỉnh đoàn",
                 mandatory=True, source="dues_collected", thresholds=((95, 8), (90, 6), (80, 4), (0, 0)),
                 proofs=(("note", "Chứng từ nộp đoàn phí về Tỉnh đoàn"),),
                 say="Đã nộp đoàn phí về Tỉnh đoàn 6 tháng đầu năm."),
            Cond("5.5", 10,
                 "Kết nạp đoàn viên mới đạt chỉ tiêu Tỉnh đoàn giao; tổ chức lớp cảm tình Đoàn",
                 grades="10: đạt từ 100% chỉ tiêu; 7: đạt từ 80% chỉ tiêu; 4: đạt từ 50% chỉ tiêu; 0: đạt dưới 50% "
                        "chỉ tiêu",
                 evidence="Quyết định kết nạp; danh sách đoàn viên mới",
                 proofs=(("activity:union_building", ""), ("note", "Danh sách đoàn viên mới kết nạp")),
                 say="Kết nạp {n}0 đoàn viên mới."),
        ]),
        ("2", "Công tác cán bộ Đoàn và quản lý đoàn viên", [
            Cond("5.6", 10,
                 "Sử dụng phần mềm Quản lý đoàn viên của Trung ương Đoàn đúng, đầy đủ, thường xuyên (chuyển sinh "
                 "hoạt, trưởng thành Đoàn, Chương trình rèn luyện đoàn viên)",
                 grades="10: cập nhật đầy đủ, đúng hạn; 6: cập nhật chưa đầy đủ; 2: cập nhật không thường xuyên; 0: "
                        "không sử dụng",
                 evidence="Báo cáo trích xuất từ phần mềm; danh sách tài khoản quản trị",
                 mandatory=True,
                 proofs=(("file", "Báo cáo trích xuất phần mềm Quản lý đoàn viên"),),
                 say="100% cơ sở có tài khoản; đã cập nhật chuyển sinh hoạt, trưởng thành Đoàn."),
            Cond("5.7", 10,
                 "Rà soát, bổ sung quy hoạch cán bộ Đoàn; bồi dưỡng, tập huấn nghiệp vụ cho cán bộ Đoàn cơ sở",
                 grades="10: thực hiện đầy đủ, có hiệu quả; 7: thực hiện khá; 4: có thực hiện nhưng chưa đạt yêu "
                        "cầu; 0: không thực hiện",
                 evidence="Danh sách quy hoạch; kế hoạch, báo cáo tập huấn",
                 proofs=(("activity:union_building", ""),),
                 say="Tập huấn nghiệp vụ cho {n}0 cán bộ Đoàn cơ sở."),
        ]),
        ("3", "Mở rộng mặt trận đoàn kết tập hợp thanh niên", [
            Cond("5.8", 12,
                 "Củng cố tổ chức Hội Liên hiệp Thanh niên Việt Nam, Hội Sinh viên Việt Nam; phát triển hội viên",
                 grades="12: đạt chỉ tiêu phát triển hội viên, tổ chức Hội hoạt động tốt; 8: đạt từ 80% chỉ tiêu; 4: "
                        "đạt dưới 80% chỉ tiêu; 0: không thực hiện",
                 evidence="Báo cáo của Ủy ban Hội",
                 proofs=(("note", "Báo cáo phát triển hội viên"),),
                 say="Phát triển {n}0 hội viên mới."),
            Cond("5.9", 10,
                 "Thực hiện chủ trương “mỗi đoàn viên tập hợp ít nhất 01 thanh niên” (1+1)",
                 evidence="Danh sách thanh niên được tập hợp",
                 proofs=(("note", "Kết quả thực hiện chủ trương 1+1"),),
                 say="{pct}% đoàn viên tập hợp được thanh niên."),
            Cond("5.10", 5,
                 "Thành lập mới tổ chức cơ sở Đoàn, chi đoàn ở doanh nghiệp ngoài nhà nước",
                 grades="5: thành lập mới từ 01 tổ chức; 0: không thành lập",
                 evidence="Quyết định thành lập",
                 bonus=True,
                 proofs=(("file", "Quyết định thành lập chi đoàn doanh nghiệp"),),
                 say="Thành lập mới 01 chi đoàn doanh nghiệp."),
        ]),
    ]),
    ("VI", "Đoàn tham gia xây dựng Đảng, xây dựng chính quyền", "party_building", [
        ("1", "Bồi dưỡng, giới thiệu đoàn viên ưu tú cho Đảng", [
            Cond("6.1", 12,
                 "Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp đạt chỉ tiêu Tỉnh đoàn giao",
                 grades="12: đạt từ 100% chỉ tiêu; 9: đạt từ 80% chỉ tiêu; 6: đạt từ 50% chỉ tiêu; 0: đạt dưới 50% "
                        "chỉ tiêu",
                 evidence="Nghị quyết giới thiệu đoàn viên ưu tú; danh sách bàn giao cho cấp ủy",
                 mandatory=True, source="outstanding_introduced", thresholds=((100, 12), (80, 9), (50, 6), (0, 0)),
                 proofs=(("note", "Danh sách đoàn viên ưu tú được giới thiệu năm 2025"),),
                 say="Giới thiệu {n} đoàn viên ưu tú cho Đảng xem xét kết nạp."),
            Cond("6.2", 8,
                 "Phối hợp mở lớp bồi dưỡng nhận thức về Đảng cho đoàn viên ưu tú; theo dõi, giúp đỡ đoàn viên sau "
                 "khi giới thiệu",
                 grades="8: thực hiện đầy đủ; 5: thực hiện một phần; 2: có thực hiện nhưng chưa theo dõi; 0: không "
                        "thực hiện",
                 evidence="Danh sách học viên lớp bồi dưỡng nhận thức về Đảng",
                 proofs=(("note", "Danh sách đoàn viên học lớp cảm tình Đảng"),),
                 say="{n} đoàn viên ưu tú học lớp bồi dưỡng nhận thức về Đảng."),
            Cond("6.3", 5,
                 "Giới thiệu đoàn viên ưu tú vượt từ 150% chỉ tiêu được giao",
                 grades="5: vượt từ 150% chỉ tiêu; 0: dưới 150% chỉ tiêu",
                 evidence="Nghị quyết giới thiệu và chỉ tiêu được giao (như điều kiện 6.1)",
                 bonus=True,
                 proofs=(("note", "Đối chiếu số đoàn viên ưu tú được giới thiệu với chỉ tiêu"),),
                 say="Giới thiệu vượt chỉ tiêu được giao."),
        ]),
        ("2", "Tham gia xây dựng chính quyền", [
            Cond("6.4", 10,
                 "Tổ chức đối thoại giữa lãnh đạo cấp ủy, chính quyền với thanh niên; tham gia góp ý xây dựng Đảng, "
                 "chính quyền",
                 grades="10: tổ chức đối thoại, có báo cáo kết quả giải quyết kiến nghị; 6: tổ chức đối thoại, chưa "
                        "theo dõi kết quả giải quyết; 0: không tổ chức",
                 evidence="Kế hoạch; biên bản đối thoại; báo cáo kết quả giải quyết kiến nghị",
                 proofs=(("activity:party_building", ""),),
                 say="Tổ chức hội nghị đối thoại; {n} kiến nghị đã được giải quyết."),
        ]),
    ]),
    ("VII", "Công tác kiểm tra, giám sát và chế độ thông tin, báo cáo", "inspection", [
        ("1", "Kiểm tra, giám sát", [
            Cond("7.1", 10,
                 "Xây dựng và thực hiện kế hoạch kiểm tra, giám sát năm 2025 của Ban Chấp hành, Ủy ban Kiểm tra",
                 grades="10: có kế hoạch, kiểm tra từ 30% cơ sở trở lên, có thông báo kết luận; 6: có kế hoạch, kiểm "
                        "tra dưới 30% cơ sở; 0: không có kế hoạch",
                 evidence="Kế hoạch kiểm tra, giám sát; thông báo kết luận kiểm tra",
                 mandatory=True,
                 proofs=(("file", "Kế hoạch kiểm tra, giám sát năm 2025"), ("activity:inspection", "")),
                 say="Kiểm tra {n} cơ sở đoàn theo kế hoạch; đã ban hành thông báo kết luận."),
        ]),
        ("2", "Chế độ thông tin, báo cáo và thực hiện chỉ tiêu", [
            Cond("7.2", 8,
                 "Gửi báo cáo định kỳ (quý, 6 tháng, năm) đúng hạn về Tỉnh đoàn",
                 grades="8: tất cả báo cáo gửi đúng hạn; 6: 01 báo cáo gửi trễ hạn; 4: 02 báo cáo gửi trễ hạn; 2: từ "
                        "03 báo cáo gửi trễ hạn; 0: thiếu báo cáo 6 tháng, báo cáo năm hoặc thiếu từ 03 báo cáo",
                 evidence="Số, ngày của từng báo cáo",
                 mandatory=True, source="report_timeliness", thresholds=((100, 8), (75, 6), (50, 4), (25, 2), (0, 0)),
                 proofs=(("report", ""),),
                 say="Các báo cáo quý đã gửi Tỉnh đoàn qua doanvu."),
            Cond("7.3", 12,
                 "Thực hiện các chỉ tiêu Tỉnh đoàn giao năm 2025",
                 grades="12: đạt 100% chỉ tiêu; 9: đạt từ 80% chỉ tiêu; 6: đạt từ 60% chỉ tiêu; 0: đạt dưới 60% chỉ "
                        "tiêu",
                 evidence="Bảng tổng hợp kết quả thực hiện chỉ tiêu",
                 source="target_achievement", thresholds=((100, 12), (80, 9), (60, 6), (0, 0)),
                 proofs=(("note", "Bảng tổng hợp thực hiện chỉ tiêu năm 2025"),),
                 say="Theo bảng chỉ tiêu Tỉnh đoàn giao trên doanvu."),
            Cond("7.4", 10,
                 "Số liệu báo cáo chính xác, thống nhất; minh chứng Bộ tiêu chí đầy đủ, đúng yêu cầu",
                 grades="10: số liệu, minh chứng đầy đủ, chính xác; 6: có sai sót nhỏ; 2: có nhiều sai sót; 0: không "
                        "có minh chứng",
                 evidence="Đối chiếu của đoàn kiểm tra",
                 say="Số liệu thống nhất giữa báo cáo và doanvu."),
            Cond("7.5", 5,
                 "Đơn vị được Ủy ban Kiểm tra Trung ương Đoàn, Tỉnh đoàn khen thưởng về công tác kiểm tra, giám sát",
                 grades="5: có; 0: không có",
                 evidence="Quyết định khen thưởng",
                 bonus=True,
                 proofs=(("file", "Giấy khen công tác kiểm tra, giám sát"),),
                 say="Được Tỉnh đoàn tặng giấy khen về công tác kiểm tra năm 2024."),
        ]),
    ]),
]
# fmt: on


def conditions() -> list[Cond]:
    return [c for _code, _title, _area, contents in CRITERIA for _cc, _ct, conds in contents for c in conds]


def structure() -> list[dict]:
    """The set as nested rows: [{"code", "title", "contents": [{"code", "title", "conditions": [...]}]}]."""
    return [
        {
            "code": code,
            "title": title,
            "contents": [
                {"code": c_code, "title": c_title, "conditions": [c.as_row() for c in conds]}
                for c_code, c_title, conds in contents
            ],
        }
        for code, title, _area, contents in CRITERIA
    ]
