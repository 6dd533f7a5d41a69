"""Member evaluation at the year-end review: four levels, three dated steps, rules per year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    """The four levels (guideline of 2023) for members, and the same four for units."""

    OUTSTANDING = "outstanding", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


# Best first; the index is the rank of a level (0 = outstanding).
LEVEL_ORDER = [Level.OUTSTANDING, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED]
LEVEL_SHORT = {
    Level.OUTSTANDING: _("HTXSNV"),
    Level.GOOD: _("HTTNV"),
    Level.COMPLETED: _("HTNV"),
    Level.NOT_COMPLETED: _("KHTNV"),
}


class TrainingResult(models.TextChoices):
    """The yearly result of the member training programme (chương trình rèn luyện đoàn viên)."""

    OUTSTANDING = "outstanding", _("Xuất sắc")
    GOOD = "good", _("Tốt")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")


def year_end(year: int) -> datetime.date:
    """The day an evaluation of `year` stands on in the tree and in the figures."""
    return datetime.date(year, 12, 31)


class EvaluationPolicy(models.Model):
    """The rules of member evaluation for a year, set by a unit for its sub-tree. The nearest policy up the
    tree for the year applies; with none, the defaults of settings.DOANVU_RULES["evaluation"]."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="evaluation_policies", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    outstanding_min_attendance_pct = models.DecimalField(
        _("xuất sắc: tỷ lệ dự sinh hoạt tối thiểu (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(90),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    outstanding_training_result = models.CharField(
        _("xuất sắc: kết quả rèn luyện tối thiểu"),
        max_length=12,
        choices=TrainingResult.choices,
        default=TrainingResult.OUTSTANDING,
    )
    good_min_attendance_pct = models.DecimalField(
        _("tốt: tỷ lệ dự sinh hoạt tối thiểu (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(70),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completed_min_attendance_pct = models.DecimalField(
        _("hoàn thành: tỷ lệ dự sinh hoạt tối thiểu (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(50),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_unpaid_dues_months = models.PositiveSmallIntegerField(
        _("số tháng chưa đóng đoàn phí tối đa (từ mức hoàn thành trở lên)"), default=3
    )
    outstanding_max_share_pct = models.DecimalField(
        _("tỷ lệ xuất sắc tối đa (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Để trống nếu không giới hạn."),
    )
    # A member disciplined in the year can be at most "completed" (expulsion: not completed).
    discipline_caps_level = models.BooleanField(
        _("bị kỷ luật trong năm thì tối đa hoàn thành nhiệm vụ"), default=True
    )
    self_deadline = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    decision_deadline = models.DateField(_("hạn quyết định xếp loại"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("quy định đánh giá đoàn viên")
        verbose_name_plural = _("quy định đánh giá đoàn viên")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="evaluation_policy_one_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class MemberEvaluation(models.Model):
    """A member's evaluation for a year: self-assessment → branch proposal → grassroots decision."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("đoàn viên")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    # The branch the member belonged to when evaluated; figures place it in the tree on `as_of`.
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="member_evaluations", verbose_name=_("chi đoàn")
    )
    as_of = models.DateField(_("ngày tính"), db_index=True, help_text=_("31/12 của năm đánh giá."))

    self_level = models.CharField(_("tự đánh giá"), max_length=16, choices=Level.choices, blank=True)
    self_note = models.TextField(_("tự nhận xét"), blank=True)
    self_on = models.DateField(_("ngày tự đánh giá"), null=True, blank=True)

    proposed_level = models.CharField(_("chi đoàn đề xuất"), max_length=16, choices=Level.choices, blank=True)
    proposed_note = models.TextField(_("nhận xét của chi đoàn"), blank=True)
    proposed_on = models.DateField(_("ngày chi đoàn đề xuất"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Rules the proposal breaks, as the officer read them: [{"code": ..., "message": ...}].
    flags = models.JSONField(_("vi phạm quy định"), default=list, blank=True)
    # The inputs shown when proposing (attendance %, dues, training result, discipline, activities).
    inputs = models.JSONField(default=dict, blank=True)

    decided_level = models.CharField(
        _("đoàn cơ sở quyết định"), max_length=16, choices=Level.choices, blank=True, db_index=True
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị quyết định"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "member__sort_key"]
        verbose_name = _("đánh giá đoàn viên")
        verbose_name_plural = _("đánh giá đoàn viên")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="member_evaluation_one_per_year")
        ]
        indexes = [models.Index(fields=["year", "unit"]), models.Index(fields=["as_of", "decided_level"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"

    @property
    def step(self) -> str:
        if self.decided_level:
            return "decided"
        if self.proposed_level:
            return "proposed"
        if self.self_level:
            return "self"
        return "open"


class TrainingRegistration(models.Model):
    """A member's registration in the training programme for a year, and its evaluation."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="trainings", verbose_name=_("đoàn viên")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="training_registrations",
        verbose_name=_("chi đoàn"),
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    commitments = models.TextField(_("nội dung đăng ký rèn luyện"), blank=True)
    result = models.CharField(
        _("kết quả rèn luyện"), max_length=12, choices=TrainingResult.choices, blank=True
    )
    evaluated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "member__sort_key"]
        verbose_name = _("đăng ký chương trình rèn luyện")
        verbose_name_plural = _("đăng ký chương trình rèn luyện")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="training_one_per_member_year")
        ]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"
