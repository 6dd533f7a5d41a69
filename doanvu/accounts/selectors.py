"""Reads for accounts: the audit log as an officer may see it."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from doanvu.lib import vntext
from doanvu.org.models import OrgUnit

from . import scope
from .models import AuditEntry

# Labels for the actions the services write; an unknown action shows its code.
ACTION_LABELS = {
    "unit.create": _("Thành lập đơn vị"),
    "unit.rename": _("Đổi tên đơn vị"),
    "unit.move": _("Chuyển đơn vị"),
    "unit.merge": _("Sáp nhập đơn vị"),
    "unit.split": _("Chia tách đơn vị"),
    "unit.dissolve": _("Giải thể đơn vị"),
    "member.admit": _("Kết nạp đoàn viên"),
    "member.update": _("Cập nhật đoàn viên"),
    "member.card_renew": _("Cấp mã thẻ đoàn viên mới"),
    "member.import": _("Nhập danh sách đoàn viên"),
    "member.come_of_age": _("Trưởng thành Đoàn"),
    "member.remove": _("Xóa tên đoàn viên"),
    "member.discipline": _("Kỷ luật"),
    "member.position": _("Chức vụ"),
    "member.party": _("Các bước phát triển Đảng"),
    "member.propose": _("Đoàn viên đề nghị sửa thông tin"),
    "member.proposal_withdraw": _("Đoàn viên rút đề nghị sửa thông tin"),
    "member.proposal_approve": _("Duyệt đề nghị sửa thông tin"),
    "member.proposal_refuse": _("Từ chối đề nghị sửa thông tin"),
    "member_account.code": _("In mã kích hoạt tài khoản đoàn viên"),
    "member_account.invite": _("Mời đoàn viên dùng tài khoản qua thư điện tử"),
    "member_account.activate": _("Đoàn viên kích hoạt tài khoản"),
    "member_account.password": _("Đặt lại mật khẩu tài khoản đoàn viên"),
    "member_account.revoke": _("Thu hồi tài khoản đoàn viên"),
    "transfer.request": _("Đề nghị chuyển sinh hoạt"),
    "transfer.accept": _("Tiếp nhận chuyển sinh hoạt"),
    "transfer.reject": _("Từ chối chuyển sinh hoạt"),
    "transfer.cancel": _("Hủy chuyển sinh hoạt"),
    "token.create": _("Tạo mã truy cập API"),
    "token.revoke": _("Thu hồi mã truy cập API"),
    "report.submit": _("Gửi báo cáo"),
    "report.remind": _("Nhắc đơn vị gửi báo cáo"),
    "report.approve": _("Duyệt báo cáo"),
    "report.return": _("Trả lại báo cáo"),
    "report.unlock": _("Mở khóa báo cáo"),
    "quality.explain": _("Giải trình số liệu"),
    "report_form.create": _("Tạo biểu mẫu báo cáo"),
    "report_form.update": _("Sửa biểu mẫu báo cáo"),
    "report.finalise": _("Hoàn thành báo cáo"),
    "report.reopen": _("Mở lại báo cáo"),
    "quality_rule.create": _("Thêm quy tắc kiểm tra số liệu"),
    "quality_rule.update": _("Sửa quy tắc kiểm tra số liệu"),
    "activity.create": _("Ghi hoạt động"),
    "activity.update": _("Sửa hoạt động"),
    "activity.delete": _("Xóa hoạt động"),
    "activity.attach": _("Thêm minh chứng"),
    "activity.detach": _("Gỡ minh chứng"),
    "direct_value.set": _("Nhập số liệu theo kỳ"),
    "direct_value.clear": _("Xóa số liệu theo kỳ"),
    "target.set": _("Giao, sửa chỉ tiêu"),
    "target.remove": _("Bỏ chỉ tiêu"),
    "indicator.create": _("Thêm chỉ số"),
    "indicator.update": _("Sửa chỉ số"),
    "indicator.retire": _("Ngừng dùng hoặc dùng lại chỉ số"),
    "movement.create": _("Thêm phong trào, chiến dịch"),
    "movement.update": _("Sửa phong trào, chiến dịch"),
    "movement.retire": _("Ngừng dùng hoặc dùng lại phong trào, chiến dịch"),
    "meeting.record": _("Ghi buổi sinh hoạt chi đoàn"),
    "meeting.update": _("Sửa buổi sinh hoạt chi đoàn"),
    "meeting.delete": _("Xóa buổi sinh hoạt chi đoàn"),
    "meeting.checkin_open": _("Mở điểm danh bằng mã QR"),
    "meeting.checkin": _("Điểm danh bằng mã QR"),
    "dues.record": _("Thu đoàn phí"),
    "dues.cancel": _("Hủy khoản đoàn phí"),
    "member.party_stage": _("Các bước phát triển Đảng"),
    "position.add": _("Giao chức vụ"),
    "position.end": _("Thôi chức vụ"),
    "report.draft": _("Soạn báo cáo"),
    "report.edit": _("Sửa nội dung báo cáo"),
    "report.template": _("Thay mẫu Word"),
    "demo.seed": _("Nạp dữ liệu mẫu"),
    "evaluation.policy": _("Quy định đánh giá đoàn viên"),
    "evaluation.self": _("Đoàn viên tự đánh giá"),
    "evaluation.propose": _("Chi đoàn đề xuất xếp loại đoàn viên"),
    "evaluation.decide": _("Quyết định xếp loại đoàn viên"),
    "training.register": _("Đăng ký chương trình rèn luyện"),
    "training.import": _("Nhập danh sách đăng ký rèn luyện"),
    "training.evaluate": _("Đánh giá kết quả rèn luyện"),
    "classification.decide": _("Xếp loại đơn vị"),
    "criteria_set.create": _("Tạo bộ tiêu chí"),
    "criteria_set.update": _("Sửa bộ tiêu chí"),
    "criteria_set.copy": _("Sao bộ tiêu chí năm trước"),
    "criteria_set.import": _("Nhập bộ tiêu chí từ tệp"),
    "criteria_set.issue": _("Ban hành bộ tiêu chí"),
    "assessment.score": _("Tự chấm điểm"),
    "assessment.evidence_add": _("Thêm minh chứng tự chấm"),
    "assessment.evidence_remove": _("Gỡ minh chứng tự chấm"),
    "assessment.submit": _("Gửi bản tự chấm"),
    "assessment.reopen": _("Mở lại bản tự chấm"),
    "inspection.plan_create": _("Lập kế hoạch kiểm tra"),
    "inspection.plan_update": _("Sửa kế hoạch kiểm tra"),
    "inspection.score": _("Chấm điểm kiểm tra"),
    "inspection.evidence_accept": _("Chấp nhận minh chứng"),
    "inspection.evidence_reject": _("Không chấp nhận minh chứng"),
    "inspection.visit": _("Ghi kết quả kiểm tra đơn vị"),
    "inspection.publish": _("Công bố xếp hạng"),
    "inspection.conclude": _("Kết luận kiểm tra"),
    "outstanding.list": _("Lập danh sách đoàn viên ưu tú"),
    "outstanding.add": _("Thêm đoàn viên ưu tú"),
    "outstanding.remove": _("Bỏ đoàn viên ưu tú khỏi danh sách"),
    "outstanding.hand_over": _("Bàn giao danh sách đoàn viên ưu tú"),
    "party.course": _("Học lớp cảm tình Đảng"),
    "party.introduce": _("Giới thiệu kết nạp Đảng"),
    "party.admit": _("Kết nạp Đảng (dự bị)"),
    "party.full": _("Chuyển Đảng chính thức"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def audit_entries(
    *,
    user,
    unit: OrgUnit | None = None,
    person: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit entries `user` may see, newest first: those of units in their scope.

    `unit` narrows to that unit's whole sub-tree; `person` matches the actor's username or name, or the
    member's name, ignoring case and diacritics; the dates bound the day the entry was recorded (local time).
    """
    entries = scope.scope_filter(user, AuditEntry.objects.all()).select_related("actor", "unit", "member")
    if unit is not None:
        entries = entries.filter(unit.subtree_q("unit__"))
    person = vntext.clean(person)
    if person:
        folded = vntext.fold(person)
        entries = entries.filter(
            Q(actor__username__icontains=person)
            | Q(actor__first_name__icontains=person)
            | Q(actor__last_name__icontains=person)
            | Q(member__search_text__icontains=folded)
        )
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-id")


def audit_actions(*, user) -> list[tuple[str, str]]:
    """(code, label) of the actions present in the user's scope, for the filter's choices."""
    codes = (
        scope.scope_filter(user, AuditEntry.objects.all())
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    return [(code, action_label(code)) for code in codes]
