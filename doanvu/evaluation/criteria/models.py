"""Criteria sets (bộ tiêu chí): an upper level issues one a year to the units under it.

criteria (tiêu chí) → contents (nội dung) → scoring conditions (điều kiện chấm điểm), each condition with its
maximum points, graded levels ("8 / 6 / 4 / 2 / 0 điểm khi …"), whether it is a bonus, the evidence it needs,
and optionally the data doanvu holds from which the system proposes its score.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataSource(models.TextChoices):
    """Data a condition may be tied to; the system then proposes its score (see evaluation/proposals.py)."""

    NONE = "", _("Không gắn dữ liệu")
    REPORT_TIMELINESS = "report_timeliness", _("Báo cáo đúng hạn (từ việc gửi báo cáo)")
    MEETING_ATTENDANCE = "meeting_attendance", _("Tỷ lệ đoàn viên dự sinh hoạt")
    TARGET_ACHIEVEMENT = "target_achievement", _("Tỷ lệ chỉ tiêu đạt")
    MEMBERS_EVALUATED = "members_evaluated", _("Tỷ lệ đoàn viên được đánh giá, xếp loại")
    TRAINING_REGISTERED = "training_registered", _("Tỷ lệ đoàn viên đăng ký chương trình rèn luyện")
    DUES_COLLECTED = "dues_collected", _("Tỷ lệ đoàn viên đóng đủ đoàn phí")
    OUTSTANDING_INTRODUCED = "outstanding_introduced", _("Giới thiệu đoàn viên ưu tú so với chỉ tiêu")
    INDICATOR_VALUE = "indicator_value", _("Giá trị một chỉ số (theo ngưỡng)")


class CriteriaSet(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    issuer = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="criteria_sets",
        verbose_name=_("đơn vị ban hành"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    number = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    self_assessment_deadline = models.DateField(_("hạn tự chấm"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.DRAFT)
    # The units that assess themselves against the set (units under the issuer).
    units = models.ManyToManyField(
        "org.OrgUnit", related_name="assigned_criteria_sets", blank=True, verbose_name=_("đơn vị áp dụng")
    )
    # The classification an inspection proposes from the final score, as a share of the base points.
    outstanding_min_pct = models.DecimalField(
        _("xuất sắc: điểm tối thiểu (% điểm chuẩn)"), max_digits=5, decimal_places=1, default=Decimal(90)
    )
    good_min_pct = models.DecimalField(
        _("tốt: điểm tối thiểu (% điểm chuẩn)"), max_digits=5, decimal_places=1, default=Decimal(80)
    )
    completed_min_pct = models.DecimalField(
        _("hoàn thành: điểm tối thiểu (% điểm chuẩn)"), max_digits=5, decimal_places=1, default=Decimal(50)
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sao từ")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "issuer__path", "id"]
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")

    def __str__(self) -> str:
        return self.title

    def conditions(self) -> models.QuerySet[Condition]:
        return Condition.objects.filter(content__criterion__criteria_set=self)

    def points(self) -> tuple[Decimal, Decimal]:
        """(base points, bonus points): the sums of the conditions' maximums."""
        base = bonus = Decimal(0)
        for max_points, is_bonus in self.conditions().values_list("max_points", "is_bonus"):
            if is_bonus:
                bonus += max_points
            else:
                base += max_points
        return base, bonus


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số thứ tự"), max_length=12, help_text=_("Ví dụ: I, II, 1"))
    title = models.CharField(_("tiêu chí"), max_length=500)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Content(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="contents")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số thứ tự"), max_length=12)
    title = models.CharField(_("nội dung"), max_length=500)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Condition(models.Model):
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="conditions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số thứ tự"), max_length=16, help_text=_("Ví dụ: 1.1"))
    text = models.TextField(_("điều kiện chấm điểm"))
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    is_bonus = models.BooleanField(_("điểm thưởng"), default=False)
    # Graded levels, best first: [{"points": "8", "text": "tất cả báo cáo đúng hạn"}, …]. Empty: any points
    # from 0 to max_points.
    grades = models.JSONField(_("các mức điểm"), default=list, blank=True)
    evidence_required = models.TextField(_("minh chứng cần có"), blank=True)
    evidence_mandatory = models.BooleanField(_("bắt buộc có minh chứng"), default=False)
    data_source = models.CharField(
        _("gắn với dữ liệu"), max_length=24, choices=DataSource.choices, blank=True, default=""
    )
    # Parameters of the data source, e.g. {"indicator": "blood_units", "thresholds": [[100, 10], [50, 5]]}.
    data_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("điều kiện chấm điểm")
        verbose_name_plural = _("điều kiện chấm điểm")

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"

    def grade_points(self) -> list[Decimal]:
        return [Decimal(str(g["points"])) for g in self.grades]
