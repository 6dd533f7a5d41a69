"""What people write in the demo's evaluation records: members' self-assessments, branches' comments, the
inspection team's findings (the usual ones: "minh chứng còn sai sót", "số liệu chưa chính xác", the member
software "chưa đúng, đầy đủ và thường xuyên"), the training programme's commitments."""

from __future__ import annotations

SELF_NOTES = {
    "outstanding": [
        "Tham gia đầy đủ sinh hoạt chi đoàn, hoàn thành xuất sắc Chương trình rèn luyện đoàn viên; tích cực "
        "trong các hoạt động tình nguyện.",
        "Gương mẫu trong học tập và công tác; tham gia hiến máu tình nguyện và Chiến dịch Thanh niên tình "
        "nguyện hè.",
        "Hoàn thành tốt nhiệm vụ chuyên môn, có sáng kiến được công nhận; tham gia đầy đủ các hoạt động của "
        "chi đoàn.",
    ],
    "good": [
        "Tham gia sinh hoạt chi đoàn đều đặn, đóng đoàn phí đầy đủ; hoàn thành các nội dung đã đăng ký rèn "
        "luyện.",
        "Chấp hành tốt chủ trương của Đảng, pháp luật của Nhà nước; tham gia các phong trào do chi đoàn phát "
        "động.",
        "Hoàn thành tốt nhiệm vụ được giao; cần tích cực hơn trong các hoạt động tình nguyện.",
    ],
    "completed": [
        "Có lúc vắng sinh hoạt do đi làm xa; hoàn thành các nhiệm vụ cơ bản của người đoàn viên.",
        "Tham gia hoạt động chưa đều; năm tới sẽ cố gắng tham gia sinh hoạt đầy đủ hơn.",
    ],
    "not_completed": [
        "Vắng sinh hoạt nhiều buổi, chưa hoàn thành Chương trình rèn luyện đoàn viên.",
    ],
}
BRANCH_NOTES = {
    "outstanding": [
        "Tiêu biểu trong phong trào của chi đoàn; đủ điều kiện hoàn thành xuất sắc nhiệm vụ.",
        "Tích cực, gương mẫu; chi đoàn thống nhất đề nghị hoàn thành xuất sắc nhiệm vụ.",
    ],
    "good": [
        "Chấp hành tốt Điều lệ Đoàn, tham gia đầy đủ các hoạt động.",
        "Hoàn thành tốt nhiệm vụ; chi đoàn thống nhất đề xuất.",
        "",
    ],
    "completed": [
        "Tham gia sinh hoạt chưa đều, cần cố gắng hơn.",
        "Còn nợ đoàn phí một số tháng; đã nhắc nhở.",
    ],
    "not_completed": [
        "Vắng sinh hoạt nhiều buổi không có lý do; chưa hoàn thành Chương trình rèn luyện đoàn viên.",
    ],
}
COMMITMENTS = [
    "Tham gia đầy đủ sinh hoạt chi đoàn; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; tham "
    "gia ít nhất 02 hoạt động tình nguyện.",
    "Hoàn thành tốt nhiệm vụ học tập, công tác; tham gia hiến máu tình nguyện; tập hợp ít nhất 01 thanh niên "
    "vào tổ chức Đoàn, Hội.",
    "Rèn luyện kỹ năng số, tham gia “Bình dân học vụ số”; tham gia đầy đủ các buổi sinh hoạt chủ điểm.",
    "Tham gia Chiến dịch Thanh niên tình nguyện hè; giữ gìn an ninh trật tự ở khu dân cư; đóng đoàn phí đầy đủ.",
]
DISCIPLINES = [
    (
        "reprimand",
        "Vi phạm Luật Giao thông đường bộ (điều khiển xe mô tô không đội mũ bảo hiểm), bị xử phạt hành "
        "chính; chưa báo cáo với chi đoàn.",
    ),
    ("reprimand", "Vắng sinh hoạt chi đoàn 03 tháng liên tiếp không có lý do."),
    ("warning", "Tham gia đánh bạc dưới hình thức đá gà, bị công an xã xử phạt hành chính."),
]

