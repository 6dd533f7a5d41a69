"""Member evaluation at the year-end review: four levels, three dated steps, rules per year."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doanvu.evaluation.levels import Level
from doanvu.evaluation.training.models import TrainingResult


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
