"""The evaluation area's landing page: its parts, in the order of the year-end work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope

# (heading, what it is for, [(url name, link text)])
SECTIONS = [
    (
        _("Đánh giá, xếp loại đoàn viên"),
        _("Đoàn viên tự đánh giá, chi đoàn đề xuất, đoàn cơ sở quyết định; quy định từng năm."),
        [
            ("evaluation:member_sheet", _("Phiếu đánh giá của chi đoàn")),
            ("evaluation:member_decisions", _("Quyết định xếp loại")),
            ("evaluation:member_counts", _("Tổng hợp theo mức")),
            ("evaluation:member_policy", _("Quy định đánh giá")),
        ],
    ),
    (
        _("Chương trình rèn luyện đoàn viên"),
        _("Đăng ký cả chi đoàn hoặc nhập từ tệp; đánh giá kết quả cuối năm."),
        [
            ("evaluation:training_list", _("Đăng ký và kết quả")),
            ("evaluation:training_import", _("Nhập từ tệp")),
        ],
    ),
    (
        _("Bộ tiêu chí và tự chấm"),
        _("Cấp trên ban hành bộ tiêu chí; đơn vị tự chấm điểm và đính kèm minh chứng."),
        [
            ("evaluation:criteria_list", _("Bộ tiêu chí")),
            ("evaluation:assessment_list", _("Tự chấm điểm")),
        ],
    ),
    (
        _("Kiểm tra"),
        _("Kế hoạch kiểm tra, chấm điểm, minh chứng, xếp hạng và thông báo kết luận."),
        [("evaluation:inspection_plan_list", _("Kế hoạch kiểm tra"))],
    ),
    (
        _("Xếp loại đơn vị"),
        _("Cấp trên xếp loại đơn vị trực thuộc, xem điểm tiêu chí và số liệu bên cạnh."),
        [
            ("evaluation:classification_list", _("Xếp loại đơn vị trực thuộc")),
            ("evaluation:classification_summary", _("Tổng hợp theo cấp")),
        ],
    ),
    (
        _("Phát triển Đảng"),
        _("Đoàn viên ưu tú, cảm tình Đảng, giới thiệu, kết nạp, chuyển chính thức."),
        [
            ("evaluation:pipeline_funnel", _("Tổng quan")),
            ("evaluation:pipeline_lists", _("Danh sách đoàn viên ưu tú")),
            ("evaluation:pipeline_due", _("Đến hạn")),
        ],
    ),
]


@login_required
def index(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    return render(request, "evaluation/index.html", {"sections": SECTIONS})