STRENGTHS = [
    "Ban Thường vụ {unit} quan tâm chỉ đạo, triển khai kịp thời các chủ trương của Tỉnh đoàn; các phong trào, "
    "hoạt động được tổ chức đa dạng, thiết thực.",
    "Công tác tuyên truyền trên không gian mạng được duy trì thường xuyên; cuộc vận động “Mỗi ngày một tin tốt, "
    "mỗi tuần một câu chuyện đẹp” được triển khai rộng khắp.",
    "Chiến dịch Thanh niên tình nguyện hè đạt và vượt các chỉ tiêu; nhiều công trình, phần việc thanh niên gắn "
    "với xây dựng nông thôn mới.",
    "Công tác chăm lo cho thiếu nhi được quan tâm; các công trình “Vì đàn em thân yêu” được thực hiện ở hầu hết "
    "cơ sở.",
    "Sinh hoạt chi đoàn được duy trì đều đặn, tỷ lệ đoàn viên dự sinh hoạt cao; công tác giới thiệu đoàn viên "
    "ưu tú cho Đảng đạt chỉ tiêu.",
    "Hồ sơ minh chứng Bộ tiêu chí được chuẩn bị đầy đủ, sắp xếp khoa học, dễ đối chiếu.",
]
SHORTCOMINGS = [
    "Một số minh chứng Bộ tiêu chí còn sai sót: kế hoạch, báo cáo chưa ghi số, ngày ban hành.",
    "Số liệu ở một số nội dung chưa chính xác, chưa thống nhất giữa báo cáo năm và minh chứng.",
    "Việc triển khai các nghiệp vụ trên phần mềm Quản lý đoàn viên của Trung ương Đoàn ở một số cơ sở chưa "
    "đúng, đầy đủ và thường xuyên.",
    "Một số phong trào, hoạt động chưa đảm bảo tiến độ, quy mô; chất lượng bài viết trên trang thông tin còn "
    "chưa cao.",
    "Công tác kiểm tra, giám sát ở một số cơ sở chưa thực sự hiệu quả; chưa ban hành thông báo kết luận sau "
    "kiểm tra.",
    "Tỷ lệ đoàn viên tham gia sinh hoạt ở một số chi đoàn ấp còn thấp, nhất là đoàn viên đi làm ăn xa.",
]
RECOMMENDATIONS = [
    "Rà soát, bổ sung các minh chứng còn thiếu, còn sai sót; thực hiện đúng, đầy đủ yêu cầu minh chứng của Bộ "
    "tiêu chí.",
    "Chỉ đạo các cơ sở cập nhật đầy đủ, thường xuyên các nghiệp vụ trên phần mềm Quản lý đoàn viên.",
    "Nâng cao chất lượng sinh hoạt chi đoàn; có giải pháp tập hợp đoàn viên đi làm ăn xa.",
    "Tăng cường công tác kiểm tra, giám sát đối với cơ sở; ban hành thông báo kết luận sau mỗi cuộc kiểm tra.",
    "Quan tâm phát hiện, bồi dưỡng đoàn viên ưu tú, tạo nguồn giới thiệu cho Đảng xem xét kết nạp.",
    "Thực hiện tốt chế độ thông tin, báo cáo; bảo đảm số liệu chính xác, thống nhất.",
]
# The inspector's comment when lowering (or raising) a condition's points.
LOWER = [
    "Minh chứng chưa đầy đủ: thiếu báo cáo kết quả của một số cơ sở.",
    "Số liệu chưa chính xác: chưa khớp với báo cáo năm của đơn vị.",
    "Chỉ một số cơ sở tổ chức thực hiện; chưa đạt mức tự chấm.",
    "Kết quả thực hiện chưa đạt mức tự chấm theo hướng dẫn chấm điểm của Bộ tiêu chí.",
]
RAISE = [
    "Đơn vị tự chấm thấp hơn kết quả thực hiện; đoàn kiểm tra đối chiếu minh chứng và chấm lại.",
]
# Why the team rejects a piece of evidence, by its kind ("png" for the photos).
REJECT = {
    "file": [
        "Minh chứng có sai sót: văn bản không ghi số, ngày ban hành, không có chữ ký và đóng dấu.",
        "Minh chứng có sai sót: văn bản ban hành năm 2024, không thuộc năm đánh giá.",
    ],
    "png": ["Hình ảnh không thể hiện thời gian, địa điểm tổ chức; không chứng minh được nội dung điều kiện."],
    "note": [
        "Số liệu chưa chính xác: số liệu tổng hợp không khớp với báo cáo năm gửi Tỉnh đoàn.",
        "Chỉ có ghi chú, chưa kèm văn bản, danh sách chứng minh.",
    ],
    "link": ["Đường dẫn không truy cập được; bài viết đã bị gỡ hoặc để chế độ riêng tư."],
}
